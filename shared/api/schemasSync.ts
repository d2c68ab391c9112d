import { z } from 'zod';
import { OFFICE_LEVELS } from '../domain/office.ts';
import { fileSchema, fiscalYearSchema } from './schemas.ts';

const regionCode = z.string().trim().regex(/^\d{6}$/, { error: '行政区划代码应为 6 位数字' });

export const peerOfficeSaveSchema = z.object({
  regionCode,
  name: z.string().trim().min(1, { error: '请填写单位名称' }).max(80, { error: '单位名称不超过 80 字' }),
  level: z.enum(OFFICE_LEVELS, { error: '请选择层级' }),
  relation: z.enum(['parent', 'child'], { error: '请选择上级或下级' }),
  note: z.string().trim().max(500).default(''),
  /** Optimistic concurrency for edits; absent when registering. */
  rev: z.number().int().positive().optional(),
});

export const repinSchema = z.object({
  regionCode,
  reason: z.string().trim().min(4, { error: '请说明重新登记密钥的原因（至少 4 个字）' }).max(500),
});

export const bundleExportSchema = z.object({
  kind: z.enum(['up', 'down']),
  recipientRegionCode: regionCode,
  years: z.array(fiscalYearSchema).min(1, { error: '请至少选择一个年度' }).max(10),
});

export const bundleFileSchema = z.object({ file: fileSchema });

export const bundleCommitSchema = z.object({
  file: fileSchema,
  /** Required when the sender's key is not pinned yet: the fingerprint the user compared with the sender's. */
  confirmFingerprint: z.string().trim().optional(),
});

export const submissionDecideSchema = z.object({
  id: z.string().min(1),
  action: z.enum(['accept', 'return']),
  reason: z.string().trim().max(2000).default(''),
}).refine((v) => v.action !== 'return' || v.reason.length >= 2, { path: ['reason'], message: '退回须说明原因' });
