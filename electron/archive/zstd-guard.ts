import { LimitError } from '../errors';

const ZSTD_MAGIC = 0xfd2fb528;
const SKIPPABLE_MAGIC = 0x184d2a50; // low 4 bits vary

type State = 'magic' | 'skippable-size' | 'descriptor' | 'frame-header' | 'block' | 'done';

/** Walks the frames of a zstd stream alongside the decoder and refuses, before the decoder sees it,
 *  a frame whose window (the buffer the decoder allocates) is above the limit: a 1 KB hostile frame
 *  header must not make us allocate gigabytes. Only headers are read; block bodies are skipped. What
 *  is not a well-formed frame is left to the decoder to report. */
export class ZstdFrameGuard {
  private state: State = 'magic';
  private need = 4;
  private header: number[] = [];
  private skip = 0;
  private offset = 0;
  private frameStart = 0;
  private single = false;
  private checksum = false;
  private dictBytes = 0;
  private sizeBytes = 0;

  constructor(
    private readonly maxWindowBytes: number,
    private readonly file: string,
  ) {}

  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && this.state !== 'done') {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        this.offset += n;
        continue;
      }
      this.header.push(chunk[i++]);
      this.offset++;
      if (this.header.length === this.need) {
        const bytes = this.header;
        this.header = [];
        this.step(bytes);
      }
    }
  }

  private step(h: number[]): void {
    switch (this.state) {
      case 'magic': {
        const magic = littleEndian(h);
        this.frameStart = this.offset - 4;
        if (magic === ZSTD_MAGIC) this.expect('descriptor', 1);
        else if ((magic & 0xfffffff0) >>> 0 === SKIPPABLE_MAGIC) this.expect('skippable-size', 4);
        else this.state = 'done';
        return;
      }
      case 'skippable-size':
        this.skip = littleEndian(h);
        this.expect('magic', 4);
        return;
      case 'descriptor': {
        const fhd = h[0];
        this.single = ((fhd >> 5) & 1) === 1;
        this.checksum = ((fhd >> 2) & 1) === 1;
        this.dictBytes = [0, 1, 2, 4][fhd & 3];
        this.sizeBytes = [this.single ? 1 : 0, 2, 4, 8][fhd >> 6];
        this.expect('frame-header', (this.single ? 0 : 1) + this.dictBytes + this.sizeBytes);
        return;
      }
      case 'frame-header':
        this.checkWindow(h);
        this.expect('block', 3);
        return;
      case 'block': {
        const value = h[0] | (h[1] << 8) | (h[2] << 16);
        const last = (value & 1) === 1;
        const type = (value >> 1) & 3;
        this.skip = type === 1 ? 1 : value >>> 3; // RLE blocks hold one byte
        if (last) {
          this.skip += this.checksum ? 4 : 0;
          this.expect('magic', 4);
        } else this.expect('block', 3);
        return;
      }
      case 'done':
        return;
    }
  }

  private checkWindow(h: number[]): void {
    let window = 0;
    let at = 0;
    if (!this.single) {
      const descriptor = h[at++];
      const base = 2 ** (10 + (descriptor >> 3));
      window = base + (base / 8) * (descriptor & 7);
    }
    at += this.dictBytes;
    if (this.single) {
      // A single-segment frame's window is its whole content.
      window = littleEndian(h.slice(at, at + this.sizeBytes)) + (this.sizeBytes === 2 ? 256 : 0);
    }
    if (window > this.maxWindowBytes) {
      throw new LimitError(
        `zstd frame at compressed offset ${this.frameStart} needs a ${window}-byte window, above the limit of ${this.maxWindowBytes} bytes (a hostile header, or a stream made with zstd --long; recompress it without)`,
        { file: this.file, offset: this.frameStart },
      );
    }
  }

  private expect(state: State, bytes: number): void {
    this.state = state;
    this.need = bytes;
  }
}

function littleEndian(bytes: number[]): number {
  let value = 0;
  for (let i = bytes.length - 1; i >= 0; i--) value = value * 256 + bytes[i];
  return value;
}
