import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { expect, shot, test, hostApi, download, signIn, workbook } from './fixtures.ts';

/**
 * Issue 5's path through the UI (SPEC §5, §7.3, §9, worked example §11.1): 单位自评 of a 320.00 万元
 * road-maintenance project → the §11.1 actuals and 全年执行数 304.00 → 95.18 优 with the
 * computation → 提交 → 主管部门审核 → 财政验收 → 生成自评报告 (.docx, read back) → 财政复核 lowers
 * the score → the rectification item (ZG-…) is closed → 预算挂钩 shows the re-check grade and the
 * suggestion → 压减 decided → the list shows the cut. The office, users, units, project and its
 * approved goal are set up through the HTTP API (the goal and monitoring tests cover them in the UI).
 */

const ADMIN = { username: 'admin', password: 'Caizheng#2026' };
const PERF = { username: 'jixiao', displayName: '李绩效', password: 'Jx#2026perf' };
const BIZ = { username: 'yewu', displayName: '王业务', password: 'Yw#2026biz' };
const YEAR = 2026;
const PROJECT = { code: '2026-105-001', name: '奇台县农村公路日常养护', unitCode: '105001', budgetWan: 320 };

/** SPEC §11.1: indicator, target, unit, 分值, actual. */
const INDICATORS = [
  { l1: '产出指标', l2: '数量指标', name: '养护里程', type: '定量', target: '≥120', unit: '公里', weight: '15', actual: '126' },
  { l1: '产出指标', l2: '质量指标', name: '养护验收合格率', type: '定量', target: '≥95', unit: '%', weight: '10', actual: '92%' },
  { l1: '产出指标', l2: '时效指标', name: '按期完工率', type: '定量', target: '=100', unit: '%', weight: '10', actual: '100%' },
  { l1: '产出指标', l2: '成本指标', name: '每公里养护成本', type: '定量', target: '≤2.60', unit: '万元/公里', weight: '15', actual: '2.41' },
  { l1: '效益指标', l2: '社会效益指标', name: '优良路率', type: '定量', target: '≥80', unit: '%', weight: '15', actual: '84%' },
  { l1: '效益指标', l2: '可持续影响指标', name: '养护长效机制建立', type: '定性', target: '建立并运行', unit: '', weight: '15', actual: '' },
  { l1: '满意度指标', l2: '服务对象满意度指标', name: '沿线群众满意度', type: '定量', target: '≥90', unit: '%', weight: '10', actual: '93%' },
] as const;/** Office, users, units, the project and its approved goal through the API. */
async function seed(api: ReturnType<typeof hostApi>, work: string): Promise<void> {
  await api('setup.init', {
    office: { regionCode: '652325', name: '奇台县财政局', level: 'county', parentName: '昌吉回族自治州财政局', parentRegionCode: '652300' },
    admin: { username: ADMIN.username, displayName: '管理员', password: ADMIN.password },
    year: YEAR,
  });
  const admin = (await api<{ sessionId: string }>('auth.login', ADMIN)).sessionId;
  await api('users.create', { ...PERF, role: 'performance' }, admin);
  await api('users.create', { ...BIZ, role: 'business' }, admin);
  await api('units.importCommit', {
    file: workbook(path.join(work, 'units.xlsx'), '预算单位', [
      ['单位编码', '单位名称', '上级单位编码', '单位性质', '是否涉密', '是否启用'],
      ['105', '奇台县交通运输局', null, '行政单位', '否', '是'],
      ['105001', '奇台县公路养护站', '105', '事业单位', '否', '是'],
    ]),
  }, admin);
  const perf = (await api<{ sessionId: string }>('auth.login', PERF)).sessionId;
  const biz = (await api<{ sessionId: string }>('auth.login', BIZ)).sessionId;

  await api('projects.importCommit', {
    year: YEAR,
    file: workbook(path.join(work, 'projects.xlsx'), '项目', [
      ['项目编码*', '项目名称*', '单位编码*', '对象类型', '项目属性', '项目类别', '项目类型', '预算类型*', '资金性质', '开始年月', '结束年月',
        '年初预算数·财政拨款', '年初预算数·上年结转', '年初预算数·其他资金', '全年预算数·财政拨款', '全年预算数·上年结转', '全年预算数·其他资金',
        '是否年中追加', '是否新增重大', '是否涉密'],
      [PROJECT.code, PROJECT.name, PROJECT.unitCode, '项目', '延续', '', '', '一般公共预算', '', '2026-01', '2026-12', PROJECT.budgetWan, 0, 0, PROJECT.budgetWan, 0, 0, '否', '否', '否'],
    ]),
  }, perf);
  await api('goals.importCommit', {
    year: YEAR,
    file: workbook(path.join(work, 'goals.xlsx'), '绩效目标', [
      ['项目编码*', '项目名称', '年度总体目标', '一级指标*', '二级指标*', '三级指标*', '指标值类型', '指标值*', '计量单位'],
      ...INDICATORS.map((i, n) => [PROJECT.code, PROJECT.name, n === 0 ? '完成农村公路日常养护 120 公里，优良路率不低于 80%。' : '', i.l1, i.l2, i.name, i.type, i.target, i.unit]),
    ]),
  }, perf);
  const list = await api<{ rows: { id: string; code: string }[] }>('projects.list', { year: YEAR, pageSize: 100 }, perf);
  const projectId = list.rows.find((r) => r.code === PROJECT.code)?.id;
  const sheet = await api<{ id: string }>('goals.open', { projectId }, perf);
  await api('goals.transition', { sheetId: sheet.id, transition: 'submit', comment: '' }, biz);
  await api('goals.transition', { sheetId: sheet.id, transition: 'deptApprove', comment: '同意报送。' }, biz);
  await api('goals.review', { sheetId: sheet.id, scores: { completeness: 23, relevance: 23, appropriateness: 22, feasibility: 22 }, opinion: '同意。' }, perf);
  const approved = await api<{ status: string }>('goals.transition', { sheetId: sheet.id, transition: 'approve', comment: '同意批复。' }, perf);
  expect(approved.status).toBe('approved');
}
async function toastsGone(page: Page): Promise<void> {
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0);
}

