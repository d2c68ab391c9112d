import { OPERATOR_LABELS } from '../domain/indicators.ts';
import type { MonitoringRule, RuleProfileBody } from '../domain/ruleProfile.ts';
import { formatWan } from './money.ts';
import { round2 } from './rounding.ts';

/**
 * 绩效运行监控 warning engine ("双监控", SPEC §6.4): budget execution and goal completion side by
 * side, checked against the rules of the chosen profile (`profile.monitoring.rules`, in order).
 *
 * Definitions (SPEC §6.4):
 *   执行率(N)   = 1–N月执行数 ÷ 预算数 (全年预算数, or 年初预算数 — profile `executionBase`)
 *   时间进度(N) = N ÷ 12 (`months`) or elapsed days ÷ days in the year (`days`, leap years counted)
 *   进度差      = 时间进度 − 执行率 (percentage points; negative = ahead of time)
 *   相对偏差    = 进度差 ÷ 时间进度
 *
 * Rounding: every figure is computed from the exact fractions and rounded once, half-up to two
 * decimals (round2) — a gap is the rounded exact difference, not the difference of two rounded
 * rates, so on rare occasions the shown 进度差 differs by 0.01 from subtracting the shown rates
 * (the DECISIONS.md rule "round the total from the exact sum"). Thresholds are compared with the
 * *rounded* figures, as a person checking the form would: 39.995% shows as 40.00% and does not
 * fall below a 40% floor. "超过" (exceeds) is strict: a gap of exactly 20.00 does not warn.
 *
 * The engine is pure: the cut-off date comes in with the input, never from the clock.
 */

/** 完成目标可能性 (SPEC §6.3): 确定能 / 有可能 / 完全不可能. */
export type Likelihood = 'certain' | 'possible' | 'impossible';
/** Progress of a 定性 indicator, shown as a green / yellow / red light (SPEC §6.3 [SYS]). */
export type ProgressLight = 'achieved' | 'partial' | 'notAchieved';
export type WarningLevel = 'yellow' | 'red';

/** 处置措施 (SPEC §6.4 actions). */
export const DECISION_ACTIONS = [
  'remind',
  'interview',
  'rectify',
  'adjustGoal',
  'reduceBudget',
  'reallocate',
  'suspendPayment',
  'stopPayment',
  'recoverFunds',
  'suspendProject',
] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** Actions that move money: only 财政 roles may choose them, and each needs an amount. */
export const MONEY_ACTIONS: readonly DecisionAction[] = ['reduceBudget', 'reallocate', 'suspendPayment', 'stopPayment', 'recoverFunds'];

export function isMoneyAction(action: DecisionAction): boolean {
  return MONEY_ACTIONS.includes(action);
}

export const LIKELIHOOD_LABELS: Record<Likelihood, string> = {
  certain: '确定能',
  possible: '有可能',
  impossible: '完全不可能',
};

export const PROGRESS_LABELS: Record<ProgressLight, string> = {
  achieved: '达成目标',
  partial: '部分达成目标并具有一定效果',
  notAchieved: '未达成目标且效果较差',
};

/** The light a 定性 progress value shows as. */
export const PROGRESS_LIGHT_COLORS: Record<ProgressLight, 'green' | 'yellow' | 'red'> = {
  achieved: 'green',
  partial: 'yellow',
  notAchieved: 'red',
};

export const DECISION_ACTION_LABELS: Record<DecisionAction, string> = {
  remind: '提醒',
  interview: '约谈',
  rectify: '限期整改',
  adjustGoal: '调整绩效目标',
  reduceBudget: '调减预算',
  reallocate: '调剂',
  suspendPayment: '暂缓拨款',
  stopPayment: '停止拨款',
  recoverFunds: '收回资金',
  suspendProject: '暂停项目',
};

export const WARNING_LEVEL_LABELS: Record<WarningLevel, string> = {
  yellow: '黄色预警',
  red: '红色预警',
};

/** One row of the 执行监控表 (SPEC §6.3). */
export interface MonitoringIndicatorInput {
  name: string;
  valueType: 'quantitative' | 'qualitative';
  operator: '>=' | '<=' | '=' | '>' | '<' | 'qualitative';
  /** 年度指标值 (定量 only). */
  targetValue: number | null;
  /** 1–N月实际完成值. */
  actualValue: number | null;
  /** 全年预计完成值. */
  expectedValue: number | null;
  /** 定性 rows: 达成目标 / 部分达成 / 未达成. */
  progress: ProgressLight | null;
  likelihood: Likelihood | null;
}

