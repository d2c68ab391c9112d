import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { MethodInput } from '../../shared/api/contract.ts';
import { auditRows, countRows, errorOf } from '../helpers/backend.ts';
import { worldSandbox, type World } from '../helpers/goalSetup.ts';

const world = worldSandbox({ code: '201', name: '县交通运输局' }, { code: '201001', name: '县公路管理段' });

async function project(w: World, over: Partial<MethodInput<'projects.create'>> = {}) {
  return w.h.call('projects.create', {
    year: 2026, code: '2026-JT-001', name: '农村公路安全生命防护工程', unitId: w.unitId, objectType: 'project', attribute: 'new', budgetType: 'general',
    tags: ['specialBond', 'procurement'], startMonth: '2026-03', endMonth: '2026-11', newMajor: true, manager: '王工', phone: '0994-1234567',
    basis: '《农村公路安全生命防护工程实施方案》。',
    initial: { fiscalFen: 300_000_000, carryoverFen: 0, otherFen: 0 },
    annual: { fiscalFen: 300_000_000, carryoverFen: 25_000_000, otherFen: 5_000_000 },
    ...over,
  } as MethodInput<'projects.create'>, w.biz);
}

const DIMS = ['necessity', 'economy', 'goalReasonableness', 'feasibility', 'fundingCompliance'] as const;
/** §11.9: 立项必要性 18, 投入经济性 15, 绩效目标合理性 14, 实施方案可行性 16, 筹资合规性 17 → 80. */
const SPEC_11_9 = [18, 15, 14, 16, 17];
const scoresOf = (expert: string, values: readonly number[]) =>
  DIMS.map((dimension, i) => ({ expert, dimension, score: values[i] ?? 0, opinion: '' }));

const saveInput = (projectId: string, scores: MethodInput<'exAnte.save'>['scores'], over: Partial<MethodInput<'exAnte.save'>> = {}): MethodInput<'exAnte.save'> => ({
  projectId, assessorType: 'thirdParty', agency: '新疆某某咨询有限公司', assessedOn: '2026-02-18', scores,
  adjustmentNotes: '投入经济性得分偏低：测算依据不足，建议核减 10%。', adjustmentFen: 33_000_000, summary: '项目纳入本年度新增重大项目清单。', ...over,
});

