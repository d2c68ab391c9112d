import type { OfficeLevel, UnitKind, UnitLevel } from '../domain/office.ts';
import type { Role } from '../domain/roles.ts';
import type { ErrorDetail } from './result.ts';

/** 本单位: the office this database belongs to. */
export interface OfficeDto {
  regionCode: string;
  name: string;
  level: OfficeLevel;
  parentName: string;
  parentRegionCode: string;
  currentYear: number;
}

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface SessionDto {
  sessionId: string;
  user: UserDto;
  office: OfficeDto;
  /** Minutes of inactivity after which the session ends. */
  idleTimeoutMinutes: number;
}

export interface FiscalYearDto {
  year: number;
  current: boolean;
  createdAt: string;
}

/** 预算单位. */
export interface UnitDto {
  id: string;
  origin: string;
  code: string;
  name: string;
  parentId: string | null;
  level: UnitLevel;
  kind: UnitKind;
  confidential: boolean;
  active: boolean;
  /** Rows from another office arrive by bundle and are read-only here. */
  readOnly: boolean;
  updatedAt: string;
  rev: number;
}

/** A file handed back to the user: they save it (dialog in desktop, download in browser). */
export interface FileDto {
  name: string;
  base64: string;
  mime: string;
}

/** One row of an import preview: what the commit would do with it. */
export interface ImportRowPreview<T> {
  row: number;
  action: 'add' | 'update' | 'unchanged';
  value: T;
}

export interface ImportPreview<T> {
  fileName: string;
  sheet: string;
  rows: ImportRowPreview<T>[];
  errors: ErrorDetail[];
  summary: { add: number; update: number; unchanged: number };
}

export interface ImportSummary {
  add: number;
  update: number;
  unchanged: number;
}

export interface UnitImportRow {
  code: string;
  name: string;
  parentCode: string | null;
  kind: UnitKind;
  confidential: boolean;
  active: boolean;
}

export interface AuditRecordDto {
  seq: number;
  at: string;
  userId: string | null;
  username: string;
  method: string;
  entity: string | null;
  entityId: string | null;
  changes: unknown;
  result: string;
  hash: string;
}

export interface AuditPage {
  rows: AuditRecordDto[];
  total: number;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  /** First broken link: the seq where the chain stops matching. */
  brokenAt: number | null;
  reason: string | null;
}

export interface BackupDto {
  name: string;
  size: number;
  createdAt: string;
  reason: string;
}
