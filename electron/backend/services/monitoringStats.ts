import { AppFailure } from '../../../shared/api/result.ts';
import type { MonitoringSummaryDto, WarningLevel } from '../../../shared/api/dtoMonitoring.ts';
import { DECISION_ACTIONS } from '../../../shared/api/schemasMonitoring.ts';
import { MONITORING_RULE_KINDS } from '../../../shared/domain/ruleProfile.ts';
import { FUND_TAG_LABELS, type FundTag } from '../../../shared/domain/projects.ts';
import { timeProgress } from '../../../shared/rules/monitoring.ts';
import { percent } from '../../../shared/rules/rounding.ts';
import type { HandlerMap } from '../context.ts';
import { findRound, type MonitoringRoundRow } from '../repositories/monitoring.ts';
import {
  latestRound, summaryDecisions, summaryProjects, summarySheetsByUnit, summaryTags, summaryUnits, summaryWarnings,
} from '../repositories/monitoringQueries.ts';
import { rectificationCounts } from '../repositories/rectifications.ts';
import { listUnits, type UnitRow } from '../repositories/units.ts';
import { roundProfile } from './monitoringSheets.ts';

/**
 * 监控汇总 (monitoring.summary). Definitions, so every figure can be explained:
 * - round: the one asked for, or the latest 项目 round of the year (largest cut-off month); with
 *   no round the counts of what should be monitored still show and everything else is zero;
 * - projects: should be monitored = this office's projects of the year still in the budget (not
 *   cancelled or 不予安排, as populateRound decides) whose goal is 已批复 or 已公开; monitored = those with a sheet in the round; amounts are 全年预算数
 *   (the project's three annual splits), executed = the sheets' 1–N月执行数 (blank counts 0);
 * - units: should be monitored = this office's active units whose 部门整体 goal is approved or
 *   published; monitored = those with a sheet in any 部门整体 round of the year;
 * - byCategory: the seed reports' fund categories, one row per fund tag (直达资金, 衔接资金,
 *   专项债券, 一般债券, 上级转移支付, 本级专项资金) — a project counts under each of its tags, so
 *   the rows can add up to more than the total — and "其他/未标注" for projects with none of them;
 * - byUnit: the round's sheets rolled up to their 主管部门 (top-level unit); 执行率 = executed ÷
 *   全年预算数 of those sheets (shared/rules percent: two decimals, half-up; null for a zero
 *   budget), 时间进度 the round's (its profile's months or days mode); yellow/red = sheets by level;
 * - warnings: the round's current warnings by level and by rule;
 * - decisions: decisions on the round's sheets by action, amounts summed;
 * - rectifications: the year's items raised by monitoring (any round): total, open (未开始 or
 *   整改中), done (已完成), overdue (open past the deadline, today = ctx.now() as a UTC date);
 *   不予整改 counts in the total only.
 * Every sum is of integer 分, exact.
 */

const CATEGORY_TAGS: readonly FundTag[] = ['direct', 'revitalization', 'specialBond', 'generalBond', 'upperTransfer', 'localSpecial'];
/** The row for projects with none of CATEGORY_TAGS. */
export const UNTAGGED_CATEGORY = 'other';
const UNTAGGED_LABEL = '其他/未标注';
const LEVELS: readonly WarningLevel[] = ['red', 'yellow'];

type Cell = MonitoringSummaryDto['projects'];
const emptyCell = (): Cell => ({ total: 0, monitored: 0, amountFen: 0, monitoredAmountFen: 0, executedFen: 0 });

function topOf(byId: ReadonlyMap<string, UnitRow>, id: string): UnitRow | undefined {
  let cur = byId.get(id);
  for (let guard = 0; cur?.parent_id && guard < 5; guard++) {
    const parent = byId.get(cur.parent_id);
    if (!parent) break;
    cur = parent;
  }
  return cur;
}

