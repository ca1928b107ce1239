// Memory search and reads on > 1 GiB of pages. Builds, from the real crio-python-counter.tar, a copy
// whose pid 1 gets an extra 1 GiB anonymous VMA of 64 runs (16 MiB each; most neighbours sit apart
// in the pages file) filled with random, text and zero MiBs, and known needles at known addresses:
// inside pages, across page, run and chunk boundaries. Then measures, in this order and on a warm
// page cache: `grep -F -c` over the archive file, a literal ASCII search of all memory, one pass
// with ASCII + UTF-16LE + hex together, 2000 random 64 KiB reads, and the peak RSS of the process.
// Run: node --import tsx bench/memory.bench.ts   (prints a table, then `BENCH_JSON {...}`)

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SearchHit } from '../shared/model';
import { openArchive } from '../electron/archive';
import { ImageStore } from '../electron/criu/image-store';
import { loadAddressSpace, searchAll } from '../electron/memory';
import { PE_LAZY, PE_PRESENT } from '../electron/memory/runs';
import { type SyntheticRun, type WriteBytes, writeSyntheticArchive } from '../electron/memory/synthetic-archive';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = resolve(repoRoot, '../shared/fixtures/archives/crio-python-counter.tar');

const MiB = 1024 * 1024;
const PAGE = 4096;
const BASE = 0x7e0000000000n;
const RUN_BYTES = 16 * MiB;
const RUNS = 64;
const BIG_BYTES = RUN_BYTES * RUNS;
const PATTERN = 'c0ffee15900df00d';
const TIMED_REPEATS = 3;
const READS = 2000;

type Kind = 'ascii' | 'utf16le' | 'hex';
const needleBytes: Record<Kind, Buffer> = {
  ascii: Buffer.from(PATTERN, 'latin1'),
  utf16le: Buffer.from(PATTERN, 'utf16le'),
  hex: Buffer.from(PATTERN, 'hex'),
};

/** Offsets from BASE. Runs are written in file order r0 r1 r3 r2, r4 r5 r7 r6, ...: the boundary
 *  r0|r1 is adjacent in the file, r1|r2 and r2|r3 are not. Chunks are 8 MiB from BASE. */
const PLACED: Array<{ kind: Kind; offset: number; what: string }> = [
  { kind: 'ascii', offset: 0x1234, what: 'inside a page' },
  { kind: 'ascii', offset: 3 * PAGE - 5, what: 'across a page boundary' },
  { kind: 'ascii', offset: RUN_BYTES - 6, what: 'across runs adjacent in the file' },
  { kind: 'ascii', offset: 2 * RUN_BYTES - 7, what: 'across runs apart in the file' },
  { kind: 'ascii', offset: 3 * RUN_BYTES - 3, what: 'across runs in reverse file order' },
  { kind: 'ascii', offset: 8 * MiB - 4, what: 'across a chunk boundary' },
  { kind: 'ascii', offset: 40 * RUN_BYTES + 12345, what: 'deep inside' },
  { kind: 'utf16le', offset: 0x5001, what: 'UTF-16LE at an odd address' },
  { kind: 'utf16le', offset: 5 * RUN_BYTES - 10, what: 'UTF-16LE across runs' },
  { kind: 'hex', offset: 0x9000 - 3, what: 'hex across a page boundary' },
  { kind: 'hex', offset: 7 * RUN_BYTES - 4, what: 'hex across runs apart in the file' },
  { kind: 'hex', offset: BIG_BYTES - 8, what: 'hex at the very end' },
];

// ---------------------------------------------------------------- content

let seed = 0x9e3779b9;
function fillRandom(block: Buffer): void {
  const words = new Uint32Array(block.buffer, block.byteOffset, block.length / 4);
  let x = seed;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  seed = x;
}

const WORDS = 'the process memory page kernel socket request counter python http header value lorem ipsum dolor sit amet'.split(' ');
const textTemplate = (() => {
  const parts: string[] = [];
  let length = 0;
  let i = 7;
  while (length < 2 * MiB) {
    i = (i * 1103515245 + 12345) & 0x7fffffff;
    const word = WORDS[i % WORDS.length] + (i % 13 === 0 ? '\n' : ' ');
    parts.push(word);
    length += word.length;
  }
  return Buffer.from(parts.join(''), 'latin1');
})();

