import { describe, expect, it } from 'vitest';
import { ruleProfileBodySchema, type RuleProfileBody } from '../../shared/domain/ruleProfile.ts';
import {
  QUALITATIVE_RESULT_LABELS,
  scoreSelfEvaluation,
  suggestWeights,
  type SelfEvalIndicatorInput,
  type SelfEvalInput,
} from '../../shared/rules/selfEvaluation.ts';
import nationalDefaultJson from '../../resources/profiles/national-default.json' with { type: 'json' };
import gansuJson from '../../resources/profiles/gansu-city.json' with { type: 'json' };
import integratedJson from '../../resources/profiles/integrated-caps.json' with { type: 'json' };

const WAN = 1_000_000; // 分 per 万元
const wan = (n: number) => Math.round(n * WAN);

const DEFAULT = ruleProfileBodySchema.parse(nationalDefaultJson.body);
const GANSU = ruleProfileBodySchema.parse(gansuJson.body);
const CAPS = ruleProfileBodySchema.parse(integratedJson.body);

/** A validated copy of a profile with some self-evaluation settings changed. */
function withSelfEval(base: RuleProfileBody, patch: Partial<RuleProfileBody['selfEvaluation']>, top: Partial<RuleProfileBody> = {}): RuleProfileBody {
  return ruleProfileBodySchema.parse({ ...structuredClone(base), ...top, selfEvaluation: { ...structuredClone(base.selfEvaluation), ...patch } });
}

let seq = 0;
function row(p: Partial<SelfEvalIndicatorInput>): SelfEvalIndicatorInput {
  seq += 1;
  return {
    key: `k${seq}`,
    level1: 'output',
    level2: 'quantity',
    name: `指标${seq}`,
    valueType: 'quantitative',
    operator: '>=',
    targetValue: 100,
    unit: '',
    weight: 10,
    actualValue: 100,
    notApplicable: false,
    qualitativeResult: null,
    manualScore: null,
    targetTooLow: false,
    ...p,
  };
}
const qual = (result: SelfEvalIndicatorInput['qualitativeResult'], manualScore: number | null, p: Partial<SelfEvalIndicatorInput> = {}) =>
  row({ valueType: 'qualitative', operator: 'qualitative', targetValue: null, actualValue: null, qualitativeResult: result, manualScore, ...p });

/** Scores a single row (with a 100% execution rate) and returns the row's result. */
function one(profile: RuleProfileBody, p: Partial<SelfEvalIndicatorInput>) {
  const r = scoreSelfEvaluation(profile, { annualBudgetFen: wan(100), executedFen: wan(100), indicators: [row(p)] });
  const ind = r.indicators[0];
  if (!ind) throw new Error('no row');
  return ind;
}

/** Template A, W1 weights, every row exactly on target (scores 90 of 90). */
function fullRows(): SelfEvalIndicatorInput[] {
  return [
    row({ level1: 'output', level2: 'quantity', weight: 15 }),
    row({ level1: 'output', level2: 'quality', weight: 10 }),
    row({ level1: 'output', level2: 'timeliness', weight: 10 }),
    row({ level1: 'output', level2: 'costOutput', operator: '<=', weight: 15 }),
    row({ level1: 'benefit', level2: 'socialBenefit', weight: 15 }),
    row({ level1: 'benefit', level2: 'sustainability', weight: 15 }),
    row({ level1: 'satisfaction', level2: 'serviceSatisfaction', weight: 10 }),
  ];
}

// ---------------------------------------------------------------------------------------------

