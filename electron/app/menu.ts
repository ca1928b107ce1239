// The application menu as plain data (Electron's MenuItemConstructorOptions shape), so the rules
// (what exists when packaged, accelerators, the recent list) are tested without Electron.

export type MenuRole =
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll'
  | 'reload' | 'forceReload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen'
  | 'quit' | 'services' | 'hide' | 'hideOthers' | 'unhide' | 'windowMenu';

export interface MenuItemSpec {
  id?: string;
  label?: string;
  role?: MenuRole;
  type?: 'separator';
  accelerator?: string;
  enabled?: boolean;
  submenu?: MenuItemSpec[];
  click?: () => void;
}

export interface MenuContext {
  platform: NodeJS.Platform;
  /** app.isPackaged: no reload, no devtools. */
  isPackaged: boolean;
  appName: string;
  recent: readonly string[];
}

export interface MenuActions {
  openArchive(): void;
  openFolder(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  closeTab(): void;
  showAbout(): void;
}

const separator: MenuItemSpec = { type: 'separator' };

/** On Windows and Linux '&' in a label marks the mnemonic; a path must show it literally. */
export function escapeMenuLabel(text: string): string {
  return text.replace(/&/g, '&&');
}

export function buildMenuTemplate(context: MenuContext, actions: MenuActions): MenuItemSpec[] {
  const mac = context.platform === 'darwin';
  const about: MenuItemSpec = { id: 'about', label: `About ${context.appName}`, click: () => actions.showAbout() };
  const template: MenuItemSpec[] = [];
  if (mac) {
    template.push({
      label: context.appName,
      submenu: [about, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
    });
  }
  template.push({
    label: mac ? 'File' : '&File',
    submenu: [
      { id: 'open', label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.openArchive() },
      { id: 'open-folder', label: 'Open Folder of CRIU Images…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openFolder() },
      { id: 'open-recent', label: 'Open Recent', submenu: recentSubmenu(context.recent, actions) },
      separator,
      { id: 'close-tab', label: 'Close Tab', accelerator: 'CmdOrCtrl+W', click: () => actions.closeTab() },
      ...(mac ? [] : [separator, { id: 'quit', role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' } satisfies MenuItemSpec]),
    ],
  });
  // Text fields (search, filters) need cut/paste; on macOS these roles are what make the shortcuts work.
  template.push({
    label: mac ? 'Edit' : '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  const development: MenuItemSpec[] = context.isPackaged ? [] : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator];
  template.push({
    label: mac ? 'View' : '&View',
    submenu: [...development, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }],
  });
  if (mac) template.push({ role: 'windowMenu' });
  template.push({ label: mac ? 'Help' : '&Help', submenu: [about] });
  return template;
}

function recentSubmenu(recent: readonly string[], actions: MenuActions): MenuItemSpec[] {
  if (recent.length === 0) return [{ id: 'no-recent', label: 'No Recent Files', enabled: false }];
  return [
    ...recent.map((path, index): MenuItemSpec => ({ id: `recent-${index}`, label: escapeMenuLabel(path), click: () => actions.openRecent(path) })),
    separator,
    { id: 'clear-recent', label: 'Clear Recent', click: () => actions.clearRecent() },
  ];
}
