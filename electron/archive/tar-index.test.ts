import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InspectorError } from '../errors';
import { openArchive } from './open';
import { archivesDir } from './test-support';
import { END, file, header, padded, pax, paxRecord, sha256Of } from './tar-craft';
import type { OpenOptions, OpenedArchive } from './types';

let work: string;
let counter = 0;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'archive-test-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

function write(bytes: Buffer): string {
  const path = join(work, `case-${counter++}.tar`);
  writeFileSync(path, bytes);
  chmodSync(path, 0o444);
  return path;
}

/** Opens crafted bytes; asserts the evidence is unchanged and returns archive (closed) or error. */
async function attempt(bytes: Buffer, options: OpenOptions = {}): Promise<{ archive?: OpenedArchive; error?: unknown; path: string }> {
  const path = write(bytes);
  const before = sha256Of(path);
  let archive: OpenedArchive | undefined;
  let error: unknown;
  try {
    archive = await openArchive(path, options);
  } catch (e) {
    error = e;
  }
  if (archive) {
    for (const entry of archive.entries) await archive.read(entry, 0, Math.min(entry.size, 4096));
    await archive.close();
  }
  assert.equal(sha256Of(path), before, 'the evidence bytes are unchanged');
  return { archive, error, path };
}

function messages(archive: OpenedArchive | undefined): string {
  return (archive?.warnings ?? []).map((w) => `${w.file}@${w.offset}: ${w.message}`).join('\n');
}

const three = () => Buffer.concat([file('a.txt', 'alpha'), file('b.txt', 'bravo'.repeat(300)), file('c.txt', 'charlie'), END]);

