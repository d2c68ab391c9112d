import { describe, expect, it } from 'vitest';
import type { MethodInput } from '../../shared/api/contract.ts';
import type { GoalSheetDto } from '../../shared/api/dtoGoals.ts';
import type { GoalIndicatorInput } from '../../shared/api/schemasGoals.ts';
import { auditRows, countRows, errorOf } from '../helpers/backend.ts';
import { ind, worldSandbox, type World } from '../helpers/goalSetup.ts';

const world = worldSandbox({ code: '101', name: '县教育局' }, { code: '101001', name: '县第一中学' });

const money = (fen: number) => ({ fiscalFen: fen, carryoverFen: 0, otherFen: 0 });

async function project(w: World, code: string, over: Partial<MethodInput<'projects.create'>> = {}) {
  return w.h.call('projects.create', {
    year: 2026, code, name: `教师培训项目${code}`, unitId: w.unitId, objectType: 'project', attribute: 'new', budgetType: 'general',
    initial: money(120_000_000), annual: money(120_000_000), ...over,
  } as MethodInput<'projects.create'>, w.biz);
}

const GOOD: GoalIndicatorInput[] = [
  ind({ level1: 'output', level2: 'quantity', name: '培训教师人次', targetText: '≥500人次' }),
  ind({ level1: 'output', level2: 'quality', name: '培训合格率', targetText: '95%以上' }),
  ind({ level1: 'output', level2: 'costOutput', name: '人均培训成本', targetText: '≤2400元/人' }),
  ind({ level1: 'benefit', level2: 'socialBenefit', name: '教师教学能力', valueType: 'qualitative', operator: 'qualitative', targetText: '明显提高' }),
  ind({ level1: 'satisfaction', level2: 'serviceSatisfaction', name: '参训教师满意度', targetText: '≥90%' }),
];
const ANNUAL = '完成全县 500 名教师轮训，教师教学能力明显提高。';

async function saveGood(w: World, s: GoalSheetDto, session = w.biz, indicators = GOOD) {
  return w.h.call('goals.save', { sheetId: s.id, rev: s.rev, annualGoal: ANNUAL, indicators }, session);
}
const step = (w: World, s: { id: string }, transition: MethodInput<'goals.transition'>['transition'], session: string, comment = '') =>
  w.h.call('goals.transition', { sheetId: s.id, transition, comment }, session);
const review = (w: World, s: { id: string }, scores: [number, number, number, number], session: string, opinion = '审核意见') =>
  w.h.call('goals.review', {
    sheetId: s.id, opinion, scores: { completeness: scores[0], relevance: scores[1], appropriateness: scores[2], feasibility: scores[3] },
  }, session);

// ---------------------------------------------------------------- create, open, save

