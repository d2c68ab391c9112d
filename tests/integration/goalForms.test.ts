import fs from 'node:fs';
import * as XLSX from 'xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorDetail } from '../../shared/api/result.ts';
import type { ImportPreview } from '../../shared/api/dto.ts';
import type { GoalImportRow } from '../../shared/api/methods/goals.ts';
import type { AppEvent } from '../../shared/api/events.ts';
import { insertProject, setProjectTags, type ProjectRow } from '../../electron/backend/repositories/projects.ts';
import { insertGoalEvent, insertSheet } from '../../electron/backend/repositories/goals.ts';
import { insertProfile, insertVersion, findVersion } from '../../electron/backend/repositories/profiles.ts';
import { DEFAULT_PROFILE_ID } from '../../electron/backend/services/profiles.ts';
import { uuidv7 } from '../../electron/backend/util/ids.ts';
import { USER_PASSWORD, addUser, auditRows, countRows, errorOf, openHarness, type Harness } from '../helpers/backend.ts';
import { fixtureFile } from '../helpers/fixtures.ts';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const YEAR = 2026;
const AT = '2026-03-01T08:00:00.000Z';

interface Seed {
  /** The administrator's session (the harness continues as the performance user). */
  admin: string;
  dept: string;
  school: string;
  projects: Record<string, ProjectRow>;
}

/** A project row with defaults; amounts in 分. */
function projectRow(code: string, name: string, unitId: string, over: Partial<Omit<ProjectRow, 'rev' | 'status_before_refusal'>> = {}): Omit<ProjectRow, 'rev'> {
  return {
    id: uuidv7(), origin: '652325', year: YEAR, code, name, unit_id: unitId, object_type: 'project', attribute: 'new', category: '',
    project_type: 'general', budget_type: 'general', start_month: null, end_month: null, initial_fiscal_fen: 0, initial_carryover_fen: 0,
    initial_other_fen: 0, annual_fiscal_fen: 0, annual_carryover_fen: 0, annual_other_fen: 0, mid_term_total_fen: null, mid_year_addition: 0,
    new_major: 0, confidential: 0, status: 'registered', status_before_refusal: null, manager: '', phone: '', basis: '', created_at: AT, updated_at: AT, ...over,
  };
}

/**
 * 县教育局 (101, 主管部门) → 县第一中学 (101001), and the projects the fixtures name:
 * XM001–XM003 plain, XM004 (its sheet is set per test), XM005 cancelled.
 */
async function seed(hh: Harness): Promise<Seed> {
  const dept = await hh.call('units.create', { code: '101', name: '县教育局', kind: 'administrative', confidential: false, parentId: null });
  const school = await hh.call('units.create', { code: '101001', name: '县第一中学', kind: 'institution', confidential: false, parentId: dept.id });
  const db = hh.backend.database;
  const rows = [
    projectRow('XM001', '县城区道路维修改造', dept.id, {
      start_month: '2026-01', end_month: '2026-12', annual_fiscal_fen: 85_000_000, annual_carryover_fen: 3_456_789, annual_other_fen: 1_000_000,
      manager: '张伟', phone: '0994-7212345',
    }),
    projectRow('XM002', '学生营养改善计划', school.id, {
      attribute: 'continuing', start_month: '2026-01', end_month: '2028-12', mid_term_total_fen: 300_000_000, annual_fiscal_fen: 96_000_000,
    }),
    projectRow('XM003', '中小学教师培训', dept.id, { annual_fiscal_fen: 12_345_678 }),
    projectRow('XM004', '农村饮水安全巩固提升', school.id, { annual_fiscal_fen: 50_000_000 }),
    projectRow('XM005', '已取消的项目', dept.id, { status: 'cancelled' }),
  ];
  const projects: Record<string, ProjectRow> = {};
  for (const r of rows) {
    insertProject(db, r);
    setProjectTags(db, r.id, []);
    projects[r.code] = { ...r, rev: 1 };
  }
  // Goals are entered by the finance bureau's sections (ENTRY roles), not by the administrator.
  const admin = hh.session;
  await addUser(hh, 'jixiao', 'performance');
  hh.session = await hh.login('jixiao', USER_PASSWORD);
  return { admin, dept: dept.id, school: school.id, projects };
}

const preview = (hh: Harness, file: string) => hh.call('goals.importPreview', { file: fixtureFile('goals', file), year: YEAR });
const commit = (hh: Harness, file: string) => hh.call('goals.importCommit', { file: fixtureFile('goals', file), year: YEAR });

interface SheetState {
  status: string;
  annual_goal: string;
  mid_term_goal: string;
  indicators: { level1: string; level2: string; name: string; value_type: string; operator: string; target_value: number | null; target_text: string; unit: string; mid_term_text: string; is_core: number }[];
}

/** Each project's sheet as stored, by project code. */
function sheetsByCode(hh: Harness): Record<string, SheetState> {
  const db = hh.backend.database;
  const sheets = db.prepare(
    `SELECT p.code, g.id, g.status, g.annual_goal, g.mid_term_goal FROM goal_sheets g JOIN projects p ON p.id = g.project_id ORDER BY p.code`,
  ).all() as { code: string; id: string; status: string; annual_goal: string; mid_term_goal: string }[];
  const ind = db.prepare(
    'SELECT level1, level2, name, value_type, operator, target_value, target_text, unit, mid_term_text, is_core FROM goal_indicators WHERE sheet_id = ? ORDER BY seq',
  );
  return Object.fromEntries(sheets.map((s) => [s.code, { status: s.status, annual_goal: s.annual_goal, mid_term_goal: s.mid_term_goal, indicators: ind.all(s.id) as SheetState['indicators'] }]));
}

const importBackups = (hh: Harness) => (fs.existsSync(hh.backend.backupDir) ? fs.readdirSync(hh.backend.backupDir).filter((n) => n.endsWith('-import.sqlite')) : []);
const successfulImports = (hh: Harness) => auditRows(hh).filter((a) => a.method === 'goals.importCommit' && a.result === '成功');

/** The workbook as Excel users get it, read back with SheetJS (styles and formats kept). */
function reopen(base64: string): XLSX.WorkBook {
  return XLSX.read(Buffer.from(base64, 'base64'), { type: 'buffer', cellStyles: true, cellNF: true });
}
const v = (ws: XLSX.WorkSheet, addr: string) => (ws[addr] as XLSX.CellObject | undefined)?.v;
const merges = (ws: XLSX.WorkSheet) => (ws['!merges'] ?? []).map((m) => XLSX.utils.encode_range(m)).sort();

// ---------------------------------------------------------------- import

