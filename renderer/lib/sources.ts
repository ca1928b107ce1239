// HexSources backed by the API: an archive entry read through readEntry (at most 4 MiB a call).
import type { HexSource } from '../components/HexView';
import { call } from './api';

const MAX_READ = 4 * 1024 * 1024;

/** The bytes of one archive entry; `base` lets a sub-range (an image payload) be shown on its own. */
export function entrySource(archiveId: string, path: string, size: number, base = 0): HexSource {
  return {
    size,
    addressOf: (offset) => BigInt(base + offset),
    offsetOf: (address) => {
      const offset = address - BigInt(base);
      return offset >= 0n && offset < BigInt(size) ? Number(offset) : null;
    },
    async read(offset, length) {
      const chunks: Array<{ offset: number; length: number; bytes: Uint8Array }> = [];
      const end = Math.min(size, offset + length);
      for (let at = offset; at < end; at += MAX_READ) {
        const n = Math.min(MAX_READ, end - at);
        const got = await call('readEntry', archiveId, path, base + at, n);
        chunks.push({ offset: at, length: got.bytes.length, bytes: got.bytes });
        if (got.bytes.length < n) break;
      }
      return chunks;
    },
  };
}
