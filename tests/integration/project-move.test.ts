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

it('returning a 不予安排 goal restores the project status the refusal replaced', async () => {
  h = await openHarness();
  const unit = await h.call('units.create', { code: '101', name: '县教育局', kind: 'administrative', confidential: false, parentId: null });
  await addUser(h, 'jixiao', 'performance');
  const perf = await h.login('jixiao', USER_PASSWORD);
  const p = await h.call('projects.create', {
    year: 2026, code: 'XM002', name: '农村公路养护', unitId: unit.id, objectType: 'project', attribute: 'continuing', budgetType: 'general',
    initial: money, annual: money,
  }, perf);
  await h.call('projects.setStatus', { id: p.id, status: 'inLibrary' }, perf);
  const sheet = await h.call('goals.create', { projectId: p.id }, perf);
  const indicators = [
    { level1: 'output', level2: 'quantity', name: '养护里程', valueType: 'quantitative', operator: '>=', targetValue: 120, targetText: '≥120公里', unit: '公里' },
    { level1: 'benefit', level2: 'socialBenefit', name: '优良路率', valueType: 'quantitative', operator: '>=', targetValue: 80, targetText: '≥80%', unit: '%' },
    { level1: 'satisfaction', level2: 'serviceSatisfaction', name: '沿线群众满意度', valueType: 'quantitative', operator: '>=', targetValue: 90, targetText: '≥90%', unit: '%' },
  ] as const;
  const saved = await h.call('goals.save', { sheetId: sheet.id, rev: sheet.rev, annualGoal: '完成农村公路日常养护', indicators: [...indicators] }, perf);
  await h.call('goals.transition', { sheetId: saved.id, transition: 'submit' }, perf);
  await h.call('goals.transition', { sheetId: saved.id, transition: 'deptApprove' }, perf);
  await h.call('goals.review', { sheetId: saved.id, scores: { completeness: 15, relevance: 15, appropriateness: 15, feasibility: 10 }, opinion: '目标不明确' }, perf);
  expect((await h.call('projects.get', { id: p.id }, perf)).status).toBe('notFunded');
  await h.call('goals.transition', { sheetId: saved.id, transition: 'return', comment: '请修改后重报' }, perf);
  expect((await h.call('projects.get', { id: p.id }, perf)).status).toBe('inLibrary');
});
