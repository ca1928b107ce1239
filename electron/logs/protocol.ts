// Messages between openLog (main process) and the logindex worker.
import type { InspectorErrorInfo, LogKind, LogLine, LogQuery } from '../../shared/model';
import type { FilterResult, LogCounts } from './log-engine';

/** Where the log's bytes are: `size` bytes at `offset` of `file` (the evidence or its decompressed copy). */
export interface LogSourceSpec {
  kind: LogKind;
  entryPath: string;
  file: string;
  offset: number;
  size: number;
}

export type WorkerRequest =
  | { op: 'cancel' }
  | { op: 'read'; id: number; start: number; count: number }
  | { op: 'filter'; id: number; query: LogQuery; max?: number };

export type WorkerMessage =
  | { type: 'progress'; counts: LogCounts }
  | { type: 'indexed'; counts: LogCounts }
  | { type: 'index-failed'; counts: LogCounts; error: InspectorErrorInfo; cancelled: boolean }
  | { type: 'reply'; id: number; lines?: LogLine[]; filter?: FilterResult; error?: InspectorErrorInfo };
