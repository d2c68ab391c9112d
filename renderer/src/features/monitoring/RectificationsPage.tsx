import { ROW_PAGINATION } from '../../components/tablePaging.ts';
import { useMemo, useState } from 'react';
import {
  ActionIcon, Alert, Badge, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconAlertTriangle, IconDownload, IconInfoCircle, IconPlus, IconSearch, IconX } from '@tabler/icons-react';
import type { RectificationLedgerDto } from '../../../../shared/api/dtoResults.ts';
import { RECTIFICATION_SOURCE_LABELS, RECTIFICATION_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { call, saveFile } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useRouteQuery } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { OfficeScopeNotice, OfficeScopeSelect, OriginBadge, useOfficeScope } from '../../components/OfficeScope.tsx';
import { renderUnitOption, unitOptions, type UnitOption } from '../projects/projectUi.tsx';
import { useYearOptions } from '../goals/useYearOptions.ts';
import { RectificationCreateModal } from './rectificationCreate.tsx';
import { RectificationDrawer } from './rectificationDrawer.tsx';
import { LEDGER_TABLES, deadlineState, formatPct } from './rectificationUi.ts';
import {
  FINANCE_ROLES, RECTIFICATION_SOURCES, RECTIFICATION_STATUS_FILTERS, RectificationStatusBadge, num, parseRectificationFilters, sourceLabel,
  type RectificationSource, type RectificationStatusFilter,
} from './warningUi.tsx';

const PAGE_SIZES = [50, 100, 200];
const SOURCE_OPTIONS = RECTIFICATION_SOURCES.map((s) => ({ value: s, label: RECTIFICATION_SOURCE_LABELS[s] }));

/**
 * 整改事项 / 整改台账 (SPEC §9.2): the year's rectification items — created by 限期整改 decisions
 * in monitoring, or registered here from any other source (审计、评价、复核…). The headline shows
 * the rates of shared/rules/rectification.ts for the chosen source and unit; a row opens a drawer
 * where the finance bureau records progress, the ledger fields and evidence, and closes (销号) it.
 */
export function RectificationsPage() {
  const { session } = useSession();
  const search = useRouteQuery().toString();
  return <RectificationList key={search} search={search} currentYear={session.office.currentYear} finance={FINANCE_ROLES.includes(session.user.role)} />;
}

