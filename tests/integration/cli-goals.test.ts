import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import type { SessionDto } from '../../shared/api/dto.ts';
import type { CoverageDto } from '../../shared/api/dtoGoals.ts';
import { ADMIN_PASSWORD, USER_PASSWORD } from '../helpers/backend.ts';
import { AS_ADMIN, AS_PERFORMANCE, INIT, cli, cliSandbox, query } from '../helpers/cli.ts';
import { fixturePath } from '../helpers/fixtures.ts';

const { newDir } = cliSandbox('bpd-cli-goals-');

/** An office with the units of units/good.xlsx and a 绩效管理 account. */
async function office(): Promise<string> {
  const dir = newDir();
  expect((await cli(...INIT, '--data-dir', dir)).code).toBe(0);
  expect((await cli('units', 'import', fixturePath('units', 'good.xlsx'), '--data-dir', dir, ...AS_ADMIN)).code).toBe(0);
  const b = await Backend.open({ dataDir: dir });
  try {
    const login = await b.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }, null);
    if (!login.ok) throw new Error(login.error.message);
    const { sessionId } = login.data as SessionDto;
    const r = await b.dispatch('users.create', { username: 'jixiao', displayName: '绩效股', role: 'performance', password: USER_PASSWORD }, sessionId);
    if (!r.ok) throw new Error(r.error.message);
  } finally {
    b.close();
  }
  return dir;
}

/** An office with the 2026 projects of projects/good.xlsx. */
async function withProjects(): Promise<string> {
  const dir = await office();
  const r = await cli('projects', 'import', fixturePath('projects', 'good.xlsx'), '--year', '2026', '--data-dir', dir, ...AS_PERFORMANCE);
  expect(r).toEqual({ code: 0, out: '导入完成：新增 6 个，更新 0 个，未变化 0 个。', err: '' });
  return dir;
}

/** A goal workbook for two projects of projects/good.xlsx, written as the template lays it out. */
function goalFile(dir: string): string {
  const rows = [
    ['项目编码*', '项目名称', '年度总体目标', '中期目标', '一级指标*', '二级指标*', '三级指标*', '指标值类型', '指标值*', '计量单位'],
    ['2026-101-001', '县域学生营养改善计划', '为 3,200 名学生提供营养午餐。', '', '产出指标', '数量指标', '受益学生人数', '定量', '≥3200', '人'],
    ['2026-101-001', '', '', '', '产出指标', '成本指标', '每生每天补助标准', '定量', '=5元', '元'],
    ['2026-101-001', '', '', '', '效益指标', '社会效益指标', '学生营养状况', '定性', '达到预期', ''],
    ['2026-101-001', '', '', '', '满意度指标', '服务对象满意度指标', '家长满意度', '', '≥95%', '%'],
    ['2026101002', '县第一中学教学设备购置', '购置教学设备 120 台（套）。', '', '产出指标', '数量指标', '设备购置数量', '', '≥120台', ''],
    ['2026101002', '', '', '', '满意度指标', '服务对象满意度指标', '师生满意度', '', '90%以上', ''],
  ];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '绩效目标');
  const file = path.join(dir, '绩效目标.xlsx');
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  return file;
}

