// Issue 4: the Rootfs diff and Logs views of crio-busybox-httpd.tar against what GNU tar and the
// raw log files say (rootfs-diff-tvf.txt, deleted.files, the CRI log, dump.log).
import { execFileSync } from 'node:child_process';
import { formatCount } from '../shared/text';
import { expect, fixtureArchive, openArchive, test } from './harness';
import { cellTexts, expectedText, openView, tarMember } from './ui';

const ARCHIVE = fixtureArchive('crio-busybox-httpd.tar');
const CRI_LOG = 'io.kubernetes.cri-o.LogPath';

/** Paths of regular files in GNU tar's listing of rootfs-diff.tar. */
function changedPaths(): string[] {
  return expectedText(ARCHIVE, 'rootfs-diff-tvf.txt')
    .split('\n')
    .filter((line) => line.startsWith('-'))
    .map((line) => line.trim().split(/\s+/).slice(5).join(' '));
}

/** CRI log records: "<RFC 3339 time> <stream> <F|P> <text>". */
function criRecords(): Array<{ stream: string; tag: string; text: string }> {
  const lines = tarMember(ARCHIVE, CRI_LOG).toString('utf8').split('\n').filter(Boolean);
  return lines.map((line) => {
    const match = /^(\S+) (stdout|stderr) ([FP]) ?(.*)$/.exec(line);
    if (!match) throw new Error(`not a CRI log record: ${line}`);
    return { stream: match[2], tag: match[3], text: match[4] };
  });
}

test('Rootfs diff: changed and deleted paths with counts; test-file opens as text', async ({ page }) => {
  const changed = changedPaths();
  // deleted.files is a JSON array of absolute paths (what CRI-O/Podman write).
  const deleted = JSON.parse(tarMember(ARCHIVE, 'deleted.files').toString('utf8')) as string[];
  expect(changed.sort()).toEqual(['home/counter/logfile', 'home/counter/test-file']);
  expect(deleted).toEqual(['/etc/motd']);

  await openArchive(page, ARCHIVE);
  const panel = await openView(page, 'Rootfs diff');
  const grid = panel.getByRole('grid', { name: 'Rootfs diff' });
  await expect(grid.getByRole('row').nth(1)).toBeVisible();

  // The summary badges come first in the panel.
  const text = await panel.innerText();
  expect(/([\d\u2009]+) changed/.exec(text)?.[1]).toBe(formatCount(changed.length));
  expect(/([\d\u2009]+) deleted/.exec(text)?.[1]).toBe(formatCount(deleted.length));

  const statusOf = async (name: string) => {
    const row = grid.getByRole('row').filter({ has: page.getByRole('gridcell', { name, exact: true }) });
    await expect(row).toHaveCount(1);
    return (await cellTexts(row))[1];
  };
  for (const path of changed) expect(await statusOf(path.split('/').pop()!), path).toBe('changed');
  for (const path of deleted) expect(await statusOf(path.split('/').pop()!), path).toBe('deleted');

  // Opening test-file shows its text, line by line, as tar extracts it.
  const diffTar = tarMember(ARCHIVE, 'rootfs-diff.tar');
  const testFile = execFileSync('tar', ['-xOf', '-', 'home/counter/test-file'], { input: diffTar }).toString('utf8');
  await grid.getByRole('row').filter({ has: page.getByRole('gridcell', { name: 'test-file', exact: true }) }).click();
  const view = panel.getByRole('document', { name: 'Text view' });
  await expect(view).toBeVisible();
  const shown = await view.innerText();
  const lines = testFile.split('\n').filter(Boolean);
  expect(lines.length).toBeGreaterThan(1);
  let at = 0;
  for (const line of lines) {
    const found = shown.indexOf(line, at);
    expect(found, `"${line}" in order`).toBeGreaterThanOrEqual(0);
    at = found + line.length;
  }
});

