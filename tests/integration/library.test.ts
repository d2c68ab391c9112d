import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorDetail } from '../../shared/api/result.ts';
import type { LibraryEntryDto } from '../../shared/api/dtoGoals.ts';
import type { MethodInput } from '../../shared/api/contract.ts';
import type { LibraryEntryInput } from '../../shared/domain/indicators.ts';
import library from '../../resources/indicators/common-library.json';
import { ensureBuiltinLibrary } from '../../electron/backend/services/library.ts';
import { Backend } from '../../electron/backend/backend.ts';
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

const SHEET = '指标库';
const HEADER = [
  '编码', '库类型', '行业/领域', '项目类型', '一级指标', '二级指标', '三级指标名称', '指标解释', '指标值类型', '性质', '计量单位', '参考指标值',
  '取值依据', '计算公式', '评(扣)分标准', '数据来源', '适用对象', '是否核心指标', '启用年度', '停用年度', '来源文件',
];

/** A harness with a performance (绩效管理) user, who owns the library. */
async function withPerformance() {
  const hh = await openHarness();
  await addUser(hh, 'perf', 'performance');
  return { hh, perf: await hh.login('perf', USER_PASSWORD) };
}

const entry = (over: Partial<LibraryEntryInput> = {}): LibraryEntryInput => ({
  code: 'LT-GN-OUT-QTY-01', libraryKind: 'local', projectType: 'general', level1: 'output', level2: 'quantity', name: '本地数量指标',
  valueType: 'quantitative', operator: '>=', unit: '个', appliesTo: ['project'], ...over,
});

const ownEntries = (hh: Harness) => countRows(hh, 'library_entries') - 241;
const importBackups = (hh: Harness) => (fs.existsSync(hh.backend.backupDir) ? fs.readdirSync(hh.backend.backupDir).filter((n) => n.endsWith('-import.sqlite')) : []);
const byCode = async (hh: Harness, session: string, code: string, includeRetired = true) =>
  (await hh.call('library.search', { q: code, includeRetired, pageSize: 500 }, session)).rows.filter((r) => r.code === code);

// ---------------------------------------------------------------- seeding

