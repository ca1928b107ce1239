// Damaged and unusual archives, made in the test from the real fixtures with tar-stream: the model
// still shows everything it can and says what it could not read, where.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openArchive } from '../archive';
import { toInspectJson } from './inspect-json';
import { archivePath, entryBytes, openCheckpoint, rewriteTar, scratchDir, type Scratch } from './testing';

const SOURCE = archivePath('crio-busybox-httpd');

describe('tolerance', () => {
  let scratch: Scratch;
  before(async () => {
    scratch = await scratchDir();
  });
  after(() => scratch.remove());

  test('truncated core image and corrupt files.img: the rest shows, warnings name file and offset', async () => {
    const core = await entryBytes(SOURCE, 'checkpoint/core-7.img');
    const files = Buffer.from(await entryBytes(SOURCE, 'checkpoint/files.img'));
    // Overwrite the size prefix of the fourth entry with a size far past the end of the image.
    const corrupt = Buffer.from(files);
    const fourth = entryOffsets(files)[3];
    corrupt.writeUInt32LE(0x7fff0000, fourth);
    const file = path.join(scratch.dir, 'damaged.tar');
    await rewriteTar(SOURCE, file, { 'checkpoint/core-7.img': core.subarray(0, 100), 'checkpoint/files.img': corrupt });

    const opened = await openCheckpoint(file);
    try {
      const processes = await opened.checkpoint.processes();
      assert.deepEqual(processes.map((p) => p.pid), [1, 7, 38]);
      const httpd = processes.find((p) => p.pid === 7)!;
      const coreWarning = httpd.warnings.find((w) => w.file === 'checkpoint/core-7.img');
      assert.ok(coreWarning, JSON.stringify(httpd.warnings));
      assert.equal(typeof coreWarning.offset, 'number');
      assert.ok(coreWarning.offset! <= 100);
      // Without its core image the state is unknown, but the tree, memory and fds still show.
      assert.equal(httpd.state, 'Unknown');
      assert.equal(httpd.ppid, 1);
      assert.deepEqual(httpd.cmdline, ['httpd', '-f', '-p', '8088', '-h', '/data']);
      assert.equal(httpd.fds.length, 4);

      // files.img entries before the damage still resolve; later ones are reported, not invented.
      const sh = processes[0];
      assert.equal(sh.state, 'Alive');
      assert.equal(sh.comm, 'sh');
      assert.deepEqual(sh.fds.slice(0, 3).map((f) => f.fd), [0, 1, 2]);
      assert.equal(sh.fds[0].path, '/dev/null');
      assert.equal(sh.fds[1].path, 'pipe:[29811]');
      const filesWarnings = [...sh.warnings, ...(await opened.checkpoint.warnings())].filter((w) => w.file === 'checkpoint/files.img');
      assert.ok(filesWarnings.length > 0);
      assert.ok(filesWarnings.some((w) => w.offset === fourth), JSON.stringify(filesWarnings));
      assert.ok(httpd.warnings.some((w) => w.file === 'checkpoint/files.img' && /fd 3/.test(w.message)));

      // The overview does not depend on either image.
      const [c] = (await opened.checkpoint.overview()).containers;
      assert.equal(c.name, 'counter');
      assert.equal(c.hostname, 'a04234789995');
      assert.equal(c.statistics?.pages_written, 50);
    } finally {
      await opened.close();
    }
  });

  test('missing fdinfo and mm images: per-process warnings, other processes untouched', async () => {
    const file = path.join(scratch.dir, 'missing.tar');
    await rewriteTar(SOURCE, file, { 'checkpoint/fdinfo-4.img': null, 'checkpoint/mm-38.img': null });
    const opened = await openCheckpoint(file);
    try {
      const processes = await opened.checkpoint.processes();
      const sleep = processes.find((p) => p.pid === 38)!;
      assert.deepEqual(sleep.fds, []);
      assert.deepEqual(sleep.cmdline, []);
      assert.deepEqual(
        sleep.warnings.map((w) => w.file).sort(),
        ['checkpoint/fdinfo-4.img', 'checkpoint/mm-38.img'],
      );
      assert.equal(sleep.comm, 'sleep');
      assert.equal(sleep.cwd, '/');
      for (const p of processes.filter((x) => x.pid !== 38)) {
        assert.deepEqual(p.warnings, []);
        assert.ok(p.cmdline.length > 0);
      }
    } finally {
      await opened.close();
    }
  });

  test('a task state CRIU does not write is Unknown with a warning naming the core image', async () => {
    const core = Buffer.from(await entryBytes(SOURCE, 'checkpoint/core-38.img'));
    const file = path.join(scratch.dir, 'helper-state.tar');
    await rewriteTar(SOURCE, file, { 'checkpoint/core-38.img': setTaskState(core, 4) });
    const opened = await openCheckpoint(file);
    try {
      const sleep = (await opened.checkpoint.processes()).find((p) => p.pid === 38)!;
      assert.equal(sleep.state, 'Unknown');
      assert.deepEqual(sleep.warnings, [{ file: 'checkpoint/core-38.img', message: 'task state 4 is none of Alive (1), Dead (2), Stopped (3), Zombie (6)' }]);
      assert.equal(sleep.comm, 'sleep');
    } finally {
      await opened.close();
    }
  });

  test('a zombie task: state and exit code, no fds or memory, no warnings', async () => {
    const core = Buffer.from(await entryBytes(SOURCE, 'checkpoint/core-38.img'));
    const zombie = setTaskState(core, 6);
    // What CRIU writes for a zombie: only its core image (no ids, fs, mm, pagemap, pages).
    const file = path.join(scratch.dir, 'zombie.tar');
    await rewriteTar(SOURCE, file, {
      'checkpoint/core-38.img': zombie,
      'checkpoint/ids-38.img': null,
      'checkpoint/fs-38.img': null,
      'checkpoint/mm-38.img': null,
      'checkpoint/pagemap-38.img': null,
      'checkpoint/pages-3.img': null,
    });
    const opened = await openCheckpoint(file);
    try {
      const processes = await opened.checkpoint.processes();
      const dead = processes.find((p) => p.pid === 38)!;
      assert.equal(dead.state, 'Zombie');
      assert.equal(dead.exitCode, 0);
      assert.deepEqual(dead.fds, []);
      assert.deepEqual(dead.cmdline, []);
      assert.equal(dead.memory, undefined);
      assert.deepEqual(dead.warnings, []);
      assert.equal(processes.find((p) => p.pid === 7)?.sockets.length, 1);
    } finally {
      await opened.close();
    }
  });

  test('a pod checkpoint lists each container and their processes', async () => {
    const file = path.join(scratch.dir, 'pod.tar');
    const second = path.join(scratch.dir, 'second.tar');
    await rewriteTar(archivePath('crio-python-counter'), second, {}, { prefix: 'b2c3d4-py/' });
    const podOptions = { version: 1, containers: { a1b2: 'a1b2c3-counter', b2c3: 'b2c3d4-py' }, annotations: {} };
    await rewriteTar(SOURCE, file, {}, { prefix: 'a1b2c3-counter/', append: [second], extra: { 'pod.options': JSON.stringify(podOptions) } });
    const opened = await openCheckpoint(file);
    try {
      const overview = await opened.checkpoint.overview();
      assert.equal(overview.isPod, true);
      assert.deepEqual(overview.warnings, []);
      assert.deepEqual(
        overview.containers.map((c) => [c.dir, c.name, c.image, c.engine, c.checkpointSize.total]),
        [
          ['a1b2c3-counter', 'counter', 'localhost/counter:latest', 'CRI-O', 250634],
          ['b2c3d4-py', 'counter', 'localhost/counter-py:latest', 'CRI-O', 9149801],
        ],
      );
      assert.equal(overview.containers[1].statistics?.pages_written, 2227);
      assert.equal(overview.containers[0].hostname, 'a04234789995');
      assert.deepEqual((await opened.checkpoint.processes()).map((p) => p.pid), [1, 7, 38]);
      const python = await opened.checkpoint.processesOf('b2c3d4-py');
      assert.deepEqual(python.map((p) => [p.pid, p.comm]), [[1, 'python3']]);
      assert.deepEqual(python[0].cmdline, ['/usr/bin/python3', '-u', '/app/counter.py']);
      assert.ok((await opened.checkpoint.mountPointsOf('b2c3d4-py')).length > 10);
      // inspect --json carries every container's processes and mounts, not only the first one's.
      const doc = await toInspectJson(opened.checkpoint, opened.archive);
      assert.deepEqual(doc.processes.map((p) => p.pid), [1, 7, 38]);
      assert.deepEqual(doc.containers?.map((c) => c.processes?.map((p) => p.comm)), [['sh', 'httpd', 'sleep'], ['python3']]);
      assert.deepEqual(doc.containers?.[1].processes?.[0].cmdline, ['/usr/bin/python3', '-u', '/app/counter.py']);
      assert.equal(doc.containers?.[1].mount_points?.length, (await opened.checkpoint.mountPointsOf('b2c3d4-py')).length);
    } finally {
      await opened.close();
    }
  });

  test('ghost files and queued socket data are linked to their fds', async () => {
    // Hand-made images in CRIU's framing (IMG_COMMON + type magic, u32 size, protobuf, extra bytes):
    // file 2 (/dev/null, fd 0 of sh and sleep) remapped to ghost 0x1a, and queues for socket file 8
    // (httpd's listener, inode 29888 = 0x74c0).
    const remap = image(0x59133954, [bytes(0x08, 2, 0x10, 0x1a, 0x18, 1)]);
    const ghost = image(0x52583605, [bytes(0x08, 0, 0x10, 0, 0x18, 0xa4, 0x03)], Buffer.from('deleted but open'));
    const stream = image(0x51465506, [bytes(0x08, 5, 0x10, 1, 0x18, 3, 0x20, 1, 0x28, 0, 0x30, 7, 0x38, 0xb4, 0x0b)], Buffer.from('hello' + 'abc'));
    const queue = image(0x56264026, [bytes(0x08, 8, 0x10, 4)], Buffer.from('ping'));
    const file = path.join(scratch.dir, 'ghost.tar');
    await rewriteTar(SOURCE, file, {}, {
      extra: {
        'checkpoint/remap-fpath.img': remap,
        'checkpoint/ghost-file-1a.img': ghost,
        'checkpoint/tcp-stream-74c0.img': stream,
        'checkpoint/sk-queues.img': queue,
      },
    });
    const opened = await openCheckpoint(file);
    try {
      const processes = await opened.checkpoint.processes();
      const stdin = processes[0].fds[0];
      assert.equal(stdin.fileId, 2);
      assert.equal(stdin.deleted, true);
      assert.equal(stdin.path, '/dev/null (deleted)');
      assert.equal(stdin.ghostImage, 'checkpoint/ghost-file-1a.img');
      // httpd's fd 0 is another file object (id 7): not remapped.
      assert.equal(processes[1].fds[0].deleted, undefined);
      const [socket] = processes[1].sockets;
      assert.equal(socket.recvQueueBytes, 5);
      assert.equal(socket.sendQueueBytes, 3);
      assert.equal(socket.queueImage, 'checkpoint/tcp-stream-74c0.img');
      for (const p of processes) assert.deepEqual(p.warnings, [], `pid ${p.pid}`);
    } finally {
      await opened.close();
    }
  });

  test('an archive with no CRIU dump says so', async () => {
    const file = path.join(scratch.dir, 'empty.tar');
    await rewriteTar(SOURCE, file, {}, { prefix: 'x/' });
    const opened = await openCheckpoint(file);
    try {
      // x/checkpoint/ is found as a pod-style folder even without pod.options.
      const overview = await opened.checkpoint.overview();
      assert.equal(overview.containers.length, 1);
      assert.equal(overview.containers[0].dir, 'x');
    } finally {
      await opened.close();
    }
    const bare = path.join(scratch.dir, 'bare.tar');
    await rewriteTar(SOURCE, bare, Object.fromEntries((await listNames(SOURCE)).filter((n) => n.startsWith('checkpoint')).map((n) => [n.replace(/\/$/, ''), null])));
    const none = await openCheckpoint(bare);
    try {
      const overview = await none.checkpoint.overview();
      assert.deepEqual(overview.containers, []);
      assert.match(overview.warnings.map((w) => w.message).join('\n'), /no CRIU checkpoint found/);
      assert.deepEqual(await none.checkpoint.processes(), []);
    } finally {
      await none.close();
    }
  });
});