describe('tar index: damaged archives', () => {
  it('cut mid-header keeps the entries before it', async () => {
    const bytes = three().subarray(0, 512 + 512 + 512 + 1536 + 100); // a, b (3 data blocks), c's header cut
    const { archive } = await attempt(bytes);
    assert.deepEqual(archive?.entries.map((e) => e.path), ['a.txt', 'b.txt']);
    assert.match(messages(archive), /header at offset 3072: truncated: only 100 of 512 bytes/);
  });

  it('cut mid-data keeps the entry, warns, and reads stop at the end of the file', async () => {
    const bytes = three().subarray(0, 1024 + 512 + 700);
    const path = write(bytes);
    const archive = await openArchive(path);
    try {
      const b = archive.getEntry('b.txt');
      assert.equal(b?.size, 1500);
      assert.match(messages(archive), /b\.txt: data runs past the end of the archive \(1500 bytes declared, 700 present\)/);
      assert.equal((await archive.read('b.txt', 0, 1500)).length, 700);
      assert.equal((await archive.read('b.txt', 690, 100)).length, 10);
    } finally {
      await archive.close();
    }
  });

  it('a bad checksum later on stops indexing there with a warning naming the offset', async () => {
    const bytes = Buffer.from(three());
    bytes[1024 + 3] ^= 0x20; // b.txt's header, name byte
    const { archive } = await attempt(bytes);
    assert.deepEqual(archive?.entries.map((e) => e.path), ['a.txt']);
    assert.match(messages(archive), /header at offset 1024: checksum mismatch \(stored \d+, computed \d+\)/);
  });

  it('a bad first header fails the open with InspectorError at offset 0', async () => {
    const { error } = await attempt(Buffer.concat([header({ name: 'x', badChecksum: true }), END]));
    assert.ok(error instanceof InspectorError);
    assert.equal(error.offset, 0);
    assert.match(error.message, /header at offset 0: checksum mismatch/);
  });

  it('only zero blocks: a clear error', async () => {
    const { error } = await attempt(Buffer.alloc(10240));
    assert.ok(error instanceof InspectorError);
    assert.match(error.message, /holds no entries.*only zero blocks/);
    assert.equal(error.offset, 0);
  });

  it('a pax header claiming 40 GB of records is refused, not read', async () => {
    const bytes = Buffer.concat([file('ok.txt', 'fine'), header({ name: 'PaxHeaders/big', type: 'x', size: 40e9 }), END]);
    const { archive } = await attempt(bytes);
    assert.deepEqual(archive?.entries.map((e) => e.path), ['ok.txt']);
    assert.match(messages(archive), /header at offset 1024: pax extended header of 40000000000 bytes exceeds the limit/);
  });

  it('a pax size of 40 GB for a file: kept with a warning, reads clamp to what exists', async () => {
    const bytes = Buffer.concat([pax(paxRecord('size', '40000000000')), header({ name: 'huge.img' }), padded('tiny'), END]);
    const { archive } = await attempt(bytes);
    assert.equal(archive?.entries[0].size, 40e9);
    const path = write(bytes);
    const reopened = await openArchive(path);
    const existing = await reopened.read('huge.img', 0, 40e9);
    assert.equal(existing.length, 512 + END.length, 'a read of 40 GB returns only the bytes that exist');
    assert.equal(Buffer.from(existing.subarray(0, 4)).toString(), 'tiny');
    await reopened.close();
    assert.match(messages(archive), /huge\.img: data runs past the end of the archive \(40000000000 bytes declared/);
  });

  it('a pax record length of 2^63 is an error naming the record', async () => {
    const records = `9223372036854775808 path=${'x'.repeat(20)}\n`;
    const { archive } = await attempt(Buffer.concat([file('first', '1'), pax(records), header({ name: 'y' }), END]));
    assert.deepEqual(archive?.entries.map((e) => e.path), ['first']);
    assert.match(messages(archive), /header at offset 1024: pax record at offset 0: length field is too long/);
  });

  it('a pax size of 2^63 is refused as too large', async () => {
    const { archive } = await attempt(Buffer.concat([file('first', '1'), pax(paxRecord('size', '9223372036854775808')), header({ name: 'y' }), END]));
    assert.match(messages(archive), /pax size=9223372036854775808 is too large/);
  });

  it('a base-256 size field of 2^63 is refused as out of range', async () => {
    const sizeField = new Uint8Array(12);
    sizeField[0] = 0x80;
    sizeField[4] = 0x80; // 2^63 in the remaining 11 bytes, big-endian
    const { error } = await attempt(Buffer.concat([header({ name: 'y', sizeField }), END]));
    assert.ok(error instanceof InspectorError);
    assert.match(error.message, /header at offset 0: size field \(base-256\) 9223372036854775808 is out of range/);
  });

  it('a size field beyond EOF for an ordinary header', async () => {
    const { archive } = await attempt(Buffer.concat([header({ name: 'claims-a-lot', size: 0o77777777777 }), padded('abc')]));
    assert.match(messages(archive), /claims-a-lot: data runs past the end of the archive \(8589934591 bytes declared, 512 present\)/);
  });

  it('stops at the entry limit with a warning', async () => {
    const headers = Array.from({ length: 1500 }, (_, i) => header({ name: `empty-${i}` }));
    const { archive } = await attempt(Buffer.concat([...headers, END]), { limits: { maxEntries: 1000 } });
    assert.equal(archive?.entries.length, 1000);
    assert.match(messages(archive), /entry limit reached \(1000 entries\): the rest of the archive from offset 512000 is not indexed/);
  });

  it('exactly the entry limit is not a limit warning', async () => {
    const headers = Array.from({ length: 1000 }, (_, i) => header({ name: `empty-${i}` }));
    const { archive } = await attempt(Buffer.concat([...headers, END]), { limits: { maxEntries: 1000 } });
    assert.equal(archive?.entries.length, 1000);
    assert.deepEqual(archive?.warnings, []);
  });

  it('indexes 100 000 empty entries without hanging (headers are read a 64 KiB window at a time)', async () => {
    const count = 100_000;
    const bytes = Buffer.alloc(count * 512 + 1024);
    for (let i = 0; i < count; i++) header({ name: `e/${i}` }).copy(bytes, i * 512);
    const path = write(bytes);
    const started = performance.now();
    const archive = await openArchive(path);
    const elapsed = performance.now() - started;
    try {
      assert.equal(archive.entries.length, count);
      assert.equal(archive.entries[count - 1].path, `e/${count - 1}`);
      assert.deepEqual(archive.warnings, []);
      // A generous bound that only a pathological slowdown (a read per byte, a quadratic step) breaks.
      assert.ok(elapsed < 30_000, `took ${elapsed} ms`);
    } finally {
      await archive.close();
    }
  });

  it('climbing, absolute and control-character names are normalised and kept raw', async () => {
    const evil = 'note\u001b[31m\u202etxt.exe';
    const bytes = Buffer.concat([file('../../etc/passwd', 'p'), file('/etc/shadow', 's'), file('a/../../b', 'b'), file(evil, 'e'), END]);
    const { archive } = await attempt(bytes);
    const entries = archive?.entries ?? [];
    assert.deepEqual(entries.map((e) => e.path), ['etc/passwd', 'etc/shadow', 'b', 'note\\x1b[31m\\u202etxt.exe']);
    assert.deepEqual(entries.map((e) => e.rawName), ['../../etc/passwd', '/etc/shadow', 'a/../../b', evil]);
    const text = messages(archive);
    assert.match(text, /"\.\.\/\.\.\/etc\/passwd" was normalised to "etc\/passwd": '\.\.' climbing above the archive root/);
    assert.match(text, /"\/etc\/shadow" was normalised to "etc\/shadow": absolute name/);
    assert.match(text, /control or bidirectional characters/);
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u202e]/u.test(text), 'no raw control or bidi character reaches a warning');
  });

  it('duplicate paths: both listed, the later wins, a warning', async () => {
    const path = write(Buffer.concat([file('dup', 'first'), file('./dup', 'second'), END]));
    const archive = await openArchive(path);
    try {
      assert.equal(archive.entries.length, 2);
      assert.equal(Buffer.from(await archive.readAll('dup', 100)).toString(), 'second');
      assert.match(messages(archive), /duplicate path dup \(also at header offset 0\)/);
    } finally {
      await archive.close();
    }
  });

  it('nested tars: members are prefixed, a cut inside one keeps what was indexed, warnings name it', async () => {
    const inner = Buffer.concat([file('home/a', 'A'.repeat(600)), file('home/b', 'B'.repeat(2000)), END]);
    const outer = Buffer.concat([file('rootfs-diff.tar', inner), file('after', 'x'), END]);
    const { archive } = await attempt(outer);
    assert.deepEqual(archive?.entries.map((e) => [e.path, e.parent]), [
      ['rootfs-diff.tar', undefined],
      ['rootfs-diff.tar/home/a', 'rootfs-diff.tar'],
      ['rootfs-diff.tar/home/b', 'rootfs-diff.tar'],
      ['after', undefined],
    ]);
    assert.equal(archive?.entries[0].isNestedArchive, true);
    assert.equal(archive?.entries[1].backing?.offset, 512 + 512, 'absolute offset in the outer file');

    const cut = await attempt(outer.subarray(0, 512 + 512 + 1024 + 512 + 100));
    assert.deepEqual(cut.archive?.entries.map((e) => e.path), ['rootfs-diff.tar', 'rootfs-diff.tar/home/a', 'rootfs-diff.tar/home/b']);
    const nestedWarning = cut.archive?.warnings.find((w) => w.file === 'rootfs-diff.tar');
    assert.match(nestedWarning?.message ?? '', /home\/b: data runs past the end of the archive \(2000 bytes declared, 100 present\)/);
    assert.equal(nestedWarning?.offset, 2048, 'offset of home/b data inside the nested tar');
  });

  it('unknown input is refused by content, with its first bytes', async () => {
    const { error } = await attempt(Buffer.from('PK\u0003\u0004 this is a zip, not a tar'.padEnd(600, 'z')));
    assert.ok(error instanceof InspectorError);
    assert.match(error.message, /not a tar, gzip or zstd archive.*first bytes: 50 4b 03 04/);
  });

  it('a missing or unreadable path is a clear error', async () => {
    await assert.rejects(openArchive(join(work, 'does-not-exist.tar')), /cannot open: no such file or folder/);
    if (process.getuid?.() !== 0) {
      const locked = write(file('a', 'b'));
      chmodSync(locked, 0o000);
      await assert.rejects(openArchive(locked), /cannot open: permission denied/);
    }
  });

  it('an empty file is refused', async () => {
    const { error } = await attempt(Buffer.alloc(0));
    assert.ok(error instanceof InspectorError);
    assert.match(error.message, /empty/);
  });

  it('GNU sparse and unknown types are indexed as other with a warning', async () => {
    const { archive } = await attempt(Buffer.concat([file('sparse', 'x', { type: 'S', format: 'gnu' }), file('weird', 'y', { type: 'Z' }), file('after', 'z'), END]));
    assert.deepEqual(archive?.entries.map((e) => [e.path, e.type]), [['sparse', 'other'], ['weird', 'other'], ['after', 'file']]);
    assert.match(messages(archive), /sparse: GNU sparse file, indexed as 'other'/);
    assert.match(messages(archive), /weird: unsupported entry type 'Z'/);
  });

  it('a lone zero block is skipped with a warning', async () => {
    const { archive } = await attempt(Buffer.concat([file('a', '1'), Buffer.alloc(512), file('b', '2'), END]));
    assert.deepEqual(archive?.entries.map((e) => e.path), ['a', 'b']);
    assert.match(messages(archive), /lone zero block at offset 1024/);
  });

  it('every damaged variant of a real archive opens or fails cleanly', async () => {
    const real = readFileSync(join(archivesDir, 'crio-busybox-httpd.tar')).subarray(0, 8192);
    const base = Buffer.concat([file('x', 'y'.repeat(2000)), file('z', 'w'), real, END]);
    for (const cut of [1, 100, 511, 512, 513, 1000, 2560, 3000, base.length - 1]) {
      const { archive, error } = await attempt(base.subarray(0, cut));
      assert.ok(archive || error instanceof InspectorError, `cut at ${cut}`);
    }
    for (let at = 0; at < base.length; at += 41) {
      const damaged = Buffer.from(base);
      damaged[at] ^= 0xff;
      const { archive, error } = await attempt(damaged);
      assert.ok(archive || error instanceof InspectorError, `flip at ${at}`);
    }
  });
});

