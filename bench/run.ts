// npm run bench: runs every bench/*.bench.ts in its own process (so peak RSS is per benchmark),
// prints each one's table, then a summary of the figures they report on their BENCH_JSON line.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

function run(file: string): Promise<{ file: string; code: number; figures: Record<string, unknown> | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', `${dir}${file}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let figures: Record<string, unknown> | null = null;
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith('BENCH_JSON ')) figures = JSON.parse(line.slice('BENCH_JSON '.length));
        else process.stdout.write(`${line}\n`);
      }
    });
    child.on('close', (code) => resolve({ file, code: code ?? 1, figures }));
  });
}

const results = [];
for (const file of benches) {
  console.log(`\n=== ${file}`);
  results.push(await run(file));
}
console.log('\n=== summary');
for (const r of results) console.log(`${r.file}: ${r.code === 0 ? 'ok' : `FAILED (exit ${r.code})`} ${JSON.stringify(r.figures)}`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
