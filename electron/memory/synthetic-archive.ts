// Test and benchmark helper: writes a copy of a real checkpoint archive in which some processes get
// a new pagemap (runs in any file order), new pages bytes and extra VMAs. Everything else is copied
// unchanged. Streams, so a multi-GiB archive never sits in memory. Not used by the app.

import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import * as tar from 'tar-stream';
import { PE_PRESENT } from './runs';

const IMG_COMMON = 0x54564319;
const PAGEMAP_MAGIC = 0x56084025;

export type WriteBytes = (chunk: Uint8Array) => Promise<void>;

export interface SyntheticRun {
  vaddr: bigint;
  pages: number;
  flags: number;
  /** PE_PRESENT runs: their pages * pageSize bytes, given whole or written in pieces. */
  data?: Uint8Array | ((write: WriteBytes) => Promise<void>);
}

export interface SyntheticVma {
  start: bigint;
  end: bigint;
  prot: number;
  flags: number;
  status: number;
  pgoff?: bigint;
  shmid?: bigint;
}

export interface ProcessRewrite {
  pid: number;
  /** pages-<pagesId>.img is replaced by the bytes of the PE_PRESENT runs, in run order. */
  pagesId: number;
  /** The new pagemap, in file order (need not be sorted). */
  runs: SyntheticRun[];
  /** VMAs appended to mm-<pid>.img. */
  extraVmas?: SyntheticVma[];
  /** Cut the pages image to this many bytes (a damaged or truncated dump). */
  truncatePagesTo?: number;
  /** Write the page count in compat_nr_pages (field 2, CRIU < 4.2) instead of nr_pages (field 5). */
  compatCounts?: boolean;
  pageSize?: number;
}

/** pagemap image bytes: head magics, then size-prefixed pagemap_head and pagemap_entry messages. */
export function encodePagemap(pagesId: number, runs: readonly SyntheticRun[], compatCounts = false): Uint8Array {
  const messages: Uint8Array[] = [new BinaryWriter().tag(1, WireType.Varint).uint32(pagesId).finish()];
  for (const run of runs) {
    const w = new BinaryWriter().tag(1, WireType.Varint).uint64(run.vaddr);
    w.tag(2, WireType.Varint).uint32(compatCounts ? run.pages : 0);
    w.tag(4, WireType.Varint).uint32(run.flags);
    if (!compatCounts) w.tag(5, WireType.Varint).uint64(run.pages);
    messages.push(w.finish());
  }
  const header = new Uint8Array(8);
  const view = new DataView(header.buffer);
  view.setUint32(0, IMG_COMMON, true);
  view.setUint32(4, PAGEMAP_MAGIC, true);
  return concat([header, ...messages.flatMap((m) => [u32(m.length), m])]);
}

/** mm image with VMAs appended: protobuf merges a repeated field written again after the rest. */
export function appendVmas(mmImage: Uint8Array, vmas: readonly SyntheticVma[]): Uint8Array {
  if (vmas.length === 0) return mmImage;
  const view = new DataView(mmImage.buffer, mmImage.byteOffset, mmImage.byteLength);
  const size = view.getUint32(8, true);
  const payload = mmImage.subarray(12, 12 + size);
  const extra = new BinaryWriter();
  for (const vma of vmas) {
    extra.tag(14, WireType.LengthDelimited).fork();
    extra.tag(1, WireType.Varint).uint64(vma.start);
    extra.tag(2, WireType.Varint).uint64(vma.end);
    extra.tag(3, WireType.Varint).uint64(vma.pgoff ?? 0n);
    extra.tag(4, WireType.Varint).uint64(vma.shmid ?? 0n);
    extra.tag(5, WireType.Varint).uint32(vma.prot);
    extra.tag(6, WireType.Varint).uint32(vma.flags);
    extra.tag(7, WireType.Varint).uint32(vma.status);
    extra.tag(8, WireType.Varint).sint64(-1);
    extra.join();
  }
  const added = extra.finish();
  return concat([mmImage.subarray(0, 8), u32(size + added.length), payload, added, mmImage.subarray(12 + size)]);
}

