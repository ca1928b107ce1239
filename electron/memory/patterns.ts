// A search query turned into what the scanner runs: literal byte needles (one per encoding) and at
// most one regular expression. Compiled on the main side (so bad input fails before any worker
// starts) and sent to the workers as plain data.

import type { SearchEncoding, SearchQuery } from '../../shared/model';
import { InspectorError } from '../errors';

/** Longest regular-expression match reported; also the overlap between regex chunks, so a match of
 *  up to this many bytes that crosses a chunk boundary is found once. Longer matches are cut at the
 *  chunk end (chunks are MiBs, so this only matters for matches that straddle one). */
export const MAX_REGEX_MATCH = 4096;
/** Longest literal needle (bytes, after encoding). */
export const MAX_PATTERN_BYTES = 4096;

export interface LiteralNeedle {
  encoding: Exclude<SearchEncoding, 'regex'>;
  bytes: Uint8Array;
  /** Compare against the ASCII-case-folded chunk (the needle is folded already). Folding works
   *  byte-wise, so case-insensitivity covers ASCII letters (for UTF-16LE: units below U+0080). */
  folded: boolean;
}

export interface CompiledQuery {
  literals: LiteralNeedle[];
  regex?: { source: string; flags: string };
  /** Bytes a match may span, so chunks overlap by maxMatch - 1. */
  maxMatch: number;
  needsFold: boolean;
}

/** Lower-cases A-Z only (the same rule the scanner applies to the bytes). */
export function foldAscii(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < out.length; i++) if (out[i] >= 0x41 && out[i] <= 0x5a) out[i] |= 0x20;
  return out;
}

/** "de ad be ef", "deadbeef", "0xde 0xad", "de:ad,be-ef". */
export function parseHex(pattern: string): Uint8Array {
  const digits = pattern.replace(/0x/gi, '').replace(/[\s,:;-]+/g, '');
  if (digits.length === 0) throw new InspectorError('hex pattern is empty');
  const bad = digits.search(/[^0-9a-f]/i);
  if (bad >= 0) throw new InspectorError(`hex pattern has a non-hex character '${digits[bad]}'`);
  if (digits.length % 2 !== 0) throw new InspectorError('hex pattern has an odd number of digits');
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function encodeUtf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[i * 2] = unit & 0xff;
    bytes[i * 2 + 1] = unit >> 8;
  }
  return bytes;
}

export function compileQuery(query: SearchQuery): CompiledQuery {
  if (typeof query.pattern !== 'string' || query.pattern.length === 0) throw new InspectorError('search pattern is empty');
  const encodings = [...new Set(query.encodings)];
  if (encodings.length === 0) throw new InspectorError('search needs at least one encoding');
  const ignoreCase = query.ignoreCase === true;
  const literals: LiteralNeedle[] = [];
  let regex: CompiledQuery['regex'];
  for (const encoding of encodings) {
    switch (encoding) {
      case 'ascii': {
        const bytes = new TextEncoder().encode(query.pattern);
        literals.push({ encoding, bytes: ignoreCase ? foldAscii(bytes) : bytes, folded: ignoreCase });
        break;
      }
      case 'utf16le': {
        const bytes = encodeUtf16le(query.pattern);
        literals.push({ encoding, bytes: ignoreCase ? foldAscii(bytes) : bytes, folded: ignoreCase });
        break;
      }
      case 'hex':
        literals.push({ encoding, bytes: parseHex(query.pattern), folded: false });
        break;
      case 'regex': {
        const flags = ignoreCase ? 'gi' : 'g';
        try {
          new RegExp(query.pattern, flags);
        } catch (error) {
          throw new InspectorError(`invalid regular expression: ${(error as Error).message}`);
        }
        regex = { source: query.pattern, flags };
        break;
      }
      default:
        throw new InspectorError(`unknown search encoding '${String(encoding)}'`);
    }
  }
  const longest = literals.reduce((max, n) => Math.max(max, n.bytes.length), 0);
  if (longest > MAX_PATTERN_BYTES) throw new InspectorError(`search pattern is longer than ${MAX_PATTERN_BYTES} bytes`);
  if (query.pattern.length > MAX_PATTERN_BYTES) throw new InspectorError(`search pattern is longer than ${MAX_PATTERN_BYTES} characters`);
  return {
    literals,
    regex,
    maxMatch: regex ? Math.max(MAX_REGEX_MATCH, longest) : longest,
    needsFold: literals.some((n) => n.folded),
  };
}
