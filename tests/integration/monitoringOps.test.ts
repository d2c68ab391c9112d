import fs from 'node:fs';
import * as XLSX from 'xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExecutionMappingDto, MonitoringSheetDto, MonitoringSummaryDto } from '../../shared/api/dtoMonitoring.ts';
import type { AppEvent } from '../../shared/api/events.ts';
import type { ErrorDetail } from '../../shared/api/result.ts';
import type { FundTag } from '../../shared/domain/projects.ts';
import { percent } from '../../shared/rules/rounding.ts';
import { insertSheet, replaceIndicators, type GoalIndicatorRow } from '../../electron/backend/repositories/goals.ts';
import * as monitoringQueries from '../../electron/backend/repositories/monitoringQueries.ts';
import { insertProject, setProjectTags } from '../../electron/backend/repositories/projects.ts';
import * as rectificationQueries from '../../electron/backend/repositories/rectifications.ts';
import { uuidv7 } from '../../electron/backend/util/ids.ts';
import { ADMIN_PASSWORD, USER_PASSWORD, addUser, auditRows, openHarness, type Harness } from '../helpers/backend.ts';
import { fixtureFile, readXlsx, sheetAoa } from '../helpers/fixtures.ts';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const YEAR = 2026;
const ORIGIN = '652325';
const WAN = 1_000_000;
/** The office works in July: the 1–6月 round has just been issued. */
const JULY = Date.parse('2026-07-06T02:00:00.000Z');

interface Office {
  perf: string;
  biz: string;
  viewer: string;
  units: Record<string, string>;
  projects: Record<string, string>;
  roundId: string;
}

interface ProjectSpec {
  code: string;
  name: string;
  unit: string;
  fiscalFen: number;
  carryoverFen?: number;
  otherFen?: number;
  tags?: FundTag[];
  goal: 'approved' | 'published' | 'draft' | 'none';
  indicators?: Omit<GoalIndicatorRow, 'id' | 'sheet_id' | 'seq'>[];
  status?: 'budgeted' | 'cancelled';
}

const ind = (level1: GoalIndicatorRow['level1'], level2: GoalIndicatorRow['level2'], name: string, valueType: GoalIndicatorRow['value_type'], operator: GoalIndicatorRow['operator'], targetValue: number | null, targetText: string, unit: string): Omit<GoalIndicatorRow, 'id' | 'sheet_id' | 'seq'> => ({
  level1, level2, name, value_type: valueType, operator, target_value: targetValue, target_text: targetText, unit, mid_term_text: '', explanation: '',
  scoring_rule: '', value_basis: 'plan', data_source: '', is_core: 0, library_id: null,
});

const NUTRITION_INDICATORS = [
  ind('output', 'quantity', '农户培训人次', 'quantitative', '>=', 2000, '≥2000人次', '人次'),
  ind('benefit', 'socialBenefit', '学生营养状况', 'qualitative', 'qualitative', null, '达到预期', ''),
  ind('satisfaction', 'serviceSatisfaction', '家长满意度', 'quantitative', '>=', 95, '≥95%', '%'),
];

/** The projects of the fixtures (SPEC §11.8: 500 万元, 150 万元 executed by June → 30.00%). */
const PROJECTS: ProjectSpec[] = [
  { code: 'XM-101-01', name: '学生营养改善计划', unit: '101', fiscalFen: 400 * WAN, otherFen: 100 * WAN, tags: ['direct'], goal: 'approved', indicators: NUTRITION_INDICATORS },
  { code: 'XM-101-02', name: '教学设备购置', unit: '101001', fiscalFen: 200 * WAN, tags: ['localSpecial'], goal: 'published', indicators: [ind('output', 'quantity', '设备购置数量', 'quantitative', '>=', 120, '≥120台', '台')] },
  { code: 'XM-102-01', name: '基层医疗设备更新', unit: '102', fiscalFen: 600 * WAN, carryoverFen: 200 * WAN, otherFen: 200 * WAN, tags: ['specialBond', 'upperTransfer'], goal: 'approved' },
  { code: 'XM-102-02', name: '基本公共卫生服务', unit: '102', fiscalFen: 80 * WAN, goal: 'approved' },
  { code: 'XM-102-03', name: '没有监控表的项目', unit: '102', fiscalFen: 10 * WAN, goal: 'draft' },
];

function addProject(hh: Harness, units: Record<string, string>, p: ProjectSpec, year = YEAR): string {
  const db = hh.backend.database;
  const at = new Date(hh.clock.ms).toISOString();
  const id = uuidv7();
  const unitId = units[p.unit] ?? '';
  insertProject(db, {
    id, origin: ORIGIN, year, code: p.code, name: p.name, unit_id: unitId, object_type: 'project', attribute: 'continuing', category: '',
    project_type: 'general', budget_type: 'general', start_month: null, end_month: null, initial_fiscal_fen: p.fiscalFen,
    initial_carryover_fen: p.carryoverFen ?? 0, initial_other_fen: p.otherFen ?? 0, annual_fiscal_fen: p.fiscalFen, annual_carryover_fen: p.carryoverFen ?? 0,
    annual_other_fen: p.otherFen ?? 0, mid_term_total_fen: null, mid_year_addition: 0, new_major: 0, confidential: 0, status: p.status ?? 'budgeted',
    manager: '', phone: '', basis: '', created_at: at, updated_at: at,
  });
  setProjectTags(db, id, p.tags ?? []);
  if (p.goal !== 'none') {
    const sheetId = uuidv7();
    insertSheet(db, {
      id: sheetId, origin: ORIGIN, year, owner_type: 'project', project_id: id, unit_id: unitId, status: p.goal,
      annual_goal: `${p.name}年度目标：按计划完成。`, mid_term_goal: '', unit_duties: '', locked: 0, created_at: at, updated_at: at,
    });
    replaceIndicators(db, sheetId, (p.indicators ?? [ind('output', 'quantity', '完成任务数', 'quantitative', '>=', 10, '≥10项', '项')])
      .map((x, k) => ({ ...x, id: uuidv7(), sheet_id: sheetId, seq: k + 1 })));
  }
  return id;
}

/**
 * An office in July 2026: units 101 县教育局 (with 101001 县第一中学), 102, 103; the projects above
 * with their goals; a 1–6月 project round populated by the monitoring service (4 sheets: the
 * draft-goal project gets none); accounts for 绩效管理, 业务股室 and a viewer.
 */
async function office(hh: Harness, projects: ProjectSpec[] = PROJECTS): Promise<Office> {
  hh.clock.ms = JULY;
  hh.session = await hh.login('admin', ADMIN_PASSWORD);
  await addUser(hh, 'jixiao', 'performance');
  await addUser(hh, 'yewu', 'business');
  await addUser(hh, 'chayue', 'viewer');
  const mk = async (code: string, name: string, parentId: string | null) => (await hh.call('units.create', { code, name, kind: 'administrative', confidential: false, parentId })).id;
  const units: Record<string, string> = {};
  units['101'] = await mk('101', '县教育局', null);
  units['101001'] = await mk('101001', '县第一中学', units['101'] ?? null);
  units['102'] = await mk('102', '县卫生健康委员会', null);
  units['103'] = await mk('103', '县农业农村局', null);
  const ids: Record<string, string> = {};
  for (const p of projects) ids[p.code] = addProject(hh, units, p);
  const perf = await hh.login('jixiao', USER_PASSWORD);
  const round = await hh.call('monitoring.createRound', {
    year: YEAR, month: 6, objectType: 'project', kind: 'self', title: '2026年1–6月项目自行监控', issuedOn: '2026-07-01', dueOn: '2026-07-15',
  }, perf);
  await hh.call('monitoring.populateRound', { roundId: round.id }, perf);
  return { perf, biz: await hh.login('yewu', USER_PASSWORD), viewer: await hh.login('chayue', USER_PASSWORD), units, projects: ids, roundId: round.id };
}

