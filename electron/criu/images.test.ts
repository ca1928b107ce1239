// The two plain image folders (docs/criu-format.md §8): they decode without warnings, and values the
// doc confirmed with an independent decoder come out the same.
import assert from 'node:assert/strict';
import { openSync, readSync, closeSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openArchive, type OpenedArchive } from '../archive';
import { decodeImage } from './decode-image';
import { ImageStore } from './image-store';
import { IMG_COMMON_MAGIC, IMG_SERVICE_MAGIC } from './magic';
import { prettyImage } from './pretty';
import { imagesDir } from './test-support';
import type { DecodedImage, Message } from './types';

const PAGE = 4096;
const PE_PRESENT = 4;

function decodeFile(folder: string, name: string): DecodedImage {
  return decodeImage(name, readFileSync(join(imagesDir, folder, name)));
}

function pageCount(entry: Message): number {
  return entry.nr_pages !== undefined ? Number(entry.nr_pages as bigint) : (entry.compat_nr_pages as number);
}

/** Bytes [start, end) of a process's memory from its pagemap and pages file (zeros where not dumped):
 *  an independent, minimal reading of the rule in docs §5, to check the decoded values against. */
function readMemory(folder: string, pid: number, start: bigint, end: bigint): Uint8Array {
  const pagemap = decodeFile(folder, `pagemap-${pid}.img`);
  const pagesId = pagemap.entries[0].message.pages_id as number;
  const fd = openSync(join(imagesDir, folder, `pages-${pagesId}.img`), 'r');
  try {
    const out = new Uint8Array(Number(end - start));
    let fileOffset = 0;
    for (const { message } of pagemap.entries.slice(1)) {
      const length = pageCount(message) * PAGE;
      if (((message.flags as number | undefined) ?? PE_PRESENT) & PE_PRESENT) {
        const runStart = message.vaddr as bigint;
        const from = start > runStart ? start : runStart;
        const to = end < runStart + BigInt(length) ? end : runStart + BigInt(length);
        if (from < to) readSync(fd, out, Number(from - start), Number(to - from), fileOffset + Number(from - runStart));
        fileOffset += length;
      }
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

function argv(folder: string, pid: number): string[] {
  const mm = decodeFile(folder, `mm-${pid}.img`).entries[0].message;
  const bytes = readMemory(folder, pid, mm.mm_arg_start as bigint, mm.mm_arg_end as bigint);
  return Buffer.from(bytes).toString('latin1').split('\0').filter((item) => item !== '');
}

for (const folder of ['criu2018-sleep', 'criu2024-htop']) {
  describe(`image folder ${folder}`, () => {
    let archive: OpenedArchive;
    let store: ImageStore;
    before(async () => {
      archive = await openArchive(join(imagesDir, folder));
      store = new ImageStore(archive);
    });
    after(async () => archive?.close());

    test('every image decodes without warnings or unknown fields', async () => {
      const summaries = store.list();
      assert.ok(summaries.length > 10);
      for (const summary of summaries) {
        const image = await store.get(summary.path);
        assert.ok(image, summary.path);
        assert.deepEqual(image.warnings, [], summary.path);
        assert.notEqual(image.magic, 'UNKNOWN', summary.path);
        assert.ok(!JSON.stringify(prettyImage(image)).includes('__unknown'), `${summary.path} has no unknown fields`);
        if (/pages-\d+\.img$/.test(summary.path)) assert.equal(image.raw, true);
        else assert.ok(image.entries.length > 0, summary.path);
      }
    });

    test('head magics: none for inventory, IMG_SERVICE for stats, IMG_COMMON otherwise', () => {
      assert.equal(decodeFile(folder, 'inventory.img').headMagic, undefined);
      assert.equal(decodeFile(folder, 'stats-dump').headMagic, IMG_SERVICE_MAGIC);
      assert.equal(decodeFile(folder, 'pstree.img').headMagic, IMG_COMMON_MAGIC);
    });

    // Process pagemaps only: criu2024-htop's pagemap-shmem-19382.img also names pages id 1, but its
    // pages file was not kept in the repository the sample comes from.
    test('each pages file is exactly the PE_PRESENT runs of the process pagemaps that name it', () => {
      const names = readdirSync(join(imagesDir, folder));
      const bytesById = new Map<number, number>();
      for (const name of names.filter((n) => /^pagemap-\d+\.img$/.test(n))) {
        const pagemap = decodeFile(folder, name);
        assert.equal(pagemap.entries[0].type, 'pagemap_head');
        const id = pagemap.entries[0].message.pages_id as number;
        let bytes = 0;
        for (const { message } of pagemap.entries.slice(1)) {
          if (((message.flags as number | undefined) ?? PE_PRESENT) & PE_PRESENT) bytes += pageCount(message) * PAGE;
        }
        bytesById.set(id, (bytesById.get(id) ?? 0) + bytes);
      }
      for (const name of names.filter((n) => /^pages-\d+\.img$/.test(n))) {
        const id = Number(name.match(/\d+/)![0]);
        assert.equal(bytesById.get(id), statSync(join(imagesDir, folder, name)).size, name);
      }
    });
  });
}

test('criu2018-sleep: two processes, test.sh -> sleep, old page-count field, argv from memory', () => {
  const pstree = decodeFile('criu2018-sleep', 'pstree.img').entries.map((e) => e.message);
  assert.deepEqual(pstree.map((p) => [p.pid, p.threads]), [[53948, [53948]], [54362, [54362]]]);
  assert.equal(pstree[1].ppid, 53948);
  const pagemap = decodeFile('criu2018-sleep', 'pagemap-53948.img');
  for (const { message } of pagemap.entries.slice(1)) {
    assert.equal(message.nr_pages, undefined, 'CRIU < 4.2 writes no field 5');
    assert.equal(typeof message.compat_nr_pages, 'number');
    assert.equal(typeof message.vaddr, 'bigint');
  }
  assert.deepEqual(argv('criu2018-sleep', 53948), ['/bin/sh', './test.sh']);
  assert.deepEqual(argv('criu2018-sleep', 54362), ['sleep', '1']);
  const comm = decodeFile('criu2018-sleep', 'core-54362.img').entries[0].message.tc as Message;
  assert.equal(comm.comm, 'sleep');
  assert.equal(comm.task_state, 1);
  const files = decodeFile('criu2018-sleep', 'files.img').entries.map((e) => e.message);
  assert.ok(files.some((f) => (f.reg as Message | undefined)?.name === '/dev/null'));
});

test('criu2024-htop: htop with TTY fds, 62 VMAs, registers, credentials', () => {
  assert.deepEqual(argv('criu2024-htop', 7430), ['htop']);
  const mm = decodeFile('criu2024-htop', 'mm-7430.img').entries[0].message;
  const vmas = mm.vmas as Message[];
  assert.equal(vmas.length, 62);
  for (const vma of vmas) {
    assert.equal(typeof vma.start, 'bigint');
    assert.ok((vma.end as bigint) > (vma.start as bigint));
    assert.equal(vma.fd, -1n, 'vma.fd is sint64 -1 (zigzag)');
    assert.equal(typeof vma.status, 'number');
  }
  const fds = decodeFile('criu2024-htop', 'fdinfo-2.img').entries.map((e) => e.message);
  const ttys = fds.filter((fd) => fd.type === 11);
  assert.ok(ttys.length >= 3, 'stdin, stdout and stderr are TTYs');
  const files = decodeFile('criu2024-htop', 'files.img').entries.map((e) => e.message);
  for (const tty of ttys) {
    const file = files.find((f) => f.id === tty.id);
    assert.equal(file?.type, 11);
    assert.equal(typeof (file?.tty as Message).tty_info_id, 'number');
  }
  const core = decodeFile('criu2024-htop', 'core-7430.img').entries[0].message;
  assert.equal(core.mtype, 1);
  const gpregs = (core.thread_info as Message).gpregs as Message;
  assert.equal(typeof gpregs.ip, 'bigint');
  assert.ok((gpregs.sp as bigint) > 0n);
  const threadCore = core.thread_core as Message;
  assert.equal(typeof (threadCore.creds as Message).uid, 'number');
  assert.equal((core.tc as Message).comm, 'htop');
  const pretty = prettyImage(decodeFile('criu2024-htop', 'core-7430.img'));
  const tc = (pretty.entries[0] as Record<string, Record<string, unknown>>).tc;
  assert.equal(tc.task_state, 'Alive');
});
