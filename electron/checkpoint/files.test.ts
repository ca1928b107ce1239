// The file table with hand-made decoded images: REG twins of FIFO/TTY/TUN entries (CRIU saves their
// path under the same id), legacy per-type images, and the fd descriptions built from them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OpenedArchive } from '../archive/types';
import type { DecodedImage, Message } from '../criu/types';
import { FileTable } from './files';
import { describeSocket, SocketQueues } from './sockets';
import { MAX_WARNINGS, Sources, Warnings } from './sources';

function decoded(file: string, type: string, messages: Message[]): DecodedImage {
  return {
    file,
    magic: 'TEST',
    raw: false,
    warnings: [],
    totalSize: 0,
    decodedBytes: 0,
    entries: messages.map((message, i) => ({ offset: i, size: 0, type, message, extras: [] })),
  };
}

function sourcesOf(images: Record<string, DecodedImage>): Sources {
  const archive = {
    entries: Object.keys(images).map((path) => ({ path, type: 'file' })),
    getEntry: (path: string) => (images[path] ? { path, type: 'file' } : undefined),
    warnings: [],
  } as unknown as OpenedArchive;
  return new Sources(archive, { get: async (path) => images[path] });
}

function tableOf(images: Record<string, DecodedImage>): Promise<FileTable> {
  return FileTable.load(sourcesOf(images), 'checkpoint/', new Warnings());
}

const fown = { uid: 0, euid: 0, signum: 0, pid_type: 0, pid: 0 };