describe('SPEC §11.1 single-unit self-evaluation (Template A, W1 weights)', () => {
  const input: SelfEvalInput = {
    annualBudgetFen: wan(320),
    executedFen: wan(304),
    indicators: [
      row({ key: 'mileage', name: '养护里程', level1: 'output', level2: 'quantity', operator: '>=', targetValue: 120, actualValue: 126, unit: '公里', weight: 15 }),
      row({ key: 'pass', name: '养护验收合格率', level1: 'output', level2: 'quality', operator: '>=', targetValue: 95, actualValue: 92, unit: '%', weight: 10 }),
      row({ key: 'ontime', name: '按期完工率', level1: 'output', level2: 'timeliness', operator: '=', targetValue: 100, actualValue: 100, unit: '%', weight: 10 }),
      row({ key: 'cost', name: '每公里养护成本', level1: 'output', level2: 'costOutput', operator: '<=', targetValue: 2.6, actualValue: 2.41, unit: '万元', weight: 15 }),
      row({ key: 'road', name: '优良路率', level1: 'benefit', level2: 'socialBenefit', operator: '>=', targetValue: 80, actualValue: 84, unit: '%', weight: 15 }),
      qual('partial', 11, { key: 'mech', name: '养护长效机制建立', level1: 'benefit', level2: 'sustainability', weight: 15 }),
      row({ key: 'sat', name: '沿线群众满意度', level1: 'satisfaction', level2: 'serviceSatisfaction', operator: '>=', targetValue: 90, actualValue: 93, unit: '%', weight: 10 }),
    ],
  };
  const r = scoreSelfEvaluation(DEFAULT, input);

  it('execution 304 ÷ 320 = 95.00% → 9.50', () => {
    expect(r.executionRate).toBe(95);
    expect(r.executionScore).toBe(9.5);
    expect(r.executionExplanation).toContain('304.00 ÷ 全年预算数 320.00 = 95.00%');
    expect(r.executionExplanation).toContain('10 × 95.00% = 9.50');
  });

  it.each([
    ['mileage', 'positive', 15, '实际 126 ≥ 目标 120，得满分 15.00'],
    ['pass', 'positive', 9.68, '10 × 92 ÷ 95 = 9.68'],
    ['ontime', 'equality', 10, '实际 100 ≥ 目标 100，得满分 10.00'],
    ['cost', 'reverseR1', 15, '实际 2.41 ≤ 目标 2.60，得满分 15.00'],
    ['road', 'positive', 15, '得满分 15.00'],
    ['mech', 'qualitative', 11, '定性：部分达成年度指标并具有一定效果，评分区间 [9.00, 12.00)，评价人打分 11.00'],
    ['sat', 'positive', 10, '得满分 10.00'],
  ] as const)('row %s: %s → %s', (key, method, score, text) => {
    const s = r.indicators.find((i) => i.key === key);
    expect(s?.method).toBe(method);
    expect(s?.score).toBe(score);
    expect(s?.explanation).toContain(text);
    expect(s?.problems).toEqual([]);
  });

  it('qualitative partial band is [9.00, 12.00)', () => {
    expect(r.indicators.find((i) => i.key === 'mech')?.band).toEqual({ min: 9, max: 12, maxInclusive: false });
  });

  it('total 95.18 → 优, no normalisation, no cap, weights fine', () => {
    expect(r.indicatorTotal).toBe(85.68);
    expect(r.rawTotal).toBe(95.18);
    expect(r.applicableWeight).toBe(100);
    expect(r.normalizedTotal).toBeNull();
    expect(r.cap).toBeNull();
    expect(r.total).toBe(95.18);
    expect(r.grade).toBe('excellent');
    expect(r.problems).toEqual([]);
    expect(r.weightCheck).toEqual({ ok: true, messages: [] });
  });

  it('质量 and 可持续 rows (and only those) require 偏差原因分析', () => {
    const need = r.indicators.filter((i) => i.flags.includes('explanationRequired')).map((i) => i.key);
    expect(need).toEqual(['pass', 'mech']);
  });
});

