import '@mantine/charts/styles.css';
import { useMemo, useState, type ReactNode } from 'react';
import {
  Alert, Anchor, Badge, Group, Loader, Paper, Progress, Select, SimpleGrid, Stack, Table, Text, ThemeIcon, Title,
} from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { IconAlertTriangle, IconBuildingBank, IconClipboardCheck, IconCoin, IconFolders, IconPlaylistAdd } from '@tabler/icons-react';
import type { CoverageCell, CoverageDto } from '../../../../shared/api/dtoGoals.ts';
import { BUDGET_TYPE_LABELS, FUND_TAG_LABELS } from '../../../../shared/domain/projects.ts';
import { EX_ANTE_CONCLUSION_LABELS, GOAL_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { formatWan, parseWanToFen } from '../../../../shared/rules/money.ts';
import { round2 } from '../../../../shared/rules/rounding.ts';
import { useApiQuery } from '../../api/queries.ts';
import { navigate } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { CONCLUSION_COLORS, GOAL_STATUS_COLORS, PROJECT_TABLES, formatRate, projectListRoute, type ProjectFilters } from './projectUi.tsx';

const COVERAGE_TABLES = [...PROJECT_TABLES, 'goal_events'];
const num = { fontVariantNumeric: 'tabular-nums' } as const;

/** A figure that opens the project list filtered to the records behind it. */
function Linked({ to, children, label }: { to: ProjectFilters | null; children: ReactNode; label?: string }) {
  if (!to) return <>{children}</>;
  const route = projectListRoute(to);
  return (
    <Anchor
      href={`#${route}`}
      onClick={(e) => {
        e.preventDefault();
        navigate(route);
      }}
      underline="hover"
      c="blue.7"
      title={label ?? '在项目库中查看这些项目'}
      style={num}
    >
      {children}
    </Anchor>
  );
}

/**
 * The shown amounts are rounded to 0.01 万元 each; a total computed from the exact 分 may differ
 * from the sum of the shown parts (DECISIONS.md "Amounts": say so rather than adjust a part).
 */
function shownHundredths(fen: number): number {
  return parseWanToFen(formatWan(fen)) ?? 0;
}
function partsDisagree(parts: readonly number[], totalFen: number): boolean {
  return parts.reduce((a, p) => a + shownHundredths(p), 0) !== shownHundredths(totalFen);
}

function sumCells(cells: readonly CoverageCell[]): CoverageCell {
  return cells.reduce<CoverageCell>(
    (a, c) => ({ count: a.count + c.count, covered: a.covered + c.covered, amountFen: a.amountFen + c.amountFen, coveredAmountFen: a.coveredAmountFen + c.coveredAmountFen }),
    { count: 0, covered: 0, amountFen: 0, coveredAmountFen: 0 },
  );
}

/** 目标覆盖情况: how many projects (and how much money) have approved goals, by budget and fund type. */
export function CoveragePage() {
  const { session } = useSession();
  const [year, setYear] = useState(session.office.currentYear);
  const years = useApiQuery('years.list', {}, ['fiscal_years', 'office']);
  const coverage = useApiQuery('stats.coverage', { year }, COVERAGE_TABLES);
  const yearOptions = useMemo(() => {
    const ys = new Set((years.data ?? []).map((y) => y.year));
    ys.add(year);
    return [...ys].sort((a, b) => b - a).map((y) => ({ value: String(y), label: `${y} 年度` }));
  }, [years.data, year]);

  return (
    <Stack gap="md">
      <PageHeader
        title="目标覆盖情况"
        description="已批复（含已公开）绩效目标的项目和单位占全部项目和单位的比例，按个数和金额统计；已取消的项目不计入。点击数字可在项目库中查看对应项目。"
        actions={<Select aria-label="年度" w={130} allowDeselect={false} data={yearOptions} value={String(year)} onChange={(v) => v && setYear(Number(v))} />}
      />
      {coverage.isError ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="无法读取覆盖情况">{coverage.error.message}</Alert>
      ) : !coverage.data ? (
        <Group gap="sm" py="xl" justify="center"><Loader size="sm" /><Text size="sm" c="dimmed">正在统计……</Text></Group>
      ) : (
        <CoverageView data={coverage.data} />
      )}
    </Stack>
  );
}

