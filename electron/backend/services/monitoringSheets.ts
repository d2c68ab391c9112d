import { findProject } from '../repositories/projects.ts';
import { z } from 'zod';
import type {
  MonitoringDecisionDto, MonitoringKind, MonitoringObjectType, MonitoringRoundDto, MonitoringSheetDto, MonitoringSheetRowDto, MonitoringSheetStatus, MonitoringValueDto,
  MonitoringWarningDto,
} from '../../../shared/api/dtoMonitoring.ts';
import { AppFailure } from '../../../shared/api/result.ts';
import type { Role } from '../../../shared/domain/roles.ts';
import type { FundTag } from '../../../shared/domain/projects.ts';
import { MONITORING_KIND_LABELS } from '../../../shared/i18n/zh-CN.ts';
import {
  evaluateMonitoring, requiresCorrectiveMeasures, type MonitoringInput, type MonitoringResult,
} from '../../../shared/rules/monitoring.ts';
import type { Db } from '../db/connection.ts';
import type { CallContext } from '../context.ts';
import { findSheet as findGoalSheet } from '../repositories/goals.ts';
import { getSetting } from '../repositories/library.ts';
import {
  countMissing, findMonitoringSheet, findRound, findSheetListRow, insertMonitoringSheet, insertPrefilledValues, listDecisions, listMonitoringEvents,
  listSheetWarnings, listValues, replaceWarnings, roundCounts, saveEvaluation, type MonitoringDecisionRow, type MonitoringRoundRow,
  type MonitoringSheetRow, type MonitoringValueRow, type MonitoringWarningRow, type SheetListRow,
} from '../repositories/monitoring.ts';
import type { GoalIndicatorRow } from '../repositories/goals.ts';
import { uuidv7 } from '../util/ids.ts';
import { resolveProfileVersion, type ResolvedProfile } from './profiles.ts';

/**
 * Shared pieces of 绩效运行监控 (SPEC §6): labels, the round DTO, evaluating a sheet with the
 * warning engine, what keeps a sheet from being submitted, the sheet DTO and pre-filling sheets
 * from approved goals. Used by services/monitoring.ts (rounds, entry, workflow) and by the
 * execution import, decisions and exports (services/monitoringOps.ts).
 */

export const MONITORING_STATUS_LABELS: Record<MonitoringSheetStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  accepted: '已审核',
};

/** What each workflow step is called in the history (monitoring_events.action). */
export const MONITORING_ACTION_LABELS = { submit: '提交', return: '退回', accept: '审核通过' } as const;

export const MONITORING_OBJECT_LABELS: Record<MonitoringObjectType, string> = { project: '项目', unitOverall: '部门整体' };

/** "1–6月", or "1月" for January. */
export function periodLabel(month: number): string {
  return month === 1 ? '1月' : `1–${month}月`;
}

/** "2026年1–5月项目自行监控". */
export function roundTitle(year: number, month: number, objectType: MonitoringObjectType, kind: MonitoringKind): string {
  return `${year}年${periodLabel(month)}${MONITORING_OBJECT_LABELS[objectType]}${MONITORING_KIND_LABELS[kind]}`;
}

/** 项目名称, or “<单位> 部门整体支出” (as the goal sheet calls it). */
export function sheetTitle(row: Pick<SheetListRow, 'project_id' | 'project_name' | 'unit_name'>): string {
  return row.project_id ? (row.project_name ?? '') : `${row.unit_name} 部门整体支出`;
}

// ---------------------------------------------------------------- the round's rules

const profileCache = new WeakMap<Db, Map<string, ResolvedProfile>>();

/**
 * The profile version the round was created with. Versions are immutable, so a parsed body is
 * kept per connection: the execution import evaluates thousands of sheets of one round.
 */
