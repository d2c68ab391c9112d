import type { Db } from '../db/connection.ts';
import type { MonitoringObjectType, WarningLevel } from '../../../shared/api/dtoMonitoring.ts';
import type { FundTag } from '../../../shared/domain/projects.ts';
import type { MonitoringDecisionRow, MonitoringRoundRow, MonitoringSheetRow, MonitoringWarningRow } from './monitoring.ts';

/**
 * The queries of the monitoring operations (services/monitoringOps.ts and the files it merges):
 * the execution import, the warning list, decisions, the forms and the summary. Rounds and
 * sheets are created and edited by services/monitoring.ts with repositories/monitoring.ts (whose
 * row types and single-row reads these operations reuse). Every whole-round or whole-year query starts from an index
 * (monitoring_rounds_year, monitoring_sheets_round_status, monitoring_warnings_round, the
 * projects UNIQUE (origin, year, code), rectifications_year_status); tests/integration/
 * monitoringOps.test.ts asserts the plans of every *_SQL below.
 */

/** The latest round of a year with the given object type (largest cut-off month, then newest). */
export const LATEST_ROUND_SQL = `
  SELECT * FROM monitoring_rounds WHERE year = @year AND object_type = @objectType
  ORDER BY month DESC, created_at DESC, id DESC LIMIT 1`;

export function latestRound(db: Db, year: number, objectType: MonitoringObjectType): MonitoringRoundRow | undefined {
  return db.prepare(LATEST_ROUND_SQL).get({ year, objectType }) as MonitoringRoundRow | undefined;
}

// ---------------------------------------------------------------- execution import

/** A project sheet of a round with the project's code and name, as the import resolves codes. */
export interface ImportTargetRow extends MonitoringSheetRow {
  code: string;
  name: string;
}

/**
 * The round's sheets of this office's projects of the round's year. A code the file names
 * must be one of these: a project of another year or office, or one without a sheet in the
 * round, is outside the round's scope.
 */
// CROSS JOIN: the round's sheets by index first, then each one's project by primary key.
export const IMPORT_TARGETS_SQL = `
  SELECT s.*, p.code AS code, p.name AS name
  FROM monitoring_sheets s CROSS JOIN projects p ON p.id = s.project_id
  WHERE s.round_id = @roundId AND p.origin = @origin AND p.year = @year`;

export function importTargets(db: Db, roundId: string, origin: string, year: number): ImportTargetRow[] {
  return db.prepare(IMPORT_TARGETS_SQL).all({ roundId, origin, year }) as ImportTargetRow[];
}

/** Codes of the office's projects of a year (an execution export lists every project, monitored or not). */
export function projectCodesOfYear(db: Db, origin: string, year: number): Set<string> {
  return new Set(db.prepare('SELECT code FROM projects WHERE origin = ? AND year = ?').pluck().all(origin, year) as string[]);
}

/** The import's update, prepared once and run for every changed sheet inside the caller's transaction. */
export function executionWriter(db: Db): (r: { id: string; executed_fen: number; executed_fiscal_fen: number | null; executed_other_fen: number | null; updated_at: string }) => void {
  const update = db.prepare(
    `UPDATE monitoring_sheets SET executed_fen = @executed_fen, executed_fiscal_fen = @executed_fiscal_fen,
       executed_other_fen = @executed_other_fen, updated_at = @updated_at, rev = rev + 1 WHERE id = @id`,
  );
  return (r) => {
    update.run(r);
  };
}

// ---------------------------------------------------------------- warnings

export interface WarningFilter {
  year: number;
  roundId?: string | undefined;
  level?: WarningLevel | undefined;
  rule?: string | undefined;
  /** The unit and every unit below it. */
  unitId?: string | undefined;
  undecidedOnly: boolean;
}

/** A warning row with what the list shows about its sheet. */
export interface WarningListRow extends MonitoringWarningRow {
  project_id: string | null;
  project_code: string | null;
  project_name: string | null;
  unit_name: string;
  decided: 0 | 1;
}

/**
 * A warning counts as decided when a decision on its sheet names the same rule and message —
 * the definition the sheet itself uses (repositories/monitoring.ts listSheetWarnings): decisions
 * copy both because warnings are replaced at every evaluation, so a decision keeps answering a
 * warning as long as re-evaluation reproduces it with the same figures, and a warning whose
 * figures changed asks for a new decision.
 */
const DECIDED = `EXISTS (SELECT 1 FROM monitoring_decisions d WHERE d.sheet_id = w.sheet_id AND d.warning_rule = w.rule AND d.warning_message = w.message)`;

// CROSS JOIN keeps rounds outer: the year's (or the one) round by index, then its warnings by
// monitoring_warnings_round, each sheet, unit and project by primary key.
const WARNING_FROM = `
  FROM monitoring_rounds r
  CROSS JOIN monitoring_warnings w ON w.round_id = r.id
  JOIN monitoring_sheets s ON s.id = w.sheet_id
  JOIN units u ON u.id = s.unit_id
  LEFT JOIN projects p ON p.id = s.project_id`;

