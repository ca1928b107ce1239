// Serving the built renderer (dist/renderer) by URL path: used by the app:// protocol handler in
// main.ts and by the e2e HTTP server, so both refuse the same paths and send the same headers.
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../security';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The file under `root` that a URL path names, or null when the path is refused: anything that
 * could leave `root` (`..` segments, encoded or not; backslashes; NUL; absolute or drive paths
 * after decoding) and malformed percent-encoding. "/" means "/index.html".
 */
export function resolveStaticFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.' || /^[a-zA-Z]:$/.test(s))) return null;
  const relativePath = segments.join('/') || 'index.html';
  if (relativePath.endsWith('/')) return null;
  const base = resolve(root);
  const file = resolve(base, relativePath);
  const inside = relative(base, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || !file.startsWith(base + sep)) return null;
  return file;
}

/** Content type by extension; unknown files are served as opaque bytes (with nosniff). */
export function contentTypeOf(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Response headers for a served renderer file. */
export function staticHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': contentTypeOf(file),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}
