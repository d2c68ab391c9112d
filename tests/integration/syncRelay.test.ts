import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeWhere } from '../../electron/backend/sync/scopeSql.ts';
import { verdictText } from '../../electron/host/cliSync.ts';
import { schemaInfo } from '../../electron/backend/sync/schemaInfo.ts';
import { TABLES } from '../../electron/backend/sync/tables.ts';
import { errorOf, type Harness } from '../helpers/backend.ts';
import { buildCounty, buildPrefecture, correctCounty, sessions, type CountyData } from '../helpers/syncData.ts';
import { readMembers, rebuild, resigned } from '../helpers/syncTamper.ts';
import {
  COUNTY, PREFECTURE, PROVINCE, contentHash, exportBundle, fileInput, fingerprint, importBundle, link, openOffice, tempDir,
} from '../helpers/syncWorld.ts';

/**
 * Prefecture → province: the prefecture's upward bundle relays the rows it holds from its counties
 * (as received, with their origins), so the province holds the counties' records and the
 * prefecture's records about them, and its statistics cut by origin. Relayed origins are refused
 * outside the sender's region, as the receiver's own code, or when the receiver takes that office's
 * bundles directly; a refusal leaves the province's database as it was.
 */

const YEARS = [2026];
let county: Harness;
let pref: Harness;
let province: Harness;
let dir: string;
let cd: CountyData;
let prefKey: string;

const existing = (h: Harness) => TABLES.filter((t) => schemaInfo(h.backend.database).tables.has(t.name));

/** Every registry table's rows of `origin` in the years (the scope an import replaces), by table. */
function snapshot(h: Harness, origin: string): Record<string, unknown[]> {
  const db = h.backend.database;
  return Object.fromEntries(existing(h).map((t) => [
    t.name, db.prepare(`SELECT * FROM ${t.name} WHERE ${scopeWhere(t.name, YEARS)} ORDER BY ${schemaInfo(db).primaryKey(t.name).join(', ')}`).all({ origin }),
  ]));
}

const manifestOf = (file: string) => JSON.parse(readMembers(file).find(([n]) => n === 'manifest.json')?.[1].toString('utf8') ?? '{}') as {
  formatVersion: number;
  tables: { name: string; rows: number }[];
  relayed: { regionCode: string; name: string; level: string; lastSeq: number; counts: Record<string, number> }[];
};

beforeAll(async () => {
  county = await openOffice(COUNTY);
  pref = await openOffice(PREFECTURE);
  province = await openOffice(PROVINCE);
  dir = tempDir('bpd-sync-relay-');
  await link(pref, PREFECTURE, county, COUNTY);
  await link(province, PROVINCE, pref, PREFECTURE);
  cd = await buildCounty(county, await sessions(county));
  await importBundle(pref, (await exportBundle(county, 'up', PREFECTURE.regionCode, YEARS, dir)).file, await fingerprint(county));
  // The prefecture's own records, among them re-check items, a key evaluation and a rectification about the county's records.
  await buildPrefecture(pref, await sessions(pref), cd);
  prefKey = pref.backend.database.prepare('SELECT private_key FROM office_identity').pluck().get() as string;
});

