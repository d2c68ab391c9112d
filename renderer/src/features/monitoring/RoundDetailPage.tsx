import { useMemo, useState, type ReactNode } from 'react';
import {
  ActionIcon, Alert, Anchor, Badge, Button, Checkbox, Group, Menu, Paper, SegmentedControl, Select, SimpleGrid, Skeleton, Stack, Text,
  TextInput, Title, Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import {
  IconArrowLeft, IconChevronDown, IconDots, IconEdit, IconFileExport, IconFileImport, IconLock, IconLockOpen, IconSearch, IconStar,
  IconTablePlus, IconX,
} from '@tabler/icons-react';
import type { MonitoringRoundDto, MonitoringSheetRowDto, MonitoringSheetStatus } from '../../../../shared/api/dtoMonitoring.ts';
import {
  MONITORING_ROUND_STATUS_LABELS, MONITORING_SHEET_STATUS_LABELS,
} from '../../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import { ApiError, call } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { navigate } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { renderUnitOption, unitOptions, type UnitOption } from '../projects/projectUi.tsx';
import { ExecutionBar, LevelDot } from './roundBits.tsx';
import { ExportUnitModal, KindBadge, ObjectBadge, RoundFormModal } from './roundDialogs.tsx';
import { ExecutionImportDialog } from './roundImport.tsx';
import { KeySelectionModal } from './roundKey.tsx';
import { RoundProgress } from './RoundsPage.tsx';
import { FINANCE_ROLES, PROFILE_TABLES, ROUND_TABLES, SHEET_STATUS_COLORS, SHEET_TABLES, pct, periodLabel, roundRev } from './sheetModel.ts';

const num = { fontVariantNumeric: 'tabular-nums' } as const;
const PAGE_SIZES = [50, 100, 200];
const STATUS_OPTIONS = (['draft', 'submitted', 'returned', 'accepted'] as const).map((s) => ({ value: s, label: MONITORING_SHEET_STATUS_LABELS[s] }));
type LevelFilter = 'all' | 'red' | 'yellow' | 'none';

/**
 * One round: there is no "get round" method, so the round is found among its year's rounds —
 * the office's current year first, then the others (rounds are few, this is a handful of calls).
 */
export function useRound(roundId: string) {
  const { session } = useSession();
  return useQuery<MonitoringRoundDto, ApiError>({
    queryKey: ['monitoring.rounds', { roundId }, ROUND_TABLES],
    queryFn: async () => {
      const years = await call('years.list', {});
      const order = [session.office.currentYear, ...years.map((y) => y.year).filter((y) => y !== session.office.currentYear).toSorted((a, b) => b - a)];
      for (const year of order) {
        const found = (await call('monitoring.rounds', { year })).find((r) => r.id === roundId);
        if (found) return found;
      }
      throw new ApiError({ code: 'NOT_FOUND', message: '找不到该监控批次，可能已被删除。' });
    },
  });
}

/** Remembered per round, so 返回 from a sheet shows the same filters and page. */
interface ListState {
  unitId: string | null;
  status: MonitoringSheetStatus | null;
  level: LevelFilter;
  keyOnly: boolean;
  query: string;
  page: number;
  pageSize: number;
}
const remembered = new Map<string, ListState>();
const initialList = (): ListState => ({ unitId: null, status: null, level: 'all', keyOnly: false, query: '', page: 1, pageSize: 100 });

/**
 * 监控批次详情: the round's facts and actions (生成监控表, 导入执行数, 重点监控选取, 关闭 / 重新开放,
 * 导出) and its 监控表 with execution against time progress and warnings; a row opens the sheet.
 */
export function RoundDetailPage({ roundId }: { roundId: string }) {
  const round = useRound(roundId);
  return (
    <Stack gap="sm">
      <Anchor size="sm" href="#/monitoring" onClick={(e) => { e.preventDefault(); navigate('/monitoring'); }}>
        <Group gap={4}><IconArrowLeft size={14} />返回监控批次</Group>
      </Anchor>
      {round.isPending ? (
        <Stack gap="sm"><Skeleton h={60} /><Skeleton h={90} /><Skeleton h={360} /></Stack>
      ) : round.isError ? (
        <Alert color="red" variant="light" title="无法读取监控批次">{round.error.message}</Alert>
      ) : (
        <RoundView round={round.data} />
      )}
    </Stack>
  );
}

function RoundView({ round }: { round: MonitoringRoundDto }) {
  const { session } = useSession();
  const canEdit = FINANCE_ROLES.includes(session.user.role) && !round.readOnly;
  const open = round.status === 'open';
  const [dialog, setDialog] = useState<'import' | 'key' | 'edit' | 'export' | null>(null);
  const [populating, setPopulating] = useState(false);
  const profile = useApiQuery('profiles.get', { id: round.profileId, version: round.profileVersion }, PROFILE_TABLES);

  const populate = async () => {
    setPopulating(true);
    try {
      const r = await call('monitoring.populateRound', { roundId: round.id });
      notifySuccess(
        r.created > 0
          ? `新生成 ${r.created} 张监控表${r.existing > 0 ? `，已有 ${r.existing} 张保持不变` : ''}。监控表已按批复的绩效目标预填。`
          : `没有需要新生成的监控表（已有 ${r.existing} 张）。只有绩效目标已批复的对象才会生成监控表。`,
        '生成监控表',
      );
    } catch (e) {
      notifyError(e);
    } finally {
      setPopulating(false);
    }
  };

  const setStatus = (status: 'open' | 'closed') =>
    modals.openConfirmModal({
      title: status === 'closed' ? '关闭批次' : '重新开放批次',
      centered: true,
      children: (
        <Text size="sm">
          {status === 'closed'
            ? '关闭后本批次的监控表不能再填报、导入或生成，已有数据和预警保留，可随时重新开放。'
            : '重新开放后可以继续填报、导入执行数和生成监控表。'}
        </Text>
      ),
      labels: { confirm: status === 'closed' ? '关闭批次' : '重新开放', cancel: '取消' },
      confirmProps: status === 'closed' ? { color: 'red' } : {},
      onConfirm: () =>
        void call('monitoring.updateRound', { id: round.id, rev: roundRev(round), title: round.title, issuedOn: round.issuedOn, dueOn: round.dueOn, status })
          .then(() => notifySuccess(status === 'closed' ? '批次已关闭。' : '批次已重新开放。'))
          .catch(notifyError),
    });

  const c = round.counts;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap">
            <Title order={3} lineClamp={1}>{round.title}</Title>
            <Badge variant={open ? 'light' : 'outline'} color={open ? 'teal' : 'gray'} size="lg" radius="sm" leftSection={open ? null : <IconLock size={12} />} data-testid="round-status">
              {MONITORING_ROUND_STATUS_LABELS[round.status]}
            </Badge>
            <ObjectBadge type={round.objectType} />
            <KindBadge kind={round.kind} />
            {round.readOnly ? <Badge color="blue" variant="light" radius="sm">同步只读</Badge> : null}
          </Group>
          <Text size="sm" c="dimmed">
            {round.year} 年度 · 监控期间 {periodLabel(round.month)} · 下发 {round.issuedOn} · 填报截止 {round.dueOn}
            {profile.data ? ` · 预警规则：${profile.data.name}（第 ${round.profileVersion} 版）` : ''}
          </Text>
        </Stack>
        {canEdit ? (
          <Group gap="xs" wrap="nowrap">
            {round.kind === 'key' ? (
              <Tooltip label={open ? '按规则方案筛选重点项目，确认后为其生成重点监控表' : '批次已关闭'}>
                <span>
                  <Button leftSection={<IconStar size={16} />} disabled={!open} onClick={() => setDialog('key')} data-testid="round-key">
                    重点监控选取
                  </Button>
                </span>
              </Tooltip>
            ) : (
              <Tooltip label={open ? '为本批次每个绩效目标已批复的对象生成监控表，已有的不变' : '批次已关闭'}>
                <span>
                  <Button leftSection={<IconTablePlus size={16} />} loading={populating} disabled={!open} onClick={() => void populate()} data-testid="round-populate">
                    生成监控表
                  </Button>
                </span>
              </Tooltip>
            )}
            {round.objectType === 'project' ? (
              <Button variant="default" leftSection={<IconFileImport size={16} />} disabled={!open || c.total === 0} onClick={() => setDialog('import')} data-testid="round-import">
                导入执行数
              </Button>
            ) : null}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" rightSection={<IconChevronDown size={14} />} leftSection={<IconDots size={16} />}>更多</Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconFileExport size={14} />} onClick={() => setDialog('export')} disabled={c.total === 0}>按单位导出监控表</Menu.Item>
                <Menu.Item leftSection={<IconEdit size={14} />} onClick={() => setDialog('edit')}>修改批次名称和日期</Menu.Item>
                <Menu.Divider />
                {open ? (
                  <Menu.Item leftSection={<IconLock size={14} />} color="red" onClick={() => setStatus('closed')} data-testid="round-close">关闭批次</Menu.Item>
                ) : (
                  <Menu.Item leftSection={<IconLockOpen size={14} />} onClick={() => setStatus('open')} data-testid="round-reopen">重新开放</Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          </Group>
        ) : (
          <Button variant="default" leftSection={<IconFileExport size={16} />} disabled={c.total === 0} onClick={() => setDialog('export')}>按单位导出监控表</Button>
        )}
      </Group>

      <SimpleGrid cols={{ base: 3, lg: 6 }} spacing="sm">
        <Stat
          label="监控表"
          value={c.total}
          note={
            round.kind === 'key'
              ? '经确认的重点项目'
              : round.missing > 0
                ? `另有 ${round.missing} 个对象未生成`
                : c.total === 0
                  ? '绩效目标批复后才能生成'
                  : '全部已生成'
          }
          noteColor={round.kind !== 'key' && round.missing > 0 ? 'orange.8' : undefined}
        >
          <RoundProgress round={round} />
        </Stat>
        <Stat label="已审核" value={c.accepted} note={`已提交待审核 ${c.submitted}`} />
        <Stat label="填报中" value={c.draft} note={c.returned > 0 ? `已退回 ${c.returned}` : '无退回'} noteColor={c.returned > 0 ? 'red.7' : undefined} />
        <Stat label="红色预警" value={c.red} color={c.red > 0 ? 'red.7' : undefined} dot="red" note="监控表数" />
        <Stat label="黄色预警" value={c.yellow} color={c.yellow > 0 ? 'yellow.8' : undefined} dot="yellow" note="监控表数" />
        <Stat label="重点监控" value={c.keySelected} note={round.kind === 'key' ? '经财政确认' : '按规则方案筛选标记'} />
      </SimpleGrid>

      {!open ? (
        <Alert color="gray" variant="light" icon={<IconLock size={18} />} py="xs">
          <Text size="sm">本批次已关闭，监控表只能查看和导出。{canEdit ? '如需补充填报，可在“更多”中重新开放。' : ''}</Text>
        </Alert>
      ) : null}

      <SheetList round={round} />

      <ExecutionImportDialog roundId={round.id} month={round.month} opened={dialog === 'import'} onClose={() => setDialog(null)} />
      <KeySelectionModal round={round} opened={dialog === 'key'} onClose={() => setDialog(null)} />
      <RoundFormModal opened={dialog === 'edit'} onClose={() => setDialog(null)} year={round.year} round={round} />
      <ExportUnitModal roundId={round.id} opened={dialog === 'export'} onClose={() => setDialog(null)} />
    </Stack>
  );
}

function Stat({ label, value, note, noteColor, color, dot, children }: {
  label: string;
  value: number;
  note?: string;
  noteColor?: string | undefined;
  color?: string | undefined;
  dot?: 'red' | 'yellow';
  children?: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" px="md" py="sm">
      <Group gap={6}>
        {dot ? <LevelDot level={dot} /> : null}
        <Text size="xs" c="dimmed">{label}</Text>
      </Group>
      <Text size="xl" fw={700} c={color} style={num}>{value.toLocaleString('zh-CN')}</Text>
      {children ?? (note ? <Text size="xs" c={noteColor ?? 'dimmed'}>{note}</Text> : null)}
      {children && note ? <Text size="xs" c={noteColor ?? 'dimmed'} mt={2}>{note}</Text> : null}
    </Paper>
  );
}

function SheetList({ round }: { round: MonitoringRoundDto }) {
  const [state, setState] = useState<ListState>(() => remembered.get(round.id) ?? initialList());
  const set = (patch: Partial<ListState>) =>
    setState((s) => {
      const next = { ...s, page: 1, ...patch };
      remembered.set(round.id, next);
      return next;
    });
  const [q] = useDebouncedValue(state.query.trim(), 300);
  const units = useApiQuery('units.tree', {}, ['units']);
  const unitData = useMemo<UnitOption[]>(() => unitOptions(units.data), [units.data]);

  const sheets = useApiQuery(
    'monitoring.sheets',
    {
      roundId: round.id,
      ...(state.unitId ? { unitId: state.unitId } : {}),
      ...(state.status ? { status: state.status } : {}),
      ...(state.level !== 'all' ? { level: state.level } : {}),
      keyOnly: state.keyOnly,
      q,
      page: state.page,
      pageSize: state.pageSize,
    },
    SHEET_TABLES,
    { placeholderData: keepPreviousData },
  );
  const rows = sheets.data?.rows ?? [];
  const total = sheets.data?.total ?? 0;
  const filtered = state.unitId !== null || state.status !== null || state.level !== 'all' || state.keyOnly || q !== '';
  const isProject = round.objectType === 'project';

  const columns: DataTableColumn<MonitoringSheetRowDto>[] = [
    ...(isProject
      ? [{ accessor: 'projectCode', title: '项目编码', width: 116, render: (r: MonitoringSheetRowDto) => <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>{r.projectCode ?? '—'}</Text> }]
      : []),
    {
      accessor: 'title',
      title: isProject ? '项目名称' : '部门（单位）',
      render: (r) => (
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={500} lineClamp={2} title={r.title}>{r.title}</Text>
          {r.keySelected ? <Badge size="xs" color="orange" variant="filled" radius="sm" style={{ flexShrink: 0 }}>重点</Badge> : null}
        </Group>
      ),
    },
    ...(isProject ? [{ accessor: 'unitName', title: '单位', width: 150, render: (r: MonitoringSheetRowDto) => <Text size="sm" lineClamp={2}>{r.unitName}</Text> }] : []),
    { accessor: 'annualBudgetFen', title: <TwoLine main="全年预算" sub="万元" />, width: 96, textAlign: 'right', render: (r) => <Text size="sm" style={num}>{formatWan(r.annualBudgetFen)}</Text> },
    {
      accessor: 'executedFen',
      title: <TwoLine main={`${periodLabel(round.month)}执行数`} sub="万元" />,
      width: 104,
      textAlign: 'right',
      render: (r) => (r.executedFen === null ? <Text size="sm" c="dimmed">未填报</Text> : <Text size="sm" style={num}>{formatWan(r.executedFen)}</Text>),
    },
    { accessor: 'executionRate', title: '执行率', width: 80, textAlign: 'right', render: (r) => <Text size="sm" style={num} fw={600}>{pct(r.executionRate)}</Text> },
    { accessor: 'timeProgress', title: '时间进度', width: 80, textAlign: 'right', render: (r) => <Text size="sm" style={num} c="dimmed">{pct(r.timeProgress)}</Text> },
    { accessor: 'bar', title: '执行 / 时间', width: 112, render: (r) => <ExecutionBar rate={r.executionRate} time={r.timeProgress} /> },
    {
      accessor: 'warningLevel',
      title: '预警',
      width: 70,
      render: (r) =>
        r.warningLevel ? (
          <Group gap={4} wrap="nowrap">
            <LevelDot level={r.warningLevel} />
            <Text size="sm" fw={600} style={num}>{r.warningCount}</Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">无</Text>
        ),
    },
    {
      accessor: 'status',
      title: '状态',
      width: 82,
      render: (r) => <Badge variant="light" color={SHEET_STATUS_COLORS[r.status]} radius="sm">{MONITORING_SHEET_STATUS_LABELS[r.status]}</Badge>,
    },
  ];

  return (
    <Paper withBorder radius="md" p={0} style={{ overflow: 'hidden' }}>
      <Group gap="sm" p="sm" wrap="wrap" align="flex-end" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Select
          label="单位"
          placeholder="全部单位"
          w={220}
          searchable
          clearable
          nothingFoundMessage="没有符合条件的单位"
          data={unitData}
          renderOption={({ option }) => renderUnitOption(option as UnitOption)}
          comboboxProps={{ width: 340, position: 'bottom-start' }}
          maxDropdownHeight={360}
          value={state.unitId}
          onChange={(v) => set({ unitId: v })}
        />
        <Select label="状态" placeholder="全部" w={112} clearable data={STATUS_OPTIONS} value={state.status} onChange={(v) => set({ status: (v as MonitoringSheetStatus | null) })} />
        <Stack gap={4}>
          <Text size="sm" fw={500}>预警</Text>
          <SegmentedControl
            size="sm"
            value={state.level}
            onChange={(v) => set({ level: v as LevelFilter })}
            data={[
              { value: 'all', label: '全部' },
              { value: 'red', label: '红色' },
              { value: 'yellow', label: '黄色' },
              { value: 'none', label: '无预警' },
            ]}
            data-testid="sheets-level"
          />
        </Stack>
        <Checkbox label="仅重点监控" mb={8} checked={state.keyOnly} onChange={(e) => set({ keyOnly: e.currentTarget.checked })} />
        <TextInput
          label="查找"
          placeholder={isProject ? '项目编码或名称' : '单位名称'}
          leftSection={<IconSearch size={16} />}
          rightSection={state.query ? <ActionIcon variant="subtle" color="gray" size="sm" aria-label="清除查找" onClick={() => set({ query: '' })}><IconX size={14} /></ActionIcon> : null}
          w={200}
          value={state.query}
          onChange={(e) => set({ query: e.currentTarget.value })}
        />
        {filtered ? <Button variant="subtle" color="gray" size="xs" mb={6} onClick={() => set(initialList())}>清除筛选</Button> : null}
      </Group>
      {sheets.isError ? (
        <Alert color="red" variant="light" m="sm" title="无法读取监控表">{sheets.error.message}</Alert>
      ) : (
        <DataTable<MonitoringSheetRowDto>
          highlightOnHover
          striped
          verticalSpacing={6}
          horizontalSpacing="xs"
          minHeight={rows.length === 0 ? 220 : undefined}
          height={rows.length > 0 ? 'max(320px, calc(100vh - 470px))' : undefined}
          fetching={sheets.isFetching && !sheets.data}
          loaderType="dots"
          idAccessor="id"
          records={rows}
          columns={columns}
          noRecordsText={
            filtered
              ? '没有符合筛选条件的监控表'
              : round.counts.total > 0
                ? '没有监控表'
                : round.kind === 'key'
                  ? '尚未确定重点监控项目：点击上方“重点监控选取”'
                  : '尚未生成监控表：点击上方“生成监控表”'
          }
          onRowClick={({ record }) => navigate(`/monitoring/sheets/${encodeURIComponent(record.id)}`)}
          rowStyle={() => ({ cursor: 'pointer' })}
          totalRecords={total}
          page={state.page}
          onPageChange={(p) => set({ page: p })}
          recordsPerPage={state.pageSize}
          recordsPerPageOptions={PAGE_SIZES}
          onRecordsPerPageChange={(n) => set({ pageSize: n })}
          recordsPerPageLabel="每页行数"
          paginationText={({ from, to, totalRecords }) => `第 ${from}–${to} 行，共 ${totalRecords.toLocaleString('zh-CN')} 行`}
          paginationSize="sm"
        />
      )}
    </Paper>
  );
}

/** A column title with its unit underneath, so money columns stay narrow. */
function TwoLine({ main, sub }: { main: string; sub: string }) {
  return (
    <Stack gap={0} align="flex-end">
      <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>{main}</Text>
      <Text size="xs" c="dimmed" fw={400}>{sub}</Text>
    </Stack>
  );
}
