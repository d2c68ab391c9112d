import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ASSESSMENT_ITEMS, assessmentRates, assessmentTotal, autoItemRule, autoScore, cellResult, checkAssessmentItems, departmentOf, manualScoreProblem, rankUnits,
  type AssessmentFacts, type AssessmentItem,
} from '../../shared/rules/assessment.ts';

const facts = (over: Partial<AssessmentFacts> = {}): AssessmentFacts => ({
  goals: { amountFen: 1000, coveredAmountFen: 750 }, monitoring: { due: 4, onTime: 3 }, selfEval: { due: 5, accepted: 4 }, rechecks: [],
  rectificationRate: 75, disclosure: { disclosable: 8, disclosed: 6 }, ...over,
});

describe('绩效管理工作考核 rules (SPEC §9.4)', () => {
  it('has a default item set of weight 100 with one manual item', () => {
    expect(DEFAULT_ASSESSMENT_ITEMS.reduce((a, i) => a + i.weight, 0)).toBe(100);
    expect(new Set(DEFAULT_ASSESSMENT_ITEMS.map((i) => i.code)).size).toBe(DEFAULT_ASSESSMENT_ITEMS.length);
    expect(DEFAULT_ASSESSMENT_ITEMS.filter((i) => i.source === 'manual').map((i) => i.code)).toEqual(['management']);
  });

  it('computes each rate as a fraction', () => {
    expect(assessmentRates(facts())).toEqual({
      goalCoverage: 0.75, monitoringOnTime: 0.75, selfEvalCompletion: 0.8, selfEvalQuality: 1, rectification: 0.75, disclosure: 0.75,
    });
  });

  it('leaves a rate null when there is nothing to measure', () => {
    const r = assessmentRates(facts({
      goals: { amountFen: 0, coveredAmountFen: 0 }, monitoring: null, selfEval: { due: 0, accepted: 0 }, rectificationRate: null, disclosure: { disclosable: 0, disclosed: 0 },
    }));
    expect(r).toMatchObject({ goalCoverage: null, monitoringOnTime: null, selfEvalCompletion: null, selfEvalQuality: null, rectification: null, disclosure: null });
    expect(assessmentRates(facts({ monitoring: { due: 0, onTime: 0 } })).monitoringOnTime).toBeNull();
  });

  it('deducts quality for re-checks 5 points or more away from the self-score', () => {
    const rechecks = [
      { selfTotal: 90, recheckTotal: 86 }, // 4 → fine
      { selfTotal: 90, recheckTotal: 85 }, // 5 → deducted
      { selfTotal: 80, recheckTotal: 87 }, // 7 up → deducted too
      { selfTotal: 70, recheckTotal: 70 },
    ];
    expect(assessmentRates(facts({ rechecks })).selfEvalQuality).toBe(0.5);
    expect(autoScore(10, 0.5)).toBe(5);
  });

  it('scores weight × rate to two decimals', () => {
    expect(autoScore(20, 2 / 3)).toBe(13.33);
    expect(autoScore(15, 0.925)).toBe(13.88);
    expect(autoScore(20, null)).toBeNull();
  });

  it('lets a manual score count over the automatic one and totals what is there', () => {
    expect(cellResult({ code: 'a', autoScore: 12, manualScore: null })).toEqual({ score: 12, needsManual: false });
    expect(cellResult({ code: 'a', autoScore: 12, manualScore: 14 })).toEqual({ score: 14, needsManual: false });
    expect(cellResult({ code: 'a', autoScore: null, manualScore: null })).toEqual({ score: null, needsManual: true });
    expect(assessmentTotal([{ code: 'a', autoScore: 12.345, manualScore: null }, { code: 'b', autoScore: null, manualScore: null }, { code: 'c', autoScore: 1, manualScore: 2.1 }]))
      .toEqual({ total: 14.45, complete: false });
  });

  it('ranks densely by total, ties ordered by code', () => {
    const ranked = rankUnits([{ code: '103', total: 80 }, { code: '101', total: 90 }, { code: '104', total: 80 }, { code: '102', total: 80 }, { code: '105', total: 70 }]);
    expect(ranked.map((r) => [r.code, r.rank])).toEqual([['101', 1], ['102', 2], ['103', 2], ['104', 2], ['105', 3]]);
  });

  it('checks a manual score against the weight', () => {
    expect(manualScoreProblem(15, 15)).toBeNull();
    expect(manualScoreProblem(15, 0)).toBeNull();
    expect(manualScoreProblem(15, 15.5)).toBe('得分应在 0 至 15 分之间');
    expect(manualScoreProblem(15, -1)).toBe('得分应在 0 至 15 分之间');
    expect(manualScoreProblem(15, 1.234)).toBe('得分最多保留两位小数');
  });

  it('finds each unit\'s 主管部门', () => {
    const m = departmentOf([{ id: 'a', parentId: null }, { id: 'a1', parentId: 'a' }, { id: 'a11', parentId: 'a1' }, { id: 'b', parentId: null }]);
    expect(Object.fromEntries(m)).toEqual({ a: 'a', a1: 'a', a11: 'a', b: 'b' });
  });

  it('writes an automatic item\'s rule from its measure and weight', () => {
    expect(DEFAULT_ASSESSMENT_ITEMS[0]?.rule).toBe('绩效目标已批复或已公开的项目金额 ÷ 本部门（含下属单位）年度项目全年预算数 × 20 分');
    expect(autoItemRule('rectification', 25)).toBe('整改台账中已销号事项 ÷ 应整改事项（不含不予整改）× 25 分（SPEC §9.2）');
  });

  it('checks an edited item set per field: names, weights (sum 100), measures once, manual rules', () => {
    expect(checkAssessmentItems(DEFAULT_ASSESSMENT_ITEMS)).toEqual([]);
    const edited: AssessmentItem[] = [
      { code: 'goalCoverage', label: '目标覆盖', weight: 30, source: 'auto', rule: '' },
      { code: 'goalCoverage', label: '目标覆盖（金额）', weight: 20, source: 'auto', rule: '' },
      { code: 'x', label: '', weight: 0, source: 'auto', rule: '' },
      { code: 'manual-1', label: '目标覆盖', weight: 20.005, source: 'manual', rule: ' ' },
      { code: 'manual-1', label: '培训', weight: 20, source: 'manual', rule: '按培训次数评分' },
    ];
    expect(checkAssessmentItems(edited)).toEqual([
      { field: 'items.1.code', message: '“目标覆盖（金额）”的计分数据来源与第 1 个考核项目相同' },
      { field: 'items.2.label', message: '第 3 个考核项目的名称不能为空' },
      { field: 'items.2.weight', message: '第 3 个考核项目的分值应大于 0' },
      { field: 'items.2.code', message: '第 3 个考核项目为自动计分，请选择计分数据来源' },
      { field: 'items.3.label', message: '第 4 个考核项目“目标覆盖”与第 1 个重名' },
      { field: 'items.3.weight', message: '“目标覆盖”的分值最多保留两位小数' },
      { field: 'items.3.rule', message: '“目标覆盖”为人工评分，请填写评分标准' },
      { field: 'items.4.code', message: '“培训”的编码与第 4 个考核项目重复' },
      { field: 'items.total', message: '各考核项目分值合计为 90.01，应为 100' },
    ]);
    expect(checkAssessmentItems([])).toEqual([{ field: 'items', message: '考核表至少需要一个考核项目' }]);
  });
});
