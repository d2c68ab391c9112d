import type { Db } from '../db/connection.ts';
import type { GradeCode } from '../../../shared/domain/ruleProfile.ts';
import type { LinkageAction } from '../../../shared/rules/linkage.ts';

/** SQL of the use of results (结果应用): budget-linkage sources and decisions, the disclosure register. */

// ---------------------------------------------------------------- 预算挂钩

/** A project of the year with an accepted self-evaluation and a grade, and its latest completed 财政复核. */
export interface LinkageSourceRow {
  evaluation_id: string;
  origin: string;
  project_id: string;
  unit_id: string;
  total: number | null;
  grade: GradeCode;
  profile_id: string;
  profile_version: number;
  project_code: string;
  project_name: string;
  unit_code: string;
  unit_name: string;
  base_fen: number;
  recheck_id: string | null;
  recheck_total: number | null;
  recheck_grade: GradeCode | null;
  recheck_profile_id: string | null;
  recheck_profile_version: number | null;
}

/**
 * Accepted project self-evaluations of the year with a grade. A completed re-check (recheck_items
 * status 'done' with a grade; the latest if the evaluation was sampled twice) is joined beside it.
 * Base = the project's 全年预算数 (fiscal + carry-over + other).
 */
export const LINKAGE_SOURCES_SQL = `
  SELECT e.id AS evaluation_id, e.origin, e.project_id, e.unit_id, e.total, e.grade, e.profile_id, e.profile_version,
    p.code AS project_code, p.name AS project_name, u.code AS unit_code, u.name AS unit_name,
    p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen AS base_fen,
    r.id AS recheck_id, r.total AS recheck_total, r.grade AS recheck_grade, r.profile_id AS recheck_profile_id, r.profile_version AS recheck_profile_version
  FROM self_evaluations e
  JOIN projects p ON p.id = e.project_id
  JOIN units u ON u.id = e.unit_id
  LEFT JOIN recheck_items r ON r.id = (
    SELECT ri.id FROM recheck_items ri WHERE ri.evaluation_id = e.id AND ri.status = 'done' AND ri.grade IS NOT NULL
    ORDER BY ri.completed_at DESC, ri.id DESC LIMIT 1)
  WHERE e.year = @year AND e.owner_type = 'project' AND e.status = 'accepted' AND e.grade IS NOT NULL
  ORDER BY u.code, p.code`;

export function linkageSources(db: Db, year: number): LinkageSourceRow[] {
  return db.prepare(LINKAGE_SOURCES_SQL).all({ year }) as LinkageSourceRow[];
}

export function linkageSource(db: Db, year: number, projectId: string): LinkageSourceRow | undefined {
  return linkageSources(db, year).find((r) => r.project_id === projectId);
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

export function linkageDecisions(db: Db, year: number): LinkageDecisionRow[] {
  return db.prepare('SELECT * FROM linkage_decisions WHERE year = ? AND project_id IS NOT NULL').all(year) as LinkageDecisionRow[];
}

export function findLinkageDecision(db: Db, origin: string, year: number, projectId: string): LinkageDecisionRow | undefined {
  return db.prepare('SELECT * FROM linkage_decisions WHERE origin = ? AND year = ? AND project_id = ?').get(origin, year, projectId) as LinkageDecisionRow | undefined;
}

const LINKAGE_COLUMNS = [
  'id', 'origin', 'year', 'target_year', 'project_id', 'unit_id', 'grade', 'grade_source', 'source_id', 'total', 'base_fen', 'suggested_action',
  'suggested_pct_min', 'suggested_pct_max', 'decision', 'amount_fen', 'note', 'decided_by', 'decided_at', 'profile_id', 'profile_version', 'created_at', 'updated_at',
] as const;

/** Inserts the decision, or replaces the decided content of the existing one (bumping its revision). */
export function upsertLinkageDecision(db: Db, r: Omit<LinkageDecisionRow, 'rev'>): void {
  db.prepare(
    `INSERT INTO linkage_decisions (${LINKAGE_COLUMNS.join(', ')}) VALUES (${LINKAGE_COLUMNS.map((c) => `@${c}`).join(', ')})
     ON CONFLICT (origin, year, project_id) WHERE project_id IS NOT NULL DO UPDATE SET
       grade = excluded.grade, grade_source = excluded.grade_source, source_id = excluded.source_id, total = excluded.total, base_fen = excluded.base_fen,
       suggested_action = excluded.suggested_action, suggested_pct_min = excluded.suggested_pct_min, suggested_pct_max = excluded.suggested_pct_max,
       decision = excluded.decision, amount_fen = excluded.amount_fen, note = excluded.note, decided_by = excluded.decided_by, decided_at = excluded.decided_at,
       profile_id = excluded.profile_id, profile_version = excluded.profile_version, updated_at = excluded.updated_at, rev = rev + 1`,
  ).run(r);
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
