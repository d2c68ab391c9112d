import type { CellValue } from '../files/xlsx.ts';

/**
 * Small readers and writers of spreadsheet cells shared by the import and export plans
 * (units, library, projects, goals).
 */

/** Code by label: each label of `labels`, plus the extra spellings a file may use. */
export const byLabel = <C extends string>(labels: Record<C, string>, extra: [string, C][] = []) =>
  new Map<string, C>([...(Object.entries(labels) as [C, string][]).map(([c, l]) => [l, c] as [string, C]), ...extra]);

/** The labels as an error message lists them: "甲、乙、丙". */
export const labelList = (labels: Record<string, string>) => Object.values(labels).join('、');

export const yesNo = (v: boolean) => (v ? '是' : '否');

/** A cell as trimmed text ('' for an empty cell). */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'number' ? String(v) : String(v).trim();
}

/** 是/否 and the usual spellings of yes and no; an empty cell is no; anything else null. */
export function parseYesNo(text: string): boolean | null {
  if (text === '') return false;
  if (['是', 'Y', 'y', '1', 'TRUE', 'true', '√'].includes(text)) return true;
  if (['否', 'N', 'n', '0', 'FALSE', 'false', '×'].includes(text)) return false;
  return null;
}
