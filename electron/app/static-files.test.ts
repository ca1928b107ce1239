import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CONTENT_SECURITY_POLICY } from '../security';
import { contentTypeOf, resolveStaticFile, staticHeaders } from './static-files';

const root = resolve('/srv/app/dist/renderer');

describe('resolveStaticFile', () => {
  it('maps URL paths to files under the root', () => {
    assert.equal(resolveStaticFile(root, '/'), join(root, 'index.html'));
    assert.equal(resolveStaticFile(root, '/index.html'), join(root, 'index.html'));
    assert.equal(resolveStaticFile(root, '/app.js'), join(root, 'app.js'));
    assert.equal(resolveStaticFile(root, '/assets/font%20one.woff2'), join(root, 'assets/font one.woff2'));
  });

  it('refuses anything that could leave the root', () => {
    for (const path of [
      '/../package.json',
      '/..',
      '/assets/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E%2Fetc%2Fpasswd',
      '/..%2fetc/passwd',
      '/..%5c..%5cwindows',
      '/a\\b',
      '/%00.html',
      '/C:/Windows/win.ini',
      '/./index.html',
      '/%E0%A4%A',
      'index.html',
      '/assets/',
    ]) {
      assert.equal(resolveStaticFile(root, path), null, path);
    }
  });
});

describe('contentTypeOf / staticHeaders', () => {
  it('gives module scripts a JavaScript type and unknown files an opaque one', () => {
    assert.equal(contentTypeOf('/x/app.js'), 'text/javascript; charset=utf-8');
    assert.equal(contentTypeOf('/x/index.HTML'), 'text/html; charset=utf-8');
    assert.equal(contentTypeOf('/x/app.css'), 'text/css; charset=utf-8');
    assert.equal(contentTypeOf('/x/f.woff2'), 'font/woff2');
    assert.equal(contentTypeOf('/x/blob'), 'application/octet-stream');
  });

  it('sends the CSP and nosniff with every file', () => {
    const headers = staticHeaders('/x/app.js');
    assert.equal(headers['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
    assert.equal(headers['X-Content-Type-Options'], 'nosniff');
  });
});
