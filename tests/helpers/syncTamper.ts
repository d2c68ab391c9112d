import { createHash } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { newKeyPair, signBytes } from '../../electron/backend/sync/identity.ts';

/**
 * Hostile and broken bundles for the refusal tests: a zip reader and a raw zip writer that can
 * write what no honest tool would (duplicate names, unsafe names, lying sizes), and re-signing.
 */

export interface RawEntry {
  name: string;
  data: Buffer;
  /** 8 (deflate, default) or 0 (stored). */
  method?: 0 | 8;
  /** The uncompressed size the directory declares (default: the real one). */
  declaredSize?: number;
  /** Compressed bytes to write instead of deflating data. */
  compressed?: Buffer;
}

/** Writes a zip with exactly the given entries, in order (sizes in the local headers and the directory). */
export function rawZip(entries: readonly RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const body = e.compressed ?? (method === 8 ? zlib.deflateRawSync(e.data) : e.data);
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? e.data.length;
    const crc = zlib.crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    parts.push(local, name, body);
    offset += 30 + name.length + body.length;
  }
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBuf, eocd]);
}

interface DirEntry {
  name: string;
  method: number;
  compressedSize: number;
  dataOffset: number;
}

/** The members of a zip as its central directory lists them, with where each one's data starts. */
export function zipDirectory(buf: Buffer): DirEntry[] {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: DirEntry[] = [];
  for (let i = 0; i < count; i++) {
    const nameLen = buf.readUInt16LE(p + 28);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const local = buf.readUInt32LE(p + 42);
    out.push({
      name, method: buf.readUInt16LE(p + 10), compressedSize: buf.readUInt32LE(p + 20),
      dataOffset: local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28),
    });
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

/** Every member's uncompressed bytes, in archive order. */
export function readMembers(file: string): [string, Buffer][] {
  const buf = fs.readFileSync(file);
  return zipDirectory(buf).map((e) => {
    const body = buf.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    return [e.name, e.method === 8 ? zlib.inflateRawSync(body) : Buffer.from(body)];
  });
}

/** Flips one bit of the byte at `at` bytes into a member's stored data. */
export function flipInMember(file: string, member: string, at = 0): Buffer {
  const buf = Buffer.from(fs.readFileSync(file));
  const e = zipDirectory(buf).find((x) => x.name === member);
  if (!e) throw new Error(`no member ${member}`);
  buf[e.dataOffset + at] = (buf[e.dataOffset + at] ?? 0) ^ 0x01;
  return buf;
}

/** Rebuilds a bundle: members replaced or added, the manifest edited and signed with `privateKeyHex`. */
export function rebuild(
  file: string,
  opts: { privateKeyHex?: string; manifest?: (m: Record<string, unknown>) => void; replace?: Record<string, Buffer>; extra?: RawEntry[] } = {},
): Buffer {
  const members = readMembers(file);
  const entries: RawEntry[] = [];
  let manifestBytes = members.find(([n]) => n === 'manifest.json')?.[1] ?? Buffer.alloc(0);
  if (opts.manifest) {
    const m = JSON.parse(manifestBytes.toString('utf8')) as Record<string, unknown>;
    opts.manifest(m);
    manifestBytes = Buffer.from(`${JSON.stringify(m, null, 2)}\n`);
  }
  let signature = members.find(([n]) => n === 'signature')?.[1] ?? Buffer.alloc(0);
  if (opts.privateKeyHex) signature = Buffer.from(signBytes(manifestBytes, opts.privateKeyHex));
  for (const [name, data] of members) {
    if (name === 'manifest.json') entries.push({ name, data: manifestBytes, method: 0 });
    else if (name === 'signature') entries.push({ name, data: signature, method: 0 });
    else entries.push({ name, data: opts.replace?.[name] ?? data });
  }
  return rawZip([...entries.slice(0, -2), ...(opts.extra ?? []), ...entries.slice(-2)]);
}

/**
 * A genuinely signed variant: members replaced, the manifest's sizes, hashes and row counts
 * updated to match, then `manifest` edits, signed with the sender's key. What a buggy or
 * malicious sender could produce.
 */
export function resigned(file: string, privateKeyHex: string, replace: Record<string, Buffer>, manifest?: (m: Record<string, unknown>) => void): Buffer {
  return rebuild(file, {
    privateKeyHex,
    replace,
    manifest: (m) => {
      for (const mem of m.members as { path: string; size: number; sha256: string }[]) {
        const content = replace[mem.path];
        if (content) Object.assign(mem, { size: content.length, sha256: createHash('sha256').update(content).digest('hex') });
      }
      for (const t of m.tables as { member: string; rows: number }[]) {
        const content = replace[t.member];
        if (content) t.rows = content.toString('utf8').split('\n').length - 1;
      }
      manifest?.(m);
    },
  });
}

/** A zip bomb member: `mib` MiB of zeros, deflated in independent 1 MiB steps so it costs nothing to make. */
export function zeroBomb(mib: number): Buffer {
  const step = zlib.deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array.from({ length: mib }, () => step), zlib.deflateRawSync(Buffer.alloc(0))]);
}

export { newKeyPair };
