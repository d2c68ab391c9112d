import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  isAllowedNavigation,
  isAllowedRequest,
  isTrustedSender,
  mimeTypeOf,
  resolveAppPath,
} from '../../electron/main/policy.ts';

// The desktop shell's guards are thin Electron wiring around these pure functions, so the
// policy itself is tested here in plain Node.

describe('navigation policy', () => {
  it.each([
    APP_ENTRY_URL,
    'app://bundle/',
    'app://bundle/projects/42?tab=goals#top',
    'APP://BUNDLE/index.html',
  ])('allows %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true);
    expect(isTrustedSender(url)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:5173/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://bundle.evil.com/index.html',
    'app://user:pass@bundle/index.html',
    'app://bundle:8080/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    '',
    'not a url',
  ])('blocks %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
    expect(isTrustedSender(url)).toBe(false);
  });
});

describe('request policy (no remote content)', () => {
  it.each([
    'app://bundle/assets/index-abc123.js',
    'devtools://devtools/bundled/devtools_app.html',
    'data:image/png;base64,iVBORw0KGgo=',
    'blob:app://bundle/5a0c1f6e-8d4b-4a8e-9d1e-0f2b3c4d5e6f',
  ])('allows %s', (url) => expect(isAllowedRequest(url)).toBe(true));

  it.each([
    'https://cdn.example.com/lib.js',
    'http://example.com/',
    'http://127.0.0.1:8080/api/call',
    'ws://127.0.0.1:9229/',
    'wss://example.com/socket',
    'ftp://example.com/file',
    'file:///etc/passwd',
    'file:///C:/Windows/win.ini',
    'app://evil/index.html',
    'chrome://settings',
    '',
  ])('blocks %s', (url) => expect(isAllowedRequest(url)).toBe(false));
});

describe('app:// path resolution', () => {
  const root = path.resolve('/opt/bpd/dist/renderer');
  const inRoot = (...p: string[]) => path.join(root, ...p);

  it('serves files inside the renderer root', () => {
    expect(resolveAppPath(root, 'app://bundle/index.html')).toBe(inRoot('index.html'));
    expect(resolveAppPath(root, 'app://bundle/assets/index-abc123.js')).toBe(inRoot('assets', 'index-abc123.js'));
    expect(resolveAppPath(root, 'app://bundle/assets/index.css?v=2#x')).toBe(inRoot('assets', 'index.css'));
    expect(resolveAppPath(root, 'app://bundle/fonts/%E5%AE%8B%E4%BD%93.woff2')).toBe(inRoot('fonts', '宋体.woff2'));
  });

  it('falls back to index.html for extension-less client routes (SPA)', () => {
    for (const url of ['app://bundle', 'app://bundle/', 'app://bundle/projects', 'app://bundle/projects/42/goals', 'app://bundle/units/']) {
      expect(resolveAppPath(root, url)).toBe(inRoot('index.html'));
    }
  });

  it('never resolves outside the root, whatever the encoding', () => {
    const attempts = [
      'app://bundle/../../etc/passwd',
      'app://bundle/assets/../../../etc/passwd.txt',
      'app://bundle/%2e%2e/%2e%2e/etc/passwd',
      'app://bundle/%2E%2E/%2E%2E/etc/hosts.txt',
      'app://bundle/..%2f..%2fetc%2fpasswd',
      'app://bundle/..%2F..%2F..%2Fetc%2Fshadow.txt',
      'app://bundle/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://bundle/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://bundle/..%5c..%5cwindows%5cwin.ini',
      'app://bundle/..\\..\\etc\\passwd',
      'app://bundle/%252e%252e%252fetc%252fpasswd',
      'app://bundle/index.html%00.png',
      'app://bundle/C:/Windows/win.ini',
      'app://bundle/index.html::$DATA',
    ];
    // Refused outright, or (dot segments the URL parser folds away) resolved inside the root.
    const escapes = attempts
      .map((url) => ({ url, file: resolveAppPath(root, url) }))
      .filter(({ file }) => file !== null && !file.startsWith(root + path.sep));
    expect(escapes).toEqual([]);
  });

  it.each([
    'app://bundle/..%2f..%2fetc%2fpasswd',
    'app://bundle/assets/..%2f..%2f..%2fetc%2fpasswd.txt',
    'app://bundle/..%5c..%5cwindows%5cwin.ini',
    'app://bundle/index.html%00.png',
    'app://bundle/C:/Windows/win.ini',
    'app://bundle/%E0%A4%A',
  ])('refuses %s outright (decoded traversal, separator, NUL, drive letter, bad encoding)', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });

  it('folds dot segments the way the URL parser (and Chromium) does: no escape, SPA fallback', () => {
    expect(resolveAppPath(root, 'app://bundle/../../etc/passwd')).toBe(inRoot('index.html'));
    expect(resolveAppPath(root, 'app://bundle/%2e%2e/%2e%2e/etc/passwd')).toBe(inRoot('index.html'));
    expect(resolveAppPath(root, 'app://bundle/assets/../../../etc/passwd.txt')).toBe(inRoot('etc', 'passwd.txt'));
  });

  it('applies the same rules with Windows paths', () => {
    const winRoot = 'C:\\Program Files\\预算绩效工作台\\resources\\app.asar\\dist\\renderer';
    expect(resolveAppPath(winRoot, 'app://bundle/assets/a.js', path.win32)).toBe(`${winRoot}\\assets\\a.js`);
    expect(resolveAppPath(winRoot, 'app://bundle/units', path.win32)).toBe(`${winRoot}\\index.html`);
    expect(resolveAppPath(winRoot, 'app://bundle/..%5c..%5c..%5cwin.ini', path.win32)).toBeNull();
    expect(resolveAppPath(winRoot, 'app://bundle/C:%5cWindows%5cwin.ini', path.win32)).toBeNull();
    expect(resolveAppPath(winRoot, 'app://bundle/%5c%5cserver%5cshare%5cx.js', path.win32)).toBeNull();
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveAppPath(root, 'app://evil/index.html')).toBeNull();
    expect(resolveAppPath(root, 'file:///opt/bpd/dist/renderer/index.html')).toBeNull();
    expect(resolveAppPath(root, 'https://bundle/index.html')).toBeNull();
  });
});

describe('MIME types', () => {
  it('serves module scripts as JavaScript (Chromium refuses anything else)', () => {
    expect(mimeTypeOf('/x/assets/index-abc.js')).toMatch(/^text\/javascript/);
    expect(mimeTypeOf('/x/index.html')).toMatch(/^text\/html/);
    expect(mimeTypeOf('/x/a.CSS')).toMatch(/^text\/css/);
    expect(mimeTypeOf('/x/font.woff2')).toBe('font/woff2');
    expect(mimeTypeOf('/x/unknown.bin')).toBe('application/octet-stream');
  });
});
