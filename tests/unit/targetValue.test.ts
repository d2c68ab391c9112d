import { describe, expect, it } from 'vitest';
import {
  OPERATOR_LABELS,
  TARGET_DIRECTION_LABELS,
  formatTarget,
  parseTargetValue,
  targetAmountToFen,
  targetDirection,
  type ComparisonOperator,
  type ParsedTarget,
  type TargetErrorCode,
  type TargetHint,
} from '../../shared/rules/targetValue.ts';

function parsed(text: string, hint?: TargetHint): ParsedTarget {
  const r = parseTargetValue(text, hint);
  if (!r.ok) throw new Error(`expected “${text}” to parse, got ${r.code}: ${r.message}`);
  return r.value;
}

type Quantitative = [cell: string, operator: ComparisonOperator, value: number, unit: string, display: string];

describe('parseTargetValue: quantitative cells', () => {
  const cases: Quantitative[] = [
    // symbols, ASCII and full-width
    ['≥95%', '>=', 95, '%', '≥95%'],
    ['≧95%', '>=', 95, '%', '≥95%'],
    ['⩾95%', '>=', 95, '%', '≥95%'],
    ['>=95%', '>=', 95, '%', '≥95%'],
    ['＞=95%', '>=', 95, '%', '≥95%'],
    ['＞＝９５％', '>=', 95, '%', '≥95%'],
    ['=>95%', '>=', 95, '%', '≥95%'],
    ['≤30天', '<=', 30, '天', '≤30天'],
    ['≦30天', '<=', 30, '天', '≤30天'],
    ['<=30天', '<=', 30, '天', '≤30天'],
    ['＜＝30天', '<=', 30, '天', '≤30天'],
    ['＞90%', '>', 90, '%', '>90%'],
    ['>90%', '>', 90, '%', '>90%'],
    ['＜5次', '<', 5, '次', '<5次'],
    ['＝100%', '=', 100, '%', '=100%'],
    ['==100%', '=', 100, '%', '=100%'],
    ['=0起', '=', 0, '起', '=0起'],
    ['≤2.6万元/公里', '<=', 2.6, '万元/公里', '≤2.6万元/公里'],
    ['≤90万元', '<=', 90, '万元', '≤90万元'],
    ['≥50个', '>=', 50, '个', '≥50个'],
    ['≤120元/人天', '<=', 120, '元/人天', '≤120元/人天'],
    ['≥1.2万人次', '>=', 1.2, '万人次', '≥1.2万人次'],
    ['≥500m2', '>=', 500, 'm2', '≥500m2'],
    ['≥1000吨标准煤', '>=', 1000, '吨标准煤', '≥1000吨标准煤'],
    ['≥5年', '>=', 5, '年', '≥5年'],
    // whitespace anywhere, including the ideographic space
    [' ≥ 95 % ', '>=', 95, '%', '≥95%'],
    ['＞ = 90　%', '>=', 90, '%', '≥90%'],
    ['≥\u00a095%', '>=', 95, '%', '≥95%'],
    // words in front
    ['不低于95%', '>=', 95, '%', '≥95%'],
    ['不少于50个', '>=', 50, '个', '≥50个'],
    ['大于等于80%', '>=', 80, '%', '≥80%'],
    ['大于或等于80%', '>=', 80, '%', '≥80%'],
    ['达到100%', '>=', 100, '%', '≥100%'],
    ['至少3次', '>=', 3, '次', '≥3次'],
    ['不高于5%', '<=', 5, '%', '≤5%'],
    ['不超过90万元', '<=', 90, '万元', '≤90万元'],
    ['不多于3次', '<=', 3, '次', '≤3次'],
    ['小于等于2.6', '<=', 2.6, '', '≤2.6'],
    ['控制在30天以内', '<=', 30, '天', '≤30天'],
    ['控制在5%以下', '<=', 5, '%', '≤5%'],
    ['控制在100万元', '<=', 100, '万元', '≤100万元'],
    ['大于90%', '>', 90, '%', '>90%'],
    ['高于90%', '>', 90, '%', '>90%'],
    ['超过1000人次', '>', 1000, '人次', '>1000人次'],
    ['小于1%', '<', 1, '%', '<1%'],
    ['低于1%', '<', 1, '%', '<1%'],
    ['等于0起', '=', 0, '起', '=0起'],
    ['不低于≥95%', '>=', 95, '%', '≥95%'],
    // words behind
    ['95%以上', '>=', 95, '%', '≥95%'],
    ['95%及以上', '>=', 95, '%', '≥95%'],
    ['95%（含）以上', '>=', 95, '%', '≥95%'],
    ['95%以上（不含）', '>', 95, '%', '>95%'],
    ['30天以内', '<=', 30, '天', '≤30天'],
    ['30天以下', '<=', 30, '天', '≤30天'],
    ['30天内', '<=', 30, '天', '≤30天'],
    ['30天之内', '<=', 30, '天', '≤30天'],
    ['5%以下（不含）', '<', 5, '%', '<5%'],
    // redundant but consistent: the leading operator is kept
    ['≥95%以上', '>=', 95, '%', '≥95%'],
    ['大于90%以上', '>', 90, '%', '>90%'],
    ['≤30天以内', '<=', 30, '天', '≤30天'],
    // numbers
    ['≥１２０公里', '>=', 120, '公里', '≥120公里'],
    ['≥1,200人次', '>=', 1200, '人次', '≥1200人次'],
    ['≥1，200人次', '>=', 1200, '人次', '≥1200人次'],
    ['≥1,234,567元', '>=', 1234567, '元', '≥1234567元'],
    ['≤2.60', '<=', 2.6, '', '≤2.60'],
    ['≥007', '>=', 7, '', '≥7'],
    ['≥0.5%', '>=', 0.5, '%', '≥0.5%'],
    ['≥95。', '>=', 95, '', '≥95'],
    ['≥95%。', '>=', 95, '%', '≥95%'],
    ['≥99.99%', '>=', 99.99, '%', '≥99.99%'],
  ];

  it.each(cases)('%s → %s %s %s', (cell, operator, value, unit, display) => {
    const p = parsed(cell);
    expect(p.valueType).toBe('quantitative');
    expect(p.operator).toBe(operator);
    expect(p.value).toBe(value);
    expect(p.unit).toBe(unit);
    expect(p.text).toBe(display);
    expect(formatTarget(p)).toBe(display);
    expect(p.direction).toBe(targetDirection(operator));
    expect(p.operatorDefaulted).toBe(false);
  });

  it.each(cases)('the display of %s parses back to the same target', (cell) => {
    const p = parsed(cell);
    const again = parsed(p.text);
    expect({ ...again, operatorDefaulted: false }).toEqual(p);
  });
});

