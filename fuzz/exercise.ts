// The whole open-and-decode path a user drives through the window, run on one (possibly hostile)
// input: index, entry reads, every image decoded and viewed, overview, processes, mounts, rootfs diff,
// logs (index, lines, filter), address spaces with reads at random addresses, a short search.
// Each step either returns a model or throws; what it throws is classified, never hidden.
import { JobManager } from '../electron/jobs/job-manager';
import { openArchive } from '../electron/archive';
import type { OpenedArchive, OpenOptions } from '../electron/archive/types';
import { ImageStore, toImageView } from '../electron/criu';
import { loadCheckpoint } from '../electron/checkpoint';
import { findLog, LogEngine, openLog, type LogByteSource } from '../electron/logs';
import { loadAddressSpace, searchAll } from '../electron/memory';
import { buildRootfsDiff } from '../electron/rootfs';
import { InspectorError } from '../electron/errors';
import type { LogKind, ProcessInfo } from '../shared/model';
import { Prng } from './prng';

export type StepOutcome = 'ok' | 'error' | 'crash';

export interface StepReport {
  step: string;
  outcome: StepOutcome;
  /** InspectorError message (error) or stack (crash). */
  detail?: string;
  ms: number;
}

export interface ExerciseReport {
  steps: StepReport[];
  entries: number;
  images: number;
  warnings: number;
}

export interface ExerciseOptions {
  /** Seed of the random reads (entry offsets, memory addresses). */
  seed: number;
  /** Folder for the decompressed copy of a compressed input. */
  tempDir: string;
  /** Also run the logs through openLog and its indexing worker (slower: one worker per log). Without
   *  it the same LogEngine indexes, reads and filters in this thread. */
  logWorkers: boolean;
  /** Run a short literal search over all processes (search workers). */
  search: boolean;
  limits?: OpenOptions['limits'];
  /** Called between steps, so the caller can sample memory. */
  onStep?: (step: string) => void;
}

const MAX_PROCESSES = 4;
const MAX_ENTRY_READS = 24;

/** An error a user may see is an InspectorError (LimitError included) with a message. Anything else
 *  (TypeError, RangeError, a bare Error, a non-Error) is a crash of the module that threw it. */
export function classify(error: unknown): { outcome: StepOutcome; detail: string } {
  if (error instanceof InspectorError && error.message.length > 0) return { outcome: 'error', detail: error.message };
  if (error instanceof Error) return { outcome: 'crash', detail: error.stack ?? `${error.name}: ${error.message}` };
  return { outcome: 'crash', detail: `non-Error thrown: ${String(error)}` };
}

export async function exercise(path: string, options: ExerciseOptions): Promise<ExerciseReport> {
  const rng = new Prng(options.seed);
  const report: ExerciseReport = { steps: [], entries: 0, images: 0, warnings: 0 };
  /** `model`: the value crosses the IPC bridge (structured clone): one that cannot be cloned is a bug. */
  const step = async <T>(name: string, run: () => Promise<T>, model = true): Promise<T | undefined> => {
    options.onStep?.(name);
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      const value = await run();
      if (model) structuredClone(value);
      report.steps.push({ step: name, outcome: 'ok', ms: ms() });
      return value;
    } catch (error) {
      report.steps.push({ step: name, ...classify(error), ms: ms() });
      return undefined;
    }
  };

  const archive = await step('open', () => openArchive(path, { tempDir: options.tempDir, limits: options.limits }), false);
  if (!archive) return report;
  report.entries = archive.entries.length;
  report.warnings += archive.warnings.length;
  const jobs = new JobManager();
  try {
    await step('read entries', () => readEntries(archive, rng));
    const store = new ImageStore(archive);
    const images = (await step('list images', async () => store.list(), false)) ?? [];
    report.images = images.length;
    await step('decode images', async () => {
      let warnings = 0;
      for (const summary of images) {
        const image = await store.get(summary.path);
        if (!image) throw new Error(`ImageStore.list() named ${summary.path} but get() found nothing`);
        const view = toImageView(image);
        structuredClone(view);
        warnings += image.warnings.length;
      }
      report.warnings += warnings;
      return warnings;
    });
    const checkpoint = await step('load checkpoint', () => loadCheckpoint(archive, store), false);
    let processes: ProcessInfo[] = [];
    if (checkpoint) {
      await step('overview', () => checkpoint.overview());
      processes = (await step('processes', () => checkpoint.processes())) ?? [];
      await step('mount points', () => checkpoint.mountPoints());
      await step('checkpoint warnings', () => checkpoint.warnings());
    }
    await step('rootfs diff', () => buildRootfsDiff(archive, processes));
    for (const kind of ['container', 'criu'] as LogKind[]) {
      await step(`log ${kind}`, () => exerciseLogEngine(archive, kind, rng));
      if (options.logWorkers) await step(`log worker ${kind}`, () => exerciseLog(archive, kind, jobs, rng));
    }
    const pids = [...new Set(processes.map((p) => p.pid))].slice(0, MAX_PROCESSES);
    for (const pid of pids) await step(`memory ${pid}`, () => exerciseMemory(archive, store, pid, rng));
    if (options.search) {
      await step('search', () => searchAll(archive, store, { pattern: 'qz#', encodings: ['ascii'], maxHits: 50, contextBytes: 8 }, { workers: 1 }));
    }
  } finally {
    jobs.cancelAll();
    await step('close', () => archive.close());
  }
  return report;
}

