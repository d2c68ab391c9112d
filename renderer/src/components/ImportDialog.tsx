import { useMemo, useState, type ReactNode } from 'react';
import {
  Alert, Badge, Button, CopyButton, Group, Loader, Modal, Paper, SegmentedControl, Stack, Tabs, Text, ThemeIcon,
} from '@mantine/core';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import {
  IconAlertTriangle, IconCheck, IconCircleCheck, IconCopy, IconDownload, IconFileSpreadsheet, IconRefresh,
} from '@tabler/icons-react';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.ts';
import type { FileDto, ImportPreview, ImportRowPreview, ImportSummary } from '../../../shared/api/dto.ts';
import type { ErrorDetail } from '../../../shared/api/result.ts';
import type { FileInput } from '../../../shared/api/schemas.ts';
import { ERROR_CODE_LABELS, IMPORT_ACTION_LABELS } from '../../../shared/i18n/zh-CN.ts';
import { ApiError, call, pickFile, saveFile } from '../api/client.ts';
import { describeLocation, notifyError, notifySuccess } from './notify.ts';

type ImportAction = ImportRowPreview<unknown>['action'];

/** Methods that hand back a file and need no input: templates (and exports) qualify. */
export type FileMethod = {
  [M in MethodName]: MethodOutput<M> extends FileDto ? ({} extends MethodInput<M> ? M : never) : never;
}[MethodName];

/** One preview column: how a parsed row's value shows in the table. */
export interface ImportColumn<T> {
  key: string;
  title: string;
  render: (value: T) => ReactNode;
  width?: number | string;
}

export interface ImportDialogProps<T> {
  opened: boolean;
  onClose(): void;
  title: string;
  /** One line on what the file should contain. */
  description?: ReactNode;
  /** Offered as "下载导入模板" before a file is chosen. */
  templateMethod?: FileMethod;
  preview(file: FileInput): Promise<ImportPreview<T>>;
  commit(file: FileInput): Promise<ImportSummary>;
  columns: ImportColumn<T>[];
  /** Measure word in the summary ("新增 3 个"); defaults to 条. */
  measure?: string;
}

type Phase<T> =
  | { kind: 'pick' }
  | { kind: 'loading'; file: FileInput }
  | { kind: 'preview'; file: FileInput; preview: ImportPreview<T> }
  /** The backend refused the file as a whole (not an Excel file, header missing, data changed). */
  | { kind: 'rejected'; file: FileInput; message: string; errors: ErrorDetail[] };

const ACTION_COLORS: Record<ImportAction, string> = { add: 'teal', update: 'blue', unchanged: 'gray' };
const PAGE_SIZES = [50, 100, 200];

const paginationText = ({ from, to, totalRecords }: { from: number; to: number; totalRecords: number }) =>
  `第 ${from}–${to} 条，共 ${totalRecords.toLocaleString('zh-CN')} 条`;

function summaryText(s: ImportSummary, measure: string): string {
  return `新增 ${s.add} ${measure}，更新 ${s.update} ${measure}，未变化 ${s.unchanged} ${measure}`;
}

/**
 * The two-phase import every Excel import uses: pick a file, see what the backend would do with
 * each row (nothing is written), then commit. A file with any error cannot be committed, and
 * every error is listed with its sheet, row and column so the officer can fix the file at once.
 */
