import type { Level1Code, Level2Code, Operator } from '../domain/indicators.ts';
import type { GradeCode, RuleProfileBody } from '../domain/ruleProfile.ts';
import { SELF_EVAL_DIFF_FIELD_LABELS, SELF_EVAL_DIFF_REASON_LABELS, SELF_EVAL_LAYOUT_LABELS } from '../i18n/zh-CN.ts';
import { gradeFor } from './grades.ts';
import { formatWan, parseWanToFen, parseYuanToFen, toHalfWidth } from './money.ts';
import { percent, round2 } from './rounding.ts';
import {
  QUALITATIVE_RESULT_LABELS, qualitativeBand, scoreSelfEvaluation, type QualitativeResult, type SelfEvalIndicatorInput, type SelfEvalResult,
} from './selfEvaluation.ts';
import { parseTargetValue, type TargetHint } from './targetValue.ts';

/**
 * Checking a unit's filled 自评表 (issue 5 item 6): read the grid of one sheet in one of the common
 * layouts, score it under a rule profile whose weights follow the layout, and classify every
 * difference from the unit's own figures.
 *
 * Layouts (detected by header keywords, never by position):
 *   national      10号 附件1: money block 年初预算数/全年预算数/全年执行数/分值/执行率/得分 (分值 10), indicator
 *                 block 一级/二级/三级指标/年度指标值/实际完成值/分值/得分, a 总分 row.
 *   execution20   湖北/云南: money block 预算数/执行数/执行率/得分(20分×执行率); indicator rows often without
 *                 分值 (see "weights" below).
 *   sichuan       四川: 年初预算/调整后预算数/预算执行数/预算执行率/权重/得分; 绩效指标(90分) with
 *                 指标性质/指标值/度量单位/完成值/权重/得分.
 *   chongqingUnit 重庆部门整体: 指标权重, 是否核心指标, 得分系数 (得分 = 指标权重 × 得分系数).
 *   noExecution   no scored execution (e.g. 产出 40 / 效益 40 / 满意度 20).
 *
 * Weights when the table has no per-row 分值: the indicator points (100 − execution weight, or the
 * "绩效指标(90分)" line) go to the level-1 groups by the weights their labels carry ("产出指标（40分）")
 * and evenly within each group; a table whose level-1 labels carry no weights shares them evenly
 * among all rows. Two decimals, the rounding remainder on the last row (as suggestWeights does).
 *
 * Amounts: 元 or 万元 from the budget column's header ("预算数（元）"), then the money block's label
 * or a 单位 line above it ("单位：元"); 万元 when nothing says (the national form's unit).
 *
 * Everything is pure: the grid comes in, numbers and Chinese messages go out.
 */

export type Cell = string | number | boolean | null;
export type SelfEvalLayoutCode = keyof typeof SELF_EVAL_LAYOUT_LABELS;
export type AmountUnit = 'yuan' | 'wan';
export type DiffReason = keyof typeof SELF_EVAL_DIFF_REASON_LABELS;
export type DiffField = keyof typeof SELF_EVAL_DIFF_FIELD_LABELS;

/** A cell-level problem; `col` is 0-based (the backend turns it into a column letter). */
export interface LayoutCellError {
  row: number;
  col: number | null;
  field: string;
  message: string;
}

export interface ParsedExecution {
  /** 1-based sheet row of the money figures. */
  row: number;
  initialFen: number | null;
  budgetFen: number;
  executedFen: number;
  /** The unit's 执行率 in % as written (0.95 or "95%" → 95), null when blank. */
  unitRate: number | null;
  unitScore: number | null;
}

export interface ParsedIndicatorRow {
  /** 1-based sheet row. */
  row: number;
  level1: Level1Code | null;
  level1Text: string;
  level2Text: string;
  name: string;
  targetText: string;
  valueType: 'quantitative' | 'qualitative';
  operator: Operator;
  targetValue: number | null;
  targetUnit: string;
  actualText: string;
  actualValue: number | null;
  qualitativeResult: QualitativeResult | null;
  notApplicable: boolean;
  /** As written, or distributed by the rules above when the layout has no per-row 分值. */
  weight: number | null;
  weightDistributed: boolean;
  unitScore: number | null;
  unitCoefficient: number | null;
  isCore: boolean | null;
  /** The row could not be read well enough to score (its cells are in `errors`). */
  unreadable: boolean;
}

export interface ParsedSelfEvalTable {
  layout: SelfEvalLayoutCode;
  amountUnit: AmountUnit;
  /** Where the amount unit came from (Chinese), e.g. “表头“预算数（元）””. */
  amountUnitSource: string;
  executionWeight: number;
  execution: ParsedExecution | null;
  rows: ParsedIndicatorRow[];
  /** True when any row's weight was distributed rather than read. */
  weightsDistributed: boolean;
  unitTotal: number | null;
  unitTotalRow: number | null;
  errors: LayoutCellError[];
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Cells

const text = (v: Cell | undefined): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  return typeof v === 'number' ? String(Number(v.toPrecision(15))) : v.trim();
};
/** Header text folded: half-width, no spaces, no asterisks. */
const norm = (v: Cell | undefined): string => toHalfWidth(text(v)).replace(/[\s*＊]/g, '');

const NA_WORDS = new Set(['不适用', 'N/A', 'NA', '/', '—', '-', '——', '无此项']);
const isNa = (s: string) => NA_WORDS.has(toHalfWidth(s).replace(/\s+/g, '').toUpperCase()) || NA_WORDS.has(s.trim());

