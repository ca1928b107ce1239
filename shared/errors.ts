import { ERROR_PREFIX } from './api';
import type { InspectorErrorInfo } from './model';

/** Recovers {name, message, file, offset} from an error that crossed the bridge. Electron prefixes
 *  the message ("Error invoking remote method ..."), Playwright adds its own text; the JSON after
 *  ERROR_PREFIX survives both. */
export function parseErrorInfo(error: unknown): InspectorErrorInfo {
  const message = error instanceof Error ? error.message : String(error);
  const at = message.indexOf(ERROR_PREFIX);
  if (at >= 0) {
    const json = message.slice(at + ERROR_PREFIX.length);
    const end = json.lastIndexOf('}');
    try {
      const info = JSON.parse(json.slice(0, end + 1)) as InspectorErrorInfo;
      if (typeof info.message === 'string') return info;
    } catch {
      // fall through to the plain message
    }
  }
  return { name: error instanceof Error ? error.name : 'Error', message };
}

/** "checkpoint/core-1.img at offset 120: message" */
export function formatErrorInfo(info: InspectorErrorInfo): string {
  const where = [info.file, info.offset !== undefined ? `offset ${info.offset}` : undefined].filter(Boolean).join(' at ');
  return where ? `${where}: ${info.message}` : info.message;
}

export function encodeErrorInfo(info: InspectorErrorInfo): string {
  return ERROR_PREFIX + JSON.stringify(info);
}
