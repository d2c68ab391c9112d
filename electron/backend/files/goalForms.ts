import { LEVEL1, LEVEL2, type Level1Code, type Level2Code } from '../../../shared/domain/indicators.ts';
import { GOAL_TEXT_MIN_POINTS, Grid } from './formLayout.ts';
import type { CellValue, LaidOutSheet } from './xlsx.ts';

/**
 * The official goal forms laid out as the 财政部 / county templates print them (SPEC §4.4, §4.5):
 * merged header blocks, the indicator table with repeated 一级/二级 cells merged vertically,
 * column widths, estimated row heights for long text, print area and margins. SheetJS community
 * edition writes no cell styles (borders, wrap, fonts), so the layout is carried by merges,
 * widths and heights alone; money is a number in 万元 with format "#,##0.00".
 */

export const PROJECT_FORM_TITLE = '项目支出绩效目标申报表';
export const UNIT_FORM_TITLE = '部门（单位）整体支出绩效目标申报表';

/** One indicator row as the forms print it. */
export interface FormIndicator {
  level1: Level1Code;
  level2: Level2Code;
  name: string;
  valueType: 'quantitative' | 'qualitative';
  /** 指标值 (年度) as shown, e.g. "≥95%" or "效果明显". */
  target: string;
  /** 指标值 (中期), as written. */
  midTerm: string;
  unit: string;
  explanation: string;
  scoringRule: string;
  isCore: boolean;
}

/** The 审核意见 block: one line of text per reviewing office. */
export interface FormReview {
  department: string;
  business: string;
  performance: string;
}

/** Amounts in 分; null where the form leaves the cell blank. */
export interface FormMoney {
  totalFen: number | null;
  fiscalFen: number | null;
  otherFen: number | null;
}

export interface ProjectFormData {
  sheetName: string;
  year: number;
  /** Template B adds 指标值类型, 计量单位, 指标解释, 评（扣）分标准 to the indicator table. */
  template: 'A' | 'B';
  projectName: string;
  projectCode: string;
  /** 主管部门及代码, e.g. "县教育局（101）". */
  department: string;
  implementingUnit: string;
  attribute: string;
  period: string;
  manager: string;
  phone: string;
  midTerm: FormMoney;
  annual: FormMoney;
  midTermGoal: string;
  annualGoal: string;
  indicators: FormIndicator[];
  review: FormReview;
  /** Last line: status and export date. */
  footer: string;
}

export interface UnitTask {
  name: string;
  totalFen: number;
  fiscalFen: number;
  otherFen: number;
}

export interface UnitFormData {
  sheetName: string;
  year: number;
  /** 部门（单位）名称, e.g. "县教育局（101）". */
  unitName: string;
  duties: string;
  tasks: UnitTask[];
  annualGoal: string;
  indicators: FormIndicator[];
  review: FormReview;
  footer: string;
}

const VALUE_TYPE_LABELS = { quantitative: '定量', qualitative: '定性' } as const;

// ---------------------------------------------------------------- the grid (files/formLayout.ts)

/** Narrow margins (inches) so the wide indicator table fits an A4 page. */
const MARGINS = { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };

const LEVEL1_ORDER: readonly Level1Code[] = ['output', 'cost', 'benefit', 'satisfaction'];
const LEVEL2_ORDER = Object.keys(LEVEL2) as Level2Code[];

/**
 * Indicators grouped as the forms print them (一级 in framework order, 二级 in catalogue
 * order, rows within a group in their own order), so repeated labels are adjacent and merge.
 */
export function formOrder<T extends { level1: Level1Code; level2: Level2Code }>(rows: readonly T[]): T[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) =>
      LEVEL1_ORDER.indexOf(a.row.level1) - LEVEL1_ORDER.indexOf(b.row.level1) ||
      LEVEL2_ORDER.indexOf(a.row.level2) - LEVEL2_ORDER.indexOf(b.row.level2) ||
      a.i - b.i)
    .map((x) => x.row);
}

/**
 * Writes the indicator rows from row `start`: `cells(ind)` gives the columns after 一级/二级,
 * which sit in columns c1 and c1+1 and merge vertically over repeats. Returns the next free row.
 */
