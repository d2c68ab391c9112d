import { LEVEL1, type Level1Code, type Level2Code, type Operator } from '../domain/indicators.ts';
import type { GradeCode, RuleProfileBody } from '../domain/ruleProfile.ts';
import { gradeFor } from './grades.ts';
import { formatWan } from './money.ts';
import { percent, round2 } from './rounding.ts';

/**
 * 项目支出绩效自评 scoring (SPEC §5.2–5.6, worked examples §11.1–11.6), driven by the rule
 * profile's `selfEvaluation` section.
 *
 *   总分 = 预算执行率得分 + Σ 三级指标得分                                   (SPEC §5.5)
 *   any 不适用 row and `naNormalize`  → 总分 = 总分 ÷ 适用分值 × 100          (SPEC §5.4, §11.5)
 *   一体化 caps (`executionCaps`)      → 执行率 in [minRate, maxRate) caps the final total
 *   等级 = gradeFor(总分, profile.grades)                                   (SPEC §5.6)
 *
 * Rounding: every indicator score is rounded half-up to two decimals (round2) before it is
 * summed (SPEC §11: "scores rounded to 2 dp at indicator level"); the execution rate is rounded
 * to a two-decimal percentage and the execution score and caps use that shown rate, as a person
 * checking the form would (304 ÷ 320 = 95.00% → 10 × 95.00% = 9.50). Qualitative bands are the
 * rounded figures shown to the evaluator ([9.00, 12.00) for weight 15).
 *
 * The function never throws on incomplete input: missing values make the row's score null (it
 * counts as 0 in the totals) and add a Chinese message to the row's and the result's `problems`.
 */

/** 定性指标完成情况 (SPEC §5.4 QL). */
export type QualitativeResult = 'achieved' | 'partial' | 'notAchieved';

export const QUALITATIVE_RESULT_LABELS: Record<QualitativeResult, string> = {
  achieved: '达成年度指标',
  partial: '部分达成年度指标并具有一定效果',
  notAchieved: '未达成年度指标且效果较差',
};

export interface SelfEvalIndicatorInput {
  key: string;
  level1: Level1Code;
  level2: Level2Code;
  name: string;
  valueType: 'quantitative' | 'qualitative';
  operator: Operator;
  targetValue: number | null;
  unit: string;
  weight: number;
  actualValue: number | null;
  notApplicable: boolean;
  qualitativeResult: QualitativeResult | null;
  /**
   * The evaluator's score. Required for qualitative rows (validated against the result's band).
   * For quantitative rows it is an optional override used only when the profile's
   * over-completion deduction applies (the evaluator may settle on a score in [0, weight]
   * instead of the suggested one); otherwise it is ignored.
   */
  manualScore: number | null;
  /** The evaluator says over-completion is because the target was set too low (年初指标值设定偏低). */
  targetTooLow: boolean;
}

export interface SelfEvalInput {
  annualBudgetFen: number;
  executedFen: number;
  indicators: SelfEvalIndicatorInput[];
}

export type ScoreMethod = 'positive' | 'reverseR1' | 'reverseR2' | 'equalityZero' | 'equality' | 'equalitySymmetric' | 'qualitative' | 'notApplicable';

export type IndicatorFlag = 'overCompletion' | 'explanationRequired' | 'penalty' | 'deduction';

export interface IndicatorScore {
  key: string;
  method: ScoreMethod;
  weight: number;
  /** Rounded to 2 dp; null when not applicable or when the row cannot be scored (see problems). */
  score: number | null;
  /** Chinese, shows the computation ("10 × 92 ÷ 95 = 9.68"). */
  explanation: string;
  /** Qualitative rows: the allowed score band for the chosen result (rounded to 2 dp). */
  band: { min: number; max: number; maxInclusive: boolean } | null;
  flags: IndicatorFlag[];
  problems: string[];
}

