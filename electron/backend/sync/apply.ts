import type Database from 'better-sqlite3';
import type { Db } from '../db/connection.ts';
import type { TableChangeDto } from '../../../shared/api/dtoSync.ts';
import type { BundleRow } from './converters.ts';
import { readLines } from './lines.ts';
import { bundleOrigins } from './relay.ts';
import { BundleFault } from './refusal.ts';
import { decodeValue } from './rowCodec.ts';
import { scopeWhere } from './scopeSql.ts';
import { schemaInfo, type SchemaInfo } from './schemaInfo.ts';
import { isYearless, TABLE_BY_NAME, tableLabel, TABLES, type TableSpec } from './tables.ts';
import type { BundleTable, OpenBundle } from './verify.ts';

/**
 * Replaces the scope of every origin the bundle carries — the sender's and each relayed office's
 * (relay.ts): their rows of the bundle's years, and their rows of the tables without years — with
 * the bundle's rows, table by table in registry order, streaming each member:
 *
 * - a row whose key is in the scope is compared column by column: unchanged, or updated in place;
 * - a new key is inserted (a key already used outside the scope is a conflict: refused);
 * - keys of the scope absent from the bundle are deleted after the table's rows, so a natural key
 *   (a unit code, a round's month) can move to a new row; rows of tables without years are only
 *   deleted when nothing refers to them any more (at the end, once every table is replaced).
 *
 * Every row must belong to one of those origins and to the bundle's years (directly, through its
 * parent record, or through its owner for attachments), and the rows of each relayed office must
 * number as the manifest says: a bundle cannot touch another office's rows.
 * Foreign keys are deferred to the commit, which checks them all (services/syncBundles.ts names the
 * violations when it fails). With `write: false` nothing is written: the import preview.
 */
export interface ApplyOptions {
  db: Db;
  bundle: OpenBundle;
  write: boolean;
  onTable?: (done: number, total: number) => void;
}

interface TableState {
  t: BundleTable;
  leftovers: string[];
  change: TableChangeDto;
}

const KEY_SEP = '\u001f';

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  return false;
}

/** Parent tables whose ids the bundle's child rows must point at, and tables whose rows' years other rows derive theirs from. */
function indexedTables(): { parents: Set<string>; yearSources: Set<string> } {
  const parents = new Set<string>();
  const yearSources = new Set<string>();
  for (const t of TABLES) {
    if (t.scope.by === 'parent') parents.add(t.scope.parent);
    if (t.scope.by === 'yearVia') yearSources.add(t.scope.parent);
    if (t.scope.by === 'owner') for (const table of Object.values(t.scope.owners)) yearSources.add(table);
  }
  return { parents, yearSources };
}

class Applier {
  private readonly info: SchemaInfo;
  private readonly sender: string;
  /** The origins the bundle carries (sender first), and their index. */
  private readonly origins: readonly string[];
  private readonly originIndex: ReadonlyMap<string, number>;
  private readonly years: ReadonlySet<number>;
  /** Ids of the bundle's rows of the tables other tables' rows hang from, with their origin's index. */
  private readonly parentIds = new Map<string, Map<string, number>>();
  private readonly yearOfId = new Map<string, Map<string, number | null>>();
  private readonly yearStmts = new Map<string, Database.Statement>();

  private readonly o: ApplyOptions;

  constructor(o: ApplyOptions) {
    this.o = o;
    this.info = schemaInfo(o.db);
    this.sender = o.bundle.manifest.sender.regionCode;
    this.origins = bundleOrigins(o.bundle.manifest);
    this.originIndex = new Map(this.origins.map((c, i) => [c, i]));
    this.years = new Set(o.bundle.manifest.years);
    const { parents, yearSources } = indexedTables();
    for (const p of parents) this.parentIds.set(p, new Map());
    for (const y of yearSources) this.yearOfId.set(y, new Map());
  }

