import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconFileExport, IconPlus } from '@tabler/icons-react';
import type { RecheckItemRowDto, RecheckSampleDto } from '../../../../shared/api/dtoRecheck.ts';
import { GOAL_GRADE_LABELS, RECHECK_REASON_LABELS, RECHECK_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import type { RecheckSampleRules } from '../../../../shared/rules/recheckSample.ts';
import { call, saveFile } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatTime } from '../../components/format.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useYearOptions } from '../goals/useYearOptions.ts';
import { RecheckDrawer } from './recheckDrawer.tsx';
import { REASON_COLORS, RECHECK_TABLES, diffColor, signed } from './recheckModel.ts';
import { RecheckSampleModal } from './recheckSampleModal.tsx';
import { GRADE_COLORS, fmt2 } from './selfEvalModel.ts';

/** The rules of a sample in one line. */
export function rulesText(r: RecheckSampleRules): string {
  return [
    r.topByAmount > 0 ? `金额前 ${r.topByAmount} 个` : '',
    r.includeRedWarnings ? '红色预警' : '',
    r.lowScoreBelow !== null ? `自评低于 ${r.lowScoreBelow} 分` : '',
    r.randomCount > 0 ? `随机 ${r.randomCount} 个` : '',
    r.amountSharePct !== null ? `金额占比 ≥ ${r.amountSharePct}%` : '',
  ].filter(Boolean).join('；') || '—';
}

function Grade({ total, grade }: { total: number | null; grade: keyof typeof GOAL_GRADE_LABELS | null }) {
  return (
    <Group gap={6} justify="flex-end" wrap="nowrap">
      {total === null ? <Text size="sm" c="dimmed">未复核</Text> : <Text size="sm" fw={600} className="num">{fmt2(total)}</Text>}
      {grade ? <Badge size="sm" color={GRADE_COLORS[grade]} radius="sm" w={28} px={0}>{GOAL_GRADE_LABELS[grade]}</Badge> : <span style={{ width: 28 }} />}
    </Group>
  );
}

/**
 * 财政复核: the year's samples (each with its recorded seed and rules), the sampled
 * self-evaluations with the self-assessed and re-checked totals side by side, and a drawer to
 * enter the re-check scores per row.
 */
