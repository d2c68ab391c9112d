import { describe, expect, it } from 'vitest';
import { ruleProfileBodySchema, type MonitoringRule, type RuleProfileBody } from '../../shared/domain/ruleProfile.ts';
import {
  DECISION_ACTIONS,
  DECISION_ACTION_LABELS,
  LIKELIHOOD_LABELS,
  MONEY_ACTIONS,
  PROGRESS_LABELS,
  WARNING_LEVEL_LABELS,
  decisionDeadline,
  evaluateMonitoring,
  indicatorCompletion,
  isMoneyAction,
  monthEnd,
  requiresCorrectiveMeasures,
  targetProgress,
  timeProgress,
  workingDaysDeadline,
  type MonitoringIndicatorInput,
  type MonitoringInput,
  type MonitoringResult,
} from '../../shared/rules/monitoring.ts';
import nationalDefaultJson from '../../resources/profiles/national-default.json' with { type: 'json' };
import xinjiangJson from '../../resources/profiles/xinjiang-county.json' with { type: 'json' };
import yunnanJson from '../../resources/profiles/yunnan-prefecture.json' with { type: 'json' };
import gansuJson from '../../resources/profiles/gansu-city.json' with { type: 'json' };
import sichuanJson from '../../resources/profiles/sichuan-2025.json' with { type: 'json' };
import integratedJson from '../../resources/profiles/integrated-caps.json' with { type: 'json' };

const WAN = 1_000_000; // 分 per 万元
const wan = (n: number) => Math.round(n * WAN);

const PRESETS = {
  'national-default': ruleProfileBodySchema.parse(nationalDefaultJson.body),
  'xinjiang-county': ruleProfileBodySchema.parse(xinjiangJson.body),
  'yunnan-prefecture': ruleProfileBodySchema.parse(yunnanJson.body),
  'gansu-city': ruleProfileBodySchema.parse(gansuJson.body),
  'sichuan-2025': ruleProfileBodySchema.parse(sichuanJson.body),
  'integrated-caps': ruleProfileBodySchema.parse(integratedJson.body),
} as const;
type PresetCode = keyof typeof PRESETS;

const national = PRESETS['national-default'];
const sichuan = PRESETS['sichuan-2025'];

/** A profile with the monitoring section changed (everything else from the national default). */
function withMonitoring(patch: Partial<RuleProfileBody['monitoring']>, from: RuleProfileBody = national): RuleProfileBody {
  return ruleProfileBodySchema.parse({ ...from, monitoring: { ...from.monitoring, ...patch } });
}
const onlyRules = (...rules: MonitoringRule[]) => withMonitoring({ rules });

/** 太原 preset: 全年预算 ≥ 200万 and ≤ 60% spent by end of August → 重点监控 (SPEC §6.2). */
const taiyuan = withMonitoring({ rules: [...national.monitoring.rules, { kind: 'keySelection', minAmountFen: wan(200), maxRate: 60, month: 8 }] });

function row(over: Partial<MonitoringIndicatorInput> & Pick<MonitoringIndicatorInput, 'name'>): MonitoringIndicatorInput {
  return {
    valueType: 'quantitative',
    operator: '>=',
    targetValue: null,
    actualValue: null,
    expectedValue: null,
    progress: null,
    likelihood: 'certain',
    ...over,
  };
}
const qual = (name: string, progress: MonitoringIndicatorInput['progress'], likelihood: MonitoringIndicatorInput['likelihood'] = 'certain') =>
  row({ name, valueType: 'qualitative', operator: 'qualitative', progress, likelihood });

/** SPEC §11.8: 全年预算 500.00 万元. */
function project(month: number, executedWan: number, over: Partial<MonitoringInput> = {}): MonitoringInput {
  return { year: 2025, month, initialBudgetFen: wan(500), annualBudgetFen: wan(500), executedFen: wan(executedWan), indicators: [], ...over };
}

const kinds = (r: MonitoringResult) => r.warnings.map((w) => `${w.rule}:${w.level}`);