  /** The fiscal year of a row of `table` (a year table or one deriving its year), from the bundle or the database. */
  private yearOf(table: string, id: unknown): number | null {
    if (typeof id !== 'string') return null;
    const known = this.yearOfId.get(table);
    const hit = known?.get(id);
    if (hit !== undefined) return hit;
    const spec = TABLE_BY_NAME.get(table) as TableSpec;
    let stmt = this.yearStmts.get(table);
    let year: number | null = null;
    if (spec.scope.by === 'year') {
      stmt ??= this.o.db.prepare(`SELECT year FROM ${table} WHERE id = ?`).pluck();
      year = (stmt.get(id) as number | undefined) ?? null;
    } else if (spec.scope.by === 'yearVia') {
      stmt ??= this.o.db.prepare(`SELECT ${spec.scope.column} FROM ${table} WHERE id = ?`).pluck();
      year = this.yearOf(spec.scope.parent, stmt.get(id));
    }
    if (stmt) this.yearStmts.set(table, stmt);
    known?.set(id, year);
    return year;
  }

  /**
   * The row's origin (index into `origins`; a child row takes its parent's) and its year as its
   * scope defines it, or a fault when the row lies outside the scope of the bundle's origins.
   */
  private checkScope(spec: TableSpec, row: BundleRow, at: () => string, member: string): { origin: number; year: number | null } {
    const s = spec.scope;
    if (s.by === 'parent') {
      const origin = this.parentIds.get(s.parent)?.get(String(row[s.column]));
      if (origin === undefined) throw new BundleFault(`${at()}所属的${tableLabel(s.parent)}（${String(row[s.column])}）不在包内`, member);
      return { origin, year: null };
    }
    const origin = this.originIndex.get(String(row.origin));
    if (origin === undefined) {
      const relayed = this.origins.length > 1 ? `或其转报的单位（${this.origins.slice(1).join('、')}）` : '';
      throw new BundleFault(`${at()}的来源单位（${String(row.origin)}）不是发送单位（${this.sender}）${relayed}，不能导入`, member);
    }
    let year: number | null = null;
    if (s.by === 'origin') return { origin, year: null };
    if (s.by === 'year') year = typeof row.year === 'number' ? row.year : null;
    else if (s.by === 'yearVia') year = this.yearOf(s.parent, row[s.column]);
    else {
      const table = s.owners[String(row.owner_type)];
      if (!table) throw new BundleFault(`${at()}的附件归属类型（${String(row.owner_type)}）本程序不认识`, member);
      year = this.yearOf(table, row.owner_id);
    }
    if (year === null || !this.years.has(year)) {
      throw new BundleFault(`${at()}的年度（${year ?? '无法确定'}）不在数据包的年度（${[...this.years].join('、')}）内`, member);
    }
    return { origin, year };
  }

  /** The keys of the table's rows in the scope of every origin the bundle carries. */
  private scopeKeys(name: string, pk: readonly string[]): Set<string> {
    const stmt = this.o.db.prepare(`SELECT ${pk.join(', ')} FROM ${name} WHERE ${scopeWhere(name, this.o.bundle.manifest.years)}`).raw();
    const keys = new Set<string>();
    for (const origin of this.origins) {
      for (const r of stmt.iterate({ origin }) as IterableIterator<unknown[]>) keys.add(r.length === 1 ? String(r[0]) : r.map(String).join(KEY_SEP));
    }
    return keys;
  }

  /** The rows of each relayed office must number as the manifest says (the sender's are the rest of the line count). */
  private checkCounts(t: BundleTable, perOrigin: readonly number[]): void {
    for (const [i, r] of this.o.bundle.manifest.relayed.entries()) {
      const want = r.counts[t.spec.name] ?? 0;
      const got = perOrigin[i + 1] ?? 0;
      if (got !== want) {
        throw new BundleFault(`数据表文件 ${t.member} 中“${r.name}”（${r.regionCode}）的记录有 ${got} 条，与清单的 ${want} 条不符`, t.member);
      }
    }
  }

