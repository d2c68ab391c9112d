import { describe, expect, it } from 'vitest';
import { percent, round2 } from '../../shared/rules/rounding.ts';

describe('round2: two decimals, half-up (away from zero)', () => {
  it.each([
    [89.995, 90], // stored as 89.99499…; a person expects 90.00, so the grade is 优
    [0.125, 0.13],
    [1.005, 1.01],
    [2.675, 2.68],
    [1.255, 1.26],
    [0.005, 0.01],
    [0.004, 0],
    [89.994, 89.99],
    [79.995, 80],
    [59.995, 60],
    [100, 100],
    [0, 0],
    [12.3, 12.3],
    [33.333333, 33.33],
    [66.666666, 66.67],
    [1234567.895, 1234567.9],
  ])('round2(%d) = %d', (value, expected) => {
    expect(round2(value)).toBe(expected);
  });

  it.each([
    [-0.125, -0.13],
    [-89.995, -90],
    [-1.005, -1.01],
    [-2.674, -2.67],
    [-0.5, -0.5],
  ])('negative: round2(%d) = %d (symmetric with the positive value)', (value, expected) => {
    expect(round2(value)).toBe(expected);
  });
});

describe('percent: rate as a percentage, two decimals', () => {
  it.each([
    [1, 3, 33.33],
    [2, 3, 66.67],
    [1, 8, 12.5],
    [50, 50, 100],
    [0, 7, 0],
    [150, 100, 150],
    [-1, 3, -33.33],
    // 执行率: 17,999,100 分 of 20,000,000 分 = 89.9955 % → 90.00
    [17_999_100, 20_000_000, 90],
  ])('percent(%d, %d) = %d', (n, d, expected) => {
    expect(percent(n, d)).toBe(expected);
  });

  it.each([[0, 0], [5, 0], [-5, 0]])('percent(%d, %d) = null: no rate without a denominator', (n, d) => {
    expect(percent(n, d)).toBeNull();
  });
});
