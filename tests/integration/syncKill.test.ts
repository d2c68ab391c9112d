import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from '../helpers/backend.ts';
import { cli } from '../helpers/cli.ts';
import { bulkCounty } from '../helpers/syncData.ts';
import { COUNTY, PREFECTURE, contentHash, exportBundle, fingerprint, link, openOffice, tempDir } from '../helpers/syncWorld.ts';

/**
 * Kill the importing process at random moments: the database always passes integrity_check and
 * holds either the state before the import or the state after it, and the import then succeeds.
 * The child is the real command line (electron/host/host.ts) bundled by esbuild with the options
 * of scripts/build-node.mjs. A state is the content hash of the data tables plus what the import
 * records about itself (its log line, the submission, the pinned key), which carry the time of the
 * run and fresh ids. The audit log and the accounts are left out: the CLI's sign-in and the
 * import's backup record write to them before the import itself.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = 20;
const EXCEPT = ['audit_log', 'audit_head', 'users', 'bundle_log', 'submissions', 'peer_offices'];

let work: string;
let host: string;
let bundle: string;
let oldDb: string;
let fp: string;

function hashOf(file: string): { integrity: string; hash: string } {
  const db = new Database(file);
  try {
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const self = [
      count("SELECT count(*) FROM bundle_log WHERE direction = 'received' AND status = 'imported'"),
      count('SELECT count(*) FROM submissions'), count('SELECT count(*) FROM peer_offices WHERE public_key IS NOT NULL'),
    ].join('/');
    return { integrity: db.pragma('integrity_check', { simple: true }) as string, hash: `${contentHash(db, EXCEPT)}:${self}` };
  } finally {
    db.close();
  }
}

/** A fresh copy of the prefecture's database before the import, in its own data folder. */
function freshOffice(name: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.copyFileSync(oldDb, path.join(dir, 'office.sqlite'));
  return dir;
}

const ARGS = (dir: string) => [host, 'bundle', 'import', bundle, '--confirm-fingerprint', fp, '--data-dir', dir, '--user', 'admin', '--password', ADMIN_PASSWORD];

/**
 * Runs the CLI import in a child process. With `killAfterMs`, the child is killed with SIGKILL that
 * long after its pre-import backup appears (the import transaction starts right after it), so the
 * kills land in the import itself rather than in the process start-up.
 */
function runChild(dir: string, killAfterMs: number | null): Promise<{ code: number | null; importMs: number }> {
  return new Promise((resolve, reject) => {
    const backups = path.join(dir, 'backups');
    const child = spawn(process.execPath, ARGS(dir), { env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') }, stdio: 'ignore' });
    let backedUpAt = 0;
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (backedUpAt || !fs.existsSync(backups) || !fs.readdirSync(backups).some((n) => n.endsWith('-import.sqlite'))) return;
      backedUpAt = Date.now();
      if (killAfterMs !== null) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    }, 2);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, importMs: backedUpAt ? Date.now() - backedUpAt : 0 });
    });
  });
}

beforeAll(async () => {
  work = tempDir('bpd-sync-kill-');
  host = path.join(work, 'host.cjs');
  await build({
    bundle: true, platform: 'node', format: 'cjs', target: 'node22', external: ['better-sqlite3', 'electron'], logLevel: 'warning', legalComments: 'none',
    entryPoints: [path.join(ROOT, 'electron/host/host.ts')], outfile: host,
  });
  const county = await openOffice(COUNTY);
  const pref = await openOffice(PREFECTURE);
  try {
    await link(pref, PREFECTURE, county, COUNTY);
    bulkCounty(county, 1000, 10);
    bundle = (await exportBundle(county, 'up', PREFECTURE.regionCode, [2026], work)).file;
    fp = await fingerprint(county);
  } finally {
    county.close();
    pref.backend.close(); // checkpoints the WAL into office.sqlite
  }
  oldDb = path.join(work, 'old.sqlite');
  fs.copyFileSync(path.join(pref.dir, 'office.sqlite'), oldDb);
  fs.rmSync(pref.dir, { recursive: true, force: true });
}, 60_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('sync bundles: killing the import', () => {
  it(`leaves the old or the new state, intact, and a following import succeeds (${RUNS} runs)`, async () => {
    // The reference: the same import left to finish.
    const before = hashOf(oldDb).hash;
    const reference = freshOffice('reference');
    const full = await runChild(reference, null);
    expect(full.code).toBe(0);
    expect(full.importMs).toBeGreaterThan(0);
    const after = hashOf(path.join(reference, 'office.sqlite')).hash;
    expect(after).not.toBe(before);

    const seen = { old: 0, new: 0 };
    for (let i = 0; i < RUNS; i++) {
      const dir = freshOffice(`run-${i}`);
      const killed = await runChild(dir, Math.round(full.importMs * 1.3 * Math.random()));
      const state = hashOf(path.join(dir, 'office.sqlite'));
      expect(state.integrity).toBe('ok');
      expect([before, after]).toContain(state.hash);
      seen[state.hash === before ? 'old' : 'new']++;
      const next = await cli('bundle', 'import', bundle, '--confirm-fingerprint', fp, '--data-dir', dir, '--user', 'admin', '--password', ADMIN_PASSWORD);
      expect(next.code, `${next.err} (killed: ${String(killed.code)})`).toBe(0);
      expect(hashOf(path.join(dir, 'office.sqlite')).hash).toBe(after);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Most kills fall inside the import transaction (delays up to 1.3 × its length): rolled back.
    expect(seen.old).toBeGreaterThan(0);
  }, 120_000);
});
