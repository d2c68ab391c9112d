import type { Db } from '../db/connection.ts';
import type { OfficeLevel } from '../../../shared/domain/office.ts';
import { regionCodeLevel } from '../../../shared/rules/region.ts';
import { findPeer, lastImported, listPeers } from '../repositories/sync.ts';
import { MANIFEST_MEMBER, type Manifest } from './manifest.ts';
import { BundleFault } from './refusal.ts';

/**
 * Relayed offices (转报, docs/bundle-format.md "Relayed offices"): an upward bundle from an office
 * with children (a prefecture to its province) also carries the rows it holds from its child
 * offices for the bundle's years, as received, with their origins. The receiver replaces the scope
 * of every origin the bundle names (the sender and each relayed office) in one transaction.
 */

/** A child office whose rows an upward bundle relays. */
export interface RelayedOffice {
  regionCode: string;
  name: string;
  level: OfficeLevel;
  /** The last bundle the sender accepted from that office: the state relayed. */
  lastSeq: number;
}

/**
 * Whether the region `inner` lies strictly inside `outer` (GB/T 2260 codes are hierarchical: a
 * province 650000 covers 65xxxx, a prefecture 652300 covers 6523xx, a county covers nothing).
 */
export function regionContains(outer: string, inner: string): boolean {
  if (outer === inner || regionCodeLevel(inner) === null) return false;
  switch (regionCodeLevel(outer)) {
    case 'province':
      return inner.slice(0, 2) === outer.slice(0, 2);
    case 'prefecture':
      return inner.slice(0, 4) === outer.slice(0, 4);
    default:
      return false;
  }
}

/**
 * The offices an upward bundle relays: this office's registered child offices from which it has
 * accepted a bundle, in region-code order.
 */
export function relaySources(db: Db): RelayedOffice[] {
  const out: RelayedOffice[] = [];
  for (const p of listPeers(db)) {
    if (p.relation !== 'child') continue;
    const last = lastImported(db, p.region_code);
    if (last) out.push({ regionCode: p.region_code, name: p.name, level: p.level, lastSeq: last.seq });
  }
  return out.toSorted((a, b) => a.regionCode.localeCompare(b.regionCode));
}

/** Every origin a bundle carries rows of: the sender first, then the relayed offices. */
export const bundleOrigins = (m: Pick<Manifest, 'sender' | 'relayed'>): string[] => [m.sender.regionCode, ...m.relayed.map((r) => r.regionCode)];

/**
 * The receiver's rules for the relayed offices of a bundle, checked before anything is written:
 * only upward bundles relay; each relayed office lies inside the sender's region, is neither the
 * sender nor this office, appears once, and is not an office this one receives directly (one
 * source of truth for every office's rows); per table the relayed rows do not exceed the rows.
 */
export function checkRelayed(db: Db, m: Manifest, own: string, fault: (f: BundleFault) => void): void {
  if (m.relayed.length === 0) return;
  const sender = `“${m.sender.name}”（${m.sender.regionCode}）`;
  if (m.kind !== 'up') {
    fault(new BundleFault('下发包不能含有转报的其他单位数据', MANIFEST_MEMBER));
    return;
  }
  const seen = new Set<string>([m.sender.regionCode]);
  for (const r of m.relayed) {
    const office = `“${r.name}”（${r.regionCode}）`;
    if (seen.has(r.regionCode)) fault(new BundleFault(`清单中转报单位 ${r.regionCode} 重复或与发送单位相同`, MANIFEST_MEMBER));
    else if (r.regionCode === own) fault(new BundleFault(`转报单位${office}是本单位：本单位的数据不能经由${sender}转报回来`, MANIFEST_MEMBER));
    else if (!regionContains(m.sender.regionCode, r.regionCode)) {
      fault(new BundleFault(`转报单位${office}不在发送单位${sender}的辖区内，不能经由其转报`, MANIFEST_MEMBER));
    } else if (findPeer(db, r.regionCode)?.relation === 'child') {
      fault(new BundleFault(`${office}的数据由本单位直接接收，不能经由${sender}转报`, MANIFEST_MEMBER));
    }
    seen.add(r.regionCode);
  }
  const rows = new Map(m.tables.map((t) => [t.name, t.rows]));
  const relayedRows = new Map<string, number>();
  for (const r of m.relayed) for (const [table, n] of Object.entries(r.counts)) relayedRows.set(table, (relayedRows.get(table) ?? 0) + n);
  for (const [table, n] of relayedRows) {
    if (!rows.has(table)) fault(new BundleFault(`清单中转报单位的记录数列出了包内没有的数据表：${table}`, MANIFEST_MEMBER));
    else if (n > (rows.get(table) ?? 0)) fault(new BundleFault(`清单中数据表 ${table} 转报的记录数（${n}）多于该表的记录数（${rows.get(table)}）`, MANIFEST_MEMBER));
  }
}

/**
 * Rows per table of the sender's own records, and the attachment files as 'attachment_blobs': what
 * the bundle log records for a bundle on both sides (the statistics compare it with the rows held
 * for the sender). Rows relayed for child offices are named in the log's note (relayNote).
 */
export function ownCounts(m: Pick<Manifest, 'tables' | 'attachments' | 'relayed'>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of m.tables) counts[t.name] = t.rows - m.relayed.reduce((n, r) => n + (r.counts[t.name] ?? 0), 0);
  counts.attachment_blobs = m.attachments.length;
  return counts;
}

/** The bundle log's note on a bundle that relays (both sides): which offices, as of which of their bundles, with how many rows. */
export function relayNote(relayed: Manifest['relayed']): string {
  if (relayed.length === 0) return '';
  const rows = (r: Manifest['relayed'][number]) => Object.values(r.counts).reduce((n, c) => n + c, 0);
  return `含转报数据：${relayed.map((r) => `${r.name}（${r.regionCode}）第 ${r.lastSeq} 号包 ${rows(r)} 条`).join('、')}`;
}
