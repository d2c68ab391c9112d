import { AppFailure } from '../../../shared/api/result.ts';
import type { SessionDto } from '../../../shared/api/dto.ts';
import { METHOD_LABELS, AUDIT_ENTITY_LABELS } from '../../../shared/i18n/zh-CN.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { findOffice, insertOffice, insertYear, listYears, setCurrentYear, toOfficeDto, updateOffice, yearExists } from '../repositories/office.ts';
import {
  countActiveAdmins, findUserById, findUserByName, insertUser, listUsers, saveUser, toSessionUser, toUserDto, type UserRow,
} from '../repositories/users.ts';
import { iterateAudit, listAudit, verifyAudit } from '../repositories/audit.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../util/passwords.ts';
import { uuidv7 } from '../util/ids.ts';
import { insertIdentity } from '../repositories/sync.ts';
import { newKeyPair } from '../sync/identity.ts';
import { buildWorkbook, fileDto, type CellValue } from '../files/xlsx.ts';
import { DEFAULT_PROFILE_ID } from './profiles.ts';
import { passwordProblems } from '../../../shared/rules/password.ts';
import { IDLE_TIMEOUT_MINUTES_SETTING, LOCKOUT_ATTEMPTS, LOCKOUT_MINUTES } from './security.ts';

/** The office PC's local time, as officers read it on screen ("2026-03-01 16:00:00"). */
function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function requireOffice(ctx: CallContext) {
  const office = findOffice(ctx.db);
  if (!office) throw new AppFailure('SETUP_REQUIRED', '本单位尚未完成初始化，请先完成首次设置。');
  return office;
}

function requireUser(ctx: CallContext, id: string): UserRow {
  const row = findUserById(ctx.db, id);
  if (!row) throw new AppFailure('NOT_FOUND', '账户不存在或已被删除。');
  return row;
}

function sessionDto(ctx: CallContext, sessionId: string, row: UserRow): SessionDto {
  return { sessionId, user: toUserDto(row), office: toOfficeDto(requireOffice(ctx)), idleTimeoutMinutes: IDLE_TIMEOUT_MINUTES_SETTING };
}

/** The schemas check strength; only here is the username known to keep it out of the password. */
function assertPasswordFitsUser(password: string, username: string) {
  const problems = passwordProblems(password, username);
  if (problems.length) throw new AppFailure('VALIDATION', problems.join('；'), problems.map((message) => ({ field: 'password', message })));
}

/** Keeps at least one active administrator, or nobody could manage accounts any more. */
function assertAdminRemains(ctx: CallContext, before: UserRow, after: UserRow) {
  const loses = before.role === 'admin' && before.active === 1 && (after.role !== 'admin' || after.active === 0);
  if (loses && countActiveAdmins(ctx.db) <= 1) throw new AppFailure('CONFLICT', '至少需要保留一个启用的系统管理员账户。');
}

type SystemMethods =
  | 'setup.status' | 'setup.init' | 'auth.login' | 'auth.logout' | 'auth.me' | 'auth.changePassword'
  | 'office.get' | 'office.update' | 'years.list' | 'years.add' | 'years.setCurrent'
  | 'users.list' | 'users.create' | 'users.update' | 'users.setActive' | 'users.resetPassword' | 'users.unlock'
  | 'audit.list' | 'audit.verify' | 'audit.export' | 'backup.list' | 'backup.location' | 'backup.create' | 'backup.restore';

