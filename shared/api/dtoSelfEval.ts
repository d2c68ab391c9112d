import type { GradeCode } from '../domain/ruleProfile.ts';
import type { Level1Code, Level2Code, Operator } from '../domain/indicators.ts';
import type { QualitativeResult, SelfEvalResult } from '../rules/selfEvaluation.ts';
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
