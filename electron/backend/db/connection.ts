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
