import type { Db } from '../db/connection.ts';
import { AMOUNT, FACT, projectFactsSql, tagsOf, unitFactsSql, type CubeParams, type StatOriginScope } from './statistics.ts';

/**
 * The records behind a figure (统计数字的明细): the same facts and predicates as the cubes in
 * statistics.ts, listed instead of summed, so the drill-down of a figure has exactly its count and
 * amount. Every source produces the columns (id, kind, code, name, unit_id, origin, budget_type,
 * tags, amount, state) and the cut filter of the clicked cell is applied on top.
 */

/** Which records, by figure id. `pred` filters the facts; `state` names what the status column shows. */
const PROJECT_FIGURES: Record<string, string> = {
  'goals.base': '1',
  'goals.done': FACT.goalDone,
  'goals.pending': FACT.goalPending,
  'goals.returned': FACT.goalReturned,
  'goals.refused': FACT.goalRefused,
  'exAnte.base': 'req',
  'exAnte.done': `req AND ${FACT.exDone}`,
  'exAnte.completed': FACT.exDone,
  'exAnte.completedFen': FACT.exDone,
  'exAnte.support': "ex = 'completed|support'",
  'exAnte.adjust': "ex = 'completed|supportAfterAdjustment'",
  'exAnte.reject': "ex = 'completed|reject'",
  'monitoring.base': FACT.inBudget,
  'monitoring.done': `${FACT.inBudget} AND ${FACT.monitored}`,
  'monitoring.red': `${FACT.inBudget} AND lvl = 2`,
  'monitoring.yellow': `${FACT.inBudget} AND lvl = 1`,
  'selfEval.base': FACT.inBudget,
  'selfEval.done': `${FACT.inBudget} AND ${FACT.evalAccepted}`,
  'selfEval.pending': FACT.evalPending,
  'selfEval.returned': FACT.evalReturned,
  'departmentEval.base': FACT.inBudget,
  'financeEval.base': FACT.inBudget,
  'linkage.base': `${FACT.evalAccepted} AND eg IS NOT NULL`,
  ...Object.fromEntries(['excellent', 'good', 'fair', 'low', 'poor'].map((g) => [`selfEval.grade.${g}`, `${FACT.inBudget} AND ${FACT.evalAccepted} AND eg = '${g}'`])),
};

const UNIT_FIGURES: Record<string, string> = {
  'unitGoals.base': '1',
  'unitGoals.done': 'gid IS NOT NULL',
  'unitMonitoring.base': 'gid IS NOT NULL',
  'unitMonitoring.done': 'gid IS NOT NULL AND mon',
  'unitSelfEval.base': 'gid IS NOT NULL',
  'unitSelfEval.done': 'gid IS NOT NULL AND eid IS NOT NULL',
};

export const drillableProjectFigure = (figure: string): boolean => figure in PROJECT_FIGURES;
export const drillableUnitFigure = (figure: string): boolean => figure in UNIT_FIGURES;

/** The columns every source produces. */
const COLS = 'id, kind, code, name, unit_id, origin, budget_type, tags, amount, state';

function projectSource(scope: StatOriginScope, pred: string): string {
  return `SELECT pid AS id, 'project' AS kind, code, name, rawUnitId AS unit_id, origin, budgetType AS budget_type, tags, a AS amount,
    coalesce(gs, '') || '|' || coalesce(es, '') || '|' || coalesce(eg, '') || '|' || coalesce(lvl, '') || '|' || coalesce(ex, '') AS state
    FROM (${projectFactsSql(scope, true)} LIMIT -1) WHERE ${pred}`;
}

function unitSource(scope: StatOriginScope, pred: string): string {
  return `SELECT rawUnitId AS id, 'unit' AS kind, code, name, rawUnitId AS unit_id, origin, NULL AS budget_type, NULL AS tags, NULL AS amount,
    (gid IS NOT NULL) || '|' || mon || '|' || (eid IS NOT NULL) AS state
    FROM (${unitFactsSql(scope, true)} LIMIT -1) WHERE ${pred}`;
}

