import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { MethodInput } from '../../shared/api/contract.ts';
import type { KeyEvalDto } from '../../shared/api/methods/keyEval.ts';
import type { KeyEvalInput } from '../../shared/rules/keyEvalScoring.ts';
import { uuidv7 } from '../../electron/backend/util/ids.ts';
import { auditRows, errorOf } from '../helpers/backend.ts';
import { worldSandbox, type World } from '../helpers/goalSetup.ts';

const world = worldSandbox({ code: '301', name: '县交通运输局' }, { code: '301001', name: '县公路养护站' });
const WAN = 1_000_000;
type Entry = MethodInput<'keyEval.saveScores'>['entries'][number];

async function project(w: World) {
  return w.h.call('projects.create', {
    year: 2026, code: 'JT-101', name: '农村公路提质改造', unitId: w.unitId, objectType: 'project', attribute: 'continuing', budgetType: 'general',
    initial: { fiscalFen: 500 * WAN, carryoverFen: 0, otherFen: 0 }, annual: { fiscalFen: 480 * WAN, carryoverFen: 20 * WAN, otherFen: 0 }, tags: [],
  } as MethodInput<'projects.create'>, w.biz);
}

/** The project's approved goal with two indicators, and its self-evaluation with 全年执行数 450 万元 (raw rows: the goal workflow is tested elsewhere). */
function goalAndExecution(w: World, projectId: string) {
  const db = w.h.backend.database;
  const at = '2026-03-01T08:00:00.000Z';
  const sheetId = uuidv7();
  db.prepare(`INSERT INTO goal_sheets (id, origin, year, owner_type, project_id, unit_id, status, annual_goal, created_at, updated_at)
    VALUES (?, '652325', 2026, 'project', ?, ?, 'approved', '完成 50 公里农村公路提质改造，通行条件明显改善。', ?, ?)`).run(sheetId, projectId, w.unitId, at, at);
  const ind = db.prepare(`INSERT INTO goal_indicators (id, sheet_id, seq, level1, level2, name, value_type, operator, target_value, target_text, unit)
    VALUES (?, ?, ?, ?, ?, ?, 'quantitative', '>=', ?, ?, ?)`);
  ind.run(uuidv7(), sheetId, 1, 'output', 'quantity', '改造里程', 50, '≥50', '公里');
  ind.run(uuidv7(), sheetId, 2, 'satisfaction', 'serviceSatisfaction', '沿线群众满意度', 90, '≥90%', '');
  db.prepare(`INSERT INTO self_evaluations (id, origin, year, owner_type, project_id, unit_id, goal_sheet_id, status, annual_fiscal_fen, annual_carryover_fen, executed_fen,
      goal_completion, total, grade, profile_id, profile_version, created_at, updated_at)
    VALUES (?, '652325', 2026, 'project', ?, ?, ?, 'accepted', ?, ?, ?, '已完成改造 47.5 公里，剩余路段因雨季顺延。', 86.5, 'good', 'builtin-national-default', 1, ?, ?)`)
    .run(uuidv7(), projectId, w.unitId, sheetId, 480 * WAN, 20 * WAN, 450 * WAN, at, at);
}

type Level = 'strong' | 'weak';

/**
 * Each expert's entry by the item's method (framework C: 决策 6 × 2.5, 过程 5 × 4, 产出 4 × 8.75, 效益 5 × 6).
 *
 * strong (all three experts alike except 完成及时性):
 *   决策  all / ①② / all / ①②③ / all / ① of the elements: 2.50 + 1.66 + 2.50 + 1.89 + 2.50 + 1.25 = 12.30
 *   过程  500/500 → 4; 450/500 → 3.60; 4 − 1 → 3; all → 4; no deduction → 4                       = 18.60
 *   产出  95/100 → 8.31; 100/100 → 8.75; 良 良 优 → (7 + 7 + 8.75) ÷ 3 = 7.58; saving 12/300 → 8.75 = 33.39
 *   效益  良 4.80; 优 6; 中 3.60; 良 4.80; 满意度 90% → 5.40                                      = 24.60
 *   total 88.89 → 良
 * weak: ① only; 60/100; 4 − 2; 中; 良 for benefits; 80% → 4.80 + 10.80 + 24.50 + 24.00 = 64.10 → 中
 */
