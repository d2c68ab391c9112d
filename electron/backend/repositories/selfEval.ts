import type { Db } from '../db/connection.ts';
import type { SelfEvalOwnerType, SelfEvalStatus } from '../../../shared/api/dtoSelfEval.ts';
import type { GradeCode } from '../../../shared/domain/ruleProfile.ts';
import type { Level1Code, Level2Code, Operator } from '../../../shared/domain/indicators.ts';
import type { QualitativeResult } from '../../../shared/rules/selfEvaluation.ts';
import { containsPattern } from './library.ts';

/** SQL of 单位自评: evaluations, their indicator rows, history, evidence and the pre-fill sources. */

/** Goal sheets an evaluation may be built from (批复 or 公开), as for monitoring. */
const EVALUABLE_GOAL_STATUSES = "('approved','published')";
/** Projects out of the budget are never evaluated and never summed into a unit's money. */
const OUT_OF_BUDGET = "('cancelled','notFunded')";

export interface SelfEvaluationRow {
  id: string;
  origin: string;
  year: number;
  owner_type: SelfEvalOwnerType;
  project_id: string | null;
  unit_id: string;
  goal_sheet_id: string;
  status: SelfEvalStatus;
  initial_fiscal_fen: number;
  initial_carryover_fen: number;
  initial_other_fen: number;
  annual_fiscal_fen: number;
  annual_carryover_fen: number;
  annual_other_fen: number;
  executed_fen: number | null;
  executed_fiscal_fen: number | null;
  executed_carryover_fen: number | null;
  executed_other_fen: number | null;
  /** 部门整体 only (migration 0010): 基本支出 entered by the unit, NULL = not entered. */
  basic_personnel_initial_fen: number | null;
  basic_public_initial_fen: number | null;
  basic_personnel_annual_fen: number | null;
  basic_public_annual_fen: number | null;
  basic_personnel_executed_fen: number | null;
  basic_public_executed_fen: number | null;
  /** 部门整体 only: 全年执行数 of the unit's projects (initial_* / annual_* are their budgets by source). */
  project_executed_fen: number | null;
  goal_completion: string;
  execution_rate: number | null;
  execution_score: number | null;
  raw_total: number | null;
  normalized_total: number | null;
  total: number | null;
  grade: GradeCode | null;
  profile_id: string;
  profile_version: number;
  evaluated_at: string | null;
  created_at: string;
  updated_at: string;
  rev: number;
}

type AnnualMoney = Pick<SelfEvaluationRow, 'annual_fiscal_fen' | 'annual_carryover_fen' | 'annual_other_fen'> &
  Partial<Pick<SelfEvaluationRow, 'basic_personnel_annual_fen' | 'basic_public_annual_fen'>>;
type InitialMoney = Pick<SelfEvaluationRow, 'initial_fiscal_fen' | 'initial_carryover_fen' | 'initial_other_fen'> &
  Partial<Pick<SelfEvaluationRow, 'basic_personnel_initial_fen' | 'basic_public_initial_fen'>>;

/** 全年预算数: by source (the project, or a unit's projects) plus, for 部门整体, its 基本支出. */
export const annualOf = (e: AnnualMoney) =>
  e.annual_fiscal_fen + e.annual_carryover_fen + e.annual_other_fen + (e.basic_personnel_annual_fen ?? 0) + (e.basic_public_annual_fen ?? 0);
export const initialOf = (e: InitialMoney) =>
  e.initial_fiscal_fen + e.initial_carryover_fen + e.initial_other_fen + (e.basic_personnel_initial_fen ?? 0) + (e.basic_public_initial_fen ?? 0);

export function findEvaluation(db: Db, id: string): SelfEvaluationRow | undefined {
  return db.prepare('SELECT * FROM self_evaluations WHERE id = ?').get(id) as SelfEvaluationRow | undefined;
}

export type NewEvaluationRow = Omit<SelfEvaluationRow, 'rev' | 'execution_rate' | 'execution_score' | 'raw_total' | 'normalized_total' | 'total' | 'grade' | 'evaluated_at'>;

/** The 部门整体 money columns of migration 0010. */
const UNIT_MONEY_COLUMNS = [
  'basic_personnel_initial_fen', 'basic_public_initial_fen', 'basic_personnel_annual_fen', 'basic_public_annual_fen', 'basic_personnel_executed_fen',
  'basic_public_executed_fen', 'project_executed_fen',
] as const;