export interface MonitoringInput {
  year: number;
  /** Cut-off month N (1–N月), 1..12. */
  month: number;
  /** YYYY-MM-DD inside `year`; only used when the profile counts time progress in days. Default: last day of month N. */
  asOf?: string;
  /** 年初预算数, 分. */
  initialBudgetFen: number;
  /** 全年预算数 (after adjustments), 分; 0 = not yet adjusted. */
  annualBudgetFen: number;
  /** 1–N月执行数, 分. */
  executedFen: number;
  indicators: MonitoringIndicatorInput[];
}

export interface MonitoringWarning {
  rule: MonitoringRule['kind'];
  /** Index of the rule in profile.monitoring.rules. */
  ruleIndex: number;
  level: WarningLevel;
  /** The indicator a per-row rule fired on; null for project-level rules. */
  indicator: string | null;
  /** Chinese, with the numbers, e.g. "1–6月执行率 30.00% 低于 6 月下限 40.00%". */
  message: string;
  /** The rounded figures and thresholds the message was built from. */
  numbers: Record<string, number>;
  suggestedActions: DecisionAction[];
}

export interface MonitoringResult {
  /** The budget the execution rate is measured against, 分 (after the annual → initial fallback). */
  baseFen: number;
  /** Which budget `baseFen` is. */
  base: 'annualBudget' | 'initialBudget';
  /** 执行率, % two decimals; null when the budget is 0. */
  executionRate: number | null;
  /** 时间进度, %. */
  timeProgress: number;
  /** 进度差 = 时间进度 − 执行率, percentage points; null without an execution rate. */
  gapPoints: number | null;
  /** 相对偏差 = 进度差 ÷ 时间进度, %; null without an execution rate. */
  relativeDeviation: number | null;
  /** 目标完成进度, % — see `targetProgress()`; null when no quantitative row has a target and an actual. */
  targetProgress: number | null;
  keySelected: boolean;
  keyReason: string | null;
  warnings: MonitoringWarning[];
  /** The worst warning level, null when nothing warns. */
  level: WarningLevel | null;
  /**
   * Remarks that are not warnings: rules skipped for a zero budget, the annual → initial budget
   * fallback, rows rated 有可能 (纠偏措施 required, SPEC §6.3) and rows whose 全年预计 misses the target.
   */
  notes: string[];
}

const DASH = '–';
const fmt = (n: number): string => round2(n).toFixed(2);
const quote = (name: string): string => `“${name.trim()}”`;

/** 纠偏措施 must be filled in when the likelihood is anything but 确定能 (SPEC §6.3). */
export function requiresCorrectiveMeasures(likelihood: Likelihood | null): boolean {
  return likelihood === 'possible' || likelihood === 'impossible';
}

// ---------------------------------------------------------------------------------------------
// Dates (UTC calendar arithmetic on YYYY-MM-DD strings; no clock, no time zone)

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parseDate(text: string): { y: number; m: number; d: number; ms: number } {
  const match = DATE_RE.exec(text);
  if (!match) throw new RangeError(`日期格式应为 YYYY-MM-DD：${text}`);
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`日期无效：${text}`);
  }
  return { y, m, d, ms };
}

function formatDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function checkMonth(month: number): void {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`截止月份应为 1–12 的整数：${month}`);
}

/** Last day of month N of `year`, YYYY-MM-DD. */
export function monthEnd(year: number, month: number): string {
  checkMonth(month);
  return formatDate(Date.UTC(year, month, 0));
}

/** Time progress as an exact fraction 0..1. */
function timeFraction(mode: 'months' | 'days', year: number, month: number, asOf?: string): number {
  checkMonth(month);
  if (mode === 'months') return month / 12;
  const date = parseDate(asOf ?? monthEnd(year, month));
  if (date.y !== year) throw new RangeError(`截止日期 ${asOf ?? ''} 不在监控年度 ${year} 年内`);
  const dayOfYear = Math.round((date.ms - Date.UTC(year, 0, 1)) / DAY_MS) + 1;
  return dayOfYear / (isLeapYear(year) ? 366 : 365);
}

/**
 * 时间进度 in %, two decimals. `months`: N ÷ 12. `days`: days elapsed up to and including
 * `asOf` (default: the last day of month N) ÷ days in the year (366 in leap years), so
 * 2024-06-30 → 182 ÷ 366 = 49.73%. `asOf` is ignored in `months` mode and must lie in `year`.
 */
