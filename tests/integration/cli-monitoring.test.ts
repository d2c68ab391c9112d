import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import { insertSheet, replaceIndicators } from '../../electron/backend/repositories/goals.ts';
import { insertProject } from '../../electron/backend/repositories/projects.ts';
import { uuidv7 } from '../../electron/backend/util/ids.ts';
import { warningsText } from '../../electron/host/cli.ts';
import type { SessionDto } from '../../shared/api/dto.ts';
import type { MonitoringWarningDto } from '../../shared/api/dtoMonitoring.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.ts';
import { ADMIN_PASSWORD, USER_PASSWORD } from '../helpers/backend.ts';
import { AS_PERFORMANCE, INIT, cli, cliSandbox, query } from '../helpers/cli.ts';
import { fixturePath } from '../helpers/fixtures.ts';

const { newDir } = cliSandbox('bpd-cli-monitoring-');

const AS_VIEWER = ['--user', 'chayue', '--password', USER_PASSWORD];
const WAN = 1_000_000;

/**
 * An office with two 2026 projects whose goals are approved — XM-101-01 (500 万元, 县教育局) and
 * XM-102-01 (1000 万元, 县卫生健康委员会) — and a populated 1–6月 project round. Returns the
 * data folder and the round id.
 */
async function office(): Promise<{ dir: string; roundId: string }> {
  const dir = newDir();
  expect((await cli(...INIT, '--data-dir', dir)).code).toBe(0);
  const b = await Backend.open({ dataDir: dir });
  try {
    const call = async <M extends MethodName>(m: M, input: MethodInput<M>, session: string | null): Promise<MethodOutput<M>> => {
      const r = await b.dispatch(m, input, session);
      if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
      return r.data as MethodOutput<M>;
    };
    const admin = (await call('auth.login', { username: 'admin', password: ADMIN_PASSWORD }, null) as SessionDto).sessionId;
    await call('users.create', { username: 'jixiao', displayName: '绩效股', role: 'performance', password: USER_PASSWORD }, admin);
    await call('users.create', { username: 'chayue', displayName: '查阅', role: 'viewer', password: USER_PASSWORD }, admin);
    const unit = async (code: string, name: string) => (await call('units.create', { code, name, kind: 'administrative', confidential: false, parentId: null }, admin)).id;
    const units = { '101': await unit('101', '县教育局'), '102': await unit('102', '县卫生健康委员会') };
    const at = '2026-07-01T00:00:00.000Z';
    const project = (code: string, name: string, unitId: string, fiscalFen: number) => {
      const id = uuidv7();
      insertProject(b.database, {
        id, origin: '652325', year: 2026, code, name, unit_id: unitId, object_type: 'project', attribute: 'continuing', category: '', project_type: 'general',
        budget_type: 'general', start_month: null, end_month: null, initial_fiscal_fen: fiscalFen, initial_carryover_fen: 0, initial_other_fen: 0,
        annual_fiscal_fen: fiscalFen, annual_carryover_fen: 0, annual_other_fen: 0, mid_term_total_fen: null, mid_year_addition: 0, new_major: 0,
        confidential: 0, status: 'budgeted', manager: '', phone: '', basis: '', created_at: at, updated_at: at,
      });
      const sheetId = uuidv7();
      insertSheet(b.database, {
        id: sheetId, origin: '652325', year: 2026, owner_type: 'project', project_id: id, unit_id: unitId, status: 'approved', annual_goal: '按计划完成。',
        mid_term_goal: '', unit_duties: '', locked: 0, created_at: at, updated_at: at,
      });
      replaceIndicators(b.database, sheetId, [{
        id: uuidv7(), sheet_id: sheetId, seq: 1, level1: 'output', level2: 'quantity', name: '完成任务数', value_type: 'quantitative', operator: '>=',
        target_value: 10, target_text: '≥10项', unit: '项', mid_term_text: '', explanation: '', scoring_rule: '', value_basis: 'plan', data_source: '',
        is_core: 0, library_id: null,
      }]);
    };
    project('XM-101-01', '学生营养改善计划', units['101'], 500 * WAN);
    project('XM-102-01', '基层医疗设备更新', units['102'], 1000 * WAN);
    const perf = (await call('auth.login', { username: 'jixiao', password: USER_PASSWORD }, null) as SessionDto).sessionId;
    const round = await call('monitoring.createRound', {
      year: 2026, month: 6, objectType: 'project', kind: 'self', title: '2026年1–6月项目自行监控', issuedOn: '2026-07-01', dueOn: '2026-07-15',
    }, perf);
    expect(await call('monitoring.populateRound', { roundId: round.id }, perf)).toEqual({ created: 2, existing: 0 });
    return { dir, roundId: round.id };
  } finally {
    b.close();
  }
}

const executedByCode = (dir: string) =>
  query<{ code: string; executed_fen: number | null }>(dir, 'SELECT p.code, s.executed_fen FROM monitoring_sheets s JOIN projects p ON p.id = s.project_id ORDER BY p.code');

