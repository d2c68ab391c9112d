import type { Db } from '../db/connection.ts';

/**
 * SQL of 绩效管理工作考核 (SPEC §9.4): the scoring tables and scores, and the facts the automatic
 * items read from the existing records (projects, goal sheets, monitoring, self-evaluations,
 * re-checks, the 整改台账). Facts come per unit; the service rolls them up to the 主管部门.
 */

export interface AssessmentTableRow {
  id: string;
  origin: string;
  year: number;
  name: string;
  items: string;
  status: 'draft' | 'published';
  computed_at: string | null;
  computed_by: string | null;
  profile_id: string;
  profile_version: number;
  created_at: string;
  updated_at: string;
  rev: number;
}

export interface AssessmentScoreRow {
  table_id: string;
  unit_id: string;
  item_code: string;
  auto_value: number | null;
  auto_score: number | null;
  manual_score: number | null;
  note: string;
  entered_by: string | null;
  entered_at: string | null;
  updated_at: string;
}

export function findAssessmentTable(db: Db, origin: string, year: number): AssessmentTableRow | undefined {
  return db.prepare('SELECT * FROM assessment_tables WHERE origin = ? AND year = ?').get(origin, year) as AssessmentTableRow | undefined;
}

export function insertAssessmentTable(db: Db, r: Omit<AssessmentTableRow, 'rev'>): void {
  db.prepare(`INSERT INTO assessment_tables (id, origin, year, name, items, status, computed_at, computed_by, profile_id, profile_version, created_at, updated_at)
    VALUES (@id, @origin, @year, @name, @items, @status, @computed_at, @computed_by, @profile_id, @profile_version, @created_at, @updated_at)`).run(r);
}

export function markComputed(db: Db, id: string, at: string, by: string): void {
  db.prepare('UPDATE assessment_tables SET computed_at = ?, computed_by = ?, updated_at = ?, rev = rev + 1 WHERE id = ?').run(at, by, at, id);
}

export function saveTableItems(db: Db, id: string, items: string, at: string): void {
  db.prepare('UPDATE assessment_tables SET items = ?, updated_at = ?, rev = rev + 1 WHERE id = ?').run(items, at, id);
}

export function setTableStatus(db: Db, id: string, status: AssessmentTableRow['status'], at: string): void {
  db.prepare('UPDATE assessment_tables SET status = ?, updated_at = ?, rev = rev + 1 WHERE id = ?').run(status, at, id);
}

export interface AssessmentEventRow {
  id: string;
  table_id: string;
  action: 'publish' | 'withdraw';
  at: string;
  username: string;
  reason: string;
}

export function insertAssessmentEvent(db: Db, e: AssessmentEventRow): void {
  db.prepare('INSERT INTO assessment_events (id, table_id, action, at, username, reason) VALUES (@id, @table_id, @action, @at, @username, @reason)').run(e);
}

export function listAssessmentEvents(db: Db, tableId: string): AssessmentEventRow[] {
  return db.prepare('SELECT * FROM assessment_events WHERE table_id = ? ORDER BY at, rowid').all(tableId) as AssessmentEventRow[];
}

export function listScores(db: Db, tableId: string): AssessmentScoreRow[] {
  return db.prepare('SELECT * FROM assessment_scores WHERE table_id = ?').all(tableId) as AssessmentScoreRow[];
}

export function findScore(db: Db, tableId: string, unitId: string, itemCode: string): AssessmentScoreRow | undefined {
  return db.prepare('SELECT * FROM assessment_scores WHERE table_id = ? AND unit_id = ? AND item_code = ?').get(tableId, unitId, itemCode) as AssessmentScoreRow | undefined;
}

/** Writes the automatic part of a score row, keeping any manual score and note already entered. */
export function upsertAutoScore(db: Db, r: Pick<AssessmentScoreRow, 'table_id' | 'unit_id' | 'item_code' | 'auto_value' | 'auto_score' | 'updated_at'>): void {
  db.prepare(`INSERT INTO assessment_scores (table_id, unit_id, item_code, auto_value, auto_score, updated_at)
    VALUES (@table_id, @unit_id, @item_code, @auto_value, @auto_score, @updated_at)
    ON CONFLICT (table_id, unit_id, item_code) DO UPDATE SET auto_value = excluded.auto_value, auto_score = excluded.auto_score, updated_at = excluded.updated_at`).run(r);
}

export function saveManualScore(db: Db, r: Pick<AssessmentScoreRow, 'table_id' | 'unit_id' | 'item_code' | 'manual_score' | 'note' | 'entered_by' | 'entered_at' | 'updated_at'>): void {
  db.prepare(`INSERT INTO assessment_scores (table_id, unit_id, item_code, manual_score, note, entered_by, entered_at, updated_at)
    VALUES (@table_id, @unit_id, @item_code, @manual_score, @note, @entered_by, @entered_at, @updated_at)
    ON CONFLICT (table_id, unit_id, item_code) DO UPDATE SET manual_score = excluded.manual_score, note = excluded.note,
      entered_by = excluded.entered_by, entered_at = excluded.entered_at, updated_at = excluded.updated_at`).run(r);
}

