// main.ts loaded for real in Node, with 'electron' redirected to app/fake-electron.ts: checks the
// wiring that the pure functions of security.ts cannot (what happens before 'ready', the IPC
// sender check in front of every channel, the app:// handler, session filters, menu commands,
// second instance, cleanup on quit). The Electron binary itself is exercised by e2e/electron.spec.ts.
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { API_METHODS, channelOf } from '../shared/api';
import { parseErrorInfo } from '../shared/errors';
import { CLOSE_TAB_CHANNEL, OPEN_PATH_CHANNEL } from './app/host-channels';
import type { MenuItemSpec } from './app/menu';
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY } from './security';

const fakeUrl = pathToFileURL(new URL('./app/fake-electron.ts', import.meta.url).pathname).href;
register(
  `data:text/javascript,${encodeURIComponent(`
    export async function resolve(specifier, context, next) {
      if (specifier === 'electron') return { url: ${JSON.stringify(fakeUrl)}, shortCircuit: true };
      return next(specifier, context);
    }`)}`,
  import.meta.url,
);

type Fake = typeof import('./app/fake-electron');
let fake: Fake;

function event(url: string, options: { subframe?: boolean; otherWindow?: boolean } = {}) {
  const window = fake.recorded.windows[0];
  const sender = options.otherWindow ? new fake.FakeWebContents() : window.webContents;
  const frame = options.subframe ? Object.assign(new fake.FakeFrame(url), { parent: sender.mainFrame }) : sender.mainFrame;
  if (!options.subframe) frame.url = url;
  return { sender, senderFrame: frame };
}

function call(channel: string, evt: unknown, ...args: unknown[]) {
  const handler = fake.recorded.ipcHandlers.get(channel);
  assert.ok(handler, `handler for ${channel}`);
  return Promise.resolve().then(() => handler(evt, ...args));
}

function menuItem(id: string): MenuItemSpec | undefined {
  const flat = (items: MenuItemSpec[]): MenuItemSpec[] => items.flatMap((i) => [i, ...flat(i.submenu ?? [])]);
  const template = fake.recorded.menuTemplates.at(-1) as MenuItemSpec[];
  return flat(template).find((i) => i.id === id);
}

before(async () => {
  fake = (await import(fakeUrl)) as Fake;
  await import('./main');
  assert.equal(fake.recorded.ipcHandlers.size, 0, 'nothing is registered before ready');
  await fake.emitReady();
  // start() runs in a then() after ready; let it finish.
  for (let i = 0; i < 20 && fake.recorded.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
});

describe('main.ts before ready', () => {
  it('registers app:// as a standard, secure scheme and enables the sandbox for all renderers', () => {
    assert.equal(fake.recorded.readyResolvedBeforeSchemes, false);
    assert.deepEqual(fake.recorded.privilegedSchemes, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    assert.equal(fake.recorded.sandboxEnabled, true);
  });
});

describe('main.ts window', () => {
  it('opens one hardened window on app://inspector with the built preload, shown when ready', () => {
    assert.equal(fake.recorded.windows.length, 1);
    const [window] = fake.recorded.windows;
    assert.equal(window.loadedUrl, APP_ENTRY_URL);
    const preferences = window.options.webPreferences as Record<string, unknown>;
    assert.match(String(preferences.preload), /dist[\\/]node[\\/]preload\.cjs$/);
    assert.equal(preferences.sandbox, true);
    assert.equal(preferences.contextIsolation, true);
    assert.equal(preferences.nodeIntegration, false);
    assert.equal(preferences.devTools, true, 'the stand-in app is not packaged');
    assert.equal(window.shown, false);
    window.emit('ready-to-show');
    assert.equal(window.shown, true);
  });

  it('denies window.open and refuses navigation away, in every web contents', () => {
    const contents = fake.recorded.windows[0].webContents;
    assert.deepEqual(contents.windowOpenHandler?.({ url: 'https://example.com' }), { action: 'deny' });
    const navigate = (url: string, isMainFrame = true) => {
      let prevented = false;
      contents.emit('will-frame-navigate', { url, isMainFrame, preventDefault: () => (prevented = true) });
      return prevented;
    };
    assert.equal(navigate('https://example.com/'), true);
    assert.equal(navigate('file:///etc/passwd'), true);
    assert.equal(navigate(`${APP_ENTRY_URL}#files`), false, 'same page, new fragment');
    assert.equal(navigate(`${APP_ENTRY_URL}#x`, false), true, 'no subframe navigation at all');
    let redirected = false;
    contents.emit('will-redirect', { url: 'https://example.com/', preventDefault: () => (redirected = true) });
    assert.equal(redirected, true);
    let webview = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webview = true) });
    assert.equal(webview, true);
  });
});

