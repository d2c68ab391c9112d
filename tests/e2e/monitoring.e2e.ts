import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import type { Page } from '@playwright/test';
import { expect, shot, test, hostApi, download, signIn, workbook } from './fixtures.ts';

/**
 * Issue 4's path through the UI (SPEC §6, worked example §11.8): a 1–6月 project round → 生成监控表
 * from the approved goals → 导入执行数 from a budget-system export (500.00 万元 project executed
 * 150.00 万元) → the warning with its reason (执行率 30.00%, 时间进度 50.00%, 相对偏差 40.00% > 20%
 * under the national default profile) → 限期整改 → the rectification item → 导出监控表, read back.
 * The office, users, units, projects and approved goals are set up through the HTTP API: the
 * first-run and goal tests cover them through the UI.
 */

const ADMIN = { username: 'admin', password: 'Caizheng#2026' };
const PERF = { username: 'jixiao', displayName: '李绩效', password: 'Jx#2026perf' };
const BIZ = { username: 'yewu', displayName: '王业务', password: 'Yw#2026biz' };
const YEAR = 2026;

interface ProjectSeed {
  code: string;
  name: string;
  unitCode: string;
  /** 全年预算数（财政拨款）in 万元; 年初 the same. */
  budgetWan: number;
  /** 1–6月执行数 in 元, as the budget system exports it. */
  executedYuan: number;
  goal: string;
  /** 产出 (数量), 效益 (社会效益), 满意度 indicators: name, target, unit. */
  output: [string, string, string];
  benefit: [string, string];
  satisfaction: [string, string, string];
}

/** The 500.00 万元 project of SPEC §11.8 behind schedule; the others exactly on time (50%). */
const LATE: ProjectSeed = {
  code: '2026-105-001', name: '奇台县农村公路养护提升工程', unitCode: '105', budgetWan: 500, executedYuan: 1_500_000,
  goal: '完成全县农村公路养护 120 公里，路况明显改善，保障群众安全便捷出行。',
  output: ['维护道路（管网）里程', '≥120', '公里'], benefit: ['群众出行条件改善', '效果明显'], satisfaction: ['沿线群众满意度', '≥90', '%'],
};
const PROJECTS: ProjectSeed[] = [
  {
    code: '2026-103-001', name: '奇台县高标准农田建设项目', unitCode: '103', budgetWan: 200, executedYuan: 1_000_000,
    goal: '新建高标准农田 2 万亩，提高粮食综合生产能力。',
    output: ['新建高标准农田面积', '≥20000', '亩'], benefit: ['粮食综合生产能力提升', '明显提升'], satisfaction: ['受益农户满意度', '≥90', '%'],
  },
  {
    code: '2026-103-002', name: '奇台县农业技术推广培训', unitCode: '103001', budgetWan: 80, executedYuan: 400_000,
    goal: '开展农业实用技术培训，提升农户生产技能。',
    output: ['农户培训人次', '≥2000', '人次'], benefit: ['农户生产技能提升', '达到预期'], satisfaction: ['参训农户满意度', '≥85', '%'],
  },
  LATE,
  {
    code: '2026-105-002', name: '奇台县公路养护站设备购置', unitCode: '105001', budgetWan: 120, executedYuan: 600_000,
    goal: '购置养护机械设备，提升公路日常养护能力。',
    output: ['购置养护机械设备台数', '≥6', '台'], benefit: ['养护作业效率提升', '明显提升'], satisfaction: ['养护站职工满意度', '≥90', '%'],
  },
];