describe('SPEC §11.8 worked example', () => {
  it('1–6月 150.00 of 500.00 万元: 执行率 30.00%, 时间进度 50.00%, 进度差 20.00, 相对偏差 40.00%', () => {
    const r = evaluateMonitoring(national, project(6, 150));
    expect(r).toMatchObject({ baseFen: 500 * WAN, base: 'annualBudget', executionRate: 30, timeProgress: 50, gapPoints: 20, relativeDeviation: 40, targetProgress: null });
  });

  it('四川 preset: node 6 floor 40% → 预警, and a 10-working-day decision window', () => {
    const r = evaluateMonitoring(sichuan, project(6, 150));
    expect(r.warnings).toEqual([
      {
        rule: 'nodeFloor',
        ruleIndex: 0,
        level: 'yellow',
        indicator: null,
        message: '1–6月执行率 30.00% 低于 6 月下限 40.00%',
        numbers: { month: 6, executionRate: 30, floorMonth: 6, minRate: 40 },
        suggestedActions: ['remind', 'rectify'],
      },
    ]);
    expect(r.level).toBe('yellow');
    expect(sichuan.monitoring.decisionWindowWorkingDays).toBe(10);
    expect(decisionDeadline(sichuan, '2025-07-11')).toBe('2025-07-25');
    expect(decisionDeadline(national, '2025-07-11')).toBeNull();
  });

  it.each<PresetCode>(['national-default', 'xinjiang-county'])('"20%" preset (%s): relative deviation 40% > 20% → 预警', (code) => {
    const r = evaluateMonitoring(PRESETS[code], project(6, 150));
    const w = r.warnings.find((x) => x.rule === 'timeGap');
    expect(w).toMatchObject({
      ruleIndex: 0,
      level: 'yellow',
      message: '时间进度 50.00%，执行率 30.00%，进度差 20.00 个百分点，相对偏差 40.00%，超过 20.00% 的预警线',
      numbers: { timeProgress: 50, executionRate: 30, gapPoints: 20, relativeDeviation: 40, maxRelativeDeviation: 20 },
      suggestedActions: ['remind', 'rectify'],
    });
  });

  it('1–8月 260.00 万元 → 52.00% < 60% still warns under 四川', () => {
    const r = evaluateMonitoring(sichuan, project(8, 260));
    expect(r.executionRate).toBe(52);
    expect(r.warnings.map((w) => w.message)).toEqual(['1–8月执行率 52.00% 低于 8 月下限 60.00%']);
  });

  it('太原 preset: 500万 and 52% at month 8 → 重点监控 (not a warning)', () => {
    const r = evaluateMonitoring(taiyuan, project(8, 260));
    expect(r.keySelected).toBe(true);
    expect(r.keyReason).toBe('全年预算 500.00 万元 ≥ 200.00 万元，1–8月执行率 52.00% ≤ 60.00%，列入重点监控');
    expect(r.warnings.some((w) => w.rule === 'keySelection')).toBe(false);
  });

  it.each<[string, MonitoringInput, boolean]>([
    ['500万, 52%, month 8', project(8, 260), true],
    ['exactly 200万, 60.00%, month 8 (both bounds inclusive)', project(8, 120, { annualBudgetFen: wan(200), initialBudgetFen: wan(200) }), true],
    ['199万 at 52%', project(8, 103.48, { annualBudgetFen: wan(199), initialBudgetFen: wan(199) }), false],
    ['500万 at 61%', project(8, 305), false],
    ['500万 at 60.01%', project(8, 300.05), false],
    ['month 6 (before the node)', project(6, 150), false],
    ['month 10, still ≤ 60%', project(10, 260), true],
  ])('太原 keySelection: %s → %s', (_label, input, selected) => {
    expect(evaluateMonitoring(taiyuan, input).keySelected).toBe(selected);
  });

  it('indicator "农户培训人次 ≥ 2000", 600 / 预计 1500, 有可能 → 黄灯, and 纠偏措施 required', () => {
    const ind = row({ name: '农户培训人次', targetValue: 2000, actualValue: 600, expectedValue: 1500, likelihood: 'possible' });
    const r = evaluateMonitoring(national, project(6, 150, { indicators: [ind] }));
    expect(r.targetProgress).toBe(30);
    expect(r.warnings.filter((w) => w.indicator !== null)).toEqual([
      {
        rule: 'impossible', ruleIndex: 2, level: 'yellow', indicator: '农户培训人次',
        message: '“农户培训人次”预计全年完成目标的可能性为“有可能”，须采取纠偏措施',
        numbers: { targetValue: 2000, actualValue: 600, expectedValue: 1500 }, suggestedActions: ['remind'],
      },
    ]);
    expect(r.notes).toEqual(['“农户培训人次”完成目标可能性为“有可能”，请填写纠偏措施', '“农户培训人次”全年预计完成值 1500 未达到年度指标值 ≥2000']);
    expect(requiresCorrectiveMeasures('possible')).toBe(true);
    expect(requiresCorrectiveMeasures('impossible')).toBe(true);
    expect(requiresCorrectiveMeasures('certain')).toBe(false);
  });
});

