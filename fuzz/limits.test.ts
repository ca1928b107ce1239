// Every limit of electron/limits.ts reached, each one a visible warning or a clear error (never a
// silent cut). Where a module accepts an override (archive limits, search maxHits, strings maxResults)
// the test lowers it; the others are reached cheaply with sparse files or hand-made bytes.
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync, ftruncateSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { openArchive } from '../electron/archive';
import { loadCheckpoint } from '../electron/checkpoint';
import { CRIU_MAGICS, IMG_COMMON_MAGIC, ImageStore, decodeImage } from '../electron/criu';
import { InspectorError, LimitError } from '../electron/errors';
import { LIMITS } from '../electron/limits';
import { LogEngine } from '../electron/logs';
import { collectingContext, extractStrings, loadAddressSpace, searchAll } from '../electron/memory';
import type { InspectorWarning, StringHit } from '../shared/model';
import { seedLayout } from './layout';
import { fixChecksum, nest, paxRecord, tarFile, tarHeader } from './mutate';
import { fixturesDir } from './seeds';

const END = Buffer.alloc(1024);
const fixture = (name: string) => join(fixturesDir, 'archives', name);
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ci-limits-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** A tar whose one member `name` declares `size` bytes, laid out as a sparse file (no real bytes). */
function sparseTar(name: string, size: number, head: Buffer = Buffer.alloc(0)): string {
  const path = join(dir, `sparse-${name.replace(/\W/g, '_')}.tar`);
  const fd = openSync(path, 'w');
  writeSync(fd, tarHeader(name, size), 0, 512, 0);
  if (head.length > 0) writeSync(fd, head, 0, head.length, 512);
  ftruncateSync(fd, 512 + Math.ceil(size / 512) * 512 + 1024);
  closeSync(fd);
  return path;
}

const mentions = (warnings: readonly InspectorWarning[], pattern: RegExp) =>
  assert.ok(warnings.some((w) => pattern.test(w.message)), `a warning matches ${pattern}: ${JSON.stringify(warnings.map((w) => w.message))}`);

async function openOutcome(path: string, limits: Parameters<typeof openArchive>[1] = {}) {
  try {
    const archive = await openArchive(path, { tempDir: dir, ...limits });
    const result = { warnings: [...archive.warnings], entries: archive.entries.length, error: undefined as string | undefined };
    await archive.close();
    return result;
  } catch (error) {
    assert.ok(error instanceof InspectorError, `a clear error, not ${String(error)}`);
    return { warnings: [] as InspectorWarning[], entries: 0, error: error.message };
  }
}

test('maxEntries (lowered to 10): the rest is not indexed, and a warning says so', async () => {
  const members = Array.from({ length: 50 }, (_, i) => tarFile(`e${i}`, Buffer.from('x')));
  const result = await openOutcome(write('many.tar', Buffer.concat([...members, END])), { limits: { maxEntries: 10 } });
  assert.equal(result.entries, 10);
  mentions(result.warnings, /entry limit reached \(10 entries\)/);
});

test('maxDecompressedBytes (lowered to 100 KB): decompression stops with a warning or error', async () => {
  const gz = write('big.tar.gz', gzipSync(readFileSync(fixture('podman-busybox.tar'))));
  const result = await openOutcome(gz, { limits: { maxDecompressedBytes: 100_000 } });
  const messages = [result.error ?? '', ...result.warnings.map((w) => w.message)].join('\n');
  assert.match(messages, /exceeds the limit of 100000 bytes/);
});

test('maxCompressionRatio (100:1 after 1 MiB): a bomb stops as a likely bomb', async () => {
  const bomb = Buffer.concat([tarHeader('zeros', 8 * 1024 * 1024), Buffer.alloc(8 * 1024 * 1024), END]);
  const result = await openOutcome(write('bomb.tar.gz', gzipSync(bomb, { level: 9 })), {
    limits: { maxCompressionRatio: 100, compressionRatioGraceBytes: 1024 * 1024 },
  });
  assert.match([result.error ?? '', ...result.warnings.map((w) => w.message)].join('\n'), /expansion ratio \d+:1 exceeds 100:1/);
});

test(
  'maxNestingDepth (lowered to 1): a tar nested deeper is not indexed, and a warning says so',
  async () => {
    const inner = Buffer.concat([tarFile('deep/file', Buffer.from('x')), END]);
    const result = await openOutcome(write('nested.tar', nest(inner, 3, ['a.tar', 'b.tar'])), { limits: { maxNestingDepth: 1 } });
    assert.equal(result.error, undefined);
    mentions(result.warnings, /nest|depth/i);
  },
);

test('maxExtendedHeaderBytes (lowered to 1 KiB): a larger pax header is refused with its size', async () => {
  const records = paxRecord('comment', 'x'.repeat(2000));
  const tar = Buffer.concat([tarFile('PaxHeaders/x', Buffer.from(records), 'x'), tarFile('a', Buffer.from('a')), END]);
  const result = await openOutcome(write('pax.tar', tar), { limits: { maxExtendedHeaderBytes: 1024 } });
  assert.match([result.error ?? '', ...result.warnings.map((w) => w.message)].join('\n'), /exceeds the limit of 1024 bytes/);
});

function imageHead(magic: number, entrySize: number): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(IMG_COMMON_MAGIC, 0);
  head.writeUInt32LE(magic, 4);
  head.writeUInt32LE(entrySize, 8);
  return head;
}

