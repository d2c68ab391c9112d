import { OPERATOR_LABELS, type Operator } from '../domain/indicators.ts';
import { parseWanToFen, parseYuanToFen, toHalfWidth } from './money.ts';

/**
 * 年度指标值 as offices type them (SPEC §4.3): "≥95%", "≧95%", "＝100%", "=0起", "≤2.6万元/公里",
 * "100%", "95%以上", "控制在30天以内", or 定性 text such as "效果明显".
 *
 * A cell is read as 定量 only when its whole text is
 *   [比较符 ≥ ≤ = > < or words such as 不低于, 控制在] 数值 [单位] [以上|以下|以内|之内|内]
 * Anything else is 定性 text kept as written — including prose with a number in it
 * ("完成3项改革"): guessing a number out of a sentence would silently change the target.
 * A cell that *starts* with a comparison symbol but does not fit is an error, not text,
 * because whoever typed "≥" meant a quantity.
 *
 * The value is kept as written: "95%" is value 95, unit "%"; "2.6万元/公里" is 2.6 with
 * unit "万元/公里" (万 is never multiplied out; only targetAmountToFen converts money).
 */

export type { Operator } from '../domain/indicators.ts';
export { OPERATOR_LABELS } from '../domain/indicators.ts';

export type ComparisonOperator = Exclude<Operator, 'qualitative'>;
export type TargetValueType = 'quantitative' | 'qualitative';
/** 指标方向: 正向 (≥ >), 反向 (≤ <), 等于 (=), 定性. */
export type TargetDirection = 'positive' | 'reverse' | 'equal' | 'qualitative';

export const TARGET_DIRECTION_LABELS: Record<TargetDirection, string> = {
  positive: '正向',
  reverse: '反向',
  equal: '等于',
  qualitative: '定性',
};

/** A 年度指标值 read from one cell. */
export interface ParsedTarget {
  valueType: TargetValueType;
  operator: Operator;
  /** The number as written (95 for "95%"); null for 定性. */
  value: number | null;
  /**
   * The number as a plain decimal string exactly as typed, without separators or leading
   * zeros ("2.60", "1200"); null for 定性. Kept so money converts exactly and "2.60" shows as typed.
   */
  valueText: string | null;
  /** 定性: the trimmed original text. 定量: the canonical display, e.g. "≥95%". */
  text: string;
  /** '%', '天', '起', '万元/公里', '人次', or '' (none in the cell and no hint). */
  unit: string;
  direction: TargetDirection;
  /** True when the cell had no comparison and none was hinted, so the ≥ convention was applied. */
  operatorDefaulted: boolean;
}

export interface TargetHint {
  /** From a 性质 column; used only when the cell itself has no comparison. */
  operator?: Operator;
  /** From a 计量单位 column; used only when the cell itself has no unit. */
  unit?: string;
  /** From a 指标值类型 column. */
  valueType?: TargetValueType;
}

export type TargetErrorCode =
  | 'EMPTY'
  | 'UNKNOWN_OPERATOR'
  | 'MISSING_NUMBER'
  | 'NUMBER_FORMAT'
  | 'NEGATIVE'
  | 'RANGE'
  | 'APPROXIMATE'
  | 'OPERATOR_CONFLICT'
  | 'UNIT_INVALID'
  | 'AMOUNT_INVALID'
  | 'EXPECTED_QUANTITATIVE';

export type TargetParseResult =
  | { ok: true; value: ParsedTarget }
  | { ok: false; code: TargetErrorCode; message: string };

const fail = (code: TargetErrorCode, message: string): TargetParseResult => ({ ok: false, code, message });

