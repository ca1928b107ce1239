import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { RecentFiles } from './recent-files';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'recent-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('RecentFiles', () => {
  it('keeps absolute paths, most recent first, without duplicates, up to the limit', () => {
    const recent = new RecentFiles(join(dir, 'recent.json'), 3);
    for (const p of ['/a.tar', '/b.tar', '/a.tar', '/c.tar', '/d.tar']) recent.add(p);
    assert.deepEqual(recent.list(), ['/d.tar', '/c.tar', '/a.tar']);
  });

  it('persists to its JSON file and reads it back', () => {
    const file = join(dir, 'profile', 'recent.json');
    new RecentFiles(file).add('/evidence/x.tar');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { version: 1, paths: ['/evidence/x.tar'] });
    assert.deepEqual(new RecentFiles(file).list(), ['/evidence/x.tar']);
  });

  it('ignores relative paths, NULs and non-strings', () => {
    const recent = new RecentFiles(join(dir, 'recent.json'));
    recent.add('relative.tar');
    recent.add('/a\0b');
    recent.add(42 as unknown as string);
    assert.deepEqual(recent.list(), []);
  });

  it('starts empty from a corrupt or hostile store', () => {
    const file = join(dir, 'recent.json');
    for (const content of ['{not json', '[]', 'null', '{"paths": "x"}', '{"paths": [1, "rel", "/ok.tar", "/ok.tar"]}']) {
      writeFileSync(file, content);
      const list = new RecentFiles(file).list();
      assert.deepEqual(list, content.includes('/ok.tar') ? ['/ok.tar'] : [], content);
    }
  });

  it('clear() empties the list and the file', () => {
    const file = join(dir, 'recent.json');
    const recent = new RecentFiles(file);
    recent.add('/a.tar');
    recent.clear();
    assert.deepEqual(new RecentFiles(file).list(), []);
  });

  it('keeps working in memory when the store cannot be written', () => {
    writeFileSync(join(dir, 'blocker'), '');
    const recent = new RecentFiles(join(dir, 'blocker', 'recent.json'));
    recent.add('/a.tar');
    assert.deepEqual(recent.list(), ['/a.tar']);
  });
});
