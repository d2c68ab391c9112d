import { describe, expect, it } from 'vitest';
import { evaluationFrameworkSchema, type GradeBand } from '../../shared/domain/ruleProfile.ts';
import {
  aggregateScores, checkKeyEvalFramework, computeKeyEval, defaultKeyEvalItems, frameworkWeights, normalizeItem, splitPoints, type KeyEvalItem, type KeyEvalScore,
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
    expect(checkKeyEvalFramework(items, LABELS)).toEqual([]);
    expect(frameworkWeights(items)).toEqual(C);
    // A weight that does not divide evenly: the last item takes the remainder.
    const odd = defaultKeyEvalItems({ decision: 20, process: 20, output: 30, benefit: 30 });
    expect(odd.filter((i) => i.level1 === 'decision').map((i) => i.weight)).toEqual([3.33, 3.33, 3.33, 3.33, 3.33, 3.35]);
    expect(checkKeyEvalFramework(odd, LABELS)).toEqual([]);
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

  it('gives every method its definition: rate figures, elements adding up to the weight', () => {
    const items = defaultKeyEvalItems(C);
    const by = (name: string) => items.find((i) => i.name === name);
    expect(by('资金到位率')?.config).toEqual({ targetPct: 100, actualLabel: '实际到位资金（万元）', plannedLabel: '计划投入资金（万元）' });
    expect(by('成本节约率')?.config.targetPct).toBe(0);
    // 立项程序规范性 (2.5 points) has three 评分要点: 0.83 + 0.83 + 0.84.
    expect(by('立项程序规范性')?.config.elements?.map((e) => e.points)).toEqual([0.83, 0.83, 0.84]);
    expect(by('资金使用合规性')?.config).toEqual({});
    expect(splitPoints(5, 3)).toEqual([1.67, 1.67, 1.66]);
    expect(splitPoints(5, 0)).toEqual([]);
    // An item stored without a definition (before methods applied), or a new one: defaults.
    expect(normalizeItem({ seq: 1, level1: 'decision', level2: '项目立项', name: '资金分配合理性', method: 'elements', weight: 3, config: null }).config.elements)
      .toEqual([{ text: '资金分配依据充分', points: 1.5 }, { text: '资金分配额度合理，与项目单位或地方实际相适应', points: 1.5 }]);
    expect(normalizeItem({ seq: 1, level1: 'output', level2: '产出数量', name: '新增指标', method: 'elements', weight: 4 }).config)
      .toEqual({ elements: [{ text: '符合评分标准', points: 4 }] });
    expect(normalizeItem({ seq: 1, level1: 'output', level2: '产出数量', name: '新增指标', method: 'quantitative', weight: 4, config: { elements: [] } }).config)
      .toEqual({ targetPct: 100, actualLabel: '实际值', plannedLabel: '计划值' });
  });

  it('checks an edited framework per field (SPEC §5.7: total 100, 产出 + 效益 ≥ 60)', () => {
    const items: Omit<KeyEvalItem, 'seq'>[] = defaultKeyEvalItems(C).map(({ seq: _seq, ...i }) => i);
    // Move 10 points from 产出 to 决策: 25 / 20 / 25 / 30 → 产出 + 效益 = 55.
    const shifted = items.map((i) => (i.name === '实际完成率' ? { ...i, weight: 8.75 - 5 } : i.name === '质量达标率' ? { ...i, weight: 8.75 - 5 } : i));
    shifted.push({ level1: 'decision', level2: '项目立项', name: '前期工作', method: 'deduction', weight: 10, config: {} });
    expect(checkKeyEvalFramework(shifted, LABELS)).toEqual([{ field: 'weights.output', message: '产出与效益分值之和为 55，应不少于 60（结果导向）' }]);

    const broken = items.filter((i) => i.level1 !== 'process').map((i, k) => {
      if (k === 0) return { ...i, name: ' ' };
      if (k === 1) return { ...i, name: '绩效目标合理性', level2: '' };
      if (k === 3) return { ...i, weight: 0 };
      if (k === 4) return { ...i, config: { elements: [{ text: '依据充分', points: 1 }, { text: '', points: 0.5 }] } };
      return i;
    });
    expect(checkKeyEvalFramework(broken, LABELS)).toEqual([
      { field: 'items.0.name', message: '第 1 个指标的名称不能为空' },
      { field: 'items.1.level2', message: '“绩效目标合理性”的二级指标不能为空' },
      { field: 'items.2.name', message: '第 3 个指标“绩效目标合理性”与第 2 个指标重名' },
      { field: 'items.3.weight', message: '“绩效指标明确性”的分值应大于 0' },
      { field: 'items.4.elements.1.text', message: '“预算编制科学性”的第 2 个评分要点内容不能为空' },
      { field: 'items.4.elements', message: '“预算编制科学性”各评分要点分值合计为 1.5，应等于指标分值 2.5' },
      { field: 'weights.process', message: '过程类至少需要一个三级指标' },
      { field: 'weights.total', message: '各三级指标分值合计为 77.5，应为 100' },
    ]);
  });

  it('the result-oriented rule of the profile schema: 产出 + 效益 ≥ 60 (SPEC §11.7)', () => {
    expect(evaluationFrameworkSchema.safeParse({ code: 'C', name: 'C', ...C }).success).toBe(true);
    const bad = evaluationFrameworkSchema.safeParse({ code: 'X', name: 'X', decision: 25, process: 20, output: 30, benefit: 25 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('“X”产出与效益分值之和为 55，应不少于 60');
  });
});
