// Time display and parsing for the log views: milliseconds since the epoch shown in local time or
// UTC, and the analyst's "jump to" input read in the same zone.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-12-03 21:34:48.696" in UTC or local time. */
export function formatLogTime(ms: number, utc: boolean): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '—';
  const part = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
  return `${part[0]}-${pad(part[1])}-${pad(part[2])} ${pad(part[3])}:${pad(part[4])}:${pad(part[5])}.${pad(part[6], 3)}`;
}

/**
 * Reads "2026-12-03 21:34:50(.123)", "2026-12-03T21:34:50Z" or just "21:34:50" (on the day of
 * `referenceMs`) in UTC or local time; null when it is not a time.
 */
export function parseLogTime(text: string, utc: boolean, referenceMs?: number): number | null {
  const trimmed = text.trim();
  const full = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(trimmed);
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/.exec(trimmed);
  let y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined, zone: string | undefined;
  if (full) {
    [y, mo, d, h, mi] = full.slice(1, 6).map(Number);
    s = Number(full[6] ?? 0);
    frac = full[7];
    zone = full[8];
  } else if (clock && referenceMs !== undefined) {
    const ref = new Date(referenceMs);
    y = utc ? ref.getUTCFullYear() : ref.getFullYear();
    mo = (utc ? ref.getUTCMonth() : ref.getMonth()) + 1;
    d = utc ? ref.getUTCDate() : ref.getDate();
    [h, mi] = clock.slice(1, 3).map(Number);
    s = Number(clock[3] ?? 0);
    frac = clock[4];
  } else {
    return null;
  }
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  if (zone) {
    const base = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    if (/^z$/i.test(zone)) return base;
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    return base - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  const value = utc ? Date.UTC(y, mo - 1, d, h, mi, s, ms) : new Date(y, mo - 1, d, h, mi, s, ms).getTime();
  return Number.isNaN(value) ? null : value;
}