describe('parseTargetValue: no comparison in the cell', () => {
  it.each([
    ['100%', 100, '%', '≥100%'],
    ['120公里', 120, '公里', '≥120公里'],
    ['0', 0, '', '≥0'],
    ['１，２００人次', 1200, '人次', '≥1200人次'],
  ] as const)('%s defaults to ≥ and says so', (cell, value, unit, display) => {
    const p = parsed(cell);
    expect(p).toMatchObject({ valueType: 'quantitative', operator: '>=', value, unit, text: display, direction: 'positive', operatorDefaulted: true });
  });

  it('uses the hinted operator (from the 性质 column) instead of the convention', () => {
    expect(parsed('30', { operator: '<=', unit: '天' })).toMatchObject({ operator: '<=', unit: '天', text: '≤30天', direction: 'reverse', operatorDefaulted: false });
    expect(parsed('100%', { operator: '=' })).toMatchObject({ operator: '=', direction: 'equal', operatorDefaulted: false });
  });

  it('keeps the operator written in the cell over the hint', () => {
    expect(parsed('≥95%', { operator: '<=' })).toMatchObject({ operator: '>=', operatorDefaulted: false });
    expect(parsed('30天以内', { operator: '>=' })).toMatchObject({ operator: '<=' });
  });
});

describe('parseTargetValue: units and hints', () => {
  it('takes the hinted unit when the cell has none', () => {
    expect(parsed('≥120', { unit: '公里' })).toMatchObject({ unit: '公里', text: '≥120公里' });
    expect(parsed('≥95', { unit: ' ％ ' })).toMatchObject({ unit: '%', text: '≥95%' });
  });

  it("keeps the cell's unit when it differs from the hint (the caller decides)", () => {
    expect(parsed('≥95%', { unit: '个' })).toMatchObject({ unit: '%' });
  });

  it('does not multiply out 万: it stays part of the unit', () => {
    expect(parsed('≤2.6万元/公里')).toMatchObject({ value: 2.6, unit: '万元/公里' });
    expect(parsed('≥3万人次')).toMatchObject({ value: 3, unit: '万人次' });
  });

  it('keeps decimals as typed in the display but compares as a number', () => {
    const p = parsed('≤2.60');
    expect(p.value).toBe(2.6);
    expect(p.valueText).toBe('2.60');
    expect(p.text).toBe('≤2.60');
  });
});

