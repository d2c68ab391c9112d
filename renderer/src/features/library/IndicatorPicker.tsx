import { useMemo, useState } from 'react';
import { ActionIcon, Badge, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { IconSearch, IconX } from '@tabler/icons-react';
import type { LibraryEntryDto } from '../../../../shared/api/dtoGoals.ts';
import {
  FRAMEWORK, LEVEL1, LEVEL2, PROJECT_TYPES, type Level1Code, type Level2Code, type ProjectTypeCode,
} from '../../../../shared/domain/indicators.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { PROJECT_TYPE_CHOICES, libraryColumns } from './libraryView.tsx';

export interface IndicatorPickerProps {
  opened: boolean;
  onClose(): void;
  /** The chosen entries, in the order they were ticked. The caller closes the picker. */
  onPick(entries: LibraryEntryDto[]): void;
  appliesTo: 'project' | 'unitOverall';
  /** Starts the type filter on the project's type; the officer may widen it. */
  projectType?: ProjectTypeCode;
  /** The year's template: its framework drives the level filters; entries of the other template are marked. */
  template: 'A' | 'B';
}

const PAGE_SIZE = 20;

/**
 * 从指标库选择: search the library on the server (debounced), narrow by level and type, tick
 * entries across pages, and hand them to the goal editor in one go.
 */
export function IndicatorPicker(props: IndicatorPickerProps) {
  const { opened, onClose } = props;
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>从指标库选择指标</Text>} size={1200} centered closeOnClickOutside={false}>
      {/* Mounted only while open, so every opening starts with fresh filters and no ticks. */}
      {opened ? <PickerBody {...props} /> : null}
    </Modal>
  );
}