afterAll(() => {
  for (const h of [county, pref, province]) h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('sync bundles: county → prefecture → province', () => {
  it('relays the county’s rows in the prefecture’s upward bundle; the province holds both offices’ records', async () => {
    const up = await exportBundle(pref, 'up', PROVINCE.regionCode, YEARS, dir);
    const m = manifestOf(up.file);
    expect(m.formatVersion).toBe(2);
    const countyRows = Object.fromEntries(Object.entries(snapshot(pref, COUNTY.regionCode)).map(([t, rows]) => [t, rows.length]).filter(([, n]) => n));
    expect(m.relayed).toEqual([{ regionCode: COUNTY.regionCode, name: COUNTY.name, level: 'county', lastSeq: 1, counts: countyRows }]);
    // The log counts the prefecture's own rows; the note names what it relayed.
    expect(up.log.counts.projects).toBe(1);
    expect(up.log.note).toMatch(/^含转报数据：奇台县财政局（652325）第 1 号包 \d+ 条$/);

    const verdict = await province.call('sync.verifyBundle', { file: fileInput(up.file) });
    expect(verdict).toMatchObject({ ok: true, errors: [], manifest: { relayed: [{ regionCode: COUNTY.regionCode, lastSeq: 1 }] } });
    expect(verdictText(path.basename(up.file), verdict)).toContain(`转报：奇台县财政局（652325，县级）第 1 号包，记录数：预算单位 ${countyRows.units}，`);
    const r = await importBundle(province, up.file, await fingerprint(pref));
    expect(r.changes.find((c) => c.table === 'projects')).toMatchObject({ added: 4, changed: 0, removed: 0 });
    expect(r.log).toMatchObject({ status: 'imported', counts: expect.objectContaining({ projects: 1 }), note: up.log.note });
    expect(snapshot(province, COUNTY.regionCode)).toEqual(snapshot(county, COUNTY.regionCode));
    expect(snapshot(province, PREFECTURE.regionCode)).toEqual(snapshot(pref, PREFECTURE.regionCode));
    // The prefecture's re-check item points at the county's self-evaluation, now present at the province.
    const item = province.backend.database.prepare("SELECT evaluation_id FROM recheck_items WHERE origin = '652300'").pluck().get();
    expect(item).toBe(cd.evaluationIds[0]);

    // The province's screens and statistics cut by origin; everything received is read-only.
    const projects = async (origin: string) => (await province.call('projects.list', { year: 2026, origin })).rows;
    expect((await projects(COUNTY.regionCode)).map((p) => [p.origin, p.readOnly])).toEqual([[COUNTY.regionCode, true], [COUNTY.regionCode, true], [COUNTY.regionCode, true]]);
    expect((await projects(PREFECTURE.regionCode)).map((p) => [p.origin, p.readOnly])).toEqual([[PREFECTURE.regionCode, true]]);
    const stats = await province.call('statistics.overview', { year: 2026, scope: 'prefecture' });
    const byOrigin = stats.cuts.find((c) => c.cut === 'origin')?.rows.map((row) => row.key) ?? [];
    expect(byOrigin).toEqual(expect.arrayContaining([PREFECTURE.regionCode, COUNTY.regionCode]));
    expect(stats.checks.filter((c) => c.code === 'bundleCount')).toEqual([]);
  });

  it('replaces the scope of the sender and of each relayed office on the next bundle', async () => {
    await correctCounty(county, cd);
    await importBundle(pref, (await exportBundle(county, 'up', PREFECTURE.regionCode, YEARS, dir)).file);

    const up = await exportBundle(pref, 'up', PROVINCE.regionCode, YEARS, dir);
    expect(manifestOf(up.file).relayed.map((r) => [r.regionCode, r.lastSeq])).toEqual([[COUNTY.regionCode, 2]]);
    const r = await importBundle(province, up.file);
    expect(r.changes.find((c) => c.table === 'projects')).toMatchObject({ added: 0, changed: 1, removed: 0, unchanged: 3 });
    expect(r.changes.find((c) => c.table === 'disclosures')).toMatchObject({ added: 0, changed: 0, removed: 1 });
    expect(snapshot(province, COUNTY.regionCode)).toEqual(snapshot(county, COUNTY.regionCode));
    expect(snapshot(province, PREFECTURE.regionCode)).toEqual(snapshot(pref, PREFECTURE.regionCode));
  });

  describe('refused relays change nothing', () => {
    let base: string;
    beforeAll(async () => {
      base = (await exportBundle(pref, 'up', PROVINCE.regionCode, YEARS, dir)).file;
    });

    /** Verifies and commits a variant: refused with the same causes, the province's database byte for byte as it was, no backup. */
    async function refused(name: string, bytes: Buffer): Promise<string[]> {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      const hash = contentHash(province.backend.database);
      const backups = fs.readdirSync(province.backend.backupDir);
      const verdict = await province.call('sync.verifyBundle', { file: fileInput(file) });
      expect(verdict.ok).toBe(false);
      const e = errorOf(await province.raw('sync.commitImport', { file: fileInput(file) }));
      expect(e).toMatchObject({ code: 'IMPORT_INVALID', message: `数据包未通过校验，未导入任何数据：${verdict.errors[0] ?? ''}` });
      expect(contentHash(province.backend.database)).toBe(hash);
      expect(fs.readdirSync(province.backend.backupDir)).toEqual(backups);
      return verdict.errors;
    }

    const relayAs = (regionCode: string) => rebuild(base, {
      privateKeyHex: prefKey, manifest: (m) => Object.assign((m.relayed as { regionCode: string }[])[0] ?? {}, { regionCode }),
    });

    it('a relayed office outside the sender’s region', async () => {
      expect(await refused('outside.bpdbundle', relayAs('654003'))).toEqual([
        '转报单位“奇台县财政局”（654003）不在发送单位“昌吉回族自治州财政局”（652300）的辖区内，不能经由其转报',
      ]);
    });

    it('the receiver’s own code, or an office it receives directly', async () => {
      expect(await refused('own.bpdbundle', relayAs(PROVINCE.regionCode))).toEqual([
        '转报单位“奇台县财政局”（650000）是本单位：本单位的数据不能经由“昌吉回族自治州财政局”（652300）转报回来',
      ]);
      await province.call('sync.saveOffice', { ...COUNTY, relation: 'child', note: '' });
      expect(await refused('direct.bpdbundle', fs.readFileSync(base))).toEqual([
        '“奇台县财政局”（652325）的数据由本单位直接接收，不能经由“昌吉回族自治州财政局”（652300）转报',
      ]);
      await province.call('sync.removeOffice', { regionCode: COUNTY.regionCode });
    });

    it('rows of an office the manifest does not relay, or relayed counts that do not match, are rolled back', async () => {
      const units = readMembers(base).find(([n]) => n === 'tables/units.ndjson')?.[1].toString('utf8') ?? '';
      const data = () => contentHash(province.backend.database, ['audit_log', 'audit_head']);
      const before = data();
      const other = resigned(base, prefKey, { 'tables/units.ndjson': Buffer.from(units.replace('"origin":"652325"', '"origin":"652302"')) });
      const file = path.join(dir, 'other.bpdbundle');
      fs.writeFileSync(file, other);
      const e = errorOf(await province.raw('sync.commitImport', { file: fileInput(file) }));
      expect(e.message).toMatch(/^导入失败，未导入任何数据：数据表文件 tables\/units\.ndjson 第 \d+ 行的来源单位（652302）不是发送单位（652300）或其转报的单位（652325），不能导入$/);
      const lying = rebuild(base, {
        privateKeyHex: prefKey, manifest: (m) => Object.assign((m.relayed as { counts: Record<string, number> }[])[0]?.counts ?? {}, { projects: 2 }),
      });
      fs.writeFileSync(file, lying);
      const preview = await province.call('sync.previewImport', { file: fileInput(file) });
      expect(preview.verdict.errors).toEqual(['数据表文件 tables/projects.ndjson 中“奇台县财政局”（652325）的记录有 3 条，与清单的 2 条不符']);
      expect(errorOf(await province.raw('sync.commitImport', { file: fileInput(file) })).code).toBe('IMPORT_INVALID');
      expect(data()).toBe(before);
      // The genuine bundle still imports: the same rows again, nothing changed.
      const r = await importBundle(province, base);
      expect(r.changes.every((c) => c.added + c.changed + c.removed === 0)).toBe(true);
    });
  });
});
