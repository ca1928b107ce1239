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

/** Starts a worker thread from the bundle when built, or from TypeScript source in tests. Node 20
 *  does not apply `--import tsx` from a worker's execArgv, so the source worker is started by a
 *  one-line bootstrap that registers tsx and then imports it. */
export function startWorker(name: WorkerName, options: WorkerOptions = {}): Worker {
  if (typeof __BUNDLED__ !== 'undefined' && __BUNDLED__) {
    // In a packaged app the worker bundles are unpacked beside app.asar (build/ asarUnpack).
    const file = fileURLToPath(new URL(`./${name}.worker.mjs`, import.meta.url)).replace(/\.asar([\\/])/, '.asar.unpacked$1');
    return new Worker(file, options);
  }
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = new URL(WORKER_SOURCES[name], import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
