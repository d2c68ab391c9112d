import type { Db } from '../db/connection.ts';
import { unitFlags } from '../repositories/results.ts';

interface UnitNode {
  id: string;
  parent_id: string | null;
  code: string;
  name: string;
  confidential: 0 | 1;
}

/** The unit tree, read once per call: 主管部门 (top ancestor) and 涉密 through ancestors. */
export class UnitTree {
  private readonly byId: Map<string, UnitNode>;
  constructor(db: Db) {
    this.byId = new Map(unitFlags(db).map((u) => [u.id, u]));
  }
  get(id: string | null | undefined): UnitNode | undefined {
    return id ? this.byId.get(id) : undefined;
  }
  /** The 主管部门 of a unit: its top ancestor (a 主管部门 is its own). */
  department(id: string | null | undefined): UnitNode | undefined {
    let cur = this.get(id);
    for (let guard = 0; cur?.parent_id && guard < 10; guard++) {
      const parent = this.byId.get(cur.parent_id);
      if (!parent) break;
      cur = parent;
    }
    return cur;
  }
  /** A unit is 涉密 when it or any unit above it is. */
  confidential(id: string | null | undefined): boolean {
    let cur = this.get(id);
    for (let guard = 0; cur && guard < 10; guard++) {
      if (cur.confidential === 1) return true;
      cur = cur.parent_id ? this.byId.get(cur.parent_id) : undefined;
    }
    return false;
  }
}
