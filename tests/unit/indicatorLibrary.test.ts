import { describe, expect, it } from 'vitest';
import library from '../../resources/indicators/common-library.json';
import {
  LEVEL2,
  OPERATOR_LABELS,
  PROJECT_TYPES,
  fitsFramework,
  libraryEntrySchema,
  type Level1Code,
  type Level2Code,
  type LibraryEntry,
  type ProjectTypeCode,
} from '../../shared/domain/indicators.ts';

const raw: unknown[] = library.entries;
const entries: LibraryEntry[] = raw.map((e) => libraryEntrySchema.parse(e));

const PROJECT_TYPE_CODES = Object.keys(PROJECT_TYPES) as ProjectTypeCode[];
const CODE_PREFIX: Record<ProjectTypeCode, string> = {
  meetingTraining: 'MT',
  informatization: 'IT',
  equipment: 'EQ',
  construction: 'CN',
  subsidy: 'SU',
  operations: 'OM',
  purchasedServices: 'PS',
  unitOverall: 'UO',
  general: 'GN',
};
const LEVEL1_ABBR: Record<Level1Code, string> = { output: 'OUT', cost: 'CST', benefit: 'BEN', satisfaction: 'SAT' };
const LEVEL2_ABBR: Record<Level2Code, string> = {
  quantity: 'QTY',
  quality: 'QLT',
  timeliness: 'TIM',
  costOutput: 'CO',
  economicCost: 'EC',
  socialCost: 'SC',
  ecologicalCost: 'GC',
  economicBenefit: 'EB',
  socialBenefit: 'SB',
  ecologicalBenefit: 'GB',
  sustainability: 'SUS',
  serviceSatisfaction: 'SAT',
};
const UNIT_OVERALL_DIMENSIONS = ['运行成本', '管理效率', '履职效能', '社会效应', '可持续发展能力', '服务对象满意度'];
const FUND_FIELDS = ['衔接推进乡村振兴补助资金', '地方政府专项债券'];
const OPERATOR_SIGNS = ['≥', '≤', '=', '>', '<'];
const VAGUE_WORDS = ['有效提升', '明显改善', '显著', '大幅', '进一步', '较好'];

const byType = (t: ProjectTypeCode) => entries.filter((e) => e.projectType === t);

