// Address spaces of the real fixtures against what checkpointctl 1.3.0 printed for the same bytes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openArchive } from '../archive';
import { archivesDir, expectedDir, fixtureArchives, imagesDir } from '../archive/test-support';
import { ImageStore } from '../criu/image-store';
import { loadAddressSpace } from './address-space';

interface TreeNode {
  pid: number;
  command: string;
  cmdline?: string;
  environment_variables?: Record<string, string>;
  children?: TreeNode[];
}

function flatten(node: TreeNode): TreeNode[] {
  return [node, ...(node.children ?? []).flatMap(flatten)];
}

/** checkpointctl memparse table: pid -> [MEMORY SIZE, SHARED MEMORY SIZE] in bytes (as printed, 1 decimal). */
function memparseSizes(name: string): Map<number, [number, number]> {
  const text = readFileSync(join(expectedDir, name, 'checkpointctl-memparse.txt'), 'utf8');
  const units: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
  const sizes = new Map<number, [number, number]>();
  for (const m of text.matchAll(/^\|\s*(\d+)\s*\|[^|]*\|\s*([\d.]+) (\w+)\s*\|\s*([\d.]+) (\w+)\s*\|$/gm)) {
    sizes.set(Number(m[1]), [Number(m[2]) * units[m[3]], Number(m[4]) * units[m[5]]]);
  }
  return sizes;
}

/** checkpointctl prints sizes with one decimal: equal when ours rounds to what it printed. */
function sameHumanSize(bytes: number, printed: number): boolean {
  for (const unit of [1024 ** 3, 1024 ** 2, 1024, 1]) {
    if (bytes >= unit || unit === 1) return Math.abs(bytes / unit - printed / unit) < 0.05 + 1e-9;
  }
  return false;
}

for (const file of fixtureArchives()) {
  const name = file.replace(/\.tar$/, '');

  test(`${name}: argv and environment equal checkpointctl inspect`, async () => {
    const archive = await openArchive(join(archivesDir, file));
    try {
      const store = new ImageStore(archive);
      const inspect = JSON.parse(readFileSync(join(expectedDir, name, 'checkpointctl-inspect.json'), 'utf8'));
      const nodes = flatten(inspect[0].process_tree as TreeNode);
      assert.ok(nodes.length >= 1);
      for (const node of nodes) {
        const memory = await loadAddressSpace(archive, store, node.pid);
        const { argv, env } = await memory.readArgvEnv();
        // checkpointctl joins argv with spaces and ends with one; argv itself stays a list.
        assert.equal(`${argv.join(' ')} `, node.cmdline, `pid ${node.pid} cmdline`);
        assert.ok(argv.length >= 1);
        const envMap = Object.fromEntries(env.map((item) => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)]));
        assert.deepEqual(envMap, node.environment_variables, `pid ${node.pid} environment`);
        assert.equal(memory.comm, node.command);
      }
    } finally {
      await archive.close();
    }
  });

  test(`${name}: dumped bytes per process equal checkpointctl memparse`, async () => {
    const archive = await openArchive(join(archivesDir, file));
    try {
      const store = new ImageStore(archive);
      const sizes = memparseSizes(name);
      assert.ok(sizes.size >= 1);
      for (const [pid, [memorySize, sharedSize]] of sizes) {
        const memory = await loadAddressSpace(archive, store, pid);
        const info = memory.info();
        // checkpointctl sums nr_pages * page size over every pagemap entry, whatever the flags. In
        // these full dumps every entry is PE_PRESENT, so that is also what the dump holds.
        assert.equal(memory.runTable.allEntriesBytes, info.dumpedBytes, `pid ${pid}: all entries are present`);
        assert.ok(sameHumanSize(info.dumpedBytes, memorySize), `pid ${pid}: ${info.dumpedBytes} vs ${memorySize}`);
        assert.equal(info.dumpedBytes, memory.pagesEntry?.size, `pid ${pid}: the pages image holds exactly the present runs`);
        // SHARED MEMORY SIZE: sizes of MAP_SHARED VMAs.
        const shared = memory.regions.filter((r) => r.region.shared).reduce((s, r) => s + r.region.size, 0);
        assert.ok(sameHumanSize(shared, sharedSize), `pid ${pid} shared: ${shared} vs ${sharedSize}`);
        assert.equal(info.regions.reduce((s, r) => s + r.dumpedBytes, 0), info.dumpedBytes, 'every dumped byte lies in a VMA');
      }
    } finally {
      await archive.close();
    }
  });
}