const GOOD_STATE: Record<string, SheetState> = {
  XM001: {
    status: 'draft', annual_goal: '完成城区 12 条道路维修改造，改善群众出行条件。', mid_term_goal: '',
    indicators: [
      { level1: 'output', level2: 'quantity', name: '维修改造道路条数', value_type: 'quantitative', operator: '>=', target_value: 12, target_text: '≥12条', unit: '条', mid_term_text: '', is_core: 1 },
      { level1: 'output', level2: 'quality', name: '工程验收合格率', value_type: 'quantitative', operator: '>=', target_value: 100, target_text: '≥100%', unit: '%', mid_term_text: '', is_core: 0 },
      { level1: 'output', level2: 'timeliness', name: '单条道路平均工期', value_type: 'quantitative', operator: '<=', target_value: 30, target_text: '≤30天', unit: '天', mid_term_text: '', is_core: 0 },
      { level1: 'output', level2: 'costOutput', name: '道路维修总成本', value_type: 'quantitative', operator: '<=', target_value: 90, target_text: '≤90万元', unit: '万元', mid_term_text: '', is_core: 0 },
      { level1: 'benefit', level2: 'socialBenefit', name: '群众出行条件改善', value_type: 'qualitative', operator: 'qualitative', target_value: null, target_text: '效果明显', unit: '', mid_term_text: '', is_core: 0 },
      { level1: 'benefit', level2: 'sustainability', name: '施工安全事故数', value_type: 'quantitative', operator: '=', target_value: 0, target_text: '=0起', unit: '起', mid_term_text: '', is_core: 0 },
      { level1: 'satisfaction', level2: 'serviceSatisfaction', name: '沿线群众满意度', value_type: 'quantitative', operator: '>=', target_value: 95, target_text: '≥95%', unit: '%', mid_term_text: '', is_core: 1 },
    ],
  },
  XM002: {
    status: 'draft', annual_goal: '为全县 3,200 名义务教育阶段学生提供营养午餐。', mid_term_goal: '三年内实现全县义务教育学校营养午餐全覆盖。',
    indicators: [
      { level1: 'output', level2: 'quantity', name: '受益学生人数', value_type: 'quantitative', operator: '>=', target_value: 3200, target_text: '≥3200人', unit: '人', mid_term_text: '≥9600人', is_core: 0 },
      { level1: 'output', level2: 'costOutput', name: '每生每天补助标准', value_type: 'quantitative', operator: '=', target_value: 5, target_text: '=5元', unit: '元', mid_term_text: '', is_core: 0 },
      { level1: 'cost', level2: 'economicCost', name: '食材采购单价', value_type: 'quantitative', operator: '<=', target_value: 12.5, target_text: '≤12.5元', unit: '元', mid_term_text: '', is_core: 0 },
      { level1: 'benefit', level2: 'socialBenefit', name: '学生营养状况', value_type: 'qualitative', operator: 'qualitative', target_value: null, target_text: '达到预期', unit: '', mid_term_text: '', is_core: 0 },
      { level1: 'satisfaction', level2: 'serviceSatisfaction', name: '家长满意度', value_type: 'quantitative', operator: '>=', target_value: 95, target_text: '≥95%', unit: '%', mid_term_text: '≥95%', is_core: 0 },
    ],
  },
  XM003: {
    status: 'draft', annual_goal: '完成全县中小学教师轮训 500 人次。', mid_term_goal: '',
    indicators: [
      { level1: 'output', level2: 'quantity', name: '培训教师人次', value_type: 'quantitative', operator: '>=', target_value: 500, target_text: '≥500人次', unit: '人次', mid_term_text: '', is_core: 0 },
    ],
  },
};

