import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../shared/api/contract.ts';
import { verifyAudit } from '../../electron/backend/repositories/audit.ts';
import { ADMIN_PASSWORD, OFFICE, USER_PASSWORD, addUser, auditRows, countRows, openHarness, type AuditRow, type Harness } from '../helpers/backend.ts';
import { fixtureFile, readXlsx, sheetAoa } from '../helpers/fixtures.ts';

let h: Harness | undefined;
let attacker: Database.Database | undefined;
afterEach(() => {
  attacker?.close();
  attacker = undefined;
  h?.close();
  h = undefined;
});

const unit = (code: string, name: string, parentId: string | null = null) =>
  ({ code, name, kind: 'administrative' as const, confidential: false, parentId });

type Case = { method: string; prepare: (h: Harness) => Promise<unknown> };

/** One successful call of every write method of the system and unit areas. */
const WRITES: Case[] = [
  { method: 'units.create', prepare: async () => unit('101', '县教育局') },
  {
    method: 'units.update',
    prepare: async (hh) => {
      const u = await hh.call('units.create', unit('101', '县教育局'));
      return { id: u.id, code: '101', name: '县教育和科技局', kind: 'administrative' };
    },
  },
  {
    method: 'units.move',
    prepare: async (hh) => {
      const a = await hh.call('units.create', unit('101', '县教育局'));
      const b = await hh.call('units.create', unit('102', '县第一中学'));
      return { id: b.id, parentId: a.id };
    },
  },
  {
    method: 'units.setActive',
    prepare: async (hh) => ({ id: (await hh.call('units.create', unit('101', '县教育局'))).id, active: false }),
  },
  { method: 'users.create', prepare: async () => ({ username: 'zhangsan', displayName: '张三', role: 'business', password: USER_PASSWORD }) },
  { method: 'users.update', prepare: async (hh) => ({ id: (await addUser(hh, 'zhangsan', 'business')).id, displayName: '张三丰', role: 'performance' }) },
  { method: 'users.setActive', prepare: async (hh) => ({ id: (await addUser(hh, 'zhangsan', 'business')).id, active: false }) },
  { method: 'users.resetPassword', prepare: async (hh) => ({ id: (await addUser(hh, 'zhangsan', 'business')).id, password: 'Chongzhi#2026' }) },
  { method: 'users.unlock', prepare: async (hh) => ({ id: (await addUser(hh, 'zhangsan', 'business')).id }) },
  { method: 'years.add', prepare: async () => ({ year: 2027 }) },
  {
    method: 'years.setCurrent',
    prepare: async (hh) => {
      await hh.call('years.add', { year: 2027 });
      return { year: 2027 };
    },
  },
  { method: 'office.update', prepare: async () => ({ ...OFFICE, name: '奇台县财政局（预算绩效管理股）' }) },
  { method: 'auth.changePassword', prepare: async () => ({ oldPassword: ADMIN_PASSWORD, password: 'Xinmima#2026' }) },
];

/** Failed writes (business rules, not schema) are recorded too, with 失败 and the reason. */
const FAILED_WRITES: (Case & { code: string; result: string })[] = [
  {
    method: 'units.create',
    prepare: async (hh) => {
      await hh.call('units.create', unit('101', '县教育局'));
      return unit('101', '县教育和科技局');
    },
    code: 'CONFLICT',
    result: '失败：单位编码“101”已被“县教育局”使用。',
  },
  {
    method: 'units.move',
    prepare: async (hh) => {
      const a = await hh.call('units.create', unit('101', '县教育局'));
      const b = await hh.call('units.create', unit('101001', '县第一中学', a.id));
      return { id: a.id, parentId: b.id };
    },
    code: 'VALIDATION',
    result: '失败：不能把单位移动到它自己或它的下级单位之下。',
  },
  { method: 'years.add', prepare: async () => ({ year: 2026 }), code: 'CONFLICT', result: '失败：2026 年度已存在。' },
  {
    method: 'users.setActive',
    prepare: async (hh) => ({ id: (await hh.call('auth.me', {})).user.id, active: false }),
    code: 'CONFLICT',
    result: '失败：不能停用当前登录的账户。',
  },
  {
    method: 'auth.changePassword',
    prepare: async () => ({ oldPassword: 'Wrong#Pass1', password: 'Xinmima#2026' }),
    code: 'VALIDATION',
    result: '失败：原密码不正确。',
  },
  {
    method: 'units.importCommit',
    prepare: async () => ({ file: fixtureFile('units', 'bad-cycle.xlsx') }),
    code: 'IMPORT_INVALID',
    result: '失败：文件“bad-cycle.xlsx”有 2 处错误，未导入任何数据。',
  },
];

