export {};
// npm run fuzz -- [--seed N] [--cases M] [--case I] [--concurrency C] [--timeout MS] [--keep DIR]
// Prints the seed first, then a summary; exits 1 when a case crashed, hung, ran out of memory,
// changed the evidence or leaked. `--case I` replays case I of the run with that seed alone.
import { knownIssueOf } from './known-issues';
import { formatSummary, runFuzz } from './runner';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seed = Number(arg('seed') ?? Math.floor(Math.random() * 2 ** 31));
const single = arg('case');
const cases = single !== undefined ? 1 : Number(arg('cases') ?? 50_000);
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(cases) || cases < 1) {
  console.error('usage: npm run fuzz -- [--seed N] [--cases M] [--case I] [--concurrency C] [--timeout MS] [--keep DIR]');
  process.exit(2);
}
console.log(`fuzz: seed ${seed}, ${cases} case(s)${single !== undefined ? ` from case ${single}` : ''}`);
let lastReport = 0;
const summary = await runFuzz({
  seed,
  cases,
  first: single !== undefined ? Number(single) : 0,
  concurrency: Number(arg('concurrency') ?? 2),
  timeoutMs: Number(arg('timeout') ?? 60_000),
  keepFailures: arg('keep'),
  confirmHangs: true,
  isKnown: (f) => knownIssueOf(f) !== undefined,
  onProgress: (done, total) => {
    const now = Date.now();
    if (now - lastReport < 10_000 && done !== total) return;
    lastReport = now;
    console.log(`  ${done}/${total} cases`);
  },
});
console.log(formatSummary(summary));
const known = summary.findings.filter((f) => knownIssueOf(f));
if (known.length > 0) {
  console.log(`\n${known.length} finding(s) match known issues (fuzz/known-issues.ts):`);
  for (const f of known) console.log(`  case ${f.index}: ${knownIssueOf(f)!.id} (${knownIssueOf(f)!.owner})`);
}
process.exit(summary.findings.length > known.length ? 1 : 0);
