import type { GradeCode, ExAnteConclusion, RuleProfileBody } from '../domain/ruleProfile.ts';
import type { Level1Code, Level2Code, Operator, ProjectTypeCode } from '../domain/indicators.ts';
import type { BudgetType, FundTag, ProjectAttribute, ProjectStatus } from '../domain/projects.ts';
import type { GoalReviewAction } from '../rules/goalReview.ts';
import type { GoalProblem } from '../rules/goalValidation.ts';

/** 规则方案 list row. */
export interface ProfileSummaryDto {
  id: string;
  origin: string;
  code: string;
  name: string;
  description: string;
  builtin: boolean;
  readOnly: boolean;
  currentVersion: number;
  /** Fiscal years that use this profile. */
  years: number[];
  updatedAt: string;
}

export interface ProfileDto extends ProfileSummaryDto {
  version: number;
  body: RuleProfileBody;
  versions: { version: number; note: string; createdAt: string; createdBy: string }[];
}

/** 指标库 entry. */
export interface LibraryEntryDto {
  id: string;
  origin: string;
  readOnly: boolean;
  code: string;
  libraryKind: 'common' | 'industry' | 'local';
  field: string;
  projectType: ProjectTypeCode;
  level1: Level1Code;
  level2: Level2Code;
  name: string;
  explanation: string;
  valueType: 'quantitative' | 'qualitative';
  operator: Operator;
  unit: string;
  referenceValue: string;
  valueBasis: 'plan' | 'industry' | 'history' | 'other';
  formula: string;
  scoringRule: string;
  dataSource: string;
  appliesTo: ('project' | 'unitOverall' | 'policy')[];
  isCore: boolean;
  startYear: number | null;
  endYear: number | null;
  sourceDoc: string;
  retired: boolean;
  updatedAt: string;
}

export interface Page<T> {
  rows: T[];
  total: number;
}

/** Money in a project: integer 分, split by source. */
export interface MoneySplit {
  fiscalFen: number;
  carryoverFen: number;
  otherFen: number;
}

/** 项目 list row (kept small: the list holds thousands). */
export interface ProjectRowDto {
  id: string;
  origin: string;
  readOnly: boolean;
  year: number;
  code: string;
  name: string;
  unitId: string;
  unitName: string;
  objectType: 'project' | 'policy';
  attribute: ProjectAttribute;
  budgetType: BudgetType;
  tags: FundTag[];
  initialTotalFen: number;
  annualTotalFen: number;
  midYearAddition: boolean;
  newMajor: boolean;
  confidential: boolean;
  status: ProjectStatus;
  goalStatus: GoalStatus | null;
  exAnteConclusion: ExAnteConclusion | null;
  /** Whether the profile requires an ex-ante assessment for this project. */
  exAnteRequired: boolean;
}

export interface ProjectDto extends ProjectRowDto {
  category: string;
  projectType: ProjectTypeCode;
  startMonth: string | null;
  endMonth: string | null;
  initial: MoneySplit;
  annual: MoneySplit;
  midTermTotalFen: number | null;
  manager: string;
  phone: string;
  basis: string;
  goalSheetId: string | null;
  /** Why the project cannot enter the library or have its goal approved, if it cannot (Chinese). */
  gateProblem: string | null;
  updatedAt: string;
  rev: number;
}

export const GOAL_STATUSES = ['draft', 'submitted', 'deptApproved', 'returned', 'reviewed', 'approved', 'published', 'notFunded'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export interface GoalIndicatorDto {
  id: string;
  seq: number;
  level1: Level1Code;
  level2: Level2Code;
  name: string;
  valueType: 'quantitative' | 'qualitative';
  operator: Operator;
  targetValue: number | null;
  targetText: string;
  unit: string;
  midTermText: string;
  explanation: string;
  scoringRule: string;
  valueBasis: 'plan' | 'industry' | 'history' | 'other';
  dataSource: string;
  isCore: boolean;
  libraryId: string | null;
}

export interface GoalEventDto {
  at: string;
  username: string;
  action: string;
  fromStatus: GoalStatus;
  toStatus: GoalStatus;
  comment: string;
}

export interface GoalReviewDto {
  id: string;
  reviewer: string;
  reviewedAt: string;
  scores: Record<string, number>;
  total: number;
  grade: GradeCode;
  action: GoalReviewAction;
  opinion: string;
  profileId: string;
  profileVersion: number;
}

export interface GoalAdjustmentDto {
  at: string;
  username: string;
  reason: string;
  before: GoalIndicatorDto[];
  after: GoalIndicatorDto[];
}

/** 绩效目标表 (project or unit overall), with everything the editor and the forms need. */
export interface GoalSheetDto {
  id: string;
  origin: string;
  readOnly: boolean;
  year: number;
  ownerType: 'project' | 'unitOverall';
  projectId: string | null;
  unitId: string;
  unitName: string;
  title: string;
  status: GoalStatus;
  locked: boolean;
  annualGoal: string;
  midTermGoal: string;
  unitDuties: string;
  indicators: GoalIndicatorDto[];
  events: GoalEventDto[];
  reviews: GoalReviewDto[];
  adjustments: GoalAdjustmentDto[];
  check: { errors: GoalProblem[]; warnings: GoalProblem[] };
  /** Transitions the signed-in user may make now. */
  allowed: GoalTransition[];
  updatedAt: string;
  rev: number;
}

export const GOAL_TRANSITIONS = ['submit', 'deptApprove', 'return', 'review', 'approve', 'publish'] as const;
export type GoalTransition = (typeof GOAL_TRANSITIONS)[number];

export interface GoalQueueRowDto {
  sheetId: string;
  ownerType: 'project' | 'unitOverall';
  projectId: string | null;
  unitId: string;
  title: string;
  projectCode: string | null;
  unitName: string;
  status: GoalStatus;
  annualTotalFen: number;
  indicatorCount: number;
  updatedAt: string;
  lastReviewGrade: GradeCode | null;
}

export interface ExAnteDto {
  id: string | null;
  projectId: string;
  required: boolean;
  assessorType: 'self' | 'finance' | 'thirdParty';
  agency: string;
  assessedOn: string | null;
  status: 'draft' | 'completed';
  scores: { expert: string; dimension: string; score: number; opinion: string }[];
  dimensions: { code: string; label: string; weight: number; score: number | null; experts: number }[];
  total: number | null;
  conclusion: ExAnteConclusion | null;
  adjustmentNotes: string;
  adjustmentFen: number | null;
  summary: string;
  profileId: string | null;
  profileVersion: number | null;
  problems: string[];
  attachments: { id: string; name: string; size: number; createdAt: string }[];
}

/** One cell of the coverage table: count and amount, total and covered. */
export interface CoverageCell {
  count: number;
  covered: number;
  amountFen: number;
  coveredAmountFen: number;
}

export interface CoverageDto {
  year: number;
  projects: CoverageCell;
  units: { count: number; covered: number };
  byBudgetType: ({ budgetType: BudgetType } & CoverageCell)[];
  byTag: ({ tag: FundTag } & CoverageCell)[];
  byStatus: { status: GoalStatus | 'none'; count: number; amountFen: number }[];
  exAnte: { required: number; completed: number; support: number; adjust: number; reject: number };
  midYearAdditions: CoverageCell;
}
