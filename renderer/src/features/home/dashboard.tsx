import '@mantine/charts/styles.css';
import type { ReactNode } from 'react';
import { Anchor, Badge, Card, Group, Progress, RingProgress, SimpleGrid, Stack, Table, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { IconAlertTriangle, IconCalendarDue, IconChecklist, IconCircleDot, IconRotate, IconStars } from '@tabler/icons-react';
import type { DashboardDto, StatisticsDto } from '../../../../shared/api/dtoStatistics.ts';
import { GRADE_CODES } from '../../../../shared/domain/ruleProfile.ts';
import { formatRate, stageCell } from '../../../../shared/rules/statistics.ts';
import { GRADE_LABELS_SHORT, STAGE_BY_ID, type StatStage } from '../../../../shared/rules/statisticsCatalog.ts';
import { navigate } from '../../app/router.ts';
import type { DrillTarget } from '../stats/DrillDrawer.tsx';
import { FigureLink } from '../stats/statsUi.tsx';

/** The home screen's cards: 待办, the loop's coverage, warnings, grades and rectification progress. */

function Head({ icon, color, title, extra }: { icon: ReactNode; color: string; title: string; extra?: ReactNode }) {
  return (
    <Group justify="space-between" mb="sm" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon variant="light" color={color} size="lg" radius="md">{icon}</ThemeIcon>
        <Title order={5}>{title}</Title>
      </Group>
      {extra}
    </Group>
  );
}

/** A count that opens a list page already filtered (待办 items). */
function Due({ label, n, to, color, testId }: { label: string; n: number; to: string; color: string; testId: string }) {
  return (
    <UnstyledButton onClick={() => navigate(to)} data-testid={testId} style={{ borderRadius: 8 }} aria-label={`${label} ${n}`}>
      <Stack gap={0} p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
        <Text size="xs" c="dimmed">{label}</Text>
        <Text fz={24} fw={700} c={n > 0 ? color : 'dimmed'} className="num">{n}</Text>
      </Stack>
    </UnstyledButton>
  );
}

export function DueCard({ due, role }: { due: DashboardDto; role: string }) {
  const y = due.year;
  const review = due.awaitingReview;
  return (
    <Card withBorder radius="md" padding="lg" h="100%" data-testid="home-due">
      <Head icon={<IconChecklist size={20} />} color="red" title="待办事项" extra={<Text size="xs" c="dimmed">{due.today}</Text>} />
      <Stack gap="sm">
        <SimpleGrid cols={4} spacing="xs">
          <Due label="退回的目标表" n={due.returned.goals} to={`/goals/queue?year=${y}&status=returned`} color="orange.7" testId="due-goals-returned" />
          <Due label="退回的监控表" n={due.returned.monitoring} to="/monitoring" color="orange.7" testId="due-monitoring-returned" />
          <Due label="退回的自评表" n={due.returned.selfEval} to={`/evaluation/self?year=${y}&status=returned`} color="orange.7" testId="due-selfeval-returned" />
          <Due label="逾期整改" n={due.rectifications.overdue} to={`/rectifications?year=${y}&status=overdue`} color="red.7" testId="due-rect-overdue" />
          <Due label={role === 'performance' ? '待审核/批复目标' : '待审核目标'} n={review.goals} to={`/goals/queue?year=${y}&status=submitted,deptApproved,reviewed`} color="blue.7" testId="due-goals-review" />
          <Due label="待审核监控表" n={review.monitoring} to="/monitoring" color="blue.7" testId="due-monitoring-review" />
          <Due label="待验收自评表" n={review.selfEval} to={`/evaluation/self?year=${y}&status=submitted`} color="blue.7" testId="due-selfeval-review" />
          <Due label="待完成复核" n={review.recheck} to="/evaluation/recheck" color="blue.7" testId="due-recheck" />
        </SimpleGrid>
        <Text size="sm" fw={600}>进行中的监控批次</Text>
        {due.rounds.length === 0 ? (
          <Text size="sm" c="dimmed">目前没有进行中的监控批次。</Text>
        ) : (
          <Table verticalSpacing={4} fz="sm" data-testid="home-rounds">
            <Table.Tbody>
              {due.rounds.slice(0, 4).map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td><Anchor size="sm" href={`#/monitoring/rounds/${r.id}`} onClick={(e) => { e.preventDefault(); navigate(`/monitoring/rounds/${encodeURIComponent(r.id)}`); }}>{r.title}</Anchor></Table.Td>
                  <Table.Td ta="right" className="num">已报送 {r.submitted + r.accepted} / {r.sheets}</Table.Td>
                  <Table.Td ta="right" w={150}>
                    <Badge variant="light" color={r.daysLeft < 0 ? 'red' : r.daysLeft <= 7 ? 'orange' : 'gray'} leftSection={<IconCalendarDue size={12} />}>
                      {r.daysLeft < 0 ? `已逾期 ${-r.daysLeft} 天` : r.daysLeft === 0 ? '今天截止' : `${r.dueOn} 截止`}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {review.submissions > 0 ? (
          <Anchor size="sm" onClick={() => navigate('/sync')}>有 {review.submissions} 个下级上报包待接收处理</Anchor>
        ) : null}
      </Stack>
    </Card>
  );
}

const LOOP: StatStage[] = ['exAnte', 'goals', 'monitoring', 'selfEval', 'recheck', 'rectification', 'linkage', 'disclosure'];

/** The loop at a glance: each stage's coverage by count, the numbers opening their records. */
export function LoopCard({ stats, onDrill }: { stats: StatisticsDto; onDrill: (t: DrillTarget) => void }) {
  return (
    <Card withBorder radius="md" padding="lg" h="100%" data-testid="home-loop">
      <Head icon={<IconRotate size={20} />} color="blue" title="全过程绩效管理进度" extra={<Anchor size="sm" onClick={() => navigate('/stats')}>统计分析</Anchor>} />
      <Stack gap={10}>
        {LOOP.map((id) => {
          const s = STAGE_BY_ID.get(id);
          const c = stageCell(stats.measures, id);
          if (!s) return null;
          const rate = c.countRate ?? c.amountRate;
          return (
            <Stack key={id} gap={2} data-testid={`loop-${id}`}>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm">{s.label}</Text>
                <Text size="sm" c="dimmed">
                  <FigureLink target={{ figure: `${id}.done` }} onDrill={onDrill} testId={`loop-${id}-done`}>{c.doneN.toLocaleString('zh-CN')}</FigureLink>
                  {' / '}
                  <FigureLink target={{ figure: `${id}.base` }} onDrill={onDrill}>{c.baseN.toLocaleString('zh-CN')}</FigureLink>
                  <Text span fw={700} c="dark" ml={8} className="num">{formatRate(rate)}</Text>
                </Text>
              </Group>
              <Progress value={rate ?? 0} size="sm" color={rate === null ? 'gray' : rate >= 95 ? 'teal' : rate >= 60 ? 'blue' : 'orange'} aria-label={`${s.label}覆盖率`} />
            </Stack>
          );
        })}
      </Stack>
    </Card>
  );
}

export function WarningsCard({ stats, onDrill }: { stats: StatisticsDto; onDrill: (t: DrillTarget) => void }) {
  const m = stats.measures;
  const red = m['monitoring.red.n'] ?? 0;
  const yellow = m['monitoring.yellow.n'] ?? 0;
  const monitored = m['monitoring.n'] ?? 0;
  return (
    <Card withBorder radius="md" padding="lg" h="100%" data-testid="home-warnings">
      <Head icon={<IconAlertTriangle size={20} />} color="orange" title="监控预警" extra={<Anchor size="sm" onClick={() => navigate('/monitoring/warnings')}>预警与处理</Anchor>} />
      <Group gap="xl" align="center" wrap="nowrap">
        <RingProgress
          size={120}
          thickness={14}
          roundCaps
          sections={monitored ? [{ value: (red / monitored) * 100, color: 'red.6' }, { value: (yellow / monitored) * 100, color: 'yellow.5' }] : []}
          label={<Text ta="center" size="xs" c="dimmed">已监控<br /><b className="num">{monitored}</b> 个</Text>}
        />
        <Stack gap="xs">
          <Group gap="xs"><IconCircleDot size={16} color="var(--mantine-color-red-6)" /><Text size="sm">红色预警</Text><FigureLink target={{ figure: 'monitoring.red' }} onDrill={onDrill} testId="home-red"><b>{red}</b></FigureLink><Text size="sm">个项目</Text></Group>
          <Group gap="xs"><IconCircleDot size={16} color="var(--mantine-color-yellow-6)" /><Text size="sm">黄色预警</Text><FigureLink target={{ figure: 'monitoring.yellow' }} onDrill={onDrill} testId="home-yellow"><b>{yellow}</b></FigureLink><Text size="sm">个项目</Text></Group>
          {stats.monitoringRounds[0] ? (
            <Text size="xs" c="dimmed">最近一期：{stats.monitoringRounds[0].title}，执行率 {formatRate(stats.monitoringRounds[0].executionRate)}</Text>
          ) : <Text size="xs" c="dimmed">本年度还没有项目监控批次。</Text>}
        </Stack>
      </Group>
    </Card>
  );
}

const GRADE_COLOR: Record<string, string> = { 优: 'teal.6', 良: 'blue.6', 中: 'yellow.6', 低: 'orange.6', 差: 'red.6' };

export function GradesCard({ stats, onDrill }: { stats: StatisticsDto; onDrill: (t: DrillTarget) => void }) {
  const data = GRADE_CODES.map((g) => ({ grade: GRADE_LABELS_SHORT[g], 项目自评: stats.measures[`selfEval.grade.${g}`] ?? 0, 重点评价: stats.measures[`financeEval.grade.${g}`] ?? 0 }));
  const total = data.reduce((a, d) => a + d.项目自评, 0);
  return (
    <Card withBorder radius="md" padding="lg" h="100%" data-testid="home-grades">
      <Head icon={<IconStars size={20} />} color="teal" title="评价等级分布" extra={<Text size="xs" c="dimmed">项目自评已验收 {total} 个</Text>} />
      <BarChart h={150} data={data} dataKey="grade" series={[{ name: '项目自评', color: 'blue.6' }, { name: '重点评价', color: 'grape.5' }]} withLegend tickLine="none" gridAxis="y" />
      <Group gap="md" mt="xs" justify="center">
        {GRADE_CODES.map((g) => (
          <Text key={g} size="sm" c={GRADE_COLOR[GRADE_LABELS_SHORT[g]]}>
            {GRADE_LABELS_SHORT[g]} <FigureLink target={{ figure: `selfEval.grade.${g}` }} onDrill={onDrill}>{stats.measures[`selfEval.grade.${g}`] ?? 0}</FigureLink>
          </Text>
        ))}
      </Group>
    </Card>
  );
}

export function RectificationCard({ stats, onDrill }: { stats: StatisticsDto; onDrill: (t: DrillTarget) => void }) {
  const m = stats.measures;
  const c = stageCell(m, 'rectification');
  const due = m['rect.due.n'] ?? 0;
  const part = (n: number) => (due ? (n / due) * 100 : 0);
  const onTime = m['rect.onTime.n'] ?? 0;
  const done = m['rect.done.n'] ?? 0;
  const overdue = m['rect.overdue.n'] ?? 0;
  return (
    <Card withBorder radius="md" padding="lg" h="100%" data-testid="home-rect">
      <Head icon={<IconChecklist size={20} />} color="grape" title="问题整改进度" extra={<Anchor size="sm" onClick={() => navigate(`/rectifications?year=${stats.year}`)}>整改台账</Anchor>} />
      <Stack gap="sm">
        <Group justify="space-between">
          <Text size="sm">整改完成率</Text>
          <Text fz={22} fw={700} className="num" data-testid="home-rect-rate">{formatRate(c.countRate)}</Text>
        </Group>
        <Progress.Root size="lg" aria-label="整改进度">
          <Progress.Section value={part(onTime)} color="teal"><Progress.Label>按期</Progress.Label></Progress.Section>
          <Progress.Section value={part(done - onTime)} color="teal.3" />
          <Progress.Section value={part(overdue)} color="red"><Progress.Label>逾期</Progress.Label></Progress.Section>
        </Progress.Root>
        <SimpleGrid cols={4} spacing={4}>
          {[
            { label: '应整改', n: due, figure: 'rectification.base' }, { label: '已完成', n: done, figure: 'rectification.done' },
            { label: '按期完成', n: onTime, figure: 'rect.onTime' }, { label: '逾期', n: overdue, figure: 'rect.overdue' },
          ].map((x) => (
            <Stack key={x.label} gap={0} align="center">
              <Text size="xs" c="dimmed">{x.label}</Text>
              <FigureLink target={{ figure: x.figure }} onDrill={onDrill} testId={`home-${x.figure}`}><Text span fw={700} className="num">{x.n}</Text></FigureLink>
            </Stack>
          ))}
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
