import { afterEach } from 'vitest';
import { insertSheet } from '../../electron/backend/repositories/goals.ts';
import { insertProject, setProjectTags } from '../../electron/backend/repositories/projects.ts';
import { uuidv7 } from '../../electron/backend/util/ids.ts';
import type { BudgetType, FundTag, ProjectAttribute } from '../../shared/domain/projects.ts';
import type { GradeCode } from '../../shared/domain/ruleProfile.ts';
import { ADMIN_PASSWORD, USER_PASSWORD, addUser, openHarness, type Harness } from './backend.ts';

/**
 * A prefecture (昌吉州, 652300) with its own records and those of one county (木垒县, 652328) as a
 * bundle would have left them, generated from a seeded RNG and kept as a plain model, so the
 * statistics tests can compute every expected sum from the model alone (not from SQL).
 * Units and a few projects go through the services; the bulk is written with the repositories'
 * inserts, as the other whole-year tests do.
 */

export const YEAR = 2026;
export const PREF = '652300';
export const COUNTY = '652328';
export const PARENT = '650000';
export const PROFILE = 'builtin-national-default';
const AT = '2026-03-01T08:00:00.000Z';
export const TODAY = '2026-09-15';
const WAN = 1_000_000;

export type GoalState = 'draft' | 'submitted' | 'returned' | 'approved' | 'published' | 'notFunded' | null;
export type EvalState = 'draft' | 'submitted' | 'accepted' | 'returned' | null;

export interface PModel {
  id: string;
  origin: string;
  code: string;
  unitId: string;
  budgetType: BudgetType;
  tags: FundTag[];
  status: 'budgeted' | 'notFunded' | 'cancelled';
  amountFen: number;
  newMajor: boolean;
  attribute: ProjectAttribute;
  confidential: boolean;
  goal: GoalState;
  goalId: string | null;
  /** Latest ex-ante assessment (oldest written first). */
  exAnte: { status: 'draft' | 'completed'; conclusion: 'support' | 'supportAfterAdjustment' | 'reject' | null } | null;
  /** Warning level of each monitoring sheet (none: never monitored). */
  sheets: (null | 'yellow' | 'red')[];
  evaluation: { id: string; status: Exclude<EvalState, null>; grade: GradeCode | null; total: number } | null;
  recheckTotal: number | null;
  keyEval: { kind: 'department' | 'finance'; grade: GradeCode; evaluator: 'finance' | 'thirdParty' } | null;
  linkage: { decision: 'priority' | 'maintain' | 'reduce' | 'cancel'; amountFen: number } | null;
  disclosedGoal: boolean;
  disclosedEval: boolean;
}

export interface RModel {
  origin: string;
  unitId: string;
  projectId: string | null;
  status: 'open' | 'inProgress' | 'done' | 'waived';
  deadline: string;
  closedOn: string | null;
  amountFen: number;
  recoveredFen: number;
}

export interface World {
  h: Harness;
  perf: string;
  viewer: string;
  units: Record<string, string>;
  /** Units with their origin, parent and confidentiality. */
  unitInfo: Map<string, { origin: string; parent: string | null; confidential: boolean; name: string }>;
  projects: PModel[];
  rects: RModel[];
  /** 部门整体: units with an approved goal; those with an accepted self-evaluation (amount); monitored units. */
  unitGoals: Set<string>;
  unitEvals: Map<string, number>;
  unitMonitored: Set<string>;
  roundIds: Record<string, string>;
}

/** A small deterministic generator, so a failing case can be replayed. */
export function rng(seed: number) {
  let x = seed >>> 0;
  const next = () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
  return { next, pick: <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T, chance: (p: number) => next() < p };
}

export function worldSandbox(): () => Promise<World> {
  let h: Harness | undefined;
  afterEach(() => {
    h?.close();
    h = undefined;
  });
  return async () => {
    h = await openHarness();
    return build(h);
  };
}

