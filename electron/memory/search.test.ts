// Search and strings on the real fixtures (against checkpointctl's hits) and on a generated archive
// whose pagemap puts a needle across two runs with contiguous addresses but reversed file places.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { InspectorWarning, SearchHit, StringHit } from '../../shared/model';
import { openArchive } from '../archive';
import { archivesDir, expectedDir, fixtureArchives } from '../archive/test-support';
import type { OpenedArchive } from '../archive/types';
import { ImageStore } from '../criu/image-store';
import { CancelledError } from '../errors';
import { JobManager } from '../jobs/job-manager';
import { LIMITS } from '../limits';
import { loadAddressSpace } from './address-space';
import { collectingContext, searchAll, searchMemory } from './search';
import { extractStrings } from './strings';
import { PE_LAZY, PE_PARENT } from './runs';
import { type SyntheticRun, writeSyntheticArchive } from './synthetic-archive';

const KEY = 'RANDOM_1432_KEY';

/** checkpointctl memparse --search output: the ADDRESS column (hex, zero-padded). */
async function checkpointctlHits(name: string, pid: number): Promise<bigint[]> {
  const text = await readFile(join(expectedDir, name, `checkpointctl-memparse-search-${KEY}-pid${pid}.txt`), 'utf8');
  return [...text.matchAll(/^\|\s*([0-9a-f]{16})\s*\|\s*RANDOM_1432_KEY\s*\|/gm)].map((m) => BigInt(`0x${m[1]}`));
}

for (const file of fixtureArchives()) {
  const name = file.replace(/\.tar$/, '');
  test(`${name}: ${KEY} hits of every process equal checkpointctl's, also with tiny chunks`, async () => {
    const archive = await openArchive(join(archivesDir, file));
    try {
      const store = new ImageStore(archive);
      const pstree = await store.get('checkpoint/pstree.img');
      const pids = pstree!.entries.map((e) => e.message.pid as number).sort((a, b) => a - b);
      const result = await searchAll(archive, store, { pattern: KEY, encodings: ['ascii'] });
      assert.deepEqual(result.warnings, []);
      assert.ok(!result.limitReached);
      const dumped = (await Promise.all(pids.map((pid) => loadAddressSpace(archive, store, pid)))).reduce(
        (sum, m) => sum + m.info().dumpedBytes,
        0,
      );
      assert.equal(result.bytesScanned, dumped, 'every dumped byte scanned once');
      for (const pid of pids) {
        const expected = await checkpointctlHits(name, pid);
        const ours = result.hits.filter((h) => h.pid === pid).map((h) => BigInt(h.address));
        assert.deepEqual(ours, expected, `pid ${pid}`);
      }
      assert.ok(result.hits.some((h) => h.pid === 1), 'pid 1 is searched too');
      for (const hit of result.hits) {
        const bytes = Buffer.from(hit.context.subarray(hit.contextBefore, hit.contextBefore + hit.length));
        assert.equal(bytes.toString('latin1'), KEY);
        assert.ok(BigInt(hit.region.start) <= BigInt(hit.address) && BigInt(hit.address) < BigInt(hit.region.end));
      }
      // Chunks of 4 KiB + 1 byte: most chunk boundaries fall inside runs, some inside a match.
      const small = await searchAll(archive, store, { pattern: KEY, encodings: ['ascii'] }, { chunkBytes: 4097 });
      assert.deepEqual(
        small.hits.map((h) => `${h.pid}:${h.address}:${Buffer.from(h.context).toString('hex')}`),
        result.hits.map((h) => `${h.pid}:${h.address}:${Buffer.from(h.context).toString('hex')}`),
        'same hits and context whatever the chunk size, each exactly once',
      );
    } finally {
      await archive.close();
    }
  });
}

test('python counter: hits carry comm, region, 32 bytes of context each side, in address order', async () => {
  const archive = await openArchive(join(archivesDir, 'crio-python-counter.tar'));
  try {
    const store = new ImageStore(archive);
    const { hits } = await searchAll(archive, store, { pattern: KEY, encodings: ['ascii'], pid: 1 });
    assert.equal(hits.length, 65);
    const addresses = hits.map((h) => BigInt(h.address));
    assert.deepEqual([...addresses].sort((a, b) => (a < b ? -1 : 1)), addresses);
    const first = hits[0];
    assert.equal(first.comm, 'python3');
    assert.equal(first.contextBefore, 32);
    assert.equal(first.context.length, 32 + KEY.length + 32);
    const memory = await loadAddressSpace(archive, store, 1);
    const around = await memory.readBytes(BigInt(first.address) - 32n, BigInt(first.address) + BigInt(KEY.length + 32));
    assert.deepEqual(first.context, around);
    assert.equal(first.region.path, '[heap]');
    assert.equal(first.region.prot, 'rw-p');
  } finally {
    await archive.close();
  }
});

