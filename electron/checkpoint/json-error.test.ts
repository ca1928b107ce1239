import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonErrorIndex } from './json-error';

test('index of the first character that breaks JSON', () => {
  const cases: Array<[string, number]> = [
    ['{"a": oops}', 6],
    ['{"a": 1,}', 8],
    ['{"a": 1', 7],
    ['[1, 2] x', 7],
    ['{"a": "\\q"}', 8],
    ['{"a": "\\u12g4"}', 8],
    ['{"a": tru}', 9],
    ['', 0],
  ];
  for (const [text, index] of cases) {
    assert.throws(() => JSON.parse(text));
    assert.equal(jsonErrorIndex(text), index, text);
  }
  const valid = '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"], "b": {}}';
  assert.doesNotThrow(() => JSON.parse(valid));
  assert.equal(jsonErrorIndex(valid), valid.length);
});
