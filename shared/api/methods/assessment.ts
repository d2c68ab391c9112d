import { z } from 'zod';
import { method } from '../define.ts';
import type { FileDto } from '../dto.ts';
import { fiscalYearSchema, idSchema, nonEmpty } from '../schemas.ts';
import type { AssessmentItem } from '../../rules/assessment.ts';

const READERS = ['admin', 'performance', 'business', 'viewer'] as const;
/** The assessment is the performance section's (绩效管理) work. */
const PERFORMANCE = ['performance'] as const;

export interface AssessmentCellDto {
  itemCode: string;
  /** The rate the automatic score rests on (fraction 0–1); null when the data cannot give it. */
  rate: number | null;
  autoScore: number | null;
  manualScore: number | null;
  note: string;
  enteredBy: string | null;
  /** The score that counts (manual when entered, else automatic). */
  score: number | null;
  needsManual: boolean;
}

export interface AssessmentRowDto {
  unitId: string;
  unitCode: string;
  unitName: string;
  cells: AssessmentCellDto[];
  total: number;
  /** Every item has a score. */
  complete: boolean;
  rank: number;
}

/** A publication or a withdrawal of the year's table. */
export interface AssessmentEventDto {
  action: 'publish' | 'withdraw';
  at: string;
  username: string;
  reason: string;
}

export interface AssessmentDto {
  year: number;
  /** null while the year has neither an edited item set nor a computation. */
  tableId: string | null;
  name: string;
  /** draft: computed (or not yet) and editable; published: 已发布, locked until withdrawn. */
  status: 'draft' | 'published';
  computedAt: string | null;
  computedBy: string | null;
  profileId: string | null;
  profileVersion: number | null;
  items: AssessmentItem[];
  /** The item set may still be edited: no computation yet (and the caller is 绩效管理). */
  itemsEditable: boolean;
  rows: AssessmentRowDto[];
  /** Publications and withdrawals, oldest first. */
  events: AssessmentEventDto[];
}

export const assessmentSaveManualSchema = z.object({
  year: fiscalYearSchema,
  unitId: idSchema,
  itemCode: z.string({ error: '考核项目不存在' }).min(1, { error: '考核项目不存在' }).max(40),
  /** null clears the manual score (the automatic one counts again). */
  score: z.number({ error: '请输入得分' }).nullable(),
  note: z.string().trim().max(500, { error: '说明不超过 500 字' }).default(''),
});

export const assessmentItemsSchema = z.object({
  year: fiscalYearSchema,
  items: z.array(z.object({
    /** An automatic item's measure; a manual item's code (null for a new manual item: assigned on save). */
    code: z.string().trim().max(40).nullable().default(null),
    label: z.string().trim().max(40, { error: '名称不超过 40 个字' }),
    weight: z.number({ error: '分值应为数字' }).min(0, { error: '分值不能小于 0' }).max(100, { error: '分值不能大于 100' }),
    source: z.enum(['auto', 'manual'], { error: '请选择计分方式' }),
    /** A manual item's scoring rule (an automatic item's rule is written from its measure and weight). */
    rule: z.string().trim().max(300, { error: '评分标准不超过 300 个字' }).default(''),
  })).max(30, { error: '考核项目不超过 30 个' }),
});

export const assessmentWithdrawSchema = z.object({
  year: fiscalYearSchema,
  reason: nonEmpty('撤回原因', 500),
});

/** 绩效管理工作考核 (SPEC §9.4). */
export const assessmentMethods = {
  'assessment.saveItems': method<AssessmentDto>()({ input: assessmentItemsSchema, access: PERFORMANCE, write: true }),
  'assessment.publish': method<AssessmentDto>()({ input: z.object({ year: fiscalYearSchema }), access: PERFORMANCE, write: true }),
  'assessment.withdraw': method<AssessmentDto>()({ input: assessmentWithdrawSchema, access: PERFORMANCE, write: true }),
  'assessment.compute': method<AssessmentDto>()({ input: z.object({ year: fiscalYearSchema }), access: PERFORMANCE, write: true }),
  'assessment.get': method<AssessmentDto>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
  'assessment.saveManual': method<AssessmentDto>()({ input: assessmentSaveManualSchema, access: PERFORMANCE, write: true }),
  'assessment.export': method<FileDto>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
} as const;
