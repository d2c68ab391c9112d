import type { Db } from '../db/connection.ts';
import type { UnitDto } from '../../../shared/api/dto.ts';
import { UNIT_LEVELS, type UnitKind } from '../../../shared/domain/office.ts';

export interface UnitRow {
  id: string;
  origin: string;
  code: string;
  name: string;
  parent_id: string | null;
  kind: UnitKind;
  confidential: 0 | 1;
  active: 0 | 1;
  created_at: string;
  updated_at: string;
  rev: number;
}

export function listUnits(db: Db): UnitRow[] {
  return db.prepare('SELECT * FROM units ORDER BY origin, code').all() as UnitRow[];
}

export function listOwnUnits(db: Db, origin: string): UnitRow[] {
  return db.prepare('SELECT * FROM units WHERE origin = ? ORDER BY code').all(origin) as UnitRow[];
}

export function findUnit(db: Db, id: string): UnitRow | undefined {
  return db.prepare('SELECT * FROM units WHERE id = ?').get(id) as UnitRow | undefined;
}

export function findUnitByCode(db: Db, origin: string, code: string): UnitRow | undefined {
  return db.prepare('SELECT * FROM units WHERE origin = ? AND code = ?').get(origin, code) as UnitRow | undefined;
}

export function insertUnit(db: Db, r: Omit<UnitRow, 'rev'>): void {
  db.prepare(
    `INSERT INTO units (id, origin, code, name, parent_id, kind, confidential, active, created_at, updated_at)
     VALUES (@id, @origin, @code, @name, @parent_id, @kind, @confidential, @active, @created_at, @updated_at)`,
  ).run(r);
}

export function saveUnit(db: Db, r: UnitRow): void {
  db.prepare(
    `UPDATE units SET code = @code, name = @name, parent_id = @parent_id, kind = @kind, confidential = @confidential,
       active = @active, updated_at = @updated_at, rev = rev + 1 WHERE id = @id`,
  ).run(r);
}

/** Converts rows to DTOs, deriving each unit's level from its depth in the tree. */
export function toUnitDtos(rows: UnitRow[], origin: string): UnitDto[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const depth = (r: UnitRow): number => {
    let d = 0;
    let cur = r;
    while (cur.parent_id && d < UNIT_LEVELS.length) {
      const p = byId.get(cur.parent_id);
      if (!p) break;
      cur = p;
      d++;
    }
    return Math.min(d, UNIT_LEVELS.length - 1);
  };
  return rows.map((r) => ({
    id: r.id, origin: r.origin, code: r.code, name: r.name, parentId: r.parent_id,
    level: UNIT_LEVELS[depth(r)] ?? 'secondary', kind: r.kind, confidential: r.confidential === 1, active: r.active === 1,
    readOnly: r.origin !== origin, updatedAt: r.updated_at, rev: r.rev,
  }));
}
