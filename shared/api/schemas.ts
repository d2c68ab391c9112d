import { z } from 'zod';
import { OFFICE_LEVELS, UNIT_KINDS } from '../domain/office.ts';
import { ROLES } from '../domain/roles.ts';
import { checkParentRegionCode, checkRegionCode } from '../rules/region.ts';
import { passwordProblems } from '../rules/password.ts';

/** Shared zod schemas: the backend parses with them and the Mantine forms validate with them. */
export const nonEmpty = (label: string, max = 200) =>
  z
    .string({ error: `${label}不能为空` })
    .trim()
    .min(1, { error: `${label}不能为空` })
    .max(max, { error: `${label}不能超过 ${max} 个字` });

export const idSchema = z.string({ error: '缺少记录编号' }).min(1, { error: '缺少记录编号' });

export const fiscalYearSchema = z
  .number({ error: '年度应为数字' })
  .int({ error: '年度应为整数' })
  .min(2000, { error: '年度不能早于 2000 年' })
  .max(2100, { error: '年度不能晚于 2100 年' });

export const regionCodeSchema = z.string({ error: '行政区划代码不能为空' }).trim().regex(/^\d{6}$/, { error: '行政区划代码应为 6 位数字' });

export const officeSchema = z
  .object({
    regionCode: regionCodeSchema,
    name: nonEmpty('单位名称', 60),
    level: z.enum(OFFICE_LEVELS, { error: '请选择级别' }),
    parentName: z.string().trim().max(60, { error: '上级单位名称不能超过 60 个字' }).default(''),
    parentRegionCode: z.union([regionCodeSchema, z.literal('')]).default(''),
  })
  .superRefine((v, ctx) => {
    // A malformed code already failed the regex above; report the level mismatch only once.
    const problem = /^\d{6}$/.test(v.regionCode) ? checkRegionCode(v.regionCode, v.level) : null;
    if (problem) ctx.addIssue({ code: 'custom', path: ['regionCode'], message: problem });
    if (v.level !== 'province' && (!v.parentName || !v.parentRegionCode)) {
      if (!v.parentName) ctx.addIssue({ code: 'custom', path: ['parentName'], message: '请填写上级单位名称' });
      if (!v.parentRegionCode) ctx.addIssue({ code: 'custom', path: ['parentRegionCode'], message: '请填写上级单位行政区划代码' });
    } else if (v.parentRegionCode && !problem) {
      const parentProblem = checkParentRegionCode(v.parentRegionCode, v.regionCode, v.level);
      if (parentProblem) ctx.addIssue({ code: 'custom', path: ['parentRegionCode'], message: parentProblem });
    }
  });
export type OfficeInput = z.input<typeof officeSchema>;

export const usernameSchema = z
  .string({ error: '用户名不能为空' })
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, { error: '用户名应为 3–32 位字母、数字或 _ . -，以字母开头' });

export const newPasswordSchema = z.string({ error: '密码不能为空' });

export const roleSchema = z.enum(ROLES, { error: '请选择角色' });

/** Checks password strength in a refinement so the message lands on the password field. */
export function withStrongPassword<T extends { password: string; username?: string }>(path = 'password') {
  return (v: T, ctx: z.RefinementCtx) => {
    for (const p of passwordProblems(v.password, v.username ?? '')) ctx.addIssue({ code: 'custom', path: [path], message: p });
  };
}

export const setupInitSchema = z.object({
  office: officeSchema,
  admin: z
    .object({ username: usernameSchema, displayName: nonEmpty('姓名', 30), password: newPasswordSchema })
    .superRefine(withStrongPassword()),
  year: fiscalYearSchema,
});
export type SetupInitInput = z.input<typeof setupInitSchema>;

export const loginSchema = z.object({
  username: z.string({ error: '请输入用户名' }).trim().min(1, { error: '请输入用户名' }),
  password: z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }),
});

export const changePasswordSchema = z
  .object({ oldPassword: z.string().min(1, { error: '请输入原密码' }), password: newPasswordSchema })
  .superRefine(withStrongPassword());

export const userCreateSchema = z
  .object({ username: usernameSchema, displayName: nonEmpty('姓名', 30), role: roleSchema, password: newPasswordSchema })
  .superRefine(withStrongPassword());

export const userUpdateSchema = z.object({ id: idSchema, displayName: nonEmpty('姓名', 30), role: roleSchema });
export const userResetPasswordSchema = z.object({ id: idSchema, password: newPasswordSchema }).superRefine(withStrongPassword());
export const setActiveSchema = z.object({ id: idSchema, active: z.boolean() });

export const unitCodeSchema = z
  .string({ error: '单位编码不能为空' })
  .trim()
  .regex(/^[0-9A-Za-z][0-9A-Za-z-]{0,29}$/, { error: '单位编码应为 1–30 位字母、数字或 -' });

export const unitFieldsSchema = z.object({
  code: unitCodeSchema,
  name: nonEmpty('单位名称', 80),
  kind: z.enum(UNIT_KINDS, { error: '请选择单位性质' }),
  confidential: z.boolean().default(false),
});
export const unitCreateSchema = unitFieldsSchema.extend({ parentId: z.string().nullable().default(null) });
export const unitUpdateSchema = unitFieldsSchema.extend({ id: idSchema });
export const unitMoveSchema = z.object({ id: idSchema, parentId: z.string().nullable() });

/** A file carried in a call: name plus base64 content (the desktop reads it via a native dialog). */
export const fileSchema = z.object({
  name: nonEmpty('文件名', 255),
  base64: z.string().min(1, { error: '文件为空' }),
});
export type FileInput = z.infer<typeof fileSchema>;

export const auditFilterSchema = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  username: z.string().optional(),
  entity: z.string().optional(),
  method: z.string().optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

export const empty = z.object({}).strict().default({});