export function roundProfile(db: Db, round: Pick<MonitoringRoundRow, 'profile_id' | 'profile_version'>): ResolvedProfile {
  let byKey = profileCache.get(db);
  if (!byKey) {
    byKey = new Map();
    profileCache.set(db, byKey);
  }
  const key = `${round.profile_id}@${round.profile_version}`;
  let p = byKey.get(key);
  if (!p) {
    p = resolveProfileVersion(db, round.profile_id, round.profile_version);
    byKey.set(key, p);
  }
  return p;
}

export function requireRound(db: Db, id: string): MonitoringRoundRow {
  const round = findRound(db, id);
  if (!round) throw new AppFailure('NOT_FOUND', '监控批次不存在。');
  return round;
}

/**
 * The round as the screens show it. `rev` (for monitoring.updateRound) rides along although
 * MonitoringRoundDto does not declare it yet; the renderer reads it when present.
 */
export function toRoundDto(db: Db, r: MonitoringRoundRow, origin: string): MonitoringRoundDto {
  const c = roundCounts(db, r.id);
  const dto: MonitoringRoundDto & { rev: number } = {
    id: r.id, origin: r.origin, readOnly: r.origin !== origin, year: r.year, month: r.month, objectType: r.object_type, kind: r.kind,
    title: r.title, issuedOn: r.issued_on, dueOn: r.due_on, status: r.status, profileId: r.profile_id, profileVersion: r.profile_version,
    counts: {
      total: c.total, draft: c.draft, submitted: c.submitted, returned: c.returned, accepted: c.accepted, yellow: c.yellow, red: c.red, keySelected: c.key_selected,
    },
    missing: r.origin === origin ? countMissing(db, r) : 0,
    rev: r.rev,
  };
  return dto;
}

// ---------------------------------------------------------------- evaluation

/** Rules that need a 1–N月执行数: they stay silent until one is entered. */
const EXECUTION_RULES: ReadonlySet<string> = new Set(['nodeFloor', 'timeGap', 'targetExecutionGap', 'keySelection']);

export interface SheetEvaluationResult {
  result: MonitoringResult;
  /** False while no execution figure is entered (the execution-based figures are then null). */
  hasExecution: boolean;
}

/**
 * Runs the warning engine on stored figures. Without an execution figure the engine runs on 0
 * and everything that depends on execution is dropped, so an empty sheet shows its time progress
 * and its indicator lights but no "0% executed" warnings.
 */
export function runEngine(profile: ResolvedProfile, round: Pick<MonitoringRoundRow, 'year' | 'month'>, sheet: MonitoringSheetRow, values: readonly MonitoringValueRow[]): SheetEvaluationResult {
  const input: MonitoringInput = {
    year: round.year,
    month: round.month,
    initialBudgetFen: sheet.initial_budget_fen,
    annualBudgetFen: sheet.annual_budget_fen,
    executedFen: sheet.executed_fen ?? 0,
    indicators: values.map((v) => ({
      name: v.name, valueType: v.value_type, operator: v.operator, targetValue: v.target_value, actualValue: v.actual_value,
      expectedValue: v.expected_value, progress: v.progress, likelihood: v.likelihood,
    })),
  };
  const result = evaluateMonitoring(profile.body, input);
  if (sheet.executed_fen !== null) return { result, hasExecution: true };
  const warnings = result.warnings.filter((w) => !EXECUTION_RULES.has(w.rule));
  const level = warnings.some((w) => w.level === 'red') ? 'red' : warnings.length > 0 ? 'yellow' : null;
  return {
    hasExecution: false,
    result: { ...result, executionRate: null, gapPoints: null, relativeDeviation: null, keySelected: false, keyReason: null, warnings, level },
  };
}

/**
 * Evaluates one sheet with its round's stored profile version and cut-off month, stores the
 * figures on the sheet and replaces its warnings. Synchronous and transaction-free, so a caller
 * runs it inside its own write (saveSheet, populate, the execution import). On a 自行监控 sheet
 * the key-selection rule sets key_selected; on a 重点监控 sheet key_selected is the bureau's
 * confirmation and is left alone.
 */
