import { z } from 'zod';
import { ruleProfileBodySchema } from '../domain/ruleProfile.ts';
import { LEVEL1, LEVEL2, OPERATORS, VALUE_BASES, VALUE_TYPES, PROJECT_TYPES, libraryEntrySchema, type Level1Code, type Level2Code, type ProjectTypeCode } from '../domain/indicators.ts';
import { BUDGET_TYPES, FUND_TAGS, OBJECT_TYPES, PROJECT_ATTRIBUTES } from '../domain/projects.ts';
import { fiscalYearSchema, idSchema, nonEmpty, regionCodeSchema } from './schemas.ts';

const level1 = z.enum(Object.keys(LEVEL1) as [Level1Code, ...Level1Code[]], { error: '请选择一级指标' });
const level2 = z.enum(Object.keys(LEVEL2) as [Level2Code, ...Level2Code[]], { error: '请选择二级指标' });
const projectType = z.enum(Object.keys(PROJECT_TYPES) as [ProjectTypeCode, ...ProjectTypeCode[]], { error: '请选择项目类型' });

/** Money as integer 分 (the forms convert 万元 with shared/rules/money.ts). */
export const fenSchema = z.number({ error: '金额应为数字' }).int({ error: '金额应精确到分' }).min(0, { error: '金额不能为负数' }).max(9e15);
export const moneySplitSchema = z.object({ fiscalFen: fenSchema, carryoverFen: fenSchema, otherFen: fenSchema });
const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '年月格式应为 YYYY-MM' }).nullable();

export const profileCopySchema = z.object({
  fromId: idSchema,
  code: z.string().trim().regex(/^[a-z0-9-]{2,40}$/, { error: '方案编码应为 2–40 位小写字母、数字或 -' }),
  name: nonEmpty('方案名称', 40),
});
export const profileSaveSchema = z.object({
  id: idSchema,
  name: nonEmpty('方案名称', 40),
  description: z.string().trim().max(500).default(''),
  body: ruleProfileBodySchema,
  note: nonEmpty('修改说明', 200),
});
export const profileAssignSchema = z.object({ year: fiscalYearSchema, profileId: idSchema });

export const librarySearchSchema = z.object({
  q: z.string().trim().max(60).default(''),
  projectType: projectType.optional(),
  level1: level1.optional(),
  level2: level2.optional(),
  appliesTo: z.enum(['project', 'unitOverall', 'policy']).optional(),
  includeRetired: z.boolean().default(false),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});
export const libraryCreateSchema = libraryEntrySchema;
export const libraryUpdateSchema = z.object({ id: idSchema, entry: libraryEntrySchema });

export const projectFieldsSchema = z.object({
  code: z.string().trim().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/, { error: '项目编码应为 1–40 位字母、数字或 . _ -' }),
  name: nonEmpty('项目名称', 100),
  unitId: idSchema,
  objectType: z.enum(OBJECT_TYPES),
  attribute: z.enum(PROJECT_ATTRIBUTES),
  category: z.string().trim().max(40).default(''),
  projectType: projectType.default('general'),
  budgetType: z.enum(BUDGET_TYPES, { error: '请选择预算类型' }),
  tags: z.array(z.enum(FUND_TAGS)).max(FUND_TAGS.length).default([]),
  startMonth: monthSchema.default(null),
  endMonth: monthSchema.default(null),
  initial: moneySplitSchema,
  annual: moneySplitSchema,
  midTermTotalFen: fenSchema.nullable().default(null),
  midYearAddition: z.boolean().default(false),
  newMajor: z.boolean().default(false),
  confidential: z.boolean().default(false),
  manager: z.string().trim().max(30).default(''),
  phone: z.string().trim().max(30).default(''),
  basis: z.string().trim().max(2000).default(''),
}).superRefine((p, ctx) => {
  if (p.startMonth && p.endMonth && p.endMonth < p.startMonth) ctx.addIssue({ code: 'custom', path: ['endMonth'], message: '结束年月不能早于开始年月' });
});
export const projectCreateSchema = projectFieldsSchema.and(z.object({ year: fiscalYearSchema }));
export const projectUpdateSchema = projectFieldsSchema.and(z.object({ id: idSchema, rev: z.number().int() }));

