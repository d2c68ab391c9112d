import type { SelfEvalDto, SelfEvalStatus } from '../../../../shared/api/dtoSelfEval.ts';
import type { MethodInput } from '../../../../shared/api/contract.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import type { RuleProfileBody } from '../../../../shared/domain/ruleProfile.ts';
import { parseWanToFen, formatWan } from '../../../../shared/rules/money.ts';
import { scoreSelfEvaluation, type QualitativeResult, type SelfEvalResult } from '../../../../shared/rules/selfEvaluation.ts';
import { parseTargetValue } from '../../../../shared/rules/targetValue.ts';
import { BASIC_FIELDS, unitBasicProblems, unitOverallMoney, type BasicField, type UnitBasicMoney, type UnitOverallMoney } from '../../../../shared/rules/unitOverallMoney.ts';

/** Tables a self-evaluation view reads (data.changed on any of them refreshes it). */
export const SELF_EVAL_TABLES = ['self_evaluations', 'self_eval_rows', 'self_eval_events', 'self_eval_evidence', 'attachments', 'projects', 'units', 'goal_sheets'];
export const PROFILE_TABLES = ['rule_profiles', 'rule_profile_versions', 'fiscal_years'];
export const FINANCE_ROLES: readonly Role[] = ['performance', 'business'];

export const STATUS_COLORS: Record<SelfEvalStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  deptApproved: 'indigo',
  returned: 'red',
  accepted: 'teal',
};

export const GRADE_COLORS: Record<string, string> = { excellent: 'teal', good: 'blue', fair: 'orange', low: 'red', poor: 'red' };

export interface RowState {
  seq: number;
  weight: string;
  actualText: string;
  notApplicable: boolean;
  qualitativeResult: QualitativeResult | null;
  manualScore: string;
  targetTooLow: boolean;
  deviationReason: string;
}

export interface FormState {
  executed: string;
  executedFiscal: string;
  executedCarryover: string;
  executedOther: string;
  /** 部门整体 sheets: 基本支出 as typed (万元). */
  basic: Record<BasicField, string>;
  goalCompletion: string;
  rows: RowState[];
}

const wan = (fen: number | null) => (fen === null ? '' : formatWan(fen).replace(/,/g, ''));
const numText = (n: number | null) => (n === null ? '' : String(n));

export function formFromEval(e: SelfEvalDto): FormState {
  return {
    executed: wan(e.executedFen),
    executedFiscal: wan(e.executedFiscalFen),
    executedCarryover: wan(e.executedCarryoverFen),
    executedOther: wan(e.executedOtherFen),
    basic: Object.fromEntries(BASIC_FIELDS.map((f) => [f, wan(e.unitOverall?.basic[f] ?? null)])) as Record<BasicField, string>,
    goalCompletion: e.goalCompletion,
    rows: e.rows.map((r) => ({
      seq: r.seq, weight: String(r.weight), actualText: r.actualText, notApplicable: r.notApplicable, qualitativeResult: r.qualitativeResult,
      manualScore: numText(r.manualScore), targetTooLow: r.targetTooLow, deviationReason: r.deviationReason,
    })),
  };
}

export const sameForm = (a: FormState, b: FormState) => JSON.stringify(a) === JSON.stringify(b);

/** 万元 text → 分: null when empty, undefined when unreadable. */
export function parseMoney(text: string): number | null | undefined {
  if (!text.trim()) return null;
  return parseWanToFen(text) ?? undefined;
}

/** A number typed in a score or weight cell: null when empty, undefined when unreadable. */
export function parseNum(text: string): number | null | undefined {
  const t = text.trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** The actual value of a 定量 row as the backend will read it (null when empty or unreadable). */
export function actualOf(e: SelfEvalDto, r: RowState): { value: number | null; error: string | null } {
  const row = e.rows.find((x) => x.seq === r.seq);
  if (!row || row.valueType !== 'quantitative' || !r.actualText.trim() || r.notApplicable) return { value: null, error: null };
  const parsed = parseTargetValue(r.actualText, { operator: row.operator, unit: row.unit, valueType: 'quantitative' });
  if (!parsed.ok) return { value: null, error: parsed.message };
  if (row.unit && parsed.value.unit && parsed.value.unit !== row.unit) return { value: null, error: `计量单位“${parsed.value.unit}”与指标的计量单位“${row.unit}”不一致` };
  return { value: parsed.value.value, error: null };
}

/** Errors the backend would refuse at save, by field (so 保存 stays off until they are fixed). */
export function formErrors(e: SelfEvalDto, f: FormState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of BASIC_FIELDS) {
    if (parseMoney(f.basic[k]) === undefined) out[`basic.${k}`] = '金额格式有误';
  }
  for (const k of ['executed', 'executedFiscal', 'executedCarryover', 'executedOther'] as const) {
    if (parseMoney(f[k]) === undefined) out[k] = '金额格式有误';
  }
  const total = parseMoney(f.executed);
  const parts = [parseMoney(f.executedFiscal), parseMoney(f.executedCarryover), parseMoney(f.executedOther)];
  if (typeof total === 'number' && parts.every((p) => typeof p === 'number')) {
    const sum = parts.reduce<number>((s, p) => s + (p ?? 0), 0);
    if (sum !== total) out.executed = `应等于分来源之和 ${formatWan(sum)}`;
  }
  f.rows.forEach((r, i) => {
    const w = parseNum(r.weight);
    if (w === undefined || w === null || w < 0 || w > 100) out[`rows.${i}.weight`] = '分值应为 0–100 的数字';
    const m = parseNum(r.manualScore);
    if (m === undefined || (typeof m === 'number' && (m < 0 || (typeof w === 'number' && m > w)))) out[`rows.${i}.manualScore`] = '得分应在 0 与分值之间';
    const a = actualOf(e, r);
    if (a.error) out[`rows.${i}.actualText`] = a.error;
  });
  return out;
}

