import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, shot, test, hostApi, download, signIn, startHost, stopHost, workbook, type HostFixture } from './fixtures.ts';

/**
 * Issue 6 through two browser hosts: a county (霍邱县, 341522) and its prefecture (六安市, 341500).
 * Each registers the other on 同步与上报; the county makes an upward bundle in its browser; the
 * prefecture previews it, compares the fingerprint the county reads out, imports it and browses the
 * county's projects read-only through the office filter; it returns the submission with a reason
 * and sends a downward bundle, which the county imports and sees as 退回. Offices, users, units and
 * projects are set up through the HTTP API: they are not the subject here.
 */

const YEAR = 2026;
const ADMIN = { username: 'admin', password: 'Caizheng#2026' };
const PERF = { username: 'jixiao', displayName: '李绩效', password: 'Jx#2026perf' };
const COUNTY = { regionCode: '341522', name: '霍邱县财政局', level: 'county', parentName: '六安市财政局', parentRegionCode: '341500' } as const;
const CITY = { regionCode: '341500', name: '六安市财政局', level: 'prefecture', parentName: '安徽省财政厅', parentRegionCode: '340000' } as const;
const RETURN_REASON = '农村公路养护项目的绩效目标缺少成本指标，请补充后重新上报。';

const PROJECT_HEADER = [
  '项目编码*', '项目名称*', '单位编码*', '对象类型', '项目属性', '项目类别', '项目类型', '预算类型*', '资金性质', '开始年月', '结束年月',
  '年初预算数·财政拨款', '年初预算数·上年结转', '年初预算数·其他资金', '全年预算数·财政拨款', '全年预算数·上年结转', '全年预算数·其他资金',
  '是否年中追加', '是否新增重大', '是否涉密',
];
const projectRow = (code: string, name: string, unit: string, wan: number) =>
  [code, name, unit, '项目', '延续', '', '', '一般公共预算', '', '2026-01', '2026-12', wan, 0, 0, wan, 0, 0, '否', '否', '否'];

/** First run, a performance officer, units and projects of one office, through its HTTP API. */
async function seedOffice(host: HostFixture, office: typeof COUNTY | typeof CITY, work: string, units: string[][], projects: unknown[][]): Promise<Seeded> {
  const api = hostApi(host.openUrl);
  await api('setup.init', { office, admin: { username: ADMIN.username, displayName: '管理员', password: ADMIN.password }, year: YEAR });
  const admin = (await api<{ sessionId: string }>('auth.login', ADMIN)).sessionId;
  await api('users.create', { ...PERF, role: 'performance' }, admin);
  const tag = office.regionCode;
  await api('units.importCommit', {
    file: workbook(path.join(work, `units-${tag}.xlsx`), '预算单位', [['单位编码', '单位名称', '上级单位编码', '单位性质', '是否涉密', '是否启用'], ...units]),
  }, admin);
  const perf = (await api<{ sessionId: string }>('auth.login', PERF)).sessionId;
  const r = await api<{ add: number }>('projects.importCommit', { year: YEAR, file: workbook(path.join(work, `projects-${tag}.xlsx`), '项目', [PROJECT_HEADER, ...projects]) }, perf);
  expect(r.add).toBe(projects.length);
  return { api, perf };
}

interface Seeded {
  api: ReturnType<typeof hostApi>;
  perf: string;
}

/** A monitoring round of the office (the prefecture's travels down to the county). */
async function addRound({ api, perf }: Seeded, title: string): Promise<void> {
  await api('monitoring.createRound', { year: YEAR, month: 5, objectType: 'project', kind: 'self', title, issuedOn: '2026-06-01', dueOn: '2026-06-15' }, perf);
}

async function openPage(browser: Browser, host: HostFixture): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(host.openUrl);
  await signIn(page, PERF);
  return page;
}

const nav = (page: Page, label: string) => page.getByRole('navigation').getByRole('link', { name: label, exact: true });

async function toastsGone(page: Page): Promise<void> {
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0, { timeout: 20_000 });
}

