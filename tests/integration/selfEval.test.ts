import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import type { MethodInput } from '../../shared/api/contract.ts';
import type { SelfEvalDto } from '../../shared/api/dtoSelfEval.ts';
import type { GoalIndicatorInput } from '../../shared/api/schemasGoals.ts';
import { auditRows, errorOf } from '../helpers/backend.ts';
import { ind, worldSandbox, type World } from '../helpers/goalSetup.ts';

const world = worldSandbox({ code: '301', name: '县交通运输局' }, { code: '301001', name: '县公路养护站' });

const WAN = 1_000_000; // 分 per 万元

/** SPEC §11.1: 某县2024年农村公路日常养护 (Template A, W1 weights). */
const INDICATORS: GoalIndicatorInput[] = [
  ind({ level1: 'output', level2: 'quantity', name: '养护里程', targetText: '≥120公里' }),
  ind({ level1: 'output', level2: 'quality', name: '养护验收合格率', targetText: '≥95%' }),
  ind({ level1: 'output', level2: 'timeliness', name: '按期完工率', operator: '=', targetText: '=100%' }),
  ind({ level1: 'output', level2: 'costOutput', name: '每公里养护成本', operator: '<=', targetText: '≤2.60万元/公里' }),
  ind({ level1: 'benefit', level2: 'socialBenefit', name: '优良路率', targetText: '≥80%' }),
  ind({ level1: 'benefit', level2: 'sustainability', name: '养护长效机制建立', valueType: 'qualitative', operator: 'qualitative', targetText: '建立并运行' }),
  ind({ level1: 'satisfaction', level2: 'serviceSatisfaction', name: '沿线群众满意度', targetText: '≥90%' }),
];

type ProjectInput = MethodInput<'projects.create'>;

/** A project with an approved goal (written through goals.create/save, approved in SQL as the monitoring tests do). */
async function project(w: World, code: string) {
  const p = await w.h.call('projects.create', {
    year: 2026, code, name: `农村公路日常养护${code}`, unitId: w.unitId, objectType: 'project', attribute: 'continuing', budgetType: 'general',
    initial: { fiscalFen: 300 * WAN, carryoverFen: 0, otherFen: 0 },
    annual: { fiscalFen: 300 * WAN, carryoverFen: 15 * WAN, otherFen: 5 * WAN },
    tags: [],
  } as ProjectInput, w.biz);
  const s = await w.h.call('goals.create', { projectId: p.id }, w.biz);
  await w.h.call('goals.save', { sheetId: s.id, rev: s.rev, annualGoal: `完成农村公路日常养护 120 公里。`, indicators: INDICATORS }, w.biz);
  w.h.backend.database.prepare("UPDATE goal_sheets SET status = 'approved', locked = 1 WHERE id = ?").run(s.id);
  return p;
}

/** A 1–8月 monitoring round with the project's execution entered. */
async function monitored(w: World, code: string, executedWan: number) {
  const round = await w.h.call('monitoring.createRound', {
    year: 2026, month: 8, objectType: 'project', kind: 'self', title: '2026年1–8月项目自行监控', issuedOn: '2026-09-01', dueOn: '2026-09-15',
  }, w.biz);
  await w.h.call('monitoring.populateRound', { roundId: round.id }, w.biz);
  const page = await w.h.call('monitoring.sheets', { roundId: round.id, q: code }, w.biz);
  const row = page.rows[0];
  if (!row) throw new Error('no monitoring sheet');
  const sheet = await w.h.call('monitoring.getSheet', { sheetId: row.id }, w.biz);
  await w.h.call('monitoring.saveSheet', {
    sheetId: sheet.id, rev: sheet.rev, executedFen: executedWan * WAN, executedFiscalFen: 200 * WAN, executedOtherFen: executedWan * WAN - 200 * WAN,
    values: sheet.values.map((v) => ({ seq: v.seq })),
  }, w.biz);
}