const DEFAULT: ExecutionMappingDto = { sheet: '', codeHeader: '项目编码', amountHeader: '执行数', amountUnit: 'yuan', fiscalHeader: '', otherHeader: '' };
const YUAN: ExecutionMappingDto = { sheet: '', codeHeader: '项目编码', amountHeader: '1-6月支出数（元）', amountUnit: 'yuan', fiscalHeader: '其中：财政拨款', otherHeader: '其中：其他资金' };
const WAN_MAPPING: ExecutionMappingDto = { sheet: '', codeHeader: '项目代码', amountHeader: '执行数(万元)', amountUnit: 'wan', fiscalHeader: '', otherHeader: '' };

const preview = (hh: Harness, o: Office, file: string, mapping = DEFAULT) =>
  hh.call('monitoring.importExecutionPreview', { roundId: o.roundId, file: fixtureFile('monitoring', file), mapping }, o.perf);
const commit = (hh: Harness, o: Office, file: string, mapping = DEFAULT) =>
  hh.call('monitoring.importExecutionCommit', { roundId: o.roundId, file: fixtureFile('monitoring', file), mapping }, o.perf);

/** Every sheet's stored execution figures and level, by project code. */
function executed(hh: Harness): Record<string, [number | null, number | null, number | null, string | null, number]> {
  const rows = hh.backend.database.prepare(`
    SELECT p.code, s.executed_fen, s.executed_fiscal_fen, s.executed_other_fen, s.warning_level, s.rev
    FROM monitoring_sheets s JOIN projects p ON p.id = s.project_id ORDER BY p.code`).all() as
    { code: string; executed_fen: number | null; executed_fiscal_fen: number | null; executed_other_fen: number | null; warning_level: string | null; rev: number }[];
  return Object.fromEntries(rows.map((r) => [r.code, [r.executed_fen, r.executed_fiscal_fen, r.executed_other_fen, r.warning_level, r.rev]]));
}

function warningsByCode(hh: Harness): Record<string, string[]> {
  const rows = hh.backend.database.prepare(`
    SELECT p.code, w.level, w.message FROM monitoring_warnings w JOIN monitoring_sheets s ON s.id = w.sheet_id JOIN projects p ON p.id = s.project_id
    ORDER BY p.code, w.rule_index, w.indicator`).all() as { code: string; level: string; message: string }[];
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.code] ??= []).push(`${r.level}:${r.message}`);
  return out;
}

const sheetIdOf = (hh: Harness, o: Office, code: string) =>
  hh.backend.database.prepare('SELECT id FROM monitoring_sheets WHERE project_id = ? AND round_id = ?').pluck().get(o.projects[code], o.roundId) as string;

const importBackups = (hh: Harness) => (fs.existsSync(hh.backend.backupDir) ? fs.readdirSync(hh.backend.backupDir).filter((n) => n.endsWith('-import.sqlite')) : []);
const successfulImports = (hh: Harness) => auditRows(hh).filter((a) => a.method === 'monitoring.importExecutionCommit' && a.result === '成功');

const GAP = (er: string, gap: string, rel: string) => `yellow:时间进度 50.00%，执行率 ${er}%，进度差 ${gap} 个百分点，相对偏差 ${rel}%，超过 20.00% 的预警线`;

// ---------------------------------------------------------------- mapping

describe('monitoring.getMapping / saveMapping', () => {
  it('starts from the default, is saved by the finance roles only (validated by the schema), and is audited', async () => {
    h = await openHarness();
    const o = await office(h);
    expect(await h.call('monitoring.getMapping', {}, o.viewer)).toEqual(DEFAULT);
    expect(await h.call('monitoring.saveMapping', YUAN, o.biz)).toEqual(YUAN);
    expect(await h.call('monitoring.getMapping', {}, o.viewer)).toEqual(YUAN);
    const denied = await h.raw('monitoring.saveMapping', WAN_MAPPING, o.viewer);
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const bad = await h.raw('monitoring.saveMapping', { ...WAN_MAPPING, codeHeader: '  ' }, o.perf);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ field: 'codeHeader', message: '项目编码列不能为空' }] } });
    expect(await h.call('monitoring.getMapping', {}, o.perf)).toEqual(YUAN);
    // Saving the same mapping again writes nothing.
    await h.call('monitoring.saveMapping', YUAN, o.perf);
    const saves = auditRows(h).filter((a) => a.method === 'monitoring.saveMapping' && a.result === '成功');
    expect(saves).toHaveLength(1);
    expect(saves[0]).toMatchObject({ entity: 'setting', entity_id: 'monitoring.executionMapping' });
    expect(JSON.parse(saves[0]?.changes ?? '{}')).toMatchObject({ amountHeader: ['执行数', '1-6月支出数（元）'] });
  });
});

// ---------------------------------------------------------------- import

