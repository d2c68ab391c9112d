import { ROW_PAGINATION } from '../../components/tablePaging.ts';
import { useEffect, useMemo, useState } from 'react';
import {
  ActionIcon, Alert, Badge, Button, Group, Highlight, Paper, Select, Stack, Text, TextInput, Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { DataTable, type DataTableColumn, type DataTableSortStatus } from 'mantine-datatable';
import {
  IconDownload, IconFileExport, IconFileImport, IconFilterOff, IconPlus, IconSearch, IconX,
} from '@tabler/icons-react';
import type { ProjectRowDto } from '../../../../shared/api/dtoGoals.ts';
import type { ProjectImportRow } from '../../../../shared/api/methods/goals.ts';
import {
  BUDGET_TYPE_LABELS, BUDGET_TYPES, FUND_TAG_LABELS, FUND_TAGS, PROJECT_ATTRIBUTE_LABELS, PROJECT_STATUS_LABELS, PROJECT_STATUSES,
  type BudgetType, type FundTag, type ProjectStatus,
} from '../../../../shared/domain/projects.ts';
import { BUDGET_TYPE_SHORT_LABELS, GOAL_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import { call, saveFile } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { navigate, useRouteQuery } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { ImportDialog, type ImportColumn } from '../../components/ImportDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { OfficeScopeNotice, OfficeScopeSelect, OriginBadge, useOfficeScope } from '../../components/OfficeScope.tsx';
import { ProjectFormModal } from './ProjectFormModal.tsx';
import {
  BUDGET_TYPE_COLORS, ExAnteCell, FundTagBadges, GOAL_STATUS_FILTERS, GoalStatusBadge, PROJECT_EDITORS, PROJECT_TABLES, ProjectStatusBadge,
  parseProjectFilters, rememberListRoute, renderUnitOption, unitOptions, type GoalStatusFilter, type ProjectFilters, type UnitOption,
} from './projectUi.tsx';

const PAGE_SIZES = [50, 100, 200];
type SortKey = 'code' | 'name' | 'amount' | 'unit';
const SORT_KEYS: readonly SortKey[] = ['code', 'name', 'amount', 'unit'];

const BUDGET_OPTIONS = BUDGET_TYPES.map((b) => ({ value: b, label: BUDGET_TYPE_LABELS[b] }));
const TAG_OPTIONS = FUND_TAGS.map((t) => ({ value: t, label: FUND_TAG_LABELS[t] }));
const STATUS_OPTIONS = PROJECT_STATUSES.map((s) => ({ value: s, label: PROJECT_STATUS_LABELS[s] }));
const GOAL_OPTIONS = GOAL_STATUS_FILTERS.map((s) => ({ value: s, label: GOAL_STATUS_LABELS[s] }));

const budgetLabel = (code: string) => (BUDGET_TYPES as readonly string[]).includes(code) ? BUDGET_TYPE_LABELS[code as BudgetType] : code;

const IMPORT_COLUMNS: ImportColumn<ProjectImportRow>[] = [
  { key: 'code', title: '项目编码', width: 150, render: (v) => <Text size="sm" ff="monospace">{v.code}</Text> },
  { key: 'name', title: '项目名称', render: (v) => v.name },
  { key: 'unitCode', title: '单位编码', width: 110, render: (v) => <Text size="sm" ff="monospace">{v.unitCode}</Text> },
  { key: 'budgetType', title: '预算类型', width: 140, render: (v) => budgetLabel(v.budgetType) },
  {
    key: 'annualTotalFen',
    title: '全年预算（万元）',
    width: 140,
    render: (v) => <Text size="sm" ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>{formatWan(v.annualTotalFen)}</Text>,
  },
];

/**
 * What the list remembers between visits: returning from a project's detail page shows the same
 * filters, page and sort, as long as the route's own filters (from a link) have not changed.
 */
interface ListState {
  search: string;
  year: number;
  unitId: string | null;
  budgetType: BudgetType | null;
  tag: FundTag | null;
  status: ProjectStatus | null;
  goalStatus: GoalStatusFilter | null;
  query: string;
  /** Office scope (region code or 'all'); null = the default (see useOfficeScope). */
  origin: string | null;
  sort: DataTableSortStatus<ProjectRowDto>;
  page: number;
  pageSize: number;
}
let remembered: ListState | null = null;

function initialState(search: string, currentYear: number): ListState {
  if (remembered && remembered.search === search) return remembered;
  const f = parseProjectFilters(search);
  return {
    search,
    year: f.year ?? currentYear,
    unitId: f.unitId ?? null,
    budgetType: f.budgetType ?? null,
    tag: f.tag ?? null,
    status: f.status ?? null,
    goalStatus: f.goalStatus ?? null,
    query: f.q ?? '',
    origin: new URLSearchParams(search).get('origin'),
    sort: { columnAccessor: 'code', direction: 'asc' },
    page: 1,
    pageSize: 100,
  };
}

/** 项目库: the year's projects, filtered and paged on the server so 5,000+ rows stay fast. */
export function ProjectsPage() {
  const { session } = useSession();
  // The route's query (#/projects?budgetType=general) sets the filters; a new link remounts the list.
  const search = useRouteQuery().toString();
  return <ProjectList key={search} search={search} currentYear={session.office.currentYear} />;
}

function ProjectList({ search, currentYear }: { search: string; currentYear: number }) {
  const { session } = useSession();
  const [state, setState] = useState<ListState>(() => initialState(search, currentYear));
  const scope = useOfficeScope(state.origin);
  // Another office's projects are browsed read-only: no registering or importing over them.
  const canEdit = PROJECT_EDITORS.includes(session.user.role) && scope.other === null;
  const [debouncedQuery] = useDebouncedValue(state.query, 300);
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [busy, setBusy] = useState<'template' | 'export' | null>(null);

  useEffect(() => {
    remembered = state;
    rememberListRoute(search ? `/projects?${search}` : '/projects');
  }, [state, search]);

  const years = useApiQuery('years.list', {}, ['fiscal_years', 'office']);
  const units = useApiQuery('units.tree', {}, ['units']);
  const unitData = useMemo<UnitOption[]>(() => unitOptions(units.data), [units.data]);

  const set = (patch: Partial<ListState>) => setState((s) => ({ ...s, page: 1, ...patch }));

  const filter = useMemo(() => {
    const f: ProjectFilters & { year: number } = { year: state.year };
    if (state.unitId) f.unitId = state.unitId;
    if (state.budgetType) f.budgetType = state.budgetType;
    if (state.tag) f.tag = state.tag;
    if (state.status) f.status = state.status;
    if (state.goalStatus) f.goalStatus = state.goalStatus;
    if (debouncedQuery.trim()) f.q = debouncedQuery.trim();
    return f;
  }, [state.year, state.unitId, state.budgetType, state.tag, state.status, state.goalStatus, debouncedQuery]);

  const sortKey = (SORT_KEYS as readonly string[]).includes(state.sort.columnAccessor) ? (state.sort.columnAccessor as SortKey) : 'code';
  const list = useApiQuery(
    'projects.list',
    { ...filter, ...scope.input, q: filter.q ?? '', sort: sortKey, desc: state.sort.direction === 'desc', page: state.page, pageSize: state.pageSize },
    PROJECT_TABLES,
    { placeholderData: keepPreviousData, enabled: scope.ready },
  );

  const filtered = Object.keys(filter).length > 1;
  const total = list.data?.total ?? 0;
  const yearOptions = useMemo(() => {
    const ys = new Set((years.data ?? []).map((y) => y.year));
    ys.add(state.year);
    return [...ys].sort((a, b) => b - a).map((y) => ({ value: String(y), label: `${y} 年度` }));
  }, [years.data, state.year]);

  const download = async (kind: 'template' | 'export') => {
    setBusy(kind);
    try {
      const file = kind === 'template' ? await call('projects.template', {}) : await call('projects.export', { ...filter, ...scope.input, q: filter.q ?? '', sort: sortKey, desc: state.sort.direction === 'desc' });
      const saved = await saveFile(file);
      if (saved) notifySuccess(`已保存“${saved}”。`, kind === 'template' ? '模板已下载' : '导出完成');
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };

  const clearFilters = () =>
    set({ unitId: null, budgetType: null, tag: null, status: null, goalStatus: null, query: '' });

  const columns: DataTableColumn<ProjectRowDto>[] = [
    {
      accessor: 'code',
      title: '项目编码',
      width: 140,
      sortable: true,
      render: (r) => <Highlight highlight={debouncedQuery.trim()} size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>{r.code}</Highlight>,
    },
    {
      accessor: 'name',
      title: '项目名称',
      sortable: true,
      render: (r) => (
        <Text size="sm" lineClamp={2} title={r.name} fw={500}>
          <Highlight component="span" highlight={debouncedQuery.trim()} size="sm" fw={500} inherit>{r.name}</Highlight>
          {r.objectType === 'policy' ? <Badge ml={6} size="xs" variant="light" color="violet" radius="sm">政策</Badge> : null}
          {r.confidential ? <Badge ml={6} size="xs" variant="outline" color="red" radius="sm">涉密</Badge> : null}
          <OriginBadge origin={r.origin} readOnly={r.readOnly} />
        </Text>
      ),
    },
    { accessor: 'unit', title: '单位', width: 136, sortable: true, render: (r) => <Text size="sm" lineClamp={2} title={r.unitName}>{r.unitName}</Text> },
    {
      accessor: 'budgetType',
      title: '预算类型',
      width: 96,
      render: (r) => (
        <Tooltip label={BUDGET_TYPE_LABELS[r.budgetType]} withinPortal openDelay={300}>
          <Text size="sm" c={`${BUDGET_TYPE_COLORS[r.budgetType]}.8`} style={{ whiteSpace: 'nowrap' }}>{BUDGET_TYPE_SHORT_LABELS[r.budgetType]}</Text>
        </Tooltip>
      ),
    },
    { accessor: 'tags', title: '资金性质', width: 140, render: (r) => <FundTagBadges tags={r.tags} /> },
    {
      accessor: 'amount',
      title: '全年预算（万元）',
      width: 132,
      textAlign: 'right',
      sortable: true,
      render: (r) => <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>{formatWan(r.annualTotalFen)}</Text>,
    },
    {
      accessor: 'attribute',
      title: '属性',
      width: 92,
      render: (r) => (
        <Stack gap={2} align="flex-start">
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{PROJECT_ATTRIBUTE_LABELS[r.attribute]}</Text>
          {r.midYearAddition || r.newMajor ? (
            <Group gap={4} wrap="nowrap">
              {r.midYearAddition ? <Badge size="xs" variant="light" color="grape" radius="sm">年中追加</Badge> : null}
              {r.newMajor ? <Badge size="xs" variant="light" color="red" radius="sm">新增重大</Badge> : null}
            </Group>
          ) : null}
        </Stack>
      ),
    },
    { accessor: 'exAnte', title: '事前评估', width: 84, render: (r) => <ExAnteCell row={r} /> },
    { accessor: 'goalStatus', title: '目标状态', width: 100, render: (r) => <GoalStatusBadge status={r.goalStatus} /> },
    { accessor: 'status', title: '项目状态', width: 84, render: (r) => <ProjectStatusBadge status={r.status} /> },
  ];

  const noProjectsAtAll = list.data !== undefined && total === 0 && !filtered;

  return (
    <Stack gap="md">
      <PageHeader
        title="项目库"
        description={
          <OfficeScopeNotice scope={scope} onBack={() => set({ origin: scope.own })}>
            {`${state.year} 年度的项目与政策：资金安排、事前绩效评估和绩效目标的状态。点击一行查看详情。`}
          </OfficeScopeNotice>
        }
        actions={
          <>
            <OfficeScopeSelect scope={scope} label={false} onChange={(v) => set({ origin: v })} />
            {canEdit ? (
              <>
                <Button variant="default" leftSection={<IconDownload size={16} />} loading={busy === 'template'} onClick={() => void download('template')}>
                  下载导入模板
                </Button>
                <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImportOpen(true)}>
                  从 Excel 导入
                </Button>
              </>
            ) : null}
            <Button variant="default" leftSection={<IconFileExport size={16} />} loading={busy === 'export'} disabled={total === 0} onClick={() => void download('export')}>
              导出 Excel
            </Button>
            {canEdit ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setFormOpen(true)}>新增项目</Button>
            ) : null}
          </>
        }
      />

      <Paper withBorder radius="md" p="sm">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label="年度"
            w={108}
            allowDeselect={false}
            data={yearOptions}
            value={String(state.year)}
            onChange={(v) => v && set({ year: Number(v) })}
          />
          <Select
            label="单位"
            placeholder="全部单位"
            w={200}
            searchable
            clearable
            nothingFoundMessage="没有符合条件的单位"
            data={unitData}
            renderOption={({ option }) => renderUnitOption(option as UnitOption)}
            maxDropdownHeight={360}
            comboboxProps={{ width: 340, position: 'bottom-start' }}
            value={state.unitId}
            onChange={(v) => set({ unitId: v })}
          />
          <Select label="预算类型" placeholder="全部" w={140} clearable data={BUDGET_OPTIONS} value={state.budgetType} onChange={(v) => set({ budgetType: v as BudgetType | null })} />
          <Select
            label="资金性质"
            placeholder="全部"
            w={140}
            clearable
            data={TAG_OPTIONS}
            comboboxProps={{ width: 240, position: 'bottom-start' }}
            value={state.tag}
            onChange={(v) => set({ tag: v as FundTag | null })}
          />
          <Select label="项目状态" placeholder="全部" w={112} clearable data={STATUS_OPTIONS} value={state.status} onChange={(v) => set({ status: v as ProjectStatus | null })} />
          <Select label="目标状态" placeholder="全部" w={124} clearable data={GOAL_OPTIONS} value={state.goalStatus} onChange={(v) => set({ goalStatus: v as GoalStatusFilter | null })} />
          <TextInput
            label="查找"
            placeholder="项目编码或名称"
            aria-label="按项目编码或名称查找"
            leftSection={<IconSearch size={16} />}
            rightSection={
              state.query ? (
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label="清除查找" onClick={() => set({ query: '' })}>
                  <IconX size={14} />
                </ActionIcon>
              ) : null
            }
            w={190}
            value={state.query}
            onChange={(e) => set({ query: e.currentTarget.value })}
          />
          <Tooltip label="清除全部筛选条件（年度除外）" withinPortal>
            <ActionIcon variant="subtle" color="gray" size="lg" mb={2} aria-label="清除筛选" onClick={clearFilters} disabled={!filtered && !state.query}>
              <IconFilterOff size={18} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Paper>

      {list.isError ? (
        <Alert color="red" variant="light" title="无法读取项目">{list.error.message}</Alert>
      ) : noProjectsAtAll ? (
        <ProjectsEmpty year={state.year} canEdit={canEdit} onTemplate={() => void download('template')} onImport={() => setImportOpen(true)} onCreate={() => setFormOpen(true)} />
      ) : (
        <Paper withBorder radius="md" p={0} style={{ overflow: 'hidden' }}>
          <DataTable<ProjectRowDto>
            highlightOnHover
            striped
            verticalSpacing={6}
            horizontalSpacing="xs"
            minHeight={list.data && list.data.rows.length > 0 ? undefined : 240}
            // A header with the office selector may wrap its description onto a second line.
            height={`max(320px, calc(100vh - ${scope.children.length > 0 ? 394 : 372}px))`}
            fetching={list.isFetching}
            loaderType="dots"
            noRecordsText={filtered ? '没有符合筛选条件的项目' : '本年度还没有项目'}
            records={list.data?.rows ?? []}
            idAccessor="id"
            columns={columns}
            sortStatus={state.sort}
            onSortStatusChange={(s) => set({ sort: s })}
            onRowClick={({ record }) => navigate(`/projects/${encodeURIComponent(record.id)}`)}
            rowStyle={() => ({ cursor: 'pointer' })}
            totalRecords={total}
            page={state.page}
            onPageChange={(p) => setState((s) => ({ ...s, page: p }))}
            recordsPerPage={state.pageSize}
            recordsPerPageOptions={PAGE_SIZES}
            onRecordsPerPageChange={(n) => set({ pageSize: n })}
            {...ROW_PAGINATION}
          />
          <Group justify="space-between" px="md" py={8} bg="gray.0" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }} data-testid="projects-footer">
            <Text size="sm">
              {filtered ? '符合条件的项目' : '本年度项目'}{' '}
              <Text span fw={600}>{total.toLocaleString('zh-CN')}</Text> 个
            </Text>
            <Text size="sm">
              全年预算合计{' '}
              <Text span fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>{list.data ? formatWan(list.data.totalAmountFen) : '—'}</Text> 万元
            </Text>
          </Group>
        </Paper>
      )}

      <ProjectFormModal
        opened={formOpen}
        target={formOpen ? { kind: 'create', year: state.year } : null}
        onClose={() => setFormOpen(false)}
        onSaved={(p) => navigate(`/projects/${encodeURIComponent(p.id)}`)}
      />
      {canEdit ? (
        <ImportDialog
          opened={importOpen}
          onClose={() => setImportOpen(false)}
          title={`从 Excel 导入 ${state.year} 年度项目`}
          description="使用“项目导入模板”或预算编制系统导出的项目清单：每行一个项目，填写项目编码、名称、单位编码、预算类型和全年预算（万元）。编码已存在的项目会被更新，不会重复新增。"
          templateMethod="projects.template"
          preview={(file) => call('projects.importPreview', { file, year: state.year })}
          commit={(file) => call('projects.importCommit', { file, year: state.year })}
          columns={IMPORT_COLUMNS}
          measure="个"
        />
      ) : null}
    </Stack>
  );
}

function ProjectsEmpty({ year, canEdit, onTemplate, onImport, onCreate }: { year: number; canEdit: boolean; onTemplate(): void; onImport(): void; onCreate(): void }) {
  return (
    <Paper withBorder radius="md" p="xl" data-testid="projects-empty">
      <Stack align="center" gap="sm" py="lg">
        <Text fw={600} size="lg">{year} 年度还没有项目</Text>
        <Text size="sm" c="dimmed" ta="center" maw={560}>
          {canEdit
            ? '最快的方式是把预算编制系统导出的项目清单整理成导入模板的格式，一次导入全部项目；也可以逐个新增。'
            : '项目由绩效管理或业务股室人员登记或导入，完成后会显示在这里。'}
        </Text>
        {canEdit ? (
          <Group gap="sm" mt="xs">
            <Button variant="default" leftSection={<IconDownload size={16} />} onClick={onTemplate}>下载导入模板</Button>
            <Button leftSection={<IconFileImport size={16} />} onClick={onImport}>从 Excel 导入</Button>
            <Button variant="subtle" leftSection={<IconPlus size={16} />} onClick={onCreate}>逐个新增</Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