describe('every write through dispatch appends exactly one audit record', () => {
  it('the table covers every write method of the system and unit areas', () => {
    const areas = ['setup', 'auth', 'office', 'years', 'users', 'units', 'backup', 'audit'];
    const writes = Object.entries(contract)
      .filter(([name, spec]) => spec.write && areas.includes(name.split('.')[0] ?? ''))
      .map(([name]) => name)
      .sort();
    // setup.init and units.importCommit have their own tests below.
    expect(writes).toEqual([...WRITES.map((c) => c.method), 'setup.init', 'units.importCommit'].sort());
  });

  it.each(WRITES.map((c) => [c.method, c] as const))('%s', async (method, c) => {
    h = await openHarness();
    const input = await c.prepare(h);
    const before = countRows(h, 'audit_log');
    const r = await h.raw(method, input);
    expect(r).toMatchObject({ ok: true });
    const added = auditRows(h).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ method, username: 'admin', result: '成功' });
    expect(verifyAudit(h.backend.database).ok).toBe(true);
  });

  it.each(FAILED_WRITES.map((c) => [c.method, c.code, c] as const))('a failed %s (%s) is recorded with 失败', async (method, code, c) => {
    h = await openHarness();
    const input = await c.prepare(h);
    const before = countRows(h, 'audit_log');
    const r = await h.raw(method, input);
    expect(r.ok === false && r.error.code).toBe(code);
    const added = auditRows(h).slice(before);
    expect(added.map((a) => [a.method, a.username, a.result])).toEqual([[method, 'admin', c.result]]);
  });

  it('setup.init writes one record holding the office and the first administrator', async () => {
    h = await openHarness({ init: false });
    expect(countRows(h, 'audit_log')).toBe(0);
    await h.call('setup.init', { office: OFFICE, admin: { username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }, year: 2026 }, null);
    const rows = auditRows(h);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ seq: 1, method: 'setup.init', username: '（系统）', result: '成功', entity: 'office', entity_id: null });
    const changes = JSON.parse(rows[0]?.changes ?? 'null') as { entity: string; changes: Record<string, unknown> }[];
    expect(changes.map((c) => c.entity)).toEqual(['office', 'user']);
    expect(changes[1]?.changes.password_hash).toEqual(['***', '***']);
    expect(changes[1]?.changes.username).toEqual([null, 'admin']);
  });

  it('an import commit writes its own record plus the record of the backup taken before it', async () => {
    h = await openHarness();
    const before = countRows(h, 'audit_log');
    await h.call('units.importCommit', { file: fixtureFile('units', 'good.xlsx') });
    const added = auditRows(h).slice(before);
    expect(added.map((a) => [a.method, a.result])).toEqual([['system.backup', '成功'], ['units.importCommit', '成功']]);
    expect(JSON.parse(added[1]?.changes ?? 'null')).toEqual({ file: 'good.xlsx', add: 7, update: 0, unchanged: 0 });
  });

  it('reads write nothing to the log', async () => {
    h = await openHarness();
    const before = countRows(h, 'audit_log');
    for (const m of ['units.tree', 'units.export', 'units.template', 'users.list', 'years.list', 'office.get', 'auth.me', 'backup.list']) {
      expect([m, (await h.raw(m, {})).ok]).toEqual([m, true]);
    }
    expect(countRows(h, 'audit_log')).toBe(before);
  });
});

