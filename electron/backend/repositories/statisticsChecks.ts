import type { Db } from '../db/connection.ts';
import type { StatOriginScope } from './statistics.ts';

/**
 * Consistency checks of the statistics layer (数据一致性): places where an office's own stated
 * figures disagree with the sum of their parts or of the records (a monitoring sheet's 1–N月执行数
 * against its 财政拨款 and 其他资金 parts, a 部门整体 sheet's 全年预算数 against the unit's projects,
 * a county's bundle manifest against the rows that arrived). The statistics and the report print
 * these instead of a sum they cannot vouch for. Each query is limited to the first rows (LIMIT) —
 * the count is reported beside them.
 */

const LIMIT = 200;
const own = (scope: StatOriginScope, col: string) => (scope === 'own' ? `AND ${col} = @origin` : '');

export interface SheetPartsRow {
  id: string;
  origin: string;
  round_title: string;
  project_id: string | null;
  code: string | null;
  name: string;
  stated: number;
  computed: number;
}

/** What a monitoring sheet states and the parts it should equal (the form's columns). */
const SHEET_PARTS = {
  executed: { stated: 's.executed_fen', parts: 's.executed_fiscal_fen + s.executed_other_fen' },
  budget: { stated: 's.annual_budget_fen', parts: 's.fiscal_budget_fen + s.other_budget_fen' },
} as const;

/**
 * Sheets of the year's rounds whose stated total is not the sum of its parts: 1–N月执行数 against
 * 财政拨款 + 其他资金 (both filled), or 全年预算数 against the two budget columns.
 */
export function monitoringSheetParts(db: Db, which: keyof typeof SHEET_PARTS, scope: StatOriginScope, year: number, origin: string): SheetPartsRow[] {
  const { stated, parts } = SHEET_PARTS[which];
  return db.prepare(`
    SELECT s.id, s.origin, r.title AS round_title, s.project_id, p.code, coalesce(p.name, u.name) AS name, ${stated} AS stated, ${parts} AS computed
    FROM monitoring_rounds r
    JOIN monitoring_sheets s INDEXED BY stat_monitoring_sheets_round ON s.round_id = r.id
    LEFT JOIN projects p ON p.id = s.project_id
    JOIN units u ON u.id = s.unit_id
    WHERE r.year = @year ${own(scope, 's.origin')} AND ${stated} <> ${parts}
    ORDER BY s.origin, r.month, p.code LIMIT ${LIMIT}`).all({ year, origin }) as SheetPartsRow[];
}

/**
 * 部门整体 monitoring sheets whose 全年预算数 (filled in from the unit's projects when the round was
 * populated, editable afterwards) differs from the unit's projects of the year in the budget now.
 */
export function unitMonitoringBudget(db: Db, scope: StatOriginScope, year: number, origin: string): SheetPartsRow[] {
  return db.prepare(`
    SELECT s.id, s.origin, r.title AS round_title, NULL AS project_id, u.code, u.name, s.annual_budget_fen AS stated,
      coalesce((SELECT sum(q.annual_fiscal_fen + q.annual_carryover_fen + q.annual_other_fen) FROM projects q INDEXED BY projects_year_unit
        WHERE q.year = r.year AND q.unit_id = s.unit_id AND q.origin = s.origin AND q.status NOT IN ('cancelled','notFunded')), 0) AS computed
    FROM monitoring_rounds r
    JOIN monitoring_sheets s ON s.round_id = r.id
    JOIN units u ON u.id = s.unit_id
    WHERE r.year = @year AND r.object_type = 'unitOverall' AND s.project_id IS NULL ${own(scope, 's.origin')} AND stated <> computed
    ORDER BY s.origin, r.month, u.code LIMIT ${LIMIT}`).all({ year, origin }) as SheetPartsRow[];
}

export interface EvalPartsRow {
  id: string;
  origin: string;
  owner_type: 'project' | 'unitOverall';
  code: string;
  name: string;
  stated: number;
  computed: number;
}

/**
 * Self-evaluations whose 全年执行数 is not the sum of its parts: 财政拨款 + 上年结转 + 其他资金 on a
 * project (all three filled), 人员经费 + 公用经费 + 项目支出 on a unit overall (all filled).
 */
