import type { Db } from '../db/connection.ts';

/** A column as PRAGMA table_info reports it. */
export interface ColumnInfo {
  name: string;
  type: string;
  notnull: boolean;
  /** The DEFAULT expression as written in the schema, or null. */
  dflt: string | null;
  /** Position in the primary key (1-based), 0 when not part of it. */
  pk: number;
}

/** A foreign key pointing at `parentTable`: which column of which table holds the reference. */
export interface Reference {
  table: string;
  column: string;
  parentColumn: string;
}

/**
 * What a bundle needs to know about the live schema, read once per connection (the schema only
 * changes through migrations, which run before the connection is handed out).
 */
export interface SchemaInfo {
  version: number;
  tables: ReadonlySet<string>;
  columns(table: string): readonly ColumnInfo[];
  primaryKey(table: string): readonly string[];
  /** Foreign keys that point at `table`. */
  referencesTo(table: string): readonly Reference[];
}

const cache = new WeakMap<Db, SchemaInfo>();

export function schemaInfo(db: Db): SchemaInfo {
  const cached = cache.get(db);
  if (cached) return cached;
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const columns = new Map<string, ColumnInfo[]>();
  const refs = new Map<string, Reference[]>();
  for (const table of names) {
    const cols = db.prepare('SELECT name, type, "notnull" AS nn, dflt_value AS dflt, pk FROM pragma_table_info(?) ORDER BY cid').all(table) as
      { name: string; type: string; nn: number; dflt: string | null; pk: number }[];
    columns.set(table, cols.map((c) => ({ name: c.name, type: c.type, notnull: c.nn === 1, dflt: c.dflt, pk: c.pk })));
  }
  for (const table of names) {
    const fks = db.prepare('SELECT "table" AS parent, "from" AS col, "to" AS parentCol FROM pragma_foreign_key_list(?)').all(table) as
      { parent: string; col: string; parentCol: string | null }[];
    for (const fk of fks) {
      const parentPk = (columns.get(fk.parent) ?? []).filter((c) => c.pk > 0).map((c) => c.name);
      const list = refs.get(fk.parent) ?? [];
      list.push({ table, column: fk.col, parentColumn: fk.parentCol ?? parentPk[0] ?? 'id' });
      refs.set(fk.parent, list);
    }
  }
  const info: SchemaInfo = {
    version: db.pragma('user_version', { simple: true }) as number,
    tables: new Set(names),
    columns: (t) => columns.get(t) ?? [],
    primaryKey: (t) => (columns.get(t) ?? []).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
    referencesTo: (t) => refs.get(t) ?? [],
  };
  cache.set(db, info);
  return info;
}
