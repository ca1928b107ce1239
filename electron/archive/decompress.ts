// Compressed evidence is decompressed once, streaming, into one private temporary file, which is
// then indexed like a plain tar. Bounded memory: input is fed in small slices (64 KiB gzip, 16 KiB
// zstd) and their output written before the next; limits stop a decompression bomb with a clear
// message naming the compressed offset. A damaged stream keeps every byte decoded before the damage.

import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { constants as zlibConstants, createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { LIMITS } from '../limits';
import { ZstdFrameGuard } from './zstd-guard';
import type { InspectorWarning } from '../../shared/model';
import { CancelledError, InspectorError, LimitError, describeError } from '../errors';
import type { StreamFormat } from './detect';
import type { ArchiveLimits } from './types';

export interface DecompressOptions {
  limits: ArchiveLimits;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface DecompressResult {
  /** Bytes written to the temporary file. */
  size: number;
  /** Set when decompression stopped early (truncated/corrupt stream, limit): what was written is kept. */
  problem?: InspectorError;
}

/** zstd input is read from disk in 1 MiB chunks. */
const INPUT_CHUNK = 1024 * 1024;
/** zstd input is fed in slices so that one push cannot expand unboundedly before limits are checked. */
const ZSTD_SLICE = 16 * 1024;

/** Decompresses `source` (gzip or zstd) into `target` (created with mode 0600, must not exist). */
export async function decompressToFile(
  source: string,
  format: Exclude<StreamFormat, 'tar'>,
  target: string,
  totalCompressed: number,
  options: DecompressOptions,
): Promise<DecompressResult> {
  const out = await open(target, 'wx', 0o600);
  const meter = new OutputMeter(source, format === 'tar.gz' ? 'gzip' : 'zstd', options.limits);
  let written = 0;
  const write = async (chunk: Uint8Array) => {
    let done = 0;
    while (done < chunk.length) {
      const { bytesWritten } = await out.write(chunk, done, chunk.length - done, written + done);
      done += bytesWritten;
    }
    written += chunk.length;
  };
  try {
    if (format === 'tar.gz') await gunzipInto(source, write, meter, totalCompressed, options);
    else await unzstdInto(source, write, meter, totalCompressed, options);
    return { size: written };
  } catch (error) {
    if (error instanceof CancelledError || options.signal?.aborted) throw new CancelledError();
    if (error instanceof InspectorError) return { size: written, problem: error };
    return { size: written, problem: new InspectorError(describeError(error), { file: source, offset: meter.compressedOffset }) };
  } finally {
    await out.close();
  }
}

/** Counts output against the limits; `compressedOffset` is how far into the input decoding got. */
class OutputMeter {
  compressedOffset = 0;
  produced = 0;

  constructor(
    private readonly source: string,
    private readonly format: string,
    private readonly limits: ArchiveLimits,
  ) {}

  add(bytes: number): void {
    this.produced += bytes;
    const where = { file: this.source, offset: this.compressedOffset };
    if (this.produced > this.limits.maxDecompressedBytes) {
      throw new LimitError(
        `decompression stopped at compressed offset ${this.compressedOffset}: output exceeds the limit of ${this.limits.maxDecompressedBytes} bytes`,
        where,
      );
    }
    if (this.produced > this.limits.compressionRatioGraceBytes) {
      const ratio = this.produced / Math.max(1, this.compressedOffset);
      if (ratio > this.limits.maxCompressionRatio) {
        throw new LimitError(
          `decompression stopped at compressed offset ${this.compressedOffset}: expansion ratio ${Math.round(ratio)}:1 exceeds ${this.limits.maxCompressionRatio}:1 (likely a decompression bomb)`,
          where,
        );
      }
    }
  }

  streamError(message: string, where = `at compressed offset ${this.compressedOffset}`): InspectorError {
    return new InspectorError(`${this.format} stream ${message} ${where}`, {
      file: this.source,
      offset: this.compressedOffset,
    });
  }
}

/** Compressed bytes fed to zlib at a time (also the granularity of progress and of limit checks). */
const GZIP_SLICE = 64 * 1024;
/** Steps a failing slice is fed in by the next recovery pass (64 KiB -> 256 B -> 1 B: three passes of
 *  at most 256 writes each, instead of one write per byte). */
const CAREFUL_STEPS = 256;

async function gunzipInto(
  source: string,
  write: (chunk: Uint8Array) => Promise<void>,
  meter: OutputMeter,
  total: number,
  options: DecompressOptions,
): Promise<void> {
  const handle = await open(source, 'r');
  try {
    let written = 0;
    const sink = async (chunk: Uint8Array) => {
      await write(chunk);
      written += chunk.length;
    };
    const first = await gunzipPass(handle, total, { skip: 0, finishFlush: zlibConstants.Z_FINISH }, sink, meter, options);
    if (!first.error) return;
    // zlib drops the output of the write that fails (the last partial chunk). Further passes keep
    // everything: each skips what was written, narrows the failing slice by feeding it in steps of
    // 1/CAREFUL_STEPS of its length (down to single bytes), and does not insist on an end-of-stream.
    const firstOffset = first.offset;
    let range = { from: first.sliceStart, to: first.sliceEnd };
    let second: GunzipPassResult;
    for (;;) {
      const step = Math.max(1, Math.ceil((range.to - range.from) / CAREFUL_STEPS));
      second = await gunzipPass(
        handle,
        total,
        { skip: written, careful: { ...range, step }, finishFlush: zlibConstants.Z_SYNC_FLUSH },
        sink,
        meter,
        options,
      );
      if (!second.error || step === 1) break;
      range = { from: second.sliceStart, to: second.sliceEnd };
    }
    const code = (first.error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR') {
      meter.compressedOffset = firstOffset;
      throw meter.streamError('is truncated (unexpected end of file)');
    }
    meter.compressedOffset = second.error ? second.offset : firstOffset;
    throw meter.streamError(`is corrupt or has trailing data (${(second.error ?? first.error).message})`);
  } finally {
    await handle.close();
  }
}

interface GunzipPassOptions {
  /** Output bytes an earlier pass already wrote: dropped here. */
  skip: number;
  /** Input range fed `step` bytes at a time, so that a failure inside it loses at most one step's output. */
  careful?: { from: number; to: number; step: number };
  finishFlush: number;
}

interface GunzipPassResult {
  error?: Error;
  /** Compressed offset at which the error was noticed. */
  offset: number;
  /** The input slice during which it happened. */
  sliceStart: number;
  sliceEnd: number;
}

async function readSlice(handle: FileHandle, pos: number, length: number): Promise<{ slice: Buffer; bytesRead: number }> {
  const slice = Buffer.alloc(length);
  const { bytesRead } = await handle.read(slice, 0, length, pos);
  return { slice, bytesRead };
}

/** The careful range is read once (it is one GZIP_SLICE at most) and then served from memory. */
const carefulCache = new WeakMap<NonNullable<GunzipPassOptions['careful']>, { slice: Buffer; bytesRead: number }>();
async function carefulBytes(
  handle: FileHandle,
  range: NonNullable<GunzipPassOptions['careful']>,
  pos: number,
  length: number,
): Promise<{ slice: Buffer; bytesRead: number }> {
  let whole = carefulCache.get(range);
  if (!whole) {
    whole = await readSlice(handle, range.from, range.to - range.from);
    carefulCache.set(range, whole);
  }
  const start = Math.min(pos - range.from, whole.bytesRead);
  const slice = whole.slice.subarray(start, Math.min(start + length, whole.bytesRead));
  return { slice, bytesRead: slice.length };
}

async function gunzipPass(
  handle: FileHandle,
  size: number,
  pass: GunzipPassOptions,
  sink: (chunk: Uint8Array) => Promise<void>,
  meter: OutputMeter,
  options: DecompressOptions,
): Promise<GunzipPassResult> {
  const gunzip = createGunzip({ finishFlush: pass.finishFlush });
  let output: Buffer[] = [];
  let failure: Error | undefined;
  let toSkip = pass.skip;
  gunzip.on('data', (chunk: Buffer) => output.push(chunk));
  gunzip.on('error', (error) => {
    failure ??= error;
  });
  const settle = (start: (done: () => void) => void) =>
    new Promise<void>((resolve) => {
      const done = () => {
        gunzip.off('error', done);
        resolve();
      };
      gunzip.once('error', done);
      start(done);
    });
  const drain = async () => {
    const chunks = output;
    output = [];
    for (let chunk of chunks) {
      if (toSkip > 0) {
        const dropped = Math.min(toSkip, chunk.length);
        toSkip -= dropped;
        chunk = chunk.subarray(dropped);
        if (chunk.length === 0) continue;
      }
      meter.add(chunk.length);
      await sink(chunk);
    }
  };
  try {
    let pos = 0;
    while (pos < size) {
      if (options.signal?.aborted) throw new CancelledError();
      const careful = pass.careful && pos >= pass.careful.from && pos < pass.careful.to;
      const untilCareful = pass.careful && pos < pass.careful.from ? pass.careful.from - pos : Infinity;
      const length = careful ? Math.min(pass.careful!.step, pass.careful!.to - pos) : Math.min(GZIP_SLICE, size - pos, untilCareful);
      const { slice, bytesRead } = careful
        ? await carefulBytes(handle, pass.careful!, pos, length)
        : await readSlice(handle, pos, length);
      if (bytesRead === 0) break;
      meter.compressedOffset = pos + bytesRead;
      await settle((done) => gunzip.write(slice.subarray(0, bytesRead), done));
      if (failure) return { error: failure, offset: pos, sliceStart: pos, sliceEnd: pos + bytesRead };
      await drain();
      pos += bytesRead;
      if (pass.skip === 0) options.onProgress?.(pos, size);
    }
    await settle((done) => {
      gunzip.once('end', done);
      gunzip.end();
    });
    await drain();
    return { error: failure, offset: size, sliceStart: size, sliceEnd: size };
  } finally {
    gunzip.destroy();
  }
}

async function unzstdInto(
  source: string,
  write: (chunk: Uint8Array) => Promise<void>,
  meter: OutputMeter,
  total: number,
  options: DecompressOptions,
): Promise<void> {
  let pending: Uint8Array[] = [];
  const decoder = new Decompress((block) => {
    if (block.length === 0) return;
    meter.add(block.length);
    pending.push(block.slice());
  });
  const flush = async () => {
    const blocks = pending;
    pending = [];
    for (const block of blocks) await write(block);
  };
  const guard = new ZstdFrameGuard(LIMITS.maxZstdWindowBytes, source);
  const push = (slice: Uint8Array, final: boolean, sliceStart: number) => {
    guard.feed(slice);
    try {
      decoder.push(slice, final);
    } catch (error) {
      if (error instanceof InspectorError) throw error;
      const message = (error as Error).message;
      if (/unexpected EOF/i.test(message)) throw meter.streamError('is truncated (unexpected end of file)');
      // fzstd does not say where inside the slice it failed.
      const end = meter.compressedOffset;
      meter.compressedOffset = sliceStart;
      throw meter.streamError(`is corrupt or has trailing data (${message})`, `in compressed bytes ${sliceStart}-${end}`);
    }
  };
  const input = createReadStream(source, { highWaterMark: INPUT_CHUNK, signal: options.signal });
  let read = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      for (let at = 0; at < chunk.length; at += ZSTD_SLICE) {
        const slice = chunk.subarray(at, Math.min(chunk.length, at + ZSTD_SLICE));
        meter.compressedOffset = read + at + slice.length;
        push(slice, false, read + at);
        await flush();
      }
      read += chunk.length;
      options.onProgress?.(read, total);
    }
    meter.compressedOffset = read;
    push(new Uint8Array(0), true, read);
    await flush();
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw new CancelledError();
    await flush(); // the blocks decoded before the failure are good data
    throw error;
  } finally {
    input.destroy();
  }
}

export function problemWarning(problem: InspectorError, file: string): InspectorWarning {
  return {
    file,
    offset: problem.offset,
    message: `${problem.message}; the entries decompressed before it are indexed`,
  };
}
