import { describe, expect, it } from 'vitest';
import type { MethodInput } from '../../shared/api/contract.ts';
import type { MonitoringRoundDto, MonitoringSheetDto } from '../../shared/api/dtoMonitoring.ts';
import type { GoalIndicatorInput } from '../../shared/api/schemasGoals.ts';
import { auditRows, errorOf } from '../helpers/backend.ts';
import { ind, worldSandbox, type World } from '../helpers/goalSetup.ts';

const world = worldSandbox({ code: '201', name: '县农业农村局' }, { code: '201001', name: '县农技推广站' });

const WAN = 1_000_000; // 分 per 万元

/** SPEC §11.8's row first, then a rate, a qualitative row and satisfaction. */
const INDICATORS: GoalIndicatorInput[] = [
  ind({ level1: 'output', level2: 'quantity', name: '农户培训人次', targetText: '≥2000人次' }),
  ind({ level1: 'output', level2: 'quality', name: '培训合格率', targetText: '≥95%' }),
  ind({ level1: 'benefit', level2: 'socialBenefit', name: '农户增收能力', valueType: 'qualitative', operator: 'qualitative', targetText: '明显提高' }),
  ind({ level1: 'satisfaction', level2: 'serviceSatisfaction', name: '农户满意度', targetText: '≥90%' }),
];

type ProjectInput = MethodInput<'projects.create'>;

/**
 * A project with a goal sheet in the given status. Sheets are written through goals.create and
 * goals.save; the approval itself is set in SQL (the goal workflow has its own tests).
 */
async function project(
  w: World, code: string, annualWan: number,
  opts: { goal?: 'approved' | 'published' | 'draft' | 'none'; unitId?: string; split?: Pick<ProjectInput, 'initial' | 'annual'> } = {},
) {
  const fen = annualWan * WAN;
  const p = await w.h.call('projects.create', {
    year: 2026, code, name: `农技培训项目${code}`, unitId: opts.unitId ?? w.unitId, objectType: 'project', attribute: 'new', budgetType: 'general',
    initial: opts.split?.initial ?? { fiscalFen: fen, carryoverFen: 0, otherFen: 0 },
    annual: opts.split?.annual ?? { fiscalFen: fen, carryoverFen: 0, otherFen: 0 },
    tags: ['direct'],
  } as ProjectInput, w.biz);
  const goal = opts.goal ?? 'approved';
  if (goal !== 'none') {
    const s = await w.h.call('goals.create', { projectId: p.id }, w.biz);
    await w.h.call('goals.save', { sheetId: s.id, rev: s.rev, annualGoal: `${code} 年度目标：培训农户 2000 人次。`, indicators: INDICATORS }, w.biz);
    if (goal !== 'draft') setGoalStatus(w, s.id, goal);
  }
  return p;
}

function setGoalStatus(w: World, goalSheetId: string, status: string): void {
  w.h.backend.database.prepare('UPDATE goal_sheets SET status = ?, locked = 1 WHERE id = ?').run(status, goalSheetId);
}

async function assignProfile(w: World, code: string) {
  return w.h.call('profiles.assignYear', { year: 2026, profileId: `builtin-${code}` }, w.perf);
}

async function round(w: World, month: number, over: Partial<MethodInput<'monitoring.createRound'>> = {}): Promise<MonitoringRoundDto> {
  return w.h.call('monitoring.createRound', {
    year: 2026, month, objectType: 'project', kind: 'self', title: `2026年1–${month}月项目自行监控`, issuedOn: `2026-${String(month + 1).padStart(2, '0')}-01`,
    dueOn: `2026-${String(month + 1).padStart(2, '0')}-15`, ...over,
  }, w.biz);
}

/** monitoring.updateRound needs the round's revision; the DTO carries it at run time. */
function roundRev(r: MonitoringRoundDto): number {
  return 'rev' in r && typeof r.rev === 'number' ? r.rev : Number.NaN;
}

async function sheetOf(w: World, roundId: string, projectCode: string): Promise<MonitoringSheetDto> {
  const page = await w.h.call('monitoring.sheets', { roundId, q: projectCode }, w.viewer);
  const row = page.rows.find((r) => r.projectCode === projectCode);
  if (!row) throw new Error(`no sheet for ${projectCode}`);
  return w.h.call('monitoring.getSheet', { sheetId: row.id }, w.biz);
}

type ValueInput = NonNullable<MethodInput<'monitoring.saveSheet'>['values']>[number];

/** The form as the editor would send it: every row from the sheet, with some rows overridden. */
function form(s: MonitoringSheetDto, patch: Partial<MethodInput<'monitoring.saveSheet'>>, rows: Record<number, Partial<ValueInput>> = {}): MethodInput<'monitoring.saveSheet'> {
  return {
    sheetId: s.id, rev: s.rev, executedFen: s.executedFen, executedFiscalFen: s.executedFiscalFen, executedOtherFen: s.executedOtherFen,
    expectedFullYearFen: s.expectedFullYearFen, goalProgress: s.goalProgress, expectedGoal: s.expectedGoal,
    values: s.values.map((v, i) => ({
      seq: v.seq, actualText: v.actualText, expectedText: v.expectedText, progress: v.progress, causes: v.causes, causeNote: v.causeNote,
      likelihood: v.likelihood, measure: v.measure, ...rows[i],
    })),
    ...patch,
  };
}

/** Every row filled in: what a unit submits. */
const COMPLETE: Record<number, Partial<ValueInput>> = {
  0: { actualText: '600', expectedText: '1500', causes: ['funding'], likelihood: 'possible', measure: '下半年集中开展冬季培训' },
  1: { actualText: '96%', expectedText: '96%', likelihood: 'certain' },
  2: { progress: 'partial', actualText: '部分农户已掌握新技术', likelihood: 'certain' },
  3: { actualText: '92', expectedText: '93%', likelihood: 'certain' },
};

