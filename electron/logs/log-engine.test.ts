import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogKind, LogLine } from '../../shared/model';
import { LIMITS } from '../limits';
import { LogEngine, type LogByteSource } from './log-engine';

function bufferSource(bytes: Buffer): LogByteSource & { reads: number } {
  const source = {
    size: bytes.length,
    reads: 0,
    async read(offset: number, length: number, target?: Buffer) {
      source.reads++;
      const piece = bytes.subarray(offset, Math.min(bytes.length, offset + length));
      if (!target) return Buffer.from(piece);
      // Scribble over the reused buffer first, so that a reader holding on to it would notice.
      target.fill(0x23);
      piece.copy(target);
      return target.subarray(0, piece.length);
    },
  };
  return source;
}

async function indexed(kind: LogKind, bytes: Buffer, chunkSize?: number, filterWindow?: number): Promise<LogEngine> {
  const engine = new LogEngine(kind, bufferSource(bytes), 'test.log', { chunkSize, filterWindow });
  await engine.index(() => false, () => undefined);
  return engine;
}

// ---------------------------------------------------------------- an independent reference

interface RefLine {
  offset: number;
  stream?: 'stdout' | 'stderr';
  time?: string;
  records: number;
  text: string;
  malformed?: true;
}

const CRI = /^(\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:[Zz]|[+-]\d\d:?\d\d)) (stdout|stderr) ([PF])(?::[^ ]*)?(?: ([^]*))?$/;

/** Splits on newlines, parses each record with a regular expression and joins P…F per stream. */
function referenceContainer(bytes: Buffer): { lines: RefLine[]; records: number; partial: number } {
  const lines: Array<RefLine & { parts: Buffer[] }> = [];
  const open: Record<string, (RefLine & { parts: Buffer[] }) | undefined> = {};
  let records = 0;
  let partial = 0;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const record = bytes.subarray(start, end);
    records++;
    const m = CRI.exec(record.toString('latin1'));
    if (!m) lines.push({ offset: start, records: 1, text: '', parts: [record], malformed: true });
    else {
      const stream = m[2] as 'stdout' | 'stderr';
      const contentStart = m[4] === undefined ? record.length : record.length - Buffer.byteLength(m[4], 'latin1');
      let line = open[stream];
      if (!line) {
        line = { offset: start, stream, time: m[1], records: 0, text: '', parts: [] };
        lines.push(line);
      }
      line.records++;
      line.parts.push(record.subarray(contentStart));
      if (m[3] === 'P') {
        partial++;
        open[stream] = line;
      } else open[stream] = undefined;
    }
    start = end + 1;
  }
  return {
    lines: lines.map(({ parts, ...line }) => ({ ...line, text: new TextDecoder().decode(Buffer.concat(parts)) })),
    records,
    partial,
  };
}

