import fs from 'node:fs';
import * as XLSX from 'xlsx';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorDetail } from '../../shared/api/result.ts';
import type { MethodInput } from '../../shared/api/contract.ts';
import type { ProjectDto } from '../../shared/api/dtoGoals.ts';
import { BUDGET_TYPES, BUDGET_TYPE_LABELS, FUND_TAGS, FUND_TAG_LABELS, type BudgetType, type FundTag } from '../../shared/domain/projects.ts';
import { USER_PASSWORD, addUser, auditRows, countRows, errorOf, openHarness, type Harness } from '../helpers/backend.ts';
import { fixtureFile, readXlsx, sheetAoa } from '../helpers/fixtures.ts';

let h: Harness | undefined;
let h2: Harness | undefined;
afterEach(() => {
  h?.close();
  h2?.close();
  h = undefined;
  h2 = undefined;
});

const SHEET = '项目';
const HEADER = [
  '项目编码*', '项目名称*', '单位编码*', '对象类型', '项目属性', '项目类别', '项目类型', '预算类型*', '资金性质', '开始年月', '结束年月',
  '年初预算数·财政拨款', '年初预算数·上年结转', '年初预算数·其他资金', '全年预算数·财政拨款', '全年预算数·上年结转', '全年预算数·其他资金',
  '是否年中追加', '是否新增重大', '是否涉密', '项目负责人', '联系电话',
];

interface Office {
  hh: Harness;
  /** 绩效管理 (performance), 业务股室 (business) and 查阅 (viewer) sessions. */
  perf: string;
  biz: string;
  view: string;
  unitId: (code: string) => string;
  /** Import backups taken since the office was set up (the unit import takes one itself). */
  newBackups: () => string[];
}

/** A harness with the units of tests/fixtures/units/good.xlsx and one user per business role. */
async function office(): Promise<Office> {
  const hh = await openHarness();
  await hh.call('units.importCommit', { file: fixtureFile('units', 'good.xlsx') });
  const units = await hh.call('units.tree', {});
  const before = new Set(importBackups(hh));
  for (const [u, role] of [['perf', 'performance'], ['biz', 'business'], ['view', 'viewer']] as const) await addUser(hh, u, role);
  return {
    hh,
    perf: await hh.login('perf', USER_PASSWORD),
    biz: await hh.login('biz', USER_PASSWORD),
    view: await hh.login('view', USER_PASSWORD),
    unitId: (code) => units.find((u) => u.code === code)?.id ?? `missing-${code}`,
    newBackups: () => importBackups(hh).filter((n) => !before.has(n)),
  };
}

const importBackups = (hh: Harness) => (fs.existsSync(hh.backend.backupDir) ? fs.readdirSync(hh.backend.backupDir).filter((n) => n.endsWith('-import.sqlite')) : []);
const split = (fiscalFen: number, carryoverFen = 0, otherFen = 0) => ({ fiscalFen, carryoverFen, otherFen });

async function byCode(hh: Harness, session: string, code: string): Promise<ProjectDto> {
  const list = await hh.call('projects.list', { year: 2026, q: code, pageSize: 1000 }, session);
  const row = list.rows.find((r) => r.code === code);
  if (!row) throw new Error(`no project ${code}`);
  return hh.call('projects.get', { id: row.id }, session);
}

const fields = (o: Office, over: Partial<MethodInput<'projects.create'>> = {}): MethodInput<'projects.create'> => ({
  year: 2026, code: '2026-X-001', name: '测试项目', unitId: o.unitId('101'), objectType: 'project', attribute: 'continuing', budgetType: 'general',
  initial: split(1_000_000), annual: split(1_000_000), ...over,
});

/** Writes an xlsx in memory as the API carries it. */
function workbook(name: string, rows: unknown[][], sheet = SHEET): { name: string; base64: string } {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), sheet);
  return { name, base64: (XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer).toString('base64') };
}

/** Inserts an ex-ante assessment row directly (the assessment screens are another feature). */
function assess(hh: Harness, projectId: string, status: 'draft' | 'completed', conclusion: string | null, at = '2026-03-02T00:00:00.000Z') {
  hh.backend.database.prepare(`INSERT INTO ex_ante_assessments (id, origin, project_id, assessor_type, status, total, conclusion, profile_id, profile_version, created_at, updated_at)
    VALUES (?, '652325', ?, 'finance', ?, 85, ?, 'builtin-national-default', 1, ?, ?)`).run(`ea-${projectId}-${at}`, projectId, status, conclusion, at, at);
}

/** Inserts a goal sheet row directly, at a given workflow status. */
function goalSheet(hh: Harness, p: ProjectDto, status: string) {
  const at = '2026-03-03T00:00:00.000Z';
  hh.backend.database.prepare(`INSERT INTO goal_sheets (id, origin, year, owner_type, project_id, unit_id, status, created_at, updated_at)
    VALUES (?, '652325', 2026, 'project', ?, ?, ?, ?, ?)`).run(`gs-${p.id}`, p.id, p.unitId, status, at, at);
}

// ---------------------------------------------------------------- import

