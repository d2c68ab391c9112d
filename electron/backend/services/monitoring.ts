import type { MethodParsed } from '../../../shared/api/contract.ts';
import type { KeyCandidateDto, MonitoringSheetStatus, RoundProposalDto } from '../../../shared/api/dtoMonitoring.ts';
import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';
import { formatWan } from '../../../shared/rules/money.ts';
import { evaluateMonitoring, workingDaysDeadline } from '../../../shared/rules/monitoring.ts';
import { parseTargetValue } from '../../../shared/rules/targetValue.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { setSetting } from '../repositories/library.ts';
import {
  causesInUse, deleteMonitoringSheet, findMonitoringSheet, findRoundByKey, indicatorsOfGoalSheets, insertMonitoringEvent, insertRound,
  latestSelfExecutions, listRounds, listValues, projectBrief, projectsForKey, projectsToPopulate, querySheets, roundCounts, roundSheets, saveMonitoringSheet,
  saveRound, saveValue, sheetHasData, unitsToPopulate, type MonitoringRoundRow, type MonitoringSheetRow, type MonitoringValueRow,
} from '../repositories/monitoring.ts';
import { yearExists } from '../repositories/office.ts';
import { uuidv7 } from '../util/ids.ts';
import {
  CAUSES_SETTING_KEY, MONITORING_ACTION_LABELS, MONITORING_STATUS_LABELS, createSheets, evaluateSheet, loadCauses, loadMonitoringSheet, periodLabel,
  requireRound, roundProfile, roundTitle, sheetProblems, toRoundDto, toSheetRowDto, type CauseEntry, type SheetSeed,
} from './monitoringSheets.ts';
import { resolveProfile } from './profiles.ts';

/**
 * 绩效运行监控 (SPEC §6): rounds per fiscal year (proposed by the year's rule profile), sheets
 * pre-filled from approved goals, 重点监控 selection by the profile's rule, entry with the
 * warning engine run on every save, and the workflow
 *   draft/returned --submit--> submitted --accept--> accepted
 *                               submitted --return (comment)--> returned
 * A closed round is read-only. Every step is one transaction with its audit record.
 */

type MonitoringMethods =
  | 'monitoring.rounds' | 'monitoring.proposeRounds' | 'monitoring.createRound' | 'monitoring.updateRound' | 'monitoring.populateRound'
  | 'monitoring.keyCandidates' | 'monitoring.confirmKey' | 'monitoring.sheets' | 'monitoring.getSheet' | 'monitoring.saveSheet'
  | 'monitoring.transition' | 'monitoring.causes' | 'monitoring.saveCauses';

/** Working days between a round's issue date and its due date (the proposal's default). */
const ENTRY_WORKING_DAYS = 10;
const SHEET_TABLES = ['monitoring_sheets', 'monitoring_values', 'monitoring_warnings'];

