import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection.ts';
import type {
  Likelihood, MonitoringKind, MonitoringObjectType, MonitoringSheetStatus, ProgressLight, WarningLevel,
} from '../../../shared/api/dtoMonitoring.ts';
import type { BudgetType } from '../../../shared/domain/projects.ts';
import type { Level1Code, Level2Code, Operator } from '../../../shared/domain/indicators.ts';
import type { GoalIndicatorRow } from './goals.ts';
import { containsPattern } from './library.ts';

/**
 * SQL of 绩效运行监控 (rounds, sheets, indicator progress rows, history, warnings) and the reads of
 * decisions. Populate, the execution import and confirmKey touch thousands of sheets in one
 * transaction, so the statements used per sheet are prepared once per connection (`stmt`).
 */

const cache = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, reused for the life of the connection. */
function stmt(db: Db, sql: string): Statement {
  let byText = cache.get(db);
  if (!byText) {
    byText = new Map();
    cache.set(db, byText);
  }
  let s = byText.get(sql);
  if (!s) {
    s = db.prepare(sql);
    byText.set(sql, s);
  }
  return s;
}

/** Goal sheets a monitoring sheet may be built from (批复 or 公开). */
export const MONITORABLE_GOAL_STATUSES = "('approved','published')";
/** Projects that are out of the budget: never monitored, never summed into a unit's money block. */
const OUT_OF_BUDGET = "('cancelled','notFunded')";

// ---------------------------------------------------------------- rounds

export interface MonitoringRoundRow {
  id: string;
  origin: string;
  year: number;
  month: number;
  object_type: MonitoringObjectType;
  kind: MonitoringKind;
  title: string;
  issued_on: string;
  due_on: string;
  status: 'open' | 'closed';
  profile_id: string;
  profile_version: number;
  created_at: string;
  updated_at: string;
  rev: number;
}

/** A year's rounds, of every office or (origin given) of one office only. */
export function listRounds(db: Db, year: number, origin?: string): MonitoringRoundRow[] {
  const byOrigin = origin ? ' AND origin = ?' : '';
  return db.prepare(`SELECT * FROM monitoring_rounds WHERE year = ?${byOrigin} ORDER BY month, CASE object_type WHEN 'project' THEN 0 ELSE 1 END, kind DESC, created_at, rowid`)
    .all(...(origin ? [year, origin] : [year])) as MonitoringRoundRow[];
}

export function findRound(db: Db, id: string): MonitoringRoundRow | undefined {
  return stmt(db, 'SELECT * FROM monitoring_rounds WHERE id = ?').get(id) as MonitoringRoundRow | undefined;
}

export function findRoundByKey(db: Db, origin: string, year: number, month: number, objectType: MonitoringObjectType, kind: MonitoringKind): MonitoringRoundRow | undefined {
  return db.prepare('SELECT * FROM monitoring_rounds WHERE origin = ? AND year = ? AND month = ? AND object_type = ? AND kind = ?')
    .get(origin, year, month, objectType, kind) as MonitoringRoundRow | undefined;
}

export function insertRound(db: Db, r: Omit<MonitoringRoundRow, 'rev'>): void {
  db.prepare(
    `INSERT INTO monitoring_rounds (id, origin, year, month, object_type, kind, title, issued_on, due_on, status, profile_id, profile_version, created_at, updated_at)
     VALUES (@id, @origin, @year, @month, @object_type, @kind, @title, @issued_on, @due_on, @status, @profile_id, @profile_version, @created_at, @updated_at)`,
  ).run(r);
}

export function saveRound(db: Db, r: Pick<MonitoringRoundRow, 'id' | 'title' | 'issued_on' | 'due_on' | 'status' | 'updated_at'>): void {
  db.prepare('UPDATE monitoring_rounds SET title = @title, issued_on = @issued_on, due_on = @due_on, status = @status, updated_at = @updated_at, rev = rev + 1 WHERE id = @id').run(r);
}

export interface RoundCountsRow {
  round_id: string;
  total: number;
  draft: number;
  submitted: number;
  returned: number;
  accepted: number;
  yellow: number;
  red: number;
  key_selected: number;
}

