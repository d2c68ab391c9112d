import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Opens an office database with the pragmas of the brief: WAL, foreign keys on, and
 * synchronous=FULL so that a committed user action survives a power cut.
 */
export function openConnection(file: string, options: { readonly?: boolean } = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Whether a table exists (seeding skips databases held at an older schema). */
export function tableExists(db: Db, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}