const nav = (page: Page, label: string) => page.getByRole('navigation').getByRole('link', { name: label, exact: true });
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** Text of a .docx body with the XML tags and entities removed. */
function docxText(file: string): string {
  const xml = strFromU8(unzipSync(new Uint8Array(fs.readFileSync(file)))['word/document.xml'] ?? new Uint8Array());
  return xml.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

test('单位自评 95.18 优 → 验收 → 自评报告 → 财政复核调低 → 整改销号 → 预算挂钩压减', async ({ page, host }, testInfo) => {
  const work = testInfo.outputPath();
  fs.mkdirSync(work, { recursive: true });
  await seed(hostApi(host.openUrl), work);

  await page.goto(host.openUrl);
  await signIn(page, PERF);

  // ---- 1. 单位自评: 生成自评表 from the approved goal, then open it.
  await nav(page, '单位自评').click();
  await expect(page.getByRole('heading', { name: '单位自评' })).toBeVisible();
  await page.getByTestId('se-populate').click();
  const row = page.getByRole('row').filter({ hasText: PROJECT.code });
  await expect(row).toBeVisible();
  await expect(row).toContainText('320.00');
  await expect(row).toContainText('草稿');
  await toastsGone(page);
  await shot(page, 'evaluation-01-self-list');
  await row.click();
  await expect(page).toHaveURL(/#\/evaluation\/self\//);
  await expect(page.getByRole('heading', { name: PROJECT.name })).toBeVisible();

  // ---- 2. The §11.1 actuals, 分值 and 全年执行数 304.00.
  await page.getByRole('textbox', { name: '年度资金总额全年执行数（万元）' }).fill('304');
  for (const i of INDICATORS) {
    await page.getByRole('textbox', { name: `“${i.name}”分值` }).fill(i.weight);
    if (i.type === '定量') await page.getByRole('textbox', { name: `“${i.name}”实际完成值` }).fill(i.actual);
  }
  await page.getByRole('combobox', { name: '“养护长效机制建立”完成情况' }).click();
  await page.getByRole('option', { name: '部分达成年度指标并具有一定效果' }).click();
  await page.getByRole('textbox', { name: '“养护长效机制建立”实际完成情况说明' }).fill('制度已印发，运行不足一年');
  await page.getByRole('textbox', { name: '“养护长效机制建立”得分' }).fill('11.00');
  await page.getByRole('textbox', { name: '“养护验收合格率”偏差原因分析及改进措施' }).fill('部分路段雨季返工，下年加强过程抽检。');
  const mech = page.getByRole('textbox', { name: '“养护长效机制建立”偏差原因分析及改进措施' });
  if (await mech.count()) await mech.fill('长效机制运行时间短，下年纳入考核。');

  await expect(page.getByTestId('se-total')).toHaveText('95.18');
  await expect(page.getByTestId('se-grade')).toHaveText('优');
  await expect(page.getByTestId('se-exec-explanation')).toContainText('95.00%');
  const quality = page.getByTestId('se-row').filter({ hasText: '养护验收合格率' });
  await expect(quality.getByTestId('se-row-score')).toHaveText('9.68');
  await expect(quality.getByTestId('se-row-explanation')).toContainText('10 × 92 ÷ 95 = 9.68');
  await page.getByTestId('se-save').click();
  await expect(page.getByTestId('se-check-ok')).toBeVisible();
  await toastsGone(page);
  await shot(page, 'evaluation-02-self-scored');

  // ---- 3. 提交 → 主管部门审核 → 财政验收.
  await page.getByTestId('se-submit').click();
  await page.getByRole('dialog').getByRole('button', { name: '提交', exact: true }).click();
  await expect(page.getByTestId('se-status')).toHaveText('已提交');
  await page.getByTestId('se-action-deptApprove').click();
  await page.getByTestId('se-transition-confirm').click();
  await expect(page.getByTestId('se-status')).toHaveText('主管部门已审核');
  await page.getByTestId('se-action-accept').click();
  await page.getByTestId('se-transition-confirm').click();
  await expect(page.getByTestId('se-status')).toHaveText('财政已验收');
  await toastsGone(page);
  await shot(page, 'evaluation-03-self-accepted');

  // ---- 4. 生成自评报告 (.docx), read back.
  const report = await download(page, page.getByTestId('se-report'), work);
  expect(report).toMatch(/绩效自评报告\.docx$/);
  const text = docxText(report);
  for (const t of ['一、项目基本情况', '二、绩效目标完成情况', '三、预算执行情况', '四、自评结论', '五、偏差原因及改进措施', '六、其他需要说明的问题']) expect(text).toContain(t);
  expect(text).toContain('95.18');
  expect(text).toContain('自评等级为“优”');
  expect(text).toContain('10 × 92 ÷ 95 = 9.68');

  // ---- 5. 财政复核: a sample with a fixed seed and the largest amount, re-check scores lowered.
  await nav(page, '财政复核').click();
  await expect(page.getByRole('heading', { name: '财政复核' })).toBeVisible();
  await page.getByTestId('rc-new-sample').click();
  const sample = page.getByTestId('rc-sample-modal');
  await sample.getByTestId('rc-seed').fill('20261231');
  await sample.getByRole('textbox', { name: '金额最大的前 N 个' }).fill('1');
  await sample.getByRole('textbox', { name: '随机抽取' }).fill('0');
  await toastsGone(page);
  await shot(page, 'evaluation-04-recheck-sample');
  await sample.getByTestId('rc-sample-submit').click();
  await expect(sample).toBeHidden();
  const item = page.getByTestId('rc-items').getByRole('row').filter({ hasText: PROJECT.name });
  await expect(item).toBeVisible();
  await expect(item).toContainText('95.18');
  await toastsGone(page);
  await item.click();
  const drawer = page.getByTestId('rc-item');
  await expect(drawer).toBeVisible();
  await drawer.getByRole('textbox', { name: '“养护里程”复核得分' }).fill('10');
  await drawer.getByRole('textbox', { name: '“养护里程”复核意见' }).fill('抽查台账，实际完成养护里程与验收记录不符，核减。');
  await drawer.getByRole('textbox', { name: '“优良路率”复核得分' }).fill('9');
  await drawer.getByRole('textbox', { name: '“优良路率”复核意见' }).fill('优良路率测评样本不足，核减。');
  await expect(drawer.getByTestId('rc-live-total')).toHaveText('84.18');
  await expect(drawer.getByTestId('rc-diff')).toContainText('−11.00') // U+2212, as the page prints a negative difference;
  await drawer.getByTestId('rc-save').click();
  await expect(drawer.getByTestId('rc-complete')).toBeEnabled();
  await shot(page, 'evaluation-05-recheck-scores');
  await drawer.getByTestId('rc-complete').click();
  await page.getByRole('dialog', { name: '完成复核' }).getByRole('button', { name: '完成复核' }).click();
  await expect(drawer).toContainText(/已生成整改事项 ZG-2026-\d{4}/);
  const zg = /ZG-2026-\d{4}/.exec((await drawer.textContent()) ?? '')?.[0] ?? '';
  await toastsGone(page);
  await shot(page, 'evaluation-06-recheck-completed');
  await page.keyboard.press('Escape');

  // ---- 6. 整改事项: the new item, closed (已完成 with today's date).
  await nav(page, '整改事项').click();
  await expect(page.getByRole('heading', { name: '整改事项' })).toBeVisible();
  const rect = page.getByRole('row').filter({ hasText: zg });
  await expect(rect).toBeVisible();
  await expect(rect).toContainText(PROJECT.name);
  await shot(page, 'evaluation-07-rectification-open');
  await rect.click();
  const rdrawer = page.getByRole('dialog');
  await rdrawer.getByRole('combobox', { name: '整改状态' }).click();
  await page.getByRole('option', { name: '已完成（销号）' }).click();
  const closedOn = today();
  await rdrawer.getByRole('textbox', { name: '完成日期' }).fill(closedOn);
  await rdrawer.getByRole('textbox', { name: '整改进展' }).fill('已重新核定养护里程并补充测评样本，整改完成。');
  await rdrawer.getByRole('textbox', { name: '整改进展' }).click();
  await rdrawer.getByRole('button', { name: '保存', exact: true }).click();
  await expect(rect).toContainText('已完成');
  await page.keyboard.press('Escape');
  await toastsGone(page);
  await shot(page, 'evaluation-08-rectification-closed');

  // ---- 7. 预算挂钩: the re-check grade (良) and the suggestion, then 压减 decided.
  await nav(page, '预算挂钩').click();
  await expect(page.getByRole('heading', { name: '预算挂钩' })).toBeVisible();
  const link = page.getByRole('row').filter({ hasText: PROJECT.name });
  await expect(link).toBeVisible();
  await expect(link).toContainText('良');
  await expect(link).toContainText('84.18');
  await shot(page, 'evaluation-09-linkage');
  await link.getByRole('combobox', { name: '挂钩结果' }).click();
  await page.getByRole('option', { name: '压减', exact: true }).click();
  await link.getByRole('textbox', { name: '调整金额（万元）' }).fill('-32.00');
  await link.getByRole('textbox', { name: '说明' }).fill('复核等级为良，压减 10%。');
  await link.getByRole('button', { name: '确定' }).click();
  await expect(link).toContainText('已确定：压减 -32.00 万元');
  await expect(page.getByTestId('linkage-totals')).toContainText('32.00');
  await toastsGone(page);
  await shot(page, 'evaluation-10-linkage-decided');
});
