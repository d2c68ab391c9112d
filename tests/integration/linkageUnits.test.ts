import { describe, expect, it } from 'vitest';
import { errorOf } from '../helpers/backend.ts';
import { readXlsx, sheetAoa } from '../helpers/fixtures.ts';
import { addEvaluation, addKeyEvaluation, addProject, addRecheck, addUnitEvaluation, resultsSandbox, WAN } from '../helpers/resultsSetup.ts';

const office = resultsSandbox();

const DEVICES = { code: 'XM-102-01', name: '基层医疗设备更新', unit: '102', annualWan: 320 };
const ROADS = { code: 'XM-101-01', name: '校舍维修', unit: '101', annualWan: 200 };

describe('预算挂钩: key evaluations feed the grade (key evaluation > 财政复核 > 自评)', () => {
  it('takes a completed 部门评价 over the re-check, and a 财政重点评价 over the 部门评价; drafts do not count', async () => {
    const o = await office();
    const ids = addProject(o, DEVICES);
    const evalId = addEvaluation(o, DEVICES, ids, 85, 'good');
    addRecheck(o, evalId, 72, 'fair');
    let row = (await o.h.call('results.linkageList', { year: 2026 }, o.viewer)).rows[0];
    expect(row).toMatchObject({ gradeSource: 'recheck', grade: 'fair', total: 72 });

    const dept = addKeyEvaluation(o, { kind: 'department', unit: '102', projectId: ids.projectId, title: '基层医疗设备更新项目部门评价', total: 92, grade: 'excellent', completedAt: '2026-11-20T00:00:00.000Z' });
    addKeyEvaluation(o, { kind: 'finance', unit: '102', projectId: ids.projectId, title: '草稿评价', total: null, grade: null, status: 'draft' });
    row = (await o.h.call('results.linkageList', { year: 2026 }, o.viewer)).rows[0];
    expect(row).toMatchObject({
      objectType: 'project', key: ids.projectId, grade: 'excellent', total: 92, gradeSource: 'keyEvaluation', gradeSourceKind: 'department', sourceId: dept,
      selfGrade: 'good', selfTotal: 85, suggestion: { action: 'priority' },
    });
    expect(row?.grades.map((g) => [g.source, g.kind, g.grade, g.total])).toEqual([
      ['keyEvaluation', 'department', 'excellent', 92], ['recheck', null, 'fair', 72], ['selfEvaluation', null, 'good', 85],
    ]);

    // A 财政重点评价 completed earlier still outranks the 部门评价.
    const finance = addKeyEvaluation(o, { kind: 'finance', unit: '102', projectId: ids.projectId, title: '基层医疗设备更新财政重点评价', total: 55, grade: 'poor', completedAt: '2026-10-01T00:00:00.000Z' });
    row = (await o.h.call('results.linkageList', { year: 2026 }, o.viewer)).rows[0];
    expect(row).toMatchObject({ grade: 'poor', gradeSourceKind: 'finance', sourceId: finance, suggestion: { action: 'cancel', changeMinFen: -320 * WAN } });
    expect(row?.grades[0]).toMatchObject({ title: '基层医疗设备更新财政重点评价' });

    const decided = await o.h.call('results.decideLinkage', { projectId: ids.projectId, year: 2026, decision: 'cancel', amountFen: -320 * WAN }, o.perf);
    expect(decided.decision).toMatchObject({ grade: 'poor', gradeSource: 'keyEvaluation' });
    expect(o.h.backend.database.prepare('SELECT grade_source, source_id, total FROM linkage_decisions WHERE project_id = ?').get(ids.projectId))
      .toEqual({ grade_source: 'keyEvaluation', source_id: finance, total: 55 });
  });

  it('lists a project graded only by a key evaluation, with its 全年预算数 as base', async () => {
    const o = await office();
    const ids = addProject(o, ROADS);
    addEvaluation(o, ROADS, ids, 90, 'excellent', { status: 'deptApproved' }); // not accepted: does not count
    addKeyEvaluation(o, { kind: 'finance', unit: '101', projectId: ids.projectId, title: '校舍维修财政重点评价', total: 74, grade: 'fair' });
    const list = await o.h.call('results.linkageList', { year: 2026 }, o.viewer);
    expect(list.rows).toHaveLength(1);
    expect(list.rows[0]).toMatchObject({
      projectCode: 'XM-101-01', title: '校舍维修', baseFen: 200 * WAN, grade: 'fair', gradeSource: 'keyEvaluation', selfGrade: null, selfTotal: null,
      suggestion: { action: 'reduce', changeMinFen: -20 * WAN },
    });
    expect(list.totals).toMatchObject({ count: 1, baseFen: 200 * WAN });
  });
});

