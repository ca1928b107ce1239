// Indexes a tar by reading its headers only: read a 512-byte header, skip the data by its size
// rounded up to 512, repeat. Nested tars (rootfs-diff.tar, devshm-checkpoint.tar) are indexed in
// place, their members' offsets absolute in the same backing file.

import type { EntryType, InspectorWarning } from '../../shared/model';
import { CancelledError, InspectorError } from '../errors';
import type { BlockReader } from './block-reader';
import { type Kind, kindFromName, kindOfMember, kindWithMagic, needsMagic } from './kinds';
import { normaliseEntryName, quoteName, routineForm } from './paths';
import {
  BLOCK,
  HeaderFieldError,
  byteSum,
  checksums,
  checksumMatches,
  decodeHeader,
  isZeroBlock,
  looksLikeTarHeader,
  parsePaxRecords,
  paxInteger,
  paxTime,
  type RawHeader,
} from './tar-header';
import type { ArchiveEntry, ArchiveLimits } from './types';

export interface TarIndexContext {
  reader: BlockReader;
  /** The file the offsets refer to (evidence or its decompressed copy). */
  backingFile: string;
  /** Name used in warnings and errors for the outermost tar (the evidence path). */
  archiveName: string;
  limits: ArchiveLimits;
  signal?: AbortSignal;
  entries: ArchiveEntry[];
  warnings: InspectorWarning[];
  /** Set once maxEntries was reached: every level stops. */
  limitReached?: boolean;
}

interface Scope {
  /** Absolute offset of the tar's first byte in the backing file. */
  start: number;
  /** Absolute end (exclusive). */
  end: number;
  /** "" for the outermost tar, "rootfs-diff.tar/" for a nested one. */
  prefix: string;
  parent?: string;
  parentKind?: Kind;
  depth: number;
  /** What warnings name as the file; offsets in them are relative to `start`. */
  file: string;
}

/** Pending pax/GNU extended values for the next real header. */
interface Extended {
  path?: string;
  linkpath?: string;
  size?: number;
  mtime?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  sparse?: boolean;
}

const HEADER_ONLY_TYPES = new Set(['1', '2', '3', '4', '5', '6']);

const TYPE_OF_FLAG: Record<string, EntryType> = {
  '0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'chardev',
  '4': 'blockdev',
  '5': 'dir',
  '6': 'fifo',
  D: 'dir',
};

/** Shared empty value for the common case of a header without extended records (never written). */
const NO_EXTENDED: Extended = Object.freeze({});

function hasKeys(value: object): boolean {
  for (const _ in value) return true;
  return false;
}

