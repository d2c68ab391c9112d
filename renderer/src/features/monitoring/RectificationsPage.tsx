import { useMemo, useState } from 'react';
import {
  ActionIcon, Alert, Badge, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconAlertTriangle, IconInfoCircle, IconSearch, IconX } from '@tabler/icons-react';
import type { RectificationDto } from '../../../../shared/api/dtoMonitoring.ts';
import { RECTIFICATION_SOURCE_LABELS, RECTIFICATION_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useRouteQuery } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatRate } from '../projects/projectUi.tsx';
import { useYearOptions } from '../goals/useYearOptions.ts';
import { RectificationDrawer } from './rectificationDrawer.tsx';
import { deadlineState } from './rectificationUi.ts';
import {
  RECTIFICATION_SOURCES, RECTIFICATION_STATUS_FILTERS, RECTIFICATION_TABLES, RectificationStatusBadge, num, parseRectificationFilters, sourceLabel,
  type RectificationSource, type RectificationStatusFilter,
} from './warningUi.tsx';

const PAGE_SIZES = [50, 100, 200];
const SOURCE_OPTIONS = RECTIFICATION_SOURCES.map((s) => ({ value: s, label: RECTIFICATION_SOURCE_LABELS[s] }));

/**
 * 整改事项: the year's rectification items (for now those created by 限期整改 decisions in
 * monitoring; the results stage adds the other sources). A row opens a drawer where the finance
 * bureau records progress and closes (销号) the item.
 */
export function RectificationsPage() {
  const { session } = useSession();
  const search = useRouteQuery().toString();
  return <RectificationList key={search} search={search} currentYear={session.office.currentYear} />;
}