/** Office, users, units, the four projects and their goals — approved — through the API. */
async function seed(api: ReturnType<typeof hostApi>, work: string): Promise<void> {
  await api('setup.init', {
    office: { regionCode: '652325', name: '奇台县财政局', level: 'county', parentName: '昌吉回族自治州财政局', parentRegionCode: '652300' },
    admin: { username: ADMIN.username, displayName: '管理员', password: ADMIN.password },
    year: YEAR,
  });
  const admin = (await api<{ sessionId: string }>('auth.login', ADMIN)).sessionId;
  await api('users.create', { ...PERF, role: 'performance' }, admin);
  await api('users.create', { ...BIZ, role: 'business' }, admin);
  const units = await api<{ add: number }>('units.importCommit', {
    file: workbook(path.join(work, 'units.xlsx'), '预算单位', [
      ['单位编码', '单位名称', '上级单位编码', '单位性质', '是否涉密', '是否启用'],
      ['103', '奇台县农业农村局', null, '行政单位', '否', '是'],
      ['103001', '奇台县农业技术推广中心', '103', '事业单位', '否', '是'],
      ['105', '奇台县交通运输局', null, '行政单位', '否', '是'],
      ['105001', '奇台县公路养护站', '105', '事业单位', '否', '是'],
    ]),
  }, admin);
  expect(units.add).toBe(4);

  const perf = (await api<{ sessionId: string }>('auth.login', PERF)).sessionId;
  const biz = (await api<{ sessionId: string }>('auth.login', BIZ)).sessionId;

  // 项目库: the template's columns (projects.template), amounts in 万元.
  const projectRows = PROJECTS.map((p) => [
    p.code, p.name, p.unitCode, '项目', '延续', '', '', '一般公共预算', '', '2026-01', '2026-12', p.budgetWan, 0, 0, p.budgetWan, 0, 0, '否', '否', '否',
  ]);
  const projects = await api<{ add: number }>('projects.importCommit', {
    year: YEAR,
    file: workbook(path.join(work, 'projects.xlsx'), '项目', [
      ['项目编码*', '项目名称*', '单位编码*', '对象类型', '项目属性', '项目类别', '项目类型', '预算类型*', '资金性质', '开始年月', '结束年月',
        '年初预算数·财政拨款', '年初预算数·上年结转', '年初预算数·其他资金', '全年预算数·财政拨款', '全年预算数·上年结转', '全年预算数·其他资金',
        '是否年中追加', '是否新增重大', '是否涉密'],
      ...projectRows,
    ]),
  }, perf);
  expect(projects.add).toBe(PROJECTS.length);

  // 绩效目标: three indicators each (产出 / 效益 / 满意度).
  const goalRows = PROJECTS.flatMap((p) => [
    [p.code, p.name, p.goal, '产出指标', '数量指标', p.output[0], '定量', p.output[1], p.output[2]],
    [p.code, p.name, '', '效益指标', '社会效益指标', p.benefit[0], '定性', p.benefit[1], ''],
    [p.code, p.name, '', '满意度指标', '服务对象满意度指标', p.satisfaction[0], '定量', p.satisfaction[1], p.satisfaction[2]],
  ]);
  const goals = await api<{ add: number; update: number }>('goals.importCommit', {
    year: YEAR,
    file: workbook(path.join(work, 'goals.xlsx'), '绩效目标', [
      ['项目编码*', '项目名称', '年度总体目标', '一级指标*', '二级指标*', '三级指标*', '指标值类型', '指标值*', '计量单位'],
      ...goalRows,
    ]),
  }, perf);
  expect(goals.add + goals.update).toBe(PROJECTS.length);

  // Each goal: 送审 → 主管部门审核 (业务股室) → 财政审核 90 分 → 批复 (绩效股).
  const list = await api<{ rows: { id: string; code: string }[] }>('projects.list', { year: YEAR, pageSize: 100 }, perf);
  for (const p of PROJECTS) {
    const projectId = list.rows.find((r) => r.code === p.code)?.id;
    expect(projectId, p.code).toBeDefined();
    const sheet = await api<{ id: string }>('goals.open', { projectId }, perf);
    await api('goals.transition', { sheetId: sheet.id, transition: 'submit', comment: '' }, biz);
    await api('goals.transition', { sheetId: sheet.id, transition: 'deptApprove', comment: '同意报送。' }, biz);
    await api('goals.review', {
      sheetId: sheet.id, scores: { completeness: 23, relevance: 23, appropriateness: 22, feasibility: 22 }, opinion: '目标明确，指标完整，同意安排。',
    }, perf);
    const approved = await api<{ status: string }>('goals.transition', { sheetId: sheet.id, transition: 'approve', comment: '同意批复。' }, perf);
    expect(approved.status).toBe('approved');
  }
}

/**
 * 1–6月 executed amounts as a budget-management system exports them: a merged title row, a unit
 * line, the header (项目编码 / 项目名称 / 执行数（元）among others), numbers in 元 with thousands
 * separators, and a 合计 line.
 */
