import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from '../helpers/backend.ts';
import { AS_ADMIN, INIT, cli, cliSandbox, query } from '../helpers/cli.ts';
import { fixturePath } from '../helpers/fixtures.ts';

const { newDir } = cliSandbox('bpd-cli-');

async function initialised(): Promise<string> {
  const dir = newDir();
  const r = await cli(...INIT, '--data-dir', dir);
  expect(r).toMatchObject({ code: 0, err: '' });
  return dir;
}

const unitCodes = (dir: string) => query<{ code: string }>(dir, 'SELECT code FROM units ORDER BY code').map((r) => r.code);

describe('cli init', () => {
  it('creates the office database non-interactively', async () => {
    const dir = newDir();
    const r = await cli(...INIT, '--data-dir', dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`已初始化：奇台县财政局（652325），当前年度 2026。数据文件：${path.join(dir, 'office.sqlite')}`);
    expect(r.err).toBe('');
    const office = query<{ region_code: string; name: string; current_year: number }>(dir, 'SELECT region_code, name, current_year FROM office');
    expect(office).toEqual([{ region_code: '652325', name: '奇台县财政局', current_year: 2026 }]);
    expect(query(dir, 'SELECT username, role FROM users')).toEqual([{ username: 'admin', role: 'admin' }]);
  });

  it('--json prints the result as JSON', async () => {
    const r = await cli(...INIT, '--data-dir', newDir(), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ office: { regionCode: '652325', currentYear: 2026 } });
  });

  it('names the missing options in Chinese', async () => {
    const r = await cli('init', '--data-dir', newDir(), '--region', '652325', '--level', 'county', '--admin', 'admin', '--admin-name', '管理员', '--year', '2026');
    expect(r.code).toBe(1);
    expect(r.err).toBe('init 缺少参数：--name、--password');
  });

  it('reports schema problems field by field', async () => {
    const args = INIT.map((a) => (a === ADMIN_PASSWORD ? 'abc' : a));
    const r = await cli(...args, '--data-dir', newDir());
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      '初始化失败：管理员密码：密码至少 8 位',
      '  - 字段“admin.password”：管理员密码：密码至少 8 位',
      '  - 字段“admin.password”：管理员密码：密码应至少包含大写字母、小写字母、数字、符号中的三类',
    ]);
  });

  it('refuses to initialise twice', async () => {
    const dir = await initialised();
    const r = await cli(...INIT, '--data-dir', dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe('初始化失败：本单位已完成初始化，不能重复设置。');
  });
});

describe('cli units import', () => {
  it('imports the good fixture: exit 0 and the rows are written', async () => {
    const dir = await initialised();
    const r = await cli('units', 'import', fixturePath('units', 'good.xlsx'), '--data-dir', dir, ...AS_ADMIN);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe('导入完成：新增 7 个，更新 0 个，未变化 0 个。');
    expect(unitCodes(dir)).toEqual(['101', '101001', '101002', '102', '102001', '102001-01', '103']);

    const again = await cli('units', 'import', fixturePath('units', 'good.xlsx'), '--data-dir', dir, ...AS_ADMIN);
    expect(again).toMatchObject({ code: 0, out: '导入完成：新增 0 个，更新 0 个，未变化 7 个。' });
  });

  it('refuses a bad fixture: exit 1, stderr lists every bad cell in Chinese, nothing written', async () => {
    const dir = await initialised();
    const r = await cli('units', 'import', fixturePath('units', 'bad-yes-no.xlsx'), '--data-dir', dir, ...AS_ADMIN);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toEqual([
      '导入失败：文件“bad-yes-no.xlsx”有 2 处错误，未导入任何数据。',
      '  - 工作表“预算单位” 第 2 行 E 列：“可能”应填写 是 或 否',
      '  - 工作表“预算单位” 第 3 行 F 列：“停用”应填写 是 或 否',
    ]);
    expect(unitCodes(dir)).toEqual([]);
  });

  it('refuses a file that is not a workbook', async () => {
    const dir = await initialised();
    const r = await cli('units', 'import', fixturePath('units', 'bad-not-excel.xlsx'), '--data-dir', dir, ...AS_ADMIN);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual(['预检失败：无法读取文件“bad-not-excel.xlsx”：不是有效的 Excel 文件。', '  - 文件格式无效，请使用 .xlsx 模板']);
  });

  it('a missing file → exit 1', async () => {
    const dir = await initialised();
    const missing = path.join(dir, 'nope.xlsx');
    const r = await cli('units', 'import', missing, '--data-dir', dir, ...AS_ADMIN);
    expect(r).toMatchObject({ code: 1, err: `文件不存在：${missing}` });
  });

  it('takes credentials from BPD_USER / BPD_PASSWORD', async () => {
    const dir = await initialised();
    process.env.BPD_USER = 'admin';
    process.env.BPD_PASSWORD = ADMIN_PASSWORD;
    const r = await cli('units', 'import', fixturePath('units', 'good.xlsx'), '--data-dir', dir);
    expect(r.code).toBe(0);
    expect(unitCodes(dir)).toHaveLength(7);
  });
});

