import { z } from 'zod';
import { method } from '../define.ts';
import type { FileDto } from '../dto.ts';
import { fiscalYearSchema, idSchema } from '../schemas.ts';
import type { AssessmentItem, AssessmentItemCode } from '../../rules/assessment.ts';

const READERS = ['admin', 'performance', 'business', 'viewer'] as const;
/** The assessment is the performance section's (绩效管理) work. */
const PERFORMANCE = ['performance'] as const;

export const ASSESSMENT_ITEM_CODES = [
  'goalCoverage', 'monitoringOnTime', 'selfEvalCompletion', 'selfEvalQuality', 'rectification', 'disclosure', 'management',
] as const satisfies readonly AssessmentItemCode[];

export interface AssessmentCellDto {
  itemCode: AssessmentItemCode;
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

export interface AssessmentDto {
  year: number;
  /** null before the first 计算. */
  tableId: string | null;
  name: string;
  status: 'draft' | 'published';
  computedAt: string | null;
  computedBy: string | null;
  profileId: string | null;
  profileVersion: number | null;
  items: AssessmentItem[];
  rows: AssessmentRowDto[];
}

export const assessmentSaveManualSchema = z.object({
  year: fiscalYearSchema,
  unitId: idSchema,
  itemCode: z.enum(ASSESSMENT_ITEM_CODES, { error: '考核项目不存在' }),
  /** null clears the manual score (the automatic one counts again). */
  score: z.number({ error: '请输入得分' }).nullable(),
  note: z.string().trim().max(500, { error: '说明不超过 500 字' }).default(''),
});

/** 绩效管理工作考核 (SPEC §9.4). */
export const assessmentMethods = {
  'assessment.compute': method<AssessmentDto>()({ input: z.object({ year: fiscalYearSchema }), access: PERFORMANCE, write: true }),
  'assessment.get': method<AssessmentDto>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
  'assessment.saveManual': method<AssessmentDto>()({ input: assessmentSaveManualSchema, access: PERFORMANCE, write: true }),
  'assessment.export': method<FileDto>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
} as const;
