import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Backend } from '../backend/backend.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/api/security.ts';

export interface HostOptions {
  backend: Backend;
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string;
  port?: number;
  /** Fixed token for tests; a random one per start otherwise. */
  token?: string;
}

export interface RunningHost {
  url: string;
  /** URL with the token in the fragment (never sent to the server or written to logs). */
  openUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024 * 1024;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function send(res: http.ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8') {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

const refusal = (message: string) => JSON.stringify({ ok: false, error: { code: 'UNAUTHENTICATED', message } });

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The browser host: the same dispatch as the desktop over HTTP, bound to 127.0.0.1 only.
 * Every API call needs the per-start token; the Host header must name this loopback port
 * (defeats DNS rebinding); the static renderer is public.
 */
export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const rendererRoot = path.resolve(opts.rendererDir);
  let port = 0;

  const server = http.createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      send(res, 421, refusal('请求的主机名无效：仅接受 127.0.0.1 本机访问。'));
      return;
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === '/api/call') return void handleCall(req, res);
    if (url.pathname === '/api/events') return void handleEvents(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, refusal('不支持的请求方法。'));
    serveStatic(url.pathname, res);
  });

  async function handleCall(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.method !== 'POST') return send(res, 405, refusal('不支持的请求方法。'));
    if (!sameToken(req.headers['x-bpd-token'] as string | undefined, token)) {
      return send(res, 401, refusal('缺少或错误的访问令牌：请使用启动时显示的地址打开本程序。'));
    }
    const origin = req.headers.origin;
    if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      return send(res, 403, refusal('跨站请求被拒绝。'));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return send(res, 413, refusal('请求内容过大。'));
      chunks.push(chunk as Buffer);
    }
    let body: { method?: unknown; input?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      return send(res, 400, JSON.stringify({ ok: false, error: { code: 'VALIDATION', message: '请求格式错误。' } }));
    }
    const session = (req.headers['x-bpd-session'] as string | undefined) || null;
    const result = await opts.backend.dispatch(String(body.method ?? ''), body.input, session);
    send(res, 200, JSON.stringify(result));
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    // EventSource cannot send headers, so the token comes in the query string.
    if (!sameToken(url.searchParams.get('token'), token)) return send(res, 401, refusal('缺少或错误的访问令牌。'));
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const off = opts.backend.on((e) => res.write(`data: ${JSON.stringify(e)}\n\n`));
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(ping);
      off();
    });
  }

  function serveStatic(pathname: string, res: http.ServerResponse) {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, '请求路径无效', 'text/plain; charset=utf-8');
    }
    if (rel === '/' || !path.extname(rel)) rel = '/index.html';
    const file = path.resolve(rendererRoot, `.${rel}`);
    if (!file.startsWith(rendererRoot + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return send(res, 404, '未找到', 'text/plain; charset=utf-8');
    }
    const type = MIME[path.extname(file)] ?? 'application/octet-stream';
    const cache = rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': cache });
    fs.createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    openUrl: `${url}#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