describe('SPEC §11.2 reverse indicator: R1 and R2 (target ≤ 2.60, weight 15)', () => {
  const R2 = withSelfEval(DEFAULT, { reverseFormula: 'R2' });
  it.each([
    [2.41, 15, '实际 2.41 ≤ 目标 2.60，得满分 15.00', 15, '得满分 15.00'],
    [2.86, 13.64, '15 × 2.60 ÷ 2.86 = 13.64', 13.5, '15 × (1 − (2.86 − 2.60) ÷ 2.60) = 13.50'],
    [3.9, 10, '15 × 2.60 ÷ 3.90 = 10.00', 7.5, '15 × (1 − (3.90 − 2.60) ÷ 2.60) = 7.50'],
    [5.4, 7.22, '15 × 2.60 ÷ 5.40 = 7.22', 0, '实际 5.40 ≥ 目标的 2 倍 5.20，得 0.00'],
    [5.2, 7.5, '15 × 2.60 ÷ 5.20 = 7.50', 0, '得 0.00'],
  ])('actual %s → R1 %s, R2 %s', (actual, r1, r1Text, r2, r2Text) => {
    const a = one(DEFAULT, { operator: '<=', targetValue: 2.6, actualValue: actual, weight: 15 });
    expect(a.method).toBe('reverseR1');
    expect(a.score).toBe(r1);
    expect(a.explanation).toContain(r1Text);
    const b = one(R2, { operator: '<=', targetValue: 2.6, actualValue: actual, weight: 15 });
    expect(b.method).toBe('reverseR2');
    expect(b.score).toBe(r2);
    expect(b.explanation).toContain(r2Text);
    expect(a.flags.includes('explanationRequired')).toBe(actual > 2.6);
  });

  it('"<" is scored like "≤"', () => {
    expect(one(DEFAULT, { operator: '<', targetValue: 2.6, actualValue: 2.86, weight: 15 }).score).toBe(13.64);
  });
});

describe('SPEC §11.3 equality with a zero target (安全责任事故数 = 0 起, weight 5)', () => {
  it.each([
    [0, 5, '目标为 0，实际 0 ≤ 0，得满分 5.00'],
    [1, 0, '目标为 0，实际 1 > 0，得 0.00'],
  ])('actual %s → %s', (actual, score, text) => {
    const s = one(DEFAULT, { operator: '=', targetValue: 0, actualValue: actual, weight: 5 });
    expect(s.method).toBe('equalityZero');
    expect(s.score).toBe(score);
    expect(s.explanation).toBe(text);
  });

  it('the zero-target rule holds under the symmetric mode too', () => {
    const sym = withSelfEval(DEFAULT, { equalityMode: 'symmetric' });
    expect(one(sym, { operator: '=', targetValue: 0, actualValue: 1, weight: 5 }).score).toBe(0);
  });
});

describe('"=" with a non-zero target', () => {
  const SYM = withSelfEval(DEFAULT, { equalityMode: 'symmetric' });
  it.each([
    [DEFAULT, 98, 'equality', 9.8],
    [DEFAULT, 105, 'equality', 10],
    [SYM, 100, 'equalitySymmetric', 10],
    [SYM, 98, 'equalitySymmetric', 9.8],
    [SYM, 105, 'equalitySymmetric', 9.5],
    [SYM, 250, 'equalitySymmetric', 0],
  ] as const)('%#: actual %s → %s %s', (profile, actual, method, score) => {
    const s = one(profile, { operator: '=', targetValue: 100, actualValue: actual, weight: 10 });
    expect(s.method).toBe(method);
    expect(s.score).toBe(score);
  });

  it('symmetric explanation shows the deviation', () => {
    expect(one(SYM, { operator: '=', targetValue: 100, actualValue: 105, weight: 10 }).explanation).toContain('10 × (1 − |105 − 100| ÷ 100) = 9.50');
  });
});

