import type { SelfEvalUnitOverallDto, SelfEvalUnitProjectDto } from '../../../shared/api/dtoSelfEval.ts';
import type { ErrorDetail } from '../../../shared/api/result.ts';
import { formatWan } from '../../../shared/rules/money.ts';
import { EMPTY_BASIC, unitBasicProblems, unitOverallMoney, type ProjectPart, type UnitBasicMoney } from '../../../shared/rules/unitOverallMoney.ts';
import type { Db } from '../db/connection.ts';
import { unitProjectFigures, type SelfEvaluationRow, type UnitMoneyEntry } from '../repositories/selfEval.ts';

/**
 * The money of a 部门整体 self-evaluation (SPEC §7.3): 基本支出 entered by the unit, 项目支出 summed
 * from the unit's own projects of the year (budgets by source; each project's 全年执行数 from its
 * self-evaluation, else its latest monitored figure). The project part is stored with the sheet
 * and refreshed at every save, so the stored total and grade always match the figures shown with
 * them; executed_fen holds the derived total (基本支出 + 项目支出), NULL until the basic figures are in.
 */

export const basicOf = (e: SelfEvaluationRow): UnitBasicMoney => ({
  personnelInitialFen: e.basic_personnel_initial_fen,
  publicInitialFen: e.basic_public_initial_fen,
  personnelAnnualFen: e.basic_personnel_annual_fen,
  publicAnnualFen: e.basic_public_annual_fen,
  personnelExecutedFen: e.basic_personnel_executed_fen,
  publicExecutedFen: e.basic_public_executed_fen,
});

const basicColumns = (b: UnitBasicMoney) => ({
  basic_personnel_initial_fen: b.personnelInitialFen,
  basic_public_initial_fen: b.publicInitialFen,
  basic_personnel_annual_fen: b.personnelAnnualFen,
  basic_public_annual_fen: b.publicAnnualFen,
  basic_personnel_executed_fen: b.personnelExecutedFen,
  basic_public_executed_fen: b.publicExecutedFen,
});

/** The stored project part of a 部门整体 row. */
const storedProjectPart = (e: SelfEvaluationRow): ProjectPart => ({
  initialFen: e.initial_fiscal_fen + e.initial_carryover_fen + e.initial_other_fen,
  annualFen: e.annual_fiscal_fen + e.annual_carryover_fen + e.annual_other_fen,
  executedFen: e.project_executed_fen ?? 0,
});

interface ProjectsNow {
  /** The columns the project part is stored in. */
  columns: Pick<SelfEvaluationRow, 'initial_fiscal_fen' | 'initial_carryover_fen' | 'initial_other_fen' | 'annual_fiscal_fen' | 'annual_carryover_fen' | 'annual_other_fen' | 'project_executed_fen'>;
  part: ProjectPart;
  projects: SelfEvalUnitProjectDto[];
}

/** The unit's projects as they are now. */
export function projectsNow(db: Db, origin: string, year: number, unitId: string): ProjectsNow {
  const figures = unitProjectFigures(db, origin, year, unitId);
  const columns = {
    initial_fiscal_fen: 0, initial_carryover_fen: 0, initial_other_fen: 0, annual_fiscal_fen: 0, annual_carryover_fen: 0, annual_other_fen: 0, project_executed_fen: 0,
  };
  const projects = figures.map((f): SelfEvalUnitProjectDto => {
    columns.initial_fiscal_fen += f.initial_fiscal_fen;
    columns.initial_carryover_fen += f.initial_carryover_fen;
    columns.initial_other_fen += f.initial_other_fen;
    columns.annual_fiscal_fen += f.annual_fiscal_fen;
    columns.annual_carryover_fen += f.annual_carryover_fen;
    columns.annual_other_fen += f.annual_other_fen;
    const executedFen = f.evaluated_fen ?? f.monitored_fen;
    columns.project_executed_fen += executedFen ?? 0;
    return {
      projectId: f.project_id, code: f.code, name: f.name,
      initialFen: f.initial_fiscal_fen + f.initial_carryover_fen + f.initial_other_fen,
      annualFen: f.annual_fiscal_fen + f.annual_carryover_fen + f.annual_other_fen,
      executedFen, executedFrom: f.evaluated_fen !== null ? 'selfEvaluation' : f.monitored_fen !== null ? 'monitoring' : null,
    };
  });
  const part = {
    initialFen: columns.initial_fiscal_fen + columns.initial_carryover_fen + columns.initial_other_fen,
    annualFen: columns.annual_fiscal_fen + columns.annual_carryover_fen + columns.annual_other_fen,
    executedFen: columns.project_executed_fen,
  };
  return { columns, part, projects };
}

