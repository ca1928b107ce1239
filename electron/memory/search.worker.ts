// Search / strings worker: reads chunk buffers from the pages bytes with positioned reads (on
// descriptors the main side opened read-only) and scans them. Only hits go back to the main thread.

import { readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { InspectorError, toErrorInfo } from '../errors';
import {
  type ChunkWindow,
  type RawHit,
  type RawString,
  findAsciiStrings,
  findLiterals,
  findRegex,
  findUtf16Strings,
  foldInto,
  sortHits,
} from './scan';
import type { ChunkTask, FromWorker, ScanSpec, ToWorker, WorkerHit } from './worker-protocol';

type Compiled =
  | {
      kind: 'search';
      spec: Extract<ScanSpec, { kind: 'search' }>;
      needles: Array<Extract<ScanSpec, { kind: 'search' }>['literals'][number] & { buffer: Buffer }>;
      regex?: RegExp;
    }
  | { kind: 'strings'; spec: Extract<ScanSpec, { kind: 'strings' }> };

const port = parentPort;
if (!port) throw new Error('search.worker must run in a worker thread');

let compiled: Compiled | undefined;
let chunk = Buffer.allocUnsafeSlow(0);
let folded = Buffer.allocUnsafeSlow(0);

port.on('message', (message: ToWorker) => {
  if (message.type === 'spec') compiled = compile(message.spec);
  else if (message.type === 'task') run(message.task);
  else close();
});

function compile(spec: ScanSpec): Compiled {
  if (spec.kind === 'strings') return { kind: 'strings', spec };
  return {
    kind: 'search',
    spec,
    needles: spec.literals.map((n) => ({ ...n, buffer: Buffer.from(n.bytes) })),
    regex: spec.regex ? new RegExp(spec.regex.source, spec.regex.flags) : undefined,
  };
}

function run(task: ChunkTask): void {
  let reply: FromWorker;
  try {
    if (!compiled) throw new Error('search worker got a task before its spec');
    load(task);
    const window: ChunkWindow = { ownStart: task.ownStart, ownEnd: task.ownEnd, scanEnd: task.scanEnd, length: task.length };
    const scanned = task.ownEnd - task.ownStart;
    reply =
      compiled.kind === 'search'
        ? { type: 'hits', seq: task.seq, hits: search(compiled, task, window), scanned }
        : { type: 'strings', seq: task.seq, strings: strings(compiled.spec, window), scanned };
  } catch (error) {
    reply = { type: 'error', seq: task.seq, error: toErrorInfo(error) };
  }
  port!.postMessage(reply);
}

function load(task: ChunkTask): void {
  if (chunk.length < task.length) {
    chunk = Buffer.allocUnsafeSlow(task.length);
    if (compiled?.kind === 'search' && compiled.spec.needsFold) folded = Buffer.allocUnsafeSlow(task.length);
  }
  const fd = task.fd;
  for (const piece of task.pieces) {
    let done = 0;
    while (done < piece.length) {
      const n = readSync(fd, chunk, piece.at + done, piece.length - done, piece.position + done);
      if (n === 0) {
        throw new InspectorError(`unexpected end of file: ${piece.length - done} bytes missing`, {
          file: task.file,
          offset: piece.position + done,
        });
      }
      done += n;
    }
  }
}

function search(c: Extract<Compiled, { kind: 'search' }>, task: ChunkTask, window: ChunkWindow): WorkerHit[] {
  const view = chunk.subarray(0, task.length);
  let foldedView: Buffer | undefined;
  if (c.spec.needsFold) {
    if (folded.length < task.length) folded = Buffer.allocUnsafeSlow(chunk.length);
    foldedView = folded.subarray(0, task.length);
    foldInto(view, foldedView, task.length);
  }
  const raw: RawHit[] = [];
  findLiterals(view, foldedView, window, c.needles, c.spec.maxHits, raw);
  if (c.regex && raw.length < c.spec.maxHits) findRegex(view, window, c.regex, c.spec.maxMatch, c.spec.maxHits - raw.length, raw);
  const hits = sortHits(raw).slice(0, c.spec.maxHits);
  const context = c.spec.contextBytes;
  return hits.map((hit) => {
    const from = Math.max(0, hit.offset - context);
    const to = Math.min(task.length, hit.offset + hit.length + context);
    return {
      offset: hit.offset,
      length: hit.length,
      encoding: hit.encoding,
      context: new Uint8Array(view.subarray(from, to)),
      contextBefore: hit.offset - from,
    };
  });
}

function strings(spec: Extract<ScanSpec, { kind: 'strings' }>, window: ChunkWindow): RawString[] {
  const view = chunk.subarray(0, window.length);
  const filter = spec.filter;
  const accept = filter ? (text: string) => text.toLowerCase().includes(filter) : () => true;
  const out: RawString[] = [];
  if (spec.encodings.includes('ascii')) findAsciiStrings(view, window, spec.minLength, spec.maxText, accept, out, spec.maxResults);
  if (spec.encodings.includes('utf16le') && out.length < spec.maxResults) {
    findUtf16Strings(view, window, spec.minLength, spec.maxText, accept, out, spec.maxResults);
  }
  return out.sort((a, b) => a.offset - b.offset || (a.encoding === b.encoding ? 0 : a.encoding === 'ascii' ? -1 : 1)).slice(0, spec.maxResults);
}

function close(): void {
  port!.close();
}