describe('projects Excel import', () => {
  it('good.xlsx: every column read, labels and short forms mapped, amounts exact to the 分', async () => {
    const o = await office();
    h = o.hh;
    const file = fixtureFile('projects', 'good.xlsx');
    const preview = await h.call('projects.importPreview', { file, year: 2026 }, o.biz);
    expect(preview.errors).toEqual([]);
    expect(preview.rows.map((r) => [r.row, r.action, r.value.code, r.value.annualTotalFen])).toEqual([
      [2, 'add', '2026-101-001', 320_500_000], [3, 'add', '2026101002', 105_123_456], [5, 'add', '2026-102-001', 1_350_000_000],
      [6, 'add', '2026-102-002', 50_000_000], [7, 'add', '2026-103-001', 12_500_000], [8, 'add', '2026-101-003', 8_000_000],
    ]);
    expect(countRows(h, 'projects')).toBe(0);
    expect(await h.call('projects.importCommit', { file, year: 2026 }, o.biz)).toEqual({ add: 6, update: 0, unchanged: 0 });
    expect(o.newBackups()).toHaveLength(1);

    expect(await byCode(h, o.biz, '2026-101-001')).toMatchObject({
      year: 2026, name: '县域学生营养改善计划', unitId: o.unitId('101'), unitName: '县教育局', objectType: 'project', attribute: 'continuing',
      category: '民生保障', projectType: 'subsidy', budgetType: 'general', tags: ['direct', 'upperTransfer'], startMonth: '2026-01', endMonth: '2026-12',
      // 全年 left blank → as at the start of the year.
      initial: split(320_500_000), annual: split(320_500_000), initialTotalFen: 320_500_000, annualTotalFen: 320_500_000,
      midYearAddition: false, newMajor: false, confidential: false, manager: '张三', phone: '0994-7211234', status: 'registered',
      goalStatus: null, exAnteConclusion: null, exAnteRequired: false, gateProblem: null, readOnly: false, origin: '652325', rev: 1,
    } satisfies Partial<ProjectDto>);
    expect(await byCode(h, o.biz, '2026101002')).toMatchObject({
      unitId: o.unitId('101001'), attribute: 'new', objectType: 'project', projectType: 'equipment', budgetType: 'general', tags: ['procurement'],
      startMonth: '2026-03', endMonth: '2026-12', initial: split(85_123_456, 10_000_000, 0), annual: split(90_123_456, 10_000_000, 5_000_000),
    });
    expect(await byCode(h, o.biz, '2026-102-001')).toMatchObject({
      budgetType: 'fund', tags: ['procurement', 'specialBond'], startMonth: '2026-03', endMonth: '2027-06', newMajor: true, exAnteRequired: true,
      initial: split(1_200_000_000), annual: split(1_200_000_000, 0, 150_000_000),
    });
    expect(await byCode(h, o.biz, '2026-102-002')).toMatchObject({ objectType: 'policy', attribute: 'expiringContinuation', budgetType: 'stateCapital', projectType: 'general', tags: [], startMonth: null });
    expect(await byCode(h, o.biz, '2026-103-001')).toMatchObject({ budgetType: 'socialInsurance', tags: ['other'], midYearAddition: true, confidential: true });
    expect(await byCode(h, o.biz, '2026-101-003')).toMatchObject({ projectType: 'meetingTraining', tags: ['localSpecial'], midYearAddition: true, phone: '13800000000' });

    // The same file again changes nothing and takes no backup.
    expect(await h.call('projects.importCommit', { file, year: 2026 }, o.biz)).toEqual({ add: 0, update: 0, unchanged: 6 });
    expect(o.newBackups()).toHaveLength(1);
    const audits = auditRows(h).filter((a) => a.method === 'projects.importCommit');
    // The no-op second run wrote nothing, so it left no audit record either.
    expect(audits.map((a) => a.result)).toEqual(['成功']);
    expect(JSON.parse(audits[0]?.changes ?? '{}')).toMatchObject({ file: 'good.xlsx', year: 2026, add: 6 });
  });

  it('good-changed.xlsx: updates by (year, code) and never touches status or goals', async () => {
    const o = await office();
    h = o.hh;
    await h.call('projects.importCommit', { file: fixtureFile('projects', 'good.xlsx'), year: 2026 }, o.biz);
    const first = await byCode(h, o.biz, '2026-101-001');
    await h.call('projects.setStatus', { id: first.id, status: 'inLibrary' }, o.perf);
    goalSheet(h, first, 'approved');
    const preview = await h.call('projects.importPreview', { file: fixtureFile('projects', 'good-changed.xlsx'), year: 2026 }, o.biz);
    expect(preview.rows.map((r) => [r.row, r.action])).toEqual([[2, 'update'], [3, 'update'], [4, 'unchanged'], [5, 'unchanged'], [6, 'unchanged'], [7, 'unchanged'], [8, 'add']]);
    expect(await h.call('projects.importCommit', { file: fixtureFile('projects', 'good-changed.xlsx'), year: 2026 }, o.biz)).toEqual({ add: 1, update: 2, unchanged: 4 });
    expect(await byCode(h, o.biz, '2026-101-001')).toMatchObject({ id: first.id, name: '县域学生营养改善计划（2026）', status: 'inLibrary', goalStatus: 'approved', goalSheetId: `gs-${first.id}`, rev: 3 });
    expect((await byCode(h, o.biz, '2026101002')).annual).toEqual(split(95_500_000, 10_000_000, 5_000_000));
    expect(countRows(h, 'projects')).toBe(7);
  });

  it('a budget-system export in 元: 项目代码/单位代码 headers, title rows, one amount column → 财政拨款, 全年 = 年初', async () => {
    const o = await office();
    h = o.hh;
    const file = fixtureFile('projects', 'good-budget-system-yuan.xlsx');
    const preview = await h.call('projects.importPreview', { file, year: 2026 }, o.biz);
    expect(preview).toMatchObject({ sheet: '项目清单', errors: [], summary: { add: 4, update: 0, unchanged: 0 } });
    expect(preview.rows.map((r) => r.row)).toEqual([4, 5, 6, 7]);
    await h.call('projects.importCommit', { file, year: 2026 }, o.biz);
    const expected: [string, BudgetType, number, string][] = [
      ['652325-2026-0001', 'general', 123_456_789, '102'], ['652325-2026-0002', 'fund', 200_000_000, '101'],
      ['652325-2026-0003', 'stateCapital', 35_000_000, '102001'], ['652325-2026-0004', 'socialInsurance', 1, '103'],
    ];
    for (const [code, budgetType, fen, unit] of expected) {
      expect(await byCode(h, o.biz, code)).toMatchObject({
        budgetType, unitId: o.unitId(unit), initial: split(fen), annual: split(fen), objectType: 'project', attribute: 'continuing', projectType: 'general',
      });
    }

    // Values the app keeps that the budget system does not send survive a re-import of its file.
    const p = await byCode(h, o.biz, '652325-2026-0001');
    await h.call('projects.update', { ...fields(o), id: p.id, rev: p.rev, code: p.code, name: p.name, unitId: p.unitId, newMajor: true, attribute: 'new', tags: ['ppp'], initial: p.initial, annual: split(150_000_000) }, o.biz);
    expect(await h.call('projects.importCommit', { file, year: 2026 }, o.biz)).toEqual({ add: 0, update: 0, unchanged: 4 });
    expect(await byCode(h, o.biz, p.code)).toMatchObject({ newMajor: true, attribute: 'new', tags: ['ppp'], annual: split(150_000_000), initial: split(123_456_789) });
  });

  it('split 元 columns made 元 by a "金额单位：元" title line', async () => {
    const o = await office();
    h = o.hh;
    await h.call('projects.importCommit', { file: fixtureFile('projects', 'good-budget-system-split-yuan.xlsx'), year: 2026 }, o.biz);
    expect(await byCode(h, o.biz, '2026-Y-001')).toMatchObject({ initial: split(50_000_000, 2_000_050, 0), annual: split(52_000_000, 2_000_050, 100_000) });
    expect(await byCode(h, o.biz, '2026-Y-002')).toMatchObject({ initial: split(8_000_000), annual: split(8_000_000) });
  });

  /** Each bad fixture: the exact errors, in order (sheet 项目 unless said). */
  const ROW_ERRORS: Record<string, [row: number, column: string, field: string, message: string][]> = {
    'bad-missing-required.xlsx': [
      [3, 'A', '项目编码', '缺少项目编码'], [4, 'B', '项目名称', '缺少项目名称'], [5, 'C', '单位编码', '缺少单位编码'], [6, 'H', '预算类型', '缺少预算类型'],
    ],
    'bad-code-format.xlsx': [[2, 'A', '项目编码', '项目编码“2026 001”格式不正确（应为 1–40 位字母、数字或 . _ -）']],
    'bad-unknown-unit.xlsx': [[3, 'C', '单位编码', '单位编码“999”不是本单位的预算单位，请先在“预算单位”中新增或导入']],
    'bad-inactive-unit.xlsx': [[2, 'C', '单位编码', '预算单位“县人民医院北庭分院”（102001-01）已停用，不能登记项目']],
    'bad-budget-type.xlsx': [[2, 'H', '预算类型', '预算类型“专项预算”无法识别，应为 一般公共预算、政府性基金预算、国有资本经营预算、社会保险基金预算 之一']],
    'bad-fund-tag.xlsx': [[2, 'I', '资金性质', `资金性质“土地出让金”无法识别，应为 ${Object.values(FUND_TAG_LABELS).join('、')}（多个用顿号分隔）`]],
    'bad-amount.xlsx': [
      [2, 'L', '年初预算数·财政拨款', '金额“-5”不能为负数'],
      [3, 'M', '年初预算数·上年结转', '金额“十万”不是数字（单位：万元）'],
      [4, 'O', '全年预算数·财政拨款', '金额“1.1234567”超过分的精度（以万元为单位最多 6 位小数）'],
      [5, 'N', '年初预算数·其他资金', '金额“12.5万”不是数字（单位：万元）'],
    ],
    'bad-amount-yuan.xlsx': [[2, 'E', '年初预算数（元）', '金额“1234.567”超过分的精度（以元为单位最多 2 位小数）']],
    'bad-month.xlsx': [
      [2, 'J', '开始年月', '开始年月“2026-13”格式不正确，应为 年-月（如 2026-03）'],
      [3, 'K', '结束年月', '结束年月“明年三月”格式不正确，应为 年-月（如 2026-03）'],
      [4, 'K', '结束年月', '结束年月 2026-03 早于开始年月 2026-06'],
    ],
    'bad-duplicate-code.xlsx': [[4, 'A', '项目编码', '项目编码“2026-P-01”与第 2 行重复']],
    'bad-labels.xlsx': [
      [2, 'D', '对象类型', '对象类型“工程”无法识别，应为 项目、政策 之一'],
      [2, 'E', '项目属性', '项目属性“新建”无法识别，应为 新增、延续、到期拟延续 之一'],
      [2, 'G', '项目类型', '项目类型“水利类”无法识别，应为 会议培训类、信息化建设类、设备购置类、基建工程类、补助补贴类、运行维护类、政府购买服务类、部门整体、通用 之一'],
    ],
    'bad-yes-no.xlsx': [[2, 'S', '是否新增重大', '是否新增重大“可能”应填写 是 或 否']],
  };

  describe('bad files (one office for all: none of them may write anything)', () => {
    let o: Office;
    beforeAll(async () => {
      o = await office();
    });
    afterAll(() => o.hh.close());

    for (const [file, expected] of Object.entries(ROW_ERRORS)) {
      it(`${file}: every bad cell reported; nothing written`, async () => {
        const hh = o.hh;
        const f = fixtureFile('projects', file);
        const preview = await hh.call('projects.importPreview', { file: f, year: 2026 }, o.biz);
        const details: ErrorDetail[] = expected.map(([row, column, field, message]) => ({ sheet: SHEET, row, column, field, message }));
        expect(preview.errors).toEqual(details);
        expect(errorOf(await hh.raw('projects.importCommit', { file: f, year: 2026 }, o.biz))).toEqual({
          code: 'IMPORT_INVALID', message: `文件“${file}”有 ${expected.length} 处错误，未导入任何数据。`, details,
        });
        expect(countRows(hh, 'projects')).toBe(0);
        expect(countRows(hh, 'project_tags')).toBe(0);
        expect(o.newBackups()).toEqual([]);
        expect(auditRows(hh).filter((a) => a.method === 'projects.importCommit').every((a) => a.result.startsWith('失败'))).toBe(true);
      });
    }
  });

  it('refused whole: a missing required column, no data rows, a year that does not exist; viewers cannot import', async () => {
    const o = await office();
    h = o.hh;
    expect(errorOf(await h.raw('projects.importPreview', { file: fixtureFile('projects', 'bad-missing-column.xlsx'), year: 2026 }, o.biz))).toEqual({
      code: 'IMPORT_INVALID', message: '文件“bad-missing-column.xlsx”缺少必填列。', details: [{ sheet: SHEET, row: 1, message: '缺少必填列“预算类型”' }],
    });
    expect((await h.call('projects.importPreview', { file: fixtureFile('projects', 'bad-header-only.xlsx'), year: 2026 }, o.biz)).errors).toEqual([
      { sheet: SHEET, row: 2, message: '表头下方没有任何项目数据' },
    ]);
    expect(errorOf(await h.raw('projects.importCommit', { file: fixtureFile('projects', 'good.xlsx'), year: 2031 }, o.biz))).toEqual({
      code: 'NOT_FOUND', message: '2031 年度不存在，请先新增年度。', details: [{ field: 'year', message: '年度不存在' }],
    });
    expect(errorOf(await h.raw('projects.importCommit', { file: fixtureFile('projects', 'good.xlsx'), year: 2026 }, o.view)).code).toBe('FORBIDDEN');
    expect(errorOf(await h.raw('projects.importCommit', { file: fixtureFile('projects', 'good.xlsx'), year: 2026 })).code).toBe('FORBIDDEN');
    expect(countRows(h, 'projects')).toBe(0);
  });
});

