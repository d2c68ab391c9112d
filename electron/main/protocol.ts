import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/api/security.ts';
import { APP_SCHEME, mimeTypeOf, resolveAppPath } from './policy.ts';

/**
 * Must run before 'ready'. `standard` gives app://bundle a real origin (relative URLs, storage,
 * ES modules), `secure` makes it a secure context like https, `supportFetchAPI` lets the
 * renderer fetch its own assets. file:// is avoided because every file:// page shares one origin.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

const BASE_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // A local bundle changes only with an update; revalidating is cheap and avoids stale screens.
  'Cache-Control': 'no-cache',
};

function textResponse(status: number, body: string): Response {
  return new Response(body, { status, headers: { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Serves app://bundle/* from the built renderer folder only, with the CSP on every response. */
export function serveAppProtocol(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, '不支持的请求方法。');
    const file = resolveAppPath(rendererRoot, request.url);
    if (!file) return textResponse(404, '未找到请求的资源。');
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      // A missing index.html means the renderer was never built; say so instead of a blank window.
      return file.endsWith('index.html')
        ? textResponse(404, '界面文件缺失：请先运行 npm run build 构建程序界面。')
        : textResponse(404, '未找到请求的资源。');
    }
    const headers = { ...BASE_HEADERS, 'Content-Type': mimeTypeOf(file), 'Content-Length': String(body.length) };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  });
}
