import { z } from 'zod';

/**
 * The common indicator framework (SPEC §4.2). Template A (88号/10号): 成本 sits under 产出.
 * Template B (101号): 成本 is its own level-1. Codes are stored; labels are shown.
 */
export const LEVEL1 = {
  output: '产出指标',
  cost: '成本指标',
  benefit: '效益指标',
  satisfaction: '满意度指标',
} as const;
export type Level1Code = keyof typeof LEVEL1;

export const LEVEL2 = {
  quantity: '数量指标',
  quality: '质量指标',
  timeliness: '时效指标',
  costOutput: '成本指标',
  economicCost: '经济成本指标',
  socialCost: '社会成本指标',
  ecologicalCost: '生态环境成本指标',
  economicBenefit: '经济效益指标',
  socialBenefit: '社会效益指标',
  ecologicalBenefit: '生态效益指标',
  sustainability: '可持续影响指标',
  serviceSatisfaction: '服务对象满意度指标',
} as const;
export type Level2Code = keyof typeof LEVEL2;

export type FrameworkTemplate = 'A' | 'B';

export const FRAMEWORK: Record<FrameworkTemplate, { level1: Level1Code; level2: Level2Code[] }[]> = {
  A: [
    { level1: 'output', level2: ['quantity', 'quality', 'timeliness', 'costOutput'] },
    { level1: 'benefit', level2: ['economicBenefit', 'socialBenefit', 'ecologicalBenefit', 'sustainability'] },
    { level1: 'satisfaction', level2: ['serviceSatisfaction'] },
  ],
  B: [
    { level1: 'output', level2: ['quantity', 'quality', 'timeliness'] },
    { level1: 'cost', level2: ['economicCost', 'socialCost', 'ecologicalCost'] },
    { level1: 'benefit', level2: ['economicBenefit', 'socialBenefit', 'ecologicalBenefit', 'sustainability'] },
    { level1: 'satisfaction', level2: ['serviceSatisfaction'] },
  ],
};

/** Is level2 a child of level1 in the template? (Counties mix templates, so both are checked by callers.) */
export function fitsFramework(template: FrameworkTemplate, level1: Level1Code, level2: Level2Code): boolean {
  return FRAMEWORK[template].some((n) => n.level1 === level1 && n.level2.includes(level2));
}

export const OPERATORS = ['>=', '<=', '=', '>', '<', 'qualitative'] as const;
export type Operator = (typeof OPERATORS)[number];
export const OPERATOR_LABELS: Record<Operator, string> = { '>=': '≥', '<=': '≤', '=': '=', '>': '>', '<': '<', qualitative: '定性' };

export const VALUE_TYPES = ['quantitative', 'qualitative'] as const;
export const VALUE_BASES = ['plan', 'industry', 'history', 'other'] as const;
export const VALUE_BASIS_LABELS: Record<(typeof VALUE_BASES)[number], string> = { plan: '计划标准', industry: '行业标准', history: '历史标准', other: '其他标准' };

export const LIBRARY_KINDS = ['common', 'industry', 'local'] as const;
export const LIBRARY_KIND_LABELS: Record<(typeof LIBRARY_KINDS)[number], string> = { common: '共性指标库', industry: '行业/领域指标库', local: '本地自定义' };

export const APPLIES_TO = ['project', 'unitOverall', 'policy'] as const;
export const APPLIES_TO_LABELS: Record<(typeof APPLIES_TO)[number], string> = { project: '项目', unitOverall: '部门整体', policy: '政策' };

/** Recurring project types of the starter library (SPEC §8; S18 for 会议培训类). */
export const PROJECT_TYPES = {
  meetingTraining: '会议培训类',
  informatization: '信息化建设类',
  equipment: '设备购置类',
  construction: '基建工程类',
  subsidy: '补助补贴类',
  operations: '运行维护类',
  purchasedServices: '政府购买服务类',
  unitOverall: '部门整体',
  general: '通用',
} as const;
export type ProjectTypeCode = keyof typeof PROJECT_TYPES;

/** One entry of the indicator library (SPEC §8 entry fields). */
export const libraryEntrySchema = z.object({
  code: z.string().trim().regex(/^[A-Za-z0-9._-]{1,40}$/, { error: '指标编码应为 1–40 位字母、数字或 . _ -' }),
  libraryKind: z.enum(LIBRARY_KINDS),
  field: z.string().trim().max(60).default(''),
  projectType: z.enum(Object.keys(PROJECT_TYPES) as [ProjectTypeCode, ...ProjectTypeCode[]]),
  level1: z.enum(Object.keys(LEVEL1) as [Level1Code, ...Level1Code[]]),
  level2: z.enum(Object.keys(LEVEL2) as [Level2Code, ...Level2Code[]]),
  name: z.string().trim().min(1, { error: '三级指标名称不能为空' }).max(60, { error: '三级指标名称不能超过 60 个字' }),
  explanation: z.string().trim().max(500).default(''),
  valueType: z.enum(VALUE_TYPES),
  operator: z.enum(OPERATORS),
  unit: z.string().trim().max(20).default(''),
  referenceValue: z.string().trim().max(60).default(''),
  valueBasis: z.enum(VALUE_BASES).default('plan'),
  formula: z.string().trim().max(300).default(''),
  scoringRule: z.string().trim().max(300).default(''),
  dataSource: z.string().trim().max(200).default(''),
  appliesTo: z.array(z.enum(APPLIES_TO)).min(1, { error: '请选择适用对象' }),
  isCore: z.boolean().default(false),
  startYear: z.number().int().min(2000).max(2100).nullable().default(null),
  endYear: z.number().int().min(2000).max(2100).nullable().default(null),
  sourceDoc: z.string().trim().max(200).default(''),
}).superRefine((e, ctx) => {
  // V1: quantitative rows compare with an operator; qualitative rows carry text.
  if (e.valueType === 'quantitative' && e.operator === 'qualitative') ctx.addIssue({ code: 'custom', path: ['operator'], message: '定量指标应选择 ≥、≤、=、>、< 之一' });
  if (e.valueType === 'qualitative' && e.operator !== 'qualitative') ctx.addIssue({ code: 'custom', path: ['operator'], message: '定性指标的性质应为“定性”' });
  if (e.startYear !== null && e.endYear !== null && e.endYear < e.startYear) ctx.addIssue({ code: 'custom', path: ['endYear'], message: '停用年度不能早于启用年度' });
});
export type LibraryEntryInput = z.input<typeof libraryEntrySchema>;
export type LibraryEntry = z.output<typeof libraryEntrySchema>;
