import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { runCli } from '../../electron/host/cli.ts';
import { ADMIN_PASSWORD, USER_PASSWORD, tempDir } from './backend.ts';

/** The environment variables the CLI reads; the tests set them explicitly where they matter. */
const ENV_KEYS = ['BPD_USER', 'BPD_PASSWORD', 'BPD_DATA_DIR'] as const;

/**
 * Registers hooks that clear the CLI's environment variables before each test and restore them
 * after it, and remove every data folder made by the returned `newDir`.
 */
export function cliSandbox(prefix: string): { newDir(): string } {
  let savedEnv: Record<string, string | undefined>;
  const dirs: string[] = [];
  beforeEach(() => {
    savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
    for (const k of ENV_KEYS) delete process.env[k];
  });
  afterEach(() => {
    for (const k of ENV_KEYS) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  return {
    newDir() {
      const d = tempDir(prefix);
      dirs.push(d);
      return d;
    },
  };
}

/** Runs the CLI, capturing its output through the io parameter. */
export async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export const INIT = [
  'init', '--region', '652325', '--name', '奇台县财政局', '--level', 'county', '--parent-name', '昌吉回族自治州财政局',
  '--parent-code', '652300', '--admin', 'admin', '--admin-name', '管理员', '--password', ADMIN_PASSWORD, '--year', '2026',
];
export const AS_ADMIN = ['--user', 'admin', '--password', ADMIN_PASSWORD];
/** Projects, goals and monitoring are handled by the finance bureau's sections, not by the administrator. */
export const AS_PERFORMANCE = ['--user', 'jixiao', '--password', USER_PASSWORD];

/** Rows of a query on the office database of data folder `dir`, opened read-only. */
export function query<T>(dir: string, sql: string): T[] {
  const db = new Database(path.join(dir, 'office.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