export interface SelfEvalResult {
  /** 全年执行数 ÷ 全年预算数, % rounded to 2 dp; null when the budget is 0. */
  executionRate: number | null;
  executionScore: number;
  executionExplanation: string;
  indicators: IndicatorScore[];
  indicatorTotal: number;
  /** Execution score + indicator scores, 2 dp. */
  rawTotal: number;
  /** Execution weight + weights of the applicable indicators. */
  applicableWeight: number;
  /** rawTotal ÷ applicableWeight × 100 (2 dp) when any row is N/A and the profile normalises. */
  normalizedTotal: number | null;
  /** The execution-rate cap whose range holds the rate (whether or not it lowered the total). */
  cap: { maxTotal: number; reason: string } | null;
  /** Final total: normalised when applicable, then capped. */
  total: number;
  grade: GradeCode;
  problems: string[];
  /** Weight layout checks (SPEC §5.3): warnings, never a block (W4). */
  weightCheck: { ok: boolean; messages: string[] };
}

// ---------------------------------------------------------------------------------------------
// Formatting

const fmt = (n: number): string => round2(n).toFixed(2);

/** Input values as typed: integers plain ("92"), others with at least two decimals ("2.60"). */
function val(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const text = String(n);
  const decimals = text.split('.')[1]?.length ?? 0;
  return decimals < 2 ? n.toFixed(2) : text;
}

const quote = (name: string): string => `“${name.trim()}”`;
const EPS = 1e-9;

// ---------------------------------------------------------------------------------------------
// Level-1 grouping

/** Template A puts 成本 rows under 产出; template B keeps 成本 as its own level-1. */
function level1Groups(profile: RuleProfileBody): Level1Code[] {
  return profile.template === 'A' ? ['output', 'benefit', 'satisfaction'] : ['output', 'cost', 'benefit', 'satisfaction'];
}

function effectiveLevel1(profile: RuleProfileBody, level1: Level1Code): Level1Code {
  return profile.template === 'A' && level1 === 'cost' ? 'output' : level1;
}

function level1Weight(profile: RuleProfileBody, group: Level1Code): number {
  const w = profile.selfEvaluation.level1Weights;
  // Template A: the schema pins cost to 0, but fold it into 产出 in case a copy sets it.
  return profile.template === 'A' && group === 'output' ? w.output + w.cost : w[group];
}

// ---------------------------------------------------------------------------------------------
// Qualitative bands

const BAND_TEXT: Record<QualitativeResult, string> = {
  achieved: '实际得分区间为[权重*80%(含)-权重]',
  partial: '实际得分区间为[权重*60%(含)-权重*80%)',
  notAchieved: '实际得分区间为[0(含)-权重*60%)',
};

export function qualitativeBand(result: QualitativeResult, weight: number): { min: number; max: number; maxInclusive: boolean } {
  switch (result) {
    case 'achieved':
      return { min: round2(weight * 0.8), max: round2(weight), maxInclusive: true };
    case 'partial':
      return { min: round2(weight * 0.6), max: round2(weight * 0.8), maxInclusive: false };
    case 'notAchieved':
      return { min: 0, max: round2(weight * 0.6), maxInclusive: false };
  }
}

const bandText = (b: { min: number; max: number; maxInclusive: boolean }): string => `[${fmt(b.min)}, ${fmt(b.max)}${b.maxInclusive ? ']' : ')'}`;

function inBand(score: number, b: { min: number; max: number; maxInclusive: boolean }): boolean {
  return score >= b.min - EPS && (b.maxInclusive ? score <= b.max + EPS : score < b.max - EPS);
}

// ---------------------------------------------------------------------------------------------
// One indicator

const isQualitative = (row: SelfEvalIndicatorInput): boolean => row.valueType === 'qualitative' || row.operator === 'qualitative';