// ---------------------------------------------------------------- export

describe('projects Excel export', () => {
  it('the template has the documented columns; the export writes them cell by cell in 万元', async () => {
    const o = await office();
    h = o.hh;
    const t = readXlsx((await h.call('projects.template', {}, o.view)).base64);
    expect(t.SheetNames).toEqual([SHEET, '填写说明']);
    expect(sheetAoa(t, SHEET)[0]).toEqual(HEADER);

    await h.call('projects.importCommit', { file: fixtureFile('projects', 'good.xlsx'), year: 2026 }, o.biz);
    const file = await h.call('projects.export', { year: 2026 }, o.view);
    expect(file.name).toBe('项目-2026-2026-03-01.xlsx');
    const rows = sheetAoa(readXlsx(file.base64), SHEET);
    expect(rows[0]?.[0]).toEqual(['2026 年度项目 共 6 个，全年预算合计 1,846.12 万元（金额单位：万元），导出于 2026-03-01。前 22 列与导入模板一致，可修改后重新导入。'][0]);
    expect(rows[1]).toEqual([...HEADER, '单位名称', '项目状态', '绩效目标状态', '归属']);
    expect(rows.slice(2).map((r) => r[0])).toEqual(['2026-101-001', '2026-101-003', '2026-102-001', '2026-102-002', '2026-103-001', '2026101002']);
    expect(rows.find((r) => r[0] === '2026101002')).toEqual([
      '2026101002', '县第一中学教学设备购置', '101001', '项目', '新增', '', '设备购置类', '一般公共预算', '政府采购', '2026-03', '2026-12',
      85.123456, 10, 0, 90.123456, 10, 5, '否', '否', '否', '', '', '县第一中学', '已登记', '未填报', '本单位',
    ]);
    expect(rows.find((r) => r[0] === '2026-102-001')?.slice(8, 20)).toEqual(['政府采购、地方政府专项债券', '2026-03', '2027-06', 1200, 0, 0, 1200, 0, 150, '否', '是', '否']);
    const filtered = sheetAoa(readXlsx((await h.call('projects.export', { year: 2026, budgetType: 'fund' }, o.view)).base64), SHEET);
    expect(filtered.slice(2).map((r) => r[0])).toEqual(['2026-102-001']);
  });

  it('round trip: the export re-imports as no change here, and recreates the same projects in another office', async () => {
    const o = await office();
    h = o.hh;
    await h.call('projects.importCommit', { file: fixtureFile('projects', 'good.xlsx'), year: 2026 }, o.biz);
    await h.call('projects.importCommit', { file: fixtureFile('projects', 'good-budget-system-yuan.xlsx'), year: 2026 }, o.biz);
    await h.call('projects.create', fields(o, { code: 'X-FORMULA', name: '=SUM(1,2)', category: '-1', manager: '@张', phone: '+86 13800000000', midTermTotalFen: 123, basis: '依据' }), o.biz);
    const exported = await h.call('projects.export', { year: 2026 }, o.view);
    const file = { name: exported.name, base64: exported.base64 };
    expect(await h.call('projects.importPreview', { file, year: 2026 }, o.biz)).toMatchObject({ errors: [], summary: { add: 0, update: 0, unchanged: 11 } });

    const other = await office();
    h2 = other.hh;
    expect(await h2.call('projects.importCommit', { file, year: 2026 }, other.biz)).toEqual({ add: 11, update: 0, unchanged: 0 });
    const all = async (hh: Harness, s: string) => {
      const rows = (await hh.call('projects.list', { year: 2026, pageSize: 1000 }, s)).rows;
      return Promise.all(rows.map(async (r) => {
        const { id: _id, unitId: _u, updatedAt: _t, ...rest } = await hh.call('projects.get', { id: r.id }, s);
        return rest;
      }));
    };
    // Everything the file carries matches; midTermTotalFen and basis are not in the file.
    const mine = (await all(h, o.biz)).map((p) => (p.code === 'X-FORMULA' ? { ...p, midTermTotalFen: null, basis: '' } : p));
    expect(await all(h2, other.biz)).toEqual(mine);
  });
});

