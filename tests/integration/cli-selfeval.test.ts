import { describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import { SELF_EVAL_CHECK_DIFFERENT } from '../../electron/host/cli.ts';
import type { SessionDto } from '../../shared/api/dto.ts';
import type { SelfEvalCheckDto } from '../../shared/api/dtoSelfEvalCheck.ts';
import { ADMIN_PASSWORD, USER_PASSWORD } from '../helpers/backend.ts';
import { AS_ADMIN, AS_PERFORMANCE, INIT, cli, cliSandbox } from '../helpers/cli.ts';
import { fixturePath } from '../helpers/fixtures.ts';

const { newDir } = cliSandbox('bpd-cli-selfeval-');
const AS_VIEWER = ['--user', 'chayue', '--password', USER_PASSWORD];

/** An initialised office with a 绩效管理 user (jixiao) and a 查阅 user (chayue). */
async function office(): Promise<string> {
  const dir = newDir();
  expect((await cli(...INIT, '--data-dir', dir)).code).toBe(0);
  const b = await Backend.open({ dataDir: dir });
  try {
    const login = await b.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }, null);
    if (!login.ok) throw new Error(login.error.message);
    const admin = (login.data as SessionDto).sessionId;
    for (const [username, role] of [['jixiao', 'performance'], ['chayue', 'viewer']] as const) {
      const r = await b.dispatch('users.create', { username, displayName: username, role, password: USER_PASSWORD }, admin);
      if (!r.ok) throw new Error(r.error.message);
    }
  } finally {
    b.close();
  }
  return dir;
}

const fixture = (name: string) => fixturePath('selfeval', name);

describe('cli selfeval check', () => {
  it('--json prints the check (rows, both scores, differences) and exits 3 when the unit differs', async () => {
    const dir = await office();
    const r = await cli('selfeval', 'check', fixture('national-spec-11-1.xlsx'), '--json', '--data-dir', dir, ...AS_PERFORMANCE);
    expect(r.err).toBe('');
    expect(r.code).toBe(SELF_EVAL_CHECK_DIFFERENT);
    const c = JSON.parse(r.out) as SelfEvalCheckDto;
    expect(c.layout.code).toBe('national');
    expect(c.profile.id).toBe('builtin-national-default');
    expect(c.rows).toHaveLength(7);
    expect(c.rows[1]).toMatchObject({ row: 14, name: '养护验收合格率', weight: 10, unitScore: 9.7, appScore: 9.68, diff: 0.02, reasons: ['取整'] });
    expect(c.appTotal).toBe(95.18);
    expect(c.unitTotal).toBe(94.7);
    expect(c.differences.map((d) => d.reason)).toEqual(['截断', '取整', '由各项得分差异导致']);
  });

  it('prints a Chinese report: layout, rows, totals side by side and every difference', async () => {
    const dir = await office();
    const r = await cli('selfeval', 'check', fixture('hubei-20-80-yuan.xlsx'), '--data-dir', dir, ...AS_VIEWER);
    expect(r.code).toBe(SELF_EVAL_CHECK_DIFFERENT);
    expect(r.out).toContain('表格格式：湖北、云南格式（预算执行率 20 分 + 绩效指标 80 分）');
    expect(r.out).toContain('金额单位：元（依据：表头“预算数(元)”）');
    expect(r.out).toContain('预算数 100.00 万元，执行数 92.50 万元，执行率 92.50%');
    expect(r.out).toMatch(/活动开展覆盖率 +≥95% +90% +未达标却给满分 +10\* +10\.00 +9\.47 +\+0\.53/);
    expect(r.out).toContain('总分：单位 80.00，良；系统 97.97，优');
    expect(r.out).toContain('差异 2 处：');
    expect(r.out).toContain('第 14 行 总分：单位 80.00，系统 97.97 —— 执行率得分未计入总分。');
  });

  it('exits 0 and says so when the unit figures agree; --profile takes a profile code', async () => {
    const dir = await office();
    const r = await cli('selfeval', 'check', fixture('national-correct.xlsx'), '--profile', 'integrated-caps', '--data-dir', dir, ...AS_PERFORMANCE);
    expect(r.code).toBe(0);
    expect(r.out).toContain('规则方案：预算管理一体化·自评封顶（第 1 版）');
    expect(r.out).toContain('单位所填数字与系统计算一致，没有差异。');
  });

  it('lists unreadable cells and exits 3', async () => {
    const dir = await office();
    const r = await cli('selfeval', 'check', fixture('bad-cells.xlsx'), '--data-dir', dir, ...AS_PERFORMANCE);
    expect(r.code).toBe(SELF_EVAL_CHECK_DIFFERENT);
    expect(r.out).toContain('无法读取的单元格 3 处（所在指标未计分）：');
    expect(r.out).toContain('  - 第 7 行 G 列（分值）：分值“十”不是有效数字');
  });

  it('exits 1 with the reason for usage errors, missing or unreadable files, unknown profiles and roles without access', async () => {
    const dir = await office();
    let r = await cli('selfeval', '--data-dir', dir, ...AS_PERFORMANCE);
    expect(r.code).toBe(1);
    expect(r.err).toContain('用法：selfeval check <自评表.xlsx>');
    r = await cli('selfeval', 'check', fixture('missing.xlsx'), '--data-dir', dir, ...AS_PERFORMANCE);
    expect(r.code).toBe(1);
    expect(r.err).toContain('文件不存在');
    r = await cli('selfeval', 'check', fixture('bad-not-excel.xlsx'), '--data-dir', dir, ...AS_PERFORMANCE);
    expect(r.code).toBe(1);
    expect(r.err).toContain('核对自评表失败：无法读取文件“bad-not-excel.xlsx”：不是有效的 Excel 文件。');
    r = await cli('selfeval', 'check', fixture('bad-no-table.xlsx'), '--data-dir', dir, ...AS_PERFORMANCE);
    expect(r.code).toBe(1);
    expect(r.err).toContain('  - 工作表“说明”：找不到指标表头“三级指标”');
    r = await cli('selfeval', 'check', fixture('national-correct.xlsx'), '--profile', 'no-such', '--data-dir', dir, ...AS_PERFORMANCE);
    expect(r.code).toBe(1);
    expect(r.err).toContain('规则方案“no-such”不存在');
    r = await cli('selfeval', 'check', fixture('national-correct.xlsx'), '--data-dir', dir, ...AS_ADMIN);
    expect(r.code).toBe(1);
    expect(r.err).toContain('核对自评表失败');
  });

  it('is listed in the help', async () => {
    const r = await cli('--help');
    expect(r.out).toContain('selfeval check <自评表.xlsx> [--profile <方案编号或代码>] [--json]');
  });
});
