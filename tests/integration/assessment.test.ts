import { afterEach, describe, expect, it } from 'vitest';
import { insertSheet } from '../../electron/backend/repositories/goals.ts';
import { insertProject } from '../../electron/backend/repositories/projects.ts';
import { uuidv7 } from '../../electron/backend/util/ids.ts';
import { round2 } from '../../shared/rules/rounding.ts';
import { ADMIN_PASSWORD, USER_PASSWORD, addUser, auditRows, errorOf, openHarness, type Harness } from '../helpers/backend.ts';
import { readXlsx, sheetAoa } from '../helpers/fixtures.ts';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const ORIGIN = '652325';
const WAN = 1_000_000;
const PROFILE = 'builtin-national-default';
/** The assessment is made after the year: early January 2027. */
const JANUARY = Date.parse('2027-01-10T02:00:00.000Z');

interface Office {
  h: Harness;
  perf: string;
  biz: string;
  viewer: string;
  units: Record<string, string>;
}

/** 101 县教育局 (101001 县第一中学 under it), 102 县卫生健康委员会, 103 县文化和旅游局 (no records at all). */
async function office(): Promise<Office> {
  const hh = await openHarness();
  h = hh;
  hh.clock.ms = JANUARY;
  hh.session = await hh.login('admin', ADMIN_PASSWORD);
  await addUser(hh, 'jixiao', 'performance');
  await addUser(hh, 'yewu', 'business');
  await addUser(hh, 'chayue', 'viewer');
  const mk = async (code: string, name: string, parentId: string | null) =>
    (await hh.call('units.create', { code, name, kind: 'administrative', confidential: false, parentId })).id;
  const units: Record<string, string> = {};
  units['101'] = await mk('101', '县教育局', null);
  units['101001'] = await mk('101001', '县第一中学', units['101'] ?? null);
  units['102'] = await mk('102', '县卫生健康委员会', null);
  units['103'] = await mk('103', '县文化和旅游局', null);
  return { h: hh, units, perf: await hh.login('jixiao', USER_PASSWORD), biz: await hh.login('yewu', USER_PASSWORD), viewer: await hh.login('chayue', USER_PASSWORD) };
}

const unitOf = (o: Office, code: string) => o.units[code] ?? '';
const at = (o: Office) => new Date(o.h.clock.ms).toISOString();

function project(o: Office, code: string, unit: string, annualWan: number, goal: 'approved' | 'published' | 'draft', status: 'budgeted' | 'cancelled' = 'budgeted') {
  const db = o.h.backend.database;
  const id = uuidv7();
  const t = at(o);
  insertProject(db, {
    id, origin: ORIGIN, year: 2026, code, name: `项目${code}`, unit_id: o.units[unit] ?? '', object_type: 'project', attribute: 'continuing', category: '',
    project_type: 'general', budget_type: 'general', start_month: null, end_month: null, initial_fiscal_fen: annualWan * WAN, initial_carryover_fen: 0,
    initial_other_fen: 0, annual_fiscal_fen: annualWan * WAN, annual_carryover_fen: 0, annual_other_fen: 0, mid_term_total_fen: null, mid_year_addition: 0,
    new_major: 0, confidential: 0, status, manager: '', phone: '', basis: '', created_at: t, updated_at: t,
  });
  const sheetId = uuidv7();
  insertSheet(db, {
    id: sheetId, origin: ORIGIN, year: 2026, owner_type: 'project', project_id: id, unit_id: o.units[unit] ?? '', status: goal,
    annual_goal: '按计划完成。', mid_term_goal: '', unit_duties: '', locked: 1, created_at: t, updated_at: t,
  });
  return { id, sheetId, unitId: o.units[unit] ?? '' };
}

type P = ReturnType<typeof project>;

