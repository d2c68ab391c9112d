import { TABLE_BY_NAME, type TableSpec } from './tables.ts';

/**
 * SQL conditions over one table (unqualified columns) built from the registry. `@origin` is the
 * sender's region code and `@recipient` the recipient's; years are validated integers written
 * into the SQL.
 */

function spec(name: string): TableSpec {
  const s = TABLE_BY_NAME.get(name);
  if (!s) throw new Error(`table ${name} is not in the bundle registry`);
  return s;
}

const yearList = (years: readonly number[]) => years.map((y) => String(Math.trunc(y))).join(', ');

/** Rows of `name` that belong to the given years, whatever their origin. */
export function yearWhere(name: string, years: readonly number[]): string {
  const s = spec(name).scope;
  switch (s.by) {
    case 'origin':
      return '1';
    case 'year':
      return `year IN (${yearList(years)})`;
    case 'yearVia':
    case 'parent':
      return `${s.column} IN (SELECT id FROM ${s.parent} WHERE ${yearWhere(s.parent, years)})`;
    case 'owner':
      return `(${Object.entries(s.owners)
        .map(([type, table]) => `(owner_type = '${type}' AND owner_id IN (SELECT id FROM ${table} WHERE ${yearWhere(table, years)}))`)
        .join(' OR ')})`;
  }
}

/** The sender's rows of `name` for the years: what an import replaces at the receiver. */
export function scopeWhere(name: string, years: readonly number[]): string {
  const s = spec(name).scope;
  switch (s.by) {
    case 'origin':
      return 'origin = @origin';
    case 'parent':
      return `${s.column} IN (SELECT id FROM ${s.parent} WHERE ${scopeWhere(s.parent, years)})`;
    default:
      return `origin = @origin AND ${yearWhere(name, years)}`;
  }
}

function concernWhere(t: TableSpec): string | null {
  const d = t.down;
  if (d === 'all') return null;
  if (d === 'none') return '0';
  if ('sql' in d) return `(${d.sql})`;
  return `(${d.refs.map(([column, table]) => `${column} IN (SELECT id FROM ${table} WHERE origin = @recipient)`).join(' OR ')})`;
}

/**
 * The rows of `name` a bundle of the given kind carries: for 'up' the sender's scope; for 'down'
 * only the rows that concern the recipient (children follow their exported parents; attachments
 * their exported owners).
 */
export function exportWhere(name: string, years: readonly number[], kind: 'up' | 'down'): string {
  const t = spec(name);
  const s = t.scope;
  let base: string;
  if (s.by === 'parent') base = `${s.column} IN (SELECT id FROM ${s.parent} WHERE ${exportWhere(s.parent, years, kind)})`;
  else if (s.by === 'owner') {
    base = `origin = @origin AND (${Object.entries(s.owners)
      .map(([type, table]) => `(owner_type = '${type}' AND owner_id IN (SELECT id FROM ${table} WHERE ${exportWhere(table, years, kind)}))`)
      .join(' OR ')})`;
  } else base = scopeWhere(name, years);
  const concern = kind === 'down' ? concernWhere(t) : null;
  return concern ? `${base} AND ${concern}` : base;
}
