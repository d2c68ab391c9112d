#!/usr/bin/env node
// Generates the Excel fixtures under tests/fixtures/ that the integration tests read.
// Run with the project's Node: `node scripts/make-fixtures.mjs`. The output is committed; the
// script is here so a fixture can be changed and regenerated instead of edited by hand.
// Each fixture is a real .xlsx written by SheetJS (the same library the backend reads with).
// tests/fixtures/README.md says what each file exercises; keep the two in step.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { zipSync, strToU8 } from 'fflate';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const unitsDir = path.join(root, 'tests', 'fixtures', 'units');
fs.mkdirSync(unitsDir, { recursive: true });

const SHEET = '预算单位';
const HEADER = ['单位编码', '单位名称', '上级单位编码', '单位性质', '是否涉密', '是否启用'];
// A fixed date so regenerating yields the same workbook properties.
const FIXED_DATE = new Date('2026-01-01T00:00:00Z');

/** Writes a workbook of { name, rows, merges? } sheets. Numbers stay numeric cells, as typed in Excel. */
function writeWorkbook(file, sheets) {
  const wb = XLSX.utils.book_new();
  wb.Props = { Title: file, Author: 'make-fixtures', CreatedDate: FIXED_DATE };
  for (const s of sheets) {
    const ws = s.rows.length ? XLSX.utils.aoa_to_sheet(s.rows) : {};
    if (s.merges) ws['!merges'] = s.merges;
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true });
  fs.writeFileSync(path.join(unitsDir, file), bytes);
}

const unitSheet = (rows) => [{ name: SHEET, rows: [HEADER, ...rows] }];

// The good tree: three levels, one child listed before its parent (the commit must write parents
// first), department codes typed as numbers (Excel's habit), blanks that fall back to defaults.
const GOOD = [
  [101, '县教育局', '', '行政单位', '否', '是'],
  ['101001', '县第一中学', 101, '事业单位', '否', '是'],
  ['101002', '县教师进修学校', '101', '事业单位', '', ''],
  ['102001-01', '县人民医院北庭分院', '102001', '事业单位', '否', '否'],
  ['102', '县卫生健康委员会', '', '行政单位', '否', '是'],
  ['102001', '县人民医院', '102', '事业单位', '否', '是'],
  ['103', '县国家保密局', '', '行政单位', '是', '是'],
];
writeWorkbook('good.xlsx', unitSheet(GOOD));

// Same file after a year: one rename, one kind change, one new department, one new 二级 unit
// under an existing 一级 unit.
writeWorkbook('good-changed.xlsx', unitSheet([
  GOOD[0], GOOD[1],
  ['101002', '县教师发展中心', '101', '事业单位', '', ''],
  ['102001-01', '县人民医院北庭分院', '102001', '其他', '否', '否'],
  GOOD[4], GOOD[5], GOOD[6],
  ['104', '县农业农村局', '', '行政单位', '否', '是'],
  ['101001-01', '县第一中学南校区', '101001', '事业单位', '否', '是'],
]));

// A hand-made list: a merged title row and a blank row above the header, the short header
// aliases in another order, an extra column the import ignores, a blank row between units,
// and the other spellings of yes/no and of the unit kinds.
writeWorkbook('good-aliases.xlsx', [{
  name: '单位清单',
  merges: [{ s: { r: 0, c: 0 }, e: { r: 0, c: 6 } }],
  rows: [
    ['奇台县 2026 年预算单位清单'],
    [],
    ['名称', '编码', '性质', '上级编码', '启用', '涉密', '备注'],
    ['县水利局', 'A01', '行政', '', '√', '×', '主管部门'],
    ['县水利工作站', 'A01-1', '事业', 'A01', 'Y', 'N', ''],
    [],
    ['县防汛抗旱服务中心', 'A01-2', '参公事业单位', 'A01', 1, 0, '参照公务员法管理'],
    ['县水务有限公司', 'A01-3', '企业', 'A01', 'FALSE', 'TRUE', '已停用'],
  ],
}]);

// ---- bad files: each has exactly the faults its test names, nothing else.