function methodFor(profile: RuleProfileBody, row: SelfEvalIndicatorInput): ScoreMethod {
  if (row.notApplicable) return 'notApplicable';
  if (isQualitative(row)) return 'qualitative';
  switch (row.operator) {
    case '<=':
    case '<':
      return profile.selfEvaluation.reverseFormula === 'R2' ? 'reverseR2' : 'reverseR1';
    case '=':
      if (row.targetValue === 0) return 'equalityZero';
      return profile.selfEvaluation.equalityMode === 'symmetric' ? 'equalitySymmetric' : 'equality';
    default:
      return 'positive';
  }
}

function scoreQualitative(row: SelfEvalIndicatorInput, out: IndicatorScore): void {
  const w = row.weight;
  if (row.qualitativeResult === null) {
    out.problems.push('定性指标须选择完成情况（达成 / 部分达成 / 未达成）');
    out.explanation = '定性：未选择完成情况';
    return;
  }
  const label = QUALITATIVE_RESULT_LABELS[row.qualitativeResult];
  const band = qualitativeBand(row.qualitativeResult, w);
  out.band = band;
  if (row.qualitativeResult !== 'achieved') out.flags.push('explanationRequired');
  const head = `定性：${label}，评分区间 ${bandText(band)}`;
  if (row.manualScore === null || !Number.isFinite(row.manualScore)) {
    out.problems.push(`定性指标须由评价人在区间 ${bandText(band)} 内打分`);
    out.explanation = `${head}，评价人尚未打分`;
    return;
  }
  const s = round2(row.manualScore);
  if (!inBand(s, band)) {
    out.problems.push(`评价人打分 ${fmt(s)} 超出区间 ${bandText(band)}：“${label}”的${BAND_TEXT[row.qualitativeResult]}`);
    out.explanation = `${head}，评价人打分 ${fmt(s)} 不在区间内`;
    return;
  }
  out.score = s;
  out.explanation = `${head}，评价人打分 ${fmt(s)}`;
}