describe('nodeFloor', () => {
  const floors = onlyRules({ kind: 'nodeFloor', level: 'red', floors: [{ month: 4, minRate: 25 }, { month: 8, minRate: 60 }, { month: 6, minRate: 40 }] });
  it.each<[month: number, executedWan: number, message: string | null]>([
    [3, 0, null], // no node yet
    [4, 124.95, '1–4月执行率 24.99% 低于 4 月下限 25.00%'],
    [4, 125, null], // equal to the floor is not below it
    [5, 110, '1–5月执行率 22.00% 低于 4 月下限 25.00%'], // month 5 is held to the month-4 floor
    [7, 190, '1–7月执行率 38.00% 低于 6 月下限 40.00%'], // floors need not be sorted
    [12, 290, '1–12月执行率 58.00% 低于 8 月下限 60.00%'],
    [6, 199.975, null], // 39.995% rounds to 40.00%: compared on the rounded figure
  ])('month %i, %f 万元 → %s', (month, executedWan, message) => {
    const r = evaluateMonitoring(floors, project(month, executedWan));
    expect(r.warnings.map((w) => w.message)).toEqual(message === null ? [] : [message]);
    expect(r.warnings.map((w) => w.suggestedActions)).toEqual(message === null ? [] : [['remind', 'rectify', 'suspendPayment']]);
  });
});

describe('timeGap', () => {
  it.each<[string, MonitoringRule, number, string | null]>([
    ['points only, 20.00 > 15', { kind: 'timeGap', level: 'yellow', maxGapPoints: 15, maxRelativeDeviation: null }, 150, '时间进度 50.00%，执行率 30.00%，进度差 20.00 个百分点，相对偏差 40.00%，超过 15.00 个百分点的预警线'],
    ['both exceeded', { kind: 'timeGap', level: 'red', maxGapPoints: 15, maxRelativeDeviation: 20 }, 150, '时间进度 50.00%，执行率 30.00%，进度差 20.00 个百分点，相对偏差 40.00%，超过 15.00 个百分点和 20.00% 的预警线'],
    ['exactly at the line does not warn', { kind: 'timeGap', level: 'yellow', maxGapPoints: 20, maxRelativeDeviation: 40 }, 150, null],
    ['ahead of time never warns', { kind: 'timeGap', level: 'yellow', maxGapPoints: 0, maxRelativeDeviation: 0 }, 300, null],
    ['both thresholds null', { kind: 'timeGap', level: 'yellow', maxGapPoints: null, maxRelativeDeviation: null }, 0, null],
  ])('%s', (_label, rule, executedWan, message) => {
    const r = evaluateMonitoring(onlyRules(rule), project(6, executedWan));
    expect(r.warnings.map((w) => w.message)).toEqual(message === null ? [] : [message]);
  });

  it('relative deviation 20% of 50% time progress: 60.00% spent is 40.00% …', () => {
    // 1–6月 200 of 500 = 40.00%; gap 10.00; relative 20.00% — not over 20%.
    expect(evaluateMonitoring(national, project(6, 200)).warnings).toEqual([]);
    // 199.99 万元 → 39.998% → 40.00% shown; gap from the exact fractions 10.002 → 10.00; relative 20.004 → 20.00.
    const r = evaluateMonitoring(national, project(6, 199.99));
    expect([r.executionRate, r.gapPoints, r.relativeDeviation]).toEqual([40, 10, 20]);
    expect(r.warnings).toEqual([]);
  });
});