describe('parseTargetValue: qualitative cells', () => {
  it.each(['效果明显', '达到预期', '应保尽保', '严格执行相关制度规定', '在项目计划完成时间内完成', '建立并运行', '明显提升', '好'])(
    '%s is 定性 text',
    (cell) => {
      expect(parsed(cell)).toEqual({
        valueType: 'qualitative',
        operator: 'qualitative',
        value: null,
        valueText: null,
        text: cell,
        unit: '',
        direction: 'qualitative',
        operatorDefaulted: false,
      });
    },
  );

  it('keeps the original text, trimmed only', () => {
    expect(parsed('  效果明显。 ').text).toBe('效果明显。');
  });

  // Decision: a number inside a sentence does not make a quantity. Only
  // [比较符] 数值 [单位] [以上/以下…] is 定量; everything else is kept as written.
  it.each(['完成3项改革', '3项改革全部完成', '在30个工作日内完成', '30日内完成', '12月底前完成', '2024年12月31日前', '达到2023年水平', '2020-2024年持续推进', '0-6岁儿童全覆盖', '100%完成', '下降5%', '为100%'])(
    '%s has a number in prose and stays 定性',
    (cell) => {
      expect(parsed(cell)).toMatchObject({ valueType: 'qualitative', operator: 'qualitative', value: null, text: cell });
    },
  );

  it('a qualitative hint keeps even a numeric cell as text', () => {
    expect(parsed('≥95%', { valueType: 'qualitative' })).toMatchObject({ valueType: 'qualitative', operator: 'qualitative', text: '≥95%', value: null });
    expect(parsed('100%', { operator: 'qualitative' })).toMatchObject({ valueType: 'qualitative', text: '100%' });
  });

  it('a quantitative hint overrides a qualitative 性质 hint', () => {
    expect(parsed('95%', { valueType: 'quantitative', operator: 'qualitative' })).toMatchObject({ operator: '>=', operatorDefaulted: true });
  });
});

type Failure = [cell: string, code: TargetErrorCode, message: string, hint?: TargetHint];