// ---------------------------------------------------------------- rounds

describe('monitoring rounds', () => {
  it('proposes the profile\'s rounds (Xinjiang: projects at May and August, unit overall at June) and refuses duplicates', async () => {
    const w = await world();
    await assignProfile(w, 'xinjiang-county');
    const proposals = await w.h.call('monitoring.proposeRounds', { year: 2026 }, w.viewer);
    expect(proposals).toEqual([
      { month: 5, objectType: 'project', kind: 'self', title: '2026年1–5月项目自行监控', issuedOn: '2026-06-01', dueOn: '2026-06-15', exists: false },
      { month: 6, objectType: 'unitOverall', kind: 'self', title: '2026年1–6月部门整体自行监控', issuedOn: '2026-07-01', dueOn: '2026-07-15', exists: false },
      { month: 8, objectType: 'project', kind: 'self', title: '2026年1–8月项目自行监控', issuedOn: '2026-09-01', dueOn: '2026-09-15', exists: false },
    ]);

    const first = proposals[0];
    if (!first) throw new Error('no proposal');
    const { exists: _exists, ...template } = first;
    const created = await w.h.call('monitoring.createRound', { year: 2026, ...template }, w.biz);
    expect(created).toMatchObject({
      year: 2026, month: 5, objectType: 'project', kind: 'self', title: '2026年1–5月项目自行监控', status: 'open', readOnly: false,
      profileId: 'builtin-xinjiang-county', profileVersion: 1, missing: 0,
      counts: { total: 0, draft: 0, submitted: 0, returned: 0, accepted: 0, yellow: 0, red: 0, keySelected: 0 },
    });
    expect((await w.h.call('monitoring.proposeRounds', { year: 2026 }, w.viewer)).map((p) => p.exists)).toEqual([true, false, false]);

    expect(errorOf(await w.h.raw('monitoring.createRound', { year: 2026, ...template, title: '另一个名称' }, w.perf))).toMatchObject({
      code: 'CONFLICT', message: '2026 年已有1–5月的同类监控批次“2026年1–5月项目自行监控”。',
    });
    // The same month with another object type or kind is a different round.
    await w.h.call('monitoring.createRound', { year: 2026, ...template, kind: 'key', title: '2026年1–5月项目重点监控' }, w.perf);
    expect(errorOf(await w.h.raw('monitoring.createRound', { year: 2026, ...template, objectType: 'unitOverall', kind: 'key' }, w.perf))).toMatchObject({
      code: 'VALIDATION', details: [{ field: 'objectType', message: '重点监控批次只适用于项目' }],
    });
    expect(errorOf(await w.h.raw('monitoring.createRound', { year: 2026, ...template, month: 9 }, w.viewer)).code).toBe('FORBIDDEN');
    expect(errorOf(await w.h.raw('monitoring.createRound', { ...template, year: 2031 }, w.biz))).toMatchObject({ code: 'VALIDATION', message: '2031 年度不存在，请先新增年度。' });
    expect(errorOf(await w.h.raw('monitoring.createRound', { year: 2026, ...template, month: 7, dueOn: '2026-05-01' }, w.biz))).toMatchObject({
      code: 'VALIDATION', details: [expect.objectContaining({ field: 'dueOn', message: '填报截止日期不能早于下发日期' })],
    });

    const list = await w.h.call('monitoring.rounds', { year: 2026 }, w.viewer);
    expect(list.map((r) => [r.month, r.objectType, r.kind])).toEqual([[5, 'project', 'self'], [5, 'project', 'key']]);

    const updated = await w.h.call('monitoring.updateRound', { id: created.id, rev: 1, title: '2026年1–5月项目自行监控（补报）', issuedOn: '2026-06-02', dueOn: '2026-06-20', status: 'open' }, w.biz);
    expect(updated).toMatchObject({ title: '2026年1–5月项目自行监控（补报）', issuedOn: '2026-06-02', dueOn: '2026-06-20' });
    expect(errorOf(await w.h.raw('monitoring.updateRound', { id: created.id, rev: 1, title: 'x', issuedOn: '2026-06-02', dueOn: '2026-06-20', status: 'closed' }, w.biz))).toEqual({
      code: 'CONFLICT', message: '该监控批次已被他人修改，请刷新后再保存',
    });
    expect(auditRows(w.h).filter((a) => a.entity === 'monitoring_round').map((a) => a.method)).toEqual([
      'monitoring.createRound', 'monitoring.createRound', 'monitoring.updateRound',
    ]);
  });

  it('the national default proposes June and August projects and the June unit round; December rounds are issued in January', async () => {
    const w = await world();
    const proposals = await w.h.call('monitoring.proposeRounds', { year: 2026 }, w.viewer);
    expect(proposals.map((p) => [p.month, p.objectType])).toEqual([[6, 'project'], [6, 'unitOverall'], [8, 'project']]);
    const dec = await round(w, 12, { title: '2026年1–12月项目自行监控', issuedOn: '2027-01-01', dueOn: '2027-01-15' });
    expect(dec.month).toBe(12);
  });
});

// ---------------------------------------------------------------- populate

