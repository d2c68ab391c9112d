import type {
  Likelihood, MonitoringRoundDto, MonitoringSheetDto, MonitoringSheetStatus, MonitoringValueDto, ProgressLight, WarningLevel,
} from '../../../../shared/api/dtoMonitoring.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import type { RuleProfileBody } from '../../../../shared/domain/ruleProfile.ts';
import { formatWan, parseWanToFen } from '../../../../shared/rules/money.ts';
import {
  LIKELIHOOD_LABELS, evaluateMonitoring, requiresCorrectiveMeasures, type MonitoringIndicatorInput, type MonitoringResult,
} from '../../../../shared/rules/monitoring.ts';
import { parseTargetValue } from '../../../../shared/rules/targetValue.ts';

/**
 * The 监控表 screens' working state and its conversions to and from the API. Pure functions
 * only: the pages stay about layout, the warning rules live in shared/rules/monitoring.ts.
 */

/** Tables a round or a sheet is read from, so any committed change to them refetches it. */
export const ROUND_TABLES = ['monitoring_rounds', 'monitoring_sheets', 'monitoring_warnings', 'goal_sheets', 'projects', 'units', 'fiscal_years'];
export const SHEET_TABLES = [
  'monitoring_rounds', 'monitoring_sheets', 'monitoring_values', 'monitoring_events', 'monitoring_warnings', 'monitoring_decisions',
  'rectifications', 'projects', 'project_tags', 'units', 'goal_sheets',
];
export const PROFILE_TABLES = ['rule_profiles', 'rule_profile_versions', 'fiscal_years'];

/** Who runs rounds, fills in sheets on the units' behalf, accepts them and decides (业务股室, 绩效股). */
export const FINANCE_ROLES: readonly Role[] = ['performance', 'business'];

export const SHEET_STATUS_COLORS: Record<MonitoringSheetStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  returned: 'red',
  accepted: 'teal',
};
export const LEVEL_COLORS: Record<WarningLevel, string> = { yellow: 'yellow', red: 'red' };
export const KIND_COLORS = { self: 'blue', key: 'orange' } as const;

/** "1–6月" (or "1月"): the period a round covers, as the backend writes it. */
export const periodLabel = (month: number) => (month === 1 ? '1月' : `1–${month}月`);

