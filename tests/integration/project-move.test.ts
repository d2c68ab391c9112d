import { afterEach, expect, it } from 'vitest';
import { USER_PASSWORD, addUser, openHarness, type Harness } from '../helpers/backend.ts';

let h: Harness;
afterEach(() => h?.close());

const money = { fiscalFen: 3_200_000_000, carryoverFen: 0, otherFen: 0 };

it('a goal sheet follows its project to another unit', async () => {
  h = await openHarness();
  const edu = await h.call('units.create', { code: '101', name: '县教育局', kind: 'administrative', confidential: false, parentId: null });
  const health = await h.call('units.create', { code: '102', name: '县卫生健康委员会', kind: 'administrative', confidential: false, parentId: null });
  await addUser(h, 'yewu', 'business');
  const s = await h.login('yewu', USER_PASSWORD);
  const p = await h.call('projects.create', {
    year: 2026, code: 'XM001', name: '校舍维修', unitId: edu.id, objectType: 'project', attribute: 'continuing', budgetType: 'general',
    initial: money, annual: money,
  }, s);
  const sheet = await h.call('goals.create', { projectId: p.id }, s);
  expect(sheet.unitId).toBe(edu.id);

  const moved = await h.call('projects.update', {
    id: p.id, rev: p.rev, code: p.code, name: p.name, unitId: health.id, objectType: 'project', attribute: 'continuing', budgetType: 'general',
    initial: money, annual: money,
  }, s);
  expect(moved.unitId).toBe(health.id);
  const after = await h.call('goals.get', { sheetId: sheet.id }, s);
  expect(after.unitId).toBe(health.id);
  expect(after.unitName).toBe('县卫生健康委员会');
  const queue = await h.call('goals.queue', { year: 2026, statuses: ['draft'], unitId: edu.id }, s);
  expect(queue.total).toBe(0);
});
