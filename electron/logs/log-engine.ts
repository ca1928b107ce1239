// Indexes a log by line offsets in one streaming pass, then reads lines on demand and filters them.
// Runs inside the logindex worker; nothing here holds more than one read window of the log's bytes.
import { isAscii } from 'node:buffer';
import type { LogKind, LogLine, LogQuery } from '../../shared/model';
import { CancelledError, InspectorError } from '../errors';
import { LIMITS } from '../limits';
import { criPrefixCode, MAX_CRI_PREFIX, parseCriPrefix, rfc3339ToMs, STDERR, STDOUT, type CriPrefix } from './cri-record';
import { LEVEL_ERROR, LEVEL_WARNING, MAX_CRIU_PREFIX, parseCriuPrefix } from './criu-line';
import {
  FLAG_CLASS_MASK,
  FLAG_INTERLEAVED,
  FLAG_JOINED,
  FLAG_MALFORMED,
  FLAG_UNTERMINATED,
  LineTable,
} from './line-table';

/** Positioned reads of the log's bytes (offsets relative to the log's first byte). */
export interface LogByteSource {
  readonly size: number;
  /** Up to `length` bytes at `offset` (fewer only at the end of the log); into `target` when given
   *  (the result is then a view of it). */
  read(offset: number, length: number, target?: Buffer): Promise<Buffer>;
}

export interface LogCounts {
  /** Bytes of the log indexed so far. */
  bytesIndexed: number;
  size: number;
  /** Physical records (container) or lines (CRIU). */
  records: number;
  /** Joined lines (container) or lines (CRIU). */
  lines: number;
  /** Joined lines per stream. */
  stdout: number;
  stderr: number;
  /** Records tagged P (the line goes on in the next record). */
  partialRecords: number;
  malformed: number;
  errors: number;
  warnings: number;
  first?: string;
  last?: string;
  complete: boolean;
  /** Bytes held by the index. */
  indexBytes: number;
}

export function emptyCounts(size: number): LogCounts {
  return {
    bytesIndexed: 0,
    size,
    records: 0,
    lines: 0,
    stdout: 0,
    stderr: 0,
    partialRecords: 0,
    malformed: 0,
    errors: 0,
    warnings: 0,
    complete: false,
    indexBytes: 0,
  };
}

export interface FilterResult {
  lines: number[];
  limitReached: boolean;
}

/** Line numbers one filter returns at most. */
export const MAX_FILTER_RESULTS = 100_000;
/** Lines one readLines call returns at most. */
export const MAX_READ_LINES = 10_000;

const INDEX_CHUNK = 4 * 1024 * 1024;
const READ_WINDOW = 256 * 1024;
const FILTER_WINDOW = 4 * 1024 * 1024;
const NEWLINE = 0x0a;
/** A record is looked at only this far past the line cap (its prefix); the rest is never read. */
const RECORD_CAP = LIMITS.maxLogLineBytes + MAX_CRI_PREFIX + 1;

const utf8 = new TextDecoder('utf-8');

/** A cache of one window of bytes over the source. */
class WindowReader {
  private buf: Buffer = Buffer.alloc(0);
  private start = 0;

  constructor(
    private readonly source: LogByteSource,
    private readonly windowSize: number,
  ) {}

  /** The buffer and position of `offset`; at least min(length, size - offset) bytes follow it. */
  async view(offset: number, length: number): Promise<{ buf: Buffer; at: number; end: number }> {
    const want = Math.min(length, this.source.size - offset);
    if (offset < this.start || offset + want > this.start + this.buf.length) {
      const readLength = Math.min(Math.max(want, this.windowSize), this.source.size - offset);
      this.buf = await this.source.read(offset, readLength);
      this.start = offset;
    }
    return { buf: this.buf, at: offset - this.start, end: this.buf.length };
  }
}

/** One physical record (a line of the file) as read back. */
interface RecordView {
  buf: Buffer;
  start: number;
  /** End of the record's bytes in `buf` (newline excluded), at most RECORD_CAP after start. */
  end: number;
  /** File offset of the next record, or -1 when the record is longer than the cap. */
  next: number;
}

async function readRecord(reader: WindowReader, size: number, offset: number): Promise<RecordView> {
  let want = 4096;
  for (;;) {
    const { buf, at, end } = await reader.view(offset, want);
    const limit = Math.min(end, at + RECORD_CAP);
    const nl = buf.indexOf(NEWLINE, at);
    if (nl >= 0 && nl < limit) return { buf, start: at, end: nl, next: offset + (nl - at) + 1 };
    const available = end - at;
    if (offset + available >= size) return { buf, start: at, end, next: size };
    if (available >= RECORD_CAP) return { buf, start: at, end: at + RECORD_CAP, next: -1 };
    want = Math.min(RECORD_CAP, Math.max(want * 4, available + 1));
  }
}

