import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FileDescriptor, ProcessInfo } from '../../shared/model';
import { openArchive } from '../archive';
import type { OpenedArchive } from '../archive/types';
import { buildRootfsDiff, exportFiles, rootfsDiffJson, sanitizeMemberName, saveBytesTo } from '.';
import { ghostImage, tarBytes, writeTar } from './test-archives';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const fixtures = resolve(repoRoot, '../shared/fixtures');
const ARCHIVES = ['crio-busybox-httpd', 'crio-python-counter', 'podman-busybox', 'podman-busybox-httpd'];

const opened: OpenedArchive[] = [];
let scratch: string;
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'rootfs-test-'));
});
after(async () => {
  for (const archive of opened) await archive.close();
  await rm(scratch, { recursive: true, force: true });
});

async function open(path: string): Promise<OpenedArchive> {
  const archive = await openArchive(path);
  opened.push(archive);
  return archive;
}

/** `ls -l` style mode string, as GNU tar prints it. */
function modeString(type: string | undefined, mode: number): string {
  const kind = { dir: 'd', symlink: 'l', chardev: 'c', blockdev: 'b', fifo: 'p', hardlink: 'h' }[type ?? ''] ?? '-';
  const bits = 'rwxrwxrwx'.split('').map((ch, i) => (mode & (1 << (8 - i)) ? ch : '-'));
  return kind + bits.join('');
}

const utc = (seconds: number) => new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);

function proc(pid: number, fds: Array<Partial<FileDescriptor>>): ProcessInfo {
  return {
    pid, ppid: 0, pgid: pid, sid: pid, comm: 'test', state: 'Alive', threads: [pid], cmdline: [], env: [],
    fds: fds.map((fd, i) => ({ fd: i, type: 'REG', path: '/', flags: 0, flagNames: [], fileId: i, ...fd })),
    sockets: [], threadInfo: [], warnings: [],
  };
}

describe('rootfs diff of the fixtures', () => {
  for (const name of ARCHIVES) {
    it(`${name}: members equal tar -tvf of rootfs-diff.tar, deleted paths equal deleted.files`, async () => {
      const path = resolve(fixtures, 'archives', `${name}.tar`);
      const diff = await buildRootfsDiff(await open(path));
      const expected = (await readFile(resolve(fixtures, 'expected', name, 'rootfs-diff-tvf.txt'), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [mode, owner, size, day, time, ...rest] = line.trim().split(/\s+/);
          return { mode, owner, size: Number(size), mtime: `${day} ${time}`, path: rest.join(' ') };
        });
      const changed = diff.changes.filter((c) => c.status === 'changed');
      assert.deepEqual(
        changed.map((c) => ({ mode: modeString(c.type, c.mode ?? 0), owner: `${c.uid}/${c.gid}`, size: c.size, mtime: utc(c.mtime ?? 0), path: c.path })),
        expected,
      );
      assert.ok(changed.every((c) => c.entryPath === `rootfs-diff.tar/${c.path}`));
      // deleted.files as GNU tar extracts it (absent from podman-busybox).
      const listed = spawnSync('tar', ['-xOf', path, 'deleted.files'], { encoding: 'utf8' });
      const deletedFiles: string[] = listed.status === 0 ? JSON.parse(listed.stdout) : [];
      assert.deepEqual(diff.changes.filter((c) => c.status === 'deleted').map((c) => `/${c.path}`), deletedFiles);
      assert.deepEqual(diff.counts, { changed: expected.length, deleted: deletedFiles.length, ghost: 0 });
      assert.deepEqual(diff.warnings, []);
    });
  }

  it('crio-busybox-httpd: 2 changed (logfile, test-file) and /etc/motd deleted', async () => {
    const diff = await buildRootfsDiff(await open(resolve(fixtures, 'archives/crio-busybox-httpd.tar')));
    assert.deepEqual(diff.changes.map((c) => [c.status, c.path]), [
      ['changed', 'home/counter/logfile'],
      ['changed', 'home/counter/test-file'],
      ['deleted', 'etc/motd'],
    ]);
    const json = rootfsDiffJson(diff);
    assert.deepEqual(json.changes[1], {
      path: 'home/counter/test-file', type: 'file', size: 99, mode: '0644', mtime: '2026-12-03T21:34:56.000Z',
      status: 'changed', entry: 'rootfs-diff.tar/home/counter/test-file', open_by: [],
    });
  });

  it('lists which processes hold a changed or deleted path open', async () => {
    const archive = await open(resolve(fixtures, 'archives/crio-python-counter.tar'));
    const processes = [
      proc(1, [{ path: '/dev/null' }, { path: '/home/counter/test-file' }, { type: 'PIPE', path: '/home/counter/test-file' }]),
      proc(6, [{ path: '/etc/motd' }]),
    ];
    const diff = await buildRootfsDiff(archive, processes);
    assert.deepEqual(diff.changes.map((c) => [c.path, c.openBy]), [
      ['home/counter/test-file', [{ pid: 1, fd: 1 }]],
      ['etc/motd', [{ pid: 6, fd: 0 }]],
    ]);
  });
});