describe('SPEC §11.4 qualitative band validation', () => {
  it.each([
    ['partial', 10, 8, null, '实际得分区间为[权重*60%(含)-权重*80%)'],
    ['partial', 10, 7.5, 7.5, null],
    ['partial', 10, 6, 6, null],
    ['partial', 10, 5.99, null, '实际得分区间为[权重*60%(含)-权重*80%)'],
    ['achieved', 10, 10, 10, null],
    ['achieved', 10, 8, 8, null],
    ['achieved', 10, 10.01, null, '实际得分区间为[权重*80%(含)-权重]'],
    ['notAchieved', 10, 0, 0, null],
    ['notAchieved', 10, 6, null, '实际得分区间为[0(含)-权重*60%)'],
  ] as const)('%s, weight %s, score %s → %s', (result, weight, manual, score, problem) => {
    const s = one(DEFAULT, { valueType: 'qualitative', operator: 'qualitative', targetValue: null, actualValue: null, qualitativeResult: result, manualScore: manual, weight });
    expect(s.method).toBe('qualitative');
    expect(s.score).toBe(score);
    expect(s.problems).toHaveLength(problem === null ? 0 : 1);
    expect(s.problems.join('')).toContain(problem ?? '');
  });

  it('the score is never auto-filled: a missing score is a problem naming the band', () => {
    const r = scoreSelfEvaluation(DEFAULT, { annualBudgetFen: wan(100), executedFen: wan(100), indicators: [qual('partial', null, { name: '制度建设', weight: 10 })] });
    expect(r.indicators[0]?.score).toBeNull();
    expect(r.indicators[0]?.problems).toEqual(['定性指标须由评价人在区间 [6.00, 8.00) 内打分']);
    expect(r.problems).toEqual(['“制度建设”：定性指标须由评价人在区间 [6.00, 8.00) 内打分']);
  });

  it('a missing result is a problem; only 达成 needs no explanation', () => {
    expect(one(DEFAULT, { valueType: 'qualitative', operator: 'qualitative', qualitativeResult: null, manualScore: 5 }).problems[0]).toContain('须选择完成情况');
    expect(one(DEFAULT, { valueType: 'qualitative', operator: 'qualitative', qualitativeResult: 'achieved', manualScore: 9 }).flags).toEqual([]);
    expect(one(DEFAULT, { valueType: 'qualitative', operator: 'qualitative', qualitativeResult: 'notAchieved', manualScore: 3 }).flags).toEqual(['explanationRequired']);
  });

  it('labels', () => {
    expect(QUALITATIVE_RESULT_LABELS).toEqual({ achieved: '达成年度指标', partial: '部分达成年度指标并具有一定效果', notAchieved: '未达成年度指标且效果较差' });
  });
});

describe('SPEC §11.5 N/A normalisation', () => {
  const input = (): SelfEvalInput => ({
    annualBudgetFen: wan(100),
    executedFen: wan(100),
    indicators: [
      row({ level1: 'output', weight: 50, targetValue: 100, actualValue: 82 }), // 41.00
      row({ level1: 'benefit', level2: 'socialBenefit', weight: 20 }), // 20.00
      row({ key: 'eco', level1: 'benefit', level2: 'ecologicalBenefit', weight: 10, actualValue: null, notApplicable: true }),
      row({ level1: 'satisfaction', level2: 'serviceSatisfaction', weight: 10 }), // 10.00
    ],
  });

  it('81 of 90 → 90.00 优, raw 81.00 (良) shown alongside', () => {
    const r = scoreSelfEvaluation(DEFAULT, input());
    const eco = r.indicators.find((i) => i.key === 'eco');
    expect(eco).toMatchObject({ method: 'notApplicable', score: null, problems: [], explanation: '不适用，不计分' });
    expect(r.rawTotal).toBe(81);
    expect(r.applicableWeight).toBe(90);
    expect(r.normalizedTotal).toBe(90);
    expect(r.total).toBe(90);
    expect(r.grade).toBe('excellent');
    expect(r.problems).toEqual([]);
  });

  it('without naNormalize the raw 81.00 → 良 stands', () => {
    const r = scoreSelfEvaluation(withSelfEval(DEFAULT, { naNormalize: false }), input());
    expect(r.normalizedTotal).toBeNull();
    expect(r.total).toBe(81);
    expect(r.grade).toBe('good');
  });
});

