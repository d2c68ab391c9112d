#!/usr/bin/env node
// Generates the Excel fixtures of the indicator library (指标库) and project registry (项目库)
// imports: tests/fixtures/library/*.xlsx and tests/fixtures/projects/*.xlsx.
// Run with the project's Node: `node scripts/make-fixtures-issue3a.mjs`. The output is committed;
// tests/fixtures/README.md says what each file exercises and tests/integration/library.test.ts and
// projects.test.ts list the exact errors expected. Every bad file has exactly the faults its name
// says; its other rows are valid, so "nothing written" proves the import is all or nothing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXED_DATE = new Date('2026-01-01T00:00:00Z');

/** Writes a workbook of { name, rows, merges?, cells? } sheets into dir; cells patches raw cell objects. */
function writeWorkbook(dir, file, sheets) {
  fs.mkdirSync(dir, { recursive: true });
  const wb = XLSX.utils.book_new();
  wb.Props = { Title: file, Author: 'make-fixtures-issue3a', CreatedDate: FIXED_DATE };
  for (const s of sheets) {
    const ws = s.rows.length ? XLSX.utils.aoa_to_sheet(s.rows) : {};
    if (s.merges) ws['!merges'] = s.merges;
    for (const [ref, cell] of Object.entries(s.cells ?? {})) ws[ref] = cell;
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  fs.writeFileSync(path.join(dir, file), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
}

// ================================================================ library/ (指标库)

const libraryDir = path.join(root, 'tests', 'fixtures', 'library');
const LIB_SHEET = '指标库';
const LIB_HEADER = [
  '编码', '库类型', '行业/领域', '项目类型', '一级指标', '二级指标', '三级指标名称', '指标解释', '指标值类型', '性质', '计量单位', '参考指标值',
  '取值依据', '计算公式', '评(扣)分标准', '数据来源', '适用对象', '是否核心指标', '启用年度', '停用年度', '来源文件',
];
const lib = (file, rows) => writeWorkbook(libraryDir, file, [{ name: LIB_SHEET, rows: [LIB_HEADER, ...rows] }]);

// The labels as the export writes them, for the builtin entry copied verbatim below.
const builtin = JSON.parse(fs.readFileSync(path.join(root, 'resources', 'indicators', 'common-library.json'), 'utf8'));
const L = {
  kind: { common: '共性指标库', industry: '行业/领域指标库', local: '本地自定义' },
  type: { meetingTraining: '会议培训类', informatization: '信息化建设类', equipment: '设备购置类', construction: '基建工程类', subsidy: '补助补贴类', operations: '运行维护类', purchasedServices: '政府购买服务类', unitOverall: '部门整体', general: '通用' },
  l1: { output: '产出指标', cost: '成本指标', benefit: '效益指标', satisfaction: '满意度指标' },
  l2: { quantity: '数量指标', quality: '质量指标', timeliness: '时效指标', costOutput: '成本指标', economicCost: '经济成本指标', socialCost: '社会成本指标', ecologicalCost: '生态环境成本指标', economicBenefit: '经济效益指标', socialBenefit: '社会效益指标', ecologicalBenefit: '生态效益指标', sustainability: '可持续影响指标', serviceSatisfaction: '服务对象满意度指标' },
  op: { '>=': '≥', '<=': '≤', '=': '=', '>': '>', '<': '<', qualitative: '定性' },
  basis: { plan: '计划标准', industry: '行业标准', history: '历史标准', other: '其他标准' },
  applies: { project: '项目', unitOverall: '部门整体', policy: '政策' },
};
const builtinRow = (e) => [
  e.code, L.kind[e.libraryKind], e.field, L.type[e.projectType], L.l1[e.level1], L.l2[e.level2], e.name, e.explanation,
  e.valueType === 'quantitative' ? '定量' : '定性', L.op[e.operator], e.unit, e.referenceValue, L.basis[e.valueBasis], e.formula,
  e.scoringRule, e.dataSource, e.appliesTo.map((a) => L.applies[a]).join('，'), e.isCore ? '是' : '否', e.startYear ?? '', e.endYear ?? '', e.sourceDoc,
];
const MT01 = builtin.entries.find((e) => e.code === 'MT-OUT-QTY-01');

// Five own entries written the ways people fill the template, plus one builtin entry exactly as
// exported (unchanged: nothing to write).
const LIB_GOOD = [
  ['LT-MT-OUT-QTY-01', '本地自定义', '', '会议培训类', '产出指标', '数量指标', '乡村干部培训人次', '年度内参加乡村干部培训的累计人次。', '定量', '≥', '人次', '≥计划数', '计划标准', '各期参训人数之和', '达到目标值得满分，未达到按比例计分', '培训签到表', '项目', '是', 2026, '', '本地常用'],
  // 库类型 blank → 本地自定义; 成本指标 under 产出指标 (template A); two 适用对象 with a full-width comma.
  ['LT-IT-OUT-CO-01', '', '', '信息化建设类', '产出指标', '成本指标', '系统年运维单价', '信息系统年度运维费用。', '定量', '≤', '万元/年', '≤预算数', '行业标准', '', '', '运维合同', '项目，政策', '否', '', '', ''],
  // 成本指标 as a level-1 (template B), an 行业/领域 library entry, a strict comparison.
  ['LT-IT-CST-EC-01', '行业/领域指标库', '信息化', '信息化建设类', '成本指标', '经济成本指标', '单位终端采购成本', '', '定量', '<', '元/台', '', '历史标准', '', '', '', '项目', '否', '', '', '州财政局信息化指标'],
  // 指标值类型 blank (性质 定性 says it); 取值依据 short form 其他; three 适用对象 with 、; years with 年.
  ['LT-GN-SAT-SAT-01', '本地自定义', '', '通用', '满意度指标', '服务对象满意度指标', '群众对项目实施的评价', '受益群众的总体评价。', '', '定性', '', '满意', '其他', '', '满意得满分', '问卷调查', '项目、部门整体、政策', '', '2026年', 2030, ''],
  // Short labels: 部门整体 type, 效益 / 社会效益 without 指标.
  ['LT-UO-BEN-SB-01', '本地自定义', '履职效能', '部门整体', '效益', '社会效益', '重点工作任务完成率', '', '定量', '=', '%', '100%', '计划', '', '', '年度工作总结', '部门整体', '是', '', '', ''],
  builtinRow(MT01),
];
lib('good.xlsx', LIB_GOOD);

// The same file later: one own entry renamed, one new entry, and the builtin row edited in the
// file (it becomes an own copy — builtin entries are never changed by an import).
lib('good-changed.xlsx', [
  ['LT-MT-OUT-QTY-01', ...LIB_GOOD[0].slice(1, 6), '乡村干部培训人次（含线上）', ...LIB_GOOD[0].slice(7)],
  ...LIB_GOOD.slice(1, 5),
  [...builtinRow(MT01).slice(0, 7), '本县口径：含线上培训班次。', ...builtinRow(MT01).slice(8)],
  ['LT-PS-OUT-QLT-01', '本地自定义', '', '政府购买服务类', '产出指标', '质量指标', '服务验收合格率', '', '定量', '≥', '%', '≥95%', '计划标准', '', '', '验收报告', '项目', '否', '', '', ''],
]);

const okLib = (code, name = '本地指标') => [code, '本地自定义', '', '通用', '产出指标', '数量指标', name, '', '定量', '≥', '个', '', '', '', '', '', '项目', '否', '', '', ''];
const withCells = (row, patch) => row.map((v, i) => (i in patch ? patch[i] : v));
// Column indexes: A0 编码, B1 库类型, D3 项目类型, E4 一级, F5 二级, G6 名称, I8 值类型, J9 性质, M12 取值依据, Q16 适用对象, S18 启用, T19 停用.

lib('bad-missing-code.xlsx', [okLib('LT-A-01'), withCells(okLib(''), {}), okLib('LT-A-03')]);
lib('bad-duplicate-code.xlsx', [okLib('LT-A-01', '指标甲'), okLib('LT-A-02', '指标乙'), okLib('LT-A-01', '指标丙')]);
lib('bad-unknown-label.xlsx', [
  withCells(okLib('LT-B-01'), { 3: '水利类' }),
  withCells(okLib('LT-B-02'), { 16: '项目，单位' }),
  withCells(okLib('LT-B-03'), { 1: '省级库', 12: '估算' }),
  withCells(okLib('LT-B-04'), { 9: '约等于' }),
]);
lib('bad-missing-required.xlsx', [
  withCells(okLib('LT-C-01'), { 6: '' }),
  withCells(okLib('LT-C-02'), { 4: '' }),
  withCells(okLib('LT-C-03'), { 16: '' }),
  withCells(okLib('LT-C-04'), { 8: '', 9: '' }),
  okLib('LT-C-05'),
]);
lib('bad-year.xlsx', [
  withCells(okLib('LT-D-01'), { 18: '2026年度' }),
  withCells(okLib('LT-D-02'), { 19: 1999 }),
  withCells(okLib('LT-D-03'), { 18: 2028, 19: 2026 }),
]);
lib('bad-operator.xlsx', [
  withCells(okLib('LT-E-01'), { 8: '定量', 9: '定性' }),
  withCells(okLib('LT-E-02'), { 8: '定性', 9: '≥' }),
  okLib('LT-E-03'),
]);
lib('bad-level2.xlsx', [
  withCells(okLib('LT-F-01'), { 4: '效益指标', 5: '数量指标' }),
  withCells(okLib('LT-F-02'), { 4: '产出指标', 5: '经济成本指标' }),
  okLib('LT-F-03'),
]);
writeWorkbook(libraryDir, 'bad-missing-column.xlsx', [{
  name: LIB_SHEET,
  rows: [LIB_HEADER.filter((h) => h !== '适用对象'), okLib('LT-G-01').filter((_, i) => i !== 16)],
}]);
lib('bad-header-only.xlsx', []);

// ================================================================ projects/ (项目库)

const projectsDir = path.join(root, 'tests', 'fixtures', 'projects');
const P_SHEET = '项目';
const P_HEADER = [
  '项目编码*', '项目名称*', '单位编码*', '对象类型', '项目属性', '项目类别', '项目类型', '预算类型*', '资金性质', '开始年月', '结束年月',
  '年初预算数·财政拨款', '年初预算数·上年结转', '年初预算数·其他资金', '全年预算数·财政拨款', '全年预算数·上年结转', '全年预算数·其他资金',
  '是否年中追加', '是否新增重大', '是否涉密', '项目负责人', '联系电话',
];
const proj = (file, rows, extra = {}) => writeWorkbook(projectsDir, file, [{ name: P_SHEET, rows: [P_HEADER, ...rows], ...extra }]);

// Units come from tests/fixtures/units/good.xlsx (101, 101001, 101002, 102, 102001, 102001-01 inactive, 103).
const P_GOOD = [
  // 全年 blank → 全年 = 年初.
  ['2026-101-001', '县域学生营养改善计划', '101', '项目', '延续', '民生保障', '补助补贴类', '一般公共预算', '直达资金、上级转移支付', '2026-01', '2026-12', 320.5, 0, 0, '', '', '', '否', '否', '否', '张三', '0994-7211234'],
  // Code and unit code typed as numbers; short budget type; month as a number 202603 and as 2026年12月; six-decimal 万元.
  [2026101002, '县第一中学教学设备购置', 101001, '', '新增', '', '设备购置类', '一般公共', '政府采购', 202603, '2026年12月', 85.123456, 10, 0, 90.123456, 10, 5, '', '', '', '', ''],
  // New major project (gate); start month typed as a date (cell patched below); two tags with a full-width comma.
  ['2026-102-001', '县人民医院发热门诊改造', '102001', '项目', '新增', '基本建设', '基建工程类', '政府性基金', '地方政府专项债券，政府采购', null, '2027-06', 1200, 0, 0, 1200, 0, 150, '否', '是', '否', '李四', ''],
  // A policy, 到期拟延续, blanks everywhere optional.
  ['2026-102-002', '城乡居民医疗救助政策', '102', '政策', '到期拟延续', '', '', '国有资本', '', '', '', 50, '', '', '', '', '', '', '', '', '', ''],
  // Mid-year addition, confidential.
  ['2026-103-001', '保密通信设备更新', '103', '项目', '新增', '', '设备购置类', '社保基金', '其他', '2026-07', '2026-12', 12.5, 0, 0, '', '', '', '是', '否', '是', '', ''],
  ['2026-101-003', '教师培训（年中追加）', '101002', '项目', '新增', '', '会议培训类', '一般公共预算', '本级专项资金', '', '', 8, 0, 0, '', '', '', '是', '否', '否', '王五', 13800000000],
];
const dateCell = { t: 'n', v: 46082, z: 'yyyy-mm' }; // 2026-03-01 as Excel stores a typed date
proj('good.xlsx', [P_GOOD[0], P_GOOD[1], [], P_GOOD[2], P_GOOD[3], P_GOOD[4], P_GOOD[5]], { cells: { J5: dateCell } });

// A later version: one rename, one changed 全年 amount, one new project; the rest unchanged.
proj('good-changed.xlsx', [
  withCells(P_GOOD[0], { 1: '县域学生营养改善计划（2026）' }),
  withCells(P_GOOD[1], { 14: 95.5 }),
  P_GOOD[2], P_GOOD[3], P_GOOD[4], P_GOOD[5],
  ['2026-101-004', '校园安全监控系统运维', '101', '项目', '延续', '', '运行维护类', '一般公共预算', '政府购买服务', '', '', 30, 0, 0, '', '', '', '', '', '', '', ''],
], { cells: { J4: dateCell } });

// As exported by the budget system: another sheet name, a title and a blank row above the header,
// its own column names (项目代码/单位代码), one amount column in 元, columns the import ignores.
writeWorkbook(projectsDir, 'good-budget-system-yuan.xlsx', [{
  name: '项目清单',
  merges: [{ s: { r: 0, c: 0 }, e: { r: 0, c: 7 } }],
  rows: [
    ['2026年部门预算项目明细表'],
    [],
    ['序号', '项目代码', '项目名称', '单位代码', '单位名称', '预算类型', '功能科目', '年初预算数（元）'],
    [1, '652325-2026-0001', '城区道路维修', '102', '县卫生健康委员会', '一般公共', '2140104', 1234567.89],
    [2, '652325-2026-0002', '污水管网改造', '101', '县教育局', '政府性基金', '2120803', '2,000,000.00'],
    [3, '652325-2026-0003', '国有企业资本金注入', '102001', '县人民医院', '国有资本', '2230105', 350000],
    [4, '652325-2026-0004', '社保基金补助', '103', '县国家保密局', '社保基金', '2090101', 0.01],
  ],
}]);

// Split columns without units in the header; "金额单位：元" in the title line makes them 元.
writeWorkbook(projectsDir, 'good-budget-system-split-yuan.xlsx', [{
  name: '项目',
  rows: [
    ['2026年项目预算表                金额单位：元'],
    ['项目编码', '项目名称', '单位编码', '预算类型', '年初预算数-财政拨款', '年初预算数-上年结转', '年初预算数-其他资金', '全年预算数-财政拨款', '全年预算数-上年结转', '全年预算数-其他资金'],
    ['2026-Y-001', '农村饮水安全巩固提升', '101', '一般公共预算', 500000, 20000.5, 0, 520000, 20000.5, 1000],
    ['2026-Y-002', '乡村道路养护', '102', '一般公共预算', 80000, '', '', '', '', ''],
  ],
}]);

const okProj = (code, unit = '101') => [code, '测试项目', unit, '项目', '延续', '', '通用', '一般公共预算', '', '', '', 10, 0, 0, '', '', '', '否', '否', '否', '', ''];
// Column indexes: A0 编码, B1 名称, C2 单位编码, D3 对象类型, E4 属性, G6 项目类型, H7 预算类型, I8 资金性质, J9 开始, K10 结束,
// L11 年初财政, M12 年初结转, N13 年初其他, O14 全年财政, S18 新增重大.

proj('bad-missing-required.xlsx', [
  okProj('2026-M-01'),
  withCells(okProj(''), {}),
  withCells(okProj('2026-M-03'), { 1: '' }),
  withCells(okProj('2026-M-04'), { 2: '' }),
  withCells(okProj('2026-M-05'), { 7: '' }),
]);
proj('bad-code-format.xlsx', [okProj('2026 001'), okProj('2026-M-02')]);
proj('bad-unknown-unit.xlsx', [okProj('2026-U-01'), okProj('2026-U-02', '999')]);
proj('bad-inactive-unit.xlsx', [okProj('2026-I-01', '102001-01'), okProj('2026-I-02', '102')]);
proj('bad-budget-type.xlsx', [withCells(okProj('2026-B-01'), { 7: '专项预算' }), okProj('2026-B-02')]);
proj('bad-fund-tag.xlsx', [withCells(okProj('2026-T-01'), { 8: '直达资金、土地出让金' }), okProj('2026-T-02')]);
proj('bad-amount.xlsx', [
  withCells(okProj('2026-A-01'), { 11: -5 }),
  withCells(okProj('2026-A-02'), { 12: '十万' }),
  withCells(okProj('2026-A-03'), { 14: 1.1234567 }),
  withCells(okProj('2026-A-04'), { 13: '12.5万' }),
  okProj('2026-A-05'),
]);
writeWorkbook(projectsDir, 'bad-amount-yuan.xlsx', [{
  name: P_SHEET,
  rows: [
    ['项目编码', '项目名称', '单位编码', '预算类型', '年初预算数（元）'],
    ['2026-Y-01', '按元填报的项目', '101', '一般公共预算', 1234.567],
    ['2026-Y-02', '按元填报的项目二', '101', '一般公共预算', 1234.56],
  ],
}]);
proj('bad-month.xlsx', [
  withCells(okProj('2026-D-01'), { 9: '2026-13' }),
  withCells(okProj('2026-D-02'), { 10: '明年三月' }),
  withCells(okProj('2026-D-03'), { 9: '2026-06', 10: '2026-03' }),
]);
proj('bad-duplicate-code.xlsx', [okProj('2026-P-01'), okProj('2026-P-02'), okProj('2026-P-01')]);
proj('bad-labels.xlsx', [withCells(okProj('2026-L-01'), { 3: '工程', 4: '新建', 6: '水利类' }), okProj('2026-L-02')]);
proj('bad-yes-no.xlsx', [withCells(okProj('2026-Q-01'), { 18: '可能' }), okProj('2026-Q-02')]);
writeWorkbook(projectsDir, 'bad-missing-column.xlsx', [{
  name: P_SHEET,
  rows: [P_HEADER.filter((h) => h !== '预算类型*'), okProj('2026-C-01').filter((_, i) => i !== 7)],
}]);
proj('bad-header-only.xlsx', []);

for (const dir of [libraryDir, projectsDir]) {
  console.log(`fixtures written to ${path.relative(root, dir)}: ${fs.readdirSync(dir).sort().join(', ')}`);
}
