import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextParts, patternProblem } from './hitContext';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

test('ASCII context: non-printables as dots, match set apart, long lead-in shortened', () => {
  const context = bytes('0123456789abcdefXYZ\x00SECRET\x1b[31mtail');
  const parts = contextParts(context, 20, 6, 'ascii');
  assert.equal(parts.match, 'SECRET');
  assert.equal(parts.before, '…89abcdefXYZ.');
  assert.equal(parts.after, '.[31mtail');
});

test('UTF-16LE context is read in code units aligned with the match', () => {
  const utf16 = (s: string) => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0), 0]));
  // An odd byte before the match must not shift the pairs.
  const context = Uint8Array.from([0x41, ...utf16('ab'), ...utf16('KEY'), ...utf16('z')]);
  const parts = contextParts(context, 5, 6, 'utf16le');
  assert.deepEqual(parts, { before: 'ab', match: 'KEY', after: 'z' });
});

test('hex hits show bytes', () => {
  const parts = contextParts(Uint8Array.from([1, 2, 0xde, 0xad, 3]), 2, 2, 'hex');
  assert.equal(parts.match, 'de ad');
  assert.equal(parts.before.trim(), '01 02');
  assert.equal(parts.after.trim(), '03');
});

test('patterns are checked before a search starts', () => {
  assert.match(patternProblem('', ['ascii'])!, /Type something/);
  assert.match(patternProblem('x', [])!, /encoding/);
  assert.equal(patternProblem('de ad BE ef', ['hex']), null);
  assert.equal(patternProblem('0xde,0xad', ['hex']), null);
  assert.match(patternProblem('dea', ['hex'])!, /pairs/);
  assert.match(patternProblem('a(', ['regex'])!, /^Regex:/);
  assert.equal(patternProblem('RANDOM_\\d+_KEY', ['regex', 'ascii']), null);
});

test('context text is printable ASCII whatever the bytes (it is drawn without further escaping)', () => {
  const every = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (const encoding of ['ascii', 'utf16le', 'hex', 'regex'] as const) {
    const { before, match, after } = contextParts(every, 100, 50, encoding);
    assert.match(before + match + after, /^[\x20-\x7e…]*$/, encoding);
  }
});
