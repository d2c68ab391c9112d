import type { Db } from './db/connection.ts';
import type { Role } from '../../shared/domain/roles.ts';
import type { MethodName, MethodOutput, MethodParsed } from '../../shared/api/contract.ts';
import type { BackupDto } from '../../shared/api/dto.ts';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

/** One change inside a write: entity, id and the compact before/after of changed fields. */
export interface ChangeRecord {
  entity: string;
  id: string | null;
  changes: Record<string, unknown>;
}

export interface TxContext {
  /** Records a change for the audit record of this write (before/after are full rows or null). */
  record(entity: string, id: string | null, before: object | null, after: object | null): void;
  /** Records a summary change (bulk imports) without per-row diffs. */
  summary(entity: string, summary: Record<string, unknown>): void;
}

export interface CallContext {
  readonly db: Db;
  readonly user: SessionUser | null;
  readonly sessionId: string | null;
  /** Region code of this office (the `origin` of rows it owns); '' before first run. */
  readonly origin: string;
  now(): Date;
  /** Runs fn in one synchronous transaction together with its audit record. Never await inside. */
  write<T>(tables: string[], fn: (tx: TxContext) => T): T;
  progress(task: string, label: string, done: number, total: number): void;
  services: BackendServices;
}

/** Operations that reach beyond one call's transaction (sessions, backups, the file itself). */
export interface BackendServices {
  startSession(userId: string): string;
  endSession(sessionId: string): void;
  endSessionsOf(userId: string): void;
  backup(reason: 'manual' | 'import', user: SessionUser | null, onProgress?: (done: number, total: number) => void): Promise<BackupDto>;
  restore(name: string, user: SessionUser): Promise<{ restoredFrom: string; safetyBackup: string }>;
  listBackups(): BackupDto[];
  location(): { dataDir: string; dbFile: string; backupDir: string };
  /** Appends an audit record in its own transaction (sign-ins, lockouts, failures). */
  auditEvent(method: string, result: string, extra?: { entity?: string; entityId?: string | null; changes?: unknown; user?: SessionUser | null }): void;
}

export type Handler<M extends MethodName> = (ctx: CallContext, input: MethodParsed<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
export type HandlerMap<M extends MethodName> = { [K in M]: Handler<K> };
