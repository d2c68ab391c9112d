import type { MonitoringRoundStat } from '../../../shared/api/dtoStatistics.ts';
import type { Db } from '../db/connection.ts';

/**
 * SQL of the statistics layer (统计口径, shared/rules/statisticsCatalog.ts). Whole-year queries over
 * one office (scope 'own': origin = this office) or every office's records (scope 'all': the
 * consolidated prefecture view). Each returns groups keyed by (origin, unit, budget type, fund
 * tags) with integer measures — counts, and sums of INTEGER 分 columns, which SQLite keeps exact —
 * so the service can roll them up to every cut without reading a row per project.
 *
 * Plans (tests/integration/statistics-plans.test.ts): the project cube walks the covering index
 * stat_projects_year and probes each stage table through a covering index by project (0012);
 * the other queries start from a (year, …) index of their own table. The predicates below are
 * shared with the drill-down (statisticsDrill.ts), so a figure and the list behind it agree.
 */

export type StatOriginScope = 'own' | 'all';

/** 全年预算数 of a project row `p`. */
export const AMOUNT = '(p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen)';

/** Predicates over the per-project facts (columns of PROJECT_FACTS below). */
export const FACT = {
  inBudget: "status <> 'notFunded'",
  goalDone: "gs IN ('approved','published')",
  goalPending: "gs IN ('submitted','deptApproved','reviewed')",
  goalReturned: "gs = 'returned'",
  goalRefused: "gs = 'notFunded'",
  exDone: "ex LIKE 'completed|%'",
  monitored: 'lvl IS NOT NULL',
  evalAccepted: "es = 'accepted'",
  evalPending: "es IN ('submitted','deptApproved')",
  evalReturned: "es = 'returned'",
} as const;

/** The fund tags of project `pid` (comma-separated, NULL without tags). */
export const tagsOf = (pid: string) => `(SELECT group_concat(t.tag) FROM project_tags t WHERE t.project_id = ${pid})`;

/**
 * One row per project of the year (not cancelled) with its stage facts: goal sheet, self-evaluation,
 * the worst warning level over its monitoring sheets (NULL: never monitored; 0 none, 1 yellow, 2 red),
 * its latest ex-ante assessment as "status|conclusion", and whether the year's profile requires one
 * (the service passes the (new_major|attribute|over threshold) combinations shared/rules/exAnte.ts
 * exAnteRequired accepts, so the rule itself stays in one place). The unit is kept only for the
 * office whose 主管部门 are shown (@deptOrigin): grouping every county by unit would sort ten times
 * the groups for a cut nobody reads. 涉密: the project's flag, or its unit (or a unit above it) in
 * @confidential, the JSON list the service derives from the unit tree.
 */
export function projectFactsSql(scope: StatOriginScope, detail = false): string {
  return `
  SELECT ${detail ? 'p.id AS pid, p.code AS code, p.name AS name, p.unit_id AS rawUnitId,' : ''} p.origin AS origin, CASE WHEN p.origin = @deptOrigin THEN p.unit_id END AS unitId, p.budget_type AS budgetType, p.status AS status,
    (p.confidential = 1 OR p.unit_id IN (SELECT value FROM json_each(@confidential))) AS conf, ${AMOUNT} AS a,
    ${tagsOf('p.id')} AS tags,
    g.id AS gid, g.status AS gs, e.id AS eid, e.status AS es, e.grade AS eg,
    (SELECT max(CASE s.warning_level WHEN 'red' THEN 2 WHEN 'yellow' THEN 1 ELSE 0 END) FROM monitoring_sheets s WHERE s.project_id = p.id) AS lvl,
    (SELECT x.status || '|' || coalesce(x.conclusion, '') FROM ex_ante_assessments x WHERE x.project_id = p.id ORDER BY x.created_at DESC LIMIT 1) AS ex,
    (p.new_major || '|' || p.attribute || '|' || (${AMOUNT} >= @threshold)) IN (SELECT value FROM json_each(@required)) AS req
  FROM projects p INDEXED BY stat_projects_year
  LEFT JOIN goal_sheets g INDEXED BY stat_goal_sheets_project ON g.project_id = p.id
  LEFT JOIN self_evaluations e INDEXED BY stat_self_evaluations_project ON e.project_id = p.id
  WHERE p.year = @year ${scope === 'own' ? 'AND p.origin = @origin' : ''} AND p.status <> 'cancelled'`;
}

