import type { ConsistencyFlag, StatCutTable, StatisticsDto } from '../api/dtoStatistics.ts';
import { GRADE_CODES } from '../domain/ruleProfile.ts';
import { RECTIFICATION_SOURCE_LABELS } from '../i18n/zh-CN.ts';
import { formatWan } from './money.ts';
import { percent } from './rounding.ts';
import { cutDisagreements, figureInfo, formatRate, roundingGap, stageCell, sumOf, hasAny, type MeasureMap } from './statistics.ts';
import {
  EXTRA_FIGURES, GRADE_LABELS_SHORT, GRADE_STAGES, STAGES, STAT_CUT_LABELS, STAT_STAGES, type StageDef, type StatCut, type StatStage,
} from './statisticsCatalog.ts';

/**
 * The statistics tables of the seed reports as one model (统计表): the screens render it, the
 * workbook writes it sheet by sheet and the annual report prints it, so the three always agree.
 * Cells hold raw numbers (counts, 分, percentages); a cell may name the figure and cut its records
 * can be listed by (statistics.drill).
 */

export type StatColumnKind = 'text' | 'count' | 'fen' | 'rate';

export interface StatTableColumn {
  key: string;
  label: string;
  kind: StatColumnKind;
}

export interface StatTableCell {
  value: number | string | null;
  /** Drill-down: the figure and, within a cut table, the row's cut and key. */
  figure?: string;
  cut?: StatCut;
  cutKey?: string;
}

export interface StatTableRow {
  key: string;
  cells: StatTableCell[];
  /** A 合计 row (bold; excluded from the parts when checking sums). */
  total?: boolean;
  /** The stage a row of a long table belongs to. */
  group?: string;
}

export interface StatTable {
  id: string;
  title: string;
  columns: StatTableColumn[];
  rows: StatTableRow[];
  notes: string[];
}

/** A statistics table cell as printed: counts as integers, amounts in 万元 (two decimals), rates with %. */
export function cellText(kind: StatColumnKind, v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (kind === 'fen') return formatWan(v);
  if (kind === 'rate') return formatRate(v);
  return String(v);
}

const STAGE_COLUMNS: StatTableColumn[] = [
  { key: 'baseN', label: '应开展', kind: 'count' },
  { key: 'doneN', label: '已开展', kind: 'count' },
  { key: 'countRate', label: '覆盖率（个数）', kind: 'rate' },
  { key: 'baseFen', label: '应开展金额（万元）', kind: 'fen' },
  { key: 'doneFen', label: '已开展金额（万元）', kind: 'fen' },
  { key: 'amountRate', label: '覆盖率（金额）', kind: 'rate' },
];

/** The six cells of a stage in a row (base, done, rate by count, amounts, rate by amount). */
function stageCells(m: MeasureMap, s: StageDef, cut?: StatCut, cutKey?: string): StatTableCell[] {
  const c = stageCell(m, s);
  const present = hasAny(m, s.base.n) || hasAny(m, s.done.n);
  const where = cut ? { cut, cutKey } : {};
  const v = (x: number | null) => (present ? x : null);
  return [
    { value: v(c.baseN), figure: `${s.id}.base`, ...where },
    { value: v(c.doneN), figure: `${s.id}.done`, ...where },
    { value: v(c.countRate) },
    { value: v(c.baseFen), ...(s.base.fen ? { figure: `${s.id}.base`, ...where } : {}) },
    { value: v(c.doneFen), ...(s.done.fen ? { figure: `${s.id}.done`, ...where } : {}) },
    { value: v(c.amountRate) },
  ];
}

