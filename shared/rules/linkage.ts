import type { GradeCode, RuleProfileBody } from '../domain/ruleProfile.ts';

/**
 * 预算挂钩 (SPEC §9.1 U1–U5): the profile's ladder turns an evaluation grade into a suggestion for
 * next year's budget — 优先保障 / 保障 / 压减 x% / 取消 — and, given the base amount (next
 * year's request; by default this year's 全年预算数), the suggested change in 分.
 *
 * Changes are signed: a cut is negative. For 压减 with a range (甘肃 低: 20–50%) the change runs
 * from −base×pctMax (the largest cut) to −base×pctMin; 取消 is −base×pctMax (100% in every shipped
 * preset). 优先保障 and 保障 suggest no change: the decision may still add money for 优先保障.
 * Amounts are rounded half-up to whole 分.
 */

export type LinkageAction = RuleProfileBody['linkage'][number]['action'];
export type LinkageLadder = RuleProfileBody['linkage'];

export interface LinkageSuggestion {
  grade: GradeCode;
  action: LinkageAction;
  pctMin: number;
  pctMax: number;
  /** The largest cut (most negative change), 分. */
  changeMinFen: number;
  /** The smallest cut (least negative change), 分. */
  changeMaxFen: number;
}

/** base × pct / 100 rounded half-up to whole 分 (integers only: no binary fraction leaks in). */
export function pctOfFen(baseFen: number, pct: number): number {
  // pct has at most two decimals in practice; scale to integers before dividing.
  const scaled = Math.round(pct * 100);
  const num = Math.abs(baseFen) * scaled;
  const q = Math.floor(num / 10_000);
  const rem = num - q * 10_000;
  const v = q + (rem * 2 >= 10_000 ? 1 : 0);
  return baseFen < 0 ? -v : v;
}

export function linkageSuggestion(ladder: LinkageLadder, grade: GradeCode, baseFen: number): LinkageSuggestion {
  const rule = ladder.find((l) => l.grade === grade);
  if (!rule) throw new Error(`profile has no linkage rule for grade ${grade}`);
  const cuts = rule.action === 'reduce' || rule.action === 'cancel';
  return {
    grade,
    action: rule.action,
    pctMin: rule.pctMin,
    pctMax: rule.pctMax,
    changeMinFen: cuts ? -pctOfFen(baseFen, rule.pctMax) : 0,
    changeMaxFen: cuts ? -pctOfFen(baseFen, rule.pctMin) : 0,
  };
}

/**
 * Whether a decided change fits the decision: 优先保障 keeps or adds (≥ 0), 保障 keeps (= 0),
 * 压减 cuts part (−base < change < 0), 取消 cuts all (= −base). Returns the problem in Chinese, or null.
 */
export function linkageAmountProblem(decision: LinkageAction, changeFen: number, baseFen: number): string | null {
  switch (decision) {
    case 'priority':
      return changeFen < 0 ? '“优先保障”不能调减预算，调整金额应为 0 或正数（增加）' : null;
    case 'maintain':
      return changeFen !== 0 ? '“保障”即按原额安排，调整金额应为 0' : null;
    case 'reduce':
      if (changeFen >= 0) return '“压减”的调整金额应为负数（调减）';
      if (changeFen <= -baseFen) return '压减金额达到或超过基数时请选择“取消”';
      return null;
    case 'cancel':
      return changeFen !== -baseFen ? '“取消”的调整金额应等于基数的负数（全额调减）' : null;
  }
}

/** The sums a budget meeting needs: cuts (negative changes) and additions, decided so far. */
export function linkageTotals(changes: readonly number[]): { cutFen: number; addFen: number; netFen: number } {
  let cut = 0;
  let add = 0;
  for (const c of changes) {
    if (c < 0) cut += c;
    else add += c;
  }
  return { cutFen: cut, addFen: add, netFen: cut + add };
}

// ---------------------------------------------------------------- which grade counts

/** Where a grade comes from: 单位自评 (accepted by 财政), 财政复核, 部门评价 / 财政重点评价. */
export type LinkageGradeSource = 'selfEvaluation' | 'recheck' | 'keyEvaluation';

export interface LinkageGradeCandidate {
  source: LinkageGradeSource;
  /** 部门评价 ('department') or 财政重点评价 ('finance'); key evaluations only. */
  kind?: 'department' | 'finance' | undefined;
  /** When the grade was fixed (ISO): decides between two key evaluations of the same rank. */
  at?: string | null | undefined;
}

const SOURCE_RANK: Record<LinkageGradeSource, number> = { keyEvaluation: 3, recheck: 2, selfEvaluation: 1 };

/**
 * The grade budget linkage rests on, among the grades an object has (SPEC §5.1 P6, §9.1; DECISIONS
 * "the finance bureau checks … and fixes the grade"): a completed evaluation of the object
 * (部门评价 / 财政重点评价) outranks the 财政复核 of its self-evaluation, which outranks the accepted
 * self-evaluation. Between key evaluations, 财政重点评价 outranks 部门评价 (the finance bureau's own
 * evaluation over the spending department's), then the latest completed one counts. Candidates
 * must already be final (accepted, done, completed); null when there is none.
 */
export function pickLinkageGrade<T extends LinkageGradeCandidate>(candidates: readonly T[]): T | null {
  let best: T | null = null;
  for (const c of candidates) {
    if (!best || compareCandidates(c, best) > 0) best = c;
  }
  return best;
}

function compareCandidates(a: LinkageGradeCandidate, b: LinkageGradeCandidate): number {
  const rank = SOURCE_RANK[a.source] - SOURCE_RANK[b.source];
  if (rank !== 0) return rank;
  const kind = (a.kind === 'finance' ? 1 : 0) - (b.kind === 'finance' ? 1 : 0);
  if (kind !== 0) return kind;
  return (a.at ?? '').localeCompare(b.at ?? '');
}
