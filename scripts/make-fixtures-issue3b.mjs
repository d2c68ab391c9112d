#!/usr/bin/env node
// Generates the goal-import fixtures under tests/fixtures/goals/ (绩效目标导入, issue 3).
// Run with the project's Node: `node scripts/make-fixtures-issue3b.mjs`. The output is committed;
// tests/fixtures/README.md (section "goals/") says what each file exercises — keep them in step.
// The project codes (XM001 …) are the ones tests/integration/goalForms.test.ts registers.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { zipSync, strToU8 } from 'fflate';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'tests', 'fixtures', 'goals');
fs.mkdirSync(dir, { recursive: true });

const SHEET = '绩效目标';
// The template's header (required columns marked with *).
const HEADER = ['项目编码*', '项目名称', '年度总体目标', '中期目标', '一级指标*', '二级指标*', '三级指标*', '指标值类型', '指标值*', '计量单位', '中期指标值', '指标解释', '评（扣）分标准', '是否核心指标'];
const FIXED_DATE = new Date('2026-01-01T00:00:00Z');

/**
 * Writes { name, rows, merges?, formats? } sheets. Numbers stay numeric cells, as typed in Excel;
 * `formats` maps an A1 address to a number format (e.g. "0%": Excel's storage of "100%").
 */
