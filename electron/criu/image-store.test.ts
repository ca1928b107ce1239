// ImageStore over an in-memory archive: placement rules (checkpoint/ vs root, pods), raw images never
// read, the size limit, read errors, in-flight sharing and the LRU bound.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ArchiveEntry, OpenedArchive } from '../archive/types';
import { kindFromName } from '../archive/kinds';
import { LimitError } from '../errors';
import { LIMITS } from '../limits';
import { ImageStore } from './image-store';
import { imagesDir } from './test-support';

const fixture = (name: string) => new Uint8Array(readFileSync(join(imagesDir, 'criu2024-htop', name)));

interface FakeFile {
  bytes: Uint8Array;
  /** Claimed size, when larger than the bytes (a huge image). */
  size?: number;
  failWith?: Error;
}

function fakeArchive(files: Record<string, FakeFile>, log: string[] = []): OpenedArchive {
  const entries: ArchiveEntry[] = Object.entries(files).map(([path, file]) => ({
    path,
    type: 'file',
    size: file.size ?? file.bytes.length,
    mode: 0o644,
    uid: 0,
    gid: 0,
    mtime: 0,
    ...kindFromName(path, 'file'),
  }));
  const byPath = new Map(entries.map((entry) => [entry.path, entry]));
  const fileOf = (entry: ArchiveEntry | string) => files[typeof entry === 'string' ? entry : entry.path];
  return {
    path: '/evidence/fake.tar',
    format: 'tar',
    size: 0,
    mtimeMs: 0,
    entries,
    warnings: [],
    getEntry: (path) => byPath.get(path),
    async read(entry, offset, length) {
      const file = fileOf(entry);
      log.push(`read ${typeof entry === 'string' ? entry : entry.path}`);
      if (file.failWith) throw file.failWith;
      return file.bytes.slice(offset, offset + length);
    },
    async readAll(entry, limit) {
      const file = fileOf(entry);
      log.push(`readAll ${typeof entry === 'string' ? entry : entry.path}`);
      if (file.failWith) throw file.failWith;
      if ((file.size ?? file.bytes.length) > limit) throw new LimitError('too big');
      return file.bytes.slice();
    },
    async close() {},
  };
}

test('list: every image with its magic and description; raw images are RAW; other files are left out', () => {
  const store = new ImageStore(fakeArchive({
    'checkpoint/pstree.img': { bytes: fixture('pstree.img') },
    'checkpoint/pages-1.img': { bytes: new Uint8Array(4096) },
    'checkpoint/descriptors.json': { bytes: new Uint8Array(2) },
    'stats-dump': { bytes: fixture('stats-dump') },
    'config.dump': { bytes: new Uint8Array(2) },
  }));
  assert.deepEqual(store.list(), [
    { path: 'checkpoint/pstree.img', magic: 'PSTREE', magicValue: '0x50273030', entryCount: undefined, size: fixture('pstree.img').length, description: kindFromName('pstree.img', 'file').kind },
    { path: 'checkpoint/pages-1.img', magic: 'RAW', magicValue: undefined, entryCount: undefined, size: 4096, description: kindFromName('pages-1.img', 'file').kind },
    { path: 'stats-dump', magic: 'STATS', magicValue: '0x57093306', entryCount: undefined, size: fixture('stats-dump').length, description: kindFromName('stats-dump', 'file').kind },
  ]);
});

test('get: decodes once, serves from the cache, shares a load in flight, counts entries in list', async () => {
  const log: string[] = [];
  const store = new ImageStore(fakeArchive({ 'checkpoint/fdinfo-2.img': { bytes: fixture('fdinfo-2.img') } }, log));
  const [a, b] = await Promise.all([store.get('checkpoint/fdinfo-2.img'), store.get('checkpoint/fdinfo-2.img')]);
  assert.equal(a, b);
  assert.equal(await store.get('checkpoint/fdinfo-2.img'), a);
  assert.deepEqual(log, ['readAll checkpoint/fdinfo-2.img']);
  assert.equal(store.list()[0].entryCount, a!.entries.length);
  assert.equal(await store.get('checkpoint/missing.img'), undefined);
});

