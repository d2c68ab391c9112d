import type { GoalEventDto, GoalIndicatorDto, GoalSheetDto, GoalStatus, LibraryEntryDto, ProjectDto } from '../../../../shared/api/dtoGoals.ts';
import type { GoalIndicatorInput } from '../../../../shared/api/schemasGoals.ts';
import { LEVEL1, LEVEL2, VALUE_BASES, type Level1Code, type Level2Code, type Operator } from '../../../../shared/domain/indicators.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import type { GoalIndicatorDraft, GoalProblem, GoalSheetDraft } from '../../../../shared/rules/goalValidation.ts';
import { level2Options } from '../../../../shared/rules/goalValidation.ts';
import { formatTarget, parseTargetValue, type TargetParseResult } from '../../../../shared/rules/targetValue.ts';

/**
 * The goal editor's working state and its conversions to and from the API. Pure functions only:
 * the components stay about layout, and the rules they apply live in shared/rules.
 */

export type Template = 'A' | 'B';
export type ValueBasis = (typeof VALUE_BASES)[number];

/** Tables a goal sheet is read from, so any committed change to them refetches it. */
export const GOAL_TABLES = ['goal_sheets', 'goal_indicators', 'goal_events', 'goal_reviews', 'goal_adjustments', 'projects', 'units'];
export const PROFILE_TABLES = ['rule_profiles', 'rule_profile_versions', 'fiscal_years'];

/** Those who fill in goals (业务股室, 绩效股); the backend decides each step, this only shapes the screen. */
export const ENTRY_ROLES: readonly Role[] = ['business', 'performance'];

/** One indicator row as the editor holds it: strings as typed, plus a stable key for React and links. */
export interface IndicatorRowState {
  key: string;
  level1: Level1Code;
  level2: Level2Code;
  name: string;
  valueType: 'quantitative' | 'qualitative';
  /** The comparison last stored or taken from the library; read only when the text has none. */
  operator: Operator;
  targetText: string;
  unit: string;
  midTermText: string;
  explanation: string;
  scoringRule: string;
  valueBasis: ValueBasis;
  dataSource: string;
  isCore: boolean;
  libraryId: string | null;
  /** 参考值 from the library, shown as a placeholder (never saved). */
  reference: string;
}

export interface GoalFormState {
  annualGoal: string;
  midTermGoal: string;
  unitDuties: string;
  rows: IndicatorRowState[];
}

let keySeq = 0;
export const newKey = () => `r${Date.now().toString(36)}${(keySeq++).toString(36)}`;

export function rowFromDto(d: GoalIndicatorDto): IndicatorRowState {
  const text = d.targetText || (d.targetValue !== null ? formatTarget({ valueType: d.valueType, operator: d.operator, value: d.targetValue, unit: d.unit, text: '' }) : '');
  return {
    key: d.id,
    level1: d.level1,
    level2: d.level2,
    name: d.name,
    valueType: d.valueType,
    operator: d.operator,
    targetText: text,
    unit: d.unit,
    midTermText: d.midTermText,
    explanation: d.explanation,
    scoringRule: d.scoringRule,
    valueBasis: d.valueBasis,
    dataSource: d.dataSource,
    isCore: d.isCore,
    libraryId: d.libraryId,
    reference: '',
  };
}

export function formFromSheet(sheet: GoalSheetDto): GoalFormState {
  return {
    annualGoal: sheet.annualGoal,
    midTermGoal: sheet.midTermGoal,
    unitDuties: sheet.unitDuties,
    rows: sheet.indicators.map(rowFromDto),
  };
}

export function blankRow(template: Template, level1: Level1Code = 'output', level2?: Level2Code): IndicatorRowState {
  const l2 = level2 ?? level2Options(template, level1)[0] ?? 'quantity';
  return {
    key: newKey(),
    level1,
    level2: l2,
    name: '',
    valueType: level1 === 'benefit' && l2 !== 'economicBenefit' ? 'qualitative' : 'quantitative',
    operator: '>=',
    targetText: '',
    unit: '',
    midTermText: '',
    explanation: '',
    scoringRule: '',
    valueBasis: 'plan',
    dataSource: '',
    isCore: false,
    libraryId: null,
    reference: '',
  };
}

