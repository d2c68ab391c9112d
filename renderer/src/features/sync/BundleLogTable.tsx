import { Badge, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconArrowDownLeft, IconArrowUpRight } from '@tabler/icons-react';
import type { BundleLogDto } from '../../../../shared/api/dtoSync.ts';
import { formatBytes, formatTime } from '../../components/format.ts';
import { DIRECTION_LABELS, KIND_LABELS, LOG_STATUS_COLORS, LOG_STATUS_LABELS, countsOf, num, seqText, tableLook, totalRows, yearsText } from './syncModel.ts';

/** Row counts per table as a tooltip list. */
export function CountsTooltip({ counts, children }: { counts: Record<string, number>; children: React.ReactNode }) {
  const list = countsOf(counts);
  return (
    <Tooltip
      withinPortal
      multiline
      maw={320}
      disabled={list.length === 0}
      label={<Stack gap={0}>{list.map((c) => <Text key={c.table} size="xs">{c.label}：{c.n.toLocaleString('zh-CN')} 行</Text>)}</Stack>}
    >
      <span>{children}</span>
    </Tooltip>
  );
}

/** 数据包记录: every bundle made or imported here, both directions. */
export function BundleLogTable({ log, loading }: { log: BundleLogDto[]; loading: boolean }) {
  const rows = log.toSorted((a, b) => b.processedAt.localeCompare(a.processedAt));
  const columns: DataTableColumn<BundleLogDto>[] = [
    { accessor: 'processedAt', title: '时间', width: 150, render: (l) => <Text size="sm" style={num}>{formatTime(l.processedAt)}</Text> },
    {
      accessor: 'direction',
      title: '方向',
      width: 110,
      render: (l) => (
        <Group gap={4} wrap="nowrap">
          {l.direction === 'sent' ? <IconArrowUpRight size={14} color="var(--mantine-color-blue-7)" /> : <IconArrowDownLeft size={14} color="var(--mantine-color-teal-7)" />}
          <Text size="sm">{DIRECTION_LABELS[l.direction]}{KIND_LABELS[l.kind]}</Text>
        </Group>
      ),
    },
    {
      accessor: 'peerName',
      title: '对方单位',
      render: (l) => (
        <Stack gap={0}>
          <Text size="sm">{l.peerName}</Text>
          <Text size="xs" c="dimmed" ff="monospace">{l.peerRegionCode}</Text>
        </Stack>
      ),
    },
    { accessor: 'seq', title: '序号', width: 72, render: (l) => <Text size="sm" style={num}>{seqText(l.seq)}</Text> },
    { accessor: 'years', title: '年度', width: 110, render: (l) => <Text size="sm">{yearsText(l.years)}</Text> },
    {
      accessor: 'rows',
      title: '数据行数',
      width: 90,
      textAlign: 'right',
      render: (l) => (
        <CountsTooltip counts={l.counts}>
          <Text size="sm" style={{ ...num, textDecoration: 'underline dotted' }}>{totalRows(l.counts).toLocaleString('zh-CN')}</Text>
        </CountsTooltip>
      ),
    },
    { accessor: 'sizeBytes', title: '大小', width: 80, textAlign: 'right', render: (l) => <Text size="sm" style={num}>{formatBytes(l.sizeBytes)}</Text> },
    { accessor: 'status', title: '结果', width: 112, render: (l) => <Badge variant="light" color={LOG_STATUS_COLORS[l.status]} radius="sm">{LOG_STATUS_LABELS[l.status]}</Badge> },
    { accessor: 'processedBy', title: '经办人', width: 80, render: (l) => <Text size="sm">{l.processedBy}</Text> },
    {
      accessor: 'fileName',
      title: '文件',
      width: 170,
      ellipsis: true,
      render: (l) => (
        <Tooltip label={`SHA-256：${l.fileSha256}`} withinPortal multiline maw={360}>
          <Text span size="xs" ff="monospace">{l.fileName}</Text>
        </Tooltip>
      ),
    },
  ];
  return (
    <Paper withBorder radius="md" p={0} style={{ overflow: 'hidden' }} data-testid="bundle-log">
      <DataTable<BundleLogDto>
        {...tableLook(loading, rows.length)}
        horizontalSpacing="xs"
        height={rows.length > 12 ? 'max(320px, calc(100vh - 560px))' : undefined}
        idAccessor="id"
        records={rows}
        columns={columns}
        noRecordsText="还没有生成或导入过数据包"
      />
    </Paper>
  );
}
