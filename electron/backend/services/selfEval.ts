import { createHash } from 'node:crypto';
import type { MethodParsed } from '../../../shared/api/contract.ts';
import type {
  SelfEvalDto, SelfEvalIndicatorDto, SelfEvalRowDto, SelfEvalStatus, SelfEvalTransition,
} from '../../../shared/api/dtoSelfEval.ts';
import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';
import type { Role } from '../../../shared/domain/roles.ts';
import { SELF_EVAL_STATUS_LABELS, SELF_EVAL_TRANSITION_LABELS } from '../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../shared/rules/money.ts';
import { percent } from '../../../shared/rules/rounding.ts';
import {
  QUALITATIVE_RESULT_LABELS, scoreSelfEvaluation, suggestWeights, type SelfEvalIndicatorInput, type SelfEvalResult,
} from '../../../shared/rules/selfEvaluation.ts';
import { parseTargetValue } from '../../../shared/rules/targetValue.ts';
import type { Db } from '../db/connection.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { selfEvalFormSheet, type SelfEvalFormData } from '../files/selfEvalForms.ts';
import { fileDto, sanitizeSheetName, writeLaidOutWorkbook } from '../files/xlsx.ts';
import { findSheet as findGoalSheet } from '../repositories/goals.ts';
import { indicatorsOfGoalSheets } from '../repositories/monitoring.ts';
import { yearExists } from '../repositories/office.ts';
import {
  annualOf, countEvaluations, findEvalListRow, findEvaluation, initialOf, insertEvalEvent, insertEvalRows, insertEvaluation, insertEvidence,
  latestMonitoredExecution, listEvalEvents, listEvalRows, listEvidence, projectsToEvaluate, queryEvaluations, saveEvalRow, saveEvaluationEntry,
  saveEvaluationScores, saveUnitMoney, unitsToEvaluate, type EvalListRow, type EvalSeedRow, type SelfEvalIndicatorRow, type SelfEvaluationRow,
} from '../repositories/selfEval.ts';
import { setSetting } from '../repositories/library.ts';
import { findUnit, type UnitRow } from '../repositories/units.ts';
import { uuidv7 } from '../util/ids.ts';
import { resolveProfile, resolveProfileVersion, type ResolvedProfile } from './profiles.ts';
import { buildSelfEvalReport, outlineKey, readOutline } from './selfEvalReport.ts';
import { basicOf, newUnitMoney, NO_UNIT_MONEY, planUnitMoney, projectBasicErrors, unitMoneyProblems, unitOverallDto } from './selfEvalUnitMoney.ts';

/**
 * 单位自评 (SPEC §5.2–5.6, §7.3): one self-evaluation per project (and per unit overall) with an
 * approved goal, pre-filled from the goal (targets; weights suggested by the profile) and the
 * year's monitoring (全年执行数 from the latest monitored figure). Scores come from
 * shared/rules/selfEvaluation.ts with the profile version stored on the evaluation (fixed when
 * the evaluation is created, like a monitoring round, so a later profile change does not
 * re-judge it); every save stores the total, grade and that profile id + version.
 *
 *   draft/returned --submit--> submitted --deptApprove (主管部门)--> deptApproved --accept (财政, 绩效管理)--> accepted
 *   submitted/deptApproved --return (comment)--> returned
 */

type SelfEvalMethods =
  | 'selfEval.list' | 'selfEval.populate' | 'selfEval.get' | 'selfEval.save' | 'selfEval.transition' | 'selfEval.addEvidence' | 'selfEval.exportForm'
  | 'selfEval.report' | 'selfEval.getOutline' | 'selfEval.saveOutline';

export { SELF_EVAL_STATUS_LABELS };

const SELF_EVAL_ACTION_LABELS = SELF_EVAL_TRANSITION_LABELS;

const TABLES = ['self_evaluations', 'self_eval_rows'];
const FINANCE_ROLES: readonly Role[] = ['performance', 'business'];
const MAX_EVIDENCE_BYTES = 50 * 1024 * 1024;

// ---------------------------------------------------------------- the profile and the scores

const profileCache = new WeakMap<Db, Map<string, ResolvedProfile>>();

