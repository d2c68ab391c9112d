import { useMemo } from 'react';
import { Anchor, Badge, Box, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import type { MonitoringRoundDto, RectificationDto, WarningLevel } from '../../../../shared/api/dtoMonitoring.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { RECTIFICATION_SOURCE_LABELS, RECTIFICATION_STATUS_LABELS, WARNING_LEVEL_LABELS, WARNING_RULE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { DECISION_ACTION_LABELS, DECISION_ACTIONS, type DecisionAction } from '../../../../shared/rules/monitoring.ts';
import { useApiQuery } from '../../api/queries.ts';
import { navigate } from '../../app/router.ts';

/**
 * Shared pieces of the monitoring output screens (预警与处理, 整改事项, 监控汇总): the tables each
 * query reads (so data.changed refreshes it), the filters their routes understand, and the small
 * badges they all show.
 */

/** 监控批次 selection, acceptance and decisions belong to the finance bureau (the contract's FINANCE roles). */
export const FINANCE_ROLES: readonly Role[] = ['performance', 'business'];

export const WARNING_TABLES = ['monitoring_warnings', 'monitoring_decisions', 'monitoring_sheets', 'monitoring_rounds', 'projects', 'units'];
export const RECTIFICATION_TABLES = ['rectifications', 'monitoring_decisions', 'projects', 'units'];
export const ROUND_TABLES = ['monitoring_rounds', 'monitoring_sheets', 'monitoring_warnings'];
export const SUMMARY_TABLES = [
  'monitoring_rounds', 'monitoring_sheets', 'monitoring_values', 'monitoring_warnings', 'monitoring_decisions', 'rectifications',
  'projects', 'project_tags', 'goal_sheets', 'units', 'fiscal_years',
];

export const num = { fontVariantNumeric: 'tabular-nums' } as const;

export const WARNING_RULES = ['nodeFloor', 'timeGap', 'targetExecutionGap', 'qualitativeLight', 'impossible'] as const;
export type WarningRule = (typeof WARNING_RULES)[number];
export const WARNING_LEVELS: readonly WarningLevel[] = ['red', 'yellow'];

export const RECTIFICATION_STATUS_FILTERS = ['open', 'inProgress', 'done', 'waived', 'overdue'] as const;
export type RectificationStatusFilter = (typeof RECTIFICATION_STATUS_FILTERS)[number];
export type RectificationSource = keyof typeof RECTIFICATION_SOURCE_LABELS;
export const RECTIFICATION_SOURCES = Object.keys(RECTIFICATION_SOURCE_LABELS) as RectificationSource[];

export const LEVEL_COLORS: Record<WarningLevel, string> = { red: 'red', yellow: 'yellow' };
export const RECTIFICATION_STATUS_COLORS: Record<RectificationStatusFilter, string> = {
  open: 'gray',
  inProgress: 'blue',
  done: 'teal',
  waived: 'dark',
  overdue: 'red',
};

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | undefined =>
  v !== null && (list as readonly string[]).includes(v) ? (v as T) : undefined;

export const ruleLabel = (rule: string): string => oneOf(WARNING_RULES, rule) ? WARNING_RULE_LABELS[rule as WarningRule] : rule;
export const actionLabel = (action: string): string => oneOf(DECISION_ACTIONS, action) ? DECISION_ACTION_LABELS[action as DecisionAction] : action;
export const sourceLabel = (source: string): string => oneOf(RECTIFICATION_SOURCES, source) ? RECTIFICATION_SOURCE_LABELS[source as RectificationSource] : source;

function readYear(p: URLSearchParams): number | undefined {
  const year = Number(p.get('year'));
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : undefined;
}

/**
 * Filters of the warning list in its route (#/monitoring/warnings?round=…&level=red). `round`
 * is a round id, or `all` for every round of the year; absent means "the latest round".
 */
export interface WarningFilters {
  year?: number;
  round?: string;
  level?: WarningLevel;
  rule?: WarningRule;
  unitId?: string;
  undecided?: boolean;
}

export function parseWarningFilters(search: string): WarningFilters {
  const p = new URLSearchParams(search);
  const f: WarningFilters = {};
  const year = readYear(p);
  if (year !== undefined) f.year = year;
  const round = p.get('round');
  if (round) f.round = round;
  const level = oneOf(WARNING_LEVELS, p.get('level'));
  if (level) f.level = level;
  const rule = oneOf(WARNING_RULES, p.get('rule'));
  if (rule) f.rule = rule;
  const unitId = p.get('unitId');
  if (unitId) f.unitId = unitId;
  if (p.get('undecided') === '1') f.undecided = true;
  return f;
}

export function warningsRoute(f: WarningFilters): string {
  const p = new URLSearchParams();
  if (f.year !== undefined) p.set('year', String(f.year));
  if (f.round) p.set('round', f.round);
  if (f.level) p.set('level', f.level);
  if (f.rule) p.set('rule', f.rule);
  if (f.unitId) p.set('unitId', f.unitId);
  if (f.undecided) p.set('undecided', '1');
  const q = p.toString();
  return q ? `/monitoring/warnings?${q}` : '/monitoring/warnings';
}

/** Filters of the rectification list in its route (#/rectifications?status=overdue). */
export interface RectificationFilters {
  year?: number;
  status?: RectificationStatusFilter;
  source?: RectificationSource;
  q?: string;
}

export function parseRectificationFilters(search: string): RectificationFilters {
  const p = new URLSearchParams(search);
  const f: RectificationFilters = {};
  const year = readYear(p);
  if (year !== undefined) f.year = year;
  const status = oneOf(RECTIFICATION_STATUS_FILTERS, p.get('status'));
  if (status) f.status = status;
  const source = oneOf(RECTIFICATION_SOURCES, p.get('source'));
  if (source) f.source = source;
  const q = p.get('q')?.trim();
  if (q) f.q = q.slice(0, 100);
  return f;
}

export function rectificationsRoute(f: RectificationFilters): string {
  const p = new URLSearchParams();
  if (f.year !== undefined) p.set('year', String(f.year));
  if (f.status) p.set('status', f.status);
  if (f.source) p.set('source', f.source);
  if (f.q) p.set('q', f.q);
  const q = p.toString();
  return q ? `/rectifications?${q}` : '/rectifications';
}

/** A figure that opens a filtered list; plain text when there is nothing behind it. */
export function RouteLink({ route, children, title }: { route: string | null; children: ReactNode; title?: string }) {
  if (!route) return <>{children}</>;
  return (
    <Anchor
      href={`#${route}`}
      onClick={(e) => {
        e.preventDefault();
        navigate(route);
      }}
      underline="hover"
      c="blue.7"
      title={title}
      style={num}
      inherit
    >
      {children}
    </Anchor>
  );
}

/** The round a screen shows when none is chosen: the latest issued round that has sheets, else the latest. */
export function defaultRound(rounds: readonly MonitoringRoundDto[] | undefined): MonitoringRoundDto | null {
  if (!rounds || rounds.length === 0) return null;
  const ordered = rounds.toSorted((a, b) => b.issuedOn.localeCompare(a.issuedOn) || b.month - a.month);
  return ordered.find((r) => r.counts.total > 0) ?? ordered[0] ?? null;
}

/** The year's rounds as Select options, newest first, after an "all rounds" entry when `allLabel` is given. */
export function useRoundOptions(year: number, allLabel: string | null) {
  const rounds = useApiQuery('monitoring.rounds', { year }, ROUND_TABLES);
  const options = useMemo(() => {
    const list = (rounds.data ?? []).toSorted((a, b) => b.issuedOn.localeCompare(a.issuedOn) || b.month - a.month);
    const own = list.map((r) => ({ value: r.id, label: r.title }));
    return allLabel === null ? own : [{ value: 'all', label: allLabel }, ...own];
  }, [rounds.data, allLabel]);
  return { rounds, options };
}

/** A round's id from a route value: 'all' → null (every round), absent → the default round. */
export function resolveRound(choice: string | undefined, rounds: readonly MonitoringRoundDto[] | undefined): string | null {
  if (choice === 'all') return null;
  if (choice !== undefined) return choice;
  return defaultRound(rounds)?.id ?? null;
}

export function LevelDot({ level, size = 12 }: { level: WarningLevel; size?: number }) {
  return (
    <Tooltip label={WARNING_LEVEL_LABELS[level]} withinPortal>
      <Box
        component="span"
        role="img"
        aria-label={WARNING_LEVEL_LABELS[level]}
        style={{
          display: 'inline-block',
          width: size,
          height: size,
          borderRadius: '50%',
          background: `var(--mantine-color-${level === 'red' ? 'red-6' : 'yellow-5'})`,
          boxShadow: `0 0 0 3px var(--mantine-color-${level === 'red' ? 'red-1' : 'yellow-1'})`,
          flexShrink: 0,
        }}
      />
    </Tooltip>
  );
}

export function ActionBadges({ actions }: { actions: readonly string[] }) {
  if (actions.length === 0) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Group gap={4}>
      {actions.map((a) => (
        <Badge key={a} variant="light" color="gray" radius="sm" size="sm" style={{ flexShrink: 0 }}>{actionLabel(a)}</Badge>
      ))}
    </Group>
  );
}

/** The stored status, and 逾期 beside it (or under it, in a narrow table cell) while an open item is past its deadline. */
export function RectificationStatusBadge({ item, stacked = false }: { item: Pick<RectificationDto, 'status' | 'overdue'>; stacked?: boolean }) {
  const badges = (
    <>
      <Badge variant="light" color={RECTIFICATION_STATUS_COLORS[item.status]} radius="sm">{RECTIFICATION_STATUS_LABELS[item.status]}</Badge>
      {item.overdue ? <Badge variant="filled" color="red" radius="sm">{RECTIFICATION_STATUS_LABELS.overdue}</Badge> : null}
    </>
  );
  return stacked ? <Stack gap={4} align="flex-start">{badges}</Stack> : <Group gap={4} wrap="nowrap">{badges}</Group>;
}
