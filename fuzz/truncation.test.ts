// Truncation at every structural boundary, not a random one: each tar header's start, its size
// and type fields, its data start and end, the end-of-archive blocks (one byte before, at, one after),
// and inside every framed image each magic, each entry's size prefix and the last byte of its payload.
// Same worker harness and checks as the random fuzzer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { knownIssueOf } from './known-issues';
import { seedLayout } from './layout';
import type { Mutated, TarSeed } from './mutate';
import { formatSummary, runFuzz } from './runner';
import { loadSeeds } from './seeds';

function boundaries(seed: TarSeed): number[] {
  const layout = seedLayout(seed.bytes);
  // Tar structure: one byte before, at and after each point.
  const tar = [0, layout.end, layout.end + 512, seed.bytes.length - 1];
  for (const m of layout.members) tar.push(m.header, m.header + 124, m.header + 156, m.data, m.data + m.size);
  const points = new Set(tar.flatMap((p) => [p - 1, p, p + 1]));
  // Image framing: at each magic's middle, each size prefix's start, middle and end, each payload's end.
  for (const image of layout.images) {
    for (const m of image.magics) points.add(m + 2);
    for (const e of image.entries) for (const p of [e.sizeAt, e.sizeAt + 2, e.sizeAt + 4, e.sizeAt + 4 + e.size - 1]) points.add(p);
  }
  return [...points].filter((p) => p > 0 && p < seed.bytes.length).sort((a, b) => a - b);
}

for (const name of ['podman-busybox.tar', 'criu2024-htop.tar']) {
  test(`truncation of ${name} at every structural boundary`, { timeout: 10 * 60_000 }, async (t) => {
    const seed = loadSeeds().find((s): s is TarSeed => s.kind === 'tar' && s.name === name);
    assert.ok(seed, `seed ${name}`);
    const cuts = boundaries(seed);
    const makeInput = (index: number): Mutated => ({
      input: { kind: 'file', bytes: seed.bytes.subarray(0, cuts[index]) },
      recipe: [`seed ${name}`, `truncate at ${cuts[index]}`],
    });
    const summary = await runFuzz({
      seed: 0,
      cases: cuts.length,
      makeInput,
      timeoutMs: 5_000,
      searchEvery: 4,
      logWorkerEvery: 0,
      confirmHangs: true,
      isKnown: (f) => knownIssueOf(f) !== undefined,
    });
    t.diagnostic(formatSummary(summary));
    assert.equal(summary.cases, cuts.length);
    assert.deepEqual(
      summary.findings.filter((f) => !knownIssueOf(f)).map((f) => `${f.kind} at ${f.recipe[1]} (${f.step ?? '-'}): ${f.detail.split('\n').slice(0, 4).join(' | ')}`),
      [],
    );
  });
}