describe('ghost files', () => {
  it('lists deleted-but-open files with their size and exports their contents', async () => {
    const whole = Buffer.from('contents of a deleted file\n');
    const holes = Buffer.from('tail');
    const path = join(scratch, 'ghosts.tar');
    await writeTar(path, [
      { header: { name: 'checkpoint/ghost-file-1.img' }, body: ghostImage({ mode: 0o100600, size: whole.length, contents: whole }) },
      { header: { name: 'checkpoint/ghost-file-2.img' }, body: ghostImage({ mode: 0o104755, size: 8192, chunks: [[0, Buffer.from('head')], [8188, holes]] }) },
    ]);
    const archive = await open(path);
    const processes = [
      proc(7, [{ path: '/tmp/secret (deleted)', ghostImage: 'checkpoint/ghost-file-1.img', deleted: true }]),
      proc(8, [{ path: '/tmp/sparse', ghostImage: 'ghost-file-2.img' }, { path: '/tmp/gone', ghostImage: 'ghost-file-9.img' }]),
    ];
    const diff = await buildRootfsDiff(archive, processes);
    assert.deepEqual(diff.ghostFiles, [
      { path: '/tmp/secret (deleted)', size: whole.length, pid: 7, fd: 0, image: 'checkpoint/ghost-file-1.img', mode: 0o100600 },
      { path: '/tmp/sparse', size: 8192, pid: 8, fd: 0, image: 'checkpoint/ghost-file-2.img', mode: 0o104755 },
      { path: '/tmp/gone', size: 0, pid: 8, fd: 1, image: 'ghost-file-9.img' },
    ]);
    assert.equal(diff.counts.ghost, 3);
    assert.match(diff.warnings[0]?.message ?? '', /ghost-file-9\.img|not in the archive/);

    const out = await mkdtemp(join(scratch, 'ghost-out-'));
    const result = await exportFiles(archive, out, { paths: [], ghostImages: ['checkpoint/ghost-file-1.img', 'checkpoint/ghost-file-2.img', 'ghost-file-9.img'] }, { ghostFiles: diff.ghostFiles });
    assert.deepEqual(result.written, ['ghost-files/tmp/secret', 'ghost-files/tmp/sparse']);
    assert.deepEqual(result.skipped.map((s) => s.path), ['ghost-file-9.img']);
    assert.deepEqual(await readFile(join(out, 'ghost-files/tmp/secret')), whole);
    const sparse = await readFile(join(out, 'ghost-files/tmp/sparse'));
    assert.equal(sparse.length, 8192);
    assert.deepEqual([sparse.subarray(0, 4).toString(), sparse.subarray(8188).toString(), sparse.subarray(4, 8188).every((b) => b === 0)], ['head', 'tail', true]);
    assert.equal((await stat(join(out, 'ghost-files/tmp/sparse'))).mode & 0o7777, 0o644); // no setuid from the ghost's mode
  });
});

/** Every path below `dir`, with its type and, for links, the target. */
async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string, rel: string): Promise<void> => {
    for (const name of (await readdir(at)).sort()) {
      const path = join(at, name);
      const info = await lstat(path);
      const shown = rel ? `${rel}/${name}` : name;
      out.push(`${shown} ${info.isSymbolicLink() ? `-> ${await readlink(path)}` : info.isDirectory() ? 'dir' : `${info.size}`}`);
      if (info.isDirectory()) await walk(path, shown);
    }
  };
  await walk(dir, '');
  return out;
}

