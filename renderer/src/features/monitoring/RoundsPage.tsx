import { useState } from 'react';
import {
  Alert, Badge, Box, Button, Group, Paper, Progress, Select, Stack, Text, Tooltip,
} from '@mantine/core';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import dayjs from 'dayjs';
import { IconPlus, IconSparkles } from '@tabler/icons-react';
import type { MonitoringRoundDto } from '../../../../shared/api/dtoMonitoring.ts';
import { MONITORING_ROUND_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { useApiQuery } from '../../api/queries.ts';
import { navigate, useRouteQuery } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { OfficeScopeNotice, OfficeScopeSelect, OriginBadge, useOfficeScope } from '../../components/OfficeScope.tsx';
import { useYearOptions } from '../goals/useYearOptions.ts';
import { KindBadge, ObjectBadge, ProposeRoundsModal, RoundFormModal } from './roundDialogs.tsx';
import { FINANCE_ROLES, ROUND_TABLES, periodLabel } from './sheetModel.ts';

const num = { fontVariantNumeric: 'tabular-nums' } as const;

/** Remembered between visits, so 返回 from a round shows the same year. */
let rememberedYear: number | null = null;

/**
 * 监控批次: the year's monitoring rounds with how far each has got (sheets accepted of all, warnings
 * by level, objects still without a sheet). New rounds come from the rule profile's proposals or
 * are created one by one; a row opens the round.
 */
export function RoundsPage() {
  const { session } = useSession();
  const route = useRouteQuery();
  const [origin, setOrigin] = useState<string | null>(route.get('origin'));
  const scope = useOfficeScope(origin);
  // Another office's rounds are browsed read-only.
  const canEdit = FINANCE_ROLES.includes(session.user.role) && scope.other === null;
  const [year, setYearState] = useState<number>(Number(route.get('year')) || rememberedYear || session.office.currentYear);
  const setYear = (y: number) => {
    rememberedYear = y;
    setYearState(y);
  };
  const [proposeOpen, setProposeOpen] = useState(false);
  const [createOpen, setCreateOpen] = useState(false);
  const yearOptions = useYearOptions(session.office.currentYear);
  const rounds = useApiQuery('monitoring.rounds', { year, ...scope.input }, ROUND_TABLES, { enabled: scope.ready });
  const rows = rounds.data ?? [];
  const today = dayjs().format('YYYY-MM-DD');

  const columns: DataTableColumn<MonitoringRoundDto>[] = [
    {
      accessor: 'title',
      title: '批次',
      render: (r) => (
        <Stack gap={0}>
          <Text size="sm" fw={600} lineClamp={1}>{r.title}<OriginBadge origin={r.origin} readOnly={r.readOnly} /></Text>
        </Stack>
      ),
    },
    { accessor: 'month', title: '截止月份', width: 84, render: (r) => <Text size="sm" style={num}>{periodLabel(r.month)}</Text> },
    { accessor: 'objectType', title: '对象', width: 100, render: (r) => <ObjectBadge type={r.objectType} /> },
    { accessor: 'kind', title: '类型', width: 92, render: (r) => <KindBadge kind={r.kind} /> },
    {
      accessor: 'dates',
      title: '下发 / 填报截止',
      width: 120,
      render: (r) => {
        const overdue = r.status === 'open' && r.dueOn < today && r.counts.accepted < r.counts.total;
        return (
          <Stack gap={0}>
            <Text size="xs" c="dimmed" style={num}>{r.issuedOn}</Text>
            <Text size="sm" style={num} c={overdue ? 'red.7' : undefined} fw={overdue ? 600 : undefined}>{r.dueOn}</Text>
          </Stack>
        );
      },
    },
    {
      accessor: 'status',
      title: '状态',
      width: 84,
      render: (r) => <Badge variant={r.status === 'open' ? 'light' : 'outline'} color={r.status === 'open' ? 'teal' : 'gray'} radius="sm">{MONITORING_ROUND_STATUS_LABELS[r.status]}</Badge>,
    },
    {
      accessor: 'progress',
      title: '审核进度',
      width: 200,
      render: (r) => <RoundProgress round={r} />,
    },
    {
      accessor: 'warnings',
      title: '预警',
      width: 116,
      render: (r) => <WarningCounts red={r.counts.red} yellow={r.counts.yellow} />,
    },
    {
      accessor: 'missing',
      title: '未生成',
      width: 72,
      textAlign: 'right',
      render: (r) =>
        r.missing > 0 ? (
          <Tooltip label="已批复目标、尚未生成监控表的对象；进入批次点击“生成监控表”" withinPortal multiline maw={260}>
            <Text size="sm" c="orange.8" fw={600} style={num}>{r.missing}</Text>
          </Tooltip>
        ) : (
          <Text size="sm" c="dimmed">0</Text>
        ),
    },
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title="监控批次"
        description={
          <OfficeScopeNotice scope={scope} onBack={() => setOrigin(scope.own)}>
            绩效运行监控按批次开展：每个批次确定截止月份、监控对象和类型，为每个对象生成监控表，填报执行数和目标完成情况并自动预警。点击一行进入批次。
          </OfficeScopeNotice>
        }
        actions={
          <>
            <OfficeScopeSelect scope={scope} label={false} onChange={setOrigin} />
            <Select aria-label="年度" w={120} data={yearOptions} value={String(year)} allowDeselect={false} onChange={(v) => v && setYear(Number(v))} />
            {canEdit ? (
              <>
                <Button variant="default" leftSection={<IconSparkles size={16} />} onClick={() => setProposeOpen(true)} data-testid="rounds-propose">
                  按规则方案生成建议批次
                </Button>
                <Button leftSection={<IconPlus size={16} />} onClick={() => setCreateOpen(true)} data-testid="rounds-create">新建批次</Button>
              </>
            ) : null}
          </>
        }
      />

      {rounds.isError ? (
        <Alert color="red" variant="light" title="无法读取监控批次">{rounds.error.message}</Alert>
      ) : rounds.data && rows.length === 0 ? (
        <Paper withBorder radius="md" p="xl" data-testid="rounds-empty">
          <Stack align="center" gap="sm" py="lg">
            <Text fw={600} size="lg">{year} 年度还没有监控批次</Text>
            <Text size="sm" c="dimmed" ta="center" maw={600}>
              {canEdit
                ? '可按本年度规则方案一次生成建议的批次（如 1–5月、1–8月项目自行监控，1–6月部门整体监控），也可逐个新建。'
                : '监控批次由绩效股或业务股室建立，建立后会显示在这里。'}
            </Text>
            {canEdit ? (
              <Group gap="sm" mt="xs">
                <Button leftSection={<IconSparkles size={16} />} onClick={() => setProposeOpen(true)}>按规则方案生成建议批次</Button>
                <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setCreateOpen(true)}>新建批次</Button>
              </Group>
            ) : null}
          </Stack>
        </Paper>
      ) : (
        <Paper withBorder radius="md" p={0} style={{ overflow: 'hidden' }}>
          <DataTable<MonitoringRoundDto>
            highlightOnHover
            striped
            verticalSpacing={8}
            horizontalSpacing="sm"
            minHeight={rows.length === 0 ? 200 : undefined}
            fetching={rounds.isPending}
            loaderType="dots"
            idAccessor="id"
            records={rows}
            columns={columns}
            noRecordsText="没有监控批次"
            onRowClick={({ record }) => navigate(`/monitoring/rounds/${encodeURIComponent(record.id)}`)}
            rowStyle={() => ({ cursor: 'pointer' })}
          />
          <Group justify="space-between" px="md" py={8} bg="gray.0" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
            <Text size="sm">{year} 年度共 <Text span fw={600}>{rows.length}</Text> 个批次</Text>
            <Text size="sm" c="dimmed">
              监控表 {rows.reduce((s, r) => s + r.counts.total, 0).toLocaleString('zh-CN')} 张，已审核 {rows.reduce((s, r) => s + r.counts.accepted, 0).toLocaleString('zh-CN')} 张
            </Text>
          </Group>
        </Paper>
      )}

      <ProposeRoundsModal year={year} opened={proposeOpen} onClose={() => setProposeOpen(false)} />
      <RoundFormModal
        opened={createOpen}
        onClose={() => setCreateOpen(false)}
        year={year}
        onSaved={(r) => navigate(`/monitoring/rounds/${encodeURIComponent(r.id)}`)}
      />
    </Stack>
  );
}

