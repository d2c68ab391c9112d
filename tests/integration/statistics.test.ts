import { describe, expect, it } from 'vitest';
import { resolveProfile } from '../../electron/backend/services/profiles.ts';
import type { StatisticsDto } from '../../shared/api/dtoStatistics.ts';
import { exAnteRequired } from '../../shared/rules/exAnte.ts';
import { stageCell } from '../../shared/rules/statistics.ts';
import { cutTable, overviewTable } from '../../shared/rules/statisticsTables.ts';
import { errorOf } from '../helpers/backend.ts';
import { COUNTY, PREF, TODAY, YEAR, worldSandbox, type PModel, type World } from '../helpers/statisticsWorld.ts';

/**
 * The statistics layer against a generated prefecture (本级 + one county): every measure, in total
 * and in every cut, equals a sum computed here from the generated model alone; the drill-down of a
 * figure lists exactly the records it counts.
 */

const world = worldSandbox();
type M = Record<string, number>;

function add(m: M, k: string, v: number): void {
  m[k] = (m[k] ?? 0) + v;
}

/** The expected measures of a set of the model's records, written from the catalog's definitions. */
function expected(
  w: World, keep: (origin: string) => boolean, project: (p: PModel) => boolean = () => true, unit: (id: string) => boolean = () => true,
  rectUnit: (id: string) => boolean = unit,
): M {
  const m: M = {};
  const profile = resolveProfile(w.h.backend.database, YEAR).body;
  const conf = (unitId: string): boolean => {
    for (let u = w.unitInfo.get(unitId), guard = 0; u && guard < 5; guard++) {
      if (u.confidential) return true;
      u = u.parent ? w.unitInfo.get(u.parent) : undefined;
    }
    return false;
  };
  for (const p of w.projects) {
    if (!keep(p.origin) || !project(p) || p.status === 'cancelled') continue;
    const a = p.amountFen;
    const both = (k: string, yes: boolean) => {
      add(m, `${k}.n`, yes ? 1 : 0);
      add(m, `${k}.fen`, yes ? a : 0);
    };
    const budget = p.status === 'budgeted';
    const goalDone = p.goal === 'approved' || p.goal === 'published';
    const accepted = p.evaluation?.status === 'accepted';
    const required = exAnteRequired(profile, { newMajor: p.newMajor, attribute: p.attribute, annualTotalFen: a });
    const exDone = p.exAnte?.status === 'completed';
    both('projects', true);
    both('budget', budget);
    both('goals', goalDone);
    add(m, 'goals.pending.n', p.goal === 'submitted' ? 1 : 0);
    add(m, 'goals.returned.n', p.goal === 'returned' ? 1 : 0);
    add(m, 'goals.refused.n', p.goal === 'notFunded' ? 1 : 0);
    both('exAnte.required', required);
    both('exAnte.requiredDone', required && exDone);
    both('exAnte.completed', exDone);
    for (const [k, c] of [['support', 'support'], ['adjust', 'supportAfterAdjustment'], ['reject', 'reject']] as const) add(m, `exAnte.${k}.n`, exDone && p.exAnte?.conclusion === c ? 1 : 0);
    both('monitoring', budget && p.sheets.length > 0);
    add(m, 'monitoring.red.n', budget && p.sheets.includes('red') ? 1 : 0);
    add(m, 'monitoring.yellow.n', budget && p.sheets.includes('yellow') && !p.sheets.includes('red') ? 1 : 0);
    both('selfEval', budget && accepted);
    both('selfEval.accepted', accepted);
    add(m, 'selfEval.pending.n', p.evaluation?.status === 'submitted' ? 1 : 0);
    add(m, 'selfEval.returned.n', p.evaluation?.status === 'returned' ? 1 : 0);
    for (const g of ['excellent', 'good', 'fair', 'low', 'poor']) add(m, `selfEval.grade.${g}`, budget && accepted && p.evaluation?.grade === g ? 1 : 0);
    both('linkage.base', accepted && p.evaluation?.grade !== null);
    const secret = p.confidential || conf(p.unitId);
    const objects = [budget && goalDone, accepted];
    const disclosed = [budget && goalDone && p.disclosedGoal, accepted && p.disclosedEval];
    add(m, 'disclosure.base.n', secret ? 0 : objects.filter(Boolean).length);
    add(m, 'disclosure.done.n', secret ? 0 : disclosed.filter(Boolean).length);
    add(m, 'disclosure.excluded.n', secret ? objects.filter(Boolean).length : 0);
    if (p.recheckTotal !== null && accepted) {
      add(m, 'recheck.n', 1);
      add(m, 'recheck.fen', a);
      add(m, 'recheck.lowered.n', p.recheckTotal < (p.evaluation?.total ?? 0) ? 1 : 0);
    }
    if (p.keyEval) {
      const k = p.keyEval.kind === 'finance' ? 'financeEval' : 'departmentEval';
      add(m, `${k}.n`, 1);
      add(m, `${k}.fen`, a);
      add(m, `${k}.thirdParty.n`, p.keyEval.evaluator === 'thirdParty' ? 1 : 0);
      add(m, `${k}.grade.${p.keyEval.grade}`, 1);
    }
    if (p.linkage) {
      add(m, 'linkage.n', 1);
      add(m, 'linkage.fen', a);
      add(m, `linkage.${p.linkage.decision}.n`, 1);
      add(m, 'linkage.cut.fen', p.linkage.amountFen < 0 ? -p.linkage.amountFen : 0);
      add(m, 'linkage.add.fen', p.linkage.amountFen > 0 ? p.linkage.amountFen : 0);
    }
  }
  for (const [id, info] of w.unitInfo) {
    if (!keep(info.origin) || !unit(id)) continue;
    const goal = w.unitGoals.has(id);
    const evaluated = goal && w.unitEvals.has(id);
    add(m, 'units.n', 1);
    add(m, 'unitGoals.n', goal ? 1 : 0);
    add(m, 'unitMonitoring.n', goal && w.unitMonitored.has(id) ? 1 : 0);
    add(m, 'unitSelfEval.n', evaluated ? 1 : 0);
    add(m, 'unitSelfEval.fen', evaluated ? (w.unitEvals.get(id) ?? 0) : 0);
    const objects = (goal ? 1 : 0) + (w.unitEvals.has(id) ? 1 : 0);
    add(m, conf(id) ? 'disclosure.excluded.n' : 'disclosure.base.n', objects);
  }
  for (const r of w.rects) {
    const p = w.projects.find((x) => x.id === r.projectId);
    if (!keep(r.origin) || !rectUnit(r.unitId) || !p || !project(p)) continue;
    const waived = r.status === 'waived';
    add(m, 'rect.total.n', 1);
    add(m, 'rect.due.n', waived ? 0 : 1);
    add(m, 'rect.due.fen', waived ? 0 : r.amountFen);
    add(m, 'rect.done.n', r.status === 'done' ? 1 : 0);
    add(m, 'rect.done.fen', r.status === 'done' ? r.amountFen : 0);
    add(m, 'rect.onTime.n', r.status === 'done' && (r.closedOn ?? '') <= r.deadline ? 1 : 0);
    add(m, 'rect.overdue.n', (r.status === 'open' || r.status === 'inProgress') && r.deadline < TODAY ? 1 : 0);
    add(m, 'rect.recovered.fen', r.recoveredFen);
  }
  return m;
}

