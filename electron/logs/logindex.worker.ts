// Worker thread holding one log's line index: indexes it from positioned reads of the backing file,
// then answers line reads and filters. The main thread never sees more than the lines it asked for.
import { open, type FileHandle } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { CancelledError, InspectorError, toErrorInfo } from '../errors';
import { emptyCounts, LogEngine, type LogByteSource } from './log-engine';
import type { LogSourceSpec, WorkerMessage, WorkerRequest } from './protocol';

const PROGRESS_INTERVAL_MS = 100;

function fileSource(handle: FileHandle, spec: LogSourceSpec): LogByteSource {
  return {
    size: spec.size,
    async read(offset, length, target) {
      const want = Math.max(0, Math.min(length, spec.size - offset, target ? target.length : Infinity));
      const buf = target ? target.subarray(0, want) : Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await handle.read(buf, got, want - got, spec.offset + offset + got);
        if (bytesRead === 0) {
          throw new InspectorError(`backing file ended at ${spec.offset + offset + got}, the log claims ${spec.size} bytes`, {
            file: spec.entryPath,
            offset: offset + got,
          });
        }
        got += bytesRead;
      }
      return buf;
    },
  };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('logindex.worker must run as a worker thread');
  const spec = workerData as LogSourceSpec;
  const post = (message: WorkerMessage): void => port.postMessage(message);
  let cancelled = false;
  // The handle stays open for reads until the main thread terminates the worker.
  const ready = open(spec.file, 'r').then((handle) => new LogEngine(spec.kind, fileSource(handle, spec), spec.entryPath));

  port.on('message', (request: WorkerRequest) => {
    if (request.op === 'cancel') {
      cancelled = true;
      return;
    }
    const reply = async (): Promise<WorkerMessage> => {
      const engine = await ready;
      if (request.op === 'read') return { type: 'reply', id: request.id, lines: await engine.readLines(request.start, request.count) };
      return { type: 'reply', id: request.id, filter: await engine.filter(request.query, request.max) };
    };
    reply().then(post, (error: unknown) => post({ type: 'reply', id: request.id, error: toErrorInfo(error) }));
  });

  let engine: LogEngine;
  try {
    engine = await ready;
  } catch (error) {
    post({ type: 'index-failed', counts: emptyCounts(spec.size), error: toErrorInfo(error), cancelled: false });
    return;
  }
  let lastProgress = 0;
  try {
    const counts = await engine.index(
      () => cancelled,
      (counts) => {
        const now = Date.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = now;
        post({ type: 'progress', counts });
      },
    );
    post({ type: 'indexed', counts });
  } catch (error) {
    post({ type: 'index-failed', counts: engine.snapshot(), error: toErrorInfo(error), cancelled: error instanceof CancelledError });
  }
}

void main();
