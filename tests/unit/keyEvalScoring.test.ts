import { describe, expect, it } from 'vitest';
import { DEFAULT_GRADE_SHARES, gradeSharesSchema, ruleProfileBodySchema } from '../../shared/domain/ruleProfile.ts';
import nationalDefault from '../../resources/profiles/national-default.json' with { type: 'json' };
import { computeKeyEval, defaultKeyEvalItems, type KeyEvalItem } from '../../shared/rules/keyEvaluation.ts';
import { blankInput, scoreEntries, scoreEntry, type GradeShare } from '../../shared/rules/keyEvalScoring.ts';

const SHARES: GradeShare[] = DEFAULT_GRADE_SHARES.map((g) => ({ ...g }));
const item = (over: Partial<KeyEvalItem> & Pick<KeyEvalItem, 'method' | 'weight'>): KeyEvalItem => ({
  seq: 1, level1: 'process', level2: '资金管理', name: '资金到位率', config: {}, ...over,
});

describe('key-evaluation scoring methods (SPEC §5.7), worked numbers', () => {
  it('定量比例: weight × min(actual ÷ planned ÷ target, 1)', () => {
    const it5 = item({ method: 'quantitative', weight: 5, config: { targetPct: 100, actualLabel: '实际到位资金（万元）', plannedLabel: '计划投入资金（万元）' } });
    // 480 of 500 万元 arrived: 96% → 5 × 0.96 = 4.80.
    expect(scoreEntry(it5, { method: 'quantitative', actual: 480, planned: 500 }, SHARES)).toEqual({
      ok: true, score: 4.8, explanation: '实际到位资金（万元） 480 ÷ 计划投入资金（万元） 500 = 96.00%，目标 100.00%；5 × min(96.00% ÷ 100.00%, 1) = 4.80',
    });
    // Over the plan: capped at the weight.
    expect(scoreEntry(it5, { method: 'quantitative', actual: 530, planned: 500 }, SHARES)).toMatchObject({ ok: true, score: 5 });
    // A target of 90%: 81% of it is 90% of the way → 8.75 × 0.9 = 7.875 → 7.88.
    const it875 = item({ method: 'quantitative', weight: 8.75, config: { targetPct: 90 } });
    expect(scoreEntry(it875, { method: 'quantitative', actual: 81, planned: 100 }, SHARES)).toMatchObject({ ok: true, score: 7.88 });
    // 成本节约率 (target 0 = not negative): saving 12 of 300 万元 → full; overrun → 0.
    const cost = item({ method: 'quantitative', weight: 8.75, name: '成本节约率', config: { targetPct: 0, actualLabel: '计划成本 − 实际成本（万元）', plannedLabel: '计划成本（万元）' } });
    expect(scoreEntry(cost, { method: 'quantitative', actual: 12, planned: 300 }, SHARES)).toEqual({
      ok: true, score: 8.75, explanation: '计划成本 − 实际成本（万元） 12 ÷ 计划成本（万元） 300 = 4.00%；目标为不低于 0：达到，得满分 8.75',
    });
    expect(scoreEntry(cost, { method: 'quantitative', actual: -6, planned: 300 }, SHARES)).toMatchObject({ ok: true, score: 0 });
    expect(scoreEntry(it5, { method: 'quantitative', actual: 480, planned: 0 }, SHARES)).toEqual({ ok: false, field: 'planned', message: '计划投入资金（万元）应大于 0' });
  });

  it('要素计分: the points of the elements met', () => {
    const row = item({
      method: 'elements', weight: 2.5, name: '立项程序规范性',
      config: { elements: [{ text: '按规定程序申请', points: 0.83 }, { text: '审批文件符合要求', points: 0.83 }, { text: '事前论证', points: 0.84 }] },
    });
    expect(scoreEntry(row, { method: 'elements', met: [2, 0] }, SHARES)).toEqual({ ok: true, score: 1.67, explanation: '满足 2/3 项评分要点（①③）：0.83 + 0.84 = 1.67' });
    expect(scoreEntry(row, { method: 'elements', met: [0, 1, 2] }, SHARES)).toMatchObject({ ok: true, score: 2.5 });
    expect(scoreEntry(row, { method: 'elements', met: [] }, SHARES)).toEqual({ ok: true, score: 0, explanation: '满足 0/3 项评分要点：0.00' });
    expect(scoreEntry(row, { method: 'elements', met: [3] }, SHARES)).toEqual({ ok: false, field: 'met', message: '评分要点第 4 项不存在' });
    expect(scoreEntry(row, { method: 'elements', met: [1, 1] }, SHARES)).toEqual({ ok: false, field: 'met', message: '评分要点第 2 项重复勾选' });
  });

  it('扣分制: weight minus each deduction with its reason, not below 0', () => {
    const row = item({ method: 'deduction', weight: 4, name: '资金使用合规性' });
    expect(scoreEntry(row, { method: 'deduction', deductions: [{ reason: '2 笔支出无审批单', points: 1 }, { reason: '超范围列支会议费', points: 0.5 }] }, SHARES)).toEqual({
      ok: true, score: 2.5, explanation: '4 − 1（2 笔支出无审批单） − 0.5（超范围列支会议费） = 2.50',
    });
    expect(scoreEntry(row, { method: 'deduction', deductions: [] }, SHARES)).toEqual({ ok: true, score: 4, explanation: '无扣分：得满分 4.00' });
    expect(scoreEntry(row, { method: 'deduction', deductions: [{ reason: '挪用资金', points: 3 }, { reason: '虚列支出', points: 2 }] }, SHARES)).toEqual({
      ok: true, score: 0, explanation: '4 − 3（挪用资金） − 2（虚列支出） = -1.00，不足 0 按 0 计',
    });
    expect(scoreEntry(row, { method: 'deduction', deductions: [{ reason: ' ', points: 1 }] }, SHARES)).toEqual({ ok: false, field: 'deductions.0.reason', message: '第 1 项扣分未填写原因' });
    expect(scoreEntry(row, { method: 'deduction', deductions: [{ reason: '无', points: 0 }] }, SHARES)).toEqual({ ok: false, field: 'deductions.0.points', message: '第 1 项扣分应大于 0' });
  });

  it('等级计分: weight × the share of the grade, shares from the profile', () => {
    const row = item({ method: 'grade', weight: 6, level1: 'benefit', name: '社会效益' });
    expect(scoreEntry(row, { method: 'grade', grade: 'good' }, SHARES)).toEqual({ ok: true, score: 4.8, explanation: '评为“良”，得分比例 80.00%：6 × 80.00% = 4.80' });
    expect(scoreEntry(row, { method: 'grade', grade: 'poor' }, SHARES)).toMatchObject({ ok: true, score: 0 });
    // A profile with five levels and its own shares.
    const five: GradeShare[] = [{ grade: 'excellent', share: 1 }, { grade: 'good', share: 0.85 }, { grade: 'fair', share: 0.7 }, { grade: 'low', share: 0.5 }, { grade: 'poor', share: 0.2 }];
    expect(scoreEntry(row, { method: 'grade', grade: 'low' }, five)).toMatchObject({ ok: true, score: 3 });
    expect(scoreEntry(row, { method: 'grade', grade: 'low' }, SHARES)).toEqual({ ok: false, field: 'grade', message: '等级“低”不在规则方案的等级计分中' });
  });

  it('问卷: weight × satisfaction, the sample size recorded', () => {
    const row = item({ method: 'survey', weight: 6, level1: 'benefit', name: '服务对象满意度' });
    expect(scoreEntry(row, { method: 'survey', ratePct: 92.5, sampleSize: 200 }, SHARES)).toEqual({
      ok: true, score: 5.55, explanation: '满意度 92.50%（有效样本 200 份）：6 × 92.50% = 5.55',
    });
    expect(scoreEntry(row, { method: 'survey', ratePct: 92.5, sampleSize: 0 }, SHARES)).toEqual({ ok: false, field: 'sampleSize', message: '有效样本数应为正整数' });
  });

  it('an entry must fit the item\'s method', () => {
    const row = item({ method: 'survey', weight: 6, name: '服务对象满意度' });
    expect(scoreEntry(row, { method: 'grade', grade: 'good' }, SHARES)).toEqual({ ok: false, field: 'method', message: '“服务对象满意度”的评分方法为问卷，录入内容是等级计分' });
    expect(blankInput('elements')).toEqual({ method: 'elements', met: [] });
    expect(blankInput('deduction')).toEqual({ method: 'deduction', deductions: [] });
    expect(blankInput('survey')).toBeNull();
  });

  it('scores every expert\'s entries, keeps only legacy points without an entry, and aggregates', () => {
    const items = defaultKeyEvalItems({ decision: 15, process: 20, output: 35, benefit: 30 });
    const seqOf = (name: string) => items.find((i) => i.name === name)?.seq ?? 0;
    const arrival = seqOf('资金到位率');
    const social = seqOf('社会效益');
    const r = scoreEntries(items, [
      { seq: arrival, expert: '张明', input: { method: 'quantitative', actual: 480, planned: 500 } }, // 4 × 0.96 = 3.84
      { seq: arrival, expert: '王芳', input: { method: 'quantitative', actual: 500, planned: 500 } }, // 4
      { seq: social, expert: '张明', input: { method: 'grade', grade: 'excellent' } }, // 6
      { seq: social, expert: '王芳', input: null }, // legacy 5.5
      { seq: social, expert: '李强', input: null }, // no legacy points → error
      { seq: social, expert: ' 张明 ', input: { method: 'grade', grade: 'good' } }, // duplicate
      { seq: 99, expert: '张明', input: { method: 'grade', grade: 'good' } },
      { seq: arrival, expert: '李强', input: { method: 'grade', grade: 'good' } },
    ], SHARES, [{ seq: social, expert: '王芳', score: 5.5 }]);
    expect(r.entries.map((e) => [e.seq, e.expert, e.score])).toEqual([[arrival, '张明', 3.84], [arrival, '王芳', 4], [social, '张明', 6], [social, '王芳', 5.5]]);
    expect(r.entries[3]?.explanation).toBe('直接录入 5.50 分（评分方法启用前录入）');
    expect(r.issues).toEqual([
      { field: 'entries.4.input', message: '专家“李强”对“社会效益”的评分未按等级计分录入' },
      { field: 'entries.5.expert', message: '专家“张明”对“社会效益”重复评分' },
      { field: 'entries.6.seq', message: '第 7 条评分的指标（序号 99）不存在，请刷新后再保存' },
      { field: 'entries.7.method', message: '专家“李强”对“资金到位率”：“资金到位率”的评分方法为定量比例，录入内容是等级计分' },
    ]);
    const bands = [{ grade: 'excellent' as const, min: 90 }, { grade: 'good' as const, min: 80 }, { grade: 'fair' as const, min: 60 }, { grade: 'poor' as const, min: 0 }];
    const total = computeKeyEval(items, r.entries, 'mean', bands);
    // (3.84 + 4) / 2 = 3.92; (6 + 5.5) / 2 = 5.75.
    expect(total.items.find((i) => i.seq === arrival)?.score).toBe(3.92);
    expect(total.total).toBe(9.67);
  });

  it('grade shares are a profile setting with a default for profiles saved before it', () => {
    const body = ruleProfileBodySchema.parse(nationalDefault.body);
    expect(body.evaluation.gradeShares).toEqual(SHARES);
    const bad = gradeSharesSchema.safeParse([{ grade: 'good', share: 0.8 }, { grade: 'excellent', share: 1 }]);
    expect(bad.error?.issues.map((i) => i.message)).toEqual(['等级计分的等级应从优到差排列且不重复：“优”位置有误', '等级“优”的得分比例不能高于“良”']);
  });
});