describe('SPEC §11.6 over-completion (培训人次 ≥ 100, actual 180, weight 15)', () => {
  const DEDUCT = withSelfEval(DEFAULT, { overCompletionDeduction: true });
  it.each([
    ['default, target too low', DEFAULT, true, null, 15, ['explanationRequired', 'overCompletion']],
    ['default, not too low', DEFAULT, false, null, 15, ['explanationRequired', 'overCompletion']],
    ['deduction on, too low', DEDUCT, true, null, 6, ['deduction', 'explanationRequired', 'overCompletion']],
    ['deduction on, not too low', DEDUCT, false, null, 15, ['explanationRequired', 'overCompletion']],
    ['deduction on, evaluator settles 8', DEDUCT, true, 8, 8, ['deduction', 'explanationRequired', 'overCompletion']],
    ['manual score ignored without deduction', DEFAULT, true, 8, 15, ['explanationRequired', 'overCompletion']],
  ] as const)('%s → %s', (_label, profile, tooLow, manual, score, flags) => {
    const s = one(profile, { targetValue: 100, actualValue: 180, weight: 15, targetTooLow: tooLow, manualScore: manual });
    expect(s.score).toBe(score);
    expect([...s.flags].sort()).toEqual(flags);
  });

  it('the deduction shows the formula 15 × 0.40 = 6.00', () => {
    const s = one(DEDUCT, { targetValue: 100, actualValue: 180, weight: 15, targetTooLow: true });
    expect(s.explanation).toContain('完成比 180.00% ≥ 超额阈值 120.00%');
    expect(s.explanation).toContain('15 × max(0, 1 − (1.80 − 1.20)) = 6.00');
  });

  it('the default only flags and leaves the decision to 财政复核', () => {
    expect(one(DEFAULT, { targetValue: 100, actualValue: 180, weight: 15, targetTooLow: true }).explanation).toContain('由财政复核决定');
  });

  it.each([
    [119, false],
    [120, true],
  ])('threshold is inclusive: %s%% → %s', (actual, flagged) => {
    expect(one(DEFAULT, { targetValue: 100, actualValue: actual }).flags.includes('overCompletion')).toBe(flagged);
  });

  it('an out-of-range manual override is a problem and the suggestion stands', () => {
    const s = one(DEDUCT, { targetValue: 100, actualValue: 180, weight: 15, targetTooLow: true, manualScore: 16 });
    expect(s.score).toBe(6);
    expect(s.problems).toEqual(['评价人打分 16.00 应在 0 至 15.00 之间']);
  });
});

describe('一体化 caps preset (integrated-caps)', () => {
  it.each([
    [100, null, 100],
    [85, null, 98.5],
    [80, null, 98],
    [75, 89, 89],
    [70, 89, 89],
    [65, 79, 79],
    [55, 69, 69],
    [45, 59, 59],
    [0, 59, 59],
  ])('execution %s%% → cap %s → total %s', (rate, cap, total) => {
    const r = scoreSelfEvaluation(CAPS, { annualBudgetFen: wan(100), executedFen: wan(rate), indicators: fullRows() });
    expect(r.rawTotal).toBe(90 + rate / 10);
    expect(r.cap?.maxTotal ?? null).toBe(cap);
    expect(r.total).toBe(total);
  });

  it('the reason names the rate, the range and the cap; grade follows the capped total', () => {
    const r = scoreSelfEvaluation(CAPS, { annualBudgetFen: wan(100), executedFen: wan(75), indicators: fullRows() });
    expect(r.cap?.reason).toBe('执行率 75.00% 在 [70.00%, 80.00%) 区间，总分最高 89.00 分：总分 97.50 封顶为 89.00');
    expect(r.grade).toBe('good');
    const low = scoreSelfEvaluation(CAPS, { annualBudgetFen: wan(100), executedFen: wan(45), indicators: fullRows() });
    expect(low.grade).toBe('poor');
  });

  it('a cap that does not bind is still reported', () => {
    const rows = fullRows().map((r) => (r.level1 === 'benefit' ? { ...r, actualValue: 0 } : r)); // lose 30
    const r = scoreSelfEvaluation(CAPS, { annualBudgetFen: wan(100), executedFen: wan(75), indicators: rows });
    expect(r.total).toBe(67.5);
    expect(r.cap?.reason).toContain('未超过上限');
  });

  it('the cap applies after N/A normalisation', () => {
    const rows = fullRows();
    const first = rows[0];
    if (first) first.notApplicable = true;
    const r = scoreSelfEvaluation(CAPS, { annualBudgetFen: wan(100), executedFen: wan(75), indicators: rows });
    expect(r.rawTotal).toBe(82.5);
    expect(r.normalizedTotal).toBe(97.06); // 82.5 ÷ 85 × 100
    expect(r.total).toBe(89);
    expect(r.cap?.reason).toContain('折算后总分 97.06 封顶为 89.00');
  });
});