describe('ex-ante assessment', () => {
  it('starts as an empty draft with the profile dimensions and whether it is required', async () => {
    const w = await world();
    const p = await project(w);
    const dto = await w.h.call('exAnte.get', { projectId: p.id }, w.viewer);
    expect(dto).toMatchObject({
      id: null, projectId: p.id, required: true, status: 'draft', scores: [], total: null, conclusion: null, profileId: null, attachments: [],
    });
    expect(dto.dimensions.map((d) => [d.code, d.label, d.weight, d.score])).toEqual([
      ['necessity', '立项必要性', 20, null], ['economy', '投入经济性', 20, null], ['goalReasonableness', '绩效目标合理性', 20, null],
      ['feasibility', '实施方案可行性', 20, null], ['fundingCompliance', '筹资合规性', 20, null],
    ]);
    expect(dto.problems).toContain('“立项必要性”尚未评分');
    const ordinary = await project(w, { code: '2026-JT-002', newMajor: false });
    expect((await w.h.call('exAnte.get', { projectId: ordinary.id })).required).toBe(false);
    expect(errorOf(await w.h.raw('exAnte.get', { projectId: 'nope' })).code).toBe('NOT_FOUND');
  });

  it('validates dimension codes, weights and duplicate expert scores before saving', async () => {
    const w = await world();
    const p = await project(w);
    const scores: MethodInput<'exAnte.save'>['scores'] = [...scoresOf('专家甲', SPEC_11_9), { expert: '专家乙', dimension: 'beauty', score: 5, opinion: '' }, { expert: '专家乙', dimension: 'economy', score: 21, opinion: '' }, { expert: '专家甲', dimension: 'economy', score: 10, opinion: '' }];
    const e = errorOf(await w.h.raw('exAnte.save', saveInput(p.id, scores), w.biz));
    expect(e.code).toBe('VALIDATION');
    expect(e.details).toEqual([
      { field: 'scores.5.dimension', message: '评估维度“beauty”不在规则方案“全国默认”中' },
      { field: 'scores.6.score', message: '“投入经济性”满分 20 分，专家“专家乙”的评分 21 超出' },
      { field: 'scores.7.expert', message: '专家“专家甲”对“投入经济性”重复评分' },
    ]);
    expect(countRows(w.h, 'ex_ante_assessments')).toBe(0);
    expect(errorOf(await w.h.raw('exAnte.save', saveInput(p.id, scoresOf('甲', SPEC_11_9)), w.viewer)).code).toBe('FORBIDDEN');
  });

  it('saves a draft, completes it under the year profile (§11.9 → 予以支持), records id/version, and must be reopened to change', async () => {
    const w = await world();
    const p = await project(w);
    const draft = await w.h.call('exAnte.save', saveInput(p.id, scoresOf('专家甲', SPEC_11_9.slice(0, 4)).slice(0, 4), { assessedOn: null }), w.biz);
    expect(draft).toMatchObject({ status: 'draft', total: null, conclusion: null, problems: ['“筹资合规性”尚未评分'] });
    expect(errorOf(await w.h.raw('exAnte.complete', { projectId: p.id }, w.biz))).toMatchObject({
      code: 'VALIDATION', message: '请填写评估日期后再完成评估。', details: [{ field: 'assessedOn', message: '请填写评估日期' }],
    });
    await w.h.call('exAnte.save', saveInput(p.id, scoresOf('专家甲', SPEC_11_9.slice(0, 4)).slice(0, 4)), w.biz);
    expect(errorOf(await w.h.raw('exAnte.complete', { projectId: p.id }, w.biz))).toMatchObject({
      code: 'VALIDATION', message: '事前评估尚不能完成：“筹资合规性”尚未评分。',
    });

    // Two experts: the dimension score is their mean.
    const both = [...scoresOf('专家甲', SPEC_11_9), ...scoresOf('专家乙', [18, 15, 14, 16, 17]).map((s) => ({ ...s, opinion: s.dimension === 'economy' ? '测算依据不足。' : '' }))];
    const saved = await w.h.call('exAnte.save', saveInput(p.id, both), w.biz);
    expect(saved).toMatchObject({ id: draft.id, status: 'draft', total: 80, conclusion: 'support', problems: [] });
    expect(saved.dimensions.map((d) => [d.code, d.score, d.experts])).toEqual([
      ['necessity', 18, 2], ['economy', 15, 2], ['goalReasonableness', 14, 2], ['feasibility', 16, 2], ['fundingCompliance', 17, 2],
    ]);
    expect(saved.scores.slice(0, 5).map((s) => s.dimension)).toEqual([...DIMS]);
    expect((await w.h.call('projects.get', { id: p.id })).gateProblem).toContain('事前绩效评估尚未完成');

    const done = await w.h.call('exAnte.complete', { projectId: p.id }, w.biz);
    expect(done).toMatchObject({ status: 'completed', total: 80, conclusion: 'support', profileId: 'builtin-national-default', profileVersion: 1 });
    const stored = w.h.backend.database.prepare('SELECT status, total, conclusion, profile_id, profile_version FROM ex_ante_assessments WHERE id = ?').get(done.id);
    expect(stored).toEqual({ status: 'completed', total: 80, conclusion: 'support', profile_id: 'builtin-national-default', profile_version: 1 });
    expect((await w.h.call('projects.get', { id: p.id })).gateProblem).toBeNull();

    expect(errorOf(await w.h.raw('exAnte.save', saveInput(p.id, both), w.biz))).toEqual({
      code: 'CONFLICT', message: '事前评估已完成，不能直接修改；如需修改，请由绩效管理岗“重新评估”后再填写。',
    });
    expect(errorOf(await w.h.raw('exAnte.complete', { projectId: p.id }, w.biz)).code).toBe('CONFLICT');
    expect(errorOf(await w.h.raw('exAnte.reopen', { projectId: p.id, reason: '调整' }, w.biz)).code).toBe('FORBIDDEN');
    expect(errorOf(await w.h.raw('exAnte.reopen', { projectId: p.id, reason: ' ' }, w.perf)).code).toBe('VALIDATION');

    // Reopening starts a new round from the old scores; the completed round stays as history.
    const reopened = await w.h.call('exAnte.reopen', { projectId: p.id, reason: '补充可研报告后重新评估' }, w.perf);
    expect(reopened).toMatchObject({ status: 'draft', total: 80, conclusion: 'support', profileId: null });
    expect(reopened.id).not.toBe(done.id);
    expect(reopened.scores).toHaveLength(10);
    expect(countRows(w.h, 'ex_ante_assessments')).toBe(2);
    expect((await w.h.call('projects.get', { id: p.id })).gateProblem).toContain('事前绩效评估尚未完成');
    const lower = await w.h.call('exAnte.save', saveInput(p.id, scoresOf('专家甲', [18, 15, 14, 16, 16.99])), w.biz);
    expect(lower).toMatchObject({ total: 79.99, conclusion: 'supportAfterAdjustment' });
    expect((await w.h.call('exAnte.complete', { projectId: p.id }, w.biz)).conclusion).toBe('supportAfterAdjustment');

    // Every write is audited; the reopen record carries the reason, the completion the profile version.
    const audits = auditRows(w.h).filter((a) => a.method.startsWith('exAnte.') && a.result === '成功');
    expect(audits.map((a) => a.method)).toEqual(['exAnte.save', 'exAnte.save', 'exAnte.save', 'exAnte.complete', 'exAnte.reopen', 'exAnte.save', 'exAnte.complete']);
    expect(audits.find((a) => a.method === 'exAnte.reopen')?.changes).toContain('补充可研报告后重新评估');
    expect(JSON.parse(audits[3]?.changes ?? '{}')).toMatchObject({ status: ['draft', 'completed'], conclusion: [null, 'support'], profile_id: [null, 'builtin-national-default'], profile_version: [null, 1] });
  });

  it('a reject conclusion (< 60) keeps the project out of the library', async () => {
    const w = await world();
    const p = await project(w);
    await w.h.call('exAnte.save', saveInput(p.id, scoresOf('专家甲', [12, 11, 12, 12, 12])), w.biz);
    expect(await w.h.call('exAnte.complete', { projectId: p.id }, w.biz)).toMatchObject({ total: 59, conclusion: 'reject' });
    const e = errorOf(await w.h.raw('projects.setStatus', { id: p.id, status: 'inLibrary' }, w.perf));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('不予支持');
  });
});

