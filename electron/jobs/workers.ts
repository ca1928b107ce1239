import { Worker, type WorkerOptions } from 'node:worker_threads';

declare const __BUNDLED__: boolean | undefined;

/** Where each worker's source lives, relative to this folder. Built bundles sit beside main.mjs as
 *  `<name>.worker.mjs` (scripts/build.mjs builds every `*.worker.ts`). */
const WORKER_SOURCES = {
  hash: './hash.worker.ts',
  search: '../memory/search.worker.ts',
  logindex: '../logs/logindex.worker.ts',
} as const;

export type WorkerName = keyof typeof WORKER_SOURCES;

/** Starts a worker thread from the bundle when built, or from TypeScript source (via tsx) in tests. */
export function startWorker(name: WorkerName, options: WorkerOptions = {}): Worker {
  if (typeof __BUNDLED__ !== 'undefined' && __BUNDLED__) {
    return new Worker(new URL(`./${name}.worker.mjs`, import.meta.url), options);
  }
  return new Worker(new URL(WORKER_SOURCES[name], import.meta.url), {
    ...options,
    execArgv: [...(options.execArgv ?? []), '--import', 'tsx'],
  });
}
