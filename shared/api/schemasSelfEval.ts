import { z } from 'zod';
import { fiscalYearSchema, idSchema, nonEmpty, regionCodeSchema } from './schemas.ts';
import { fenSchema } from './schemasGoals.ts';

/** 单位自评 status: filled in by the unit (via 业务股室), approved by the 主管部门, accepted by 财政. */
export const SELF_EVAL_STATUSES = ['draft', 'submitted', 'deptApproved', 'returned', 'accepted'] as const;
export const SELF_EVAL_TRANSITIONS = ['submit', 'deptApprove', 'accept', 'return'] as const;

export const selfEvalListSchema = z.object({
  year: fiscalYearSchema,
  ownerType: z.enum(['project', 'unitOverall']).optional(),
  unitId: z.string().optional(),
  status: z.enum(SELF_EVAL_STATUSES).optional(),
  grade: z.enum(['excellent', 'good', 'fair', 'low', 'poor', 'none']).optional(),
  q: z.string().trim().max(100).default(''),
  /** Only the evaluations of one office (its region code); absent = every office's. */
  origin: regionCodeSchema.optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(1000).default(100),
});

const score = z.number({ error: '分值应为数字' }).min(0, { error: '分值不能小于 0' }).max(100, { error: '分值不能大于 100' });

export const selfEvalRowInputSchema = z.object({
  seq: z.number().int().min(0),
  /** 分值 of the indicator (the profile's suggestion is pre-filled; the officer may edit). */
  weight: score,
  actualText: z.string().trim().max(200).default(''),
  notApplicable: z.boolean().default(false),
  qualitativeResult: z.enum(['achieved', 'partial', 'notAchieved']).nullable().default(null),
  /** The evaluator's score of a 定性 row (validated against its band), or a deduction override. */
  manualScore: z.number({ error: '得分应为数字' }).min(0, { error: '得分不能小于 0' }).max(100, { error: '得分不能大于 100' }).nullable().default(null),
  /** Over-completion because the target was set too low (the profile may then deduct). */
  targetTooLow: z.boolean().default(false),
  deviationReason: z.string().trim().max(2000).default(''),
});

/** 部门整体 sheets: 基本支出 (人员经费, 公用经费) as entered; null = not entered yet. */
export const selfEvalBasicSchema = z.object({
  personnelInitialFen: fenSchema.nullable().default(null),
  publicInitialFen: fenSchema.nullable().default(null),
  personnelAnnualFen: fenSchema.nullable().default(null),
  publicAnnualFen: fenSchema.nullable().default(null),
  personnelExecutedFen: fenSchema.nullable().default(null),
  publicExecutedFen: fenSchema.nullable().default(null),
});

export const selfEvalSaveSchema = z.object({
  id: idSchema,
  rev: z.number().int(),
  executedFen: fenSchema.nullable(),
  executedFiscalFen: fenSchema.nullable().default(null),
  executedCarryoverFen: fenSchema.nullable().default(null),
  executedOtherFen: fenSchema.nullable().default(null),
  /** 部门整体 only; its 全年执行数 (executedFen) is then derived: 基本支出 + 项目支出. */
  basic: selfEvalBasicSchema.nullable().default(null),
  goalCompletion: z.string().trim().max(4000).default(''),
  rows: z.array(selfEvalRowInputSchema).max(200),
});

export const selfEvalTransitionSchema = z.object({
  id: idSchema,
  transition: z.enum(SELF_EVAL_TRANSITIONS),
  comment: z.string().trim().max(1000).default(''),
}).superRefine((v, ctx) => {
  if (v.transition === 'return' && !v.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: '退回时请填写退回原因' });
});

export const selfEvalEvidenceSchema = z.object({
  id: idSchema,
  /** The indicator row the evidence supports; null = the whole evaluation. */
  seq: z.number().int().min(0).nullable().default(null),
  file: z.object({ name: nonEmpty('文件名', 255), base64: z.string().min(1, { error: '文件为空' }) }),
});

// ---------------------------------------------------------------- 自评报告提纲 (issue 5 item 1: selfEval.report)

/** The sections a 自评报告 can hold; the office chooses their order and titles (SPEC §5.6). */
export const SELF_EVAL_REPORT_SECTIONS = ['basic', 'goals', 'budget', 'conclusion', 'deviation', 'other'] as const;
export type SelfEvalReportSectionKey = (typeof SELF_EVAL_REPORT_SECTIONS)[number];

export const selfEvalOutlineSectionSchema = z.object({
  key: z.enum(SELF_EVAL_REPORT_SECTIONS, { error: '章节类型无效' }),
  title: z.string({ error: '请填写章节标题' }).trim().min(1, { error: '请填写章节标题' }).max(40, { error: '章节标题不能超过 40 个字' }),
  /** Text printed under the heading before the generated content (e.g. a standing explanation). */
  intro: z.string().trim().max(2000, { error: '章节说明不能超过 2000 个字' }).default(''),
});

export const selfEvalOutlineSchema = z
  .array(selfEvalOutlineSectionSchema)
  .min(1, { error: '提纲至少保留 1 个章节' })
  .max(12, { error: '提纲最多 12 个章节' })
  .superRefine((sections, ctx) => {
    const seen = new Set<string>();
    sections.forEach((s, i) => {
      if (seen.has(s.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `第 ${i + 1} 个章节与前面的章节类型重复` });
      seen.add(s.key);
    });
  });

export const selfEvalOutlineSaveSchema = z.object({ year: fiscalYearSchema, sections: selfEvalOutlineSchema });
