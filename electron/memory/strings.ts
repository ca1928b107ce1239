// Printable strings (ASCII and UTF-16LE) in the dumped memory of one process, in the search workers.

import type { StringHit, StringsQuery } from '../../shared/model';
import type { OpenedArchive } from '../archive/types';
import { InspectorError } from '../errors';
import type { JobContext } from '../jobs/job-manager';
import { LIMITS } from '../limits';
import type { ImageLookup } from './images';
import { hex } from './regions';
import { type ScanOptions, loadProcesses, parseRange, pushAll, runScan } from './scan-job';

/** Bytes a chunk reads past its end so a string that starts near the end is seen whole; a longer
 *  string is reported with the text up to there (its length then counts what was seen). */
export const STRING_OVERLAP_BYTES = 16 * 1024;
export const MAX_MIN_LENGTH = 1024;

export interface StringsResult {
  bytesScanned: number;
  count: number;
  limitReached: boolean;
}

export async function extractStrings(
  archive: OpenedArchive,
  store: ImageLookup,
  query: StringsQuery,
  ctx: JobContext<StringHit>,
  options: ScanOptions = {},
): Promise<StringsResult> {
  if (!Number.isInteger(query.pid)) throw new InspectorError('strings needs a pid');
  const minLength = Math.floor(query.minLength);
  if (!Number.isFinite(minLength) || minLength < 1 || minLength > MAX_MIN_LENGTH) {
    throw new InspectorError(`minimum string length must be 1..${MAX_MIN_LENGTH} (got ${query.minLength})`);
  }
  const encodings = [...new Set(query.encodings)].filter((e) => e === 'ascii' || e === 'utf16le');
  if (encodings.length === 0) throw new InspectorError('strings needs ascii and/or utf16le');
  const maxResults = Math.max(1, Math.min(Math.floor(query.maxResults ?? LIMITS.maxStrings), LIMITS.maxStrings));
  const filter = query.filter ? query.filter.toLowerCase() : undefined;
  const memories = await loadProcesses(archive, store, query.pid, options, ctx.warn);
  ctx.throwIfCancelled();

  let count = 0;
  let limitReached = false;
  const { bytesScanned } = await runScan({
    memories,
    clip: parseRange(query.range),
    // Two bytes before: enough to see that a run (ASCII or UTF-16) began in the chunk before.
    margins: { overlap: STRING_OVERLAP_BYTES, before: 2, after: 0 },
    spec: { kind: 'strings', minLength, encodings, filter, maxText: LIMITS.maxDisplayString, maxResults },
    signal: ctx.signal,
    options,
    progress: (done, total) => ctx.progress(done, total),
    warn: ctx.warn,
    onResult: (result, meta) => {
      if (result.type !== 'strings') return true;
      const room = maxResults - count;
      const strings: StringHit[] = result.strings.slice(0, room).map((s) => ({
        pid: meta.memory.pid,
        address: hex(meta.chunk.bufStart + BigInt(s.offset)),
        encoding: s.encoding,
        text: s.text,
        length: s.length,
      }));
      count += strings.length;
      pushAll(ctx, strings);
      if (count >= maxResults) {
        limitReached = true;
        ctx.warn({
          file: meta.memory.pagesEntry?.path ?? archive.path,
          message: `string limit reached: stopped after ${maxResults} strings (near ${hex(meta.chunk.bufStart)})`,
        });
        return false;
      }
      return true;
    },
  });
  return { bytesScanned, count, limitReached };
}
