// Which archive the command line names. Electron's argv is [executable, ...args] when packaged and
// [electron, appPathOrScript, ...args] when run unpackaged; Chromium and Playwright add switches
// (--inspect=0, --remote-debugging-port=0, --allow-file-access-from-files) in any position, so the
// path is the first argument that is not a switch (after the app path, when unpackaged).
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ArgvContext {
  /** app.isPackaged: no app path follows the executable. */
  isPackaged: boolean;
  /** Directory relative paths are resolved against (process.cwd(), or the second instance's). */
  cwd: string;
}

export function pathArgument(argv: readonly string[], context: ArgvContext): string | null {
  let appPathSkipped = context.isPackaged;
  let switchesEnded = false;
  for (const arg of argv.slice(1)) {
    if (!switchesEnded && arg === '--') {
      switchesEnded = true;
      continue;
    }
    if (!switchesEnded && arg.startsWith('-')) continue; // also macOS's -psn_0_12345
    if (arg === '' || arg.includes('\0')) continue;
    if (!appPathSkipped) {
      appPathSkipped = true;
      continue;
    }
    if (arg.startsWith('file://')) {
      try {
        return fileURLToPath(arg);
      } catch {
        continue;
      }
    }
    return isAbsolute(arg) ? arg : resolve(context.cwd, arg);
  }
  return null;
}

export const SAMPLE_ARCHIVE_NAME = 'checkpoint-sample.tar';

/** The bundled sample: in packaged apps under resources/sample (electron-builder extraResources),
 *  otherwise in the repository's build/sample. */
export function sampleArchivePath(options: { isPackaged: boolean; resourcesPath: string; appRoot: string }): string {
  return options.isPackaged
    ? join(options.resourcesPath, 'sample', SAMPLE_ARCHIVE_NAME)
    : join(options.appRoot, 'build', 'sample', SAMPLE_ARCHIVE_NAME);
}