/** 全过程预算绩效管理开展情况: one row per stage. */
export function overviewTable(d: StatisticsDto): StatTable {
  return {
    id: 'overview',
    title: `${d.year}年度预算绩效管理全过程开展情况`,
    columns: [{ key: 'stage', label: '环节', kind: 'text' }, { key: 'object', label: '统计对象', kind: 'text' }, ...STAGE_COLUMNS],
    rows: STAGES.map((s) => ({ key: s.id, cells: [{ value: s.label }, { value: `${s.base.label} → ${s.done.label}` }, ...stageCells(d.measures, s)] })),
    notes: [
      '覆盖率 = 已开展 ÷ 应开展 × 100%，两位小数四舍五入；金额按分精确汇总后折算为万元。',
      '部门评价、财政重点评价按评价项数计数，覆盖率按金额计算；各环节的统计口径见指标口径说明。',
    ],
  };
}

/** The cut's rows for the given stages, each stage followed by its 合计 (long format). */
export function cutTable(d: StatisticsDto, cut: StatCut, stages: readonly StatStage[] = STAT_STAGES): StatTable {
  const table = d.cuts.find((c) => c.cut === cut);
  const rows: StatTableRow[] = [];
  const notes: string[] = [];
  for (const id of stages) {
    const s = STAGES.find((x) => x.id === id);
    if (!s || !table) continue;
    const parts = table.rows.filter((r) => hasAny(r.measures, [...s.base.n, ...s.done.n]));
    if (parts.length === 0) continue;
    for (const r of parts) rows.push({ key: `${id}:${r.key}`, group: id, cells: [{ value: s.label }, { value: r.label }, ...stageCells(r.measures, s, cut, r.key)] });
    rows.push({ key: `${id}:total`, group: id, total: true, cells: [{ value: s.label }, { value: '合计' }, ...stageCells(table.totals, s)] });
    notes.push(...partNotes(s, parts.map((r) => r.measures), table.totals, table));
  }
  if (table && !table.additive) notes.unshift('一个项目可同时具有多种资金性质，按每种资金性质各计一次，各行之和可能大于合计。');
  return {
    id: `cut-${cut}`,
    title: `${d.year}年度预算绩效管理情况（${STAT_CUT_LABELS[cut]}）`,
    columns: [{ key: 'stage', label: '环节', kind: 'text' }, { key: 'group', label: '分组', kind: 'text' }, ...STAGE_COLUMNS],
    rows,
    notes: [...new Set(notes)],
  };
}

/** Notes under a stage's rows: parts that do not add up (additive cuts) and rounding gaps of shown amounts. */
function partNotes(s: StageDef, parts: readonly MeasureMap[], totals: MeasureMap, table: StatCutTable): string[] {
  const notes: string[] = [];
  if (table.additive) {
    const ids = [...s.base.n, ...s.done.n, ...(s.base.fen ?? []), ...(s.done.fen ?? [])];
    for (const x of cutDisagreements(parts.map((measures) => ({ measures })), totals, ids)) {
      notes.push(`⚠ ${s.label}：各行之和（${x.rows}）与合计（${x.total}）不符（${x.id}），合计按全部记录计算，请核对分组数据。`);
    }
    for (const fen of [s.base.fen, s.done.fen]) {
      if (!fen) continue;
      const gap = roundingGap(parts.map((m) => sumOf(m, fen)), sumOf(totals, fen));
      if (gap !== 0) notes.push(`${s.label}：各行金额按万元四舍五入显示，合计按精确金额计算，与各行显示之和相差 ${formatWan(Math.abs(gap))} 万元。`);
    }
  }
  return notes;
}

/** The consolidated table by office (本级 + each county + 合计): the figures of the seed reports. */
const CONSOLIDATED: { key: string; label: string; stage: StatStage; kind: 'count' | 'fen' | 'countRate' | 'amountRate' }[] = [
  { key: 'projects', label: '项目数（个）', stage: 'goals', kind: 'count' },
  { key: 'amount', label: '全年预算（万元）', stage: 'goals', kind: 'fen' },
  { key: 'goals', label: '目标覆盖率', stage: 'goals', kind: 'countRate' },
  { key: 'monitoring', label: '监控覆盖率', stage: 'monitoring', kind: 'countRate' },
  { key: 'selfEval', label: '自评覆盖率', stage: 'selfEval', kind: 'countRate' },
  { key: 'recheck', label: '复核比例', stage: 'recheck', kind: 'countRate' },
  { key: 'financeEval', label: '重点评价金额占比', stage: 'financeEval', kind: 'amountRate' },
  { key: 'rectification', label: '整改完成率', stage: 'rectification', kind: 'countRate' },
  { key: 'disclosure', label: '公开率', stage: 'disclosure', kind: 'countRate' },
];

