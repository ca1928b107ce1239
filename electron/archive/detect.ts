import type { FileHandle } from 'node:fs/promises';
import type { ArchiveFormat } from '../../shared/model';
import { InspectorError } from '../errors';
import { BLOCK, checksumMatches, isZeroBlock, looksLikeTarHeader } from './tar-header';

export type StreamFormat = Exclude<ArchiveFormat, 'dir'>;

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** What the bytes say the evidence is (never its name). */
export function detectFromBytes(head: Uint8Array, file: string): StreamFormat {
  if (startsWith(head, GZIP_MAGIC)) return 'tar.gz';
  if (startsWith(head, ZSTD_MAGIC)) return 'tar.zst';
  // A header with a bad checksum, cut short, or an all-zero first block is still a tar to report on:
  // the indexer names the exact problem at offset 0.
  if (head.length >= 262 && new TextDecoder('latin1').decode(head.subarray(257, 262)) === 'ustar') return 'tar';
  if (head.length >= BLOCK) {
    const block = head.subarray(0, BLOCK);
    if (looksLikeTarHeader(block) || isZeroBlock(block)) return 'tar';
    if (checksumMatches(block)) return 'tar'; // pre-POSIX (v7) tar: no magic, valid checksum
  }
  if (head.length === 0) throw new InspectorError('the file is empty', { file, offset: 0 });
  const hex = Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new InspectorError(`not a tar, gzip or zstd archive, nor a CRIU image folder (first bytes: ${hex})`, { file, offset: 0 });
}

export async function detectFormat(handle: FileHandle, file: string): Promise<StreamFormat> {
  const head = new Uint8Array(BLOCK);
  const { bytesRead } = await handle.read(head, 0, BLOCK, 0);
  return detectFromBytes(head.subarray(0, bytesRead), file);
}