writeWorkbook('bad-missing-code.xlsx', unitSheet([
  ['101', '县教育局', '', '行政单位', '否', '是'],
  ['', '县第一中学', '101', '事业单位', '否', '是'],
  ['101002', '县教师进修学校', '101', '事业单位', '否', '是'],
]));

writeWorkbook('bad-duplicate-code.xlsx', unitSheet([
  ['101', '县教育局', '', '行政单位', '否', '是'],
  ['101001', '县第一中学', '101', '事业单位', '否', '是'],
  ['101', '县教育和科技局', '', '行政单位', '否', '是'],
]));

writeWorkbook('bad-unknown-parent.xlsx', unitSheet([
  ['101', '县教育局', '', '行政单位', '否', '是'],
  ['101001', '县第一中学', '999', '事业单位', '否', '是'],
]));

writeWorkbook('bad-cycle.xlsx', unitSheet([
  ['201', '县林业和草原局', '202', '行政单位', '否', '是'],
  ['202', '县林业工作站', '201', '事业单位', '否', '是'],
]));

writeWorkbook('bad-too-deep.xlsx', unitSheet([
  ['301', '县交通运输局', '', '行政单位', '否', '是'],
  ['301001', '县公路管理站', '301', '事业单位', '否', '是'],
  ['301001-01', '县公路养护队', '301001', '事业单位', '否', '是'],
  ['301001-01-1', '县公路养护一班', '301001-01', '事业单位', '否', '是'],
]));

// Valid on its own; too deep only against the tree that good.xlsx leaves in the database.
writeWorkbook('bad-too-deep-existing.xlsx', unitSheet([
  ['102001-01-1', '北庭分院药房', '102001-01', '事业单位', '否', '否'],
]));

writeWorkbook('bad-kind.xlsx', unitSheet([
  ['101', '县教育局', '', '行政单位', '否', '是'],
  ['101001', '县教育投资公司', '101', '国有企业', '否', '是'],
]));

writeWorkbook('bad-yes-no.xlsx', unitSheet([
  ['101', '县教育局', '', '行政单位', '可能', '是'],
  ['101001', '县第一中学', '101', '事业单位', '否', '停用'],
]));

writeWorkbook('bad-deactivated-parent.xlsx', unitSheet([
  ['101', '县教育局', '', '行政单位', '否', '否'],
  ['101001', '县第一中学', '101', '事业单位', '否', '是'],
]));

// Several faults in one file, in scrambled order: every bad cell is reported, sorted by row
// then column.
writeWorkbook('bad-many-errors.xlsx', unitSheet([
  ['101', '', '', '学校', '否', '是'],
  ['一〇二', '县卫生健康委员会', '', '行政单位', '不详', '是'],
  ['103', '县民政局', '103', '行政单位', '否', '是'],
  ['104', '县司法局', '', '行政单位', '否', '是'],
]));

// The 单位性质 column is missing from the header.
writeWorkbook('bad-missing-column.xlsx', [{
  name: SHEET,
  rows: [
    ['单位编码', '单位名称', '上级单位编码', '是否涉密', '是否启用'],
    ['101', '县教育局', '', '否', '是'],
  ],
}]);

writeWorkbook('bad-header-only.xlsx', unitSheet([]));

writeWorkbook('bad-empty-sheet.xlsx', [{ name: SHEET, rows: [] }]);

// A zip archive that is not a workbook (e.g. an attachment renamed to .xlsx).
const notExcel = zipSync({ 'readme.txt': [strToU8('这不是 Excel 文件。'), { mtime: FIXED_DATE }] });
fs.writeFileSync(path.join(unitsDir, 'bad-not-excel.xlsx'), notExcel);

// Plain text saved as .xlsx: SheetJS alone reads any text as CSV; the backend checks the file
// signature (zip or OLE) first.
fs.writeFileSync(path.join(unitsDir, 'bad-text-renamed.xlsx'), '这是一段普通文字，不是表格。\n第二行\n');

console.log(`fixtures written to ${path.relative(root, unitsDir)}: ${fs.readdirSync(unitsDir).sort().join(', ')}`);