const SUBTREE = 'WITH RECURSIVE sub(id) AS (SELECT @unitId UNION SELECT u2.id FROM units u2 JOIN sub ON u2.parent_id = sub.id) SELECT id FROM sub';

function warningWhere(f: WarningFilter): { sql: string; params: Record<string, string | number> } {
  const parts = ['r.year = @year'];
  const params: Record<string, string | number> = { year: f.year };
  if (f.roundId) { parts.push('r.id = @roundId'); params.roundId = f.roundId; }
  if (f.level) { parts.push('w.level = @level'); params.level = f.level; }
  if (f.rule) { parts.push('w.rule = @rule'); params.rule = f.rule; }
  if (f.unitId) { parts.push(`s.unit_id IN (${SUBTREE})`); params.unitId = f.unitId; }
  if (f.undecidedOnly) parts.push(`NOT ${DECIDED}`);
  return { sql: parts.join(' AND '), params };
}

/** Red before yellow, then by unit and project code, then in the profile's rule order. */
const WARNING_ORDER = "r.month DESC, r.id, CASE w.level WHEN 'red' THEN 0 ELSE 1 END, u.code, p.code, s.id, w.rule_index, w.indicator, w.id";

export function warningListSql(f: WarningFilter): { count: string; page: string; params: Record<string, string | number> } {
  const w = warningWhere(f);
  return {
    count: `SELECT count(*) ${WARNING_FROM} WHERE ${w.sql}`,
    page: `SELECT w.*, s.project_id AS project_id, p.code AS project_code, p.name AS project_name, u.name AS unit_name, ${DECIDED} AS decided
      ${WARNING_FROM} WHERE ${w.sql} ORDER BY ${WARNING_ORDER} LIMIT @limit OFFSET @offset`,
    params: w.params,
  };
}

/** The two shapes the plans test checks: every filter over a year, and one round. */
export const WARNINGS_YEAR_SQL = warningListSql({ year: 0, level: 'red', rule: 'x', unitId: 'x', undecidedOnly: true }).page;
export const WARNINGS_ROUND_SQL = warningListSql({ year: 0, roundId: 'x', undecidedOnly: false }).page;

export function listWarnings(db: Db, f: WarningFilter, limit: number, offset: number): { rows: WarningListRow[]; total: number } {
  const q = warningListSql(f);
  const total = db.prepare(q.count).pluck().get(q.params) as number;
  const rows = db.prepare(q.page).all({ ...q.params, limit, offset }) as WarningListRow[];
  return { rows, total };
}

export function findWarning(db: Db, id: string): MonitoringWarningRow | undefined {
  return db.prepare('SELECT * FROM monitoring_warnings WHERE id = ?').get(id) as MonitoringWarningRow | undefined;
}

// ---------------------------------------------------------------- decisions

export function insertDecision(db: Db, r: MonitoringDecisionRow): void {
  db.prepare(
    `INSERT INTO monitoring_decisions (id, origin, sheet_id, warning_rule, warning_message, action, amount_fen, note, decided_by, decided_at, rectification_id, created_at)
     VALUES (@id, @origin, @sheet_id, @warning_rule, @warning_message, @action, @amount_fen, @note, @decided_by, @decided_at, @rectification_id, @created_at)`,
  ).run(r);
}

/** The level-1 code of a sheet's indicator row by name (a rectification's category). */
export function indicatorLevel1(db: Db, sheetId: string, name: string): string | undefined {
  return db.prepare('SELECT level1 FROM monitoring_values WHERE sheet_id = ? AND name = ? ORDER BY seq LIMIT 1').pluck().get(sheetId, name) as string | undefined;
}

// ---------------------------------------------------------------- forms

/** A unit's sheets in a round: its 部门整体 sheet first, then its project sheets by code. */
export const UNIT_ROUND_SHEETS_SQL = `
  SELECT s.id AS id, s.project_id AS projectId, p.code AS code
  FROM monitoring_sheets s LEFT JOIN projects p ON p.id = s.project_id
  WHERE s.round_id = @roundId AND s.unit_id = @unitId
  ORDER BY s.project_id IS NOT NULL, p.code, s.id`;

export function unitRoundSheets(db: Db, roundId: string, unitId: string): { id: string; projectId: string | null; code: string | null }[] {
  return db.prepare(UNIT_ROUND_SHEETS_SQL).all({ roundId, unitId }) as { id: string; projectId: string | null; code: string | null }[];
}

// ---------------------------------------------------------------- summary (monitoring.summary)

/** The annual budget (全年预算数) of a project row in SQL, summing the three source splits. */
const ANNUAL = '(p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen)';

