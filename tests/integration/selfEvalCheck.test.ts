import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SelfEvalCheckDto } from '../../shared/api/dtoSelfEvalCheck.ts';
import { USER_PASSWORD, addUser, auditRows, errorOf, openHarness, type Harness } from '../helpers/backend.ts';
import { fixtureFile } from '../helpers/fixtures.ts';

/**
 * 核对单位自评表 (selfEvalCheck.check) on the fixtures of tests/fixtures/selfeval (README section
 * "selfeval/"): each layout is detected, and every difference is listed with its reason. Default
 * profile: the current year's (全国默认: R1, proportional execution, no caps).
 */

let h: Harness;
let perf: string;
beforeEach(async () => {
  h = await openHarness();
  await addUser(h, 'jixiao', 'performance');
  perf = await h.login('jixiao', USER_PASSWORD);
});
afterEach(() => h.close());

const check = (file: string, profileId?: string, session = perf) =>
  h.call('selfEvalCheck.check', { file: fixtureFile('selfeval', file), ...(profileId ? { profileId } : {}) }, session);

/** Differences as [row, field, unit, app, reason] for compact comparison. */
const diffs = (c: SelfEvalCheckDto) => c.differences.map((d) => [d.row, d.field, d.unit, d.app, d.reason]);
const scores = (c: SelfEvalCheckDto) => c.rows.map((r) => [r.row, r.weight, r.unitScore, r.appScore]);