describe('targetExecutionGap and target progress', () => {
  const rule = onlyRules({ kind: 'targetExecutionGap', level: 'yellow', maxGapPoints: 10 });
  it('|目标完成进度 − 执行率| > 10 warns both ways', () => {
    const ahead = evaluateMonitoring(rule, project(6, 150, { indicators: [row({ name: '新建道路', targetValue: 10, actualValue: 8 })] }));
    expect(ahead.warnings).toEqual([
      {
        rule: 'targetExecutionGap',
        ruleIndex: 0,
        level: 'yellow',
        indicator: null,
        message: '目标完成进度 80.00% 与预算执行率 30.00% 相差 50.00 个百分点，超过 10.00 个百分点',
        numbers: { targetProgress: 80, executionRate: 30, gapPoints: 50, maxGapPoints: 10 },
        suggestedActions: ['rectify', 'adjustGoal'],
      },
    ]);
    const behind = evaluateMonitoring(rule, project(6, 300, { indicators: [row({ name: '新建道路', targetValue: 10, actualValue: 4 })] }));
    expect(behind.warnings.map((w) => w.message)).toEqual(['目标完成进度 40.00% 与预算执行率 60.00% 相差 20.00 个百分点，超过 10.00 个百分点']);
    const close = evaluateMonitoring(rule, project(6, 150, { indicators: [row({ name: '新建道路', targetValue: 10, actualValue: 4 })] }));
    expect(close.warnings).toEqual([]); // exactly 10.00 is not over 10
  });

  it('no measurable quantitative row → no target progress and no check', () => {
    const r = evaluateMonitoring(rule, project(6, 0, { indicators: [qual('长效机制', 'achieved'), row({ name: '满意度', targetValue: 90 })] }));
    expect(r.targetProgress).toBeNull();
    expect(r.warnings).toEqual([]);
  });

  it.each<[string, Partial<MonitoringIndicatorInput>, number | null]>([
    ['positive below target', { operator: '>=', targetValue: 2000, actualValue: 600 }, 30],
    ['positive over target is capped', { operator: '>=', targetValue: 100, actualValue: 180 }, 100],
    ['strict > read like ≥', { operator: '>', targetValue: 50, actualValue: 25 }, 50],
    ['positive with target 0', { operator: '>=', targetValue: 0, actualValue: 0 }, 100],
    ['reverse within the limit', { operator: '<=', targetValue: 2.6, actualValue: 2.41 }, 100],
    ['reverse over the limit: t ÷ a', { operator: '<=', targetValue: 2.6, actualValue: 3.9 }, 66.67],
    ['reverse =0 limit exceeded', { operator: '<', targetValue: 0, actualValue: 1 }, 0],
    ['equal reached', { operator: '=', targetValue: 100, actualValue: 100 }, 100],
    ['equal below', { operator: '=', targetValue: 100, actualValue: 60 }, 60],
    ['equal above', { operator: '=', targetValue: 100, actualValue: 125 }, 80],
    ['equal zero target missed', { operator: '=', targetValue: 0, actualValue: 1 }, 0],
    ['negative actual counts as 0', { operator: '>=', targetValue: 10, actualValue: -3 }, 0],
    ['no actual yet', { operator: '>=', targetValue: 10, actualValue: null }, null],
    ['no target', { operator: '>=', targetValue: null, actualValue: 3 }, null],
    ['qualitative row', { valueType: 'qualitative', operator: 'qualitative', targetValue: null, actualValue: null }, null],
  ])('indicatorCompletion: %s → %s', (_label, over, expected) => {
    const v = indicatorCompletion(row({ name: 'x', ...over }));
    expect(v === null ? null : Math.round(v * 100) / 100).toBe(expected);
  });

  it('targetProgress is the plain mean over measurable rows, rounded once', () => {
    expect(
      targetProgress([
        row({ name: 'a', targetValue: 2000, actualValue: 600 }), // 30
        row({ name: 'b', targetValue: 10, actualValue: 8 }), // 80
        row({ name: 'c', operator: '<=', targetValue: 3, actualValue: 1 }), // 100
        row({ name: 'd', targetValue: 90, actualValue: null }), // left out
        qual('e', 'partial'), // left out
      ]),
    ).toBe(70);
    expect(targetProgress([row({ name: 'a', targetValue: 3, actualValue: 1 }), row({ name: 'b', targetValue: 3, actualValue: 1 })])).toBe(33.33);
    expect(targetProgress([])).toBeNull();
  });
});