/** The profile version stored on the evaluation (versions are immutable: cached per connection). */
function evalProfile(db: Db, e: Pick<SelfEvaluationRow, 'profile_id' | 'profile_version'>): ResolvedProfile {
  let byKey = profileCache.get(db);
  if (!byKey) {
    byKey = new Map();
    profileCache.set(db, byKey);
  }
  const key = `${e.profile_id}@${e.profile_version}`;
  let p = byKey.get(key);
  if (!p) {
    p = resolveProfileVersion(db, e.profile_id, e.profile_version);
    byKey.set(key, p);
  }
  return p;
}

const rowKey = (seq: number) => String(seq);

function engineRow(r: SelfEvalIndicatorRow): SelfEvalIndicatorInput {
  return {
    key: rowKey(r.seq), level1: r.level1, level2: r.level2, name: r.name, valueType: r.value_type, operator: r.operator, targetValue: r.target_value,
    unit: r.unit, weight: r.weight, actualValue: r.actual_value, notApplicable: r.not_applicable === 1, qualitativeResult: r.qualitative_result,
    manualScore: r.manual_score, targetTooLow: r.target_too_low === 1,
  };
}

/** Runs the engine on stored figures (without a 全年执行数 the execution counts as 0 and is a problem). */
function computeResult(profile: ResolvedProfile, e: SelfEvaluationRow, rows: readonly SelfEvalIndicatorRow[]): SelfEvalResult {
  return scoreSelfEvaluation(profile.body, { annualBudgetFen: annualOf(e), executedFen: e.executed_fen ?? 0, indicators: rows.map(engineRow) });
}

/** Stores the totals and each row's score. Runs inside the caller's write. */
function storeScores(db: Db, e: SelfEvaluationRow, rows: readonly SelfEvalIndicatorRow[], at: string): SelfEvalResult {
  const profile = evalProfile(db, e);
  const result = computeResult(profile, e, rows);
  const byKey = new Map(result.indicators.map((s) => [s.key, s]));
  for (const r of rows) saveEvalRow(db, { ...r, score: byKey.get(rowKey(r.seq))?.score ?? null });
  const hasExecution = e.executed_fen !== null;
  saveEvaluationScores(db, {
    id: e.id,
    execution_rate: hasExecution ? result.executionRate : null,
    execution_score: hasExecution ? result.executionScore : null,
    // Without a 全年执行数 the total lacks its execution points: no total or grade is stored yet.
    raw_total: hasExecution ? result.rawTotal : null,
    normalized_total: hasExecution ? result.normalizedTotal : null,
    total: hasExecution ? result.total : null,
    grade: hasExecution ? result.grade : null,
    profile_id: profile.id,
    profile_version: profile.version,
    evaluated_at: at,
  });
  return result;
}

// ---------------------------------------------------------------- problems and workflow

type Problem = SelfEvalDto['problems'][number];

/**
 * What keeps an evaluation from being submitted: a 全年执行数, every applicable row scored (the
 * engine's problems: missing actuals, 定性 result and score outside its band …) and 偏差原因分析
 * where the engine flags `explanationRequired`. Weight warnings never block (SPEC §5.3 W4).
 */
function evalProblems(e: SelfEvaluationRow, rows: readonly SelfEvalIndicatorRow[], result: SelfEvalResult): Problem[] {
  const out: Problem[] = [];
  // A 部门整体 sheet's 全年执行数 is derived: what is missing are its 基本支出 figures.
  if (e.owner_type === 'unitOverall') out.push(...unitMoneyProblems(e).map((p) => ({ seq: null, ...p })));
  else if (e.executed_fen === null) out.push({ seq: null, field: 'executedFen', message: '请填写全年执行数' });
  rows.forEach((r, i) => {
    const s = result.indicators[i];
    if (!s) return;
    for (const p of s.problems) out.push({ seq: r.seq, field: `rows.${i}.${r.value_type === 'qualitative' ? 'manualScore' : 'actualText'}`, message: `“${r.name}”：${p}` });
    if (s.flags.includes('explanationRequired') && !r.deviation_reason) {
      out.push({ seq: r.seq, field: `rows.${i}.deviationReason`, message: `“${r.name}”请填写偏差原因分析及改进措施` });
    }
  });
  if (rows.length === 0) out.push({ seq: null, field: 'rows', message: '没有绩效指标，请先在绩效目标中设置指标' });
  return out;
}