describe('预算挂钩: units overall (部门整体)', () => {
  it('suggests per unit beside the projects, decides with amounts and exports them on their own sheet', async () => {
    const o = await office();
    addEvaluation(o, DEVICES, addProject(o, DEVICES), 85, 'good');
    const roads = addProject(o, ROADS);
    // 卫健委: accepted 部门整体 self-evaluation 中 75 on 320 项目 + 500 基本 = 820.
    const unitEval = addUnitEvaluation(o, '102', 320, 500, 75, 'fair');
    // 教育局: no unit self-evaluation accepted, only a completed 财政重点评价 of its overall spending; base = its projects (200).
    addUnitEvaluation(o, '101', 200, 300, 95, 'excellent', { status: 'submitted' });
    const key = addKeyEvaluation(o, {
      kind: 'finance', unit: '101', title: '县教育局部门整体支出财政重点评价', total: 58, grade: 'poor', evaluator: 'thirdParty', agencyName: '新疆某绩效评价事务所',
    });
    // 县第一中学: nothing final (a draft evaluation of its overall spending).
    addKeyEvaluation(o, { kind: 'department', unit: '101001', title: '草稿', total: null, grade: null, status: 'draft' });

    const list = await o.h.call('results.linkageList', { year: 2026 }, o.viewer);
    expect(list.rows.map((r) => [r.objectType, r.title, r.grade, r.gradeSource, r.baseFen, r.suggestion.action, r.suggestion.changeMinFen])).toEqual([
      ['unitOverall', '县教育局 部门整体支出', 'poor', 'keyEvaluation', 500 * WAN, 'cancel', -500 * WAN],
      ['unitOverall', '县卫生健康委员会 部门整体支出', 'fair', 'selfEvaluation', 820 * WAN, 'reduce', -82 * WAN],
      ['project', '基层医疗设备更新', 'good', 'selfEvaluation', 320 * WAN, 'maintain', 0],
    ]);
    // 教育局's base is its (submitted) 部门整体 sheet's 全年预算数: 200 项目 + 300 基本.
    expect(list.rows[0]).toMatchObject({ key: `unit:${o.units['101']}`, projectId: null, projectCode: null, unitName: '县教育局', sourceId: key, selfGrade: null });
    expect(list.rows[1]).toMatchObject({ key: `unit:${o.units['102']}`, sourceId: unitEval, selfGrade: 'fair', selfTotal: 75, departmentName: '县卫生健康委员会' });
    expect(list.totals).toMatchObject({ count: 1, baseFen: 320 * WAN });
    expect(list.unitTotals).toMatchObject({ count: 2, decided: 0, baseFen: 1320 * WAN, suggestedMinFen: -582 * WAN, byGrade: { poor: 1, fair: 1 } });

    // One object per decision; a unit without a final grade is refused.
    expect(errorOf(await o.h.raw('results.decideLinkage', { projectId: roads.projectId, unitId: o.units['101'], year: 2026, decision: 'maintain', amountFen: 0 }, o.perf)))
      .toMatchObject({ code: 'VALIDATION', details: [{ field: 'projectId', message: '请选择一个项目或一个部门整体' }] });
    expect(errorOf(await o.h.raw('results.decideLinkage', { unitId: o.units['101001'], year: 2026, decision: 'maintain', amountFen: 0 }, o.perf))).toMatchObject({
      code: 'CONFLICT', message: '该单位在 2026 年度没有经财政验收的部门整体自评结果（或部门整体评价结果），不能确定预算挂钩结果。',
    });
    expect(errorOf(await o.h.raw('results.decideLinkage', { unitId: o.units['102'], year: 2026, decision: 'reduce', amountFen: 10 }, o.perf))).toMatchObject({
      code: 'VALIDATION', message: '县卫生健康委员会 部门整体：“压减”的调整金额应为负数（调减）。',
    });

    const d = await o.h.call('results.decideLinkage', { unitId: o.units['102'], year: 2026, decision: 'reduce', amountFen: -82 * WAN, note: '公用经费压减' }, o.perf);
    expect(d).toMatchObject({ objectType: 'unitOverall', decision: { decision: 'reduce', amountFen: -82 * WAN, grade: 'fair', gradeSource: 'selfEvaluation', rev: 1 } });
    await o.h.call('results.decideLinkage', { unitId: o.units['101'], year: 2026, decision: 'cancel', amountFen: -500 * WAN }, o.perf);
    const again = await o.h.call('results.decideLinkage', { unitId: o.units['102'], year: 2026, decision: 'reduce', amountFen: -60 * WAN, note: '' }, o.perf);
    expect(again.decision).toMatchObject({ amountFen: -60 * WAN, rev: 2 });
    const stored = o.h.backend.database.prepare('SELECT unit_id, project_id, grade, grade_source, source_id, base_fen, amount_fen FROM linkage_decisions ORDER BY base_fen').all();
    expect(stored).toEqual([
      { unit_id: o.units['101'], project_id: null, grade: 'poor', grade_source: 'keyEvaluation', source_id: key, base_fen: 500 * WAN, amount_fen: -500 * WAN },
      { unit_id: o.units['102'], project_id: null, grade: 'fair', grade_source: 'selfEvaluation', source_id: unitEval, base_fen: 820 * WAN, amount_fen: -60 * WAN },
    ]);
    expect((await o.h.call('results.linkageList', { year: 2026 }, o.viewer)).unitTotals).toMatchObject({ decided: 2, decidedCutFen: -560 * WAN, decidedAddFen: 0 });

    const wb = readXlsx((await o.h.call('results.exportLinkage', { year: 2026 }, o.viewer)).base64);
    expect(wb.SheetNames).toEqual(['预算挂钩建议清单', '部门整体']);
    const projects = sheetAoa(wb);
    expect(projects.slice(2, 3).map((r) => r.slice(3, 8))).toEqual([['XM-102-01', '基层医疗设备更新', 85, '良', '单位自评（财政验收）']]);
    const units = sheetAoa(wb, '部门整体');
    expect(units[0]?.[0]).toBe('2026年度部门整体绩效评价结果与2027年预算挂钩建议清单');
    expect(units[1]).toEqual(['序号', '主管部门', '预算单位', '评价得分', '评价等级', '等级来源', '2026年全年预算数（万元）', '挂钩建议', '建议调整金额（万元）', '挂钩结果', '调整金额（万元）', '2027年建议安排数（万元）', '说明']);
    expect(units[2]).toEqual([1, '县教育局', '县教育局', 58, '差', '财政重点评价', 500, '取消', -500, '取消', -500, 0, '']);
    expect(units[3]).toEqual([2, '县卫生健康委员会', '县卫生健康委员会', 75, '中', '单位自评（财政验收）', 820, '压减 10%', -82, '压减', -60, 760, '']);
    expect(units[4]).toEqual(['', '合计', '2 个单位，已确定 2 个', '', '', '', 1320, '', -582, '', -560, '', '调减 560.00 万元；增加 0.00 万元']);
    expect(String(units[5]?.[0])).toContain('全年预算数为部门整体自评表的年度资金总额（基本支出 + 项目支出）');
  });
});
