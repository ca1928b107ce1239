// Helpers of the regression tests: build a small hostile input from a recipe, open it, and run it
// with a wall-clock bound (a hang becomes a failed assertion, not a stuck suite).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSourceWorker } from '../../electron/jobs/workers';

export async function withInput<T>(bytes: Buffer, run: (path: string, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ci-regression-'));
  const path = join(dir, 'input');
  writeFileSync(path, bytes, { mode: 0o444 });
  try {
    return await run(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Resolves with the work's value, or rejects when it takes longer than `ms`. */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, bound]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a TypeScript module in a worker thread with a heap limit and a wall-clock bound; resolves
 *  with the first message it posts. Out of memory or time is a rejection that says which. */
export function runIsolated<T>(moduleUrl: URL, options: { heapMb: number; timeoutMs: number; workerData?: unknown }): Promise<T> {
  const worker = startSourceWorker(moduleUrl, {
    workerData: options.workerData,
    resourceLimits: { maxOldGenerationSizeMb: options.heapMb },
  });
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    worker.once('message', (message: T) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(message);
    });
    worker.once('error', (error: Error & { code?: string }) => {
      clearTimeout(timer);
      reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error(`ran out of its ${options.heapMb} MiB heap`) : error);
    });
  });
}