export function consolidatedTable(d: StatisticsDto): StatTable {
  const byOrigin = d.cuts.find((c) => c.cut === 'origin');
  const cell = (m: MeasureMap, c: (typeof CONSOLIDATED)[number], cutKey?: string): StatTableCell => {
    const x = stageCell(m, c.stage);
    const where = cutKey ? { cut: 'origin' as const, cutKey } : {};
    if (c.kind === 'count') return { value: x.baseN, figure: `${c.stage}.base`, ...where };
    if (c.kind === 'fen') return { value: x.baseFen, figure: `${c.stage}.base`, ...where };
    return { value: c.kind === 'countRate' ? x.countRate : x.amountRate };
  };
  const rows: StatTableRow[] = (byOrigin?.rows ?? []).map((r) => ({ key: r.key, cells: [{ value: r.label }, ...CONSOLIDATED.map((c) => cell(r.measures, c, r.key))] }));
  rows.push({ key: 'total', total: true, cells: [{ value: '合计' }, ...CONSOLIDATED.map((c) => cell(d.measures, c))] });
  const gap = roundingGap((byOrigin?.rows ?? []).map((r) => r.measures['projects.fen'] ?? 0), d.measures['projects.fen'] ?? 0);
  return {
    id: 'consolidated',
    title: `${d.year}年度各地区预算绩效管理情况汇总`,
    columns: [{ key: 'origin', label: '地区', kind: 'text' }, ...CONSOLIDATED.map((c) => ({ key: c.key, label: c.label, kind: c.kind === 'count' ? 'count' as const : c.kind === 'fen' ? 'fen' as const : 'rate' as const }))],
    rows,
    notes: [
      '覆盖率口径见指标口径说明；重点评价金额占比 = 已完成财政重点评价的金额 ÷ 预算项目金额。',
      ...(gap !== 0 ? [`各地区金额按万元四舍五入显示，合计按精确金额计算，与各行显示之和相差 ${formatWan(Math.abs(gap))} 万元。`] : []),
    ],
  };
}

/** 评价等级分布: 项目自评, 部门评价, 财政重点评价 by grade. */
export function gradeTable(d: StatisticsDto): StatTable {
  return {
    id: 'grades',
    title: `${d.year}年度绩效评价等级分布`,
    columns: [{ key: 'kind', label: '评价类型', kind: 'text' }, ...GRADE_CODES.map((g) => ({ key: g, label: GRADE_LABELS_SHORT[g], kind: 'count' as const })), { key: 'total', label: '合计', kind: 'count' }],
    rows: GRADE_STAGES.map((s) => {
      const counts = GRADE_CODES.map((g) => d.measures[`${s.stage}.grade.${g}`] ?? 0);
      return {
        key: s.stage,
        cells: [{ value: s.label }, ...GRADE_CODES.map((g, i) => ({ value: counts[i] ?? 0, figure: `${s.stage}.grade.${g}` })), { value: counts.reduce((a, b) => a + b, 0) }],
      };
    }),
    notes: ['项目自评按已验收的自评表计数；部门评价、财政重点评价按已完成的评价计数。'],
  };
}

