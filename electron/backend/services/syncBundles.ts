import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BundleImportResultDto, BundleLogDto, TableChangeDto } from '../../../shared/api/dtoSync.ts';
import type { FileInput } from '../../../shared/api/schemas.ts';
import { AppFailure } from '../../../shared/api/result.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { fileDto } from '../files/xlsx.ts';
import {
  findPeer, insertLog, insertSubmission, lastSentSeq, toLogDto, updatePeer, type BundleLogRow,
} from '../repositories/sync.ts';
import { applyBundle } from '../sync/apply.ts';
import { writeBundle } from '../sync/export.ts';
import { ensureIdentity, fingerprintOf, normalizeFingerprint } from '../sync/identity.ts';
import { applyImport, diagnoseForeignKeys, IMPORT_TABLES } from '../sync/importCore.ts';
import { BUNDLE_EXTENSION } from '../sync/manifest.ts';
import { BundleFault, BundleRefusal } from '../sync/refusal.ts';
import { ownCounts, relayNote, relaySources } from '../sync/relay.ts';
import { verifyBundle, type OpenBundle, type Verification } from '../sync/verify.ts';
import { uuidv7 } from '../util/ids.ts';
import { requireOffice } from './syncOffices.ts';

/**
 * Sync bundles (docs/bundle-format.md): export, verify, preview and commit. The core functions in
 * electron/backend/sync/ work on file paths; these handlers take and give base64 through a
 * temporary file.
 *
 * Refusals: verification runs first and reads only. A bundle it refuses throws BundleRefusal,
 * which the dispatcher does not audit, so a refused bundle leaves the database byte for byte as it
 * was. A bundle that passes is imported after a backup in one transaction with one summary audit
 * record; a fault found only while applying (a row outside the sender's scope, a broken
 * reference) rolls the transaction back and is audited as a failed import (the backup remains).
 */

type BundleMethods = 'sync.exportBundle' | 'sync.verifyBundle' | 'sync.previewImport' | 'sync.commitImport';

const BUNDLE_MIME = 'application/octet-stream';
const PROGRAM = '预算绩效工作台 0.1.0';

export const bundleFileName = (sender: string, recipient: string, years: readonly number[], seq: number) =>
  `${sender}-${recipient}-${[...years].sort((a, b) => a - b).join('_')}-第${seq}号${BUNDLE_EXTENSION}`;

