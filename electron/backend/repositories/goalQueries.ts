import type { Db } from '../db/connection.ts';
import type { GoalQueueRowDto, GoalStatus } from '../../../shared/api/dtoGoals.ts';
import type { GradeCode } from '../../../shared/domain/ruleProfile.ts';
import type { GoalReviewAction } from '../../../shared/rules/goalReview.ts';
import type { GoalSheetRow } from './goals.ts';

/**
 * Goal workflow SQL beyond the base sheet/indicator rows: history, reviews, adjustments and the
 * review queue. Rows are read in insertion order (rowid) because several events can share one
 * millisecond.
 */

export interface GoalEventRow {
  id: string;
  sheet_id: string;
  at: string;
  user_id: string | null;
  username: string;
  action: string;
  from_status: GoalStatus;
  to_status: GoalStatus;
  comment: string;
}

export function listGoalEvents(db: Db, sheetId: string): GoalEventRow[] {
  return db.prepare('SELECT * FROM goal_events WHERE sheet_id = ? ORDER BY at, rowid').all(sheetId) as GoalEventRow[];
}

export interface GoalReviewRow {
  id: string;
  origin: string;
  sheet_id: string;
  reviewer: string;
  reviewed_at: string;
  /** JSON object aspect code → score. */
  scores: string;
  total: number;
  grade: GradeCode;
  action: GoalReviewAction;
  opinion: string;
  profile_id: string;
  profile_version: number;
  created_at: string;
}

export function insertGoalReview(db: Db, r: GoalReviewRow): void {
  db.prepare(
    `INSERT INTO goal_reviews (id, origin, sheet_id, reviewer, reviewed_at, scores, total, grade, action, opinion, profile_id, profile_version, created_at)
     VALUES (@id, @origin, @sheet_id, @reviewer, @reviewed_at, @scores, @total, @grade, @action, @opinion, @profile_id, @profile_version, @created_at)`,
  ).run(r);
}

export function listGoalReviews(db: Db, sheetId: string): GoalReviewRow[] {
  return db.prepare('SELECT * FROM goal_reviews WHERE sheet_id = ? ORDER BY reviewed_at, rowid').all(sheetId) as GoalReviewRow[];
}

export interface GoalAdjustmentRow {
  id: string;
  origin: string;
  sheet_id: string;
  at: string;
  username: string;
  reason: string;
  /** JSON array of GoalIndicatorDto. */
  before: string;
  after: string;
}

export function insertGoalAdjustment(db: Db, r: GoalAdjustmentRow): void {
  db.prepare(
    `INSERT INTO goal_adjustments (id, origin, sheet_id, at, username, reason, before, after)
     VALUES (@id, @origin, @sheet_id, @at, @username, @reason, @before, @after)`,
  ).run(r);
}

export function listGoalAdjustments(db: Db, sheetId: string): GoalAdjustmentRow[] {
  return db.prepare('SELECT * FROM goal_adjustments WHERE sheet_id = ? ORDER BY at, rowid').all(sheetId) as GoalAdjustmentRow[];
}

/**
 * A unit's overall sheet for a year, whichever office owns it: this office's own sheet first,
 * else one that arrived by bundle (read-only here).
 */
export function findUnitSheetAnyOrigin(db: Db, year: number, unitId: string, preferOrigin: string): GoalSheetRow | undefined {
  return db
    .prepare("SELECT * FROM goal_sheets WHERE year = ? AND unit_id = ? AND owner_type = 'unitOverall' ORDER BY origin = ? DESC, created_at LIMIT 1")
    .get(year, unitId, preferOrigin) as GoalSheetRow | undefined;
}

export interface GoalQueueFilter {
  year: number;
  statuses: readonly GoalStatus[];
  unitId?: string | undefined;
  q: string;
  page: number;
  pageSize: number;
}

