// The CLI end to end (from source, through tsx): JSON shape against checkpointctl's and tar's view
// of the same fixture, and one-line errors with exit code 1 for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = resolve(repo, '../shared/fixtures');
const archive = join(fixtures, 'archives/crio-busybox-httpd.tar');

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'electron/cli.ts'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('inspect --json: archive, entries, container, processes, diff, logs', () => {
  const { code, stdout, stderr } = cli('inspect', archive, '--json');
  assert.equal(code, 0, stderr);
  const json = JSON.parse(stdout);
  const expected = JSON.parse(readFileSync(join(fixtures, 'expected/crio-busybox-httpd/checkpointctl-inspect.json'), 'utf8'))[0];
  const sha = spawnSync('sha256sum', [archive], { encoding: 'utf8' }).stdout.split(' ')[0];
  assert.deepEqual(json.archive, { path: archive, format: 'tar', size: 460800, sha256: sha });
  const tarNames = readFileSync(join(fixtures, 'expected/crio-busybox-httpd/tar-tvf.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+/).slice(5).join(' ').replace(/\/$/, ''));
  for (const name of tarNames) assert.ok(json.entries.some((e: { path: string }) => e.path === name), name);
  assert.ok(json.entries.some((e: { path: string }) => e.path === 'rootfs-diff.tar/home/counter/test-file'));
  assert.equal(json.container.name, expected.container_name);
  assert.equal(json.container.id, expected.id);
  assert.equal(json.container.ip, expected.ip);
  // checkpointctl's six statistics, plus the further fields CRIU recorded (page_pipes, shpages_*...).
  for (const [name, value] of Object.entries(expected.statistics)) assert.equal(json.statistics[name], value, name);
  assert.deepEqual(
    json.processes.map((p: { pid: number; cmdline: string[] }) => [p.pid, `${p.cmdline.join(' ')} `]),
    [
      [1, expected.process_tree.cmdline],
      ...expected.process_tree.children.map((c: { pid: number; cmdline: string }) => [c.pid, c.cmdline]),
    ],
  );
  assert.deepEqual(
    json.rootfs_diff.map((c: { path: string; status: string }) => `${c.status} ${c.path}`).sort(),
    ['changed home/counter/logfile', 'changed home/counter/test-file', 'deleted etc/motd'],
  );
  assert.equal(json.logs.container.records, 12);
  assert.equal(json.logs.container.stderr, 3);
  assert.ok(json.logs.criu.lines > 1000);
});

test('search --json finds the secret where checkpointctl does, with addresses in hex', () => {
  const { code, stdout, stderr } = cli('search', archive, 'RANDOM_1432_KEY', '--pid', '1', '--json');
  assert.equal(code, 0, stderr);
  const json = JSON.parse(stdout);
  const expected = readFileSync(join(fixtures, 'expected/crio-busybox-httpd/checkpointctl-memparse-search-RANDOM_1432_KEY-pid1.txt'), 'utf8')
    .match(/\b[0-9a-f]{16}\b/g)!
    .map((a) => `0x${BigInt(`0x${a}`).toString(16)}`);
  assert.deepEqual(json.hits.map((h: { address: string }) => h.address), expected);
  assert.ok(json.hits.every((h: { context_hex: string }) => h.context_hex.includes(Buffer.from('RANDOM_1432_KEY').toString('hex'))));
  assert.ok(json.bytes_scanned > 0);
});

test('bad input: exit code 1 and one line on stderr saying what and where, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
  try {
    const garbage = join(dir, 'garbage.tar');
    writeFileSync(garbage, 'definitely not a tar archive');
    for (const args of [['inspect', garbage], ['inspect', join(dir, 'missing.tar')], ['frobnicate', garbage], ['search', garbage]]) {
      const { code, stderr } = cli(...args);
      assert.equal(code, 1, args.join(' '));
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, /^checkpoint-inspector: /);
      assert.doesNotMatch(stderr, /\n\s+at /);
    }
    assert.match(cli('inspect', garbage).stderr, /garbage\.tar at offset 0: not a tar/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
