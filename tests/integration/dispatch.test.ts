import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/api/result.ts';
import { ADMIN_PASSWORD, OFFICE, USER_PASSWORD, addUser, countRows, openHarness, type Harness } from '../helpers/backend.ts';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

/**
 * One office shared by the tests that write nothing (refused calls), with a signed-in account
 * of every role: signing in costs a scrypt hash, so these tables do not each build their own.
 */
let shared: Harness;
const sessions: Partial<Record<'admin' | 'performance' | 'business' | 'viewer' | 'auditor', string>> = {};
beforeAll(async () => {
  shared = await openHarness();
  sessions.admin = shared.session;
  for (const role of ['performance', 'business', 'viewer', 'auditor'] as const) {
    await addUser(shared, `u${role}`, role);
    sessions[role] = await shared.login(`u${role}`, USER_PASSWORD);
  }
});
afterAll(() => shared?.close());

function errorOf(r: Result<unknown>) {
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.data)}`);
  return r.error;
}

describe('input validation', () => {
  it('units.create with an empty name → VALIDATION naming the field', async () => {
    h = await openHarness();
    const e = errorOf(await h.raw('units.create', { code: '101', name: '', kind: 'administrative' }));
    expect(e.code).toBe('VALIDATION');
    expect(e.details).toHaveLength(1);
    expect(e.details?.[0]?.field).toBe('name');
    expect(e.details?.[0]?.message).toContain('单位名称');
    expect(e.message).toBe(e.details?.[0]?.message);
  });

  it.each([
    ['units.create', { code: '１０１', name: '县教育局', kind: 'administrative' }, ['code']],
    ['units.create', { code: '101', name: '县教育局', kind: '学校' }, ['kind']],
    ['units.create', {}, ['code', 'name', 'kind']],
    ['users.create', { username: 'zs', displayName: '张三', role: 'business', password: USER_PASSWORD }, ['username']],
    ['users.create', { username: 'zhangsan', displayName: '张三', role: 'business', password: 'weak' }, ['password', 'password']],
    ['years.add', { year: '2027' }, ['year']],
    ['units.tree', { extra: 1 }, ['']],
    ['units.tree', 'not an object', ['']],
  ])('%s %j → VALIDATION on %j', async (method, input, fields) => {
    const e = errorOf(await shared.raw(method, input));
    expect(e.code).toBe('VALIDATION');
    expect(e.details?.map((d) => d.field)).toEqual(fields);
    for (const d of e.details ?? []) expect(d.message).toMatch(/[\u4e00-\u9fff]/); // Chinese for the user
  });

  it('nested fields keep their path and Chinese label (setup.init admin.password)', async () => {
    h = await openHarness({ init: false });
    const e = errorOf(await h.raw('setup.init', { office: OFFICE, admin: { username: 'admin', displayName: '管理员', password: 'abc' }, year: 2026 }, null));
    expect(e.code).toBe('VALIDATION');
    expect(e.details?.map((d) => d.field)).toEqual(['admin.password', 'admin.password']);
    expect(e.details?.[0]?.message).toBe('管理员密码：密码至少 8 位');
  });

  it('validation runs before the session check, but writes nothing', async () => {
    const e = errorOf(await shared.raw('units.create', { code: '101', name: '' }, null));
    expect(e.code).toBe('VALIDATION');
    expect(await shared.call('units.tree', {})).toEqual([]);
  });
});

describe('access', () => {
  it('an unknown method → UNKNOWN_METHOD', async () => {
    for (const m of ['units.drop', '', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const e = errorOf(await shared.raw(m, {}));
      expect([m, e.code]).toEqual([m, 'UNKNOWN_METHOD']);
    }
  });

  it.each([['units.tree'], ['auth.me'], ['users.list'], ['backup.create']])('%s without a session → UNAUTHENTICATED', async (m) => {
    expect(errorOf(await shared.raw(m, {}, null)).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await shared.raw(m, {}, 'forged-session-id')).code).toBe('UNAUTHENTICATED');
  });

  it('before setup: SETUP_REQUIRED for signed-in methods and sign-in; setup.status says so', async () => {
    h = await openHarness({ init: false });
    expect(await h.call('setup.status', {}, null)).toEqual({ initialized: false, office: null });
    for (const m of ['units.tree', 'auth.me', 'users.list']) expect(errorOf(await h.raw(m, {}, null)).code).toBe('SETUP_REQUIRED');
    const login = errorOf(await h.raw('auth.login', { username: 'admin', password: ADMIN_PASSWORD }, null));
    expect(login.code).toBe('SETUP_REQUIRED');
    expect(login.message).toContain('初始化');
  });

  it('setup.init cannot run twice', async () => {
    const e = errorOf(await shared.raw('setup.init', { office: OFFICE, admin: { username: 'other', displayName: '他人', password: USER_PASSWORD }, year: 2026 }, null));
    expect(e).toMatchObject({ code: 'CONFLICT', message: '本单位已完成初始化，不能重复设置。' });
  });

  it.each([
    ['business', 'users.create', { username: 'lisi', displayName: '李四', role: 'admin', password: USER_PASSWORD }],
    ['business', 'units.create', { code: '101', name: '县教育局', kind: 'administrative' }],
    ['viewer', 'years.add', { year: 2027 }],
    ['auditor', 'units.tree', {}],
    ['auditor', 'backup.create', {}],
    ['admin', 'audit.list', {}],
    ['admin', 'audit.verify', {}],
    ['performance', 'office.update', OFFICE],
  ] as const)('a %s calling %s → FORBIDDEN, nothing written but the refusal audited', async (role, method, input) => {
    const auditBefore = countRows(shared, 'audit_log');
    const usersBefore = countRows(shared, 'users');
    const e = errorOf(await shared.raw(method, input, sessions[role]));
    expect(e).toEqual({ code: 'FORBIDDEN', message: '当前账户的角色无权执行此操作。' });
    expect(countRows(shared, 'users')).toBe(usersBefore);
    expect(countRows(shared, 'units')).toBe(0);
    expect(countRows(shared, 'fiscal_years')).toBe(1);
    // The refused attempt is itself a security event: exactly one record, naming user and method.
    expect(countRows(shared, 'audit_log')).toBe(auditBefore + 1);
    const last = shared.backend.database.prepare('SELECT method, username, result FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { method: string; username: string; result: string };
    expect(last.method).toBe(method);
    expect(last.result).toBe('拒绝：角色无权执行此操作');
  });

  it('roles that may read do get through', async () => {
    for (const role of ['admin', 'performance', 'business', 'viewer'] as const) {
      expect([role, (await shared.raw('units.tree', {}, sessions[role])).ok]).toEqual([role, true]);
    }
    expect((await shared.raw('audit.verify', {}, sessions.auditor)).ok).toBe(true);
  });

  it('the performance section may write master data', async () => {
    h = await openHarness();
    await addUser(h, 'jixiao', 'performance');
    const perf = await h.login('jixiao', USER_PASSWORD);
    expect((await h.raw('units.create', { code: '101', name: '县教育局', kind: 'administrative' }, perf)).ok).toBe(true);
    expect((await h.raw('years.add', { year: 2027 }, perf)).ok).toBe(true);
  });
});

describe('sessions', () => {
  it('end after 30 minutes idle; activity keeps them alive', async () => {
    h = await openHarness();
    h.clock.advance(29);
    expect((await h.raw('units.tree', {})).ok).toBe(true);
    h.clock.advance(29); // 58 minutes since sign-in, 29 since the last call
    expect((await h.raw('units.tree', {})).ok).toBe(true);
    h.clock.advance(31);
    const e = errorOf(await h.raw('units.tree', {}));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toContain('30 分钟');
    // The session is gone for good, even if the clock were to go back.
    h.clock.advance(-31);
    expect(errorOf(await h.raw('units.tree', {})).code).toBe('UNAUTHENTICATED');
  });

  it('auth.me reports the idle timeout; auth.logout ends the session', async () => {
    h = await openHarness();
    const me = await h.call('auth.me', {});
    expect(me).toMatchObject({ sessionId: h.session, idleTimeoutMinutes: 30, user: { username: 'admin', role: 'admin' }, office: { regionCode: '652325' } });
    await h.call('auth.logout', {});
    expect(errorOf(await h.raw('auth.me', {})).code).toBe('UNAUTHENTICATED');
  });

  it('a role change ends the sessions of that user', async () => {
    h = await openHarness();
    const z = await addUser(h, 'zhangsan', 'business');
    const s = await h.login('zhangsan', USER_PASSWORD);
    await h.call('users.update', { id: z.id, displayName: z.displayName, role: 'viewer' });
    expect(errorOf(await h.raw('auth.me', {}, s)).code).toBe('UNAUTHENTICATED');
  });
});

describe('sign-in and lockout', () => {
  it('5 wrong passwords → LOCKED; the right password is refused until 15 minutes pass', async () => {
    h = await openHarness();
    await addUser(h, 'zhangsan', 'business');
    const wrong = { username: 'zhangsan', password: 'Wrong#Pass1' };
    for (let i = 1; i <= 4; i++) {
      const e = errorOf(await h.raw('auth.login', wrong, null));
      expect(e.code).toBe('VALIDATION');
      expect(e.message).toBe(`用户名或密码错误。再输错 ${5 - i} 次账户将被锁定。`);
      expect(e.details).toEqual([{ field: 'password', message: '用户名或密码错误。' }]);
    }
    const fifth = errorOf(await h.raw('auth.login', wrong, null));
    expect(fifth).toEqual({ code: 'LOCKED', message: '密码连续输错 5 次，账户已锁定 15 分钟。' });

    const right = { username: 'zhangsan', password: USER_PASSWORD };
    expect(errorOf(await h.raw('auth.login', right, null))).toMatchObject({ code: 'LOCKED', message: expect.stringContaining('15 分钟后再试') });
    h.clock.advance(14);
    expect(errorOf(await h.raw('auth.login', right, null))).toMatchObject({ code: 'LOCKED', message: expect.stringContaining('1 分钟后再试') });
    h.clock.advance(1);
    const ok = await h.raw('auth.login', right, null);
    expect(ok.ok).toBe(true);

    // The counter starts afresh after the lock: one wrong password is not a new lock.
    const again = errorOf(await h.raw('auth.login', wrong, null));
    expect(again.message).toContain('再输错 4 次');
  });

  it('an administrator can unlock an account before the 15 minutes are up', async () => {
    h = await openHarness();
    const z = await addUser(h, 'zhangsan', 'business');
    for (let i = 0; i < 5; i++) await h.raw('auth.login', { username: 'zhangsan', password: 'Wrong#Pass1' }, null);
    const locked = (await h.call('users.list', {})).find((u) => u.id === z.id);
    expect(locked?.lockedUntil).toBe('2026-03-01T08:15:00.000Z');
    await h.call('users.unlock', { id: z.id });
    expect((await h.raw('auth.login', { username: 'zhangsan', password: USER_PASSWORD }, null)).ok).toBe(true);
  });

  it('an unknown user gets the same message as a wrong password', async () => {
    h = await openHarness();
    const e = errorOf(await h.raw('auth.login', { username: 'ghost', password: 'Wrong#Pass1' }, null));
    expect(e).toEqual({ code: 'VALIDATION', message: '用户名或密码错误。', details: [{ field: 'password', message: '用户名或密码错误。' }] });
  });

  it('user names are matched case-insensitively', async () => {
    h = await openHarness();
    expect((await h.raw('auth.login', { username: 'ADMIN', password: ADMIN_PASSWORD }, null)).ok).toBe(true);
  });

  it('a disabled user cannot sign in, and their open session ends', async () => {
    h = await openHarness();
    const z = await addUser(h, 'zhangsan', 'business');
    const s = await h.login('zhangsan', USER_PASSWORD);
    await h.call('users.setActive', { id: z.id, active: false });
    expect(errorOf(await h.raw('units.tree', {}, s)).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await h.raw('auth.login', { username: 'zhangsan', password: USER_PASSWORD }, null))).toEqual({
      code: 'FORBIDDEN', message: '该账户已停用，请联系系统管理员。',
    });
    await h.call('users.setActive', { id: z.id, active: true });
    expect((await h.raw('auth.login', { username: 'zhangsan', password: USER_PASSWORD }, null)).ok).toBe(true);
  });

  it('a password reset ends the sessions of that user and the new password works', async () => {
    h = await openHarness();
    const z = await addUser(h, 'zhangsan', 'business');
    const s = await h.login('zhangsan', USER_PASSWORD);
    await h.call('users.resetPassword', { id: z.id, password: 'Chongzhi#2026' });
    expect(errorOf(await h.raw('auth.me', {}, s)).code).toBe('UNAUTHENTICATED');
    expect((await h.raw('auth.login', { username: 'zhangsan', password: USER_PASSWORD }, null)).ok).toBe(false);
    expect((await h.raw('auth.login', { username: 'zhangsan', password: 'Chongzhi#2026' }, null)).ok).toBe(true);
  });
});

describe('the last active administrator', () => {
  it('cannot be demoted or disabled; with a second admin it can', async () => {
    h = await openHarness();
    const me = (await h.call('auth.me', {})).user;
    const demote = errorOf(await h.raw('users.update', { id: me.id, displayName: me.displayName, role: 'performance' }));
    expect(demote).toEqual({ code: 'CONFLICT', message: '至少需要保留一个启用的系统管理员账户。' });
    expect(errorOf(await h.raw('users.setActive', { id: me.id, active: false }))).toEqual({ code: 'CONFLICT', message: '不能停用当前登录的账户。' });

    // A second administrator disables the first one only while another admin stays active.
    const second = await addUser(h, 'admin2', 'admin');
    const s2 = await h.login('admin2', USER_PASSWORD);
    expect((await h.raw('users.setActive', { id: me.id, active: false }, s2)).ok).toBe(true);
    // Now admin2 is the last active administrator: demoting itself is refused.
    const self = errorOf(await h.raw('users.update', { id: second.id, displayName: second.displayName, role: 'viewer' }, s2));
    expect(self).toEqual({ code: 'CONFLICT', message: '至少需要保留一个启用的系统管理员账户。' });
    expect((await h.call('users.list', {}, s2)).filter((u) => u.role === 'admin' && u.active).map((u) => u.username)).toEqual(['admin2']);
  });
});
