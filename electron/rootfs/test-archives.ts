// Test helpers: build small tar archives (and CRIU ghost images) on disk with tar-stream.
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { writeFile } from 'node:fs/promises';
import { pack, type Header } from 'tar-stream';
import { IMG_COMMON_MAGIC, CRIU_MAGICS } from '../criu';

export interface TarMember {
  header: Partial<Header> & { name: string };
  body?: Buffer;
}

/** The bytes of a tar holding `members`, in order. */
export async function tarBytes(members: TarMember[]): Promise<Buffer> {
  const packer = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    packer.on('data', (chunk: unknown) => {
      chunks.push(chunk as Buffer);
    });
    packer.on('end', resolve);
    packer.on('error', reject);
  });
  for (const { header, body } of members) {
    await new Promise<void>((resolve, reject) => {
      packer.entry({ mtime: new Date(1_700_000_000_000), ...header }, body ?? Buffer.alloc(0), (error) => (error ? reject(error) : resolve()));
    });
  }
  packer.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function writeTar(path: string, members: TarMember[]): Promise<void> {
  await writeFile(path, await tarBytes(members));
}

/** A ghost-file image: ghost_file_entry then the contents (whole, or as chunks of [offset, bytes]). */
export function ghostImage(options: { mode: number; size: number; contents?: Buffer; chunks?: Array<[number, Buffer]> }): Buffer {
  const entry = new BinaryWriter().uint32(8).uint32(0).uint32(16).uint32(0).uint32(24).uint32(options.mode);
  if (options.chunks) entry.uint32(72).bool(true);
  entry.uint32(80).uint64(options.size);
  const parts: Buffer[] = [u32(IMG_COMMON_MAGIC), u32(CRIU_MAGICS.GHOST_FILE), framed(entry.finish())];
  if (options.chunks) {
    for (const [off, bytes] of options.chunks) {
      parts.push(framed(new BinaryWriter().uint32(8).uint64(bytes.length).uint32(16).uint64(off).finish()), bytes);
    }
  } else parts.push(options.contents ?? Buffer.alloc(0));
  return Buffer.concat(parts);
}

function u32(value: number): Buffer {
  const buf = Buffer.alloc(4);
  buf.writeUInt32LE(value >>> 0);
  return buf;
}

function framed(message: Uint8Array): Buffer {
  return Buffer.concat([u32(message.length), Buffer.from(message)]);
}
