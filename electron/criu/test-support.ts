// Helpers shared by the CRIU tests: fixture locations and reading crit's JSON without losing digits.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtures = resolve(repoRoot, '../shared/fixtures');
export const archivesDir = join(fixtures, 'archives');
export const imagesDir = join(fixtures, 'images');
export const expectedDir = join(fixtures, 'expected');

/** JSON.parse, except that integers beyond 2^53 become decimal strings — the form prettyImage uses
 *  for them (a JSON number would lose digits: 18446744073709551615 is not a double). */
export function parseCritJson(text: string): unknown {
  const quoted = text.replace(/("(?:[^"\\]|\\.)*")|(-?\d{16,})(?![\d.eE])/g, (match, string: string | undefined, digits: string | undefined) => {
    if (string !== undefined || digits === undefined) return match;
    return Number.isSafeInteger(Number(digits)) ? digits : `"${digits}"`;
  });
  return JSON.parse(quoted);
}
