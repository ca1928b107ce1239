// The CRI container log format (kubelet, CRI-O's LogPath, Podman's k8s-file ctr.log):
//   <RFC3339Nano time> <stdout|stderr> <tags> <content>\n
// where tags is "F" (full: the record ends a line) or "P" (partial: the line goes on in the next
// record of the same stream), optionally followed by ":"-separated further tags.
// Parsing works on bytes so that the indexer never builds a string for a record.

export const STDOUT = 0;
export const STDERR = 1;
export type StreamCode = typeof STDOUT | typeof STDERR;

export interface CriPrefix {
  stream: StreamCode;
  partial: boolean;
  /** End of the timestamp (exclusive); it starts at the record start. */
  timeEnd: number;
  /** First byte of the content (equals the record end when the content is empty). */
  contentStart: number;
}

/** Longest timestamp + stream + tags prefix worth looking at ("…T…:…:….123456789+00:00 stderr F "). */
export const MAX_CRI_PREFIX = 128;

const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39;

function digits(buf: Uint8Array, at: number, count: number, end: number): boolean {
  if (at + count > end) return false;
  for (let i = at; i < at + count; i++) if (!isDigit(buf[i])) return false;
  return true;
}

// "YYYY-MM-DDThh:mm:ss": 0 marks a digit, anything else the byte expected there.
const DATE_TIME = Uint8Array.from('0000-00-00T00:00:00', (ch) => (ch === '0' ? 0 : ch.charCodeAt(0)));

/** End of a valid RFC 3339 timestamp starting at `start`, or -1. Accepts 0–9 fraction digits and a
 *  "Z", "+hh:mm" or "+hhmm" zone. */
export function rfc3339End(buf: Uint8Array, start: number, end: number): number {
  if (start + DATE_TIME.length > end) return -1;
  for (let i = 0; i < DATE_TIME.length; i++) {
    const b = buf[start + i];
    const want = DATE_TIME[i];
    if (want === 0 ? b < 0x30 || b > 0x39 : b !== want && !(want === 0x54 && b === 0x74)) return -1;
  }
  let p = start + DATE_TIME.length;
  if (p < end && buf[p] === 0x2e) {
    p++;
    const fractionStart = p;
    while (p < end && isDigit(buf[p]) && p - fractionStart < 9) p++;
    if (p === fractionStart) return -1;
  }
  if (p >= end) return -1;
  if (buf[p] === 0x5a || buf[p] === 0x7a) return p + 1; // Z
  if (buf[p] !== 0x2b && buf[p] !== 0x2d) return -1;
  if (!digits(buf, p + 1, 2, end)) return -1;
  if (p + 3 < end && buf[p + 3] === 0x3a) return digits(buf, p + 4, 2, end) ? p + 6 : -1;
  return digits(buf, p + 3, 2, end) ? p + 5 : -1;
}

function matches(buf: Uint8Array, at: number, text: string, end: number): boolean {
  if (at + text.length > end) return false;
  for (let i = 0; i < text.length; i++) if (buf[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Parses the prefix of one record `buf[start, end)` (end excludes the newline); null if it is not a
 *  CRI record. Looks at no byte past `start + MAX_CRI_PREFIX`, so a record can be classified from its
 *  first bytes when `end` is further than that (the indexer does this for records longer than a chunk). */
export function parseCriPrefix(buf: Uint8Array, start: number, end: number): CriPrefix | null {
  const code = criPrefixCode(buf, start, end);
  if (code < 0) return null;
  return {
    stream: (code & 1) as StreamCode,
    partial: (code & 2) !== 0,
    timeEnd: start + ((code >>> 2) & 0xff),
    contentStart: start + (code >>> 10),
  };
}

/** parseCriPrefix packed in a number, for the indexer's hot loop (no allocation): -1 when not a
 *  record, else stream (bit 0) | partial (bit 1) | timeEnd - start (bits 2–9) | contentStart - start
 *  (bits 10 up). */
export function criPrefixCode(buf: Uint8Array, start: number, end: number): number {
  const limit = Math.min(end, start + MAX_CRI_PREFIX);
  const timeEnd = rfc3339End(buf, start, limit);
  if (timeEnd < 0 || timeEnd >= limit || buf[timeEnd] !== 0x20) return -1;
  let p = timeEnd + 1;
  let stream: StreamCode;
  if (matches(buf, p, 'stdout', limit)) stream = STDOUT;
  else if (matches(buf, p, 'stderr', limit)) stream = STDERR;
  else return -1;
  p += 6;
  if (p >= limit || buf[p] !== 0x20) return -1;
  p++;
  if (p >= limit || (buf[p] !== 0x50 && buf[p] !== 0x46)) return -1; // P | F
  const partial = buf[p] === 0x50 ? 2 : 0;
  p++;
  if (p < limit && buf[p] === 0x3a) {
    // Further tags: "F:something" — skip up to the separating space.
    while (p < limit && buf[p] !== 0x20) p++;
  }
  let contentStart: number;
  if (p === end) contentStart = end;
  else if (p >= limit || buf[p] !== 0x20) return -1;
  else contentStart = p + 1;
  return stream | partial | ((timeEnd - start) << 2) | ((contentStart - start) << 10);
}

const TIME_PATTERN = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d\d):?(\d\d))$/;

/** Milliseconds since the epoch of an RFC 3339 timestamp (fraction kept below the millisecond). */
export function rfc3339ToMs(text: string): number | undefined {
  const m = TIME_PATTERN.exec(text);
  if (!m) return undefined;
  const base = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const zone = m[8] ? (m[8] === '-' ? -1 : 1) * (+m[9] * 60 + +m[10]) * 60_000 : 0;
  return base + fraction - zone;
}
