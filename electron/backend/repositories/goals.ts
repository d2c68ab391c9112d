import type { Db } from '../db/connection.ts';
import type { GoalIndicatorDto, GoalStatus } from '../../../shared/api/dtoGoals.ts';
import type { Level1Code, Level2Code, Operator } from '../../../shared/domain/indicators.ts';

export interface GoalSheetRow {
  id: string;
  origin: string;
  year: number;
  owner_type: 'project' | 'unitOverall';
  project_id: string | null;
  unit_id: string;
  status: GoalStatus;
  annual_goal: string;
  mid_term_goal: string;
  unit_duties: string;
  locked: 0 | 1;
  created_at: string;
  updated_at: string;
  rev: number;
}

export interface GoalIndicatorRow {
  id: string;
  sheet_id: string;
  seq: number;
  level1: Level1Code;
  level2: Level2Code;
  name: string;
  value_type: 'quantitative' | 'qualitative';
  operator: Operator;
  target_value: number | null;
  target_text: string;
  unit: string;
  mid_term_text: string;
  explanation: string;
  scoring_rule: string;
  value_basis: 'plan' | 'industry' | 'history' | 'other';
  data_source: string;
  is_core: 0 | 1;
  library_id: string | null;
}

export function findSheet(db: Db, id: string): GoalSheetRow | undefined {
  return db.prepare('SELECT * FROM goal_sheets WHERE id = ?').get(id) as GoalSheetRow | undefined;
}

export function findProjectSheet(db: Db, projectId: string): GoalSheetRow | undefined {
  return db.prepare('SELECT * FROM goal_sheets WHERE project_id = ?').get(projectId) as GoalSheetRow | undefined;
}

export function findUnitSheet(db: Db, origin: string, year: number, unitId: string): GoalSheetRow | undefined {
  return db.prepare("SELECT * FROM goal_sheets WHERE origin = ? AND year = ? AND unit_id = ? AND owner_type = 'unitOverall'").get(origin, year, unitId) as GoalSheetRow | undefined;
}

export function insertSheet(db: Db, r: Omit<GoalSheetRow, 'rev'>): void {
  db.prepare(
    `INSERT INTO goal_sheets (id, origin, year, owner_type, project_id, unit_id, status, annual_goal, mid_term_goal, unit_duties, locked, created_at, updated_at)
     VALUES (@id, @origin, @year, @owner_type, @project_id, @unit_id, @status, @annual_goal, @mid_term_goal, @unit_duties, @locked, @created_at, @updated_at)`,
  ).run(r);
}

export function saveSheet(db: Db, r: GoalSheetRow): void {
  db.prepare(
    `UPDATE goal_sheets SET status = @status, annual_goal = @annual_goal, mid_term_goal = @mid_term_goal, unit_duties = @unit_duties,
       locked = @locked, updated_at = @updated_at, rev = rev + 1 WHERE id = @id`,
  ).run(r);
}

export function listIndicators(db: Db, sheetId: string): GoalIndicatorRow[] {
  return db.prepare('SELECT * FROM goal_indicators WHERE sheet_id = ? ORDER BY seq').all(sheetId) as GoalIndicatorRow[];
}

/** Replaces a sheet's indicator rows (the editor saves the whole table at once). */
export function replaceIndicators(db: Db, sheetId: string, rows: readonly GoalIndicatorRow[]): void {
  db.prepare('DELETE FROM goal_indicators WHERE sheet_id = ?').run(sheetId);
  const ins = db.prepare(
    `INSERT INTO goal_indicators (id, sheet_id, seq, level1, level2, name, value_type, operator, target_value, target_text, unit, mid_term_text,
       explanation, scoring_rule, value_basis, data_source, is_core, library_id)
     VALUES (@id, @sheet_id, @seq, @level1, @level2, @name, @value_type, @operator, @target_value, @target_text, @unit, @mid_term_text,
       @explanation, @scoring_rule, @value_basis, @data_source, @is_core, @library_id)`,
  );
  for (const r of rows) ins.run(r);
}

export const toIndicatorDto = (r: GoalIndicatorRow): GoalIndicatorDto => ({
  id: r.id, seq: r.seq, level1: r.level1, level2: r.level2, name: r.name, valueType: r.value_type, operator: r.operator,
  targetValue: r.target_value, targetText: r.target_text, unit: r.unit, midTermText: r.mid_term_text, explanation: r.explanation,
  scoringRule: r.scoring_rule, valueBasis: r.value_basis, dataSource: r.data_source, isCore: r.is_core === 1, libraryId: r.library_id,
});

export function insertGoalEvent(
  db: Db,
  e: { id: string; sheet_id: string; at: string; user_id: string | null; username: string; action: string; from_status: GoalStatus; to_status: GoalStatus; comment: string },
): void {
  db.prepare(
    `INSERT INTO goal_events (id, sheet_id, at, user_id, username, action, from_status, to_status, comment)
     VALUES (@id, @sheet_id, @at, @user_id, @username, @action, @from_status, @to_status, @comment)`,
  ).run(e);
}
