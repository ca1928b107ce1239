// One process's address space: VMAs (mm-<pid>.img) + run table (pagemap-<pid>.img) + positioned
// reads of pages-<pages_id>.img. Nothing reads a whole pages file.

import type { AddressSpace, InspectorWarning } from '../../shared/model';
import type { ArchiveEntry, OpenedArchive } from '../archive/types';
import type { Message } from '../criu/types';
import { InspectorError, LimitError } from '../errors';
import { LIMITS } from '../limits';
import { type ImageLookup, fileNames, imageDir, messages, readCore } from './images';
import { type RegionEntry, type Vma, buildRegions, findRegion, toVma } from './regions';
import {
  type PageRun,
  type PresentRange,
  type RunPiece,
  type RunTable,
  buildRunTable,
  detectPageSize,
  mapRange,
  presentRanges,
} from './runs';

const MAX_ADDRESS = (1n << 64n) - 1n;
/** argv or environ larger than this is cut (Linux caps both together near 2 MiB by default). */
const MAX_ARGV_ENV_BYTES = 8 * 1024 * 1024;

export interface MemoryPiece {
  address: bigint;
  length: number;
  /** null = not in this dump (distinct from zero bytes that were dumped). */
  bytes: Uint8Array | null;
}

export interface ProcessMemory {
  readonly pid: number;
  readonly comm: string;
  readonly pageSize: number;
  /** The pages-<id>.img entry, when the process has one. */
  readonly pagesEntry?: ArchiveEntry;
  readonly runTable: RunTable;
  readonly regions: readonly RegionEntry[];
  info(): AddressSpace;
  /** `length` bytes from `address`, as contiguous pieces that are dumped or not. */
  read(address: bigint, length: number): Promise<MemoryPiece[]>;
  /** [start, end) with bytes that are not in the dump given as zeros. */
  readBytes(start: bigint, end: bigint): Promise<Uint8Array>;
  /** argv and environ from mm_arg_start..end and mm_env_start..end, split on NUL. */
  readArgvEnv(): Promise<{ argv: string[]; env: string[] }>;
  region(address: bigint): RegionEntry | undefined;
  /** Contiguous dumped ranges (adjacent runs merged), optionally clipped to a range. */
  presentRanges(clip?: { start: bigint; end: bigint }): PresentRange[];
}

export interface LoadOptions {
  /** Image folder inside the archive (default: found from pstree.img). */
  dir?: string;
}

export async function loadAddressSpace(
  archive: OpenedArchive,
  store: ImageLookup,
  pid: number,
  options: LoadOptions = {},
): Promise<ProcessMemory> {
  const dir = imageDir(archive, options.dir);
  const warnings: InspectorWarning[] = [];
  const mmPath = `${dir}mm-${pid}.img`;
  const mm = await messages(store, mmPath, warnings);
  if (!mm) throw new InspectorError(`process ${pid} has no memory image (a dead or zombie task has none)`, { file: mmPath });
  const mmEntry = mm.messages[0];
  if (!mmEntry) throw new InspectorError(`mm image of process ${pid} has no mm_entry`, { file: mmPath });
  const vmas = ((mmEntry.vmas as Message[] | undefined) ?? []).map(toVma).filter((v): v is Vma => v !== undefined);

  const pagemapPath = `${dir}pagemap-${pid}.img`;
  const pagemap = await messages(store, pagemapPath, warnings);
  const head = pagemap?.messages[0];
  const pagemapEntries = pagemap ? pagemap.messages.slice(1) : [];
  if (!pagemap) warnings.push({ file: pagemapPath, message: 'no pagemap image: no memory of this process is in the dump' });

  const { comm, mtype } = await readCore(store, dir, pid, warnings);
  const bounds = vmas.flatMap((v) => [v.start, v.end]);
  for (const e of pagemapEntries) if (typeof e.vaddr === 'bigint') bounds.push(e.vaddr);
  const pageSize = detectPageSize(mtype, bounds);

  const built = buildRunTable(
    pagemapEntries,
    pageSize,
    pagemapPath,
    pagemap ? pagemap.image.entries.slice(1).map((e) => e.offset) : [],
  );
  warnings.push(...built.warnings);
  let runTable = built.table;

  let pagesEntry: ArchiveEntry | undefined;
  let pagesImage: string | undefined;
  if (head && typeof head.pages_id === 'number') {
    pagesImage = `${dir}pages-${head.pages_id}.img`;
    pagesEntry = archive.getEntry(pagesImage);
    if (!pagesEntry) warnings.push({ file: pagesImage, message: `pages image missing: ${runTable.presentBytes} dumped bytes of process ${pid} are not available` });
  } else if (pagemap) {
    warnings.push({ file: pagemapPath, offset: pagemap.image.entries[0]?.offset, message: 'pagemap head has no pages_id' });
  }
  runTable = clampToPages(runTable, pagesEntry, warnings);

  const names = await fileNames(store, dir, warnings);
  const big = (name: string) => (typeof mmEntry[name] === 'bigint' ? (mmEntry[name] as bigint) : undefined);
  const regions = buildRegions(vmas, runTable.runs, {
    fileNames: names,
    startStack: big('mm_start_stack'),
    startBrk: big('mm_start_brk'),
    brk: big('mm_brk'),
  });

  return new PagedProcessMemory(archive, pid, comm, pageSize, runTable, regions, pagesEntry, pagesImage, warnings, {
    argStart: big('mm_arg_start'),
    argEnd: big('mm_arg_end'),
    envStart: big('mm_env_start'),
    envEnd: big('mm_env_end'),
  });
}

