import { describe, expect, it } from 'vitest';
import { ruleProfileBodySchema, type RuleProfileBody } from '../../shared/domain/ruleProfile.ts';
import { checkSelfEvalTable, layoutProfile, parseSelfEvalGrid, qualitativeResultOf, type Cell, type ParsedSelfEvalTable } from '../../shared/rules/selfEvalLayouts.ts';
import nationalDefaultJson from '../../resources/profiles/national-default.json' with { type: 'json' };
import integratedJson from '../../resources/profiles/integrated-caps.json' with { type: 'json' };

const DEFAULT = ruleProfileBodySchema.parse(nationalDefaultJson.body);
const CAPS = ruleProfileBodySchema.parse(integratedJson.body);
const R2 = ruleProfileBodySchema.parse({ ...structuredClone(DEFAULT), selfEvaluation: { ...structuredClone(DEFAULT.selfEvaluation), reverseFormula: 'R2' } });

function parse(grid: Cell[][]): ParsedSelfEvalTable {
  const r = parseSelfEvalGrid(grid);
  if (!r.ok) throw new Error(r.message);
  return r.table;
}
const reasons = (profile: RuleProfileBody, grid: Cell[][]) => checkSelfEvalTable(profile, parse(grid)).differences.map((d) => [d.row, d.field, d.reasonCode]);

// ---------------------------------------------------------------- grids as the layouts print them