/** MiB `index` of the big VMA: 4 of 8 random, 2 text, 2 zero. */
function fillBlock(block: Buffer, index: number): void {
  const kind = index % 8;
  if (kind < 4) fillRandom(block);
  else if (kind < 6) textTemplate.copy(block, 0, (index * 7919) % MiB, ((index * 7919) % MiB) + MiB);
  else block.fill(0);
  const start = index * MiB;
  for (const placed of PLACED) {
    const bytes = needleBytes[placed.kind];
    const from = Math.max(placed.offset, start);
    const to = Math.min(placed.offset + bytes.length, start + MiB);
    if (from < to) bytes.copy(block, from - start, from - placed.offset, to - placed.offset);
  }
}

function bigRun(index: number): SyntheticRun {
  return {
    vaddr: BASE + BigInt(index * RUN_BYTES),
    pages: RUN_BYTES / PAGE,
    flags: index % 2 === 0 ? PE_PRESENT : PE_PRESENT | PE_LAZY,
    data: async (write: WriteBytes) => {
      for (let b = 0; b < RUN_BYTES / MiB; b++) {
        // A fresh block each time: the tar stream keeps a reference until it has written it.
        const block = Buffer.allocUnsafe(MiB);
        fillBlock(block, (index * RUN_BYTES) / MiB + b);
        await write(block);
      }
    },
  };
}

async function buildArchive(target: string): Promise<void> {
  const source = await openArchive(fixture);
  try {
    const store = new ImageStore(source);
    const memory = await loadAddressSpace(source, store, 1);
    const pagemap = await store.get('checkpoint/pagemap-1.img');
    const pagesId = pagemap!.entries[0].message.pages_id as number;
    const runs: SyntheticRun[] = memory.runTable.runs.map((run) => ({
      vaddr: run.start,
      pages: run.pages,
      flags: run.flags,
      data: async (write: WriteBytes) => {
        for (let at = 0; at < run.pages * PAGE; at += MiB) {
          const pieces = await memory.read(run.start + BigInt(at), Math.min(MiB, run.pages * PAGE - at));
          for (const piece of pieces) await write(piece.bytes!);
        }
      },
    }));
    for (let group = 0; group < RUNS; group += 4) for (const i of [0, 1, 3, 2]) runs.push(bigRun(group + i));
    await writeSyntheticArchive(fixture, target, [
      {
        pid: 1,
        pagesId,
        runs,
        extraVmas: [{ start: BASE, end: BASE + BigInt(BIG_BYTES), prot: 3, flags: 0x22, status: 0x201 }],
      },
    ]);
  } finally {
    await source.close();
  }
}

