import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import { MigrationError } from '../../electron/backend/db/migrate.ts';
import { MIGRATIONS, type Migration } from '../../electron/backend/db/migrations/index.ts';
import { verifyAudit } from '../../electron/backend/repositories/audit.ts';
import { TestClock, tempDir } from '../helpers/backend.ts';

const LATEST = MIGRATIONS.at(-1)?.version ?? 0;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const fileHash = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A migration that only the tests know, one past the shipped registry. */
const TEST_MIGRATION: Migration = {
  version: LATEST + 1,
  name: `${String(LATEST + 1).padStart(4, '0')}_test_unit_notes`,
  sql: `
    ALTER TABLE units ADD COLUMN note TEXT NOT NULL DEFAULT '';
    CREATE TABLE unit_notes_log (unit_id TEXT NOT NULL REFERENCES units(id), note TEXT NOT NULL) STRICT;
    UPDATE units SET note = '迁移时补记' WHERE code = '101';
  `,
};

const dirs: string[] = [];
const opened: Backend[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const b of opened.splice(0)) b.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function newDir(): string {
  const d = tempDir('bpd-mig-');
  dirs.push(d);
  return d;
}

async function open(dir: string, migrations: readonly Migration[] = MIGRATIONS, clock = new TestClock()): Promise<Backend> {
  const b = await Backend.open({ dataDir: dir, now: clock.now, migrations });
  opened.push(b);
  return b;
}

function closeAll() {
  for (const b of opened.splice(0)) b.close();
}

/**
 * An office database as an older program left it: schema at `version`, with an office,
 * a fiscal year and three units written with that version's SQL (not today's handlers).
 */
async function makeOldDatabase(dir: string, version: number): Promise<string> {
  const registry = MIGRATIONS.filter((m) => m.version <= version);
  const b = await open(dir, registry);
  const db = b.database;
  const at = '2025-06-01T00:00:00.000Z';
  db.prepare(`INSERT INTO office (id, region_code, name, level, parent_name, parent_region_code, current_year, created_at, updated_at)
    VALUES (1, '652325', '奇台县财政局', 'county', '昌吉回族自治州财政局', '652300', 2025, ?, ?)`).run(at, at);
  db.prepare('INSERT INTO fiscal_years (year, created_at) VALUES (2025, ?)').run(at);
  const unit = db.prepare(`INSERT INTO units (id, origin, code, name, parent_id, kind, confidential, active, created_at, updated_at)
    VALUES (?, '652325', ?, ?, ?, 'administrative', 0, 1, ?, ?)`);
  unit.run('u-101', '101', '县教育局', null, at, at);
  unit.run('u-101001', '101001', '县第一中学', 'u-101', at, at);
  unit.run('u-102', '102', '县卫生健康委员会', null, at, at);
  closeAll();
  return path.join(dir, 'office.sqlite');
}

function readOnly(file: string) {
  return new Database(file, { readonly: true, fileMustExist: true });
}

