import type { FileHandle } from 'node:fs/promises';

/** Positioned reads through one small read-ahead window, so that runs of small entries cost one read
 *  per window rather than one per header, while large entries are skipped without touching their data.
 *  Returned arrays are views into the window: valid until the next read. */
export class BlockReader {
  private window = new Uint8Array(0);
  private windowStart = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly windowSize = 64 * 1024,
  ) {}

  /** The bytes when they are already in the window (no await needed), else undefined. */
  peek(position: number, length: number): Uint8Array | undefined {
    const offset = position - this.windowStart;
    if (offset >= 0 && offset + length <= this.window.length) return this.window.subarray(offset, offset + length);
    return undefined;
  }

  /** Up to `length` bytes at `position` (fewer at the end of the file). */
  async read(position: number, length: number): Promise<Uint8Array> {
    const cached = this.peek(position, length);
    if (cached) return cached;
    if (length > this.windowSize) return this.readDirect(position, length);
    const buffer = new Uint8Array(this.windowSize);
    const { bytesRead } = await this.handle.read(buffer, 0, this.windowSize, position);
    this.window = buffer.subarray(0, bytesRead);
    this.windowStart = position;
    return this.window.subarray(0, Math.min(length, bytesRead));
  }

  /** A private copy of up to `length` bytes at `position`. */
  async readDirect(position: number, length: number): Promise<Uint8Array> {
    const buffer = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.handle.read(buffer, filled, length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  }
}
