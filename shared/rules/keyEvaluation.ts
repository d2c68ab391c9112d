import type { GradeBand, GradeCode } from '../domain/ruleProfile.ts';
import { gradeFor } from './grades.ts';
import { round2 } from './rounding.ts';

/**
 * 部门评价 / 财政重点评价 (SPEC §5.7): the level-3 items of the 决策/过程/产出/效益 framework with their
 * scoring method and its definition, the checks of an edited framework, the aggregation of several
 * experts' points per item, the level-1 subtotals, total and grade. Pure. How one expert's entry
 * becomes points is in keyEvalScoring.ts.
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

/** One 评分要点 of a 要素计分 item: met → its points. */
export interface KeyEvalElement {
  text: string;
  points: number;
}

/** What the item's method needs besides its weight. */
export interface KeyEvalItemConfig {
  /** 定量比例: the rate (actual ÷ planned) that earns full marks, in percent; 0 = "not negative" (成本节约率). */
  targetPct?: number;
  /** 定量比例: the names of the two figures the expert enters. */
  actualLabel?: string;
  plannedLabel?: string;
  /** 要素计分: the points that can be met, their points adding up to the weight. */
  elements?: KeyEvalElement[];
}

export interface KeyEvalItem {
  seq: number;
  level1: KeyEvalLevel1;
  level2: string;
  name: string;
  method: KeyEvalMethod;
  weight: number;
  config: KeyEvalItemConfig;
}

/** One expert's points on one item (computed from the entry by the item's method). */
export interface KeyEvalScore {
  seq: number;
  expert: string;
  score: number;
}

interface TemplateItem {
  level2: string;
  name: string;
  method: KeyEvalMethod;
  quantitative?: { actualLabel: string; plannedLabel: string; targetPct: number };
  elements?: string[];
}

/**
 * The SPEC §5.7 table: level 1 → level 2 → level-3 items with the method each is usually scored by,
 * the figures of the rate items (SPEC formulas) and the 评分要点 of the element items (the 2013-style
 * points SPEC quotes, and the usual ones for the others).
 */
const TEMPLATE: Record<KeyEvalLevel1, TemplateItem[]> = {
  decision: [
    {
      level2: '项目立项', name: '立项依据充分性', method: 'elements',
      elements: ['符合国家法律法规、国民经济发展规划和相关政策', '符合行业发展规划和政策要求', '与部门职责范围相符，属于部门履职所需', '属于公共财政支持范围，与其他项目无交叉重复'],
    },
    {
      level2: '项目立项', name: '立项程序规范性', method: 'elements',
      elements: ['按照规定的程序申请设立', '审批文件、材料符合相关要求', '事前经过必要的可行性研究、专家论证、风险评估、集体决策'],
    },
    {
      level2: '绩效目标', name: '绩效目标合理性', method: 'elements',
      elements: ['符合国家法律法规、国民经济发展规划', '与本部门职责和年度工作任务密切相关', '属于行业发展所必需', '预期产出和效果符合正常的业绩水平'],
    },
    {
      level2: '绩效目标', name: '绩效指标明确性', method: 'elements',
      elements: ['将绩效目标细化分解为具体的绩效指标', '通过清晰、可衡量的指标值予以体现', '与项目年度任务数相对应', '与预算确定的投资额或资金量相匹配'],
    },
    {
      level2: '资金投入', name: '预算编制科学性', method: 'elements',
      elements: ['预算编制经过科学论证', '预算内容与项目内容匹配', '预算额度测算依据充分，按照标准编制'],
    },
    { level2: '资金投入', name: '资金分配合理性', method: 'elements', elements: ['资金分配依据充分', '资金分配额度合理，与项目单位或地方实际相适应'] },
  ],
  process: [
    { level2: '资金管理', name: '资金到位率', method: 'quantitative', quantitative: { actualLabel: '实际到位资金（万元）', plannedLabel: '计划投入资金（万元）', targetPct: 100 } },
    { level2: '资金管理', name: '预算执行率', method: 'quantitative', quantitative: { actualLabel: '实际支出资金（万元）', plannedLabel: '实际到位资金（万元）', targetPct: 100 } },
    { level2: '资金管理', name: '资金使用合规性', method: 'deduction' },
    {
      level2: '组织实施', name: '管理制度健全性', method: 'elements',
      elements: ['已制定或具有相应的财务和业务管理制度', '财务和业务管理制度合法、合规、完整'],
    },
    { level2: '组织实施', name: '制度执行有效性', method: 'deduction' },
  ],
  output: [
    { level2: '产出数量', name: '实际完成率', method: 'quantitative', quantitative: { actualLabel: '实际产出数', plannedLabel: '计划产出数', targetPct: 100 } },
    { level2: '产出质量', name: '质量达标率', method: 'quantitative', quantitative: { actualLabel: '质量达标产出数', plannedLabel: '实际产出数', targetPct: 100 } },
    { level2: '产出时效', name: '完成及时性', method: 'grade' },
    { level2: '产出成本', name: '成本节约率', method: 'quantitative', quantitative: { actualLabel: '计划成本 − 实际成本（万元）', plannedLabel: '计划成本（万元）', targetPct: 0 } },
  ],
  benefit: [
    { level2: '项目效益', name: '经济效益', method: 'grade' },
    { level2: '项目效益', name: '社会效益', method: 'grade' },
    { level2: '项目效益', name: '生态效益', method: 'grade' },
    { level2: '项目效益', name: '可持续影响', method: 'grade' },
    { level2: '项目效益', name: '服务对象满意度', method: 'survey' },
  ],
};