function indicatorRows(g: Grid, start: number, c1: number, indicators: readonly FormIndicator[], cells: (i: FormIndicator) => CellValue[], fitCols: number[]): number {
  const rows = formOrder(indicators);
  if (rows.length === 0) {
    // An empty sheet still prints one blank row under the header.
    for (let c = c1; c < g.cols; c++) g.set(start, c, '');
    return start + 1;
  }
  rows.forEach((ind, k) => {
    const r = start + k;
    g.set(r, c1, LEVEL1[ind.level1]);
    g.set(r, c1 + 1, LEVEL2[ind.level2]);
    cells(ind).forEach((v, j) => g.set(r, c1 + 2 + j, v));
    for (const c of fitCols) {
      const v = cells(ind)[c - c1 - 2];
      if (typeof v === 'string' && v) g.fit(r, c, c, v);
    }
  });
  // Vertical merges: runs of the same 一级, and of the same 二级 inside one 一级.
  const mergeRuns = (col: number, key: (i: FormIndicator) => string) => {
    let from = 0;
    for (let k = 1; k <= rows.length; k++) {
      const prev = rows[k - 1];
      const cur = rows[k];
      if (cur && prev && key(cur) === key(prev)) continue;
      if (k - 1 > from && prev) g.block(start + from, col, start + k - 1, col, col === c1 ? LEVEL1[prev.level1] : LEVEL2[prev.level2]);
      from = k;
    }
  };
  mergeRuns(c1, (i) => i.level1);
  mergeRuns(c1 + 1, (i) => `${i.level1}/${i.level2}`);
  return start + rows.length;
}

/** 审核意见: a label merged over three rows, one sub-label and one merged text per office. */
function reviewBlock(g: Grid, start: number, review: FormReview): number {
  g.block(start, 0, start + 2, 0, '审核意见');
  // Rows by workflow step (who acted is named in each opinion), not by section.
  const lines: [string, string][] = [['主管部门审核', review.department], ['财政审核', review.business], ['批复与公开', review.performance]];
  lines.forEach(([label, text], k) => {
    g.set(start + k, 1, label);
    g.block(start + k, 2, start + k, g.cols - 1, text);
    g.fit(start + k, 2, g.cols - 1, text || ' ');
  });
  return start + 3;
}

function titleRows(g: Grid, title: string, year: number): number {
  g.block(0, 0, 0, g.cols - 1, title);
  g.height(0, 32);
  g.block(1, 0, 1, g.cols - 1, `（ ${year} 年度）`);
  return 2;
}

// ---------------------------------------------------------------- 项目支出绩效目标申报表

const PROJECT_WIDTHS_A = [14, 14, 18, 30, 18, 18];
const PROJECT_WIDTHS_B = [14, 12, 16, 26, 14, 14, 10, 10, 28, 28];

/** SPEC §4.4; Template B adds four columns to the indicator table. */
export function projectFormSheet(d: ProjectFormData): LaidOutSheet {
  const g = new Grid(d.template === 'B' ? PROJECT_WIDTHS_B : PROJECT_WIDTHS_A, MARGINS);
  const n = g.cols;
  const m = n / 2; // the header block is two label/value pairs per row: A | B..m-1 | m | m+1..end
  let r = titleRows(g, PROJECT_FORM_TITLE, d.year);

  const pair = (row: number, l1: string, v1: string, l2: string, v2: string) => {
    g.set(row, 0, l1);
    g.block(row, 1, row, m - 1, v1);
    g.set(row, m, l2);
    g.block(row, m + 1, row, n - 1, v2);
    g.fit(row, 1, m - 1, v1);
    g.fit(row, m + 1, n - 1, v2);
  };
  pair(r++, '项目名称', d.projectName, '项目编码', d.projectCode);
  pair(r++, '主管部门及代码', d.department, '实施单位', d.implementingUnit);
  pair(r++, '项目属性', d.attribute, '项目期', d.period);
  pair(r++, '项目负责人', d.manager, '联系电话', d.phone);

  // 项目资金（万元）: 中期 on the left, 年度 on the right, each 总额 / 其中：财政拨款 / 其他资金.
  g.block(r, 0, r + 2, 0, '项目资金（万元）');
  const money: [string, keyof FormMoney][] = [['中期资金总额', 'totalFen'], ['其中：财政拨款', 'fiscalFen'], ['其他资金', 'otherFen']];
  money.forEach(([label, key], k) => {
    const row = r + k;
    g.set(row, 1, label);
    g.block(row, 2, row, m - 1, '');
    g.money(row, 2, d.midTerm[key]);
    g.set(row, m, k === 0 ? '年度资金总额' : label);
    g.block(row, m + 1, row, n - 1, '');
    g.money(row, m + 1, d.annual[key]);
  });
  r += 3;

  // 总体目标: 中期目标 | 年度目标 side by side, the texts in tall merged cells.
  g.block(r, 0, r + 1, 0, '总体目标');
  g.block(r, 1, r, m - 1, '中期目标');
  g.block(r, m, r, n - 1, '年度目标');
  g.block(r + 1, 1, r + 1, m - 1, d.midTermGoal);
  g.block(r + 1, m, r + 1, n - 1, d.annualGoal);
  g.height(r + 1, GOAL_TEXT_MIN_POINTS);
  g.fit(r + 1, 1, m - 1, d.midTermGoal);
  g.fit(r + 1, m, n - 1, d.annualGoal);
  r += 2;

  // 绩效指标.
  const header = ['一级指标', '二级指标', '三级指标', '指标值（中期）', '指标值（年度）'];
  if (d.template === 'B') header.push('指标值类型', '计量单位', '指标解释', '评（扣）分标准');
  const headerRow = r;
  header.forEach((h, k) => g.set(headerRow, k + 1, h));
  const cells = (i: FormIndicator): CellValue[] =>
    d.template === 'B'
      ? [i.name, i.midTerm, i.target, VALUE_TYPE_LABELS[i.valueType], i.unit, i.explanation, i.scoringRule]
      : [i.name, i.midTerm, i.target];
  const fitCols = d.template === 'B' ? [3, 4, 5, 8, 9] : [3, 4, 5];
  const end = indicatorRows(g, headerRow + 1, 1, d.indicators, cells, fitCols);
  g.block(headerRow, 0, end - 1, 0, '绩效指标');
  r = end;

  r = reviewBlock(g, r, d.review);
  g.block(r, 0, r, n - 1, d.footer);
  return g.toSheet(d.sheetName);
}

