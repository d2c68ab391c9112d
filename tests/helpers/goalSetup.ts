import { afterEach } from 'vitest';
import type { GoalIndicatorInput } from '../../shared/api/schemasGoals.ts';
import { addUser, openHarness, USER_PASSWORD, type Harness } from './backend.ts';

/** An office with a 主管部门 and a unit under it, and a session per role. */
export interface World {
  h: Harness;
  perf: string;
  biz: string;
  viewer: string;
  deptId: string;
  unitId: string;
}

/**
 * Registers a hook that closes the test's harness after each test, and returns `world`, which
 * opens one: the 主管部门 `dept` and the unit `unit` under it, and one account per role
 * (perf: 绩效管理, biz: 业务股室, reader: 查阅).
 */
export function worldSandbox(dept: UnitName, unit: UnitName): () => Promise<World> {
  let h: Harness | undefined;
  afterEach(() => {
    h?.close();
    h = undefined;
  });
  return async () => {
    const hh = await openHarness();
    h = hh;
    const d = await hh.call('units.create', { ...dept, kind: 'administrative' });
    const u = await hh.call('units.create', { ...unit, kind: 'institution', parentId: d.id });
    await addUser(hh, 'perf', 'performance');
    await addUser(hh, 'biz', 'business');
    await addUser(hh, 'reader', 'viewer');
    return {
      h: hh, deptId: d.id, unitId: u.id,
      perf: await hh.login('perf', USER_PASSWORD), biz: await hh.login('biz', USER_PASSWORD), viewer: await hh.login('reader', USER_PASSWORD),
    };
  };
}

interface UnitName {
  code: string;
  name: string;
}

/** A goal indicator with the usual defaults (定量, ≥, no parsed value, no unit). */
export const ind = (over: Partial<GoalIndicatorInput> & Pick<GoalIndicatorInput, 'level1' | 'level2' | 'name' | 'targetText'>): GoalIndicatorInput => ({
  valueType: 'quantitative', operator: '>=', targetValue: null, unit: '', ...over,
});
