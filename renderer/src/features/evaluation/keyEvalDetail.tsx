import { Fragment, useMemo, useState } from 'react';
import { Alert, Badge, Button, Group, NumberInput, Paper, SimpleGrid, Skeleton, Stack, Table, Tabs, Text, Textarea, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconCircleCheck, IconDeviceFloppy, IconFileTypeDocx } from '@tabler/icons-react';
import type { KeyEvalDto } from '../../../../shared/api/methods/keyEval.ts';
import {
  GOAL_GRADE_LABELS, KEY_EVAL_AGGREGATION_LABELS, KEY_EVAL_EVALUATOR_LABELS, KEY_EVAL_KIND_LABELS, KEY_EVAL_LEVEL1_LABELS, KEY_EVAL_METHOD_LABELS,
  KEY_EVAL_OBJECT_TYPE_LABELS,
} from '../../../../shared/i18n/zh-CN.ts';
import { KEY_EVAL_LEVEL1 } from '../../../../shared/rules/keyEvaluation.ts';
import { call, saveFile } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { KeyEvalEntries } from './keyEvalEntries.tsx';
import { KeyEvalFramework } from './keyEvalFramework.tsx';
import { GRADE_COLORS, KEY_EVAL_TABLES, entryKey, fmt2, liveScoring, scoringFromDto, type LiveScoring, type ScoringState } from './keyEvalModel.ts';

/**
 * One evaluation: 指标体系 (editable until scoring starts), 专家评分 (entries by method, one expert
 * at a time), 评分汇总 (every expert's points, the aggregate per item, level-1 subtotals) and
 * 问题与建议; total and grade computed live with the rules the backend applies.
 */

export function KeyEvalDetail({ id }: { id: string }) {
  const e = useApiQuery('keyEval.get', { id }, KEY_EVAL_TABLES);
  if (e.isError) return <Alert color="red" variant="light" title="无法读取评价">{e.error.message}</Alert>;
  if (!e.data) return <Stack gap="sm"><Skeleton h={60} /><Skeleton h={320} /></Stack>;
  return <EvalForm key={`${e.data.id}-${e.data.rev}`} e={e.data} />;
}