describe('cli projects import', () => {
  it('imports the year\'s project list; re-import is unchanged', async () => {
    const dir = await withProjects();
    expect(query<{ n: number }>(dir, 'SELECT count(*) AS n FROM projects WHERE year = 2026')).toEqual([{ n: 6 }]);
    const again = await cli('projects', 'import', fixturePath('projects', 'good.xlsx'), '--year', '2026', '--data-dir', dir, ...AS_PERFORMANCE, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toEqual({ add: 0, update: 0, unchanged: 6 });
  });

  it('needs --year, an existing file and a role that may enter projects', async () => {
    const dir = await office();
    expect(await cli('projects', 'import', fixturePath('projects', 'good.xlsx'), '--data-dir', dir, ...AS_PERFORMANCE)).toMatchObject({ code: 1, err: '用法：projects import <文件.xlsx> --year <年度>' });
    expect(await cli('projects', 'import', '--year', '2026', '--data-dir', dir)).toMatchObject({ code: 1, err: '用法：projects import <文件.xlsx> --year <年度>' });
    expect(await cli('projects', 'import', fixturePath('projects', 'good.xlsx'), '--year', '二〇二六', '--data-dir', dir, ...AS_PERFORMANCE))
      .toMatchObject({ code: 1, err: '--year 应为年度数字，如 2026（实际为“二〇二六”）' });
    const admin = await cli('projects', 'import', fixturePath('projects', 'good.xlsx'), '--year', '2026', '--data-dir', dir, ...AS_ADMIN);
    expect(admin).toMatchObject({ code: 1, err: '预检失败：当前账户的角色无权执行此操作。' });
  });
});

describe('cli goals import', () => {
  it('imports goals for the year, then finds nothing to change', async () => {
    const dir = await withProjects();
    const file = goalFile(dir);
    const r = await cli('goals', 'import', file, '--year', '2026', '--data-dir', dir, ...AS_PERFORMANCE);
    expect(r).toEqual({ code: 0, out: '导入完成：新建目标表 2 张，更新 0 张，未变化 0 张。', err: '' });
    expect(query(dir, 'SELECT p.code, g.status, count(i.id) AS n FROM goal_sheets g JOIN projects p ON p.id = g.project_id JOIN goal_indicators i ON i.sheet_id = g.id GROUP BY p.code ORDER BY p.code'))
      .toEqual([{ code: '2026-101-001', status: 'draft', n: 4 }, { code: '2026101002', status: 'draft', n: 2 }]);
    const again = await cli('goals', 'import', file, '--year', '2026', '--data-dir', dir, ...AS_PERFORMANCE);
    expect(again).toEqual({ code: 0, out: '导入完成：新建目标表 0 张，更新 0 张，未变化 2 张。', err: '' });
  });

  it('refuses a bad file: exit 1, every bad cell on stderr in Chinese, nothing written', async () => {
    const dir = await withProjects();
    const r = await cli('goals', 'import', fixturePath('goals', 'bad-unknown-code.xlsx'), '--year', '2026', '--data-dir', dir, ...AS_PERFORMANCE);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toEqual([
      '导入失败：文件“bad-unknown-code.xlsx”有 2 处错误，未导入任何数据。',
      '  - 工作表“绩效目标” 第 2 行 A 列：项目编码“XM999”在 2026 年度本单位的项目中不存在（共 2 行）',
      '  - 工作表“绩效目标” 第 4 行 A 列：项目编码“XM001”在 2026 年度本单位的项目中不存在',
    ]);
    expect(query(dir, 'SELECT id FROM goal_sheets')).toEqual([]);
  });

  it('usage and credentials', async () => {
    const dir = await withProjects();
    expect(await cli('goals', 'import', goalFile(dir), '--data-dir', dir, ...AS_PERFORMANCE)).toMatchObject({ code: 1, err: '用法：goals import <文件.xlsx> --year <年度>' });
    expect(await cli('goals', 'import', goalFile(dir), '--year', '2026', '--data-dir', dir)).toMatchObject({
      code: 1, err: '此命令需要登录：请用 --user 和 --password（或环境变量 BPD_USER、BPD_PASSWORD）提供账户。',
    });
    const missing = path.join(dir, 'nope.xlsx');
    expect(await cli('goals', 'import', missing, '--year', '2026', '--data-dir', dir, ...AS_PERFORMANCE)).toMatchObject({ code: 1, err: `文件不存在：${missing}` });
    expect((await cli('goals', 'frobnicate', '--data-dir', dir)).err.split('\n')[0]).toBe('用法：goals import <文件.xlsx> --year <年度>');
  });
});

describe('cli goals export-form', () => {
  it('writes the project\'s 申报表 (year defaults to the current year)', async () => {
    const dir = await withProjects();
    await cli('goals', 'import', goalFile(dir), '--year', '2026', '--data-dir', dir, ...AS_PERFORMANCE);
    const out = path.join(dir, '申报表.xlsx');
    // Readers may export: an administrator here.
    const r = await cli('goals', 'export-form', '--project', '2026-101-001', '--out', out, '--data-dir', dir, ...AS_ADMIN);
    expect(r).toEqual({ code: 0, out: `已导出项目“2026-101-001”的绩效目标申报表：${out}`, err: '' });
    const wb = XLSX.read(fs.readFileSync(out), { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['2026-101-001']);
    const ws = wb.Sheets['2026-101-001'] as XLSX.WorkSheet;
    expect([ws.A1?.v, ws.A2?.v, ws.B3?.v, ws.E3?.v, ws.B4?.v, ws.E7?.v]).toEqual(['项目支出绩效目标申报表', '（ 2026 年度）', '县域学生营养改善计划', '2026-101-001', '县教育局（101）', 320.5]);
    expect(wb.Workbook?.Names?.[0]).toMatchObject({ Name: '_xlnm.Print_Area', Sheet: 0 });

    const json = await cli('goals', 'export-form', '--project', '2026101002', '--year', '2026', '--out', out, '--data-dir', dir, ...AS_ADMIN, '--json');
    expect(JSON.parse(json.out)).toEqual({ file: out, name: '绩效目标申报表-2026101002.xlsx', project: '2026101002', year: 2026 });
  });

  it('names an unknown code, a project without goals, and the usage', async () => {
    const dir = await withProjects();
    const out = path.join(dir, 'x.xlsx');
    expect(await cli('goals', 'export-form', '--project', '2026-101', '--out', out, '--data-dir', dir, ...AS_ADMIN)).toMatchObject({ code: 1, err: '2026 年度没有编码为“2026-101”的项目。' });
    expect(await cli('goals', 'export-form', '--project', '2026-102-001', '--out', out, '--data-dir', dir, ...AS_ADMIN))
      .toMatchObject({ code: 1, err: '项目“2026-102-001”（县人民医院发热门诊改造）还没有绩效目标表。' });
    expect(await cli('goals', 'export-form', '--project', '2026-101-001', '--data-dir', dir, ...AS_ADMIN))
      .toMatchObject({ code: 1, err: '用法：goals export-form --project <项目编码> [--year <年度>] --out <文件.xlsx>' });
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('cli coverage', () => {
  it('prints the coverage in Chinese with 万元 and percentages; --json prints the DTO', async () => {
    const dir = await withProjects();
    await cli('goals', 'import', goalFile(dir), '--year', '2026', '--data-dir', dir, ...AS_PERFORMANCE);
    // Approve one project's goals straight in the file (the workflow has its own tests).
    const db = new Database(path.join(dir, 'office.sqlite'));
    db.prepare("UPDATE goal_sheets SET status = 'approved' WHERE project_id = (SELECT id FROM projects WHERE code = '2026-101-001')").run();
    db.close();

    const json = await cli('coverage', '--year', '2026', '--json', '--data-dir', dir, ...AS_ADMIN);
    expect(json.code).toBe(0);
    const c = JSON.parse(json.out) as CoverageDto;
    // 320.5 + (90.123456 + 10 + 5) + (1200 + 150) + 50 + 12.5 + 8 万元, as imported from projects/good.xlsx.
    expect(c.projects).toEqual({ count: 6, covered: 1, amountFen: 1_846_123_456, coveredAmountFen: 320_500_000 });

    const r = await cli('coverage', '--year', '2026', '--data-dir', dir, ...AS_ADMIN);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '2026 年度绩效目标覆盖情况（目标已批复或已公开视为已覆盖）',
      '',
      '项目：已覆盖 1 / 6 个（16.67%），金额 320.50 / 1,846.12 万元（17.36%）',
      `单位：已覆盖 0 / ${c.units.count} 个（0.00%）`,
      `年中追加项目：已覆盖 0 / ${c.midYearAdditions.count} 个（0.00%），金额 0.00 / ${(c.midYearAdditions.amountFen / 1e6).toFixed(2)} 万元（0.00%）`,
      '',
    ]);
    const table = lines.slice(lines.indexOf('按预算类型') + 1, lines.indexOf('按预算类型') + 6);
    expect(table[0]).toBe('  预算类型          项目数  已覆盖  覆盖率  全年预算（万元）  已覆盖金额（万元）  金额覆盖率');
    expect(table[1]).toMatch(/^ {2}一般公共预算 {6,}\d+ +1 +\d+\.\d\d% +[\d,]+\.\d\d +320\.50 +\d+\.\d\d%$/);
    expect(table.slice(1).map((l) => l.trim().split(/\s+/)[0])).toEqual(['一般公共预算', '政府性基金预算', '国有资本经营预算', '社会保险基金预算']);
    expect(lines).toContain('按目标状态');
    expect(lines.some((l) => /^ {2}已批复 +1 +320\.50$/.test(l))).toBe(true);
    expect(lines.some((l) => /^ {2}未建立 +4 +[\d,]+\.\d\d$/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^事前绩效评估：应评估 \d+ 个，已完成 0 个（予以支持 0 个，调整后支持 0 个，不予支持 0 个）$/);
  });

  it('needs --year; the help lists the new commands', async () => {
    const dir = await office();
    expect(await cli('coverage', '--data-dir', dir, ...AS_ADMIN)).toMatchObject({ code: 1, err: '用法：coverage --year <年度> [--json]' });
    const help = (await cli()).out;
    for (const c of ['projects import <文件.xlsx> --year <年度>', 'goals import <文件.xlsx> --year <年度>', 'goals export-form --project <项目编码>', 'coverage --year <年度> [--json]']) {
      expect(help).toContain(c);
    }
  });
});