/** Registers the other office on 同步与上报 through the form. */
async function registerPeer(page: Page, peer: { regionCode: string; name: string }, relation: '上级' | '下级'): Promise<void> {
  await nav(page, '同步与上报').click();
  await page.getByTestId('peer-add').click();
  const form = page.getByRole('dialog');
  await form.getByLabel('行政区划代码').fill(peer.regionCode);
  await form.getByLabel('单位名称').fill(peer.name);
  await expect(form.getByRole('radio', { name: new RegExp(`^${relation}`) })).toBeChecked();
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByRole('row').filter({ hasText: peer.name })).toContainText('未登记密钥');
}

/** Chooses a bundle file for 导入数据包 (the browser host's file input) and waits for the preview. */
async function importBundle(page: Page, file: string): Promise<ReturnType<Page['getByRole']>> {
  await nav(page, '同步与上报').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('bundle-import').click();
  await (await chooser).setFiles(file);
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('bundle-verdict')).toContainText('校验通过');
  return dialog;
}

/** The fingerprint as shown: groups of four joined by spaces. */
async function fingerprintOf(page: Page, testId: string): Promise<string> {
  const label = (await page.getByTestId(testId).getAttribute('aria-label')) ?? '';
  return label.replace(/^密钥指纹\s*/, '');
}