test('Logs: 12 CRI records, stdout and stderr told apart, the stderr filter; CRIU log line count', async ({ page }) => {
  const records = criRecords();
  const stderr = records.filter((r) => r.stream === 'stderr');
  const stdout = records.filter((r) => r.stream === 'stdout');
  expect(records.length).toBe(12);
  expect(stderr.length).toBe(3);
  expect(records.every((r) => r.tag === 'F'), 'no partial records in this log').toBe(true);

  await openArchive(page, ARCHIVE);
  const panel = await openView(page, 'Logs');
  await expect(panel.getByRole('button', { name: 'Container log' })).toHaveAttribute('aria-pressed', 'true');
  const table = panel.getByRole('table', { name: 'Container log' });
  const bodyRows = table.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(bodyRows).toHaveCount(records.length);
  await expect(panel.getByText(`${formatCount(records.length)} records`, { exact: true })).toBeVisible();
  await expect(panel.getByText(`${formatCount(stdout.length)} stdout`, { exact: true })).toBeVisible();
  await expect(panel.getByText(`${formatCount(stderr.length)} stderr`, { exact: true })).toBeVisible();

  // Row by row: the stream and the text of each record; stdout and stderr look different.
  const rows = await Promise.all((await bodyRows.all()).map(cellTexts));
  rows.forEach((cells, i) => {
    expect(cells[0]).toBe(String(i + 1));
    expect(cells[2]).toContain(records[i].stream);
    expect(cells[3]).toBe(records[i].text);
  });
  const streamStyle = (i: number) =>
    bodyRows.nth(i).getByRole('cell').nth(2).evaluate((cell) => {
      const style = getComputedStyle(cell.firstElementChild ?? cell);
      return `${style.color} ${style.backgroundColor} ${style.fontWeight}`;
    });
  const firstErr = records.findIndex((r) => r.stream === 'stderr');
  const firstOut = records.findIndex((r) => r.stream === 'stdout');
  expect(await streamStyle(firstErr), 'stderr is styled differently from stdout').not.toBe(await streamStyle(firstOut));

  // The stderr filter: only the stderr lines, in order.
  await panel.getByRole('group', { name: 'Stream' }).getByRole('button', { name: 'stderr', exact: true }).click();
  await expect(bodyRows).toHaveCount(stderr.length);
  const filtered = await Promise.all((await bodyRows.all()).map(cellTexts));
  expect(filtered.map((cells) => cells[3])).toEqual(stderr.map((r) => r.text));
  for (const cells of filtered) expect(cells[2]).toContain('stderr');

  // CRIU log: dump.log (at the archive root in the CRI-O layout), every line counted.
  const dumpLog = tarMember(ARCHIVE, 'dump.log').toString('utf8');
  const dumpLines = dumpLog.split('\n');
  if (dumpLines.at(-1) === '') dumpLines.pop();
  expect(dumpLines.length).toBeGreaterThan(1000);
  await panel.getByRole('group', { name: 'Log' }).getByRole('button', { name: 'CRIU log' }).click();
  await expect(panel.getByText(`${formatCount(dumpLines.length)} lines`, { exact: true })).toBeVisible();
  const criuTable = panel.getByRole('table', { name: 'CRIU log' });
  await expect(criuTable.getByRole('row').nth(1)).toBeVisible();
  // The last line is reachable and is the file's last line.
  await panel.getByRole('textbox', { name: 'Jump to time or line' }).fill(String(dumpLines.length));
  await panel.getByRole('button', { name: 'Go', exact: true }).click();
  const lastRow = criuTable.getByRole('row').filter({ has: page.getByRole('cell', { name: String(dumpLines.length), exact: true }) });
  await expect(lastRow).toHaveCount(1);
  const [, time, , message] = await cellTexts(lastRow);
  const last = dumpLines.at(-1)!;
  expect(message.length).toBeGreaterThan(5);
  expect(last.startsWith(time), `"${last}" starts with ${time}`).toBe(true);
  expect(last.endsWith(message), `"${last}" ends with "${message}"`).toBe(true);
});
