import { GOAL_STATUS_LABELS } from '../../../shared/i18n/zh-CN.ts';
import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';
import type { MethodParsed } from '../../../shared/api/contract.ts';
import type { GoalIndicatorDto, GoalSheetDto, GoalTransition } from '../../../shared/api/dtoGoals.ts';
import type { Role } from '../../../shared/domain/roles.ts';
import type { RuleProfileBody } from '../../../shared/domain/ruleProfile.ts';
import { checkGoalSheet, type GoalCheck, type GoalSheetDraft } from '../../../shared/rules/goalValidation.ts';
import { parseTargetValue } from '../../../shared/rules/targetValue.ts';
import type { Db } from '../db/connection.ts';
import type { CallContext } from '../context.ts';
import { findSheet, listIndicators, toIndicatorDto, type GoalIndicatorRow, type GoalSheetRow } from '../repositories/goals.ts';
import { listGoalAdjustments, listGoalEvents, listGoalReviews } from '../repositories/goalQueries.ts';
import { findProject, type ProjectRow } from '../repositories/projects.ts';
import { findUnit, type UnitRow } from '../repositories/units.ts';
import { resolveProfile } from './profiles.ts';

/**
 * Reading a goal sheet (绩效目标表) and the rules around it, shared by the goal workflow
 * (services/goals.ts) and the official forms / goal import (services/goalForms.ts). Nothing here
 * writes.
 */

export { GOAL_STATUS_LABELS };

/** What each workflow step is called in the history (goal_events.action). */
export const GOAL_ACTION_LABELS = {
  create: '新建',
  submit: '送审',
  deptApprove: '主管部门审核通过',
  return: '退回',
  review: '财政审核',
  approve: '批复',
  publish: '公开',
  adjust: '目标调整',
  import: '导入',
} as const;

/** Everything stored about one sheet, for forms and exports that lay it out themselves. */
export interface GoalSheetRows {
  sheet: GoalSheetRow;
  project: ProjectRow | null;
  unit: UnitRow;
  indicators: GoalIndicatorRow[];
}

export function goalSheetRows(db: Db, sheetId: string): GoalSheetRows {
  const sheet = findSheet(db, sheetId);
  if (!sheet) throw new AppFailure('NOT_FOUND', '绩效目标表不存在。');
  const project = sheet.project_id ? (findProject(db, sheet.project_id) ?? null) : null;
  const unit = findUnit(db, sheet.unit_id);
  if (!unit) throw new AppFailure('NOT_FOUND', '绩效目标表所属单位不存在。');
  return { sheet, project, unit, indicators: listIndicators(db, sheetId) };
}

/** 项目名称, or “<单位> 部门整体支出”. */
export function goalSheetTitle(project: Pick<ProjectRow, 'name'> | null, unit: Pick<UnitRow, 'name'>): string {
  return project ? project.name : `${unit.name} 部门整体支出`;
}

/**
 * A project running over more than one calendar year (or carrying a 中期资金总额) also needs a
 * 中长期目标 (SPEC T4).
 */
export function isMultiYear(project: Pick<ProjectRow, 'start_month' | 'end_month' | 'mid_term_total_fen'> | null): boolean {
  if (!project) return false;
  if (project.mid_term_total_fen !== null && project.mid_term_total_fen > 0) return true;
  return project.start_month !== null && project.end_month !== null && project.start_month.slice(0, 4) !== project.end_month.slice(0, 4);
}

/** The shape checkGoalSheet reads, from stored rows or from what the editor sent. */
export function goalDraft(
  sheet: Pick<GoalSheetRow, 'owner_type' | 'annual_goal' | 'mid_term_goal' | 'unit_duties'>,
  project: ProjectRow | null,
  indicators: readonly Pick<GoalIndicatorRow, 'level1' | 'level2' | 'name' | 'value_type' | 'operator' | 'target_text' | 'target_value' | 'unit'>[],
): GoalSheetDraft {
  return {
    ownerType: sheet.owner_type,
    annualGoal: sheet.annual_goal,
    midTermGoal: sheet.mid_term_goal,
    unitDuties: sheet.unit_duties,
    multiYear: isMultiYear(project),
    indicators: indicators.map((i) => ({
      level1: i.level1, level2: i.level2, name: i.name, valueType: i.value_type, operator: i.operator,
      targetText: i.target_text, targetValue: i.target_value, unit: i.unit,
    })),
  };
}

/** V1–V6 problems as error details pointing at the editor's fields (`indicators.<i>.<field>`). */
export function checkDetails(check: GoalCheck): ErrorDetail[] {
  return check.errors.map((p) => ({ field: p.row === null ? p.field : `indicators.${p.row}.${p.field}`, message: p.message }));
}

const ENTRY_ROLES: readonly Role[] = ['business', 'performance'];

/**
 * The workflow steps a user may take on a sheet now, by its status, their role and whether this
 * office owns it. Whether the sheet passes V1–V6 or the ex-ante gate is checked when the step is
 * taken (the answer explains why), not here.
 */