/** Comparison written with symbols. Keys are what people type after full-width folding. */
const SYMBOL_OPERATORS: Readonly<Record<string, ComparisonOperator>> = {
  '≥': '>=', '≧': '>=', '⩾': '>=', '>=': '>=', '=>': '>=',
  '≤': '<=', '≦': '<=', '⩽': '<=', '<=': '<=', '=<': '<=',
  '>': '>', '<': '<', '=': '=', '==': '=',
};
/**
 * A run of comparison-looking symbols at the start. Wider than the table on purpose, so
 * "≈95%" or "≠0" is reported as an unknown comparison instead of being read as text.
 */
const SYMBOL_RUN = /^[<>=≥≤≧≦⩾⩽≈≒≠≮≯≃≅∽~!±]+/;

/** Comparison written in words; longest first so "大于等于" is not read as "大于". */
const WORD_OPERATORS: readonly (readonly [string, ComparisonOperator])[] = (
  [
    ['大于或等于', '>='], ['大于等于', '>='], ['不低于', '>='], ['不少于', '>='], ['不小于', '>='],
    ['至少', '>='], ['达到', '>='],
    ['小于或等于', '<='], ['小于等于', '<='], ['不高于', '<='], ['不超过', '<='], ['不多于', '<='],
    ['不大于', '<='], ['至多', '<='], ['最多', '<='], ['控制在', '<='],
    ['大于', '>'], ['高于', '>'], ['超过', '>'], ['多于', '>'],
    ['小于', '<'], ['低于', '<'], ['少于', '<'], ['不足', '<'],
    ['等于', '='],
  ] as const
).toSorted((a, b) => b[0].length - a[0].length);

/**
 * Trailing wording. By the usual legal reading 以上/以下 include the number itself;
 * "（不含）" turns them strict.
 */
const SUFFIX = /(\(含\)|\(不含\))?(及以上|以上|及以下|以下|及以内|以内|之内|内)(\(含\)|\(不含\))?$/;
const SUFFIX_OPERATOR: Readonly<Record<string, [inclusive: ComparisonOperator, strict: ComparisonOperator]>> = {
  及以上: ['>=', '>'], 以上: ['>=', '>'],
  及以下: ['<=', '<'], 以下: ['<=', '<'], 及以内: ['<=', '<'], 以内: ['<=', '<'], 之内: ['<=', '<'], 内: ['<=', '<'],
};

/** Digits with optional thousands groups and decimals, as the whole token. */
const NUMBER_RE = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
/** The longest plausible unit is about "万元/平方公里"; longer tails are prose. */
const MAX_UNIT_LENGTH = 10;
/** Letters (CJK included) and unit signs; "m2"/"m3" keep their digit. */
const UNIT_RE = /^[\p{L}%‰‱°℃/·*×²³()]*$/u;
/**
 * Words and characters that never occur in a unit but do in sentences
 * ("3项改革完成", "12月底前", "30日内完成"): their presence makes the cell 定性 text.
 */
const PROSE_MARKERS = [
  '完成', '实现', '达到', '达成', '提高', '提升', '降低', '减少', '增加', '增长', '下降', '建立', '开展',
  '确保', '保持', '覆盖', '不', '的', '和', '与', '并', '及', '或', '前', '后', '底', '内', '以', '之',
  '含', '约', '左右', '推进', '持续', '落实', '改善', '稳定', '有效', '明显', '全部', '按期', '按时', '及时',
  // reference points ("达到2023年水平", "2024年标准"): a comparison with something named, not a unit
  '水平', '标准', '要求', '目标', '计划', '同期', '上年', '去年',
];
/** Real units that happen to contain a marker. */
const UNITS_WITH_MARKERS = ['标准煤', '标准立方米'];
const PLACEHOLDER = /^[-/\\~]+$/;
const MAX_SIGNIFICANT_DIGITS = 15;

/** Full-width folding plus the look-alike characters input methods produce. */
function normalise(text: string): string {
  return toHalfWidth(text)
    .replace(/[〜∼]/g, '~')
    .replace(/[—–−‐‑]/g, '-')
    .replace(/\s+/g, '')
    .replace(/[.,;、]+$/, '');
}