async function readEntries(archive: OpenedArchive, rng: Prng): Promise<number> {
  const files = archive.entries.filter((e) => e.type === 'file');
  let bytes = 0;
  for (let i = 0; i < Math.min(MAX_ENTRY_READS, files.length); i++) {
    const entry = files[rng.int(files.length)]!;
    const offsets = [0, entry.size, entry.size - 1, rng.int(entry.size + 1), entry.size + 4096];
    const offset = Math.max(0, offsets[rng.int(offsets.length)]!);
    const bytesRead = await archive.read(entry, offset, rng.pick([0, 1, 512, 65536]));
    if (bytesRead.length > Math.max(0, entry.size - offset)) {
      throw new Error(`read of ${entry.path} at ${offset} returned ${bytesRead.length} bytes past the entry's ${entry.size}`);
    }
    bytes += bytesRead.length;
  }
  return bytes;
}

async function exerciseLog(archive: OpenedArchive, kind: LogKind, jobs: JobManager, rng: Prng): Promise<number> {
  const log = await openLog(archive, kind, jobs);
  if (!log) return 0;
  try {
    const summary = await log.whenIndexed();
    const lines = await log.readLines(rng.int(Math.max(1, summary.lines)), 50);
    const filtered = await log.filter({ kind, text: rng.pick(['e', 'error', '(', '']), regex: false });
    await log.filter({ kind, level: 'error' });
    return lines.length + filtered.lines.length;
  } finally {
    log.close();
  }
}

async function exerciseLogEngine(archive: OpenedArchive, kind: LogKind, rng: Prng): Promise<number> {
  const entry = findLog(archive, kind);
  if (!entry) return 0;
  const source: LogByteSource = {
    size: entry.size,
    // As the logindex worker's source: a read that comes back short before the declared end (an entry
    // cut by the end of the archive) is an error, not a short buffer.
    read: async (offset, length) => {
      const bytes = await archive.read(entry, offset, length);
      if (bytes.length < Math.min(length, entry.size - offset)) {
        throw new InspectorError(`the log ends at ${offset + bytes.length}, before its declared ${entry.size} bytes`, { file: entry.path });
      }
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
  const engine = new LogEngine(kind, source, entry.path);
  const counts = await engine.index(() => false, () => undefined);
  const lines = await engine.readLines(rng.int(Math.max(1, counts.lines)), 50);
  const filtered = await engine.filter({ kind, text: rng.pick(['e', 'error', '(', '']), regex: rng.chance(0.3) }, 1000);
  await engine.filter({ kind, level: 'error', stream: 'stderr' }, 1000);
  return lines.length + filtered.lines.length;
}

async function exerciseMemory(archive: OpenedArchive, store: ImageStore, pid: number, rng: Prng): Promise<number> {
  const memory = await loadAddressSpace(archive, store, pid);
  const info = memory.info();
  structuredClone(info);
  const addresses: bigint[] = [0n, (1n << 64n) - 1n, (1n << 64n) - 4096n, rng.bigint64()];
  for (const region of info.regions.slice(0, 64)) {
    const start = BigInt(region.start);
    const end = BigInt(region.end);
    addresses.push(start, end - 1n, start + (rng.bigint64() % (end - start > 0n ? end - start : 1n)));
  }
  let bytes = 0;
  for (let i = 0; i < 12; i++) {
    const address = addresses[rng.int(addresses.length)]!;
    const length = rng.pick([0, 1, 4096, 65536, 1024 * 1024]);
    const pieces = await memory.read(address, length);
    const total = pieces.reduce((sum, p) => sum + p.length, 0);
    const short = pieces.find((p) => p.bytes && p.bytes.length !== p.length);
    if (short) throw new Error(`read piece at ${short.address.toString(16)} says ${short.length} bytes but holds ${short.bytes?.length}`);
    const expected = Number(BigInt(length) < (1n << 64n) - address ? BigInt(length) : (1n << 64n) - address);
    if (total !== expected) throw new Error(`read(${address.toString(16)}, ${length}) returned ${total} bytes in pieces, expected ${expected}`);
    bytes += total;
  }
  await memory.readArgvEnv();
  return bytes;
}
