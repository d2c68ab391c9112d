import { describe, expect, it } from 'vitest';
import { pickLinkageGrade, type LinkageGradeCandidate } from '../../shared/rules/linkage.ts';

type C = LinkageGradeCandidate & { id: string };

const self: C = { id: 'self', source: 'selfEvaluation' };
const recheck: C = { id: 'recheck', source: 'recheck', at: '2026-10-01T00:00:00.000Z' };
const dept: C = { id: 'dept', source: 'keyEvaluation', kind: 'department', at: '2026-11-20T00:00:00.000Z' };
const deptLater: C = { id: 'dept-later', source: 'keyEvaluation', kind: 'department', at: '2026-12-01T00:00:00.000Z' };
const finance: C = { id: 'finance', source: 'keyEvaluation', kind: 'finance', at: '2026-09-01T00:00:00.000Z' };

describe('which grade budget linkage rests on (pickLinkageGrade)', () => {
  it.each([
    ['self-evaluation alone', [self], 'self'],
    ['a completed re-check over the self-evaluation', [self, recheck], 'recheck'],
    ['a key evaluation over the re-check', [self, recheck, dept], 'dept'],
    ['a key evaluation without a self-evaluation', [dept], 'dept'],
    ['财政重点评价 over 部门评价, even when older', [deptLater, finance, dept], 'finance'],
    ['the later of two 部门评价', [dept, deptLater, self], 'dept-later'],
    ['order of the input does not matter', [finance, recheck, self], 'finance'],
  ] as const)('%s', (_label, candidates, expected) => {
    expect(pickLinkageGrade(candidates)?.id).toBe(expected);
  });

  it('has nothing to pick from an empty list', () => {
    expect(pickLinkageGrade([])).toBeNull();
  });
});