describe('tar index: formats and entry types (made by GNU tar)', () => {
  let tree: string;
  before(() => {
    tree = join(work, 'tree');
    mkdirSync(join(tree, 'dir/sub'), { recursive: true });
    writeFileSync(join(tree, 'dir/file.txt'), 'hello');
    const longDir = `${'d'.repeat(90)}/${'e'.repeat(50)}`;
    mkdirSync(join(tree, longDir), { recursive: true });
    writeFileSync(join(tree, longDir, `${'f'.repeat(80)}.txt`), 'long');
    symlinkSync(`../${'t'.repeat(120)}`, join(tree, 'dir/long-link'));
    symlinkSync('file.txt', join(tree, 'dir/link'));
    linkSync(join(tree, 'dir/file.txt'), join(tree, 'dir/hard'));
    execFileSync('mkfifo', [join(tree, 'dir/fifo')]);
  });

  for (const format of ['gnu', 'pax', 'ustar']) {
    it(`--format=${format}: names, links and types match tar's own listing`, async () => {
      const path = join(work, `tree-${format}.tar`);
      const exclude = format === 'ustar' ? ['--exclude=dir/long-link'] : []; // ustar cannot store it
      execFileSync('tar', [`--format=${format}`, '--sort=name', ...exclude, '-cf', path, '-C', tree, 'dir', 'd'.repeat(90)]);
      const listed = execFileSync('tar', ['-tf', path], { encoding: 'utf8' }).trim().split('\n').map((n) => n.replace(/\/$/, ''));
      const archive = await openArchive(path);
      try {
        assert.deepEqual(archive.entries.map((e) => e.path), listed);
        const type = (p: string) => archive.getEntry(p)?.type;
        assert.equal(type('dir'), 'dir');
        assert.equal(type('dir/fifo'), 'fifo');
        assert.equal(type('dir/link'), 'symlink');
        assert.equal(archive.getEntry('dir/link')?.linkTarget, 'file.txt');
        const hard = archive.getEntry('dir/hard') ?? archive.getEntry('dir/file.txt');
        assert.ok(archive.entries.some((e) => e.type === 'hardlink'), 'one of the two names is a hard link');
        assert.equal(Buffer.from(await archive.readAll(hard!, 100)).toString(), 'hello', 'a hard link reads its target');
        const longFile = listed.find((n) => n.endsWith('.txt') && n.length > 100) as string;
        assert.equal(Buffer.from(await archive.readAll(longFile, 100)).toString(), 'long');
        if (format !== 'ustar') assert.equal(archive.getEntry('dir/long-link')?.linkTarget, `../${'t'.repeat(120)}`);
        assert.deepEqual(archive.warnings, []);
      } finally {
        await archive.close();
      }
    });
  }

  it('pax: fractional mtime, uid/gid/uname overrides, global headers', async () => {
    const bytes = Buffer.concat([
      pax(paxRecord('uname', 'global-user'), 'g'),
      pax(paxRecord('mtime', '1796333896.3246188') + paxRecord('uid', '4000000000') + paxRecord('path', 'p/'.repeat(80) + 'deep')),
      header({ name: 'short' }),
      file('plain', 'x'),
      END,
    ]);
    const { archive } = await attempt(bytes);
    const [deep, plain] = archive?.entries ?? [];
    assert.equal(deep.path, 'p/'.repeat(80) + 'deep');
    assert.equal(deep.uid, 4000000000);
    assert.equal(deep.uname, 'global-user');
    assert.ok(Math.abs(deep.mtime - 1796333896.3246188) < 1e-6);
    assert.equal(plain.uname, 'global-user');
    assert.equal(plain.uid, 0);
  });

  it('ustar prefix and base-256 numbers', async () => {
    const uidField = header({ name: 'n', prefix: 'some/prefix' });
    const { archive } = await attempt(Buffer.concat([uidField, END]));
    assert.equal(archive?.entries[0].path, 'some/prefix/n');
    const sizeField = new Uint8Array(12);
    sizeField[0] = 0x80;
    sizeField[11] = 5;
    const { archive: b256 } = await attempt(Buffer.concat([header({ name: 'b', sizeField }), padded('12345'), END]));
    assert.equal(b256?.entries[0].size, 5);
  });
});
