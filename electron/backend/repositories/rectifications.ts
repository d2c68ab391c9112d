import type { Db } from '../db/connection.ts';
import { containsPattern } from './library.ts';

/** 整改事项 (rectifications): one item of the 整改台账. */
export interface RectificationRow {
  id: string;
  origin: string;
  year: number;
  code: string;
  source: 'exAnte' | 'goalReview' | 'monitoring' | 'selfEvaluation' | 'financeRecheck' | 'departmentEvaluation' | 'keyEvaluation' | 'audit';
  source_id: string | null;
  project_id: string | null;
  unit_id: string | null;
  category: string;
  problem: string;
  requirement: string;
  owner: string;
  issued_on: string;
  deadline: string;
  status: 'open' | 'inProgress' | 'done' | 'waived';
  progress: string;
  measures: string;
  amount_fen: number | null;
  closed_on: string | null;
  created_at: string;
  updated_at: string;
  rev: number;
}

/** A list row: the item plus the project and unit it names. */
export interface RectificationListRow extends RectificationRow {
  project_code: string | null;
  project_name: string | null;
  unit_name: string | null;
}

const COLUMNS = [
  'id', 'origin', 'year', 'code', 'source', 'source_id', 'project_id', 'unit_id', 'category', 'problem', 'requirement', 'owner',
  'issued_on', 'deadline', 'status', 'progress', 'measures', 'amount_fen', 'closed_on', 'created_at', 'updated_at',
] as const;

export function insertRectification(db: Db, r: Omit<RectificationRow, 'rev'>): void {
  db.prepare(`INSERT INTO rectifications (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`).run(r);
}

/** Writes what the ledger's follow-up changes and bumps the revision. */
export function saveRectification(db: Db, r: Pick<RectificationRow, 'id' | 'status' | 'progress' | 'measures' | 'closed_on' | 'updated_at'>): void {
  db.prepare(
    `UPDATE rectifications SET status = @status, progress = @progress, measures = @measures, closed_on = @closed_on,
       updated_at = @updated_at, rev = rev + 1 WHERE id = @id`,
  ).run(r);
}

const LIST_SELECT = `
  SELECT x.*, p.code AS project_code, p.name AS project_name, u.name AS unit_name
  FROM rectifications x LEFT JOIN projects p ON p.id = x.project_id LEFT JOIN units u ON u.id = x.unit_id`;

export function findRectification(db: Db, id: string): RectificationListRow | undefined {
  return db.prepare(`${LIST_SELECT} WHERE x.id = ?`).get(id) as RectificationListRow | undefined;
}

/**
 * The next number of a year's 台账编号 ZG-<year>-<seq>: one more than the largest used by this
 * office that year (found on the UNIQUE (origin, code) index by the code's prefix range).
 */
export const MAX_SEQ_SQL = `
  SELECT max(CAST(substr(code, length(@prefix) + 1) AS INTEGER)) FROM rectifications
  WHERE origin = @origin AND code > @prefix AND code < @prefixEnd`;

export function nextRectificationSeq(db: Db, origin: string, year: number): number {
  const prefix = `ZG-${year}-`;
  // '.' follows '-' in code-point order, so [prefix, prefixEnd) holds exactly the codes starting with prefix.
  const max = db.prepare(MAX_SEQ_SQL).pluck().get({ origin, prefix, prefixEnd: `ZG-${year}.` }) as number | null;
  return (max ?? 0) + 1;
}

export interface RectificationFilter {
  year: number;
  status?: 'open' | 'inProgress' | 'done' | 'waived' | 'overdue' | undefined;
  source?: string | undefined;
  /** A unit and every unit under it (the ledger's unit filter). */
  unitId?: string | undefined;
  q: string;
  /** Only one office's items; absent = every office. */
  origin?: string | undefined;
  /** Today (YYYY-MM-DD): an open or in-progress item whose deadline is before it is overdue. */
  today: string;
}

function where(f: RectificationFilter): { sql: string; params: Record<string, string | number> } {
  const parts = ['x.year = @year'];
  const params: Record<string, string | number> = { year: f.year };
  if (f.origin) { parts.push('x.origin = @origin'); params.origin = f.origin; }
  if (f.status === 'overdue') {
    parts.push("x.status IN ('open', 'inProgress') AND x.deadline < @today");
    params.today = f.today;
  } else if (f.status) {
    parts.push('x.status = @status');
    params.status = f.status;
  }
  if (f.source) { parts.push('x.source = @source'); params.source = f.source; }
  if (f.unitId) {
    parts.push(`x.unit_id IN (WITH RECURSIVE sub(id) AS (SELECT @unitId UNION SELECT c.id FROM units c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)`);
    params.unitId = f.unitId;
  }
  if (f.q) {
    parts.push("(x.code LIKE @q ESCAPE '\\' OR x.problem LIKE @q ESCAPE '\\' OR p.name LIKE @q ESCAPE '\\' OR u.name LIKE @q ESCAPE '\\')");
    params.q = containsPattern(f.q);
  }
  return { sql: parts.join(' AND '), params };
}

/** The list's query with every filter, for the plans test. */
export const RECTIFICATION_LIST_SQL = `${LIST_SELECT} WHERE ${where({ year: 0, status: 'overdue', source: 'x', q: 'x', today: '' }).sql} ORDER BY x.code, x.id LIMIT @limit OFFSET @offset`;