/** 正向 / 反向 / 等于 / 定性, derived from the operator (SPEC §4.3). */
export function targetDirection(operator: Operator): TargetDirection {
  switch (operator) {
    case '>=':
    case '>':
      return 'positive';
    case '<=':
    case '<':
      return 'reverse';
    case '=':
      return 'equal';
    case 'qualitative':
      return 'qualitative';
  }
}

/**
 * Reads one target cell. `hint` carries the neighbouring columns of the same row
 * (性质, 计量单位, 指标值类型); what the cell itself says always wins.
 */
export function parseTargetValue(text: string, hint: TargetHint = {}): TargetParseResult {
  const original = text.trim();
  if (original === '') return fail('EMPTY', '指标值为空');
  const s = normalise(original);
  if (s === '') return fail('EMPTY', '指标值为空');
  if (PLACEHOLDER.test(s)) return fail('EMPTY', `指标值为空（单元格只有占位符“${original}”）`);

  // A qualitative hint wins over a number: the row is 定性 and the cell is its wording.
  const hintedQualitative =
    hint.valueType === 'qualitative' || (hint.valueType === undefined && hint.operator === 'qualitative');
  if (hintedQualitative) return { ok: true, value: qualitative(original) };

  const prose = (): TargetParseResult => {
    if (hint.valueType !== 'quantitative') return { ok: true, value: qualitative(original) };
    return /\d/.test(s)
      ? fail('EXPECTED_QUANTITATIVE', `应为定量指标值（如“≥95%”），但“${original}”不是“比较符+数值+单位”的写法`)
      : fail('EXPECTED_QUANTITATIVE', '应为定量指标值（如“≥95%”），但未找到数值');
  };

  // 1. Leading comparison: symbols, or words (optionally followed by the same symbol).
  let rest = s;
  let prefix: { op: ComparisonOperator; label: string; symbolic: boolean } | null = null;
  const symbols = readSymbols(rest);
  if (symbols && 'error' in symbols) return symbols.error;
  if (symbols) {
    prefix = { op: symbols.op, label: symbols.run, symbolic: true };
    rest = rest.slice(symbols.run.length);
  } else {
    const word = WORD_OPERATORS.find(([w]) => rest.startsWith(w));
    if (word) {
      const after = rest.slice(word[0].length);
      if (after === '') return fail('MISSING_NUMBER', `“${word[0]}”后缺少数值`);
      // "达到预期", "控制在预算内": the word starts a sentence, not a comparison.
      if (!/^[\d.,+\-<>=≥≤≧≦⩾⩽]/.test(after)) return prose();
      prefix = { op: word[1], label: word[0], symbolic: false };
      rest = after;
      const more = readSymbols(rest);
      if (more && 'error' in more) return more.error;
      if (more) {
        if (more.op !== prefix.op) return fail('OPERATOR_CONFLICT', `比较符“${prefix.label}”与“${more.run}”矛盾`);
        prefix.symbolic = true;
        rest = rest.slice(more.run.length);
      }
    }
  }

  // 2. The number.
  const approx = /^(大约|大概|约)(?=\d)/.exec(rest)?.[0];
  if (approx !== undefined && prefix === null) return approximate(original, rest.slice(approx.length));
  if (/^-\d/.test(rest)) return fail('NEGATIVE', `指标值不能为负数（“${/^-[\d.,]*/.exec(rest)?.[0] ?? rest}”）`);
  if (/^\+\d/.test(rest)) return fail('NUMBER_FORMAT', `数值“${/^\+[\d.,]*/.exec(rest)?.[0] ?? rest}”格式不正确`);
  const numberToken = /^[\d.,]+/.exec(rest)?.[0];
  if (numberToken === undefined || !/\d/.test(numberToken)) {
    if (prefix !== null) {
      return fail('MISSING_NUMBER', rest === '' ? `“${prefix.label}”后缺少数值` : `“${prefix.label}”后缺少数值（实际为“${rest}”）`);
    }
    return prose();
  }
  if (!NUMBER_RE.test(numberToken)) return fail('NUMBER_FORMAT', `数值“${numberToken}”格式不正确`);
  const valueText = canonicalNumber(numberToken);
  if (valueText.replace('.', '').replace(/^0+/, '').length > MAX_SIGNIFICANT_DIGITS) {
    return fail('NUMBER_FORMAT', `数值“${numberToken}”位数过多（最多 ${MAX_SIGNIFICANT_DIGITS} 位有效数字）`);
  }
  let tail = rest.slice(numberToken.length);

  // 3. Ranges are refused: scoring needs one target and one direction.
  const range = /^(.*?)(?:-|~|至|到)(\d[\d.,]*)(.*)$/.exec(tail);
  if (range) {
    const [, lowUnit = '', high = '', highTail = ''] = range;
    const highUnit = highTail.replace(SUFFIX, '');
    if ((lowUnit === '' || isUnit(lowUnit)) && isUnit(highUnit) && NUMBER_RE.test(high)) {
      const unit = highUnit || lowUnit;
      return fail(
        'RANGE',
        `不支持区间值“${original}”，请改为单一比较值，如“≥${valueText}${unit}”或“≤${canonicalNumber(high)}${unit}”`,
      );
    }
  }
  if (/(左右|上下)$/.test(tail) && prefix === null) return approximate(original, `${valueText}${tail.slice(0, -2)}`);

  // 4. Trailing wording ("95%以上", "30天以内") and the unit.
  let suffixOp: ComparisonOperator | null = null;
  const suffix = SUFFIX.exec(tail);
  if (suffix) {
    const [, before, wordText = '', after] = suffix;
    const strict = before === '(不含)' || after === '(不含)';
    const pair = SUFFIX_OPERATOR[wordText];
    if (pair) suffixOp = strict ? pair[1] : pair[0];
    tail = tail.slice(0, suffix.index);
  }
  if (!isUnit(tail)) {
    // "≥3项改革完成": a comparison was typed, so say what is wrong rather than keep it as text.
    if (prefix?.symbolic) return fail('UNIT_INVALID', `无法识别单位“${tail}”：定量指标值应写成“比较符+数值+单位”，如“≥95%”`);
    return prose();
  }

  let operator: ComparisonOperator;
  let operatorDefaulted = false;
  if (prefix !== null && suffixOp !== null) {
    // "≥95%以上" is redundant but consistent (the prefix is kept); "≤30天以上" contradicts itself.
    if (targetDirection(prefix.op) !== targetDirection(suffixOp)) {
      return fail('OPERATOR_CONFLICT', `比较符“${prefix.label}”与“${suffix?.[0] ?? ''}”矛盾`);
    }
    operator = prefix.op;
  } else if (prefix !== null) {
    operator = prefix.op;
  } else if (suffixOp !== null) {
    operator = suffixOp;
  } else if (hint.operator !== undefined && hint.operator !== 'qualitative') {
    operator = hint.operator;
  } else {
    // Offices leave the comparison out of "100%" or "120公里" and mean "at least".
    operator = '>=';
    operatorDefaulted = true;
  }

  const unit = tail !== '' ? tail : normalise(hint.unit ?? '');
  const amountError = checkAmount(valueText, unit);
  if (amountError) return amountError;

  const parsed: ParsedTarget = {
    valueType: 'quantitative',
    operator,
    value: Number(valueText),
    valueText,
    text: '',
    unit,
    direction: targetDirection(operator),
    operatorDefaulted,
  };
  parsed.text = formatTarget(parsed);
  return { ok: true, value: parsed };
}

