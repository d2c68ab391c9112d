import { afterEach, describe, expect, it } from 'vitest';
import type { CoverageCell, CoverageDto } from '../../shared/api/dtoGoals.ts';
import { BUDGET_TYPES, FUND_TAGS, type BudgetType, type FundTag, type ProjectAttribute } from '../../shared/domain/projects.ts';
import { insertProject, setProjectTags, type ProjectRow } from '../../electron/backend/repositories/projects.ts';
import { insertSheet } from '../../electron/backend/repositories/goals.ts';
import { findVersion, insertProfile, insertVersion } from '../../electron/backend/repositories/profiles.ts';
import * as statsQueries from '../../electron/backend/repositories/statsQueries.ts';
import { DEFAULT_PROFILE_ID } from '../../electron/backend/services/profiles.ts';
import { uuidv7 } from '../../electron/backend/util/ids.ts';
import { USER_PASSWORD, addUser, openHarness, type Harness } from '../helpers/backend.ts';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const YEAR = 2026;
const AT = '2026-03-01T08:00:00.000Z';
const ORIGIN = '652325';
const SHEET_STATUSES = ['none', 'draft', 'submitted', 'deptApproved', 'returned', 'reviewed', 'approved', 'published', 'notFunded'] as const;
type SheetStatus = (typeof SHEET_STATUSES)[number];
const ATTRIBUTES: ProjectAttribute[] = ['new', 'continuing', 'expiringContinuation'];
/** The test profile: assessments for new-major projects, continuations, and new projects from 500 万元. */
const THRESHOLD_FEN = 500 * 1_000_000;

/** A small deterministic generator, so a failing case can be replayed. */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

interface Generated {
  origin: string;
  year: number;
  status: ProjectRow['status'];
  budgetType: BudgetType;
  tags: FundTag[];
  amountFen: number;
  midYear: boolean;
  attribute: ProjectAttribute;
  newMajor: boolean;
  sheet: SheetStatus;
  /** Assessments oldest first. */
  exAnte: { status: 'draft' | 'completed'; conclusion: 'support' | 'supportAfterAdjustment' | 'reject' | null }[];
}

/**
 * 400 projects of 2026 over every budget type, tag set, sheet status and ex-ante history, plus
 * rows the coverage must ignore: cancelled projects, another year, another office's projects.
 */