/**
 * Projects that should be monitored — this office's projects of the year still in the budget (not
 * cancelled, not 不予安排: the rule populateRound applies) whose goal is 已批复 or 已公开 — with
 * their sheet in the round, if any. One row per project; the
 * service sums in JavaScript (exact: integer 分 far below 2^53).
 */
// CROSS JOIN: the year's projects by index, then each one's goal sheet and round sheet by key.
export const SUMMARY_PROJECTS_SQL = `
  SELECT p.id AS id, ${ANNUAL} AS amountFen, s.id AS sheetId, s.executed_fen AS executedFen
  FROM projects p CROSS JOIN goal_sheets g ON g.project_id = p.id AND g.status IN ('approved', 'published')
  LEFT JOIN monitoring_sheets s ON s.round_id = @roundId AND s.project_id = p.id
  WHERE p.origin = @origin AND p.year = @year AND p.status NOT IN ('cancelled', 'notFunded')`;

export interface SummaryProjectRow {
  id: string;
  amountFen: number;
  sheetId: string | null;
  executedFen: number | null;
}

export function summaryProjects(db: Db, origin: string, year: number, roundId: string): SummaryProjectRow[] {
  return db.prepare(SUMMARY_PROJECTS_SQL).all({ origin, year, roundId }) as SummaryProjectRow[];
}

/** Fund tags of this office's projects of the year. */
export const SUMMARY_TAGS_SQL = `
  SELECT t.project_id AS projectId, t.tag AS tag
  FROM projects p CROSS JOIN project_tags t ON t.project_id = p.id
  WHERE p.origin = @origin AND p.year = @year`;

export function summaryTags(db: Db, origin: string, year: number): { projectId: string; tag: FundTag }[] {
  return db.prepare(SUMMARY_TAGS_SQL).all({ origin, year }) as { projectId: string; tag: FundTag }[];
}

/**
 * Units that should be monitored (this office's active units whose 部门整体 goal is approved or
 * published) and whether each has a sheet in any 部门整体 round of the year.
 */
export const SUMMARY_UNITS_SQL = `
  SELECT count(*) AS total, coalesce(sum(EXISTS (
    SELECT 1 FROM monitoring_rounds r CROSS JOIN monitoring_sheets s ON s.round_id = r.id AND s.unit_id = u.id AND s.project_id IS NULL
    WHERE r.year = @year AND r.object_type = 'unitOverall')), 0) AS monitored
  FROM units u
  CROSS JOIN goal_sheets g ON g.origin = u.origin AND g.year = @year AND g.unit_id = u.id
    AND g.owner_type = 'unitOverall' AND g.status IN ('approved', 'published')
  WHERE u.origin = @origin AND u.active = 1`;

export function summaryUnits(db: Db, origin: string, year: number): { total: number; monitored: number } {
  return db.prepare(SUMMARY_UNITS_SQL).get({ origin, year }) as { total: number; monitored: number };
}

/** The round's sheets summed per unit (the service rolls units up to their 主管部门). */
export const SUMMARY_SHEETS_BY_UNIT_SQL = `
  SELECT s.unit_id AS unitId, sum(s.annual_budget_fen) AS annualBudgetFen, sum(coalesce(s.executed_fen, 0)) AS executedFen,
         sum(s.warning_level = 'yellow') AS yellow, sum(s.warning_level = 'red') AS red
  FROM monitoring_sheets s WHERE s.round_id = @roundId GROUP BY s.unit_id`;

export function summarySheetsByUnit(db: Db, roundId: string): { unitId: string; annualBudgetFen: number; executedFen: number; yellow: number; red: number }[] {
  return db.prepare(SUMMARY_SHEETS_BY_UNIT_SQL).all({ roundId }) as { unitId: string; annualBudgetFen: number; executedFen: number; yellow: number; red: number }[];
}

export const SUMMARY_WARNINGS_SQL = `
  SELECT w.rule AS rule, w.level AS level, count(*) AS count FROM monitoring_warnings w WHERE w.round_id = @roundId GROUP BY w.rule, w.level`;

export function summaryWarnings(db: Db, roundId: string): { rule: string; level: WarningLevel; count: number }[] {
  return db.prepare(SUMMARY_WARNINGS_SQL).all({ roundId }) as { rule: string; level: WarningLevel; count: number }[];
}

// CROSS JOIN: the round's sheets by index, then each one's decisions by monitoring_decisions_sheet.
export const SUMMARY_DECISIONS_SQL = `
  SELECT d.action AS action, count(*) AS count, coalesce(sum(d.amount_fen), 0) AS amountFen
  FROM monitoring_sheets s CROSS JOIN monitoring_decisions d ON d.sheet_id = s.id
  WHERE s.round_id = @roundId GROUP BY d.action`;

export function summaryDecisions(db: Db, roundId: string): { action: string; count: number; amountFen: number }[] {
  return db.prepare(SUMMARY_DECISIONS_SQL).all({ roundId }) as { action: string; count: number; amountFen: number }[];
}
