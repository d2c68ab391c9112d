import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';
import type { ExecutionImportRow, ExecutionMappingDto } from '../../../shared/api/dtoMonitoring.ts';
import type { ImportPreview, ImportRowPreview, ImportSummary } from '../../../shared/api/dto.ts';
import { executionMappingSchema } from '../../../shared/api/schemasMonitoring.ts';
import { parseWanToFen, parseYuanToFen, toHalfWidth } from '../../../shared/rules/money.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { columnLetter, readWorkbook, sheetRows, type CellValue } from '../files/xlsx.ts';
import { getSetting, setSetting } from '../repositories/library.ts';
import { findRound, insertMonitoringEvent, type MonitoringRoundRow } from '../repositories/monitoring.ts';
import { executionWriter, importTargets, projectCodesOfYear, type ImportTargetRow } from '../repositories/monitoringQueries.ts';
import { uuidv7 } from '../util/ids.ts';
import { MONITORING_STATUS_LABELS, evaluateSheet, periodLabel } from './monitoringSheets.ts';

/**
 * 执行数导入: the 1–N月 executed amounts of every project of a round at once, from the Excel file
 * the budget system (预算管理一体化) exports. The office maps the file's columns once (saved in
 * `settings`, key `monitoring.executionMapping`); the import is two-phase (preview writes nothing,
 * commit re-plans and writes all or nothing after a backup) and idempotent on the project code.
 *
 * File rules, so the messages can be explained:
 * - sheet: the mapping's sheet name, or the first sheet; the header row is the first of the top
 *   10 rows holding the code header. Headers match exactly after trimming, removing spaces and
 *   folding full-width characters (（元） = (元)).
 * - a row with every mapped cell blank is skipped; so is a total line (项目编码 blank, some cell
 *   reading 合计 / 总计 / 小计), which budget-system exports put at the bottom.
 * - amounts: numbers or text ("1,234.56", full-width digits), in 元 or 万元 as mapped, exact to
 *   the 分; negative amounts are refused. Numeric cells are read to Excel's 15 significant digits,
 *   so a sum Excel shows as 1234.56 but stores as 1234.5600000000002 reads as 1234.56.
 * - 财政拨款 / 其他资金 columns are optional. When both are mapped and filled they must add up to
 *   the total; one alone may not exceed it. A split not in the file keeps the sheet's stored value
 *   while the total is unchanged, and is cleared when the total changes (it described the old total).
 * - only sheets in 草稿 or 已退回 may change; a row whose figures equal the stored ones is
 *   `unchanged` whatever the sheet's status, so re-importing a file is a no-op, not an error.
 */

export const MAPPING_KEY = 'monitoring.executionMapping';
export const DEFAULT_MAPPING: ExecutionMappingDto = {
  sheet: '', codeHeader: '项目编码', amountHeader: '执行数', amountUnit: 'yuan', fiscalHeader: '', otherHeader: '',
};

export function loadMapping(ctx: CallContext): ExecutionMappingDto {
  const text = getSetting(ctx.db, MAPPING_KEY);
  if (!text) return DEFAULT_MAPPING;
  try {
    const parsed = executionMappingSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : DEFAULT_MAPPING;
  } catch {
    return DEFAULT_MAPPING;
  }
}

/** Header text compared without spaces and without the full-width/half-width difference. */
const normHeader = (h: string) => toHalfWidth(h).replace(/\s+/g, '');

const TOTAL_WORDS = new Set(['合计', '总计', '小计']);

function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return typeof v === 'number' ? String(v) : v.trim();
}

type ColumnKey = 'code' | 'amount' | 'fiscal' | 'other';
const COLUMN_LABELS: Record<ColumnKey, string> = { code: '项目编码列', amount: '执行数列', fiscal: '财政拨款执行数列', other: '其他资金执行数列' };

/** What one amount cell holds: 分, blank, or the reason it is not an amount. */
type AmountCell = { kind: 'fen'; fen: number } | { kind: 'blank' } | { kind: 'bad'; message: string };

