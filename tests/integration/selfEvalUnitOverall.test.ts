import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodInput } from '../../shared/api/contract.ts';
import type { FileDto } from '../../shared/api/dto.ts';
import type { SelfEvalDto } from '../../shared/api/dtoSelfEval.ts';
import type { GoalIndicatorInput } from '../../shared/api/schemasGoals.ts';
import { Backend } from '../../electron/backend/backend.ts';
import { MIGRATIONS } from '../../electron/backend/db/migrations/index.ts';
import { auditRows, errorOf, tempDir, TestClock } from '../helpers/backend.ts';
import { ind, worldSandbox, type World } from '../helpers/goalSetup.ts';

const world = worldSandbox({ code: '301', name: '县交通运输局' }, { code: '301001', name: '县公路养护站' });
const WAN = 1_000_000;

const INDICATORS: GoalIndicatorInput[] = [
  ind({ level1: 'output', level2: 'quantity', name: '养护里程', targetText: '≥120公里' }),
  ind({ level1: 'benefit', level2: 'socialBenefit', name: '优良路率', targetText: '≥80%' }),
  ind({ level1: 'satisfaction', level2: 'serviceSatisfaction', name: '沿线群众满意度', targetText: '≥90%' }),
];

/** Projects of 300 年初 / 320 全年 (300 + 15 + 5) with approved goals; JT-001 monitored at 280. */
async function unitWorld(w: World) {
  for (const code of ['JT-001', 'JT-002']) {
    const p = await w.h.call('projects.create', {
      year: 2026, code, name: `农村公路日常养护${code}`, unitId: w.unitId, objectType: 'project', attribute: 'continuing', budgetType: 'general',
      initial: { fiscalFen: 300 * WAN, carryoverFen: 0, otherFen: 0 }, annual: { fiscalFen: 300 * WAN, carryoverFen: 15 * WAN, otherFen: 5 * WAN }, tags: [],
    } as MethodInput<'projects.create'>, w.biz);
    const s = await w.h.call('goals.create', { projectId: p.id }, w.biz);
    await w.h.call('goals.save', { sheetId: s.id, rev: s.rev, annualGoal: '完成养护。', indicators: INDICATORS }, w.biz);
    w.h.backend.database.prepare("UPDATE goal_sheets SET status = 'approved', locked = 1 WHERE id = ?").run(s.id);
  }
  const round = await w.h.call('monitoring.createRound', {
    year: 2026, month: 8, objectType: 'project', kind: 'self', title: '2026年1–8月项目自行监控', issuedOn: '2026-09-01', dueOn: '2026-09-15',
  }, w.biz);
  await w.h.call('monitoring.populateRound', { roundId: round.id }, w.biz);
  const row = (await w.h.call('monitoring.sheets', { roundId: round.id, q: 'JT-001' }, w.biz)).rows[0];
  if (!row) throw new Error('no monitoring sheet');
  const sheet = await w.h.call('monitoring.getSheet', { sheetId: row.id }, w.biz);
  await w.h.call('monitoring.saveSheet', { sheetId: sheet.id, rev: sheet.rev, executedFen: 280 * WAN, values: sheet.values.map((v) => ({ seq: v.seq })) }, w.biz);

  const unitSheet = await w.h.call('goals.create', { unitId: w.unitId, year: 2026 }, w.biz);
  await w.h.call('goals.save', { sheetId: unitSheet.id, rev: unitSheet.rev, annualGoal: '保障全县公路养护。', unitDuties: '公路养护', indicators: INDICATORS }, w.biz);
  w.h.backend.database.prepare("UPDATE goal_sheets SET status = 'approved', locked = 1 WHERE id = ?").run(unitSheet.id);
  await w.h.call('selfEval.populate', { year: 2026 }, w.biz);
}

async function evaluation(w: World, ownerType: 'project' | 'unitOverall', code?: string): Promise<SelfEvalDto> {
  const rows = (await w.h.call('selfEval.list', { year: 2026, ownerType }, w.viewer)).rows;
  const row = code ? rows.find((r) => r.projectCode === code) : rows[0];
  if (!row) throw new Error('no evaluation');
  return w.h.call('selfEval.get', { id: row.id }, w.biz);
}

