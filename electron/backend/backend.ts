import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { contract, isMethodName, type MethodName } from '../../shared/api/contract.ts';
import { AppFailure, fail, ok, type Result } from '../../shared/api/result.ts';
import type { AppEvent } from '../../shared/api/events.ts';
import type { BackupDto } from '../../shared/api/dto.ts';
import { FIELD_LABELS } from '../../shared/i18n/fields.ts';
import { openConnection, type Db } from './db/connection.ts';
import { applyMigrations, MigrationError, planMigrations } from './db/migrate.ts';
import { MIGRATIONS, type Migration } from './db/migrations/index.ts';
import { backupPath, createBackup, listBackups, parseBackupName } from './db/backup.ts';
import { appendAudit } from './repositories/audit.ts';
import { diffRows } from './audit/diff.ts';
import { findOffice } from './repositories/office.ts';
import { findUserById, toSessionUser } from './repositories/users.ts';
import type { BackendServices, CallContext, ChangeRecord, SessionUser, TxContext } from './context.ts';
import { handlers } from './handlers/index.ts';
import { seedBuiltins } from './services/seed.ts';
import { IDLE_TIMEOUT_MINUTES_SETTING as IDLE_TIMEOUT_MINUTES } from './services/security.ts';

z.config(z.locales.zhCN());

const DAY_MS = 24 * 60 * 60 * 1000;

export interface BackendOptions {
  /** Folder holding office.sqlite and backups/. */
  dataDir: string;
  /** A database file elsewhere (CLI --db); its backups go to a backups/ folder beside it. */
  dbFile?: string;
  /** Injected clock (tests move it to check lockouts and idle timeouts). */
  now?: () => Date;
  migrations?: readonly Migration[];
}

interface Session {
  userId: string;
  lastSeen: number;
}

/**
 * The backend: one office database, its sessions and the dispatch every transport calls.
 * Plain Node: it never imports 'electron', so the browser host, the CLI and tests share it.
 */
export class Backend {
  readonly dataDir: string;
  readonly dbFile: string;
  readonly backupDir: string;
  readonly now: () => Date;
  private readonly migrations: readonly Migration[];
  private db!: Db;
  private readonly sessions = new Map<string, Session>();
  private readonly listeners = new Set<(e: AppEvent) => void>();
  /** Writes run one at a time: async steps (parsing, backups) never interleave with another write. */
  private writeQueue: Promise<unknown> = Promise.resolve();

  private constructor(opts: BackendOptions) {
    this.dataDir = opts.dbFile ? path.dirname(path.resolve(opts.dbFile)) : opts.dataDir;
    this.dbFile = opts.dbFile ? path.resolve(opts.dbFile) : path.join(opts.dataDir, 'office.sqlite');
    this.backupDir = path.join(this.dataDir, 'backups');
    this.now = opts.now ?? (() => new Date());
    this.migrations = opts.migrations ?? MIGRATIONS;
  }

  /** Opens (creating if needed) the office database, backing it up before any migration. */
  static async open(opts: BackendOptions): Promise<Backend> {
    const backend = new Backend(opts);
    fs.mkdirSync(backend.dataDir, { recursive: true });
    await backend.openDb();
    return backend;
  }

  private async openDb(): Promise<void> {
    const db = openConnection(this.dbFile);
    try {
      const plan = planMigrations(db, this.migrations);
      if (plan.pending.length > 0) {
        if (plan.current > 0) await createBackup(db, this.backupDir, 'migration', this.now());
        applyMigrations(db, plan.pending, this.now);
        if (plan.current > 0) {
          this.db = db;
          this.auditEvent('system.migrate', '成功', { changes: { from: plan.current, to: plan.target } });
        }
      }
    } catch (e) {
      db.close();
      throw e;
    }
    this.db = db;
    seedBuiltins(db, this.now());
  }

  get database(): Db {
    return this.db;
  }

  close(): void {
    if (this.db?.open) this.db.close();
  }