function allowedTransitions(e: Pick<SelfEvaluationRow, 'origin' | 'status'>, role: Role | undefined, origin: string): SelfEvalTransition[] {
  if (e.origin !== origin || role === undefined || !FINANCE_ROLES.includes(role)) return [];
  switch (e.status) {
    case 'draft':
    case 'returned':
      return ['submit'];
    case 'submitted':
      return ['deptApprove', 'return'];
    case 'deptApproved':
      return role === 'performance' ? ['accept', 'return'] : ['return'];
    case 'accepted':
      return [];
  }
}

// ---------------------------------------------------------------- DTOs

const evalTitle = (r: Pick<EvalListRow, 'project_id' | 'project_name' | 'unit_name'>) => (r.project_id ? (r.project_name ?? '') : `${r.unit_name} 部门整体支出`);

function toRowDto(r: EvalListRow, origin: string): SelfEvalRowDto {
  return {
    id: r.id, origin: r.origin, readOnly: r.origin !== origin, year: r.year, ownerType: r.owner_type, projectId: r.project_id, projectCode: r.project_code,
    title: evalTitle(r), unitId: r.unit_id, unitName: r.unit_name, status: r.status, annualBudgetFen: annualOf(r), executedFen: r.executed_fen,
    executionRate: r.executed_fen === null ? null : percent(r.executed_fen, annualOf(r)), total: r.total, grade: r.grade, updatedAt: r.updated_at,
  };
}

function toIndicatorDto(r: SelfEvalIndicatorRow): SelfEvalIndicatorDto {
  return {
    seq: r.seq, indicatorId: r.indicator_id, level1: r.level1, level2: r.level2, name: r.name, valueType: r.value_type, operator: r.operator,
    targetValue: r.target_value, targetText: r.target_text, unit: r.unit, weight: r.weight, actualValue: r.actual_value, actualText: r.actual_text,
    notApplicable: r.not_applicable === 1, qualitativeResult: r.qualitative_result, manualScore: r.manual_score, targetTooLow: r.target_too_low === 1,
    deviationReason: r.deviation_reason, score: r.score,
  };
}

/** The 主管部门 of a unit: its top ancestor (a 主管部门 is its own). */
function departmentOf(db: Db, unit: UnitRow): UnitRow {
  let cur = unit;
  for (let guard = 0; cur.parent_id && guard < 5; guard++) {
    const parent = findUnit(db, cur.parent_id);
    if (!parent) break;
    cur = parent;
  }
  return cur;
}

export function loadSelfEval(ctx: CallContext, id: string): SelfEvalDto {
  const row = findEvalListRow(ctx.db, id);
  if (!row) throw new AppFailure('NOT_FOUND', '自评表不存在。');
  const rows = listEvalRows(ctx.db, id);
  const result = computeResult(evalProfile(ctx.db, row), row, rows);
  const unit = findUnit(ctx.db, row.unit_id);
  const dept = unit ? departmentOf(ctx.db, unit) : undefined;
  const goal = findGoalSheet(ctx.db, row.goal_sheet_id);
  return {
    ...toRowDto(row, ctx.origin),
    goalSheetId: row.goal_sheet_id,
    profileId: row.profile_id,
    profileVersion: row.profile_version,
    department: dept ? `${dept.name}（${dept.code}）` : '',
    implementingUnit: unit?.name ?? '',
    initial: { totalFen: initialOf(row), fiscalFen: row.initial_fiscal_fen, carryoverFen: row.initial_carryover_fen, otherFen: row.initial_other_fen },
    annual: { totalFen: annualOf(row), fiscalFen: row.annual_fiscal_fen, carryoverFen: row.annual_carryover_fen, otherFen: row.annual_other_fen },
    executedFiscalFen: row.executed_fiscal_fen,
    executedCarryoverFen: row.executed_carryover_fen,
    executedOtherFen: row.executed_other_fen,
    unitOverall: unitOverallDto(ctx.db, row),
    annualGoal: goal?.annual_goal ?? '',
    goalCompletion: row.goal_completion,
    rows: rows.map(toIndicatorDto),
    result,
    rawTotal: row.raw_total,
    normalizedTotal: row.normalized_total,
    evidence: listEvidence(ctx.db, id).map((a) => ({ id: a.id, seq: a.seq, name: a.name, size: a.size, createdAt: a.created_at, createdBy: a.created_by })),
    events: listEvalEvents(ctx.db, id).map((e) => ({ at: e.at, username: e.username, action: e.action, fromStatus: e.from_status, toStatus: e.to_status, comment: e.comment })),
    problems: evalProblems(row, rows, result),
    allowed: allowedTransitions(row, ctx.user?.role, ctx.origin),
    rev: row.rev,
  };
}

