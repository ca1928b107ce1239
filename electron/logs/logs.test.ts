import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openArchive } from '../archive';
import type { OpenedArchive } from '../archive/types';
import { JobManager } from '../jobs/job-manager';
import { findLog, listCriuLogs, logsJson, openLog } from '.';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const fixtures = resolve(repoRoot, '../shared/fixtures');
const jobs = new JobManager();
const opened: OpenedArchive[] = [];
after(async () => {
  for (const archive of opened) await archive.close();
});

async function open(path: string): Promise<OpenedArchive> {
  const archive = await openArchive(resolve(fixtures, path));
  opened.push(archive);
  return archive;
}

/** Counts done without the engine: split the entry on newlines, match each record with a regex. */
async function referenceCounts(archive: OpenedArchive, path: string) {
  const text = new TextDecoder().decode(await archive.readAll(path, 1 << 24));
  const records = text.split('\n');
  if (text.endsWith('\n')) records.pop();
  const cri = records.map((r) => /^\S+ (stdout|stderr) ([PF]) /.exec(r));
  return {
    records: records.length,
    stdout: cri.filter((m) => m?.[1] === 'stdout' && m[2] === 'F').length,
    stderr: cri.filter((m) => m?.[1] === 'stderr' && m[2] === 'F').length,
    partial: cri.filter((m) => m?.[2] === 'P').length,
    errors: records.filter((r) => /^\(\d+\.\d+\) Error \(/.test(r)).length,
    warnings: records.filter((r) => /^\(\d+\.\d+\) Warn {2}\(/.test(r)).length,
  };
}

// Counts written down by hand from the fixtures (`wc -l`, `grep -c stderr`, `grep -c ' P '`,
// `grep -cE '^\([0-9.]+\) (Error|Warn)'` on the extracted entries).
const CONTAINER = {
  'crio-busybox-httpd.tar': { entry: 'io.kubernetes.cri-o.LogPath', records: 12, stdout: 9, stderr: 3, partial: 0 },
  'crio-python-counter.tar': { entry: 'io.kubernetes.cri-o.LogPath', records: 7, stdout: 7, stderr: 0, partial: 0 },
  'podman-busybox.tar': { entry: 'ctr.log', records: 12, stdout: 12, stderr: 0, partial: 0 },
  'podman-busybox-httpd.tar': { entry: 'ctr.log', records: 12, stdout: 9, stderr: 3, partial: 0 },
} as const;
const CRIU = {
  'crio-busybox-httpd.tar': { entry: 'dump.log', lines: 1398, errors: 1, warnings: 1 },
  'crio-python-counter.tar': { entry: 'dump.log', lines: 1775, errors: 1, warnings: 1 },
  'podman-busybox.tar': null,
  'podman-busybox-httpd.tar': null,
} as const;

describe('container logs of the fixtures', () => {
  for (const [name, want] of Object.entries(CONTAINER)) {
    it(`${name}: ${want.records} records, ${want.stdout} stdout, ${want.stderr} stderr`, async () => {
      const archive = await open(`archives/${name}`);
      const log = await openLog(archive, 'container', jobs);
      assert.ok(log);
      try {
        const summary = await log.whenIndexed();
        const reference = await referenceCounts(archive, want.entry);
        assert.equal(summary.entryPath, want.entry);
        assert.equal(summary.complete, true);
        assert.equal(jobs.status(summary.indexJobId).state, 'done');
        for (const counted of [reference, want]) {
          assert.equal(summary.records, counted.records);
          assert.equal(summary.lines, counted.stdout + counted.stderr);
          assert.equal(summary.stdout, counted.stdout);
          assert.equal(summary.stderr, counted.stderr);
          assert.equal(summary.partialRecords, counted.partial);
        }
        const lines = await log.readLines(0, 1000);
        assert.equal(lines.length, summary.lines);
        assert.ok(lines.every((l) => !l.malformed && l.timeMs !== undefined && l.stream));
        assert.equal(lines[0].time, summary.first);
        assert.equal(lines.at(-1)?.time, summary.last);
        const stderr = await log.filter({ kind: 'container', stream: 'stderr' });
        assert.deepEqual(stderr.lines, lines.flatMap((l) => (l.stream === 'stderr' ? [l.index] : [])));
      } finally {
        log.close();
      }
    });
  }

  it('crio-busybox-httpd: lines read back exactly, times parsed', async () => {
    const archive = await open('archives/crio-busybox-httpd.tar');
    const log = await openLog(archive, 'container', jobs);
    assert.ok(log);
    try {
      // Asked at once, while the worker is still starting: lines indexed so far (maybe none), no error.
      const early = await log.readLines(0, 3);
      await log.whenIndexed();
      assert.deepEqual(early, (await log.readLines(0, 3)).slice(0, early.length));
      const [line] = await log.readLines(3, 1);
      assert.deepEqual(line, {
        index: 3,
        offset: 309,
        time: '2026-12-03T21:34:50.703476304+00:00',
        timeMs: Date.UTC(2026, 11, 3, 21, 34, 50, 703) + 0.476304,
        stream: 'stderr',
        records: 1,
        text: '2026-12-03T21:34:50+00:00 counter: warning: slow tick 3',
      });
      assert.deepEqual((await log.filter({ kind: 'container', text: 'SLOW TICK' })).lines, [3, 7, 11]);
      assert.deepEqual((await log.filter({ kind: 'container', text: 'TICK [0-9] \\(secret', regex: true, stream: 'stdout' })).lines, [0, 1, 2, 4, 5, 6, 8, 9, 10]);
    } finally {
      log.close();
    }
  });
});

describe('CRIU logs of the fixtures', () => {
  for (const [name, want] of Object.entries(CRIU)) {
    it(`${name}: ${want ? `${want.lines} lines, ${want.errors} error, ${want.warnings} warning` : 'no dump.log'}`, async () => {
      const archive = await open(`archives/${name}`);
      const log = await openLog(archive, 'criu', jobs);
      if (!want) {
        assert.equal(log, null);
        return;
      }
      assert.ok(log);
      try {
        const summary = await log.whenIndexed();
        const reference = await referenceCounts(archive, want.entry);
        for (const counted of [{ ...reference, lines: reference.records }, want]) {
          assert.equal(summary.lines, counted.lines);
          assert.equal(summary.errors, counted.errors);
          assert.equal(summary.warnings, counted.warnings);
        }
        const errors = await log.filter({ kind: 'criu', level: 'error' });
        assert.equal(errors.lines.length, want.errors);
        const [line] = await log.readLines(errors.lines[0], 1);
        assert.equal(line.level, 'error');
        assert.match(line.text, /^Error \(criu\/util\.c:1533\): rlimit: Can't setup RLIMIT_NOFILE/);
        assert.equal(line.index, 67); // line 68 in `grep -n`
        const json = logsJson(null, summary);
        assert.deepEqual(json.criu && [json.criu.lines, json.criu.errors, json.criu.warnings], [want.lines, want.errors, want.warnings]);
      } finally {
        log.close();
      }
    });
  }

  it('criu2018-sleep image folder: dump.log (2043 lines, 1 warning) and restore.log (504 lines)', async () => {
    const archive = await open('images/criu2018-sleep');
    assert.deepEqual(listCriuLogs(archive), ['dump.log', 'restore.log']);
    const dump = await openLog(archive, 'criu', jobs);
    const restore = await openLog(archive, 'criu', jobs, { entryPath: 'restore.log' });
    assert.ok(dump && restore);
    try {
      const [d, r] = await Promise.all([dump.whenIndexed(), restore.whenIndexed()]);
      assert.deepEqual([d.entryPath, d.lines, d.errors, d.warnings], ['dump.log', 2043, 0, 1]);
      assert.deepEqual([r.entryPath, r.lines, r.errors, r.warnings], ['restore.log', 504, 0, 0]);
      assert.equal(d.first, '(00.000030)');
      assert.deepEqual((await dump.readLines(2042, 5)).map((l) => [l.time, l.text]), [['(00.020759)', 'Dumping finished successfully']]);
    } finally {
      dump.close();
      restore.close();
    }
  });
});

describe('logs behind other archive forms', () => {
  it('reads the log of a gzip-compressed archive through its decompressed copy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'logs-gz-'));
    try {
      const gz = join(dir, 'podman-busybox.tar.gz');
      const packed = spawnSync('gzip', ['-c', resolve(fixtures, 'archives/podman-busybox.tar')], { maxBuffer: 1 << 26 });
      assert.equal(packed.status, 0);
      await writeFile(gz, packed.stdout);
      const archive = await openArchive(gz);
      try {
        const log = await openLog(archive, 'container', jobs);
        assert.ok(log);
        const summary = await log.whenIndexed();
        assert.deepEqual([summary.records, summary.stdout], [12, 12]);
        assert.equal((await log.readLines(11, 1))[0].text, '2026-12-03T21:32:50+00:00 tick 12 len=35');
        log.close();
      } finally {
        await archive.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a cancelled index job leaves an incomplete summary, and the log stays readable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'logs-cancel-'));
    try {
      // A directory "archive": one CRI log of ~1 MB.
      const line = (i: number) => `2026-12-03T21:00:00.${String(i).padStart(9, '0')}Z stdout F line ${i} ${'.'.repeat(80)}\n`;
      await writeFile(join(dir, 'ctr.log'), Array.from({ length: 10_000 }, (_, i) => line(i)).join(''));
      const archive = await openArchive(dir);
      try {
        const log = await openLog(archive, 'container', jobs);
        assert.ok(log);
        jobs.cancel(log.summary().indexJobId);
        const summary = await log.whenIndexed();
        assert.equal(summary.complete, false);
        assert.equal(jobs.status(summary.indexJobId).state, 'cancelled');
        assert.ok(summary.records < 10_000);
        assert.equal((await log.readLines(0, 5)).length, Math.min(5, summary.lines));
        log.close();
      } finally {
        await archive.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('finding logs', () => {
  it('knows where each engine keeps its logs', async () => {
    assert.equal(findLog(await open('archives/crio-busybox-httpd.tar'), 'container')?.path, 'io.kubernetes.cri-o.LogPath');
    assert.equal(findLog(await open('archives/podman-busybox.tar'), 'container')?.path, 'ctr.log');
    assert.equal(findLog(await open('archives/podman-busybox.tar'), 'criu'), undefined);
    assert.equal(findLog(await open('images/criu2024-htop'), 'container'), undefined);
  });

  it('closing a log stops its worker and rejects later reads', async () => {
    const archive = await open('archives/crio-busybox-httpd.tar');
    const log = await openLog(archive, 'criu', jobs);
    assert.ok(log);
    log.close();
    await assert.rejects(log.readLines(0, 1), /closed/);
    assert.notEqual(jobs.status(log.summary().indexJobId).state, 'running');
  });
});
