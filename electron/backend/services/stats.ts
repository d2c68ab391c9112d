import type { CoverageCell, CoverageDto, GoalStatus } from '../../../shared/api/dtoGoals.ts';
import { GOAL_STATUSES } from '../../../shared/api/dtoGoals.ts';
import { BUDGET_TYPES, FUND_TAGS } from '../../../shared/domain/projects.ts';
import { exAnteRequired } from '../../../shared/rules/exAnte.ts';
import type { HandlerMap } from '../context.ts';
import { coverageGroups, coverageTags, exAnteFacts, unitCoverage } from '../repositories/statsQueries.ts';
import { resolveProfile } from './profiles.ts';

/**
 * 目标覆盖情况 (stats.coverage). Definitions, so the figures can be explained to whoever reads them:
 * - projects: this office's projects of the year except cancelled ones (repositories/statsQueries.ts);
 *   amount = 全年预算数 (sum of the three annual source splits), integer 分, summed exactly;
 * - covered: the project's goal sheet is 已批复 (approved) or 已公开 (published);
 * - units: this office's active units; covered = its 部门整体 goal sheet is approved or published;
 * - byTag: a project counts under each of its fund tags (so tag rows can add up to more than the total);
 * - byStatus: goal sheet status, 'none' when the project has no sheet yet;
 * - exAnte: required = projects the year's rule profile requires an assessment for
 *   (shared/rules/exAnte.ts exAnteRequired); completed = projects whose latest assessment is
 *   completed, required or not; support/adjust/reject = those completed ones by conclusion;
 * - midYearAdditions: projects flagged 年中追加, same cell as projects.
 */
export const COVERED_STATUSES: readonly GoalStatus[] = ['approved', 'published'];

const emptyCell = (): CoverageCell => ({ count: 0, covered: 0, amountFen: 0, coveredAmountFen: 0 });

function add(cell: CoverageCell, n: number, amountFen: number, covered: boolean): void {
  cell.count += n;
  cell.amountFen += amountFen;
  if (covered) {
    cell.covered += n;
    cell.coveredAmountFen += amountFen;
  }
}

export const statsHandlers: HandlerMap<'stats.coverage'> = {
  'stats.coverage': (ctx, { year }) => {
    const projects = emptyCell();
    const midYearAdditions = emptyCell();
    const byBudgetType = new Map(BUDGET_TYPES.map((t) => [t, emptyCell()]));
    const byStatus = new Map<GoalStatus | 'none', { count: number; amountFen: number }>(
      (['none', ...GOAL_STATUSES] as const).map((s) => [s, { count: 0, amountFen: 0 }]),
    );
    for (const g of coverageGroups(ctx.db, ctx.origin, year)) {
      const covered = g.goalStatus !== 'none' && COVERED_STATUSES.includes(g.goalStatus);
      add(projects, g.n, g.amountFen, covered);
      const bt = byBudgetType.get(g.budgetType);
      if (bt) add(bt, g.n, g.amountFen, covered);
      if (g.midYear === 1) add(midYearAdditions, g.n, g.amountFen, covered);
      const st = byStatus.get(g.goalStatus);
      if (st) {
        st.count += g.n;
        st.amountFen += g.amountFen;
      }
    }

    const byTag = new Map(FUND_TAGS.map((t) => [t, emptyCell()]));
    for (const t of coverageTags(ctx.db, ctx.origin, year)) {
      const cell = byTag.get(t.tag);
      if (cell) add(cell, t.n, t.amountFen, t.goalStatus !== 'none' && COVERED_STATUSES.includes(t.goalStatus));
    }

    const profile = resolveProfile(ctx.db, year).body;
    const exAnte = { required: 0, completed: 0, support: 0, adjust: 0, reject: 0 };
    for (const f of exAnteFacts(ctx.db, ctx.origin, year)) {
      if (exAnteRequired(profile, { newMajor: f.newMajor === 1, attribute: f.attribute, annualTotalFen: f.annualTotalFen })) exAnte.required++;
      if (f.exAnteStatus !== 'completed') continue;
      exAnte.completed++;
      if (f.conclusion === 'support') exAnte.support++;
      else if (f.conclusion === 'supportAfterAdjustment') exAnte.adjust++;
      else if (f.conclusion === 'reject') exAnte.reject++;
    }

    return {
      year,
      projects,
      units: unitCoverage(ctx.db, ctx.origin, year),
      byBudgetType: [...byBudgetType].map(([budgetType, cell]) => ({ budgetType, ...cell })),
      byTag: [...byTag].map(([tag, cell]) => ({ tag, ...cell })),
      byStatus: [...byStatus].map(([status, v]) => ({ status, ...v })),
      exAnte,
      midYearAdditions,
    } satisfies CoverageDto;
  },
};
