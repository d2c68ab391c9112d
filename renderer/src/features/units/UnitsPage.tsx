import { useMemo, useState } from 'react';
import {
  ActionIcon, Alert, Badge, Box, Button, EmptyState, Group, Highlight, List, Paper, SegmentedControl, Stack, Switch, Text, TextInput, Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import {
  IconChevronRight, IconDownload, IconFileExport, IconFileImport, IconPlus, IconSearch, IconSitemap, IconX,
} from '@tabler/icons-react';
import type { UnitDto, UnitImportRow } from '../../../../shared/api/dto.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import {
  UNIT_KIND_LABELS, UNIT_LEVEL_LABELS, UNIT_SOURCE_LABELS, UNIT_STATUS_LABELS, YES_NO,
} from '../../../../shared/i18n/zh-CN.ts';
import { call, saveFile } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ImportDialog, type ImportColumn } from '../../components/ImportDialog.tsx';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { depthOf, indexUnits, parentIds, visibleRows, type TreeRow } from './tree.ts';
import { UnitFormModal, type UnitFormTarget } from './UnitFormModal.tsx';
import { MoveUnitModal } from './MoveUnitModal.tsx';
import { SetActiveModal } from './SetActiveModal.tsx';

/** Master data is kept by the administrator and the performance section (as the backend enforces). */
const EDITORS: readonly Role[] = ['admin', 'performance'];
const PAGE_SIZES = [50, 100, 200];
const INDENT = 22;
const LEVEL_COLORS: Record<UnitDto['level'], string> = { department: 'red', primary: 'blue', secondary: 'grape' };

const IMPORT_COLUMNS: ImportColumn<UnitImportRow>[] = [
  { key: 'code', title: '单位编码', width: 130, render: (v) => <Text size="sm" ff="monospace">{v.code}</Text> },
  { key: 'name', title: '单位名称', render: (v) => v.name },
  { key: 'parentCode', title: '上级单位编码', width: 130, render: (v) => (v.parentCode ? <Text size="sm" ff="monospace">{v.parentCode}</Text> : <Text size="sm" c="dimmed">（主管部门）</Text>) },
  { key: 'kind', title: '单位性质', width: 100, render: (v) => UNIT_KIND_LABELS[v.kind] },
  { key: 'confidential', title: '涉密', width: 70, render: (v) => YES_NO[`${v.confidential}`] },
  { key: 'active', title: '启用', width: 70, render: (v) => YES_NO[`${v.active}`] },
];

type Source = 'all' | 'own' | 'synced';