// ---------------------------------------------------------------- 部门（单位）整体支出绩效目标申报表

const UNIT_WIDTHS = [16, 14, 24, 10, 16, 10, 28, 28, 12];

/** SPEC §4.5 (岳阳楼区 columns; 年度主要任务 as in the 88号 template). */
export function unitFormSheet(d: UnitFormData): LaidOutSheet {
  const g = new Grid(UNIT_WIDTHS, MARGINS);
  const n = g.cols;
  let r = titleRows(g, UNIT_FORM_TITLE, d.year);

  g.set(r, 0, '部门（单位）名称');
  g.block(r, 1, r, n - 1, d.unitName);
  r++;
  g.set(r, 0, '部门（单位）职责');
  g.block(r, 1, r, n - 1, d.duties);
  g.fit(r, 1, n - 1, d.duties);
  r++;

  // 年度主要任务: 任务名称 over B..F, 预算金额（万元） split 总额 / 财政拨款 / 其他资金 in G..I.
  const taskStart = r;
  g.block(r, 1, r + 1, 5, '任务名称');
  g.block(r, 6, r, 8, '预算金额（万元）');
  g.set(r + 1, 6, '总额');
  g.set(r + 1, 7, '财政拨款');
  g.set(r + 1, 8, '其他资金');
  r += 2;
  const sum = { totalFen: 0, fiscalFen: 0, otherFen: 0 };
  for (const t of d.tasks) {
    g.block(r, 1, r, 5, t.name);
    g.money(r, 6, t.totalFen);
    g.money(r, 7, t.fiscalFen);
    g.money(r, 8, t.otherFen);
    g.fit(r, 1, 5, t.name);
    sum.totalFen += t.totalFen;
    sum.fiscalFen += t.fiscalFen;
    sum.otherFen += t.otherFen;
    r++;
  }
  if (d.tasks.length === 0) {
    // No project yet: one blank task row keeps the block's shape.
    g.block(r, 1, r, 5, '');
    r++;
  }
  g.block(r, 1, r, 5, '金额合计');
  g.money(r, 6, sum.totalFen);
  g.money(r, 7, sum.fiscalFen);
  g.money(r, 8, sum.otherFen);
  g.block(taskStart, 0, r, 0, '年度主要任务');
  r++;

  g.set(r, 0, '年度总体绩效目标');
  g.block(r, 1, r, n - 1, d.annualGoal);
  g.height(r, GOAL_TEXT_MIN_POINTS);
  g.fit(r, 1, n - 1, d.annualGoal);
  r++;

  const header = ['一级指标', '二级指标', '三级指标', '指标值类型', '指标值', '计量单位', '指标解释', '评（扣）分标准', '备注'];
  header.forEach((h, k) => g.set(r, k, h));
  const cells = (i: FormIndicator): CellValue[] => [
    i.name, VALUE_TYPE_LABELS[i.valueType], i.target, i.unit, i.explanation, i.scoringRule, i.isCore ? '核心指标' : '',
  ];
  r = indicatorRows(g, r + 1, 0, d.indicators, cells, [2, 4, 6, 7]);

  r = reviewBlock(g, r, d.review);
  g.block(r, 0, r, n - 1, d.footer);
  return g.toSheet(d.sheetName);
}