export function selfEvalExecutedParts(db: Db, scope: StatOriginScope, year: number, origin: string): EvalPartsRow[] {
  return db.prepare(`
    SELECT e.id, e.origin, e.owner_type, coalesce(p.code, u.code) AS code, coalesce(p.name, u.name) AS name, e.executed_fen AS stated,
      CASE WHEN e.owner_type = 'project' THEN e.executed_fiscal_fen + e.executed_carryover_fen + e.executed_other_fen
           ELSE e.basic_personnel_executed_fen + e.basic_public_executed_fen + e.project_executed_fen END AS computed
    FROM self_evaluations e INDEXED BY stat_self_evaluations_money
    LEFT JOIN projects p ON p.id = e.project_id
    JOIN units u ON u.id = e.unit_id
    WHERE e.year = @year ${own(scope, 'e.origin')} AND e.executed_fen IS NOT NULL
      AND ((e.owner_type = 'project' AND e.executed_fen <> e.executed_fiscal_fen + e.executed_carryover_fen + e.executed_other_fen)
        OR (e.owner_type = 'unitOverall' AND e.executed_fen <> e.basic_personnel_executed_fen + e.basic_public_executed_fen + e.project_executed_fen))
    ORDER BY e.origin, code LIMIT ${LIMIT}`).all({ year, origin }) as EvalPartsRow[];
}

/** 部门整体 self-evaluations whose 项目支出 全年预算数 differs from the unit's projects in the budget now. */
export function unitSelfEvalBudget(db: Db, scope: StatOriginScope, year: number, origin: string): EvalPartsRow[] {
  return db.prepare(`
    SELECT e.id, e.origin, e.owner_type, u.code, u.name, e.annual_fiscal_fen + e.annual_carryover_fen + e.annual_other_fen AS stated,
      coalesce((SELECT sum(q.annual_fiscal_fen + q.annual_carryover_fen + q.annual_other_fen) FROM projects q INDEXED BY projects_year_unit
        WHERE q.year = e.year AND q.unit_id = e.unit_id AND q.origin = e.origin AND q.status NOT IN ('cancelled','notFunded')), 0) AS computed
    FROM self_evaluations e
    JOIN units u ON u.id = e.unit_id
    WHERE e.year = @year AND e.owner_type = 'unitOverall' ${own(scope, 'e.origin')} AND stated <> computed
    ORDER BY e.origin, u.code LIMIT ${LIMIT}`).all({ year, origin }) as EvalPartsRow[];
}

/** The newest upward bundle accepted from each child office, with its manifest counts (JSON). */
export function lastChildBundles(db: Db): { peer: string; seq: number; years: string; counts: string; processed_at: string }[] {
  return db.prepare(`
    SELECT b.peer_region_code AS peer, b.seq, b.years, b.counts, b.processed_at FROM bundle_log b
    WHERE b.direction = 'received' AND b.kind = 'up' AND b.status IN ('imported', 'unchanged')
      AND b.seq = (SELECT max(x.seq) FROM bundle_log x WHERE x.direction = 'received' AND x.kind = 'up' AND x.peer_region_code = b.peer_region_code
                   AND x.status IN ('imported', 'unchanged'))
    GROUP BY b.peer_region_code`).all() as { peer: string; seq: number; years: string; counts: string; processed_at: string }[];
}

/** Tables whose rows carry origin and year: what a bundle's manifest count can be compared with. */
export const COUNTED_TABLES = ['projects', 'goal_sheets', 'monitoring_rounds', 'self_evaluations', 'key_evaluations', 'rectifications', 'linkage_decisions', 'disclosures'] as const;

/** Rows of an office in the given years, per table. */
export function rowsOfOrigin(db: Db, table: (typeof COUNTED_TABLES)[number], origin: string, years: readonly number[]): number {
  return db.prepare(`SELECT count(*) FROM ${table} WHERE origin = ? AND year IN (SELECT value FROM json_each(?))`).pluck().get(origin, JSON.stringify(years)) as number;
}
