// The spine of the app, as a user walks it: open an archive, see its files, pick a CRIU pages
// file, read its first bytes in the hex view — compared with what GNU tar extracts.
import { execFileSync } from 'node:child_process';
import { archiveTab, expect, fixtureArchive, openArchive, test } from './harness';

const ARCHIVE = fixtureArchive('crio-busybox-httpd.tar');
const ENTRY = 'checkpoint/pages-1.img';

/** The entry's first bytes as GNU tar extracts them (independent of our tar reader). */
function firstBytes(archive: string, entry: string, count: number): Buffer {
  return execFileSync('tar', ['-xOf', archive, entry], { maxBuffer: 64 * 1024 * 1024 }).subarray(0, count);
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

test('open an archive, select checkpoint/pages-1.img in the file tree, read its bytes in the hex view', async ({ page }) => {
  const expected = firstBytes(ARCHIVE, ENTRY, 32);
  expect(expected.length).toBe(32);

  await openArchive(page, ARCHIVE);
  await page.getByRole('tab', { name: 'Files', exact: true }).click();
  const files = page.getByLabel('Archive files', { exact: true });
  await expect(files).toBeVisible();

  // In a tree the entry sits under its folder: open the folder when the row is not shown yet.
  const row = files.getByRole('row', { name: /(^|[\s/])pages-1\.img(\s|$)/ }).or(files.getByRole('treeitem', { name: /(^|[\s/])pages-1\.img(\s|$)/ }));
  if (!(await row.first().isVisible())) {
    await files.getByText('checkpoint', { exact: true }).first().click();
  }
  await row.first().click();

  const hexView = page.getByRole('region', { name: 'Hex view', exact: true });
  await expect(hexView).toBeVisible();
  // Two full rows (offsets 0x00 and 0x10), in order; whitespace and grouping are the view's business.
  await expect
    .poll(async () => (await hexView.innerText()).replace(/\s+/g, '').toLowerCase(), { message: `hex view shows ${hex(expected)}` })
    .toContain(hex(expected.subarray(0, 16)));
  const text = (await hexView.innerText()).replace(/\s+/g, '').toLowerCase();
  expect(text).toContain(hex(expected.subarray(16, 32)));
  expect(text.indexOf(hex(expected.subarray(0, 16)))).toBeLessThan(text.indexOf(hex(expected.subarray(16, 32))));
});

test('File › Close Tab (inspectorHost.onCloseTab) closes the active archive and releases it', async ({ page, backend }) => {
  await openArchive(page, ARCHIVE);
  await expect(archiveTab(page, ARCHIVE)).toBeVisible();
  await page.evaluate(() => window.__inspectorTest.closeTab());
  await expect(archiveTab(page, ARCHIVE)).toHaveCount(0);
  await expect.poll(() => backend.calls.includes('closeArchive')).toBe(true);
});
