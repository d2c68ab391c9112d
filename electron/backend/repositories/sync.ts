import type { Db } from '../db/connection.ts';
import type { OfficeLevel } from '../../../shared/domain/office.ts';
import type { BundleLogDto, OfficeRelation, SubmissionDto } from '../../../shared/api/dtoSync.ts';

export interface IdentityRow {
  public_key: string;
  private_key: string;
  created_at: string;
}

export function findIdentity(db: Db): IdentityRow | undefined {
  return db.prepare('SELECT public_key, private_key, created_at FROM office_identity WHERE id = 1').get() as IdentityRow | undefined;
}

export function insertIdentity(db: Db, r: IdentityRow): void {
  db.prepare('INSERT OR IGNORE INTO office_identity (id, public_key, private_key, created_at) VALUES (1, @public_key, @private_key, @created_at)').run(r);
}

// ---------------------------------------------------------------- peer offices

export interface PeerRow {
  region_code: string;
  name: string;
  level: OfficeLevel;
  relation: OfficeRelation;
  public_key: string | null;
  pinned_at: string | null;
  pinned_by: string | null;
  note: string;
  created_at: string;
  updated_at: string;
  rev: number;
}

export function listPeers(db: Db): PeerRow[] {
  return db.prepare("SELECT * FROM peer_offices ORDER BY CASE relation WHEN 'parent' THEN 0 ELSE 1 END, region_code").all() as PeerRow[];
}

export function findPeer(db: Db, regionCode: string): PeerRow | undefined {
  return db.prepare('SELECT * FROM peer_offices WHERE region_code = ?').get(regionCode) as PeerRow | undefined;
}

export function insertPeer(db: Db, r: Omit<PeerRow, 'rev'>): void {
  db.prepare(
    `INSERT INTO peer_offices (region_code, name, level, relation, public_key, pinned_at, pinned_by, note, created_at, updated_at)
     VALUES (@region_code, @name, @level, @relation, @public_key, @pinned_at, @pinned_by, @note, @created_at, @updated_at)`,
  ).run(r);
}

export function updatePeer(db: Db, r: PeerRow): void {
  db.prepare(
    `UPDATE peer_offices SET name = @name, level = @level, relation = @relation, public_key = @public_key, pinned_at = @pinned_at,
       pinned_by = @pinned_by, note = @note, updated_at = @updated_at, rev = rev + 1 WHERE region_code = @region_code`,
  ).run(r);
}

export function deletePeer(db: Db, regionCode: string): void {
  db.prepare('DELETE FROM peer_offices WHERE region_code = ?').run(regionCode);
}

// ---------------------------------------------------------------- bundle log

export interface BundleLogRow {
  id: string;
  direction: 'sent' | 'received';
  kind: 'up' | 'down';
  peer_region_code: string;
  seq: number;
  years: string;
  bundle_created_at: string;
  processed_at: string;
  processed_by: string;
  file_name: string;
  file_sha256: string;
  size_bytes: number;
  counts: string;
  status: 'exported' | 'imported' | 'unchanged';
  note: string;
}

export function insertLog(db: Db, r: BundleLogRow): void {
  db.prepare(
    `INSERT INTO bundle_log (id, direction, kind, peer_region_code, seq, years, bundle_created_at, processed_at, processed_by, file_name,
       file_sha256, size_bytes, counts, status, note)
     VALUES (@id, @direction, @kind, @peer_region_code, @seq, @years, @bundle_created_at, @processed_at, @processed_by, @file_name,
       @file_sha256, @size_bytes, @counts, @status, @note)`,
  ).run(r);
}

export function listLog(db: Db): BundleLogRow[] {
  return db.prepare('SELECT * FROM bundle_log ORDER BY processed_at DESC, seq DESC, id DESC').all() as BundleLogRow[];
}

/** The last bundle this office made (any recipient): sequence numbers are per sender. */
export function lastSentSeq(db: Db): number {
  return (db.prepare("SELECT max(seq) FROM bundle_log WHERE direction = 'sent'").pluck().get() as number | null) ?? 0;
}

/** The last bundle accepted from a sender (imported, not a repeat). */
export function lastImported(db: Db, sender: string): BundleLogRow | undefined {
  return db.prepare("SELECT * FROM bundle_log WHERE direction = 'received' AND status = 'imported' AND peer_region_code = ? ORDER BY seq DESC LIMIT 1")
    .get(sender) as BundleLogRow | undefined;
}

export function toLogDto(r: BundleLogRow, peerName: string): BundleLogDto {
  return {
    id: r.id, direction: r.direction, kind: r.kind, peerRegionCode: r.peer_region_code, peerName, seq: r.seq,
    years: JSON.parse(r.years) as number[], bundleCreatedAt: r.bundle_created_at, processedAt: r.processed_at, processedBy: r.processed_by,
    fileName: r.file_name, fileSha256: r.file_sha256, sizeBytes: r.size_bytes, counts: JSON.parse(r.counts) as Record<string, number>,
    status: r.status, note: r.note,
  };
}

// ---------------------------------------------------------------- submissions

export interface SubmissionRow {
  id: string;
  origin: string;
  sender_region_code: string;
  seq: number;
  years: string;
  received_at: string;
  status: SubmissionDto['status'];
  reason: string;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
  rev: number;
}

export function insertSubmission(db: Db, r: Omit<SubmissionRow, 'rev'>): void {
  db.prepare(
    `INSERT INTO submissions (id, origin, sender_region_code, seq, years, received_at, status, reason, decided_by, decided_at, created_at, updated_at)
     VALUES (@id, @origin, @sender_region_code, @seq, @years, @received_at, @status, @reason, @decided_by, @decided_at, @created_at, @updated_at)`,
  ).run(r);
}

export function findSubmission(db: Db, id: string): SubmissionRow | undefined {
  return db.prepare('SELECT * FROM submissions WHERE id = ?').get(id) as SubmissionRow | undefined;
}

export function decideSubmissionRow(db: Db, r: Pick<SubmissionRow, 'id' | 'status' | 'reason' | 'decided_by' | 'decided_at' | 'updated_at'>): void {
  db.prepare('UPDATE submissions SET status = @status, reason = @reason, decided_by = @decided_by, decided_at = @decided_at, updated_at = @updated_at, rev = rev + 1 WHERE id = @id').run(r);
}

/** Submissions this office decides (its children's bundles) and those about its own upward bundles. */
export function listSubmissions(db: Db, own: string): SubmissionRow[] {
  return db.prepare('SELECT * FROM submissions WHERE origin = ? OR sender_region_code = ? ORDER BY received_at DESC, seq DESC').all(own, own) as SubmissionRow[];
}