async function build(h: Harness): Promise<World> {
  const db = h.backend.database;
  h.clock.ms = Date.parse(`${TODAY}T02:00:00.000Z`);
  h.session = await h.login('admin', ADMIN_PASSWORD);
  // The harness office becomes the prefecture, with one registered county under it.
  db.prepare("UPDATE office SET region_code = ?, name = '昌吉回族自治州财政局', level = 'prefecture', parent_name = '新疆维吾尔自治区财政厅', parent_region_code = ?")
    .run(PREF, PARENT);
  db.prepare(`INSERT INTO peer_offices (region_code, name, level, relation, created_at, updated_at) VALUES (?, '木垒哈萨克自治县财政局', 'county', 'child', ?, ?)`)
    .run(COUNTY, AT, AT);
  await addUser(h, 'jixiao', 'performance');
  await addUser(h, 'chayue', 'viewer');
  const perf = await h.login('jixiao', USER_PASSWORD);
  const viewer = await h.login('chayue', USER_PASSWORD);

  const units: Record<string, string> = {};
  const unitInfo: World['unitInfo'] = new Map();
  const mk = async (code: string, name: string, parent: string | null, confidential = false) => {
    const u = await h.call('units.create', { code, name, kind: 'administrative', confidential, parentId: parent ? (units[parent] ?? null) : null });
    units[code] = u.id;
    unitInfo.set(u.id, { origin: PREF, parent: parent ? (units[parent] ?? null) : null, confidential, name });
  };
  await mk('101', '州教育局', null);
  await mk('101001', '州第一中学', '101');
  await mk('102', '州卫生健康委员会', null);
  await mk('103', '州国家安全局', null, true);
  const countyUnit = (code: string, name: string, parent: string | null) => {
    const id = uuidv7();
    db.prepare(`INSERT INTO units (id, origin, code, name, parent_id, kind, confidential, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'administrative', 0, 1, ?, ?)`)
      .run(id, COUNTY, code, name, parent ? (units[parent] ?? null) : null, AT, AT);
    units[code] = id;
    unitInfo.set(id, { origin: COUNTY, parent: parent ? (units[parent] ?? null) : null, confidential: false, name });
  };
  countyUnit('C201', '县教育局', null);
  countyUnit('C201001', '县第一小学', 'C201');
  countyUnit('C202', '县农业农村局', null);
  // The parent's unit (a prefecture holds none normally: it stands for rows a scope must leave out).
  const parentUnit = uuidv7();
  db.prepare(`INSERT INTO units (id, origin, code, name, parent_id, kind, confidential, active, created_at, updated_at) VALUES (?, ?, 'P1', '自治区财政厅', NULL, 'administrative', 0, 1, ?, ?)`)
    .run(parentUnit, PARENT, AT, AT);
  await h.call('years.add', { year: 2025 });

  const r = rng(20260915);
  const projects: PModel[] = [];
  const ownUnits = ['101', '101001', '102', '103'];
  const countyUnits = ['C201', 'C201001', 'C202'];
  const budgetTypes: BudgetType[] = ['general', 'general', 'fund', 'stateCapital', 'socialInsurance'];
  const tagSets: FundTag[][] = [[], [], ['direct'], ['revitalization'], ['specialBond', 'procurement'], ['upperTransfer'], ['localSpecial', 'direct']];

  // A few projects through the service, the rest as an import would write them.
  for (const [i, unit] of ['101', '102'].entries()) {
    const p = await h.call('projects.create', {
      year: YEAR, code: `SVC${i}`, name: `服务创建项目${i}`, unitId: units[unit] ?? '', objectType: 'project', attribute: 'continuing', budgetType: 'general',
      tags: ['direct'], initial: { fiscalFen: 50 * WAN, carryoverFen: 0, otherFen: 0 }, annual: { fiscalFen: 60 * WAN, carryoverFen: 5 * WAN, otherFen: 1 * WAN },
    }, perf);
    projects.push(blank({ id: p.id, origin: PREF, code: p.code, unitId: units[unit] ?? '', budgetType: 'general', tags: ['direct'], status: 'budgeted', amountFen: 66 * WAN }));
    db.prepare("UPDATE projects SET status = 'budgeted' WHERE id = ?").run(p.id);
  }
  for (let i = 0; i < 70; i++) {
    const origin = i < 42 ? PREF : COUNTY;
    const unitCode = origin === PREF ? r.pick(ownUnits) : r.pick(countyUnits);
    const status = r.chance(0.08) ? 'cancelled' : r.chance(0.08) ? 'notFunded' : 'budgeted';
    const amountFen = Math.floor(r.next() * 900 * WAN) + 123; // odd 分 so rounding matters
    const p = blank({
      id: uuidv7(), origin, code: `P${String(i).padStart(3, '0')}`, unitId: units[unitCode] ?? '', budgetType: r.pick(budgetTypes), tags: r.pick(tagSets), status, amountFen,
    });
    p.newMajor = r.chance(0.15);
    p.attribute = r.pick(['new', 'continuing', 'expiringContinuation'] as const);
    p.confidential = r.chance(0.05);
    projects.push(p);
    insertRow(h, p, YEAR);
  }
  // Rows no scope may count: another year, and the parent's own project.
  insertRow(h, blank({ id: uuidv7(), origin: PREF, code: 'OLD1', unitId: units['101'] ?? '', budgetType: 'general', tags: [], status: 'budgeted', amountFen: 77 * WAN }), 2025);
  insertRow(h, blank({ id: uuidv7(), origin: PARENT, code: 'UP1', unitId: parentUnit, budgetType: 'general', tags: [], status: 'budgeted', amountFen: 999 * WAN }), YEAR);

  // Stage records.
  const roundIds: Record<string, string> = {};
  const round = (origin: string, month: number, kind: 'self' | 'key', objectType: 'project' | 'unitOverall' = 'project') => {
    const id = uuidv7();
    db.prepare(`INSERT INTO monitoring_rounds (id, origin, year, month, object_type, kind, title, issued_on, due_on, profile_id, profile_version, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, '2026-05-01', ?, ?, 1, ?, ?)`)
      .run(id, origin, YEAR, month, objectType, kind, `${YEAR}年${month}月${objectType === 'project' ? '项目' : '部门整体'}${kind === 'key' ? '重点' : ''}监控`, `2026-${String(month + 1).padStart(2, '0')}-10`, PROFILE, AT, AT);
    roundIds[`${origin}:${month}:${kind}:${objectType}`] = id;
    return id;
  };
  const rounds = { [PREF]: [round(PREF, 5, 'self'), round(PREF, 8, 'self')], [COUNTY]: [round(COUNTY, 6, 'self')] };
  const keyRound = round(PREF, 7, 'key');

  for (const p of projects) {
    if (p.origin !== PREF && p.origin !== COUNTY) continue;
    p.goal = r.pick(['approved', 'approved', 'published', 'draft', 'submitted', 'returned', null] as const);
    if (p.status === 'notFunded' && r.chance(0.5)) p.goal = 'notFunded';
    if (p.goal) {
      p.goalId = uuidv7();
      insertSheet(db, { id: p.goalId, origin: p.origin, year: YEAR, owner_type: 'project', project_id: p.id, unit_id: p.unitId, status: p.goal, annual_goal: '', mid_term_goal: '', unit_duties: '', locked: 0, created_at: AT, updated_at: AT });
    }
    if (r.chance(0.3)) {
      const older = { status: 'completed' as const, conclusion: 'reject' as const };
      const latest = r.pick([{ status: 'completed', conclusion: 'support' }, { status: 'completed', conclusion: 'supportAfterAdjustment' }, { status: 'completed', conclusion: 'reject' }, { status: 'draft', conclusion: null }] as const);
      for (const [k, a] of [older, latest].entries()) {
        db.prepare(`INSERT INTO ex_ante_assessments (id, origin, project_id, assessor_type, status, conclusion, created_at, updated_at) VALUES (?, ?, ?, 'finance', ?, ?, ?, ?)`)
          .run(uuidv7(), p.origin, p.id, a.status, a.conclusion, `2026-01-0${k + 1}T00:00:00.000Z`, AT);
      }
      p.exAnte = latest;
    }
    const myRounds = [...(rounds[p.origin] ?? []), ...(p.origin === PREF && r.chance(0.2) ? [keyRound] : [])];
    for (const rid of myRounds) {
      if (!r.chance(0.75)) continue;
      const level = r.pick([null, null, null, 'yellow', 'red'] as const);
      db.prepare(`INSERT INTO monitoring_sheets (id, origin, round_id, project_id, unit_id, goal_sheet_id, status, annual_budget_fen, fiscal_budget_fen, other_budget_fen,
          executed_fen, executed_fiscal_fen, executed_other_fen, warning_level, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, 'submitted', ?, ?, 0, ?, NULL, NULL, ?, ?, ?)`)
        .run(uuidv7(), p.origin, rid, p.id, p.unitId, p.goalId, p.amountFen, p.amountFen, Math.floor(p.amountFen * 0.4), level, AT, AT);
      p.sheets.push(level);
    }
    if (p.goalId && r.chance(0.7)) {
      const status = r.pick(['accepted', 'accepted', 'accepted', 'submitted', 'returned', 'draft'] as const);
      const grade = status === 'accepted' || r.chance(0.3) ? r.pick(['excellent', 'good', 'good', 'fair', 'poor'] as const) : null;
      const e = { id: uuidv7(), status, grade, total: 60 + Math.floor(r.next() * 40) };
      db.prepare(`INSERT INTO self_evaluations (id, origin, year, owner_type, project_id, unit_id, goal_sheet_id, status, annual_fiscal_fen, executed_fen, total, grade,
          profile_id, profile_version, created_at, updated_at) VALUES (?, ?, ?, 'project', ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`)
        .run(e.id, p.origin, YEAR, p.id, p.unitId, p.goalId, status, p.amountFen, Math.floor(p.amountFen * 0.9), e.total, grade, PROFILE, AT, AT);
      p.evaluation = e;
    }
  }
  return { h, perf, viewer, units, unitInfo, projects, roundIds, ...(await results(h, r, projects, units)) };
}