function writeWorkbook(file, sheets) {
  const wb = XLSX.utils.book_new();
  wb.Props = { Title: file, Author: 'make-fixtures-issue3b', CreatedDate: FIXED_DATE };
  for (const s of sheets) {
    const ws = s.rows.length ? XLSX.utils.aoa_to_sheet(s.rows) : {};
    if (s.merges) ws['!merges'] = s.merges;
    for (const [addr, z] of Object.entries(s.formats ?? {})) ws[addr].z = z;
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  fs.writeFileSync(path.join(dir, file), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
}
const goalSheet = (rows, extra = {}) => [{ name: SHEET, rows: [HEADER, ...rows], ...extra }];

/** One indicator row: code, name, annual goal, mid-term goal, then the indicator columns. */
const row = (code, projectName, annual, midTerm, l1, l2, name, valueType, target, unit, midValue = '', explanation = '', rule = '', core = '') =>
  [code, projectName, annual, midTerm, l1, l2, name, valueType, target, unit, midValue, explanation, rule, core];

const G1 = '完成城区 12 条道路维修改造，改善群众出行条件。';
const G2 = '为全县 3,200 名义务教育阶段学生提供营养午餐。';
const M2 = '三年内实现全县义务教育学校营养午餐全覆盖。';
const G3 = '完成全县中小学教师轮训 500 人次。';

// XM001: goal text on the first row only; the target cells as offices type them — a plain number
// (12, with 计量单位 条), "100%" typed into Excel (stored 1 with format 0%), words (30天以内),
// full-width digits (≤９０万元), a full-width ＝ (＝0起), full-width ≧９５％, short level labels.
const XM001 = [
  row('XM001', '县城区道路维修改造', G1, '', '产出指标', '数量指标', '维修改造道路条数', '定量', 12, '条', '', '当年完成并验收的道路条数', '每少 1 条扣 1 分', '是'),
  row('XM001', '县城区道路维修改造', '', '', '产出', '质量', '工程验收合格率', '', 1, '%', '', '验收合格工程数÷完工工程数', '低于 100% 不得分', '否'),
  row('XM001', '县城区道路维修改造', '', '', '产出指标', '时效指标', '单条道路平均工期', '定量', '30天以内', '天'),
  row('XM001', '县城区道路维修改造', '', '', '产出指标', '成本指标', '道路维修总成本', '定量', '≤９０万元', '万元'),
  row('XM001', '县城区道路维修改造', '', '', '效益指标', '社会效益指标', '群众出行条件改善', '定性', '效果明显', ''),
  row('XM001', '县城区道路维修改造', '', '', '效益指标', '可持续影响指标', '施工安全事故数', '', '＝0起', '起'),
  row('XM001', '县城区道路维修改造', '', '', '满意度指标', '服务对象满意度指标', '沿线群众满意度', '定量', '≧９５％', '%', '', '', '', '√'),
];
// XM002: goal texts repeated on every row (accepted), a mid-term goal and mid-term values,
// 元 amounts, words before the number (不低于3,200人), a typed "=" (=5元), Template B's 成本指标.
const XM002 = [
  row('XM002', '学生营养改善计划', G2, M2, '产出指标', '数量指标', '受益学生人数', '定量', '不低于3,200人', '', '≥9600人'),
  row('XM002', '学生营养改善计划', G2, M2, '产出指标', '成本指标', '每生每天补助标准', '定量', '=5元', '元'),
  row('XM002', '学生营养改善计划', G2, M2, '成本指标', '经济成本指标', '食材采购单价', '定量', '≤12.5元', '元'),
  row('XM002', '学生营养改善计划', G2, M2, '效益指标', '社会效益指标', '学生营养状况', '定性', '达到预期', ''),
  row('XM002', '学生营养改善计划', G2, M2, '满意度指标', '服务对象满意度指标', '家长满意度', '', '95%以上', '%', '≥95%'),
];
// XM003: a row with only the goal text, then its indicator.
const XM003 = [
  row('XM003', '中小学教师培训', G3, '', '', '', '', '', '', ''),
  row('XM003', '中小学教师培训', '', '', '产出指标', '数量指标', '培训教师人次', '定量', '≥500人次', '人次'),
];
const EMPTY = row('', '', '', '', '', '', '', '', '', '');

writeWorkbook('good.xlsx', goalSheet([...XM001, EMPTY, ...XM002, ...XM003], { formats: { I3: '0%' } }));

// The same goals later: one XM001 target changed (≥12 → ≥15); XM002 now with its goal texts on
// the first row only (same content → unchanged); XM003 unchanged.
const XM001b = XM001.map((r) => (r[6] === '维修改造道路条数' ? [...r.slice(0, 8), 15, ...r.slice(9)] : r));
const XM002b = XM002.map((r, i) => (i === 0 ? r : [r[0], r[1], '', '', ...r.slice(4)]));
writeWorkbook('good-changed.xlsx', goalSheet([...XM001b, ...XM002b, ...XM003], { formats: { I3: '0%' } }));

// Another layout: sheet 目标 (not 绩效目标), a merged title row and a blank row above the header,
// the header aliases (编码, 年度目标, 三级指标名称, 年度指标值, 单位, 评分标准, 核心指标) in another
// order and without asterisks, an extra 备注 column the import ignores.
writeWorkbook('good-aliases.xlsx', [{
  name: '目标',
  merges: [{ s: { r: 0, c: 0 }, e: { r: 0, c: 8 } }],
  rows: [
    ['2026 年度绩效目标（教育局）'],
    [],
    ['编码', '三级指标名称', '一级指标', '二级指标', '年度指标值', '单位', '年度目标', '评分标准', '核心指标', '备注'],
    ['XM003', '培训教师人次', '产出指标', '数量指标', '≥500', '人次', G3, '每少 10 人次扣 1 分', '是', '教育股'],
    ['XM003', '培训合格率', '产出指标', '质量指标', '≥ 90 %', '', '', '', '', ''],
  ],
}]);

// ---- bad files: each has exactly the faults its test names, nothing else.

const ok1 = XM001[0];
writeWorkbook('bad-missing-code.xlsx', goalSheet([ok1, row('', '县城区道路维修改造', '', '', '产出指标', '质量指标', '工程验收合格率', '定量', '100%', '%')]));

writeWorkbook('bad-unknown-code.xlsx', goalSheet([
  row('XM999', '不存在的项目', '目标', '', '产出指标', '数量指标', '指标一', '定量', '≥1', '个'),
  row('XM999', '不存在的项目', '', '', '产出指标', '质量指标', '指标二', '定量', '≥90%', '%'),
  ok1,
]));

// XM004's goal sheet is approved (or locked) in the test before this file is imported.
writeWorkbook('bad-not-editable.xlsx', goalSheet([
  row('XM004', '农村饮水安全巩固提升', '保障 2 万农村人口饮水安全。', '', '产出指标', '数量指标', '新建供水工程数', '定量', '≥3处', '处'),
]));

writeWorkbook('bad-cancelled.xlsx', goalSheet([
  row('XM005', '已取消的项目', '目标', '', '产出指标', '数量指标', '指标一', '定量', '≥1', '个'),
]));

// A project listed with its code and name only (and a valid XM002 row): importing it would
// wipe XM001's goals, so it is refused.
writeWorkbook('bad-empty-project.xlsx', goalSheet([
  row('XM001', '县城区道路维修改造', '', '', '', '', '', '', '', ''),
  row('XM002', '学生营养改善计划', G2, '', '产出指标', '数量指标', '受益学生人数', '定量', '≥3200人', '人'),
]));

writeWorkbook('bad-level1.xlsx', goalSheet([
  row('XM001', '县城区道路维修改造', G1, '', '投入指标', '数量指标', '维修改造道路条数', '定量', '≥12', '条'),
]));

writeWorkbook('bad-level2.xlsx', goalSheet([
  row('XM001', '县城区道路维修改造', G1, '', '产出指标', '效率指标', '维修改造道路条数', '定量', '≥12', '条'),
]));

// 数量指标 is no child of 效益指标 in either template; 成本指标 → 成本指标 is in neither either.
writeWorkbook('bad-level-mismatch.xlsx', goalSheet([
  row('XM001', '县城区道路维修改造', G1, '', '效益指标', '数量指标', '维修改造道路条数', '定量', '≥12', '条'),
  row('XM001', '县城区道路维修改造', '', '', '成本指标', '成本指标', '道路维修总成本', '定量', '≤90万元', '万元'),
]));

writeWorkbook('bad-empty-name.xlsx', goalSheet([
  row('XM001', '县城区道路维修改造', G1, '', '产出指标', '数量指标', '', '定量', '≥12', '条'),
]));

// Targets the parser refuses, one kind per row, plus an empty one.
writeWorkbook('bad-target.xlsx', goalSheet([
  row('XM001', '县城区道路维修改造', G1, '', '产出指标', '质量指标', '工程验收合格率', '定量', '90%-95%', '%'),
  row('XM001', '县城区道路维修改造', '', '', '满意度指标', '服务对象满意度指标', '沿线群众满意度', '', '约95%', '%'),
  row('XM001', '县城区道路维修改造', '', '', '产出指标', '数量指标', '维修改造道路条数', '', '≥', '条'),
  row('XM001', '县城区道路维修改造', '', '', '产出指标', '时效指标', '单条道路平均工期', '', '≈30天', '天'),
  row('XM001', '县城区道路维修改造', '', '', '效益指标', '社会效益指标', '改革事项', '', '≥3项改革完成', ''),
  row('XM001', '县城区道路维修改造', '', '', '效益指标', '可持续影响指标', '施工安全事故数', '定量', '', '起'),
]));

// The same name twice in XM001 is refused; the same name in XM002 is fine.
writeWorkbook('bad-duplicate-name.xlsx', goalSheet([
  row('XM001', '县城区道路维修改造', G1, '', '产出指标', '数量指标', '维修改造道路条数', '定量', '≥12', '条'),
  row('XM001', '县城区道路维修改造', '', '', '产出指标', '数量指标', '维修改造道路条数', '定量', '≥15', '条'),
  row('XM002', '学生营养改善计划', G2, '', '产出指标', '数量指标', '维修改造道路条数', '定量', '≥1', '条'),
]));

writeWorkbook('bad-conflicting-goal.xlsx', goalSheet([
  row('XM001', '县城区道路维修改造', G1, '', '产出指标', '数量指标', '维修改造道路条数', '定量', '≥12', '条'),
  row('XM001', '县城区道路维修改造', '完成城区 15 条道路维修改造。', '', '产出指标', '质量指标', '工程验收合格率', '定量', '≥100%', '%'),
]));

writeWorkbook('bad-value-type.xlsx', goalSheet([
  row('XM001', '县城区道路维修改造', G1, '', '产出指标', '数量指标', '维修改造道路条数', '数值', '≥12', '条'),
]));

writeWorkbook('bad-unit-mismatch.xlsx', goalSheet([
  row('XM001', '县城区道路维修改造', G1, '', '产出指标', '质量指标', '工程验收合格率', '定量', '≥95%', '个'),
]));

writeWorkbook('bad-yes-no.xlsx', goalSheet([
  row('XM001', '县城区道路维修改造', G1, '', '产出指标', '数量指标', '维修改造道路条数', '定量', '≥12', '条', '', '', '', '可能'),
]));

writeWorkbook('bad-missing-column.xlsx', [{
  name: SHEET,
  rows: [HEADER.filter((h) => h !== '指标值*'), ['XM001', '县城区道路维修改造', G1, '', '产出指标', '数量指标', '维修改造道路条数', '定量', '条']],
}]);

writeWorkbook('bad-header-only.xlsx', goalSheet([]));

const notExcel = zipSync({ 'readme.txt': [strToU8('这不是 Excel 文件。'), { mtime: FIXED_DATE }] });
fs.writeFileSync(path.join(dir, 'bad-not-excel.xlsx'), notExcel);

console.log(`fixtures written to ${path.relative(root, dir)}: ${fs.readdirSync(dir).sort().join(', ')}`);
