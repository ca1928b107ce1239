// The bridge itself: what the specs rely on before they look at any view.
import { request as httpRequest } from 'node:http';
import { API_METHODS } from '../shared/api';
import { expect, fixtureArchive, test } from './harness';

test('window.inspector has exactly the API methods, window.inspectorHost the host calls', async ({ page }) => {
  const shape = await page.evaluate(() => ({
    inspector: Object.keys(window.inspector).sort(),
    host: Object.keys(window.inspectorHost).sort(),
    functions: Object.values(window.inspector).every((f) => typeof f === 'function'),
    frozen: Object.isFrozen(window.inspector),
  }));
  expect(shape.inspector).toEqual([...API_METHODS].sort());
  expect(shape.host).toEqual(['getPathForFile', 'onCloseTab', 'onOpenPath']);
  expect(shape.functions).toBe(true);
  expect(shape.frozen).toBe(true);
});

test('bytes arrive in the page as real Uint8Arrays, errors as InspectorError JSON', async ({ page }) => {
  const result = await page.evaluate(async (path) => {
    const summary = await window.inspector.openArchive(path);
    const read = await window.inspector.readEntry(summary.id, 'checkpoint/pages-1.img', 0, 8);
    let error = '';
    try {
      await window.inspector.readEntry(summary.id, 'no/such/entry', 0, 8);
    } catch (e) {
      error = (e as Error).message;
    }
    return {
      isUint8Array: read.bytes instanceof Uint8Array,
      tag: Object.prototype.toString.call(read.bytes),
      bytes: Array.from(read.bytes),
      size: read.size,
      error,
    };
  }, fixtureArchive('crio-busybox-httpd.tar'));
  expect(result.isUint8Array).toBe(true);
  expect(result.tag).toBe('[object Uint8Array]');
  // checkpoint/pages-1.img starts with x86-64 code: 48 83 ec 08 48 c7 c0 00 (`tar -xOf ... | xxd`).
  expect(result.bytes).toEqual([0x48, 0x83, 0xec, 0x08, 0x48, 0xc7, 0xc0, 0x00]);
  expect(result.size).toBe(73728);
  expect(result.error).toContain('InspectorError:');
  expect(result.error).toContain('no/such/entry');
});

/** A GET with the path sent exactly as written (URL parsers would normalise `%2e%2e` away). */
function rawGet(origin: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, path, method: 'GET' }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

test('the renderer server serves dist/renderer with the CSP and refuses paths outside it', async ({ rendererServer }) => {
  const index = await rawGet(rendererServer.origin, '/index.html');
  expect(index.status).toBe(200);
  expect(index.body).toContain('Content-Security-Policy');
  for (const path of ['/../package.json', '/..%2f..%2fpackage.json', '/%2e%2e/package.json', '/..%5cpackage.json', '/x/../../package.json', '/%00']) {
    const response = await rawGet(rendererServer.origin, path);
    expect(response.status, path).toBe(403);
    expect(response.body, path).not.toContain('"name"');
  }
});
