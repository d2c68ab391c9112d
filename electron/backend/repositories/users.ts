import type { Db } from '../db/connection.ts';
import type { UserDto } from '../../../shared/api/dto.ts';
import type { Role } from '../../../shared/domain/roles.ts';
import type { SessionUser } from '../context.ts';

export interface UserRow {
  id: string;
  origin: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  active: 0 | 1;
  failed_count: number;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  rev: number;
}

export const toUserDto = (r: UserRow): UserDto => ({
  id: r.id, username: r.username, displayName: r.display_name, role: r.role, active: r.active === 1,
  lockedUntil: r.locked_until, lastLoginAt: r.last_login_at, createdAt: r.created_at,
});

export const toSessionUser = (r: UserRow): SessionUser => ({ id: r.id, username: r.username, displayName: r.display_name, role: r.role });

export function findUserById(db: Db, id: string): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

export function findUserByName(db: Db, username: string): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
}

export function listUsers(db: Db): UserRow[] {
  return db.prepare('SELECT * FROM users ORDER BY created_at').all() as UserRow[];
}

export function countActiveAdmins(db: Db): number {
  return (db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1").get() as { n: number }).n;
}

export function insertUser(db: Db, r: Omit<UserRow, 'rev' | 'failed_count' | 'locked_until' | 'last_login_at' | 'active'>): void {
  db.prepare(
    `INSERT INTO users (id, origin, username, display_name, role, password_hash, created_at, updated_at)
     VALUES (@id, @origin, @username, @display_name, @role, @password_hash, @created_at, @updated_at)`,
  ).run(r);
}

/** Writes the mutable fields of a user row and bumps its revision. */
export function saveUser(db: Db, r: UserRow): void {
  db.prepare(
    `UPDATE users SET display_name = @display_name, role = @role, password_hash = @password_hash, active = @active,
       failed_count = @failed_count, locked_until = @locked_until, last_login_at = @last_login_at,
       updated_at = @updated_at, rev = rev + 1 WHERE id = @id`,
  ).run(r);
}