describe('FileTable', () => {
  test('a FIFO, TTY and TUN file show the path of their REG twin (same id) and its open flags', async () => {
    const table = await tableOf({
      'checkpoint/files.img': decoded('checkpoint/files.img', 'file_entry', [
        { type: 1, id: 5, reg: { id: 5, flags: 0o4001, pos: 0n, fown, name: '/run/ctl.fifo' } },
        { type: 3, id: 5, fifo: { id: 5, pipe_id: 4242 } },
        { type: 1, id: 6, reg: { id: 6, flags: 2, pos: 0n, fown, name: '/dev/pts/3' } },
        { type: 11, id: 6, tty: { id: 6, tty_info_id: 9, flags: 2, fown } },
        { type: 1, id: 7, reg: { id: 7, flags: 2, pos: 0n, fown, name: '/dev/net/tun' } },
        { type: 15, id: 7, tunf: { id: 7, netdev: 'tun0' } },
        { type: 1, id: 8, reg: { id: 8, flags: 0, pos: 12n, fown, name: '/etc/hosts' } },
      ]),
    });
    const fifo = table.describe(3, 1, 5, 'FIFO', 'x86_64');
    assert.equal(fifo.type, 'FIFO');
    assert.equal(fifo.path, '/run/ctl.fifo');
    assert.deepEqual(fifo.flagNames, ['O_WRONLY', 'O_NONBLOCK', 'O_CLOEXEC']);
    const tty = table.describe(0, 0, 6, 'TTY', 'x86_64');
    assert.equal(tty.type, 'TTY');
    assert.equal(tty.path, '/dev/pts/3');
    assert.equal(table.describe(4, 0, 7, 'TUNF', 'x86_64').type, 'TUNF');
    // The REG twins are not file descriptors of their own, but stay REG paths.
    assert.equal(table.regPath(5), '/run/ctl.fifo');
    assert.equal(table.lookup(5, 'FIFO')?.type, 'FIFO');
    const hosts = table.describe(9, 0, 8, 'REG', 'x86_64');
    assert.equal(hosts.path, '/etc/hosts');
    assert.equal(hosts.pos, 12);
  });

  test('legacy per-type images: a FIFO listed after its REG twin is still a FIFO', async () => {
    const table = await tableOf({
      'checkpoint/reg-files.img': decoded('checkpoint/reg-files.img', 'reg_file_entry', [
        { id: 5, flags: 0, pos: 0n, fown, name: '/tmp/old.fifo' },
      ]),
      'checkpoint/fifo.img': decoded('checkpoint/fifo.img', 'fifo_entry', [{ id: 5, pipe_id: 77 }]),
    });
    const fifo = table.describe(0, 0, 5, 'FIFO', 'x86_64');
    assert.equal(fifo.type, 'FIFO');
    assert.equal(fifo.path, '/tmp/old.fifo');
  });

  test('a file missing from the table is named, not invented', async () => {
    const table = await tableOf({ 'checkpoint/files.img': decoded('checkpoint/files.img', 'file_entry', []) });
    assert.equal(table.lookup(3, 'REG'), undefined);
    assert.equal(table.describe(1, 0, 3, 'PIPE', 'x86_64').path, 'PIPE.3 (file 3 not in the file table)');
  });

  test('netlink sockets: netlink states and protocol names, queued bytes from sk-queues', async () => {
    const images = {
      'checkpoint/files.img': decoded('checkpoint/files.img', 'file_entry', [
        { type: 13, id: 4, nlsk: { id: 4, ino: 991, protocol: 0, state: 1, flags: 0, portid: 17, dst_portid: 0, dst_group: 0, fown, opts: { so_sndbuf: 212992, so_rcvbuf: 212992 } } },
      ]),
      'checkpoint/sk-queues.img': decoded('checkpoint/sk-queues.img', 'sk_packet_entry', [{ id_for: 4, length: 20 }, { id_for: 4, length: 36 }]),
    };
    const sources = sourcesOf(images);
    const warnings = new Warnings();
    const table = await FileTable.load(sources, 'checkpoint/', warnings);
    const queues = await SocketQueues.load(sources, 'checkpoint/', warnings);
    const socket = await describeSocket(5, table.lookup(4, 'NETLINKSK')!, table, queues, warnings);
    assert.equal(socket?.family, 'NETLINK');
    assert.equal(socket?.protocol, 'ROUTE');
    assert.equal(socket?.state, 'CONNECTED');
    assert.equal(socket?.local, 'portid 17');
    assert.equal(socket?.recvQueueBytes, 56);
    assert.equal(socket?.queueImage, 'checkpoint/sk-queues.img');
  });

  test('a warning list keeps its first distinct warnings and counts the rest', () => {
    const warnings = new Warnings();
    for (let i = 0; i < MAX_WARNINGS + 50; i++) {
      warnings.add({ file: 'checkpoint/files.img', message: `fd ${i}: file ${i} is not in the file table` });
      warnings.add({ file: 'checkpoint/files.img', message: `fd ${i}: file ${i} is not in the file table` });
    }
    const list = warnings.toArray();
    assert.equal(list.length, MAX_WARNINGS + 1);
    assert.equal(list[MAX_WARNINGS - 1].message, `fd ${MAX_WARNINGS - 1}: file ${MAX_WARNINGS - 1} is not in the file table`);
    assert.deepEqual(list[MAX_WARNINGS], { file: 'checkpoint/files.img', message: `50 more warnings not listed (only the first ${MAX_WARNINGS} are kept)` });
  });

  test('unix sockets: relative names completed with name_dir, deleted socket files marked, peers by inode', async () => {
    const unix = (id: number, ino: number, peer: number, name: string, extra: Message = {}) => ({
      type: 5,
      id,
      usk: { id, ino, type: 1, state: 1, flags: 0, uflags: 0, backlog: 0, peer, fown, opts: { so_sndbuf: 1, so_rcvbuf: 1 }, name: new TextEncoder().encode(name), ...extra },
    });
    const images = {
      'checkpoint/files.img': decoded('checkpoint/files.img', 'file_entry', [
        unix(1, 100, 101, 'app.sock', { name_dir: '/run/app/' }),
        unix(2, 101, 100, ''),
        unix(3, 102, 0, '/tmp/gone.sock', { deleted: true }),
        unix(4, 103, 0, '\0abstract\0x'),
      ]),
    };
    const sources = sourcesOf(images);
    const warnings = new Warnings();
    const table = await FileTable.load(sources, 'checkpoint/', warnings);
    const queues = await SocketQueues.load(sources, 'checkpoint/', warnings);
    const socket = async (id: number) => describeSocket(id, table.lookup(id, 'UNIXSK')!, table, queues, warnings);
    assert.equal((await socket(1))?.local, '/run/app/app.sock');
    assert.equal((await socket(2))?.local, '');
    assert.equal((await socket(2))?.remote, '/run/app/app.sock');
    assert.equal((await socket(1))?.remote, 'socket:[101]', 'an unnamed peer by inode');
    assert.equal((await socket(3))?.local, '/tmp/gone.sock (deleted)');
    assert.equal((await socket(4))?.local, '@abstract@x');
  });
});
