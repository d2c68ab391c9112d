import { z } from 'zod';
import { MAX_SEED } from '../rules/recheckSample.ts';
import { fiscalYearSchema, idSchema } from './schemas.ts';

/** 财政复核 inputs (SPEC §5.7). */

export const recheckCreateSampleSchema = z.object({
  year: fiscalYearSchema,
  /** The random draw's seed; omitted → the service draws one and records it on the sample. */
  seed: z.number({ error: '随机种子应为整数' }).int({ error: '随机种子应为整数' }).min(0, { error: '随机种子不能小于 0' })
    .max(MAX_SEED, { error: `随机种子不能大于 ${MAX_SEED}` }).nullable().default(null),
  randomCount: z.number({ error: '随机抽取个数应为整数' }).int({ error: '随机抽取个数应为整数' }).min(0, { error: '随机抽取个数不能小于 0' }).max(1000, { error: '随机抽取个数不能大于 1000' }).default(0),
  topByAmount: z.number({ error: '按金额抽取个数应为整数' }).int({ error: '按金额抽取个数应为整数' }).min(0, { error: '按金额抽取个数不能小于 0' }).max(1000, { error: '按金额抽取个数不能大于 1000' }).default(0),
  includeRedWarnings: z.boolean().default(true),
  /** Self-scores below this are picked; null = off. */
  lowScoreBelow: z.number({ error: '低分线应为数字' }).min(0, { error: '低分线不能小于 0' }).max(100, { error: '低分线不能大于 100' }).nullable().default(null),
  /** Top up with the largest remaining until this share of the amount is sampled; null = off. */
  amountSharePct: z.number({ error: '金额占比应为数字' }).min(0, { error: '金额占比不能小于 0' }).max(100, { error: '金额占比不能大于 100' }).nullable().default(null),
  note: z.string().trim().max(500).default(''),
});

export const recheckRowInputSchema = z.object({
  seq: z.number().int().min(0),
  /** The re-check score of the row (0 … the row's 分值, checked in the service). */
  score: z.number({ error: '复核得分应为数字' }).min(0, { error: '复核得分不能小于 0' }).max(100, { error: '复核得分不能大于 100' }),
  comment: z.string().trim().max(1000).default(''),
});

export const recheckSaveSchema = z.object({
  itemId: idSchema,
  rev: z.number().int().optional(),
  rows: z.array(recheckRowInputSchema).max(200),
  opinion: z.string().trim().max(4000).default(''),
});

export const recheckCompleteSchema = z.object({
  itemId: idSchema,
  /** 整改期限 of the rectification item a large drop creates; default 30 days after today. */
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '整改期限应为日期（YYYY-MM-DD）' }).nullable().default(null),
});
