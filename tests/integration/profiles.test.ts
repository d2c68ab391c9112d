import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileDto } from '../../shared/api/dtoGoals.ts';
import { PRESET_PROFILES } from '../../resources/profiles/index.ts';
import { resolveProfile } from '../../electron/backend/services/profiles.ts';
import { USER_PASSWORD, addUser, openHarness, type Harness } from '../helpers/backend.ts';

let h: Harness;
afterEach(() => h?.close());

async function asPerformance(): Promise<string> {
  await addUser(h, 'jixiao', 'performance');
  return h.login('jixiao', USER_PASSWORD);
}

describe('rule profiles', () => {
  it('ships every preset read-only and gives the first year the national default', async () => {
    h = await openHarness();
    const list = await h.call('profiles.list', {});
    expect(list.map((p) => p.code).sort()).toEqual((PRESET_PROFILES as { code: string }[]).map((p) => p.code).sort());
    expect(list.every((p) => p.builtin && p.readOnly)).toBe(true);
    const forYear = await h.call('profiles.forYear', { year: 2026 });
    expect(forYear.code).toBe('national-default');
    expect(forYear.body.selfEvaluation.level1Weights).toEqual({ output: 50, cost: 0, benefit: 30, satisfaction: 10 });
    expect(list.find((p) => p.code === 'national-default')?.years).toEqual([2026]);
  });

  it('seeding is idempotent across restarts', async () => {
    h = await openHarness();
    const count = () => h.backend.database.prepare('SELECT count(*) FROM rule_profile_versions').pluck().get();
    const before = count();
    const { Backend } = await import('../../electron/backend/backend.ts');
    const again = await Backend.open({ dataDir: h.dir });
    again.close();
    expect(count()).toBe(before);
  });

  it('a copy is editable; each saved change is a new version and old versions stay readable', async () => {
    h = await openHarness();
    const perf = await asPerformance();
    const copy = (await h.call('profiles.copy', { fromId: 'builtin-xinjiang-county', code: 'qitai-2026', name: '奇台县 2026 方案' }, perf)) as ProfileDto;
    expect(copy).toMatchObject({ builtin: false, readOnly: false, currentVersion: 1, origin: '652325' });

    const body = { ...copy.body, exAnte: { ...copy.body.exAnte, supportMin: 85 } };
    const saved = await h.call('profiles.save', { id: copy.id, name: copy.name, description: '', body, note: '予以支持分数线提高到 85 分' }, perf);
    expect(saved.currentVersion).toBe(2);
    expect(saved.body.exAnte.supportMin).toBe(85);
    expect(saved.versions.map((v) => [v.version, v.note])).toEqual([[2, '予以支持分数线提高到 85 分'], [1, '复制自“新疆·县级（奇台、轮台做法）”第 1 版']]);
    const v1 = await h.call('profiles.get', { id: copy.id, version: 1 });
    expect(v1.body.exAnte.supportMin).toBe(80);

    // Saving the same body again changes the name only, not the version.
    const renamed = await h.call('profiles.save', { id: copy.id, name: '奇台县方案', description: '', body, note: '改名' }, perf);
    expect(renamed.currentVersion).toBe(2);
  });

  it.each([
    ['grade bands out of order', (b: ProfileDto['body']) => ({ ...b, grades: [{ grade: 'excellent', min: 80 }, { grade: 'good', min: 90 }, { grade: 'poor', min: 0 }] }), 'grades.1.min', '等级区间不连续'],
    ['weights not adding to 100', (b: ProfileDto['body']) => ({ ...b, selfEvaluation: { ...b.selfEvaluation, level1Weights: { ...b.selfEvaluation.level1Weights, output: 40 } } }), 'selfEvaluation.level1Weights', '合计应为 100，当前为 90'],
    ['an evaluation framework below 60 for 产出+效益', (b: ProfileDto['body']) => ({ ...b, evaluation: { ...b.evaluation, frameworks: [{ code: 'X', name: '框架 X', decision: 25, process: 20, output: 30, benefit: 25 }] } }), 'evaluation.frameworks.0.output', '产出与效益分值之和为 55，应不少于 60'],
    ['ex-ante cut-offs inverted', (b: ProfileDto['body']) => ({ ...b, exAnte: { ...b.exAnte, adjustMin: 85 } }), 'exAnte.adjustMin', '应低于'],
  ] as const)('refuses %s, naming the field', async (_what, mutate, field, message) => {
    h = await openHarness();
    const perf = await asPerformance();
    const copy = await h.call('profiles.copy', { fromId: 'builtin-national-default', code: 'test-copy', name: '测试方案' }, perf);
    const r = await h.raw('profiles.save', { id: copy.id, name: copy.name, description: '', body: mutate(copy.body), note: '测试' }, perf);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    const detail = r.error.details?.find((d) => d.field === `body.${field}`);
    expect(detail?.message).toContain(message);
    expect((await h.call('profiles.get', { id: copy.id }, perf)).currentVersion).toBe(1);
  });

  it('builtin presets cannot be edited, and only the performance section edits rules', async () => {
    h = await openHarness();
    const perf = await asPerformance();
    const preset = await h.call('profiles.get', { id: 'builtin-national-default' }, perf);
    const r = await h.raw('profiles.save', { id: preset.id, name: preset.name, description: '', body: preset.body, note: '试图修改' }, perf);
    expect(r.ok ? '' : r.error.code).toBe('CONFLICT');
    await addUser(h, 'yewu', 'business');
    const business = await h.login('yewu', USER_PASSWORD);
    const denied = await h.raw('profiles.copy', { fromId: preset.id, code: 'x-copy', name: '复制' }, business);
    expect(denied.ok ? '' : denied.error.code).toBe('FORBIDDEN');
  });

  it('a year uses the profile assigned to it; a new year inherits the current year’s profile', async () => {
    h = await openHarness();
    const perf = await asPerformance();
    await h.call('profiles.assignYear', { year: 2026, profileId: 'builtin-gansu-city' }, perf);
    expect(resolveProfile(h.backend.database, 2026)).toMatchObject({ id: 'builtin-gansu-city', version: 1 });
    expect(resolveProfile(h.backend.database, 2026).body.grades.map((g) => g.grade)).toEqual(['excellent', 'good', 'fair', 'low', 'poor']);
    await h.call('years.add', { year: 2027 });
    expect((await h.call('profiles.forYear', { year: 2027 })).code).toBe('gansu-city');
  });
});
