import { fileURLToPath } from 'node:url';
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

/** Starts a worker thread from the bundle when built, or from TypeScript source in tests. */
export function startWorker(name: WorkerName, options: WorkerOptions = {}): Worker {
  if (typeof __BUNDLED__ !== 'undefined' && __BUNDLED__) {
    // In a packaged app the worker bundles are unpacked beside app.asar (build/ asarUnpack).
    const file = fileURLToPath(new URL(`./${name}.worker.mjs`, import.meta.url)).replace(/\.asar([\\/])/, '.asar.unpacked$1');
    return new Worker(file, options);
  }
  return startSourceWorker(new URL(WORKER_SOURCES[name], import.meta.url), options);
}

/** Starts a TypeScript module as a worker thread (tests and tools only: needs tsx). Node 20 ignores
 *  `--import tsx` in a worker's execArgv, so a one-line bootstrap registers tsx and imports it. */
export function startSourceWorker(moduleUrl: URL, options: WorkerOptions = {}): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
