import { PAGINATION_CONTROL_PROPS } from '../../components/tablePaging.ts';
import { useMemo, useState } from 'react';
import { Alert, Badge, Box, Button, Code, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { DatePickerInput, DatesProvider, type DatesRangeValue } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import {
  IconAlertTriangle, IconChevronRight, IconDownload, IconFilterOff, IconSearch, IconShieldCheck,
} from '@tabler/icons-react';
import dayjs from 'dayjs';
import { contract } from '../../../../shared/api/contract.ts';
import type { AuditRecordDto, AuditVerifyResult } from '../../../../shared/api/dto.ts';
import type { AuditFilter } from '../../../../shared/api/schemas.ts';
import { AUDIT_ENTITY_LABELS, METHOD_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { saveFile } from '../../api/client.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatTime } from '../../components/format.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { describeChanges, entityLabel } from './auditChanges.ts';

const PAGE_SIZES = [20, 50, 100];

/*
 * Only writes and system events (sign-in, backup, restore, migration) are ever recorded, so the
 * operation filter offers just those instead of every read-only query in the contract.
 */
const METHOD_OPTIONS = (() => {
  const writes = Object.entries(contract)
    .filter(([, spec]) => spec.write)
    .map(([name]) => ({ value: name, label: METHOD_LABELS[name] ?? name }));
  const events = Object.keys(METHOD_LABELS)
    .filter((name) => name.startsWith('system.'))
    .map((name) => ({ value: name, label: METHOD_LABELS[name] ?? name }));
  return [
    { group: '系统事件', items: events },
    { group: '数据操作', items: writes },
  ];
})();

/** Mantine's calendar buttons are labelled in English by default. */
const CALENDAR_ARIA_LABELS = {
  monthLevelControl: '选择月份',
  yearLevelControl: '选择年份',
  nextMonth: '下个月',
  previousMonth: '上个月',
  nextYear: '下一年',
  previousYear: '上一年',
  nextDecade: '后十年',
  previousDecade: '前十年',
};

const ENTITY_OPTIONS = Object.entries(AUDIT_ENTITY_LABELS).map(([value, label]) => ({ value, label }));

const methodLabel = (m: string) => METHOD_LABELS[m] ?? m;

/**
 * Records are stored with UTC times; the officer picks local calendar days. The range is sent as
 * [start of the first day, start of the day after the last) in UTC so a late-evening record
 * lands on the day the officer saw it happen.
 */
function toFilter(range: DatesRangeValue<string>, username: string, entity: string | null, method: string | null): AuditFilter {
  const [from, to] = range;
  const f: AuditFilter = {};
  if (from) f.from = dayjs(from).startOf('day').toISOString();
  if (to) f.to = dayjs(to).add(1, 'day').startOf('day').toISOString();
  if (username.trim()) f.username = username.trim();
  if (entity) f.entity = entity;
  if (method) f.method = method;
  return f;
}

/** 成功 as a badge, failures in red; system events (e.g. 账户锁定 15 分钟) as plain text. */
function ResultCell({ result }: { result: string }) {
  if (result === '成功') return <Badge color="teal" variant="light">成功</Badge>;
  return (
    <Text size="sm" c={result.startsWith('失败') ? 'red.8' : undefined} lineClamp={2} title={result}>
      {result}
    </Text>
  );
}

function ChangesCell({ record }: { record: AuditRecordDto }) {
  const lines = describeChanges(record.changes);
  if (lines.length === 0) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Text size="sm" lineClamp={2} style={{ wordBreak: 'break-all' }}>
      {lines.join('；')}
    </Text>
  );
}

function ExpandedRecord({ record }: { record: AuditRecordDto }) {
  const lines = describeChanges(record.changes);
  return (
    <Box px="lg" py="sm" bg="gray.0">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap={6}>
          <Text size="xs" fw={600} c="dimmed">变更明细</Text>
          {lines.length > 0 ? (
            lines.map((l, i) => <Text key={i} size="sm" style={{ wordBreak: 'break-all' }}>{l}</Text>)
          ) : (
            <Text size="sm" c="dimmed">本条记录没有字段变更。</Text>
          )}
          <Text size="xs" fw={600} c="dimmed" mt="xs">结果</Text>
          <Text size="sm">{record.result}</Text>
          <Text size="xs" fw={600} c="dimmed" mt="xs">接口名称</Text>
          <Text size="sm" ff="monospace">{record.method}</Text>
          <Text size="xs" fw={600} c="dimmed" mt="xs">校验值（SHA-256）</Text>
          <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>{record.hash}</Text>
        </Stack>
        <Stack gap={6}>
          <Text size="xs" fw={600} c="dimmed">原始变更内容（JSON）</Text>
          {record.changes === null ? (
            <Text size="sm" c="dimmed">无</Text>
          ) : (
            <Code
              block
              bg="white"
              style={{ maxHeight: 260, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all', border: '1px solid var(--mantine-color-gray-3)' }}
            >
              {JSON.stringify(record.changes, null, 2)}
            </Code>
          )}
        </Stack>
      </SimpleGrid>
    </Box>
  );
}

/** Module-level so the table does not see a new component type on every render. */
const renderExpanded = ({ record }: { record: AuditRecordDto }) => <ExpandedRecord record={record} />;

function VerifyAlert({ result, onClose }: { result: AuditVerifyResult; onClose(): void }) {
  if (result.ok) {
    return (
      <Alert color="teal" variant="light" icon={<IconShieldCheck size={18} />} title="日志完整" withCloseButton onClose={onClose} mb="md">
        日志完整，共校验 {result.checked.toLocaleString('zh-CN')} 条，所有记录的链接与校验值均一致，未发现删除或篡改。
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="日志完整性校验未通过" withCloseButton onClose={onClose} mb="md">
      <Stack gap={4}>
        <Text size="sm">
          {/* The backend's reason already names the record (第 N 条记录…); fall back to the number alone. */}
          第一处异常：{result.reason ?? `第 ${result.brokenAt ?? '—'} 条记录校验不符`}。
        </Text>
        <Text size="sm">
          此前的 {result.checked.toLocaleString('zh-CN')} 条记录校验正常。请保留当前数据库文件和备份，不要继续操作，并向本单位安全管理负责人报告。
        </Text>
      </Stack>
    </Alert>
  );
}

/** 审计日志: the auditor's read-only view of the hash-chained log. */
export function AuditPage() {
  const [range, setRange] = useState<DatesRangeValue<string>>([null, null]);
  const [username, setUsername] = useState('');
  const [entity, setEntity] = useState<string | null>(null);
  const [method, setMethod] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [expanded, setExpanded] = useState<number[]>([]);
  const [verifyResult, setVerifyResult] = useState<AuditVerifyResult | null>(null);
  // Typing a username should not fire a query per keystroke.
  const [debouncedUser] = useDebouncedValue(username, 400);
  // Computed once per visit: the picker only needs to stop at today, not tick past midnight.
  const [today] = useState(() => dayjs().format('YYYY-MM-DD'));

  const filter = useMemo(() => toFilter(range, debouncedUser, entity, method), [range, debouncedUser, entity, method]);
  const audit = useApiQuery('audit.list', { ...filter, page, pageSize }, ['audit_log'], { placeholderData: keepPreviousData });
  const verify = useApiMutation('audit.verify');
  const exporter = useApiMutation('audit.export');

  const filtered = Object.keys(filter).length > 0;
  const changeFilter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
    setExpanded([]);
  };
  const clearFilters = () => {
    setRange([null, null]);
    setUsername('');
    setEntity(null);
    setMethod(null);
    setPage(1);
    setExpanded([]);
  };

  const runVerify = () =>
    verify.mutate({}, { onSuccess: (r) => setVerifyResult(r) });

  const runExport = () =>
    exporter.mutate(filter, {
      onSuccess: async (file) => {
        try {
          const saved = await saveFile(file);
          if (saved) notifySuccess(`已导出${filtered ? '符合筛选条件的' : '全部'}审计日志：${saved}`, '导出完成');
        } catch (e) {
          notifyError(e);
        }
      },
    });

  const total = audit.data?.total ?? 0;
  const toggle = (seq: number) => setExpanded((ids) => (ids.includes(seq) ? ids.filter((i) => i !== seq) : [...ids, seq]));

  return (
    <DatesProvider settings={{ locale: 'zh-cn', firstDayOfWeek: 1, weekendDays: [0, 6] }}>
      <PageHeader
        title="审计日志"
        description="系统自动记录每一次数据修改、登录和备份恢复，记录逐条串联校验，任何人（包括管理员）都不能修改或删除。"
        actions={
          <>
            <Button variant="default" leftSection={<IconShieldCheck size={16} />} loading={verify.isPending} onClick={runVerify}>
              校验完整性
            </Button>
            <Button leftSection={<IconDownload size={16} />} loading={exporter.isPending} onClick={runExport} disabled={total === 0}>
              导出 Excel
            </Button>
          </>
        }
      />
      {verifyResult ? <VerifyAlert result={verifyResult} onClose={() => setVerifyResult(null)} /> : null}
      <Paper withBorder p="sm" mb="md" radius="sm">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <DatePickerInput
            type="range"
            label="起止日期"
            placeholder="选择日期范围"
            valueFormat="YYYY-MM-DD"
            allowSingleDateInRange
            clearable
            maxDate={today}
            monthLabelFormat="YYYY年M月"
            yearLabelFormat="YYYY年"
            monthsListFormat="M月"
            yearsListFormat="YYYY"
            ariaLabels={CALENDAR_ARIA_LABELS}
            clearButtonProps={{ 'aria-label': '清除日期' }}
            value={range}
            onChange={changeFilter(setRange)}
            w={260}
            popoverProps={{ withinPortal: true }}
          />
          <TextInput
            label="用户"
            placeholder="输入用户名"
            leftSection={<IconSearch size={14} />}
            value={username}
            onChange={(e) => changeFilter(setUsername)(e.currentTarget.value)}
            w={170}
          />
          <Select label="对象" placeholder="全部对象" data={ENTITY_OPTIONS} value={entity} onChange={changeFilter(setEntity)} clearable w={150} />
          <Select
            label="操作"
            placeholder="全部操作"
            data={METHOD_OPTIONS}
            value={method}
            onChange={changeFilter(setMethod)}
            clearable
            searchable
            nothingFoundMessage="没有匹配的操作"
            w={210}
            maxDropdownHeight={320}
          />
          <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={clearFilters} disabled={!filtered && !username}>
            清除筛选
          </Button>
          <Text size="sm" c="dimmed" ml="auto">
            {audit.data ? `${filtered ? '符合条件' : '共'} ${total.toLocaleString('zh-CN')} 条记录` : ''}
          </Text>
        </Group>
      </Paper>
      <DataTable<AuditRecordDto>
        withTableBorder
        borderRadius="sm"
        striped
        highlightOnHover
        verticalAlign="top"
        minHeight={audit.data && audit.data.rows.length > 0 ? undefined : 260}
        fetching={audit.isFetching}
        loadingText="正在加载…"
        noRecordsText={audit.isError ? '加载失败，请刷新重试' : filtered ? '没有符合筛选条件的记录' : '暂无审计记录'}
        records={audit.data?.rows ?? []}
        idAccessor="seq"
        totalRecords={total}
        recordsPerPage={pageSize}
        page={page}
        onPageChange={(p) => {
          setPage(p);
          setExpanded([]);
        }}
        recordsPerPageOptions={PAGE_SIZES}
        onRecordsPerPageChange={(n) => {
          setPageSize(n);
          setPage(1);
        }}
        recordsPerPageLabel="每页条数"
        paginationText={({ from, to, totalRecords }) => `第 ${from}–${to} 条，共 ${totalRecords.toLocaleString('zh-CN')} 条`}
        getPaginationControlProps={PAGINATION_CONTROL_PROPS}
        onRowClick={({ record }) => toggle(record.seq)}
        rowExpansion={{
          trigger: 'never',
          allowMultiple: true,
          expanded: { recordIds: expanded, onRecordIdsChange: (ids: unknown[]) => setExpanded(ids.filter((i): i is number => typeof i === 'number')) },
          content: renderExpanded,
        }}
        columns={[
          {
            accessor: 'expand',
            title: '',
            width: 36,
            render: (r) => (
              <IconChevronRight
                size={14}
                aria-label={expanded.includes(r.seq) ? '收起' : '展开'}
                style={{ transition: 'transform 150ms', transform: expanded.includes(r.seq) ? 'rotate(90deg)' : undefined, marginTop: 3 }}
              />
            ),
          },
          { accessor: 'seq', title: '序号', width: 80, textAlign: 'right' },
          { accessor: 'at', title: '时间', width: 170, render: (r) => formatTime(r.at) },
          { accessor: 'username', title: '用户', width: 110, render: (r) => <Text size="sm" ff={r.userId ? 'monospace' : undefined} c={r.userId ? undefined : 'dimmed'}>{r.username}</Text> },
          { accessor: 'method', title: '操作', width: 140, render: (r) => methodLabel(r.method) },
          { accessor: 'entity', title: '对象', width: 90, render: (r) => entityLabel(r.entity) },
          {
            accessor: 'entityId',
            title: '对象编号',
            width: 130,
            render: (r) =>
              r.entityId ? (
                <Tooltip label={r.entityId} withinPortal>
                  <Text size="xs" ff="monospace" truncate="end" maw={120} mt={2}>{r.entityId}</Text>
                </Tooltip>
              ) : (
                <Text size="sm" c="dimmed">—</Text>
              ),
          },
          { accessor: 'changes', title: '变更内容', render: (r) => <ChangesCell record={r} /> },
          { accessor: 'result', title: '结果', width: 170, render: (r) => <ResultCell result={r.result} /> },
        ]}
      />
    </DatesProvider>
  );
}
