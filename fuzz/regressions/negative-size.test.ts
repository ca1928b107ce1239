// Found by the fuzzer (seed 20261203, cases 251, 835, 949, 1426, 1605, 1795): a GNU base-256 size
// field may be negative (the format allows it for mtime, never for a size). The tar index accepts
// size -1: a pax header of size -1 reaches BlockReader.readDirect -> `new Uint8Array(-1)` (RangeError
// out of openArchive), and a file entry of size -1 is indexed, so LogEngine.scan calls
// Buffer.allocUnsafe(-1) (RangeError). Fix (electron/archive/tar-header.ts parseNumeric or the size
// read in tar-index.ts): a negative size is a header error ("size field is negative") like any other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openArchive } from '../../electron/archive';
import { InspectorError } from '../../electron/errors';
import { END, file, header, padded } from '../../electron/archive/tar-craft';
import { withInput } from './support';

const MINUS_ONE = new Uint8Array(12).fill(0xff);

async function openOutcome(bytes: Buffer): Promise<string> {
  return withInput(bytes, async (path) => {
    try {
      const archive = await openArchive(path);
      const negative = archive.entries.filter((e) => e.size < 0).map((e) => `${e.path} ${e.size}`);
      await archive.close();
      return negative.length > 0 ? `indexed with negative sizes: ${negative.join(', ')}` : 'ok';
    } catch (error) {
      if (error instanceof InspectorError) return 'ok';
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  });
}

test('a pax header whose base-256 size is -1 is a clear error or warning, not a RangeError', async () => {
  const tar = Buffer.concat([header({ name: 'PaxHeaders/x', type: 'x', sizeField: MINUS_ONE }), padded('12 path=a\n'), file('a', 'x'), END]);
  assert.equal(await openOutcome(tar), 'ok');
});

test('a file whose base-256 size is -1 is not indexed with a negative size', async () => {
  const tar = Buffer.concat([header({ name: 'checkpoint/dump.log', sizeField: MINUS_ONE }), file('b', 'y'), END]);
  assert.equal(await openOutcome(tar), 'ok');
});
