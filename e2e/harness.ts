// The Chromium harness: the real renderer (dist/renderer, served on 127.0.0.1 with the app's CSP)
// in Debian Chromium, talking to the REAL handler table — createHandlers(createServices(hooks)) —
// running in this test process. One Playwright binding carries every call; an init script builds
// window.inspector (exactly API_METHODS, like electron/preload.ts) and a window.inspectorHost
// stand-in on top of it. Typed arrays cross Playwright's binding as real Uint8Arrays (checked by
// e2e/harness.spec.ts), so nothing is re-encoded here.
import { test as base, expect, chromium, type Browser, type Page } from '@playwright/test';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { API_METHODS, type ApiMethod } from '../shared/api';
import { encodeErrorInfo } from '../shared/errors';
import { resolveStaticFile, staticHeaders } from '../electron/app/static-files';
import { createHandlers, type HandlerTable } from '../electron/ipc';
import { createServices, type HostHooks } from '../electron/services';

export const repoRoot = resolve(import.meta.dirname, '..');
export const fixturesDir = resolve(repoRoot, '../shared/fixtures');
export const fixtureArchive = (name: string): string => join(fixturesDir, 'archives', name);
/** The built renderer; E2E_RENDERER_DIR points the harness at another build (e.g. a minimal page
 *  while the renderer is being worked on). */
const rendererRoot = resolve(process.env.E2E_RENDERER_DIR ?? join(repoRoot, 'dist/renderer'));

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // The browser-side counterpart of main.ts's setWindowOpenHandler(() => ({action: 'deny'})): no
  // window.open / target=_blank creates a page. (Electron's own handler: security.test.ts and
  // e2e/electron.spec.ts.)
  '--block-new-web-contents',
];
const BINDING = '__inspectorInvoke';

export interface RendererServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Every path requested, in order (a spec can check that nothing unexpected was asked for). */
  requests: string[];
}

/** Requests that tried to leave the renderer origin and were aborted (see `page`). */
export interface NetworkLog {
  blocked: string[];
}

export interface InspectorBackend {
  handlers: HandlerTable;
  /** What chooseExportFolder answers: a fresh temporary folder, removed after the test. */
  exportDir: string;
  /** Method names in call order, as received by the binding. */
  calls: ApiMethod[];
}

type WorkerFixtures = { rendererServer: RendererServer; browser: Browser };
type TestFixtures = { backend: InspectorBackend; pageErrors: Error[]; networkLog: NetworkLog };

/** Serves only files under dist/renderer (GET/HEAD), with the same path rules and headers as the
 *  app:// protocol handler in electron/main.ts. */
async function startRendererServer(): Promise<{ server: Server; info: RendererServer }> {
  try {
    await stat(join(rendererRoot, 'index.html'));
  } catch {
    throw new Error(`${rendererRoot}/index.html is missing: run \`npm run build\` before the e2e tests`);
  }
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    requests.push(path);
    const file = request.method === 'GET' || request.method === 'HEAD' ? resolveStaticFile(rendererRoot, path) : null;
    if (!file) {
      response.writeHead(request.method === 'GET' || request.method === 'HEAD' ? 403 : 405).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, { ...staticHeaders(file), 'Content-Length': body.length });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('renderer server has no TCP address');
  return { server, info: { origin: `http://127.0.0.1:${address.port}`, requests } };
}

/** Runs in the page before any renderer script: the same two globals electron/preload.ts exposes. */
function installInspectorGlobals({ methods, binding }: { methods: string[]; binding: string }): void {
  type Listener = (...args: unknown[]) => void;
  const w = window as unknown as Record<string, unknown>;
  const invoke = w[binding] as (method: string, args: unknown[]) => Promise<unknown>;
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of methods) api[method] = (...args: unknown[]) => invoke(method, args);

  // Like the preload: messages sent before anyone listens wait for the first listener.
  const channel = () => {
    const listeners = new Set<Listener>();
    const pending: unknown[][] = [];
    return {
      emit(args: unknown[]): number {
        if (listeners.size === 0) pending.push(args);
        else for (const listener of listeners) listener(...args);
        return listeners.size;
      },
      subscribe(listener: Listener): () => void {
        if (typeof listener !== 'function') throw new TypeError('listener must be a function');
        listeners.add(listener);
        for (const args of pending.splice(0)) listener(...args);
        return () => {
          listeners.delete(listener);
        };
      },
      get size() {
        return listeners.size;
      },
    };
  };
  const openPath = channel();
  const closeTab = channel();
  const host = {
    // Electron answers '' for a File that is not backed by a disk file; a page-made File is not.
    getPathForFile: (_file: File) => '',
    onOpenPath: (listener: Listener) => openPath.subscribe(listener),
    onCloseTab: (listener: Listener) => closeTab.subscribe(listener),
  };
  const define = (name: string, value: object) =>
    Object.defineProperty(window, name, { value: Object.freeze(value), enumerable: true, configurable: false, writable: false });
  define('inspector', api);
  define('inspectorHost', host);
  // Test-only controls: what the main process's menu / second instance would send.
  define('__inspectorTest', {
    openPath: (path: string) => openPath.emit([path]),
    closeTab: () => closeTab.emit([]),
    listenerCounts: () => ({ openPath: openPath.size, closeTab: closeTab.size }),
  });
}

