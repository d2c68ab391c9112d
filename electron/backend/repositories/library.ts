import type { Db } from '../db/connection.ts';
import type { LibraryEntryDto } from '../../../shared/api/dtoGoals.ts';
import type { LibraryEntry } from '../../../shared/domain/indicators.ts';

/** One row of library_entries (指标库指标). */
export interface LibraryRow {
  id: string;
  origin: string;
  code: string;
  library_kind: LibraryEntry['libraryKind'];
  field: string;
  project_type: LibraryEntry['projectType'];
  level1: LibraryEntry['level1'];
  level2: LibraryEntry['level2'];
  name: string;
  explanation: string;
  value_type: LibraryEntry['valueType'];
  operator: LibraryEntry['operator'];
  unit: string;
  reference_value: string;
  value_basis: LibraryEntry['valueBasis'];
  formula: string;
  scoring_rule: string;
  data_source: string;
  /** JSON array text, e.g. '["project","policy"]'. */
  applies_to: string;
  is_core: 0 | 1;
  start_year: number | null;
  end_year: number | null;
  source_doc: string;
  retired: 0 | 1;
  created_at: string;
  updated_at: string;
  rev: number;
}

/** The shipped common library is owned by no office: every office holds the same rows. */
export const BUILTIN_LIBRARY_ORIGIN = 'builtin';
export const BUILTIN_LIBRARY_VERSION_KEY = 'library.builtin.version';

/** The entry's own fields as stored columns (what an edit or an import may change). */
export function entryColumns(e: LibraryEntry): Omit<LibraryRow, 'id' | 'origin' | 'retired' | 'created_at' | 'updated_at' | 'rev'> {
  return {
    code: e.code, library_kind: e.libraryKind, field: e.field, project_type: e.projectType, level1: e.level1, level2: e.level2, name: e.name,
    explanation: e.explanation, value_type: e.valueType, operator: e.operator, unit: e.unit, reference_value: e.referenceValue,
    value_basis: e.valueBasis, formula: e.formula, scoring_rule: e.scoringRule, data_source: e.dataSource,
    applies_to: JSON.stringify(e.appliesTo), is_core: e.isCore ? 1 : 0, start_year: e.startYear, end_year: e.endYear, source_doc: e.sourceDoc,
  };
}

/** The entry fields of a row, in the shape of libraryEntrySchema's output. */
export function rowEntry(r: LibraryRow): LibraryEntry {
  return {
    code: r.code, libraryKind: r.library_kind, field: r.field, projectType: r.project_type, level1: r.level1, level2: r.level2, name: r.name,
    explanation: r.explanation, valueType: r.value_type, operator: r.operator, unit: r.unit, referenceValue: r.reference_value,
    valueBasis: r.value_basis, formula: r.formula, scoringRule: r.scoring_rule, dataSource: r.data_source,
    appliesTo: JSON.parse(r.applies_to) as LibraryEntry['appliesTo'], isCore: r.is_core === 1, startYear: r.start_year, endYear: r.end_year,
    sourceDoc: r.source_doc,
  };
}

export function toLibraryDto(r: LibraryRow, origin: string): LibraryEntryDto {
  return { id: r.id, origin: r.origin, readOnly: r.origin !== origin, ...rowEntry(r), retired: r.retired === 1, updatedAt: r.updated_at };
}

const COLUMNS = [
  'id', 'origin', 'code', 'library_kind', 'field', 'project_type', 'level1', 'level2', 'name', 'explanation', 'value_type', 'operator', 'unit',
  'reference_value', 'value_basis', 'formula', 'scoring_rule', 'data_source', 'applies_to', 'is_core', 'start_year', 'end_year', 'source_doc',
  'retired', 'created_at', 'updated_at',
] as const;

export function findEntry(db: Db, id: string): LibraryRow | undefined {
  return db.prepare('SELECT * FROM library_entries WHERE id = ?').get(id) as LibraryRow | undefined;
}

export function findEntryByCode(db: Db, origin: string, code: string): LibraryRow | undefined {
  return db.prepare('SELECT * FROM library_entries WHERE origin = ? AND code = ?').get(origin, code) as LibraryRow | undefined;
}

/** Every entry (all origins): the import compares a file with these. */
export function listAllEntries(db: Db): LibraryRow[] {
  return db.prepare('SELECT * FROM library_entries ORDER BY origin, code').all() as LibraryRow[];
}

export function builtinCodes(db: Db): Set<string> {
  return new Set(db.prepare('SELECT code FROM library_entries WHERE origin = ?').pluck().all(BUILTIN_LIBRARY_ORIGIN) as string[]);
}

export function insertEntry(db: Db, r: Omit<LibraryRow, 'rev'>): void {
  db.prepare(`INSERT INTO library_entries (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`).run(r);
}

/** Writes every mutable column and bumps the revision. */
export function saveEntry(db: Db, r: Omit<LibraryRow, 'rev'>): void {
  const sets = COLUMNS.filter((c) => c !== 'id' && c !== 'origin' && c !== 'created_at').map((c) => `${c} = @${c}`);
  db.prepare(`UPDATE library_entries SET ${sets.join(', ')}, rev = rev + 1 WHERE id = @id`).run(r);
}

export interface LibraryFilter {
  q: string;
  projectType?: string | undefined;
  level1?: string | undefined;
  level2?: string | undefined;
  appliesTo?: string | undefined;
  includeRetired: boolean;
}

/** LIKE pattern for "contains", with the user's % and _ taken literally. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function where(f: LibraryFilter): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (f.q) {
    parts.push("(name LIKE ? ESCAPE '\\' OR code LIKE ? ESCAPE '\\' OR explanation LIKE ? ESCAPE '\\')");
    const p = containsPattern(f.q);
    params.push(p, p, p);
  }
  if (f.projectType) { parts.push('project_type = ?'); params.push(f.projectType); }
  if (f.level1) { parts.push('level1 = ?'); params.push(f.level1); }
  if (f.level2) { parts.push('level2 = ?'); params.push(f.level2); }
  // applies_to is a JSON array of fixed codes, so a quoted-code match is exact.
  if (f.appliesTo) { parts.push('applies_to LIKE ?'); params.push(`%"${f.appliesTo}"%`); }
  if (!f.includeRetired) parts.push('retired = 0');
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Builtin entries first (the common framework), then by code; limit -1 = all. */
export function searchEntries(db: Db, f: LibraryFilter, limit: number, offset: number): { rows: LibraryRow[]; total: number } {
  const w = where(f);
  const total = db.prepare(`SELECT count(*) FROM library_entries ${w.sql}`).pluck().get(...w.params) as number;
  const rows = db.prepare(
    `SELECT * FROM library_entries ${w.sql} ORDER BY CASE WHEN origin = '${BUILTIN_LIBRARY_ORIGIN}' THEN 0 ELSE 1 END, code, origin LIMIT ? OFFSET ?`,
  ).all(...w.params, limit, offset) as LibraryRow[];
  return { rows, total };
}

export function getSetting(db: Db, key: string): string | undefined {
  return db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
}

export function setSetting(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
