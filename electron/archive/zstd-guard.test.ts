import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LimitError } from '../errors';
import { ZstdFrameGuard } from './zstd-guard';

const fixture = resolve(fileURLToPath(new URL('../..', import.meta.url)), '../shared/fixtures/archives/podman-busybox.tar');
const zstd = (input: Buffer, ...flags: string[]) => execFileSync('zstd', ['-q', '-c', ...flags], { input, maxBuffer: 1 << 26 });
const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);

function feedInPieces(guard: ZstdFrameGuard, bytes: Buffer, piece: number): void {
  for (let at = 0; at < bytes.length; at += piece) guard.feed(bytes.subarray(at, at + piece));
}

test('real zstd streams pass: one frame, several frames with a skippable one between, any slicing', () => {
  const plain = readFileSync(fixture);
  const one = zstd(plain);
  const many = Buffer.concat([zstd(plain.subarray(0, 100_000), '--no-check'), skippable, zstd(plain.subarray(100_000), '-19')]);
  for (const piece of [1, 7, 4096, 1 << 20]) {
    feedInPieces(new ZstdFrameGuard(8 * 1024 * 1024, 'x.tar.zst'), one, piece);
    feedInPieces(new ZstdFrameGuard(8 * 1024 * 1024, 'x.tar.zst'), many, piece);
  }
});

test('a frame asking for a window above the limit is refused before decoding, naming its offset', () => {
  const good = zstd(readFileSync(fixture));
  // Magic, a descriptor without single-segment and no content size, window descriptor 2^31.
  const hostile = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (31 - 10) << 3, 0x01, 0x00, 0x00]);
  const guard = new ZstdFrameGuard(256 * 1024 * 1024, 'x.tar.zst');
  assert.throws(
    () => feedInPieces(guard, Buffer.concat([good, hostile]), 5),
    (error: unknown) => error instanceof LimitError && error.offset === good.length && /2147483648-byte window/.test(error.message),
  );
  // Single-segment frame: the window is the declared content size (here 4 GiB - 1).
  const single = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xa0, 0xff, 0xff, 0xff, 0xff]);
  assert.throws(() => new ZstdFrameGuard(256 * 1024 * 1024, 'y.zst').feed(single), LimitError);
});

test('bytes that are not a frame are left to the decoder', () => {
  const guard = new ZstdFrameGuard(1024, 'z.zst');
  guard.feed(Buffer.from('definitely not zstd, and long enough to be read as headers'));
});