describe('execution import', () => {
  it('previews a budget-system 元 export (title rows, extra columns, full-width header, text and formula-noise amounts, 合计 line) without writing', async () => {
    h = await openHarness();
    const o = await office(h);
    const p = await preview(h, o, 'good-budget-system-yuan.xlsx', YUAN);
    expect(p.errors).toEqual([]);
    expect(p.sheet).toBe('预算执行情况');
    expect(p.summary).toEqual({ add: 4, update: 0, unchanged: 0 });
    expect(p.rows).toEqual([
      { row: 4, action: 'add', value: { code: 'XM-101-01', name: '学生营养改善计划', executedFen: 150_000_000, executedFiscalFen: 120_000_000, executedOtherFen: 30_000_000 } },
      { row: 5, action: 'add', value: { code: 'XM-101-02', name: '教学设备购置', executedFen: 120_000_050, executedFiscalFen: null, executedOtherFen: null } },
      { row: 6, action: 'add', value: { code: 'XM-102-01', name: '基层医疗设备更新', executedFen: 600_000_000, executedFiscalFen: 600_000_000, executedOtherFen: 0 } },
      { row: 7, action: 'add', value: { code: 'XM-102-02', name: '基本公共卫生服务', executedFen: 0, executedFiscalFen: 0, executedOtherFen: 0 } },
    ]);
    expect(Object.values(executed(h)).map((e) => e[0])).toEqual([null, null, null, null]);
  });

  it('commits after a backup in one write: figures, rates and warnings recomputed, history, progress; the same file again changes nothing', async () => {
    h = await openHarness();
    const o = await office(h);
    const events: AppEvent[] = [];
    h.backend.on((e) => events.push(e));
    expect(await commit(h, o, 'good-budget-system-yuan.xlsx', YUAN)).toEqual({ add: 4, update: 0, unchanged: 0 });
    expect(executed(h)).toEqual({
      'XM-101-01': [150_000_000, 120_000_000, 30_000_000, 'yellow', 2],
      'XM-101-02': [120_000_050, null, null, null, 2],
      'XM-102-01': [600_000_000, 600_000_000, 0, null, 2],
      'XM-102-02': [0, 0, 0, 'yellow', 2],
    });
    // SPEC §11.8: 30.00% against 50.00% time progress, 40% relative deviation > 20%.
    expect(warningsByCode(h)).toEqual({
      'XM-101-01': [GAP('30.00', '20.00', '40.00')],
      'XM-102-02': [GAP('0.00', '50.00', '100.00')],
    });
    const sheet = await h.call('monitoring.getSheet', { sheetId: sheetIdOf(h, o, 'XM-101-01') }, o.viewer);
    expect(sheet).toMatchObject({ executedFen: 150_000_000, executionRate: 30, timeProgress: 50, gapPoints: 20, relativeDeviation: 40, warningLevel: 'yellow' });
    expect(sheet.events.at(-1)).toMatchObject({ username: 'jixiao', action: '导入执行数', fromStatus: 'draft', toStatus: 'draft', comment: '从文件“good-budget-system-yuan.xlsx”第 4 行导入1–6月执行数' });
    expect(importBackups(h)).toHaveLength(1);
    const audits = successfulImports(h);
    expect(audits).toHaveLength(1);
    expect(audits[0]?.entity).toBe('monitoring_sheet');
    expect(JSON.parse(audits[0]?.changes ?? '')).toEqual({ file: 'good-budget-system-yuan.xlsx', roundId: o.roundId, add: 4, update: 0, unchanged: 0 });
    expect(events.filter((e) => e.type === 'progress' && e.task === 'monitoring.importExecution').at(-1)).toMatchObject({ done: 4, total: 4 });
    expect(events.some((e) => e.type === 'data.changed' && e.tables.includes('monitoring_warnings'))).toBe(true);

    // Idempotent: all unchanged, nothing written, no second backup or audit record.
    const warningIds = h.backend.database.prepare('SELECT id FROM monitoring_warnings ORDER BY id').pluck().all();
    expect((await preview(h, o, 'good-budget-system-yuan.xlsx', YUAN)).summary).toEqual({ add: 0, update: 0, unchanged: 4 });
    expect(await commit(h, o, 'good-budget-system-yuan.xlsx', YUAN)).toEqual({ add: 0, update: 0, unchanged: 4 });
    expect(Object.values(executed(h)).map((e) => e[4])).toEqual([2, 2, 2, 2]);
    expect(h.backend.database.prepare('SELECT id FROM monitoring_warnings ORDER BY id').pluck().all()).toEqual(warningIds);
    expect(importBackups(h)).toHaveLength(1);
    expect(successfulImports(h)).toHaveLength(1);
  });

  it('a 万元 export after the 元 one: equal amounts unchanged (splits kept), changed ones updated (splits not in the file cleared), warnings follow', async () => {
    h = await openHarness();
    const o = await office(h);
    await commit(h, o, 'good-budget-system-yuan.xlsx', YUAN);
    const p = await preview(h, o, 'good-budget-system-wan.xlsx', WAN_MAPPING);
    expect(p.errors).toEqual([]);
    expect(p.rows.map((r) => [r.row, r.action, r.value.code, r.value.executedFen])).toEqual([
      [2, 'unchanged', 'XM-101-01', 150_000_000], [3, 'unchanged', 'XM-101-02', 120_000_050], [4, 'update', 'XM-102-01', 650_000_000], [5, 'update', 'XM-102-02', 20_000_000],
    ]);
    expect(await commit(h, o, 'good-budget-system-wan.xlsx', WAN_MAPPING)).toEqual({ add: 0, update: 2, unchanged: 2 });
    expect(executed(h)).toEqual({
      'XM-101-01': [150_000_000, 120_000_000, 30_000_000, 'yellow', 2],
      'XM-101-02': [120_000_050, null, null, null, 2],
      'XM-102-01': [650_000_000, null, null, null, 3],
      'XM-102-02': [20_000_000, null, null, 'yellow', 3],
    });
    expect(warningsByCode(h)['XM-102-02']).toEqual([GAP('25.00', '25.00', '50.00')]);
  });

  /** Faults inside rows: reported by preview with sheet/row/column, refused whole by commit. */
  const ROW_ERRORS: [string, ErrorDetail[], ExecutionMappingDto?][] = [
    // XM-102-03 is a project of the year without a sheet in this round: passed over, not an error.
    ['bad-unknown-code.xlsx', [
      { sheet: '执行数', row: 3, column: 'A', field: '项目编码', message: '项目编码“XM-999”在 2026 年度项目库中不存在' },
    ]],
    ['bad-duplicate-code.xlsx', [{ sheet: '执行数', row: 4, column: 'A', field: '项目编码', message: '项目编码“XM-101-01”与第 2 行重复' }]],
    ['bad-missing-code.xlsx', [{ sheet: '执行数', row: 3, column: 'A', field: '项目编码', message: '缺少项目编码' }]],
    ['bad-negative.xlsx', [{ sheet: '执行数', row: 2, column: 'C', field: '执行数', message: '执行数不能为负数（-100）' }]],
    ['bad-not-number.xlsx', [{ sheet: '执行数', row: 2, column: 'C', field: '执行数', message: '执行数“十万元”不是数字（金额单位：元）' }]],
    ['bad-precision.xlsx', [{ sheet: '执行数', row: 2, column: 'C', field: '执行数', message: '执行数“1500000.123”超过分的精度（以元为单位最多 2 位小数）' }]],
    ['bad-missing-amount.xlsx', [{ sheet: '执行数', row: 2, column: 'C', field: '执行数', message: '缺少执行数（没有支出请填 0）' }]],
    ['bad-split-sum.xlsx', [
      { sheet: '执行数', row: 2, column: 'C', field: '执行数', message: '财政拨款执行数 1000000.00 与其他资金执行数 400000.00 之和 1400000.00 不等于执行数 1500000.00（元）' },
      { sheet: '执行数', row: 3, column: 'D', field: '财政拨款执行数', message: '财政拨款执行数 200.00 超过执行数 100.00（元）' },
    ], { ...DEFAULT, fiscalHeader: '财政拨款执行数', otherHeader: '其他资金执行数' }],
    ['bad-header-only.xlsx', [{ sheet: '执行数', row: 2, message: '表头下方没有任何执行数数据' }]],
  ];

  it.each(ROW_ERRORS)('%s: every fault reported exactly, nothing written', async (file, expected, mapping = DEFAULT) => {
    h = await openHarness();
    const o = await office(h);
    const p = await preview(h, o, file, mapping);
    expect(p.errors).toEqual(expected);
    const r = await h.raw('monitoring.importExecutionCommit', { roundId: o.roundId, file: fixtureFile('monitoring', file), mapping }, o.perf);
    expect(r).toEqual({ ok: false, error: { code: 'IMPORT_INVALID', message: `文件“${file}”有 ${expected.length} 处错误，未导入任何执行数。`, details: expected } });
    expect(Object.values(executed(h)).map((e) => e[0])).toEqual([null, null, null, null]);
    expect(importBackups(h)).toEqual([]);
    expect(auditRows(h).filter((a) => a.method === 'monitoring.importExecutionCommit').map((a) => a.result)).toEqual([`失败：文件“${file}”有 ${expected.length} 处错误，未导入任何执行数。`]);
  });

  /** Faults of the whole file: refused outright by preview and commit. */
  const FILE_ERRORS: [string, string, ErrorDetail[], ExecutionMappingDto?][] = [
    ['bad-missing-column.xlsx', '文件“bad-missing-column.xlsx”缺少执行数导入设置中指定的列。', [{ sheet: '执行数', row: 1, field: '执行数列', message: '第 1 行表头中没有“执行数”列' }]],
    ['bad-no-header.xlsx', '工作表“执行数”前 10 行中找不到表头“项目编码”，请检查执行数导入设置中的项目编码列。', [{ sheet: '执行数', row: 1, field: '项目编码列', message: '找不到表头“项目编码”' }]],
    ['bad-not-excel.xlsx', '无法读取文件“bad-not-excel.xlsx”：不是有效的 Excel 文件。', [{ message: '文件格式无效，请选择预算管理一体化系统导出的 .xlsx 文件' }]],
    ['good-budget-system-yuan.xlsx', '文件“good-budget-system-yuan.xlsx”中没有名为“执行数”的工作表（现有：预算执行情况）。', [{ sheet: '执行数', field: '工作表', message: '找不到工作表“执行数”' }], { ...YUAN, sheet: '执行数' }],
    ['good-budget-system-yuan.xlsx', '文件“good-budget-system-yuan.xlsx”缺少执行数导入设置中指定的列。', [
      { sheet: '预算执行情况', row: 3, field: '财政拨款执行数列', message: '第 3 行表头中没有“财政拨款”列' },
    ], { ...YUAN, fiscalHeader: '财政拨款' }],
  ];

  it.each(FILE_ERRORS)('%s: refused outright (%s)', async (file, message, details, mapping = DEFAULT) => {
    h = await openHarness();
    const o = await office(h);
    for (const m of ['monitoring.importExecutionPreview', 'monitoring.importExecutionCommit'] as const) {
      const r = await h.raw(m, { roundId: o.roundId, file: fixtureFile('monitoring', file), mapping }, o.perf);
      expect(r).toEqual({ ok: false, error: { code: 'IMPORT_INVALID', message, details } });
    }
    expect(importBackups(h)).toEqual([]);
  });

  it('only draft or returned sheets change (unchanged rows are fine whatever the status); a closed round, a 部门整体 round and the viewer are refused', async () => {
    h = await openHarness();
    const o = await office(h);
    const db = h.backend.database;
    db.prepare("UPDATE monitoring_sheets SET status = 'submitted' WHERE project_id = ?").run(o.projects['XM-102-01']);
    let p = await preview(h, o, 'good-default.xlsx');
    expect(p.errors).toEqual([{ sheet: '执行数', row: 3, column: 'A', field: '项目编码', message: '项目“XM-102-01”的监控表状态为“已提交”，只有草稿或已退回的监控表可以导入执行数' }]);
    db.prepare("UPDATE monitoring_sheets SET status = 'returned' WHERE project_id = ?").run(o.projects['XM-102-01']);
    expect(await commit(h, o, 'good-default.xlsx')).toEqual({ add: 2, update: 0, unchanged: 0 });
    db.prepare("UPDATE monitoring_sheets SET status = 'accepted'").run();
    p = await preview(h, o, 'good-default.xlsx');
    expect(p).toMatchObject({ errors: [], summary: { add: 0, update: 0, unchanged: 2 } });

    const round = (await h.call('monitoring.rounds', { year: YEAR }, o.perf)).find((r) => r.id === o.roundId);
    await h.call('monitoring.updateRound', { id: o.roundId, rev: 1, title: round?.title ?? '', issuedOn: '2026-07-01', dueOn: '2026-07-15', status: 'closed' }, o.perf);
    const closed = await h.raw('monitoring.importExecutionPreview', { roundId: o.roundId, file: fixtureFile('monitoring', 'good-default.xlsx'), mapping: DEFAULT }, o.perf);
    expect(closed).toEqual({ ok: false, error: { code: 'CONFLICT', message: '监控批次“2026年1–6月项目自行监控”已关闭，不能再导入执行数。' } });

    const unitRound = await h.call('monitoring.createRound', {
      year: YEAR, month: 6, objectType: 'unitOverall', kind: 'self', title: '2026年1–6月部门整体自行监控', issuedOn: '2026-07-01', dueOn: '2026-07-15',
    }, o.perf);
    const wrongKind = await h.raw('monitoring.importExecutionPreview', { roundId: unitRound.id, file: fixtureFile('monitoring', 'good-default.xlsx'), mapping: DEFAULT }, o.perf);
    expect(wrongKind).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '监控批次“2026年1–6月部门整体自行监控”是部门整体监控，执行数导入只适用于项目监控批次。' } });
    const viewer = await h.raw('monitoring.importExecutionPreview', { roundId: o.roundId, file: fixtureFile('monitoring', 'good-default.xlsx'), mapping: DEFAULT }, o.viewer);
    expect(viewer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await h.raw('monitoring.importExecutionPreview', { roundId: 'nope', file: fixtureFile('monitoring', 'good-default.xlsx'), mapping: DEFAULT }, o.perf))
      .toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '监控批次不存在。' } });
  });
});