function readSymbols(text: string): { run: string; op: ComparisonOperator } | { error: TargetParseResult } | null {
  const run = SYMBOL_RUN.exec(text)?.[0];
  if (run === undefined) return null;
  const op = SYMBOL_OPERATORS[run];
  return op === undefined ? { error: fail('UNKNOWN_OPERATOR', `无法识别比较符“${run}”`) } : { run, op };
}

function qualitative(text: string): ParsedTarget {
  return {
    valueType: 'qualitative',
    operator: 'qualitative',
    value: null,
    valueText: null,
    text,
    unit: '',
    direction: 'qualitative',
    operatorDefaulted: false,
  };
}

function approximate(cell: string, numberAndUnit: string): TargetParseResult {
  return fail('APPROXIMATE', `“${cell}”是约数，请改为“≥${numberAndUnit}”“≤${numberAndUnit}”或“=${numberAndUnit}”`);
}

function isUnit(tail: string): boolean {
  if (tail.length > MAX_UNIT_LENGTH) return false;
  if (!UNIT_RE.test(tail.replace(/(?<=[A-Za-z])[23]/g, ''))) return false;
  const words = UNITS_WITH_MARKERS.reduce((t, u) => t.replaceAll(u, ''), tail);
  return !PROSE_MARKERS.some((m) => words.includes(m));
}

