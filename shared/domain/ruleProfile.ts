import { z } from 'zod';
import { GOAL_GRADE_LABELS as GRADE_LABELS } from '../i18n/zh-CN.ts';

/**
 * Rule profile (规则方案): every number the spec marks as local — weights, grade bands, formulas,
 * cut-offs, monitoring rules, linkage ladders — as validated data. A profile is chosen per fiscal
 * year; every stored score records the profile id and version it used (SPEC §12, DECISIONS.md).
 */

export const GRADE_CODES = ['excellent', 'good', 'fair', 'low', 'poor'] as const;
export type GradeCode = (typeof GRADE_CODES)[number];

const pct = (label: string) =>
  z.number({ error: `${label}应为数字` }).min(0, { error: `${label}不能小于 0` }).max(100, { error: `${label}不能大于 100` });
const points = (label: string) => z.number({ error: `${label}应为数字` }).min(0, { error: `${label}不能小于 0` }).max(100, { error: `${label}不能大于 100` });

/** A grade band: totals ≥ min (and below the next band's min) get this grade. */
export const gradeBandSchema = z.object({ grade: z.enum(GRADE_CODES), min: points('等级下限') });
export type GradeBand = z.infer<typeof gradeBandSchema>;

/** Bands from the best grade down; the last band must start at 0 so every total has a grade. */
const gradeBandsSchema = z
  .array(gradeBandSchema)
  .min(2, { error: '至少需要两个等级' })
  .superRefine((bands, ctx) => {
    for (let i = 1; i < bands.length; i++) {
      const prev = bands[i - 1];
      const cur = bands[i];
      if (prev && cur && !(cur.min < prev.min)) {
        ctx.addIssue({ code: 'custom', path: [i, 'min'], message: `等级区间不连续：第 ${i + 1} 个等级的下限应低于上一等级的下限 ${prev.min}` });
      }
    }
    if (bands.at(-1)?.min !== 0) ctx.addIssue({ code: 'custom', path: [bands.length - 1, 'min'], message: '最低等级的下限应为 0，使每个分数都有等级' });
    const grades = bands.map((b) => b.grade);
    if (new Set(grades).size !== grades.length) ctx.addIssue({ code: 'custom', path: [], message: '等级不能重复' });
    // Better grades come first: 优 → 良 → 中 → 低 → 差.
    for (let i = 1; i < bands.length; i++) {
      const prev = bands[i - 1];
      const cur = bands[i];
      if (prev && cur && GRADE_CODES.indexOf(cur.grade) < GRADE_CODES.indexOf(prev.grade)) {
        ctx.addIssue({ code: 'custom', path: [i, 'grade'], message: `等级顺序有误：“${GRADE_LABELS[cur.grade]}”应排在“${GRADE_LABELS[prev.grade]}”之前` });
      }
    }
  });

export const GOAL_REVIEW_ACTIONS = ['proceed', 'proceedAfterFix', 'revise', 'notFunded'] as const;
export const EX_ANTE_CONCLUSIONS = ['support', 'supportAfterAdjustment', 'reject'] as const;
export type ExAnteConclusion = (typeof EX_ANTE_CONCLUSIONS)[number];

const weightedItem = z.object({ code: z.string().min(1), label: z.string().min(1, { error: '名称不能为空' }), weight: points('分值') });

const sumTo100 = (label: string) => (items: { weight: number }[], ctx: z.RefinementCtx) => {
  const total = items.reduce((s, i) => s + i.weight, 0);
  if (Math.abs(total - 100) > 1e-9) ctx.addIssue({ code: 'custom', path: [], message: `${label}分值合计应为 100，当前为 ${Number(total.toFixed(2))}` });
};

export const evaluationFrameworkSchema = z
  .object({
    code: z.string().min(1),
    name: z.string().min(1, { error: '框架名称不能为空' }),
    decision: points('决策分值'),
    process: points('过程分值'),
    output: points('产出分值'),
    benefit: points('效益分值'),
  })
  .superRefine((f, ctx) => {
    const total = f.decision + f.process + f.output + f.benefit;
    if (Math.abs(total - 100) > 1e-9) ctx.addIssue({ code: 'custom', path: ['decision'], message: `“${f.name}”决策、过程、产出、效益分值合计应为 100，当前为 ${total}` });
    // 10号: evaluations must be result-oriented — 产出 + 效益 at least 60% of the weight.
    if (f.output + f.benefit < 60) ctx.addIssue({ code: 'custom', path: ['output'], message: `“${f.name}”产出与效益分值之和为 ${f.output + f.benefit}，应不少于 60` });
  });

