import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import type { MethodInput } from '../../shared/api/contract.ts';
import type { SelfEvalDto } from '../../shared/api/dtoSelfEval.ts';
import type { GoalIndicatorInput } from '../../shared/api/schemasGoals.ts';
import { auditRows, errorOf } from '../helpers/backend.ts';
import { ind, worldSandbox, type World } from '../helpers/goalSetup.ts';

const world = worldSandbox({ code: '301', name: '县交通运输局' }, { code: '301001', name: '县公路养护站' });

const WAN = 1_000_000; // 分 per 万元

/** SPEC §11.1: 农村公路日常养护 (the self-evaluation scenario that scores 95.18 优). */
const INDICATORS: GoalIndicatorInput[] = [
  ind({ level1: 'output', level2: 'quantity', name: '养护里程', targetText: '≥120公里' }),
  ind({ level1: 'output', level2: 'quality', name: '养护验收合格率', targetText: '≥95%' }),
  ind({ level1: 'output', level2: 'timeliness', name: '按期完工率', operator: '=', targetText: '=100%' }),
  ind({ level1: 'output', level2: 'costOutput', name: '每公里养护成本', operator: '<=', targetText: '≤2.60万元/公里' }),
  ind({ level1: 'benefit', level2: 'socialBenefit', name: '优良路率', targetText: '≥80%' }),
  ind({ level1: 'benefit', level2: 'sustainability', name: '养护长效机制建立', valueType: 'qualitative', operator: 'qualitative', targetText: '建立并运行' }),
  ind({ level1: 'satisfaction', level2: 'serviceSatisfaction', name: '沿线群众满意度', targetText: '≥90%' }),
];

type RowInput = MethodInput<'selfEval.save'>['rows'][number];

const SCENARIO: Record<string, Partial<RowInput>> = {
  养护里程: { weight: 15, actualText: '126' },
  养护验收合格率: { weight: 10, actualText: '92%', deviationReason: '部分路段雨季返工，下年加强过程抽检。' },
  按期完工率: { weight: 10, actualText: '100%' },
  每公里养护成本: { weight: 15, actualText: '2.41' },
  优良路率: { weight: 15, actualText: '84%' },
  养护长效机制建立: { weight: 15, actualText: '制度已印发，运行不足一年', qualitativeResult: 'partial', manualScore: 11, deviationReason: '长效机制运行时间短，下年纳入考核。' },
  沿线群众满意度: { weight: 10, actualText: '93%' },
};

/** JT-003 misses two targets: 养护里程 60 (7.50) and 优良路率 40% (7.50) → 80.18. */
const LOW: Record<string, Partial<RowInput>> = {
  ...SCENARIO,
  养护里程: { weight: 15, actualText: '60', deviationReason: '资金到位晚，仅完成一半。' },
  优良路率: { weight: 15, actualText: '40%', deviationReason: '部分路段病害严重。' },
};

type ProjectInput = MethodInput<'projects.create'>;

async function project(w: World, code: string, amountWan: number) {
  const p = await w.h.call('projects.create', {
    year: 2026, code, name: `农村公路日常养护${code}`, unitId: w.unitId, objectType: 'project', attribute: 'continuing', budgetType: 'general',
    initial: { fiscalFen: amountWan * WAN, carryoverFen: 0, otherFen: 0 },
    annual: { fiscalFen: amountWan * WAN, carryoverFen: 0, otherFen: 0 },
    tags: [],
  } as ProjectInput, w.biz);
  const s = await w.h.call('goals.create', { projectId: p.id }, w.biz);
  await w.h.call('goals.save', { sheetId: s.id, rev: s.rev, annualGoal: '完成农村公路日常养护 120 公里。', indicators: INDICATORS }, w.biz);
  w.h.backend.database.prepare("UPDATE goal_sheets SET status = 'approved', locked = 1 WHERE id = ?").run(s.id);
  return p;
}

