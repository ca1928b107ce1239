// Search / strings worker: reads chunk buffers from the pages bytes with positioned reads (on
// descriptors the main side opened read-only) and scans them. Only hits go back to the main thread.

import { readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { InspectorError, toErrorInfo } from '../errors';
import { type ChunkEngine, createEngine, searchLiterals } from './literal-search';
import { type ChunkWindow, type RawString, findAsciiStrings, findRegex, findUtf16Strings, sortHits } from './scan';
import { type ChunkTask, ENCODINGS, type FromWorker, type PackedHits, type ScanSpec, type ToWorker } from './worker-protocol';

type Compiled =
  | { kind: 'search'; spec: Extract<ScanSpec, { kind: 'search' }>; regex?: RegExp }
  | { kind: 'strings'; spec: Extract<ScanSpec, { kind: 'strings' }> };

const port = parentPort;
if (!port) throw new Error('search.worker must run in a worker thread');

let compiled: Compiled | undefined;
const engine: ChunkEngine = createEngine();
let chunk: Buffer = Buffer.alloc(0);

port.on('message', (message: ToWorker) => {
  if (message.type === 'spec') compiled = compile(message.spec);
  else if (message.type === 'task') run(message.task);
  else close();
});

function compile(spec: ScanSpec): Compiled {
  if (spec.kind === 'strings') return { kind: 'strings', spec };
  engine.setNeedles(spec.literals);
  return { kind: 'search', spec, regex: spec.regex ? new RegExp(spec.regex.source, spec.regex.flags) : undefined };
}

function run(task: ChunkTask): void {
  let reply: FromWorker;
  try {
    if (!compiled) throw new Error('search worker got a task before its spec');
    const window: ChunkWindow = { ownStart: task.ownStart, ownEnd: task.ownEnd, scanEnd: task.scanEnd, length: task.length };
    const scanned = task.ownEnd - task.ownStart;
    if (compiled.kind === 'search') {
      reply = { type: 'hits', seq: task.seq, hits: search(compiled, task, window), scanned };
    } else {
      chunk = engine.prepare(task.length, false).chunk;
      reader(task, chunk)(task.length);
      reply = { type: 'strings', seq: task.seq, strings: strings(compiled.spec, window), scanned };
    }
  } catch (error) {
    reply = { type: 'error', seq: task.seq, error: toErrorInfo(error) };
  }
  if (reply.type === 'hits') {
    const { offsets, lengths, encodings, contextStarts, contextBefore, contexts } = reply.hits;
    port!.postMessage(reply, [offsets, lengths, encodings, contextStarts, contextBefore, contexts].map((a) => a.buffer as ArrayBuffer));
  } else port!.postMessage(reply);
}

/** Reads the task's pieces into `target` lazily: fill(upTo) makes [0, upTo) valid. */
function reader(task: ChunkTask, target: Buffer): (upTo: number) => void {
  let piece = 0;
  let done = 0;
  return (upTo: number) => {
    while (piece < task.pieces.length) {
      const p = task.pieces[piece];
      const at = p.at + done;
      if (at >= upTo) return;
      const n = readSync(task.fd, target, at, Math.min(p.length - done, upTo - at), p.position + done);
      if (n === 0) {
        throw new InspectorError(`unexpected end of file: ${p.length - done} bytes missing`, { file: task.file, offset: p.position + done });
      }
      done += n;
      if (done === p.length) {
        piece += 1;
        done = 0;
      }
    }
  };
}

function search(c: Extract<Compiled, { kind: 'search' }>, task: ChunkTask, window: ChunkWindow): PackedHits {
  const buffers = engine.prepare(task.length, c.spec.needsFold);
  const view = buffers.chunk;
  const fill = reader(task, view);
  const raw = searchLiterals(engine, buffers, c.spec.literals, window, fill, c.spec.maxHits);
  fill(task.length);
  if (c.regex && raw.length < c.spec.maxHits) findRegex(view, window, c.regex, c.spec.maxMatch, c.spec.maxHits - raw.length, raw);
  const hits = sortHits(raw).slice(0, c.spec.maxHits);
  const context = c.spec.contextBytes;
  const count = hits.length;
  const packed: PackedHits = {
    count,
    offsets: new Uint32Array(count),
    lengths: new Uint32Array(count),
    encodings: new Uint8Array(count),
    contextStarts: new Uint32Array(count + 1),
    contextBefore: new Uint32Array(count),
    contexts: new Uint8Array(0),
  };
  let total = 0;
  hits.forEach((hit, i) => {
    const from = Math.max(0, hit.offset - context);
    const to = Math.min(task.length, hit.offset + hit.length + context);
    packed.offsets[i] = hit.offset;
    packed.lengths[i] = hit.length;
    packed.encodings[i] = ENCODINGS.indexOf(hit.encoding);
    packed.contextStarts[i] = total;
    packed.contextBefore[i] = hit.offset - from;
    total += to - from;
  });
  packed.contextStarts[count] = total;
  packed.contexts = new Uint8Array(total);
  hits.forEach((hit, i) => {
    const from = hit.offset - packed.contextBefore[i];
    const to = from + (packed.contextStarts[i + 1] - packed.contextStarts[i]);
    packed.contexts.set(view.subarray(from, to), packed.contextStarts[i]);
  });
  return packed;
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
