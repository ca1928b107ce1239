import { open, type FileHandle } from 'node:fs/promises';

interface PooledHandle {
  handle: FileHandle;
  users: number;
  /** Adopted handles (the evidence, the decompressed copy) stay open until closeAll. */
  pinned: boolean;
}

/** Read-only file handles shared by an archive's reads: the evidence stays open; files of an image
 *  folder are opened on demand and at most `maxOpen` idle ones are kept (least recently used first out). */
export class HandlePool {
  private readonly handles = new Map<string, PooledHandle>();
  private readonly opening = new Map<string, Promise<PooledHandle>>();

  constructor(private readonly maxOpen = 32) {}

  adopt(file: string, handle: FileHandle): void {
    this.handles.set(file, { handle, users: 0, pinned: true });
  }

  async with<T>(file: string, use: (handle: FileHandle) => Promise<T>): Promise<T> {
    const pooled = await this.acquire(file);
    pooled.users++;
    try {
      return await use(pooled.handle);
    } finally {
      pooled.users--;
      await this.trim();
    }
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.opening.values()]);
    const all = [...this.handles.values()];
    this.handles.clear();
    await Promise.allSettled(all.map((p) => p.handle.close()));
  }

  private async acquire(file: string): Promise<PooledHandle> {
    const existing = this.handles.get(file);
    if (existing) {
      // Re-insert: Map order is the recency order.
      this.handles.delete(file);
      this.handles.set(file, existing);
      return existing;
    }
    let pending = this.opening.get(file);
    if (!pending) {
      pending = open(file, 'r').then((handle) => {
        const pooled: PooledHandle = { handle, users: 0, pinned: false };
        this.handles.set(file, pooled);
        return pooled;
      });
      this.opening.set(file, pending);
      pending.finally(() => this.opening.delete(file)).catch(() => undefined);
    }
    return pending;
  }

  private async trim(): Promise<void> {
    let excess = this.handles.size - this.maxOpen;
    for (const [file, pooled] of this.handles) {
      if (excess <= 0) break;
      if (pooled.pinned || pooled.users > 0) continue;
      this.handles.delete(file);
      excess--;
      await pooled.handle.close().catch(() => undefined);
    }
  }
}
