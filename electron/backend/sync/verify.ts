import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Db } from '../db/connection.ts';
import type { BundleManifestDto, BundleVerdictDto } from '../../../shared/api/dtoSync.ts';
import { findPeer, lastImported, type BundleLogRow, type PeerRow } from '../repositories/sync.ts';
import { BUNDLE_CONVERTERS, converterChain, type SchemaConverter, type TableConverterChain } from './converters.ts';
import { fingerprintOf, verifyBytes } from './identity.ts';
import { countNewlines } from './lines.ts';
import {
  attachmentMember, FORMAT, FORMAT_VERSION, LIMITS, MANIFEST_MEMBER, manifestSchema, MIN_SCHEMA_VERSION, SIGNATURE_MEMBER, tableMember,
  type Manifest,
} from './manifest.ts';
import { BundleFault } from './refusal.ts';
import { checkRelayed } from './relay.ts';
import { schemaInfo } from './schemaInfo.ts';
import { TABLE_BY_NAME, TABLES, type TableSpec } from './tables.ts';
import { BundleZip } from './zipRead.ts';

/** One table of a verified bundle, as the import will read it. */
export interface BundleTable {
  spec: TableSpec;
  member: string;
  rows: number;
  /** The bundle's columns after conversion to this program's schema. */
  chain: TableConverterChain;
}

/** A bundle that passed verification: open for reading by the import. */
export interface OpenBundle {
  zip: BundleZip;
  manifest: Manifest;
  fileSha256: string;
  sizeBytes: number;
  /** In registry order. */
  tables: BundleTable[];
  peer: PeerRow;
  /** The last bundle accepted from this sender. */
  last: BundleLogRow | undefined;
  /** The same bundle was imported before: importing it again changes nothing. */
  unchanged: boolean;
}

export interface Verification {
  verdict: BundleVerdictDto;
  faults: BundleFault[];
  /** Null when the archive could not be opened; otherwise the caller closes bundle.zip. */
  bundle: Omit<OpenBundle, 'peer'> & { peer: PeerRow | undefined } | null;
}

export interface VerifyOptions {
  own: { regionCode: string; name: string };
  converters?: readonly SchemaConverter[];
}

/** SHA-256 (hex) of a whole file, read in 1 MB pieces. */
function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1024 * 1024);
    for (let n = fs.readSync(fd, buf, 0, buf.length, null); n > 0; n = fs.readSync(fd, buf, 0, buf.length, null)) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

const KIND_WORDS = { up: '上报包（下级 → 上级）', down: '下发包（上级 → 下级）' } as const;
const RELATION_WORDS = { parent: '上级单位', child: '下级单位' } as const;

export function manifestDto(m: Manifest): BundleManifestDto {
  return {
    formatVersion: m.formatVersion, schemaVersion: m.schemaVersion, kind: m.kind, sender: { ...m.sender, fingerprint: fingerprintOf(m.sender.publicKeyHex) },
    recipient: m.recipient, years: m.years, seq: m.seq, createdAt: m.createdAt,
    counts: { ...Object.fromEntries(m.tables.map((t) => [t.name, t.rows])), attachment_blobs: m.attachments.length },
    members: m.members, relayed: m.relayed,
  };
}

/** Parses manifest.json, checking the format version before the rest so a newer format says so. */
function parseManifest(bytes: Buffer): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BundleFault('清单 manifest.json 无法读取（不是有效的 JSON）', MANIFEST_MEMBER);
  }
  const head = raw as { format?: unknown; formatVersion?: unknown };
  if (head?.format !== FORMAT) throw new BundleFault('清单 manifest.json 不是本程序的数据包清单', MANIFEST_MEMBER);
  if (typeof head.formatVersion === 'number' && head.formatVersion > FORMAT_VERSION) {
    throw new BundleFault(`数据包格式版本 ${head.formatVersion} 高于本程序支持的 ${FORMAT_VERSION}：请先升级本程序再导入`, MANIFEST_MEMBER);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BundleFault(`清单 manifest.json 内容不完整或有误（${issue?.path.join('.') ?? ''}）`, MANIFEST_MEMBER);
  }
  return parsed.data;
}

