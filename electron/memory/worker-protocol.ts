// Messages between the main side (worker-pool.ts) and search.worker.ts. Only plans go in and only
// hits come out: the worker reads the pages bytes itself.

import type { InspectorErrorInfo, SearchEncoding } from '../../shared/model';
import type { LiteralNeedle } from './patterns';

/** Part of a chunk: `length` bytes for buffer offset `at`, read at absolute `position` of the file. */
export interface ReadPiece {
  at: number;
  length: number;
  position: number;
}

export interface ChunkTask {
  /** Sequence number; results are put back in this order. */
  seq: number;
  /** A read-only descriptor opened by the main side (descriptors are per process, so the worker can
   *  read it and may be terminated at any time without leaking one). */
  fd: number;
  /** The file's path, for error messages. */
  file: string;
  /** Bytes of the chunk buffer. */
  length: number;
  pieces: ReadPiece[];
  ownStart: number;
  ownEnd: number;
  scanEnd: number;
}

export type ScanSpec =
  | {
      kind: 'search';
      literals: LiteralNeedle[];
      regex?: { source: string; flags: string };
      maxMatch: number;
      needsFold: boolean;
      contextBytes: number;
      /** Hits one task returns at most (the job's hit limit). */
      maxHits: number;
    }
  | {
      kind: 'strings';
      minLength: number;
      encodings: Array<'ascii' | 'utf16le'>;
      /** Lower-cased substring a string must contain. */
      filter?: string;
      maxText: number;
      maxResults: number;
    };

export type ToWorker = { type: 'spec'; spec: ScanSpec } | { type: 'task'; task: ChunkTask } | { type: 'close' };

/** Hits of one task as a few typed arrays (transferred, not copied): a flood of 100 000 hits is
 *  a handful of buffers instead of 100 000 cloned objects. Hit i: `offsets[i]` inside the chunk
 *  buffer, `lengths[i]` bytes, encoding ENCODINGS[encodings[i]], context bytes
 *  contexts[contextStarts[i] .. contextStarts[i + 1]) of which the first contextBefore[i] precede it. */
export interface PackedHits {
  count: number;
  offsets: Uint32Array;
  lengths: Uint32Array;
  encodings: Uint8Array;
  contextStarts: Uint32Array;
  contextBefore: Uint32Array;
  contexts: Uint8Array;
}

export const ENCODINGS: readonly SearchEncoding[] = ['ascii', 'utf16le', 'hex', 'regex'];

export interface WorkerString {
  offset: number;
  length: number;
  encoding: 'ascii' | 'utf16le';
  text: string;
}

export type FromWorker =
  | { type: 'hits'; seq: number; hits: PackedHits; scanned: number }
  | { type: 'strings'; seq: number; strings: WorkerString[]; scanned: number }
  | { type: 'error'; seq: number; error: InspectorErrorInfo };
