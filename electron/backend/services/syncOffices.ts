import { AppFailure } from '../../../shared/api/result.ts';
import type { IdentityDto, PeerOfficeDto, SubmissionDto } from '../../../shared/api/dtoSync.ts';
import type { OfficeLevel } from '../../../shared/domain/office.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { findOffice, type OfficeRow } from '../repositories/office.ts';
import {
  decideSubmissionRow, deletePeer, findPeer, findSubmission, insertPeer, listLog, listPeers, listSubmissions, toLogDto, updatePeer,
  type BundleLogRow, type PeerRow, type SubmissionRow,
} from '../repositories/sync.ts';
import { ensureIdentity, fingerprintOf } from '../sync/identity.ts';

/**
 * The offices this one exchanges bundles with (上级 / 下级), its signing identity, the bundle log
 * and the parent's decisions on upward bundles (已上报 → 已接收 / 退回). Bundles themselves:
 * services/syncBundles.ts.
 */

type OfficeMethods =
  | 'sync.identity' | 'sync.offices' | 'sync.saveOffice' | 'sync.removeOffice' | 'sync.repin' | 'sync.log' | 'sync.submissions'
  | 'sync.decideSubmission';

const LEVEL_RANK: Record<OfficeLevel, number> = { county: 1, prefecture: 2, province: 3 };
const LEVEL_WORDS: Record<OfficeLevel, string> = { county: '县级', prefecture: '市级', province: '省级' };

export function requireOffice(ctx: CallContext): OfficeRow {
  const office = findOffice(ctx.db);
  if (!office) throw new AppFailure('SETUP_REQUIRED', '本单位尚未完成初始化，请先完成首次设置。');
  return office;
}

function lastByPeer(log: readonly BundleLogRow[], direction: 'sent' | 'received'): Map<string, BundleLogRow> {
  const out = new Map<string, BundleLogRow>();
  for (const l of log) {
    if (l.direction !== direction || (direction === 'received' && l.status !== 'imported')) continue;
    const seen = out.get(l.peer_region_code);
    if (!seen || l.seq > seen.seq) out.set(l.peer_region_code, l);
  }
  return out;
}

export function toPeerDto(r: PeerRow, received?: BundleLogRow, sent?: BundleLogRow): PeerOfficeDto {
  return {
    regionCode: r.region_code, name: r.name, level: r.level, relation: r.relation, publicKeyHex: r.public_key,
    fingerprint: r.public_key ? fingerprintOf(r.public_key) : null, pinnedAt: r.pinned_at, pinnedBy: r.pinned_by,
    lastReceivedSeq: received?.seq ?? null, lastReceivedAt: received?.processed_at ?? null,
    lastReceivedYears: received ? (JSON.parse(received.years) as number[]) : [],
    lastSentSeq: sent?.seq ?? null, lastSentAt: sent?.processed_at ?? null, note: r.note, updatedAt: r.updated_at, rev: r.rev,
  };
}

function peerDto(ctx: CallContext, regionCode: string): PeerOfficeDto {
  const row = findPeer(ctx.db, regionCode);
  if (!row) throw new AppFailure('NOT_FOUND', `往来单位 ${regionCode} 未登记。`);
  const log = listLog(ctx.db).filter((l) => l.peer_region_code === regionCode);
  return toPeerDto(row, lastByPeer(log, 'received').get(regionCode), lastByPeer(log, 'sent').get(regionCode));
}

function requirePeer(ctx: CallContext, regionCode: string): PeerRow {
  const row = findPeer(ctx.db, regionCode);
  if (!row) throw new AppFailure('NOT_FOUND', `往来单位 ${regionCode} 未登记。`);
  return row;
}

function toSubmissionDto(r: SubmissionRow, own: string, names: ReadonlyMap<string, string>): SubmissionDto {
  return {
    id: r.id, senderRegionCode: r.sender_region_code, senderName: names.get(r.sender_region_code) ?? r.sender_region_code, seq: r.seq,
    years: JSON.parse(r.years) as number[], receivedAt: r.received_at, status: r.status, reason: r.reason, decidedBy: r.decided_by,
    decidedAt: r.decided_at, perspective: r.origin === own ? 'child' : 'mine',
  };
}

