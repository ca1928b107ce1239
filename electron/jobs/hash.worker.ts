// Worker 'hash': SHA-256 of the evidence (file, or manifest hash of an image folder), off the main
// thread. In: workerData { path }. Out: { type: 'progress', done, total } messages (at most every
// 16 MiB), then { type: 'done', result } or { type: 'error', error }.
import { parentPort, workerData } from 'node:worker_threads';
import { hashEvidence } from '../archive/hash-core';
import { toErrorInfo } from '../errors';

const PROGRESS_STEP = 16 * 1024 * 1024;
const { path } = workerData as { path: string };
let reported = 0;

hashEvidence(path, (done, total) => {
  if (done - reported >= PROGRESS_STEP || (done === total && done !== reported)) {
    reported = done;
    parentPort?.postMessage({ type: 'progress', done, total });
  }
}).then(
  (result) => parentPort?.postMessage({ type: 'done', result }),
  (error: unknown) => parentPort?.postMessage({ type: 'error', error: toErrorInfo(error) }),
);
