import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import { converterChain, type SchemaConverter } from '../../electron/backend/sync/converters.ts';
import { exportWhere, scopeWhere } from '../../electron/backend/sync/scopeSql.ts';
import { schemaInfo, type SchemaInfo } from '../../electron/backend/sync/schemaInfo.ts';
import { EXCLUDED, TABLES } from '../../electron/backend/sync/tables.ts';
import { BUNDLE_TABLE_LABELS } from '../../shared/i18n/zh-CN.ts';
import { tempDir } from '../helpers/backend.ts';

let backend: Backend;
let dir: string;
let info: SchemaInfo;

beforeAll(async () => {
  dir = tempDir('bpd-registry-');
  backend = await Backend.open({ dataDir: dir });
  info = schemaInfo(backend.database);
});

afterAll(() => {
  backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const columnsOf = (t: string) => info.columns(t).map((c) => c.name);

describe('bundle table registry (electron/backend/sync/tables.ts)', () => {
  it('names every table of the schema: bundled, or excluded with a reason', () => {
    const unregistered = [...info.tables].filter((t) => !TABLES.some((s) => s.name === t) && !(t in EXCLUDED));
    expect(unregistered, 'add these tables to TABLES or EXCLUDED in electron/backend/sync/tables.ts').toEqual([]);
    expect(TABLES.map((t) => t.name).filter((t) => !info.tables.has(t)), 'registry tables missing from the schema').toEqual([]);
    expect(Object.keys(EXCLUDED).filter((t) => TABLES.some((s) => s.name === t))).toEqual([]);
  });

  it('is consistent with the schema: scope columns exist, parents come first, owners are bundled', () => {
    const problems: string[] = [];
    const need = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    const seen = new Set<string>();
    for (const t of TABLES) {
      const cols = columnsOf(t.name);
      const s = t.scope;
      need(s.by === 'parent' || cols.includes('origin'), `${t.name} has no origin column`);
      need(s.by !== 'year' || cols.includes('year'), `${t.name} has no year column`);
      if (s.by === 'parent' || s.by === 'yearVia') {
        need(cols.includes(s.column), `${t.name}.${s.column} missing`);
        need(seen.has(s.parent), `${s.parent} must come before ${t.name}`);
        need(columnsOf(s.parent).includes('id'), `${s.parent} has no id`);
      }
      for (const owner of s.by === 'owner' ? Object.values(s.owners) : []) need(seen.has(owner), `${owner} must come before ${t.name}`);
      for (const [c] of typeof t.down === 'object' && 'refs' in t.down ? t.down.refs : []) need(cols.includes(c), `${t.name}.${c} missing`);
      need(info.primaryKey(t.name).length > 0, `${t.name} has no primary key`);
      seen.add(t.name);
    }
    expect(problems).toEqual([]);
  });

  it('takes its Chinese labels from the shared catalog, which names nothing else', () => {
    expect(TABLES.filter((t) => !t.label || t.label === t.name).map((t) => t.name)).toEqual([]);
    expect(Object.keys(BUNDLE_TABLE_LABELS).filter((n) => n !== 'attachment_blobs' && !TABLES.some((t) => t.name === n))).toEqual([]);
  });

  it('every scope query is valid SQL (import and both export kinds)', () => {
    const db = backend.database;
    for (const t of TABLES) {
      for (const where of [scopeWhere(t.name, [2025, 2026]), exportWhere(t.name, [2026], 'up'), exportWhere(t.name, [2026], 'down')]) {
        expect(db.prepare(`SELECT count(*) FROM ${t.name} WHERE ${where}`).pluck().get({ origin: '652325', recipient: '652302' })).toBe(0);
      }
    }
  });
});

describe('schema converters', () => {
  const rename: SchemaConverter = {
    toVersion: 10, description: 'units.title → units.name',
    tables: { units: { columns: (cols) => cols.map((c) => (c === 'title' ? 'name' : c)), row: (r) => ({ ...r, name: r.title, title: undefined }) } },
  };
  const later: SchemaConverter = { toVersion: 12, description: 'a flag', tables: { units: { row: (r) => ({ ...r, flag: 1 }) } } };

  it('applies the steps above the bundle’s version, in order', () => {
    const chain = converterChain([later, rename], 9, 'units', ['id', 'title']);
    expect(chain.columns).toEqual(['id', 'name']);
    expect(chain.convert?.({ id: 'u1', title: '县教育局' })).toEqual({ id: 'u1', name: '县教育局', title: undefined, flag: 1 });
    expect(converterChain([later, rename], 10, 'units', ['id', 'name']).convert?.({ id: 'u1' })).toEqual({ id: 'u1', flag: 1 });
    expect(converterChain([later, rename], 12, 'units', ['id', 'name']).convert).toBeNull();
  });
});
