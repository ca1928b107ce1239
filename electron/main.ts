// The Electron main process: one hardened window showing the renderer from app://inspector, the
// application menu, dialogs, start-up/second-instance paths, and the IPC handler table.
// The rules themselves live in security.ts and app/ (plain Node, unit-tested); this file wires them.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, type IpcMainInvokeEvent, type MenuItemConstructorOptions } from 'electron';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_METHODS, channelOf } from '../shared/api';
import { encodeErrorInfo } from '../shared/errors';
import { pathArgument, sampleArchivePath } from './app/argv';
import { CLOSE_TAB_CHANNEL, OPEN_PATH_CHANNEL } from './app/host-channels';
import { buildMenuTemplate } from './app/menu';
import { RecentFiles } from './app/recent-files';
import { resolveStaticFile, staticHeaders } from './app/static-files';
import { createHandlers } from './ipc';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  isAllowedNavigation,
  isAppUrl,
  isTrustedSender,
  permissionCheckHandler,
  permissionRequestHandler,
  shouldBlockRequest,
  windowOpenHandler,
  windowOptions,
} from './security';
import { createServices, type HostHooks } from './services';

declare const __BUNDLED__: boolean | undefined;

// The bundle runs from dist/node (inside app.asar when packaged); the sources (main.test.ts) use
// the same built preload and renderer.
const here = dirname(fileURLToPath(import.meta.url));
const distNode = typeof __BUNDLED__ !== 'undefined' && __BUNDLED__ ? here : join(here, '..', 'dist', 'node');
const appRoot = join(distNode, '..', '..');
const rendererRoot = join(distNode, '..', 'renderer');
const preloadPath = join(distNode, 'preload.cjs');
const APP_NAME = 'Checkpoint Inspector';
const DISPOSE_TIMEOUT_MS = 5000;

const ARCHIVE_FILTERS = [
  { name: 'Container checkpoint archives', extensions: ['tar', 'gz', 'tgz', 'zst', 'tzst'] },
  { name: 'All files', extensions: ['*'] },
];

const windows = new Set<BrowserWindow>();
/** Paths macOS hands over ('open-file') before the window can receive them. */
const earlyPaths: string[] = [];

// Must happen before 'ready': our scheme is standard (relative URLs, 'self' in CSP) and secure.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();
if (process.env.CHECKPOINT_INSPECTOR_USER_DATA) app.setPath('userData', process.env.CHECKPOINT_INSPECTOR_USER_DATA);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const path = pathArgument(argv, { isPackaged: app.isPackaged, cwd: workingDirectory });
    const window = mainWindow();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
    if (path) sendOpenPath(path);
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (mainWindow()) sendOpenPath(path);
    else earlyPaths.push(path);
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(windowOpenHandler);
    contents.on('will-frame-navigate', (details) => {
      if (!details.isMainFrame || !isAllowedNavigation(details.url, contents.getURL())) details.preventDefault();
    });
    contents.on('will-redirect', (details) => {
      if (!isAllowedNavigation(details.url, contents.getURL())) details.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  void app.whenReady().then(start);
}

function mainWindow(): BrowserWindow | undefined {
  return [...windows][0];
}

function sendOpenPath(path: string): void {
  mainWindow()?.webContents.send(OPEN_PATH_CHANNEL, path);
}

async function start(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId('io.checkpoint-inspector.app');
  hardenSession();
  serveRenderer();

  const recent = new RecentFiles(join(app.getPath('userData'), 'recent-files.json'));
  const startupPaths = initialPaths();
  const hooks: HostHooks = {
    chooseArchive: () => chooseArchive(),
    chooseExportFolder: () => chooseFolder('Export to folder', ['openDirectory', 'createDirectory', 'promptToCreate']),
    chooseSaveFile: (suggestedName) => chooseSaveFile(suggestedName),
    startupPaths: () => [...startupPaths],
    recent: {
      list: () => recent.list(),
      add: (path) => {
        recent.add(path);
        app.addRecentDocument(path);
        installMenu(recent);
      },
    },
  };
  const services = createServices(hooks);
  registerHandlers(createHandlers(services));
  disposeOnQuit(services);
  installMenu(recent);
  createWindow();
  app.on('activate', () => {
    if (windows.size === 0) createWindow();
  });
}

/** The first path argument, else the bundled sample (when it is there), plus macOS 'open-file'. */
function initialPaths(): string[] {
  const fromArgv = pathArgument(process.argv, { isPackaged: app.isPackaged, cwd: process.cwd() });
  const paths = [...earlyPaths.splice(0)];
  if (fromArgv) paths.unshift(fromArgv);
  if (paths.length === 0) {
    const sample = sampleArchivePath({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appRoot });
    if (existsSync(sample)) paths.push(sample);
  }
  return paths;
}

function hardenSession(): void {
  const ses = session.defaultSession;
  const allowDevtools = !app.isPackaged;
  ses.setPermissionRequestHandler(permissionRequestHandler);
  ses.setPermissionCheckHandler(permissionCheckHandler);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: shouldBlockRequest(details.url, { allowDevtools }) }));
  ses.on('will-download', (event) => event.preventDefault());
}