function blank(p: Pick<PModel, 'id' | 'origin' | 'code' | 'unitId' | 'budgetType' | 'tags' | 'status' | 'amountFen'>): PModel {
  return {
    ...p, newMajor: false, attribute: 'continuing', confidential: false, goal: null, goalId: null, exAnte: null, sheets: [], evaluation: null, recheckTotal: null,
    keyEval: null, linkage: null, disclosedGoal: false, disclosedEval: false,
  };
}

function insertRow(h: Harness, p: PModel, year: number): void {
  // 全年预算数 split over the three sources; the sum is the model's amount.
  const fiscal = Math.floor(p.amountFen * 0.7);
  const carry = Math.floor(p.amountFen * 0.2);
  insertProject(h.backend.database, {
    id: p.id, origin: p.origin, year, code: p.code, name: `项目${p.code}`, unit_id: p.unitId, object_type: 'project', attribute: p.attribute, category: '',
    project_type: 'general', budget_type: p.budgetType, start_month: null, end_month: null, initial_fiscal_fen: fiscal, initial_carryover_fen: 0, initial_other_fen: 0,
    annual_fiscal_fen: fiscal, annual_carryover_fen: carry, annual_other_fen: p.amountFen - fiscal - carry, mid_term_total_fen: null, mid_year_addition: 0,
    new_major: p.newMajor ? 1 : 0, confidential: p.confidential ? 1 : 0, status: p.status, manager: '', phone: '', basis: '', created_at: AT, updated_at: AT,
  });
  setProjectTags(h.backend.database, p.id, p.tags);
}