function entriesFor(e: KeyEvalDto, level: Level): Entry[] {
  const out: Entry[] = [];
  const experts = ['张明', '王芳', '李强'];
  const strongMet: Record<string, number[]> = {
    立项依据充分性: [0, 1, 2, 3], 立项程序规范性: [0, 1], 绩效目标合理性: [0, 1, 2, 3], 绩效指标明确性: [0, 1, 2], 预算编制科学性: [0, 1, 2], 资金分配合理性: [0], 管理制度健全性: [0, 1],
  };
  const strongRate: Record<string, [number, number]> = { 资金到位率: [500, 500], 预算执行率: [450, 500], 实际完成率: [95, 100], 质量达标率: [100, 100], 成本节约率: [12, 300] };
  const strongGrade: Record<string, 'excellent' | 'good' | 'fair'> = { 经济效益: 'good', 社会效益: 'excellent', 生态效益: 'fair', 可持续影响: 'good' };
  for (const item of e.items) {
    for (const [x, expert] of experts.entries()) {
      let input: KeyEvalInput;
      if (item.method === 'elements') input = { method: 'elements', met: level === 'strong' ? strongMet[item.name] ?? [] : [0] };
      else if (item.method === 'quantitative') {
        const [actual, planned] = level === 'strong' ? strongRate[item.name] ?? [0, 1] : [60, 100];
        input = { method: 'quantitative', actual, planned };
      } else if (item.method === 'deduction') {
        const points = level === 'strong' ? (item.name === '资金使用合规性' ? 1 : 0) : 2;
        input = { method: 'deduction', deductions: points ? [{ reason: '2 笔支出无审批单', points }] : [] };
      } else if (item.method === 'grade') {
        const g = item.level1 === 'output' ? (level === 'strong' ? (x === 2 ? 'excellent' : 'good') : 'fair') : level === 'strong' ? strongGrade[item.name] ?? 'good' : 'good';
        input = { method: 'grade', grade: g };
      } else input = { method: 'survey', ratePct: level === 'strong' ? 90 : 80, sampleSize: 120 };
      out.push({ seq: item.seq, expert, input });
    }
  }
  return out;
}

