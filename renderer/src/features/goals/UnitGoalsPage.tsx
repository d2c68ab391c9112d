import { useMemo, useState } from 'react';
import {
  ActionIcon, Alert, Badge, Button, Drawer, Group, Paper, SegmentedControl, Select, Stack, Text, TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconDownload, IconFileExport, IconFileImport, IconSearch, IconX } from '@tabler/icons-react';
import type { UnitDto } from '../../../../shared/api/dto.ts';
import { GOAL_STATUSES, type GoalQueueRowDto } from '../../../../shared/api/dtoGoals.ts';
import type { GoalImportRow } from '../../../../shared/api/methods/goals.ts';
import { LEVEL1, LEVEL2 } from '../../../../shared/domain/indicators.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import { GOAL_STATUS_LABELS, UNIT_LEVEL_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { call, saveFile } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { ImportDialog, type ImportColumn } from '../../components/ImportDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { formatTime } from '../../components/format.ts';
import { GoalSheetPanel } from './GoalSheetPanel.tsx';
import { ENTRY_ROLES, STATUS_COLORS } from './goalModel.ts';
import { useYearOptions } from './useYearOptions.ts';

const SHEET_TABLES = ['goal_sheets', 'goal_indicators', 'goal_reviews', 'projects', 'units'];
/** goals.queue's largest page; a county has far fewer unit-overall sheets than this per page. */
const PAGE = 500;
const INDENT = 18;

const labelOf = (table: Record<string, string>, v: string) => table[v] ?? v;
const IMPORT_COLUMNS: ImportColumn<GoalImportRow>[] = [
  { key: 'projectCode', title: '项目编码', width: 130, render: (v) => <Text size="sm" ff="monospace">{v.projectCode}</Text> },
  { key: 'projectName', title: '项目名称', render: (v) => v.projectName },
  { key: 'level1', title: '一级指标', width: 100, render: (v) => labelOf(LEVEL1, v.level1) },
  { key: 'level2', title: '二级指标', width: 130, render: (v) => labelOf(LEVEL2, v.level2) },
  { key: 'name', title: '三级指标', render: (v) => v.name },
  { key: 'target', title: '指标值', width: 120, render: (v) => v.target },
];

interface UnitRow {
  unit: UnitDto;
  depth: number;
}

