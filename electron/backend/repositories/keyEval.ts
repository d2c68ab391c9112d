import type { Db } from '../db/connection.ts';
import type { GradeCode } from '../../../shared/domain/ruleProfile.ts';
import { normalizeItem, type KeyEvalFrameworkWeights, type KeyEvalItem, type KeyEvalItemConfig } from '../../../shared/rules/keyEvaluation.ts';
import type { KeyEvalEntry, KeyEvalInput } from '../../../shared/rules/keyEvalScoring.ts';

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

export function saveKeyEvalWeights(db: Db, id: string, w: KeyEvalFrameworkWeights, updatedAt: string): void {
  db.prepare(
    `UPDATE key_evaluations SET decision_weight = ?, process_weight = ?, output_weight = ?, benefit_weight = ?, updated_at = ?, rev = rev + 1 WHERE id = ?`,
  ).run(w.decision, w.process, w.output, w.benefit, updatedAt, id);
}

interface ItemRow extends Omit<KeyEvalItem, 'config'> {
  config: string;
}

/** The items with a complete definition for their method (defaults filled for items stored without one). */
export function listKeyEvalItems(db: Db, id: string): KeyEvalItem[] {
  const rows = db.prepare('SELECT seq, level1, level2, name, method, weight, config FROM key_eval_items WHERE evaluation_id = ? ORDER BY seq').all(id) as ItemRow[];
  return rows.map((r) => normalizeItem({ ...r, config: JSON.parse(r.config) as KeyEvalItemConfig }));
}