function RectificationList({ search, currentYear, finance }: { search: string; currentYear: number; finance: boolean }) {
  const initial = useMemo(() => parseRectificationFilters(search), [search]);
  const [origin, setOrigin] = useState<string | null>(() => new URLSearchParams(search).get('origin'));
  const scope = useOfficeScope(origin);
  // Another office's ledger is browsed read-only.
  const canCreate = finance && scope.other === null;
  const [year, setYear] = useState(initial.year ?? currentYear);
  const [status, setStatus] = useState<RectificationStatusFilter | 'all'>(initial.status ?? 'all');
  const [source, setSource] = useState<RectificationSource | null>(initial.source ?? null);
  const [query, setQuery] = useState(initial.q ?? '');
  const [q] = useDebouncedValue(query.trim(), 250);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(100);
  const [openId, setOpenId] = useState<string | null>(null);

  const [unitId, setUnitId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);

  const yearOptions = useYearOptions(currentYear);
  const units = useApiQuery('units.tree', {}, ['units']);
  const unitData = useMemo<UnitOption[]>(() => unitOptions(units.data), [units.data]);
  const base = { year, ...(source ? { source } : {}), ...(unitId ? { unitId } : {}), ...scope.input };
  const list = useApiQuery(
    'rectifications.ledger',
    { ...base, ...(status !== 'all' ? { status } : {}), q, page, pageSize },
    LEDGER_TABLES,
    { placeholderData: keepPreviousData, enabled: scope.ready },
  );
  // Counts and rates for the year (and source, unit): one query, the list itself is paged.
  const rates = useApiQuery('rectifications.rates', base, LEDGER_TABLES, { enabled: scope.ready });
  const rt = rates.data;
  const n = (s: RectificationStatusFilter) => rt?.[s];
  const totalCount = rt?.total;

  const exportLedger = async () => {
    setExporting(true);
    try {
      const saved = await saveFile(await call('rectifications.exportLedger', { ...base, ...(status !== 'all' ? { status } : {}), q }));
      if (saved) notifySuccess(`已保存“${saved}”。`, '整改台账已导出');
    } catch (err) {
      notifyError(err);
    } finally {
      setExporting(false);
    }
  };

  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  const filtered = status !== 'all' || source !== null || unitId !== null || q !== '';
  const setAndReset = <T,>(setter: (v: T) => void) => (v: T) => {
    setter(v);
    setPage(1);
  };

  const statusData = [
    { value: 'all', label: `全部 ${totalCount ?? ''}`.trim() },
    ...RECTIFICATION_STATUS_FILTERS.map((s) => ({ value: s, label: `${RECTIFICATION_STATUS_LABELS[s]} ${n(s) ?? ''}`.trim() })),
  ];

  const columns: DataTableColumn<RectificationLedgerDto>[] = [
    { accessor: 'code', title: '编号', width: 118, render: (r) => <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>{r.code}</Text> },
    {
      accessor: 'source',
      title: '来源',
      width: 112,
      render: (r) => <Badge variant="light" color={r.source === 'monitoring' ? 'indigo' : 'gray'} radius="sm">{sourceLabel(r.source)}</Badge>,
    },
    {
      accessor: 'title',
      title: '项目 / 单位',
      width: 190,
      render: (r) => (
        <Stack gap={0}>
          <Text size="sm" fw={500} lineClamp={2} title={r.title}>{r.title}<OriginBadge origin={r.origin} readOnly={r.readOnly} /></Text>
          <Text size="xs" c="dimmed" lineClamp={1}>{r.projectCode ? `${r.projectCode} · ` : ''}{r.unitName}</Text>
        </Stack>
      ),
    },
    { accessor: 'problem', title: '问题', render: (r) => <Text size="sm" lineClamp={3} title={r.problem}>{r.problem}</Text> },
    { accessor: 'requirement', title: '整改要求', render: (r) => <Text size="sm" lineClamp={3} title={r.requirement}>{r.requirement}</Text> },
    {
      accessor: 'owner',
      title: '责任单位 / 责任人',
      width: 130,
      render: (r) => (
        <Stack gap={0}>
          <Text size="sm" lineClamp={2}>{r.owner || '—'}</Text>
          {r.responsiblePerson ? <Text size="xs" c="dimmed">{r.responsiblePerson}</Text> : null}
        </Stack>
      ),
    },
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
        description={
          <OfficeScopeNotice scope={scope} onBack={() => setAndReset(setOrigin)(scope.own)}>
            整改台账：监控中作出“限期整改”处理时自动登记，审计、评价、复核等发现的问题在此新增；点击一行记录整改进展、台账信息和佐证材料，完成后销号。
          </OfficeScopeNotice>
        }
        actions={
          <>
            <OfficeScopeSelect scope={scope} label={false} onChange={setAndReset(setOrigin)} />
            <Select
              aria-label="年度"
              w={130}
              allowDeselect={false}
              data={yearOptions}
              value={String(year)}
              onChange={(v) => v && setAndReset(setYear)(Number(v))}
            />
            <Button variant="default" leftSection={<IconDownload size={16} />} loading={exporting} onClick={() => void exportLedger()}>导出台账</Button>
            {canCreate ? <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>新增整改事项</Button> : null}
          </>
        }
      />

      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md" data-testid="rectification-headline">
        <Figure label="整改事项" value={totalCount} unit="项" note={rt?.waived ? `含不予整改 ${rt.waived} 项` : undefined} />
        <Figure label="整改中（含未开始）" value={rt ? rt.open + rt.inProgress : undefined} unit="项" />
        <Figure label="已完成（销号）" value={rt?.done} unit="项" color="teal.8" note={rt?.late ? `其中逾期完成 ${rt.late} 项` : undefined} />
        <Figure label="逾期未完成" value={rt?.overdue} unit="项" color={rt?.overdue ? 'red.7' : undefined} />
        <RateFigure
          label="整改完成率"
          testId="rectification-rate"
          rate={rt?.completionRate}
          detail={rt ? `${rt.done} ÷ ${rt.due}` : '—'}
          help="整改完成率 = 已完成（销号）事项 ÷ 应整改事项；应整改事项 = 全部事项 − 不予整改事项（不予整改的事项既不计入分子也不计入分母）。"
        />
        <RateFigure
          label="按期整改率"
          testId="rectification-ontime-rate"
          rate={rt?.onTimeRate}
          detail={rt ? `${rt.onTime} ÷ ${rt.due}` : '—'}
          help="按期整改率 = 在整改期限内（完成日期不晚于整改期限）销号的事项 ÷ 应整改事项。"
        />
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
          <Select
            aria-label="单位"
            placeholder="全部单位"
            w={220}
            clearable
            searchable
            data={unitData}
            renderOption={({ option }) => renderUnitOption(option as UnitOption)}
            value={unitId}
            onChange={(v) => setAndReset(setUnitId)(v)}
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
          <DataTable<RectificationLedgerDto>
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
            {...ROW_PAGINATION}
          />
        </Paper>
      )}

      <RectificationDrawer item={rows.find((x) => x.id === openId) ?? null} onClose={() => setOpenId(null)} />
      <RectificationCreateModal opened={creating} year={year} onClose={() => setCreating(false)} />
    </Stack>
  );
}

function Figure({ label, value, unit, color, note }: { label: string; value: number | undefined; unit: string; color?: string; note?: string | undefined }) {
  return (
    <Paper withBorder radius="md" px="md" py="sm">
      <Text size="sm" c="dimmed" fw={500}>{label}</Text>
      <Text fw={700} fz={24} style={num} c={color}>
        {value === undefined ? '—' : value.toLocaleString('zh-CN')}
        {value === undefined ? null : <Text span size="sm" c="dimmed" fw={400} ml={4}>{unit}</Text>}
      </Text>
      {note ? <Text size="xs" c="dimmed">{note}</Text> : null}
    </Paper>
  );
}

function RateFigure({ label, rate, detail, help, testId }: { label: string; rate: number | null | undefined; detail: string; help: string; testId: string }) {
  return (
    <Paper withBorder radius="md" px="md" py="sm">
      <Group gap={4} wrap="nowrap">
        <Text size="sm" c="dimmed" fw={500}>{label}</Text>
        <Tooltip withinPortal multiline maw={300} label={help}>
          <IconInfoCircle size={14} color="var(--mantine-color-dimmed)" aria-label="计算口径" />
        </Tooltip>
      </Group>
      <Text fw={700} fz={24} style={num} data-testid={testId}>{formatPct(rate)}</Text>
      <Text size="xs" c="dimmed">{detail}</Text>
    </Paper>
  );
}
