import { describe, expect, it } from 'vitest';
import { EMPTY_BASIC, unitBasicProblems, unitOverallMoney, type UnitBasicMoney } from '../../shared/rules/unitOverallMoney.ts';
import { scoreSelfEvaluation } from '../../shared/rules/selfEvaluation.ts';
import { ruleProfileBodySchema } from '../../shared/domain/ruleProfile.ts';
import nationalDefault from '../../resources/profiles/national-default.json' with { type: 'json' };

const WAN = 1_000_000;

/** A county 教育局: 人员经费 800 / 公用经费 120 (全年 820 / 130), projects 年初 300, 全年 320, 执行 304. */
const BASIC: UnitBasicMoney = {
  personnelInitialFen: 800 * WAN, publicInitialFen: 120 * WAN, personnelAnnualFen: 820 * WAN, publicAnnualFen: 130 * WAN,
  personnelExecutedFen: 815 * WAN, publicExecutedFen: 117 * WAN,
};
const PROJECTS = { initialFen: 300 * WAN, annualFen: 320 * WAN, executedFen: 304 * WAN };

describe('部门整体支出 money split (SPEC §7.3)', () => {
  it('adds 人员经费 and 公用经费 into 基本支出 and 基本支出 and 项目支出 into the total, each line with its rate', () => {
    const m = unitOverallMoney(BASIC, PROJECTS);
    expect(m.personnel).toEqual({ initialFen: 800 * WAN, annualFen: 820 * WAN, executedFen: 815 * WAN, rate: 99.39 });
    expect(m.public).toEqual({ initialFen: 120 * WAN, annualFen: 130 * WAN, executedFen: 117 * WAN, rate: 90 });
    expect(m.basic).toEqual({ initialFen: 920 * WAN, annualFen: 950 * WAN, executedFen: 932 * WAN, rate: 98.11 });
    expect(m.project).toEqual({ initialFen: 300 * WAN, annualFen: 320 * WAN, executedFen: 304 * WAN, rate: 95 });
    // 1236 ÷ 1270 = 97.3228…%
    expect(m.total).toEqual({ initialFen: 1220 * WAN, annualFen: 1270 * WAN, executedFen: 1236 * WAN, rate: 97.32 });
    expect(m.missing).toEqual([]);
  });

  it('scores execution on the totals with the profile (10 × rate, capped at 100%)', () => {
    const profile = ruleProfileBodySchema.parse(nationalDefault.body);
    const m = unitOverallMoney(BASIC, PROJECTS);
    const r = scoreSelfEvaluation(profile, { annualBudgetFen: m.total.annualFen, executedFen: m.total.executedFen ?? 0, indicators: [] });
    expect(r.executionRate).toBe(97.32);
    expect(r.executionScore).toBe(9.73);
  });

  it('leaves 全年执行数 open while a basic figure is missing, and lists what to fill (0 is a figure)', () => {
    const partial = { ...EMPTY_BASIC, personnelInitialFen: 0, personnelAnnualFen: 0, personnelExecutedFen: 0 };
    const m = unitOverallMoney(partial, PROJECTS);
    expect(m.basic.executedFen).toBeNull();
    expect(m.total).toEqual({ initialFen: 300 * WAN, annualFen: 320 * WAN, executedFen: null, rate: null });
    expect(m.project.rate).toBe(95);
    expect(m.missing).toEqual(['publicInitialFen', 'publicAnnualFen', 'publicExecutedFen']);
    expect(unitBasicProblems(partial)).toEqual([
      { field: 'basic.publicInitialFen', message: '请填写基本支出的公用经费年初预算数（没有的填 0）' },
      { field: 'basic.publicAnnualFen', message: '请填写基本支出的公用经费全年预算数（没有的填 0）' },
      { field: 'basic.publicExecutedFen', message: '请填写基本支出的公用经费全年执行数（没有的填 0）' },
    ]);
    expect(unitBasicProblems(BASIC)).toEqual([]);
  });

  it('gives no rate on a zero budget and handles a unit without projects', () => {
    const zero = { personnelInitialFen: 0, publicInitialFen: 0, personnelAnnualFen: 0, publicAnnualFen: 0, personnelExecutedFen: 0, publicExecutedFen: 0 };
    const m = unitOverallMoney(zero, { initialFen: 0, annualFen: 0, executedFen: 0 });
    expect(m.total).toEqual({ initialFen: 0, annualFen: 0, executedFen: 0, rate: null });
    const onlyBasic = unitOverallMoney(BASIC, { initialFen: 0, annualFen: 0, executedFen: 0 });
    expect(onlyBasic.total).toEqual({ initialFen: 920 * WAN, annualFen: 950 * WAN, executedFen: 932 * WAN, rate: 98.11 });
  });
});