describe('cli monitoring import-execution', () => {
  it('imports with the saved mapping (default: 项目编码 / 执行数 in 元), then finds nothing to change', async () => {
    const { dir, roundId } = await office();
    const r = await cli('monitoring', 'import-execution', fixturePath('monitoring', 'good-default.xlsx'), '--round', roundId, '--data-dir', dir, ...AS_PERFORMANCE);
    expect(r).toEqual({ code: 0, out: '导入完成：首次导入执行数 2 个项目，更新 0 个，未变化 0 个。', err: '' });
    expect(executedByCode(dir)).toEqual([{ code: 'XM-101-01', executed_fen: 150_000_000 }, { code: 'XM-102-01', executed_fen: 250_000_000 }]);
    const again = await cli('monitoring', 'import-execution', fixturePath('monitoring', 'good-default.xlsx'), '--round', roundId, '--data-dir', dir, ...AS_PERFORMANCE, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toEqual({ add: 0, update: 0, unchanged: 2 });
  });

  it('takes the column names and the unit from the options (a 万元 export), the rest from the saved mapping', async () => {
    const { dir, roundId } = await office();
    await cli('monitoring', 'import-execution', fixturePath('monitoring', 'good-default.xlsx'), '--round', roundId, '--data-dir', dir, ...AS_PERFORMANCE);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['项目代码', '执行数（万元）'], ['XM-101-01', 150], ['XM-102-01', '300.5']]), '执行');
    const file = path.join(dir, '执行数-万元.xlsx');
    fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const r = await cli('monitoring', 'import-execution', file, '--round', roundId, '--code-header', '项目代码', '--amount-header', '执行数(万元)', '--unit', '万元', '--data-dir', dir, ...AS_PERFORMANCE);
    expect(r).toEqual({ code: 0, out: '导入完成：首次导入执行数 0 个项目，更新 1 个，未变化 1 个。', err: '' });
    expect(executedByCode(dir)).toEqual([{ code: 'XM-101-01', executed_fen: 150_000_000 }, { code: 'XM-102-01', executed_fen: 300_500_000 }]);
    // Without the options the saved (default) mapping applies: 项目编码 is not in this file.
    const plain = await cli('monitoring', 'import-execution', file, '--round', roundId, '--data-dir', dir, ...AS_PERFORMANCE);
    expect(plain.code).toBe(1);
    expect(plain.err.split('\n')).toEqual([
      '预检失败：工作表“执行”前 10 行中找不到表头“项目编码”，请检查执行数导入设置中的项目编码列。',
      '  - 工作表“执行” 第 1 行：找不到表头“项目编码”',
    ]);
    // Once the office saves this file's mapping (as the import dialog does), no options are needed.
    const b = await Backend.open({ dataDir: dir });
    try {
      const login = await b.dispatch('auth.login', { username: 'jixiao', password: USER_PASSWORD }, null);
      if (!login.ok) throw new Error(login.error.message);
      const saved = await b.dispatch('monitoring.saveMapping', { sheet: '', codeHeader: '项目代码', amountHeader: '执行数（万元）', amountUnit: 'wan', fiscalHeader: '', otherHeader: '' }, (login.data as SessionDto).sessionId);
      expect(saved.ok).toBe(true);
    } finally {
      b.close();
    }
    const withSaved = await cli('monitoring', 'import-execution', file, '--round', roundId, '--data-dir', dir, ...AS_PERFORMANCE);
    expect(withSaved).toEqual({ code: 0, out: '导入完成：首次导入执行数 0 个项目，更新 0 个，未变化 2 个。', err: '' });
  });

  it('refuses a bad file: exit 1, every bad cell on stderr in Chinese, nothing written', async () => {
    const { dir, roundId } = await office();
    const r = await cli('monitoring', 'import-execution', fixturePath('monitoring', 'bad-unknown-code.xlsx'), '--round', roundId, '--data-dir', dir, ...AS_PERFORMANCE);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toEqual([
      '导入失败：文件“bad-unknown-code.xlsx”有 2 处错误，未导入任何数据。',
      '  - 工作表“执行数” 第 3 行 A 列：项目编码“XM-999”在 2026 年度项目库中不存在',
      // This office has no project XM-102-03 at all (in the integration office it exists outside the round).
      '  - 工作表“执行数” 第 4 行 A 列：项目编码“XM-102-03”在 2026 年度项目库中不存在',
    ]);
    expect(executedByCode(dir).map((e) => e.executed_fen)).toEqual([null, null]);
  });

  it('usage, options, credentials and roles', async () => {
    const { dir, roundId } = await office();
    const file = fixturePath('monitoring', 'good-default.xlsx');
    const usage = '用法：monitoring import-execution <文件.xlsx> --round <批次编号> [--code-header <项目编码列> --amount-header <执行数列> --unit yuan|wan]';
    expect(await cli('monitoring', 'import-execution', file, '--data-dir', dir, ...AS_PERFORMANCE)).toMatchObject({ code: 1, err: usage });
    expect(await cli('monitoring', 'import-execution', '--round', roundId, '--data-dir', dir, ...AS_PERFORMANCE)).toMatchObject({ code: 1, err: usage });
    expect(await cli('monitoring', 'import-execution', file, '--round', roundId, '--unit', '千元', '--data-dir', dir, ...AS_PERFORMANCE))
      .toMatchObject({ code: 1, err: '--unit 应为 yuan（元）或 wan（万元）（实际为“千元”）' });
    expect(await cli('monitoring', 'import-execution', file, '--round', roundId, '--data-dir', dir)).toMatchObject({
      code: 1, err: '此命令需要登录：请用 --user 和 --password（或环境变量 BPD_USER、BPD_PASSWORD）提供账户。',
    });
    expect(await cli('monitoring', 'import-execution', file, '--round', roundId, '--data-dir', dir, ...AS_VIEWER))
      .toMatchObject({ code: 1, err: '预检失败：当前账户的角色无权执行此操作。' });
    expect(await cli('monitoring', 'import-execution', file, '--round', 'nope', '--data-dir', dir, ...AS_PERFORMANCE))
      .toMatchObject({ code: 1, err: '预检失败：监控批次不存在。' });
    expect((await cli('monitoring', 'frobnicate', '--data-dir', dir)).err.split('\n')[0]).toBe(usage);
    const help = (await cli('--help')).out;
    expect(help).toContain('monitoring import-execution <文件.xlsx> --round <批次编号>');
    expect(help).toContain('monitoring warnings --round <批次编号> [--json]');
    expect(executedByCode(dir).map((e) => e.executed_fen)).toEqual([null, null]);
  });
});

