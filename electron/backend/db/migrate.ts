import { createHash } from 'node:crypto';
import type { Db } from './connection.ts';
import type { Migration } from './migrations/index.ts';

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export const migrationHash = (m: Migration) => createHash('sha256').update(m.sql).digest('hex');

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`;

export interface MigrationPlan {
  current: number;
  target: number;
  pending: Migration[];
}

/**
 * Checks the database against the registry without writing: refuses a database from a newer
 * program and any applied migration whose text has changed since it ran.
 */
export function planMigrations(db: Db, registry: readonly Migration[]): MigrationPlan {
  const current = db.pragma('user_version', { simple: true }) as number;
  const target = registry.at(-1)?.version ?? 0;
  if (current > target) {
    throw new MigrationError(`数据库版本（${current}）高于本程序支持的版本（${target}），请安装新版程序后再打开此数据库。`);
  }
  const hasLedger = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get();
  if (hasLedger) {
    const applied = db.prepare('SELECT version, name, hash FROM schema_migrations ORDER BY version').all() as { version: number; name: string; hash: string }[];
    for (const row of applied) {
      const m = registry.find((r) => r.version === row.version);
      if (!m) throw new MigrationError(`数据库记录了未知的升级步骤 ${row.version}（${row.name}），程序与数据库不匹配。`);
      if (migrationHash(m) !== row.hash) {
        throw new MigrationError(`升级步骤 ${m.name} 的内容与已执行时不一致（校验值不符），请勿修改已发布的升级脚本。`);
      }
    }
  } else if (current > 0) {
    throw new MigrationError('数据库缺少升级记录表，无法确认其结构版本。');
  }
  return { current, target, pending: registry.filter((m) => m.version > current) };
}

/** Applies pending migrations, each in its own transaction together with its ledger row. */
export function applyMigrations(db: Db, pending: readonly Migration[], now: () => Date): number[] {
  db.exec(LEDGER);
  const applied: number[] = [];
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, hash, applied_at) VALUES (?, ?, ?, ?)').run(
        m.version, m.name, migrationHash(m), now().toISOString(),
      );
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