function parseAmount(v: CellValue | undefined, unit: 'yuan' | 'wan', label: string): AmountCell {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return { kind: 'blank' };
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { kind: 'bad', message: `${label}不是有效的数字` };
    // Excel keeps 15 significant digits; anything past them is binary noise of a formula.
    text = String(Number(v.toPrecision(15)));
    if (/e/i.test(text)) return { kind: 'bad', message: `${label}“${String(v)}”超过分的精度` };
  } else if (typeof v === 'boolean') {
    return { kind: 'bad', message: `${label}“${v ? 'TRUE' : 'FALSE'}”不是数字` };
  } else {
    text = v.trim();
  }
  const unitLabel = unit === 'yuan' ? '元' : '万元';
  const fen = unit === 'yuan' ? parseYuanToFen(text) : parseWanToFen(text);
  if (fen === null) {
    const looksNumeric = /^[+-]?\d+(\.\d+)?$/.test(toHalfWidth(text).replace(/[,，\s]/g, ''));
    if (looksNumeric) {
      return { kind: 'bad', message: `${label}“${text}”超过分的精度（以${unitLabel}为单位最多 ${unit === 'yuan' ? 2 : 6} 位小数）` };
    }
    return { kind: 'bad', message: `${label}“${text}”不是数字（金额单位：${unitLabel}）` };
  }
  if (fen < 0) return { kind: 'bad', message: `${label}不能为负数（${text}）` };
  return { kind: 'fen', fen };
}

/** 分 as the file's unit writes it, from the integer (元 with 2 decimals, 万元 with up to 6): 150000000 → "1500000.00" / "150". */
function showAmount(fen: number, unit: 'yuan' | 'wan'): string {
  const scale = unit === 'yuan' ? 100 : 1_000_000;
  const digits = unit === 'yuan' ? 2 : 6;
  const whole = Math.trunc(fen / scale);
  const frac = String(fen % scale).padStart(digits, '0');
  return unit === 'yuan' ? `${whole}.${frac}` : `${whole}${frac.replace(/0+$/, '') ? `.${frac.replace(/0+$/, '')}` : ''}`;
}

// ---------------------------------------------------------------- plan

interface PlannedRow {
  row: number;
  sheet: ImportTargetRow;
  value: ExecutionImportRow;
  /** What is written: the file's splits, or the stored ones kept / cleared as described above. */
  write: { executed_fen: number; executed_fiscal_fen: number | null; executed_other_fen: number | null };
  action: 'add' | 'update' | 'unchanged';
}

export interface ExecutionImportPlan {
  round: MonitoringRoundRow;
  preview: ImportPreview<ExecutionImportRow>;
  rows: PlannedRow[];
}

interface ExecutionGrid {
  fileName: string;
  sheetName: string;
  grid: CellValue[][];
}

function readGrid(fileName: string, bytes: Buffer, mapping: ExecutionMappingDto): ExecutionGrid {
  let wb;
  try {
    wb = readWorkbook(bytes);
  } catch {
    throw new AppFailure('IMPORT_INVALID', `无法读取文件“${fileName}”：不是有效的 Excel 文件。`, [{ message: '文件格式无效，请选择预算管理一体化系统导出的 .xlsx 文件' }]);
  }
  const wanted = mapping.sheet.trim();
  let sheetName: string | undefined;
  if (wanted) {
    sheetName = wb.SheetNames.find((n) => n === wanted) ?? wb.SheetNames.find((n) => normHeader(n) === normHeader(wanted));
    if (!sheetName) {
      throw new AppFailure('IMPORT_INVALID', `文件“${fileName}”中没有名为“${wanted}”的工作表（现有：${wb.SheetNames.join('、') || '无'}）。`, [
        { sheet: wanted, field: '工作表', message: `找不到工作表“${wanted}”` },
      ]);
    }
  } else {
    sheetName = wb.SheetNames[0];
  }
  const ws = sheetName ? wb.Sheets[sheetName] : undefined;
  if (!sheetName || !ws) throw new AppFailure('IMPORT_INVALID', `文件“${fileName}”中没有工作表。`, [{ message: '没有工作表' }]);
  return { fileName, sheetName, grid: sheetRows(ws) };
}

