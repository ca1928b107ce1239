// Builds everything with esbuild: the main-process bundles (main, preload, CLI, workers) into
// dist/node/ and the renderer into dist/renderer/. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { chmod, copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist');

async function findWorkers(dir) {
  const found = [];
  for (const item of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) found.push(...(await findWorkers(path)));
    else if (item.name.endsWith('.worker.ts')) found.push(path);
  }
  return found;
}

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  external: ['electron'],
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __BUNDLED__: 'true' },
};

await rm(out, { recursive: true, force: true });
const workers = await findWorkers(join(root, 'electron'));
await Promise.all([
  build({
    ...node,
    format: 'esm',
    entryPoints: { main: 'electron/main.ts', cli: 'electron/cli.ts' },
    outdir: join(out, 'node'),
    outExtension: { '.js': '.mjs' },
    banner: { js: '#!/usr/bin/env node' },
  }),
  // Workers are bundled self-contained (npm packages inlined): a packaged app runs them from
  // app.asar.unpacked, where node_modules (inside the asar) cannot be resolved.
  build({
    ...node,
    packages: undefined,
    format: 'esm',
    entryPoints: Object.fromEntries(workers.map((w) => [relative(root, w).split('/').pop().replace(/\.ts$/, ''), w])),
    outdir: join(out, 'node'),
    outExtension: { '.js': '.mjs' },
  }),
  // A sandboxed preload must be CommonJS.
  build({ ...node, format: 'cjs', entryPoints: { preload: 'electron/preload.ts' }, outdir: join(out, 'node'), outExtension: { '.js': '.cjs' } }),
  build({
    bundle: true,
    platform: 'browser',
    target: 'chrome130',
    format: 'esm',
    entryPoints: { app: 'renderer/main.tsx' },
    outdir: join(out, 'renderer'),
    sourcemap: 'linked',
    minify: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff2': 'file', '.png': 'file', '.svg': 'file' },
  }),
]);
await mkdir(join(out, 'renderer'), { recursive: true });
await copyFile(join(root, 'renderer/index.html'), join(out, 'renderer/index.html'));
await chmod(join(out, 'node/cli.mjs'), 0o755);
console.log(`built dist/node (main, preload, cli, ${workers.length} workers) and dist/renderer`);
