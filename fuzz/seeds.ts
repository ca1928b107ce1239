// The seed corpus: the real fixtures (archives, and the image folders both as folders and packed in a
// tar), their zstd copies, and the bombs (built once, lazily, on first use).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { seedLayout } from './layout';
import { tarHeader, type DirSeed, type Heavy, type Seed, type TarSeed } from './mutate';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const fixturesDir = resolve(repoRoot, '../shared/fixtures');

// Past the 64 MiB after which the ratio is checked; deflate of zeros stays near 1030:1.
const BOMB_BYTES = 96 * 1024 * 1024;

function zstd(bytes: Buffer): Buffer | undefined {
  const result = spawnSync('zstd', ['-q', '-3', '-c'], { input: bytes, maxBuffer: 64 * 1024 * 1024 });
  return result.status === 0 ? result.stdout : undefined;
}

function packFolder(files: DirSeed['files']): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    const data = f.bytes ?? Buffer.alloc(0);
    parts.push(tarHeader(`checkpoint/${f.name}`, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function tarSeed(name: string, bytes: Buffer): TarSeed {
  return { kind: 'tar', name, bytes, layout: seedLayout(bytes), zstd: bytes.length <= 1024 * 1024 ? zstd(bytes) : undefined };
}

export function loadSeeds(): Seed[] {
  const seeds: Seed[] = [];
  const archives = join(fixturesDir, 'archives');
  for (const name of readdirSync(archives).filter((n) => n.endsWith('.tar')).sort()) {
    seeds.push(tarSeed(name, readFileSync(join(archives, name))));
  }
  const images = join(fixturesDir, 'images');
  for (const name of readdirSync(images).sort()) {
    const files = readdirSync(join(images, name))
      .sort()
      .map((file) => ({ name: file, bytes: readFileSync(join(images, name, file)) }));
    seeds.push({ kind: 'dir', name: `${name}/`, files });
    seeds.push(tarSeed(`${name}.tar`, packFolder(files)));
  }
  if (seeds.length === 0) throw new Error(`no fixtures under ${fixturesDir}`);
  return seeds;
}

/** A tar whose one member is 96 MiB of zeros, compressed: deflate reaches about 1030:1, zstd far more. */
export function heavyInputs(): Heavy {
  let gzip: Buffer | undefined;
  let zst: Buffer | undefined | null;
  const plain = () => Buffer.concat([tarHeader('checkpoint/pages-1.img', BOMB_BYTES), Buffer.alloc(BOMB_BYTES), Buffer.alloc(1024)]);
  return {
    gzipBomb: () => (gzip ??= gzipSync(plain(), { level: 9 })),
    zstdBomb: () => {
      if (zst === undefined) zst = zstd(plain()) ?? null;
      return zst ?? undefined;
    },
  };
}
