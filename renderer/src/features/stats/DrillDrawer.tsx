import { useState } from 'react';
import { Alert, Anchor, Badge, Drawer, Group, Stack, Text } from '@mantine/core';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { keepPreviousData } from '@tanstack/react-query';
import type { StatDrillRow, StatScope } from '../../../../shared/api/dtoStatistics.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import type { StatCut } from '../../../../shared/rules/statisticsCatalog.ts';
import { useApiQuery } from '../../api/queries.ts';
import { navigate } from '../../app/router.ts';
import { ROW_PAGINATION } from '../../components/tablePaging.ts';

/** Every table a statistic reads: any change to one of them refreshes the figures. */
export const STAT_TABLES = [
  'projects', 'project_tags', 'goal_sheets', 'ex_ante_assessments', 'monitoring_rounds', 'monitoring_sheets', 'self_evaluations', 'recheck_samples', 'recheck_items',
  'key_evaluations', 'rectifications', 'linkage_decisions', 'disclosures', 'units', 'peer_offices', 'bundle_log', 'fiscal_years', 'rule_profiles', 'submissions',
];

/** What a clicked figure asks for: the figure, and the cut and row of the table it sat in. */
export interface DrillTarget {
  figure: string;
  cut?: StatCut | undefined;
  key?: string | undefined;
  /** Where it was clicked (the row's label), shown in the drawer's title. */
  context?: string | undefined;
}

export interface DrillScope {
  year: number;
  scope: StatScope;
  origin?: string | undefined;
}

const PAGE_SIZES = [20, 50, 100];

/**
 * 统计明细: the records behind a clicked figure, with the figure's definition, its count and amount
 * (the same the figure shows) and a link to each record's own page.
 */
export function DrillDrawer({ target, scope, onClose }: { target: DrillTarget | null; scope: DrillScope; onClose: () => void }) {
  return (
    <Drawer opened={target !== null} onClose={onClose} position="right" size={880} title={<Text fw={700}>统计明细</Text>} data-testid="drill-drawer">
      {target ? <DrillList key={`${target.figure}:${target.cut ?? ''}:${target.key ?? ''}`} target={target} scope={scope} /> : null}
    </Drawer>
  );
}

function DrillList({ target, scope }: { target: DrillTarget; scope: DrillScope }) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useApiQuery(
    'statistics.drill',
    { year: scope.year, scope: scope.scope, ...(scope.origin ? { origin: scope.origin } : {}), figure: target.figure, ...(target.cut ? { cut: target.cut } : {}), ...(target.key !== undefined ? { key: target.key } : {}), page, pageSize },
    STAT_TABLES,
    { placeholderData: keepPreviousData },
  );
  const d = list.data;
  const withAmount = d?.totalFen !== null && d?.totalFen !== undefined;
  const columns: DataTableColumn<StatDrillRow>[] = [
    {
      accessor: 'name', title: '名称',
      render: (r) => (
        <Stack gap={0}>
          {r.link ? (
            <Anchor
              size="sm"
              fw={500}
              href={`#${r.link}`}
              onClick={(e) => {
                e.preventDefault();
                if (r.link) navigate(r.link);
              }}
            >
              {r.name}
            </Anchor>
          ) : <Text size="sm" fw={500}>{r.name}</Text>}
          <Text size="xs" c="dimmed" ff="monospace">{r.code}</Text>
        </Stack>
      ),
    },
    { accessor: 'unitName', title: '单位', width: 140, render: (r) => <Text size="sm" lineClamp={2}>{r.unitName}</Text> },
    ...(scope.scope === 'prefecture' ? [{ accessor: 'originName', title: '地区', width: 120, render: (r: StatDrillRow) => <Text size="sm" lineClamp={2}>{r.originName}</Text> }] : []),
    ...(withAmount ? [{ accessor: 'amountFen', title: '金额（万元）', width: 110, textAlign: 'right' as const, render: (r: StatDrillRow) => <Text size="sm" className="num">{r.amountFen === null ? '—' : formatWan(r.amountFen)}</Text> }] : []),
    { accessor: 'status', title: '状态', width: 140, render: (r) => <Text size="sm" c="dimmed" lineClamp={2}>{r.status}</Text> },
  ];
  return (
    <Stack gap="sm">
      {d ? (
        <Stack gap={4}>
          <Group gap="xs">
            <Text fw={700} data-testid="drill-label">{d.label}</Text>
            {target.context ? <Badge variant="light" radius="sm">{target.context}</Badge> : null}
          </Group>
          <Text size="sm" c="dimmed">口径：{d.definition}</Text>
          <Text size="sm" data-testid="drill-total">
            共 <b className="num">{d.total.toLocaleString('zh-CN')}</b> 条{withAmount ? <>，金额 <b className="num">{formatWan(d.totalFen ?? 0)}</b> 万元</> : null}
          </Text>
        </Stack>
      ) : null}
      {list.isError ? (
        <Alert color="red" variant="light" title="无法读取明细">{list.error.message}</Alert>
      ) : (
        <DataTable
          withTableBorder
          borderRadius="sm"
          striped
          highlightOnHover
          verticalSpacing={6}
          minHeight={d && d.rows.length === 0 ? 160 : undefined}
          fetching={list.isFetching && !d}
          loaderType="dots"
          records={d?.rows ?? []}
          idAccessor="id"
          columns={columns}
          noRecordsText="没有对应的记录"
          totalRecords={d?.total ?? 0}
          page={page}
          onPageChange={setPage}
          recordsPerPage={pageSize}
          recordsPerPageOptions={PAGE_SIZES}
          onRecordsPerPageChange={(n) => {
            setPageSize(n);
            setPage(1);
          }}
          {...ROW_PAGINATION}
          data-testid="drill-table"
        />
      )}
    </Stack>
  );
}
