import type { GradeBand, GradeCode } from '../domain/ruleProfile.ts';
import { gradeFor } from './grades.ts';
import { round2 } from './rounding.ts';
import type { SelfEvalResult } from './selfEvaluation.ts';

/**
 * 财政复核 (finance re-check of self-evaluations, SPEC §5.7): choosing the sample and the adjusted
 * total. Pure: the seed is passed in (the service draws and records it), so the same seed and
 * population always give the same sample.
 *
 * Order of the picks (each pick records every reason that applies to it):
 *   1. rule picks on the whole population: the `topByAmount` largest amounts (largestAmount), every
 *      object with a red monitoring warning in the year (redWarning), every self-score below
 *      `lowScoreBelow` (lowScore);
 *   2. `randomCount` objects drawn at random from the rest (random): a seeded Fisher–Yates shuffle
 *      (mulberry32) of the rest in a fixed order (by key);
 *   3. amount share last, so the guarantee holds for the final sample: while the sampled amount is
 *      below `amountSharePct`% of the population's amount, add the largest remaining (amountShare).
 * Ties in amount are broken by key, so the order never depends on how the caller listed the rows.
 */

export const RECHECK_REASONS = ['largestAmount', 'redWarning', 'lowScore', 'random', 'amountShare'] as const;
export type RecheckReason = (typeof RECHECK_REASONS)[number];

export interface RecheckCandidate {
  /** Stable identity (the evaluation id): the fixed order of the random draw and tie-breaks. */
  key: string;
  amountFen: number;
  /** The self-assessed total; null when not scored (never a low-score pick). */
  total: number | null;
  redWarning: boolean;
}

export interface RecheckSampleRules {
  randomCount: number;
  topByAmount: number;
  includeRedWarnings: boolean;
  /** Self-scores strictly below this are picked; null = rule off. */
  lowScoreBelow: number | null;
  /** Keep adding the largest until the sampled amount reaches this % of the total; null/0 = off. */
  amountSharePct: number | null;
}

export interface RecheckPick {
  key: string;
  reasons: RecheckReason[];
}

export interface RecheckSampleResult {
  picks: RecheckPick[];
  populationCount: number;
  populationFen: number;
  sampledFen: number;
  /** sampledFen ÷ populationFen in %, 2 dp; null when the population's amount is 0. */
  sharePct: number | null;
}

/** mulberry32: a small 32-bit PRNG; uniform floats in [0, 1) from an unsigned 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MAX_SEED = 4294967295;

const byKey = (a: RecheckCandidate, b: RecheckCandidate) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const byAmountDesc = (a: RecheckCandidate, b: RecheckCandidate) => b.amountFen - a.amountFen || byKey(a, b);

export function drawRecheckSample(population: readonly RecheckCandidate[], rules: RecheckSampleRules, seed: number): RecheckSampleResult {
  const reasons = new Map<string, RecheckReason[]>();
  const add = (key: string, reason: RecheckReason) => {
    const list = reasons.get(key);
    if (!list) reasons.set(key, [reason]);
    else if (!list.includes(reason)) list.push(reason);
  };

  const sorted = [...population].sort(byAmountDesc);
  for (const c of sorted.slice(0, Math.max(0, rules.topByAmount))) add(c.key, 'largestAmount');
  if (rules.includeRedWarnings) for (const c of sorted) if (c.redWarning) add(c.key, 'redWarning');
  const below = rules.lowScoreBelow;
  if (below !== null) for (const c of sorted) if (c.total !== null && c.total < below) add(c.key, 'lowScore');

  // The random draw: a partial Fisher–Yates shuffle of the rest in key order.
  const rest = population.filter((c) => !reasons.has(c.key)).sort(byKey);
  const rand = mulberry32(seed);
  const n = Math.min(Math.max(0, rules.randomCount), rest.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (rest.length - i));
    const pick = rest[j];
    const here = rest[i];
    if (!pick || !here) break;
    rest[j] = here;
    rest[i] = pick;
    add(pick.key, 'random');
  }

  const populationFen = population.reduce((s, c) => s + c.amountFen, 0);
  const amountOf = new Map(population.map((c) => [c.key, c.amountFen]));
  let sampledFen = [...reasons.keys()].reduce((s, k) => s + (amountOf.get(k) ?? 0), 0);
  const share = rules.amountSharePct ?? 0;
  if (share > 0) {
    // Integer comparison: sampled × 100 ≥ total × share (share has at most 2 decimals).
    const target = populationFen * Math.round(share * 100);
    for (const c of sorted) {
      if (sampledFen * 10000 >= target) break;
      if (reasons.has(c.key)) continue;
      add(c.key, 'amountShare');
      sampledFen += c.amountFen;
    }
  }

  // The sample in population order by amount (largest first), as the list shows it.
  const picks = sorted.filter((c) => reasons.has(c.key)).map((c) => ({ key: c.key, reasons: reasons.get(c.key) ?? [] }));
  return {
    picks,
    populationCount: population.length,
    populationFen,
    sampledFen,
    sharePct: populationFen > 0 ? round2((sampledFen / populationFen) * 100) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// The adjusted total

/**
 * The re-checked total, computed the way the self-evaluation engine computes its own: the
 * engine's execution score (the re-check does not change the money figures), plus the re-checker's
 * score of each applicable row (a row without one keeps its self score), then the engine's N/A
 * normalisation (rawTotal ÷ applicable weight × 100 when it normalised) and its execution-rate cap
 * (`self.cap`, which the engine reports whenever the rate falls in a capped range), then the grade.
 *
 * `self` is scoreSelfEvaluation's result for the evaluation as stored; `scores` maps the row key
 * (String(seq)) to the re-check score.
 */
export interface RecheckTotal {
  executionScore: number;
  indicatorTotal: number;
  rawTotal: number;
  normalizedTotal: number | null;
  capped: boolean;
  total: number;
  grade: GradeCode;
  /** Score used per row key (null for N/A rows). */
  rowScores: Record<string, number | null>;
}

export function recheckTotal(self: SelfEvalResult, scores: ReadonlyMap<string, number>, grades: readonly GradeBand[]): RecheckTotal {
  const rowScores: Record<string, number | null> = {};
  let sum = 0;
  for (const r of self.indicators) {
    if (r.method === 'notApplicable') {
      rowScores[r.key] = null;
      continue;
    }
    const s = scores.get(r.key);
    const used = round2(s ?? r.score ?? 0);
    rowScores[r.key] = used;
    sum += used;
  }
  const indicatorTotal = round2(sum);
  const rawTotal = round2(self.executionScore + indicatorTotal);
  const normalizedTotal = self.normalizedTotal !== null && self.applicableWeight > 0 ? round2((rawTotal / self.applicableWeight) * 100) : null;
  let total = normalizedTotal ?? rawTotal;
  const capped = self.cap !== null && total > self.cap.maxTotal;
  if (self.cap) total = Math.min(total, self.cap.maxTotal);
  total = round2(Math.max(0, total));
  return { executionScore: self.executionScore, indicatorTotal, rawTotal, normalizedTotal, capped, total, grade: gradeFor(total, grades), rowScores };
}

const GRADE_ORDER: readonly GradeCode[] = ['excellent', 'good', 'fair', 'low', 'poor'];

/** True when `after` is a worse grade than `before`. */
export const gradeDropped = (before: GradeCode, after: GradeCode): boolean => GRADE_ORDER.indexOf(after) > GRADE_ORDER.indexOf(before);
