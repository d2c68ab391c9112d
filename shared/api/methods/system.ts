import { z } from 'zod';
import { method } from '../define.ts';
import type { AuditPage, AuditVerifyResult, BackupDto, FileDto, FiscalYearDto, OfficeDto, SessionDto, UserDto } from '../dto.ts';
import {
  auditFilterSchema, changePasswordSchema, empty, fiscalYearSchema, loginSchema, officeSchema, setActiveSchema,
  setupInitSchema, userCreateSchema, userResetPasswordSchema, userUpdateSchema, idSchema,
} from '../schemas.ts';

const ADMIN = ['admin'] as const;
const AUDITOR = ['auditor'] as const;

export const systemMethods = {
  'setup.status': method<{ initialized: boolean; office: OfficeDto | null }>()({ input: empty, access: 'public', write: false }),
  'setup.init': method<{ office: OfficeDto }>()({ input: setupInitSchema, access: 'public', write: true }),

  'auth.login': method<SessionDto>()({ input: loginSchema, access: 'public', write: false }),
  'auth.logout': method<null>()({ input: empty, access: 'signedIn', write: false }),
  'auth.me': method<SessionDto>()({ input: empty, access: 'signedIn', write: false }),
  'auth.changePassword': method<null>()({ input: changePasswordSchema, access: 'signedIn', write: true }),

  'office.get': method<OfficeDto>()({ input: empty, access: 'signedIn', write: false }),
  'office.update': method<OfficeDto>()({ input: officeSchema, access: ADMIN, write: true }),

  'years.list': method<FiscalYearDto[]>()({ input: empty, access: 'signedIn', write: false }),
  'years.add': method<FiscalYearDto>()({ input: z.object({ year: fiscalYearSchema }), access: ['admin', 'performance'], write: true }),
  'years.setCurrent': method<FiscalYearDto>()({ input: z.object({ year: fiscalYearSchema }), access: ['admin', 'performance'], write: true }),

  'users.list': method<UserDto[]>()({ input: empty, access: ADMIN, write: false }),
  'users.create': method<UserDto>()({ input: userCreateSchema, access: ADMIN, write: true }),
  'users.update': method<UserDto>()({ input: userUpdateSchema, access: ADMIN, write: true }),
  'users.setActive': method<UserDto>()({ input: setActiveSchema, access: ADMIN, write: true }),
  'users.resetPassword': method<UserDto>()({ input: userResetPasswordSchema, access: ADMIN, write: true }),
  'users.unlock': method<UserDto>()({ input: z.object({ id: idSchema }), access: ADMIN, write: true }),

  'audit.list': method<AuditPage>()({ input: auditFilterSchema, access: AUDITOR, write: false }),
  'audit.verify': method<AuditVerifyResult>()({ input: empty, access: AUDITOR, write: false }),
  'audit.export': method<FileDto>()({ input: auditFilterSchema, access: AUDITOR, write: false }),

  'backup.list': method<BackupDto[]>()({ input: empty, access: ADMIN, write: false }),
  'backup.location': method<{ dataDir: string; dbFile: string; backupDir: string }>()({ input: empty, access: ADMIN, write: false }),
  'backup.create': method<BackupDto>()({ input: empty, access: ADMIN, write: false }),
  'backup.restore': method<{ restoredFrom: string; safetyBackup: string }>()({
    input: z.object({ name: z.string().min(1, { error: '请选择备份文件' }) }),
    access: ADMIN,
    write: false,
  }),
} as const;
