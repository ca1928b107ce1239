// SHA-256 of the evidence, streamed (runs inside the 'hash' worker; plain functions for tests).
//
// For a folder of CRIU images the "evidence hash" is a manifest hash: SHA-256 over the lines
// "<sha256 of file>  <relative path>\n" of every regular file (symlinks are not followed), sorted
// by the bytes of the path — exactly what
//   (cd DIR && find . -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum
// prints, so an examiner can recompute it with standard tools. `size` is then the sum of file sizes.

import { createHash } from 'node:crypto';
import { open, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { HashResult } from '../../shared/model';
import { CancelledError } from '../errors';

export type HashProgress = (done: number, total: number) => void;

const CHUNK = 1024 * 1024;

/** Hashes one file; `onBytes` is told how many bytes were hashed after each chunk. */
export async function hashFile(path: string, onBytes?: (bytes: number) => void, signal?: AbortSignal): Promise<HashResult> {
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const buffer = new Uint8Array(CHUNK);
    let size = 0;
    for (;;) {
      if (signal?.aborted) throw new CancelledError();
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, size);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
      onBytes?.(bytesRead);
    }
    return { sha256: hash.digest('hex'), size };
  } finally {
    await handle.close();
  }
}

async function listRegularFiles(root: string): Promise<{ relative: string; size: number }[]> {
  const found: { relative: string; size: number }[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    for (const name of await readdir(join(root, dir))) {
      const relative = dir ? `${dir}/${name}` : name;
      const stats = await lstat(join(root, relative));
      if (stats.isDirectory()) pending.push(relative);
      else if (stats.isFile()) found.push({ relative, size: stats.size });
    }
  }
  return found.sort((a, b) => Buffer.compare(Buffer.from(a.relative), Buffer.from(b.relative)));
}

/** The manifest hash of a folder (see the top of this file). */
export async function hashFolder(root: string, onProgress?: HashProgress, signal?: AbortSignal): Promise<HashResult> {
  const files = await listRegularFiles(root);
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const manifest = createHash('sha256');
  let done = 0;
  for (const file of files) {
    const { sha256 } = await hashFile(join(root, file.relative), (bytes) => onProgress?.((done += bytes), total), signal);
    manifest.update(`${sha256}  ${file.relative}\n`);
  }
  onProgress?.(total, total);
  return { sha256: manifest.digest('hex'), size: total };
}

/** Hash of a file or (manifest hash of) a folder. */
export async function hashEvidence(path: string, onProgress?: HashProgress, signal?: AbortSignal): Promise<HashResult> {
  const stats = await lstat(path);
  if (stats.isDirectory()) return hashFolder(path, onProgress, signal);
  let done = 0;
  const result = await hashFile(path, (bytes) => onProgress?.((done += bytes), stats.size), signal);
  onProgress?.(result.size, result.size);
  return result;
}
