import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './connection.ts';
import type { BackupDto } from '../../../shared/api/dto.ts';

export const BACKUP_REASONS = {
  manual: '手动备份',
  scheduled: '定时备份',
  migration: '升级前备份',
  import: '导入前备份',
  restore: '恢复前备份',
  external: '外部备份文件',
} as const;
export type BackupReason = keyof typeof BACKUP_REASONS;

const NAME_RE = /^office-(\d{8})-(\d{6})-(\d{3})-([a-z]+)\.sqlite$/;
export const KEEP_LATEST = 20;

function stamp(date: Date): string {
  const iso = date.toISOString(); // 2026-11-22T00:22:23.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}-${iso.slice(20, 23)}`;
}

export function parseBackupName(name: string): { createdAt: string; reason: BackupReason } | null {
  const m = NAME_RE.exec(name);
  if (!m) return null;
  const [, d = '', t = '', ms = '', reason = ''] = m;
  if (!(reason in BACKUP_REASONS)) return null;
  const createdAt = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}.${ms}Z`;
  return { createdAt, reason: reason as BackupReason };
}

export function listBackups(dir: string): BackupDto[] {
  if (!fs.existsSync(dir)) return [];
  const out: BackupDto[] = [];
  for (const name of fs.readdirSync(dir)) {
    const meta = parseBackupName(name);
    if (!meta) continue;
    out.push({ name, size: fs.statSync(path.join(dir, name)).size, createdAt: meta.createdAt, reason: BACKUP_REASONS[meta.reason] });
  }
  return out.sort((a, b) => (a.name < b.name ? 1 : -1));
}

/**
 * Online backup through SQLite's backup API (consistent while the app keeps running),
 * written to a temporary name and renamed so a half-written file is never listed.
 */
export async function createBackup(
  db: Db,
  dir: string,
  reason: BackupReason,
  now: Date,
  onProgress?: (done: number, total: number) => void,
): Promise<BackupDto> {
  fs.mkdirSync(dir, { recursive: true });
  let name = `office-${stamp(now)}-${reason}.sqlite`;
  // Two backups in the same millisecond (e.g. restore right after a manual backup): bump.
  for (let bump = 1; fs.existsSync(path.join(dir, name)); bump++) {
    name = `office-${stamp(new Date(now.getTime() + bump))}-${reason}.sqlite`;
  }
  const target = path.join(dir, name);
  const tmp = `${target}.partial`;
  await db.backup(tmp, {
    progress: ({ totalPages, remainingPages }) => {
      onProgress?.(totalPages - remainingPages, totalPages);
      return 256;
    },
  });
  fs.renameSync(tmp, target);
  rotateBackups(dir);
  return { name, size: fs.statSync(target).size, createdAt: now.toISOString(), reason: BACKUP_REASONS[reason] };
}

/** Keeps the newest KEEP_LATEST backups plus the newest backup of every month. */
export function rotateBackups(dir: string): string[] {
  const all = listBackups(dir); // newest first
  const keep = new Set(all.slice(0, KEEP_LATEST).map((b) => b.name));
  const seenMonths = new Set<string>();
  for (const b of all) {
    const month = b.createdAt.slice(0, 7);
    if (!seenMonths.has(month)) {
      seenMonths.add(month);
      keep.add(b.name);
    }
  }
  const removed: string[] = [];
  for (const b of all) {
    if (!keep.has(b.name)) {
      fs.rmSync(path.join(dir, b.name));
      removed.push(b.name);
    }
  }
  return removed;
}

export function backupPath(dir: string, name: string): string {
  if (!parseBackupName(name)) throw new Error(`not a backup name: ${name}`);
  return path.join(dir, name);
}