/** First day of the month after the cut-off month: the usual issue date of a round. */
function firstDayAfter(year: number, month: number): string {
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

function requireOwnRound(ctx: CallContext, id: string, verb: string): MonitoringRoundRow {
  const round = requireRound(ctx.db, id);
  if (round.origin !== ctx.origin) throw new AppFailure('CONFLICT', `监控批次“${round.title}”来自其他单位的同步数据，只能查看，不能${verb}。`);
  if (round.status !== 'open') throw new AppFailure('CONFLICT', `监控批次“${round.title}”已关闭，不能${verb}。`);
  return round;
}

/** A sheet this office may change now: its own, in an open round. */
function requireWritableSheet(ctx: CallContext, sheetId: string, verb: string): { sheet: MonitoringSheetRow; round: MonitoringRoundRow } {
  const sheet = findMonitoringSheet(ctx.db, sheetId);
  if (!sheet) throw new AppFailure('NOT_FOUND', '监控表不存在。');
  if (sheet.origin !== ctx.origin) throw new AppFailure('CONFLICT', `该监控表来自其他单位的同步数据，只能查看，不能${verb}。`);
  const round = requireRound(ctx.db, sheet.round_id);
  if (round.status !== 'open') throw new AppFailure('CONFLICT', `监控批次“${round.title}”已关闭，监控表不能再${verb}。`);
  return { sheet, round };
}

const wrongStatus = (status: MonitoringSheetStatus, what: string) =>
  new AppFailure('CONFLICT', `监控表当前状态为“${MONITORING_STATUS_LABELS[status]}”，不能${what}。`);

/** The project or 部门整体 sheets a 自行监控 round should hold and does not yet. */
function seedsToPopulate(ctx: CallContext, round: MonitoringRoundRow): SheetSeed[] {
  // A 重点监控 round holds only the projects confirmed for it (monitoring.confirmKey creates them).
  if (round.kind === 'key') return [];
  if (round.object_type === 'project') return projectsToPopulate(ctx.db, round.origin, round.year, round.id);
  return unitsToPopulate(ctx.db, round.origin, round.year, round.id).map((u) => ({ ...u, project_id: null }));
}

function requireKeyRound(round: MonitoringRoundRow): void {
  if (round.kind !== 'key' || round.object_type !== 'project') {
    throw new AppFailure('VALIDATION', `“${round.title}”不是项目重点监控批次，不能筛选重点监控项目。`);
  }
}

// ---------------------------------------------------------------- entry

type SaveInput = MethodParsed<'monitoring.saveSheet'>;

/** What the audit log keeps of a sheet's content: the money figures, texts and one line per row. */
function contentSummary(s: MonitoringSheetRow, values: readonly MonitoringValueRow[]) {
  return {
    executed_fen: s.executed_fen, executed_fiscal_fen: s.executed_fiscal_fen, executed_other_fen: s.executed_other_fen,
    expected_full_year_fen: s.expected_full_year_fen, goal_progress: s.goal_progress, expected_goal: s.expected_goal,
    values: values.map((v) => `${v.name}：${v.actual_text || v.progress || '—'} / ${v.expected_text || '—'} / ${v.likelihood ?? '—'} ${v.causes} ${v.measure}`.trim()),
  };
}

/**
 * A 定量 row's 1–N月 or full-year value, read like a target cell with the row's operator and
 * unit as hints ("600", "600人次", "≥600" → 600). '' = not entered.
 */
function readNumber(text: string, row: MonitoringValueRow, field: string, label: string, errors: ErrorDetail[]): number | null {
  if (!text) return null;
  const parsed = parseTargetValue(text, { operator: row.operator, unit: row.unit, valueType: 'quantitative' });
  if (!parsed.ok) {
    errors.push({ field, message: `“${row.name}”的${label}：${parsed.message}` });
    return null;
  }
  const v = parsed.value;
  if (row.unit && v.unit && v.unit !== row.unit) {
    errors.push({ field, message: `“${row.name}”的${label}：计量单位“${v.unit}”与指标的计量单位“${row.unit}”不一致` });
    return null;
  }
  return v.value;
}

/** Validates the form against the stored rows and returns the rows to write, or every error. */
function planSave(ctx: CallContext, round: MonitoringRoundRow, sheet: MonitoringSheetRow, values: readonly MonitoringValueRow[], input: SaveInput) {
  const errors: ErrorDetail[] = [];
  const period = periodLabel(round.month);
  const { executedFen, executedFiscalFen, executedOtherFen } = input;
  if (executedFiscalFen !== null && executedOtherFen !== null && executedFen !== executedFiscalFen + executedOtherFen) {
    const dp = roundProfile(ctx.db, round).body.moneyDecimals;
    errors.push({
      field: 'executedFen',
      message: `${period}执行数应等于财政拨款与其他资金执行数之和（${formatWan(executedFiscalFen + executedOtherFen, dp)} 万元）`,
    });
  }
  const active = new Map(loadCauses(ctx.db).filter((c) => c.active).map((c) => [c.code, c.label]));
  const bySeq = new Map(values.map((v) => [v.seq, v]));
  const seen = new Set<number>();
  const changed: MonitoringValueRow[] = [];
  input.values.forEach((v, i) => {
    const row = bySeq.get(v.seq);
    if (!row) {
      errors.push({ field: `values.${i}.seq`, message: `第 ${i + 1} 行指标（序号 ${v.seq}）不在该监控表中，请刷新后再保存` });
      return;
    }
    if (seen.has(v.seq)) {
      errors.push({ field: `values.${i}.seq`, message: `“${row.name}”重复填写` });
      return;
    }
    seen.add(v.seq);
    const stored = new Set(JSON.parse(row.causes) as string[]);
    const causes = [...new Set(v.causes)];
    for (const code of causes) {
      // A cause deactivated after it was chosen stays valid on the rows that already carry it.
      if (!active.has(code) && !stored.has(code)) errors.push({ field: `values.${i}.causes`, message: `“${row.name}”的偏差原因“${code}”不在偏差原因字典中或已停用` });
    }
    const quantitative = row.value_type === 'quantitative';
    const next: MonitoringValueRow = {
      ...row,
      actual_text: v.actualText,
      actual_value: quantitative ? readNumber(v.actualText, row, `values.${i}.actualText`, `${period}实际完成值`, errors) : null,
      expected_text: v.expectedText,
      expected_value: quantitative ? readNumber(v.expectedText, row, `values.${i}.expectedText`, '全年预计完成值', errors) : null,
      progress: quantitative ? null : v.progress,
      causes: JSON.stringify(causes),
      cause_note: v.causeNote,
      likelihood: v.likelihood,
      measure: v.measure,
    };
    changed.push(next);
  });
  if (errors.length) throw new AppFailure('VALIDATION', `监控表有 ${errors.length} 处填写有误：${errors[0]?.message ?? ''}`, errors);
  const nextSheet: MonitoringSheetRow = {
    ...sheet, executed_fen: executedFen, executed_fiscal_fen: executedFiscalFen, executed_other_fen: executedOtherFen,
    expected_full_year_fen: input.expectedFullYearFen, goal_progress: input.goalProgress, expected_goal: input.expectedGoal, updated_at: ctx.now().toISOString(),
  };
  const merged = values.map((v) => changed.find((c) => c.seq === v.seq) ?? v);
  return { nextSheet, changed, merged };
}

// ---------------------------------------------------------------- causes dictionary

function planCauses(ctx: CallContext, next: readonly CauseEntry[]): void {
  const errors: ErrorDetail[] = [];
  const codes = new Map<string, number>();
  const labels = new Map<string, number>();
  next.forEach((c, i) => {
    if (codes.has(c.code)) errors.push({ field: `causes.${i}.code`, message: `编码“${c.code}”重复` });
    else codes.set(c.code, i);
    if (labels.has(c.label)) errors.push({ field: `causes.${i}.label`, message: `偏差原因“${c.label}”重复` });
    else labels.set(c.label, i);
  });
  const inUse = causesInUse(ctx.db);
  for (const old of loadCauses(ctx.db)) {
    if (!codes.has(old.code) && inUse.has(old.code)) {
      errors.push({ field: 'causes', message: `偏差原因“${old.label}”已在监控表中使用，不能删除；如不再使用，请改为停用` });
    }
  }
  if (!next.some((c) => c.active)) errors.push({ field: 'causes', message: '至少保留一个启用的偏差原因' });
  if (errors.length) throw new AppFailure('VALIDATION', `偏差原因字典有 ${errors.length} 处问题：${errors[0]?.message ?? ''}`, errors);
}

// ---------------------------------------------------------------- handlers

export const monitoringHandlers: HandlerMap<MonitoringMethods> = {
  'monitoring.rounds': (ctx, { year, origin }) => listRounds(ctx.db, year, origin).map((r) => toRoundDto(ctx.db, r, ctx.origin)),

  'monitoring.proposeRounds': (ctx, { year }) => {
    if (!yearExists(ctx.db, year)) throw new AppFailure('NOT_FOUND', `${year} 年度不存在。`);
    const profile = resolveProfile(ctx.db, year);
    return profile.body.monitoring.rounds
      .toSorted((a, b) => a.month - b.month || (a.objectType === b.objectType ? 0 : a.objectType === 'project' ? -1 : 1))
      .map((t): RoundProposalDto => {
        const issuedOn = firstDayAfter(year, t.month);
        return {
          month: t.month, objectType: t.objectType, kind: t.kind, title: roundTitle(year, t.month, t.objectType, t.kind),
          issuedOn, dueOn: workingDaysDeadline(issuedOn, ENTRY_WORKING_DAYS),
          exists: findRoundByKey(ctx.db, ctx.origin, year, t.month, t.objectType, t.kind) !== undefined,
        };
      });
  },

  'monitoring.createRound': (ctx, input) => {
    if (!yearExists(ctx.db, input.year)) throw new AppFailure('VALIDATION', `${input.year} 年度不存在，请先新增年度。`, [{ field: 'year', message: '年度不存在' }]);
    if (input.kind === 'key' && input.objectType !== 'project') {
      throw new AppFailure('VALIDATION', '重点监控批次只适用于项目。', [{ field: 'objectType', message: '重点监控批次只适用于项目' }]);
    }
    const dup = findRoundByKey(ctx.db, ctx.origin, input.year, input.month, input.objectType, input.kind);
    if (dup) throw new AppFailure('CONFLICT', `${input.year} 年已有${periodLabel(input.month)}的同类监控批次“${dup.title}”。`, [{ field: 'month', message: '同类监控批次已存在' }]);
    const profile = resolveProfile(ctx.db, input.year);
    const at = ctx.now().toISOString();
    const row: Omit<MonitoringRoundRow, 'rev'> = {
      id: uuidv7(), origin: ctx.origin, year: input.year, month: input.month, object_type: input.objectType, kind: input.kind, title: input.title,
      issued_on: input.issuedOn, due_on: input.dueOn, status: 'open', profile_id: profile.id, profile_version: profile.version, created_at: at, updated_at: at,
    };
    ctx.write(['monitoring_rounds'], (tx) => {
      insertRound(ctx.db, row);
      tx.record('monitoring_round', row.id, null, {
        title: row.title, year: row.year, month: row.month, object_type: row.object_type, kind: row.kind, issued_on: row.issued_on, due_on: row.due_on,
        profile: `${profile.id}@${profile.version}`,
      });
    });
    return toRoundDto(ctx.db, requireRound(ctx.db, row.id), ctx.origin);
  },

  'monitoring.updateRound': (ctx, input) => {
    const round = requireRound(ctx.db, input.id);
    if (round.origin !== ctx.origin) throw new AppFailure('CONFLICT', `监控批次“${round.title}”来自其他单位的同步数据，只能查看，不能修改。`);
    if (input.rev !== round.rev) throw new AppFailure('CONFLICT', '该监控批次已被他人修改，请刷新后再保存');
    if (input.dueOn < input.issuedOn) throw new AppFailure('VALIDATION', '填报截止日期不能早于下发日期', [{ field: 'dueOn', message: '填报截止日期不能早于下发日期' }]);
    const next = { id: round.id, title: input.title, issued_on: input.issuedOn, due_on: input.dueOn, status: input.status, updated_at: ctx.now().toISOString() };
    ctx.write(['monitoring_rounds'], (tx) => {
      saveRound(ctx.db, next);
      tx.record('monitoring_round', round.id,
        { title: round.title, issued_on: round.issued_on, due_on: round.due_on, status: round.status },
        { title: next.title, issued_on: next.issued_on, due_on: next.due_on, status: next.status });
    });
    return toRoundDto(ctx.db, requireRound(ctx.db, round.id), ctx.origin);
  },

  'monitoring.populateRound': (ctx, { roundId }) => {
    const round = requireOwnRound(ctx, roundId, '生成监控表');
    const existing = roundCounts(ctx.db, round.id).total;
    const seeds = seedsToPopulate(ctx, round);
    if (seeds.length === 0) return { created: 0, existing };
    const indicators = indicatorsOfGoalSheets(ctx.db, seeds.map((s) => s.goal_sheet_id));
    const now = ctx.now();
    const created = ctx.write(SHEET_TABLES, (tx) => {
      const ids = createSheets(ctx.db, round, seeds, indicators, now, ctx.origin, 0);
      tx.summary('monitoring_round', { round: round.id, title: round.title, created: ids.length, existing });
      return ids.length;
    });
    return { created, existing };
  },

  'monitoring.keyCandidates': (ctx, { roundId }) => {
    const round = requireRound(ctx.db, roundId);
    requireKeyRound(round);
    const profile = roundProfile(ctx.db, round);
    const selected = new Set(roundSheets(ctx.db, round.id).filter((s) => s.key_selected === 1 && s.project_id).map((s) => s.project_id ?? ''));
    const out: KeyCandidateDto[] = [];
    const listed = new Set<string>();
    for (const p of latestSelfExecutions(ctx.db, round.origin, round.year, round.month)) {
      // Only the amount and execution matter to the key rule: the indicator rows are left out.
      const r = evaluateMonitoring(profile.body, {
        year: round.year, month: round.month, initialBudgetFen: p.initial_fen, annualBudgetFen: p.annual_fen, executedFen: p.executed_fen, indicators: [],
      });
      const isSelected = selected.has(p.project_id);
      if (!r.keySelected && !isSelected) continue;
      listed.add(p.project_id);
      out.push({
        projectId: p.project_id, code: p.code, name: p.name, unitName: p.unit_name, annualBudgetFen: p.annual_fen, executedFen: p.executed_fen,
        executionRate: r.executionRate,
        // The figures are the latest self-monitoring ones (1–p.month): name that period, not the key round's.
        reason: r.keyReason?.replaceAll(`${periodLabel(round.month)}执行率`, `${periodLabel(p.month)}执行率`) ?? `人工选定（${periodLabel(p.month)}执行率未达到筛选条件）`,
        selected: isSelected,
      });
    }
    for (const id of selected) {
      if (listed.has(id)) continue;
      const p = projectBrief(ctx.db, id);
      if (!p) continue;
      out.push({
        projectId: id, code: p.code, name: p.name, unitName: p.unit_name, annualBudgetFen: p.annual_fen, executedFen: null, executionRate: null,
        reason: '人工选定（尚无自行监控执行数据）', selected: true,
      });
    }
    return out.toSorted((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  },

  'monitoring.confirmKey': (ctx, { roundId, projectIds }) => {
    const round = requireOwnRound(ctx, roundId, '确定重点监控项目');
    requireKeyRound(round);
    const chosen = [...new Set(projectIds)];
    const errors: ErrorDetail[] = [];
    const found = new Map(projectsForKey(ctx.db, chosen).map((p) => [p.project_id, p]));
    const seeds: SheetSeed[] = [];
    const inRound = new Map(roundSheets(ctx.db, round.id).filter((s) => s.project_id).map((s) => [s.project_id ?? '', s]));
    chosen.forEach((id) => {
      const i = projectIds.indexOf(id);
      const p = found.get(id);
      if (!p || p.origin !== ctx.origin || p.year !== round.year) {
        errors.push({ field: `projectIds.${i}`, message: `第 ${i + 1} 个项目不是本单位 ${round.year} 年度的项目` });
        return;
      }
      if (p.project_status === 'cancelled' || p.project_status === 'notFunded') {
        errors.push({ field: `projectIds.${i}`, message: `项目“${p.name}”已取消或不予安排，不能列入重点监控` });
        return;
      }
      if (inRound.has(id)) return;
      if (p.goal_sheet_id === null || (p.goal_status !== 'approved' && p.goal_status !== 'published')) {
        errors.push({ field: `projectIds.${i}`, message: `项目“${p.name}”的绩效目标尚未批复，不能列入重点监控` });
        return;
      }
      seeds.push({ ...p, goal_sheet_id: p.goal_sheet_id });
    });
    const chosenSet = new Set(chosen);
    const toRemove = [...inRound.values()].filter((s) => !chosenSet.has(s.project_id ?? ''));
    const blocked = toRemove.filter((s) => sheetHasData(ctx.db, s.id));
    if (blocked.length) {
      const names = blocked.map((s) => `“${projectBrief(ctx.db, s.project_id ?? '')?.name ?? s.id}”`);
      errors.push({ field: 'projectIds', message: `${names.join('、')}的重点监控表已填报或已处理，不能移出重点监控` });
    }
    if (errors.length) throw new AppFailure('VALIDATION', `重点监控项目有 ${errors.length} 处问题：${errors[0]?.message ?? ''}`, errors);
    const toMark = chosen.map((id) => inRound.get(id)).filter((s): s is MonitoringSheetRow => s !== undefined && s.key_selected === 0);
    const indicators = indicatorsOfGoalSheets(ctx.db, seeds.map((s) => s.goal_sheet_id));
    const now = ctx.now();
    ctx.write(SHEET_TABLES, (tx) => {
      createSheets(ctx.db, round, seeds, indicators, now, ctx.origin, 1);
      for (const s of toMark) saveMonitoringSheet(ctx.db, { ...s, key_selected: 1, updated_at: now.toISOString() });
      for (const s of toRemove) deleteMonitoringSheet(ctx.db, s.id);
      tx.summary('monitoring_round', {
        round: round.id, title: round.title, added: seeds.length + toMark.length, removed: toRemove.length, selected: chosen.length,
      });
    });
    return { selected: roundCounts(ctx.db, round.id).key_selected };
  },

  'monitoring.sheets': (ctx, input) => {
    const round = requireRound(ctx.db, input.roundId);
    const { rows, total } = querySheets(ctx.db, input, input.pageSize, (input.page - 1) * input.pageSize);
    return { rows: rows.map((r) => toSheetRowDto(r, round)), total };
  },

  'monitoring.getSheet': (ctx, { sheetId }) => loadMonitoringSheet(ctx, sheetId),

  'monitoring.saveSheet': (ctx, input) => {
    const { sheet, round } = requireWritableSheet(ctx, input.sheetId, '修改');
    if (sheet.status !== 'draft' && sheet.status !== 'returned') throw wrongStatus(sheet.status, '修改（只有草稿或被退回的监控表可以修改）');
    if (input.rev !== sheet.rev) throw new AppFailure('CONFLICT', '该监控表已被他人修改，请刷新后再保存');
    const values = listValues(ctx.db, sheet.id);
    const { nextSheet, changed, merged } = planSave(ctx, round, sheet, values, input);
    const now = ctx.now();
    ctx.write(SHEET_TABLES, (tx) => {
      saveMonitoringSheet(ctx.db, nextSheet);
      for (const v of changed) saveValue(ctx.db, v);
      evaluateSheet(ctx.db, sheet.id, now, ctx.origin);
      tx.record('monitoring_sheet', sheet.id, contentSummary(sheet, values), contentSummary(nextSheet, merged));
    });
    return loadMonitoringSheet(ctx, sheet.id);
  },

  'monitoring.transition': (ctx, { sheetId, transition, comment }) => {
    const verb = { submit: '提交', return: '退回', accept: '审核' }[transition];
    const { sheet, round } = requireWritableSheet(ctx, sheetId, verb);
    let to: MonitoringSheetStatus;
    switch (transition) {
      case 'submit': {
        if (sheet.status !== 'draft' && sheet.status !== 'returned') throw wrongStatus(sheet.status, '提交');
        const problems = sheetProblems(round, sheet, listValues(ctx.db, sheet.id));
        if (problems.length) {
          throw new AppFailure('VALIDATION', `监控表有 ${problems.length} 处未填写完整，不能提交：${problems[0]?.message ?? ''}`,
            problems.map((p) => ({ field: p.field, message: p.message })));
        }
        to = 'submitted';
        break;
      }
      case 'return':
        if (sheet.status !== 'submitted') throw wrongStatus(sheet.status, '退回（只有已提交的监控表可以退回）');
        to = 'returned';
        break;
      case 'accept':
        if (sheet.status !== 'submitted') throw wrongStatus(sheet.status, '审核通过（只有已提交的监控表可以审核）');
        to = 'accepted';
        break;
    }
    const at = ctx.now().toISOString();
    ctx.write(['monitoring_sheets', 'monitoring_events'], (tx) => {
      saveMonitoringSheet(ctx.db, { ...sheet, status: to, updated_at: at });
      insertMonitoringEvent(ctx.db, {
        id: uuidv7(), sheet_id: sheet.id, at, username: ctx.user?.username ?? '', action: MONITORING_ACTION_LABELS[transition],
        from_status: sheet.status, to_status: to, comment,
      });
      tx.record('monitoring_sheet', sheet.id, { status: sheet.status, action: null, comment: null }, { status: to, action: MONITORING_ACTION_LABELS[transition], comment: comment || null });
    });
    return loadMonitoringSheet(ctx, sheet.id);
  },

  'monitoring.causes': (ctx) => loadCauses(ctx.db),

  'monitoring.saveCauses': (ctx, { causes }) => {
    planCauses(ctx, causes);
    const before = loadCauses(ctx.db);
    const text = (list: readonly CauseEntry[]) => list.map((c) => `${c.code}=${c.label}${c.active ? '' : '（停用）'}`);
    ctx.write(['settings'], (tx) => {
      setSetting(ctx.db, CAUSES_SETTING_KEY, JSON.stringify(causes));
      tx.record('setting', CAUSES_SETTING_KEY, { causes: text(before) }, { causes: text(causes) });
    });
    return loadCauses(ctx.db);
  },
};