export const syncOfficeHandlers: HandlerMap<OfficeMethods> = {
  'sync.identity': (ctx): IdentityDto => {
    const office = requireOffice(ctx);
    const id = ensureIdentity(ctx.db, ctx.now());
    return {
      regionCode: office.region_code, name: office.name, level: office.level, publicKeyHex: id.public_key,
      fingerprint: fingerprintOf(id.public_key), createdAt: id.created_at,
    };
  },

  'sync.offices': (ctx) => {
    const log = listLog(ctx.db);
    const received = lastByPeer(log, 'received');
    const sent = lastByPeer(log, 'sent');
    return listPeers(ctx.db).map((r) => toPeerDto(r, received.get(r.region_code), sent.get(r.region_code)));
  },

  'sync.saveOffice': (ctx, input) => {
    const office = requireOffice(ctx);
    if (input.regionCode === office.region_code) throw new AppFailure('VALIDATION', '不能把本单位登记为往来单位。', [{ field: 'regionCode', message: '这是本单位的行政区划代码' }]);
    const own = LEVEL_RANK[office.level];
    const rank = LEVEL_RANK[input.level];
    if (input.relation === 'parent' ? rank <= own : rank >= own) {
      const message = input.relation === 'parent'
        ? `上级单位的层级应高于本单位（${LEVEL_WORDS[office.level]}）`
        : `下级单位的层级应低于本单位（${LEVEL_WORDS[office.level]}）`;
      throw new AppFailure('VALIDATION', `${message}。`, [{ field: 'level', message }]);
    }
    const existing = findPeer(ctx.db, input.regionCode);
    if (existing && input.rev === undefined) throw new AppFailure('CONFLICT', `行政区划代码 ${input.regionCode} 已登记为“${existing.name}”。`, [{ field: 'regionCode', message: '该单位已登记' }]);
    if (existing && input.rev !== existing.rev) throw new AppFailure('CONFLICT', '该往来单位已被他人修改，请刷新后再保存。');
    if (input.relation === 'parent') {
      const other = listPeers(ctx.db).find((p) => p.relation === 'parent' && p.region_code !== input.regionCode);
      if (other) throw new AppFailure('CONFLICT', `本单位已登记上级单位“${other.name}”（${other.region_code}），一个单位只能有一个上级。`, [{ field: 'relation', message: '已有上级单位' }]);
    }
    const at = ctx.now().toISOString();
    const row: PeerRow = {
      region_code: input.regionCode, name: input.name, level: input.level, relation: input.relation, public_key: existing?.public_key ?? null,
      pinned_at: existing?.pinned_at ?? null, pinned_by: existing?.pinned_by ?? null, note: input.note, created_at: existing?.created_at ?? at,
      updated_at: at, rev: existing?.rev ?? 1,
    };
    ctx.write(['peer_offices'], (tx) => {
      if (existing) updatePeer(ctx.db, row);
      else insertPeer(ctx.db, row);
      tx.record('peer_office', row.region_code, existing ?? null, row);
    });
    return peerDto(ctx, input.regionCode);
  },

  'sync.removeOffice': (ctx, input) => {
    const existing = requirePeer(ctx, input.regionCode);
    ctx.write(['peer_offices'], (tx) => {
      deletePeer(ctx.db, input.regionCode);
      tx.record('peer_office', input.regionCode, existing, null);
    });
    return { regionCode: input.regionCode };
  },

  'sync.repin': (ctx, input) => {
    const existing = requirePeer(ctx, input.regionCode);
    if (!existing.public_key) throw new AppFailure('CONFLICT', `“${existing.name}”尚未登记密钥，下一个数据包导入时核对指纹即可登记。`);
    const row: PeerRow = { ...existing, public_key: null, pinned_at: null, pinned_by: null, updated_at: ctx.now().toISOString() };
    ctx.write(['peer_offices'], (tx) => {
      updatePeer(ctx.db, row);
      tx.record('peer_office', existing.region_code, { fingerprint: fingerprintOf(existing.public_key ?? ''), reason: null }, { fingerprint: null, reason: input.reason });
    });
    return peerDto(ctx, input.regionCode);
  },

  'sync.log': (ctx) => {
    const names = new Map(listPeers(ctx.db).map((p) => [p.region_code, p.name]));
    return listLog(ctx.db).map((r) => toLogDto(r, names.get(r.peer_region_code) ?? r.peer_region_code));
  },

  'sync.submissions': (ctx) => {
    const office = requireOffice(ctx);
    const names = new Map([...listPeers(ctx.db).map((p) => [p.region_code, p.name] as const), [office.region_code, office.name] as const]);
    return listSubmissions(ctx.db, office.region_code).map((r) => toSubmissionDto(r, office.region_code, names));
  },

  'sync.decideSubmission': (ctx, input) => {
    const office = requireOffice(ctx);
    const row = findSubmission(ctx.db, input.id);
    if (!row) throw new AppFailure('NOT_FOUND', '上报记录不存在。');
    if (row.origin !== office.region_code) throw new AppFailure('CONFLICT', '这是上级单位对本单位上报包的处理结果，只能查看。');
    if (row.status !== 'received') throw new AppFailure('CONFLICT', `第 ${row.seq} 号上报包已${row.status === 'accepted' ? '接收' : '退回'}，不能再次处理。`);
    const at = ctx.now().toISOString();
    const after: SubmissionRow = {
      ...row, status: input.action === 'accept' ? 'accepted' : 'returned', reason: input.reason, decided_by: ctx.user?.displayName ?? ctx.user?.username ?? '',
      decided_at: at, updated_at: at, rev: row.rev + 1,
    };
    ctx.write(['submissions'], (tx) => {
      decideSubmissionRow(ctx.db, after);
      tx.record('submission', row.id, row, after);
    });
    const names = new Map([...listPeers(ctx.db).map((p) => [p.region_code, p.name] as const)]);
    return toSubmissionDto(after, office.region_code, names);
  },
};
