import type { GradeCode } from '../domain/ruleProfile.ts';
import type { Level1Code, Level2Code, Operator } from '../domain/indicators.ts';
import type { QualitativeResult, SelfEvalResult } from '../rules/selfEvaluation.ts';
import type { ProjectPart, UnitBasicMoney, UnitOverallMoney } from '../rules/unitOverallMoney.ts';
import type { SELF_EVAL_STATUSES, SELF_EVAL_TRANSITIONS } from './schemasSelfEval.ts';

export type SelfEvalStatus = (typeof SELF_EVAL_STATUSES)[number];
export type SelfEvalTransition = (typeof SELF_EVAL_TRANSITIONS)[number];
export type SelfEvalOwnerType = 'project' | 'unitOverall';

/** 自评 list row. */
export interface SelfEvalRowDto {
  id: string;
  origin: string;
  readOnly: boolean;
  year: number;
  ownerType: SelfEvalOwnerType;
  projectId: string | null;
  projectCode: string | null;
  /** 项目名称, or “<单位> 部门整体支出”. */
  title: string;
  unitId: string;
  unitName: string;
  status: SelfEvalStatus;
  annualBudgetFen: number;
  executedFen: number | null;
  /** 执行率 in % (two decimals), null while no 全年执行数 is entered. */
  executionRate: number | null;
  total: number | null;
  grade: GradeCode | null;
  updatedAt: string;
}

/** Money by source in 分 (SPEC §5.2 rows 其中：当年财政拨款 / 上年结转资金 / 其他资金). */
export interface SelfEvalMoneyDto {
  totalFen: number;
  fiscalFen: number;
  carryoverFen: number;
  otherFen: number;
}

export interface SelfEvalIndicatorDto {
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
  weight: number;
  actualValue: number | null;
  actualText: string;
  notApplicable: boolean;
  qualitativeResult: QualitativeResult | null;
  manualScore: number | null;
  targetTooLow: boolean;
  deviationReason: string;
  /** As stored at the last save. */
  score: number | null;
}

export interface SelfEvalEvidenceDto {
  id: string;
  seq: number | null;
  name: string;
  size: number;
  createdAt: string;
  createdBy: string;
}

/** A project summed into the 项目支出 of its unit's 部门整体 sheet. */
export interface SelfEvalUnitProjectDto {
  projectId: string;
  code: string;
  name: string;
  initialFen: number;
  annualFen: number;
  /** The project's 全年执行数: its self-evaluation's figure, else its latest monitored one; null: none yet (counted 0). */
  executedFen: number | null;
  executedFrom: 'selfEvaluation' | 'monitoring' | null;
}

/** 部门整体支出绩效自评表 money (SPEC §7.3): 基本支出 entered by the unit, 项目支出 from its projects. */
export interface SelfEvalUnitOverallDto {
  basic: UnitBasicMoney;
  /** 项目支出 stored with the sheet (refreshed from the projects at every save). */
  project: ProjectPart;
  /** 项目支出 from the projects now: differs from `project` when a project changed since the last save. */
  projectNow: ProjectPart;
  projects: SelfEvalUnitProjectDto[];
  /** The lines of the stored figures (total, 基本支出, 人员经费, 公用经费, 项目支出) with their rates. */
  money: UnitOverallMoney;
}

export interface SelfEvalDto extends SelfEvalRowDto {
  goalSheetId: string;
  profileId: string;
  profileVersion: number;
  department: string;
  implementingUnit: string;
  initial: SelfEvalMoneyDto;
  annual: SelfEvalMoneyDto;
  executedFiscalFen: number | null;
  executedCarryoverFen: number | null;
  executedOtherFen: number | null;
  /** 部门整体 sheets only (null for projects): the 基本支出 / 项目支出 split. */
  unitOverall: SelfEvalUnitOverallDto | null;
  annualGoal: string;
  goalCompletion: string;
  rows: SelfEvalIndicatorDto[];
  /** Computed on read with the profile version stored on the evaluation. */
  result: SelfEvalResult;
  rawTotal: number | null;
  normalizedTotal: number | null;
  evidence: SelfEvalEvidenceDto[];
  events: { at: string; username: string; action: string; fromStatus: SelfEvalStatus; toStatus: SelfEvalStatus; comment: string }[];
  /** What keeps the evaluation from being submitted (Chinese), pointing at the form's fields. */
  problems: { seq: number | null; field: string; message: string }[];
  allowed: SelfEvalTransition[];
  rev: number;
}