describe('shipped common indicator library', () => {
  it('has the expected header and at least 180 entries', () => {
    expect(library.name).toBe('共性指标库（内置）');
    expect(library.version).toBe(1);
    expect(entries.length).toBeGreaterThanOrEqual(180);
  });

  it('every entry parses with libraryEntrySchema and is stored already normalised', () => {
    const failures = raw.flatMap((e, i) => {
      const r = libraryEntrySchema.safeParse(e);
      if (!r.success) return [`#${i}: ${r.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`];
      return JSON.stringify(r.data) === JSON.stringify(e) ? [] : [`#${i}: not normalised (defaults missing or untrimmed text)`];
    });
    expect(failures).toEqual([]);
  });

  it('all entries belong to the common library', () => {
    expect(entries.filter((e) => e.libraryKind !== 'common').map((e) => e.code)).toEqual([]);
  });

  it('codes are unique and follow TYPE[-FUND]-LEVEL1-LEVEL2-NN', () => {
    const codes = entries.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    const bad = entries.filter((e) => {
      const m = /^([A-Z]{2}(?:-[A-Z]{2})?)-([A-Z]{3})-([A-Z]{2,3})-(\d{2})$/.exec(e.code);
      return !m || !m[1]!.startsWith(CODE_PREFIX[e.projectType]) || m[2] !== LEVEL1_ABBR[e.level1] || m[3] !== LEVEL2_ABBR[e.level2];
    });
    expect(bad.map((e) => e.code)).toEqual([]);
  });

  it('every level-2 fits its level-1 in template A or B', () => {
    const bad = entries.filter((e) => !fitsFramework('A', e.level1, e.level2) && !fitsFramework('B', e.level1, e.level2));
    expect(bad.map((e) => e.code)).toEqual([]);
  });

  it.each(PROJECT_TYPE_CODES)('project type %s has 产出, 成本, 效益 and 满意度 entries', (t) => {
    const level1s = new Set(byType(t).map((e) => e.level1));
    for (const l1 of ['output', 'benefit', 'satisfaction'] as const) expect(level1s.has(l1), `${t} lacks ${l1}`).toBe(true);
    // Template B makes a cost row mandatory (SPEC V2), so each type ships at least one.
    expect(byType(t).some((e) => e.level1 === 'cost' || e.level2 === 'costOutput'), `${t} lacks a cost entry`).toBe(true);
  });

  it.each(PROJECT_TYPE_CODES.filter((t) => t !== 'general'))('project type %s has 15–30 entries with 2–4 core ones', (t) => {
    const list = byType(t);
    expect(list.length).toBeGreaterThanOrEqual(15);
    expect(list.length).toBeLessThanOrEqual(30);
    const core = list.filter((e) => e.isCore).length;
    expect(core).toBeGreaterThanOrEqual(2);
    expect(core).toBeLessThanOrEqual(4);
  });

  it.each(FUND_FIELDS)('fund-specific field %s has 8–15 general entries covering 产出, 成本, 效益 and 满意度', (field) => {
    const list = entries.filter((e) => e.field === field);
    expect(list.length).toBeGreaterThanOrEqual(8);
    expect(list.length).toBeLessThanOrEqual(15);
    expect(list.every((e) => e.projectType === 'general')).toBe(true);
    expect(new Set(list.map((e) => e.level1))).toEqual(new Set(['output', 'cost', 'benefit', 'satisfaction']));
  });

  it('unit-overall entries name their §7 dimension in field and apply to 部门整体 only', () => {
    const uo = byType('unitOverall');
    expect(uo.filter((e) => !UNIT_OVERALL_DIMENSIONS.includes(e.field)).map((e) => e.code)).toEqual([]);
    expect(new Set(uo.map((e) => e.field))).toEqual(new Set(UNIT_OVERALL_DIMENSIONS));
    expect(uo.filter((e) => e.appliesTo.join() !== 'unitOverall').map((e) => e.code)).toEqual([]);
    expect(entries.filter((e) => e.projectType !== 'unitOverall' && e.appliesTo.includes('unitOverall')).map((e) => e.code)).toEqual([]);
  });

  it('quantitative entries have a unit and a reference value that starts with their operator sign', () => {
    const bad = entries
      .filter((e) => e.valueType === 'quantitative')
      .filter((e) => e.operator === 'qualitative' || e.unit === '' || !e.referenceValue.startsWith(OPERATOR_LABELS[e.operator]))
      .map((e) => `${e.code} ${e.operator} ${e.referenceValue} ${e.unit}`);
    expect(bad).toEqual([]);
  });

  it('qualitative entries carry a text reference value, no unit and no operator sign', () => {
    const bad = entries
      .filter((e) => e.valueType === 'qualitative')
      .filter((e) => e.operator !== 'qualitative' || e.unit !== '' || e.referenceValue === '' || OPERATOR_SIGNS.some((s) => e.referenceValue.startsWith(s)))
      .map((e) => e.code);
    expect(bad).toEqual([]);
  });

  it('rates (unit %) state their formula; every entry has an explanation, scoring rule and data source', () => {
    expect(entries.filter((e) => e.unit === '%' && e.formula === '').map((e) => e.code)).toEqual([]);
    expect(entries.filter((e) => !e.explanation || !e.scoringRule || !e.dataSource).map((e) => e.code)).toEqual([]);
  });

  it('names are unique per project type, do not repeat the level-2 name and avoid vague words on quantitative rows (V6)', () => {
    const keys = entries.map((e) => `${e.projectType}|${e.name}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    const labels = Object.values(LEVEL2) as string[];
    expect(entries.filter((e) => labels.includes(e.name) || e.name.endsWith('指标')).map((e) => e.code)).toEqual([]);
    expect(entries.filter((e) => e.valueType === 'quantitative' && VAGUE_WORDS.some((w) => e.name.includes(w))).map((e) => e.code)).toEqual([]);
  });

  it('satisfaction entries are survey percentages (V5)', () => {
    const bad = entries
      .filter((e) => e.level1 === 'satisfaction')
      .filter((e) => e.level2 !== 'serviceSatisfaction' || e.unit !== '%' || !/^≥(8[5-9]|9\d)%$/.test(e.referenceValue));
    expect(bad.map((e) => e.code)).toEqual([]);
  });
});
