import { describe, expect, it } from 'vitest';
import { checkUnitTree, type TreeNode } from '../../shared/rules/unitTree.ts';
import { MAX_UNIT_DEPTH } from '../../shared/domain/office.ts';

const n = (code: string, parentCode: string | null = null): TreeNode => ({ code, parentCode });

describe('checkUnitTree', () => {
  it('allows three levels: 主管部门 → 一级 → 二级', () => {
    expect(MAX_UNIT_DEPTH).toBe(3);
    expect(checkUnitTree([n('101'), n('101001', '101'), n('101001-1', '101001'), n('102'), n('102001', '102')])).toEqual([]);
  });

  it('accepts an empty tree and a forest of departments', () => {
    expect(checkUnitTree([])).toEqual([]);
    expect(checkUnitTree([n('1'), n('2'), n('3')])).toEqual([]);
  });

  it('does not depend on the order of the rows (children before parents)', () => {
    expect(checkUnitTree([n('101001-1', '101001'), n('101001', '101'), n('101')])).toEqual([]);
  });

  it('reports a parent that is not in the tree', () => {
    expect(checkUnitTree([n('101'), n('101001', '999')])).toEqual([{ kind: 'unknownParent', code: '101001', parentCode: '999' }]);
  });

  it.each([
    ['A → B → A', [n('A', 'B'), n('B', 'A')], ['A', 'B']],
    ['A → A', [n('A', 'A')], ['A']],
    ['A → B → C → A', [n('A', 'C'), n('B', 'A'), n('C', 'B')], ['A', 'B', 'C']],
  ])('reports every unit of the cycle %s', (_name, nodes, codes) => {
    expect(checkUnitTree(nodes)).toEqual(codes.map((code) => ({ kind: 'cycle', code })));
  });

  it('a unit hanging below a cycle is reported too (it can never reach a root)', () => {
    const problems = checkUnitTree([n('A', 'B'), n('B', 'A'), n('X', 'A'), n('OK')]);
    expect(problems.map((p) => p.code).sort()).toEqual(['A', 'B', 'X']);
    expect(problems.every((p) => p.kind === 'cycle')).toBe(true);
  });

  it.each([
    ['parents first', [n('1'), n('1.1', '1'), n('1.1.1', '1.1'), n('1.1.1.1', '1.1.1')]],
    ['children first', [n('1.1.1.1', '1.1.1'), n('1.1.1', '1.1'), n('1.1', '1'), n('1')]],
  ])('reports a fourth level as too deep (%s)', (_order, nodes) => {
    expect(checkUnitTree(nodes)).toEqual([{ kind: 'tooDeep', code: '1.1.1.1', depth: 3 }]);
  });

  it('reports every unit below the third level, with its depth', () => {
    const problems = checkUnitTree([n('1'), n('2', '1'), n('3', '2'), n('4', '3'), n('5', '4')]);
    expect(problems).toEqual([
      { kind: 'tooDeep', code: '4', depth: 3 },
      { kind: 'tooDeep', code: '5', depth: 4 },
    ]);
  });
});