test('county ↔ prefecture: register, upward bundle with fingerprint check, county data read-only at the prefecture, return, downward bundle', async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const work = testInfo.outputPath();
  fs.mkdirSync(work, { recursive: true });
  const countyHost = await startHost(fs.mkdtempSync(path.join(os.tmpdir(), 'bpd-e2e-county-')));
  const cityHost = await startHost(fs.mkdtempSync(path.join(os.tmpdir(), 'bpd-e2e-city-')));
  try {
    const countySeed = await seedOffice(countyHost, COUNTY, work,
      [['201', '霍邱县交通运输局', '', '行政单位', '否', '是'], ['202', '霍邱县农业农村局', '', '行政单位', '否', '是']],
      [
        projectRow('HQ2026001', '霍邱县农村公路养护工程', '201', 860),
        projectRow('HQ2026002', '霍邱县高标准农田建设', '202', 1520.5),
        projectRow('HQ2026003', '霍邱县渡口安全改造', '201', 96),
      ]);
    const citySeed = await seedOffice(cityHost, CITY, work,
      [['101', '六安市交通运输局', '', '行政单位', '否', '是']],
      [projectRow('LA2026001', '六安市干线公路养护', '101', 2300)]);
    // The county's own monitoring round and a rectification item travel up with its projects.
    await addRound(countySeed, '霍邱县2026年1–5月项目自行监控');
    const units = await countySeed.api<{ id: string; code: string }[]>('units.tree', {}, countySeed.perf);
    await countySeed.api('rectifications.create', {
      year: YEAR, source: 'audit', unitId: units.find((u) => u.code === '201')?.id, category: 'funds', problem: '渡口改造资金拨付滞后',
      requirement: '30 日内拨付到位', owner: '霍邱县交通运输局', issuedOn: '2026-03-01', deadline: '2026-10-31',
    }, countySeed.perf);

    const county = await openPage(browser, countyHost);
    const city = await openPage(browser, cityHost);

    // ---- 1. Each office registers the other; the county sees its own signing key.
    await registerPeer(county, { regionCode: CITY.regionCode, name: CITY.name }, '上级');
    await expect(county.getByTestId('own-fingerprint')).toBeVisible();
    const countyFingerprint = await fingerprintOf(county, 'own-fingerprint');
    expect(countyFingerprint).toMatch(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
    await toastsGone(county);
    await shot(county, 'sync-01-county-register');
    await registerPeer(city, { regionCode: COUNTY.regionCode, name: COUNTY.name }, '下级');
    await toastsGone(city);
    await shot(city, 'sync-02-city-register');

    // ---- 2. The county makes its upward bundle for 2026 and saves it.
    await county.getByTestId('bundle-export').click();
    const exportDialog = county.getByRole('dialog');
    await expect(exportDialog.getByTestId('export-recipient')).toHaveValue(`上级：${CITY.name}（${CITY.regionCode}）`);
    await shot(county, 'sync-03-county-export');
    const bundle = await download(county, exportDialog.getByTestId('export-run'), work);
    expect(path.extname(bundle)).toBe('.bpdbundle');
    await expect(exportDialog).toBeHidden();
    await county.getByRole('tab', { name: '数据包记录' }).click();
    await expect(county.getByTestId('bundle-log').getByRole('row').filter({ hasText: '发出上报包' })).toContainText(CITY.name);

    // ---- 3. The prefecture previews it: sender, sequence, changes per table; first bundle → fingerprint check.
    const preview = await importBundle(city, bundle);
    await expect(preview.getByTestId('bundle-manifest')).toContainText(COUNTY.name);
    await expect(preview.getByTestId('bundle-manifest')).toContainText('第 1 号');
    await expect(preview.getByTestId('bundle-pin')).toHaveText('首次接收，须核对指纹');
    const projectsChange = preview.getByTestId('bundle-changes').getByRole('row').filter({ has: city.getByRole('cell', { name: '项目', exact: true }) });
    await expect(projectsChange).toContainText('3');
    await shot(city, 'sync-04-city-preview');
    await preview.getByTestId('bundle-next').click();
    expect(await fingerprintOf(city, 'pin-fingerprint')).toBe(countyFingerprint);
    await expect(preview.getByTestId('pin-commit')).toBeDisabled();
    await preview.getByTestId('pin-confirm').check();
    await shot(city, 'sync-05-city-fingerprint');
    await preview.getByTestId('pin-commit').click();
    await expect(preview.getByTestId('bundle-done')).toContainText(`已导入${COUNTY.name}第 1 号上报包`);
    await shot(city, 'sync-06-city-imported');
    await preview.getByTestId('bundle-close').click();
    await expect(city.getByRole('row').filter({ hasText: COUNTY.name }).first()).toContainText('已登记密钥');

    // ---- 4. 下级单位数据 → the county's projects in 项目库, read-only, through the office filter.
    await nav(city, '下级单位数据').click();
    const row = city.getByRole('row').filter({ hasText: COUNTY.name });
    await expect(row).toContainText('第 1 号');
    await row.click();
    await expect(city.getByTestId('office-detail')).toContainText('项目');
    await toastsGone(city);
    await shot(city, 'sync-07-city-offices');
    await city.getByTestId('office-open-projects').click();
    await expect(city.getByTestId('office-scope-notice')).toContainText(COUNTY.name);
    await expect(city.getByTestId('office-scope')).toHaveValue(`${COUNTY.name}（${COUNTY.regionCode}）`);
    await expect(city.getByTestId('projects-footer')).toContainText('3');
    await expect(city.getByRole('row').filter({ hasText: 'HQ2026002' })).toContainText('霍邱县');
    await expect(city.getByRole('row').filter({ hasText: 'LA2026001' })).toHaveCount(0);
    await expect(city.getByRole('button', { name: '新增项目' })).toHaveCount(0);
    await shot(city, 'sync-08-city-county-projects');
    // 本级 shows the prefecture's own project only; the detail of a county project is read-only.
    await city.getByTestId('office-scope').click();
    await city.getByRole('option', { name: /^本级/ }).click();
    await expect(city.getByRole('row').filter({ hasText: 'LA2026001' })).toBeVisible();
    await expect(city.getByRole('row').filter({ hasText: 'HQ2026001' })).toHaveCount(0);
    await city.getByTestId('office-scope').click();
    await city.getByRole('option', { name: /^全部/ }).click();
    await city.getByRole('row').filter({ hasText: 'HQ2026001' }).click();
    await expect(city.getByRole('heading', { name: '霍邱县农村公路养护工程' })).toBeVisible();
    await expect(city.getByText('同步只读').first()).toBeVisible();
    await expect(city.getByRole('button', { name: '编辑' })).toHaveCount(0);
    await shot(city, 'sync-09-city-county-project');
    // The same filter on 监控批次, 单位自评 and 整改事项, opened from 下级单位数据.
    for (const [testId, expected, name] of [
      ['office-open-monitoring', '霍邱县2026年1–5月项目自行监控', 'sync-09b-city-county-rounds'],
      ['office-open-rectifications', '渡口改造资金拨付滞后', 'sync-09c-city-county-rectifications'],
      ['office-open-evaluation-self', null, 'sync-09d-city-county-selfeval'],
    ] as const) {
      await nav(city, '下级单位数据').click();
      await city.getByRole('row').filter({ hasText: COUNTY.name }).click();
      await city.getByTestId(testId).click();
      await expect(city.getByTestId('office-scope-notice')).toContainText(COUNTY.name);
      if (expected) await expect(city.getByRole('row').filter({ hasText: expected })).toContainText('霍邱县');
      await shot(city, name);
    }

    // ---- 4b. 统计分析 → 各地区汇总: the county's imported records are a row of their own beside the prefecture's.
    await nav(city, '统计分析').click();
    await city.getByRole('tab', { name: '各地区汇总' }).click();
    const consolidated = city.getByTestId('stats-consolidated-table');
    const projectsOf = (name: string) => consolidated.getByRole('row').filter({ hasText: name }).first().getByRole('cell').nth(1);
    await expect(projectsOf(COUNTY.name)).toHaveText('3');
    await expect(projectsOf(CITY.name)).toHaveText('1');
    await expect(projectsOf('合计')).toHaveText('4');
    await toastsGone(city);
    await shot(city, 'sync-09e-city-consolidated');

    // ---- 5. The prefecture returns the submission with a reason and sends a downward bundle with its own round.
    await addRound(citySeed, '六安市2026年1–5月项目监控');
    await nav(city, '同步与上报').click();
    await city.getByRole('tab', { name: '上报状态' }).click();
    const submission = city.getByRole('row').filter({ hasText: COUNTY.name });
    await expect(submission).toContainText('待处理');
    await submission.getByRole('button', { name: '退回' }).click();
    const decide = city.getByRole('dialog');
    await expect(decide.getByTestId('decide-confirm')).toBeDisabled();
    await decide.getByTestId('decide-reason').fill(RETURN_REASON);
    await decide.getByTestId('decide-confirm').click();
    await expect(decide).toBeHidden();
    await expect(submission).toContainText('已退回');
    await city.getByTestId('bundle-export').click();
    const downDialog = city.getByRole('dialog');
    await downDialog.getByTestId('export-recipient').click();
    await city.getByRole('option', { name: `下级：${COUNTY.name}（${COUNTY.regionCode}）` }).click();
    const down = await download(city, downDialog.getByTestId('export-run'), work);
    await toastsGone(city);
    await shot(city, 'sync-10-city-returned');

    // ---- 6. The county imports the downward bundle (first from the prefecture: fingerprint check) and sees 退回.
    const cityFingerprint = await fingerprintOf(city, 'own-fingerprint');
    const downPreview = await importBundle(county, down);
    await expect(downPreview.getByTestId('bundle-manifest')).toContainText('下发包');
    await downPreview.getByTestId('bundle-next').click();
    expect(await fingerprintOf(county, 'pin-fingerprint')).toBe(cityFingerprint);
    await downPreview.getByTestId('pin-confirm').check();
    await downPreview.getByTestId('pin-commit').click();
    await expect(downPreview.getByTestId('bundle-done')).toBeVisible();
    await downPreview.getByTestId('bundle-close').click();
    await expect(county.getByTestId('submission-returned')).toContainText(RETURN_REASON);
    await toastsGone(county);
    await shot(county, 'sync-11-county-returned');
    // The prefecture's round shows among the county's own, marked 上级下发 and read-only.
    await nav(county, '监控批次').click();
    await expect(county.getByRole('row').filter({ hasText: '六安市2026年1–5月项目监控' })).toContainText('上级下发');
    await expect(county.getByRole('row').filter({ hasText: '霍邱县2026年1–5月项目自行监控' })).not.toContainText('上级下发');
    await shot(county, 'sync-12-county-rounds');
  } finally {
    await stopHost(countyHost);
    await stopHost(cityHost);
    fs.rmSync(countyHost.dataDir, { recursive: true, force: true });
    fs.rmSync(cityHost.dataDir, { recursive: true, force: true });
  }
});