/** Sheets per round by status and warning level (one grouped query over the round's index). */
export function roundCounts(db: Db, roundId: string): RoundCountsRow {
  const row = stmt(db, `
    SELECT ? AS round_id, count(*) AS total,
      coalesce(sum(status = 'draft'), 0) AS draft, coalesce(sum(status = 'submitted'), 0) AS submitted,
      coalesce(sum(status = 'returned'), 0) AS returned, coalesce(sum(status = 'accepted'), 0) AS accepted,
      coalesce(sum(warning_level = 'yellow'), 0) AS yellow, coalesce(sum(warning_level = 'red'), 0) AS red,
      coalesce(sum(key_selected), 0) AS key_selected
    FROM monitoring_sheets WHERE round_id = ?`).get(roundId, roundId) as RoundCountsRow;
  return row;
}

/**
 * Objects of the round's year that could be monitored (own, approved or published goal, still in
 * the budget) and have no sheet in the round yet. A 重点监控 round holds only the projects chosen
 * for it, so nothing is "missing" there.
 */
export function countMissing(db: Db, round: Pick<MonitoringRoundRow, 'id' | 'origin' | 'year' | 'object_type' | 'kind'>): number {
  if (round.kind === 'key') return 0;
  if (round.object_type === 'project') {
    return stmt(db, `
      SELECT count(*) FROM goal_sheets g JOIN projects p ON p.id = g.project_id
      WHERE g.origin = ? AND g.year = ? AND g.owner_type = 'project' AND g.status IN ${MONITORABLE_GOAL_STATUSES} AND p.status NOT IN ${OUT_OF_BUDGET}
        AND NOT EXISTS (SELECT 1 FROM monitoring_sheets s WHERE s.round_id = ? AND s.project_id = g.project_id)`)
      .pluck().get(round.origin, round.year, round.id) as number;
  }
  return stmt(db, `
    SELECT count(*) FROM goal_sheets g
    WHERE g.origin = ? AND g.year = ? AND g.owner_type = 'unitOverall' AND g.status IN ${MONITORABLE_GOAL_STATUSES}
      AND NOT EXISTS (SELECT 1 FROM monitoring_sheets s WHERE s.round_id = ? AND s.unit_id = g.unit_id AND s.project_id IS NULL)`)
    .pluck().get(round.origin, round.year, round.id) as number;
}

// ---------------------------------------------------------------- sheets

export interface MonitoringSheetRow {
  id: string;
  origin: string;
  round_id: string;
  project_id: string | null;
  unit_id: string;
  goal_sheet_id: string | null;
  status: MonitoringSheetStatus;
  initial_budget_fen: number;
  annual_budget_fen: number;
  fiscal_budget_fen: number;
  other_budget_fen: number;
  executed_fen: number | null;
  executed_fiscal_fen: number | null;
  executed_other_fen: number | null;
  expected_full_year_fen: number | null;
  goal_progress: string;
  expected_goal: string;
  key_selected: 0 | 1;
  execution_rate: number | null;
  time_progress: number | null;
  target_progress: number | null;
  warning_level: WarningLevel | null;
  profile_id: string | null;
  profile_version: number | null;
  evaluated_at: string | null;
  created_at: string;
  updated_at: string;
  rev: number;
}

export function findMonitoringSheet(db: Db, id: string): MonitoringSheetRow | undefined {
  return stmt(db, 'SELECT * FROM monitoring_sheets WHERE id = ?').get(id) as MonitoringSheetRow | undefined;
}

/** The new sheet's row: everything a pre-fill sets; the computed columns start empty. */
export type NewSheetRow = Pick<
  MonitoringSheetRow,
  'id' | 'origin' | 'round_id' | 'project_id' | 'unit_id' | 'goal_sheet_id' | 'initial_budget_fen' | 'annual_budget_fen' | 'fiscal_budget_fen'
  | 'other_budget_fen' | 'key_selected' | 'created_at' | 'updated_at'
>;

export function insertMonitoringSheet(db: Db, r: NewSheetRow): void {
  stmt(db, `
    INSERT INTO monitoring_sheets (id, origin, round_id, project_id, unit_id, goal_sheet_id, initial_budget_fen, annual_budget_fen, fiscal_budget_fen,
      other_budget_fen, key_selected, created_at, updated_at)
    VALUES (@id, @origin, @round_id, @project_id, @unit_id, @goal_sheet_id, @initial_budget_fen, @annual_budget_fen, @fiscal_budget_fen,
      @other_budget_fen, @key_selected, @created_at, @updated_at)`).run(r);
}