export const systemHandlers: HandlerMap<SystemMethods> = {
  'setup.status': (ctx) => {
    const office = findOffice(ctx.db);
    return { initialized: office !== undefined, office: office ? toOfficeDto(office) : null };
  },

  'setup.init': (ctx, input) => {
    if (findOffice(ctx.db)) throw new AppFailure('CONFLICT', '本单位已完成初始化，不能重复设置。');
    const at = ctx.now().toISOString();
    const passwordHash = hashPassword(input.admin.password);
    ctx.write(['office', 'fiscal_years', 'users'], (tx) => {
      const office = {
        region_code: input.office.regionCode, name: input.office.name, level: input.office.level,
        parent_name: input.office.parentName, parent_region_code: input.office.parentRegionCode,
        current_year: input.year, created_at: at,
      };
      insertOffice(ctx.db, office);
      insertYear(ctx.db, input.year, at, DEFAULT_PROFILE_ID);
      const admin = {
        id: uuidv7(), origin: input.office.regionCode, username: input.admin.username,
        display_name: input.admin.displayName, role: 'admin' as const, password_hash: passwordHash, created_at: at, updated_at: at,
      };
      insertUser(ctx.db, admin);
      // The office's signing key for sync bundles (sync/identity.ts).
      const keys = newKeyPair();
      insertIdentity(ctx.db, { public_key: keys.publicKey, private_key: keys.privateKey, created_at: at });
      tx.record('office', input.office.regionCode, null, office);
      tx.record('user', admin.id, null, admin);
    });
    return { office: toOfficeDto(requireOffice(ctx)) };
  },

  'auth.login': (ctx, input) => {
    requireOffice(ctx);
    const row = findUserByName(ctx.db, input.username);
    const nowDate = ctx.now();
    const at = nowDate.toISOString();
    const wrong = '用户名或密码错误。';
    if (!row) {
      burnPasswordCheck(input.password);
      ctx.services.auditEvent('system.loginFailed', `失败：用户名不存在（${input.username}）`);
      throw new AppFailure('VALIDATION', wrong, [{ field: 'password', message: wrong }]);
    }
    const who = toSessionUser(row);
    if (row.active === 0) {
      ctx.services.auditEvent('system.loginFailed', '失败：账户已停用', { user: who, entity: 'user', entityId: row.id });
      throw new AppFailure('FORBIDDEN', '该账户已停用，请联系系统管理员。');
    }
    if (row.locked_until && row.locked_until > at) {
      ctx.services.auditEvent('system.loginFailed', '失败：账户锁定中', { user: who, entity: 'user', entityId: row.id });
      const until = new Date(row.locked_until);
      const minutes = Math.max(1, Math.ceil((until.getTime() - nowDate.getTime()) / 60_000));
      throw new AppFailure('LOCKED', `密码连续输错 ${LOCKOUT_ATTEMPTS} 次，账户已锁定，请 ${minutes} 分钟后再试或联系系统管理员解锁。`);
    }
    if (!verifyPassword(input.password, row.password_hash)) {
      const failed = (row.locked_until ? 0 : row.failed_count) + 1;
      const lock = failed >= LOCKOUT_ATTEMPTS;
      const lockedUntil = lock ? new Date(nowDate.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
      ctx.db.transaction(() => saveUser(ctx.db, { ...row, failed_count: lock ? 0 : failed, locked_until: lockedUntil, updated_at: at }))();
      ctx.services.auditEvent('system.loginFailed', `失败：密码错误（第 ${failed} 次）`, { user: who, entity: 'user', entityId: row.id });
      if (lock) {
        ctx.services.auditEvent('system.lockout', `账户锁定 ${LOCKOUT_MINUTES} 分钟`, { user: who, entity: 'user', entityId: row.id });
        throw new AppFailure('LOCKED', `密码连续输错 ${LOCKOUT_ATTEMPTS} 次，账户已锁定 ${LOCKOUT_MINUTES} 分钟。`);
      }
      const left = LOCKOUT_ATTEMPTS - failed;
      throw new AppFailure('VALIDATION', `${wrong}再输错 ${left} 次账户将被锁定。`, [{ field: 'password', message: wrong }]);
    }
    const updated: UserRow = { ...row, failed_count: 0, locked_until: null, last_login_at: at, updated_at: at };
    ctx.db.transaction(() => saveUser(ctx.db, updated))();
    ctx.services.auditEvent('system.login', '成功', { user: who, entity: 'user', entityId: row.id });
    const sessionId = ctx.services.startSession(row.id);
    return sessionDto(ctx, sessionId, updated);
  },

  'auth.logout': (ctx) => {
    if (ctx.sessionId) ctx.services.endSession(ctx.sessionId);
    return null;
  },

  'auth.me': (ctx) => sessionDto(ctx, ctx.sessionId ?? '', requireUser(ctx, ctx.user?.id ?? '')),

  'auth.changePassword': (ctx, input) => {
    const row = requireUser(ctx, ctx.user?.id ?? '');
    assertPasswordFitsUser(input.password, row.username);
    if (!verifyPassword(input.oldPassword, row.password_hash)) {
      throw new AppFailure('VALIDATION', '原密码不正确。', [{ field: 'oldPassword', message: '原密码不正确' }]);
    }
    const after = { ...row, password_hash: hashPassword(input.password), updated_at: ctx.now().toISOString() };
    ctx.write(['users'], (tx) => {
      saveUser(ctx.db, after);
      tx.record('user', row.id, row, after);
    });
    return null;
  },

  'office.get': (ctx) => toOfficeDto(requireOffice(ctx)),

  'office.update': (ctx, input) => {
    const before = requireOffice(ctx);
    if (input.regionCode !== before.region_code) {
      // Rows carry the region code as their origin; changing it would orphan them from sync.
      throw new AppFailure('VALIDATION', '行政区划代码是本单位数据的归属标识，初始化后不能修改。', [{ field: 'regionCode', message: '初始化后不能修改' }]);
    }
    const after = {
      ...before, name: input.name, level: input.level, parent_name: input.parentName,
      parent_region_code: input.parentRegionCode, updated_at: ctx.now().toISOString(),
    };
    ctx.write(['office'], (tx) => {
      updateOffice(ctx.db, after);
      tx.record('office', before.region_code, before, after);
    });
    return toOfficeDto(requireOffice(ctx));
  },

  'years.list': (ctx) => listYears(ctx.db),

  'years.add': (ctx, { year }) => {
    if (yearExists(ctx.db, year)) throw new AppFailure('CONFLICT', `${year} 年度已存在。`, [{ field: 'year', message: '年度已存在' }]);
    ctx.write(['fiscal_years'], (tx) => {
      insertYear(ctx.db, year, ctx.now().toISOString(), DEFAULT_PROFILE_ID);
      tx.record('fiscal_year', String(year), null, { year });
    });
    const added = listYears(ctx.db).find((y) => y.year === year);
    if (!added) throw new AppFailure('INTERNAL', '年度保存失败。');
    return added;
  },

  'years.setCurrent': (ctx, { year }) => {
    if (!yearExists(ctx.db, year)) throw new AppFailure('NOT_FOUND', `${year} 年度不存在，请先新增该年度。`, [{ field: 'year', message: '年度不存在' }]);
    const before = requireOffice(ctx);
    ctx.write(['office'], (tx) => {
      setCurrentYear(ctx.db, year, ctx.now().toISOString());
      tx.record('office', before.region_code, { current_year: before.current_year }, { current_year: year });
    });
    const current = listYears(ctx.db).find((y) => y.year === year);
    if (!current) throw new AppFailure('INTERNAL', '年度保存失败。');
    return current;
  },

  'users.list': (ctx) => listUsers(ctx.db).map(toUserDto),

  'users.create': (ctx, input) => {
    if (findUserByName(ctx.db, input.username)) {
      throw new AppFailure('CONFLICT', `用户名“${input.username}”已被使用。`, [{ field: 'username', message: '用户名已被使用' }]);
    }
    const at = ctx.now().toISOString();
    const row = {
      id: uuidv7(), origin: ctx.origin, username: input.username, display_name: input.displayName, role: input.role,
      password_hash: hashPassword(input.password), created_at: at, updated_at: at,
    };
    ctx.write(['users'], (tx) => {
      insertUser(ctx.db, row);
      tx.record('user', row.id, null, row);
    });
    return toUserDto(requireUser(ctx, row.id));
  },

  'users.update': (ctx, input) => {
    const before = requireUser(ctx, input.id);
    const after: UserRow = { ...before, display_name: input.displayName, role: input.role, updated_at: ctx.now().toISOString() };
    assertAdminRemains(ctx, before, after);
    ctx.write(['users'], (tx) => {
      saveUser(ctx.db, after);
      tx.record('user', before.id, before, after);
    });
    if (before.role !== after.role) ctx.services.endSessionsOf(before.id);
    return toUserDto(requireUser(ctx, input.id));
  },

  'users.setActive': (ctx, input) => {
    const before = requireUser(ctx, input.id);
    if (!input.active && before.id === ctx.user?.id) throw new AppFailure('CONFLICT', '不能停用当前登录的账户。');
    const after: UserRow = { ...before, active: input.active ? 1 : 0, updated_at: ctx.now().toISOString() };
    assertAdminRemains(ctx, before, after);
    ctx.write(['users'], (tx) => {
      saveUser(ctx.db, after);
      tx.record('user', before.id, before, after);
    });
    if (!input.active) ctx.services.endSessionsOf(before.id);
    return toUserDto(requireUser(ctx, input.id));
  },

  'users.resetPassword': (ctx, input) => {
    const before = requireUser(ctx, input.id);
    assertPasswordFitsUser(input.password, before.username);
    const after: UserRow = {
      ...before, password_hash: hashPassword(input.password), failed_count: 0, locked_until: null, updated_at: ctx.now().toISOString(),
    };
    ctx.write(['users'], (tx) => {
      saveUser(ctx.db, after);
      tx.record('user', before.id, before, after);
    });
    ctx.services.endSessionsOf(before.id);
    return toUserDto(requireUser(ctx, input.id));
  },

  'users.unlock': (ctx, input) => {
    const before = requireUser(ctx, input.id);
    const after: UserRow = { ...before, failed_count: 0, locked_until: null, updated_at: ctx.now().toISOString() };
    ctx.write(['users'], (tx) => {
      saveUser(ctx.db, after);
      tx.record('user', before.id, before, after);
    });
    return toUserDto(requireUser(ctx, input.id));
  },

  'audit.list': (ctx, filter) => listAudit(ctx.db, filter),

  'audit.verify': (ctx) => verifyAudit(ctx.db),

  'audit.export': (ctx, filter) => {
    const rows: CellValue[][] = [];
    for (const r of iterateAudit(ctx.db, filter)) {
      rows.push([
        r.seq, localTime(r.at), r.username, METHOD_LABELS[r.method] ?? r.method, r.method,
        r.entity ? (AUDIT_ENTITY_LABELS[r.entity] ?? r.entity) : '', r.entityId ?? '',
        r.changes === null ? '' : JSON.stringify(r.changes), r.result, r.hash,
      ]);
    }
    const office = requireOffice(ctx);
    const bytes = buildWorkbook([{
      name: '审计日志',
      title: `${office.name} 审计日志（导出时间 ${localTime(ctx.now().toISOString())}）`,
      columns: [
        { header: '序号', width: 8 }, { header: '时间', width: 22 }, { header: '用户', width: 14 },
        { header: '操作', width: 18 }, { header: '接口', width: 22 }, { header: '对象', width: 12 },
        { header: '对象编号', width: 38 }, { header: '变更内容', width: 60 }, { header: '结果', width: 24 },
        { header: '校验值', width: 66 },
      ],
      rows,
    }]);
    return fileDto(`审计日志-${ctx.now().toISOString().slice(0, 10)}.xlsx`, bytes);
  },

  'backup.list': (ctx) => ctx.services.listBackups(),
  'backup.location': (ctx) => ctx.services.location(),
  'backup.create': (ctx) => ctx.services.backup('manual', ctx.user),
  'backup.restore': (ctx, input) => {
    if (!ctx.user) throw new AppFailure('UNAUTHENTICATED', '请先登录。');
    return ctx.services.restore(input.name, ctx.user);
  },
};

