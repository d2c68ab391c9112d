import type { Db } from '../db/connection.ts';
import type { BudgetType, FundTag, ProjectAttribute, ProjectStatus } from '../../../shared/domain/projects.ts';
import type { ProjectTypeCode } from '../../../shared/domain/indicators.ts';

export interface ProjectRow {
  id: string;
  origin: string;
  year: number;
  code: string;
  name: string;
  unit_id: string;
  object_type: 'project' | 'policy';
  attribute: ProjectAttribute;
  category: string;
  project_type: ProjectTypeCode;
  budget_type: BudgetType;
  start_month: string | null;
  end_month: string | null;
  initial_fiscal_fen: number;
  initial_carryover_fen: number;
  initial_other_fen: number;
  annual_fiscal_fen: number;
  annual_carryover_fen: number;
  annual_other_fen: number;
  mid_term_total_fen: number | null;
  mid_year_addition: 0 | 1;
  new_major: 0 | 1;
  confidential: 0 | 1;
  status: ProjectStatus;
  status_before_refusal: 'registered' | 'inLibrary' | 'budgeted' | null;
  manager: string;
  phone: string;
  basis: string;
  created_at: string;
  updated_at: string;
  rev: number;
}

export const annualTotalFen = (p: ProjectRow) => p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen;
export const initialTotalFen = (p: ProjectRow) => p.initial_fiscal_fen + p.initial_carryover_fen + p.initial_other_fen;

export function findProject(db: Db, id: string): ProjectRow | undefined {
  return db.prepare('SELECT * FROM projects WHERE id = ?').get(id) as ProjectRow | undefined;
}

export function findProjectByCode(db: Db, origin: string, year: number, code: string): ProjectRow | undefined {
  return db.prepare('SELECT * FROM projects WHERE origin = ? AND year = ? AND code = ?').get(origin, year, code) as ProjectRow | undefined;
}

const COLUMNS = [
  'id', 'origin', 'year', 'code', 'name', 'unit_id', 'object_type', 'attribute', 'category', 'project_type', 'budget_type',
  'start_month', 'end_month', 'initial_fiscal_fen', 'initial_carryover_fen', 'initial_other_fen', 'annual_fiscal_fen',
  'annual_carryover_fen', 'annual_other_fen', 'mid_term_total_fen', 'mid_year_addition', 'new_major', 'confidential', 'status', 'status_before_refusal',
  'manager', 'phone', 'basis', 'created_at', 'updated_at',
] as const;

export function insertProject(db: Db, r: Omit<ProjectRow, 'rev' | 'status_before_refusal'> & { status_before_refusal?: ProjectRow['status_before_refusal'] }): void {
  db.prepare(`INSERT INTO projects (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`).run({ status_before_refusal: null, ...r });
}

/** Writes every mutable column and bumps the revision. */
export function saveProject(db: Db, r: ProjectRow): void {
  const sets = COLUMNS.filter((c) => c !== 'id' && c !== 'origin' && c !== 'created_at').map((c) => `${c} = @${c}`);
  db.prepare(`UPDATE projects SET ${sets.join(', ')}, rev = rev + 1 WHERE id = @id`).run(r);
}

export function projectTags(db: Db, projectId: string): FundTag[] {
  return db.prepare('SELECT tag FROM project_tags WHERE project_id = ? ORDER BY tag').pluck().all(projectId) as FundTag[];
}

export function setProjectTags(db: Db, projectId: string, tags: readonly FundTag[]): void {
  db.prepare('DELETE FROM project_tags WHERE project_id = ?').run(projectId);
  const ins = db.prepare('INSERT INTO project_tags (project_id, tag) VALUES (?, ?)');
  for (const t of new Set(tags)) ins.run(projectId, t);
}
