// CRIU's own log (dump.log, restore.log): one message per line,
//   (00.000123) message
//   (00.041701) Error (criu/util.c:1533): rlimit: ...
//   (00.179814) Warn  (compel/arch/x86/src/lib/infect.c:418): ...
// The "(secs.usecs) " stamp is written at -v4 and above; lines printed by the parasite ("pie: 1: ...")
// and continuation lines have none. Error and warning prefixes come from pr_err/pr_perror/pr_warn.

export const LEVEL_INFO = 0;
export const LEVEL_WARNING = 1;
export const LEVEL_ERROR = 2;
export type LevelCode = typeof LEVEL_INFO | typeof LEVEL_WARNING | typeof LEVEL_ERROR;

/** Bytes of a line looked at to find its stamp and level. */
export const MAX_CRIU_PREFIX = 96;

export interface CriuPrefix {
  level: LevelCode;
  /** End of the "(secs.usecs)" stamp, or -1 when the line has none. */
  timeEnd: number;
  /** First byte of the message (after the stamp and its space). */
  messageStart: number;
}

// stamp, optional "pid: " (--log-pid), optional "pie: N: " (parasite), then the level word.
const PREFIX = /^(\(\s*\d+\.\d+\))?\s*(?:\d+: )?(?:pie: \d+: )?(Error|Warn)?/;

/** Classifies one line `buf[start, end)` (end excludes the newline). Never fails: any line is info. */
export function parseCriuPrefix(buf: Uint8Array, start: number, end: number): CriuPrefix {
  const head = latin1(buf, start, Math.min(end, start + MAX_CRIU_PREFIX));
  const m = PREFIX.exec(head);
  const stamp = m?.[1];
  const timeEnd = stamp ? start + stamp.length : -1;
  let messageStart = start;
  if (stamp) messageStart = timeEnd < end && buf[timeEnd] === 0x20 ? timeEnd + 1 : timeEnd;
  let level: LevelCode = LEVEL_INFO;
  // "Error (file:line): " and "Warn  (file:line): " are the printed forms; a bare word is a message.
  if (m?.[2]) {
    const after = head.slice(m[0].length);
    if (/^\s*\(/.test(after)) level = m[2] === 'Error' ? LEVEL_ERROR : LEVEL_WARNING;
  }
  return { level, timeEnd, messageStart };
}

/** CRIU stamps are seconds since the tool started, not wall time. */
export function criuStampSeconds(stamp: string): number | undefined {
  const m = /^\(\s*(\d+)\.(\d+)\)$/.exec(stamp);
  return m ? Number(`${m[1]}.${m[2]}`) : undefined;
}

function latin1(buf: Uint8Array, start: number, end: number): string {
  const view = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return view.toString('latin1', start, end);
}
