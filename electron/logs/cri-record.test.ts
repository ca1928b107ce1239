import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCriPrefix, rfc3339ToMs, STDERR, STDOUT } from './cri-record';
import { LEVEL_ERROR, LEVEL_INFO, LEVEL_WARNING, parseCriuPrefix } from './criu-line';

const parse = (text: string) => {
  const buf = Buffer.from(text);
  const prefix = parseCriPrefix(buf, 0, buf.length);
  return prefix && { ...prefix, content: buf.subarray(prefix.contentStart).toString() };
};

describe('CRI record prefix', () => {
  it('reads stream, tag and content', () => {
    assert.deepEqual(parse('2026-12-03T21:34:48.696883539+00:00 stdout F hello world'), {
      stream: STDOUT, partial: false, timeEnd: 35, contentStart: 45, content: 'hello world',
    });
    assert.equal(parse('2026-12-03T21:34:48Z stderr P  two spaces')?.content, ' two spaces');
    assert.equal(parse('2026-12-03T21:34:48Z stderr P')?.stream, STDERR);
    assert.equal(parse('2026-12-03T21:34:48Z stderr F')?.content, '');
    assert.equal(parse('2026-12-03T21:34:48Z stdout F:extra text')?.content, 'text');
    assert.equal(parse('2026-12-03T21:34:48-0130 stdout F x')?.content, 'x');
  });

  it('refuses what is not a record', () => {
    for (const bad of [
      '',
      'hello',
      '2026-12-03 21:34:48Z stdout F x',
      '2026-12-03T21:34:48 stdout F x', // no zone
      '2026-12-03T21:34:48.1234567890Z stdout F x', // 10 fraction digits
      '2026-12-03T21:34:48Z stdin F x',
      '2026-12-03T21:34:48Z stdout X x',
      '2026-12-03T21:34:48Z stdout Fx',
      '2026-12-03T21:34:48Z  stdout F x',
    ]) {
      assert.equal(parse(bad), null, bad);
    }
  });

  it('converts RFC 3339 times to epoch milliseconds', () => {
    assert.equal(rfc3339ToMs('1970-01-01T00:00:01Z'), 1000);
    assert.equal(rfc3339ToMs('1970-01-01T01:00:00+01:00'), 0);
    assert.equal(rfc3339ToMs('1970-01-01T00:00:00-0030'), 30 * 60_000);
    assert.equal(rfc3339ToMs('1970-01-01T00:00:00.000000500Z'), 0.0005);
    assert.equal(rfc3339ToMs('not a time'), undefined);
  });
});

describe('CRIU log line prefix', () => {
  const level = (text: string) => parseCriuPrefix(Buffer.from(text), 0, text.length).level;
  it('finds errors and warnings only in their printed form', () => {
    assert.equal(level('(00.041701) Error (criu/util.c:1533): rlimit'), LEVEL_ERROR);
    assert.equal(level('(00.179814) Warn  (compel/infect.c:418): Will restore'), LEVEL_WARNING);
    assert.equal(level('(00.000001)  4242: Error (criu/cr-dump.c:1): with --log-pid'), LEVEL_ERROR);
    assert.equal(level('Error (criu/x.c:1): no stamp at low verbosity'), LEVEL_ERROR);
    assert.equal(level('(00.1) Errors: none'), LEVEL_INFO);
    assert.equal(level('(00.1) Warning, this is a message'), LEVEL_INFO);
    assert.equal(level('pie: 1: __fetched msg: 72 0 0'), LEVEL_INFO);
  });
});