describe('attachments', () => {
  it('stores content once per sha256, returns it unchanged, and only for own owners', async () => {
    const w = await world();
    const p = await project(w);
    const a = await w.h.call('exAnte.save', saveInput(p.id, scoresOf('专家甲', SPEC_11_9)), w.biz);
    const bytes = Buffer.from('%PDF-1.4 可行性研究报告 ……', 'utf8');
    const file = { name: 'C:\\资料\\可行性研究报告.pdf', base64: bytes.toString('base64') };
    const first = await w.h.call('attachments.add', { ownerType: 'exAnte', ownerId: a.id ?? '', file }, w.biz);
    expect(first).toMatchObject({ name: '可行性研究报告.pdf', size: bytes.length, createdAt: '2026-03-01T08:00:00.000Z' });
    const second = await w.h.call('attachments.add', { ownerType: 'project', ownerId: p.id, file: { ...file, name: '论证材料.pdf' } }, w.perf);
    expect(countRows(w.h, 'attachments')).toBe(2);
    expect(countRows(w.h, 'attachment_blobs')).toBe(1);
    expect(w.h.backend.database.prepare('SELECT DISTINCT sha256 FROM attachments').pluck().all()).toEqual([createHash('sha256').update(bytes).digest('hex')]);

    const got = await w.h.call('attachments.get', { id: first.id }, w.viewer);
    expect(got).toEqual({ name: '可行性研究报告.pdf', mime: 'application/pdf', base64: bytes.toString('base64') });
    expect((await w.h.call('attachments.get', { id: second.id })).name).toBe('论证材料.pdf');
    expect((await w.h.call('exAnte.get', { projectId: p.id })).attachments).toEqual([first]);

    expect(errorOf(await w.h.raw('attachments.add', { ownerType: 'exAnte', ownerId: 'missing', file }, w.biz))).toMatchObject({ code: 'NOT_FOUND', message: '要添加附件的事前评估不存在。' });
    expect(errorOf(await w.h.raw('attachments.add', { ownerType: 'project', ownerId: p.id, file }, w.viewer)).code).toBe('FORBIDDEN');
    expect(errorOf(await w.h.raw('attachments.add', { ownerType: 'project', ownerId: p.id, file: { name: 'x.pdf', base64: '@@@' } }, w.biz))).toMatchObject({ code: 'VALIDATION' });
    expect(errorOf(await w.h.raw('attachments.get', { id: 'missing' })).code).toBe('NOT_FOUND');

    // A foreign office's project is read-only here.
    w.h.backend.database.prepare("UPDATE projects SET origin = '652300' WHERE id = ?").run(p.id);
    expect(errorOf(await w.h.raw('attachments.add', { ownerType: 'project', ownerId: p.id, file }, w.biz))).toMatchObject({ code: 'CONFLICT' });
    expect(auditRows(w.h).filter((r) => r.method === 'attachments.add' && r.result === '成功')).toHaveLength(2);
  });

  it('refuses files over 50 MB', async () => {
    const w = await world();
    const p = await project(w);
    const big = Buffer.alloc(50 * 1024 * 1024 + 1, 1).toString('base64');
    expect(errorOf(await w.h.raw('attachments.add', { ownerType: 'project', ownerId: p.id, file: { name: '扫描件.pdf', base64: big } }, w.biz))).toEqual({
      code: 'VALIDATION', message: '文件“扫描件.pdf”超过 50 MB，不能作为附件。', details: [{ field: 'file', message: '附件不能超过 50 MB' }],
    });
    expect(countRows(w.h, 'attachment_blobs')).toBe(0);
  });
});

