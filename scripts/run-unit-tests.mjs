// Runs every *.test.ts under electron/, shared/, renderer/ (pure helpers), build/, bench/, fuzz/ and scripts/ with Node's
// test runner (TypeScript through tsx). Arguments narrow the set: `npm run test:unit -- archive`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['electron', 'shared', 'renderer', 'build', 'bench', 'fuzz', 'scripts'];
const filters = process.argv.slice(2);

function find(dir) {
  let found = [];
  let items = [];
  try {
    items = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const item of items) {
    const path = join(dir, item.name);
    if (item.isDirectory()) found = found.concat(find(path));
    else if (item.name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const files = roots.flatMap(find).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
