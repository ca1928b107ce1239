// Smoke test of the real Electron app (dist/node/main.mjs in the electron binary of
// node_modules/electron), where that binary exists. It is not downloaded here: with
// ELECTRON_SKIP_BINARY_DOWNLOAD (CI) or no network the test is skipped, and says what was checked.
import { _electron as electron, type ElectronApplication } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_ENTRY_URL } from '../electron/security';
import { archiveTab, expect, repoRoot, test } from './harness';

/** What require('electron') would answer, without its side effect of downloading the binary. */
function electronBinary(): { path: string | null; checked: string } {
  const packageDir = join(repoRoot, 'node_modules/electron');
  const pathFile = join(packageDir, 'path.txt');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron');
    return { path: existsSync(path) ? path : null, checked: path };
  }
  if (!existsSync(pathFile)) return { path: null, checked: pathFile };
  const path = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return { path: existsSync(path) ? path : null, checked: path };
}

const binary = electronBinary();
const main = join(repoRoot, 'dist/node/main.mjs');

test.describe('Electron app', () => {
  test.skip(binary.path === null, `Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD / no network): ${binary.checked}`);

  let app: ElectronApplication;
  let userData: string;

  test.beforeEach(async () => {
    userData = mkdtempSync(join(tmpdir(), 'inspector-electron-profile-'));
    const args = [main];
    if (process.platform === 'linux') {
      if (process.getuid?.() === 0) args.unshift('--no-sandbox'); // Chromium refuses to run as root otherwise
      if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) args.unshift('--ozone-platform=headless');
    }
    app = await electron.launch({
      executablePath: binary.path!,
      args,
      env: { ...process.env, CHECKPOINT_INSPECTOR_USER_DATA: userData, ELECTRON_ENABLE_LOGGING: '1' },
      timeout: 60_000,
    });
  });

  test.afterEach(async () => {
    await app?.close();
    rmSync(userData, { recursive: true, force: true });
  });

  test('launches hardened, loads app://inspector and opens the bundled sample', async () => {
    const appWindow = await app.firstWindow();
    expect(appWindow.url()).toBe(APP_ENTRY_URL);
    await expect(archiveTab(appWindow, 'checkpoint-sample.tar')).toBeVisible({ timeout: 30_000 });

    // The webPreferences themselves are checked by security.test.ts (windowOptions); here, their effect.
    const page = await appWindow.evaluate(async () => {
      const w = window as unknown as Record<string, unknown>;
      let fetchResult = 'allowed';
      try {
        await fetch('https://example.com/');
      } catch {
        fetchResult = 'refused';
      }
      return {
        require: typeof w.require,
        process: typeof w.process,
        ipcRenderer: typeof w.ipcRenderer,
        module: typeof w.module,
        inspector: Object.keys(window.inspector).length,
        host: Object.keys(window.inspectorHost).sort(),
        opened: window.open('https://example.com/') === null,
        fetchResult,
      };
    });
    expect(page).toMatchObject({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined', module: 'undefined', opened: true, fetchResult: 'refused' });
    expect(page.inspector).toBeGreaterThan(20);
    expect(page.host).toEqual(['getPathForFile', 'onCloseTab', 'onOpenPath']);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

    await appWindow.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await appWindow.waitForTimeout(500);
    expect(appWindow.url()).toBe(APP_ENTRY_URL);
  });
});