/** A 1–8月 round in which JT-004's 养护长效机制建立 is 未达成: a red warning. */
async function monitorWithRedWarning(w: World) {
  const round = await w.h.call('monitoring.createRound', {
    year: 2026, month: 8, objectType: 'project', kind: 'self', title: '2026年1–8月项目自行监控', issuedOn: '2026-09-01', dueOn: '2026-09-15',
  }, w.biz);
  await w.h.call('monitoring.populateRound', { roundId: round.id }, w.biz);
  const page = await w.h.call('monitoring.sheets', { roundId: round.id, q: 'JT-004' }, w.biz);
  const sheet = await w.h.call('monitoring.getSheet', { sheetId: page.rows[0]?.id ?? '' }, w.biz);
  const saved = await w.h.call('monitoring.saveSheet', {
    sheetId: sheet.id, rev: sheet.rev, executedFen: 120 * WAN, executedFiscalFen: 120 * WAN, executedOtherFen: 0,
    values: sheet.values.map((v) => (v.name === '养护长效机制建立' ? { seq: v.seq, progress: 'notAchieved' as const } : { seq: v.seq })),
  }, w.biz);
  expect(saved.warningLevel).toBe('red');
}

function form(e: SelfEvalDto, executedFen: number, rows: Record<string, Partial<RowInput>>): MethodInput<'selfEval.save'> {
  return {
    id: e.id, rev: e.rev, executedFen, goalCompletion: '按计划实施。',
    rows: e.rows.map((r) => ({
      seq: r.seq, weight: r.weight, actualText: r.actualText, notApplicable: r.notApplicable, qualitativeResult: r.qualitativeResult,
      manualScore: r.manualScore, targetTooLow: r.targetTooLow, deviationReason: r.deviationReason, ...rows[r.name],
    })),
  };
}

/** Scores and submits a project's self-evaluation (executed 95% of its budget). */
async function selfEvaluate(w: World, code: string, amountWan: number, rows: Record<string, Partial<RowInput>>, submit = true) {
  const page = await w.h.call('selfEval.list', { year: 2026, q: code }, w.viewer);
  const row = page.rows.find((r) => r.projectCode === code);
  if (!row) throw new Error(`no evaluation for ${code}`);
  const e = await w.h.call('selfEval.get', { id: row.id }, w.biz);
  const saved = await w.h.call('selfEval.save', form(e, Math.round(amountWan * 0.95 * WAN), rows), w.biz);
  expect(saved.problems).toEqual([]);
  if (submit) await w.h.call('selfEval.transition', { id: e.id, transition: 'submit' }, w.biz);
  return saved;
}

const AMOUNTS: Record<string, number> = { 'JT-001': 320, 'JT-002': 1000, 'JT-003': 100, 'JT-004': 200, 'JT-005': 150, 'JT-006': 50 };

/** Six projects; JT-006 stays a draft (not handed in, so never sampled). */
async function setup() {
  const w = await world();
  for (const [code, amount] of Object.entries(AMOUNTS)) await project(w, code, amount);
  await monitorWithRedWarning(w);
  await w.h.call('selfEval.populate', { year: 2026 }, w.biz);
  const evals: Record<string, SelfEvalDto> = {};
  for (const [code, amount] of Object.entries(AMOUNTS)) evals[code] = await selfEvaluate(w, code, amount, code === 'JT-003' ? LOW : SCENARIO, code !== 'JT-006');
  expect(evals['JT-001']?.result).toMatchObject({ total: 95.18, grade: 'excellent' });
  expect(evals['JT-003']?.result).toMatchObject({ total: 80.18, grade: 'good' });
  return { w, evals };
}

const RULES_OFF = { randomCount: 0, topByAmount: 0, includeRedWarnings: false, lowScoreBelow: null, amountSharePct: null };

