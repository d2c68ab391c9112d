import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { MethodInput } from '../../shared/api/contract.ts';
import type { KeyEvalDto } from '../../shared/api/methods/keyEval.ts';
import { auditRows, errorOf } from '../helpers/backend.ts';
import { worldSandbox, type World } from '../helpers/goalSetup.ts';

const world = worldSandbox({ code: '301', name: '县交通运输局' }, { code: '301001', name: '县公路养护站' });
const WAN = 1_000_000;

async function project(w: World) {
  return w.h.call('projects.create', {
    year: 2026, code: 'JT-101', name: '农村公路提质改造', unitId: w.unitId, objectType: 'project', attribute: 'continuing', budgetType: 'general',
    initial: { fiscalFen: 500 * WAN, carryoverFen: 0, otherFen: 0 }, annual: { fiscalFen: 500 * WAN, carryoverFen: 0, otherFen: 0 }, tags: [],
  } as MethodInput<'projects.create'>, w.biz);
}

/** Item scores per level 1 whose sums are the SPEC §11.7 subtotals 12.50 / 16.00 / 30.80 / 24.50. */
const PER_ITEM: Record<string, number[]> = {
  decision: [2.5, 2.5, 2, 2, 2, 1.5], process: [4, 4, 3, 3, 2], output: [8.75, 8, 7, 7.05], benefit: [5, 5, 4.5, 4, 6],
};

/** Three experts whose mean per item is PER_ITEM (王 and 李 spread ±0.5 around 张 where the weight allows). */
function threeExperts(e: KeyEvalDto, factor = 1) {
  const scores: { seq: number; expert: string; score: number }[] = [];
  for (const l1 of Object.keys(PER_ITEM)) {
    e.items.filter((i) => i.level1 === l1).forEach((item, k) => {
      const v = Math.round((PER_ITEM[l1]?.[k] ?? 0) * factor * 100) / 100;
      const d = v + 0.5 <= item.weight && v >= 0.5 ? 0.5 : 0;
      scores.push({ seq: item.seq, expert: '张明', score: v }, { seq: item.seq, expert: '王芳', score: v - d }, { seq: item.seq, expert: '李强', score: v + d });
    });
  }
  return scores;
}

