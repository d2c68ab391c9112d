import '@mantine/charts/styles.css';
import { useState, type ReactNode } from 'react';
import {
  Alert, Button, Group, Loader, Paper, Progress, Select, SimpleGrid, Stack, Table, Text, ThemeIcon, Title,
} from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { IconAlertTriangle, IconChartBar, IconClipboardList, IconCoin, IconGavel, IconListCheck } from '@tabler/icons-react';
import type { MonitoringSummaryDto, WarningLevel } from '../../../../shared/api/dtoMonitoring.ts';
import { WARNING_LEVEL_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import { MONEY_ACTIONS, timeProgress, type DecisionAction } from '../../../../shared/rules/monitoring.ts';
import { round2 } from '../../../../shared/rules/rounding.ts';
import { useApiQuery } from '../../api/queries.ts';
import { navigate, useRouteQuery } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useYearOptions } from '../goals/useYearOptions.ts';
import { formatRate } from '../projects/projectUi.tsx';
import { summaryPartsDisagree, UNIT_CHART_LIMIT } from './summaryUi.ts';
import {
  LevelDot, RouteLink, SUMMARY_TABLES, WARNING_LEVELS, WARNING_RULES, actionLabel, num, rectificationsRoute, ruleLabel,
  useRoundOptions, warningsRoute, type WarningFilters,
} from './warningUi.tsx';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(2)}%`);
const isMoneyAction = (a: string) => (MONEY_ACTIONS as readonly string[]).includes(a as DecisionAction);

/**
 * 监控汇总: how much of the year's work a round covered (objects and money), execution against
 * time progress, the warnings it raised and what was done about them. Figures open the lists
 * behind them (预警与处理, 整改事项) already filtered.
 */
export function MonitoringSummaryPage() {
  const { session } = useSession();
  const route = useRouteQuery();
  const [year, setYear] = useState(() => {
    const y = Number(route.get('year'));
    return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : session.office.currentYear;
  });
  // A round id, or undefined: the backend then summarises the latest 项目 round of the year.
  const [round, setRound] = useState<string | undefined>(route.get('round') ?? undefined);
  const yearOptions = useYearOptions(session.office.currentYear);
  const { rounds, options } = useRoundOptions(year, null);
  const summary = useApiQuery('monitoring.summary', { year, ...(round ? { roundId: round } : {}) }, SUMMARY_TABLES);
  const noRounds = rounds.data !== undefined && rounds.data.length === 0;

  return (
    <Stack gap="md">
      <PageHeader
        title="监控汇总"
        description="按监控批次统计应监控和已监控的项目及金额、预算执行与时间进度、预警和处理情况。点击数字可查看对应的预警或整改事项。"
        actions={
          <>
            <Select
              aria-label="年度"
              w={120}
              allowDeselect={false}
              data={yearOptions}
              value={String(year)}
              onChange={(v) => {
                if (!v) return;
                setYear(Number(v));
                setRound(undefined);
              }}
            />
            <Select
              aria-label="监控批次"
              w={280}
              allowDeselect={false}
              data={options}
              value={round ?? summary.data?.roundId ?? null}
              placeholder="选择监控批次"
              onChange={(v) => v && setRound(v)}
              comboboxProps={{ width: 320, position: 'bottom-end' }}
            />
          </>
        }
      />
      {noRounds ? (
        <Paper withBorder radius="md" p="xl" data-testid="summary-no-rounds">
          <Stack align="center" gap="sm" py="lg">
            <Text fw={600} size="lg">{year} 年度还没有监控批次</Text>
            <Text size="sm" c="dimmed" ta="center" maw={560}>新建监控批次并生成监控表、导入执行数后，这里汇总监控覆盖面、执行进度和预警处理情况。</Text>
            <Button variant="light" onClick={() => navigate('/monitoring')}>前往监控批次</Button>
          </Stack>
        </Paper>
      ) : summary.isError ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="无法读取监控汇总">{summary.error.message}</Alert>
      ) : !summary.data ? (
        <Group gap="sm" py="xl" justify="center"><Loader size="sm" /><Text size="sm" c="dimmed">正在统计……</Text></Group>
      ) : (
        <SummaryView data={summary.data} round={summary.data.roundId ?? 'all'} />
      )}
    </Stack>
  );
}

function SummaryView({ data, round }: { data: MonitoringSummaryDto; round: string }) {
  const year = data.year;
  const p = data.projects;
  const period = data.month !== null ? `1–${data.month}月` : '';
  const warnRoute = (f: Omit<WarningFilters, 'year' | 'round'>) => warningsRoute({ year, round, ...f });
  const levelCount = (l: WarningLevel) => data.warningsByLevel.find((w) => w.level === l)?.count ?? 0;
  const red = levelCount('red');
  const yellow = levelCount('yellow');

  // One time progress for the round (every unit shares the cut-off); null across rounds.
  const progressValues = [...new Set(data.byUnit.map((u) => u.timeProgress).filter((t): t is number => t !== null))];
  const tp = progressValues.length === 1 ? (progressValues[0] ?? null) : progressValues.length === 0 && data.month !== null ? timeProgress('months', year, data.month) : null;
  const rateExact = p.monitoredAmountFen > 0 ? (p.executedFen / p.monitoredAmountFen) * 100 : null;
  const rate = rateExact === null ? null : round2(rateExact);
  const gap = rateExact === null || tp === null ? null : round2(tp - rateExact);

  const decisionCount = data.decisionsByAction.reduce((a, d) => a + d.count, 0);
  const decisionAmount = data.decisionsByAction.reduce((a, d) => a + d.amountFen, 0);
  const r = data.rectifications;

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="md">
        <Card icon={<IconClipboardList size={18} />} color="blue" title="项目监控覆盖率" testId="summary-coverage">
          <Title order={2} style={num}>{formatRate(p.monitored, p.total)}</Title>
          <Progress value={p.total ? (p.monitored / p.total) * 100 : 0} color="blue" size="sm" my={6} />
          <Text size="sm">
            已监控 <Text span fw={600} style={num}>{p.monitored.toLocaleString('zh-CN')}</Text> / 应监控 {p.total.toLocaleString('zh-CN')} 个
          </Text>
          <Text size="sm" style={num}>金额 {formatWan(p.monitoredAmountFen)} / {formatWan(p.amountFen)} 万元（{formatRate(p.monitoredAmountFen, p.amountFen)}）</Text>
          <Text size="xs" c="dimmed" mt={4}>部门整体：已监控 {data.units.monitored} / {data.units.total} 个单位</Text>
        </Card>
        <Card icon={<IconCoin size={18} />} color="teal" title={`${period}预算执行率`} testId="summary-execution">
          <Title order={2} style={num}>{pct(rate)}</Title>
          <ExecutionBar rate={rate} tp={tp} />
          <Text size="sm" style={num}>执行数 {formatWan(p.executedFen)} 万元 / 预算 {formatWan(p.monitoredAmountFen)} 万元</Text>
          <Text size="sm" style={num} c={gap !== null && gap > 0 ? 'orange.8' : undefined}>
            时间进度 {pct(tp)}
            {gap !== null ? (gap > 0 ? `，落后 ${gap.toFixed(2)} 个百分点` : `，超前 ${Math.abs(gap).toFixed(2)} 个百分点`) : ''}
          </Text>
        </Card>
        <Card icon={<IconAlertTriangle size={18} />} color="red" title="预警" testId="summary-warnings">
          <Group gap="lg" align="flex-end">
            <Stack gap={0}>
              <Group gap={6}><LevelDot level="red" size={10} /><Text size="xs" c="dimmed">红色</Text></Group>
              <Text fw={700} fz={26}>{red > 0 ? <RouteLink route={warnRoute({ level: 'red' })} title="查看红色预警">{red.toLocaleString('zh-CN')}</RouteLink> : 0}</Text>
            </Stack>
            <Stack gap={0}>
              <Group gap={6}><LevelDot level="yellow" size={10} /><Text size="xs" c="dimmed">黄色</Text></Group>
              <Text fw={700} fz={26}>{yellow > 0 ? <RouteLink route={warnRoute({ level: 'yellow' })} title="查看黄色预警">{yellow.toLocaleString('zh-CN')}</RouteLink> : 0}</Text>
            </Stack>
          </Group>
          <Text size="sm" mt={4}>
            共 {red + yellow > 0 ? <RouteLink route={warnRoute({})} title="查看全部预警">{(red + yellow).toLocaleString('zh-CN')}</RouteLink> : 0} 条，{' '}
            <RouteLink route={red + yellow > 0 ? warnRoute({ undecided: true }) : null} title="查看尚未处理的预警">查看未处理</RouteLink>
          </Text>
        </Card>
        <Card icon={<IconGavel size={18} />} color="grape" title="处理决定" testId="summary-decisions">
          <Title order={2} style={num}>{decisionCount.toLocaleString('zh-CN')}<Text span size="sm" c="dimmed" fw={400} ml={4}>项</Text></Title>
          <Text size="sm" style={num} mt={6}>涉及资金 {formatWan(decisionAmount)} 万元</Text>
          <Text size="xs" c="dimmed" mt={4}>调减预算、调剂、暂缓或停止拨款、收回资金的金额合计</Text>
        </Card>
        <Card icon={<IconListCheck size={18} />} color="orange" title="整改事项" testId="summary-rectifications">
          <Group gap="lg" align="flex-end">
            <Figure label="未完成" value={r.open} route={null} />
            <Figure label="已完成" value={r.done} route={r.done > 0 ? rectificationsRoute({ year, source: 'monitoring', status: 'done' }) : null} color="teal.8" />
            <Figure label="逾期" value={r.overdue} route={r.overdue > 0 ? rectificationsRoute({ year, source: 'monitoring', status: 'overdue' }) : null} color={r.overdue > 0 ? 'red.7' : undefined} />
          </Group>
          <Text size="sm" mt={4}>
            本年度监控发起共 <RouteLink route={r.total > 0 ? rectificationsRoute({ year, source: 'monitoring' }) : null}>{r.total.toLocaleString('zh-CN')}</RouteLink> 项
          </Text>
        </Card>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <UnitChart data={data} tp={tp} />
        <RuleChart data={data} warnRoute={warnRoute} />
      </SimpleGrid>

      <CategoryTable data={data} />
      <SimpleGrid cols={{ base: 1, lg: 5 }} spacing="md">
        <div style={{ gridColumn: 'span 2' }}><DecisionTable data={data} /></div>
        <div style={{ gridColumn: 'span 3' }}><UnitTable data={data} warnRoute={warnRoute} /></div>
      </SimpleGrid>
    </Stack>
  );
}

function Card({ icon, color, title, testId, children }: { icon: ReactNode; color: string; title: string; testId: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Group gap="xs" mb="xs" wrap="nowrap">
        <ThemeIcon variant="light" color={color} size="md">{icon}</ThemeIcon>
        <Text size="sm" c="dimmed" fw={500}>{title}</Text>
      </Group>
      {children}
    </Paper>
  );
}

function Figure({ label, value, route, color }: { label: string; value: number; route: string | null; color?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} fz={22} c={color} style={num}><RouteLink route={route}>{value.toLocaleString('zh-CN')}</RouteLink></Text>
    </Stack>
  );
}

/** The execution rate as a bar with a tick where time progress stands. */
function ExecutionBar({ rate, tp }: { rate: number | null; tp: number | null }) {
  return (
    <div style={{ position: 'relative', margin: '6px 0' }}>
      <Progress value={Math.min(100, rate ?? 0)} color={rate !== null && tp !== null && rate < tp ? 'orange' : 'teal'} size="sm" />
      {tp !== null ? (
        <div
          title={`时间进度 ${tp.toFixed(2)}%`}
          style={{ position: 'absolute', left: `${Math.min(100, tp)}%`, top: -3, bottom: -3, width: 2, background: 'var(--mantine-color-dark-4)' }}
        />
      ) : null}
    </div>
  );
}

function UnitChart({ data, tp }: { data: MonitoringSummaryDto; tp: number | null }) {
  const units = data.byUnit.filter((u) => u.executionRate !== null).toSorted((a, b) => (a.executionRate ?? 0) - (b.executionRate ?? 0));
  const shown = units.slice(0, UNIT_CHART_LIMIT);
  // Every unit shares one time progress within a round: a reference line says it once; otherwise each unit gets its own bar.
  const shared = tp !== null && data.byUnit.every((u) => u.timeProgress === null || u.timeProgress === tp);
  const chartData = shown.map((u) => ({ unit: u.unitName, 执行率: u.executionRate ?? 0, 时间进度: u.timeProgress ?? 0 }));
  const max = Math.max(100, ...chartData.map((d) => Math.ceil(d.执行率 / 10) * 10));
  return (
    <Paper withBorder radius="md" p="md" data-testid="summary-unit-chart">
      <Text fw={600} mb={4}>各单位预算执行率与时间进度</Text>
      <Text size="xs" c="dimmed" mb="md">
        执行率 = 1–N月执行数 ÷ 全年预算数，按主管部门汇总已监控项目；{shared ? '竖线为时间进度，' : ''}橙色表示执行率低于时间进度。
        {units.length > shown.length ? `按执行率从低到高显示前 ${shown.length} 个单位（共 ${units.length} 个），全部单位见下方“按单位”表。` : ''}
      </Text>
      {chartData.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="xl">尚未导入执行数，暂无执行率。</Text>
      ) : (
        <BarChart
          h={Math.max(200, chartData.length * (shared ? 30 : 44) + 70)}
          data={chartData}
          dataKey="unit"
          orientation="vertical"
          gridAxis="x"
          // In a vertical chart the category axis is Y: the % goes on the value (X) axis only.
          xAxisProps={{ domain: [0, max], tickFormatter: (v: number) => `${v}%` }}
          yAxisProps={{ width: 130, tickFormatter: (v: string) => (v.length > 9 ? `${v.slice(0, 9)}…` : v) }}
          valueFormatter={(v) => `${v.toFixed(2)}%`}
          withLegend={!shared}
          legendProps={{ verticalAlign: 'top', height: 32 }}
          getBarColor={shared && tp !== null ? (v, s) => (s.name === '执行率' && v < tp ? 'orange.6' : 'teal.6') : undefined}
          series={shared ? [{ name: '执行率', color: 'teal.6' }] : [{ name: '执行率', color: 'teal.6' }, { name: '时间进度', color: 'gray.5' }]}
          referenceLines={shared && tp !== null ? [{ x: tp, color: 'dark.4', label: `时间进度 ${tp.toFixed(2)}%`, labelPosition: 'top', strokeDasharray: '4 3' }] : []}
          maxBarWidth={22}
        />
      )}
    </Paper>
  );
}

function RuleChart({ data, warnRoute }: { data: MonitoringSummaryDto; warnRoute: (f: Omit<WarningFilters, 'year' | 'round'>) => string }) {
  const known = new Set<string>(WARNING_RULES);
  const rules = [...WARNING_RULES.filter((r) => data.warningsByRule.some((w) => w.rule === r)), ...new Set(data.warningsByRule.map((w) => w.rule).filter((r) => !known.has(r)))];
  const count = (rule: string, level: WarningLevel) => data.warningsByRule.filter((w) => w.rule === rule && w.level === level).reduce((a, w) => a + w.count, 0);
  const chartData = rules.map((rule) => ({ rule: ruleLabel(rule), 红色预警: count(rule, 'red'), 黄色预警: count(rule, 'yellow') }));
  return (
    <Paper withBorder radius="md" p="md" data-testid="summary-rule-chart">
      <Text fw={600} mb={4}>预警按规则和等级</Text>
      <Text size="xs" c="dimmed" mb="md">同一项目可触发多条规则，每条规则各计一条预警。</Text>
      {rules.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="xl">本批次没有预警。</Text>
      ) : (
        <>
          <BarChart
            h={220}
            data={chartData}
            dataKey="rule"
            type="stacked"
            withLegend
            legendProps={{ verticalAlign: 'top', height: 32 }}
            yAxisProps={{ allowDecimals: false }}
            series={[{ name: '红色预警', color: 'red.6' }, { name: '黄色预警', color: 'yellow.5' }]}
            maxBarWidth={48}
          />
          <Table withTableBorder withColumnBorders verticalSpacing={4} mt="md" fz="sm">
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>规则</Table.Th>
                {WARNING_LEVELS.map((l) => <Table.Th key={l} ta="right" w={96}>{WARNING_LEVEL_LABELS[l]}</Table.Th>)}
                <Table.Th ta="right" w={80}>合计</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.map((rule) => {
                const known2 = (WARNING_RULES as readonly string[]).includes(rule);
                const ruleFilter = known2 ? { rule: rule as (typeof WARNING_RULES)[number] } : {};
                return (
                  <Table.Tr key={rule}>
                    <Table.Td>{ruleLabel(rule)}</Table.Td>
                    {WARNING_LEVELS.map((l) => {
                      const n = count(rule, l);
                      return (
                        <Table.Td key={l} ta="right" style={num}>
                          {n > 0 && known2 ? <RouteLink route={warnRoute({ ...ruleFilter, level: l })}>{n}</RouteLink> : n}
                        </Table.Td>
                      );
                    })}
                    <Table.Td ta="right" style={num}>
                      {known2 ? <RouteLink route={warnRoute(ruleFilter)}>{count(rule, 'red') + count(rule, 'yellow')}</RouteLink> : count(rule, 'red') + count(rule, 'yellow')}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Paper>
  );
}

function CategoryTable({ data }: { data: MonitoringSummaryDto }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid="summary-by-category">
      <Text fw={600} mb="sm">按资金类别</Text>
      <Table.ScrollContainer minWidth={960}>
        <Table withTableBorder withColumnBorders striped highlightOnHover verticalSpacing={6}>
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>资金类别</Table.Th>
              <Table.Th ta="right" w={88}>应监控</Table.Th>
              <Table.Th ta="right" w={88}>已监控</Table.Th>
              <Table.Th ta="right" w={96}>覆盖率</Table.Th>
              <Table.Th ta="right" w={140}>金额（万元）</Table.Th>
              <Table.Th ta="right" w={150}>已监控金额（万元）</Table.Th>
              <Table.Th ta="right" w={104}>金额覆盖率</Table.Th>
              <Table.Th ta="right" w={140}>执行数（万元）</Table.Th>
              <Table.Th ta="right" w={96}>执行率</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.byCategory.length === 0 ? (
              <Table.Tr><Table.Td colSpan={9}><Text size="sm" c="dimmed" ta="center" py="sm">没有标注资金类别的项目</Text></Table.Td></Table.Tr>
            ) : (
              data.byCategory.map((c) => (
                <Table.Tr key={c.category}>
                  <Table.Td>{c.label}</Table.Td>
                  <Table.Td ta="right" style={num}>{c.total.toLocaleString('zh-CN')}</Table.Td>
                  <Table.Td ta="right" style={num}>{c.monitored.toLocaleString('zh-CN')}</Table.Td>
                  <Table.Td ta="right" style={num}>{formatRate(c.monitored, c.total)}</Table.Td>
                  <Table.Td ta="right" style={num}>{formatWan(c.amountFen)}</Table.Td>
                  <Table.Td ta="right" style={num}>{formatWan(c.monitoredAmountFen)}</Table.Td>
                  <Table.Td ta="right" style={num}>{formatRate(c.monitoredAmountFen, c.amountFen)}</Table.Td>
                  <Table.Td ta="right" style={num}>{formatWan(c.executedFen)}</Table.Td>
                  <Table.Td ta="right" style={num}>{formatRate(c.executedFen, c.monitoredAmountFen)}</Table.Td>
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed" mt={6}>
        注：一个项目可同时属于多个资金类别，会计入每一类，因此各行相加可能大于项目总数，本表不设合计行；全部项目的合计见上方“项目监控覆盖率”。执行率 = 执行数 ÷ 已监控金额。
      </Text>
    </Paper>
  );
}

function DecisionTable({ data }: { data: MonitoringSummaryDto }) {
  const rows = data.decisionsByAction.filter((d) => d.count > 0);
  const count = rows.reduce((a, d) => a + d.count, 0);
  const amount = rows.reduce((a, d) => a + d.amountFen, 0);
  const off = summaryPartsDisagree(rows.map((d) => d.amountFen), amount);
  return (
    <Paper withBorder radius="md" p="md" data-testid="summary-decisions-table">
      <Group gap="xs" mb="sm">
        <ThemeIcon variant="light" color="grape" size="sm"><IconGavel size={14} /></ThemeIcon>
        <Text fw={600}>处理决定（按措施）</Text>
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="lg">尚未对预警作出处理。</Text>
      ) : (
        <Table withTableBorder withColumnBorders striped verticalSpacing={6}>
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>处理措施</Table.Th>
              <Table.Th ta="right" w={90}>次数</Table.Th>
              <Table.Th ta="right" w={150}>涉及金额（万元）</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((d) => (
              <Table.Tr key={d.action}>
                <Table.Td>{actionLabel(d.action)}</Table.Td>
                <Table.Td ta="right" style={num}>{d.count.toLocaleString('zh-CN')}</Table.Td>
                <Table.Td ta="right" style={num}>{isMoneyAction(d.action) ? formatWan(d.amountFen) : <Text span size="sm" c="dimmed">—</Text>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot bg="gray.0">
            <Table.Tr>
              <Table.Th>合计{off ? <Text span c="orange.8">*</Text> : null}</Table.Th>
              <Table.Th ta="right" style={num}>{count.toLocaleString('zh-CN')}</Table.Th>
              <Table.Th ta="right" style={num}>{formatWan(amount)}</Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      )}
      {off ? <Text size="xs" c="dimmed" mt={6}>* 各行金额分别四舍五入到 0.01 万元显示，合计按精确金额计算后再四舍五入，故各行之和与合计可能相差 0.01 万元。</Text> : null}
      <Text size="xs" c="dimmed" mt={6}>“—”表示该措施不涉及资金。限期整改会登记整改事项，见“整改事项”。</Text>
    </Paper>
  );
}

function UnitTable({ data, warnRoute }: { data: MonitoringSummaryDto; warnRoute: (f: Omit<WarningFilters, 'year' | 'round'>) => string }) {
  const rows = data.byUnit;
  return (
    <Paper withBorder radius="md" p="md" data-testid="summary-by-unit">
      <Group gap="xs" mb="sm">
        <ThemeIcon variant="light" color="blue" size="sm"><IconChartBar size={14} /></ThemeIcon>
        <Text fw={600}>按单位</Text>
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="lg">本批次还没有监控表。</Text>
      ) : (
        <Table.ScrollContainer minWidth={560} maxHeight={420}>
          <Table withTableBorder withColumnBorders striped highlightOnHover verticalSpacing={5} stickyHeader>
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>单位</Table.Th>
                <Table.Th ta="right" w={112}>预算（万元）</Table.Th>
                <Table.Th ta="right" w={118}>执行数（万元）</Table.Th>
                <Table.Th ta="right" w={84}>执行率</Table.Th>
                <Table.Th ta="center" w={84}>红色预警</Table.Th>
                <Table.Th ta="center" w={84}>黄色预警</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((u) => (
                <Table.Tr key={u.unitId}>
                  <Table.Td><Text size="sm" lineClamp={1} title={u.unitName}>{u.unitName}</Text></Table.Td>
                  <Table.Td ta="right" style={num}>{formatWan(u.annualBudgetFen)}</Table.Td>
                  <Table.Td ta="right" style={num}>{formatWan(u.executedFen)}</Table.Td>
                  <Table.Td ta="right" style={num} c={u.executionRate !== null && u.timeProgress !== null && u.executionRate < u.timeProgress ? 'orange.8' : undefined}>
                    {pct(u.executionRate)}
                  </Table.Td>
                  <Table.Td ta="center" style={num}>{u.red > 0 ? <RouteLink route={warnRoute({ unitId: u.unitId, level: 'red' })} title="查看该单位的红色预警">{u.red}</RouteLink> : <Text span size="sm" c="dimmed">0</Text>}</Table.Td>
                  <Table.Td ta="center" style={num}>{u.yellow > 0 ? <RouteLink route={warnRoute({ unitId: u.unitId, level: 'yellow' })} title="查看该单位的黄色预警">{u.yellow}</RouteLink> : <Text span size="sm" c="dimmed">0</Text>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="xs" c="dimmed" mt={6}>
        单位按主管部门汇总（含下属单位）。红色、黄色预警为最高预警等级是该颜色的项目个数，点击可查看该单位的对应预警（一个项目可有多条预警）。
      </Text>
    </Paper>
  );
}