describe('builtin common library', () => {
  it('is seeded at start-up: 241 read-only entries of origin builtin, version recorded', async () => {
    h = await openHarness();
    const db = h.backend.database;
    expect(db.prepare("SELECT count(*) FROM library_entries WHERE origin = 'builtin'").pluck().get()).toBe(241);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'library.builtin.version'").pluck().get()).toBe(String(library.version));
    const page = await h.call('library.search', { pageSize: 500 });
    expect(page.total).toBe(241);
    expect(page.rows.every((r) => r.readOnly && r.origin === 'builtin' && !r.retired)).toBe(true);
    const mt = page.rows.find((r) => r.code === 'MT-OUT-QTY-01');
    const shipped = library.entries.find((e) => e.code === 'MT-OUT-QTY-01');
    expect(mt).toMatchObject({ ...shipped, id: 'builtin-MT-OUT-QTY-01', readOnly: true });
  });

  it('seeding again is a no-op; a missing builtin code is put back', async () => {
    h = await openHarness();
    const db = h.backend.database;
    const before = db.prepare("SELECT id, rev, updated_at FROM library_entries WHERE origin = 'builtin' ORDER BY id").all();
    db.prepare("DELETE FROM library_entries WHERE code = 'GN-OUT-QTY-01' AND origin = 'builtin'").run();
    h.backend.close();
    const reopened = await Backend.open({ dataDir: h.dir, now: h.clock.now });
    try {
      const after = reopened.database.prepare("SELECT id, rev, updated_at FROM library_entries WHERE origin = 'builtin' ORDER BY id").all() as { id: string; rev: number; updated_at: string }[];
      expect(after).toHaveLength(241);
      // Only the deleted row is new; every other row is untouched.
      expect(after.filter((r) => r.id !== 'builtin-GN-OUT-QTY-01')).toEqual(before.filter((r) => (r as { id: string }).id !== 'builtin-GN-OUT-QTY-01'));
    } finally {
      reopened.close();
    }
  });

  it('a newer shipped version updates builtin rows and retires codes it no longer has; an older one changes nothing', async () => {
    h = await openHarness();
    const db = h.backend.database;
    const [first, second, ...rest] = library.entries;
    if (!first || !second) throw new Error('library too small');
    const v2 = { version: 2, entries: [{ ...first, name: `${first.name}（新版）` }, ...rest] };
    ensureBuiltinLibrary(db, new Date('2026-05-01T00:00:00Z'), v2);
    const row = (code: string) => db.prepare("SELECT name, retired, rev FROM library_entries WHERE origin = 'builtin' AND code = ?").get(code) as { name: string; retired: number; rev: number };
    expect(row(first.code)).toEqual({ name: `${first.name}（新版）`, retired: 0, rev: 2 });
    expect(row(second.code)).toMatchObject({ retired: 1 });
    expect(row(rest[0]?.code ?? '')).toMatchObject({ rev: 1 });
    expect(db.prepare("SELECT value FROM settings WHERE key = 'library.builtin.version'").pluck().get()).toBe('2');
    // Shipping version 1 again (an older program) rewrites nothing, but a missing code is still added.
    ensureBuiltinLibrary(db, new Date('2026-06-01T00:00:00Z'), library);
    expect(row(first.code).name).toBe(`${first.name}（新版）`);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'library.builtin.version'").pluck().get()).toBe('2');
  });

  it('builtin entries cannot be edited or retired, not even by the performance section', async () => {
    const { hh, perf } = await withPerformance();
    h = hh;
    const [mt] = await byCode(h, perf, 'MT-OUT-QTY-01');
    if (!mt) throw new Error('no builtin entry');
    const upd = errorOf(await h.raw('library.update', { id: mt.id, entry: entry({ code: mt.code }) }, perf));
    expect(upd).toEqual({ code: 'CONFLICT', message: '指标“培训班次”（MT-OUT-QTY-01）是内置指标。内置或上级下发的指标只能查看，可复制为本地指标后修改。' });
    expect(errorOf(await h.raw('library.setRetired', { id: mt.id, retired: true }, perf)).code).toBe('CONFLICT');
    // Entries handed down by a higher level are read-only too.
    const at = '2026-02-01T00:00:00.000Z';
    h.backend.database.prepare(`INSERT INTO library_entries (id, origin, code, library_kind, project_type, level1, level2, name, value_type, operator, applies_to, created_at, updated_at)
      VALUES ('up-1', '652300', 'ZT-01', 'industry', 'general', 'output', 'quantity', '州级指标', 'quantitative', '>=', '["project"]', ?, ?)`).run(at, at);
    const up = (await byCode(h, perf, 'ZT-01'))[0];
    expect(up).toMatchObject({ readOnly: true, origin: '652300' });
    expect(errorOf(await h.raw('library.update', { id: 'up-1', entry: entry({ code: 'ZT-01' }) }, perf)).message).toBe(
      '指标“州级指标”（ZT-01）是上级下发指标。内置或上级下发的指标只能查看，可复制为本地指标后修改。',
    );
  });
});

// ---------------------------------------------------------------- search