/** 预算单位: the unit tree (主管部门 → 一级 → 二级), its maintenance and its Excel import/export. */
export function UnitsPage() {
  const { session } = useSession();
  const canEdit = EDITORS.includes(session.user.role);
  const units = useApiQuery('units.tree', {}, ['units']);
  const all = units.data;

  const [query, setQuery] = useState('');
  const [debouncedQuery] = useDebouncedValue(query, 150);
  const [showInactive, setShowInactive] = useState(false);
  const [source, setSource] = useState<Source>('all');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(100);

  const [formOpen, setFormOpen] = useState(false);
  const [formTarget, setFormTarget] = useState<UnitFormTarget | null>(null);
  const [moveUnit, setMoveUnit] = useState<UnitDto | null>(null);
  const [moveOpen, setMoveOpen] = useState(false);
  const [activeUnit, setActiveUnit] = useState<UnitDto | null>(null);
  const [activeOpen, setActiveOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [busy, setBusy] = useState<'template' | 'export' | null>(null);

  const index = useMemo(() => indexUnits(all ?? []), [all]);
  const rows = useMemo(
    () => visibleRows(index, { query: debouncedQuery, showInactive, source, collapsed }),
    [index, debouncedQuery, showInactive, source, collapsed],
  );
  const counts = useMemo(() => {
    const c = { own: 0, synced: 0, inactive: 0 };
    for (const u of all ?? []) {
      if (u.readOnly) c.synced++;
      else c.own++;
      if (!u.active) c.inactive++;
    }
    return c;
  }, [all]);
  const pageCount = Math.max(1, Math.ceil(rows.length / pageSize));
  const currentPage = Math.min(page, pageCount);
  const pageRows = useMemo(() => rows.slice((currentPage - 1) * pageSize, currentPage * pageSize), [rows, currentPage, pageSize]);

  const openForm = (target: UnitFormTarget) => {
    setFormTarget(target);
    setFormOpen(true);
  };
  const toggle = (id: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const download = async (kind: 'template' | 'export') => {
    setBusy(kind);
    try {
      const file = await call(kind === 'template' ? 'units.template' : 'units.export', {});
      const saved = await saveFile(file);
      if (saved) notifySuccess(`已保存“${saved}”。`, kind === 'template' ? '模板已下载' : '导出完成');
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };

  const columns: DataTableColumn<TreeRow>[] = [
    {
      accessor: 'code',
      title: '单位编码',
      width: 180,
      render: (r) => (
        <Group gap={4} wrap="nowrap" pl={r.depth * INDENT}>
          {r.childCount > 0 ? (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={r.expanded ? `折叠 ${r.unit.name}` : `展开 ${r.unit.name}`}
              aria-expanded={r.expanded}
              disabled={debouncedQuery.trim() !== ''}
              onClick={(e) => {
                e.stopPropagation();
                toggle(r.unit.id);
              }}
            >
              <IconChevronRight size={16} style={{ transform: r.expanded ? 'rotate(90deg)' : undefined, transition: 'transform 120ms' }} />
            </ActionIcon>
          ) : (
            <Box w={22} />
          )}
          <Highlight highlight={debouncedQuery.trim()} size="sm" ff="monospace" c={r.match ? undefined : 'dimmed'}>
            {r.unit.code}
          </Highlight>
        </Group>
      ),
    },
    {
      accessor: 'name',
      title: '单位名称',
      render: (r) => (
        <Group gap={6} wrap="nowrap">
          <Highlight
            highlight={debouncedQuery.trim()}
            size="sm"
            fw={r.depth === 0 ? 600 : undefined}
            c={!r.unit.active || !r.match ? 'dimmed' : undefined}
          >
            {r.unit.name}
          </Highlight>
          {r.childCount > 0 && !r.expanded ? <Text size="xs" c="dimmed">（{r.childCount} 个下级）</Text> : null}
        </Group>
      ),
    },
    {
      accessor: 'level',
      title: '层级',
      width: 120,
      render: (r) => <Badge variant="light" color={LEVEL_COLORS[r.unit.level]} radius="sm">{UNIT_LEVEL_LABELS[r.unit.level]}</Badge>,
    },
    { accessor: 'kind', title: '单位性质', width: 90, render: (r) => UNIT_KIND_LABELS[r.unit.kind] },
    {
      accessor: 'confidential',
      title: '涉密',
      width: 76,
      render: (r) =>
        r.unit.confidential ? (
          <Badge variant="outline" color="red" radius="sm">涉密</Badge>
        ) : (
          <Text size="sm" c="dimmed">—</Text>
        ),
    },
    {
      accessor: 'active',
      title: '状态',
      width: 76,
      render: (r) => (
        <Badge variant="light" color={r.unit.active ? 'teal' : 'gray'} radius="sm">
          {r.unit.active ? UNIT_STATUS_LABELS.active : UNIT_STATUS_LABELS.inactive}
        </Badge>
      ),
    },
    {
      accessor: 'source',
      title: '来源',
      width: 90,
      render: (r) =>
        r.unit.readOnly ? (
          <Tooltip label={`来自行政区划 ${r.unit.origin} 的同步数据，只能查看`}>
            <Badge variant="light" color="blue" radius="sm">{UNIT_SOURCE_LABELS.synced}</Badge>
          </Tooltip>
        ) : (
          <Text size="sm">{UNIT_SOURCE_LABELS.own}</Text>
        ),
    },
    ...(canEdit
      ? [{
          accessor: 'actions',
          title: '操作',
          width: 210,
          render: (r: TreeRow) =>
            r.unit.readOnly ? (
              <Text size="xs" c="dimmed">只读</Text>
            ) : (
              <Group gap={2} wrap="nowrap">
                <Button size="compact-xs" variant="subtle" color="blue" data-testid={`unit-edit-${r.unit.code}`} onClick={() => openForm({ kind: 'edit', unit: r.unit })}>
                  编辑
                </Button>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="blue"
                  data-testid={`unit-move-${r.unit.code}`}
                  onClick={() => {
                    setMoveUnit(r.unit);
                    setMoveOpen(true);
                  }}
                >
                  移动
                </Button>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color={r.unit.active ? 'gray' : 'teal'}
                  data-testid={`unit-toggle-${r.unit.code}`}
                  onClick={() => {
                    setActiveUnit(r.unit);
                    setActiveOpen(true);
                  }}
                >
                  {r.unit.active ? '停用' : '启用'}
                </Button>
                {r.depth < 2 && r.unit.active ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="blue"
                    data-testid={`unit-add-child-${r.unit.code}`}
                    onClick={() => openForm({ kind: 'create', parent: r.unit, parentDepth: depthOf(index, r.unit.id) })}
                  >
                    新增下级
                  </Button>
                ) : null}
              </Group>
            ),
        } satisfies DataTableColumn<TreeRow>]
      : []),
  ];

  const empty = all !== undefined && all.length === 0;
  const filtered = debouncedQuery.trim() !== '' || source !== 'all' || (!showInactive && counts.inactive > 0);

  return (
    <Stack gap="md">
      <PageHeader
        title="预算单位"
        description={
          all && all.length > 0
            ? `主管部门 → 一级预算单位 → 二级预算单位，共 ${all.length} 个单位${counts.synced > 0 ? `（其中同步只读 ${counts.synced} 个）` : ''}。`
            : '主管部门 → 一级预算单位 → 二级预算单位，是项目、绩效目标和评价的归属对象。'
        }
        actions={
          <>
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
            <Button variant="default" leftSection={<IconFileExport size={16} />} loading={busy === 'export'} disabled={empty} onClick={() => void download('export')}>
              导出 Excel
            </Button>
            {canEdit ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => openForm({ kind: 'create', parent: null, parentDepth: -1 })}>
                新增主管部门
              </Button>
            ) : null}
          </>
        }
      />

      {units.isError ? (
        <Alert color="red" variant="light" title="无法读取预算单位">{units.error.message}</Alert>
      ) : empty ? (
        <UnitsEmpty
          canEdit={canEdit}
          onTemplate={() => void download('template')}
          onImport={() => setImportOpen(true)}
          onCreate={() => openForm({ kind: 'create', parent: null, parentDepth: -1 })}
        />
      ) : (
        <Paper withBorder radius="md" p="md">
          <Group justify="space-between" mb="sm" wrap="wrap" gap="sm">
            <Group gap="md" wrap="wrap">
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
                onChange={(e) => {
                  setQuery(e.currentTarget.value);
                  setPage(1);
                }}
              />
              <Switch
                label={`显示停用单位${counts.inactive > 0 ? `（${counts.inactive}）` : ''}`}
                checked={showInactive}
                onChange={(e) => {
                  setShowInactive(e.currentTarget.checked);
                  setPage(1);
                }}
              />
              {counts.synced > 0 ? (
                <SegmentedControl
                  size="xs"
                  value={source}
                  onChange={(v) => {
                    setSource(v as Source);
                    setPage(1);
                  }}
                  data={[
                    { value: 'all', label: '全部来源' },
                    { value: 'own', label: UNIT_SOURCE_LABELS.own },
                    { value: 'synced', label: UNIT_SOURCE_LABELS.synced },
                  ]}
                />
              ) : null}
            </Group>
            <Group gap="xs">
              <Text size="sm" c="dimmed" data-testid="units-count">
                {filtered ? `显示 ${rows.length} 行（共 ${all?.length ?? 0} 个单位）` : `共 ${rows.length} 行`}
              </Text>
              <Button size="xs" variant="subtle" color="gray" onClick={() => setCollapsed(new Set())} disabled={debouncedQuery.trim() !== ''}>
                全部展开
              </Button>
              <Button size="xs" variant="subtle" color="gray" onClick={() => setCollapsed(new Set(parentIds(index)))} disabled={debouncedQuery.trim() !== ''}>
                全部折叠
              </Button>
            </Group>
          </Group>
          <DataTable
            withTableBorder
            borderRadius="sm"
            highlightOnHover
            verticalSpacing={7}
            minHeight={rows.length === 0 ? 200 : undefined}
            fetching={units.isPending}
            loaderType="dots"
            idAccessor={(r) => r.unit.id}
            records={pageRows}
            columns={columns}
            noRecordsText={debouncedQuery.trim() ? '没有编码或名称符合条件的单位' : '没有符合条件的单位'}
            rowStyle={(r) => (r.depth === 0 ? { background: 'var(--mantine-color-gray-0)' } : undefined)}
            totalRecords={rows.length}
            page={currentPage}
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
          {!canEdit ? (
            <Text size="xs" c="dimmed" mt="sm">预算单位由系统管理员和绩效管理人员维护；如需调整，请与他们联系。</Text>
          ) : null}
        </Paper>
      )}

      <UnitFormModal opened={formOpen} target={formTarget} onClose={() => setFormOpen(false)} />
      <MoveUnitModal opened={moveOpen} unit={moveUnit} index={index} onClose={() => setMoveOpen(false)} />
      <SetActiveModal opened={activeOpen} unit={activeUnit} onClose={() => setActiveOpen(false)} />
      {canEdit ? (
        <ImportDialog
          opened={importOpen}
          onClose={() => setImportOpen(false)}
          title="从 Excel 导入预算单位"
          description="使用“预算单位导入模板”：每行一个单位，主管部门的上级单位编码留空。编码已存在的单位会被更新，不会重复新增。"
          templateMethod="units.template"
          preview={(file) => call('units.importPreview', { file })}
          commit={(file) => call('units.importCommit', { file })}
          columns={IMPORT_COLUMNS}
          measure="个"
        />
      ) : null}
    </Stack>
  );
}

