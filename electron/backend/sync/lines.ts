import type { BundleZip } from './zipRead.ts';
import { BundleFault } from './refusal.ts';

/**
 * Calls `onLine` for every line of an NDJSON member (LF-terminated UTF-8), streaming: the member is
 * inflated chunk by chunk and never held whole.
 */
export function readLines(zip: BundleZip, member: string, onLine: (line: string, lineNo: number) => void): void {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let tail = '';
  let n = 0;
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new BundleFault(`数据表文件 ${member} 不是有效的 UTF-8 文本`, member);
    }
  };
  zip.stream(member, (chunk) => {
    const text = tail + decode(chunk);
    let start = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
      onLine(text.slice(start, i), ++n);
      start = i + 1;
    }
    tail = text.slice(start);
  });
  tail += decode();
  if (tail.length) onLine(tail, ++n);
}

/** Counts LF bytes (rows of an NDJSON member) while a member streams. */
export function countNewlines(chunk: Uint8Array): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}
