import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/backend.ts';
import { buildCounty, sessions } from '../helpers/syncData.ts';
import { COUNTY, PREFECTURE, exportBundle, fingerprint, importBundle, link, openOffice, tempDir } from '../helpers/syncWorld.ts';

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
});

/**
 * The office filter of the list screens (下级单位数据): at a prefecture holding a county's bundle, each list
 * shows the county's rows read-only under origin = county, none of them under the prefecture's own code,
 * and everything without a filter.
 */
describe('list screens filtered by office', () => {
  it('projects, self-evaluations, monitoring rounds and the rectification ledger honour origin', async () => {
    const county = await openOffice(COUNTY);
    open.push(county);
    const pref = await openOffice(PREFECTURE);
    open.push(pref);
    await link(pref, PREFECTURE, county, COUNTY);
    await buildCounty(county, await sessions(county));
    const up = await exportBundle(county, 'up', PREFECTURE.regionCode, [2026], tempDir('bpd-origin-'));
    await importBundle(pref, up.file, await fingerprint(county));

    const year = 2026;
    const lists = {
      projects: async (origin?: string) => (await pref.call('projects.list', { year, ...(origin ? { origin } : {}) })).rows,
      selfEvals: async (origin?: string) => (await pref.call('selfEval.list', { year, ...(origin ? { origin } : {}) })).rows,
      rounds: async (origin?: string) => pref.call('monitoring.rounds', { year, ...(origin ? { origin } : {}) }),
      ledger: async (origin?: string) => (await pref.call('rectifications.ledger', { year, ...(origin ? { origin } : {}) })).rows,
    };
    for (const [name, list] of Object.entries(lists)) {
      const all: { origin: string; readOnly?: boolean }[] = await list();
      const ofCounty: { origin: string; readOnly?: boolean }[] = await list(COUNTY.regionCode);
      const own: { origin: string }[] = await list(PREFECTURE.regionCode);
      expect(ofCounty.length, `${name}: the county's rows`).toBeGreaterThan(0);
      expect(ofCounty.every((r) => r.origin === COUNTY.regionCode), `${name}: only the county`).toBe(true);
      expect(ofCounty.every((r) => r.readOnly !== false), `${name}: read-only at the prefecture`).toBe(true);
      expect(own.every((r) => r.origin === PREFECTURE.regionCode), `${name}: only own rows`).toBe(true);
      expect(all.length, `${name}: no filter shows every office`).toBe(ofCounty.length + own.length);
    }
  });
});
