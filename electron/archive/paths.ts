// Entry names as stored are untrusted: they may be absolute, climb with `..`, or hide control and
// bidirectional-override characters. Paths shown and looked up are normalised; the stored name is
// kept beside them when it differed in a way worth telling the examiner.

export interface NormalisedName {
  path: string;
  /** Why the stored name was changed beyond routine clean-up (leading "./", trailing "/"). */
  problems: string[];
}

// C0, DEL, C1 controls and the Unicode bidi controls (LRE..RLO, LRI..PDI, LRM/RLM/ALM).
const UNSAFE_CLASS = '[\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u061c\\u202a-\\u202e\\u2066-\\u2069]';
const HAS_UNSAFE = new RegExp(UNSAFE_CLASS, 'u');
const ALL_UNSAFE = new RegExp(UNSAFE_CLASS, 'gu');

function escapeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Normalises a stored entry name: strips leading "/" and "./", collapses "//" and ".", resolves ".."
 *  lexically without climbing above the root, and makes unsafe characters visible as escapes. */
/** An empty, "." or ".." segment anywhere (covers leading "/", "//", "./", trailing "/"). */
const ODD_SEGMENT = /(?:^|\/)\.{0,2}(?:\/|$)/;

export function normaliseEntryName(stored: string): NormalisedName {
  if (!ODD_SEGMENT.test(stored) && !HAS_UNSAFE.test(stored)) return { path: stored, problems: [] };
  const problems: string[] = [];
  if (stored.startsWith('/')) problems.push('absolute name');
  let text = stored;
  if (HAS_UNSAFE.test(text)) {
    problems.push('control or bidirectional characters in the name');
    text = text.replace(ALL_UNSAFE, escapeChar);
  }
  const parts: string[] = [];
  let climbed = false;
  for (const part of text.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) climbed = true;
      else parts.pop();
      continue;
    }
    parts.push(part);
  }
  if (text.split('/').includes('..')) {
    problems.push(climbed ? "'..' climbing above the archive root (kept inside it)" : "'..' in the name");
  }
  return { path: parts.join('/'), problems };
}

/** The stored name with only routine differences removed, to tell whether `rawName` is worth keeping. */
export function routineForm(stored: string): string {
  let text = stored;
  while (text.startsWith('./')) text = text.slice(2);
  while (text.length > 1 && text.endsWith('/')) text = text.slice(0, -1);
  return text;
}

/** A stored name quoted for a warning message: control and bidi characters cannot reach the screen. */
export function quoteName(stored: string): string {
  return JSON.stringify(stored).replace(ALL_UNSAFE, escapeChar);
}