export function timeProgress(mode: 'months' | 'days', year: number, month: number, asOf?: string): number {
  return round2(timeFraction(mode, year, month, asOf) * 100);
}

/**
 * The date `workingDays` working days after `from` (the day itself is not counted; 0 returns
 * `from`). Only Saturdays and Sundays are skipped: there is no holiday calendar, so statutory
 * holidays and 调休 working weekends are not known — a deadline across 国庆 or 春节 is early and
 * the office should extend it by hand.
 */
export function workingDaysDeadline(from: string, workingDays: number): string {
  if (!Number.isInteger(workingDays) || workingDays < 0) throw new RangeError(`工作日数应为非负整数：${workingDays}`);
  let ms = parseDate(from).ms;
  let left = workingDays;
  while (left > 0) {
    ms += DAY_MS;
    const weekday = new Date(ms).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return formatDate(ms);
}

/**
 * The end of the unit's decision window (四川: 10 working days to choose 继续执行 / 调剂 / 取消)
 * counted from the day the warning was issued; null when the profile sets no window.
 */
export function decisionDeadline(profile: RuleProfileBody, warnedOn: string): string | null {
  const days = profile.monitoring.decisionWindowWorkingDays;
  return days === null ? null : workingDaysDeadline(warnedOn, days);
}

// ---------------------------------------------------------------------------------------------
// Goal side

/**
 * Completion of one quantitative row, exact, in 0..100; null when it has no target or no actual.
 *   正向 (≥ >): actual ÷ target, capped at 100% (target 0 → 100%).
 *   反向 (≤ <): 100% while actual ≤ target; above it target ÷ actual (the R1 ratio), so
 *               every step over the limit lowers it (actual > 0 = target → 0%).
 *   等于 (=):   min ÷ max of actual and target (below: progress towards it; above: overshoot);
 *               target 0 → 100% only when actual is 0.
 * Strict > and < are read like ≥ and ≤: this is progress, not a pass/fail test.
 * Negative actuals count as 0.
 */
export function indicatorCompletion(ind: MonitoringIndicatorInput): number | null {
  if (ind.valueType !== 'quantitative' || ind.operator === 'qualitative') return null;
  if (ind.targetValue === null || ind.actualValue === null) return null;
  if (!Number.isFinite(ind.targetValue) || !Number.isFinite(ind.actualValue)) return null;
  const t = Math.max(0, ind.targetValue);
  const a = Math.max(0, ind.actualValue);
  let ratio: number;
  switch (ind.operator) {
    case '>=':
    case '>':
      ratio = t === 0 ? 1 : Math.min(a / t, 1);
      break;
    case '<=':
    case '<':
      ratio = a <= t ? 1 : t / a;
      break;
    case '=':
      ratio = a === t ? 1 : Math.min(a, t) / Math.max(a, t);
      break;
  }
  return ratio * 100;
}

/**
 * 目标完成进度: the plain mean of `indicatorCompletion` over the quantitative rows that have both
 * a target and a 1–N月 actual, rounded to two decimals; null when there is none. 定性 rows and
 * rows not yet measured are left out (定性 rows are judged by their light instead). Rate-type
 * rows (合格率 ≥95%, actual 92%) count with their level of completion, cumulative rows
 * (培训人次 ≥2000, actual 600) with their progress: the profile has no per-row weighting.
 */
export function targetProgress(indicators: readonly MonitoringIndicatorInput[]): number | null {
  const exact = targetProgressExact(indicators);
  return exact === null ? null : round2(exact);
}

function targetProgressExact(indicators: readonly MonitoringIndicatorInput[]): number | null {
  const values = indicators.map(indicatorCompletion).filter((v): v is number => v !== null);
  if (values.length === 0) return null;
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Whether a full-year value meets the row's target; null when it cannot be said. */
function meetsTarget(ind: MonitoringIndicatorInput, value: number): boolean | null {
  const t = ind.targetValue;
  if (t === null) return null;
  switch (ind.operator) {
    case '>=':
      return value >= t;
    case '>':
      return value > t;
    case '<=':
      return value <= t;
    case '<':
      return value < t;
    case '=':
      return value === t;
    case 'qualitative':
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The engine

/**
 * Evaluates one project's (or unit's) monitoring figures against the profile's rules, in order.
 *
 * Rules without an execution rate (budget 0) are skipped and a note says so: nodeFloor, timeGap,
 * targetExecutionGap and keySelection all need it. keySelection is not a warning: it sets
 * `keySelected` / `keyReason` (several matching rules join their reasons with "；").
 * 有可能 is not a warning by itself (it goes to `notes`, and 纠偏措施 are required).
 */
export function evaluateMonitoring(profile: RuleProfileBody, input: MonitoringInput): MonitoringResult {
  checkMonth(input.month);
  const m = profile.monitoring;
  const dp = profile.moneyDecimals;
  const notes: string[] = [];
  const N = input.month;
  const period = `1${DASH}${N}月`;

  // Budget base: 全年预算 falls back to 年初预算 while no annual figure has been set.
  let base: 'annualBudget' | 'initialBudget' = m.executionBase;
  let baseFen = m.executionBase === 'annualBudget' ? input.annualBudgetFen : input.initialBudgetFen;
  if (m.executionBase === 'annualBudget' && input.annualBudgetFen === 0 && input.initialBudgetFen !== 0) {
    base = 'initialBudget';
    baseFen = input.initialBudgetFen;
    notes.push('全年预算数为 0，按年初预算数计算执行率');
  }
  const baseLabel = base === 'annualBudget' ? '全年预算' : '年初预算';

  const tpExact = timeFraction(m.timeProgress, input.year, N, input.asOf) * 100;
  const erExact = baseFen === 0 ? null : (input.executedFen / baseFen) * 100;
  const gapExact = erExact === null ? null : tpExact - erExact;
  const relExact = gapExact === null || tpExact === 0 ? null : (gapExact / tpExact) * 100;
  const tgExact = targetProgressExact(input.indicators);

  const tp = round2(tpExact);
  const er = erExact === null ? null : round2(erExact);
  const gap = gapExact === null ? null : round2(gapExact);
  const rel = relExact === null ? null : round2(relExact);
  const tg = tgExact === null ? null : round2(tgExact);

  if (er === null) notes.push(`${baseLabel}数为 0，无法计算执行率，未检查与执行率有关的预警规则`);

  const warnings: MonitoringWarning[] = [];
  const keyReasons: string[] = [];

  m.rules.forEach((rule, ruleIndex) => {
    const warn = (w: Omit<MonitoringWarning, 'rule' | 'ruleIndex'>) => warnings.push({ rule: rule.kind, ruleIndex, ...w });
    switch (rule.kind) {
      case 'nodeFloor': {
        if (er === null) return;
        // The floor of the latest node not after N (四川: month 7 is held to the month-6 floor).
        let floor: { month: number; minRate: number } | null = null;
        for (const f of rule.floors) if (f.month <= N && (floor === null || f.month > floor.month)) floor = f;
        if (floor === null || !(er < floor.minRate)) return;
        warn({
          level: rule.level,
          indicator: null,
          message: `${period}执行率 ${fmt(er)}% 低于 ${floor.month} 月下限 ${fmt(floor.minRate)}%`,
          numbers: { month: N, executionRate: er, floorMonth: floor.month, minRate: floor.minRate },
          suggestedActions: rule.level === 'red' ? ['remind', 'rectify', 'suspendPayment'] : ['remind', 'rectify'],
        });
        return;
      }
      case 'timeGap': {
        if (er === null || gap === null) return;
        const overPoints = rule.maxGapPoints !== null && gap > rule.maxGapPoints;
        const overRelative = rule.maxRelativeDeviation !== null && rel !== null && rel > rule.maxRelativeDeviation;
        if (!overPoints && !overRelative) return;
        const lines: string[] = [];
        const numbers: Record<string, number> = { timeProgress: tp, executionRate: er, gapPoints: gap };
        if (rel !== null) numbers.relativeDeviation = rel;
        if (overPoints && rule.maxGapPoints !== null) {
          lines.push(`${fmt(rule.maxGapPoints)} 个百分点`);
          numbers.maxGapPoints = rule.maxGapPoints;
        }
        if (overRelative && rule.maxRelativeDeviation !== null) {
          lines.push(`${fmt(rule.maxRelativeDeviation)}%`);
          numbers.maxRelativeDeviation = rule.maxRelativeDeviation;
        }
        const relText = rel === null ? '' : `，相对偏差 ${fmt(rel)}%`;
        const limits = lines.join('和 ');
        warn({
          level: rule.level,
          indicator: null,
          message: `时间进度 ${fmt(tp)}%，执行率 ${fmt(er)}%，进度差 ${fmt(gap)} 个百分点${relText}，超过 ${limits}${limits.endsWith('%') ? ' ' : ''}的预警线`,
          numbers,
          suggestedActions: ['remind', 'rectify'],
        });
        return;
      }
      case 'targetExecutionGap': {
        if (er === null || tg === null || erExact === null || tgExact === null) return;
        const diff = round2(Math.abs(tgExact - erExact));
        if (!(diff > rule.maxGapPoints)) return;
        warn({
          level: rule.level,
          indicator: null,
          message: `目标完成进度 ${fmt(tg)}% 与预算执行率 ${fmt(er)}% 相差 ${fmt(diff)} 个百分点，超过 ${fmt(rule.maxGapPoints)} 个百分点`,
          numbers: { targetProgress: tg, executionRate: er, gapPoints: diff, maxGapPoints: rule.maxGapPoints },
          suggestedActions: ['rectify', 'adjustGoal'],
        });
        return;
      }
      case 'qualitativeLight': {
        for (const ind of input.indicators) {
          if (ind.valueType !== 'qualitative' || ind.progress === null || ind.progress === 'achieved') continue;
          const red = ind.progress === 'notAchieved';
          warn({
            level: red ? 'red' : 'yellow',
            indicator: ind.name.trim(),
            message: `${quote(ind.name)}进展为“${PROGRESS_LABELS[ind.progress]}”`,
            numbers: {},
            suggestedActions: red ? ['rectify', 'adjustGoal'] : ['remind'],
          });
        }
        return;
      }
      case 'impossible': {
        // SPEC §11.8: 有可能 is a yellow light that needs 纠偏措施; 完全不可能 fires at the rule's level.
        for (const ind of input.indicators) {
          if (ind.likelihood !== 'impossible' && ind.likelihood !== 'possible') continue;
          const numbers: Record<string, number> = {};
          if (ind.targetValue !== null) numbers.targetValue = ind.targetValue;
          if (ind.actualValue !== null) numbers.actualValue = ind.actualValue;
          if (ind.expectedValue !== null) numbers.expectedValue = ind.expectedValue;
          const impossible = ind.likelihood === 'impossible';
          warn({
            level: impossible ? rule.level : 'yellow',
            indicator: ind.name.trim(),
            message: impossible
              ? `${quote(ind.name)}预计全年${LIKELIHOOD_LABELS.impossible}完成`
              : `${quote(ind.name)}预计全年完成目标的可能性为“${LIKELIHOOD_LABELS.possible}”，须采取纠偏措施`,
            numbers,
            suggestedActions: impossible ? ['adjustGoal', 'reduceBudget'] : ['remind'],
          });
        }
        return;
      }
      case 'keySelection': {
        if (er === null || N < rule.month) return;
        if (baseFen >= rule.minAmountFen && er <= rule.maxRate) {
          keyReasons.push(
            `${baseLabel} ${formatWan(baseFen, dp)} 万元 ≥ ${formatWan(rule.minAmountFen, dp)} 万元，${period}执行率 ${fmt(er)}% ≤ ${fmt(rule.maxRate)}%，列入重点监控`,
          );
        }
        return;
      }
    }
  });

  for (const ind of input.indicators) {
    if (ind.likelihood === 'possible') {
      notes.push(`${quote(ind.name)}完成目标可能性为“${LIKELIHOOD_LABELS.possible}”，请填写纠偏措施`);
    }
    if (ind.valueType === 'quantitative' && ind.expectedValue !== null && meetsTarget(ind, ind.expectedValue) === false) {
      notes.push(`${quote(ind.name)}全年预计完成值 ${ind.expectedValue} 未达到年度指标值 ${OPERATOR_LABELS[ind.operator]}${ind.targetValue ?? ''}`);
    }
  }

  const level: WarningLevel | null = warnings.some((w) => w.level === 'red') ? 'red' : warnings.length > 0 ? 'yellow' : null;
  return {
    baseFen,
    base,
    executionRate: er,
    timeProgress: tp,
    gapPoints: gap,
    relativeDeviation: rel,
    targetProgress: tg,
    keySelected: keyReasons.length > 0,
    keyReason: keyReasons.length > 0 ? keyReasons.join('；') : null,
    warnings,
    level,
    notes,
  };
}
