import type { GradeCode } from '../domain/ruleProfile.ts';
import { GOAL_GRADE_LABELS, KEY_EVAL_METHOD_LABELS } from '../i18n/zh-CN.ts';
import type { KeyEvalIssue, KeyEvalItem, KeyEvalMethod, KeyEvalScore } from './keyEvaluation.ts';
import { round2 } from './rounding.ts';

/**
 * One expert's entry on one level-3 item, by the item's scoring method (SPEC §5.7), and the points
 * it earns with the Chinese computation shown beside it. Pure.
 *
 *   定量比例  weight × min(rate ÷ target, 1), rate = actual ÷ planned; a target of 0 means "not negative"
 *             (成本节约率): full marks at a rate ≥ 0, none below
 *   要素计分  sum of the points of the elements met
 *   扣分制    weight − the deductions (each with its reason), not below 0
 *   等级计分  weight × the share of the chosen grade (the profile's gradeShares)
 *   问卷      weight × satisfaction rate, with the sample size recorded
 *
 * Points are rounded to two decimals per expert and item. An entry stored before the methods were
 * applied has no input (null) and keeps the points typed then.
 */

export type KeyEvalInput =
  | { method: 'quantitative'; actual: number; planned: number }
  | { method: 'elements'; met: number[] }
  | { method: 'deduction'; deductions: { reason: string; points: number }[] }
  | { method: 'grade'; grade: GradeCode }
  | { method: 'survey'; ratePct: number; sampleSize: number };

export interface GradeShare {
  grade: GradeCode;
  share: number;
}

/** An expert's entry as stored: the input (null for points typed before methods applied) and the points. */
export interface KeyEvalEntry {
  seq: number;
  expert: string;
  input: KeyEvalInput | null;
  score: number;
  explanation: string;
}

export type EntryOutcome = { ok: true; score: number; explanation: string } | { ok: false; field: string; message: string };

const f2 = (n: number) => n.toFixed(2);
const num = (n: number) => String(round2(n));
const pct = (rate: number) => `${f2(rate * 100)}%`;
const fail = (field: string, message: string): EntryOutcome => ({ ok: false, field, message });
const ok = (score: number, explanation: string): EntryOutcome => ({ ok: true, score: round2(score), explanation });
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
/** The marker of element k (0-based): ①…⑳, then (21)…. */
export const elementMark = (k: number): string => CIRCLED[k] ?? `(${k + 1})`;

function quantitative(it: KeyEvalItem, actual: number, planned: number): EntryOutcome {
  const aLabel = it.config.actualLabel || '实际值';
  const pLabel = it.config.plannedLabel || '计划值';
  if (!Number.isFinite(actual)) return fail('actual', `请填写${aLabel}`);
  if (!(planned > 0)) return fail('planned', `${pLabel}应大于 0`);
  const rate = actual / planned;
  const target = (it.config.targetPct ?? 100) / 100;
  const head = `${aLabel} ${num(actual)} ÷ ${pLabel} ${num(planned)} = ${pct(rate)}`;
  if (target <= 0) {
    const score = rate >= 0 ? it.weight : 0;
    return ok(score, `${head}；目标为不低于 0：${rate >= 0 ? `达到，得满分 ${f2(score)}` : '未达到，得 0.00'}`);
  }
  const share = Math.max(0, Math.min(rate / target, 1));
  return ok(it.weight * share, `${head}，目标 ${pct(target)}；${num(it.weight)} × min(${pct(rate)} ÷ ${pct(target)}, 1) = ${f2(round2(it.weight * share))}`);
}

function elements(it: KeyEvalItem, met: readonly number[]): EntryOutcome {
  const els = it.config.elements ?? [];
  const seen = new Set<number>();
  for (const k of met) {
    if (!Number.isInteger(k) || k < 0 || k >= els.length) return fail('met', `评分要点第 ${k + 1} 项不存在`);
    if (seen.has(k)) return fail('met', `评分要点第 ${k + 1} 项重复勾选`);
    seen.add(k);
  }
  const chosen = [...seen].sort((a, b) => a - b);
  const score = chosen.reduce((s, k) => s + (els[k]?.points ?? 0), 0);
  if (chosen.length === 0) return ok(0, `满足 0/${els.length} 项评分要点：0.00`);
  const parts = chosen.map((k) => num(els[k]?.points ?? 0));
  const sum = parts.length > 1 ? `${parts.join(' + ')} = ${f2(round2(score))}` : f2(round2(score));
  return ok(score, `满足 ${chosen.length}/${els.length} 项评分要点（${chosen.map(elementMark).join('')}）：${sum}`);
}

function deduction(it: KeyEvalItem, list: readonly { reason: string; points: number }[]): EntryOutcome {
  let left = it.weight;
  for (const [k, d] of list.entries()) {
    if (!d.reason.trim()) return fail(`deductions.${k}.reason`, `第 ${k + 1} 项扣分未填写原因`);
    if (!(d.points > 0)) return fail(`deductions.${k}.points`, `第 ${k + 1} 项扣分应大于 0`);
    if (Math.abs(round2(d.points) - d.points) > 1e-9) return fail(`deductions.${k}.points`, `第 ${k + 1} 项扣分最多保留两位小数`);
    left -= d.points;
  }
  if (list.length === 0) return ok(it.weight, `无扣分：得满分 ${f2(it.weight)}`);
  const steps = list.map((d) => ` − ${num(d.points)}（${d.reason.trim()}）`).join('');
  const score = Math.max(0, left);
  return ok(score, `${num(it.weight)}${steps} = ${f2(round2(left))}${left < 0 ? '，不足 0 按 0 计' : ''}`);
}

