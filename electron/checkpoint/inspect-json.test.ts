import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toInspectJson } from './index';
import { archivePath, expectedJson, openCheckpoint } from './testing';

interface CheckpointctlDoc {
  container_name: string;
  id: string;
  engine: string;
  ip?: string;
  checkpoint_size: Record<string, number>;
  statistics: Record<string, number>;
  mounts: Array<{ destination: string; type: string; source: string }>;
}

test('inspect --json document for crio-busybox-httpd', async () => {
  const opened = await openCheckpoint(archivePath('crio-busybox-httpd'));
  try {
    const doc = await toInspectJson(opened.checkpoint, opened.archive);
    const expected = (await expectedJson<CheckpointctlDoc[]>('crio-busybox-httpd', 'checkpointctl-inspect.json'))[0];
    // Survives JSON (no bigint, no Buffer).
    const round = JSON.parse(JSON.stringify(doc));
    assert.deepEqual(round, doc);

    assert.equal(doc.container?.name, expected.container_name);
    assert.equal(doc.container?.id, expected.id);
    assert.equal(doc.container?.engine, expected.engine);
    assert.equal(doc.container?.ip, expected.ip);
    assert.equal(doc.container?.hostname, 'a04234789995');
    assert.equal(doc.container?.pod, 'counters');
    assert.equal(doc.container?.namespace, 'default');
    assert.deepEqual(doc.checkpoint_size, expected.checkpoint_size);
    for (const [key, value] of Object.entries(expected.statistics)) assert.equal(doc.statistics?.[key], value);
    assert.deepEqual(doc.mounts.map(({ destination, type, source }) => ({ destination, type, source })), expected.mounts);
    assert.ok(doc.mount_points.length > 0);
    assert.deepEqual(doc.warnings, []);
    assert.equal(doc.containers, undefined);

    assert.deepEqual(doc.processes.map((p) => [p.pid, p.ppid, p.comm, p.state]), [
      [1, 0, 'sh', 'Alive'],
      [7, 1, 'httpd', 'Alive'],
      [38, 1, 'sleep', 'Alive'],
    ]);
    const httpd = doc.processes[1];
    assert.deepEqual(httpd.cmdline, ['httpd', '-f', '-p', '8088', '-h', '/data']);
    assert.ok(httpd.env.includes('HOSTNAME=a04234789995'));
    assert.equal(httpd.cwd, '/data');
    assert.deepEqual(httpd.fds.map((f) => [f.fd, f.type, f.path]), [
      [0, 'REG', '/dev/null'],
      [1, 'PIPE', 'pipe:[29811]'],
      [2, 'PIPE', 'pipe:[29812]'],
      [3, 'INETSK', 'socket:[29888]'],
    ]);
    assert.deepEqual(httpd.sockets, [
      {
        fd: 3,
        family: 'INET6',
        type: 'STREAM',
        protocol: 'TCP',
        state: 'LISTEN',
        local: '[::]:8088',
        remote: '[::]:*',
        send_buf: 16384,
        recv_buf: 131072,
        recv_queue_bytes: 0,
        send_queue_bytes: 0,
      },
    ]);
    const regs = httpd.threads_registers[0].registers;
    assert.match(regs.rip, /^0x[0-9a-f]+$/);
    assert.equal(regs.rip, '0x481a0e');
  } finally {
    await opened.close();
  }
});
