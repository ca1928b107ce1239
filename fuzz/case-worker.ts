// One fuzz worker: runs cases one after another (the runner replaces it after a hang, an
// out-of-memory exit or an uncaught exception) and reports each case's steps and peak memory.
import { parentPort } from 'node:worker_threads';
import { exercise, type ExerciseReport } from './exercise';

export interface CaseRequest {
  type: 'case';
  id: number;
  path: string;
  tempDir: string;
  seed: number;
  logWorkers: boolean;
  search: boolean;
}

export type CaseReply =
  | { type: 'ready' }
  | { type: 'step'; id: number; step: string }
  | { type: 'done'; id: number; report: ExerciseReport; startHeap: number; peakHeap: number; peakRss: number; ms: number };

const port = parentPort;
if (!port) throw new Error('case-worker must run as a worker thread');

port.on('message', (request: CaseRequest) => {
  void run(request);
});
port.postMessage({ type: 'ready' } satisfies CaseReply);

async function run(request: CaseRequest): Promise<void> {
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed + usage.external + usage.arrayBuffers);
    peakRss = Math.max(peakRss, usage.rss);
  };
  sample();
  const startHeap = peakHeap;
  const timer = setInterval(sample, 5);
  const started = performance.now();
  try {
    const report = await exercise(request.path, {
      seed: request.seed,
      tempDir: request.tempDir,
      logWorkers: request.logWorkers,
      search: request.search,
      onStep: (step) => {
        sample();
        port!.postMessage({ type: 'step', id: request.id, step } satisfies CaseReply);
      },
    });
    sample();
    port!.postMessage({ type: 'done', id: request.id, report, startHeap, peakHeap, peakRss, ms: performance.now() - started } satisfies CaseReply);
  } finally {
    clearInterval(timer);
  }
}
