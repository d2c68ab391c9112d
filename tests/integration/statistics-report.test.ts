import { describe, expect, it } from 'vitest';
import { docxText } from '../../electron/backend/files/docx.ts';
import { wan } from '../../electron/backend/services/statisticsReportText.ts';
import type { FileDto } from '../../shared/api/dto.ts';
import type { StatisticsDto } from '../../shared/api/dtoStatistics.ts';
import { figureInfo, formatRate, stageCell, sumOf } from '../../shared/rules/statistics.ts';
import type { StatStage } from '../../shared/rules/statisticsCatalog.ts';
import { errorOf } from '../helpers/backend.ts';
import { readXlsx, sheetAoa } from '../helpers/fixtures.ts';
import { COUNTY, PREF, YEAR, worldSandbox, type World } from '../helpers/statisticsWorld.ts';

/**
 * The annual work report (.docx) and the workbook print the statistics' own numbers; the office's
 * narrative is kept per year; places where a county's figures do not add up are flagged — in the
 * statistics, the workbook and the report — instead of summed.
 */

const world = worldSandbox();

/** The visible text of a .docx (paragraph breaks kept). */
function textOf(file: FileDto): string {
  return docxText(Buffer.from(file.base64, 'base64'))
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:br\/>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');
}

/** The measures a report figure was computed from: the whole scope, or one level (本级 / 县（市）). */
function measuresFor(d: StatisticsDto, scope: string): Record<string, number> {
  const level = d.cuts.find((c) => c.cut === 'level');
  if (scope.includes('及所辖')) return d.measures;
  if (scope.includes('；所辖县（市）')) return level?.rows.find((r) => r.key === 'child')?.measures ?? {};
  return level?.rows.find((r) => r.key === 'own')?.measures ?? {};
}

/** Makes the county's data disagree with itself in four places. */
function corrupt(w: World): { sheetCode: string; countyProjects: number } {
  const db = w.h.backend.database;
  const sheet = db.prepare(`SELECT s.id, p.code FROM monitoring_sheets s JOIN projects p ON p.id = s.project_id WHERE s.round_id = ? ORDER BY p.code LIMIT 1`)
    .get(w.roundIds[`${COUNTY}:6:self:project`]) as { id: string; code: string };
  db.prepare('UPDATE monitoring_sheets SET executed_fen = 1000000, executed_fiscal_fen = 600000, executed_other_fen = 300000 WHERE id = ?').run(sheet.id);
  const e = db.prepare("SELECT id FROM self_evaluations WHERE origin = ? AND owner_type = 'project' ORDER BY id LIMIT 1").pluck().get(PREF) as string;
  db.prepare('UPDATE self_evaluations SET executed_fen = 100, executed_fiscal_fen = 50, executed_carryover_fen = 20, executed_other_fen = 10 WHERE id = ?').run(e);
  db.prepare("UPDATE monitoring_sheets SET annual_budget_fen = annual_budget_fen + 500, fiscal_budget_fen = fiscal_budget_fen + 500 WHERE project_id IS NULL").run();
  const projects = db.prepare('SELECT count(*) FROM projects WHERE origin = ? AND year = ?').pluck().get(COUNTY, YEAR) as number;
  const goals = db.prepare('SELECT count(*) FROM goal_sheets WHERE origin = ? AND year = ?').pluck().get(COUNTY, YEAR) as number;
  db.prepare(`INSERT INTO bundle_log (id, direction, kind, peer_region_code, seq, years, bundle_created_at, processed_at, processed_by, file_name, file_sha256, size_bytes, counts, status)
    VALUES ('b1', 'received', 'up', ?, 12, '[2026]', '2026-09-01T00:00:00Z', '2026-09-02T00:00:00Z', 'jixiao', 'x.bpdb', 'aa', 1, ?, 'imported')`)
    .run(COUNTY, JSON.stringify({ projects: projects + 2, goal_sheets: goals, goal_indicators: 5 }));
  return { sheetCode: sheet.code, countyProjects: projects };
}

