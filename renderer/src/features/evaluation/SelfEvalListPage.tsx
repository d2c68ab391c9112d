import { useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconFileSearch, IconListNumbers, IconSearch, IconSparkles, IconX } from '@tabler/icons-react';
import type { SelfEvalRowDto, SelfEvalStatus } from '../../../../shared/api/dtoSelfEval.ts';
import { SELF_EVAL_STATUSES } from '../../../../shared/api/schemasSelfEval.ts';
import { GOAL_GRADE_LABELS, SELF_EVAL_OWNER_LABELS, SELF_EVAL_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { navigate, useRouteQuery } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { notifySuccess } from '../../components/notify.ts';
import { OfficeScopeNotice, OfficeScopeSelect, OriginBadge, useOfficeScope } from '../../components/OfficeScope.tsx';
import { useYearOptions } from '../goals/useYearOptions.ts';
import { SelfEvalCheckModal } from './SelfEvalCheckModal.tsx';
import { SelfEvalOutlineModal } from './selfEvalOutlineModal.tsx';
import { FINANCE_ROLES, GRADE_COLORS, SELF_EVAL_TABLES, STATUS_COLORS, fmt2, pct } from './selfEvalModel.ts';

const PAGE_SIZES = [50, 100, 200];
type GradeFilter = 'excellent' | 'good' | 'fair' | 'low' | 'poor' | 'none';
const GRADE_OPTIONS: { value: GradeFilter; label: string }[] = [
  ...(['excellent', 'good', 'fair', 'low', 'poor'] as const).map((g) => ({ value: g, label: GOAL_GRADE_LABELS[g] })),
  { value: 'none', label: '未评分' },
];

/**
 * 单位自评: every project's and unit's self-evaluation of the year with its 总分 and 等级.
 * 生成自评表 creates drafts for every object with an approved goal, pre-filled from the goal and
 * the year's monitoring; a row opens the 自评表.
 */
export function SelfEvalListPage() {
  const { session } = useSession();
  const route = useRouteQuery();
  const [year, setYear] = useState(Number(route.get('year')) || session.office.currentYear);
  const [ownerType, setOwnerType] = useState<'project' | 'unitOverall' | null>(null);
  // ?status=… (links from the home screen's 待办) preselects the status filter.
  const [status, setStatus] = useState<SelfEvalStatus | null>(() => SELF_EVAL_STATUSES.find((s) => s === route.get('status')) ?? null);
  const [grade, setGrade] = useState<GradeFilter | null>(null);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [q] = useDebouncedValue(query.trim(), 250);
  const [checkOpen, setCheckOpen] = useState(false);
  const [outlineOpen, setOutlineOpen] = useState(false);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [origin, setOrigin] = useState<string | null>(route.get('origin'));
  const scope = useOfficeScope(origin);
  // Another office's evaluations are browsed read-only: nothing to generate over them.
  const finance = FINANCE_ROLES.includes(session.user.role) && scope.other === null;

  const yearOptions = useYearOptions(session.office.currentYear);
  const units = useApiQuery('units.tree', {}, ['units']);
  const unitOptions = useMemo(() => (units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.code} ${u.name}` })), [units.data]);
  const list = useApiQuery(
    'selfEval.list',
    { year, ...(ownerType ? { ownerType } : {}), ...(status ? { status } : {}), ...(grade ? { grade } : {}), ...(unitId ? { unitId } : {}), ...scope.input, q, page, pageSize },
    SELF_EVAL_TABLES,
    { placeholderData: keepPreviousData, enabled: scope.ready },
  );
  const populate = useApiMutation('selfEval.populate');
  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  const reset = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  const runPopulate = () =>
    populate.mutate({ year }, {
      onSuccess: (r) =>
        notifySuccess(
          r.created > 0 ? `新生成 ${r.created} 张自评表（项目 ${r.projects} 张、部门整体 ${r.units} 张），已有 ${r.existing} 张。` : `没有需要新生成的自评表（已有 ${r.existing} 张）。绩效目标批复后才能生成自评表。`,
          '生成自评表',
        ),
    });

  const columns: DataTableColumn<SelfEvalRowDto>[] = [
    {
      accessor: 'title',
      title: '项目 / 单位',
      render: (r) => (
        <Stack gap={0}>
          <Text size="sm" fw={500} lineClamp={1}>{r.title}<OriginBadge origin={r.origin} readOnly={r.readOnly} /></Text>
          {r.projectCode ? <Text size="xs" c="dimmed" ff="monospace">{r.projectCode}</Text> : null}
        </Stack>
      ),
    },
    {
      accessor: 'ownerType',
      title: '类型',
      width: 110,
      render: (r) => <Badge variant="light" color={r.ownerType === 'project' ? 'blue' : 'grape'} radius="sm">{SELF_EVAL_OWNER_LABELS[r.ownerType]}</Badge>,
    },
    { accessor: 'unitName', title: '单位', width: 180, render: (r) => <Text size="sm" lineClamp={1}>{r.unitName}</Text> },
    { accessor: 'annualBudgetFen', title: '全年预算（万元）', width: 150, textAlign: 'right', render: (r) => <Text size="sm" className="num">{formatWan(r.annualBudgetFen)}</Text> },
    { accessor: 'executionRate', title: '执行率', width: 90, textAlign: 'right', render: (r) => <Text size="sm" className="num">{pct(r.executionRate)}</Text> },
    {
      accessor: 'status',
      title: '状态',
      width: 130,
      render: (r) => <Badge variant="light" color={STATUS_COLORS[r.status]} radius="sm">{SELF_EVAL_STATUS_LABELS[r.status]}</Badge>,
    },
    { accessor: 'total', title: '总分', width: 80, textAlign: 'right', render: (r) => <Text size="sm" fw={600} className="num">{fmt2(r.total)}</Text> },
    {
      accessor: 'grade',
      title: '等级',
      width: 70,
      textAlign: 'center',
      render: (r) => (r.grade ? <Badge color={GRADE_COLORS[r.grade]} variant="filled" radius="sm">{GOAL_GRADE_LABELS[r.grade]}</Badge> : <Text size="sm" c="dimmed">—</Text>),
    },
  ];

  return (
    <Stack gap="md">
      <SelfEvalCheckModal opened={checkOpen} onClose={() => setCheckOpen(false)} />
      {session.user.role === 'performance' ? <SelfEvalOutlineModal opened={outlineOpen} onClose={() => setOutlineOpen(false)} year={year} /> : null}
      <PageHeader
        title="单位自评"
        description={
          <OfficeScopeNotice scope={scope} onBack={() => reset(setOrigin)(scope.own)}>
            项目支出和部门整体支出的绩效自评表：按批复的绩效目标和年度监控数据预填，按规则方案自动计算得分和等级。
          </OfficeScopeNotice>
        }
        actions={
          <>
            {session.user.role !== 'admin' ? (
              <Button variant="default" leftSection={<IconFileSearch size={16} />} onClick={() => setCheckOpen(true)}>核对单位自评表</Button>
            ) : null}
            {session.user.role === 'performance' ? (
              <Button variant="default" leftSection={<IconListNumbers size={16} />} onClick={() => setOutlineOpen(true)} data-testid="se-outline-open">报告提纲</Button>
            ) : null}
            {finance ? (
              <Button leftSection={<IconSparkles size={16} />} loading={populate.isPending} onClick={runPopulate} data-testid="se-populate">生成自评表</Button>
            ) : null}
            <OfficeScopeSelect scope={scope} label={false} onChange={reset(setOrigin)} />
            <Select aria-label="年度" w={130} data={yearOptions} value={String(year)} allowDeselect={false} onChange={(v) => v && reset(setYear)(Number(v))} />
          </>
        }
      />
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" wrap="wrap" gap="sm" mb="sm">
          <Group gap="sm">
            <TextInput
              aria-label="按项目名称、编码或单位查找"
              placeholder="按项目名称、编码或单位查找"
              leftSection={<IconSearch size={16} />}
              rightSection={query ? <ActionIcon variant="subtle" color="gray" size="sm" aria-label="清除查找" onClick={() => setQuery('')}><IconX size={14} /></ActionIcon> : null}
              w={260}
              value={query}
              onChange={(e) => {
                setQuery(e.currentTarget.value);
                setPage(1);
              }}
            />
            <Select aria-label="类型" placeholder="全部类型" w={140} clearable data={[{ value: 'project', label: '项目支出' }, { value: 'unitOverall', label: '部门整体支出' }]} value={ownerType} onChange={(v) => reset(setOwnerType)(v === 'project' || v === 'unitOverall' ? v : null)} />
            <Select aria-label="单位" placeholder="全部单位（含下级）" w={240} searchable clearable nothingFoundMessage="没有符合的单位" data={unitOptions} value={unitId} onChange={reset(setUnitId)} />
            <Select
              aria-label="状态"
              placeholder="全部状态"
              w={150}
              clearable
              data={SELF_EVAL_STATUSES.map((s) => ({ value: s, label: SELF_EVAL_STATUS_LABELS[s] }))}
              value={status}
              onChange={(v) => reset(setStatus)((SELF_EVAL_STATUSES as readonly string[]).includes(v ?? '') ? (v as SelfEvalStatus) : null)}
            />
            <Select aria-label="等级" placeholder="全部等级" w={120} clearable data={GRADE_OPTIONS} value={grade} onChange={(v) => reset(setGrade)(GRADE_OPTIONS.find((o) => o.value === v)?.value ?? null)} />
          </Group>
          <Text size="sm" c="dimmed" data-testid="se-count">共 {total.toLocaleString('zh-CN')} 张自评表</Text>
        </Group>
        {list.isError ? (
          <Alert color="red" variant="light" title="无法读取自评表">{list.error.message}</Alert>
        ) : (
          <DataTable
            withTableBorder
            borderRadius="sm"
            highlightOnHover
            striped
            verticalSpacing={7}
            minHeight={rows.length === 0 ? 220 : undefined}
            fetching={list.isFetching && !list.data}
            loaderType="dots"
            records={rows}
            columns={columns}
            onRowClick={({ record }) => navigate(`/evaluation/self/${encodeURIComponent(record.id)}`)}
            rowStyle={() => ({ cursor: 'pointer' })}
            noRecordsText={finance ? '没有自评表。绩效目标批复后，点击“生成自评表”。' : '没有符合条件的自评表'}
            totalRecords={total}
            page={page}
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
        )}
      </Paper>
    </Stack>
  );
}
