import type { ConsistencyFlag, Measures, MonitoringRoundStat, StatCutTable, StatOrigin, StatisticsDto } from '../../../shared/api/dtoStatistics.ts';
import { BUDGET_TYPE_LABELS, FUND_TAG_LABELS, type BudgetType, type FundTag } from '../../../shared/domain/projects.ts';
import { isOnTime, isOverdue, rectificationRates } from '../../../shared/rules/rectification.ts';
import { percent } from '../../../shared/rules/rounding.ts';
import { addMeasures, cutDisagreements } from '../../../shared/rules/statistics.ts';
import { CUT_KEYS, LEVEL_LABELS, STAGES, type StatCut } from '../../../shared/rules/statisticsCatalog.ts';
import type { Db } from '../db/connection.ts';
import { findOffice } from '../repositories/office.ts';
import {
  cube, keyEvalCubeSql, linkageCubeSql, peerNames, projectCubeSql, projectRounds, recheckCubeSql, rectificationItems, roundSheetSums, unitCubeSql,
  type CubeRow,
} from '../repositories/statistics.ts';
import { consistencyFlags } from './statisticsChecks.ts';
import { StatUnits, cubeParams, originScope, type StatContext } from './statisticsContext.ts';

/**
 * Builds the year's statistics (统计分析) from the cubes of repositories/statistics.ts: every group
 * is added into the totals and into each cut (本级/县市, office, budget type, fund category,
 * 主管部门), so every table of the seed reports is a view of one set of integer sums.
 *
 * Scope: 'county' reads this office's records only; 'prefecture' reads every office's records
 * except those of this office's parent (a county's copy of what its prefecture sent down), each
 * record counted under the office it concerns (the project's or unit's origin).
 *
 * Results are kept per database, year, scope and day until anything is written: the cache key
 * holds SQLite's total_changes() of this connection and PRAGMA data_version (writes by another
 * connection, e.g. the command line), so a figure is never older than the last commit.
 */

const DIMENSIONS = new Set(['origin', 'unitId', 'budgetType', 'tags', 'kind']);

function measuresOf(row: CubeRow, rename: (k: string) => string = (k) => k): Measures {
  const m: Measures = {};
  for (const [k, v] of Object.entries(row)) if (!DIMENSIONS.has(k)) m[rename(k)] = typeof v === 'number' ? v : 0;
  return m;
}

interface Dims {
  origin: string;
  unitId: string | null;
  budgetType: string | null;
  tags: string | null;
}

/** Adds groups into the totals and every cut. */
class Accumulator {
  readonly totals: Measures = {};
  private readonly cuts = new Map<StatCut, Map<string, Measures>>();
  readonly unknownUnits = new Set<string>();
  private readonly s: StatContext;
  private readonly units: StatUnits;
  constructor(s: StatContext, units: StatUnits) {
    this.s = s;
    this.units = units;
  }

  private addTo(cut: StatCut, key: string, m: Measures): void {
    let rows = this.cuts.get(cut);
    if (!rows) this.cuts.set(cut, (rows = new Map()));
    let into = rows.get(key);
    if (!into) rows.set(key, (into = {}));
    addMeasures(into, m);
  }

  add(d: Dims, m: Measures): void {
    if (d.origin === this.s.parent) return;
    addMeasures(this.totals, m);
    this.addTo('level', d.origin === this.s.own ? CUT_KEYS.own : CUT_KEYS.child, m);
    this.addTo('origin', d.origin, m);
    this.addTo('budgetType', d.budgetType ?? CUT_KEYS.unitOverall, m);
    const tags = d.tags ? [...new Set(d.tags.split(','))] : [CUT_KEYS.untagged];
    for (const t of tags) this.addTo('fundCategory', t, m);
    if (d.origin === this.s.deptOrigin) {
      const dept = this.units.department(d.unitId);
      if (!dept && d.unitId) this.unknownUnits.add(d.unitId);
      this.addTo('department', dept?.id ?? CUT_KEYS.unknownUnit, m);
    }
  }

  rows(cut: StatCut): Map<string, Measures> {
    return this.cuts.get(cut) ?? new Map();
  }
}

