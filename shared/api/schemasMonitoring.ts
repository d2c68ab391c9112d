import { z } from 'zod';
import { fiscalYearSchema, idSchema, nonEmpty, fileSchema } from './schemas.ts';
import { fenSchema } from './schemasGoals.ts';

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' });
const monthSchema = z.number({ error: '截止月份应为数字' }).int().min(1, { error: '截止月份应在 1–12 之间' }).max(12, { error: '截止月份应在 1–12 之间' });

export const DECISION_ACTIONS = ['remind', 'interview', 'rectify', 'adjustGoal', 'reduceBudget', 'reallocate', 'suspendPayment', 'stopPayment', 'recoverFunds', 'suspendProject'] as const;
export const MONEY_DECISION_ACTIONS = ['reduceBudget', 'reallocate', 'suspendPayment', 'stopPayment', 'recoverFunds'] as const;
export const DEVIATION_CAUSES = ['funding', 'institution', 'staffing', 'hardware', 'other'] as const;

export const roundCreateSchema = z.object({
  year: fiscalYearSchema,
  month: monthSchema,
  objectType: z.enum(['project', 'unitOverall']),
  kind: z.enum(['self', 'key']),
  title: nonEmpty('批次名称', 60),
  issuedOn: dateSchema,
  dueOn: dateSchema,
}).superRefine((r, ctx) => {
  if (r.dueOn < r.issuedOn) ctx.addIssue({ code: 'custom', path: ['dueOn'], message: '填报截止日期不能早于下发日期' });
});
export const roundUpdateSchema = z.object({ id: idSchema, rev: z.number().int(), title: nonEmpty('批次名称', 60), issuedOn: dateSchema, dueOn: dateSchema, status: z.enum(['open', 'closed']) });

export const sheetListSchema = z.object({
  roundId: idSchema,
  unitId: z.string().optional(),
  status: z.enum(['draft', 'submitted', 'returned', 'accepted']).optional(),
  level: z.enum(['yellow', 'red', 'none']).optional(),
  keyOnly: z.boolean().default(false),
  q: z.string().trim().max(100).default(''),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(1000).default(100),
});

export const monitoringValueInputSchema = z.object({
  seq: z.number().int().min(0),
  actualText: z.string().trim().max(200).default(''),
  expectedText: z.string().trim().max(200).default(''),
  progress: z.enum(['achieved', 'partial', 'notAchieved']).nullable().default(null),
  causes: z.array(z.string().max(40)).max(10).default([]),
  causeNote: z.string().trim().max(1000).default(''),
  likelihood: z.enum(['certain', 'possible', 'impossible']).nullable().default(null),
  measure: z.string().trim().max(1000).default(''),
});

export const sheetSaveSchema = z.object({
  sheetId: idSchema,
  rev: z.number().int(),
  executedFen: fenSchema.nullable(),
  executedFiscalFen: fenSchema.nullable().default(null),
  executedOtherFen: fenSchema.nullable().default(null),
  expectedFullYearFen: fenSchema.nullable().default(null),
  goalProgress: z.string().trim().max(4000).default(''),
  expectedGoal: z.string().trim().max(4000).default(''),
  values: z.array(monitoringValueInputSchema).max(200),
});

export const sheetTransitionSchema = z.object({
  sheetId: idSchema,
  transition: z.enum(['submit', 'return', 'accept']),
  comment: z.string().trim().max(1000).default(''),
}).superRefine((v, ctx) => {
  if (v.transition === 'return' && !v.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: '退回时请填写退回原因' });
});

export const executionMappingSchema = z.object({
  sheet: z.string().trim().max(31).default(''),
  codeHeader: nonEmpty('项目编码列', 40),
  amountHeader: nonEmpty('执行数列', 40),
  amountUnit: z.enum(['yuan', 'wan']),
  fiscalHeader: z.string().trim().max(40).default(''),
  otherHeader: z.string().trim().max(40).default(''),
});
export const executionImportSchema = z.object({ roundId: idSchema, file: fileSchema, mapping: executionMappingSchema });

export const warningListSchema = z.object({
  year: fiscalYearSchema,
  roundId: z.string().optional(),
  level: z.enum(['yellow', 'red']).optional(),
  rule: z.string().optional(),
  unitId: z.string().optional(),
  undecidedOnly: z.boolean().default(false),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(1000).default(100),
});

export const decisionSchema = z.object({
  sheetId: idSchema,
  warningId: z.string().nullable().default(null),
  action: z.enum(DECISION_ACTIONS),
  amountFen: fenSchema.nullable().default(null),
  note: z.string().trim().max(2000).default(''),
  /** For 限期整改: the rectification item. */
  rectification: z.object({
    problem: nonEmpty('问题描述', 1000),
    requirement: nonEmpty('整改要求', 1000),
    owner: nonEmpty('整改责任单位', 80),
    deadline: dateSchema,
  }).nullable().default(null),
}).superRefine((d, ctx) => {
  if ((MONEY_DECISION_ACTIONS as readonly string[]).includes(d.action) && (d.amountFen === null || d.amountFen <= 0)) {
    ctx.addIssue({ code: 'custom', path: ['amountFen'], message: '涉及资金的处理须填写金额' });
  }
  if (d.action === 'rectify' && !d.rectification) ctx.addIssue({ code: 'custom', path: ['rectification'], message: '限期整改须填写问题、整改要求、责任单位和整改期限' });
});

export const rectificationListSchema = z.object({
  year: fiscalYearSchema,
  status: z.enum(['open', 'inProgress', 'done', 'waived', 'overdue']).optional(),
  source: z.string().optional(),
  q: z.string().trim().max(100).default(''),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(1000).default(100),
});
export const rectificationUpdateSchema = z.object({
  id: idSchema,
  rev: z.number().int(),
  status: z.enum(['open', 'inProgress', 'done', 'waived']),
  progress: z.string().trim().max(2000).default(''),
  measures: z.string().trim().max(2000).default(''),
  closedOn: dateSchema.nullable().default(null),
}).superRefine((r, ctx) => {
  if (r.status === 'done' && !r.closedOn) ctx.addIssue({ code: 'custom', path: ['closedOn'], message: '销号时请填写完成日期' });
  if (r.status === 'waived' && !r.progress) ctx.addIssue({ code: 'custom', path: ['progress'], message: '不予整改须说明原因' });
});

export const causeDictionarySchema = z.object({
  causes: z.array(z.object({ code: z.string().trim().regex(/^[a-zA-Z0-9_-]{1,30}$/, { error: '编码应为字母、数字、_ 或 -' }), label: nonEmpty('偏差原因', 30), active: z.boolean() })).min(1).max(30),
});

export { monthSchema as monitoringMonthSchema, dateSchema };