export function evaluateSheet(db: Db, sheetId: string, now: Date, origin: string): void {
  const sheet = findMonitoringSheet(db, sheetId);
  if (!sheet) throw new AppFailure('NOT_FOUND', '监控表不存在。');
  const round = requireRound(db, sheet.round_id);
  const profile = roundProfile(db, round);
  const { result, hasExecution } = runEngine(profile, round, sheet, listValues(db, sheetId));
  const at = now.toISOString();
  saveEvaluation(db, {
    id: sheet.id,
    execution_rate: hasExecution ? result.executionRate : null,
    time_progress: result.timeProgress,
    target_progress: result.targetProgress,
    warning_level: result.level,
    key_selected: round.kind === 'key' ? sheet.key_selected : result.keySelected ? 1 : 0,
    profile_id: profile.id,
    profile_version: profile.version,
    evaluated_at: at,
  });
  replaceWarnings(db, sheet.id, result.warnings.map((w): MonitoringWarningRow => ({
    id: uuidv7(now.getTime()), origin, sheet_id: sheet.id, round_id: round.id, rule: w.rule, rule_index: w.ruleIndex, level: w.level, indicator: w.indicator,
    message: w.message, numbers: JSON.stringify(w.numbers), suggested_actions: JSON.stringify(w.suggestedActions),
    profile_id: profile.id, profile_version: profile.version, created_at: at,
  })));
}

// ---------------------------------------------------------------- pre-fill

/** One object to create a sheet for: its money block and the approved goal it copies. */
export interface SheetSeed {
  project_id: string | null;
  unit_id: string;
  goal_sheet_id: string;
  initial_fen: number;
  annual_fen: number;
  fiscal_fen: number;
  other_fen: number;
}

/**
 * Creates pre-filled sheets in a round: the money block (年初/全年预算数, 财政拨款 = annual fiscal,
 * 其他资金 = carry-over + other) and one progress row per goal indicator (name, target and unit
 * copied, the indicator id kept), then evaluates each. Runs inside the caller's write.
 */
export function createSheets(
  db: Db, round: MonitoringRoundRow, seeds: readonly SheetSeed[], indicators: ReadonlyMap<string, readonly GoalIndicatorRow[]>, now: Date, origin: string, keySelected: 0 | 1,
): string[] {
  const at = now.toISOString();
  const ids: string[] = [];
  for (const s of seeds) {
    const id = uuidv7(now.getTime());
    insertMonitoringSheet(db, {
      id, origin, round_id: round.id, project_id: s.project_id, unit_id: s.unit_id, goal_sheet_id: s.goal_sheet_id,
      initial_budget_fen: s.initial_fen, annual_budget_fen: s.annual_fen, fiscal_budget_fen: s.fiscal_fen, other_budget_fen: s.other_fen,
      key_selected: keySelected, created_at: at, updated_at: at,
    });
    insertPrefilledValues(db, id, indicators.get(s.goal_sheet_id) ?? []);
    evaluateSheet(db, id, now, origin);
    ids.push(id);
  }
  return ids;
}

// ---------------------------------------------------------------- causes dictionary

export const CAUSES_SETTING_KEY = 'monitoring.causes';

export interface CauseEntry {
  code: string;
  label: string;
  active: boolean;
}

/** SPEC §6.3 偏差原因分析, shipped as an editable dictionary. */
export const DEFAULT_CAUSES: readonly CauseEntry[] = [
  { code: 'funding', label: '经费保障', active: true },
  { code: 'institution', label: '制度保障', active: true },
  { code: 'staffing', label: '人员保障', active: true },
  { code: 'hardware', label: '硬件条件保障', active: true },
  { code: 'other', label: '其他', active: true },
];

const storedCauses = z.array(z.object({ code: z.string(), label: z.string(), active: z.boolean() }));

export function loadCauses(db: Db): CauseEntry[] {
  const text = getSetting(db, CAUSES_SETTING_KEY);
  if (text === undefined) return DEFAULT_CAUSES.map((c) => ({ ...c }));
  return storedCauses.parse(JSON.parse(text));
}