/** Checks the manifest's table list against this program's schema (after converters). */
function planTables(db: Db, m: Manifest, converters: readonly SchemaConverter[], fault: (f: BundleFault) => void): BundleTable[] {
  const info = schemaInfo(db);
  const byName = new Map<string, BundleTable>();
  for (const t of m.tables) {
    if (t.member !== tableMember(t.name)) fault(new BundleFault(`清单中数据表 ${t.name} 的文件名应为 ${tableMember(t.name)}`, t.member));
    const chain = converterChain(converters, m.schemaVersion, t.name, t.columns);
    const spec = TABLE_BY_NAME.get(chain.table);
    if (!spec || !info.tables.has(chain.table)) {
      fault(new BundleFault(`包内含有本程序不认识的数据表：${t.name}`, t.member));
      continue;
    }
    if (byName.has(spec.name)) {
      fault(new BundleFault(`清单中数据表 ${t.name} 重复`, t.member));
      continue;
    }
    const columns = info.columns(spec.name);
    const known = new Set(columns.map((c) => c.name));
    const unknown = chain.columns.filter((c) => !known.has(c));
    if (unknown.length) fault(new BundleFault(`数据表 ${t.name} 含有本程序不认识的列：${unknown.join('、')}`, t.member));
    const given = new Set(chain.columns);
    const required = columns.filter((c) => !given.has(c.name) && (c.pk > 0 || c.name === 'origin' || (c.notnull && c.dflt === null)));
    if (required.length) fault(new BundleFault(`数据表 ${t.name} 缺少必填列：${required.map((c) => c.name).join('、')}`, t.member));
    byName.set(spec.name, { spec, member: t.member, rows: t.rows, chain });
  }
  return TABLES.filter((s) => byName.has(s.name)).map((s) => byName.get(s.name) as BundleTable);
}

/** Members: every zip member is in the manifest and vice versa, sizes agree, attachment names are their hashes. */
function checkMembers(zip: BundleZip, m: Manifest, fault: (f: BundleFault) => void): void {
  const listed = new Map<string, Manifest['members'][number]>();
  for (const mem of m.members) {
    if (listed.has(mem.path) || mem.path === MANIFEST_MEMBER || mem.path === SIGNATURE_MEMBER) fault(new BundleFault(`清单中的文件重复：${mem.path}`, mem.path));
    listed.set(mem.path, mem);
  }
  for (const name of zip.entries.keys()) {
    if (name !== MANIFEST_MEMBER && name !== SIGNATURE_MEMBER && !listed.has(name)) fault(new BundleFault(`包内含有清单未列出的文件：${name}`, name));
  }
  for (const mem of m.members) {
    const e = zip.entries.get(mem.path);
    if (!e) fault(new BundleFault(`清单列出的文件在包内缺失：${mem.path}`, mem.path));
    else if (e.size !== mem.size) fault(new BundleFault(`文件大小与清单不符：${mem.path}`, mem.path));
  }
  for (const t of m.tables) if (!listed.has(t.member)) fault(new BundleFault(`清单未列出数据表文件：${t.member}`, t.member));
  for (const a of m.attachments) {
    if (a.member !== attachmentMember(a.sha256) || listed.get(a.member)?.sha256 !== a.sha256) {
      fault(new BundleFault(`附件文件名与其校验值不符：${a.member}`, a.member));
    }
  }
}

/** Inflates every member once: SHA-256 against the manifest, and row counts of the tables. */
function checkHashes(zip: BundleZip, m: Manifest, fault: (f: BundleFault) => void): void {
  const rowsOf = new Map(m.tables.map((t) => [t.member, t.rows]));
  for (const mem of m.members) {
    if (!zip.entries.has(mem.path)) continue;
    const hash = createHash('sha256');
    let lines = 0;
    let last = 10;
    const counting = rowsOf.has(mem.path);
    try {
      zip.stream(mem.path, (chunk) => {
        hash.update(chunk);
        if (counting) {
          lines += countNewlines(chunk);
          last = chunk[chunk.length - 1] ?? last;
        }
      });
    } catch (e) {
      if (e instanceof BundleFault) {
        fault(e);
        continue;
      }
      throw e;
    }
    if (hash.digest('hex') !== mem.sha256) fault(new BundleFault(`文件被篡改：${mem.path} 的校验值不符`, mem.path));
    else if (counting && (lines !== rowsOf.get(mem.path) || last !== 10)) {
      fault(new BundleFault(`数据表文件 ${mem.path} 的行数（${lines}）与清单（${rowsOf.get(mem.path)}）不符`, mem.path));
    }
  }
}

/**
 * Verifies a bundle file before anything is written: archive structure and limits, manifest,
 * signature against the pinned key, recipient, sender registration, sequence, schema version,
 * tables and columns, and the SHA-256 and row count of every member. Reads the database only.
 */