describe('the compact before/after diff', () => {
  const lastChanges = (hh: Harness) => JSON.parse(auditRows(hh).at(-1)?.changes ?? 'null') as Record<string, unknown>;

  it('holds only the changed fields', async () => {
    h = await openHarness();
    const u = await h.call('units.create', unit('101', '县教育局'));
    h.clock.advance(1);
    await h.call('units.update', { id: u.id, code: '101', name: '县教育和科技局', kind: 'administrative', confidential: false });
    expect(lastChanges(h)).toEqual({ name: ['县教育局', '县教育和科技局'] });
    expect(auditRows(h).at(-1)).toMatchObject({ entity: 'unit', entity_id: u.id });
  });

  it('a created row lists its fields against null', async () => {
    h = await openHarness();
    const u = await h.call('units.create', unit('101', '县教育局'));
    const changes = lastChanges(h);
    expect(changes).toMatchObject({ id: [null, u.id], code: [null, '101'], name: [null, '县教育局'], kind: [null, 'administrative'], active: [null, 1] });
    // Fields that are null before and after, and the bookkeeping columns, are left out.
    expect(Object.keys(changes)).not.toContain('parent_id');
    expect(Object.keys(changes)).not.toContain('updated_at');
  });

  it('a role change and a deactivation show just those fields', async () => {
    h = await openHarness();
    const z = await addUser(h, 'zhangsan', 'business');
    await h.call('users.update', { id: z.id, displayName: z.displayName, role: 'viewer' });
    expect(lastChanges(h)).toEqual({ role: ['business', 'viewer'] });
    await h.call('users.setActive', { id: z.id, active: false });
    expect(lastChanges(h)).toEqual({ active: [1, 0] });
  });

  it('never holds a password hash: a reset shows *** only', async () => {
    h = await openHarness();
    const z = await addUser(h, 'zhangsan', 'business');
    await h.call('users.resetPassword', { id: z.id, password: 'Chongzhi#2026' });
    expect(lastChanges(h)).toEqual({ password_hash: ['***', '***'] });
    await h.call('auth.changePassword', { oldPassword: ADMIN_PASSWORD, password: 'Xinmima#2026' });
    expect(lastChanges(h)).toEqual({ password_hash: ['***', '***'] });
    // No hash (scrypt$…) and no clear password anywhere in the log.
    const all = JSON.stringify(auditRows(h));
    expect(all).not.toContain('scrypt$');
    for (const secret of [ADMIN_PASSWORD, USER_PASSWORD, 'Chongzhi#2026', 'Xinmima#2026']) expect(all).not.toContain(secret);
  });
});

describe('verification of the hash chain', () => {
  async function withHistory(): Promise<{ hh: Harness; auditor: string }> {
    const hh = await openHarness();
    await addUser(hh, 'shenji', 'auditor');
    const auditor = await hh.login('shenji', USER_PASSWORD);
    await hh.call('units.create', unit('101', '县教育局'));
    await hh.call('units.create', unit('102', '县卫生健康委员会'));
    await hh.call('years.add', { year: 2027 });
    return { hh, auditor };
  }

  /** The attacker's tool: a separate connection to the file, with the append-only triggers dropped. */
  function tamper(hh: Harness): Database.Database {
    attacker = new Database(hh.backend.dbFile);
    attacker.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    return attacker;
  }

  it('an untouched chain verifies, through dispatch and directly', async () => {
    const { hh, auditor } = await withHistory();
    h = hh;
    const n = countRows(h, 'audit_log');
    expect(n).toBeGreaterThanOrEqual(7);
    expect(await h.call('audit.verify', {}, auditor)).toEqual({ ok: true, checked: n, brokenAt: null, reason: null });
    // Each record links to the one before.
    const rows = auditRows(h);
    rows.forEach((r, i) => expect(r.prev_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1]?.hash));
  });

  it('the triggers refuse updates and deletes', async () => {
    h = await openHarness();
    const db = h.backend.database;
    expect(() => db.prepare("UPDATE audit_log SET result = 'x' WHERE seq = 1").run()).toThrow('audit_log is append-only');
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow('audit_log is append-only');
  });

  it('an edited record is reported at its seq', async () => {
    const { hh, auditor } = await withHistory();
    h = hh;
    tamper(h).prepare("UPDATE audit_log SET changes = '{\"name\":[null,\"县财政局\"]}' WHERE seq = 3").run();
    expect(await h.call('audit.verify', {}, auditor)).toEqual({
      ok: false, checked: 2, brokenAt: 3, reason: '第 3 条记录内容被修改（校验值不符）',
    });
  });

  it('an edited record whose own hash was recomputed breaks the link of the next one', async () => {
    const { hh } = await withHistory();
    h = hh;
    const db = tamper(h);
    const r = db.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as AuditRow;
    const forged = { ...r, result: '成功（已核对）' };
    const hash = createHash('sha256')
      .update(JSON.stringify([forged.prev_hash, forged.seq, forged.at, forged.user_id, forged.username, forged.method, forged.entity, forged.entity_id, forged.changes, forged.result]))
      .digest('hex');
    db.prepare('UPDATE audit_log SET result = ?, hash = ? WHERE seq = 3').run(forged.result, hash);
    expect(verifyAudit(h.backend.database)).toEqual({ ok: false, checked: 3, brokenAt: 4, reason: '第 4 条记录与前一条的链接不符' });
  });

  it('a deleted middle record is reported as missing', async () => {
    const { hh, auditor } = await withHistory();
    h = hh;
    tamper(h).prepare('DELETE FROM audit_log WHERE seq = 4').run();
    expect(await h.call('audit.verify', {}, auditor)).toEqual({ ok: false, checked: 3, brokenAt: 4, reason: '第 4 条记录缺失（记录被删除）' });
  });

  it('a deleted last record is detected through audit_head', async () => {
    const { hh, auditor } = await withHistory();
    h = hh;
    const n = countRows(h, 'audit_log');
    tamper(h).prepare('DELETE FROM audit_log WHERE seq = ?').run(n);
    expect(await h.call('audit.verify', {}, auditor)).toEqual({
      ok: false, checked: n - 1, brokenAt: n, reason: `日志末尾记录缺失：应有 ${n} 条，实有 ${n - 1} 条`,
    });
  });
});

