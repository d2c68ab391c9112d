import { Badge, Group, Text, Tooltip } from '@mantine/core';
import type { UnitDto } from '../../../../shared/api/dto.ts';
import type { GoalStatus, ProjectRowDto } from '../../../../shared/api/dtoGoals.ts';
import type { ExAnteConclusion } from '../../../../shared/domain/ruleProfile.ts';
import {
  BUDGET_TYPES, FUND_TAG_LABELS, FUND_TAGS, PROJECT_STATUS_LABELS, PROJECT_STATUSES, type BudgetType, type FundTag, type ProjectStatus,
} from '../../../../shared/domain/projects.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { EX_ANTE_CONCLUSION_LABELS, FUND_TAG_SHORT_LABELS, GOAL_STATUS_LABELS, UNIT_LEVEL_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { round2 } from '../../../../shared/rules/rounding.ts';
import { indexUnits, visibleRows } from '../units/tree.ts';

/** Registering projects and entering assessments (the contract's ENTRY roles). */
export const PROJECT_EDITORS: readonly Role[] = ['performance', 'business'];
/** Lifecycle changes and reopening an assessment belong to the performance section. */
export const PROJECT_STATUS_ROLE: Role = 'performance';

/**
 * Tables the project screens read: data.changed names the tables a commit touched, and a query
 * refetches when one of its tables is among them. The list's ex-ante column depends on the
 * year's rule profile too.
 */
export const PROJECT_TABLES = ['projects', 'project_tags', 'goal_sheets', 'ex_ante_assessments', 'units', 'fiscal_years', 'rule_profiles', 'rule_profile_versions'];
export const EX_ANTE_TABLES = ['ex_ante_assessments', 'ex_ante_scores', 'attachments', 'projects', 'fiscal_years', 'rule_profiles', 'rule_profile_versions'];

export const GOAL_STATUS_FILTERS = ['none', 'draft', 'submitted', 'deptApproved', 'returned', 'reviewed', 'approved', 'published', 'notFunded'] as const;
export type GoalStatusFilter = (typeof GOAL_STATUS_FILTERS)[number];

export const STATUS_COLORS: Record<ProjectStatus, string> = {
  registered: 'gray',
  inLibrary: 'blue',
  budgeted: 'teal',
  notFunded: 'red',
  cancelled: 'dark',
};
export const GOAL_STATUS_COLORS: Record<GoalStatusFilter, string> = {
  none: 'gray',
  draft: 'gray',
  submitted: 'blue',
  deptApproved: 'cyan',
  returned: 'orange',
  reviewed: 'indigo',
  approved: 'teal',
  published: 'green',
  notFunded: 'red',
};
export const CONCLUSION_COLORS: Record<ExAnteConclusion, string> = { support: 'teal', supportAfterAdjustment: 'yellow', reject: 'red' };
export const BUDGET_TYPE_COLORS: Record<BudgetType, string> = { general: 'blue', fund: 'grape', stateCapital: 'orange', socialInsurance: 'cyan' };

export function ProjectStatusBadge({ status, size = 'sm' }: { status: ProjectStatus; size?: 'sm' | 'md' | 'lg' }) {
  return <Badge variant="light" color={STATUS_COLORS[status]} radius="sm" size={size}>{PROJECT_STATUS_LABELS[status]}</Badge>;
}

export function GoalStatusBadge({ status, size = 'sm' }: { status: GoalStatus | null; size?: 'sm' | 'md' | 'lg' }) {
  const s: GoalStatusFilter = status ?? 'none';
  return (
    <Badge variant={s === 'none' ? 'outline' : 'light'} color={GOAL_STATUS_COLORS[s]} radius="sm" size={size}>
      {GOAL_STATUS_LABELS[s]}
    </Badge>
  );
}

/** 事前评估 cell: the conclusion when there is one, 需评估 when the profile requires one, else a dash. */
export function ExAnteCell({ row }: { row: Pick<ProjectRowDto, 'exAnteConclusion' | 'exAnteRequired'> }) {
  if (row.exAnteConclusion) {
    return <Badge variant="light" color={CONCLUSION_COLORS[row.exAnteConclusion]} radius="sm">{EX_ANTE_CONCLUSION_LABELS[row.exAnteConclusion]}</Badge>;
  }
  if (row.exAnteRequired) {
    return (
      <Tooltip label="按本年度规则方案须开展事前绩效评估，尚无评估结论" withinPortal>
        <Badge variant="outline" color="orange" radius="sm">需评估</Badge>
      </Tooltip>
    );
  }
  return <Text size="sm" c="dimmed">—</Text>;
}