function RectificationList({ search, currentYear }: { search: string; currentYear: number }) {
  const initial = useMemo(() => parseRectificationFilters(search), [search]);
  const [year, setYear] = useState(initial.year ?? currentYear);
  const [status, setStatus] = useState<RectificationStatusFilter | 'all'>(initial.status ?? 'all');
  const [source, setSource] = useState<RectificationSource | null>(initial.source ?? null);
  const [query, setQuery] = useState(initial.q ?? '');
  const [q] = useDebouncedValue(query.trim(), 250);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(100);
  const [openId, setOpenId] = useState<string | null>(null);

  const yearOptions = useYearOptions(currentYear);
  const base = { year, ...(source ? { source } : {}) };
  const list = useApiQuery(
    'rectifications.list',
    { ...base, ...(status !== 'all' ? { status } : {}), q, page, pageSize },
    RECTIFICATION_TABLES,
    { placeholderData: keepPreviousData },
  );
  // Headline counts for the year (and source), one small query per status: the list is paged.
  const count = (s?: RectificationStatusFilter) => ({ ...base, ...(s ? { status: s } : {}), q: '', page: 1, pageSize: 1 });
  const all = useApiQuery('rectifications.list', count(), RECTIFICATION_TABLES);
  const byStatus = {
    open: useApiQuery('rectifications.list', count('open'), RECTIFICATION_TABLES),
    inProgress: useApiQuery('rectifications.list', count('inProgress'), RECTIFICATION_TABLES),
    done: useApiQuery('rectifications.list', count('done'), RECTIFICATION_TABLES),
    waived: useApiQuery('rectifications.list', count('waived'), RECTIFICATION_TABLES),
    overdue: useApiQuery('rectifications.list', count('overdue'), RECTIFICATION_TABLES),
  };
  const n = (s: RectificationStatusFilter) => byStatus[s].data?.total;
  const totalCount = all.data?.total;
  const done = n('done');
  const waived = n('waived');
  const due = totalCount !== undefined && waived !== undefined ? totalCount - waived : undefined;

  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  const filtered = status !== 'all' || source !== null || q !== '';
  const setAndReset = <T,>(setter: (v: T) => void) => (v: T) => {
    setter(v);
    setPage(1);
  };

  const statusData = [
    { value: 'all', label: `全部 ${totalCount ?? ''}`.trim() },
    ...RECTIFICATION_STATUS_FILTERS.map((s) => ({ value: s, label: `${RECTIFICATION_STATUS_LABELS[s]} ${n(s) ?? ''}`.trim() })),
  ];

  const columns: DataTableColumn<RectificationDto>[] = [
    { accessor: 'code', title: '编号', width: 118, render: (r) => <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>{r.code}</Text> },
    {
      accessor: 'source',
      title: '来源',
      width: 88,
      render: (r) => <Badge variant="light" color={r.source === 'monitoring' ? 'indigo' : 'gray'} radius="sm">{sourceLabel(r.source)}</Badge>,
    },
    {
      accessor: 'title',
      title: '项目 / 单位',
      width: 190,
      render: (r) => (
        <Stack gap={0}>
          <Text size="sm" fw={500} lineClamp={2} title={r.title}>{r.title}</Text>
          <Text size="xs" c="dimmed" lineClamp={1}>{r.projectCode ? `${r.projectCode} · ` : ''}{r.unitName}</Text>
        </Stack>
      ),
    },
    { accessor: 'problem', title: '问题', render: (r) => <Text size="sm" lineClamp={3} title={r.problem}>{r.problem}</Text> },
    { accessor: 'requirement', title: '整改要求', render: (r) => <Text size="sm" lineClamp={3} title={r.requirement}>{r.requirement}</Text> },
    { accessor: 'owner', title: '责任单位', width: 120, render: (r) => <Text size="sm" lineClamp={2}>{r.owner || '—'}</Text> },
    { accessor: 'issuedOn', title: '下发日期', width: 100, render: (r) => <Text size="sm" style={num}>{r.issuedOn}</Text> },
    {
      accessor: 'deadline',
      title: '整改期限',
      width: 112,
      render: (r) => {
        const d = deadlineState(r);
        return (
          <Stack gap={0}>
            <Text size="sm" style={num} c={d.overdueDays !== null ? 'red.7' : undefined} fw={d.overdueDays !== null ? 600 : undefined}>{r.deadline}</Text>
            {d.overdueDays !== null ? <Text size="xs" c="red.7" fw={600}>逾期 {d.overdueDays} 天</Text> : null}
            {d.lateDays !== null ? <Text size="xs" c="orange.8">逾期 {d.lateDays} 天完成</Text> : null}
          </Stack>
        );
      },
    },
    { accessor: 'status', title: '状态', width: 96, render: (r) => <RectificationStatusBadge item={r} stacked /> },
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title="整改事项"
        description="监控中作出“限期整改”处理时自动登记整改事项；点击一行记录整改进展、整改措施，完成后填写完成日期销号。"
        actions={
          <Select
            aria-label="年度"
            w={130}
            allowDeselect={false}
            data={yearOptions}
            value={String(year)}
            onChange={(v) => v && setAndReset(setYear)(Number(v))}
          />
        }
      />

      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md" data-testid="rectification-headline">
        <Figure label="整改事项" value={totalCount} unit="项" />
        <Figure label="未开始" value={n('open')} unit="项" />
        <Figure label="整改中" value={n('inProgress')} unit="项" />
        <Figure label="已完成（销号）" value={done} unit="项" color="teal.8" />
        <Figure label="逾期未完成" value={n('overdue')} unit="项" color={n('overdue') ? 'red.7' : undefined} />
        <Paper withBorder radius="md" px="md" py="sm">
          <Group gap={4} wrap="nowrap">
            <Text size="sm" c="dimmed" fw={500}>整改完成率</Text>
            <Tooltip
              withinPortal
              multiline
              maw={300}
              label="整改完成率 = 已完成（销号）事项 ÷ 应整改事项；应整改事项 = 全部事项 − 不予整改事项。按期整改率在年度整改台账中统计。"
            >
              <IconInfoCircle size={14} color="var(--mantine-color-dimmed)" aria-label="计算口径" />
            </Tooltip>
          </Group>
          <Text fw={700} fz={24} style={num} data-testid="rectification-rate">
            {done !== undefined && due !== undefined ? formatRate(done, due) : '—'}
          </Text>
          <Text size="xs" c="dimmed">
            {done ?? '—'} ÷ {due ?? '—'}{waived ? `（不含不予整改 ${waived} 项）` : ''}
          </Text>
        </Paper>
      </SimpleGrid>

      <Paper withBorder radius="md" p="sm">
        <Group gap="sm" wrap="wrap" align="center">
          <SegmentedControl
            size="sm"
            data={statusData}
            value={status}
            onChange={(v) => setAndReset(setStatus)(v as RectificationStatusFilter | 'all')}
            aria-label="整改状态"
          />
          <Select
            aria-label="来源"
            placeholder="全部来源"
            w={140}
            clearable
            data={SOURCE_OPTIONS}
            value={source}
            onChange={(v) => setAndReset(setSource)(v as RectificationSource | null)}
          />
          <TextInput
            aria-label="按编号、项目、单位或问题查找"
            placeholder="按编号、项目、单位或问题查找"
            leftSection={<IconSearch size={16} />}
            rightSection={
              query ? (
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label="清除查找" onClick={() => setAndReset(setQuery)('')}>
                  <IconX size={14} />
                </ActionIcon>
              ) : null
            }
            w={280}
            value={query}
            onChange={(e) => setAndReset(setQuery)(e.currentTarget.value)}
          />
          {status === 'overdue' ? <Text size="xs" c="dimmed">逾期：未完成且已过整改期限的事项（含未开始和整改中）。</Text> : null}
        </Group>
      </Paper>

      {list.isError ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="无法读取整改事项">{list.error.message}</Alert>
      ) : (
        <Paper withBorder radius="md" p={0} style={{ overflow: 'hidden' }}>
          <DataTable<RectificationDto>
            highlightOnHover
            striped
            verticalSpacing={7}
            horizontalSpacing="xs"
            minHeight={rows.length > 0 ? undefined : 240}
            height={rows.length > 0 ? 'max(320px, calc(100vh - 400px))' : undefined}
            fetching={list.isFetching}
            loaderType="dots"
            noRecordsText={filtered ? '没有符合条件的整改事项' : `${year} 年度还没有整改事项`}
            records={rows}
            idAccessor="id"
            columns={columns}
            onRowClick={({ record }) => setOpenId(record.id)}
            rowStyle={() => ({ cursor: 'pointer' })}
            totalRecords={total}
            page={page}
            onPageChange={setPage}
            recordsPerPage={pageSize}
            recordsPerPageOptions={PAGE_SIZES}
            onRecordsPerPageChange={(v) => {
              setPageSize(v);
              setPage(1);
            }}
            recordsPerPageLabel="每页行数"
            paginationText={({ from, to, totalRecords }) => `第 ${from}–${to} 行，共 ${totalRecords.toLocaleString('zh-CN')} 行`}
            getPaginationControlProps={(control) =>
              ({ first: { 'aria-label': '第一页' }, last: { 'aria-label': '最后一页' }, previous: { 'aria-label': '上一页' }, next: { 'aria-label': '下一页' } })[control]
            }
            paginationSize="sm"
          />
        </Paper>
      )}

      <RectificationDrawer item={rows.find((r) => r.id === openId) ?? null} onClose={() => setOpenId(null)} />
    </Stack>
  );
}

function Figure({ label, value, unit, color }: { label: string; value: number | undefined; unit: string; color?: string }) {
  return (
    <Paper withBorder radius="md" px="md" py="sm">
      <Text size="sm" c="dimmed" fw={500}>{label}</Text>
      <Text fw={700} fz={24} style={num} c={color}>
        {value === undefined ? '—' : value.toLocaleString('zh-CN')}
        {value === undefined ? null : <Text span size="sm" c="dimmed" fw={400} ml={4}>{unit}</Text>}
      </Text>
    </Paper>
  );
}
