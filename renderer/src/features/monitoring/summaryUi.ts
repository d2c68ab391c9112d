import { formatWan, parseWanToFen } from '../../../../shared/rules/money.ts';

/** The unit chart shows at most this many units (the lowest execution rates); the unit table lists all. */
export const UNIT_CHART_LIMIT = 20;

/**
 * Shown amounts are rounded to 0.01 万元 each; a total computed from the exact 分 may differ from
 * the sum of the shown parts (DECISIONS.md "Amounts": say so rather than adjust a part).
 */
function shownHundredths(fen: number): number {
  return parseWanToFen(formatWan(fen)) ?? 0;
}
export function summaryPartsDisagree(parts: readonly number[], totalFen: number): boolean {
  return parts.reduce((a, p) => a + shownHundredths(p), 0) !== shownHundredths(totalFen);
}
