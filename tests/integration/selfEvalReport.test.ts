import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { MethodInput } from '../../shared/api/contract.ts';
import type { FileDto } from '../../shared/api/dto.ts';
import type { SelfEvalDto } from '../../shared/api/dtoSelfEval.ts';
import type { GoalIndicatorInput } from '../../shared/api/schemasGoals.ts';
import { auditRows, errorOf } from '../helpers/backend.ts';
import { ind, worldSandbox, type World } from '../helpers/goalSetup.ts';

const world = worldSandbox({ code: '301', name: '县交通运输局' }, { code: '301001', name: '县公路养护站' });
const WAN = 1_000_000;

/** SPEC §11.1 (the same scenario as selfEval.test.ts). */
const INDICATORS: GoalIndicatorInput[] = [
  ind({ level1: 'output', level2: 'quantity', name: '养护里程', targetText: '≥120公里' }),
  ind({ level1: 'output', level2: 'quality', name: '养护验收合格率', targetText: '≥95%' }),
  ind({ level1: 'output', level2: 'timeliness', name: '按期完工率', operator: '=', targetText: '=100%' }),
  ind({ level1: 'output', level2: 'costOutput', name: '每公里养护成本', operator: '<=', targetText: '≤2.60万元/公里' }),
  ind({ level1: 'benefit', level2: 'socialBenefit', name: '优良路率', targetText: '≥80%' }),
  ind({ level1: 'benefit', level2: 'sustainability', name: '养护长效机制建立', valueType: 'qualitative', operator: 'qualitative', targetText: '建立并运行' }),
  ind({ level1: 'satisfaction', level2: 'serviceSatisfaction', name: '沿线群众满意度', targetText: '≥90%' }),
];

type RowInput = MethodInput<'selfEval.save'>['rows'][number];
const SCENARIO: Record<string, Partial<RowInput>> = {
  养护里程: { weight: 15, actualText: '126' },
  养护验收合格率: { weight: 10, actualText: '92%', deviationReason: '部分路段雨季返工，下年加强过程抽检。' },
  按期完工率: { weight: 10, actualText: '100%' },
  每公里养护成本: { weight: 15, actualText: '2.41' },
  优良路率: { weight: 15, actualText: '84%' },
  养护长效机制建立: { weight: 15, actualText: '制度已印发，运行不足一年', qualitativeResult: 'partial', manualScore: 11, deviationReason: '长效机制运行时间短，下年纳入考核。' },
  沿线群众满意度: { weight: 10, actualText: '93%' },
};

async function scoredEvaluation(w: World): Promise<SelfEvalDto> {
  const p = await w.h.call('projects.create', {
    year: 2026, code: 'JT-001', name: '农村公路日常养护', unitId: w.unitId, objectType: 'project', attribute: 'continuing', budgetType: 'general',
    initial: { fiscalFen: 300 * WAN, carryoverFen: 0, otherFen: 0 }, annual: { fiscalFen: 300 * WAN, carryoverFen: 15 * WAN, otherFen: 5 * WAN }, tags: [],
  } as MethodInput<'projects.create'>, w.biz);
  const s = await w.h.call('goals.create', { projectId: p.id }, w.biz);
  await w.h.call('goals.save', { sheetId: s.id, rev: s.rev, annualGoal: '完成农村公路日常养护 120 公里。', indicators: INDICATORS }, w.biz);
  w.h.backend.database.prepare("UPDATE goal_sheets SET status = 'approved', locked = 1 WHERE id = ?").run(s.id);
  await w.h.call('selfEval.populate', { year: 2026 }, w.biz);
  const row = (await w.h.call('selfEval.list', { year: 2026, q: 'JT-001' }, w.biz)).rows[0];
  if (!row) throw new Error('no evaluation');
  const e = await w.h.call('selfEval.get', { id: row.id }, w.biz);
  return w.h.call('selfEval.save', {
    id: e.id, rev: e.rev, executedFen: 304 * WAN, executedFiscalFen: 300 * WAN, executedCarryoverFen: 4 * WAN, executedOtherFen: 0, goalCompletion: '完成养护 126 公里。',
    rows: e.rows.map((r) => ({
      seq: r.seq, weight: r.weight, actualText: r.actualText, notApplicable: r.notApplicable, qualitativeResult: r.qualitativeResult,
      manualScore: r.manualScore, targetTooLow: r.targetTooLow, deviationReason: r.deviationReason, ...SCENARIO[r.name],
    })),
  }, w.biz);
}

