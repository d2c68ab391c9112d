import { AppFailure } from '../../../shared/api/result.ts';
import type { RectificationDto } from '../../../shared/api/dtoMonitoring.ts';
import { MONEY_DECISION_ACTIONS } from '../../../shared/api/schemasMonitoring.ts';
import type { Level1Code } from '../../../shared/domain/indicators.ts';
import { RECTIFICATION_STATUS_LABELS } from '../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../shared/rules/money.ts';
import { DECISION_ACTION_LABELS } from '../../../shared/rules/monitoring.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { findMonitoringSheet, findRound, type MonitoringDecisionRow } from '../repositories/monitoring.ts';
import { findWarning, indicatorLevel1, insertDecision, listWarnings } from '../repositories/monitoringQueries.ts';
import {
  findRectification, insertRectification, listRectifications, nextRectificationSeq, saveRectification,
  type RectificationListRow, type RectificationRow,
} from '../repositories/rectifications.ts';
import { uuidv7 } from '../util/ids.ts';
import { loadMonitoringSheet, sheetTitle, toWarningDto } from './monitoringSheets.ts';

/**
 * Acting on warnings (预警处理, SPEC §6.4) and the rectification items a 限期整改 creates (整改事项,
 * SPEC §9.2; the results issue extends them into the full ledger).
 *
 * Decisions: only this office's sheets; the money actions (调减预算, 调剂, 暂缓拨款, 停止拨款,
 * 收回资金) only for the finance roles (绩效管理 and 业务股室), with an amount above 0 and not above
 * the sheet's budget (全年预算数, or 年初预算数 while no annual figure is set — the base the warning
 * engine measures execution against). Other actions store no amount, and a rectification item
 * sent with any action but 限期整改 is ignored. Decisions are allowed on closed rounds too: handling
 * follows the round's figures after entry has closed.
 *
 * Rectification status flow (整改状态):
 *   open (未开始) → inProgress (整改中) | done (已完成) | waived (不予整改)
 *   inProgress   → done | waived
 *   open / inProgress may be saved in the same status to record progress and measures;
 *   done and waived are final: nothing changes them except the performance role (绩效管理)
 *   reopening to inProgress (a 复核 found the fix incomplete), which clears the closing date.
 * done needs the completion date (not before the issue date, not after today); waived needs the
 * reason in `progress` and closes on today. overdue (逾期) is never stored: an open or in-progress
 * item whose deadline is before today (ctx.now(), as a UTC date) is overdue when read.
 */

/** 问题类别 of a rectification item (SPEC §9.2, the subset monitoring produces). */
export const RECTIFICATION_CATEGORIES = ['funds', 'implementation', 'output', 'benefit', 'goalSetting', 'other'] as const;
export type RectificationCategory = (typeof RECTIFICATION_CATEGORIES)[number];
// Labels: RECTIFICATION_CATEGORY_LABELS in the zh-CN catalog (a superset: the ledger's other categories).

/**
 * The category of an item raised from a warning: execution rules are about the money (资金管理),
 * the target–execution gap about how the project is run (组织实施), an indicator's light or
 * 完全不可能 about that indicator's level-1 (产出/成本 → 产出, 效益/满意度 → 效益; a 完全不可能 row
 * that cannot be found any more → 目标设置). A decision without a warning → 其他.
 */
function categoryOf(ctx: CallContext, sheetId: string, warning: { rule: string; indicator: string | null } | null): RectificationCategory {
  if (!warning) return 'other';
  switch (warning.rule) {
    case 'nodeFloor':
    case 'timeGap':
      return 'funds';
    case 'targetExecutionGap':
      return 'implementation';
    case 'qualitativeLight':
    case 'impossible': {
      const level1 = warning.indicator ? (indicatorLevel1(ctx.db, sheetId, warning.indicator) as Level1Code | undefined) : undefined;
      if (level1 === 'output' || level1 === 'cost') return 'output';
      if (level1 === 'benefit' || level1 === 'satisfaction') return 'benefit';
      return warning.rule === 'impossible' ? 'goalSetting' : 'other';
    }
    default:
      return 'other';
  }
}

const today = (ctx: CallContext) => ctx.now().toISOString().slice(0, 10);

const isMoneyAction = (action: string) => (MONEY_DECISION_ACTIONS as readonly string[]).includes(action);


