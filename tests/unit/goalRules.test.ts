import { describe, expect, it } from 'vitest';
import nationalDefault from '../../resources/profiles/national-default.json' with { type: 'json' };
import gansuCity from '../../resources/profiles/gansu-city.json' with { type: 'json' };
import { ruleProfileBodySchema, type GradeCode, type RuleProfileBody } from '../../shared/domain/ruleProfile.ts';
import { assessExAnte, exAnteConclusion, exAnteRequired } from '../../shared/rules/exAnte.ts';
import { reviewGoal, type GoalReviewAction } from '../../shared/rules/goalReview.ts';
import { checkGoalSheet, type GoalIndicatorDraft, type GoalSheetDraft } from '../../shared/rules/goalValidation.ts';
import { gradeFor } from '../../shared/rules/grades.ts';

const DEFAULT: RuleProfileBody = ruleProfileBodySchema.parse(nationalDefault.body);
const GANSU: RuleProfileBody = ruleProfileBodySchema.parse(gansuCity.body);
/** Template B (101号) with the cost row made mandatory, as a province may configure it. */
const TEMPLATE_B: RuleProfileBody = ruleProfileBodySchema.parse({
  ...structuredClone(nationalDefault.body),
  template: 'B',
  goals: { ...nationalDefault.body.goals, requireCostIndicator: true },
});

// ---------------------------------------------------------------- 事前评估 (SPEC §3.2, §11.9)

describe('ex-ante conclusion with the default cut-offs (≥80 支持, 60–80 调整后支持, <60 不予支持)', () => {
  const cases: [total: number, conclusion: ReturnType<typeof exAnteConclusion>][] = [
    [100, 'support'],
    [80, 'support'],
    [79.995, 'support'], // rounded to 80.00 first
    [79.99, 'supportAfterAdjustment'],
    [60, 'supportAfterAdjustment'],
    [59.99, 'reject'],
    [0, 'reject'],
  ];
  it.each(cases)('%s → %s', (total, conclusion) => {
    expect(exAnteConclusion(DEFAULT, total)).toBe(conclusion);
  });

  it('§11.9: 18 + 15 + 14 + 16 + 17 = 80 → 予以支持', () => {
    const scores = [
      ['necessity', 18], ['economy', 15], ['goalReasonableness', 14], ['feasibility', 16], ['fundingCompliance', 17],
    ].map(([dimension, score]) => ({ expert: '专家甲', dimension: String(dimension), score: Number(score) }));
    const r = assessExAnte(DEFAULT, scores);
    expect(r).toMatchObject({ total: 80, conclusion: 'support', problems: [] });
    expect(r.dimensions.map((d) => [d.label, d.score])).toEqual([
      ['立项必要性', 18], ['投入经济性', 15], ['绩效目标合理性', 14], ['实施方案可行性', 16], ['筹资合规性', 17],
    ]);
  });

  it('averages several experts per dimension to two decimals, 79.99 → 调整后支持', () => {
    // necessity: (16 + 16 + 15.97) / 3 = 15.99; the rest 16 each → 79.99
    const base = ['economy', 'goalReasonableness', 'feasibility', 'fundingCompliance'].map((dimension) => ({ expert: '甲', dimension, score: 16 }));
    const r = assessExAnte(DEFAULT, [
      ...base,
      { expert: '甲', dimension: 'necessity', score: 16 },
      { expert: '乙', dimension: 'necessity', score: 16 },
      { expert: '丙', dimension: 'necessity', score: 15.97 },
    ]);
    expect(r.dimensions[0]).toMatchObject({ score: 15.99, experts: 3 });
    expect(r).toMatchObject({ total: 79.99, conclusion: 'supportAfterAdjustment' });
  });

  it('below 60 → 不予支持; missing or out-of-range scores are problems, not a conclusion', () => {
    const low = ['necessity', 'economy', 'goalReasonableness', 'feasibility', 'fundingCompliance'].map((dimension) => ({ expert: '甲', dimension, score: 11 }));
    expect(assessExAnte(DEFAULT, low)).toMatchObject({ total: 55, conclusion: 'reject' });
    const bad = assessExAnte(DEFAULT, [{ expert: '甲', dimension: 'necessity', score: 21 }, { expert: '甲', dimension: 'unknown', score: 1 }]);
    expect(bad.total).toBeNull();
    expect(bad.conclusion).toBeNull();
    expect(bad.problems).toContain('专家“甲”对“立项必要性”的评分 21 超出 0–20 分');
    expect(bad.problems).toContain('“投入经济性”尚未评分');
    expect(bad.problems).toContain('评分维度“unknown”不在当前规则方案中');
  });

  it('is required for new major projects by default, not for ordinary ones', () => {
    expect(exAnteRequired(DEFAULT, { newMajor: true, attribute: 'new', annualTotalFen: 0 })).toBe(true);
    expect(exAnteRequired(DEFAULT, { newMajor: false, attribute: 'new', annualTotalFen: 9e12 })).toBe(false);
    expect(exAnteRequired(DEFAULT, { newMajor: false, attribute: 'expiringContinuation', annualTotalFen: 0 })).toBe(false);
  });
});

