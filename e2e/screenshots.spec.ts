// The documentation screenshots (docs/screenshots/*.png): the real renderer on the real fixtures
// through the real handlers, at 1440x900. Opt-in, so that `npm test` never rewrites the docs:
//   SCREENSHOTS=1 npx playwright test -c e2e/playwright.config.ts e2e/screenshots.spec.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, fixtureArchive, openArchive, repoRoot, test } from './harness';
import { openView, tarMember } from './ui';

const OUT = join(repoRoot, 'docs', 'screenshots');

test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshots/*.png');
test.use({ viewport: { width: 1440, height: 900 } });
test.describe.configure({ mode: 'serial' });

test.beforeAll(() => mkdirSync(OUT, { recursive: true }));

async function open(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openArchive(page, fixtureArchive(name));
  // The status bar settles once the archive's hash is known.
  await expect(page.getByRole('button', { name: /^SHA-256 [0-9a-f]{64}$/ })).toBeVisible({ timeout: 60_000 });
}

async function shoot(target: Page | Locator, file: string): Promise<void> {
  const page = 'page' in target ? target.page() : target;
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300); // one more layout pass after the last data arrived
  await target.screenshot({ path: join(OUT, file), animations: 'disabled', caret: 'hide' });
}

const rowWith = (grid: Locator, text: string) => grid.getByRole('row').filter({ has: grid.page().getByRole('gridcell', { name: text, exact: true }) });

async function overviewAndProcesses(page: Page, archive: string, suffix: string): Promise<void> {
  await open(page, archive);
  const overview = await openView(page, 'Overview');
  await expect(overview.getByRole('region', { name: 'CRIU dump statistics' })).toBeVisible();
  await shoot(page, `overview${suffix}.png`);

  const processes = await openView(page, 'Processes');
  await rowWith(processes.getByRole('grid', { name: 'Process tree' }), '7').click();
  await expect(processes.getByRole('region', { name: 'Command line' })).toContainText('httpd');
  await shoot(page, `processes${suffix}.png`);
}

test('overview.png, processes.png (CRI-O)', async ({ page }) => {
  await overviewAndProcesses(page, 'crio-busybox-httpd.tar', '');
});

test('overview-podman.png, processes-podman.png', async ({ page }) => {
  await overviewAndProcesses(page, 'podman-busybox-httpd.tar', '-podman');
});

test('files.png, hex.png, images.png, rootfs-diff.png, logs.png', async ({ page }) => {
  await open(page, 'crio-busybox-httpd.tar');
  const files = await openView(page, 'Files');
  await rowWith(files.getByRole('grid', { name: 'Archive files' }), 'pages-1.img').click();
  const hexView = files.getByRole('region', { name: 'Hex view', exact: true });
  await expect(hexView).toContainText(tarMember(fixtureArchive('crio-busybox-httpd.tar'), 'checkpoint/pages-1.img').subarray(0, 8).toString('hex'));
  await shoot(page, 'files.png');
  await shoot(hexView, 'hex.png');

  const images = await openView(page, 'Images');
  await rowWith(images.getByRole('grid', { name: 'CRIU images' }), 'core-1.img').click();
  await expect(images).toContainText('CORE');
  await shoot(page, 'images.png');

  const rootfs = await openView(page, 'Rootfs diff');
  await rowWith(rootfs.getByRole('grid', { name: 'Rootfs diff' }), 'test-file').click();
  await expect(rootfs.getByRole('document', { name: 'Text view' })).toBeVisible();
  await shoot(page, 'rootfs-diff.png');

  const logs = await openView(page, 'Logs');
  await expect(logs.getByRole('table', { name: 'Container log' }).getByRole('row').nth(1)).toBeVisible();
  await shoot(page, 'logs.png');
});

test('memory-search.png (python counter)', async ({ page }) => {
  await open(page, 'crio-python-counter.tar');
  const memory = await openView(page, 'Memory');
  const search = memory.getByRole('region', { name: 'Memory search' });
  await search.getByRole('searchbox', { name: 'Search memory' }).fill('RANDOM_1432_KEY');
  await search.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(search.getByRole('status')).toContainText(/^Done\./, { timeout: 60_000 });
  const hit = search.getByRole('grid', { name: 'Search results' }).getByRole('row').nth(3);
  const address = await hit.getByRole('gridcell').nth(2).innerText();
  await hit.click();
  await expect(memory.getByRole('toolbar', { name: 'Hex view tools' })).toContainText(address);
  await shoot(page, 'memory-search.png');
});