test('raw images are never read', async () => {
  const log: string[] = [];
  const store = new ImageStore(fakeArchive({ 'checkpoint/pages-1.img': { bytes: new Uint8Array(8192) } }, log));
  const image = await store.get('checkpoint/pages-1.img');
  assert.equal(image?.raw, true);
  assert.equal(image?.magic, 'RAW');
  assert.equal(image?.totalSize, 8192);
  assert.deepEqual(log, []);
});

test('an image above the size limit: its beginning is decoded, with a warning', async () => {
  const bytes = fixture('files.img');
  const store = new ImageStore(fakeArchive({ 'checkpoint/files.img': { bytes, size: LIMITS.maxImageBytes + 1 } }));
  const image = await store.get('checkpoint/files.img');
  assert.ok(image);
  assert.ok(image.entries.length > 100);
  assert.equal(image.totalSize, LIMITS.maxImageBytes + 1);
  assert.equal(image.warnings.length, 1);
  assert.match(image.warnings[0].message, /above the decoding limit/);
});

test('a read error gives an image with a warning, not a rejection', async () => {
  const store = new ImageStore(fakeArchive({ 'checkpoint/mm-1.img': { bytes: new Uint8Array(0), failWith: new Error('EIO') } }));
  const image = await store.get('checkpoint/mm-1.img');
  assert.equal(image?.magic, 'MM');
  assert.match(image!.warnings[0].message, /could not read the image: EIO/);
});

test('findImage: checkpoint/ first, then the archive root; pods by container dir', () => {
  const bytes = fixture('pstree.img');
  const single = new ImageStore(fakeArchive({
    'checkpoint/pstree.img': { bytes },
    'stats-dump': { bytes: fixture('stats-dump') },
  }));
  assert.equal(single.findImage('pstree.img'), 'checkpoint/pstree.img');
  assert.equal(single.findImage('stats-dump'), 'stats-dump');
  assert.equal(single.findImage('core-1.img'), undefined);
  assert.deepEqual(single.imageDirs(), ['checkpoint']);

  const folder = new ImageStore(fakeArchive({ 'pstree.img': { bytes } }));
  assert.equal(folder.findImage('pstree.img'), 'pstree.img');
  assert.equal(folder.findImage('pstree.img', ''), 'pstree.img');

  const pod = new ImageStore(fakeArchive({
    'a1b2-web/checkpoint/pstree.img': { bytes },
    'a1b2-web/stats-dump': { bytes: fixture('stats-dump') },
    'c3d4-db/checkpoint/pstree.img': { bytes },
  }));
  assert.equal(pod.findImage('pstree.img'), undefined, 'ambiguous without a container dir');
  assert.equal(pod.findImage('pstree.img', 'c3d4-db'), 'c3d4-db/checkpoint/pstree.img');
  assert.equal(pod.findImage('pstree.img', 'a1b2-web/checkpoint'), 'a1b2-web/checkpoint/pstree.img');
  assert.equal(pod.findImage('stats-dump', 'a1b2-web/checkpoint'), 'a1b2-web/stats-dump');
  assert.equal(pod.findImage('stats-dump', 'a1b2-web'), 'a1b2-web/stats-dump');
  assert.deepEqual(pod.imageDirs(), ['a1b2-web/checkpoint', 'c3d4-db/checkpoint']);
});

test('the cache stays within its byte bound, dropping the least recently used first', async () => {
  const log: string[] = [];
  const bytes = fixture('files.img');
  const files: Record<string, FakeFile> = {};
  for (let i = 0; i < 4; i++) files[`checkpoint/fdinfo-${i}.img`] = { bytes };
  // files.img costs about 2 * 10768 + 116 * 400 bytes; room for two of them.
  const store = new ImageStore(fakeArchive(files, log), { maxCacheBytes: 150_000 });
  for (const i of [0, 1, 0, 2]) await store.get(`checkpoint/fdinfo-${i}.img`);
  log.length = 0;
  await store.get('checkpoint/fdinfo-0.img');
  await store.get('checkpoint/fdinfo-2.img');
  assert.deepEqual(log, [], '0 and 2 are still cached');
  await store.get('checkpoint/fdinfo-1.img');
  assert.deepEqual(log, ['readAll checkpoint/fdinfo-1.img'], '1 was evicted');
});