export class LogEngine {
  readonly table = new LineTable();
  private readonly counts: LogCounts;
  /** Per stream: the line a partial (P) chain is open on, or -1. */
  private readonly pending = [-1, -1];
  /** The line whose record runs past the current chunk (classified, end not yet seen), or -1. */
  private openLine = -1;
  private firstOffset = -1;
  private lastStampOffset = -1;
  private lastStampLength = 0;
  private filterGeneration = 0;
  private readonly reader: WindowReader;
  private indexedResolve!: () => void;
  /** Settles when indexing ends (done, failed or cancelled). */
  readonly indexed: Promise<void>;

  private readonly chunkSize: number;
  private readonly filterWindow: number;

  constructor(
    readonly kind: LogKind,
    private readonly source: LogByteSource,
    readonly entryPath: string,
    options: { chunkSize?: number; filterWindow?: number } = {},
  ) {
    if (!Number.isSafeInteger(source.size) || source.size < 0) {
      throw new InspectorError(`log size ${source.size} is not a byte count`, { file: entryPath });
    }
    this.filterWindow = options.filterWindow ?? FILTER_WINDOW;
    // A chunk must hold more than a record prefix so any record can be classified from one read.
    this.chunkSize = Math.max(options.chunkSize ?? INDEX_CHUNK, 2 * Math.max(MAX_CRI_PREFIX, MAX_CRIU_PREFIX));
    this.counts = emptyCounts(source.size);
    this.reader = new WindowReader(source, READ_WINDOW);
    this.indexed = new Promise((resolve) => (this.indexedResolve = resolve));
  }

  snapshot(): LogCounts {
    return { ...this.counts, indexBytes: this.table.byteSize };
  }

  /** One pass over the log; `progress` is called after every chunk. */
  async index(shouldStop: () => boolean, progress: (counts: LogCounts) => void): Promise<LogCounts> {
    try {
      await this.scan(shouldStop, progress);
      this.finish();
      return this.snapshot();
    } finally {
      this.indexedResolve();
    }
  }

  private async scan(shouldStop: () => boolean, progress: (counts: LogCounts) => void): Promise<void> {
    const { size } = this.source;
    const prefixBytes = this.kind === 'container' ? MAX_CRI_PREFIX : MAX_CRIU_PREFIX;
    let pos = 0;
    // One buffer for the whole pass: 1 GB of garbage chunks would bloat the heap's external memory.
    const chunk = Buffer.allocUnsafe(Math.min(this.chunkSize, size));
    while (pos < size) {
      if (shouldStop()) throw new CancelledError();
      const buf = await this.source.read(pos, Math.min(this.chunkSize, size - pos), chunk);
      if (buf.length === 0) throw new InspectorError('log ended early while indexing', { file: this.entryPath, offset: pos });
      let p = 0;
      if (this.openLine >= 0) {
        const nl = buf.indexOf(NEWLINE);
        if (nl < 0) {
          pos += buf.length;
          this.counts.bytesIndexed = pos;
          continue;
        }
        this.openLine = -1;
        p = nl + 1;
      }
      const atEof = pos + buf.length >= size;
      while (p < buf.length) {
        const nl = buf.indexOf(NEWLINE, p);
        if (nl >= 0) {
          this.record(buf, p, nl, pos + p, false);
          p = nl + 1;
          continue;
        }
        if (atEof) {
          this.record(buf, p, buf.length, pos + p, false);
          p = buf.length;
        } else if (buf.length - p > prefixBytes) {
          // A record longer than what is left of the chunk: its prefix is enough to classify it.
          this.record(buf, p, buf.length, pos + p, true);
          p = buf.length;
        }
        break; // otherwise the next read starts at this record
      }
      pos += p;
      this.counts.bytesIndexed = pos;
      this.stampLast(buf, pos - p);
      progress(this.snapshot());
    }
  }

  private record(buf: Buffer, start: number, end: number, offset: number, open: boolean): void {
    this.counts.records++;
    const line = this.kind === 'container' ? this.containerRecord(buf, start, end, offset) : this.criuRecord(buf, start, end, offset);
    if (open) this.openLine = line;
  }