describe('populating a round from approved goals', () => {
  it('creates one pre-filled sheet per approved or published goal, once, and sums a unit\'s projects for its overall sheet', async () => {
    const w = await world();
    const other = await w.h.call('units.create', { code: '202', name: '县水利局', kind: 'administrative' }, w.h.session);
    const a = await project(w, 'NJ-001', 500, {
      split: { initial: { fiscalFen: 300 * WAN, carryoverFen: 20 * WAN, otherFen: 10 * WAN }, annual: { fiscalFen: 400 * WAN, carryoverFen: 50 * WAN, otherFen: 50 * WAN } },
    });
    await project(w, 'NJ-002', 100, { goal: 'published' });
    await project(w, 'NJ-003', 80, { goal: 'draft' });
    const cancelled = await project(w, 'NJ-004', 60);
    const notFunded = await project(w, 'NJ-005', 40);
    await project(w, 'NJ-006', 30, { goal: 'none' });
    await project(w, 'SL-001', 200, { unitId: other.id });
    w.h.backend.database.prepare("UPDATE projects SET status = 'cancelled' WHERE id = ?").run(cancelled.id);
    w.h.backend.database.prepare("UPDATE projects SET status = 'notFunded' WHERE id = ?").run(notFunded.id);

    const r = await round(w, 6);
    expect(r.missing).toBe(3);
    expect(errorOf(await w.h.raw('monitoring.populateRound', { roundId: r.id }, w.viewer)).code).toBe('FORBIDDEN');
    expect(await w.h.call('monitoring.populateRound', { roundId: r.id }, w.biz)).toEqual({ created: 3, existing: 0 });
    expect(await w.h.call('monitoring.populateRound', { roundId: r.id }, w.perf)).toEqual({ created: 0, existing: 3 });
    const [after] = await w.h.call('monitoring.rounds', { year: 2026 }, w.viewer);
    expect(after).toMatchObject({ missing: 0, counts: { total: 3, draft: 3 } });

    const page = await w.h.call('monitoring.sheets', { roundId: r.id }, w.viewer);
    expect(page.total).toBe(3);
    expect(page.rows.map((x) => [x.projectCode, x.unitName, x.status, x.annualBudgetFen, x.executedFen, x.timeProgress, x.warningLevel])).toEqual([
      ['NJ-001', '县农技推广站', 'draft', 500 * WAN, null, 50, null],
      ['NJ-002', '县农技推广站', 'draft', 100 * WAN, null, 50, null],
      ['SL-001', '县水利局', 'draft', 200 * WAN, null, 50, null],
    ]);
    expect(page.rows[0]).toMatchObject({ tags: ['direct'], budgetType: 'general', title: '农技培训项目NJ-001', objectType: 'project', keySelected: false });

    const s = await sheetOf(w, r.id, 'NJ-001');
    expect(s).toMatchObject({
      projectId: a.id, initialBudgetFen: 330 * WAN, annualBudgetFen: 500 * WAN, fiscalBudgetFen: 400 * WAN, otherBudgetFen: 100 * WAN,
      annualGoal: 'NJ-001 年度目标：培训农户 2000 人次。', executedFen: null, executionRate: null, timeProgress: 50, gapPoints: null, warnings: [],
      allowed: ['submit'], readOnly: false, rev: 1,
    });
    expect(s.round.id).toBe(r.id);
    expect(s.values.map((v) => [v.seq, v.level1, v.level2, v.name, v.valueType, v.operator, v.targetValue, v.targetText, v.unit, v.actualText])).toEqual([
      [1, 'output', 'quantity', '农户培训人次', 'quantitative', '>=', 2000, '≥2000人次', '人次', ''],
      [2, 'output', 'quality', '培训合格率', 'quantitative', '>=', 95, '≥95%', '%', ''],
      [3, 'benefit', 'socialBenefit', '农户增收能力', 'qualitative', 'qualitative', null, '明显提高', '', ''],
      [4, 'satisfaction', 'serviceSatisfaction', '农户满意度', 'quantitative', '>=', 90, '≥90%', '%', ''],
    ]);
    const goal = await w.h.call('goals.open', { projectId: a.id }, w.viewer);
    expect(s.goalSheetId).toBe(goal.id);
    expect(s.values.map((v) => v.indicatorId)).toEqual(goal.indicators.map((i) => i.id));

    // Filters: the 主管部门 brings its units' sheets, q matches code or name.
    const dept = await w.h.call('monitoring.sheets', { roundId: r.id, unitId: w.deptId }, w.viewer);
    expect(dept.rows.map((x) => x.projectCode)).toEqual(['NJ-001', 'NJ-002']);
    expect((await w.h.call('monitoring.sheets', { roundId: r.id, q: '项目SL' }, w.viewer)).rows.map((x) => x.projectCode)).toEqual(['SL-001']);
    expect((await w.h.call('monitoring.sheets', { roundId: r.id, level: 'none', pageSize: 2, page: 2 }, w.viewer))).toMatchObject({ total: 3, rows: [{ projectCode: 'SL-001' }] });
    expect((await w.h.call('monitoring.sheets', { roundId: r.id, status: 'submitted' }, w.viewer)).total).toBe(0);

    // 部门整体: the unit's own projects of the year still in the budget (not cancelled, not 不予安排),
    // with or without a goal of their own (NJ-003's is a draft, NJ-006 has none).
    const unitGoal = await w.h.call('goals.create', { unitId: w.unitId, year: 2026 }, w.biz);
    await w.h.call('goals.save', { sheetId: unitGoal.id, rev: unitGoal.rev, annualGoal: '全站年度目标', unitDuties: '农技推广', indicators: INDICATORS }, w.biz);
    setGoalStatus(w, unitGoal.id, 'approved');
    const draftUnitGoal = await w.h.call('goals.create', { unitId: other.id, year: 2026 }, w.biz);
    expect(draftUnitGoal.status).toBe('draft');
    const ur = await round(w, 6, { objectType: 'unitOverall', title: '2026年1–6月部门整体自行监控' });
    expect(ur.missing).toBe(1);
    expect(await w.h.call('monitoring.populateRound', { roundId: ur.id }, w.biz)).toEqual({ created: 1, existing: 0 });
    const [unitRow] = (await w.h.call('monitoring.sheets', { roundId: ur.id }, w.viewer)).rows;
    expect(unitRow).toMatchObject({ projectId: null, projectCode: null, title: '县农技推广站 部门整体支出', objectType: 'unitOverall', unitId: w.unitId });
    const us = await w.h.call('monitoring.getSheet', { sheetId: unitRow?.id ?? '' }, w.viewer);
    expect(us).toMatchObject({
      annualBudgetFen: (500 + 100 + 80 + 30) * WAN, initialBudgetFen: (330 + 100 + 80 + 30) * WAN, fiscalBudgetFen: (400 + 100 + 80 + 30) * WAN, otherBudgetFen: 100 * WAN,
      annualGoal: '全站年度目标', goalSheetId: unitGoal.id,
    });
    expect(us.values).toHaveLength(4);
    // Two populations wrote (the no-op one writes nothing); the refused viewer call is logged as refused.
    expect(auditRows(w.h).filter((x) => x.method === 'monitoring.populateRound' && x.result === '成功')).toHaveLength(2);
  });
});

