import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import { startHost, type RunningHost } from '../../electron/host/http.ts';
import { ADMIN_PASSWORD, OFFICE, tempDir } from '../helpers/backend.ts';

const TOKEN = 'test-token-0123456789abcdef';
const INDEX_HTML = '<!doctype html><title>预算绩效工作台</title>';
const SECRET = 'SECRET-OUTSIDE-THE-RENDERER-ROOT';

let dir: string;
let rendererDir: string;
let backend: Backend;
let host: RunningHost;

beforeAll(async () => {
  dir = tempDir('bpd-host-');
  rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  // A file next to the renderer folder that must never be served.
  fs.writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  backend = await Backend.open({ dataDir: path.join(dir, 'data') });
  host = await startHost({ backend, rendererDir, token: TOKEN });
});

afterAll(async () => {
  await host?.close();
  backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request with full control of the headers (fetch will not let us set Host). */
function request(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string; port?: number; host?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: opts.host ?? '127.0.0.1', port: opts.port ?? host.port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers, setHost: !opts.headers?.Host },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

function apiCall(method: string, input: unknown, headers: Record<string, string> = {}, port?: number): Promise<Reply> {
  return request({
    path: '/api/call',
    method: 'POST',
    port,
    headers: { 'Content-Type': 'application/json', 'X-BPD-Token': TOKEN, ...headers },
    body: JSON.stringify({ method, input }),
  });
}

const json = (r: Reply) => JSON.parse(r.body) as { ok: boolean; data?: unknown; error?: { code: string; message: string } };

describe('the API needs the per-start token', () => {
  it.each([
    ['no token', {}],
    ['a wrong token of the same length', { 'X-BPD-Token': TOKEN.replace(/.$/, 'X') }],
    ['a wrong token of another length', { 'X-BPD-Token': 'short' }],
    ['the token in the wrong header', { Authorization: `Bearer ${TOKEN}` }],
  ])('%s → 401', async (_what, headers) => {
    const r = await request({ path: '/api/call', method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ method: 'setup.status', input: {} }) });
    expect(r.status).toBe(401);
    expect(json(r)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('访问令牌') } });
  });

  it('a valid call works (setup.status)', async () => {
    const r = await apiCall('setup.status', {});
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json(r)).toEqual({ ok: true, data: { initialized: false, office: null } });
  });

  it('the whole flow runs over HTTP: set up, sign in, call with the session header', async () => {
    const init = await apiCall('setup.init', { office: OFFICE, admin: { username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }, year: 2026 });
    expect(json(init).ok).toBe(true);
    const login = json(await apiCall('auth.login', { username: 'admin', password: ADMIN_PASSWORD }));
    const session = (login.data as { sessionId: string }).sessionId;
    expect(json(await apiCall('units.tree', {}))).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(json(await apiCall('units.tree', {}, { 'X-BPD-Session': session }))).toEqual({ ok: true, data: [] });
  });

  it('GET on the API → 405; a body that is not JSON → 400', async () => {
    expect((await request({ path: '/api/call', headers: { 'X-BPD-Token': TOKEN } })).status).toBe(405);
    const bad = await request({ path: '/api/call', method: 'POST', headers: { 'X-BPD-Token': TOKEN }, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(json(bad)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('every response carries the security headers', async () => {
    for (const r of [await apiCall('setup.status', {}), await request({ path: '/' }), await request({ path: '/api/call', method: 'POST' })]) {
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

describe('Host and Origin checks', () => {
  it.each([
    ['evil.example:PORT'],
    ['evil.example'],
    ['127.0.0.1'],
    ['127.0.0.1:1'],
    ['[::1]:PORT'],
    ['0.0.0.0:PORT'],
  ])('Host %s → 421, even with the token', async (hostHeader) => {
    const r = await apiCall('setup.status', {}, { Host: hostHeader.replace('PORT', String(host.port)) });
    expect(r.status).toBe(421);
    expect(json(r).error?.message).toContain('127.0.0.1');
  });

  it('a DNS-rebinding page cannot fetch the static app either', async () => {
    expect((await request({ path: '/', headers: { Host: `evil.example:${host.port}` } })).status).toBe(421);
  });

  it.each([['127.0.0.1:PORT'], ['localhost:PORT']])('Host %s is accepted', async (hostHeader) => {
    expect((await apiCall('setup.status', {}, { Host: hostHeader.replace('PORT', String(host.port)) })).status).toBe(200);
  });

  it.each([['http://evil.example'], ['http://127.0.0.1:1'], ['https://127.0.0.1:PORT'], ['null']])('Origin %s → 403', async (origin) => {
    const r = await apiCall('setup.status', {}, { Origin: origin.replace('PORT', String(host.port)) });
    expect(r.status).toBe(403);
    expect(json(r).error?.message).toBe('跨站请求被拒绝。');
  });

  it('the page’s own origin is accepted', async () => {
    expect((await apiCall('setup.status', {}, { Origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
  });
});

describe('network exposure', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    expect(host.openUrl).toBe(`http://127.0.0.1:${host.port}/#token=${TOKEN}`);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4' && !i.internal)
      .map((i) => i.address);
    if (external.length === 0) console.log('host-security: this machine has no non-loopback IPv4 address; only the loopback binding is checked');
    for (const address of external) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = net.connect({ host: address, port: host.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect([address, outcome]).toEqual([address, 'ECONNREFUSED']);
    }
  });
});

describe('static files', () => {
  it('serves the app and falls back to index.html for client routes', async () => {
    const index = await request({ path: '/' });
    expect([index.status, index.body]).toEqual([200, INDEX_HTML]);
    expect((await request({ path: '/units/tree' })).body).toBe(INDEX_HTML);
    const asset = await request({ path: '/assets/app.js' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    ['/../secret.txt'],
    ['/%2e%2e/secret.txt'],
    ['/..%2fsecret.txt'],
    ['/%2e%2e%2fsecret.txt'],
    ['/assets/..%2f..%2fsecret.txt'],
    ['/assets/%2e%2e/%2e%2e/secret.txt'],
    ['/..%5csecret.txt'],
    ['/index.html%00.txt'],
    ['/../../etc/hostname.txt'],
  ])('%s → 404, never a file outside the renderer folder', async (p) => {
    const r = await request({ path: p });
    expect(r.status).toBe(404);
    expect(r.body).not.toContain(SECRET);
  });

  it.each([['/../../etc/passwd'], ['/%2e%2e/%2e%2e/etc/passwd'], ['/..%2f..%2f..%2f..%2fetc%2fpasswd']])('%s never serves /etc/passwd', async (p) => {
    const r = await request({ path: p });
    expect(r.body).not.toMatch(/root:.*:0:0:/);
    // Extensionless paths are client routes: either refused or answered with the app itself.
    expect(r.status === 404 || r.body === INDEX_HTML).toBe(true);
  });
});

describe('the event stream', () => {
  /** Opens /api/events and resolves with the status and the first chunk of the body. */
  function openEvents(query: string): Promise<{ status: number; type: string | undefined; first: string; res: http.IncomingMessage; req: http.ClientRequest }> {
    return new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: host.port, path: `/api/events${query}` }, (res) => {
        res.setEncoding('utf8');
        res.once('data', (first: string) => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], first, res, req }));
      });
      req.on('error', reject);
    });
  }

  it.each([[''], ['?token='], ['?token=wrong'], [`?token=${TOKEN}x`]])('needs the token (query %j → 401)', async (q) => {
    const r = await openEvents(q);
    expect(r.status).toBe(401);
    r.req.destroy();
  });

  it('with the token, streams backend events', async () => {
    const r = await openEvents(`?token=${encodeURIComponent(TOKEN)}`);
    try {
      expect(r.status).toBe(200);
      expect(r.type).toBe('text/event-stream');
      expect(r.first).toBe(': connected\n\n');
      const next = new Promise<string>((resolve) => r.res.once('data', resolve));
      backend.auditEvent('system.backup', '成功');
      expect(await next).toBe(`data: ${JSON.stringify({ type: 'data.changed', tables: ['audit_log'] })}\n\n`);
    } finally {
      r.req.destroy();
    }
  });
});

describe('robustness', () => {
  // Product bug (reported): http.ts serveStatic calls decodeURIComponent(pathname) without a
  // try/catch, so a malformed escape such as GET /% throws inside the request listener and
  // kills the whole host process. Any web page can send it (<img src="http://127.0.0.1:PORT/%">)
  // since the Host header is then valid. The host runs in a child process here so the crash
  // cannot take the test worker down.
  it('a malformed percent-escape in the path does not crash the host', async () => {
    const helper = fileURLToPath(new URL('../helpers/host-process.ts', import.meta.url));
    const childDir = tempDir('bpd-host-child-');
    const child = spawn(process.execPath, [helper, path.join(childDir, 'data'), rendererDir, TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`host exited early (${code}): ${stderr}`)));
      });
      const port = (JSON.parse(line) as { port: number }).port;

      const bad = await request({ path: '/%E0%A4%A', port }).then((r) => r.status, (e: Error) => `connection error: ${e.message}`);
      const after = await apiCall('setup.status', {}, {}, port).then((r) => r.status, (e: Error) => `connection error: ${e.message}`);
      // On failure the host's stderr (the URIError) shows in the diff.
      expect({ after, stderr: after === 200 ? '' : stderr }).toEqual({ after: 200, stderr: '' });
      expect([400, 404]).toContain(bad);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(childDir, { recursive: true, force: true });
    }
  });
});