describe('cli credentials', () => {
  it.each([
    [['backup']],
    [['restore', 'office-20260101-000000-000-manual.sqlite']],
    [['units', 'import', fixturePath('units', 'good.xlsx')]],
  ])('%j without credentials → exit 1 with a Chinese message', async (args) => {
    const dir = await initialised();
    const r = await cli(...args, '--data-dir', dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe('此命令需要登录：请用 --user 和 --password（或环境变量 BPD_USER、BPD_PASSWORD）提供账户。');
  });

  it('a wrong password → exit 1 with the sign-in message', async () => {
    const dir = await initialised();
    const r = await cli('backup', '--data-dir', dir, '--user', 'admin', '--password', 'Wrong#Pass1');
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe('登录失败：用户名或密码错误。再输错 4 次账户将被锁定。');
  });
});

describe('cli backup and restore', () => {
  it('backs up, then restores by name and by outside path', async () => {
    const dir = await initialised();
    const b = await cli('backup', '--data-dir', dir, ...AS_ADMIN);
    expect(b.code).toBe(0);
    const m = /^备份完成：(.+\.sqlite)（\d+ KB）$/.exec(b.out);
    expect(b.out).toMatch(/^备份完成：(.+\.sqlite)（\d+ KB）$/);
    const backupFile = m?.[1] ?? '';
    expect(path.dirname(backupFile)).toBe(path.join(dir, 'backups'));
    expect(fs.existsSync(backupFile)).toBe(true);

    // A change after the backup…
    expect((await cli('units', 'import', fixturePath('units', 'good.xlsx'), '--data-dir', dir, ...AS_ADMIN)).code).toBe(0);
    expect(unitCodes(dir)).toHaveLength(7);

    // …is gone after restoring by name.
    const name = path.basename(backupFile);
    const r = await cli('restore', name, '--data-dir', dir, ...AS_ADMIN);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^已从 ${name.replace(/\./g, '\\.')} 恢复。恢复前的数据已备份为 office-\\d{8}-\\d{6}-\\d{3}-restore\\.sqlite。$`));
    expect(unitCodes(dir)).toEqual([]);

    // A copy kept elsewhere (a USB stick) is adopted into the backups folder and restored.
    const outside = path.join(newDir(), '奇台县-备份.sqlite');
    const safety = /备份为 (\S+restore\.sqlite)。/.exec(r.out)?.[1] ?? '';
    fs.copyFileSync(path.join(dir, 'backups', safety), outside);
    const r2 = await cli('restore', outside, '--data-dir', dir, ...AS_ADMIN);
    expect(r2.code).toBe(0);
    expect(r2.out).toMatch(/^已从 office-\d{8}-\d{6}-\d{3}-external\.sqlite 恢复。/);
    expect(unitCodes(dir)).toHaveLength(7);
  });

  it('with --db elsewhere, backups go to a backups/ folder beside that file', async () => {
    // BPD_DATA_DIR points somewhere else, so a backup landing in the default data folder shows.
    process.env.BPD_DATA_DIR = newDir();
    const dbDir = newDir();
    const dbFile = path.join(dbDir, '奇台县.sqlite');
    expect((await cli(...INIT, '--db', dbFile)).code).toBe(0);
    expect(fs.existsSync(dbFile)).toBe(true);
    const b = await cli('backup', '--db', dbFile, ...AS_ADMIN);
    expect(b.code).toBe(0);
    expect(fs.readdirSync(path.join(dbDir, 'backups')).filter((n) => n.endsWith('-manual.sqlite'))).toHaveLength(1);
    expect(fs.existsSync(path.join(process.env.BPD_DATA_DIR, 'backups'))).toBe(false);
  });

  it('refuses to restore a backup that does not exist', async () => {
    const dir = await initialised();
    const r = await cli('restore', 'office-20200101-000000-000-manual.sqlite', '--data-dir', dir, ...AS_ADMIN);
    expect(r.code).toBe(1);
    expect(r.err).toContain('文件不存在');
  });
});

describe('cli usage', () => {
  it('no command prints the help and exits 2; --help exits 0', async () => {
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.out).toContain('预算绩效工作台 命令行');
    expect((await cli('backup', '--help')).code).toBe(0);
  });

  it('an unknown command → exit 1 naming it', async () => {
    const r = await cli('frobnicate', '--data-dir', newDir());
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe('未知命令：frobnicate');
  });

  it('units without import → usage', async () => {
    const r = await cli('units', 'export', '--data-dir', newDir());
    expect(r).toMatchObject({ code: 1, err: '用法：units import <文件.xlsx>' });
  });
});
