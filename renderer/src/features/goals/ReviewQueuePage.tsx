import { useMemo, useState } from 'react';
import {
  ActionIcon, Alert, Badge, Button, Chip, Drawer, Group, Paper, Select, Stack, Text, TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconSearch, IconX } from '@tabler/icons-react';
import { GOAL_STATUSES, type GoalQueueRowDto, type GoalStatus } from '../../../../shared/api/dtoGoals.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import { GOAL_GRADE_LABELS, GOAL_OWNER_TYPE_LABELS, GOAL_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { useRouteQuery } from '../../app/router.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatTime } from '../../components/format.ts';
import { GoalSheetByIdPanel } from './GoalSheetPanel.tsx';
import { useYearOptions } from './useYearOptions.ts';
import { GRADE_COLORS, STATUS_COLORS } from './goalModel.ts';

const QUEUE_TABLES = ['goal_sheets', 'goal_indicators', 'goal_reviews', 'projects', 'units'];
// Everything waiting for a finance action: 主管部门 review, 财政审核 and 批复.
const DEFAULT_STATUSES: GoalStatus[] = ['submitted', 'deptApproved', 'reviewed'];
const PAGE_SIZES = [50, 100, 200];

const isStatus = (s: string): s is GoalStatus => (GOAL_STATUSES as readonly string[]).includes(s);

/**
 * 目标审核: the sheets waiting for a decision (by default 已送审 and 主管部门已审). A row opens the
 * sheet in a drawer so the reviewer can approve, return or score it without leaving the queue;
 * the queue refreshes itself when the sheet changes.
 */