describe('qualitativeLight and 完全不可能', () => {
  it('partial → yellow, notAchieved → red, achieved → nothing; quantitative rows ignored', () => {
    const r = evaluateMonitoring(onlyRules({ kind: 'qualitativeLight' }), project(6, 300, {
      indicators: [
        qual('长效机制建立', 'partial'),
        qual('制度健全性', 'notAchieved'),
        qual('群众知晓度', 'achieved'),
        qual('尚未填写', null),
        row({ name: '定量', progress: 'notAchieved', targetValue: 1, actualValue: 1 }),
      ],
    }));
    expect(r.warnings).toEqual([
      { rule: 'qualitativeLight', ruleIndex: 0, level: 'yellow', indicator: '长效机制建立', message: '“长效机制建立”进展为“部分达成目标并具有一定效果”', numbers: {}, suggestedActions: ['remind'] },
      { rule: 'qualitativeLight', ruleIndex: 0, level: 'red', indicator: '制度健全性', message: '“制度健全性”进展为“未达成目标且效果较差”', numbers: {}, suggestedActions: ['rectify', 'adjustGoal'] },
    ]);
    expect(r.level).toBe('red');
  });

  it('完全不可能 → warning at the rule level for any row; 有可能 → yellow (SPEC §11.8)', () => {
    const r = evaluateMonitoring(national, project(6, 300, {
      indicators: [
        row({ name: '新建校舍面积', targetValue: 5000, actualValue: 800, expectedValue: 2000, likelihood: 'impossible' }),
        qual('办学条件改善', 'achieved', 'impossible'),
        row({ name: '培训人次', targetValue: 100, actualValue: 50, expectedValue: 100, likelihood: 'possible' }),
      ],
    }));
    expect(r.warnings).toEqual([
      {
        rule: 'impossible',
        ruleIndex: 2,
        level: 'red',
        indicator: '新建校舍面积',
        message: '“新建校舍面积”预计全年完全不可能完成',
        numbers: { targetValue: 5000, actualValue: 800, expectedValue: 2000 },
        suggestedActions: ['adjustGoal', 'reduceBudget'],
      },
      { rule: 'impossible', ruleIndex: 2, level: 'red', indicator: '办学条件改善', message: '“办学条件改善”预计全年完全不可能完成', numbers: {}, suggestedActions: ['adjustGoal', 'reduceBudget'] },
      {
        rule: 'impossible', ruleIndex: 2, level: 'yellow', indicator: '培训人次', message: '“培训人次”预计全年完成目标的可能性为“有可能”，须采取纠偏措施',
        numbers: { targetValue: 100, actualValue: 50, expectedValue: 100 }, suggestedActions: ['remind'],
      },
    ]);
    expect(r.level).toBe('red');
    expect(r.notes).toEqual(['“新建校舍面积”全年预计完成值 2000 未达到年度指标值 ≥5000', '“培训人次”完成目标可能性为“有可能”，请填写纠偏措施']);
  });

  it('a yellow 完全不可能 rule keeps its level', () => {
    const r = evaluateMonitoring(onlyRules({ kind: 'impossible', level: 'yellow' }), project(6, 300, { indicators: [qual('x', null, 'impossible')] }));
    expect(kinds(r)).toEqual(['impossible:yellow']);
  });
});

