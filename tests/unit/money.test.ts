import { describe, expect, it } from 'vitest';
import { FEN_PER_WAN, FEN_PER_YUAN, formatWan, parseWanToFen, parseYuanToFen, toHalfWidth } from '../../shared/rules/money.ts';

describe('money constants', () => {
  it('1 万元 = 1,000,000 分 and 1 元 = 100 分', () => {
    expect(FEN_PER_WAN).toBe(1_000_000);
    expect(FEN_PER_YUAN).toBe(100);
  });
});

describe('formatWan: 分 → 万元 text', () => {
  it.each([
    // [fen, dp, text]
    [0, 2, '0.00'],
    [12_345_678, 2, '12.35'], // the example in the doc comment
    [1_000_000, 2, '1.00'],
    [1, 2, '0.00'],
    // half-up at the 2nd decimal: 0.005 万元 = 5,000 分
    [12_345_000, 2, '12.35'],
    [12_344_999, 2, '12.34'],
    [5_000, 2, '0.01'],
    [4_999, 2, '0.00'],
    [999_995_000, 2, '1,000.00'], // rounding carries into the thousands separator
    // thousands separators
    [123_456_789_012, 2, '123,456.79'],
    [1_000_000_000_000, 2, '1,000,000.00'],
    [999_000_000, 2, '999.00'],
    // decimals 2–6
    [12_345_678, 3, '12.346'],
    [12_345_678, 4, '12.3457'],
    [12_345_678, 5, '12.34568'],
    [12_345_678, 6, '12.345678'],
    [1, 6, '0.000001'],
    [1_234_567_890_123, 6, '1,234,567.890123'],
    [89_974_000, 3, '89.974'], // the 3-dp figure on the 贵池 自评表
  ])('formatWan(%d, %d) = %s', (fen, dp, text) => {
    expect(formatWan(fen, dp)).toBe(text);
  });

  it.each([
    // negatives round half away from zero, and a value that rounds to zero has no minus sign
    [-12_345_000, 2, '-12.35'],
    [-12_344_999, 2, '-12.34'],
    [-5_000, 2, '-0.01'],
    [-4_999, 2, '0.00'],
    [-123_456_789_012, 2, '-123,456.79'],
    [-1, 6, '-0.000001'],
  ])('negative: formatWan(%d, %d) = %s', (fen, dp, text) => {
    expect(formatWan(fen, dp)).toBe(text);
  });

  it('defaults to two decimals', () => {
    expect(formatWan(12_345_678)).toBe('12.35');
  });

  it.each([[1.5], [Number.NaN], [Number.POSITIVE_INFINITY], [2 ** 53]])('refuses a non-integer or unsafe fen amount %d', (fen) => {
    expect(() => formatWan(fen)).toThrow(RangeError);
  });
});

describe('parseWanToFen: typed 万元 → 分', () => {
  it.each([
    ['12.5', 12_500_000],
    ['12', 12_000_000],
    ['0', 0],
    ['0.000001', 1],
    ['12.345678', 12_345_678],
    ['1,234.56', 1_234_560_000],
    ['1，234.56', 1_234_560_000], // full-width comma as typed with a Chinese IME
    ['１２.５', 12_500_000], // full-width digits
    ['１，２３４．５６', 1_234_560_000], // all full-width
    ['12。5', 12_500_000], // ideographic full stop as the decimal point
    [' 12.5 ', 12_500_000],
    ['1 234.5', 1_234_500_000],
    ['+3', 3_000_000],
    ['-3.5', -3_500_000],
    ['－３.５', -3_500_000], // full-width minus
    ['007.10', 7_100_000],
  ])('parseWanToFen(%j) = %d', (text, fen) => {
    expect(parseWanToFen(text)).toBe(fen);
  });

  it.each([
    ['12.1234567', 'seven decimals: finer than 1 分'],
    ['', 'empty'],
    ['   ', 'blank'],
    ['abc', 'not a number'],
    ['12万', 'unit suffix'],
    ['1.2.3', 'two decimal points'],
    ['1e3', 'exponent'],
    ['--1', 'double sign'],
    ['9999999999', 'beyond the safe integer range in 分'],
  ])('parseWanToFen(%j) = null (%s)', (text) => {
    expect(parseWanToFen(text)).toBeNull();
  });
});

describe('parseYuanToFen: typed 元 → 分', () => {
  it.each([
    ['12.34', 1234],
    ['12.3', 1230],
    ['12', 1200],
    ['１２.５', 1250],
    ['1,000', 100_000],
    ['1,234,567.89', 123_456_789],
    ['-0.01', -1],
  ])('parseYuanToFen(%j) = %d', (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });

  it.each([['12.345'], ['0.001'], ['x'], ['']])('parseYuanToFen(%j) = null', (text) => {
    expect(parseYuanToFen(text)).toBeNull();
  });
});

describe('round trip', () => {
  it.each([[0], [1], [12_345_678], [-12_345_678], [123_456_789_012]])('parseWanToFen(formatWan(%d, 6)) gives the amount back', (fen) => {
    expect(parseWanToFen(formatWan(fen, 6))).toBe(fen);
  });
});

describe('toHalfWidth', () => {
  it.each([
    ['１２３', '123'],
    ['ＡＢｃ', 'ABc'],
    ['１２。５', '12.5'],
    ['a\u3000b', 'a b'],
    ['已是半角 12.5', '已是半角 12.5'],
  ])('toHalfWidth(%j) = %j', (input, output) => {
    expect(toHalfWidth(input)).toBe(output);
  });
});