describe('export', () => {
  let hostile: OpenedArchive;
  let parent: string;

  before(async () => {
    parent = await mkdtemp(join(scratch, 'parent-'));
    const diffTar = await tarBytes([
      { header: { name: 'good/', type: 'directory', mode: 0o755 } },
      { header: { name: 'good/file.txt', mode: 0o4755 }, body: Buffer.from('good contents') },
      { header: { name: '../escape.txt' }, body: Buffer.from('climbed out') },
      { header: { name: '/abs/path.txt' }, body: Buffer.from('absolute') },
      { header: { name: 'out-link', type: 'symlink', linkname: '../outside' } },
      { header: { name: 'out-link/payload.txt' }, body: Buffer.from('through the link') },
      { header: { name: 'abs-link', type: 'symlink', linkname: join(parent, 'abs-target') } },
      { header: { name: 'abs-link/payload.txt' }, body: Buffer.from('through the absolute link') },
      { header: { name: 'dev/sda', type: 'block-device', devmajor: 8, devminor: 0 } },
      { header: { name: 'dev/tty0', type: 'character-device', devmajor: 4, devminor: 0 } },
      { header: { name: 'queue', type: 'fifo' } },
      { header: { name: 'ctl\u0001name\nwith\u202eRLO.txt' }, body: Buffer.from('control') },
      { header: { name: 'hard.txt', type: 'link', linkname: 'good/file.txt' } },
    ]);
    const outer = join(scratch, 'hostile.tar');
    await writeTar(outer, [
      { header: { name: 'rootfs-diff.tar' }, body: diffTar },
      { header: { name: 'deleted.files' }, body: Buffer.from('["/etc/passwd", 7]') },
    ]);
    hostile = await open(outer);
  });

  it('writes nothing outside the chosen folder and refuses what is unsafe', async () => {
    const dest = join(parent, 'dest');
    await mkdir(dest);
    const before = await listing(parent);
    const result = await exportFiles(hostile, dest, { paths: ['*'] });
    const afterList = await listing(parent);
    // Outside dest nothing changed.
    assert.deepEqual(afterList.filter((l) => !l.startsWith('dest/')), before);
    await assert.rejects(lstat('/abs/path.txt'));
    await assert.rejects(lstat(join(parent, 'escape.txt')));
    await assert.rejects(lstat(join(scratch, 'escape.txt')));

    const reasons = Object.fromEntries(result.skipped.map((s) => [s.path, s.reason]));
    assert.match(reasons['escape.txt'], /refused: '\.\.' in the name/);
    assert.match(reasons['abs/path.txt'], /refused: absolute name/);
    assert.match(reasons['out-link/payload.txt'], /out-link is a symlink/);
    assert.match(reasons['abs-link/payload.txt'], /abs-link is a symlink/);
    assert.match(reasons['dev/sda'], /device node/);
    assert.match(reasons['dev/tty0'], /device node/);
    assert.match(reasons.queue, /fifo/);
    assert.equal(result.skipped.length, 7);
    assert.deepEqual(result.conflicts, []);

    const renamed = 'ctl%01name%0Awith%E2%80%AERLO.txt';
    assert.deepEqual(result.written, ['good', 'good/file.txt', 'out-link', 'abs-link', renamed, 'hard.txt']);
    assert.equal(result.renamed?.length, 1);
    assert.equal(result.renamed?.[0].as, renamed);
    assert.deepEqual(await listing(dest), [
      'abs-link -> ' + join(parent, 'abs-target'),
      `${renamed} 7`,
      'good dir',
      'good/file.txt 13',
      'hard.txt 13',
      'out-link -> ../outside',
    ]);
    assert.equal(await readFile(join(dest, 'hard.txt'), 'utf8'), 'good contents');
    const file = await stat(join(dest, 'good/file.txt'));
    assert.equal(file.mode & 0o7777, 0o644); // setuid and exec bits dropped
    assert.equal(file.mtimeMs, 1_700_000_000_000);
    assert.equal((await stat(join(dest, 'good'))).mtimeMs, 1_700_000_000_000);
  });

  it('never overwrites without the overwrite flag, and then replaces links instead of following them', async () => {
    const dest = await mkdtemp(join(parent, 'again-'));
    await exportFiles(hostile, dest, { paths: ['good'] });
    await writeFile(join(dest, 'good/file.txt'), 'edited by the examiner');
    const victim = join(parent, 'victim.txt');
    await writeFile(victim, 'must stay');
    await symlink(victim, join(dest, 'hard.txt'));

    const second = await exportFiles(hostile, dest, { paths: ['good/file.txt', 'hard.txt'] });
    assert.deepEqual(second.written, []);
    assert.deepEqual(second.conflicts, ['good/file.txt', 'hard.txt']);
    assert.equal(await readFile(join(dest, 'good/file.txt'), 'utf8'), 'edited by the examiner');

    const third = await exportFiles(hostile, dest, { paths: ['good/file.txt', 'hard.txt'], overwrite: true });
    assert.deepEqual(third.written, ['good/file.txt', 'hard.txt']);
    assert.equal(await readFile(join(dest, 'good/file.txt'), 'utf8'), 'good contents');
    assert.equal(await readFile(victim, 'utf8'), 'must stay');
    assert.equal((await lstat(join(dest, 'hard.txt'))).isFile(), true);
  });

  it('exports one file or one folder, and says what is not there', async () => {
    const dest = await mkdtemp(join(parent, 'one-'));
    const result = await exportFiles(hostile, dest, { paths: ['/good/file.txt', 'etc/passwd', 'nope'] });
    assert.deepEqual(result.written, ['good/file.txt']);
    assert.deepEqual(result.skipped.map((s) => s.path), ['etc/passwd', 'nope']);
    const diff = await buildRootfsDiff(hostile);
    assert.deepEqual(diff.changes.filter((c) => c.status === 'deleted').map((c) => c.path), ['etc/passwd']);
    assert.deepEqual(diff.warnings.map((w) => w.message), [
      'stored as "../escape.txt"; shown as "escape.txt"',
      'stored as "/abs/path.txt"; shown as "abs/path.txt"',
      `stored as ${JSON.stringify('ctl\u0001name\nwith\u202eRLO.txt')}; shown as ${JSON.stringify('ctl\\x01name\\x0awith\\u202eRLO.txt')}`,
      'item 1 is not a path: 7',
    ]);
  });

  it('refuses a destination that is not a folder, and stops when cancelled', async () => {
    const file = join(parent, 'a-file');
    await writeFile(file, '');
    await assert.rejects(exportFiles(hostile, file, { paths: ['*'] }), /not a folder/);
    await assert.rejects(exportFiles(hostile, join(parent, 'missing'), { paths: ['*'] }), /not usable/);
    const controller = new AbortController();
    controller.abort();
    const dest = await mkdtemp(join(parent, 'cancel-'));
    const result = await exportFiles(hostile, dest, { paths: ['*'] }, { signal: controller.signal });
    assert.equal(result.cancelled, true);
    assert.deepEqual(await readdir(dest), []);
  });
});

