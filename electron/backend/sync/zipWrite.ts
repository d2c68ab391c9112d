import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Zip, ZipPassThrough, type AsyncFlateStreamHandler, type ZipInputFile } from 'fflate';

/** Deflate level of the members: zlib's fastest, since bundles are written while the user waits. */
const LEVEL = 1;
/** Uncompressed bytes gathered before a deflate step (and a SHA-256 update: one pass over each 1 MB). */
const CHUNK = 1024 * 1024;
/**
 * Uncompressed bytes handed to zlib's thread pool and not yet compressed. Beyond it a step is
 * deflated on the calling thread instead, so memory stays bounded when the pool falls behind.
 */
const MAX_IN_FLIGHT = 32 * CHUNK;

const DEFLATE_STEP: zlib.ZlibOptions = { level: LEVEL, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const deflateRaw = promisify<zlib.InputType, zlib.ZlibOptions, Buffer<ArrayBuffer>>(zlib.deflateRaw);
/** The empty final block that closes a member's DEFLATE stream. */
const FINAL_BLOCK = zlib.deflateRawSync(Buffer.alloc(0), { level: LEVEL });

/**
 * A zip member deflated by Node's zlib (native, several times faster than JS) in independent
 * 1 MB steps, each ended with a sync flush and the stream closed by an empty final block: a
 * standard DEFLATE stream any unzip reads. fflate's Zip writes the headers around it.
 */
class NativeDeflateFile implements ZipInputFile {
  compression = 8;
  flag = 0 as const;
  crc = 0;
  size = 0;
  ondata: AsyncFlateStreamHandler = () => undefined;
  readonly filename: string;
  readonly mtime: Date;
  constructor(filename: string, mtime: Date) {
    this.filename = filename;
    this.mtime = mtime;
  }
}

/** A member being written: its bytes are hashed and counted as they go. */
export interface MemberWriter {
  /** Text is written as UTF-8; a Buffer is kept as it is until it is compressed (do not reuse it). */
  write(text: string | Buffer): void;
  /** Ends the member; returns its uncompressed size and SHA-256 (hex). */
  end(): { size: number; sha256: string };
}

/**
 * Writes a zip archive member after member into memory. The caller's thread reads, hashes and
 * checksums the data; the 1 MB deflate steps run in zlib's thread pool meanwhile (they are
 * independent, so several at once) and reach fflate's Zip in order. The archive is kept as the
 * compressed chunks (members are never held uncompressed) and hashed as it is assembled, so the
 * caller gets the archive and its SHA-256 without reading anything back.
 */
export class ZipWriter {
  private readonly zip: Zip;
  private readonly chunks: Uint8Array[] = [];
  private readonly hash = createHash('sha256');
  private size = 0;
  private failure: unknown = null;
  private readonly mtime: Date;
  /** Emits the compressed steps to the Zip in the order they were written. */
  private chain: Promise<void> = Promise.resolve();
  private inFlight = 0;

  constructor(mtime: Date) {
    this.mtime = mtime;
    this.zip = new Zip((err, data) => {
      if (err) this.failure ??= err;
      else if (data.length) {
        this.chunks.push(data);
        this.hash.update(data);
        this.size += data.length;
      }
    });
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  /** Compresses one step (in the pool, or here when too much is pending) and queues its output behind the earlier ones. */
  private step(file: NativeDeflateFile, chunk: Buffer, final: boolean): void {
    this.check();
    file.crc = zlib.crc32(chunk, file.crc);
    file.size += chunk.length;
    let out: Buffer<ArrayBuffer> | Promise<Buffer<ArrayBuffer>>;
    if (chunk.length === 0) out = Buffer.alloc(0);
    else if (this.inFlight + chunk.length > MAX_IN_FLIGHT) out = zlib.deflateRawSync(chunk, DEFLATE_STEP);
    else {
      const n = chunk.length;
      this.inFlight += n;
      out = deflateRaw(chunk, DEFLATE_STEP).finally(() => {
        this.inFlight -= n;
      });
      out.catch(() => undefined); // reported through the chain
    }
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      const data = await out;
      file.ondata(null, final ? Buffer.concat([data, FINAL_BLOCK]) : data, final);
    }).catch((e: unknown) => {
      this.failure ??= e;
    });
  }

  /** A deflated member, written in pieces. */
  deflated(name: string): MemberWriter {
    const file = new NativeDeflateFile(name, this.mtime);
    this.zip.add(file);
    const hash = createHash('sha256');
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let size = 0;
    const flush = (final: boolean) => {
      const buf = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      hash.update(buf);
      this.step(file, buf, final);
    };
    return {
      write: (text) => {
        const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
        size += buf.length;
        pending.push(buf);
        pendingBytes += buf.length;
        if (pendingBytes >= CHUNK) flush(false);
      },
      end: () => {
        flush(true);
        return { size, sha256: hash.digest('hex') };
      },
    };
  }

  /** A small member stored uncompressed (manifest.json, signature: readable with any zip tool); the Zip holds it until the members before it are done. */
  stored(name: string, bytes: Uint8Array): void {
    this.check();
    const file = new ZipPassThrough(name);
    file.mtime = this.mtime;
    this.zip.add(file);
    file.push(bytes, true);
    this.check();
  }

  /** Waits for the pending steps, writes the central directory; returns the whole archive and its SHA-256 (hex). */
  async finish(): Promise<{ bytes: Buffer; sha256: string }> {
    await this.chain;
    this.check();
    this.zip.end();
    this.check();
    return { bytes: Buffer.concat(this.chunks, this.size), sha256: this.hash.digest('hex') };
  }
}