export function allowedTransitions(sheet: Pick<GoalSheetRow, 'origin' | 'status'>, role: Role | undefined, origin: string): GoalTransition[] {
  if (sheet.origin !== origin || role === undefined || !ENTRY_ROLES.includes(role)) return [];
  const performance = role === 'performance';
  switch (sheet.status) {
    case 'draft':
    case 'returned':
      return ['submit'];
    case 'submitted':
      return ['deptApprove', 'return'];
    case 'deptApproved':
      return ['review', 'return'];
    case 'reviewed':
      return performance ? ['approve', 'return'] : ['return'];
    case 'approved':
      return performance ? ['publish'] : [];
    case 'notFunded':
      return performance ? ['return'] : [];
    case 'published':
      return [];
  }
}

type IndicatorInput = MethodParsed<'goals.save'>['indicators'][number];
export type ParsedIndicator = Omit<GoalIndicatorRow, 'id' | 'sheet_id'>;

/**
 * Reads each row's 指标值 with parseTargetValue, the row's 指标值类型/性质/计量单位 as hints. A
 * quantitative row stores the parsed operator, number, unit and canonical text ("95%以上" → "≥95%");
 * a qualitative row keeps its words. An empty cell is kept (a draft may be unfinished: V1 reports
 * it); a cell the parser cannot read is an error at `<prefix>.<i>.targetText`.
 */
export function parseIndicatorInputs(inputs: readonly IndicatorInput[], prefix = 'indicators'): { rows: ParsedIndicator[]; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const rows = inputs.map((ind, i): ParsedIndicator => {
    const base: ParsedIndicator = {
      seq: i + 1, level1: ind.level1, level2: ind.level2, name: ind.name, value_type: ind.valueType,
      operator: ind.valueType === 'qualitative' ? 'qualitative' : ind.operator,
      target_value: ind.valueType === 'qualitative' ? null : ind.targetValue, target_text: ind.targetText, unit: ind.unit,
      mid_term_text: ind.midTermText, explanation: ind.explanation, scoring_rule: ind.scoringRule, value_basis: ind.valueBasis,
      data_source: ind.dataSource, is_core: ind.isCore ? 1 : 0, library_id: ind.libraryId,
    };
    if (!ind.targetText) return { ...base, target_value: null };
    const parsed = parseTargetValue(ind.targetText, { valueType: ind.valueType, operator: ind.operator, unit: ind.unit });
    if (!parsed.ok) {
      const label = ind.name || `第 ${i + 1} 个指标`;
      errors.push({ field: `${prefix}.${i}.targetText`, message: `“${label}”的指标值：${parsed.message}` });
      return base;
    }
    const v = parsed.value;
    if (v.valueType === 'qualitative') return { ...base, value_type: 'qualitative', operator: 'qualitative', target_value: null, target_text: v.text };
    return { ...base, operator: v.operator, target_value: v.value, unit: v.unit, target_text: v.text };
  });
  return { rows, errors };
}

/** The sheet as the editor, the review screen and the forms show it. */
export function loadGoalSheet(ctx: CallContext, sheetId: string, profile?: RuleProfileBody): GoalSheetDto {
  const { sheet, project, unit, indicators } = goalSheetRows(ctx.db, sheetId);
  const body = profile ?? resolveProfile(ctx.db, sheet.year).body;
  const check = checkGoalSheet(body, goalDraft(sheet, project, indicators));
  return {
    id: sheet.id,
    origin: sheet.origin,
    readOnly: sheet.origin !== ctx.origin,
    year: sheet.year,
    ownerType: sheet.owner_type,
    projectId: sheet.project_id,
    unitId: sheet.unit_id,
    unitName: unit.name,
    title: goalSheetTitle(project, unit),
    status: sheet.status,
    locked: sheet.locked === 1,
    annualGoal: sheet.annual_goal,
    midTermGoal: sheet.mid_term_goal,
    unitDuties: sheet.unit_duties,
    indicators: indicators.map(toIndicatorDto),
    events: listGoalEvents(ctx.db, sheetId).map((e) => ({
      at: e.at, username: e.username, action: e.action, fromStatus: e.from_status, toStatus: e.to_status, comment: e.comment,
    })),
    reviews: listGoalReviews(ctx.db, sheetId).map((r) => ({
      id: r.id, reviewer: r.reviewer, reviewedAt: r.reviewed_at, scores: JSON.parse(r.scores) as Record<string, number>, total: r.total,
      grade: r.grade, action: r.action, opinion: r.opinion, profileId: r.profile_id, profileVersion: r.profile_version,
    })),
    adjustments: listGoalAdjustments(ctx.db, sheetId).map((a) => ({
      at: a.at, username: a.username, reason: a.reason, before: JSON.parse(a.before) as GoalIndicatorDto[], after: JSON.parse(a.after) as GoalIndicatorDto[],
    })),
    check,
    allowed: allowedTransitions(sheet, ctx.user?.role, ctx.origin),
    updatedAt: sheet.updated_at,
    rev: sheet.rev,
  };
}
