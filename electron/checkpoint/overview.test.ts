import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ContainerOverview } from '../../shared/model';
import { podmanNetworks } from './engine';
import {
  ARCHIVES,
  archivePath,
  byteToString,
  entryBytes,
  expectedJson,
  expectedText,
  FIXTURES,
  openCheckpoint,
  parseShowTable,
  rewriteTar,
  scratchDir,
  type Opened,
  type Scratch,
} from './testing';

interface InspectDoc {
  container_name: string;
  image: string;
  id: string;
  runtime: string;
  created: string;
  checkpointed?: string;
  engine: string;
  ip?: string;
  checkpoint_size: { total_size: number; memory_pages_size?: number; root_fs_diff_size?: number };
  statistics: Record<string, number>;
  mounts: Array<{ destination: string; type: string; source: string }>;
}

for (const name of ARCHIVES) {
  describe(`overview of ${name}`, () => {
    let opened: Opened;
    let container: ContainerOverview;
    let expected: InspectDoc;

    before(async () => {
      opened = await openCheckpoint(archivePath(name));
      const overview = await opened.checkpoint.overview();
      assert.equal(overview.containers.length, 1);
      assert.equal(overview.isPod, false);
      assert.deepEqual(overview.warnings, []);
      container = overview.containers[0];
      expected = (await expectedJson<InspectDoc[]>(name, 'checkpointctl-inspect.json'))[0];
    });
    after(() => opened.close());

    test('identity matches checkpointctl inspect', () => {
      assert.equal(container.name, expected.container_name);
      assert.equal(container.image, expected.image);
      assert.equal(container.id, expected.id);
      assert.equal(container.runtime, expected.runtime);
      assert.equal(container.engine, expected.engine);
      assert.deepEqual(container.warnings, []);
    });

    test('created and checkpointed keep full precision', () => {
      // checkpointctl prints Podman's createdTime and every checkpointedTime through Go's
      // time.RFC3339 (whole seconds); CRI-O's io.kubernetes.cri-o.Created is printed as written.
      // The model keeps the recorded value; cut to seconds it is checkpointctl's.
      assert.ok(container.created);
      if (expected.engine === 'CRI-O') assert.equal(container.created, expected.created);
      assert.equal(toSeconds(container.created), toSeconds(expected.created));
      if (expected.checkpointed) {
        assert.ok(container.checkpointed);
        assert.equal(toSeconds(container.checkpointed), toSeconds(expected.checkpointed));
      } else {
        // Podman's config.dump has no checkpointedTime.
        assert.equal(container.checkpointed, undefined);
      }
    });

    test('IP address', () => {
      if (expected.engine === 'CRI-O') {
        assert.equal(container.ip, expected.ip);
        assert.deepEqual(container.networks.map((n) => n.ip), [expected.ip]);
      } else {
        // checkpointctl never shows an IP for Podman; the address would be in network.status,
        // which is "null" in these archives (the container ran without a network), so there is none.
        assert.equal(expected.ip, undefined);
        assert.equal(container.ip, undefined);
        assert.deepEqual(container.networks, []);
      }
    });

    test('checkpoint sizes are checkpointctl total_size, memory_pages_size, root_fs_diff_size', () => {
      assert.equal(container.checkpointSize.total, expected.checkpoint_size.total_size);
      assert.equal(container.checkpointSize.memoryPages, expected.checkpoint_size.memory_pages_size ?? 0);
      assert.equal(container.checkpointSize.rootfsDiff, expected.checkpoint_size.root_fs_diff_size);
      assert.equal(container.checkpointSize.amdGpuPages, undefined);
    });

    test('CRIU dump statistics, with the fields checkpointctl leaves out', async () => {
      assert.ok(container.statistics);
      for (const [key, value] of Object.entries(expected.statistics)) assert.equal(container.statistics[key], value, key);
      const crit = await expectedJson<{ entries: Array<{ dump: Record<string, number> }> }>(name, 'crit/stats-dump.json');
      assert.deepEqual(container.statistics, crit.entries[0].dump);
    });

    test('the checkpointctl show row', async () => {
      const [row] = parseShowTable(await expectedText(name, 'checkpointctl-show.txt'));
      assert.equal(row.CONTAINER, container.name);
      assert.equal(row.IMAGE, container.image);
      assert.equal(row.ID, container.id?.slice(0, 12));
      assert.equal(row.RUNTIME, container.runtime);
      assert.equal(row.ENGINE, container.engine);
      assert.equal(row['CHKPT SIZE'], byteToString(container.checkpointSize.total));
      assert.equal(row['ROOT FS DIFF SIZE'], byteToString(container.checkpointSize.rootfsDiff ?? 0));
      assert.equal(row.IP, container.engine === 'CRI-O' ? container.ip : undefined);
    });

    test('hostname from the root task UTS namespace image', async () => {
      const uts = await expectedJson<{ entries: Array<{ nodename: string }> }>(name, 'crit/utsns-12.img.json');
      assert.equal(container.hostname, uts.entries[0].nodename);
      assert.equal(container.hostname, expected.id.slice(0, 12));
    });

    test('CRIU version and kernel', () => {
      if (name.startsWith('crio')) {
        // dump.log's first lines: "Version: 4.1.1 (gitid 0)", "Running on vm Linux 6.18.44-fc-v1252 ...".
        assert.equal(container.criuVersion, '4.1.1');
        assert.match(container.kernel ?? '', /^Linux 6\.18\.44-fc-v1252 .* x86_64$/);
      } else {
        // Podman's export carries no dump.log and no org.criu.* annotations.
        assert.equal(container.criuVersion, undefined);
        assert.equal(container.kernel, undefined);
      }
    });

    test('spec.dump mounts are checkpointctl mounts', () => {
      assert.deepEqual(
        container.specMounts.map(({ destination, type, source }) => ({ destination, type, source })),
        expected.mounts,
      );
      assert.ok(container.specMounts.every((m) => Array.isArray(m.options)));
    });

    test('labels, annotations and JSON-valued annotations', () => {
      assert.equal(container.annotations['io.container.manager'], container.engine === 'CRI-O' ? 'cri-o' : 'libpod');
      if (container.engine === 'CRI-O') {
        assert.equal(container.pod, 'counters');
        assert.equal(container.namespace, 'default');
        assert.equal(container.labels['io.kubernetes.pod.name'], 'counters');
        assert.deepEqual(container.annotationsParsed['io.kubernetes.cri-o.Metadata'], { name: 'counter' });
        const volumes = container.annotationsParsed['io.kubernetes.cri-o.Volumes'] as Array<{ container_path: string }>;
        assert.deepEqual(volumes.map((v) => v.container_path), container.bindMounts.map((m) => m.destination));
        assert.equal(container.annotationsParsed['io.kubernetes.cri-o.IP.0'], undefined);
      } else {
        assert.equal(container.pod, undefined);
        if (name === 'podman-busybox-httpd') assert.deepEqual(container.labels, { app: 'counter' });
        assert.deepEqual(container.annotationsParsed, {});
      }
    });

    test('bind mounts from bind.mounts (CRI-O only)', () => {
      if (container.engine === 'CRI-O') {
        const expectedDestinations = name === 'crio-busybox-httpd' ? ['/data', '/etc/hosts'] : ['/usr', '/app', '/etc/hosts'];
        assert.deepEqual(container.bindMounts.map((m) => m.destination), expectedDestinations);
        for (const m of container.bindMounts) {
          assert.ok(m.source.startsWith('/'));
          assert.ok(m.fileType === 'file' || m.fileType === 'directory');
          assert.equal(typeof m.permissions, 'number');
        }
      } else {
        assert.deepEqual(container.bindMounts, []);
      }
    });
  });
}

