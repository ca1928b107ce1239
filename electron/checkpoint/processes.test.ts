import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ProcessInfo } from '../../shared/model';
import { ARCHIVES, archivePath, byteToString, expectedJson, expectedText, FIXTURES, openCheckpoint, parseShowTable, scratchDir, type Opened } from './testing';

interface TreeNode {
  pid: number;
  command: string;
  cmdline: string;
  environment_variables: Record<string, string>;
  children?: TreeNode[];
}
interface OpenFile {
  type: string;
  fd: string;
  path: string;
}
interface SocketData {
  protocol: string;
  data: { type: string; state: string; src: string; src_port: number; dst: string; dst_port?: number; send_buf: string; recv_buf: string };
}
interface InspectDoc {
  process_tree: TreeNode;
  file_descriptors: Array<{ pid: number; open_files: OpenFile[] }>;
  sockets?: Array<{ pid: number; open_sockets: SocketData[] }>;
}
interface CritImage<T> {
  entries: T[];
}
interface CritCore {
  tc: { task_state: string; comm: string; exit_code: number };
  thread_core: { creds: { uid: number; gid: number; cap_eff: number[]; cap_bnd: number[] }; seccomp_mode?: string };
  thread_info: { gpregs: Record<string, string> };
}

function flatten(node: TreeNode, parent = 0): Array<TreeNode & { parent: number }> {
  return [{ ...node, parent }, ...(node.children ?? []).flatMap((c) => flatten(c, node.pid))];
}

/** checkpointctl's spelling of an fd target: go-criu ExploreFds names pipes "pipe[N]" and every
 *  other non-file "TYPE.id"; the model uses the /proc/<pid>/fd spelling ("pipe:[N]", "socket:[ino]"). */
function checkpointctlPath(fd: ProcessInfo['fds'][number]): string {
  if (fd.type === 'REG') return fd.path;
  if (fd.type === 'PIPE') return fd.path.replace('pipe:[', 'pipe[');
  return `${fd.type}.${fd.fileId}`;
}

/** "16.0 KB" -> 16384 (checkpointctl's socket buffer sizes, 1024-based). */
function parseKb(text: string): number {
  const [value, unit] = text.split(' ');
  const scale: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2 };
  return Math.round(Number(value) * scale[unit]);
}

