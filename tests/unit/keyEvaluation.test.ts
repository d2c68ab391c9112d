import { describe, expect, it } from 'vitest';
import { evaluationFrameworkSchema, type GradeBand } from '../../shared/domain/ruleProfile.ts';
import {
  aggregateScores, checkExpertScores, checkItemWeights, computeKeyEval, defaultKeyEvalItems, type KeyEvalScore,
} from '../../shared/rules/keyEvaluation.ts';

const BANDS: GradeBand[] = [{ grade: 'excellent', min: 90 }, { grade: 'good', min: 80 }, { grade: 'fair', min: 60 }, { grade: 'poor', min: 0 }];
const C = { decision: 15, process: 20, output: 35, benefit: 30 };
const LABELS = { decision: '决策', process: '过程', output: '产出', benefit: '效益' };

describe('key evaluation (部门评价 / 财政重点评价)', () => {
  it('splits each level-1 weight over the SPEC §5.7 level-3 items', () => {
    const items = defaultKeyEvalItems(C);
    expect(items.map((i) => i.name)).toEqual([
      '立项依据充分性', '立项程序规范性', '绩效目标合理性', '绩效指标明确性', '预算编制科学性', '资金分配合理性',
      '资金到位率', '预算执行率', '资金使用合规性', '管理制度健全性', '制度执行有效性',
      '实际完成率', '质量达标率', '完成及时性', '成本节约率',
      '经济效益', '社会效益', '生态效益', '可持续影响', '服务对象满意度',
    ]);
    expect(items.filter((i) => i.level1 === 'decision').map((i) => i.weight)).toEqual([2.5, 2.5, 2.5, 2.5, 2.5, 2.5]);
    expect(items.filter((i) => i.level1 === 'output').map((i) => i.weight)).toEqual([8.75, 8.75, 8.75, 8.75]);
    expect(items.find((i) => i.name === '服务对象满意度')?.method).toBe('survey');
    expect(checkItemWeights(items, C, LABELS)).toEqual([]);
    // A weight that does not divide evenly: the last item takes the remainder.
    const odd = defaultKeyEvalItems({ decision: 20, process: 20, output: 30, benefit: 30 });
    expect(odd.filter((i) => i.level1 === 'decision').map((i) => i.weight)).toEqual([3.33, 3.33, 3.33, 3.33, 3.33, 3.35]);
    expect(checkItemWeights(odd, { decision: 20, process: 20, output: 30, benefit: 30 }, LABELS)).toEqual([]);
  });

  it('SPEC §11.7: framework C, level-1 scores 12.50 / 16.00 / 30.80 / 24.50 → 83.80 良', () => {
    const items = defaultKeyEvalItems(C);
    // Per level 1, the item scores that add up to the example's subtotal (two experts agreeing).
    const perItem: Record<string, number[]> = {
      decision: [2.5, 2.5, 2, 2, 2, 1.5], process: [4, 4, 3, 3, 2], output: [8.75, 8, 7, 7.05], benefit: [5, 5, 4.5, 4, 6],
    };
    const scores: KeyEvalScore[] = [];
    for (const l1 of Object.keys(perItem)) {
      items.filter((i) => i.level1 === l1).forEach((item, k) => {
        for (const expert of ['甲', '乙']) scores.push({ seq: item.seq, expert, score: perItem[l1]?.[k] ?? 0 });
      });
    }
    const r = computeKeyEval(items, scores, 'mean', BANDS);
    expect(r.level1).toEqual({
      decision: { weight: 15, score: 12.5 }, process: { weight: 20, score: 16 }, output: { weight: 35, score: 30.8 }, benefit: { weight: 30, score: 24.5 },
    });
    expect(r).toMatchObject({ total: 83.8, grade: 'good', complete: true, experts: ['甲', '乙'] });
    expect(checkExpertScores(items, scores)).toEqual([]);
  });

  it('aggregates by mean or by the mean without the highest and the lowest', () => {
    expect(aggregateScores([8, 6, 7], 'mean')).toBe(7);
    expect(aggregateScores([8, 2, 7, 7.5], 'mean')).toBe(6.13);
    expect(aggregateScores([8, 2, 7, 7.5], 'trimmedMean')).toBe(7.25);
    expect(aggregateScores([9, 3, 6], 'trimmedMean')).toBe(6);
    // Fewer than three experts: nothing to trim.
    expect(aggregateScores([9, 3], 'trimmedMean')).toBe(6);
    expect(aggregateScores([], 'mean')).toBeNull();
    const items = defaultKeyEvalItems(C);
    const r = computeKeyEval(items, [{ seq: 1, expert: 'A', score: 2.5 }, { seq: 1, expert: 'B', score: 0.5 }, { seq: 1, expert: 'C', score: 2 }], 'trimmedMean', BANDS);
    expect(r.items[0]).toEqual({ seq: 1, score: 2, expertCount: 3 });
    expect(r).toMatchObject({ total: 2, grade: 'poor', complete: false });
  });

  it('rejects a score above the item weight, unknown items, duplicates and unbalanced weights', () => {
    const items = defaultKeyEvalItems(C);
    expect(checkExpertScores(items, [
      { seq: 1, expert: '甲', score: 2.6 }, { seq: 99, expert: '甲', score: 1 }, { seq: 2, expert: '乙', score: 1 }, { seq: 2, expert: '乙', score: 2 },
    ])).toEqual([
      { field: 'scores.0.score', message: '专家“甲”对“立项依据充分性”的得分 2.6 超过分值 2.5' },
      { field: 'scores.1.seq', message: '第 2 个得分的指标（序号 99）不存在' },
      { field: 'scores.3.expert', message: '专家“乙”对“立项程序规范性”重复评分' },
    ]);
    const moved = items.map((i) => (i.seq === 1 ? { ...i, weight: 5 } : i));
    expect(checkItemWeights(moved, C, LABELS)).toEqual([{ field: 'items', message: '决策类指标分值合计为 17.5，应为 15' }]);
  });

  it('the result-oriented rule of the profile schema: 产出 + 效益 ≥ 60 (SPEC §11.7)', () => {
    expect(evaluationFrameworkSchema.safeParse({ code: 'C', name: 'C', ...C }).success).toBe(true);
    const bad = evaluationFrameworkSchema.safeParse({ code: 'X', name: 'X', decision: 25, process: 20, output: 30, benefit: 25 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('“X”产出与效益分值之和为 55，应不少于 60');
  });
});
