import path from 'node:path';

/**
 * The desktop shell's security policy as pure functions. This file must not import 'electron':
 * the unit tests run it in plain Node, and security.ts / protocol.ts / ipc.ts only wire it up.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for app://bundle/... and nothing else. Credentials or a port would make it a different
 * origin in Chromium's eyes, so they are refused rather than normalised away. Node leaves the
 * host of a non-special scheme as typed while Chromium lowercases it, hence the toLowerCase.
 */
export function isAppUrl(url: string): boolean {
  const u = parseUrl(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.hostname.toLowerCase() === APP_HOST && u.port === '' && u.username === '' && u.password === '';
}

/** The window may only ever show the bundled renderer. */
export const isAllowedNavigation = isAppUrl;

/** IPC is answered only for frames showing the bundled renderer (never a remote or file:// page). */
export const isTrustedSender = isAppUrl;

/**
 * No remote content: the bundle itself, DevTools' own pages (development builds only have them)
 * and in-memory data:/blob: URLs. Everything else (https:, http:, file:, ws:, ...) is cancelled.
 */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  const u = parseUrl(url);
  if (!u) return false;
  return u.protocol === 'devtools:' || u.protocol === 'data:' || u.protocol === 'blob:';
}

/**
 * Maps an app:// URL to a file under the renderer root, or null when the URL must be refused
 * (wrong host, undecodable, or any attempt to leave the root). Extension-less paths are client
 * routes of the single-page app and get index.html. `pathApi` lets tests check Windows rules.
 */
export function resolveAppPath(rendererRoot: string, url: string, pathApi: path.PlatformPath = path): string | null {
  const u = parseUrl(url);
  if (!u || !isAppUrl(url)) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  // The URL parser already folded literal and %2e dot segments; whatever is left after decoding
  // (..%2f, %5c, NUL, drive letters, NTFS streams) is an escape attempt and never a bundle file.
  if (/[\0\\:]/.test(rel) || rel.split('/').includes('..')) return null;
  if (rel.endsWith('/') || !pathApi.extname(rel)) rel = '/index.html';
  const root = pathApi.resolve(rendererRoot);
  const file = pathApi.resolve(root, `.${rel}`);
  return file.startsWith(root + pathApi.sep) ? file : null;
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Module scripts are refused by Chromium unless served with a JavaScript MIME type. */
export function mimeTypeOf(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