// ---------------------------------------------------------------- generated archive

const HEAP = 0x39ef0000n;
const PAGE = 4096;
const CROSS = 'CROSS_RUN_NEEDLE';
const CROSS_AT = HEAP + 2n * BigInt(PAGE) - 7n;
const WIDE = 'Wide_Needle';
const WIDE_AT = HEAP + 0x100n;
const HEX = [0xde, 0xad, 0xbe, 0xef, 0x01];
const HEX_AT = HEAP + 0x200n;
const MIXED = 'MiXeD_CaSe_ToKeN';
const MIXED_AT = HEAP + 0x300n;
const REGEX_AT = HEAP + 0x400n;
const REGEX_TEXT = 'user=alice;id=4242;';

let dir: string;
let generated: string;
let archive: OpenedArchive;
let store: ImageStore;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'memory-test-'));
  generated = join(dir, 'cross-run.tar');
  const source = join(archivesDir, 'crio-busybox-httpd.tar');
  const original = await openArchive(source);
  try {
    const memory = await loadAddressSpace(original, new ImageStore(original), 1);
    const runs: SyntheticRun[] = [];
    for (const run of memory.runTable.runs) {
      const pieces = await memory.read(run.start, run.pages * PAGE);
      const bytes = Buffer.concat(pieces.map((p) => p.bytes!));
      if (run.start !== HEAP) {
        runs.push({ vaddr: run.start, pages: run.pages, flags: run.flags, data: bytes });
        continue;
      }
      assert.equal(run.pages, 4);
      bytes.write(CROSS, Number(CROSS_AT - HEAP), 'latin1');
      bytes.write(WIDE, Number(WIDE_AT - HEAP), 'utf16le');
      Buffer.from(HEX).copy(bytes, Number(HEX_AT - HEAP));
      bytes.write(MIXED, Number(MIXED_AT - HEAP), 'latin1');
      bytes.write(REGEX_TEXT, Number(REGEX_AT - HEAP), 'latin1');
      // The second half first: contiguous addresses, but its bytes come before the first half's.
      runs.push({ vaddr: HEAP + 2n * BigInt(PAGE), pages: 2, flags: run.flags, data: bytes.subarray(2 * PAGE) });
      runs.push({ vaddr: HEAP, pages: 2, flags: run.flags, data: bytes.subarray(0, 2 * PAGE) });
    }
    // Inside the [anon] VMA 0x5e5000-0x5ec000: a lazy-only and a parent run occupy no pages bytes.
    runs.push({ vaddr: 0x5e6000n, pages: 1, flags: PE_LAZY });
    runs.push({ vaddr: 0x5e7000n, pages: 1, flags: PE_PARENT });
    await writeSyntheticArchive(source, generated, [{ pid: 1, pagesId: 1, runs }]);
  } finally {
    await original.close();
  }
  archive = await openArchive(generated);
  store = new ImageStore(archive);
});

after(async () => {
  await archive?.close();
  await rm(dir, { recursive: true, force: true });
});

test('generated: the cross-run needle is found at its address; a per-run scan (checkpointctl) misses it', async () => {
  const result = await searchAll(archive, store, { pattern: CROSS, encodings: ['ascii'], pid: 1 });
  assert.deepEqual(result.hits.map((h) => h.address), [`0x${CROSS_AT.toString(16)}`]);
  const memory = await loadAddressSpace(archive, store, 1);
  const heapRuns = memory.runTable.runs.filter((r) => r.start >= HEAP && r.start < HEAP + 0x4000n);
  assert.deepEqual(
    heapRuns.map((r) => [r.start, r.fileOffset > heapRuns[1].fileOffset]),
    [
      [HEAP, true],
      [HEAP + 0x2000n, false],
    ],
    'the first half sits after the second half in the pages file',
  );
  for (const run of heapRuns) {
    const bytes = await memory.readBytes(run.start, run.end);
    assert.equal(Buffer.from(bytes).indexOf(CROSS), -1, 'not inside one run');
  }
  const pages = await archive.readAll(memory.pagesEntry!, 1 << 20);
  assert.equal(Buffer.from(pages).indexOf(CROSS), -1, 'nor contiguous in the pages file (grep would miss it too)');
  // The original secret hits are unchanged by the reshuffle.
  const secret = await searchAll(archive, store, { pattern: KEY, encodings: ['ascii'], pid: 1 });
  assert.deepEqual(secret.hits.map((h) => BigInt(h.address)), await checkpointctlHits('crio-busybox-httpd', 1));
});