export function ReviewQueuePage() {
  const { session } = useSession();
  const route = useRouteQuery();
  const initialStatuses = (route.get('status')?.split(',').filter(isStatus) ?? []);
  const [year, setYear] = useState(Number(route.get('year')) || session.office.currentYear);
  const [statuses, setStatuses] = useState<GoalStatus[]>(initialStatuses.length > 0 ? initialStatuses : DEFAULT_STATUSES);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [q] = useDebouncedValue(query.trim(), 250);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [open, setOpen] = useState<GoalQueueRowDto | null>(null);

  const yearOptions = useYearOptions(session.office.currentYear);
  const units = useApiQuery('units.tree', {}, ['units']);
  const unitOptions = useMemo(
    () => (units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.code} ${u.name}` })),
    [units.data],
  );
  const queue = useApiQuery(
    'goals.queue',
    { year, statuses, ...(unitId ? { unitId } : {}), q, page, pageSize },
    QUEUE_TABLES,
    { placeholderData: keepPreviousData },
  );
  const rows = queue.data?.rows ?? [];
  const total = queue.data?.total ?? 0;

  const columns: DataTableColumn<GoalQueueRowDto>[] = [
    {
      accessor: 'title',
      title: '项目 / 单位',
      render: (r) => (
        <Stack gap={0}>
          <Text size="sm" fw={500} lineClamp={1}>{r.title}</Text>
          {r.projectCode ? <Text size="xs" c="dimmed" ff="monospace">{r.projectCode}</Text> : null}
        </Stack>
      ),
    },
    {
      accessor: 'ownerType',
      title: '类型',
      width: 96,
      render: (r) => <Badge variant="light" color={r.ownerType === 'project' ? 'blue' : 'grape'} radius="sm">{GOAL_OWNER_TYPE_LABELS[r.ownerType]}</Badge>,
    },
    { accessor: 'unitName', title: '单位', width: 200, render: (r) => <Text size="sm" lineClamp={1}>{r.unitName}</Text> },
    {
      accessor: 'annualTotalFen',
      title: '金额（万元）',
      width: 120,
      textAlign: 'right',
      render: (r) => <Text size="sm" className="num">{formatWan(r.annualTotalFen)}</Text>,
    },
    { accessor: 'indicatorCount', title: '指标数', width: 72, textAlign: 'right' },
    {
      accessor: 'status',
      title: '状态',
      width: 116,
      render: (r) => <Badge variant="light" color={STATUS_COLORS[r.status]} radius="sm">{GOAL_STATUS_LABELS[r.status]}</Badge>,
    },
    { accessor: 'updatedAt', title: '更新时间', width: 160, render: (r) => <Text size="sm">{formatTime(r.updatedAt)}</Text> },
    {
      accessor: 'lastReviewGrade',
      title: '上次审核等级',
      width: 104,
      textAlign: 'center',
      render: (r) =>
        r.lastReviewGrade ? (
          <Badge color={GRADE_COLORS[r.lastReviewGrade]} variant="filled" radius="sm">{GOAL_GRADE_LABELS[r.lastReviewGrade]}</Badge>
        ) : (
          <Text size="sm" c="dimmed">—</Text>
        ),
    },
  ];

  const filtered = q !== '' || unitId !== null;

  return (
    <Stack gap="md">
      <PageHeader
        title="目标审核"
        description="绩效目标先由主管部门审核，再由财政审核评分；点击一行打开目标表，可在右侧直接审核、退回或批复。"
        actions={
          <Select
            aria-label="年度"
            w={130}
            data={yearOptions}
            value={String(year)}
            allowDeselect={false}
            onChange={(v) => {
              if (v) {
                setYear(Number(v));
                setPage(1);
              }
            }}
          />
        }
      />
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm" mb="sm">
          <Group gap="xs" wrap="wrap">
            <Text size="sm" c="dimmed" w={40}>状态</Text>
            <Chip.Group
              multiple
              value={statuses}
              onChange={(v) => {
                setStatuses(v.filter(isStatus));
                setPage(1);
              }}
            >
              <Group gap={6}>
                {GOAL_STATUSES.map((s) => (
                  <Chip key={s} value={s} size="xs" variant="outline" color={STATUS_COLORS[s]} data-testid={`queue-status-${s}`}>
                    {GOAL_STATUS_LABELS[s]}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            <Button
              size="compact-xs"
              variant="subtle"
              color="gray"
              onClick={() => {
                setStatuses(DEFAULT_STATUSES);
                setPage(1);
              }}
            >
              只看待审核
            </Button>
            <Button
              size="compact-xs"
              variant="subtle"
              color="gray"
              onClick={() => {
                setStatuses([]);
                setPage(1);
              }}
            >
              全部状态
            </Button>
          </Group>
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Group gap="sm">
              <TextInput
                aria-label="按项目名称、编码或单位查找"
                placeholder="按项目名称、编码或单位查找"
                leftSection={<IconSearch size={16} />}
                rightSection={
                  query ? (
                    <ActionIcon variant="subtle" color="gray" size="sm" aria-label="清除查找" onClick={() => setQuery('')}>
                      <IconX size={14} />
                    </ActionIcon>
                  ) : null
                }
                w={300}
                value={query}
                onChange={(e) => {
                  setQuery(e.currentTarget.value);
                  setPage(1);
                }}
              />
              <Select
                aria-label="单位"
                placeholder="全部单位（含下级）"
                w={300}
                searchable
                clearable
                nothingFoundMessage="没有符合的单位"
                data={unitOptions}
                value={unitId}
                onChange={(v) => {
                  setUnitId(v);
                  setPage(1);
                }}
              />
            </Group>
            <Text size="sm" c="dimmed" data-testid="queue-count">
              {statuses.length === 0 ? '全部状态' : statuses.map((s) => GOAL_STATUS_LABELS[s]).join('、')}
              {filtered ? '（已筛选）' : ''}：共 {total.toLocaleString('zh-CN')} 张目标表
            </Text>
          </Group>
        </Stack>
        {queue.isError ? (
          <Alert color="red" variant="light" title="无法读取审核队列">{queue.error.message}</Alert>
        ) : (
          <DataTable
            withTableBorder
            borderRadius="sm"
            highlightOnHover
            striped
            verticalSpacing={7}
            minHeight={rows.length === 0 ? 220 : undefined}
            fetching={queue.isFetching && !queue.data}
            loaderType="dots"
            idAccessor="sheetId"
            records={rows}
            columns={columns}
            onRowClick={({ record }) => setOpen(record)}
            rowStyle={() => ({ cursor: 'pointer' })}
            noRecordsText={
              statuses.length === 1 || statuses.join() === DEFAULT_STATUSES.join()
                ? '没有待审核的绩效目标'
                : '没有符合条件的绩效目标表'
            }
            totalRecords={total}
            page={page}
            onPageChange={setPage}
            recordsPerPage={pageSize}
            recordsPerPageOptions={PAGE_SIZES}
            onRecordsPerPageChange={(n) => {
              setPageSize(n);
              setPage(1);
            }}
            recordsPerPageLabel="每页行数"
            paginationText={({ from, to, totalRecords }) => `第 ${from}–${to} 行，共 ${totalRecords} 行`}
            paginationSize="sm"
          />
        )}
      </Paper>
      <Drawer
        opened={open !== null}
        onClose={() => setOpen(null)}
        position="right"
        size="88%"
        // A stray click beside the sheet must not throw away unsaved edits.
        closeOnClickOutside={false}
        title={<Text fw={600} c="dimmed">目标审核 · {open?.unitName ?? ''}</Text>}
        padding="md"
      >
        {open ? <GoalSheetByIdPanel sheetId={open.sheetId} /> : null}
      </Drawer>
    </Stack>
  );
}
