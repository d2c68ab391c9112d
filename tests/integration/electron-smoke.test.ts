import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { findElectronBinary, PROJECT_ROOT } from '../../scripts/electron-binary.mjs';

// Launches the real desktop shell where an Electron binary is installed (never downloads one:
// detection reads node_modules/electron/path.txt, as `npm start` does). Elsewhere it says why
// it skipped instead of passing silently.
const electron = findElectronBinary();
const hasElectron = electron.binary !== null;
const MAIN = path.join(PROJECT_ROOT, 'dist', 'electron', 'main.cjs');

if (!hasElectron) {
  console.log(`Electron smoke test skipped: Electron binary not installed (${electron.reason}); runs where the binary is present`);
}

describe.skipIf(!hasElectron)('Electron desktop shell (smoke)', () => {
  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} missing: run npm run build first`);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpd-electron-'));
    app = await _electron.launch({
      executablePath: electron.binary ?? undefined,
      // Chromium refuses to run as root without --no-sandbox (CI containers); the renderer's
      // Electron sandbox (sandbox: true, limited preload) still applies.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), MAIN],
      env: { ...process.env, BPD_DATA_DIR: dataDir, ELECTRON_ENABLE_LOGGING: '1' },
      timeout: 60_000,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens one window titled 预算绩效工作台 on app://bundle', async () => {
    const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.getTitle()));
    expect(title).toEqual(['预算绩效工作台']);
    expect(page.url()).toBe('app://bundle/index.html');
  });

  it('exposes exactly window.api and no Node to the page', async () => {
    const exposed = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return {
        apiKeys: Object.keys((w.api ?? {}) as object).sort(),
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
        ipcRenderer: typeof w.ipcRenderer,
      };
    });
    expect(exposed).toEqual({ apiKeys: ['call', 'onEvent', 'openFile', 'saveFile'], require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined' });
  });

  it('answers a public API call over IPC from the temp data folder', async () => {
    const status = await page.evaluate(async () => {
      const api = (window as unknown as { api: { call(m: string, i: unknown, s: string | null): Promise<unknown> } }).api;
      return api.call('setup.status', {}, null);
    });
    expect(status).toEqual({ ok: true, data: { initialized: false, office: null } });
    expect(fs.existsSync(path.join(dataDir, 'office.sqlite'))).toBe(true);
  });

  it('blocks window.open', async () => {
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });
});
