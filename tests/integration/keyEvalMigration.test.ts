import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import { MIGRATIONS } from '../../electron/backend/db/migrations/index.ts';
import { listKeyEvalEntries, listKeyEvalItems } from '../../electron/backend/repositories/keyEval.ts';
import { TestClock, tempDir } from '../helpers/backend.ts';

/** Migration 0011: scoring methods of key evaluations and the assessment's publication log, on a database holding data. */

const dirs: string[] = [];
const opened: Backend[] = [];
afterEach(() => {
  for (const b of opened.splice(0)) b.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function open(dir: string, version: number): Promise<Backend> {
  const b = await Backend.open({ dataDir: dir, now: new TestClock().now, migrations: MIGRATIONS.filter((m) => m.version <= version) });
  opened.push(b);
  return b;
}

describe('migration 0011_key_eval_scoring', () => {
  it('keeps evaluations, items and points stored before it; items get their method defaults, points stay direct', async () => {
    const dir = tempDir('bpd-mig11-');
    dirs.push(dir);
    const old = await open(dir, 10);
    const db = old.database;
    const at = '2026-05-01T00:00:00.000Z';
    db.prepare(`INSERT INTO office (id, region_code, name, level, parent_name, parent_region_code, current_year, created_at, updated_at)
      VALUES (1, '652325', '奇台县财政局', 'county', '昌吉回族自治州财政局', '652300', 2026, ?, ?)`).run(at, at);
    db.prepare('INSERT INTO fiscal_years (year, created_at) VALUES (2026, ?)').run(at);
    db.prepare(`INSERT INTO units (id, origin, code, name, parent_id, kind, confidential, active, created_at, updated_at)
      VALUES ('u-301', '652325', '301', '县交通运输局', NULL, 'administrative', 0, 1, ?, ?)`).run(at, at);
    db.prepare(`INSERT INTO key_evaluations (id, origin, year, kind, object_type, unit_id, title, evaluator, framework_code, decision_weight, process_weight, output_weight,
        benefit_weight, profile_id, profile_version, created_at, updated_at)
      VALUES ('k1', '652325', 2026, 'finance', 'policy', 'u-301', '客运补贴政策评价', 'finance', 'C', 15, 20, 35, 30, 'builtin-national-default', 1, ?, ?)`).run(at, at);
    const item = db.prepare('INSERT INTO key_eval_items (evaluation_id, seq, level1, level2, name, method, weight) VALUES (?, ?, ?, ?, ?, ?, ?)');
    item.run('k1', 1, 'decision', '资金投入', '资金分配合理性', 'elements', 15);
    item.run('k1', 2, 'process', '资金管理', '资金到位率', 'quantitative', 20);
    item.run('k1', 3, 'output', '产出数量', '实际完成率', 'quantitative', 35);
    item.run('k1', 4, 'benefit', '项目效益', '社会效益', 'grade', 30);
    db.prepare("INSERT INTO key_eval_scores (evaluation_id, seq, expert, score) VALUES ('k1', 1, '张明', 12.5), ('k1', 4, '张明', 24)").run();
    db.prepare(`INSERT INTO assessment_tables (id, origin, year, name, items, status, computed_at, profile_id, profile_version, created_at, updated_at)
      VALUES ('t1', '652325', 2026, '2026年度绩效管理工作考核', '[]', 'published', ?, 'builtin-national-default', 1, ?, ?)`).run(at, at, at);
    for (const b of opened.splice(0)) b.close();

    const b = await open(dir, MIGRATIONS.at(-1)?.version ?? 0);
    const ndb = b.database;
    expect((ndb.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v).toBeGreaterThanOrEqual(11);
    expect(ndb.prepare("SELECT config FROM key_eval_items WHERE evaluation_id = 'k1' ORDER BY seq").all()).toEqual([{ config: '{}' }, { config: '{}' }, { config: '{}' }, { config: '{}' }]);
    const items = listKeyEvalItems(ndb, 'k1');
    expect(items[0]?.config).toEqual({ elements: [{ text: '资金分配依据充分', points: 7.5 }, { text: '资金分配额度合理，与项目单位或地方实际相适应', points: 7.5 }] });
    expect(items[1]?.config).toEqual({ targetPct: 100, actualLabel: '实际到位资金（万元）', plannedLabel: '计划投入资金（万元）' });
    expect(listKeyEvalEntries(ndb, 'k1')).toEqual([
      { seq: 1, expert: '张明', score: 12.5, input: null, explanation: '' }, { seq: 4, expert: '张明', score: 24, input: null, explanation: '' },
    ]);
    // The publication log exists and refuses a withdrawal without a reason.
    ndb.prepare("INSERT INTO assessment_events (id, table_id, action, at, username, reason) VALUES ('e1', 't1', 'publish', ?, '绩效股', '')").run(at);
    expect(() => ndb.prepare("INSERT INTO assessment_events (id, table_id, action, at, username, reason) VALUES ('e2', 't1', 'withdraw', ?, '绩效股', '')").run(at)).toThrow(/CHECK/);
    expect(() => ndb.prepare("UPDATE key_eval_items SET config = 'x' WHERE evaluation_id = 'k1' AND seq = 1").run()).toThrow(/CHECK/);
  });
});
