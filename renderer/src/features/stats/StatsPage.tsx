import '@mantine/charts/styles.css';
import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Group, Loader, Select, SegmentedControl, SimpleGrid, Stack, Tabs, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { IconAlertTriangle, IconFileSpreadsheet } from '@tabler/icons-react';
import type { StatScope, StatisticsDto } from '../../../../shared/api/dtoStatistics.ts';
import { stageCell } from '../../../../shared/rules/statistics.ts';
import { GRADE_LABELS_SHORT, GRADE_STAGES, STAGES, STAT_CUT_LABELS, type StatCut, type StatStage } from '../../../../shared/rules/statisticsCatalog.ts';
import {
  checksTable, consolidatedTable, cutTable, figureDefinitionsTable, gradeTable, monitoringTable, overviewTable, rectificationTable, scopeLabel,
} from '../../../../shared/rules/statisticsTables.ts';
import { GRADE_CODES } from '../../../../shared/domain/ruleProfile.ts';
import { call } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useYearOptions } from '../goals/useYearOptions.ts';
import { DrillDrawer, STAT_TABLES, type DrillTarget } from './DrillDrawer.tsx';
import { ChecksPanel, Section, StatTableView, useFileDownload } from './statsUi.tsx';

const GRADE_COLORS = ['teal.6', 'blue.6', 'yellow.6', 'orange.6', 'red.6'];

/** The scope a page opens with: a county its own records, a prefecture or province 本级 + 县市. */
export function useStatScope(): [StatScope, (s: StatScope) => void, boolean] {
  const { session } = useSession();
  const peers = useApiQuery('sync.offices', {}, ['peer_offices'], { staleTime: 60_000 });
  const hasChildren = (peers.data ?? []).some((p) => p.relation === 'child');
  const canConsolidate = session.office.level !== 'county' || hasChildren;
  const [picked, setPicked] = useState<StatScope | null>(null);
  return [picked ?? (canConsolidate ? 'prefecture' : 'county'), setPicked, canConsolidate];
}

/**
 * 统计分析: the tables of the seed reports for a year — every stage of the loop with counts,
 * amounts and coverage, cut by 级次, 地区, 预算类型, 资金性质 and 主管部门 — the places where a
 * county's figures do not add up, and the workbook with every table. Each number opens the
 * records behind it.
 */
export function StatsPage() {
  const { session } = useSession();
  const [year, setYear] = useState(session.office.currentYear);
  const [scope, setScope, canConsolidate] = useStatScope();
  const [origin, setOrigin] = useState<string | null>(null);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const file = useFileDownload();
  const yearOptions = useYearOptions(session.office.currentYear);
  const input = { year, scope, ...(origin && scope === 'prefecture' ? { origin } : {}) };
  const stats = useApiQuery('statistics.overview', input, STAT_TABLES);

  return (
    <Stack gap="md">
      <DrillDrawer target={drill} scope={input} onClose={() => setDrill(null)} />
      <PageHeader
        title="统计分析"
        description="按年度统计事前评估、目标、监控、评价和结果应用各环节的数量、金额和覆盖率，可按级次、地区、预算类型、资金性质和主管部门分组；点击数字查看对应记录。"
        actions={
          <>
            {canConsolidate ? (
              <SegmentedControl
                aria-label="统计范围"
                data-testid="stats-scope"
                value={scope}
                onChange={(v) => setScope(v === 'county' ? 'county' : 'prefecture')}
                data={[{ value: 'county', label: '本级' }, { value: 'prefecture', label: '本级及下级汇总' }]}
              />
            ) : null}
            <Select aria-label="年度" w={120} allowDeselect={false} data={yearOptions} value={String(year)} onChange={(v) => v && setYear(Number(v))} />
            <Button leftSection={<IconFileSpreadsheet size={16} />} variant="default" loading={file.busy} onClick={() => void file.run(() => call('statistics.exportWorkbook', input), '统计表已导出')} data-testid="stats-export">导出统计表</Button>
          </>
        }
      />
      {stats.isError ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="无法读取统计数据">{stats.error.message}</Alert>
      ) : !stats.data ? (
        <Group gap="sm" py="xl" justify="center"><Loader size="sm" /><Text size="sm" c="dimmed">正在统计……</Text></Group>
      ) : (
        <StatsView data={stats.data} onDrill={setDrill} origin={origin} onOrigin={setOrigin} />
      )}
    </Stack>
  );
}