// ---------------------------------------------------------------- 目标审核 (SPEC §4.6, §11.10)

const review = (profile: RuleProfileBody, completeness: number, relevance: number, appropriateness: number, feasibility: number) =>
  reviewGoal(profile, { completeness, relevance, appropriateness, feasibility });

describe('goal review: total → grade → action (default profile)', () => {
  const cases: [scores: [number, number, number, number], total: number, grade: GradeCode, action: GoalReviewAction][] = [
    [[22, 20, 15, 18], 75, 'fair', 'revise'], // §11.10
    [[15, 15, 10, 15], 55, 'poor', 'notFunded'],
    [[23, 22, 22, 23], 90, 'excellent', 'proceed'],
    [[22, 21, 21, 21], 85, 'good', 'proceedAfterFix'],
    [[20, 20, 20, 20], 80, 'good', 'proceedAfterFix'],
    [[15, 15, 15, 15], 60, 'fair', 'revise'],
    [[25, 25, 25, 14.99], 89.99, 'good', 'proceedAfterFix'],
  ];
  it.each(cases)('%j → %s %s %s', (s, total, grade, action) => {
    expect(review(DEFAULT, ...s)).toEqual({ total, grade, action, belowPassMark: total < 60, problems: [] });
  });

  it('asks for every aspect and keeps each within its weight', () => {
    expect(reviewGoal(DEFAULT, { completeness: 20, relevance: 26 }).problems).toEqual([
      '“相关性”得分应在 0–25 分之间',
      '请为“适当性”评分',
      '请为“可行性”评分',
    ]);
  });
});

describe('goal review with the Gansu five-grade preset (优 ≥90, 良 ≥80, 中 ≥70, 低 ≥60, 差 <60)', () => {
  const cases: [total: [number, number, number, number], grade: GradeCode, action: GoalReviewAction][] = [
    [[24, 24, 24, 23], 'excellent', 'proceed'],
    [[22, 21, 21, 21], 'good', 'proceedAfterFix'],
    [[22, 20, 15, 18], 'fair', 'revise'],
    [[17, 17, 17, 17], 'low', 'revise'],
    [[15, 15, 15, 14.99], 'poor', 'notFunded'],
  ];
  it.each(cases)('%j → %s → %s', (s, grade, action) => {
    expect(review(GANSU, ...s)).toMatchObject({ grade, action });
  });

  it('band edges', () => {
    expect([90, 89.99, 80, 79.99, 70, 69.99, 60, 59.99, 0].map((t) => gradeFor(t, GANSU.grades))).toEqual([
      'excellent', 'good', 'good', 'fair', 'fair', 'low', 'low', 'poor', 'poor',
    ]);
  });
});

describe('gradeFor rounds the total to two decimals first (SPEC §2.3)', () => {
  const cases: [number, GradeCode][] = [
    [89.995, 'excellent'],
    [89.994, 'good'],
    [79.995, 'good'],
    [59.995, 'fair'],
    [59.994, 'poor'],
  ];
  it.each(cases)('%s → %s', (total, grade) => expect(gradeFor(total, DEFAULT.grades)).toBe(grade));
});

// ---------------------------------------------------------------- V1–V6 (SPEC §4.3)

const q = (level1: GoalIndicatorDraft['level1'], level2: GoalIndicatorDraft['level2'], name: string, targetValue = 95, unit = '%'): GoalIndicatorDraft => ({
  level1, level2, name, valueType: 'quantitative', operator: '>=', targetText: `≥${targetValue}${unit}`, targetValue, unit,
});
const text = (level1: GoalIndicatorDraft['level1'], level2: GoalIndicatorDraft['level2'], name: string, targetText = '达到预期'): GoalIndicatorDraft => ({
  level1, level2, name, valueType: 'qualitative', operator: 'qualitative', targetText, targetValue: null, unit: '',
});

const GOOD: GoalIndicatorDraft[] = [
  q('output', 'quantity', '培训教师人次', 500, '人次'),
  q('output', 'quality', '培训合格率'),
  text('benefit', 'socialBenefit', '教师教学能力', '明显提高'),
  q('satisfaction', 'serviceSatisfaction', '参训教师满意度', 90),
];
const sheet = (indicators: GoalIndicatorDraft[], over: Partial<GoalSheetDraft> = {}): GoalSheetDraft => ({
  ownerType: 'project', annualGoal: '完成全县 500 名教师培训，提升教学能力。', midTermGoal: '', unitDuties: '', multiYear: false, indicators, ...over,
});
const messages = (ps: { message: string }[]) => ps.map((p) => p.message);

