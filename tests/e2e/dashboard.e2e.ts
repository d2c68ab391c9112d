import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import type { Page } from '@playwright/test';
import { ARTIFACTS, download, expect, hostApi, signIn, test, workbook } from './fixtures.ts';

/**
 * Issue 7's path through the UI: the home screen of a 绩效管理 user shows what is due and the loop's
 * coverage → a number opens the records behind it → a record's page → 统计分析 with the seed
 * reports' tables, a drill-down and the workbook → 年度工作报告: the office's own words saved, the
 * .docx generated and read back. Office, users, units, projects, goals and a rectification item are
 * set up through the HTTP API (the other e2e tests cover those screens).
 */

const ADMIN = { username: 'admin', password: 'Caizheng#2026' };
const PERF = { username: 'jixiao', displayName: '李绩效', password: 'Jx#2026perf' };
const BIZ = { username: 'yewu', displayName: '王业务', password: 'Yw#2026biz' };
const YEAR = 2026;
const PROJECTS = [
  ['2026-101-001', '县域学生营养改善计划', '101001', '一般公共预算', 320.5],
  ['2026-101-002', '县第一中学教学设备购置', '101001', '一般公共预算', 118.25],
  ['2026-102-001', '基层医疗卫生机构能力建设', '102', '政府性基金预算', 260],
  ['2026-102-002', '村卫生室标准化建设', '102', '一般公共预算', 95.4],
  ['2026-101-003', '学前教育普惠资助', '101', '一般公共预算', 88.8],
] as const;

/** A full-page screenshot with transitions finished (the drawer slides in). */
async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

async function seed(api: ReturnType<typeof hostApi>, work: string): Promise<void> {
  const office = { regionCode: '652325', name: '奇台县财政局', level: 'county', parentName: '昌吉回族自治州财政局', parentRegionCode: '652300' };
  await api('setup.init', { office, admin: { ...ADMIN, displayName: '管理员' }, year: YEAR });
  const admin = (await api<{ sessionId: string }>('auth.login', ADMIN)).sessionId;
  for (const [user, role] of [[PERF, 'performance'], [BIZ, 'business']] as const) await api('users.create', { ...user, role }, admin);
  await api('units.importCommit', {
    file: workbook(path.join(work, 'units.xlsx'), '预算单位', [
      ['单位编码', '单位名称', '上级单位编码', '单位性质', '是否涉密', '是否启用'],
      ['101', '奇台县教育局', null, '行政单位', '否', '是'],
      ['101001', '奇台县第一中学', '101', '事业单位', '否', '是'],
      ['102', '奇台县卫生健康委员会', null, '行政单位', '否', '是'],
    ]),
  }, admin);
  const [perf, biz] = await Promise.all([PERF, BIZ].map(async (u) => (await api<{ sessionId: string }>('auth.login', u)).sessionId));
  // The project list in the office's own import template: its header row, each project by column name.
  const template = await api<{ base64: string }>('projects.template', {}, perf);
  const tpl = XLSX.read(Buffer.from(template.base64, 'base64'));
  const header = (XLSX.utils.sheet_to_json<unknown[]>(tpl.Sheets[tpl.SheetNames[0] ?? ''] ?? {}, { header: 1 })[0] ?? []).map(String);
  const row = (values: Record<string, unknown>) => header.map((h) => values[h.replace(/\*$/, '')] ?? '');
  await api('projects.importCommit', {
    year: YEAR,
    file: workbook(path.join(work, 'projects.xlsx'), '项目', [header, ...PROJECTS.map(([code, name, unit, type, wan]) => row({
      项目编码: code, 项目名称: name, 单位编码: unit, 对象类型: '项目', 项目属性: '延续', 预算类型: type, 开始年月: '2026-01', 结束年月: '2026-12',
      '年初预算数·财政拨款': wan, '全年预算数·财政拨款': wan, 是否年中追加: '否', 是否新增重大: '否', 是否涉密: '否',
    }))]),
  }, perf);
  await api('goals.importCommit', {
    year: YEAR,
    file: workbook(path.join(work, 'goals.xlsx'), '绩效目标', [
      ['项目编码*', '项目名称', '年度总体目标', '一级指标*', '二级指标*', '三级指标*', '指标值类型', '指标值*', '计量单位'],
      ...PROJECTS.slice(0, 3).flatMap(([code, name]) => [
        [code, name, '按计划完成年度任务。', '产出指标', '数量指标', '完成任务数', '定量', '≥10', '项'],
        [code, '', '', '效益指标', '社会效益指标', '服务群众覆盖率', '定量', '≥90', '%'],
        [code, '', '', '满意度指标', '服务对象满意度指标', '受益群众满意度', '定量', '≥90', '%'],
      ]),
    ]),
  }, perf);
  const list = await api<{ rows: { id: string; code: string }[] }>('projects.list', { year: YEAR, pageSize: 100 }, perf);
  for (const code of [PROJECTS[0][0], PROJECTS[2][0]]) {
    const projectId = list.rows.find((r) => r.code === code)?.id;
    const sheet = await api<{ id: string }>('goals.open', { projectId }, perf);
    await api('goals.transition', { sheetId: sheet.id, transition: 'submit', comment: '' }, biz);
    await api('goals.transition', { sheetId: sheet.id, transition: 'deptApprove', comment: '同意报送。' }, biz);
    await api('goals.review', { sheetId: sheet.id, scores: { completeness: 23, relevance: 23, appropriateness: 22, feasibility: 22 }, opinion: '同意。' }, perf);
    await api('goals.transition', { sheetId: sheet.id, transition: 'approve', comment: '同意批复。' }, perf);
  }
  await api('rectifications.create', {
    year: YEAR, source: 'audit', projectId: list.rows.find((r) => r.code === PROJECTS[1][0])?.id ?? null, problem: '设备购置验收资料不全', requirement: '补齐验收资料',
    owner: '奇台县第一中学', issuedOn: '2026-01-05', deadline: '2026-02-10', category: 'implementation',
  }, perf);
}

