import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMenuTemplate, escapeMenuLabel, type MenuActions, type MenuContext, type MenuItemSpec } from './menu';

function recorder() {
  const calls: string[] = [];
  const actions: MenuActions = {
    openArchive: () => calls.push('open'),
    openFolder: () => calls.push('open-folder'),
    openRecent: (path) => calls.push(`recent:${path}`),
    clearRecent: () => calls.push('clear-recent'),
    closeTab: () => calls.push('close-tab'),
    showAbout: () => calls.push('about'),
  };
  return { calls, actions };
}

const linux: MenuContext = { platform: 'linux', isPackaged: true, appName: 'Checkpoint Inspector', recent: [] };

function flatten(items: MenuItemSpec[]): MenuItemSpec[] {
  return items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
}
const byId = (items: MenuItemSpec[], id: string) => flatten(items).find((i) => i.id === id);
const roles = (items: MenuItemSpec[]) => flatten(items).map((i) => i.role).filter(Boolean);

describe('buildMenuTemplate', () => {
  it('has File, Edit, View, Help on Linux/Windows with the File actions and accelerators', () => {
    const { calls, actions } = recorder();
    const menu = buildMenuTemplate(linux, actions);
    assert.deepEqual(menu.map((m) => m.label), ['&File', '&Edit', '&View', '&Help']);
    assert.equal(byId(menu, 'open')?.accelerator, 'CmdOrCtrl+O');
    assert.equal(byId(menu, 'close-tab')?.accelerator, 'CmdOrCtrl+W');
    assert.equal(byId(menu, 'quit')?.role, 'quit');
    for (const id of ['open', 'open-folder', 'close-tab', 'about']) byId(menu, id)?.click?.();
    assert.deepEqual(calls, ['open', 'open-folder', 'close-tab', 'about']);
    assert.ok(roles(menu).includes('copy'));
  });

  it('has no reload and no devtools when packaged; both when not', () => {
    const packaged = roles(buildMenuTemplate(linux, recorder().actions));
    assert.ok(!packaged.includes('reload') && !packaged.includes('forceReload') && !packaged.includes('toggleDevTools'));
    assert.ok(packaged.includes('zoomIn') && packaged.includes('zoomOut') && packaged.includes('resetZoom'));
    const development = roles(buildMenuTemplate({ ...linux, isPackaged: false }, recorder().actions));
    assert.ok(development.includes('reload') && development.includes('toggleDevTools'));
  });

  it('lists recent files (escaped) and opens the one clicked', () => {
    const { calls, actions } = recorder();
    const menu = buildMenuTemplate({ ...linux, recent: ['/cases/a&b.tar', '/cases/c.tar'] }, actions);
    const recent = byId(menu, 'open-recent')?.submenu ?? [];
    assert.deepEqual(
      recent.map((i) => i.label ?? i.type),
      ['/cases/a&&b.tar', '/cases/c.tar', 'separator', 'Clear Recent'],
    );
    recent[1].click?.();
    byId(menu, 'clear-recent')?.click?.();
    assert.deepEqual(calls, ['recent:/cases/c.tar', 'clear-recent']);
  });

  it('shows a disabled placeholder when nothing was opened yet', () => {
    const recent = byId(buildMenuTemplate(linux, recorder().actions), 'open-recent')?.submenu ?? [];
    assert.deepEqual(recent, [{ id: 'no-recent', label: 'No Recent Files', enabled: false }]);
  });

  it('follows macOS conventions: app menu with About and Quit, Window menu, no mnemonics', () => {
    const menu = buildMenuTemplate({ ...linux, platform: 'darwin' }, recorder().actions);
    assert.deepEqual(menu.map((m) => m.label ?? m.role), ['Checkpoint Inspector', 'File', 'Edit', 'View', 'windowMenu', 'Help']);
    assert.ok(menu[0].submenu?.some((i) => i.role === 'quit'));
    assert.equal(byId(menu, 'quit'), undefined, 'no second Quit in File');
  });
});

describe('escapeMenuLabel', () => {
  it('doubles ampersands', () => assert.equal(escapeMenuLabel('a&b&&c'), 'a&&b&&&&c'));
});