describe('goal import: the good files', () => {
  it('previews good.xlsx: one row per indicator, actions and counts per project sheet, nothing written', async () => {
    h = await openHarness();
    await seed(h);
    const p = await preview(h, 'good.xlsx');
    expect(p.errors).toEqual([]);
    expect(p.sheet).toBe('绩效目标');
    expect(p.summary).toEqual({ add: 3, update: 0, unchanged: 0 });
    expect(p.rows.map((r) => [r.row, r.action, r.value.projectCode, r.value.target])).toEqual([
      [2, 'add', 'XM001', '≥12条'], [3, 'add', 'XM001', '≥100%'], [4, 'add', 'XM001', '≤30天'], [5, 'add', 'XM001', '≤90万元'],
      [6, 'add', 'XM001', '效果明显'], [7, 'add', 'XM001', '=0起'], [8, 'add', 'XM001', '≥95%'],
      [10, 'add', 'XM002', '≥3200人'], [11, 'add', 'XM002', '=5元'], [12, 'add', 'XM002', '≤12.5元'], [13, 'add', 'XM002', '达到预期'],
      [14, 'add', 'XM002', '≥95%'], [16, 'add', 'XM003', '≥500人次'],
    ]);
    expect(p.rows[0]?.value).toEqual({ projectCode: 'XM001', projectName: '县城区道路维修改造', level1: '产出指标', level2: '数量指标', name: '维修改造道路条数', target: '≥12条' });
    expect(countRows(h, 'goal_sheets')).toBe(0);
  });

  it('commits good.xlsx: draft sheets created with goal texts and parsed targets (元, full-width, words, % cells); re-import is unchanged', async () => {
    h = await openHarness();
    await seed(h);
    const events: AppEvent[] = [];
    h.backend.on((e) => events.push(e));
    expect(await commit(h, 'good.xlsx')).toEqual({ add: 3, update: 0, unchanged: 0 });
    expect(sheetsByCode(h)).toEqual(GOOD_STATE);
    expect(importBackups(h)).toHaveLength(1);
    const audits = successfulImports(h);
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0]?.changes ?? '')).toEqual({ file: 'good.xlsx', year: 2026, add: 3, update: 0, unchanged: 0, indicators: 13 });
    expect(events.filter((e) => e.type === 'progress' && e.task === 'goals.import').at(-1)).toMatchObject({ done: 3, total: 3 });
    expect(events.some((e) => e.type === 'data.changed' && e.tables.includes('goal_indicators'))).toBe(true);
    // Each written sheet records the import in its history.
    const history = h.backend.database.prepare("SELECT action, from_status, to_status, comment FROM goal_events WHERE action = 'import'").all();
    expect(history).toHaveLength(3);
    expect(history[0]).toEqual({ action: 'import', from_status: 'draft', to_status: 'draft', comment: '从文件“good.xlsx”导入（新建目标表）' });

    // Again: every project unchanged, nothing written, no second backup.
    const again = await preview(h, 'good.xlsx');
    expect(again.summary).toEqual({ add: 0, update: 0, unchanged: 3 });
    expect(new Set(again.rows.map((r) => r.action))).toEqual(new Set(['unchanged']));
    const revs = h.backend.database.prepare('SELECT id, rev FROM goal_sheets ORDER BY id').all();
    expect(await commit(h, 'good.xlsx')).toEqual({ add: 0, update: 0, unchanged: 3 });
    expect(h.backend.database.prepare('SELECT id, rev FROM goal_sheets ORDER BY id').all()).toEqual(revs);
    expect(importBackups(h)).toHaveLength(1);
    expect(successfulImports(h)).toHaveLength(1);
  });

  it('good-changed.xlsx after good.xlsx: the changed project is updated (indicators replaced), goal text once vs repeated is the same content', async () => {
    h = await openHarness();
    await seed(h);
    await commit(h, 'good.xlsx');
    const before = sheetsByCode(h);
    expect((await preview(h, 'good-changed.xlsx')).summary).toEqual({ add: 0, update: 1, unchanged: 2 });
    expect(await commit(h, 'good-changed.xlsx')).toEqual({ add: 0, update: 1, unchanged: 2 });
    const after = sheetsByCode(h);
    expect(after.XM002).toEqual(before.XM002);
    expect(after.XM003).toEqual(before.XM003);
    expect(after.XM001?.indicators[0]).toMatchObject({ name: '维修改造道路条数', target_value: 15, target_text: '≥15条' });
    expect(after.XM001?.indicators.slice(1)).toEqual(before.XM001?.indicators.slice(1));
    expect(countRows(h, 'goal_indicators')).toBe(13);
    const revs = h.backend.database.prepare('SELECT p.code, g.rev FROM goal_sheets g JOIN projects p ON p.id = g.project_id ORDER BY p.code').all();
    expect(revs).toEqual([{ code: 'XM001', rev: 2 }, { code: 'XM002', rev: 1 }, { code: 'XM003', rev: 1 }]);
  });

  it('keeps the value basis, data source and library link of an indicator that stays (by name), as the template has no columns for them', async () => {
    h = await openHarness();
    await seed(h);
    await commit(h, 'good.xlsx');
    h.backend.database.prepare("UPDATE goal_indicators SET value_basis = 'industry', data_source = '验收报告' WHERE name = '工程验收合格率'").run();
    await commit(h, 'good-changed.xlsx');
    expect(h.backend.database.prepare("SELECT value_basis, data_source FROM goal_indicators WHERE name = '工程验收合格率'").get()).toEqual({ value_basis: 'industry', data_source: '验收报告' });
  });

  it('reads another layout: other sheet name, title rows, header aliases, an extra column', async () => {
    h = await openHarness();
    await seed(h);
    const p = await preview(h, 'good-aliases.xlsx');
    expect(p.errors).toEqual([]);
    expect(p.sheet).toBe('目标');
    expect(p.rows.map((r) => [r.row, r.value.name, r.value.target])).toEqual([[4, '培训教师人次', '≥500人次'], [5, '培训合格率', '≥90%']]);
    await commit(h, 'good-aliases.xlsx');
    expect(sheetsByCode(h).XM003).toMatchObject({ annual_goal: '完成全县中小学教师轮训 500 人次。', indicators: [{ is_core: 1 }, { is_core: 0 }] });
  });

  it('an approved sheet with identical content is unchanged, not an error', async () => {
    h = await openHarness();
    await seed(h);
    await commit(h, 'good.xlsx');
    h.backend.database.prepare("UPDATE goal_sheets SET status = 'approved', locked = 1").run();
    expect(await commit(h, 'good.xlsx')).toEqual({ add: 0, update: 0, unchanged: 3 });
  });

  it('a returned sheet may be replaced and keeps its status', async () => {
    h = await openHarness();
    await seed(h);
    await commit(h, 'good.xlsx');
    h.backend.database.prepare("UPDATE goal_sheets SET status = 'returned'").run();
    expect(await commit(h, 'good-changed.xlsx')).toEqual({ add: 0, update: 1, unchanged: 2 });
    expect(sheetsByCode(h).XM001?.status).toBe('returned');
  });
});

// ---------------------------------------------------------------- every error kind

const S = '绩效目标';
const e = (row: number, column: string, field: string, message: string): ErrorDetail => ({ sheet: S, row, column, field, message });

/** Fixture → the exact errors of its preview. XM004's sheet is approved before each import. */
const ROW_ERRORS: [string, ErrorDetail[]][] = [
  ['bad-missing-code.xlsx', [e(3, 'A', '项目编码', '缺少项目编码')]],
  ['bad-unknown-code.xlsx', [e(2, 'A', '项目编码', '项目编码“XM999”在 2026 年度本单位的项目中不存在（共 2 行）')]],
  ['bad-not-editable.xlsx', [e(2, 'A', '项目编码', '项目“XM004”的绩效目标表状态为“已批复”，只有草稿或已退回的目标表可以导入修改')]],
  ['bad-cancelled.xlsx', [e(2, 'A', '项目编码', '项目“XM005”已取消，不能导入绩效目标')]],
  ['bad-empty-project.xlsx', [e(2, 'A', '项目编码', '项目“XM001”只填写了项目编码，没有总体目标也没有指标；如不修改该项目，请删除这些行')]],
  ['bad-level1.xlsx', [e(2, 'E', '一级指标', '一级指标“投入指标”无法识别，应为 产出指标、成本指标、效益指标、满意度指标 之一')]],
  ['bad-level2.xlsx', [e(2, 'F', '二级指标', '二级指标“效率指标”无法识别，应为 数量指标、质量指标、时效指标、成本指标、经济成本指标、社会成本指标、生态环境成本指标、经济效益指标、社会效益指标、生态效益指标、可持续影响指标、服务对象满意度指标 之一')]],
  ['bad-level-mismatch.xlsx', [
    e(2, 'F', '二级指标', '二级指标“数量指标”不属于一级指标“效益指标”（模板 A、模板 B 均无此组合）'),
    e(3, 'F', '二级指标', '二级指标“成本指标”不属于一级指标“成本指标”（模板 A、模板 B 均无此组合）'),
  ]],
  ['bad-empty-name.xlsx', [e(2, 'G', '三级指标', '缺少三级指标名称')]],
  ['bad-target.xlsx', [
    e(2, 'I', '指标值', '不支持区间值“90%-95%”，请改为单一比较值，如“≥90%”或“≤95%”'),
    e(3, 'I', '指标值', '“约95%”是约数，请改为“≥95%”“≤95%”或“=95%”'),
    e(4, 'I', '指标值', '“≥”后缺少数值'),
    e(5, 'I', '指标值', '无法识别比较符“≈”'),
    e(6, 'I', '指标值', '无法识别单位“项改革完成”：定量指标值应写成“比较符+数值+单位”，如“≥95%”'),
    e(7, 'I', '指标值', '缺少指标值'),
  ]],
  ['bad-duplicate-name.xlsx', [e(3, 'G', '三级指标', '三级指标“维修改造道路条数”与第 2 行重复（同一项目内三级指标不能重名）')]],
  ['bad-conflicting-goal.xlsx', [e(3, 'C', '年度总体目标', '年度总体目标与第 2 行不一致（同一项目只能有一个年度总体目标）')]],
  ['bad-value-type.xlsx', [e(2, 'H', '指标值类型', '指标值类型“数值”应为 定量 或 定性')]],
  ['bad-unit-mismatch.xlsx', [e(2, 'J', '计量单位', '计量单位“个”与指标值“≥95%”中的单位“%”不一致')]],
  ['bad-yes-no.xlsx', [e(2, 'N', '是否核心指标', '“可能”应填写 是 或 否')]],
  ['bad-header-only.xlsx', [{ sheet: S, row: 2, message: '表头下方没有任何绩效目标数据' }]],
];