const INSERT_COLUMNS = [
  'id', 'origin', 'year', 'owner_type', 'project_id', 'unit_id', 'goal_sheet_id', 'status', 'initial_fiscal_fen', 'initial_carryover_fen', 'initial_other_fen',
  'annual_fiscal_fen', 'annual_carryover_fen', 'annual_other_fen', 'executed_fen', 'executed_fiscal_fen', 'executed_carryover_fen', 'executed_other_fen',
  ...UNIT_MONEY_COLUMNS, 'goal_completion', 'profile_id', 'profile_version', 'created_at', 'updated_at',
] as const;

export function insertEvaluation(db: Db, r: NewEvaluationRow): void {
  db.prepare(`INSERT INTO self_evaluations (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map((c) => `@${c}`).join(', ')})`).run(r);
}

/** Writes what the editor changes and the workflow status, and bumps the revision. */
export function saveEvaluationEntry(db: Db, r: SelfEvaluationRow): void {
  db.prepare(`
    UPDATE self_evaluations SET status = @status, executed_fen = @executed_fen, executed_fiscal_fen = @executed_fiscal_fen,
      executed_carryover_fen = @executed_carryover_fen, executed_other_fen = @executed_other_fen, goal_completion = @goal_completion,
      updated_at = @updated_at, rev = rev + 1
    WHERE id = @id`).run(r);
}

export type UnitMoneyEntry = Pick<
  SelfEvaluationRow,
  'id' | (typeof UNIT_MONEY_COLUMNS)[number] | 'initial_fiscal_fen' | 'initial_carryover_fen' | 'initial_other_fen' | 'annual_fiscal_fen' | 'annual_carryover_fen' | 'annual_other_fen'
>;

/**
 * Writes a 部门整体 evaluation's money: the 基本支出 entered and the project part refreshed from the
 * unit's projects (runs in the same transaction as saveEvaluationEntry, which bumps the revision).
 */
