// One case the random fuzzer cannot make cheaply: a tar of a million and one empty entries (512 MiB
// of headers, written from one template). The index stops at LIMITS.maxEntries with a warning, in a
// worker with a 1 GiB heap and a time bound; the evidence is unchanged.
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LIMITS } from '../electron/limits';
import { tarHeader } from './mutate';
import { runIsolated } from './regressions/support';

interface Outcome {
  entries: number;
  listed: number;
  images: number;
  last: string;
  warnings: string[];
  openMs: number;
  heapMb: number;
}

/** `count` empty files named e/0000000 ... written 2,048 headers at a time; the checksum of each
 *  follows from the template's by the digits that differ. */
function writeManyEntries(path: string, count: number): void {
  const template = tarHeader('e/0000000', 0);
  const spaced = Buffer.from(template).fill(0x20, 148, 156);
  const base = spaced.reduce((sum, b) => sum + b, 0) - 7 * 0x30;
  const batch = 2048;
  const buffer = Buffer.alloc(batch * 512);
  const fd = openSync(path, 'w');
  try {
    let position = 0;
    for (let first = 0; first < count; first += batch) {
      const n = Math.min(batch, count - first);
      for (let i = 0; i < n; i++) {
        const at = i * 512;
        template.copy(buffer, at);
        const digits = String(first + i).padStart(7, '0');
        buffer.write(digits, at + 2, 'latin1');
        let sum = base;
        for (let d = 0; d < 7; d++) sum += digits.charCodeAt(d);
        buffer.write(`${sum.toString(8).padStart(6, '0')}\0 `, at + 148, 'latin1');
      }
      writeSync(fd, buffer, 0, n * 512, position);
      position += n * 512;
    }
    writeSync(fd, Buffer.alloc(1024), 0, 1024, position);
  } finally {
    closeSync(fd);
  }
}

test('a million and one empty entries: indexed up to the entry limit, with a warning, within 1 GiB and 2 minutes', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ci-million-'));
  const evidence = join(dir, 'evidence');
  const scratch = join(dir, 'scratch');
  try {
    mkdirSync(evidence);
    mkdirSync(scratch);
    const path = join(evidence, 'million.tar');
    const written = performance.now();
    writeManyEntries(path, LIMITS.maxEntries + 1);
    const before = statSync(path);
    t.diagnostic(`wrote ${(before.size / 1024 / 1024).toFixed(0)} MiB in ${(performance.now() - written).toFixed(0)} ms`);
    const outcome = await runIsolated<Outcome>(new URL('./million.body.ts', import.meta.url), {
      heapMb: 1024,
      timeoutMs: 120_000,
      workerData: { path, tempDir: scratch },
    });
    t.diagnostic(`open ${outcome.openMs.toFixed(0)} ms, heap ${outcome.heapMb.toFixed(0)} MiB after listing`);
    assert.equal(outcome.entries, LIMITS.maxEntries);
    assert.equal(outcome.listed, LIMITS.maxEntries);
    assert.equal(outcome.last, `e/${String(LIMITS.maxEntries - 1).padStart(7, '0')}`);
    assert.ok(outcome.warnings.some((w) => /entry limit reached \(1000000 entries\)/.test(w)), JSON.stringify(outcome.warnings));
    const after = statSync(path);
    assert.equal(after.size, before.size);
    assert.equal(after.mtimeMs, before.mtimeMs);
    assert.deepEqual(readdirSync(evidence), ['million.tar']);
    assert.deepEqual(readdirSync(scratch), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
