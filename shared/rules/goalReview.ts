import type { GradeCode, RuleProfileBody } from '../domain/ruleProfile.ts';
import { gradeFor } from './grades.ts';
import { round2 } from './rounding.ts';

export type GoalReviewAction = 'proceed' | 'proceedAfterFix' | 'revise' | 'notFunded';

export interface GoalReviewResult {
  total: number;
  grade: GradeCode;
  action: GoalReviewAction;
  /** Below the profile's pass mark the project is not funded whatever the grade ladder says. */
  belowPassMark: boolean;
  problems: string[];
}

/**
 * 绩效目标审核 (SPEC §4.6, §11.10): aspect scores (完整性/相关性/适当性/可行性) → total →
 * grade by the profile's bands → action (优 proceed, 良 proceed after fixes, 中 revise, 差 not funded).
 */
export function reviewGoal(profile: RuleProfileBody, scores: Readonly<Record<string, number>>): GoalReviewResult {
  const problems: string[] = [];
  let total = 0;
  for (const a of profile.goalReview.aspects) {
    const s = scores[a.code];
    if (s === undefined || Number.isNaN(s)) problems.push(`请为“${a.label}”评分`);
    else if (s < 0 || s > a.weight) problems.push(`“${a.label}”得分应在 0–${a.weight} 分之间`);
    else total += s;
  }
  total = round2(total);
  const grade = gradeFor(total, profile.grades);
  const belowPassMark = total < profile.goalReview.passMark;
  const laddered = profile.goalReview.actions[grade] ?? 'revise';
  const action: GoalReviewAction = belowPassMark ? 'notFunded' : laddered;
  return { total, grade, action, belowPassMark, problems };
}