export function saveUnitMoney(db: Db, r: UnitMoneyEntry): void {
  const cols = [...UNIT_MONEY_COLUMNS, 'initial_fiscal_fen', 'initial_carryover_fen', 'initial_other_fen', 'annual_fiscal_fen', 'annual_carryover_fen', 'annual_other_fen'];
  db.prepare(`UPDATE self_evaluations SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run(r);
}

export type EvaluationScores = Pick<
  SelfEvaluationRow,
  'id' | 'execution_rate' | 'execution_score' | 'raw_total' | 'normalized_total' | 'total' | 'grade' | 'profile_id' | 'profile_version' | 'evaluated_at'
>;

/** Stores the computed figures (derived state: the revision is left alone). */
export function saveEvaluationScores(db: Db, s: EvaluationScores): void {
  db.prepare(`
    UPDATE self_evaluations SET execution_rate = @execution_rate, execution_score = @execution_score, raw_total = @raw_total,
      normalized_total = @normalized_total, total = @total, grade = @grade, profile_id = @profile_id, profile_version = @profile_version,
      evaluated_at = @evaluated_at
    WHERE id = @id`).run(s);
}

// ---------------------------------------------------------------- indicator rows

export interface SelfEvalIndicatorRow {
  evaluation_id: string;
  seq: number;
  indicator_id: string | null;
  level1: Level1Code;
  level2: Level2Code;
  name: string;
  value_type: 'quantitative' | 'qualitative';
  operator: Operator;
  target_value: number | null;
  target_text: string;
  unit: string;
  weight: number;
  actual_value: number | null;
  actual_text: string;
  not_applicable: 0 | 1;
  qualitative_result: QualitativeResult | null;
  manual_score: number | null;
  target_too_low: 0 | 1;
  deviation_reason: string;
  score: number | null;
}

export function listEvalRows(db: Db, evaluationId: string): SelfEvalIndicatorRow[] {
  return db.prepare('SELECT * FROM self_eval_rows WHERE evaluation_id = ? ORDER BY seq').all(evaluationId) as SelfEvalIndicatorRow[];
}

const ROW_COLUMNS = [
  'evaluation_id', 'seq', 'indicator_id', 'level1', 'level2', 'name', 'value_type', 'operator', 'target_value', 'target_text', 'unit', 'weight',
  'actual_value', 'actual_text', 'not_applicable', 'qualitative_result', 'manual_score', 'target_too_low', 'deviation_reason', 'score',
] as const;

export function insertEvalRows(db: Db, rows: readonly SelfEvalIndicatorRow[]): void {
  const ins = db.prepare(`INSERT INTO self_eval_rows (${ROW_COLUMNS.join(', ')}) VALUES (${ROW_COLUMNS.map((c) => `@${c}`).join(', ')})`);
  for (const r of rows) ins.run(r);
}

/** Writes the entered columns and the score of one row. */
export function saveEvalRow(db: Db, r: SelfEvalIndicatorRow): void {
  db.prepare(`
    UPDATE self_eval_rows SET weight = @weight, actual_value = @actual_value, actual_text = @actual_text, not_applicable = @not_applicable,
      qualitative_result = @qualitative_result, manual_score = @manual_score, target_too_low = @target_too_low, deviation_reason = @deviation_reason,
      score = @score
    WHERE evaluation_id = @evaluation_id AND seq = @seq`).run(r);
}

// ---------------------------------------------------------------- history and evidence

export interface SelfEvalEventRow {
  id: string;
  evaluation_id: string;
  at: string;
  username: string;
  action: string;
  from_status: SelfEvalStatus;
  to_status: SelfEvalStatus;
  comment: string;
}

export function insertEvalEvent(db: Db, e: SelfEvalEventRow): void {
  db.prepare(`INSERT INTO self_eval_events (id, evaluation_id, at, username, action, from_status, to_status, comment)
    VALUES (@id, @evaluation_id, @at, @username, @action, @from_status, @to_status, @comment)`).run(e);
}

export function listEvalEvents(db: Db, evaluationId: string): SelfEvalEventRow[] {
  return db.prepare('SELECT * FROM self_eval_events WHERE evaluation_id = ? ORDER BY at, rowid').all(evaluationId) as SelfEvalEventRow[];
}

export interface EvidenceRow {
  id: string;
  seq: number | null;
  name: string;
  size: number;
  created_at: string;
  created_by: string;
}

/** An attachment (owner_type 'selfEvaluation') and its link to the evaluation and row. */
export function insertEvidence(
  db: Db,
  a: { id: string; origin: string; evaluation_id: string; seq: number | null; name: string; mime: string; size: number; sha256: string; created_at: string; created_by: string },
  content: Buffer,
): void {
  db.prepare('INSERT OR IGNORE INTO attachment_blobs (sha256, content) VALUES (?, ?)').run(a.sha256, content);
  db.prepare(`INSERT INTO attachments (id, origin, owner_type, owner_id, name, mime, size, sha256, created_at, created_by)
    VALUES (@id, @origin, 'selfEvaluation', @evaluation_id, @name, @mime, @size, @sha256, @created_at, @created_by)`).run(a);
  db.prepare('INSERT INTO self_eval_evidence (attachment_id, evaluation_id, seq) VALUES (?, ?, ?)').run(a.id, a.evaluation_id, a.seq);
}

export function listEvidence(db: Db, evaluationId: string): EvidenceRow[] {
  return db.prepare(`
    SELECT a.id, e.seq, a.name, a.size, a.created_at, a.created_by
    FROM self_eval_evidence e JOIN attachments a ON a.id = e.attachment_id
    WHERE e.evaluation_id = ? ORDER BY a.created_at, a.rowid`).all(evaluationId) as EvidenceRow[];
}

// ---------------------------------------------------------------- pre-fill sources

/** An object to create an evaluation for: its goal sheet and money by source. */
export interface EvalSeedRow {
  project_id: string | null;
  unit_id: string;
  goal_sheet_id: string;
  initial_fiscal_fen: number;
  initial_carryover_fen: number;
  initial_other_fen: number;
  annual_fiscal_fen: number;
  annual_carryover_fen: number;
  annual_other_fen: number;
}

/** Own projects of the year with an approved or published goal, in the budget, not yet evaluated. */
export function projectsToEvaluate(db: Db, origin: string, year: number): EvalSeedRow[] {
  return db.prepare(`
    SELECT p.id AS project_id, p.unit_id AS unit_id, g.id AS goal_sheet_id,
      p.initial_fiscal_fen, p.initial_carryover_fen, p.initial_other_fen, p.annual_fiscal_fen, p.annual_carryover_fen, p.annual_other_fen
    FROM goal_sheets g JOIN projects p ON p.id = g.project_id
    WHERE g.origin = ? AND g.year = ? AND g.owner_type = 'project' AND g.status IN ${EVALUABLE_GOAL_STATUSES} AND p.status NOT IN ${OUT_OF_BUDGET}
      AND p.origin = g.origin
      AND NOT EXISTS (SELECT 1 FROM self_evaluations e WHERE e.project_id = p.id)
    ORDER BY p.code`).all(origin, year) as EvalSeedRow[];
}

/**
 * Own 部门整体 goal sheets of the year (approved or published) not yet evaluated; the money is the
 * sum of the unit's own projects of the year still in the budget, by source.
 */
export function unitsToEvaluate(db: Db, origin: string, year: number): EvalSeedRow[] {
  return db.prepare(`
    SELECT NULL AS project_id, g.unit_id AS unit_id, g.id AS goal_sheet_id,
      coalesce(m.i_f, 0) AS initial_fiscal_fen, coalesce(m.i_c, 0) AS initial_carryover_fen, coalesce(m.i_o, 0) AS initial_other_fen,
      coalesce(m.a_f, 0) AS annual_fiscal_fen, coalesce(m.a_c, 0) AS annual_carryover_fen, coalesce(m.a_o, 0) AS annual_other_fen
    FROM goal_sheets g
    JOIN units u ON u.id = g.unit_id
    LEFT JOIN (
      SELECT p.unit_id AS unit_id, sum(p.initial_fiscal_fen) AS i_f, sum(p.initial_carryover_fen) AS i_c, sum(p.initial_other_fen) AS i_o,
        sum(p.annual_fiscal_fen) AS a_f, sum(p.annual_carryover_fen) AS a_c, sum(p.annual_other_fen) AS a_o
      FROM projects p WHERE p.origin = @origin AND p.year = @year AND p.status NOT IN ${OUT_OF_BUDGET}
      GROUP BY p.unit_id
    ) m ON m.unit_id = g.unit_id
    WHERE g.origin = @origin AND g.year = @year AND g.owner_type = 'unitOverall' AND g.status IN ${EVALUABLE_GOAL_STATUSES}
      AND NOT EXISTS (SELECT 1 FROM self_evaluations e WHERE e.origin = @origin AND e.year = @year AND e.unit_id = g.unit_id AND e.project_id IS NULL)
    ORDER BY u.code`).all({ origin, year }) as EvalSeedRow[];
}

/** A project summed into its unit's 部门整体 sheet: budgets by source and its 全年执行数 sources. */
export interface UnitProjectFigure {
  project_id: string;
  code: string;
  name: string;
  initial_fiscal_fen: number;
  initial_carryover_fen: number;
  initial_other_fen: number;
  annual_fiscal_fen: number;
  annual_carryover_fen: number;
  annual_other_fen: number;
  /** The project's own self-evaluation's 全年执行数. */
  evaluated_fen: number | null;
  /** The project's latest monitored execution of the year. */
  monitored_fen: number | null;
}

/** The unit's own projects of the year still in the budget (the set unitsToEvaluate sums), by code. */
export function unitProjectFigures(db: Db, origin: string, year: number, unitId: string): UnitProjectFigure[] {
  return db.prepare(`
    SELECT p.id AS project_id, p.code, p.name, p.initial_fiscal_fen, p.initial_carryover_fen, p.initial_other_fen,
      p.annual_fiscal_fen, p.annual_carryover_fen, p.annual_other_fen, e.executed_fen AS evaluated_fen,
      (SELECT s.executed_fen FROM monitoring_sheets s JOIN monitoring_rounds r ON r.id = s.round_id
        WHERE r.origin = @origin AND r.year = @year AND s.project_id = p.id AND s.executed_fen IS NOT NULL
        ORDER BY r.month DESC, r.created_at DESC, r.id DESC LIMIT 1) AS monitored_fen
    FROM projects p LEFT JOIN self_evaluations e ON e.project_id = p.id
    WHERE p.origin = @origin AND p.year = @year AND p.unit_id = @unitId AND p.status NOT IN ${OUT_OF_BUDGET}
    ORDER BY p.code`).all({ origin, year, unitId }) as UnitProjectFigure[];
}

/** Counts of the year's own evaluations (what populate reports as existing). */
export function countEvaluations(db: Db, origin: string, year: number): number {
  return db.prepare('SELECT count(*) FROM self_evaluations WHERE origin = ? AND year = ?').pluck().get(origin, year) as number;
}

export interface LatestExecution {
  executed_fen: number;
  executed_fiscal_fen: number | null;
  executed_other_fen: number | null;
  month: number;
}

/**
 * The year's latest monitoring figure of an object: the sheet with an execution figure in the
 * round with the highest cut-off month (then the newest round, 重点 or 自行).
 */
export function latestMonitoredExecution(db: Db, seed: Pick<EvalSeedRow, 'project_id' | 'unit_id'>, origin: string, year: number): LatestExecution | undefined {
  const base = `
    SELECT s.executed_fen, s.executed_fiscal_fen, s.executed_other_fen, r.month
    FROM monitoring_sheets s JOIN monitoring_rounds r ON r.id = s.round_id
    WHERE r.origin = ? AND r.year = ? AND s.executed_fen IS NOT NULL AND `;
  const order = ' ORDER BY r.month DESC, r.created_at DESC, r.id DESC LIMIT 1';
  if (seed.project_id) return db.prepare(`${base}s.project_id = ?${order}`).get(origin, year, seed.project_id) as LatestExecution | undefined;
  return db.prepare(`${base}s.project_id IS NULL AND s.unit_id = ?${order}`).get(origin, year, seed.unit_id) as LatestExecution | undefined;
}

// ---------------------------------------------------------------- the list

export interface EvalFilter {
  year: number;
  ownerType?: SelfEvalOwnerType | undefined;
  unitId?: string | undefined;
  status?: SelfEvalStatus | undefined;
  grade?: GradeCode | 'none' | undefined;
  q: string;
  /** Only one office's evaluations; absent = every office. */
  origin?: string | undefined;
}

export interface EvalListRow extends SelfEvaluationRow {
  project_code: string | null;
  project_name: string | null;
  unit_code: string;
  unit_name: string;
}

function evalWhere(f: EvalFilter): { sql: string; params: (string | number)[] } {
  const parts = ['e.year = ?'];
  const params: (string | number)[] = [f.year];
  if (f.origin) { parts.push('e.origin = ?'); params.push(f.origin); }
  if (f.ownerType) { parts.push('e.owner_type = ?'); params.push(f.ownerType); }
  // A 主管部门 brings its units' evaluations with it.
  if (f.unitId) {
    parts.push('e.unit_id IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT u2.id FROM units u2 JOIN sub ON u2.parent_id = sub.id) SELECT id FROM sub)');
    params.push(f.unitId);
  }
  if (f.status) { parts.push('e.status = ?'); params.push(f.status); }
  if (f.grade === 'none') parts.push('e.grade IS NULL');
  else if (f.grade) { parts.push('e.grade = ?'); params.push(f.grade); }
  if (f.q) {
    parts.push("(p.code LIKE ? ESCAPE '\\' OR p.name LIKE ? ESCAPE '\\' OR (e.project_id IS NULL AND (u.code LIKE ? ESCAPE '\\' OR u.name LIKE ? ESCAPE '\\')))");
    const pat = containsPattern(f.q);
    params.push(pat, pat, pat, pat);
  }
  return { sql: parts.join(' AND '), params };
}

const FROM = 'FROM self_evaluations e JOIN units u ON u.id = e.unit_id LEFT JOIN projects p ON p.id = e.project_id';
const ORDER = 'u.code, CASE WHEN e.project_id IS NULL THEN 0 ELSE 1 END, p.code, e.id';
const EXTRAS = 'p.code AS project_code, p.name AS project_name, u.code AS unit_code, u.name AS unit_name';

/** One page of the year's evaluations (unit code, the unit's own evaluation, then projects by code). */
export function queryEvaluations(db: Db, f: EvalFilter, limit: number, offset: number): { rows: EvalListRow[]; total: number } {
  const w = evalWhere(f);
  const total = db.prepare(`SELECT count(*) ${FROM} WHERE ${w.sql}`).pluck().get(...w.params) as number;
  const rows = db.prepare(`SELECT e.*, ${EXTRAS} ${FROM} WHERE ${w.sql} ORDER BY ${ORDER} LIMIT ? OFFSET ?`).all(...w.params, limit, offset) as EvalListRow[];
  return { rows, total };
}

export function findEvalListRow(db: Db, id: string): EvalListRow | undefined {
  return db.prepare(`SELECT e.*, ${EXTRAS} ${FROM} WHERE e.id = ?`).get(id) as EvalListRow | undefined;
}