/** app://inspector/<path> -> dist/renderer/<path>; nothing outside it, GET only, with the CSP header. */
function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' || !isAppUrl(request.url)) return new Response('Not found', { status: 404 });
    const file = resolveStaticFile(rendererRoot, new URL(request.url).pathname);
    if (!file) return new Response('Forbidden', { status: 403 });
    try {
      const body = await readFile(file);
      return new Response(new Uint8Array(body), { status: 200, headers: staticHeaders(file) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

function createWindow(): void {
  const window = new BrowserWindow(windowOptions(preloadPath, { devTools: !app.isPackaged }));
  windows.add(window);
  window.on('closed', () => windows.delete(window));
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    console.error(`renderer process gone: ${details.reason} (exit code ${details.exitCode})`);
  });
  void window.loadURL(APP_ENTRY_URL);
}

/** An IPC call counts only from the main frame of one of our windows, showing our own page. */
function isFromOurWindow(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  const window = BrowserWindow.fromWebContents(event.sender);
  if (!window || !windows.has(window)) return false;
  return isTrustedSender(frame.url, frame === event.sender.mainFrame && frame.parent === null);
}

function registerHandlers(handlers: ReturnType<typeof createHandlers>): void {
  for (const method of API_METHODS) {
    const handler = handlers[method] as (...args: unknown[]) => Promise<unknown>;
    ipcMain.handle(channelOf(method), (event, ...args: unknown[]) => {
      if (!isFromOurWindow(event)) {
        throw new Error(encodeErrorInfo({ name: 'SecurityError', message: `call to ${method} from an untrusted frame refused` }));
      }
      return handler(...args);
    });
  }
}

/** Temporary decompressed copies and workers go away before the process exits. */
function disposeOnQuit(services: { dispose(): Promise<void> }): void {
  let state: 'running' | 'disposing' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'disposing') return;
    state = 'disposing';
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS).unref());
    void Promise.race([services.dispose(), timeout])
      .catch((error: unknown) => console.error('cleanup failed:', error))
      .finally(() => {
        state = 'done';
        app.quit();
      });
  });
}

function installMenu(recent: RecentFiles): void {
  const template = buildMenuTemplate(
    { platform: process.platform, isPackaged: app.isPackaged, appName: APP_NAME, recent: recent.list() },
    {
      openArchive: () => void chooseArchive().then((path) => path && sendOpenPath(path)),
      openFolder: () => void chooseFolder('Open a folder of CRIU images', ['openDirectory']).then((path) => path && sendOpenPath(path)),
      openRecent: (path) => sendOpenPath(path),
      clearRecent: () => {
        recent.clear();
        app.clearRecentDocuments();
        installMenu(recent);
      },
      closeTab: () => mainWindow()?.webContents.send(CLOSE_TAB_CHANNEL),
      showAbout: () => void showAbout(),
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template as MenuItemConstructorOptions[]));
}

/** Read-only intent: a single existing file, never "create". */
async function chooseArchive(): Promise<string | null> {
  const options = { title: 'Open checkpoint archive', properties: ['openFile' as const], filters: ARCHIVE_FILTERS };
  const window = mainWindow();
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function chooseFolder(title: string, properties: Array<'openDirectory' | 'createDirectory' | 'promptToCreate'>): Promise<string | null> {
  const window = mainWindow();
  const result = window ? await dialog.showOpenDialog(window, { title, properties }) : await dialog.showOpenDialog({ title, properties });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function chooseSaveFile(suggestedName: string): Promise<string | null> {
  const options = {
    title: 'Save bytes',
    defaultPath: join(app.getPath('downloads'), basename(suggestedName) || 'bytes.bin'),
    properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
  };
  const window = mainWindow();
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

async function showAbout(): Promise<void> {
  const options = {
    type: 'info' as const,
    title: `About ${APP_NAME}`,
    message: `${APP_NAME} ${app.getVersion()}`,
    detail: [
      'A read-only forensic viewer for container checkpoint archives (CRI-O, Podman, CRIU images).',
      '',
      `Electron ${process.versions.electron}`,
      `Chromium ${process.versions.chrome}`,
      `Node.js ${process.versions.node}`,
    ].join('\n'),
    buttons: ['OK'],
  };
  const window = mainWindow();
  if (window) await dialog.showMessageBox(window, options);
  else await dialog.showMessageBox(options);
}