/** 已审核 of all sheets as a bar, with the submitted ones in a lighter shade. */
export function RoundProgress({ round }: { round: Pick<MonitoringRoundDto, 'counts'> }) {
  const c = round.counts;
  if (c.total === 0) return <Text size="xs" c="dimmed">尚未生成监控表</Text>;
  const accepted = (c.accepted / c.total) * 100;
  const submitted = (c.submitted / c.total) * 100;
  return (
    <Tooltip
      withinPortal
      label={`已审核 ${c.accepted}，已提交 ${c.submitted}，已退回 ${c.returned}，填报中 ${c.draft}`}
    >
      <Box>
        <Progress.Root size="md" radius="sm">
          <Progress.Section value={accepted} color="teal" />
          <Progress.Section value={submitted} color="blue.3" />
        </Progress.Root>
        <Text size="xs" c="dimmed" mt={2} style={num}>
          已审核 {c.accepted} / {c.total}
          {c.returned > 0 ? <Text span c="red.7" size="xs">（退回 {c.returned}）</Text> : null}
        </Text>
      </Box>
    </Tooltip>
  );
}

/** Red and yellow counts as coloured dots. */
export function WarningCounts({ red, yellow }: { red: number; yellow: number }) {
  if (red === 0 && yellow === 0) return <Text size="sm" c="dimmed">无</Text>;
  return (
    <Group gap={10} wrap="nowrap">
      {red > 0 ? <Dot color="red" label={`红色预警 ${red}`} count={red} /> : null}
      {yellow > 0 ? <Dot color="yellow" label={`黄色预警 ${yellow}`} count={yellow} /> : null}
    </Group>
  );
}

function Dot({ color, count, label }: { color: 'red' | 'yellow'; count: number; label: string }) {
  return (
    <Tooltip label={label} withinPortal>
      <Group gap={4} wrap="nowrap">
        <Box w={10} h={10} style={{ borderRadius: 10, background: `var(--mantine-color-${color}-${color === 'yellow' ? 5 : 6})` }} />
        <Text size="sm" fw={600} style={num}>{count}</Text>
      </Group>
    </Tooltip>
  );
}