/** Every measure of either side, 0 where absent. */
function same(actual: M, want: M): void {
  const keys = [...new Set([...Object.keys(actual), ...Object.keys(want)])].sort();
  expect(Object.fromEntries(keys.map((k) => [k, actual[k] ?? 0]))).toEqual(Object.fromEntries(keys.map((k) => [k, want[k] ?? 0])));
}

const cutRow = (d: StatisticsDto, cut: string, key: string): M => d.cuts.find((c) => c.cut === cut)?.rows.find((r) => r.key === key)?.measures ?? {};

describe('statistics (统计分析)', () => {
  it('sums every measure of the consolidated prefecture exactly, in total and in each cut', async () => {
    const w = await world();
    const d = await w.h.call('statistics.overview', { year: YEAR, scope: 'prefecture' }, w.viewer);
    expect(d.origins.map((o) => [o.code, o.level])).toEqual([[PREF, 'own'], [COUNTY, 'child']]);
    expect(d.origins[1]?.name).toBe('木垒哈萨克自治县财政局');
    expect(w.projects.length).toBeGreaterThan(60);
    // The parent's project and the other year's project are in no figure.
    same(d.measures, expected(w, (o) => o === PREF || o === COUNTY));
    same(cutRow(d, 'level', 'own'), expected(w, (o) => o === PREF));
    same(cutRow(d, 'level', 'child'), expected(w, (o) => o === COUNTY));
    same(cutRow(d, 'origin', COUNTY), expected(w, (o) => o === COUNTY));
    for (const bt of ['general', 'fund', 'stateCapital', 'socialInsurance'] as const) {
      same(cutRow(d, 'budgetType', bt), expected(w, (o) => o !== '650000', (p) => p.budgetType === bt, () => false, () => true));
    }
    for (const tag of ['direct', 'specialBond', 'procurement', 'upperTransfer'] as const) {
      same(cutRow(d, 'fundCategory', tag), expected(w, (o) => o !== '650000', (p) => p.tags.includes(tag), () => false, () => true));
    }
    // 主管部门 of the prefecture: 101 holds 101001's records too.
    const under101 = new Set([w.units['101'], w.units['101001']]);
    same(cutRow(d, 'department', w.units['101'] ?? ''), expected(w, (o) => o === PREF, (p) => under101.has(p.unitId), (u) => under101.has(u)));
    expect(d.cuts.find((c) => c.cut === 'department')?.rows.map((r) => r.label)).toEqual(['州教育局', '州卫生健康委员会', '州国家安全局']);
    // Clean data: nothing to flag.
    expect(d.checks).toEqual([]);
  });

  it('scope county (本级) counts this office only; a county office defaults to it', async () => {
    const w = await world();
    const d = await w.h.call('statistics.overview', { year: YEAR, scope: 'county' }, w.viewer);
    expect(d.origins.map((o) => o.code)).toEqual([PREF]);
    same(d.measures, expected(w, (o) => o === PREF));
    w.h.backend.database.prepare("UPDATE office SET level = 'county'").run();
    expect((await w.h.call('statistics.overview', { year: YEAR }, w.viewer)).scope).toBe('county');
  });

  it('rates, tables and rounding: coverage is done ÷ base with two decimals, cut tables add up to their total', async () => {
    const w = await world();
    const d = await w.h.call('statistics.overview', { year: YEAR, scope: 'prefecture' }, w.viewer);
    const goals = stageCell(d.measures, 'goals');
    const m = d.measures;
    expect(goals.countRate).toBe(Math.round(((m['goals.n'] ?? 0) / (m['projects.n'] ?? 1)) * 10000) / 100);
    const overview = overviewTable(d);
    const row = overview.rows.find((r) => r.key === 'goals');
    expect(row?.cells.slice(2).map((c) => c.value)).toEqual([goals.baseN, goals.doneN, goals.countRate, goals.baseFen, goals.doneFen, goals.amountRate]);
    const byBudget = cutTable(d, 'budgetType', ['goals']);
    const parts = byBudget.rows.filter((r) => !r.total);
    const total = byBudget.rows.find((r) => r.total);
    expect(parts.reduce((a, r) => a + Number(r.cells[3]?.value ?? 0), 0)).toBe(total?.cells[3]?.value);
    expect(parts.reduce((a, r) => a + Number(r.cells[5]?.value ?? 0), 0)).toBe(total?.cells[5]?.value);
    expect(byBudget.notes.some((n) => n.startsWith('⚠'))).toBe(false);
    expect(cutTable(d, 'fundCategory', ['goals']).notes[0]).toContain('各行之和可能大于合计');
    // Rounded parts that do not add up to the rounded total are said so, not adjusted (DECISIONS.md "Amounts").
    const half = { 'projects.n': 1, 'projects.fen': 5_000, 'goals.n': 1, 'goals.fen': 5_000 };
    const crafted: StatisticsDto = {
      ...d, measures: { 'projects.n': 2, 'projects.fen': 10_000, 'goals.n': 2, 'goals.fen': 10_000 },
      cuts: [{ cut: 'budgetType', additive: true, totals: { 'projects.n': 2, 'projects.fen': 10_000, 'goals.n': 2, 'goals.fen': 10_000 }, rows: [
        { key: 'general', label: '一般公共预算', measures: half }, { key: 'fund', label: '政府性基金预算', measures: half },
      ] }],
    };
    expect(cutTable(crafted, 'budgetType', ['goals']).notes).toContain('项目绩效目标管理：各行金额按万元四舍五入显示，合计按精确金额计算，与各行显示之和相差 0.01 万元。');
    // A cut that lost records is flagged in its notes.
    const lost: StatisticsDto = { ...crafted, cuts: [{ ...crafted.cuts[0] as StatisticsDto['cuts'][number], rows: [{ key: 'general', label: '一般公共预算', measures: half }] }] };
    expect(cutTable(lost, 'budgetType', ['goals']).notes.some((n) => n.startsWith('⚠ 项目绩效目标管理：各行之和（1）与合计（2）不符'))).toBe(true);
  });

  it('drill-down lists exactly the records a figure counts, with its count and amount, in every cut', async () => {
    const w = await world();
    const d = await w.h.call('statistics.overview', { year: YEAR, scope: 'prefecture' }, w.viewer);
    const figures: [string, string, string | null][] = [
      ['goals.done', 'goals.n', 'goals.fen'], ['goals.base', 'projects.n', 'projects.fen'], ['monitoring.done', 'monitoring.n', 'monitoring.fen'],
      ['monitoring.red', 'monitoring.red.n', null], ['selfEval.done', 'selfEval.n', 'selfEval.fen'], ['selfEval.grade.good', 'selfEval.grade.good', null],
      ['exAnte.base', 'exAnte.required.n', 'exAnte.required.fen'], ['recheck.done', 'recheck.n', 'recheck.fen'], ['recheck.base', 'selfEval.accepted.n', null],
      ['linkage.done', 'linkage.n', 'linkage.fen'], ['disclosure.base', 'disclosure.base.n', null], ['disclosure.done', 'disclosure.done.n', null],
      ['unitGoals.done', 'unitGoals.n', null], ['rectification.base', 'rect.due.n', 'rect.due.fen'], ['rect.overdue', 'rect.overdue.n', null],
      ['financeEval.done', 'financeEval.n', 'financeEval.fen'],
    ];
    for (const [figure, n, fen] of figures) {
      const page = await w.h.call('statistics.drill', { year: YEAR, scope: 'prefecture', figure, pageSize: 200 }, w.viewer);
      const wantN = figure === 'recheck.base' ? (d.measures[n] ?? 0) + (d.measures['unitSelfEval.n'] ?? 0) : (d.measures[n] ?? 0);
      expect({ figure, total: page.total }).toEqual({ figure, total: wantN });
      expect({ figure, fen: fen ? page.totalFen : null }).toEqual({ figure, fen: fen ? (d.measures[fen] ?? 0) : null });
      expect(page.rows.length).toBe(Math.min(wantN, 200));
      expect(page.definition.length).toBeGreaterThan(4);
      for (const cut of ['origin', 'budgetType', 'department'] as const) {
        for (const row of d.cuts.find((c) => c.cut === cut)?.rows ?? []) {
          const sub = await w.h.call('statistics.drill', { year: YEAR, scope: 'prefecture', figure, cut, key: row.key, pageSize: 1 }, w.viewer);
          const want = figure === 'recheck.base' ? (row.measures[n] ?? 0) + (row.measures['unitSelfEval.n'] ?? 0) : (row.measures[n] ?? 0);
          expect({ figure, cut, key: row.key, total: sub.total }).toEqual({ figure, cut, key: row.key, total: want });
        }
      }
    }
    const goals = await w.h.call('statistics.drill', { year: YEAR, scope: 'prefecture', figure: 'goals.done', cut: 'origin', key: COUNTY, pageSize: 200 }, w.viewer);
    const want = w.projects.filter((p) => p.origin === COUNTY && p.status !== 'cancelled' && (p.goal === 'approved' || p.goal === 'published'));
    expect(goals.rows.map((r) => r.id).sort()).toEqual(want.map((p) => p.id).sort());
    expect(goals.rows[0]).toMatchObject({ kind: 'project', originName: '木垒哈萨克自治县财政局', link: `/projects/${goals.rows[0]?.id}` });
    expect(['已批复', '已公开']).toContain(goals.rows[0]?.status);
    expect(errorOf(await w.h.raw('statistics.drill', { year: YEAR, figure: 'no.such' }, w.viewer)).code).toBe('VALIDATION');
  });

  it('caches per data version: a write shows at once, a repeated read is the same object', async () => {
    const w = await world();
    const a = await w.h.call('statistics.overview', { year: YEAR, scope: 'county' }, w.viewer);
    w.h.clock.advance(1);
    // Nothing written in between: the same computation (stamped with the first call's time).
    const b = await w.h.call('statistics.overview', { year: YEAR, scope: 'county' }, w.viewer);
    expect(b.generatedAt).toBe(a.generatedAt);
    const unit = w.units['102'] ?? '';
    await w.h.call('projects.create', {
      year: YEAR, code: 'NEW1', name: '新增项目', unitId: unit, objectType: 'project', attribute: 'continuing', budgetType: 'fund', tags: [],
      initial: { fiscalFen: 0, carryoverFen: 0, otherFen: 0 }, annual: { fiscalFen: 1_234_567, carryoverFen: 0, otherFen: 0 },
    }, w.perf);
    const c = await w.h.call('statistics.overview', { year: YEAR, scope: 'county' }, w.viewer);
    expect(c.generatedAt).not.toBe(a.generatedAt);
    expect(c.measures['projects.n']).toBe((a.measures['projects.n'] ?? 0) + 1);
    expect(c.measures['projects.fen']).toBe((a.measures['projects.fen'] ?? 0) + 1_234_567);
  });
});
