import { Fragment, useMemo } from 'react';
import { Alert, Anchor, Badge, Button, Drawer, Group, List, Paper, ScrollArea, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconAlertTriangle, IconCircleCheck, IconDeviceFloppy, IconRefresh } from '@tabler/icons-react';
import type { RecheckItemDto } from '../../../../shared/api/dtoRecheck.ts';
import { LEVEL1, LEVEL2, type Level1Code } from '../../../../shared/domain/indicators.ts';
import type { GradeBand } from '../../../../shared/domain/ruleProfile.ts';
import { GOAL_GRADE_LABELS, RECHECK_REASON_LABELS, RECHECK_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import { gradeDropped } from '../../../../shared/rules/recheckSample.ts';
import { QUALITATIVE_RESULT_LABELS } from '../../../../shared/rules/selfEvaluation.ts';
import { call } from '../../api/client.ts';
import { queryClient, useApiQuery } from '../../api/queries.ts';
import { navigate } from '../../app/router.ts';
import { formatTime } from '../../components/format.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useSaveWithConflict } from '../../components/useSaveWithConflict.ts';
import {
  REASON_COLORS, RECHECK_TABLES, diffColor, formFromItem, liveTotal, recheckErrors, sameRecheckForm, signed, toRecheckSave, type RecheckFormState,
} from './recheckModel.ts';
import { GRADE_COLORS, PROFILE_TABLES, fmt2, pct, points } from './selfEvalModel.ts';

const num = { fontVariantNumeric: 'tabular-nums' } as const;
const LEVEL1_ORDER: Level1Code[] = ['output', 'cost', 'benefit', 'satisfaction'];
const refetch = () => queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('recheck.') });

/** The re-check of one sampled self-evaluation, in a drawer beside the items table. */
export function RecheckDrawer({ itemId, onClose }: { itemId: string | null; onClose(): void }) {
  return (
    <Drawer opened={itemId !== null} onClose={onClose} position="right" size={1180} title={<Text fw={700}>财政复核</Text>} scrollAreaComponent={ScrollArea.Autosize}>
      {itemId ? <ItemLoader itemId={itemId} /> : null}
    </Drawer>
  );
}

function ItemLoader({ itemId }: { itemId: string }) {
  const item = useApiQuery('recheck.get', { itemId }, RECHECK_TABLES);
  const profile = useApiQuery('profiles.get', { id: item.data?.profileId ?? '', version: item.data?.profileVersion ?? 1 }, PROFILE_TABLES, { enabled: item.data !== undefined });
  if (item.isError) return <Alert color="red" variant="light" title="无法读取复核事项">{item.error.message}</Alert>;
  if (profile.isError) return <Alert color="red" variant="light" title="无法读取规则方案">{profile.error.message}</Alert>;
  if (!item.data || !profile.data) return <Stack gap="sm"><Skeleton h={60} /><Skeleton h={320} /></Stack>;
  return <ItemForm key={item.data.id} item={item.data} grades={profile.data.body.grades} />;
}

