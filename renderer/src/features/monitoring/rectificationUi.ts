import dayjs from 'dayjs';
import type { RectificationDto } from '../../../../shared/api/dtoMonitoring.ts';

/** Whole days from one YYYY-MM-DD date to another (calendar days, no time zone involved). */
function daysBetween(from: string, to: string): number {
  return dayjs(to, 'YYYY-MM-DD').diff(dayjs(from, 'YYYY-MM-DD'), 'day');
}

/**
 * How an item stands against its deadline, for the 整改期限 column: an open item the backend
 * marks overdue shows "逾期 N 天" (counted to today, at least 1), a closed item that was closed
 * after its deadline shows "逾期 N 天完成" (it does not count as 按期整改).
 */
export function deadlineState(
  r: Pick<RectificationDto, 'status' | 'overdue' | 'deadline' | 'closedOn'>,
  today: string = dayjs().format('YYYY-MM-DD'),
): { overdueDays: number | null; lateDays: number | null } {
  if (r.overdue) return { overdueDays: Math.max(1, daysBetween(r.deadline, today)), lateDays: null };
  if (r.status === 'done' && r.closedOn && r.closedOn > r.deadline) return { overdueDays: null, lateDays: daysBetween(r.deadline, r.closedOn) };
  return { overdueDays: null, lateDays: null };
}

// ---------------------------------------------------------------- 整改台账 (issue 5: ledger fields, rates, manual items)

/** Tables the ledger reads: items, their evidence, the projects and units they name. */
export const LEDGER_TABLES = ['rectifications', 'monitoring_decisions', 'attachments', 'projects', 'units'];

/** "75.00%" or "—" when nothing is due. */
export const formatPct = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${rate.toFixed(2)}%`);

/** A 万元 text field: '' is "not filled" (null); anything else must parse to 分. */
export function moneyField(text: string, parse: (t: string) => number | null): { fen: number | null; error: string | null } {
  const t = text.trim();
  if (!t) return { fen: null, error: null };
  const fen = parse(t);
  if (fen === null) return { fen: null, error: '请输入金额（万元），最多 6 位小数' };
  if (fen < 0) return { fen: null, error: '金额不能为负数' };
  return { fen, error: null };
}