// ---------------------------------------------------------------- list

/** ~300 projects over 5 units, 4 budgets and the fund tags, generated deterministically. */
function generated(count: number) {
  const units = ['101', '101001', '101002', '102', '102001'];
  const rows: { code: string; name: string; unit: string; budgetType: BudgetType; tags: FundTag[]; annualFen: number; newMajor: boolean }[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      code: `G-${String(i).padStart(5, '0')}`,
      name: `${i % 7 === 0 ? '道路' : '学校'}项目${i}`,
      unit: units[i % units.length] ?? '101',
      budgetType: BUDGET_TYPES[i % 4] ?? 'general',
      tags: FUND_TAGS.filter((_, k) => (i + k) % 5 === 0).slice(0, 2),
      annualFen: ((i * 7919) % 100_000) * 1_000 + (i % 100),
      newMajor: i % 50 === 0,
    });
  }
  const sheetRows = rows.map((r) => [
    r.code, r.name, r.unit, '', r.newMajor ? '新增' : '延续', '', '', BUDGET_TYPE_LABELS[r.budgetType], r.tags.map((t) => FUND_TAG_LABELS[t]).join('、'), '', '',
    // 万元 with up to six decimals: the exact fen as text.
    (r.annualFen / 1_000_000).toFixed(6), 0, 0, '', '', '', '否', r.newMajor ? '是' : '否', '否', '', '',
  ]);
  return { rows, file: workbook(`generated-${count}.xlsx`, [HEADER, ...sheetRows]) };
}

