// Found by the fuzzer (seed 424242, case 2350, recipe "zstd magic + random bytes"): a 949-byte garbage
// zstd frame (committed beside this file) makes opening allocate about 2.3 GiB of ArrayBuffer — the
// size its header claims — and the allocation stays referenced after openArchive has refused the
// input: every later case in the same worker showed 2.3 GiB of external memory. RSS stays low only
// because the pages are never touched; a claim near 4 GiB or a machine with less address space fails
// outright. Fix (electron/archive/decompress.ts, zstd path over fzstd): refuse a frame whose window
// or declared content size is above a limit (zstd itself refuses windows over 128 MiB without
// --memory) with an InspectorError, before allocating; do not keep the failed stream's buffers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIsolated } from './support';

test('a garbage zstd frame is refused without allocating gigabytes', async () => {
  const result = await runIsolated<{ outcome: string; peakMb: number; heldMb: number }>(new URL('./zstd-window.body.ts', import.meta.url), {
    heapMb: 256,
    timeoutMs: 20_000,
    workerData: new URL('./zstd-huge-window.zst', import.meta.url).pathname,
  });
  assert.match(result.outcome, /^(InspectorError|LimitError): /);
  assert.ok(result.peakMb < 512, `peak ${result.peakMb.toFixed(0)} MiB of heap and buffers while refusing a 949-byte file`);
  assert.ok(result.heldMb < 64, `${result.heldMb.toFixed(0)} MiB still held after the refusal`);
});
