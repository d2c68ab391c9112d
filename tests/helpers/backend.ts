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
  if (opts.init !== false) {
    await call('setup.init', { office: OFFICE, admin: { username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }, year: 2026 }, null);
    h.session = await h.login('admin', ADMIN_PASSWORD);
  }
  return h;
}