/** Files refused outright (IMPORT_INVALID from the preview itself). */
const FILE_ERRORS: [string, string, ErrorDetail[]][] = [
  ['bad-missing-column.xlsx', '文件“bad-missing-column.xlsx”缺少必填列。', [{ sheet: S, row: 1, message: '缺少必填列“指标值”' }]],
  ['bad-not-excel.xlsx', '无法读取文件“bad-not-excel.xlsx”：不是有效的 Excel 文件。', [{ message: '文件格式无效，请使用 .xlsx 模板' }]],
];

/** XM004 gets an approved sheet with other content, so bad-not-editable.xlsx differs from it. */
function approvedXm004(hh: Harness, s: Seed, locked: 0 | 1 = 0): void {
  const p = s.projects.XM004;
  if (!p) throw new Error('XM004 missing');
  insertSheet(hh.backend.database, {
    id: uuidv7(), origin: '652325', year: YEAR, owner_type: 'project', project_id: p.id, unit_id: p.unit_id, status: locked ? 'approved' : 'approved',
    annual_goal: '旧目标', mid_term_goal: '', unit_duties: '', locked, created_at: AT, updated_at: AT,
  });
}

describe('goal import: every error kind, nothing written', () => {
  it.each(ROW_ERRORS)('%s', async (file, expected) => {
    h = await openHarness();
    const s = await seed(h);
    approvedXm004(h, s);
    const sheetsBefore = countRows(h, 'goal_sheets');
    const p: ImportPreview<GoalImportRow> = await preview(h, file);
    expect(p.errors).toEqual(expected);
    const err = errorOf(await h.raw('goals.importCommit', { file: fixtureFile('goals', file), year: YEAR }));
    expect(err).toEqual({ code: 'IMPORT_INVALID', message: `文件“${file}”有 ${expected.length} 处错误，未导入任何数据。`, details: expected });
    expect(countRows(h, 'goal_sheets')).toBe(sheetsBefore);
    expect(countRows(h, 'goal_indicators')).toBe(0);
    expect(importBackups(h)).toEqual([]);
    expect(successfulImports(h)).toEqual([]);
    expect(auditRows(h).filter((a) => a.method === 'goals.importCommit').map((a) => a.result)).toEqual([`失败：文件“${file}”有 ${expected.length} 处错误，未导入任何数据。`]);
  });

  it.each(FILE_ERRORS)('%s is refused outright', async (file, message, details) => {
    h = await openHarness();
    await seed(h);
    expect(errorOf(await h.raw('goals.importPreview', { file: fixtureFile('goals', file), year: YEAR }))).toEqual({ code: 'IMPORT_INVALID', message, details });
    expect(errorOf(await h.raw('goals.importCommit', { file: fixtureFile('goals', file), year: YEAR })).code).toBe('IMPORT_INVALID');
    expect(countRows(h, 'goal_sheets')).toBe(0);
  });

  it('a locked sheet names the lock and its status', async () => {
    h = await openHarness();
    const s = await seed(h);
    approvedXm004(h, s, 1);
    expect((await preview(h, 'bad-not-editable.xlsx')).errors).toEqual([
      e(2, 'A', '项目编码', '项目“XM004”的绩效目标表已锁定（状态“已批复”），只有草稿或已退回的目标表可以导入修改'),
    ]);
  });

  it('a sheet submitted for review may not be replaced either', async () => {
    h = await openHarness();
    await seed(h);
    await commit(h, 'good.xlsx');
    h.backend.database.prepare("UPDATE goal_sheets SET status = 'submitted'").run();
    expect((await preview(h, 'good-changed.xlsx')).errors).toEqual([
      e(2, 'A', '项目编码', '项目“XM001”的绩效目标表状态为“已送审”，只有草稿或已退回的目标表可以导入修改'),
    ]);
  });

  it('codes are this office\'s projects of that year only', async () => {
    h = await openHarness();
    const s0 = await seed(h);
    await h.call('years.add', { year: 2027 }, s0.admin);
    const p = await h.call('goals.importPreview', { file: fixtureFile('goals', 'good.xlsx'), year: 2027 });
    expect(p.errors.map((x) => x.message)).toEqual([
      '项目编码“XM001”在 2027 年度本单位的项目中不存在（共 7 行）',
      '项目编码“XM002”在 2027 年度本单位的项目中不存在（共 5 行）',
      '项目编码“XM003”在 2027 年度本单位的项目中不存在（共 2 行）',
    ]);
    const missingYear = errorOf(await h.raw('goals.importPreview', { file: fixtureFile('goals', 'good.xlsx'), year: 2030 }));
    expect(missingYear).toMatchObject({ code: 'VALIDATION', message: '年度 2030 尚未建立，请先在系统设置中新增该年度。' });
  });

  it('a viewer may not import', async () => {
    h = await openHarness();
    const s0 = await seed(h);
    await h.call('users.create', { username: 'chayue', displayName: '查阅用户', role: 'viewer', password: USER_PASSWORD }, s0.admin);
    const s = await h.login('chayue', USER_PASSWORD);
    expect(errorOf(await h.raw('goals.importCommit', { file: fixtureFile('goals', 'good.xlsx'), year: YEAR }, s)).code).toBe('FORBIDDEN');
  });
});

// ---------------------------------------------------------------- template

