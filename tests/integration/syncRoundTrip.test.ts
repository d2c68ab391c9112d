import { afterEach, describe, expect, it } from 'vitest';
import { exportWhere, scopeWhere } from '../../electron/backend/sync/scopeSql.ts';
import { schemaInfo } from '../../electron/backend/sync/schemaInfo.ts';
import { TABLES } from '../../electron/backend/sync/tables.ts';
import { auditRows, type Harness } from '../helpers/backend.ts';
import { buildCounty, buildPrefecture, correctCounty, sessions } from '../helpers/syncData.ts';
import {
  COUNTY, PREFECTURE, contentHash, exportBundle, fingerprint, importBundle, link, openOffice, tempDir,
} from '../helpers/syncWorld.ts';

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
});

const YEARS = [2026];
const existing = (h: Harness) => TABLES.filter((t) => schemaInfo(h.backend.database).tables.has(t.name));

function rows(h: Harness, table: string, where: string, params: Record<string, string>): unknown[] {
  const db = h.backend.database;
  return db.prepare(`SELECT * FROM ${table} WHERE ${where} ORDER BY ${schemaInfo(db).primaryKey(table).join(', ')}`).all(params);
}

/** The sender's rows of a table as an import replaces them. */
const scopeRows = (h: Harness, table: string, origin: string) => rows(h, table, scopeWhere(table, YEARS), { origin });

/** Every registry table's rows of `origin` in the years, by table. */
const snapshot = (h: Harness, origin: string) => Object.fromEntries(existing(h).map((t) => [t.name, scopeRows(h, t.name, origin)]));

async function offices() {
  const county = await openOffice(COUNTY);
  open.push(county);
  const pref = await openOffice(PREFECTURE);
  open.push(pref);
  await link(pref, PREFECTURE, county, COUNTY);
  return { county, pref };
}