function scoreQuantitative(profile: RuleProfileBody, row: SelfEvalIndicatorInput, out: IndicatorScore): void {
  const se = profile.selfEvaluation;
  const w = row.weight;
  const t = row.targetValue;
  const a = row.actualValue;
  if (t === null || !Number.isFinite(t)) out.problems.push('缺少年度指标值');
  if (a === null || !Number.isFinite(a)) out.problems.push('缺少实际完成值');
  if (t === null || a === null || !Number.isFinite(t) || !Number.isFinite(a)) {
    out.explanation = '无法计分：' + out.problems.join('，');
    return;
  }
  const W = val(w);
  const A = val(a);
  const T = val(t);
  const full = `得满分 ${fmt(w)}`;
  let raw: number;
  let text: string;
  let met: boolean;
  /** Q+ semantics (positive rows and "=" scored as Q+): over-completion and penalty apply. */
  let upward = false;

  switch (out.method) {
    case 'positive':
    case 'equality': {
      upward = true;
      const prefix = out.method === 'equality' ? '“=”按正向指标计分：' : '';
      met = a >= t;
      if (met) {
        raw = w;
        text = `${prefix}实际 ${A} ≥ 目标 ${T}，${full}`;
      } else if (t <= 0) {
        raw = 0;
        text = `${prefix}实际 ${A} < 目标 ${T}，目标不大于 0 时按全有全无计分，得 0.00`;
      } else {
        raw = Math.max(0, (w * a) / t);
        text = `${prefix}实际 ${A} < 目标 ${T}，${W} × ${A} ÷ ${T} = ${fmt(raw)}`;
      }
      break;
    }
    case 'reverseR1':
    case 'reverseR2': {
      met = a <= t;
      if (met) {
        raw = w;
        text = `实际 ${A} ≤ 目标 ${T}，${full}`;
      } else if (t <= 0) {
        raw = 0;
        text = `实际 ${A} > 目标 ${T}，目标不大于 0 时按全有全无计分，得 0.00`;
      } else if (out.method === 'reverseR1') {
        raw = (w * t) / a;
        text = `实际 ${A} > 目标 ${T}，${W} × ${T} ÷ ${A} = ${fmt(raw)}`;
      } else if (a >= 2 * t - EPS) {
        raw = 0;
        text = `实际 ${A} ≥ 目标的 2 倍 ${val(2 * t)}，得 0.00`;
      } else {
        raw = w * (1 - (a - t) / t);
        text = `实际 ${A} > 目标 ${T}，${W} × (1 − (${A} − ${T}) ÷ ${T}) = ${fmt(raw)}`;
      }
      break;
    }
    case 'equalityZero': {
      met = a <= 0;
      raw = met ? w : 0;
      text = met ? `目标为 0，实际 ${A} ≤ 0，${full}` : `目标为 0，实际 ${A} > 0，得 0.00`;
      break;
    }
    case 'equalitySymmetric': {
      met = Math.abs(a - t) <= EPS;
      if (met) {
        raw = w;
        text = `实际 ${A} = 目标 ${T}，${full}`;
      } else {
        raw = Math.max(0, w * (1 - Math.abs(a - t) / Math.abs(t)));
        text = `实际 ${A} ≠ 目标 ${T}，${W} × (1 − |${A} − ${T}| ÷ ${val(Math.abs(t))}) = ${fmt(raw)}`;
      }
      break;
    }
    default:
      return;
  }

  let score = round2(raw);
  if (!met) out.flags.push('explanationRequired');

  if (upward && t > 0) {
    const ratio = a / t;
    if (ratio >= se.overCompletionThreshold - EPS) {
      out.flags.push('overCompletion');
      if (!out.flags.includes('explanationRequired')) out.flags.push('explanationRequired');
      text += `；完成比 ${fmt(ratio * 100)}% ≥ 超额阈值 ${fmt(se.overCompletionThreshold * 100)}%，须说明偏差原因`;
      if (row.targetTooLow && se.overCompletionDeduction) {
        const suggested = round2(w * Math.max(0, 1 - (ratio - se.overCompletionThreshold)));
        out.flags.push('deduction');
        text += `；年初指标值设定偏低，按偏离程度扣减：${W} × max(0, 1 − (${val(round2(ratio))} − ${val(se.overCompletionThreshold)})) = ${fmt(suggested)}`;
        score = suggested;
        if (row.manualScore !== null && Number.isFinite(row.manualScore)) {
          const m = round2(row.manualScore);
          if (m < 0 || m > round2(w)) {
            out.problems.push(`评价人打分 ${fmt(m)} 应在 0 至 ${fmt(w)} 之间`);
          } else {
            score = m;
            text += `，评价人打分 ${fmt(m)}`;
          }
        }
      } else if (row.targetTooLow) {
        text += '（方案未启用超额扣减，由财政复核决定）';
      }
    }
    const pen = se.overTargetPenalty;
    if (pen.enabled && a * 100 >= t * (100 + pen.thresholdPct) - EPS * Math.max(1, Math.abs(t))) {
      const after = round2(Math.max(0, score - pen.points));
      out.flags.push('penalty');
      if (!out.flags.includes('explanationRequired')) out.flags.push('explanationRequired');
      text += `；实际高于目标 ${fmt(pen.thresholdPct)}% 及以上，扣 ${fmt(pen.points)} 分：${fmt(score)} − ${fmt(pen.points)} = ${fmt(after)}`;
      score = after;
    }
  }
  out.score = score;
  out.explanation = text;
}

