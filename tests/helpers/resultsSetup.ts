import { afterEach } from 'vitest';
import type { GradeCode } from '../../shared/domain/ruleProfile.ts';
import { insertSheet } from '../../electron/backend/repositories/goals.ts';
import { insertProject } from '../../electron/backend/repositories/projects.ts';
import { uuidv7 } from '../../electron/backend/util/ids.ts';
import { ADMIN_PASSWORD, USER_PASSWORD, addUser, openHarness, type Harness } from './backend.ts';

/**
 * The office the use-of-results tests work in (results.test.ts, linkage and evaluation-list tests):
 * units, one account per role, projects with goals, self-evaluations and re-checks written
 * straight into the database. `resultsSandbox()` registers the harness cleanup and returns `office`.
 */

let h: Harness | undefined;

/** Registers the cleanup of the test's harness and returns `office`, which opens one. */
export function resultsSandbox(): () => Promise<Office> {
  afterEach(() => {
    h?.close();
    h = undefined;
  });
  return office;
}

export const ORIGIN = '652325';
export const WAN = 1_000_000;
/** The office works at the start of December 2026: the year's ledger is being closed. */
export const DECEMBER = Date.parse('2026-12-01T02:00:00.000Z');

export interface Office {
  h: Harness;
  perf: string;
  biz: string;
  viewer: string;
  units: Record<string, string>;
}

/** Units 101 县教育局 (101001 县第一中学 under it), 102 县卫生健康委员会, 109 县国家保密局 (涉密); one account per role. */
async function office(): Promise<Office> {
  const hh = await openHarness();
  h = hh;
  hh.clock.ms = DECEMBER;
  hh.session = await hh.login('admin', ADMIN_PASSWORD);
  await addUser(hh, 'jixiao', 'performance');
  await addUser(hh, 'yewu', 'business');
  await addUser(hh, 'chayue', 'viewer');
  const mk = async (code: string, name: string, parentId: string | null, confidential = false) =>
    (await hh.call('units.create', { code, name, kind: 'administrative', confidential, parentId })).id;
  const units: Record<string, string> = {};
  units['101'] = await mk('101', '县教育局', null);
  units['101001'] = await mk('101001', '县第一中学', units['101'] ?? null);
  units['102'] = await mk('102', '县卫生健康委员会', null);
  units['109'] = await mk('109', '县国家保密局', null, true);
  units['109001'] = await mk('109001', '县保密技术服务中心', units['109'] ?? null);
  return {
    h: hh, units,
    perf: await hh.login('jixiao', USER_PASSWORD), biz: await hh.login('yewu', USER_PASSWORD), viewer: await hh.login('chayue', USER_PASSWORD),
  };
}

export interface ProjectSpec {
  code: string;
  name: string;
  unit: string;
  annualWan: number;
  year?: number;
  confidential?: boolean;
  goal?: 'approved' | 'published' | 'draft';
}

/** A project with a goal sheet (approved unless said otherwise), written straight into the database. */
export function addProject(o: Office, p: ProjectSpec): { projectId: string; sheetId: string } {
  const db = o.h.backend.database;
  const at = new Date(o.h.clock.ms).toISOString();
  const id = uuidv7();
  const year = p.year ?? 2026;
  insertProject(db, {
    id, origin: ORIGIN, year, code: p.code, name: p.name, unit_id: o.units[p.unit] ?? '', object_type: 'project', attribute: 'continuing', category: '',
    project_type: 'general', budget_type: 'general', start_month: null, end_month: null, initial_fiscal_fen: p.annualWan * WAN, initial_carryover_fen: 0,
    initial_other_fen: 0, annual_fiscal_fen: p.annualWan * WAN, annual_carryover_fen: 0, annual_other_fen: 0, mid_term_total_fen: null, mid_year_addition: 0,
    new_major: 0, confidential: p.confidential ? 1 : 0, status: 'budgeted', manager: '', phone: '', basis: '', created_at: at, updated_at: at,
  });
  const sheetId = uuidv7();
  insertSheet(db, {
    id: sheetId, origin: ORIGIN, year, owner_type: 'project', project_id: id, unit_id: o.units[p.unit] ?? '', status: p.goal ?? 'approved',
    annual_goal: `${p.name}：按计划完成。`, mid_term_goal: '', unit_duties: '', locked: 1, created_at: at, updated_at: at,
  });
  return { projectId: id, sheetId };
}

/** An accepted (or other status) self-evaluation with its total and grade, scored with the given profile. */
export function addEvaluation(o: Office, p: ProjectSpec, ids: { projectId: string; sheetId: string }, total: number, grade: GradeCode, opts: { profile?: string; status?: string } = {}): string {
  const id = uuidv7();
  const at = new Date(o.h.clock.ms).toISOString();
  o.h.backend.database.prepare(`
    INSERT INTO self_evaluations (id, origin, year, owner_type, project_id, unit_id, goal_sheet_id, status, annual_fiscal_fen, executed_fen, total, grade,
      profile_id, profile_version, created_at, updated_at)
    VALUES (?, ?, ?, 'project', ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`).run(
    id, ORIGIN, p.year ?? 2026, ids.projectId, o.units[p.unit] ?? '', ids.sheetId, opts.status ?? 'accepted', p.annualWan * WAN, p.annualWan * WAN, total, grade,
    opts.profile ?? 'builtin-national-default', at, at,
  );
  return id;
}

