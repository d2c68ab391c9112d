import type { MethodInput } from '../../../../shared/api/contract.ts';
import type { RecheckItemDto } from '../../../../shared/api/dtoRecheck.ts';
import type { GradeBand } from '../../../../shared/domain/ruleProfile.ts';
import { recheckTotal, type RecheckReason, type RecheckTotal } from '../../../../shared/rules/recheckSample.ts';

/** Tables a re-check view reads (data.changed on any of them refreshes it). */
export const RECHECK_TABLES = ['recheck_samples', 'recheck_items', 'recheck_rows', 'self_evaluations', 'self_eval_rows', 'rectifications', 'projects', 'units'];

export const REASON_COLORS: Record<RecheckReason, string> = {
  largestAmount: 'blue',
  redWarning: 'red',
  lowScore: 'orange',
  random: 'gray',
  amountShare: 'cyan',
};

/** One row of the re-check form: the score as typed (empty = the self score stands) and the comment. */
export interface RecheckRowState {
  seq: number;
  score: string;
  comment: string;
}

export interface RecheckFormState {
  rows: RecheckRowState[];
  opinion: string;
}

export function formFromItem(d: RecheckItemDto): RecheckFormState {
  return {
    rows: d.rows.map((r) => ({ seq: r.seq, score: r.recheckScore === null ? '' : String(r.recheckScore), comment: r.comment })),
    opinion: d.opinion,
  };
}

export const sameRecheckForm = (a: RecheckFormState, b: RecheckFormState) => JSON.stringify(a) === JSON.stringify(b);

/** A typed score: null when empty, undefined when unreadable. */
function parseScore(text: string): number | null | undefined {
  const t = text.trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** Errors the backend would refuse, by field (rows.<i>.score). */
export function recheckErrors(d: RecheckItemDto, f: RecheckFormState): Record<string, string> {
  const out: Record<string, string> = {};
  f.rows.forEach((r, i) => {
    const row = d.rows[i];
    const v = parseScore(r.score);
    if (!row || v === null) return;
    if (v === undefined) out[`rows.${i}.score`] = '得分应为数字';
    else if (v < 0 || v > row.weight + 1e-9) out[`rows.${i}.score`] = `应在 0 与 ${row.weight} 之间`;
  });
  return out;
}

/** The rows the reviewer entered (a score, or a comment on a row whose self score stands). */
function enteredRows(d: RecheckItemDto, f: RecheckFormState) {
  const out: { seq: number; score: number; comment: string }[] = [];
  f.rows.forEach((r, i) => {
    const row = d.rows[i];
    if (!row || row.notApplicable) return;
    const v = parseScore(r.score);
    if (typeof v === 'number') out.push({ seq: r.seq, score: v, comment: r.comment.trim() });
    else if (v === null && r.comment.trim()) out.push({ seq: r.seq, score: row.selfScore ?? 0, comment: r.comment.trim() });
  });
  return out;
}

/** The adjusted total of what is on screen, by the same function the backend stores. */
export function liveTotal(d: RecheckItemDto, f: RecheckFormState, grades: readonly GradeBand[]): RecheckTotal {
  return recheckTotal(d.selfResult, new Map(enteredRows(d, f).map((r) => [String(r.seq), r.score])), grades);
}

export function toRecheckSave(d: RecheckItemDto, rev: number, f: RecheckFormState): MethodInput<'recheck.save'> {
  return { itemId: d.id, rev, rows: enteredRows(d, f), opinion: f.opinion.trim() };
}

export const signed = (n: number | null | undefined) => (typeof n !== 'number' ? '—' : n > 0 ? `+${n.toFixed(2)}` : n < 0 ? `−${(-n).toFixed(2)}` : '0.00');
export const diffColor = (n: number | null | undefined) => (typeof n !== 'number' || Math.abs(n) < 0.005 ? undefined : n < 0 ? 'red.7' : 'teal.7');
