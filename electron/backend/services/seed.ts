import { tableExists, type Db } from '../db/connection.ts';
import { ensureBuiltinProfiles } from './profiles.ts';
import { ensureBuiltinLibrary } from './library.ts';

/**
 * Shipped reference data (rule-profile presets, the common indicator library) is written at
 * start-up, idempotently, so a new program version brings its presets to existing databases.
 */
export function seedBuiltins(db: Db, now: Date): void {
  // A database held at an older schema (tests of old registries) has nothing to seed into.
  const has = (table: string) => tableExists(db, table);
  if (has('rule_profiles')) ensureBuiltinProfiles(db, now);
  if (has('library_entries')) ensureBuiltinLibrary(db, now);
}