  private containerRecord(buf: Buffer, start: number, end: number, offset: number): number {
    const code = criPrefixCode(buf, start, end);
    if (code < 0) {
      this.counts.malformed++;
      this.markInterleaved(-1);
      this.counts.lines++;
      return this.table.push(offset, FLAG_MALFORMED);
    }
    this.noteStamp(buf, start, start + ((code >>> 2) & 0xff), offset);
    const stream = code & 1;
    this.markInterleaved(stream);
    let line = this.pending[stream];
    if (line >= 0) this.table.addFlags(line, FLAG_JOINED);
    else line = this.table.push(offset, stream);
    if (code & 2) {
      this.counts.partialRecords++;
      this.pending[stream] = line;
    } else {
      this.pending[stream] = -1;
      this.countLine(stream);
    }
    return line;
  }

  /** A record of `stream` (-1: malformed) arrived: open chains of the other streams now straddle it. */
  private markInterleaved(stream: number): void {
    const [out, err] = this.pending;
    if (out >= 0 && stream !== STDOUT) this.table.addFlags(out, FLAG_INTERLEAVED);
    if (err >= 0 && stream !== STDERR) this.table.addFlags(err, FLAG_INTERLEAVED);
  }

  private countLine(stream: number): void {
    this.counts.lines++;
    if (stream === STDOUT) this.counts.stdout++;
    else this.counts.stderr++;
  }

  private criuRecord(buf: Buffer, start: number, end: number, offset: number): number {
    const prefix = parseCriuPrefix(buf, start, end);
    if (prefix.timeEnd >= 0) this.noteStamp(buf, start, prefix.timeEnd, offset);
    if (prefix.level === LEVEL_ERROR) this.counts.errors++;
    else if (prefix.level === LEVEL_WARNING) this.counts.warnings++;
    this.counts.lines++;
    return this.table.push(offset, prefix.level);
  }

  private noteStamp(buf: Buffer, start: number, timeEnd: number, offset: number): void {
    if (this.firstOffset < 0) {
      this.firstOffset = offset;
      this.counts.first = buf.toString('latin1', start, timeEnd);
    }
    this.lastStampOffset = offset;
    this.lastStampLength = timeEnd - start;
  }

  /** Decodes the last stamp seen, if it lies in the chunk just scanned (chunkStart = its file offset). */
  private stampLast(buf: Buffer, chunkStart: number): void {
    if (this.lastStampOffset < chunkStart) return;
    const at = this.lastStampOffset - chunkStart;
    this.counts.last = buf.toString('latin1', at, at + this.lastStampLength);
  }

  private finish(): void {
    for (const s of [STDOUT, STDERR]) {
      const line = this.pending[s];
      if (line < 0) continue;
      this.table.addFlags(line, FLAG_UNTERMINATED);
      this.countLine(s);
      this.pending[s] = -1;
    }
    this.openLine = -1;
    this.counts.complete = true;
  }

  /** Lines that are final: every record they join has been seen. */
  get readableLines(): number {
    let n = this.table.length;
    for (const line of [...this.pending, this.openLine]) if (line >= 0 && line < n) n = line;
    return n;
  }

  async readLines(start: number, count: number): Promise<LogLine[]> {
    const end = Math.min(this.readableLines, start + Math.min(count, MAX_READ_LINES));
    const lines: LogLine[] = [];
    for (let i = Math.max(0, start); i < end; i++) lines.push(await this.readLine(i, this.reader));
    return lines;
  }

  private readLine(index: number, reader: WindowReader): Promise<LogLine> {
    return this.kind === 'container' ? this.readContainerLine(index, reader) : this.readCriuLine(index, reader);
  }

  private async readCriuLine(index: number, reader: WindowReader): Promise<LogLine> {
    const offset = this.table.offset(index);
    const rec = await readRecord(reader, this.source.size, offset);
    const prefix = parseCriuPrefix(rec.buf, rec.start, rec.end);
    const textEnd = Math.min(rec.end, prefix.messageStart + LIMITS.maxLogLineBytes);
    const line: LogLine = {
      index,
      offset,
      level: prefix.level === LEVEL_ERROR ? 'error' : prefix.level === LEVEL_WARNING ? 'warning' : 'info',
      records: 1,
      text: utf8.decode(rec.buf.subarray(prefix.messageStart, textEnd)),
    };
    if (prefix.timeEnd >= 0) line.time = rec.buf.toString('latin1', rec.start, prefix.timeEnd);
    if (textEnd < rec.end || rec.next < 0) line.truncated = true;
    return line;
  }