function toRectificationDto(ctx: CallContext, r: RectificationListRow): RectificationDto {
  const open = r.status === 'open' || r.status === 'inProgress';
  return {
    id: r.id, origin: r.origin, readOnly: r.origin !== ctx.origin, year: r.year, code: r.code, source: r.source, sourceId: r.source_id,
    projectId: r.project_id, projectCode: r.project_code, unitId: r.unit_id, title: sheetTitle({ ...r, unit_name: r.unit_name ?? '' }),
    unitName: r.unit_name ?? '', category: r.category, problem: r.problem, requirement: r.requirement, owner: r.owner, issuedOn: r.issued_on,
    deadline: r.deadline, status: r.status, overdue: open && r.deadline < today(ctx), progress: r.progress, measures: r.measures,
    amountFen: r.amount_fen, closedOn: r.closed_on, updatedAt: r.updated_at, rev: r.rev,
  };
}

/** Which status changes the ledger allows (see the file comment); reopening is checked by role separately. */
function transitionProblem(from: RectificationRow['status'], to: RectificationRow['status']): string | null {
  if (from === 'open' || from === 'inProgress') {
    if (from === 'inProgress' && to === 'open') return '整改中的事项不能改回“未开始”';
    return null;
  }
  if (to === 'inProgress') return null; // reopening: role checked by the caller
  return `“${RECTIFICATION_STATUS_LABELS[from]}”的整改事项已办结，不能再修改（绩效管理可重新打开为“整改中”）`;
}

type DecisionMethods = 'monitoring.warnings' | 'monitoring.decide' | 'rectifications.list' | 'rectifications.update';

