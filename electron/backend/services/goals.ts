import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';
import type { GoalStatus } from '../../../shared/api/dtoGoals.ts';
import type { GradeCode } from '../../../shared/domain/ruleProfile.ts';
import type { ProjectStatus } from '../../../shared/domain/projects.ts';
import { reviewGoal, type GoalReviewAction } from '../../../shared/rules/goalReview.ts';
import { checkGoalSheet } from '../../../shared/rules/goalValidation.ts';
import type { CallContext, HandlerMap, TxContext } from '../context.ts';
import {
  findProjectSheet, findUnitSheet, insertGoalEvent, insertSheet, replaceIndicators, saveSheet, toIndicatorDto, type GoalIndicatorRow, type GoalSheetRow,
} from '../repositories/goals.ts';
import { findUnitSheetAnyOrigin, goalQueue, insertGoalAdjustment, insertGoalReview } from '../repositories/goalQueries.ts';
import { yearExists } from '../repositories/office.ts';
import { findProject, saveProject, type ProjectRow } from '../repositories/projects.ts';
import { findUnit } from '../repositories/units.ts';
import { uuidv7 } from '../util/ids.ts';
import { exAnteGateProblem } from './exAnte.ts';
import {
  GOAL_ACTION_LABELS, GOAL_STATUS_LABELS, checkDetails, goalDraft, goalSheetRows, goalSheetTitle, loadGoalSheet, parseIndicatorInputs,
  type GoalSheetRows, type ParsedIndicator,
} from './goalSheets.ts';
import { resolveProfile } from './profiles.ts';

/**
 * 绩效目标管理 (SPEC §4): creating and editing a goal sheet, and its workflow
 *   draft/returned --submit--> submitted --deptApprove--> deptApproved --review--> reviewed | returned | notFunded
 *   submitted/deptApproved/reviewed --return--> returned;  notFunded --return (绩效股)--> returned
 *   reviewed --approve (绩效股, locks)--> approved --publish (绩效股)--> published
 * with every step in goal_events (who, when, comment) and the audit log. Approved sheets change
 * only through a logged adjustment (goals.adjust, SPEC T5).
 */

export const GRADE_LABELS: Record<GradeCode, string> = { excellent: '优', good: '良', fair: '中', low: '低', poor: '差' };
export const REVIEW_ACTION_LABELS: Record<GoalReviewAction, string> = {
  proceed: '直接进入预算安排',
  proceedAfterFix: '按商定意见完善后进入预算安排',
  revise: '退回修改后重新报送',
  notFunded: '不予安排',
};

const EDITABLE: readonly GoalStatus[] = ['draft', 'returned'];

function requireOwnSheet(ctx: CallContext, sheetId: string): GoalSheetRows {
  const rows = goalSheetRows(ctx.db, sheetId);
  if (rows.sheet.origin !== ctx.origin) throw new AppFailure('CONFLICT', '该绩效目标表来自其他单位的同步数据，只能查看，不能修改。');
  return rows;
}

const wrongStatus = (sheet: GoalSheetRow, what: string) =>
  new AppFailure('CONFLICT', `绩效目标表当前状态为“${GOAL_STATUS_LABELS[sheet.status]}”，不能${what}。`);

/** What the audit log keeps of a sheet's content: the texts and one line per indicator. */
const contentSummary = (s: Pick<GoalSheetRow, 'annual_goal' | 'mid_term_goal' | 'unit_duties'>, indicators: readonly ParsedIndicator[]) => ({
  annual_goal: s.annual_goal,
  mid_term_goal: s.mid_term_goal,
  unit_duties: s.unit_duties,
  indicators: indicators.map((i) => `${i.level1}/${i.level2}/${i.name} ${i.target_text}`),
});

function withIds(sheetId: string, rows: readonly ParsedIndicator[]): GoalIndicatorRow[] {
  return rows.map((r) => ({ ...r, id: uuidv7(), sheet_id: sheetId }));
}

