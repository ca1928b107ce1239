import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineTable } from './line-table';

describe('LineTable', () => {
  it('keeps offsets and flags across blocks, grows from small, and finds lines by offset', () => {
    const table = new LineTable();
    const count = 200_000;
    for (let i = 0; i < count; i++) table.push(i * 100, i & 0x3f);
    assert.equal(table.length, count);
    for (const i of [0, 1023, 1024, 65535, 65536, 131072, count - 1]) {
      assert.equal(table.offset(i), i * 100);
      assert.equal(table.flags(i), i & 0x3f);
    }
    table.addFlags(70_000, 0x80);
    assert.equal(table.flags(70_000), (70_000 & 0x3f) | 0x80);
    assert.equal(table.lineAt(0), 0);
    assert.equal(table.lineAt(150), 1);
    assert.equal(table.lineAt(6_553_600), 65_536);
    assert.equal(table.lineAt(-1), -1);
    // Four blocks of 64 Ki lines at 4 + 1 bytes a line.
    assert.equal(table.byteSize, 4 * 65_536 * 5);
  });

  it('is small for a small log', () => {
    const table = new LineTable();
    for (let i = 0; i < 10; i++) table.push(i, 0);
    assert.equal(table.byteSize, 1024 * 5);
  });

  it('stores offsets beyond 4 GiB exactly', () => {
    const table = new LineTable();
    const base = 2 ** 33;
    table.push(5, 0);
    table.push(base + 7, 1);
    table.push(2 ** 52 + 9, 2);
    assert.deepEqual([table.offset(0), table.offset(1), table.offset(2)], [5, base + 7, 2 ** 52 + 9]);
  });
});
