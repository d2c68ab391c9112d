import type { GradeBand, GradeCode } from '../domain/ruleProfile.ts';
import { gradeFor } from './grades.ts';
import { round2 } from './rounding.ts';

/**
 * 部门评价 / 财政重点评价 (SPEC §5.7): the level-3 items of the 决策/过程/产出/效益 framework, the
 * aggregation of several experts' scores per item, the level-1 subtotals, total and grade. Pure.
 */

export const KEY_EVAL_LEVEL1 = ['decision', 'process', 'output', 'benefit'] as const;
export type KeyEvalLevel1 = (typeof KEY_EVAL_LEVEL1)[number];

/** Scoring method per level-3 item: 定量比例, 要素计分, 扣分制, 等级计分, 问卷. */
export const KEY_EVAL_METHODS = ['quantitative', 'elements', 'deduction', 'grade', 'survey'] as const;
export type KeyEvalMethod = (typeof KEY_EVAL_METHODS)[number];

export type ExpertAggregation = 'mean' | 'trimmedMean';

export interface KeyEvalFrameworkWeights {
  decision: number;
  process: number;
  output: number;
  benefit: number;
}

export interface KeyEvalItem {
  seq: number;
  level1: KeyEvalLevel1;
  level2: string;
  name: string;
  method: KeyEvalMethod;
  weight: number;
}

export interface KeyEvalScore {
  seq: number;
  expert: string;
  score: number;
}

/** The SPEC §5.7 table: level 1 → level 2 → level-3 items with the method each is usually scored by. */
const TEMPLATE: Record<KeyEvalLevel1, { level2: string; name: string; method: KeyEvalMethod }[]> = {
  decision: [
    { level2: '项目立项', name: '立项依据充分性', method: 'elements' },
    { level2: '项目立项', name: '立项程序规范性', method: 'elements' },
    { level2: '绩效目标', name: '绩效目标合理性', method: 'elements' },
    { level2: '绩效目标', name: '绩效指标明确性', method: 'elements' },
    { level2: '资金投入', name: '预算编制科学性', method: 'elements' },
    { level2: '资金投入', name: '资金分配合理性', method: 'elements' },
  ],
  process: [
    { level2: '资金管理', name: '资金到位率', method: 'quantitative' },
    { level2: '资金管理', name: '预算执行率', method: 'quantitative' },
    { level2: '资金管理', name: '资金使用合规性', method: 'deduction' },
    { level2: '组织实施', name: '管理制度健全性', method: 'elements' },
    { level2: '组织实施', name: '制度执行有效性', method: 'deduction' },
  ],
  output: [
    { level2: '产出数量', name: '实际完成率', method: 'quantitative' },
    { level2: '产出质量', name: '质量达标率', method: 'quantitative' },
    { level2: '产出时效', name: '完成及时性', method: 'grade' },
    { level2: '产出成本', name: '成本节约率', method: 'quantitative' },
  ],
  benefit: [
    { level2: '项目效益', name: '经济效益', method: 'grade' },
    { level2: '项目效益', name: '社会效益', method: 'grade' },
    { level2: '项目效益', name: '生态效益', method: 'grade' },
    { level2: '项目效益', name: '可持续影响', method: 'grade' },
    { level2: '项目效益', name: '服务对象满意度', method: 'survey' },
  ],
};

/**
 * The default level-3 items of a framework: each level-1 weight split evenly over its items
 * (two decimals; the last item takes the rounding remainder so the level-1 sum is exact).
 */
export function defaultKeyEvalItems(f: KeyEvalFrameworkWeights): KeyEvalItem[] {
  const out: KeyEvalItem[] = [];
  for (const l1 of KEY_EVAL_LEVEL1) {
    const items = TEMPLATE[l1];
    const each = round2(f[l1] / items.length);
    items.forEach((t, i) => {
      const weight = i === items.length - 1 ? round2(f[l1] - each * (items.length - 1)) : each;
      out.push({ seq: out.length + 1, level1: l1, level2: t.level2, name: t.name, method: t.method, weight });
    });
  }
  return out;
}

