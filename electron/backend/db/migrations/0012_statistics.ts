/**
 * Statistics (issue: 统计、首页与年度工作报告): the indexes the statistics layer's whole-year
 * queries read through (electron/backend/repositories/statistics*.ts; their plans are asserted in
 * tests/integration/statistics-plans.test.ts), and the office's narrative parts of the annual
 * work report (年度工作情况报告), kept per year.
 *
 * The project cube visits each project of the year once and probes each stage table by project:
 * every probe below is a covering index, so it never touches a table row.
 */
export default `
-- The year's projects with every column the cube groups or sums by (no table lookup).
CREATE INDEX stat_projects_year ON projects(
  year, origin, status, unit_id, budget_type, annual_fiscal_fen, annual_carryover_fen, annual_other_fen, new_major, attribute, confidential, id);
-- A project's goal sheet / self-evaluation / monitoring sheets / ex-ante assessments, by project.
CREATE INDEX stat_goal_sheets_project ON goal_sheets(project_id, status, id) WHERE project_id IS NOT NULL;
CREATE INDEX stat_self_evaluations_project ON self_evaluations(project_id, status, grade, id) WHERE project_id IS NOT NULL;
CREATE INDEX stat_monitoring_sheets_project ON monitoring_sheets(project_id, warning_level) WHERE project_id IS NOT NULL;
CREATE INDEX stat_ex_ante_project ON ex_ante_assessments(project_id, created_at, status, conclusion);
-- The money and state of a round's sheets (progress, execution, warnings, parts that do not add up).
CREATE INDEX stat_monitoring_sheets_round ON monitoring_sheets(
  round_id, status, warning_level, annual_budget_fen, executed_fen, executed_fiscal_fen, executed_other_fen, fiscal_budget_fen, other_budget_fen);
-- Self-evaluation totals against their parts (consistency checks), by year.
CREATE INDEX stat_self_evaluations_money ON self_evaluations(
  year, origin, owner_type, executed_fen, executed_fiscal_fen, executed_carryover_fen, executed_other_fen,
  basic_personnel_executed_fen, basic_public_executed_fen, project_executed_fen);
-- Whether an object (goal sheet, self-evaluation) has been disclosed through any channel.
CREATE INDEX stat_disclosures_object ON disclosures(object_id, object_type) WHERE object_id IS NOT NULL;
-- The year's budget-linkage decisions and key evaluations, whatever their origin.
CREATE INDEX stat_linkage_year ON linkage_decisions(year, project_id);
CREATE INDEX stat_key_evaluations_year ON key_evaluations(year, status, kind);
-- The year's rounds per office (latest round of each office for the execution figures).
CREATE INDEX stat_monitoring_rounds_origin ON monitoring_rounds(year, object_type, origin, month);

-- 年度工作情况报告: the parts the office writes itself, per office and year. The figures are never
-- stored here: the report computes them from the records each time it is generated.
CREATE TABLE annual_reports (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  year INTEGER NOT NULL REFERENCES fiscal_years(year),
  title TEXT NOT NULL DEFAULT '',
  -- 主送机关 (e.g. 自治区财政厅), written after the title.
  recipient TEXT NOT NULL DEFAULT '',
  intro TEXT NOT NULL DEFAULT '',
  -- Per stage of the loop: the office's own words added after the computed figures (JSON object).
  stage_notes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(stage_notes)),
  problems TEXT NOT NULL DEFAULT '',
  next_steps TEXT NOT NULL DEFAULT '',
  signature TEXT NOT NULL DEFAULT '',
  report_date TEXT,
  updated_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  UNIQUE (origin, year)
) STRICT;
`;