// ---------------------------------------------------------------- warnings and decisions

/** Fills XM-101-01's indicator rows so the light and likelihood rules fire too. */
async function fillNutrition(hh: Harness, o: Office): Promise<MonitoringSheetDto> {
  const sheetId = sheetIdOf(hh, o, 'XM-101-01');
  const s = await hh.call('monitoring.getSheet', { sheetId }, o.perf);
  return hh.call('monitoring.saveSheet', {
    sheetId, rev: s.rev, executedFen: s.executedFen, executedFiscalFen: s.executedFiscalFen, executedOtherFen: s.executedOtherFen,
    expectedFullYearFen: 450 * WAN, goalProgress: '已为 3,200 名学生提供营养午餐 100 天。', expectedGoal: '全年可完成供餐任务。',
    values: [
      { seq: 1, actualText: '600', expectedText: '1500', progress: null, causes: ['funding'], causeNote: '培训经费下达较晚', likelihood: 'impossible', measure: '申请调减目标至 1500 人次' },
      { seq: 2, actualText: '', expectedText: '', progress: 'notAchieved', causes: ['staffing', 'hardware'], causeNote: '', likelihood: 'possible', measure: '增加营养师' },
      { seq: 3, actualText: '96%', expectedText: '96%', progress: null, causes: [], causeNote: '', likelihood: 'certain', measure: '' },
    ],
  }, o.perf);
}

describe('monitoring.warnings', () => {
  it('lists the warnings with their reasons, filtered by level, rule, unit (with subordinate units) and undecided; paged', async () => {
    h = await openHarness();
    const o = await office(h);
    await commit(h, o, 'good-budget-system-yuan.xlsx', YUAN);
    await fillNutrition(h, o);
    const all = await h.call('monitoring.warnings', { year: YEAR }, o.viewer);
    expect(all.total).toBe(5);
    // Red before yellow, then by unit and project, then in the profile's rule order.
    expect(all.rows.map((w) => [w.projectCode, w.level, w.rule, w.message])).toEqual([
      ['XM-101-01', 'red', 'qualitativeLight', '“学生营养状况”进展为“未达成目标且效果较差”'],
      ['XM-101-01', 'red', 'impossible', '“农户培训人次”预计全年完全不可能完成'],
      ['XM-101-01', 'yellow', 'timeGap', '时间进度 50.00%，执行率 30.00%，进度差 20.00 个百分点，相对偏差 40.00%，超过 20.00% 的预警线'],
      ['XM-101-01', 'yellow', 'impossible', '“学生营养状况”预计全年完成目标的可能性为“有可能”，须采取纠偏措施'],
      ['XM-102-02', 'yellow', 'timeGap', '时间进度 50.00%，执行率 0.00%，进度差 50.00 个百分点，相对偏差 100.00%，超过 20.00% 的预警线'],
    ]);
    expect(all.rows[2]).toMatchObject({
      roundId: o.roundId, title: '学生营养改善计划', unitName: '县教育局', decided: false, indicator: null,
      numbers: { timeProgress: 50, executionRate: 30, gapPoints: 20, relativeDeviation: 40, maxRelativeDeviation: 20 }, suggestedActions: ['remind', 'rectify'],
    });
    expect(all.rows[1]).toMatchObject({ indicator: '农户培训人次', numbers: { targetValue: 2000, actualValue: 600, expectedValue: 1500 }, suggestedActions: ['adjustGoal', 'reduceBudget'] });

    const codes = async (input: Partial<{ level: 'yellow' | 'red'; rule: string; unitId: string; undecidedOnly: boolean; roundId: string; page: number; pageSize: number }>) =>
      (await h!.call('monitoring.warnings', { year: YEAR, ...input }, o.viewer)).rows.map((w) => `${w.projectCode}/${w.rule}`);
    expect(await codes({ level: 'yellow' })).toEqual(['XM-101-01/timeGap', 'XM-101-01/impossible', 'XM-102-02/timeGap']);
    expect(await codes({ rule: 'impossible' })).toEqual(['XM-101-01/impossible', 'XM-101-01/impossible']);
    expect(await codes({ unitId: o.units['102'] })).toEqual(['XM-102-02/timeGap']);
    expect(await codes({ unitId: o.units['101001'] })).toEqual([]);
    expect(await codes({ unitId: o.units['101'], level: 'red', roundId: o.roundId })).toEqual(['XM-101-01/qualitativeLight', 'XM-101-01/impossible']);
    expect(await codes({ page: 2, pageSize: 3 })).toEqual(['XM-101-01/impossible', 'XM-102-02/timeGap']);
    expect((await h.call('monitoring.warnings', { year: 2025 }, o.viewer))).toEqual({ rows: [], total: 0 });

    // A decision answers the warning it names (same rule and message), not the sheet's others.
    const timeGap = all.rows[2];
    await h.call('monitoring.decide', { sheetId: timeGap?.sheetId ?? '', warningId: timeGap?.id ?? null, action: 'remind', note: '请加快支出进度' }, o.biz);
    expect(await codes({ undecidedOnly: true })).toEqual(['XM-101-01/qualitativeLight', 'XM-101-01/impossible', 'XM-101-01/impossible', 'XM-102-02/timeGap']);
    expect((await h.call('monitoring.warnings', { year: YEAR, rule: 'timeGap', unitId: o.units['101'] }, o.viewer)).rows[0]?.decided).toBe(true);
  });
});