const flag = (pred: string) => `sum(CASE WHEN ${pred} THEN 1 ELSE 0 END)`;
const money = (pred: string) => `sum(CASE WHEN ${pred} THEN a ELSE 0 END)`;
const both = (id: string, pred: string) => `${flag(pred)} AS "${id}.n", ${money(pred)} AS "${id}.fen"`;
const disclosed = (idCol: string, type: string) => `EXISTS (SELECT 1 FROM disclosures d WHERE d.object_id = ${idCol} AND d.object_type = '${type}')`;
const GRADES = ['excellent', 'good', 'fair', 'low', 'poor'] as const;

/** The project cube: PROJECT_FACTS grouped by origin, unit, budget type and tag set. */
export function projectCubeSql(scope: StatOriginScope): string {
  const { inBudget, goalDone, evalAccepted, exDone, monitored } = FACT;
  const goalOpen = `${inBudget} AND ${goalDone}`;
  return `
  SELECT origin, unitId, budgetType, tags,
    count(*) AS "projects.n", sum(a) AS "projects.fen",
    ${both('budget', inBudget)},
    ${both('goals', goalDone)},
    ${flag(FACT.goalPending)} AS "goals.pending.n", ${flag(FACT.goalReturned)} AS "goals.returned.n", ${flag(FACT.goalRefused)} AS "goals.refused.n",
    ${both('exAnte.required', 'req')}, ${both('exAnte.requiredDone', `req AND ${exDone}`)}, ${both('exAnte.completed', exDone)},
    ${flag("ex = 'completed|support'")} AS "exAnte.support.n", ${flag("ex = 'completed|supportAfterAdjustment'")} AS "exAnte.adjust.n",
    ${flag("ex = 'completed|reject'")} AS "exAnte.reject.n",
    ${both('monitoring', `${inBudget} AND ${monitored}`)},
    ${flag(`${inBudget} AND lvl = 2`)} AS "monitoring.red.n", ${flag(`${inBudget} AND lvl = 1`)} AS "monitoring.yellow.n",
    ${both('selfEval', `${inBudget} AND ${evalAccepted}`)}, ${both('selfEval.accepted', evalAccepted)},
    ${flag(FACT.evalPending)} AS "selfEval.pending.n", ${flag(FACT.evalReturned)} AS "selfEval.returned.n",
    ${GRADES.map((g) => `${flag(`${inBudget} AND ${evalAccepted} AND eg = '${g}'`)} AS "selfEval.grade.${g}"`).join(', ')},
    ${both('linkage.base', `${evalAccepted} AND eg IS NOT NULL`)},
    ${flag(`conf = 0 AND ${goalOpen}`)} + ${flag(`conf = 0 AND ${evalAccepted}`)} AS "disclosure.base.n",
    ${flag(`conf = 0 AND ${goalOpen} AND ${disclosed('gid', 'goalSheet')}`)} + ${flag(`conf = 0 AND ${evalAccepted} AND ${disclosed('eid', 'selfEvaluation')}`)} AS "disclosure.done.n",
    ${flag(`conf = 1 AND ${goalOpen}`)} + ${flag(`conf = 1 AND ${evalAccepted}`)} AS "disclosure.excluded.n"
  FROM (${projectFactsSql(scope)} LIMIT -1)
  GROUP BY origin, unitId, budgetType, tags`;
}

