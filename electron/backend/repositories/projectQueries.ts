import type { Db } from '../db/connection.ts';
import type { GoalStatus } from '../../../shared/api/dtoGoals.ts';
import type { ExAnteConclusion } from '../../../shared/domain/ruleProfile.ts';
import type { ProjectRow } from './projects.ts';
import { containsPattern } from './library.ts';

/** The filters of the project list (项目库), all applied in SQL. */
export interface ProjectFilter {
  year: number;
  unitId?: string | undefined;
  budgetType?: string | undefined;
  tag?: string | undefined;
  status?: string | undefined;
  /** 'none' = no goal sheet yet. */
  goalStatus?: string | undefined;
  q: string;
  /** Only one office's rows (a prefecture browsing a county's data); absent = every office. */
  origin?: string | undefined;
}

export type ProjectSort = 'code' | 'name' | 'amount' | 'unit';

/** A list row: the project plus what the list shows from other tables. */
export interface ProjectListRow extends ProjectRow {
  unit_name: string | null;
  goal_sheet_id: string | null;
  goal_status: GoalStatus | null;
  /** Comma-separated fund tags. */
  tags: string | null;
  ex_ante_status: 'draft' | 'completed' | null;
  ex_ante_conclusion: ExAnteConclusion | null;
}

const ANNUAL = '(p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen)';

function where(f: ProjectFilter): { sql: string; params: (string | number)[] } {
  const parts = ['p.year = ?'];
  const params: (string | number)[] = [f.year];
  if (f.origin) { parts.push('p.origin = ?'); params.push(f.origin); }
  // A 主管部门 chosen in the filter brings its primary and secondary units' projects with it.
  if (f.unitId) {
    parts.push('p.unit_id IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT u2.id FROM units u2 JOIN sub ON u2.parent_id = sub.id) SELECT id FROM sub)');
    params.push(f.unitId);
  }
  if (f.budgetType) { parts.push('p.budget_type = ?'); params.push(f.budgetType); }
  if (f.status) { parts.push('p.status = ?'); params.push(f.status); }
  if (f.tag) { parts.push('EXISTS (SELECT 1 FROM project_tags t WHERE t.project_id = p.id AND t.tag = ?)'); params.push(f.tag); }
  if (f.goalStatus === 'none') parts.push('g.id IS NULL');
  else if (f.goalStatus) { parts.push('g.status = ?'); params.push(f.goalStatus); }
  if (f.q) {
    parts.push("(p.name LIKE ? ESCAPE '\\' OR p.code LIKE ? ESCAPE '\\')");
    const pat = containsPattern(f.q);
    params.push(pat, pat);
  }
  return { sql: parts.join(' AND '), params };
}

function orderBy(sort: ProjectSort, desc: boolean): string {
  const dir = desc ? 'DESC' : 'ASC';
  const key = { code: 'p.code', name: 'p.name', amount: ANNUAL, unit: 'u.code' }[sort];
  // Ties broken by code then id so pages never overlap or skip rows.
  return `${key} ${dir}, p.code ${dir}, p.id`;
}

/** The latest assessment of a project: the newest row, whatever its status (a reopened one is a draft). */
const LATEST_EX_ANTE = `(SELECT a.id FROM ex_ante_assessments a WHERE a.project_id = p.id ORDER BY a.created_at DESC, a.rowid DESC LIMIT 1)`;

/**
 * One page of the filtered list, plus the filtered count and annual total. The page's ids are
 * chosen first (filter, sort, LIMIT/OFFSET over the projects table and its indexes); only those
 * rows then get their unit name, goal status, fund tags and latest ex-ante conclusion, so the
 * cost of a page does not grow with the number of projects. limit -1 = every row (exports).
 */
export function queryProjects(
  db: Db, f: ProjectFilter, sort: ProjectSort, desc: boolean, limit: number, offset: number,
): { rows: ProjectListRow[]; total: number; totalAmountFen: number } {
  const w = where(f);
  const needsGoal = f.goalStatus !== undefined;
  const goalJoin = needsGoal ? 'LEFT JOIN goal_sheets g ON g.project_id = p.id' : '';
  const unitJoin = sort === 'unit' ? 'LEFT JOIN units u ON u.id = p.unit_id' : '';
  const agg = db.prepare(`SELECT count(*) AS n, coalesce(sum(${ANNUAL}), 0) AS amount FROM projects p ${goalJoin} WHERE ${w.sql}`)
    .get(...w.params) as { n: number; amount: number };
  const rows = db.prepare(`
    WITH page AS MATERIALIZED (
      SELECT p.id AS id
      FROM projects p ${goalJoin} ${unitJoin}
      WHERE ${w.sql}
      ORDER BY ${orderBy(sort, desc)}
      LIMIT ? OFFSET ?
    )
    SELECT p.*, u.name AS unit_name, g.id AS goal_sheet_id, g.status AS goal_status,
      (SELECT group_concat(t.tag, ',') FROM (SELECT tag FROM project_tags WHERE project_id = p.id ORDER BY tag) t) AS tags,
      a.status AS ex_ante_status, a.conclusion AS ex_ante_conclusion
    FROM page
    JOIN projects p ON p.id = page.id
    LEFT JOIN units u ON u.id = p.unit_id
    LEFT JOIN goal_sheets g ON g.project_id = p.id
    LEFT JOIN ex_ante_assessments a ON a.id = ${LATEST_EX_ANTE}
    ORDER BY ${orderBy(sort, desc)}
  `).all(...w.params, limit, offset) as ProjectListRow[];
  return { rows, total: agg.n, totalAmountFen: agg.amount };
}

/** One project with the same extras as a list row. */
export function findProjectListRow(db: Db, id: string): ProjectListRow | undefined {
  return db.prepare(`
    SELECT p.*, u.name AS unit_name, g.id AS goal_sheet_id, g.status AS goal_status,
      (SELECT group_concat(t.tag, ',') FROM (SELECT tag FROM project_tags WHERE project_id = p.id ORDER BY tag) t) AS tags,
      a.status AS ex_ante_status, a.conclusion AS ex_ante_conclusion
    FROM projects p
    LEFT JOIN units u ON u.id = p.unit_id
    LEFT JOIN goal_sheets g ON g.project_id = p.id
    LEFT JOIN ex_ante_assessments a ON a.id = ${LATEST_EX_ANTE}
    WHERE p.id = ?
  `).get(id) as ProjectListRow | undefined;
}

/** This office's projects of a year, by code (the import compares a file with these). */
export function ownProjectsOfYear(db: Db, origin: string, year: number): Map<string, ProjectRow & { tags: string | null }> {
  const rows = db.prepare(`
    SELECT p.*, (SELECT group_concat(t.tag, ',') FROM (SELECT tag FROM project_tags WHERE project_id = p.id ORDER BY tag) t) AS tags
    FROM projects p WHERE p.origin = ? AND p.year = ?
  `).all(origin, year) as (ProjectRow & { tags: string | null })[];
  return new Map(rows.map((r) => [r.code, r]));
}
