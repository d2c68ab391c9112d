import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { docxText } from '../../electron/backend/files/docx.ts';
import type { StatisticsDto } from '../../shared/api/dtoStatistics.ts';
import { AS_ADMIN, AS_PERFORMANCE, INIT, cli, cliSandbox } from '../helpers/cli.ts';
import { fixturePath } from '../helpers/fixtures.ts';

/** `stats` and `report annual` on the command line: the same figures as the screens, exit codes. */

const { newDir } = cliSandbox('bpd-cli-stats-');

/** A county office with the units of the fixtures (no 绩效管理 account: only the administrator signs in). */
async function office(): Promise<string> {
  const dir = newDir();
  expect((await cli(...INIT, '--data-dir', dir)).code).toBe(0);
  expect((await cli('units', 'import', fixturePath('units', 'good.xlsx'), '--data-dir', dir, ...AS_ADMIN)).code).toBe(0);
  return dir;
}

describe('cli stats and report annual', () => {
  it('prints the statistics in Chinese or as JSON, and refuses a wrong scope', async () => {
    const dir = await office();
    const human = await cli('stats', '--year', '2026', '--data-dir', dir, ...AS_ADMIN);
    expect(human.code).toBe(0);
    expect(human.out).toContain('奇台县财政局 2026 年度预算绩效管理统计（本级');
    expect(human.out).toContain('项目绩效目标管理');
    expect(human.out).toContain('数据一致性：未发现不一致。');
    const json = await cli('stats', '--year', '2026', '--json', '--data-dir', dir, ...AS_ADMIN);
    const d = JSON.parse(json.out) as StatisticsDto;
    expect(d).toMatchObject({ year: 2026, scope: 'county', office: { regionCode: '652325' } });
    expect(d.measures['units.n']).toBeGreaterThan(0);
    const bad = await cli('stats', '--year', '2026', '--scope', 'city', '--data-dir', dir, ...AS_ADMIN);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--scope 应为 county（本级）或 prefecture（汇总）');
    expect((await cli('stats', '--data-dir', dir, ...AS_ADMIN)).err).toContain('用法：stats --year');
  });

  it('exits 3 when the data does not add up, naming where', async () => {
    const dir = await office();
    const db = new Database(path.join(dir, 'office.sqlite'));
    const at = '2026-03-01T00:00:00.000Z';
    const unit = db.prepare('SELECT id FROM units ORDER BY code LIMIT 1').pluck().get() as string;
    db.prepare(`INSERT INTO projects (id, origin, year, code, name, unit_id, object_type, attribute, budget_type, annual_fiscal_fen, status, created_at, updated_at)
      VALUES ('p1', '652325', 2026, 'X1', '测试项目', ?, 'project', 'continuing', 'general', 5000000, 'budgeted', ?, ?)`).run(unit, at, at);
    db.prepare(`INSERT INTO goal_sheets (id, origin, year, owner_type, project_id, unit_id, status, created_at, updated_at) VALUES ('g1', '652325', 2026, 'project', 'p1', ?, 'approved', ?, ?)`).run(unit, at, at);
    db.prepare(`INSERT INTO self_evaluations (id, origin, year, owner_type, project_id, unit_id, goal_sheet_id, status, executed_fen, executed_fiscal_fen, executed_carryover_fen,
        executed_other_fen, profile_id, profile_version, created_at, updated_at)
      VALUES ('e1', '652325', 2026, 'project', 'p1', ?, 'g1', 'submitted', 4000000, 3000000, 0, 500000, 'builtin-national-default', 1, ?, ?)`).run(unit, at, at);
    db.close();
    const r = await cli('stats', '--year', '2026', '--data-dir', dir, ...AS_ADMIN);
    expect(r.code).toBe(3);
    expect(r.out).toContain('数据一致性：发现 1 处不一致');
    expect(r.out).toContain('绩效自评表 X1 测试项目：全年执行数 4.00 万元不等于当年财政拨款、上年结转和其他资金执行数之和 3.50 万元');
  });

  it('writes the annual report .docx; only signed-in users may', async () => {
    const dir = await office();
    const out = path.join(dir, 'out', '年度报告.docx');
    const r = await cli('report', 'annual', '--year', '2026', '--out', out, '--data-dir', dir, ...AS_ADMIN);
    expect(r.code).toBe(0);
    expect(r.out).toContain('已生成：');
    const text = docxText(fs.readFileSync(out));
    expect(text).toContain('奇台县财政局关于2026年度预算绩效管理工作情况的报告');
    expect(text).toContain('数据口径与来源');
    expect((await cli('report', 'annual', '--year', '2026', '--data-dir', dir, ...AS_ADMIN)).err).toContain('用法：report annual');
    expect((await cli('report', 'annual', '--year', '2026', '--out', out, '--data-dir', dir)).err).toContain('此命令需要登录');
    // An account that does not exist cannot sign in.
    expect((await cli('report', 'annual', '--year', '2026', '--out', out, '--data-dir', dir, ...AS_PERFORMANCE)).code).toBe(1);
  });
});