/** Accepted self-evaluations (the re-check's population) and those re-checked. */
function evaluationSource(scope: StatOriginScope, rechecked: boolean): string {
  const own = scope === 'own' ? 'AND e.origin = @origin' : '';
  const amount = `CASE WHEN p.id IS NULL THEN e.annual_fiscal_fen + e.annual_carryover_fen + e.annual_other_fen ELSE ${AMOUNT} END`;
  if (rechecked) {
    return `SELECT e.id AS id, 'selfEvaluation' AS kind, coalesce(p.code, u.code) AS code, coalesce(p.name, u.name || ' 部门整体') AS name, e.unit_id AS unit_id,
        e.origin AS origin, p.budget_type AS budget_type, ${tagsOf('e.project_id')} AS tags, ${amount} AS amount, max(ri.total < e.total) AS state
      FROM recheck_samples rs JOIN recheck_items ri ON ri.sample_id = rs.id JOIN self_evaluations e ON e.id = ri.evaluation_id
      LEFT JOIN projects p ON p.id = e.project_id JOIN units u ON u.id = e.unit_id
      WHERE rs.year = @year AND ri.status = 'done' AND e.status = 'accepted' AND (p.id IS NULL OR p.status <> 'cancelled') ${own}
      GROUP BY e.id`;
  }
  return `SELECT e.id AS id, 'selfEvaluation' AS kind, coalesce(p.code, u.code) AS code, coalesce(p.name, u.name || ' 部门整体') AS name, e.unit_id AS unit_id,
      e.origin AS origin, p.budget_type AS budget_type, ${tagsOf('e.project_id')} AS tags, ${amount} AS amount, e.grade AS state
    FROM self_evaluations e INDEXED BY self_evaluations_year LEFT JOIN projects p ON p.id = e.project_id JOIN units u ON u.id = e.unit_id
    WHERE e.year = @year AND e.status = 'accepted' ${own}
      AND ((p.id IS NULL AND u.active = 1 AND EXISTS (SELECT 1 FROM goal_sheets g WHERE g.origin = e.origin AND g.year = e.year AND g.unit_id = e.unit_id
             AND g.owner_type = 'unitOverall' AND g.status IN ('approved','published'))) OR p.status <> 'cancelled')`;
}

function keyEvalSource(scope: StatOriginScope, kind: 'department' | 'finance', extra: string): string {
  return `SELECT k.id AS id, 'keyEvaluation' AS kind, coalesce(p.code, u.code) AS code, k.title AS name, k.unit_id AS unit_id, u.origin AS origin,
      p.budget_type AS budget_type, ${tagsOf('k.project_id')} AS tags,
      CASE WHEN p.id IS NOT NULL THEN ${AMOUNT} ELSE coalesce((SELECT sum(q.annual_fiscal_fen + q.annual_carryover_fen + q.annual_other_fen)
        FROM projects q INDEXED BY projects_year_unit WHERE q.year = k.year AND q.unit_id = k.unit_id AND q.status NOT IN ('cancelled','notFunded')), 0) END AS amount,
      coalesce(k.grade, '') || '|' || k.evaluator AS state
    FROM key_evaluations k JOIN units u ON u.id = k.unit_id LEFT JOIN projects p ON p.id = k.project_id
    WHERE k.year = @year AND k.status = 'completed' AND k.kind = '${kind}' AND (p.id IS NULL OR p.status <> 'cancelled')
      ${scope === 'own' ? 'AND u.origin = @origin' : ''} ${extra}`;
}

function linkageSource(scope: StatOriginScope, extra: string, amount = 'd.base_fen'): string {
  return `SELECT d.id AS id, 'linkage' AS kind, p.code AS code, p.name AS name, p.unit_id AS unit_id, p.origin AS origin, p.budget_type AS budget_type,
      ${tagsOf('p.id')} AS tags, ${amount} AS amount, d.decision AS state
    FROM linkage_decisions d JOIN projects p ON p.id = d.project_id
    WHERE d.year = @year AND d.project_id IS NOT NULL AND p.status <> 'cancelled' ${scope === 'own' ? 'AND p.origin = @origin' : ''} ${extra}`;
}

/** Disclosable objects (goal sheets of budget projects and units, accepted self-evaluations) with their disclosure state. */
function disclosureSource(scope: StatOriginScope, which: 'base' | 'done' | 'excluded'): string {
  const conf = which === 'excluded' ? 'conf = 1' : 'conf = 0';
  const done = (id: string, type: string) => `EXISTS (SELECT 1 FROM disclosures d WHERE d.object_id = ${id} AND d.object_type = '${type}')`;
  const pick = (id: string, type: string) => (which === 'done' ? `AND ${done(id, type)}` : '');
  const cols = (id: string, kind: string, label: string) => `${id} AS id, '${kind}' AS kind, code, name || '${label}' AS name, rawUnitId AS unit_id, origin`;
  return `
    SELECT ${cols('gid', 'goalSheet', ' 绩效目标表')}, budgetType AS budget_type, tags, a AS amount, 'goalSheet' AS state
      FROM (${projectFactsSql(scope, true)} LIMIT -1) WHERE ${conf} AND ${FACT.inBudget} AND ${FACT.goalDone} ${pick('gid', 'goalSheet')}
    UNION ALL
    SELECT ${cols('eid', 'selfEvaluation', ' 绩效自评表')}, budgetType, tags, a, 'selfEvaluation'
      FROM (${projectFactsSql(scope, true)} LIMIT -1) WHERE ${conf} AND ${FACT.evalAccepted} ${pick('eid', 'selfEvaluation')}
    UNION ALL
    SELECT ${cols('gid', 'goalSheet', ' 部门整体绩效目标表')}, NULL, NULL, NULL, 'goalSheet'
      FROM (${unitFactsSql(scope, true)} LIMIT -1) WHERE ${conf} AND gid IS NOT NULL ${pick('gid', 'goalSheet')}
    UNION ALL
    SELECT ${cols('eid', 'selfEvaluation', ' 部门整体绩效自评表')}, NULL, NULL, NULL, 'selfEvaluation'
      FROM (${unitFactsSql(scope, true)} LIMIT -1) WHERE ${conf} AND eid IS NOT NULL ${pick('eid', 'selfEvaluation')}`;
}