describe('事前绩效评估报告 (.docx)', () => {
  it('lays out the SPEC §3.3 outline with the project, the scores per expert and the conclusion', async () => {
    const w = await world();
    const p = await project(w);
    const sheet = await w.h.call('goals.create', { projectId: p.id }, w.biz);
    await w.h.call('goals.save', {
      sheetId: sheet.id, rev: sheet.rev, annualGoal: '完成 120 公里农村公路安全防护设施建设。', indicators: [
        { level1: 'output', level2: 'quantity', name: '防护设施建设里程', valueType: 'quantitative', operator: '>=', targetValue: null, targetText: '≥120公里' },
      ],
    }, w.biz);
    await w.h.call('exAnte.save', saveInput(p.id, [
      ...scoresOf('李专家', SPEC_11_9),
      ...scoresOf('赵专家', [17, 14, 15, 16, 18.5]).map((s) => ({ ...s, opinion: s.dimension === 'economy' ? '单位造价测算依据不足。' : '' })),
    ]), w.biz);
    await w.h.call('exAnte.complete', { projectId: p.id }, w.biz);

    const file = await w.h.call('exAnte.report', { projectId: p.id }, w.viewer);
    expect(file.name).toBe('2026-JT-001-农村公路安全生命防护工程-事前绩效评估报告.docx');
    expect(file.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const zip = unzipSync(new Uint8Array(Buffer.from(file.base64, 'base64')));
    const xml = (name: string) => strFromU8(zip[name] ?? new Uint8Array());
    const doc = xml('word/document.xml');
    const text = [...doc.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');

    for (const s of [
      '事前绩效评估报告', '一、评估对象基本情况', '二、评估工作开展情况', '三、综合评估情况与结论', '四、相关建议', '五、其他需要说明的问题',
      '农村公路安全生命防护工程', '2026-JT-001', '县交通运输局', '县公路管理段', '新增', '2026年3月至2026年11月',
      '合计 330.00 万元；其中财政拨款 300.00 万元、上年结转 25.00 万元、其他资金 5.00 万元', '一般公共预算；地方政府专项债券；政府采购',
      '年度总体目标：完成 120 公里农村公路安全防护设施建设。', '防护设施建设里程（≥120公里）', '王工 0994-1234567',
      '委托第三方评估', '新疆某某咨询有限公司', '2026年2月18日', '由 2 位专家（李专家、赵专家）', '“全国默认”（第 1 版）',
      '评估维度|分值|李专家|赵专家|得分', '立项必要性|20|18.00|17.00|17.50', '筹资合规性|20|17.00|18.50|17.75', '合计|100|80.00|80.50|80.25',
      '投入经济性（赵专家）：单位造价测算依据不足。', '综合得分 80.25 分', '评估结论为：予以支持',
      '投入经济性得分偏低：测算依据不足，建议核减 10%。', '建议调整金额：33.00 万元。', '项目纳入本年度新增重大项目清单。',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('（草稿）');
    // A4, the official margins, page numbers in the footer, zh-CN East Asian text in 仿宋/黑体.
    expect(doc).toContain('<w:pgSz w:w="11906" w:h="16838"');
    const styles = xml('word/styles.xml');
    expect(styles).toContain('w:eastAsia="仿宋_GB2312"');
    expect(styles).toContain('w:eastAsia="黑体"');
    expect(styles).toContain('<w:lang w:val="en-US" w:eastAsia="zh-CN"/>');
    expect(xml('word/fontTable.xml')).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="FangSong"/>');
    const footer = Object.keys(zip).filter((n) => /^word\/footer\d*\.xml$/.test(n)).map(xml).join('');
    expect(footer).toMatch(/PAGE/);
  });

  it('marks a report of an unfinished assessment as a draft', async () => {
    const w = await world();
    const p = await project(w);
    const file = await w.h.call('exAnte.report', { projectId: p.id }, w.viewer);
    const doc = strFromU8(unzipSync(new Uint8Array(Buffer.from(file.base64, 'base64')))['word/document.xml'] ?? new Uint8Array());
    expect(doc).toContain('事前绩效评估报告（草稿）');
    expect(doc).toContain('评估尚未完成，暂无结论。');
    expect(doc).toContain('项目尚未填报绩效目标。');
  });
});