// ---------------------------------------------------------------- entry and evaluation

describe('entry and evaluation', () => {
  it('SPEC §11.8 under the Xinjiang preset: 500.00万 budget, 150.00万 at month 6 → 30.00%, relative deviation 40.00% > 20% warns', async () => {
    const w = await world();
    await assignProfile(w, 'xinjiang-county');
    await project(w, 'NJ-001', 500);
    const r = await round(w, 6);
    await w.h.call('monitoring.populateRound', { roundId: r.id }, w.biz);
    const s = await sheetOf(w, r.id, 'NJ-001');

    const saved = await w.h.call('monitoring.saveSheet', form(s, { executedFen: 150 * WAN, executedFiscalFen: 100 * WAN, executedOtherFen: 50 * WAN, goalProgress: '已培训 600 人次' }, {
      0: { actualText: '600', expectedText: '1500', causes: ['funding'], causeNote: '资金下达较晚', likelihood: 'possible' },
    }), w.biz);
    expect(saved).toMatchObject({
      rev: 2, executedFen: 150 * WAN, executionRate: 30, timeProgress: 50, gapPoints: 20, relativeDeviation: 40, targetProgress: 30,
      warningLevel: 'yellow', warningCount: 2, goalProgress: '已培训 600 人次',
    });
    expect(saved.evaluatedAt).not.toBeNull();
    expect(saved.values[0]).toMatchObject({ actualText: '600', actualValue: 600, expectedText: '1500', expectedValue: 1500, causes: ['funding'], likelihood: 'possible' });
    expect(saved.warnings).toEqual([expect.objectContaining({
      rule: 'timeGap', ruleIndex: 0, level: 'yellow', indicator: null,
      message: '时间进度 50.00%，执行率 30.00%，进度差 20.00 个百分点，相对偏差 40.00%，超过 20.00% 的预警线',
      numbers: { timeProgress: 50, executionRate: 30, gapPoints: 20, relativeDeviation: 40, maxRelativeDeviation: 20 },
      suggestedActions: ['remind', 'rectify'], profileId: 'builtin-xinjiang-county', profileVersion: 1,
      title: '农技培训项目NJ-001', projectCode: 'NJ-001', unitName: '县农技推广站', decided: false,
    }), expect.objectContaining({
      // SPEC §11.8: 有可能 → 黄灯, 纠偏措施 required.
      rule: 'impossible', ruleIndex: 3, level: 'yellow', indicator: '农户培训人次', numbers: { targetValue: 2000, actualValue: 600, expectedValue: 1500 },
    })]);
    // 有可能 needs 纠偏措施 — a submission problem, not a save error.
    expect(saved.problems).toContainEqual({ seq: 1, field: 'values.0.measure', message: '“农户培训人次”完成目标可能性为“有可能”，请填写纠偏措施' });
    expect(saved.problems.map((p) => p.field)).toEqual([
      'values.0.measure', 'values.1.actualText', 'values.1.expectedText', 'values.1.likelihood', 'values.2.progress', 'values.2.likelihood',
      'values.3.actualText', 'values.3.expectedText', 'values.3.likelihood',
    ]);
    const [listed] = (await w.h.call('monitoring.sheets', { roundId: r.id, level: 'yellow' }, w.viewer)).rows;
    expect(listed).toMatchObject({ executionRate: 30, timeProgress: 50, warningLevel: 'yellow' });
    const [counted] = await w.h.call('monitoring.rounds', { year: 2026 }, w.viewer);
    expect(counted?.counts).toMatchObject({ total: 1, yellow: 1, red: 0 });
    expect(listed?.warningCount).toBe(2);

    // Re-evaluation replaces the warnings: 完全不可能 adds a red one, a 未达成 qualitative row another.
    const worse = await w.h.call('monitoring.saveSheet', form(saved, {}, {
      0: { likelihood: 'impossible', measure: '申请调减目标' },
      2: { progress: 'notAchieved' },
    }), w.biz);
    expect(worse.warningLevel).toBe('red');
    expect(worse.warnings.map((x) => [x.rule, x.level, x.indicator])).toEqual([
      ['timeGap', 'yellow', null], ['qualitativeLight', 'red', '农户增收能力'], ['impossible', 'red', '农户培训人次'],
    ]);
    const stored = w.h.backend.database.prepare('SELECT count(*) FROM monitoring_warnings WHERE sheet_id = ?').pluck().get(s.id);
    expect(stored).toBe(3);
  });

  it('SPEC §11.8 under 四川 2025 (assigned before the round): 30.00% is below the month-6 floor of 40.00%, and the round keeps its profile', async () => {
    const w = await world();
    await assignProfile(w, 'sichuan-2025');
    await project(w, 'NJ-001', 500);
    const r = await round(w, 6);
    expect(r.profileId).toBe('builtin-sichuan-2025');
    await w.h.call('monitoring.populateRound', { roundId: r.id }, w.biz);
    const s = await sheetOf(w, r.id, 'NJ-001');
    const saved = await w.h.call('monitoring.saveSheet', form(s, { executedFen: 150 * WAN }, { 0: { actualText: '600', expectedText: '1500' } }), w.biz);
    expect(saved.warnings.map((x) => [x.rule, x.level, x.message, x.numbers])).toEqual([
      ['nodeFloor', 'yellow', '1–6月执行率 30.00% 低于 6 月下限 40.00%', { month: 6, executionRate: 30, floorMonth: 6, minRate: 40 }],
    ]);
    expect(saved.warnings[0]?.profileId).toBe('builtin-sichuan-2025');

    // Changing the year's profile later does not change how this round is judged.
    await assignProfile(w, 'xinjiang-county');
    const again = await w.h.call('monitoring.saveSheet', form(saved, { goalProgress: '补充说明' }), w.biz);
    expect(again.warnings.map((x) => x.rule)).toEqual(['nodeFloor']);
  });

  it('reads actual values with the target parser, checks the split, the causes and the revision', async () => {
    const w = await world();
    await project(w, 'NJ-001', 500);
    const r = await round(w, 6);
    await w.h.call('monitoring.populateRound', { roundId: r.id }, w.biz);
    const s = await sheetOf(w, r.id, 'NJ-001');

    const bad = errorOf(await w.h.raw('monitoring.saveSheet', form(s, { executedFen: 150 * WAN, executedFiscalFen: 100 * WAN, executedOtherFen: 40 * WAN }, {
      0: { actualText: '约六百', expectedText: '1500人' },
      1: { actualText: '≥abc', causes: ['nonesuch'] },
    }), w.biz));
    expect(bad.code).toBe('VALIDATION');
    expect(bad.details).toEqual([
      { field: 'executedFen', message: '1–6月执行数应等于财政拨款与其他资金执行数之和（140.00 万元）' },
      { field: 'values.0.actualText', message: '“农户培训人次”的1–6月实际完成值：应为定量指标值（如“≥95%”），但未找到数值' },
      { field: 'values.0.expectedText', message: '“农户培训人次”的全年预计完成值：计量单位“人”与指标的计量单位“人次”不一致' },
      { field: 'values.1.causes', message: '“培训合格率”的偏差原因“nonesuch”不在偏差原因字典中或已停用' },
      { field: 'values.1.actualText', message: '“培训合格率”的1–6月实际完成值：“≥”后缺少数值（实际为“abc”）' },
    ]);
    expect(bad.message).toBe('监控表有 5 处填写有误：1–6月执行数应等于财政拨款与其他资金执行数之和（140.00 万元）');

    const ok = await w.h.call('monitoring.saveSheet', form(s, { executedFen: 150 * WAN, executedFiscalFen: 100 * WAN, executedOtherFen: 50 * WAN }, {
      0: { actualText: '600人次', expectedText: '≥1500' },
      1: { actualText: '92%', progress: 'achieved' },
      2: { actualText: '已开展', expectedText: '明显提高', progress: 'partial' },
    }), w.biz);
    expect(ok.values.map((v) => [v.actualValue, v.expectedValue, v.progress])).toEqual([[600, 1500, null], [92, null, null], [null, null, 'partial'], [null, null, null]]);
    // 600/2000 = 30% and 92/95 = 96.84%: mean 63.42%; the national default has no target–execution rule.
    expect(ok.targetProgress).toBe(63.42);

    expect(errorOf(await w.h.raw('monitoring.saveSheet', form(s, {}), w.biz))).toEqual({ code: 'CONFLICT', message: '该监控表已被他人修改，请刷新后再保存' });
    expect(errorOf(await w.h.raw('monitoring.saveSheet', form(ok, {}, { 0: { seq: 99 } as Partial<ValueInput> }), w.biz))).toMatchObject({
      code: 'VALIDATION', details: [{ field: 'values.0.seq', message: '第 1 行指标（序号 99）不在该监控表中，请刷新后再保存' }],
    });
    // Only the execution figure without its split is fine; an empty form clears the figures again.
    const cleared = await w.h.call('monitoring.saveSheet', form(ok, { executedFen: null, executedFiscalFen: null, executedOtherFen: null }), w.biz);
    expect(cleared).toMatchObject({ executedFen: null, executionRate: null, gapPoints: null, warningLevel: 'yellow' });
    // Without an execution figure only the indicator rules speak (部分达成 → 黄灯).
    expect(cleared.warnings.map((x) => [x.rule, x.indicator])).toEqual([['qualitativeLight', '农户增收能力']]);
  });

  it('submit needs a complete sheet; return (with a reason) and accept only from 已提交; history kept', async () => {
    const w = await world();
    await project(w, 'NJ-001', 500);
    const r = await round(w, 6);
    await w.h.call('monitoring.populateRound', { roundId: r.id }, w.biz);
    const s = await sheetOf(w, r.id, 'NJ-001');
    expect(s.problems[0]).toEqual({ seq: null, field: 'executedFen', message: '请填写1–6月执行数' });

    const early = errorOf(await w.h.raw('monitoring.transition', { sheetId: s.id, transition: 'submit' }, w.biz));
    expect(early.code).toBe('VALIDATION');
    expect(early.message).toBe(`监控表有 ${s.problems.length} 处未填写完整，不能提交：请填写1–6月执行数`);
    expect(early.details?.[0]).toEqual({ field: 'executedFen', message: '请填写1–6月执行数' });
    expect(errorOf(await w.h.raw('monitoring.transition', { sheetId: s.id, transition: 'accept' }, w.perf))).toEqual({
      code: 'CONFLICT', message: '监控表当前状态为“草稿”，不能审核通过（只有已提交的监控表可以审核）。',
    });

    const filled = await w.h.call('monitoring.saveSheet', form(s, { executedFen: 260 * WAN }, COMPLETE), w.biz);
    expect(filled.problems).toEqual([]);
    const submitted = await w.h.call('monitoring.transition', { sheetId: s.id, transition: 'submit' }, w.biz);
    expect(submitted).toMatchObject({ status: 'submitted', allowed: ['return', 'accept'] });
    expect(errorOf(await w.h.raw('monitoring.saveSheet', form(submitted, { goalProgress: 'x' }), w.biz))).toEqual({
      code: 'CONFLICT', message: '监控表当前状态为“已提交”，不能修改（只有草稿或被退回的监控表可以修改）。',
    });
    expect(errorOf(await w.h.raw('monitoring.transition', { sheetId: s.id, transition: 'return' }, w.perf))).toMatchObject({
      code: 'VALIDATION', details: [expect.objectContaining({ field: 'comment', message: expect.stringContaining('退回时请填写退回原因') })],
    });
    const returned = await w.h.call('monitoring.transition', { sheetId: s.id, transition: 'return', comment: '执行数与国库支付数不符' }, w.perf);
    expect(returned).toMatchObject({ status: 'returned', allowed: ['submit'] });
    const fixed = await w.h.call('monitoring.saveSheet', form(returned, { executedFen: 255 * WAN }), w.biz);
    await w.h.call('monitoring.transition', { sheetId: s.id, transition: 'submit' }, w.biz);
    const accepted = await w.h.call('monitoring.transition', { sheetId: s.id, transition: 'accept', comment: '同意' }, w.biz);
    expect(accepted).toMatchObject({ status: 'accepted', allowed: [], executedFen: 255 * WAN, rev: fixed.rev + 2 });
    expect(accepted.events.map((e) => [e.username, e.action, e.fromStatus, e.toStatus, e.comment])).toEqual([
      ['biz', '提交', 'draft', 'submitted', ''],
      ['perf', '退回', 'submitted', 'returned', '执行数与国库支付数不符'],
      ['biz', '提交', 'returned', 'submitted', ''],
      ['biz', '审核通过', 'submitted', 'accepted', '同意'],
    ]);
    expect(errorOf(await w.h.raw('monitoring.transition', { sheetId: s.id, transition: 'return', comment: '再退' }, w.perf))).toEqual({
      code: 'CONFLICT', message: '监控表当前状态为“已审核”，不能退回（只有已提交的监控表可以退回）。',
    });
    const [counted] = await w.h.call('monitoring.rounds', { year: 2026 }, w.viewer);
    expect(counted?.counts).toMatchObject({ total: 1, accepted: 1, draft: 0 });
  });

  it('permissions: readers read, finance roles write, a closed round is read-only', async () => {
    const w = await world();
    await project(w, 'NJ-001', 500);
    const r = await round(w, 6);
    await w.h.call('monitoring.populateRound', { roundId: r.id }, w.biz);
    const s = await sheetOf(w, r.id, 'NJ-001');

    const seen = await w.h.call('monitoring.getSheet', { sheetId: s.id }, w.viewer);
    expect(seen.allowed).toEqual([]);
    expect(errorOf(await w.h.raw('monitoring.saveSheet', form(s, { executedFen: WAN }), w.viewer)).code).toBe('FORBIDDEN');
    expect(errorOf(await w.h.raw('monitoring.transition', { sheetId: s.id, transition: 'submit' }, w.viewer)).code).toBe('FORBIDDEN');
    expect(errorOf(await w.h.raw('monitoring.saveSheet', form(s, { executedFen: WAN }), w.h.session)).code).toBe('FORBIDDEN');
    expect(errorOf(await w.h.raw('monitoring.getSheet', { sheetId: 'nonesuch' }, w.viewer))).toEqual({ code: 'NOT_FOUND', message: '监控表不存在。' });

    const closed = await w.h.call('monitoring.updateRound', { id: r.id, rev: roundRev(r), title: r.title, issuedOn: r.issuedOn, dueOn: r.dueOn, status: 'closed' }, w.perf);
    expect(closed.status).toBe('closed');
    expect(errorOf(await w.h.raw('monitoring.saveSheet', form(s, { executedFen: WAN }), w.biz))).toEqual({
      code: 'CONFLICT', message: '监控批次“2026年1–6月项目自行监控”已关闭，监控表不能再修改。',
    });
    expect(errorOf(await w.h.raw('monitoring.transition', { sheetId: s.id, transition: 'submit' }, w.biz))).toEqual({
      code: 'CONFLICT', message: '监控批次“2026年1–6月项目自行监控”已关闭，监控表不能再提交。',
    });
    expect(errorOf(await w.h.raw('monitoring.populateRound', { roundId: r.id }, w.biz))).toEqual({
      code: 'CONFLICT', message: '监控批次“2026年1–6月项目自行监控”已关闭，不能生成监控表。',
    });
    expect((await w.h.call('monitoring.getSheet', { sheetId: s.id }, w.biz)).allowed).toEqual([]);

    // Reopening makes it editable again.
    await w.h.call('monitoring.updateRound', { id: r.id, rev: roundRev(closed), title: r.title, issuedOn: r.issuedOn, dueOn: r.dueOn, status: 'open' }, w.perf);
    expect((await w.h.call('monitoring.saveSheet', form(s, { executedFen: WAN }), w.perf)).executedFen).toBe(WAN);

    // A sheet that arrived from another office is read-only here.
    w.h.backend.database.prepare("UPDATE monitoring_sheets SET origin = '652300' WHERE id = ?").run(s.id);
    const foreign = await w.h.call('monitoring.getSheet', { sheetId: s.id }, w.biz);
    expect(foreign).toMatchObject({ readOnly: true, allowed: [] });
    expect(errorOf(await w.h.raw('monitoring.saveSheet', form(foreign, {}), w.biz))).toEqual({
      code: 'CONFLICT', message: '该监控表来自其他单位的同步数据，只能查看，不能修改。',
    });
  });
});