describe('selfEvalCheck.check', () => {
  it('national layout with the SPEC §11.1 numbers: app total 95.18 (优), truncation and rounding found', async () => {
    const c = await check('national-spec-11-1.xlsx');
    expect(c.layout.code).toBe('national');
    expect(c.layout.name).toContain('执行率 10');
    expect(c.sheet).toBe('项目支出绩效自评表');
    expect(c.amountUnit).toBe('wan');
    expect(c.profile).toMatchObject({ id: 'builtin-national-default', version: 1 });
    expect(c.execution).toMatchObject({ budgetFen: 320_000_000, executedFen: 304_000_000, initialFen: 300_000_000, rate: 95, unitRate: 95, unitScore: 9, appScore: 9.5 });
    expect(scores(c)).toEqual([
      [13, 15, 15, 15], [14, 10, 9.7, 9.68], [15, 10, 10, 10], [16, 15, 15, 15], [17, 15, 15, 15], [18, 15, 11, 11], [19, 10, 10, 10],
    ]);
    expect(c.rows.map((r) => r.target)).toEqual(['≥120公里', '≥95%', '=100%', '≤2.60万元', '≥80%', '建立并运行', '≥90%']);
    expect(c.appTotal).toBe(95.18);
    expect(c.appGrade).toBe('excellent');
    expect(c.unitTotal).toBe(94.7);
    expect(c.unitGrade).toBe('excellent');
    expect(diffs(c)).toEqual([
      [6, 'executionScore', 9, 9.5, '截断'],
      [14, 'score', 9.7, 9.68, '取整'],
      [20, 'total', 94.7, 95.18, '由各项得分差异导致'],
    ]);
    expect(c.rows.find((r) => r.row === 14)?.reasons).toEqual(['取整']);
    expect(c.errors).toEqual([]);
  });

  it('finds nothing to report in the same table filled correctly', async () => {
    const c = await check('national-correct.xlsx');
    expect(c.layout.code).toBe('national');
    expect(c.unitTotal).toBe(95.18);
    expect(c.appTotal).toBe(95.18);
    expect(c.differences).toEqual([]);
    expect(c.rows.every((r) => r.diff === 0 && r.reasons.length === 0)).toBe(true);
  });

  it('湖北 20 + 80 in 元: weights from the level-1 labels, full marks for a missed target, execution left out of the total', async () => {
    const c = await check('hubei-20-80-yuan.xlsx');
    expect(c.layout.code).toBe('execution20');
    expect(c.amountUnit).toBe('yuan');
    expect(c.amountUnitSource).toContain('预算数(元)');
    expect(c.executionWeight).toBe(20);
    expect(c.execution).toMatchObject({ budgetFen: 100_000_000, executedFen: 92_500_000, rate: 92.5, unitScore: 18.5, appScore: 18.5 });
    expect(c.weightsDistributed).toBe(true);
    expect(c.rows.map((r) => r.weight)).toEqual([10, 10, 10, 10, 15, 15, 10]);
    expect(c.notes[0]).toContain('产出 40、效益 30、满意度 10');
    expect(c.appTotal).toBe(97.97);
    expect(diffs(c)).toEqual([
      [9, 'score', 10, 9.47, '未达标却给满分'],
      [14, 'total', 80, 97.97, '执行率得分未计入总分'],
    ]);
    expect(c.differences[1]?.message).toContain('未计入预算执行率得分 18.50');
  });

  it('云南 20 + 80 in 万元 without level-1 weights: 80 shared evenly; rounding, truncation and the other reverse formula', async () => {
    const c = await check('yunnan-20-80-wan.xlsx');
    expect(c.layout.code).toBe('execution20');
    expect(c.amountUnit).toBe('wan');
    expect(c.rows.map((r) => r.weight)).toEqual([10, 10, 10, 10, 10, 10, 10, 10]);
    expect(c.notes[0]).toContain('80 分在 8 项指标间平均分配');
    expect(c.appTotal).toBe(90.38);
    expect(diffs(c)).toEqual([
      [7, 'score', 9, 8.75, '取整'],
      [10, 'score', 9.5, 9.56, '截断'],
      [11, 'score', 5, 6.67, '反向指标公式不同'],
      [15, 'total', 88.9, 90.38, '由各项得分差异导致'],
    ]);
    expect(c.differences[2]?.message).toContain('R2');
  });

  it('四川 in 元: 指标性质/度量单位 read, weights not adding to 100, truncation, a 定性 score above its band, a wrong sum', async () => {
    const c = await check('sichuan-yuan.xlsx');
    expect(c.layout.code).toBe('sichuan');
    expect(c.amountUnit).toBe('yuan');
    expect(c.execution).toMatchObject({ budgetFen: 480_000_000, executedFen: 456_000_000, initialFen: 500_000_000, rate: 95, appScore: 9.5 });
    expect(c.rows.map((r) => r.target)).toEqual(['≥52000人', '≥95%', '≥100%', '≤640元', '有效减轻', '长期稳定运行', '≥85%']);
    expect(c.weightTotal).toBe(101);
    expect(c.appTotal).toBe(95.87);
    expect(diffs(c)).toEqual([
      [8, 'score', 14.7, 14.76, '截断'],
      [11, 'score', 17, 15.99, '定性指标得分超出区间'],
      [null, 'weightSum', 101, 100, '分值之和不为100'],
      [14, 'total', 97.82, 95.87, '总分加总错误'],
    ]);
    expect(c.differences[3]?.message).toContain('合计为 96.82');
  });

  it('重庆部门整体: 指标权重 × 得分系数, core indicators; full marks on a missed core target, a rounded coefficient', async () => {
    const c = await check('chongqing-unit.xlsx');
    expect(c.layout.code).toBe('chongqingUnit');
    expect(c.amountUnit).toBe('wan');
    expect(c.rows.map((r) => r.isCore)).toEqual([true, true, false, false, true, false, false]);
    expect(c.rows.map((r) => r.unitCoefficient)).toEqual([1, 1, 0.98, 1, 1, 0.6, 1]);
    expect(c.execution).toMatchObject({ rate: 88, unitScore: 8.8, appScore: 8.8 });
    expect(c.appTotal).toBe(91.09);
    expect(diffs(c)).toEqual([
      [7, 'score', 15, 13.5, '未达标却给满分'],
      [9, 'score', 9.8, 9.79, '取整'],
      [14, 'total', 92.6, 91.09, '由各项得分差异导致'],
    ]);
  });

  it('a layout without execution (产出 40 / 效益 40 / 满意度 20): no execution score, full marks and integer rounding', async () => {
    const c = await check('no-execution-40-40-20.xlsx');
    expect(c.layout.code).toBe('noExecution');
    expect(c.execution).toBeNull();
    expect(c.executionWeight).toBe(0);
    expect(c.weightTotal).toBe(100);
    expect(c.appTotal).toBe(96.84);
    expect(diffs(c)).toEqual([
      [7, 'score', 10, 9.47, '未达标却给满分'],
      [8, 'score', 19, 18.95, '取整'],
      [11, 'total', 97.42, 96.84, '由各项得分差异导致'],
    ]);
  });

  it('lists unreadable cells with sheet, row and column and leaves their rows unscored', async () => {
    const c = await check('bad-cells.xlsx');
    expect(c.errors).toEqual([
      { sheet: '自评表', row: 5, column: 'E', field: '年度指标值', message: '“约95%”是约数，请改为“≥95%”“≤95%”或“=95%”' },
      { sheet: '自评表', row: 6, column: 'F', field: '实际完成值', message: '实际完成值“较好”不是数值（年度指标值“≥80%”是定量指标）' },
      { sheet: '自评表', row: 7, column: 'G', field: '分值', message: '分值“十”不是有效数字' },
    ]);
    expect(c.rows.map((r) => r.appScore)).toEqual([30, null, null, null]);
    expect(c.differences.map((d) => d.field)).toEqual(['total']);
    expect(c.differences[0]?.message).toContain('3 项指标的单元格无法读取');
  });

  it('refuses files that are not a 自评表 with the reason per sheet', async () => {
    let e = errorOf(await h.raw('selfEvalCheck.check', { file: fixtureFile('selfeval', 'bad-not-excel.xlsx') }, perf));
    expect(e.code).toBe('IMPORT_INVALID');
    expect(e.message).toContain('不是有效的 Excel 文件');
    e = errorOf(await h.raw('selfEvalCheck.check', { file: fixtureFile('selfeval', 'bad-no-table.xlsx') }, perf));
    expect(e.code).toBe('IMPORT_INVALID');
    expect(e.details).toEqual([{ sheet: '说明', message: '找不到指标表头“三级指标”' }]);
  });

  it('uses the chosen profile (by code or id) and refuses an unknown one', async () => {
    const byCode = await check('national-spec-11-1.xlsx', 'integrated-caps');
    expect(byCode.profile).toMatchObject({ id: 'builtin-integrated-caps', name: '预算管理一体化·自评封顶' });
    expect(byCode.appTotal).toBe(95.18);
    const e = errorOf(await h.raw('selfEvalCheck.check', { file: fixtureFile('selfeval', 'national-spec-11-1.xlsx'), profileId: 'no-such' }, perf));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('no-such');
  });

  it('is open to 业务股室 and 查阅 but not to the administrator, and writes nothing', async () => {
    await addUser(h, 'yewu', 'business');
    await addUser(h, 'chayue', 'viewer');
    const before = auditRows(h).length;
    await check('hubei-20-80-yuan.xlsx', undefined, await h.login('yewu', USER_PASSWORD));
    await check('hubei-20-80-yuan.xlsx', undefined, await h.login('chayue', USER_PASSWORD));
    expect(errorOf(await h.raw('selfEvalCheck.check', { file: fixtureFile('selfeval', 'hubei-20-80-yuan.xlsx') })).code).toBe('FORBIDDEN');
    // The two sign-ins and the refused call are recorded; a check itself leaves no record.
    const added = auditRows(h).slice(before);
    expect(added.map((r) => r.method)).toEqual(['system.login', 'system.login', 'selfEvalCheck.check']);
    expect(added[2]?.result).toMatch(/^拒绝/);
  });
});