test('regions: busybox sh backing names, rwx and per-region dumped bytes match crit/pagemap', async () => {
  const archive = await openArchive(join(archivesDir, 'crio-busybox-httpd.tar'));
  try {
    const memory = await loadAddressSpace(archive, new ImageStore(archive), 1);
    const rows = memory.info().regions.map((r) => `${r.start}-${r.end} ${r.prot} ${r.backing} ${r.dumpedBytes}`);
    assert.deepEqual(rows, [
      '0x400000-0x401000 r--p /bin/busybox 0',
      '0x401000-0x585000 r-xp /bin/busybox 4096',
      '0x585000-0x5db000 r--p /bin/busybox 0',
      '0x5db000-0x5e2000 r--p /bin/busybox 8192',
      '0x5e2000-0x5e5000 rw-p /bin/busybox 12288',
      '0x5e5000-0x5ec000 rw-p [anon] 12288',
      '0x39ef0000-0x39f12000 rw-p [heap] 16384',
      '0x7f68c7def000-0x7f68c7df5000 r--p [vvar] 0',
      '0x7f68c7df5000-0x7f68c7df7000 r-xp [vdso] 8192',
      '0x7fff1ec95000-0x7fff1ecb6000 rw-p [stack] 12288',
      '0xffffffffff600000-0xffffffffff601000 --xp [vsyscall] 0',
    ]);
  } finally {
    await archive.close();
  }
});

test('regions: a shared file mapping is "s" and named from files.img (vma.shmid -> file id)', async () => {
  const archive = await openArchive(join(archivesDir, 'crio-python-counter.tar'));
  try {
    const memory = await loadAddressSpace(archive, new ImageStore(archive), 1);
    const shared = memory.info().regions.filter((r) => r.shared);
    assert.deepEqual(
      shared.map((r) => [r.start, r.prot, r.backing, r.backingKind, r.size]),
      [['0x7f94625ae000', 'r--s', '/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache', 'file', 28 * 1024]],
    );
    assert.ok(memory.info().regions.some((r) => r.backing === '/usr/bin/python3.11' || r.backing.startsWith('/usr/bin/python3')));
  } finally {
    await archive.close();
  }
});

test('read: dumped bytes, not-dumped pieces as null, pieces contiguous', async () => {
  const archive = await openArchive(join(archivesDir, 'crio-busybox-httpd.tar'));
  try {
    const memory = await loadAddressSpace(archive, new ImageStore(archive), 1);
    // The heap VMA 0x39ef0000-0x39f12000 has 4 dumped pages at its start.
    const pieces = await memory.read(0x39ef3ff0n, 0x20);
    assert.deepEqual(
      pieces.map((p) => [p.address, p.length, p.bytes === null]),
      [
        [0x39ef3ff0n, 0x10, false],
        [0x39ef4000n, 0x10, true],
      ],
    );
    const secret = await memory.read(0x39ef35b2n, 15);
    assert.equal(Buffer.from(secret[0].bytes!).toString('latin1'), 'RANDOM_1432_KEY');
    assert.ok(!Buffer.isBuffer(secret[0].bytes), 'plain Uint8Array, not a Buffer');
    // A zero page that was dumped is bytes of zeros, not null.
    const bytes = await memory.readBytes(0x39ef3ff0n, 0x39ef4010n);
    assert.equal(bytes.length, 0x20);
    assert.deepEqual([...bytes.subarray(0x10)], new Array(0x10).fill(0));
    assert.deepEqual(await memory.read(0n, 0), []);
    assert.deepEqual((await memory.read(0x1000n, 16)).map((p) => p.bytes), [null]);
  } finally {
    await archive.close();
  }
});

test('image folders: the 2018 dump (compat_nr_pages only) gives argv from memory', async () => {
  const archive = await openArchive(join(imagesDir, 'criu2018-sleep'));
  try {
    const store = new ImageStore(archive);
    const pstree = await store.get('pstree.img');
    const pids = pstree!.entries.map((e) => e.message.pid as number);
    const argvs: string[][] = [];
    for (const pid of pids) {
      const memory = await loadAddressSpace(archive, store, pid);
      assert.equal(memory.info().dumpedBytes, memory.pagesEntry?.size);
      argvs.push((await memory.readArgvEnv()).argv);
    }
    assert.deepEqual(argvs, [
      ['/bin/sh', './test.sh'],
      ['sleep', '1'],
    ]);
  } finally {
    await archive.close();
  }
});