const NATIONAL: Cell[][] = [
  ['项目支出绩效自评表'],
  ['项目资金（万元）', '', '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
  ['', '年度资金总额', '', 300, 320, 304, 10, '95%', 9.5],
  ['', '其中：当年财政拨款', '', 300, 320, 304, '—', '—', '—'],
  ['绩效指标', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'],
  ['', '产出指标(50分)', '数量指标', '养护里程', '≥120公里', 126, 15, 15, null],
  [null, null, '质量指标', '养护验收合格率', '≥95%', '92%', 10, 9.68, null],
  [null, null, '时效指标', '按期完工率', '＝100%', '100%', 10, 10, null],
  [null, null, '成本指标', '每公里养护成本', '≤2.60万元', 2.41, 15, 15, null],
  ['', '效益指标(30分)', '社会效益指标', '优良路率', '≥80%', '84%', 15, 15, null],
  [null, null, '可持续影响指标', '养护长效机制建立', '建立并运行', '部分达成年度指标并具有一定效果', 15, 11, null],
  ['', '满意度指标(10分)', '服务对象满意度指标', '沿线群众满意度', '≥90%', '93%', 10, 10, null],
  ['总分', '', '', '', '', '', 100, 95.18, null],
];

describe('parseSelfEvalGrid: detection and extraction', () => {
  it('national: money block, merged level-1 cells carried down, targets parsed, 万元 from the label', () => {
    const t = parse(NATIONAL);
    expect(t.layout).toBe('national');
    expect(t.amountUnit).toBe('wan');
    expect(t.executionWeight).toBe(10);
    expect(t.execution).toEqual({ row: 3, initialFen: 300_000_000, budgetFen: 320_000_000, executedFen: 304_000_000, unitRate: 95, unitScore: 9.5 });
    expect(t.rows.map((r) => [r.row, r.level1, r.level2Text, r.operator, r.targetValue, r.targetUnit, r.actualValue, r.weight, r.unitScore])).toEqual([
      [6, 'output', '数量指标', '>=', 120, '公里', 126, 15, 15],
      [7, 'output', '质量指标', '>=', 95, '%', 92, 10, 9.68],
      [8, 'output', '时效指标', '=', 100, '%', 100, 10, 10],
      [9, 'output', '成本指标', '<=', 2.6, '万元', 2.41, 15, 15],
      [10, 'benefit', '社会效益指标', '>=', 80, '%', 84, 15, 15],
      [11, 'benefit', '可持续影响指标', 'qualitative', null, '', null, 15, 11],
      [12, 'satisfaction', '服务对象满意度指标', '>=', 90, '%', 93, 10, 10],
    ]);
    expect(t.rows[5]?.qualitativeResult).toBe('partial');
    expect(t.rows[0]?.level1Text).toBe('产出指标');
    expect(t.unitTotal).toBe(95.18);
    expect(t.unitTotalRow).toBe(13);
    expect(t.errors).toEqual([]);
  });

  it('20 + 80: the execution weight from "得分（20分×执行率）", 元 from the header, weights by the level-1 labels', () => {
    const t = parse([
      ['预算执行情况', '预算数（元）', '执行数（元）', '执行率', '得分（20分×执行率）'],
      ['年度资金总额', '1,000,000.00', 925000, 0.925, 18.5],
      ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '得分'],
      ['产出指标（40分）', '数量指标', 'A', '≥48次', 52, 10],
      [null, '质量指标', 'B', '≥95%', '90%', 10],
      [null, '时效指标', 'C', '100%', '100%', 10],
      ['效益指标（30分）', '社会效益指标', 'D', '明显提升', '明显提升', 30],
      ['满意度指标（10分）', '服务对象满意度指标', 'E', '≥90%', '94%', 10],
      ['合计', '', '', '', '', 70],
    ]);
    expect(t.layout).toBe('execution20');
    expect(t.amountUnit).toBe('yuan');
    expect(t.executionWeight).toBe(20);
    // 0.925 without a percent format is read as a share.
    expect(t.execution).toMatchObject({ budgetFen: 100_000_000, executedFen: 92_500_000, unitRate: 92.5 });
    expect(t.weightsDistributed).toBe(true);
    expect(t.rows.map((r) => r.weight)).toEqual([13.33, 13.33, 13.34, 30, 10]);
    expect(t.notes[0]).toContain('产出 40、效益 30、满意度 10');
  });

  it('20 + 80 without level-1 weights: the 80 evenly, 单位 line for the amount unit', () => {
    const t = parse([
      ['单位：万元'],
      ['项目资金', '预算数', '执行数', '执行率', '分值', '得分'],
      ['年度资金总额', 250, 230, '92%', 20, 18.4],
      ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '得分'],
      ['产出指标', '数量指标', 'A', '≥10个', 10, 26.67],
      [null, null, 'B', '≥10个', 10, 26.67],
      ['效益指标', '社会效益指标', 'C', '≥10个', 10, 26.66],
    ]);
    expect(t.layout).toBe('execution20');
    expect(t.amountUnitSource).toBe('“单位:万元”');
    expect(t.rows.map((r) => r.weight)).toEqual([26.67, 26.67, 26.66]);
    expect(t.unitTotal).toBeNull();
  });

  it('四川: 调整后预算数 and 预算执行数, 指标性质 and 度量单位 as hints, 绩效指标（90分）', () => {
    const t = parse([
      ['预算执行情况（元）', '年初预算', '调整后预算数', '预算执行数', '预算执行率', '权重', '得分'],
      ['年度资金总额', 5000000, 4800000, 4560000, '95.00%', 10, 9.5],
      ['绩效指标（90分）'],
      ['一级指标', '二级指标', '三级指标', '指标性质', '指标值', '度量单位', '完成值', '权重', '得分'],
      ['产出指标', '数量指标', 'A', '正向指标', 52000, '人', 51000, 30, 29.42],
      [null, '成本指标', 'B', '反向指标', 640, '元', 600, 30, 30],
      ['效益指标', '社会效益指标', 'C', '定性指标', '有效减轻', '', '部分达成', 30, 20],
    ]);
    expect(t.layout).toBe('sichuan');
    expect(t.amountUnit).toBe('yuan');
    expect(t.execution).toMatchObject({ initialFen: 500_000_000, budgetFen: 480_000_000, executedFen: 456_000_000, unitRate: 95 });
    expect(t.rows.map((r) => [r.operator, r.targetValue, r.targetUnit, r.targetText, r.valueType])).toEqual([
      ['>=', 52000, '人', '≥52000人', 'quantitative'],
      ['<=', 640, '元', '≤640元', 'quantitative'],
      ['qualitative', null, '', '有效减轻', 'qualitative'],
    ]);
  });

  it('重庆部门整体: 得分系数 and 是否核心指标; a missing 得分 is 指标权重 × 得分系数', () => {
    const t = parse([
      ['金额单位：万元'],
      ['预算执行情况', '全年预算数', '全年执行数', '执行率', '指标权重', '得分系数', '得分'],
      ['合计', 1500, 1320, '88%', 10, 0.88, null],
      ['一级指标', '二级指标', '三级指标', '指标权重', '是否核心指标', '年度目标值', '实际完成值', '得分系数', '得分'],
      ['产出指标', '数量指标', 'A', 60, '是', '≥2000人次', 1800, 0.9, null],
      ['效益指标', '经济效益指标', 'B', 30, '否', '≥6%', '6.5%', 1, 30],
    ]);
    expect(t.layout).toBe('chongqingUnit');
    expect(t.execution).toMatchObject({ unitScore: 8.8, unitRate: 88 });
    expect(t.rows.map((r) => [r.isCore, r.unitCoefficient, r.unitScore])).toEqual([[true, 0.9, 54], [false, 1, 30]]);
  });

  it('no execution: no money block, execution weight 0', () => {
    const t = parse([
      ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分'],
      ['产出指标（40分）', '数量指标', 'A', '≥25个', 25, 40, 40],
      ['效益指标（40分）', '社会效益指标', 'B', '≥100人', 100, 40, 40],
      ['满意度指标（20分）', '服务对象满意度指标', 'C', '≥90%', '96%', 20, 20],
      ['总分', '', '', '', '', 100, 100],
    ]);
    expect(t.layout).toBe('noExecution');
    expect(t.execution).toBeNull();
    expect(t.executionWeight).toBe(0);
    expect(t.notes).toEqual(['表中未注明金额单位，按万元读取']);
    const c = checkSelfEvalTable(DEFAULT, t);
    expect(c.appTotal).toBe(100);
    expect(c.differences).toEqual([]);
  });

  it('reports unreadable cells by row and 0-based column, and refuses a sheet without the indicator header', () => {
    const t = parse([
      ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分'],
      ['产出', '数量指标', 'A', '90%-95%', '92%', 50, 50],
      ['其他', '数量指标', 'B', '≥10个', '很多', '五十', 50],
      ['效益', '社会效益指标', 'C', '', '', 0, '好'],
    ]);
    expect(t.errors.map((e) => [e.row, e.col, e.field])).toEqual([
      [2, 3, '年度指标值'], [3, 0, '一级指标'], [3, 4, '实际完成值'], [3, 5, '分值'], [4, 3, '年度指标值'], [4, 4, '实际完成值'], [4, 6, '得分'],
    ]);
    expect(t.errors[0]?.message).toContain('不支持区间值');
    expect(t.rows.every((r) => r.unreadable)).toBe(true);
    expect(parseSelfEvalGrid([['项目名称', 'x']])).toEqual({ ok: false, message: '找不到指标表头“三级指标”' });
    expect(parseSelfEvalGrid([['三级指标', '实际完成值', '得分']])).toMatchObject({ ok: false, message: expect.stringContaining('年度指标值') });
  });

  it('reads 定性 completion from the unit wording', () => {
    expect(qualitativeResultOf('已建立并运行')).toBe('achieved');
    expect(qualitativeResultOf('基本建立')).toBe('partial');
    expect(qualitativeResultOf('部分达成')).toBe('partial');
    expect(qualitativeResultOf('未建立')).toBe('notAchieved');
    expect(qualitativeResultOf('')).toBeNull();
  });
});

