import { z } from 'zod';
import { GRADE_CODES } from '../domain/ruleProfile.ts';
import { KEY_EVAL_LEVEL1, KEY_EVAL_METHODS } from '../rules/keyEvaluation.ts';
import { idSchema, nonEmpty } from './schemas.ts';

/**
 * Inputs of the key-evaluation framework editor and of the experts' entries by scoring method
 * (SPEC §5.7). The cross-field checks (weights add up to 100, 产出 + 效益 ≥ 60, elements add up to the
 * item's weight, an entry fits its item's method) are in shared/rules and run in the service.
 */

const amount = (label: string) => z.number({ error: `${label}应为数字` }).min(-1e12).max(1e12, { error: `${label}过大` });

export const keyEvalItemConfigSchema = z.object({
  targetPct: z.number({ error: '目标比率应为数字' }).min(0, { error: '目标比率不能小于 0' }).max(1000, { error: '目标比率不能大于 1000%' }).optional(),
  actualLabel: z.string().trim().max(40, { error: '名称不超过 40 个字' }).optional(),
  plannedLabel: z.string().trim().max(40, { error: '名称不超过 40 个字' }).optional(),
  elements: z.array(z.object({
    text: z.string().trim().max(200, { error: '评分要点不超过 200 个字' }),
    points: z.number({ error: '要点分值应为数字' }).min(0, { error: '要点分值不能小于 0' }).max(100, { error: '要点分值不能大于 100' }),
  })).max(20, { error: '评分要点不超过 20 个' }).optional(),
});

export const keyEvalFrameworkSchema = z.object({
  id: idSchema,
  rev: z.number().int().optional(),
  items: z.array(z.object({
    level1: z.enum(KEY_EVAL_LEVEL1, { error: '请选择一级指标' }),
    level2: z.string().trim().max(40, { error: '二级指标不超过 40 个字' }),
    name: z.string().trim().max(60, { error: '指标名称不超过 60 个字' }),
    method: z.enum(KEY_EVAL_METHODS, { error: '请选择评分方法' }),
    weight: z.number({ error: '分值应为数字' }).min(0, { error: '分值不能小于 0' }).max(100, { error: '分值不能大于 100' }),
    config: keyEvalItemConfigSchema.default({}),
  })).min(1, { error: '至少需要一个三级指标' }).max(60, { error: '三级指标不超过 60 个' }),
});

export const keyEvalInputSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('quantitative'), actual: amount('实际值'), planned: amount('计划值') }),
  z.object({ method: z.literal('elements'), met: z.array(z.number().int().min(0).max(99)).max(100) }),
  z.object({
    method: z.literal('deduction'),
    deductions: z.array(z.object({
      reason: z.string().trim().max(200, { error: '扣分原因不超过 200 个字' }),
      points: z.number({ error: '扣分应为数字' }).min(0, { error: '扣分不能小于 0' }).max(100, { error: '扣分不能大于 100' }),
    })).max(30, { error: '扣分事项不超过 30 条' }),
  }),
  z.object({ method: z.literal('grade'), grade: z.enum(GRADE_CODES, { error: '请选择等级' }) }),
  z.object({
    method: z.literal('survey'),
    ratePct: z.number({ error: '满意度应为数字' }).min(0, { error: '满意度不能小于 0' }).max(100, { error: '满意度不能大于 100%' }),
    sampleSize: z.number({ error: '样本数应为数字' }).int({ error: '样本数应为整数' }).min(1, { error: '有效样本数至少为 1' }).max(10_000_000),
  }),
], { error: '请按评分方法录入' });

const quality = (label: string) =>
  z.number({ error: `${label}应为数字` }).min(0, { error: `${label}不能小于 0` }).max(100, { error: `${label}不能大于 100` }).nullable();

export const keyEvalSaveSchema = z.object({
  id: idSchema,
  rev: z.number().int().optional(),
  /** Every expert's entry per item (null input: keep the points typed before methods applied). */
  entries: z.array(z.object({
    seq: z.number().int().min(1),
    expert: nonEmpty('专家姓名', 60),
    input: keyEvalInputSchema.nullable(),
  })).max(5000),
  findings: z.string().trim().max(8000).default(''),
  recommendations: z.string().trim().max(8000).default(''),
  planQualityScore: quality('评价方案质量得分').optional(),
  reportQualityScore: quality('评价报告质量得分').optional(),
});