test('generated: lazy-only and parent runs read as "not in dump", never as zeros', async () => {
  const memory = await loadAddressSpace(archive, store, 1);
  const pieces = await memory.read(0x5e5ff0n, 0x2020);
  assert.deepEqual(
    pieces.map((p) => [p.address, p.length, p.bytes === null]),
    [
      [0x5e5ff0n, 0x10, false],
      [0x5e6000n, 0x2010, true], // lazy-only page, parent page, then a page in no run
    ],
  );
  assert.equal(memory.info().dumpedBytes, memory.pagesEntry!.size);
  const anon = memory.info().regions.find((r) => r.start === '0x5e5000')!;
  assert.equal(anon.dumpedBytes, 3 * PAGE, 'the lazy and parent pages are not counted as dumped');
});

test('generated: UTF-16LE, hex, case-insensitive and regex, several encodings in one pass', async () => {
  const wide = await searchAll(archive, store, { pattern: WIDE, encodings: ['utf16le', 'ascii'], pid: 1 });
  assert.deepEqual(
    wide.hits.map((h) => [h.address, h.encoding, h.length]),
    [[`0x${WIDE_AT.toString(16)}`, 'utf16le', WIDE.length * 2]],
  );
  const hex = await searchAll(archive, store, { pattern: 'de ad be ef 01', encodings: ['hex'], pid: 1 });
  assert.deepEqual(hex.hits.map((h) => h.address), [`0x${HEX_AT.toString(16)}`]);
  const hexCompact = await searchAll(archive, store, { pattern: 'DEADBEEF01', encodings: ['hex'], pid: 1 });
  assert.deepEqual(hexCompact.hits.map((h) => h.address), [`0x${HEX_AT.toString(16)}`]);

  const exact = await searchAll(archive, store, { pattern: 'mixed_case_token', encodings: ['ascii'], pid: 1 });
  assert.equal(exact.hits.length, 0);
  const folded = await searchAll(archive, store, { pattern: 'mixed_case_token', encodings: ['ascii'], ignoreCase: true, pid: 1 });
  assert.deepEqual(folded.hits.map((h) => h.address), [`0x${MIXED_AT.toString(16)}`]);
  assert.equal(Buffer.from(folded.hits[0].context.subarray(32, 32 + MIXED.length)).toString('latin1'), MIXED);
  const wideFolded = await searchAll(archive, store, { pattern: 'WIDE_NEEDLE', encodings: ['utf16le'], ignoreCase: true, pid: 1 });
  assert.deepEqual(wideFolded.hits.map((h) => h.address), [`0x${WIDE_AT.toString(16)}`]);

  const regex = await searchAll(archive, store, { pattern: 'user=(\\w+);id=\\d+', encodings: ['regex'], pid: 1 });
  assert.deepEqual(regex.hits.map((h) => [h.address, h.length]), [[`0x${REGEX_AT.toString(16)}`, REGEX_TEXT.length - 1]]);
  const regexCross = await searchAll(archive, store, { pattern: 'CROSS_RUN_\\w+', encodings: ['regex'], pid: 1 }, { chunkBytes: 4096 });
  assert.deepEqual(regexCross.hits.map((h) => h.address), [`0x${CROSS_AT.toString(16)}`]);

  // One pass, several encodings: hits merged in address order, then encoding order.
  const all = await searchAll(archive, store, { pattern: KEY, encodings: ['ascii', 'utf16le', 'regex'], pid: 1 });
  assert.deepEqual(
    all.hits.map((h) => [h.address, h.encoding]),
    [
      ['0x39ef35b2', 'ascii'],
      ['0x39ef35b2', 'regex'],
      ['0x39ef3602', 'ascii'],
      ['0x39ef3602', 'regex'],
    ],
  );
  const three = await searchAll(archive, store, { pattern: 'deadbeef01', encodings: ['hex', 'ascii', 'utf16le'], pid: 1 });
  assert.deepEqual(three.hits.map((h) => [h.address, h.encoding]), [[`0x${HEX_AT.toString(16)}`, 'hex']]);
});

