// Pure helpers for showing untrusted text and numbers: visible escapes for control and bidi
// characters, sizes, dates, file modes, hex, durations and text-encoding detection. No DOM, no Node.

// ---------------------------------------------------------------- escaping untrusted text

/** A run of text: shown as-is, or an escape sequence standing for invisible/dangerous characters. */
export interface TextSegment {
  text: string;
  escaped: boolean;
}

export interface EscapeOptions {
  /** Keep "\n" (and "\r\n") as real line breaks instead of escaping them (multi-line text). */
  keepNewlines?: boolean;
  /** Keep "\t" as a real tab. */
  keepTabs?: boolean;
}

/** Bidi embeddings/overrides/isolates and marks: they reorder what is shown (Trojan Source). */
const BIDI = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
/** Zero-width and other invisible formatting characters that hide content or fake equality. */
const INVISIBLE = new Set([0x00ad, 0x180e, 0x200b, 0x200c, 0x200d, 0x2028, 0x2029, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff]);
const SHORT_ESCAPES: Record<number, string> = { 0x00: '\\0', 0x07: '\\a', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r', 0x1b: '\\x1b' };

/** Whether a code point must be shown as an escape rather than drawn. */
export function needsEscape(codePoint: number, options: EscapeOptions = {}): boolean {
  if (codePoint === 0x0a && options.keepNewlines) return false;
  if (codePoint === 0x0d && options.keepNewlines) return false;
  if (codePoint === 0x09 && options.keepTabs) return false;
  if (codePoint < 0x20 || codePoint === 0x7f) return true; // C0 controls, DEL
  if (codePoint >= 0x80 && codePoint <= 0x9f) return true; // C1 controls
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return true; // lone surrogate
  if (codePoint >= 0xfff9 && codePoint <= 0xfffb) return true; // interlinear annotations
  if (codePoint >= 0xe0000 && codePoint <= 0xe007f) return true; // tag characters
  return BIDI.has(codePoint) || INVISIBLE.has(codePoint);
}

/** The visible escape for one code point: "\n", "\x1b", "\u202e", "\u{e0041}". */
export function escapeCodePoint(codePoint: number): string {
  const short = SHORT_ESCAPES[codePoint];
  if (short) return short;
  if (codePoint <= 0xff) return `\\x${codePoint.toString(16).padStart(2, '0')}`;
  if (codePoint <= 0xffff) return `\\u${codePoint.toString(16).padStart(4, '0')}`;
  return `\\u{${codePoint.toString(16)}}`;
}

/** Splits text into plain runs and escape runs. A backslash in the input stays a backslash. */
export function escapeSegments(text: string, options: EscapeOptions = {}): TextSegment[] {
  const segments: TextSegment[] = [];
  let plain = '';
  let escapes = '';
  const flushPlain = () => {
    if (plain) segments.push({ text: plain, escaped: false });
    plain = '';
  };
  const flushEscapes = () => {
    if (escapes) segments.push({ text: escapes, escaped: true });
    escapes = '';
  };
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    // codePointAt returns the lone surrogate itself when the pair is broken.
    const width = code > 0xffff ? 2 : 1;
    const char = text.slice(i, i + width);
    i += width;
    if (needsEscape(code, options)) {
      flushPlain();
      escapes += escapeCodePoint(code);
      // A kept newline after an escaped \r would be odd; \r is only kept together with \n.
    } else {
      flushEscapes();
      plain += char;
    }
  }
  flushPlain();
  flushEscapes();
  return segments;
}

/** The whole string with escapes applied (for titles, copying, tooltips). */
export function escapeText(text: string, options: EscapeOptions = {}): string {
  return escapeSegments(text, options)
    .map((s) => s.text)
    .join('');
}

/** True when the string has anything that would be escaped. */
export function hasHiddenCharacters(text: string, options: EscapeOptions = {}): boolean {
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    if (needsEscape(code, options)) return true;
    i += code > 0xffff ? 2 : 1;
  }
  return false;
}

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncateText(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  let end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), truncated: true };
}

// ---------------------------------------------------------------- numbers, sizes, dates

const SIZE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Human size in binary units like checkpointctl: "244.8 KiB", "3.0 KiB", "512 B". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const negative = bytes < 0;
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 ? `${value} B` : `${value.toFixed(1)} ${SIZE_UNITS[unit]}`;
  return negative ? `-${text}` : text;
}

/** Integer with thin group separators: 1 234 567 (locale-independent, for tables). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const sign = n < 0 ? '-' : '';
  const digits = Math.trunc(Math.abs(n)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/** Exact byte count plus its human form: "250 675 B (244.8 KiB)". */