export function ImportDialog<T>(props: ImportDialogProps<T>) {
  const { opened, onClose, title, description, templateMethod, preview, commit, columns, measure = '条' } = props;
  const [phase, setPhase] = useState<Phase<T>>({ kind: 'pick' });
  const [committing, setCommitting] = useState(false);
  const [downloading, setDownloading] = useState(false);

  const close = () => {
    if (committing) return; // the backend is writing; closing would hide the outcome
    setPhase({ kind: 'pick' });
    onClose();
  };

  const runPreview = async (file: FileInput) => {
    setPhase({ kind: 'loading', file });
    try {
      setPhase({ kind: 'preview', file, preview: await preview(file) });
    } catch (e) {
      setPhase(rejection(file, e));
    }
  };

  const choose = async () => {
    const file = await pickFile('选择要导入的 Excel 文件', ['xlsx']);
    if (file) await runPreview(file);
  };

  const downloadTemplate = async () => {
    if (!templateMethod) return;
    setDownloading(true);
    try {
      const saved = await saveFile(await call(templateMethod, {}));
      if (saved) notifySuccess(`已保存“${saved}”，填写后再从此处导入。`, '模板已下载');
    } catch (e) {
      notifyError(e);
    } finally {
      setDownloading(false);
    }
  };

  const runCommit = async () => {
    if (phase.kind !== 'preview') return;
    setCommitting(true);
    try {
      const summary = await commit(phase.file);
      notifySuccess(`${summaryText(summary, measure)}。`, '导入完成');
      setPhase({ kind: 'pick' });
      onClose();
    } catch (e) {
      // The data may have changed since the preview: show the fresh errors in place.
      if (e instanceof ApiError && e.error.details?.length) setPhase(rejection(phase.file, e));
      else notifyError(e);
    } finally {
      setCommitting(false);
    }
  };

  const canCommit =
    phase.kind === 'preview' && phase.preview.errors.length === 0 && phase.preview.summary.add + phase.preview.summary.update > 0;

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>{title}</Text>} size={1040} centered closeOnClickOutside={false}>
      <Stack gap="md">
        {phase.kind === 'pick' ? (
          <PickPanel description={description} onChoose={() => void choose()} onTemplate={templateMethod ? () => void downloadTemplate() : undefined} downloading={downloading} />
        ) : (
          <FileBar file={phase.file} status={fileStatus(phase)} busy={phase.kind === 'loading' || committing} onRechoose={() => void choose()} onRecheck={() => void runPreview(phase.file)} />
        )}

        {phase.kind === 'loading' ? (
          <Group justify="center" py="xl" gap="sm">
            <Loader size="sm" />
            <Text size="sm" c="dimmed">正在逐行校验文件，请稍候……</Text>
          </Group>
        ) : null}

        {phase.kind === 'rejected' ? (
          <>
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="文件未通过校验，未导入任何数据">
              {phase.message}
            </Alert>
            {phase.errors.some((d) => d.sheet || d.row !== undefined) ? <ErrorTable errors={phase.errors} /> : null}
          </>
        ) : null}

        {phase.kind === 'preview' ? <PreviewBody preview={phase.preview} columns={columns} measure={measure} /> : null}

        <Group justify="flex-end" gap="sm" pt="xs">
          <Button variant="default" onClick={close} disabled={committing}>
            {phase.kind === 'preview' && canCommit ? '取消' : '关闭'}
          </Button>
          {phase.kind === 'preview' || phase.kind === 'rejected' ? (
            <Button leftSection={<IconCheck size={16} />} disabled={!canCommit} loading={committing} onClick={() => void runCommit()}>
              确认导入
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Modal>
  );
}

function fileStatus<T>(phase: Phase<T>): string {
  if (phase.kind === 'loading') return '正在校验……';
  if (phase.kind === 'rejected') return '未通过校验';
  if (phase.kind === 'preview') return `读取工作表“${phase.preview.sheet}”`;
  return '';
}

function rejection<T>(file: FileInput, e: unknown): Phase<T> {
  if (e instanceof ApiError) return { kind: 'rejected', file, message: e.error.message, errors: e.error.details ?? [] };
  return { kind: 'rejected', file, message: `${ERROR_CODE_LABELS.INTERNAL}：${e instanceof Error ? e.message : String(e)}`, errors: [] };
}

