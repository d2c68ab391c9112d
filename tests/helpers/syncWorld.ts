import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { MethodOutput } from '../../shared/api/contract.ts';
import type { OfficeLevel } from '../../shared/domain/office.ts';
import { ADMIN_PASSWORD, openHarness, tempDir, type Harness } from './backend.ts';

/** The offices of the sync tests: a county (the test template's office), its prefecture and the province. */
export const COUNTY = { regionCode: '652325', name: '奇台县财政局', level: 'county' as const };
export const PREFECTURE = { regionCode: '652300', name: '昌吉回族自治州财政局', level: 'prefecture' as const };
export const OTHER_COUNTY = { regionCode: '652302', name: '阜康市财政局', level: 'county' as const };
export const PROVINCE = { regionCode: '650000', name: '新疆维吾尔自治区财政厅', level: 'province' as const };

interface OfficeSpec {
  regionCode: string;
  name: string;
  level: OfficeLevel;
}

/** An office database initialised through setup.init as `office` (the county reuses the copied template), signed in as admin. */
export async function openOffice(office: OfficeSpec): Promise<Harness> {
  if (office.regionCode === COUNTY.regionCode) return openHarness();
  const h = await openHarness({ init: false });
  const parent = { county: PREFECTURE, prefecture: PROVINCE, province: null }[office.level];
  await h.call('setup.init', {
    office: { ...office, ...(parent ? { parentName: parent.name, parentRegionCode: parent.regionCode } : {}) },
    admin: { username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }, year: 2026,
  }, null);
  h.session = await h.login('admin', ADMIN_PASSWORD);
  return h;
}

/** Registers `child` at `parent` and `parent` at `child` (keys are pinned by the first bundle). */
export async function link(parent: Harness, parentOffice: OfficeSpec, child: Harness, childOffice: OfficeSpec): Promise<void> {
  await parent.call('sync.saveOffice', { ...childOffice, relation: 'child', note: '' });
  await child.call('sync.saveOffice', { ...parentOffice, relation: 'parent', note: '' });
}

export type ExportedBundle = MethodOutput<'sync.exportBundle'> & { file: string };

/** Exports a bundle through the API and saves it to a file in `dir`. */
export async function exportBundle(h: Harness, kind: 'up' | 'down', to: string, years: number[], dir: string): Promise<ExportedBundle> {
  const r = await h.call('sync.exportBundle', { kind, recipientRegionCode: to, years });
  const file = path.join(dir, r.name);
  fs.writeFileSync(file, Buffer.from(r.base64, 'base64'));
  return { ...r, file };
}

export const fileInput = (file: string) => ({ name: path.basename(file), base64: fs.readFileSync(file).toString('base64') });

/** Imports a bundle file, confirming the sender's fingerprint when it is the first one. */
export async function importBundle(h: Harness, file: string, confirmFingerprint?: string) {
  return h.call('sync.commitImport', { file: fileInput(file), ...(confirmFingerprint ? { confirmFingerprint } : {}) });
}

export async function fingerprint(h: Harness): Promise<string> {
  return (await h.call('sync.identity', {})).fingerprint;
}

/**
 * A content hash of every table: rows in rowid order (primary-key order for WITHOUT ROWID tables),
 * every column. `except` leaves tables out (the kill test skips the audit log and the accounts,
 * which a CLI sign-in and the import's backup record touch before the import itself).
 */
export function tableHashes(db: Database.Database, except: readonly string[] = []): Record<string, string> {
  const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string }[];
  const out: Record<string, string> = {};
  for (const t of tables) {
    if (except.includes(t.name)) continue;
    const withoutRowid = /WITHOUT\s+ROWID/i.test(t.sql);
    const pk = (db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(t.name) as string[]).join(', ');
    const sql = withoutRowid ? `SELECT * FROM ${t.name} ORDER BY ${pk}` : `SELECT rowid AS _rowid, * FROM ${t.name} ORDER BY rowid`;
    const hash = createHash('sha256');
    for (const row of db.prepare(sql).raw().iterate() as IterableIterator<unknown[]>) {
      hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v)));
      hash.update('\n');
    }
    out[t.name] = hash.digest('hex');
  }
  return out;
}

/** One hash over tableHashes. */
export function contentHash(db: Database.Database, except: readonly string[] = []): string {
  return createHash('sha256').update(JSON.stringify(tableHashes(db, except))).digest('hex');
}

/** Row count per table of the rows of one origin (for round-trip comparisons). */
export function rowsOfOrigin(db: Database.Database, table: string, origin: string): unknown[] {
  return db.prepare(`SELECT * FROM ${table} WHERE origin = ? ORDER BY id`).all(origin);
}

export { tempDir };
