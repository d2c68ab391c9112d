import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import { MIGRATIONS } from '../../electron/backend/db/migrations/index.ts';
import * as stats from '../../electron/backend/repositories/statistics.ts';
import { drillSource, cutFilter } from '../../electron/backend/repositories/statisticsDrill.ts';
import { TestClock, tempDir } from '../helpers/backend.ts';
import { YEAR, worldSandbox } from '../helpers/statisticsWorld.ts';

/**
 * The statistics layer reads through indexes: every whole-year query of repositories/statistics*.ts
 * finds its rows by index (no full scan of projects, goal sheets, self-evaluations, monitoring
 * sheets, ex-ante assessments, disclosures or tags), and migration 0012 adds those indexes to a
 * database of version 11 without touching its rows.
 */

const world = worldSandbox();
const BIG = ['projects', 'goal_sheets', 'self_evaluations', 'monitoring_sheets', 'ex_ante_assessments', 'disclosures', 'project_tags', 'goal_indicators', 'monitoring_values', 'rectifications'];
const ALIASES = ['p', 'g', 'e', 's', 'x', 'd', 't', 'q', 'ri', 'k', 'r'];
const PARAMS = {
  year: YEAR, origin: '652300', deptOrigin: '652300', confidential: '[]', threshold: 5e8, required: '["1|new|0"]', roundId: 'x', key: 'general', units: '[]', parent: '650000',
};

function plan(db: Database.Database, sql: string): string[] {
  const used = Object.fromEntries(Object.entries(PARAMS).filter(([k]) => new RegExp(`@${k}\\b`).test(sql)));
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(used) as { detail: string }[]).map((r) => r.detail);
}

/** Full scans of the big tables (by name or by the aliases the queries give them). */
function bigScans(lines: readonly string[]): string[] {
  return lines.filter((d) => {
    const m = /^SCAN (\w+)/.exec(d);
    return m?.[1] !== undefined && (BIG.includes(m[1]) || ALIASES.includes(m[1]));
  });
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('statistics query plans and migration 0012', () => {
  it('every cube, check and drill query finds its rows by index, for one office and for the whole prefecture', async () => {
    const w = await world();
    const db = w.h.backend.database;
    const sqls: [string, string][] = [];
    for (const scope of ['own', 'all'] as const) {
      sqls.push([`projectCube ${scope}`, stats.projectCubeSql(scope)], [`unitCube ${scope}`, stats.unitCubeSql(scope)], [`recheck ${scope}`, stats.recheckCubeSql(scope)],
        [`keyEval ${scope}`, stats.keyEvalCubeSql(scope)], [`linkage ${scope}`, stats.linkageCubeSql(scope)], [`rectification ${scope}`, stats.rectificationItemsSql(scope)]);
      for (const figure of ['goals.done', 'unitGoals.done', 'recheck.done', 'recheck.base', 'financeEval.done', 'linkage.done', 'disclosure.done']) {
        sqls.push([`drill ${figure} ${scope}`, `SELECT * FROM (${drillSource(figure, scope) ?? ''}) WHERE ${cutFilter('budgetType', 'general')}`]);
      }
    }
    sqls.push(['rounds', stats.PROJECT_ROUNDS_SQL], ['round sums', stats.ROUND_SHEET_SUMS_SQL]);
    for (const [name, sql] of sqls) {
      const lines = plan(db, sql);
      expect({ name, scans: bigScans(lines) }).toEqual({ name, scans: [] });
      expect(lines.some((d) => d.startsWith('SEARCH'))).toBe(true);
    }
    // The project cube walks the covering index of the year and probes each stage by a covering index.
    const cube = plan(db, stats.projectCubeSql('all')).join('\n');
    for (const index of ['COVERING INDEX stat_projects_year', 'COVERING INDEX stat_goal_sheets_project', 'COVERING INDEX stat_self_evaluations_project',
      'COVERING INDEX stat_monitoring_sheets_project', 'COVERING INDEX stat_ex_ante_project', 'COVERING INDEX stat_disclosures_object']) {
      expect(cube).toContain(index);
    }
    expect(plan(db, stats.ROUND_SHEET_SUMS_SQL).join('\n')).toContain('COVERING INDEX stat_monitoring_sheets_round');
    // Only the whole prefecture reads every unit (a few thousand rows); one office reads its own by index.
    expect(plan(db, stats.unitCubeSql('own')).some((d) => /^SCAN u\b/.test(d))).toBe(false);
  });

  it('migration 0012 upgrades a version-11 database with data: indexes and the report table added, rows kept', async () => {
    const dir = tempDir('bpd-stat-mig-');
    dirs.push(dir);
    const old = await Backend.open({ dataDir: dir, now: new TestClock().now, migrations: MIGRATIONS.filter((m) => m.version <= 11) });
    const at = '2026-01-01T00:00:00.000Z';
    old.database.prepare(`INSERT INTO office (id, region_code, name, level, parent_name, parent_region_code, current_year, created_at, updated_at)
      VALUES (1, '652325', '奇台县财政局', 'county', '昌吉回族自治州财政局', '652300', 2026, ?, ?)`).run(at, at);
    old.database.prepare('INSERT INTO fiscal_years (year, created_at) VALUES (2026, ?)').run(at);
    old.database.prepare(`INSERT INTO units (id, origin, code, name, kind, created_at, updated_at) VALUES ('u1', '652325', '101', '县教育局', 'administrative', ?, ?)`).run(at, at);
    old.database.prepare(`INSERT INTO projects (id, origin, year, code, name, unit_id, object_type, attribute, budget_type, annual_fiscal_fen, created_at, updated_at)
      VALUES ('p1', '652325', 2026, 'P1', '项目', 'u1', 'project', 'continuing', 'general', 1234567, ?, ?)`).run(at, at);
    old.close();
    const b = await Backend.open({ dataDir: dir, now: new TestClock().now });
    try {
      const db = b.database;
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'stat_%' ORDER BY name").pluck().all() as string[]);
      expect(indexes).toEqual([
        'stat_disclosures_object', 'stat_ex_ante_project', 'stat_goal_sheets_project', 'stat_key_evaluations_year', 'stat_linkage_year', 'stat_monitoring_rounds_origin',
        'stat_monitoring_sheets_project', 'stat_monitoring_sheets_round', 'stat_projects_year', 'stat_self_evaluations_money', 'stat_self_evaluations_project',
      ]);
      expect(db.prepare('SELECT count(*) FROM annual_reports').pluck().get()).toBe(0);
      expect(db.prepare("SELECT annual_fiscal_fen FROM projects WHERE id = 'p1'").pluck().get()).toBe(1234567);
      const cube = stats.cube(db, stats.projectCubeSql('own'), { ...PARAMS, origin: '652325', deptOrigin: '652325' });
      expect(cube).toEqual([expect.objectContaining({ origin: '652325', unitId: 'u1', 'projects.n': 1, 'projects.fen': 1234567 })]);
    } finally {
      b.close();
    }
    expect(fs.readdirSync(path.join(dir, 'backups')).some((f) => f.endsWith('-migration.sqlite'))).toBe(true);
  });
});