function PickPanel({ description, onChoose, onTemplate, downloading }: {
  description: ReactNode;
  onChoose(): void;
  onTemplate: (() => void) | undefined;
  downloading: boolean;
}) {
  return (
    <Paper withBorder radius="md" p="xl" bg="gray.0" style={{ borderStyle: 'dashed' }}>
      <Stack align="center" gap="sm">
        <ThemeIcon size={56} radius="xl" variant="light" color="teal">
          <IconFileSpreadsheet size={30} />
        </ThemeIcon>
        <Text fw={600}>选择要导入的 Excel 文件（.xlsx）</Text>
        {description ? <Text size="sm" c="dimmed" ta="center" maw={560}>{description}</Text> : null}
        <Text size="sm" c="dimmed" ta="center" maw={560}>
          系统先逐行校验并列出每一行将如何处理，确认无误后才会写入；文件中只要有一处错误，就不会导入任何数据。
        </Text>
        <Group gap="sm" mt="xs">
          {onTemplate ? (
            <Button variant="default" leftSection={<IconDownload size={16} />} onClick={onTemplate} loading={downloading}>
              下载导入模板
            </Button>
          ) : null}
          <Button leftSection={<IconFileSpreadsheet size={16} />} onClick={onChoose}>选择文件</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function FileBar({ file, status, busy, onRechoose, onRecheck }: {
  file: FileInput;
  status: string;
  busy: boolean;
  onRechoose(): void;
  onRecheck(): void;
}) {
  return (
    <Paper withBorder radius="md" px="md" py="sm">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <ThemeIcon variant="light" color="teal" size="lg">
            <IconFileSpreadsheet size={20} />
          </ThemeIcon>
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} truncate="end">{file.name}</Text>
            <Text size="xs" c="dimmed">{status}</Text>
          </Stack>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Button variant="subtle" size="xs" leftSection={<IconRefresh size={14} />} onClick={onRecheck} disabled={busy}>
            重新校验
          </Button>
          <Button variant="light" size="xs" onClick={onRechoose} disabled={busy}>重新选择文件</Button>
        </Group>
      </Group>
    </Paper>
  );
}

function SummaryBadges({ summary, measure }: { summary: ImportSummary; measure: string }) {
  return (
    <Group gap="xs">
      {(['add', 'update', 'unchanged'] as const).map((a) => (
        <Badge key={a} size="lg" variant="light" color={ACTION_COLORS[a]} radius="sm" data-testid={`import-summary-${a}`}>
          {IMPORT_ACTION_LABELS[a]} {summary[a].toLocaleString('zh-CN')} {measure}
        </Badge>
      ))}
    </Group>
  );
}

function PreviewBody<T>({ preview, columns, measure }: { preview: ImportPreview<T>; columns: ImportColumn<T>[]; measure: string }) {
  const errorCount = preview.errors.length;
  const [tab, setTab] = useState<string | null>('errors');
  const rowsTable = <RowsTable rows={preview.rows} columns={columns} />;

  if (errorCount === 0) {
    const nothing = preview.summary.add + preview.summary.update === 0;
    return (
      <Stack gap="sm">
        <Group justify="space-between">
          <SummaryBadges summary={preview.summary} measure={measure} />
          <Group gap={6}>
            <IconCircleCheck size={18} color="var(--mantine-color-teal-7)" />
            <Text size="sm" c="teal.8">全部 {preview.rows.length.toLocaleString('zh-CN')} 行校验通过</Text>
          </Group>
        </Group>
        {nothing ? (
          <Alert color="gray" variant="light" title="无需导入">文件内容与系统中的现有数据完全一致，没有需要写入的变化。</Alert>
        ) : null}
        {rowsTable}
      </Stack>
    );
  }

  return (
    <Stack gap="sm">
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={`文件有 ${errorCount} 处错误，未导入任何数据`}>
        请按下表逐项修改 Excel 文件后保存，再点击“重新校验”。其余 {preview.rows.length.toLocaleString('zh-CN')} 行格式正确，会在全部错误改正后一并导入。
      </Alert>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="errors" color="red">错误清单（{errorCount}）</Tabs.Tab>
          <Tabs.Tab value="rows">可导入的行（{preview.rows.length}）</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="errors" pt="sm"><ErrorTable errors={preview.errors} /></Tabs.Panel>
        <Tabs.Panel value="rows" pt="sm">
          <Stack gap="sm">
            <SummaryBadges summary={preview.summary} measure={measure} />
            {rowsTable}
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

type ActionFilter = 'all' | ImportAction;

function RowsTable<T>({ rows, columns }: { rows: ImportRowPreview<T>[]; columns: ImportColumn<T>[] }) {
  const [filter, setFilter] = useState<ActionFilter>('all');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0] ?? 50);
  const counts = useMemo(() => {
    const c = { add: 0, update: 0, unchanged: 0 };
    for (const r of rows) c[r.action]++;
    return c;
  }, [rows]);
  const filtered = useMemo(() => (filter === 'all' ? rows : rows.filter((r) => r.action === filter)), [rows, filter]);
  // Only one page is rendered, so previews of thousands of rows stay responsive.
  const pageRows = useMemo(() => filtered.slice((page - 1) * pageSize, page * pageSize), [filtered, page, pageSize]);

  const tableColumns: DataTableColumn<ImportRowPreview<T>>[] = [
    { accessor: 'row', title: '行号', width: 70, textAlign: 'right' },
    {
      accessor: 'action',
      title: '处理方式',
      width: 100,
      render: (r) => <Badge variant="light" color={ACTION_COLORS[r.action]} radius="sm">{IMPORT_ACTION_LABELS[r.action]}</Badge>,
    },
    ...columns.map((c): DataTableColumn<ImportRowPreview<T>> => ({
      accessor: c.key,
      title: c.title,
      ...(c.width !== undefined ? { width: c.width } : {}),
      render: (r) => c.render(r.value),
    })),
  ];

  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        value={filter}
        onChange={(v) => {
          setFilter(v as ActionFilter);
          setPage(1);
        }}
        data={[
          { value: 'all', label: `全部（${rows.length}）` },
          { value: 'add', label: `${IMPORT_ACTION_LABELS.add}（${counts.add}）` },
          { value: 'update', label: `${IMPORT_ACTION_LABELS.update}（${counts.update}）` },
          { value: 'unchanged', label: `${IMPORT_ACTION_LABELS.unchanged}（${counts.unchanged}）` },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      <DataTable
        withTableBorder
        borderRadius="sm"
        striped
        highlightOnHover
        verticalSpacing={6}
        maxHeight={380}
        minHeight={filtered.length === 0 ? 160 : undefined}
        idAccessor="row"
        records={pageRows}
        columns={tableColumns}
        noRecordsText="没有符合条件的行"
        totalRecords={filtered.length}
        page={page}
        onPageChange={setPage}
        recordsPerPage={pageSize}
        recordsPerPageOptions={PAGE_SIZES}
        onRecordsPerPageChange={(n) => {
          setPageSize(n);
          setPage(1);
        }}
        recordsPerPageLabel="每页行数"
        paginationText={paginationText}
        paginationSize="xs"
      />
    </Stack>
  );
}

interface NumberedError extends ErrorDetail {
  n: number;
}

function ErrorTable({ errors }: { errors: ErrorDetail[] }) {
  const [page, setPage] = useState(1);
  const pageSize = 50;
  const numbered = useMemo<NumberedError[]>(() => errors.map((e, i) => ({ ...e, n: i + 1 })), [errors]);
  const pageRows = numbered.slice((page - 1) * pageSize, page * pageSize);
  // A plain-text list the officer can paste into a message to whoever prepared the file.
  const asText = errors.map((d) => `${describeLocation(d) || '文件'}：${d.message}`).join('\n');

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">行号、列号与 Excel 中显示的一致。</Text>
        <CopyButton value={asText}>
          {({ copied, copy }) => (
            <Button size="xs" variant="subtle" color={copied ? 'teal' : 'gray'} leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy}>
              {copied ? '已复制' : '复制错误清单'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <DataTable
        withTableBorder
        borderRadius="sm"
        striped
        verticalSpacing={6}
        maxHeight={380}
        idAccessor="n"
        records={pageRows}
        columns={[
          { accessor: 'n', title: '序号', width: 64, textAlign: 'right' },
          { accessor: 'sheet', title: '工作表', width: 120, render: (d) => d.sheet ?? '—' },
          { accessor: 'row', title: '行', width: 70, textAlign: 'right', render: (d) => d.row ?? '—' },
          {
            accessor: 'column',
            title: '列',
            width: 150,
            render: (d) => (d.column ? (d.field ? `${d.column}（${d.field}）` : d.column) : '—'),
          },
          {
            accessor: 'message',
            title: '问题',
            render: (d) => (
              <Text size="sm" c="red.8" title={describeLocation(d)}>{d.message}</Text>
            ),
          },
        ]}
        totalRecords={numbered.length}
        page={page}
        onPageChange={setPage}
        recordsPerPage={pageSize}
        paginationText={paginationText}
        paginationSize="xs"
      />
    </Stack>
  );
}
