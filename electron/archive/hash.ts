import type { HashResult, InspectorErrorInfo } from '../../shared/model';
import { CancelledError, InspectorError } from '../errors';
import { startWorker } from '../jobs/workers';

export { hashEvidence, hashFile, hashFolder } from './hash-core';

type HashMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: HashResult }
  | { type: 'error'; error: InspectorErrorInfo };

/** SHA-256 and size of the evidence (file, or manifest hash of an image folder — see hash-core.ts),
 *  computed in the 'hash' worker thread. Cancelling terminates the worker. */
export function startHash(path: string, onProgress: (done: number, total: number) => void, signal?: AbortSignal): Promise<HashResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    const worker = startWorker('hash', { workerData: { path } });
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      action();
    };
    const onAbort = () => finish(() => reject(new CancelledError()));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: HashMessage) => {
      if (message.type === 'progress') onProgress(message.done, message.total);
      else if (message.type === 'done') finish(() => resolve(message.result));
      else finish(() => reject(new InspectorError(`hashing failed: ${message.error.message}`, { file: path })));
    });
    worker.on('error', (error) => finish(() => reject(new InspectorError(`hashing failed: ${error.message}`, { file: path }))));
    worker.on('exit', (code) => finish(() => reject(new InspectorError(`hashing stopped: worker exited with code ${code}`, { file: path }))));
  });
}