function ItemForm({ item: d, grades }: { item: RecheckItemDto; grades: readonly GradeBand[] }) {
  const { form, setForm, base, dirty, stale, reset, busy, setBusy, runSave } = useSaveWithConflict<RecheckItemDto, RecheckFormState, 'complete'>({
    doc: d,
    toForm: formFromItem,
    sameForm: sameRecheckForm,
    persist: (rev, f) => call('recheck.save', toRecheckSave(d, rev, f)),
    notifySaved: (next) => notifySuccess(`复核得分 ${fmt2(next.recheckTotal)}（${next.recheckGrade ? GOAL_GRADE_LABELS[next.recheckGrade] : '—'}），与自评相差 ${signed(next.difference)} 分。`, '复核已保存'),
    refetch,
  });
  const live = useMemo(() => liveTotal(d, form, grades), [d, form, grades]);
  const errors = d.editable ? recheckErrors(d, form) : {};
  const blocking = Object.keys(errors).length > 0;
  const selfTotal = d.selfTotal;
  const diff = selfTotal === null ? null : Math.round((live.total - selfTotal) * 100) / 100;
  const willRectify = selfTotal !== null && diff !== null && (diff <= -5 + 1e-9 || (d.selfGrade !== null && gradeDropped(d.selfGrade, live.grade)));
  const setRow = (i: number, patch: Partial<RecheckFormState['rows'][number]>) => setForm((f) => ({ ...f, rows: f.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));

  const complete = () =>
    modals.openConfirmModal({
      title: '完成复核',
      centered: true,
      children: (
        <Text size="sm">
          完成后复核结果不能再修改。复核得分 {fmt2(d.computed.total)}（{GOAL_GRADE_LABELS[d.computed.grade]}），自评 {fmt2(selfTotal)}。
          {willRectify ? '复核得分比自评低 5 分及以上或等级下降，将自动生成整改事项（来源：财政复核），整改期限 30 天。' : '差异未达到整改条件，不生成整改事项。'}
        </Text>
      ),
      labels: { confirm: '完成复核', cancel: '取消' },
      onConfirm: () => {
        setBusy('complete');
        call('recheck.complete', { itemId: d.id, deadline: null })
          .then((r) => {
            notifySuccess(r.rectificationCode ? `已完成复核，并生成整改事项 ${r.rectificationCode}。` : '已完成复核。', '复核完成');
            void refetch();
          })
          .catch(notifyError)
          .finally(() => setBusy(null));
      },
    });

  const indexed = d.rows.map((row, i) => ({ row, i }));
  const groups = LEVEL1_ORDER.map((l1) => ({ l1, items: indexed.filter((x) => x.row.level1 === l1) })).filter((g) => g.items.length > 0);

  return (
    <Stack gap="sm" data-testid="rc-item">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={700} size="lg">{d.title}</Text>
            <Badge variant="light" color={d.status === 'done' ? 'teal' : 'gray'} radius="sm">{RECHECK_STATUS_LABELS[d.status]}</Badge>
            {d.readOnly ? <Badge variant="light" color="blue" radius="sm">同步只读</Badge> : null}
          </Group>
          <Text size="sm" c="dimmed">
            {d.projectCode ? `${d.projectCode} · ` : ''}{d.unitName} · 全年预算 {formatWan(d.amountFen)} 万元 · 执行率 {pct(d.executionRate)} · 规则方案第 {d.profileVersion} 版
          </Text>
          <Group gap={4}>
            {d.reasons.map((r) => <Badge key={r} size="sm" variant="light" color={REASON_COLORS[r]} radius="sm">{RECHECK_REASON_LABELS[r]}</Badge>)}
            <Anchor size="xs" ml="xs" onClick={() => navigate(`/evaluation/self/${encodeURIComponent(d.evaluationId)}`)}>查看自评表</Anchor>
          </Group>
        </Stack>
        {d.editable || d.canComplete ? (
          <Group gap="xs" wrap="nowrap">
            {dirty ? <Button variant="subtle" color="gray" onClick={() => setForm(base)} disabled={busy !== null}>放弃修改</Button> : null}
            {d.editable ? (
              <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} disabled={!dirty || blocking || busy !== null} loading={busy === 'save'} onClick={() => void runSave()} data-testid="rc-save">保存</Button>
            ) : null}
            {d.canComplete ? (
              <Button leftSection={<IconCircleCheck size={16} />} disabled={dirty || busy !== null} loading={busy === 'complete'} onClick={complete} data-testid="rc-complete">完成复核</Button>
            ) : null}
          </Group>
        ) : null}
      </Group>

      {stale ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="复核已被他人更新">
          <Group justify="space-between">
            <Text size="sm">您打开后，该复核已被他人修改。您的修改尚未保存，直接保存会被拒绝。</Text>
            <Button size="xs" variant="light" color="orange" leftSection={<IconRefresh size={14} />} onClick={() => reset(d)}>放弃我的修改并加载最新内容</Button>
          </Group>
        </Alert>
      ) : null}

      <SimpleGrid cols={3} spacing="sm">
        <Paper withBorder radius="sm" p="sm">
          <Text size="xs" c="dimmed">单位自评</Text>
          <Group gap="xs" align="baseline">
            <Text size="xl" fw={700} style={num}>{fmt2(selfTotal)}</Text>
            {d.selfGrade ? <Badge color={GRADE_COLORS[d.selfGrade]} radius="sm">{GOAL_GRADE_LABELS[d.selfGrade]}</Badge> : null}
          </Group>
        </Paper>
        <Paper withBorder radius="sm" p="sm" bg={dirty ? 'yellow.0' : undefined}>
          <Text size="xs" c="dimmed">财政复核{dirty ? '（未保存）' : ''}</Text>
          <Group gap="xs" align="baseline">
            <Text size="xl" fw={700} style={num} data-testid="rc-live-total">{fmt2(live.total)}</Text>
            <Badge color={GRADE_COLORS[live.grade]} radius="sm">{GOAL_GRADE_LABELS[live.grade]}</Badge>
          </Group>
          <Text size="xs" c="dimmed" style={num}>
            执行率得分 {fmt2(live.executionScore)} + 指标 {fmt2(live.indicatorTotal)} = {fmt2(live.rawTotal)}
            {live.normalizedTotal !== null ? `，折算 ${fmt2(live.normalizedTotal)}` : ''}{live.capped ? '，按执行率封顶' : ''}
          </Text>
        </Paper>
        <Paper withBorder radius="sm" p="sm">
          <Text size="xs" c="dimmed">差异（复核 − 自评）</Text>
          <Text size="xl" fw={700} style={num} c={diffColor(diff)} data-testid="rc-diff">{signed(diff)}</Text>
          {d.status === 'done' ? (
            <Text size="xs" c="dimmed">{d.rectificationCode ? `已生成整改事项 ${d.rectificationCode}` : '差异未达到整改条件'}</Text>
          ) : willRectify ? (
            <Text size="xs" c="red.7">完成复核时将生成整改事项</Text>
          ) : (
            <Text size="xs" c="dimmed">低 5 分及以上或等级下降时生成整改事项</Text>
          )}
        </Paper>
      </SimpleGrid>

      {d.rectificationCode ? (
        <Alert variant="light" color="orange" py="xs" title={`已生成整改事项 ${d.rectificationCode}`}>
          <Anchor size="sm" onClick={() => navigate('/rectifications')}>打开整改台账</Anchor>
        </Alert>
      ) : null}

      <Table withTableBorder withColumnBorders verticalSpacing={5} horizontalSpacing={8} layout="fixed" data-testid="rc-rows">
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th w={92}>二级指标</Table.Th>
            <Table.Th w={140}>三级指标</Table.Th>
            <Table.Th w={110}>年度指标值</Table.Th>
            <Table.Th w={150}>实际完成值</Table.Th>
            <Table.Th w={56} ta="right">分值</Table.Th>
            <Table.Th w={76} ta="right">自评得分</Table.Th>
            <Table.Th w={96} ta="right">复核得分</Table.Th>
            <Table.Th w={70} ta="right">差异</Table.Th>
            <Table.Th>复核意见</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((g) => (
            <Fragment key={g.l1}>
              <Table.Tr bg="blue.0">
                <Table.Td colSpan={9}><Text size="sm" fw={700}>{LEVEL1[g.l1]}（{points(g.items.reduce((s, x) => s + x.row.weight, 0))}分）</Text></Table.Td>
              </Table.Tr>
              {g.items.map(({ row, i }) => {
                const state = form.rows[i];
                const used = live.rowScores[String(row.seq)] ?? null;
                const rowDiff = used === null || row.selfScore === null ? null : Math.round((used - row.selfScore) * 100) / 100;
                const actual = row.notApplicable
                  ? '不适用'
                  : row.valueType === 'qualitative'
                    ? [row.qualitativeResult ? QUALITATIVE_RESULT_LABELS[row.qualitativeResult] : '', row.actualText].filter(Boolean).join('：')
                    : row.actualText;
                return (
                  <Table.Tr key={row.seq} bg={row.notApplicable ? 'gray.0' : undefined} data-testid="rc-row">
                    <Table.Td><Text size="sm">{LEVEL2[row.level2]}</Text></Table.Td>
                    <Table.Td><Text size="sm" fw={500}>{row.name}</Text></Table.Td>
                    <Table.Td><Text size="sm">{row.targetText}</Text></Table.Td>
                    <Table.Td><Text size="sm" lineClamp={2} title={row.deviationReason ? `偏差原因：${row.deviationReason}` : undefined}>{actual || '—'}</Text></Table.Td>
                    <Table.Td ta="right"><Text size="sm" style={num}>{points(row.weight)}</Text></Table.Td>
                    <Table.Td ta="right"><Text size="sm" style={num}>{row.notApplicable ? '—' : fmt2(row.selfScore)}</Text></Table.Td>
                    <Table.Td>
                      {row.notApplicable ? (
                        <Text size="sm" c="dimmed" ta="right">不适用</Text>
                      ) : d.editable && state ? (
                        <TextInput
                          size="xs"
                          aria-label={`“${row.name}”复核得分`}
                          placeholder={fmt2(row.selfScore)}
                          inputMode="decimal"
                          value={state.score}
                          error={errors[`rows.${i}.score`]}
                          styles={{ input: { textAlign: 'right', ...num }, error: { fontSize: 11 } }}
                          onChange={(e) => setRow(i, { score: e.currentTarget.value })}
                        />
                      ) : (
                        <Text size="sm" ta="right" fw={row.recheckScore !== null ? 700 : undefined} style={num}>{row.recheckScore === null ? '同自评' : fmt2(row.recheckScore)}</Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right"><Text size="sm" fw={600} style={num} c={diffColor(rowDiff)}>{rowDiff === null ? '—' : signed(rowDiff)}</Text></Table.Td>
                    <Table.Td>
                      {d.editable && state && !row.notApplicable ? (
                        <Textarea size="xs" autosize minRows={1} maxRows={4} aria-label={`“${row.name}”复核意见`} placeholder="扣分理由、核实情况" value={state.comment}
                          onChange={(e) => setRow(i, { comment: e.currentTarget.value })} />
                      ) : (
                        <Text size="sm">{row.comment || ''}</Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>

      <Textarea
        label="复核总体意见"
        autosize
        minRows={2}
        maxRows={8}
        value={form.opinion}
        readOnly={!d.editable}
        placeholder={d.editable ? '复核发现的主要问题及处理意见' : ''}
        onChange={(e) => {
          const opinion = e.currentTarget.value;
          setForm((f) => ({ ...f, opinion }));
        }}
        data-testid="rc-opinion"
      />

      {d.differences.length > 0 ? (
        <Paper withBorder radius="sm" p="sm">
          <Text size="sm" fw={600} mb={4}>主要差异（已保存）</Text>
          <List size="sm" spacing={2}>{d.differences.map((x) => <List.Item key={x}>{x}</List.Item>)}</List>
        </Paper>
      ) : null}
      {d.reviewer ? <Text size="xs" c="dimmed">复核人 {d.reviewer} · {formatTime(d.reviewedAt)}</Text> : null}
    </Stack>
  );
}