function StatsView({ data, onDrill, origin, onOrigin }: { data: StatisticsDto; onDrill: (t: DrillTarget) => void; origin: string | null; onOrigin: (o: string | null) => void }) {
  const prefecture = data.scope === 'prefecture';
  const cuts: StatCut[] = prefecture ? ['level', 'origin', 'budgetType', 'fundCategory', 'department'] : ['budgetType', 'fundCategory', 'department'];
  const [cut, setCut] = useState<StatCut>(cuts[0] ?? 'budgetType');
  const [stage, setStage] = useState<StatStage>('goals');
  const chart = useMemo(() => STAGES.filter((s) => s.countRate || s.amountRate).map((s) => {
    const c = stageCell(data.measures, s);
    return { stage: s.short, 按个数: c.countRate ?? 0, 按金额: c.amountRate ?? 0 };
  }), [data]);
  const grades = GRADE_STAGES.map((g) => ({ kind: g.label, ...Object.fromEntries(GRADE_CODES.map((c) => [gradeName(c), data.measures[`${g.stage}.grade.${c}`] ?? 0])) }));
  const activeCut = cuts.includes(cut) ? cut : 'budgetType';

  return (
    <Stack gap="md">
      {data.checks.length ? <ChecksPanel flags={data.checks} limit={5} /> : null}
      <Tabs defaultValue="overview" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overview">全过程总览</Tabs.Tab>
          {prefecture ? <Tabs.Tab value="consolidated">各地区汇总</Tabs.Tab> : null}
          <Tabs.Tab value="cuts">分组统计</Tabs.Tab>
          <Tabs.Tab value="grades">评价等级</Tabs.Tab>
          <Tabs.Tab value="rect">问题整改</Tabs.Tab>
          <Tabs.Tab value="monitoring">监控执行</Tabs.Tab>
          <Tabs.Tab value="checks" rightSection={data.checks.length ? <Badge color="orange" size="sm" circle>{data.checks.length}</Badge> : null}>数据一致性</Tabs.Tab>
          <Tabs.Tab value="figures">指标口径</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <Stack gap="md">
            <Section title={overviewTable(data).title} testId="stats-overview">
              <StatTableView table={overviewTable(data)} onDrill={onDrill} testId="stats-overview-table" />
            </Section>
            <Section title="各环节覆盖率（%）">
              <BarChart h={260} data={chart} dataKey="stage" series={[{ name: '按个数', color: 'blue.6' }, { name: '按金额', color: 'teal.6' }]} yAxisProps={{ domain: [0, 100] }} unit="%" withLegend tickLine="y" />
            </Section>
          </Stack>
        </Tabs.Panel>
        {prefecture ? (
          <Tabs.Panel value="consolidated" pt="md">
            <Section title={consolidatedTable(data).title} testId="stats-consolidated">
              <StatTableView table={consolidatedTable(data)} onDrill={onDrill} testId="stats-consolidated-table" />
            </Section>
          </Tabs.Panel>
        ) : null}
        <Tabs.Panel value="cuts" pt="md">
          <Section
            title={cutTable(data, activeCut, [stage]).title}
            extra={
              <Group gap="xs">
                <SegmentedControl size="xs" value={activeCut} onChange={(v) => setCut(v as StatCut)} data={cuts.map((c) => ({ value: c, label: STAT_CUT_LABELS[c].replace(/^按/, '').replace(/（.*）$/, '') }))} />
                <Select size="xs" w={200} aria-label="环节" allowDeselect={false} value={stage} onChange={(v) => v && setStage(v as StatStage)} data={STAGES.map((s) => ({ value: s.id, label: s.label }))} />
                {activeCut === 'department' && prefecture ? (
                  <Select size="xs" w={200} aria-label="地区" allowDeselect={false} value={origin ?? data.departmentOrigin} onChange={(v) => onOrigin(v)} data={data.origins.map((o) => ({ value: o.code, label: o.name }))} />
                ) : null}
              </Group>
            }
          >
            <StatTableView table={cutTable(data, activeCut, [stage])} onDrill={onDrill} hideColumns={['stage']} testId="stats-cut-table" />
          </Section>
        </Tabs.Panel>
        <Tabs.Panel value="grades" pt="md">
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <Section title={gradeTable(data).title}><StatTableView table={gradeTable(data)} onDrill={onDrill} /></Section>
            <Section title="等级分布">
              <BarChart h={220} data={grades} dataKey="kind" type="stacked" series={GRADE_CODES.map((c, i) => ({ name: gradeName(c), color: GRADE_COLORS[i] ?? 'gray.6' }))} withLegend />
            </Section>
          </SimpleGrid>
        </Tabs.Panel>
        <Tabs.Panel value="rect" pt="md">
          <Section title={rectificationTable(data).title}><StatTableView table={rectificationTable(data)} onDrill={onDrill} /></Section>
        </Tabs.Panel>
        <Tabs.Panel value="monitoring" pt="md">
          <Section title={monitoringTable(data).title}><StatTableView table={monitoringTable(data)} onDrill={onDrill} /></Section>
        </Tabs.Panel>
        <Tabs.Panel value="checks" pt="md">
          <Section title={checksTable(data.checks, data.year).title}><ChecksPanel flags={data.checks} limit={500} /></Section>
        </Tabs.Panel>
        <Tabs.Panel value="figures" pt="md">
          <Section title="指标口径与查询范围">
            <StatTableView table={figureDefinitionsTable(data, scopeLabel(data))} onDrill={onDrill} hideColumns={['scope']} maxHeight={560} />
            <Text size="xs" c="dimmed" mt={4}>查询范围：{scopeLabel(data)}；事前评估的应评估范围按规则方案“{data.profile.name}”（第 {data.profile.version} 版）判断。</Text>
          </Section>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

const gradeName = (c: (typeof GRADE_CODES)[number]) => GRADE_LABELS_SHORT[c];
