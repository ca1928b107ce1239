import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openArchive } from './open';
import {
  archivesDir,
  expectedDir,
  fixtureArchives,
  imagesDir,
  modeString,
  parseListing,
  type ListingLine,
} from './test-support';
import type { ArchiveEntry, OpenedArchive } from './types';

function assertMatchesListing(entries: ArchiveEntry[], listing: ListingLine[], strip = '') {
  assert.equal(entries.length, listing.length, 'entry count equals the tar listing');
  listing.forEach((line, i) => {
    const entry = entries[i];
    const expectedPath = line.name.replace(/\/$/, '');
    assert.equal(entry.path, strip + expectedPath, `entry ${i}`);
    assert.equal(modeString(entry), line.modeString, `${entry.path} mode`);
    assert.equal(entry.uid, line.uid, `${entry.path} uid`);
    assert.equal(entry.gid, line.gid, `${entry.path} gid`);
    assert.equal(entry.size, line.size, `${entry.path} size`);
    assert.equal(Math.floor(entry.mtime), line.seconds, `${entry.path} mtime seconds`);
    const fraction = entry.mtime - Math.floor(entry.mtime);
    const expectedFraction = line.fraction ? Number(`0.${line.fraction}`) : 0;
    assert.ok(Math.abs(fraction - expectedFraction) < 1e-6, `${entry.path} mtime fraction ${fraction} vs .${line.fraction}`);
    assert.equal(entry.linkTarget, line.linkTarget, `${entry.path} link target`);
  });
}

async function withArchive<T>(path: string, use: (archive: OpenedArchive) => Promise<T>): Promise<T> {
  const archive = await openArchive(path);
  try {
    return await use(archive);
  } finally {
    await archive.close();
  }
}

describe('openArchive on the fixture archives', () => {
  for (const name of fixtureArchives()) {
    const path = join(archivesDir, name);
    const expected = join(expectedDir, name.replace(/\.tar$/, ''));

    it(`${name}: entries equal GNU tar's listing`, async () => {
      await withArchive(path, async (archive) => {
        assert.equal(archive.format, 'tar');
        assert.equal(archive.size, statSync(path).size);
        assert.deepEqual(archive.warnings, []);
        const top = archive.entries.filter((e) => !e.parent);
        assertMatchesListing(top, parseListing(readFileSync(join(expected, 'tar-tvf.txt'), 'utf8')));
      });
    });

    it(`${name}: rootfs-diff.tar members equal its listing`, async () => {
      await withArchive(path, async (archive) => {
        const container = archive.getEntry('rootfs-diff.tar');
        assert.ok(container?.isNestedArchive, 'rootfs-diff.tar is indexed as a nested archive');
        const members = archive.entries.filter((e) => e.parent === 'rootfs-diff.tar');
        assertMatchesListing(members, parseListing(readFileSync(join(expected, 'rootfs-diff-tvf.txt'), 'utf8')), 'rootfs-diff.tar/');
        // Nested members follow their archive, and their bytes are where GNU tar says.
        const index = archive.entries.indexOf(container);
        assert.deepEqual(archive.entries.slice(index + 1, index + 1 + members.length), members);
        for (const member of members) {
          assert.equal(member.kindId, 'member:file');
          const bytes = await archive.read(member, 0, member.size);
          const relative = member.path.slice('rootfs-diff.tar/'.length);
          const viaTar = execFileSync('sh', ['-c', `tar -xOf "$1" rootfs-diff.tar | tar -xOf - "$2"`, 'sh', path, relative]);
          assert.deepEqual(Buffer.from(bytes), viaTar);
        }
      });
    });

    it(`${name}: read() returns the bytes tar extracts, clamped to the entry`, async () => {
      await withArchive(path, async (archive) => {
        for (const entry of archive.entries.filter((e) => !e.parent && e.type === 'file').slice(0, 12)) {
          const viaTar = execFileSync('tar', ['-xOf', path, entry.path], { maxBuffer: 64 * 1024 * 1024 });
          const all = await archive.readAll(entry, 64 * 1024 * 1024);
          assert.ok(!Buffer.isBuffer(all), 'plain Uint8Array, not a Buffer');
          assert.deepEqual(Buffer.from(all), viaTar, entry.path);
          const tail = await archive.read(entry.path, Math.max(0, entry.size - 3), 100);
          assert.deepEqual(Buffer.from(tail), viaTar.subarray(Math.max(0, entry.size - 3)));
          assert.equal((await archive.read(entry, entry.size + 10, 5)).length, 0);
        }
      });
    });
  }

  it('labels entries by name and CRIU magic', async () => {
    await withArchive(join(archivesDir, 'crio-busybox-httpd.tar'), async (archive) => {
      const kind = (path: string) => {
        const entry = archive.getEntry(path);
        assert.ok(entry, path);
        return [entry.kindId, entry.kind];
      };
      assert.deepEqual(kind('checkpoint/pagemap-7.img'), ['criu:pagemap', 'CRIU pagemap, pid 7']);
      assert.deepEqual(kind('checkpoint/pages-1.img'), ['criu:pages', 'CRIU memory pages (raw), pages id 1']);
      assert.deepEqual(kind('checkpoint/core-38.img'), ['criu:core', 'CRIU task core, tid 38']);
      assert.deepEqual(kind('checkpoint/fdinfo-2.img'), ['criu:fdinfo', 'CRIU fd table, files id 2']);
      assert.deepEqual(kind('spec.dump'), ['oci:spec', 'OCI runtime spec']);
      assert.deepEqual(kind('config.dump'), ['container:config', 'container config']);
      assert.deepEqual(kind('io.kubernetes.cri-o.LogPath'), ['container:log', 'container log (CRI)']);
      assert.deepEqual(kind('dump.log'), ['criu:dump-log', 'CRIU dump log']);
      assert.deepEqual(kind('stats-dump'), ['criu:stats-dump', 'CRIU dump statistics']);
      assert.deepEqual(kind('rootfs-diff.tar'), ['container:rootfs-diff', 'rootfs diff (tar)']);
      assert.deepEqual(kind('deleted.files'), ['container:deleted-files', 'deleted files list']);
      assert.deepEqual(kind('checkpoint/tmpfs-dev-45.tar.gz.img')[1], 'tmpfs contents (tar.gz), mount id 45');
      for (const entry of archive.entries) assert.ok(entry.kindId && entry.kind, `${entry.path} has a kind`);
    });
    await withArchive(join(archivesDir, 'podman-busybox-httpd.tar'), async (archive) => {
      assert.equal(archive.getEntry('ctr.log')?.kindId, 'container:log');
      assert.equal(archive.getEntry('devshm-checkpoint.tar')?.isNestedArchive, true);
      assert.equal(archive.getEntry('network.status')?.kindId, 'container:network-status');
    });
  });

  it('backing offsets of nested members are absolute in the evidence', async () => {
    const path = join(archivesDir, 'crio-busybox-httpd.tar');
    await withArchive(path, async (archive) => {
      const member = archive.getEntry('rootfs-diff.tar/home/counter/test-file');
      assert.ok(member?.backing);
      assert.equal(member.backing.file, path);
      const raw = readFileSync(path).subarray(member.backing.offset, member.backing.offset + member.size);
      assert.deepEqual(Buffer.from(await archive.read(member, 0, member.size)), raw);
    });
  });
});

