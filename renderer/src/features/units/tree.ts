import type { UnitDto } from '../../../../shared/api/dto.ts';
import { MAX_UNIT_DEPTH } from '../../../../shared/domain/office.ts';

/** The unit list as a tree: children by parent, in the order officers expect (own units first, then by code). */
export interface UnitIndex {
  byId: Map<string, UnitDto>;
  children: Map<string | null, UnitDto[]>;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

function compareUnits(a: UnitDto, b: UnitDto): number {
  if (a.readOnly !== b.readOnly) return a.readOnly ? 1 : -1;
  return collator.compare(a.origin, b.origin) || collator.compare(a.code, b.code);
}

export function indexUnits(units: readonly UnitDto[]): UnitIndex {
  const byId = new Map(units.map((u) => [u.id, u]));
  const children = new Map<string | null, UnitDto[]>();
  for (const u of units) {
    // A parent missing from the list (e.g. not yet synced) would hide the unit; show it as a root instead.
    const key = u.parentId !== null && byId.has(u.parentId) ? u.parentId : null;
    const list = children.get(key);
    if (list) list.push(u);
    else children.set(key, [u]);
  }
  for (const list of children.values()) list.sort(compareUnits);
  return { byId, children };
}

export interface TreeRow {
  unit: UnitDto;
  depth: number;
  /** Children that pass the filters, so the expand control only appears when it would show something. */
  childCount: number;
  expanded: boolean;
  /** False for ancestors shown only to place a search hit in the tree. */
  match: boolean;
}

export interface TreeFilter {
  query: string;
  showInactive: boolean;
  source: 'all' | 'own' | 'synced';
  collapsed: ReadonlySet<string>;
}

function passes(u: UnitDto, f: TreeFilter): boolean {
  if (!f.showInactive && !u.active) return false;
  if (f.source === 'own' && u.readOnly) return false;
  if (f.source === 'synced' && !u.readOnly) return false;
  return true;
}

function matches(u: UnitDto, q: string): boolean {
  return u.code.toLowerCase().includes(q) || u.name.toLowerCase().includes(q);
}

/**
 * The rows to display, depth-first. With a search, only hits and their ancestors remain and
 * every branch is open, so a hit is never hidden inside a collapsed parent.
 */
export function visibleRows(index: UnitIndex, f: TreeFilter): TreeRow[] {
  const q = f.query.trim().toLowerCase();
  const out: TreeRow[] = [];
  // Whether a subtree holds a search hit, computed once per node.
  const hit = new Map<string, boolean>();
  const subtreeHit = (u: UnitDto): boolean => {
    const cached = hit.get(u.id);
    if (cached !== undefined) return cached;
    const kids = (index.children.get(u.id) ?? []).filter((c) => passes(c, f));
    const result = matches(u, q) || kids.some(subtreeHit);
    hit.set(u.id, result);
    return result;
  };
  const walk = (parentId: string | null, depth: number) => {
    for (const u of index.children.get(parentId) ?? []) {
      if (!passes(u, f)) continue;
      if (q && !subtreeHit(u)) continue;
      const kids = (index.children.get(u.id) ?? []).filter((c) => passes(c, f) && (!q || subtreeHit(c)));
      const expanded = q ? true : !f.collapsed.has(u.id);
      out.push({ unit: u, depth, childCount: kids.length, expanded, match: !q || matches(u, q) });
      if (expanded && depth < MAX_UNIT_DEPTH + 1) walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Levels below the unit: 0 for a leaf, 1 when it has children, 2 when it has grandchildren. */
export function subtreeHeight(index: UnitIndex, id: string): number {
  const kids = index.children.get(id) ?? [];
  return kids.length === 0 ? 0 : 1 + Math.max(...kids.map((k) => subtreeHeight(index, k.id)));
}

export function depthOf(index: UnitIndex, id: string): number {
  let d = 0;
  for (let cur = index.byId.get(id); cur?.parentId && index.byId.has(cur.parentId); cur = index.byId.get(cur.parentId)) d++;
  return d;
}

function isWithin(index: UnitIndex, candidate: string, ancestor: string): boolean {
  for (let cur: UnitDto | undefined = index.byId.get(candidate); cur; cur = cur.parentId ? index.byId.get(cur.parentId) : undefined) {
    if (cur.id === ancestor) return true;
  }
  return false;
}

/**
 * Units the given unit may move under, by the same rules the backend applies: own and active,
 * not itself or one of its descendants, and the moved subtree still fits in three levels.
 */
export function eligibleParents(index: UnitIndex, unit: UnitDto): UnitDto[] {
  const height = subtreeHeight(index, unit.id);
  return [...index.byId.values()]
    .filter((p) => !p.readOnly && p.active && p.id !== unit.id && !isWithin(index, p.id, unit.id))
    .filter((p) => depthOf(index, p.id) + 1 + height < MAX_UNIT_DEPTH)
    .sort(compareUnits);
}

/** Every unit with children, for "全部折叠". */
export function parentIds(index: UnitIndex): string[] {
  return [...index.children.keys()].filter((k): k is string => k !== null);
}