function toSeconds(time: string | undefined): number {
  return Math.floor(Date.parse(time ?? '') / 1000);
}

describe('overview edge cases', () => {
  let scratch: Scratch;
  before(async () => {
    scratch = await scratchDir();
  });
  after(() => scratch.remove());

  test('Podman network.status gives IP, MAC and every network (checkpointctl shows none)', async () => {
    const status = {
      podman: { interfaces: { eth0: { subnets: [{ ipnet: '10.88.0.5/16', gateway: '10.88.0.1' }], mac_address: '2a:5b:94:3c:11:07' } } },
      net2: { interfaces: { eth1: { subnets: [{ ipnet: '10.89.1.2/24', gateway: '10.89.1.1' }], mac_address: '5e:b7:fe:ee:e0:d8' } } },
    };
    const file = path.join(scratch.dir, 'net.tar');
    await rewriteTar(archivePath('podman-busybox'), file, { 'network.status': JSON.stringify(status) });
    const opened = await openCheckpoint(file);
    try {
      const [c] = (await opened.checkpoint.overview()).containers;
      assert.equal(c.engine, 'Podman');
      assert.equal(c.ip, '10.88.0.5');
      assert.equal(c.mac, '2a:5b:94:3c:11:07');
      assert.deepEqual(c.networks, [
        { network: 'podman', interface: 'eth0', ip: '10.88.0.5/16', gateway: '10.88.0.1', mac: '2a:5b:94:3c:11:07' },
        { network: 'net2', interface: 'eth1', ip: '10.89.1.2/24', gateway: '10.89.1.1', mac: '5e:b7:fe:ee:e0:d8' },
      ]);
    } finally {
      await opened.close();
    }
  });

  test('containerd: no io.container.manager, names from io.kubernetes.cri.* annotations', async () => {
    const spec = {
      ociVersion: '1.1.0',
      hostname: 'web-0',
      annotations: {
        'io.kubernetes.cri.container-name': 'web',
        'io.kubernetes.cri.sandbox-name': 'web-0',
        'io.kubernetes.cri.sandbox-namespace': 'shop',
      },
      mounts: [{ destination: '/proc', type: 'proc', source: 'proc' }],
    };
    const config = { id: 'c0ffee', name: 'ignored', rootfsImageName: 'docker.io/library/nginx:1.27', runtime: 'io.containerd.runc.v2', createdTime: '2026-01-02T03:04:05.5Z' };
    const file = path.join(scratch.dir, 'containerd.tar');
    await rewriteTar(archivePath('crio-busybox-httpd'), file, { 'spec.dump': JSON.stringify(spec), 'config.dump': JSON.stringify(config), 'bind.mounts': null });
    const opened = await openCheckpoint(file);
    try {
      const overview = await opened.checkpoint.overview();
      const [c] = overview.containers;
      assert.equal(overview.engine, 'containerd');
      assert.equal(c.name, 'web');
      assert.equal(c.pod, 'web-0');
      assert.equal(c.namespace, 'shop');
      assert.equal(c.image, 'docker.io/library/nginx:1.27');
      assert.equal(c.created, '2026-01-02T03:04:05.5Z');
      assert.equal(c.ip, undefined);
      assert.deepEqual(c.bindMounts, []);
      assert.deepEqual(c.specMounts, [{ destination: '/proc', type: 'proc', source: 'proc', options: [] }]);
    } finally {
      await opened.close();
    }
  });

  test('broken config.dump and stats-dump: warnings with file and offset, the rest still shows', async () => {
    const config = '{\n  "id": "a04234789995",\n  "name": oops\n}';
    const file = path.join(scratch.dir, 'broken.tar');
    const stats = await entryBytes(archivePath('crio-busybox-httpd'), 'stats-dump');
    await rewriteTar(archivePath('crio-busybox-httpd'), file, { 'config.dump': config, 'stats-dump': stats.subarray(0, 20) });
    const opened = await openCheckpoint(file);
    try {
      const [c] = (await opened.checkpoint.overview()).containers;
      const configWarning = c.warnings.find((w) => w.file === 'config.dump');
      assert.ok(configWarning, JSON.stringify(c.warnings));
      assert.equal(configWarning.offset, config.indexOf('oops'));
      assert.match(configWarning.message, /not valid JSON/);
      const statsWarning = c.warnings.find((w) => w.file === 'stats-dump');
      assert.ok(statsWarning, JSON.stringify(c.warnings));
      assert.equal(typeof statsWarning.offset, 'number');
      // Everything not from config.dump is still there: CRI-O identity from spec.dump, sizes, hostname.
      assert.equal(c.engine, 'CRI-O');
      assert.equal(c.name, 'counter');
      assert.equal(c.ip, '10.85.0.17');
      assert.equal(c.id, 'a04234789995cf8aa56e9f50a32b40d6e3fc1e8234d1373aaf2a8fe26404bd3d');
      assert.equal(c.image, 'localhost/counter:latest');
      assert.equal(c.hostname, 'a04234789995');
      assert.equal(c.checkpointSize.memoryPages, 204800);
      assert.equal(c.runtime, undefined);
    } finally {
      await opened.close();
    }
  });
});