function CoverageView({ data }: { data: CoverageDto }) {
  const year = data.year;
  const p = data.projects;
  const budgetTotal = sumCells(data.byBudgetType);
  const chartData = data.byBudgetType.map((b) => ({
    type: BUDGET_TYPE_LABELS[b.budgetType],
    按个数: b.count ? round2((b.covered / b.count) * 100) : 0,
    按金额: b.amountFen ? round2((b.coveredAmountFen / b.amountFen) * 100) : 0,
  }));
  const ex = data.exAnte;

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        <StatCard
          icon={<IconFolders size={20} />}
          color="blue"
          title="项目目标覆盖率（按个数）"
          rate={formatRate(p.covered, p.count)}
          value={p.count ? p.covered / p.count : 0}
          detail={
            <>
              已批复 <Text span fw={600} style={num}>{p.covered.toLocaleString('zh-CN')}</Text> 个 / 共{' '}
              <Linked to={{ year }}>{p.count.toLocaleString('zh-CN')}</Linked> 个项目
            </>
          }
          testId="coverage-count"
        />
        <StatCard
          icon={<IconCoin size={20} />}
          color="teal"
          title="项目目标覆盖率（按金额）"
          rate={formatRate(p.coveredAmountFen, p.amountFen)}
          value={p.amountFen ? p.coveredAmountFen / p.amountFen : 0}
          detail={
            <>
              <Text span fw={600} style={num}>{formatWan(p.coveredAmountFen)}</Text> / {formatWan(p.amountFen)} 万元
            </>
          }
          testId="coverage-amount"
        />
        <StatCard
          icon={<IconBuildingBank size={20} />}
          color="grape"
          title="部门整体目标覆盖率"
          rate={formatRate(data.units.covered, data.units.count)}
          value={data.units.count ? data.units.covered / data.units.count : 0}
          detail={
            <>
              已批复 <Text span fw={600} style={num}>{data.units.covered}</Text> 个 / 共{' '}
              <Anchor href="#/goals/units" c="blue.7" onClick={(e) => { e.preventDefault(); navigate('/goals/units'); }} underline="hover" title="查看部门整体目标">
                {data.units.count}
              </Anchor>{' '}
              个单位
            </>
          }
          testId="coverage-units"
        />
        <StatCard
          icon={<IconPlaylistAdd size={20} />}
          color="orange"
          title="年中追加项目目标覆盖率"
          rate={formatRate(data.midYearAdditions.covered, data.midYearAdditions.count)}
          value={data.midYearAdditions.count ? data.midYearAdditions.covered / data.midYearAdditions.count : 0}
          detail={
            <>
              已批复 <Text span fw={600} style={num}>{data.midYearAdditions.covered}</Text> 个 / 共 {data.midYearAdditions.count} 个，
              {formatWan(data.midYearAdditions.amountFen)} 万元
            </>
          }
          testId="coverage-midyear"
        />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md">
        <Paper withBorder radius="md" p="md" style={{ gridColumn: 'span 2' }}>
          <Text fw={600} mb={4}>按预算类型的目标覆盖率</Text>
          <Text size="xs" c="dimmed" mb="md">覆盖率 = 已批复目标的项目 ÷ 全部项目，分别按个数和全年预算金额计算。</Text>
          <BarChart
            h={240}
            data={chartData}
            dataKey="type"
            unit="%"
            yAxisProps={{ domain: [0, 100], ticks: [0, 25, 50, 75, 100], tickFormatter: (v: number) => String(v) }}
            withLegend
            legendProps={{ verticalAlign: 'top', height: 36 }}
            valueFormatter={(v) => v.toFixed(2)}
            series={[
              { name: '按个数', color: 'blue.6' },
              { name: '按金额', color: 'teal.6' },
            ]}
            maxBarWidth={40}
          />
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Group gap="xs" mb="sm">
            <ThemeIcon variant="light" color="red" size="md"><IconClipboardCheck size={16} /></ThemeIcon>
            <Text fw={600}>事前绩效评估</Text>
          </Group>
          <Group gap="xl" mb="sm">
            <Stack gap={0}>
              <Text size="xs" c="dimmed">须评估</Text>
              <Text fw={700} fz={24} style={num}>{ex.required}</Text>
            </Stack>
            <Stack gap={0}>
              <Text size="xs" c="dimmed">已完成</Text>
              <Text fw={700} fz={24} style={num}>{ex.completed}</Text>
            </Stack>
            <Stack gap={0}>
              <Text size="xs" c="dimmed">完成率</Text>
              <Text fw={700} fz={24} style={num}>{formatRate(Math.min(ex.completed, ex.required), ex.required)}</Text>
            </Stack>
          </Group>
          <Text size="xs" c="dimmed" mb={6}>已完成评估的结论分布</Text>
          <Stack gap={6}>
            {([['support', ex.support], ['supportAfterAdjustment', ex.adjust], ['reject', ex.reject]] as const).map(([c, n]) => (
              <Group key={c} gap="sm" wrap="nowrap">
                <Badge w={92} variant="light" color={CONCLUSION_COLORS[c]} radius="sm">{EX_ANTE_CONCLUSION_LABELS[c]}</Badge>
                <Progress value={ex.completed ? (n / ex.completed) * 100 : 0} color={CONCLUSION_COLORS[c]} style={{ flex: 1 }} size="lg" />
                <Text size="sm" w={36} ta="right" style={num}>{n}</Text>
              </Group>
            ))}
          </Stack>
          <Text size="xs" c="dimmed" mt="sm">已完成数含不在必须评估范围内、自愿开展评估的项目。</Text>
        </Paper>
      </SimpleGrid>

      <CoverageTable
        title="按预算类型"
        firstColumn="预算类型"
        rows={data.byBudgetType.map((b) => ({ key: b.budgetType, label: BUDGET_TYPE_LABELS[b.budgetType], cell: b, link: { year, budgetType: b.budgetType } }))}
        total={budgetTotal}
        totalLink={{ year }}
        testId="coverage-by-budget"
      />
      <CoverageTable
        title="按资金性质"
        firstColumn="资金性质"
        rows={data.byTag.map((t) => ({ key: t.tag, label: FUND_TAG_LABELS[t.tag], cell: t, link: { year, tag: t.tag } }))}
        total={null}
        note="一个项目可同时具有多种资金性质，会计入每一种，因此各行相加可能大于项目总数，本表不设合计行；未标注资金性质的项目不在本表中。"
        testId="coverage-by-tag"
      />
      <StatusTable data={data} />
    </Stack>
  );
}