describe('projects.list', () => {
  it('filters, searches, sorts, pages and sums ~300 projects in SQL', async () => {
    const o = await office();
    h = o.hh;
    const g = generated(300);
    expect(await h.call('projects.importCommit', { file: g.file, year: 2026 }, o.biz)).toMatchObject({ add: 300 });
    const list = (input: Partial<MethodInput<'projects.list'>>) => h!.call('projects.list', { year: 2026, pageSize: 1000, ...input }, o.view);
    const sum = (rows: { annualFen: number }[]) => rows.reduce((a, r) => a + r.annualFen, 0);

    const everything = await list({});
    expect([everything.total, everything.rows.length, everything.totalAmountFen]).toEqual([300, 300, sum(g.rows)]);
    expect(everything.rows.map((r) => r.code)).toEqual(g.rows.map((r) => r.code));

    for (const budgetType of BUDGET_TYPES) {
      const r = await list({ budgetType });
      const want = g.rows.filter((x) => x.budgetType === budgetType);
      expect([r.total, r.totalAmountFen]).toEqual([want.length, sum(want)]);
    }
    for (const tag of ['direct', 'specialBond', 'other'] as const) {
      const r = await list({ tag });
      const want = g.rows.filter((x) => x.tags.includes(tag));
      expect([r.total, r.totalAmountFen, r.rows.every((x) => x.tags.includes(tag))]).toEqual([want.length, sum(want), true]);
    }
    // A 主管部门 in the filter includes its subordinate units (102001 sits under 102).
    const byUnit = await list({ unitId: o.unitId('102') });
    const under102 = g.rows.filter((r) => r.unit === '102' || r.unit === '102001');
    expect([byUnit.total, byUnit.totalAmountFen]).toEqual([under102.length, sum(under102)]);
    const byLeaf = await list({ unitId: o.unitId('102001') });
    expect(byLeaf.total).toBe(g.rows.filter((r) => r.unit === '102001').length);
    const roads = await list({ q: '道路' });
    expect([roads.total, roads.totalAmountFen]).toEqual([g.rows.filter((r) => r.name.startsWith('道路')).length, sum(g.rows.filter((r) => r.name.startsWith('道路')))]);
    expect((await list({ q: 'g-0012' })).rows.map((r) => r.code)).toEqual(Array.from({ length: 10 }, (_, i) => `G-0012${i}`));
    const combined = await list({ budgetType: 'fund', unitId: o.unitId('101'), q: '学校' });
    expect(combined.total).toBe(g.rows.filter((r) => r.budgetType === 'fund' && r.unit.startsWith('101') && r.name.startsWith('学校')).length);

    // Status and goal status filters.
    const someone = everything.rows[3];
    if (!someone) throw new Error('no rows');
    await h.call('projects.setStatus', { id: someone.id, status: 'cancelled', comment: '重复申报' }, o.perf);
    goalSheet(h, await h.call('projects.get', { id: everything.rows[4]?.id ?? '' }), 'submitted');
    expect((await list({ status: 'cancelled' })).rows.map((r) => r.code)).toEqual([someone.code]);
    expect((await list({ status: 'registered' })).total).toBe(299);
    expect((await list({ goalStatus: 'submitted' })).rows.map((r) => [r.code, r.goalStatus])).toEqual([[everything.rows[4]?.code, 'submitted']]);
    expect((await list({ goalStatus: 'none' })).total).toBe(299);

    // exAnteRequired per row from the year's profile (national default: new major projects).
    expect((await list({})).rows.filter((r) => r.exAnteRequired).map((r) => r.code)).toEqual(g.rows.filter((r) => r.newMajor).map((r) => r.code));

    // Paging: pages do not overlap and cover everything in order; sums are for the whole filter.
    const seen: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const p = await list({ page, pageSize: 80, sort: 'amount', desc: true });
      expect([p.total, p.totalAmountFen]).toEqual([300, sum(g.rows)]);
      seen.push(...p.rows.map((r) => r.code));
    }
    const byAmount = [...g.rows].sort((a, b) => b.annualFen - a.annualFen || b.code.localeCompare(a.code)).map((r) => r.code);
    expect(seen).toEqual(byAmount);
    const byName = await list({ sort: 'name', pageSize: 5 });
    expect(byName.rows.map((r) => r.name)).toEqual(g.rows.map((r) => r.name).sort().slice(0, 5));
    const byUnitSort = await list({ sort: 'unit', desc: true, pageSize: 1 });
    expect(byUnitSort.rows[0]?.unitName).toBe('县人民医院');
  });

  it('stays fast with 5,000 projects (a page, a filter, a search)', async () => {
    const o = await office();
    h = o.hh;
    const g = generated(5000);
    await h.call('projects.importCommit', { file: g.file, year: 2026 }, o.biz);
    expect(countRows(h, 'projects')).toBe(5000);
    const time = async (input: Partial<MethodInput<'projects.list'>>) => {
      const t0 = performance.now();
      const r = await h!.call('projects.list', { year: 2026, pageSize: 100, ...input }, o.view);
      return { ms: performance.now() - t0, r };
    };
    await time({}); // warm the statement cache
    for (const input of [{}, { page: 40 }, { tag: 'direct' as const }, { q: '道路', sort: 'amount' as const, desc: true }, { goalStatus: 'none' as const, sort: 'unit' as const }]) {
      const { ms, r } = await time(input);
      expect(r.rows.length).toBeGreaterThan(0);
      // Generous bound for slow CI machines; typically a few milliseconds.
      expect(ms).toBeLessThan(250);
    }
    // The default order (code within the year) comes off an index, not a sort of every project.
    const plan = h.backend.database.prepare('EXPLAIN QUERY PLAN SELECT p.id FROM projects p WHERE p.year = ? ORDER BY p.code LIMIT 100').all(2026) as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' | ')).toBe('SEARCH p USING INDEX projects_year_code (year=?)');
  });
});