for (const name of ARCHIVES) {
  describe(`processes of ${name}`, () => {
    let opened: Opened;
    let processes: ProcessInfo[];
    let expected: InspectDoc;

    before(async () => {
      opened = await openCheckpoint(archivePath(name));
      processes = await opened.checkpoint.processes();
      expected = (await expectedJson<InspectDoc[]>(name, 'checkpointctl-inspect.json'))[0];
    });
    after(() => opened.close());

    test('memoised', async () => {
      assert.equal(await opened.checkpoint.processes(), processes);
    });

    test('tree: pid, ppid, comm match checkpointctl and pstree.img', async () => {
      const tree = flatten(expected.process_tree);
      assert.deepEqual(
        processes.map((p) => [p.pid, p.ppid, p.comm]).sort(),
        tree.map((n) => [n.pid, n.parent, n.command]).sort(),
      );
      const pstree = await expectedJson<CritImage<{ pid: number; ppid: number; pgid: number; sid: number; threads: number[] }>>(name, 'crit/pstree.img.json');
      assert.deepEqual(
        processes.map((p) => ({ pid: p.pid, ppid: p.ppid, pgid: p.pgid, sid: p.sid, threads: p.threads })),
        pstree.entries,
      );
      for (const p of processes) {
        assert.equal(p.state, 'Alive');
        assert.equal(p.exitCode, undefined);
        assert.deepEqual(p.warnings, [], `pid ${p.pid}`);
      }
    });

    test('argv and environment read from memory', () => {
      for (const node of flatten(expected.process_tree)) {
        const p = processes.find((x) => x.pid === node.pid);
        assert.ok(p);
        assert.ok(p.cmdline.length > 0);
        // checkpointctl joins argv with spaces, which leaves a trailing space from the final NUL and
        // loses the argument boundaries; the model keeps argv as the list it is.
        assert.equal(`${p.cmdline.join(' ')} `, node.cmdline);
        const env = Object.fromEntries(p.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
        assert.deepEqual(env, node.environment_variables);
      }
      const sh = processes.find((p) => p.comm === 'sh');
      if (sh) assert.deepEqual(sh.cmdline.slice(0, 2), ['sh', '-c']);
      if (name === 'crio-python-counter') {
        assert.deepEqual(processes[0].cmdline, ['/usr/bin/python3', '-u', '/app/counter.py']);
        assert.ok(processes[0].env.includes('COUNTER_HOME=/home/counter'));
      }
    });

    test('open files, cwd and root match checkpointctl', () => {
      for (const group of expected.file_descriptors) {
        const p = processes.find((x) => x.pid === group.pid);
        assert.ok(p);
        const ours: OpenFile[] = p.fds.map((fd) => ({ type: fd.type, fd: `${fd.type} ${fd.fd}`, path: checkpointctlPath(fd) }));
        ours.push({ type: '', fd: 'cwd', path: p.cwd ?? '' }, { type: '', fd: 'root', path: p.root ?? '' });
        assert.deepEqual(ours, group.open_files);
        if (name !== 'crio-python-counter') assert.equal(p.exe, '/bin/busybox');
      }
      if (name === 'crio-python-counter') {
        const testFile = processes[0].fds.find((f) => f.path === '/home/counter/test-file');
        assert.ok(testFile);
        assert.deepEqual(testFile.flagNames, ['O_WRONLY', 'O_APPEND', 'O_LARGEFILE', 'O_CLOEXEC']);
        assert.equal(testFile.pos, 33);
        assert.equal(processes[0].exe, '/usr/bin/python3.11');
      }
      const stdin = processes[0].fds[0];
      assert.equal(stdin.path, '/dev/null');
      assert.equal(stdin.flagNames[0], 'O_RDWR');
    });

    test('sockets match checkpointctl, with IPv6 addresses in brackets', () => {
      const withSockets = processes.filter((p) => p.sockets.length > 0);
      assert.deepEqual(
        withSockets.map((p) => p.pid),
        (expected.sockets ?? []).map((s) => s.pid),
      );
      for (const group of expected.sockets ?? []) {
        const p = processes.find((x) => x.pid === group.pid);
        assert.ok(p);
        assert.equal(p.sockets.length, group.open_sockets.length);
        p.sockets.forEach((socket, i) => {
          const theirs = group.open_sockets[i].data;
          assert.equal(socket.protocol, theirs.type);
          assert.equal(socket.state, theirs.state);
          assert.equal(socket.sendBuf, parseKb(theirs.send_buf));
          assert.equal(socket.recvBuf, parseKb(theirs.recv_buf));
          // go-criu v8.2.0 (used by checkpointctl) writes all four IPv6 words over the same 4 bytes;
          // it prints "::" here only because the address is all zeros.
          const local = socket.family === 'INET6' ? `[${theirs.src}]:${theirs.src_port}` : `${theirs.src}:${theirs.src_port}`;
          assert.equal(socket.local, local);
          assert.equal(socket.remote, socket.family === 'INET6' ? `[${theirs.dst}]:*` : `${theirs.dst}:*`);
          assert.equal(socket.recvQueueBytes, 0);
          assert.equal(socket.sendQueueBytes, 0);
          assert.equal(p.fds.find((f) => f.fd === socket.fd)?.path, `socket:[${socket.ino}]`);
        });
      }
      if (name.endsWith('busybox-httpd')) {
        const httpd = processes.find((p) => p.pid === 7);
        assert.equal(httpd?.sockets[0].local, '[::]:8088');
        assert.equal(httpd?.sockets[0].family, 'INET6');
      }
      if (name === 'crio-python-counter') assert.equal(processes[0].sockets[0].local, '0.0.0.0:8088');
    });

    test('credentials, capabilities, seccomp and registers match the core images', async () => {
      for (const p of processes) {
        for (const thread of p.threadInfo) {
          const core = (await expectedJson<CritImage<CritCore>>(name, `crit/core-${thread.tid}.img.json`)).entries[0];
          const regs = Object.fromEntries(thread.registers);
          assert.equal(thread.arch, 'x86_64');
          assert.equal(regs.rip, core.thread_info.gpregs.ip);
          assert.equal(regs.rsp, core.thread_info.gpregs.sp);
          assert.equal(regs.rax, core.thread_info.gpregs.ax);
          assert.equal(regs.eflags, core.thread_info.gpregs.flags);
          assert.equal(regs.orig_rax, core.thread_info.gpregs.orig_ax);
          assert.deepEqual(thread.registers.slice(0, 4).map(([n]) => n), ['rax', 'rbx', 'rcx', 'rdx']);
          if (thread.tid !== p.pid) continue;
          assert.equal(core.tc.task_state, p.state);
          assert.equal(core.tc.comm, p.comm);
          const creds = core.thread_core.creds;
          assert.equal(p.creds?.uid, creds.uid);
          const eff = BigInt(creds.cap_eff[0]) | (BigInt(creds.cap_eff[1]) << 32n);
          assert.equal(p.creds?.capEff, `0x${eff.toString(16).padStart(16, '0')}`);
          assert.equal(p.seccompMode, core.thread_core.seccomp_mode);
        }
        // The OCI default set minus CAP_NET_RAW etc.: CAP_CHOWN is bit 0, CAP_SETFCAP bit 31.
        assert.ok(p.creds?.capEffNames.includes('CAP_CHOWN'));
        assert.ok(p.creds?.capEffNames.includes('CAP_NET_BIND_SERVICE'));
        assert.ok(!p.creds?.capEffNames.includes('CAP_SYS_ADMIN'));
      }
      if (name === 'crio-python-counter') assert.deepEqual(processes[0].threadInfo.map((t) => t.tid), [1, 6]);
    });

    test('memory summary matches checkpointctl memparse', async () => {
      const rows = parseShowTable(await expectedText(name, 'checkpointctl-memparse.txt'));
      assert.equal(rows.length, processes.length);
      for (const row of rows) {
        const p = processes.find((x) => x.pid === Number(row.PID));
        assert.ok(p?.memory);
        assert.equal(row['PROCESS NAME'], p.comm);
        assert.equal(row['MEMORY SIZE'], byteToString(p.memory.dumpedBytes));
        assert.equal(row['SHARED MEMORY SIZE'], byteToString(p.memory.sharedBytes));
        assert.ok(p.memory.regions > 0);
      }
    });

    test('mount points match mountpoints-13.img', async () => {
      const mounts = await opened.checkpoint.mountPoints();
      const crit = await expectedJson<CritImage<Record<string, string | number>>>(name, 'crit/mountpoints-13.img.json');
      const fstypes: Record<number, string> = { 1: 'proc', 2: 'sysfs', 5: 'tmpfs', 6: 'devpts', 12: 'cgroup', 14: 'mqueue', 17: 'overlay', 23: 'cgroup2' };
      assert.equal(mounts.length, crit.entries.length);
      mounts.forEach((m, i) => {
        const c = crit.entries[i];
        assert.equal(m.mntId, c.mnt_id);
        assert.equal(m.parentMntId, c.parent_mnt_id);
        assert.equal(m.mountpoint, c.mountpoint);
        assert.equal(m.root, c.root);
        assert.equal(m.source, c.source);
        assert.equal(m.dev, c.root_dev);
        assert.equal(m.fstype, fstypes[c.fstype as number] ?? m.fstype);
        assert.equal(m.external, c.ext_key);
        const readOnly = (Number(c.flags) & 1) === 1;
        assert.ok(m.options.startsWith(readOnly ? 'ro' : 'rw'), m.options);
        if (c.options) assert.ok(m.options.endsWith(String(c.options)), m.options);
      });
      assert.ok(mounts.some((m) => m.mountpoint === '/' && m.fstype === 'overlay'));
      assert.ok(mounts.some((m) => m.mountpoint === '/proc' && m.fstype === 'proc'));
    });
  });
}

describe('plain CRIU image folders', () => {
  test('criu2018-sleep: test.sh -> sleep 1, log file fds', async () => {
    const opened = await openCheckpoint(path.join(FIXTURES, 'images', 'criu2018-sleep'));
    try {
      const processes = await opened.checkpoint.processes();
      assert.deepEqual(
        processes.map((p) => [p.pid, p.ppid, p.comm, p.cmdline]),
        [
          [53948, 0, 'test.sh', ['/bin/sh', './test.sh']],
          [54362, 53948, 'sleep', ['sleep', '1']],
        ],
      );
      for (const p of processes) {
        assert.deepEqual(p.warnings, []);
        assert.equal(p.cwd, '/home/t/test/criu/example/simple1');
        assert.equal(p.root, '/');
        assert.ok(p.env.some((e) => e.startsWith('PATH=')));
        assert.deepEqual(p.fds.slice(0, 3).map((f) => f.path), ['/dev/null', `${p.cwd}/test.log`, `${p.cwd}/test.log`]);
        assert.equal(p.fds[1].pos, 638);
      }
      assert.equal(processes[0].exe, '/bin/dash');
      assert.deepEqual(processes[0].fds[3], {
        fd: 10,
        type: 'REG',
        path: '/home/t/test/criu/example/simple1/test.sh',
        flags: 0o2100000,
        flagNames: ['O_RDONLY', 'O_LARGEFILE', 'O_CLOEXEC'],
        fileId: processes[0].fds[3].fileId,
        pos: 48,
      });
    } finally {
      await opened.close();
    }
  });

  test('a tarred image folder (dump/pstree.img ...) is found, memory included', async () => {
    const scratch = await scratchDir();
    const file = path.join(scratch.dir, 'dump.tar');
    execFileSync('tar', ['-cf', file, '-C', path.join(FIXTURES, 'images'), '--transform', 's,^criu2018-sleep,dump,', 'criu2018-sleep']);
    const opened = await openCheckpoint(file);
    try {
      assert.deepEqual((await opened.checkpoint.layout()).containers, [{ dir: 'dump', images: 'dump/' }]);
      const [container] = (await opened.checkpoint.overview()).containers;
      assert.equal(container.engine, 'CRIU');
      assert.equal(container.statistics?.pages_written, 49);
      const processes = await opened.checkpoint.processes();
      assert.deepEqual(processes.map((p) => [p.pid, p.cmdline]), [
        [53948, ['/bin/sh', './test.sh']],
        [54362, ['sleep', '1']],
      ]);
      for (const p of processes) assert.deepEqual(p.warnings, []);
    } finally {
      await opened.close();
      await scratch.remove();
    }
  });

  test('criu2024-htop: TTY file descriptors, 62 VMAs', async () => {
    const opened = await openCheckpoint(path.join(FIXTURES, 'images', 'criu2024-htop'));
    try {
      const [htop, ...rest] = await opened.checkpoint.processes();
      assert.equal(rest.length, 0);
      assert.equal(htop.comm, 'htop');
      assert.deepEqual(htop.cmdline, ['htop']);
      assert.ok(htop.env.length > 10);
      assert.deepEqual(htop.fds.slice(0, 3).map((f) => [f.fd, f.type, f.path]), [
        [0, 'TTY', '/dev/pts/3'],
        [1, 'TTY', '/dev/pts/3'],
        [2, 'TTY', '/dev/pts/3'],
      ]);
      assert.equal(htop.memory?.regions, 62);
      assert.equal(htop.exe, '/usr/bin/htop');
      assert.deepEqual(htop.warnings, []);
      assert.deepEqual(await opened.checkpoint.mountPoints(), []);
    } finally {
      await opened.close();
    }
  });
});