describe('plain CRIU image folders', () => {
  for (const folder of ['criu2018-sleep', 'criu2024-htop']) {
    test(`${folder}: engine CRIU, statistics, sizes, no container metadata`, async () => {
      const opened = await openCheckpoint(path.join(FIXTURES, 'images', folder));
      try {
        const overview = await opened.checkpoint.overview();
        assert.equal(overview.engine, 'CRIU');
        const [c] = overview.containers;
        assert.equal(c.dir, '');
        assert.equal(c.name, undefined);
        assert.deepEqual(c.warnings, []);
        const pages = opened.archive.entries.filter((e) => /^pages-\d+\.img$/.test(e.path)).reduce((s, e) => s + e.size, 0);
        assert.equal(c.checkpointSize.memoryPages, pages);
        assert.ok(c.statistics && c.statistics.pages_written > 0);
        if (folder === 'criu2018-sleep') {
          assert.equal(c.criuVersion, '3.7');
          assert.equal(c.statistics.pages_scanned, 2628);
          assert.match(c.kernel ?? '', /^Linux 4\.13\.0-1005-azure /);
        } else {
          // The 2024 dump carries newer statistics fields (12-14), shown as extra fields.
          assert.equal(c.statistics.shpages_written, 0);
          assert.equal(c.criuVersion, undefined);
        }
      } finally {
        await opened.close();
      }
    });
  }
});

test('Podman 3 network.status (CNI results): each IP on the interface it names', () => {
  const cni = [
    {
      cniVersion: '0.4.0',
      interfaces: [{ name: 'cni-podman0', mac: '9a:1c:00:00:00:01' }, { name: 'veth1', mac: '9a:1c:00:00:00:02' }, { name: 'eth0', mac: '2a:5b:94:3c:11:07', sandbox: '/run/netns/cni-1' }],
      ips: [{ version: '4', interface: 2, address: '10.88.0.3/16', gateway: '10.88.0.1' }],
    },
  ];
  assert.deepEqual(podmanNetworks(cni), [{ network: 'cni0', interface: 'eth0', ip: '10.88.0.3/16', gateway: '10.88.0.1', mac: '2a:5b:94:3c:11:07' }]);
  assert.deepEqual(podmanNetworks([{ ips: [{ address: '10.0.0.2/24', interface: 9 }] }, 'junk']), [
    { network: 'cni0', interface: '', ip: '10.0.0.2/24', gateway: undefined, mac: undefined },
  ]);
  assert.deepEqual(podmanNetworks(null), []);
});