export function replaceKeyEvalItems(db: Db, id: string, items: readonly KeyEvalItem[]): void {
  db.prepare('DELETE FROM key_eval_items WHERE evaluation_id = ?').run(id);
  const ins = db.prepare('INSERT INTO key_eval_items (evaluation_id, seq, level1, level2, name, method, weight, config) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const i of items) ins.run(id, i.seq, i.level1, i.level2, i.name, i.method, i.weight, JSON.stringify(i.config));
}

interface EntryRow {
  seq: number;
  expert: string;
  score: number;
  input: string | null;
  explanation: string;
}

export function listKeyEvalEntries(db: Db, id: string): KeyEvalEntry[] {
  const rows = db.prepare('SELECT seq, expert, score, input, explanation FROM key_eval_scores WHERE evaluation_id = ? ORDER BY seq, position, expert').all(id) as EntryRow[];
  return rows.map((r) => ({ ...r, input: r.input === null ? null : (JSON.parse(r.input) as KeyEvalInput) }));
}

export function countKeyEvalEntries(db: Db, id: string): number {
  return (db.prepare('SELECT count(*) AS n FROM key_eval_scores WHERE evaluation_id = ?').get(id) as { n: number }).n;
}

/** Replaces the entries; each expert's position is the order in which the experts first appear. */
export function replaceKeyEvalEntries(db: Db, id: string, entries: readonly KeyEvalEntry[]): void {
  db.prepare('DELETE FROM key_eval_scores WHERE evaluation_id = ?').run(id);
  const experts = [...new Set(entries.map((e) => e.expert))];
  const ins = db.prepare('INSERT INTO key_eval_scores (evaluation_id, seq, expert, score, input, explanation, position) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const e of entries) ins.run(id, e.seq, e.expert, e.score, e.input === null ? null : JSON.stringify(e.input), e.explanation, experts.indexOf(e.expert));
}

// ---------------------------------------------------------------- report facts

export interface KeyEvalProjectFacts {
  code: string;
  name: string;
  attribute: 'new' | 'continuing' | 'expiringContinuation';
  budget_type: string;
  start_month: string | null;
  end_month: string | null;
  initial_fen: number;
  annual_fen: number;
  annual_fiscal_fen: number;
  annual_carryover_fen: number;
  annual_other_fen: number;
  mid_term_total_fen: number | null;
  manager: string;
  basis: string;
}

export function projectFacts(db: Db, projectId: string): KeyEvalProjectFacts | undefined {
  return db.prepare(`
    SELECT code, name, attribute, budget_type, start_month, end_month, mid_term_total_fen, manager, basis,
      initial_fiscal_fen + initial_carryover_fen + initial_other_fen AS initial_fen,
      annual_fiscal_fen + annual_carryover_fen + annual_other_fen AS annual_fen, annual_fiscal_fen, annual_carryover_fen, annual_other_fen
    FROM projects WHERE id = ?`).get(projectId) as KeyEvalProjectFacts | undefined;
}

/** The unit's projects of the year (not cancelled): count and amounts, for a unit-overall evaluation. */
export function unitProjectFacts(db: Db, unitId: string, year: number): { count: number; initial_fen: number; annual_fen: number } {
  return db.prepare(`
    SELECT count(*) AS count, coalesce(sum(initial_fiscal_fen + initial_carryover_fen + initial_other_fen), 0) AS initial_fen,
      coalesce(sum(annual_fiscal_fen + annual_carryover_fen + annual_other_fen), 0) AS annual_fen
    FROM projects WHERE unit_id = ? AND year = ? AND status <> 'cancelled'`).get(unitId, year) as { count: number; initial_fen: number; annual_fen: number };
}

export interface KeyEvalGoalFacts {
  status: string;
  annual_goal: string;
  mid_term_goal: string;
  indicators: { level1: string; level2: string; name: string; target_text: string; unit: string }[];
}

/** The goal sheet of the project, or of the unit overall (year), with its indicators. */
export function goalFactsFor(db: Db, q: { projectId: string | null; unitId: string; year: number }): KeyEvalGoalFacts | undefined {
  const sheet = (q.projectId
    ? db.prepare('SELECT id, status, annual_goal, mid_term_goal FROM goal_sheets WHERE project_id = ?').get(q.projectId)
    : db.prepare("SELECT id, status, annual_goal, mid_term_goal FROM goal_sheets WHERE owner_type = 'unitOverall' AND unit_id = ? AND year = ?").get(q.unitId, q.year)) as
    { id: string; status: string; annual_goal: string; mid_term_goal: string } | undefined;
  if (!sheet) return undefined;
  const indicators = db.prepare('SELECT level1, level2, name, target_text, unit FROM goal_indicators WHERE sheet_id = ? ORDER BY seq').all(sheet.id) as KeyEvalGoalFacts['indicators'];
  return { status: sheet.status, annual_goal: sheet.annual_goal, mid_term_goal: sheet.mid_term_goal, indicators };
}

export interface KeyEvalExecutionFacts {
  source: 'selfEvaluation' | 'monitoring';
  budget_fen: number;
  executed_fen: number;
  /** The monitoring month (monitoring source only). */
  month: number | null;
  goal_completion: string;
  self_total: number | null;
  self_grade: GradeCode | null;
}

/** Execution of the object: its self-evaluation of the year when executed is filled in, else the latest monitoring sheet. */
export function executionFactsFor(db: Db, q: { projectId: string | null; unitId: string; year: number }): KeyEvalExecutionFacts | undefined {
  const owner = q.projectId ? 'e.project_id = @projectId' : "e.owner_type = 'unitOverall' AND e.unit_id = @unitId";
  const self = db.prepare(`
    SELECT annual_fiscal_fen + annual_carryover_fen + annual_other_fen AS budget_fen, executed_fen, goal_completion, total, grade
    FROM self_evaluations e WHERE ${owner} AND e.year = @year AND e.executed_fen IS NOT NULL ORDER BY e.updated_at DESC LIMIT 1`).get(q) as
    { budget_fen: number; executed_fen: number; goal_completion: string; total: number | null; grade: GradeCode | null } | undefined;
  if (self) {
    return { source: 'selfEvaluation', budget_fen: self.budget_fen, executed_fen: self.executed_fen, month: null, goal_completion: self.goal_completion, self_total: self.total, self_grade: self.grade };
  }
  const sheetOwner = q.projectId ? 's.project_id = @projectId' : "r.object_type = 'unitOverall' AND s.unit_id = @unitId";
  const mon = db.prepare(`
    SELECT s.annual_budget_fen AS budget_fen, s.executed_fen, r.month, s.goal_progress
    FROM monitoring_sheets s JOIN monitoring_rounds r ON r.id = s.round_id
    WHERE ${sheetOwner} AND r.year = @year AND s.executed_fen IS NOT NULL ORDER BY r.month DESC, s.updated_at DESC LIMIT 1`).get(q) as
    { budget_fen: number; executed_fen: number; month: number; goal_progress: string } | undefined;
  if (!mon) return undefined;
  return { source: 'monitoring', budget_fen: mon.budget_fen, executed_fen: mon.executed_fen, month: mon.month, goal_completion: mon.goal_progress, self_total: null, self_grade: null };
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
