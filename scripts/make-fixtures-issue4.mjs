#!/usr/bin/env node
// Generates the execution-import fixtures under tests/fixtures/monitoring/ (执行数导入, issue 4).
// Run with the project's Node: `node scripts/make-fixtures-issue4.mjs`. The output is committed;
// tests/fixtures/README.md (section "monitoring/") says what each file exercises — keep them in
// step. The project codes (XM-101-01 …) are the ones tests/integration/monitoringOps.test.ts and
// cli-monitoring.test.ts register, with a 1–6月 project round.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { zipSync, strToU8 } from 'fflate';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'tests', 'fixtures', 'monitoring');
fs.mkdirSync(dir, { recursive: true });

const FIXED_DATE = new Date('2026-01-01T00:00:00Z');

/** Writes { name, rows, merges? } sheets; numbers stay numeric cells, as a budget system exports them. */
function writeWorkbook(file, sheets) {
  const wb = XLSX.utils.book_new();
  wb.Props = { Title: file, Author: 'make-fixtures-issue4', CreatedDate: FIXED_DATE };
  for (const s of sheets) {
    const ws = s.rows.length ? XLSX.utils.aoa_to_sheet(s.rows) : {};
    if (s.merges) ws['!merges'] = s.merges;
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  fs.writeFileSync(path.join(dir, file), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
}

// ---------------------------------------------------------------- good files

// A 元 export as a budget-management system produces it: sheet 预算执行情况, a merged title row,
// a unit line, the header on row 3 with extra columns (序号, 单位编码/名称, 功能科目, budgets, 执行进度)
// and full-width brackets, numeric and text amounts (one with a formula's binary noise), a blank row
// and a 合计 line at the bottom.
// 6,000,000 as a spreadsheet formula leaves it: 6000000.000000001 (read to 15 significant digits → 6000000).
const FORMULA_NOISE = 0.1 * 3 * 20000000;
const YUAN_HEADER = ['序号', '单位编码', '单位名称', '项目编码', '项目名称', '功能科目', '年初预算数', '调整后预算数', '1-6月支出数（元）', '其中：财政拨款', '其中：其他资金', '执行进度'];
writeWorkbook('good-budget-system-yuan.xlsx', [{
  name: '预算执行情况',
  rows: [
    ['2026年1-6月项目支出预算执行情况表'],
    ['单位：元'],
    YUAN_HEADER,
    [1, '101', '县教育局', 'XM-101-01', '学生营养改善计划', '2050201', 5000000, 5000000, 1500000, 1200000, 300000, '30.00%'],
    [2, '101001', '县第一中学', 'XM-101-02', '教学设备购置', '2050203', 2000000, 2000000, '1,200,000.50', '', '', '60.00%'],
    [3, '102', '县卫生健康委员会', 'XM-102-01', '基层医疗设备更新', '2100302', 10000000, 10000000, FORMULA_NOISE, 6000000, 0, '60.00%'],
    [4, '102', '县卫生健康委员会', 'XM-102-02', '基本公共卫生服务', '2100408', 800000, 800000, 0, 0, 0, '0.00%'],
    [],
    ['', '', '合计', '', '', '', 17800000, 17800000, 8700000.5, 7200000, 300000, ''],
  ],
  merges: [{ s: { r: 0, c: 0 }, e: { r: 0, c: YUAN_HEADER.length - 1 } }, { s: { r: 1, c: 0 }, e: { r: 1, c: YUAN_HEADER.length - 1 } }],
}]);

// A 万元 export, later in the month: header 项目代码 / 执行数（万元） on row 1; XM-101-01 and XM-101-02 the
// same amounts as above (150 万元; 120.00005 万元 = 1,200,000.50 元), XM-102-01 and XM-102-02 changed
// (650; full-width "２０").
writeWorkbook('good-budget-system-wan.xlsx', [{
  name: 'Sheet1',
  rows: [
    ['项目代码', '项目名称', '执行数（万元）', '备注'],
    ['XM-101-01', '学生营养改善计划', 150, ''],
    ['XM-101-02', '教学设备购置', '120.00005', ''],
    ['XM-102-01', '基层医疗设备更新', 650, '含 6 月追加支付'],
    ['XM-102-02', '基本公共卫生服务', '２０', ''],
  ],
}]);

// The default mapping's header (项目编码 | 项目名称 | 执行数, 元): the small files below use it.
const HEADER = ['项目编码', '项目名称', '执行数'];
const simple = (file, rows, header = HEADER) => writeWorkbook(file, [{ name: '执行数', rows: [header, ...rows] }]);

// Two projects with the default mapping (used for status, closed-round and CLI tests).
simple('good-default.xlsx', [
  ['XM-101-01', '学生营养改善计划', 1500000],
  ['XM-102-01', '基层医疗设备更新', 2500000],
]);

// ---------------------------------------------------------------- bad files: one fault each

simple('bad-unknown-code.xlsx', [
  ['XM-101-01', '学生营养改善计划', 1500000],
  ['XM-999', '不存在的项目', 100],
  ['XM-102-03', '没有监控表的项目', 100],
]);
simple('bad-duplicate-code.xlsx', [
  ['XM-101-01', '学生营养改善计划', 1500000],
  ['XM-101-02', '教学设备购置', 100],
  ['XM-101-01', '学生营养改善计划', 1600000],
]);
simple('bad-missing-code.xlsx', [
  ['XM-101-01', '学生营养改善计划', 1500000],
  ['', '缺少编码的项目', 100],
]);
simple('bad-negative.xlsx', [['XM-101-01', '学生营养改善计划', -100]]);
simple('bad-not-number.xlsx', [['XM-101-01', '学生营养改善计划', '十万元']]);
simple('bad-precision.xlsx', [['XM-101-01', '学生营养改善计划', '1500000.123']]);
simple('bad-missing-amount.xlsx', [['XM-101-01', '学生营养改善计划', '']]);
simple('bad-split-sum.xlsx', [
  ['XM-101-01', '学生营养改善计划', 1500000, 1000000, 400000],
  ['XM-101-02', '教学设备购置', 100, 200, ''],
], [...HEADER, '财政拨款执行数', '其他资金执行数']);
simple('bad-missing-column.xlsx', [['XM-101-01', '学生营养改善计划', 1500000]], ['项目编码', '项目名称', '支出数']);
simple('bad-no-header.xlsx', [['XM-101-01', '学生营养改善计划', 1500000]], ['编码', '名称', '执行数']);
simple('bad-header-only.xlsx', []);

const notExcel = zipSync({ 'readme.txt': [strToU8('这不是 Excel 文件。'), { mtime: FIXED_DATE }] });
fs.writeFileSync(path.join(dir, 'bad-not-excel.xlsx'), notExcel);

console.log(`fixtures written to ${path.relative(root, dir)}`);