describe('annual work report (年度工作情况报告) and consistency flags', () => {
  it('prints every figure from the statistics and lists each in the appendix with its definition and scope', async () => {
    const w = await world();
    const d = await w.h.call('statistics.overview', { year: YEAR, scope: 'prefecture' }, w.viewer);
    const draft = await w.h.call('statistics.reportDraft', { year: YEAR, scope: 'prefecture' }, w.viewer);
    const file = await w.h.call('statistics.exportReport', { year: YEAR, scope: 'prefecture' }, w.viewer);
    expect(file.name).toBe('昌吉回族自治州财政局关于2026年度预算绩效管理工作情况的报告.docx');
    const text = textOf(file);
    for (const heading of ['一、预算绩效管理工作开展情况', '二、存在的问题', '三、下一步工作', '（二）绩效目标管理', '数据口径与来源']) expect(text).toContain(heading);
    expect(draft.figures.length).toBeGreaterThan(40);
    const printed: { id: string; value: string }[] = [];
    const computed: { id: string; value: string }[] = [];
    for (const f of draft.figures) {
      // Each figure is in the body and in the appendix (with its id and definition).
      expect(text).toContain(f.value);
      expect(text).toContain(`〔${f.id}〕`);
      expect(f.definition.length).toBeGreaterThan(3);
      expect(f.scope).toMatch(/^2026年度；/);
      const m = measuresFor(d, f.scope);
      const part = /^(.+)\.(n|fen)$/.exec(f.id);
      const rate = /^(\w+)\.(count|amount)Rate$/.exec(f.id);
      const info = part?.[1] ? figureInfo(part[1]) : null;
      let value: string | null = null;
      if (info && part) {
        const v = sumOf(m, (part[2] === 'n' ? info.n : info.fen) ?? []);
        value = part[2] === 'n' ? String(v) : `${wan(v)}万元`;
      } else if (rate?.[1]) {
        const c = stageCell(m, rate[1] as StatStage);
        value = formatRate(rate[2] === 'count' ? c.countRate : c.amountRate);
      }
      if (value === null) continue;
      printed.push({ id: f.id, value: f.value });
      computed.push({ id: f.id, value });
    }
    expect(printed).toEqual(computed);
    expect(printed.length).toBeGreaterThan(35);
    // The goal figures in words, as the seed reports write them.
    expect(text).toContain(`${d.measures['goals.n']}个项目的绩效目标已批复，涉及资金${wan(d.measures['goals.fen'] ?? 0)}万元`);
    // Government document layout: A4, the title and body font names, page numbers in the footer.
    const xml = docxText(Buffer.from(file.base64, 'base64'));
    expect(xml).toContain('w:w="11906"');
    expect(xml).toContain('方正小标宋简体');
    const zip = Buffer.from(file.base64, 'base64').toString('latin1');
    expect(zip).toContain('word/footer');
    expect(d.checks).toEqual([]);
    expect(draft.flags).toEqual([]);
  });

  it('keeps the narrative per year, prints it, refuses a stale edit and other roles', async () => {
    const w = await world();
    const before = await w.h.call('statistics.getReport', { year: YEAR }, w.viewer);
    expect(before).toMatchObject({ isDefault: true, rev: 0, signature: '昌吉回族自治州财政局', recipient: '新疆维吾尔自治区财政厅' });
    const input = {
      year: YEAR, rev: 0, title: '关于2026年度全州预算绩效管理工作情况的报告', recipient: '自治区财政厅', intro: '今年以来，我州扎实推进预算绩效管理。',
      stageNotes: { goals: '绩效目标审核与预算编审同步进行，委托第三方机构审核。' }, problems: '一是个别部门主体责任落实不到位。', nextSteps: '（一）完善绩效指标体系。',
      signature: '昌吉回族自治州财政局', reportDate: '2026-11-27',
    };
    expect(errorOf(await w.h.raw('statistics.saveReport', input, w.viewer)).code).toBe('FORBIDDEN');
    const saved = await w.h.call('statistics.saveReport', input, w.perf);
    expect(saved).toMatchObject({ isDefault: false, rev: 1, title: input.title, stageNotes: input.stageNotes, updatedBy: 'jixiao 用户' });
    expect(errorOf(await w.h.raw('statistics.saveReport', { ...input, intro: '旧稿' }, w.perf)).code).toBe('CONFLICT');
    expect((await w.h.call('statistics.getReport', { year: 2025 }, w.viewer)).isDefault).toBe(true);
    const text = textOf(await w.h.call('statistics.exportReport', { year: YEAR }, w.viewer));
    for (const s of [input.title, '自治区财政厅：', input.intro, input.stageNotes.goals, input.problems, input.nextSteps, '2026年11月27日']) expect(text).toContain(s);
  });

  it('flags a county whose figures do not add up, with where, and leaves the sum out of the table and the report', async () => {
    const w = await world();
    const { sheetCode, countyProjects } = corrupt(w);
    const d = await w.h.call('statistics.overview', { year: YEAR, scope: 'prefecture' }, w.viewer);
    const codes = d.checks.map((c) => c.code).sort();
    expect(codes).toEqual(['bundleCount', 'monitoringExecutedParts', 'selfEvalExecutedParts', 'unitMonitoringBudget']);
    const exec = d.checks.find((c) => c.code === 'monitoringExecutedParts');
    expect(exec).toMatchObject({ origin: COUNTY, originName: '木垒哈萨克自治县财政局', stated: 1_000_000, computed: 900_000, unit: 'fen' });
    expect(exec?.where).toContain('2026年6月项目监控');
    expect(exec?.where).toContain(sheetCode);
    expect(exec?.link).toMatch(/^\/monitoring\/sheets\//);
    expect(d.checks.find((c) => c.code === 'bundleCount')).toMatchObject({ where: '第 12 号上报包（2026 年度）项目', stated: countyProjects + 2, computed: countyProjects });
    expect(d.checks.find((c) => c.code === 'unitMonitoringBudget')?.message).toContain('相差 5.00 元');
    // The county's latest round is not summed; the prefecture's is.
    const rounds = new Map(d.monitoringRounds.map((r) => [r.origin, r]));
    expect(rounds.get(COUNTY)).toMatchObject({ executedFen: null, executionRate: null });
    expect(rounds.get(PREF)?.executedFen).toBeGreaterThan(0);

    const text = textOf(await w.h.call('statistics.exportReport', { year: YEAR, scope: 'prefecture' }, w.viewer));
    expect(text).toContain('中有监控表的执行数与分项之和不一致，执行数未予汇总');
    expect(text).toContain('数据一致性说明');
    expect(text).toContain('统计中发现4处填报数据不一致');
    const wb = readXlsx((await w.h.call('statistics.exportWorkbook', { year: YEAR, scope: 'prefecture' }, w.viewer)).base64);
    const checks = sheetAoa(wb, '数据一致性');
    expect(checks.length).toBe(2 + 4 + 1);
    const monitoring = sheetAoa(wb, '监控执行').find((r) => r[0] === '木垒哈萨克自治县财政局');
    expect(monitoring?.[6]).toBe('—');
  });

  it('writes a workbook with every statistics table, amounts in 万元 as numbers', async () => {
    const w = await world();
    const d = await w.h.call('statistics.overview', { year: YEAR, scope: 'prefecture' }, w.viewer);
    const file = await w.h.call('statistics.exportWorkbook', { year: YEAR, scope: 'prefecture' }, w.viewer);
    const wb = readXlsx(file.base64);
    expect(wb.SheetNames).toEqual(['全过程开展情况', '各地区汇总', '按级次', '按地区', '按预算类型', '按资金性质', '按主管部门', '评价等级分布', '问题整改', '监控执行', '数据一致性', '指标口径']);
    const overview = sheetAoa(wb, '全过程开展情况');
    const goals = overview.find((r) => r[0] === '项目绩效目标管理');
    const c = stageCell(d.measures, 'goals');
    expect(goals?.slice(2)).toEqual([c.baseN, c.doneN, c.countRate, Number(wan(c.baseFen ?? 0)), Number(wan(c.doneFen ?? 0)), c.amountRate]);
    const byOrigin = sheetAoa(wb, '各地区汇总');
    expect(byOrigin.slice(1, 5).map((r) => r[0])).toEqual(['地区', '昌吉回族自治州财政局', '木垒哈萨克自治县财政局', '合计']);
    expect(byOrigin[4]?.[1]).toBe(d.measures['projects.n']);
    const figures = sheetAoa(wb, '指标口径');
    expect(figures.some((r) => r[0] === 'goals.done' && r[2] === d.measures['goals.n'])).toBe(true);
  });
});