function comparable(line: LogLine): RefLine {
  const out: RefLine = { offset: line.offset, records: line.records, text: line.text };
  if (line.stream) out.stream = line.stream;
  if (line.time) out.time = line.time;
  if (line.malformed) out.malformed = true;
  return out;
}

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function generateLog(seed: number, records: number, asciiOnly = false): Buffer {
  const next = random(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  const words = ['tick', 'ERROR', 'warn', 'needle', 'x'.repeat(700), '', ' lead', 'tab\there', ...(asciiOnly ? [] : ['Grüße', '日本語'])];
  const parts: Buffer[] = [];
  for (let i = 0; i < records; i++) {
    const kind = next();
    if (kind < 0.05) {
      parts.push(Buffer.from(pick(['garbage line', '', '2026-12-03T21:34:48Z stdin F nope', '2026-13-03 x'])));
    } else {
      const fraction = pick(['', '.1', '.123456789', '.5']);
      const zone = pick(['Z', '+00:00', '-0130', '+02:00']);
      const time = `2026-12-03T21:${String(i % 60).padStart(2, '0')}:48${fraction}${zone}`;
      const stream = next() < 0.7 ? 'stdout' : 'stderr';
      const tag = next() < 0.3 ? 'P' : pick(['F', 'F', 'F:x']);
      let content = Buffer.from(Array.from({ length: Math.floor(next() * 4) }, () => pick(words)).join(' '));
      // Cut multi-byte characters across records now and then.
      if (tag === 'P' && content.length > 2 && next() < 0.5) content = content.subarray(0, content.length - 1);
      const head = Buffer.from(next() < 0.05 && tag === 'F' && content.length === 0 ? `${time} ${stream} ${tag}` : `${time} ${stream} ${tag} `);
      parts.push(Buffer.concat([head, content]));
    }
  }
  const text = Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')]));
  return next() < 0.5 ? text : text.subarray(0, text.length - 1); // with or without a final newline
}

// ---------------------------------------------------------------- tests

describe('LogEngine, container logs', () => {
  it('joins a 20 KiB line written as 8192 + 8192 + rest partial records', async () => {
    const line = Buffer.from(Array.from({ length: 20 * 1024 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(''));
    const log = Buffer.from(
      [
        '2026-12-03T21:00:00.000000001+00:00 stdout F before',
        `2026-12-03T21:00:01.5+00:00 stdout P ${line.subarray(0, 8192)}`,
        `2026-12-03T21:00:01.6+00:00 stdout P ${line.subarray(8192, 16384)}`,
        `2026-12-03T21:00:01.7+00:00 stdout F ${line.subarray(16384)}`,
        '2026-12-03T21:00:02Z stderr F after',
        '',
      ].join('\n'),
    );
    for (const chunkSize of [300, 5000, undefined]) {
      const engine = await indexed('container', log, chunkSize);
      const counts = engine.snapshot();
      assert.equal(counts.records, 5);
      assert.equal(counts.lines, 3);
      assert.equal(counts.partialRecords, 2);
      assert.deepEqual([counts.stdout, counts.stderr], [2, 1]);
      const lines = await engine.readLines(0, 10);
      assert.equal(lines.length, 3);
      assert.equal(lines[1].text, line.toString());
      assert.equal(lines[1].records, 3);
      assert.equal(lines[1].time, '2026-12-03T21:00:01.5+00:00');
      assert.equal(lines[1].timeMs, Date.UTC(2026, 11, 3, 21, 0, 1, 500));
      assert.deepEqual([lines[0].text, lines[2].text, lines[2].stream], ['before', 'after', 'stderr']);
      assert.equal(counts.first, '2026-12-03T21:00:00.000000001+00:00');
      assert.equal(counts.last, '2026-12-03T21:00:02Z');
    }
  });

  it('joins partial records per stream when stdout and stderr interleave', async () => {
    const log = Buffer.from(
      [
        '2026-12-03T21:00:00Z stdout P out-1 ',
        '2026-12-03T21:00:00Z stderr P err-1 ',
        '2026-12-03T21:00:00Z stdout F out-2',
        'not a record',
        '2026-12-03T21:00:00Z stderr F err-2',
        '2026-12-03T21:00:01Z stdout F next',
      ].join('\n'),
    );
    const engine = await indexed('container', log);
    const lines = await engine.readLines(0, 10);
    assert.deepEqual(
      lines.map((l) => [l.stream ?? 'raw', l.records, l.text]),
      [
        ['stdout', 2, 'out-1 out-2'],
        ['stderr', 2, 'err-1 err-2'],
        ['raw', 1, 'not a record'],
        ['stdout', 1, 'next'],
      ],
    );
    assert.equal(lines[2].malformed, true);
  });

  it('matches an independent reference on generated logs, for any chunk size', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const log = generateLog(seed, 400);
      const expected = referenceContainer(log);
      for (const chunkSize of [256, 301, 4096, undefined]) {
        const engine = await indexed('container', log, chunkSize);
        const counts = engine.snapshot();
        const label = `seed ${seed}, chunk ${chunkSize}`;
        assert.equal(counts.records, expected.records, label);
        assert.equal(counts.partialRecords, expected.partial, label);
        assert.equal(counts.lines, expected.lines.length, label);
        assert.equal(counts.malformed, expected.lines.filter((l) => l.malformed).length, label);
        const lines = await engine.readLines(0, 10_000);
        assert.deepEqual(lines.map(comparable), expected.lines, label);
        // Reading a window in the middle gives the same lines as reading everything.
        assert.deepEqual(await engine.readLines(100, 7), lines.slice(100, 107), label);
      }
    }
  });

  for (const [asciiOnly, filterWindow] of [[false, undefined], [true, undefined], [false, 2000], [true, 3000]] as const) it(`filters by stream, plain text (ASCII case folded) and regular expression (${asciiOnly ? 'ASCII-only log' : 'UTF-8 log'}, window ${filterWindow ?? 'default'})`, async () => {
    const log = generateLog(42, 2000, asciiOnly);
    const expected = referenceContainer(log).lines;
    const engine = await indexed('container', log, undefined, filterWindow);
    const indexesOf = (keep: (l: RefLine) => boolean) => expected.flatMap((l, i) => (keep(l) ? [i] : []));
    const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
    assert.deepEqual((await engine.filter({ kind: 'container', stream: 'stderr' })).lines, indexesOf((l) => l.stream === 'stderr'));
    assert.deepEqual((await engine.filter({ kind: 'container', text: 'NEEDLE' })).lines, indexesOf((l) => fold(l.text).includes('needle')));
    assert.deepEqual(
      (await engine.filter({ kind: 'container', stream: 'stdout', text: 'grüße' })).lines,
      indexesOf((l) => l.stream === 'stdout' && fold(l.text).includes('grüße')),
    );
    // A needle split between two partial records is found in the joined line.
    assert.deepEqual((await engine.filter({ kind: 'container', text: 'tick ERROR' })).lines, indexesOf((l) => fold(l.text).includes('tick error')));
    assert.deepEqual((await engine.filter({ kind: 'container', text: '^warn\\b', regex: true })).lines, indexesOf((l) => /^warn\b/i.test(l.text)));
    const some = indexesOf((l) => l.stream === 'stdout');
    assert.deepEqual(await engine.filter({ kind: 'container', stream: 'stdout' }, 5), { lines: some.slice(0, 5), limitReached: true });
    await assert.rejects(engine.filter({ kind: 'container', text: '(', regex: true }), /invalid regular expression/);
  });

  it('cancels a running filter when a newer one starts', async () => {
    const engine = await indexed('container', generateLog(11, 500));
    const older = engine.filter({ kind: 'container', text: 'tick' });
    const newer = engine.filter({ kind: 'container', text: 'needle' });
    await assert.rejects(older, { name: 'CancelledError' });
    assert.ok((await newer).lines.length > 0);
  });

  it('caps a line at the display limit and marks it truncated', async () => {
    const piece = 'y'.repeat(512 * 1024);
    const log = Buffer.from([0, 1, 2].map((i) => `2026-12-03T21:00:00Z stdout ${i < 2 ? 'P' : 'F'} ${piece}`).join('\n') + '\n2026-12-03T21:00:01Z stdout F tail\n');
    const engine = await indexed('container', log);
    const lines = await engine.readLines(0, 5);
    assert.equal(lines.length, 2);
    assert.equal(lines[0].truncated, true);
    assert.equal(lines[0].text.length, LIMITS.maxLogLineBytes);
    assert.equal(lines[1].text, 'tail');
  });

  it('keeps a partial chain the log ends in as an unterminated line', async () => {
    const engine = await indexed('container', Buffer.from('2026-12-03T21:00:00Z stdout F a\n2026-12-03T21:00:00Z stderr P b'));
    assert.equal(engine.snapshot().lines, 2);
    assert.deepEqual((await engine.readLines(0, 5)).map((l) => l.text), ['a', 'b']);
  });

  it('reads only the bytes of the lines asked for', async () => {
    const log = generateLog(7, 5000);
    const source = bufferSource(log);
    const engine = new LogEngine('container', source, 'test.log');
    await engine.index(() => false, () => undefined);
    const before = source.reads;
    const lines = await engine.readLines(2500, 40);
    assert.equal(lines.length, 40);
    assert.ok(source.reads - before <= 3, `${source.reads - before} reads`);
  });

  it('refuses a source whose size is not a byte count', () => {
    for (const size of [-1, Number.NaN, 2 ** 60]) {
      assert.throws(() => new LogEngine('container', { size, read: async () => Buffer.alloc(0) }, 'bad.log'), /not a byte count/);
    }
  });

  it('stops when asked to and keeps what it indexed', async () => {
    const engine = new LogEngine('container', bufferSource(generateLog(9, 5000)), 'test.log', { chunkSize: 4096 });
    let chunks = 0;
    await assert.rejects(engine.index(() => chunks++ >= 3, () => undefined), { name: 'CancelledError' });
    assert.ok(engine.snapshot().records > 0);
    assert.equal(engine.snapshot().complete, false);
  });
});

describe('LogEngine, CRIU logs', () => {
  const log = Buffer.from(
    [
      '(00.000000) Unable to get $HOME directory, local configuration file will not be used.',
      '(00.041701) Error (criu/util.c:1533): rlimit: Can\'t setup RLIMIT_NOFILE for self: Operation not permitted',
      'pie: 1: Running daemon thread leader',
      '(00.179814) Warn  (compel/arch/x86/src/lib/infect.c:418): Will restore 20030 with interrupted system call',
      '(00.200000) Errors are not counted here: no location',
      'pie: 7: Error (criu/pie/parasite.c:10): parasite failed',
      '(123.000001) Writing stats',
    ].join('\n'),
  );

  it('counts errors and warnings and splits stamp from message', async () => {
    for (const chunkSize of [256, undefined]) {
      const engine = await indexed('criu', log, chunkSize);
      const counts = engine.snapshot();
      assert.deepEqual([counts.lines, counts.errors, counts.warnings], [7, 2, 1]);
      assert.deepEqual([counts.first, counts.last], ['(00.000000)', '(123.000001)']);
      const lines = await engine.readLines(0, 10);
      assert.deepEqual(lines.map((l) => l.level), ['info', 'error', 'info', 'warning', 'info', 'error', 'info']);
      assert.equal(lines[1].time, '(00.041701)');
      assert.equal(lines[1].text.startsWith('Error (criu/util.c:1533)'), true);
      assert.equal(lines[2].time, undefined);
      assert.equal(lines[2].text, 'pie: 1: Running daemon thread leader');
      assert.deepEqual((await engine.filter({ kind: 'criu', level: 'error' })).lines, [1, 5]);
      assert.deepEqual((await engine.filter({ kind: 'criu', level: 'warning' })).lines, [3]);
      assert.deepEqual((await engine.filter({ kind: 'criu', text: 'rlimit' })).lines, [1]);
    }
  });
});
