import { formatWan, parseWanToFen } from './money.ts';
import { percent } from './rounding.ts';
import { EXTRA_BY_ID, STAGE_BY_ID, type MeasureSum, type StageDef, type StatStage } from './statisticsCatalog.ts';

/**
 * Figures from measures (统计数字的计算): sums of integer measures and rates of two sums, with the one
 * rounding rule of the project (shared/rules/rounding.ts percent: two decimals, half-up). Every
 * screen, the workbook and the report call these, so a figure is the same number everywhere.
 */

export type MeasureMap = Readonly<Record<string, number>>;

/** Sum of measures; a measure missing from the map counts 0. */
export function sumOf(m: MeasureMap, ids: MeasureSum): number {
  let s = 0;
  for (const id of ids) s += m[id] ?? 0;
  return s;
}

/** Whether any of the measures is present (a cut row without them shows "—", not 0). */
export function hasAny(m: MeasureMap, ids: MeasureSum): boolean {
  return ids.some((id) => m[id] !== undefined);
}

export interface StageCell {
  baseN: number;
  doneN: number;
  baseFen: number | null;
  doneFen: number | null;
  /** Percent with two decimals; null when the stage has no such rate or the base is 0. */
  countRate: number | null;
  amountRate: number | null;
}

export function stageCell(m: MeasureMap, stage: StageDef | StatStage): StageCell {
  const s = typeof stage === 'string' ? stageDef(stage) : stage;
  const baseN = sumOf(m, s.base.n);
  const doneN = sumOf(m, s.done.n);
  const baseFen = s.base.fen ? sumOf(m, s.base.fen) : null;
  const doneFen = s.done.fen ? sumOf(m, s.done.fen) : null;
  return {
    baseN, doneN, baseFen, doneFen,
    countRate: s.countRate ? percent(doneN, baseN) : null,
    amountRate: s.amountRate && baseFen !== null && doneFen !== null ? percent(doneFen, baseFen) : null,
  };
}

export function stageDef(id: StatStage): StageDef {
  const s = STAGE_BY_ID.get(id);
  if (!s) throw new Error(`unknown statistics stage ${id}`);
  return s;
}

/** What a figure id names: a stage part ('goals.done') or an extra figure ('monitoring.red'). */
export interface FigureInfo {
  id: string;
  stage: StatStage;
  label: string;
  definition: string;
  n: MeasureSum | null;
  fen: MeasureSum | null;
}

export function figureInfo(id: string): FigureInfo | null {
  const extra = EXTRA_BY_ID.get(id);
  if (extra) {
    return { id, stage: extra.stage, label: extra.label, definition: extra.definition, n: extra.unit === 'count' ? extra.measures : null, fen: extra.unit === 'fen' ? extra.measures : null };
  }
  const [stageId, part, ...rest] = id.split('.');
  const stage = STAGE_BY_ID.get(stageId as StatStage);
  if (!stage || rest.length > 0 || (part !== 'base' && part !== 'done')) return null;
  const p = stage[part];
  return { id, stage: stage.id, label: `${stage.label}：${p.label}`, definition: p.definition, n: p.n, fen: p.fen };
}

// ---------------------------------------------------------------- consistency of shown tables

/** The amount as shown (万元, two decimals), back in 分: what a reader adds up. */
export function shownFen(fen: number, dp = 2): number {
  return parseWanToFen(formatWan(fen, dp)) ?? 0;
}

/**
 * DECISIONS.md "Amounts": the total is rounded from the exact sum; when the rounded parts do not
 * add up to the rounded total the table says so in a note instead of adjusting a part.
 * Returns the difference (shown total − sum of shown parts) in 分, 0 when they agree.
 */
export function roundingGap(partsFen: readonly number[], totalFen: number, dp = 2): number {
  return shownFen(totalFen, dp) - partsFen.reduce((a, p) => a + shownFen(p, dp), 0);
}

/** Measures whose rows of an additive cut do not add up to the total (each with both sums). */
export function cutDisagreements(rows: readonly { measures: MeasureMap }[], totals: MeasureMap, ids: readonly string[]): { id: string; rows: number; total: number }[] {
  const out: { id: string; rows: number; total: number }[] = [];
  for (const id of ids) {
    const sum = rows.reduce((a, r) => a + (r.measures[id] ?? 0), 0);
    const total = totals[id] ?? 0;
    if (sum !== total) out.push({ id, rows: sum, total });
  }
  return out;
}

/** Adds measures into a map (integer sums; a missing key starts at 0). */
export function addMeasures(into: Record<string, number>, from: MeasureMap): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** "12.34%" or "—". */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${rate.toFixed(2)}%`;
}
