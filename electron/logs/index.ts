import type { LogSummary } from '../../shared/model';

export { findLog, listCriuLogs, openLog, type LogHandle, type OpenLogOptions } from './log-handle';
export { LogEngine, MAX_FILTER_RESULTS, MAX_READ_LINES, type LogByteSource, type LogCounts, type FilterResult } from './log-engine';
export { parseCriPrefix, rfc3339ToMs } from './cri-record';
export { parseCriuPrefix, criuStampSeconds } from './criu-line';

export interface LogsJson {
  container: {
    entry: string;
    records: number;
    lines: number;
    stdout: number;
    stderr: number;
    partial_records: number;
    first: string | null;
    last: string | null;
    complete: boolean;
  } | null;
  criu: { entry: string; lines: number; errors: number; warnings: number; first: string | null; last: string | null; complete: boolean } | null;
}

/** The logs part of `inspect --json` (pass the summaries after `whenIndexed()`). */
export function logsJson(container: LogSummary | null | undefined, criu: LogSummary | null | undefined): LogsJson {
  return {
    container: container
      ? {
          entry: container.entryPath,
          records: container.records,
          lines: container.lines,
          stdout: container.stdout,
          stderr: container.stderr,
          partial_records: container.partialRecords,
          first: container.first ?? null,
          last: container.last ?? null,
          complete: container.complete,
        }
      : null,
    criu: criu
      ? {
          entry: criu.entryPath,
          lines: criu.lines,
          errors: criu.errors,
          warnings: criu.warnings,
          first: criu.first ?? null,
          last: criu.last ?? null,
          complete: criu.complete,
        }
      : null,
  };
}