async function evaluationOf(w: World, code: string): Promise<SelfEvalDto> {
  const page = await w.h.call('selfEval.list', { year: 2026, q: code }, w.viewer);
  const row = page.rows.find((r) => r.projectCode === code);
  if (!row) throw new Error(`no evaluation for ${code}`);
  return w.h.call('selfEval.get', { id: row.id }, w.biz);
}

type RowInput = MethodInput<'selfEval.save'>['rows'][number];

/** The form as the editor sends it: every row, some overridden by indicator name. */
function form(e: SelfEvalDto, patch: Partial<MethodInput<'selfEval.save'>>, rows: Record<string, Partial<RowInput>>): MethodInput<'selfEval.save'> {
  return {
    id: e.id, rev: e.rev, executedFen: e.executedFen, executedFiscalFen: e.executedFiscalFen, executedCarryoverFen: e.executedCarryoverFen,
    executedOtherFen: e.executedOtherFen, goalCompletion: e.goalCompletion,
    rows: e.rows.map((r) => ({
      seq: r.seq, weight: r.weight, actualText: r.actualText, notApplicable: r.notApplicable, qualitativeResult: r.qualitativeResult,
      manualScore: r.manualScore, targetTooLow: r.targetTooLow, deviationReason: r.deviationReason, ...rows[r.name],
    })),
    ...patch,
  };
}

/** §11.1's actuals and weights (产出 15/10/10/15, 效益 15/15, 满意度 10). */
const SCENARIO: Record<string, Partial<RowInput>> = {
  养护里程: { weight: 15, actualText: '126' },
  养护验收合格率: { weight: 10, actualText: '92%', deviationReason: '部分路段雨季返工，下年加强过程抽检。' },
  按期完工率: { weight: 10, actualText: '100%' },
  每公里养护成本: { weight: 15, actualText: '2.41' },
  优良路率: { weight: 15, actualText: '84%' },
  养护长效机制建立: { weight: 15, actualText: '制度已印发，运行不足一年', qualitativeResult: 'partial', manualScore: 11, deviationReason: '长效机制运行时间短，下年纳入考核。' },
  沿线群众满意度: { weight: 10, actualText: '93%' },
};

const stored = (w: World, id: string) =>
  w.h.backend.database.prepare('SELECT total, grade, raw_total, normalized_total, execution_rate, execution_score, profile_id, profile_version FROM self_evaluations WHERE id = ?').get(id);