function round(o: Office, kind: 'self' | 'key', month: number, dueOn: string): string {
  const id = uuidv7();
  o.h.backend.database.prepare(`INSERT INTO monitoring_rounds (id, origin, year, month, object_type, kind, title, issued_on, due_on, profile_id, profile_version, created_at, updated_at)
    VALUES (?, ?, 2026, ?, 'project', ?, '监控', '2026-07-01', ?, ?, 1, ?, ?)`).run(id, ORIGIN, month, kind, dueOn, PROFILE, at(o), at(o));
  return id;
}

function monitoringSheet(o: Office, roundId: string, p: P, status: 'draft' | 'submitted' | 'returned' | 'accepted', submits: string[]): void {
  const db = o.h.backend.database;
  const id = uuidv7();
  db.prepare(`INSERT INTO monitoring_sheets (id, origin, round_id, project_id, unit_id, goal_sheet_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(id, ORIGIN, roundId, p.id, p.unitId, p.sheetId, status, at(o), at(o));
  for (const s of submits) {
    db.prepare(`INSERT INTO monitoring_events (id, sheet_id, at, username, action, from_status, to_status) VALUES (?, ?, ?, 'u', 'submit', 'draft', 'submitted')`).run(uuidv7(), id, s);
  }
}

function evaluation(o: Office, p: P, status: 'accepted' | 'submitted', total: number): string {
  const id = uuidv7();
  o.h.backend.database.prepare(`
    INSERT INTO self_evaluations (id, origin, year, owner_type, project_id, unit_id, goal_sheet_id, status, annual_fiscal_fen, executed_fen, total, grade,
      profile_id, profile_version, created_at, updated_at)
    VALUES (?, ?, 2026, 'project', ?, ?, ?, ?, 0, 0, ?, 'good', ?, 1, ?, ?)`).run(id, ORIGIN, p.id, p.unitId, p.sheetId, status, total, PROFILE, at(o), at(o));
  return id;
}

function recheck(o: Office, evaluationId: string, total: number): void {
  const db = o.h.backend.database;
  const sampleId = uuidv7();
  db.prepare(`INSERT INTO recheck_samples (id, origin, year, seed, rules, population_count, population_fen, sampled_fen, created_by, created_at, updated_at)
    VALUES (?, ?, 2026, 42, '{}', 1, 0, 0, 'jixiao', ?, ?)`).run(sampleId, ORIGIN, at(o), at(o));
  db.prepare(`INSERT INTO recheck_items (id, origin, sample_id, evaluation_id, seq, reasons, amount_fen, status, total, grade, profile_id, profile_version,
      completed_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, 1, '[]', 0, 'done', ?, 'good', ?, 1, ?, ?, ?)`).run(uuidv7(), ORIGIN, sampleId, evaluationId, total, PROFILE, at(o), at(o), at(o));
}

let rectSeq = 0;
function rectification(o: Office, unit: string, status: 'open' | 'done' | 'waived', deadline: string, closedOn: string | null): void {
  rectSeq += 1;
  o.h.backend.database.prepare(`INSERT INTO rectifications (id, origin, year, code, source, unit_id, problem, requirement, issued_on, deadline, status, closed_on, created_at, updated_at)
    VALUES (?, ?, 2026, ?, 'audit', ?, '问题', '要求', '2026-03-01', ?, ?, ?, ?, ?)`).run(uuidv7(), ORIGIN, `ZG-T-${rectSeq}`, o.units[unit] ?? '', deadline, status, closedOn, at(o), at(o));
}

/** Two departments with records of every kind, and one with none. */
async function scenario(o: Office) {
  // 101 (with 101001): 500 万 of projects, 400 万 with approved/published goals.
  const p1 = project(o, 'P1', '101', 300, 'approved');
  const p2 = project(o, 'P2', '101001', 100, 'draft');
  const p3 = project(o, 'P3', '101001', 100, 'published');
  // 102: 300 万 (a cancelled project's goal does not count), 200 万 covered.
  const q1 = project(o, 'Q1', '102', 200, 'approved');
  const q2 = project(o, 'Q2', '102', 100, 'draft');
  project(o, 'Q3', '102', 900, 'approved', 'cancelled');

  // One self-monitoring round due 2026-07-10; a key round (finance's own) does not count.
  const r = round(o, 'self', 6, '2026-07-10');
  monitoringSheet(o, r, p1, 'submitted', ['2026-07-09T03:00:00.000Z']); // on time
  monitoringSheet(o, r, p2, 'accepted', ['2026-07-15T03:00:00.000Z']); // late
  monitoringSheet(o, r, p3, 'draft', []); // not handed in
  monitoringSheet(o, r, q1, 'accepted', ['2026-07-10T09:00:00.000Z', '2026-07-20T09:00:00.000Z']); // first submission on the due date
  monitoringSheet(o, r, q2, 'returned', ['2026-07-01T09:00:00.000Z']); // returned: not done
  // (103 has no sheet in the round: nothing due, so its rate is null too.)
  const k = round(o, 'key', 6, '2026-07-10');
  monitoringSheet(o, k, q2, 'draft', []);

  // Self-evaluations: 101 has 2 of 3 accepted, both re-checked (one 6 points off, one 2); 102 1 of 2, not re-checked.
  const e1 = evaluation(o, p1, 'accepted', 90);
  const e3 = evaluation(o, p3, 'accepted', 80);
  evaluation(o, p2, 'submitted', 95);
  evaluation(o, q1, 'accepted', 88);
  recheck(o, e1, 84);
  recheck(o, e3, 78);

  // 整改: 101 has done on time, done late, open and waived (due 3, done 2); 102 none.
  rectification(o, '101', 'done', '2026-10-31', '2026-10-01');
  rectification(o, '101001', 'done', '2026-10-31', '2026-11-15');
  rectification(o, '101001', 'open', '2026-12-31', null);
  rectification(o, '101', 'waived', '2026-12-31', null);

  // 信息公开: 101 has 4 disclosable objects (P1/P3 goals and evaluations), 2 published; 102 has 2, none published.
  await o.h.call('results.addDisclosure', { year: 2026, objectType: 'goalSheet', objectId: p1.sheetId, publishedOn: '2026-02-10', channel: 'withBudget', location: 'http://x.gov.cn/1' }, o.biz);
  await o.h.call('results.addDisclosure', { year: 2026, objectType: 'selfEvaluation', objectId: e1, publishedOn: '2026-12-20', channel: 'website', location: 'http://x.gov.cn/2' }, o.biz);
}

/** The expected automatic scores, worked out from the scenario by hand (weights 20/20/10/10/15/10). */
const EXPECTED = {
  '101': { goalCoverage: round2(20 * 400 / 500), monitoringOnTime: round2(20 * 1 / 3), selfEvalCompletion: round2(10 * 2 / 3), selfEvalQuality: round2(10 * 1 / 2), rectification: round2(15 * 2 / 3), disclosure: round2(10 * 2 / 4), management: null },
  '102': { goalCoverage: round2(20 * 200 / 300), monitoringOnTime: round2(20 * 1 / 2), selfEvalCompletion: round2(10 * 1 / 2), selfEvalQuality: 10, rectification: null, disclosure: 0, management: null },
  '103': { goalCoverage: null, monitoringOnTime: null, selfEvalCompletion: null, selfEvalQuality: null, rectification: null, disclosure: null, management: null },
} as const;

describe('绩效管理工作考核 (SPEC §9.4)', () => {
  it('computes every department\'s automatic items from the records, rolling up subordinate units', async () => {
    const o = await office();
    await scenario(o);
    const a = await o.h.call('assessment.compute', { year: 2026 }, o.perf);
    expect(a).toMatchObject({ year: 2026, name: '2026年度绩效管理工作考核', status: 'draft', profileId: PROFILE });
    expect(a.items.reduce((s, i) => s + i.weight, 0)).toBe(100);
    // Only 主管部门 are rows.
    expect(a.rows.map((r) => r.unitCode).sort()).toEqual(['101', '102', '103']);
    const auto = Object.fromEntries(a.rows.map((r) => [r.unitCode, Object.fromEntries(r.cells.map((c) => [c.itemCode, c.autoScore]))]));
    expect(auto).toEqual(EXPECTED);
    const r101 = a.rows.find((r) => r.unitCode === '101');
    expect(r101?.cells.find((c) => c.itemCode === 'goalCoverage')?.rate).toBeCloseTo(0.8, 10);
    expect(r101?.cells.find((c) => c.itemCode === 'management')).toMatchObject({ needsManual: true, score: null });
    expect(r101).toMatchObject({ complete: false, total: round2(16 + 6.67 + 6.67 + 5 + 10 + 5) });
  });

  it('takes manual scores, keeps them on refresh and ranks densely', async () => {
    const o = await office();
    await scenario(o);
    expect(errorOf(await o.h.raw('assessment.saveManual', { year: 2026, unitId: unitOf(o, '101'), itemCode: 'management', score: 12 }, o.perf)).code).toBe('CONFLICT');
    await o.h.call('assessment.compute', { year: 2026 }, o.perf);
    await o.h.call('assessment.saveManual', { year: 2026, unitId: unitOf(o, '101'), itemCode: 'management', score: 12, note: '制度健全，培训 2 次' }, o.perf);
    await o.h.call('assessment.saveManual', { year: 2026, unitId: unitOf(o, '102'), itemCode: 'management', score: 14 }, o.perf);
    // No ledger item: the rectification item is scored by hand.
    await o.h.call('assessment.saveManual', { year: 2026, unitId: unitOf(o, '102'), itemCode: 'rectification', score: 15 }, o.perf);

    // Overriding an automatic score needs a reason; out-of-range and non-department units are refused.
    const noNote = errorOf(await o.h.raw('assessment.saveManual', { year: 2026, unitId: unitOf(o, '101'), itemCode: 'goalCoverage', score: 18 }, o.perf));
    expect(noNote).toMatchObject({ code: 'VALIDATION', details: [{ field: 'note' }] });
    expect(errorOf(await o.h.raw('assessment.saveManual', { year: 2026, unitId: unitOf(o, '101'), itemCode: 'management', score: 16 }, o.perf)))
      .toMatchObject({ code: 'VALIDATION', details: [{ field: 'score', message: '得分应在 0 至 15 分之间' }] });
    expect(errorOf(await o.h.raw('assessment.saveManual', { year: 2026, unitId: unitOf(o, '101001'), itemCode: 'management', score: 5 }, o.perf)).code).toBe('NOT_FOUND');

    // Refresh: manual scores stay.
    const a = await o.h.call('assessment.compute', { year: 2026 }, o.perf);
    const t101 = round2(16 + 6.67 + 6.67 + 5 + 10 + 5 + 12);
    const t102 = round2(13.33 + 10 + 5 + 10 + 15 + 0 + 14);
    expect(a.rows.map((r) => [r.unitCode, r.total, r.rank, r.complete])).toEqual([['102', t102, 1, true], ['101', t101, 2, true], ['103', 0, 3, false]]);
    expect(a.rows[1]?.cells.find((c) => c.itemCode === 'management')).toMatchObject({ autoScore: null, manualScore: 12, score: 12, note: '制度健全，培训 2 次', enteredBy: expect.any(String) });

    // An adjustment with a reason counts instead of the automatic score; clearing it restores the automatic one.
    let b = await o.h.call('assessment.saveManual', { year: 2026, unitId: unitOf(o, '101'), itemCode: 'goalCoverage', score: 20, note: '年中追加项目已补报目标' }, o.perf);
    expect(b.rows.find((r) => r.unitCode === '101')?.total).toBe(round2(t101 - 16 + 20));
    b = await o.h.call('assessment.saveManual', { year: 2026, unitId: unitOf(o, '101'), itemCode: 'goalCoverage', score: null }, o.perf);
    expect(b.rows.find((r) => r.unitCode === '101')?.cells.find((c) => c.itemCode === 'goalCoverage')).toMatchObject({ score: 16, manualScore: null, note: '' });

    // Ties share a rank.
    await o.h.call('assessment.saveManual', { year: 2026, unitId: unitOf(o, '102'), itemCode: 'management', score: round2(14 - (t102 - t101)) }, o.perf);
    const tied = await o.h.call('assessment.get', { year: 2026 }, o.viewer);
    expect(tied.rows.map((r) => [r.unitCode, r.rank])).toEqual([['101', 1], ['102', 1], ['103', 2]]);
  });

  it('exports the ranking table', async () => {
    const o = await office();
    await scenario(o);
    expect(errorOf(await o.h.raw('assessment.export', { year: 2026 }, o.viewer)).code).toBe('CONFLICT');
    await o.h.call('assessment.compute', { year: 2026 }, o.perf);
    await o.h.call('assessment.saveManual', { year: 2026, unitId: unitOf(o, '101'), itemCode: 'management', score: 12 }, o.perf);
    const file = await o.h.call('assessment.export', { year: 2026 }, o.viewer);
    expect(file.name).toBe('2026年度绩效管理工作考核结果.xlsx');
    const aoa = sheetAoa(readXlsx(file.base64));
    expect(aoa[0]?.[0]).toBe('2026年度绩效管理工作考核结果');
    expect(aoa[1]).toEqual(['排名', '单位编码', '单位名称', '绩效目标覆盖率（20分）', '绩效监控按时完成率（20分）', '单位自评完成率（10分）', '自评质量（10分）',
      '整改完成率（15分）', '信息公开率（10分）', '绩效管理制度建设与培训（15分）', '总分', '备注']);
    expect(aoa[2]).toEqual([1, '101', '县教育局', 16, 6.67, 6.67, 5, 10, 5, 12, round2(16 + 6.67 + 6.67 + 5 + 10 + 5 + 12), '']);
    expect(aoa[3]?.slice(0, 3)).toEqual([2, '102', '县卫生健康委员会']);
    expect(aoa[3]?.[11]).toBe('待评分：整改完成率、绩效管理制度建设与培训');
  });

  it('lets only the performance section compute and enter scores', async () => {
    const o = await office();
    await scenario(o);
    expect(errorOf(await o.h.raw('assessment.compute', { year: 2026 }, o.biz)).code).toBe('FORBIDDEN');
    expect(errorOf(await o.h.raw('assessment.compute', { year: 2026 }, o.viewer)).code).toBe('FORBIDDEN');
    const empty = await o.h.call('assessment.get', { year: 2026 }, o.viewer);
    expect(empty).toMatchObject({ tableId: null, rows: [] });
    await o.h.call('assessment.compute', { year: 2026 }, o.perf);
    expect(errorOf(await o.h.raw('assessment.saveManual', { year: 2026, unitId: unitOf(o, '101'), itemCode: 'management', score: 12 }, o.biz)).code).toBe('FORBIDDEN');
    expect((await o.h.call('assessment.get', { year: 2026 }, o.biz)).rows).toHaveLength(3);
  });

  it('edits the year\'s item set before the first computation, per field; the computation honours it', async () => {
    const o = await office();
    await scenario(o);
    const start = await o.h.call('assessment.get', { year: 2026 }, o.perf);
    expect(start).toMatchObject({ tableId: null, itemsEditable: true });
    expect((await o.h.call('assessment.get', { year: 2026 }, o.viewer)).itemsEditable).toBe(false);
    const items = start.items.map((i) => ({ code: i.code, label: i.label, weight: i.weight, source: i.source, rule: i.rule }));

    const bad = errorOf(await o.h.raw('assessment.saveItems', {
      year: 2026, items: [...items.slice(0, 6), { code: null, label: '绩效目标覆盖率', weight: 5, source: 'manual', rule: '' }],
    }, o.perf));
    expect(bad).toMatchObject({ code: 'VALIDATION' });
    expect(bad.details).toEqual([
      { field: 'items.6.label', message: '第 7 个考核项目“绩效目标覆盖率”与第 1 个重名' },
      { field: 'items.6.rule', message: '“绩效目标覆盖率”为人工评分，请填写评分标准' },
      { field: 'items.total', message: '各考核项目分值合计为 90，应为 100' },
    ]);
    expect(errorOf(await o.h.raw('assessment.saveItems', { year: 2026, items }, o.biz)).code).toBe('FORBIDDEN');

    // 目标管理 30 (renamed goal coverage), 信息公开 removed, 制度建设 5, a new manual item 预算绩效宣传 10.
    const edited = [
      { ...items[0]!, label: '目标管理', weight: 30 }, ...items.slice(1, 5), { ...items[6]!, weight: 5 },
      { code: null, label: '预算绩效宣传', weight: 10, source: 'manual' as const, rule: '开展宣传活动、公开典型案例' },
    ];
    const saved = await o.h.call('assessment.saveItems', { year: 2026, items: edited }, o.perf);
    expect(saved).toMatchObject({ itemsEditable: true, rows: [], computedAt: null });
    expect(saved.tableId).not.toBeNull();
    expect(saved.items.map((i) => [i.code, i.label, i.weight, i.source])).toEqual([
      ['goalCoverage', '目标管理', 30, 'auto'], ['monitoringOnTime', '绩效监控按时完成率', 20, 'auto'], ['selfEvalCompletion', '单位自评完成率', 10, 'auto'],
      ['selfEvalQuality', '自评质量', 10, 'auto'], ['rectification', '整改完成率', 15, 'auto'], ['management', '绩效管理制度建设与培训', 5, 'manual'],
      ['manual-1', '预算绩效宣传', 10, 'manual'],
    ]);
    expect(saved.items[0]?.rule).toBe('绩效目标已批复或已公开的项目金额 ÷ 本部门（含下属单位）年度项目全年预算数 × 30 分');
    // Saving again keeps the code of the manual item.
    const again = await o.h.call('assessment.saveItems', { year: 2026, items: saved.items.map((i) => ({ ...i })) }, o.perf);
    expect(again.items.at(-1)?.code).toBe('manual-1');

    const a = await o.h.call('assessment.compute', { year: 2026 }, o.perf);
    expect(a.itemsEditable).toBe(false);
    const r101 = a.rows.find((r) => r.unitCode === '101');
    expect(r101?.cells.map((c) => [c.itemCode, c.autoScore])).toEqual([
      ['goalCoverage', 24], ['monitoringOnTime', 6.67], ['selfEvalCompletion', 6.67], ['selfEvalQuality', 5], ['rectification', 10], ['management', null], ['manual-1', null],
    ]);
    await o.h.call('assessment.saveManual', { year: 2026, unitId: unitOf(o, '101'), itemCode: 'manual-1', score: 8, note: '宣传 3 次' }, o.perf);
    expect(errorOf(await o.h.raw('assessment.saveManual', { year: 2026, unitId: unitOf(o, '101'), itemCode: 'disclosure', score: 8 }, o.perf)).code).toBe('VALIDATION');
    expect(errorOf(await o.h.raw('assessment.saveItems', { year: 2026, items: edited }, o.perf)).message).toBe('2026年度绩效管理工作考核已计算，考核项目不能再修改。');
    const aoa = sheetAoa(readXlsx((await o.h.call('assessment.export', { year: 2026 }, o.viewer)).base64));
    expect(aoa[1]).toEqual(['排名', '单位编码', '单位名称', '目标管理（30分）', '绩效监控按时完成率（20分）', '单位自评完成率（10分）', '自评质量（10分）',
      '整改完成率（15分）', '绩效管理制度建设与培训（5分）', '预算绩效宣传（10分）', '总分', '备注']);
    expect(auditRows(o.h).filter((r) => r.method === 'assessment.saveItems' && r.result === '成功')).toHaveLength(2);
  });

  it('publishes a fully scored table, locks it, and withdraws it with a reason (audited)', async () => {
    const o = await office();
    await scenario(o);
    expect(errorOf(await o.h.raw('assessment.publish', { year: 2026 }, o.perf)).code).toBe('CONFLICT');
    let a = await o.h.call('assessment.compute', { year: 2026 }, o.perf);
    expect(errorOf(await o.h.raw('assessment.publish', { year: 2026 }, o.perf)).message).toMatch(/^还有 10 项待评分（县教育局“绩效管理制度建设与培训”、/);
    for (const r of a.rows) {
      for (const c of r.cells.filter((x) => x.needsManual)) {
        a = await o.h.call('assessment.saveManual', { year: 2026, unitId: r.unitId, itemCode: c.itemCode, score: 5, note: '按佐证材料评分' }, o.perf);
      }
    }
    expect(errorOf(await o.h.raw('assessment.publish', { year: 2026 }, o.biz)).code).toBe('FORBIDDEN');
    o.h.clock.ms += 60_000;
    const published = await o.h.call('assessment.publish', { year: 2026 }, o.perf);
    expect(published.status).toBe('published');
    expect(published.events).toEqual([{ action: 'publish', at: '2027-01-10T02:01:00.000Z', username: expect.any(String), reason: '' }]);

    // Locked: no manual score, no recomputation, no second publication.
    const one = { year: 2026, unitId: unitOf(o, '101'), itemCode: 'management', score: 6, note: '' };
    expect(errorOf(await o.h.raw('assessment.saveManual', one, o.perf)).message).toBe('2026年度绩效管理工作考核已发布，不能再修改；如需修改，请先撤回发布。');
    expect(errorOf(await o.h.raw('assessment.compute', { year: 2026 }, o.perf)).code).toBe('CONFLICT');
    expect(errorOf(await o.h.raw('assessment.publish', { year: 2026 }, o.perf)).code).toBe('CONFLICT');
    const sheet = sheetAoa(readXlsx((await o.h.call('assessment.export', { year: 2026 }, o.viewer)).base64));
    expect(sheet.flat()).toContain('已发布：2027-01-10');

    // Withdrawal: 绩效管理 only, with a reason.
    expect(errorOf(await o.h.raw('assessment.withdraw', { year: 2026, reason: '复核' }, o.biz)).code).toBe('FORBIDDEN');
    expect(errorOf(await o.h.raw('assessment.withdraw', { year: 2026, reason: ' ' }, o.perf))).toMatchObject({ code: 'VALIDATION', details: [{ field: 'reason' }] });
    o.h.clock.ms += 60_000;
    const back = await o.h.call('assessment.withdraw', { year: 2026, reason: '县教育局提出异议，复核制度建设得分' }, o.perf);
    expect(back.status).toBe('draft');
    expect(back.events.map((e) => [e.action, e.reason])).toEqual([['publish', ''], ['withdraw', '县教育局提出异议，复核制度建设得分']]);
    expect(errorOf(await o.h.raw('assessment.withdraw', { year: 2026, reason: '再次撤回' }, o.perf)).code).toBe('CONFLICT');
    const audit = auditRows(o.h).filter((r) => r.method === 'assessment.withdraw' && r.result === '成功');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.changes).toContain('县教育局提出异议，复核制度建设得分');
    const events = o.h.backend.database.prepare('SELECT action, reason FROM assessment_events ORDER BY at').all();
    expect(events).toEqual([{ action: 'publish', reason: '' }, { action: 'withdraw', reason: '县教育局提出异议，复核制度建设得分' }]);

    // Editable again, then published again.
    await o.h.call('assessment.saveManual', one, o.perf);
    const again = await o.h.call('assessment.publish', { year: 2026 }, o.perf);
    expect(again.events.map((e) => e.action)).toEqual(['publish', 'withdraw', 'publish']);
  });
});