describe('parseTargetValue: what it could not read', () => {
  const cases: Failure[] = [
    ['', 'EMPTY', '指标值为空'],
    ['   ', 'EMPTY', '指标值为空'],
    ['\u3000', 'EMPTY', '指标值为空'],
    ['/', 'EMPTY', '指标值为空（单元格只有占位符“/”）'],
    ['—', 'EMPTY', '指标值为空（单元格只有占位符“—”）'],
    ['≈95%', 'UNKNOWN_OPERATOR', '无法识别比较符“≈”'],
    ['≠0', 'UNKNOWN_OPERATOR', '无法识别比较符“≠”'],
    ['>>90%', 'UNKNOWN_OPERATOR', '无法识别比较符“>>”'],
    ['~95%', 'UNKNOWN_OPERATOR', '无法识别比较符“~”'],
    ['≥', 'MISSING_NUMBER', '“≥”后缺少数值'],
    ['＞＝', 'MISSING_NUMBER', '“>=”后缺少数值'],
    ['≥%', 'MISSING_NUMBER', '“≥”后缺少数值（实际为“%”）'],
    ['≥较好', 'MISSING_NUMBER', '“≥”后缺少数值（实际为“较好”）'],
    ['不低于', 'MISSING_NUMBER', '“不低于”后缺少数值'],
    ['1.2.3', 'NUMBER_FORMAT', '数值“1.2.3”格式不正确'],
    ['≥1.2.3%', 'NUMBER_FORMAT', '数值“1.2.3”格式不正确'],
    ['≥1,2%', 'NUMBER_FORMAT', '数值“1,2”格式不正确'],
    ['≥.5', 'NUMBER_FORMAT', '数值“.5”格式不正确'],
    ['≥+5%', 'NUMBER_FORMAT', '数值“+5”格式不正确'],
    ['≥1234567890123456', 'NUMBER_FORMAT', '数值“1234567890123456”位数过多（最多 15 位有效数字）'],
    ['-5%', 'NEGATIVE', '指标值不能为负数（“-5”）'],
    ['≥-5%', 'NEGATIVE', '指标值不能为负数（“-5”）'],
    ['≥－5%', 'NEGATIVE', '指标值不能为负数（“-5”）'],
    ['不低于-1', 'NEGATIVE', '指标值不能为负数（“-1”）'],
    ['90%-95%', 'RANGE', '不支持区间值“90%-95%”，请改为单一比较值，如“≥90%”或“≤95%”'],
    ['90%～95%', 'RANGE', '不支持区间值“90%～95%”，请改为单一比较值，如“≥90%”或“≤95%”'],
    ['90-95%', 'RANGE', '不支持区间值“90-95%”，请改为单一比较值，如“≥90%”或“≤95%”'],
    ['90%至95%', 'RANGE', '不支持区间值“90%至95%”，请改为单一比较值，如“≥90%”或“≤95%”'],
    ['10—20天', 'RANGE', '不支持区间值“10—20天”，请改为单一比较值，如“≥10天”或“≤20天”'],
    ['≥90%-95%', 'RANGE', '不支持区间值“≥90%-95%”，请改为单一比较值，如“≥90%”或“≤95%”'],
    ['约95%', 'APPROXIMATE', '“约95%”是约数，请改为“≥95%”“≤95%”或“=95%”'],
    ['95%左右', 'APPROXIMATE', '“95%左右”是约数，请改为“≥95%”“≤95%”或“=95%”'],
    ['≤30天以上', 'OPERATOR_CONFLICT', '比较符“≤”与“以上”矛盾'],
    ['=100%以上', 'OPERATOR_CONFLICT', '比较符“=”与“以上”矛盾'],
    ['不低于>95%', 'OPERATOR_CONFLICT', '比较符“不低于”与“>”矛盾'],
    ['≥3项改革完成', 'UNIT_INVALID', '无法识别单位“项改革完成”：定量指标值应写成“比较符+数值+单位”，如“≥95%”'],
    ['≥2024年12月', 'UNIT_INVALID', '无法识别单位“年12月”：定量指标值应写成“比较符+数值+单位”，如“≥95%”'],
    ['≤12.345元', 'AMOUNT_INVALID', '金额“12.345元”超出分的精度（元最多 2 位小数）'],
    ['≤1.2345678万元', 'AMOUNT_INVALID', '金额“1.2345678万元”超出分的精度（万元最多 6 位小数）'],
    ['≤999999999999万元', 'AMOUNT_INVALID', '金额“999999999999万元”超出可处理的范围'],
    ['≤1.2345678', 'AMOUNT_INVALID', '金额“1.2345678万元”超出分的精度（万元最多 6 位小数）', { unit: '万元' }],
    ['效果明显', 'EXPECTED_QUANTITATIVE', '应为定量指标值（如“≥95%”），但未找到数值', { valueType: 'quantitative' }],
    ['达到预期', 'EXPECTED_QUANTITATIVE', '应为定量指标值（如“≥95%”），但未找到数值', { valueType: 'quantitative' }],
    ['完成3项改革', 'EXPECTED_QUANTITATIVE', '应为定量指标值（如“≥95%”），但“完成3项改革”不是“比较符+数值+单位”的写法', { valueType: 'quantitative' }],
  ];

  it.each(cases)('%s → %s', (cell, code, message, hint) => {
    expect(parseTargetValue(cell, hint)).toEqual({ ok: false, code, message });
  });

  it('reports a cell error before a hint mismatch', () => {
    expect(parseTargetValue('≥', { valueType: 'quantitative' })).toMatchObject({ ok: false, code: 'MISSING_NUMBER' });
  });
});