function requireOwn(ctx: CallContext, id: string, verb: string): SelfEvaluationRow {
  const e = findEvaluation(ctx.db, id);
  if (!e) throw new AppFailure('NOT_FOUND', '自评表不存在。');
  if (e.origin !== ctx.origin) throw new AppFailure('CONFLICT', `该自评表来自其他单位的同步数据，只能查看，不能${verb}。`);
  return e;
}

const wrongStatus = (status: SelfEvalStatus, what: string) => new AppFailure('CONFLICT', `自评表当前状态为“${SELF_EVAL_STATUS_LABELS[status]}”，不能${what}。`);

// ---------------------------------------------------------------- populate

/**
 * 全年执行数 from the latest monitored figure: the total always; 财政拨款 when monitored; the
 * monitoring's 其他资金 (上年结转 + 其他) goes to whichever of the two the budget actually has.
 */
function executionFromMonitoring(ctx: CallContext, seed: EvalSeedRow, year: number) {
  const m = latestMonitoredExecution(ctx.db, seed, ctx.origin, year);
  if (!m) return { executed_fen: null, executed_fiscal_fen: null, executed_carryover_fen: null, executed_other_fen: null };
  const other = m.executed_other_fen;
  let carryover: number | null = null;
  let rest: number | null = null;
  if (other !== null && seed.annual_carryover_fen === 0) {
    carryover = 0;
    rest = other;
  } else if (other !== null && seed.annual_other_fen === 0) {
    carryover = other;
    rest = 0;
  }
  return { executed_fen: m.executed_fen, executed_fiscal_fen: m.executed_fiscal_fen, executed_carryover_fen: carryover, executed_other_fen: rest };
}

// ---------------------------------------------------------------- save

type SaveInput = MethodParsed<'selfEval.save'>;

