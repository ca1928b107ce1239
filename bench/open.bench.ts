// Opening (indexing) time must grow with the number of entries, not with bytes. This writes an archive
// with exactly the entries of crio-busybox-httpd.tar (headers copied byte for byte), except that the
// three pages-*.img entries hold 730 MiB each of a cheap pattern (> 2 GiB in all), then times
// openArchive and `tar tf` on both files. Run: node --import tsx bench/open.bench.ts
import { spawnSync } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openArchive } from '../electron/archive';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = resolve(repoRoot, '../shared/fixtures/archives/crio-busybox-httpd.tar');
const PAGES_BYTES = 730 * 1024 * 1024;
const RUNS = 9;

const roundUp = (n: number) => Math.ceil(n / 512) * 512;

function setSize(header: Buffer, size: number): void {
  header.write(size.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
}

/** Copies the fixture's header regions, copies small data, and writes the pattern for pages files. */
async function writeLargeCopy(target: string): Promise<number> {
  const small = await openArchive(fixture);
  const source = await open(fixture, 'r');
  const out = await open(target, 'w', 0o600);
  const pattern = Buffer.alloc(8 * 1024 * 1024);
  for (let i = 0; i < pattern.length; i += 8) pattern.writeBigUInt64LE(BigInt(i) * 0x9e3779b97f4a7c15n & 0xffffffffffffffffn, i);
  let readAt = 0;
  let writeAt = 0;
  const copy = async (length: number) => {
    const buffer = Buffer.alloc(length);
    await source.read(buffer, 0, length, readAt);
    readAt += length;
    return buffer;
  };
  const emit = async (bytes: Buffer) => {
    await out.write(bytes, 0, bytes.length, writeAt);
    writeAt += bytes.length;
  };
  try {
    for (const entry of small.entries.filter((e) => !e.parent)) {
      const headerEnd = (entry.headerOffset as number) + 512;
      const meta = await copy(headerEnd - readAt);
      const dataLength = roundUp(entry.size);
      if (/pages-\d+\.img$/.test(entry.path)) {
        setSize(meta.subarray(meta.length - 512), PAGES_BYTES);
        await emit(meta);
        for (let done = 0; done < PAGES_BYTES; done += pattern.length) await emit(pattern.subarray(0, Math.min(pattern.length, PAGES_BYTES - done)));
        readAt += dataLength;
      } else {
        await emit(meta);
        await emit(await copy(dataLength));
      }
    }
    const { size } = await source.stat();
    await emit(await copy(size - readAt)); // end-of-archive blocks
    return writeAt;
  } finally {
    await out.close();
    await source.close();
    await small.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function openOnce(path: string): Promise<{ ms: number; entries: number }> {
  const started = performance.now();
  const archive = await openArchive(path);
  const ms = performance.now() - started;
  await archive.close();
  return { ms, entries: archive.entries.length };
}

/** Runs alternate between the two files so that machine load affects both alike. */
async function timeOpens(a: string, b: string): Promise<[{ ms: number; entries: number }, { ms: number; entries: number }]> {
  const times: [number[], number[]] = [[], []];
  let entries: [number, number] = [0, 0];
  for (let i = 0; i < RUNS; i++) {
    const first = await openOnce(a);
    const second = await openOnce(b);
    times[0].push(first.ms);
    times[1].push(second.ms);
    entries = [first.entries, second.entries];
  }
  return [
    { ms: median(times[0]), entries: entries[0] },
    { ms: median(times[1]), entries: entries[1] },
  ];
}

function timeTar(path: string): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const result = spawnSync('tar', ['tf', path], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`tar tf ${path} failed`);
    times.push(performance.now() - started);
  }
  return median(times);
}

const work = await mkdtemp(join(tmpdir(), 'open-bench-'));
try {
  const large = join(work, 'crio-busybox-httpd-2gib.tar');
  const written = await writeLargeCopy(large);
  await openArchive(fixture).then((a) => a.close()); // warm up the module graph and JIT

  const check = await openArchive(large);
  const pages = check.entries.filter((e) => /pages-\d+\.img$/.test(e.path));
  await check.close();
  if (pages.length !== 3 || pages.some((e) => e.size !== PAGES_BYTES) || check.warnings.length > 0) {
    throw new Error('the large copy did not index as expected');
  }

  const [smallOpen, largeOpen] = await timeOpens(fixture, large);
  if (smallOpen.entries !== largeOpen.entries) throw new Error(`entry counts differ: ${smallOpen.entries} vs ${largeOpen.entries}`);
  const smallTar = timeTar(fixture);
  const largeTar = timeTar(large);
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;

  const rows = [
    ['archive', 'bytes', 'entries', 'open (ms)', 'tar tf (ms)', 'ours / tar'],
    ['crio-busybox-httpd.tar', String(460800), String(smallOpen.entries), smallOpen.ms.toFixed(2), smallTar.toFixed(2), (smallOpen.ms / smallTar).toFixed(2)],
    ['2 GiB copy', String(written), String(largeOpen.entries), largeOpen.ms.toFixed(2), largeTar.toFixed(2), (largeOpen.ms / largeTar).toFixed(2)],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padStart(widths[c])).join('  '));
  const ratio = largeOpen.ms / smallOpen.ms;
  console.log(`2 GiB open / small open: ${ratio.toFixed(2)}x (target <= 2x); peak RSS ${maxRssMiB.toFixed(0)} MiB; median of ${RUNS} runs`);
  console.log(
    `BENCH_JSON ${JSON.stringify({
      bench: 'open',
      smallOpenMs: +smallOpen.ms.toFixed(3),
      largeOpenMs: +largeOpen.ms.toFixed(3),
      largeBytes: written,
      largeOverSmall: +ratio.toFixed(3),
      smallTarTfMs: +smallTar.toFixed(3),
      largeTarTfMs: +largeTar.toFixed(3),
      oursOverTarSmall: +(smallOpen.ms / smallTar).toFixed(3),
      oursOverTarLarge: +(largeOpen.ms / largeTar).toFixed(3),
      maxRssMiB: +maxRssMiB.toFixed(1),
      targetMet: ratio <= 2,
    })}`,
  );
  if (ratio > 2) process.exitCode = 1;
} finally {
  await rm(work, { recursive: true, force: true });
}
