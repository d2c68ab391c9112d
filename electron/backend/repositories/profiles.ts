import type { Db } from '../db/connection.ts';

export interface ProfileRow {
  id: string;
  origin: string;
  code: string;
  name: string;
  description: string;
  builtin: 0 | 1;
  current_version: number;
  created_at: string;
  updated_at: string;
  rev: number;
}

export interface ProfileVersionRow {
  profile_id: string;
  version: number;
  body: string;
  note: string;
  created_at: string;
  created_by: string;
}

/** Shipped presets are owned by no office: every office has the same rows. */
export const BUILTIN_ORIGIN = 'builtin';

export function listProfiles(db: Db): ProfileRow[] {
  return db.prepare('SELECT * FROM rule_profiles ORDER BY builtin DESC, name').all() as ProfileRow[];
}

export function findProfile(db: Db, id: string): ProfileRow | undefined {
  return db.prepare('SELECT * FROM rule_profiles WHERE id = ?').get(id) as ProfileRow | undefined;
}

export function findProfileByCode(db: Db, origin: string, code: string): ProfileRow | undefined {
  return db.prepare('SELECT * FROM rule_profiles WHERE origin = ? AND code = ?').get(origin, code) as ProfileRow | undefined;
}

export function findVersion(db: Db, profileId: string, version: number): ProfileVersionRow | undefined {
  return db.prepare('SELECT * FROM rule_profile_versions WHERE profile_id = ? AND version = ?').get(profileId, version) as ProfileVersionRow | undefined;
}

export function listVersions(db: Db, profileId: string): ProfileVersionRow[] {
  return db.prepare('SELECT * FROM rule_profile_versions WHERE profile_id = ? ORDER BY version DESC').all(profileId) as ProfileVersionRow[];
}

export function insertProfile(db: Db, r: Omit<ProfileRow, 'rev'>): void {
  db.prepare(
    `INSERT INTO rule_profiles (id, origin, code, name, description, builtin, current_version, created_at, updated_at)
     VALUES (@id, @origin, @code, @name, @description, @builtin, @current_version, @created_at, @updated_at)`,
  ).run(r);
}

export function updateProfileHead(db: Db, r: Pick<ProfileRow, 'id' | 'name' | 'description' | 'current_version' | 'updated_at'>): void {
  db.prepare('UPDATE rule_profiles SET name = @name, description = @description, current_version = @current_version, updated_at = @updated_at, rev = rev + 1 WHERE id = @id').run(r);
}

export function insertVersion(db: Db, r: ProfileVersionRow): void {
  db.prepare('INSERT INTO rule_profile_versions (profile_id, version, body, note, created_at, created_by) VALUES (@profile_id, @version, @body, @note, @created_at, @created_by)').run(r);
}

export function yearsUsing(db: Db, profileId: string): number[] {
  return db.prepare('SELECT year FROM fiscal_years WHERE profile_id = ? ORDER BY year').pluck().all(profileId) as number[];
}

export function yearProfileId(db: Db, year: number): string | null {
  return (db.prepare('SELECT profile_id FROM fiscal_years WHERE year = ?').pluck().get(year) as string | null | undefined) ?? null;
}

export function assignYearProfile(db: Db, year: number, profileId: string): void {
  db.prepare('UPDATE fiscal_years SET profile_id = ? WHERE year = ?').run(profileId, year);
}

/** Years created before profiles existed (or by an older program) get the default. */
export function assignProfileToUnassignedYears(db: Db, profileId: string): void {
  db.prepare('UPDATE fiscal_years SET profile_id = ? WHERE profile_id IS NULL').run(profileId);
}
