import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Entry, EntryType } from '../../../shared/model';
import { buildFileTree, typeLabel, type FileRow } from './fileTree';
import type { TreeNode } from '../../components/TreeTable';

const expected = resolve(import.meta.dirname, '../../../../shared/fixtures/expected/crio-busybox-httpd');
const TYPES: Record<string, EntryType> = { '-': 'file', d: 'dir', l: 'symlink', h: 'hardlink' };

/** Entries as GNU tar lists them (`tar -tvf`), independent of our tar reader. */
function fromListing(file: string, prefix = ''): Entry[] {
  return readFileSync(resolve(expected, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [mode, , size] = line.split(/\s+/);
      const path = prefix + line.slice(line.lastIndexOf(' ') + 1).replace(/\/$/, '');
      return { path, type: TYPES[mode[0]] ?? 'other', size: Number(size), mode: 0o644, uid: 0, gid: 0, mtime: 0, kindId: 'x', kind: 'x', parent: prefix ? prefix.slice(0, -1) : undefined };
    });
}

function find(nodes: TreeNode<FileRow>[], path: string): TreeNode<FileRow> | undefined {
  for (const n of nodes) {
    if (n.id === path) return n;
    const inner = n.children && find(n.children, path);
    if (inner) return inner;
  }
  return undefined;
}

test('the tree of crio-busybox-httpd.tar has every entry tar lists, under its folder', () => {
  const entries = fromListing('tar-tvf.txt');
  const tree = buildFileTree(entries);
  const top = new Set(entries.map((e) => e.path.split('/')[0]));
  assert.deepEqual(new Set(tree.map((n) => n.data.name)), top);
  const checkpoint = find(tree, 'checkpoint')!;
  const inCheckpoint = entries.filter((e) => e.path.startsWith('checkpoint/'));
  assert.equal(checkpoint.children!.length, inCheckpoint.length);
  assert.equal(checkpoint.data.descendants, inCheckpoint.length);
  assert.equal(checkpoint.data.totalSize, inCheckpoint.reduce((n, e) => n + e.size, 0));
  assert.equal(find(tree, 'checkpoint/pages-1.img')!.data.entry!.size, 73728);
});

test('nested archive members sit under their archive entry, with made-up folders', () => {
  const entries = fromListing('tar-tvf.txt').map((e) => (e.path === 'rootfs-diff.tar' ? { ...e, isNestedArchive: true } : e));
  const members = fromListing('rootfs-diff-tvf.txt', 'rootfs-diff.tar/');
  const tree = buildFileTree([...entries, ...members]);
  const archive = find(tree, 'rootfs-diff.tar')!;
  assert.ok(archive.data.entry?.isNestedArchive);
  assert.equal(typeLabel(archive.data), 'archive');
  const home = find(tree, 'rootfs-diff.tar/home')!;
  assert.equal(home.data.entry, undefined, 'no entry of its own');
  assert.equal(typeLabel(home.data), 'folder');
  assert.equal(find(tree, 'rootfs-diff.tar/home/counter/logfile')!.data.entry!.size, 297);
  assert.equal(archive.data.descendants, 4); // home, counter, logfile, test-file
});

test('an entry whose path is both a file and a prefix keeps its entry and becomes a folder', () => {
  const base = { type: 'file' as const, size: 1, mode: 0, uid: 0, gid: 0, mtime: 0, kindId: 'x', kind: 'x' };
  const tree = buildFileTree([{ ...base, path: 'a' }, { ...base, path: 'a/b' }]);
  assert.equal(tree.length, 1);
  assert.ok(tree[0].data.isFolder);
  assert.equal(tree[0].children![0].data.name, 'b');
});
