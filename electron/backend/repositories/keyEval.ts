import type { Db } from '../db/connection.ts';
import type { GradeCode } from '../../../shared/domain/ruleProfile.ts';
import type { KeyEvalItem, KeyEvalScore } from '../../../shared/rules/keyEvaluation.ts';

/** SQL of 部门评价 / 财政重点评价 and the agency and expert registers. */

export interface KeyEvalRow {
  id: string;
  origin: string;
  year: number;
  kind: 'department' | 'finance';
  object_type: 'project' | 'policy' | 'unitOverall';
  project_id: string | null;
  unit_id: string;
  title: string;
  evaluator: 'finance' | 'department' | 'thirdParty';
  agency_id: string | null;
  framework_code: string;
  decision_weight: number;
  process_weight: number;
  output_weight: number;
  benefit_weight: number;
  status: 'draft' | 'completed';
  findings: string;
  recommendations: string;
  total: number | null;
  grade: GradeCode | null;
  profile_id: string;
  profile_version: number;
  plan_quality_score: number | null;
  report_quality_score: number | null;
  completed_at: string | null;
  rectification_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  rev: number;
}

export interface KeyEvalListRow extends KeyEvalRow {
  project_code: string | null;
  project_name: string | null;
  unit_name: string;
  agency_name: string | null;
  rectification_code: string | null;
}

const SELECT = `
  SELECT k.*, p.code AS project_code, p.name AS project_name, u.name AS unit_name, a.name AS agency_name, r.code AS rectification_code
  FROM key_evaluations k
  JOIN units u ON u.id = k.unit_id
  LEFT JOIN projects p ON p.id = k.project_id
  LEFT JOIN agencies a ON a.id = k.agency_id
  LEFT JOIN rectifications r ON r.id = k.rectification_id`;

export function listKeyEvals(db: Db, year: number): KeyEvalListRow[] {
  return db.prepare(`${SELECT} WHERE k.year = ? ORDER BY k.created_at DESC, k.id`).all(year) as KeyEvalListRow[];
}

export function findKeyEval(db: Db, id: string): KeyEvalListRow | undefined {
  return db.prepare(`${SELECT} WHERE k.id = ?`).get(id) as KeyEvalListRow | undefined;
}

const COLUMNS = [
  'id', 'origin', 'year', 'kind', 'object_type', 'project_id', 'unit_id', 'title', 'evaluator', 'agency_id', 'framework_code',
  'decision_weight', 'process_weight', 'output_weight', 'benefit_weight', 'profile_id', 'profile_version', 'created_by', 'created_at', 'updated_at',
] as const;

export type NewKeyEval = Pick<KeyEvalRow, (typeof COLUMNS)[number]>;

export function insertKeyEval(db: Db, r: NewKeyEval): void {
  db.prepare(`INSERT INTO key_evaluations (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`).run(r);
}

export function saveKeyEvalText(db: Db, r: Pick<KeyEvalRow, 'id' | 'findings' | 'recommendations' | 'plan_quality_score' | 'report_quality_score' | 'updated_at'>): void {
  db.prepare(
    `UPDATE key_evaluations SET findings = @findings, recommendations = @recommendations, plan_quality_score = @plan_quality_score,
       report_quality_score = @report_quality_score, updated_at = @updated_at, rev = rev + 1 WHERE id = @id`,
  ).run(r);
}

export function completeKeyEval(db: Db, r: Pick<KeyEvalRow, 'id' | 'total' | 'grade' | 'profile_id' | 'profile_version' | 'completed_at' | 'rectification_id' | 'updated_at'>): void {
  db.prepare(
    `UPDATE key_evaluations SET status = 'completed', total = @total, grade = @grade, profile_id = @profile_id, profile_version = @profile_version,
       completed_at = @completed_at, rectification_id = @rectification_id, updated_at = @updated_at, rev = rev + 1 WHERE id = @id`,
  ).run(r);
}

export function listKeyEvalItems(db: Db, id: string): KeyEvalItem[] {
  return db.prepare('SELECT seq, level1, level2, name, method, weight FROM key_eval_items WHERE evaluation_id = ? ORDER BY seq').all(id) as KeyEvalItem[];
}

