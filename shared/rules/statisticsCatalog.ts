import { GRADE_CODES, type GradeCode } from '../domain/ruleProfile.ts';

/**
 * The catalog of the statistics layer (统计口径): every stage of the loop, the measures the
 * backend sums (integer counts and integer 分, exactly) and every figure shown on a screen, in the
 * workbook or in the annual report, with its Chinese definition. A figure is a sum of measures or
 * a rate of two sums (shared/rules/statistics.ts figureValue); the same definitions feed the
 * report's appendix, so each printed number can be traced to the records behind it.
 */

/** Stages of the closed loop, in the order the seed reports tell them. */
export const STAT_STAGES = [
  'exAnte', 'goals', 'unitGoals', 'monitoring', 'unitMonitoring', 'selfEval', 'unitSelfEval', 'recheck', 'departmentEval', 'financeEval',
  'rectification', 'linkage', 'disclosure',
] as const;
export type StatStage = (typeof STAT_STAGES)[number];

/** How a figure is cut: 本级/县市, county (origin), budget type, fund category, 主管部门. */
export const STAT_CUTS = ['level', 'origin', 'budgetType', 'fundCategory', 'department'] as const;
export type StatCut = (typeof STAT_CUTS)[number];

export const STAT_CUT_LABELS: Record<StatCut, string> = {
  level: '按级次（本级/县市）',
  origin: '按地区',
  budgetType: '按预算类型',
  fundCategory: '按资金性质',
  department: '按主管部门',
};

/** Row keys with a fixed meaning inside cuts. */
export const CUT_KEYS = {
  own: 'own',
  child: 'child',
  /** Budget-type row of records that belong to a unit's overall budget, not to a project. */
  unitOverall: 'unitOverall',
  /** Fund-category row of projects without any fund tag (and of unit-overall records). */
  untagged: 'none',
  /** Department row of units missing from the unit tree (flagged by the consistency checks). */
  unknownUnit: 'unknown',
} as const;

export const LEVEL_LABELS = { own: '本级', child: '县（市）' } as const;

/** A sum of measures (ids of StatisticsDto.measures); null where the figure has no amount. */
export type MeasureSum = readonly string[];

export interface StagePart {
  label: string;
  n: MeasureSum;
  fen: MeasureSum | null;
  definition: string;
}

export interface StageDef {
  id: StatStage;
  label: string;
  /** Chart axis label. */
  short: string;
  /** What is counted: 个项目, 个单位, 项, 份. */
  noun: string;
  base: StagePart;
  done: StagePart;
  rateLabel: string;
  /** Whether the rate by count / by amount is meaningful for the stage. */
  countRate: boolean;
  amountRate: boolean;
}

const PROJECTS = '本年度项目（不含已取消）';
const BUDGET = '纳入预算的本年度项目（不含已取消、不予安排）';
const AMOUNT = '金额为项目全年预算数（财政拨款、上年结转、其他资金之和，按分精确汇总）';