// ---------------------------------------------------------------- key selection

describe('重点监控 selection', () => {
  it('lists the projects the profile\'s key rule picks, creates their sheets on confirmation and never drops entered data', async () => {
    const w = await world();
    // A copy of the Xinjiang preset with the 太原 rule: ≥ 200万 and ≤ 60% executed at month 8.
    const copy = await w.h.call('profiles.copy', { fromId: 'builtin-xinjiang-county', code: 'xj-key', name: '新疆·重点监控' }, w.perf);
    const body = { ...copy.body, monitoring: { ...copy.body.monitoring, rules: [...copy.body.monitoring.rules, { kind: 'keySelection' as const, minAmountFen: 200 * WAN, maxRate: 60, month: 8 }] } };
    await w.h.call('profiles.save', { id: copy.id, name: copy.name, body, note: '增加重点监控筛选规则' }, w.perf);
    await w.h.call('profiles.assignYear', { year: 2026, profileId: copy.id }, w.perf);

    const a = await project(w, 'NJ-001', 500);
    const b = await project(w, 'NJ-002', 100);
    const c = await project(w, 'NJ-003', 300);
    const d = await project(w, 'NJ-004', 250, { goal: 'draft' });
    const self = await round(w, 8);
    await w.h.call('monitoring.populateRound', { roundId: self.id }, w.biz);
    for (const [code, executedWan] of [['NJ-001', 260], ['NJ-002', 10], ['NJ-003', 250]] as const) {
      const s = await sheetOf(w, self.id, code);
      await w.h.call('monitoring.saveSheet', form(s, { executedFen: executedWan * WAN }), w.biz);
    }
    // On the 自行监控 sheets the rule flags the project (a hint; the key round holds the decision).
    const flagged = await w.h.call('monitoring.sheets', { roundId: self.id, keyOnly: true }, w.viewer);
    expect(flagged.rows.map((x) => x.projectCode)).toEqual(['NJ-001']);
    expect((await sheetOf(w, self.id, 'NJ-001')).keyReason).toBe('全年预算 500.00 万元 ≥ 200.00 万元，1–8月执行率 52.00% ≤ 60.00%，列入重点监控');

    const key = await round(w, 8, { kind: 'key', title: '2026年1–8月项目重点监控' });
    expect(key).toMatchObject({ profileId: copy.id, profileVersion: 2, missing: 0 });
    expect(errorOf(await w.h.raw('monitoring.keyCandidates', { roundId: self.id }, w.viewer))).toEqual({
      code: 'VALIDATION', message: '“2026年1–8月项目自行监控”不是项目重点监控批次，不能筛选重点监控项目。',
    });
    const candidates = await w.h.call('monitoring.keyCandidates', { roundId: key.id }, w.viewer);
    expect(candidates).toEqual([{
      projectId: a.id, code: 'NJ-001', name: '农技培训项目NJ-001', unitName: '县农技推广站', annualBudgetFen: 500 * WAN, executedFen: 260 * WAN, executionRate: 52,
      reason: '全年预算 500.00 万元 ≥ 200.00 万元，1–8月执行率 52.00% ≤ 60.00%，列入重点监控', selected: false,
    }]);

    expect(errorOf(await w.h.raw('monitoring.confirmKey', { roundId: key.id, projectIds: [a.id] }, w.viewer)).code).toBe('FORBIDDEN');
    const refused = errorOf(await w.h.raw('monitoring.confirmKey', { roundId: key.id, projectIds: [a.id, d.id] }, w.perf));
    expect(refused).toMatchObject({ code: 'VALIDATION', details: [{ field: 'projectIds.1', message: '项目“农技培训项目NJ-004”的绩效目标尚未批复，不能列入重点监控' }] });

    // The bureau adds NJ-002 by hand.
    expect(await w.h.call('monitoring.confirmKey', { roundId: key.id, projectIds: [a.id, b.id] }, w.perf)).toEqual({ selected: 2 });
    expect(await w.h.call('monitoring.populateRound', { roundId: key.id }, w.perf)).toEqual({ created: 0, existing: 2 });
    const keySheets = await w.h.call('monitoring.sheets', { roundId: key.id }, w.viewer);
    expect(keySheets.rows.map((x) => [x.projectCode, x.keySelected, x.annualBudgetFen, x.executedFen])).toEqual([
      ['NJ-001', true, 500 * WAN, null], ['NJ-002', true, 100 * WAN, null],
    ]);
    expect((await w.h.call('monitoring.getSheet', { sheetId: keySheets.rows[0]?.id ?? '' }, w.viewer)).values).toHaveLength(4);
    expect((await w.h.call('monitoring.keyCandidates', { roundId: key.id }, w.viewer)).map((x) => [x.code, x.selected, x.reason])).toEqual([
      ['NJ-001', true, '全年预算 500.00 万元 ≥ 200.00 万元，1–8月执行率 52.00% ≤ 60.00%，列入重点监控'],
      ['NJ-002', true, '人工选定（1–8月执行率未达到筛选条件）'],
    ]);
    const [keyRound] = (await w.h.call('monitoring.rounds', { year: 2026 }, w.viewer)).filter((x) => x.kind === 'key');
    expect(keyRound?.counts).toMatchObject({ total: 2, keySelected: 2 });

    // Dropping NJ-002 removes its empty sheet; entering data on NJ-001 protects it.
    expect(await w.h.call('monitoring.confirmKey', { roundId: key.id, projectIds: [a.id, c.id] }, w.perf)).toEqual({ selected: 2 });
    const ka = await sheetOf(w, key.id, 'NJ-001');
    await w.h.call('monitoring.saveSheet', form(ka, { executedFen: 270 * WAN }), w.biz);
    // A key sheet keeps its confirmation whatever the rule says of its figures.
    expect((await sheetOf(w, key.id, 'NJ-001')).keySelected).toBe(true);
    const kept = errorOf(await w.h.raw('monitoring.confirmKey', { roundId: key.id, projectIds: [c.id] }, w.perf));
    expect(kept).toMatchObject({ code: 'VALIDATION', message: '重点监控项目有 1 处问题：“农技培训项目NJ-001”的重点监控表已填报或已处理，不能移出重点监控' });
    expect((await w.h.call('monitoring.sheets', { roundId: key.id }, w.viewer)).rows.map((x) => x.projectCode)).toEqual(['NJ-001', 'NJ-003']);
  });
});