  /** Replaces one table's scope; returns the keys left over (absent from the bundle). */
  table(t: BundleTable): TableState {
    const { db, write } = this.o;
    const name = t.spec.name;
    const pk = this.info.primaryKey(name);
    const given = new Set(t.chain.columns);
    const columns = this.info.columns(name).filter((c) => given.has(c.name));
    const cols = columns.map((c) => c.name);
    const blobCols = new Set(columns.filter((c) => c.type.toUpperCase() === 'BLOB').map((c) => c.name));
    const pkIdx = pk.map((c) => cols.indexOf(c));
    const setCols = cols.filter((c) => !pk.includes(c));
    const setIdx = setCols.map((c) => cols.indexOf(c));
    const pkWhere = pk.map((c) => `${c} = ?`).join(' AND ');
    const select = db.prepare(`SELECT ${cols.join(', ')} FROM ${name} WHERE ${pkWhere}`).raw();
    const insert = write ? db.prepare(`INSERT INTO ${name} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`) : null;
    const update = write && setCols.length ? db.prepare(`UPDATE ${name} SET ${setCols.map((c) => `${c} = ?`).join(', ')} WHERE ${pkWhere}`) : null;
    const existing = this.scopeKeys(name, pk);
    const ids = this.parentIds.get(name);
    const yearIds = this.yearOfId.get(name);
    const change: TableChangeDto = { table: name, label: t.spec.label, added: 0, changed: 0, removed: 0, unchanged: 0 };
    const retry: { values: unknown[]; where: string }[] = [];
    const convert = t.chain.convert;
    const perOrigin = this.origins.map(() => 0);

    readLines(this.o.bundle.zip, t.member, (line, lineNo) => {
      const at = () => `数据表文件 ${t.member} 第 ${lineNo} 行`;
      let row: BundleRow;
      try {
        row = JSON.parse(line) as BundleRow;
      } catch {
        throw new BundleFault(`${at()}不是有效的 JSON`, t.member);
      }
      if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new BundleFault(`${at()}不是一条记录`, t.member);
      if (convert) row = convert(row);
      const { origin, year } = this.checkScope(t.spec, row, at, t.member);
      perOrigin[origin] = (perOrigin[origin] ?? 0) + 1;
      const values: unknown[] = new Array(cols.length);
      for (let i = 0; i < cols.length; i++) {
        const c = cols[i] as string;
        const v = row[c];
        if (v === undefined) throw new BundleFault(`${at()}缺少列 ${c}`, t.member);
        values[i] = blobCols.size && blobCols.has(c) ? decodeValue(v) : v;
      }
      const keyValues = pkIdx.map((i) => values[i]);
      const key = keyValues.length === 1 ? String(keyValues[0]) : keyValues.map(String).join(KEY_SEP);
      if (ids) ids.set(String(row.id), origin);
      if (yearIds) yearIds.set(String(row.id), year);
      try {
        if (existing.delete(key)) {
          const old = select.get(keyValues) as unknown[];
          if (old.every((v, i) => same(v, values[i]))) change.unchanged++;
          else {
            change.changed++;
            update?.run([...setIdx.map((i) => values[i]), ...keyValues]);
          }
          return;
        }
        change.added++;
        if (insert) insert.run(values);
        else if (select.get(keyValues)) throw conflict(t.spec, key, at());
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw conflict(t.spec, key, at());
        // A natural key still held by a row the bundle removes: try again once those are deleted.
        if (code === 'SQLITE_CONSTRAINT_UNIQUE' && insert) retry.push({ values, where: at() });
        else if (e instanceof BundleFault) throw e;
        else throw new BundleFault(`${at()}无法写入：${(e as Error).message}`, t.member);
      }
    });

    this.checkCounts(t, perOrigin);
    const leftovers = [...existing];
    if (write && !isYearless(t.spec)) {
      this.deleteKeys(name, pk, leftovers);
      change.removed = leftovers.length;
    }
    for (const r of retry) {
      try {
        insert?.run(r.values);
      } catch (e) {
        throw new BundleFault(`${r.where}与本单位已有的${t.spec.label}重复（${(e as Error).message}）`, t.member);
      }
    }
    if (!write) change.removed = leftovers.length;
    return { t, leftovers, change };
  }

