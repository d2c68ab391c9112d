import { round2 } from './rounding.ts';

/**
 * 绩效管理工作考核 (SPEC §9.4 K1–K3): the finance bureau's annual scoring of each 主管部门's
 * performance-management work. The item set follows the 综合管理 block seen locally (K3: target
 * setting, monitoring, self-evaluation quality, disclosure, 整改) plus a manual item for what the
 * data cannot show (制度建设与培训) — the default set; the performance section may edit a year's set
 * (add, remove, rename items, weights, automatic measure or manual) before its first computation.
 * Weights total 100.
 *
 * An automatic item scores weight × rate (rate as a fraction, 2 decimals). A rate the data cannot
 * give (nothing to measure: no projects, no monitoring rounds, nothing due) is null: the item then
 * needs a manual score, because scoring it 0 or full would reward or punish the absence of data.
 */

export type AssessmentItemSource = 'auto' | 'manual';

/** The measures the data can give (an automatic item's code is one of them). */
export const AUTO_ITEM_CODES = ['goalCoverage', 'monitoringOnTime', 'selfEvalCompletion', 'selfEvalQuality', 'rectification', 'disclosure'] as const;
export type AutoItemCode = (typeof AUTO_ITEM_CODES)[number];
/** Codes of the default set: the automatic ones and the manual 制度建设与培训. */
export type AssessmentItemCode = AutoItemCode | 'management';

export interface AssessmentItem {
  /** An automatic item's measure (AUTO_ITEM_CODES); a manual item's own code. */
  code: string;
  label: string;
  weight: number;
  source: AssessmentItemSource;
  /** How the item is scored, as shown to the units. */
  rule: string;
}

/** A re-check whose total differs from the unit's own by less than this keeps full quality marks. */
export const RECHECK_TOLERANCE = 5;

/** The default label of each automatic measure. */
export const AUTO_ITEM_LABELS: Record<AutoItemCode, string> = {
  goalCoverage: '绩效目标覆盖率',
  monitoringOnTime: '绩效监控按时完成率',
  selfEvalCompletion: '单位自评完成率',
  selfEvalQuality: '自评质量',
  rectification: '整改完成率',
  disclosure: '信息公开率',
};

/** How an automatic item is scored, with its weight. */
export function autoItemRule(code: AutoItemCode, weight: number): string {
  const w = `× ${weight} 分`;
  switch (code) {
    case 'goalCoverage': return `绩效目标已批复或已公开的项目金额 ÷ 本部门（含下属单位）年度项目全年预算数 ${w}`;
    case 'monitoringOnTime': return `本年度自行监控各轮次中，在截止日期前首次提交且已提交/已审核的监控表 ÷ 应填报监控表 ${w}；本年度无监控轮次的需人工评分`;
    case 'selfEvalCompletion': return `自评经财政验收的项目数 ÷ 年度项目数（不含已取消、未安排项目）${w}`;
    case 'selfEvalQuality': return `财政复核分与单位自评分相差不足 ${RECHECK_TOLERANCE} 分的项目 ÷ 已复核项目 ${w}；未被抽中复核的得满分`;
    case 'rectification': return `整改台账中已销号事项 ÷ 应整改事项（不含不予整改）${w}（SPEC §9.2）`;
    case 'disclosure': return `已登记公开的绩效目标表和自评结果 ÷ 应公开数（不含涉密单位/项目）${w}`;
  }
}

export const isAutoCode = (code: string): code is AutoItemCode => (AUTO_ITEM_CODES as readonly string[]).includes(code);

const auto = (code: AutoItemCode, weight: number): AssessmentItem => ({ code, label: AUTO_ITEM_LABELS[code], weight, source: 'auto', rule: autoItemRule(code, weight) });

export const DEFAULT_ASSESSMENT_ITEMS: readonly AssessmentItem[] = [
  auto('goalCoverage', 20), auto('monitoringOnTime', 20), auto('selfEvalCompletion', 10), auto('selfEvalQuality', 10), auto('rectification', 15), auto('disclosure', 10),
  { code: 'management', label: '绩效管理制度建设与培训', weight: 15, source: 'manual', rule: '制度办法制定、机构人员、培训组织等，由绩效股按佐证材料评分' },
];

export interface AssessmentItemIssue {
  field: string;
  message: string;
}

/**
 * A year's item set: at least one item; each named (unique), weighted above 0 with at most two
 * decimals; an automatic item on a known measure, each measure once; a manual item with its
 * scoring rule; codes unique; weights adding up to 100. Each issue names its field.
 */
