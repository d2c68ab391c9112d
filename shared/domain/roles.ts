/**
 * Account roles. System administration, business work and audit are held by different
 * people (三员分立), so the auditor reads only the audit log and the administrator
 * cannot read it.
 */
export const ROLES = ['admin', 'performance', 'business', 'viewer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that do the bureau's business work (data entry and review). */
export const BUSINESS_ROLES: readonly Role[] = ['performance', 'business'];
/** Roles that may read business data. */
export const READER_ROLES: readonly Role[] = ['admin', 'performance', 'business', 'viewer'];