async function generate(hh: Harness): Promise<{ gen: Generated[]; units: string[] }> {
  const db = hh.backend.database;
  await hh.call('years.add', { year: 2025 });
  const mk = (code: string, name: string, parentId: string | null) => hh.call('units.create', { code, name, kind: 'administrative', confidential: false, parentId });
  const u101 = await mk('101', '县教育局', null);
  const u101001 = await mk('101001', '县第一中学', u101.id);
  const u102 = await mk('102', '县卫生健康委员会', null);
  const u103 = await mk('103', '县农业农村局', null);
  const u104 = await mk('104', '县水利局', null);
  await hh.call('units.setActive', { id: u104.id, active: false });
  const units = [u101.id, u101001.id, u102.id, u103.id];

  // A profile that also requires continuations and large new projects to be assessed.
  const body = JSON.parse(findVersion(db, DEFAULT_PROFILE_ID, 1)?.body ?? '{}') as { exAnte: Record<string, unknown> };
  body.exAnte = { ...body.exAnte, requiredForNewMajor: true, requiredForContinuation: true, amountThresholdFen: THRESHOLD_FEN };
  insertProfile(db, { id: 'p-cov', origin: ORIGIN, code: 'cov', name: '覆盖测试', description: '', builtin: 0, current_version: 1, created_at: AT, updated_at: AT });
  insertVersion(db, { profile_id: 'p-cov', version: 1, body: JSON.stringify(body), note: '', created_at: AT, created_by: 'test' });
  db.prepare("UPDATE fiscal_years SET profile_id = 'p-cov' WHERE year = 2026").run();

  // 部门整体 sheets: 101 approved, 101001 published, 102 draft, 104 (inactive) approved, another year's approved.
  const unitSheet = (unitId: string, status: string, year = YEAR) =>
    insertSheet(db, {
      id: uuidv7(), origin: ORIGIN, year, owner_type: 'unitOverall', project_id: null, unit_id: unitId, status: status as 'draft', annual_goal: '',
      mid_term_goal: '', unit_duties: '', locked: 0, created_at: AT, updated_at: AT,
    });
  unitSheet(u101.id, 'approved');
  unitSheet(u101001.id, 'published');
  unitSheet(u102.id, 'draft');
  unitSheet(u104.id, 'approved');
  unitSheet(u103.id, 'approved', 2025);

  const r = rng(20260301);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const gen: Generated[] = [];
  for (let i = 0; i < 460; i++) {
    const kind = i < 400 ? 'main' : i < 420 ? 'cancelled' : i < 440 ? 'otherYear' : 'otherOrigin';
    const tags = FUND_TAGS.filter(() => r() < 0.18);
    const exAnte: Generated['exAnte'] = [];
    const nEx = Math.floor(r() * 3);
    for (let k = 0; k < nEx; k++) {
      const completed = r() < 0.7;
      exAnte.push({ status: completed ? 'completed' : 'draft', conclusion: completed ? pick(['support', 'supportAfterAdjustment', 'reject'] as const) : null });
    }
    gen.push({
      origin: kind === 'otherOrigin' ? '652300' : ORIGIN,
      year: kind === 'otherYear' ? 2025 : YEAR,
      status: kind === 'cancelled' ? 'cancelled' : pick(['registered', 'inLibrary', 'budgeted', 'notFunded'] as const),
      budgetType: pick(BUDGET_TYPES),
      tags,
      // Up to 10 亿元 in 分, with odd 分 so any float rounding would show.
      amountFen: Math.floor(r() * 100_000_000_000) + 1,
      midYear: r() < 0.15,
      attribute: pick(ATTRIBUTES),
      newMajor: r() < 0.2,
      sheet: pick(SHEET_STATUSES),
      exAnte,
    });
  }
  db.transaction(() => {
    gen.forEach((g, i) => {
      const id = uuidv7();
      // Split the amount over the three sources; coverage must add them back exactly.
      const fiscal = Math.floor(g.amountFen * 0.7);
      const carry = Math.floor((g.amountFen - fiscal) / 3);
      insertProject(db, {
        id, origin: g.origin, year: g.year, code: `C${String(i).padStart(4, '0')}`, name: `项目${i}`, unit_id: units[i % units.length] ?? '',
        object_type: 'project', attribute: g.attribute, category: '', project_type: 'general', budget_type: g.budgetType, start_month: null,
        end_month: null, initial_fiscal_fen: 1, initial_carryover_fen: 0, initial_other_fen: 0, annual_fiscal_fen: fiscal, annual_carryover_fen: carry,
        annual_other_fen: g.amountFen - fiscal - carry, mid_term_total_fen: null, mid_year_addition: g.midYear ? 1 : 0, new_major: g.newMajor ? 1 : 0,
        confidential: 0, status: g.status, manager: '', phone: '', basis: '', created_at: AT, updated_at: AT,
      });
      setProjectTags(db, id, g.tags);
      if (g.sheet !== 'none') {
        insertSheet(db, {
          id: uuidv7(), origin: g.origin, year: g.year, owner_type: 'project', project_id: id, unit_id: units[i % units.length] ?? '', status: g.sheet,
          annual_goal: '', mid_term_goal: '', unit_duties: '', locked: 0, created_at: AT, updated_at: AT,
        });
      }
      g.exAnte.forEach((x, k) => {
        const created = `2026-02-${String(10 + k).padStart(2, '0')}T00:00:00.000Z`;
        db.prepare(
          `INSERT INTO ex_ante_assessments (id, origin, project_id, assessor_type, status, conclusion, created_at, updated_at)
           VALUES (?, ?, ?, 'self', ?, ?, ?, ?)`,
        ).run(uuidv7(), g.origin, id, x.status, x.conclusion, created, created);
      });
    });
  })();
  return { gen, units };
}

/** The coverage computed independently from the generated data, by plain loops. */
function expected(gen: Generated[]): Omit<CoverageDto, 'units'> {
  const inScope = gen.filter((g) => g.origin === ORIGIN && g.year === YEAR && g.status !== 'cancelled');
  const covered = (g: Generated) => g.sheet === 'approved' || g.sheet === 'published';
  const cell = (xs: Generated[]): CoverageCell => ({
    count: xs.length,
    covered: xs.filter(covered).length,
    amountFen: xs.reduce((a, g) => a + g.amountFen, 0),
    coveredAmountFen: xs.filter(covered).reduce((a, g) => a + g.amountFen, 0),
  });
  const required = (g: Generated) => g.newMajor || g.attribute === 'expiringContinuation' || (g.attribute === 'new' && g.amountFen >= THRESHOLD_FEN);
  const latest = (g: Generated) => g.exAnte.at(-1);
  const completed = inScope.filter((g) => latest(g)?.status === 'completed');
  return {
    year: YEAR,
    projects: cell(inScope),
    byBudgetType: BUDGET_TYPES.map((budgetType) => ({ budgetType, ...cell(inScope.filter((g) => g.budgetType === budgetType)) })),
    byTag: FUND_TAGS.map((tag) => ({ tag, ...cell(inScope.filter((g) => g.tags.includes(tag))) })),
    byStatus: SHEET_STATUSES.map((status) => {
      const xs = inScope.filter((g) => g.sheet === status);
      return { status, count: xs.length, amountFen: xs.reduce((a, g) => a + g.amountFen, 0) };
    }),
    exAnte: {
      required: inScope.filter(required).length,
      completed: completed.length,
      support: completed.filter((g) => latest(g)?.conclusion === 'support').length,
      adjust: completed.filter((g) => latest(g)?.conclusion === 'supportAfterAdjustment').length,
      reject: completed.filter((g) => latest(g)?.conclusion === 'reject').length,
    },
    midYearAdditions: cell(inScope.filter((g) => g.midYear)),
  };
}

