import type Database from 'better-sqlite3';
import type { Db } from '../db/connection.ts';
import type { OfficeLevel } from '../../../shared/domain/office.ts';
import { fingerprintOf, signBytes } from './identity.ts';
import {
  attachmentMember, FORMAT, formatVersionOf, MANIFEST_MEMBER, SIGNATURE_MEMBER, tableMember, type Manifest,
} from './manifest.ts';
import type { RelayedOffice } from './relay.ts';
import { exportWhere } from './scopeSql.ts';
import { schemaInfo, type ColumnInfo } from './schemaInfo.ts';
import { TABLES, type TableSpec } from './tables.ts';
import { encodeRow } from './rowCodec.ts';
import { ZipWriter, type MemberWriter } from './zipWrite.ts';

export interface BundleRequest {
  sender: { regionCode: string; name: string; level: OfficeLevel; publicKeyHex: string; privateKeyHex: string };
  recipient: { regionCode: string; name: string };
  kind: 'up' | 'down';
  years: readonly number[];
  seq: number;
  createdAt: Date;
  program: string;
  /** Child offices whose rows an upward bundle relays (relay.ts relaySources); none for a downward bundle. */
  relay: readonly RelayedOffice[];
}

export interface WrittenBundle {
  manifest: Manifest;
  /** The bundle file. */
  bytes: Buffer;
  fileSha256: string;
}

/** Text gathered before it is handed to the zip member (one Buffer conversion per ~512 K characters). */
const TEXT_BATCH = 512 * 1024;

/**
 * One table's rows as NDJSON lines. SQLite writes the lines itself (json_object over the columns,
 * in schema order, as UTF-8 BLOBs ending in LF): no row object, no JSON work and no re-encoding in
 * JavaScript. json_object writes TEXT as strings, INTEGER and REAL as numbers (REAL with
 * round-trip precision, `3.0` for a whole number) and NULL as null; it cannot write a BLOB, so a
 * table with a BLOB column is written through JavaScript with {"$base64": …} (rowCodec.ts).
 *
 * The rows of a child table (indicators, values, events: most of a bundle's rows) come as one
 * BLOB per parent record, grouped in SQLite, parents in key order: far fewer steps across into
 * JavaScript. Other tables come row by row in primary-key order.
 */
function rowWriter(db: Db, t: TableSpec, columns: readonly ColumnInfo[], where: string, orderBy: string): (params: object, out: MemberWriter) => number {
  const blobColumns = columns.filter((c) => c.type.toUpperCase() === 'BLOB').map((c) => c.name);
  const json = `json_object(${columns.map((c) => `'${c.name}', "${c.name}"`).join(', ')})`;
  if (blobColumns.length === 0 && t.scope.by === 'parent') {
    const parent = `"${t.scope.column}"`;
    const stmt = db.prepare(`SELECT count(*), CAST(group_concat(${json}, char(10)) || char(10) AS BLOB) FROM ${t.name} WHERE ${where} GROUP BY ${parent} ORDER BY ${parent}`).raw();
    return (params, out) => {
      let rows = 0;
      for (const [n, lines] of stmt.iterate(params) as IterableIterator<[number, Buffer]>) {
        out.write(lines);
        rows += n;
      }
      return rows;
    };
  }
  if (blobColumns.length === 0) {
    const stmt = db.prepare(`SELECT CAST(${json} || char(10) AS BLOB) FROM ${t.name} WHERE ${where} ORDER BY ${orderBy}`).pluck();
    return (params, out) => {
      let rows = 0;
      for (const line of stmt.iterate(params) as IterableIterator<Buffer>) {
        out.write(line);
        rows++;
      }
      return rows;
    };
  }
  const stmt: Database.Statement = db.prepare(`SELECT * FROM ${t.name} WHERE ${where} ORDER BY ${orderBy}`);
  return (params, out) => {
    let rows = 0;
    let text = '';
    for (const row of stmt.iterate(params) as IterableIterator<Record<string, unknown>>) {
      text += `${JSON.stringify(encodeRow(row, blobColumns))}\n`;
      if (text.length >= TEXT_BATCH) {
        out.write(text);
        text = '';
      }
      rows++;
    }
    if (text) out.write(text);
    return rows;
  };
}

