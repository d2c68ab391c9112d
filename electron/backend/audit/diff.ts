/** Fields never written to the audit log. */
const SECRET_FIELDS = new Set(['password_hash', 'passwordHash', 'password']);

/**
 * Compact before/after: only fields whose value changed, as { field: [before, after] }.
 * A created row has before = null; a removed row has after = null.
 */
export function diffRows(before: object | null, after: object | null): Record<string, unknown> {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (key === 'updated_at' || key === 'updatedAt' || key === 'rev') continue;
    if (SECRET_FIELDS.has(key)) {
      if (b[key] !== a[key]) out[key] = ['***', '***'];
      continue;
    }
    const bv = before ? (b[key] ?? null) : null;
    const av = after ? (a[key] ?? null) : null;
    if (JSON.stringify(bv) !== JSON.stringify(av)) out[key] = [bv, av];
  }
  return out;
}
