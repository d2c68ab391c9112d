import { describe, expect, it } from 'vitest';
import { drawRecheckSample, gradeDropped, mulberry32, recheckTotal, type RecheckCandidate, type RecheckSampleRules } from '../../shared/rules/recheckSample.ts';
import { scoreSelfEvaluation } from '../../shared/rules/selfEvaluation.ts';
import { ruleProfileBodySchema } from '../../shared/domain/ruleProfile.ts';
import nationalDefaultJson from '../../resources/profiles/national-default.json' with { type: 'json' };

const WAN = 1_000_000;
const OFF: RecheckSampleRules = { randomCount: 0, topByAmount: 0, includeRedWarnings: false, lowScoreBelow: null, amountSharePct: null };

/** 20 projects P01…P20 with amounts 10…200 万元, every 7th red, scores 70…98. */
const POP: RecheckCandidate[] = Array.from({ length: 20 }, (_, i) => ({
  key: `P${String(i + 1).padStart(2, '0')}`,
  amountFen: (i + 1) * 10 * WAN,
  total: 70 + ((i * 7) % 29),
  redWarning: (i + 1) % 7 === 0,
}));

const keys = (r: { picks: { key: string }[] }) => r.picks.map((p) => p.key).sort();

describe('mulberry32', () => {
  it('is deterministic per seed and uniform-ish in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
    // Seeds are taken as unsigned 32-bit integers: the top of the range works.
    expect(mulberry32(4294967295)()).toBeLessThan(1);
  });
});

describe('drawRecheckSample', () => {
  it('gives the same sample for the same seed and population, whatever the input order', () => {
    const rules = { ...OFF, randomCount: 5 };
    const first = drawRecheckSample(POP, rules, 20260301);
    expect(first.picks).toHaveLength(5);
    expect(drawRecheckSample([...POP].reverse(), rules, 20260301)).toEqual(first);
    expect(first.picks.every((p) => p.reasons.join() === 'random')).toBe(true);
    // Another seed draws another sample (for these seeds; a collision is possible in general).
    expect(keys(drawRecheckSample(POP, rules, 7))).not.toEqual(keys(first));
  });

  it('picks the N largest amounts', () => {
    const r = drawRecheckSample(POP, { ...OFF, topByAmount: 3 }, 1);
    expect(r.picks).toEqual([
      { key: 'P20', reasons: ['largestAmount'] }, { key: 'P19', reasons: ['largestAmount'] }, { key: 'P18', reasons: ['largestAmount'] },
    ]);
    expect(r.sampledFen).toBe((200 + 190 + 180) * WAN);
    expect(r.populationFen).toBe(2100 * WAN);
    expect(r.sharePct).toBe(27.14);
  });

  it('picks every red warning and every low self-score, recording all reasons of a pick', () => {
    // P20 is both the largest and low-scored.
    const pop = POP.map((c) => (c.key === 'P20' ? { ...c, total: 65 } : c));
    const r = drawRecheckSample(pop, { ...OFF, topByAmount: 1, includeRedWarnings: true, lowScoreBelow: 74 }, 1);
    expect(pop.filter((c) => c.total !== null && c.total < 74).map((c) => c.key)).toEqual(['P01', 'P18', 'P20']);
    expect(Object.fromEntries(r.picks.map((p) => [p.key, p.reasons]))).toEqual({
      P20: ['largestAmount', 'lowScore'], P18: ['lowScore'], P14: ['redWarning'], P07: ['redWarning'], P01: ['lowScore'],
    });
    expect(r.picks.map((p) => p.key)).toEqual(['P20', 'P18', 'P14', 'P07', 'P01']);
    // A score exactly at the line is not below it; an unscored evaluation is never a low-score pick.
    const edge = drawRecheckSample([{ key: 'A', amountFen: 1, total: 60, redWarning: false }, { key: 'B', amountFen: 1, total: null, redWarning: false }], { ...OFF, lowScoreBelow: 60 }, 1);
    expect(edge.picks).toEqual([]);
  });

  it('tops up with the largest remaining until the amount share is reached', () => {
    // 20% of 2100 = 420: P20 (200) + P19 (190) = 390 < 420, + P18 (180) = 570 ≥ 420.
    const r = drawRecheckSample(POP, { ...OFF, amountSharePct: 20 }, 1);
    expect(r.picks).toEqual([{ key: 'P20', reasons: ['amountShare'] }, { key: 'P19', reasons: ['amountShare'] }, { key: 'P18', reasons: ['amountShare'] }]);
    expect(r.sharePct).toBe(27.14);
    // The rule picks count toward the share: with P20 and the reds P07 + P14 (70 + 140) = 410, one more (P19) is enough.
    const mixed = drawRecheckSample(POP, { ...OFF, topByAmount: 1, includeRedWarnings: true, amountSharePct: 20 }, 1);
    expect(Object.fromEntries(mixed.picks.map((p) => [p.key, p.reasons]))).toEqual({ P20: ['largestAmount'], P19: ['amountShare'], P14: ['redWarning'], P07: ['redWarning'] });
    // Already reached: nothing added.
    expect(drawRecheckSample(POP, { ...OFF, topByAmount: 3, amountSharePct: 20 }, 1).picks.every((p) => p.reasons.join() === 'largestAmount')).toBe(true);
  });

  it('draws the random part from what the rules left, then tops up the share', () => {
    const rules = { ...OFF, topByAmount: 2, includeRedWarnings: true, randomCount: 4, amountSharePct: 40 };
    const r = drawRecheckSample(POP, rules, 99);
    const random = r.picks.filter((p) => p.reasons.includes('random'));
    expect(random).toHaveLength(4);
    expect(random.every((p) => p.reasons.length === 1)).toBe(true);
    expect(r.sampledFen * 100).toBeGreaterThanOrEqual(r.populationFen * 40);
    expect(drawRecheckSample(POP, rules, 99)).toEqual(r);
    // More random picks asked for than there are left: all of the rest.
    expect(drawRecheckSample(POP.slice(0, 3), { ...OFF, randomCount: 10 }, 5).picks).toHaveLength(3);
  });
});