/** A completed 财政复核 of an evaluation (recheck_items done with the re-checked total and grade). */
export function addRecheck(o: Office, evaluationId: string, total: number, grade: GradeCode): string {
  const db = o.h.backend.database;
  const at = new Date(o.h.clock.ms).toISOString();
  const sampleId = uuidv7();
  db.prepare(`INSERT INTO recheck_samples (id, origin, year, seed, rules, population_count, population_fen, sampled_fen, created_by, created_at, updated_at)
    VALUES (?, ?, 2026, 42, '{}', 1, 0, 0, 'jixiao', ?, ?)`).run(sampleId, ORIGIN, at, at);
  const id = uuidv7();
  db.prepare(`INSERT INTO recheck_items (id, origin, sample_id, evaluation_id, seq, reasons, amount_fen, status, total, grade, profile_id, profile_version,
      completed_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, 1, '[]', 0, 'done', ?, ?, 'builtin-national-default', 1, ?, ?, ?)`).run(id, ORIGIN, sampleId, evaluationId, total, grade, at, at, at);
  return id;
}

/**
 * A 部门整体 self-evaluation (with its approved goal sheet) of a unit: 项目支出 `projectWan` as its
 * budget by source, 基本支出 `basicWan` (all 人员经费), the given total and grade.
 */
export function addUnitEvaluation(
  o: Office, unit: string, projectWan: number, basicWan: number, total: number, grade: GradeCode, opts: { status?: string; year?: number } = {},
): string {
  const db = o.h.backend.database;
  const at = new Date(o.h.clock.ms).toISOString();
  const year = opts.year ?? 2026;
  const sheetId = uuidv7();
  insertSheet(db, {
    id: sheetId, origin: ORIGIN, year, owner_type: 'unitOverall', project_id: null, unit_id: o.units[unit] ?? '', status: 'approved',
    annual_goal: '履行部门职责。', mid_term_goal: '', unit_duties: '', locked: 1, created_at: at, updated_at: at,
  });
  const id = uuidv7();
  db.prepare(`
    INSERT INTO self_evaluations (id, origin, year, owner_type, project_id, unit_id, goal_sheet_id, status, annual_fiscal_fen, basic_personnel_initial_fen,
      basic_public_initial_fen, basic_personnel_annual_fen, basic_public_annual_fen, basic_personnel_executed_fen, basic_public_executed_fen, project_executed_fen,
      executed_fen, total, grade, profile_id, profile_version, created_at, updated_at)
    VALUES (?, ?, ?, 'unitOverall', NULL, ?, ?, ?, ?, ?, 0, ?, 0, ?, 0, ?, ?, ?, ?, 'builtin-national-default', 1, ?, ?)`).run(
    id, ORIGIN, year, o.units[unit] ?? '', sheetId, opts.status ?? 'accepted', projectWan * WAN, basicWan * WAN, basicWan * WAN, basicWan * WAN,
    projectWan * WAN, (projectWan + basicWan) * WAN, total, grade, at, at,
  );
  return id;
}

export interface KeyEvalSpec {
  kind: 'department' | 'finance';
  unit: string;
  projectId?: string;
  title: string;
  total: number | null;
  grade: GradeCode | null;
  completedAt?: string;
  status?: 'draft' | 'completed';
  evaluator?: 'finance' | 'department' | 'thirdParty';
  agencyName?: string;
}

/** A 部门评价 / 财政重点评价 of a project (projectId) or of a unit overall, written straight into key_evaluations. */
export function addKeyEvaluation(o: Office, k: KeyEvalSpec): string {
  const db = o.h.backend.database;
  const at = new Date(o.h.clock.ms).toISOString();
  let agencyId: string | null = null;
  if (k.agencyName) {
    agencyId = uuidv7();
    db.prepare('INSERT INTO agencies (id, origin, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(agencyId, ORIGIN, k.agencyName, at, at);
  }
  const id = uuidv7();
  const status = k.status ?? 'completed';
  db.prepare(`
    INSERT INTO key_evaluations (id, origin, year, kind, object_type, project_id, unit_id, title, evaluator, agency_id, framework_code, decision_weight, process_weight,
      output_weight, benefit_weight, status, total, grade, profile_id, profile_version, completed_at, created_at, updated_at)
    VALUES (?, ?, 2026, ?, ?, ?, ?, ?, ?, ?, 'C', 15, 20, 35, 30, ?, ?, ?, 'builtin-national-default', 1, ?, ?, ?)`).run(
    id, ORIGIN, k.kind, k.projectId ? 'project' : 'unitOverall', k.projectId ?? null, o.units[k.unit] ?? '', k.title, k.evaluator ?? (k.kind === 'finance' ? 'finance' : 'department'),
    agencyId, status, k.total, k.grade, status === 'completed' ? (k.completedAt ?? at) : null, at, at,
  );
  return id;
}
