// Turns the bytes around a search hit into a short readable line with the match set apart: ASCII
// (non-printables as "."), UTF-16LE code units, or hex bytes for byte-pattern hits.
import type { SearchEncoding } from '../../../shared/model';
import { bytesToAscii, bytesToHex } from '../../../shared/text';

export interface ContextParts {
  before: string;
  match: string;
  after: string;
}

function utf16(bytes: Uint8Array, alignFrom: number): string {
  let out = '';
  // Keep code units aligned with the match start.
  for (let i = alignFrom % 2; i + 1 < bytes.length; i += 2) {
    const unit = bytes[i] | (bytes[i + 1] << 8);
    out += unit >= 0x20 && unit < 0x7f ? String.fromCharCode(unit) : '.';
  }
  return out;
}

/** Characters of leading context kept so the match stays visible in a narrow cell. */
const BEFORE_CHARS = 12;

const tailOf = (text: string) => (text.length > BEFORE_CHARS ? '…' + text.slice(-BEFORE_CHARS) : text);

export function contextParts(context: Uint8Array, contextBefore: number, length: number, encoding: SearchEncoding): ContextParts {
  const before = context.subarray(0, contextBefore);
  const match = context.subarray(contextBefore, contextBefore + length);
  const after = context.subarray(contextBefore + length);
  if (encoding === 'hex') {
    const tail = (b: Uint8Array) => (b.length ? bytesToHex(b) : '');
    return { before: tail(before.subarray(Math.max(0, before.length - 8))) + ' ', match: bytesToHex(match), after: ' ' + tail(after.subarray(0, 8)) };
  }
  if (encoding === 'utf16le') {
    return { before: tailOf(utf16(before, before.length)), match: utf16(match, 0), after: utf16(after, 0) };
  }
  return { before: tailOf(bytesToAscii(before)), match: bytesToAscii(match), after: bytesToAscii(after) };
}

export const ENCODING_LABELS: Record<SearchEncoding, string> = {
  ascii: 'ASCII',
  utf16le: 'UTF-16LE',
  hex: 'Hex bytes',
  regex: 'Regex',
};

/** Why a pattern cannot be searched with the chosen encodings, or null when it can. */
export function patternProblem(pattern: string, encodings: SearchEncoding[]): string | null {
  if (!pattern) return 'Type something to search for.';
  if (encodings.length === 0) return 'Choose at least one encoding.';
  if (encodings.includes('hex')) {
    const digits = pattern.replace(/0x/gi, '').replace(/[\s,:]/g, '');
    if (!/^([0-9a-f]{2})+$/i.test(digits)) return 'Hex bytes: pairs of hex digits such as "de ad be ef".';
  }
  if (encodings.includes('regex')) {
    try {
      new RegExp(pattern);
    } catch (e) {
      return `Regex: ${(e as Error).message}`;
    }
  }
  return null;
}