/** Runs whose bytes would lie past the end of the pages entry are "not in dump" (with a warning). */
function clampToPages(table: RunTable, pages: ArchiveEntry | undefined, warnings: InspectorWarning[]): RunTable {
  const size = pages?.size ?? 0;
  if (pages && table.presentBytes < size) {
    warnings.push({
      file: pages.path,
      offset: table.presentBytes,
      message: `pages image holds ${size - table.presentBytes} bytes more than the pagemap describes; they belong to no address`,
    });
  }
  if (table.presentBytes <= size) return table;
  if (pages) {
    warnings.push({
      file: pages.path,
      message: `pages image holds ${size} bytes but the pagemap needs ${table.presentBytes}; the missing part is shown as not in dump`,
    });
  }
  const runs: PageRun[] = [];
  for (const run of table.runs) {
    const length = run.pages * table.pageSize;
    if (run.fileOffset < 0 || run.fileOffset + length <= size) runs.push(run);
    else {
      const whole = Math.max(0, Math.floor((size - run.fileOffset) / table.pageSize));
      if (whole === 0) {
        runs.push({ ...run, fileOffset: -1 });
        continue;
      }
      const cut = run.start + BigInt(whole * table.pageSize);
      runs.push({ ...run, end: cut, pages: whole });
      runs.push({ ...run, start: cut, pages: run.pages - whole, fileOffset: -1 });
    }
  }
  const presentBytes = runs.reduce((sum, r) => sum + (r.fileOffset < 0 ? 0 : r.pages * table.pageSize), 0);
  return { ...table, runs, presentBytes };
}

interface ArgvEnvRange {
  argStart?: bigint;
  argEnd?: bigint;
  envStart?: bigint;
  envEnd?: bigint;
}

class PagedProcessMemory implements ProcessMemory {
  constructor(
    private readonly archive: OpenedArchive,
    readonly pid: number,
    readonly comm: string,
    readonly pageSize: number,
    readonly runTable: RunTable,
    readonly regions: RegionEntry[],
    readonly pagesEntry: ArchiveEntry | undefined,
    private readonly pagesImage: string | undefined,
    private readonly warnings: InspectorWarning[],
    private readonly argvEnv: ArgvEnvRange,
  ) {}

  info(): AddressSpace {
    return {
      pid: this.pid,
      comm: this.comm,
      pageSize: this.pageSize,
      regions: this.regions.map((r) => ({ ...r.region, flags: [...r.region.flags] })),
      dumpedBytes: this.runTable.presentBytes,
      pagesImage: this.pagesImage,
      warnings: [...this.warnings],
    };
  }

  region(address: bigint): RegionEntry | undefined {
    return findRegion(this.regions, address);
  }

  presentRanges(clip?: { start: bigint; end: bigint }): PresentRange[] {
    return this.pagesEntry ? presentRanges(this.runTable.runs, clip) : [];
  }

