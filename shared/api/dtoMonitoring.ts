import type { BudgetType, FundTag } from '../domain/projects.ts';
import type { Level1Code, Level2Code, Operator } from '../domain/indicators.ts';

export type MonitoringObjectType = 'project' | 'unitOverall';
export type MonitoringKind = 'self' | 'key';
export type MonitoringSheetStatus = 'draft' | 'submitted' | 'returned' | 'accepted';
export type WarningLevel = 'yellow' | 'red';
export type Likelihood = 'certain' | 'possible' | 'impossible';
export type ProgressLight = 'achieved' | 'partial' | 'notAchieved';

export interface MonitoringRoundDto {
  id: string;
  origin: string;
  readOnly: boolean;
  year: number;
  month: number;
  objectType: MonitoringObjectType;
  kind: MonitoringKind;
  title: string;
  issuedOn: string;
  dueOn: string;
  status: 'open' | 'closed';
  profileId: string;
  profileVersion: number;
  rev: number;
  /** Sheets in the round, by status, and how many carry a warning. */
  counts: { total: number; draft: number; submitted: number; returned: number; accepted: number; yellow: number; red: number; keySelected: number };
  /** Objects that could be monitored (approved goals of the year) that have no sheet yet. */
  missing: number;
}

/** A template the profile proposes (not stored until created). */
export interface RoundProposalDto {
  month: number;
  objectType: MonitoringObjectType;
  kind: MonitoringKind;
  title: string;
  issuedOn: string;
  dueOn: string;
  exists: boolean;
}

export interface KeyCandidateDto {
  projectId: string;
  code: string;
  name: string;
  unitName: string;
  annualBudgetFen: number;
  executedFen: number | null;
  executionRate: number | null;
  reason: string;
  selected: boolean;
}

export interface MonitoringSheetRowDto {
  id: string;
  roundId: string;
  objectType: MonitoringObjectType;
  projectId: string | null;
  projectCode: string | null;
  title: string;
  unitId: string;
  unitName: string;
  status: MonitoringSheetStatus;
  annualBudgetFen: number;
  executedFen: number | null;
  executionRate: number | null;
  timeProgress: number | null;
  warningLevel: WarningLevel | null;
  warningCount: number;
  keySelected: boolean;
  tags: FundTag[];
  budgetType: BudgetType | null;
}

export interface MonitoringValueDto {
  seq: number;
  indicatorId: string | null;
  level1: Level1Code;
  level2: Level2Code;
  name: string;
  valueType: 'quantitative' | 'qualitative';
  operator: Operator;
  targetValue: number | null;
  targetText: string;
  unit: string;
  actualValue: number | null;
  actualText: string;
  expectedValue: number | null;
  expectedText: string;
  progress: ProgressLight | null;
  causes: string[];
  causeNote: string;
  likelihood: Likelihood | null;
  measure: string;
}

export interface MonitoringWarningDto {
  id: string;
  sheetId: string;
  roundId: string;
  rule: string;
  ruleIndex: number;
  level: WarningLevel;
  indicator: string | null;
  message: string;
  numbers: Record<string, number>;
  suggestedActions: string[];
  profileId: string;
  profileVersion: number;
  /** For the warning list. */
  title: string;
  projectCode: string | null;
  unitName: string;
  decided: boolean;
}

export interface MonitoringDecisionDto {
  id: string;
  sheetId: string;
  warningRule: string | null;
  warningMessage: string | null;
  action: string;
  amountFen: number | null;
  note: string;
  decidedBy: string;
  decidedAt: string;
  rectificationId: string | null;
}

export interface MonitoringSheetDto extends MonitoringSheetRowDto {
  origin: string;
  readOnly: boolean;
  round: MonitoringRoundDto;
  goalSheetId: string | null;
  initialBudgetFen: number;
  /** 年初预算数 split like 全年 (财政拨款 / 其他资金 = 上年结转 + 其他); null for unit-overall sheets. */
  initialFiscalFen: number | null;
  initialOtherFen: number | null;
  fiscalBudgetFen: number;
  otherBudgetFen: number;
  executedFiscalFen: number | null;
  executedOtherFen: number | null;
  expectedFullYearFen: number | null;
  annualGoal: string;
  goalProgress: string;
  expectedGoal: string;
  targetProgress: number | null;
  gapPoints: number | null;
  relativeDeviation: number | null;
  keyReason: string | null;
  values: MonitoringValueDto[];
  warnings: MonitoringWarningDto[];
  decisions: MonitoringDecisionDto[];
  events: { at: string; username: string; action: string; fromStatus: MonitoringSheetStatus; toStatus: MonitoringSheetStatus; comment: string }[];
  /** Problems that keep the sheet from being submitted (Chinese). */
  problems: { seq: number | null; field: string; message: string }[];
  allowed: ('submit' | 'return' | 'accept')[];
  evaluatedAt: string | null;
  updatedAt: string;
  rev: number;
}

export interface RectificationDto {
  id: string;
  origin: string;
  readOnly: boolean;
  year: number;
  code: string;
  source: string;
  sourceId: string | null;
  projectId: string | null;
  projectCode: string | null;
  unitId: string | null;
  title: string;
  unitName: string;
  category: string;
  problem: string;
  requirement: string;
  owner: string;
  issuedOn: string;
  deadline: string;
  status: 'open' | 'inProgress' | 'done' | 'waived';
  /** Derived on read: open past its deadline. */
  overdue: boolean;
  progress: string;
  measures: string;
  amountFen: number | null;
  closedOn: string | null;
  updatedAt: string;
  rev: number;
}

/** Column mapping of a budget-system execution export, saved per office. */
export interface ExecutionMappingDto {
  sheet: string;
  codeHeader: string;
  amountHeader: string;
  amountUnit: 'yuan' | 'wan';
  fiscalHeader: string;
  otherHeader: string;
}

export interface ExecutionImportRow {
  code: string;
  name: string;
  executedFen: number;
  executedFiscalFen: number | null;
  executedOtherFen: number | null;
}

export interface MonitoringSummaryDto {
  year: number;
  roundId: string | null;
  month: number | null;
  /** Objects monitored vs objects that should be (approved goals), with amounts. */
  projects: { total: number; monitored: number; amountFen: number; monitoredAmountFen: number; executedFen: number };
  units: { total: number; monitored: number };
  byCategory: { category: string; label: string; total: number; monitored: number; amountFen: number; monitoredAmountFen: number; executedFen: number }[];
  byUnit: { unitId: string; unitName: string; annualBudgetFen: number; executedFen: number; executionRate: number | null; timeProgress: number | null; yellow: number; red: number }[];
  warningsByLevel: { level: WarningLevel; count: number }[];
  warningsByRule: { rule: string; level: WarningLevel; count: number }[];
  decisionsByAction: { action: string; count: number; amountFen: number }[];
  rectifications: { total: number; open: number; done: number; overdue: number };
}