/**
 * A library entry as a new row. Template A keeps 成本 under 产出, so a 101号-style 成本指标 entry
 * becomes 产出 → 成本指标 there (and the reverse under Template B). The 参考值 becomes the target only
 * when it reads as a number: a worded reference is advice, not this project's target.
 */
export function rowFromLibrary(e: LibraryEntryDto, template: Template): IndicatorRowState {
  let level1 = e.level1;
  let level2 = e.level2;
  if (template === 'A' && level1 === 'cost') {
    level1 = 'output';
    level2 = 'costOutput';
  } else if (template === 'B' && level2 === 'costOutput') {
    level1 = 'cost';
    level2 = 'economicCost';
  }
  let targetText = '';
  if (e.valueType === 'quantitative' && e.referenceValue.trim()) {
    const p = parseTargetValue(e.referenceValue, { valueType: 'quantitative', operator: e.operator, unit: e.unit });
    if (p.ok && p.value.valueType === 'quantitative') targetText = p.value.text;
  }
  return {
    key: newKey(),
    level1,
    level2,
    name: e.name,
    valueType: e.valueType,
    operator: e.operator,
    targetText,
    unit: e.unit,
    midTermText: '',
    explanation: e.explanation,
    scoringRule: e.scoringRule,
    valueBasis: e.valueBasis,
    dataSource: e.dataSource,
    isCore: e.isCore,
    libraryId: e.id,
    reference: e.referenceValue,
  };
}

/** Reads the 指标值 cell the way the backend will, with the row's other columns as hints. */
export function parseRowTarget(r: Pick<IndicatorRowState, 'targetText' | 'valueType' | 'operator' | 'unit'>): TargetParseResult {
  return parseTargetValue(r.targetText, { valueType: r.valueType, operator: r.operator, unit: r.unit.trim() || undefined });
}

export function rowToDraft(r: IndicatorRowState): GoalIndicatorDraft {
  const p = parseRowTarget(r);
  if (p.ok) {
    const v = p.value;
    return {
      level1: r.level1,
      level2: r.level2,
      name: r.name,
      valueType: v.valueType,
      operator: v.operator,
      targetText: v.text,
      targetValue: v.value,
      unit: v.valueType === 'quantitative' ? v.unit : r.unit,
    };
  }
  return {
    level1: r.level1,
    level2: r.level2,
    name: r.name,
    valueType: r.valueType,
    operator: r.valueType === 'qualitative' ? 'qualitative' : r.operator === 'qualitative' ? '>=' : r.operator,
    targetText: r.targetText.trim(),
    targetValue: null,
    unit: r.unit,
  };
}

/** What goals.save / goals.adjust receive for one row: the text as typed (the backend re-reads it). */
export function rowToInput(r: IndicatorRowState): GoalIndicatorInput {
  const d = rowToDraft(r);
  return {
    level1: r.level1,
    level2: r.level2,
    name: r.name.trim(),
    valueType: r.valueType,
    operator: d.operator,
    targetValue: d.targetValue,
    targetText: r.targetText.trim(),
    unit: (d.unit || r.unit).trim(),
    midTermText: r.midTermText.trim(),
    explanation: r.explanation.trim(),
    scoringRule: r.scoringRule.trim(),
    valueBasis: r.valueBasis,
    dataSource: r.dataSource.trim(),
    isCore: r.isCore,
    libraryId: r.libraryId,
  };
}

const L1_ORDER = Object.keys(LEVEL1) as Level1Code[];
const L2_ORDER = Object.keys(LEVEL2) as Level2Code[];

