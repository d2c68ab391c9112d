import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { addUser, auditRows, errorOf, USER_PASSWORD, type Harness } from '../helpers/backend.ts';
import { COUNTY, OTHER_COUNTY, PREFECTURE, exportBundle, fingerprint, importBundle, link, openOffice, tempDir } from '../helpers/syncWorld.ts';

const open: Harness[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function office(spec: typeof COUNTY | typeof PREFECTURE) {
  const h = await openOffice(spec);
  open.push(h);
  return h;
}

describe('sync: identity, offices and submissions', () => {
  it('each office has a key pair; one created before the sync feature gets its key on first use', async () => {
    const county = await office(COUNTY);
    const id = await county.call('sync.identity', {});
    expect(id).toMatchObject({ regionCode: COUNTY.regionCode, name: COUNTY.name, level: 'county' });
    expect(id.publicKeyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(id.fingerprint).toMatch(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
    county.backend.database.prepare('DELETE FROM office_identity').run();
    const fresh = await county.call('sync.identity', {});
    expect(fresh.publicKeyHex).not.toBe(id.publicKeyHex);
    expect(await county.call('sync.identity', {})).toEqual(fresh);
  });

  it('registers parent and child offices with level checks, one parent only; edits need the current revision', async () => {
    const county = await office(COUNTY);
    const reg = (input: Record<string, unknown>) => county.raw('sync.saveOffice', { note: '', ...input });
    expect(errorOf(await reg({ ...PREFECTURE, level: 'county', relation: 'parent' }))).toMatchObject({
      code: 'VALIDATION', details: [{ field: 'level', message: '上级单位的层级应高于本单位（县级）' }],
    });
    expect(errorOf(await reg({ ...COUNTY, relation: 'parent' }))).toMatchObject({ code: 'VALIDATION', details: [{ field: 'regionCode' }] });
    const saved = await county.call('sync.saveOffice', { ...PREFECTURE, relation: 'parent', note: '州财政局绩效科' });
    expect(saved).toMatchObject({ regionCode: PREFECTURE.regionCode, relation: 'parent', publicKeyHex: null, fingerprint: null, lastReceivedSeq: null, rev: 1 });
    expect(errorOf(await reg({ regionCode: '650000', name: '自治区财政厅', level: 'province', relation: 'parent' }))).toMatchObject({
      code: 'CONFLICT', details: [{ field: 'relation', message: '已有上级单位' }],
    });
    expect(errorOf(await reg({ ...PREFECTURE, relation: 'parent' })).code).toBe('CONFLICT');
    expect(await county.call('sync.saveOffice', { ...PREFECTURE, name: '昌吉州财政局', relation: 'parent', note: '', rev: 1 })).toMatchObject({ name: '昌吉州财政局', rev: 2 });
    expect(errorOf(await reg({ ...PREFECTURE, relation: 'parent', rev: 1 })).code).toBe('CONFLICT');
    expect(auditRows(county).filter((a) => a.method === 'sync.saveOffice' && a.result === '成功').map((a) => a.entity)).toEqual(['peer_office', 'peer_office']);
  });

  it('bundles are made and read by the administrator and the performance section only', async () => {
    const county = await office(COUNTY);
    await county.call('sync.saveOffice', { ...PREFECTURE, relation: 'parent', note: '' });
    await addUser(county, 'chayue', 'viewer');
    const viewer = await county.login('chayue', USER_PASSWORD);
    expect(errorOf(await county.raw('sync.exportBundle', { kind: 'up', recipientRegionCode: PREFECTURE.regionCode, years: [2026] }, viewer)).code).toBe('FORBIDDEN');
    expect((await county.call('sync.offices', {}, viewer)).map((o) => o.regionCode)).toEqual([PREFECTURE.regionCode]);
    // A downward bundle to a parent, and a bundle to an office not registered, are refused.
    expect(errorOf(await county.raw('sync.exportBundle', { kind: 'down', recipientRegionCode: PREFECTURE.regionCode, years: [2026] }))).toMatchObject({
      code: 'VALIDATION', message: `下发包只能发给下级单位，“${PREFECTURE.name}”登记为本单位的上级单位。`,
    });
    expect(errorOf(await county.raw('sync.exportBundle', { kind: 'up', recipientRegionCode: OTHER_COUNTY.regionCode, years: [2026] })).code).toBe('NOT_FOUND');
  });

  it('the parent accepts or returns each upward bundle once; the log lists both directions; numbers are per sender', async () => {
    const county = await office(COUNTY);
    const pref = await office(PREFECTURE);
    await link(pref, PREFECTURE, county, COUNTY);
    const dir = tempDir('bpd-sync-offices-');
    dirs.push(dir);
    const first = await exportBundle(county, 'up', PREFECTURE.regionCode, [2026], dir);
    const second = await exportBundle(county, 'up', PREFECTURE.regionCode, [2025, 2026], dir);
    expect([first.log.seq, second.log.seq]).toEqual([1, 2]);
    expect(second.name).toBe('652325-652300-2025_2026-第2号.bpdbundle');
    await importBundle(pref, first.file, await fingerprint(county));
    await importBundle(pref, second.file);
    // The prefecture did not have 2025: the county's rows refer to it, so it is added.
    expect((await pref.call('years.list', {})).map((y) => y.year)).toEqual([2026, 2025]);

    const subs = await pref.call('sync.submissions', {});
    expect(subs.map((s) => [s.seq, s.status, s.perspective, s.senderName])).toEqual([[2, 'received', 'child', COUNTY.name], [1, 'received', 'child', COUNTY.name]]);
    const accepted = await pref.call('sync.decideSubmission', { id: subs[1]?.id ?? '', action: 'accept', reason: '' });
    expect(accepted).toMatchObject({ status: 'accepted', decidedBy: '管理员' });
    expect(errorOf(await pref.raw('sync.decideSubmission', { id: subs[1]?.id ?? '', action: 'return', reason: '再看看' })).code).toBe('CONFLICT');
    expect(errorOf(await pref.raw('sync.decideSubmission', { id: subs[0]?.id ?? '', action: 'return', reason: '' }))).toMatchObject({
      code: 'VALIDATION', details: [{ field: 'reason' }],
    });

    const log = await pref.call('sync.log', {});
    expect(log.map((l) => [l.direction, l.kind, l.peerName, l.seq, l.status])).toEqual([
      ['received', 'up', COUNTY.name, 2, 'imported'], ['received', 'up', COUNTY.name, 1, 'imported'],
    ]);
    expect((await county.call('sync.offices', {}))[0]).toMatchObject({ lastSentSeq: 2, lastReceivedSeq: null });
  });
});
