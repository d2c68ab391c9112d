import { z } from 'zod';
import type { GradeCode } from '../../domain/ruleProfile.ts';
import type { KeyEvalItem, KeyEvalLevel1 } from '../../rules/keyEvaluation.ts';
import type { GradeShare, KeyEvalEntry } from '../../rules/keyEvalScoring.ts';
import { method } from '../define.ts';
import type { FileDto } from '../dto.ts';
import { fiscalYearSchema, idSchema, nonEmpty } from '../schemas.ts';
import { keyEvalFrameworkSchema, keyEvalSaveSchema } from '../schemasKeyEval.ts';

export { keyEvalFrameworkSchema, keyEvalSaveSchema };

/** 部门评价 / 财政重点评价 and the registers of third-party agencies and experts (SPEC §5.7). */

const READERS = ['admin', 'performance', 'business', 'viewer'] as const;
/** Organising an evaluation, scoring it, completing it (which may open a rectification item) and the registers: 绩效管理. */
const PERFORMANCE = ['performance'] as const;

export const KEY_EVAL_KINDS = ['department', 'finance'] as const;
export const KEY_EVAL_OBJECT_TYPES = ['project', 'policy', 'unitOverall'] as const;
export const KEY_EVAL_EVALUATORS = ['finance', 'department', 'thirdParty'] as const;

export const keyEvalCreateSchema = z.object({
  year: fiscalYearSchema,
  kind: z.enum(KEY_EVAL_KINDS, { error: '请选择评价类型' }),
  objectType: z.enum(KEY_EVAL_OBJECT_TYPES, { error: '请选择评价对象类型' }),
  projectId: idSchema.nullable().default(null),
  unitId: idSchema,
  title: nonEmpty('评价名称', 200),
  evaluator: z.enum(KEY_EVAL_EVALUATORS, { error: '请选择评价主体' }),
  agencyId: idSchema.nullable().default(null),
  frameworkCode: nonEmpty('评价框架', 40),
});

export const keyEvalCompleteSchema = z.object({
  id: idSchema,
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '整改期限应为日期（YYYY-MM-DD）' }).nullable().default(null),
});

export const agencySaveSchema = z.object({
  id: idSchema.nullable().default(null),
  rev: z.number().int().optional(),
  name: nonEmpty('机构名称', 100),
  field: z.string().trim().max(200).default(''),
  contact: z.string().trim().max(200).default(''),
  qualification: z.string().trim().max(500).default(''),
  conflicts: z.string().trim().max(1000).default(''),
  active: z.boolean().default(true),
});

export const expertSaveSchema = z.object({
  id: idSchema.nullable().default(null),
  rev: z.number().int().optional(),
  name: nonEmpty('专家姓名', 60),
  field: z.string().trim().max(200).default(''),
  organisation: z.string().trim().max(200).default(''),
  contact: z.string().trim().max(200).default(''),
  conflicts: z.string().trim().max(1000).default(''),
  active: z.boolean().default(true),
});

export type KeyEvalKind = (typeof KEY_EVAL_KINDS)[number];
export type KeyEvalObjectType = (typeof KEY_EVAL_OBJECT_TYPES)[number];
export type KeyEvalEvaluator = (typeof KEY_EVAL_EVALUATORS)[number];

export interface KeyEvalRowDto {
  id: string;
  origin: string;
  readOnly: boolean;
  year: number;
  kind: KeyEvalKind;
  objectType: KeyEvalObjectType;
  projectId: string | null;
  projectCode: string | null;
  unitId: string;
  unitName: string;
  title: string;
  evaluator: KeyEvalEvaluator;
  agencyId: string | null;
  agencyName: string | null;
  frameworkCode: string;
  status: 'draft' | 'completed';
  total: number | null;
  grade: GradeCode | null;
  rectificationCode: string | null;
  updatedAt: string;
}

export interface KeyEvalDto extends KeyEvalRowDto {
  /** Level-1 weights: the sums of the items' weights. */
  weights: Record<KeyEvalLevel1, number>;
  items: KeyEvalItem[];
  /** Every expert's entry per item with the points computed by the item's method and the computation. */
  scores: KeyEvalEntry[];
  findings: string;
  recommendations: string;
  planQualityScore: number | null;
  reportQualityScore: number | null;
  profileId: string;
  profileVersion: number;
  expertAggregation: 'mean' | 'trimmedMean';
  /** The grade bands of the evaluation's profile version (the renderer recomputes live with them). */
  gradeBands: { grade: GradeCode; min: number }[];
  /** 等级计分: the grades an expert may give an item and the share of its weight each earns (profile setting). */
  gradeShares: GradeShare[];
  completedAt: string | null;
  editable: boolean;
  /** The framework (items, weights, methods) may still change: editable and no expert has scored yet. */
  frameworkEditable: boolean;
  rev: number;
}

export interface AgencyDto {
  id: string;
  origin: string;
  readOnly: boolean;
  name: string;
  field: string;
  contact: string;
  qualification: string;
  conflicts: string;
  active: boolean;
  /** Evaluations the agency carried out, with their mean plan/report quality scores. */
  evaluationCount: number;
  meanPlanQuality: number | null;
  meanReportQuality: number | null;
  rev: number;
}

export interface ExpertDto {
  id: string;
  origin: string;
  readOnly: boolean;
  name: string;
  field: string;
  organisation: string;
  contact: string;
  conflicts: string;
  active: boolean;
  rev: number;
}

export const keyEvalMethods = {
  'keyEval.list': method<KeyEvalRowDto[]>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
  'keyEval.create': method<KeyEvalDto>()({ input: keyEvalCreateSchema, access: PERFORMANCE, write: true }),
  'keyEval.get': method<KeyEvalDto>()({ input: z.object({ id: idSchema }), access: READERS, write: false }),
  'keyEval.saveFramework': method<KeyEvalDto>()({ input: keyEvalFrameworkSchema, access: PERFORMANCE, write: true }),
  'keyEval.saveScores': method<KeyEvalDto>()({ input: keyEvalSaveSchema, access: PERFORMANCE, write: true }),
  'keyEval.complete': method<KeyEvalDto>()({ input: keyEvalCompleteSchema, access: PERFORMANCE, write: true }),
  'keyEval.report': method<FileDto>()({ input: z.object({ id: idSchema }), access: READERS, write: false }),
  'agencies.list': method<AgencyDto[]>()({ input: z.object({}), access: READERS, write: false }),
  'agencies.save': method<AgencyDto>()({ input: agencySaveSchema, access: PERFORMANCE, write: true }),
  'experts.list': method<ExpertDto[]>()({ input: z.object({}), access: READERS, write: false }),
  'experts.save': method<ExpertDto>()({ input: expertSaveSchema, access: PERFORMANCE, write: true }),
} as const;