function scoreIndicator(profile: RuleProfileBody, row: SelfEvalIndicatorInput): IndicatorScore {
  const out: IndicatorScore = { key: row.key, method: methodFor(profile, row), weight: row.weight, score: null, explanation: '', band: null, flags: [], problems: [] };
  if (!Number.isFinite(row.weight) || row.weight < 0) {
    out.problems.push('分值应为不小于 0 的数字');
    out.explanation = '无法计分：分值无效';
    return out;
  }
  if (out.method === 'notApplicable') {
    out.explanation = '不适用，不计分';
    return out;
  }
  if (out.method === 'qualitative') scoreQualitative(row, out);
  else scoreQuantitative(profile, row, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Execution

function scoreExecution(profile: RuleProfileBody, input: SelfEvalInput): { rate: number | null; score: number; explanation: string; problem: string | null } {
  const se = profile.selfEvaluation;
  const dp = profile.moneyDecimals;
  const ew = se.executionWeight;
  if (!(input.annualBudgetFen > 0)) {
    return { rate: null, score: 0, explanation: `全年预算数为 0，无法计算执行率，预算执行率得分 0.00`, problem: '全年预算数为 0，无法计算预算执行率' };
  }
  const rate = percent(input.executedFen, input.annualBudgetFen) ?? 0;
  const head = `执行率 = 全年执行数 ${formatWan(input.executedFen, dp)} ÷ 全年预算数 ${formatWan(input.annualBudgetFen, dp)} = ${fmt(rate)}%`;
  if (se.executionScoring.mode === 'proportional') {
    const used = Math.min(Math.max(rate, 0), 100);
    const score = round2((ew * used) / 100);
    const factor = rate > 100 ? `min(${fmt(rate)}%, 100%)` : `${fmt(used)}%`;
    return { rate, score, explanation: `${head}；得分 ${val(ew)} × ${factor} = ${fmt(score)}`, problem: null };
  }
  let tier: { minRate: number; share: number } | null = null;
  for (const t of se.executionScoring.tiers) if (rate >= t.minRate - EPS && (tier === null || t.minRate > tier.minRate)) tier = t;
  if (tier === null) return { rate, score: 0, explanation: `${head}；低于各档下限，得 0.00`, problem: null };
  const score = round2(ew * tier.share);
  return { rate, score, explanation: `${head}；执行率 ≥ ${fmt(tier.minRate)}% 档，得 ${val(ew)} × ${val(round2(tier.share * 100))}% = ${fmt(score)}`, problem: null };
}

// ---------------------------------------------------------------------------------------------
// Weight check (SPEC §5.3)

export function checkWeights(profile: RuleProfileBody, indicators: Pick<SelfEvalIndicatorInput, 'level1' | 'weight'>[]): { ok: boolean; messages: string[] } {
  const se = profile.selfEvaluation;
  const messages: string[] = [];
  const groups = level1Groups(profile);
  const configured = se.executionWeight + groups.reduce((s, g) => s + level1Weight(profile, g), 0);
  if (Math.abs(configured - 100) > 0.005) messages.push(`预算执行率与各一级指标分值合计应为 100，当前为 ${fmt(configured)}`);

  let levelMismatch = false;
  for (const g of groups) {
    const rows = indicators.filter((r) => effectiveLevel1(profile, r.level1) === g);
    const want = level1Weight(profile, g);
    const have = rows.reduce((s, r) => s + r.weight, 0);
    if (rows.length === 0) {
      if (want > 0) {
        messages.push(`${LEVEL1[g]}没有三级指标，其 ${fmt(want)} 分未分配`);
        levelMismatch = true;
      }
    } else if (Math.abs(have - want) > 0.005) {
      messages.push(`${LEVEL1[g]}下三级指标分值合计 ${fmt(have)}，应为 ${fmt(want)}`);
      levelMismatch = true;
    }
  }
  const indicatorSum = indicators.reduce((s, r) => s + r.weight, 0);
  const grand = se.executionWeight + indicatorSum;
  if (Math.abs(grand - 100) > 0.005) {
    messages.push(`三级指标分值合计 ${fmt(indicatorSum)} 加预算执行率分值 ${fmt(se.executionWeight)} 为 ${fmt(grand)}，应为 100`);
  } else if (levelMismatch) {
    const layout = groups.map((g) => `${LEVEL1[g].replace('指标', '')} ${val(level1Weight(profile, g))}`).join(' / ');
    messages.push(`分值合计为 100，但各一级指标分值与方案（${layout}，预算执行率 ${val(se.executionWeight)}）不一致；可以保存，请说明调整理由`);
  }
  return { ok: messages.length === 0, messages };
}

// ---------------------------------------------------------------------------------------------
// Totals

export function scoreSelfEvaluation(profile: RuleProfileBody, input: SelfEvalInput): SelfEvalResult {
  const se = profile.selfEvaluation;
  const problems: string[] = [];

  const exec = scoreExecution(profile, input);
  if (exec.problem) problems.push(exec.problem);

  const indicators = input.indicators.map((row) => scoreIndicator(profile, row));
  if (input.indicators.length === 0) problems.push('未录入绩效指标');
  input.indicators.forEach((row, i) => {
    for (const p of indicators[i]?.problems ?? []) problems.push(`${quote(row.name || row.key)}：${p}`);
  });

  const indicatorTotal = round2(indicators.reduce((s, r) => s + (r.score ?? 0), 0));
  const rawTotal = round2(exec.score + indicatorTotal);
  const anyNa = indicators.some((r) => r.method === 'notApplicable');
  const applicableWeight = round2(se.executionWeight + indicators.reduce((s, r) => s + (r.method === 'notApplicable' ? 0 : r.weight), 0));
  const normalizedTotal = anyNa && se.naNormalize && applicableWeight > 0 ? round2((rawTotal / applicableWeight) * 100) : null;

  let total = normalizedTotal ?? rawTotal;
  let cap: SelfEvalResult['cap'] = null;
  if (exec.rate !== null) {
    const rate = exec.rate;
    const hits = se.executionCaps.filter((c) => rate >= c.minRate - EPS && rate < c.maxRate - EPS);
    const hit = hits.reduce<(typeof hits)[number] | null>((best, c) => (best === null || c.maxTotal < best.maxTotal ? c : best), null);
    if (hit) {
      const range = `[${fmt(hit.minRate)}%, ${fmt(hit.maxRate)}%)`;
      const basis = normalizedTotal === null ? '总分' : '折算后总分';
      const reason =
        total > hit.maxTotal
          ? `执行率 ${fmt(rate)}% 在 ${range} 区间，总分最高 ${fmt(hit.maxTotal)} 分：${basis} ${fmt(total)} 封顶为 ${fmt(hit.maxTotal)}`
          : `执行率 ${fmt(rate)}% 在 ${range} 区间，总分最高 ${fmt(hit.maxTotal)} 分：${basis} ${fmt(total)} 未超过上限`;
      cap = { maxTotal: hit.maxTotal, reason };
      total = Math.min(total, hit.maxTotal);
    }
  }
  total = round2(Math.max(0, total));

  return {
    executionRate: exec.rate,
    executionScore: exec.score,
    executionExplanation: exec.explanation,
    indicators,
    indicatorTotal,
    rawTotal,
    applicableWeight,
    normalizedTotal,
    cap,
    total,
    grade: gradeFor(total, profile.grades),
    problems,
    weightCheck: checkWeights(profile, input.indicators),
  };
}

// ---------------------------------------------------------------------------------------------
// Suggested weights (SPEC §5.3 W3: the app distributes, the user may edit)

/**
 * Splits each level-1 weight evenly among its rows, two decimals, the rounding remainder on the
 * last row (50 among 3 → 16.67, 16.67, 16.66). Template A counts 成本 rows under 产出. A level-1
 * with no rows loses its weight (weightCheck reports it).
 */
export function suggestWeights(profile: RuleProfileBody, indicators: Pick<SelfEvalIndicatorInput, 'key' | 'level1' | 'level2'>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const g of level1Groups(profile)) {
    const rows = indicators.filter((r) => effectiveLevel1(profile, r.level1) === g);
    const n = rows.length;
    if (n === 0) continue;
    const cents = Math.round(level1Weight(profile, g) * 100);
    let each = Math.round(cents / n);
    if (each * (n - 1) > cents) each = Math.floor(cents / n);
    rows.forEach((r, i) => {
      out[r.key] = (i === n - 1 ? cents - each * (n - 1) : each) / 100;
    });
  }
  return out;
}
