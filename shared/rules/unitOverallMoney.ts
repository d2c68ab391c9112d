import { percent } from './rounding.ts';

/**
 * The money block of the 部门（单位）整体支出绩效自评表 (SPEC §7.3): 年初预算数, 全年预算数 and
 * 全年执行数 split into 基本支出 (人员经费 + 公用经费, entered by the unit: the app keeps no
 * basic-expenditure ledger) and 项目支出 (summed from the unit's projects), plus the total.
 * 执行率 = 全年执行数 ÷ 全年预算数 on every line; the execution score of the sheet is computed
 * by the self-evaluation engine from the total line (SPEC §5.4), so only the total carries points.
 * Amounts are integer 分; rates are % with two decimals (null when the budget is 0).
 */

export const BASIC_FIELDS = [
  'personnelInitialFen', 'publicInitialFen', 'personnelAnnualFen', 'publicAnnualFen', 'personnelExecutedFen', 'publicExecutedFen',
] as const;
export type BasicField = (typeof BASIC_FIELDS)[number];

/** The unit's entry: null = not entered yet. */
export type UnitBasicMoney = Record<BasicField, number | null>;

export const EMPTY_BASIC: UnitBasicMoney = {
  personnelInitialFen: null, publicInitialFen: null, personnelAnnualFen: null, publicAnnualFen: null, personnelExecutedFen: null, publicExecutedFen: null,
};

export const BASIC_FIELD_LABELS: Record<BasicField, string> = {
  personnelInitialFen: '人员经费年初预算数',
  publicInitialFen: '公用经费年初预算数',
  personnelAnnualFen: '人员经费全年预算数',
  publicAnnualFen: '公用经费全年预算数',
  personnelExecutedFen: '人员经费全年执行数',
  publicExecutedFen: '公用经费全年执行数',
};

/**
 * 项目支出 of the unit. A project without a 全年执行数 (no self-evaluation figure, no monitored
 * figure) counts 0 here; the screen lists such projects so the unit can complete them.
 */
export interface ProjectPart {
  initialFen: number;
  annualFen: number;
  executedFen: number;
}

export interface MoneyLine {
  initialFen: number;
  annualFen: number;
  /** null while a part of it is not entered. */
  executedFen: number | null;
  /** % with two decimals; null without 全年执行数 or with a zero budget. */
  rate: number | null;
}

export interface UnitOverallMoney {
  total: MoneyLine;
  basic: MoneyLine;
  personnel: MoneyLine;
  public: MoneyLine;
  project: MoneyLine;
  /** Basic figures not entered yet, in form order. */
  missing: BasicField[];
}

const line = (initialFen: number, annualFen: number, executedFen: number | null): MoneyLine => ({
  initialFen, annualFen, executedFen, rate: executedFen === null ? null : percent(executedFen, annualFen),
});

const sumOrNull = (parts: readonly (number | null)[]): number | null => (parts.some((p) => p === null) ? null : parts.reduce<number>((a, p) => a + (p ?? 0), 0));

export function unitOverallMoney(basic: UnitBasicMoney, project: ProjectPart): UnitOverallMoney {
  const personnel = line(basic.personnelInitialFen ?? 0, basic.personnelAnnualFen ?? 0, basic.personnelExecutedFen);
  const pub = line(basic.publicInitialFen ?? 0, basic.publicAnnualFen ?? 0, basic.publicExecutedFen);
  const basicLine = line(personnel.initialFen + pub.initialFen, personnel.annualFen + pub.annualFen, sumOrNull([personnel.executedFen, pub.executedFen]));
  const projectLine = line(project.initialFen, project.annualFen, project.executedFen);
  const total = line(basicLine.initialFen + projectLine.initialFen, basicLine.annualFen + projectLine.annualFen, sumOrNull([basicLine.executedFen, project.executedFen]));
  return { total, basic: basicLine, personnel, public: pub, project: projectLine, missing: BASIC_FIELDS.filter((f) => basic[f] === null) };
}

/** What keeps a unit-overall sheet from being submitted: every basic figure entered (0 is a figure). */
export function unitBasicProblems(basic: UnitBasicMoney): { field: string; message: string }[] {
  return BASIC_FIELDS.filter((f) => basic[f] === null).map((f) => ({ field: `basic.${f}`, message: `请填写基本支出的${BASIC_FIELD_LABELS[f]}（没有的填 0）` }));
}
