/** The closed set of error codes a call can return. The renderer maps each to one notification style. */
export const ERROR_CODES = [
  'VALIDATION', // input failed its schema or a business rule; details name the field
  'UNAUTHENTICATED', // no session, or the session timed out
  'FORBIDDEN', // the session's role may not call this method
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'CONFLICT', // duplicate key, stale revision, record owned by another office
  'LOCKED', // account locked after repeated failed sign-ins
  'IMPORT_INVALID', // a file failed validation; details list every bad cell
  'SETUP_REQUIRED', // the office has not been initialised yet
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where a fault sits: a form field, an Excel cell or a bundle member. */
export interface ErrorDetail {
  field?: string;
  sheet?: string;
  row?: number;
  column?: string;
  member?: string;
  message: string;
}

export interface AppError {
  code: ErrorCode;
  /** Chinese, for the user. */
  message: string;
  details?: ErrorDetail[];
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string, details?: ErrorDetail[]): Result<never> =>
  details ? { ok: false, error: { code, message, details } } : { ok: false, error: { code, message } };

/** Thrown inside services to abort the transaction with a user-facing error. */
export class AppFailure extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  constructor(code: ErrorCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.name = 'AppFailure';
    this.code = code;
    this.details = details;
  }
}