/** Own, active units in tree order (主管部门 first, each followed by its subordinate units). */
function unitRows(units: readonly UnitDto[]): UnitRow[] {
  const own = units.filter((u) => !u.readOnly && u.active);
  const ids = new Set(own.map((u) => u.id));
  const children = new Map<string | null, UnitDto[]>();
  for (const u of own) {
    const parent = u.parentId !== null && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: UnitRow[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const u of (children.get(parent) ?? []).toSorted((a, b) => a.code.localeCompare(b.code))) {
      out.push({ unit: u, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/**
 * Every unit-overall sheet of the year in as few calls as possible (one per 500 sheets), instead
 * of one call per unit. Keyed like useApiQuery so a committed change to the sheets refetches it.
 */
function useUnitSheets(year: number) {
  return useQuery({
    queryKey: ['goals.queue', { year, all: true }, SHEET_TABLES],
    queryFn: async () => {
      const rows: GoalQueueRowDto[] = [];
      for (let page = 1; page <= 40; page++) {
        const res = await call('goals.queue', { year, statuses: [...GOAL_STATUSES], q: '', page, pageSize: PAGE });
        rows.push(...res.rows.filter((r) => r.ownerType === 'unitOverall'));
        if (page * PAGE >= res.total) break;
      }
      return rows;
    },
  });
}

type Filter = 'all' | 'none' | 'created' | 'waiting';

/**
 * 部门整体目标: each unit's overall-budget goal sheet for the year (SPEC §4.5) with its status; a
 * row opens the sheet (editor, workflow, official form) in a wide drawer, since the indicator
 * table needs the full width. Also the batch export of a unit's forms and the goal import.
 */
export function UnitGoalsPage() {
  const { session } = useSession();
  const canEnter = ENTRY_ROLES.includes(session.user.role);
  const [year, setYear] = useState(session.office.currentYear);
  const yearOptions = useYearOptions(session.office.currentYear);
  const units = useApiQuery('units.tree', {}, ['units']);
  const sheets = useUnitSheets(year);
  const [open, setOpen] = useState<UnitDto | null>(null);
  const [query, setQuery] = useState('');
  const [q] = useDebouncedValue(query.trim(), 150);
  const [filter, setFilter] = useState<Filter>('all');
  const [importOpen, setImportOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  const rows = useMemo(() => unitRows(units.data ?? []), [units.data]);
  const sheetByUnit = useMemo(() => new Map((sheets.data ?? []).map((s) => [s.unitId, s])), [sheets.data]);
  const counts = useMemo(() => {
    const c = { created: 0, approved: 0, waiting: 0 };
    for (const r of rows) {
      const st = sheetByUnit.get(r.unit.id)?.status;
      if (!st) continue;
      c.created++;
      if (st === 'approved' || st === 'published') c.approved++;
      if (st === 'submitted' || st === 'deptApproved' || st === 'reviewed') c.waiting++;
    }
    return c;
  }, [rows, sheetByUnit]);
  const visible = useMemo(
    () =>
      rows.filter((r) => {
        if (q && !r.unit.name.includes(q) && !r.unit.code.includes(q)) return false;
        const st = sheetByUnit.get(r.unit.id)?.status;
        if (filter === 'none') return !st;
        if (filter === 'created') return Boolean(st);
        if (filter === 'waiting') return st === 'submitted' || st === 'deptApproved' || st === 'reviewed';
        return true;
      }),
    [rows, q, filter, sheetByUnit],
  );

  const download = async (kind: 'template' | 'batch', unit?: UnitDto) => {
    setBusy(kind === 'template' ? 'template' : `batch-${unit?.id ?? ''}`);
    try {
      const file = kind === 'template'
        ? await call('goals.template', { year })
        : unit
          ? await call('goals.exportUnitBatch', { unitId: unit.id, year })
          : null;
      if (!file) return;
      const saved = await saveFile(file);
      if (saved) notifySuccess(`已保存“${saved}”。`, kind === 'template' ? '模板已下载' : '批量导出完成');
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };

  const columns: DataTableColumn<UnitRow>[] = [
    {
      accessor: 'code',
      title: '单位编码',
      width: 150,
      render: (r) => <Text size="sm" ff="monospace" pl={r.depth * INDENT}>{r.unit.code}</Text>,
    },
    {
      accessor: 'name',
      title: '单位名称',
      render: (r) => <Text size="sm" fw={r.depth === 0 ? 600 : undefined}>{r.unit.name}</Text>,
    },
    { accessor: 'level', title: '层级', width: 120, render: (r) => <Text size="sm">{UNIT_LEVEL_LABELS[r.unit.level]}</Text> },
    {
      accessor: 'status',
      title: '目标状态',
      width: 120,
      render: (r) => {
        const s = sheetByUnit.get(r.unit.id);
        if (sheets.isPending) return <Text size="sm" c="dimmed">…</Text>;
        return s ? (
          <Badge variant="light" color={STATUS_COLORS[s.status]} radius="sm">{GOAL_STATUS_LABELS[s.status]}</Badge>
        ) : (
          <Badge variant="outline" color="gray" radius="sm">{GOAL_STATUS_LABELS.none}</Badge>
        );
      },
    },
    {
      accessor: 'indicators',
      title: '指标数',
      width: 76,
      textAlign: 'right',
      render: (r) => sheetByUnit.get(r.unit.id)?.indicatorCount ?? <Text size="sm" c="dimmed">—</Text>,
    },
    {
      accessor: 'amount',
      title: '项目金额（万元）',
      width: 140,
      textAlign: 'right',
      render: (r) => {
        const s = sheetByUnit.get(r.unit.id);
        return s ? <Text size="sm" className="num">{formatWan(s.annualTotalFen)}</Text> : <Text size="sm" c="dimmed">—</Text>;
      },
    },
    {
      accessor: 'updatedAt',
      title: '更新时间',
      width: 160,
      render: (r) => {
        const s = sheetByUnit.get(r.unit.id);
        return s ? <Text size="sm">{formatTime(s.updatedAt)}</Text> : <Text size="sm" c="dimmed">—</Text>;
      },
    },
    {
      accessor: 'actions',
      title: '操作',
      width: 190,
      render: (r) => (
        <Group gap={2} wrap="nowrap">
          <Button size="compact-xs" variant="subtle" onClick={() => setOpen(r.unit)} data-testid={`unit-goal-open-${r.unit.code}`}>
            {sheetByUnit.has(r.unit.name) ? '打开目标表' : canEnter ? '建立目标表' : '查看'}
          </Button>
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            leftSection={<IconFileExport size={12} />}
            loading={busy === `batch-${r.unit.id}`}
            onClick={(e) => {
              e.stopPropagation();
              void download('batch', r.unit);
            }}
          >
            批量导出
          </Button>
        </Group>
      ),
    },
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title="部门整体目标"
        description={
          rows.length > 0
            ? `${year} 年度共 ${rows.length} 个预算单位，已建立部门整体绩效目标 ${counts.created} 个，其中审核中 ${counts.waiting} 个、已批复 ${counts.approved} 个。`
            : '每个预算单位的部门（单位）整体支出绩效目标，以及项目绩效目标的批量导入。'
        }
        actions={
          <>
            <Select
              aria-label="年度"
              w={130}
              data={yearOptions}
              value={String(year)}
              allowDeselect={false}
              onChange={(v) => v && setYear(Number(v))}
            />
            {canEnter ? (
              <>
                <Button variant="default" leftSection={<IconDownload size={16} />} loading={busy === 'template'} onClick={() => void download('template')}>
                  下载目标导入模板
                </Button>
                <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImportOpen(true)}>
                  导入项目绩效目标
                </Button>
              </>
            ) : null}
          </>
        }
      />

      {units.isError ? (
        <Alert color="red" variant="light" title="无法读取预算单位">{units.error.message}</Alert>
      ) : units.data && rows.length === 0 ? (
        <Alert color="gray" variant="light" title="还没有预算单位">
          部门整体绩效目标按预算单位填报。请先在“预算单位”中导入或新增单位。
        </Alert>
      ) : (
        <Paper withBorder radius="md" p="md">
          <Group justify="space-between" mb="sm" wrap="wrap" gap="sm">
            <Group gap="md">
              <TextInput
                aria-label="按单位编码或名称查找"
                placeholder="按单位编码或名称查找"
                leftSection={<IconSearch size={16} />}
                rightSection={
                  query ? (
                    <ActionIcon variant="subtle" color="gray" size="sm" aria-label="清除查找" onClick={() => setQuery('')}>
                      <IconX size={14} />
                    </ActionIcon>
                  ) : null
                }
                w={280}
                value={query}
                onChange={(e) => setQuery(e.currentTarget.value)}
              />
              <SegmentedControl
                size="xs"
                value={filter}
                onChange={(v) => setFilter(v as Filter)}
                data={[
                  { value: 'all', label: `全部（${rows.length}）` },
                  { value: 'none', label: `未建立（${rows.length - counts.created}）` },
                  { value: 'created', label: `已建立（${counts.created}）` },
                  { value: 'waiting', label: `审核中（${counts.waiting}）` },
                ]}
              />
            </Group>
            <Text size="sm" c="dimmed">点击一行打开该单位的部门整体绩效目标表</Text>
          </Group>
          <DataTable
            withTableBorder
            borderRadius="sm"
            highlightOnHover
            verticalSpacing={7}
            minHeight={visible.length === 0 ? 200 : undefined}
            fetching={units.isPending}
            loaderType="dots"
            idAccessor={(r) => r.unit.id}
            records={visible}
            columns={columns}
            onRowClick={({ record }) => setOpen(record.unit)}
            rowStyle={(r) => ({ cursor: 'pointer', ...(r.depth === 0 ? { background: 'var(--mantine-color-gray-0)' } : {}) })}
            noRecordsText="没有符合条件的单位"
            data-testid="unit-goal-list"
          />
        </Paper>
      )}

      <Drawer
        opened={open !== null}
        onClose={() => setOpen(null)}
        position="right"
        size="88%"
        // A stray click beside the sheet must not throw away unsaved edits.
        closeOnClickOutside={false}
        padding="md"
        title={
          open ? (
            <Group gap="sm">
              <Text fw={600} c="dimmed">部门整体目标 · {open.code} {open.name}</Text>
              <Button
                size="compact-xs"
                variant="light"
                leftSection={<IconFileExport size={12} />}
                loading={busy === `batch-${open.id}`}
                onClick={() => void download('batch', open)}
              >
                批量导出本单位申报表
              </Button>
            </Group>
          ) : null
        }
      >
        {open ? <GoalSheetPanel key={`${open.id}-${year}`} unitId={open.id} year={year} /> : null}
      </Drawer>

      {canEnter ? (
        <ImportDialog
          opened={importOpen}
          onClose={() => setImportOpen(false)}
          title={`导入 ${year} 年度项目绩效目标`}
          description={`使用“下载目标导入模板”得到的 ${year} 年度模板：每行一个绩效指标，按项目编码对应到本年度的项目；同一项目的总体目标和指标将整体写入其绩效目标表（只写入草稿或已退回的目标表）。`}
          preview={(file) => call('goals.importPreview', { file, year })}
          commit={(file) => call('goals.importCommit', { file, year })}
          columns={IMPORT_COLUMNS}
          measure="个项目"
        />
      ) : null}
    </Stack>
  );
}