/** This office's active 主管部门 (units without a parent). */
export function departments(db: Db, origin: string): { id: string; code: string; name: string }[] {
  return db.prepare('SELECT id, code, name FROM units WHERE origin = ? AND parent_id IS NULL AND active = 1 ORDER BY code').all(origin) as { id: string; code: string; name: string }[];
}

export function unitParents(db: Db): { id: string; parentId: string | null }[] {
  return db.prepare('SELECT id, parent_id AS parentId FROM units').all() as { id: string; parentId: string | null }[];
}

const ANNUAL = '(p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen)';

/** Per unit: the year's projects (not cancelled) by 全年预算数, and the part with an approved/published goal. */
export function goalFacts(db: Db, origin: string, year: number): { unitId: string; amountFen: number; coveredFen: number }[] {
  return db.prepare(`
    SELECT p.unit_id AS unitId, sum(${ANNUAL}) AS amountFen,
      sum(CASE WHEN g.status IN ('approved','published') THEN ${ANNUAL} ELSE 0 END) AS coveredFen
    FROM projects p LEFT JOIN goal_sheets g ON g.project_id = p.id
    WHERE p.origin = @origin AND p.year = @year AND p.status <> 'cancelled'
    GROUP BY p.unit_id`).all({ origin, year }) as { unitId: string; amountFen: number; coveredFen: number }[];
}

/** Self-monitoring sheets of the year's rounds with the round's due date and the first submission. */
export function monitoringFacts(db: Db, origin: string, year: number): { unitId: string; status: string; dueOn: string; firstSubmit: string | null }[] {
  return db.prepare(`
    SELECT s.unit_id AS unitId, s.status, r.due_on AS dueOn,
      (SELECT min(e.at) FROM monitoring_events e WHERE e.sheet_id = s.id AND e.action = 'submit') AS firstSubmit
    FROM monitoring_rounds r JOIN monitoring_sheets s ON s.round_id = r.id
    WHERE r.origin = @origin AND r.year = @year AND r.kind = 'self'`).all({ origin, year }) as { unitId: string; status: string; dueOn: string; firstSubmit: string | null }[];
}

export function roundCount(db: Db, origin: string, year: number): number {
  return (db.prepare("SELECT count(*) AS n FROM monitoring_rounds WHERE origin = ? AND year = ? AND kind = 'self'").get(origin, year) as { n: number }).n;
}

/** Per unit: projects that owe a self-evaluation (not cancelled, not unfunded) and those with an accepted one. */
export function selfEvalFacts(db: Db, origin: string, year: number): { unitId: string; due: number; accepted: number }[] {
  return db.prepare(`
    SELECT p.unit_id AS unitId, count(*) AS due,
      sum(EXISTS (SELECT 1 FROM self_evaluations e WHERE e.project_id = p.id AND e.year = @year AND e.owner_type = 'project' AND e.status = 'accepted')) AS accepted
    FROM projects p
    WHERE p.origin = @origin AND p.year = @year AND p.status NOT IN ('cancelled','notFunded')
    GROUP BY p.unit_id`).all({ origin, year }) as { unitId: string; due: number; accepted: number }[];
}

/** Accepted self-evaluations of the year with their latest completed re-check. */
export function recheckFacts(db: Db, origin: string, year: number): { unitId: string; selfTotal: number; recheckTotal: number }[] {
  return db.prepare(`
    SELECT e.unit_id AS unitId, e.total AS selfTotal, r.total AS recheckTotal
    FROM self_evaluations e JOIN recheck_items r ON r.id = (
      SELECT ri.id FROM recheck_items ri WHERE ri.evaluation_id = e.id AND ri.status = 'done' AND ri.total IS NOT NULL
      ORDER BY ri.completed_at DESC, ri.id DESC LIMIT 1)
    WHERE e.origin = @origin AND e.year = @year AND e.status = 'accepted' AND e.total IS NOT NULL`).all({ origin, year }) as { unitId: string; selfTotal: number; recheckTotal: number }[];
}

/** The year's 整改台账 items with a unit (the 主管部门 is department_id, else the unit's top ancestor). */
export function rectificationFacts(db: Db, year: number): { unitId: string; departmentId: string | null; status: 'open' | 'inProgress' | 'done' | 'waived'; deadline: string; closedOn: string | null }[] {
  return db.prepare(`
    SELECT unit_id AS unitId, department_id AS departmentId, status, deadline, closed_on AS closedOn
    FROM rectifications WHERE year = ? AND unit_id IS NOT NULL`).all(year) as { unitId: string; departmentId: string | null; status: 'open' | 'inProgress' | 'done' | 'waived'; deadline: string; closedOn: string | null }[];
}
