// A bounded LRU cache of fixed-size pages read from a HexSource, so scrolling a huge logical byte
// space only ever holds a few MiB. Each page keeps the bytes and a "present" mask: bytes the source
// reports as not in the dump (chunk.bytes === null) are remembered as absent, never as zeros.
import type { HexSource } from './HexView';

export const PAGE_SIZE = 64 * 1024;
const MAX_PAGES = 64; // 4 MiB

interface LoadedPage {
  state: 'loaded';
  data: Uint8Array;
  present: Uint8Array;
}
interface PendingPage {
  state: 'pending';
}
interface FailedPage {
  state: 'failed';
  error: unknown;
}
type Page = LoadedPage | PendingPage | FailedPage;

/** One byte: its value, null when not in the dump, undefined while loading, 'error' when unreadable. */
export type ByteValue = number | null | undefined | 'error';

export class HexPageCache {
  private pages = new Map<number, Page>();
  private disposed = false;

  constructor(
    private readonly source: HexSource,
    private readonly onChange: () => void,
  ) {}

  dispose(): void {
    this.disposed = true;
    this.pages.clear();
  }

  /** Makes sure the pages covering [offset, offset+length) are loaded or loading. */
  ensure(offset: number, length: number): void {
    if (length <= 0 || this.source.size === 0) return;
    const first = Math.floor(offset / PAGE_SIZE);
    const last = Math.floor((Math.min(offset + length, this.source.size) - 1) / PAGE_SIZE);
    for (let page = first; page <= last; page++) this.load(page);
  }

  byte(offset: number): ByteValue {
    if (offset < 0 || offset >= this.source.size) return undefined;
    const index = Math.floor(offset / PAGE_SIZE);
    const page = this.pages.get(index);
    if (!page || page.state === 'pending') return undefined;
    if (page.state === 'failed') return 'error';
    const at = offset - index * PAGE_SIZE;
    return page.present[at] ? page.data[at] : null;
  }

  /** The first error of a page covering the range, if any. */
  errorIn(offset: number, length: number): unknown {
    const first = Math.floor(offset / PAGE_SIZE);
    const last = Math.floor((offset + Math.max(1, length) - 1) / PAGE_SIZE);
    for (let i = first; i <= last; i++) {
      const page = this.pages.get(i);
      if (page?.state === 'failed') return page.error;
    }
    return undefined;
  }

  /** Forgets failed pages so they are tried again. */
  retryFailed(): void {
    for (const [index, page] of this.pages) if (page.state === 'failed') this.pages.delete(index);
    this.onChange();
  }

  private load(index: number): void {
    const existing = this.pages.get(index);
    if (existing) {
      // Touch for LRU order.
      this.pages.delete(index);
      this.pages.set(index, existing);
      return;
    }
    this.pages.set(index, { state: 'pending' });
    this.evict();
    const start = index * PAGE_SIZE;
    const length = Math.min(PAGE_SIZE, this.source.size - start);
    this.source.read(start, length).then(
      (chunks) => {
        if (this.disposed || !this.pages.has(index)) return;
        const data = new Uint8Array(length);
        const present = new Uint8Array(length);
        for (const chunk of chunks) {
          const from = Math.max(chunk.offset, start);
          const to = Math.min(chunk.offset + chunk.length, start + length);
          if (to <= from || !chunk.bytes) continue;
          data.set(chunk.bytes.subarray(from - chunk.offset, to - chunk.offset), from - start);
          present.fill(1, from - start, to - start);
        }
        this.pages.set(index, { state: 'loaded', data, present });
        this.onChange();
      },
      (error: unknown) => {
        if (this.disposed || !this.pages.has(index)) return;
        this.pages.set(index, { state: 'failed', error });
        this.onChange();
      },
    );
  }

  private evict(): void {
    while (this.pages.size > MAX_PAGES) {
      const oldest = this.pages.keys().next().value as number;
      this.pages.delete(oldest);
    }
  }
}

/** Reads a range straight from the source (for copy/inspect), absent bytes as null entries. */
export async function readRange(source: HexSource, offset: number, length: number): Promise<Array<number | null>> {
  const out: Array<number | null> = new Array(length).fill(null);
  for (let at = offset; at < offset + length; at += PAGE_SIZE) {
    const n = Math.min(PAGE_SIZE, offset + length - at);
    for (const chunk of await source.read(at, n)) {
      if (!chunk.bytes) continue;
      const from = Math.max(chunk.offset, at);
      const to = Math.min(chunk.offset + chunk.length, at + n);
      for (let i = from; i < to; i++) out[i - offset] = chunk.bytes[i - chunk.offset];
    }
  }
  return out;
}
