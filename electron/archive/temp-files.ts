import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Private temporary folders (decompressed copies of the evidence). Removed on close, and at the
// latest when the process exits, even if an owner forgot to close.
const live = new Set<string>();
let exitHookInstalled = false;

function removeAllSync(): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Exiting: nothing more can be done; the folder is in the OS temp area.
    }
  }
  live.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', removeAllSync);
}

/** Creates a private (0700) temporary folder under `parent` (default os.tmpdir()). */
export async function makeTempDir(parent?: string): Promise<string> {
  installExitHook();
  const dir = await mkdtemp(join(parent ?? tmpdir(), 'checkpoint-inspector-'));
  live.add(dir);
  return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  live.delete(dir);
}

/** Folders not yet removed (for tests). */
export function liveTempDirs(): readonly string[] {
  return [...live];
}
