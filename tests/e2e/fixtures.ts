import { test as base, expect, type Page } from '@playwright/test';
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