/** Mean of the experts' scores, or (trimmedMean, ≥ 3 experts) the mean without one highest and one lowest. */
export function aggregateScores(scores: readonly number[], rule: ExpertAggregation): number | null {
  if (scores.length === 0) return null;
  let used = [...scores];
  if (rule === 'trimmedMean' && used.length >= 3) used = used.sort((a, b) => a - b).slice(1, -1);
  return round2(used.reduce((s, x) => s + x, 0) / used.length);
}

export interface KeyEvalResult {
  items: { seq: number; score: number | null; expertCount: number }[];
  level1: Record<KeyEvalLevel1, { weight: number; score: number }>;
  experts: string[];
  total: number;
  grade: GradeCode;
  /** Every item has at least one expert's score. */
  complete: boolean;
}

/** Per-item aggregation, level-1 subtotals, total and grade (items without scores count 0). */
export function computeKeyEval(items: readonly KeyEvalItem[], scores: readonly KeyEvalScore[], rule: ExpertAggregation, bands: readonly GradeBand[]): KeyEvalResult {
  const experts = [...new Set(scores.map((s) => s.expert))];
  const level1 = Object.fromEntries(KEY_EVAL_LEVEL1.map((l) => [l, { weight: 0, score: 0 }])) as KeyEvalResult['level1'];
  const rows = items.map((it) => {
    const mine = scores.filter((s) => s.seq === it.seq).map((s) => s.score);
    const score = aggregateScores(mine, rule);
    level1[it.level1].weight = round2(level1[it.level1].weight + it.weight);
    level1[it.level1].score = round2(level1[it.level1].score + (score ?? 0));
    return { seq: it.seq, score, expertCount: mine.length };
  });
  const total = round2(KEY_EVAL_LEVEL1.reduce((s, l) => s + level1[l].score, 0));
  return { items: rows, level1, experts, total, grade: gradeFor(total, bands), complete: items.length > 0 && rows.every((r) => r.score !== null) };
}

export interface KeyEvalIssue {
  field: string;
  message: string;
}

/** Item weights: each ≥ 0, each level-1 sum equal to the framework's weight. */
export function checkItemWeights(items: readonly KeyEvalItem[], f: KeyEvalFrameworkWeights, labels: Record<KeyEvalLevel1, string>): KeyEvalIssue[] {
  const issues: KeyEvalIssue[] = [];
  items.forEach((it, i) => {
    if (!(it.weight >= 0)) issues.push({ field: `items.${i}.weight`, message: `“${it.name}”的分值不能小于 0` });
  });
  for (const l1 of KEY_EVAL_LEVEL1) {
    const sum = round2(items.filter((i) => i.level1 === l1).reduce((s, i) => s + i.weight, 0));
    if (Math.abs(sum - f[l1]) > 1e-9) issues.push({ field: 'items', message: `${labels[l1]}类指标分值合计为 ${sum}，应为 ${f[l1]}` });
  }
  return issues;
}

/** Expert scores: the item exists, 0 ≤ score ≤ item weight, an expert's name, one score per expert and item. */
export function checkExpertScores(items: readonly KeyEvalItem[], scores: readonly KeyEvalScore[]): KeyEvalIssue[] {
  const bySeq = new Map(items.map((i) => [i.seq, i]));
  const seen = new Set<string>();
  const issues: KeyEvalIssue[] = [];
  scores.forEach((s, i) => {
    const it = bySeq.get(s.seq);
    if (!it) {
      issues.push({ field: `scores.${i}.seq`, message: `第 ${i + 1} 个得分的指标（序号 ${s.seq}）不存在` });
      return;
    }
    if (!s.expert.trim()) issues.push({ field: `scores.${i}.expert`, message: `“${it.name}”的得分未填写专家姓名` });
    const key = `${s.seq}\u0000${s.expert.trim()}`;
    if (seen.has(key)) issues.push({ field: `scores.${i}.expert`, message: `专家“${s.expert}”对“${it.name}”重复评分` });
    seen.add(key);
    if (s.score < 0) issues.push({ field: `scores.${i}.score`, message: `专家“${s.expert}”对“${it.name}”的得分不能小于 0` });
    else if (s.score > it.weight + 1e-9) issues.push({ field: `scores.${i}.score`, message: `专家“${s.expert}”对“${it.name}”的得分 ${s.score} 超过分值 ${it.weight}` });
  });
  return issues;
}