describe('time progress', () => {
  it.each<[mode: 'months' | 'days', year: number, month: number, asOf: string | undefined, expected: number]>([
    ['months', 2025, 6, undefined, 50],
    ['months', 2025, 8, undefined, 66.67],
    ['months', 2025, 12, undefined, 100],
    ['months', 2024, 6, '2024-01-01', 50], // asOf is ignored in months mode
    ['days', 2024, 6, '2024-06-30', 49.73], // 182 ÷ 366 (leap year)
    ['days', 2024, 6, undefined, 49.73], // default: last day of month N
    ['days', 2025, 6, undefined, 49.59], // 181 ÷ 365
    ['days', 2025, 1, '2025-01-01', 0.27], // 1 ÷ 365
    ['days', 2024, 12, undefined, 100],
    ['days', 2100, 2, undefined, 16.16], // 59 ÷ 365: 2100 is not a leap year
  ])('%s %i-%i asOf %s → %f%%', (mode, year, month, asOf, expected) => {
    expect(timeProgress(mode, year, month, asOf)).toBe(expected);
  });

  it('rejects a bad month or a date outside the year', () => {
    expect(() => timeProgress('months', 2025, 0)).toThrow(RangeError);
    expect(() => timeProgress('months', 2025, 13)).toThrow(RangeError);
    expect(() => timeProgress('days', 2025, 6, '2024-06-30')).toThrow(RangeError);
    expect(() => timeProgress('days', 2025, 2, '2025-02-29')).toThrow(RangeError);
    expect(() => timeProgress('days', 2025, 2, '2025/02/28')).toThrow(RangeError);
  });

  it('monthEnd', () => {
    expect([monthEnd(2024, 2), monthEnd(2025, 2), monthEnd(2025, 12)]).toEqual(['2024-02-29', '2025-02-28', '2025-12-31']);
  });

  it('a days profile feeds the day-based progress into the rules', () => {
    const days = withMonitoring({ timeProgress: 'days' });
    const r = evaluateMonitoring(days, { ...project(6, 150), year: 2024 });
    expect(r.timeProgress).toBe(49.73);
    // 182/366 − 30% = 19.7268… pp; ÷ 49.7268…% = 39.67%
    expect([r.gapPoints, r.relativeDeviation]).toEqual([19.73, 39.67]);
    const mid = evaluateMonitoring(days, { ...project(6, 150), year: 2024, asOf: '2024-06-15' });
    expect(mid.timeProgress).toBe(45.63); // 167 ÷ 366
  });
});

describe('execution base', () => {
  // 年初 400 万元, 全年 (追加后) 500 万元, executed 150 万元.
  const input = project(6, 150, { initialBudgetFen: wan(400) });
  it.each<[string, RuleProfileBody, MonitoringInput, number, 'annualBudget' | 'initialBudget', number]>([
    ['annual', national, input, 500, 'annualBudget', 30],
    ['initial', withMonitoring({ executionBase: 'initialBudget' }), input, 400, 'initialBudget', 37.5],
    ['annual not yet set → initial', national, { ...input, annualBudgetFen: 0 }, 400, 'initialBudget', 37.5],
  ])('%s', (_label, profile, inp, baseWan, base, rate) => {
    const r = evaluateMonitoring(profile, inp);
    expect([r.baseFen, r.base, r.executionRate]).toEqual([wan(baseWan), base, rate]);
  });

  it('the fallback is noted, and keySelection names the budget it used', () => {
    const r = evaluateMonitoring(taiyuan, project(8, 130, { annualBudgetFen: 0, initialBudgetFen: wan(250) }));
    expect(r.notes).toContain('全年预算数为 0，按年初预算数计算执行率');
    expect(r.keyReason).toBe('年初预算 250.00 万元 ≥ 200.00 万元，1–8月执行率 52.00% ≤ 60.00%，列入重点监控');
  });
});

describe('zero budget', () => {
  it('no execution rate, no money-based warnings, but the indicator rules still run', () => {
    const profile = withMonitoring({ rules: [...sichuan.monitoring.rules, { kind: 'timeGap', level: 'red', maxGapPoints: 0, maxRelativeDeviation: 0 }, { kind: 'keySelection', minAmountFen: 0, maxRate: 100, month: 1 }] });
    const r = evaluateMonitoring(profile, project(8, 0, {
      initialBudgetFen: 0,
      annualBudgetFen: 0,
      indicators: [row({ name: '新建道路', targetValue: 10, actualValue: 8 }), qual('长效机制', 'notAchieved')],
    }));
    expect([r.executionRate, r.gapPoints, r.relativeDeviation, r.targetProgress, r.timeProgress]).toEqual([null, null, null, 80, 66.67]);
    expect(kinds(r)).toEqual(['qualitativeLight:red']);
    expect(r.keySelected).toBe(false);
    expect(r.notes).toEqual(['全年预算数为 0，无法计算执行率，未检查与执行率有关的预警规则']);
  });
});