  on(listener: (e: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: AppEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A broken listener (closed window, dropped HTTP stream) must not fail the call.
      }
    }
  }

  /** The one entry point of every transport: parse, authenticate, authorise, run, audit. */
  async dispatch(methodName: string, rawInput: unknown, sessionId: string | null): Promise<Result<unknown>> {
    if (!isMethodName(methodName)) return fail('UNKNOWN_METHOD', `未知的操作：${methodName}`);
    const spec = contract[methodName];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => {
        const field = i.path.map(String).join('.');
        // Unknown paths (deep inside a rule profile) keep the schema's own message, which says what is wrong.
        const label = FIELD_LABELS[field] ?? FIELD_LABELS[String(i.path.at(-1) ?? '')] ?? '';
        return { field, message: label && !i.message.startsWith(label) ? `${label}：${i.message}` : i.message };
      });
      if (spec.write) this.auditRefusal(methodName, `失败：输入有误（${details[0]?.message ?? ''}）`, sessionId);
      return fail('VALIDATION', details[0]?.message ?? '输入有误', details);
    }

    let user: SessionUser | null = null;
    if (spec.access !== 'public') {
      const office = findOffice(this.db);
      if (!office) return fail('SETUP_REQUIRED', '本单位尚未完成初始化，请先完成首次设置。');
      const auth = this.authenticate(sessionId);
      if (!auth.ok) return auth;
      user = auth.data;
      if (spec.access !== 'signedIn' && !spec.access.includes(user.role)) {
        // Refused attempts are security events: record them whatever the method.
        this.auditEvent(methodName, '拒绝：角色无权执行此操作', { user });
        return fail('FORBIDDEN', '当前账户的角色无权执行此操作。');
      }
    }

    const run = () => this.runHandler(methodName, parsed.data, user, spec.access === 'public' ? null : sessionId, spec.write);
    if (!spec.write && methodName !== 'backup.restore') return run();
    const result = this.writeQueue.then(run, run);
    this.writeQueue = result.catch(() => undefined);
    return result;
  }

  /** Audits a write refused before it ran, naming the signed-in user when there is one. */
  private auditRefusal(method: string, result: string, sessionId: string | null): void {
    const session = sessionId ? this.sessions.get(sessionId) : undefined;
    const row = session ? findUserById(this.db, session.userId) : undefined;
    this.auditEvent(method, result, { user: row ? toSessionUser(row) : null });
  }

  private authenticate(sessionId: string | null): Result<SessionUser> {
    const session = sessionId ? this.sessions.get(sessionId) : undefined;
    if (!sessionId || !session) return fail('UNAUTHENTICATED', '未登录或登录已失效，请重新登录。');
    const nowMs = this.now().getTime();
    if (nowMs - session.lastSeen > IDLE_TIMEOUT_MINUTES * 60_000) {
      this.sessions.delete(sessionId);
      return fail('UNAUTHENTICATED', `超过 ${IDLE_TIMEOUT_MINUTES} 分钟未操作，已自动退出，请重新登录。`);
    }
    const row = findUserById(this.db, session.userId);
    if (!row || !row.active) {
      this.sessions.delete(sessionId);
      return fail('UNAUTHENTICATED', '账户已停用，请联系系统管理员。');
    }
    session.lastSeen = nowMs;
    return ok(toSessionUser(row));
  }

  private async runHandler(method: MethodName, input: unknown, user: SessionUser | null, sessionId: string | null, isWrite: boolean): Promise<Result<unknown>> {
    const ctx = this.context(method, user, sessionId);
    try {
      const handler = handlers[method] as (c: CallContext, i: unknown) => unknown;
      return ok(await handler(ctx, input));
    } catch (e) {
      if (e instanceof AppFailure) {
        // A refused sync bundle (sync/refusal.ts) must leave the database byte for byte unchanged: not audited.
        const unaudited = 'unaudited' in e && e.unaudited === true;
        if (isWrite && !unaudited) this.auditEvent(method, `失败：${e.message}`, { user });
        return fail(e.code, e.message, e.details);
      }
      if (e instanceof MigrationError) return fail('INTERNAL', e.message);
      console.error(`[backend] ${method} failed`, e);
      if (isWrite) this.auditEvent(method, '失败：系统内部错误', { user });
      return fail('INTERNAL', '系统内部错误，操作未完成，数据未作修改。');
    }
  }

  private context(method: MethodName, user: SessionUser | null, sessionId: string | null): CallContext {
    const office = findOffice(this.db);
    return {
      db: this.db,
      user,
      sessionId,
      origin: office?.region_code ?? '',
      now: this.now,
      services: this.services,
      progress: (task, label, done, total) => this.emit({ type: 'progress', task, label, done, total }),
      write: <T>(tables: string[], fn: (tx: TxContext) => T): T => {
        const changes: ChangeRecord[] = [];
        const tx: TxContext = {
          record: (entity, id, before, after) => changes.push({ entity, id, changes: diffRows(before, after) }),
          summary: (entity, summary) => changes.push({ entity, id: null, changes: summary }),
        };
        const out = this.db.transaction(() => {
          const r = fn(tx);
          const first = changes[0];
          appendAudit(this.db, {
            at: this.now().toISOString(),
            userId: user?.id ?? null,
            username: user?.username ?? '（系统）',
            method,
            entity: first?.entity ?? null,
            entityId: changes.length === 1 ? (first?.id ?? null) : null,
            changes: changes.length === 1 ? first?.changes : changes,
            result: '成功',
          });
          return r;
        })();
        this.emit({ type: 'data.changed', tables: [...tables, 'audit_log'] });
        return out;
      },
    };
  }

  readonly services: BackendServices = {
    startSession: (userId) => {
      const id = randomBytes(24).toString('base64url');
      this.sessions.set(id, { userId, lastSeen: this.now().getTime() });
      return id;
    },
    endSession: (id) => {
      this.sessions.delete(id);
    },
    endSessionsOf: (userId) => {
      for (const [id, s] of this.sessions) if (s.userId === userId) this.sessions.delete(id);
    },
    backup: (reason, user, onProgress) => this.backup(reason, user, onProgress),
    restore: (name, user) => this.restore(name, user),
    listBackups: () => listBackups(this.backupDir),
    location: () => ({ dataDir: this.dataDir, dbFile: this.dbFile, backupDir: this.backupDir }),
    auditEvent: (method, result, extra) => this.auditEvent(method, result, extra),
  };

  auditEvent(method: string, result: string, extra: { entity?: string; entityId?: string | null; changes?: unknown; user?: SessionUser | null } = {}): void {
    this.db.transaction(() =>
      appendAudit(this.db, {
        at: this.now().toISOString(),
        userId: extra.user?.id ?? null,
        username: extra.user?.username ?? '（系统）',
        method,
        entity: extra.entity ?? null,
        entityId: extra.entityId ?? null,
        changes: extra.changes ?? null,
        result,
      }),
    )();
    this.emit({ type: 'data.changed', tables: ['audit_log'] });
  }

  /** Online backup with progress events, recorded in the audit log. */
  async backup(reason: 'manual' | 'scheduled' | 'import', user: SessionUser | null = null, onProgress?: (done: number, total: number) => void): Promise<BackupDto> {
    let pages = 1;
    const info = await createBackup(this.db, this.backupDir, reason, this.now(), (done, total) => {
      pages = Math.max(total, 1);
      onProgress?.(done, total);
      this.emit({ type: 'progress', task: 'backup', label: '正在备份数据库', done, total });
    });
    // SQLite reports progress before each step, never after the last: close the bar explicitly.
    this.emit({ type: 'progress', task: 'backup', label: '正在备份数据库', done: pages, total: pages });
    this.auditEvent('system.backup', '成功', { entity: 'backup', entityId: info.name, changes: { reason: info.reason, size: info.size }, user });
    return info;
  }

  /** Takes a scheduled backup when the newest one is older than a day. */
  async backupIfDue(): Promise<BackupDto | null> {
    const newest = listBackups(this.backupDir)[0];
    if (newest && this.now().getTime() - Date.parse(newest.createdAt) < DAY_MS) return null;
    if (!findOffice(this.db)) return null;
    return this.backup('scheduled');
  }

  /**
   * Restores a backup: backs up the current file first, swaps the files, reopens (migrating an
   * older backup forward) and ends every session, since accounts may differ in the restored data.
   */
  /**
   * A restorable file is an intact office database of this program's lineage and of this office
   * (its rows carry this office's region code as their origin).
   */
  private checkRestorable(source: string, name: string): void {
    const leftovers = ['-wal', '-shm'].filter((suffix) => !fs.existsSync(source + suffix));
    let check: Db | undefined;
    try {
      check = openConnection(source, { readonly: true });
      if (check.pragma('integrity_check', { simple: true }) !== 'ok') throw new AppFailure('VALIDATION', `备份文件已损坏，无法恢复：${name}`);
      planMigrations(check, this.migrations);
      const hasOffice = check.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'office'").get();
      const office = hasOffice ? (check.prepare('SELECT region_code, name FROM office WHERE id = 1').get() as { region_code: string; name: string } | undefined) : undefined;
      if (!office) throw new AppFailure('VALIDATION', `文件“${name}”不是本程序的单位数据库备份，无法恢复。`);
      const current = findOffice(this.db);
      if (current && current.region_code !== office.region_code) {
        throw new AppFailure('VALIDATION', `备份属于“${office.name}”（${office.region_code}），不是本单位（${current.region_code}）的数据，无法恢复。`);
      }
    } catch (e) {
      if (e instanceof AppFailure) throw e;
      if (e instanceof MigrationError) throw new AppFailure('VALIDATION', e.message);
      throw new AppFailure('VALIDATION', `备份文件已损坏，无法恢复：${name}`);
    } finally {
      check?.close();
      // Opening the file, even read-only, may leave WAL side files next to it.
      for (const suffix of leftovers) fs.rmSync(source + suffix, { force: true });
    }
  }

  /** Copies an outside database file into the backups folder so it can be restored like a backup. */
  adoptBackupFile(file: string): string {
    if (!fs.existsSync(file)) throw new AppFailure('NOT_FOUND', `文件不存在：${file}`);
    fs.mkdirSync(this.backupDir, { recursive: true });
    const resolved = path.resolve(file);
    if (path.dirname(resolved) === path.resolve(this.backupDir) && parseBackupName(path.basename(resolved))) return path.basename(resolved);
    const name = `office-${this.now().toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').slice(0, 19)}-external.sqlite`;
    fs.copyFileSync(resolved, path.join(this.backupDir, name));
    return name;
  }

  async restore(name: string, user: SessionUser | null): Promise<{ restoredFrom: string; safetyBackup: string }> {
    let source: string;
    try {
      source = backupPath(this.backupDir, name);
    } catch {
      throw new AppFailure('NOT_FOUND', `备份文件名无效：${name}`);
    }
    if (!fs.existsSync(source)) throw new AppFailure('NOT_FOUND', `备份文件不存在：${name}`);
    this.checkRestorable(source, name);
    const safety = await createBackup(this.db, this.backupDir, 'restore', this.now());
    this.db.close();
    for (const suffix of ['-wal', '-shm']) fs.rmSync(this.dbFile + suffix, { force: true });
    fs.copyFileSync(source, `${this.dbFile}.restoring`);
    fs.renameSync(`${this.dbFile}.restoring`, this.dbFile);
    await this.openDb();
    this.sessions.clear();
    this.auditEvent('system.restore', '成功', { entity: 'backup', entityId: name, changes: { safetyBackup: safety.name }, user });
    this.emit({ type: 'session.ended', reason: 'restore' });
    this.emit({ type: 'data.changed', tables: ['*'] });
    return { restoredFrom: name, safetyBackup: safety.name };
  }
}
