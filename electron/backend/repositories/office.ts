import type { Db } from '../db/connection.ts';
import type { FiscalYearDto, OfficeDto } from '../../../shared/api/dto.ts';
import type { OfficeLevel } from '../../../shared/domain/office.ts';

export interface OfficeRow {
  id: 1;
  region_code: string;
  name: string;
  level: OfficeLevel;
  parent_name: string;
  parent_region_code: string;
  current_year: number;
  created_at: string;
  updated_at: string;
  rev: number;
}

export const toOfficeDto = (r: OfficeRow): OfficeDto => ({
  regionCode: r.region_code, name: r.name, level: r.level, parentName: r.parent_name,
  parentRegionCode: r.parent_region_code, currentYear: r.current_year,
});

export function findOffice(db: Db): OfficeRow | undefined {
  return db.prepare('SELECT * FROM office WHERE id = 1').get() as OfficeRow | undefined;
}

export function insertOffice(db: Db, o: Omit<OfficeRow, 'id' | 'rev' | 'updated_at'>): void {
  db.prepare(
    `INSERT INTO office (id, region_code, name, level, parent_name, parent_region_code, current_year, created_at, updated_at)
     VALUES (1, @region_code, @name, @level, @parent_name, @parent_region_code, @current_year, @created_at, @created_at)`,
  ).run(o);
}

export function updateOffice(db: Db, o: Pick<OfficeRow, 'region_code' | 'name' | 'level' | 'parent_name' | 'parent_region_code' | 'updated_at'>): void {
  db.prepare(
    `UPDATE office SET region_code = @region_code, name = @name, level = @level, parent_name = @parent_name,
       parent_region_code = @parent_region_code, updated_at = @updated_at, rev = rev + 1 WHERE id = 1`,
  ).run(o);
}

export function setCurrentYear(db: Db, year: number, at: string): void {
  db.prepare('UPDATE office SET current_year = ?, updated_at = ?, rev = rev + 1 WHERE id = 1').run(year, at);
}

export function listYears(db: Db): FiscalYearDto[] {
  const current = findOffice(db)?.current_year;
  const rows = db.prepare('SELECT year, created_at FROM fiscal_years ORDER BY year DESC').all() as { year: number; created_at: string }[];
  return rows.map((r) => ({ year: r.year, createdAt: r.created_at, current: r.year === current }));
}

/** A new year starts with the current year's rule profile, or the given default. */
export function insertYear(db: Db, year: number, at: string, defaultProfileId: string): boolean {
  const current = db.prepare('SELECT f.profile_id FROM fiscal_years f JOIN office o ON o.current_year = f.year').pluck().get() as string | null | undefined;
  return db.prepare('INSERT OR IGNORE INTO fiscal_years (year, created_at, profile_id) VALUES (?, ?, ?)').run(year, at, current ?? defaultProfileId).changes === 1;
}

export function yearExists(db: Db, year: number): boolean {
  return db.prepare('SELECT 1 FROM fiscal_years WHERE year = ?').get(year) !== undefined;
}