function planSave(ctx: CallContext, e: SelfEvaluationRow, rows: readonly SelfEvalIndicatorRow[], input: SaveInput) {
  const errors: ErrorDetail[] = [];
  const dp = evalProfile(ctx.db, e).body.moneyDecimals;
  const { executedFen, executedFiscalFen, executedCarryoverFen, executedOtherFen } = input;
  const parts = [executedFiscalFen, executedCarryoverFen, executedOtherFen];
  const unit = e.owner_type === 'unitOverall' ? planUnitMoney(ctx.db, e, input, dp) : null;
  if (unit) errors.push(...unit.errors);
  else errors.push(...projectBasicErrors(input.basic));
  if (!unit && parts.some((p) => p !== null)) {
    if (executedFen === null) errors.push({ field: 'executedFen', message: '填写了分资金来源的执行数，请同时填写全年执行数总额' });
    else if (parts.every((p) => p !== null)) {
      const sum = parts.reduce<number>((s, p) => s + (p ?? 0), 0);
      if (sum !== executedFen) errors.push({ field: 'executedFen', message: `全年执行数应等于当年财政拨款、上年结转资金与其他资金执行数之和（${formatWan(sum, dp)} 万元）` });
    } else {
      const sum = parts.reduce<number>((s, p) => s + (p ?? 0), 0);
      if (sum > executedFen) errors.push({ field: 'executedFen', message: `分资金来源的执行数之和（${formatWan(sum, dp)} 万元）超过全年执行数` });
    }
  }
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  const seen = new Set<number>();
  const changed = new Map<number, SelfEvalIndicatorRow>();
  input.rows.forEach((v, i) => {
    const row = bySeq.get(v.seq);
    if (!row) {
      errors.push({ field: `rows.${i}.seq`, message: `第 ${i + 1} 行指标（序号 ${v.seq}）不在该自评表中，请刷新后再保存` });
      return;
    }
    if (seen.has(v.seq)) {
      errors.push({ field: `rows.${i}.seq`, message: `“${row.name}”重复填写` });
      return;
    }
    seen.add(v.seq);
    let actualValue: number | null = null;
    if (row.value_type === 'quantitative' && v.actualText && !v.notApplicable) {
      const parsed = parseTargetValue(v.actualText, { operator: row.operator, unit: row.unit, valueType: 'quantitative' });
      if (!parsed.ok) errors.push({ field: `rows.${i}.actualText`, message: `“${row.name}”的实际完成值：${parsed.message}` });
      else if (row.unit && parsed.value.unit && parsed.value.unit !== row.unit) {
        errors.push({ field: `rows.${i}.actualText`, message: `“${row.name}”的实际完成值：计量单位“${parsed.value.unit}”与指标的计量单位“${row.unit}”不一致` });
      } else actualValue = parsed.value.value;
    }
    if (v.manualScore !== null && v.manualScore > v.weight + 1e-9) {
      errors.push({ field: `rows.${i}.manualScore`, message: `“${row.name}”的得分 ${v.manualScore} 超过分值 ${v.weight}` });
    }
    changed.set(v.seq, {
      ...row,
      weight: v.weight,
      actual_text: v.actualText,
      actual_value: actualValue,
      not_applicable: v.notApplicable ? 1 : 0,
      qualitative_result: row.value_type === 'qualitative' ? v.qualitativeResult : null,
      manual_score: v.manualScore,
      target_too_low: v.targetTooLow ? 1 : 0,
      deviation_reason: v.deviationReason,
    });
  });
  if (errors.length) throw new AppFailure('VALIDATION', `自评表有 ${errors.length} 处填写有误：${errors[0]?.message ?? ''}`, errors);
  const next: SelfEvaluationRow = {
    ...e, executed_fen: executedFen, executed_fiscal_fen: executedFiscalFen, executed_carryover_fen: executedCarryoverFen, executed_other_fen: executedOtherFen,
    ...unit?.row, goal_completion: input.goalCompletion, updated_at: ctx.now().toISOString(),
  };
  return { next, merged: rows.map((r) => changed.get(r.seq) ?? r) };
}

/** What the audit log keeps: money, the completion text and one line per row. */
function contentSummary(e: SelfEvaluationRow, rows: readonly SelfEvalIndicatorRow[]) {
  return {
    executed_fen: e.executed_fen, executed_fiscal_fen: e.executed_fiscal_fen, executed_carryover_fen: e.executed_carryover_fen, executed_other_fen: e.executed_other_fen,
    ...(e.owner_type === 'unitOverall' ? { basic: basicOf(e), project_executed_fen: e.project_executed_fen, project_annual_fen: e.annual_fiscal_fen + e.annual_carryover_fen + e.annual_other_fen } : {}),
    goal_completion: e.goal_completion,
    rows: rows.map((r) => [
      `${r.name}：分值 ${r.weight}`,
      r.not_applicable ? '不适用' : r.value_type === 'qualitative' ? `${r.qualitative_result ? QUALITATIVE_RESULT_LABELS[r.qualitative_result] : '—'} ${r.manual_score ?? '—'}` : `实际 ${r.actual_text || '—'}`,
      r.target_too_low ? '目标偏低' : '',
      r.deviation_reason,
    ].filter(Boolean).join(' / ')),
  };
}

// ---------------------------------------------------------------- export

const dateOf = (iso: string) => iso.slice(0, 10);
const safeFileName = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]/g, '_').trim();

