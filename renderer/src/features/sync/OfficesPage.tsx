import { useMemo, useState } from 'react';
import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconChecklist, IconFolders, IconListCheck, IconTimeline } from '@tabler/icons-react';
import type { BundleLogDto, PeerOfficeDto, SubmissionDto } from '../../../../shared/api/dtoSync.ts';
import { useApiQuery } from '../../api/queries.ts';
import { navigate } from '../../app/router.ts';
import { formatTime } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PinBadge } from './PeerOfficeTable.tsx';
import { SubmissionBadge } from './Submissions.tsx';
import { SYNC_TABLES, countsOf, lastReceivedBySender, num, seqText, tableLook, totalRows, yearsText } from './syncModel.ts';

interface ChildRow {
  office: PeerOfficeDto;
  last: BundleLogDto | undefined;
  submission: SubmissionDto | undefined;
}

/** The same list screens as this office's own, filtered to the child office (read-only). */
const SCREENS = [
  { label: '项目库', path: '/projects', icon: IconFolders },
  { label: '监控批次', path: '/monitoring', icon: IconTimeline },
  { label: '单位自评', path: '/evaluation/self', icon: IconListCheck },
  { label: '整改事项', path: '/rectifications', icon: IconChecklist },
];

const openScreen = (path: string, office: PeerOfficeDto, years: number[]) => {
  const p = new URLSearchParams({ origin: office.regionCode });
  const year = years.at(-1);
  if (year) p.set('year', String(year));
  navigate(`${path}?${p.toString()}`);
};

/** 下级单位数据: the child offices with their last bundle; choosing one opens its data in the usual screens, read-only. */
export function OfficesPage() {
  const offices = useApiQuery('sync.offices', {}, SYNC_TABLES);
  const log = useApiQuery('sync.log', {}, SYNC_TABLES);
  const submissions = useApiQuery('sync.submissions', {}, SYNC_TABLES);
  const [selected, setSelected] = useState<string | null>(null);

  const rows = useMemo<ChildRow[]>(() => {
    const last = lastReceivedBySender(log.data ?? []);
    const subs = (submissions.data ?? []).filter((s) => s.perspective === 'child').toSorted((a, b) => b.seq - a.seq);
    return (offices.data ?? [])
      .filter((o) => o.relation === 'child')
      .map((o) => ({ office: o, last: last.get(o.regionCode), submission: subs.find((s) => s.senderRegionCode === o.regionCode) }));
  }, [offices.data, log.data, submissions.data]);
  const current = rows.find((r) => r.office.regionCode === selected) ?? rows.find((r) => r.last) ?? null;
  const failure = offices.error ?? log.error ?? submissions.error;

  const columns: DataTableColumn<ChildRow>[] = [
    {
      accessor: 'name',
      title: '下级单位',
      render: ({ office: o }) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>{o.name}</Text>
          <Text size="xs" c="dimmed" ff="monospace">{o.regionCode}</Text>
        </Stack>
      ),
    },
    {
      accessor: 'last',
      title: '最近上报包',
      width: 200,
      render: ({ office: o }) => o.lastReceivedSeq === null ? <Text size="sm" c="orange.8">尚未上报</Text> : (
        <Stack gap={0}>
          <Text size="sm">{seqText(o.lastReceivedSeq)}</Text>
          <Text size="xs" c="dimmed" style={num}>{formatTime(o.lastReceivedAt)} 导入</Text>
        </Stack>
      ),
    },
    { accessor: 'years', title: '年度', width: 140, render: ({ office: o }) => <Text size="sm">{yearsText(o.lastReceivedYears)}</Text> },
    { accessor: 'rows', title: '数据行数', width: 100, textAlign: 'right', render: ({ last }) => <Text size="sm" style={num}>{last ? totalRows(last.counts).toLocaleString('zh-CN') : '—'}</Text> },
    { accessor: 'key', title: '签名密钥', width: 130, render: ({ office: o }) => <PinBadge office={o} /> },
    { accessor: 'submission', title: '上报处理', width: 150, render: ({ submission }) => submission ? <SubmissionBadge s={submission} /> : <Text size="sm" c="dimmed">—</Text> },
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title="下级单位数据"
        description="各县（市、区）上报的数据导入后保存在本单位，只读。选择一个单位，查看其最近上报包的内容，或在项目库、监控、自评、整改等页面中查看其数据。"
        actions={<Button variant="default" onClick={() => navigate('/sync')}>同步与上报</Button>}
      />
      {failure ? <Alert color="red" variant="light" title="无法读取下级单位">{failure.message}</Alert> : null}
      {offices.data && rows.length === 0 ? (
        <Paper withBorder radius="md" p="xl" data-testid="offices-empty">
          <Stack align="center" gap="xs" py="md">
            <Text fw={600}>尚未登记下级单位</Text>
            <Text size="sm" c="dimmed" ta="center" maw={560}>在“同步与上报”中登记下级单位，导入其上报包后，这里列出各单位的数据。</Text>
            <Button variant="light" mt="xs" onClick={() => navigate('/sync')}>前往同步与上报</Button>
          </Stack>
        </Paper>
      ) : (
        <Paper withBorder radius="md" p={0} style={{ overflow: 'hidden' }}>
          <DataTable<ChildRow>
            {...tableLook(offices.isPending, rows.length)}
            idAccessor={(r) => r.office.regionCode}
            records={rows}
            columns={columns}
            onRowClick={({ record }) => setSelected(record.office.regionCode)}
            rowStyle={(r) => ({ cursor: 'pointer', ...(r.office.regionCode === current?.office.regionCode ? { background: 'var(--mantine-color-blue-0)' } : {}) })}
            noRecordsText="尚未登记下级单位"
          />
        </Paper>
      )}
      {current ? <OfficeDetail row={current} /> : null}
    </Stack>
  );
}