export function unitOverallDto(db: Db, e: SelfEvaluationRow): SelfEvalUnitOverallDto | null {
  if (e.owner_type !== 'unitOverall') return null;
  const basic = basicOf(e);
  const project = storedProjectPart(e);
  const now = projectsNow(db, e.origin, e.year, e.unit_id);
  return { basic, project, projectNow: now.part, projects: now.projects, money: unitOverallMoney(basic, project) };
}

/** Submission problems of the money block: every basic figure entered. */
export const unitMoneyProblems = (e: SelfEvaluationRow) => (e.owner_type === 'unitOverall' ? unitBasicProblems(basicOf(e)) : []);

interface SaveMoney {
  executedFen: number | null;
  executedFiscalFen: number | null;
  executedCarryoverFen: number | null;
  executedOtherFen: number | null;
  basic: UnitBasicMoney | null;
}

/**
 * The row a 部门整体 save writes: the basic figures entered, the project part refreshed from the
 * projects and executed_fen derived. The 全年执行数 by source is not part of this form; a total
 * typed by an older client must agree with the derived one.
 */
export function planUnitMoney(db: Db, e: SelfEvaluationRow, input: SaveMoney, dp: number): { row: UnitMoneyEntry & Pick<SelfEvaluationRow, 'executed_fen'>; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  if ([input.executedFiscalFen, input.executedCarryoverFen, input.executedOtherFen].some((v) => v !== null)) {
    errors.push({ field: 'executedFen', message: '部门整体自评表的全年执行数按基本支出和项目支出分列，不按资金来源填写' });
  }
  const basic = input.basic ?? basicOf(e);
  const now = projectsNow(db, e.origin, e.year, e.unit_id);
  const money = unitOverallMoney(basic, now.part);
  const derived = money.total.executedFen;
  if (input.executedFen !== null && input.executedFen !== derived) {
    errors.push({
      field: 'executedFen',
      message: derived === null
        ? '部门整体自评表的全年执行数由基本支出与项目支出合计得出，请先填写人员经费和公用经费的全年执行数'
        : `部门整体自评表的全年执行数由基本支出与项目支出合计得出（${formatWan(derived, dp)} 万元），不能另行填写`,
    });
  }
  return { row: { id: e.id, ...basicColumns(basic), ...now.columns, executed_fen: derived }, errors };
}

/** Refuses 基本支出 on a project sheet. */
export function projectBasicErrors(basic: UnitBasicMoney | null): ErrorDetail[] {
  if (!basic || Object.values(basic).every((v) => v === null)) return [];
  return [{ field: 'basic', message: '项目支出绩效自评表没有基本支出，请只在部门整体自评表中填写' }];
}

/** New 部门整体 evaluations: no basic figures yet, the project part from the projects now. */
export function newUnitMoney(db: Db, origin: string, year: number, unitId: string) {
  return { ...basicColumns(EMPTY_BASIC), ...projectsNow(db, origin, year, unitId).columns };
}

/** New project evaluations carry no 部门整体 money. */
export const NO_UNIT_MONEY = { ...basicColumns(EMPTY_BASIC), project_executed_fen: null };