describe('library.search', () => {
  it('filters by text (name, code, explanation), type, levels and applicability; pages; builtin first then code', async () => {
    const { hh, perf } = await withPerformance();
    h = hh;
    await h.call('library.create', entry({ code: 'AA-LOCAL-01', name: '本地培训满意度', level1: 'satisfaction', level2: 'serviceSatisfaction', valueType: 'qualitative', operator: 'qualitative', appliesTo: ['project', 'policy'] }), perf);
    const s = (input: MethodInput<'library.search'>) => hh.call('library.search', { pageSize: 500, ...input });
    const all = library.entries;
    const contains = (t: string) => all.filter((e) => e.name.includes(t) || e.code.includes(t) || e.explanation.includes(t));

    const byName = await s({ q: '培训' });
    expect(byName.total).toBe(contains('培训').length + 1);
    // Builtin entries first (by code), the office's own after them even though "AA" sorts first.
    expect(byName.rows.at(-1)?.code).toBe('AA-LOCAL-01');
    const builtinCodes = byName.rows.slice(0, -1).map((r) => r.code);
    expect(builtinCodes).toEqual([...builtinCodes].sort());
    expect((await s({ q: 'mt-out-qty' })).total).toBe(all.filter((e) => e.code.startsWith('MT-OUT-QTY')).length);
    expect((await s({ q: '不含报到、离会时间' })).rows.map((r) => r.code)).toEqual(['MT-OUT-QTY-03']);
    // % and _ are taken literally.
    expect((await s({ q: '%' })).total).toBe(contains('%').length);

    expect((await s({ projectType: 'meetingTraining' })).total).toBe(all.filter((e) => e.projectType === 'meetingTraining').length);
    expect((await s({ level1: 'cost' })).total).toBe(all.filter((e) => e.level1 === 'cost').length);
    expect((await s({ level1: 'output', level2: 'timeliness' })).total).toBe(all.filter((e) => e.level2 === 'timeliness').length);
    expect((await s({ appliesTo: 'unitOverall' })).total).toBe(all.filter((e) => e.appliesTo.includes('unitOverall')).length);
    expect((await s({ appliesTo: 'policy' })).rows.map((r) => r.code)).toEqual([
      ...all.filter((e) => e.appliesTo.includes('policy')).map((e) => e.code).sort(), 'AA-LOCAL-01',
    ]);
    expect((await s({ projectType: 'general', level1: 'satisfaction', q: '满意' })).rows.map((r) => r.code)).toContain('AA-LOCAL-01');

    // Pages do not overlap and add up to the total.
    const p1 = await h.call('library.search', { page: 1, pageSize: 100 });
    const p3 = await h.call('library.search', { page: 3, pageSize: 100 });
    expect([p1.total, p1.rows.length, p3.rows.length]).toEqual([242, 100, 42]);
    expect(p3.rows.at(-1)?.code).toBe('AA-LOCAL-01');
  });

  it('retired entries are hidden unless asked for', async () => {
    const { hh, perf } = await withPerformance();
    h = hh;
    const e = await h.call('library.create', entry(), perf);
    const retired = await h.call('library.setRetired', { id: e.id, retired: true }, perf);
    expect(retired).toMatchObject({ retired: true, readOnly: false });
    expect(await byCode(h, perf, e.code, false)).toEqual([]);
    expect((await byCode(h, perf, e.code, true)).map((r) => r.retired)).toEqual([true]);
    expect((await h.call('library.setRetired', { id: e.id, retired: false }, perf)).retired).toBe(false);
    expect(await byCode(h, perf, e.code, false)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------- CRUD and permissions

describe('library CRUD and permissions', () => {
  it('the performance section creates and edits its own entries; each write is audited', async () => {
    const { hh, perf } = await withPerformance();
    h = hh;
    const created = await h.call('library.create', entry({ field: '教育', isCore: true, startYear: 2026, explanation: '说明' }), perf);
    expect(created).toMatchObject({
      origin: '652325', readOnly: false, code: 'LT-GN-OUT-QTY-01', libraryKind: 'local', field: '教育', projectType: 'general', level1: 'output',
      level2: 'quantity', name: '本地数量指标', explanation: '说明', valueType: 'quantitative', operator: '>=', unit: '个', referenceValue: '',
      valueBasis: 'plan', appliesTo: ['project'], isCore: true, startYear: 2026, endYear: null, retired: false,
    } satisfies Partial<LibraryEntryDto>);
    const updated = await h.call('library.update', { id: created.id, entry: entry({ name: '本地数量指标（修订）', referenceValue: '≥计划数', appliesTo: ['project', 'unitOverall'] }) }, perf);
    expect(updated).toMatchObject({ id: created.id, name: '本地数量指标（修订）', referenceValue: '≥计划数', appliesTo: ['project', 'unitOverall'] });
    const audits = auditRows(h).filter((a) => a.entity === 'library_entry' && a.result === '成功');
    expect(audits.map((a) => a.method)).toEqual(['library.create', 'library.update']);
    expect(JSON.parse(audits[1]?.changes ?? '{}')).toMatchObject({ name: ['本地数量指标', '本地数量指标（修订）'] });
  });

  it('codes are unique within the office; a builtin code may be reused for a local copy', async () => {
    const { hh, perf } = await withPerformance();
    h = hh;
    const a = await h.call('library.create', entry(), perf);
    expect(errorOf(await h.raw('library.create', entry({ name: '另一个' }), perf))).toEqual({
      code: 'CONFLICT', message: '指标编码“LT-GN-OUT-QTY-01”已被本单位的指标“本地数量指标”使用。', details: [{ field: 'code', message: '指标编码重复' }],
    });
    const b = await h.call('library.create', entry({ code: 'LT-2' }), perf);
    expect(errorOf(await h.raw('library.update', { id: b.id, entry: entry({ code: a.code }) }, perf)).code).toBe('CONFLICT');
    // "Copy as a local entry": same code as the builtin one, own origin, editable.
    const copy = await h.call('library.create', entry({ code: 'MT-OUT-QTY-01', projectType: 'meetingTraining', name: '培训班次（本县）' }), perf);
    expect(copy).toMatchObject({ origin: '652325', readOnly: false });
    expect((await byCode(h, perf, 'MT-OUT-QTY-01')).map((r) => r.origin)).toEqual(['builtin', '652325']);
  });

  it('refuses a level-2 that is not under its level-1 in either template; accepts both templates', async () => {
    const { hh, perf } = await withPerformance();
    h = hh;
    expect(errorOf(await h.raw('library.create', entry({ level1: 'benefit', level2: 'quantity' }), perf))).toEqual({
      code: 'VALIDATION', message: '二级指标“数量指标”不属于一级指标“效益指标”（模板 A、B 中都没有这一组合）。', details: [{ field: 'level2', message: '二级指标与一级指标不匹配' }],
    });
    await h.call('library.create', entry({ code: 'A-1', level1: 'output', level2: 'costOutput' }), perf);
    await h.call('library.create', entry({ code: 'B-1', level1: 'cost', level2: 'economicCost' }), perf);
    // The shared schema: 定量 needs a comparison.
    expect(errorOf(await h.raw('library.create', entry({ code: 'C-1', operator: 'qualitative' }), perf))).toMatchObject({
      code: 'VALIDATION', details: [{ field: 'operator', message: expect.stringContaining('定量指标应选择 ≥、≤、=、>、< 之一') }],
    });
    expect(ownEntries(h)).toBe(2);
  });

  it('viewers, business sections and the administrator read but cannot change the library', async () => {
    const { hh, perf } = await withPerformance();
    h = hh;
    await addUser(h, 'biz', 'business');
    await addUser(h, 'view', 'viewer');
    const biz = await h.login('biz', USER_PASSWORD);
    const view = await h.login('view', USER_PASSWORD);
    const own = await h.call('library.create', entry(), perf);
    for (const session of [biz, view, h.session]) {
      expect((await h.call('library.search', { q: 'LT-GN' }, session)).total).toBe(1);
      expect(errorOf(await h.raw('library.create', entry({ code: 'X-1' }), session)).code).toBe('FORBIDDEN');
      expect(errorOf(await h.raw('library.update', { id: own.id, entry: entry({ name: '改' }) }, session)).code).toBe('FORBIDDEN');
      expect(errorOf(await h.raw('library.setRetired', { id: own.id, retired: true }, session)).code).toBe('FORBIDDEN');
      expect(errorOf(await h.raw('library.importCommit', { file: fixtureFile('library', 'good.xlsx') }, session)).code).toBe('FORBIDDEN');
      expect((await h.call('library.template', {}, session)).name).toBe('指标库导入模板.xlsx');
    }
    expect(ownEntries(h)).toBe(1);
  });

  it('unknown ids → NOT_FOUND', async () => {
    const { hh, perf } = await withPerformance();
    h = hh;
    expect(errorOf(await h.raw('library.update', { id: 'nope', entry: entry() }, perf)).code).toBe('NOT_FOUND');
    expect(errorOf(await h.raw('library.setRetired', { id: 'nope', retired: true }, perf)).code).toBe('NOT_FOUND');
  });
});

// ---------------------------------------------------------------- Excel

describe('library Excel import', () => {
  it('template: sheet 指标库 with every entry field as a Chinese header; it imports as it is', async () => {
    const { hh, perf } = await withPerformance();
    h = hh;
    const t = await h.call('library.template', {});
    const wb = readXlsx(t.base64);
    expect(wb.SheetNames).toEqual([SHEET, '填写说明']);
    const rows = sheetAoa(wb, SHEET);
    expect(rows[0]).toEqual(HEADER);
    expect(rows[1]?.slice(0, 10)).toEqual(['LT-MT-OUT-QTY-01', '本地自定义', '', '会议培训类', '产出指标', '数量指标', '乡村干部培训人次', '年度内参加乡村干部培训的累计人次。', '定量', '≥']);
    expect(await h.call('library.importCommit', { file: { name: t.name, base64: t.base64 } }, perf)).toEqual({ add: 2, update: 0, unchanged: 0 });
  });

  it('good.xlsx: labels mapped back to codes; the builtin row read back unchanged is not written; re-import is a no-op', async () => {
    const { hh, perf } = await withPerformance();
    h = hh;
    const file = fixtureFile('library', 'good.xlsx');
    const preview = await h.call('library.importPreview', { file }, perf);
    expect(preview.errors).toEqual([]);
    expect(preview.summary).toEqual({ add: 5, update: 0, unchanged: 1 });
    expect(preview.rows.map((r) => [r.row, r.action, r.value.code])).toEqual([
      [2, 'add', 'LT-MT-OUT-QTY-01'], [3, 'add', 'LT-IT-OUT-CO-01'], [4, 'add', 'LT-IT-CST-EC-01'], [5, 'add', 'LT-GN-SAT-SAT-01'],
      [6, 'add', 'LT-UO-BEN-SB-01'], [7, 'unchanged', 'MT-OUT-QTY-01'],
    ]);
    expect(countRows(h, 'library_entries')).toBe(241);

    expect(await h.call('library.importCommit', { file }, perf)).toEqual({ add: 5, update: 0, unchanged: 1 });
    expect(ownEntries(h)).toBe(5);
    expect(importBackups(h)).toHaveLength(1);
    const get = async (code: string) => (await byCode(h!, perf, code)).find((r) => r.origin === '652325');
    expect(await get('LT-MT-OUT-QTY-01')).toMatchObject({
      libraryKind: 'local', projectType: 'meetingTraining', level1: 'output', level2: 'quantity', name: '乡村干部培训人次', valueType: 'quantitative',
      operator: '>=', unit: '人次', referenceValue: '≥计划数', valueBasis: 'plan', formula: '各期参训人数之和', appliesTo: ['project'], isCore: true,
      startYear: 2026, endYear: null, sourceDoc: '本地常用',
    });
    expect(await get('LT-IT-OUT-CO-01')).toMatchObject({ libraryKind: 'local', level1: 'output', level2: 'costOutput', operator: '<=', valueBasis: 'industry', appliesTo: ['project', 'policy'], isCore: false });
    expect(await get('LT-IT-CST-EC-01')).toMatchObject({ libraryKind: 'industry', field: '信息化', level1: 'cost', level2: 'economicCost', operator: '<', valueBasis: 'history' });
    expect(await get('LT-GN-SAT-SAT-01')).toMatchObject({
      valueType: 'qualitative', operator: 'qualitative', valueBasis: 'other', appliesTo: ['project', 'unitOverall', 'policy'], isCore: false, startYear: 2026, endYear: 2030,
    });
    expect(await get('LT-UO-BEN-SB-01')).toMatchObject({ field: '履职效能', projectType: 'unitOverall', level1: 'benefit', level2: 'socialBenefit', operator: '=', valueBasis: 'plan', appliesTo: ['unitOverall'] });
    expect(await get('MT-OUT-QTY-01')).toBeUndefined();

    // Same file again: nothing to write, so no backup either.
    expect(await h.call('library.importCommit', { file }, perf)).toEqual({ add: 0, update: 0, unchanged: 6 });
    expect(importBackups(h)).toHaveLength(1);
  });

  it('good-changed.xlsx: updates by code; an edited builtin row becomes an own entry and the builtin one stays as shipped', async () => {
    const { hh, perf } = await withPerformance();
    h = hh;
    await h.call('library.importCommit', { file: fixtureFile('library', 'good.xlsx') }, perf);
    const own = (await byCode(h, perf, 'LT-MT-OUT-QTY-01'))[0];
    const preview = await h.call('library.importPreview', { file: fixtureFile('library', 'good-changed.xlsx') }, perf);
    expect(preview.rows.map((r) => [r.row, r.action])).toEqual([[2, 'update'], [3, 'unchanged'], [4, 'unchanged'], [5, 'unchanged'], [6, 'unchanged'], [7, 'add'], [8, 'add']]);
    expect(await h.call('library.importCommit', { file: fixtureFile('library', 'good-changed.xlsx') }, perf)).toEqual({ add: 2, update: 1, unchanged: 4 });
    const updated = (await byCode(h, perf, 'LT-MT-OUT-QTY-01'))[0];
    expect(updated).toMatchObject({ id: own?.id, name: '乡村干部培训人次（含线上）' });
    const mt = await byCode(h, perf, 'MT-OUT-QTY-01');
    expect(mt.map((r) => [r.origin, r.explanation])).toEqual([
      ['builtin', library.entries.find((e) => e.code === 'MT-OUT-QTY-01')?.explanation],
      ['652325', '本县口径：含线上培训班次。'],
    ]);
    expect(ownEntries(h)).toBe(7);
  });

  /** Each bad fixture: the exact errors, in order (sheet 指标库). */
  const ROW_ERRORS: Record<string, [row: number, column: string, field: string, message: string][]> = {
    'bad-missing-code.xlsx': [[3, 'A', '编码', '缺少编码']],
    'bad-duplicate-code.xlsx': [[4, 'A', '编码', '编码“LT-A-01”与第 2 行重复']],
    'bad-unknown-label.xlsx': [
      [2, 'D', '项目类型', '项目类型“水利类”无法识别，应为 会议培训类、信息化建设类、设备购置类、基建工程类、补助补贴类、运行维护类、政府购买服务类、部门整体、通用 之一'],
      [3, 'Q', '适用对象', '适用对象“单位”无法识别，应为 项目、部门整体、政策（多个用逗号分隔）'],
      [4, 'B', '库类型', '库类型“省级库”无法识别，应为 共性指标库、行业/领域指标库、本地自定义 之一'],
      [4, 'M', '取值依据', '取值依据“估算”无法识别，应为 计划标准、行业标准、历史标准、其他标准 之一'],
      [5, 'J', '性质', '性质“约等于”无法识别，应为 ≥、≤、=、>、<、定性 之一'],
    ],
    'bad-missing-required.xlsx': [
      [2, 'G', '三级指标名称', '缺少三级指标名称'],
      [3, 'E', '一级指标', '缺少一级指标'],
      [4, 'Q', '适用对象', '缺少适用对象'],
      [5, 'J', '性质', '缺少性质'],
    ],
    'bad-year.xlsx': [
      [2, 'S', '启用年度', '启用年度“2026年度”应为 2000–2100 之间的四位年份'],
      [3, 'T', '停用年度', '停用年度“1999”应为 2000–2100 之间的四位年份'],
      [4, 'T', '停用年度', '停用年度不能早于启用年度'],
    ],
    'bad-operator.xlsx': [
      [2, 'J', '性质', '定量指标应选择 ≥、≤、=、>、< 之一'],
      [3, 'J', '性质', '定性指标的性质应为“定性”'],
    ],
    'bad-level2.xlsx': [
      [2, 'F', '二级指标', '二级指标“数量指标”不属于一级指标“效益指标”（模板 A、B 中都没有这一组合）'],
      [3, 'F', '二级指标', '二级指标“经济成本指标”不属于一级指标“产出指标”（模板 A、B 中都没有这一组合）'],
    ],
  };

  describe('bad files (one office for all: none of them may write anything)', () => {
    let office: Awaited<ReturnType<typeof withPerformance>>;
    beforeAll(async () => {
      office = await withPerformance();
    });
    afterAll(() => office.hh.close());

    for (const [file, expected] of Object.entries(ROW_ERRORS)) {
      it(`${file}: every bad cell reported; nothing written`, async () => {
        const { hh, perf } = office;
        const f = fixtureFile('library', file);
        const preview = await hh.call('library.importPreview', { file: f }, perf);
        const details: ErrorDetail[] = expected.map(([row, column, field, message]) => ({ sheet: SHEET, row, column, field, message }));
        expect(preview.errors).toEqual(details);
        const e = errorOf(await hh.raw('library.importCommit', { file: f }, perf));
        expect(e).toEqual({ code: 'IMPORT_INVALID', message: `文件“${file}”有 ${expected.length} 处错误，未导入任何数据。`, details });
        expect(ownEntries(hh)).toBe(0);
        expect(importBackups(hh)).toEqual([]);
        const commits = auditRows(hh).filter((a) => a.method === 'library.importCommit');
        expect(commits.length).toBeGreaterThan(0);
        expect(commits.every((a) => a.result.startsWith('失败'))).toBe(true);
      });
    }
  });

  it('a file without a required column, or without data, is refused whole', async () => {
    const { hh, perf } = await withPerformance();
    h = hh;
    expect(errorOf(await h.raw('library.importPreview', { file: fixtureFile('library', 'bad-missing-column.xlsx') }, perf))).toEqual({
      code: 'IMPORT_INVALID', message: '文件“bad-missing-column.xlsx”缺少必填列。', details: [{ sheet: SHEET, row: 1, message: '缺少必填列“适用对象”' }],
    });
    const empty = await h.call('library.importPreview', { file: fixtureFile('library', 'bad-header-only.xlsx') }, perf);
    expect(empty.errors).toEqual([{ sheet: SHEET, row: 2, message: '表头下方没有任何指标数据' }]);
    expect(errorOf(await h.raw('library.importCommit', { file: fixtureFile('units', 'bad-text-renamed.xlsx') }, perf)).message).toBe('无法读取文件“bad-text-renamed.xlsx”：不是有效的 Excel 文件。');
    expect(ownEntries(h)).toBe(0);
  });
});

describe('library Excel export', () => {
  it('writes labels cell by cell, with the owner and status; filters apply', async () => {
    const { hh, perf } = await withPerformance();
    h = hh;
    await h.call('library.importCommit', { file: fixtureFile('library', 'good.xlsx') }, perf);
    const file = await h.call('library.export', { q: '', includeRetired: false }, perf);
    const rows = sheetAoa(readXlsx(file.base64), SHEET);
    expect(String(rows[0]?.[0])).toMatch(/^指标库 共 246 条，导出于 2026-03-01。/);
    expect(rows[1]).toEqual([...HEADER, '归属', '状态']);
    expect(rows).toHaveLength(2 + 246);
    const mt = rows.find((r) => r[0] === 'MT-OUT-QTY-01');
    expect(mt).toEqual([
      'MT-OUT-QTY-01', '共性指标库', '', '会议培训类', '产出指标', '数量指标', '培训班次', '年度内实际举办的培训班（会议）期数。', '定量', '≥', '次', '≥计划数',
      '计划标准', '', '达到目标值得满分，未达到按实际值÷目标值×权重计分', '培训通知、培训计划、培训总结', '项目', '是', '', '',
      '部门共性指标体系·会议培训类（参考）', '内置', '启用',
    ]);
    expect(rows.find((r) => r[0] === 'LT-GN-SAT-SAT-01')).toEqual([
      'LT-GN-SAT-SAT-01', '本地自定义', '', '通用', '满意度指标', '服务对象满意度指标', '群众对项目实施的评价', '受益群众的总体评价。', '定性', '定性', '', '满意',
      '其他标准', '', '满意得满分', '问卷调查', '项目，部门整体，政策', '否', 2026, 2030, '', '本单位', '启用',
    ]);
    const filtered = sheetAoa(readXlsx((await h.call('library.export', { q: '', projectType: 'informatization', includeRetired: false }, perf)).base64), SHEET);
    expect(filtered.slice(2).map((r) => r[0])).toEqual([
      ...library.entries.filter((e) => e.projectType === 'informatization').map((e) => e.code).sort(), 'LT-IT-CST-EC-01', 'LT-IT-OUT-CO-01',
    ]);
  });

  it('round trip: the export re-imports as no change here, and recreates the same entries in another office', async () => {
    const { hh, perf } = await withPerformance();
    h = hh;
    await h.call('library.importCommit', { file: fixtureFile('library', 'good.xlsx') }, perf);
    await h.call('library.create', entry({ code: 'LT-X', formula: '=A1+B1', scoringRule: '-5 分/次', referenceValue: '+10%' }), perf);
    const exported = await h.call('library.export', { q: '', includeRetired: true }, perf);
    const file = { name: exported.name, base64: exported.base64 };
    expect(await h.call('library.importPreview', { file }, perf)).toMatchObject({ errors: [], summary: { add: 0, update: 0, unchanged: 247 } });

    const other = await withPerformance();
    h2 = other.hh;
    expect(await h2.call('library.importCommit', { file }, other.perf)).toEqual({ add: 6, update: 0, unchanged: 241 });
    const strip = (rows: LibraryEntryDto[]) => rows.map(({ id: _id, updatedAt: _u, ...rest }) => rest);
    const mine = (await h.call('library.search', { pageSize: 500 }, perf)).rows;
    const theirs = (await h2.call('library.search', { pageSize: 500 }, other.perf)).rows;
    expect(strip(theirs)).toEqual(strip(mine));
    // Formula-looking text survives the apostrophe the export puts before it.
    expect(theirs.find((r) => r.code === 'LT-X')).toMatchObject({ formula: '=A1+B1', scoringRule: '-5 分/次', referenceValue: '+10%' });
  });
});