function docText(base64: string): string {
  const doc = strFromU8(unzipSync(new Uint8Array(Buffer.from(base64, 'base64')))['word/document.xml'] ?? new Uint8Array());
  return [...doc.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
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

  it('edits the framework before scoring starts, with the SPEC §5.7 checks per field', async () => {
    const w = await world();
    const e = await w.h.call('keyEval.create', {
      year: 2026, kind: 'department', objectType: 'policy', unitId: w.deptId, title: '农村客运补贴政策评价', evaluator: 'department', frameworkCode: 'C',
    }, w.perf);
    expect(e).toMatchObject({ frameworkEditable: true, weights: { decision: 15, process: 20, output: 35, benefit: 30 } });
    const base = e.items.map(({ seq: _seq, ...i }) => i);

    // 10 points moved from 效益 to 决策: 产出 + 效益 = 55; and a nameless item.
    const shifted = base.map((i) => (i.name === '经济效益' || i.name === '社会效益' ? { ...i, weight: 1 } : i.name === '立项依据充分性' ? { ...i, weight: 12.5, config: { elements: [{ text: '依据充分', points: 12.5 }] } } : i));
    shifted[1] = { ...shifted[1]!, name: '' };
    const bad = errorOf(await w.h.raw('keyEval.saveFramework', { id: e.id, items: shifted }, w.perf));
    expect(bad.code).toBe('VALIDATION');
    expect(bad.details).toEqual([
      { field: 'items.1.name', message: '第 2 个指标的名称不能为空' },
      { field: 'weights.output', message: '产出与效益分值之和为 55，应不少于 60（结果导向）' },
    ]);
    expect(errorOf(await w.h.raw('keyEval.saveFramework', { id: e.id, items: base }, w.biz)).code).toBe('FORBIDDEN');

    // Rename one item, remove 生态效益, add 项目宣传到位 (要素计分, 3 points over two elements), change 可持续影响 to 问卷.
    const edited = base
      .filter((i) => i.name !== '生态效益')
      .map((i) => (i.name === '立项依据充分性' ? { ...i, name: '政策依据充分性' } : i.name === '可持续影响' ? { ...i, method: 'survey' as const, config: {}, weight: 9 } : i));
    edited.push({ level1: 'benefit', level2: '政策效益', name: '政策知晓度', method: 'elements', weight: 3, config: { elements: [{ text: '政策公开', points: 1.5 }, { text: '宣传到村', points: 1.5 }] } });
    const saved = await w.h.call('keyEval.saveFramework', { id: e.id, rev: e.rev, items: edited }, w.perf);
    expect(saved.items.map((i) => i.name)).toContain('政策依据充分性');
    expect(saved.items.map((i) => i.name)).not.toContain('生态效益');
    expect(saved.items.at(-1)).toMatchObject({ seq: 20, name: '政策知晓度', method: 'elements', weight: 3 });
    expect(saved.items.find((i) => i.name === '可持续影响')).toMatchObject({ method: 'survey', weight: 9, config: {} });
    expect(saved.weights).toEqual({ decision: 15, process: 20, output: 35, benefit: 30 });
    expect(errorOf(await w.h.raw('keyEval.saveFramework', { id: e.id, rev: e.rev, items: edited }, w.perf)).code).toBe('CONFLICT');

    // Scoring starts: the framework is locked.
    const seq = saved.items.find((i) => i.name === '政策知晓度')?.seq ?? 0;
    const scored = await w.h.call('keyEval.saveScores', { id: e.id, entries: [{ seq, expert: '张明', input: { method: 'elements', met: [1] } }] }, w.perf);
    expect(scored.frameworkEditable).toBe(false);
    expect(scored.scores).toEqual([{ seq, expert: '张明', input: { method: 'elements', met: [1] }, score: 1.5, explanation: '满足 1/2 项评分要点（②）：1.50' }]);
    expect(errorOf(await w.h.raw('keyEval.saveFramework', { id: e.id, items: edited }, w.perf)).message).toBe('“农村客运补贴政策评价”已有专家评分，指标体系不能再修改。');
    expect(auditRows(w.h).filter((r) => r.method === 'keyEval.saveFramework' && r.result === '成功')).toHaveLength(1);
  });

  it('scores each item by its method with three experts (88.89 良), stores the profile, and reports from the records', async () => {
    const w = await world();
    const p = await project(w);
    goalAndExecution(w, p.id);
    const agency = await w.h.call('agencies.save', { name: '新疆天衡绩效评价咨询有限公司', qualification: '甲级', conflicts: '无' }, w.perf);
    await w.h.call('experts.save', { name: '张明', organisation: '州公路管理局', field: '公路工程' }, w.perf);
    const base = { year: 2026, kind: 'finance', objectType: 'project', projectId: p.id, unitId: w.unitId, title: '农村公路提质改造项目财政重点评价', evaluator: 'thirdParty', agencyId: agency.id, frameworkCode: 'C' } as const;

    expect(errorOf(await w.h.raw('keyEval.create', base, w.biz)).code).toBe('FORBIDDEN');
    expect(errorOf(await w.h.raw('keyEval.create', { ...base, agencyId: null }, w.perf)).details).toEqual([{ field: 'agencyId', message: '评价主体为第三方机构时请选择机构' }]);
    const e = await w.h.call('keyEval.create', base, w.perf);
    expect(e).toMatchObject({ status: 'draft', projectCode: 'JT-101', editable: true, expertAggregation: 'mean', gradeShares: [{ grade: 'excellent', share: 1 }, { grade: 'good', share: 0.8 }, { grade: 'fair', share: 0.6 }, { grade: 'poor', share: 0 }] });
    expect(e.items).toHaveLength(20);

    // Per-field errors by method; a bare number is no longer accepted.
    const seqOf = (name: string) => e.items.find((i) => i.name === name)?.seq ?? 0;
    const wrong = errorOf(await w.h.raw('keyEval.saveScores', {
      id: e.id, entries: [
        { seq: seqOf('资金使用合规性'), expert: '张明', input: { method: 'deduction', deductions: [{ reason: '', points: 1 }] } },
        { seq: seqOf('资金到位率'), expert: '张明', input: { method: 'quantitative', actual: 480, planned: 0 } },
        { seq: seqOf('社会效益'), expert: '张明', input: null },
      ],
    }, w.perf));
    expect(wrong.details).toEqual([
      { field: 'entries.0.deductions.0.reason', message: '专家“张明”对“资金使用合规性”：第 1 项扣分未填写原因' },
      { field: 'entries.1.planned', message: '专家“张明”对“资金到位率”：计划投入资金（万元）应大于 0' },
      { field: 'entries.2.input', message: '专家“张明”对“社会效益”的评分未按等级计分录入' },
    ]);
    expect(errorOf(await w.h.raw('keyEval.saveScores', { id: e.id, scores: [{ seq: 1, expert: '张明', score: 2 }] }, w.perf)).code).toBe('VALIDATION');
    expect(errorOf(await w.h.raw('keyEval.complete', { id: e.id }, w.perf)).message).toContain('还有 20 个指标没有专家评分');

    const saved = await w.h.call('keyEval.saveScores', {
      id: e.id, rev: e.rev, entries: entriesFor(e, 'strong'), findings: '部分路段验收资料不全。\n成本控制较好。', recommendations: '完善验收资料归档。',
      planQualityScore: 88, reportQualityScore: 91.5,
    }, w.perf);
    expect(saved).toMatchObject({ status: 'draft', total: null, planQualityScore: 88, rev: e.rev + 1, frameworkEditable: false });
    expect(saved.scores).toHaveLength(60);
    const timely = saved.scores.filter((s) => s.seq === seqOf('完成及时性')).map((s) => [s.expert, s.score, s.explanation]);
    expect(timely).toEqual([
      ['张明', 7, '评为“良”，得分比例 80.00%：8.75 × 80.00% = 7.00'], ['王芳', 7, '评为“良”，得分比例 80.00%：8.75 × 80.00% = 7.00'],
      ['李强', 8.75, '评为“优”，得分比例 100.00%：8.75 × 100.00% = 8.75'],
    ]);
    const stored = w.h.backend.database.prepare('SELECT input, score, explanation FROM key_eval_scores WHERE evaluation_id = ? AND seq = ? AND expert = ?').get(e.id, seqOf('预算执行率'), '王芳');
    expect(stored).toEqual({
      input: JSON.stringify({ method: 'quantitative', actual: 450, planned: 500 }), score: 3.6,
      explanation: '实际支出资金（万元） 450 ÷ 实际到位资金（万元） 500 = 90.00%，目标 100.00%；4 × min(90.00% ÷ 100.00%, 1) = 3.60',
    });
    expect(errorOf(await w.h.raw('keyEval.saveScores', { id: e.id, rev: e.rev, entries: [] }, w.perf)).code).toBe('CONFLICT');

    const done = await w.h.call('keyEval.complete', { id: e.id }, w.perf);
    expect(done).toMatchObject({ status: 'completed', total: 88.89, grade: 'good', rectificationCode: null, editable: false, profileId: e.profileId, profileVersion: e.profileVersion });
    const row = w.h.backend.database.prepare('SELECT total, grade, profile_id, profile_version, decision_weight FROM key_evaluations WHERE id = ?').get(e.id);
    expect(row).toEqual({ total: 88.89, grade: 'good', profile_id: e.profileId, profile_version: e.profileVersion, decision_weight: 15 });
    expect(errorOf(await w.h.raw('keyEval.saveScores', { id: e.id, entries: [] }, w.perf)).code).toBe('CONFLICT');

    const file = await w.h.call('keyEval.report', { id: e.id }, w.viewer);
    expect(file.name).toBe('农村公路提质改造项目财政重点评价-财政重点评价报告.docx');
    const text = docText(file.base64);
    for (const s of [
      '一、基本情况', '（一）评价对象概况', '（二）绩效目标及完成情况', '（三）评价组织', '二、绩效评价工作开展情况', '三、综合评价情况及评价结论', '七、其他需要说明的问题',
      // 基本情况 from the records
      '评价对象为2026年度项目“农村公路提质改造”（项目编码 JT-101），实施单位为县公路养护站。', '项目属性：延续', '预算类型：一般公共预算',
      '年初预算数 500.00 万元，全年预算数 500.00 万元（其中财政拨款 480.00 万元、上年结转 20.00 万元、其他资金 0.00 万元）',
      '预算执行情况：全年（单位自评）预算数 500.00 万元，执行数 450.00 万元，执行率 90.00%。单位自评得分 86.50 分，等级为“良”。',
      '年度绩效目标：完成 50 公里农村公路提质改造，通行条件明显改善。', '改造里程', '≥50 公里', '沿线群众满意度',
      '绩效目标完成情况：已完成改造 47.5 公里，剩余路段因雨季顺延。',
      '评价主体为第三方机构，委托第三方机构“新疆天衡绩效评价咨询有限公司”实施', '资质：甲级', '评价专家 3 人：张明（州公路管理局，公路工程）、王芳、李强。',
      // method, result and the computation of lost points
      '定量比例 5 个，要素计分 7 个，扣分制 2 个，等级计分 5 个，问卷 1 个', '等级计分指标按所评等级的得分比例计分（优 100%、良 80%、中 60%、差 0%）',
      '综合评价得分 88.89 分，评价等级为“良”', '决策 12.30 分，过程 18.60 分，产出 33.39 分，效益 24.60 分',
      '资金使用合规性——张明：4 − 1（2 笔支出无审批单） = 3.00', '服务对象满意度——张明：满意度 90.00%（有效样本 120 份）：6 × 90.00% = 5.40',
      '部分路段验收资料不全。', '完善验收资料归档。', '评价方案质量得分 88.00 分',
    ]) expect(text).toContain(s);
  });

  it('a grade of 中 opens a rectification item; a unit-overall report sums the unit\'s projects', async () => {
    const w = await world();
    await project(w);
    const e = await w.h.call('keyEval.create', {
      year: 2026, kind: 'department', objectType: 'unitOverall', unitId: w.unitId, title: '县公路养护站部门整体支出绩效评价', evaluator: 'department', frameworkCode: 'C',
    }, w.perf);
    await w.h.call('keyEval.saveScores', { id: e.id, entries: entriesFor(e, 'weak'), findings: '养护资金拨付滞后。', recommendations: '建立按月拨付机制。' }, w.perf);
    const done = await w.h.call('keyEval.complete', { id: e.id, deadline: '2026-12-31' }, w.perf);
    expect(done).toMatchObject({ total: 64.1, grade: 'fair', rectificationCode: 'ZG-2026-0001' });
    const rect = w.h.backend.database.prepare('SELECT source, source_id, unit_id, problem, requirement, deadline, status FROM rectifications').get() as Record<string, unknown>;
    expect(rect).toMatchObject({ source: 'departmentEvaluation', source_id: e.id, unit_id: w.unitId, deadline: '2026-12-31', status: 'open', requirement: '请按评价建议整改：建立按月拨付机制。' });
    expect(rect.problem).toContain('等级为中');

    const list = await w.h.call('keyEval.list', { year: 2026 }, w.viewer);
    expect(list.map((r) => [r.title, r.status, r.grade, r.rectificationCode])).toEqual([['县公路养护站部门整体支出绩效评价', 'completed', 'fair', 'ZG-2026-0001']]);
    expect((await w.h.call('keyEval.get', { id: e.id }, w.viewer)).editable).toBe(false);

    const text = docText((await w.h.call('keyEval.report', { id: e.id }, w.viewer)).base64);
    for (const s of [
      '评价对象为县公路养护站2026年度部门（单位）整体支出。本年度共有项目 1 个，年初预算数合计 500.00 万元，全年预算数合计 500.00 万元。',
      '预算执行情况：尚无绩效监控或单位自评的执行数据。', '未登记绩效目标表', '评价主体为主管部门。', '综合评价得分 64.10 分，评价等级为“中”',
    ]) expect(text).toContain(s);
  });

  it('keeps points typed before the methods applied, and only those, as direct points', async () => {
    const w = await world();
    const e = await w.h.call('keyEval.create', {
      year: 2026, kind: 'finance', objectType: 'policy', unitId: w.deptId, title: '旧评分', evaluator: 'finance', frameworkCode: 'C',
    }, w.perf);
    // A row as the program before this version stored it: points only.
    w.h.backend.database.prepare("INSERT INTO key_eval_scores (evaluation_id, seq, expert, score) VALUES (?, 16, '张明', 5.5)").run(e.id);
    const loaded = await w.h.call('keyEval.get', { id: e.id }, w.perf);
    expect(loaded.scores).toEqual([{ seq: 16, expert: '张明', input: null, score: 5.5, explanation: '' }]);
    const kept = await w.h.call('keyEval.saveScores', { id: e.id, entries: [{ seq: 16, expert: '张明', input: null }] }, w.perf);
    expect(kept.scores).toEqual([{ seq: 16, expert: '张明', input: null, score: 5.5, explanation: '直接录入 5.50 分（评分方法启用前录入）' }]);
    expect(errorOf(await w.h.raw('keyEval.saveScores', { id: e.id, entries: [{ seq: 16, expert: '王芳', input: null }] }, w.perf)).details)
      .toEqual([{ field: 'entries.0.input', message: '专家“王芳”对“经济效益”的评分未按等级计分录入' }]);
    const replaced = await w.h.call('keyEval.saveScores', { id: e.id, entries: [{ seq: 16, expert: '张明', input: { method: 'grade', grade: 'good' } }] }, w.perf);
    expect(replaced.scores[0]).toMatchObject({ score: 4.8, input: { method: 'grade', grade: 'good' } });
    // Once replaced by an entry, the old points are gone for good.
    expect(errorOf(await w.h.raw('keyEval.saveScores', { id: e.id, entries: [{ seq: 16, expert: '张明', input: null }] }, w.perf)).code).toBe('VALIDATION');
  });
});