/** A number as typed: numeric cells, "9.5", "１２", "1,200"; null for anything else. */
function readNumber(v: Cell | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? Number(v.toPrecision(15)) : null;
  const s = toHalfWidth(text(v)).replace(/[,\s]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** A percentage as typed: "95%", "95.00%", 0.95 (fraction without %: ≤ 1.5 is read as a share), 95. */
function readRate(v: Cell | undefined): number | null {
  const s = toHalfWidth(text(v)).replace(/[,\s]/g, '');
  if (s === '') return null;
  const m = /^(-?\d+(?:\.\d+)?)%$/.exec(s);
  if (m) return Number(m[1]);
  const n = readNumber(v);
  if (n === null) return null;
  return Math.abs(n) <= 1.5 ? round2(n * 100) : n;
}

function readAmount(v: Cell | undefined, unit: AmountUnit): number | null {
  const s = typeof v === 'number' ? String(Number(v.toPrecision(15))) : toHalfWidth(text(v));
  if (s === '') return null;
  return unit === 'yuan' ? parseYuanToFen(s) : parseWanToFen(s);
}

// ---------------------------------------------------------------------------------------------
// Labels

const LEVEL1_WORDS: [RegExp, Level1Code][] = [
  [/^产出/, 'output'], [/^成本/, 'cost'], [/^效益/, 'benefit'], [/^(服务对象)?满意度/, 'satisfaction'], [/满意度/, 'satisfaction'],
];
/** Only for the scoring input (level 2 does not change any score). */
const DEFAULT_LEVEL2: Record<Level1Code, Level2Code> = { output: 'quantity', cost: 'economicCost', benefit: 'socialBenefit', satisfaction: 'serviceSatisfaction' };

/** "产出指标（50分）" → { label: "产出指标", points: 50 }. */
function splitPoints(label: string): { label: string; points: number | null } {
  const s = toHalfWidth(label).replace(/\s+/g, '');
  const m = /^(.*?)\((\d+(?:\.\d+)?)分\)$/.exec(s) ?? /^(.*?)(\d+(?:\.\d+)?)分$/.exec(s);
  if (!m) return { label: s, points: null };
  return { label: m[1] ?? s, points: Number(m[2]) };
}

function level1Of(label: string): Level1Code | null {
  for (const [re, code] of LEVEL1_WORDS) if (re.test(label)) return code;
  return null;
}

/** 指标性质 as written: 正向/反向/定性/定量 or a comparison sign. */
function natureHint(raw: string): TargetHint {
  const s = toHalfWidth(raw).replace(/\s+/g, '');
  if (s === '') return {};
  if (s.includes('定性')) return { valueType: 'qualitative' };
  if (s.includes('反向') || /^(≤|<=|≦)$/.test(s)) return { operator: '<=' };
  if (s.includes('正向') || /^(≥|>=|≧)$/.test(s)) return { operator: '>=' };
  if (s === '<') return { operator: '<' };
  if (s === '>') return { operator: '>' };
  if (s === '=' || s.includes('等于')) return { operator: '=' };
  if (s.includes('定量')) return { valueType: 'quantitative' };
  return {};
}

/** 完成情况 of a 定性 row from the unit's wording. */
export function qualitativeResultOf(actual: string): QualitativeResult | null {
  const s = actual.replace(/\s+/g, '');
  if (s === '') return null;
  if (/未(达成|完成|实现|建立|达到|落实)|效果较差|较差|没有/.test(s)) return 'notAchieved';
  if (/部分|基本|一定效果/.test(s)) return 'partial';
  return 'achieved';
}

/** "92%", "126公里", "≤2.41万元" → number and unit; null when the cell is not a number. */
function readActual(raw: string): { value: number; unit: string } | null {
  const s = toHalfWidth(raw).replace(/\s+/g, '').replace(/^(≥|≤|>=|<=|=|≧|≦|约)/, '');
  const m = /^(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(.{0,10})$/.exec(s);
  if (!m || /\d/.test(m[2] ?? '')) return null;
  return { value: Number((m[1] ?? '').replace(/,/g, '')), unit: m[2] ?? '' };
}

// ---------------------------------------------------------------------------------------------
// Header columns

type IndCol = 'level1' | 'level2' | 'name' | 'nature' | 'target' | 'unit' | 'actual' | 'weight' | 'coefficient' | 'score' | 'isCore';
type MoneyCol = 'initial' | 'budget' | 'executed' | 'rate' | 'weight' | 'coefficient' | 'score';

function indicatorColumn(h: string): IndCol | null {
  if (h === '') return null;
  if (h.includes('得分系数')) return 'coefficient';
  if (h.startsWith('得分') || h === '自评得分' || h === '实际得分') return 'score';
  if (h.startsWith('分值') || h.includes('权重')) return 'weight';
  if (h.includes('核心指标')) return 'isCore';
  if (h.includes('指标性质') || h === '性质' || h === '指标方向') return 'nature';
  if (h === '度量单位' || h === '计量单位' || h === '单位') return 'unit';
  if (h.includes('实际完成') || h === '完成值' || h === '实际值' || h.includes('全年实际值')) return 'actual';
  if (h.includes('中期')) return null;
  if (h.includes('指标值') || h.includes('目标值')) return 'target';
  if (h.startsWith('一级指标')) return 'level1';
  if (h.startsWith('二级指标')) return 'level2';
  if (h.startsWith('三级指标') || h === '指标名称') return 'name';
  return null;
}

function moneyColumn(h: string): MoneyCol | null {
  if (h === '') return null;
  if (h.includes('得分系数')) return 'coefficient';
  if (h.startsWith('得分')) return 'score';
  if (h.startsWith('分值') || h.includes('权重')) return 'weight';
  if (h.includes('执行率')) return 'rate';
  if (h.startsWith('年初预算')) return 'initial';
  if (h.includes('执行数') || h.includes('支出数')) return 'executed';
  if (h.includes('全年预算') || h.includes('调整后预算') || h.startsWith('预算数') || h === '预算金额') return 'budget';
  return null;
}

function mapColumns<K extends string>(row: readonly Cell[], pick: (h: string) => K | null): Map<K, number> {
  const m = new Map<K, number>();
  row.forEach((c, i) => {
    const k = pick(norm(c));
    if (k !== null && !m.has(k)) m.set(k, i);
  });
  return m;
}

const TOTAL_LABEL = /^(总分|合计|综合得分|自评总分|总计|得分合计)/;

// ---------------------------------------------------------------------------------------------
// Reading a grid

export type ParseOutcome = { ok: true; table: ParsedSelfEvalTable } | { ok: false; message: string };

/** Reads one sheet. `ok: false` when the sheet holds no 自评表 (no 三级指标 header). */
export function parseSelfEvalGrid(grid: readonly (readonly Cell[])[]): ParseOutcome {
  const headerIndex = grid.findIndex((r) => r.some((c) => /^(三级指标|指标名称)/.test(norm(c))));
  if (headerIndex < 0) return { ok: false, message: '找不到指标表头“三级指标”' };
  const header = grid[headerIndex] ?? [];
  const col = mapColumns(header, indicatorColumn);
  const errors: LayoutCellError[] = [];
  const notes: string[] = [];
  const missing = (['target', 'actual'] as const).filter((k) => !col.has(k));
  if (missing.length) {
    const names: Record<string, string> = { target: '年度指标值（指标值）', actual: '实际完成值（完成值）' };
    return { ok: false, message: `指标表头（第 ${headerIndex + 1} 行）缺少“${missing.map((k) => names[k]).join('”“')}”列` };
  }
  if (!col.has('score') && !col.has('coefficient')) return { ok: false, message: `指标表头（第 ${headerIndex + 1} 行）缺少“得分”列` };

  // ---- money block: the last row above the indicator header with a 执行率 heading
  let moneyIndex = -1;
  for (let i = 0; i < headerIndex; i++) if ((grid[i] ?? []).some((c) => norm(c).includes('执行率'))) moneyIndex = i;
  const mcol = moneyIndex >= 0 ? mapColumns(grid[moneyIndex] ?? [], moneyColumn) : new Map<MoneyCol, number>();
  const above = grid.slice(0, headerIndex).map((r) => r.map(norm).join(' '));
  const indicatorPoints = (() => {
    for (const line of [...above, ...grid.slice(headerIndex, headerIndex + 2).map((r) => r.map(norm).join(' '))]) {
      const m = /绩效指标\((\d+(?:\.\d+)?)分\)/.exec(line);
      if (m) return Number(m[1]);
    }
    return null;
  })();

  // amount unit
  let amountUnit: AmountUnit = 'wan';
  let amountUnitSource = '表中未注明金额单位，按万元读取';
  {
    const budgetHeader = mcol.has('budget') ? norm(grid[moneyIndex]?.[mcol.get('budget') ?? 0]) : '';
    const candidates: [string, string][] = [[budgetHeader, `表头“${budgetHeader}”`]];
    if (moneyIndex >= 0) {
      for (let i = moneyIndex; i < Math.min(headerIndex, moneyIndex + 6); i++) candidates.push([norm(grid[i]?.[0]), `“${norm(grid[i]?.[0])}”`]);
      for (const c of grid[moneyIndex] ?? []) candidates.push([norm(c), `表头“${norm(c)}”`]);
    }
    for (let i = 0; i < headerIndex; i++) for (const c of grid[i] ?? []) if (/^(金额)?单位[:：]/.test(norm(c))) candidates.push([norm(c), `“${norm(c)}”`]);
    for (const [t, where] of candidates) {
      if (t.includes('万元')) {
        amountUnit = 'wan';
        amountUnitSource = where;
        break;
      }
      if (/\(元\)|单位[:：]元|^元$|（元）/.test(t)) {
        amountUnit = 'yuan';
        amountUnitSource = where;
        break;
      }
    }
  }

  // execution figures
  let execution: ParsedExecution | null = null;
  let executionWeight = 0;
  const scored = mcol.has('score') || mcol.has('coefficient');
  if (moneyIndex >= 0 && mcol.has('budget') && mcol.has('executed')) {
    let valueIndex = -1;
    for (let i = moneyIndex + 1; i < headerIndex; i++) {
      const r = grid[i] ?? [];
      if (r.some((c) => /总额|合计|资金总额/.test(norm(c)))) {
        valueIndex = i;
        break;
      }
      if (valueIndex < 0 && text(r[mcol.get('budget') ?? 0]) !== '') valueIndex = i;
    }
    if (valueIndex < 0) {
      errors.push({ row: moneyIndex + 2, col: mcol.get('budget') ?? null, field: '预算数', message: '预算执行表头下方没有预算数' });
    } else {
      const r = grid[valueIndex] ?? [];
      const at = (k: MoneyCol) => (mcol.has(k) ? r[mcol.get(k) ?? 0] : null);
      const amount = (k: MoneyCol, label: string, required: boolean): number | null => {
        const v = at(k);
        if (text(v) === '') {
          if (required) errors.push({ row: valueIndex + 1, col: mcol.get(k) ?? null, field: label, message: `缺少${label}` });
          return null;
        }
        const fen = readAmount(v, amountUnit);
        if (fen === null) {
          errors.push({ row: valueIndex + 1, col: mcol.get(k) ?? null, field: label, message: `${label}“${text(v)}”不是有效金额（单位：${amountUnit === 'yuan' ? '元' : '万元'}）` });
        } else if (fen < 0) {
          errors.push({ row: valueIndex + 1, col: mcol.get(k) ?? null, field: label, message: `${label}不能为负数（${text(v)}）` });
          return null;
        }
        return fen;
      };
      const budgetFen = amount('budget', '预算数', true);
      const executedFen = amount('executed', '执行数', true);
      const initialFen = mcol.has('initial') ? amount('initial', '年初预算数', false) : null;
      const unitRate = readRate(at('rate'));
      let unitScore = readNumber(at('score'));
      if (unitScore === null && mcol.has('coefficient')) {
        const coef = readNumber(at('coefficient'));
        const w = readNumber(at('weight'));
        if (coef !== null && w !== null) unitScore = round2(coef * w);
      }
      if (scored) {
        const w = readNumber(at('weight'));
        // "得分（20分×执行率）": the weight is written in the heading.
        const m = /(\d+(?:\.\d+)?)分/.exec(norm(grid[moneyIndex]?.[mcol.get('score') ?? -1]));
        const fromHeader = m ? Number(m[1]) : null;
        executionWeight = w ?? fromHeader ?? (indicatorPoints !== null ? 100 - indicatorPoints : 10);
      }
      if (budgetFen !== null && executedFen !== null) execution = { row: valueIndex + 1, initialFen, budgetFen, executedFen, unitRate, unitScore };
    }
  }

  // ---- indicator rows (level-1/level-2 cells are merged: carry them down)
  const get = (r: readonly Cell[], k: IndCol) => (col.has(k) ? r[col.get(k) ?? 0] : null);
  const rows: ParsedIndicatorRow[] = [];
  const level1Points = new Map<Level1Code, number>();
  let l1 = '';
  let l2 = '';
  let unitTotal: number | null = null;
  let unitTotalRow: number | null = null;
  for (let i = headerIndex + 1; i < grid.length; i++) {
    const r = grid[i] ?? [];
    const rowNo = i + 1;
    const first = r.map(norm).find((t) => t !== '') ?? '';
    if (TOTAL_LABEL.test(first)) {
      unitTotal = readNumber(get(r, 'score'));
      if (unitTotal === null) unitTotal = [...r].reverse().map(readNumber).find((n) => n !== null) ?? null;
      unitTotalRow = rowNo;
      break;
    }
    if (/^(自评等级|等级)/.test(first)) break;
    const l1Cell = text(get(r, 'level1'));
    if (l1Cell !== '') {
      l1 = l1Cell;
      l2 = '';
    }
    const l2Cell = text(get(r, 'level2'));
    if (l2Cell !== '') l2 = l2Cell;
    const name = text(get(r, 'name'));
    const sp = splitPoints(l1);
    const level1 = level1Of(sp.label);
    if (level1 && sp.points !== null) level1Points.set(level1, sp.points);
    if (name === '' || /^三级指标/.test(norm(name))) continue;

    let unreadable = false;
    const bad = (k: IndCol, field: string, message: string) => {
      errors.push({ row: rowNo, col: col.get(k) ?? null, field, message });
      unreadable = true;
    };
    if (!level1) bad('level1', '一级指标', l1 === '' ? '缺少一级指标' : `一级指标“${l1}”无法识别，应为产出、成本、效益或满意度指标`);

    const actualText = text(get(r, 'actual'));
    const scoreCell = text(get(r, 'score'));
    const notApplicable = isNa(actualText) || norm(scoreCell) === '不适用';

    // target
    const unitCol = text(get(r, 'unit'));
    const hint: TargetHint = { ...natureHint(text(get(r, 'nature'))), ...(unitCol ? { unit: unitCol } : {}) };
    const targetText = text(get(r, 'target'));
    let valueType: 'quantitative' | 'qualitative' = 'quantitative';
    let operator: Operator = '>=';
    let targetValue: number | null = null;
    let targetUnit = '';
    let shownTarget = targetText;
    if (targetText === '') bad('target', '年度指标值', '缺少年度指标值');
    else {
      const p = parseTargetValue(targetText, hint);
      if (!p.ok) bad('target', '年度指标值', p.message);
      else {
        valueType = p.value.valueType;
        operator = p.value.operator;
        targetValue = p.value.value;
        targetUnit = p.value.unit;
        shownTarget = p.value.text;
      }
    }

    // actual
    let actualValue: number | null = null;
    let qualitativeResult: QualitativeResult | null = null;
    if (!notApplicable) {
      if (actualText === '') bad('actual', '实际完成值', '缺少实际完成值');
      else if (valueType === 'qualitative') qualitativeResult = qualitativeResultOf(actualText);
      else if (targetText !== '') {
        const a = readActual(actualText);
        if (!a) bad('actual', '实际完成值', `实际完成值“${actualText}”不是数值（年度指标值“${targetText}”是定量指标）`);
        else {
          actualValue = a.value;
          // Money written in the other unit than the target: convert (万元 ↔ 元).
          if (targetUnit.startsWith('万元') && a.unit.startsWith('元')) actualValue = a.value / 10000;
          else if (targetUnit.startsWith('元') && a.unit.startsWith('万元')) actualValue = a.value * 10000;
        }
      }
    }

    // weight, unit score, coefficient
    let weight: number | null = null;
    if (col.has('weight')) {
      const wText = text(get(r, 'weight'));
      weight = readNumber(get(r, 'weight'));
      if (wText === '') bad('weight', '分值', '缺少分值（权重）');
      else if (weight === null || weight < 0) {
        bad('weight', '分值', `分值“${wText}”不是有效数字`);
        weight = null;
      }
    }
    const unitCoefficient = col.has('coefficient') ? readNumber(get(r, 'coefficient')) : null;
    let unitScore = notApplicable ? null : readNumber(get(r, 'score'));
    if (!notApplicable && unitScore === null && scoreCell !== '' && col.has('score')) {
      errors.push({ row: rowNo, col: col.get('score') ?? null, field: '得分', message: `得分“${scoreCell}”不是数字` });
    }
    if (unitScore === null && unitCoefficient !== null && weight !== null) unitScore = round2(weight * unitCoefficient);
    const coreText = text(get(r, 'isCore'));
    const isCore = col.has('isCore') ? /^(是|√|Y|y|核心)/.test(coreText) : null;

    rows.push({
      row: rowNo, level1, level1Text: sp.label, level2Text: splitPoints(l2).label, name, targetText: shownTarget, valueType, operator, targetValue,
      targetUnit, actualText, actualValue, qualitativeResult, notApplicable, weight, weightDistributed: false, unitScore, unitCoefficient, isCore, unreadable,
    });
  }
  if (rows.length === 0) errors.push({ row: headerIndex + 2, col: null, field: '三级指标', message: '指标表头下方没有任何指标' });

  // ---- layout
  let layout: SelfEvalLayoutCode;
  if (col.has('coefficient') || mcol.has('coefficient')) layout = 'chongqingUnit';
  else if (col.has('nature') || [...(grid[moneyIndex] ?? [])].some((c) => norm(c).startsWith('调整后预算'))) layout = 'sichuan';
  else if (execution === null || executionWeight === 0) layout = 'noExecution';
  else if (Math.abs(executionWeight - 20) < 1e-9) layout = 'execution20';
  else layout = 'national';
  if (!scored || execution === null) executionWeight = 0;

  // ---- weights missing from the rows: distribute
  const weightsDistributed = !col.has('weight');
  if (weightsDistributed && rows.length) {
    const points = indicatorPoints ?? 100 - executionWeight;
    const groups = new Map<string, ParsedIndicatorRow[]>();
    const byLevel1 = rows.every((r) => r.level1 !== null && level1Points.has(r.level1));
    for (const r of rows) {
      const key = byLevel1 ? (r.level1 ?? '') : 'all';
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const [key, members] of groups) {
      const total = key === 'all' ? points : (level1Points.get(key as Level1Code) ?? 0);
      const cents = Math.round(total * 100);
      const n = members.length;
      let each = Math.round(cents / n);
      if (each * (n - 1) > cents) each = Math.floor(cents / n);
      members.forEach((m, k) => {
        m.weight = (k === n - 1 ? cents - each * (n - 1) : each) / 100;
        m.weightDistributed = true;
        if (m.unitScore === null && m.unitCoefficient !== null) m.unitScore = round2(m.weight * m.unitCoefficient);
      });
    }
    notes.push(
      byLevel1
        ? `表中没有逐项分值：按一级指标分值（${[...level1Points].map(([c, p]) => `${LEVEL1_SHORT[c]} ${p}`).join('、')}）在各指标间平均分配`
        : `表中没有逐项分值：绩效指标 ${points} 分在 ${rows.length} 项指标间平均分配`,
    );
  }
  if (amountUnitSource.startsWith('表中未注明')) notes.push(amountUnitSource);

  return {
    ok: true,
    table: {
      layout, amountUnit, amountUnitSource, executionWeight, execution, rows, weightsDistributed, unitTotal, unitTotalRow,
      errors: errors.sort((a, b) => a.row - b.row || (a.col ?? -1) - (b.col ?? -1)), notes,
    },
  };
}

const LEVEL1_SHORT: Record<Level1Code, string> = { output: '产出', cost: '成本', benefit: '效益', satisfaction: '满意度' };

// ---------------------------------------------------------------------------------------------
// Scoring under a profile with the layout's weights

/**
 * The profile with the layout's weights: execution weight as the table has it (10, 20 or 0) and
 * level-1 weights as the sums of the rows' weights (template A folds 成本 into 产出). Formulas,
 * bands, N/A normalisation, caps and grade bands stay the profile's.
 */
export function layoutProfile(profile: RuleProfileBody, table: Pick<ParsedSelfEvalTable, 'executionWeight' | 'rows'>): RuleProfileBody {
  const w = { output: 0, cost: 0, benefit: 0, satisfaction: 0 };
  for (const r of table.rows) {
    const g = r.level1 === 'cost' && profile.template === 'A' ? 'output' : (r.level1 ?? 'output');
    w[g] = round2(w[g] + (r.weight ?? 0));
  }
  return { ...profile, selfEvaluation: { ...profile.selfEvaluation, executionWeight: table.executionWeight, level1Weights: w } };
}

export interface CheckedRow {
  row: number;
  level1: string;
  level2: string;
  name: string;
  target: string;
  actual: string;
  weight: number | null;
  weightDistributed: boolean;
  isCore: boolean | null;
  unitCoefficient: number | null;
  unitScore: number | null;
  appScore: number | null;
  diff: number | null;
  /** The app's computation (Chinese). */
  explanation: string;
  reasons: string[];
}

export interface CheckedExecution {
  row: number;
  weight: number;
  budgetFen: number;
  executedFen: number;
  initialFen: number | null;
  rate: number | null;
  unitRate: number | null;
  unitScore: number | null;
  appScore: number;
  explanation: string;
}

export interface CheckedDifference {
  row: number | null;
  field: DiffField;
  fieldLabel: string;
  /** Indicator name, or 预算执行率 / 总分. */
  name: string;
  unit: number | null;
  app: number | null;
  reasonCode: DiffReason;
  /** Short Chinese reason, e.g. 取整. */
  reason: string;
  /** The full explanation with both numbers. */
  message: string;
}

export interface SelfEvalCheckResult {
  layout: SelfEvalLayoutCode;
  layoutName: string;
  amountUnit: AmountUnit;
  amountUnitSource: string;
  executionWeight: number;
  weightTotal: number;
  weightsDistributed: boolean;
  rows: CheckedRow[];
  execution: CheckedExecution | null;
  unitTotal: number | null;
  unitGrade: GradeCode | null;
  appTotal: number;
  appGrade: GradeCode;
  /** Normalisation and cap notes of the app's total (Chinese). */
  appTotalNotes: string[];
  differences: CheckedDifference[];
  notes: string[];
}

const EPS = 0.005;
const f2 = (n: number) => round2(n).toFixed(2);
const same = (a: number, b: number) => Math.abs(a - b) < EPS;
const roundTo = (n: number, dp: number) => {
  const s = 10 ** dp;
  return (Math.sign(n) * Math.floor(Math.abs(n) * s + 0.5 + 1e-9)) / s;
};
const truncTo = (n: number, dp: number) => {
  const s = 10 ** dp;
  return (Math.sign(n) * Math.floor(Math.abs(n) * s + 1e-9)) / s;
};
const DP_TEXT = ['保留整数', '保留 1 位小数'];

/** 取整 / 截断 of `app` giving `unit` (integer first, then one decimal); null when neither. */
function roundingReason(unit: number, app: number): { code: 'rounding' | 'truncation'; text: string } | null {
  for (const dp of [0, 1]) {
    if (same(unit, roundTo(app, dp)) && !same(app, roundTo(app, dp))) return { code: 'rounding', text: `四舍五入${DP_TEXT[dp]}` };
  }
  for (const dp of [0, 1]) {
    if (same(unit, truncTo(app, dp)) && !same(app, truncTo(app, dp))) return { code: 'truncation', text: `截去${dp === 0 ? '全部小数' : '第 2 位小数'}` };
  }
  return null;
}

function diffOf(row: number | null, field: DiffField, name: string, unit: number | null, app: number | null, reasonCode: DiffReason, message: string): CheckedDifference {
  return {
    row, field, fieldLabel: SELF_EVAL_DIFF_FIELD_LABELS[field], name, unit: unit === null ? null : round2(unit), app: app === null ? null : round2(app),
    reasonCode, reason: SELF_EVAL_DIFF_REASON_LABELS[reasonCode], message,
  };
}

const REVERSE_FORMULA_NAMES = { R1: '权重 × 目标 ÷ 实际（R1）', R2: '权重 × (1 − (实际 − 目标) ÷ 目标)（R2）' } as const;

/** Scores the table under the profile (with the layout's weights) and lists every difference. */
export function checkSelfEvalTable(profile: RuleProfileBody, table: ParsedSelfEvalTable): SelfEvalCheckResult {
  const body = layoutProfile(profile, table);
  const exec = table.executionWeight > 0 ? table.execution : null;

  const inputs = (manual: Map<string, number | null>): SelfEvalIndicatorInput[] =>
    table.rows.map((r) => ({
      key: `r${r.row}`, level1: r.level1 ?? 'output', level2: DEFAULT_LEVEL2[r.level1 ?? 'output'], name: r.name, valueType: r.valueType,
      operator: r.operator, targetValue: r.unreadable ? null : r.targetValue, unit: r.targetUnit, weight: r.weight ?? 0,
      actualValue: r.unreadable ? null : r.actualValue, notApplicable: r.notApplicable, qualitativeResult: r.unreadable ? null : r.qualitativeResult,
      manualScore: manual.get(`r${r.row}`) ?? null, targetTooLow: false,
    }));
  const score = (manual: Map<string, number | null>): SelfEvalResult =>
    scoreSelfEvaluation(body, { annualBudgetFen: exec?.budgetFen ?? 0, executedFen: exec?.executedFen ?? 0, indicators: inputs(manual) });

  // 定性 rows: the evaluator's score is the unit's; a score outside the result's band is taken to
  // the nearest allowed value (the band's edge) so the app's total stays comparable.
  const manual = new Map<string, number | null>(table.rows.map((r) => [`r${r.row}`, r.valueType === 'qualitative' ? r.unitScore : null]));
  const clamped = new Map<string, { band: { min: number; max: number; maxInclusive: boolean }; to: number }>();
  for (const r of table.rows) {
    if (r.valueType !== 'qualitative' || r.unitScore === null || r.qualitativeResult === null || r.notApplicable || r.unreadable) continue;
    const band = qualitativeBand(r.qualitativeResult, r.weight ?? 0);
    const top = band.maxInclusive ? band.max : round2(band.max - 0.01);
    const u = round2(r.unitScore);
    const to = u > top ? top : u < band.min ? band.min : null;
    if (to !== null) {
      clamped.set(`r${r.row}`, { band, to });
      manual.set(`r${r.row}`, to);
    }
  }
  const result = score(manual);

  const differences: CheckedDifference[] = [];
  const rowReasons = new Map<number, string[]>();
  const addRow = (d: CheckedDifference) => {
    differences.push(d);
    if (d.row !== null) rowReasons.set(d.row, [...(rowReasons.get(d.row) ?? []), d.reason]);
  };

  // ---- execution
  let execution: CheckedExecution | null = null;
  if (table.execution) {
    const e = table.execution;
    const rate = percent(e.executedFen, e.budgetFen);
    execution = {
      row: e.row, weight: table.executionWeight, budgetFen: e.budgetFen, executedFen: e.executedFen, initialFen: e.initialFen, rate,
      unitRate: e.unitRate, unitScore: e.unitScore, appScore: exec ? result.executionScore : 0,
      explanation: exec ? result.executionExplanation : '本表格式不对预算执行率计分',
    };
    const dp = profile.moneyDecimals;
    if (e.unitRate !== null && rate !== null && !same(e.unitRate, rate)) {
      const initialRate = e.initialFen ? percent(e.executedFen, e.initialFen) : null;
      const rr = roundingReason(e.unitRate, rate);
      if (initialRate !== null && same(e.unitRate, initialRate)) {
        addRow(diffOf(e.row, 'executionRate', '预算执行率', e.unitRate, rate, 'rateBase',
          `单位按年初预算数计算执行率（${formatWan(e.executedFen, dp)} ÷ ${formatWan(e.initialFen ?? 0, dp)} 万元 = ${f2(initialRate)}%），应按全年（调整后）预算数计算：${f2(rate)}%`));
      } else if (rr) {
        addRow(diffOf(e.row, 'executionRate', '预算执行率', e.unitRate, rate, rr.code, `单位填写执行率 ${f2(e.unitRate)}%，是 ${f2(rate)}% ${rr.text}的结果`));
      } else {
        addRow(diffOf(e.row, 'executionRate', '预算执行率', e.unitRate, rate, 'other',
          `单位填写执行率 ${f2(e.unitRate)}%，按执行数 ÷ 预算数计算为 ${f2(rate)}%`));
      }
    }
    if (exec) {
      const app = result.executionScore;
      if (e.unitScore === null) {
        if (app > 0) addRow(diffOf(e.row, 'executionScore', '预算执行率', null, app, 'missing', `单位未填写预算执行率得分，按方案计算 ${f2(app)}（${result.executionExplanation}）`));
      } else if (!same(e.unitScore, app)) {
        const rr = roundingReason(e.unitScore, app);
        if (same(e.unitScore, table.executionWeight) && app < table.executionWeight) {
          addRow(diffOf(e.row, 'executionScore', '预算执行率', e.unitScore, app, 'fullMarksMissed',
            `执行率 ${rate === null ? '—' : `${f2(rate)}%`} 未达 100%，单位给满分 ${f2(e.unitScore)}，按方案应得 ${f2(app)}（${result.executionExplanation}）`));
        } else if (rr) {
          addRow(diffOf(e.row, 'executionScore', '预算执行率', e.unitScore, app, rr.code, `单位得分 ${f2(e.unitScore)} 是按方案计算的 ${f2(app)} ${rr.text}的结果（${result.executionExplanation}）`));
        } else {
          addRow(diffOf(e.row, 'executionScore', '预算执行率', e.unitScore, app, 'other', `单位得分 ${f2(e.unitScore)}，按方案计算 ${f2(app)}（${result.executionExplanation}）`));
        }
      }
    }
  }

  // ---- rows
  const rows: CheckedRow[] = table.rows.map((r, i) => {
    const s = result.indicators[i];
    const app = s?.score ?? null;
    const u = r.unitScore;
    const w = r.weight ?? 0;
    const expl = s?.explanation ?? '';
    const name = r.name;
    const clamp = clamped.get(`r${r.row}`);
    if (r.notApplicable) {
      if (u !== null && u !== 0) addRow(diffOf(r.row, 'score', name, u, null, 'other', `指标不适用，不应计分；单位得分 ${f2(u)}`));
    } else if (clamp && u !== null && r.qualitativeResult) {
      const edge = u > clamp.to ? '上限' : '下限';
      const b = `[${f2(clamp.band.min)}, ${f2(clamp.band.max)}${clamp.band.maxInclusive ? ']' : ')'}`;
      addRow(diffOf(r.row, 'score', name, u, app, 'qualitativeBand',
        `定性指标完成情况为“${QUALITATIVE_RESULT_LABELS[r.qualitativeResult]}”（实际：${r.actualText}），得分区间 ${b}；单位得分 ${f2(u)} 超出区间，按区间${edge}计 ${f2(clamp.to)}`));
    } else if (app !== null && u === null) {
      addRow(diffOf(r.row, 'score', name, null, app, 'missing', `单位未填写得分，按方案计算 ${f2(app)}（${expl}）`));
    } else if (app !== null && u !== null && !same(u, app)) {
      const rr = roundingReason(u, app);
      const t = r.targetValue;
      const a = r.actualValue;
      const reverse = (r.operator === '<=' || r.operator === '<') && r.valueType === 'quantitative' && t !== null && a !== null && t > 0 && a > t;
      const other = profile.selfEvaluation.reverseFormula === 'R1' ? 'R2' : 'R1';
      const alt = reverse && t !== null && a !== null ? (other === 'R1' ? round2((w * t) / a) : a >= 2 * t ? 0 : round2(w * (1 - (a - t) / t))) : null;
      if (same(u, w) && app < w) {
        addRow(diffOf(r.row, 'score', name, u, app, 'fullMarksMissed', `实际完成值 ${r.actualText} 未达到年度指标值 ${r.targetText}，单位给满分 ${f2(w)}；按方案：${expl}`));
      } else if (alt !== null && same(u, alt)) {
        addRow(diffOf(r.row, 'score', name, u, app, 'reverseFormula',
          `反向指标：单位按 ${REVERSE_FORMULA_NAMES[other]} 计算得 ${f2(u)}，方案规定 ${REVERSE_FORMULA_NAMES[profile.selfEvaluation.reverseFormula]}：${expl}`));
      } else if (rr) {
        addRow(diffOf(r.row, 'score', name, u, app, rr.code, `单位得分 ${f2(u)} 是按方案计算的 ${f2(app)} ${rr.text}的结果（${expl}）`));
      } else {
        addRow(diffOf(r.row, 'score', name, u, app, 'other', `单位得分 ${f2(u)}，按方案计算 ${f2(app)}（${expl}）`));
      }
    }
    return {
      row: r.row, level1: r.level1Text, level2: r.level2Text, name, target: r.targetText, actual: r.actualText, weight: r.weight,
      weightDistributed: r.weightDistributed, isCore: r.isCore, unitCoefficient: r.unitCoefficient, unitScore: u, appScore: app,
      diff: u !== null && app !== null ? round2(u - app) : null, explanation: r.unreadable ? '无法计分：本行有无法读取的单元格' : expl, reasons: [],
    };
  });

  // ---- weights
  const weightTotal = round2(table.executionWeight + table.rows.reduce((s, r) => s + (r.weight ?? 0), 0));
  if (!table.weightsDistributed && table.rows.every((r) => r.weight !== null) && !same(weightTotal, 100)) {
    const ind = round2(weightTotal - table.executionWeight);
    differences.push(diffOf(null, 'weightSum', '分值合计', weightTotal, 100, 'weightSum',
      `预算执行率分值 ${f2(table.executionWeight)} 与各指标分值合计 ${f2(ind)} 之和为 ${f2(weightTotal)}，应为 100；本表按单位填写的分值计算`));
  }

  // ---- total
  const appTotal = result.total;
  const appTotalNotes: string[] = [];
  if (result.normalizedTotal !== null) appTotalNotes.push(`含不适用指标，按适用分值 ${f2(result.applicableWeight)} 折算为百分制：${f2(result.rawTotal)} → ${f2(result.normalizedTotal)}`);
  if (result.cap) appTotalNotes.push(result.cap.reason);
  const unitTotal = table.unitTotal;
  const unitRows = table.rows.reduce((s, r) => s + (r.notApplicable ? 0 : (r.unitScore ?? 0)), 0);
  const unitExec = exec ? (table.execution?.unitScore ?? 0) : 0;
  const unitOwn = round2(unitRows + unitExec);
  const totalRow = table.unitTotalRow;
  if (unitTotal === null) {
    differences.push(diffOf(totalRow, 'total', '总分', null, appTotal, 'missing', `单位未填写总分，按方案计算 ${f2(appTotal)}`));
  } else if (!same(unitTotal, appTotal)) {
    const applicable = round2(table.executionWeight + table.rows.reduce((s, r) => s + (r.notApplicable ? 0 : (r.weight ?? 0)), 0));
    const ownNormalised = applicable > 0 && table.rows.some((r) => r.notApplicable) ? round2((unitOwn / applicable) * 100) : null;
    const consistent = same(unitTotal, unitOwn) || (ownNormalised !== null && same(unitTotal, ownNormalised));
    const rowDiffs = differences.some((d) => d.field === 'score' || d.field === 'executionScore');
    const rr = roundingReason(unitTotal, appTotal);
    const unreadable = table.rows.filter((r) => r.unreadable).length;
    if (unreadable > 0) {
      differences.push(diffOf(totalRow, 'total', '总分', unitTotal, appTotal, 'other',
        `表中有 ${unreadable} 项指标的单元格无法读取，未计分，按方案计算的总分 ${f2(appTotal)} 不完整；请先更正这些单元格（单位总分 ${f2(unitTotal)}）`));
    } else if (exec && unitExec > 0 && same(unitTotal, round2(unitRows))) {
      differences.push(diffOf(totalRow, 'total', '总分', unitTotal, appTotal, 'executionLeftOut',
        `单位总分 ${f2(unitTotal)} 只是各指标得分之和，未计入预算执行率得分 ${f2(unitExec)}（单位各项合计应为 ${f2(unitOwn)}）；按方案总分 ${f2(appTotal)}`));
    } else if (!consistent && roundingReason(unitTotal, unitOwn)) {
      const own = roundingReason(unitTotal, unitOwn);
      differences.push(diffOf(totalRow, 'total', '总分', unitTotal, appTotal, own?.code ?? 'rounding',
        `单位总分 ${f2(unitTotal)} 是其各项得分合计 ${f2(unitOwn)} ${own?.text ?? ''}的结果；按方案总分 ${f2(appTotal)}`));
    } else if (!consistent) {
      differences.push(diffOf(totalRow, 'total', '总分', unitTotal, appTotal, 'totalSum',
        `单位填写总分 ${f2(unitTotal)}，但其${exec ? '预算执行率得分与' : ''}各指标得分合计为 ${f2(unitOwn)}；按方案总分 ${f2(appTotal)}`));
    } else if (rowDiffs) {
      differences.push(diffOf(totalRow, 'total', '总分', unitTotal, appTotal, 'carried',
        `单位总分 ${f2(unitTotal)} 与其各项得分合计一致，比按方案计算的 ${f2(appTotal)} ${unitTotal > appTotal ? '高' : '低'} ${f2(Math.abs(unitTotal - appTotal))}，来自上列各项得分差异`));
    } else if (result.cap && appTotal < unitTotal) {
      differences.push(diffOf(totalRow, 'total', '总分', unitTotal, appTotal, 'cap', `${result.cap.reason}；单位总分 ${f2(unitTotal)} 未封顶`));
    } else if (rr) {
      differences.push(diffOf(totalRow, 'total', '总分', unitTotal, appTotal, rr.code, `单位总分 ${f2(unitTotal)} 是按方案计算的 ${f2(appTotal)} ${rr.text}的结果`));
    } else {
      differences.push(diffOf(totalRow, 'total', '总分', unitTotal, appTotal, 'other', `单位总分 ${f2(unitTotal)}，按方案计算 ${f2(appTotal)}`));
    }
  }

  for (const r of rows) r.reasons = rowReasons.get(r.row) ?? [];
  return {
    layout: table.layout, layoutName: SELF_EVAL_LAYOUT_LABELS[table.layout], amountUnit: table.amountUnit, amountUnitSource: table.amountUnitSource,
    executionWeight: table.executionWeight, weightTotal, weightsDistributed: table.weightsDistributed, rows, execution, unitTotal,
    unitGrade: unitTotal === null ? null : gradeFor(unitTotal, profile.grades), appTotal, appGrade: result.grade, appTotalNotes, differences,
    notes: table.notes,
  };
}
