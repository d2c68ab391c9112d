import type { OfficeLevel } from '../domain/office.ts';
import type { StatCut } from '../rules/statisticsCatalog.ts';

/** DTOs of the statistics layer (统计分析), the dashboard (首页) and the annual work report (年度工作情况报告). */

/** county: this office's own records (本级); prefecture: own records and every child office's (本级 + 县市). */
export type StatScope = 'county' | 'prefecture';

/** Integer sums keyed by measure id (shared/rules/statisticsCatalog.ts): counts, and amounts in 分. */
export type Measures = Record<string, number>;

export interface StatCutRow {
  key: string;
  label: string;
  measures: Measures;
}

export interface StatCutTable {
  cut: StatCut;
  /** False where a record may count in several rows (fund categories): rows need not add up to the total. */
  additive: boolean;
  rows: StatCutRow[];
  /** What the rows add up to: every record in scope, or for the department cut that office's records. */
  totals: Measures;
}

export interface StatOrigin {
  code: string;
  name: string;
  level: 'own' | 'child';
}

/** The latest 项目 monitoring round of one office in the year, with its sheets' progress and execution. */
export interface MonitoringRoundStat {
  origin: string;
  originName: string;
  roundId: string;
  title: string;
  month: number;
  dueOn: string;
  status: 'open' | 'closed';
  sheets: number;
  submitted: number;
  accepted: number;
  returned: number;
  draft: number;
  budgetFen: number;
  /** Sum of 1–N月执行数; null when a sheet's total disagrees with its parts (flagged in checks). */
  executedFen: number | null;
  /** Percent, two decimals; null with a zero budget or an unreliable executed sum. */
  executionRate: number | null;
  red: number;
  yellow: number;
}

export interface RectificationSourceStat {
  source: string;
  total: number;
  waived: number;
  due: number;
  done: number;
  onTime: number;
  overdue: number;
  completionRate: number | null;
  onTimeRate: number | null;
  amountFen: number;
  recoveredFen: number;
}

/** A place where a county's own figures or a table's parts do not add up (shown instead of a wrong sum). */
export interface ConsistencyFlag {
  code: 'monitoringExecutedParts' | 'monitoringBudgetParts' | 'selfEvalExecutedParts' | 'unitMonitoringBudget' | 'unitSelfEvalBudget'
    | 'bundleCount' | 'cutTotal' | 'unknownUnit';
  origin: string;
  originName: string;
  /** Where, in Chinese: the record or table (监控批次“…” 项目 P001 “…”). */
  where: string;
  message: string;
  /** The stated figure and the sum of its parts / records, when the flag is about money (分) or counts. */
  stated: number | null;
  computed: number | null;
  unit: 'fen' | 'count';
  /** The route of the record behind it, when one can be opened. */
  link: string | null;
}

export interface StatisticsDto {
  year: number;
  scope: StatScope;
  /** YYYY-MM-DD: the day overdue items were judged against. */
  today: string;
  generatedAt: string;
  office: { regionCode: string; name: string; level: OfficeLevel };
  origins: StatOrigin[];
  /** The office whose 主管部门 the department cut shows. */
  departmentOrigin: string;
  /** The rule profile that decided which projects require an ex-ante assessment. */
  profile: { id: string; version: number; name: string };
  measures: Measures;
  cuts: StatCutTable[];
  monitoringRounds: MonitoringRoundStat[];
  rectificationBySource: RectificationSourceStat[];
  checks: ConsistencyFlag[];
}

/** One record behind a figure (统计数字的明细). */
export interface StatDrillRow {
  id: string;
  kind: 'project' | 'unit' | 'selfEvaluation' | 'keyEvaluation' | 'recheck' | 'rectification' | 'linkage' | 'goalSheet' | 'monitoringSheet';
  code: string;
  name: string;
  unitName: string;
  originName: string;
  /** 分; null when the figure counts without an amount. */
  amountFen: number | null;
  /** The state that put the record in the figure (已批复, 已验收, 逾期 …). */
  status: string;
  /** The route of the record's page. */
  link: string | null;
}

export interface StatDrillPage {
  figure: string;
  /** The figure's name and definition, as in the report appendix. */
  label: string;
  definition: string;
  rows: StatDrillRow[];
  total: number;
  /** Sum over every record (not just the page), 分; null when the figure has no amount. */
  totalFen: number | null;
}

/** What is due for the signed-in user (首页 待办). Own records only. */
export interface DashboardDto {
  year: number;
  today: string;
  rounds: {
    id: string;
    title: string;
    objectType: 'project' | 'unitOverall';
    kind: 'self' | 'key';
    dueOn: string;
    /** Days until the due date (negative: past it). */
    daysLeft: number;
    sheets: number;
    /** Not handed in yet: draft or returned. */
    pending: number;
    submitted: number;
    accepted: number;
  }[];
  returned: { goals: number; monitoring: number; selfEval: number };
  awaitingReview: { goals: number; monitoring: number; selfEval: number; recheck: number; submissions: number };
  rectifications: { open: number; overdue: number; dueSoon: number };
}

export interface AnnualReportNarrativeDto {
  year: number;
  title: string;
  recipient: string;
  intro: string;
  stageNotes: Record<string, string>;
  problems: string;
  nextSteps: string;
  signature: string;
  reportDate: string | null;
  updatedAt: string | null;
  updatedBy: string;
  rev: number;
  /** True while nothing was saved for the year (defaults shown). */
  isDefault: boolean;
}

/** One figure printed in the report, as its appendix lists it. */
export interface ReportFigureDto {
  no: number;
  id: string;
  label: string;
  value: string;
  definition: string;
  scope: string;
}

/** The generated draft, for the preview on screen (the .docx holds the same text). */
export interface AnnualReportDraftDto {
  year: number;
  scope: StatScope;
  title: string;
  blocks: { kind: 'heading' | 'paragraph' | 'note'; level?: 1 | 2; text: string }[];
  figures: ReportFigureDto[];
  flags: ConsistencyFlag[];
}