describe('goals.template', () => {
  it('has the import columns, example rows that parse, and the 填写说明 with both templates', async () => {
    h = await openHarness();
    const f = await h.call('goals.template', { year: YEAR });
    expect(f.name).toBe('绩效目标导入模板-2026.xlsx');
    const wb = reopen(f.base64);
    expect(wb.SheetNames).toEqual(['绩效目标', '填写说明']);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['绩效目标'] as XLSX.WorkSheet, { header: 1, defval: null });
    expect(rows[0]).toEqual(['项目编码*', '项目名称', '年度总体目标', '中期目标', '一级指标*', '二级指标*', '三级指标*', '指标值类型', '指标值*', '计量单位', '中期指标值', '指标解释', '评（扣）分标准', '是否核心指标']);
    expect(rows.slice(1).map((r) => r[8])).toEqual(['≥12', '100%', '≤30天', '≤2.6万元/公里', '效果明显', '＝0起', '≥95%']);
    const notes = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['填写说明'] as XLSX.WorkSheet, { header: 1, defval: null });
    const byTopic = new Map(notes.map((r) => [r[0], r[1]]));
    expect(byTopic.get('模板 A（88号/10号）')).toBe('产出指标：数量指标、质量指标、时效指标、成本指标；效益指标：经济效益指标、社会效益指标、生态效益指标、可持续影响指标；满意度指标：服务对象满意度指标');
    expect(byTopic.get('模板 B（101号）')).toBe('产出指标：数量指标、质量指标、时效指标；成本指标：经济成本指标、社会成本指标、生态环境成本指标；效益指标：经济效益指标、社会效益指标、生态效益指标、可持续影响指标；满意度指标：服务对象满意度指标');
    expect(String(byTopic.get('指标值*'))).toContain('≥95%、≤30天、=0起');
    expect(String(byTopic.get('适用年度'))).toMatch(/^2026 年度。本年度规则方案“.+”使用模板 A；/);
  });

  it('its example rows import once the example code is a project', async () => {
    h = await openHarness();
    const s = await seed(h);
    insertProject(h.backend.database, projectRow('XM2026001', '城区道路维修改造', s.dept));
    const f = await h.call('goals.template', { year: YEAR });
    const file = { name: f.name, base64: f.base64 };
    const p = await h.call('goals.importPreview', { file, year: YEAR });
    expect(p.errors).toEqual([]);
    expect(p.rows.map((r) => r.value.target)).toEqual(['≥12条', '≥100%', '≤30天', '≤2.6万元/公里', '效果明显', '=0起', '≥95%']);
  });
});

// ---------------------------------------------------------------- official forms

/** Review history for XM001: 主管部门 approval, a scored review, the approval. */
function reviewHistory(hh: Harness, sheetId: string) {
  const db = hh.backend.database;
  const ev = (at: string, action: string, from: string, to: string, comment: string, username: string) =>
    insertGoalEvent(db, { id: uuidv7(), sheet_id: sheetId, at, user_id: null, username, action, from_status: from as 'draft', to_status: to as 'draft', comment });
  ev('2026-03-02T01:00:00.000Z', 'submit', 'draft', 'submitted', '', 'danwei');
  ev('2026-03-03T01:00:00.000Z', 'deptApprove', 'submitted', 'deptApproved', '同意报送', 'jiaoyuju');
  const version = findVersion(db, DEFAULT_PROFILE_ID, 1)?.version ?? 1;
  db.prepare(
    `INSERT INTO goal_reviews (id, origin, sheet_id, reviewer, reviewed_at, scores, total, grade, action, opinion, profile_id, profile_version, created_at)
     VALUES (?, '652325', ?, 'yewugu', '2026-03-04T01:00:00.000Z', '{}', 92.5, 'excellent', 'proceed', '目标明确，指标量化。', ?, ?, '2026-03-04T01:00:00.000Z')`,
  ).run(uuidv7(), sheetId, DEFAULT_PROFILE_ID, version);
  ev('2026-03-04T01:00:00.000Z', 'review', 'deptApproved', 'reviewed', '', 'yewugu');
  ev('2026-03-05T01:00:00.000Z', 'approve', 'reviewed', 'approved', '', 'jixiaogu');
  db.prepare("UPDATE goal_sheets SET status = 'approved', locked = 1 WHERE id = ?").run(sheetId);
}

const sheetIdOf = (hh: Harness, code: string) =>
  (hh.backend.database.prepare('SELECT g.id FROM goal_sheets g JOIN projects p ON p.id = g.project_id WHERE p.code = ?').get(code) as { id: string }).id;

