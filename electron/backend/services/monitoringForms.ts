import { AppFailure } from '../../../shared/api/result.ts';
import type { MonitoringSheetDto, MonitoringValueDto } from '../../../shared/api/dtoMonitoring.ts';
import { WARNING_LEVEL_LABELS } from '../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../shared/rules/money.ts';
import { DECISION_ACTION_LABELS, LIKELIHOOD_LABELS, PROGRESS_LABELS, type DecisionAction } from '../../../shared/rules/monitoring.ts';
import { percent } from '../../../shared/rules/rounding.ts';
import { formatTarget } from '../../../shared/rules/targetValue.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { monitoringFormSheet, periodWords, type MonitoringFormData, type MonitoringFormIndicator } from '../files/monitoringForms.ts';
import { fileDto, sanitizeSheetName, writeLaidOutWorkbook, type LaidOutSheet } from '../files/xlsx.ts';
import { findRound } from '../repositories/monitoring.ts';
import { unitRoundSheets } from '../repositories/monitoringQueries.ts';
import { findProject, initialTotalFen } from '../repositories/projects.ts';
import { findRectification } from '../repositories/rectifications.ts';
import { findUnit, type UnitRow } from '../repositories/units.ts';
import { MONITORING_STATUS_LABELS, loadCauses, loadMonitoringSheet } from './monitoringSheets.ts';

/**
 * Exports of the 执行监控表 (monitoring.exportForm for one sheet, monitoring.exportUnitBatch for a
 * unit's sheets in a round: its 部门整体 sheet first, then its project sheets by code — the unit's
 * own sheets only, as with the goal forms). The form reads the sheet exactly as the screens show
 * it (loadMonitoringSheet); layout in files/monitoringForms.ts.
 */

const dateOf = (iso: string) => iso.slice(0, 10);
/** File names carry unit and project names: keep them valid on Windows. */
const safeFileName = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]/g, '_').trim();
const withCode = (u: UnitRow) => `${u.name}（${u.code}）`;
/** The form prints "＝0起" rather than "=0起": a leading "=" would be stored with the formula guard. */
const printText = (text: string) => text.replace(/^=/, '＝');

/** The 主管部门 of a unit: its top ancestor (a 主管部门 is its own). */
function departmentOf(ctx: CallContext, unit: UnitRow): UnitRow {
  let cur = unit;
  for (let guard = 0; cur.parent_id && guard < 5; guard++) {
    const parent = findUnit(ctx.db, cur.parent_id);
    if (!parent) break;
    cur = parent;
  }
  return cur;
}

const valueText = (text: string, value: number | null, unit: string) => (text ? text : value === null ? '' : `${value}${unit}`);

function indicatorRow(v: MonitoringValueDto): MonitoringFormIndicator {
  const target = v.targetText || formatTarget({ valueType: v.valueType, operator: v.operator, value: v.targetValue, unit: v.unit, text: v.targetText });
  const qualitative = v.valueType === 'qualitative';
  // 定性 rows are monitored with the three progress values (SPEC §6.3), printed in 1–N月实际.
  const actual = qualitative && v.progress ? PROGRESS_LABELS[v.progress] : valueText(v.actualText, v.actualValue, v.unit);
  const remarks = [v.causeNote && `原因说明：${v.causeNote}`, v.measure && `纠偏措施：${v.measure}`].filter(Boolean).join('；');
  return {
    level1: v.level1, level2: v.level2, name: v.name, target: printText(target), actual: printText(actual),
    expected: printText(valueText(v.expectedText, v.expectedValue, v.unit)), causes: v.causes, likelihood: v.likelihood ? LIKELIHOOD_LABELS[v.likelihood] : '',
    remarks,
  };
}

function decisionText(ctx: CallContext, d: MonitoringSheetDto['decisions'][number]): string {
  const parts: string[] = [];
  if (d.warningMessage) parts.push(`针对预警：${d.warningMessage}`);
  if (d.amountFen !== null) parts.push(`金额 ${formatWan(d.amountFen)} 万元`);
  if (d.note) parts.push(d.note);
  if (d.rectificationId) {
    const rect = findRectification(ctx.db, d.rectificationId);
    if (rect) parts.push(`整改事项 ${rect.code}：${rect.requirement}（责任单位：${rect.owner}，整改期限：${rect.deadline}）`);
  }
  return `${parts.join('；')}（${d.decidedBy}，${dateOf(d.decidedAt)}）`;
}

