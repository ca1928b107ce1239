// Worker body of zstd-window.test.ts: opens the 949-byte garbage zstd frame and reports the
// outcome and the memory this thread holds afterwards.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { openArchive } from '../../electron/archive';

let peak = 0;
const sample = () => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.heapUsed + m.external + m.arrayBuffers);
};
const timer = setInterval(sample, 1);
let outcome: string;
try {
  const archive = await openArchive(workerData as string, { tempDir: mkdtempSync(join(tmpdir(), 'ci-zstd-')) });
  outcome = `opened with ${archive.entries.length} entries`;
  await archive.close();
} catch (error) {
  outcome = `${(error as Error).name}: ${(error as Error).message}`;
}
clearInterval(timer);
sample();
const after = process.memoryUsage();
parentPort!.postMessage({ outcome, peakMb: peak / 1048576, heldMb: (after.external + after.arrayBuffers) / 1048576 });