/** Writes what the entry form edits and the workflow status, and bumps the revision. */
export function saveMonitoringSheet(db: Db, r: MonitoringSheetRow): void {
  stmt(db, `
    UPDATE monitoring_sheets SET status = @status, executed_fen = @executed_fen, executed_fiscal_fen = @executed_fiscal_fen,
      executed_other_fen = @executed_other_fen, expected_full_year_fen = @expected_full_year_fen, goal_progress = @goal_progress,
      expected_goal = @expected_goal, key_selected = @key_selected, updated_at = @updated_at, rev = rev + 1
    WHERE id = @id`).run(r);
}

export type SheetEvaluation = Pick<
  MonitoringSheetRow,
  'id' | 'execution_rate' | 'time_progress' | 'target_progress' | 'warning_level' | 'key_selected' | 'profile_id' | 'profile_version' | 'evaluated_at'
>;

/** Stores the engine's figures. Derived state only, so the revision is left alone. */
export function saveEvaluation(db: Db, e: SheetEvaluation): void {
  stmt(db, `
    UPDATE monitoring_sheets SET execution_rate = @execution_rate, time_progress = @time_progress, target_progress = @target_progress,
      warning_level = @warning_level, key_selected = @key_selected, profile_id = @profile_id, profile_version = @profile_version,
      evaluated_at = @evaluated_at
    WHERE id = @id`).run(e);
}

/** Removes a sheet with its rows (only sheets without data or decisions are ever removed). */
export function deleteMonitoringSheet(db: Db, id: string): void {
  stmt(db, 'DELETE FROM monitoring_values WHERE sheet_id = ?').run(id);
  stmt(db, 'DELETE FROM monitoring_warnings WHERE sheet_id = ?').run(id);
  stmt(db, 'DELETE FROM monitoring_events WHERE sheet_id = ?').run(id);
  stmt(db, 'DELETE FROM monitoring_sheets WHERE id = ?').run(id);
}

/** Whether anything was entered on a sheet or done with it (then it is never removed silently). */
export function sheetHasData(db: Db, id: string): boolean {
  return stmt(db, `
    SELECT EXISTS (SELECT 1 FROM monitoring_sheets s WHERE s.id = ? AND (
      s.status <> 'draft' OR s.executed_fen IS NOT NULL OR s.executed_fiscal_fen IS NOT NULL OR s.executed_other_fen IS NOT NULL
      OR s.expected_full_year_fen IS NOT NULL OR s.goal_progress <> '' OR s.expected_goal <> ''
      OR EXISTS (SELECT 1 FROM monitoring_values v WHERE v.sheet_id = s.id AND (v.actual_text <> '' OR v.expected_text <> ''
        OR v.progress IS NOT NULL OR v.causes <> '[]' OR v.cause_note <> '' OR v.likelihood IS NOT NULL OR v.measure <> ''))
      OR EXISTS (SELECT 1 FROM monitoring_events e WHERE e.sheet_id = s.id)
      OR EXISTS (SELECT 1 FROM monitoring_decisions d WHERE d.sheet_id = s.id)))`).pluck().get(id) === 1;
}

export function roundSheets(db: Db, roundId: string): MonitoringSheetRow[] {
  return db.prepare('SELECT * FROM monitoring_sheets WHERE round_id = ?').all(roundId) as MonitoringSheetRow[];
}

// ---------------------------------------------------------------- indicator progress rows

export interface MonitoringValueRow {
  sheet_id: string;
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
  actual_value: number | null;
  actual_text: string;
  expected_value: number | null;
  expected_text: string;
  progress: ProgressLight | null;
  /** JSON array of cause codes. */
  causes: string;
  cause_note: string;
  likelihood: Likelihood | null;
  measure: string;
}

export function listValues(db: Db, sheetId: string): MonitoringValueRow[] {
  return stmt(db, 'SELECT * FROM monitoring_values WHERE sheet_id = ? ORDER BY seq').all(sheetId) as MonitoringValueRow[];
}