describe('overTargetPenalty (integrated-caps: ≥ 30% above target → −2)', () => {
  it.each([
    [129, 15, false],
    [130, 13, true],
    [200, 13, true],
  ])('actual %s of 100 → %s (penalty %s)', (actual, score, penalised) => {
    const s = one(CAPS, { targetValue: 100, actualValue: actual, weight: 15 });
    expect(s.score).toBe(score);
    expect(s.flags.includes('penalty')).toBe(penalised);
    expect(s.flags.includes('overCompletion')).toBe(true);
  });

  it('never below 0, explained, and only on positive rows', () => {
    const s = one(CAPS, { targetValue: 100, actualValue: 150, weight: 1 });
    expect(s.score).toBe(0);
    expect(s.explanation).toContain('扣 2.00 分：1.00 − 2.00 = 0.00');
    expect(one(CAPS, { operator: '<=', targetValue: 100, actualValue: 150, weight: 15 }).flags).not.toContain('penalty');
    expect(one(DEFAULT, { targetValue: 100, actualValue: 150, weight: 15 }).flags).not.toContain('penalty');
  });
});

describe('execution-rate scoring', () => {
  const TIERED = withSelfEval(DEFAULT, {
    executionScoring: { mode: 'tiered', tiers: [{ minRate: 90, share: 0.8 }, { minRate: 95, share: 1 }, { minRate: 80, share: 0.6 }] },
  });
  it.each([
    [DEFAULT, 110, 10],
    [DEFAULT, 95, 9.5],
    [DEFAULT, 33.333, 3.33],
    [TIERED, 100, 10],
    [TIERED, 95, 10],
    [TIERED, 94.99, 8],
    [TIERED, 90, 8],
    [TIERED, 85, 6],
    [TIERED, 79.99, 0],
  ] as const)('%#: rate %s%% → %s', (profile, rate, score) => {
    const r = scoreSelfEvaluation(profile, { annualBudgetFen: wan(100), executedFen: wan(rate), indicators: fullRows() });
    expect(r.executionScore).toBe(score);
  });

  it('tiered explanation names the tier', () => {
    const r = scoreSelfEvaluation(TIERED, { annualBudgetFen: wan(100), executedFen: wan(92), indicators: fullRows() });
    expect(r.executionExplanation).toContain('执行率 ≥ 90.00% 档，得 10 × 80% = 8.00');
  });

  it('over 100% is capped at full weight', () => {
    const r = scoreSelfEvaluation(DEFAULT, { annualBudgetFen: wan(100), executedFen: wan(110), indicators: fullRows() });
    expect(r.executionRate).toBe(110);
    expect(r.executionExplanation).toContain('10 × min(110.00%, 100%) = 10.00');
  });

  it('a zero budget gives no rate, 0 points and a problem', () => {
    const r = scoreSelfEvaluation(CAPS, { annualBudgetFen: 0, executedFen: 0, indicators: fullRows() });
    expect(r.executionRate).toBeNull();
    expect(r.executionScore).toBe(0);
    expect(r.cap).toBeNull();
    expect(r.total).toBe(90);
    expect(r.problems).toEqual(['全年预算数为 0，无法计算预算执行率']);
  });
});