function executionWorkbook(file: string): void {
  const header = ['序号', '单位编码', '项目编码', '项目名称', '全年预算数（元）', '执行数（元）', '执行进度'];
  const rows: unknown[][] = [
    [`${YEAR}年1-6月项目支出预算执行情况表`],
    ['单位：元'],
    header,
    ...PROJECTS.map((p, i) => [i + 1, p.unitCode, p.code, p.name, p.budgetWan * 10_000, p.executedYuan, `${((p.executedYuan / (p.budgetWan * 10_000)) * 100).toFixed(2)}%`]),
    ['', '', '', '合计', PROJECTS.reduce((s, p) => s + p.budgetWan * 10_000, 0), PROJECTS.reduce((s, p) => s + p.executedYuan, 0), ''],
  ];
  const ws = XLSX.utils.aoa_to_sheet(rows);
  ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: header.length - 1 } }, { s: { r: 1, c: 0 }, e: { r: 1, c: header.length - 1 } }];
  // Money shows as 1,500,000.00, as the export prints it.
  for (let r = 3; r < rows.length; r++) {
    for (const c of [4, 5]) {
      const cell = ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
      if (cell) cell.z = '#,##0.00';
    }
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '预算执行情况');
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}
/** A date `days` from today as the browser (Asia/Shanghai) sees it, YYYY-MM-DD. */
function dateFromToday(days: number): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));
}

/** Waits until the success toasts have closed themselves, so a screenshot shows what they covered. */
async function toastsGone(page: Page): Promise<void> {
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0);
}

const nav = (page: Page, label: string) => page.getByRole('navigation').getByRole('link', { name: label, exact: true });

