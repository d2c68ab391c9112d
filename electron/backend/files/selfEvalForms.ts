import type * as XLSX from 'xlsx';
import { LEVEL1, LEVEL2, type Level1Code, type Level2Code } from '../../../shared/domain/indicators.ts';
import type { GradeCode } from '../../../shared/domain/ruleProfile.ts';
import type { MoneyLine, UnitOverallMoney } from '../../../shared/rules/unitOverallMoney.ts';
import { GOAL_GRADE_LABELS } from '../../../shared/i18n/zh-CN.ts';
import { GOAL_TEXT_MIN_POINTS, Grid, wanNumber } from './formLayout.ts';
import { formOrder } from './goalForms.ts';
import { numberCell, type CellValue, type LaidOutSheet } from './xlsx.ts';

/**
 * 项目支出绩效自评表 (SPEC §5.2, 10号 附件1 style) and its 部门整体 counterpart (§7.3), laid out as
 * the form prints. Columns:
 *   A labels / 绩效指标 | B 一级指标 | C 二级指标 | D 三级指标 | E 年度指标值 | F 实际完成值 | G 分值 | H 得分 | I 偏差原因分析及改进措施
 * The money block uses the same columns: B–C row label | D 年初预算数 | E 全年预算数 | F 全年执行数 |
 * G 分值 | H 执行率 | I 得分, and only 年度资金总额 carries 分值/执行率/得分. The 部门整体 form splits the
 * money by 基本支出 (小计, 人员经费, 公用经费; entered by the unit) and 项目支出 (the unit's projects)
 * as §7.3 describes: every line shows its 执行率, only 年度资金总额 carries 分值 and 得分.
 * As with the other forms, merges, widths, row heights, print area and margins carry the layout.
 */

export const PROJECT_SELF_EVAL_TITLE = '项目支出绩效自评表';
export const UNIT_SELF_EVAL_TITLE = '部门（单位）整体支出绩效自评表';

export interface SelfEvalFormMoney {
  totalFen: number | null;
  fiscalFen: number | null;
  carryoverFen: number | null;
  otherFen: number | null;
}

export interface SelfEvalFormIndicator {
  level1: Level1Code;
  level2: Level2Code;
  name: string;
  target: string;
  actual: string;
  weight: number;
  /** null: not applicable or not scored. */
  score: number | null;
  deviation: string;
}

export interface SelfEvalFormData {
  objectType: 'project' | 'unitOverall';
  year: number;
  name: string;
  department: string;
  implementingUnit: string;
  initial: SelfEvalFormMoney;
  annual: SelfEvalFormMoney;
  executed: SelfEvalFormMoney;
  /** 部门整体: the 基本支出 / 项目支出 lines (replace the split by source). */
  unitMoney: UnitOverallMoney | null;
  executionWeight: number;
  /** % with two decimals. */
  executionRate: number | null;
  executionScore: number | null;
  annualGoal: string;
  goalCompletion: string;
  indicators: readonly SelfEvalFormIndicator[];
  rawTotal: number;
  normalizedTotal: number | null;
  capReason: string | null;
  total: number;
  grade: GradeCode;
  footer: string;
}

const MARGINS = { left: 0.3, right: 0.3, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 };
const WIDTHS = [10, 14, 14, 24, 13, 13, 8, 9, 32];
const SCORE_FORMAT = '0.00';
const PERCENT_FORMAT = '0.00%';

const scoreCell = (n: number | null): CellValue | XLSX.CellObject => (n === null ? '' : numberCell(n, SCORE_FORMAT));
const moneyCell = (fen: number | null): CellValue | XLSX.CellObject => (fen === null ? '' : numberCell(wanNumber(fen)));
/** Weights as people write them: 50, 16.67. */
const points = (n: number) => String(Number(n.toFixed(2)));

const rateCell = (rate: number | null): CellValue | XLSX.CellObject => (rate === null ? '' : numberCell(Number((rate / 100).toFixed(6)), PERCENT_FORMAT));

