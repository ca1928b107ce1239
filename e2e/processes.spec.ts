// Issue 3: the Processes view lists checkpointctl's process tree, and the detail of httpd (pid 7)
// shows its argv, environment, open files and listening socket as checkpointctl reports them.
import type { Locator, Page } from '@playwright/test';
import { expect, fixtureArchive, openArchive, test } from './harness';
import { cellTexts, checkpointctlInspect, definitions, flattenProcessTree, openView } from './ui';

const ARCHIVE = fixtureArchive('crio-busybox-httpd.tar');
const PID = 7;

/** PID and command of every row of the process tree (tree toggles stripped). */
async function treeRows(tree: Locator): Promise<Array<{ pid: number; command: string; row: string[] }>> {
  const rows = tree.getByRole('row').filter({ has: tree.page().getByRole('gridcell') });
  const result = [];
  for (const row of await rows.all()) {
    const cells = await cellTexts(row);
    result.push({ pid: Number(cells[0].replace(/^\D+/, '').trim()), command: cells[1], row: cells });
  }
  return result;
}

async function detailTab(page: Page, name: RegExp): Promise<void> {
  const button = page.getByRole('group', { name: 'Process details' }).getByRole('button', { name });
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
}

/** A table's body rows as cell texts. */
async function tableRows(table: Locator): Promise<string[][]> {
  const rows = table.getByRole('row').filter({ has: table.page().getByRole('cell') });
  return Promise.all((await rows.all()).map(cellTexts));
}

test('the process tree lists every pid with its command, like checkpointctl', async ({ page }) => {
  const expected = flattenProcessTree(checkpointctlInspect(ARCHIVE).process_tree);
  expect(expected.length).toBeGreaterThan(1);

  await openArchive(page, ARCHIVE);
  const panel = await openView(page, 'Processes');
  const tree = panel.getByRole('grid', { name: 'Process tree' });
  await expect(tree.getByRole('row')).toHaveCount(expected.length + 1);
  const shown = await treeRows(tree);
  expect(shown.map(({ pid, command }) => ({ pid, command })).sort((a, b) => a.pid - b.pid)).toEqual(
    expected.map((p) => ({ pid: p.pid, command: p.command })).sort((a, b) => a.pid - b.pid),
  );
});

test('httpd (pid 7): argv, environment, open files and the socket listening on 8088', async ({ page }) => {
  const inspect = checkpointctlInspect(ARCHIVE);
  const expected = flattenProcessTree(inspect.process_tree).find((p) => p.pid === PID);
  if (!expected) throw new Error(`checkpointctl lists no pid ${PID}`);
  const files = inspect.file_descriptors.find((f) => f.pid === PID)?.open_files ?? [];
  const sockets = inspect.sockets?.find((s) => s.pid === PID)?.open_sockets ?? [];
  expect(files.length).toBeGreaterThan(0);
  expect(sockets.length).toBeGreaterThan(0);

  await openArchive(page, ARCHIVE);
  const panel = await openView(page, 'Processes');
  const tree = panel.getByRole('grid', { name: 'Process tree' });
  await tree.getByRole('row').filter({ has: page.getByRole('gridcell', { name: String(PID), exact: true }) }).click();

  // argv: checkpointctl joins it with spaces (and a trailing one); the UI lists each element.
  await detailTab(page, /^Summary/);
  const argvItems = panel.getByRole('region', { name: 'Command line' }).getByRole('listitem');
  await expect(argvItems.first()).toBeVisible();
  const argv = (await argvItems.allInnerTexts()).map((text) => text.replace(/^\s*argv\[\d+\]\s*/, '').trim());
  expect(argv.join(' ')).toBe(expected.cmdline.trimEnd());
  expect(argv[0]).toBe(expected.command);

  const summary = await definitions(panel.getByRole('region', { name: 'Process', exact: true }));
  expect(summary['PID']).toBe(String(PID));
  // checkpointctl lists cwd and root among the open files; the UI shows them in the summary.
  const cwd = files.find((f) => f.fd === 'cwd');
  const root = files.find((f) => f.fd === 'root');
  if (cwd) expect(summary['Working dir']).toBe(cwd.path);
  if (root) expect(summary['Root']).toBe(root.path);

  // Environment: exactly checkpointctl's variables.
  const env = Object.entries(expected.environment_variables ?? {});
  await detailTab(page, /^Environment/);
  const envRows = await tableRows(panel.getByRole('table', { name: 'Environment' }));
  expect(Object.fromEntries(envRows.map(([k, v]) => [k, v]))).toEqual(Object.fromEntries(env));
  expect(envRows.length).toBe(env.length);

  // Open files: every numbered fd checkpointctl lists ("REG 0", "PIPE 1", "INETSK 3").
  await detailTab(page, /^Open files/);
  const fdRows = await tableRows(panel.getByRole('table', { name: 'Open files' }));
  const numbered = files.filter((f) => /^\S+ \d+$/.test(f.fd));
  expect(fdRows.length).toBe(numbered.length);
  for (const file of numbered) {
    const [type, fd] = file.fd.split(' ');
    const row = fdRows.find((cells) => cells[0] === fd);
    expect(row, `fd ${fd}`).toBeDefined();
    if (!row) continue;
    const [, shownType, shownPath, , , fileId] = row;
    expect(shownType).toBe(type);
    if (type === 'REG') expect(shownPath).toBe(file.path);
    // checkpointctl writes pipes as pipe[inode] (the kernel's pipe:[inode]) and sockets as TYPE.<file id>.
    else if (type === 'PIPE') expect(shownPath.replace(/\D/g, '')).toBe(file.path.replace(/\D/g, ''));
    else if (file.path.startsWith(`${type}.`)) expect(fileId).toBe(file.path.slice(type.length + 1));
  }

  // Sockets: the TCP listener on [::]:8088.
  await detailTab(page, /^Sockets/);
  const socketRows = await tableRows(panel.getByRole('table', { name: 'Sockets' }));
  expect(socketRows.length).toBe(sockets.length);
  for (const { protocol, data } of sockets) {
    const host = String(data.src);
    const local = `${host.includes(':') ? `[${host}]` : host}:${data.src_port}`;
    const row = socketRows.find((cells) => cells.includes(local));
    expect(row, `socket ${local} in ${JSON.stringify(socketRows)}`).toBeDefined();
    expect(row).toContain(protocol);
    expect(row).toContain(String(data.state));
  }
  expect(socketRows.flat()).toContain('[::]:8088');
  expect(socketRows.flat()).toContain('LISTEN');
});
