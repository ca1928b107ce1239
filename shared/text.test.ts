import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bytesToAscii,
  bytesToCArray,
  bytesToHex,
  decodeText,
  escapeSegments,
  escapeText,
  formatBytes,
  formatCount,
  formatEpochSeconds,
  formatMicroseconds,
  formatMode,
  hasHiddenCharacters,
  looksLikeText,
  parseHex,
  parseInteger,
  truncateText,
} from './text';

test('control characters and ANSI escapes become visible escapes', () => {
  assert.equal(escapeText('a\x1b[31mred\x00\x7f'), 'a\\x1b[31mred\\0\\x7f');
  assert.deepEqual(escapeSegments('ok\ttab'), [
    { text: 'ok', escaped: false },
    { text: '\\t', escaped: true },
    { text: 'tab', escaped: false },
  ]);
  assert.equal(escapeText('line1\nline2', { keepNewlines: true }), 'line1\nline2');
  assert.equal(escapeText('line1\nline2'), 'line1\\nline2');
  assert.equal(escapeText('\u0085'), '\\x85', 'C1 control');
});

test('bidi overrides, zero-width and tag characters are escaped (Trojan Source)', () => {
  assert.equal(escapeText('evil\u202eexe.txt'), 'evil\\u202eexe.txt');
  assert.equal(escapeText('a\u200bb\u2066c\ufeff'), 'a\\u200bb\\u2066c\\ufeff');
  assert.equal(escapeText('x\u{e0041}'), 'x\\u{e0041}');
  assert.ok(hasHiddenCharacters('x\u202ay'));
  assert.ok(!hasHiddenCharacters('plain ünïcödé 漢字 🙂'));
  assert.equal(escapeText('plain ünïcödé 漢字 🙂'), 'plain ünïcödé 漢字 🙂');
});

test('lone surrogates are escaped, pairs are kept', () => {
  assert.equal(escapeText('a\ud800b'), 'a\\ud800b');
  assert.equal(escapeText('\ud83d\ude42'), '🙂');
});

test('a backslash in the input stays distinguishable: it is a plain segment, escapes are marked', () => {
  const segments = escapeSegments('\\x1b\x1b');
  assert.deepEqual(segments, [
    { text: '\\x1b', escaped: false },
    { text: '\\x1b', escaped: true },
  ]);
});

test('truncation never splits a surrogate pair', () => {
  assert.deepEqual(truncateText('ab🙂cd', 3), { text: 'ab', truncated: true });
  assert.deepEqual(truncateText('abc', 3), { text: 'abc', truncated: false });
});

test('sizes match checkpointctl (binary units, one decimal)', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(3072), '3.0 KiB');
  assert.equal(formatBytes(250675), '244.8 KiB');
  assert.equal(formatBytes(8.7 * 1024 * 1024), '8.7 MiB');
  assert.equal(formatCount(1234567), '1\u2009234\u2009567');
});

test('durations match Go time.Duration formatting of microseconds', () => {
  assert.equal(formatMicroseconds(950), '950µs');
  assert.equal(formatMicroseconds(101372), '101.372ms');
  assert.equal(formatMicroseconds(1000), '1ms');
  assert.equal(formatMicroseconds(1_500_000), '1.5s');
  assert.equal(formatMicroseconds(62_003_000), '1m2.003s');
  assert.equal(formatMicroseconds(0), '0s');
});

test('file modes like ls -l', () => {
  assert.equal(formatMode(0o755, 'dir'), 'drwxr-xr-x');
  assert.equal(formatMode(0o644), '-rw-r--r--');
  assert.equal(formatMode(0o4755), '-rwsr-xr-x');
  assert.equal(formatMode(0o1777, 'dir'), 'drwxrwxrwt');
  assert.equal(formatMode(0o2640), '-rw-r-S---');
  assert.equal(formatMode(0o777, 'symlink'), 'lrwxrwxrwx');
});

test('dates are UTC by default', () => {
  assert.equal(formatEpochSeconds(1796333688.5), '2026-12-03 21:34:48 UTC');
});

test('hex parsing and dumping', () => {
  assert.equal(parseHex('0x7f2d00e33ad0'), 0x7f2d00e33ad0n);
  assert.equal(parseHex("7f2d'00e3"), 0x7f2d00e3n);
  assert.equal(parseHex('xyz'), null);
  assert.equal(parseHex(''), null);
  assert.equal(parseInteger('4096'), 4096n);
  assert.equal(parseInteger('0x10'), 16n);
  assert.equal(parseInteger('12a'), null);
  const bytes = new Uint8Array([0x41, 0x00, 0xff, 0x7e]);
  assert.equal(bytesToHex(bytes), '41 00 ff 7e');
  assert.equal(bytesToAscii(bytes), 'A..~');
  assert.equal(bytesToCArray(bytes, 'x'), 'unsigned char x[4] = {\n  0x41, 0x00, 0xff, 0x7e\n};');
});

test('encoding detection: UTF-8, UTF-16 BOMs, latin1 fallback, cut sequences', () => {
  const enc = new TextEncoder();
  assert.deepEqual(decodeText(enc.encode('héllo')), { text: 'héllo', encoding: 'utf-8', bom: false });
  assert.deepEqual(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), { text: 'a', encoding: 'utf-8', bom: true });
  assert.deepEqual(decodeText(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x62, 0x00])), { text: 'ab', encoding: 'utf-16le', bom: true });
  assert.deepEqual(decodeText(new Uint8Array([0xfe, 0xff, 0x00, 0x61])), { text: 'a', encoding: 'utf-16be', bom: true });
  assert.deepEqual(decodeText(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x21])), { text: 'café!', encoding: 'latin1', bom: false });
  // "é" cut in half at the end of a window is still UTF-8.
  const cut = enc.encode('abé').subarray(0, 3);
  assert.equal(decodeText(cut).encoding, 'utf-8');
  assert.equal(decodeText(cut).text, 'ab');
});

test('text detection rejects binary', () => {
  assert.ok(looksLikeText(new TextEncoder().encode('a log line\n\tindented\n')));
  assert.ok(!looksLikeText(new Uint8Array([0x50, 0x00, 0x01, 0x02])));
  assert.ok(looksLikeText(new Uint8Array([0xff, 0xfe, 0x61, 0x00])));
});
