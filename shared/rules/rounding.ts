/**
 * The one rounding rule for scores, rates and percentages: two decimals, half-up
 * (half away from zero). The epsilon absorbs binary representation error so that
 * 89.995 (stored as 89.99499999…) rounds to 90.00 as a person would expect.
 */
export function round2(value: number): number {
  const sign = value < 0 ? -1 : 1;
  const scaled = Math.abs(value) * 100;
  return (sign * Math.floor(scaled + 0.5 + 1e-9)) / 100;
}

/** Ratio as a percentage rounded to two decimals; null when the denominator is zero. */
export function percent(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return round2((numerator / denominator) * 100);
}