/** word/document.xml with the run boundaries removed, so phrases split over runs still match. */
function documentText(file: FileDto): string {
  const xml = strFromU8(unzipSync(new Uint8Array(Buffer.from(file.base64, 'base64')))['word/document.xml'] ?? new Uint8Array());
  return xml.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

describe('self-evaluation report (.docx)', () => {
  it('builds the report in the default outline with the scores, the computation and the deviations', async () => {
    const w = await world();
    const e = await scoredEvaluation(w);
    expect(e.result).toMatchObject({ total: 95.18, grade: 'excellent' });

    const file = await w.h.call('selfEval.report', { id: e.id }, w.viewer);
    expect(file.name).toBe('JT-001-农村公路日常养护-2026年绩效自评报告.docx');
    expect(file.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const text = documentText(file);
    for (const t of ['一、项目基本情况', '二、绩效目标完成情况', '三、预算执行情况', '四、自评结论', '五、偏差原因及改进措施', '六、其他需要说明的问题']) {
      expect(text).toContain(t);
    }
    expect(text.indexOf('一、项目基本情况')).toBeLessThan(text.indexOf('六、其他需要说明的问题'));
    expect(text).toContain('95.18');
    expect(text).toContain('自评等级为“优”');
    expect(text).toContain('320.00');
    expect(text).toContain('95.00%');
    expect(text).toContain('9.68'); // 养护验收合格率's score and its computation
    expect(text).toContain(e.result.indicators[1]?.explanation ?? '—');
    expect(text).toContain('部分路段雨季返工，下年加强过程抽检。');
    expect(text).toContain('完成农村公路日常养护 120 公里。');
  });

  it('uses the saved outline (renamed, reordered, intro) and only 绩效管理 may save it', async () => {
    const w = await world();
    const e = await scoredEvaluation(w);
    const def = await w.h.call('selfEval.getOutline', { year: 2026 }, w.viewer);
    expect(def.isDefault).toBe(true);
    expect(def.sections.map((s) => s.key)).toEqual(['basic', 'goals', 'budget', 'conclusion', 'deviation', 'other']);

    const sections = [
      { key: 'conclusion' as const, title: '一、自评结论概述', intro: '本报告依据单位自评表编制。' },
      { key: 'basic' as const, title: '二、项目概况', intro: '' },
      { key: 'goals' as const, title: '三、绩效指标完成情况', intro: '' },
    ];
    expect(errorOf(await w.h.raw('selfEval.saveOutline', { year: 2026, sections }, w.biz)).code).toBe('FORBIDDEN');
    expect(errorOf(await w.h.raw('selfEval.saveOutline', { year: 2026, sections }, w.viewer)).code).toBe('FORBIDDEN');
    // Validation: empty, too long a title, duplicated kinds, unknown kind, more than 12.
    expect(errorOf(await w.h.raw('selfEval.saveOutline', { year: 2026, sections: [] }, w.perf)).code).toBe('VALIDATION');
    expect(errorOf(await w.h.raw('selfEval.saveOutline', { year: 2026, sections: [{ key: 'basic', title: '长'.repeat(41) }] }, w.perf)).code).toBe('VALIDATION');
    expect(errorOf(await w.h.raw('selfEval.saveOutline', { year: 2026, sections: [{ key: 'basic', title: 'a' }, { key: 'basic', title: 'b' }] }, w.perf)).code).toBe('VALIDATION');
    expect(errorOf(await w.h.raw('selfEval.saveOutline', { year: 2026, sections: [{ key: 'nope', title: 'a' }] } as never, w.perf)).code).toBe('VALIDATION');
    expect(errorOf(await w.h.raw('selfEval.saveOutline', { year: 2099, sections }, w.perf)).code).toBe('NOT_FOUND');

    const saved = await w.h.call('selfEval.saveOutline', { year: 2026, sections }, w.perf);
    expect(saved).toEqual({ year: 2026, sections, isDefault: false });
    expect((await w.h.call('selfEval.getOutline', { year: 2026 }, w.biz)).sections[0]?.title).toBe('一、自评结论概述');
    // Another year keeps the default.
    expect((await w.h.call('selfEval.getOutline', { year: 2027 }, w.biz)).isDefault).toBe(true);
    expect(auditRows(w.h).filter((a) => a.method === 'selfEval.saveOutline' && a.result === '成功')).toHaveLength(1);

    const text = documentText(await w.h.call('selfEval.report', { id: e.id }, w.biz));
    expect(text).toContain('一、自评结论概述');
    expect(text).toContain('本报告依据单位自评表编制。');
    expect(text).toContain('三、绩效指标完成情况');
    expect(text).not.toContain('一、项目基本情况');
    expect(text).not.toContain('五、偏差原因及改进措施');
    expect(text.indexOf('一、自评结论概述')).toBeLessThan(text.indexOf('二、项目概况'));
    expect(text).toContain('95.18');
  });

  it('refuses an unknown evaluation', async () => {
    const w = await world();
    expect(errorOf(await w.h.raw('selfEval.report', { id: 'nope' }, w.viewer)).code).toBe('NOT_FOUND');
  });
});