const moneyOrNull = (t: string) => {
  const v = parseMoney(t);
  return typeof v === 'number' ? v : null;
};

/** The 基本支出 on screen (unreadable figures count as not entered). */
export const basicOfForm = (f: FormState): UnitBasicMoney => Object.fromEntries(BASIC_FIELDS.map((k) => [k, moneyOrNull(f.basic[k])])) as UnitBasicMoney;

/**
 * 部门整体: the money lines of what is on screen. An editable sheet uses the projects as they are
 * now (saving refreshes the stored project part to them); a read-only one its stored figures.
 */
export function liveUnitMoney(e: SelfEvalDto, f: FormState, editable: boolean): UnitOverallMoney | null {
  const u = e.unitOverall;
  if (!u) return null;
  return editable ? unitOverallMoney(basicOfForm(f), u.projectNow) : u.money;
}

/** The 全年预算数 and 全年执行数 the execution score is computed from (null executed: not complete). */
export function liveExecution(e: SelfEvalDto, f: FormState, editable: boolean): { annualFen: number; executedFen: number | null } {
  const unit = liveUnitMoney(e, f, editable);
  if (unit) return { annualFen: unit.total.annualFen, executedFen: unit.total.executedFen };
  return { annualFen: e.annual.totalFen, executedFen: moneyOrNull(f.executed) };
}

/** Live scores of what is on screen, with the evaluation's profile version. */
export function liveResult(profile: RuleProfileBody, e: SelfEvalDto, f: FormState, editable = true): SelfEvalResult {
  const money = liveExecution(e, f, editable);
  return scoreSelfEvaluation(profile, {
    annualBudgetFen: money.annualFen,
    executedFen: money.executedFen ?? 0,
    indicators: e.rows.map((row, i) => {
      const r = f.rows[i];
      const w = r ? parseNum(r.weight) : null;
      const m = r ? parseNum(r.manualScore) : null;
      return {
        key: String(row.seq), level1: row.level1, level2: row.level2, name: row.name, valueType: row.valueType, operator: row.operator,
        targetValue: row.targetValue, unit: row.unit, weight: typeof w === 'number' ? w : 0, actualValue: r ? actualOf(e, r).value : null,
        notApplicable: r?.notApplicable ?? false, qualitativeResult: row.valueType === 'qualitative' ? (r?.qualitativeResult ?? null) : null,
        manualScore: typeof m === 'number' ? m : null, targetTooLow: r?.targetTooLow ?? false,
      };
    }),
  });
}

export type Problem = SelfEvalDto['problems'][number];

/** The submission problems of what is on screen (mirrors the backend's evalProblems). */
export function liveProblems(e: SelfEvalDto, f: FormState, result: SelfEvalResult): Problem[] {
  const out: Problem[] = [];
  if (e.unitOverall) out.push(...unitBasicProblems(basicOfForm(f)).map((p) => ({ seq: null, ...p })));
  else if (parseMoney(f.executed) === null) out.push({ seq: null, field: 'executedFen', message: '请填写全年执行数' });
  e.rows.forEach((row, i) => {
    const s = result.indicators[i];
    const r = f.rows[i];
    if (!s || !r) return;
    for (const p of s.problems) out.push({ seq: row.seq, field: `rows.${i}.${row.valueType === 'qualitative' ? 'manualScore' : 'actualText'}`, message: `“${row.name}”：${p}` });
    if (s.flags.includes('explanationRequired') && !r.deviationReason.trim()) {
      out.push({ seq: row.seq, field: `rows.${i}.deviationReason`, message: `“${row.name}”请填写偏差原因分析及改进措施` });
    }
  });
  return out;
}

export function toSaveInput(e: SelfEvalDto, rev: number, f: FormState): MethodInput<'selfEval.save'> {
  const money = moneyOrNull;
  // A 部门整体 sheet sends its 基本支出; its 全年执行数 is derived by the backend.
  const unit = e.unitOverall !== null;
  return {
    id: e.id, rev,
    executedFen: unit ? null : money(f.executed),
    executedFiscalFen: unit ? null : money(f.executedFiscal),
    executedCarryoverFen: unit ? null : money(f.executedCarryover),
    executedOtherFen: unit ? null : money(f.executedOther),
    basic: unit ? basicOfForm(f) : null,
    goalCompletion: f.goalCompletion,
    rows: f.rows.map((r) => {
      const w = parseNum(r.weight);
      const m = parseNum(r.manualScore);
      return {
        seq: r.seq, weight: typeof w === 'number' ? w : 0, actualText: r.actualText.trim(), notApplicable: r.notApplicable, qualitativeResult: r.qualitativeResult,
        manualScore: typeof m === 'number' ? m : null, targetTooLow: r.targetTooLow, deviationReason: r.deviationReason.trim(),
      };
    }),
  };
}

export const fmt2 = (n: number | null | undefined) => (typeof n === 'number' ? n.toFixed(2) : '—');
export const pct = (n: number | null | undefined) => (typeof n === 'number' ? `${n.toFixed(2)}%` : '—');
/** Weights as people write them: 50, 16.67. */
export const points = (n: number) => String(Number(n.toFixed(2)));

/** Scrolls to and focuses the form field a problem points at. */
export function focusField(field: string): void {
  const el = document.querySelector<HTMLElement>(`[data-se-field="${CSS.escape(field)}"]`);
  if (!el) return;
  el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  const input = el.matches('input, textarea, select') ? el : el.querySelector<HTMLElement>('input, textarea');
  input?.focus({ preventScroll: true });
}
