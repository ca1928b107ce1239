// Found by the fuzzer (seed 2, case 186; seed 20261203 several: "hang" during processes or memory):
// one protobuf length set to 0 inside checkpoint/mm-38.img of podman-busybox-httpd.tar shifts the
// mm_entry fields so that mm_arg_start..mm_env_end spans megabytes. readArgvEnv reads up to
// MAX_ARGV_ENV_BYTES (8 MiB; bytes not in the dump as zeros) and splitNul turns every zero into an
// empty string: 8,379,834 argv and as many env strings, ~12 s and ~350 MiB of heap in processes(),
// and a ProcessInfo of 50 MB sent over IPC. Fixed in d06e37b (bounded argv/env strings); this test
// keeps it fixed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openArchive } from '../../electron/archive';
import { loadCheckpoint } from '../../electron/checkpoint';
import { ImageStore } from '../../electron/criu';
import { seedLayout } from '../layout';
import { fixturesDir } from '../seeds';
import { withInput, within } from './support';

/** The recipe: the 10th length varint of mm-38.img (file offset 84689) set to 0. */
function damagedArchive(): Buffer {
  const bytes = readFileSync(join(fixturesDir, 'archives/podman-busybox-httpd.tar'));
  const mm = seedLayout(bytes).images.find((i) => i.name === 'checkpoint/mm-38.img');
  assert.ok(mm, 'the fixture has checkpoint/mm-38.img');
  const varint = mm.varints.find((v) => v.at === 84689);
  assert.ok(varint && varint.bytes === 1, 'the length varint is where the fuzzer found it');
  bytes[varint.at] = 0;
  return bytes;
}

test('a damaged mm image does not turn argv/env into millions of strings', async () => {
  await withInput(damagedArchive(), async (path) => {
    const archive = await openArchive(path);
    try {
      const checkpoint = await loadCheckpoint(archive, new ImageStore(archive));
      const processes = await within(3000, 'processes() of a damaged mm image', checkpoint.processes());
      const p38 = processes.find((p) => p.pid === 38);
      assert.ok(p38, 'process 38 is still listed');
      assert.ok(p38.cmdline.length <= 65_536 && p38.env.length <= 65_536, `argv ${p38.cmdline.length}, env ${p38.env.length} strings`);
      assert.ok(p38.warnings.length > 0 || processes.some((p) => p.warnings.length > 0), 'the cut is a visible warning');
    } finally {
      await archive.close();
    }
  });
});
