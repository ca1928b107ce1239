import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogLine } from '../../../shared/model';
import { findLineAtTime, runs } from './logLines';

test('runs merges near indexes into one read', () => {
  assert.deepEqual(runs([], 1), []);
  assert.deepEqual(runs([0, 1, 2, 3], 1), [[0, 4]]);
  assert.deepEqual(runs([0, 1, 5, 6, 100], 1), [[0, 2], [5, 2], [100, 1]]);
  assert.deepEqual(runs([0, 1, 5, 6, 100], 24), [[0, 7], [100, 1]]);
});

/** A log of `n` lines one second apart, every 7th malformed (no time), like a log with garbage. */
function log(n: number) {
  const lines: LogLine[] = Array.from({ length: n }, (_, index) => ({
    index,
    offset: index * 80,
    records: 1,
    text: `line ${index}`,
    ...(index % 7 === 3 ? { malformed: true } : { timeMs: 1_000_000 + index * 1000 }),
  }));
  let reads = 0;
  const read = async (start: number, count: number) => {
    reads++;
    return lines.slice(start, start + count);
  };
  return { lines, read, reads: () => reads };
}

test('jump to time finds the first line at or after the time, skipping lines without one', async () => {
  const { read, reads } = log(1_000_000);
  assert.equal(await findLineAtTime(read, 1_000_000, 1_000_000 + 424_242_000), 424_242);
  // A time between two lines lands on the later one; a malformed line is never the answer.
  assert.equal(await findLineAtTime(read, 1_000_000, 1_000_000 + 2_500), 4);
  assert.ok(reads() < 80, `binary search, not a scan (${reads()} reads)`);
});

test('before the first and after the last line', async () => {
  const { read } = log(100);
  assert.equal(await findLineAtTime(read, 100, 0), 0);
  assert.equal(await findLineAtTime(read, 100, 10_000_000), 99);
  assert.equal(await findLineAtTime(read, 0, 5), 0);
});
