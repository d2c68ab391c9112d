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
