import { describe, expect, it } from 'vitest';
import nationalDefault from '../../resources/profiles/national-default.json' with { type: 'json' };
import gansuCity from '../../resources/profiles/gansu-city.json' with { type: 'json' };
import sichuan from '../../resources/profiles/sichuan-2025.json' with { type: 'json' };
import { ruleProfileBodySchema } from '../../shared/domain/ruleProfile.ts';
import { linkageAmountProblem, linkageSuggestion, linkageTotals, pctOfFen } from '../../shared/rules/linkage.ts';
import { isOnTime, isOverdue, rectificationRates, type RectificationRateItem } from '../../shared/rules/rectification.ts';

const WAN = 1_000_000;
const national = ruleProfileBodySchema.parse(nationalDefault.body).linkage;
const gansu = ruleProfileBodySchema.parse(gansuCity.body).linkage;
const sichuan2025 = ruleProfileBodySchema.parse(sichuan.body).linkage;

/** SPEC §11.11: 12 problems; 9 销号 (8 before the deadline), 2 整改中, 1 逾期. */
function spec1111(): RectificationRateItem[] {
  const items: RectificationRateItem[] = [];
  for (let i = 0; i < 8; i++) items.push({ status: 'done', deadline: '2026-06-30', closedOn: '2026-06-20' });
  items.push({ status: 'done', deadline: '2026-06-30', closedOn: '2026-07-05' }); // 销号, after its deadline
  items.push({ status: 'inProgress', deadline: '2026-12-31', closedOn: null });
  items.push({ status: 'inProgress', deadline: '2026-12-31', closedOn: null });
  items.push({ status: 'open', deadline: '2026-09-30', closedOn: null }); // 逾期 on 2026-12-01
  return items;
}

describe('整改率 (SPEC §9.2, §11.11)', () => {
  it('§11.11: 9/12 = 75.00% 整改完成率, 8/12 = 66.67% 按期整改率', () => {
    const r = rectificationRates(spec1111(), '2026-12-01');
    expect(r).toMatchObject({ total: 12, due: 12, waived: 0, done: 9, onTime: 8, late: 1, inProgress: 2, open: 1, overdue: 1 });
    expect(r.completionRate).toBe(75);
    expect(r.onTimeRate).toBe(66.67);
  });

  it('不予整改 items leave the numerator and the denominator', () => {
    const r = rectificationRates([...spec1111(), { status: 'waived', deadline: '2026-06-30', closedOn: '2026-06-01' }], '2026-12-01');
    expect(r).toMatchObject({ total: 13, waived: 1, due: 12, done: 9, onTime: 8 });
    expect(r.completionRate).toBe(75);
    expect(r.onTimeRate).toBe(66.67);
  });

  it('nothing due → no rate; overdue and on-time boundaries', () => {
    expect(rectificationRates([], '2026-01-01')).toMatchObject({ total: 0, completionRate: null, onTimeRate: null });
    expect(rectificationRates([{ status: 'waived', deadline: '2026-01-01', closedOn: '2026-01-01' }], '2026-01-02').completionRate).toBeNull();
    expect(isOnTime({ status: 'done', deadline: '2026-06-30', closedOn: '2026-06-30' })).toBe(true);
    expect(isOnTime({ status: 'done', deadline: '2026-06-30', closedOn: '2026-07-01' })).toBe(false);
    expect(isOverdue({ status: 'open', deadline: '2026-06-30' }, '2026-06-30')).toBe(false);
    expect(isOverdue({ status: 'inProgress', deadline: '2026-06-30' }, '2026-07-01')).toBe(true);
    expect(isOverdue({ status: 'done', deadline: '2026-06-30' }, '2026-07-01')).toBe(false);
  });
});

describe('预算挂钩 suggestion (SPEC §9.1)', () => {
  const base = 500 * WAN;

  it('national default: 优 优先保障, 良 保障, 中 压减 10%, 差 取消', () => {
    expect(linkageSuggestion(national, 'excellent', base)).toEqual({ grade: 'excellent', action: 'priority', pctMin: 0, pctMax: 0, changeMinFen: 0, changeMaxFen: 0 });
    expect(linkageSuggestion(national, 'good', base)).toMatchObject({ action: 'maintain', changeMinFen: 0, changeMaxFen: 0 });
    expect(linkageSuggestion(national, 'fair', base)).toMatchObject({ action: 'reduce', pctMin: 10, pctMax: 10, changeMinFen: -50 * WAN, changeMaxFen: -50 * WAN });
    expect(linkageSuggestion(national, 'poor', base)).toMatchObject({ action: 'cancel', changeMinFen: -base, changeMaxFen: -base });
  });

  it('甘肃 five grades: 优/良 优先保障, 中 保障, 低 压减 20–50%, 差 取消', () => {
    expect(linkageSuggestion(gansu, 'excellent', base).action).toBe('priority');
    expect(linkageSuggestion(gansu, 'good', base).action).toBe('priority');
    expect(linkageSuggestion(gansu, 'fair', base)).toMatchObject({ action: 'maintain', changeMinFen: 0 });
    expect(linkageSuggestion(gansu, 'low', base)).toMatchObject({ action: 'reduce', pctMin: 20, pctMax: 50, changeMinFen: -250 * WAN, changeMaxFen: -100 * WAN });
    expect(linkageSuggestion(gansu, 'poor', base)).toMatchObject({ action: 'cancel', changeMinFen: -base });
  });

  it('四川 中 压减 10–30%; a grade the ladder lacks is a programming error', () => {
    expect(linkageSuggestion(sichuan2025, 'fair', 320 * WAN)).toMatchObject({ changeMinFen: -96 * WAN, changeMaxFen: -32 * WAN });
    expect(() => linkageSuggestion(national, 'low', base)).toThrow('no linkage rule for grade low');
  });

  it('percentages of 分 round half-up on integers', () => {
    expect(pctOfFen(15, 10)).toBe(2); // 1.5 → 2
    expect(pctOfFen(14, 10)).toBe(1);
    expect(pctOfFen(333_333, 33.33)).toBe(111_100); // 111099.8889 → 111100
    expect(pctOfFen(-15, 10)).toBe(-2);
  });

  it('a decided change must fit the decision', () => {
    expect(linkageAmountProblem('priority', 10 * WAN, base)).toBeNull();
    expect(linkageAmountProblem('priority', -1, base)).toMatch('不能调减');
    expect(linkageAmountProblem('maintain', 0, base)).toBeNull();
    expect(linkageAmountProblem('maintain', -1, base)).toMatch('应为 0');
    expect(linkageAmountProblem('reduce', -100 * WAN, base)).toBeNull();
    expect(linkageAmountProblem('reduce', 0, base)).toMatch('负数');
    expect(linkageAmountProblem('reduce', -base, base)).toMatch('取消');
    expect(linkageAmountProblem('cancel', -base, base)).toBeNull();
    expect(linkageAmountProblem('cancel', -1, base)).toMatch('全额');
  });

  it('totals split cuts and additions', () => {
    expect(linkageTotals([-5, 3, 0, -7])).toEqual({ cutFen: -12, addFen: 3, netFen: -9 });
  });
});
