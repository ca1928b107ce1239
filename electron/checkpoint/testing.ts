// Test support for the checkpoint model: fixture paths, opening a fixture with the real archive
// and criu modules, and writing edited copies of fixture archives (into a temp folder) with tar-stream.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar-stream';
import { openArchive, type OpenedArchive } from '../archive';
import { ImageStore } from '../criu';
import { loadCheckpoint, type Checkpoint } from './index';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.resolve(repoRoot, '../shared/fixtures');
export const ARCHIVES = ['crio-busybox-httpd', 'crio-python-counter', 'podman-busybox-httpd', 'podman-busybox'] as const;

export function archivePath(name: string): string {
  return path.join(FIXTURES, 'archives', `${name}.tar`);
}

export async function expectedJson<T = unknown>(archive: string, file: string): Promise<T> {
  return JSON.parse(await readFile(path.join(FIXTURES, 'expected', archive, file), 'utf8')) as T;
}

export async function expectedText(archive: string, file: string): Promise<string> {
  return readFile(path.join(FIXTURES, 'expected', archive, file), 'utf8');
}

export interface Opened {
  archive: OpenedArchive;
  checkpoint: Checkpoint;
  close(): Promise<void>;
}

export async function openCheckpoint(file: string): Promise<Opened> {
  const archive = await openArchive(file);
  const checkpoint = await loadCheckpoint(archive, new ImageStore(archive));
  return { archive, checkpoint, close: () => archive.close() };
}

/** Replacement content per entry path: bytes to write instead, or null to leave the entry out. */
export type Edits = Record<string, Uint8Array | string | null>;

export interface Scratch {
  dir: string;
  remove(): Promise<void>;
}

export async function scratchDir(): Promise<Scratch> {
  const dir = await mkdtemp(path.join(tmpdir(), 'checkpoint-test-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Copies a tar archive entry by entry into `dest`, applying edits; `prefix` moves every entry
 *  into a folder (for pod layouts); `extra` entries are appended. */
export async function rewriteTar(
  source: string,
  dest: string,
  edits: Edits = {},
  options: { prefix?: string; extra?: Record<string, Uint8Array | string>; append?: string[] } = {},
): Promise<void> {
  const pack = tar.pack();
  const output = pipeline(pack, createWriteStream(dest));
  for (const file of [source, ...(options.append ?? [])]) {
    const prefix = file === source ? (options.prefix ?? '') : '';
    await copyEntries(file, pack, file === source ? edits : {}, prefix);
  }
  for (const [name, content] of Object.entries(options.extra ?? {})) {
    const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
    await new Promise<void>((resolve, reject) => pack.entry({ name, size: bytes.length, mode: 0o644 }, bytes, (e) => (e ? reject(e) : resolve())));
  }
  pack.finalize();
  await output;
}

async function copyEntries(source: string, pack: tar.Pack, edits: Edits, prefix: string): Promise<void> {
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => {
      chunks.push(c as Buffer);
    });
    stream.on('end', () => {
      const name = header.name.replace(/^\.\//, '');
      const key = name.replace(/\/$/, '');
      const edit = Object.prototype.hasOwnProperty.call(edits, key) ? edits[key] : undefined;
      if (edit === null) return next();
      const body = edit === undefined ? Buffer.concat(chunks) : Buffer.from(typeof edit === 'string' ? Buffer.from(edit) : edit);
      const isFile = header.type === 'file';
      const renamed = { ...header, name: prefix + name, size: isFile ? body.length : 0 };
      const done = (e?: Error | null) => next(e ?? undefined);
      if (isFile) pack.entry(renamed, body, done);
      else pack.entry(renamed, done);
    });
    stream.on('error', next);
  });
  await pipeline(createReadStream(source), extract);
}

/** One entry's bytes from a fixture archive, through openArchive. */
export async function entryBytes(file: string, entry: string): Promise<Uint8Array> {
  const archive = await openArchive(file);
  try {
    return await archive.readAll(entry, 1 << 30);
  } finally {
    await archive.close();
  }
}

/** checkpointctl's metadata.ByteToString ("244.8 KiB"). */
export function byteToString(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let div = 1024;
  let exp = 0;
  for (let n = Math.floor(bytes / 1024); n >= 1024; n = Math.floor(n / 1024)) {
    div *= 1024;
    exp++;
  }
  return `${(bytes / div).toFixed(1)} ${'KMGTPE'[exp]}iB`;
}

/** The rows of a checkpointctl `show` table as header -> cell maps. */
export function parseShowTable(text: string): Array<Record<string, string>> {
  const lines = text.split('\n').filter((l) => l.startsWith('|'));
  const cells = (line: string) =>
    line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
  const [header, ...rows] = lines.map(cells);
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
}
