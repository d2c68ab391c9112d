import { Badge, Group, Highlight, Stack, Text, Tooltip } from '@mantine/core';
import type { DataTableColumn } from 'mantine-datatable';
import type { LibraryEntryDto } from '../../../../shared/api/dtoGoals.ts';
import {
  FRAMEWORK, LEVEL1, LEVEL2, OPERATOR_LABELS, PROJECT_TYPES, fitsFramework, type FrameworkTemplate, type Level1Code, type Level2Code,
} from '../../../../shared/domain/indicators.ts';
import { LIBRARY_SOURCE_LABELS, LIBRARY_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';

export type LibrarySource = 'builtin' | 'own' | 'upper';

/** Shipped with the program, this office's own, or from a higher level (both of the latter two read-only here but own). */
export function librarySource(e: Pick<LibraryEntryDto, 'origin'>, officeRegion: string): LibrarySource {
  if (e.origin === 'builtin') return 'builtin';
  return e.origin === officeRegion ? 'own' : 'upper';
}

const SOURCE_COLORS: Record<LibrarySource, string> = { builtin: 'gray', own: 'teal', upper: 'blue' };

export function SourceBadge({ entry, region, size }: { entry: Pick<LibraryEntryDto, 'origin'>; region: string; size?: 'sm' | 'md' }) {
  const s = librarySource(entry, region);
  const badge = <Badge variant="light" color={SOURCE_COLORS[s]} radius="sm" size={size} style={{ flexShrink: 0 }}>{LIBRARY_SOURCE_LABELS[s]}</Badge>;
  return s === 'upper' ? <Tooltip label={`来自行政区划 ${entry.origin} 下发的指标，只能查看`}>{badge}</Tooltip> : badge;
}

export function StatusBadge({ retired, size }: { retired: boolean; size?: 'sm' | 'md' }) {
  return <Badge variant="light" color={retired ? 'gray' : 'teal'} radius="sm" size={size}>{retired ? LIBRARY_STATUS_LABELS.retired : LIBRARY_STATUS_LABELS.active}</Badge>;
}

/** "≥ · 次", "定性". */
export function natureText(e: Pick<LibraryEntryDto, 'operator' | 'unit' | 'valueType'>): string {
  if (e.valueType === 'qualitative' || e.operator === 'qualitative') return '定性';
  return e.unit ? `${OPERATOR_LABELS[e.operator]} · ${e.unit}` : OPERATOR_LABELS[e.operator];
}

/** Which templates an entry's level-1/level-2 pair belongs to. */
export function templatesOf(level1: Level1Code, level2: Level2Code): FrameworkTemplate[] {
  return (['A', 'B'] as const).filter((t) => fitsFramework(t, level1, level2));
}

/** Level-2 choices under a level-1, across both templates, with the template named when only one has it. */
export function level2Choices(level1: Level1Code): { value: Level2Code; label: string }[] {
  const codes: Level2Code[] = [];
  for (const t of ['A', 'B'] as const) {
    for (const node of FRAMEWORK[t]) if (node.level1 === level1) for (const c of node.level2) if (!codes.includes(c)) codes.push(c);
  }
  return codes.map((c) => {
    const ts = templatesOf(level1, c);
    return { value: c, label: ts.length === 1 ? `${LEVEL2[c]}（模板 ${ts[0]}）` : LEVEL2[c] };
  });
}

export const LEVEL1_CHOICES = (Object.keys(LEVEL1) as Level1Code[]).map((c) => ({
  value: c,
  label: c === 'cost' ? `${LEVEL1[c]}（模板 B）` : LEVEL1[c],
}));

export const PROJECT_TYPE_CHOICES = (Object.keys(PROJECT_TYPES) as (keyof typeof PROJECT_TYPES)[]).map((c) => ({ value: c, label: PROJECT_TYPES[c] }));

/** The table columns the library page and the picker share. */
export function libraryColumns(opts: { query: string; region: string; template?: FrameworkTemplate; compact?: boolean }): DataTableColumn<LibraryEntryDto>[] {
  const { query, region, template, compact } = opts;
  const q = query.trim();
  return [
    {
      accessor: 'code',
      title: '编码',
      width: 128,
      render: (e) => <Highlight highlight={q} size="xs" ff="monospace" c={e.retired ? 'dimmed' : undefined}>{e.code}</Highlight>,
    },
    {
      accessor: 'name',
      title: '三级指标',
      render: (e) => (
        <Stack gap={0}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Highlight highlight={q} size="sm" fw={500} c={e.retired ? 'dimmed' : undefined}>{e.name}</Highlight>
            {template && !fitsFramework(template, e.level1, e.level2) ? (
              <Tooltip label={`该指标的一级、二级指标属于模板 ${template === 'A' ? 'B' : 'A'}，与模板 ${template} 的框架不一致`}>
                <Badge size="xs" variant="outline" color="orange" radius="sm" mt={3} style={{ flexShrink: 0 }}>模板 {template === 'A' ? 'B' : 'A'}</Badge>
              </Tooltip>
            ) : null}
          </Group>
          {e.explanation && !compact ? <Text size="xs" c="dimmed" lineClamp={1} title={e.explanation}>{e.explanation}</Text> : null}
        </Stack>
      ),
    },
    {
      accessor: 'level',
      title: '一级/二级',
      width: 124,
      render: (e) => (
        <Stack gap={0}>
          <Text size="xs" c="dimmed">{LEVEL1[e.level1]}</Text>
          <Text size="sm">{LEVEL2[e.level2]}</Text>
        </Stack>
      ),
    },
    { accessor: 'projectType', title: '项目类型', width: 100, render: (e) => <Text size="sm">{PROJECT_TYPES[e.projectType]}</Text> },
    { accessor: 'nature', title: '性质/单位', width: 86, render: (e) => <Text size="sm">{natureText(e)}</Text> },
    {
      accessor: 'referenceValue',
      title: '参考值',
      width: 104,
      render: (e) => (e.referenceValue ? <Text size="sm" lineClamp={1} title={e.referenceValue}>{e.referenceValue}</Text> : <Text size="sm" c="dimmed">—</Text>),
    },
    {
      accessor: 'isCore',
      title: '核心',
      width: 62,
      render: (e) => (e.isCore ? <Badge size="xs" variant="light" color="red" radius="sm">核心</Badge> : <Text size="sm" c="dimmed">—</Text>),
    },
    { accessor: 'source', title: '来源', width: 72, render: (e) => <SourceBadge entry={e} region={region} size="sm" /> },
    ...(compact ? [] : [{ accessor: 'retired', title: '状态', width: 66, render: (e: LibraryEntryDto) => <StatusBadge retired={e.retired} size="sm" /> }]),
  ];
}