/** Per-unit facts: active units, their 部门整体 goal, monitoring and self-evaluation of the year. */
export function unitFactsSql(scope: StatOriginScope, detail = false): string {
  return `
  SELECT ${detail ? 'u.id AS rawUnitId, u.code AS code, u.name AS name,' : ''} CASE WHEN u.origin = @deptOrigin THEN u.id END AS unitId, u.origin AS origin, u.id IN (SELECT value FROM json_each(@confidential)) AS conf,
    (SELECT g.id FROM goal_sheets g WHERE g.origin = u.origin AND g.year = @year AND g.unit_id = u.id AND g.owner_type = 'unitOverall'
       AND g.status IN ('approved','published')) AS gid,
    (SELECT e.id FROM self_evaluations e WHERE e.origin = u.origin AND e.year = @year AND e.unit_id = u.id AND e.project_id IS NULL AND e.status = 'accepted') AS eid,
    u.id IN (SELECT s.unit_id FROM monitoring_rounds r JOIN monitoring_sheets s ON s.round_id = r.id
             WHERE r.year = @year AND r.object_type = 'unitOverall' AND s.project_id IS NULL) AS mon
  FROM units u
  WHERE u.active = 1 ${scope === 'own' ? 'AND u.origin = @origin' : ''}`;
}

export function unitCubeSql(scope: StatOriginScope): string {
  return `
  SELECT f.origin AS origin, f.unitId AS unitId, NULL AS budgetType, NULL AS tags,
    count(*) AS "units.n", sum(f.gid IS NOT NULL) AS "unitGoals.n", sum(f.gid IS NOT NULL AND f.mon) AS "unitMonitoring.n",
    sum(f.gid IS NOT NULL AND f.eid IS NOT NULL) AS "unitSelfEval.n",
    coalesce(sum(CASE WHEN f.gid IS NOT NULL AND f.eid IS NOT NULL THEN
      (SELECT e.annual_fiscal_fen + e.annual_carryover_fen + e.annual_other_fen FROM self_evaluations e WHERE e.id = f.eid) END), 0) AS "unitSelfEval.fen",
    sum(f.conf = 0 AND f.gid IS NOT NULL) + sum(f.conf = 0 AND f.eid IS NOT NULL) AS "disclosure.base.n",
    sum(f.conf = 0 AND f.gid IS NOT NULL AND ${disclosed('f.gid', 'goalSheet')}) + sum(f.conf = 0 AND f.eid IS NOT NULL AND ${disclosed('f.eid', 'selfEvaluation')}) AS "disclosure.done.n",
    sum(f.conf = 1 AND f.gid IS NOT NULL) + sum(f.conf = 1 AND f.eid IS NOT NULL) AS "disclosure.excluded.n"
  FROM (${unitFactsSql(scope)} LIMIT -1) f
  GROUP BY f.origin, f.unitId`;
}

/** 财政复核: self-evaluations re-checked (done) in the year's samples, once each. */
export function recheckCubeSql(scope: StatOriginScope): string {
  return `
  SELECT origin, unitId, budgetType, tags, count(*) AS "recheck.n", sum(fen) AS "recheck.fen", sum(lowered) AS "recheck.lowered.n"
  FROM (
    SELECT e.origin AS origin, CASE WHEN e.origin = @deptOrigin THEN e.unit_id END AS unitId, p.budget_type AS budgetType, ${tagsOf('e.project_id')} AS tags,
      CASE WHEN p.id IS NULL THEN e.annual_fiscal_fen + e.annual_carryover_fen + e.annual_other_fen ELSE ${AMOUNT} END AS fen,
      max(ri.total < e.total) AS lowered
    FROM recheck_samples rs
    JOIN recheck_items ri ON ri.sample_id = rs.id
    JOIN self_evaluations e ON e.id = ri.evaluation_id
    LEFT JOIN projects p ON p.id = e.project_id
    WHERE rs.year = @year AND ri.status = 'done' AND e.status = 'accepted' AND (p.id IS NULL OR p.status <> 'cancelled') ${scope === 'own' ? 'AND e.origin = @origin' : ''}
    GROUP BY e.id)
  GROUP BY origin, unitId, budgetType, tags`;
}