/** Fund tags as short badges; the full names in a tooltip when the cell cannot show them all. */
export function FundTagBadges({ tags, max = 2 }: { tags: readonly FundTag[]; max?: number }) {
  if (tags.length === 0) return <Text size="sm" c="dimmed">—</Text>;
  const shown = tags.slice(0, max);
  const rest = tags.length - shown.length;
  return (
    <Tooltip label={tags.map((t) => FUND_TAG_LABELS[t]).join('、')} withinPortal multiline maw={320}>
      <Group gap={4} wrap="nowrap">
        {shown.map((t) => (
          <Badge key={t} variant="outline" color="gray" radius="sm" size="sm" style={{ flexShrink: 0 }}>{FUND_TAG_SHORT_LABELS[t]}</Badge>
        ))}
        {rest > 0 ? <Badge variant="light" color="gray" radius="sm" size="sm">+{rest}</Badge> : null}
      </Group>
    </Tooltip>
  );
}

/** Units for a picker, in tree order (主管部门 → 一级 → 二级) and indented by depth. */
export interface UnitOption {
  value: string;
  label: string;
  depth: number;
  level: string;
}

export function unitOptions(units: readonly UnitDto[] | undefined): UnitOption[] {
  if (!units) return [];
  const index = indexUnits(units);
  return visibleRows(index, { query: '', showInactive: true, source: 'all', collapsed: new Set() }).map((r) => ({
    value: r.unit.id,
    label: `${r.unit.code} ${r.unit.name}`,
    depth: r.depth,
    level: UNIT_LEVEL_LABELS[r.unit.level],
  }));
}

/** Renders a unit option indented by its depth, with its level in grey. */
export function renderUnitOption(o: UnitOption) {
  return (
    <Group gap={6} wrap="nowrap" pl={o.depth * 14}>
      <Text size="sm" fw={o.depth === 0 ? 600 : undefined}>{o.label}</Text>
      <Text size="xs" c="dimmed">{o.level}</Text>
    </Group>
  );
}

/** 12.34% with two decimals, or — when there is nothing to divide by. */
export function formatRate(part: number, whole: number): string {
  if (whole <= 0) return '—';
  return `${round2((part / whole) * 100).toFixed(2)}%`;
}


/** Filters the project list understands in its route query (#/projects?budgetType=general&year=2026). */
export interface ProjectFilters {
  year?: number;
  unitId?: string;
  budgetType?: BudgetType;
  tag?: FundTag;
  status?: ProjectStatus;
  goalStatus?: GoalStatusFilter;
  q?: string;
}

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | undefined =>
  v !== null && (list as readonly string[]).includes(v) ? (v as T) : undefined;

/** Reads filters from a query string, ignoring anything unknown (links may be typed by hand). */
export function parseProjectFilters(search: string): ProjectFilters {
  const p = new URLSearchParams(search);
  const year = Number(p.get('year'));
  const f: ProjectFilters = {};
  if (Number.isInteger(year) && year >= 2000 && year <= 2100) f.year = year;
  const unitId = p.get('unitId');
  if (unitId) f.unitId = unitId;
  const budgetType = oneOf(BUDGET_TYPES, p.get('budgetType'));
  if (budgetType) f.budgetType = budgetType;
  const tag = oneOf(FUND_TAGS, p.get('tag'));
  if (tag) f.tag = tag;
  const status = oneOf(PROJECT_STATUSES, p.get('status'));
  if (status) f.status = status;
  const goalStatus = oneOf(GOAL_STATUS_FILTERS, p.get('goalStatus'));
  if (goalStatus) f.goalStatus = goalStatus;
  const q = p.get('q')?.trim();
  if (q) f.q = q;
  return f;
}

/** The route to the project list with the given filters. */
export function projectListRoute(f: ProjectFilters): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') p.set(k, String(v));
  const qs = p.toString();
  return qs ? `/projects?${qs}` : '/projects';
}

/**
 * The list route the officer last looked at (with its filters), so 返回项目库 on a detail page
 * goes back to the same filtered list rather than the unfiltered one.
 */
let lastListRoute = '/projects';
export const rememberListRoute = (route: string) => {
  lastListRoute = route;
};
export const listRoute = () => lastListRoute;
