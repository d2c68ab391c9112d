/**
 * 部门整体支出绩效自评表 money block (SPEC §7.3): 基本支出 (人员经费 + 公用经费) entered by the unit
 * — the app keeps no basic-expenditure ledger — beside 项目支出, summed from the unit's projects.
 *
 * On a unit-overall evaluation the existing columns keep their meaning for the project part:
 * initial_* / annual_* are the unit's projects by source, and project_executed_fen is their
 * 全年执行数 (each project's self-evaluation figure, else its latest monitored figure).
 * executed_fen becomes the derived total (基本支出 + 项目支出), NULL until both basic figures are
 * entered. NULL basic budget figures mean "not entered" (counted as 0, and listed as a problem).
 */
export default `
ALTER TABLE self_evaluations ADD COLUMN basic_personnel_initial_fen INTEGER CHECK (basic_personnel_initial_fen >= 0);
ALTER TABLE self_evaluations ADD COLUMN basic_public_initial_fen INTEGER CHECK (basic_public_initial_fen >= 0);
ALTER TABLE self_evaluations ADD COLUMN basic_personnel_annual_fen INTEGER CHECK (basic_personnel_annual_fen >= 0);
ALTER TABLE self_evaluations ADD COLUMN basic_public_annual_fen INTEGER CHECK (basic_public_annual_fen >= 0);
ALTER TABLE self_evaluations ADD COLUMN basic_personnel_executed_fen INTEGER CHECK (basic_personnel_executed_fen >= 0);
ALTER TABLE self_evaluations ADD COLUMN basic_public_executed_fen INTEGER CHECK (basic_public_executed_fen >= 0);
ALTER TABLE self_evaluations ADD COLUMN project_executed_fen INTEGER CHECK (project_executed_fen >= 0);

-- Unit-overall evaluations made before the split: their money was the projects' and their
-- 全年执行数 that of the projects, so the project part takes it over; where a 全年执行数 was
-- entered, the basic part is recorded as 0 so the stored total, rate and grade stay as they were.
UPDATE self_evaluations SET project_executed_fen = executed_fen WHERE owner_type = 'unitOverall';
UPDATE self_evaluations SET
  basic_personnel_initial_fen = 0, basic_public_initial_fen = 0, basic_personnel_annual_fen = 0, basic_public_annual_fen = 0,
  basic_personnel_executed_fen = 0, basic_public_executed_fen = 0
WHERE owner_type = 'unitOverall' AND executed_fen IS NOT NULL;
`;