describe('department and key evaluations (部门评价 / 财政重点评价)', () => {
  it('keeps the registers of third-party agencies and experts (绩效管理 only)', async () => {
    const w = await world();
    const input = { name: '新疆天衡绩效评价咨询有限公司', field: '交通、农业', contact: '0994-1234567', qualification: '甲级', conflicts: '与县交通运输局无利害关系' };
    expect(errorOf(await w.h.raw('agencies.save', input, w.biz)).code).toBe('FORBIDDEN');
    const a = await w.h.call('agencies.save', input, w.perf);
    expect(a).toMatchObject({ ...input, active: true, readOnly: false, evaluationCount: 0, meanPlanQuality: null });
    expect(errorOf(await w.h.raw('agencies.save', input, w.perf))).toMatchObject({ code: 'CONFLICT' });
    const edited = await w.h.call('agencies.save', { ...input, id: a.id, rev: a.rev, active: false }, w.perf);
    expect(edited).toMatchObject({ active: false, rev: a.rev + 1 });
    expect(errorOf(await w.h.raw('agencies.save', { ...input, id: a.id, rev: a.rev }, w.perf)).code).toBe('CONFLICT');

    const x = await w.h.call('experts.save', { name: '张明', field: '公路工程', organisation: '州公路管理局', contact: '13800000000', conflicts: '曾参与该项目设计评审，回避决策类评分' }, w.perf);
    expect(x).toMatchObject({ name: '张明', organisation: '州公路管理局', conflicts: '曾参与该项目设计评审，回避决策类评分', active: true });
    expect(errorOf(await w.h.raw('experts.save', { name: '张明', organisation: '州公路管理局' }, w.perf)).code).toBe('CONFLICT');
    expect(await w.h.call('experts.list', {}, w.viewer)).toHaveLength(1);
    expect((await w.h.call('agencies.list', {}, w.viewer)).map((r) => r.name)).toEqual([input.name]);
    expect(auditRows(w.h).some((r) => r.entity === 'agency')).toBe(true);
  });

  it('scores a project with three experts (SPEC §11.7: 83.80 良), stores the profile, and reports', async () => {
    const w = await world();
    const p = await project(w);
    const agency = await w.h.call('agencies.save', { name: '新疆天衡绩效评价咨询有限公司' }, w.perf);
    const base = { year: 2026, kind: 'finance', objectType: 'project', projectId: p.id, unitId: w.unitId, title: '农村公路提质改造项目财政重点评价', evaluator: 'thirdParty', agencyId: agency.id, frameworkCode: 'C' } as const;

    expect(errorOf(await w.h.raw('keyEval.create', base, w.biz)).code).toBe('FORBIDDEN');
    expect(errorOf(await w.h.raw('keyEval.create', { ...base, agencyId: null }, w.perf)).details).toEqual([{ field: 'agencyId', message: '评价主体为第三方机构时请选择机构' }]);
    expect(errorOf(await w.h.raw('keyEval.create', { ...base, frameworkCode: 'Z' }, w.perf)).details?.[0]).toMatchObject({ field: 'frameworkCode' });

    const e = await w.h.call('keyEval.create', base, w.perf);
    expect(e).toMatchObject({ status: 'draft', weights: { decision: 15, process: 20, output: 35, benefit: 30 }, projectCode: 'JT-101', agencyName: agency.name, editable: true, expertAggregation: 'mean' });
    expect(e.items).toHaveLength(20);
    expect(e.profileId).toMatch(/^builtin-/);

    const tooHigh = await w.h.raw('keyEval.saveScores', { id: e.id, scores: [{ seq: 1, expert: '张明', score: 3 }] }, w.perf);
    expect(errorOf(tooHigh).details).toEqual([{ field: 'scores.0.score', message: '专家“张明”对“立项依据充分性”的得分 3 超过分值 2.5' }]);
    const unbalanced = await w.h.raw('keyEval.saveScores', { id: e.id, items: [{ seq: 1, weight: 5 }], scores: [] }, w.perf);
    expect(errorOf(unbalanced).details).toEqual([{ field: 'items', message: '决策类指标分值合计为 17.5，应为 15' }]);
    expect(errorOf(await w.h.raw('keyEval.complete', { id: e.id }, w.perf)).message).toContain('还有 20 个指标没有专家评分');

    const saved = await w.h.call('keyEval.saveScores', {
      id: e.id, rev: e.rev, scores: threeExperts(e), findings: '部分路段验收资料不全。\n成本控制较好。', recommendations: '完善验收资料归档。',
      planQualityScore: 88, reportQualityScore: 91.5,
    }, w.perf);
    expect(saved).toMatchObject({ status: 'draft', total: null, planQualityScore: 88, reportQualityScore: 91.5, rev: e.rev + 1 });
    expect(saved.scores).toHaveLength(60);
    expect(errorOf(await w.h.raw('keyEval.saveScores', { id: e.id, rev: e.rev, scores: [] }, w.perf)).code).toBe('CONFLICT');
    expect(errorOf(await w.h.raw('keyEval.complete', { id: e.id }, w.biz)).code).toBe('FORBIDDEN');

    const done = await w.h.call('keyEval.complete', { id: e.id }, w.perf);
    expect(done).toMatchObject({ status: 'completed', total: 83.8, grade: 'good', rectificationCode: null, editable: false, profileId: e.profileId, profileVersion: e.profileVersion });
    const row = w.h.backend.database.prepare('SELECT total, grade, profile_id, profile_version FROM key_evaluations WHERE id = ?').get(e.id);
    expect(row).toEqual({ total: 83.8, grade: 'good', profile_id: e.profileId, profile_version: e.profileVersion });
    expect(errorOf(await w.h.raw('keyEval.saveScores', { id: e.id, scores: [] }, w.perf)).code).toBe('CONFLICT');

    const [agencyRow] = await w.h.call('agencies.list', {}, w.viewer);
    expect(agencyRow).toMatchObject({ evaluationCount: 1, meanPlanQuality: 88, meanReportQuality: 91.5 });

    const file = await w.h.call('keyEval.report', { id: e.id }, w.viewer);
    expect(file.name).toBe('农村公路提质改造项目财政重点评价-财政重点评价报告.docx');
    const doc = strFromU8(unzipSync(new Uint8Array(Buffer.from(file.base64, 'base64')))['word/document.xml'] ?? new Uint8Array());
    const text = [...doc.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
    for (const s of [
      '一、基本情况', '二、绩效评价工作开展情况', '三、综合评价情况及评价结论', '四、绩效评价指标分析', '五、主要经验及做法、存在的问题及原因分析', '六、有关建议', '七、其他需要说明的问题',
      '综合评价得分 83.80 分，评价等级为“良”', '决策 12.50 分，过程 16.00 分，产出 30.80 分，效益 24.50 分', '决策小计', '12.50', '30.80', '83.80',
      '张明', '王芳', '李强', '部分路段验收资料不全。', '完善验收资料归档。', '评价方案质量得分 88.00 分', '新疆天衡绩效评价咨询有限公司',
    ]) expect(text).toContain(s);
  });

  it('a grade of 中 opens a rectification item with the findings; lists and readers', async () => {
    const w = await world();
    const e = await w.h.call('keyEval.create', {
      year: 2026, kind: 'department', objectType: 'unitOverall', unitId: w.unitId, title: '县公路养护站部门整体支出绩效评价', evaluator: 'department', frameworkCode: 'C',
    }, w.perf);
    // 80% of the §11.7 item scores: about 67 points, 中.
    await w.h.call('keyEval.saveScores', { id: e.id, scores: threeExperts(e, 0.8), findings: '养护资金拨付滞后。', recommendations: '建立按月拨付机制。' }, w.perf);
    const done = await w.h.call('keyEval.complete', { id: e.id, deadline: '2026-12-31' }, w.perf);
    expect(done.grade).toBe('fair');
    expect(done.total).toBeGreaterThanOrEqual(60);
    expect(done.total).toBeLessThan(80);
    expect(done.rectificationCode).toBe('ZG-2026-0001');
    const rect = w.h.backend.database.prepare('SELECT source, source_id, unit_id, problem, requirement, deadline, status FROM rectifications').get() as Record<string, unknown>;
    expect(rect).toMatchObject({ source: 'departmentEvaluation', source_id: e.id, unit_id: w.unitId, deadline: '2026-12-31', status: 'open', requirement: '请按评价建议整改：建立按月拨付机制。' });
    expect(rect.problem).toContain('养护资金拨付滞后。');
    expect(rect.problem).toContain('等级为中');

    const list = await w.h.call('keyEval.list', { year: 2026 }, w.viewer);
    expect(list.map((r) => [r.title, r.kind, r.objectType, r.status, r.grade, r.rectificationCode])).toEqual([
      ['县公路养护站部门整体支出绩效评价', 'department', 'unitOverall', 'completed', 'fair', 'ZG-2026-0001'],
    ]);
    const viewed = await w.h.call('keyEval.get', { id: e.id }, w.viewer);
    expect(viewed.editable).toBe(false);
    expect(errorOf(await w.h.raw('keyEval.create', { year: 2026, kind: 'department', objectType: 'policy', unitId: w.unitId, title: 'x', evaluator: 'finance', frameworkCode: 'C' }, w.viewer)).code).toBe('FORBIDDEN');
  });
});
