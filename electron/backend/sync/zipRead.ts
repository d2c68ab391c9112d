import fs from 'node:fs';
import { Inflate } from 'fflate';
import { LIMITS } from './manifest.ts';
import { BundleFault } from './refusal.ts';

/** One member as the zip's central directory declares it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const READ_CHUNK = 256 * 1024;
/**
 * Compressed bytes handed to the inflater at a time: DEFLATE expands at most ~1032:1, so one step
 * never produces more than ~16 MB before the declared size is checked again.
 */
const INFLATE_STEP = 16 * 1024;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

const mib = (n: number) => `${(n / 1024 ** 2).toFixed(1)} MB`;

/** Why a member name is unsafe to extract anywhere, or null. */
export function unsafeName(name: string): string | null {
  if (name.length === 0 || name.length > 255) return '长度不合规';
  if (name.includes('\\')) return '含反斜杠';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return '为绝对路径';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return '含控制字符';
  if (name.split('/').some((s) => s === '..' || s === '.' || s === '')) return '含“..”或空的路径段';
  return null;
}

/**
 * Reads a bundle's zip directory without inflating anything, refusing what a hostile archive
 * could use: names that escape a folder, duplicates, overlapping members, ZIP64, encryption,
 * huge declared sizes and compression ratios of a zip bomb. Members are then inflated one at a
 * time, synchronously, in chunks, never beyond their declared size.
 */
export class BundleZip {
  readonly entries = new Map<string, ZipEntry>();
  /** Problems with single members (unsafe names, sizes): the archive is refused, but the directory was read. */
  readonly faults: BundleFault[] = [];
  private fd: number;
  readonly fileSize: number;
  private cdOffset = 0;

  readonly file: string;

  private constructor(file: string) {
    this.file = file;
    this.fd = fs.openSync(file, 'r');
    this.fileSize = fs.fstatSync(this.fd).size;
  }