async function withTempDir<T>(fn: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpd-bundle-'));
  try {
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes an uploaded bundle to a temporary file for the core functions, which read files. */
function withUpload<T>(file: FileInput, fn: (filePath: string) => Promise<T> | T): Promise<T> {
  return withTempDir((dir) => {
    const p = path.join(dir, 'upload.bpdbundle');
    fs.writeFileSync(p, Buffer.from(file.base64, 'base64'));
    return fn(p);
  });
}

function verify(ctx: CallContext, file: string): Verification {
  const office = requireOffice(ctx);
  return verifyBundle(ctx.db, file, { own: { regionCode: office.region_code, name: office.name } });
}

/** The refusal of a bundle verification did not pass: the first cause as the message, every cause in the details. */
export function refusalOf(v: Verification): BundleRefusal {
  const first = v.faults[0]?.message ?? '数据包未通过校验';
  return new BundleRefusal(`数据包未通过校验，未导入任何数据：${first}`, v.faults.map((f) => (f.member ? { member: f.member, message: f.message } : { message: f.message })));
}

function asImportFailure(e: unknown): unknown {
  if (e instanceof BundleFault) return new AppFailure('IMPORT_INVALID', `导入失败，未导入任何数据：${e.message}`, [{ ...(e.member ? { member: e.member } : {}), message: e.message }]);
  return e;
}

/** Commit a verified bundle: pin a first key, replace the sender's scope, log, record a submission. */
async function commit(ctx: CallContext, b: OpenBundle, fileName: string, confirmFingerprint: string | undefined): Promise<BundleImportResultDto> {
  const m = b.manifest;
  const fingerprint = fingerprintOf(m.sender.publicKeyHex);
  if (!b.peer.public_key) {
    const field = 'confirmFingerprint';
    if (!confirmFingerprint) {
      throw new BundleRefusal(`首次接收“${b.peer.name}”的数据包：请与对方电话或当面核对密钥指纹（${fingerprint}），确认一致后再导入。`, [{ field, message: '请核对并填写发送单位的密钥指纹' }], 'VALIDATION');
    }
    if (normalizeFingerprint(confirmFingerprint) !== normalizeFingerprint(fingerprint)) {
      throw new BundleRefusal(`填写的指纹与数据包的密钥指纹（${fingerprint}）不一致，未导入。请与“${b.peer.name}”重新核对。`, [{ field, message: '指纹不一致' }], 'VALIDATION');
    }
  }
  const office = requireOffice(ctx);
  const backup = await ctx.services.backup('import', ctx.user);
  const now = ctx.now();
  const at = now.toISOString();
  const by = ctx.user?.username ?? '（系统）';
  const counts = ownCounts(m);
  const log: BundleLogRow = {
    id: uuidv7(now.getTime()), direction: 'received', kind: m.kind, peer_region_code: m.sender.regionCode, seq: m.seq,
    years: JSON.stringify(m.years), bundle_created_at: m.createdAt, processed_at: at, processed_by: by, file_name: fileName,
    file_sha256: b.fileSha256, size_bytes: b.sizeBytes, counts: JSON.stringify(counts), status: 'imported', note: relayNote(m.relayed),
  };
  let changes;
  try {
    changes = ctx.write(IMPORT_TABLES, (tx) => {
      const pinned = !b.peer.public_key;
      if (pinned) updatePeer(ctx.db, { ...b.peer, public_key: m.sender.publicKeyHex, pinned_at: at, pinned_by: by, updated_at: at });
      const result = applyImport(ctx.db, b, now, (done, total) => ctx.progress('sync.import', '正在导入数据包', done, total));
      insertLog(ctx.db, log);
      if (m.kind === 'up') {
        insertSubmission(ctx.db, {
          id: uuidv7(now.getTime()), origin: office.region_code, sender_region_code: m.sender.regionCode, seq: m.seq, years: JSON.stringify(m.years),
          received_at: at, status: 'received', reason: '', decided_by: null, decided_at: null, created_at: at, updated_at: at,
        });
      }
      const sum = (k: 'added' | 'changed' | 'removed' | 'unchanged') => result.reduce((s, c) => s + c[k], 0);
      tx.summary('bundle', {
        sender: m.sender.regionCode, senderName: m.sender.name, kind: m.kind, seq: m.seq, years: m.years, file: fileName, sha256: b.fileSha256,
        added: sum('added'), changed: sum('changed'), removed: sum('removed'), unchanged: sum('unchanged'), ...(pinned ? { pinnedFingerprint: fingerprint } : {}),
        ...(m.relayed.length ? { relayed: m.relayed.map((r) => ({ regionCode: r.regionCode, seq: r.lastSeq })) } : {}),
      });
      return result;
    });
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      const problems = diagnoseForeignKeys(ctx.db, b, now);
      throw new AppFailure('IMPORT_INVALID', `导入失败，未导入任何数据：数据包中的记录与本单位的数据对不上（${problems.join('；') || '外键约束'}）。`, problems.map((message) => ({ message })));
    }
    throw asImportFailure(e);
  }
  return { log: toLogDto(log, b.peer.name), changes, backupName: backup.name };
}

export const syncBundleHandlers: HandlerMap<BundleMethods> = {
  'sync.exportBundle': async (ctx, input) => {
    const office = requireOffice(ctx);
    const peer = findPeer(ctx.db, input.recipientRegionCode);
    if (!peer) throw new AppFailure('NOT_FOUND', `接收单位 ${input.recipientRegionCode} 尚未登记为往来单位，请先登记。`, [{ field: 'recipientRegionCode', message: '接收单位未登记' }]);
    const wanted = input.kind === 'up' ? 'parent' : 'child';
    if (peer.relation !== wanted) {
      const message = input.kind === 'up' ? `上报包只能发给上级单位，“${peer.name}”登记为本单位的下级单位` : `下发包只能发给下级单位，“${peer.name}”登记为本单位的上级单位`;
      throw new AppFailure('VALIDATION', `${message}。`, [{ field: 'kind', message }]);
    }
    const identity = ensureIdentity(ctx.db, ctx.now());
    const seq = lastSentSeq(ctx.db) + 1;
    const createdAt = ctx.now();
    const name = bundleFileName(office.region_code, peer.region_code, input.years, seq);
    // An upward bundle relays what this office holds from its own child offices (prefecture → province).
    const relay = input.kind === 'up' ? relaySources(ctx.db) : [];
    const written = await writeBundle(ctx.db, {
      sender: { regionCode: office.region_code, name: office.name, level: office.level, publicKeyHex: identity.public_key, privateKeyHex: identity.private_key },
      recipient: { regionCode: peer.region_code, name: peer.name }, kind: input.kind, years: input.years, seq, createdAt, program: PROGRAM, relay,
    }, (done, total) => ctx.progress('sync.export', '正在导出数据包', done, total));
    const at = ctx.now().toISOString();
    const counts = ownCounts(written.manifest);
    const log: BundleLogRow = {
      id: uuidv7(createdAt.getTime()), direction: 'sent', kind: input.kind, peer_region_code: peer.region_code, seq, years: JSON.stringify(written.manifest.years),
      bundle_created_at: written.manifest.createdAt, processed_at: at, processed_by: ctx.user?.username ?? '（系统）', file_name: name,
      file_sha256: written.fileSha256, size_bytes: written.bytes.length, counts: JSON.stringify(counts), status: 'exported', note: relayNote(written.manifest.relayed),
    };
    ctx.write(['bundle_log'], (tx) => {
      insertLog(ctx.db, log);
      tx.summary('bundle', {
        recipient: peer.region_code, kind: input.kind, seq, years: written.manifest.years, file: name, sha256: written.fileSha256, counts,
        ...(relay.length ? { relayed: relay.map((r) => r.regionCode) } : {}),
      });
    });
    const dto: BundleLogDto = toLogDto(log, peer.name);
    return { ...fileDto(name, written.bytes, BUNDLE_MIME), log: dto };
  },

  'sync.verifyBundle': (ctx, input) => withUpload(input.file, (file) => {
    const v = verify(ctx, file);
    v.bundle?.zip.close();
    return v.verdict;
  }),

  'sync.previewImport': (ctx, input) => withUpload(input.file, (file) => {
    const v = verify(ctx, file);
    try {
      const b = v.bundle;
      let changes: TableChangeDto[] = [];
      if (v.verdict.ok && b?.peer && !b.unchanged) {
        try {
          changes = applyBundle({ db: ctx.db, bundle: b as OpenBundle, write: false });
        } catch (e) {
          if (!(e instanceof BundleFault)) throw e;
          v.faults.push(e);
          v.verdict.errors.push(e.message);
          v.verdict.ok = false;
        }
      }
      return { verdict: v.verdict, changes, needsPin: v.verdict.pin === 'unpinned', unchanged: b?.unchanged === true && v.verdict.ok };
    } finally {
      v.bundle?.zip.close();
    }
  }),

  'sync.commitImport': (ctx, input) => withUpload(input.file, async (file) => {
    const v = verify(ctx, file);
    try {
      const b = v.bundle;
      if (!v.verdict.ok || !b?.peer) throw refusalOf(v);
      if (b.unchanged && b.last) {
        // The same bundle again: nothing is written, not even a log line.
        return { log: { ...toLogDto(b.last, b.peer.name), status: 'unchanged', note: `与已导入的第 ${b.last.seq} 号包相同，未作任何修改` }, changes: [], backupName: null };
      }
      return await commit(ctx, b as OpenBundle, input.file.name, input.confirmFingerprint);
    } finally {
      v.bundle?.zip.close();
    }
  }),
};
