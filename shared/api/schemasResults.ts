import { z } from 'zod';
import { LINKAGE_ACTIONS } from '../domain/ruleProfile.ts';
import { fiscalYearSchema, fileSchema, idSchema, nonEmpty, regionCodeSchema } from './schemas.ts';
import { fenSchema } from './schemasGoals.ts';

/** Schemas of the use of results (结果应用, SPEC §9): 整改台账, 预算挂钩, 信息公开. */

const dateSchema = z.string({ error: '请填写日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' });
const text = (label: string, max: number) => z.string().trim().max(max, { error: `${label}不能超过 ${max} 个字` }).default('');

/** 来源环节 of a ledger item (SPEC §9.2). */
export const RECTIFICATION_SOURCE_CODES = ['exAnte', 'goalReview', 'monitoring', 'selfEvaluation', 'financeRecheck', 'departmentEvaluation', 'keyEvaluation', 'audit'] as const;
/** 问题类别 (SPEC §9.2). */
export const RECTIFICATION_CATEGORY_CODES = ['decision', 'funds', 'implementation', 'output', 'benefit', 'goalSetting', 'disclosure', 'other'] as const;

/** The ledger's filters, shared by the list, the rates and the export. */
export const ledgerFilterSchema = z.object({
  year: fiscalYearSchema,
  status: z.enum(['open', 'inProgress', 'done', 'waived', 'overdue']).optional(),
  source: z.enum(RECTIFICATION_SOURCE_CODES).optional(),
  /** A unit and every unit under it (a 主管部门 sees its subordinate units' items). */
  unitId: z.string().optional(),
  q: z.string().trim().max(100).default(''),
  /** Only the items of one office (its region code); absent = every office's. */
  origin: regionCodeSchema.optional(),
});
export const ledgerListSchema = ledgerFilterSchema.extend({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(1000).default(100),
});

/** The §9.2 fields kept beside the follow-up (status, progress) that rectifications.update writes. */
const ledgerFields = {
  category: z.enum(RECTIFICATION_CATEGORY_CODES, { error: '请选择问题类别' }),
  responsiblePerson: text('责任人', 40),
  departmentId: z.string().nullable().default(null),
  sourceRef: text('来源任务/报告', 200),
  amountFen: fenSchema.nullable().default(null),
  recoveredFen: fenSchema.nullable().default(null),
  fiscalSuggestion: text('财政调整建议', 1000),
};

export const rectificationCreateSchema = z.object({
  year: fiscalYearSchema,
  source: z.enum(RECTIFICATION_SOURCE_CODES, { error: '请选择来源环节' }),
  projectId: z.string().nullable().default(null),
  unitId: z.string().nullable().default(null),
  problem: nonEmpty('问题描述', 1000),
  requirement: nonEmpty('整改要求', 1000),
  owner: nonEmpty('整改责任单位', 80),
  issuedOn: dateSchema,
  deadline: dateSchema,
  ...ledgerFields,
}).superRefine((r, ctx) => {
  if (!r.projectId && !r.unitId) ctx.addIssue({ code: 'custom', path: ['unitId'], message: '请选择项目或单位' });
  if (r.deadline < r.issuedOn) ctx.addIssue({ code: 'custom', path: ['deadline'], message: '整改期限不能早于下发日期' });
  if (r.recoveredFen !== null && r.amountFen !== null && r.recoveredFen > r.amountFen) {
    ctx.addIssue({ code: 'custom', path: ['recoveredFen'], message: '调减/收回金额不能超过涉及金额' });
  }
});
export type RectificationCreateInput = z.input<typeof rectificationCreateSchema>;

export const rectificationLedgerSaveSchema = z.object({
  id: idSchema,
  rev: z.number().int(),
  ...ledgerFields,
  reviewOpinion: text('复核意见', 2000),
  reviewer: text('复核人', 40),
}).superRefine((r, ctx) => {
  if (r.recoveredFen !== null && r.amountFen !== null && r.recoveredFen > r.amountFen) {
    ctx.addIssue({ code: 'custom', path: ['recoveredFen'], message: '调减/收回金额不能超过涉及金额' });
  }
  if (r.reviewOpinion && !r.reviewer) ctx.addIssue({ code: 'custom', path: ['reviewer'], message: '填写复核意见时请填写复核人' });
});
export type RectificationLedgerSaveInput = z.input<typeof rectificationLedgerSaveSchema>;

export const rectificationEvidenceSchema = z.object({ id: idSchema, file: fileSchema });

// ---------------------------------------------------------------- 预算挂钩

export const linkageDecideSchema = z.object({
  /** The project; null for a unit overall (部门整体), named by unitId. */
  projectId: idSchema.nullable().default(null),
  unitId: idSchema.nullable().default(null),
  year: fiscalYearSchema,
  decision: z.enum(LINKAGE_ACTIONS, { error: '请选择挂钩结果' }),
  /** The change of next year's amount in 分; a cut is negative. */
  amountFen: z.number({ error: '调整金额应为数字' }).int({ error: '金额应精确到分' }).min(-9e15).max(9e15),
  note: text('说明', 1000),
}).superRefine((d, ctx) => {
  if ((d.projectId === null) === (d.unitId === null)) ctx.addIssue({ code: 'custom', path: ['projectId'], message: '请选择一个项目或一个部门整体' });
});
export type LinkageDecideInput = z.input<typeof linkageDecideSchema>;

// ---------------------------------------------------------------- 信息公开

export const DISCLOSURE_OBJECT_TYPES = ['goalSheet', 'selfEvaluation', 'evaluationReport', 'unitOverall'] as const;
export const DISCLOSURE_CHANNELS = ['website', 'notice', 'withBudget', 'withFinalAccounts'] as const;

export const disclosureAddSchema = z.object({
  year: fiscalYearSchema,
  objectType: z.enum(DISCLOSURE_OBJECT_TYPES, { error: '请选择公开内容' }),
  /** The goal sheet or self-evaluation; optional for 评价报告 / 部门整体 entries. */
  objectId: z.string().nullable().default(null),
  /** Required when there is no objectId (the unit is taken from the object otherwise). */
  unitId: z.string().nullable().default(null),
  /** Defaults to the object's name. */
  title: text('公开标题', 200),
  publishedOn: dateSchema,
  channel: z.enum(DISCLOSURE_CHANNELS, { error: '请选择公开方式' }),
  location: nonEmpty('公开位置（网址或文号）', 500),
  note: text('备注', 1000),
}).superRefine((d, ctx) => {
  if ((d.objectType === 'goalSheet' || d.objectType === 'selfEvaluation') && !d.objectId) {
    ctx.addIssue({ code: 'custom', path: ['objectId'], message: '请选择公开的绩效目标表或自评表' });
  }
  if (!d.objectId && !d.unitId) ctx.addIssue({ code: 'custom', path: ['unitId'], message: '请选择单位' });
  if (!d.objectId && !d.title) ctx.addIssue({ code: 'custom', path: ['title'], message: '请填写公开标题' });
});
export type DisclosureAddInput = z.input<typeof disclosureAddSchema>;
