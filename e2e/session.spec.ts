// Issue 6 (part 5): a whole analyst session — open, every tab, a memory search, a rootfs-diff
// export — leaves the evidence file as it was: same SHA-256, same mtime, same size, and nothing
// new beside it. The evidence is a private read-only (0444) copy of a fixture in a fresh folder.
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect, fixtureArchive, openArchive, test, archiveTab } from './harness';
import { openView, tarMember } from './ui';

const FIXTURE = fixtureArchive('crio-busybox-httpd.tar');

async function fingerprint(path: string) {
  const info = await stat(path, { bigint: true });
  const sha256 = createHash('sha256').update(await readFile(path)).digest('hex');
  return { sha256, size: info.size, mtimeNs: info.mtimeNs, mode: Number(info.mode) & 0o777 };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

let evidenceDir = '';
let evidence = '';

test.beforeEach(async () => {
  evidenceDir = await mkdtemp(join(tmpdir(), 'inspector-e2e-evidence-'));
  evidence = join(evidenceDir, 'evidence.tar');
  await copyFile(FIXTURE, evidence);
  await chmod(evidence, 0o444);
});

test.afterEach(async () => {
  await chmod(evidence, 0o644).catch(() => undefined);
  await rm(evidenceDir, { recursive: true, force: true });
});

test('a whole session leaves the evidence file unchanged (hash, mtime, folder)', async ({ page, backend }) => {
  test.setTimeout(120_000);
  const before = await fingerprint(evidence);
  const folderBefore = await filesUnder(evidenceDir);
  expect(before.mode).toBe(0o444);
  expect(before.mtimeNs).toBeGreaterThan(0n);

  await openArchive(page, evidence);
  // The app hashes the evidence itself (in a worker); it must agree with ours.
  await expect(page.getByRole('button', { name: `SHA-256 ${before.sha256}` })).toBeVisible({ timeout: 60_000 });

  let panel = await openView(page, 'Overview');
  await expect(panel.getByRole('article').first()).toBeVisible();

  panel = await openView(page, 'Files');
  const files = panel.getByRole('grid', { name: 'Archive files' });
  await files.getByRole('row').filter({ has: page.getByRole('gridcell', { name: 'pages-1.img', exact: true }) }).click();
  const firstBytes = tarMember(evidence, 'checkpoint/pages-1.img').subarray(0, 16).toString('hex');
  await expect.poll(async () => (await panel.getByRole('region', { name: 'Hex view', exact: true }).innerText()).replace(/\s+/g, '').toLowerCase()).toContain(firstBytes);

  panel = await openView(page, 'Processes');
  await panel.getByRole('grid', { name: 'Process tree' }).getByRole('row').filter({ has: page.getByRole('gridcell', { name: '7', exact: true }) }).click();
  await panel.getByRole('group', { name: 'Process details' }).getByRole('button', { name: /^Environment/ }).click();
  await expect(panel.getByRole('table', { name: 'Environment' })).toBeVisible();

  panel = await openView(page, 'Memory');
  const search = panel.getByRole('region', { name: 'Memory search' });
  await search.getByRole('searchbox', { name: 'Search memory' }).fill('RANDOM_1432_KEY');
  await search.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(search.getByRole('status')).toContainText(/^Done\./, { timeout: 60_000 });
  const hit = search.getByRole('grid', { name: 'Search results' }).getByRole('row').nth(1);
  const hitAddress = await hit.getByRole('gridcell').nth(2).innerText();
  expect(hitAddress).toMatch(/^0x[0-9a-f]+$/);
  await hit.click();
  await expect(panel.getByRole('toolbar', { name: 'Hex view tools' })).toContainText(hitAddress);

  panel = await openView(page, 'Rootfs diff');
  await panel.getByRole('grid', { name: 'Rootfs diff' }).getByRole('row').filter({ has: page.getByRole('gridcell', { name: 'test-file', exact: true }) }).click();
  await expect(panel.getByRole('document', { name: 'Text view' })).toBeVisible();
  await panel.getByRole('button', { name: 'Export file…' }).first().click();
  const exportPanel = panel.getByRole('region', { name: 'Export' });
  await expect(exportPanel).toBeVisible();
  await expect.poll(() => filesUnder(backend.exportDir), { message: 'exported files' }).toHaveLength(1);
  const [exported] = await filesUnder(backend.exportDir);
  expect(exported.endsWith('test-file')).toBe(true);
  const expectedContent = execFileSync('tar', ['-xOf', '-', 'home/counter/test-file'], { input: tarMember(evidence, 'rootfs-diff.tar') });
  expect(await readFile(join(backend.exportDir, exported))).toEqual(expectedContent);

  panel = await openView(page, 'Logs');
  await panel.getByRole('group', { name: 'Stream' }).getByRole('button', { name: 'stderr', exact: true }).click();
  await panel.getByRole('group', { name: 'Log' }).getByRole('button', { name: 'CRIU log' }).click();
  await expect(panel.getByRole('table', { name: 'CRIU log' })).toBeVisible();

  panel = await openView(page, 'Images');
  await panel.getByRole('grid', { name: 'CRIU images' }).getByRole('row').filter({ has: page.getByRole('gridcell', { name: 'pstree.img', exact: true }) }).click();
  await expect(panel).toContainText('PSTREE');

  await page.evaluate(() => window.__inspectorTest.closeTab());
  await expect(archiveTab(page, evidence)).toHaveCount(0);
  await expect.poll(() => backend.calls.includes('closeArchive')).toBe(true);

  const after = await fingerprint(evidence);
  expect(after).toEqual(before);
  expect(await filesUnder(evidenceDir), 'nothing written beside the evidence').toEqual(folderBefore);
});