describe('the six presets on one input', () => {
  // 500 万元, 1–6月 150 万元 (30.00% vs 50.00% time: relative deviation 40.00%);
  // 目标完成进度 = mean(600/2000 = 30%, 8/10 = 80%) = 55.00% → 25.00 pp from execution.
  const common = project(6, 150, {
    indicators: [
      row({ name: '农户培训人次', targetValue: 2000, actualValue: 600, expectedValue: 1500, likelihood: 'possible' }),
      row({ name: '新建道路', targetValue: 10, actualValue: 8, expectedValue: 10 }),
      qual('长效机制建立', 'partial'),
    ],
  });
  it.each<[PresetCode, string[]]>([
    ['national-default', ['timeGap:yellow', 'qualitativeLight:yellow', 'impossible:yellow']],
    ['xinjiang-county', ['timeGap:yellow', 'targetExecutionGap:yellow', 'qualitativeLight:yellow', 'impossible:yellow']], // gap 25 > 20
    ['yunnan-prefecture', ['timeGap:yellow', 'qualitativeLight:yellow', 'impossible:yellow']],
    ['gansu-city', ['timeGap:yellow', 'qualitativeLight:yellow', 'impossible:yellow']],
    ['sichuan-2025', ['nodeFloor:yellow', 'targetExecutionGap:yellow', 'qualitativeLight:yellow', 'impossible:yellow']], // 30 < 40; 25 > 10
    ['integrated-caps', ['timeGap:yellow', 'qualitativeLight:yellow', 'impossible:yellow']],
  ])('%s → %j', (code, expected) => {
    const r = evaluateMonitoring(PRESETS[code], common);
    expect(kinds(r)).toEqual(expected);
    expect(r).toMatchObject({ executionRate: 30, timeProgress: 50, gapPoints: 20, relativeDeviation: 40, targetProgress: 55, level: 'yellow', keySelected: false });
    expect(r.notes).toEqual(['“农户培训人次”完成目标可能性为“有可能”，请填写纠偏措施', '“农户培训人次”全年预计完成值 1500 未达到年度指标值 ≥2000']);
    // ruleIndex points back into the profile's rule list.
    for (const w of r.warnings) expect(PRESETS[code].monitoring.rules[w.ruleIndex]?.kind).toBe(w.rule);
  });

  it('a project on schedule with everything achieved warns under no preset', () => {
    const fine = project(6, 260, { indicators: [row({ name: '新建道路', targetValue: 10, actualValue: 5 }), qual('长效机制建立', 'achieved')] });
    for (const profile of Object.values(PRESETS)) expect(evaluateMonitoring(profile, fine)).toMatchObject({ warnings: [], level: null });
  });
});

describe('workingDaysDeadline', () => {
  it.each<[from: string, days: number, expected: string]>([
    ['2025-06-06', 10, '2025-06-20'], // Friday + 10 working days → Friday two weeks later
    ['2025-06-06', 1, '2025-06-09'], // Friday + 1 → Monday
    ['2025-06-07', 1, '2025-06-09'], // Saturday + 1 → Monday
    ['2025-06-09', 5, '2025-06-16'], // Monday + 5 → next Monday
    ['2025-06-06', 0, '2025-06-06'],
    ['2024-12-27', 3, '2025-01-01'], // across the year end; no holiday calendar (元旦 counts as a working day)
    ['2024-02-28', 2, '2024-03-01'], // leap day is a Thursday
  ])('%s + %i → %s', (from, days, expected) => {
    expect(workingDaysDeadline(from, days)).toBe(expected);
  });

  it('rejects bad input', () => {
    expect(() => workingDaysDeadline('2025-13-01', 1)).toThrow(RangeError);
    expect(() => workingDaysDeadline('2025-06-06', -1)).toThrow(RangeError);
    expect(() => workingDaysDeadline('2025-06-06', 1.5)).toThrow(RangeError);
  });
});

describe('labels and actions', () => {
  it('every action has a Chinese label; money actions are a subset', () => {
    expect(DECISION_ACTIONS.map((a) => DECISION_ACTION_LABELS[a])).toEqual(['提醒', '约谈', '限期整改', '调整绩效目标', '调减预算', '调剂', '暂缓拨款', '停止拨款', '收回资金', '暂停项目']);
    expect(DECISION_ACTIONS.filter(isMoneyAction)).toEqual([...MONEY_ACTIONS]);
    expect(isMoneyAction('remind')).toBe(false);
    expect(Object.values(LIKELIHOOD_LABELS)).toEqual(['确定能', '有可能', '完全不可能']);
    expect(Object.values(PROGRESS_LABELS)).toEqual(['达成目标', '部分达成目标并具有一定效果', '未达成目标且效果较差']);
    expect(WARNING_LEVEL_LABELS).toEqual({ yellow: '黄色预警', red: '红色预警' });
  });
});