export function checkAssessmentItems(items: readonly AssessmentItem[]): AssessmentItemIssue[] {
  const issues: AssessmentItemIssue[] = [];
  if (items.length === 0) return [{ field: 'items', message: '考核表至少需要一个考核项目' }];
  const labels = new Map<string, number>();
  const codes = new Map<string, number>();
  items.forEach((it, i) => {
    const at = `第 ${i + 1} 个考核项目`;
    const label = it.label.trim();
    if (!label) issues.push({ field: `items.${i}.label`, message: `${at}的名称不能为空` });
    else if (labels.has(label)) issues.push({ field: `items.${i}.label`, message: `${at}“${label}”与第 ${(labels.get(label) ?? 0) + 1} 个重名` });
    else labels.set(label, i);
    const name = label ? `“${label}”` : at;
    if (!(it.weight > 0)) issues.push({ field: `items.${i}.weight`, message: `${name}的分值应大于 0` });
    else if (Math.abs(round2(it.weight) - it.weight) > 1e-9) issues.push({ field: `items.${i}.weight`, message: `${name}的分值最多保留两位小数` });
    if (it.source === 'auto' && !isAutoCode(it.code)) issues.push({ field: `items.${i}.code`, message: `${name}为自动计分，请选择计分数据来源` });
    if (it.source === 'manual' && !it.rule.trim()) issues.push({ field: `items.${i}.rule`, message: `${name}为人工评分，请填写评分标准` });
    if (codes.has(it.code)) {
      const first = (codes.get(it.code) ?? 0) + 1;
      const message = it.source === 'auto' ? `${name}的计分数据来源与第 ${first} 个考核项目相同` : `${name}的编码与第 ${first} 个考核项目重复`;
      issues.push({ field: `items.${i}.code`, message });
    } else codes.set(it.code, i);
  });
  const total = round2(items.reduce((s, it) => s + it.weight, 0));
  if (Math.abs(total - 100) > 1e-9) issues.push({ field: 'items.total', message: `各考核项目分值合计为 ${total}，应为 100` });
  return issues;
}

/** What the data says about one 主管部门 (its own and its subordinate units' records). */
export interface AssessmentFacts {
  goals: { amountFen: number; coveredAmountFen: number };
  /** null when the year has no monitoring round. */
  monitoring: { due: number; onTime: number } | null;
  selfEval: { due: number; accepted: number };
  /** Each completed re-check: the unit's own total and the re-checked total. */
  rechecks: readonly { selfTotal: number; recheckTotal: number }[];
  /** 整改完成率 of SPEC §9.2 as a percent (shared/rules/rectification.ts), null when nothing is due. */
  rectificationRate: number | null;
  disclosure: { disclosable: number; disclosed: number };
}

const share = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** Each automatic item's rate (a fraction 0–1, unrounded) or null when the data cannot give it. */
export function assessmentRates(f: AssessmentFacts): Record<AutoItemCode, number | null> {
  const ok = f.rechecks.filter((r) => Math.abs(r.recheckTotal - r.selfTotal) < RECHECK_TOLERANCE).length;
  return {
    goalCoverage: share(f.goals.coveredAmountFen, f.goals.amountFen),
    monitoringOnTime: f.monitoring ? share(f.monitoring.onTime, f.monitoring.due) : null,
    selfEvalCompletion: share(f.selfEval.accepted, f.selfEval.due),
    // Full marks when nothing was re-checked (a sample miss is not a quality finding), but only
    // for a department that handed in accepted self-evaluations at all.
    selfEvalQuality: f.rechecks.length > 0 ? ok / f.rechecks.length : f.selfEval.accepted > 0 ? 1 : null,
    rectification: f.rectificationRate === null ? null : f.rectificationRate / 100,
    disclosure: share(f.disclosure.disclosed, f.disclosure.disclosable),
  };
}

/** weight × rate, 2 decimals; null stays null. */
export function autoScore(weight: number, rate: number | null): number | null {
  return rate === null ? null : round2(weight * rate);
}

export interface ScoredCell {
  code: string;
  autoScore: number | null;
  manualScore: number | null;
}

export interface CellResult {
  /** The score that counts: a manual score when entered, else the automatic one. */
  score: number | null;
  /** No score yet: the item awaits a manual entry. */
  needsManual: boolean;
}

export function cellResult(c: ScoredCell): CellResult {
  const score = c.manualScore ?? c.autoScore;
  return { score, needsManual: score === null };
}

/** Sum of the counting scores (missing ones count 0), 2 decimals. */
export function assessmentTotal(cells: readonly ScoredCell[]): { total: number; complete: boolean } {
  let total = 0;
  let complete = true;
  for (const c of cells) {
    const r = cellResult(c);
    if (r.score === null) complete = false;
    else total += r.score;
  }
  return { total: round2(total), complete };
}

/**
 * Dense rank by total, highest first: equal totals share a rank and the next total takes the
 * next rank (1, 1, 2). The order within a tie is by unit code. Returns the rows sorted.
 */
export function rankUnits<T extends { code: string; total: number }>(rows: readonly T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.total - a.total || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  let rank = 0;
  let last: number | null = null;
  return sorted.map((r) => {
    if (last === null || r.total !== last) {
      rank += 1;
      last = r.total;
    }
    return { ...r, rank };
  });
}

/** A manual score must lie within 0 and the item's weight, with at most 2 decimals. */
export function manualScoreProblem(weight: number, score: number): string | null {
  if (!Number.isFinite(score) || score < 0 || score > weight) return `得分应在 0 至 ${weight} 分之间`;
  if (Math.abs(round2(score) - score) > 1e-9) return '得分最多保留两位小数';
  return null;
}

/** The 主管部门 of each unit: its top ancestor (a unit without parent is its own). */
export function departmentOf(units: readonly { id: string; parentId: string | null }[]): Map<string, string> {
  const parent = new Map(units.map((u) => [u.id, u.parentId]));
  const out = new Map<string, string>();
  for (const u of units) {
    let cur = u.id;
    for (let guard = 0; guard < 20; guard++) {
      const p = parent.get(cur);
      if (!p || !parent.has(p)) break;
      cur = p;
    }
    out.set(u.id, cur);
  }
  return out;
}
