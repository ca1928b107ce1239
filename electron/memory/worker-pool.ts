// Runs chunk tasks on a small pool of search workers and hands the results back in task order.
// Cancel or stop terminates the workers at once (a runaway regex cannot hold the job).

import type { Worker } from 'node:worker_threads';
import { CancelledError, InspectorError } from '../errors';
import { startWorker } from '../jobs/workers';

import type { ChunkTask, FromWorker, ScanSpec } from './worker-protocol';

/** Two workers: the machines this runs on have two cores, and the main thread never scans. */
export const POOL_SIZE = 2;
/** Tasks queued per worker, so a worker never waits for the main thread between chunks. */
const IN_FLIGHT_PER_WORKER = 2;

export type TaskResult = Exclude<FromWorker, { type: 'error' }>;

export interface PoolRun<M> {
  spec: ScanSpec;
  /** Tasks in output order, with what the caller needs to turn their result into items. */
  tasks: Iterator<{ task: Omit<ChunkTask, 'seq'>; meta: M }>;
  signal: AbortSignal;
  /** Called in task order; return false to stop the whole run. */
  onResult(result: TaskResult, meta: M): boolean;
  size?: number;
}

export function runPool<M>(run: PoolRun<M>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    const inFlight = new Map<Worker, number>();
    const metas = new Map<number, M>();
    const pending = new Map<number, TaskResult>();
    let nextSeq = 0;
    let nextDeliver = 0;
    let exhausted = false;
    let settled = false;
    /** Stopped early (hit limit): results are ignored while the tasks still queued finish. */
    let draining = false;

    const idleNow = () => workers.every((w) => inFlight.get(w) === 0);
    const terminateAll = (error?: unknown) =>
      // Wait until the threads are gone: the caller closes the descriptors they read from.
      void Promise.allSettled(workers.map((w) => w.terminate())).then(() => (error ? reject(error) : resolve()));
    const releaseAll = () => {
      for (const worker of workers) release(worker);
      resolve();
    };
    /** Cancel and failures end the workers at once; a normal end or an early stop keeps them. */
    const finish = (error?: unknown, stop = false) => {
      if (settled) return;
      settled = true;
      run.signal.removeEventListener('abort', onAbort);
      if (!error && idleNow()) return releaseAll();
      if (!error && stop) {
        draining = true;
        return;
      }
      terminateAll(error);
    };
    const onAbort = () => {
      if (!settled) finish(new CancelledError());
      else if (draining) {
        draining = false;
        terminateAll();
      }
    };
    if (run.signal.aborted) return finish(new CancelledError());
    run.signal.addEventListener('abort', onAbort);

    const feed = (worker: Worker) => {
      while (!settled && !exhausted && (inFlight.get(worker) ?? 0) < IN_FLIGHT_PER_WORKER) {
        let next: IteratorResult<{ task: Omit<ChunkTask, 'seq'>; meta: M }>;
        try {
          next = run.tasks.next();
        } catch (error) {
          return finish(error);
        }
        if (next.done) {
          exhausted = true;
          break;
        }
        const seq = nextSeq++;
        metas.set(seq, next.value.meta);
        inFlight.set(worker, (inFlight.get(worker) ?? 0) + 1);
        worker.postMessage({ type: 'task', task: { ...next.value.task, seq } });
      }
      if (exhausted && nextDeliver === nextSeq) finish();
    };

    const deliver = () => {
      while (!settled && pending.has(nextDeliver)) {
        const result = pending.get(nextDeliver)!;
        const meta = metas.get(nextDeliver)!;
        pending.delete(nextDeliver);
        metas.delete(nextDeliver);
        nextDeliver++;
        let keepGoing: boolean;
        try {
          keepGoing = run.onResult(result, meta);
        } catch (error) {
          return finish(error);
        }
        if (!keepGoing) return finish(undefined, true);
      }
      if (exhausted && nextDeliver === nextSeq) finish();
    };

    const size = Math.max(1, run.size ?? POOL_SIZE);
    for (let i = 0; i < size; i++) {
      let worker: Worker;
      try {
        worker = acquire();
      } catch (error) {
        return finish(error);
      }
      workers.push(worker);
      inFlight.set(worker, 0);
      worker.on('message', (message: FromWorker) => {
        if (draining) {
          inFlight.set(worker, (inFlight.get(worker) ?? 1) - 1);
          if (idleNow()) {
            draining = false;
            releaseAll();
          }
          return;
        }
        if (settled) return;
        if (message.type === 'error') {
          const { message: text, file, offset } = message.error;
          return finish(new InspectorError(text, { file, offset }));
        }
        inFlight.set(worker, (inFlight.get(worker) ?? 1) - 1);
        pending.set(message.seq, message);
        deliver();
        feed(worker);
      });
      const failed = (error: InspectorError) => {
        if (draining) {
          draining = false;
          terminateAll();
        } else finish(error);
      };
      worker.on('error', (error) => failed(new InspectorError(`search worker failed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!settled || draining) failed(new InspectorError(`search worker stopped unexpectedly (exit code ${code})`));
      });
      worker.postMessage({ type: 'spec', spec: run.spec });
    }
    for (const worker of workers) feed(worker);
  });
}

/** Workers kept between jobs, so a search after the first starts at once. Unreferenced, so they
 *  never keep the process alive, and ended after a while without work. */
const idle: Worker[] = [];
const IDLE_MS = 30_000;
let idleTimer: NodeJS.Timeout | undefined;

function acquire(): Worker {
  const worker = idle.pop() ?? startSearchWorker();
  worker.removeAllListeners();
  worker.ref();
  return worker;
}

function release(worker: Worker): void {
  worker.removeAllListeners();
  if (idle.length >= POOL_SIZE) {
    void worker.terminate();
    return;
  }
  worker.unref();
  const drop = () => {
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
  };
  worker.on('error', drop);
  worker.on('exit', drop);
  idle.push(worker);
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    for (const w of idle.splice(0)) void w.terminate();
  }, IDLE_MS);
  idleTimer.unref();
}

export function startSearchWorker(): Worker {
  return startWorker('search');
}