describe('main.ts IPC', () => {
  it('registers exactly one handler per API method', () => {
    assert.deepEqual([...fake.recorded.ipcHandlers.keys()].sort(), API_METHODS.map(channelOf).sort());
  });

  it('answers our main frame on app://inspector', async () => {
    const paths = (await call(channelOf('getStartupPaths'), event(APP_ENTRY_URL))) as string[];
    assert.ok(Array.isArray(paths));
    assert.deepEqual(await call(channelOf('getRecent'), event(APP_ENTRY_URL)), []);
  });

  it('refuses subframes, foreign origins, other web contents and missing frames', async () => {
    const untrusted = [
      event('https://example.com/'),
      event('file:///index.html'),
      event(APP_ENTRY_URL, { subframe: true }),
      event(APP_ENTRY_URL, { otherWindow: true }),
      { sender: fake.recorded.windows[0].webContents, senderFrame: null },
    ];
    for (const evt of untrusted) {
      await assert.rejects(call(channelOf('getStartupPaths'), evt), (error: Error) => {
        const info = parseErrorInfo(error);
        assert.equal(info.name, 'SecurityError');
        return true;
      });
    }
    fake.recorded.windows[0].webContents.mainFrame.url = APP_ENTRY_URL;
  });

  it('passes arguments to the validating handler table', async () => {
    await assert.rejects(call(channelOf('readEntry'), event(APP_ENTRY_URL), 'id', '../../etc/passwd', -1, 10), /InspectorError:/);
  });
});

describe('main.ts app:// protocol', () => {
  const handler = () => {
    const h = fake.recorded.protocolHandlers.get('app');
    assert.ok(h);
    return h;
  };

  it('serves the renderer with the CSP header', async (t) => {
    const response = await handler()(new Request(APP_ENTRY_URL));
    if (response.status === 404) return t.skip('dist/renderer not built');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  });

  it('refuses traversal, other hosts and other methods', async () => {
    assert.equal((await handler()(new Request('app://inspector/..%2f..%2fpackage.json'))).status, 403);
    assert.equal((await handler()(new Request('app://inspector/%2e%2e%5cpackage.json'))).status, 403);
    assert.equal((await handler()(new Request('app://other/index.html'))).status, 404);
    assert.equal((await handler()(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }))).status, 404);
  });
});

describe('main.ts session', () => {
  it('cancels every request that is not app://, denies permissions and downloads', () => {
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      fake.recorded.beforeRequest?.({ url }, (response) => (cancel = response.cancel));
      return cancel;
    };
    assert.equal(decide('app://inspector/app.js'), false);
    assert.equal(decide('https://example.com/'), true);
    assert.equal(decide('http://127.0.0.1:9222/json'), true);
    let granted: boolean | undefined;
    fake.recorded.permissionRequestHandler?.({}, 'media', (g: boolean) => (granted = g));
    assert.equal(granted, false);
    assert.equal(fake.recorded.permissionCheckHandler?.(), false);
    let prevented = false;
    fake.recorded.sessionEvents.emit('will-download', { preventDefault: () => (prevented = true) });
    assert.equal(prevented, true);
  });
});

describe('main.ts host messages', () => {
  it('a second instance opens its path in the running window', () => {
    fake.recorded.sent.length = 0;
    fake.app.emit('second-instance', {}, ['/usr/bin/electron', '.', 'case/x.tar'], '/home/analyst');
    assert.deepEqual(fake.recorded.sent, [{ channel: OPEN_PATH_CHANNEL, args: ['/home/analyst/case/x.tar'] }]);
  });

  it('File › Close Tab tells the renderer; File › Open shows a read-only open dialog', async () => {
    fake.recorded.sent.length = 0;
    menuItem('close-tab')?.click?.();
    assert.deepEqual(fake.recorded.sent, [{ channel: CLOSE_TAB_CHANNEL, args: [] }]);
    menuItem('open')?.click?.();
    await new Promise((r) => setTimeout(r, 0));
    const open = fake.recorded.dialogs.at(-1) as { kind: string; options: { properties: string[]; filters: Array<{ extensions: string[] }> } };
    assert.equal(open.kind, 'open');
    assert.deepEqual(open.options.properties, ['openFile']);
    assert.ok(open.options.filters[0].extensions.includes('tar'));
    assert.deepEqual(open.options.filters.at(-1)?.extensions, ['*']);
  });
});

describe('main.ts quit', () => {
  it('disposes the services before quitting, once', async () => {
    const quitsBefore = fake.recorded.quitCalls;
    fake.app.quit();
    for (let i = 0; i < 50 && fake.recorded.quitCalls === quitsBefore + 1; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(fake.recorded.quitCalls, quitsBefore + 2, 'quit again after cleanup');
  });
});