// ---------------------------------------------------------------- measurements

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function grepCount(file: string): { ms: number; count: number } {
  const started = performance.now();
  const result = spawnSync('grep', ['-F', '-c', PATTERN, file], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  const ms = performance.now() - started;
  if (result.status !== 0 && result.status !== 1) throw new Error(`grep failed: ${result.stderr}`);
  return { ms, count: Number(result.stdout.trim()) };
}

/** The same ASCII search through the bundled CLI (what users run: no tsx in any thread), with its
 *  peak RSS from GNU time. Skipped when either is missing. */
function bundledCliSearch(file: string): { ms: number; maxRssMiB: number } | undefined {
  const cli = join(repoRoot, 'dist/node/cli.mjs');
  if (!existsSync(cli) || !existsSync('/usr/bin/time')) return undefined;
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', process.execPath, cli, 'search', file, PATTERN, '--json'], { encoding: 'utf8' });
  const ms = Math.round(performance.now() - started);
  const rss = /MAXRSS (\d+)/.exec(result.stderr);
  if (result.status !== 0 || !rss) return undefined;
  return { ms, maxRssMiB: Math.round(Number(rss[1]) / 1024) };
}

function expectedAddresses(kinds: Kind[]): string[] {
  return PLACED.filter((p) => kinds.includes(p.kind))
    .map((p) => BASE + BigInt(p.offset))
    .sort((a, b) => (a < b ? -1 : 1))
    .map((a) => `0x${a.toString(16)}`);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'memory-bench-'));
  const target = join(dir, 'big-python-counter.tar');
  let failures = 0;
  try {
    // Built in a child process, so the peak RSS measured below is the inspector's alone.
    const built = performance.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--build', target], { stdio: 'inherit' });
    if (child.status !== 0) throw new Error('building the benchmark archive failed');
    const buildMs = performance.now() - built;
    const archiveBytes = (await stat(target)).size;

    const archive = await openArchive(target);
    const store = new ImageStore(archive);
    const memory = await loadAddressSpace(archive, store, 1);
    const dumped = memory.info().dumpedBytes;

    grepCount(target); // warms the page cache
    // A first small search starts the worker pool (the app keeps it between searches).
    const warmStarted = performance.now();
    await searchAll(archive, store, { pattern: PATTERN, encodings: ['ascii'], pid: 1, range: { start: '0x0', end: '0x1000000' } });
    const poolStartMs = performance.now() - warmStarted;

    const grepRuns: Array<{ ms: number; count: number }> = [];
    const asciiRuns: number[] = [];
    const threeRuns: number[] = [];
    let asciiHits: SearchHit[] = [];
    let threeHits: SearchHit[] = [];
    let scanned = 0;
    for (let i = 0; i < TIMED_REPEATS; i++) {
      grepRuns.push(grepCount(target));
      const ascii = await searchAll(archive, store, { pattern: PATTERN, encodings: ['ascii'] });
      asciiRuns.push(ascii.elapsedMs);
      asciiHits = ascii.hits;
      scanned = ascii.bytesScanned;
      const three = await searchAll(archive, store, { pattern: PATTERN, encodings: ['ascii', 'utf16le', 'hex'] });
      threeRuns.push(three.elapsedMs);
      threeHits = three.hits;
    }

    const readTimes: number[] = [];
    let x = 12345;
    let notDumpedSeen = 0;
    for (let i = 0; i < READS; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      const offset = (x * 4099) % (BIG_BYTES - 65536);
      const started = performance.now();
      const pieces = await memory.read(BASE + BigInt(offset), 65536);
      readTimes.push(performance.now() - started);
      if (pieces.some((p) => p.bytes === null)) notDumpedSeen++;
    }
    // The same reads straight through archive.read, to tell this module's cost from the I/O path's.
    const rawTimes: number[] = [];
    for (let i = 0; i < READS; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      const offset = (x * 4099) % (memory.pagesEntry!.size - 65536);
      const started = performance.now();
      await archive.read(memory.pagesEntry!, offset, 65536);
      rawTimes.push(performance.now() - started);
    }
    await archive.close();
    const maxRssMiB = process.resourceUsage().maxRSS / 1024;
    const bundled = bundledCliSearch(target);

    // Correctness: every needle at its address, nothing else.
    const asciiOk = JSON.stringify(asciiHits.map((h) => h.address)) === JSON.stringify(expectedAddresses(['ascii']));
    const threeOk =
      JSON.stringify(threeHits.map((h) => h.address)) === JSON.stringify(expectedAddresses(['ascii', 'utf16le', 'hex'])) &&
      threeHits.every((h) => PLACED.find((p) => `0x${(BASE + BigInt(p.offset)).toString(16)}` === h.address)?.kind === h.encoding);
    if (!asciiOk || !threeOk || notDumpedSeen > 0 || scanned !== dumped) failures++;

    const grepMs = median(grepRuns.map((g) => g.ms));
    const asciiMs = median(asciiRuns);
    const threeMs = median(threeRuns);
    const mbps = (bytes: number, ms: number) => bytes / MiB / (ms / 1000);
    const figures = {
      archiveBytes,
      dumpedBytes: dumped,
      buildMs: Math.round(buildMs),
      poolStartMs: Math.round(poolStartMs),
      grepMs: Math.round(grepMs),
      grepMiBps: Math.round(mbps(archiveBytes, grepMs)),
      grepCount: grepRuns[0].count,
      asciiSearchMs: Math.round(asciiMs),
      asciiSearchMiBps: Math.round(mbps(dumped, asciiMs)),
      threeEncodingMs: Math.round(threeMs),
      threeEncodingMiBps: Math.round(mbps(dumped, threeMs)),
      asciiVsGrep: Number((asciiMs / grepMs).toFixed(2)),
      threeVsGrep: Number((threeMs / grepMs).toFixed(2)),
      read64kP50Ms: Number(percentile(readTimes, 50).toFixed(3)),
      read64kP95Ms: Number(percentile(readTimes, 95).toFixed(3)),
      read64kP99Ms: Number(percentile(readTimes, 99).toFixed(3)),
      archiveRead64kP50Ms: Number(percentile(rawTimes, 50).toFixed(3)),
      archiveRead64kP99Ms: Number(percentile(rawTimes, 99).toFixed(3)),
      maxRssMiB: Math.round(maxRssMiB),
      bundledCliMs: bundled?.ms,
      bundledCliMaxRssMiB: bundled?.maxRssMiB,
      loadAverage: Number(loadavg()[0].toFixed(1)),
      cpus: availableParallelism(),
      needlesFound: `${threeHits.length}/${PLACED.length}`,
      asciiOk,
      threeOk,
      targets: {
        asciiNoSlowerThanGrep: asciiMs <= grepMs,
        threeWithin1_5xGrep: threeMs <= 1.5 * grepMs,
        readP99Under2ms: percentile(readTimes, 99) < 2,
        rssUnder250MiB: maxRssMiB < 250,
      },
    };

    const rows: Array<[string, string]> = [
      ['archive (tar) / dumped pages', `${(archiveBytes / MiB).toFixed(0)} MiB / ${(dumped / MiB).toFixed(0)} MiB`],
      ['build (streamed, child process)', `${figures.buildMs} ms`],
      ['worker pool start (first search)', `${figures.poolStartMs} ms`],
      [`grep -F -c (LC_ALL=C), median of ${TIMED_REPEATS}`, `${figures.grepMs} ms  ${figures.grepMiBps} MiB/s  (count ${figures.grepCount})`],
      ['search ASCII, all processes', `${figures.asciiSearchMs} ms  ${figures.asciiSearchMiBps} MiB/s  x${figures.asciiVsGrep} grep`],
      ['search ASCII+UTF-16LE+hex, one pass', `${figures.threeEncodingMs} ms  ${figures.threeEncodingMiBps} MiB/s  x${figures.threeVsGrep} grep`],
      [`read 64 KiB x${READS} p50 / p95 / p99`, `${figures.read64kP50Ms} / ${figures.read64kP95Ms} / ${figures.read64kP99Ms} ms`],
      [`  same through archive.read p50 / p99`, `${figures.archiveRead64kP50Ms} / ${figures.archiveRead64kP99Ms} ms`],
      ['peak RSS (main + 2 workers: one process)', `${figures.maxRssMiB} MiB`],
      [
        'built CLI search, same archive (no tsx)',
        bundled ? `${bundled.ms} ms, peak RSS ${bundled.maxRssMiB} MiB` : 'skipped (needs npm run build and /usr/bin/time)',
      ],
      ['machine load (1 min) / cores', `${figures.loadAverage} / ${figures.cpus}`],
      ['needles at their addresses', `${asciiOk && threeOk ? 'all' : 'MISSING/EXTRA'} (${figures.needlesFound})`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log('memory benchmark');
    for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
    for (const placed of PLACED) {
      const address = `0x${(BASE + BigInt(placed.offset)).toString(16)}`;
      const found = threeHits.some((h) => h.address === address && h.encoding === placed.kind);
      console.log(`  ${found ? 'found  ' : 'MISSING'} ${placed.kind.padEnd(7)} ${address}  ${placed.what}`);
    }
    console.log(`BENCH_JSON ${JSON.stringify(figures)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  process.exitCode = failures > 0 ? 1 : 0;
}

if (process.argv[2] === '--build') await buildArchive(process.argv[3]);
else await main();
