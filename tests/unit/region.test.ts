import { describe, expect, it } from 'vitest';
import { checkParentRegionCode, checkRegionCode, regionCodeLevel } from '../../shared/rules/region.ts';

describe('regionCodeLevel', () => {
  it.each([
    ['652325', 'county'], // 奇台县
    ['652300', 'prefecture'], // 昌吉回族自治州
    ['650000', 'province'], // 新疆维吾尔自治区
    ['659001', 'county'], // 石河子市 (自治区直辖县级市)
    ['110101', 'county'],
    ['110100', 'prefecture'],
    ['110000', 'province'],
    ['820000', 'province'],
  ])('%s is a %s code', (code, level) => {
    expect(regionCodeLevel(code)).toBe(level);
  });

  it.each([
    ['002325', 'province prefix 00'],
    ['992325', 'province prefix 99'],
    ['662325', 'province prefix 66'],
    ['65232', 'five digits'],
    ['6523250', 'seven digits'],
    ['65232a', 'a letter'],
    ['', 'empty'],
    ['６５２３２５', 'full-width digits'],
  ])('%j is not a region code (%s)', (code) => {
    expect(regionCodeLevel(code)).toBeNull();
  });
});

describe('checkRegionCode', () => {
  it.each([
    ['652325', 'county'],
    ['652300', 'prefecture'],
    ['650000', 'province'],
  ] as const)('%s is a valid %s code', (code, level) => {
    expect(checkRegionCode(code, level)).toBeNull();
  });

  it.each([
    ['652300', 'county', '行政区划代码与级别不符：县级代码后两位不能为 00'],
    ['650000', 'county', '行政区划代码与级别不符：县级代码后两位不能为 00'],
    ['652325', 'prefecture', '行政区划代码与级别不符：市（州）级代码应以 00 结尾且第 3–4 位不为 00'],
    ['650000', 'prefecture', '行政区划代码与级别不符：市（州）级代码应以 00 结尾且第 3–4 位不为 00'],
    ['652300', 'province', '行政区划代码与级别不符：省级代码应以 0000 结尾'],
    ['992325', 'county', '行政区划代码前两位“99”不是有效的省级代码'],
    ['002325', 'county', '行政区划代码前两位“00”不是有效的省级代码'],
    ['65232', 'county', '行政区划代码应为 6 位数字'],
    ['65a325', 'county', '行政区划代码应为 6 位数字'],
  ] as const)('%s as %s → %s', (code, level, message) => {
    expect(checkRegionCode(code, level)).toBe(message);
  });
});

describe('checkParentRegionCode', () => {
  it.each([
    ['652300', '652325', 'county'], // county under its prefecture
    ['650000', '652300', 'prefecture'], // prefecture under its province
    ['650000', '652325', 'county'], // county reporting straight to the province
    ['650000', '659001', 'county'], // 自治区直辖县级市
  ] as const)('parent %s of %s (%s) is fine', (parent, child, level) => {
    expect(checkParentRegionCode(parent, child, level)).toBeNull();
  });

  it.each([
    ['6523', '652325', 'county', '上级单位行政区划代码应为 6 位有效代码'],
    ['992300', '652325', 'county', '上级单位行政区划代码应为 6 位有效代码'],
    ['620000', '652325', 'county', '上级单位应与本单位属于同一省（自治区）'],
    ['622300', '652325', 'county', '上级单位应与本单位属于同一省（自治区）'],
    ['652301', '652325', 'county', '上级单位的级别应高于本单位'],
    ['652325', '652300', 'prefecture', '上级单位的级别应高于本单位'],
    ['650000', '650000', 'province', '上级单位的级别应高于本单位'],
    ['652400', '652325', 'county', '上级市（州）代码的前四位应与本单位代码一致'],
    ['652300', '659001', 'county', '上级市（州）代码的前四位应与本单位代码一致'],
  ] as const)('parent %s of %s (%s) → %s', (parent, child, level, message) => {
    expect(checkParentRegionCode(parent, child, level)).toBe(message);
  });
});