export function replaceKeyEvalItems(db: Db, id: string, items: readonly KeyEvalItem[]): void {
  db.prepare('DELETE FROM key_eval_items WHERE evaluation_id = ?').run(id);
  const ins = db.prepare('INSERT INTO key_eval_items (evaluation_id, seq, level1, level2, name, method, weight) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const i of items) ins.run(id, i.seq, i.level1, i.level2, i.name, i.method, i.weight);
}

export function listKeyEvalScores(db: Db, id: string): KeyEvalScore[] {
  return db.prepare('SELECT seq, expert, score FROM key_eval_scores WHERE evaluation_id = ? ORDER BY seq, expert').all(id) as KeyEvalScore[];
}

export function replaceKeyEvalScores(db: Db, id: string, scores: readonly KeyEvalScore[]): void {
  db.prepare('DELETE FROM key_eval_scores WHERE evaluation_id = ?').run(id);
  const ins = db.prepare('INSERT INTO key_eval_scores (evaluation_id, seq, expert, score) VALUES (?, ?, ?, ?)');
  for (const s of scores) ins.run(id, s.seq, s.expert, s.score);
}

// ---------------------------------------------------------------- registers

export interface AgencyRow {
  id: string;
  origin: string;
  name: string;
  field: string;
  contact: string;
  qualification: string;
  conflicts: string;
  active: number;
  created_at: string;
  updated_at: string;
  rev: number;
}

export interface AgencyListRow extends AgencyRow {
  evaluation_count: number;
  mean_plan: number | null;
  mean_report: number | null;
}

const AGENCY_SELECT = `
  SELECT a.*, count(k.id) AS evaluation_count, avg(k.plan_quality_score) AS mean_plan, avg(k.report_quality_score) AS mean_report
  FROM agencies a LEFT JOIN key_evaluations k ON k.agency_id = a.id`;

export function listAgencies(db: Db): AgencyListRow[] {
  return db.prepare(`${AGENCY_SELECT} GROUP BY a.id ORDER BY a.active DESC, a.name`).all() as AgencyListRow[];
}

export function findAgency(db: Db, id: string): AgencyListRow | undefined {
  return db.prepare(`${AGENCY_SELECT} WHERE a.id = ? GROUP BY a.id`).get(id) as AgencyListRow | undefined;
}

export function findAgencyByName(db: Db, origin: string, name: string): AgencyRow | undefined {
  return db.prepare('SELECT * FROM agencies WHERE origin = ? AND name = ?').get(origin, name) as AgencyRow | undefined;
}

export function upsertAgency(db: Db, r: Omit<AgencyRow, 'rev'>, isNew: boolean): void {
  if (isNew) {
    db.prepare(
      `INSERT INTO agencies (id, origin, name, field, contact, qualification, conflicts, active, created_at, updated_at)
       VALUES (@id, @origin, @name, @field, @contact, @qualification, @conflicts, @active, @created_at, @updated_at)`,
    ).run(r);
  } else {
    db.prepare(
      `UPDATE agencies SET name = @name, field = @field, contact = @contact, qualification = @qualification, conflicts = @conflicts,
         active = @active, updated_at = @updated_at, rev = rev + 1 WHERE id = @id`,
    ).run(r);
  }
}

export interface ExpertRow {
  id: string;
  origin: string;
  name: string;
  field: string;
  organisation: string;
  contact: string;
  conflicts: string;
  active: number;
  created_at: string;
  updated_at: string;
  rev: number;
}

export function listExperts(db: Db): ExpertRow[] {
  return db.prepare('SELECT * FROM experts ORDER BY active DESC, name, organisation').all() as ExpertRow[];
}

export function findExpert(db: Db, id: string): ExpertRow | undefined {
  return db.prepare('SELECT * FROM experts WHERE id = ?').get(id) as ExpertRow | undefined;
}

export function findExpertByName(db: Db, origin: string, name: string, organisation: string): ExpertRow | undefined {
  return db.prepare('SELECT * FROM experts WHERE origin = ? AND name = ? AND organisation = ?').get(origin, name, organisation) as ExpertRow | undefined;
}

export function upsertExpert(db: Db, r: Omit<ExpertRow, 'rev'>, isNew: boolean): void {
  if (isNew) {
    db.prepare(
      `INSERT INTO experts (id, origin, name, field, organisation, contact, conflicts, active, created_at, updated_at)
       VALUES (@id, @origin, @name, @field, @organisation, @contact, @conflicts, @active, @created_at, @updated_at)`,
    ).run(r);
  } else {
    db.prepare(
      `UPDATE experts SET name = @name, field = @field, organisation = @organisation, contact = @contact, conflicts = @conflicts,
         active = @active, updated_at = @updated_at, rev = rev + 1 WHERE id = @id`,
    ).run(r);
  }
}