function bytes(...values: number[]): Buffer {
  return Buffer.from(values);
}

/** A CRIU image: IMG_COMMON and type magic, then each message with its u32 size, then `extra`. */
function image(magic: number, messages: Buffer[], extra: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32LE(0x54564319, 0);
  head.writeUInt32LE(magic, 4);
  const parts = messages.flatMap((m) => {
    const size = Buffer.alloc(4);
    size.writeUInt32LE(m.length, 0);
    return [size, m];
  });
  return Buffer.concat([head, ...parts, extra]);
}

/** Offsets of the u32 size prefixes of a CRIU image's entries (after the two magics). */
function entryOffsets(image: Buffer): number[] {
  const offsets: number[] = [];
  for (let at = 8; at + 4 <= image.length; at += 4 + image.readUInt32LE(at)) offsets.push(at);
  return offsets;
}

/** Sets core_entry.tc.task_state (field 3 -> field 1, a one-byte varint) in a core image. */
function setTaskState(image: Buffer, state: number): Buffer {
  const out = Buffer.from(image);
  let at = 12; // magics + size of the only entry
  while (at < out.length) {
    const key = out[at];
    const field = key >> 3;
    const wire = key & 7;
    at++;
    if (wire === 0) {
      while (out[at] & 0x80) at++;
      at++;
      continue;
    }
    if (wire !== 2) throw new Error(`unexpected wire type ${wire}`);
    let length = 0;
    let shift = 0;
    while (out[at] & 0x80) {
      length |= (out[at] & 0x7f) << shift;
      shift += 7;
      at++;
    }
    length |= out[at] << shift;
    at++;
    if (field === 3) {
      assert.equal(out[at], 0x08); // task_state, varint
      out[at + 1] = state;
      return out;
    }
    at += length;
  }
  throw new Error('no tc in core image');
}

async function listNames(file: string): Promise<string[]> {
  const archive = await openArchive(file);
  try {
    return archive.entries.filter((e) => !e.parent).map((e) => e.path);
  } finally {
    await archive.close();
  }
}
