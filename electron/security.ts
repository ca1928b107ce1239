// The Electron hardening rules as plain data and pure functions, so that Node tests can check each
// one. main.ts wires them into Electron (window options, session handlers, navigation guards).
// Nothing here imports electron.

/** The renderer is served from a privileged custom scheme; this is its only origin. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'inspector';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Same text as the <meta http-equiv="Content-Security-Policy"> in renderer/index.html (a test
 *  compares them); also sent as a response header by the app:// handler and the e2e server. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The subset of Electron's WebPreferences we set; every value is the hardened one. */
export interface HardenedWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webviewTag: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  spellcheck: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  /** Only unpackaged (development) builds can open DevTools. */
  devTools: boolean;
}

export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  webPreferences: HardenedWebPreferences;
}

export function windowOptions(preloadPath: string, options: { devTools?: boolean } = {}): WindowOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Checkpoint Inspector',
    // Shown on 'ready-to-show', so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#1e1f22',
    webPreferences: {
      preload: preloadPath,
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
      devTools: options.devTools === true,
    },
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for a URL on our own origin. (Node's URL gives origin "null" for custom schemes and keeps
 *  their host's case, while Chromium canonicalises a standard scheme: compare lowercased parts.) */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host.toLowerCase() === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** 'will-navigate' / 'will-redirect' / 'will-frame-navigate' guard: the window never leaves its page.
 *  Only a change of the fragment on the current page is allowed. */
export function isAllowedNavigation(targetUrl: string, currentUrl: string): boolean {
  const target = parse(targetUrl);
  const current = parse(currentUrl);
  if (!target || !current || !isAppUrl(targetUrl)) return false;
  target.hash = '';
  current.hash = '';
  return target.href === current.href;
}

/** webContents.setWindowOpenHandler: no new windows, no external browser. */
export function windowOpenHandler(): { action: 'deny' } {
  return { action: 'deny' };
}

/** session.setPermissionRequestHandler: camera, notifications, clipboard-read, ... all denied. */
export function permissionRequestHandler(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** session.setPermissionCheckHandler: every synchronous permission check answers "no". */
export function permissionCheckHandler(): boolean {
  return false;
}

/** IPC sender check: only the main frame of our window, showing our own page, may call the API. */
export function isTrustedSender(frameUrl: string | undefined | null, isMainFrame: boolean): boolean {
  return isMainFrame && typeof frameUrl === 'string' && isAppUrl(frameUrl);
}

/** session.webRequest.onBeforeRequest: the app makes no network requests at all. Everything that is
 *  not our own scheme (or an inline data: image, which CSP allows) is cancelled. DevTools pages are
 *  let through only when devtools are enabled (unpackaged builds). */
export function shouldBlockRequest(url: string, options: { allowDevtools?: boolean } = {}): boolean {
  if (isAppUrl(url)) return false;
  const parsed = parse(url);
  if (!parsed) return true;
  if (parsed.protocol === 'data:') return false;
  if (parsed.protocol === 'devtools:' && options.allowDevtools === true) return false;
  return true;
}
