import type { BundleLogDto, BundleVerdictDto, PeerOfficeDto, SubmissionDto } from '../../../../shared/api/dtoSync.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { bundleTableLabel } from '../../../../shared/i18n/zh-CN.ts';
import { PEER_TABLES } from '../../components/OfficeScope.tsx';

/** What the sync screens read: a bundle import or export names these tables in its data.changed event. */
export const SYNC_TABLES = [...PEER_TABLES, 'office_identity', 'office'];

/** Bundles are made and imported by the administrator or the performance section (methods/sync.ts SYNC). */
export const SYNC_ROLES: readonly Role[] = ['admin', 'performance'];

export const RELATION_LABELS: Record<PeerOfficeDto['relation'], string> = { parent: '上级', child: '下级' };
export const KIND_LABELS: Record<BundleLogDto['kind'], string> = { up: '上报包', down: '下发包' };
export const DIRECTION_LABELS: Record<BundleLogDto['direction'], string> = { sent: '发出', received: '接收' };
export const LOG_STATUS_LABELS: Record<BundleLogDto['status'], string> = { exported: '已生成', imported: '已导入', unchanged: '重复导入，未变化' };
export const LOG_STATUS_COLORS: Record<BundleLogDto['status'], string> = { exported: 'blue', imported: 'teal', unchanged: 'gray' };

/** The key state of a bundle against this office's register (BundleVerdictDto.pin). */
export const VERDICT_PIN_LABELS: Record<BundleVerdictDto['pin'], string> = {
  pinned: '与已登记的密钥一致',
  unpinned: '首次接收，须核对指纹',
  mismatch: '与已登记的密钥不一致',
  unknownOffice: '发送单位未登记',
};
export const VERDICT_PIN_COLORS: Record<BundleVerdictDto['pin'], string> = { pinned: 'teal', unpinned: 'orange', mismatch: 'red', unknownOffice: 'red' };

export const SEQUENCE_LABELS: Record<BundleVerdictDto['sequence'], string> = {
  first: '该单位的首个数据包',
  new: '新数据包',
  same: '已导入过的数据包',
  older: '早于已导入的数据包',
};

/** A county's upward bundle as its parent decided on it; the wording depends on whose screen it is. */
export function submissionStatusLabel(s: Pick<SubmissionDto, 'status' | 'perspective'>): string {
  if (s.status === 'accepted') return '已接收';
  if (s.status === 'returned') return '已退回';
  return s.perspective === 'mine' ? '已上报，待上级处理' : '待处理';
}
export const SUBMISSION_COLORS: Record<SubmissionDto['status'], string> = { received: 'blue', accepted: 'teal', returned: 'red' };

/**
 * Chinese names of the bundled tables, for the row counts a bundle log line carries (the import
 * preview gets its labels from the backend): the catalog the backend's table registry uses.
 */
export const tableLabel = bundleTableLabel;

/** Row counts of a log line, largest first, with their labels. */
export function countsOf(counts: Record<string, number>): { table: string; label: string; n: number }[] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => ({ table, label: tableLabel(table), n }))
    .toSorted((a, b) => b.n - a.n || a.label.localeCompare(b.label, 'zh-CN'));
}

export const totalRows = (counts: Record<string, number>) => Object.values(counts).reduce((s, n) => s + n, 0);

export const yearsText = (years: readonly number[]) => (years.length ? years.toSorted((a, b) => a - b).map((y) => `${y}`).join('、') + ' 年度' : '—');

export const seqText = (seq: number | null) => (seq === null ? '—' : `第 ${seq} 号`);

/** The newest received line per sender (the log is newest first or not: sorted here). */
export function lastReceivedBySender(log: readonly BundleLogDto[]): Map<string, BundleLogDto> {
  const out = new Map<string, BundleLogDto>();
  for (const l of log) {
    if (l.direction !== 'received') continue;
    const seen = out.get(l.peerRegionCode);
    if (!seen || l.seq > seen.seq) out.set(l.peerRegionCode, l);
  }
  return out;
}

/** The fingerprint split in its groups of four ("3F2A 91C0 …" → ["3F2A", "91C0", …]). */
export const fingerprintGroups = (fp: string) => fp.replace(/\s+/g, '').match(/.{1,4}/g) ?? [];

export const num = { fontVariantNumeric: 'tabular-nums' } as const;

/** The look every table on the sync screens shares (spread into DataTable). */
export const tableLook = (loading: boolean, count: number) =>
  ({ striped: true, highlightOnHover: true, verticalSpacing: 6, minHeight: count ? undefined : 160, fetching: loading, loaderType: 'dots' }) as const;