function formData(ctx: CallContext, d: SelfEvalDto): SelfEvalFormData {
  const project = d.ownerType === 'project';
  const scores = new Map(d.result.indicators.map((s) => [s.key, s]));
  return {
    objectType: d.ownerType,
    year: d.year,
    name: project ? d.title : d.unitName,
    department: d.department,
    implementingUnit: d.implementingUnit,
    initial: d.initial,
    annual: d.annual,
    executed: { totalFen: d.executedFen, fiscalFen: d.executedFiscalFen, carryoverFen: d.executedCarryoverFen, otherFen: d.executedOtherFen },
    unitMoney: d.unitOverall?.money ?? null,
    executionWeight: evalProfile(ctx.db, { profile_id: d.profileId, profile_version: d.profileVersion }).body.selfEvaluation.executionWeight,
    executionRate: d.executedFen === null ? null : d.result.executionRate,
    executionScore: d.executedFen === null ? null : d.result.executionScore,
    annualGoal: d.annualGoal,
    goalCompletion: d.goalCompletion,
    indicators: d.rows.map((r) => {
      const s = scores.get(rowKey(r.seq));
      const actual = r.notApplicable
        ? '不适用'
        : r.valueType === 'qualitative'
          ? [r.qualitativeResult ? QUALITATIVE_RESULT_LABELS[r.qualitativeResult] : '', r.actualText].filter(Boolean).join('：')
          : r.actualText;
      return {
        level1: r.level1, level2: r.level2, name: r.name, target: r.targetText.replace(/^=/, '＝'), actual: actual.replace(/^=/, '＝'),
        weight: r.weight, score: r.notApplicable ? null : (s?.score ?? null), deviation: r.deviationReason,
      };
    }),
    rawTotal: d.result.rawTotal,
    normalizedTotal: d.result.normalizedTotal,
    capReason: d.result.cap && d.result.cap.maxTotal < (d.result.normalizedTotal ?? d.result.rawTotal) ? d.result.cap.reason : null,
    total: d.result.total,
    grade: d.result.grade,
    footer: [
      `评分规则：规则方案 ${d.profileId} 第 ${d.profileVersion} 版`,
      `当前状态：${SELF_EVAL_STATUS_LABELS[d.status]}`,
      `导出日期：${dateOf(ctx.now().toISOString())}`,
    ].join('　　'),
  };
}

// ---------------------------------------------------------------- handlers