// ---------------------------------------------------------------- create / update

describe('projects create and update', () => {
  it('business sections register projects; viewers and the administrator cannot', async () => {
    const o = await office();
    h = o.hh;
    const p = await h.call('projects.create', fields(o, { tags: ['direct', 'ppp', 'direct'], startMonth: '2026-02', newMajor: true }), o.biz);
    expect(p).toMatchObject({ code: '2026-X-001', status: 'registered', tags: ['direct', 'ppp'], startMonth: '2026-02', unitName: '县教育局', rev: 1, exAnteRequired: true, readOnly: false });
    expect(errorOf(await h.raw('projects.create', fields(o, { code: 'V-1' }), o.view)).code).toBe('FORBIDDEN');
    expect(errorOf(await h.raw('projects.create', fields(o, { code: 'A-1' }))).code).toBe('FORBIDDEN');
    expect((await h.call('projects.get', { id: p.id }, o.view)).code).toBe('2026-X-001');
    const audit = auditRows(h).filter((a) => a.method === 'projects.create' && a.result === '成功');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.changes ?? '{}')).toMatchObject({ code: [null, '2026-X-001'], tags: [null, 'direct,ppp'] });
  });

  it('the unit must exist, belong to this office and be active; the year must exist; codes are unique per year', async () => {
    const o = await office();
    h = o.hh;
    expect(errorOf(await h.raw('projects.create', fields(o, { unitId: 'nope' }), o.biz))).toEqual({
      code: 'VALIDATION', message: '所选预算单位不存在或不属于本单位。', details: [{ field: 'unitId', message: '预算单位无效' }],
    });
    expect(errorOf(await h.raw('projects.create', fields(o, { unitId: o.unitId('102001-01') }), o.biz))).toEqual({
      code: 'VALIDATION', message: '预算单位“县人民医院北庭分院”已停用，不能登记项目。', details: [{ field: 'unitId', message: '预算单位已停用' }],
    });
    const at = '2026-02-01T00:00:00.000Z';
    h.backend.database.prepare(`INSERT INTO units (id, origin, code, name, parent_id, kind, confidential, active, created_at, updated_at)
      VALUES ('foreign-1', '652301', '901', '昌吉市教育局', NULL, 'administrative', 0, 1, ?, ?)`).run(at, at);
    expect(errorOf(await h.raw('projects.create', fields(o, { unitId: 'foreign-1' }), o.biz)).message).toBe('所选预算单位不存在或不属于本单位。');
    expect(errorOf(await h.raw('projects.create', fields(o, { year: 2030 }), o.biz))).toEqual({
      code: 'VALIDATION', message: '2030 年度不存在，请先新增年度。', details: [{ field: 'year', message: '年度不存在' }],
    });
    await h.call('projects.create', fields(o), o.biz);
    expect(errorOf(await h.raw('projects.create', fields(o, { name: '另一个' }), o.biz))).toEqual({
      code: 'CONFLICT', message: '项目编码“2026-X-001”在 2026 年度已被项目“测试项目”使用。', details: [{ field: 'code', message: '项目编码重复' }],
    });
    // The same code in another year is a different project.
    await h.call('years.add', { year: 2027 });
    expect((await h.call('projects.create', fields(o, { year: 2027 }), o.biz)).year).toBe(2027);
    expect(countRows(h, 'projects')).toBe(2);
  });

  it('update: optimistic revision, own projects only, a deactivated unit may stay but not be chosen', async () => {
    const o = await office();
    h = o.hh;
    const p = await h.call('projects.create', fields(o, { unitId: o.unitId('101002') }), o.biz);
    const base = fields(o, { unitId: o.unitId('101002') });
    const u1 = await h.call('projects.update', { ...base, id: p.id, rev: 1, name: '改名', annual: split(2_000_000, 1) }, o.biz);
    expect(u1).toMatchObject({ name: '改名', annual: split(2_000_000, 1), annualTotalFen: 2_000_001, rev: 2 });
    expect(errorOf(await h.raw('projects.update', { ...base, id: p.id, rev: 1, name: '过期的修改' }, o.perf))).toEqual({
      code: 'CONFLICT', message: '该项目已被他人修改，请刷新后再保存。',
    });
    // Deactivate the project's unit: editing the project is still possible, moving a project to it is not.
    await h.call('units.setActive', { id: o.unitId('101002'), active: false });
    expect((await h.call('projects.update', { ...base, id: p.id, rev: 2, name: '改名二' }, o.biz)).rev).toBe(3);
    const other = await h.call('projects.create', fields(o, { code: 'OTHER' }), o.biz);
    expect(errorOf(await h.raw('projects.update', { ...base, code: 'OTHER', id: other.id, rev: 1 }, o.biz)).message).toBe('预算单位“县教师进修学校”已停用，不能登记项目。');
    expect(errorOf(await h.raw('projects.update', { ...base, code: 'OTHER', unitId: o.unitId('101'), id: p.id, rev: 3 }, o.biz)).code).toBe('CONFLICT');
    // Another office's project is read-only.
    const at = '2026-02-01T00:00:00.000Z';
    h.backend.database.prepare(`INSERT INTO projects (id, origin, year, code, name, unit_id, object_type, attribute, budget_type, created_at, updated_at)
      VALUES ('foreign-p', '652301', 2026, 'F-1', '外县项目', ?, 'project', 'new', 'general', ?, ?)`).run(o.unitId('101'), at, at);
    expect((await h.call('projects.get', { id: 'foreign-p' }, o.view)).readOnly).toBe(true);
    expect(errorOf(await h.raw('projects.update', { ...base, id: 'foreign-p', rev: 1 }, o.biz))).toEqual({
      code: 'CONFLICT', message: '项目“外县项目”来自其他单位的同步数据，只能查看，不能修改。',
    });
    expect(errorOf(await h.raw('projects.setStatus', { id: 'foreign-p', status: 'cancelled' }, o.perf)).code).toBe('CONFLICT');
    expect(errorOf(await h.raw('projects.get', { id: 'nope' }, o.view)).code).toBe('NOT_FOUND');
  });
});