describe('monitoring.decide', () => {
  it('records a decision on a warning and returns the sheet; money actions need an amount within the budget and a finance role; the viewer cannot decide', async () => {
    h = await openHarness();
    const o = await office(h);
    await commit(h, o, 'good-budget-system-yuan.xlsx', YUAN);
    const sheetId = sheetIdOf(h, o, 'XM-101-01');
    const warning = (await h.call('monitoring.getSheet', { sheetId }, o.perf)).warnings[0];
    const s = await h.call('monitoring.decide', { sheetId, warningId: warning?.id ?? null, action: 'interview', amountFen: 5 * WAN, note: '约谈单位负责人' }, o.perf);
    expect(s.decisions).toEqual([{
      id: expect.any(String), sheetId, warningRule: 'timeGap', warningMessage: warning?.message, action: 'interview', amountFen: null,
      note: '约谈单位负责人', decidedBy: 'jixiao 用户', decidedAt: '2026-07-06T02:00:00.000Z', rectificationId: null,
    }]);
    expect(s.warnings[0]?.decided).toBe(true);

    // 调减预算: the amount is required (schema) and may not exceed 全年预算数 500.00 万元.
    const missing = await h.raw('monitoring.decide', { sheetId, action: 'reduceBudget', note: '' }, o.biz);
    expect(missing).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ field: 'amountFen', message: '涉及资金的处理须填写金额' }] } });
    const tooMuch = await h.raw('monitoring.decide', { sheetId, action: 'reduceBudget', amountFen: 501 * WAN, note: '' }, o.biz);
    expect(tooMuch).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: '“调减预算”金额 501.00 万元超过该项目全年预算数 500.00 万元。', details: [{ field: 'amountFen', message: '不能超过全年预算数 500.00 万元' }] },
    });
    const ok = await h.call('monitoring.decide', { sheetId, action: 'reduceBudget', amountFen: 100 * WAN, note: '调减至 400 万元' }, o.biz);
    expect(ok.decisions.at(-1)).toMatchObject({ action: 'reduceBudget', amountFen: 100 * WAN, warningRule: null, decidedBy: 'yewu 用户' });

    const viewer = await h.raw('monitoring.decide', { sheetId, action: 'remind', note: '' }, o.viewer);
    expect(viewer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const admin = await h.raw('monitoring.decide', { sheetId, action: 'stopPayment', amountFen: WAN, note: '' }, h.session);
    expect(admin).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const otherSheet = await h.raw('monitoring.decide', { sheetId, warningId: 'nope', action: 'remind', note: '' }, o.perf);
    expect(otherSheet).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: [{ field: 'warningId' }] } });
    expect(h.backend.database.prepare('SELECT count(*) FROM monitoring_decisions').pluck().get()).toBe(2);
  });

  it('限期整改 creates the rectification item ZG-2026-0001 in the same write, numbered per year, categorised by the warning', async () => {
    h = await openHarness();
    const o = await office(h);
    await commit(h, o, 'good-budget-system-yuan.xlsx', YUAN);
    const filled = await fillNutrition(h, o);
    const impossible = filled.warnings.find((w) => w.rule === 'impossible');
    const rectification = { problem: '农户培训人次全年预计仅 1500 人次', requirement: '调整培训计划并报送整改方案', owner: '县教育局', deadline: '2026-08-31' };
    const s = await h.call('monitoring.decide', { sheetId: filled.id, warningId: impossible?.id ?? null, action: 'rectify', note: '限期整改', rectification }, o.perf);
    const d = s.decisions.at(-1);
    expect(d).toMatchObject({ action: 'rectify', warningRule: 'impossible', warningMessage: '“农户培训人次”预计全年完全不可能完成' });
    const list = await h.call('rectifications.list', { year: YEAR }, o.viewer);
    expect(list.total).toBe(1);
    expect(list.rows[0]).toEqual({
      id: d?.rectificationId, origin: ORIGIN, readOnly: false, year: YEAR, code: 'ZG-2026-0001', source: 'monitoring', sourceId: d?.id,
      projectId: o.projects['XM-101-01'], projectCode: 'XM-101-01', unitId: o.units['101'], title: '学生营养改善计划', unitName: '县教育局',
      category: 'output', ...rectification, issuedOn: '2026-07-06', status: 'open', overdue: false, progress: '', measures: '', amountFen: null,
      closedOn: null, updatedAt: '2026-07-06T02:00:00.000Z', rev: 1,
    });
    // One audit record holds both rows.
    const audit = auditRows(h).filter((a) => a.method === 'monitoring.decide' && a.result === '成功').at(-1);
    const entities = (JSON.parse(audit?.changes ?? '[]') as { entity: string }[] | { entity: string });
    expect(JSON.stringify(entities)).toContain('"rectification"');
    expect(JSON.stringify(entities)).toContain('"monitoring_decision"');

    // Next item of the year, from another warning (a timeGap → 资金管理).
    const gap = filled.warnings.find((w) => w.rule === 'timeGap');
    await h.call('monitoring.decide', { sheetId: filled.id, warningId: gap?.id ?? null, action: 'rectify', note: '', rectification: { ...rectification, problem: '支出进度慢' } }, o.biz);
    const light = filled.warnings.find((w) => w.rule === 'qualitativeLight');
    await h.call('monitoring.decide', { sheetId: filled.id, warningId: light?.id ?? null, action: 'rectify', note: '', rectification: { ...rectification, problem: '营养状况未达标' } }, o.biz);
    await h.call('monitoring.decide', { sheetId: sheetIdOf(h, o, 'XM-102-01'), action: 'rectify', note: '', rectification: { ...rectification, problem: '其他问题', owner: '县卫生健康委员会' } }, o.biz);
    expect((await h.call('rectifications.list', { year: YEAR }, o.viewer)).rows.map((r) => [r.code, r.category, r.problem])).toEqual([
      ['ZG-2026-0001', 'output', '农户培训人次全年预计仅 1500 人次'], ['ZG-2026-0002', 'funds', '支出进度慢'], ['ZG-2026-0003', 'benefit', '营养状况未达标'],
      ['ZG-2026-0004', 'other', '其他问题'],
    ]);

    // A deadline before today is refused; nothing is written.
    const late = await h.raw('monitoring.decide', { sheetId: filled.id, action: 'rectify', note: '', rectification: { ...rectification, deadline: '2026-07-05' } }, o.perf);
    expect(late).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '整改期限 2026-07-05 早于下发日期 2026-07-06。' } });
    const noItem = await h.raw('monitoring.decide', { sheetId: filled.id, action: 'rectify', note: '' }, o.perf);
    expect(noItem).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ field: 'rectification' }] } });
    expect(h.backend.database.prepare('SELECT count(*) FROM rectifications').pluck().get()).toBe(4);
  });
});