declare global {
  interface Window {
    __inspectorTest: {
      openPath(path: string): number;
      closeTab(): number;
      listenerCounts(): { openPath: number; closeTab: number };
    };
  }
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  rendererServer: [
    async ({}, use) => {
      const { server, info } = await startRendererServer();
      await use(info);
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
    { scope: 'worker' },
  ],

  browser: [
    async ({}, use) => {
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  backend: async ({}, use) => {
    const exportDir = await mkdtemp(join(tmpdir(), 'inspector-e2e-export-'));
    const tempDir = await mkdtemp(join(tmpdir(), 'inspector-e2e-temp-'));
    const recent: string[] = [];
    const hooks: HostHooks = {
      chooseArchive: async () => null,
      chooseExportFolder: async () => exportDir,
      chooseSaveFile: async () => null,
      startupPaths: () => [],
      recent: {
        list: () => [...recent],
        add: (path) => {
          recent.splice(0, recent.length, path, ...recent.filter((p) => p !== path));
        },
      },
    };
    const services = createServices(hooks, { tempDir });
    await use({ handlers: createHandlers(services), exportDir, calls: [] });
    await services.dispose();
    await rm(exportDir, { recursive: true, force: true });
    await rm(tempDir, { recursive: true, force: true });
  },

  pageErrors: async ({}, use) => {
    await use([]);
  },

  networkLog: async ({}, use) => {
    await use({ blocked: [] });
  },

  page: async ({ browser, rendererServer, backend, pageErrors, networkLog }, use) => {
    const context = await browser.newContext({ serviceWorkers: 'block', acceptDownloads: false });
    // The counterpart of main.ts's session.webRequest.onBeforeRequest(shouldBlockRequest): whatever
    // leaves our origin is aborted (net::ERR_ABORTED, so a top-level navigation just does not
    // happen) and logged. Requests CSP stops inside the renderer never get here.
    await context.route(
      (url) => url.origin !== rendererServer.origin,
      (route) => {
        networkLog.blocked.push(route.request().url());
        return route.abort('aborted');
      },
    );
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error));
    // Mirrors main.ts's sender check: only our page's main frame may call.
    await page.exposeBinding(BINDING, async (source, method: unknown, args: unknown) => {
      if (source.frame !== source.page.mainFrame() || !source.frame.url().startsWith(`${rendererServer.origin}/`)) {
        throw new Error(encodeErrorInfo({ name: 'SecurityError', message: 'call from an untrusted frame refused' }));
      }
      if (typeof method !== 'string' || !(API_METHODS as readonly string[]).includes(method) || !Array.isArray(args)) {
        throw new Error(encodeErrorInfo({ name: 'TypeError', message: `unknown method ${String(method)}` }));
      }
      backend.calls.push(method as ApiMethod);
      const handler = backend.handlers[method as ApiMethod] as (...a: unknown[]) => Promise<unknown>;
      return handler(...args);
    });
    await page.addInitScript(installInspectorGlobals, { methods: [...API_METHODS], binding: BINDING });
    await page.goto(`${rendererServer.origin}/index.html`);
    await use(page);
    await context.close();
    expect(pageErrors.map((e) => e.message), 'uncaught exceptions in the renderer').toEqual([]);
  },
});

export { expect };

/**
 * Opens an archive the way the File menu / a second instance does (inspectorHost.onOpenPath) and
 * waits until its tab is shown (a tab whose name contains the file name).
 */
export async function openArchive(page: Page, absolutePath: string): Promise<void> {
  await page.waitForFunction(() => window.__inspectorTest.listenerCounts().openPath > 0, undefined, { timeout: 15_000 });
  await page.evaluate((path) => window.__inspectorTest.openPath(path), absolutePath);
  await expect(archiveTab(page, absolutePath)).toBeVisible({ timeout: 30_000 });
}

/** The tab of an open archive. */
export function archiveTab(page: Page, absolutePath: string) {
  return page.getByRole('tab', { name: basename(absolutePath) });
}
