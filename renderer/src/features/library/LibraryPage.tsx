import { useState } from 'react';
import { ActionIcon, Alert, Box, Button, Group, Paper, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { IconDownload, IconFileExport, IconFileImport, IconPlus, IconSearch, IconX } from '@tabler/icons-react';
import type { LibraryEntryDto } from '../../../../shared/api/dtoGoals.ts';
import type { LibraryImportRow } from '../../../../shared/api/methods/goals.ts';
import {
  APPLIES_TO, APPLIES_TO_LABELS, LEVEL1, LEVEL2, PROJECT_TYPES, type FrameworkTemplate, type ProjectTypeCode,
} from '../../../../shared/domain/indicators.ts';
import { call, saveFile } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { ImportDialog, type ImportColumn } from '../../components/ImportDialog.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { copyOf } from './copyEntry.ts';
import { FrameworkFilter, type FrameworkSelection } from './FrameworkFilter.tsx';
import { LibraryEntryDrawer } from './LibraryEntryDrawer.tsx';
import { LibraryEntryFormModal, type EntryFormTarget } from './LibraryEntryForm.tsx';
import { libraryColumns } from './libraryView.tsx';

const PAGE_SIZES = [20, 50, 100];
type AppliesTo = (typeof APPLIES_TO)[number];

/** Import rows carry codes when they parse, or the text as typed when they do not. */
const labelOr = (labels: Record<string, string>, v: string) => labels[v] ?? v;

const IMPORT_COLUMNS: ImportColumn<LibraryImportRow>[] = [
  { key: 'code', title: '指标编码', width: 180, render: (v) => <Text size="sm" ff="monospace">{v.code}</Text> },
  { key: 'name', title: '三级指标', render: (v) => v.name },
  { key: 'projectType', title: '项目类型', width: 130, render: (v) => labelOr(PROJECT_TYPES, v.projectType) },
  { key: 'levels', title: '一级/二级', width: 280, render: (v) => `${labelOr(LEVEL1, v.level1)} / ${labelOr(LEVEL2, v.level2)}` },
];

/** 指标库: the common framework and the library of third-level indicators, searched on the server. */
export function LibraryPage() {
  const { session } = useSession();
  const canManage = session.user.role === 'performance';
  const region = session.office.regionCode;
  const profile = useApiQuery('profiles.forYear', { year: session.office.currentYear }, ['rule_profiles', 'fiscal_years']);
  const currentTemplate = profile.data?.body.template;

  const [templateChoice, setTemplateChoice] = useState<FrameworkTemplate | null>(null);
  const template = templateChoice ?? currentTemplate ?? 'A';
  const [selection, setSelection] = useState<FrameworkSelection>({});
  const [projectType, setProjectType] = useState<ProjectTypeCode | undefined>(undefined);
  const [appliesTo, setAppliesTo] = useState<AppliesTo | undefined>(undefined);
  const [includeRetired, setIncludeRetired] = useState(false);
  const [query, setQuery] = useState('');
  const [q] = useDebouncedValue(query.trim(), 250);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);

  const [selected, setSelected] = useState<LibraryEntryDto | null>(null);
  const [formTarget, setFormTarget] = useState<EntryFormTarget | null>(null);
  const [copying, setCopying] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [busy, setBusy] = useState<'template' | 'export' | null>(null);

  const filters = { q, projectType, level1: selection.level1, level2: selection.level2, appliesTo, includeRetired };
  const search = useApiQuery('library.search', { ...filters, page, pageSize }, ['library_entries'], { placeholderData: keepPreviousData });
  const rows = search.data?.rows ?? [];
  const total = search.data?.total ?? 0;

  const narrowed = q !== '' || projectType !== undefined || selection.level1 !== undefined || appliesTo !== undefined;
  const reset = (fn: () => void) => {
    fn();
    setPage(1);
  };

  const download = async (kind: 'template' | 'export') => {
    setBusy(kind);
    try {
      const file = kind === 'template' ? await call('library.template', {}) : await call('library.export', filters);
      const saved = await saveFile(file);
      if (saved) notifySuccess(`已保存“${saved}”。`, kind === 'template' ? '模板已下载' : '导出完成');
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };

  const startCopy = async (e: LibraryEntryDto) => {
    setCopying(true);
    try {
      setFormTarget({ kind: 'create', initial: await copyOf(e), copiedFrom: e });
      setSelected(null);
    } finally {
      setCopying(false);
    }
  };

  const where = [
    selection.level1 ? `${LEVEL1[selection.level1]}${selection.level2 ? ` / ${LEVEL2[selection.level2]}` : ''}` : null,
    projectType ? PROJECT_TYPES[projectType] : null,
    appliesTo ? `适用于${APPLIES_TO_LABELS[appliesTo]}` : null,
  ].filter(Boolean).join(' · ');

  return (
    <Stack gap="md">
      <PageHeader
        title="指标库"
        description="共性指标框架（一级 → 二级）下的三级指标，填报绩效目标时可直接选用。内置和上级下发的指标只能查看，本单位可新增和维护本地指标。"
        actions={
          <>
            {canManage ? (
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
            {canManage ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setFormTarget({ kind: 'create' })} data-testid="library-create">
                新增指标
              </Button>
            ) : null}
          </>
        }
      />

      <Group align="flex-start" gap="md" wrap="nowrap">
        <Box w={232} style={{ flexShrink: 0 }}>
          <FrameworkFilter
            template={template}
            onTemplate={setTemplateChoice}
            currentTemplate={currentTemplate}
            selection={selection}
            onSelect={(s) => reset(() => setSelection(s))}
            projectType={projectType}
            onProjectType={(t) => reset(() => setProjectType(t))}
          />
        </Box>

        <Paper withBorder radius="md" p="md" style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" mb="sm" wrap="wrap" gap="sm">
            <Group gap="md" wrap="wrap">
              <TextInput
                aria-label="按编码、名称或解释查找指标"
                placeholder="按编码、名称或解释查找指标"
                leftSection={<IconSearch size={16} />}
                rightSection={
                  query ? (
                    <ActionIcon variant="subtle" color="gray" size="sm" aria-label="清除查找" onClick={() => reset(() => setQuery(''))}>
                      <IconX size={14} />
                    </ActionIcon>
                  ) : null
                }
                w={280}
                value={query}
                onChange={(e) => reset(() => setQuery(e.currentTarget.value))}
              />
              <Select
                aria-label="适用对象"
                placeholder="全部适用对象"
                w={150}
                clearable
                data={APPLIES_TO.map((a) => ({ value: a, label: `适用于${APPLIES_TO_LABELS[a]}` }))}
                value={appliesTo ?? null}
                onChange={(v) => reset(() => setAppliesTo(APPLIES_TO.find((a) => a === v)))}
              />
              <Switch label="显示停用指标" checked={includeRetired} onChange={(e) => reset(() => setIncludeRetired(e.currentTarget.checked))} />
            </Group>
            <Text size="sm" c="dimmed" data-testid="library-count">
              {where ? `${where}：` : ''}{search.isPending ? '正在查询……' : `共 ${total.toLocaleString('zh-CN')} 条`}
            </Text>
          </Group>

          {search.isError ? (
            <Alert color="red" variant="light" title="无法查询指标库">{search.error.message}</Alert>
          ) : (
            <DataTable<LibraryEntryDto>
              withTableBorder
              borderRadius="sm"
              highlightOnHover
              verticalSpacing={7}
              minHeight={rows.length === 0 ? 240 : undefined}
              fetching={search.isFetching}
              loaderType="dots"
              idAccessor="id"
              records={rows}
              columns={libraryColumns({ query: q, region, template })}
              onRowClick={({ record }) => setSelected(record)}
              rowStyle={(e) => (e.retired ? { opacity: 0.65 } : undefined)}
              noRecordsText={narrowed ? '没有符合条件的指标，可调整筛选条件或查找词' : '指标库中还没有指标'}
              totalRecords={total}
              page={page}
              onPageChange={setPage}
              recordsPerPage={pageSize}
              recordsPerPageOptions={PAGE_SIZES}
              onRecordsPerPageChange={(n) => reset(() => setPageSize(n))}
              recordsPerPageLabel="每页行数"
              paginationText={({ from, to, totalRecords }) => `第 ${from}–${to} 条，共 ${totalRecords.toLocaleString('zh-CN')} 条`}
              paginationSize="sm"
            />
          )}
          {!canManage ? <Text size="xs" c="dimmed" mt="sm">指标库由绩效管理人员维护；点击一行可查看指标的全部内容。</Text> : null}
        </Paper>
      </Group>

      {selected ? (
        <LibraryEntryDrawer
          entry={selected}
          region={region}
          canManage={canManage}
          copying={copying}
          onClose={() => setSelected(null)}
          onChanged={setSelected}
          onEdit={(e) => {
            setFormTarget({ kind: 'edit', entry: e });
            setSelected(null);
          }}
          onCopy={(e) => void startCopy(e)}
        />
      ) : null}
      {formTarget ? <LibraryEntryFormModal target={formTarget} onClose={() => setFormTarget(null)} onSaved={setSelected} /> : null}
      {canManage ? (
        <ImportDialog
          opened={importOpen}
          onClose={() => setImportOpen(false)}
          title="从 Excel 导入指标"
          description="使用“指标库导入模板”：每行一个三级指标，一级、二级指标和项目类型按模板中的名称填写。编码已存在的本单位指标会被更新，不会重复新增；内置和上级下发的指标不能通过导入修改。"
          templateMethod="library.template"
          preview={(file) => call('library.importPreview', { file })}
          commit={(file) => call('library.importCommit', { file })}
          columns={IMPORT_COLUMNS}
          measure="条"
        />
      ) : null}
    </Stack>
  );
}
