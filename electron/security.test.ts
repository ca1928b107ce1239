import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isAppUrl,
  isTrustedSender,
  permissionCheckHandler,
  permissionRequestHandler,
  shouldBlockRequest,
  windowOpenHandler,
  windowOptions,
} from './security';

const repoRoot = resolve(import.meta.dirname, '..');

function cspDirectives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name, values.join(' ')] as [string, string];
      }),
  );
}

describe('windowOptions', () => {
  it('hardens every webPreference and keeps the preload path', () => {
    const { webPreferences, show } = windowOptions('/app/dist/node/preload.cjs');
    assert.deepEqual(webPreferences, {
      preload: '/app/dist/node/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: false,
    });
    assert.equal(show, false, 'shown on ready-to-show, not before');
    assert.equal(windowOptions('/p', { devTools: true }).webPreferences.devTools, true, 'unpackaged builds only');
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('is exactly the meta tag of renderer/index.html', () => {
    const html = readFileSync(join(repoRoot, 'renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    assert.ok(meta, 'renderer/index.html has a CSP meta tag');
    assert.equal(meta[1], CONTENT_SECURITY_POLICY);
  });

  it('allows only our own scripts, no network, no plugins, no framing', () => {
    const csp = cspDirectives(CONTENT_SECURITY_POLICY);
    assert.equal(csp.get('default-src'), "'none'");
    assert.equal(csp.get('script-src'), "'self'");
    assert.equal(csp.get('connect-src'), "'none'");
    assert.equal(csp.get('object-src'), "'none'");
    assert.equal(csp.get('base-uri'), "'none'");
    assert.equal(csp.get('form-action'), "'none'");
    assert.equal(csp.get('frame-ancestors'), "'none'");
    for (const value of csp.values()) {
      assert.doesNotMatch(value, /unsafe-inline|unsafe-eval|wasm-unsafe-eval|\*|https?:|blob:/);
    }
  });

  it('is what the built renderer carries too, when it has been built', () => {
    let built: string;
    try {
      built = readFileSync(join(repoRoot, 'dist/renderer/index.html'), 'utf8');
    } catch {
      return; // not built yet: the source check above is the authority
    }
    assert.ok(built.includes(`content="${CONTENT_SECURITY_POLICY}"`));
  });
});

describe('isAllowedNavigation', () => {
  it('allows only a fragment change on the current page', () => {
    assert.equal(isAllowedNavigation(`${APP_ENTRY_URL}#files`, APP_ENTRY_URL), true);
    assert.equal(isAllowedNavigation(`${APP_ENTRY_URL}#a`, `${APP_ENTRY_URL}#b`), true);
  });

  it('refuses every other destination', () => {
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/index.html',
      'file:///etc/passwd',
      'app://inspector/other.html',
      'app://evil/index.html',
      'app://user@inspector/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'devtools://devtools/bundled/inspector.html',
      'not a url',
      '',
    ]) {
      assert.equal(isAllowedNavigation(url, APP_ENTRY_URL), false, url);
    }
  });

  it('refuses everything when the current page is not ours', () => {
    assert.equal(isAllowedNavigation('https://example.com/#x', 'https://example.com/'), false);
  });
});

describe('windowOpenHandler', () => {
  it('denies every window.open and target=_blank', () => {
    assert.deepEqual(windowOpenHandler(), { action: 'deny' });
  });
});

describe('permission handlers', () => {
  it('deny every permission request', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'pointerLock']) {
      let answer: boolean | undefined;
      permissionRequestHandler({}, permission, (granted) => (answer = granted));
      assert.equal(answer, false, permission);
    }
    assert.equal(permissionCheckHandler(), false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only the main frame on our origin', () => {
    assert.equal(isTrustedSender(APP_ENTRY_URL, true), true);
    assert.equal(isTrustedSender('app://inspector/index.html#files', true), true);
    assert.equal(isTrustedSender(APP_ENTRY_URL, false), false, 'a subframe, even on our origin');
    for (const url of ['https://example.com/', 'file:///work/index.html', 'app://other/index.html', 'about:blank', '', null, undefined]) {
      assert.equal(isTrustedSender(url, true), false, String(url));
    }
  });
});

describe('shouldBlockRequest', () => {
  it('lets our own scheme and inline images through', () => {
    assert.equal(shouldBlockRequest('app://inspector/app.js'), false);
    assert.equal(shouldBlockRequest('data:image/png;base64,iVBORw0KGgo='), false);
  });

  it('blocks the network and every other scheme', () => {
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:9222/json',
      'ws://localhost/',
      'wss://example.com/',
      'ftp://example.com/',
      'file:///etc/passwd',
      'blob:app://inspector/1234',
      'app://evil/x.js',
      'chrome-extension://abc/x.js',
      'garbage',
    ]) {
      assert.equal(shouldBlockRequest(url), true, url);
      assert.equal(shouldBlockRequest(url, { allowDevtools: true }), true, url);
    }
  });

  it('lets devtools through only when enabled', () => {
    assert.equal(shouldBlockRequest('devtools://devtools/bundled/devtools_app.html'), true);
    assert.equal(shouldBlockRequest('devtools://devtools/bundled/devtools_app.html', { allowDevtools: true }), false);
  });
});

describe('isAppUrl', () => {
  it('matches the scheme and host exactly', () => {
    assert.equal(isAppUrl('app://inspector/'), true);
    assert.equal(isAppUrl('APP://INSPECTOR/index.html'), true, 'schemes and hosts are case-insensitive');
    assert.equal(isAppUrl('app://inspector.evil/'), false);
    assert.equal(isAppUrl('app://inspector:8080/'), false);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('source rules', () => {
  const files = [...sourceFiles(join(repoRoot, 'electron')), ...sourceFiles(join(repoRoot, 'renderer')), ...sourceFiles(join(repoRoot, 'shared'))];

  it('no shell.openExternal / openPath anywhere', () => {
    for (const file of files) {
      assert.doesNotMatch(readFileSync(file, 'utf8'), /\bopenExternal\b|shell\.openPath|\bshell\.\w+\(/, file);
    }
  });

  it('only main.ts and preload.ts import electron', () => {
    const allowed = new Set(['electron/main.ts', 'electron/preload.ts']);
    for (const file of files) {
      const relativePath = file.slice(repoRoot.length + 1);
      if (allowed.has(relativePath)) continue;
      assert.doesNotMatch(readFileSync(file, 'utf8'), /from\s+['"]electron['"]|require\(['"]electron['"]\)/, relativePath);
    }
  });

  it('the preload exposes exactly window.inspector and window.inspectorHost, and no ipcRenderer', () => {
    const preload = readFileSync(join(repoRoot, 'electron/preload.ts'), 'utf8');
    const exposed = [...preload.matchAll(/exposeInMainWorld\(\s*'([^']+)'\s*,\s*(\w+)/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(exposed, [
      ['inspector', 'inspector'],
      ['inspectorHost', 'host'],
    ]);
    assert.doesNotMatch(preload, /exposeInMainWorld\(\s*'[^']+'\s*,\s*ipcRenderer/);
  });
});
