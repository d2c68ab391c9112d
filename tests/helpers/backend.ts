import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../electron/backend/backend.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.ts';
import type { Result } from '../../shared/api/result.ts';

export const ADMIN_PASSWORD = 'Caizheng#2026';

/** A fresh data folder under the OS temp dir; removed by the caller's cleanup. */
export function tempDir(prefix = 'bpd-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A movable clock for lockout and idle-timeout tests. */
export class TestClock {
  constructor(public ms = Date.parse('2026-03-01T08:00:00.000Z')) {}
  now = () => new Date(this.ms);
  advance(minutes: number) {
    this.ms += minutes * 60_000;
  }
}

export interface Harness {
  backend: Backend;
  dir: string;
  clock: TestClock;
  session: string;
  call<M extends MethodName>(m: M, input: MethodInput<M>, session?: string | null): Promise<MethodOutput<M>>;
  raw(m: string, input: unknown, session?: string | null): Promise<Result<unknown>>;
  login(username: string, password: string): Promise<string>;
  close(): void;
}

export const OFFICE = { regionCode: '652325', name: '奇台县财政局', level: 'county' as const, parentName: '昌吉回族自治州财政局', parentRegionCode: '652300' };

/** Opens a backend on a real SQLite file in a temp folder, initialised and signed in as admin. */
export async function openHarness(opts: { init?: boolean } = {}): Promise<Harness> {
  const dir = tempDir();
  const clock = new TestClock();
  if (opts.init !== false) fs.copyFileSync(await initialisedTemplate(), path.join(dir, 'office.sqlite'));
  const backend = await Backend.open({ dataDir: dir, now: clock.now });
  const raw = (m: string, input: unknown, session: string | null = h.session) => backend.dispatch(m, input, session);
  const call = async <M extends MethodName>(m: M, input: MethodInput<M>, session: string | null = h.session) => {
    const r = await backend.dispatch(m, input, session);
    if (!r.ok) throw new Error(`${m}: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.details ?? [])}`);
    return r.data as MethodOutput<M>;
  };
  const h: Harness = {
    backend, dir, clock, session: '', call, raw,
    login: async (username, password) => (await call('auth.login', { username, password }, null)).sessionId,
    close: () => {
      backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  if (opts.init !== false) h.session = await h.login('admin', ADMIN_PASSWORD);
  return h;
}

const SETUP = { office: OFFICE, admin: { username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }, year: 2026 };
let template: Promise<string> | undefined;

/**
 * An office database initialised through setup.init (at the TestClock's start time), made once
 * per test process and copied for each harness: setup.init hashes a password with scrypt, so
 * copying saves that hash in every test. Each harness still gets its own real file.
 */
function initialisedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = tempDir('bpd-template-');
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const backend = await Backend.open({ dataDir: dir, now: new TestClock().now });
    const r = await backend.dispatch('setup.init', SETUP, null);
    backend.close(); // checkpoints the WAL: office.sqlite alone holds everything
    if (!r.ok) throw new Error(`setup.init of the test template failed: ${r.error.message}`);
    return path.join(dir, 'office.sqlite');
  })();
  return template;
}

// ---------------------------------------------------------------- helpers shared by the integration tests

/** A second account with the given role; the password is strong enough for the schema. */
export const USER_PASSWORD = 'Yusuan#2026';
export async function addUser(h: Harness, username: string, role: 'admin' | 'performance' | 'business' | 'viewer' | 'auditor') {
  return h.call('users.create', { username, displayName: `${username} 用户`, role, password: USER_PASSWORD });
}

export interface AuditRow {
  seq: number;
  at: string;
  user_id: string | null;
  username: string;
  method: string;
  entity: string | null;
  entity_id: string | null;
  changes: string;
  result: string;
  prev_hash: string;
  hash: string;
}

/** The audit log as stored (read straight from the file, as an auditor's tool would). */
export function auditRows(h: { backend: Backend }): AuditRow[] {
  return h.backend.database.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[];
}

/** Row count of a table in the live database. */
export function countRows(h: { backend: Backend }, table: string): number {
  return (h.backend.database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** The error of a result that must have failed (throws, showing the data, when it did not). */
export function errorOf(r: Result<unknown>) {
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.data).slice(0, 300)}`);
  return r.error;
}