/** `weight` split into `n` parts of two decimals; the last part takes the rounding remainder. */
export function splitPoints(weight: number, n: number): number[] {
  if (n <= 0) return [];
  const each = round2(weight / n);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? round2(weight - each * (n - 1)) : each));
}

const templateOf = (name: string): TemplateItem | undefined => KEY_EVAL_LEVEL1.flatMap((l) => TEMPLATE[l]).find((t) => t.name === name);

/**
 * The definition an item's method needs, with defaults where it has none (a new item, a method
 * just changed, an item stored before methods were applied): template figures or points for the
 * items of SPEC §5.7, else generic ones. Keeps only what the method uses.
 */
export function defaultItemConfig(name: string, method: KeyEvalMethod, weight: number, current: KeyEvalItemConfig = {}): KeyEvalItemConfig {
  const t = templateOf(name);
  if (method === 'quantitative') {
    const q = t?.quantitative;
    return {
      targetPct: current.targetPct ?? q?.targetPct ?? 100,
      actualLabel: current.actualLabel || q?.actualLabel || '实际值',
      plannedLabel: current.plannedLabel || q?.plannedLabel || '计划值',
    };
  }
  if (method === 'elements') {
    if (current.elements?.length) return { elements: current.elements.map((e) => ({ ...e })) };
    const texts = t?.elements ?? ['符合评分标准'];
    const pts = splitPoints(weight, texts.length);
    return { elements: texts.map((text, i) => ({ text, points: pts[i] ?? 0 })) };
  }
  return {};
}

/** The item with a complete definition for its method (see defaultItemConfig). */
export function normalizeItem(item: Omit<KeyEvalItem, 'config'> & { config?: KeyEvalItemConfig | null }): KeyEvalItem {
  return { ...item, config: defaultItemConfig(item.name, item.method, item.weight, item.config ?? {}) };
}

/**
 * The default level-3 items of a framework: each level-1 weight split evenly over its items
 * (two decimals; the last item takes the rounding remainder so the level-1 sum is exact).
 */
export function defaultKeyEvalItems(f: KeyEvalFrameworkWeights): KeyEvalItem[] {
  const out: KeyEvalItem[] = [];
  for (const l1 of KEY_EVAL_LEVEL1) {
    const items = TEMPLATE[l1];
    const weights = splitPoints(f[l1], items.length);
    items.forEach((t, i) => {
      const weight = weights[i] ?? 0;
      out.push(normalizeItem({ seq: out.length + 1, level1: l1, level2: t.level2, name: t.name, method: t.method, weight }));
    });
  }
  return out;
}

