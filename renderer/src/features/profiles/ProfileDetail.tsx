import type { ReactNode } from 'react';
import { Badge, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ProfileDto } from '../../../../shared/api/dtoGoals.ts';
import { GOAL_REVIEW_ACTIONS } from '../../../../shared/domain/ruleProfile.ts';
import {
  EQUALITY_MODE_LABELS, EXECUTION_BASE_LABELS, EXECUTION_SCORING_LABELS, EXPERT_AGGREGATION_LABELS, EX_ANTE_CONCLUSION_LABELS,
  GOAL_GRADE_LABELS, GOAL_OWNER_TYPE_LABELS, GOAL_REVIEW_ACTION_LABELS, MONITORING_KIND_LABELS, PROFILE_SECTION_LABELS,
  PROFILE_TEMPLATE_LABELS, REVERSE_FORMULA_LABELS, TIME_PROGRESS_LABELS, YES_NO,
} from '../../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import { bandRanges, describeLinkage, describeRule, num } from './describe.ts';

type Body = ProfileDto['body'];

const GRADE_COLORS: Record<Body['grades'][number]['grade'], string> = { excellent: 'teal', good: 'blue', fair: 'yellow', low: 'orange', poor: 'red' };
const ACTION_COLORS: Record<(typeof GOAL_REVIEW_ACTIONS)[number], string> = { proceed: 'teal', proceedAfterFix: 'blue', revise: 'orange', notFunded: 'red' };

export function GradeBadge({ grade }: { grade: Body['grades'][number]['grade'] }) {
  return <Badge variant="light" color={GRADE_COLORS[grade]} radius="sm" w={36}>{GOAL_GRADE_LABELS[grade]}</Badge>;
}