type SaveInput = MethodInput<'selfEval.save'>;
const ACTUALS: Record<string, string> = { 养护里程: '126', 优良路率: '84%', 沿线群众满意度: '93%' };

function save(e: SelfEvalDto, patch: Partial<SaveInput>): SaveInput {
  return {
    id: e.id, rev: e.rev, executedFen: null, goalCompletion: '完成年度任务。',
    rows: e.rows.map((r) => ({ seq: r.seq, weight: r.name === '养护里程' ? 50 : r.weight, actualText: ACTUALS[r.name] ?? '' })),
    ...patch,
  };
}

/** 人员经费 800 / 公用经费 120 年初, 820 / 130 全年, 815 / 117 执行. */
const BASIC = {
  personnelInitialFen: 800 * WAN, publicInitialFen: 120 * WAN, personnelAnnualFen: 820 * WAN, publicAnnualFen: 130 * WAN,
  personnelExecutedFen: 815 * WAN, publicExecutedFen: 117 * WAN,
};

function documentText(file: FileDto): string {
  const xml = strFromU8(unzipSync(new Uint8Array(Buffer.from(file.base64, 'base64')))['word/document.xml'] ?? new Uint8Array());
  return xml.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');
}

describe('部门整体支出绩效自评 (SPEC §7.3): 基本支出 / 项目支出', () => {
  it('pre-fills 项目支出 from the unit\'s projects, asks for 基本支出, and shows no total until it is entered', async () => {
    const w = await world();
    await unitWorld(w);
    const e = await evaluation(w, 'unitOverall');
    expect(e.unitOverall).toMatchObject({
      basic: { personnelInitialFen: null, publicInitialFen: null, personnelAnnualFen: null, publicAnnualFen: null, personnelExecutedFen: null, publicExecutedFen: null },
      project: { initialFen: 600 * WAN, annualFen: 640 * WAN, executedFen: 280 * WAN },
      projectNow: { initialFen: 600 * WAN, annualFen: 640 * WAN, executedFen: 280 * WAN },
    });
    expect(e.unitOverall?.projects.map((p) => [p.code, p.annualFen, p.executedFen, p.executedFrom])).toEqual([
      ['JT-001', 320 * WAN, 280 * WAN, 'selfEvaluation'], ['JT-002', 320 * WAN, null, null],
    ]);
    // A project whose self-evaluation has no 全年执行数 falls back on its latest monitored figure.
    w.h.backend.database.prepare("UPDATE self_evaluations SET executed_fen = NULL WHERE owner_type = 'project'").run();
    const again = await w.h.call('selfEval.get', { id: e.id }, w.viewer);
    expect(again.unitOverall?.projects.map((p) => [p.code, p.executedFen, p.executedFrom])).toEqual([['JT-001', 280 * WAN, 'monitoring'], ['JT-002', null, null]]);
    expect(e).toMatchObject({ executedFen: null, total: null, grade: null, annualBudgetFen: 640 * WAN });
    expect(e.problems.filter((p) => p.field.startsWith('basic.')).map((p) => p.field)).toEqual([
      'basic.personnelInitialFen', 'basic.publicInitialFen', 'basic.personnelAnnualFen', 'basic.publicAnnualFen', 'basic.personnelExecutedFen', 'basic.publicExecutedFen',
    ]);
    expect(e.problems.some((p) => p.field === 'executedFen')).toBe(false);
  });

  it('stores 基本支出 in 分, refreshes 项目支出 at save, derives 全年执行数 and scores execution on the totals', async () => {
    const w = await world();
    await unitWorld(w);
    // JT-002's own self-evaluation now says 300 executed: the unit's 项目支出 follows at its next save.
    const p2 = await evaluation(w, 'project', 'JT-002');
    await w.h.call('selfEval.save', { ...save(p2, { executedFen: 300 * WAN }) }, w.biz);
    const e = await evaluation(w, 'unitOverall');
    expect(e.unitOverall?.project.executedFen).toBe(280 * WAN);
    expect(e.unitOverall?.projectNow.executedFen).toBe(580 * WAN);

    const saved = await w.h.call('selfEval.save', save(e, { basic: BASIC }), w.biz);
    expect(saved.unitOverall?.money).toEqual({
      total: { initialFen: 1520 * WAN, annualFen: 1590 * WAN, executedFen: 1512 * WAN, rate: 95.09 },
      basic: { initialFen: 920 * WAN, annualFen: 950 * WAN, executedFen: 932 * WAN, rate: 98.11 },
      personnel: { initialFen: 800 * WAN, annualFen: 820 * WAN, executedFen: 815 * WAN, rate: 99.39 },
      public: { initialFen: 120 * WAN, annualFen: 130 * WAN, executedFen: 117 * WAN, rate: 90 },
      project: { initialFen: 600 * WAN, annualFen: 640 * WAN, executedFen: 580 * WAN, rate: 90.63 },
      missing: [],
    });
    // 1512 ÷ 1590 = 95.09% → 10 × 95.09% = 9.51; indicators 50 + 30 + 10 all met.
    expect(saved.result).toMatchObject({ executionRate: 95.09, executionScore: 9.51, total: 99.51, grade: 'excellent' });
    expect(saved).toMatchObject({ executedFen: 1512 * WAN, annualBudgetFen: 1590 * WAN, total: 99.51, grade: 'excellent', problems: [] });
    expect(saved.initial.totalFen).toBe(1520 * WAN);
    const stored = w.h.backend.database.prepare(`SELECT basic_personnel_initial_fen, basic_public_initial_fen, basic_personnel_annual_fen, basic_public_annual_fen,
      basic_personnel_executed_fen, basic_public_executed_fen, project_executed_fen, executed_fen, annual_fiscal_fen, total, grade, execution_rate
      FROM self_evaluations WHERE id = ?`).get(e.id);
    expect(stored).toEqual({
      basic_personnel_initial_fen: 800 * WAN, basic_public_initial_fen: 120 * WAN, basic_personnel_annual_fen: 820 * WAN, basic_public_annual_fen: 130 * WAN,
      basic_personnel_executed_fen: 815 * WAN, basic_public_executed_fen: 117 * WAN, project_executed_fen: 580 * WAN, executed_fen: 1512 * WAN,
      annual_fiscal_fen: 600 * WAN, total: 99.51, grade: 'excellent', execution_rate: 95.09,
    });
    const list = await w.h.call('selfEval.list', { year: 2026, ownerType: 'unitOverall' }, w.viewer);
    expect(list.rows[0]).toMatchObject({ annualBudgetFen: 1590 * WAN, executedFen: 1512 * WAN, executionRate: 95.09 });
    const audit = auditRows(w.h).filter((a) => a.method === 'selfEval.save' && a.entity_id === e.id);
    expect(audit.at(-1)?.changes).toContain('personnelExecutedFen');

    // A missing basic figure leaves the 全年执行数 open again.
    const partial = await w.h.call('selfEval.save', save(saved, { basic: { ...BASIC, publicExecutedFen: null } }), w.biz);
    expect(partial).toMatchObject({ executedFen: null, total: null, grade: null });
    expect(partial.problems.map((p) => p.message)).toContain('请填写基本支出的公用经费全年执行数（没有的填 0）');
    expect(errorOf(await w.h.raw('selfEval.transition', { id: e.id, transition: 'submit' }, w.biz))).toMatchObject({ code: 'VALIDATION', details: [{ field: 'basic.publicExecutedFen' }] });
  });

  it('refuses fund-source execution or a typed total on a unit sheet, and 基本支出 on a project sheet', async () => {
    const w = await world();
    await unitWorld(w);
    const e = await evaluation(w, 'unitOverall');
    const bySource = errorOf(await w.h.raw('selfEval.save', save(e, { basic: BASIC, executedFiscalFen: 100 * WAN }), w.biz));
    expect(bySource).toMatchObject({ code: 'VALIDATION', details: [{ field: 'executedFen', message: '部门整体自评表的全年执行数按基本支出和项目支出分列，不按资金来源填写' }] });
    const typed = errorOf(await w.h.raw('selfEval.save', save(e, { basic: BASIC, executedFen: 1000 * WAN }), w.biz));
    expect(typed.details).toEqual([{ field: 'executedFen', message: '部门整体自评表的全年执行数由基本支出与项目支出合计得出（1,212.00 万元），不能另行填写' }]);
    // The derived total itself is accepted.
    expect((await w.h.call('selfEval.save', save(e, { basic: BASIC, executedFen: 1212 * WAN }), w.biz)).executedFen).toBe(1212 * WAN);
    const negative = errorOf(await w.h.raw('selfEval.save', save(e, { basic: { ...BASIC, publicAnnualFen: -1 } }), w.biz));
    expect(negative.code).toBe('VALIDATION');
    const p = await evaluation(w, 'project', 'JT-001');
    expect(errorOf(await w.h.raw('selfEval.save', save(p, { executedFen: 300 * WAN, basic: BASIC }), w.biz))).toMatchObject({
      code: 'VALIDATION', details: [{ field: 'basic', message: '项目支出绩效自评表没有基本支出，请只在部门整体自评表中填写' }],
    });
  });

  it('exports the 部门整体支出绩效自评表 with the 基本支出 / 项目支出 rows and prints them in the report', async () => {
    const w = await world();
    await unitWorld(w);
    const saved = await w.h.call('selfEval.save', save(await evaluation(w, 'unitOverall'), { basic: BASIC }), w.biz);
    const file = await w.h.call('selfEval.exportForm', { id: saved.id }, w.viewer);
    expect(file.name).toBe('部门整体支出绩效自评表-县公路养护站-2026年.xlsx');
    const ws = XLSX.read(Buffer.from(file.base64, 'base64'), { type: 'buffer', cellNF: true }).Sheets['部门整体'];
    if (!ws) throw new Error('no sheet');
    const v = (a: string) => ws[a]?.v;
    expect(v('A1')).toBe('部门（单位）整体支出绩效自评表');
    expect([v('A3'), v('B3')]).toEqual(['部门（单位）名称', '县公路养护站']);
    expect([v('A5'), v('D5'), v('E5'), v('F5'), v('G5'), v('H5'), v('I5')]).toEqual(['部门资金（万元）', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分']);
    // 项目支出 = 320 + 320 全年, 280 (JT-001 monitored) + 0 (JT-002 none) executed.
    expect(['B6', 'D6', 'E6', 'F6', 'G6', 'H6', 'I6'].map(v)).toEqual(['年度资金总额', 1520, 1590, 1212, 10, 0.7623, 7.62]);
    expect(['B7', 'C7', 'D7', 'E7', 'F7', 'G7', 'H7', 'I7'].map(v)).toEqual(['其中：基本支出', '小计', 920, 950, 932, '—', 0.9811, '—']);
    expect(['C8', 'D8', 'E8', 'F8', 'H8'].map(v)).toEqual(['人员经费', 800, 820, 815, 0.9939]);
    expect(['C9', 'D9', 'E9', 'F9', 'H9'].map(v)).toEqual(['公用经费', 120, 130, 117, 0.9]);
    expect(['B10', 'D10', 'E10', 'F10', 'G10', 'H10', 'I10'].map(v)).toEqual(['项目支出', 600, 640, 280, '—', 0.4375, '—']);
    expect([ws.D6?.z, ws.H7?.z]).toEqual(['#,##0.00', '0.00%']);
    expect([v('A11'), v('B12')]).toEqual(['年度总体目标', '保障全县公路养护。']);
    expect(v('A13')).toBe('绩效指标');
    const merges = (ws['!merges'] ?? []).map((m) => XLSX.utils.encode_range(m));
    expect(merges).toEqual(expect.arrayContaining(['A5:A10', 'B6:C6', 'B7:B9', 'B10:C10', 'A11:A12']));

    const text = documentText(await w.h.call('selfEval.report', { id: saved.id }, w.viewer));
    expect(text).toContain('2026年度部门整体支出绩效自评报告');
    expect(text).toContain('年初预算数 1,520.00 万元（其中基本支出 920.00 万元、项目支出 600.00 万元），全年预算数 1,590.00 万元（其中基本支出 950.00 万元、项目支出 640.00 万元）');
    expect(text).toContain('人员经费800.00820.00815.0099.39%');
    expect(text).toContain('项目支出600.00640.00280.0043.75%');
    expect(text).toContain('以下项目尚无全年执行数，按 0 计入：JT-002 农村公路日常养护JT-002');
    expect(text).toContain('部门整体预算执行率 76.23%，分值 10 分，得分 7.62 分');
  });
});

describe('migration 0010 on unit-overall evaluations made before the split', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('moves the old 全年执行数 to the project part and records 0 basic so the stored grade stands', async () => {
    const dir = tempDir('bpd-0010-');
    dirs.push(dir);
    const clock = new TestClock();
    const old = await Backend.open({ dataDir: dir, now: clock.now, migrations: MIGRATIONS.filter((m) => m.version < 10) });
    const db = old.database;
    const at = '2026-03-01T00:00:00.000Z';
    db.prepare(`INSERT INTO office (id, region_code, name, level, parent_name, parent_region_code, current_year, created_at, updated_at)
      VALUES (1, '652325', '奇台县财政局', 'county', '', '', 2026, ?, ?)`).run(at, at);
    db.prepare('INSERT INTO fiscal_years (year, created_at) VALUES (2026, ?)').run(at);
    const unit = db.prepare(`INSERT INTO units (id, origin, code, name, parent_id, kind, confidential, active, created_at, updated_at) VALUES (?, '652325', ?, ?, NULL, 'administrative', 0, 1, ?, ?)`);
    const sheet = db.prepare(`INSERT INTO goal_sheets (id, origin, year, owner_type, unit_id, status, created_at, updated_at) VALUES (?, '652325', 2026, 'unitOverall', ?, 'approved', ?, ?)`);
    const evaluationRow = db.prepare(`INSERT INTO self_evaluations (id, origin, year, owner_type, unit_id, goal_sheet_id, status, annual_fiscal_fen, executed_fen, total, grade,
      profile_id, profile_version, created_at, updated_at) VALUES (?, '652325', 2026, 'unitOverall', ?, ?, 'accepted', ?, ?, ?, ?, 'builtin-national-default', 1, ?, ?)`);
    for (const [n, executed] of [['1', 280 * WAN], ['2', null]] as const) {
      unit.run(`u${n}`, `10${n}`, `单位${n}`, at, at);
      sheet.run(`g${n}`, `u${n}`, at, at);
      evaluationRow.run(`e${n}`, `u${n}`, `g${n}`, 320 * WAN, executed, executed === null ? null : 96.5, executed === null ? null : 'excellent', at, at);
    }
    old.close();
    const b = await Backend.open({ dataDir: dir, now: clock.now });
    try {
      const rows = b.database.prepare(`SELECT id, executed_fen, project_executed_fen, basic_personnel_annual_fen, basic_public_executed_fen, total, grade
        FROM self_evaluations ORDER BY id`).all();
      expect(rows).toEqual([
        { id: 'e1', executed_fen: 280 * WAN, project_executed_fen: 280 * WAN, basic_personnel_annual_fen: 0, basic_public_executed_fen: 0, total: 96.5, grade: 'excellent' },
        { id: 'e2', executed_fen: null, project_executed_fen: null, basic_personnel_annual_fen: null, basic_public_executed_fen: null, total: null, grade: null },
      ]);
    } finally {
      b.close();
    }
    expect(fs.existsSync(path.join(dir, 'office.sqlite'))).toBe(true);
  });
});
