import { test as base, expect, type Locator, type Page } from '@playwright/test';
import * as XLSX from 'xlsx';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
export const ARTIFACTS = path.join(here, 'artifacts');

export interface HostFixture {
  /** URL with the per-start token, as the host prints it. */
  openUrl: string;
  dataDir: string;
  proc: ChildProcess;
}

/** Starts the built browser host on a fresh data folder and waits for its URL. */
export async function startHost(dataDir: string): Promise<HostFixture> {
  const urlFile = path.join(dataDir, 'url.txt');
  const proc = spawn(process.execPath, [path.join(root, 'dist/host/host.cjs'), 'serve', '--data-dir', dataDir, '--open-url-file', urlFile], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 30_000;
  while (!fs.existsSync(urlFile)) {
    if (proc.exitCode !== null) throw new Error(`host exited: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`host did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { openUrl: fs.readFileSync(urlFile, 'utf8'), dataDir, proc };
}

export async function stopHost(h: HostFixture): Promise<void> {
  if (h.proc.exitCode !== null) return;
  const exited = new Promise((r) => h.proc.once('exit', r));
  h.proc.kill('SIGTERM');
  await exited;
}

/** Each test gets its own data folder and host process. */
export const test = base.extend<{ host: HostFixture }>({
  // Playwright reads fixture dependencies from an object pattern; this fixture has none.
  // oxlint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpd-e2e-'));
    const h = await startHost(dataDir);
    await use(h);
    await stopHost(h);
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

/** Saves a full-page screenshot as a kept artifact. */
export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export { expect };

/** A thin client for the browser host's HTTP API, as the renderer's httpBridge calls it (test setup). */
export function hostApi(openUrl: string) {
  const origin = new URL(openUrl).origin;
  const token = /token=([A-Za-z0-9_-]+)/.exec(openUrl)?.[1] ?? '';
  return async <T>(method: string, input: unknown, session: string | null = null): Promise<T> => {
    const res = await fetch(`${origin}/api/call`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-BPD-Token': token, ...(session ? { 'X-BPD-Session': session } : {}) },
      body: JSON.stringify({ method, input }),
    });
    const r = (await res.json()) as { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.data;
  };
}

/** Writes a one-sheet workbook (cells may carry a number format) and returns it as the API's file input. */
export function workbook(file: string, sheet: string, rows: unknown[][], merges: XLSX.Range[] = []): { name: string; base64: string } {
  const ws = XLSX.utils.aoa_to_sheet(rows);
  if (merges.length) ws['!merges'] = merges;
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, sheet);
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  return { name: path.basename(file), base64: fs.readFileSync(file).toString('base64') };
}

/** Signs in on the login page and waits for the shell (its year badge). */
export async function signIn(page: Page, user: { username: string; password: string }, year = 2026): Promise<void> {
  await page.locator('[data-path="username"]').fill(user.username);
  await page.locator('[data-path="password"]').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('current-year')).toHaveText(`${year} 年度`);
}

/** Clicks a button that downloads a file, and saves the file in `dir`. */
export async function download(page: Page, button: Locator, dir: string): Promise<string> {
  const pending = page.waitForEvent('download');
  await button.click();
  const d = await pending;
  const file = path.join(dir, d.suggestedFilename());
  await d.saveAs(file);
  return file;
}