describe('stats.coverage', () => {
  it('matches sums computed independently: projects, units, budget types, tags, statuses, ex-ante, mid-year additions', async () => {
    h = await openHarness();
    const { gen } = await generate(h);
    const c = await h.call('stats.coverage', { year: YEAR });
    expect(c).toEqual({ ...expected(gen), units: { count: 4, covered: 2 } });

    // The generated year really exercises every branch.
    expect(c.byBudgetType.every((b) => b.count > 0 && b.covered > 0)).toBe(true);
    expect(c.byTag.every((t) => t.count > 0 && t.covered > 0)).toBe(true);
    expect(c.byStatus.every((s) => s.count > 0)).toBe(true);
    expect(c.exAnte.support * c.exAnte.adjust * c.exAnte.reject).toBeGreaterThan(0);
    expect(c.midYearAdditions.covered).toBeGreaterThan(0);
    // Exact integer sums of 分 (well above 2^31, below 2^53).
    expect(Number.isSafeInteger(c.projects.amountFen)).toBe(true);
    expect(c.projects.amountFen).toBeGreaterThan(2 ** 40);
    expect(c.byBudgetType.reduce((a, b) => a + b.amountFen, 0)).toBe(c.projects.amountFen);
    expect(c.byStatus.reduce((a, b) => a + b.count, 0)).toBe(c.projects.count);
  });

  it('every reader role may see it; another year is empty but complete', async () => {
    h = await openHarness();
    await addUser(h, 'chayue', 'viewer');
    const viewer = await h.login('chayue', USER_PASSWORD);
    const c = await h.call('stats.coverage', { year: YEAR }, viewer);
    const zero = { count: 0, covered: 0, amountFen: 0, coveredAmountFen: 0 };
    expect(c).toEqual({
      year: YEAR,
      projects: zero,
      units: { count: 0, covered: 0 },
      byBudgetType: BUDGET_TYPES.map((budgetType) => ({ budgetType, ...zero })),
      byTag: FUND_TAGS.map((tag) => ({ tag, ...zero })),
      byStatus: SHEET_STATUSES.map((status) => ({ status, count: 0, amountFen: 0 })),
      exAnte: { required: 0, completed: 0, support: 0, adjust: 0, reject: 0 },
      midYearAdditions: zero,
    });
  });

  it('query plans: every whole-year query finds its rows by index, never scanning projects, goal_sheets or goal_indicators', async () => {
    h = await openHarness();
    await generate(h);
    const db = h.backend.database;
    // No ANALYZE: the app never runs it, so these are the plans it gets. (With statistics from
    // this one-year test database SQLite would rightly scan: nearly every row is 2026.)
    const params: Record<string, unknown> = { origin: ORIGIN, year: YEAR, unitId: 'x', sheetId: 'x' };
    const sqls: [string, string][] = [];
    for (const [name, value] of Object.entries(statsQueries) as [string, unknown][]) if (name.endsWith('_SQL') && typeof value === 'string') sqls.push([name, value]);
    expect(sqls.map(([n]) => n).sort()).toEqual([
      'COVERAGE_GROUPS_SQL', 'COVERAGE_TAGS_SQL', 'EX_ANTE_FACTS_SQL', 'OWN_PROJECTS_SQL', 'PROJECT_SHEETS_SQL', 'SHEET_INDICATORS_SQL',
      'UNIT_BUDGET_PROJECTS_SQL', 'UNIT_COVERAGE_SQL', 'UNIT_PROJECT_SHEETS_SQL',
    ]);
    for (const [name, sql] of sqls) {
      const used = Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`@${k}`)));
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(used) as { detail: string }[]).map((r) => r.detail);
      const scans = plan.filter((d) => /^SCAN (projects|goal_sheets|goal_indicators|p|g|i|t)\b/.test(d));
      expect({ name, scans }).toEqual({ name, scans: [] });
      expect(plan.some((d) => d.startsWith('SEARCH'))).toBe(true);
    }
  });
});
