import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProcessInfo } from '../../../shared/model';
import { buildProcessTree } from './processTree';

const proc = (pid: number, ppid: number): ProcessInfo => ({
  pid, ppid, pgid: pid, sid: pid, comm: `p${pid}`, state: 'Alive', threads: [pid], cmdline: [], env: [], fds: [], sockets: [], threadInfo: [], warnings: [],
});
const shape = (nodes: ReturnType<typeof buildProcessTree>): unknown => nodes.map((n) => (n.children ? [n.id, shape(n.children)] : n.id));

test('children hang under their parent; a missing parent makes a root', () => {
  // The busybox fixture's tree: sh (1) -> httpd (7), sleep (38); plus an orphan whose parent was not dumped.
  const tree = buildProcessTree([proc(1, 0), proc(7, 1), proc(38, 1), proc(50, 49)]);
  assert.deepEqual(shape(tree), [['1', ['7', '38']], '50']);
});

test('a parent cycle does not hide processes', () => {
  const tree = buildProcessTree([proc(2, 3), proc(3, 2), proc(4, 4)]);
  const ids: string[] = [];
  const walk = (nodes: ReturnType<typeof buildProcessTree>) => nodes.forEach((n) => (ids.push(n.id), n.children && walk(n.children)));
  walk(tree);
  assert.deepEqual(ids.sort(), ['2', '3', '4']);
  assert.ok(tree.length >= 2, 'the cycle is broken into a root');
});

test('a repeated pid gets its own row id', () => {
  const tree = buildProcessTree([proc(1, 0), proc(1, 0)]);
  assert.deepEqual(shape(tree), ['1', '1#1']);
});