function requireRound(ctx: CallContext, roundId: string): MonitoringRoundRow {
  const round = findRound(ctx.db, roundId);
  if (!round) throw new AppFailure('NOT_FOUND', '监控批次不存在。');
  if (round.origin !== ctx.origin) throw new AppFailure('CONFLICT', `监控批次“${round.title}”来自其他单位的同步数据，只能查看，不能导入执行数。`);
  if (round.object_type !== 'project') throw new AppFailure('VALIDATION', `监控批次“${round.title}”是部门整体监控，执行数导入只适用于项目监控批次。`, [{ field: 'roundId', message: '请选择项目监控批次' }]);
  if (round.status !== 'open') throw new AppFailure('CONFLICT', `监控批次“${round.title}”已关闭，不能再导入执行数。`);
  return round;
}

function planFromGrid(ctx: CallContext, round: MonitoringRoundRow, { fileName, sheetName, grid }: ExecutionGrid, mapping: ExecutionMappingDto): ExecutionImportPlan {
  const codeHeader = normHeader(mapping.codeHeader);
  const headerIndex = grid.slice(0, 10).findIndex((r) => r.some((c) => normHeader(cellText(c)) === codeHeader));
  if (headerIndex < 0) {
    throw new AppFailure('IMPORT_INVALID', `工作表“${sheetName}”前 10 行中找不到表头“${mapping.codeHeader}”，请检查执行数导入设置中的项目编码列。`, [
      { sheet: sheetName, row: 1, field: COLUMN_LABELS.code, message: `找不到表头“${mapping.codeHeader}”` },
    ]);
  }
  const header = (grid[headerIndex] ?? []).map((c) => normHeader(cellText(c)));
  const col = new Map<ColumnKey, number>();
  const missing: ErrorDetail[] = [];
  const wantedHeaders: [ColumnKey, string][] = [['code', mapping.codeHeader], ['amount', mapping.amountHeader], ['fiscal', mapping.fiscalHeader], ['other', mapping.otherHeader]];
  for (const [key, text] of wantedHeaders) {
    if (!text.trim()) continue;
    const idx = header.indexOf(normHeader(text));
    if (idx >= 0) col.set(key, idx);
    else missing.push({ sheet: sheetName, row: headerIndex + 1, field: COLUMN_LABELS[key], message: `第 ${headerIndex + 1} 行表头中没有“${text}”列` });
  }
  if (missing.length) throw new AppFailure('IMPORT_INVALID', `文件“${fileName}”缺少执行数导入设置中指定的列。`, missing);

  const errors: ErrorDetail[] = [];
  const at = (row: number, key: ColumnKey, message: string): ErrorDetail => ({
    sheet: sheetName, row, column: columnLetter(col.get(key) ?? 0), field: COLUMN_LABELS[key].replace(/列$/, ''), message,
  });
  const get = (r: CellValue[], key: ColumnKey): CellValue | undefined => {
    const idx = col.get(key);
    return idx === undefined ? undefined : r[idx];
  };

  const targets = new Map(importTargets(ctx.db, round.id, ctx.origin, round.year).map((t) => [t.code, t]));
  const yearCodes = projectCodesOfYear(ctx.db, ctx.origin, round.year);
  const seen = new Map<string, number>();
  const rows: PlannedRow[] = [];
  let dataRows = 0;

  for (let i = headerIndex + 1; i < grid.length; i++) {
    const r = grid[i] ?? [];
    const rowNo = i + 1;
    const code = cellText(get(r, 'code'));
    const mapped = [...col.values()].map((c) => cellText(r[c]));
    if (mapped.every((t) => t === '')) continue;
    if (code === '' && r.some((c) => TOTAL_WORDS.has(cellText(c).replace(/\s+/g, '')))) continue;
    // The budget system exports every project; those of the year outside this round (no approved
    // goal yet, or not chosen for 重点监控) are passed over, not refused.
    if (code !== '' && !targets.has(code) && yearCodes.has(code) && !seen.has(code)) {
      seen.set(code, rowNo);
      continue;
    }
    dataRows++;
    let valid = true;
    const bad = (key: ColumnKey, message: string) => {
      errors.push(at(rowNo, key, message));
      valid = false;
    };

    let target: ImportTargetRow | undefined;
    if (code === '') bad('code', '缺少项目编码');
    else if (seen.has(code)) bad('code', `项目编码“${code}”与第 ${seen.get(code)} 行重复`);
    else {
      seen.set(code, rowNo);
      target = targets.get(code);
      if (!target) bad('code', `项目编码“${code}”在 ${round.year} 年度项目库中不存在`);
    }

    const amount = parseAmount(get(r, 'amount'), mapping.amountUnit, '执行数');
    if (amount.kind === 'blank') bad('amount', '缺少执行数（没有支出请填 0）');
    else if (amount.kind === 'bad') bad('amount', amount.message);
    const split = (key: 'fiscal' | 'other', label: string): number | null => {
      if (!col.has(key)) return null;
      const c = parseAmount(get(r, key), mapping.amountUnit, label);
      if (c.kind === 'bad') bad(key, c.message);
      return c.kind === 'fen' ? c.fen : null;
    };
    const fiscal = split('fiscal', '财政拨款执行数');
    const other = split('other', '其他资金执行数');
    if (amount.kind === 'fen') {
      const unitLabel = mapping.amountUnit === 'yuan' ? '元' : '万元';
      const show = (fen: number) => showAmount(fen, mapping.amountUnit);
      if (fiscal !== null && other !== null) {
        if (fiscal + other !== amount.fen) {
          bad('amount', `财政拨款执行数 ${show(fiscal)} 与其他资金执行数 ${show(other)} 之和 ${show(fiscal + other)} 不等于执行数 ${show(amount.fen)}（${unitLabel}）`);
        }
      } else {
        if (fiscal !== null && fiscal > amount.fen) bad('fiscal', `财政拨款执行数 ${show(fiscal)} 超过执行数 ${show(amount.fen)}（${unitLabel}）`);
        if (other !== null && other > amount.fen) bad('other', `其他资金执行数 ${show(other)} 超过执行数 ${show(amount.fen)}（${unitLabel}）`);
      }
    }
    if (!valid || !target || amount.kind !== 'fen') continue;

    const s = target;
    const sameTotal = s.executed_fen === amount.fen;
    const write = {
      executed_fen: amount.fen,
      executed_fiscal_fen: col.has('fiscal') ? fiscal : sameTotal ? s.executed_fiscal_fen : null,
      executed_other_fen: col.has('other') ? other : sameTotal ? s.executed_other_fen : null,
    };
    const action: PlannedRow['action'] = s.executed_fen === null
      ? 'add'
      : sameTotal && write.executed_fiscal_fen === s.executed_fiscal_fen && write.executed_other_fen === s.executed_other_fen ? 'unchanged' : 'update';
    if (action !== 'unchanged' && s.status !== 'draft' && s.status !== 'returned') {
      errors.push(at(rowNo, 'code', `项目“${code}”的监控表状态为“${MONITORING_STATUS_LABELS[s.status]}”，只有草稿或已退回的监控表可以导入执行数`));
      continue;
    }
    rows.push({
      row: rowNo, sheet: s, write, action,
      value: { code, name: s.name, executedFen: amount.fen, executedFiscalFen: fiscal, executedOtherFen: other },
    });
  }

  if (dataRows === 0 && errors.length === 0) errors.push({ sheet: sheetName, row: headerIndex + 2, message: '表头下方没有任何执行数数据' });
  errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? ''));
  const summary: ImportSummary = { add: 0, update: 0, unchanged: 0 };
  for (const r of rows) summary[r.action]++;
  const previews: ImportRowPreview<ExecutionImportRow>[] = rows.map((r) => ({ row: r.row, action: r.action, value: r.value }));
  return { round, preview: { fileName, sheet: sheetName, rows: previews, errors, summary }, rows };
}

