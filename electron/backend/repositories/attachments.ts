import type { Db } from '../db/connection.ts';

export type AttachmentOwnerType = 'exAnte' | 'goalSheet' | 'project';

export interface AttachmentRow {
  id: string;
  origin: string;
  owner_type: AttachmentOwnerType;
  owner_id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  created_at: string;
  created_by: string;
}

/** Stores the content once per sha256: the same scan attached twice costs no space. */
export function insertBlob(db: Db, sha256: string, content: Buffer): void {
  db.prepare('INSERT OR IGNORE INTO attachment_blobs (sha256, content) VALUES (?, ?)').run(sha256, content);
}

export function insertAttachment(db: Db, r: AttachmentRow): void {
  db.prepare(
    `INSERT INTO attachments (id, origin, owner_type, owner_id, name, mime, size, sha256, created_at, created_by)
     VALUES (@id, @origin, @owner_type, @owner_id, @name, @mime, @size, @sha256, @created_at, @created_by)`,
  ).run(r);
}

export function findAttachment(db: Db, id: string): AttachmentRow | undefined {
  return db.prepare('SELECT * FROM attachments WHERE id = ?').get(id) as AttachmentRow | undefined;
}

export function blobContent(db: Db, sha256: string): Buffer | undefined {
  return db.prepare('SELECT content FROM attachment_blobs WHERE sha256 = ?').pluck().get(sha256) as Buffer | undefined;
}

/** Attachments of several owners of one type (e.g. every round of a project's assessment), oldest first. */
export function listAttachments(db: Db, ownerType: AttachmentOwnerType, ownerIds: readonly string[]): AttachmentRow[] {
  if (ownerIds.length === 0) return [];
  return db
    .prepare(`SELECT * FROM attachments WHERE owner_type = ? AND owner_id IN (${ownerIds.map(() => '?').join(', ')}) ORDER BY created_at, rowid`)
    .all(ownerType, ...ownerIds) as AttachmentRow[];
}