/** The level-1 weights of a framework: the sums of its items' weights. */
export function frameworkWeights(items: readonly Pick<KeyEvalItem, 'level1' | 'weight'>[]): KeyEvalFrameworkWeights {
  const w: KeyEvalFrameworkWeights = { decision: 0, process: 0, output: 0, benefit: 0 };
  for (const it of items) w[it.level1] = round2(w[it.level1] + it.weight);
  return w;
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
export function computeKeyEval(
  items: readonly Pick<KeyEvalItem, 'seq' | 'level1' | 'weight'>[], scores: readonly KeyEvalScore[], rule: ExpertAggregation, bands: readonly GradeBand[],
): KeyEvalResult {
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

/** The result-oriented minimum of SPEC §5.7: 产出 + 效益 ≥ 60% of the total weight (100). */
export const RESULT_ORIENTED_MIN = 60;
const TOTAL_WEIGHT = 100;
const twoDecimals = (n: number) => Math.abs(round2(n) - n) < 1e-9;

/**
 * An edited framework (SPEC §5.7): every item named (unique), under a level 2, weighted above 0
 * with at most two decimals; 要素计分 items with points adding up to the weight; every level 1
 * with at least one item; weights adding up to 100; 产出 + 效益 ≥ 60. Each issue names its field.
 */
export function checkKeyEvalFramework(items: readonly Omit<KeyEvalItem, 'seq'>[], labels: Record<KeyEvalLevel1, string>): KeyEvalIssue[] {
  const issues: KeyEvalIssue[] = [];
  const names = new Map<string, number>();
  items.forEach((it, i) => {
    const at = `第 ${i + 1} 个指标`;
    const name = it.name.trim();
    if (!name) issues.push({ field: `items.${i}.name`, message: `${at}的名称不能为空` });
    else if (names.has(name)) issues.push({ field: `items.${i}.name`, message: `${at}“${name}”与第 ${(names.get(name) ?? 0) + 1} 个指标重名` });
    else names.set(name, i);
    const label = name ? `“${name}”` : at;
    if (!it.level2.trim()) issues.push({ field: `items.${i}.level2`, message: `${label}的二级指标不能为空` });
    if (!(it.weight > 0)) issues.push({ field: `items.${i}.weight`, message: `${label}的分值应大于 0` });
    else if (!twoDecimals(it.weight)) issues.push({ field: `items.${i}.weight`, message: `${label}的分值最多保留两位小数` });
    if (it.method === 'quantitative' && it.config.targetPct !== undefined && !(it.config.targetPct >= 0)) {
      issues.push({ field: `items.${i}.targetPct`, message: `${label}的目标比率不能小于 0` });
    }
    if (it.method === 'elements') {
      const els = it.config.elements ?? [];
      if (els.length === 0) issues.push({ field: `items.${i}.elements`, message: `${label}为要素计分，至少需要一个评分要点` });
      els.forEach((e, k) => {
        if (!e.text.trim()) issues.push({ field: `items.${i}.elements.${k}.text`, message: `${label}的第 ${k + 1} 个评分要点内容不能为空` });
        if (!(e.points > 0) || !twoDecimals(e.points)) issues.push({ field: `items.${i}.elements.${k}.points`, message: `${label}的第 ${k + 1} 个评分要点分值应大于 0 且最多两位小数` });
      });
      const sum = round2(els.reduce((s, e) => s + e.points, 0));
      if (els.length && it.weight > 0 && Math.abs(sum - it.weight) > 1e-9) {
        issues.push({ field: `items.${i}.elements`, message: `${label}各评分要点分值合计为 ${sum}，应等于指标分值 ${it.weight}` });
      }
    }
  });
  const w = frameworkWeights(items);
  for (const l1 of KEY_EVAL_LEVEL1) {
    if (!items.some((it) => it.level1 === l1)) issues.push({ field: `weights.${l1}`, message: `${labels[l1]}类至少需要一个三级指标` });
  }
  const total = round2(KEY_EVAL_LEVEL1.reduce((s, l) => s + w[l], 0));
  if (Math.abs(total - TOTAL_WEIGHT) > 1e-9) issues.push({ field: 'weights.total', message: `各三级指标分值合计为 ${total}，应为 ${TOTAL_WEIGHT}` });
  const result = round2(w.output + w.benefit);
  if (result < RESULT_ORIENTED_MIN - 1e-9) {
    issues.push({ field: 'weights.output', message: `${labels.output}与${labels.benefit}分值之和为 ${result}，应不少于 ${RESULT_ORIENTED_MIN}（结果导向）` });
  }
  return issues;
}
