import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intFlag, parseArgs } from './args';

test('command, positionals and flags', () => {
  const args = parseArgs(['search', 'a.tar', 'KEY', '--encoding', 'ascii,hex', '--ignore-case', '--pid=7']);
  assert.equal(args.command, 'search');
  assert.deepEqual(args.positionals, ['a.tar', 'KEY']);
  assert.equal(args.flags.get('encoding'), 'ascii,hex');
  assert.equal(args.flags.get('ignore-case'), true);
  assert.equal(intFlag(args, 'pid'), 7);
});

test('a leading flag or nothing at all means help', () => {
  assert.equal(parseArgs(['--help']).command, 'help');
  assert.equal(parseArgs([]).command, 'help');
});

test('bad values are clear errors', () => {
  assert.throws(() => parseArgs(['search', 'a.tar', '--pid']), /--pid needs a value/);
  assert.throws(() => intFlag(parseArgs(['strings', 'a.tar', '--pid', '-3']), 'pid'), /non-negative integer/);
  assert.deepEqual(parseArgs(['search', 'a.tar', '--', '--not-a-flag']).positionals, ['a.tar', '--not-a-flag']);
});
