import { z } from 'zod';
import { method } from '../define.ts';
import type { FileDto } from '../dto.ts';
import type { Page } from '../dtoGoals.ts';
import type { SelfEvalDto, SelfEvalEvidenceDto, SelfEvalRowDto } from '../dtoSelfEval.ts';
import { fiscalYearSchema, idSchema } from '../schemas.ts';
import {
  selfEvalEvidenceSchema, selfEvalListSchema, selfEvalOutlineSaveSchema, selfEvalSaveSchema, selfEvalTransitionSchema, type SelfEvalReportSectionKey,
} from '../schemasSelfEval.ts';

/** One section of the 自评报告 outline (the office's titles and order). */
export interface SelfEvalOutlineSectionDto {
  key: SelfEvalReportSectionKey;
  title: string;
  intro: string;
}

export interface SelfEvalOutlineDto {
  year: number;
  sections: SelfEvalOutlineSectionDto[];
  /** True while the office has not saved its own outline for the year (the default is shown). */
  isDefault: boolean;
}

const READERS = ['admin', 'performance', 'business', 'viewer'] as const;
/** Entry and the 主管部门 step on the units' behalf; 财政 acceptance is checked in the service (绩效管理 only). */
const FINANCE = ['performance', 'business'] as const;

/** 单位自评 (SPEC §5.2–5.6, §7.3). */
export const selfEvalMethods = {
  'selfEval.list': method<Page<SelfEvalRowDto>>()({ input: selfEvalListSchema, access: READERS, write: false }),
  /** Creates a draft for every own object of the year with an approved goal and no evaluation yet. */
  'selfEval.populate': method<{ created: number; existing: number; projects: number; units: number }>()({
    input: z.object({ year: fiscalYearSchema }), access: FINANCE, write: true,
  }),
  'selfEval.get': method<SelfEvalDto>()({ input: z.object({ id: idSchema }), access: READERS, write: false }),
  'selfEval.save': method<SelfEvalDto>()({ input: selfEvalSaveSchema, access: FINANCE, write: true }),
  'selfEval.transition': method<SelfEvalDto>()({ input: selfEvalTransitionSchema, access: FINANCE, write: true }),
  'selfEval.addEvidence': method<SelfEvalEvidenceDto>()({ input: selfEvalEvidenceSchema, access: FINANCE, write: true }),
  'selfEval.exportForm': method<FileDto>()({ input: z.object({ id: idSchema }), access: READERS, write: false }),
  /** 绩效自评报告 (.docx) in the office's outline of the evaluation's year. */
  'selfEval.report': method<FileDto>()({ input: z.object({ id: idSchema }), access: READERS, write: false }),
  'selfEval.getOutline': method<SelfEvalOutlineDto>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
  'selfEval.saveOutline': method<SelfEvalOutlineDto>()({ input: selfEvalOutlineSaveSchema, access: ['performance'], write: true }),
} as const;