describe('fresh database', () => {
  it('is migrated to the latest version with a ledger row and sha256 per migration', async () => {
    const b = await open(newDir());
    const db = b.database;
    expect(LATEST).toBeGreaterThanOrEqual(1);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    const ledger = db.prepare('SELECT version, name, hash, applied_at FROM schema_migrations ORDER BY version').all() as {
      version: number; name: string; hash: string; applied_at: string;
    }[];
    expect(ledger.map((r) => [r.version, r.name, r.hash])).toEqual(MIGRATIONS.map((m) => [m.version, m.name, sha256(m.sql)]));
    expect(ledger.every((r) => r.applied_at === '2026-03-01T08:00:00.000Z')).toBe(true);
  });

  it('uses the pragmas of the brief: WAL, foreign keys on, synchronous FULL', async () => {
    const db = (await open(newDir())).database;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('takes no migration backup and writes no system.migrate record for a new file', async () => {
    const dir = newDir();
    const b = await open(dir);
    expect(fs.existsSync(b.backupDir) ? fs.readdirSync(b.backupDir) : []).toEqual([]);
    expect(b.database.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 0 });
  });

  it('the registry is ordered, starts at 1 and has no gaps or duplicate names', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
  });

  it('reopening an up-to-date database changes nothing', async () => {
    const dir = newDir();
    await open(dir);
    closeAll();
    const b = await open(dir);
    expect(b.database.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(fs.existsSync(b.backupDir) ? fs.readdirSync(b.backupDir) : []).toEqual([]);
  });
});

describe('upgrading an older database', () => {
  it('applies the new migration in one transaction, keeps the data, backs up first and audits it', async () => {
    const dir = newDir();
    const file = await makeOldDatabase(dir, 1);
    // Watch every exec on a connection: the migration's SQL must run inside a transaction.
    const execs: { sql: string; inTransaction: boolean }[] = [];
    const realExec = Database.prototype.exec;
    vi.spyOn(Database.prototype, 'exec').mockImplementation(function (this: Database.Database, sql: string) {
      execs.push({ sql, inTransaction: this.inTransaction });
      return realExec.call(this, sql);
    });
    const registry = [...MIGRATIONS, TEST_MIGRATION];
    const clock = new TestClock(Date.parse('2026-04-02T03:04:05.006Z'));
    const b = await open(dir, registry, clock);
    const db = b.database;

    expect(db.pragma('user_version', { simple: true })).toBe(TEST_MIGRATION.version);
    const ledger = db.prepare('SELECT version, hash FROM schema_migrations ORDER BY version').all();
    expect(ledger).toEqual(registry.map((m) => ({ version: m.version, hash: sha256(m.sql) })));

    // Every pending migration ran inside a transaction.
    for (const m of registry.filter((x) => x.version > 1)) {
      const run = execs.find((e) => e.sql === m.sql);
      expect([m.name, run?.inTransaction]).toEqual([m.name, true]);
    }

    // The data survived, and the migration's own data change applied.
    expect(db.prepare('SELECT code, name, parent_id, note FROM units ORDER BY code').all()).toEqual([
      { code: '101', name: '县教育局', parent_id: null, note: '迁移时补记' },
      { code: '101001', name: '县第一中学', parent_id: 'u-101', note: '' },
      { code: '102', name: '县卫生健康委员会', parent_id: null, note: '' },
    ]);
    expect(db.prepare('SELECT region_code, name, current_year FROM office').get()).toEqual({ region_code: '652325', name: '奇台县财政局', current_year: 2025 });

    // A backup with reason 'migration' was written before migrating: it is still at version 1.
    const backups = fs.readdirSync(b.backupDir).filter((n) => n.endsWith('-migration.sqlite'));
    expect(backups).toEqual(['office-20260402-030405-006-migration.sqlite']);
    const old = readOnly(path.join(b.backupDir, backups[0] ?? ''));
    try {
      expect(old.pragma('user_version', { simple: true })).toBe(1);
      expect(old.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'unit_notes_log'").get()).toEqual({ n: 0 });
      expect(old.prepare('SELECT count(*) AS n FROM units').get()).toEqual({ n: 3 });
    } finally {
      old.close();
    }

    // The audit log records the upgrade, and the chain is intact.
    const audit = db.prepare("SELECT username, changes, result FROM audit_log WHERE method = 'system.migrate'").all();
    expect(audit).toEqual([{ username: '（系统）', changes: JSON.stringify({ from: 1, to: TEST_MIGRATION.version }), result: '成功' }]);
    expect(verifyAudit(db).ok).toBe(true);
    expect(file).toBe(b.dbFile);
  });

  it.each(MIGRATIONS.map((m) => [m.version]))('a database at version %d upgrades to the shipped latest', async (version) => {
    const dir = newDir();
    await makeOldDatabase(dir, version);
    const b = await open(dir);
    expect(b.database.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(b.database.prepare('SELECT code FROM units ORDER BY code').pluck().all()).toEqual(['101', '101001', '102']);
    const migrationBackups = fs.existsSync(b.backupDir) ? fs.readdirSync(b.backupDir).filter((n) => n.endsWith('-migration.sqlite')) : [];
    expect(migrationBackups.length).toBe(version < LATEST ? 1 : 0);
  });
});

describe('refusals', () => {
  it('refuses a database from a newer program, naming both versions, and leaves the file untouched', async () => {
    const dir = newDir();
    const file = await makeOldDatabase(dir, LATEST);
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST + 5}`);
    raw.close();
    const before = fileHash(file);

    const attempt = open(dir);
    await expect(attempt).rejects.toBeInstanceOf(MigrationError);
    await expect(attempt).rejects.toThrow(`数据库版本（${LATEST + 5}）高于本程序支持的版本（${LATEST}）`);

    expect(fileHash(file)).toBe(before);
    const check = readOnly(file);
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(LATEST + 5);
    } finally {
      check.close();
    }
    expect(fs.existsSync(path.join(dir, 'backups')) ? fs.readdirSync(path.join(dir, 'backups')) : []).toEqual([]);
  });

  it('refuses loudly when an applied migration was edited (same version, changed SQL)', async () => {
    const dir = newDir();
    const file = await makeOldDatabase(dir, LATEST);
    const before = fileHash(file);
    const first = MIGRATIONS[0];
    if (!first) throw new Error('no migrations');
    const edited: Migration[] = [{ ...first, sql: `${first.sql}\nCREATE INDEX units_name ON units(name);\n` }, ...MIGRATIONS.slice(1)];

    const attempt = open(dir, edited);
    await expect(attempt).rejects.toBeInstanceOf(MigrationError);
    await expect(attempt).rejects.toThrow(`升级步骤 ${first.name} 的内容与已执行时不一致（校验值不符）`);
    expect(fileHash(file)).toBe(before);
  });

  it('refuses a database that recorded a migration this program does not know', async () => {
    const dir = newDir();
    await makeOldDatabase(dir, LATEST);
    closeAll();
    const withTest = await open(dir, [...MIGRATIONS, TEST_MIGRATION]);
    expect(withTest.database.pragma('user_version', { simple: true })).toBe(LATEST + 1);
    closeAll();
    // A registry that skips the recorded step but goes past it.
    const skipping: Migration[] = [...MIGRATIONS, { version: LATEST + 2, name: 'later', sql: 'SELECT 1;' }];
    await expect(open(dir, skipping)).rejects.toThrow(`数据库记录了未知的升级步骤 ${LATEST + 1}（${TEST_MIGRATION.name}）`);
  });

  it('rolls a failing migration back completely: no partial table, version and ledger unchanged', async () => {
    const dir = newDir();
    const file = await makeOldDatabase(dir, LATEST);
    const failing: Migration = {
      version: LATEST + 1,
      name: 'broken',
      sql: `
        CREATE TABLE half_done (id INTEGER PRIMARY KEY) STRICT;
        INSERT INTO half_done (id) VALUES (1);
        UPDATE units SET name = '改坏了';
        INSERT INTO no_such_table VALUES (1);
      `,
    };
    await expect(open(dir, [...MIGRATIONS, failing])).rejects.toThrow(/no_such_table/);

    const check = readOnly(file);
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(LATEST);
      expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
      expect(check.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: LATEST });
      expect(check.prepare('SELECT name FROM units ORDER BY code').pluck().all()).toEqual(['县教育局', '县第一中学', '县卫生健康委员会']);
    } finally {
      check.close();
    }
    // The program still opens it with the shipped registry.
    const b = await open(dir);
    expect(b.database.prepare('SELECT count(*) AS n FROM units').get()).toEqual({ n: 3 });
  });
});