test('generated: the search range limits where it looks', async () => {
  const inside = await searchAll(archive, store, {
    pattern: CROSS,
    encodings: ['ascii'],
    pid: 1,
    range: { start: `0x${(CROSS_AT - 1n).toString(16)}`, end: `0x${(CROSS_AT + 16n).toString(16)}` },
  });
  assert.equal(inside.hits.length, 1);
  assert.equal(inside.bytesScanned, 17);
  const cut = await searchAll(archive, store, {
    pattern: CROSS,
    encodings: ['ascii'],
    pid: 1,
    range: { start: `0x${(CROSS_AT + 1n).toString(16)}`, end: '0x7fffffffffff' },
  });
  assert.equal(cut.hits.length, 0);
});

test('hit limit: stops at maxHits with a warning, hits are the first ones in address order', async () => {
  const python = await openArchive(join(archivesDir, 'crio-python-counter.tar'));
  try {
    const pythonStore = new ImageStore(python);
    const full = await searchAll(python, pythonStore, { pattern: KEY, encodings: ['ascii'] });
    const limited = await searchAll(python, pythonStore, { pattern: KEY, encodings: ['ascii'], maxHits: 10 }, { chunkBytes: 64 * 1024 });
    assert.ok(limited.limitReached);
    assert.deepEqual(limited.hits.map((h) => h.address), full.hits.slice(0, 10).map((h) => h.address));
    assert.ok(limited.warnings.some((w) => w.message.startsWith('hit limit reached')));
    const zeros = await searchAll(python, pythonStore, { pattern: '00 00 00 00', encodings: ['hex'], maxHits: 1000 });
    assert.equal(zeros.hits.length, 1000);
    assert.ok(zeros.limitReached);
    // The app's own limit, reached inside the first chunk: 100 000 hits cross the thread at once.
    const flood = await searchAll(python, pythonStore, { pattern: '00', encodings: ['hex'], contextBytes: 0 });
    assert.equal(flood.hits.length, LIMITS.maxSearchHits);
    assert.ok(flood.limitReached);
    assert.deepEqual([...flood.hits[0].context], [0], "no context asked: just the matched byte");
    const sorted = flood.hits.every((h, i) => i === 0 || BigInt(h.address) > BigInt(flood.hits[i - 1].address));
    assert.ok(sorted, 'strictly increasing addresses');
  } finally {
    await python.close();
  }
});

test('cancel: a running search rejects with CancelledError and pushes nothing more', async () => {
  const controller = new AbortController();
  const hits: SearchHit[] = [];
  let progressCalls = 0;
  const ctx = collectingContext<SearchHit>(controller.signal, hits, [], (done) => {
    progressCalls++;
    if (done > 0) controller.abort();
  });
  const running = searchMemory(archive, store, { pattern: '00', encodings: ['hex'] }, ctx, { chunkBytes: 4096 });
  await assert.rejects(running, CancelledError);
  const pushed = hits.length;
  const calls = progressCalls;
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(hits.length, pushed, 'no hits after the cancel');
  assert.equal(progressCalls, calls, 'no progress after the cancel');
  assert.ok(pushed < 100_000);

  const jobs = new JobManager();
  const id = jobs.start<unknown, SearchHit>('search', (job) => searchMemory(archive, store, { pattern: KEY, encodings: ['ascii'] }, job));
  jobs.cancel(id);
  const status = await jobs.wait(id);
  assert.equal(status.state, 'cancelled');
  assert.equal(status.error, undefined);
});