/** 年度资金总额's 分值, 执行率 and 得分 (SPEC §5.2: the only row that carries them). */
function totalScoreCells(g: Grid, row: number, d: SelfEvalFormData): void {
  g.set(row, 6, numberCell(d.executionWeight, '0'));
  g.set(row, 7, rateCell(d.executionRate));
  g.set(row, 8, scoreCell(d.executionScore));
}

/** 项目支出: 年度资金总额 and its split by source; returns the number of rows written. */
function projectMoneyRows(g: Grid, first: number, d: SelfEvalFormData): number {
  const rows: [string, keyof SelfEvalFormMoney][] = [
    ['年度资金总额', 'totalFen'], ['其中：当年财政拨款', 'fiscalFen'], ['上年结转资金', 'carryoverFen'], ['其他资金', 'otherFen'],
  ];
  rows.forEach(([label, key], k) => {
    const row = first + k;
    g.block(row, 1, row, 2, label);
    g.set(row, 3, moneyCell(d.initial[key]));
    g.set(row, 4, moneyCell(d.annual[key]));
    g.set(row, 5, moneyCell(d.executed[key]));
    if (k === 0) totalScoreCells(g, row, d);
    // The cells below are struck through on the form.
    else for (let c = 6; c <= 8; c++) g.set(row, c, '—');
  });
  return rows.length;
}

/**
 * 部门整体 (SPEC §7.3): 年度资金总额, 基本支出 (小计, 人员经费, 公用经费) and 项目支出, each with its
 * 执行率; B carries the level-1 label, C the level-2 one. Returns the number of rows written.
 */
function unitMoneyRows(g: Grid, first: number, d: SelfEvalFormData, m: UnitOverallMoney): number {
  const put = (row: number, l: MoneyLine) => {
    g.set(row, 3, moneyCell(l.initialFen));
    g.set(row, 4, moneyCell(l.annualFen));
    g.set(row, 5, moneyCell(l.executedFen));
  };
  g.block(first, 1, first, 2, '年度资金总额');
  put(first, m.total);
  totalScoreCells(g, first, d);
  g.block(first + 1, 1, first + 3, 1, '其中：基本支出');
  ['小计', '人员经费', '公用经费'].forEach((label, k) => g.set(first + 1 + k, 2, label));
  g.block(first + 4, 1, first + 4, 2, '项目支出');
  [m.basic, m.personnel, m.public, m.project].forEach((l, k) => {
    const row = first + 1 + k;
    put(row, l);
    g.set(row, 6, '—');
    g.set(row, 7, rateCell(l.rate));
    g.set(row, 8, '—');
  });
  return 5;
}