describe('goal sheets: create, open, save', () => {
  it('creates one draft sheet per project; open says when there is none', async () => {
    const w = await world();
    const p = await project(w, '2026-001');
    const none = errorOf(await w.h.raw('goals.open', { projectId: p.id }, w.viewer));
    expect(none).toEqual({ code: 'NOT_FOUND', message: '尚未建立绩效目标表' });

    const s = await w.h.call('goals.create', { projectId: p.id }, w.biz);
    expect(s).toMatchObject({
      ownerType: 'project', projectId: p.id, unitId: w.unitId, unitName: '县第一中学', title: '教师培训项目2026-001', status: 'draft', locked: false,
      readOnly: false, year: 2026, annualGoal: '', indicators: [], allowed: ['submit'], rev: 1,
    });
    expect(s.events).toEqual([expect.objectContaining({ username: 'biz', action: '新建', fromStatus: 'draft', toStatus: 'draft' })]);
    expect(s.check.errors.map((e) => e.message)).toContain('请填写年度总体目标');

    expect(await w.h.call('goals.open', { projectId: p.id }, w.viewer)).toMatchObject({ id: s.id, allowed: [] });
    expect(errorOf(await w.h.raw('goals.create', { projectId: p.id }, w.perf))).toEqual({ code: 'CONFLICT', message: '项目“教师培训项目2026-001”已有绩效目标表。' });
    expect(errorOf(await w.h.raw('goals.create', { projectId: p.id }, w.viewer)).code).toBe('FORBIDDEN');
    expect((await w.h.call('projects.get', { id: p.id })).goalSheetId).toBe(s.id);
  });

  it('creates a unit-overall sheet for an active own unit and an existing year', async () => {
    const w = await world();
    const s = await w.h.call('goals.create', { unitId: w.unitId, year: 2026 }, w.biz);
    expect(s).toMatchObject({ ownerType: 'unitOverall', projectId: null, title: '县第一中学 部门整体支出', status: 'draft' });
    expect(s.check.errors.map((e) => e.message)).toContain('请填写部门（单位）职责');
    expect((await w.h.call('goals.open', { unitId: w.unitId, year: 2026 }, w.viewer)).id).toBe(s.id);
    expect(errorOf(await w.h.raw('goals.open', { unitId: w.deptId, year: 2026 }, w.viewer)).message).toBe('尚未建立绩效目标表');
    expect(errorOf(await w.h.raw('goals.create', { unitId: w.unitId, year: 2026 }, w.biz))).toMatchObject({ code: 'CONFLICT' });
    expect(errorOf(await w.h.raw('goals.create', { unitId: w.unitId, year: 2031 }, w.biz))).toMatchObject({
      code: 'VALIDATION', message: '2031 年度不存在，请先新增年度。',
    });
    const closed = await w.h.call('units.create', { code: '103', name: '县撤并办', kind: 'administrative' });
    await w.h.call('units.setActive', { id: closed.id, active: false });
    expect(errorOf(await w.h.raw('goals.create', { unitId: closed.id, year: 2026 }, w.biz))).toEqual({
      code: 'VALIDATION', message: '单位“县撤并办”已停用，不能新建绩效目标表。', details: [{ field: 'unitId', message: '单位已停用' }],
    });
    const saved = await w.h.call('goals.save', { sheetId: s.id, rev: s.rev, annualGoal: ANNUAL, unitDuties: '负责全县基础教育。', indicators: GOOD }, w.biz);
    expect(saved.check.errors).toEqual([]);
  });

  it('saves drafts with problems, reads every target with the parser, and checks the revision', async () => {
    const w = await world();
    const s = await w.h.call('goals.create', { projectId: (await project(w, '2026-002')).id }, w.biz);
    const draft = await w.h.call('goals.save', { sheetId: s.id, rev: s.rev, annualGoal: '', indicators: GOOD.slice(0, 2) }, w.biz);
    expect(draft.rev).toBe(2);
    expect(draft.check.errors.map((e) => e.message)).toEqual(['请填写年度总体目标', '至少需要 1 个效益指标', '至少需要 1 个满意度指标', '绩效指标总数不得少于 3 个，当前 2 个']);
    expect(draft.indicators.map((i) => [i.seq, i.name, i.operator, i.targetValue, i.unit, i.targetText])).toEqual([
      [1, '培训教师人次', '>=', 500, '人次', '≥500人次'],
      [2, '培训合格率', '>=', 95, '%', '≥95%'],
    ]);

    const stale = errorOf(await w.h.raw('goals.save', { sheetId: s.id, rev: s.rev, annualGoal: ANNUAL, indicators: GOOD }, w.biz));
    expect(stale).toEqual({ code: 'CONFLICT', message: '该目标表已被他人修改，请刷新后再保存' });

    const bad = errorOf(await w.h.raw('goals.save', {
      sheetId: s.id, rev: draft.rev, annualGoal: ANNUAL,
      indicators: [...GOOD, ind({ level1: 'output', level2: 'timeliness', name: '完成时限', targetText: '≥abc' }), ind({ level1: 'output', level2: 'quality', name: '达标率', targetText: '90%-95%' })],
    }, w.biz));
    expect(bad.code).toBe('VALIDATION');
    expect(bad.details).toEqual([
      { field: 'indicators.5.targetText', message: '“完成时限”的指标值：“≥”后缺少数值（实际为“abc”）' },
      { field: 'indicators.6.targetText', message: '“达标率”的指标值：不支持区间值“90%-95%”，请改为单一比较值，如“≥90%”或“≤95%”' },
    ]);

    expect(errorOf(await w.h.raw('goals.save', { sheetId: s.id, rev: draft.rev, annualGoal: ANNUAL, indicators: GOOD }, w.viewer)).code).toBe('FORBIDDEN');
    const ok = await saveGood(w, draft);
    expect(ok).toMatchObject({ rev: 3, annualGoal: ANNUAL, check: { errors: [] } });
    expect(ok.indicators.find((i) => i.name === '人均培训成本')).toMatchObject({ operator: '<=', targetValue: 2400, unit: '元/人', targetText: '≤2400元/人' });
    expect(ok.indicators.find((i) => i.name === '教师教学能力')).toMatchObject({ valueType: 'qualitative', operator: 'qualitative', targetValue: null, targetText: '明显提高' });
  });
});

