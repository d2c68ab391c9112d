import type { StatDrillPage, StatDrillRow } from '../../../shared/api/dtoStatistics.ts';
import { AppFailure } from '../../../shared/api/result.ts';
import type { StatisticsDrillInput } from '../../../shared/api/schemasStatistics.ts';
import {
  EX_ANTE_CONCLUSION_LABELS, GOAL_GRADE_LABELS, GOAL_STATUS_LABELS, KEY_EVAL_EVALUATOR_LABELS, LINKAGE_ACTION_LABELS, RECTIFICATION_STATUS_LABELS,
  SELF_EVAL_STATUS_LABELS,
} from '../../../shared/i18n/zh-CN.ts';
import { isOnTime, isOverdue } from '../../../shared/rules/rectification.ts';
import { figureInfo } from '../../../shared/rules/statistics.ts';
import type { StatCut } from '../../../shared/rules/statisticsCatalog.ts';
import type { CallContext } from '../context.ts';
import { rectificationItems, type RectificationItemRow } from '../repositories/statistics.ts';
import { cutFilter, drillPage, drillSource, type DrillRow } from '../repositories/statisticsDrill.ts';
import { StatUnits, cubeParams, originNames, originScope, statContext, type StatContext } from './statisticsContext.ts';

/**
 * The records behind a figure (statistics.drill): the figure's own source of records with the cut
 * of the clicked cell applied, paged, with the count and amount of all of them — the same count
 * and amount the figure shows.
 */

type Parsed = Omit<StatisticsDrillInput, 'page' | 'pageSize'> & { page: number; pageSize: number };

const label = <K extends string>(labels: Record<K, string>, code: string | null | undefined, fallback = '—') =>
  (code && (labels as Record<string, string>)[code]) || fallback;

/** What the status column says for a record, by the stage the figure belongs to. */
function stateText(figure: string, r: DrillRow): string {
  const stage = figure.split('.')[0] ?? '';
  const state = String(r.state ?? '');
  switch (r.kind) {
    case 'project': {
      const [gs, es, eg, lvl, ex] = state.split('|');
      if (stage === 'goals') return label(GOAL_STATUS_LABELS, gs || 'none');
      if (stage === 'exAnte') {
        const [status, conclusion] = (ex ?? '').split('|');
        return status === 'completed' ? `已完成（${label(EX_ANTE_CONCLUSION_LABELS, conclusion)}）` : status === 'draft' ? '评估中' : '未评估';
      }
      if (stage === 'monitoring') return lvl === '' || lvl === undefined ? '未监控' : lvl === '2' ? '红色预警' : lvl === '1' ? '黄色预警' : '已监控';
      const evalText = es ? label(SELF_EVAL_STATUS_LABELS, es) : '未自评';
      return eg ? `${evalText} · ${label(GOAL_GRADE_LABELS, eg)}` : evalText;
    }
    case 'unit': {
      const [goal, mon, evaluation] = state.split('|');
      if (stage === 'unitMonitoring') return mon === '1' ? '已监控' : '未监控';
      if (stage === 'unitSelfEval') return evaluation === '1' ? '自评已验收' : '未验收';
      return goal === '1' ? '目标已批复' : '目标未批复';
    }
    case 'selfEvaluation':
      if (stage === 'recheck' && figure !== 'recheck.base') return state === '1' ? '复核后得分下降' : '已复核';
      return state ? `已验收 · ${label(GOAL_GRADE_LABELS, state)}` : '已验收';
    case 'keyEvaluation': {
      const [grade, evaluator] = state.split('|');
      return `${label(GOAL_GRADE_LABELS, grade, '未定级')} · ${label(KEY_EVAL_EVALUATOR_LABELS, evaluator)}`;
    }
    case 'linkage':
      return label(LINKAGE_ACTION_LABELS, state);
    case 'goalSheet':
      return '绩效目标表';
    default:
      return state;
  }
}

const LINKS: Record<string, (id: string) => string> = {
  project: (id) => `/projects/${encodeURIComponent(id)}`,
  unit: () => '/goals/units',
  selfEvaluation: (id) => `/evaluation/self/${encodeURIComponent(id)}`,
  keyEvaluation: () => '/evaluation/key',
  linkage: () => '/results/linkage',
  goalSheet: () => '/results/disclosure',
  rectification: () => '/rectifications',
};

/** 整改 figures: the ledger's items judged by the shared rules (overdue against today). */
const RECT_FIGURES: Record<string, { test: (i: RectificationItemRow, today: string) => boolean; fen: 'amount' | 'recovered' | null }> = {
  'rectification.base': { test: (i) => i.status !== 'waived', fen: 'amount' },
  'rectification.done': { test: (i) => i.status === 'done', fen: 'amount' },
  'rect.total': { test: () => true, fen: null },
  'rect.onTime': { test: (i) => isOnTime(i), fen: null },
  'rect.overdue': { test: (i, today) => isOverdue(i, today), fen: null },
  'rect.recovered': { test: (i) => i.recoveredFen > 0, fen: 'recovered' },
};