/**
 * 等级计分 in evaluations (SPEC §5.7): the grades an expert may give a level-3 item and the share of
 * the item's weight each earns, best first. A profile setting; profiles saved before it existed get
 * the default (优 100%, 良 80%, 中 60%, 差 0).
 */
export const DEFAULT_GRADE_SHARES: readonly { grade: GradeCode; share: number }[] = [
  { grade: 'excellent', share: 1 }, { grade: 'good', share: 0.8 }, { grade: 'fair', share: 0.6 }, { grade: 'poor', share: 0 },
];

export const gradeSharesSchema = z
  .array(z.object({ grade: z.enum(GRADE_CODES), share: z.number({ error: '得分比例应为数字' }).min(0, { error: '得分比例不能小于 0' }).max(1, { error: '得分比例不能大于 100%' }) }))
  .min(2, { error: '等级计分至少需要两个等级' })
  .superRefine((levels, ctx) => {
    for (let i = 1; i < levels.length; i++) {
      const prev = levels[i - 1];
      const cur = levels[i];
      if (!prev || !cur) continue;
      if (GRADE_CODES.indexOf(cur.grade) <= GRADE_CODES.indexOf(prev.grade)) {
        ctx.addIssue({ code: 'custom', path: [i, 'grade'], message: `等级计分的等级应从优到差排列且不重复：“${GRADE_LABELS[cur.grade]}”位置有误` });
      }
      if (cur.share > prev.share) ctx.addIssue({ code: 'custom', path: [i, 'share'], message: `等级“${GRADE_LABELS[cur.grade]}”的得分比例不能高于“${GRADE_LABELS[prev.grade]}”` });
    }
  });

export const MONITORING_RULE_KINDS = ['nodeFloor', 'timeGap', 'targetExecutionGap', 'qualitativeLight', 'impossible', 'keySelection'] as const;

export const monitoringRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('nodeFloor'), level: z.enum(['yellow', 'red']), floors: z.array(z.object({ month: z.number().int().min(1).max(12), minRate: pct('执行率下限') })).min(1) }),
  z.object({ kind: z.literal('timeGap'), level: z.enum(['yellow', 'red']), maxGapPoints: pct('进度差').nullable(), maxRelativeDeviation: pct('相对偏差').nullable() }),
  z.object({ kind: z.literal('targetExecutionGap'), level: z.enum(['yellow', 'red']), maxGapPoints: pct('目标与执行差') }),
  z.object({ kind: z.literal('qualitativeLight') }),
  z.object({ kind: z.literal('impossible'), level: z.enum(['yellow', 'red']) }),
  z.object({ kind: z.literal('keySelection'), minAmountFen: z.number().int().min(0), maxRate: pct('执行率上限'), month: z.number().int().min(1).max(12) }),
]);
export type MonitoringRule = z.infer<typeof monitoringRuleSchema>;

export const monitoringRoundTemplateSchema = z.object({
  month: z.number().int().min(1).max(12),
  objectType: z.enum(['project', 'unitOverall']),
  kind: z.enum(['self', 'key']),
});

export const LINKAGE_ACTIONS = ['priority', 'maintain', 'reduce', 'cancel'] as const;