describe('worked examples of SPEC §11 and forms S1', () => {
  it.each([
    ['≥120 公里', '>=', 120, '公里', 'positive'], // §11.1 养护里程
    ['≥95%', '>=', 95, '%', 'positive'], // §11.1 验收合格率
    ['=100%', '=', 100, '%', 'equal'], // §11.1 按期完工率
    ['≤2.60', '<=', 2.6, '', 'reverse'], // §11.1/§11.2 每公里养护成本
    ['≥80%', '>=', 80, '%', 'positive'], // §11.1 优良路率
    ['≥90%', '>=', 90, '%', 'positive'], // §11.1 满意度
    ['= 0 起', '=', 0, '起', 'equal'], // §11.3 安全责任事故数
    ['≥ 100', '>=', 100, '', 'positive'], // §11.6 培训人次
    ['≥ 2000', '>=', 2000, '', 'positive'], // §11.8 农户培训人次
    ['≥50个', '>=', 50, '个', 'positive'], // S1
    ['≤90万元', '<=', 90, '万元', 'reverse'], // S1
  ] as const)('%s', (cell, operator, value, unit, direction) => {
    expect(parsed(cell)).toMatchObject({ valueType: 'quantitative', operator, value, unit, direction });
  });

  it('§11.1 可持续影响 target "建立并运行" is 定性', () => {
    expect(parsed('建立并运行')).toMatchObject({ valueType: 'qualitative', operator: 'qualitative', direction: 'qualitative' });
  });
});

describe('targetAmountToFen', () => {
  it.each([
    ['≤90万元', 90_000_000],
    ['≤2.6万元', 2_600_000],
    ['≤0.000001万元', 1],
    ['≥1,234.56元', 123_456],
    ['≤0.1万元', 100_000],
    ['≤0.29元', 29], // 0.29 * 100 is 28.999999999999996 in floating point
    ['≤1.15万元', 1_150_000], // 1.15 * 1e6 is 1149999.9999999998
    ['=0元', 0],
  ] as const)('%s → %i 分', (cell, fen) => {
    expect(targetAmountToFen(parsed(cell))).toBe(fen);
  });

  it.each(['≤2.6万元/公里', '≤120元/人天', '≥95%', '≥50个', '≤2.60', '效果明显'])('%s is not an amount', (cell) => {
    expect(targetAmountToFen(parsed(cell))).toBeNull();
  });

  it('uses the hinted unit', () => {
    expect(targetAmountToFen(parsed('≤300', { unit: '万元' }))).toBe(300_000_000);
  });

  it('accepts a row built elsewhere that carries only the number', () => {
    expect(targetAmountToFen({ valueType: 'quantitative', value: 1.15, unit: '万元' })).toBe(1_150_000);
    expect(targetAmountToFen({ valueType: 'quantitative', value: 0.29, unit: '元' })).toBe(29);
  });
});

describe('formatTarget and labels', () => {
  it('formats rows built elsewhere', () => {
    expect(formatTarget({ valueType: 'quantitative', operator: '<=', value: 2.6, unit: '万元/公里', text: '' })).toBe('≤2.6万元/公里');
    expect(formatTarget({ valueType: 'quantitative', operator: '=', value: 0, unit: '起', text: '' })).toBe('=0起');
    expect(formatTarget({ valueType: 'qualitative', operator: 'qualitative', value: null, unit: '', text: '应保尽保' })).toBe('应保尽保');
  });

  it('labels operators and directions as the forms do', () => {
    expect(OPERATOR_LABELS).toEqual({ '>=': '≥', '<=': '≤', '=': '=', '>': '>', '<': '<', qualitative: '定性' });
    expect(TARGET_DIRECTION_LABELS).toEqual({ positive: '正向', reverse: '反向', equal: '等于', qualitative: '定性' });
    expect(['>=', '>', '<=', '<', '=', 'qualitative'].map((o) => targetDirection(o as ComparisonOperator | 'qualitative'))).toEqual([
      'positive', 'positive', 'reverse', 'reverse', 'equal', 'qualitative',
    ]);
  });
});
