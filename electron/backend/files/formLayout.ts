import * as XLSX from 'xlsx';
import { formatWan } from '../../../shared/rules/money.ts';
import { numberCell, safeCell, type CellValue, type LaidOutSheet } from './xlsx.ts';

/**
 * The grid the official forms are laid out on (files/goalForms.ts, files/monitoringForms.ts).
 * SheetJS community edition writes no cell styles (borders, wrap, fonts), so the layout is carried
 * by merges, widths, estimated row heights, print area and margins alone.
 */

/** 万元 with two decimals, rounded half-up on the integer 分 by shared/rules/money.ts. */
export const wanNumber = (fen: number) => Number(formatWan(fen).replace(/,/g, ''));

/** Width of text in Excel "characters": CJK and full-width characters take two. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

const LINE_POINTS = 15;
const MIN_ROW_POINTS = 20;
const MAX_ROW_POINTS = 409; // Excel's limit
/** Goal texts get a tall cell even when short: the printed form leaves room to read them. */
export const GOAL_TEXT_MIN_POINTS = 60;

/** Points a row needs to show `text` wrapped in a cell `widthChars` wide. */
function heightFor(text: string, widthChars: number): number {
  const usable = Math.max(4, widthChars - 1);
  const lines = text.split(/\r?\n/).reduce((n, para) => n + Math.max(1, Math.ceil(displayWidth(para) / usable)), 0);
  return Math.min(MAX_ROW_POINTS, Math.max(MIN_ROW_POINTS, lines * LINE_POINTS + 5));
}

/** Page margins in inches. */
export interface Margins {
  left: number;
  right: number;
  top: number;
  bottom: number;
  header: number;
  footer: number;
}

export class Grid {
  private readonly cells = new Map<string, XLSX.CellObject>();
  private readonly merges: XLSX.Range[] = [];
  private readonly heights = new Map<number, number>();
  rows = 0;

  readonly widths: readonly number[];
  private readonly margins: Margins;

  constructor(widths: readonly number[], margins: Margins) {
    this.widths = widths;
    this.margins = margins;
  }

  get cols(): number {
    return this.widths.length;
  }

  /** Index of the last column. */
  get last(): number {
    return this.widths.length - 1;
  }

  set(r: number, c: number, v: CellValue | XLSX.CellObject): void {
    this.cells.set(XLSX.utils.encode_cell({ r, c }), v !== null && typeof v === 'object' ? v : safeCell(v));
    this.rows = Math.max(this.rows, r + 1);
  }

  /** An amount in 分 as 万元 ("#,##0.00"); null leaves the cell blank. */
  money(r: number, c: number, fen: number | null): void {
    this.set(r, c, fen === null ? '' : numberCell(wanNumber(fen)));
  }

  /** Writes v in the top-left cell of the block and merges it (a 1×1 block is just a cell). */
  block(r1: number, c1: number, r2: number, c2: number, v: CellValue | XLSX.CellObject): void {
    this.set(r1, c1, v);
    for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) if (r !== r1 || c !== c1) this.set(r, c, '');
    if (r2 > r1 || c2 > c1) this.merges.push({ s: { r: r1, c: c1 }, e: { r: r2, c: c2 } });
  }

  /** Raises the row's height so `text` fits wrapped across columns c1..c2 (empty text needs no more than the minimum). */
  fit(r: number, c1: number, c2: number, text: string): void {
    if (!text) return;
    const width = this.widths.slice(c1, c2 + 1).reduce((a, b) => a + b, 0);
    this.heights.set(r, Math.max(this.heights.get(r) ?? MIN_ROW_POINTS, heightFor(text, width)));
  }

  /** Raises the row's height to at least `points`. */
  height(r: number, points: number): void {
    this.heights.set(r, Math.max(this.heights.get(r) ?? MIN_ROW_POINTS, points));
  }

  toSheet(name: string): LaidOutSheet {
    const ws: XLSX.WorkSheet = {};
    for (const [addr, cell] of this.cells) ws[addr] = cell;
    const last = { r: Math.max(this.rows - 1, 0), c: this.last };
    ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: last });
    ws['!merges'] = this.merges;
    ws['!cols'] = this.widths.map((wch) => ({ wch }));
    ws['!rows'] = Array.from({ length: this.rows }, (_, r) => ({ hpt: this.heights.get(r) ?? MIN_ROW_POINTS }));
    ws['!margins'] = { ...this.margins };
    return { name, ws, printArea: { s: { r: 0, c: 0 }, e: last } };
  }
}