// ---------------------------------------------------------------- gate and status

describe('ex-ante gate and lifecycle', () => {
  it('a new major project without a completed assessment cannot enter the library; the reason says why', async () => {
    const o = await office();
    h = o.hh;
    const profile = await h.call('profiles.forYear', { year: 2026 });
    const gateNone = `按规则方案“${profile.name}”，新增重大项目（政策）须经事前绩效评估且结论为“予以支持”或“调整后支持”；该项目尚未开展事前绩效评估，不能入库或批复绩效目标。`;
    const p = await h.call('projects.create', fields(o, { newMajor: true, attribute: 'new' }), o.biz);
    expect(p.gateProblem).toBe(gateNone);
    expect(errorOf(await h.raw('projects.setStatus', { id: p.id, status: 'inLibrary' }, o.perf))).toEqual({
      code: 'VALIDATION', message: gateNone, details: [{ field: 'status', message: '未通过事前绩效评估' }],
    });

    assess(h, p.id, 'draft', null);
    expect((await h.call('projects.get', { id: p.id })).gateProblem).toBe(gateNone.replace('尚未开展事前绩效评估', '事前绩效评估尚未完成'));

    assess(h, p.id, 'completed', 'reject', '2026-03-04T00:00:00.000Z');
    const rejected = await h.call('projects.get', { id: p.id });
    expect(rejected).toMatchObject({ exAnteConclusion: 'reject', exAnteRequired: true });
    expect(rejected.gateProblem).toBe(`事前绩效评估结论为“不予支持”；按规则方案“${profile.name}”，结论须为“予以支持”或“调整后支持”，才能入库或批复绩效目标。`);

    // A later round concluding 调整后支持 passes under the default profile.
    assess(h, p.id, 'completed', 'supportAfterAdjustment', '2026-03-05T00:00:00.000Z');
    expect((await h.call('projects.get', { id: p.id })).gateProblem).toBeNull();
    expect((await h.call('projects.list', { year: 2026 }, o.view)).rows[0]).toMatchObject({ exAnteConclusion: 'supportAfterAdjustment', exAnteRequired: true });
    expect((await h.call('projects.setStatus', { id: p.id, status: 'inLibrary', comment: '评估通过' }, o.perf)).status).toBe('inLibrary');
    const audit = auditRows(h).filter((a) => a.method === 'projects.setStatus' && a.result === '成功');
    expect(JSON.parse(audit.at(-1)?.changes ?? '{}')).toMatchObject({ status: ['registered', 'inLibrary'], comment: [null, '评估通过'] });

    // A profile that lets only 予以支持 through (新疆县级) holds the same project back.
    const xj = (await h.call('profiles.list', {})).find((x) => x.code === 'xinjiang-county');
    if (!xj) throw new Error('no xinjiang profile');
    await h.call('profiles.assignYear', { year: 2026, profileId: xj.id }, o.perf);
    expect((await h.call('projects.get', { id: p.id })).gateProblem).toBe(`事前绩效评估结论为“调整后支持”；按规则方案“${xj.name}”，结论须为“予以支持”，才能入库或批复绩效目标。`);
  });

  it('projects the profile does not require to be assessed pass the gate; a completed rejection still blocks', async () => {
    const o = await office();
    h = o.hh;
    const plain = await h.call('projects.create', fields(o), o.biz);
    expect(plain).toMatchObject({ exAnteRequired: false, gateProblem: null });
    expect((await h.call('projects.setStatus', { id: plain.id, status: 'inLibrary' }, o.perf)).status).toBe('inLibrary');
    const rejected = await h.call('projects.create', fields(o, { code: 'R-1' }), o.biz);
    assess(h, rejected.id, 'completed', 'reject');
    expect(errorOf(await h.raw('projects.setStatus', { id: rejected.id, status: 'inLibrary' }, o.perf)).message).toMatch(/^事前绩效评估结论为“不予支持”/);
  });

  it('budgeted needs the library and an approved goal; mid-year additions are told so; cancel and restore', async () => {
    const o = await office();
    h = o.hh;
    const p = await h.call('projects.create', fields(o), o.biz);
    expect(errorOf(await h.raw('projects.setStatus', { id: p.id, status: 'budgeted' }, o.perf))).toEqual({
      code: 'VALIDATION', message: '只有已入库的项目才能安排预算；项目“测试项目”当前为“已登记”，不能改为“已安排预算”。', details: [{ field: 'status', message: '状态变更不允许' }],
    });
    await h.call('projects.setStatus', { id: p.id, status: 'inLibrary' }, o.perf);
    expect(errorOf(await h.raw('projects.setStatus', { id: p.id, status: 'budgeted' }, o.perf)).message).toBe('项目须先设定并批复绩效目标才能安排预算，项目“测试项目”还没有绩效目标表。');
    goalSheet(h, p, 'submitted');
    expect(errorOf(await h.raw('projects.setStatus', { id: p.id, status: 'budgeted' }, o.perf)).message).toBe('项目须先批复绩效目标才能安排预算，项目“测试项目”的绩效目标当前为“已送审”。');
    h.backend.database.prepare("UPDATE goal_sheets SET status = 'approved' WHERE project_id = ?").run(p.id);
    expect((await h.call('projects.setStatus', { id: p.id, status: 'budgeted' }, o.perf)).status).toBe('budgeted');
    expect(errorOf(await h.raw('projects.setStatus', { id: p.id, status: 'cancelled' }, o.perf)).message).toBe('项目“测试项目”当前为“已安排预算”，不能改为“已取消”。');

    const mid = await h.call('projects.create', fields(o, { code: 'MID-1', name: '年中追加项目', midYearAddition: true }), o.biz);
    await h.call('projects.setStatus', { id: mid.id, status: 'inLibrary' }, o.perf);
    expect(errorOf(await h.raw('projects.setStatus', { id: mid.id, status: 'budgeted' }, o.perf)).message).toBe('年中追加项目须先设定并批复绩效目标才能安排预算，项目“年中追加项目”还没有绩效目标表。');

    // Cancel from 已入库, restore to 已登记; the same status again is a no-op.
    expect((await h.call('projects.setStatus', { id: mid.id, status: 'cancelled', comment: '不再实施' }, o.perf)).status).toBe('cancelled');
    expect(errorOf(await h.raw('projects.setStatus', { id: mid.id, status: 'inLibrary' }, o.perf)).code).toBe('VALIDATION');
    expect((await h.call('projects.setStatus', { id: mid.id, status: 'registered' }, o.perf)).status).toBe('registered');
    expect((await h.call('projects.setStatus', { id: mid.id, status: 'registered' }, o.perf)).rev).toBe(4);

    // Only the performance section moves projects through the lifecycle.
    expect(errorOf(await h.raw('projects.setStatus', { id: mid.id, status: 'cancelled' }, o.biz)).code).toBe('FORBIDDEN');
  });
});
