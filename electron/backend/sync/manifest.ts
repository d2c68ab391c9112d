import { z } from 'zod';
import { OFFICE_LEVELS } from '../../../shared/domain/office.ts';

/**
 * The bundle format this program writes and reads (docs/bundle-format.md): version 2 adds the
 * relayed offices (`relayed`). A bundle that relays nothing is written as version 1, which
 * programs of version 1 read as before.
 */
export const FORMAT = 'bpd-bundle';
export const FORMAT_VERSION = 2;
export const formatVersionOf = (relayed: readonly unknown[]): number => (relayed.length ? 2 : 1);
/** Bundles exist since migration 0009 (sync); an older schema version cannot come from a real sender. */
export const MIN_SCHEMA_VERSION = 9;

export const MANIFEST_MEMBER = 'manifest.json';
export const SIGNATURE_MEMBER = 'signature';
export const tableMember = (table: string): string => `tables/${table}.ndjson`;
export const attachmentMember = (sha256: string): string => `attachments/${sha256}`;
export const BUNDLE_EXTENSION = '.bpdbundle';

/**
 * Limits checked on the zip directory before anything is inflated, and again while inflating
 * (a member that inflates beyond its declared size is refused at that point).
 */
export const LIMITS = {
  maxEntries: 200_000,
  /** One member, uncompressed. */
  maxMemberBytes: 2 * 1024 ** 3,
  /** All members together, uncompressed. */
  maxTotalBytes: 8 * 1024 ** 3,
  /** Uncompressed / compressed above this, for members larger than ratioFloorBytes, is a zip bomb. */
  maxRatio: 250,
  ratioFloorBytes: 1024 ** 2,
  maxManifestBytes: 64 * 1024 ** 2,
};

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const regionCode = z.string().regex(/^\d{6}$/);

export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.number().int().positive(),
  schemaVersion: z.number().int().positive(),
  kind: z.enum(['up', 'down']),
  sender: z.object({
    regionCode, name: z.string().min(1), level: z.enum(OFFICE_LEVELS), publicKeyHex: hex64, fingerprint: z.string(),
  }),
  recipient: z.object({ regionCode, name: z.string() }),
  years: z.array(z.number().int().min(2000).max(2100)).min(1).max(10),
  seq: z.number().int().positive(),
  createdAt: z.string().min(10),
  program: z.string().default(''),
  tables: z.array(z.object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/),
    member: z.string(),
    rows: z.number().int().nonnegative(),
    columns: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).min(1),
  })),
  attachments: z.array(z.object({ sha256: hex64, member: z.string(), size: z.number().int().nonnegative() })),
  members: z.array(z.object({ path: z.string(), size: z.number().int().nonnegative(), sha256: hex64 })),
  /** Child offices whose rows the bundle relays (format version 2), with their row counts per table (tables without rows left out). */
  relayed: z.array(z.object({
    regionCode, name: z.string().min(1), level: z.enum(OFFICE_LEVELS), lastSeq: z.number().int().positive(),
    counts: z.record(z.string(), z.number().int().nonnegative()),
  })).default([]),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestTable = Manifest['tables'][number];