export const monitoringStatsHandlers: HandlerMap<'monitoring.summary'> = {
  'monitoring.summary': (ctx, { year, roundId }) => {
    let round: MonitoringRoundRow | undefined;
    if (roundId) {
      round = findRound(ctx.db, roundId);
      if (!round) throw new AppFailure('NOT_FOUND', '监控批次不存在。');
      if (round.year !== year) throw new AppFailure('VALIDATION', `监控批次“${round.title}”属于 ${round.year} 年度，不是 ${year} 年度。`, [{ field: 'roundId', message: '批次与年度不一致' }]);
    } else {
      round = latestRound(ctx.db, year, 'project');
    }
    const rid = round?.id ?? '';

    // Projects and fund categories.
    const projects = emptyCell();
    const facts = summaryProjects(ctx.db, ctx.origin, year, rid);
    const tagsOf = new Map<string, FundTag[]>();
    for (const t of summaryTags(ctx.db, ctx.origin, year)) tagsOf.set(t.projectId, [...(tagsOf.get(t.projectId) ?? []), t.tag]);
    const categories = new Map<string, Cell>([...CATEGORY_TAGS, UNTAGGED_CATEGORY].map((c) => [c, emptyCell()]));
    const add = (cell: Cell, f: (typeof facts)[number]) => {
      cell.total++;
      cell.amountFen += f.amountFen;
      if (f.sheetId !== null) {
        cell.monitored++;
        cell.monitoredAmountFen += f.amountFen;
        cell.executedFen += f.executedFen ?? 0;
      }
    };
    for (const f of facts) {
      add(projects, f);
      const tags = (tagsOf.get(f.id) ?? []).filter((t) => CATEGORY_TAGS.includes(t));
      for (const t of tags.length ? tags : [UNTAGGED_CATEGORY]) {
        const cell = categories.get(t);
        if (cell) add(cell, f);
      }
    }

    // Units, rolled up to their 主管部门.
    const units = listUnits(ctx.db);
    const byId = new Map(units.map((u) => [u.id, u]));
    const tp = round ? timeProgress(roundProfile(ctx.db, round).body.monitoring.timeProgress, round.year, round.month) : null;
    const depts = new Map<string, { unit: UnitRow; annualBudgetFen: number; executedFen: number; yellow: number; red: number }>();
    for (const s of round ? summarySheetsByUnit(ctx.db, round.id) : []) {
      const top = topOf(byId, s.unitId);
      if (!top) continue;
      const d = depts.get(top.id) ?? { unit: top, annualBudgetFen: 0, executedFen: 0, yellow: 0, red: 0 };
      d.annualBudgetFen += s.annualBudgetFen;
      d.executedFen += s.executedFen;
      d.yellow += s.yellow;
      d.red += s.red;
      depts.set(top.id, d);
    }
    const byUnit = [...depts.values()]
      .sort((a, b) => a.unit.code.localeCompare(b.unit.code) || a.unit.id.localeCompare(b.unit.id))
      .map((d) => ({
        unitId: d.unit.id, unitName: d.unit.name, annualBudgetFen: d.annualBudgetFen, executedFen: d.executedFen,
        executionRate: percent(d.executedFen, d.annualBudgetFen), timeProgress: tp, yellow: d.yellow, red: d.red,
      }));

    // Warnings and decisions of the round.
    const warnings = round ? summaryWarnings(ctx.db, round.id) : [];
    const ruleOrder = (rule: string) => {
      const i = (MONITORING_RULE_KINDS as readonly string[]).indexOf(rule);
      return i < 0 ? MONITORING_RULE_KINDS.length : i;
    };
    const warningsByRule = [...warnings].sort((a, b) => ruleOrder(a.rule) - ruleOrder(b.rule) || a.rule.localeCompare(b.rule) || LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
    const decisions = new Map((round ? summaryDecisions(ctx.db, round.id) : []).map((d) => [d.action, d]));
    const decisionsByAction = [...DECISION_ACTIONS, ...[...decisions.keys()].filter((a) => !(DECISION_ACTIONS as readonly string[]).includes(a))]
      .map((action) => ({ action, count: decisions.get(action)?.count ?? 0, amountFen: decisions.get(action)?.amountFen ?? 0 }));

    const rect = { total: 0, open: 0, done: 0, overdue: 0 };
    for (const c of rectificationCounts(ctx.db, year, 'monitoring', ctx.now().toISOString().slice(0, 10))) {
      rect.total += c.n;
      if (c.status === 'open' || c.status === 'inProgress') {
        rect.open += c.n;
        if (c.late === 1) rect.overdue += c.n;
      } else if (c.status === 'done') rect.done += c.n;
    }

    return {
      year,
      roundId: round?.id ?? null,
      month: round?.month ?? null,
      projects,
      units: summaryUnits(ctx.db, ctx.origin, year),
      byCategory: [...categories].map(([category, cell]) => ({
        category, label: category === UNTAGGED_CATEGORY ? UNTAGGED_LABEL : FUND_TAG_LABELS[category as FundTag], ...cell,
      })),
      byUnit,
      warningsByLevel: LEVELS.map((level) => ({ level, count: warnings.filter((w) => w.level === level).reduce((a, w) => a + w.count, 0) })),
      warningsByRule,
      decisionsByAction,
      rectifications: rect,
    } satisfies MonitoringSummaryDto;
  },
};
