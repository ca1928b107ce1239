import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import { constants, createGzip, gzipSync } from 'node:zlib';
import { CancelledError, InspectorError } from '../errors';
import { openArchive } from './open';
import { END, header, sha256Of } from './tar-craft';
import { liveTempDirs } from './temp-files';
import { archivesDir, fixtureArchives } from './test-support';
import type { ArchiveEntry, OpenedArchive } from './types';

let work: string;
let tempParent: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'archive-compressed-'));
  tempParent = mkdtempSync(join(tmpdir(), 'archive-temp-parent-'));
});
after(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(tempParent, { recursive: true, force: true });
});

function zstdCli(): string {
  const probe = spawnSync('zstd', ['--version']);
  if (probe.error || probe.status !== 0) {
    throw new Error('the zstd command-line tool is required by these tests (apt-get install zstd)');
  }
  return 'zstd';
}

async function gzipFile(source: string, target: string): Promise<void> {
  await pipeline(createReadStream(source), createGzip(), createWriteStream(target));
}

function comparable(entries: readonly ArchiveEntry[]) {
  return entries.map(({ backing, ...rest }) => ({ ...rest, backingOffset: backing?.offset }));
}

async function readAllEntries(archive: OpenedArchive): Promise<string[]> {
  const hashes: string[] = [];
  for (const entry of archive.entries) {
    const bytes = await archive.read(entry, 0, entry.size);
    hashes.push(`${entry.path}:${bytes.length}:${Buffer.from(bytes).toString('base64').slice(0, 40)}`);
  }
  return hashes;
}

function tempFilesUnder(dir: string): string[] {
  return readdirSync(dir);
}