/** Copies the goal's indicators into a new sheet (name and target copied, the link kept). */
export function insertPrefilledValues(db: Db, sheetId: string, indicators: readonly GoalIndicatorRow[]): void {
  const ins = stmt(db, `
    INSERT INTO monitoring_values (sheet_id, seq, indicator_id, level1, level2, name, value_type, operator, target_value, target_text, unit)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const i of indicators) ins.run(sheetId, i.seq, i.id, i.level1, i.level2, i.name, i.value_type, i.operator, i.target_value, i.target_text, i.unit);
}

/** Writes the entered columns of one row. */
export function saveValue(db: Db, v: MonitoringValueRow): void {
  stmt(db, `
    UPDATE monitoring_values SET actual_value = @actual_value, actual_text = @actual_text, expected_value = @expected_value,
      expected_text = @expected_text, progress = @progress, causes = @causes, cause_note = @cause_note, likelihood = @likelihood, measure = @measure
    WHERE sheet_id = @sheet_id AND seq = @seq`).run(v);
}

/** Every cause code stored on any row (a code in use is never deleted from the dictionary). */
export function causesInUse(db: Db): Set<string> {
  return new Set(db.prepare("SELECT DISTINCT j.value FROM monitoring_values v, json_each(v.causes) j WHERE v.causes <> '[]'").pluck().all() as string[]);
}

// ---------------------------------------------------------------- history

export interface MonitoringEventRow {
  id: string;
  sheet_id: string;
  at: string;
  username: string;
  action: string;
  from_status: MonitoringSheetStatus;
  to_status: MonitoringSheetStatus;
  comment: string;
}

export function insertMonitoringEvent(db: Db, e: MonitoringEventRow): void {
  stmt(db, `INSERT INTO monitoring_events (id, sheet_id, at, username, action, from_status, to_status, comment)
    VALUES (@id, @sheet_id, @at, @username, @action, @from_status, @to_status, @comment)`).run(e);
}

export function listMonitoringEvents(db: Db, sheetId: string): MonitoringEventRow[] {
  return stmt(db, 'SELECT * FROM monitoring_events WHERE sheet_id = ? ORDER BY at, rowid').all(sheetId) as MonitoringEventRow[];
}

// ---------------------------------------------------------------- warnings and decisions

export interface MonitoringWarningRow {
  id: string;
  origin: string;
  sheet_id: string;
  round_id: string;
  rule: string;
  rule_index: number;
  level: WarningLevel;
  indicator: string | null;
  message: string;
  /** JSON object of the figures. */
  numbers: string;
  /** JSON array of decision action codes. */
  suggested_actions: string;
  profile_id: string;
  profile_version: number;
  created_at: string;
}

/**
 * A warning counts as handled when a decision on its sheet names the same rule and message
 * (decisions copy both, because warnings are replaced at every evaluation).
 */
const DECIDED = `EXISTS (SELECT 1 FROM monitoring_decisions d WHERE d.sheet_id = w.sheet_id AND d.warning_rule = w.rule AND d.warning_message = w.message)`;

export function listSheetWarnings(db: Db, sheetId: string): (MonitoringWarningRow & { decided: 0 | 1 })[] {
  return stmt(db, `SELECT w.*, ${DECIDED} AS decided FROM monitoring_warnings w WHERE w.sheet_id = ? ORDER BY w.rule_index, w.rowid`)
    .all(sheetId) as (MonitoringWarningRow & { decided: 0 | 1 })[];
}

export function replaceWarnings(db: Db, sheetId: string, rows: readonly MonitoringWarningRow[]): void {
  stmt(db, 'DELETE FROM monitoring_warnings WHERE sheet_id = ?').run(sheetId);
  const ins = stmt(db, `
    INSERT INTO monitoring_warnings (id, origin, sheet_id, round_id, rule, rule_index, level, indicator, message, numbers, suggested_actions,
      profile_id, profile_version, created_at)
    VALUES (@id, @origin, @sheet_id, @round_id, @rule, @rule_index, @level, @indicator, @message, @numbers, @suggested_actions,
      @profile_id, @profile_version, @created_at)`);
  for (const r of rows) ins.run(r);
}

export interface MonitoringDecisionRow {
  id: string;
  origin: string;
  sheet_id: string;
  warning_rule: string | null;
  warning_message: string | null;
  action: string;
  amount_fen: number | null;
  note: string;
  decided_by: string;
  decided_at: string;
  rectification_id: string | null;
  created_at: string;
}

export function listDecisions(db: Db, sheetId: string): MonitoringDecisionRow[] {
  return stmt(db, 'SELECT * FROM monitoring_decisions WHERE sheet_id = ? ORDER BY decided_at, rowid').all(sheetId) as MonitoringDecisionRow[];
}

// ---------------------------------------------------------------- pre-fill sources

/** A project that gets a sheet: its money and its monitorable goal sheet. */
export interface PrefillProjectRow {
  project_id: string;
  unit_id: string;
  goal_sheet_id: string;
  initial_fen: number;
  annual_fen: number;
  fiscal_fen: number;
  other_fen: number;
}

const PROJECT_MONEY = `p.id AS project_id, p.unit_id AS unit_id, g.id AS goal_sheet_id,
  p.initial_fiscal_fen + p.initial_carryover_fen + p.initial_other_fen AS initial_fen,
  p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen AS annual_fen,
  p.annual_fiscal_fen AS fiscal_fen, p.annual_carryover_fen + p.annual_other_fen AS other_fen`;

/** Own projects of the year with an approved or published goal and no sheet in the round. */
export function projectsToPopulate(db: Db, origin: string, year: number, roundId: string): PrefillProjectRow[] {
  return db.prepare(`
    SELECT ${PROJECT_MONEY}
    FROM goal_sheets g JOIN projects p ON p.id = g.project_id
    WHERE g.origin = ? AND g.year = ? AND g.owner_type = 'project' AND g.status IN ${MONITORABLE_GOAL_STATUSES} AND p.status NOT IN ${OUT_OF_BUDGET}
      AND p.origin = g.origin
      AND NOT EXISTS (SELECT 1 FROM monitoring_sheets s WHERE s.round_id = ? AND s.project_id = p.id)
    ORDER BY p.code`).all(origin, year, roundId) as PrefillProjectRow[];
}

/** A project chosen for 重点监控: the pre-fill figures, and what a refusal needs to say why. */
export interface KeyProjectRow extends Omit<PrefillProjectRow, 'goal_sheet_id'> {
  goal_sheet_id: string | null;
  code: string;
  name: string;
  origin: string;
  year: number;
  project_status: string;
  goal_status: string | null;
}

/** The same figures for chosen projects (confirmKey), with the goal status so refusals can say why. */
export function projectsForKey(db: Db, projectIds: readonly string[]): KeyProjectRow[] {
  if (projectIds.length === 0) return [];
  return db.prepare(`
    SELECT p.id AS project_id, p.unit_id AS unit_id, g.id AS goal_sheet_id,
      p.initial_fiscal_fen + p.initial_carryover_fen + p.initial_other_fen AS initial_fen,
      p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen AS annual_fen,
      p.annual_fiscal_fen AS fiscal_fen, p.annual_carryover_fen + p.annual_other_fen AS other_fen,
      p.code AS code, p.name AS name, p.origin AS origin, p.year AS year, p.status AS project_status, g.status AS goal_status
    FROM json_each(?) j JOIN projects p ON p.id = j.value LEFT JOIN goal_sheets g ON g.project_id = p.id
    ORDER BY p.code`).all(JSON.stringify(projectIds)) as KeyProjectRow[];
}

/** A unit's 部门整体 goal sheet that gets a sheet, with the unit's project money summed. */
export interface PrefillUnitRow {
  unit_id: string;
  goal_sheet_id: string;
  initial_fen: number;
  annual_fen: number;
  fiscal_fen: number;
  other_fen: number;
}

/**
 * Own unit-overall goal sheets of the year (approved or published) with no sheet in the round;
 * the money block is the sum of the unit's own projects of the year that are still in the budget.
 */
export function unitsToPopulate(db: Db, origin: string, year: number, roundId: string): PrefillUnitRow[] {
  return db.prepare(`
    SELECT g.unit_id AS unit_id, g.id AS goal_sheet_id,
      coalesce(m.initial_fen, 0) AS initial_fen, coalesce(m.annual_fen, 0) AS annual_fen, coalesce(m.fiscal_fen, 0) AS fiscal_fen, coalesce(m.other_fen, 0) AS other_fen
    FROM goal_sheets g
    JOIN units u ON u.id = g.unit_id
    LEFT JOIN (
      SELECT p.unit_id AS unit_id,
        sum(p.initial_fiscal_fen + p.initial_carryover_fen + p.initial_other_fen) AS initial_fen,
        sum(p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen) AS annual_fen,
        sum(p.annual_fiscal_fen) AS fiscal_fen, sum(p.annual_carryover_fen + p.annual_other_fen) AS other_fen
      FROM projects p WHERE p.origin = @origin AND p.year = @year AND p.status NOT IN ${OUT_OF_BUDGET}
      GROUP BY p.unit_id
    ) m ON m.unit_id = g.unit_id
    WHERE g.origin = @origin AND g.year = @year AND g.owner_type = 'unitOverall' AND g.status IN ${MONITORABLE_GOAL_STATUSES}
      AND NOT EXISTS (SELECT 1 FROM monitoring_sheets s WHERE s.round_id = @roundId AND s.unit_id = g.unit_id AND s.project_id IS NULL)
    ORDER BY u.code`).all({ origin, year, roundId }) as PrefillUnitRow[];
}

/** Indicators of the given goal sheets, grouped by sheet, in order. */
export function indicatorsOfGoalSheets(db: Db, goalSheetIds: readonly string[]): Map<string, GoalIndicatorRow[]> {
  const out = new Map<string, GoalIndicatorRow[]>();
  if (goalSheetIds.length === 0) return out;
  const rows = db.prepare('SELECT i.* FROM json_each(?) j JOIN goal_indicators i ON i.sheet_id = j.value ORDER BY i.sheet_id, i.seq')
    .all(JSON.stringify(goalSheetIds)) as GoalIndicatorRow[];
  for (const r of rows) {
    const list = out.get(r.sheet_id);
    if (list) list.push(r);
    else out.set(r.sheet_id, [r]);
  }
  return out;
}

// ---------------------------------------------------------------- key selection

/**
 * For each project of the year, its latest sheet with an execution figure in a 自行监控 project
 * round of the same origin with cut-off month ≤ `month` (latest = highest month, then newest round).
 */
export interface LatestExecutionRow {
  project_id: string;
  code: string;
  name: string;
  unit_name: string;
  initial_fen: number;
  annual_fen: number;
  executed_fen: number;
  month: number;
}

export function latestSelfExecutions(db: Db, origin: string, year: number, month: number): LatestExecutionRow[] {
  return db.prepare(`
    WITH ranked AS (
      SELECT s.project_id AS project_id, s.executed_fen AS executed_fen, r.month AS month,
        row_number() OVER (PARTITION BY s.project_id ORDER BY r.month DESC, r.created_at DESC, r.id DESC) AS n
      FROM monitoring_rounds r JOIN monitoring_sheets s ON s.round_id = r.id
      WHERE r.origin = ? AND r.year = ? AND r.kind = 'self' AND r.object_type = 'project' AND r.month <= ?
        AND s.project_id IS NOT NULL AND s.executed_fen IS NOT NULL
    )
    SELECT k.project_id, p.code, p.name, coalesce(u.name, '') AS unit_name,
      p.initial_fiscal_fen + p.initial_carryover_fen + p.initial_other_fen AS initial_fen,
      p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen AS annual_fen,
      k.executed_fen, k.month
    FROM ranked k JOIN projects p ON p.id = k.project_id LEFT JOIN units u ON u.id = p.unit_id
    WHERE k.n = 1 AND p.status NOT IN ${OUT_OF_BUDGET}
    ORDER BY p.code`).all(origin, year, month) as LatestExecutionRow[];
}

/** A project's identity and money for the candidate list (selected projects without execution data). */
export function projectBrief(db: Db, projectId: string): Omit<LatestExecutionRow, 'executed_fen' | 'month'> | undefined {
  return db.prepare(`
    SELECT p.id AS project_id, p.code, p.name, coalesce(u.name, '') AS unit_name,
      p.initial_fiscal_fen + p.initial_carryover_fen + p.initial_other_fen AS initial_fen,
      p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen AS annual_fen
    FROM projects p LEFT JOIN units u ON u.id = p.unit_id WHERE p.id = ?`).get(projectId) as Omit<LatestExecutionRow, 'executed_fen' | 'month'> | undefined;
}

// ---------------------------------------------------------------- the sheet list

export interface SheetFilter {
  roundId: string;
  unitId?: string | undefined;
  status?: MonitoringSheetStatus | undefined;
  level?: WarningLevel | 'none' | undefined;
  keyOnly: boolean;
  q: string;
}

/** A list row: the sheet plus what the list shows from projects, units, tags and warnings. */
export interface SheetListRow extends MonitoringSheetRow {
  project_code: string | null;
  project_name: string | null;
  budget_type: BudgetType | null;
  unit_code: string;
  unit_name: string;
  warning_count: number;
  /** Comma-separated fund tags. */
  tags: string | null;
}

function sheetWhere(f: SheetFilter): { sql: string; params: (string | number)[] } {
  const parts = ['s.round_id = ?'];
  const params: (string | number)[] = [f.roundId];
  // A 主管部门 brings its primary and secondary units' sheets with it.
  if (f.unitId) {
    parts.push('s.unit_id IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT u2.id FROM units u2 JOIN sub ON u2.parent_id = sub.id) SELECT id FROM sub)');
    params.push(f.unitId);
  }
  if (f.status) { parts.push('s.status = ?'); params.push(f.status); }
  if (f.level === 'none') parts.push('s.warning_level IS NULL');
  else if (f.level) { parts.push('s.warning_level = ?'); params.push(f.level); }
  if (f.keyOnly) parts.push('s.key_selected = 1');
  if (f.q) {
    parts.push("(p.code LIKE ? ESCAPE '\\' OR p.name LIKE ? ESCAPE '\\' OR (s.project_id IS NULL AND (u.code LIKE ? ESCAPE '\\' OR u.name LIKE ? ESCAPE '\\')))");
    const pat = containsPattern(f.q);
    params.push(pat, pat, pat, pat);
  }
  return { sql: parts.join(' AND '), params };
}

const SHEET_ORDER = "u.code, CASE WHEN s.project_id IS NULL THEN 0 ELSE 1 END, p.code, s.id";

const SHEET_EXTRAS = `p.code AS project_code, p.name AS project_name, p.budget_type AS budget_type, u.code AS unit_code, u.name AS unit_name,
  (SELECT count(*) FROM monitoring_warnings w WHERE w.sheet_id = s.id) AS warning_count,
  (SELECT group_concat(t.tag, ',') FROM (SELECT tag FROM project_tags WHERE project_id = s.project_id ORDER BY tag) t) AS tags`;

/**
 * One page of a round's sheets (unit code, then the unit's own sheet, then project code). The
 * page's ids are chosen first; only those rows get their warning count and tags. limit -1 = all.
 */
export function querySheets(db: Db, f: SheetFilter, limit: number, offset: number): { rows: SheetListRow[]; total: number } {
  const w = sheetWhere(f);
  const from = 'FROM monitoring_sheets s JOIN units u ON u.id = s.unit_id LEFT JOIN projects p ON p.id = s.project_id';
  const total = db.prepare(`SELECT count(*) ${from} WHERE ${w.sql}`).pluck().get(...w.params) as number;
  const rows = db.prepare(`
    WITH page AS MATERIALIZED (SELECT s.id AS id ${from} WHERE ${w.sql} ORDER BY ${SHEET_ORDER} LIMIT ? OFFSET ?)
    SELECT s.*, ${SHEET_EXTRAS}
    FROM page JOIN monitoring_sheets s ON s.id = page.id JOIN units u ON u.id = s.unit_id LEFT JOIN projects p ON p.id = s.project_id
    ORDER BY ${SHEET_ORDER}`).all(...w.params, limit, offset) as SheetListRow[];
  return { rows, total };
}

export function findSheetListRow(db: Db, id: string): SheetListRow | undefined {
  return stmt(db, `
    SELECT s.*, ${SHEET_EXTRAS}
    FROM monitoring_sheets s JOIN units u ON u.id = s.unit_id LEFT JOIN projects p ON p.id = s.project_id
    WHERE s.id = ?`).get(id) as SheetListRow | undefined;
}
