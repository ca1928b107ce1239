// Worker body of zero-entries.test.ts: decodes a framed image whose body is all zeros.
import { parentPort, workerData } from 'node:worker_threads';
import { CRIU_MAGICS, IMG_COMMON_MAGIC, decodeImage } from '../../electron/criu';

const bytes = new Uint8Array(8 + (workerData as number));
const view = new DataView(bytes.buffer);
view.setUint32(0, IMG_COMMON_MAGIC, true);
view.setUint32(4, CRIU_MAGICS.PAGEMAP!, true);
const started = performance.now();
const image = decodeImage('checkpoint/pagemap-1.img', bytes);
parentPort!.postMessage({
  entries: image.entries.length,
  warnings: image.warnings.map((w) => w.message),
  ms: performance.now() - started,
  heapMb: process.memoryUsage().heapUsed / 1024 / 1024,
});