describe('rectifications', () => {
  it('status flow open → inProgress → done | waived, reopen by 绩效管理 only, rev check; overdue derived from the clock; list filters', async () => {
    h = await openHarness();
    const o = await office(h);
    const sheetId = sheetIdOf(h, o, 'XM-102-01');
    const item = (problem: string, deadline: string) => ({ problem, requirement: '按期整改', owner: '县卫生健康委员会', deadline });
    await h.call('monitoring.decide', { sheetId, action: 'rectify', note: '', rectification: item('设备采购滞后', '2026-07-31') }, o.perf);
    await h.call('monitoring.decide', { sheetId, action: 'rectify', note: '', rectification: item('资金拨付缓慢', '2026-09-30') }, o.perf);
    const list = async (input: Partial<{ status: 'open' | 'inProgress' | 'done' | 'waived' | 'overdue'; q: string; source: string }> = {}) =>
      (await h!.call('rectifications.list', { year: YEAR, ...input }, o.viewer)).rows;
    const [a, b] = await list();
    if (!a || !b) throw new Error('items missing');

    const update = (id: string, rev: number, status: 'open' | 'inProgress' | 'done' | 'waived', extra: Partial<{ progress: string; measures: string; closedOn: string | null }> = {}, session = o.biz) =>
      h!.raw('rectifications.update', { id, rev, status, ...extra }, session);

    let r = await update(a.id, 1, 'inProgress', { progress: '已启动采购', measures: '公开招标' });
    expect(r).toMatchObject({ ok: true, data: { status: 'inProgress', progress: '已启动采购', measures: '公开招标', rev: 2, overdue: false } });
    expect(await update(a.id, 1, 'inProgress')).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '整改事项“ZG-2026-0001”已被他人修改，请刷新后重试。' } });
    expect(await update(a.id, 2, 'open')).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'ZG-2026-0001：整改中的事项不能改回“未开始”。' } });

    // August: the first item is past its deadline.
    h.clock.ms = Date.parse('2026-08-03T02:00:00.000Z');
    const perf = await h.login('jixiao', USER_PASSWORD);
    const biz = await h.login('yewu', USER_PASSWORD);
    o.viewer = await h.login('chayue', USER_PASSWORD);
    expect((await list()).map((x) => [x.code, x.status, x.overdue])).toEqual([['ZG-2026-0001', 'inProgress', true], ['ZG-2026-0002', 'open', false]]);
    expect((await list({ status: 'overdue' })).map((x) => x.code)).toEqual(['ZG-2026-0001']);
    expect((await list({ status: 'open' })).map((x) => x.code)).toEqual(['ZG-2026-0002']);
    expect((await list({ q: '拨付' })).map((x) => x.code)).toEqual(['ZG-2026-0002']);
    expect((await list({ q: '医疗设备' })).map((x) => x.code)).toEqual(['ZG-2026-0001', 'ZG-2026-0002']);
    expect((await list({ q: '0002' })).map((x) => x.code)).toEqual(['ZG-2026-0002']);
    expect(await list({ source: 'audit' })).toEqual([]);

    // done needs a completion date, not in the future, not before the issue date (the schema asks first).
    expect(await update(a.id, 2, 'done', {}, biz)).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ field: 'closedOn', message: '销号时请填写完成日期' }] } });
    expect(await update(a.id, 2, 'done', { closedOn: '2026-08-04' }, biz)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '完成日期 2026-08-04 晚于今天（2026-08-03）。' } });
    r = await update(a.id, 2, 'done', { closedOn: '2026-08-01', progress: '设备已到货验收' }, biz);
    expect(r).toMatchObject({ ok: true, data: { status: 'done', closedOn: '2026-08-01', overdue: false, rev: 3 } });
    // Final: 业务股室 cannot touch it, 绩效管理 may reopen it (closing date cleared).
    expect(await update(a.id, 3, 'done', { closedOn: '2026-08-02' }, biz)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await update(a.id, 3, 'inProgress', {}, biz)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '已办结的整改事项“ZG-2026-0001”只有绩效管理可以重新打开。' } });
    r = await update(a.id, 3, 'inProgress', { progress: '复核发现仍有 2 台未安装' }, perf);
    expect(r).toMatchObject({ ok: true, data: { status: 'inProgress', closedOn: null, overdue: true, rev: 4 } });

    // waived needs a reason and closes today.
    expect(await update(b.id, 1, 'waived', {}, biz)).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ field: 'progress', message: '不予整改须说明原因' }] } });
    r = await update(b.id, 1, 'waived', { progress: '项目已调整，问题不再存在' }, biz);
    expect(r).toMatchObject({ ok: true, data: { status: 'waived', closedOn: '2026-08-03', overdue: false } });
    expect(await h.raw('rectifications.update', { id: b.id, rev: 2, status: 'inProgress' }, o.viewer)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

// ---------------------------------------------------------------- forms

describe('monitoring.exportForm / exportUnitBatch', () => {
  it('lays out the 项目支出绩效目标执行监控表: header, money block in 万元 with rates, goals, indicators with cause ticks, warnings, decisions', async () => {
    h = await openHarness();
    const o = await office(h);
    await commit(h, o, 'good-budget-system-yuan.xlsx', YUAN);
    const filled = await fillNutrition(h, o);
    const impossible = filled.warnings.find((w) => w.rule === 'impossible');
    await h.call('monitoring.decide', {
      sheetId: filled.id, warningId: impossible?.id ?? null, action: 'rectify', note: '限期整改',
      rectification: { problem: '培训进度滞后', requirement: '调整培训计划', owner: '县教育局', deadline: '2026-08-31' },
    }, o.perf);
    await h.call('monitoring.decide', { sheetId: filled.id, action: 'reduceBudget', amountFen: 50 * WAN, note: '调减培训经费' }, o.biz);

    const f = await h.call('monitoring.exportForm', { sheetId: filled.id }, o.viewer);
    expect(f.name).toBe('项目支出绩效目标执行监控表-XM-101-01-2026年1–6月.xlsx');
    // Read with styles and number formats, as Excel would show the file.
    const wb = XLSX.read(Buffer.from(f.base64, 'base64'), { type: 'buffer', cellStyles: true, cellNF: true });
    expect(wb.SheetNames).toEqual(['XM-101-01']);
    const ws = wb.Sheets['XM-101-01'];
    if (!ws) throw new Error('no sheet');
    const rows = sheetAoa(wb);
    const E = '';
    expect(rows.slice(0, 12)).toEqual([
      ['项目支出绩效目标执行监控表', E, E, E, E, E, E, E, E, E, E, E, E],
      ['（ 2026 年 1–6 月）', E, E, E, E, E, E, E, E, E, E, E, E],
      ['项目名称', '学生营养改善计划', E, E, E, E, '项目编码', E, E, E, E, 'XM-101-01', E],
      ['主管部门及代码', '县教育局（101）', E, E, E, E, '实施单位', E, E, E, E, '县教育局', E],
      ['项目资金（万元）', E, E, '年初预算数', '全年预算数', '1–6月执行数', '1–6月执行率', E, E, E, E, '全年预计执行数', E],
      [E, '年度资金总额', E, 500, 500, 150, 0.3, E, E, E, E, 450, E],
      [E, '其中：财政拨款', E, 400, 400, 120, 0.3, E, E, E, E, E, E],
      [E, '其他资金', E, 100, 100, 30, 0.3, E, E, E, E, E, E],
      ['年度总体目标', '年初设定', E, E, E, '1–6月实际完成情况', E, E, E, E, E, '全年预计完成情况', E],
      [E, '学生营养改善计划年度目标：按计划完成。', E, E, E, '已为 3,200 名学生提供营养午餐 100 天。', E, E, E, E, E, '全年可完成供餐任务。', E],
      ['一级指标', '二级指标', '三级指标', '年度指标值', '1–6月实际完成值', '全年预计完成值', '偏差原因分析', E, E, E, E, '完成目标可能性', '备注（原因说明、纠偏措施）'],
      [E, E, E, E, E, E, '经费保障', '制度保障', '人员保障', '硬件条件保障', '其他', E, E],
    ]);
    expect(rows.slice(12, 15)).toEqual([
      ['产出指标', '数量指标', '农户培训人次', '≥2000人次', '600', '1500', '√', E, E, E, E, '完全不可能', '原因说明：培训经费下达较晚；纠偏措施：申请调减目标至 1500 人次'],
      ['效益指标', '社会效益指标', '学生营养状况', '达到预期', '未达成目标且效果较差', E, E, E, '√', '√', E, '有可能', '纠偏措施：增加营养师'],
      ['满意度指标', '服务对象满意度指标', '家长满意度', '≥95%', '96%', '96%', E, E, E, E, E, '确定能', E],
    ]);
    expect(rows.slice(15)).toEqual([
      ['预警情况', '黄色预警', '时间进度 50.00%，执行率 30.00%，进度差 20.00 个百分点，相对偏差 40.00%，超过 20.00% 的预警线', E, E, E, E, E, E, E, E, E, E],
      [E, '红色预警', '“学生营养状况”进展为“未达成目标且效果较差”', E, E, E, E, E, E, E, E, E, E],
      [E, '红色预警', '“农户培训人次”预计全年完全不可能完成', E, E, E, E, E, E, E, E, E, E],
      [E, '黄色预警', '“学生营养状况”预计全年完成目标的可能性为“有可能”，须采取纠偏措施', E, E, E, E, E, E, E, E, E, E],
      ['处理意见', '限期整改', '针对预警：“农户培训人次”预计全年完全不可能完成；限期整改；整改事项 ZG-2026-0001：调整培训计划（责任单位：县教育局，整改期限：2026-08-31）（jixiao 用户，2026-07-06）', E, E, E, E, E, E, E, E, E, E],
      [E, '调减预算', '金额 50.00 万元；调减培训经费（yewu 用户，2026-07-06）', E, E, E, E, E, E, E, E, E, E],
      ['时间进度 50.00%　　当前状态：草稿　　导出日期：2026-07-06', E, E, E, E, E, E, E, E, E, E, E, E],
    ]);
    // Numbers are numbers in 万元 and rates percentages, shown through their formats; merges and print area as laid out.
    expect(ws.D6).toMatchObject({ t: 'n', v: 500, z: '#,##0.00', w: '500.00' });
    expect(ws.G6).toMatchObject({ t: 'n', v: 0.3, z: '0.00%', w: '30.00%' });
    const merges = (ws['!merges'] ?? []).map((m) => XLSX.utils.encode_range(m));
    expect(merges).toEqual(expect.arrayContaining(['A1:M1', 'A2:M2', 'B3:F3', 'G3:K3', 'L3:M3', 'A5:A8', 'G5:K5', 'L5:M5', 'G11:K11', 'A11:A12', 'M11:M12', 'A16:A19', 'A20:A21', 'C16:M16', 'A22:M22']));
    expect(ws['!ref']).toBe('A1:M22');
    expect(ws['!cols']?.map((c) => c.wch)).toEqual([12, 14, 24, 13, 13, 13, 7, 7, 7, 7, 7, 11, 30]);
    expect(ws['!rows']?.[0]?.hpt).toBe(32);
    expect(ws['!rows']?.[9]?.hpt).toBeGreaterThanOrEqual(60);
    expect(wb.Workbook?.Names?.find((n) => n.Name === '_xlnm.Print_Area')?.Ref).toBe("'XM-101-01'!$A$1:$M$22");
  });

  it('a unit batch holds one sheet per project sheet of the unit in the round (its own, not its subordinate units\')', async () => {
    h = await openHarness();
    const o = await office(h);
    const f = await h.call('monitoring.exportUnitBatch', { roundId: o.roundId, unitId: o.units['102'] ?? '' }, o.viewer);
    expect(f.name).toBe('绩效目标执行监控表-县卫生健康委员会-2026年1–6月.xlsx');
    const wb = readXlsx(f.base64);
    expect(wb.SheetNames).toEqual(['XM-102-01', 'XM-102-02']);
    expect(sheetAoa(wb, 'XM-102-02')[2]?.slice(0, 2)).toEqual(['项目名称', '基本公共卫生服务']);
    expect(sheetAoa(wb, 'XM-102-02')[5]?.slice(0, 6)).toEqual(['', '年度资金总额', '', 80, 80, '']);
    expect((await h.call('monitoring.exportUnitBatch', { roundId: o.roundId, unitId: o.units['101'] ?? '' }, o.viewer)).name).toContain('县教育局');
    expect(await h.raw('monitoring.exportUnitBatch', { roundId: o.roundId, unitId: o.units['103'] ?? '' }, o.viewer))
      .toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '“县农业农村局”在监控批次“2026年1–6月项目自行监控”中没有监控表。' } });
  });
});

