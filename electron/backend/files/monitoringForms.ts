import * as XLSX from 'xlsx';
import { LEVEL1, LEVEL2, type Level1Code, type Level2Code } from '../../../shared/domain/indicators.ts';
import { GOAL_TEXT_MIN_POINTS, Grid, wanNumber } from './formLayout.ts';
import { formOrder } from './goalForms.ts';
import { numberCell, type CellValue, type LaidOutSheet } from './xlsx.ts';

/**
 * 项目支出绩效目标执行监控表 (SPEC §6.3, 136号 附件 style) and its 部门整体 counterpart, laid out
 * as the form prints: title and period, the header pairs, the money block (年初预算数 | 全年预算数 |
 * 1–N月执行数 | 1–N月执行率 | 全年预计执行数 for 年度资金总额 / 其中：财政拨款 / 其他资金, in 万元),
 * the 年度总体目标 block (年初设定 | 1–N月实际完成情况 | 全年预计完成情况), the indicator table with
 * one "√" column per deviation cause of the dictionary, then the warnings and the decisions.
 * Like files/goalForms.ts: merges, widths, estimated row heights, print area and margins carry
 * the layout (SheetJS community writes no styles); money is a number in 万元 ("#,##0.00"),
 * rates a number with the format "0.00%".
 *
 * Columns: A 一级 | B 二级 | C 三级 | D 年度指标值 | E 1–N月实际 | F 全年预计 | one column per cause |
 * 完成目标可能性 | 备注（原因说明、纠偏措施）. The upper blocks split the same columns.
 */

export const PROJECT_MONITORING_TITLE = '项目支出绩效目标执行监控表';
export const UNIT_MONITORING_TITLE = '部门（单位）整体支出绩效目标执行监控表';

/** Amounts in 分, null where the form leaves the cell blank. */
export interface MonitoringFormMoney {
  totalFen: number | null;
  fiscalFen: number | null;
  otherFen: number | null;
}

export interface MonitoringFormIndicator {
  level1: Level1Code;
  level2: Level2Code;
  name: string;
  target: string;
  actual: string;
  expected: string;
  /** Cause codes ticked on the row. */
  causes: readonly string[];
  likelihood: string;
  remarks: string;
}

export interface MonitoringFormData {
  sheetName: string;
  objectType: 'project' | 'unitOverall';
  year: number;
  month: number;
  /** 项目名称, or the unit's name with its code for 部门整体. */
  name: string;
  /** 项目编码, or the unit's code. */
  code: string;
  /** 主管部门及代码, e.g. "县教育局（101）". */
  department: string;
  implementingUnit: string;
  initial: MonitoringFormMoney;
  annual: MonitoringFormMoney;
  executed: MonitoringFormMoney;
  /** 1–N月执行率 in % (two decimals, from shared/rules), null when it cannot be computed. */
  rates: { total: number | null; fiscal: number | null; other: number | null };
  expected: MonitoringFormMoney;
  annualGoal: string;
  goalProgress: string;
  expectedGoal: string;
  /** The deviation-cause dictionary, one "√" column each. */
  causes: readonly { code: string; label: string }[];
  indicators: readonly MonitoringFormIndicator[];
  warnings: readonly { level: string; message: string }[];
  decisions: readonly { action: string; text: string }[];
  footer: string;
}

/** "1–6", or "1" for January: the form's period words. */
export const periodWords = (month: number) => (month === 1 ? '1' : `1–${month}`);

// ---------------------------------------------------------------- the grid (files/formLayout.ts)

/** Landscape-width table: narrow margins so it fits an A4 page. */
const MARGINS = { left: 0.3, right: 0.3, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 };

const PERCENT_FORMAT = '0.00%';
const rateCell = (rate: number | null): CellValue | XLSX.CellObject => (rate === null ? '' : numberCell(Number((rate / 100).toFixed(6)), PERCENT_FORMAT));
const moneyCell = (fen: number | null): CellValue | XLSX.CellObject => (fen === null ? '' : numberCell(wanNumber(fen)));