export const ruleProfileBodySchema = z
  .object({
    /** Indicator template: A (88号/10号, 成本 under 产出) or B (101号, 成本 as a level-1). */
    template: z.enum(['A', 'B']),
    moneyDecimals: z.number().int().min(2, { error: '金额小数位数至少 2 位' }).max(6, { error: '金额小数位数至多 6 位' }),
    grades: gradeBandsSchema,
    selfEvaluation: z
      .object({
        executionWeight: points('预算执行率分值'),
        level1Weights: z.object({ output: points('产出分值'), cost: points('成本分值'), benefit: points('效益分值'), satisfaction: points('满意度分值') }),
        reverseFormula: z.enum(['R1', 'R2']),
        equalityMode: z.enum(['zeroAllOrNothing', 'symmetric']),
        overCompletionThreshold: z.number().min(1, { error: '超额完成阈值应不小于 100%' }).max(10),
        overCompletionDeduction: z.boolean(),
        executionScoring: z.discriminatedUnion('mode', [
          z.object({ mode: z.literal('proportional') }),
          z.object({ mode: z.literal('tiered'), tiers: z.array(z.object({ minRate: pct('执行率下限'), share: z.number().min(0).max(1) })).min(1) }),
        ]),
        /** 一体化 caps: an execution rate in [minRate, maxRate) caps the total at maxTotal. */
        executionCaps: z.array(z.object({ minRate: pct('执行率下限'), maxRate: pct('执行率上限'), maxTotal: points('总分上限') })),
        /** Actual at least `thresholdPct` above target costs `points` on that indicator. */
        overTargetPenalty: z.object({ enabled: z.boolean(), thresholdPct: pct('超出比例'), points: points('扣分') }),
        naNormalize: z.boolean(),
      })
      .superRefine((s, ctx) => {
        const w = s.level1Weights;
        const total = s.executionWeight + w.output + w.cost + w.benefit + w.satisfaction;
        if (Math.abs(total - 100) > 1e-9) ctx.addIssue({ code: 'custom', path: ['level1Weights'], message: `预算执行率与各一级指标分值合计应为 100，当前为 ${total}` });
        for (const [i, c] of s.executionCaps.entries()) {
          if (c.minRate >= c.maxRate) ctx.addIssue({ code: 'custom', path: ['executionCaps', i], message: `执行率区间 ${c.minRate}%–${c.maxRate}% 无效` });
        }
      }),
    goals: z.object({
      minIndicators: z.number().int().min(1).max(50),
      minPerLevel1: z.number().int().min(0).max(10),
      requireCostIndicator: z.boolean(),
      /** V4: inputs (人财物投入) are not targets — warn on indicators that only count money. */
      warnInputIndicators: z.boolean(),
      midYearAdditionsNeedGoals: z.boolean(),
    }),
    goalReview: z.object({
      aspects: z.array(weightedItem).min(1).superRefine(sumTo100('目标审核各项')),
      /** Below this total the project is not funded (云南: 60). */
      passMark: points('及格线'),
      actions: z.partialRecord(z.enum(GRADE_CODES), z.enum(GOAL_REVIEW_ACTIONS)),
    }),
    exAnte: z.object({
      dimensions: z.array(weightedItem).min(1).superRefine(sumTo100('事前评估各维度')),
      supportMin: points('予以支持分数线'),
      adjustMin: points('调整后支持分数线'),
      requiredForNewMajor: z.boolean(),
      requiredForContinuation: z.boolean(),
      /** Amount (分) at or above which a project needs an assessment; null = no amount rule. */
      amountThresholdFen: z.number().int().min(0).nullable(),
      /** Which conclusions let a project enter the library and have its goal approved. */
      gatePasses: z.array(z.enum(EX_ANTE_CONCLUSIONS)).min(1),
    }),
    evaluation: z.object({
      frameworks: z.array(evaluationFrameworkSchema).min(1),
      expertAggregation: z.enum(['mean', 'trimmedMean']),
      gradeShares: gradeSharesSchema.default(() => DEFAULT_GRADE_SHARES.map((g) => ({ ...g }))),
    }),
    monitoring: z.object({
      timeProgress: z.enum(['months', 'days']),
      executionBase: z.enum(['annualBudget', 'initialBudget']),
      rounds: z.array(monitoringRoundTemplateSchema),
      rules: z.array(monitoringRuleSchema),
      decisionWindowWorkingDays: z.number().int().min(0).max(60).nullable(),
    }),
    linkage: z.array(z.object({ grade: z.enum(GRADE_CODES), action: z.enum(LINKAGE_ACTIONS), pctMin: pct('调整比例下限'), pctMax: pct('调整比例上限') })),
  })
  .superRefine((p, ctx) => {
    if (p.exAnte.adjustMin >= p.exAnte.supportMin) ctx.addIssue({ code: 'custom', path: ['exAnte', 'adjustMin'], message: '“调整后支持”分数线应低于“予以支持”分数线' });
    const grades = new Set(p.grades.map((g) => g.grade));
    for (const g of grades) {
      if (!p.goalReview.actions[g]) ctx.addIssue({ code: 'custom', path: ['goalReview', 'actions'], message: `缺少等级“${GRADE_LABELS[g]}”对应的目标审核处理方式` });
      if (!p.linkage.some((l) => l.grade === g)) ctx.addIssue({ code: 'custom', path: ['linkage'], message: `缺少等级“${GRADE_LABELS[g]}”对应的预算挂钩规则` });
    }
    if (p.template === 'A' && p.selfEvaluation.level1Weights.cost !== 0) {
      ctx.addIssue({ code: 'custom', path: ['selfEvaluation', 'level1Weights', 'cost'], message: '模板 A 中成本指标属于产出指标，成本一级分值应为 0' });
    }
    for (const [i, l] of p.linkage.entries()) {
      if (l.pctMin > l.pctMax) ctx.addIssue({ code: 'custom', path: ['linkage', i, 'pctMin'], message: '调整比例下限不能大于上限' });
    }
  });
export type RuleProfileBody = z.infer<typeof ruleProfileBodySchema>;

/** A stored profile: identity and version around the validated body. */
export interface RuleProfile {
  id: string;
  code: string;
  name: string;
  version: number;
  description: string;
  /** Shipped presets are read-only; offices copy them to edit. */
  builtin: boolean;
  body: RuleProfileBody;
}