describe('incomplete rows', () => {
  it('missing actual / target → score null, counted as 0, reported with the row name', () => {
    const r = scoreSelfEvaluation(DEFAULT, {
      annualBudgetFen: wan(100),
      executedFen: wan(100),
      indicators: [...fullRows().slice(1), row({ name: '培训人次', weight: 15, actualValue: null }), row({ name: '覆盖率', weight: 0, targetValue: null })],
    });
    const missing = r.indicators.at(-2);
    expect(missing?.score).toBeNull();
    expect(missing?.problems).toEqual(['缺少实际完成值']);
    expect(r.indicators.at(-1)?.problems).toEqual(['缺少年度指标值']);
    expect(r.problems).toEqual(['“培训人次”：缺少实际完成值', '“覆盖率”：缺少年度指标值']);
    expect(r.total).toBe(85);
  });

  it('no indicators is a problem', () => {
    expect(scoreSelfEvaluation(DEFAULT, { annualBudgetFen: wan(1), executedFen: wan(1), indicators: [] }).problems).toContain('未录入绩效指标');
  });
});

describe('weightCheck (SPEC §5.3, W4 warns but does not block)', () => {
  const check = (rows: SelfEvalIndicatorInput[], profile = DEFAULT) => scoreSelfEvaluation(profile, { annualBudgetFen: wan(100), executedFen: wan(100), indicators: rows }).weightCheck;

  it('W1 layout passes; 成本 rows count under 产出 in template A', () => {
    expect(check(fullRows().map((r) => (r.level2 === 'costOutput' ? { ...r, level1: 'cost' as const } : r)))).toEqual({ ok: true, messages: [] });
  });

  it('four indicators × 22.5 + 执行率 10: totals 100, level-1 mismatches warned', () => {
    const wc = check([
      row({ level1: 'output', weight: 22.5 }),
      row({ level1: 'output', level2: 'quality', weight: 22.5 }),
      row({ level1: 'benefit', level2: 'socialBenefit', weight: 22.5 }),
      row({ level1: 'satisfaction', level2: 'serviceSatisfaction', weight: 22.5 }),
    ]);
    expect(wc.ok).toBe(false);
    expect(wc.messages).toEqual([
      '产出指标下三级指标分值合计 45.00，应为 50.00',
      '效益指标下三级指标分值合计 22.50，应为 30.00',
      '满意度指标下三级指标分值合计 22.50，应为 10.00',
      '分值合计为 100，但各一级指标分值与方案（产出 50 / 效益 30 / 满意度 10，预算执行率 10）不一致；可以保存，请说明调整理由',
    ]);
  });

  it('a level-1 without rows loses its weight', () => {
    const wc = check(fullRows().filter((r) => r.level1 !== 'satisfaction'));
    expect(wc.messages).toEqual(['满意度指标没有三级指标，其 10.00 分未分配', '三级指标分值合计 80.00 加预算执行率分值 10.00 为 90.00，应为 100']);
  });

  it('template B checks 成本 as its own level-1', () => {
    const B = withSelfEval(DEFAULT, { level1Weights: { output: 40, cost: 10, benefit: 30, satisfaction: 10 } }, { template: 'B' });
    const rows = [
      row({ level1: 'output', weight: 40 }),
      row({ level1: 'cost', level2: 'economicCost', operator: '<=', weight: 10 }),
      row({ level1: 'benefit', level2: 'socialBenefit', weight: 30 }),
      row({ level1: 'satisfaction', level2: 'serviceSatisfaction', weight: 10 }),
    ];
    expect(check(rows, B)).toEqual({ ok: true, messages: [] });
  });
});