// ---------------------------------------------------------------- submission problems and workflow

export type SheetProblem = MonitoringSheetDto['problems'][number];

/**
 * What keeps a sheet from being submitted: the execution figure, every 定量 row's 1–N月 and
 * full-year values, every 定性 row's progress, a likelihood on every row, and 纠偏措施 where the
 * likelihood is not 确定能 (SPEC §6.3). Fields point at the entry form (`values.<i>.<field>`).
 */
export function sheetProblems(round: Pick<MonitoringRoundRow, 'month'>, sheet: MonitoringSheetRow, values: readonly MonitoringValueRow[]): SheetProblem[] {
  const period = periodLabel(round.month);
  const out: SheetProblem[] = [];
  if (sheet.executed_fen === null) out.push({ seq: null, field: 'executedFen', message: `请填写${period}执行数` });
  values.forEach((v, i) => {
    const name = `“${v.name}”`;
    if (v.value_type === 'quantitative') {
      if (v.actual_value === null) out.push({ seq: v.seq, field: `values.${i}.actualText`, message: `${name}请填写${period}实际完成值` });
      if (v.expected_value === null) out.push({ seq: v.seq, field: `values.${i}.expectedText`, message: `${name}请填写全年预计完成值` });
    } else if (v.progress === null) {
      out.push({ seq: v.seq, field: `values.${i}.progress`, message: `${name}请选择${period}完成情况` });
    }
    if (v.likelihood === null) out.push({ seq: v.seq, field: `values.${i}.likelihood`, message: `${name}请选择完成目标可能性` });
    else if (requiresCorrectiveMeasures(v.likelihood) && !v.measure) {
      const word = v.likelihood === 'impossible' ? '完全不可能' : '有可能';
      out.push({ seq: v.seq, field: `values.${i}.measure`, message: `${name}完成目标可能性为“${word}”，请填写纠偏措施` });
    }
  });
  return out;
}

const FINANCE_ROLES: readonly Role[] = ['performance', 'business'];

/** Steps a user may take now: finance roles, own sheet, open round; accept/return only from 已提交. */
export function allowedMonitoringTransitions(
  sheet: Pick<MonitoringSheetRow, 'origin' | 'status'>, round: Pick<MonitoringRoundRow, 'status'>, role: Role | undefined, origin: string,
): MonitoringSheetDto['allowed'] {
  if (sheet.origin !== origin || round.status !== 'open' || role === undefined || !FINANCE_ROLES.includes(role)) return [];
  switch (sheet.status) {
    case 'draft':
    case 'returned':
      return ['submit'];
    case 'submitted':
      return ['return', 'accept'];
    case 'accepted':
      return [];
  }
}

// ---------------------------------------------------------------- DTOs

export function toValueDto(v: MonitoringValueRow): MonitoringValueDto {
  return {
    seq: v.seq, indicatorId: v.indicator_id, level1: v.level1, level2: v.level2, name: v.name, valueType: v.value_type, operator: v.operator,
    targetValue: v.target_value, targetText: v.target_text, unit: v.unit, actualValue: v.actual_value, actualText: v.actual_text,
    expectedValue: v.expected_value, expectedText: v.expected_text, progress: v.progress, causes: JSON.parse(v.causes) as string[],
    causeNote: v.cause_note, likelihood: v.likelihood, measure: v.measure,
  };
}

export function toWarningDto(
  w: MonitoringWarningRow & { decided: 0 | 1 }, sheet: { title: string; projectCode: string | null; unitName: string },
): MonitoringWarningDto {
  return {
    id: w.id, sheetId: w.sheet_id, roundId: w.round_id, rule: w.rule, ruleIndex: w.rule_index, level: w.level, indicator: w.indicator,
    message: w.message, numbers: JSON.parse(w.numbers) as Record<string, number>, suggestedActions: JSON.parse(w.suggested_actions) as string[],
    profileId: w.profile_id, profileVersion: w.profile_version, title: sheet.title, projectCode: sheet.projectCode, unitName: sheet.unitName,
    decided: w.decided === 1,
  };
}

