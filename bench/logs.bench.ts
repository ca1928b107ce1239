// A large container log must stay responsive: indexed in the logindex worker by line offsets, lines
// read on demand, filters in the worker. This writes a ~1 GB CRI log (CRI-O's LogPath) inside a tar in
// os.tmpdir() — streamed, removed afterwards — then measures: time to index (against `wc -l` on the
// same file in the same run), the index size, screenful reads at random positions (p50/p99), filters,
// the main thread's event-loop delay while indexing, and peak RSS.
// Run: node --import tsx bench/logs.bench.ts [--bytes N]
import { spawnSync } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openArchive } from '../electron/archive';
import { JobManager } from '../electron/jobs/job-manager';
import { openLog } from '../electron/logs';

const argBytes = process.argv.indexOf('--bytes');
const TARGET_BYTES = argBytes > 0 ? Number(process.argv[argBytes + 1]) : 1_000_000_000;
const SCREEN = 50;
const READS = 200;
const LONG_EVERY = 5000; // one 20 KiB line (8192 + 8192 + rest) per LONG_EVERY records
const ENTRY = 'io.kubernetes.cri-o.LogPath';

function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'latin1');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(size.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  h.write(Math.floor(Date.now() / 1000).toString(8).padStart(11, '0') + '\0', 136, 'latin1');
  h.write('0', 156, 'latin1');
  h.write('ustar\0' + '00', 257, 'latin1');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return h;
}

