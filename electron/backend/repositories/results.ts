import type { Db } from '../db/connection.ts';
import type { GradeCode } from '../../../shared/domain/ruleProfile.ts';
import type { LinkageAction } from '../../../shared/rules/linkage.ts';

/** SQL of the use of results (结果应用): budget-linkage sources and decisions, the disclosure register. */

// ---------------------------------------------------------------- 预算挂钩

/** The latest completed 财政复核 of an evaluation `e` (the latest if it was sampled twice). */
const LATEST_RECHECK = `
  LEFT JOIN recheck_items r ON r.id = (
    SELECT ri.id FROM recheck_items ri WHERE ri.evaluation_id = e.id AND ri.status = 'done' AND ri.grade IS NOT NULL
    ORDER BY ri.completed_at DESC, ri.id DESC LIMIT 1)`;

/** 全年预算数 of a self-evaluation `e`: the project's own; for 部门整体 its projects' plus its 基本支出. */
const EVAL_BASE = `CASE WHEN e.project_id IS NOT NULL THEN p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen
  ELSE e.annual_fiscal_fen + e.annual_carryover_fen + e.annual_other_fen + coalesce(e.basic_personnel_annual_fen, 0) + coalesce(e.basic_public_annual_fen, 0) END`;

/** The names, base and latest completed re-check read with a self-evaluation. */
interface EvalObjectColumns {
  project_code: string | null;
  project_name: string | null;
  unit_code: string;
  unit_name: string;
  base_fen: number;
  recheck_id: string | null;
  recheck_total: number | null;
  recheck_grade: GradeCode | null;
  recheck_completed_at: string | null;
}

/** An accepted self-evaluation of the year with a grade (a project or a unit overall) and its latest completed 财政复核. */
export interface LinkageSourceRow extends EvalObjectColumns {
  evaluation_id: string;
  origin: string;
  project_id: string | null;
  unit_id: string;
  total: number | null;
  grade: GradeCode;
  profile_id: string;
  profile_version: number;
  recheck_profile_id: string | null;
  recheck_profile_version: number | null;
}

/**
 * Accepted self-evaluations of the year with a grade, projects and 部门整体 alike, each with its
 * latest completed re-check beside it. Base = the project's 全年预算数 (fiscal + carry-over +
 * other), or the 部门整体 sheet's (基本支出 + 项目支出).
 */
export const LINKAGE_SOURCES_SQL = `
  SELECT e.id AS evaluation_id, e.origin, e.project_id, e.unit_id, e.total, e.grade, e.profile_id, e.profile_version,
    p.code AS project_code, p.name AS project_name, u.code AS unit_code, u.name AS unit_name, ${EVAL_BASE} AS base_fen,
    r.id AS recheck_id, r.total AS recheck_total, r.grade AS recheck_grade, r.profile_id AS recheck_profile_id, r.profile_version AS recheck_profile_version,
    r.completed_at AS recheck_completed_at
  FROM self_evaluations e
  JOIN units u ON u.id = e.unit_id
  LEFT JOIN projects p ON p.id = e.project_id
  ${LATEST_RECHECK}
  WHERE e.year = @year AND e.status = 'accepted' AND e.grade IS NOT NULL
  ORDER BY u.code, CASE WHEN e.project_id IS NULL THEN 0 ELSE 1 END, p.code`;

export function linkageSources(db: Db, year: number): LinkageSourceRow[] {
  return db.prepare(LINKAGE_SOURCES_SQL).all({ year }) as LinkageSourceRow[];
}

/** A completed 部门评价 / 财政重点评价 of a project or a unit overall, with its grade (read straight from key_evaluations). */
export interface KeyEvalGradeRow {
  id: string;
  origin: string;
  kind: 'department' | 'finance';
  object_type: 'project' | 'unitOverall';
  project_id: string | null;
  unit_id: string;
  title: string;
  total: number | null;
  grade: GradeCode;
  profile_id: string;
  profile_version: number;
  completed_at: string | null;
}

