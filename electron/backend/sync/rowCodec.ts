/**
 * BLOB columns in NDJSON: a BLOB value is written as {"$base64": "<standard base64>"}. No bundled
 * table has one today (attachment files travel as attachments/<sha256> members); the encoding keeps
 * a future BLOB column from being written as an unreadable object.
 */
export function encodeRow(row: Record<string, unknown>, blobColumns: readonly string[]): Record<string, unknown> {
  const out = { ...row };
  for (const c of blobColumns) {
    const v = out[c];
    if (v instanceof Uint8Array) out[c] = { $base64: Buffer.from(v).toString('base64') };
  }
  return out;
}

export function decodeValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && '$base64' in v && typeof v.$base64 === 'string') return Buffer.from(v.$base64, 'base64');
  return v;
}