describe('sign-in events', () => {
  const events = (hh: Harness, from: number) => auditRows(hh).slice(from).map((a) => [a.method, a.username, a.result]);

  it('a sign-in, a failed sign-in and an unknown user are recorded', async () => {
    h = await openHarness();
    await addUser(h, 'zhangsan', 'business');
    const from = countRows(h, 'audit_log');
    await h.login('zhangsan', USER_PASSWORD);
    await h.raw('auth.login', { username: 'zhangsan', password: 'Wrong#Pass1' }, null);
    await h.raw('auth.login', { username: 'ghost', password: 'Wrong#Pass1' }, null);
    expect(events(h, from)).toEqual([
      ['system.login', 'zhangsan', '成功'],
      ['system.loginFailed', 'zhangsan', '失败：密码错误（第 1 次）'],
      ['system.loginFailed', '（系统）', '失败：用户名不存在（ghost）'],
    ]);
    expect(auditRows(h).at(-3)).toMatchObject({ entity: 'user' });
  });

  it('five wrong passwords lock the account, and attempts while locked are recorded', async () => {
    h = await openHarness();
    await addUser(h, 'zhangsan', 'business');
    const from = countRows(h, 'audit_log');
    for (let i = 0; i < 5; i++) await h.raw('auth.login', { username: 'zhangsan', password: 'Wrong#Pass1' }, null);
    await h.raw('auth.login', { username: 'zhangsan', password: USER_PASSWORD }, null);
    expect(events(h, from)).toEqual([
      ...[1, 2, 3, 4, 5].map((k) => ['system.loginFailed', 'zhangsan', `失败：密码错误（第 ${k} 次）`]),
      ['system.lockout', 'zhangsan', '账户锁定 15 分钟'],
      ['system.loginFailed', 'zhangsan', '失败：账户锁定中'],
    ]);
  });

  it('a disabled account signing in is recorded', async () => {
    h = await openHarness();
    const z = await addUser(h, 'zhangsan', 'business');
    await h.call('users.setActive', { id: z.id, active: false });
    const from = countRows(h, 'audit_log');
    await h.raw('auth.login', { username: 'zhangsan', password: USER_PASSWORD }, null);
    expect(events(h, from)).toEqual([['system.loginFailed', 'zhangsan', '失败：账户已停用']]);
  });
});

describe('reading the log (auditor)', () => {
  it('audit.list filters and pages; audit.export holds every record', async () => {
    h = await openHarness();
    await addUser(h, 'shenji', 'auditor');
    const auditor = await h.login('shenji', USER_PASSWORD);
    await h.call('units.create', unit('101', '县教育局'));
    await h.call('units.create', unit('102', '县卫生健康委员会'));
    const page = await h.call('audit.list', { method: 'units.create', page: 1, pageSize: 1 }, auditor);
    expect(page.total).toBe(2);
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({ method: 'units.create', username: 'admin', result: '成功' });
    expect(page.rows[0]?.changes).toMatchObject({ code: [null, '102'] }); // newest first

    const total = countRows(h, 'audit_log');
    const file = await h.call('audit.export', {}, auditor);
    const rows = sheetAoa(readXlsx(file.base64));
    // Title row, header row, one row per record.
    expect(rows[1]?.[0]).toBe('序号');
    expect(rows.slice(2).map((r) => r[0])).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });
});
