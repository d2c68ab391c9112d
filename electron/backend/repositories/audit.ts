import { createHash } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import type { AuditFilter, } from '../../../shared/api/schemas.ts';
import type { AuditRecordDto, AuditVerifyResult } from '../../../shared/api/dto.ts';

export interface AuditEntry {
  at: string;
  userId: string | null;
  username: string;
  method: string;
  entity: string | null;
  entityId: string | null;
  changes: unknown;
  result: string;
}

interface AuditRow {
  seq: number;
  at: string;
  user_id: string | null;
  username: string;
  method: string;
  entity: string | null;
  entity_id: string | null;
  changes: string;
  result: string;
  prev_hash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The hash covers every field of the row and the previous row's hash. */
function rowHash(prevHash: string, seq: number, e: Omit<AuditRow, 'seq' | 'prev_hash' | 'hash'>): string {
  const canonical = JSON.stringify([prevHash, seq, e.at, e.user_id, e.username, e.method, e.entity, e.entity_id, e.changes, e.result]);
  return createHash('sha256').update(canonical).digest('hex');
}

const toDto = (r: AuditRow): AuditRecordDto => ({
  seq: r.seq, at: r.at, userId: r.user_id, username: r.username, method: r.method, entity: r.entity,
  entityId: r.entity_id, changes: JSON.parse(r.changes) as unknown, result: r.result, hash: r.hash,
});

/** Appends one record; must run inside the caller's transaction so it commits with the write. */
export function appendAudit(db: Db, e: AuditEntry): number {
  const head = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  const seq = (head?.seq ?? 0) + 1;
  const prev = head?.hash ?? GENESIS_HASH;
  const row = {
    at: e.at, user_id: e.userId, username: e.username, method: e.method, entity: e.entity, entity_id: e.entityId,
    changes: JSON.stringify(e.changes ?? null), result: e.result,
  };
  const hash = rowHash(prev, seq, row);
  db.prepare(
    `INSERT INTO audit_log (seq, at, user_id, username, method, entity, entity_id, changes, result, prev_hash, hash)
     VALUES (@seq, @at, @user_id, @username, @method, @entity, @entity_id, @changes, @result, @prev_hash, @hash)`,
  ).run({ seq, ...row, prev_hash: prev, hash });
  db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(seq, hash);
  return seq;
}

function whereClause(f: AuditFilter): { sql: string; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.from) { parts.push('at >= @from'); params.from = f.from; }
  // 'to' is a date: include the whole day.
  if (f.to) { parts.push('at < @to'); params.to = f.to.length === 10 ? `${f.to}T99` : f.to; }
  if (f.username) { parts.push('username = @username'); params.username = f.username; }
  if (f.entity) { parts.push('entity = @entity'); params.entity = f.entity; }
  if (f.method) { parts.push('method = @method'); params.method = f.method; }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function listAudit(db: Db, f: AuditFilter & { page: number; pageSize: number }): { rows: AuditRecordDto[]; total: number } {
  const w = whereClause(f);
  const total = (db.prepare(`SELECT count(*) AS n FROM audit_log ${w.sql}`).get(w.params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * FROM audit_log ${w.sql} ORDER BY seq DESC LIMIT @limit OFFSET @offset`)
    .all({ ...w.params, limit: f.pageSize, offset: (f.page - 1) * f.pageSize }) as AuditRow[];
  return { rows: rows.map(toDto), total };
}

export function iterateAudit(db: Db, f: AuditFilter): IterableIterator<AuditRecordDto> {
  const w = whereClause(f);
  const it = db.prepare(`SELECT * FROM audit_log ${w.sql} ORDER BY seq`).iterate(w.params) as IterableIterator<AuditRow>;
  return (function* () {
    for (const r of it) yield toDto(r);
  })();
}

/** Walks the chain in order; reports the first row whose link or content does not match. */
export function verifyAudit(db: Db): AuditVerifyResult {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    if (r.seq !== expectedSeq) {
      return { ok: false, checked, brokenAt: expectedSeq, reason: `第 ${expectedSeq} 条记录缺失（记录被删除）` };
    }
    if (r.prev_hash !== prev) {
      return { ok: false, checked, brokenAt: r.seq, reason: `第 ${r.seq} 条记录与前一条的链接不符` };
    }
    if (rowHash(prev, r.seq, r) !== r.hash) {
      return { ok: false, checked, brokenAt: r.seq, reason: `第 ${r.seq} 条记录内容被修改（校验值不符）` };
    }
    prev = r.hash;
    expectedSeq += 1;
    checked += 1;
  }
  const head = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  if (head && (head.seq !== checked || head.hash !== prev)) {
    return { ok: false, checked, brokenAt: checked + 1, reason: `日志末尾记录缺失：应有 ${head.seq} 条，实有 ${checked} 条` };
  }
  return { ok: true, checked, brokenAt: null, reason: null };
}
