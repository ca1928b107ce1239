import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeErrorInfo, formatErrorInfo, parseErrorInfo } from './errors';

test('error info survives the prefixes Electron and Playwright add', () => {
  const info = { name: 'InspectorError', message: 'checksum mismatch', file: 'x.tar', offset: 1536 };
  const wrapped = new Error(`Error invoking remote method 'inspector:openArchive': Error: ${encodeErrorInfo(info)}`);
  assert.deepEqual(parseErrorInfo(wrapped), info);
  assert.equal(formatErrorInfo(info), 'x.tar at offset 1536: checksum mismatch');
});

test('a plain error keeps its message', () => {
  assert.deepEqual(parseErrorInfo(new TypeError('boom')), { name: 'TypeError', message: 'boom' });
  assert.equal(formatErrorInfo({ name: 'E', message: 'm' }), 'm');
});