export function listRectifications(db: Db, f: RectificationFilter, limit: number, offset: number): { rows: RectificationListRow[]; total: number } {
  const w = where(f);
  const from = 'FROM rectifications x LEFT JOIN projects p ON p.id = x.project_id LEFT JOIN units u ON u.id = x.unit_id';
  const total = db.prepare(`SELECT count(*) ${from} WHERE ${w.sql}`).pluck().get(w.params) as number;
  const rows = db.prepare(`${LIST_SELECT} WHERE ${w.sql} ORDER BY x.code, x.id LIMIT @limit OFFSET @offset`).all({ ...w.params, limit, offset }) as RectificationListRow[];
  return { rows, total };
}

/** A year's items of one source, counted by status and lateness. */
export const RECTIFICATION_COUNTS_SQL = `
  SELECT status, (deadline < @today) AS late, count(*) AS n FROM rectifications
  WHERE year = @year AND source = @source GROUP BY status, late`;

export function rectificationCounts(db: Db, year: number, source: string, today: string): { status: RectificationRow['status']; late: 0 | 1; n: number }[] {
  return db.prepare(RECTIFICATION_COUNTS_SQL).all({ year, source, today }) as { status: RectificationRow['status']; late: 0 | 1; n: number }[];
}

// ---------------------------------------------------------------- 整改台账 (issue 5: the SPEC §9.2 fields of migration 0006)

/** The ledger fields migration 0006 adds. */
export interface RectificationLedgerFields {
  responsible_person: string;
  department_id: string | null;
  source_ref: string;
  recovered_fen: number | null;
  fiscal_suggestion: string;
  review_opinion: string;
  reviewer: string;
  reviewed_on: string | null;
}

export type RectificationLedgerRow = RectificationListRow & RectificationLedgerFields;

const LEDGER_COLUMNS = [...COLUMNS, 'responsible_person', 'department_id', 'source_ref', 'recovered_fen', 'fiscal_suggestion', 'review_opinion', 'reviewer', 'reviewed_on'] as const;

/** Inserts a manually registered item with every ledger field. */
export function insertLedgerRectification(db: Db, r: Omit<RectificationRow, 'rev'> & RectificationLedgerFields): void {
  db.prepare(`INSERT INTO rectifications (${LEDGER_COLUMNS.join(', ')}) VALUES (${LEDGER_COLUMNS.map((c) => `@${c}`).join(', ')})`).run(r);
}

/** Writes the ledger fields (not the follow-up, which saveRectification writes) and bumps the revision. */
export function saveLedgerFields(
  db: Db,
  r: Pick<RectificationRow, 'id' | 'category' | 'amount_fen' | 'updated_at'> & RectificationLedgerFields,
): void {
  db.prepare(
    `UPDATE rectifications SET category = @category, amount_fen = @amount_fen, responsible_person = @responsible_person, department_id = @department_id,
       source_ref = @source_ref, recovered_fen = @recovered_fen, fiscal_suggestion = @fiscal_suggestion, review_opinion = @review_opinion,
       reviewer = @reviewer, reviewed_on = @reviewed_on, updated_at = @updated_at, rev = rev + 1
     WHERE id = @id`,
  ).run(r);
}

export function findLedgerRow(db: Db, id: string): RectificationLedgerRow | undefined {
  return db.prepare(`${LIST_SELECT} WHERE x.id = ?`).get(id) as RectificationLedgerRow | undefined;
}

export function listLedgerRows(db: Db, f: RectificationFilter, limit: number, offset: number): { rows: RectificationLedgerRow[]; total: number } {
  const { rows, total } = listRectifications(db, f, limit, offset);
  return { rows: rows as RectificationLedgerRow[], total };
}

/** Every item matching the filters, in ledger order (the export). */
export function allLedgerRows(db: Db, f: RectificationFilter): RectificationLedgerRow[] {
  const w = where(f);
  return db.prepare(`${LIST_SELECT} WHERE ${w.sql} ORDER BY x.code, x.id`).all(w.params) as RectificationLedgerRow[];
}

/** What the rates need of each matching item (status filter and search ignored). */
export function rateItems(db: Db, f: Omit<RectificationFilter, 'status' | 'q'>): { source: string; status: RectificationRow['status']; deadline: string; closed_on: string | null }[] {
  const w = where({ ...f, q: '' });
  return db.prepare(`SELECT x.source, x.status, x.deadline, x.closed_on FROM rectifications x WHERE ${w.sql}`).all(w.params) as {
    source: string; status: RectificationRow['status']; deadline: string; closed_on: string | null;
  }[];
}

export interface EvidenceRefRow {
  id: string;
  owner_id: string;
  name: string;
  size: number;
  created_at: string;
  created_by: string;
}

/** Evidence (佐证材料) of several items: attachments with owner_type 'rectification', oldest first. */
export function rectificationEvidence(db: Db, ids: readonly string[]): EvidenceRefRow[] {
  if (ids.length === 0) return [];
  return db
    .prepare(`SELECT id, owner_id, name, size, created_at, created_by FROM attachments
      WHERE owner_type = 'rectification' AND owner_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid`)
    .all(JSON.stringify(ids)) as EvidenceRefRow[];
}

export function insertRectificationEvidence(
  db: Db,
  a: { id: string; origin: string; owner_id: string; name: string; mime: string; size: number; sha256: string; created_at: string; created_by: string },
  content: Buffer,
): void {
  db.prepare('INSERT OR IGNORE INTO attachment_blobs (sha256, content) VALUES (?, ?)').run(a.sha256, content);
  db.prepare(`INSERT INTO attachments (id, origin, owner_type, owner_id, name, mime, size, sha256, created_at, created_by)
    VALUES (@id, @origin, 'rectification', @owner_id, @name, @mime, @size, @sha256, @created_at, @created_by)`).run(a);
}
