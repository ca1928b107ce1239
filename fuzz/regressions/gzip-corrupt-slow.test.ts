// Found by the fuzzer (seed 20261203, cases 265, 456, 991, 1051, 1557, 1754, 1792: "hang" during
// open at a 10 s bound): a gzip copy with a damaged stream takes seconds to open, about 80 µs per
// compressed byte of the slice where zlib failed. decompress.ts's second pass ("careful") feeds that
// slice one byte at a time, and each byte is its own handle.read + gunzip.write + drain. A 60 KB
// checkpoint.tar.gz with one flipped CRC byte takes ~5 s; a GZIP_SLICE-sized failing slice takes a
// minute and more. Fix (electron/archive/decompress.ts gunzipPass): read the careful slice once and
// feed subarrays of it (or bisect the slice), so the cost is one pass, not one syscall per byte.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { openArchive } from '../../electron/archive';
import { fixturesDir } from '../seeds';
import { withInput, within } from './support';

test('a gzip copy with a damaged CRC opens (with a warning) in a small multiple of an undamaged open', async () => {
  const gz = gzipSync(readFileSync(join(fixturesDir, 'archives/podman-busybox-httpd.tar')), { level: 1 });
  // The bound is relative to opening the undamaged copy in the same run, so machine load cancels out:
  // the byte-at-a-time recovery took ~250x that (5 s against ~20 ms), the fixed one a few times.
  const undamaged = await withInput(gz, async (path, dir) => {
    const started = performance.now();
    await (await openArchive(path, { tempDir: dir })).close();
    return performance.now() - started;
  });
  const damaged = Buffer.from(gz);
  damaged[damaged.length - 6]! ^= 0x10; // inside the CRC-32 of the trailer
  await withInput(damaged, async (path, dir) => {
    const bound = 40 * undamaged + 1000;
    const archive = await within(bound, `opening a 60 KB gzip with a bad CRC (bound ${bound.toFixed(0)} ms)`, openArchive(path, { tempDir: dir }));
    try {
      assert.ok(archive.warnings.some((w) => /corrupt|data check/.test(w.message)), 'the damage is reported');
      assert.ok(archive.entries.length > 0, 'the entries before the damage are indexed');
    } finally {
      await archive.close();
    }
  });
});
