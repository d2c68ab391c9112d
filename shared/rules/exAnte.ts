import type { ExAnteConclusion, RuleProfileBody } from '../domain/ruleProfile.ts';
import { round2 } from './rounding.ts';

/** One expert's score on one dimension of the assessment. */
export interface ExAnteScore {
  expert: string;
  dimension: string;
  score: number;
}

export interface ExAnteResult {
  /** Mean over experts per dimension, rounded to two decimals. */
  dimensions: { code: string; label: string; weight: number; score: number | null; experts: number }[];
  total: number | null;
  conclusion: ExAnteConclusion | null;
  /** Problems that keep the assessment from being completed (Chinese). */
  problems: string[];
}

/**
 * 事前绩效评估: each dimension scored by one or more experts (≤ its weight), averaged per
 * dimension; total = sum; conclusion from the profile's cut-offs (SPEC §3.2, §11.9).
 */
export function assessExAnte(profile: RuleProfileBody, scores: readonly ExAnteScore[]): ExAnteResult {
  const problems: string[] = [];
  const dims = profile.exAnte.dimensions.map((d) => {
    const mine = scores.filter((s) => s.dimension === d.code);
    for (const s of mine) {
      if (s.score < 0 || s.score > d.weight) problems.push(`专家“${s.expert}”对“${d.label}”的评分 ${s.score} 超出 0–${d.weight} 分`);
    }
    const score = mine.length ? round2(mine.reduce((a, s) => a + s.score, 0) / mine.length) : null;
    if (score === null) problems.push(`“${d.label}”尚未评分`);
    return { code: d.code, label: d.label, weight: d.weight, score, experts: mine.length };
  });
  const unknown = scores.filter((s) => !profile.exAnte.dimensions.some((d) => d.code === s.dimension));
  for (const s of unknown) problems.push(`评分维度“${s.dimension}”不在当前规则方案中`);
  if (problems.length) return { dimensions: dims, total: null, conclusion: null, problems };
  const total = round2(dims.reduce((a, d) => a + (d.score ?? 0), 0));
  return { dimensions: dims, total, conclusion: exAnteConclusion(profile, total), problems };
}

export function exAnteConclusion(profile: RuleProfileBody, total: number): ExAnteConclusion {
  const t = round2(total);
  if (t >= profile.exAnte.supportMin) return 'support';
  if (t >= profile.exAnte.adjustMin) return 'supportAfterAdjustment';
  return 'reject';
}

/** Does the project's attribute/amount require an assessment under the profile? */
export function exAnteRequired(
  profile: RuleProfileBody,
  project: { newMajor: boolean; attribute: 'new' | 'continuing' | 'expiringContinuation'; annualTotalFen: number },
): boolean {
  const p = profile.exAnte;
  if (project.newMajor && p.requiredForNewMajor) return true;
  if (project.attribute === 'expiringContinuation' && p.requiredForContinuation) return true;
  return p.amountThresholdFen !== null && project.attribute === 'new' && project.annualTotalFen >= p.amountThresholdFen;
}