export function toDecisionDto(d: MonitoringDecisionRow): MonitoringDecisionDto {
  return {
    id: d.id, sheetId: d.sheet_id, warningRule: d.warning_rule, warningMessage: d.warning_message, action: d.action, amountFen: d.amount_fen,
    note: d.note, decidedBy: d.decided_by, decidedAt: d.decided_at, rectificationId: d.rectification_id,
  };
}

/** A list row's fields (shared by monitoring.sheets and the full sheet). */
export function toSheetRowDto(r: SheetListRow, round: Pick<MonitoringRoundRow, 'object_type'>): MonitoringSheetRowDto {
  return {
    id: r.id, roundId: r.round_id, objectType: round.object_type, projectId: r.project_id, projectCode: r.project_code, title: sheetTitle(r),
    unitId: r.unit_id, unitName: r.unit_name, status: r.status, annualBudgetFen: r.annual_budget_fen, executedFen: r.executed_fen,
    executionRate: r.execution_rate, timeProgress: r.time_progress, warningLevel: r.warning_level, warningCount: r.warning_count,
    keySelected: r.key_selected === 1, tags: r.tags ? (r.tags.split(',') as FundTag[]) : [], budgetType: r.budget_type,
  };
}

/** The sheet as the entry form, the review screen and the exports show it. */
export function loadMonitoringSheet(ctx: CallContext, sheetId: string): MonitoringSheetDto {
  const row = findSheetListRow(ctx.db, sheetId);
  if (!row) throw new AppFailure('NOT_FOUND', '监控表不存在。');
  const round = requireRound(ctx.db, row.round_id);
  const values = listValues(ctx.db, sheetId);
  // 进度差, 相对偏差 and the key reason are derived from the stored figures, not stored.
  const { result } = runEngine(roundProfile(ctx.db, round), round, row, values);
  const base = toSheetRowDto(row, round);
  const who = { title: base.title, projectCode: row.project_code, unitName: row.unit_name };
  const goal = row.goal_sheet_id ? findGoalSheet(ctx.db, row.goal_sheet_id) : undefined;
  const project = row.project_id ? findProject(ctx.db, row.project_id) : undefined;
  return {
    ...base,
    origin: row.origin,
    readOnly: row.origin !== ctx.origin,
    round: toRoundDto(ctx.db, round, ctx.origin),
    goalSheetId: row.goal_sheet_id,
    initialBudgetFen: row.initial_budget_fen,
    initialFiscalFen: project ? project.initial_fiscal_fen : null,
    initialOtherFen: project ? project.initial_carryover_fen + project.initial_other_fen : null,
    fiscalBudgetFen: row.fiscal_budget_fen,
    otherBudgetFen: row.other_budget_fen,
    executedFiscalFen: row.executed_fiscal_fen,
    executedOtherFen: row.executed_other_fen,
    expectedFullYearFen: row.expected_full_year_fen,
    annualGoal: goal?.annual_goal ?? '',
    goalProgress: row.goal_progress,
    expectedGoal: row.expected_goal,
    targetProgress: row.target_progress,
    gapPoints: result.gapPoints,
    relativeDeviation: result.relativeDeviation,
    keyReason: result.keyReason,
    values: values.map(toValueDto),
    warnings: listSheetWarnings(ctx.db, sheetId).map((w) => toWarningDto(w, who)),
    decisions: listDecisions(ctx.db, sheetId).map(toDecisionDto),
    events: listMonitoringEvents(ctx.db, sheetId).map((e) => ({
      at: e.at, username: e.username, action: e.action, fromStatus: e.from_status, toStatus: e.to_status, comment: e.comment,
    })),
    problems: sheetProblems(round, row, values),
    allowed: allowedMonitoringTransitions(row, round, ctx.user?.role, ctx.origin),
    evaluatedAt: row.evaluated_at,
    updatedAt: row.updated_at,
    rev: row.rev,
  };
}