/** The amount of an evaluated object: its project's, or for a unit overall the unit's projects in the budget. */
const EVALUATED_AMOUNT = `CASE WHEN p.id IS NOT NULL THEN ${AMOUNT} ELSE coalesce((
  SELECT sum(q.annual_fiscal_fen + q.annual_carryover_fen + q.annual_other_fen) FROM projects q INDEXED BY projects_year_unit
  WHERE q.year = k.year AND q.unit_id = k.unit_id AND q.status NOT IN ('cancelled','notFunded')), 0) END`;

/** 部门评价 / 财政重点评价 completed in the year (kind decides the stage). */
export function keyEvalCubeSql(scope: StatOriginScope): string {
  return `
  SELECT u.origin AS origin, CASE WHEN u.origin = @deptOrigin THEN k.unit_id END AS unitId, p.budget_type AS budgetType, ${tagsOf('k.project_id')} AS tags, k.kind AS kind,
    count(*) AS n, sum(${EVALUATED_AMOUNT}) AS fen, sum(k.evaluator = 'thirdParty') AS "thirdParty.n",
    ${GRADES.map((g) => `sum(k.grade = '${g}') AS "grade.${g}"`).join(', ')}
  FROM key_evaluations k
  JOIN units u ON u.id = k.unit_id
  LEFT JOIN projects p ON p.id = k.project_id
  WHERE k.year = @year AND k.status = 'completed' AND (p.id IS NULL OR p.status <> 'cancelled') ${scope === 'own' ? 'AND u.origin = @origin' : ''}
  GROUP BY 1, 2, 3, 4, 5`;
}

/** 预算挂钩 decisions of the year (project decisions). */
export function linkageCubeSql(scope: StatOriginScope): string {
  return `
  SELECT p.origin AS origin, CASE WHEN p.origin = @deptOrigin THEN p.unit_id END AS unitId, p.budget_type AS budgetType, ${tagsOf('p.id')} AS tags,
    count(*) AS "linkage.n", sum(d.base_fen) AS "linkage.fen",
    ${['priority', 'maintain', 'reduce', 'cancel'].map((a) => `sum(d.decision = '${a}') AS "linkage.${a}.n"`).join(', ')},
    sum(CASE WHEN d.amount_fen < 0 THEN -d.amount_fen ELSE 0 END) AS "linkage.cut.fen",
    sum(CASE WHEN d.amount_fen > 0 THEN d.amount_fen ELSE 0 END) AS "linkage.add.fen"
  FROM linkage_decisions d
  JOIN projects p ON p.id = d.project_id
  WHERE d.year = @year AND d.project_id IS NOT NULL AND p.status <> 'cancelled' ${scope === 'own' ? 'AND p.origin = @origin' : ''}
  GROUP BY 1, 2, 3, 4`;
}

/** 整改台账 items of the year, one row each (rates are decided by shared/rules/rectification.ts). */
export function rectificationItemsSql(scope: StatOriginScope): string {
  return `
  SELECT r.id AS id, r.code AS code, r.problem AS problem, coalesce(p.code, '') AS projectCode,
    coalesce(p.origin, u.origin, r.origin) AS origin, coalesce(r.unit_id, p.unit_id) AS unitId, p.budget_type AS budgetType,
    ${tagsOf('r.project_id')} AS tags, r.source AS source, r.status AS status, r.deadline AS deadline, r.closed_on AS closedOn,
    coalesce(r.amount_fen, 0) AS amountFen, coalesce(r.recovered_fen, 0) AS recoveredFen
  FROM rectifications r
  LEFT JOIN projects p ON p.id = r.project_id
  LEFT JOIN units u ON u.id = r.unit_id
  WHERE r.year = @year ${scope === 'own' ? 'AND coalesce(p.origin, u.origin, r.origin) = @origin' : ''}`;
}

/** A group of a cube: its dimensions and every other column a measure. */
export interface CubeRow {
  origin: string;
  unitId: string | null;
  budgetType: string | null;
  tags: string | null;
  [measure: string]: string | number | null;
}

