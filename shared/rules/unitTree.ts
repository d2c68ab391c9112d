import { MAX_UNIT_DEPTH } from '../domain/office.ts';

export interface TreeNode {
  code: string;
  parentCode: string | null;
}

export type TreeProblem =
  | { kind: 'unknownParent'; code: string; parentCode: string }
  | { kind: 'cycle'; code: string }
  | { kind: 'tooDeep'; code: string; depth: number };

/**
 * Checks a unit tree given as code → parent code: every parent exists, no cycles, and no
 * unit deeper than 二级 (主管部门 → 一级 → 二级). Works on the merged tree (existing + imported).
 */
export function checkUnitTree(nodes: readonly TreeNode[]): TreeProblem[] {
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  const problems: TreeProblem[] = [];
  const depthCache = new Map<string, number>();
  for (const node of nodes) {
    if (node.parentCode !== null && !byCode.has(node.parentCode)) {
      problems.push({ kind: 'unknownParent', code: node.code, parentCode: node.parentCode });
      continue;
    }
    const seen = new Set<string>();
    let cur: TreeNode | undefined = node;
    let depth = 0;
    let cyclic = false;
    while (cur && cur.parentCode !== null) {
      if (seen.has(cur.code)) {
        cyclic = true;
        break;
      }
      seen.add(cur.code);
      const cached = depthCache.get(cur.parentCode);
      if (cached !== undefined) {
        depth += cached + 1;
        cur = undefined;
        break;
      }
      depth += 1;
      cur = byCode.get(cur.parentCode);
    }
    if (cyclic) {
      problems.push({ kind: 'cycle', code: node.code });
      continue;
    }
    depthCache.set(node.code, depth);
    if (depth >= MAX_UNIT_DEPTH) problems.push({ kind: 'tooDeep', code: node.code, depth });
  }
  return problems;
}