/** A rate as shown in tables: "30.00%", or — when there is none. */
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(2)}%`);

/**
 * Fen as 万元 text for an input, exact (up to 6 decimals, at least 2): the figure goes back through
 * parseWanToFen on save, so rounding it for display would silently change an imported amount.
 */
export function fenToWanInput(fen: number | null): string {
  if (fen === null) return '';
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 1_000_000);
  let frac = String(abs % 1_000_000).padStart(6, '0');
  while (frac.length > 2 && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/**
 * A 定量 row's 1–N月 or full-year value as typed ("600", "600人次", "≥600" → 600), read exactly as
 * the backend reads it on save: like a target cell, with the row's operator and unit as hints.
 * `error` is the reason saving would refuse it; '' = not entered.
 */
export function readValue(text: string, row: Pick<MonitoringValueDto, 'operator' | 'unit'>): { value: number | null; error: string | null } {
  const t = text.trim();
  if (!t) return { value: null, error: null };
  const parsed = parseTargetValue(t, { operator: row.operator, unit: row.unit, valueType: 'quantitative' });
  if (!parsed.ok) return { value: null, error: parsed.message };
  const v = parsed.value;
  if (row.unit && v.unit && v.unit !== row.unit) return { value: null, error: `计量单位“${v.unit}”与指标的计量单位“${row.unit}”不一致` };
  return { value: v.value, error: null };
}

export const readNumber = (text: string, row: Pick<MonitoringValueDto, 'operator' | 'unit'>) => readValue(text, row).value;

// ------------------------------------------------------------------------------------ form state

export interface ValueRowState {
  seq: number;
  actualText: string;
  expectedText: string;
  progress: ProgressLight | null;
  causes: string[];
  causeNote: string;
  likelihood: Likelihood | null;
  measure: string;
}

export interface SheetFormState {
  executed: string;
  executedFiscal: string;
  executedOther: string;
  expectedFullYear: string;
  goalProgress: string;
  expectedGoal: string;
  values: ValueRowState[];
}

export function valueRowFromDto(v: MonitoringValueDto): ValueRowState {
  return {
    seq: v.seq,
    actualText: v.actualText || (v.actualValue !== null ? String(v.actualValue) : ''),
    expectedText: v.expectedText || (v.expectedValue !== null ? String(v.expectedValue) : ''),
    progress: v.progress,
    causes: [...v.causes],
    causeNote: v.causeNote,
    likelihood: v.likelihood,
    measure: v.measure,
  };
}

export function formFromSheet(s: MonitoringSheetDto): SheetFormState {
  return {
    executed: fenToWanInput(s.executedFen),
    executedFiscal: fenToWanInput(s.executedFiscalFen),
    executedOther: fenToWanInput(s.executedOtherFen),
    expectedFullYear: fenToWanInput(s.expectedFullYearFen),
    goalProgress: s.goalProgress,
    expectedGoal: s.expectedGoal,
    values: s.values.map(valueRowFromDto),
  };
}

const comparable = (f: SheetFormState) => ({
  ...f,
  executed: parseMoney(f.executed),
  executedFiscal: parseMoney(f.executedFiscal),
  executedOther: parseMoney(f.executedOther),
  expectedFullYear: parseMoney(f.expectedFullYear),
  goalProgress: f.goalProgress.trim(),
  expectedGoal: f.expectedGoal.trim(),
  values: f.values.map((v) => ({ ...v, actualText: v.actualText.trim(), expectedText: v.expectedText.trim(), causeNote: v.causeNote.trim(), measure: v.measure.trim() })),
});
export const sameForm = (a: SheetFormState, b: SheetFormState) => JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));

/** An amount input: empty → null; unreadable → undefined (an error to show). */
export function parseMoney(text: string): number | null | undefined {
  if (!text.trim()) return null;
  return parseWanToFen(text) ?? undefined;
}

/** Field-level problems of the money inputs, keyed by the form field. */
export function moneyErrors(f: SheetFormState): Partial<Record<'executed' | 'executedFiscal' | 'executedOther' | 'expectedFullYear', string>> {
  const out: Partial<Record<'executed' | 'executedFiscal' | 'executedOther' | 'expectedFullYear', string>> = {};
  for (const k of ['executed', 'executedFiscal', 'executedOther', 'expectedFullYear'] as const) {
    const v = parseMoney(f[k]);
    if (v === undefined) out[k] = '请输入金额（万元），最多 6 位小数';
    else if (v !== null && v < 0) out[k] = '金额不能为负数';
  }
  const total = parseMoney(f.executed);
  const fiscal = parseMoney(f.executedFiscal);
  const other = parseMoney(f.executedOther);
  // The backend's rule: with both parts entered, the total must be their sum.
  if (!out.executed && total !== undefined && typeof fiscal === 'number' && typeof other === 'number' && fiscal + other !== total) {
    out.executed = `应等于财政拨款与其他资金之和（${formatWan(fiscal + other, 6).replace(/0{1,4}$/, '')} 万元）`;
  }
  return out;
}

/** What monitoring.saveSheet receives. */
export function toSaveInput(sheetId: string, rev: number, f: SheetFormState) {
  const money = (t: string) => {
    const v = parseMoney(t);
    return typeof v === 'number' ? v : null;
  };
  return {
    sheetId,
    rev,
    executedFen: money(f.executed),
    executedFiscalFen: money(f.executedFiscal),
    executedOtherFen: money(f.executedOther),
    expectedFullYearFen: money(f.expectedFullYear),
    goalProgress: f.goalProgress.trim(),
    expectedGoal: f.expectedGoal.trim(),
    values: f.values.map((v) => ({
      seq: v.seq,
      actualText: v.actualText.trim(),
      expectedText: v.expectedText.trim(),
      progress: v.progress,
      causes: v.causes,
      causeNote: v.causeNote.trim(),
      likelihood: v.likelihood,
      measure: v.measure.trim(),
    })),
  };
}

// ------------------------------------------------------------------------------------ live preview

/** Rules that need a 1–N月执行数: silent until one is entered (as the backend evaluates). */
const EXECUTION_RULES: ReadonlySet<string> = new Set(['nodeFloor', 'timeGap', 'targetExecutionGap', 'keySelection']);

/**
 * The warning engine run on what is on screen, with the round's own profile version, the way the
 * backend evaluates a stored sheet (services/monitoringSheets.ts runEngine): without an 执行数 the
 * engine runs on 0 and the execution-based figures and rules are dropped, so what the officer
 * sees while typing is what saving will store.
 */
export function livePreview(profile: RuleProfileBody, sheet: MonitoringSheetDto, f: SheetFormState): MonitoringResult {
  const executed = parseMoney(f.executed);
  const hasExecution = typeof executed === 'number';
  const bySeq = new Map(f.values.map((v) => [v.seq, v]));
  const indicators: MonitoringIndicatorInput[] = sheet.values.map((d) => {
    const v = bySeq.get(d.seq);
    const quantitative = d.valueType === 'quantitative';
    return {
      name: d.name,
      valueType: d.valueType,
      operator: d.operator,
      targetValue: d.targetValue,
      actualValue: quantitative && v ? readNumber(v.actualText, d) : null,
      expectedValue: quantitative && v ? readNumber(v.expectedText, d) : null,
      progress: quantitative ? null : (v?.progress ?? null),
      likelihood: v?.likelihood ?? null,
    };
  });
  const result = evaluateMonitoring(profile, {
    year: sheet.round.year,
    month: sheet.round.month,
    initialBudgetFen: sheet.initialBudgetFen,
    annualBudgetFen: sheet.annualBudgetFen,
    executedFen: hasExecution ? executed : 0,
    indicators,
  });
  if (hasExecution) return result;
  const warnings = result.warnings.filter((w) => !EXECUTION_RULES.has(w.rule));
  const level = warnings.some((w) => w.level === 'red') ? 'red' : warnings.length > 0 ? 'yellow' : null;
  return { ...result, executionRate: null, gapPoints: null, relativeDeviation: null, keySelected: false, keyReason: null, warnings, level, notes: result.notes.filter((n) => !n.includes('无法计算执行率')) };
}

/** 纠偏措施 is required for a row rated 有可能 or 完全不可能 (SPEC §6.3). */
export const measureMissing = (v: ValueRowState) => requiresCorrectiveMeasures(v.likelihood) && v.measure.trim() === '';

export interface SheetProblem {
  seq: number | null;
  field: string;
  message: string;
  /** Saving would be refused too (an unreadable amount or value), not only submitting. */
  blocksSave?: boolean;
}

/**
 * What keeps the sheet from being submitted, for the form as typed, in the backend's words
 * (services/monitoringSheets.ts sheetProblems), plus what saving would refuse (unreadable values).
 */
export function formProblems(sheet: MonitoringSheetDto, f: SheetFormState): SheetProblem[] {
  const period = periodLabel(sheet.round.month);
  const out: SheetProblem[] = [];
  const money = moneyErrors(f);
  const executed = parseMoney(f.executed);
  if (executed === null) out.push({ seq: null, field: 'executedFen', message: `请填写${period}执行数` });
  const MONEY_LABELS = { executed: `${period}执行数`, executedFiscal: '财政拨款执行数', executedOther: '其他资金执行数', expectedFullYear: '全年预计执行数' } as const;
  for (const [k, m] of Object.entries(money) as [keyof typeof MONEY_LABELS, string][]) out.push({ seq: null, field: `${k}Fen`, message: `${MONEY_LABELS[k]}：${m}`, blocksSave: true });
  const bySeq = new Map(f.values.map((v) => [v.seq, v]));
  sheet.values.forEach((d) => {
    const v = bySeq.get(d.seq);
    if (!v) return;
    const name = `“${d.name}”`;
    if (d.valueType === 'quantitative') {
      const actual = readValue(v.actualText, d);
      const expected = readValue(v.expectedText, d);
      if (actual.error) out.push({ seq: d.seq, field: 'actualText', message: `${name}的${period}实际完成值：${actual.error}`, blocksSave: true });
      else if (actual.value === null) out.push({ seq: d.seq, field: 'actualText', message: `${name}请填写${period}实际完成值` });
      if (expected.error) out.push({ seq: d.seq, field: 'expectedText', message: `${name}的全年预计完成值：${expected.error}`, blocksSave: true });
      else if (expected.value === null) out.push({ seq: d.seq, field: 'expectedText', message: `${name}请填写全年预计完成值` });
    } else if (v.progress === null) {
      out.push({ seq: d.seq, field: 'progress', message: `${name}请选择${period}完成情况` });
    }
    if (v.likelihood === null) out.push({ seq: d.seq, field: 'likelihood', message: `${name}请选择完成目标可能性` });
    else if (measureMissing(v)) {
      out.push({ seq: d.seq, field: 'measure', message: `${name}完成目标可能性为“${LIKELIHOOD_LABELS[v.likelihood]}”，请填写纠偏措施` });
    }
  });
  return out;
}

/** Scrolls to what a problem points at and puts the cursor there. */
export function focusSheetField(seq: number | null, problemField: string): void {
  // The backend names row fields by position ("values.3.measure"); the form marks them by seq.
  const field = problemField.split('.').at(-1) ?? problemField;
  const el =
    (seq !== null ? document.querySelector<HTMLElement>(`[data-mon-field="${seq}:${field}"]`) : null) ??
    (seq !== null ? document.querySelector<HTMLElement>(`[data-mon-row="${seq}"]`) : null) ??
    document.querySelector<HTMLElement>(`[data-mon-field="${field}"]`);
  if (!el) return;
  el.scrollIntoView({ behavior: 'smooth', block: 'center' });
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.focus({ preventScroll: true });
  else el.animate([{ background: 'var(--mantine-color-yellow-1)' }, { background: 'transparent' }], { duration: 1600 });
}

/**
 * The round's revision for monitoring.updateRound. MonitoringRoundDto does not carry `rev` (yet);
 * until it does, 1 is sent and a stale write is refused by the backend like any conflict.
 */
export function roundRev(r: MonitoringRoundDto): number {
  return 'rev' in r && typeof r.rev === 'number' ? r.rev : 1;
}