describe('checkGoalSheet V1–V6', () => {
  it('a complete Template A sheet passes', () => {
    expect(checkGoalSheet(DEFAULT, sheet(GOOD))).toEqual({ errors: [], warnings: [] });
  });

  type Case = { name: string; profile?: RuleProfileBody; draft: GoalSheetDraft; errors?: string[]; warnings?: string[] };
  const cases: Case[] = [
    { name: 'annual goal required', draft: sheet(GOOD, { annualGoal: ' ' }), errors: ['请填写年度总体目标'] },
    { name: 'multi-year projects need a mid-term goal', draft: sheet(GOOD, { multiYear: true }), errors: ['跨年度项目请填写中长期目标'] },
    { name: 'unit-overall sheets need the duties', draft: sheet(GOOD, { ownerType: 'unitOverall' }), errors: ['请填写部门（单位）职责'] },
    {
      name: 'V2 each of 产出/效益/满意度 present',
      draft: sheet(GOOD.filter((i) => i.level1 !== 'satisfaction').concat(q('output', 'timeliness', '按期完成率', 100))),
      errors: ['至少需要 1 个满意度指标'],
    },
    {
      name: 'V3 minimum total count',
      draft: sheet([GOOD[0], GOOD[2], GOOD[3]].flatMap((i) => (i ? [i] : [])).slice(0, 2)),
      errors: ['至少需要 1 个满意度指标', '绩效指标总数不得少于 3 个，当前 2 个'],
    },
    {
      name: 'template B with a mandatory cost row: missing cost is an error',
      profile: TEMPLATE_B,
      draft: sheet(GOOD),
      errors: ['至少需要 1 个成本指标'],
    },
    {
      name: 'template B: a 成本指标 → 经济成本指标 row satisfies it',
      profile: TEMPLATE_B,
      draft: sheet([...GOOD, q('cost', 'economicCost', '人均培训成本', 800, '元/人')].map((i) => (i.name === '人均培训成本' ? { ...i, operator: '<=' as const } : i))),
      errors: [],
    },
    {
      name: 'template A: cost as a level-1 row is template B — a warning, not an error',
      draft: sheet([...GOOD, q('cost', 'economicCost', '人均培训成本', 800, '元/人')]),
      warnings: ['“人均培训成本”的“成本指标 → 经济成本指标”属于模板 B，与本年度规则方案的模板 A 不一致'],
    },
    {
      name: 'level-2 not under its level-1 (in either template) is an error',
      draft: sheet([...GOOD, q('output', 'socialBenefit', '受益人数', 100, '人')]),
      errors: ['“受益人数”的二级指标“社会效益指标”不属于一级指标“产出指标”'],
    },
    {
      name: 'duplicate indicator names',
      draft: sheet([...GOOD, q('output', 'quality', '培训合格率', 90)]),
      errors: ['指标“培训合格率”与第 2 个指标重复'],
    },
    {
      name: 'V1 quantitative rows need a comparison and a number',
      draft: sheet([...GOOD, { ...q('output', 'timeliness', '按期完成率'), operator: 'qualitative', targetValue: null, targetText: '按期' }]),
      errors: ['“按期完成率”是定量指标，应选择 ≥、≤、=、>、< 之一', '“按期完成率”是定量指标，指标值应为数值（如“≥95%”）'],
    },
    {
      name: 'V1 qualitative rows need words and the 定性 operator',
      draft: sheet([...GOOD, { ...text('benefit', 'sustainability', '长效机制', ''), operator: '>=' }]),
      errors: ['“长效机制”是定性指标，性质应为“定性”', '“长效机制”缺少定性指标值（如“达到预期”）'],
    },
    {
      name: 'V6 a vague word in a quantitative name is a warning',
      draft: sheet([...GOOD, q('benefit', 'socialBenefit', '教学质量有效提升率', 10)]),
      warnings: ['“教学质量有效提升率”含有模糊用语“有效提升”，定量指标应可衡量'],
    },
    {
      name: 'V6 the third level must not repeat the second',
      draft: sheet([...GOOD, q('output', 'quantity', '数量指标', 1, '个')]),
      errors: ['三级指标名称“数量指标”不能与二级指标名称相同'],
    },
    {
      name: 'V4 an output row that only counts money is a warning',
      draft: sheet([...GOOD, q('output', 'quantity', '资金到位率', 100)]),
      warnings: ['“资金到位率”衡量的是资金投入，不宜作为产出目标（投入不是绩效目标）'],
    },
    {
      name: 'missing unit on a quantitative row is a warning',
      draft: sheet([...GOOD, { ...q('output', 'timeliness', '按期完成率', 100), unit: '' }]),
      warnings: ['“按期完成率”缺少计量单位'],
    },
  ];
  it.each(cases)('$name', ({ profile = DEFAULT, draft, errors = [], warnings = [] }) => {
    const r = checkGoalSheet(profile, draft);
    expect(messages(r.errors)).toEqual(errors);
    expect(messages(r.warnings)).toEqual(expect.arrayContaining(warnings));
  });

  it('points errors at the row and field', () => {
    const r = checkGoalSheet(DEFAULT, sheet([...GOOD, q('output', 'quality', '培训合格率', 90)]));
    expect(r.errors).toEqual([{ row: 4, field: 'name', message: '指标“培训合格率”与第 2 个指标重复' }]);
  });
});
