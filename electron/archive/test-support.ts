// Helpers shared by the archive tests: fixture locations and GNU tar listing parsing.
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArchiveEntry } from './types';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtures = resolve(repoRoot, '../shared/fixtures');
export const archivesDir = join(fixtures, 'archives');
export const imagesDir = join(fixtures, 'images');
export const expectedDir = join(fixtures, 'expected');

export function fixtureArchives(): string[] {
  return readdirSync(archivesDir)
    .filter((name) => name.endsWith('.tar'))
    .sort();
}

export interface ListingLine {
  modeString: string;
  uid: number;
  gid: number;
  size: number;
  /** Seconds since the epoch (UTC) and the fraction exactly as printed. */
  seconds: number;
  fraction: string;
  name: string;
  linkTarget?: string;
  hardLink?: boolean;
}

// `tar -tvf --numeric-owner --full-time`: "-rw-r--r-- 0/0   379 2026-12-03 21:38:16.3246188 bind.mounts".
// GNU tar prints the local time of the machine that made the listing; these were made in UTC
// (the pax mtime 1796333896.3246188 of bind.mounts prints as 21:38:16.3246188).
const LINE = /^(\S{10}) (\d+)\/(\d+) +(\d+) (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? +(.*)$/;

export function parseListing(text: string): ListingLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const m = LINE.exec(line);
      if (!m) throw new Error(`unparsed tar listing line: ${line}`);
      const [, modeString, uid, gid, size, y, mo, d, h, mi, s, fraction, rest] = m;
      const seconds = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) / 1000;
      const parsed: ListingLine = { modeString, uid: +uid, gid: +gid, size: +size, seconds, fraction: fraction ?? '', name: rest };
      if (modeString[0] === 'l') {
        const [name, target] = rest.split(' -> ');
        parsed.name = name;
        parsed.linkTarget = target;
      } else if (rest.includes(' link to ')) {
        const [name, target] = rest.split(' link to ');
        parsed.name = name;
        parsed.linkTarget = target;
        parsed.hardLink = true;
      }
      return parsed;
    });
}

const TYPE_CHAR: Record<string, string> = {
  file: '-',
  dir: 'd',
  symlink: 'l',
  hardlink: 'h',
  chardev: 'c',
  blockdev: 'b',
  fifo: 'p',
  other: '?',
};

/** ls-style mode string as GNU tar prints it (hard links print as '-' / "link to"). */
export function modeString(entry: ArchiveEntry): string {
  const m = entry.mode;
  const bit = (mask: number, ch: string) => (m & mask ? ch : '-');
  const exec = (x: number, special: number, set: string, unset: string) => (m & special ? (m & x ? set : unset) : m & x ? 'x' : '-');
  const type = entry.type === 'hardlink' ? '-' : TYPE_CHAR[entry.type];
  return (
    type +
    bit(0o400, 'r') + bit(0o200, 'w') + exec(0o100, 0o4000, 's', 'S') +
    bit(0o040, 'r') + bit(0o020, 'w') + exec(0o010, 0o2000, 's', 'S') +
    bit(0o004, 'r') + bit(0o002, 'w') + exec(0o001, 0o1000, 't', 'T')
  );
}
