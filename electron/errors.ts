import type { InspectorErrorInfo } from '../shared/model';

/** An error the user should read: what is wrong and where (file, offset). Never a stack trace. */
export class InspectorError extends Error {
  readonly file?: string;
  readonly offset?: number;

  constructor(message: string, where: { file?: string; offset?: number } = {}) {
    super(message);
    this.name = 'InspectorError';
    this.file = where.file;
    this.offset = where.offset;
  }
}

/** A configured limit was reached (entry count, decompressed size, message size, ...). */
export class LimitError extends InspectorError {
  constructor(message: string, where: { file?: string; offset?: number } = {}) {
    super(message, where);
    this.name = 'LimitError';
  }
}

/** The work was cancelled by the user. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function toErrorInfo(error: unknown): InspectorErrorInfo {
  if (error instanceof InspectorError) {
    return { name: error.name, message: error.message, file: error.file, offset: error.offset };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** "file at offset N: message" — the one-line form used by the CLI and warnings. */
export function describeError(error: unknown): string {
  const info = toErrorInfo(error);
  const where = [info.file, info.offset !== undefined ? `offset ${info.offset}` : undefined]
    .filter(Boolean)
    .join(' at ');
  return where ? `${where}: ${info.message}` : info.message;
}