// ---------------------------------------------------------------- the workflow and who may do each step

describe('goal workflow', () => {
  it('runs draft → submitted → deptApproved → review (中 returned, 差 notFunded, 良 reviewed) → approved → published, with history and audit', async () => {
    const w = await world();
    const p = await project(w, '2026-010');
    let s = await saveGood(w, await w.h.call('goals.create', { projectId: p.id }, w.biz));

    expect(errorOf(await w.h.raw('goals.transition', { sheetId: s.id, transition: 'deptApprove' }, w.biz))).toEqual({
      code: 'CONFLICT', message: '绩效目标表当前状态为“草稿”，不能进行主管部门审核。',
    });
    expect(errorOf(await w.h.raw('goals.transition', { sheetId: s.id, transition: 'return' }, w.biz))).toMatchObject({
      code: 'VALIDATION', details: [{ field: 'comment', message: expect.stringContaining('退回时请填写退回原因') }],
    });
    expect(errorOf(await w.h.raw('goals.transition', { sheetId: s.id, transition: 'submit' }, w.viewer)).code).toBe('FORBIDDEN');

    s = await step(w, s, 'submit', w.biz, '请审核');
    expect(s).toMatchObject({ status: 'submitted', allowed: ['deptApprove', 'return'] });
    expect(errorOf(await w.h.raw('goals.save', { sheetId: s.id, rev: s.rev, annualGoal: ANNUAL, indicators: GOOD }, w.biz))).toMatchObject({ code: 'CONFLICT' });
    s = await step(w, s, 'deptApprove', w.biz, '同意');
    expect(s).toMatchObject({ status: 'deptApproved', allowed: ['review', 'return'] });

    // §11.10: 22/20/15/18 = 75 → 中 → the unit revises and resubmits.
    s = await review(w, s, [22, 20, 15, 18], w.biz, '适当性不足，指标值偏低。');
    expect(s.status).toBe('returned');
    expect(s.reviews.at(-1)).toMatchObject({
      reviewer: 'biz', total: 75, grade: 'fair', action: 'revise', opinion: '适当性不足，指标值偏低。', profileId: 'builtin-national-default', profileVersion: 1,
      scores: { completeness: 22, relevance: 20, appropriateness: 15, feasibility: 18 },
    });

    // A returned sheet is edited and resubmitted.
    s = await saveGood(w, s, w.biz, GOOD.map((i) => (i.name === '培训合格率' ? { ...i, targetText: '≥98%' } : i)));
    s = await step(w, s, 'submit', w.biz);
    s = await step(w, s, 'deptApprove', w.perf);

    // 55 → 差 → not funded: the sheet and the project are marked 不予安排.
    s = await review(w, s, [15, 15, 10, 15], w.perf, '目标与资金不匹配。');
    expect(s).toMatchObject({ status: 'notFunded', allowed: ['return'] });
    expect(s.reviews.at(-1)).toMatchObject({ total: 55, grade: 'poor', action: 'notFunded' });
    expect((await w.h.call('projects.get', { id: p.id })).status).toBe('notFunded');
    const bizView = await w.h.call('goals.get', { sheetId: s.id }, w.biz);
    expect(bizView.allowed).toEqual([]);
    expect(errorOf(await w.h.raw('goals.transition', { sheetId: s.id, transition: 'return', comment: '请修改' }, w.biz))).toEqual({
      code: 'FORBIDDEN', message: '只有绩效管理岗可以退回不予安排的绩效目标表',
    });
    expect(errorOf(await w.h.raw('goals.transition', { sheetId: s.id, transition: 'submit' }, w.biz)).code).toBe('CONFLICT');

    // The performance section reopens it for revision; the project goes back to 已登记.
    s = await step(w, s, 'return', w.perf, '按审核意见修改后重新报送');
    expect(s.status).toBe('returned');
    expect((await w.h.call('projects.get', { id: p.id })).status).toBe('registered');
    s = await saveGood(w, s);
    s = await step(w, s, 'submit', w.biz);
    s = await step(w, s, 'deptApprove', w.biz);
    s = await review(w, s, [22, 21, 21, 21], w.biz, '良，按商定意见完善。');
    expect(s).toMatchObject({ status: 'reviewed', allowed: ['return'] });
    expect(s.reviews.at(-1)).toMatchObject({ total: 85, grade: 'good', action: 'proceedAfterFix' });
    expect((await w.h.call('goals.get', { sheetId: s.id }, w.perf)).allowed).toEqual(['approve', 'return']);

    // Only the performance section approves and publishes.
    expect(errorOf(await w.h.raw('goals.transition', { sheetId: s.id, transition: 'approve' }, w.biz))).toEqual({
      code: 'FORBIDDEN', message: '只有绩效管理岗可以批复绩效目标',
    });
    s = await step(w, s, 'approve', w.perf, '批复');
    expect(s).toMatchObject({ status: 'approved', locked: true, allowed: ['publish'] });
    expect((await w.h.call('goals.get', { sheetId: s.id }, w.biz)).allowed).toEqual([]);

    // Locked: no direct edits, whoever asks.
    for (const session of [w.biz, w.perf]) {
      expect(errorOf(await w.h.raw('goals.save', { sheetId: s.id, rev: s.rev, annualGoal: '改', indicators: GOOD }, session))).toEqual({
        code: 'CONFLICT', message: '绩效目标已批复并锁定，不能直接修改；如需变更，请由绩效管理岗办理目标调整。',
      });
    }
    expect(errorOf(await w.h.raw('goals.transition', { sheetId: s.id, transition: 'publish' }, w.biz))).toEqual({
      code: 'FORBIDDEN', message: '只有绩效管理岗可以公开绩效目标',
    });
    expect(errorOf(await w.h.raw('goals.transition', { sheetId: s.id, transition: 'return', comment: 'x' }, w.perf)).code).toBe('CONFLICT');
    s = await step(w, s, 'publish', w.perf);
    expect(s).toMatchObject({ status: 'published', locked: true });

    expect(s.events.map((e) => [e.username, e.action, e.fromStatus, e.toStatus])).toEqual([
      ['biz', '新建', 'draft', 'draft'],
      ['biz', '送审', 'draft', 'submitted'],
      ['biz', '主管部门审核通过', 'submitted', 'deptApproved'],
      ['biz', '财政审核（75.00 分，中，退回修改后重新报送）', 'deptApproved', 'returned'],
      ['biz', '送审', 'returned', 'submitted'],
      ['perf', '主管部门审核通过', 'submitted', 'deptApproved'],
      ['perf', '财政审核（55.00 分，差，不予安排）', 'deptApproved', 'notFunded'],
      ['perf', '退回', 'notFunded', 'returned'],
      ['biz', '送审', 'returned', 'submitted'],
      ['biz', '主管部门审核通过', 'submitted', 'deptApproved'],
      ['biz', '财政审核（85.00 分，良，按商定意见完善后进入预算安排）', 'deptApproved', 'reviewed'],
      ['perf', '批复', 'reviewed', 'approved'],
      ['perf', '公开', 'approved', 'published'],
    ]);
    expect(s.events[1]?.comment).toBe('请审核');
    expect(s.events[7]?.comment).toBe('按审核意见修改后重新报送');
    expect(countRows(w.h, 'goal_reviews')).toBe(3);

    // Every write has its audit record; the refused ones are recorded as failures.
    const audits = auditRows(w.h).filter((a) => a.method.startsWith('goals.'));
    const ok = audits.filter((a) => a.result === '成功').map((a) => a.method);
    expect(ok.filter((m) => m === 'goals.create')).toHaveLength(1);
    expect(ok.filter((m) => m === 'goals.save')).toHaveLength(3);
    expect(ok.filter((m) => m === 'goals.transition')).toHaveLength(9);
    expect(ok.filter((m) => m === 'goals.review')).toHaveLength(3);
    expect(audits.some((a) => a.method === 'goals.transition' && a.result === '失败：只有绩效管理岗可以批复绩效目标')).toBe(true);
    const notFunded = audits.find((a) => a.method === 'goals.review' && a.changes.includes('notFunded'));
    expect(JSON.parse(notFunded?.changes ?? '[]')).toEqual(expect.arrayContaining([
      expect.objectContaining({ entity: 'project', id: p.id, changes: expect.objectContaining({ status: ['registered', 'notFunded'] }) }),
      expect.objectContaining({ entity: 'goal_review', changes: expect.objectContaining({ profile_id: [null, 'builtin-national-default'], profile_version: [null, 1] }) }),
    ]));
    const reopened = audits.find((a) => a.method === 'goals.transition' && a.changes.includes('"project"'));
    expect(reopened?.changes).toContain('"status":["notFunded","registered"]');
  });

  it('refuses to submit a sheet that fails V1–V6, pointing at the fields', async () => {
    const w = await world();
    const s = await w.h.call('goals.create', { projectId: (await project(w, '2026-011')).id }, w.biz);
    const saved = await w.h.call('goals.save', { sheetId: s.id, rev: s.rev, annualGoal: ANNUAL, indicators: [...GOOD, GOOD[1] as GoalIndicatorInput] }, w.biz);
    const e = errorOf(await w.h.raw('goals.transition', { sheetId: saved.id, transition: 'submit' }, w.biz));
    expect(e).toEqual({
      code: 'VALIDATION', message: '绩效目标表有 1 处问题，不能送审：指标“培训合格率”与第 2 个指标重复',
      details: [{ field: 'indicators.5.name', message: '指标“培训合格率”与第 2 个指标重复' }],
    });
    expect((await w.h.call('goals.get', { sheetId: s.id })).status).toBe('draft');
  });

  it('review scores must cover every aspect within its weight', async () => {
    const w = await world();
    let s = await saveGood(w, await w.h.call('goals.create', { projectId: (await project(w, '2026-012')).id }, w.biz));
    s = await step(w, s, 'submit', w.biz);
    expect(errorOf(await w.h.raw('goals.review', { sheetId: s.id, scores: { completeness: 20 }, opinion: '意见' }, w.biz)).code).toBe('CONFLICT');
    s = await step(w, s, 'deptApprove', w.biz);
    const e = errorOf(await w.h.raw('goals.review', { sheetId: s.id, scores: { completeness: 26, relevance: 20, appropriateness: 20, other: 1 }, opinion: '意见' }, w.biz));
    expect(e.code).toBe('VALIDATION');
    expect(e.details).toEqual([
      { field: 'scores.other', message: '审核内容“other”不在规则方案“全国默认”中' },
      { field: 'scores.completeness', message: '“完整性”得分应在 0–25 分之间' },
      { field: 'scores.feasibility', message: '请为“可行性”评分' },
    ]);
    expect(countRows(w.h, 'goal_reviews')).toBe(0);
    // 90 → 优 → straight to 已审核; a reviewed sheet can still be sent back.
    s = await review(w, s, [23, 22, 22, 23], w.biz);
    expect(s.reviews.at(-1)).toMatchObject({ grade: 'excellent', action: 'proceed' });
    s = await step(w, s, 'return', w.biz, '补充测算依据');
    expect(s.status).toBe('returned');
  });

  it('logs an adjustment of an approved goal with reason and before/after; it stays locked and must still validate', async () => {
    const w = await world();
    let s = await saveGood(w, await w.h.call('goals.create', { projectId: (await project(w, '2026-013')).id }, w.biz));
    s = await step(w, s, 'submit', w.biz);
    s = await step(w, s, 'deptApprove', w.biz);
    s = await review(w, s, [23, 22, 22, 23], w.perf);
    const adjustInput = {
      sheetId: s.id, reason: '预算调整，培训人次调减', annualGoal: ANNUAL, indicators: GOOD.map((i) => (i.name === '培训教师人次' ? { ...i, targetText: '≥400人次' } : i)),
    };
    expect(errorOf(await w.h.raw('goals.adjust', adjustInput, w.perf))).toEqual({
      code: 'CONFLICT', message: '绩效目标表当前状态为“财政已审核”，不能调整（只有已批复或已公开的目标需要办理目标调整）。',
    });
    s = await step(w, s, 'approve', w.perf);
    expect(errorOf(await w.h.raw('goals.adjust', adjustInput, w.biz)).code).toBe('FORBIDDEN');
    const invalid = errorOf(await w.h.raw('goals.adjust', { ...adjustInput, indicators: GOOD.filter((i) => i.level1 !== 'satisfaction') }, w.perf));
    expect(invalid).toMatchObject({ code: 'VALIDATION', message: '调整后的绩效目标有 1 处问题：至少需要 1 个满意度指标' });

    const adjusted = await w.h.call('goals.adjust', adjustInput, w.perf);
    expect(adjusted).toMatchObject({ status: 'approved', locked: true });
    expect(adjusted.indicators[0]).toMatchObject({ name: '培训教师人次', targetValue: 400, targetText: '≥400人次' });
    expect(adjusted.adjustments).toHaveLength(1);
    expect(adjusted.adjustments[0]).toMatchObject({ username: 'perf', reason: '预算调整，培训人次调减' });
    expect(adjusted.adjustments[0]?.before[0]).toMatchObject({ targetValue: 500 });
    expect(adjusted.adjustments[0]?.after[0]).toMatchObject({ targetValue: 400 });
    expect(adjusted.events.at(-1)).toMatchObject({ action: '目标调整', fromStatus: 'approved', toStatus: 'approved', comment: '预算调整，培训人次调减', username: 'perf' });
    const audit = auditRows(w.h).find((a) => a.method === 'goals.adjust' && a.result === '成功');
    expect(audit?.changes).toContain('预算调整，培训人次调减');
    expect(audit?.changes).toContain('≥400人次');
  });

  it('the ex-ante gate blocks submit and approve of a new major project until a passing assessment is completed', async () => {
    const w = await world();
    const p = await project(w, '2026-020', { newMajor: true });
    let s = await saveGood(w, await w.h.call('goals.create', { projectId: p.id }, w.biz));
    const blocked = errorOf(await w.h.raw('goals.transition', { sheetId: s.id, transition: 'submit' }, w.biz));
    expect(blocked.code).toBe('VALIDATION');
    expect(blocked.message).toMatch(/^绩效目标不能送审：.*尚未开展事前绩效评估/);
    expect(blocked.details).toEqual([{ field: 'exAnte', message: expect.stringContaining('事前绩效评估') }]);

    const scores = (n: number) => ['necessity', 'economy', 'goalReasonableness', 'feasibility', 'fundingCompliance'].map((dimension) => ({ expert: '专家甲', dimension, score: n }));
    const assess = async (n: number) => {
      await w.h.call('exAnte.save', { projectId: p.id, assessorType: 'self', assessedOn: '2026-02-20', scores: scores(n) }, w.biz);
      return w.h.call('exAnte.complete', { projectId: p.id }, w.biz);
    };
    expect((await assess(11)).conclusion).toBe('reject');
    const rejected = errorOf(await w.h.raw('goals.transition', { sheetId: s.id, transition: 'submit' }, w.biz));
    expect(rejected.message).toContain('事前绩效评估结论为“不予支持”');

    await w.h.call('exAnte.reopen', { projectId: p.id, reason: '补充论证材料后重新评估' }, w.perf);
    expect((await assess(16)).conclusion).toBe('support');
    s = await step(w, s, 'submit', w.biz);
    s = await step(w, s, 'deptApprove', w.biz);
    s = await review(w, s, [23, 22, 22, 23], w.perf);

    // Reopened for reassessment: approval waits for the new conclusion.
    await w.h.call('exAnte.reopen', { projectId: p.id, reason: '资金规模调整' }, w.perf);
    const approve = errorOf(await w.h.raw('goals.transition', { sheetId: s.id, transition: 'approve' }, w.perf));
    expect(approve.message).toMatch(/^绩效目标不能批复：.*事前绩效评估尚未完成/);
    await w.h.call('exAnte.complete', { projectId: p.id }, w.biz);
    s = await step(w, s, 'approve', w.perf);
    expect(s.status).toBe('approved');
  });
});