describe('self-evaluation', () => {
  it('populates from approved goals with the latest monitored execution, money split by source and suggested weights', async () => {
    const w = await world();
    await project(w, 'JT-001');
    await project(w, 'JT-002');
    await monitored(w, 'JT-001', 280);
    // A unit-overall goal approved too.
    const unitSheet = await w.h.call('goals.create', { unitId: w.unitId, year: 2026 }, w.biz);
    await w.h.call('goals.save', { sheetId: unitSheet.id, rev: unitSheet.rev, annualGoal: '保障全县公路养护。', unitDuties: '公路养护', indicators: INDICATORS }, w.biz);
    w.h.backend.database.prepare("UPDATE goal_sheets SET status = 'published', locked = 1 WHERE id = ?").run(unitSheet.id);

    expect(errorOf(await w.h.raw('selfEval.populate', { year: 2026 }, w.viewer)).code).toBe('FORBIDDEN');
    expect(await w.h.call('selfEval.populate', { year: 2026 }, w.biz)).toEqual({ created: 3, existing: 0, projects: 2, units: 1 });
    // Idempotent: nothing new the second time.
    expect(await w.h.call('selfEval.populate', { year: 2026 }, w.perf)).toEqual({ created: 0, existing: 3, projects: 0, units: 0 });

    const e = await evaluationOf(w, 'JT-001');
    expect(e).toMatchObject({
      ownerType: 'project', status: 'draft', title: '农村公路日常养护JT-001', unitName: '县公路养护站', department: '县交通运输局（301）', implementingUnit: '县公路养护站',
      initial: { totalFen: 300 * WAN, fiscalFen: 300 * WAN, carryoverFen: 0, otherFen: 0 },
      annual: { totalFen: 320 * WAN, fiscalFen: 300 * WAN, carryoverFen: 15 * WAN, otherFen: 5 * WAN },
      // 1–8月 monitoring: 280 in total, 200 财政拨款; its 其他资金 cannot be split between 上年结转 and 其他.
      executedFen: 280 * WAN, executedFiscalFen: 200 * WAN, executedCarryoverFen: null, executedOtherFen: null,
      profileId: 'builtin-national-default', profileVersion: 1, annualGoal: '完成农村公路日常养护 120 公里。', readOnly: false,
    });
    expect(e.rows.map((r) => [r.name, r.weight, r.targetText])).toEqual([
      ['养护里程', 12.5, '≥120公里'], ['养护验收合格率', 12.5, '≥95%'], ['按期完工率', 12.5, '=100%'], ['每公里养护成本', 12.5, '≤2.60万元/公里'],
      ['优良路率', 15, '≥80%'], ['养护长效机制建立', 15, '建立并运行'], ['沿线群众满意度', 10, '≥90%'],
    ]);
    expect(e.result.executionRate).toBe(87.5);
    expect(e.allowed).toEqual(['submit']);
    // Without a 全年执行数 no total or grade is stored yet (the list shows it as 未评分).
    const empty = await evaluationOf(w, 'JT-002');
    expect(empty).toMatchObject({ executedFen: null, total: null, grade: null, executionRate: null });
    expect(empty.problems[0]).toEqual({ seq: null, field: 'executedFen', message: '请填写全年执行数' });
    expect((await w.h.call('selfEval.list', { year: 2026, grade: 'none', ownerType: 'project' }, w.viewer)).rows.map((r) => r.projectCode)).toEqual(['JT-002']);

    const units = await w.h.call('selfEval.list', { year: 2026, ownerType: 'unitOverall' }, w.viewer);
    expect(units.rows).toMatchObject([{ title: '县公路养护站 部门整体支出', annualBudgetFen: 640 * WAN, status: 'draft' }]);
  });

  it('scores SPEC §11.1 end to end through save: 95.18 优, stored with the profile id and version', async () => {
    const w = await world();
    await project(w, 'JT-001');
    await w.h.call('selfEval.populate', { year: 2026 }, w.biz);
    const e = await evaluationOf(w, 'JT-001');

    // Unreadable actuals and a split that does not add up are refused with their fields.
    const bad = errorOf(await w.h.raw('selfEval.save', form(e, { executedFen: 304 * WAN, executedFiscalFen: 300 * WAN, executedCarryoverFen: 4 * WAN, executedOtherFen: 1 * WAN }, {
      ...SCENARIO, 养护里程: { weight: 15, actualText: '≥abc' },
    }), w.biz));
    expect(bad.code).toBe('VALIDATION');
    expect(bad.details?.map((d) => d.field)).toEqual(['executedFen', 'rows.0.actualText']);

    const saved = await w.h.call('selfEval.save', form(e, {
      executedFen: 304 * WAN, executedFiscalFen: 300 * WAN, executedCarryoverFen: 4 * WAN, executedOtherFen: 0, goalCompletion: '完成养护 126 公里。',
    }, SCENARIO), w.biz);
    expect(saved.result).toMatchObject({ executionRate: 95, executionScore: 9.5, rawTotal: 95.18, normalizedTotal: null, total: 95.18, grade: 'excellent' });
    expect(saved.rows.map((r) => [r.name, r.actualValue, r.score])).toEqual([
      ['养护里程', 126, 15], ['养护验收合格率', 92, 9.68], ['按期完工率', 100, 10], ['每公里养护成本', 2.41, 15],
      ['优良路率', 84, 15], ['养护长效机制建立', null, 11], ['沿线群众满意度', 93, 10],
    ]);
    expect(saved.result.indicators[1]?.explanation).toContain('9.68');
    expect(saved.problems).toEqual([]);
    expect(saved).toMatchObject({ total: 95.18, grade: 'excellent', executionRate: 95 });
    expect(stored(w, e.id)).toEqual({
      total: 95.18, grade: 'excellent', raw_total: 95.18, normalized_total: null, execution_rate: 95, execution_score: 9.5,
      profile_id: 'builtin-national-default', profile_version: 1,
    });
    const audit = auditRows(w.h).filter((a) => a.method === 'selfEval.save' && a.result === '成功');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.changes).toContain('95.18');

    // The deviation explanation is required where the engine flags it: 92% < 95%.
    const missing = await w.h.call('selfEval.save', form(saved, {}, { 养护验收合格率: { deviationReason: '' } }), w.biz);
    expect(missing.problems).toEqual([{ seq: missing.rows[1]?.seq, field: 'rows.1.deviationReason', message: '“养护验收合格率”请填写偏差原因分析及改进措施' }]);
    expect(errorOf(await w.h.raw('selfEval.transition', { id: e.id, transition: 'submit' }, w.biz))).toMatchObject({
      code: 'VALIDATION', details: [{ field: 'rows.1.deviationReason' }],
    });
  });

  it('normalises N/A rows to 100 and stores both the raw and the normalised total', async () => {
    const w = await world();
    await project(w, 'JT-001');
    await w.h.call('selfEval.populate', { year: 2026 }, w.biz);
    const e = await evaluationOf(w, 'JT-001');
    const saved = await w.h.call('selfEval.save', form(e, { executedFen: 304 * WAN }, { ...SCENARIO, 优良路率: { weight: 15, actualText: '', notApplicable: true } }), w.biz);
    // raw = 95.18 − 15 = 80.18 over applicable weights 85 → 94.33.
    expect(saved.result).toMatchObject({ rawTotal: 80.18, applicableWeight: 85, normalizedTotal: 94.33, total: 94.33, grade: 'excellent' });
    expect(saved.rows.find((r) => r.name === '优良路率')).toMatchObject({ notApplicable: true, score: null });
    expect(stored(w, e.id)).toMatchObject({ raw_total: 80.18, normalized_total: 94.33, total: 94.33, grade: 'excellent' });
    expect(saved.problems).toEqual([]);
  });

  it('refuses a qualitative score outside its band at submit', async () => {
    const w = await world();
    await project(w, 'JT-001');
    await w.h.call('selfEval.populate', { year: 2026 }, w.biz);
    const e = await evaluationOf(w, 'JT-001');
    // 部分达成 with weight 15 allows [9.00, 12.00): 12 is out.
    const saved = await w.h.call('selfEval.save', form(e, { executedFen: 304 * WAN }, { ...SCENARIO, 养护长效机制建立: { ...SCENARIO['养护长效机制建立'], manualScore: 12 } }), w.biz);
    const row = saved.result.indicators[5];
    expect(row?.score).toBeNull();
    expect(row?.band).toEqual({ min: 9, max: 12, maxInclusive: false });
    expect(saved.problems).toHaveLength(1);
    expect(saved.problems[0]).toMatchObject({ field: 'rows.5.manualScore' });
    const err = errorOf(await w.h.raw('selfEval.transition', { id: e.id, transition: 'submit' }, w.biz));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('养护长效机制建立');
    expect(err.details).toEqual([expect.objectContaining({ field: 'rows.5.manualScore' })]);
    // A score above the weight is refused at save already.
    expect(errorOf(await w.h.raw('selfEval.save', form(saved, {}, { 养护长效机制建立: { manualScore: 16 } }), w.biz))).toMatchObject({
      code: 'VALIDATION', details: [{ field: 'rows.5.manualScore', message: '“养护长效机制建立”的得分 16 超过分值 15' }],
    });
  });

  it('runs submit → 主管部门 → 财政 acceptance with return, and only 绩效管理 accepts', async () => {
    const w = await world();
    await project(w, 'JT-001');
    await w.h.call('selfEval.populate', { year: 2026 }, w.biz);
    const e = await evaluationOf(w, 'JT-001');
    expect(errorOf(await w.h.raw('selfEval.save', form(e, { executedFen: 304 * WAN }, SCENARIO), w.viewer)).code).toBe('FORBIDDEN');
    await w.h.call('selfEval.save', form(e, { executedFen: 304 * WAN }, SCENARIO), w.biz);

    let s = await w.h.call('selfEval.transition', { id: e.id, transition: 'submit' }, w.biz);
    expect(s).toMatchObject({ status: 'submitted', allowed: ['deptApprove', 'return'] });
    expect(errorOf(await w.h.raw('selfEval.save', form(s, {}, {}), w.biz))).toMatchObject({ code: 'CONFLICT' });
    expect(errorOf(await w.h.raw('selfEval.transition', { id: e.id, transition: 'accept' }, w.perf))).toMatchObject({ code: 'CONFLICT' });
    expect(errorOf(await w.h.raw('selfEval.transition', { id: e.id, transition: 'return' }, w.biz))).toMatchObject({
      code: 'VALIDATION', details: [expect.objectContaining({ field: 'comment', message: expect.stringContaining('退回时请填写退回原因') })],
    });
    s = await w.h.call('selfEval.transition', { id: e.id, transition: 'return', comment: '满意度调查样本量不足' }, w.biz);
    expect(s.status).toBe('returned');
    s = await w.h.call('selfEval.transition', { id: e.id, transition: 'submit' }, w.biz);
    s = await w.h.call('selfEval.transition', { id: e.id, transition: 'deptApprove' }, w.biz);
    expect(s.status).toBe('deptApproved');
    expect(s.allowed).toEqual(['return']); // as 业务股室
    expect(errorOf(await w.h.raw('selfEval.transition', { id: e.id, transition: 'accept' }, w.biz))).toMatchObject({ code: 'FORBIDDEN', message: '财政验收由绩效管理岗办理。' });
    expect(errorOf(await w.h.raw('selfEval.transition', { id: e.id, transition: 'accept' }, w.viewer)).code).toBe('FORBIDDEN');
    expect((await w.h.call('selfEval.get', { id: e.id }, w.perf)).allowed).toEqual(['accept', 'return']);
    s = await w.h.call('selfEval.transition', { id: e.id, transition: 'accept', comment: '同意' }, w.perf);
    expect(s).toMatchObject({ status: 'accepted', allowed: [] });
    expect(s.events.map((x) => [x.action, x.fromStatus, x.toStatus, x.comment])).toEqual([
      ['提交', 'draft', 'submitted', ''],
      ['退回', 'submitted', 'returned', '满意度调查样本量不足'],
      ['提交', 'returned', 'submitted', ''],
      ['主管部门审核通过', 'submitted', 'deptApproved', ''],
      ['财政验收', 'deptApproved', 'accepted', '同意'],
    ]);
    const list = await w.h.call('selfEval.list', { year: 2026, grade: 'excellent', status: 'accepted' }, w.viewer);
    expect(list.rows).toMatchObject([{ id: e.id, total: 95.18, grade: 'excellent', executionRate: 95 }]);
    expect((await w.h.call('selfEval.list', { year: 2026, grade: 'none' }, w.viewer)).total).toBe(0);
  });

  it('keeps evidence per row', async () => {
    const w = await world();
    await project(w, 'JT-001');
    await w.h.call('selfEval.populate', { year: 2026 }, w.biz);
    const e = await evaluationOf(w, 'JT-001');
    const a = await w.h.call('selfEval.addEvidence', { id: e.id, seq: e.rows[0]?.seq ?? 0, file: { name: '验收单.pdf', base64: Buffer.from('%PDF-1.4 test').toString('base64') } }, w.biz);
    expect(a).toMatchObject({ name: '验收单.pdf', seq: e.rows[0]?.seq, size: 13 });
    const again = await w.h.call('selfEval.get', { id: e.id }, w.viewer);
    expect(again.evidence).toEqual([expect.objectContaining({ id: a.id, name: '验收单.pdf' })]);
    expect((await w.h.call('attachments.get', { id: a.id }, w.viewer)).name).toBe('验收单.pdf');
  });

  it('exports the 项目支出绩效自评表 laid out like the form', async () => {
    const w = await world();
    await project(w, 'JT-001');
    await w.h.call('selfEval.populate', { year: 2026 }, w.biz);
    const e = await evaluationOf(w, 'JT-001');
    await w.h.call('selfEval.save', form(e, {
      executedFen: 304 * WAN, executedFiscalFen: 300 * WAN, executedCarryoverFen: 4 * WAN, executedOtherFen: 0, goalCompletion: '完成养护 126 公里。',
    }, SCENARIO), w.biz);
    const file = await w.h.call('selfEval.exportForm', { id: e.id }, w.viewer);
    expect(file.name).toBe('项目支出绩效自评表-JT-001-2026年.xlsx');
    const wb = XLSX.read(Buffer.from(file.base64, 'base64'), { type: 'buffer', cellNF: true, cellStyles: true });
    const ws = wb.Sheets[wb.SheetNames[0] ?? ''];
    if (!ws) throw new Error('no sheet');
    const v = (a: string) => ws[a]?.v;
    expect(v('A1')).toBe('项目支出绩效自评表');
    expect(v('A2')).toBe('（ 2026 年度）');
    expect([v('A3'), v('B3')]).toEqual(['项目名称', '农村公路日常养护JT-001']);
    expect([v('A4'), v('B4'), v('E4'), v('F4')]).toEqual(['主管部门', '县交通运输局（301）', '实施单位', '县公路养护站']);
    expect([v('A5'), v('D5'), v('E5'), v('F5'), v('G5'), v('H5'), v('I5')]).toEqual(['项目资金（万元）', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分']);
    expect([v('B6'), v('D6'), v('E6'), v('F6'), v('G6'), v('H6'), v('I6')]).toEqual(['年度资金总额', 300, 320, 304, 10, 0.95, 9.5]);
    expect(ws.H6?.z).toBe('0.00%');
    expect([v('B7'), v('D7'), v('E7'), v('F7'), v('G7')]).toEqual(['其中：当年财政拨款', 300, 300, 300, '—']);
    expect([v('B8'), v('E8'), v('F8')]).toEqual(['上年结转资金', 15, 4]);
    expect([v('B9'), v('E9'), v('F9')]).toEqual(['其他资金', 5, 0]);
    expect([v('A10'), v('B10'), v('F10'), v('B11'), v('F11')]).toEqual(['年度总体目标', '预期目标', '实际完成情况', '完成农村公路日常养护 120 公里。', '完成养护 126 公里。']);
    expect(['A12', 'B12', 'C12', 'D12', 'E12', 'F12', 'G12', 'H12', 'I12'].map(v)).toEqual(
      ['绩效指标', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施']);
    expect(['B13', 'C13', 'D13', 'E13', 'F13', 'G13', 'H13'].map(v)).toEqual(['产出指标(50分)', '数量指标', '养护里程', '≥120公里', '126', 15, 15]);
    expect(['D14', 'F14', 'H14', 'I14'].map(v)).toEqual(['养护验收合格率', '92%', 9.68, '部分路段雨季返工，下年加强过程抽检。']);
    expect(['B17', 'D17', 'H17'].map(v)).toEqual(['效益指标(30分)', '优良路率', 15]);
    expect(['D18', 'F18', 'H18'].map(v)).toEqual(['养护长效机制建立', '部分达成年度指标并具有一定效果：制度已印发，运行不足一年', 11]);
    expect(['B19', 'D19', 'H19'].map(v)).toEqual(['满意度指标(10分)', '沿线群众满意度', 10]);
    expect(['A20', 'G20', 'H20'].map(v)).toEqual(['总分', 100, 95.18]);
    expect(['A21', 'G21'].map(v)).toEqual(['自评等级', '优']);
    const merges = (ws['!merges'] ?? []).map((m) => XLSX.utils.encode_range(m));
    expect(merges).toEqual(expect.arrayContaining(['A1:I1', 'A5:A9', 'B13:B16', 'B17:B18', 'A12:A19', 'A20:F20', 'G21:I21']));
    expect(ws['!cols']?.map((c) => c.wch)).toEqual([10, 14, 14, 24, 13, 13, 8, 9, 32]);
  });
});