export function verifyBundle(db: Db, file: string, opts: VerifyOptions): Verification {
  const faults: BundleFault[] = [];
  const fault = (f: BundleFault) => faults.push(f);
  const verdict = (manifest: Manifest | null, pin: BundleVerdictDto['pin'], sequence: BundleVerdictDto['sequence']): BundleVerdictDto => ({
    ok: faults.length === 0, manifest: manifest ? manifestDto(manifest) : null, errors: faults.map((f) => f.message), pin, sequence,
  });
  let zip: BundleZip;
  try {
    zip = BundleZip.open(file);
  } catch (e) {
    if (!(e instanceof BundleFault)) throw e;
    fault(e);
    return { verdict: verdict(null, 'unknownOffice', 'first'), faults, bundle: null };
  }
  let manifest: Manifest;
  let signature: Buffer;
  let manifestBytes: Buffer;
  try {
    for (const f of zip.faults) fault(f);
    if (!zip.entries.has(MANIFEST_MEMBER)) throw new BundleFault('包内缺少清单 manifest.json', MANIFEST_MEMBER);
    manifestBytes = zip.readAll(MANIFEST_MEMBER, LIMITS.maxManifestBytes);
    manifest = parseManifest(manifestBytes);
    if (!zip.entries.has(SIGNATURE_MEMBER)) throw new BundleFault('包内缺少签名文件 signature', SIGNATURE_MEMBER);
    signature = zip.readAll(SIGNATURE_MEMBER, 1024);
  } catch (e) {
    zip.close();
    if (!(e instanceof BundleFault)) throw e;
    fault(e);
    return { verdict: verdict(null, 'unknownOffice', 'first'), faults, bundle: null };
  }

  const m = manifest;
  const sender = m.sender;
  // Key: the pinned one when there is one; a first bundle is checked against the key it carries.
  const peer = findPeer(db, sender.regionCode);
  let pin: BundleVerdictDto['pin'];
  if (!peer) {
    pin = 'unknownOffice';
    fault(new BundleFault(`发送单位“${sender.name}”（${sender.regionCode}）尚未登记为往来单位：请先登记该单位，再导入它的数据包`));
  } else if (peer.public_key && peer.public_key !== sender.publicKeyHex) {
    pin = 'mismatch';
    fault(new BundleFault(
      `发送单位“${peer.name}”的签名密钥与已登记的不一致（包内指纹 ${fingerprintOf(sender.publicKeyHex)}，已登记指纹 ${fingerprintOf(peer.public_key)}）：` +
      '如确为对方更换了密钥，须由系统管理员重新登记密钥后再导入', MANIFEST_MEMBER,
    ));
  } else pin = peer.public_key ? 'pinned' : 'unpinned';
  if (!verifyBytes(signature, manifestBytes, peer?.public_key ?? sender.publicKeyHex) && pin !== 'mismatch') {
    fault(new BundleFault('签名无效：清单 manifest.json 与签名不符，数据包可能被篡改或不是由发送单位签发', SIGNATURE_MEMBER));
  }

  const info = schemaInfo(db);
  if (m.schemaVersion > info.version) {
    fault(new BundleFault(`数据结构版本 ${m.schemaVersion} 高于本程序支持的 ${info.version}：请先升级本程序再导入`, MANIFEST_MEMBER));
  } else if (m.schemaVersion < MIN_SCHEMA_VERSION) {
    fault(new BundleFault(`数据结构版本 ${m.schemaVersion} 过旧：本程序只能读取 ${MIN_SCHEMA_VERSION} 及以上版本的数据包`, MANIFEST_MEMBER));
  }
  if (m.recipient.regionCode !== opts.own.regionCode) {
    fault(new BundleFault(`接收方不是本单位：该包发给“${m.recipient.name}”（${m.recipient.regionCode}），本单位是“${opts.own.name}”（${opts.own.regionCode}）`, MANIFEST_MEMBER));
  }
  if (sender.regionCode === opts.own.regionCode) fault(new BundleFault('该包由本单位自己生成，不能导入', MANIFEST_MEMBER));
  const wanted = m.kind === 'up' ? 'child' : 'parent';
  if (peer && peer.relation !== wanted) {
    fault(new BundleFault(`该包是${KIND_WORDS[m.kind]}，但“${peer.name}”登记为本单位的${RELATION_WORDS[peer.relation]}`, MANIFEST_MEMBER));
  }

  checkRelayed(db, m, opts.own.regionCode, fault);

  const fileSha256 = sha256File(file);
  const last = lastImported(db, sender.regionCode);
  let sequence: BundleVerdictDto['sequence'] = 'first';
  let unchanged = false;
  if (last) {
    sequence = m.seq > last.seq ? 'new' : m.seq === last.seq ? 'same' : 'older';
    if (sequence === 'older') fault(new BundleFault(`该包早于已导入的第 ${last.seq} 号包（本包为第 ${m.seq} 号），不能导入`, MANIFEST_MEMBER));
    if (sequence === 'same') {
      if (last.file_sha256 === fileSha256) unchanged = true;
      else fault(new BundleFault(`该包与已导入的第 ${last.seq} 号包序号相同但内容不同，不能导入`, MANIFEST_MEMBER));
    }
  }

  const tables = planTables(db, m, opts.converters ?? BUNDLE_CONVERTERS, fault);
  checkMembers(zip, m, fault);
  // A hostile archive (bomb, unsafe names) is not inflated any further.
  if (zip.faults.length === 0) checkHashes(zip, m, fault);

  return {
    verdict: verdict(m, pin, sequence),
    faults,
    bundle: { zip, manifest: m, fileSha256, sizeBytes: zip.fileSize, tables, peer, last, unchanged },
  };
}