describe('goals.exportForm: 项目支出绩效目标申报表', () => {
  it('lays out the form: title, header block, money in 万元, goals, indicator table with vertical merges, review block, print area', async () => {
    h = await openHarness();
    await seed(h);
    await commit(h, 'good.xlsx');
    const sheetId = sheetIdOf(h, 'XM001');
    reviewHistory(h, sheetId);
    const f = await h.call('goals.exportForm', { sheetId });
    expect(f.name).toBe('绩效目标申报表-XM001.xlsx');
    expect(f.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = reopen(f.base64);
    expect(wb.SheetNames).toEqual(['XM001']);
    const ws = wb.Sheets.XM001 as XLSX.WorkSheet;

    expect(v(ws, 'A1')).toBe('项目支出绩效目标申报表');
    expect(v(ws, 'A2')).toBe('（ 2026 年度）');
    // Header block: label | value (B–C) | label | value (E–F).
    expect([v(ws, 'A3'), v(ws, 'B3'), v(ws, 'D3'), v(ws, 'E3')]).toEqual(['项目名称', '县城区道路维修改造', '项目编码', 'XM001']);
    expect([v(ws, 'A4'), v(ws, 'B4'), v(ws, 'D4'), v(ws, 'E4')]).toEqual(['主管部门及代码', '县教育局（101）', '实施单位', '县教育局']);
    expect([v(ws, 'A5'), v(ws, 'B5'), v(ws, 'D5'), v(ws, 'E5')]).toEqual(['项目属性', '新增', '项目期', '2026年1月—2026年12月']);
    expect([v(ws, 'A6'), v(ws, 'B6'), v(ws, 'D6'), v(ws, 'E6')]).toEqual(['项目负责人', '张伟', '联系电话', '0994-7212345']);
    // 项目资金（万元）: 年度 from the annual splits (财政拨款 = fiscal, 其他资金 = carryover + other), half-up.
    expect(v(ws, 'A7')).toBe('项目资金（万元）');
    expect([v(ws, 'B7'), v(ws, 'C7'), v(ws, 'D7'), v(ws, 'E7')]).toEqual(['中期资金总额', '', '年度资金总额', 89.46]);
    expect([v(ws, 'B8'), v(ws, 'D8'), v(ws, 'E8')]).toEqual(['其中：财政拨款', '其中：财政拨款', 85]);
    expect([v(ws, 'B9'), v(ws, 'D9'), v(ws, 'E9')]).toEqual(['其他资金', '其他资金', 4.46]);
    expect((ws.E7 as XLSX.CellObject).t).toBe('n');
    expect((ws.E7 as XLSX.CellObject).z).toBe('#,##0.00');
    // 总体目标.
    expect([v(ws, 'A10'), v(ws, 'B10'), v(ws, 'D10')]).toEqual(['总体目标', '中期目标', '年度目标']);
    expect([v(ws, 'B11'), v(ws, 'D11')]).toEqual(['', '完成城区 12 条道路维修改造，改善群众出行条件。']);
    // 绩效指标.
    expect(['A12', 'B12', 'C12', 'D12', 'E12', 'F12'].map((a) => v(ws, a))).toEqual(['绩效指标', '一级指标', '二级指标', '三级指标', '指标值（中期）', '指标值（年度）']);
    const table = [13, 14, 15, 16, 17, 18, 19].map((r) => ['B', 'C', 'D', 'F'].map((c) => v(ws, `${c}${r}`)));
    expect(table).toEqual([
      ['产出指标', '数量指标', '维修改造道路条数', '≥12条'],
      ['', '质量指标', '工程验收合格率', '≥100%'],
      ['', '时效指标', '单条道路平均工期', '≤30天'],
      ['', '成本指标', '道路维修总成本', '≤90万元'],
      ['效益指标', '社会效益指标', '群众出行条件改善', '效果明显'],
      ['', '可持续影响指标', '施工安全事故数', '＝0起'],
      ['满意度指标', '服务对象满意度指标', '沿线群众满意度', '≥95%'],
    ]);
    // 审核意见 from the history.
    expect([v(ws, 'A20'), v(ws, 'B20'), v(ws, 'C20')]).toEqual(['审核意见', '主管部门审核', '审核通过：同意报送（jiaoyuju，2026-03-03）']);
    expect([v(ws, 'B21'), v(ws, 'C21')]).toEqual(['财政审核', '审核得分 92.50 分，等级“优”，处理意见：直接安排。目标明确，指标量化。（yewugu，2026-03-04）']);
    expect([v(ws, 'B22'), v(ws, 'C22')]).toEqual(['批复与公开', '已批复（jixiaogu，2026-03-05）']);
    expect(v(ws, 'A23')).toBe('当前状态：已批复（已锁定）　　导出日期：2026-03-01');

    expect(merges(ws)).toEqual([
      'A1:F1', 'A2:F2',
      'B3:C3', 'E3:F3', 'B4:C4', 'E4:F4', 'B5:C5', 'E5:F5', 'B6:C6', 'E6:F6',
      'A7:A9', 'E7:F7', 'E8:F8', 'E9:F9',
      'A10:A11', 'B10:C10', 'D10:F10', 'B11:C11', 'D11:F11',
      'A12:A19', 'B13:B16', 'B17:B18',
      'A20:A22', 'C20:F20', 'C21:F21', 'C22:F22', 'A23:F23',
    ].sort());
    expect(ws['!ref']).toBe('A1:F23');
    expect((ws['!cols'] ?? []).map((c) => c.wch)).toEqual([14, 14, 18, 30, 18, 18]);
    expect(ws['!rows']?.[0]?.hpt).toBe(32);
    expect(ws['!rows']?.[10]?.hpt).toBeGreaterThanOrEqual(60);
    expect(ws['!margins']).toMatchObject({ left: 0.4, right: 0.4, top: 0.6, bottom: 0.6 });
    expect(wb.Workbook?.Names).toEqual([{ Name: '_xlnm.Print_Area', Sheet: 0, Ref: "'XM001'!$A$1:$F$23" }]);
  });

  it('a multi-year project shows 中期资金总额, 中期目标 and 中期指标值; repeated 二级 cells merge inside one 一级', async () => {
    h = await openHarness();
    await seed(h);
    await commit(h, 'good.xlsx');
    const wb = reopen((await h.call('goals.exportForm', { sheetId: sheetIdOf(h, 'XM002') })).base64);
    const ws = wb.Sheets.XM002 as XLSX.WorkSheet;
    expect([v(ws, 'B4'), v(ws, 'E4')]).toEqual(['县教育局（101）', '县第一中学']);
    expect([v(ws, 'B5'), v(ws, 'E5')]).toEqual(['延续', '2026年1月—2028年12月']);
    expect([v(ws, 'C7'), v(ws, 'C8'), v(ws, 'C9'), v(ws, 'E7'), v(ws, 'E8'), v(ws, 'E9')]).toEqual([300, '', '', 96, 96, 0]);
    expect(v(ws, 'B11')).toBe('三年内实现全县义务教育学校营养午餐全覆盖。');
    // Framework order: 产出 (数量, 成本), then 成本指标 (Template B's level-1), 效益, 满意度.
    const table = [13, 14, 15, 16, 17].map((r) => ['B', 'C', 'D', 'E', 'F'].map((c) => v(ws, `${c}${r}`)));
    expect(table).toEqual([
      ['产出指标', '数量指标', '受益学生人数', '≥9600人', '≥3200人'],
      ['', '成本指标', '每生每天补助标准', '', '＝5元'],
      ['成本指标', '经济成本指标', '食材采购单价', '', '≤12.5元'],
      ['效益指标', '社会效益指标', '学生营养状况', '', '达到预期'],
      ['满意度指标', '服务对象满意度指标', '家长满意度', '≥95%', '≥95%'],
    ]);
    expect(merges(ws)).toContain('B13:B14');
    expect(merges(ws)).toContain('A12:A17');
    expect([v(ws, 'C18'), v(ws, 'C19'), v(ws, 'C20')]).toEqual(['', '', '']);
    expect(v(ws, 'A21')).toBe('当前状态：草稿　　导出日期：2026-03-01');
  });

  it('under a Template B profile the indicator table has 指标值类型, 计量单位, 指标解释, 评（扣）分标准', async () => {
    h = await openHarness();
    await seed(h);
    await commit(h, 'good.xlsx');
    const db = h.backend.database;
    const body = JSON.parse(findVersion(db, DEFAULT_PROFILE_ID, 1)?.body ?? '{}') as { template: string };
    insertProfile(db, { id: 'p-b', origin: '652325', code: 'test-b', name: '模板B测试', description: '', builtin: 0, current_version: 1, created_at: AT, updated_at: AT });
    insertVersion(db, { profile_id: 'p-b', version: 1, body: JSON.stringify({ ...body, template: 'B' }), note: '', created_at: AT, created_by: 'test' });
    db.prepare("UPDATE fiscal_years SET profile_id = 'p-b' WHERE year = 2026").run();

    const ws = reopen((await h.call('goals.exportForm', { sheetId: sheetIdOf(h, 'XM001') })).base64).Sheets.XM001 as XLSX.WorkSheet;
    expect(ws['!ref']).toBe('A1:J23');
    expect(['B12', 'C12', 'D12', 'E12', 'F12', 'G12', 'H12', 'I12', 'J12'].map((a) => v(ws, a))).toEqual([
      '一级指标', '二级指标', '三级指标', '指标值（中期）', '指标值（年度）', '指标值类型', '计量单位', '指标解释', '评（扣）分标准',
    ]);
    expect(['D13', 'F13', 'G13', 'H13', 'I13', 'J13'].map((a) => v(ws, a))).toEqual(['维修改造道路条数', '≥12条', '定量', '条', '当年完成并验收的道路条数', '每少 1 条扣 1 分']);
    expect(['G17', 'H17'].map((a) => v(ws, a))).toEqual(['定性', '']);
    // Header pairs follow the wider grid: A | B–E | F | G–J.
    expect([v(ws, 'A3'), v(ws, 'B3'), v(ws, 'F3'), v(ws, 'G3')]).toEqual(['项目名称', '县城区道路维修改造', '项目编码', 'XM001']);
    expect(merges(ws)).toEqual(expect.arrayContaining(['A1:J1', 'B3:E3', 'G3:J3', 'C7:E7', 'G7:J7', 'B10:E10', 'F10:J10', 'C20:J20']));
  });

  it('writes text that starts with = + - @ as text', async () => {
    h = await openHarness();
    const s = await seed(h);
    const p = s.projects.XM003;
    if (!p) throw new Error('XM003');
    const db = h.backend.database;
    db.prepare("UPDATE projects SET name = '=HYPERLINK(\"http://x\")', manager = '@张三' WHERE id = ?").run(p.id);
    await commit(h, 'good-aliases.xlsx');
    db.prepare("UPDATE goal_sheets SET annual_goal = '+1 目标'").run();
    const ws = reopen((await h.call('goals.exportForm', { sheetId: sheetIdOf(h, 'XM003') })).base64).Sheets.XM003 as XLSX.WorkSheet;
    expect(ws.B3).toMatchObject({ t: 's', v: "'=HYPERLINK(\"http://x\")" });
    expect(ws.B3?.f).toBeUndefined();
    expect(ws.B6).toMatchObject({ t: 's', v: "'@张三" });
    expect(ws.D11).toMatchObject({ t: 's', v: "'+1 目标" });
  });

  it('an unknown sheet → NOT_FOUND', async () => {
    h = await openHarness();
    expect(errorOf(await h.raw('goals.exportForm', { sheetId: 'nope' }))).toEqual({ code: 'NOT_FOUND', message: '绩效目标表不存在。' });
  });
});

/** A 部门整体 sheet for a unit, with indicators written straight to the tables. */
function unitOverallSheet(hh: Harness, unitId: string): string {
  const db = hh.backend.database;
  const id = uuidv7();
  insertSheet(db, {
    id, origin: '652325', year: YEAR, owner_type: 'unitOverall', project_id: null, unit_id: unitId, status: 'draft',
    annual_goal: '保障全县教育事业正常运转，义务教育巩固率达到 99% 以上。', mid_term_goal: '', unit_duties: '负责全县教育事业的统筹规划和管理。', locked: 0,
    created_at: AT, updated_at: AT,
  });
  const ins = db.prepare(
    `INSERT INTO goal_indicators (id, sheet_id, seq, level1, level2, name, value_type, operator, target_value, target_text, unit, explanation, scoring_rule, is_core)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  ins.run(uuidv7(), id, 1, 'satisfaction', 'serviceSatisfaction', '群众满意度', 'quantitative', '>=', 90, '≥90%', '%', '问卷调查', '每低 1 个百分点扣 1 分', 0);
  ins.run(uuidv7(), id, 2, 'output', 'quantity', '义务教育巩固率', 'quantitative', '>=', 99, '≥99%', '%', '在校生÷入学生', '未达到不得分', 1);
  ins.run(uuidv7(), id, 3, 'output', 'quantity', '资助学生人数', 'quantitative', '>=', 1200, '≥1200人', '人', '', '', 0);
  ins.run(uuidv7(), id, 4, 'benefit', 'socialBenefit', '教育公平程度', 'qualitative', 'qualitative', null, '明显提升', '', '', '', 0);
  return id;
}

describe('goals.exportForm / exportUnitBatch: 部门整体 and batch', () => {
  it('lays out the 部门整体支出绩效目标申报表: duties, 年度主要任务 from the unit\'s projects with 金额合计, indicators', async () => {
    h = await openHarness();
    const s = await seed(h);
    const sheetId = unitOverallSheet(h, s.dept);
    const f = await h.call('goals.exportForm', { sheetId });
    expect(f.name).toBe('部门整体支出绩效目标申报表-县教育局-2026.xlsx');
    const wb = reopen(f.base64);
    expect(wb.SheetNames).toEqual(['部门整体']);
    const ws = wb.Sheets['部门整体'] as XLSX.WorkSheet;
    expect(v(ws, 'A1')).toBe('部门（单位）整体支出绩效目标申报表');
    expect(v(ws, 'A2')).toBe('（ 2026 年度）');
    expect([v(ws, 'A3'), v(ws, 'B3')]).toEqual(['部门（单位）名称', '县教育局（101）']);
    expect([v(ws, 'A4'), v(ws, 'B4')]).toEqual(['部门（单位）职责', '负责全县教育事业的统筹规划和管理。']);
    expect([v(ws, 'A5'), v(ws, 'B5'), v(ws, 'G5'), v(ws, 'G6'), v(ws, 'H6'), v(ws, 'I6')]).toEqual(['年度主要任务', '任务名称', '预算金额（万元）', '总额', '财政拨款', '其他资金']);
    // The unit's own projects (XM001, XM003; XM005 is cancelled; XM002/XM004 belong to the school).
    expect([7, 8, 9].map((r) => ['B', 'G', 'H', 'I'].map((c) => v(ws, `${c}${r}`)))).toEqual([
      ['县城区道路维修改造', 89.46, 85, 4.46],
      ['中小学教师培训', 12.35, 12.35, 0],
      ['金额合计', 101.8, 97.35, 4.46],
    ]);
    expect([v(ws, 'A10'), v(ws, 'B10')]).toEqual(['年度总体绩效目标', '保障全县教育事业正常运转，义务教育巩固率达到 99% 以上。']);
    expect(['A11', 'B11', 'C11', 'D11', 'E11', 'F11', 'G11', 'H11', 'I11'].map((a) => v(ws, a))).toEqual([
      '一级指标', '二级指标', '三级指标', '指标值类型', '指标值', '计量单位', '指标解释', '评（扣）分标准', '备注',
    ]);
    expect([12, 13, 14, 15].map((r) => ['A', 'B', 'C', 'D', 'E', 'F', 'I'].map((c) => v(ws, `${c}${r}`)))).toEqual([
      ['产出指标', '数量指标', '义务教育巩固率', '定量', '≥99%', '%', '核心指标'],
      ['', '', '资助学生人数', '定量', '≥1200人', '人', ''],
      ['效益指标', '社会效益指标', '教育公平程度', '定性', '明显提升', '', ''],
      ['满意度指标', '服务对象满意度指标', '群众满意度', '定量', '≥90%', '%', ''],
    ]);
    expect([v(ws, 'A16'), v(ws, 'B16'), v(ws, 'B17'), v(ws, 'B18')]).toEqual(['审核意见', '主管部门审核', '财政审核', '批复与公开']);
    expect(merges(ws)).toEqual([
      'A1:I1', 'A2:I2', 'B3:I3', 'B4:I4',
      'A5:A9', 'B5:F6', 'G5:I5', 'B7:F7', 'B8:F8', 'B9:F9',
      'B10:I10',
      'A12:A13', 'B12:B13',
      'A16:A18', 'C16:I16', 'C17:I17', 'C18:I18', 'A19:I19',
    ].sort());
    expect((ws.G9 as XLSX.CellObject).z).toBe('#,##0.00');
    expect(wb.Workbook?.Names).toEqual([{ Name: '_xlnm.Print_Area', Sheet: 0, Ref: "'部门整体'!$A$1:$I$19" }]);
  });

  it('batch: the unit\'s overall sheet first, then one sheet per project of that unit with a goal sheet, each with its print area', async () => {
    h = await openHarness();
    const s = await seed(h);
    await commit(h, 'good.xlsx');
    unitOverallSheet(h, s.dept);
    const f = await h.call('goals.exportUnitBatch', { unitId: s.dept, year: YEAR });
    expect(f.name).toBe('绩效目标申报表-县教育局-2026.xlsx');
    const wb = reopen(f.base64);
    // XM002 belongs to the subordinate school: a batch covers the unit itself only.
    expect(wb.SheetNames).toEqual(['部门整体', 'XM001', 'XM003']);
    expect(wb.Workbook?.Names).toEqual([
      { Name: '_xlnm.Print_Area', Sheet: 0, Ref: "'部门整体'!$A$1:$I$19" },
      { Name: '_xlnm.Print_Area', Sheet: 1, Ref: "'XM001'!$A$1:$F$23" },
      { Name: '_xlnm.Print_Area', Sheet: 2, Ref: "'XM003'!$A$1:$F$17" },
    ]);
    expect(v(wb.Sheets.XM003 as XLSX.WorkSheet, 'B3')).toBe('中小学教师培训');

    const school = reopen((await h.call('goals.exportUnitBatch', { unitId: s.school, year: YEAR })).base64);
    expect(school.SheetNames).toEqual(['XM002']);
  });

  it('batch without any goal sheet → NOT_FOUND naming the unit', async () => {
    h = await openHarness();
    const s = await seed(h);
    expect(errorOf(await h.raw('goals.exportUnitBatch', { unitId: s.dept, year: YEAR }))).toEqual({ code: 'NOT_FOUND', message: '“县教育局”2026 年度还没有绩效目标表。' });
  });

  it('sanitises sheet names: forbidden characters, 31 characters, duplicates', async () => {
    const { sanitizeSheetName } = await import('../../electron/backend/files/xlsx.ts');
    const taken = new Set<string>();
    expect(sanitizeSheetName('A/B:C*D?[E]\\F', taken)).toBe('A_B_C_D__E__F');
    expect(sanitizeSheetName('X'.repeat(40), taken)).toBe('X'.repeat(31));
    expect(sanitizeSheetName('x'.repeat(40), taken)).toBe(`${'x'.repeat(28)}(2)`);
    expect(sanitizeSheetName("'quoted'", taken)).toBe('quoted');
  });
});

// ---------------------------------------------------------------- scale

describe('goal import at scale', () => {
  it('5,000 projects × 20 indicators (100,000 rows): preview and commit in one transaction with progress', { timeout: 180_000 }, async () => {
    h = await openHarness();
    const s = await seed(h);
    const db = h.backend.database;
    const N = 5000;
    const PER = 20;
    db.transaction(() => {
      for (let i = 0; i < N; i++) insertProject(db, projectRow(`P${String(i).padStart(5, '0')}`, `项目${i}`, s.dept, { annual_fiscal_fen: 1_000_000 + i }));
    })();
    const l2 = [['产出指标', '数量指标'], ['产出指标', '质量指标'], ['产出指标', '时效指标'], ['产出指标', '成本指标'], ['效益指标', '社会效益指标'], ['满意度指标', '服务对象满意度指标']];
    const rows: unknown[][] = [['项目编码', '项目名称', '年度总体目标', '中期目标', '一级指标', '二级指标', '三级指标', '指标值类型', '指标值', '计量单位']];
    for (let i = 0; i < N; i++) {
      const code = `P${String(i).padStart(5, '0')}`;
      for (let k = 0; k < PER; k++) {
        const [a, b] = l2[k % l2.length] ?? [];
        rows.push([code, null, k === 0 ? `项目${i}的年度目标` : null, null, a, b, `指标${k}`, null, k % 5 === 4 ? '效果明显' : `≥${90 + (k % 10)}%`, null]);
      }
    }
    const ws = XLSX.utils.aoa_to_sheet(rows);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '绩效目标');
    const file = { name: 'big.xlsx', base64: (XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer).toString('base64') };

    const progress: number[] = [];
    h.backend.on((ev) => {
      if (ev.type === 'progress' && ev.task === 'goals.import') progress.push(ev.done);
    });
    let t = performance.now();
    const p = await h.call('goals.importPreview', { file, year: YEAR });
    const previewMs = performance.now() - t;
    expect(p.errors).toEqual([]);
    expect(p.summary).toEqual({ add: N, update: 0, unchanged: 0 });
    expect(p.rows).toHaveLength(N * PER);
    t = performance.now();
    expect(await h.call('goals.importCommit', { file, year: YEAR })).toEqual({ add: N, update: 0, unchanged: 0 });
    const commitMs = performance.now() - t;
    expect(countRows(h, 'goal_indicators')).toBe(N * PER);
    expect(progress.at(-1)).toBe(N);
    expect(progress.length).toBeGreaterThan(10);
    t = performance.now();
    expect((await h.call('goals.importPreview', { file, year: YEAR })).summary).toEqual({ add: 0, update: 0, unchanged: N });
    const againMs = performance.now() - t;
    console.log(`goal import ${N}×${PER}: preview ${previewMs.toFixed(0)} ms, commit ${commitMs.toFixed(0)} ms, re-preview ${againMs.toFixed(0)} ms`);
  });
});