// ---------------------------------------------------------------- causes dictionary

describe('deviation causes dictionary', () => {
  it('ships the SPEC §6.3 list; the performance section edits it; a cause in use is deactivated, never deleted', async () => {
    const w = await world();
    expect(await w.h.call('monitoring.causes', {}, w.viewer)).toEqual([
      { code: 'funding', label: '经费保障', active: true },
      { code: 'institution', label: '制度保障', active: true },
      { code: 'staffing', label: '人员保障', active: true },
      { code: 'hardware', label: '硬件条件保障', active: true },
      { code: 'other', label: '其他', active: true },
    ]);
    await project(w, 'NJ-001', 500);
    const r = await round(w, 6);
    await w.h.call('monitoring.populateRound', { roundId: r.id }, w.biz);
    const s = await sheetOf(w, r.id, 'NJ-001');
    const saved = await w.h.call('monitoring.saveSheet', form(s, {}, { 0: { causes: ['funding', 'hardware', 'funding'] } }), w.biz);
    expect(saved.values[0]?.causes).toEqual(['funding', 'hardware']);

    const next = [
      { code: 'funding', label: '经费保障', active: true },
      { code: 'institution', label: '制度保障', active: true },
      { code: 'hardware', label: '硬件条件保障', active: false },
      { code: 'policy', label: '政策调整', active: true },
      { code: 'other', label: '其他原因', active: true },
    ];
    expect(errorOf(await w.h.raw('monitoring.saveCauses', { causes: next }, w.biz)).code).toBe('FORBIDDEN');
    expect(await w.h.call('monitoring.saveCauses', { causes: next }, w.perf)).toEqual(next);
    expect(await w.h.call('monitoring.causes', {}, w.biz)).toEqual(next);

    expect(errorOf(await w.h.raw('monitoring.saveCauses', { causes: next.filter((c) => c.code !== 'hardware') }, w.perf))).toMatchObject({
      code: 'VALIDATION', details: [{ field: 'causes', message: '偏差原因“硬件条件保障”已在监控表中使用，不能删除；如不再使用，请改为停用' }],
    });
    expect(errorOf(await w.h.raw('monitoring.saveCauses', { causes: [...next, { code: 'policy', label: '政策变化', active: true }] }, w.perf))).toMatchObject({
      code: 'VALIDATION', details: [{ field: 'causes.5.code', message: '编码“policy”重复' }],
    });
    expect(errorOf(await w.h.raw('monitoring.saveCauses', { causes: next.map((c) => ({ ...c, active: false })) }, w.perf))).toMatchObject({
      code: 'VALIDATION', details: [{ field: 'causes', message: '至少保留一个启用的偏差原因' }],
    });
    // An unused code may go.
    const withoutPolicy = next.filter((c) => c.code !== 'policy');
    expect(await w.h.call('monitoring.saveCauses', { causes: withoutPolicy }, w.perf)).toEqual(withoutPolicy);

    // The deactivated cause stays on the row that has it, but cannot be chosen anew.
    const again = await w.h.call('monitoring.saveSheet', form(saved, {}), w.biz);
    expect(again.values[0]?.causes).toEqual(['funding', 'hardware']);
    expect(errorOf(await w.h.raw('monitoring.saveSheet', form(again, {}, { 1: { causes: ['hardware'] } }), w.biz))).toMatchObject({
      code: 'VALIDATION', details: [{ field: 'values.1.causes', message: '“培训合格率”的偏差原因“hardware”不在偏差原因字典中或已停用' }],
    });
    expect(auditRows(w.h).filter((a) => a.method === 'monitoring.saveCauses' && a.result === '成功')).toHaveLength(2);
  });
});
