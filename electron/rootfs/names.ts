// Turning untrusted stored names into safe relative paths below an export folder.

export type SafeName = { ok: true; parts: string[]; renamed: boolean } | { ok: false; reason: string };

// C0, DEL, C1 controls and the Unicode bidi controls (LRM/RLM/ALM, LRE..RLO, LRI..PDI).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
// Characters Windows does not allow in names, and its reserved device names.
const WINDOWS_UNSAFE = /[<>:"\\|?*]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_COMPONENT_BYTES = 255;

const percent = (ch: string): string =>
  [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** A stored member name as path components, or why it is refused. Absolute names and `..` are
 *  refused (a genuine rootfs diff never has them); control and bidi characters (and, on Windows,
 *  reserved characters) are replaced by %XX escapes. */
export function sanitizeMemberName(stored: string, platform: NodeJS.Platform = process.platform): SafeName {
  if (stored.startsWith('/')) return { ok: false, reason: 'absolute name' };
  if (platform === 'win32' && /^[a-zA-Z]:/.test(stored)) return { ok: false, reason: 'absolute name (drive letter)' };
  const parts: string[] = [];
  let renamed = false;
  for (const raw of stored.split(platform === 'win32' ? /[/\\]/ : '/')) {
    if (raw === '' || raw === '.') continue;
    if (raw === '..') return { ok: false, reason: "'..' in the name" };
    let part = raw.replace(UNSAFE, percent);
    if (platform === 'win32') {
      part = part.replace(WINDOWS_UNSAFE, percent).replace(/[. ]+$/, (m) => [...m].map(percent).join(''));
      if (WINDOWS_RESERVED.test(part)) part = `_${part}`;
    }
    if (part !== raw) renamed = true;
    if (Buffer.byteLength(part, 'utf8') > MAX_COMPONENT_BYTES) return { ok: false, reason: 'a name component is longer than 255 bytes' };
    parts.push(part);
  }
  if (parts.length === 0) return { ok: false, reason: 'empty name' };
  return { ok: true, parts, renamed };
}
