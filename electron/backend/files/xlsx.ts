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
