import type { Db } from '../db/connection.ts';
import type { GoalStatus } from '../../../shared/api/dtoGoals.ts';
import type { BudgetType, FundTag, ProjectAttribute } from '../../../shared/domain/projects.ts';
import type { ExAnteConclusion } from '../../../shared/domain/ruleProfile.ts';
import type { GoalIndicatorRow, GoalSheetRow } from './goals.ts';
import type { ProjectRow } from './projects.ts';

/**
 * Whole-year queries: the coverage summary (stats.coverage), the official goal forms and the goal
 * import (its reads and its bulk writer), which must not issue one query or one prepare per
 * project for 5,000 projects. Every query starts from an index on (origin, year), (year, unit_id)
 * or a key; tests/integration/coverage.test.ts asserts the plans of every *_SQL below (no full
 * scan of projects, goal_sheets or goal_indicators).
 */

/** The annual budget (全年预算数) of a project row in SQL, summing the three source splits. */
const ANNUAL = '(p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen)';

/**
 * Which projects the coverage counts: this office's projects of the year, except cancelled
 * ones (a cancelled project is no longer part of the budget). Not-funded projects stay in,
 * so a 差 review shows as an uncovered project instead of silently shrinking the total.
 */
const PROJECT_SCOPE = "p.origin = @origin AND p.year = @year AND p.status <> 'cancelled'";

// ---------------------------------------------------------------- coverage (stats.coverage)

/** Projects grouped by budget type, mid-year flag and goal status; amounts in 分. */
export interface CoverageGroupRow {
  budgetType: BudgetType;
  midYear: 0 | 1;
  goalStatus: GoalStatus | 'none';
  n: number;
  amountFen: number;
}

export const COVERAGE_GROUPS_SQL = `
  SELECT p.budget_type AS budgetType, p.mid_year_addition AS midYear, COALESCE(g.status, 'none') AS goalStatus,
         count(*) AS n, sum(${ANNUAL}) AS amountFen
  FROM projects p LEFT JOIN goal_sheets g ON g.project_id = p.id
  WHERE ${PROJECT_SCOPE}
  GROUP BY 1, 2, 3`;

export function coverageGroups(db: Db, origin: string, year: number): CoverageGroupRow[] {
  // sum() over INTEGER columns stays an exact integer in SQLite (it raises on overflow).
  return db.prepare(COVERAGE_GROUPS_SQL).all({ origin, year }) as CoverageGroupRow[];
}

/** Projects grouped by fund tag and goal status: a project counts once under each of its tags. */
export interface CoverageTagRow {
  tag: FundTag;
  goalStatus: GoalStatus | 'none';
  n: number;
  amountFen: number;
}

// CROSS JOIN keeps projects as the outer loop (SQLite does not reorder it), so the year's
// projects are found by index and their tags by primary key, never a scan of every year's tags.
export const COVERAGE_TAGS_SQL = `
  SELECT t.tag AS tag, COALESCE(g.status, 'none') AS goalStatus, count(*) AS n, sum(${ANNUAL}) AS amountFen
  FROM projects p CROSS JOIN project_tags t ON t.project_id = p.id
  LEFT JOIN goal_sheets g ON g.project_id = p.id
  WHERE ${PROJECT_SCOPE}
  GROUP BY 1, 2`;

export function coverageTags(db: Db, origin: string, year: number): CoverageTagRow[] {
  return db.prepare(COVERAGE_TAGS_SQL).all({ origin, year }) as CoverageTagRow[];
}

/** What exAnteRequired needs per project, with its latest assessment (newest row, as the project list reads it). */
export interface ExAnteFactRow {
  attribute: ProjectAttribute;
  newMajor: 0 | 1;
  annualTotalFen: number;
  exAnteStatus: 'draft' | 'completed' | null;
  conclusion: ExAnteConclusion | null;
}

export const EX_ANTE_FACTS_SQL = `
  SELECT p.attribute AS attribute, p.new_major AS newMajor, ${ANNUAL} AS annualTotalFen,
         e.status AS exAnteStatus, e.conclusion AS conclusion
  FROM projects p
  LEFT JOIN ex_ante_assessments e ON e.id = (
    SELECT x.id FROM ex_ante_assessments x WHERE x.project_id = p.id ORDER BY x.created_at DESC, x.rowid DESC LIMIT 1)
  WHERE ${PROJECT_SCOPE}`;

export function exAnteFacts(db: Db, origin: string, year: number): ExAnteFactRow[] {
  return db.prepare(EX_ANTE_FACTS_SQL).all({ origin, year }) as ExAnteFactRow[];
}

/**
 * Units for coverage: this office's active units; a unit is covered when its 部门整体 goal
 * sheet of the year is approved or published. (Whether a unit has projects does not matter:
 * every budget unit owes an overall goal.)
 */
export const UNIT_COVERAGE_SQL = `
  SELECT count(*) AS count, count(g.id) AS covered
  FROM units u
  LEFT JOIN goal_sheets g ON g.origin = u.origin AND g.year = @year AND g.unit_id = u.id
    AND g.owner_type = 'unitOverall' AND g.status IN ('approved', 'published')
  WHERE u.origin = @origin AND u.active = 1`;

export function unitCoverage(db: Db, origin: string, year: number): { count: number; covered: number } {
  return db.prepare(UNIT_COVERAGE_SQL).get({ origin, year }) as { count: number; covered: number };
}

// ---------------------------------------------------------------- official forms (goals.exportForm, goals.exportUnitBatch)

