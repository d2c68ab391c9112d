import { describe, expect, it } from 'vitest';
import type { MethodInput } from '../../shared/api/contract.ts';
import type { GradeCode } from '../../shared/domain/ruleProfile.ts';
import { LEDGER_COLUMNS } from '../../electron/backend/services/results.ts';
import { auditRows, errorOf } from '../helpers/backend.ts';
import { readXlsx, sheetAoa } from '../helpers/fixtures.ts';
import { addEvaluation, addProject, addRecheck, resultsSandbox, WAN, type Office, type ProjectSpec } from '../helpers/resultsSetup.ts';

const office = resultsSandbox();

type CreateInput = MethodInput<'rectifications.create'>;

const item = (o: Office, over: Partial<CreateInput> = {}): CreateInput => ({
  year: 2026, source: 'audit', unitId: o.units['101001'] ?? '', category: 'funds', problem: '专项资金滞留未拨付', requirement: '30 日内拨付到位并报送整改报告',
  owner: '县第一中学', issuedOn: '2026-03-01', deadline: '2026-10-31', ...over,
});

describe('整改台账 (SPEC §9.2)', () => {
  it('registers a manual item with every ledger field, edits, reviews and attaches evidence', async () => {
    const o = await office();
    const created = await o.h.call('rectifications.create', item(o, {
      source: 'audit', sourceRef: '县审计局审计报告〔2026〕12号', responsiblePerson: '王强', amountFen: 120 * WAN, recoveredFen: 30 * WAN,
      fiscalSuggestion: '收回结余资金 30 万元，2027 年预算相应核减', departmentId: o.units['101'] ?? null,
    }), o.biz);
    expect(created).toMatchObject({
      code: 'ZG-2026-0001', source: 'audit', status: 'open', unitName: '县第一中学', departmentName: '县教育局', responsiblePerson: '王强',
      sourceRef: '县审计局审计报告〔2026〕12号', amountFen: 120 * WAN, recoveredFen: 30 * WAN, fiscalSuggestion: '收回结余资金 30 万元，2027 年预算相应核减',
      reviewOpinion: '', reviewer: '', reviewedOn: null, onTime: null, evidence: [], readOnly: false,
    });

    // A project item takes the project's unit; the 主管部门 defaults to the unit's top ancestor.
    const p = addProject(o, { code: 'XM-101-01', name: '学生营养改善计划', unit: '101001', annualWan: 500 });
    const second = await o.h.call('rectifications.create', item(o, { source: 'selfEvaluation', projectId: p.projectId, unitId: null, category: 'output' }), o.perf);
    expect(second).toMatchObject({ code: 'ZG-2026-0002', projectCode: 'XM-101-01', title: '学生营养改善计划', unitName: '县第一中学', departmentName: '县教育局', departmentId: o.units['101'] });

    // The same sequence as monitoring's items: the existing list sees both.
    const list = await o.h.call('rectifications.list', { year: 2026 }, o.viewer);
    expect(list.rows.map((r) => r.code)).toEqual(['ZG-2026-0001', 'ZG-2026-0002']);

    const reviewed = await o.h.call('rectifications.saveLedger', {
      id: created.id, rev: created.rev, category: 'funds', responsiblePerson: '王强', departmentId: null, sourceRef: created.sourceRef, amountFen: 120 * WAN,
      recoveredFen: 40 * WAN, fiscalSuggestion: created.fiscalSuggestion, reviewOpinion: '资金已拨付，整改到位', reviewer: '李敏',
    }, o.perf);
    expect(reviewed).toMatchObject({ recoveredFen: 40 * WAN, reviewOpinion: '资金已拨付，整改到位', reviewer: '李敏', reviewedOn: '2026-12-01', rev: created.rev + 1, departmentName: '县教育局' });
    const stale = errorOf(await o.h.raw('rectifications.saveLedger', { id: created.id, rev: created.rev, category: 'funds' }, o.perf));
    expect(stale.code).toBe('CONFLICT');
    const tooMuch = errorOf(await o.h.raw('rectifications.saveLedger', { id: created.id, rev: reviewed.rev, category: 'funds', amountFen: 10, recoveredFen: 20 }, o.perf));
    expect(tooMuch.details?.[0]).toMatchObject({ field: 'recoveredFen' });

    const file = { name: '拨付凭证.pdf', base64: Buffer.from('%PDF-1.4 凭证').toString('base64') };
    const ev = await o.h.call('rectifications.addEvidence', { id: created.id, file }, o.biz);
    expect(ev).toMatchObject({ name: '拨付凭证.pdf', createdBy: 'yewu' });
    const got = await o.h.call('rectifications.get', { id: created.id }, o.viewer);
    expect(got.evidence.map((e) => e.name)).toEqual(['拨付凭证.pdf']);
    const back = await o.h.call('attachments.get', { id: ev.id }, o.viewer);
    expect(Buffer.from(back.base64, 'base64').toString()).toBe('%PDF-1.4 凭证');

    const audit = auditRows(o.h).filter((r) => r.method === 'rectifications.create' || r.method === 'rectifications.saveLedger');
    expect(audit.map((r) => [r.method, r.result.startsWith('成功')])).toEqual([
      ['rectifications.create', true], ['rectifications.create', true], ['rectifications.saveLedger', true], ['rectifications.saveLedger', false], ['rectifications.saveLedger', false],
    ]);
  });

  it('filters the ledger by source and by unit (a 主管部门 includes its units)', async () => {
    const o = await office();
    await o.h.call('rectifications.create', item(o, { source: 'audit' }), o.biz);
    await o.h.call('rectifications.create', item(o, { source: 'keyEvaluation', unitId: o.units['101'] ?? '' }), o.biz);
    await o.h.call('rectifications.create', item(o, { source: 'audit', unitId: o.units['102'] ?? '', owner: '县卫生健康委员会' }), o.biz);
    const codes = async (f: Partial<MethodInput<'rectifications.ledger'>>) =>
      (await o.h.call('rectifications.ledger', { year: 2026, ...f }, o.viewer)).rows.map((r) => r.code);
    expect(await codes({})).toEqual(['ZG-2026-0001', 'ZG-2026-0002', 'ZG-2026-0003']);
    expect(await codes({ source: 'audit' })).toEqual(['ZG-2026-0001', 'ZG-2026-0003']);
    expect(await codes({ unitId: o.units['101'] })).toEqual(['ZG-2026-0001', 'ZG-2026-0002']);
    expect(await codes({ unitId: o.units['101001'] })).toEqual(['ZG-2026-0001']);
    expect(await codes({ unitId: o.units['101'], source: 'audit' })).toEqual(['ZG-2026-0001']);
    expect(await codes({ q: '卫生' })).toEqual(['ZG-2026-0003']);
  });

  it('refuses bad input and other roles', async () => {
    const o = await office();
    expect(errorOf(await o.h.raw('rectifications.create', item(o), o.viewer)).code).toBe('FORBIDDEN');
    const early = errorOf(await o.h.raw('rectifications.create', item(o, { deadline: '2026-02-01' }), o.biz));
    expect(early.details?.[0]).toMatchObject({ field: 'deadline', message: '整改期限不能早于下发日期' });
    const nothing = errorOf(await o.h.raw('rectifications.create', item(o, { unitId: null }), o.biz));
    expect(nothing.details?.[0]).toMatchObject({ field: 'unitId' });
    const other = addProject(o, { code: 'XM-102-01', name: '基层医疗设备更新', unit: '102', annualWan: 100 });
    const mismatch = errorOf(await o.h.raw('rectifications.create', item(o, { projectId: other.projectId }), o.biz));
    expect(mismatch).toMatchObject({ code: 'VALIDATION', details: [{ field: 'unitId' }] });
  });

  /** SPEC §11.11: 12 problems, 9 销号 (8 before the deadline), 2 整改中, 1 逾期 → 75.00% and 66.67%. */
  async function spec1111(o: Office) {
    const ids: { id: string; rev: number }[] = [];
    for (let i = 0; i < 12; i++) {
      const deadline = i < 8 ? '2026-10-31' : i === 8 ? '2026-06-30' : i < 11 ? '2026-12-31' : '2026-09-30';
      const source = i % 3 === 0 ? 'keyEvaluation' : 'audit';
      const r = await o.h.call('rectifications.create', item(o, { deadline, source, problem: `问题 ${i + 1}`, amountFen: (i + 1) * WAN }), o.biz);
      ids.push({ id: r.id, rev: r.rev });
    }
    const upd = (i: number, status: 'done' | 'inProgress', closedOn: string | null = null) => {
      const x = ids[i];
      if (!x) throw new Error('no item');
      return o.h.call('rectifications.update', { id: x.id, rev: x.rev, status, progress: status === 'done' ? '已整改' : '正在整改', measures: '', closedOn }, o.biz);
    };
    for (let i = 0; i < 8; i++) await upd(i, 'done', '2026-10-15');
    await upd(8, 'done', '2026-07-10'); // 销号 after its 2026-06-30 deadline
    await upd(9, 'inProgress');
    await upd(10, 'inProgress');
    // #12 stays 未开始 past its 2026-09-30 deadline: 逾期.
    return ids;
  }

  it('computes the SPEC §11.11 rates; 不予整改 items leave the denominator', async () => {
    const o = await office();
    const ids = await spec1111(o);
    const rates = await o.h.call('rectifications.rates', { year: 2026 }, o.viewer);
    expect(rates).toMatchObject({ total: 12, due: 12, done: 9, onTime: 8, late: 1, inProgress: 2, open: 1, overdue: 1, waived: 0, completionRate: 75, onTimeRate: 66.67, today: '2026-12-01' });
    expect(rates.bySource.map((s) => [s.source, s.total, s.done])).toEqual([['audit', 8, 6], ['keyEvaluation', 4, 3]]);

    const waived = await o.h.call('rectifications.create', item(o, { problem: '经核实不属于问题' }), o.biz);
    await o.h.call('rectifications.update', { id: waived.id, rev: waived.rev, status: 'waived', progress: '经复核，资金用途符合规定，不予整改', measures: '', closedOn: null }, o.biz);
    const after = await o.h.call('rectifications.rates', { year: 2026 }, o.viewer);
    expect(after).toMatchObject({ total: 13, waived: 1, due: 12, completionRate: 75, onTimeRate: 66.67 });
    const audit = await o.h.call('rectifications.rates', { year: 2026, source: 'audit' }, o.viewer);
    expect(audit).toMatchObject({ total: 9, waived: 1, due: 8, done: 6 });
    expect(ids).toHaveLength(12);
  });

  it('exports the 整改台账 with the SPEC §9.2 columns, cell by cell', async () => {
    const o = await office();
    await spec1111(o);
    const first = (await o.h.call('rectifications.ledger', { year: 2026, pageSize: 1 }, o.viewer)).rows[0];
    if (!first) throw new Error('no item');
    const saved = await o.h.call('rectifications.saveLedger', {
      id: first.id, rev: first.rev, category: 'funds', responsiblePerson: '王强', departmentId: null, sourceRef: '2025年度财政重点评价报告', amountFen: 1 * WAN,
      recoveredFen: 250_000, fiscalSuggestion: '核减 2027 年预算 25 万元', reviewOpinion: '整改到位，同意销号', reviewer: '李敏',
    }, o.perf);
    await o.h.call('rectifications.addEvidence', { id: saved.id, file: { name: '整改报告.pdf', base64: Buffer.from('x').toString('base64') } }, o.biz);

    const file = await o.h.call('rectifications.exportLedger', { year: 2026 }, o.viewer);
    expect(file.name).toBe('整改台账-2026年.xlsx');
    const aoa = sheetAoa(readXlsx(file.base64));
    expect(aoa[0]?.[0]).toBe('2026年度预算绩效管理整改台账');
    expect(aoa[1]).toEqual([
      '台账编号', '年度', '来源环节', '来源任务/报告', '项目/单位', '主管部门', '问题类别', '问题描述', '整改要求', '整改责任单位', '责任人', '下发日期', '整改期限',
      '整改措施', '整改进展', '整改状态', '完成日期', '佐证材料', '涉及金额（万元）', '调减/收回金额（万元）', '财政调整建议', '复核意见', '复核人', '销号日期',
    ]);
    expect(LEDGER_COLUMNS).toHaveLength(24);
    expect(aoa[2]).toEqual([
      'ZG-2026-0001', 2026, '财政重点评价', '2025年度财政重点评价报告', '县第一中学 部门整体支出', '县教育局', '资金管理', '问题 1', '30 日内拨付到位并报送整改报告', '县第一中学',
      '王强', '2026-03-01', '2026-10-31', '', '已整改', '已完成', '2026-10-15', '整改报告.pdf', 1, 0.25, '核减 2027 年预算 25 万元', '整改到位，同意销号', '李敏', '2026-10-15',
    ]);
    // #9 closed late, #10 in progress, #12 overdue.
    expect(aoa[10]?.slice(0, 1).concat(aoa[10]?.slice(15, 17) ?? [])).toEqual(['ZG-2026-0009', '已完成（逾期完成）', '2026-07-10']);
    expect(aoa[11]?.[15]).toBe('整改中');
    expect(aoa[13]?.[15]).toBe('逾期');
    expect(aoa[13]?.[16]).toBe('');
    expect(aoa[13]?.[18]).toBe(12);
    expect(String(aoa[14]?.[0])).toBe('整改完成率 75.00%（已完成销号 9 ÷ 应整改 12）；按期整改率 66.67%（期限内完成 8 ÷ 应整改 12）；逾期未完成 1 项；应整改事项不含不予整改 0 项。整改率按年度统计。');
    expect(String(aoa[15]?.[0])).toBe('逾期按 2026-12-01 判断。金额单位：万元。导出日期：2026-12-01');

    const filtered = sheetAoa(readXlsx((await o.h.call('rectifications.exportLedger', { year: 2026, source: 'keyEvaluation' }, o.viewer)).base64));
    expect(filtered[0]?.[0]).toBe('2026年度预算绩效管理整改台账（来源：财政重点评价）');
    expect(filtered.slice(2, 6).map((r) => r[0])).toEqual(['ZG-2026-0001', 'ZG-2026-0004', 'ZG-2026-0007', 'ZG-2026-0010']);
  });
});

