import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RootfsChange, RootfsDiff } from '../../../shared/model';
import { buildDiffTree, canExport, isFolder, matchesFilter, type DiffNode } from './diffTree';

const fixtures = resolve(import.meta.dirname, '../../../../shared/fixtures');

/** The diff of crio-busybox-httpd as GNU tar lists rootfs-diff.tar, plus deleted.files. */
function busyboxDiff(): RootfsDiff {
  const listing = readFileSync(resolve(fixtures, 'expected/crio-busybox-httpd/rootfs-diff-tvf.txt'), 'utf8').trim().split('\n');
  const changed: RootfsChange[] = listing.map((line) => {
    const [, , size, , , path] = line.split(/\s+/);
    return { path, status: 'changed', type: 'file', size: Number(size), entryPath: `rootfs-diff.tar/${path}`, openBy: [] };
  });
  const deletedFiles = JSON.parse(
    execFileSync('tar', ['-xOf', resolve(fixtures, 'archives/crio-busybox-httpd.tar'), 'deleted.files'], { encoding: 'utf8' }),
  ) as string[];
  const deleted: RootfsChange[] = deletedFiles.map((path) => ({ path, status: 'deleted', openBy: [] }));
  return {
    changes: [...changed, ...deleted],
    ghostFiles: [{ path: '/tmp/gone.log', size: 12, pid: 7, fd: 4, image: 'checkpoint/ghost-file-0x1.img' }],
    counts: { changed: changed.length, deleted: deleted.length, ghost: 1 },
    warnings: [],
  };
}

const find = (root: DiffNode, path: string): DiffNode => {
  let node = root;
  for (const part of path.split('/')) node = node.children.find((c) => c.name === part)!;
  return node;
};

test('one tree of changed, deleted and ghost entries with counts at every folder', () => {
  const root = buildDiffTree(busyboxDiff());
  assert.deepEqual(root.counts, { changed: 2, deleted: 1, ghost: 1 });
  assert.deepEqual(root.children.map((c) => c.name), ['etc', 'home', 'tmp']);
  const counter = find(root, 'home/counter');
  assert.deepEqual(counter.children.map((c) => c.name), ['logfile', 'test-file']);
  assert.deepEqual(counter.counts, { changed: 2, deleted: 0, ghost: 0 });
  assert.equal(find(root, 'etc/motd').change?.status, 'deleted');
  assert.equal(find(root, 'home/counter/logfile').change?.size, 297);
  assert.equal(find(root, 'tmp/gone.log').ghosts[0].pid, 7);
  assert.ok(isFolder(counter));
});

test('status filters match the entry itself; paths match case-insensitively', () => {
  const root = buildDiffTree(busyboxDiff());
  const logfile = find(root, 'home/counter/logfile');
  assert.ok(matchesFilter(logfile, 'changed', ''));
  assert.ok(!matchesFilter(logfile, 'deleted', ''));
  assert.ok(matchesFilter(find(root, 'etc/motd'), 'deleted', 'MOTD'));
  assert.ok(matchesFilter(find(root, 'tmp/gone.log'), 'ghost', ''));
  assert.ok(matchesFilter(find(root, 'tmp/gone.log'), 'open', ''));
  assert.ok(!matchesFilter(find(root, 'home'), 'changed', ''), 'a folder only holds changes');
});

test('a deleted file without a ghost copy has nothing to export', () => {
  const root = buildDiffTree(busyboxDiff());
  assert.equal(canExport(find(root, 'etc/motd')), false);
  assert.equal(canExport(find(root, 'home/counter/logfile')), true);
  assert.equal(canExport(find(root, 'tmp/gone.log')), true);
  assert.equal(canExport(find(root, 'home')), true);
});
