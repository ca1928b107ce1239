// Compressed evidence is decompressed once, streaming, into one private temporary file, which is
// then indexed like a plain tar. Bounded memory: input is read in 1 MiB chunks and output written as
// it comes; limits stop a decompression bomb with a clear message naming the compressed offset.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
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

  streamError(message: string): InspectorError {
    return new InspectorError(`${this.format} stream ${message} at compressed offset ${this.compressedOffset}`, {
      file: this.source,
      offset: this.compressedOffset,
    });
  }
}

async function gunzipInto(
  source: string,
  write: (chunk: Uint8Array) => Promise<void>,
  meter: OutputMeter,
  total: number,
  options: DecompressOptions,
): Promise<void> {
  const input = createReadStream(source, { highWaterMark: INPUT_CHUNK });
  const gunzip = createGunzip();
  let read = 0;
  input.on('data', (chunk) => {
    read += chunk.length;
    options.onProgress?.(read, total);
  });
  input.on('error', (error) => gunzip.destroy(error));
  const onAbort = () => gunzip.destroy(new CancelledError());
  options.signal?.addEventListener('abort', onAbort, { once: true });
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      meter.compressedOffset = gunzip.bytesWritten;
      meter.add(chunk.length);
      await write(chunk);
    }
  } catch (error) {
    meter.compressedOffset = gunzip.bytesWritten;
    if (error instanceof CancelledError || error instanceof InspectorError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR') throw meter.streamError('is truncated (unexpected end of file)');
    throw meter.streamError(`is corrupt (${(error as Error).message})`);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    input.destroy();
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
  const push = (slice: Uint8Array, final: boolean) => {
    try {
      decoder.push(slice, final);
    } catch (error) {
      if (error instanceof InspectorError) throw error;
      const message = (error as Error).message;
      throw meter.streamError(/unexpected EOF/i.test(message) ? 'is truncated (unexpected end of file)' : `is corrupt (${message})`);
    }
  };
  const input = createReadStream(source, { highWaterMark: INPUT_CHUNK, signal: options.signal });
  let read = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      for (let at = 0; at < chunk.length; at += ZSTD_SLICE) {
        const slice = chunk.subarray(at, Math.min(chunk.length, at + ZSTD_SLICE));
        meter.compressedOffset = read + at + slice.length;
        push(slice, false);
        await flush();
      }
      read += chunk.length;
      options.onProgress?.(read, total);
    }
    push(new Uint8Array(0), true);
    await flush();
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw new CancelledError();
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
