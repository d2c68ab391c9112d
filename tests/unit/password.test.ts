import { describe, expect, it } from 'vitest';
import { MIN_PASSWORD_LENGTH, passwordProblems } from '../../shared/rules/password.ts';

const SHORT = `密码至少 ${MIN_PASSWORD_LENGTH} 位`;
const CLASSES = '密码应至少包含大写字母、小写字母、数字、符号中的三类';
const NAME = '密码不能包含用户名';

describe('passwordProblems', () => {
  it('the minimum length is 8', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(8);
  });

  it.each([
    ['Caizheng#2026', ''],
    ['Abcdefg1', ''], // exactly 8, three classes
    ['abcdefg1!', ''], // lower, digit, symbol
    ['ABCDEFG1!', ''],
    ['预算绩效Ab12', ''], // Chinese characters count as symbols
    ['Qitai#2026', 'admin'],
  ])('%j (user %j) is acceptable', (password, username) => {
    expect(passwordProblems(password, username)).toEqual([]);
  });

  it.each([
    ['', '', [SHORT, CLASSES]],
    ['Ab1!', '', [SHORT]], // four classes but too short
    ['Abcdef1', '', [SHORT]], // 7 characters
    ['abcdefgh', '', [CLASSES]],
    ['abcdefg1', '', [CLASSES]],
    ['ABCDEFGH', '', [CLASSES]],
    ['12345678', '', [CLASSES]],
    ['admin#Pass1', 'admin', [NAME]],
    ['ADMIN#pass1', 'Admin', [NAME]], // case-insensitive
    ['xadminx', 'admin', [SHORT, CLASSES, NAME]],
  ])('%j (user %j) → %j', (password, username, problems) => {
    expect(passwordProblems(password, username)).toEqual(problems);
  });

  it('an empty username never matches', () => {
    expect(passwordProblems('Caizheng#2026')).toEqual([]);
  });
});
