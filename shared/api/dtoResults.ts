import type { GradeCode } from '../domain/ruleProfile.ts';
import type { RectificationRates } from '../rules/rectification.ts';
import type { LinkageAction, LinkageGradeSource, LinkageSuggestion } from '../rules/linkage.ts';
import type { RectificationDto } from './dtoMonitoring.ts';
import type { DISCLOSURE_CHANNELS, DISCLOSURE_OBJECT_TYPES } from './schemasResults.ts';

/** DTOs of the use of results (结果应用, SPEC §9). */

export interface AttachmentRefDto {
  id: string;
  name: string;
  size: number;
  createdAt: string;
  createdBy: string;
}

/** 整改台账 item: the monitoring item plus the SPEC §9.2 ledger fields. */
export interface RectificationLedgerDto extends RectificationDto {
  /** 主管部门: stored, or the top ancestor of the unit. */
  departmentId: string | null;
  departmentName: string;
  projectName: string | null;
  responsiblePerson: string;
  sourceRef: string;
  recoveredFen: number | null;
  fiscalSuggestion: string;
  reviewOpinion: string;
  reviewer: string;
  reviewedOn: string | null;
  /** Done: closed on or before the deadline; null while not done. */
  onTime: boolean | null;
  evidence: AttachmentRefDto[];
}

export interface RectificationRatesDto extends RectificationRates {
  year: number;
  /** The date overdue was judged against (YYYY-MM-DD). */
  today: string;
  bySource: ({ source: string } & RectificationRates)[];
}

export type { LinkageGradeSource };

export interface LinkageDecisionDto {
  decision: LinkageAction;
  amountFen: number;
  note: string;
  decidedBy: string;
  decidedAt: string;
  /** The grade the decision was made on; differs from the row's when a later re-check or evaluation changed it. */
  grade: GradeCode;
  gradeSource: LinkageGradeSource;
  baseFen: number;
  profileId: string;
  profileVersion: number;
  rev: number;
}

/** One final grade of an object: an accepted self-evaluation, a completed re-check or a completed key evaluation. */
export interface LinkageGradeDto {
  source: LinkageGradeSource;
  /** 部门评价 / 财政重点评价 (key evaluations only). */
  kind: 'department' | 'finance' | null;
  id: string;
  /** The key evaluation's title. */
  title: string | null;
  total: number | null;
  grade: GradeCode;
}

/** One object of the 预算挂钩建议清单: a project, or a unit overall (部门整体). */
export interface LinkageRowDto {
  objectType: 'project' | 'unitOverall';
  /** The project id, or `unit:<unitId>` for a unit overall. */
  key: string;
  projectId: string | null;
  projectCode: string | null;
  /** 项目名称, or “<单位> 部门整体支出”. */
  title: string;
  unitId: string;
  unitName: string;
  departmentId: string;
  departmentName: string;
  /** The grade that counts (shared/rules/linkage.ts pickLinkageGrade): key evaluation > 财政复核 > self-evaluation. */
  total: number | null;
  grade: GradeCode;
  gradeSource: LinkageGradeSource;
  /** 部门评价 / 财政重点评价 when the grade comes from a key evaluation. */
  gradeSourceKind: 'department' | 'finance' | null;
  sourceId: string;
  /** Every final grade of the object, the one that counts first. */
  grades: LinkageGradeDto[];
  /** The accepted self-evaluation's own total and grade (null without one). */
  selfTotal: number | null;
  selfGrade: GradeCode | null;
  /** Next year's base: this year's 全年预算数 (部门整体: 基本支出 + 项目支出). */
  baseFen: number;
  profileId: string;
  profileVersion: number;
  suggestion: LinkageSuggestion;
  decision: LinkageDecisionDto | null;
  /** The stored decision was made on another grade or base than the current one. */
  stale: boolean;
  readOnly: boolean;
}

export interface LinkageTotalsDto {
  count: number;
  decided: number;
  baseFen: number;
  /** Sum of the suggested changes (cuts negative): the range of the ladder. */
  suggestedMinFen: number;
  suggestedMaxFen: number;
  decidedCutFen: number;
  decidedAddFen: number;
  byGrade: Partial<Record<GradeCode, number>>;
}

export interface LinkageListDto {
  year: number;
  targetYear: number;
  /** Units overall first within each unit, then its projects. */
  rows: LinkageRowDto[];
  /** Over the projects. */
  totals: LinkageTotalsDto;
  /** Over the units overall (kept apart: a unit's base includes its projects'). */
  unitTotals: LinkageTotalsDto;
}

export type DisclosureObjectType = (typeof DISCLOSURE_OBJECT_TYPES)[number];
export type DisclosureChannel = (typeof DISCLOSURE_CHANNELS)[number];

export interface DisclosureDto {
  id: string;
  origin: string;
  readOnly: boolean;
  year: number;
  objectType: DisclosureObjectType;
  objectId: string | null;
  unitId: string;
  unitName: string;
  projectId: string | null;
  projectCode: string | null;
  title: string;
  publishedOn: string;
  channel: DisclosureChannel;
  location: string;
  note: string;
  createdBy: string;
  createdAt: string;
}

/** An approved/published goal sheet or accepted self-evaluation that may be disclosed. */
export interface DisclosureCandidateDto {
  objectType: 'goalSheet' | 'selfEvaluation';
  objectId: string;
  unitId: string;
  unitName: string;
  projectId: string | null;
  projectCode: string | null;
  title: string;
  status: string;
  /** Channels it has been published through already (empty: not yet disclosed). */
  channels: DisclosureChannel[];
}

export interface DisclosureListDto {
  year: number;
  rows: DisclosureDto[];
  /** Disclosable objects not yet disclosed. */
  candidates: DisclosureCandidateDto[];
  /** Goal sheets and self-evaluations left out because the unit or project is 涉密. */
  excludedConfidential: number;
}

export interface DisclosureRateDto {
  year: number;
  byType: { objectType: DisclosureObjectType; disclosable: number | null; disclosed: number; rate: number | null }[];
  /** Over goal sheets and self-evaluations, the objects with a known denominator. */
  overall: { disclosable: number; disclosed: number; rate: number | null };
  excludedConfidential: number;
}