/** Parses and validates an execution workbook against the round's sheets. Writes nothing. */
export function planExecutionImport(ctx: CallContext, roundId: string, fileName: string, bytes: Buffer, mapping: ExecutionMappingDto): ExecutionImportPlan {
  const round = requireRound(ctx, roundId);
  return planFromGrid(ctx, round, readGrid(fileName, bytes, mapping), mapping);
}

// ---------------------------------------------------------------- handlers

type ImportMethods = 'monitoring.getMapping' | 'monitoring.saveMapping' | 'monitoring.importExecutionPreview' | 'monitoring.importExecutionCommit';

export const monitoringImportHandlers: HandlerMap<ImportMethods> = {
  'monitoring.getMapping': (ctx) => loadMapping(ctx),

  'monitoring.saveMapping': (ctx, input) => {
    const before = loadMapping(ctx);
    const after: ExecutionMappingDto = {
      sheet: input.sheet, codeHeader: input.codeHeader, amountHeader: input.amountHeader, amountUnit: input.amountUnit,
      fiscalHeader: input.fiscalHeader, otherHeader: input.otherHeader,
    };
    if (JSON.stringify(before) === JSON.stringify(after) && getSetting(ctx.db, MAPPING_KEY) !== undefined) return after;
    ctx.write(['settings'], (tx) => {
      setSetting(ctx.db, MAPPING_KEY, JSON.stringify(after));
      tx.record('setting', MAPPING_KEY, before, after);
    });
    return after;
  },

  'monitoring.importExecutionPreview': (ctx, { roundId, file, mapping }) =>
    planExecutionImport(ctx, roundId, file.name, Buffer.from(file.base64, 'base64'), mapping).preview,

  'monitoring.importExecutionCommit': async (ctx, { roundId, file, mapping }) => {
    const grid = readGrid(file.name, Buffer.from(file.base64, 'base64'), mapping);
    const first = planFromGrid(ctx, requireRound(ctx, roundId), grid, mapping);
    if (first.preview.errors.length) {
      throw new AppFailure('IMPORT_INVALID', `文件“${file.name}”有 ${first.preview.errors.length} 处错误，未导入任何执行数。`, first.preview.errors);
    }
    if (first.preview.summary.add + first.preview.summary.update === 0) return first.preview.summary;
    await ctx.services.backup('import', ctx.user);
    // Re-plan after the backup's await: the plan must describe the database we write to.
    const plan = planFromGrid(ctx, requireRound(ctx, roundId), grid, mapping);
    if (plan.preview.errors.length) throw new AppFailure('IMPORT_INVALID', '数据在导入过程中发生变化，请重新预检。', plan.preview.errors);
    const changed = plan.rows.filter((r) => r.action !== 'unchanged');
    const now = ctx.now();
    const at = now.toISOString();
    const label = '正在导入执行数并重新计算预警';
    const period = periodLabel(plan.round.month);
    ctx.write(['monitoring_sheets', 'monitoring_events', 'monitoring_warnings'], (tx) => {
      const setExecuted = executionWriter(ctx.db);
      let done = 0;
      for (const r of changed) {
        setExecuted({ id: r.sheet.id, ...r.write, updated_at: at });
        insertMonitoringEvent(ctx.db, {
          id: uuidv7(), sheet_id: r.sheet.id, at, username: ctx.user?.username ?? '（系统）', action: '导入执行数',
          from_status: r.sheet.status, to_status: r.sheet.status,
          comment: `从文件“${file.name}”第 ${r.row} 行导入${period}执行数`,
        });
        // Rates and warnings follow the new figures in the same transaction.
        evaluateSheet(ctx.db, r.sheet.id, now, ctx.origin);
        done++;
        if (done % 200 === 0) ctx.progress('monitoring.importExecution', label, done, changed.length);
      }
      tx.summary('monitoring_sheet', { file: file.name, roundId: plan.round.id, ...plan.preview.summary });
    });
    ctx.progress('monitoring.importExecution', label, changed.length, changed.length);
    return plan.preview.summary;
  },
};
