import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathArgument, sampleArchivePath } from './argv';

describe('pathArgument', () => {
  const cwd = '/home/analyst';

  it('takes the first non-switch argument of a packaged app', () => {
    assert.equal(pathArgument(['/opt/ci/checkpoint-inspector', '--no-sandbox', 'case/x.tar', 'y.tar'], { isPackaged: true, cwd }), '/home/analyst/case/x.tar');
  });

  it('skips the app path when unpackaged (electron . x / electron main.mjs x)', () => {
    assert.equal(pathArgument(['/usr/bin/electron', '.', '/evidence/a.tar'], { isPackaged: false, cwd }), '/evidence/a.tar');
    assert.equal(
      pathArgument(['/usr/bin/electron', '--inspect=0', '--remote-debugging-port=0', 'dist/node/main.mjs', '/e/a.tar'], { isPackaged: false, cwd }),
      '/e/a.tar',
      'switches before the script do not hide the script',
    );
  });

  it('ignores switches Chromium inserts anywhere, and honours --', () => {
    assert.equal(pathArgument(['/app', '--allow-file-access-from-files', '/e/a.tar'], { isPackaged: true, cwd }), '/e/a.tar');
    assert.equal(pathArgument(['/app', '--', '-odd-name.tar'], { isPackaged: true, cwd }), '/home/analyst/-odd-name.tar');
    assert.equal(pathArgument(['/app', '-psn_0_1234'], { isPackaged: true, cwd }), null);
  });

  it('accepts a file:// URL', () => {
    assert.equal(pathArgument(['/app', 'file:///evidence/a%20b.tar'], { isPackaged: true, cwd }), '/evidence/a b.tar');
  });

  it('gives null when there is no path', () => {
    assert.equal(pathArgument(['/app'], { isPackaged: true, cwd }), null);
    assert.equal(pathArgument(['/usr/bin/electron', '.'], { isPackaged: false, cwd }), null);
    assert.equal(pathArgument(['/app', ''], { isPackaged: true, cwd }), null);
  });
});

describe('sampleArchivePath', () => {
  it('is in resources/sample when packaged and in build/sample otherwise', () => {
    assert.equal(sampleArchivePath({ isPackaged: true, resourcesPath: '/opt/app/resources', appRoot: '/x' }), '/opt/app/resources/sample/checkpoint-sample.tar');
    assert.equal(sampleArchivePath({ isPackaged: false, resourcesPath: '/r', appRoot: '/repo' }), '/repo/build/sample/checkpoint-sample.tar');
  });
});