function originsOf(s: StatContext, acc: Accumulator): StatOrigin[] {
  const own = findOffice(s.db);
  const peers = new Map(peerNames(s.db).filter((p) => p.relation === 'child').map((p) => [p.region_code, p.name]));
  const seen = new Set([...acc.rows('origin').keys()]);
  const codes = s.scope === 'county' ? [s.own] : [s.own, ...[...new Set([...peers.keys(), ...seen])].filter((c) => c !== s.own && c !== s.parent).sort()];
  return codes.map((code) => ({ code, name: code === s.own ? (own?.name ?? code) : (peers.get(code) ?? `地区 ${code}`), level: code === s.own ? 'own' : 'child' }));
}

function cutTables(s: StatContext, acc: Accumulator, origins: readonly StatOrigin[], units: StatUnits): StatCutTable[] {
  const originName = new Map(origins.map((o) => [o.code, o.name]));
  const table = (cut: StatCut, order: readonly string[], label: (k: string) => string, additive = true, totals: Measures = acc.totals): StatCutTable => {
    const rows = acc.rows(cut);
    const keys = [...order.filter((k) => rows.has(k)), ...[...rows.keys()].filter((k) => !order.includes(k)).sort()];
    return { cut, additive, totals, rows: keys.map((key) => ({ key, label: label(key), measures: rows.get(key) ?? {} })) };
  };
  const depts = [...acc.rows('department').keys()].map((k) => units.byId.get(k)).filter((u) => u !== undefined).sort((a, b) => a.code.localeCompare(b.code)).map((u) => u.id);
  return [
    table('level', [CUT_KEYS.own, CUT_KEYS.child], (k) => (k === CUT_KEYS.own ? LEVEL_LABELS.own : LEVEL_LABELS.child)),
    table('origin', origins.map((o) => o.code), (k) => originName.get(k) ?? `地区 ${k}`),
    table('budgetType', [...Object.keys(BUDGET_TYPE_LABELS), CUT_KEYS.unitOverall], (k) => BUDGET_TYPE_LABELS[k as BudgetType] ?? (k === CUT_KEYS.unitOverall ? '部门整体（不分预算类型）' : k)),
    table('fundCategory', [...Object.keys(FUND_TAG_LABELS), CUT_KEYS.untagged], (k) => FUND_TAG_LABELS[k as FundTag] ?? (k === CUT_KEYS.untagged ? '未标注资金性质' : k), false),
    table('department', depts, (k) => units.byId.get(k)?.name ?? '单位目录中不存在的单位', true, acc.rows('origin').get(s.deptOrigin) ?? {}),
  ];
}

function monitoringRounds(s: StatContext, origins: readonly StatOrigin[]): MonitoringRoundStat[] {
  const names = new Map(origins.map((o) => [o.code, o.name]));
  const latest = new Map<string, ReturnType<typeof projectRounds>[number]>();
  for (const r of projectRounds(s.db, s.year)) {
    if (!names.has(r.origin)) continue;
    const cur = latest.get(r.origin);
    // The latest 自行监控 round; a 重点监控 round only when the office has no other.
    if (!cur || (cur.kind === 'key' && r.kind === 'self')) latest.set(r.origin, r);
  }
  return origins.flatMap((o) => {
    const r = latest.get(o.code);
    if (!r) return [];
    const sums = roundSheetSums(s.db, r.id);
    // A sheet whose total disagrees with its parts makes the round's sum unreliable: flagged, not printed.
    const reliable = sums.badParts === 0;
    return [{
      origin: o.code, originName: o.name, roundId: r.id, title: r.title, month: r.month, dueOn: r.due_on, status: r.status,
      sheets: sums.sheets, submitted: sums.submitted, accepted: sums.accepted, returned: sums.returned, draft: sums.draft, budgetFen: sums.budgetFen,
      executedFen: reliable ? sums.executedFen : null, executionRate: reliable ? percent(sums.executedFen, sums.budgetFen) : null, red: sums.red, yellow: sums.yellow,
    }];
  });
}