test('maxImageBytes (256 MiB, no override): a larger image is decoded in part, with a warning', async () => {
  const size = LIMITS.maxImageBytes + 4096;
  // The one entry claims more than the message limit, so decoding stops at once (a run of zero-size
  // entries over the zeros would be another problem: fuzz/regressions/zero-entries.test.ts).
  const archive = await openArchive(sparseTar('checkpoint/core-1.img', size, imageHead(CRIU_MAGICS.CORE!, LIMITS.maxMessageBytes + 1)));
  try {
    const image = await new ImageStore(archive).get('checkpoint/core-1.img');
    assert.ok(image);
    mentions(image.warnings, /above the decoding limit/);
    assert.equal(image.decodedBytes, LIMITS.maxImageBytes);
  } finally {
    await archive.close();
  }
});

test('maxMessageBytes (64 MiB, no override): a larger entry size is a warning, nothing is allocated', () => {
  const image = decodeImage('checkpoint/core-1.img', new Uint8Array(imageHead(CRIU_MAGICS.CORE!, LIMITS.maxMessageBytes + 1)));
  mentions(image.warnings, /exceeds the message limit of 67108864 bytes/);
});

/** podman-busybox.tar with its config.dump renamed away and a sparse config.dump of `size` appended. */
function withSparseConfig(size: number): string {
  const bytes = Buffer.from(readFileSync(fixture('podman-busybox.tar')));
  const layout = seedLayout(bytes);
  const config = layout.members.find((m) => m.name === 'config.dump');
  assert.ok(config);
  bytes.write('config.orig', config.header, 100, 'utf8');
  fixChecksum(bytes, config.header);
  const path = join(dir, 'big-config.tar');
  const fd = openSync(path, 'w');
  writeSync(fd, bytes, 0, layout.end, 0);
  writeSync(fd, tarHeader('config.dump', size), 0, 512, layout.end);
  ftruncateSync(fd, layout.end + 512 + Math.ceil(size / 512) * 512 + 1024);
  closeSync(fd);
  return path;
}

test('maxMetadataBytes (64 MiB, no override): an oversized config.dump is a warning, not a read', async () => {
  const archive = await openArchive(withSparseConfig(LIMITS.maxMetadataBytes + 1));
  try {
    const checkpoint = await loadCheckpoint(archive, new ImageStore(archive));
    const overview = await checkpoint.overview();
    const warnings = [...overview.warnings, ...overview.containers.flatMap((c) => c.warnings ?? [])];
    mentions(warnings, /limit|too large|exceeds/i);
  } finally {
    await archive.close();
  }
});

test('maxMemoryReadBytes: a longer read is a LimitError (the IPC layer clamps before it)', async () => {
  const archive = await openArchive(fixture('podman-busybox.tar'));
  try {
    const memory = await loadAddressSpace(archive, new ImageStore(archive), 1);
    await assert.rejects(memory.read(0x400000n, LIMITS.maxMemoryReadBytes + 1), (e) => e instanceof LimitError && /limited to 1048576 bytes/.test(e.message));
  } finally {
    await archive.close();
  }
});

test('maxSearchHits (query maxHits 3): the search stops at 3 hits with limitReached and a warning', async () => {
  const archive = await openArchive(fixture('podman-busybox.tar'));
  try {
    const result = await searchAll(archive, new ImageStore(archive), { pattern: 'a', encodings: ['ascii'], maxHits: 3 }, { workers: 1 });
    assert.equal(result.hits.length, 3);
    assert.equal(result.limitReached, true);
    mentions(result.warnings, /hit limit reached: the search stopped after 3 hits/);
  } finally {
    await archive.close();
  }
});

test('maxStrings (query maxResults 5): strings stop at 5 with limitReached and a warning', async () => {
  const archive = await openArchive(fixture('podman-busybox.tar'));
  try {
    const strings: StringHit[] = [];
    const warnings: InspectorWarning[] = [];
    const ctx = collectingContext<StringHit>(new AbortController().signal, strings, warnings);
    const result = await extractStrings(archive, new ImageStore(archive), { pid: 1, minLength: 4, encodings: ['ascii'], maxResults: 5 }, ctx, { workers: 1 });
    assert.equal(strings.length, 5);
    assert.equal(result.limitReached, true);
    mentions(warnings, /string limit reached: stopped after 5 strings/);
  } finally {
    await archive.close();
  }
});

test('maxLogLineBytes (1 MiB, no override): a longer log line is cut and marked truncated', async () => {
  const long = 'x'.repeat(LIMITS.maxLogLineBytes + 1000);
  const text = Buffer.from(`2026-12-03T21:32:00.000000000Z stdout F ${long}\n2026-12-03T21:32:01.000000000Z stdout F short\n`);
  const engine = new LogEngine('container', { size: text.length, read: async (o, l) => text.subarray(o, o + l) }, 'ctr.log');
  await engine.index(() => false, () => undefined);
  const [first, second] = await engine.readLines(0, 2);
  assert.ok(first && second);
  assert.equal(first.truncated, true);
  assert.equal(Buffer.byteLength(first.text), LIMITS.maxLogLineBytes);
  assert.equal(second.text, 'short');
});

test('maxEntries in an image folder (lowered to 3): a warning names the cut', async () => {
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  for (let i = 0; i < 6; i++) writeFileSync(join(folder, `f${i}.img`), 'x');
  const result = await openOutcome(folder, { limits: { maxEntries: 3 } });
  mentions(result.warnings, /entry limit reached \(3 entries\)/);
});