export function formatBytesExact(bytes: number): string {
  if (bytes < 1024) return formatBytes(bytes);
  return `${formatCount(bytes)} B (${formatBytes(bytes)})`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Seconds since the epoch (fraction allowed) -> "2026-12-03 21:34:48 UTC" (or local time). */
export function formatEpochSeconds(seconds: number, options: { utc?: boolean } = {}): string {
  if (!Number.isFinite(seconds)) return '—';
  return formatDate(new Date(seconds * 1000), options);
}

export function formatDate(date: Date, options: { utc?: boolean } = {}): string {
  if (Number.isNaN(date.getTime())) return '—';
  const utc = options.utc ?? true;
  const y = utc ? date.getUTCFullYear() : date.getFullYear();
  const mo = utc ? date.getUTCMonth() : date.getMonth();
  const d = utc ? date.getUTCDate() : date.getDate();
  const h = utc ? date.getUTCHours() : date.getHours();
  const mi = utc ? date.getUTCMinutes() : date.getMinutes();
  const s = utc ? date.getUTCSeconds() : date.getSeconds();
  return `${y}-${pad(mo + 1)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}${utc ? ' UTC' : ''}`;
}

/**
 * A duration given in microseconds, formatted like Go's time.Duration.String() — what
 * checkpointctl prints for CRIU dump statistics: "950µs", "101.372ms", "1.5s", "1m2.003s".
 */
export function formatMicroseconds(us: number): string {
  if (!Number.isFinite(us)) return '—';
  if (us === 0) return '0s';
  const negative = us < 0;
  const abs = Math.abs(us);
  const trim = (value: number, decimals: number) => value.toFixed(decimals).replace(/\.?0+$/, '');
  let text: string;
  if (abs < 1) text = `${trim(abs * 1000, 0)}ns`;
  else if (abs < 1000) text = `${trim(abs, 3)}µs`;
  else if (abs < 1_000_000) text = `${trim(abs / 1000, 3)}ms`;
  else {
    const totalSeconds = abs / 1_000_000;
    const hours = Math.floor(totalSeconds / 3600);
    const minutes = Math.floor((totalSeconds % 3600) / 60);
    const seconds = totalSeconds - hours * 3600 - minutes * 60;
    text = `${hours ? `${hours}h` : ''}${hours || minutes ? `${minutes}m` : ''}${trim(seconds, 6)}s`;
  }
  return negative ? `-${text}` : text;
}

// ---------------------------------------------------------------- file modes

const TYPE_CHARS: Record<string, string> = { file: '-', dir: 'd', symlink: 'l', hardlink: 'h', chardev: 'c', blockdev: 'b', fifo: 'p', other: '?' };

/** "drwxr-xr-x" from a mode and an entry type (setuid/setgid/sticky as s/S, t/T like ls). */
export function formatMode(mode: number, type = 'file'): string {
  const bits = 'rwxrwxrwx';
  let text = '';
  for (let i = 0; i < 9; i++) text += mode & (1 << (8 - i)) ? bits[i] : '-';
  const chars = text.split('');
  const special = (index: number, flag: number, set: string) => {
    if (!(mode & flag)) return;
    chars[index] = chars[index] === '-' ? set.toUpperCase() : set;
  };
  special(2, 0o4000, 's');
  special(5, 0o2000, 's');
  special(8, 0o1000, 't');
  return (TYPE_CHARS[type] ?? '?') + chars.join('');
}

/** Octal mode with leading zero: "0755". */
export function formatOctalMode(mode: number): string {
  return '0' + (mode & 0o7777).toString(8).padStart(3, '0');
}

// ---------------------------------------------------------------- hex

const HEX_BYTES: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Two lowercase hex digits of a byte. */
export function hexByte(byte: number): string {
  return HEX_BYTES[byte & 0xff];
}

/** Hex digits of a value, zero-padded to `width` digits (no prefix). */
export function toHex(value: number | bigint, width = 0): string {
  return value.toString(16).padStart(width, '0');
}

/** "0x7f2d00e33ad0" from a bigint/number. */
export function toHexString(value: number | bigint): string {
  return '0x' + value.toString(16);
}

/** Parses "0x7f2d…", "7f2d…", "7f2d_00e3" or "7f2d'00e3" as hex; null when not hex. */
export function parseHex(text: string): bigint | null {
  const cleaned = text.trim().replace(/^0x/i, '').replace(/[_'\s]/g, '');
  if (!/^[0-9a-f]{1,32}$/i.test(cleaned)) return null;
  return BigInt('0x' + cleaned);
}

/** Parses a decimal integer or a 0x-prefixed hex integer; null otherwise. */
export function parseInteger(text: string): bigint | null {
  const trimmed = text.trim().replace(/[_\s]/g, '');
  if (/^0x[0-9a-f]+$/i.test(trimmed)) return BigInt(trimmed);
  if (/^\d+$/.test(trimmed)) return BigInt(trimmed);
  return null;
}

/** Space-separated hex bytes: "de ad be ef". */
export function bytesToHex(bytes: Uint8Array, separator = ' '): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (i ? separator : '') + HEX_BYTES[bytes[i]];
  return out;
}

/** Printable ASCII, everything else as ".": the right column of a hex dump. */
export function bytesToAscii(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  return out;
}

/** A C array initialiser, 12 bytes a line: "unsigned char data[4] = {\n  0xde, 0xad, ...\n};". */
export function bytesToCArray(bytes: Uint8Array, name = 'data'): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 12) {
    const part = Array.from(bytes.subarray(i, i + 12), (b) => '0x' + HEX_BYTES[b]);
    lines.push('  ' + part.join(', ') + (i + 12 < bytes.length ? ',' : ''));
  }
  return `unsigned char ${name}[${bytes.length}] = {\n${lines.join('\n')}\n};`;
}

// ---------------------------------------------------------------- text encodings

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** Whether a byte-order mark was found (and skipped). */
  bom: boolean;
}

/** Detects UTF-8 / UTF-16 (by BOM) / latin1 (when the bytes are not valid UTF-8) and decodes. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  }
  try {
    // A multi-byte sequence cut at the end of a read window is not an encoding error.
    const cut = incompleteUtf8Tail(bytes);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
    return { text, encoding: 'utf-8', bom: false };
  } catch {
    let text = '';
    for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return { text, encoding: 'latin1', bom: false };
  }
}

/** Number of bytes at the end that start a UTF-8 sequence the window cut short. */
function incompleteUtf8Tail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/**
 * Whether bytes look like text worth showing as text: a BOM, or no NUL bytes and few control
 * characters (tabs, newlines, escapes in logs are fine).
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return true;
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return true;
  let control = 0;
  const n = Math.min(bytes.length, 64 * 1024);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x1b && b !== 0x0c) control++;
  }
  return control / n < 0.02;
}