function parseOrFail(inputs: Parameters<typeof parseIndicatorInputs>[0]): ParsedIndicator[] {
  const { rows, errors } = parseIndicatorInputs(inputs);
  if (errors.length) throw new AppFailure('VALIDATION', `有 ${errors.length} 个指标值无法识别：${errors[0]?.message ?? ''}`, errors);
  return rows;
}

interface Step {
  rows: GoalSheetRows;
  to: GoalStatus;
  action: string;
  comment: string;
  locked?: 0 | 1;
  /** A project status change that goes with the step (不予安排, or back to 已登记 for revision). */
  projectStatus?: ProjectStatus;
}

/** One workflow step: the sheet's new status, its history row, the project status and the audit records. */
function applyStep(ctx: CallContext, tx: TxContext, s: Step): void {
  const { sheet, project } = s.rows;
  const at = ctx.now().toISOString();
  const next: GoalSheetRow = { ...sheet, status: s.to, locked: s.locked ?? sheet.locked, updated_at: at };
  saveSheet(ctx.db, next);
  insertGoalEvent(ctx.db, {
    id: uuidv7(), sheet_id: sheet.id, at, user_id: ctx.user?.id ?? null, username: ctx.user?.username ?? '', action: s.action,
    from_status: sheet.status, to_status: s.to, comment: s.comment,
  });
  tx.record('goal_sheet', sheet.id, { status: sheet.status, locked: sheet.locked, action: null, comment: null }, { status: s.to, locked: next.locked, action: s.action, comment: s.comment || null });
  if (project && s.projectStatus && project.status !== s.projectStatus) {
    const refusing = s.projectStatus === 'notFunded';
    const before = project.status === 'registered' || project.status === 'inLibrary' || project.status === 'budgeted' ? project.status : null;
    const p: ProjectRow = { ...project, status: s.projectStatus, status_before_refusal: refusing ? before : null, updated_at: at };
    saveProject(ctx.db, p);
    tx.record('project', project.id, { status: project.status }, { status: s.projectStatus, reason: s.action });
  }
}

/** V1–V6 and, for a project, the ex-ante gate: what must hold to submit or approve. */
function assertReady(ctx: CallContext, rows: GoalSheetRows, verb: string): void {
  const profile = resolveProfile(ctx.db, rows.sheet.year);
  const check = checkGoalSheet(profile.body, goalDraft(rows.sheet, rows.project, rows.indicators));
  if (check.errors.length) {
    throw new AppFailure('VALIDATION', `绩效目标表有 ${check.errors.length} 处问题，不能${verb}：${check.errors[0]?.message ?? ''}`, checkDetails(check));
  }
  if (rows.project) {
    if (rows.project.status === 'cancelled') throw new AppFailure('VALIDATION', `项目“${rows.project.name}”已取消，绩效目标不能${verb}。`);
    const gate = exAnteGateProblem(ctx.db, rows.project, profile);
    if (gate) throw new AppFailure('VALIDATION', `绩效目标不能${verb}：${gate.replace(/。$/, '')}。`, [{ field: 'exAnte', message: gate }]);
  }
}

function requirePerformance(ctx: CallContext, message: string): void {
  if (ctx.user?.role !== 'performance') throw new AppFailure('FORBIDDEN', message);
}

type GoalMethods = 'goals.open' | 'goals.create' | 'goals.get' | 'goals.save' | 'goals.transition' | 'goals.review' | 'goals.adjust' | 'goals.queue';