describe('cli monitoring warnings', () => {
  it('lists every warning with its rule, level, numbers and message (JSON), or as a Chinese table', async () => {
    const { dir, roundId } = await office();
    const empty = await cli('monitoring', 'warnings', '--round', roundId, '--data-dir', dir, ...AS_VIEWER);
    expect(empty).toEqual({ code: 0, out: '2026年1–6月项目自行监控：共 0 条预警（红色预警 0 条，黄色预警 0 条）', err: '' });
    await cli('monitoring', 'import-execution', fixturePath('monitoring', 'good-default.xlsx'), '--round', roundId, '--data-dir', dir, ...AS_PERFORMANCE);

    const json = await cli('monitoring', 'warnings', '--round', roundId, '--json', '--data-dir', dir, ...AS_VIEWER);
    expect(json.code).toBe(0);
    const warnings = JSON.parse(json.out) as MonitoringWarningDto[];
    expect(warnings.map((w) => ({ code: w.projectCode, rule: w.rule, level: w.level, numbers: w.numbers, message: w.message }))).toEqual([
      {
        code: 'XM-101-01', rule: 'timeGap', level: 'yellow',
        numbers: { timeProgress: 50, executionRate: 30, gapPoints: 20, relativeDeviation: 40, maxRelativeDeviation: 20 },
        message: '时间进度 50.00%，执行率 30.00%，进度差 20.00 个百分点，相对偏差 40.00%，超过 20.00% 的预警线',
      },
      {
        code: 'XM-102-01', rule: 'timeGap', level: 'yellow',
        numbers: { timeProgress: 50, executionRate: 25, gapPoints: 25, relativeDeviation: 50, maxRelativeDeviation: 20 },
        message: '时间进度 50.00%，执行率 25.00%，进度差 25.00 个百分点，相对偏差 50.00%，超过 20.00% 的预警线',
      },
    ]);

    const text = await cli('monitoring', 'warnings', '--round', roundId, '--data-dir', dir, ...AS_VIEWER);
    expect(text.code).toBe(0);
    expect(text.out).toBe(warningsText({ title: '2026年1–6月项目自行监控' }, warnings));
    const lines = text.out.split('\n');
    expect(lines[0]).toBe('2026年1–6月项目自行监控：共 2 条预警（红色预警 0 条，黄色预警 2 条）');
    expect(lines[2]?.split(/\s{2,}/).filter(Boolean)).toEqual(['单位', '项目编码', '项目名称', '预警级别', '预警规则', '预警信息', '处理情况']);
    expect(lines[3]?.split(/\s{2,}/).filter(Boolean)).toEqual([
      '县教育局', 'XM-101-01', '学生营养改善计划', '黄色预警', '时间进度偏差', '时间进度 50.00%，执行率 30.00%，进度差 20.00 个百分点，相对偏差 40.00%，超过 20.00% 的预警线', '未处理',
    ]);
    expect(lines[4]?.split(/\s{2,}/).filter(Boolean)[0]).toBe('县卫生健康委员会');
    expect(lines).toHaveLength(5);
  });

  it('names an unknown round and the usage', async () => {
    const { dir } = await office();
    expect(await cli('monitoring', 'warnings', '--round', 'nope', '--data-dir', dir, ...AS_VIEWER)).toMatchObject({ code: 1, err: '监控批次“nope”不存在。' });
    expect(await cli('monitoring', 'warnings', '--data-dir', dir, ...AS_VIEWER)).toMatchObject({ code: 1, err: '用法：monitoring warnings --round <批次编号> [--json]' });
  });
});
