// npm start [-- ARCHIVE]: builds the app, makes sure the Electron binary is present, and launches it.
// package.json's allowScripts keeps Electron's binary download out of `npm ci` (so CI and offline
// machines install cleanly); on a machine that can reach the download, the first start fetches it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, [join(root, 'scripts/build.mjs')]);
if (!existsSync(join(electronDir, 'path.txt'))) {
  console.log('Electron binary not installed yet: downloading it once (node node_modules/electron/install.js)');
  run(process.execPath, [join(electronDir, 'install.js')]);
}
const electron = require('electron');
const child = spawn(electron, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