export const goalHandlers: HandlerMap<GoalMethods> = {
  'goals.open': (ctx, input) => {
    let sheet: GoalSheetRow | undefined;
    if ('projectId' in input) {
      if (!findProject(ctx.db, input.projectId)) throw new AppFailure('NOT_FOUND', '项目不存在。');
      sheet = findProjectSheet(ctx.db, input.projectId);
    } else {
      if (!findUnit(ctx.db, input.unitId)) throw new AppFailure('NOT_FOUND', '单位不存在。');
      sheet = findUnitSheetAnyOrigin(ctx.db, input.year, input.unitId, ctx.origin);
    }
    if (!sheet) throw new AppFailure('NOT_FOUND', '尚未建立绩效目标表');
    return loadGoalSheet(ctx, sheet.id);
  },

  'goals.create': (ctx, input) => {
    const at = ctx.now().toISOString();
    let row: Omit<GoalSheetRow, 'rev'>;
    let title: string;
    const base = { id: uuidv7(), origin: ctx.origin, status: 'draft' as const, annual_goal: '', mid_term_goal: '', unit_duties: '', locked: 0 as const, created_at: at, updated_at: at };
    if ('projectId' in input) {
      const project = findProject(ctx.db, input.projectId);
      if (!project) throw new AppFailure('NOT_FOUND', '项目不存在。');
      if (project.origin !== ctx.origin) throw new AppFailure('CONFLICT', `项目“${project.name}”来自其他单位的同步数据，不能新建绩效目标表。`);
      if (project.status === 'cancelled') throw new AppFailure('VALIDATION', `项目“${project.name}”已取消，不能新建绩效目标表。`);
      if (findProjectSheet(ctx.db, project.id)) throw new AppFailure('CONFLICT', `项目“${project.name}”已有绩效目标表。`);
      const unit = findUnit(ctx.db, project.unit_id);
      title = goalSheetTitle(project, unit ?? { name: '' });
      row = { ...base, year: project.year, owner_type: 'project', project_id: project.id, unit_id: project.unit_id };
    } else {
      const unit = findUnit(ctx.db, input.unitId);
      if (!unit) throw new AppFailure('NOT_FOUND', '单位不存在。', [{ field: 'unitId', message: '单位不存在' }]);
      if (unit.origin !== ctx.origin) throw new AppFailure('CONFLICT', `单位“${unit.name}”来自其他单位的同步数据，不能新建绩效目标表。`);
      if (unit.active === 0) throw new AppFailure('VALIDATION', `单位“${unit.name}”已停用，不能新建绩效目标表。`, [{ field: 'unitId', message: '单位已停用' }]);
      if (!yearExists(ctx.db, input.year)) throw new AppFailure('VALIDATION', `${input.year} 年度不存在，请先新增年度。`, [{ field: 'year', message: '年度不存在' }]);
      if (findUnitSheet(ctx.db, ctx.origin, input.year, unit.id)) {
        throw new AppFailure('CONFLICT', `单位“${unit.name}”${input.year} 年度已有部门整体支出绩效目标表。`);
      }
      title = goalSheetTitle(null, unit);
      row = { ...base, year: input.year, owner_type: 'unitOverall', project_id: null, unit_id: unit.id };
    }
    ctx.write(['goal_sheets', 'goal_events'], (tx) => {
      insertSheet(ctx.db, row);
      insertGoalEvent(ctx.db, {
        id: uuidv7(), sheet_id: row.id, at, user_id: ctx.user?.id ?? null, username: ctx.user?.username ?? '', action: GOAL_ACTION_LABELS.create,
        from_status: 'draft', to_status: 'draft', comment: '',
      });
      tx.record('goal_sheet', row.id, null, { title, year: row.year, owner_type: row.owner_type, project_id: row.project_id, unit_id: row.unit_id, status: row.status });
    });
    return loadGoalSheet(ctx, row.id);
  },

  'goals.get': (ctx, { sheetId }) => loadGoalSheet(ctx, sheetId),

  'goals.save': (ctx, input) => {
    const { sheet, indicators } = requireOwnSheet(ctx, input.sheetId);
    if (sheet.locked === 1) throw new AppFailure('CONFLICT', '绩效目标已批复并锁定，不能直接修改；如需变更，请由绩效管理岗办理目标调整。');
    if (!EDITABLE.includes(sheet.status)) throw wrongStatus(sheet, '修改（只有草稿或被退回的目标表可以修改）');
    if (input.rev !== sheet.rev) throw new AppFailure('CONFLICT', '该目标表已被他人修改，请刷新后再保存');
    const parsed = parseOrFail(input.indicators);
    const next: GoalSheetRow = {
      ...sheet, annual_goal: input.annualGoal, mid_term_goal: input.midTermGoal, unit_duties: input.unitDuties, updated_at: ctx.now().toISOString(),
    };
    ctx.write(['goal_sheets', 'goal_indicators'], (tx) => {
      saveSheet(ctx.db, next);
      replaceIndicators(ctx.db, sheet.id, withIds(sheet.id, parsed));
      tx.record('goal_sheet', sheet.id, contentSummary(sheet, indicators), contentSummary(next, parsed));
    });
    return loadGoalSheet(ctx, sheet.id);
  },

  'goals.transition': (ctx, { sheetId, transition, comment }) => {
    const rows = requireOwnSheet(ctx, sheetId);
    const { sheet } = rows;
    let step: Step;
    switch (transition) {
      case 'submit':
        if (!EDITABLE.includes(sheet.status)) throw wrongStatus(sheet, '送审');
        assertReady(ctx, rows, '送审');
        step = { rows, to: 'submitted', action: GOAL_ACTION_LABELS.submit, comment };
        break;
      case 'deptApprove':
        if (sheet.status !== 'submitted') throw wrongStatus(sheet, '进行主管部门审核');
        step = { rows, to: 'deptApproved', action: GOAL_ACTION_LABELS.deptApprove, comment };
        break;
      case 'return':
        if (sheet.status === 'notFunded') {
          // 不予安排 is the bureau's decision: only the performance section reopens it for revision.
          requirePerformance(ctx, '只有绩效管理岗可以退回不予安排的绩效目标表');
          step = { rows, to: 'returned', action: GOAL_ACTION_LABELS.return, comment, projectStatus: rows.project?.status === 'notFunded' ? (rows.project.status_before_refusal ?? 'registered') : undefined };
        } else {
          if (!['submitted', 'deptApproved', 'reviewed'].includes(sheet.status)) throw wrongStatus(sheet, '退回');
          step = { rows, to: 'returned', action: GOAL_ACTION_LABELS.return, comment };
        }
        break;
      case 'approve':
        requirePerformance(ctx, '只有绩效管理岗可以批复绩效目标');
        if (sheet.status !== 'reviewed') throw wrongStatus(sheet, '批复（须先经财政审核）');
        assertReady(ctx, rows, '批复');
        step = { rows, to: 'approved', action: GOAL_ACTION_LABELS.approve, comment, locked: 1 };
        break;
      case 'publish':
        requirePerformance(ctx, '只有绩效管理岗可以公开绩效目标');
        if (sheet.status !== 'approved') throw wrongStatus(sheet, '公开（须先批复）');
        step = { rows, to: 'published', action: GOAL_ACTION_LABELS.publish, comment };
        break;
    }
    ctx.write(['goal_sheets', 'goal_events', ...(step.projectStatus ? ['projects'] : [])], (tx) => applyStep(ctx, tx, step));
    return loadGoalSheet(ctx, sheetId);
  },

  'goals.review': (ctx, { sheetId, scores, opinion }) => {
    const rows = requireOwnSheet(ctx, sheetId);
    const { sheet, project } = rows;
    if (sheet.status !== 'deptApproved') throw wrongStatus(sheet, '进行财政审核（须先经主管部门审核）');
    const profile = resolveProfile(ctx.db, sheet.year);
    const aspects = profile.body.goalReview.aspects;
    const details: ErrorDetail[] = [];
    for (const code of Object.keys(scores)) {
      if (!aspects.some((a) => a.code === code)) details.push({ field: `scores.${code}`, message: `审核内容“${code}”不在规则方案“${profile.name}”中` });
    }
    for (const a of aspects) {
      const s = scores[a.code];
      if (s === undefined) details.push({ field: `scores.${a.code}`, message: `请为“${a.label}”评分` });
      else if (s > a.weight) details.push({ field: `scores.${a.code}`, message: `“${a.label}”得分应在 0–${a.weight} 分之间` });
    }
    const result = reviewGoal(profile.body, scores);
    if (details.length || result.problems.length) {
      const all = details.length ? details : result.problems.map((message) => ({ field: 'scores', message }));
      throw new AppFailure('VALIDATION', `审核评分有误：${all[0]?.message ?? ''}`, all);
    }
    const to: GoalStatus = result.action === 'revise' ? 'returned' : result.action === 'notFunded' ? 'notFunded' : 'reviewed';
    const at = ctx.now().toISOString();
    const review = {
      id: uuidv7(), origin: ctx.origin, sheet_id: sheet.id, reviewer: ctx.user?.username ?? '', reviewed_at: at, scores: JSON.stringify(scores),
      total: result.total, grade: result.grade, action: result.action, opinion, profile_id: profile.id, profile_version: profile.version, created_at: at,
    };
    const verdict = `${result.total.toFixed(2)} 分，${GRADE_LABELS[result.grade]}，${REVIEW_ACTION_LABELS[result.action]}`;
    ctx.write(['goal_sheets', 'goal_events', 'goal_reviews', ...(to === 'notFunded' && project ? ['projects'] : [])], (tx) => {
      insertGoalReview(ctx.db, review);
      tx.record('goal_review', review.id, null, {
        sheet_id: sheet.id, total: review.total, grade: review.grade, action: review.action, profile_id: review.profile_id, profile_version: review.profile_version,
      });
      applyStep(ctx, tx, {
        rows, to, action: `${GOAL_ACTION_LABELS.review}（${verdict}）`, comment: opinion, projectStatus: to === 'notFunded' ? 'notFunded' : undefined,
      });
    });
    return loadGoalSheet(ctx, sheetId);
  },

  'goals.adjust': (ctx, input) => {
    const { sheet, project, indicators } = requireOwnSheet(ctx, input.sheetId);
    if (sheet.status !== 'approved' && sheet.status !== 'published') throw wrongStatus(sheet, '调整（只有已批复或已公开的目标需要办理目标调整）');
    const parsed = parseOrFail(input.indicators);
    const profile = resolveProfile(ctx.db, sheet.year);
    const next: GoalSheetRow = { ...sheet, annual_goal: input.annualGoal, mid_term_goal: input.midTermGoal, updated_at: ctx.now().toISOString() };
    const check = checkGoalSheet(profile.body, goalDraft(next, project, parsed));
    if (check.errors.length) {
      throw new AppFailure('VALIDATION', `调整后的绩效目标有 ${check.errors.length} 处问题：${check.errors[0]?.message ?? ''}`, checkDetails(check));
    }
    const newRows = withIds(sheet.id, parsed);
    ctx.write(['goal_sheets', 'goal_indicators', 'goal_adjustments', 'goal_events'], (tx) => {
      saveSheet(ctx.db, next);
      replaceIndicators(ctx.db, sheet.id, newRows);
      insertGoalAdjustment(ctx.db, {
        id: uuidv7(), origin: ctx.origin, sheet_id: sheet.id, at: next.updated_at, username: ctx.user?.username ?? '', reason: input.reason,
        before: JSON.stringify(indicators.map(toIndicatorDto)), after: JSON.stringify(newRows.map(toIndicatorDto)),
      });
      insertGoalEvent(ctx.db, {
        id: uuidv7(), sheet_id: sheet.id, at: next.updated_at, user_id: ctx.user?.id ?? null, username: ctx.user?.username ?? '',
        action: GOAL_ACTION_LABELS.adjust, from_status: sheet.status, to_status: sheet.status, comment: input.reason,
      });
      tx.record('goal_sheet', sheet.id, { ...contentSummary(sheet, indicators), reason: null }, { ...contentSummary(next, parsed), reason: input.reason });
    });
    return loadGoalSheet(ctx, sheet.id, profile.body);
  },

  'goals.queue': (ctx, input) => goalQueue(ctx.db, input),
};
