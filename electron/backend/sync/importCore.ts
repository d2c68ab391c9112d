import type { Db } from '../db/connection.ts';
import type { TableChangeDto } from '../../../shared/api/dtoSync.ts';
import { insertYear, yearExists } from '../repositories/office.ts';
import { DEFAULT_PROFILE_ID } from '../services/profiles.ts';
import { applyBundle } from './apply.ts';
import { LIMITS } from './manifest.ts';
import { bundleOrigins } from './relay.ts';
import { BundleFault } from './refusal.ts';
import { scopeWhere } from './scopeSql.ts';
import { schemaInfo } from './schemaInfo.ts';
import { tableLabel, TABLES } from './tables.ts';
import type { OpenBundle } from './verify.ts';

/** Every table an import may write (the data.changed event of a commit). */
export const IMPORT_TABLES = [...TABLES.map((t) => t.name), 'attachment_blobs', 'fiscal_years', 'bundle_log', 'peer_offices', 'submissions'];

/**
 * The data part of an import, inside the caller's transaction: the bundle's fiscal years (added
 * with the current year's rule profile when this office does not have them, since the rows refer
 * to them), the attachment files, the tables, and attachment files nothing refers to any more.
 * Foreign keys are deferred to the commit.
 */
export function applyImport(db: Db, bundle: OpenBundle, now: Date, onTable?: (done: number, total: number) => void): TableChangeDto[] {
  db.pragma('defer_foreign_keys = ON');
  const at = now.toISOString();
  for (const year of bundle.manifest.years) if (!yearExists(db, year)) insertYear(db, year, at, DEFAULT_PROFILE_ID);
  const hasAttachments = schemaInfo(db).tables.has('attachments');
  const origins = bundleOrigins(bundle.manifest);
  const before = new Set<string>();
  if (hasAttachments) {
    const stmt = db.prepare(`SELECT DISTINCT sha256 FROM attachments WHERE ${scopeWhere('attachments', bundle.manifest.years)}`).pluck();
    for (const origin of origins) for (const sha of stmt.all({ origin }) as string[]) before.add(sha);
  }
  const hasBlob = db.prepare('SELECT 1 FROM attachment_blobs WHERE sha256 = ?').pluck();
  const addBlob = db.prepare('INSERT INTO attachment_blobs (sha256, content) VALUES (?, ?)');
  for (const a of bundle.manifest.attachments) {
    if (hasBlob.get(a.sha256) === undefined) addBlob.run(a.sha256, bundle.zip.readAll(a.member, LIMITS.maxMemberBytes));
  }
  const changes = applyBundle({ db, bundle, write: true, onTable });
  const kept = new Set(bundle.manifest.attachments.map((a) => a.sha256));
  const used = db.prepare('SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1').pluck();
  const dropBlob = db.prepare('DELETE FROM attachment_blobs WHERE sha256 = ?');
  for (const sha of before) if (!kept.has(sha) && used.get(sha) === undefined) dropBlob.run(sha);
  if (hasAttachments) {
    const missing = db.prepare(`SELECT name FROM attachments WHERE ${scopeWhere('attachments', bundle.manifest.years)}
      AND sha256 NOT IN (SELECT sha256 FROM attachment_blobs) LIMIT 1`).pluck();
    for (const origin of origins) {
      const name = missing.get({ origin }) as string | undefined;
      if (name !== undefined) throw new BundleFault(`附件“${name}”的文件不在数据包内`, 'tables/attachments.ndjson');
    }
  }
  return changes;
}

const ROLLBACK = Symbol('rollback');

/**
 * After a commit failed on a foreign key: applies the bundle again in a transaction that is
 * always rolled back, and names the broken references (foreign_key_check over the database).
 */
export function diagnoseForeignKeys(db: Db, bundle: OpenBundle, now: Date): string[] {
  const messages: string[] = [];
  try {
    db.transaction(() => {
      applyImport(db, bundle, now);
      const rows = db.pragma('foreign_key_check') as { table: string; parent: string }[];
      const groups = new Map<string, number>();
      for (const r of rows) groups.set(`${r.table}\u0000${r.parent}`, (groups.get(`${r.table}\u0000${r.parent}`) ?? 0) + 1);
      for (const [k, n] of groups) {
        const [table = '', parent = ''] = k.split('\u0000');
        messages.push(`${tableLabel(table)}中有 ${n} 条记录引用的${tableLabel(parent)}在导入后不存在`);
      }
      throw ROLLBACK;
    })();
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return messages;
}