/** "1,200" → "1200", "007.50" → "7.50": separators and leading zeros go, typed decimals stay. */
function canonicalNumber(token: string): string {
  const plain = token.replace(/,/g, '');
  const [intPart = '', fracPart] = plain.split('.');
  const int = intPart.replace(/^0+(?=\d)/, '');
  return fracPart === undefined ? int : `${int}.${fracPart}`;
}

/** Money targets must be exact in 分, or targetAmountToFen could not honour them. */
function checkAmount(valueText: string, unit: string): TargetParseResult | null {
  const decimals = MONEY_UNITS[unit];
  if (decimals === undefined) return null;
  if (toFen(valueText, unit) !== null) return null;
  const frac = valueText.split('.')[1] ?? '';
  return frac.length > decimals
    ? fail('AMOUNT_INVALID', `金额“${valueText}${unit}”超出分的精度（${unit}最多 ${decimals} 位小数）`)
    : fail('AMOUNT_INVALID', `金额“${valueText}${unit}”超出可处理的范围`);
}

/** Decimals a unit allows before going below 1 分. Only plain amounts: "万元/公里" is a rate. */
const MONEY_UNITS: Readonly<Record<string, number>> = { 元: 2, 万元: 6 };

function toFen(valueText: string, unit: string): number | null {
  if (unit === '元') return parseYuanToFen(valueText);
  if (unit === '万元') return parseWanToFen(valueText);
  return null;
}

/**
 * A money target ("≤90万元", "≥500元") as integer 分, converted on the decimal string
 * (never by float multiplication). Null for 定性 rows and any other unit, rates such as
 * "万元/公里" included.
 */
export function targetAmountToFen(
  parsed: Pick<ParsedTarget, 'valueType' | 'value' | 'unit'> & { valueText?: string | null },
): number | null {
  if (parsed.valueType !== 'quantitative' || parsed.value === null) return null;
  const unit = parsed.unit.trim();
  if (MONEY_UNITS[unit] === undefined) return null;
  return toFen(parsed.valueText ?? String(parsed.value), unit);
}

/**
 * Canonical display: "≥95%", "≤2.6万元/公里", "=0起"; 定性 rows show their text.
 * Accepts rows built elsewhere (e.g. from the database) that carry only the number.
 */
export function formatTarget(
  parsed: Pick<ParsedTarget, 'valueType' | 'operator' | 'value' | 'unit' | 'text'> & { valueText?: string | null },
): string {
  if (parsed.valueType === 'qualitative' || parsed.operator === 'qualitative' || parsed.value === null) return parsed.text;
  return `${OPERATOR_LABELS[parsed.operator]}${parsed.valueText ?? String(parsed.value)}${parsed.unit}`;
}