function inCut(s: StatContext, units: StatUnits, cut: StatCut | undefined, key: string | undefined, r: { origin: string; unitId: string | null; budgetType: string | null; tags: string | null }): boolean {
  if (!cut || key === undefined) return true;
  switch (cut) {
    case 'level':
      return key === 'own' ? r.origin === s.own : r.origin !== s.own;
    case 'origin':
      return r.origin === key;
    case 'budgetType':
      return key === 'unitOverall' ? r.budgetType === null : r.budgetType === key;
    case 'fundCategory':
      return key === 'none' ? r.tags === null : (r.tags ?? '').split(',').includes(key);
    case 'department':
      return r.origin === s.deptOrigin && units.department(r.unitId)?.id === key;
  }
}

function rectificationPage(s: StatContext, units: StatUnits, input: Parsed, names: Map<string, string>): Omit<StatDrillPage, 'figure' | 'label' | 'definition'> {
  const spec = RECT_FIGURES[input.figure];
  if (!spec) return { rows: [], total: 0, totalFen: null };
  const items = rectificationItems(s.db, originScope(s), s.year, s.own)
    .filter((i) => i.origin !== s.parent && spec.test(i, s.today) && inCut(s, units, input.cut, input.key, i))
    .sort((a, b) => a.origin.localeCompare(b.origin) || a.code.localeCompare(b.code));
  const fen = (i: RectificationItemRow) => (spec.fen === 'recovered' ? i.recoveredFen : i.amountFen);
  const rows: StatDrillRow[] = items.slice((input.page - 1) * input.pageSize, input.page * input.pageSize).map((i) => ({
    id: i.id, kind: 'rectification', code: i.code, name: i.problem, unitName: units.byId.get(i.unitId ?? '')?.name ?? '—', originName: names.get(i.origin) ?? i.origin,
    amountFen: spec.fen ? fen(i) : null, status: isOverdue(i, s.today) ? RECTIFICATION_STATUS_LABELS.overdue : label(RECTIFICATION_STATUS_LABELS, i.status), link: LINKS.rectification?.(i.id) ?? null,
  }));
  return { rows, total: items.length, totalFen: spec.fen ? items.reduce((a, i) => a + fen(i), 0) : null };
}

export function drillStatistics(ctx: CallContext, input: Parsed): StatDrillPage {
  const info = figureInfo(input.figure);
  if (!info) throw new AppFailure('VALIDATION', `统计指标“${input.figure}”不存在。`, [{ field: 'figure', message: '统计指标不存在' }]);
  const s = statContext(ctx, input);
  const units = new StatUnits(s.db);
  const names = originNames(s.db, s.own);
  const head = { figure: input.figure, label: info.label, definition: info.definition };
  if (RECT_FIGURES[input.figure]) return { ...head, ...rectificationPage(s, units, input, names) };
  // When the cell pins one office, read only that office's records (index on year and origin).
  const key = input.key ?? null;
  const pinned = s.scope === 'county' ? s.own
    : input.cut === 'origin' && key ? key
    : input.cut === 'level' && key === 'own' ? s.own
    : input.cut === 'department' ? s.deptOrigin : null;
  const source = drillSource(input.figure, pinned ? 'own' : originScope(s));
  if (!source) throw new AppFailure('VALIDATION', `统计指标“${info.label}”没有可列出的明细记录。`, [{ field: 'figure', message: '该指标没有明细' }]);
  const { profile: _profile, ...params } = cubeParams(s, units);
  const page = drillPage(
    s.db, source, cutFilter(input.cut ?? null, key),
    { ...params, origin: pinned ?? s.own, key, units: JSON.stringify(input.cut === 'department' && key ? units.subtree(key) : []), parent: s.parent },
    input.pageSize, (input.page - 1) * input.pageSize,
  );
  return {
    ...head,
    total: page.total,
    totalFen: info.fen ? page.totalFen ?? 0 : null,
    rows: page.rows.map((r) => ({
      id: r.id, kind: r.kind as StatDrillRow['kind'], code: r.code ?? '', name: r.name, unitName: units.byId.get(r.unit_id ?? '')?.name ?? '—',
      originName: names.get(r.origin) ?? r.origin, amountFen: info.fen ? r.amount : null, status: stateText(input.figure, r), link: LINKS[r.kind]?.(r.id) ?? null,
    })),
  };
}
