import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupDto } from '../../shared/api/dto.ts';
import { KEEP_LATEST, listBackups, parseBackupName, rotateBackups } from '../../electron/backend/db/backup.ts';
import { verifyAudit } from '../../electron/backend/repositories/audit.ts';
import { ADMIN_PASSWORD, auditRows, openHarness, tempDir, type Harness } from '../helpers/backend.ts';

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(() => {
  h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const unitCodes = (hh: Harness) => hh.backend.database.prepare('SELECT code FROM units ORDER BY code').pluck().all();
const createUnit = (hh: Harness, code: string, name: string) =>
  hh.call('units.create', { code, name, kind: 'administrative', confidential: false, parentId: null });

function withReadOnly<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('backup.create', () => {
  it('writes a consistent file, lists it and records system.backup', async () => {
    h = await openHarness();
    await createUnit(h, '101', '县教育局');
    const info = (await h.call('backup.create', {})) as BackupDto;

    expect(info).toMatchObject({ reason: '手动备份', createdAt: '2026-03-01T08:00:00.000Z' });
    expect(info.name).toBe('office-20260301-080000-000-manual.sqlite');
    const file = path.join(h.backend.backupDir, info.name);
    expect(fs.statSync(file).size).toBe(info.size);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    withReadOnly(file, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT code FROM units').pluck().all()).toEqual(['101']);
    });

    const listed = await h.call('backup.list', {});
    expect(listed).toEqual([info]);

    const rec = auditRows(h).filter((r) => r.method === 'system.backup');
    expect(rec).toHaveLength(1);
    expect(rec[0]).toMatchObject({ username: 'admin', entity: 'backup', entity_id: info.name, result: '成功' });
    expect(JSON.parse(rec[0]?.changes ?? 'null')).toEqual({ reason: '手动备份', size: info.size });
  });

  it('two backups in the same millisecond get distinct names', async () => {
    h = await openHarness();
    const a = (await h.call('backup.create', {})) as BackupDto;
    const b = (await h.call('backup.create', {})) as BackupDto;
    expect(a.name).not.toBe(b.name);
    expect((await h.call('backup.list', {})).map((x) => x.name).sort()).toEqual([a.name, b.name].sort());
  });
});

describe('backup.restore', () => {
  it('brings the backed-up state back, keeps a safety backup, ends sessions and audits', async () => {
    h = await openHarness();
    await createUnit(h, '101', '县教育局');
    const backup = (await h.call('backup.create', {})) as BackupDto;
    h.clock.advance(5);
    await createUnit(h, '102', '县卫生健康委员会');
    expect(unitCodes(h)).toEqual(['101', '102']);
    const oldSession = h.session;

    const r = await h.call('backup.restore', { name: backup.name });
    expect(r.restoredFrom).toBe(backup.name);
    expect(r.safetyBackup).toBe('office-20260301-080500-000-restore.sqlite');

    // The change after the backup is gone.
    expect(unitCodes(h)).toEqual(['101']);

    // The safety backup holds the pre-restore state, including the change.
    withReadOnly(path.join(h.backend.backupDir, r.safetyBackup), (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT code FROM units ORDER BY code').pluck().all()).toEqual(['101', '102']);
    });
    // Every session ended: the old one is refused.
    const stale = await h.raw('units.tree', {}, oldSession);
    expect(stale.ok === false && stale.error.code).toBe('UNAUTHENTICATED');

    // The audit log of the restored database ends with the restore, and its chain holds.
    const last = auditRows(h).at(-1);
    expect(last).toMatchObject({ method: 'system.restore', username: 'admin', entity: 'backup', entity_id: backup.name, result: '成功' });
    expect(JSON.parse(last?.changes ?? 'null')).toEqual({ safetyBackup: r.safetyBackup });
    expect(verifyAudit(h.backend.database).ok).toBe(true);

    // Signing in again works (the restored accounts) and the safety backup is listed.
    const listed = (await h.call('backup.list', {}, await h.login('admin', ADMIN_PASSWORD))).map((b) => [b.name, b.reason]);
    expect(listed).toContainEqual([r.safetyBackup, '恢复前备份']);
  });

  it('tells listeners that sessions ended and all data changed', async () => {
    h = await openHarness();
    const backup = (await h.call('backup.create', {})) as BackupDto;
    const events: unknown[] = [];
    h.backend.on((e) => events.push(e));
    await h.call('backup.restore', { name: backup.name });
    expect(events).toContainEqual({ type: 'session.ended', reason: 'restore' });
    expect(events).toContainEqual({ type: 'data.changed', tables: ['*'] });
  });

  it.each([
    ['a name that is not a backup name', '../office.sqlite', 'NOT_FOUND', '备份文件名无效：../office.sqlite'],
    ['a backup that does not exist', 'office-20200101-000000-000-manual.sqlite', 'NOT_FOUND', '备份文件不存在：office-20200101-000000-000-manual.sqlite'],
  ])('refuses %s', async (_what, name, code, message) => {
    h = await openHarness();
    const r = await h.raw('backup.restore', { name });
    expect(r.ok === false && [r.error.code, r.error.message]).toEqual([code, message]);
  });

  describe('a corrupt backup file', () => {
    const CORRUPT = 'office-20260201-000000-000-manual.sqlite';

    async function setUpCorrupt(kind: 'garbage' | 'truncated'): Promise<Harness> {
      const hh = await openHarness();
      await createUnit(hh, '101', '县教育局');
      const good = (await hh.call('backup.create', {})) as BackupDto;
      const bytes = fs.readFileSync(path.join(hh.backend.backupDir, good.name));
      const content = kind === 'garbage' ? Buffer.from('这不是数据库文件。'.repeat(400)) : bytes.subarray(0, Math.floor(bytes.length / 2));
      fs.writeFileSync(path.join(hh.backend.backupDir, CORRUPT), content);
      await createUnit(hh, '102', '县卫生健康委员会');
      return hh;
    }

    it.each([['garbage'], ['truncated']] as const)('(%s) is refused and the live database is unchanged', async (kind) => {
      h = await setUpCorrupt(kind);
      const backupsBefore = listBackups(h.backend.backupDir).map((b) => b.name);
      const auditBefore = auditRows(h).length;

      const r = await h.raw('backup.restore', { name: CORRUPT });
      expect(r.ok).toBe(false);

      // Same data, same session, no safety backup taken, nothing swapped.
      expect(unitCodes(h)).toEqual(['101', '102']);
      expect((await h.raw('units.tree', {})).ok).toBe(true);
      expect(listBackups(h.backend.backupDir).map((b) => b.name)).toEqual(backupsBefore);
      expect(h.backend.database.pragma('integrity_check', { simple: true })).toBe('ok');
      // Only the failed attempt may be recorded; the chain holds.
      const added = auditRows(h).slice(auditBefore);
      expect(added.every((a) => a.method === 'backup.restore' && a.result.startsWith('失败'))).toBe(true);
      expect(verifyAudit(h.backend.database).ok).toBe(true);
    });

    // Product bug (reported): backend.ts restore() opens the file with openConnection() outside
    // its try block, so SQLite's "file is not a database" / "malformed" errors escape as INTERNAL
    // ("系统内部错误") instead of the Chinese message that names the fault.
    it.each([['garbage'], ['truncated']] as const)('(%s) is refused with a message saying the backup is damaged', async (kind) => {
      h = await setUpCorrupt(kind);
      const r = await h.raw('backup.restore', { name: CORRUPT });
      expect(r.ok === false && r.error.code).toBe('VALIDATION');
      expect(r.ok === false && r.error.message).toContain(`备份文件已损坏，无法恢复：${CORRUPT}`);
    });
  });
});

describe('rotateBackups', () => {
  /** Backup names for the given UTC timestamps (yyyymmdd-hhmmss). */
  const name = (stamp: string, reason = 'scheduled') => `office-${stamp}-000-${reason}.sqlite`;

  it(`keeps the newest ${KEEP_LATEST} plus the newest of each month`, () => {
    const dir = tempDir('bpd-rot-');
    dirs.push(dir);
    const jan = [1, 5, 9, 13, 17].map((d) => name(`202601${String(d).padStart(2, '0')}-020000`));
    const feb = [2, 6, 10, 14].map((d) => name(`202602${String(d).padStart(2, '0')}-020000`));
    const mar = Array.from({ length: 25 }, (_, i) => name(`202603${String(i + 1).padStart(2, '0')}-020000`, i % 5 === 0 ? 'manual' : 'scheduled'));
    const others = ['notes.txt', 'office.sqlite', `${name('20260101-000000')}.partial`, 'office-2026-bad-name.sqlite'];
    for (const n of [...jan, ...feb, ...mar, ...others]) fs.writeFileSync(path.join(dir, n), 'x');

    const removed = rotateBackups(dir);

    const kept = fs.readdirSync(dir).filter((n) => parseBackupName(n)).sort();
    const expectedKept = [
      jan[4], // newest of January
      feb[3], // newest of February
      ...mar.slice(5), // the newest 20 (all in March; includes March's newest)
    ].sort();
    expect(kept).toEqual(expectedKept);
    expect(removed.sort()).toEqual([...jan.slice(0, 4), ...feb.slice(0, 3), ...mar.slice(0, 5)].sort());
    // Files that are not backups are never touched.
    for (const n of others) expect(fs.existsSync(path.join(dir, n))).toBe(true);
  });

  it('keeps everything when there are fewer than the limit', () => {
    const dir = tempDir('bpd-rot-');
    dirs.push(dir);
    const names = Array.from({ length: KEEP_LATEST }, (_, i) => name(`2025${String((i % 12) + 1).padStart(2, '0')}01-0000${String(i).padStart(2, '0')}`));
    for (const n of names) fs.writeFileSync(path.join(dir, n), 'x');
    expect(rotateBackups(dir)).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual([...names].sort());
  });

  it('runs after every backup: a manual backup prunes old ones beyond the limit', async () => {
    h = await openHarness();
    fs.mkdirSync(h.backend.backupDir, { recursive: true });
    const old = Array.from({ length: KEEP_LATEST + 3 }, (_, i) => name(`20260201-01${String(i).padStart(2, '0')}00`));
    for (const n of old) fs.writeFileSync(path.join(h.backend.backupDir, n), 'x');
    const info = (await h.call('backup.create', {})) as BackupDto;
    const names = listBackups(h.backend.backupDir).map((b) => b.name);
    expect(names).toHaveLength(KEEP_LATEST);
    expect(names[0]).toBe(info.name);
    // February's newest stays (it is also among the newest 20); the oldest four went.
    expect(names).not.toContain(old[0]);
    expect(names).toContain(old.at(-1));
  });
});

describe('backup.restore refuses files that are not this office’s backups', () => {
  it('a backup of another office is refused and the live database is unchanged', async () => {
    h = await openHarness();
    await createUnit(h, '101', '县教育局');
    const info = (await h.call('backup.create', {})) as BackupDto;
    const file = path.join(h.backend.backupDir, info.name);
    const other = new Database(file);
    other.prepare("UPDATE office SET region_code = '652301', name = '昌吉市财政局'").run();
    other.close();
    await createUnit(h, '102', '县卫生健康委员会');

    const r = await h.raw('backup.restore', { name: info.name });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toBe('备份属于“昌吉市财政局”（652301），不是本单位（652325）的数据，无法恢复。');
    expect(unitCodes(h)).toEqual(['101', '102']);
    expect(fs.existsSync(`${file}-wal`) || fs.existsSync(`${file}-shm`)).toBe(false);
  });

  it('a SQLite file without an office is refused', async () => {
    h = await openHarness();
    const name = 'office-20260201-000000-000-manual.sqlite';
    fs.mkdirSync(h.backend.backupDir, { recursive: true });
    const stray = new Database(path.join(h.backend.backupDir, name));
    stray.exec('CREATE TABLE notes (t TEXT)');
    stray.close();
    const r = await h.raw('backup.restore', { name });
    expect(r.ok ? '' : r.error.message).toContain('不是本程序的单位数据库备份');
  });
});

describe('refused writes are audited', () => {
  it('a write with bad input leaves one failure record naming the user', async () => {
    h = await openHarness();
    const before = auditRows(h).length;
    const r = await h.raw('units.create', { code: '101', name: '', kind: 'administrative' });
    expect(r.ok).toBe(false);
    const rows = auditRows(h);
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({ method: 'units.create', username: 'admin' });
    expect(String(rows.at(-1)?.result)).toContain('失败：输入有误');
  });
});