/** Rows in the order the forms print them: 一级, then 二级, keeping the officer's order within. */
export function groupOrder<T extends { level1: Level1Code; level2: Level2Code }>(rows: readonly T[]): T[] {
  return rows
    .map((r, i) => ({ r, i }))
    .toSorted((a, b) => L1_ORDER.indexOf(a.r.level1) - L1_ORDER.indexOf(b.r.level1) || L2_ORDER.indexOf(a.r.level2) - L2_ORDER.indexOf(b.r.level2) || a.i - b.i)
    .map((x) => x.r);
}

/** The level-1 headings the template offers, plus any a stored row uses outside it. */
export function level1Headings(template: Template, rows: readonly { level1: Level1Code }[]): Level1Code[] {
  const inTemplate = template === 'A' ? (['output', 'benefit', 'satisfaction'] as Level1Code[]) : (['output', 'cost', 'benefit', 'satisfaction'] as Level1Code[]);
  const extra = rows.map((r) => r.level1).filter((l) => !inTemplate.includes(l));
  return L1_ORDER.filter((l) => inTemplate.includes(l) || extra.includes(l));
}

/** Moves a row one place up or down among the rows of its own 二级 group. */
export function moveWithinGroup(rows: readonly IndicatorRowState[], key: string, dir: -1 | 1): IndicatorRowState[] {
  const i = rows.findIndex((r) => r.key === key);
  const row = rows[i];
  if (!row) return [...rows];
  let j = i + dir;
  while (j >= 0 && j < rows.length && !(rows[j]?.level1 === row.level1 && rows[j]?.level2 === row.level2)) j += dir;
  const other = rows[j];
  if (!other) return [...rows];
  const next = [...rows];
  next[i] = other;
  next[j] = row;
  return next;
}

/** A project running over more than one year needs a 中长期目标 (same rule as the backend). */
export function isMultiYearProject(p: Pick<ProjectDto, 'startMonth' | 'endMonth' | 'midTermTotalFen'> | undefined): boolean {
  if (!p) return false;
  if (p.midTermTotalFen !== null && p.midTermTotalFen > 0) return true;
  return p.startMonth !== null && p.endMonth !== null && p.startMonth.slice(0, 4) !== p.endMonth.slice(0, 4);
}

export function draftOf(form: GoalFormState, ordered: readonly IndicatorRowState[], ownerType: GoalSheetDto['ownerType'], multiYear: boolean): GoalSheetDraft {
  return {
    ownerType,
    annualGoal: form.annualGoal,
    midTermGoal: form.midTermGoal,
    unitDuties: form.unitDuties,
    multiYear,
    indicators: ordered.map(rowToDraft),
  };
}

/**
 * The parser's own message is more precise than V1's generic "应为数值": where a typed value
 * cannot be read, show the parser's reason instead.
 */
export function withParseErrors(errors: GoalProblem[], ordered: readonly IndicatorRowState[]): GoalProblem[] {
  const parseFailures = new Map<number, string>();
  ordered.forEach((r, i) => {
    if (!r.targetText.trim()) return;
    const p = parseRowTarget(r);
    if (!p.ok) parseFailures.set(i, `“${r.name.trim() || `第 ${i + 1} 个指标`}”的指标值：${p.message}`);
  });
  const kept = errors.filter((e) => !(e.row !== null && e.field === 'targetText' && parseFailures.has(e.row)));
  const added = [...parseFailures].map(([row, message]): GoalProblem => ({ row, field: 'targetText', message }));
  return [...kept, ...added].toSorted((a, b) => (a.row ?? -1) - (b.row ?? -1));
}

export const sameForm = (a: GoalFormState, b: GoalFormState) => JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));
const comparable = (f: GoalFormState) => ({
  a: f.annualGoal.trim(),
  m: f.midTermGoal.trim(),
  u: f.unitDuties.trim(),
  r: f.rows.map(({ key: _key, reference: _reference, ...rest }) => rest),
});

// ------------------------------------------------------------------------------------ workflow

