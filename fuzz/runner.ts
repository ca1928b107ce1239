// Runs fuzz cases on a small pool of worker threads with resource limits and a wall-clock bound.
// Cases are made in this thread from a seeded PRNG and written to a private temp folder; after each
// one the input's SHA-256 and mtime are compared and its folder listed (nothing may appear beside it).
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startSourceWorker } from '../electron/jobs/workers';
import type { CaseReply, CaseRequest } from './case-worker';
import type { ExerciseReport } from './exercise';
import { makeCase, type FuzzInput, type Mutated, type Seed } from './mutate';
import { caseSeed, Prng } from './prng';
import { heavyInputs, loadSeeds } from './seeds';

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** Makes case `index` instead of the random mutator (systematic sweeps). */
  makeInput?: (index: number) => Mutated;
  /** First case index (to replay one case: first = I, cases = 1). */
  first?: number;
  concurrency?: number;
  timeoutMs?: number;
  maxOldGenerationSizeMb?: number;
  /** Every Nth case also runs the logs through their indexing worker (0: never). */
  logWorkerEvery?: number;
  /** Every Nth case runs a short search (0: never). */
  searchEvery?: number;
  /** Replay each hang that `isKnown` does not claim alone with four times the bound (CI machines are
   *  shared): one that then finishes is reported as slow, not as a hang. */
  confirmHangs?: boolean;
  isKnown?: (finding: Finding) => boolean;
  /** Keep the input of every failing case in this folder. */
  keepFailures?: string;
  onProgress?: (done: number, total: number) => void;
}

export type FindingKind = 'crash' | 'uncaught' | 'out-of-memory' | 'memory' | 'hang' | 'integrity' | 'leak';

/** Heap and buffers one case may add in its worker before it counts as unbounded memory. */
const MAX_CASE_GROWTH = 1024 * 1024 * 1024;

export interface Finding {
  kind: FindingKind;
  index: number;
  recipe: string[];
  /** The step that was running, for hangs and exits. */
  step?: string;
  detail: string;
}

export interface CaseStat {
  index: number;
  ms: number;
  peakHeap: number;
  peakRss: number;
  /** open failed with an InspectorError (a clear refusal) rather than giving a model. */
  refused: boolean;
  recipe: string[];
  /** The slowest step and its time. */
  slowest: string;
}

export interface FuzzSummary {
  seed: number;
  cases: number;
  stats: CaseStat[];
  findings: Finding[];
  elapsedMs: number;
  /** Step outcomes over all cases: step -> { ok, error, crash }. */
  steps: Record<string, { ok: number; error: number; crash: number; ms: number }>;
  /** Cases over their bound in the run that finished when replayed alone. */
  slow: Array<{ index: number; recipe: string[]; firstMs: number; replayMs: number }>;
  /** Time this thread spent making, writing and fingerprinting inputs, and starting workers. */
  overheadMs: { inputs: number; workerStarts: number; starts: number };
  /** Clear errors by step and message (numbers folded), with counts: what users would read. */
  errors: Record<string, number>;
}

interface CaseWorker {
  worker: Worker;
  ready: Promise<void>;
  /** What the worker wrote to stderr during the current case (Node's warnings land there). */
  stderr: string[];
}

interface Slot {
  current?: CaseWorker;
  lastStep?: string;
}

const WORKER_SOURCE = new URL('./case-worker.ts', import.meta.url);

function startCaseWorker(maxOldGenerationSizeMb: number): CaseWorker {
  const worker = startSourceWorker(WORKER_SOURCE, {
    stderr: true,
    stdout: true,
    resourceLimits: { maxOldGenerationSizeMb, maxYoungGenerationSizeMb: 64 },
  });
  const stderr: string[] = [];
  worker.stderr.setEncoding('utf8');
  worker.stderr.on('data', (text: string) => stderr.push(text));
  worker.stdout.resume();
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (m: CaseReply) => {
      if (m.type !== 'ready') return;
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`case worker exited with ${code} before it was ready`)));
  });
  ready.catch(() => undefined);
  return { worker, ready, stderr };
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Fingerprint of the evidence: every file's hash, size, mode, mtime; and the names beside it. */
function fingerprint(root: string): string {
  const lines: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = lstatSync(path);
      const id = `${rel}${name} ${st.mode.toString(8)} ${st.size} ${st.mtimeMs}`;
      if (st.isDirectory()) {
        lines.push(`${id}/`);
        walk(path, `${rel}${name}/`);
      } else lines.push(st.isFile() ? `${id} ${sha256(path)}` : `${id} link`);
    }
  };
  walk(root, '');
  return lines.join('\n');
}