export const projectListSchema = z.object({
  year: fiscalYearSchema,
  unitId: z.string().optional(),
  budgetType: z.enum(BUDGET_TYPES).optional(),
  tag: z.enum(FUND_TAGS).optional(),
  status: z.enum(['registered', 'inLibrary', 'budgeted', 'notFunded', 'cancelled']).optional(),
  goalStatus: z.enum(['none', 'draft', 'submitted', 'deptApproved', 'returned', 'reviewed', 'approved', 'published', 'notFunded']).optional(),
  q: z.string().trim().max(100).default(''),
  /** Only the rows of one office (its region code); absent = every office's rows, as before sync. */
  origin: regionCodeSchema.optional(),
  sort: z.enum(['code', 'name', 'amount', 'unit']).default('code'),
  desc: z.boolean().default(false),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(1000).default(100),
});

export const exAnteSaveSchema = z.object({
  projectId: idSchema,
  assessorType: z.enum(['self', 'finance', 'thirdParty']),
  agency: z.string().trim().max(80).default(''),
  assessedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' }).nullable().default(null),
  scores: z.array(z.object({
    expert: nonEmpty('专家姓名', 30),
    dimension: z.string().min(1),
    score: z.number({ error: '得分应为数字' }).min(0, { error: '得分不能为负数' }).max(100),
    opinion: z.string().trim().max(1000).default(''),
  })).max(200),
  adjustmentNotes: z.string().trim().max(2000).default(''),
  adjustmentFen: fenSchema.nullable().default(null),
  summary: z.string().trim().max(4000).default(''),
});

export const attachmentAddSchema = z.object({
  ownerType: z.enum(['exAnte', 'goalSheet', 'project']),
  ownerId: idSchema,
  file: z.object({ name: nonEmpty('文件名', 255), base64: z.string().min(1, { error: '文件为空' }) }),
});

export const goalIndicatorInputSchema = z.object({
  level1,
  level2,
  name: z.string().trim().max(60, { error: '三级指标名称不能超过 60 个字' }),
  valueType: z.enum(VALUE_TYPES),
  operator: z.enum(OPERATORS),
  targetValue: z.number().nullable(),
  targetText: z.string().trim().max(200),
  unit: z.string().trim().max(20).default(''),
  midTermText: z.string().trim().max(200).default(''),
  explanation: z.string().trim().max(500).default(''),
  scoringRule: z.string().trim().max(300).default(''),
  valueBasis: z.enum(VALUE_BASES).default('plan'),
  dataSource: z.string().trim().max(200).default(''),
  isCore: z.boolean().default(false),
  libraryId: z.string().nullable().default(null),
});
export type GoalIndicatorInput = z.input<typeof goalIndicatorInputSchema>;

export const goalOpenSchema = z.union([
  z.object({ projectId: idSchema }),
  z.object({ unitId: idSchema, year: fiscalYearSchema }),
]);
export const goalSaveSchema = z.object({
  sheetId: idSchema,
  rev: z.number().int(),
  annualGoal: z.string().trim().max(4000),
  midTermGoal: z.string().trim().max(4000).default(''),
  unitDuties: z.string().trim().max(4000).default(''),
  indicators: z.array(goalIndicatorInputSchema).max(200, { error: '一张目标表最多 200 个指标' }),
});
export const goalTransitionSchema = z.object({
  sheetId: idSchema,
  transition: z.enum(['submit', 'deptApprove', 'return', 'approve', 'publish']),
  comment: z.string().trim().max(1000).default(''),
}).superRefine((v, ctx) => {
  if (v.transition === 'return' && !v.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: '退回时请填写退回原因' });
});
export const goalReviewSchema = z.object({
  sheetId: idSchema,
  scores: z.record(z.string(), z.number().min(0).max(100)),
  opinion: nonEmpty('审核意见', 2000),
});
export const goalAdjustSchema = z.object({
  sheetId: idSchema,
  reason: nonEmpty('调整原因', 1000),
  annualGoal: z.string().trim().max(4000),
  midTermGoal: z.string().trim().max(4000).default(''),
  indicators: z.array(goalIndicatorInputSchema).max(200),
});
export const goalQueueSchema = z.object({
  year: fiscalYearSchema,
  statuses: z.array(z.enum(['draft', 'submitted', 'deptApproved', 'returned', 'reviewed', 'approved', 'published', 'notFunded'])).default(['submitted', 'deptApproved', 'reviewed']),
  unitId: z.string().optional(),
  q: z.string().trim().max(100).default(''),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(100),
});
