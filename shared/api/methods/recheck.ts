import { z } from 'zod';
import { method } from '../define.ts';
import type { FileDto } from '../dto.ts';
import type { RecheckItemDto, RecheckItemRowDto, RecheckSampleDto } from '../dtoRecheck.ts';
import { fiscalYearSchema, idSchema } from '../schemas.ts';
import { recheckCompleteSchema, recheckCreateSampleSchema, recheckSaveSchema } from '../schemasRecheck.ts';

const READERS = ['admin', 'performance', 'business', 'viewer'] as const;
/** Drawing a sample and completing a re-check (which may open a rectification item): 绩效管理. */
const PERFORMANCE = ['performance'] as const;
/** Entering re-check scores: 财政 staff (绩效管理 and 业务股室). */
const FINANCE = ['performance', 'business'] as const;

/** 财政复核 of self-evaluations (SPEC §5.7). */
export const recheckMethods = {
  'recheck.createSample': method<RecheckSampleDto>()({ input: recheckCreateSampleSchema, access: PERFORMANCE, write: true }),
  'recheck.samples': method<RecheckSampleDto[]>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
  'recheck.items': method<RecheckItemRowDto[]>()({ input: z.object({ sampleId: idSchema }), access: READERS, write: false }),
  'recheck.get': method<RecheckItemDto>()({ input: z.object({ itemId: idSchema }), access: READERS, write: false }),
  'recheck.save': method<RecheckItemDto>()({ input: recheckSaveSchema, access: FINANCE, write: true }),
  'recheck.complete': method<RecheckItemDto>()({ input: recheckCompleteSchema, access: PERFORMANCE, write: true }),
  'recheck.exportList': method<FileDto>()({ input: z.object({ sampleId: idSchema }), access: READERS, write: false }),
} as const;
