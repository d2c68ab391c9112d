import type { OfficeLevel } from '../domain/office.ts';

/** First two digits of mainland (plus HK/MO/TW) administrative division codes (GB/T 2260). */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** The level a 6-digit code denotes by its zero pattern. */
export function regionCodeLevel(code: string): OfficeLevel | null {
  if (!/^\d{6}$/.test(code)) return null;
  if (!PROVINCE_PREFIXES.has(code.slice(0, 2))) return null;
  if (code.slice(2) === '0000') return 'province';
  if (code.slice(4) === '00') return 'prefecture';
  return 'county';
}

/** Returns a Chinese message when the code is not a valid code for the given level, else null. */
export function checkRegionCode(code: string, level: OfficeLevel): string | null {
  if (!/^\d{6}$/.test(code)) return '行政区划代码应为 6 位数字';
  if (!PROVINCE_PREFIXES.has(code.slice(0, 2))) return `行政区划代码前两位“${code.slice(0, 2)}”不是有效的省级代码`;
  const actual = regionCodeLevel(code);
  if (actual !== level) {
    const want = { county: '县级代码后两位不能为 00', prefecture: '市（州）级代码应以 00 结尾且第 3–4 位不为 00', province: '省级代码应以 0000 结尾' }[level];
    return `行政区划代码与级别不符：${want}`;
  }
  return null;
}

/** The parent must sit above the office, in the same province. */
export function checkParentRegionCode(parent: string, childCode: string, childLevel: OfficeLevel): string | null {
  const parentLevel = regionCodeLevel(parent);
  if (!parentLevel) return '上级单位行政区划代码应为 6 位有效代码';
  if (parent.slice(0, 2) !== childCode.slice(0, 2)) return '上级单位应与本单位属于同一省（自治区）';
  const rank: Record<OfficeLevel, number> = { county: 0, prefecture: 1, province: 2 };
  if (rank[parentLevel] <= rank[childLevel]) return '上级单位的级别应高于本单位';
  if (parentLevel === 'prefecture' && parent.slice(0, 4) !== childCode.slice(0, 4)) {
    return '上级市（州）代码的前四位应与本单位代码一致';
  }
  return null;
}
