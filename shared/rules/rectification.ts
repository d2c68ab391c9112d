import { percent } from './rounding.ts';

/**
 * 整改率 (SPEC §9.2, worked example §11.11).
 *
 *   整改完成率 = 已完成(销号)事项 ÷ 应整改事项 × 100%
 *   按期整改率 = 期限内完成事项   ÷ 应整改事项 × 100%
 *
 * 应整改事项 = every item of the ledger except those decided 不予整改 (waived): a waived item was
 * judged not to need fixing, so it is neither owed nor done — it leaves the numerator and the
 * denominator alike (and is reported beside the rates). Items still open (未开始, 整改中, 逾期)
 * stay in the denominator. An item is 期限内完成 when it is done and its completion (销号) date is
 * on or before its deadline. 逾期 is derived: open or in progress with the deadline before `today`.
 *
 * §11.11: 12 items, 9 销号 (8 before the deadline), 2 整改中, 1 逾期 → 9/12 = 75.00%, 8/12 = 66.67%.
 */

export type RectificationStatus = 'open' | 'inProgress' | 'done' | 'waived';

export interface RectificationRateItem {
  status: RectificationStatus;
  /** YYYY-MM-DD. */
  deadline: string;
  /** YYYY-MM-DD: the completion (销号) date of a done item. */
  closedOn: string | null;
}

export interface RectificationRates {
  total: number;
  waived: number;
  /** 应整改事项: total − waived. */
  due: number;
  open: number;
  inProgress: number;
  /** Open or in progress past the deadline (a subset of open + inProgress). */
  overdue: number;
  done: number;
  /** Done on or before the deadline. */
  onTime: number;
  /** Done after the deadline. */
  late: number;
  /** Percent, two decimals; null when nothing is due. */
  completionRate: number | null;
  onTimeRate: number | null;
}

export function isOverdue(item: Pick<RectificationRateItem, 'status' | 'deadline'>, today: string): boolean {
  return (item.status === 'open' || item.status === 'inProgress') && item.deadline < today;
}

export function isOnTime(item: RectificationRateItem): boolean {
  return item.status === 'done' && item.closedOn !== null && item.closedOn <= item.deadline;
}

/** The ledger's counts and the two rates; `today` (YYYY-MM-DD) decides what is overdue. */
export function rectificationRates(items: readonly RectificationRateItem[], today: string): RectificationRates {
  const r = { total: items.length, waived: 0, open: 0, inProgress: 0, overdue: 0, done: 0, onTime: 0, late: 0 };
  for (const item of items) {
    r[item.status] += 1;
    if (isOverdue(item, today)) r.overdue += 1;
    if (item.status === 'done') {
      if (isOnTime(item)) r.onTime += 1;
      else r.late += 1;
    }
  }
  const due = r.total - r.waived;
  return { ...r, due, completionRate: percent(r.done, due), onTimeRate: percent(r.onTime, due) };
}
