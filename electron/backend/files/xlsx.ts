import * as XLSX from 'xlsx';
import type { FileDto } from '../../../shared/api/dto.ts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type CellValue = string | number | boolean | null;

/** Cells starting with = + - @ (or tab/CR) are written as text so no spreadsheet evaluates them. */
export function safeCell(v: CellValue): XLSX.CellObject {
  if (v === null || v === '') return { t: 's', v: '' };
  if (typeof v === 'number') return { t: 'n', v };
  if (typeof v === 'boolean') return { t: 's', v: v ? '是' : '否' };
  return { t: 's', v: /^[=+\-@\t\r]/.test(v) ? `'${v}` : v };
}

export interface SheetSpec {
  name: string;
  /** Optional title rows above the header (merged across all columns). */
  title?: string;
  columns: { header: string; width: number }[];
  rows: CellValue[][];
  /** Rows of notes written under the table. */
  notes?: string[];
}

/** Builds a workbook of simple tables: optional merged title, header, rows, widths, frozen header. */
export function buildWorkbook(sheets: SheetSpec[]): Buffer {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const ws: XLSX.WorkSheet = {};
    let r = 0;
    const ncol = s.columns.length;
    const merges: XLSX.Range[] = [];
    if (s.title) {
      ws[XLSX.utils.encode_cell({ r, c: 0 })] = safeCell(s.title);
      merges.push({ s: { r, c: 0 }, e: { r, c: ncol - 1 } });
      r++;
    }
    const headerRow = r;
    s.columns.forEach((col, c) => {
      ws[XLSX.utils.encode_cell({ r, c })] = safeCell(col.header);
    });
    r++;
    for (const row of s.rows) {
      row.forEach((v, c) => {
        ws[XLSX.utils.encode_cell({ r, c })] = safeCell(v);
      });
      r++;
    }
    for (const note of s.notes ?? []) {
      ws[XLSX.utils.encode_cell({ r, c: 0 })] = safeCell(note);
      merges.push({ s: { r, c: 0 }, e: { r, c: ncol - 1 } });
      r++;
    }
    ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(r - 1, headerRow), c: ncol - 1 } });
    ws['!cols'] = s.columns.map((c) => ({ wch: c.width }));
    if (merges.length) ws['!merges'] = merges;
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

export function fileDto(name: string, bytes: Buffer, mime = XLSX_MIME): FileDto {
  return { name, base64: bytes.toString('base64'), mime };
}

/**
 * SheetJS reads almost anything (plain text becomes a one-cell sheet), so check the container
 * first: .xlsx is a zip ("PK\x03\x04"), legacy .xls an OLE compound file.
 */
export function isSpreadsheet(bytes: Buffer): boolean {
  const zip = bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const ole = bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
  return zip || ole;
}

/** Reads a workbook from bytes in dense mode (half the memory of the default for large files). */
export function readWorkbook(bytes: Buffer): XLSX.WorkBook {
  if (!isSpreadsheet(bytes)) throw new Error('not a spreadsheet');
  return XLSX.read(bytes, { type: 'buffer', dense: true, cellText: false, cellNF: false, cellHTML: false, cellDates: false });
}

/**
 * A sheet as rows of raw cell values (strings trimmed), keeping empty cells as null. The
 * apostrophe safeCell puts before = + - @ is taken off again, so an export re-imports unchanged.
 */
