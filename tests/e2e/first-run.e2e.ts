import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures.ts';

/** Form inputs by their @mantine/form path: stable whatever the label wording. */
const field = (page: Page, formPath: string) => page.locator(`[data-path="${formPath}"]`);

const ADMIN = { username: 'zhangwei', name: '张伟', password: 'Caizheng#2026' };

/** A county's real-looking unit list: three departments with their primary and secondary units. */
function unitWorkbook(file: string, rows: (string | null)[][]): void {
  const ws = XLSX.utils.aoa_to_sheet([['单位编码', '单位名称', '上级单位编码', '单位性质', '是否涉密', '是否启用'], ...rows]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '预算单位');
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

const UNITS: (string | null)[][] = [
  ['101', '奇台县教育局', null, '行政单位', '否', '是'],
  ['101001', '奇台县第一中学', '101', '事业单位', '否', '是'],
  ['101002', '奇台县第二中学', '101', '事业单位', '否', '是'],
  ['101002-01', '奇台县第二中学附属幼儿园', '101002', '事业单位', '否', '是'],
  ['102', '奇台县卫生健康委员会', null, '行政单位', '否', '是'],
  ['102001', '奇台县人民医院', '102', '事业单位', '否', '是'],
  ['102002', '奇台县疾病预防控制中心', '102', '事业单位', '否', '是'],
  ['103', '奇台县农业农村局', null, '行政单位', '否', '是'],
  ['103001', '奇台县农业技术推广中心', '103', '事业单位', '否', '是'],
  ['103002', '奇台县畜牧兽医发展中心', '103', '事业单位', '否', '是'],
  ['104', '奇台县国家保密局', null, '行政单位', '是', '是'],
  ['105', '奇台县交通运输局', null, '行政单位', '否', '是'],
];

test('first run → admin → sign in → import units → tree → export', async ({ page, host }, testInfo) => {
  const work = testInfo.outputPath();
  fs.mkdirSync(work, { recursive: true });

  await page.goto(host.openUrl);
  await expect(page.getByText('首次使用设置')).toBeVisible();
  await shot(page, '01-setup-office');

  // Step 1: office identity. A county code for the wrong level is refused on the field.
  await field(page, 'office.regionCode').fill('652325');
  await field(page, 'office.name').fill('奇台县财政局');
  await field(page, 'office.parentName').fill('昌吉回族自治州财政局');
  await field(page, 'office.parentRegionCode').fill('652300');
  await page.getByRole('button', { name: '下一步' }).click();

  // Step 2: the first administrator; a weak password is explained before it is accepted.
  await field(page, 'admin.username').fill(ADMIN.username);
  await field(page, 'admin.displayName').fill(ADMIN.name);
  await field(page, 'admin.password').fill('123456');
  await field(page, 'admin.confirm').fill('123456');
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByText('密码至少 8 位').first()).toBeVisible();
  await shot(page, '02-setup-weak-password');
  await field(page, 'admin.password').fill(ADMIN.password);
  await field(page, 'admin.confirm').fill(ADMIN.password);
  await page.getByRole('button', { name: '下一步' }).click();

  // Step 3: year; step 4: confirm.
  await field(page, 'year').fill('2026');
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByTestId('setup-summary')).toContainText('奇台县财政局');
  await shot(page, '03-setup-confirm');
  await page.getByRole('button', { name: '完成初始化' }).click();

  // Sign in: a wrong password first, then the right one.
  await expect(page.getByTestId('login-office-name')).toHaveText('奇台县财政局');
  await field(page, 'username').fill(ADMIN.username);
  await field(page, 'password').fill('Wrong#Pass1');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('login-error')).toContainText('再输错 4 次');
  await shot(page, '04-login-wrong-password');
  await field(page, 'password').fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('current-year')).toHaveText('2026 年度');
  await shot(page, '05-home');

  // Units: the template downloads as a real workbook with the import columns.
  await page.getByRole('link', { name: '预算单位' }).click();
  await expect(page.getByTestId('units-empty')).toBeVisible();
  const templateDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: '下载导入模板' }).first().click();
  const template = await templateDownload;
  const templatePath = path.join(work, template.suggestedFilename());
  await template.saveAs(templatePath);
  const header = XLSX.utils.sheet_to_json<string[]>(XLSX.read(fs.readFileSync(templatePath)).Sheets['预算单位'] as XLSX.WorkSheet, { header: 1 })[0];
  expect(header).toEqual(['单位编码', '单位名称', '上级单位编码', '单位性质', '是否涉密', '是否启用']);

  // A bad file is refused whole, every bad cell named by row and column.
  const badFile = path.join(work, 'bad-units.xlsx');
  unitWorkbook(badFile, [...UNITS.slice(0, 3), ['101009', '', '999', '机关', '否', '是']]);
  await page.getByRole('button', { name: '从 Excel 导入' }).first().click();
  let chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '选择文件' }).click();
  await (await chooser).setFiles(badFile);
  await expect(page.getByText('文件有 3 处错误，未导入任何数据')).toBeVisible();
  await expect(page.getByRole('dialog')).toContainText('缺少单位名称');
  await expect(page.getByRole('dialog')).toContainText('上级单位编码“999”在文件和现有单位中都不存在');
  await expect(page.getByRole('button', { name: '确认导入' })).toBeDisabled();
  await shot(page, '06-import-errors');

  // The good file: preview, then commit.
  const goodFile = path.join(work, 'units.xlsx');
  unitWorkbook(goodFile, UNITS);
  chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '重新选择文件' }).click();
  await (await chooser).setFiles(goodFile);
  await expect(page.getByTestId('import-summary-add')).toContainText('12');
  await shot(page, '07-import-preview');
  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  // The tree shows departments, primary and secondary units.
  await expect(page.getByText('奇台县第二中学附属幼儿园')).toBeVisible();
  await expect(page.getByText('奇台县国家保密局')).toBeVisible();
  await expect(page.getByTestId('units-count')).toContainText('12');
  await shot(page, '08-units-tree');

  // Export, and check the workbook row by row.
  const exportDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const exported = await exportDownload;
  const exportPath = path.join(work, exported.suggestedFilename());
  await exported.saveAs(exportPath);
  const rows = XLSX.utils.sheet_to_json<Record<string, string>>(XLSX.read(fs.readFileSync(exportPath)).Sheets['预算单位'] as XLSX.WorkSheet, { range: 1 });
  expect(rows.map((r) => r['单位编码']).sort()).toEqual(UNITS.map((u) => u[0]).sort());
  const kindergarten = rows.find((r) => r['单位编码'] === '101002-01');
  expect(kindergarten?.['上级单位编码']).toBe('101002');
  expect(kindergarten?.['单位层级']).toBe('二级预算单位');
  expect(rows.find((r) => r['单位编码'] === '104')?.['是否涉密']).toBe('是');
});