/**
 * Writes a signed bundle (docs/bundle-format.md) and returns its bytes: one NDJSON member per
 * registry table in registry order (the sender's rows, then each relayed office's), the
 * attachment files by SHA-256 in hash order, then manifest.json and its Ed25519 signature. Rows
 * stream from SQLite into 1 MB deflate steps; only the compressed archive is kept (the caller
 * hands it out whole). The caller runs this as a queued write, so no other write changes the data
 * between tables; `pause` lets progress events out between tables.
 */
export async function writeBundle(
  db: Db,
  req: BundleRequest,
  onProgress: (done: number, total: number) => void = () => undefined,
  pause: () => Promise<void> = () => new Promise((r) => setImmediate(r)),
): Promise<WrittenBundle> {
  const info = schemaInfo(db);
  const tables = TABLES.filter((t) => info.tables.has(t.name));
  const zip = new ZipWriter(req.createdAt);
  const origins = [req.sender.regionCode, ...req.relay.map((r) => r.regionCode)];
  /** Rows per table of each origin (the relayed offices' go into the manifest). */
  const perOrigin = new Map(origins.map((o) => [o, {} as Record<string, number>]));
  const manifestTables: Manifest['tables'] = [];
  const members: Manifest['members'] = [];
  const attachments: Manifest['attachments'] = [];
  const blobs = new Set<string>();
  const total = tables.length + 1;
  const exportTable = (t: TableSpec) => {
    const columns = info.columns(t.name);
    const where = exportWhere(t.name, req.years, req.kind);
    const write = rowWriter(db, t, columns, where, info.primaryKey(t.name).join(', '));
    const shas = t.name === 'attachments' ? db.prepare(`SELECT DISTINCT sha256 FROM attachments WHERE ${where}`).pluck() : null;
    const member = tableMember(t.name);
    const out = zip.deflated(member);
    let rows = 0;
    for (const origin of origins) {
      const params = { origin, recipient: req.recipient.regionCode };
      const n = write(params, out);
      if (n) (perOrigin.get(origin) as Record<string, number>)[t.name] = n;
      rows += n;
      for (const sha of (shas?.all(params) ?? []) as string[]) blobs.add(sha);
    }
    const written = out.end();
    members.push({ path: member, size: written.size, sha256: written.sha256 });
    manifestTables.push({ name: t.name, member, rows, columns: columns.map((c) => c.name) });
  };
  for (const [i, t] of tables.entries()) {
    onProgress(i, total);
    await pause();
    exportTable(t);
  }
  onProgress(tables.length, total);
  await pause();
  const blobStmt = db.prepare('SELECT content FROM attachment_blobs WHERE sha256 = ?').pluck();
  for (const sha of [...blobs].sort()) {
    const content = blobStmt.get(sha) as Buffer | undefined;
    if (!content) throw new Error(`attachment file ${sha} is missing from attachment_blobs`);
    const member = attachmentMember(sha);
    const out = zip.deflated(member);
    out.write(content);
    const written = out.end();
    if (written.sha256 !== sha) throw new Error(`attachment file ${sha} does not match its hash`);
    members.push({ path: member, size: written.size, sha256: sha });
    attachments.push({ sha256: sha, member, size: written.size });
  }
  const manifest: Manifest = {
    format: FORMAT, formatVersion: formatVersionOf(req.relay), schemaVersion: info.version, kind: req.kind,
    sender: {
      regionCode: req.sender.regionCode, name: req.sender.name, level: req.sender.level,
      publicKeyHex: req.sender.publicKeyHex, fingerprint: fingerprintOf(req.sender.publicKeyHex),
    },
    recipient: req.recipient, years: [...req.years].sort((a, b) => a - b), seq: req.seq, createdAt: req.createdAt.toISOString(),
    program: req.program, tables: manifestTables, attachments, members,
    relayed: req.relay.map((r) => ({ ...r, counts: perOrigin.get(r.regionCode) ?? {} })),
  };
  // Written without `relayed` when there is none, so a version 1 bundle is exactly as before.
  const { relayed, ...plain } = manifest;
  const manifestBytes = Buffer.from(`${JSON.stringify(relayed.length ? manifest : plain, null, 2)}\n`, 'utf8');
  zip.stored(MANIFEST_MEMBER, manifestBytes);
  zip.stored(SIGNATURE_MEMBER, signBytes(manifestBytes, req.sender.privateKeyHex));
  const archive = await zip.finish();
  onProgress(total, total);
  return { manifest, bytes: archive.bytes, fileSha256: archive.sha256 };
}
