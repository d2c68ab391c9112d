import type { KeyEvalDto } from '../../../../shared/api/methods/keyEval.ts';
import type { GradeCode } from '../../../../shared/domain/ruleProfile.ts';
import { GOAL_GRADE_LABELS as GRADE_LABEL, KEY_EVAL_LEVEL1_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import {
  checkKeyEvalFramework, computeKeyEval, type KeyEvalIssue, type KeyEvalItem, type KeyEvalMethod, type KeyEvalResult, type KeyEvalScore,
} from '../../../../shared/rules/keyEvaluation.ts';
import { scoreEntry, type KeyEvalInput } from '../../../../shared/rules/keyEvalScoring.ts';

/**
 * The key-evaluation editor's state: the framework draft (before scoring starts) and every
 * expert's entry as typed (strings, so a half-typed number stays on screen), turned into the
 * method inputs and scored live with the same shared rules the backend applies.
 */

/** Tables a key-evaluation view reads (data.changed on any of them refreshes it). */
export const KEY_EVAL_TABLES = ['key_evaluations', 'key_eval_items', 'key_eval_scores', 'agencies', 'experts', 'rectifications', 'projects', 'units'];
export const GRADE_COLORS: Record<GradeCode, string> = { excellent: 'teal', good: 'blue', fair: 'orange', low: 'red', poor: 'red' };
export const fmt2 = (n: number | null | undefined) => (typeof n === 'number' ? n.toFixed(2) : '—');
export const options = <K extends string>(labels: Record<K, string>) => (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));

/** A framework item being edited: `key` identifies the row on screen. */
export type DraftItem = Omit<KeyEvalItem, 'seq'> & { key: string };

let keySeq = 0;
export const newKey = () => `n${(keySeq += 1)}`;
export const draftItems = (e: KeyEvalDto): DraftItem[] => e.items.map(({ seq, ...i }) => ({ ...i, key: `s${seq}` }));
export const checkDraft = (items: readonly DraftItem[]): KeyEvalIssue[] => checkKeyEvalFramework(items, KEY_EVAL_LEVEL1_LABELS);

/** One expert's entry on one item as typed. `null` fields: not entered. */
export type EntryDraft =
  | { method: 'quantitative'; actual: string; planned: string }
  | { method: 'elements'; met: number[] | null }
  | { method: 'deduction'; deductions: { reason: string; points: string }[] | null }
  | { method: 'grade'; grade: GradeCode | null }
  | { method: 'survey'; ratePct: string; sampleSize: string }
  /** Points typed before the methods applied, kept until the expert re-enters the item. */
  | { method: 'legacy'; score: number };

export const entryKey = (seq: number, expert: string) => `${seq}|${expert}`;

export function blankDraft(method: KeyEvalMethod): EntryDraft {
  switch (method) {
    case 'quantitative': return { method, actual: '', planned: '' };
    case 'elements': return { method, met: null };
    case 'deduction': return { method, deductions: null };
    case 'grade': return { method, grade: null };
    case 'survey': return { method, ratePct: '', sampleSize: '' };
  }
}

const str = (n: number) => String(n);

export function draftFromInput(input: KeyEvalInput | null, score: number): EntryDraft {
  if (input === null) return { method: 'legacy', score };
  switch (input.method) {
    case 'quantitative': return { method: 'quantitative', actual: str(input.actual), planned: str(input.planned) };
    case 'elements': return { method: 'elements', met: [...input.met] };
    case 'deduction': return { method: 'deduction', deductions: input.deductions.map((d) => ({ reason: d.reason, points: str(d.points) })) };
    case 'grade': return { method: 'grade', grade: input.grade };
    case 'survey': return { method: 'survey', ratePct: str(input.ratePct), sampleSize: str(input.sampleSize) };
  }
}

const num = (s: string): number | null => (s.trim() === '' || !Number.isFinite(Number(s)) ? null : Number(s));

/** The method input of a draft: 'empty' when nothing is entered, 'partial' when half of it is, null for legacy points. */
export function inputFromDraft(d: EntryDraft): KeyEvalInput | null | 'empty' | 'partial' {
  switch (d.method) {
    case 'legacy': return null;
    case 'elements': return d.met === null ? 'empty' : { method: 'elements', met: d.met };
    case 'grade': return d.grade === null ? 'empty' : { method: 'grade', grade: d.grade };
    case 'deduction': {
      if (d.deductions === null) return 'empty';
      const list = d.deductions.map((x) => ({ reason: x.reason, points: num(x.points) }));
      if (list.some((x) => x.points === null)) return 'partial';
      return { method: 'deduction', deductions: list.map((x) => ({ reason: x.reason, points: x.points ?? 0 })) };
    }
    case 'quantitative': {
      const a = num(d.actual);
      const p = num(d.planned);
      if (d.actual.trim() === '' && d.planned.trim() === '') return 'empty';
      return a === null || p === null ? 'partial' : { method: 'quantitative', actual: a, planned: p };
    }
    case 'survey': {
      const r = num(d.ratePct);
      const n = num(d.sampleSize);
      if (d.ratePct.trim() === '' && d.sampleSize.trim() === '') return 'empty';
      return r === null || n === null ? 'partial' : { method: 'survey', ratePct: r, sampleSize: n };
    }
  }
}