/** Re-checks, key evaluations, linkage, disclosure, rectification and the 部门整体 records. */
async function results(h: Harness, r: ReturnType<typeof rng>, projects: PModel[], units: Record<string, string>) {
  const db = h.backend.database;
  const sample = uuidv7();
  db.prepare(`INSERT INTO recheck_samples (id, origin, year, seed, rules, population_count, population_fen, sampled_fen, created_by, created_at, updated_at)
    VALUES (?, ?, ?, 7, '{}', 0, 0, 0, 'jixiao', ?, ?)`).run(sample, PREF, YEAR, AT, AT);
  let seq = 0;
  const rects: RModel[] = [];
  for (const p of projects) {
    const e = p.evaluation;
    if (e?.status === 'accepted' && r.chance(0.4)) {
      const total = e.total + (r.chance(0.5) ? -6 : 2);
      db.prepare(`INSERT INTO recheck_items (id, origin, sample_id, evaluation_id, seq, reasons, amount_fen, status, total, grade, profile_id, profile_version, completed_at, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, '[]', ?, 'done', ?, 'good', ?, 1, ?, ?, ?)`).run(uuidv7(), PREF, sample, e.id, ++seq, p.amountFen, total, PROFILE, AT, AT, AT);
      p.recheckTotal = total;
    }
    if (p.status === 'budgeted' && r.chance(0.15)) {
      p.keyEval = { kind: r.pick(['department', 'finance'] as const), grade: r.pick(['excellent', 'good', 'fair'] as const), evaluator: r.pick(['finance', 'thirdParty'] as const) };
      db.prepare(`INSERT INTO key_evaluations (id, origin, year, kind, object_type, project_id, unit_id, title, evaluator, framework_code, decision_weight, process_weight,
          output_weight, benefit_weight, status, total, grade, profile_id, profile_version, completed_at, created_at, updated_at)
        VALUES (?, ?, ?, ?, 'project', ?, ?, ?, ?, 'C', 20, 20, 30, 30, 'completed', 88, ?, ?, 1, ?, ?, ?)`)
        .run(uuidv7(), PREF, YEAR, p.keyEval.kind, p.id, p.unitId, `评价${p.code}`, p.keyEval.evaluator, p.keyEval.grade, PROFILE, AT, AT, AT);
    }
    if (e?.status === 'accepted' && e.grade && r.chance(0.6)) {
      p.linkage = { decision: r.pick(['priority', 'maintain', 'reduce', 'cancel'] as const), amountFen: r.chance(0.5) ? -Math.floor(p.amountFen / 10) : 0 };
      db.prepare(`INSERT INTO linkage_decisions (id, origin, year, target_year, project_id, unit_id, grade, grade_source, total, base_fen, suggested_action, suggested_pct_min,
          suggested_pct_max, decision, amount_fen, decided_by, decided_at, profile_id, profile_version, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'selfEvaluation', ?, ?, 'maintain', 0, 0, ?, ?, 'jixiao', ?, ?, 1, ?, ?)`)
        .run(uuidv7(), p.origin, YEAR, YEAR + 1, p.id, p.unitId, e.grade, e.total, p.amountFen, p.linkage.decision, p.linkage.amountFen, AT, PROFILE, AT, AT);
    }
    const disclose = (type: 'goalSheet' | 'selfEvaluation', id: string) =>
      db.prepare(`INSERT INTO disclosures (id, origin, year, object_type, object_id, unit_id, project_id, title, published_on, channel, location, created_by, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, '公开', '2026-06-01', 'website', 'http://x', 'jixiao', ?, ?)`).run(uuidv7(), p.origin, YEAR, type, id, p.unitId, p.id, AT, AT);
    if ((p.goal === 'approved' || p.goal === 'published') && p.goalId && r.chance(0.5)) {
      disclose('goalSheet', p.goalId);
      p.disclosedGoal = true;
    }
    if (e?.status === 'accepted' && r.chance(0.5)) {
      disclose('selfEvaluation', e.id);
      p.disclosedEval = true;
    }
    if (r.chance(0.25)) {
      const status = r.pick(['open', 'inProgress', 'done', 'done', 'waived'] as const);
      const deadline = r.pick(['2026-06-30', '2026-12-31']);
      const rect: RModel = {
        origin: p.origin, unitId: p.unitId, projectId: p.id, status, deadline, closedOn: status === 'done' ? r.pick(['2026-06-01', '2026-08-01']) : null,
        amountFen: Math.floor(p.amountFen / 20), recoveredFen: status === 'done' ? Math.floor(p.amountFen / 50) : 0,
      };
      db.prepare(`INSERT INTO rectifications (id, origin, year, code, source, project_id, unit_id, problem, requirement, issued_on, deadline, status, amount_fen, recovered_fen,
          closed_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '问题', '要求', '2026-04-01', ?, ?, ?, ?, ?, ?, ?)`)
        .run(uuidv7(), PREF, YEAR, `ZG-${YEAR}-${String(rects.length + 1).padStart(3, '0')}`, r.pick(['monitoring', 'selfEvaluation', 'keyEvaluation'] as const), p.id, p.unitId,
          deadline, status, rect.amountFen, rect.recoveredFen, rect.closedOn, AT, AT);
      rects.push(rect);
    }
  }

  // 部门整体: goals for 101 (approved), 101001 (published), 102 (draft), C201 (approved); 101 monitored and
  // evaluated (accepted); 103 (涉密) approved and evaluated.
  const unitGoals = new Set<string>();
  const unitEvals = new Map<string, number>();
  const unitMonitored = new Set<string>();
  const unitRound = uuidv7();
  db.prepare(`INSERT INTO monitoring_rounds (id, origin, year, month, object_type, kind, title, issued_on, due_on, profile_id, profile_version, created_at, updated_at)
    VALUES (?, ?, ?, 6, 'unitOverall', 'self', '2026年6月部门整体监控', '2026-06-01', '2026-07-10', ?, 1, ?, ?)`).run(unitRound, PREF, YEAR, PROFILE, AT, AT);
  for (const [code, status, evaluated, monitored] of [['101', 'approved', true, true], ['101001', 'published', false, false], ['102', 'draft', false, false], ['103', 'approved', true, false], ['C201', 'approved', false, false]] as const) {
    const unitId = units[code] ?? '';
    const origin = code.startsWith('C') ? COUNTY : PREF;
    // The 部门整体 money is the unit's own projects in the budget, as populate fills it in.
    const projectsFen = projects.filter((p) => p.origin === origin && p.unitId === unitId && p.status === 'budgeted').reduce((a, p) => a + p.amountFen, 0);
    const goalId = uuidv7();
    insertSheet(db, { id: goalId, origin, year: YEAR, owner_type: 'unitOverall', project_id: null, unit_id: unitId, status, annual_goal: '', mid_term_goal: '', unit_duties: '', locked: 0, created_at: AT, updated_at: AT });
    if (status === 'approved' || status === 'published') unitGoals.add(unitId);
    if (evaluated) {
      db.prepare(`INSERT INTO self_evaluations (id, origin, year, owner_type, project_id, unit_id, goal_sheet_id, status, annual_fiscal_fen, executed_fen, total, grade,
          profile_id, profile_version, created_at, updated_at) VALUES (?, ?, ?, 'unitOverall', NULL, ?, ?, 'accepted', ?, NULL, 90, 'excellent', ?, 1, ?, ?)`)
        .run(uuidv7(), origin, YEAR, unitId, goalId, projectsFen, PROFILE, AT, AT);
      unitEvals.set(unitId, projectsFen);
    }
    if (monitored) {
      db.prepare(`INSERT INTO monitoring_sheets (id, origin, round_id, project_id, unit_id, status, annual_budget_fen, fiscal_budget_fen, other_budget_fen, created_at, updated_at)
        VALUES (?, ?, ?, NULL, ?, 'draft', ?, ?, 0, ?, ?)`).run(uuidv7(), origin, unitRound, unitId, projectsFen, projectsFen, AT, AT);
      unitMonitored.add(unitId);
    }
  }
  return { rects, unitGoals, unitEvals, unitMonitored };
}