/** A unit's projects of the year that have a goal sheet, by project code (the batch workbook's order). */
// CROSS JOIN: the unit's projects by index first, then each one's sheet (never a scan of all sheets).
export const UNIT_PROJECT_SHEETS_SQL = `
  SELECT p.*, g.id AS goal_sheet_id FROM projects p CROSS JOIN goal_sheets g ON g.project_id = p.id
  WHERE p.year = @year AND p.unit_id = @unitId ORDER BY p.code`;

export function unitProjectSheets(db: Db, unitId: string, year: number): { project: ProjectRow; sheetId: string }[] {
  const rows = db.prepare(UNIT_PROJECT_SHEETS_SQL).all({ year, unitId }) as (ProjectRow & { goal_sheet_id: string })[];
  return rows.map(({ goal_sheet_id, ...project }) => ({ project, sheetId: goal_sheet_id }));
}

/**
 * The 年度主要任务 of a 部门整体 form: the unit's projects of the year that are part of the
 * budget (not cancelled, not 不予安排), by code.
 */
export const UNIT_BUDGET_PROJECTS_SQL = `
  SELECT * FROM projects WHERE year = @year AND unit_id = @unitId AND status NOT IN ('cancelled', 'notFunded') ORDER BY code`;

export function unitBudgetProjects(db: Db, unitId: string, year: number): ProjectRow[] {
  return db.prepare(UNIT_BUDGET_PROJECTS_SQL).all({ year, unitId }) as ProjectRow[];
}

// ---------------------------------------------------------------- goal import (goals.importPreview, goals.importCommit)

/** This office's projects of a year, for resolving the codes of an import file in one query. */
export const OWN_PROJECTS_SQL = 'SELECT * FROM projects WHERE origin = @origin AND year = @year';

export function ownProjectsOfYear(db: Db, origin: string, year: number): ProjectRow[] {
  return db.prepare(OWN_PROJECTS_SQL).all({ origin, year }) as ProjectRow[];
}

/** The project goal sheets of a year (any origin: a project's sheet is keyed by project). */
export const PROJECT_SHEETS_SQL = "SELECT * FROM goal_sheets WHERE year = @year AND owner_type = 'project'";

export function projectSheetsOfYear(db: Db, year: number): GoalSheetRow[] {
  return db.prepare(PROJECT_SHEETS_SQL).all({ year }) as GoalSheetRow[];
}

/**
 * Reads the indicators of one sheet after another with a single prepared statement: an import
 * touching thousands of existing sheets compares each against the file.
 */
export const SHEET_INDICATORS_SQL = 'SELECT * FROM goal_indicators WHERE sheet_id = @sheetId ORDER BY seq';

export function indicatorReader(db: Db): (sheetId: string) => GoalIndicatorRow[] {
  const stmt = db.prepare(SHEET_INDICATORS_SQL);
  return (sheetId) => stmt.all({ sheetId }) as GoalIndicatorRow[];
}

/**
 * The goal import's writer: every statement prepared once for the whole import (thousands of
 * sheets, 100,000 indicator rows), run inside the caller's one transaction. Columns as in
 * repositories/goals.ts (insertSheet, replaceIndicators, insertGoalEvent).
 */
export function goalImportWriter(db: Db) {
  const insertSheet = db.prepare(
    `INSERT INTO goal_sheets (id, origin, year, owner_type, project_id, unit_id, status, annual_goal, mid_term_goal, unit_duties, locked, created_at, updated_at)
     VALUES (@id, @origin, @year, @owner_type, @project_id, @unit_id, @status, @annual_goal, @mid_term_goal, @unit_duties, @locked, @created_at, @updated_at)`,
  );
  const updateTexts = db.prepare('UPDATE goal_sheets SET annual_goal = @annual_goal, mid_term_goal = @mid_term_goal, updated_at = @updated_at, rev = rev + 1 WHERE id = @id');
  const deleteIndicators = db.prepare('DELETE FROM goal_indicators WHERE sheet_id = ?');
  const insertIndicator = db.prepare(
    `INSERT INTO goal_indicators (id, sheet_id, seq, level1, level2, name, value_type, operator, target_value, target_text, unit, mid_term_text,
       explanation, scoring_rule, value_basis, data_source, is_core, library_id)
     VALUES (@id, @sheet_id, @seq, @level1, @level2, @name, @value_type, @operator, @target_value, @target_text, @unit, @mid_term_text,
       @explanation, @scoring_rule, @value_basis, @data_source, @is_core, @library_id)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO goal_events (id, sheet_id, at, user_id, username, action, from_status, to_status, comment)
     VALUES (@id, @sheet_id, @at, @user_id, @username, @action, @from_status, @to_status, @comment)`,
  );
  return {
    insertSheet: (r: Omit<GoalSheetRow, 'rev'>) => insertSheet.run(r),
    /** The goal texts of an existing sheet; bumps its revision. */
    updateGoalTexts: (r: Pick<GoalSheetRow, 'id' | 'annual_goal' | 'mid_term_goal' | 'updated_at'>) =>
      updateTexts.run({ id: r.id, annual_goal: r.annual_goal, mid_term_goal: r.mid_term_goal, updated_at: r.updated_at }),
    replaceIndicators: (sheetId: string, rows: readonly GoalIndicatorRow[]) => {
      deleteIndicators.run(sheetId);
      for (const r of rows) insertIndicator.run(r);
    },
    insertEvent: (e: { id: string; sheet_id: string; at: string; user_id: string | null; username: string; action: string; from_status: GoalStatus; to_status: GoalStatus; comment: string }) =>
      insertEvent.run(e),
  };
}