  async read(address: bigint, length: number): Promise<MemoryPiece[]> {
    if (!Number.isSafeInteger(length) || length < 0) throw new InspectorError(`invalid read length ${length}`);
    if (length > LIMITS.maxMemoryReadBytes) {
      throw new LimitError(`a memory read is limited to ${LIMITS.maxMemoryReadBytes} bytes (asked for ${length})`);
    }
    if (address < 0n || address > MAX_ADDRESS) throw new InspectorError(`address out of range: ${address}`);
    const room = MAX_ADDRESS - address + 1n;
    const clamped = BigInt(length) > room ? Number(room) : length;
    if (clamped === 0) return [];
    const pieces = mapRange(this.runTable.runs, address, clamped);
    return Promise.all(pieces.map((piece) => this.fill(piece)));
  }

  async readBytes(start: bigint, end: bigint): Promise<Uint8Array> {
    if (end <= start) return new Uint8Array(0);
    const total = end - start;
    if (total > BigInt(MAX_ARGV_ENV_BYTES)) {
      throw new LimitError(`readBytes is limited to ${MAX_ARGV_ENV_BYTES} bytes (asked for ${total})`);
    }
    const out = new Uint8Array(Number(total));
    const pieces = mapRange(this.runTable.runs, start, Number(total));
    await Promise.all(
      pieces.map(async (piece) => {
        const filled = await this.fill(piece);
        if (filled.bytes) out.set(filled.bytes, Number(piece.address - start));
      }),
    );
    return out;
  }

  async readArgvEnv(): Promise<{ argv: string[]; env: string[] }> {
    const { argStart, argEnd, envStart, envEnd } = this.argvEnv;
    return {
      argv: await this.readStrings(argStart, argEnd),
      env: await this.readStrings(envStart, envEnd),
    };
  }

  private async readStrings(start: bigint | undefined, end: bigint | undefined): Promise<string[]> {
    if (start === undefined || end === undefined || end <= start) return [];
    let stop = end;
    if (stop - start > BigInt(MAX_ARGV_ENV_BYTES)) {
      this.warnings.push({
        file: this.pagesImage ?? `mm-${this.pid}.img`,
        message: `argv/environ range of ${stop - start} bytes cut to ${MAX_ARGV_ENV_BYTES}`,
      });
      stop = start + BigInt(MAX_ARGV_ENV_BYTES);
    }
    const items = splitNul(await this.readBytes(start, stop), LIMITS.maxArgvEnvItems);
    if (items.length > LIMITS.maxArgvEnvItems) {
      this.warnings.push({
        file: this.pagesImage ?? `mm-${this.pid}.img`,
        message: `argv/environ holds more than ${LIMITS.maxArgvEnvItems} strings; only the first ${LIMITS.maxArgvEnvItems} are shown`,
      });
      items.length = LIMITS.maxArgvEnvItems;
    }
    return items;
  }

  private async fill(piece: RunPiece): Promise<MemoryPiece> {
    if (piece.fileOffset < 0 || !this.pagesEntry) return { address: piece.address, length: piece.length, bytes: null };
    const bytes = await this.archive.read(this.pagesEntry, piece.fileOffset, piece.length);
    if (bytes.length !== piece.length) {
      throw new InspectorError(`short read: ${bytes.length} of ${piece.length} bytes`, {
        file: this.pagesEntry.path,
        offset: piece.fileOffset,
      });
    }
    return { address: piece.address, length: piece.length, bytes: Buffer.isBuffer(bytes) ? new Uint8Array(bytes) : bytes };
  }
}

const utf8 = new TextDecoder('utf-8');

/** NUL-separated strings; the empty item after the final NUL is not an item. Stops after
 *  `maxItems + 1` items, so the caller can tell that there were more. */
export function splitNul(bytes: Uint8Array, maxItems = Infinity): string[] {
  const items: string[] = [];
  let from = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    items.push(utf8.decode(bytes.subarray(from, i)));
    from = i + 1;
    if (items.length > maxItems) return items;
  }
  if (from < bytes.length) items.push(utf8.decode(bytes.subarray(from)));
  return items;
}
