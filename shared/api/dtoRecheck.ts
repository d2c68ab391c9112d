import type { GradeCode } from '../domain/ruleProfile.ts';
import type { Level1Code, Level2Code } from '../domain/indicators.ts';
import type { RecheckReason, RecheckSampleRules } from '../rules/recheckSample.ts';
import type { QualitativeResult, SelfEvalResult } from '../rules/selfEvaluation.ts';

export type RecheckItemStatus = 'pending' | 'done';

/** One 财政复核 sample (抽样批次) of a year. */
export interface RecheckSampleDto {
  id: string;
  origin: string;
  readOnly: boolean;
  year: number;
  seed: number;
  rules: RecheckSampleRules;
  note: string;
  populationCount: number;
  populationFen: number;
  sampledCount: number;
  sampledFen: number;
  /** Sampled share of the population's amount in %, 2 dp. */
  sharePct: number | null;
  doneCount: number;
  createdBy: string;
  createdAt: string;
}

/** A sampled self-evaluation: the self-assessed total and grade beside the re-checked ones. */
export interface RecheckItemRowDto {
  id: string;
  sampleId: string;
  evaluationId: string;
  projectId: string | null;
  projectCode: string | null;
  title: string;
  unitName: string;
  /** 全年预算数 when sampled (分). */
  amountFen: number;
  reasons: RecheckReason[];
  status: RecheckItemStatus;
  selfTotal: number | null;
  selfGrade: GradeCode | null;
  recheckTotal: number | null;
  recheckGrade: GradeCode | null;
  /** 复核得分 − 自评得分 (2 dp); null until re-checked. */
  difference: number | null;
  reviewer: string | null;
  reviewedAt: string | null;
  rectificationCode: string | null;
}

export interface RecheckRowDto {
  seq: number;
  level1: Level1Code;
  level2: Level2Code;
  name: string;
  valueType: 'quantitative' | 'qualitative';
  targetText: string;
  actualText: string;
  qualitativeResult: QualitativeResult | null;
  notApplicable: boolean;
  weight: number;
  selfScore: number | null;
  /** The re-checker's score as saved; null = not entered (the self score stands). */
  recheckScore: number | null;
  comment: string;
  /** Score used in the re-checked total − self score (0 when not entered; null for N/A rows). */
  difference: number | null;
  deviationReason: string;
}

export interface RecheckItemDto extends RecheckItemRowDto {
  readOnly: boolean;
  year: number;
  profileId: string;
  profileVersion: number;
  executionRate: number | null;
  executionScore: number;
  rows: RecheckRowDto[];
  /** The re-checked figures recomputed from the saved row scores. */
  computed: { indicatorTotal: number; rawTotal: number; normalizedTotal: number | null; capped: boolean; total: number; grade: GradeCode };
  selfRawTotal: number | null;
  /** The engine's result for the evaluation as it stands (the renderer recomputes the re-check live from it). */
  selfResult: SelfEvalResult;
  opinion: string;
  /** One line per row whose score changed (Chinese). */
  differences: string[];
  editable: boolean;
  canComplete: boolean;
  rev: number;
}
