#!/usr/bin/env node
// Generates the filled self-evaluation tables under tests/fixtures/selfeval/ (核对单位自评表, issue 5
// item 6). Run with the project's Node: `node scripts/make-fixtures-issue5.mjs`. The output is
// committed; tests/fixtures/README.md (section "selfeval/") lists each file's layout, the unit's
// mistakes and the expected differences — keep them in step with
// tests/integration/selfEvalCheck.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { zipSync, strToU8 } from 'fflate';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'tests', 'fixtures', 'selfeval');
fs.mkdirSync(dir, { recursive: true });

const FIXED_DATE = new Date('2026-01-01T00:00:00Z');

/** A percentage typed in Excel: stored as a fraction with a percent format ("95%" → 0.95, "0%"). */
const pct = (fraction, z = '0%') => ({ t: 'n', v: fraction, z });
/** Merge helper: 1-based rows and 0-based columns, as read in the layouts below. */
const merge = (r1, c1, r2, c2) => ({ s: { r: r1 - 1, c: c1 }, e: { r: r2 - 1, c: c2 } });

function writeWorkbook(file, sheets) {
  const wb = XLSX.utils.book_new();
  wb.Props = { Title: file, Author: 'make-fixtures-issue5', CreatedDate: FIXED_DATE };
  for (const s of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(s.rows);
    if (s.merges) ws['!merges'] = s.merges;
    if (s.widths) ws['!cols'] = s.widths.map((wch) => ({ wch }));
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  fs.writeFileSync(path.join(dir, file), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
}

// ---------------------------------------------------------------- national (10号 附件1), SPEC §11.1
// 万元 from the money block's label. The unit truncated the execution score (9.50 → 9), rounded
// 9.68 to one decimal (9.7) and added its own figures correctly (94.70). The app: 95.18 → 优.
const national = (file, { execScore, qualityScore, total }) => writeWorkbook(file, [{
  name: '项目支出绩效自评表',
  widths: [10, 14, 14, 22, 13, 22, 8, 9, 30],
  rows: [
    ['项目支出绩效自评表'],
    ['（2024 年度）'],
    ['项目名称', '某县2024年农村公路日常养护'],
    ['主管部门', '县交通运输局', '', '', '实施单位', '县公路养护中心'],
    ['项目资金（万元）', '', '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
    ['', '年度资金总额', '', 300, 320, 304, 10, pct(0.95, '0.00%'), execScore],
    ['', '其中：当年财政拨款', '', 300, 320, 304, '—', '—', '—'],
    ['', '上年结转资金', '', 0, 0, 0, '—', '—', '—'],
    ['', '其他资金', '', 0, 0, 0, '—', '—', '—'],
    ['年度总体目标', '预期目标', '', '', '', '实际完成情况'],
    ['', '完成120公里农村公路日常养护，路况保持良好。', '', '', '', '完成126公里日常养护，优良路率84%。'],
    ['绩效指标', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'],
    ['', '产出指标(50分)', '数量指标', '养护里程', '≥120公里', 126, 15, 15, ''],
    ['', '', '质量指标', '养护验收合格率', '≥95%', pct(0.92), 10, qualityScore, '部分路段雨季返修，下年加强过程检查。'],
    ['', '', '时效指标', '按期完工率', '＝100%', pct(1), 10, 10, ''],
    ['', '', '成本指标', '每公里养护成本', '≤2.60万元', 2.41, 15, 15, ''],
    ['', '效益指标(30分)', '社会效益指标', '优良路率', '≥80%', pct(0.84), 15, 15, ''],
    ['', '', '可持续影响指标', '养护长效机制建立', '建立并运行', '部分达成，机制已建立，尚在试运行', 15, 11, '下年完善考核办法。'],
    ['', '满意度指标(10分)', '服务对象满意度指标', '沿线群众满意度', '≥90%', pct(0.93), 10, 10, ''],
    ['总分', '', '', '', '', '', 100, total, ''],
    ['自评等级', '', '', '', '', '', '优'],
  ],
  merges: [
    merge(1, 0, 1, 8), merge(2, 0, 2, 8), merge(3, 1, 3, 8), merge(5, 0, 9, 0), merge(10, 0, 11, 0),
    merge(12, 0, 19, 0), merge(13, 1, 16, 1), merge(17, 1, 18, 1), merge(20, 0, 20, 5),
  ],
}]);
national('national-spec-11-1.xlsx', { execScore: 9, qualityScore: 9.7, total: 94.7 });
// The same table filled correctly: nothing to report.
national('national-correct.xlsx', { execScore: 9.5, qualityScore: 9.68, total: 95.18 });

// ---------------------------------------------------------------- 湖北 20 + 80, amounts in 元
// 预算数（元）/执行数（元）/执行率/得分（20分×执行率）; no per-row 分值, the level-1 labels carry
// 40/30/10. The unit gave full marks to a missed target and left the 18.50 execution points out of
// its total (80 = the indicator scores alone).
writeWorkbook('hubei-20-80-yuan.xlsx', [{
  name: 'Sheet1',
  rows: [
    ['2025年度项目支出绩效自评表'],
    ['项目名称', '乡村学校少年宫运行补助', '', '主管部门', '县教育局'],
    ['预算执行情况', '预算数（元）', '执行数（元）', '执行率', '得分（20分×执行率）'],
    ['年度资金总额', '1,000,000.00', 925000, pct(0.925, '0.0%'), 18.5],
    ['年度总体目标', '保障12所乡村学校少年宫正常运行。'],
    ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '得分', '偏差原因分析及改进措施'],
    ['产出指标（40分）', '数量指标', '少年宫开展活动次数', '≥48次', 52, 10, ''],
    ['', '数量指标', '受益学生人数', '≥3000人', 3120, 10, ''],
    ['', '质量指标', '活动开展覆盖率', '≥95%', pct(0.9), 10, '个别学校师资不足'],
    ['', '时效指标', '资金拨付及时率', '100%', pct(1), 10, ''],
    ['效益指标（30分）', '社会效益指标', '学生综合素质提升', '明显提升', '明显提升', 15, ''],
    ['', '可持续影响指标', '少年宫长效运行机制', '建立', '已建立', 15, ''],
    ['满意度指标（10分）', '服务对象满意度指标', '学生家长满意度', '≥90%', pct(0.94), 10, ''],
    ['合计', '', '', '', '', 80, ''],
  ],
  merges: [merge(1, 0, 1, 6), merge(7, 0, 10, 0), merge(11, 0, 12, 0)],
}]);

// ---------------------------------------------------------------- 云南 20 + 80, 单位：万元, no level-1 weights
// 分值 20 in the money block; the eight indicators share the 80 evenly (10 each). Mistakes:
// integer rounding (8.75 → 9), truncation (9.56 → 9.5), the reverse indicator scored with R2
// (5.00) where the profile uses R1 (6.67). Its total (88.90) is its own sum.
writeWorkbook('yunnan-20-80-wan.xlsx', [{
  name: '自评表',
  rows: [
    ['项目支出绩效自评表（2025年度）'],
    ['项目名称', '高标准农田建设', '', '实施单位', '县农业农村局'],
    ['单位：万元'],
    ['项目资金', '年初预算数', '预算数', '执行数', '执行率', '分值', '得分'],
    ['年度资金总额', 200, 250, 230, pct(0.92), 20, 18.4],
    ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '得分', '偏差原因分析及改进措施'],
    ['产出指标', '数量指标', '新建高标准农田面积', '≥2000亩', 1750, 9, '部分地块土地流转滞后'],
    ['', '数量指标', '配套灌溉渠道长度', '≥12公里', 12.5, 10, ''],
    ['', '质量指标', '工程验收合格率', '100%', pct(1), 10, ''],
    ['', '时效指标', '项目按期完工率', '≥90%', pct(0.86), 9.5, '雨季影响工期'],
    ['', '成本指标', '亩均建设成本', '≤0.30万元', 0.45, 5, '材料价格上涨'],
    ['效益指标', '经济效益指标', '亩均粮食增产', '≥50公斤', 62, 10, ''],
    ['', '可持续影响指标', '工程管护机制', '建立管护制度', '基本建立', 7, '管护资金尚未落实'],
    ['满意度指标', '服务对象满意度指标', '受益农户满意度', '≥90%', pct(0.92), 10, ''],
    ['总分', '', '', '', '', 88.9, ''],
  ],
  merges: [merge(1, 0, 1, 6), merge(7, 0, 11, 0), merge(12, 0, 13, 0)],
}]);

// ---------------------------------------------------------------- 四川, amounts in 元
// 年初预算/调整后预算数/预算执行数/预算执行率/权重/得分; 绩效指标（90分） with 指标性质/指标值/度量单位/
// 完成值/权重/得分. Mistakes: weights 91 + 10 = 101; truncation (14.76 → 14.7); a 定性 score above
// its band (部分达成, 20 points: [12, 16), unit 17); the total 97.82 is not its own sum 96.82.
writeWorkbook('sichuan-yuan.xlsx', [{
  name: '项目支出绩效自评表',
  rows: [
    ['项目支出绩效自评表（2025年度）'],
    ['项目名称', '城乡居民基本医疗保险参保补助', '', '', '主管部门', '县医疗保障局'],
    ['预算执行情况（元）', '年初预算', '调整后预算数', '预算执行数', '预算执行率', '权重', '得分'],
    ['年度资金总额', 5000000, 4800000, 4560000, pct(0.95, '0.00%'), 10, 9.5],
    ['绩效指标（90分）'],
    ['一级指标', '二级指标', '三级指标', '指标性质', '指标值', '度量单位', '完成值', '权重', '得分', '偏差原因分析及改进措施'],
    ['产出指标', '数量指标', '参保人数', '正向指标', 52000, '人', 51000, 20, 19.62, '部分外出务工人员在外地参保'],
    ['', '质量指标', '参保率', '正向指标', 95, '%', 93.5, 15, 14.7, ''],
    ['', '时效指标', '补助资金拨付及时率', '正向指标', 100, '%', 100, 10, 10, ''],
    ['', '成本指标', '人均财政补助标准', '反向指标', 640, '元', 640, 10, 10, ''],
    ['效益指标', '社会效益指标', '群众看病就医负担', '定性指标', '有效减轻', '', '部分达成', 20, 17, '大病保险报销比例偏低'],
    ['', '可持续影响指标', '医保制度持续运行', '定性指标', '长期稳定运行', '', '达成', 10, 10, ''],
    ['满意度指标', '服务对象满意度指标', '参保群众满意度', '正向指标', 85, '%', 88, 6, 6, ''],
    ['总分', '', '', '', '', '', '', 101, 97.82, ''],
  ],
  merges: [merge(1, 0, 1, 9), merge(5, 0, 5, 9), merge(7, 0, 10, 0), merge(11, 0, 12, 0)],
}]);

// ---------------------------------------------------------------- 重庆 部门整体: 指标权重, 是否核心指标, 得分系数
// 金额单位：万元. Mistakes: full marks (系数 1) on a missed core target (1800 of ≥2000 人次: 13.50),
// a coefficient rounded to two decimals (0.979 → 0.98: 9.80 against 9.79). Total = its own sum.
writeWorkbook('chongqing-unit.xlsx', [{
  name: '部门整体支出绩效自评表',
  rows: [
    ['部门（单位）整体支出绩效自评表'],
    ['单位名称', '县农业农村委员会', '', '', '评价年度', '2025'],
    ['金额单位：万元'],
    ['预算执行情况', '年初预算数', '全年预算数', '全年执行数', '执行率', '指标权重', '得分系数', '得分'],
    ['合计', 1200, 1500, 1320, pct(0.88), 10, 0.88, 8.8],
    ['一级指标', '二级指标', '三级指标', '指标权重', '是否核心指标', '年度目标值', '实际完成值', '得分系数', '得分'],
    ['产出指标', '数量指标', '农业技术培训人次', 15, '是', '≥2000人次', 1800, 1, 15],
    ['', '质量指标', '动物疫病免疫密度', 15, '是', '≥90%', pct(0.92), 1, 15],
    ['', '时效指标', '惠农资金兑付及时率', 10, '否', '≥95%', pct(0.93), 0.98, 9.8],
    ['', '成本指标', '单位公用经费控制率', 10, '否', '≤100%', pct(0.96), 1, 10],
    ['效益指标', '经济效益指标', '农民人均可支配收入增幅', 15, '是', '≥6%', pct(0.065, '0.0%'), 1, 15],
    ['', '可持续影响指标', '农业产业发展后劲', 15, '否', '持续增强', '部分达成', 0.6, 9],
    ['满意度指标', '服务对象满意度指标', '服务对象满意度', 10, '否', '≥90%', pct(0.95), 1, 10],
    ['总分', '', '', 100, '', '', '', '', 92.6],
  ],
  merges: [merge(1, 0, 1, 8), merge(7, 0, 10, 0), merge(11, 0, 12, 0)],
}]);

// ---------------------------------------------------------------- no execution: 产出 40 / 效益 40 / 满意度 20
// Mistakes: full marks for a missed target (90% of ≥95%: 9.47), integer rounding (18.95 → 19).
writeWorkbook('no-execution-40-40-20.xlsx', [{
  name: 'Sheet1',
  rows: [
    ['2025年度项目绩效自评表'],
    ['项目名称', '村级公益事业一事一议奖补'],
    ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分'],
    ['产出指标（40分）', '数量指标', '奖补项目个数', '≥25个', 25, 10, 10],
    ['', '数量指标', '硬化村组道路里程', '≥38公里', 32, 10, 8.42],
    ['', '质量指标', '工程验收合格率', '100%', pct(1), 10, 10],
    ['', '时效指标', '项目完工及时率', '≥95%', pct(0.9), 10, 10],
    ['效益指标（40分）', '社会效益指标', '受益群众人数', '≥19000人', 18000, 20, 19],
    ['', '可持续影响指标', '设施管护机制', '建立长效管护机制', '已建立', 20, 20],
    ['满意度指标（20分）', '服务对象满意度指标', '受益群众满意度', '≥90%', pct(0.96), 20, 20],
    ['总分', '', '', '', '', 100, 97.42],
  ],
  merges: [merge(1, 0, 1, 6), merge(4, 0, 7, 0), merge(8, 0, 9, 0)],
}]);

// ---------------------------------------------------------------- unreadable cells (national layout)
// 约95% (an approximate target), 较好 as the actual of a quantitative row, 十 as a weight: listed
// as cell errors, their rows unscored; the readable row is still checked.
writeWorkbook('bad-cells.xlsx', [{
  name: '自评表',
  rows: [
    ['项目资金（万元）', '', '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
    ['', '年度资金总额', '', 100, 100, 100, 10, pct(1), 10],
    ['绩效指标', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分'],
    ['', '产出指标', '数量指标', '培训人次', '≥100人次', 120, 30, 30],
    ['', '', '质量指标', '培训合格率', '约95%', pct(0.96), 20, 20],
    ['', '效益指标', '社会效益指标', '技能提升情况', '≥80%', '较好', 30, 30],
    ['', '满意度指标', '服务对象满意度指标', '学员满意度', '≥90%', pct(0.95), '十', 10],
    ['总分', '', '', '', '', '', 100, 100],
  ],
}]);

// ---------------------------------------------------------------- files that are not a 自评表
writeWorkbook('bad-no-table.xlsx', [{ name: '说明', rows: [['项目名称', '某项目'], ['备注', '本表未填写绩效指标']] }]);
fs.writeFileSync(path.join(dir, 'bad-not-excel.xlsx'), zipSync({ 'readme.txt': strToU8('这不是 Excel 文件') }, { mtime: FIXED_DATE }));

console.log(`fixtures written to ${path.relative(root, dir)}`);