export function rectificationTable(d: StatisticsDto): StatTable {
  const rows: StatTableRow[] = d.rectificationBySource.map((r) => ({
    key: r.source,
    cells: [
      { value: (RECTIFICATION_SOURCE_LABELS as Record<string, string>)[r.source] ?? r.source }, { value: r.total }, { value: r.due }, { value: r.done }, { value: r.onTime },
      { value: r.overdue }, { value: r.completionRate }, { value: r.onTimeRate }, { value: r.amountFen }, { value: r.recoveredFen },
    ],
  }));
  const m = d.measures;
  rows.push({
    key: 'total', total: true,
    cells: [
      { value: '合计' }, { value: m['rect.total.n'] ?? 0, figure: 'rect.total' }, { value: m['rect.due.n'] ?? 0, figure: 'rectification.base' },
      { value: m['rect.done.n'] ?? 0, figure: 'rectification.done' }, { value: m['rect.onTime.n'] ?? 0, figure: 'rect.onTime' },
      { value: m['rect.overdue.n'] ?? 0, figure: 'rect.overdue' }, { value: stageCell(m, 'rectification').countRate },
      { value: percent(m['rect.onTime.n'] ?? 0, m['rect.due.n'] ?? 0) }, { value: m['rect.due.fen'] ?? 0 }, { value: m['rect.recovered.fen'] ?? 0 },
    ],
  });
  return {
    id: 'rectification',
    title: `${d.year}年度问题整改情况（按来源环节）`,
    columns: [
      { key: 'source', label: '来源环节', kind: 'text' }, { key: 'total', label: '问题总数', kind: 'count' }, { key: 'due', label: '应整改', kind: 'count' },
      { key: 'done', label: '已完成', kind: 'count' }, { key: 'onTime', label: '按期完成', kind: 'count' }, { key: 'overdue', label: '逾期未完成', kind: 'count' },
      { key: 'completion', label: '整改完成率', kind: 'rate' }, { key: 'onTimeRate', label: '按期整改率', kind: 'rate' },
      { key: 'amount', label: '涉及金额（万元）', kind: 'fen' }, { key: 'recovered', label: '调减/收回（万元）', kind: 'fen' },
    ],
    rows,
    notes: ['整改完成率 = 已完成 ÷ 应整改；按期整改率 = 按期完成 ÷ 应整改；应整改不含不予整改的事项（SPEC §9.2）。逾期按统计当日判断。'],
  };
}

export function monitoringTable(d: StatisticsDto): StatTable {
  return {
    id: 'monitoring',
    title: `${d.year}年度最近一期项目监控批次执行情况`,
    columns: [
      { key: 'origin', label: '地区', kind: 'text' }, { key: 'title', label: '监控批次', kind: 'text' }, { key: 'dueOn', label: '报送期限', kind: 'text' },
      { key: 'sheets', label: '监控表', kind: 'count' }, { key: 'handed', label: '已报送', kind: 'count' }, { key: 'budget', label: '全年预算（万元）', kind: 'fen' },
      { key: 'executed', label: '1至N月执行（万元）', kind: 'fen' }, { key: 'rate', label: '执行率', kind: 'rate' }, { key: 'red', label: '红色预警', kind: 'count' },
      { key: 'yellow', label: '黄色预警', kind: 'count' },
    ],
    rows: d.monitoringRounds.map((r) => ({
      key: r.roundId,
      cells: [
        { value: r.originName }, { value: r.title }, { value: r.dueOn }, { value: r.sheets }, { value: r.submitted + r.accepted }, { value: r.budgetFen },
        { value: r.executedFen }, { value: r.executionRate }, { value: r.red }, { value: r.yellow },
      ],
    })),
    notes: [
      '每个地区取本年度截止月份最晚的项目监控批次；执行数为监控表填报的 1 至 N 月执行数（未填按 0 计）。',
      ...(d.monitoringRounds.some((r) => r.executedFen === null) ? ['执行数显示“—”的批次中有监控表的执行数与分项之和不一致，未予汇总，详见“数据一致性”表。'] : []),
    ],
  };
}