  /** Throws a BundleFault when the directory itself cannot be read. */
  static open(file: string): BundleZip {
    const zip = new BundleZip(file);
    try {
      zip.readDirectory();
    } catch (e) {
      zip.close();
      throw e;
    }
    return zip;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  private read(offset: number, length: number): Buffer {
    const buf = Buffer.alloc(length);
    const n = fs.readSync(this.fd, buf, 0, length, offset);
    if (n !== length) throw new BundleFault('数据包不完整（文件被截断）');
    return buf;
  }

  private readDirectory(): void {
    const broken = new BundleFault('数据包不完整或不是有效的数据包：找不到 zip 目录（文件可能被截断）');
    if (this.fileSize < 22) throw broken;
    const tailLen = Math.min(this.fileSize, 22 + 0xffff);
    const tail = this.read(this.fileSize - tailLen, tailLen);
    let at = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG && i + 22 + tail.readUInt16LE(i + 20) === tailLen) {
        at = i;
        break;
      }
    }
    if (at < 0) throw broken;
    const eocdOffset = this.fileSize - tailLen + at;
    const disk = tail.readUInt16LE(at + 4);
    const cdDisk = tail.readUInt16LE(at + 6);
    const onDisk = tail.readUInt16LE(at + 8);
    const count = tail.readUInt16LE(at + 10);
    const cdSize = tail.readUInt32LE(at + 12);
    const cdOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new BundleFault('数据包使用了 ZIP64 格式，本程序不支持');
    if (disk !== 0 || cdDisk !== 0 || onDisk !== count) throw new BundleFault('数据包是分卷压缩文件，本程序不支持');
    if (cdOffset + cdSize !== eocdOffset) throw broken;
    if (count > LIMITS.maxEntries) throw new BundleFault(`数据包内文件过多（${count} 个，上限 ${LIMITS.maxEntries} 个）`);
    this.cdOffset = cdOffset;
    const cd = this.read(cdOffset, cdSize);
    const lowerNames = new Set<string>();
    const ranges: [number, number, string][] = [];
    let total = 0;
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG) throw broken;
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const compressedSize = cd.readUInt32LE(p + 20);
      const size = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const localOffset = cd.readUInt32LE(p + 42);
      if (p + 46 + nameLen + extraLen + commentLen > cd.length) throw broken;
      let name: string;
      try {
        name = UTF8.decode(cd.subarray(p + 46, p + 46 + nameLen));
      } catch {
        name = cd.subarray(p + 46, p + 46 + nameLen).toString('latin1');
        this.faults.push(new BundleFault(`文件名不安全：${name}（不是有效的 UTF-8 文字）`, name));
      }
      p += 46 + nameLen + extraLen + commentLen;
      const unsafe = unsafeName(name);
      if (unsafe) {
        this.faults.push(new BundleFault(`文件名不安全：${name}（${unsafe}）`, name));
        continue;
      }
      if (lowerNames.has(name.toLowerCase())) {
        this.faults.push(new BundleFault(`包内有重复的文件：${name}`, name));
        continue;
      }
      lowerNames.add(name.toLowerCase());
      if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) throw new BundleFault('数据包使用了 ZIP64 格式，本程序不支持');
      if (flags & 1) this.faults.push(new BundleFault(`文件已加密，无法读取：${name}`, name));
      if (method !== 0 && method !== 8) this.faults.push(new BundleFault(`不支持的压缩方式（${method}）：${name}`, name));
      if (method === 0 && size !== compressedSize) this.faults.push(new BundleFault(`文件大小与目录不符：${name}`, name));
      if (size > LIMITS.maxMemberBytes) {
        this.faults.push(new BundleFault(`文件过大，疑似压缩炸弹：${name} 解压后为 ${mib(size)}，上限 ${mib(LIMITS.maxMemberBytes)}`, name));
      } else if (size > LIMITS.ratioFloorBytes && size / Math.max(compressedSize, 1) > LIMITS.maxRatio) {
        this.faults.push(new BundleFault(`压缩比异常，疑似压缩炸弹：${name}（${compressedSize} 字节解压为 ${mib(size)}）`, name));
      }
      total += size;
      // Local header (30 bytes + name + extra) then the data must lie before the directory.
      if (localOffset + 30 + nameLen + compressedSize > cdOffset) throw broken;
      ranges.push([localOffset, localOffset + 30 + nameLen + compressedSize, name]);
      this.entries.set(name, { name, method, compressedSize, size, localOffset });
    }
    if (total > LIMITS.maxTotalBytes) this.faults.push(new BundleFault(`数据包解压后共 ${mib(total)}，超过上限 ${mib(LIMITS.maxTotalBytes)}，疑似压缩炸弹`));
    ranges.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) {
      const prev = ranges[i - 1] as [number, number, string];
      const cur = ranges[i] as [number, number, string];
      if (cur[0] < prev[1]) this.faults.push(new BundleFault(`包内文件相互重叠，疑似压缩炸弹：${prev[2]}、${cur[2]}`, cur[2]));
    }
  }

  /** Where a member's data starts, after checking its local header against the directory. */
  private dataOffset(e: ZipEntry): number {
    const h = this.read(e.localOffset, 30);
    if (h.readUInt32LE(0) !== LFH_SIG) throw new BundleFault(`文件被篡改：${e.name} 的文件头已损坏`, e.name);
    const nameLen = h.readUInt16LE(26);
    const extraLen = h.readUInt16LE(28);
    const name = this.read(e.localOffset + 30, nameLen).toString('utf8');
    if (name !== e.name || h.readUInt16LE(8) !== e.method) throw new BundleFault(`文件被篡改：${e.name} 的文件头与目录不符`, e.name);
    const start = e.localOffset + 30 + nameLen + extraLen;
    if (start + e.compressedSize > this.cdOffset) throw new BundleFault(`文件被篡改：${e.name} 超出数据包范围`, e.name);
    return start;
  }

  /**
   * Streams a member's uncompressed bytes to `onChunk`, synchronously. Refuses (BundleFault) a
   * member that inflates beyond its declared size (without inflating the rest), one that ends
   * short of it, and corrupt deflate data.
   */
  stream(name: string, onChunk: (chunk: Uint8Array) => void): void {
    const e = this.entries.get(name);
    if (!e) throw new BundleFault(`包内缺少文件：${name}`, name);
    let offset = this.dataOffset(e);
    const end = offset + e.compressedSize;
    let out = 0;
    const emit = (chunk: Uint8Array) => {
      out += chunk.length;
      if (out > e.size) throw new BundleFault(`压缩比异常，疑似压缩炸弹：${name} 解压后超过声明的 ${e.size} 字节`, name);
      if (chunk.length) onChunk(chunk);
    };
    const inflate = e.method === 8 ? new Inflate((chunk) => emit(chunk)) : null;
    try {
      while (offset < end) {
        const len = Math.min(READ_CHUNK, end - offset);
        const buf = this.read(offset, len);
        offset += len;
        if (!inflate) emit(buf);
        else {
          for (let at = 0; at < buf.length; at += INFLATE_STEP) {
            const step = buf.subarray(at, at + INFLATE_STEP);
            inflate.push(step, offset >= end && at + INFLATE_STEP >= buf.length);
          }
        }
      }
      if (inflate && e.compressedSize === 0) inflate.push(new Uint8Array(0), true);
    } catch (err) {
      if (err instanceof BundleFault) throw err;
      throw new BundleFault(`文件被篡改：${name} 无法解压（数据已损坏）`, name);
    }
    if (out !== e.size) throw new BundleFault(`文件被篡改：${name} 解压后的大小与目录不符`, name);
  }

  /** A small member whole (the manifest, the signature). */
  readAll(name: string, max: number): Buffer {
    const e = this.entries.get(name);
    if (!e) throw new BundleFault(`包内缺少文件：${name}`, name);
    if (e.size > max) throw new BundleFault(`文件过大：${name}`, name);
    const parts: Uint8Array[] = [];
    this.stream(name, (c) => parts.push(c));
    return Buffer.concat(parts);
  }
}