// ---------------------------------------------------------------- summary

/** A small deterministic generator, so a failing case can be replayed. */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const CATEGORY_TAGS: FundTag[] = ['direct', 'revitalization', 'specialBond', 'generalBond', 'upperTransfer', 'localSpecial'];

describe('monitoring.summary', () => {
  it('sums match sums computed independently: projects, categories, units rolled up, warnings, decisions, rectifications', async () => {
    h = await openHarness();
    const r = rng(20260706);
    const units = ['101', '101001', '102', '103'];
    const gen: (ProjectSpec & { executedFen: number | null; late: boolean })[] = [];
    for (let i = 0; i < 60; i++) {
      const tags = (['direct', 'revitalization', 'specialBond', 'generalBond', 'upperTransfer', 'localSpecial', 'ppp', 'other'] as FundTag[]).filter(() => r() < 0.2);
      const goal = i < 50 ? (r() < 0.5 ? 'approved' : 'published') : i < 55 ? 'draft' : 'approved';
      const fiscal = Math.floor(r() * 900 * WAN) + 1; // odd 分: any float rounding would show
      gen.push({
        code: `G${String(i).padStart(3, '0')}`, name: `项目${i}`, unit: units[i % 4] ?? '101', fiscalFen: fiscal, otherFen: Math.floor(r() * 50 * WAN), tags, goal,
        status: i === 49 ? 'cancelled' : 'budgeted',
        executedFen: r() < 0.85 ? Math.floor(r() * 300 * WAN) : null,
        late: i >= 55,
      });
    }
    // Projects 55–59 get their approved goal after the round was populated: should be monitored, are not.
    const o = await office(h, gen.filter((g) => !g.late).map((g) => ({ ...g, status: g.status })));
    for (const g of gen.filter((x) => x.late)) o.projects[g.code] = addProject(h, o.units, g);

    // Executions by import (a workbook built here), decisions and rectifications on some sheets.
    const imported = gen.filter((g) => !g.late && g.goal !== 'draft' && g.status !== 'cancelled' && g.executedFen !== null);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['项目编码', '执行数'], ...imported.map((g) => [g.code, ((g.executedFen ?? 0) / 100).toFixed(2)])]), '执行数');
    const file = { name: '执行数.xlsx', base64: (XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer).toString('base64') };
    expect(await h.call('monitoring.importExecutionCommit', { roundId: o.roundId, file, mapping: DEFAULT }, o.perf)).toEqual({ add: imported.length, update: 0, unchanged: 0 });
    const sheetOf = (code: string) => sheetIdOf(h!, o, code);
    await h.call('monitoring.decide', { sheetId: sheetOf('G000'), action: 'reduceBudget', amountFen: 123_456, note: '' }, o.perf);
    await h.call('monitoring.decide', { sheetId: sheetOf('G001'), action: 'reduceBudget', amountFen: 1, note: '' }, o.biz);
    await h.call('monitoring.decide', { sheetId: sheetOf('G002'), action: 'remind', note: '' }, o.biz);
    const item = { problem: '问题', requirement: '要求', owner: '责任单位', deadline: '2026-07-20' };
    await h.call('monitoring.decide', { sheetId: sheetOf('G003'), action: 'rectify', note: '', rectification: item }, o.perf);
    await h.call('monitoring.decide', { sheetId: sheetOf('G004'), action: 'rectify', note: '', rectification: { ...item, deadline: '2026-12-31' } }, o.perf);
    const third = await h.call('monitoring.decide', { sheetId: sheetOf('G005'), action: 'rectify', note: '', rectification: item }, o.perf);
    const doneId = third.decisions.at(-1)?.rectificationId ?? '';
    await h.call('rectifications.update', { id: doneId, rev: 1, status: 'done', closedOn: '2026-07-06' }, o.perf);
    // 部门整体: 101 and 102 have approved overall goals and sheets in a 部门整体 round; 103's goal is approved later.
    const unitGoal = (unit: string) => insertSheet(h!.backend.database, {
      id: uuidv7(), origin: ORIGIN, year: YEAR, owner_type: 'unitOverall', project_id: null, unit_id: o.units[unit] ?? '', status: 'approved',
      annual_goal: '', mid_term_goal: '', unit_duties: '', locked: 0, created_at: '2026-07-06T02:00:00.000Z', updated_at: '2026-07-06T02:00:00.000Z',
    });
    unitGoal('101');
    unitGoal('102');
    const unitRound = await h.call('monitoring.createRound', {
      year: YEAR, month: 6, objectType: 'unitOverall', kind: 'self', title: '2026年1–6月部门整体自行监控', issuedOn: '2026-07-01', dueOn: '2026-07-15',
    }, o.perf);
    expect(await h.call('monitoring.populateRound', { roundId: unitRound.id }, o.perf)).toEqual({ created: 2, existing: 0 });
    unitGoal('103');
    h.clock.ms = Date.parse('2026-07-25T02:00:00.000Z');
    o.viewer = await h.login('chayue', USER_PASSWORD);

    const s = await h.call('monitoring.summary', { year: YEAR }, o.viewer);

    // Independent sums, by plain loops over what was generated.
    const annual = (g: ProjectSpec) => g.fiscalFen + (g.carryoverFen ?? 0) + (g.otherFen ?? 0);
    const should = gen.filter((g) => g.goal !== 'draft' && g.status !== 'cancelled');
    const monitored = (g: (typeof gen)[number]) => !g.late;
    const cell = (xs: typeof gen) => ({
      total: xs.length, monitored: xs.filter(monitored).length, amountFen: xs.reduce((a, g) => a + annual(g), 0),
      monitoredAmountFen: xs.filter(monitored).reduce((a, g) => a + annual(g), 0), executedFen: xs.filter(monitored).reduce((a, g) => a + (g.executedFen ?? 0), 0),
    });
    expect(s.roundId).toBe(o.roundId);
    expect(s.month).toBe(6);
    expect(s.projects).toEqual(cell(should));
    expect(s.byCategory).toEqual([
      ...CATEGORY_TAGS.map((t) => ({ category: t, label: expect.any(String), ...cell(should.filter((g) => g.tags?.includes(t))) })),
      { category: 'other', label: '其他/未标注', ...cell(should.filter((g) => !g.tags?.some((t) => CATEGORY_TAGS.includes(t)))) },
    ]);
    expect(s.byCategory.map((c) => c.label)).toEqual(['直达资金', '衔接推进乡村振兴补助资金', '地方政府专项债券', '一般债券', '上级转移支付', '本级专项资金', '其他/未标注']);
    expect(s.units).toEqual({ total: 3, monitored: 2 });

    // By 主管部门: 101001 rolls up into 101; 103 has sheets of its own.
    const sheetsOf = (dept: string[]) => should.filter((g) => monitored(g) && dept.includes(g.unit));
    const levels = h.backend.database.prepare('SELECT p.code, s.warning_level FROM monitoring_sheets s JOIN projects p ON p.id = s.project_id').all() as { code: string; warning_level: string | null }[];
    const levelOf = new Map(levels.map((l) => [l.code, l.warning_level]));
    const dept = (unitCode: string, name: string, members: string[]) => {
      const xs = sheetsOf(members);
      const budget = xs.reduce((a, g) => a + annual(g), 0);
      const exec = xs.reduce((a, g) => a + (g.executedFen ?? 0), 0);
      return {
        unitId: o.units[unitCode], unitName: name, annualBudgetFen: budget, executedFen: exec, executionRate: percent(exec, budget), timeProgress: 50,
        yellow: xs.filter((g) => levelOf.get(g.code) === 'yellow').length, red: xs.filter((g) => levelOf.get(g.code) === 'red').length,
      };
    };
    expect(s.byUnit).toEqual([dept('101', '县教育局', ['101', '101001']), dept('102', '县卫生健康委员会', ['102']), dept('103', '县农业农村局', ['103'])]);
    expect(s.byUnit.reduce((a, u) => a + u.executedFen, 0)).toBe(s.projects.executedFen);

    const warnings = h.backend.database.prepare('SELECT rule, level FROM monitoring_warnings').all() as { rule: string; level: 'yellow' | 'red' }[];
    expect(s.warningsByLevel).toEqual([
      { level: 'red', count: warnings.filter((w) => w.level === 'red').length },
      { level: 'yellow', count: warnings.filter((w) => w.level === 'yellow').length },
    ]);
    expect(s.warningsByLevel[1]?.count).toBeGreaterThan(0);
    expect(s.warningsByRule).toEqual([{ rule: 'timeGap', level: 'yellow', count: warnings.length }]);
    expect(s.decisionsByAction.filter((d) => d.count > 0)).toEqual([
      { action: 'remind', count: 1, amountFen: 0 }, { action: 'rectify', count: 3, amountFen: 0 }, { action: 'reduceBudget', count: 2, amountFen: 123_457 },
    ]);
    expect(s.decisionsByAction).toHaveLength(10);
    expect(s.rectifications).toEqual({ total: 3, open: 2, done: 1, overdue: 1 });

    // Another year: complete but empty; a round of another year is refused.
    const empty: MonitoringSummaryDto = await h.call('monitoring.summary', { year: 2025 }, o.viewer);
    expect(empty).toMatchObject({ roundId: null, month: null, projects: { total: 0, monitored: 0, amountFen: 0 }, byUnit: [], warningsByLevel: [{ level: 'red', count: 0 }, { level: 'yellow', count: 0 }] });
    expect(await h.raw('monitoring.summary', { year: 2025, roundId: o.roundId }, o.viewer)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('query plans: every whole-round and whole-year query finds its rows by index', async () => {
    h = await openHarness();
    const o = await office(h);
    await commit(h, o, 'good-budget-system-yuan.xlsx', YUAN);
    const db = h.backend.database;
    const params: Record<string, unknown> = {
      origin: ORIGIN, year: YEAR, roundId: o.roundId, unitId: 'x', objectType: 'project', level: 'red', rule: 'timeGap', limit: 100, offset: 0,
      today: '2026-07-06', source: 'monitoring', status: 'open', q: '%x%', prefix: 'ZG-2026-', prefixEnd: 'ZG-2026.',
    };
    const sqls: [string, string][] = [];
    for (const mod of [monitoringQueries, rectificationQueries] as Record<string, unknown>[]) {
      for (const [name, value] of Object.entries(mod)) if (name.endsWith('_SQL') && typeof value === 'string') sqls.push([name, value]);
    }
    expect(sqls.map(([n]) => n).sort()).toEqual([
      'IMPORT_TARGETS_SQL', 'LATEST_ROUND_SQL', 'MAX_SEQ_SQL', 'RECTIFICATION_COUNTS_SQL', 'RECTIFICATION_LIST_SQL', 'SUMMARY_DECISIONS_SQL', 'SUMMARY_PROJECTS_SQL',
      'SUMMARY_SHEETS_BY_UNIT_SQL', 'SUMMARY_TAGS_SQL', 'SUMMARY_UNITS_SQL', 'SUMMARY_WARNINGS_SQL', 'UNIT_ROUND_SHEETS_SQL', 'WARNINGS_ROUND_SQL', 'WARNINGS_YEAR_SQL',
    ]);
    const BIG = /^SCAN (projects|goal_sheets|goal_indicators|monitoring_sheets|monitoring_warnings|monitoring_decisions|monitoring_rounds|rectifications|project_tags|p|g|s|w|d|r|x|t)\b/;
    for (const [name, sql] of sqls) {
      const used = Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`@${k}\\b`).test(sql)));
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(used) as { detail: string }[]).map((r) => r.detail);
      expect({ name, scans: plan.filter((d) => BIG.test(d)) }).toEqual({ name, scans: [] });
      expect({ name, search: plan.some((d) => d.startsWith('SEARCH')) }).toEqual({ name, search: true });
    }
  });
});