/** Policy evaluations have no budget object of their own here: they do not feed linkage. */
export function completedKeyEvaluations(db: Db, year: number): KeyEvalGradeRow[] {
  return db.prepare(`
    SELECT id, origin, kind, object_type, project_id, unit_id, title, total, grade, profile_id, profile_version, completed_at
    FROM key_evaluations
    WHERE year = ? AND status = 'completed' AND grade IS NOT NULL
      AND ((object_type = 'project' AND project_id IS NOT NULL) OR object_type = 'unitOverall')
    ORDER BY completed_at, id`).all(year) as KeyEvalGradeRow[];
}

/** An object graded only by a key evaluation: its names and base. */
export interface LinkageObjectRow {
  origin: string;
  project_id: string | null;
  unit_id: string;
  project_code: string | null;
  project_name: string | null;
  unit_code: string;
  unit_name: string;
  base_fen: number;
}

export function linkageProjects(db: Db, projectIds: readonly string[]): LinkageObjectRow[] {
  if (projectIds.length === 0) return [];
  return db.prepare(`
    SELECT p.origin, p.id AS project_id, p.unit_id, p.code AS project_code, p.name AS project_name, u.code AS unit_code, u.name AS unit_name,
      p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen AS base_fen
    FROM projects p JOIN units u ON u.id = p.unit_id
    WHERE p.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(projectIds)) as LinkageObjectRow[];
}

/**
 * Units graded by a key evaluation of their overall spending. Base = the unit's 部门整体 sheet of the
 * year (基本支出 + 项目支出) when it has one, else the sum of its projects still in the budget.
 */
export function linkageUnits(db: Db, year: number, unitIds: readonly string[]): LinkageObjectRow[] {
  if (unitIds.length === 0) return [];
  return db.prepare(`
    SELECT u.origin, NULL AS project_id, u.id AS unit_id, NULL AS project_code, NULL AS project_name, u.code AS unit_code, u.name AS unit_name,
      coalesce(
        (SELECT e.annual_fiscal_fen + e.annual_carryover_fen + e.annual_other_fen + coalesce(e.basic_personnel_annual_fen, 0) + coalesce(e.basic_public_annual_fen, 0)
          FROM self_evaluations e WHERE e.year = @year AND e.unit_id = u.id AND e.project_id IS NULL ORDER BY e.created_at LIMIT 1),
        (SELECT sum(p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen) FROM projects p
          WHERE p.year = @year AND p.unit_id = u.id AND p.status NOT IN ('cancelled','notFunded')),
        0) AS base_fen
    FROM units u WHERE u.id IN (SELECT value FROM json_each(@ids))`).all({ year, ids: JSON.stringify(unitIds) }) as LinkageObjectRow[];
}

export interface LinkageDecisionRow {
  id: string;
  origin: string;
  year: number;
  target_year: number;
  project_id: string | null;
  unit_id: string;
  grade: GradeCode;
  grade_source: 'selfEvaluation' | 'recheck' | 'keyEvaluation';
  source_id: string | null;
  total: number | null;
  base_fen: number;
  suggested_action: LinkageAction;
  suggested_pct_min: number;
  suggested_pct_max: number;
  decision: LinkageAction;
  amount_fen: number;
  note: string;
  decided_by: string;
  decided_at: string;
  profile_id: string;
  profile_version: number;
  created_at: string;
  updated_at: string;
  rev: number;
}

/** The year's decisions, projects and units (unit-level rows have no project). */
export function linkageDecisions(db: Db, year: number): LinkageDecisionRow[] {
  return db.prepare('SELECT * FROM linkage_decisions WHERE year = ?').all(year) as LinkageDecisionRow[];
}

/** The decision on a project, or with projectId null on a unit overall. */
export function findLinkageDecision(db: Db, origin: string, year: number, object: { projectId: string | null; unitId: string }): LinkageDecisionRow | undefined {
  if (object.projectId) {
    return db.prepare('SELECT * FROM linkage_decisions WHERE origin = ? AND year = ? AND project_id = ?').get(origin, year, object.projectId) as LinkageDecisionRow | undefined;
  }
  return db.prepare('SELECT * FROM linkage_decisions WHERE origin = ? AND year = ? AND unit_id = ? AND project_id IS NULL').get(origin, year, object.unitId) as
    | LinkageDecisionRow
    | undefined;
}

const LINKAGE_COLUMNS = [
  'id', 'origin', 'year', 'target_year', 'project_id', 'unit_id', 'grade', 'grade_source', 'source_id', 'total', 'base_fen', 'suggested_action',
  'suggested_pct_min', 'suggested_pct_max', 'decision', 'amount_fen', 'note', 'decided_by', 'decided_at', 'profile_id', 'profile_version', 'created_at', 'updated_at',
] as const;

/** Inserts the decision, or replaces the decided content of the existing one (bumping its revision). */
export function upsertLinkageDecision(db: Db, r: Omit<LinkageDecisionRow, 'rev'>): void {
  const target = r.project_id ? '(origin, year, project_id) WHERE project_id IS NOT NULL' : '(origin, year, unit_id) WHERE project_id IS NULL';
  db.prepare(
    `INSERT INTO linkage_decisions (${LINKAGE_COLUMNS.join(', ')}) VALUES (${LINKAGE_COLUMNS.map((c) => `@${c}`).join(', ')})
     ON CONFLICT ${target} DO UPDATE SET
       grade = excluded.grade, grade_source = excluded.grade_source, source_id = excluded.source_id, total = excluded.total, base_fen = excluded.base_fen,
       suggested_action = excluded.suggested_action, suggested_pct_min = excluded.suggested_pct_min, suggested_pct_max = excluded.suggested_pct_max,
       decision = excluded.decision, amount_fen = excluded.amount_fen, note = excluded.note, decided_by = excluded.decided_by, decided_at = excluded.decided_at,
       profile_id = excluded.profile_id, profile_version = excluded.profile_version, updated_at = excluded.updated_at, rev = rev + 1`,
  ).run(r);
}

// ---------------------------------------------------------------- 评价结果清单

/** Every self-evaluation of the year (any status) with its 全年预算数 and latest completed re-check. */
export interface EvaluationResultRow extends EvalObjectColumns {
  id: string;
  origin: string;
  owner_type: 'project' | 'unitOverall';
  project_id: string | null;
  unit_id: string;
  status: string;
  total: number | null;
  grade: GradeCode | null;
  profile_id: string;
  profile_version: number;
  evaluated_at: string | null;
  updated_at: string;
}

export function evaluationResults(db: Db, year: number): EvaluationResultRow[] {
  return db.prepare(`
    SELECT e.id, e.origin, e.owner_type, e.project_id, e.unit_id, e.status, e.total, e.grade, e.profile_id, e.profile_version, e.evaluated_at, e.updated_at,
      p.code AS project_code, p.name AS project_name, u.code AS unit_code, u.name AS unit_name, ${EVAL_BASE} AS base_fen,
      r.id AS recheck_id, r.total AS recheck_total, r.grade AS recheck_grade, r.completed_at AS recheck_completed_at
    FROM self_evaluations e
    JOIN units u ON u.id = e.unit_id
    LEFT JOIN projects p ON p.id = e.project_id
    ${LATEST_RECHECK}
    WHERE e.year = @year
    ORDER BY u.code, CASE WHEN e.project_id IS NULL THEN 0 ELSE 1 END, p.code, e.id`).all({ year }) as EvaluationResultRow[];
}

/** Every 部门评价 / 财政重点评价 of the year (drafts too), with its object's names. */
export interface KeyEvaluationResultRow {
  id: string;
  kind: 'department' | 'finance';
  object_type: 'project' | 'policy' | 'unitOverall';
  evaluator: 'finance' | 'department' | 'thirdParty';
  title: string;
  status: string;
  total: number | null;
  grade: GradeCode | null;
  completed_at: string | null;
  unit_name: string;
  project_code: string | null;
  project_name: string | null;
  agency_name: string | null;
}

export function keyEvaluationResults(db: Db, year: number): KeyEvaluationResultRow[] {
  return db.prepare(`
    SELECT k.id, k.kind, k.object_type, k.evaluator, k.title, k.status, k.total, k.grade, k.completed_at,
      u.name AS unit_name, p.code AS project_code, p.name AS project_name, a.name AS agency_name
    FROM key_evaluations k
    JOIN units u ON u.id = k.unit_id
    LEFT JOIN projects p ON p.id = k.project_id
    LEFT JOIN agencies a ON a.id = k.agency_id
    WHERE k.year = ?
    ORDER BY CASE k.kind WHEN 'finance' THEN 0 ELSE 1 END, k.completed_at IS NULL, k.completed_at, k.created_at, k.id`).all(year) as KeyEvaluationResultRow[];
}

// ---------------------------------------------------------------- 信息公开

export interface DisclosureRow {
  id: string;
  origin: string;
  year: number;
  object_type: 'goalSheet' | 'selfEvaluation' | 'evaluationReport' | 'unitOverall';
  object_id: string | null;
  unit_id: string;
  project_id: string | null;
  title: string;
  published_on: string;
  channel: 'website' | 'notice' | 'withBudget' | 'withFinalAccounts';
  location: string;
  note: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  rev: number;
}

export type DisclosureListRow = DisclosureRow & { unit_name: string; project_code: string | null };

const DISCLOSURE_COLUMNS = [
  'id', 'origin', 'year', 'object_type', 'object_id', 'unit_id', 'project_id', 'title', 'published_on', 'channel', 'location', 'note', 'created_by', 'created_at', 'updated_at',
] as const;

export function insertDisclosure(db: Db, r: Omit<DisclosureRow, 'rev'>): void {
  db.prepare(`INSERT INTO disclosures (${DISCLOSURE_COLUMNS.join(', ')}) VALUES (${DISCLOSURE_COLUMNS.map((c) => `@${c}`).join(', ')})`).run(r);
}

export function deleteDisclosure(db: Db, id: string): void {
  db.prepare('DELETE FROM disclosures WHERE id = ?').run(id);
}

export function findDisclosure(db: Db, id: string): DisclosureRow | undefined {
  return db.prepare('SELECT * FROM disclosures WHERE id = ?').get(id) as DisclosureRow | undefined;
}

export function listDisclosures(db: Db, year: number): DisclosureListRow[] {
  return db.prepare(`
    SELECT d.*, u.name AS unit_name, p.code AS project_code FROM disclosures d
    JOIN units u ON u.id = d.unit_id LEFT JOIN projects p ON p.id = d.project_id
    WHERE d.year = ? ORDER BY d.published_on DESC, d.created_at DESC`).all(year) as DisclosureListRow[];
}

/** A goal sheet (批复/公开) or accepted self-evaluation of the year: what may be disclosed. */
export interface DisclosableRow {
  object_type: 'goalSheet' | 'selfEvaluation';
  object_id: string;
  origin: string;
  unit_id: string;
  unit_name: string;
  project_id: string | null;
  project_code: string | null;
  project_name: string | null;
  project_confidential: 0 | 1 | null;
  status: string;
}

export function disclosableObjects(db: Db, year: number): DisclosableRow[] {
  return db.prepare(`
    SELECT 'goalSheet' AS object_type, g.id AS object_id, g.origin, g.unit_id, u.name AS unit_name, g.project_id, p.code AS project_code,
      p.name AS project_name, p.confidential AS project_confidential, g.status
    FROM goal_sheets g JOIN units u ON u.id = g.unit_id LEFT JOIN projects p ON p.id = g.project_id
    WHERE g.year = @year AND g.status IN ('approved','published') AND (p.id IS NULL OR p.status NOT IN ('cancelled','notFunded'))
    UNION ALL
    SELECT 'selfEvaluation', e.id, e.origin, e.unit_id, u.name, e.project_id, p.code, p.name, p.confidential, e.status
    FROM self_evaluations e JOIN units u ON u.id = e.unit_id LEFT JOIN projects p ON p.id = e.project_id
    WHERE e.year = @year AND e.status = 'accepted'
    ORDER BY 1, 7, 5`).all({ year }) as DisclosableRow[];
}

/** The unit tree with the 涉密 flags (to decide confidentiality through ancestors). */
export function unitFlags(db: Db): { id: string; parent_id: string | null; code: string; name: string; confidential: 0 | 1 }[] {
  return db.prepare('SELECT id, parent_id, code, name, confidential FROM units').all() as { id: string; parent_id: string | null; code: string; name: string; confidential: 0 | 1 }[];
}
