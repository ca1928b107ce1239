// A recording stand-in for the parts of the `electron` module main.ts uses, so main.test.ts can
// load the real main.ts in Node (the specifier 'electron' is redirected here by a loader hook) and
// check its wiring: what is registered before 'ready', which IPC channels exist, what the sender
// check, the protocol handler, the session filters and the menu do. Test support only.
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Handler = (...args: unknown[]) => unknown;

export const recorded = {
  privilegedSchemes: [] as unknown[],
  sandboxEnabled: false,
  readyResolvedBeforeSchemes: false,
  ipcHandlers: new Map<string, Handler>(),
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  windows: [] as FakeBrowserWindow[],
  menuTemplates: [] as unknown[][],
  sent: [] as Array<{ channel: string; args: unknown[] }>,
  beforeRequest: undefined as undefined | ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void),
  permissionRequestHandler: undefined as undefined | Handler,
  permissionCheckHandler: undefined as undefined | Handler,
  sessionEvents: new EventEmitter(),
  quitCalls: 0,
  dialogs: [] as Array<{ kind: string; options: unknown }>,
};

let ready = false;
let resolveReady: () => void = () => {};
const whenReadyPromise = new Promise<void>((resolve) => {
  resolveReady = () => {
    ready = true;
    resolve();
  };
});

/** The test decides when 'ready' happens, after checking what main.ts did before it. */
export function emitReady(): Promise<void> {
  resolveReady();
  return whenReadyPromise;
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  private readonly paths = new Map<string, string>([['userData', mkdtempSync(join(tmpdir(), 'fake-electron-userdata-'))], ['downloads', tmpdir()]]);
  requestSingleInstanceLock() {
    return true;
  }
  enableSandbox() {
    recorded.sandboxEnabled = true;
  }
  setPath(name: string, value: string) {
    this.paths.set(name, value);
  }
  getPath(name: string) {
    return this.paths.get(name) ?? tmpdir();
  }
  whenReady() {
    return whenReadyPromise;
  }
  isReady() {
    return ready;
  }
  quit() {
    recorded.quitCalls++;
    const event = { defaultPrevented: false, preventDefault() {
      this.defaultPrevented = true;
    } };
    this.emit('before-quit', event);
  }
  getVersion() {
    return '0.0.0-test';
  }
  addRecentDocument() {}
  clearRecentDocuments() {}
  setAppUserModelId() {}
}

export const app = new FakeApp();

export class FakeFrame {
  parent: FakeFrame | null = null;
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  mainFrame: FakeFrame;
  windowOpenHandler: Handler | undefined;
  url = '';
  constructor() {
    super();
    this.mainFrame = new FakeFrame('');
  }
  setWindowOpenHandler(handler: Handler) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]) {
    recorded.sent.push({ channel, args });
  }
  getURL() {
    return this.url;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  loadedUrl = '';
  shown = false;
  constructor(public readonly options: Record<string, unknown>) {
    super();
    recorded.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
  }
  show() {
    this.shown = true;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  static fromWebContents(contents: unknown) {
    return recorded.windows.find((w) => w.webContents === contents) ?? null;
  }
  static getAllWindows() {
    return [...recorded.windows];
  }
}
export { FakeBrowserWindow as BrowserWindow };

export const ipcMain = {
  handle(channel: string, handler: Handler) {
    if (recorded.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
    recorded.ipcHandlers.set(channel, handler);
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]) {
    if (ready) recorded.readyResolvedBeforeSchemes = true;
    recorded.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    recorded.protocolHandlers.set(scheme, handler);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler: Handler) {
      recorded.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: Handler) {
      recorded.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler() {},
    webRequest: {
      onBeforeRequest(listener: typeof recorded.beforeRequest) {
        recorded.beforeRequest = listener;
      },
    },
    on(event: string, listener: Handler) {
      recorded.sessionEvents.on(event, listener);
    },
  },
};

export const Menu = {
  buildFromTemplate(template: unknown[]) {
    return { template };
  },
  setApplicationMenu(menu: { template: unknown[] }) {
    recorded.menuTemplates.push(menu.template);
  },
};

export const dialog = {
  async showOpenDialog(...args: unknown[]) {
    recorded.dialogs.push({ kind: 'open', options: args[args.length - 1] });
    return { canceled: true, filePaths: [] };
  },
  async showSaveDialog(...args: unknown[]) {
    recorded.dialogs.push({ kind: 'save', options: args[args.length - 1] });
    return { canceled: true, filePath: '' };
  },
  async showMessageBox(...args: unknown[]) {
    recorded.dialogs.push({ kind: 'message', options: args[args.length - 1] });
    return { response: 0 };
  },
};