describe('names and saving', () => {
  it('sanitizes stored names', () => {
    assert.deepEqual(sanitizeMemberName('./a//b/./c'), { ok: true, parts: ['a', 'b', 'c'], renamed: false });
    assert.deepEqual(sanitizeMemberName('a/../b'), { ok: false, reason: "'..' in the name" });
    assert.deepEqual(sanitizeMemberName('/etc/passwd'), { ok: false, reason: 'absolute name' });
    assert.deepEqual(sanitizeMemberName('a\tb'), { ok: true, parts: ['a%09b'], renamed: true });
    assert.deepEqual(sanitizeMemberName(''), { ok: false, reason: 'empty name' });
    assert.equal(sanitizeMemberName('x'.repeat(256)).ok, false);
    assert.deepEqual(sanitizeMemberName('a\\b:c/CON.txt/end. ', 'win32'), { ok: true, parts: ['a', 'b%3Ac', '_CON.txt', 'end%2E%20'], renamed: true });
    assert.deepEqual(sanitizeMemberName('C:/x', 'win32'), { ok: false, reason: 'absolute name (drive letter)' });
  });

  it('saveBytesTo replaces a file (or a link) at the chosen path without following it', async () => {
    const dir = await mkdtemp(join(scratch, 'save-'));
    const target = join(dir, 'saved.bin');
    await saveBytesTo(target, new Uint8Array([1, 2, 3]));
    assert.deepEqual([...(await readFile(target))], [1, 2, 3]);
    const victim = join(dir, 'victim');
    await writeFile(victim, 'keep');
    const link = join(dir, 'link.bin');
    await symlink(victim, link);
    await saveBytesTo(link, new Uint8Array([4]));
    assert.equal(await readFile(victim, 'utf8'), 'keep');
    assert.deepEqual([...(await readFile(link))], [4]);
    assert.deepEqual((await readdir(dir)).sort(), ['link.bin', 'saved.bin', 'victim']);
    await assert.rejects(saveBytesTo(dir, new Uint8Array([1])), /folder/);
  });
});