test('truncated pages image: the missing tail is "not in dump", with a warning the search passes on', async () => {
  const truncated = join(dir, 'truncated.tar');
  const source = join(archivesDir, 'crio-busybox-httpd.tar');
  const original = await openArchive(source);
  let runs: SyntheticRun[];
  try {
    const memory = await loadAddressSpace(original, new ImageStore(original), 1);
    runs = await Promise.all(
      memory.runTable.runs.map(async (run) => ({
        vaddr: run.start,
        pages: run.pages,
        flags: run.flags,
        data: Buffer.concat((await memory.read(run.start, run.pages * PAGE)).map((p) => p.bytes!)),
      })),
    );
  } finally {
    await original.close();
  }
  // 18 pages in the pagemap; keep 10 and a half.
  await writeSyntheticArchive(source, truncated, [{ pid: 1, pagesId: 1, runs, truncatePagesTo: 10 * PAGE + 100 }]);
  const damaged = await openArchive(truncated);
  try {
    const damagedStore = new ImageStore(damaged);
    const memory = await loadAddressSpace(damaged, damagedStore, 1);
    const info = memory.info();
    assert.equal(info.dumpedBytes, 10 * PAGE);
    assert.ok(info.warnings.some((w) => w.file === 'checkpoint/pages-1.img' && /holds 41060 bytes but the pagemap needs 73728/.test(w.message)));
    // The heap run sits at file pages 9-12: only its first page survives, the secret (page 3) is gone.
    assert.deepEqual((await memory.read(0x39ef35b2n, 15)).map((p) => p.bytes), [null]);
    const result = await searchAll(damaged, damagedStore, { pattern: KEY, encodings: ['ascii'], pid: 1 });
    assert.deepEqual(result.hits, []);
    assert.equal(result.bytesScanned, 10 * PAGE);
    assert.ok(result.warnings.some((w) => /holds 41060 bytes/.test(w.message)));
  } finally {
    await damaged.close();
  }
});

test('bad queries are clear errors', async () => {
  await assert.rejects(searchAll(archive, store, { pattern: 'zz', encodings: ['hex'] }), /non-hex/);
  await assert.rejects(searchAll(archive, store, { pattern: '', encodings: ['ascii'] }), /empty/);
  await assert.rejects(searchAll(archive, store, { pattern: 'a(', encodings: ['regex'] }), /invalid regular expression/);
  await assert.rejects(searchAll(archive, store, { pattern: 'x', encodings: ['ascii'], pid: 999 }), /no memory image/);
});

test('strings: ASCII and UTF-16LE runs with addresses, filter and limit', async () => {
  const found: StringHit[] = [];
  const warnings: InspectorWarning[] = [];
  const result = await extractStrings(
    archive,
    store,
    { pid: 1, minLength: 6, encodings: ['ascii', 'utf16le'] },
    collectingContext(new AbortController().signal, found, warnings),
    { chunkBytes: 4097 },
  );
  assert.equal(result.count, found.length);
  const cross = found.find((s) => s.text.includes(CROSS));
  assert.ok(cross, 'a string across two runs is found whole');
  const wide = found.find((s) => s.encoding === 'utf16le' && s.text === WIDE);
  assert.deepEqual(wide, { pid: 1, address: `0x${WIDE_AT.toString(16)}`, encoding: 'utf16le', text: WIDE, length: WIDE.length * 2 });
  assert.ok(found.some((s) => s.text === 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'));
  const memory = await loadAddressSpace(archive, store, 1);
  for (const s of found.slice(0, 200)) {
    const bytes = await memory.readBytes(BigInt(s.address), BigInt(s.address) + BigInt(Math.min(s.length, 64)));
    const text = Buffer.from(bytes).toString(s.encoding === 'ascii' ? 'latin1' : 'utf16le');
    assert.ok(s.text.startsWith(text), `string at ${s.address}`);
  }
  const keys: StringHit[] = [];
  await extractStrings(
    archive,
    store,
    { pid: 1, minLength: 4, encodings: ['ascii'], filter: 'random_1432' },
    collectingContext(new AbortController().signal, keys, []),
  );
  assert.deepEqual(keys.map((s) => s.text.includes(KEY)), [true, true]);
  const every: StringHit[] = [];
  await extractStrings(archive, store, { pid: 1, minLength: 4, encodings: ['ascii'] }, collectingContext(new AbortController().signal, every, []));
  const few: StringHit[] = [];
  const fewWarnings: InspectorWarning[] = [];
  const limited = await extractStrings(
    archive,
    store,
    { pid: 1, minLength: 4, encodings: ['ascii'], maxResults: 5 },
    collectingContext(new AbortController().signal, few, fewWarnings),
  );
  assert.ok(every.length > 5);
  assert.ok(limited.limitReached);
  assert.deepEqual(few, every.slice(0, 5), 'the first strings in address order');
  assert.ok(fewWarnings.some((w) => w.message.startsWith('string limit reached')));
});