function UnitsEmpty({ canEdit, onTemplate, onImport, onCreate }: { canEdit: boolean; onTemplate(): void; onImport(): void; onCreate(): void }) {
  return (
    <Paper withBorder radius="md" p="xl" data-testid="units-empty">
      <EmptyState
        icon={<IconSitemap size={32} />}
        variant="light"
        color="red"
        title="还没有预算单位"
        description={canEdit ? '预算单位是项目、绩效目标和评价的归属对象。最快的方式是用 Excel 一次导入全部单位：' : '预算单位由系统管理员或绩效管理人员导入，完成后会显示在这里。'}
      >
        {canEdit ? (
          <>
            <List type="ordered" size="sm" spacing={4} ta="left" maw={520} mx="auto" mt="xs">
              <List.Item>点击“下载导入模板”，得到含填写说明的 Excel 文件；</List.Item>
              <List.Item>在 Excel 或 WPS 中按模板填写主管部门及其一级、二级预算单位，主管部门的上级单位编码留空；</List.Item>
              <List.Item>点击“从 Excel 导入”，系统逐行校验并列出每一行的处理方式，确认无误后一次写入。</List.Item>
            </List>
            <EmptyState.Actions>
              <Button variant="default" leftSection={<IconDownload size={16} />} onClick={onTemplate}>下载导入模板</Button>
              <Button leftSection={<IconFileImport size={16} />} onClick={onImport}>从 Excel 导入</Button>
              <Button variant="subtle" leftSection={<IconPlus size={16} />} onClick={onCreate}>逐个新增</Button>
            </EmptyState.Actions>
          </>
        ) : null}
      </EmptyState>
    </Paper>
  );
}