export function selfEvalFormSheet(d: SelfEvalFormData, sheetName: string): LaidOutSheet {
  const g = new Grid(WIDTHS, MARGINS);
  const L = g.last;
  const project = d.objectType === 'project';

  g.block(0, 0, 0, L, project ? PROJECT_SELF_EVAL_TITLE : UNIT_SELF_EVAL_TITLE);
  g.height(0, 32);
  g.block(1, 0, 1, L, `（ ${d.year} 年度）`);
  let r = 2;

  g.set(r, 0, project ? '项目名称' : '部门（单位）名称');
  g.block(r, 1, r, L, d.name);
  g.fit(r, 1, L, d.name);
  r++;
  g.set(r, 0, '主管部门');
  g.block(r, 1, r, 3, d.department);
  g.set(r, 4, project ? '实施单位' : '填报单位');
  g.block(r, 5, r, L, d.implementingUnit);
  g.fit(r, 1, 3, d.department);
  g.fit(r, 5, L, d.implementingUnit);
  r++;

  // 资金 block: a header row and the money rows, A the label over all of them.
  const top = r;
  ['年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'].forEach((h, k) => g.set(top, 3 + k, h));
  g.height(top, 24);
  const count = d.unitMoney ? unitMoneyRows(g, top + 1, d, d.unitMoney) : projectMoneyRows(g, top + 1, d);
  g.block(top, 0, top + count, 0, project ? '项目资金（万元）' : '部门资金（万元）');
  g.block(top, 1, top, 2, '');
  r = top + 1 + count;

  // 年度总体目标: 预期目标 | 实际完成情况.
  g.block(r, 0, r + 1, 0, '年度总体目标');
  g.block(r, 1, r, 4, '预期目标');
  g.block(r, 5, r, L, '实际完成情况');
  g.block(r + 1, 1, r + 1, 4, d.annualGoal);
  g.block(r + 1, 5, r + 1, L, d.goalCompletion);
  g.height(r + 1, GOAL_TEXT_MIN_POINTS);
  g.fit(r + 1, 1, 4, d.annualGoal);
  g.fit(r + 1, 5, L, d.goalCompletion);
  r += 2;

  // Indicator table.
  const head = r;
  ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'].forEach((h, k) => g.set(r, 1 + k, h));
  g.height(r, 24);
  r++;
  const ordered = formOrder(d.indicators);
  const weightOf = new Map<Level1Code, number>();
  for (const i of ordered) weightOf.set(i.level1, (weightOf.get(i.level1) ?? 0) + i.weight);
  const level1Label = (c: Level1Code) => `${LEVEL1[c]}(${points(weightOf.get(c) ?? 0)}分)`;
  const start = r;
  if (ordered.length === 0) {
    for (let c = 1; c <= L; c++) g.set(r, c, '');
    r++;
  }
  ordered.forEach((ind, k) => {
    const row = start + k;
    g.set(row, 1, level1Label(ind.level1));
    g.set(row, 2, LEVEL2[ind.level2]);
    g.set(row, 3, ind.name);
    g.set(row, 4, ind.target);
    g.set(row, 5, ind.actual);
    g.set(row, 6, numberCell(ind.weight, SCORE_FORMAT));
    g.set(row, 7, ind.actual === '不适用' ? '不适用' : scoreCell(ind.score));
    g.set(row, 8, ind.deviation);
    g.fit(row, 3, 3, ind.name);
    g.fit(row, 4, 4, ind.target);
    g.fit(row, 5, 5, ind.actual);
    g.fit(row, 8, 8, ind.deviation);
  });
  const mergeRuns = (col: number, key: (i: SelfEvalFormIndicator) => string, label: (i: SelfEvalFormIndicator) => string) => {
    let from = 0;
    for (let k = 1; k <= ordered.length; k++) {
      const prev = ordered[k - 1];
      const cur = ordered[k];
      if (cur && prev && key(cur) === key(prev)) continue;
      if (k - 1 > from && prev) g.block(start + from, col, start + k - 1, col, label(prev));
      from = k;
    }
  };
  mergeRuns(1, (i) => i.level1, (i) => level1Label(i.level1));
  mergeRuns(2, (i) => `${i.level1}/${i.level2}`, (i) => LEVEL2[i.level2]);
  r = Math.max(r, start + ordered.length);
  g.block(head, 0, r - 1, 0, '绩效指标');

  // 总分 and 自评等级.
  const weightTotal = d.executionWeight + d.indicators.reduce((s, i) => s + i.weight, 0);
  const notes = [
    d.normalizedTotal === null ? '' : `含不适用指标，按适用分值折算为百分制：原始得分 ${d.rawTotal.toFixed(2)} → ${d.normalizedTotal.toFixed(2)}`,
    d.capReason ?? '',
  ].filter(Boolean).join('；');
  g.block(r, 0, r, 5, '总分');
  g.set(r, 6, numberCell(Number(weightTotal.toFixed(2)), SCORE_FORMAT));
  g.set(r, 7, numberCell(d.total, SCORE_FORMAT));
  g.set(r, 8, notes);
  g.fit(r, 8, 8, notes);
  r++;
  g.block(r, 0, r, 5, '自评等级');
  g.block(r, 6, r, L, GOAL_GRADE_LABELS[d.grade]);
  r++;
  g.block(r, 0, r, L, d.footer);
  return g.toSheet(sheetName);
}