function compute(s: StatContext): StatisticsDto {
  const units = new StatUnits(s.db);
  const { profile, ...params } = cubeParams(s, units);
  const scope = originScope(s);
  const acc = new Accumulator(s, units);
  const addRows = (rows: CubeRow[], rename?: (k: string, row: CubeRow) => string) => {
    for (const r of rows) acc.add(r, measuresOf(r, rename ? (k) => rename(k, r) : undefined));
  };
  addRows(cube(s.db, projectCubeSql(scope), params));
  addRows(cube(s.db, unitCubeSql(scope), params));
  addRows(cube(s.db, recheckCubeSql(scope), params));
  addRows(cube(s.db, linkageCubeSql(scope), params));
  addRows(cube(s.db, keyEvalCubeSql(scope), params), (k, r) => `${r.kind === 'finance' ? 'financeEval' : 'departmentEval'}.${k}`);

  // 整改台账: each item judged by the shared rules (overdue against today), then added like a group.
  const items = rectificationItems(s.db, scope, s.year, s.own).filter((i) => i.origin !== s.parent);
  for (const i of items) {
    const waived = i.status === 'waived';
    const done = i.status === 'done';
    acc.add(i, {
      'rect.total.n': 1, 'rect.due.n': waived ? 0 : 1, 'rect.due.fen': waived ? 0 : i.amountFen, 'rect.done.n': done ? 1 : 0, 'rect.done.fen': done ? i.amountFen : 0,
      'rect.onTime.n': isOnTime(i) ? 1 : 0, 'rect.overdue.n': isOverdue(i, s.today) ? 1 : 0, 'rect.recovered.fen': i.recoveredFen,
    });
  }
  const bySource = new Map<string, typeof items>();
  for (const i of items) bySource.set(i.source, [...(bySource.get(i.source) ?? []), i]);

  const origins = originsOf(s, acc);
  const cuts = cutTables(s, acc, origins, units);
  const checks = [...consistencyFlags(s, origins, acc.unknownUnits), ...cutFlags(cuts, origins, s)];
  const office = findOffice(s.db);
  return {
    year: s.year, scope: s.scope, today: s.today, generatedAt: s.now,
    office: { regionCode: s.own, name: office?.name ?? '', level: office?.level ?? 'county' },
    origins, departmentOrigin: s.deptOrigin, profile, measures: acc.totals, cuts,
    monitoringRounds: monitoringRounds(s, origins),
    rectificationBySource: [...bySource].map(([source, list]) => ({
      source, ...pick(rectificationRates(list, s.today)),
      amountFen: list.reduce((a, i) => a + (i.status === 'waived' ? 0 : i.amountFen), 0), recoveredFen: list.reduce((a, i) => a + i.recoveredFen, 0),
    })),
    checks,
  };
}

const pick = (r: ReturnType<typeof rectificationRates>) => ({
  total: r.total, waived: r.waived, due: r.due, done: r.done, onTime: r.onTime, overdue: r.overdue, completionRate: r.completionRate, onTimeRate: r.onTimeRate,
});

/** Additive cuts whose rows do not add up to their total: a grouping that lost records. */
function cutFlags(cuts: readonly StatCutTable[], origins: readonly StatOrigin[], s: StatContext): ConsistencyFlag[] {
  const ids = [...new Set(STAGES.flatMap((st) => [...st.base.n, ...st.done.n, ...(st.base.fen ?? []), ...(st.done.fen ?? [])]))];
  const own = origins.find((o) => o.code === s.own);
  return cuts.filter((c) => c.additive && c.rows.length > 0).flatMap((c) =>
    cutDisagreements(c.rows, c.totals, ids).map((x) => ({
      code: 'cutTotal' as const, origin: s.own, originName: own?.name ?? s.own, where: `统计表（${c.cut}）`,
      message: `分组各行之和（${x.rows}）与合计（${x.total}）不符：${x.id}`, stated: x.total, computed: x.rows, unit: x.id.endsWith('.fen') ? 'fen' as const : 'count' as const, link: null,
    })),
  );
}

// ---------------------------------------------------------------- cache

const cache = new WeakMap<Db, Map<string, StatisticsDto>>();

function dataVersion(db: Db): string {
  const changes = db.prepare('SELECT total_changes()').pluck().get() as number;
  return `${String(db.pragma('data_version', { simple: true }))}:${changes}`;
}

/** The year's statistics, computed once per data version (see the module comment). */
export function statistics(s: StatContext): StatisticsDto {
  const key = [s.year, s.scope, s.deptOrigin, s.today, dataVersion(s.db)].join('|');
  let perDb = cache.get(s.db);
  if (!perDb) cache.set(s.db, (perDb = new Map()));
  const hit = perDb.get(key);
  if (hit) return hit;
  const dto = compute(s);
  if (perDb.size >= 8) perDb.clear();
  perDb.set(key, dto);
  return dto;
}