/** One titled block of the read-only view. */
function Section({ title, children, note }: { title: string; children: ReactNode; note?: ReactNode }) {
  return (
    <Paper withBorder radius="sm" p="md">
      <Stack gap="xs">
        <Group justify="space-between" align="baseline">
          <Title order={5}>{title}</Title>
          {note ? <Text size="xs" c="dimmed">{note}</Text> : null}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

/** Label → value rows, the way a printed rule sheet lists its settings. */
function Facts({ rows, labelWidth = 170 }: { rows: [string, ReactNode][]; labelWidth?: number }) {
  return (
    <Table variant="vertical" layout="fixed" withTableBorder withRowBorders fz="sm">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={labelWidth} fw={500}>{label}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Grid({ head, rows, align }: { head: string[]; rows: ReactNode[][]; align?: ('left' | 'right' | 'center')[] }) {
  return (
    <Table withTableBorder withColumnBorders fz="sm" verticalSpacing={6}>
      <Table.Thead bg="gray.0">
        <Table.Tr>
          {head.map((h, i) => <Table.Th key={h} ta={align?.[i] ?? 'left'}>{h}</Table.Th>)}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.length === 0 ? (
          <Table.Tr><Table.Td colSpan={head.length}><Text size="sm" c="dimmed" ta="center">（无）</Text></Table.Td></Table.Tr>
        ) : (
          rows.map((r, i) => (
            <Table.Tr key={i}>
              {r.map((c, j) => <Table.Td key={j} ta={align?.[j] ?? 'left'}>{c}</Table.Td>)}
            </Table.Tr>
          ))
        )}
      </Table.Tbody>
    </Table>
  );
}

const pts = (n: number) => `${num(n)} 分`;
const pct = (n: number) => `${num(n)}%`;

/** Every section of a profile version, read-only, in the words of the rules it encodes. */
export function ProfileDetail({ body }: { body: Body }) {
  const s = body.selfEvaluation;
  const w = s.level1Weights;
  const e = body.exAnte;
  const m = body.monitoring;
  const ranges = bandRanges(body.grades);
  const exAnteCases = [
    e.requiredForNewMajor ? '新增重大政策和项目' : null,
    e.requiredForContinuation ? '到期拟延续的政策和项目' : null,
    e.amountThresholdFen !== null ? `申请金额达到 ${formatWan(e.amountThresholdFen)} 万元的项目` : null,
  ].filter((x): x is string => x !== null);

  return (
    <Stack gap="md">
      <Section title={PROFILE_SECTION_LABELS.basic}>
        <Facts
          rows={[
            ['指标模板', PROFILE_TEMPLATE_LABELS[body.template]],
            ['金额小数位', `万元保留 ${body.moneyDecimals} 位小数`],
          ]}
        />
      </Section>

      <Section title={PROFILE_SECTION_LABELS.grades} note="下限含本数；各类评分（自评、评价、目标审核）共用">
        <Grid
          head={['等级', '下限（分）', '分数区间']}
          align={['left', 'right', 'left']}
          rows={ranges.map((r) => [<GradeBadge key="g" grade={r.grade} />, num(r.min), r.range])}
        />
      </Section>

      <Section title={PROFILE_SECTION_LABELS.selfEvaluation}>
        <Facts
          rows={[
            ['执行率分值', pts(s.executionWeight)],
            [
              '产出/成本/效益/满意度分值',
              `产出 ${num(w.output)} · 成本 ${num(w.cost)} · 效益 ${num(w.benefit)} · 满意度 ${num(w.satisfaction)}（合计含执行率 ${num(s.executionWeight + w.output + w.cost + w.benefit + w.satisfaction)} 分）`,
            ],
            ['反向指标公式', REVERSE_FORMULA_LABELS[s.reverseFormula]],
            ['等于型指标', EQUALITY_MODE_LABELS[s.equalityMode]],
            ['超额完成阈值', `实际值达到目标值的 ${num(s.overCompletionThreshold * 100)}% 及以上须说明原因`],
            ['是否扣分', s.overCompletionDeduction ? '是：超额完成按偏离程度扣分' : '否：只须说明原因，不自动扣分'],
            [
              '执行率计分',
              s.executionScoring.mode === 'proportional' ? (
                `${EXECUTION_SCORING_LABELS.proportional}：分值×min(执行率, 100%)`
              ) : (
                <Stack key="tiers" gap={2}>
                  <Text size="sm">{EXECUTION_SCORING_LABELS.tiered}：</Text>
                  <List size="sm" spacing={0}>
                    {s.executionScoring.tiers.map((t, i) => (
                      <List.Item key={i}>执行率 ≥ {pct(t.minRate)}：得分值的 {pct(t.share * 100)}</List.Item>
                    ))}
                  </List>
                </Stack>
              ),
            ],
            [
              '执行率封顶',
              s.executionCaps.length === 0 ? (
                '不封顶'
              ) : (
                <List key="caps" size="sm" spacing={0}>
                  {s.executionCaps.map((c, i) => (
                    <List.Item key={i}>执行率 {pct(c.minRate)}（含）–{pct(c.maxRate)}：总分最高 {pts(c.maxTotal)}</List.Item>
                  ))}
                </List>
              ),
            ],
            ['超目标扣分', s.overTargetPenalty.enabled ? `实际完成值高于目标值 ${pct(s.overTargetPenalty.thresholdPct)} 以上的指标扣 ${pts(s.overTargetPenalty.points)}` : '不扣分'],
            ['不适用指标折算', s.naNormalize ? '是：剔除不适用指标后按适用指标分值折算为百分制' : '否：不适用指标计 0 分'],
          ]}
        />
      </Section>

      <Section title={PROFILE_SECTION_LABELS.goals}>
        <Facts
          rows={[
            ['最少指标数', `每张目标表不少于 ${body.goals.minIndicators} 个指标`],
            ['每个一级指标至少', `${body.goals.minPerLevel1} 个三级指标`],
            ['是否要求成本指标', YES_NO[`${body.goals.requireCostIndicator}`]],
            ['投入类指标提示', body.goals.warnInputIndicators ? '提示：资金拨付、支出金额等投入类指标不能作为绩效目标' : '不提示'],
            ['年中追加须设目标', body.goals.midYearAdditionsNeedGoals ? '是：年中追加项目须设定绩效目标后方可批复' : '否'],
          ]}
        />
      </Section>

      <Section title={PROFILE_SECTION_LABELS.goalReview}>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Grid
            head={['审核项', '分值']}
            align={['left', 'right']}
            rows={[
              ...body.goalReview.aspects.map((a) => [a.label, num(a.weight)]),
              [<Text key="t" size="sm" fw={600}>合计</Text>, <Text key="v" size="sm" fw={600}>{num(body.goalReview.aspects.reduce((x, a) => x + a.weight, 0))}</Text>],
            ]}
          />
          <Grid
            head={['等级', '处理方式']}
            rows={body.grades.map((g) => {
              const action = body.goalReview.actions[g.grade];
              return [
                <GradeBadge key="g" grade={g.grade} />,
                action ? <Badge key="a" variant="light" color={ACTION_COLORS[action]} radius="sm">{GOAL_REVIEW_ACTION_LABELS[action]}</Badge> : '—',
              ];
            })}
          />
        </SimpleGrid>
        <Text size="sm">及格线：<b>{pts(body.goalReview.passMark)}</b>，总分低于及格线的{' '}<Text span c="red.8" fw={600}>不予安排</Text>，不论等级。</Text>
      </Section>

      <Section title={PROFILE_SECTION_LABELS.exAnte}>
        <Grid
          head={['评估维度', '分值']}
          align={['left', 'right']}
          rows={[
            ...e.dimensions.map((d) => [d.label, num(d.weight)]),
            [<Text key="t" size="sm" fw={600}>合计</Text>, <Text key="v" size="sm" fw={600}>{num(e.dimensions.reduce((x, d) => x + d.weight, 0))}</Text>],
          ]}
        />
        <Facts
          rows={[
            ['评估结论', `${pts(e.supportMin)}及以上${EX_ANTE_CONCLUSION_LABELS.support}；${pts(e.adjustMin)}（含）至 ${pts(e.supportMin)}${EX_ANTE_CONCLUSION_LABELS.supportAfterAdjustment}；低于 ${pts(e.adjustMin)}${EX_ANTE_CONCLUSION_LABELS.reject}`],
            ['需评估的情形', exAnteCases.length > 0 ? exAnteCases.join('；') : '不强制评估'],
            ['金额门槛', e.amountThresholdFen === null ? '不按金额' : `${formatWan(e.amountThresholdFen)} 万元`],
            [
              '准予入库的结论',
              <Group key="g" gap={6}>
                {e.gatePasses.map((c) => <Badge key={c} variant="light" color={c === 'support' ? 'teal' : c === 'reject' ? 'red' : 'blue'} radius="sm">{EX_ANTE_CONCLUSION_LABELS[c]}</Badge>)}
                <Text size="xs" c="dimmed">其他结论的项目不能入库，绩效目标不能批复</Text>
              </Group>,
            ],
          ]}
        />
      </Section>

      <Section title={PROFILE_SECTION_LABELS.evaluation} note={`专家评分汇总：${EXPERT_AGGREGATION_LABELS[body.evaluation.expertAggregation]}；等级计分：${body.evaluation.gradeShares.map((g) => `${GOAL_GRADE_LABELS[g.grade]} ${Number((g.share * 100).toFixed(2))}%`).join('、')}`}>
        <Grid
          head={['框架', '决策', '过程', '产出', '效益']}
          align={['left', 'right', 'right', 'right', 'right']}
          rows={body.evaluation.frameworks.map((f) => [f.name, num(f.decision), num(f.process), num(f.output), num(f.benefit)])}
        />
      </Section>

      <Section title={PROFILE_SECTION_LABELS.monitoring}>
        <Facts
          rows={[
            ['时间进度口径', TIME_PROGRESS_LABELS[m.timeProgress]],
            ['执行率口径', `1–N月执行数 ÷ ${EXECUTION_BASE_LABELS[m.executionBase]}`],
            ['决策时限', m.decisionWindowWorkingDays === null ? '不设时限' : `预警后 ${m.decisionWindowWorkingDays} 个工作日内选择继续执行、调剂或取消`],
          ]}
        />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Stack gap={4}>
            <Text size="sm" fw={500}>默认监控批次</Text>
            <Grid
              head={['数据截至', '监控对象', '监控类型']}
              rows={m.rounds.map((r) => [`1–${r.month}月`, GOAL_OWNER_TYPE_LABELS[r.objectType], MONITORING_KIND_LABELS[r.kind]])}
            />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>预警规则</Text>
            {m.rules.length === 0 ? (
              <Text size="sm" c="dimmed">（无）</Text>
            ) : (
              <List size="sm" spacing={4} withPadding>
                {m.rules.flatMap((r, i) => describeRule(r).map((line, j) => <List.Item key={`${i}-${j}`}>{line}</List.Item>))}
              </List>
            )}
          </Stack>
        </SimpleGrid>
      </Section>

      <Section title={PROFILE_SECTION_LABELS.linkage} note="评价等级与下一年度预算安排的挂钩">
        <Grid head={['等级', '预算安排']} rows={body.linkage.map((l) => [<GradeBadge key="g" grade={l.grade} />, describeLinkage(l)])} />
      </Section>
    </Stack>
  );
}
