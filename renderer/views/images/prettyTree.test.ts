import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PrettyValue } from '../../../shared/model';
import { buildPrettyTree } from './prettyTree';

const crit = resolve(import.meta.dirname, '../../../../shared/fixtures/expected/crio-busybox-httpd/crit');

test('crit pretty pstree: one root per entry, each field a child that knows its entry', () => {
  // crit decode --pretty output: { magic, entries: [...] }
  const decoded = JSON.parse(readFileSync(resolve(crit, 'pstree.img.json'), 'utf8')) as { entries: PrettyValue[] };
  const tree = buildPrettyTree(decoded.entries);
  assert.equal(tree.length, decoded.entries.length);
  const second = tree[1];
  assert.equal(second.data.entryIndex, 1);
  assert.match(second.data.display, /^\{\d+\}  pid: 7/);
  const pid = second.children!.find((c) => c.data.key === 'pid')!;
  assert.equal(pid.data.value, 7);
  assert.equal(pid.data.entryIndex, 1);
  assert.equal(pid.id, '1/pid');
  const threads = second.children!.find((c) => c.data.key === 'threads')!;
  assert.equal(threads.data.display, '[1]');
  assert.equal(threads.children![0].data.entryIndex, 1);
});