function OfficeDetail({ row }: { row: ChildRow }) {
  const { office, last, submission } = row;
  const counts = last ? countsOf(last.counts) : [];
  return (
    <Paper withBorder radius="md" p="md" data-testid="office-detail">
      <Group justify="space-between" align="flex-start" mb="sm">
        <Stack gap={2}>
          <Title order={5}>{office.name}</Title>
          <Text size="sm" c="dimmed">
            {last ? `${seqText(last.seq)}上报包 · ${yearsText(last.years)} · 生成于 ${formatTime(last.bundleCreatedAt)} · ${last.processedBy} 于 ${formatTime(last.processedAt)} 导入` : '尚未收到该单位的上报包'}
          </Text>
          {submission?.status === 'returned' ? <Text size="sm" c="red.8">已退回：{submission.reason}</Text> : null}
        </Stack>
        <Group gap="xs">
          {SCREENS.map((s) => (
            <Button
              key={s.path}
              size="xs"
              variant="light"
              leftSection={<s.icon size={14} />}
              onClick={() => openScreen(s.path, office, office.lastReceivedYears)}
              data-testid={`office-open-${s.path.slice(1).replace(/\//g, '-')}`}
            >
              {s.label}
            </Button>
          ))}
        </Group>
      </Group>
      {counts.length > 0 ? (
        <>
          <Text size="xs" c="dimmed" mb={4}>最近上报包中各类数据的行数</Text>
          <SimpleGrid cols={5} spacing="xs" verticalSpacing={4}>
            {counts.map((c) => (
              <Group key={c.table} gap={4} wrap="nowrap" justify="space-between" px={8} py={2} style={{ borderBottom: '1px dotted var(--mantine-color-gray-3)' }}>
                <Text size="sm" truncate="end">{c.label}</Text>
                <Text size="sm" fw={600} style={num}>{c.n.toLocaleString('zh-CN')}</Text>
              </Group>
            ))}
          </SimpleGrid>
        </>
      ) : (
        <Text size="sm" c="dimmed">
          导入该单位的上报包后显示其数据。<Anchor size="sm" onClick={() => navigate('/sync')}>前往导入</Anchor>
        </Text>
      )}
    </Paper>
  );
}