export function checksTable(flags: readonly ConsistencyFlag[], year: number, limit = Number.POSITIVE_INFINITY): StatTable {
  const fmt = (f: ConsistencyFlag, v: number | null) => (v === null ? null : f.unit === 'fen' ? `${formatWan(v)} 万元` : String(v));
  return {
    id: 'checks',
    title: `${year}年度数据一致性检查`,
    columns: [
      { key: 'origin', label: '地区', kind: 'text' }, { key: 'where', label: '位置', kind: 'text' }, { key: 'message', label: '问题', kind: 'text' },
      { key: 'stated', label: '填报数', kind: 'text' }, { key: 'computed', label: '记录合计', kind: 'text' },
    ],
    rows: flags.slice(0, limit).map((f, i) => ({ key: String(i), cells: [{ value: f.originName }, { value: f.where }, { value: f.message }, { value: fmt(f, f.stated) }, { value: fmt(f, f.computed) }] })),
    notes: [
      ...(flags.length === 0 ? ['未发现不一致。'] : ['以上数据不一致之处，统计表和报告中不汇总相应金额，而是标注在此，请核实后更正。']),
      ...(flags.length > limit ? [`共发现 ${flags.length} 处，此处列出前 ${limit} 处，全部见统计表的“数据一致性”工作表。`] : []),
    ],
  };
}

/** Every figure with its definition (the report appendix and the workbook's 指标口径 sheet). */
export function figureDefinitionsTable(d: StatisticsDto, scopeText: string): StatTable {
  const rows: StatTableRow[] = [];
  for (const s of STAGES) {
    for (const part of ['base', 'done'] as const) {
      const info = figureInfo(`${s.id}.${part}`);
      const c = stageCell(d.measures, s);
      if (!info) continue;
      const n = part === 'base' ? c.baseN : c.doneN;
      const fen = part === 'base' ? c.baseFen : c.doneFen;
      rows.push({ key: info.id, cells: [{ value: info.id }, { value: info.label }, { value: n, figure: info.id }, { value: fen }, { value: info.definition }, { value: scopeText }] });
    }
  }
  for (const f of EXTRA_FIGURES) {
    const v = sumOf(d.measures, f.measures);
    rows.push({ key: f.id, cells: [{ value: f.id }, { value: f.label }, { value: f.unit === 'count' ? v : null, figure: f.id }, { value: f.unit === 'fen' ? v : null }, { value: f.definition }, { value: scopeText }] });
  }
  return {
    id: 'figures',
    title: '指标口径',
    columns: [
      { key: 'id', label: '指标编号', kind: 'text' }, { key: 'label', label: '指标', kind: 'text' }, { key: 'n', label: '数量', kind: 'count' },
      { key: 'fen', label: '金额（万元）', kind: 'fen' }, { key: 'definition', label: '口径定义', kind: 'text' }, { key: 'scope', label: '查询范围', kind: 'text' },
    ],
    rows,
    notes: [],
  };
}

/** The query scope of the figures, as the tables and the report's appendix state it. */
export function scopeLabel(d: StatisticsDto): string {
  const children = d.origins.filter((o) => o.level === 'child');
  return d.scope === 'county' || children.length === 0
    ? `${d.year}年度；本级（${d.office.name}，${d.office.regionCode}）；统计日 ${d.today}`
    : `${d.year}年度；本级及所辖${children.length}个县（市）；统计日 ${d.today}`;
}

/** Every statistics table of the year, in the order of the workbook. */
export function allStatTables(d: StatisticsDto, scopeText: string): StatTable[] {
  const cuts: StatCut[] = d.scope === 'prefecture' ? ['level', 'origin', 'budgetType', 'fundCategory', 'department'] : ['budgetType', 'fundCategory', 'department'];
  return [
    overviewTable(d),
    ...(d.scope === 'prefecture' ? [consolidatedTable(d)] : []),
    ...cuts.map((c) => cutTable(d, c)),
    gradeTable(d),
    rectificationTable(d),
    monitoringTable(d),
    checksTable(d.checks, d.year),
    figureDefinitionsTable(d, scopeText),
  ];
}