/** Widths of A–F, of each cause column, of 可能性 and of 备注. */
const FIXED_WIDTHS = [12, 14, 24, 13, 13, 13];
const CAUSE_WIDTH = 7;
const LIKELIHOOD_WIDTH = 11;
const REMARKS_WIDTH = 30;

/** The 执行监控表 of one sheet (project or 部门整体). */
export function monitoringFormSheet(d: MonitoringFormData): LaidOutSheet {
  const nc = Math.max(1, d.causes.length);
  const g = new Grid([...FIXED_WIDTHS, ...Array.from({ length: nc }, () => CAUSE_WIDTH), LIKELIHOOD_WIDTH, REMARKS_WIDTH], MARGINS);
  const L = g.last;
  const causeStart = 6;
  const causeEnd = causeStart + nc - 1;
  const likelihoodCol = causeEnd + 1;
  const period = periodWords(d.month);
  const project = d.objectType === 'project';

  // Title and period.
  g.block(0, 0, 0, L, project ? PROJECT_MONITORING_TITLE : UNIT_MONITORING_TITLE);
  g.height(0, 32);
  g.block(1, 0, 1, L, `（ ${d.year} 年 ${period} 月）`);
  let r = 2;

  // Header pairs: label A | value B–F | label G…(causes) | value to the end.
  const pair = (l1: string, v1: string, l2: string, v2: string) => {
    g.set(r, 0, l1);
    g.block(r, 1, r, 5, v1);
    g.block(r, causeStart, r, causeEnd, l2);
    g.block(r, likelihoodCol, r, L, v2);
    g.fit(r, 1, 5, v1);
    g.fit(r, likelihoodCol, L, v2);
    r++;
  };
  if (project) {
    pair('项目名称', d.name, '项目编码', d.code);
    pair('主管部门及代码', d.department, '实施单位', d.implementingUnit);
  } else {
    pair('部门（单位）名称', d.name, '单位编码', d.code);
    pair('主管部门及代码', d.department, '填报单位', d.implementingUnit);
  }

  // Money block: A label over four rows, B–C the row labels, D 年初 | E 全年 | F 执行数 | causes 执行率 | rest 全年预计.
  const moneyTop = r;
  g.block(r, 0, r + 3, 0, project ? '项目资金（万元）' : '部门资金（万元）');
  g.block(r, 1, r, 2, '');
  g.set(r, 3, '年初预算数');
  g.set(r, 4, '全年预算数');
  g.set(r, 5, `${period}月执行数`);
  g.block(r, causeStart, r, causeEnd, `${period}月执行率`);
  g.block(r, likelihoodCol, r, L, '全年预计执行数');
  g.height(r, 30);
  const moneyRows: [string, keyof MonitoringFormMoney, keyof MonitoringFormData['rates']][] = [
    ['年度资金总额', 'totalFen', 'total'], ['其中：财政拨款', 'fiscalFen', 'fiscal'], ['其他资金', 'otherFen', 'other'],
  ];
  moneyRows.forEach(([label, key, rateKey], k) => {
    const row = moneyTop + 1 + k;
    g.block(row, 1, row, 2, label);
    g.set(row, 3, moneyCell(d.initial[key]));
    g.set(row, 4, moneyCell(d.annual[key]));
    g.set(row, 5, moneyCell(d.executed[key]));
    g.block(row, causeStart, row, causeEnd, '');
    g.set(row, causeStart, rateCell(d.rates[rateKey]));
    g.block(row, likelihoodCol, row, L, '');
    g.set(row, likelihoodCol, moneyCell(d.expected[key]));
  });
  r = moneyTop + 4;

  // 年度总体目标: 年初设定 | 1–N月实际完成情况 | 全年预计完成情况, the texts in tall merged cells.
  g.block(r, 0, r + 1, 0, '年度总体目标');
  g.block(r, 1, r, 4, '年初设定');
  g.block(r, 5, r, causeEnd, `${period}月实际完成情况`);
  g.block(r, likelihoodCol, r, L, '全年预计完成情况');
  g.block(r + 1, 1, r + 1, 4, d.annualGoal);
  g.block(r + 1, 5, r + 1, causeEnd, d.goalProgress);
  g.block(r + 1, likelihoodCol, r + 1, L, d.expectedGoal);
  g.height(r + 1, GOAL_TEXT_MIN_POINTS);
  g.fit(r + 1, 1, 4, d.annualGoal);
  g.fit(r + 1, 5, causeEnd, d.goalProgress);
  g.fit(r + 1, likelihoodCol, L, d.expectedGoal);
  r += 2;

  // Indicator table header: two rows, 偏差原因分析 spanning the cause columns.
  const head = ['一级指标', '二级指标', '三级指标', '年度指标值', `${period}月实际完成值`, '全年预计完成值'];
  head.forEach((h, c) => g.block(r, c, r + 1, c, h));
  g.block(r, causeStart, r, causeEnd, '偏差原因分析');
  (d.causes.length ? d.causes : [{ code: '', label: '' }]).forEach((cause, k) => g.set(r + 1, causeStart + k, cause.label));
  g.block(r, likelihoodCol, r + 1, likelihoodCol, '完成目标可能性');
  g.block(r, L, r + 1, L, '备注（原因说明、纠偏措施）');
  g.height(r + 1, 30);
  r += 2;

  const rows = formOrder(d.indicators);
  const start = r;
  if (rows.length === 0) {
    for (let c = 0; c <= L; c++) g.set(r, c, '');
    r++;
  }
  rows.forEach((ind, k) => {
    const row = start + k;
    g.set(row, 0, LEVEL1[ind.level1]);
    g.set(row, 1, LEVEL2[ind.level2]);
    g.set(row, 2, ind.name);
    g.set(row, 3, ind.target);
    g.set(row, 4, ind.actual);
    g.set(row, 5, ind.expected);
    d.causes.forEach((cause, j) => g.set(row, causeStart + j, ind.causes.includes(cause.code) ? '√' : ''));
    if (d.causes.length === 0) g.set(row, causeStart, '');
    g.set(row, likelihoodCol, ind.likelihood);
    g.set(row, L, ind.remarks);
    g.fit(row, 2, 2, ind.name);
    g.fit(row, 3, 3, ind.target);
    g.fit(row, 4, 4, ind.actual);
    g.fit(row, 5, 5, ind.expected);
    g.fit(row, L, L, ind.remarks);
  });
  // Vertical merges: runs of the same 一级, and of the same 二级 inside one 一级.
  const mergeRuns = (col: number, key: (i: MonitoringFormIndicator) => string, label: (i: MonitoringFormIndicator) => string) => {
    let from = 0;
    for (let k = 1; k <= rows.length; k++) {
      const prev = rows[k - 1];
      const cur = rows[k];
      if (cur && prev && key(cur) === key(prev)) continue;
      if (k - 1 > from && prev) g.block(start + from, col, start + k - 1, col, label(prev));
      from = k;
    }
  };
  mergeRuns(0, (i) => i.level1, (i) => LEVEL1[i.level1]);
  mergeRuns(1, (i) => `${i.level1}/${i.level2}`, (i) => LEVEL2[i.level2]);
  r = Math.max(r, start + rows.length);

  // 预警情况: one row per warning (level | message).
  const warnTop = r;
  if (d.warnings.length === 0) {
    g.block(r, 1, r, L, '无预警');
    r++;
  }
  for (const w of d.warnings) {
    g.set(r, 1, w.level);
    g.block(r, 2, r, L, w.message);
    g.fit(r, 2, L, w.message);
    r++;
  }
  g.block(warnTop, 0, r - 1, 0, '预警情况');

  // 处理意见: one row per decision (action | what was decided, by whom, when).
  const decTop = r;
  if (d.decisions.length === 0) {
    g.block(r, 1, r, L, '（暂无）');
    r++;
  }
  for (const x of d.decisions) {
    g.set(r, 1, x.action);
    g.block(r, 2, r, L, x.text);
    g.fit(r, 2, L, x.text);
    r++;
  }
  g.block(decTop, 0, r - 1, 0, '处理意见');

  g.block(r, 0, r, L, d.footer);
  return g.toSheet(d.sheetName);
}