export function sheetRows(ws: XLSX.WorkSheet): CellValue[][] {
  const rows = XLSX.utils.sheet_to_json<CellValue[]>(ws, { header: 1, raw: true, defval: null, blankrows: true });
  return rows.map((row) => row.map((v) => (typeof v === 'string' ? v.trim().replace(/^'(?=[=+\-@\t\r])/, '') : v)));
}

/** Column letter of a 0-based index, as Excel shows it (0 → A). */
export const columnLetter = (c: number) => XLSX.utils.encode_col(c);

// ---------------------------------------------------------------- helpers for laid-out forms and typed reading (issue 3)

/** Excel's own limit on sheet names, and the characters it refuses in them. */
const SHEET_NAME_MAX = 31;
const SHEET_NAME_BAD = /[[\]:*?/\\]/g;

/**
 * A valid, unique sheet name: forbidden characters become "_", the name is cut to 31
 * characters, and a clash with `taken` gets a "(2)", "(3)" … suffix (also within 31).
 * Adds the result to `taken` (compared case-insensitively, as Excel does).
 */
export function sanitizeSheetName(name: string, taken: Set<string> = new Set()): string {
  const base = name.replace(SHEET_NAME_BAD, '_').replace(/^'+|'+$/g, '').trim().slice(0, SHEET_NAME_MAX) || 'Sheet';
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) {
    const suffix = `(${i})`;
    candidate = `${base.slice(0, SHEET_NAME_MAX - suffix.length)}${suffix}`;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Amounts on the forms: 万元 as a number with two decimals, formatted "#,##0.00". */
export const WAN_FORMAT = '#,##0.00';

/** A numeric cell in 万元 from a value already rounded by shared/rules/money.ts. */
export function numberCell(value: number, format = WAN_FORMAT): XLSX.CellObject {
  return { t: 'n', v: value, z: format };
}

/** A worksheet built cell by cell, with the sheet-level settings SheetJS (community) writes. */
export interface LaidOutSheet {
  name: string;
  ws: XLSX.WorkSheet;
  /** 0-based inclusive range printed (written as the sheet's _xlnm.Print_Area). */
  printArea?: XLSX.Range;
}

/**
 * Writes laid-out sheets into one workbook. Each sheet's print area becomes a workbook name
 * `_xlnm.Print_Area` scoped to that sheet (localSheetId), which is how Excel stores it.
 */
export function writeLaidOutWorkbook(sheets: LaidOutSheet[]): Buffer {
  const wb = XLSX.utils.book_new();
  const names: { Name: string; Sheet: number; Ref: string }[] = [];
  sheets.forEach((s, i) => {
    XLSX.utils.book_append_sheet(wb, s.ws, s.name);
    if (s.printArea) {
      const a = s.printArea;
      const abs = (r: number, c: number) => `$${XLSX.utils.encode_col(c)}$${XLSX.utils.encode_row(r)}`;
      names.push({ Name: '_xlnm.Print_Area', Sheet: i, Ref: `'${s.name.replace(/'/g, "''")}'!${abs(a.s.r, a.s.c)}:${abs(a.e.r, a.e.c)}` });
    }
  });
  if (names.length) wb.Workbook = { ...(wb.Workbook ?? {}), Names: names };
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

/** Like readWorkbook, but keeps each cell's number format so sheetRowsAsTyped can honour it. */
export function readWorkbookWithFormats(bytes: Buffer): XLSX.WorkBook {
  if (!isSpreadsheet(bytes)) throw new Error('not a spreadsheet');
  return XLSX.read(bytes, { type: 'buffer', dense: true, cellText: false, cellNF: true, cellHTML: false, cellDates: false });
}

/** 0.95 → "95": the percentage as a person typed it, without binary noise. */
const percentText = (v: number) => String(Number((v * 100).toPrecision(12)));

/**
 * Like sheetRows, but a number shown as a percentage (Excel stores "95%" typed in a cell as
 * 0.95 with format "0%") comes back as the text "95%" — what the person typed and saw. Needs a
 * workbook read with readWorkbookWithFormats; other numbers stay numbers.
 */
export function sheetRowsAsTyped(ws: XLSX.WorkSheet): CellValue[][] {
  const ref = ws['!ref'];
  if (!ref) return [];
  const range = XLSX.utils.decode_range(ref);
  const dense = (ws as { '!data'?: (XLSX.CellObject | undefined)[][] })['!data'];
  const cellAt = (r: number, c: number): XLSX.CellObject | undefined =>
    dense ? dense[r]?.[c] : (ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined);
  const rows: CellValue[][] = [];
  for (let r = 0; r <= range.e.r; r++) {
    const row: CellValue[] = [];
    for (let c = 0; c <= range.e.c; c++) {
      const cell = cellAt(r, c);
      let v: CellValue = null;
      if (cell && cell.t !== 'z' && cell.t !== 'e' && cell.v !== undefined) {
        if (cell.t === 'n' && typeof cell.v === 'number') v = typeof cell.z === 'string' && cell.z.includes('%') ? `${percentText(cell.v)}%` : cell.v;
        else if (typeof cell.v === 'string') v = cell.v.trim().replace(/^'(?=[=+\-@\t\r])/, '');
        else if (typeof cell.v === 'boolean') v = cell.v;
        else if (cell.v instanceof Date) v = cell.v.toISOString().slice(0, 10);
      }
      row.push(v);
    }
    rows.push(row);
  }
  return rows;
}
