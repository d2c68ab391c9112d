import type { StatScope, StatisticsDto } from '../../../shared/api/dtoStatistics.ts';
import { PROJECT_ATTRIBUTES } from '../../../shared/domain/projects.ts';
import { exAnteRequired } from '../../../shared/rules/exAnte.ts';
import type { CallContext } from '../context.ts';
import type { Db } from '../db/connection.ts';
import { findOffice } from '../repositories/office.ts';
import { peerNames, statUnits, type CubeParams, type StatOriginScope, type StatUnitRow } from '../repositories/statistics.ts';
import { resolveProfile } from './profiles.ts';

/** What a statistics call is about: year, scope, offices, day; and the unit tree of every office. */

export interface StatContext {
  db: Db;
  year: number;
  scope: StatScope;
  own: string;
  /** The office whose 主管部门 the department cut shows. */
  deptOrigin: string;
  /** This office's parent: its rows are not part of any scope here. */
  parent: string;
  today: string;
  /** ISO time of the call (the clock of the backend). */
  now: string;
}

export function statContext(ctx: CallContext, input: { year: number; scope?: StatScope | undefined; origin?: string | undefined }): StatContext {
  const office = findOffice(ctx.db);
  const scope = input.scope ?? (office?.level === 'county' ? 'county' : 'prefecture');
  return {
    db: ctx.db, year: input.year, scope, own: ctx.origin, deptOrigin: scope === 'county' ? ctx.origin : input.origin ?? ctx.origin,
    parent: office?.parent_region_code || '-', today: ctx.now().toISOString().slice(0, 10), now: ctx.now().toISOString(),
  };
}

export const originScope = (s: Pick<StatContext, 'scope'>): StatOriginScope => (s.scope === 'county' ? 'own' : 'all');

/** The unit tree of every office: names, 主管部门, and the 涉密 units (confidential themselves or under one). */
export class StatUnits {
  readonly byId: Map<string, StatUnitRow>;
  constructor(db: Db) {
    this.byId = new Map(statUnits(db).map((u) => [u.id, u]));
  }
  department(id: string | null): StatUnitRow | undefined {
    let cur = id ? this.byId.get(id) : undefined;
    for (let guard = 0; cur?.parent_id && guard < 10; guard++) {
      const up = this.byId.get(cur.parent_id);
      if (!up) break;
      cur = up;
    }
    return cur;
  }
  confidentialIds(): string[] {
    const out: string[] = [];
    for (const u of this.byId.values()) {
      let cur: StatUnitRow | undefined = u;
      for (let guard = 0; cur && guard < 10; guard++) {
        if (cur.confidential === 1) {
          out.push(u.id);
          break;
        }
        cur = cur.parent_id ? this.byId.get(cur.parent_id) : undefined;
      }
    }
    return out;
  }
  /** A unit and every unit under it. */
  subtree(id: string): string[] {
    const children = new Map<string, string[]>();
    for (const u of this.byId.values()) if (u.parent_id) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
    const out: string[] = [];
    const stack = [id];
    while (stack.length) {
      const cur = stack.pop() ?? '';
      out.push(cur);
      stack.push(...(children.get(cur) ?? []));
    }
    return out;
  }
}

/** The cube parameters: ex-ante rule combinations from the year's profile, 涉密 units, the department office. */
export function cubeParams(s: StatContext, units: StatUnits): CubeParams & { profile: StatisticsDto['profile'] } {
  const profile = resolveProfile(s.db, s.year);
  const threshold = profile.body.exAnte.amountThresholdFen;
  const required: string[] = [];
  for (const newMajor of [0, 1]) {
    for (const attribute of PROJECT_ATTRIBUTES) {
      for (const over of [0, 1]) {
        if (over === 1 && threshold === null) continue;
        if (exAnteRequired(profile.body, { newMajor: newMajor === 1, attribute, annualTotalFen: over === 1 ? (threshold ?? 0) : 0 })) required.push(`${newMajor}|${attribute}|${over}`);
      }
    }
  }
  return {
    year: s.year, origin: s.own, deptOrigin: s.deptOrigin, confidential: JSON.stringify(units.confidentialIds()),
    threshold: threshold ?? Number.MAX_SAFE_INTEGER, required: JSON.stringify(required),
    profile: { id: profile.id, version: profile.version, name: profile.name },
  };
}

/** Names of this office and of the offices registered with it, by region code. */
export function originNames(db: Db, own: string): Map<string, string> {
  const names = new Map(peerNames(db).map((p) => [p.region_code, p.name]));
  names.set(own, findOffice(db)?.name ?? own);
  return names;
}
