// Found while testing the image limit (fuzz/limits.test.ts): a framed image whose body is zeros
// (a sparse or zero-filled copy, or a hostile one) decodes as one empty entry per 4 bytes — a u32
// size of 0 is a valid empty message. decodeImage keeps a DecodedEntry object for each: a 64 MiB
// zero body is 16.7 million entries and runs a 512 MiB heap out of memory (the ImageStore reads up to
// maxImageBytes = 256 MiB per image: the whole main process ran out of its 4 GiB heap). Fix
// (electron/criu/decode-image.ts): stop after a run of empty entries (or past an entry count limit)
// with a warning such as "entries 1024.. are all empty: the rest of the image is zeros".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIsolated } from './support';

interface Outcome {
  entries: number;
  warnings: string[];
  ms: number;
  heapMb: number;
}

test('a 64 MiB image of zeros decodes within a 512 MiB heap and 6 s, with a warning', async () => {
  const outcome = await runIsolated<Outcome>(new URL('./zero-entries.body.ts', import.meta.url), {
    heapMb: 512,
    timeoutMs: 6_000,
    workerData: 64 * 1024 * 1024,
  });
  assert.ok(outcome.entries <= 100_000, `${outcome.entries} entries kept`);
  assert.ok(outcome.warnings.length > 0, 'the zeros are reported');
});