export interface CubeParams {
  year: number;
  origin: string;
  /** The office whose units are kept (the others' rows come with unitId NULL). */
  deptOrigin: string;
  /** JSON list of 涉密 unit ids (a confidential unit and every unit under it). */
  confidential: string;
  /** Ex-ante: amounts from which a new project requires an assessment (分), and the combinations that require one. */
  threshold: number;
  required: string;
}

export const cube = (db: Db, sql: string, params: Partial<CubeParams>): CubeRow[] => db.prepare(sql).all(params) as CubeRow[];

export interface KeyEvalCubeRow extends CubeRow {
  kind: 'department' | 'finance';
}

export interface RectificationItemRow {
  id: string;
  code: string;
  problem: string;
  projectCode: string;
  origin: string;
  unitId: string | null;
  budgetType: string | null;
  tags: string | null;
  source: string;
  status: 'open' | 'inProgress' | 'done' | 'waived';
  deadline: string;
  closedOn: string | null;
  amountFen: number;
  recoveredFen: number;
}

export function rectificationItems(db: Db, scope: StatOriginScope, year: number, origin: string): RectificationItemRow[] {
  return db.prepare(rectificationItemsSql(scope)).all({ year, origin }) as RectificationItemRow[];
}

// ---------------------------------------------------------------- monitoring rounds

export interface StatRoundRow {
  id: string;
  origin: string;
  title: string;
  month: number;
  kind: 'self' | 'key';
  due_on: string;
  status: 'open' | 'closed';
  created_at: string;
}

export const PROJECT_ROUNDS_SQL = `
  SELECT id, origin, title, month, kind, due_on, status, created_at FROM monitoring_rounds
  WHERE year = @year AND object_type = 'project' ORDER BY origin, month DESC, created_at DESC`;

export function projectRounds(db: Db, year: number): StatRoundRow[] {
  return db.prepare(PROJECT_ROUNDS_SQL).all({ year }) as StatRoundRow[];
}

export type RoundSheetSums = Pick<MonitoringRoundStat, 'sheets' | 'submitted' | 'accepted' | 'returned' | 'draft' | 'budgetFen' | 'red' | 'yellow'> & {
  executedFen: number;
  /** Sheets whose 1–N月执行数 differs from the sum of its filled parts. */
  badParts: number;
};

export const ROUND_SHEET_SUMS_SQL = `
  SELECT count(*) AS sheets, coalesce(sum(status = 'submitted'), 0) AS submitted, coalesce(sum(status = 'accepted'), 0) AS accepted,
    coalesce(sum(status = 'returned'), 0) AS returned, coalesce(sum(status = 'draft'), 0) AS draft,
    coalesce(sum(annual_budget_fen), 0) AS budgetFen, coalesce(sum(executed_fen), 0) AS executedFen,
    coalesce(sum(warning_level = 'red'), 0) AS red, coalesce(sum(warning_level = 'yellow'), 0) AS yellow,
    coalesce(sum(executed_fen <> executed_fiscal_fen + executed_other_fen), 0) AS badParts
  FROM monitoring_sheets INDEXED BY stat_monitoring_sheets_round WHERE round_id = @roundId`;

export function roundSheetSums(db: Db, roundId: string): RoundSheetSums {
  return db.prepare(ROUND_SHEET_SUMS_SQL).get({ roundId }) as RoundSheetSums;
}

// ---------------------------------------------------------------- offices and units

export interface StatUnitRow {
  id: string;
  origin: string;
  code: string;
  name: string;
  parent_id: string | null;
  confidential: 0 | 1;
}

/** Every unit (all offices): names, the tree for 主管部门 and 涉密 through ancestors. */
export function statUnits(db: Db): StatUnitRow[] {
  return db.prepare('SELECT id, origin, code, name, parent_id, confidential FROM units').all() as StatUnitRow[];
}

/** Registered offices (names of the counties). */
export function peerNames(db: Db): { region_code: string; name: string; relation: 'parent' | 'child' }[] {
  return db.prepare('SELECT region_code, name, relation FROM peer_offices ORDER BY region_code').all() as { region_code: string; name: string; relation: 'parent' | 'child' }[];
}