/** The SQL listing a figure's records (columns COLS), or null when the figure has no list of its own. */
export function drillSource(figure: string, scope: StatOriginScope): string | null {
  const project = PROJECT_FIGURES[figure];
  if (project) return projectSource(scope, project);
  const unit = UNIT_FIGURES[figure];
  if (unit) return unitSource(scope, unit);
  const grade = /^(departmentEval|financeEval)\.grade\.(\w+)$/.exec(figure);
  if (grade) return keyEvalSource(scope, grade[1] === 'financeEval' ? 'finance' : 'department', `AND k.grade = '${(grade[2] ?? '').replace(/\W/g, '')}'`);
  switch (figure) {
    case 'recheck.base':
      return evaluationSource(scope, false);
    case 'recheck.done':
      return evaluationSource(scope, true);
    case 'recheck.lowered':
      return `SELECT * FROM (${evaluationSource(scope, true)}) WHERE state = 1`;
    case 'departmentEval.done':
      return keyEvalSource(scope, 'department', '');
    case 'financeEval.done':
      return keyEvalSource(scope, 'finance', '');
    case 'financeEval.thirdParty':
      return keyEvalSource(scope, 'finance', "AND k.evaluator = 'thirdParty'");
    case 'linkage.done':
      return linkageSource(scope, '');
    case 'linkage.priority':
    case 'linkage.reduce':
    case 'linkage.cancel':
      return linkageSource(scope, `AND d.decision = '${figure.split('.')[1] ?? ''}'`);
    case 'linkage.cut':
      return linkageSource(scope, 'AND d.amount_fen < 0', '-d.amount_fen');
    case 'disclosure.base':
      return disclosureSource(scope, 'base');
    case 'disclosure.done':
      return disclosureSource(scope, 'done');
    case 'disclosure.excluded':
      return disclosureSource(scope, 'excluded');
    default:
      return null;
  }
}

export interface DrillRow {
  id: string;
  kind: string;
  code: string | null;
  name: string;
  unit_id: string | null;
  origin: string;
  budget_type: string | null;
  tags: string | null;
  amount: number | null;
  state: string | number | null;
}

export interface DrillParams extends CubeParams {
  /** The cut filter's values. */
  key: string | null;
  units: string;
  parent: string;
}

/** Cut filters over the columns of a source (`@key`, `@units` JSON, `@parent` excluded origin). */
export function cutFilter(cut: string | null, key: string | null): string {
  if (!cut || key === null) return '1';
  switch (cut) {
    case 'level':
      return key === 'own' ? 'origin = @origin' : 'origin <> @origin';
    case 'origin':
      return 'origin = @key';
    case 'budgetType':
      return key === 'unitOverall' ? 'budget_type IS NULL' : 'budget_type = @key';
    case 'fundCategory':
      return key === 'none' ? 'tags IS NULL' : "(',' || tags || ',') LIKE ('%,' || @key || ',%')";
    case 'department':
      return 'unit_id IN (SELECT value FROM json_each(@units))';
    default:
      return '0';
  }
}

export function drillPage(db: Db, source: string, filter: string, params: DrillParams, limit: number, offset: number): { rows: DrillRow[]; total: number; totalFen: number | null } {
  const where = `WHERE ${filter} AND origin <> @parent`;
  const sums = db.prepare(`SELECT count(*) AS total, sum(amount) AS totalFen FROM (${source}) ${where}`).get(params) as { total: number; totalFen: number | null };
  const rows = db.prepare(`SELECT ${COLS} FROM (${source}) ${where} ORDER BY origin, code, name LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`).all(params) as DrillRow[];
  return { rows, ...sums };
}
