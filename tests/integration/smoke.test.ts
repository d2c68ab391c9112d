import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../helpers/backend.ts';

let h: Harness;
afterEach(() => h?.close());

describe('backend smoke', () => {
  it('initialises, signs in and creates a unit with an audit record', async () => {
    h = await openHarness();
    const u = await h.call('units.create', { code: '101', name: '县教育局', kind: 'administrative', confidential: false, parentId: null });
    expect(u.level).toBe('department');
    const tree = await h.call('units.tree', {});
    expect(tree.map((t) => t.code)).toEqual(['101']);
  });
});
