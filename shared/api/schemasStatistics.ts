import { z } from 'zod';
import { STAT_CUTS, STAT_STAGES } from '../rules/statisticsCatalog.ts';
import { fiscalYearSchema } from './schemas.ts';

/** Inputs of the statistics methods (统计分析, 首页, 年度工作报告). */

/** county = 本级 only; prefecture = 本级 and every child office (县市). Default: by the office's level. */
export const statScopeSchema = z.enum(['county', 'prefecture'], { error: '统计范围应为本级（county）或汇总（prefecture）' });

export const statisticsQuerySchema = z.object({
  year: fiscalYearSchema,
  scope: statScopeSchema.optional(),
  /** The office whose 主管部门 the department cut shows (default: this office). */
  origin: z.string().regex(/^\d{6}$/, { error: '行政区划代码应为 6 位数字' }).optional(),
});
export type StatisticsQueryInput = z.input<typeof statisticsQuerySchema>;

export const statisticsDrillSchema = statisticsQuerySchema.extend({
  /** A stage part ('goals.done') or an extra figure id ('monitoring.red'), see shared/rules/statisticsCatalog.ts. */
  figure: z.string().min(3).max(60).regex(/^[A-Za-z.]+$/, { error: '统计指标编号无效' }),
  cut: z.enum(STAT_CUTS).optional(),
  key: z.string().max(60).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});
export type StatisticsDrillInput = z.input<typeof statisticsDrillSchema>;

const text = (label: string, max: number) => z.string().trim().max(max, { error: `${label}不能超过 ${max} 个字` }).default('');
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' });

export const annualReportSaveSchema = z.object({
  year: fiscalYearSchema,
  /** The revision the edit started from (0 when nothing was saved yet): a concurrent save is refused. */
  rev: z.number().int().min(0),
  title: text('报告标题', 100),
  recipient: text('主送机关', 100),
  intro: text('开头部分', 3000),
  stageNotes: z.partialRecord(z.enum(STAT_STAGES), text('补充说明', 3000)).default({}),
  problems: text('存在的问题', 5000),
  nextSteps: text('下一步工作', 5000),
  signature: text('落款', 100),
  reportDate: dateSchema.nullable().default(null),
});
export type AnnualReportSaveInput = z.input<typeof annualReportSaveSchema>;

export const reportExportSchema = z.object({ year: fiscalYearSchema, scope: statScopeSchema.optional() });