test('home → drill-down → statistics → annual report (.docx)', async ({ page, host }) => {
  const work = path.join(host.dataDir, 'work');
  fs.mkdirSync(work, { recursive: true });
  await seed(hostApi(host.openUrl), work);

  await page.goto(host.openUrl);
  await signIn(page, PERF);

  // Home: what is due, the loop at a glance.
  await expect(page.getByTestId('home-due')).toBeVisible();
  await expect(page.getByTestId('due-rect-overdue')).toContainText('1');
  await expect(page.getByTestId('loop-goals-done')).toHaveText('2');
  await expect(page.getByTestId('loop-goals')).toContainText('40.00%');
  await shot(page, 'dashboard-home');

  // A number opens the records behind it.
  await page.getByTestId('loop-goals-done').click();
  const drawer = page.getByTestId('drill-drawer');
  await expect(drawer.getByTestId('drill-label')).toHaveText('项目绩效目标管理：目标已批复');
  await expect(drawer.getByTestId('drill-total')).toContainText('共 2 条，金额 580.50 万元');
  await expect(drawer.getByRole('link', { name: '县域学生营养改善计划' })).toBeVisible();
  await shot(page, 'dashboard-drill');
  await drawer.getByRole('link', { name: '基层医疗卫生机构能力建设' }).click();
  await expect(page).toHaveURL(/#\/projects\//);
  await expect(page.getByText('基层医疗卫生机构能力建设').first()).toBeVisible();

  // 待办: the overdue item opens the ledger filtered to it.
  await page.getByRole('navigation').getByRole('link', { name: '首页', exact: true }).click();
  await page.getByTestId('due-rect-overdue').click();
  await expect(page).toHaveURL(/#\/rectifications\?year=2026&status=overdue/);
  await expect(page.getByText('设备购置验收资料不全')).toBeVisible();

  // 统计分析: the overview table, a drill-down by budget type, the workbook.
  await page.getByRole('navigation').getByRole('link', { name: '统计分析', exact: true }).click();
  const overview = page.getByTestId('stats-overview-table');
  await expect(overview.locator('tr[data-row="goals"]')).toContainText('882.95');
  await shot(page, 'dashboard-stats');
  await page.getByRole('tab', { name: '分组统计' }).click();
  const cut = page.getByTestId('stats-cut-table');
  await expect(cut.locator('tr[data-row="goals:fund"]')).toContainText('260.00');
  await cut.locator('tr[data-row="goals:general"]').getByRole('button', { name: '4', exact: true }).click();
  await expect(page.getByTestId('drill-drawer').getByTestId('drill-total')).toContainText('共 4 条，金额 622.95 万元');
  await shot(page, 'dashboard-stats-drill');
  await page.keyboard.press('Escape');
  const xlsxFile = await download(page, page.getByTestId('stats-export'), work);
  const wb = XLSX.read(fs.readFileSync(xlsxFile));
  expect(wb.SheetNames).toContain('全过程开展情况');
  expect(wb.SheetNames).toContain('指标口径');

  // 年度工作报告: the office's words, saved per year, in the generated .docx.
  await page.getByRole('navigation').getByRole('link', { name: '年度工作报告', exact: true }).click();
  await expect(page.getByTestId('report-preview')).toContainText('2个项目的绩效目标已批复，涉及资金580.50万元');
  await page.getByTestId('report-problems').fill('一是部分单位绩效目标编报质量不高。二是整改跟踪不够及时。');
  await page.getByTestId('report-save').click();
  await expect(page.getByTestId('report-preview')).toContainText('一是部分单位绩效目标编报质量不高。');
  await shot(page, 'dashboard-report');
  const docx = await download(page, page.getByTestId('report-export'), work);
  expect(path.basename(docx)).toBe('奇台县财政局关于2026年度预算绩效管理工作情况的报告.docx');
  const xml = strFromU8(unzipSync(new Uint8Array(fs.readFileSync(docx)))['word/document.xml'] ?? new Uint8Array());
  const text = xml.replace(/<[^>]+>/g, '');
  for (const s of ['2个项目的绩效目标已批复，涉及资金580.50万元', '一是部分单位绩效目标编报质量不高。', '数据口径与来源', '〔goals.done.n〕']) expect(text).toContain(s);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.copyFileSync(docx, path.join(ARTIFACTS, 'dashboard-annual-report.docx'));
});
