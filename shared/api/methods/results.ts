import { z } from 'zod';
import { method } from '../define.ts';
import type { FileDto } from '../dto.ts';
import type { Page } from '../dtoGoals.ts';
import type {
  AttachmentRefDto, DisclosureDto, DisclosureListDto, DisclosureRateDto, LinkageListDto, LinkageRowDto, RectificationLedgerDto, RectificationRatesDto,
} from '../dtoResults.ts';
import { fiscalYearSchema, idSchema } from '../schemas.ts';
import {
  disclosureAddSchema, ledgerFilterSchema, ledgerListSchema, linkageDecideSchema, rectificationCreateSchema, rectificationEvidenceSchema,
  rectificationLedgerSaveSchema,
} from '../schemasResults.ts';

const READERS = ['admin', 'performance', 'business', 'viewer'] as const;
/** The ledger is kept by the finance bureau (业务股室 and 绩效股), as the monitoring items are. */
const FINANCE = ['performance', 'business'] as const;
/** Budget-linkage decisions are the performance section's (绩效管理). */
const PERFORMANCE = ['performance'] as const;

/**
 * Use of results (结果应用, SPEC §9). The ledger methods extend the `rectifications.*` namespace
 * of methods/monitoring.ts ('rectifications.list' / 'rectifications.update' stay there).
 */
export const resultsMethods = {
  'rectifications.ledger': method<Page<RectificationLedgerDto>>()({ input: ledgerListSchema, access: READERS, write: false }),
  'rectifications.get': method<RectificationLedgerDto>()({ input: z.object({ id: idSchema }), access: READERS, write: false }),
  'rectifications.create': method<RectificationLedgerDto>()({ input: rectificationCreateSchema, access: FINANCE, write: true }),
  'rectifications.saveLedger': method<RectificationLedgerDto>()({ input: rectificationLedgerSaveSchema, access: FINANCE, write: true }),
  'rectifications.addEvidence': method<AttachmentRefDto>()({ input: rectificationEvidenceSchema, access: FINANCE, write: true }),
  'rectifications.rates': method<RectificationRatesDto>()({ input: ledgerFilterSchema.omit({ status: true, q: true }), access: READERS, write: false }),
  'rectifications.exportLedger': method<FileDto>()({ input: ledgerFilterSchema, access: READERS, write: false }),

  'results.linkageList': method<LinkageListDto>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
  'results.decideLinkage': method<LinkageRowDto>()({ input: linkageDecideSchema, access: PERFORMANCE, write: true }),
  'results.exportLinkage': method<FileDto>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
  /** 评价结果清单: every self-evaluation and every 部门评价 / 财政重点评价 of the year, two sheets. */
  'results.exportEvaluationList': method<FileDto>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),

  'results.disclosures': method<DisclosureListDto>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
  'results.addDisclosure': method<DisclosureDto>()({ input: disclosureAddSchema, access: FINANCE, write: true }),
  'results.removeDisclosure': method<{ id: string }>()({ input: z.object({ id: idSchema }), access: FINANCE, write: true }),
  'results.disclosureRate': method<DisclosureRateDto>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
} as const;