  private deleteKeys(name: string, pk: readonly string[], keys: readonly string[]): void {
    if (keys.length === 0) return;
    const del = this.o.db.prepare(`DELETE FROM ${name} WHERE ${pk.map((c) => `${c} = ?`).join(' AND ')}`);
    for (const k of keys) del.run(pk.length === 1 ? [k] : splitKey(k, this.info, name));
  }

  /**
   * Tables without years keep an absent row while any row still refers to it (a unit a later year
   * still uses, a profile a fiscal year is assigned to); their child rows stay with a kept parent.
   */
  removeYearless(states: readonly TableState[]): void {
    for (const s of [...states].reverse()) {
      const spec = s.t.spec;
      if (!isYearless(spec) || spec.scope.by === 'parent') continue;
      const name = spec.name;
      const children = states.filter((c) => c.t.spec.scope.by === 'parent' && c.t.spec.scope.parent === name);
      const refs = this.info.referencesTo(name).filter((r) => !children.some((c) => c.t.spec.name === r.table));
      const checks = refs.map((r) => this.o.db.prepare(`SELECT 1 FROM ${r.table} WHERE ${r.column} = ? LIMIT 1`).pluck());
      let pending = s.leftovers;
      const deleted: string[] = [];
      for (let progress = true; progress && pending.length; ) {
        progress = false;
        const still: string[] = [];
        for (const id of pending) {
          if (checks.some((c) => c.get(id) !== undefined)) still.push(id);
          else {
            this.deleteKeys(name, ['id'], [id]);
            deleted.push(id);
            progress = true;
          }
        }
        pending = still;
      }
      s.change.removed = deleted.length;
      const gone = new Set(deleted);
      const inBundle = this.parentIds.get(name) ?? new Map<string, number>();
      for (const c of children) {
        const scope = c.t.spec.scope as { column: string };
        const pk = this.info.primaryKey(c.t.spec.name);
        const parentAt = pk.indexOf(scope.column);
        const drop = c.leftovers.filter((k) => {
          const parent = parentAt >= 0 ? (k.split(KEY_SEP)[parentAt] ?? '') : '';
          return gone.has(parent) || inBundle.has(parent);
        });
        this.deleteKeys(c.t.spec.name, pk, drop);
        c.change.removed = drop.length;
      }
    }
  }
}

function conflict(spec: TableSpec, key: string, where: string): BundleFault {
  return new BundleFault(`${where}：${spec.label}的编号 ${key.replaceAll(KEY_SEP, ' / ')} 已被本单位或其他单位的记录使用，不能导入`);
}

/** The typed primary-key values of a composite key string (integers come back as numbers). */
function splitKey(key: string, info: SchemaInfo, table: string): unknown[] {
  const types = new Map(info.columns(table).map((c) => [c.name, c.type.toUpperCase()]));
  return info.primaryKey(table).map((c, i) => {
    const part = key.split(KEY_SEP)[i] ?? '';
    return types.get(c) === 'INTEGER' || types.get(c) === 'REAL' ? Number(part) : part;
  });
}

/** Applies (or, without write, plans) a verified bundle; returns the changes per table in registry order. */
export function applyBundle(o: ApplyOptions): TableChangeDto[] {
  const a = new Applier(o);
  const states: TableState[] = [];
  for (const [i, t] of o.bundle.tables.entries()) {
    o.onTable?.(i, o.bundle.tables.length);
    states.push(a.table(t));
  }
  if (o.write) a.removeYearless(states);
  o.onTable?.(o.bundle.tables.length, o.bundle.tables.length);
  return states.map((s) => s.change);
}
