import type { OfficeLevel } from '../domain/office.ts';

/** This office's signing identity (Ed25519), made at first run. */
export interface IdentityDto {
  regionCode: string;
  name: string;
  level: OfficeLevel;
  /** Raw 32-byte public key, hex. */
  publicKeyHex: string;
  /** What users read out to each other: SHA-256 of the public key, first 20 bytes, hex in groups of 4 ("3F2A 91C0 …"). */
  fingerprint: string;
  createdAt: string;
}

export type OfficeRelation = 'parent' | 'child';

/** Another office this one exchanges bundles with (上级 / 下级). */
export interface PeerOfficeDto {
  regionCode: string;
  name: string;
  level: OfficeLevel;
  relation: OfficeRelation;
  /** Pinned key; null until the first bundle from that office was accepted with the fingerprint confirmed. */
  publicKeyHex: string | null;
  fingerprint: string | null;
  pinnedAt: string | null;
  pinnedBy: string | null;
  /** Last bundle accepted from that office. */
  lastReceivedSeq: number | null;
  lastReceivedAt: string | null;
  lastReceivedYears: number[];
  /** Last bundle made for that office. */
  lastSentSeq: number | null;
  lastSentAt: string | null;
  note: string;
  updatedAt: string;
  rev: number;
}

/** One line of the bundle log (both directions). */
export interface BundleLogDto {
  id: string;
  direction: 'sent' | 'received';
  /** up: county → prefecture (or prefecture → province); down: prefecture → county. */
  kind: 'up' | 'down';
  peerRegionCode: string;
  peerName: string;
  seq: number;
  years: number[];
  bundleCreatedAt: string;
  processedAt: string;
  processedBy: string;
  fileName: string;
  /** SHA-256 of the whole bundle file, hex. */
  fileSha256: string;
  sizeBytes: number;
  /** Rows per table of the sender's own records, attachment files as 'attachment_blobs' (rows a prefecture relays for its counties are named in `note`). */
  counts: Record<string, number>;
  /** imported: applied; unchanged: the same bundle again, nothing changed; exported: made here. */
  status: 'exported' | 'imported' | 'unchanged';
  note: string;
}

/** The manifest as read from a bundle (docs/bundle-format.md). */
export interface BundleManifestDto {
  formatVersion: number;
  schemaVersion: number;
  kind: 'up' | 'down';
  sender: { regionCode: string; name: string; level: OfficeLevel; publicKeyHex: string; fingerprint: string };
  recipient: { regionCode: string; name: string };
  years: number[];
  seq: number;
  createdAt: string;
  counts: Record<string, number>;
  members: { path: string; size: number; sha256: string }[];
  /** Child offices whose rows the bundle relays (prefecture → province), as of the sender's last bundle from each, with their rows per table. */
  relayed: { regionCode: string; name: string; level: OfficeLevel; lastSeq: number; counts: Record<string, number> }[];
}

/** What bundle verification says (sync.verifyBundle, CLI `bundle verify`). */
export interface BundleVerdictDto {
  ok: boolean;
  /** null when the archive or its manifest cannot be read at all. */
  manifest: BundleManifestDto | null;
  /** Every fault, in Chinese, naming the member ("文件被篡改：tables/goal_sheets.ndjson 的校验值不符"). */
  errors: string[];
  /** Key state against this office's register. */
  pin: 'pinned' | 'unpinned' | 'mismatch' | 'unknownOffice';
  /** The sequence relative to the last accepted one from that sender. */
  sequence: 'new' | 'same' | 'older' | 'first';
}

export interface TableChangeDto {
  table: string;
  /** Chinese name of the table (项目, 绩效目标表, …). */
  label: string;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

/** Import preview: what committing this bundle would change, per table, for the sender and years. */
export interface BundlePreviewDto {
  verdict: BundleVerdictDto;
  changes: TableChangeDto[];
  /** True when the sender's key is not pinned yet: commit requires confirmFingerprint equal to the bundle's fingerprint. */
  needsPin: boolean;
  /** Same bundle again: commit changes nothing. */
  unchanged: boolean;
}

export interface BundleImportResultDto {
  log: BundleLogDto;
  changes: TableChangeDto[];
  backupName: string | null;
}

/** A county's upward bundle as the prefecture acts on it (已上报 → 已接收 / 退回). Travels down to the county. */
export interface SubmissionDto {
  id: string;
  senderRegionCode: string;
  senderName: string;
  seq: number;
  years: number[];
  receivedAt: string;
  status: 'received' | 'accepted' | 'returned';
  reason: string;
  decidedBy: string | null;
  decidedAt: string | null;
  /** Where this office sees it: 'mine' = my own upward bundle as the parent judged it. */
  perspective: 'mine' | 'child';
}