export function RecheckPage() {
  const { session } = useSession();
  const [year, setYear] = useState(session.office.currentYear);
  const [sampleId, setSampleId] = useState<string | null>(null);
  const [itemId, setItemId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const performance = session.user.role === 'performance';
  const yearOptions = useYearOptions(session.office.currentYear);

  const samples = useApiQuery('recheck.samples', { year }, RECHECK_TABLES);
  const sample = samples.data?.find((s) => s.id === sampleId) ?? samples.data?.[0] ?? null;
  const items = useApiQuery('recheck.items', { sampleId: sample?.id ?? '' }, RECHECK_TABLES, { enabled: sample !== null });

  const exportList = async () => {
    if (!sample) return;
    setExporting(true);
    try {
      const saved = await saveFile(await call('recheck.exportList', { sampleId: sample.id }));
      if (saved) notifySuccess(`已保存“${saved}”。`, '财政复核结果清单已导出');
    } catch (e) {
      notifyError(e);
    } finally {
      setExporting(false);
    }
  };

  const sampleColumns: DataTableColumn<RecheckSampleDto>[] = [
    { accessor: 'createdAt', title: '抽样时间', width: 160, render: (s) => <Text size="sm">{formatTime(s.createdAt)}</Text> },
    { accessor: 'seed', title: '随机种子', width: 120, render: (s) => <Text size="sm" ff="monospace">{s.seed}</Text> },
    { accessor: 'rules', title: '抽样规则', render: (s) => <Stack gap={0}><Text size="sm">{rulesText(s.rules)}</Text>{s.note ? <Text size="xs" c="dimmed">{s.note}</Text> : null}</Stack> },
    { accessor: 'sampledCount', title: '抽中 / 总体', width: 100, textAlign: 'right', render: (s) => <Text size="sm" className="num">{s.sampledCount} / {s.populationCount}</Text> },
    { accessor: 'sharePct', title: '抽查金额占比', width: 170, textAlign: 'right', render: (s) => <Text size="sm" className="num">{formatWan(s.sampledFen)} 万元（{s.sharePct === null ? '—' : `${s.sharePct.toFixed(2)}%`}）</Text> },
    { accessor: 'doneCount', title: '已复核', width: 80, textAlign: 'right', render: (s) => <Text size="sm" className="num">{s.doneCount} / {s.sampledCount}</Text> },
    { accessor: 'createdBy', title: '抽样人', width: 100 },
  ];

  const itemColumns: DataTableColumn<RecheckItemRowDto>[] = [
    {
      accessor: 'title',
      title: '项目',
      render: (r) => (
        <Stack gap={0}>
          <Text size="sm" fw={500} lineClamp={1}>{r.title}</Text>
          {r.projectCode ? <Text size="xs" c="dimmed" ff="monospace">{r.projectCode}</Text> : null}
        </Stack>
      ),
    },
    { accessor: 'unitName', title: '单位', width: 150, render: (r) => <Text size="sm" lineClamp={1}>{r.unitName}</Text> },
    { accessor: 'amountFen', title: '全年预算（万元）', width: 150, textAlign: 'right', render: (r) => <Text size="sm" className="num">{formatWan(r.amountFen)}</Text> },
    {
      accessor: 'reasons',
      title: '抽取原因',
      width: 170,
      render: (r) => <Group gap={4}>{r.reasons.map((x) => <Badge key={x} size="sm" variant="light" color={REASON_COLORS[x]} radius="sm">{RECHECK_REASON_LABELS[x]}</Badge>)}</Group>,
    },
    { accessor: 'selfTotal', title: '自评得分 / 等级', width: 130, textAlign: 'right', render: (r) => <Grade total={r.selfTotal} grade={r.selfGrade} /> },
    { accessor: 'recheckTotal', title: '复核得分 / 等级', width: 130, textAlign: 'right', render: (r) => <Grade total={r.recheckTotal} grade={r.recheckGrade} /> },
    { accessor: 'difference', title: '差异', width: 80, textAlign: 'right', render: (r) => <Text size="sm" fw={600} className="num" c={diffColor(r.difference)}>{signed(r.difference)}</Text> },
    {
      accessor: 'status',
      title: '状态',
      width: 170,
      render: (r) => (
        <Stack gap={2}>
          <Badge size="sm" variant="light" color={r.status === 'done' ? 'teal' : 'gray'} radius="sm">{RECHECK_STATUS_LABELS[r.status]}</Badge>
          {r.rectificationCode ? <Text size="xs" c="orange.8" style={{ whiteSpace: 'nowrap' }}>整改 {r.rectificationCode}</Text> : null}
        </Stack>
      ),
    },
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title="财政复核"
        description="对单位自评结果抽样复核：随机抽取（记录随机种子，可重现）与规则抽取（金额较大、监控红色预警、自评低分、抽查金额占比），逐项录入复核得分，与自评得分对照列出差异。"
        actions={
          <>
            {performance ? <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="rc-new-sample">新建抽样</Button> : null}
            <Select aria-label="年度" w={130} data={yearOptions} value={String(year)} allowDeselect={false} onChange={(v) => { if (v) { setYear(Number(v)); setSampleId(null); } }} />
          </>
        }
      />
      <Paper withBorder radius="md" p="md">
        <Text fw={600} mb="xs">抽样批次</Text>
        {samples.isError ? (
          <Alert color="red" variant="light" title="无法读取抽样批次">{samples.error.message}</Alert>
        ) : (
          <DataTable
            withTableBorder
            borderRadius="sm"
            highlightOnHover
            verticalSpacing={6}
            minHeight={samples.data?.length ? undefined : 120}
            fetching={samples.isFetching && !samples.data}
            records={samples.data ?? []}
            columns={sampleColumns}
            onRowClick={({ record }) => setSampleId(record.id)}
            rowStyle={(s) => ({ cursor: 'pointer', background: s.id === sample?.id ? 'var(--mantine-color-blue-0)' : undefined })}
            noRecordsText={performance ? '本年度还没有抽样。单位自评表提交后，点击“新建抽样”。' : '本年度还没有抽样'}
            data-testid="rc-samples"
          />
        )}
      </Paper>
      {sample ? (
        <Paper withBorder radius="md" p="md">
          <Group justify="space-between" mb="xs">
            <Stack gap={0}>
              <Text fw={600}>复核清单</Text>
              <Text size="xs" c="dimmed">随机种子 {sample.seed} · {rulesText(sample.rules)} · 抽中 {sample.sampledCount} 个，已复核 {sample.doneCount} 个</Text>
            </Stack>
            <Button variant="default" leftSection={<IconFileExport size={16} />} loading={exporting} onClick={() => void exportList()} data-testid="rc-export">导出结果清单</Button>
          </Group>
          {items.isError ? (
            <Alert color="red" variant="light" title="无法读取复核清单">{items.error.message}</Alert>
          ) : (
            <DataTable
              withTableBorder
              borderRadius="sm"
              highlightOnHover
              striped
              verticalSpacing={6}
              minHeight={items.data?.length ? undefined : 120}
              fetching={items.isFetching && !items.data}
              records={items.data ?? []}
              columns={itemColumns}
              onRowClick={({ record }) => setItemId(record.id)}
              rowStyle={() => ({ cursor: 'pointer' })}
              noRecordsText="没有抽中的自评表"
              data-testid="rc-items"
            />
          )}
        </Paper>
      ) : null}
      <RecheckSampleModal year={year} opened={creating} onClose={() => setCreating(false)} onCreated={(s) => setSampleId(s.id)} />
      <RecheckDrawer itemId={itemId} onClose={() => setItemId(null)} />
    </Stack>
  );
}
