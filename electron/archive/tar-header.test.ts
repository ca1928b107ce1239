import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { byteSum, checksumMatches, checksums, parseNumeric, parsePaxRecords } from './tar-header';
import { header, paxRecord } from './tar-craft';

describe('tar header primitives', () => {
  it('byteSum equals a plain byte sum, aligned or not', () => {
    const backing = new Uint8Array(512 * 3 + 3);
    backing.set(randomBytes(backing.length));
    backing.fill(0xff, 0, 512); // the largest sum
    for (const offset of [0, 1, 2, 3, 512, 1024]) {
      const block = backing.subarray(offset, offset + 512);
      assert.equal(byteSum(block), block.reduce((a, b) => a + b, 0), `offset ${offset}`);
    }
  });

  it('checksums: unsigned and signed (historic) sums are accepted, others not', () => {
    const good = header({ name: 'café-\u00ff' });
    assert.ok(checksumMatches(good));
    const signed = Buffer.from(good);
    signed.write(checksums(good).signed.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    assert.ok(checksumMatches(signed));
    assert.ok(!checksumMatches(header({ name: 'x', badChecksum: true })));
  });

  it('numeric fields: octal with space/NUL padding, base-256, garbage rejected', () => {
    const field = (text: string) => Buffer.from(text, 'latin1');
    assert.equal(parseNumeric(field('0000644\0'), 0, 8, 'mode'), 0o644);
    assert.equal(parseNumeric(field('  644 \0\0'), 0, 8, 'mode'), 0o644);
    assert.equal(parseNumeric(field('\0\0\0\0\0\0\0\0'), 0, 8, 'mode'), 0);
    assert.equal(parseNumeric(Uint8Array.from([0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]), 0, 12, 'size'), 2 ** 32);
    assert.equal(parseNumeric(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 0, 8, 'mtime'), -1);
    assert.throws(() => parseNumeric(field('12a4567\0'), 0, 8, 'uid'), /uid field is not octal/);
  });

  it('pax records: lengths must be exact and bounded', () => {
    const mtime = paxRecord('mtime', '1796333896.3246188');
    assert.equal(mtime, '28 mtime=1796333896.3246188\n');
    const records = parsePaxRecords(Buffer.from(mtime + paxRecord('path', 'a/b/c/d/e')));
    assert.deepEqual(records.map((r) => [r.key, r.value, r.offset]), [['mtime', '1796333896.3246188', 0], ['path', 'a/b/c/d/e', 28]]);
    assert.throws(() => parsePaxRecords(Buffer.from('99 path=x\n')), /length 99 exceeds the 10 bytes left/);
    assert.throws(() => parsePaxRecords(Buffer.from('10 path=xy\n')), /pax record at offset 0: not terminated by a newline/);
    assert.throws(() => parsePaxRecords(Buffer.from('x path=y\n')), /malformed length field/);
    assert.throws(() => parsePaxRecords(Buffer.from('18446744073709551616 path=y\n')), /length field is too long/);
  });
});
