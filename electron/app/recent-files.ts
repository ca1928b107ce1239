// The "Open Recent" list: absolute paths, most recent first, persisted as a small JSON file in the
// app's own data folder (app.getPath('userData')), never next to the evidence.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';

export const RECENT_FILES_LIMIT = 10;
const MAX_PATH_LENGTH = 4096;

interface StoredRecent {
  version: 1;
  paths: string[];
}

export class RecentFiles {
  private paths: string[];

  /** `file` is the JSON store; a missing or unreadable store starts an empty list. */
  constructor(
    private readonly file: string,
    private readonly limit = RECENT_FILES_LIMIT,
  ) {
    this.paths = readStore(file, limit);
  }

  list(): string[] {
    return [...this.paths];
  }

  add(path: string): void {
    if (!isStorablePath(path)) return;
    this.paths = [path, ...this.paths.filter((p) => p !== path)].slice(0, this.limit);
    this.save();
  }

  clear(): void {
    this.paths = [];
    this.save();
  }

  /** Written to a temporary file and renamed, so a crash never leaves half a JSON file. A store
   *  that cannot be written (read-only profile) keeps the list in memory only. */
  private save(): void {
    const stored: StoredRecent = { version: 1, paths: this.paths };
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(temporary, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
      renameSync(temporary, this.file);
    } catch {
      // not fatal: the menu still shows the in-memory list
    }
  }
}

function isStorablePath(path: unknown): path is string {
  return typeof path === 'string' && path.length > 0 && path.length <= MAX_PATH_LENGTH && isAbsolute(path) && !path.includes('\0');
}

function readStore(file: string, limit: number): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  const paths = (parsed as Partial<StoredRecent> | null)?.paths;
  if (!Array.isArray(paths)) return [];
  return [...new Set(paths.filter(isStorablePath))].slice(0, limit);
}