/** What one draft is worth now. */
export type EntryState =
  | { kind: 'empty' }
  | { kind: 'scored'; score: number; explanation: string; input: KeyEvalInput | null }
  | { kind: 'invalid'; message: string };

export interface ScoringState {
  experts: string[];
  drafts: Record<string, EntryDraft>;
  findings: string;
  recommendations: string;
  plan: number | string;
  report: number | string;
}

export function scoringFromDto(e: KeyEvalDto): ScoringState {
  const experts = [...new Set(e.scores.map((s) => s.expert))];
  return {
    experts: experts.length ? experts : ['专家1'],
    drafts: Object.fromEntries(e.scores.map((s) => [entryKey(s.seq, s.expert), draftFromInput(s.input, s.score)])),
    findings: e.findings, recommendations: e.recommendations, plan: e.planQualityScore ?? '', report: e.reportQualityScore ?? '',
  };
}

export interface LiveScoring {
  states: Map<string, EntryState>;
  entries: { seq: number; expert: string; input: KeyEvalInput | null }[];
  scores: KeyEvalScore[];
  result: KeyEvalResult;
  problems: string[];
}

/** Every draft scored by its item's method, the entries to save, and the aggregated result. */
export function liveScoring(e: KeyEvalDto, s: ScoringState): LiveScoring {
  const states = new Map<string, EntryState>();
  const entries: LiveScoring['entries'] = [];
  const scores: KeyEvalScore[] = [];
  const problems: string[] = [];
  for (const it of e.items) {
    for (const expert of s.experts) {
      const k = entryKey(it.seq, expert);
      const d = s.drafts[k];
      const input = d ? inputFromDraft(d) : 'empty';
      if (input === 'empty') {
        states.set(k, { kind: 'empty' });
        continue;
      }
      if (input === 'partial') {
        states.set(k, { kind: 'invalid', message: '请填写完整' });
        problems.push(`专家“${expert}”对“${it.name}”的录入不完整`);
        continue;
      }
      if (input === null) {
        const score = d?.method === 'legacy' ? d.score : 0;
        states.set(k, { kind: 'scored', score, explanation: `直接录入 ${score.toFixed(2)} 分（评分方法启用前录入）`, input: null });
        entries.push({ seq: it.seq, expert, input: null });
        scores.push({ seq: it.seq, expert, score });
        continue;
      }
      const r = scoreEntry(it, input, e.gradeShares);
      if (r.ok) {
        states.set(k, { kind: 'scored', score: r.score, explanation: r.explanation, input });
        entries.push({ seq: it.seq, expert, input });
        scores.push({ seq: it.seq, expert, score: r.score });
      } else {
        states.set(k, { kind: 'invalid', message: r.message });
        problems.push(`专家“${expert}”对“${it.name}”：${r.message}`);
      }
    }
  }
  if (s.experts.some((x) => !x.trim())) problems.push('专家姓名不能为空');
  if (new Set(s.experts.map((x) => x.trim())).size !== s.experts.length) problems.push('专家姓名不能重复');
  return { states, entries, scores, result: computeKeyEval(e.items, scores, e.expertAggregation, e.gradeBands), problems };
}

/** Entries of one expert that are entered (scored, legacy or invalid). */
export const enteredCount = (live: LiveScoring, e: KeyEvalDto, expert: string) =>
  e.items.filter((it) => live.states.get(entryKey(it.seq, expert))?.kind !== 'empty').length;

/** How an item is scored, in words (the framework view and the settings summary). */
export function methodRule(it: Pick<KeyEvalItem, 'method' | 'config'>, shares: KeyEvalDto['gradeShares']): string {
  switch (it.method) {
    case 'quantitative': {
      const t = it.config.targetPct ?? 100;
      return `${it.config.actualLabel} ÷ ${it.config.plannedLabel}；${t > 0 ? `达到目标 ${t}% 得满分，未达到按比例计分` : '不低于 0 得满分，否则 0 分'}`;
    }
    case 'elements': return `${it.config.elements?.length ?? 0} 个评分要点，满足一项得该项分值`;
    case 'deduction': return '从分值逐项扣减（注明原因），最低 0 分';
    case 'grade': return `按等级计分：${shares.map((g) => `${GRADE_LABEL[g.grade]} ${Math.round(g.share * 100)}%`).join('、')}`;
    case 'survey': return '分值 × 满意度（记录有效样本数）';
  }
}
