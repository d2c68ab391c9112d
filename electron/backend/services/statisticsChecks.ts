import type { ConsistencyFlag, StatOrigin } from '../../../shared/api/dtoStatistics.ts';
import { formatWan } from '../../../shared/rules/money.ts';
import {
  COUNTED_TABLES, lastChildBundles, monitoringSheetParts, rowsOfOrigin, selfEvalExecutedParts, unitMonitoringBudget,
  unitSelfEvalBudget,
} from '../repositories/statisticsChecks.ts';
import { originScope, type StatContext } from './statisticsContext.ts';

/**
 * 数据一致性: where an office's own figures do not add up, said with where and by how much, so the
 * tables and the report show a flag instead of a sum nobody can vouch for.
 */

const TABLE_LABELS: Record<(typeof COUNTED_TABLES)[number], string> = {
  projects: '项目', goal_sheets: '绩效目标表', monitoring_rounds: '监控批次', self_evaluations: '单位自评', key_evaluations: '部门及重点评价',
  rectifications: '整改事项', linkage_decisions: '预算挂钩', disclosures: '信息公开',
};

export function consistencyFlags(s: StatContext, origins: readonly StatOrigin[], unknownUnits: ReadonlySet<string>): ConsistencyFlag[] {
  const names = new Map(origins.map((o) => [o.code, o.name]));
  const inScope = (origin: string) => names.has(origin);
  const name = (origin: string) => names.get(origin) ?? origin;
  const scope = originScope(s);
  const flags: ConsistencyFlag[] = [];
  // A gap under 0.01 万元 would read "相差 0.00 万元": say it in 元.
  const diff = (stated: number, computed: number) => {
    const d = stated - computed;
    return Math.abs(d) >= 10_000 ? `相差 ${formatWan(d)} 万元` : `相差 ${(d / 100).toFixed(2)} 元`;
  };

  const sheetChecks = [
    {
      code: 'monitoringExecutedParts' as const, rows: monitoringSheetParts(s.db, 'executed', scope, s.year, s.own), suffix: '',
      message: (st: string, c: string, d: string) => `1至N月执行数 ${st} 万元不等于财政拨款与其他资金执行数之和 ${c} 万元（${d}），该批次执行数未予汇总`,
    },
    {
      code: 'monitoringBudgetParts' as const, rows: monitoringSheetParts(s.db, 'budget', scope, s.year, s.own), suffix: '',
      message: (st: string, c: string, d: string) => `全年预算数 ${st} 万元不等于财政拨款与其他资金预算之和 ${c} 万元（${d}）`,
    },
    {
      code: 'unitMonitoringBudget' as const, rows: unitMonitoringBudget(s.db, scope, s.year, s.own), suffix: ' 部门整体监控表',
      message: (st: string, c: string, d: string) => `填报的全年预算数 ${st} 万元与该单位预算项目合计 ${c} 万元不符（${d}）`,
    },
  ];
  for (const check of sheetChecks) {
    for (const r of check.rows.filter((x) => inScope(x.origin))) {
      flags.push({
        code: check.code, origin: r.origin, originName: name(r.origin), where: `监控批次“${r.round_title}” ${r.code ?? ''} ${r.name}${check.suffix}`.replace(/\s+/g, ' '),
        message: check.message(formatWan(r.stated), formatWan(r.computed), diff(r.stated, r.computed)),
        stated: r.stated, computed: r.computed, unit: 'fen', link: `/monitoring/sheets/${r.id}`,
      });
    }
  }
  for (const r of selfEvalExecutedParts(s.db, scope, s.year, s.own).filter((x) => inScope(x.origin))) {
    const parts = r.owner_type === 'project' ? '当年财政拨款、上年结转和其他资金' : '人员经费、公用经费和项目支出';
    flags.push({
      code: 'selfEvalExecutedParts', origin: r.origin, originName: name(r.origin), where: `绩效自评表 ${r.code} ${r.name}${r.owner_type === 'unitOverall' ? ' 部门整体' : ''}`,
      message: `全年执行数 ${formatWan(r.stated)} 万元不等于${parts}执行数之和 ${formatWan(r.computed)} 万元（${diff(r.stated, r.computed)}）`,
      stated: r.stated, computed: r.computed, unit: 'fen', link: `/evaluation/self/${r.id}`,
    });
  }
  for (const r of unitSelfEvalBudget(s.db, scope, s.year, s.own).filter((x) => inScope(x.origin))) {
    flags.push({
      code: 'unitSelfEvalBudget', origin: r.origin, originName: name(r.origin), where: `绩效自评表 ${r.code} ${r.name} 部门整体`,
      message: `自评表所列项目支出全年预算数 ${formatWan(r.stated)} 万元与该单位预算项目合计 ${formatWan(r.computed)} 万元不符（${diff(r.stated, r.computed)}）`,
      stated: r.stated, computed: r.computed, unit: 'fen', link: `/evaluation/self/${r.id}`,
    });
  }
  if (s.scope === 'prefecture') flags.push(...bundleFlags(s, name, inScope));
  for (const id of unknownUnits) {
    flags.push({
      code: 'unknownUnit', origin: s.deptOrigin, originName: name(s.deptOrigin), where: `单位编号 ${id}`,
      message: '记录所属单位不在单位目录中，按主管部门统计时列入“单位目录中不存在的单位”', stated: null, computed: null, unit: 'count', link: null,
    });
  }
  return flags;
}

/** A county's last accepted upward bundle states its row counts: they must match what is held for it. */
function bundleFlags(s: StatContext, name: (o: string) => string, inScope: (o: string) => boolean): ConsistencyFlag[] {
  const flags: ConsistencyFlag[] = [];
  for (const b of lastChildBundles(s.db)) {
    if (!inScope(b.peer)) continue;
    let years: number[];
    let counts: Record<string, number>;
    try {
      years = (JSON.parse(b.years) as unknown[]).filter((y): y is number => typeof y === 'number');
      counts = JSON.parse(b.counts) as Record<string, number>;
    } catch {
      continue;
    }
    if (!years.includes(s.year)) continue;
    for (const table of COUNTED_TABLES) {
      const stated = counts[table];
      if (typeof stated !== 'number') continue;
      const held = rowsOfOrigin(s.db, table, b.peer, years);
      if (held === stated) continue;
      flags.push({
        code: 'bundleCount', origin: b.peer, originName: name(b.peer), where: `第 ${b.seq} 号上报包（${years.join('、')} 年度）${TABLE_LABELS[table]}`,
        message: `上报包声明 ${stated} 条，本库现有该地区 ${held} 条，统计以现有记录为准`, stated, computed: held, unit: 'count', link: '/sync/offices',
      });
    }
  }
  return flags;
}