function roundUp(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

class StopIndexing extends Error {}

/** Indexes the outermost tar spanning [0, end) of the backing file. Throws InspectorError when its
 *  first header cannot be read; later problems become warnings and indexing stops there. */
export async function indexTar(ctx: TarIndexContext, end: number): Promise<void> {
  await indexScope(ctx, { start: 0, end, prefix: '', depth: 0, file: ctx.archiveName });
}

async function indexScope(ctx: TarIndexContext, scope: Scope): Promise<boolean> {
  const firstEntry = ctx.entries.length;
  const global: Extended = {};
  let pending: Extended = NO_EXTENDED;
  let pos = scope.start;
  let sawEndMarker = false;
  /** Whether a real header was indexed: until then a failure means the input is not readable at all. */
  let indexedAny = false;

  const fail = (at: number, message: string): never => {
    const offset = at - scope.start;
    const text = `header at offset ${offset}: ${message}`;
    if (!indexedAny && scope.depth === 0) {
      throw new InspectorError(text, { file: scope.file, offset });
    }
    ctx.warnings.push({ file: scope.file, offset, message: `${text}; indexing stopped here` });
    throw new StopIndexing();
  };

  try {
    for (;;) {
      if (ctx.signal?.aborted) throw new CancelledError();
      if (ctx.limitReached) return true;
      if (pos >= scope.end) break;
      const want = Math.min(BLOCK, scope.end - pos);
      const block = ctx.reader.peek(pos, want) ?? (await ctx.reader.read(pos, want));
      if (block.length < BLOCK) fail(pos, `truncated: only ${block.length} of 512 bytes`);

      const sum = byteSum(block);
      if (sum === 0) {
        const next = pos + BLOCK < scope.end ? await ctx.reader.read(pos + BLOCK, Math.min(BLOCK, scope.end - pos - BLOCK)) : new Uint8Array(0);
        if (next.length < BLOCK || isZeroBlock(next)) {
          sawEndMarker = true;
          break;
        }
        ctx.warnings.push({ file: scope.file, offset: pos - scope.start, message: `lone zero block at offset ${pos - scope.start}; continuing` });
        pos += BLOCK;
        continue;
      }
      if (!checksumMatches(block, sum)) {
        const { stored, unsigned } = checksums(block);
        fail(pos, `checksum mismatch (stored ${stored === undefined ? 'unreadable' : stored}, computed ${unsigned})`);
      }
      let header: RawHeader;
      try {
        header = decodeHeader(block);
      } catch (error) {
        return fail(pos, error instanceof Error ? error.message : String(error));
      }

      const dataStart = pos + BLOCK;
      if (header.typeflag === 'x' || header.typeflag === 'g' || header.typeflag === 'L' || header.typeflag === 'K') {
        const data = await readExtended(ctx, scope, pos, header, fail);
        if (header.typeflag !== 'g' && pending === NO_EXTENDED) pending = {};
        applyExtended(header, data, header.typeflag === 'g' ? global : pending, pos, fail);
        pos = dataStart + roundUp(header.size);
        continue;
      }

      if (ctx.entries.length >= ctx.limits.maxEntries) {
        ctx.limitReached = true;
        ctx.warnings.push({
          file: scope.file,
          offset: pos - scope.start,
          message: `entry limit reached (${ctx.limits.maxEntries} entries): the rest of the archive from offset ${pos - scope.start} is not indexed`,
        });
        return true;
      }
      const ext = hasKeys(global) ? { ...global, ...pending } : pending;
      pending = NO_EXTENDED;
      const entry = makeEntry(ctx, scope, header, ext, pos);
      indexedAny = true;
      if (entry.type === 'dir' && entry.path === `${scope.prefix}.`) {
        // The archive's own root ("./" from `tar -C dir .`): the tree root, not an entry.
        pos = dataStart + roundUp(entry.size);
        continue;
      }
      const size = entry.size;
      const available = scope.end - dataStart;
      ctx.entries.push(entry);

      const classifying = classify(ctx, scope, entry, dataStart);
      if (classifying) await classifying;
      if (size > available) {
        ctx.warnings.push({
          file: scope.file,
          offset: dataStart - scope.start,
          message: `${entry.path}: data runs past the end of the archive (${size} bytes declared, ${Math.max(0, available)} present); reads are cut short and indexing stopped here`,
        });
        return true;
      }
      pos = dataStart + roundUp(size);
    }
  } catch (error) {
    if (error instanceof StopIndexing) return ctx.entries.length > firstEntry;
    throw error;
  }

  if (!sawEndMarker && scope.depth === 0 && pos > scope.start) {
    ctx.warnings.push({ file: scope.file, offset: pos - scope.start, message: `archive ends at offset ${pos - scope.start} without an end-of-archive marker` });
  }
  if (ctx.entries.length === firstEntry && scope.depth === 0) {
    const why = pos === scope.start ? ' (it starts with the end-of-archive marker: only zero blocks)' : '';
    throw new InspectorError(`header at offset 0: the archive holds no entries${why}`, { file: scope.file, offset: 0 });
  }
  return true;
}

async function readExtended(
  ctx: TarIndexContext,
  scope: Scope,
  pos: number,
  header: RawHeader,
  fail: (at: number, message: string) => never,
): Promise<Uint8Array> {
  const what = header.typeflag === 'x' || header.typeflag === 'g' ? 'pax extended header' : 'GNU long name header';
  if (header.size > ctx.limits.maxExtendedHeaderBytes) {
    fail(pos, `${what} of ${header.size} bytes exceeds the limit of ${ctx.limits.maxExtendedHeaderBytes} bytes`);
  }
  if (pos + BLOCK + header.size > scope.end) {
    fail(pos, `${what} of ${header.size} bytes runs past the end of the archive`);
  }
  return ctx.reader.readDirect(pos + BLOCK, header.size);
}

function applyExtended(
  header: RawHeader,
  data: Uint8Array,
  target: Extended,
  pos: number,
  fail: (at: number, message: string) => never,
): void {
  try {
    if (header.typeflag === 'L' || header.typeflag === 'K') {
      const end = data.indexOf(0);
      const bytes = end === -1 ? data : data.subarray(0, end);
      const value = new TextDecoder('utf-8').decode(bytes);
      if (header.typeflag === 'L') target.path = value;
      else target.linkpath = value;
      return;
    }
    for (const { key, value } of parsePaxRecords(data)) {
      switch (key) {
        case 'path':
          target.path = value;
          break;
        case 'linkpath':
          target.linkpath = value;
          break;
        case 'size':
          target.size = paxInteger(key, value);
          break;
        case 'mtime':
          target.mtime = paxTime(key, value);
          break;
        case 'uid':
          target.uid = paxInteger(key, value);
          break;
        case 'gid':
          target.gid = paxInteger(key, value);
          break;
        case 'uname':
          target.uname = value;
          break;
        case 'gname':
          target.gname = value;
          break;
        default:
          if (key.startsWith('GNU.sparse.')) target.sparse = true;
      }
    }
  } catch (error) {
    if (error instanceof HeaderFieldError) fail(pos, error.message);
    throw error;
  }
}

function makeEntry(ctx: TarIndexContext, scope: Scope, header: RawHeader, ext: Extended, pos: number): ArchiveEntry {
  const storedName = ext.path ?? header.name;
  let type: EntryType = TYPE_OF_FLAG[header.typeflag] ?? 'other';
  if (type === 'file' && header.typeflag !== '7' && storedName.endsWith('/')) type = 'dir'; // pre-POSIX directories
  const offset = pos - scope.start;
  const { path: normalised, problems } = normaliseEntryName(storedName);
  if (!header.nameWasUtf8 && ext.path === undefined) problems.push('name is not valid UTF-8 (shown as latin1)');
  const relative = normalised === '' ? '.' : normalised;
  const path = scope.prefix + relative;

  if (header.typeflag === 'S' || ext.sparse) {
    type = 'other';
    warnAt(ctx, scope, offset, `${path}: GNU sparse file, indexed as 'other' (its holes are not expanded)`);
  } else if (type === 'other') {
    warnAt(ctx, scope, offset, `${path}: unsupported entry type '${printableFlag(header.typeflag)}', indexed as 'other'`);
  }

  const declaredSize = ext.size ?? header.size;
  const size = HEADER_ONLY_TYPES.has(header.typeflag) ? 0 : declaredSize;

  const entry: ArchiveEntry = {
    path,
    type,
    size,
    mode: header.mode & 0o7777,
    uid: ext.uid ?? header.uid,
    gid: ext.gid ?? header.gid,
    mtime: ext.mtime ?? header.mtime,
    kindId: 'file',
    kind: 'file',
    headerOffset: pos,
  };
  const uname = ext.uname ?? header.uname;
  const gname = ext.gname ?? header.gname;
  if (uname) entry.uname = uname;
  if (gname) entry.gname = gname;
  const link = ext.linkpath ?? header.linkname;
  if ((type === 'symlink' || type === 'hardlink') && link) entry.linkTarget = link;
  if (scope.parent) entry.parent = scope.parent;
  if (routineForm(storedName) !== relative) entry.rawName = storedName;
  if (problems.length > 0) warnAt(ctx, scope, offset, `entry name ${quoteName(storedName)} was normalised to "${relative}": ${problems.join('; ')}`);
  if (normalised === '' && type !== 'dir') warnAt(ctx, scope, offset, `entry at offset ${offset} has an empty name; shown as "."`);
  if (size > 0 || !HEADER_ONLY_TYPES.has(header.typeflag)) entry.backing = { file: ctx.backingFile, offset: pos + BLOCK };
  if (declaredSize > 0 && HEADER_ONLY_TYPES.has(header.typeflag)) {
    warnAt(ctx, scope, offset, `${path}: size field ${declaredSize} ignored for a ${type} entry (no data follows such headers)`);
  }
  return entry;
}

function warnAt(ctx: TarIndexContext, scope: Scope, offset: number, message: string): void {
  ctx.warnings.push({ file: scope.file, offset, message });
}

function printableFlag(flag: string): string {
  const code = flag.charCodeAt(0);
  return code >= 0x21 && code <= 0x7e ? flag : `0x${code.toString(16)}`;
}

/** Sets the entry's kind; indexes it as a nested archive when it is one. Synchronous unless bytes
 *  outside the read-ahead window are needed (this runs once per entry: keep it cheap). */
function classify(ctx: TarIndexContext, scope: Scope, entry: ArchiveEntry, dataStart: number): Promise<void> | undefined {
  if (scope.parentKind) {
    Object.assign(entry, kindOfMember(entry.type, scope.parentKind));
  } else {
    const nameKind = kindFromName(entry.path, entry.type);
    entry.kindId = nameKind.kindId;
    entry.kind = nameKind.kind;
    if (needsMagic(entry.path, entry.type)) {
      const want = Math.min(8, entry.size);
      const head = ctx.reader.peek(dataStart, want);
      if (!head) return ctx.reader.read(dataStart, want).then((bytes) => finishClassify(ctx, scope, entry, dataStart, nameKind, bytes));
      return finishClassify(ctx, scope, entry, dataStart, nameKind, head);
    }
  }
  return nestedIndex(ctx, scope, entry, dataStart);
}

function finishClassify(ctx: TarIndexContext, scope: Scope, entry: ArchiveEntry, dataStart: number, nameKind: Kind, head: Uint8Array) {
  const verdict = kindWithMagic(entry.path, nameKind, head);
  entry.kindId = verdict.kindId;
  entry.kind = verdict.kind;
  if (verdict.warning) ctx.warnings.push({ file: entry.path, offset: 0, message: verdict.warning });
  return nestedIndex(ctx, scope, entry, dataStart);
}

function nestedIndex(ctx: TarIndexContext, scope: Scope, entry: ArchiveEntry, dataStart: number): Promise<void> | undefined {
  if (entry.type !== 'file' || !entry.path.endsWith('.tar') || entry.size < BLOCK) return undefined;
  return (async () => {
    const end = Math.min(dataStart + entry.size, scope.end);
    if (end - dataStart < BLOCK) return;
    const first = await ctx.reader.read(dataStart, BLOCK);
    if (!looksLikeTarHeader(first)) return;
    if (scope.depth >= ctx.limits.maxNestingDepth) {
      ctx.warnings.push({
        file: entry.path,
        message: `a tar nested ${scope.depth + 1} deep is not indexed (nesting depth limit ${ctx.limits.maxNestingDepth}); its bytes stay readable as one entry`,
      });
      return;
    }
    entry.isNestedArchive = true;
    const nested: Scope = {
      start: dataStart,
      end,
      prefix: `${entry.path}/`,
      parent: entry.path,
      parentKind: { kindId: entry.kindId, kind: entry.kind },
      depth: scope.depth + 1,
      file: entry.path,
    };
    await indexScope(ctx, nested);
  })();
}