  private async readContainerLine(index: number, reader: WindowReader): Promise<LogLine> {
    const offset = this.table.offset(index);
    const flags = this.table.flags(index);
    const size = this.source.size;
    let rec = await readRecord(reader, size, offset);
    const first = (flags & FLAG_MALFORMED) === 0 ? parseCriPrefix(rec.buf, rec.start, rec.end) : null;
    if (!first) {
      const end = Math.min(rec.end, rec.start + LIMITS.maxLogLineBytes);
      const line: LogLine = { index, offset, records: 1, text: utf8.decode(rec.buf.subarray(rec.start, end)), malformed: true };
      if (end < rec.end || rec.next < 0) line.truncated = true;
      return line;
    }
    const time = rec.buf.toString('latin1', rec.start, first.timeEnd);
    const parts: Buffer[] = [];
    let bytes = 0;
    let records = 0;
    let truncated = false;
    let prefix: CriPrefix | null = first;
    for (;;) {
      if (prefix && prefix.stream === first.stream) {
        records++;
        const room = LIMITS.maxLogLineBytes - bytes;
        const content = rec.buf.subarray(prefix.contentStart, rec.end);
        // Copy: the window buffer is replaced by the next read.
        parts.push(Buffer.from(content.subarray(0, room)));
        bytes += Math.min(room, content.length);
        if (content.length > room || rec.next < 0) {
          truncated = true;
          break;
        }
        if (!prefix.partial) break;
      } else if ((flags & FLAG_INTERLEAVED) === 0) {
        break; // a foreign record inside a line that was indexed as contiguous: the log changed
      }
      if (rec.next < 0 || rec.next >= size) break;
      rec = await readRecord(reader, size, rec.next);
      prefix = parseCriPrefix(rec.buf, rec.start, rec.end);
    }
    const line: LogLine = {
      index,
      offset,
      time,
      timeMs: rfc3339ToMs(time),
      stream: first.stream === STDOUT ? 'stdout' : 'stderr',
      records,
      text: utf8.decode(parts.length === 1 ? parts[0] : Buffer.concat(parts)),
    };
    if (truncated) line.truncated = true;
    return line;
  }

  /** Line numbers matching the query, in order, at most `max`. A newer filter call cancels this one. */
  async filter(query: LogQuery, max = MAX_FILTER_RESULTS): Promise<FilterResult> {
    const generation = ++this.filterGeneration;
    const matcher = buildMatcher(query);
    await this.indexed;
    const classCode = this.queryClass(query);
    const n = this.readableLines;
    const lines: number[] = [];
    const wanted = (i: number): boolean => classCode < 0 || this.classOf(i) === classCode;
    if (!matcher) {
      for (let i = 0; i < n && lines.length <= max; i++) if (wanted(i)) lines.push(i);
      return bounded(lines, max);
    }
    const reader = new WindowReader(this.source, this.filterWindow);
    const windowBuffer = Buffer.allocUnsafe(Math.min(this.filterWindow, this.source.size));
    let a = 0;
    while (a < n && lines.length <= max) {
      if (generation !== this.filterGeneration) throw new CancelledError();
      const b = this.windowEnd(a, n);
      const window = await this.textWindow(windowBuffer, a, b);
      const candidates = matcher.needle !== undefined ? this.prefilter(window, a, b, matcher.needle) : range(a, b);
      for (const i of candidates) {
        if (!wanted(i)) continue;
        const text = this.windowLineText(i, window) ?? (await this.lineText(i, reader));
        if (matcher.test(text)) {
          lines.push(i);
          if (lines.length > max) break;
        }
      }
      a = b;
    }
    return bounded(lines, max);
  }

  /** The bytes of lines [a, b) and their latin1 text (the same characters when they are all ASCII). */
  private async textWindow(reuse: Buffer, a: number, b: number): Promise<TextWindow> {
    const start = this.table.offset(a);
    const end = b < this.table.length ? this.table.offset(b) : this.source.size;
    // A single line longer than the window gets a buffer of its own.
    const bytes = await this.source.read(start, end - start, end - start <= reuse.length ? reuse : undefined);
    return { start, bytes, text: bytes.toString('latin1'), ascii: isAscii(bytes) };
  }

  /** A single-record line's text straight from an all-ASCII window (no decoding), or undefined. */
  private windowLineText(index: number, window: TextWindow): string | undefined {
    if (!window.ascii) return undefined;
    if (this.kind === 'container' && this.table.flags(index) & (FLAG_JOINED | FLAG_INTERLEAVED | FLAG_UNTERMINATED | FLAG_MALFORMED)) {
      return undefined;
    }
    const s = this.table.offset(index) - window.start;
    let e = window.text.indexOf('\n', s);
    if (e < 0) {
      if (window.start + window.bytes.length < this.source.size) return undefined; // runs past the window
      e = window.bytes.length;
    }
    let contentStart: number;
    if (this.kind === 'container') {
      const code = criPrefixCode(window.bytes, s, e);
      if (code < 0) return undefined;
      contentStart = s + (code >>> 10);
    } else contentStart = parseCriuPrefix(window.bytes, s, e).messageStart;
    return window.text.slice(contentStart, Math.min(e, contentStart + LIMITS.maxLogLineBytes));
  }