function StatCard({ icon, color, title, rate, value, detail, testId }: {
  icon: ReactNode;
  color: string;
  title: string;
  rate: string;
  value: number;
  detail: ReactNode;
  testId: string;
}) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Group gap="xs" mb="xs" wrap="nowrap">
        <ThemeIcon variant="light" color={color} size="md">{icon}</ThemeIcon>
        <Text size="sm" c="dimmed" fw={500}>{title}</Text>
      </Group>
      <Title order={2} style={num}>{rate}</Title>
      <Progress value={Math.min(100, value * 100)} color={color} size="sm" mt="xs" mb="xs" />
      <Text size="sm">{detail}</Text>
    </Paper>
  );
}

interface CoverageRow {
  key: string;
  label: string;
  cell: CoverageCell;
  link: ProjectFilters | null;
}

function CoverageTable({ title, firstColumn, rows, total, totalLink, note, testId }: {
  title: string;
  firstColumn: string;
  rows: CoverageRow[];
  total: CoverageCell | null;
  totalLink?: ProjectFilters;
  note?: string;
  testId: string;
}) {
  let rounding: string | null = null;
  if (total) {
    const amountOff = partsDisagree(rows.map((r) => r.cell.amountFen), total.amountFen);
    const coveredOff = partsDisagree(rows.map((r) => r.cell.coveredAmountFen), total.coveredAmountFen);
    if (amountOff || coveredOff) {
      const which = [amountOff ? '“金额”' : null, coveredOff ? '“已覆盖金额”' : null].filter(Boolean).join('和');
      rounding = `各行金额分别四舍五入到 0.01 万元显示，合计按精确金额计算后再四舍五入，故${which}列各行之和与合计可能相差 0.01 万元。`;
    }
  }
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Text fw={600} mb="sm">{title}</Text>
      <Table.ScrollContainer minWidth={860}>
        <Table withTableBorder withColumnBorders striped highlightOnHover verticalSpacing={6}>
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>{firstColumn}</Table.Th>
              <Table.Th ta="right" w={90}>项目数</Table.Th>
              <Table.Th ta="right" w={90}>已覆盖</Table.Th>
              <Table.Th ta="right" w={100}>覆盖率</Table.Th>
              <Table.Th ta="right" w={150}>金额（万元）</Table.Th>
              <Table.Th ta="right" w={150}>已覆盖金额（万元）</Table.Th>
              <Table.Th ta="right" w={110}>金额覆盖率</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td>{r.label}</Table.Td>
                <Table.Td ta="right">{r.cell.count > 0 ? <Linked to={r.link}>{r.cell.count.toLocaleString('zh-CN')}</Linked> : <Text span size="sm" c="dimmed">0</Text>}</Table.Td>
                <Table.Td ta="right" style={num}>{r.cell.covered.toLocaleString('zh-CN')}</Table.Td>
                <Table.Td ta="right" style={num}>{formatRate(r.cell.covered, r.cell.count)}</Table.Td>
                <Table.Td ta="right" style={num}>{formatWan(r.cell.amountFen)}</Table.Td>
                <Table.Td ta="right" style={num}>{formatWan(r.cell.coveredAmountFen)}</Table.Td>
                <Table.Td ta="right" style={num}>{formatRate(r.cell.coveredAmountFen, r.cell.amountFen)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          {total ? (
            <Table.Tfoot bg="gray.0">
              <Table.Tr>
                <Table.Th>合计{rounding ? <Text span c="orange.8">*</Text> : null}</Table.Th>
                <Table.Th ta="right">{total.count > 0 ? <Linked to={totalLink ?? null}>{total.count.toLocaleString('zh-CN')}</Linked> : '0'}</Table.Th>
                <Table.Th ta="right" style={num}>{total.covered.toLocaleString('zh-CN')}</Table.Th>
                <Table.Th ta="right" style={num}>{formatRate(total.covered, total.count)}</Table.Th>
                <Table.Th ta="right" style={num}>{formatWan(total.amountFen)}</Table.Th>
                <Table.Th ta="right" style={num}>{formatWan(total.coveredAmountFen)}</Table.Th>
                <Table.Th ta="right" style={num}>{formatRate(total.coveredAmountFen, total.amountFen)}</Table.Th>
              </Table.Tr>
            </Table.Tfoot>
          ) : null}
        </Table>
      </Table.ScrollContainer>
      {rounding ? <Text size="xs" c="dimmed" mt={6}>* {rounding}</Text> : null}
      {note ? <Text size="xs" c="dimmed" mt={6}>注：{note}</Text> : null}
    </Paper>
  );
}

