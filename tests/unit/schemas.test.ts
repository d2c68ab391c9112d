import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  loginSchema, officeSchema, setupInitSchema, unitCreateSchema, userCreateSchema, usernameSchema,
} from '../../shared/api/schemas.ts';

const OFFICE = { regionCode: '652325', name: '奇台县财政局', level: 'county', parentName: '昌吉回族自治州财政局', parentRegionCode: '652300' };

/** Issues as { path: message[] } so assertions name the field a message lands on. */
function issuesByPath(r: z.ZodSafeParseResult<unknown>): Record<string, string[]> {
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[i.path.map(String).join('.')] ??= []).push(i.message);
  return out;
}

describe('officeSchema', () => {
  it('accepts a county office with its prefecture as parent', () => {
    const r = officeSchema.safeParse(OFFICE);
    expect(r.success).toBe(true);
  });

  it('accepts a province without a parent (defaults to empty)', () => {
    const r = officeSchema.safeParse({ regionCode: '650000', name: '新疆维吾尔自治区财政厅', level: 'province' });
    expect(r.success && r.data).toMatchObject({ parentName: '', parentRegionCode: '' });
  });

  it.each([
    ['652300', 'county', '行政区划代码与级别不符：县级代码后两位不能为 00'],
    ['652325', 'prefecture', '行政区划代码与级别不符：市（州）级代码应以 00 结尾且第 3–4 位不为 00'],
    ['992325', 'county', '行政区划代码前两位“99”不是有效的省级代码'],
  ])('region %s with level %s: the message lands on regionCode', (regionCode, level, message) => {
    const r = officeSchema.safeParse({ ...OFFICE, regionCode, level });
    expect(issuesByPath(r)).toEqual({ regionCode: [message] });
  });

  it('a malformed code is reported on regionCode only', () => {
    const issues = issuesByPath(officeSchema.safeParse({ ...OFFICE, regionCode: '6523' }));
    expect(Object.keys(issues)).toEqual(['regionCode']);
    // The regex and the superRefine both report it (zod 4 runs the refinement anyway), so the
    // message may appear twice; what matters is that it is the one message, on the one field.
    expect(new Set(issues.regionCode)).toEqual(new Set(['行政区划代码应为 6 位数字']));
  });

  it('a county needs its parent name and code', () => {
    const r = officeSchema.safeParse({ ...OFFICE, parentName: '', parentRegionCode: '' });
    expect(issuesByPath(r)).toEqual({ parentName: ['请填写上级单位名称'], parentRegionCode: ['请填写上级单位行政区划代码'] });
  });

  it('trims the name and refuses a blank one', () => {
    expect(issuesByPath(officeSchema.safeParse({ ...OFFICE, name: '   ' }))).toEqual({ name: ['单位名称不能为空'] });
    const r = officeSchema.safeParse({ ...OFFICE, name: '  奇台县财政局 ' });
    expect(r.success && r.data.name).toBe('奇台县财政局');
  });
});

describe('setupInitSchema', () => {
  const base = { office: OFFICE, admin: { username: 'admin', displayName: '管理员', password: 'Caizheng#2026' }, year: 2026 };

  it('accepts a complete first-run form', () => {
    expect(setupInitSchema.safeParse(base).success).toBe(true);
  });

  it.each([
    ['abc', ['密码至少 8 位', '密码应至少包含大写字母、小写字母、数字、符号中的三类']],
    ['abcdefgh', ['密码应至少包含大写字母、小写字母、数字、符号中的三类']],
    ['Admin#2026x', ['密码不能包含用户名']],
  ])('password %j: problems land on admin.password', (password, messages) => {
    const r = setupInitSchema.safeParse({ ...base, admin: { ...base.admin, password } });
    expect(issuesByPath(r)).toEqual({ 'admin.password': messages });
  });

  it('office problems land under office.*', () => {
    const r = setupInitSchema.safeParse({ ...base, office: { ...OFFICE, level: 'prefecture' } });
    expect(Object.keys(issuesByPath(r))).toEqual(['office.regionCode']);
  });

  it.each([
    [1999, '年度不能早于 2000 年'],
    [2101, '年度不能晚于 2100 年'],
    [2026.5, '年度应为整数'],
  ])('year %d → %s', (year, message) => {
    expect(issuesByPath(setupInitSchema.safeParse({ ...base, year }))).toEqual({ year: [message] });
  });
});

describe('account schemas', () => {
  it.each([['admin'], ['zhang.san'], ['li_si-2']])('username %j is accepted', (u) => {
    expect(usernameSchema.safeParse(u).success).toBe(true);
  });

  it.each([['ab'], ['1admin'], ['张三'], ['a b c'], ['a'.repeat(33)]])('username %j is refused', (u) => {
    expect(usernameSchema.safeParse(u).success).toBe(false);
  });

  it('userCreateSchema puts weak-password messages on password', () => {
    const r = userCreateSchema.safeParse({ username: 'zhangsan', displayName: '张三', role: 'business', password: 'zhangsan1' });
    expect(issuesByPath(r)).toEqual({ password: ['密码应至少包含大写字母、小写字母、数字、符号中的三类', '密码不能包含用户名'] });
  });

  it('userCreateSchema refuses an unknown role', () => {
    const r = userCreateSchema.safeParse({ username: 'zhangsan', displayName: '张三', role: 'root', password: 'Caizheng#2026' });
    expect(issuesByPath(r)).toEqual({ role: ['请选择角色'] });
  });

  it('loginSchema asks for both fields', () => {
    expect(issuesByPath(loginSchema.safeParse({ username: ' ', password: '' }))).toEqual({ username: ['请输入用户名'], password: ['请输入密码'] });
  });
});

describe('unitCreateSchema', () => {
  it('defaults parentId to null and confidential to false', () => {
    const r = unitCreateSchema.safeParse({ code: '101', name: '县教育局', kind: 'administrative' });
    expect(r.success && r.data).toEqual({ code: '101', name: '县教育局', kind: 'administrative', confidential: false, parentId: null });
  });

  it.each([
    [{ code: '', name: '县教育局', kind: 'administrative' }, 'code', '单位编码应为 1–30 位字母、数字或 -'],
    [{ code: '-101', name: '县教育局', kind: 'administrative' }, 'code', '单位编码应为 1–30 位字母、数字或 -'],
    [{ code: '101', name: '', kind: 'administrative' }, 'name', '单位名称不能为空'],
    [{ code: '101', name: '县'.repeat(81), kind: 'administrative' }, 'name', '单位名称不能超过 80 个字'],
    [{ code: '101', name: '县教育局', kind: 'company' }, 'kind', '请选择单位性质'],
  ])('%j → %s: %s', (input, path, message) => {
    expect(issuesByPath(unitCreateSchema.safeParse(input))).toEqual({ [path]: [message] });
  });
});