function grade(it: KeyEvalItem, g: GradeCode, shares: readonly GradeShare[]): EntryOutcome {
  const s = shares.find((x) => x.grade === g);
  if (!s) return fail('grade', `等级“${GOAL_GRADE_LABELS[g]}”不在规则方案的等级计分中`);
  return ok(it.weight * s.share, `评为“${GOAL_GRADE_LABELS[g]}”，得分比例 ${pct(s.share)}：${num(it.weight)} × ${pct(s.share)} = ${f2(round2(it.weight * s.share))}`);
}

function survey(it: KeyEvalItem, ratePct: number, sampleSize: number): EntryOutcome {
  if (!(ratePct >= 0 && ratePct <= 100)) return fail('ratePct', '满意度应在 0% 至 100% 之间');
  if (!Number.isInteger(sampleSize) || sampleSize < 1) return fail('sampleSize', '有效样本数应为正整数');
  const rate = ratePct / 100;
  return ok(it.weight * rate, `满意度 ${pct(rate)}（有效样本 ${sampleSize} 份）：${num(it.weight)} × ${pct(rate)} = ${f2(round2(it.weight * rate))}`);
}

/** The points one entry earns on the item, with the computation; or what is wrong (field relative to the input). */
export function scoreEntry(item: KeyEvalItem, input: KeyEvalInput, shares: readonly GradeShare[]): EntryOutcome {
  if (input.method !== item.method) {
    return fail('method', `“${item.name}”的评分方法为${KEY_EVAL_METHOD_LABELS[item.method]}，录入内容是${KEY_EVAL_METHOD_LABELS[input.method]}`);
  }
  switch (input.method) {
    case 'quantitative': return quantitative(item, input.actual, input.planned);
    case 'elements': return elements(item, input.met);
    case 'deduction': return deduction(item, input.deductions);
    case 'grade': return grade(item, input.grade, shares);
    case 'survey': return survey(item, input.ratePct, input.sampleSize);
  }
}

export const legacyExplanation = (score: number) => `直接录入 ${f2(score)} 分（评分方法启用前录入）`;

/** The entry a newly chosen method starts from for an item (nothing met, no deductions …); null when the expert must type figures. */
export function blankInput(method: KeyEvalMethod): KeyEvalInput | null {
  if (method === 'elements') return { method, met: [] };
  if (method === 'deduction') return { method, deductions: [] };
  return null;
}

export interface ScoredEntries {
  entries: KeyEvalEntry[];
  issues: KeyEvalIssue[];
}

/**
 * Every expert's entries scored: the item exists, an expert's name, one entry per expert and item,
 * an input fitting the item's method (a null input only where `legacy` holds points typed before
 * methods applied). Issue fields are `entries.<i>.…`.
 */
export function scoreEntries(
  items: readonly KeyEvalItem[], entries: readonly { seq: number; expert: string; input: KeyEvalInput | null }[], shares: readonly GradeShare[],
  legacy: readonly KeyEvalScore[] = [],
): ScoredEntries {
  const bySeq = new Map(items.map((i) => [i.seq, i]));
  const old = new Map(legacy.map((s) => [`${s.seq}\u0000${s.expert}`, s.score]));
  const seen = new Set<string>();
  const out: KeyEvalEntry[] = [];
  const issues: KeyEvalIssue[] = [];
  entries.forEach((e, i) => {
    const it = bySeq.get(e.seq);
    if (!it) {
      issues.push({ field: `entries.${i}.seq`, message: `第 ${i + 1} 条评分的指标（序号 ${e.seq}）不存在，请刷新后再保存` });
      return;
    }
    const expert = e.expert.trim();
    if (!expert) {
      issues.push({ field: `entries.${i}.expert`, message: `“${it.name}”的评分未填写专家姓名` });
      return;
    }
    const key = `${e.seq}\u0000${expert}`;
    if (seen.has(key)) {
      issues.push({ field: `entries.${i}.expert`, message: `专家“${expert}”对“${it.name}”重复评分` });
      return;
    }
    seen.add(key);
    if (e.input === null) {
      const score = old.get(key);
      if (score === undefined) issues.push({ field: `entries.${i}.input`, message: `专家“${expert}”对“${it.name}”的评分未按${KEY_EVAL_METHOD_LABELS[it.method]}录入` });
      else out.push({ seq: e.seq, expert, input: null, score, explanation: legacyExplanation(score) });
      return;
    }
    const r = scoreEntry(it, e.input, shares);
    if (r.ok) out.push({ seq: e.seq, expert, input: e.input, score: r.score, explanation: r.explanation });
    else issues.push({ field: `entries.${i}.${r.field}`, message: `专家“${expert}”对“${it.name}”：${r.message}` });
  });
  return { entries: out, issues };
}