export async function writeSyntheticArchive(source: string, out: string, rewrites: readonly ProcessRewrite[]): Promise<void> {
  const byName = new Map<string, { rewrite: ProcessRewrite; kind: 'pagemap' | 'pages' | 'mm' }>();
  for (const rewrite of rewrites) {
    byName.set(`pagemap-${rewrite.pid}.img`, { rewrite, kind: 'pagemap' });
    byName.set(`pages-${rewrite.pagesId}.img`, { rewrite, kind: 'pages' });
    byName.set(`mm-${rewrite.pid}.img`, { rewrite, kind: 'mm' });
  }
  const extract = tar.extract();
  const pack = tar.pack();
  const output = createWriteStream(out);
  const written = once(output, 'close');
  pack.pipe(output);
  const input = createReadStream(source);
  input.on('error', (error) => extract.destroy(error));
  input.pipe(extract);
  for await (const entry of extract) {
    const header = entry.header;
    const match = /(?:^|\/)checkpoint\/([^/]+)$/.exec(header.name);
    const replace = header.type === 'file' && match ? byName.get(match[1]) : undefined;
    if (!replace) {
      await writeEntry(pack, header, header.size, async (write) => {
        for await (const chunk of entry) await write(chunk as Uint8Array);
      });
      continue;
    }
    const original: Buffer[] = [];
    for await (const chunk of entry) if (replace.kind === 'mm') original.push(chunk as Buffer);
    const { rewrite } = replace;
    if (replace.kind === 'pagemap') {
      const bytes = encodePagemap(rewrite.pagesId, rewrite.runs, rewrite.compatCounts);
      await writeEntry(pack, header, bytes.length, (write) => write(bytes));
    } else if (replace.kind === 'mm') {
      const bytes = appendVmas(Buffer.concat(original), rewrite.extraVmas ?? []);
      await writeEntry(pack, header, bytes.length, (write) => write(bytes));
    } else {
      const pageSize = rewrite.pageSize ?? 4096;
      const present = rewrite.runs.filter((r) => r.flags & PE_PRESENT);
      const full = present.reduce((sum, r) => sum + r.pages * pageSize, 0);
      const size = Math.min(full, rewrite.truncatePagesTo ?? full);
      await writeEntry(pack, header, size, (write) => {
        let room = size;
        const cut: WriteBytes = async (chunk) => {
          const part = chunk.subarray(0, Math.max(0, Math.min(chunk.length, room)));
          room -= part.length;
          if (part.length > 0) await write(part);
        };
        return writeRuns(present, pageSize, size < full ? cut : write);
      });
    }
  }
  pack.finalize();
  await written;
}

/** One tar entry of `size` bytes whose content `fill` writes (with backpressure). */
async function writeEntry(pack: tar.Pack, header: tar.Header, size: number, fill: (write: WriteBytes) => Promise<void>): Promise<void> {
  let sink!: ReturnType<tar.Pack['entry']>;
  const done = new Promise<void>((resolve, reject) => {
    sink = pack.entry({ ...header, size }, (error) => (error ? reject(error) : resolve()));
  });
  await fill(async (chunk) => {
    if (!sink.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))) await once(sink, 'drain');
  });
  sink.end(undefined);
  await done;
}

async function writeRuns(runs: readonly SyntheticRun[], pageSize: number, write: WriteBytes): Promise<void> {
  for (const run of runs) {
    const expected = run.pages * pageSize;
    let count = 0;
    const counting: WriteBytes = (chunk) => {
      count += chunk.length;
      return write(chunk);
    };
    if (run.data instanceof Uint8Array) await counting(run.data);
    else if (run.data) await run.data(counting);
    if (count !== expected) throw new Error(`run at 0x${run.vaddr.toString(16)}: ${count} bytes given, ${expected} needed`);
  }
}

function u32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
}