describe('预算挂钩 (SPEC §9.1)', () => {
  const NATIONAL: (ProjectSpec & { total: number; grade: GradeCode })[] = [
    { code: 'XM-101-01', name: '学生营养改善计划', unit: '101001', annualWan: 500, total: 95.18, grade: 'excellent' },
    { code: 'XM-101-02', name: '教学设备购置', unit: '101', annualWan: 200, total: 85, grade: 'good' },
    { code: 'XM-102-01', name: '基层医疗设备更新', unit: '102', annualWan: 320, total: 72.5, grade: 'fair' },
    { code: 'XM-102-02', name: '基本公共卫生服务', unit: '102', annualWan: 80, total: 55, grade: 'poor' },
  ];

  async function linkageOffice() {
    const o = await office();
    const evals: Record<string, string> = {};
    for (const p of NATIONAL) evals[p.code] = addEvaluation(o, p, addProject(o, p), p.total, p.grade);
    // Not accepted yet, and a unit-overall sheet: neither is listed.
    const pending = { code: 'XM-101-03', name: '校舍维修', unit: '101001', annualWan: 50 };
    addEvaluation(o, pending, addProject(o, pending), 90, 'excellent', { status: 'deptApproved' });
    return { o, evals };
  }

  it('suggests per grade under the national default; a completed re-check wins', async () => {
    const { o, evals } = await linkageOffice();
    const list = await o.h.call('results.linkageList', { year: 2026 }, o.viewer);
    expect(list.targetYear).toBe(2027);
    expect(list.rows.map((r) => [r.projectCode, r.grade, r.suggestion.action, r.suggestion.changeMinFen, r.suggestion.changeMaxFen])).toEqual([
      ['XM-101-02', 'good', 'maintain', 0, 0],
      ['XM-101-01', 'excellent', 'priority', 0, 0],
      ['XM-102-01', 'fair', 'reduce', -32 * WAN, -32 * WAN],
      ['XM-102-02', 'poor', 'cancel', -80 * WAN, -80 * WAN],
    ]);
    expect(list.rows[0]).toMatchObject({ unitName: '县教育局', departmentName: '县教育局', baseFen: 200 * WAN, gradeSource: 'selfEvaluation', profileId: 'builtin-national-default', profileVersion: 1, decision: null });
    expect(list.rows[1]).toMatchObject({ unitName: '县第一中学', departmentName: '县教育局' });
    expect(list.totals).toMatchObject({ count: 4, decided: 0, baseFen: 1100 * WAN, suggestedMinFen: -112 * WAN, suggestedMaxFen: -112 * WAN, byGrade: { excellent: 1, good: 1, fair: 1, poor: 1 } });

    // 财政复核 marks 教学设备购置 down to 中 (72.00): the re-check's grade counts.
    addRecheck(o, evals['XM-101-02'] ?? '', 72, 'fair');
    const after = await o.h.call('results.linkageList', { year: 2026 }, o.viewer);
    expect(after.rows[0]).toMatchObject({ projectCode: 'XM-101-02', grade: 'fair', total: 72, gradeSource: 'recheck', selfGrade: 'good', selfTotal: 85, suggestion: { action: 'reduce', changeMinFen: -20 * WAN } });
  });

  it('suggests 压减 20–50% for 低 under the 甘肃 five-grade preset', async () => {
    const o = await office();
    await o.h.call('years.add', { year: 2027 });
    await o.h.call('profiles.assignYear', { year: 2027, profileId: 'builtin-gansu-city' }, o.perf);
    const specs: (ProjectSpec & { total: number; grade: GradeCode })[] = [
      { code: 'GS-01', name: '优项目', unit: '101', annualWan: 100, total: 92, grade: 'excellent', year: 2027 },
      { code: 'GS-02', name: '良项目', unit: '101', annualWan: 100, total: 85, grade: 'good', year: 2027 },
      { code: 'GS-03', name: '中项目', unit: '101', annualWan: 100, total: 75, grade: 'fair', year: 2027 },
      { code: 'GS-04', name: '低项目', unit: '101', annualWan: 500, total: 65, grade: 'low', year: 2027 },
      { code: 'GS-05', name: '差项目', unit: '101', annualWan: 100, total: 40, grade: 'poor', year: 2027 },
    ];
    for (const p of specs) addEvaluation(o, p, addProject(o, p), p.total, p.grade, { profile: 'builtin-gansu-city' });
    const list = await o.h.call('results.linkageList', { year: 2027 }, o.viewer);
    expect(list.rows.map((r) => [r.projectCode, r.suggestion.action, r.suggestion.pctMin, r.suggestion.pctMax])).toEqual([
      ['GS-01', 'priority', 0, 0], ['GS-02', 'priority', 0, 0], ['GS-03', 'maintain', 0, 0], ['GS-04', 'reduce', 20, 50], ['GS-05', 'cancel', 100, 100],
    ]);
    expect(list.rows[3]?.suggestion).toMatchObject({ changeMinFen: -250 * WAN, changeMaxFen: -100 * WAN });
    expect(list.rows[3]).toMatchObject({ profileId: 'builtin-gansu-city', profileVersion: 1 });
    expect(list.targetYear).toBe(2028);
    const aoa = sheetAoa(readXlsx((await o.h.call('results.exportLinkage', { year: 2027 }, o.viewer)).base64));
    expect(aoa[5]?.slice(3, 11)).toEqual(['GS-04', '低项目', 65, '低', '单位自评（财政验收）', 500, '压减 20%–50%', '调减 100.00–250.00']);
    expect(aoa[8]?.[10]).toBe('调减 200.00–350.00'); // the unit's subtotal: 低 100–250 plus 差 100
  });

  it('records decisions (绩效管理 only), checks the amount, and exports the list for the budget meeting', async () => {
    const { o } = await linkageOffice();
    const list = await o.h.call('results.linkageList', { year: 2026 }, o.viewer);
    const id = (code: string) => list.rows.find((r) => r.projectCode === code)?.projectId ?? '';

    expect(errorOf(await o.h.raw('results.decideLinkage', { projectId: id('XM-102-01'), year: 2026, decision: 'reduce', amountFen: -32 * WAN }, o.biz)).code).toBe('FORBIDDEN');
    expect(errorOf(await o.h.raw('results.decideLinkage', { projectId: id('XM-102-01'), year: 2026, decision: 'reduce', amountFen: -32 * WAN }, o.viewer)).code).toBe('FORBIDDEN');
    const wrong = errorOf(await o.h.raw('results.decideLinkage', { projectId: id('XM-102-01'), year: 2026, decision: 'reduce', amountFen: 0 }, o.perf));
    expect(wrong).toMatchObject({ code: 'VALIDATION', details: [{ field: 'amountFen', message: '“压减”的调整金额应为负数（调减）' }] });
    const cancel = errorOf(await o.h.raw('results.decideLinkage', { projectId: id('XM-102-02'), year: 2026, decision: 'cancel', amountFen: -1 }, o.perf));
    expect(cancel.code).toBe('VALIDATION');
    const none = errorOf(await o.h.raw('results.decideLinkage', { projectId: id('XM-102-01'), year: 2025, decision: 'maintain', amountFen: 0 }, o.perf));
    expect(none.code).toBe('CONFLICT');

    const d1 = await o.h.call('results.decideLinkage', { projectId: id('XM-102-01'), year: 2026, decision: 'reduce', amountFen: -50 * WAN, note: '设备闲置，核减 50 万元' }, o.perf);
    expect(d1).toMatchObject({ decision: { decision: 'reduce', amountFen: -50 * WAN, note: '设备闲置，核减 50 万元', decidedBy: 'jixiao 用户', grade: 'fair', baseFen: 320 * WAN, profileId: 'builtin-national-default', profileVersion: 1, rev: 1 }, stale: false });
    await o.h.call('results.decideLinkage', { projectId: id('XM-102-02'), year: 2026, decision: 'cancel', amountFen: -80 * WAN }, o.perf);
    await o.h.call('results.decideLinkage', { projectId: id('XM-101-01'), year: 2026, decision: 'priority', amountFen: 20 * WAN, note: '扩大覆盖面' }, o.perf);
    const again = await o.h.call('results.decideLinkage', { projectId: id('XM-102-01'), year: 2026, decision: 'reduce', amountFen: -40 * WAN, note: '会议调整' }, o.perf);
    expect(again.decision).toMatchObject({ amountFen: -40 * WAN, rev: 2 });
    const stored = o.h.backend.database.prepare('SELECT grade, grade_source, decision, amount_fen, target_year, profile_id, profile_version FROM linkage_decisions WHERE project_id = ?').get(id('XM-102-01'));
    expect(stored).toEqual({ grade: 'fair', grade_source: 'selfEvaluation', decision: 'reduce', amount_fen: -40 * WAN, target_year: 2027, profile_id: 'builtin-national-default', profile_version: 1 });

    const totals = (await o.h.call('results.linkageList', { year: 2026 }, o.viewer)).totals;
    expect(totals).toMatchObject({ decided: 3, decidedCutFen: -120 * WAN, decidedAddFen: 20 * WAN });

    const file = await o.h.call('results.exportLinkage', { year: 2026 }, o.viewer);
    expect(file.name).toBe('预算挂钩建议清单-2026年评价-2027年预算.xlsx');
    const aoa = sheetAoa(readXlsx(file.base64));
    expect(aoa[0]?.[0]).toBe('2026年度绩效评价结果与2027年预算挂钩建议清单');
    expect(aoa[1]).toEqual(['序号', '主管部门', '预算单位', '项目编码', '项目名称', '评价得分', '评价等级', '等级来源', '2026年全年预算数（万元）', '挂钩建议', '建议调整金额（万元）', '挂钩结果', '调整金额（万元）', '2027年建议安排数（万元）', '说明']);
    expect(aoa.slice(2).map((r) => r.slice(0, 5))).toEqual([
      [1, '县教育局', '县教育局', 'XM-101-02', '教学设备购置'],
      ['', '县教育局', '县教育局 小计', '', '1 个项目，已确定 0 个'],
      [2, '县教育局', '县第一中学', 'XM-101-01', '学生营养改善计划'],
      ['', '县教育局', '县第一中学 小计', '', '1 个项目，已确定 1 个'],
      [3, '县卫生健康委员会', '县卫生健康委员会', 'XM-102-01', '基层医疗设备更新'],
      [4, '县卫生健康委员会', '县卫生健康委员会', 'XM-102-02', '基本公共卫生服务'],
      ['', '县卫生健康委员会', '县卫生健康委员会 小计', '', '2 个项目，已确定 2 个'],
      ['', '合计', '', '', '4 个项目，已确定 3 个'],
      ['调整金额：负数为调减，正数为增加；建议安排数 = 全年预算数 + 调整金额。等级来源：已完成的部门评价或财政重点评价优先（财政重点评价优先于部门评价），其次为财政复核，再次为经财政验收的单位自评。', null, null, null, null],
      ['挂钩建议按各项目评分所用规则方案的挂钩规则生成。导出日期：2026-12-01', null, null, null, null],
    ]);
    expect(aoa[2]?.slice(5)).toEqual([85, '良', '单位自评（财政验收）', 200, '保障', 0, '未确定', '', '', '']);
    expect(aoa[6]?.slice(5)).toEqual([72.5, '中', '单位自评（财政验收）', 320, '压减 10%', -32, '压减', -40, 280, '会议调整']);
    expect(aoa[7]?.slice(5)).toEqual([55, '差', '单位自评（财政验收）', 80, '取消', -80, '取消', -80, 0, '']);
    expect(aoa[8]?.slice(8)).toEqual([400, '', -112, '', -120, '', '调减 120.00 万元']);
    expect(aoa[9]?.slice(8)).toEqual([1100, '', -112, '', -100, '', '调减 120.00 万元；增加 20.00 万元']);
  });
});