describe('compressed archives', () => {
  for (const name of fixtureArchives()) {
    it(`${name}: gzip and zstd copies index identically to the tar, and the temp copy goes on close`, async () => {
      const plainPath = join(archivesDir, name);
      const gz = join(work, `${name}.gz`);
      const zst = join(work, `${name}.zst`);
      await gzipFile(plainPath, gz);
      execFileSync(zstdCli(), ['-q', '-f', '-o', zst, plainPath]);

      const plain = await openArchive(plainPath);
      const expected = comparable(plain.entries);
      const expectedBytes = await readAllEntries(plain);
      await plain.close();

      for (const [path, format] of [[gz, 'tar.gz'], [zst, 'tar.zst']] as const) {
        const before = sha256Of(path);
        const progress: number[] = [];
        const archive = await openArchive(path, { tempDir: tempParent, onProgress: (done, total) => {
          assert.equal(total, statSync(path).size);
          progress.push(done);
        } });
        try {
          assert.equal(archive.format, format);
          assert.equal(archive.size, statSync(path).size);
          assert.deepEqual(comparable(archive.entries), expected);
          assert.deepEqual(await readAllEntries(archive), expectedBytes);
          assert.deepEqual(archive.warnings, []);
          assert.equal(progress.at(-1), statSync(path).size, 'progress reaches the compressed size');
          const copies = tempFilesUnder(tempParent);
          assert.equal(copies.length, 1, 'one private temporary folder');
          const copy = join(tempParent, copies[0], 'decompressed.tar');
          assert.equal(statSync(copy).mode & 0o777, 0o600);
          assert.equal(archive.entries.find((e) => e.backing)?.backing?.file, copy);
        } finally {
          await archive.close();
        }
        assert.deepEqual(tempFilesUnder(tempParent), [], 'temporary copy removed on close');
        assert.equal(sha256Of(path), before);
      }
    });
  }

  it('detects by content, not by name', async () => {
    const disguised = join(work, 'looks-plain.tar');
    writeFileSync(disguised, gzipSync(readFileSync(join(archivesDir, 'podman-busybox.tar'))));
    const archive = await openArchive(disguised, { tempDir: tempParent });
    assert.equal(archive.format, 'tar.gz');
    await archive.close();
  });

  it('concatenated gzip members are one stream', async () => {
    const tar = readFileSync(join(archivesDir, 'podman-busybox.tar'));
    const path = join(work, 'members.tar.gz');
    writeFileSync(path, Buffer.concat([gzipSync(tar.subarray(0, 100_000)), gzipSync(tar.subarray(100_000))]));
    const archive = await openArchive(path, { tempDir: tempParent });
    const plain = await openArchive(join(archivesDir, 'podman-busybox.tar'));
    assert.deepEqual(comparable(archive.entries), comparable(plain.entries));
    await archive.close();
    await plain.close();
  });

  for (const kind of ['gzip', 'zstd'] as const) {
    it(`a truncated ${kind} stream keeps the complete entries, with a warning naming the compressed offset`, async () => {
      const source = join(archivesDir, 'crio-python-counter.tar');
      const whole = kind === 'gzip' ? gzipSync(readFileSync(source)) : execFileSync(zstdCli(), ['-q', '-c', source], { maxBuffer: 1 << 26 });
      const path = join(work, `cut.${kind}`);
      writeFileSync(path, whole.subarray(0, 1_000_000));
      const archive = await openArchive(path, { tempDir: tempParent });
      try {
        assert.ok(archive.entries.length > 5, 'the entries before the cut are indexed');
        const warning = archive.warnings[0];
        assert.equal(warning.file, path);
        assert.equal(warning.offset, 1_000_000);
        assert.match(warning.message, new RegExp(`${kind} stream is truncated \\(unexpected end of file\\) at compressed offset 1000000`));
      } finally {
        await archive.close();
      }
      assert.deepEqual(tempFilesUnder(tempParent), []);
    });
  }

  for (const kind of ['gzip', 'zstd'] as const) {
    it(`${kind}: trailing garbage after a complete stream loses no entry and names where it starts`, async () => {
      const source = join(archivesDir, 'crio-python-counter.tar');
      const compressed = kind === 'gzip' ? gzipSync(readFileSync(source)) : execFileSync(zstdCli(), ['-q', '-c', source], { maxBuffer: 1 << 26 });
      const path = join(work, `trailing.${kind}`);
      writeFileSync(path, Buffer.concat([compressed, Buffer.from('appended garbage, not a member')]));
      const archive = await openArchive(path, { tempDir: tempParent });
      const plain = await openArchive(source);
      try {
        assert.deepEqual(comparable(archive.entries), comparable(plain.entries));
        assert.deepEqual(await readAllEntries(archive), await readAllEntries(plain));
        assert.equal(archive.warnings.length, 1);
        const [warning] = archive.warnings;
        assert.match(warning.message, new RegExp(`${kind} stream is corrupt or has trailing data`));
        if (kind === 'gzip') assert.equal(warning.offset, compressed.length + 1, 'the byte where gzip gives up on a new member');
        else assert.ok((warning.offset ?? 0) <= compressed.length && (warning.offset ?? 0) > compressed.length - 16384);
      } finally {
        await archive.close();
        await plain.close();
      }
    });
  }

  it('a corrupt gzip stream that yields nothing fails with the decompression error', async () => {
    const good = gzipSync(readFileSync(join(archivesDir, 'podman-busybox.tar')));
    const bad = Buffer.from(good);
    bad.fill(0x55, 20, 400);
    const path = join(work, 'corrupt.tar.gz');
    writeFileSync(path, bad);
    await assert.rejects(openArchive(path, { tempDir: tempParent }), (error: unknown) => {
      assert.ok(error instanceof InspectorError);
      assert.match(error.message, /gzip stream is corrupt .* at compressed offset \d+/);
      return true;
    });
    assert.deepEqual(tempFilesUnder(tempParent), []);
  });

  it('a gzip bomb stops at the compression-ratio limit with a clear warning', async () => {
    // 128 MiB of zeros inside one tar entry, gzipped at ~1000:1; a lowered limit keeps the test fast.
    const size = 128 * 1024 * 1024;
    const path = join(work, 'bomb.tar.gz');
    const gzip = createGzip({ level: constants.Z_BEST_COMPRESSION });
    const done = pipeline(gzip, createWriteStream(path));
    gzip.write(header({ name: 'zeros.bin', size }));
    const zeros = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < size / zeros.length; i++) if (!gzip.write(zeros)) await new Promise((r) => gzip.once('drain', r));
    gzip.end(END);
    await done;

    const archive = await openArchive(path, {
      tempDir: tempParent,
      limits: { maxCompressionRatio: 200, compressionRatioGraceBytes: 8 * 1024 * 1024 },
    });
    try {
      const message = archive.warnings.map((w) => w.message).join('\n');
      assert.match(message, /decompression stopped at compressed offset \d+: expansion ratio \d+:1 exceeds 200:1 \(likely a decompression bomb\)/);
      assert.equal(archive.getEntry('zeros.bin')?.size, size);
    } finally {
      await archive.close();
    }
  });

  it('the decompressed-size limit stops decompression', async () => {
    const path = join(work, 'big.tar.gz');
    writeFileSync(path, gzipSync(readFileSync(join(archivesDir, 'crio-python-counter.tar'))));
    const archive = await openArchive(path, { tempDir: tempParent, limits: { maxDecompressedBytes: 100_000 } });
    assert.match(archive.warnings[0].message, /output exceeds the limit of 100000 bytes/);
    await archive.close();
  });

  it('cancelling stops decompression and removes the temporary copy', async () => {
    const path = join(work, 'cancel.tar.zst');
    execFileSync(zstdCli(), ['-q', '-f', '-o', path, join(archivesDir, 'crio-python-counter.tar')]);
    const controller = new AbortController();
    const opening = openArchive(path, { tempDir: tempParent, signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(opening, CancelledError);
    assert.deepEqual(tempFilesUnder(tempParent), []);
    assert.ok(!liveTempDirs().some((d) => d.startsWith(tempParent)));
  });

  it('temporary copies left open are removed when the process exits', () => {
    const script = `
      import { openArchive } from ${JSON.stringify(join(import.meta.dirname, 'open.ts'))};
      const a = await openArchive(${JSON.stringify(join(work, 'members.tar.gz'))}, { tempDir: ${JSON.stringify(tempParent)} });
      console.log(a.entries.find((e) => e.backing).backing.file);
    `;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const copy = result.stdout.trim();
    assert.ok(copy.startsWith(tempParent));
    assert.ok(!existsSync(copy), 'removed at exit');
  });
});