function StatusTable({ data }: { data: CoverageDto }) {
  const rows = data.byStatus.filter((s) => s.count > 0 || s.status === 'none' || s.status === 'approved');
  const count = data.byStatus.reduce((a, s) => a + s.count, 0);
  const amount = data.byStatus.reduce((a, s) => a + s.amountFen, 0);
  const off = partsDisagree(data.byStatus.map((s) => s.amountFen), amount);
  return (
    <Paper withBorder radius="md" p="md" data-testid="coverage-by-status">
      <Text fw={600} mb="sm">绩效目标状态分布</Text>
      <Table withTableBorder withColumnBorders striped highlightOnHover verticalSpacing={6}>
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th w={160}>目标状态</Table.Th>
            <Table.Th ta="right" w={90}>项目数</Table.Th>
            <Table.Th ta="right" w={90}>占比</Table.Th>
            <Table.Th />
            <Table.Th ta="right" w={150}>金额（万元）</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((s) => (
            <Table.Tr key={s.status}>
              <Table.Td>
                <Badge variant={s.status === 'none' ? 'outline' : 'light'} color={GOAL_STATUS_COLORS[s.status]} radius="sm">{GOAL_STATUS_LABELS[s.status]}</Badge>
              </Table.Td>
              <Table.Td ta="right">
                {s.count > 0 ? <Linked to={{ year: data.year, goalStatus: s.status }}>{s.count.toLocaleString('zh-CN')}</Linked> : <Text span size="sm" c="dimmed">0</Text>}
              </Table.Td>
              <Table.Td ta="right" style={num}>{formatRate(s.count, count)}</Table.Td>
              <Table.Td><Progress value={count ? (s.count / count) * 100 : 0} color={GOAL_STATUS_COLORS[s.status]} size="md" /></Table.Td>
              <Table.Td ta="right" style={num}>{formatWan(s.amountFen)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot bg="gray.0">
          <Table.Tr>
            <Table.Th>合计{off ? <Text span c="orange.8">*</Text> : null}</Table.Th>
            <Table.Th ta="right" style={num}>{count.toLocaleString('zh-CN')}</Table.Th>
            <Table.Th ta="right" style={num}>{count ? '100.00%' : '—'}</Table.Th>
            <Table.Th />
            <Table.Th ta="right" style={num}>{formatWan(amount)}</Table.Th>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
      {off ? <Text size="xs" c="dimmed" mt={6}>* 各行金额分别四舍五入到 0.01 万元显示，合计按精确金额计算后再四舍五入，故各行之和与合计可能相差 0.01 万元。</Text> : null}
      <Text size="xs" c="dimmed" mt={6}>项目库中按目标状态筛选时包括已取消的项目，数量可能多于本表。</Text>
    </Paper>
  );
}