export const STAGES: readonly StageDef[] = [
  {
    id: 'exAnte', label: '事前绩效评估', short: '事前评估', noun: '个项目', rateLabel: '评估覆盖率', countRate: true, amountRate: true,
    base: { label: '应评估项目', n: ['exAnte.required.n'], fen: ['exAnte.required.fen'], definition: `${PROJECTS}中，按当年度规则方案须开展事前绩效评估的项目（新增重大项目、到期拟延续项目、达到金额标准的新增项目）；${AMOUNT}` },
    done: { label: '已完成评估', n: ['exAnte.requiredDone.n'], fen: ['exAnte.requiredDone.fen'], definition: '应评估项目中，最近一次事前绩效评估已完成（有评估结论）的项目' },
  },
  {
    id: 'goals', label: '项目绩效目标管理', short: '项目目标', noun: '个项目', rateLabel: '目标覆盖率', countRate: true, amountRate: true,
    base: { label: '项目', n: ['projects.n'], fen: ['projects.fen'], definition: `${PROJECTS}；${AMOUNT}` },
    done: { label: '目标已批复', n: ['goals.n'], fen: ['goals.fen'], definition: '项目绩效目标表状态为已批复或已公开的项目' },
  },
  {
    id: 'unitGoals', label: '部门整体绩效目标管理', short: '部门目标', noun: '个单位', rateLabel: '目标覆盖率', countRate: true, amountRate: false,
    base: { label: '预算单位', n: ['units.n'], fen: null, definition: '启用状态的预算单位' },
    done: { label: '目标已批复', n: ['unitGoals.n'], fen: null, definition: '本年度部门（单位）整体绩效目标表已批复或已公开的预算单位' },
  },
  {
    id: 'monitoring', label: '项目绩效运行监控', short: '项目监控', noun: '个项目', rateLabel: '监控覆盖率', countRate: true, amountRate: true,
    base: { label: '预算项目', n: ['budget.n'], fen: ['budget.fen'], definition: `${BUDGET}；${AMOUNT}` },
    done: { label: '已开展监控', n: ['monitoring.n'], fen: ['monitoring.fen'], definition: '本年度任一项目监控批次（自行监控或重点监控）中有监控表的预算项目' },
  },
  {
    id: 'unitMonitoring', label: '部门整体绩效运行监控', short: '部门监控', noun: '个单位', rateLabel: '监控覆盖率', countRate: true, amountRate: false,
    base: { label: '目标已批复单位', n: ['unitGoals.n'], fen: null, definition: '本年度部门整体绩效目标已批复或已公开的预算单位' },
    done: { label: '已开展监控', n: ['unitMonitoring.n'], fen: null, definition: '其中本年度任一部门整体监控批次中有监控表的单位' },
  },
  {
    id: 'selfEval', label: '项目支出绩效自评', short: '项目自评', noun: '个项目', rateLabel: '自评覆盖率', countRate: true, amountRate: true,
    base: { label: '预算项目', n: ['budget.n'], fen: ['budget.fen'], definition: `${BUDGET}；${AMOUNT}` },
    done: { label: '自评已验收', n: ['selfEval.n'], fen: ['selfEval.fen'], definition: '绩效自评表经财政验收（状态为已验收）的预算项目' },
  },
  {
    id: 'unitSelfEval', label: '部门整体支出绩效自评', short: '部门自评', noun: '个单位', rateLabel: '自评覆盖率', countRate: true, amountRate: false,
    base: { label: '目标已批复单位', n: ['unitGoals.n'], fen: null, definition: '本年度部门整体绩效目标已批复或已公开的预算单位' },
    done: { label: '自评已验收', n: ['unitSelfEval.n'], fen: null, definition: '部门整体绩效自评表已验收的单位' },
  },
  {
    id: 'recheck', label: '财政复核', short: '财政复核', noun: '份自评', rateLabel: '复核比例', countRate: true, amountRate: true,
    base: { label: '已验收自评', n: ['selfEval.accepted.n', 'unitSelfEval.n'], fen: ['selfEval.accepted.fen', 'unitSelfEval.fen'], definition: '已验收的项目自评和部门整体自评；金额为项目全年预算数，部门整体为自评表所列项目支出全年预算数' },
    done: { label: '已复核', n: ['recheck.n'], fen: ['recheck.fen'], definition: '本年度复核抽样中复核已完成的自评（同一自评多次抽中只计一次，不含已取消项目）' },
  },
  {
    id: 'departmentEval', label: '部门评价', short: '部门评价', noun: '项', rateLabel: '评价金额占比', countRate: false, amountRate: true,
    base: { label: '预算项目', n: ['budget.n'], fen: ['budget.fen'], definition: `${BUDGET}；${AMOUNT}` },
    done: { label: '已完成评价', n: ['departmentEval.n'], fen: ['departmentEval.fen'], definition: '本年度已完成的部门评价（项目、政策、部门整体，不含已取消项目）；金额为被评价项目的全年预算数，部门整体为该单位预算项目合计' },
  },
  {
    id: 'financeEval', label: '财政重点评价', short: '重点评价', noun: '项', rateLabel: '评价金额占比', countRate: false, amountRate: true,
    base: { label: '预算项目', n: ['budget.n'], fen: ['budget.fen'], definition: `${BUDGET}；${AMOUNT}` },
    done: { label: '已完成评价', n: ['financeEval.n'], fen: ['financeEval.fen'], definition: '本年度已完成的财政重点评价（项目、政策、部门整体）；金额口径同部门评价' },
  },
  {
    id: 'rectification', label: '问题整改', short: '问题整改', noun: '项', rateLabel: '整改完成率', countRate: true, amountRate: true,
    base: { label: '应整改问题', n: ['rect.due.n'], fen: ['rect.due.fen'], definition: '本年度整改台账中的问题，不含不予整改的事项；金额为台账所列涉及金额' },
    done: { label: '已完成整改', n: ['rect.done.n'], fen: ['rect.done.fen'], definition: '其中已完成（销号）的问题' },
  },
  {
    id: 'linkage', label: '评价结果与预算挂钩', short: '预算挂钩', noun: '个项目', rateLabel: '挂钩覆盖率', countRate: true, amountRate: true,
    base: { label: '有评价等级的项目', n: ['linkage.base.n'], fen: ['linkage.base.fen'], definition: '项目自评已验收且有评价等级的项目；金额为项目全年预算数' },
    done: { label: '已作出挂钩决定', n: ['linkage.n'], fen: ['linkage.fen'], definition: '已对下一年度预算作出挂钩决定的项目（不含已取消项目）；金额为决定时的全年预算数' },
  },
  {
    id: 'disclosure', label: '绩效信息公开', short: '信息公开', noun: '份', rateLabel: '公开率', countRate: true, amountRate: false,
    base: { label: '应公开', n: ['disclosure.base.n'], fen: null, definition: '已批复或已公开的绩效目标表（预算项目和部门整体）与已验收的绩效自评表，不含涉密单位和涉密项目' },
    done: { label: '已公开', n: ['disclosure.done.n'], fen: null, definition: '其中在信息公开登记中至少有一条公开记录的' },
  },
];

