import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaConverter } from '../../electron/backend/sync/converters.ts';
import { applyImport } from '../../electron/backend/sync/importCore.ts';
import { verifyBundle, type OpenBundle } from '../../electron/backend/sync/verify.ts';
import { errorOf, type Harness } from '../helpers/backend.ts';
import { COUNTY, PREFECTURE, contentHash, exportBundle, fileInput, fingerprint, link, openOffice, tempDir } from '../helpers/syncWorld.ts';
import { readMembers, resigned } from '../helpers/syncTamper.ts';

/**
 * Bundles written by an older program: a synthetic bundle of schema version 9 (the first with
 * sync). Columns added later are filled with their defaults; a renamed column needs a converter
 * from the registry (here one registered for the test).
 */

let county: Harness;
let pref: Harness;
let dir: string;
/** Bundles 1 and 2 of the county, as this program writes them. */
const originals: string[] = [];
let countyKey: string;

beforeAll(async () => {
  county = await openOffice(COUNTY);
  pref = await openOffice(PREFECTURE);
  dir = tempDir('bpd-sync-convert-');
  await link(pref, PREFECTURE, county, COUNTY);
  await county.call('units.create', { code: '301', name: '县交通运输局', kind: 'administrative', confidential: true });
  for (let i = 0; i < 2; i++) originals.push((await exportBundle(county, 'up', PREFECTURE.regionCode, [2026], dir)).file);
  countyKey = county.backend.database.prepare('SELECT private_key FROM office_identity').pluck().get() as string;
});

afterAll(() => {
  county.close();
  pref.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Row = Record<string, unknown>;

/** The bundle as schema version 9 would have written it, its units rows passed through `edit`. */
function olderBundle(original: string, name: string, edit: (row: Row) => Row, columns: (cols: string[]) => string[]): string {
  const units = readMembers(original).find(([n]) => n === 'tables/units.ndjson')?.[1].toString('utf8') ?? '';
  const rows = units.split('\n').filter(Boolean).map((l) => JSON.stringify(edit(JSON.parse(l) as Row)));
  const content = Buffer.from(`${rows.join('\n')}\n`);
  const bytes = resigned(original, countyKey, { 'tables/units.ndjson': content }, (m) => {
    m.schemaVersion = 9;
    for (const t of m.tables as { name: string; columns: string[] }[]) if (t.name === 'units') t.columns = columns(t.columns);
  });
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

const without = (row: Row, ...cols: string[]) => Object.fromEntries(Object.entries(row).filter(([k]) => !cols.includes(k)));
const renamed = (row: Row) => ({ ...without(row, 'name'), title: row.name });

describe('sync bundles of an older schema version', () => {
  it('a column added by a later migration takes its default', async () => {
    const file = olderBundle(originals[0] ?? '', 'v9-defaults.bpdbundle', (r) => without(r, 'confidential', 'active'), (cols) => cols.filter((c) => c !== 'confidential' && c !== 'active'));
    const preview = await pref.call('sync.previewImport', { file: fileInput(file) });
    expect(preview.verdict).toMatchObject({ ok: true, manifest: { schemaVersion: 9 } });
    await pref.call('sync.commitImport', { file: fileInput(file), confirmFingerprint: await fingerprint(county) });
    expect(pref.backend.database.prepare("SELECT code, name, confidential, active FROM units WHERE origin = '652325'").all())
      .toEqual([{ code: '301', name: '县交通运输局', confidential: 0, active: 1 }]);
  });

  it('a renamed column is refused without a converter, and read through one', async () => {
    const file = olderBundle(originals[1] ?? '', 'v9-renamed.bpdbundle', renamed, (cols) => cols.map((c) => (c === 'name' ? 'title' : c)));
    const hash = contentHash(pref.backend.database);
    const e = errorOf(await pref.raw('sync.commitImport', { file: fileInput(file) }));
    expect(e.details?.map((d) => d.message)).toEqual(expect.arrayContaining(['数据表 units 含有本程序不认识的列：title', '数据表 units 缺少必填列：name']));
    expect(contentHash(pref.backend.database)).toBe(hash);

    // The same bundle through a registry with the step that renames title → name.
    const converters: SchemaConverter[] = [{
      toVersion: 10, description: 'units.title → units.name',
      tables: { units: { columns: (cols) => cols.map((c) => (c === 'title' ? 'name' : c)), row: ({ title, ...rest }) => ({ ...rest, name: title }) } },
    }];
    const db = pref.backend.database;
    const v = verifyBundle(db, file, { own: { regionCode: PREFECTURE.regionCode, name: PREFECTURE.name }, converters });
    try {
      expect(v.verdict).toMatchObject({ ok: true, errors: [] });
      db.transaction(() => applyImport(db, v.bundle as OpenBundle, new Date()))();
    } finally {
      v.bundle?.zip.close();
    }
    expect(db.prepare("SELECT code, name FROM units WHERE origin = '652325'").all()).toEqual([{ code: '301', name: '县交通运输局' }]);
  });
});