interface QueueSqlRow {
  sheet_id: string;
  owner_type: 'project' | 'unitOverall';
  project_id: string | null;
  unit_id: string;
  title: string;
  project_code: string | null;
  unit_name: string;
  status: GoalStatus;
  annual_total_fen: number;
  indicator_count: number;
  updated_at: string;
  last_review_grade: GradeCode | null;
  total_rows: number;
}

/** Sheets whose unit is `unitId` or below it (a 主管部门 sees its subordinate units' sheets). */
const UNIT_SUBTREE = `g.unit_id IN (
  WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT u2.id FROM units u2 JOIN sub ON u2.parent_id = sub.id)
  SELECT id FROM sub)`;

/**
 * The review queue: one query with the counts and the latest grade as correlated subqueries
 * (served by goal_indicators_sheet and goal_reviews_sheet), paged, oldest change first so what
 * has waited longest is at the top. A unit-overall sheet's amount is the sum of the unit's
 * projects for the year that are neither cancelled nor refused (the registry holds no basic
 * expenditure).
 */
export function goalQueue(db: Db, f: GoalQueueFilter): { rows: GoalQueueRowDto[]; total: number } {
  const where = ['g.year = ?'];
  const params: (string | number)[] = [f.year];
  if (f.statuses.length) {
    where.push(`g.status IN (${f.statuses.map(() => '?').join(', ')})`);
    params.push(...f.statuses);
  }
  if (f.unitId) {
    where.push(UNIT_SUBTREE);
    params.push(f.unitId);
  }
  if (f.q) {
    where.push("(instr(p.name, ?) > 0 OR instr(p.code, ?) > 0 OR instr(u.name, ?) > 0 OR instr(u.code, ?) > 0)");
    params.push(f.q, f.q, f.q, f.q);
  }
  const from = `FROM goal_sheets g JOIN units u ON u.id = g.unit_id LEFT JOIN projects p ON p.id = g.project_id WHERE ${where.join(' AND ')}`;
  const sql = `
    SELECT g.id AS sheet_id, g.owner_type, g.project_id, g.unit_id,
      COALESCE(p.name, u.name || ' 部门整体支出') AS title,
      p.code AS project_code, u.name AS unit_name, g.status,
      CASE WHEN p.id IS NOT NULL THEN p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen
           ELSE (SELECT COALESCE(SUM(q.annual_fiscal_fen + q.annual_carryover_fen + q.annual_other_fen), 0) FROM projects q
                 WHERE q.year = g.year AND q.unit_id = g.unit_id AND q.status NOT IN ('cancelled', 'notFunded')) END AS annual_total_fen,
      (SELECT count(*) FROM goal_indicators i WHERE i.sheet_id = g.id) AS indicator_count,
      g.updated_at,
      (SELECT r.grade FROM goal_reviews r WHERE r.sheet_id = g.id ORDER BY r.reviewed_at DESC, r.rowid DESC LIMIT 1) AS last_review_grade,
      count(*) OVER () AS total_rows
    ${from}
    ORDER BY g.updated_at, u.code, p.code, g.id
    LIMIT ? OFFSET ?`;
  const rows = db.prepare(sql).all(...params, f.pageSize, (f.page - 1) * f.pageSize) as QueueSqlRow[];
  // A page past the end has no row to carry the window count: count separately only then.
  const total = rows[0]?.total_rows ?? (f.page > 1 ? (db.prepare(`SELECT count(*) ${from}`).pluck().get(...params) as number) : 0);
  return {
    total,
    rows: rows.map((r) => ({
      sheetId: r.sheet_id, ownerType: r.owner_type, projectId: r.project_id, unitId: r.unit_id, title: r.title, projectCode: r.project_code, unitName: r.unit_name, status: r.status,
      annualTotalFen: r.annual_total_fen, indicatorCount: r.indicator_count, updatedAt: r.updated_at, lastReviewGrade: r.last_review_grade,
    })),
  };
}
