// Evidence integrity through the real handler table (createHandlers(createServices(hooks))): a whole
// session on every fixture — entries, reads, overview, processes, mounts, every image, rootfs diff,
// export, logs, address spaces, memory reads, a search, strings, the hash job — leaves the evidence
// byte-identical (SHA-256, mtime, mode) with nothing new beside it; gzip/zstd copies leave no temp
// file after closeArchive or dispose; hostile IPC arguments are clear errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseErrorInfo } from '../../shared/errors';
import type { ArchiveSummary, InspectorErrorInfo, JobStatus } from '../../shared/model';
import { createHandlers, type HandlerTable } from '../ipc';
import { createServices, type HostHooks, type Services } from './index';

const repoRoot = resolve(import.meta.dirname, '../..');
const fixtures = resolve(repoRoot, '../shared/fixtures');
const ARCHIVES = readdirSync(join(fixtures, 'archives')).filter((n) => n.endsWith('.tar')).sort();
const FOLDERS = readdirSync(join(fixtures, 'images')).sort();

let work: string;
let tempDir: string;
let exportRoot: string;

function makeHooks(): HostHooks & { exportFolder: string | null } {
  const recent: string[] = [];
  return {
    exportFolder: null,
    chooseArchive: async () => null,
    async chooseExportFolder() {
      return this.exportFolder;
    },
    chooseSaveFile: async () => null,
    startupPaths: () => [],
    recent: { list: () => [...recent], add: (p) => void recent.push(p) },
  };
}

/** Every file under `root` (the root itself if it is a file) with mode, size, mtime and SHA-256. */
function fingerprint(root: string): string[] {
  const st = lstatSync(root);
  if (!st.isDirectory()) return [`${st.mode.toString(8)} ${st.size} ${st.mtimeMs} ${createHash('sha256').update(readFileSync(root)).digest('hex')}`];
  return readdirSync(root)
    .sort()
    .flatMap((name) => fingerprint(join(root, name)).map((line) => `${name}/${line}`));
}

function listing(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** Copies a fixture into its own folder and makes both read-only (root ignores modes, so the
 *  fingerprint and listing checks are what would catch a write). */
function evidenceCopy(source: string, name: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(work, 'evidence-'));
  const path = join(dir, name);
  cpSync(source, path, { recursive: true });
  readOnly(path);
  chmodSync(dir, 0o555);
  return { dir, path };
}

function readOnly(path: string): void {
  if (lstatSync(path).isDirectory()) {
    for (const name of readdirSync(path)) readOnly(join(path, name));
    chmodSync(path, 0o555);
  } else chmodSync(path, 0o444);
}

async function rejection(promise: Promise<unknown>): Promise<InspectorErrorInfo> {
  try {
    await promise;
  } catch (error) {
    return parseErrorInfo(error);
  }
  assert.fail('expected the call to be refused');
}