function PickerBody({ onClose, onPick, appliesTo, projectType: initialType, template }: IndicatorPickerProps) {
  const { session } = useSession();
  const [query, setQuery] = useState('');
  const [q] = useDebouncedValue(query.trim(), 250);
  const [level1, setLevel1] = useState<Level1Code | undefined>(undefined);
  const [level2, setLevel2] = useState<Level2Code | undefined>(undefined);
  const [projectType, setProjectType] = useState<ProjectTypeCode | undefined>(initialType);
  const [page, setPage] = useState(1);
  const [picked, setPicked] = useState<LibraryEntryDto[]>([]);

  // A new filter shows its first page; the debounced query changes without an event, so track it here.
  const [pageQuery, setPageQuery] = useState(q);
  if (pageQuery !== q) {
    setPageQuery(q);
    setPage(1);
  }

  const search = useApiQuery(
    'library.search',
    { q, level1, level2, projectType, appliesTo, includeRetired: false, page, pageSize: PAGE_SIZE },
    ['library_entries'],
    { placeholderData: keepPreviousData },
  );
  const rows = search.data?.rows ?? [];
  const total = search.data?.total ?? 0;

  const level1Options = FRAMEWORK[template].map((n) => ({ value: n.level1, label: LEVEL1[n.level1] }));
  const level2Options = useMemo(
    () => (FRAMEWORK[template].find((n) => n.level1 === level1)?.level2 ?? []).map((c) => ({ value: c, label: LEVEL2[c] })),
    [template, level1],
  );
  const columns = useMemo(() => libraryColumns({ query: q, region: session.office.regionCode, template, compact: true }), [q, session.office.regionCode, template]);
  const pickedIds = new Set(picked.map((p) => p.id));

  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="wrap">
        <TextInput
          aria-label="按编码、名称或解释查找指标"
          placeholder="按编码、名称或解释查找指标"
          leftSection={<IconSearch size={16} />}
          rightSection={
            query ? (
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label="清除查找" onClick={() => setQuery('')}>
                <IconX size={14} />
              </ActionIcon>
            ) : null
          }
          w={260}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          data-autofocus
        />
        <Select
          aria-label="一级指标"
          placeholder="全部一级指标"
          w={160}
          clearable
          data={level1Options}
          value={level1 ?? null}
          onChange={(v) => {
            setLevel1(level1Options.find((o) => o.value === v)?.value);
            setLevel2(undefined);
            setPage(1);
          }}
        />
        <Select
          aria-label="二级指标"
          placeholder={level1 ? '全部二级指标' : '先选一级指标'}
          w={180}
          clearable
          disabled={!level1}
          data={level2Options}
          value={level2 ?? null}
          onChange={(v) => {
            setLevel2(level2Options.find((o) => o.value === v)?.value);
            setPage(1);
          }}
        />
        <Select
          aria-label="项目类型"
          placeholder="全部项目类型"
          w={170}
          clearable
          data={PROJECT_TYPE_CHOICES}
          value={projectType ?? null}
          onChange={(v) => {
            setProjectType(PROJECT_TYPE_CHOICES.find((o) => o.value === v)?.value);
            setPage(1);
          }}
        />
        <Text size="sm" c="dimmed" ml="auto">
          {search.isPending ? '正在查询……' : `共 ${total.toLocaleString('zh-CN')} 条${initialType && projectType === initialType ? `（${PROJECT_TYPES[initialType]}）` : ''}`}
        </Text>
      </Group>

      <DataTable<LibraryEntryDto>
        withTableBorder
        borderRadius="sm"
        highlightOnHover
        verticalSpacing={6}
        height={460}
        fetching={search.isFetching}
        loaderType="dots"
        idAccessor="id"
        records={rows}
        columns={columns}
        selectedRecords={rows.filter((r) => pickedIds.has(r.id))}
        onSelectedRecordsChange={(onPage) => {
          // The table reports this page's ticks; ticks on other pages stay, in the order they were made.
          const pageIds = new Set(rows.map((r) => r.id));
          const ticked = new Set(onPage.map((r) => r.id));
          const next = picked.filter((p) => !pageIds.has(p.id) || ticked.has(p.id));
          for (const r of onPage) if (!pickedIds.has(r.id)) next.push(r);
          setPicked(next);
        }}
        onRowClick={({ record }) =>
          setPicked((prev) => (prev.some((p) => p.id === record.id) ? prev.filter((p) => p.id !== record.id) : [...prev, record]))
        }
        allRecordsSelectionCheckboxProps={{ 'aria-label': '选择本页全部指标' }}
        getRecordSelectionCheckboxProps={(r) => ({ 'aria-label': `选择“${r.name}”` })}
        noRecordsText={q ? '没有编码或名称符合条件的指标' : '没有符合条件的指标，可放宽筛选条件'}
        totalRecords={total}
        page={page}
        onPageChange={setPage}
        recordsPerPage={PAGE_SIZE}
        paginationText={({ from, to, totalRecords }) => `第 ${from}–${to} 条，共 ${totalRecords.toLocaleString('zh-CN')} 条`}
        paginationSize="sm"
      />

      <Group justify="space-between" wrap="nowrap">
        <Group gap={6} style={{ minWidth: 0, flex: 1 }} wrap="nowrap">
          <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>已选 {picked.length} 个</Text>
          <Group gap={4} style={{ overflow: 'hidden', flexWrap: 'nowrap' }}>
            {picked.slice(0, 6).map((p) => (
              <Badge
                key={p.id}
                variant="light"
                radius="sm"
                rightSection={
                  <ActionIcon size={14} variant="transparent" color="gray" aria-label={`取消选择“${p.name}”`} onClick={() => setPicked((prev) => prev.filter((x) => x.id !== p.id))}>
                    <IconX size={10} />
                  </ActionIcon>
                }
                style={{ flexShrink: 0 }}
              >
                {p.name}
              </Badge>
            ))}
            {picked.length > 6 ? <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>等 {picked.length} 个</Text> : null}
          </Group>
          {picked.length > 0 ? <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setPicked([])}>清空</Button> : null}
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button disabled={picked.length === 0} onClick={() => onPick(picked)}>添加所选指标{picked.length > 0 ? `（${picked.length}）` : ''}</Button>
        </Group>
      </Group>
    </Stack>
  );
}