// ---------------------------------------------------------------- the review queue

describe('goals.queue', () => {
  it('lists sheets by year, status, unit subtree and text, with code, unit, amount, indicator count and last grade', async () => {
    const w = await world();
    const other = await w.h.call('units.create', { code: '102', name: '县卫生健康委', kind: 'administrative' });
    const a = await project(w, 'A-001', { name: '教师培训' });
    const b = await project(w, 'B-002', { name: '校舍维修', annual: { fiscalFen: 1_000_000, carryoverFen: 500_000, otherFen: 0 } });
    const c = await project(w, 'C-003', { name: '疫苗接种', unitId: other.id });
    let sa = await saveGood(w, await w.h.call('goals.create', { projectId: a.id }, w.biz));
    const sb = await saveGood(w, await w.h.call('goals.create', { projectId: b.id }, w.biz), w.biz, GOOD.slice(0, 3));
    let sc = await saveGood(w, await w.h.call('goals.create', { projectId: c.id }, w.biz));
    const su = await w.h.call('goals.create', { unitId: w.unitId, year: 2026 }, w.biz);
    sa = await step(w, sa, 'submit', w.biz);
    sc = await step(w, sc, 'submit', w.biz);
    sc = await step(w, sc, 'deptApprove', w.biz);
    sc = await review(w, sc, [22, 20, 15, 18], w.biz);
    sc = await step(w, sc, 'submit', w.biz);

    const q = (input: Partial<MethodInput<'goals.queue'>>) => w.h.call('goals.queue', { year: 2026, ...input }, w.viewer);
    const pending = await q({});
    expect(pending.total).toBe(2);
    expect(pending.rows.map((r) => [r.projectCode, r.title, r.unitName, r.status, r.annualTotalFen, r.indicatorCount, r.lastReviewGrade])).toEqual([
      ['A-001', '教师培训', '县第一中学', 'submitted', 120_000_000, 5, null],
      ['C-003', '疫苗接种', '县卫生健康委', 'submitted', 120_000_000, 5, 'fair'],
    ]);
    const all = await q({ statuses: ['draft', 'submitted'] });
    expect(all.total).toBe(4);
    expect(all.rows.find((r) => r.sheetId === su.id)).toMatchObject({ ownerType: 'unitOverall', projectCode: null, title: '县第一中学 部门整体支出', annualTotalFen: 121_500_000 });
    expect(all.rows.find((r) => r.sheetId === sb.id)).toMatchObject({ indicatorCount: 3, annualTotalFen: 1_500_000 });
    expect((await q({ statuses: ['draft', 'submitted'], unitId: w.deptId })).total).toBe(3); // the 主管部门's subtree
    expect((await q({ statuses: ['draft', 'submitted'], unitId: other.id })).rows.map((r) => r.projectCode)).toEqual(['C-003']);
    expect((await q({ statuses: ['draft', 'submitted'], q: 'B-00' })).rows.map((r) => r.title)).toEqual(['校舍维修']);
    expect((await q({ statuses: ['draft', 'submitted'], q: '卫生' })).total).toBe(1);
    expect(await q({ year: 2027 })).toEqual({ rows: [], total: 0 });
    const page2 = await q({ statuses: ['draft', 'submitted'], pageSize: 3, page: 2 });
    expect([page2.total, page2.rows.length]).toEqual([4, 1]);
    expect(await q({ statuses: ['draft', 'submitted'], pageSize: 3, page: 5 })).toEqual({ rows: [], total: 4 });
  });

  it('answers fast on thousands of sheets', async () => {
    const w = await world();
    const db = w.h.backend.database;
    const at = '2026-03-01T08:00:00.000Z';
    const statuses = ['draft', 'submitted', 'deptApproved', 'returned', 'reviewed', 'approved'];
    db.transaction(() => {
      const pIns = db.prepare(`INSERT INTO projects (id, origin, year, code, name, unit_id, object_type, attribute, budget_type, annual_fiscal_fen, created_at, updated_at)
        VALUES (?, '652325', 2026, ?, ?, ?, 'project', 'new', 'general', ?, ?, ?)`);
      const sIns = db.prepare(`INSERT INTO goal_sheets (id, origin, year, owner_type, project_id, unit_id, status, created_at, updated_at)
        VALUES (?, '652325', 2026, 'project', ?, ?, ?, ?, ?)`);
      const iIns = db.prepare(`INSERT INTO goal_indicators (id, sheet_id, seq, level1, level2, name, value_type, operator, target_text)
        VALUES (?, ?, ?, 'output', 'quantity', ?, 'qualitative', 'qualitative', '达到预期')`);
      const rIns = db.prepare(`INSERT INTO goal_reviews (id, origin, sheet_id, reviewer, reviewed_at, scores, total, grade, action, profile_id, profile_version, created_at)
        VALUES (?, '652325', ?, 'perf', ?, '{}', 75, 'fair', 'revise', 'builtin-national-default', 1, ?)`);
      for (let n = 0; n < 6000; n++) {
        const pid = `p${n}`;
        const sid = `s${n}`;
        pIns.run(pid, `P${String(n).padStart(5, '0')}`, `项目${n}`, w.unitId, n * 100, at, at);
        sIns.run(sid, pid, w.unitId, statuses[n % statuses.length], at, at);
        for (let k = 0; k < 8; k++) iIns.run(`${sid}-${k}`, sid, k + 1, `指标${k}`);
        if (n % 3 === 0) rIns.run(`r${n}`, sid, at, at);
      }
    })();
    const t0 = performance.now();
    const r = await w.h.call('goals.queue', { year: 2026, statuses: ['submitted', 'deptApproved'], pageSize: 100 }, w.viewer);
    const ms = performance.now() - t0;
    expect(r.total).toBe(2000);
    expect(r.rows).toHaveLength(100);
    expect(r.rows[0]).toMatchObject({ indicatorCount: 8 });
    expect(ms).toBeLessThan(500);
    const t1 = performance.now();
    const searched = await w.h.call('goals.queue', { year: 2026, statuses: ['draft', 'submitted', 'deptApproved', 'returned', 'reviewed', 'approved'], q: '项目59', pageSize: 50 }, w.viewer);
    expect(searched.total).toBe(111); // 59, 590–599, 5900–5999
    expect(performance.now() - t1).toBeLessThan(500);
  });
});