async function settle(handlers: HandlerTable, jobId: string, ms = 60_000): Promise<JobStatus> {
  const deadline = Date.now() + ms;
  for (;;) {
    const status = await handlers.getJob(jobId);
    if (status.state !== 'running') return status;
    if (Date.now() > deadline) assert.fail(`job ${jobId} still running after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Everything the window does with an open archive. Returns a few counts for sanity checks. */
async function wholeSession(handlers: HandlerTable, hooks: ReturnType<typeof makeHooks>, summary: ArchiveSummary) {
  const { id } = summary;
  const entries = await handlers.listEntries(id);
  assert.equal(entries.length, summary.entryCount);
  const files = entries.filter((e) => e.type === 'file');
  for (const entry of files) {
    const read = await handlers.readEntry(id, entry.path, 0, 4096);
    assert.equal(read.bytes.length, Math.min(4096, entry.size));
    assert.ok(!Buffer.isBuffer(read.bytes), 'plain Uint8Array across IPC');
    if (entry.size > 1) await handlers.readEntry(id, entry.path, entry.size - 1, 10);
  }
  const overview = await handlers.getOverview(id);
  const processes = await handlers.getProcesses(id);
  await handlers.getMountPoints(id);
  const images = await handlers.listImages(id);
  for (const image of images) {
    const view = await handlers.getImage(id, image.path);
    assert.equal(view.path, image.path);
  }
  const diff = await handlers.getRootfsDiff(id);

  const exportFolder = mkdtempSync(join(exportRoot, 'to-'));
  hooks.exportFolder = exportFolder;
  assert.equal(await handlers.chooseExportFolder(), exportFolder);
  const exported = await handlers.exportFiles(id, exportFolder, { paths: ['*'] });
  if (diff.changes.some((c) => c.status === 'changed' && c.type === 'file')) assert.ok(exported.written.length > 0, 'the export wrote the diff');

  for (const kind of ['container', 'criu'] as const) {
    const log = await handlers.getLogSummary(id, kind);
    if (!log) continue;
    await settle(handlers, log.indexJobId);
    await handlers.readLogLines(id, kind, 0, 100);
    await handlers.filterLog(id, { kind, text: 'e' });
  }

  let memoryReads = 0;
  for (const process of processes) {
    let space;
    try {
      space = await handlers.getAddressSpace(id, process.pid);
    } catch (error) {
      // A zombie or dead task has no memory images: that is a clear error, nothing else.
      assert.match(parseErrorInfo(error).message, /memory image|mm image/);
      continue;
    }
    for (const region of space.regions.filter((r) => r.dumpedBytes > 0).slice(0, 4)) {
      const read = await handlers.readMemory(id, process.pid, region.start, 4096);
      assert.equal(read.length, Math.min(4096, region.size));
      memoryReads++;
    }
  }
  if (processes.length > 0) {
    const search = await handlers.startSearch(id, { pattern: 'bin', encodings: ['ascii'], maxHits: 20 });
    const status = await settle(handlers, search);
    assert.equal(status.state, 'done', JSON.stringify(status.error));
    await handlers.getSearchResults(search, 0, 20);
    const pid = processes.find((p) => p.memory)?.pid ?? processes[0]!.pid;
    const strings = await handlers.startStrings(id, { pid, minLength: 6, encodings: ['ascii'], maxResults: 100 });
    await settle(handlers, strings);
    await handlers.getStrings(strings, 0, 50);
  }
  const hash = await settle(handlers, summary.evidence.hashJobId!);
  return { overview, processes, images, memoryReads, hash };
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'ci-session-'));
  tempDir = join(work, 'temp');
  exportRoot = join(work, 'exports');
  mkdirSync(tempDir);
  mkdirSync(exportRoot);
});

after(() => {
  // Read-only folders must be made writable again before they can be removed.
  spawnSync('chmod', ['-R', 'u+w', work]);
  rmSync(work, { recursive: true, force: true });
});

describe('a whole session leaves the evidence untouched', () => {
  const cases = [
    ...ARCHIVES.map((name) => ({ name, source: join(fixtures, 'archives', name) })),
    ...FOLDERS.map((name) => ({ name, source: join(fixtures, 'images', name) })),
  ];
  for (const { name, source } of cases) {
    test(name, { timeout: 120_000 }, async () => {
      const { dir, path } = evidenceCopy(source, name);
      const before = fingerprint(path);
      const beside = listing(dir);
      const hooks = makeHooks();
      const services: Services = createServices(hooks, { tempDir });
      const handlers = createHandlers(services);
      try {
        const summary = await handlers.openArchive(path);
        const result = await wholeSession(handlers, hooks, summary);
        assert.ok(result.images.length > 0, 'images were listed');
        assert.equal(result.hash.state, 'done');
        if (!lstatSync(path).isDirectory()) {
          const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
          assert.equal((result.hash.result as { sha256: string }).sha256, sha256, 'the hash job hashes the evidence');
        }
        await handlers.closeArchive(summary.id);
      } finally {
        await services.dispose();
      }
      assert.deepEqual(fingerprint(path), before, 'evidence bytes, mode and mtime unchanged');
      assert.deepEqual(listing(dir), beside, 'nothing new beside the evidence');
      assert.deepEqual(listing(tempDir), [], 'no temporary file left');
    });
  }
});

describe('compressed evidence: the private decompressed copy is removed', () => {
  const tar = () => readFileSync(join(fixtures, 'archives', 'podman-busybox.tar'));
  const compressed: Array<[string, () => Buffer | undefined]> = [
    ['tar.gz', () => gzipSync(tar())],
    [
      'tar.zst',
      () => {
        const result = spawnSync('zstd', ['-q', '-c'], { input: tar(), maxBuffer: 64 * 1024 * 1024 });
        return result.status === 0 ? result.stdout : undefined;
      },
    ],
  ];
  for (const [extension, make] of compressed) {
    test(`${extension}: after closeArchive and after dispose`, { timeout: 120_000 }, async (t) => {
      const bytes = make();
      if (!bytes) return t.skip('zstd CLI not installed');
      const dir = mkdtempSync(join(work, 'compressed-'));
      const path = join(dir, `checkpoint.${extension}`);
      writeFileSync(path, bytes, { mode: 0o444 });
      chmodSync(dir, 0o555);
      const before = fingerprint(path);
      const hooks = makeHooks();
      const services = createServices(hooks, { tempDir });
      const handlers = createHandlers(services);
      try {
        const first = await handlers.openArchive(path);
        assert.equal(first.evidence.format, extension === 'tar.gz' ? 'tar.gz' : 'tar.zst');
        assert.equal(listing(tempDir).length, 1, 'one private copy while open');
        const result = await wholeSession(handlers, hooks, first);
        assert.ok(result.processes.length > 0);
        await handlers.closeArchive(first.id);
        assert.deepEqual(listing(tempDir), [], 'removed by closeArchive');

        await handlers.openArchive(path);
        await handlers.openArchive(path);
        assert.equal(listing(tempDir).length, 2, 'one copy per open archive');
      } finally {
        await services.dispose();
      }
      assert.deepEqual(listing(tempDir), [], 'removed by dispose');
      assert.deepEqual(fingerprint(path), before);
      assert.deepEqual(listing(dir), [`checkpoint.${extension}`]);
    });
  }
});

describe('IPC arguments are checked by the handler table', () => {
  let services: Services;
  let handlers: HandlerTable;
  let hooks: ReturnType<typeof makeHooks>;
  let id: string;
  let path: string;

  before(async () => {
    hooks = makeHooks();
    services = createServices(hooks, { tempDir });
    handlers = createHandlers(services);
    path = evidenceCopy(join(fixtures, 'archives', 'podman-busybox.tar'), 'podman-busybox.tar').path;
    id = (await handlers.openArchive(path)).id;
  });
  after(() => services.dispose());

  const refuses = async (call: () => Promise<unknown>, pattern: RegExp) => {
    const info = await rejection(call());
    assert.equal(info.name, 'InspectorError', JSON.stringify(info));
    assert.match(info.message, pattern);
  };
  // The table takes unknown input from the renderer: cast past the types on purpose.
  const raw = () => handlers as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;

  test('entry paths that climb out or are absolute', async () => {
    await refuses(() => handlers.readEntry(id, '../../etc/passwd', 0, 10), /not an archive entry path/);
    await refuses(() => handlers.readEntry(id, '/etc/passwd', 0, 10), /not an archive entry path/);
    await refuses(() => handlers.readEntry(id, 'checkpoint/../../../etc/passwd', 0, 10), /not an archive entry path/);
    await refuses(() => handlers.getImage(id, '../checkpoint/core-1.img'), /not an archive entry path/);
    await refuses(() => handlers.readEntry(id, 'config.dump\0', 0, 10), /NUL/);
    await refuses(() => handlers.readEntry(id, 'no/such/entry', 0, 10), /no such entry/);
  });

  test('offsets and lengths', async () => {
    await refuses(() => handlers.readEntry(id, 'config.dump', -1, 10), /offset.*non-negative integer/);
    await refuses(() => handlers.readEntry(id, 'config.dump', 0, 1.5), /length.*non-negative integer/);
    await refuses(() => handlers.readEntry(id, 'config.dump', 0, Number.NaN), /length/);
    await refuses(() => handlers.readEntry(id, 'config.dump', 0, Infinity), /length/);
    await refuses(() => handlers.readEntry(id, 'config.dump', 2 ** 60, 10), /offset/);
    await refuses(() => handlers.readLogLines(id, 'container', -5, 10), /start/);
    await refuses(() => handlers.getSearchResults('x', 0, -1), /max/);
  });

  test('a huge length is clamped to the 4 MiB read limit', async () => {
    const entry = (await handlers.listEntries(id)).find((e) => e.path === 'checkpoint/pages-1.img')!;
    const read = await handlers.readEntry(id, entry.path, 0, 2 ** 40);
    assert.equal(read.bytes.length, Math.min(entry.size, 4 * 1024 * 1024));
    const space = await handlers.getAddressSpace(id, 1);
    const memory = await handlers.readMemory(id, 1, space.regions[0]!.start, 2 ** 40);
    assert.ok(memory.length <= 1024 * 1024, `memory read clamped (${memory.length})`);
  });

  test('wrong types and wrong argument counts', async () => {
    await refuses(() => raw().readEntry!(id, 5, 'a', null), /path/);
    await refuses(() => raw().readEntry!(id, { path: 'x' }, 0, 10), /path/);
    await refuses(() => raw().openArchive!(42), /path/);
    await refuses(() => raw().openArchive!(''), /path/);
    await refuses(() => raw().getAddressSpace!(id, '1'), /pid/);
    await refuses(() => raw().getAddressSpace!(id, -1), /pid/);
    await refuses(() => raw().readMemory!(id, 1, 'not-hex', 10), /address/);
    await refuses(() => raw().readMemory!(id, 1, '0x' + 'f'.repeat(17), 10), /address/);
    await refuses(() => raw().getLogSummary!(id, 'kernel'), /kind/);
    await refuses(() => raw().startSearch!(id, { pattern: '', encodings: ['ascii'] }), /pattern/);
    await refuses(() => raw().startSearch!(id, { pattern: 'x', encodings: ['ebcdic'] }), /encodings/);
    await refuses(() => raw().filterLog!(id, { kind: 'criu', text: '(', regex: true }), /regular expression/);
    await refuses(() => raw().exportFiles!(id, '/tmp', null), /request/);
    await refuses(() => raw().listEntries!(id, 'extra'), /expected 1 arguments, got 2/);
    await refuses(() => raw().getSummary!('no-such-id'), /no open archive/);
  });

  test('exportFiles only to a folder chosen in the dialog', async () => {
    const elsewhere = mkdtempSync(join(exportRoot, 'not-chosen-'));
    await refuses(() => handlers.exportFiles(id, elsewhere, { paths: ['*'] }), /not chosen in the folder dialog/);
    await refuses(() => handlers.exportFiles(id, join(elsewhere, '..', '..'), { paths: ['*'] }), /not chosen/);
    assert.deepEqual(listing(elsewhere), [], 'nothing written there');
    hooks.exportFolder = null;
    assert.equal(await handlers.chooseExportFolder(), null, 'a cancelled dialog chooses nothing');
    await refuses(() => handlers.exportFiles(id, elsewhere, { paths: ['*'] }), /not chosen/);
  });

  test('after all of that the evidence is unchanged and the table still works', async () => {
    const summary = await handlers.getSummary(id);
    assert.equal(summary.evidence.path, path);
    assert.ok((await handlers.listEntries(id)).length > 0);
  });
});