describe('suggestWeights', () => {
  const ids = (n: number, level1: SelfEvalIndicatorInput['level1'], level2: SelfEvalIndicatorInput['level2'], prefix: string) =>
    Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i + 1}`, level1, level2 }));

  it('template A 50/30/10 among 4/2/1 rows → 12.5 × 4, 15 × 2, 10 (成本 under 产出)', () => {
    const rows = [...ids(3, 'output', 'quantity', 'o'), { key: 'c1', level1: 'cost' as const, level2: 'costOutput' as const }, ...ids(2, 'benefit', 'socialBenefit', 'b'), ...ids(1, 'satisfaction', 'serviceSatisfaction', 's')];
    expect(suggestWeights(DEFAULT, rows)).toEqual({ o1: 12.5, o2: 12.5, o3: 12.5, c1: 12.5, b1: 15, b2: 15, s1: 10 });
  });

  it.each([
    [3, 50, [16.67, 16.67, 16.66]],
    [3, 10, [3.33, 3.33, 3.34]],
    [6, 50, [8.33, 8.33, 8.33, 8.33, 8.33, 8.35]],
    [7, 30, [4.29, 4.29, 4.29, 4.29, 4.29, 4.29, 4.26]],
  ])('%s rows share %s → %j', (n, _w, want) => {
    const profile = _w === 50 ? DEFAULT : withSelfEval(DEFAULT, { level1Weights: { output: _w, cost: 0, benefit: 80 - _w, satisfaction: 10 } });
    const got = suggestWeights(profile, ids(n, 'output', 'quantity', 'o'));
    expect(Object.values(got)).toEqual(want);
    expect(Math.round(Object.values(got).reduce((s, x) => s + x, 0) * 100)).toBe(_w * 100);
  });

  it('a level-1 with no rows gets nothing and weightCheck reports it', () => {
    const got = suggestWeights(DEFAULT, ids(2, 'output', 'quantity', 'o'));
    expect(got).toEqual({ o1: 25, o2: 25 });
    const rows = Object.entries(got).map(([key, weight]) => row({ key, weight }));
    const wc = scoreSelfEvaluation(DEFAULT, { annualBudgetFen: wan(1), executedFen: wan(1), indicators: rows }).weightCheck;
    expect(wc.messages).toContain('效益指标没有三级指标，其 30.00 分未分配');
  });

  it('template B splits 成本 separately', () => {
    const B = withSelfEval(DEFAULT, { level1Weights: { output: 40, cost: 10, benefit: 30, satisfaction: 10 } }, { template: 'B' });
    expect(suggestWeights(B, [...ids(2, 'output', 'quantity', 'o'), ...ids(2, 'cost', 'economicCost', 'c')])).toEqual({ o1: 20, o2: 20, c1: 5, c2: 5 });
  });
});

describe('grades under the Gansu five-level preset (优/良/中/低/差)', () => {
  // One 产出 row "≥ 90" of weight 90 scores its actual value; execution 100% adds 10.
  it.each([
    [90, 100, 'excellent'],
    [80, 90, 'excellent'],
    [79.99, 89.99, 'good'],
    [70, 80, 'good'],
    [60, 70, 'fair'],
    [50, 60, 'low'],
    [49.99, 59.99, 'poor'],
    [0, 10, 'poor'],
  ] as const)('indicator %s → total %s → %s', (actual, total, grade) => {
    const r = scoreSelfEvaluation(GANSU, { annualBudgetFen: wan(100), executedFen: wan(100), indicators: [row({ targetValue: 90, actualValue: actual, weight: 90 })] });
    expect(r.total).toBe(total);
    expect(r.grade).toBe(grade);
  });

  it('the same total grades 中 under the four-level default', () => {
    const r = scoreSelfEvaluation(DEFAULT, { annualBudgetFen: wan(100), executedFen: wan(100), indicators: [row({ targetValue: 90, actualValue: 55, weight: 90 })] });
    expect(r.total).toBe(65);
    expect(r.grade).toBe('fair');
  });
});