describe('openArchive on CRIU image folders', () => {
  for (const name of readdirSync(imagesDir).sort()) {
    it(`${name}: every file is an entry backed by itself`, async () => {
      const dir = join(imagesDir, name);
      await withArchive(dir, async (archive) => {
        assert.equal(archive.format, 'dir');
        const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
        assert.equal(archive.entries.filter((e) => e.type === 'file').length, files.length);
        assert.equal(archive.size, files.reduce((sum, d) => sum + statSync(join(d.parentPath, d.name)).size, 0));
        for (const entry of archive.entries) {
          assert.equal(entry.backing?.file, join(dir, entry.path));
          assert.equal(entry.backing?.offset, 0);
        }
        const inventory = archive.getEntry('inventory.img');
        assert.equal(inventory?.kindId, 'criu:inventory');
        assert.deepEqual(Buffer.from(await archive.readAll('inventory.img', 1024)), readFileSync(join(dir, 'inventory.img')));
        const pagemap = archive.entries.find((e) => e.path.startsWith('pagemap-') && !e.path.includes('shmem'));
        assert.match(pagemap?.kind ?? '', /^CRIU pagemap, pid \d+$/);
        assert.deepEqual(archive.warnings, []);
      });
    });
  }
});

describe('kinds from the first bytes', () => {
  it('a name that lies is labelled by its magic, with a warning; unknown magics are shown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinds-'));
    try {
      const magic = (...words: number[]) => {
        const bytes = Buffer.alloc(words.length * 4);
        words.forEach((word, i) => bytes.writeUInt32LE(word, i * 4));
        return bytes;
      };
      writeFileSync(join(dir, 'core-1.img'), magic(0x54564319, 0x56084025, 0)); // PAGEMAP magic under a core name
      writeFileSync(join(dir, 'mystery.img'), magic(0x54564319, 0x12345678));
      writeFileSync(join(dir, 'netdev-9.img'), magic(0x54564319, 0x57373951));
      writeFileSync(join(dir, 'whatever.img'), magic(0x54564319, 0x61394011)); // NS_FILES
      writeFileSync(join(dir, 'stats-dump'), magic(0x55105940, 0x57093306));
      writeFileSync(join(dir, 'log\u202etxt.exe'), 'x');
      const archive = await openArchive(dir);
      try {
        const kind = (p: string) => [archive.getEntry(p)?.kindId, archive.getEntry(p)?.kind];
        assert.deepEqual(kind('core-1.img'), ['criu:pagemap', 'CRIU PAGEMAP image']);
        assert.deepEqual(kind('mystery.img'), ['criu:unknown', 'CRIU image, unknown magic 0x12345678']);
        assert.deepEqual(kind('netdev-9.img'), ['criu:netdev', 'CRIU network devices, namespace id 9']);
        assert.deepEqual(kind('whatever.img'), ['criu:ns-files', 'CRIU NS_FILES image']);
        assert.deepEqual(kind('stats-dump'), ['criu:stats-dump', 'CRIU dump statistics']);
        assert.deepEqual(archive.warnings.map((w) => [w.file, w.message]), [
          ['core-1.img', 'name says CORE but the magic is PAGEMAP (0x56084025); kind taken from the magic'],
          ['log\\u202etxt.exe', 'file name "log\\u202etxt.exe" is shown as "log\\u202etxt.exe": control or bidirectional characters in the name'],
        ]);
        const hostile = archive.getEntry('log\\u202etxt.exe');
        assert.equal(hostile?.rawName, 'log\u202etxt.exe');
        assert.equal(Buffer.from(await archive.readAll(hostile!, 10)).toString(), 'x');
      } finally {
        await archive.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