/** Streams the log into the tar; returns the log's size, record count and expected joined lines. */
async function writeLogTar(path: string): Promise<{ size: number; records: number; lines: number; needles: number }> {
  const out = await open(path, 'w', 0o600);
  await out.write(Buffer.alloc(512), 0, 512, 0); // header placeholder, written when the size is known
  let size = 0;
  let records = 0;
  let lines = 0;
  let needles = 0;
  const long = 'L'.repeat(20 * 1024);
  const base = Date.UTC(2026, 11, 3, 0, 0, 0);
  let time = '';
  let stampOf = -1;
  let batch: string[] = [];
  let batchBytes = 0;
  const flush = async () => {
    const buf = Buffer.from(batch.join(''), 'latin1');
    await out.write(buf, 0, buf.length, 512 + size);
    size += buf.length;
    batch = [];
    batchBytes = 0;
  };
  while (size + batchBytes < TARGET_BYTES) {
    // One stamp per 1000 records keeps generation cheap (Date formatting is the slow part).
    if (Math.floor(records / 1000) !== stampOf) {
      stampOf = Math.floor(records / 1000);
      time = new Date(base + stampOf * 1000).toISOString().replace('Z', '123456+00:00');
    }
    let text: string;
    if (records % LONG_EVERY === LONG_EVERY - 1) {
      const pieces = [long.slice(0, 8192), long.slice(8192, 16384), long.slice(16384)];
      text = pieces.map((p, i) => `${time} stdout ${i < 2 ? 'P' : 'F'} ${p}\n`).join('');
      records += 3;
    } else {
      const stream = records % 10 === 3 ? 'stderr' : 'stdout';
      const needle = records % 100_000 === 77 ? ' needle' : '';
      if (needle) needles++;
      text = `${time} ${stream} F counter: tick ${records} secret len 35 request from 10.88.0.1 path /index.html${needle}\n`;
      records++;
    }
    lines++;
    batch.push(text);
    batchBytes += text.length;
    if (batchBytes >= 4 * 1024 * 1024) await flush();
  }
  await flush();
  const pad = (512 - (size % 512)) % 512;
  await out.write(Buffer.alloc(pad + 1024), 0, pad + 1024, 512 + size);
  await out.write(tarHeader(ENTRY, size), 0, 512, 0);
  await out.close();
  return { size, records, lines, needles };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (n: number) => `${n.toFixed(1)} ms`;
/** CPU time of the whole process (main thread and worker) in ms: the machine may be shared. */
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'logs-bench-'));
  const tarPath = join(dir, 'checkpoint-large-log.tar');
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  try {
    let t = performance.now();
    const generated = await writeLogTar(tarPath);
    const generateMs = performance.now() - t;

    t = performance.now();
    const wc = spawnSync('wc', ['-l', tarPath], { encoding: 'utf8' });
    const wcMs = performance.now() - t;
    const wcLines = Number(wc.stdout.trim().split(/\s+/)[0]);

    // The main thread's event-loop delay with nothing to do, for comparison (the machine may be busy).
    (globalThis as { gc?: () => void }).gc?.();
    const idle = monitorEventLoopDelay({ resolution: 10 });
    idle.enable();
    await new Promise((r) => setTimeout(r, 1000));
    idle.disable();

    const rssBefore = process.memoryUsage().rss;
    peakRss = rssBefore;
    const jobs = new JobManager();
    const archive = await openArchive(tarPath);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    t = performance.now();
    const indexCpu = process.cpuUsage();
    const eluStart = performance.eventLoopUtilization();
    const log = await openLog(archive, 'container', jobs);
    if (!log) throw new Error('no container log found in the generated archive');
    let firstScreenMs = -1;
    // A screen is readable while indexing goes on.
    void (async () => {
      for (;;) {
        const lines = await log.readLines(0, SCREEN).catch(() => []);
        if (lines.length === SCREEN) {
          firstScreenMs = performance.now() - t;
          return;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const summary = await log.whenIndexed();
    const indexMs = performance.now() - t;
    const indexCpuMs = cpuMs(process.cpuUsage(indexCpu));
    // Share of the time the main thread's event loop was busy while the worker indexed.
    const mainBusy = performance.eventLoopUtilization(eluStart).utilization;
    const peakRssIndexing = Math.max(peakRss, process.memoryUsage().rss);
    delay.disable();
    const status = jobs.status(summary.indexJobId);
    const counters = log.counters();
    if (summary.records !== generated.records || summary.lines !== generated.lines || summary.records !== wcLines) {
      throw new Error(`counts differ: index ${summary.records} records / ${summary.lines} lines, generated ${generated.records} / ${generated.lines}, wc -l ${wcLines}`);
    }

    const reads: number[] = [];
    let seed = 12345;
    for (let i = 0; i < READS; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const start = seed % Math.max(1, summary.lines - SCREEN);
      const r0 = performance.now();
      const lines = await log.readLines(start, SCREEN);
      reads.push(performance.now() - r0);
      if (lines.length !== SCREEN || lines[0].index !== start) throw new Error(`read at ${start} returned ${lines.length} lines`);
    }
    reads.sort((a, b) => a - b);

    const timed = async (query: Parameters<typeof log.filter>[0]) => {
      const f0 = performance.now();
      const c0 = process.cpuUsage();
      const result = await log.filter(query);
      return { ms: performance.now() - f0, cpuMs: cpuMs(process.cpuUsage(c0)), hits: result.lines.length, limitReached: result.limitReached };
    };
    const filterStream = await timed({ kind: 'container', stream: 'stderr' });
    const filterRare = await timed({ kind: 'container', text: 'NEEDLE' });
    const filterRegex = await timed({ kind: 'container', text: 'tick 4242\\d{3} ', regex: true });
    if (filterRare.hits !== generated.needles) throw new Error(`text filter found ${filterRare.hits}, generated ${generated.needles}`);
    const longLine = (await log.readLines(LONG_EVERY - 1, 1))[0];
    if (longLine.records !== 3 || longLine.text.length !== 20 * 1024) throw new Error('the 20 KiB line was not joined');

    log.close();
    await archive.close();
    const rows: Array<[string, string]> = [
      ['log size', `${(generated.size / 1e9).toFixed(3)} GB, ${generated.records.toLocaleString()} records, ${generated.lines.toLocaleString()} lines`],
      ['generate (streamed)', ms(generateMs)],
      ['wc -l (same file)', `${ms(wcMs)} (${wcLines.toLocaleString()} lines)`],
      ['index (worker)', `${ms(indexMs)} (${(generated.size / 1e6 / (indexMs / 1000)).toFixed(0)} MB/s, ${(indexMs / wcMs).toFixed(2)}x wc -l), CPU ${ms(indexCpuMs)}, job ${status.state}`],
      ['first screen readable', ms(firstScreenMs)],
      ['index size', `${(counters.indexBytes / 1e6).toFixed(1)} MB (${(counters.indexBytes / generated.lines).toFixed(2)} B/line)`],
      [`read ${SCREEN} lines, random (n=${READS})`, `p50 ${ms(percentile(reads, 50))}, p99 ${ms(percentile(reads, 99))}, max ${ms(reads.at(-1) ?? 0)}`],
      ['filter stream=stderr', `${ms(filterStream.ms)} (${filterStream.hits} hits${filterStream.limitReached ? ', limit reached' : ''})`],
      ['filter text (rare)', `${ms(filterRare.ms)}, CPU ${ms(filterRare.cpuMs)} (${filterRare.hits} hits)`],
      ['filter regex', `${ms(filterRegex.ms)}, CPU ${ms(filterRegex.cpuMs)} (${filterRegex.hits} hits)`],
      ['main thread busy while indexing', `${(mainBusy * 100).toFixed(1)} % of the time (event-loop utilization)`],
      ['main event-loop delay while indexing', `p99 ${ms(delay.percentile(99) / 1e6)}, max ${ms(delay.max / 1e6)} (idle: p99 ${ms(idle.percentile(99) / 1e6)}, max ${ms(idle.max / 1e6)})`],
      ['machine load average (1 min)', loadavg()[0].toFixed(1)],
      ['peak RSS while indexing', `${(peakRssIndexing / 1e6).toFixed(0)} MB (${((peakRssIndexing - rssBefore) / 1e6).toFixed(0)} MB above start)`],
      ['peak RSS, whole run (process, incl. worker)', `${(peakRss / 1e6).toFixed(0)} MB (${((peakRss - rssBefore) / 1e6).toFixed(0)} MB above start)`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
    console.log(
      `BENCH_JSON ${JSON.stringify({
        logBytes: generated.size,
        records: generated.records,
        lines: generated.lines,
        wcMs: Math.round(wcMs),
        indexMs: Math.round(indexMs),
        indexVsWc: Number((indexMs / wcMs).toFixed(2)),
        indexCpuMs: Math.round(indexCpuMs),
        filterTextCpuMs: Math.round(filterRare.cpuMs),
        filterRegexCpuMs: Math.round(filterRegex.cpuMs),
        loadAverage: Number(loadavg()[0].toFixed(1)),
        firstScreenMs: Math.round(firstScreenMs),
        indexBytes: counters.indexBytes,
        readP50Ms: Number(percentile(reads, 50).toFixed(2)),
        readP99Ms: Number(percentile(reads, 99).toFixed(2)),
        filterStreamMs: Math.round(filterStream.ms),
        filterTextMs: Math.round(filterRare.ms),
        filterRegexMs: Math.round(filterRegex.ms),
        mainThreadBusyWhileIndexing: Number(mainBusy.toFixed(4)),
        eventLoopDelayP99Ms: Number((delay.percentile(99) / 1e6).toFixed(1)),
        idleEventLoopDelayP99Ms: Number((idle.percentile(99) / 1e6).toFixed(1)),
        peakRssMB: Math.round(peakRss / 1e6),
        peakRssIndexingMB: Math.round(peakRssIndexing / 1e6),
        rssAtStartMB: Math.round(rssBefore / 1e6),
      })}`,
    );
  } finally {
    clearInterval(sampler);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