export const STAGE_BY_ID: ReadonlyMap<StatStage, StageDef> = new Map(STAGES.map((s) => [s.id, s]));

/** A named figure beyond a stage's base and done: conclusions, warnings, grades, progress. */
export interface ExtraFigure {
  id: string;
  stage: StatStage;
  label: string;
  measures: MeasureSum;
  unit: 'count' | 'fen';
  definition: string;
}

const grades = (prefix: string, stage: StatStage, what: string): ExtraFigure[] =>
  GRADE_CODES.map((g: GradeCode) => ({
    id: `${prefix}.grade.${g}`, stage, label: `${what}等级 ${GRADE_SHORT[g]}`, measures: [`${prefix}.grade.${g}`], unit: 'count' as const,
    definition: `${what}等级为“${GRADE_SHORT[g]}”的数量${prefix === 'selfEval' ? '（纳入预算、自评已验收的项目）' : '（已完成的评价）'}`,
  }));

const GRADE_SHORT: Record<GradeCode, string> = { excellent: '优', good: '良', fair: '中', low: '低', poor: '差' };

export const EXTRA_FIGURES: readonly ExtraFigure[] = [
  { id: 'exAnte.completed', stage: 'exAnte', label: '完成事前评估项目', measures: ['exAnte.completed.n'], unit: 'count', definition: '本年度项目中最近一次事前绩效评估已完成的项目（不论是否属于应评估范围）' },
  { id: 'exAnte.completedFen', stage: 'exAnte', label: '事前评估金额', measures: ['exAnte.completed.fen'], unit: 'fen', definition: '完成事前评估项目的全年预算数合计' },
  { id: 'exAnte.support', stage: 'exAnte', label: '评估结论：予以支持', measures: ['exAnte.support.n'], unit: 'count', definition: '最近一次评估结论为“予以支持”的项目' },
  { id: 'exAnte.adjust', stage: 'exAnte', label: '评估结论：调整后支持', measures: ['exAnte.adjust.n'], unit: 'count', definition: '最近一次评估结论为“调整后支持”的项目' },
  { id: 'exAnte.reject', stage: 'exAnte', label: '评估结论：不予支持', measures: ['exAnte.reject.n'], unit: 'count', definition: '最近一次评估结论为“不予支持”的项目' },
  { id: 'goals.pending', stage: 'goals', label: '目标审核中', measures: ['goals.pending.n'], unit: 'count', definition: '绩效目标表已送审、主管部门已审核或财政已审核，尚未批复的项目' },
  { id: 'goals.returned', stage: 'goals', label: '目标已退回', measures: ['goals.returned.n'], unit: 'count', definition: '绩效目标表被退回修改的项目' },
  { id: 'goals.refused', stage: 'goals', label: '审核不予安排', measures: ['goals.refused.n'], unit: 'count', definition: '绩效目标审核结论为不予安排的项目' },
  { id: 'monitoring.red', stage: 'monitoring', label: '红色预警项目', measures: ['monitoring.red.n'], unit: 'count', definition: '本年度监控表中出现过红色预警的预算项目（以各批次最后一次计算的预警为准）' },
  { id: 'monitoring.yellow', stage: 'monitoring', label: '黄色预警项目', measures: ['monitoring.yellow.n'], unit: 'count', definition: '出现过黄色预警但未出现红色预警的预算项目' },
  { id: 'selfEval.pending', stage: 'selfEval', label: '自评待验收', measures: ['selfEval.pending.n'], unit: 'count', definition: '绩效自评表已提交或主管部门已审核、尚未验收的预算项目' },
  { id: 'selfEval.returned', stage: 'selfEval', label: '自评已退回', measures: ['selfEval.returned.n'], unit: 'count', definition: '绩效自评表被退回修改的项目' },
  ...grades('selfEval', 'selfEval', '项目自评'),
  { id: 'recheck.lowered', stage: 'recheck', label: '复核后得分下降', measures: ['recheck.lowered.n'], unit: 'count', definition: '复核总分低于单位自评总分的自评' },
  ...grades('departmentEval', 'departmentEval', '部门评价'),
  ...grades('financeEval', 'financeEval', '财政重点评价'),
  { id: 'financeEval.thirdParty', stage: 'financeEval', label: '委托第三方机构评价', measures: ['financeEval.thirdParty.n'], unit: 'count', definition: '评价主体为第三方机构的已完成财政重点评价' },
  { id: 'rect.total', stage: 'rectification', label: '整改台账问题总数', measures: ['rect.total.n'], unit: 'count', definition: '本年度整改台账中的全部问题（含不予整改）' },
  { id: 'rect.onTime', stage: 'rectification', label: '按期完成整改', measures: ['rect.onTime.n'], unit: 'count', definition: '销号日期不晚于整改期限的已完成问题' },
  { id: 'rect.overdue', stage: 'rectification', label: '逾期未完成', measures: ['rect.overdue.n'], unit: 'count', definition: '未开始或整改中且已过整改期限的问题（按统计当日判断）' },
  { id: 'rect.recovered', stage: 'rectification', label: '调减/收回资金', measures: ['rect.recovered.fen'], unit: 'fen', definition: '整改台账所列调减或收回金额合计' },
  { id: 'linkage.priority', stage: 'linkage', label: '优先保障', measures: ['linkage.priority.n'], unit: 'count', definition: '挂钩决定为优先保障的项目' },
  { id: 'linkage.reduce', stage: 'linkage', label: '压减预算', measures: ['linkage.reduce.n'], unit: 'count', definition: '挂钩决定为压减的项目' },
  { id: 'linkage.cancel', stage: 'linkage', label: '取消或暂停', measures: ['linkage.cancel.n'], unit: 'count', definition: '挂钩决定为取消的项目' },
  { id: 'linkage.cut', stage: 'linkage', label: '压减下年预算', measures: ['linkage.cut.fen'], unit: 'fen', definition: '挂钩决定中调减下一年度预算的金额合计' },
  { id: 'disclosure.excluded', stage: 'disclosure', label: '涉密不予公开', measures: ['disclosure.excluded.n'], unit: 'count', definition: '因单位或项目涉密不予公开、不计入公开率的目标表和自评表' },
];

export const EXTRA_BY_ID: ReadonlyMap<string, ExtraFigure> = new Map(EXTRA_FIGURES.map((f) => [f.id, f]));

/** The grade figures of the evaluation stages, for the grade-distribution table and chart. */
export const GRADE_STAGES = [
  { stage: 'selfEval', label: '项目自评' },
  { stage: 'departmentEval', label: '部门评价' },
  { stage: 'financeEval', label: '财政重点评价' },
] as const satisfies readonly { stage: StatStage; label: string }[];

export const GRADE_LABELS_SHORT = GRADE_SHORT;

/** Figures the drill-down can list records for: a stage part ('goals.base', 'goals.done') or an extra figure id. */
export function isDrillable(figure: string): boolean {
  const [stage, part] = figure.split('.');
  if (STAGE_BY_ID.has(stage as StatStage) && (part === 'base' || part === 'done') && figure.split('.').length === 2) return true;
  return EXTRA_BY_ID.has(figure);
}