  /** Stream or level code of a line; -1 for a malformed container record (it has neither). */
  private classOf(index: number): number {
    const flags = this.table.flags(index);
    return flags & FLAG_MALFORMED ? -1 : flags & FLAG_CLASS_MASK;
  }

  /** The text of a line, as readLines gives it, without building the LogLine when the line is a single
   *  record (the filter's hot path). */
  private async lineText(index: number, reader: WindowReader): Promise<string> {
    const flags = this.table.flags(index);
    if (this.kind === 'container' && flags & (FLAG_JOINED | FLAG_INTERLEAVED | FLAG_UNTERMINATED | FLAG_MALFORMED)) {
      return (await this.readLine(index, reader)).text;
    }
    const rec = await readRecord(reader, this.source.size, this.table.offset(index));
    let start = rec.start;
    if (this.kind === 'container') {
      const code = criPrefixCode(rec.buf, rec.start, rec.end);
      if (code < 0) return (await this.readLine(index, reader)).text;
      start += code >>> 10;
    } else start = parseCriuPrefix(rec.buf, rec.start, rec.end).messageStart;
    return rec.buf.toString('utf8', start, Math.min(rec.end, start + LIMITS.maxLogLineBytes));
  }

  private queryClass(query: LogQuery): number {
    if (this.kind === 'container') return query.stream === 'stdout' ? STDOUT : query.stream === 'stderr' ? STDERR : -1;
    return query.level === 'error' ? LEVEL_ERROR : query.level === 'warning' ? LEVEL_WARNING : -1;
  }

  /** End of the run of lines starting at `a` that fits one filter window (at least one line). */
  private windowEnd(a: number, n: number): number {
    const limit = this.table.offset(a) + this.filterWindow;
    let lo = a + 1;
    let hi = n;
    // Largest b such that lines [a, b) start within the window.
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.table.offset(mid - 1) < limit) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(a + 1, lo);
  }

  /** Lines of [a, b) that may contain `needle` (ASCII case folded). Joined and interleaved lines are
   *  always candidates (their text is not contiguous in the file). */
  private prefilter(window: TextWindow, a: number, b: number, needle: string): number[] {
    const haystack = window.text.toLowerCase();
    const out: number[] = [];
    let lastHitLine = -1;
    let from = 0;
    for (;;) {
      const hit = haystack.indexOf(needle, from);
      if (hit < 0) break;
      const line = this.lineIn(window.start + hit, a, b);
      if (line !== lastHitLine) out.push(line);
      lastHitLine = line;
      from = hit + 1;
    }
    for (let i = a; i < b; i++) if (this.table.flags(i) & (FLAG_JOINED | FLAG_INTERLEAVED)) out.push(i);
    return [...new Set(out)].sort((x, y) => x - y);
  }

  private lineIn(offset: number, a: number, b: number): number {
    let lo = a;
    let hi = b - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.table.offset(mid) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

interface TextWindow {
  /** File offset of the first byte. */
  start: number;
  bytes: Buffer;
  /** The bytes as latin1 (one character a byte). */
  text: string;
  ascii: boolean;
}

function range(a: number, b: number): number[] {
  const out = new Array<number>(b - a);
  for (let i = a; i < b; i++) out[i - a] = i;
  return out;
}

function bounded(lines: number[], max: number): FilterResult {
  return lines.length > max ? { lines: lines.slice(0, max), limitReached: true } : { lines, limitReached: false };
}

interface Matcher {
  test(text: string): boolean;
  /** For plain text: the needle as latin1-of-UTF-8, lower-cased, for the byte prefilter. */
  needle?: string;
}

const asciiLower = (text: string): string => text.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/** Plain text matches ignoring ASCII case; a regular expression is case-insensitive. */
export function buildMatcher(query: LogQuery): Matcher | null {
  const text = query.text ?? '';
  if (text === '') return null;
  if (query.regex) {
    let re: RegExp;
    try {
      re = new RegExp(text, 'i');
    } catch (error) {
      throw new InspectorError(`invalid regular expression: ${(error as Error).message}`);
    }
    return { test: (line) => re.test(line) };
  }
  const folded = asciiLower(text);
  return {
    test: (line) => asciiLower(line).includes(folded),
    needle: Buffer.from(text, 'utf8').toString('latin1').toLowerCase(),
  };
}