function writeInput(dir: string, input: FuzzInput): string {
  if (input.kind === 'file') {
    const path = join(dir, 'input');
    writeFileSync(path, input.bytes, { mode: 0o444 });
    return path;
  }
  const path = join(dir, 'input');
  mkdirSync(path);
  for (const f of input.files) {
    const target = join(path, f.name);
    if (f.symlink !== undefined) symlinkSync(f.symlink, target);
    else writeFileSync(target, f.bytes ?? Buffer.alloc(0), { mode: 0o444 });
  }
  return path;
}

function tempListing(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const started = performance.now();
  const concurrency = options.concurrency ?? 2;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const heapMb = options.maxOldGenerationSizeMb ?? 512;
  const logWorkerEvery = options.logWorkerEvery ?? 40;
  const searchEvery = options.searchEvery ?? 1;
  const first = options.first ?? 0;
  const seeds: Seed[] = loadSeeds();
  const heavy = heavyInputs();
  const root = mkdtempSync(join(tmpdir(), 'ci-fuzz-'));
  const summary: FuzzSummary = { seed: options.seed, cases: 0, stats: [], findings: [], elapsedMs: 0, steps: {}, errors: {}, slow: [], overheadMs: { inputs: 0, workerStarts: 0, starts: 0 } };
  const slots: Slot[] = Array.from({ length: concurrency }, () => ({}));
  // After the first worker had to be killed, one more is kept loading so that the next kill does not
  // stall a lane for the seconds a worker takes to start.
  let spare: CaseWorker | undefined;
  let next = first;
  const end = first + options.cases;

  /** Runs case `index`, recording into `into`; `factor` stretches its time bound (replays). */
  const runOne = async (slot: Slot, index: number, into: FuzzSummary = summary, factor = 1): Promise<void> => {
    const finding = (f: Finding, input?: FuzzInput) => {
      into.findings.push(f);
      if (into === summary && options.keepFailures && input) {
        mkdirSync(options.keepFailures, { recursive: true });
        writeInput(mkdtempSync(join(options.keepFailures, `case-${f.index}-`)), input);
      }
    };
    const prepStarted = performance.now();
    const rng = new Prng(caseSeed(options.seed, index));
    const { input, recipe } = options.makeInput ? options.makeInput(index) : makeCase(seeds, heavy, rng);
    const dir = join(root, `case-${index}`);
    const evidenceDir = join(dir, 'evidence');
    const scratch = join(dir, 'scratch');
    mkdirSync(evidenceDir, { recursive: true });
    mkdirSync(scratch);
    const path = writeInput(evidenceDir, input);
    const before = fingerprint(evidenceDir);
    const evidenceStat = statSync(path);
    into.overheadMs.inputs += performance.now() - prepStarted;
    const startStarted = performance.now();
    if (!slot.current) {
      slot.current = spare ?? startCaseWorker(heapMb);
      spare = undefined;
      into.overheadMs.starts++;
    }
    const current = slot.current;
    try {
      await current.ready;
      into.overheadMs.workerStarts += performance.now() - startStarted;
    } catch (error) {
      slot.current = undefined;
      throw error;
    }
    const { worker } = current;
    slot.lastStep = undefined;
    current.stderr.length = 0;
    const request: CaseRequest = {
      type: 'case',
      id: index,
      path,
      tempDir: scratch,
      seed: caseSeed(options.seed ^ 0x5eed, index),
      logWorkers: logWorkerEvery > 0 && index % logWorkerEvery === 0,
      search: searchEvery > 0 && index % searchEvery === 0,
    };
    const outcome = await new Promise<
      { type: 'done'; report: ExerciseReport; startHeap: number; peakHeap: number; peakRss: number; ms: number } | { type: 'failed'; kind: FindingKind; detail: string }
    >((resolve) => {
      // Bombs decompress 64 MiB and more; log workers start their own thread: three times the bound.
      const bound = request.logWorkers || recipe.some((r) => r.includes('bomb')) ? 3 * timeoutMs * factor : timeoutMs * factor;
      const timer = setTimeout(() => {
        cleanup();
        void worker.terminate();
        resolve({ type: 'failed', kind: 'hang', detail: `no answer after ${bound} ms` });
      }, bound);
      const onMessage = (m: CaseReply) => {
        if (m.type === 'step' && m.id === index) slot.lastStep = m.step;
        if (m.type === 'done' && m.id === index) {
          cleanup();
          resolve(m);
        }
      };
      const onError = (error: Error & { code?: string }) => {
        cleanup();
        const oom = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
        resolve({ type: 'failed', kind: oom ? 'out-of-memory' : 'uncaught', detail: error.stack ?? String(error) });
      };
      const onExit = (code: number) => {
        cleanup();
        resolve({ type: 'failed', kind: 'uncaught', detail: `worker exited with code ${code}` });
      };
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(request);
    });

    if (outcome.type === 'failed') {
      slot.current = undefined;
      spare ??= startCaseWorker(heapMb);
      await worker.terminate().catch(() => undefined);
      finding({ kind: outcome.kind, index, recipe, step: slot.lastStep, detail: outcome.detail }, input);
    } else {
      const { report } = outcome;
      for (const s of report.steps) {
        const counts = (into.steps[s.step.replace(/ \d+$/, ' <pid>')] ??= { ok: 0, error: 0, crash: 0, ms: 0 });
        counts.ms += s.ms;
        counts[s.outcome]++;
        if (s.outcome === 'error') {
          const key = `${s.step.replace(/ \d+$/, ' <pid>')}: ${(s.detail ?? '').replace(/\d+/g, 'N').replace(/0xN[0-9a-f]*|"[^"]*"/g, '…').slice(0, 140)}`;
          into.errors[key] = (into.errors[key] ?? 0) + 1;
        }
        if (s.outcome === 'crash') finding({ kind: 'crash', index, recipe, step: s.step, detail: s.detail ?? '' }, input);
      }
      // Buffers are outside the heap limit: a case that allocates a gigabyte is a finding even when
      // the pages were never touched (RSS stays low) and nothing ran out.
      if (outcome.peakHeap - outcome.startHeap > MAX_CASE_GROWTH) {
        finding({ kind: 'memory', index, recipe, detail: `heap and buffers grew by ${mb(outcome.peakHeap - outcome.startHeap)} during the case` }, input);
      }
      const refused = report.steps[0]?.step === 'open' && report.steps[0].outcome === 'error';
      const slow = [...report.steps].sort((a, b) => b.ms - a.ms)[0];
      const slowest = slow ? `${slow.step} ${slow.ms} ms` : '';
      into.stats.push({ index, ms: outcome.ms, peakHeap: outcome.peakHeap, peakRss: outcome.peakRss, refused, recipe, slowest });
    }
    const checkStarted = performance.now();
    const after = fingerprint(evidenceDir);
    const afterStat = statSync(path);
    if (after !== before || afterStat.mtimeMs !== evidenceStat.mtimeMs) {
      finding({ kind: 'integrity', index, recipe, detail: `the evidence changed:\nbefore\n${before}\nafter\n${after}` }, input);
    }
    // Temporary copies are removed on close (a hang or exit may leave them: the worker was killed).
    const leftovers = tempListing(scratch);
    if (outcome.type === 'done' && leftovers.length > 0) {
      finding({ kind: 'leak', index, recipe, detail: `left in the temp folder after close: ${leftovers.join(', ')}` }, input);
    }
    const fdWarnings = current.stderr.join('').split('\n').filter((l) => /Closing file descriptor \d+ on garbage collection/.test(l));
    if (fdWarnings.length > 0) finding({ kind: 'leak', index, recipe, detail: `file handles left open: ${fdWarnings.join('; ')}` }, input);
    rmSync(dir, { recursive: true, force: true });
    into.overheadMs.inputs += performance.now() - checkStarted;
    into.cases++;
    options.onProgress?.(into.cases, options.cases);
  };

  const lane = async (slot: Slot) => {
    while (next < end) {
      const index = next++;
      await runOne(slot, index);
    }
  };
  try {
    await Promise.all(slots.map(lane));
    // A case over its bound while the machine was busy is not yet a hang: replay it alone with four
    // times the bound. Only a case that is over that too stays a hang; the others are listed as slow.
    if (options.confirmHangs) {
      for (const hang of summary.findings.filter((f) => f.kind === 'hang' && !options.isKnown?.(f))) {
        const replay: FuzzSummary = { ...summary, stats: [], findings: [], steps: {}, errors: {}, overheadMs: { inputs: 0, workerStarts: 0, starts: 0 } };
        const started = performance.now();
        await runOne(slots[0]!, hang.index, replay, 4);
        if (!replay.findings.some((f) => f.kind === 'hang')) {
          summary.findings.splice(summary.findings.indexOf(hang), 1);
          summary.slow.push({ index: hang.index, recipe: hang.recipe, firstMs: timeoutMs, replayMs: performance.now() - started });
        }
      }
    }
  } finally {
    await Promise.all([...slots.map((s) => s.current?.worker.terminate()), spare?.worker.terminate()]);
    rmSync(root, { recursive: true, force: true });
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export function formatSummary(summary: FuzzSummary): string {
  const heaps = summary.stats.map((s) => s.peakHeap);
  const rss = summary.stats.map((s) => s.peakRss);
  const times = summary.stats.map((s) => s.ms);
  const count = (kind: FindingKind) => summary.findings.filter((f) => f.kind === kind).length;
  const lines = [
    `fuzz seed ${summary.seed}: ${summary.cases} cases in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
    `  crashes ${count('crash') + count('uncaught')} (uncaught ${count('uncaught')}), hangs ${count('hang')}, out of memory ${count('out-of-memory')}, over 1 GiB ${count('memory')}, evidence changed ${count('integrity')}, leaks ${count('leak')}`,
    `  refused at open (InspectorError) ${summary.stats.filter((s) => s.refused).length}, opened with a model ${summary.stats.filter((s) => !s.refused).length}`,
    `  peak worker heap+buffers per case: p50 ${mb(percentile(heaps, 50))}, p99 ${mb(percentile(heaps, 99))}, max ${mb(Math.max(0, ...heaps))}`,
    `  peak process RSS during a case: p50 ${mb(percentile(rss, 50))}, p99 ${mb(percentile(rss, 99))}, max ${mb(Math.max(0, ...rss))}`,
    `  this thread: inputs and checks ${(summary.overheadMs.inputs / 1000).toFixed(1)} s, ${summary.overheadMs.starts} worker starts waited ${(summary.overheadMs.workerStarts / 1000).toFixed(1)} s`,
    `  time per case: p50 ${percentile(times, 50).toFixed(0)} ms, p99 ${percentile(times, 99).toFixed(0)} ms, max ${Math.max(0, ...times).toFixed(0)} ms`,
    '  steps (ok / error / crash, total time):',
    ...Object.entries(summary.steps)
      .sort()
      .map(([step, c]) => `    ${step.padEnd(22)} ${c.ok} / ${c.error} / ${c.crash}, ${(c.ms / 1000).toFixed(1)} s`),
  ];
  for (const s of summary.slow) {
    lines.push(`  slow, not hung: case ${s.index} was over its bound in the run and took ${s.replayMs.toFixed(0)} ms alone: ${s.recipe.join('; ').slice(0, 160)}`);
  }
  lines.push('  slowest cases:');
  for (const s of [...summary.stats].sort((a, b) => b.ms - a.ms).slice(0, 5)) {
    lines.push(`    case ${s.index}: ${s.ms.toFixed(0)} ms (${s.slowest}), heap ${mb(s.peakHeap)}: ${s.recipe.join('; ').slice(0, 160)}`);
  }
  lines.push('  largest cases (worker heap + buffers):');
  for (const s of [...summary.stats].sort((a, b) => b.peakHeap - a.peakHeap).slice(0, 5)) {
    lines.push(`    case ${s.index}: ${mb(s.peakHeap)}, ${s.ms.toFixed(0)} ms (${s.slowest}): ${s.recipe.join('; ').slice(0, 160)}`);
  }
  lines.push('  most frequent clear errors:');
  for (const [message, n] of Object.entries(summary.errors).sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`    ${String(n).padStart(6)}  ${message}`);
  for (const f of summary.findings) {
    lines.push(`\n[${f.kind}] case ${f.index} (replay: npm run fuzz -- --seed ${summary.seed} --case ${f.index})${f.step ? ` during "${f.step}"` : ''}`);
    lines.push(`  recipe: ${f.recipe.join('; ')}`);
    lines.push(`  ${f.detail.split('\n').slice(0, 12).join('\n  ')}`);
  }
  return lines.join('\n');
}