describe('recheckTotal', () => {
  const profile = ruleProfileBodySchema.parse(nationalDefaultJson.body);
  const self = scoreSelfEvaluation(profile, {
    annualBudgetFen: 320 * WAN,
    executedFen: 304 * WAN,
    indicators: [
      { key: '1', level1: 'output', level2: 'quantity', name: '养护里程', valueType: 'quantitative', operator: '>=', targetValue: 120, unit: '公里', weight: 50, actualValue: 126, notApplicable: false, qualitativeResult: null, manualScore: null, targetTooLow: false },
      { key: '2', level1: 'benefit', level2: 'socialBenefit', name: '优良路率', valueType: 'quantitative', operator: '>=', targetValue: 80, unit: '%', weight: 30, actualValue: 84, notApplicable: false, qualitativeResult: null, manualScore: null, targetTooLow: false },
      { key: '3', level1: 'satisfaction', level2: 'serviceSatisfaction', name: '满意度', valueType: 'quantitative', operator: '>=', targetValue: 90, unit: '%', weight: 10, actualValue: null, notApplicable: true, qualitativeResult: null, manualScore: null, targetTooLow: false },
    ],
  });

  it('replaces row scores, keeps unscored rows, normalises like the engine and grades', () => {
    expect(self).toMatchObject({ executionScore: 9.5, rawTotal: 89.5, applicableWeight: 90, normalizedTotal: 99.44, total: 99.44, grade: 'excellent' });
    const none = recheckTotal(self, new Map(), profile.grades);
    expect(none).toMatchObject({ rawTotal: 89.5, normalizedTotal: 99.44, total: 99.44, grade: 'excellent', rowScores: { '1': 50, '2': 30, '3': null } });
    const r = recheckTotal(self, new Map([['1', 40]]), profile.grades);
    // (9.5 + 40 + 30) ÷ 90 × 100 = 88.33 → 良.
    expect(r).toMatchObject({ indicatorTotal: 70, rawTotal: 79.5, normalizedTotal: 88.33, total: 88.33, grade: 'good' });
    expect(gradeDropped('excellent', r.grade)).toBe(true);
    expect(gradeDropped('good', 'excellent')).toBe(false);
  });

  it('applies the execution-rate cap the engine found', () => {
    const capped = { ...self, cap: { maxTotal: 80, reason: '' } };
    expect(recheckTotal(capped, new Map([['1', 45]]), profile.grades)).toMatchObject({ capped: true, total: 80, grade: 'good' });
    expect(recheckTotal(capped, new Map([['1', 20], ['2', 10]]), profile.grades)).toMatchObject({ capped: false, total: 43.89 });
  });
});
