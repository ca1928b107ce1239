import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CancelledError, InspectorError } from '../errors';
import { startHash } from './hash';
import { archivesDir, imagesDir } from './test-support';

describe('startHash (hash worker)', () => {
  it('equals sha256sum of a fixture, with progress up to the size', async () => {
    const path = join(archivesDir, 'crio-python-counter.tar');
    const expected = execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0];
    const progress: [number, number][] = [];
    const result = await startHash(path, (done, total) => progress.push([done, total]));
    assert.deepEqual(result, { sha256: expected, size: statSync(path).size });
    assert.deepEqual(progress.at(-1), [result.size, result.size]);
  });

  it('a folder hashes to the manifest hash standard tools compute', async () => {
    const dir = join(imagesDir, 'criu2018-sleep');
    const expected = execFileSync(
      'sh',
      ['-c', `cd "$1" && find . -type f -printf '%P\\0' | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum`, 'sh', dir],
      { encoding: 'utf8' },
    ).split(' ')[0];
    const result = await startHash(dir, () => undefined);
    assert.equal(result.sha256, expected);
  });

  it('cancels', async () => {
    const controller = new AbortController();
    const hashing = startHash(join(archivesDir, 'crio-python-counter.tar'), () => undefined, controller.signal);
    controller.abort();
    await assert.rejects(hashing, CancelledError);
  });

  it('a missing file is a clear error', async () => {
    await assert.rejects(startHash('/nonexistent/evidence.tar', () => undefined), (error: unknown) => {
      assert.ok(error instanceof InspectorError);
      assert.match(error.message, /hashing failed: .*ENOENT/);
      return true;
    });
  });
});
