import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLogTime, parseLogTime } from './logTime';

// The first record of crio-busybox-httpd's container log: 2026-12-03T21:34:48.696883539+00:00
const FIRST = Date.UTC(2026, 11, 3, 21, 34, 48, 696);

test('UTC formatting keeps milliseconds', () => {
  assert.equal(formatLogTime(FIRST, true), '2026-12-03 21:34:48.696');
  assert.equal(formatLogTime(Number.NaN, true), '—');
});

test('a full time, an RFC 3339 time with zone, and a clock time on the day of the log', () => {
  assert.equal(parseLogTime('2026-12-03 21:34:48.696', true), FIRST);
  assert.equal(parseLogTime('2026-12-03T21:34:48.696883539+00:00', false), FIRST);
  assert.equal(parseLogTime('2026-12-03T23:34:48.696+02:00', true), FIRST);
  assert.equal(parseLogTime('21:34:48.696', true, FIRST + 5000), FIRST);
  assert.equal(parseLogTime('21:34', true, FIRST), Date.UTC(2026, 11, 3, 21, 34, 0));
});

test('local time is read in the local zone', () => {
  const local = parseLogTime('2026-12-03 21:34:48', false)!;
  assert.equal(new Date(local).getHours(), 21);
  assert.equal(formatLogTime(local, false), '2026-12-03 21:34:48.000');
});

test('what is not a time is refused', () => {
  assert.equal(parseLogTime('yesterday', true), null);
  assert.equal(parseLogTime('21:34', true), null, 'a clock time needs the day of the log');
  assert.equal(parseLogTime('(00.041701)', true), null);
});