export const monitoringDecisionHandlers: HandlerMap<DecisionMethods> = {
  'monitoring.warnings': (ctx, input) => {
    const { rows, total } = listWarnings(
      ctx.db,
      { year: input.year, roundId: input.roundId, level: input.level, rule: input.rule, unitId: input.unitId, undecidedOnly: input.undecidedOnly },
      input.pageSize,
      (input.page - 1) * input.pageSize,
    );
    return { rows: rows.map((r) => toWarningDto(r, { title: sheetTitle(r), projectCode: r.project_code, unitName: r.unit_name })), total };
  },

  'monitoring.decide': (ctx, input) => {
    const sheet = findMonitoringSheet(ctx.db, input.sheetId);
    if (!sheet) throw new AppFailure('NOT_FOUND', '监控表不存在。');
    if (sheet.origin !== ctx.origin) throw new AppFailure('CONFLICT', '该监控表来自其他单位的同步数据，只能查看，不能作出处理。');
    const round = findRound(ctx.db, sheet.round_id);
    if (!round) throw new AppFailure('NOT_FOUND', '监控表所属的监控批次不存在。');
    const label = DECISION_ACTION_LABELS[input.action];

    const money = isMoneyAction(input.action);
    if (money) {
      const role = ctx.user?.role;
      if (role !== 'performance' && role !== 'business') throw new AppFailure('FORBIDDEN', `“${label}”涉及资金，只有财政部门（绩效管理、业务股室）可以作出。`);
      const amount = input.amountFen;
      if (amount === null || amount <= 0) throw new AppFailure('VALIDATION', `“${label}”涉及资金，须填写大于 0 的金额。`, [{ field: 'amountFen', message: '请填写金额' }]);
      const base = sheet.annual_budget_fen > 0 ? sheet.annual_budget_fen : sheet.initial_budget_fen;
      const baseLabel = sheet.annual_budget_fen > 0 ? '全年预算数' : '年初预算数';
      if (amount > base) {
        throw new AppFailure('VALIDATION', `“${label}”金额 ${formatWan(amount)} 万元超过该项目${baseLabel} ${formatWan(base)} 万元。`, [
          { field: 'amountFen', message: `不能超过${baseLabel} ${formatWan(base)} 万元` },
        ]);
      }
    }

    let warning: { rule: string; message: string; indicator: string | null } | null = null;
    if (input.warningId) {
      const w = findWarning(ctx.db, input.warningId);
      if (!w || w.sheet_id !== sheet.id) {
        throw new AppFailure('NOT_FOUND', '该预警已不存在（监控表重新计算后预警会更新），请刷新后重新选择。', [{ field: 'warningId', message: '预警不存在' }]);
      }
      warning = { rule: w.rule, message: w.message, indicator: w.indicator };
    }

    const now = ctx.now();
    const at = now.toISOString();
    const day = today(ctx);
    const decisionId = uuidv7(now.getTime());
    let rect: Omit<RectificationRow, 'rev'> | null = null;
    if (input.action === 'rectify') {
      const r = input.rectification;
      if (!r) throw new AppFailure('VALIDATION', '限期整改须填写问题、整改要求、责任单位和整改期限。', [{ field: 'rectification', message: '请填写整改事项' }]);
      if (r.deadline < day) throw new AppFailure('VALIDATION', `整改期限 ${r.deadline} 早于下发日期 ${day}。`, [{ field: 'rectification.deadline', message: '整改期限不能早于今天' }]);
      rect = {
        id: uuidv7(now.getTime()), origin: ctx.origin, year: round.year, code: '', source: 'monitoring', source_id: decisionId,
        project_id: sheet.project_id, unit_id: sheet.unit_id, category: categoryOf(ctx, sheet.id, warning), problem: r.problem,
        requirement: r.requirement, owner: r.owner, issued_on: day, deadline: r.deadline, status: 'open', progress: '', measures: '',
        amount_fen: null, closed_on: null, created_at: at, updated_at: at,
      };
    }
    const decision: MonitoringDecisionRow = {
      id: decisionId, origin: ctx.origin, sheet_id: sheet.id, warning_rule: warning?.rule ?? null, warning_message: warning?.message ?? null,
      action: input.action, amount_fen: money ? input.amountFen : null, note: input.note, decided_by: ctx.user?.displayName ?? '（系统）', // printed on the form: the person's name
      decided_at: at, rectification_id: rect?.id ?? null, created_at: at,
    };

    ctx.write(['monitoring_decisions', 'rectifications'], (tx) => {
      if (rect) {
        // Numbered inside the transaction: the single writer queue makes the sequence gap-free.
        rect.code = `ZG-${round.year}-${String(nextRectificationSeq(ctx.db, ctx.origin, round.year)).padStart(4, '0')}`;
        insertRectification(ctx.db, rect);
        tx.record('rectification', rect.id, null, rect);
      }
      insertDecision(ctx.db, decision);
      tx.record('monitoring_decision', decision.id, null, decision);
    });
    return loadMonitoringSheet(ctx, sheet.id);
  },

  'rectifications.list': (ctx, input) => {
    const { rows, total } = listRectifications(
      ctx.db,
      { year: input.year, status: input.status, source: input.source, q: input.q, today: today(ctx) },
      input.pageSize,
      (input.page - 1) * input.pageSize,
    );
    return { rows: rows.map((r) => toRectificationDto(ctx, r)), total };
  },

  'rectifications.update': (ctx, input) => {
    const before = findRectification(ctx.db, input.id);
    if (!before) throw new AppFailure('NOT_FOUND', '整改事项不存在。');
    if (before.origin !== ctx.origin) throw new AppFailure('CONFLICT', `整改事项“${before.code}”来自其他单位的同步数据，只能查看，不能修改。`);
    if (before.rev !== input.rev) throw new AppFailure('CONFLICT', `整改事项“${before.code}”已被他人修改，请刷新后重试。`);
    const problem = transitionProblem(before.status, input.status);
    if (problem) throw new AppFailure('CONFLICT', `${before.code}：${problem}。`, [{ field: 'status', message: problem }]);
    const reopening = (before.status === 'done' || before.status === 'waived') && input.status === 'inProgress';
    if (reopening && ctx.user?.role !== 'performance') {
      throw new AppFailure('FORBIDDEN', `已办结的整改事项“${before.code}”只有绩效管理可以重新打开。`);
    }
    const day = today(ctx);
    let closedOn: string | null = null;
    if (input.status === 'done') {
      closedOn = input.closedOn;
      if (!closedOn) throw new AppFailure('VALIDATION', '销号时请填写完成日期。', [{ field: 'closedOn', message: '请填写完成日期' }]);
      if (closedOn < before.issued_on) throw new AppFailure('VALIDATION', `完成日期 ${closedOn} 早于下发日期 ${before.issued_on}。`, [{ field: 'closedOn', message: '完成日期不能早于下发日期' }]);
      if (closedOn > day) throw new AppFailure('VALIDATION', `完成日期 ${closedOn} 晚于今天（${day}）。`, [{ field: 'closedOn', message: '完成日期不能晚于今天' }]);
    } else if (input.status === 'waived') {
      if (!input.progress) throw new AppFailure('VALIDATION', '不予整改须在整改进展中说明原因。', [{ field: 'progress', message: '请说明不予整改的原因' }]);
      closedOn = day;
    }
    const after = { ...before, status: input.status, progress: input.progress, measures: input.measures, closed_on: closedOn, updated_at: ctx.now().toISOString() };
    const { project_code: _pc, project_name: _pn, unit_name: _un, ...beforeRow } = before;
    const { project_code: _pc2, project_name: _pn2, unit_name: _un2, ...afterRow } = after;
    ctx.write(['rectifications'], (tx) => {
      saveRectification(ctx.db, after);
      tx.record('rectification', before.id, beforeRow, { ...afterRow, rev: before.rev + 1 });
    });
    const saved = findRectification(ctx.db, before.id);
    if (!saved) throw new AppFailure('NOT_FOUND', '整改事项不存在。');
    return toRectificationDto(ctx, saved);
  },
};