describe('信息公开 (SPEC §9.3)', () => {
  it('lists candidates without 涉密 units and projects, refuses registering them, and computes the rate', async () => {
    const o = await office();
    const a = addProject(o, { code: 'XM-101-01', name: '学生营养改善计划', unit: '101001', annualWan: 500 });
    const b = addProject(o, { code: 'XM-102-01', name: '基层医疗设备更新', unit: '102', annualWan: 320, goal: 'published' });
    addProject(o, { code: 'XM-102-02', name: '草稿项目', unit: '102', annualWan: 10, goal: 'draft' });
    const secretProject = addProject(o, { code: 'XM-102-03', name: '涉密设备采购', unit: '102', annualWan: 50, confidential: true });
    const secretUnit = addProject(o, { code: 'XM-109-01', name: '保密技术服务', unit: '109001', annualWan: 30 });
    const evalA = addEvaluation(o, { code: 'XM-101-01', name: '', unit: '101001', annualWan: 500 }, a, 95, 'excellent');

    const first = await o.h.call('results.disclosures', { year: 2026 }, o.viewer);
    expect(first.excludedConfidential).toBe(2);
    expect(first.candidates.map((c) => [c.objectType, c.projectCode, c.title])).toEqual([
      ['goalSheet', 'XM-101-01', '学生营养改善计划绩效目标表'],
      ['goalSheet', 'XM-102-01', '基层医疗设备更新绩效目标表'],
      ['selfEvaluation', 'XM-101-01', '学生营养改善计划绩效自评结果'],
    ]);

    for (const objectId of [secretProject.sheetId, secretUnit.sheetId]) {
      const refused = errorOf(await o.h.raw('results.addDisclosure', { year: 2026, objectType: 'goalSheet', objectId, publishedOn: '2026-02-10', channel: 'withBudget', location: 'http://example.gov.cn/x' }, o.biz));
      expect(refused).toMatchObject({ code: 'CONFLICT', details: [{ field: 'objectId', message: '涉密单位/项目不予公开' }] });
    }
    const refusedUnit = errorOf(await o.h.raw('results.addDisclosure', { year: 2026, objectType: 'unitOverall', unitId: o.units['109001'], title: '部门整体绩效', publishedOn: '2026-02-10', channel: 'website', location: 'x' }, o.biz));
    expect(refusedUnit.message).toContain('涉密单位/项目不予公开');
    expect(errorOf(await o.h.raw('results.addDisclosure', { year: 2026, objectType: 'goalSheet', objectId: a.sheetId, publishedOn: '2026-02-10', channel: 'withBudget', location: 'x' }, o.viewer)).code).toBe('FORBIDDEN');
    const future = errorOf(await o.h.raw('results.addDisclosure', { year: 2026, objectType: 'goalSheet', objectId: a.sheetId, publishedOn: '2026-12-02', channel: 'withBudget', location: 'x' }, o.biz));
    expect(future.details?.[0]).toMatchObject({ field: 'publishedOn' });
    const wrongType = errorOf(await o.h.raw('results.addDisclosure', { year: 2026, objectType: 'selfEvaluation', objectId: a.sheetId, publishedOn: '2026-02-10', channel: 'withBudget', location: 'x' }, o.biz));
    expect(wrongType.details?.[0]).toMatchObject({ field: 'objectId' });

    const d = await o.h.call('results.addDisclosure', {
      year: 2026, objectType: 'goalSheet', objectId: a.sheetId, publishedOn: '2026-02-10', channel: 'withBudget', location: 'http://www.qitai.gov.cn/yjs/2026/jy.html',
    }, o.biz);
    expect(d).toMatchObject({ title: '学生营养改善计划绩效目标表', unitName: '县第一中学', projectCode: 'XM-101-01', channel: 'withBudget', createdBy: 'yewu 用户' });
    // A second channel for the same sheet is fine, the same channel twice is not.
    await o.h.call('results.addDisclosure', { year: 2026, objectType: 'goalSheet', objectId: a.sheetId, publishedOn: '2026-02-12', channel: 'website', location: '奇财绩〔2026〕3号' }, o.biz);
    expect(errorOf(await o.h.raw('results.addDisclosure', { year: 2026, objectType: 'goalSheet', objectId: a.sheetId, publishedOn: '2026-02-12', channel: 'website', location: 'y' }, o.biz)).code).toBe('CONFLICT');
    await o.h.call('results.addDisclosure', { year: 2026, objectType: 'selfEvaluation', objectId: evalA, publishedOn: '2026-11-20', channel: 'withFinalAccounts', location: 'http://www.qitai.gov.cn/js/2026' }, o.perf);
    await o.h.call('results.addDisclosure', { year: 2026, objectType: 'evaluationReport', unitId: o.units['102'], title: '基层医疗设备更新项目重点评价报告', publishedOn: '2026-11-25', channel: 'website', location: 'http://www.qitai.gov.cn/pj/1' }, o.perf);

    const list = await o.h.call('results.disclosures', { year: 2026 }, o.viewer);
    expect(list.rows).toHaveLength(4);
    expect(list.candidates.map((c) => c.projectCode)).toEqual(['XM-102-01']);

    const rate = await o.h.call('results.disclosureRate', { year: 2026 }, o.viewer);
    expect(rate.excludedConfidential).toBe(2);
    expect(rate.byType).toEqual([
      { objectType: 'goalSheet', disclosable: 2, disclosed: 1, rate: 50 },
      { objectType: 'selfEvaluation', disclosable: 1, disclosed: 1, rate: 100 },
      { objectType: 'evaluationReport', disclosable: null, disclosed: 1, rate: null },
      { objectType: 'unitOverall', disclosable: null, disclosed: 0, rate: null },
    ]);
    expect(rate.overall).toEqual({ disclosable: 3, disclosed: 2, rate: 66.67 });

    await o.h.call('results.removeDisclosure', { id: d.id }, o.biz);
    expect((await o.h.call('results.disclosureRate', { year: 2026 }, o.viewer)).byType[0]).toMatchObject({ disclosed: 1 }); // the website entry remains
    expect(b.projectId).toBeTruthy();
  });
});
