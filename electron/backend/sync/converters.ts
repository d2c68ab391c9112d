/**
 * Reading bundles written by an older program (a lower schema version).
 *
 * A column added by a later migration needs no converter: a bundle that lacks it is imported with
 * the column's default (the INSERT leaves it out; an UPDATE leaves the stored value alone), and a
 * NOT NULL column without a default is refused by verification. A converter is needed when a
 * migration renames, splits or re-codes something: register it here with the schema version of
 * the migration that made the change. Converters run in version order, from the bundle's schema
 * version up to this program's.
 */

/** A row as read from a bundle line: column → JSON value. */
export type BundleRow = Record<string, unknown>;

export interface TableConversion {
  /** The table's columns after this step (given the columns before it). */
  columns?: (columns: readonly string[]) => string[];
  /** The row after this step; may edit the object in place and return it. */
  row?: (row: BundleRow) => BundleRow;
}

export interface SchemaConverter {
  /** The schema version this step converts to: it applies to bundles whose version is lower. */
  toVersion: number;
  description: string;
  /** Per table; a table a step does not name passes unchanged. A table renamed away is mapped by `renameTables`. */
  tables: Readonly<Record<string, TableConversion>>;
  /** Old table name → new name. */
  renameTables?: Readonly<Record<string, string>>;
}

/**
 * The registry. Migrations 0010–0012 only add columns and tables (defaults suffice), so no step
 * is needed yet; the mechanism is exercised by tests/integration/syncConvert.test.ts.
 */
export const BUNDLE_CONVERTERS: readonly SchemaConverter[] = [];

/** What applies to one table of one bundle: its final name, columns and row conversion. */
export interface TableConverterChain {
  table: string;
  columns: string[];
  convert: ((row: BundleRow) => BundleRow) | null;
}

/** Composes the steps that apply to a bundle of `fromVersion` for one table as the bundle names it. */
export function converterChain(
  registry: readonly SchemaConverter[],
  fromVersion: number,
  table: string,
  columns: readonly string[],
): TableConverterChain {
  const steps = registry.filter((c) => c.toVersion > fromVersion).toSorted((a, b) => a.toVersion - b.toVersion);
  let name = table;
  let cols = [...columns];
  const rowSteps: ((row: BundleRow) => BundleRow)[] = [];
  for (const step of steps) {
    name = step.renameTables?.[name] ?? name;
    const t = step.tables[name];
    if (t?.columns) cols = t.columns(cols);
    if (t?.row) rowSteps.push(t.row);
  }
  const convert = rowSteps.length === 0 ? null : (row: BundleRow) => rowSteps.reduce((r, f) => f(r), row);
  return { table: name, columns: cols, convert };
}