describe('checkSelfEvalTable: scores with the layout weights and classified differences', () => {
  it('SPEC §11.1 under the default profile: 95.18 and no difference from a correct table', () => {
    const c = checkSelfEvalTable(DEFAULT, parse(NATIONAL));
    expect(c.appTotal).toBe(95.18);
    expect(c.appGrade).toBe('excellent');
    expect(c.differences).toEqual([]);
  });

  it('builds the profile variant from the layout: execution 20, level-1 weights from the rows (成本 folded into 产出 for template A)', () => {
    const t = parse(NATIONAL);
    const p = layoutProfile(DEFAULT, { ...t, executionWeight: 20 });
    expect(p.selfEvaluation.executionWeight).toBe(20);
    expect(p.selfEvaluation.level1Weights).toEqual({ output: 50, cost: 0, benefit: 30, satisfaction: 10 });
    expect(p.selfEvaluation.reverseFormula).toBe('R1');
  });

  const withScores = (edit: (g: Cell[][]) => void) => {
    const g = structuredClone(NATIONAL);
    edit(g);
    return g;
  };

  it('rounding and truncation, integer and one decimal', () => {
    expect(reasons(DEFAULT, withScores((g) => { g[6]![7] = 10.0 - 0.3; g[12]![7] = 95.2; }))).toEqual([[7, 'score', 'rounding'], [13, 'total', 'carried']]);
    expect(reasons(DEFAULT, withScores((g) => { g[6]![7] = 9.6; g[12]![7] = 95.1; }))).toEqual([[7, 'score', 'truncation'], [13, 'total', 'carried']]);
    expect(reasons(DEFAULT, withScores((g) => { g[2]![8] = 10; g[12]![7] = 95.68; }))).toEqual([[3, 'executionScore', 'fullMarksMissed'], [13, 'total', 'carried']]);
  });

  it('full marks for a missed target, a missing score, a wrong sum, execution left out, weights not adding to 100', () => {
    expect(reasons(DEFAULT, withScores((g) => { g[6]![7] = 10; g[12]![7] = 95.5; }))).toEqual([[7, 'score', 'fullMarksMissed'], [13, 'total', 'carried']]);
    expect(reasons(DEFAULT, withScores((g) => { g[6]![7] = null; g[12]![7] = 85.5; }))).toEqual([[7, 'score', 'missing'], [13, 'total', 'carried']]);
    expect(reasons(DEFAULT, withScores((g) => { g[12]![7] = 96.18; }))).toEqual([[13, 'total', 'totalSum']]);
    expect(reasons(DEFAULT, withScores((g) => { g[12]![7] = 85.68; }))).toEqual([[13, 'total', 'executionLeftOut']]);
    expect(reasons(DEFAULT, withScores((g) => { g[12]![7] = 95; }))).toEqual([[13, 'total', 'rounding']]);
    expect(reasons(DEFAULT, withScores((g) => { g[5]![6] = 16; g[5]![7] = 16; g[12]![7] = 96.18; }))).toEqual([[null, 'weightSum', 'weightSum']]);
  });

  it('the other reverse formula: R2 under an R1 profile and R1 under an R2 profile', () => {
    // 每公里养护成本 ≤2.60, actual 3.90, weight 15: R1 10.00, R2 7.50 (SPEC §11.2).
    const g = withScores((x) => { x[8]![5] = 3.9; x[8]![7] = 7.5; x[12]![7] = 87.68; });
    expect(reasons(DEFAULT, g)).toEqual([[9, 'score', 'reverseFormula'], [13, 'total', 'carried']]);
    const h = withScores((x) => { x[8]![5] = 3.9; x[8]![7] = 10; x[12]![7] = 90.18; });
    expect(reasons(R2, h)).toEqual([[9, 'score', 'reverseFormula'], [13, 'total', 'carried']]);
    expect(checkSelfEvalTable(R2, parse(h)).rows[3]?.appScore).toBe(7.5);
  });

  it('a 定性 score outside its band is taken to the band edge (above: just under the top; below: the bottom)', () => {
    const above = checkSelfEvalTable(DEFAULT, parse(withScores((g) => { g[10]![7] = 13; g[12]![7] = 97.18; })));
    expect(above.rows[5]).toMatchObject({ unitScore: 13, appScore: 11.99, reasons: ['定性指标得分超出区间'] });
    const below = checkSelfEvalTable(DEFAULT, parse(withScores((g) => { g[10]![7] = 8; g[12]![7] = 92.18; })));
    expect(below.rows[5]).toMatchObject({ unitScore: 8, appScore: 9 });
  });

  it('an execution rate on 年初预算数 is a different base', () => {
    // 304 ÷ 300 = 101.33% instead of 304 ÷ 320 = 95.00%.
    expect(reasons(DEFAULT, withScores((g) => { g[2]![7] = '101.33%'; }))).toEqual([[3, 'executionRate', 'rateBase']]);
    expect(reasons(DEFAULT, withScores((g) => { g[2]![7] = '95.5%'; }))).toEqual([[3, 'executionRate', 'other']]);
  });

  it('not applicable rows are not scored and the total is normalised; a cap of the profile is reported', () => {
    const na = checkSelfEvalTable(DEFAULT, parse(withScores((g) => { g[9]![5] = '不适用'; g[9]![7] = '不适用'; g[12]![7] = 80.18; })));
    expect(na.rows[4]?.appScore).toBeNull();
    expect(na.appTotal).toBe(94.33); // 80.18 ÷ 85 × 100
    expect(na.appTotalNotes[0]).toContain('折算为百分制');
    expect(na.differences.map((d) => d.reasonCode)).toEqual(['other']);
    // 240 ÷ 320 = 75% → capped at 89 by the 一体化 profile; the unit kept its sum.
    const capped = checkSelfEvalTable(CAPS, parse(withScores((g) => { g[2]![5] = 240; g[2]![7] = '75%'; g[2]![8] = 7.5; g[12]![7] = 93.18; })));
    expect(capped.appTotal).toBe(89);
    expect(capped.differences.map((d) => [d.field, d.reasonCode])).toEqual([['total', 'cap']]);
  });
});