/** The workflow as officers name its stages (the stepper's labels). */
export const STEPS = ['草稿', '已送审', '主管部门审核', '财政审核', '已审核', '已批复', '已公开'] as const;

const STEP_OF_STATUS: Partial<Record<GoalStatus, number>> = { draft: 0, submitted: 1, deptApproved: 2, reviewed: 4, approved: 5, published: 6 };

export interface StepperState {
  /** Index of the current step (STEPS.length when the flow is complete). */
  active: number;
  /** A step shown in red: where the sheet was returned or refused. */
  stop: { step: number; label: string } | null;
}

/** Where the sheet stands in the flow; 退回 and 不予安排 are drawn in red at the step that caused them. */
export function stepperState(status: GoalStatus, events: readonly GoalEventDto[]): StepperState {
  if (status === 'published') return { active: STEPS.length, stop: null };
  if (status === 'notFunded') return { active: 3, stop: { step: 3, label: '不予安排' } };
  if (status === 'returned') {
    const last = events.findLast((e) => e.toStatus === 'returned');
    // Returned before 主管部门 approval → 主管部门 returned it; later → 财政 did.
    const step = last?.fromStatus === 'submitted' ? 2 : last?.fromStatus === 'draft' ? 1 : 3;
    return { active: step, stop: { step, label: '已退回' } };
  }
  return { active: STEP_OF_STATUS[status] ?? 0, stop: null };
}

/** When each stage was last reached, for the stepper's captions. */
export function stepTimes(events: readonly GoalEventDto[]): (string | null)[] {
  const toStep: Partial<Record<GoalStatus, number>> = { submitted: 1, deptApproved: 2, reviewed: 4, approved: 5, published: 6 };
  const times: (string | null)[] = STEPS.map(() => null);
  for (const e of events) {
    const s = toStep[e.toStatus];
    if (s !== undefined) times[s] = e.at;
    // Whatever leaves 主管部门已审 is the 财政审核 (passed, returned or refused).
    if (e.fromStatus === 'deptApproved' && e.toStatus !== 'deptApproved') times[3] = e.at;
  }
  return times;
}

export const STATUS_COLORS: Record<GoalStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  deptApproved: 'cyan',
  returned: 'red',
  reviewed: 'grape',
  approved: 'teal',
  published: 'green',
  notFunded: 'red',
};

export const GRADE_COLORS: Record<string, string> = { excellent: 'teal', good: 'blue', fair: 'orange', low: 'red', poor: 'red' };

// ------------------------------------------------------------------------------------ adjustments

export interface IndicatorChange {
  kind: 'added' | 'removed' | 'changed';
  name: string;
  before?: string;
  after?: string;
}

const describe = (i: GoalIndicatorDto) =>
  `${LEVEL2[i.level2] ?? i.level2}｜${i.targetText || formatTarget({ valueType: i.valueType, operator: i.operator, value: i.targetValue, unit: i.unit, text: '' })}${i.isCore ? '｜核心' : ''}`;

/** A compact before/after of an adjustment, matched by 三级指标名称. */
export function diffIndicators(before: readonly GoalIndicatorDto[], after: readonly GoalIndicatorDto[]): IndicatorChange[] {
  const out: IndicatorChange[] = [];
  const afterByName = new Map(after.map((i) => [i.name, i]));
  const beforeNames = new Set(before.map((i) => i.name));
  for (const b of before) {
    const a = afterByName.get(b.name);
    if (!a) out.push({ kind: 'removed', name: b.name, before: describe(b) });
    else if (describe(a) !== describe(b) || a.explanation !== b.explanation || a.scoringRule !== b.scoringRule || a.midTermText !== b.midTermText) {
      out.push({ kind: 'changed', name: b.name, before: describe(b), after: describe(a) });
    }
  }
  for (const a of after) if (!beforeNames.has(a.name)) out.push({ kind: 'added', name: a.name, after: describe(a) });
  return out;
}