function Summary({ e, live }: { e: KeyEvalDto; live: LiveScoring }) {
  const experts = live.result.experts;
  return (
    <Table withTableBorder withColumnBorders striped verticalSpacing={4} fz="sm" data-testid="ke-items">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={56}>一级</Table.Th><Table.Th w={90}>二级</Table.Th><Table.Th>三级指标</Table.Th><Table.Th w={80}>评分方法</Table.Th><Table.Th w={64} ta="right">分值</Table.Th>
          {experts.map((x) => <Table.Th key={x} w={80} ta="right">{x}</Table.Th>)}
          <Table.Th w={72} ta="right">得分</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {KEY_EVAL_LEVEL1.map((l1) => (
          <Fragment key={l1}>
            {e.items.filter((it) => it.level1 === l1).map((it) => (
              <Table.Tr key={it.seq}>
                <Table.Td>{KEY_EVAL_LEVEL1_LABELS[l1]}</Table.Td><Table.Td>{it.level2}</Table.Td><Table.Td>{it.name}</Table.Td><Table.Td>{KEY_EVAL_METHOD_LABELS[it.method]}</Table.Td>
                <Table.Td ta="right" className="num">{fmt2(it.weight)}</Table.Td>
                {experts.map((x) => {
                  const st = live.states.get(entryKey(it.seq, x));
                  return (
                    <Table.Td key={x} ta="right" className="num">
                      {st?.kind === 'scored' ? <Tooltip label={st.explanation} multiline maw={360} withArrow><span>{fmt2(st.score)}</span></Tooltip> : '—'}
                    </Table.Td>
                  );
                })}
                <Table.Td ta="right" className="num" fw={600}>{fmt2(live.result.items.find((r) => r.seq === it.seq)?.score)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr style={{ background: 'var(--mantine-color-gray-1)' }}>
              <Table.Td colSpan={4} fw={600}>{KEY_EVAL_LEVEL1_LABELS[l1]}小计</Table.Td>
              <Table.Td ta="right" className="num" fw={600}>{fmt2(live.result.level1[l1].weight)}</Table.Td>
              {experts.length ? <Table.Td colSpan={experts.length} /> : null}
              <Table.Td ta="right" className="num" fw={600}>{fmt2(live.result.level1[l1].score)}</Table.Td>
            </Table.Tr>
          </Fragment>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function EvalForm({ e }: { e: KeyEvalDto }) {
  const profiles = useApiQuery('profiles.list', {}, ['rule_profiles']);
  const experts = useApiQuery('experts.list', {}, KEY_EVAL_TABLES, { enabled: e.editable });
  const profileName = profiles.data?.find((p) => p.id === e.profileId)?.name ?? '';
  const [s, setS] = useState<ScoringState>(() => scoringFromDto(e));
  const [tab, setTab] = useState<string | null>(e.frameworkEditable ? 'framework' : e.editable ? 'entries' : 'summary');
  const [busy, setBusy] = useState<'save' | 'complete' | 'report' | null>(null);
  const live = useMemo(() => liveScoring(e, s), [e, s]);
  const quality = (v: number | string) => (v === '' ? null : Number(v));
  const grade = live.result.grade;
  const scored = e.total !== null || live.scores.length > 0;
  // On the editable framework the framework has its own save; scoring starts elsewhere.
  const scoringActions = e.editable && !(tab === 'framework' && e.frameworkEditable);

  const save = () => {
    setBusy('save');
    call('keyEval.saveScores', {
      id: e.id, rev: e.rev, entries: live.entries, findings: s.findings, recommendations: s.recommendations,
      planQualityScore: quality(s.plan), reportQualityScore: quality(s.report),
    })
      .then(() => notifySuccess(`暂计得分 ${fmt2(live.result.total)}（${GOAL_GRADE_LABELS[grade]}）。`, '评分已保存'))
      .catch(notifyError)
      .finally(() => setBusy(null));
  };
  const complete = () =>
    modals.openConfirmModal({
      title: '完成评价', centered: true,
      children: <Text size="sm">完成后评分不能再修改。请先保存评分。当前得分 {fmt2(live.result.total)}（{GOAL_GRADE_LABELS[grade]}）{['fair', 'low', 'poor'].includes(grade) ? '，等级为中及以下，将自动生成整改事项（整改期限 30 天）' : ''}。</Text>,
      labels: { confirm: '完成评价', cancel: '取消' },
      onConfirm: () => {
        setBusy('complete');
        call('keyEval.complete', { id: e.id, deadline: null })
          .then((r) => notifySuccess(r.rectificationCode ? `已完成评价，并生成整改事项 ${r.rectificationCode}。` : '已完成评价。', '评价完成'))
          .catch(notifyError)
          .finally(() => setBusy(null));
      },
    });
  const report = () => {
    setBusy('report');
    call('keyEval.report', { id: e.id })
      .then(saveFile)
      .then((name) => { if (name) notifySuccess(`已保存“${name}”。`, '评价报告已导出'); })
      .catch(notifyError)
      .finally(() => setBusy(null));
  };

  return (
    <Stack gap="md">
      <Paper withBorder p="sm" radius="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Text fw={600}>{e.title}</Text>
            <Text size="xs" c="dimmed">
              {KEY_EVAL_KIND_LABELS[e.kind]} · {e.projectCode ?? KEY_EVAL_OBJECT_TYPE_LABELS[e.objectType]} · {e.unitName} · {e.agencyName ?? KEY_EVAL_EVALUATOR_LABELS[e.evaluator]} ·
              框架 {e.frameworkCode}（决策 {e.weights.decision} / 过程 {e.weights.process} / 产出 {e.weights.output} / 效益 {e.weights.benefit}）· 专家分{KEY_EVAL_AGGREGATION_LABELS[e.expertAggregation]} · 规则方案“{profileName}”第 {e.profileVersion} 版
            </Text>
          </Stack>
          <Group gap={6} wrap="nowrap">
            <Text fw={700} size="xl" className="num" data-testid="ke-total">{scored ? fmt2(e.total ?? live.result.total) : '—'}</Text>
            {scored ? <Badge size="lg" radius="sm" color={GRADE_COLORS[e.grade ?? grade]}>{GOAL_GRADE_LABELS[e.grade ?? grade]}</Badge> : <Badge size="lg" radius="sm" variant="light" color="gray">未评分</Badge>}
            {e.rectificationCode ? <Badge variant="light" color="orange">整改 {e.rectificationCode}</Badge> : null}
          </Group>
        </Group>
      </Paper>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="framework">评价指标体系{e.frameworkEditable ? '（可调整）' : ''}</Tabs.Tab>
          <Tabs.Tab value="entries">专家评分</Tabs.Tab>
          <Tabs.Tab value="summary">评分汇总</Tabs.Tab>
          <Tabs.Tab value="findings">问题与建议</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="framework" pt="md"><KeyEvalFramework e={e} /></Tabs.Panel>
        <Tabs.Panel value="entries" pt="md">
          <KeyEvalEntries e={e} state={s} live={live} editable={e.editable} registered={(experts.data ?? []).filter((x) => x.active).map((x) => x.name)} onChange={setS} />
        </Tabs.Panel>
        <Tabs.Panel value="summary" pt="md"><Summary e={e} live={live} /></Tabs.Panel>
        <Tabs.Panel value="findings" pt="md">
          <Stack gap="sm">
            <SimpleGrid cols={2}>
              <Textarea label="主要经验及做法、存在的问题及原因分析" autosize minRows={5} value={s.findings} readOnly={!e.editable} onChange={(ev) => { const v = ev.currentTarget.value; setS((x) => ({ ...x, findings: v })); }} />
              <Textarea label="有关建议" autosize minRows={5} value={s.recommendations} readOnly={!e.editable} onChange={(ev) => { const v = ev.currentTarget.value; setS((x) => ({ ...x, recommendations: v })); }} />
            </SimpleGrid>
            {e.evaluator === 'thirdParty' ? (
              <SimpleGrid cols={2}>
                <NumberInput label="第三方评价方案质量得分（百分制）" min={0} max={100} decimalScale={2} value={s.plan} readOnly={!e.editable} onChange={(v) => setS((x) => ({ ...x, plan: v }))} />
                <NumberInput label="第三方评价报告质量得分（百分制）" min={0} max={100} decimalScale={2} value={s.report} readOnly={!e.editable} onChange={(v) => setS((x) => ({ ...x, report: v }))} />
              </SimpleGrid>
            ) : null}
          </Stack>
        </Tabs.Panel>
      </Tabs>
      {e.editable && live.problems.length ? (
        <Alert color="red" variant="light" title={`有 ${live.problems.length} 处需要修改`}>{live.problems.slice(0, 5).map((m) => <Text key={m} size="sm">{m}</Text>)}</Alert>
      ) : null}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {e.frameworkEditable && e.editable ? '保存第一条专家评分后，指标体系不能再调整。' : ''}
          {live.result.complete ? '' : ` 尚有 ${live.result.items.filter((r) => r.score === null).length} 个指标没有评分。`}
        </Text>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconFileTypeDocx size={16} />} loading={busy === 'report'} onClick={report} data-testid="ke-report">导出评价报告</Button>
          {scoringActions ? (
            <>
              <Button leftSection={<IconDeviceFloppy size={16} />} loading={busy === 'save'} disabled={live.problems.length > 0} onClick={save} data-testid="ke-save">保存评分</Button>
              <Button color="teal" leftSection={<IconCircleCheck size={16} />} loading={busy === 'complete'} disabled={!live.result.complete} onClick={complete} data-testid="ke-complete">完成评价</Button>
            </>
          ) : null}
        </Group>
      </Group>
    </Stack>
  );
}