describe('finance re-check (财政复核)', () => {
  it('samples by rule: largest amount, red warnings, low scores, and the amount share topped up with the largest remaining', async () => {
    const { w } = await setup();
    expect(errorOf(await w.h.raw('recheck.createSample', { year: 2026, topByAmount: 1 }, w.biz)).code).toBe('FORBIDDEN');
    expect(errorOf(await w.h.raw('recheck.createSample', { year: 2026, ...RULES_OFF }, w.perf))).toMatchObject({ code: 'VALIDATION' });

    // Population: the five handed-in projects, 1770 万元. Share 80% = 1416: 1000 + 200 + 100 = 1300, + JT-001 (320) = 1620.
    const s = await w.h.call('recheck.createSample', {
      year: 2026, seed: 7, randomCount: 0, topByAmount: 1, includeRedWarnings: true, lowScoreBelow: 85, amountSharePct: 80, note: '2026年度财政复核',
    }, w.perf);
    expect(s).toMatchObject({
      year: 2026, seed: 7, populationCount: 5, populationFen: 1770 * WAN, sampledCount: 4, sampledFen: 1620 * WAN, sharePct: 91.53, doneCount: 0, readOnly: false,
      rules: { randomCount: 0, topByAmount: 1, includeRedWarnings: true, lowScoreBelow: 85, amountSharePct: 80 },
    });
    const items = await w.h.call('recheck.items', { sampleId: s.id }, w.viewer);
    expect(items.map((i) => [i.projectCode, i.reasons, i.amountFen / WAN, i.selfTotal, i.selfGrade, i.recheckTotal, i.status])).toEqual([
      ['JT-002', ['largestAmount'], 1000, 95.18, 'excellent', null, 'pending'],
      ['JT-001', ['amountShare'], 320, 95.18, 'excellent', null, 'pending'],
      ['JT-004', ['redWarning'], 200, 95.18, 'excellent', null, 'pending'],
      ['JT-003', ['lowScore'], 100, 80.18, 'good', null, 'pending'],
    ]);
    expect(await w.h.call('recheck.samples', { year: 2026 }, w.viewer)).toMatchObject([{ id: s.id, sampledCount: 4 }]);
    const audit = auditRows(w.h).filter((a) => a.method === 'recheck.createSample' && a.result === '成功');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.changes).toContain('"seed":[null,7]');
  });

  it('draws the same random sample again from the recorded seed', async () => {
    const { w } = await setup();
    const rules = { year: 2026, randomCount: 2, topByAmount: 0, includeRedWarnings: false, lowScoreBelow: null, amountSharePct: null };
    // No seed given: the service draws one and records it.
    const first = await w.h.call('recheck.createSample', rules, w.perf);
    expect(Number.isInteger(first.seed)).toBe(true);
    const stored = w.h.backend.database.prepare('SELECT seed FROM recheck_samples WHERE id = ?').pluck().get(first.id);
    expect(stored).toBe(first.seed);
    const again = await w.h.call('recheck.createSample', { ...rules, seed: first.seed }, w.perf);
    const codes = async (id: string) => (await w.h.call('recheck.items', { sampleId: id }, w.viewer)).map((i) => [i.projectCode, i.reasons]);
    expect(await codes(again.id)).toEqual(await codes(first.id));
    expect((await codes(first.id)).every(([, r]) => JSON.stringify(r) === '["random"]')).toBe(true);
    expect(first.sampledCount).toBe(2);
    // A draft self-evaluation is never in the population.
    expect(first.populationCount).toBe(5);
  });

  it('re-checks row by row: 95.18 优 → 86.50 良 with the differences listed, and a rectification item on completion', async () => {
    const { w } = await setup();
    const s = await w.h.call('recheck.createSample', { year: 2026, seed: 1, topByAmount: 5, includeRedWarnings: false }, w.perf);
    const items = await w.h.call('recheck.items', { sampleId: s.id }, w.viewer);
    const itemId = items.find((i) => i.projectCode === 'JT-001')?.id ?? '';

    const fresh = await w.h.call('recheck.get', { itemId }, w.biz);
    expect(fresh).toMatchObject({
      selfTotal: 95.18, selfGrade: 'excellent', recheckTotal: null, difference: null, executionScore: 9.5, editable: true, canComplete: false,
      computed: { total: 95.18, grade: 'excellent' }, differences: [], profileId: 'builtin-national-default', profileVersion: 1,
    });
    expect(fresh.rows.map((r) => [r.name, r.weight, r.selfScore, r.recheckScore])).toEqual([
      ['养护里程', 15, 15, null], ['养护验收合格率', 10, 9.68, null], ['按期完工率', 10, 10, null], ['每公里养护成本', 15, 15, null],
      ['优良路率', 15, 15, null], ['养护长效机制建立', 15, 11, null], ['沿线群众满意度', 10, 10, null],
    ]);
    const seq = (name: string) => fresh.rows.find((r) => r.name === name)?.seq ?? -1;

    // Scores above the row's weight are refused with the field; readers cannot save.
    const over = errorOf(await w.h.raw('recheck.save', { itemId, rows: [{ seq: seq('养护验收合格率'), score: 12 }] }, w.biz));
    expect(over).toMatchObject({ code: 'VALIDATION', details: [{ field: 'rows.0.score', message: '“养护验收合格率”的复核得分 12 超过分值 10' }] });
    expect(errorOf(await w.h.raw('recheck.save', { itemId, rows: [] }, w.viewer)).code).toBe('FORBIDDEN');
    expect(errorOf(await w.h.raw('recheck.complete', { itemId }, w.perf))).toMatchObject({ code: 'VALIDATION', message: '请先录入并保存复核得分，再完成复核。' });

    const saved = await w.h.call('recheck.save', {
      itemId, rev: fresh.rev, opinion: '自评对验收合格率、长效机制和满意度把握偏宽。',
      rows: [
        { seq: seq('养护验收合格率'), score: 5, comment: '抽查验收资料，合格率实为 49%' },
        { seq: seq('养护长效机制建立'), score: 9, comment: '制度未实际运行' },
        { seq: seq('沿线群众满意度'), score: 8, comment: '问卷样本不足' },
        { seq: seq('养护里程'), score: 15, comment: '' },
      ],
    }, w.biz);
    // 95.18 − 4.68 − 2 − 2 = 86.50.
    expect(saved).toMatchObject({
      recheckTotal: 86.5, recheckGrade: 'good', difference: -8.68, computed: { rawTotal: 86.5, total: 86.5, grade: 'good' }, reviewer: 'biz 用户',
      opinion: '自评对验收合格率、长效机制和满意度把握偏宽。', canComplete: false, // 业务股室 saves; 绩效管理 completes
    });
    expect(saved.differences).toEqual([
      '“养护验收合格率”：自评 9.68 分，复核 5.00 分（−4.68），抽查验收资料，合格率实为 49%',
      '“养护长效机制建立”：自评 11.00 分，复核 9.00 分（−2.00），制度未实际运行',
      '“沿线群众满意度”：自评 10.00 分，复核 8.00 分（−2.00），问卷样本不足',
    ]);
    expect(saved.rows.map((r) => [r.name, r.recheckScore, r.difference])).toEqual([
      ['养护里程', 15, 0], ['养护验收合格率', 5, -4.68], ['按期完工率', null, 0], ['每公里养护成本', null, 0],
      ['优良路率', null, 0], ['养护长效机制建立', 9, -2], ['沿线群众满意度', 8, -2],
    ]);
    const row = w.h.backend.database.prepare('SELECT total, grade, profile_id, profile_version FROM recheck_items WHERE id = ?').get(itemId);
    expect(row).toEqual({ total: 86.5, grade: 'good', profile_id: 'builtin-national-default', profile_version: 1 });
    // A stale revision is refused.
    expect(errorOf(await w.h.raw('recheck.save', { itemId, rev: fresh.rev, rows: [] }, w.biz)).code).toBe('CONFLICT');

    // Completing: 业务股室 may not; 绩效管理 completes and a rectification item is opened.
    expect(errorOf(await w.h.raw('recheck.complete', { itemId }, w.biz)).code).toBe('FORBIDDEN');
    expect((await w.h.call('recheck.get', { itemId }, w.perf)).canComplete).toBe(true);
    const done = await w.h.call('recheck.complete', { itemId }, w.perf);
    expect(done).toMatchObject({ status: 'done', rectificationCode: 'ZG-2026-0001', editable: false, canComplete: false });
    const rect = w.h.backend.database.prepare("SELECT * FROM rectifications WHERE source = 'financeRecheck'").all() as Record<string, unknown>[];
    expect(rect).toHaveLength(1);
    expect(rect[0]).toMatchObject({
      code: 'ZG-2026-0001', year: 2026, source_id: itemId, status: 'open', owner: '县公路养护站', issued_on: '2026-03-01', deadline: '2026-03-31',
    });
    expect(rect[0]?.problem).toBe(
      '财政复核：自评得分 95.18（优），复核得分 86.50（良），相差 −8.68 分。差异：“养护验收合格率”：自评 9.68 分，复核 5.00 分（−4.68），抽查验收资料，合格率实为 49%；'
      + '“养护长效机制建立”：自评 11.00 分，复核 9.00 分（−2.00），制度未实际运行；“沿线群众满意度”：自评 10.00 分，复核 8.00 分（−2.00），问卷样本不足。',
    );
    expect(errorOf(await w.h.raw('recheck.save', { itemId, rows: [] }, w.perf))).toMatchObject({ code: 'CONFLICT' });
    expect(errorOf(await w.h.raw('recheck.complete', { itemId }, w.perf))).toMatchObject({ code: 'CONFLICT' });

    // A small difference within the grade opens nothing: JT-002 95.18 → 94.18.
    const other = items.find((i) => i.projectCode === 'JT-002')?.id ?? '';
    const o = await w.h.call('recheck.get', { itemId: other }, w.perf);
    await w.h.call('recheck.save', { itemId: other, rows: [{ seq: seq('养护长效机制建立'), score: 10, comment: '略偏高' }] }, w.perf);
    const od = await w.h.call('recheck.complete', { itemId: other }, w.perf);
    expect(od).toMatchObject({ status: 'done', recheckTotal: 94.18, recheckGrade: 'excellent', rectificationCode: null });
    expect(o.rev).toBeLessThan(od.rev);
    expect(w.h.backend.database.prepare("SELECT count(*) FROM rectifications WHERE source = 'financeRecheck'").pluck().get()).toBe(1);

    const list = await w.h.call('recheck.items', { sampleId: s.id }, w.viewer);
    expect(list.filter((i) => i.status === 'done').map((i) => [i.projectCode, i.selfTotal, i.recheckTotal, i.difference, i.rectificationCode])).toEqual([
      ['JT-002', 95.18, 94.18, -1, null], ['JT-001', 95.18, 86.5, -8.68, 'ZG-2026-0001'],
    ]);
    expect((await w.h.call('recheck.samples', { year: 2026 }, w.viewer))[0]?.doneCount).toBe(2);

    // The list for the file: 财政复核结果清单 with self vs re-check and the differences.
    const file = await w.h.call('recheck.exportList', { sampleId: s.id }, w.viewer);
    expect(file.name).toBe('2026年度财政复核结果清单.xlsx');
    const wb = XLSX.read(Buffer.from(file.base64, 'base64'), { type: 'buffer' });
    const sheet = wb.Sheets['财政复核结果清单'];
    if (!sheet) throw new Error('no sheet');
    const rows = XLSX.utils.sheet_to_json<(string | number)[]>(sheet, { header: 1, defval: '' });
    expect(rows[0]?.[0]).toBe('2026年度财政复核结果清单');
    expect(rows[1]?.slice(0, 12)).toEqual(['序号', '项目编码', '项目名称', '单位', '全年预算数（万元）', '抽取原因', '自评得分', '自评等级', '复核得分', '复核等级', '差异（复核−自评）', '等级变化']);
    const jt1 = rows.find((r) => r[1] === 'JT-001');
    expect(jt1?.slice(4, 16)).toEqual([
      320, '金额较大', 95.18, '优', 86.5, '良', -8.68, '优 → 良', '已完成', expect.stringContaining('“养护验收合格率”：自评 9.68 分，复核 5.00 分'), '自评对验收合格率、长效机制和满意度把握偏宽。', 'ZG-2026-0001',
    ]);
    expect(rows.some((r) => String(r[0]).startsWith('抽样：随机种子 1'))).toBe(true);
  });

  it('keeps N/A rows out of the re-check and reads other offices\' samples only', async () => {
    const { w } = await setup();
    const s = await w.h.call('recheck.createSample', { year: 2026, seed: 3, topByAmount: 1 }, w.perf);
    const [item] = await w.h.call('recheck.items', { sampleId: s.id }, w.viewer);
    if (!item) throw new Error('no item');
    const g = await w.h.call('recheck.get', { itemId: item.id }, w.viewer);
    expect(g).toMatchObject({ editable: false, canComplete: false });
    // An unknown row and a duplicate are refused with their fields.
    const bad = errorOf(await w.h.raw('recheck.save', { itemId: item.id, rows: [{ seq: 999, score: 1 }, { seq: g.rows[0]?.seq ?? 0, score: 1 }, { seq: g.rows[0]?.seq ?? 0, score: 2 }] }, w.perf));
    expect(bad.details?.map((d) => d.field)).toEqual(['rows.0.seq', 'rows.2.seq']);
    // A row the unit marked 不适用 takes no re-check score; the total is normalised as the engine does.
    const na = g.rows.find((r) => r.name === '优良路率');
    w.h.backend.database.prepare('UPDATE self_eval_rows SET not_applicable = 1 WHERE evaluation_id = ? AND seq = ?').run(g.evaluationId, na?.seq);
    expect(errorOf(await w.h.raw('recheck.save', { itemId: item.id, rows: [{ seq: na?.seq ?? 0, score: 10 }] }, w.perf))).toMatchObject({
      code: 'VALIDATION', details: [{ field: 'rows.0.score', message: '“优良路率”自评为不适用，不计分，不能填写复核得分' }],
    });
    const qual = g.rows.find((r) => r.name === '养护长效机制建立');
    const normalised = await w.h.call('recheck.save', { itemId: item.id, rows: [{ seq: qual?.seq ?? 0, score: 9 }] }, w.perf);
    // (95.18 − 15 − 2) ÷ 85 × 100 = 91.98.
    expect(normalised.computed).toMatchObject({ rawTotal: 78.18, normalizedTotal: 91.98, total: 91.98, grade: 'excellent' });
    expect(normalised.rows.find((r) => r.name === '优良路率')).toMatchObject({ notApplicable: true, selfScore: null, difference: null });
    // A sample synced from another office is read-only.
    w.h.backend.database.prepare("UPDATE recheck_samples SET origin = '652300' WHERE id = ?").run(s.id);
    w.h.backend.database.prepare("UPDATE recheck_items SET origin = '652300' WHERE sample_id = ?").run(s.id);
    expect((await w.h.call('recheck.samples', { year: 2026 }, w.perf))[0]?.readOnly).toBe(true);
    expect(errorOf(await w.h.raw('recheck.save', { itemId: item.id, rows: [] }, w.perf)).code).toBe('CONFLICT');
  });
});