describe('sync bundles: county → prefecture → county', () => {
  it('carries every table up, the prefecture’s results about the county down, and replaces the scope on the next bundle', async () => {
    const { county, pref } = await offices();
    const cd = await buildCounty(county, await sessions(county));
    const ps = await sessions(pref);
    const dir = tempDir('bpd-sync-');

    // Upward: every bundled table has rows of the county's 2026 (submissions are the parent's).
    const up = await exportBundle(county, 'up', PREFECTURE.regionCode, YEARS, dir);
    expect(up.name).toBe('652325-652300-2026-第1号.bpdbundle');
    expect(existing(county).filter((t) => t.name !== 'submissions' && !up.log.counts[t.name]).map((t) => t.name)).toEqual([]);
    expect(up.log).toMatchObject({ direction: 'sent', kind: 'up', seq: 1, status: 'exported', peerName: PREFECTURE.name });

    const preview = await pref.call('sync.previewImport', { file: { name: up.name, base64: up.base64 } });
    expect(preview).toMatchObject({ needsPin: true, unchanged: false, verdict: { ok: true, pin: 'unpinned', sequence: 'first', errors: [] } });
    expect(preview.changes.find((c) => c.table === 'projects')).toEqual({ table: 'projects', label: '项目', added: 3, changed: 0, removed: 0, unchanged: 0 });

    const auditBefore = auditRows(pref).length;
    const r1 = await importBundle(pref, up.file, await fingerprint(county));
    expect(r1.backupName).toMatch(/-import\.sqlite$/);
    expect(r1.changes).toEqual(preview.changes);
    expect(snapshot(pref, COUNTY.regionCode)).toEqual(snapshot(county, COUNTY.regionCode));
    const blobs = (h: Harness) => h.backend.database.prepare('SELECT sha256, content FROM attachment_blobs ORDER BY sha256').all();
    expect(blobs(pref)).toEqual(blobs(county));
    // One summary record for the import (besides the backup's own record).
    const added = auditRows(pref).slice(auditBefore);
    expect(added.map((a) => [a.method, a.entity, a.result])).toEqual([['system.backup', 'backup', '成功'], ['sync.commitImport', 'bundle', '成功']]);
    expect((await pref.call('sync.offices', {})).find((o) => o.regionCode === COUNTY.regionCode))
      .toMatchObject({ fingerprint: await fingerprint(county), lastReceivedSeq: 1, lastReceivedYears: YEARS });

    // The prefecture's results, its decision on the submission, and the downward bundle.
    const pd = await buildPrefecture(pref, ps, cd);
    const [submission] = await pref.call('sync.submissions', {});
    expect(submission).toMatchObject({ senderRegionCode: COUNTY.regionCode, seq: 1, status: 'received', perspective: 'child', years: YEARS });
    await pref.call('sync.decideSubmission', { id: submission?.id ?? '', action: 'return', reason: '缺少 2026 年度自评佐证材料' }, ps.perf);
    const down = await exportBundle(pref, 'down', COUNTY.regionCode, YEARS, dir);
    expect(down.name).toBe('652300-652325-2026-第1号.bpdbundle');
    await importBundle(county, down.file, await fingerprint(pref));
    const params = { origin: PREFECTURE.regionCode, recipient: COUNTY.regionCode };
    const sent = Object.fromEntries(existing(pref).map((t) => [t.name, rows(pref, t.name, exportWhere(t.name, YEARS, 'down'), params)]));
    expect(snapshot(county, PREFECTURE.regionCode)).toEqual(sent);
    const carried = existing(pref).filter((t) => scopeRows(county, t.name, PREFECTURE.regionCode).length > 0).map((t) => t.name);
    expect(carried).toEqual(expect.arrayContaining([
      'rule_profiles', 'rule_profile_versions', 'library_entries', 'agencies', 'monitoring_rounds', 'rectifications', 'recheck_samples', 'recheck_items',
      'recheck_rows', 'key_evaluations', 'key_eval_items', 'submissions',
    ]));
    // The prefecture's own unit and project are its business only.
    expect(carried).not.toContain('projects');
    expect(carried).not.toContain('units');
    const keyEval = await county.call('keyEval.get', { id: pd.keyEvalId });
    expect(keyEval).toMatchObject({ origin: PREFECTURE.regionCode, readOnly: true, projectId: cd.projectIds[2] });
    expect(await county.call('sync.submissions', {})).toEqual([expect.objectContaining({
      senderRegionCode: COUNTY.regionCode, senderName: COUNTY.name, seq: 1, status: 'returned', reason: '缺少 2026 年度自评佐证材料', perspective: 'mine',
    })]);

    // The county corrects and sends again: the prefecture's copy is replaced (changed, removed rows).
    await correctCounty(county, cd);
    const up2 = await exportBundle(county, 'up', PREFECTURE.regionCode, YEARS, dir);
    expect(up2.log.seq).toBe(2);
    const r2 = await importBundle(pref, up2.file);
    expect(r2.changes.find((c) => c.table === 'projects')).toMatchObject({ added: 0, changed: 1, removed: 0, unchanged: 2 });
    expect(r2.changes.find((c) => c.table === 'disclosures')).toMatchObject({ added: 0, changed: 0, removed: 1, unchanged: 0 });
    expect(snapshot(pref, COUNTY.regionCode)).toEqual(snapshot(county, COUNTY.regionCode));
    // The prefecture's key evaluation still points at the county's project.
    expect((await pref.call('keyEval.get', { id: pd.keyEvalId })).projectId).toBe(cd.projectIds[2]);

    // The same bundle again changes nothing, not even the log.
    const before = contentHash(pref.backend.database);
    const again = await importBundle(pref, up2.file);
    expect(again).toMatchObject({ backupName: null, changes: [], log: { status: 'unchanged', seq: up2.log.seq } });
    expect(contentHash(pref.backend.database)).toBe(before);
  });
});
