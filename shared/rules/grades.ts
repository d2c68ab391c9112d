import type { GradeBand, GradeCode } from '../domain/ruleProfile.ts';
import { round2 } from './rounding.ts';

/**
 * Grade of a total under a profile's bands (best first, each from its `min` inclusive up to the
 * next band's min exclusive). The total is rounded first, so 89.995 → 90.00 → 优 (SPEC §2.3).
 */
export function gradeFor(total: number, bands: readonly GradeBand[]): GradeCode {
  const t = round2(total);
  for (const band of bands) if (t >= band.min) return band.grade;
  const last = bands.at(-1);
  if (!last) throw new Error('profile has no grade bands');
  return last.grade;
}