test('round → 生成监控表 → 导入执行数 → 预警及原因 → 限期整改 → 整改事项 → 导出监控表', async ({ page, host }, testInfo) => {
  const work = testInfo.outputPath();
  fs.mkdirSync(work, { recursive: true });
  await seed(hostApi(host.openUrl), work);

  await page.goto(host.openUrl);
  await signIn(page, PERF);

  // ---- 1. 监控批次: a new 1–6月 project self-monitoring round, then its sheets from the approved goals.
  await nav(page, '监控批次').click();
  await expect(page.getByRole('heading', { name: '监控批次' })).toBeVisible();
  await expect(page.getByTestId('rounds-empty')).toBeVisible();
  await page.getByTestId('rounds-create').click();
  const roundForm = page.getByRole('dialog');
  await expect(roundForm.getByTestId('round-month')).toHaveValue(/^1–6月/);
  const roundTitle = `${YEAR}年1–6月项目自行监控`;
  await expect(roundForm.getByTestId('round-title')).toHaveValue(roundTitle);
  await roundForm.getByTestId('round-save').click();
  await expect(roundForm).toBeHidden();

  await expect(page.getByRole('heading', { name: roundTitle })).toBeVisible();
  await expect(page.getByTestId('round-status')).toHaveText('进行中');
  await page.getByTestId('round-populate').click();
  const sheetRows = page.getByRole('row').filter({ hasText: '2026-' });
  const lateRow = page.getByRole('row').filter({ hasText: LATE.code });
  await expect(lateRow).toBeVisible();
  await expect(sheetRows).toHaveCount(PROJECTS.length);
  await expect(lateRow).toContainText(LATE.name);
  await expect(lateRow).toContainText('500.00');
  await expect(lateRow).toContainText('未填报');
  await shot(page, 'monitoring-01-round-sheets');

  // ---- 2. 导入执行数: the column mapping, then the two-phase import of the budget-system export.
  const execFile = path.join(work, '2026年1-6月项目支出预算执行情况表.xlsx');
  executionWorkbook(execFile);
  await page.getByTestId('round-import').click();
  const mapping = page.getByRole('dialog');
  await expect(mapping).toContainText('列设置');
  await expect(mapping.getByTestId('mapping-codeHeader')).toHaveValue('项目编码');
  await mapping.getByTestId('mapping-amountHeader').fill('执行数（元）');
  await mapping.getByText('元', { exact: true }).click();
  await expect(mapping.getByRole('radio', { name: '元', exact: true })).toBeChecked();
  await mapping.getByTestId('mapping-next').click();

  const importer = page.getByRole('dialog');
  await expect(importer).toContainText('执行数列“执行数（元）”（单位：元）');
  const chooser = page.waitForEvent('filechooser');
  await importer.getByRole('button', { name: '选择文件' }).click();
  await (await chooser).setFiles(execFile);
  await expect(importer).toContainText(`全部 ${PROJECTS.length} 行校验通过`);
  await expect(importer).toContainText('读取工作表“预算执行情况”');
  const previewLate = importer.getByRole('row').filter({ hasText: LATE.code });
  await expect(previewLate).toContainText('150.00');
  await shot(page, 'monitoring-02-import-preview');
  await importer.getByRole('button', { name: '确认导入' }).click();
  await expect(importer).toBeHidden();

  // The mapping is remembered for the office, and the same file again changes nothing (idempotent).
  await page.getByTestId('round-import').click();
  await expect(mapping.getByTestId('mapping-amountHeader')).toHaveValue('执行数（元）');
  await mapping.getByTestId('mapping-next').click();
  const again = page.waitForEvent('filechooser');
  await importer.getByRole('button', { name: '选择文件' }).click();
  await (await again).setFiles(execFile);
  await expect(importer.getByTestId('import-summary-unchanged')).toContainText(String(PROJECTS.length));
  await expect(importer).toContainText('无需导入');
  await expect(importer.getByRole('button', { name: '确认导入' })).toBeDisabled();
  // The footer's 关闭 (the modal's × is labelled 关闭 too, without text).
  await importer.getByRole('button', { name: '关闭', exact: true }).filter({ hasText: '关闭' }).click();
  await expect(importer).toBeHidden();

  // ---- 3. The late project: 执行率 30.00% against 时间进度 50.00%, and a yellow warning.
  await expect(lateRow).toContainText('150.00');
  await expect(lateRow).toContainText('30.00%');
  await expect(lateRow).toContainText('50.00%');
  for (const p of PROJECTS.filter((x) => x !== LATE)) {
    const row = page.getByRole('row').filter({ hasText: p.code });
    await expect(row).toContainText((p.executedYuan / 10_000).toFixed(2));
    await expect(row).toContainText(/50\.00%.*50\.00%/); // 执行率 = 时间进度: on schedule
  }
  await page.getByTestId('sheets-level').getByText('黄色', { exact: true }).click();
  await expect(sheetRows).toHaveCount(1);
  await expect(lateRow).toBeVisible();
  await page.getByTestId('sheets-level').getByText('全部', { exact: true }).click();
  await expect(sheetRows).toHaveCount(PROJECTS.length);
  await toastsGone(page);
  await shot(page, 'monitoring-03-executions-imported');

  // 预警与处理: the warning says why, with the figures of SPEC §11.8 under the national profile.
  await nav(page, '预警与处理').click();
  await expect(page.getByRole('heading', { name: '预警与处理' })).toBeVisible();
  const warningRow = page.getByRole('row').filter({ hasText: LATE.name });
  await expect(warningRow).toHaveCount(1);
  await expect(page.getByRole('row').filter({ hasText: '奇台县' })).toHaveCount(1); // on-schedule projects raise nothing
  for (const figure of ['时间进度 50.00%', '执行率 30.00%', '进度差 20.00 个百分点', '相对偏差 40.00%', '20.00%']) await expect(warningRow).toContainText(figure);
  await expect(warningRow.getByRole('img', { name: '黄色预警' })).toBeVisible();
  await expect(warningRow).toContainText('限期整改'); // among the suggested actions
  await expect(warningRow).toContainText('未处理');
  await expect(page.getByTestId('warnings-yellow')).toContainText('1');
  await expect(page.getByTestId('warnings-undecided')).toContainText('1');
  await shot(page, 'monitoring-04-warnings');

  // ---- 4. 处理 → 限期整改 with problem, requirement, owner and deadline.
  await warningRow.getByRole('button', { name: '处理' }).click();
  const decision = page.getByRole('dialog');
  await expect(decision).toContainText('预警处理');
  await expect(decision).toContainText('全年预算 500.00 万元');
  await expect(decision).toContainText('相对偏差 40.00%');
  await decision.getByTestId('decision-action').click();
  await page.getByRole('option', { name: '限期整改' }).click();
  await expect(decision.getByTestId('decision-action')).toHaveValue('限期整改');
  await expect(decision.getByTestId('decision-problem')).toHaveValue(/执行率 30\.00%/);
  await decision.getByTestId('decision-problem').fill('1–6月预算执行率 30.00%，低于时间进度 50.00%，相对偏差 40.00%，执行明显滞后。');
  const requirement = '分析执行滞后原因，制定加快支出的具体措施，整改期限前报送整改情况及佐证材料。';
  await decision.getByTestId('decision-requirement').fill(requirement);
  await decision.getByTestId('decision-owner').fill('奇台县交通运输局');
  const deadline = dateFromToday(20);
  await decision.getByTestId('decision-deadline').fill(deadline);
  await decision.getByTestId('decision-requirement').click(); // leaves the date field so it is read
  await expect(decision.getByTestId('decision-deadline')).toHaveValue(deadline);
  await expect(decision.getByTestId('decision-confirm')).toHaveText('下达整改');
  await shot(page, 'monitoring-05-decision');
  await decision.getByTestId('decision-confirm').click();
  await expect(decision).toBeHidden();
  await expect(warningRow).toContainText('已处理');
  await expect(page.getByTestId('warnings-undecided')).toContainText('0');

  // 整改事项: the new item with its number and deadline.
  await nav(page, '整改事项').click();
  await expect(page.getByRole('heading', { name: '整改事项' })).toBeVisible();
  const item = page.getByRole('row').filter({ hasText: 'ZG-2026-0001' });
  await expect(item).toBeVisible();
  await expect(item).toContainText(LATE.name);
  await expect(item).toContainText(deadline);
  await expect(item).toContainText('奇台县交通运输局');
  await expect(item).toContainText(requirement);
  await shot(page, 'monitoring-06-rectifications');

  // ---- 5. The sheet: figures, warning handled, and the 监控表 exported and read back.
  await nav(page, '预警与处理').click();
  await warningRow.getByRole('button', { name: '查看监控表' }).click();
  await expect(page).toHaveURL(/#\/monitoring\/sheets\//);
  const sheet = page.getByTestId('mon-sheet');
  await expect(sheet.getByRole('heading', { name: LATE.name })).toBeVisible();
  await expect(page.getByRole('textbox', { name: '1–6月执行数总额（万元）' })).toHaveValue(/^150\.00/);
  await expect(page.getByTestId('mon-money')).toContainText('500.00');
  await expect(page.getByTestId('mon-money')).toContainText('30.00%');
  await toastsGone(page);
  await shot(page, 'monitoring-07-sheet');
  await page.getByRole('tab', { name: /预警与处理/ }).click();
  await expect(page.getByTestId('mon-warning')).toContainText('已处理');
  await expect(page.getByTestId('mon-decisions')).toContainText('限期整改');
  await shot(page, 'monitoring-08-sheet-decisions');

  const formFile = await download(page, page.getByTestId('mon-export'), work);
  expect(formFile).toMatch(/\.xlsx$/);
  const wb = XLSX.read(fs.readFileSync(formFile));
  const ws = wb.Sheets[wb.SheetNames[0] ?? ''];
  expect(ws).toBeDefined();
  const grid = XLSX.utils.sheet_to_json<unknown[]>(ws as XLSX.WorkSheet, { header: 1, defval: '' });
  expect(String(grid[0]?.[0])).toContain('项目支出绩效目标执行监控表');
  expect(String(grid[1]?.[0])).toContain(`${YEAR} 年 1–6 月`);
  const cells = grid.flat().map(String);
  expect(cells).toContain(LATE.name);
  expect(cells).toContain(LATE.code);
  const header = grid.find((r) => r.includes('全年预算数')) ?? [];
  const total = grid.find((r) => r.includes('年度资金总额')) ?? [];
  expect(total[header.indexOf('全年预算数')]).toBe(500);
  expect(total[header.indexOf('1–6月执行数')]).toBe(150);
  expect(total[header.indexOf('1–6月执行率')]).toBeCloseTo(0.3, 6);
  for (const name of [LATE.output[0], LATE.benefit[0], LATE.satisfaction[0]]) expect(cells).toContain(name);
  expect(cells.some((c) => c.includes('相对偏差 40.00%'))).toBe(true);
  expect(cells.some((c) => c.includes('限期整改'))).toBe(true);
  await shot(page, 'monitoring-09-exported');
});
