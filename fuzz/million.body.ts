// Worker body of million.test.ts: opens the archive of a million empty entries, lists it as the
// window would (entries without backing, images), and reports counts, warnings, time and heap.
import { parentPort, workerData } from 'node:worker_threads';
import { openArchive } from '../electron/archive';
import { ImageStore } from '../electron/criu';

const { path, tempDir } = workerData as { path: string; tempDir: string };
const started = performance.now();
const archive = await openArchive(path, { tempDir });
const openMs = performance.now() - started;
const listed = archive.entries.map(({ backing: _backing, ...entry }) => entry);
const images = new ImageStore(archive).list();
const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
parentPort!.postMessage({
  entries: archive.entries.length,
  listed: listed.length,
  images: images.length,
  last: archive.entries[archive.entries.length - 1]?.path,
  warnings: archive.warnings.map((w) => w.message),
  openMs,
  heapMb,
});
await archive.close();