/** The form's data from a loaded sheet. */
function formData(ctx: CallContext, s: MonitoringSheetDto, sheetName: string): MonitoringFormData {
  const unit = findUnit(ctx.db, s.unitId);
  if (!unit) throw new AppFailure('NOT_FOUND', `监控表“${s.title}”的单位不存在。`);
  const project = s.projectId ? findProject(ctx.db, s.projectId) : undefined;
  // 年初 split by source from the project, while it still adds up to the 年初预算数 the sheet copied.
  const initialSplit = project && initialTotalFen(project) === s.initialBudgetFen;
  const used = new Set(s.values.flatMap((v) => v.causes));
  const dictionary = loadCauses(ctx.db);
  const causes = dictionary.filter((c) => c.active || used.has(c.code)).map((c) => ({ code: c.code, label: c.label }));
  for (const code of used) if (!dictionary.some((c) => c.code === code)) causes.push({ code, label: code });
  const rate = (num: number | null, den: number) => (num === null ? null : percent(num, den));
  return {
    sheetName,
    objectType: s.objectType,
    year: s.round.year,
    month: s.round.month,
    name: project ? project.name : withCode(unit),
    code: project ? project.code : unit.code,
    department: withCode(departmentOf(ctx, unit)),
    implementingUnit: unit.name,
    initial: {
      totalFen: s.initialBudgetFen,
      fiscalFen: initialSplit ? project.initial_fiscal_fen : null,
      otherFen: initialSplit ? project.initial_carryover_fen + project.initial_other_fen : null,
    },
    annual: { totalFen: s.annualBudgetFen, fiscalFen: s.fiscalBudgetFen, otherFen: s.otherBudgetFen },
    executed: { totalFen: s.executedFen, fiscalFen: s.executedFiscalFen, otherFen: s.executedOtherFen },
    // The total's rate is the warning engine's (全年, or 年初 while no annual figure is set).
    rates: { total: s.executionRate, fiscal: rate(s.executedFiscalFen, s.fiscalBudgetFen), other: rate(s.executedOtherFen, s.otherBudgetFen) },
    expected: { totalFen: s.expectedFullYearFen, fiscalFen: null, otherFen: null },
    annualGoal: s.annualGoal,
    goalProgress: s.goalProgress,
    expectedGoal: s.expectedGoal,
    causes,
    indicators: s.values.map(indicatorRow),
    warnings: s.warnings.map((w) => ({ level: WARNING_LEVEL_LABELS[w.level], message: w.message })),
    decisions: s.decisions.map((d) => ({
      action: DECISION_ACTION_LABELS[d.action as DecisionAction] ?? d.action,
      text: decisionText(ctx, d),
    })),
    footer: [
      s.timeProgress === null ? '' : `时间进度 ${s.timeProgress.toFixed(2)}%`,
      `当前状态：${MONITORING_STATUS_LABELS[s.status]}`,
      `导出日期：${dateOf(ctx.now().toISOString())}`,
    ].filter(Boolean).join('　　'),
  };
}

const UNIT_SHEET_NAME = '部门整体';

function laidOut(ctx: CallContext, sheetId: string, taken: Set<string>): { sheet: LaidOutSheet; dto: MonitoringSheetDto } {
  const dto = loadMonitoringSheet(ctx, sheetId);
  const name = sanitizeSheetName(dto.projectCode ?? UNIT_SHEET_NAME, taken);
  return { sheet: monitoringFormSheet(formData(ctx, dto, name)), dto };
}

type FormMethods = 'monitoring.exportForm' | 'monitoring.exportUnitBatch';

export const monitoringFormHandlers: HandlerMap<FormMethods> = {
  'monitoring.exportForm': (ctx, { sheetId }) => {
    const { sheet, dto } = laidOut(ctx, sheetId, new Set());
    const period = `${dto.round.year}年${periodWords(dto.round.month)}月`;
    const name = dto.projectCode ? `项目支出绩效目标执行监控表-${dto.projectCode}-${period}.xlsx` : `部门整体支出绩效目标执行监控表-${dto.unitName}-${period}.xlsx`;
    return fileDto(safeFileName(name), writeLaidOutWorkbook([sheet]));
  },

  'monitoring.exportUnitBatch': (ctx, { roundId, unitId }) => {
    const round = findRound(ctx.db, roundId);
    if (!round) throw new AppFailure('NOT_FOUND', '监控批次不存在。');
    const unit = findUnit(ctx.db, unitId);
    if (!unit) throw new AppFailure('NOT_FOUND', '单位不存在。');
    const ids = unitRoundSheets(ctx.db, roundId, unitId);
    if (ids.length === 0) throw new AppFailure('NOT_FOUND', `“${unit.name}”在监控批次“${round.title}”中没有监控表。`);
    const taken = new Set<string>();
    const sheets = ids.map((s, k) => {
      ctx.progress('monitoring.exportUnitBatch', '正在生成监控表', k, ids.length);
      return laidOut(ctx, s.id, taken).sheet;
    });
    ctx.progress('monitoring.exportUnitBatch', '正在生成监控表', ids.length, ids.length);
    return fileDto(safeFileName(`绩效目标执行监控表-${unit.name}-${round.year}年${periodWords(round.month)}月.xlsx`), writeLaidOutWorkbook(sheets));
  },
};
