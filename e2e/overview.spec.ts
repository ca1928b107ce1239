// Issue 3: the Overview of a CRI-O and a Podman checkpoint shows what checkpointctl reports about
// the same archive (checkpointctl-inspect.json / checkpointctl-show.txt), formatted the way the UI
// formats numbers (shared/text), plus what only the archive's own files say (spec.dump).
import { formatBytes, formatCount, formatMicroseconds } from '../shared/text';
import { expect, fixtureArchive, openArchive, test } from './harness';
import { checkpointctlInspect, definitions, expectedText, openView, tarMember } from './ui';

/** Seconds since the epoch of an RFC 3339 time (checkpointctl's Podman "created" has no fraction). */
const epochSecond = (text: string) => Math.floor(Date.parse(text) / 1000);

/** The row of checkpointctl-show.txt's table, keyed by its header. */
function showTable(archive: string): Record<string, string> {
  const rows = expectedText(archive, 'checkpointctl-show.txt')
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
  expect(rows.length).toBe(2);
  return Object.fromEntries(rows[0].map((header, i) => [header, rows[1][i]]));
}

for (const name of ['crio-busybox-httpd.tar', 'podman-busybox-httpd.tar']) {
  test(`Overview of ${name} matches checkpointctl`, async ({ page }) => {
    const archive = fixtureArchive(name);
    const expected = checkpointctlInspect(archive);
    const show = showTable(archive);
    const spec = JSON.parse(tarMember(archive, 'spec.dump').toString('utf8')) as { hostname?: string; annotations?: Record<string, string> };

    await openArchive(page, archive);
    const panel = await openView(page, 'Overview');
    const container = panel.getByRole('article', { name: `Container ${expected.container_name}` });
    await expect(container).toBeVisible();

    const identity = await definitions(container.getByRole('region', { name: 'Container', exact: true }));
    expect(identity['Name']).toBe(expected.container_name);
    expect(identity['Image']).toBe(expected.image);
    expect(identity['ID']).toBe(expected.id);
    expect(show['ID'], 'checkpointctl show prints the short ID').toBe(expected.id.slice(0, 12));
    expect(identity['Runtime']).toBe(expected.runtime);
    expect(identity['Engine']).toBe(expected.engine);
    expect(identity['Engine']).toBe(show['ENGINE']);
    // The UI may be more precise than checkpointctl (Podman: checkpointctl drops the fraction).
    expect(epochSecond(identity['Created']), `created ${identity['Created']} vs ${expected.created}`).toBe(epochSecond(expected.created));
    if (expected.checkpointed) expect(epochSecond(identity['Checkpointed'])).toBe(epochSecond(expected.checkpointed));
    expect(spec.hostname).toBeTruthy();
    expect(identity['Hostname']).toBe(spec.hostname);

    const pod = spec.annotations?.['io.kubernetes.pod.name'];
    const namespace = spec.annotations?.['io.kubernetes.pod.namespace'];
    if (pod) expect(identity['Pod']).toBe(pod);
    else expect(identity['Pod'] ?? '—').toBe('—');
    if (namespace) expect(identity['Namespace']).toBe(namespace);
    else expect(identity['Namespace'] ?? '—').toBe('—');

    const network = await definitions(container.getByRole('region', { name: 'Network', exact: true }));
    if (expected.ip) {
      expect(network['IP']).toBe(expected.ip);
      expect(show['IP']).toBe(expected.ip);
    } else {
      // checkpointctl shows no IP for Podman; the address would be in network.status, which for
      // this container says null (it ran without a network).
      expect(tarMember(archive, 'network.status').toString('utf8').trim()).toBe('null');
      expect(network['IP']).toBe('—');
    }

    const sizes = await definitions(container.getByRole('region', { name: 'Checkpoint size', exact: true }));
    expect(sizes['Total']).toBe(formatBytes(expected.checkpoint_size.total_size));
    expect(sizes['Total']).toBe(show['CHKPT SIZE']);
    expect(sizes['Memory pages']).toContain(formatBytes(expected.checkpoint_size.memory_pages_size));
    expect(sizes['Rootfs diff']).toContain(formatBytes(expected.checkpoint_size.root_fs_diff_size));
    expect(formatBytes(expected.checkpoint_size.root_fs_diff_size)).toBe(show['ROOT FS DIFF SIZE']);

    const stats = await definitions(container.getByRole('region', { name: 'CRIU dump statistics', exact: true }));
    expect(stats['Freezing time']).toBe(formatMicroseconds(expected.statistics.freezing_time));
    expect(stats['Frozen time']).toBe(formatMicroseconds(expected.statistics.frozen_time));
    expect(stats['Memory dump time']).toBe(formatMicroseconds(expected.statistics.memdump_time));
    expect(stats['Memory write time']).toBe(formatMicroseconds(expected.statistics.memwrite_time));
    expect(stats['Pages scanned']).toBe(formatCount(expected.statistics.pages_scanned));
    expect(stats['Pages written']).toBe(formatCount(expected.statistics.pages_written));
  });
}