export const selfEvalHandlers: HandlerMap<SelfEvalMethods> = {
  'selfEval.list': (ctx, input) => {
    const { rows, total } = queryEvaluations(ctx.db, input, input.pageSize, (input.page - 1) * input.pageSize);
    return { rows: rows.map((r) => toRowDto(r, ctx.origin)), total };
  },

  'selfEval.populate': (ctx, { year }) => {
    if (!yearExists(ctx.db, year)) throw new AppFailure('NOT_FOUND', `${year} 年度不存在。`);
    const existing = countEvaluations(ctx.db, ctx.origin, year);
    const projects = projectsToEvaluate(ctx.db, ctx.origin, year);
    const units = unitsToEvaluate(ctx.db, ctx.origin, year);
    const seeds = [...units, ...projects];
    if (seeds.length === 0) return { created: 0, existing, projects: 0, units: 0 };
    const profile = resolveProfile(ctx.db, year);
    const indicators = indicatorsOfGoalSheets(ctx.db, seeds.map((s) => s.goal_sheet_id));
    const now = ctx.now();
    const at = now.toISOString();
    ctx.write([...TABLES, 'self_eval_events'], (tx) => {
      for (const s of seeds) {
        const id = uuidv7(now.getTime());
        const row = {
          id, origin: ctx.origin, year, owner_type: s.project_id ? ('project' as const) : ('unitOverall' as const), project_id: s.project_id, unit_id: s.unit_id,
          goal_sheet_id: s.goal_sheet_id, status: 'draft' as const,
          initial_fiscal_fen: s.initial_fiscal_fen, initial_carryover_fen: s.initial_carryover_fen, initial_other_fen: s.initial_other_fen,
          annual_fiscal_fen: s.annual_fiscal_fen, annual_carryover_fen: s.annual_carryover_fen, annual_other_fen: s.annual_other_fen,
          // A 部门整体 sheet's 全年执行数 is derived once its 基本支出 is entered; its project part comes from the projects.
          ...(s.project_id ? executionFromMonitoring(ctx, s, year) : { executed_fen: null, executed_fiscal_fen: null, executed_carryover_fen: null, executed_other_fen: null }),
          ...(s.project_id ? NO_UNIT_MONEY : newUnitMoney(ctx.db, ctx.origin, year, s.unit_id)),
          goal_completion: '', profile_id: profile.id, profile_version: profile.version, created_at: at, updated_at: at,
        };
        insertEvaluation(ctx.db, row);
        const goalRows = indicators.get(s.goal_sheet_id) ?? [];
        const weights = suggestWeights(profile.body, goalRows.map((g) => ({ key: rowKey(g.seq), level1: g.level1, level2: g.level2 })));
        const rows: SelfEvalIndicatorRow[] = goalRows.map((g) => ({
          evaluation_id: id, seq: g.seq, indicator_id: g.id, level1: g.level1, level2: g.level2, name: g.name, value_type: g.value_type, operator: g.operator,
          target_value: g.target_value, target_text: g.target_text, unit: g.unit, weight: weights[rowKey(g.seq)] ?? 0, actual_value: null, actual_text: '',
          not_applicable: 0, qualitative_result: null, manual_score: null, target_too_low: 0, deviation_reason: '', score: null,
        }));
        insertEvalRows(ctx.db, rows);
        const stored = findEvaluation(ctx.db, id);
        if (stored) storeScores(ctx.db, stored, rows, at);
      }
      tx.summary('self_evaluation', { year, created: seeds.length, projects: projects.length, units: units.length, profile: `${profile.id}@${profile.version}` });
    });
    return { created: seeds.length, existing, projects: projects.length, units: units.length };
  },

  'selfEval.get': (ctx, { id }) => loadSelfEval(ctx, id),

  'selfEval.save': (ctx, input) => {
    const e = requireOwn(ctx, input.id, '修改');
    if (e.status !== 'draft' && e.status !== 'returned') throw wrongStatus(e.status, '修改（只有草稿或被退回的自评表可以修改）');
    if (input.rev !== e.rev) throw new AppFailure('CONFLICT', '该自评表已被他人修改，请刷新后再保存');
    const rows = listEvalRows(ctx.db, e.id);
    const { next, merged } = planSave(ctx, e, rows, input);
    const at = ctx.now().toISOString();
    ctx.write(TABLES, (tx) => {
      saveEvaluationEntry(ctx.db, next);
      if (next.owner_type === 'unitOverall') saveUnitMoney(ctx.db, next);
      const result = storeScores(ctx.db, next, merged, at);
      tx.record('self_evaluation', e.id,
        { ...contentSummary(e, rows), total: e.total, grade: e.grade },
        { ...contentSummary(next, merged), total: result.total, grade: result.grade });
    });
    return loadSelfEval(ctx, e.id);
  },

  'selfEval.transition': (ctx, { id, transition, comment }) => {
    const e = requireOwn(ctx, id, SELF_EVAL_ACTION_LABELS[transition]);
    let to: SelfEvalStatus;
    switch (transition) {
      case 'submit': {
        if (e.status !== 'draft' && e.status !== 'returned') throw wrongStatus(e.status, '提交');
        const rows = listEvalRows(ctx.db, e.id);
        const problems = evalProblems(e, rows, computeResult(evalProfile(ctx.db, e), e, rows));
        if (problems.length) {
          throw new AppFailure('VALIDATION', `自评表有 ${problems.length} 处问题，不能提交：${problems[0]?.message ?? ''}`,
            problems.map((p) => ({ field: p.field, message: p.message })));
        }
        to = 'submitted';
        break;
      }
      case 'deptApprove':
        if (e.status !== 'submitted') throw wrongStatus(e.status, '主管部门审核（只有已提交的自评表可以审核）');
        to = 'deptApproved';
        break;
      case 'accept':
        if (ctx.user?.role !== 'performance') throw new AppFailure('FORBIDDEN', '财政验收由绩效管理岗办理。');
        if (e.status !== 'deptApproved') throw wrongStatus(e.status, '财政验收（须先经主管部门审核）');
        to = 'accepted';
        break;
      case 'return':
        if (e.status !== 'submitted' && e.status !== 'deptApproved') throw wrongStatus(e.status, '退回');
        to = 'returned';
        break;
    }
    const at = ctx.now().toISOString();
    ctx.write(['self_evaluations', 'self_eval_events'], (tx) => {
      saveEvaluationEntry(ctx.db, { ...e, status: to, updated_at: at });
      insertEvalEvent(ctx.db, {
        id: uuidv7(), evaluation_id: e.id, at, username: ctx.user?.username ?? '', action: SELF_EVAL_ACTION_LABELS[transition], from_status: e.status, to_status: to, comment,
      });
      tx.record('self_evaluation', e.id, { status: e.status, action: null, comment: null }, { status: to, action: SELF_EVAL_ACTION_LABELS[transition], comment: comment || null });
    });
    return loadSelfEval(ctx, e.id);
  },

  'selfEval.addEvidence': (ctx, { id, seq, file }) => {
    const e = requireOwn(ctx, id, '上传证据');
    if (e.status === 'accepted') throw wrongStatus(e.status, '上传证据');
    if (seq !== null && !listEvalRows(ctx.db, e.id).some((r) => r.seq === seq)) {
      throw new AppFailure('VALIDATION', `序号 ${seq} 的指标不在该自评表中。`, [{ field: 'seq', message: '指标不存在' }]);
    }
    const b64 = file.base64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) {
      throw new AppFailure('VALIDATION', `文件“${file.name}”的内容无法读取。`, [{ field: 'file', message: '文件内容格式无效' }]);
    }
    const content = Buffer.from(b64, 'base64');
    if (content.length === 0) throw new AppFailure('VALIDATION', `文件“${file.name}”是空文件。`, [{ field: 'file', message: '文件为空' }]);
    if (content.length > MAX_EVIDENCE_BYTES) throw new AppFailure('VALIDATION', `文件“${file.name}”超过 50 MB，不能作为证据附件。`, [{ field: 'file', message: '附件不能超过 50 MB' }]);
    const name = file.name.split(/[\\/]/).pop() || file.name;
    const row = {
      id: uuidv7(), origin: ctx.origin, evaluation_id: e.id, seq, name, mime: 'application/octet-stream', size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'), created_at: ctx.now().toISOString(), created_by: ctx.user?.username ?? '',
    };
    ctx.write(['attachments', 'attachment_blobs', 'self_eval_evidence'], (tx) => {
      insertEvidence(ctx.db, row, content);
      tx.record('attachment', row.id, null, { name, size: row.size, sha256: row.sha256, evaluation: e.id, seq });
    });
    return { id: row.id, seq, name, size: row.size, createdAt: row.created_at, createdBy: row.created_by };
  },

  'selfEval.exportForm': (ctx, { id }) => {
    const d = loadSelfEval(ctx, id);
    const sheet = selfEvalFormSheet(formData(ctx, d), sanitizeSheetName(d.projectCode ?? '部门整体'));
    const name = d.projectCode ? `项目支出绩效自评表-${d.projectCode}-${d.year}年.xlsx` : `部门整体支出绩效自评表-${d.unitName}-${d.year}年.xlsx`;
    return fileDto(safeFileName(name), writeLaidOutWorkbook([sheet]));
  },

  'selfEval.report': async (ctx, { id }) => {
    const d = loadSelfEval(ctx, id);
    const weight = evalProfile(ctx.db, { profile_id: d.profileId, profile_version: d.profileVersion }).body.selfEvaluation.executionWeight;
    return buildSelfEvalReport(d, readOutline(ctx.db, d.year), weight, ctx.now());
  },

  'selfEval.getOutline': (ctx, { year }) => readOutline(ctx.db, year),

  'selfEval.saveOutline': (ctx, { year, sections }) => {
    if (!yearExists(ctx.db, year)) throw new AppFailure('NOT_FOUND', `${year} 年度不存在。`);
    const before = readOutline(ctx.db, year);
    ctx.write(['settings'], (tx) => {
      setSetting(ctx.db, outlineKey(year), JSON.stringify(sections));
      tx.record('self_eval_report_outline', String(year), before.isDefault ? null : { sections: before.sections }, { sections });
    });
    return readOutline(ctx.db, year);
  },
};
