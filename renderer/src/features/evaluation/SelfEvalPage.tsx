import { useMemo, useState } from 'react';
import {
  Alert, Anchor, Badge, Button, Group, List, Modal, Paper, ScrollArea, SimpleGrid, Skeleton, Stack, Table, Tabs, Text, TextInput, Textarea, ThemeIcon, Title, Tooltip,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import {
  IconAlertTriangle, IconArrowBackUp, IconArrowLeft, IconCheck, IconCircleCheck, IconCircleX, IconDeviceFloppy, IconFileExport, IconFileText, IconListDetails,
  IconPaperclip, IconRefresh, IconSend, IconTimeline,
} from '@tabler/icons-react';
import type { SelfEvalDto, SelfEvalTransition } from '../../../../shared/api/dtoSelfEval.ts';
import { GOAL_GRADE_LABELS, SELF_EVAL_OWNER_LABELS, SELF_EVAL_STATUS_LABELS, SELF_EVAL_TRANSITION_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import type { RuleProfileBody } from '../../../../shared/domain/ruleProfile.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import type { SelfEvalResult } from '../../../../shared/rules/selfEvaluation.ts';
import { call, pickFile, saveFile } from '../../api/client.ts';
import { queryClient, useApiQuery } from '../../api/queries.ts';
import { navigate } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { EmptyNote, EventTimeline } from '../../components/EventTimeline.tsx';
import { formatBytes, formatTime } from '../../components/format.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useSaveWithConflict } from '../../components/useSaveWithConflict.ts';
import { SelfEvalIndicatorTable } from './selfEvalIndicators.tsx';
import {
  FINANCE_ROLES, GRADE_COLORS, PROFILE_TABLES, SELF_EVAL_TABLES, STATUS_COLORS, fmt2, focusField, formErrors, formFromEval, liveExecution, liveProblems, liveResult,
  liveUnitMoney, parseMoney, pct, sameForm, toSaveInput, type FormState, type Problem, type RowState,
} from './selfEvalModel.ts';
import { UnitMoneyTable, type MoneyTableProps } from './selfEvalUnitMoney.tsx';

const num = { fontVariantNumeric: 'tabular-nums' } as const;

const refetchEvals = () => queryClient.invalidateQueries({ predicate: (q) => ['selfEval.get', 'selfEval.list'].includes(String(q.queryKey[0])) });

/** 项目支出（部门整体支出）绩效自评表 (SPEC §5.2, §7.3). */
export function SelfEvalPage({ evaluationId }: { evaluationId: string }) {
  const evaluation = useApiQuery('selfEval.get', { id: evaluationId }, SELF_EVAL_TABLES);
  if (evaluation.isPending) {
    return (
      <Stack gap="sm">
        <Skeleton h={20} w={200} />
        <Skeleton h={56} />
        <Skeleton h={160} />
        <Skeleton h={320} />
      </Stack>
    );
  }
  if (evaluation.isError) {
    return (
      <Stack gap="sm">
        <BackLink />
        <Alert color="red" variant="light" title="无法读取自评表">{evaluation.error.message}</Alert>
      </Stack>
    );
  }
  return <EvalView key={evaluation.data.id} evaluation={evaluation.data} />;
}

function BackLink() {
  return (
    <Anchor size="sm" href="#/evaluation/self" onClick={(e) => { e.preventDefault(); navigate('/evaluation/self'); }}>
      <Group gap={4}><IconArrowLeft size={14} />返回单位自评</Group>
    </Anchor>
  );
}

function EvalView({ evaluation: e }: { evaluation: SelfEvalDto }) {
  const { session } = useSession();
  const finance = FINANCE_ROLES.includes(session.user.role);
  const editable = finance && !e.readOnly && (e.status === 'draft' || e.status === 'returned');
  const profile = useApiQuery('profiles.get', { id: e.profileId, version: e.profileVersion }, PROFILE_TABLES);
  const [tab, setTab] = useState<string | null>('content');
  const [exporting, setExporting] = useState(false);
  const [reporting, setReporting] = useState(false);
  const lastReturn = e.status === 'returned' ? e.events.findLast((x) => x.toStatus === 'returned') : undefined;

  const exportForm = async () => {
    setExporting(true);
    try {
      const saved = await saveFile(await call('selfEval.exportForm', { id: e.id }));
      if (saved) notifySuccess(`已保存“${saved}”。`, '自评表已导出');
    } catch (err) {
      notifyError(err);
    } finally {
      setExporting(false);
    }
  };

  const buildReport = async () => {
    setReporting(true);
    try {
      const saved = await saveFile(await call('selfEval.report', { id: e.id }));
      if (saved) notifySuccess(`已保存“${saved}”。`, '自评报告已生成');
    } catch (err) {
      notifyError(err);
    } finally {
      setReporting(false);
    }
  };

  return (
    <Stack gap="sm" data-testid="se-page">
      <BackLink />
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap">
            <Title order={3} lineClamp={1}>{e.title}</Title>
            <Badge color={STATUS_COLORS[e.status]} variant="light" radius="sm" size="lg" data-testid="se-status">{SELF_EVAL_STATUS_LABELS[e.status]}</Badge>
            {e.readOnly ? <Badge color="blue" variant="light" radius="sm">同步只读</Badge> : null}
          </Group>
          <Text size="sm" c="dimmed">
            {e.year} 年度{SELF_EVAL_OWNER_LABELS[e.ownerType]}绩效自评{e.projectCode ? ` · 项目编码 ${e.projectCode}` : ''} · 主管部门 {e.department} · {e.implementingUnit} · 规则方案第 {e.profileVersion} 版
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <ReviewActions evaluation={e} />
          <Button variant="default" leftSection={<IconFileExport size={16} />} loading={exporting} onClick={() => void exportForm()} data-testid="se-export">导出自评表</Button>
          <Button variant="default" leftSection={<IconFileText size={16} />} loading={reporting} onClick={() => void buildReport()} data-testid="se-report">生成自评报告</Button>
        </Group>
      </Group>

      {lastReturn ? (
        <Alert color="red" variant="light" title="自评表已被退回，请按意见修改后重新提交" data-testid="se-returned">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{lastReturn.comment}</Text>
          <Text size="xs" c="dimmed" mt={4}>{lastReturn.username} · {formatTime(lastReturn.at)}</Text>
        </Alert>
      ) : null}

      <Tabs value={tab} onChange={setTab} keepMounted>
        <Tabs.List>
          <Tabs.Tab value="content" leftSection={<IconListDetails size={14} />}>自评表</Tabs.Tab>
          <Tabs.Tab value="evidence" leftSection={<IconPaperclip size={14} />}>证据附件（{e.evidence.length}）</Tabs.Tab>
          <Tabs.Tab value="events" leftSection={<IconTimeline size={14} />}>流转记录（{e.events.length}）</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="content" pt="sm">
          {profile.isError ? (
            <Alert color="red" variant="light" title="无法读取自评表的规则方案">{profile.error.message}</Alert>
          ) : profile.data ? (
            <EvalForm evaluation={e} editable={editable} profile={profile.data.body} />
          ) : (
            <Skeleton h={320} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="evidence" pt="sm"><Evidence evaluation={e} canAdd={finance && !e.readOnly && e.status !== 'accepted'} /></Tabs.Panel>
        <Tabs.Panel value="events" pt="sm">
          <EventTimeline events={e.events} colors={STATUS_COLORS} labels={SELF_EVAL_STATUS_LABELS} testId="se-events" />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function EvalForm({ evaluation: e, editable, profile }: { evaluation: SelfEvalDto; editable: boolean; profile: RuleProfileBody }) {
  const { form, setForm, base, dirty, stale, reset, busy, runSave, runSubmit } = useSaveWithConflict<SelfEvalDto, FormState>({
    doc: e,
    toForm: formFromEval,
    sameForm,
    persist: (rev, f) => call('selfEval.save', toSaveInput(e, rev, f)),
    notifySaved: (next) => notifySuccess(`已保存。总分 ${fmt2(next.total)}，等级“${next.grade ? GOAL_GRADE_LABELS[next.grade] : '—'}”。`, '自评表已保存'),
    refetch: refetchEvals,
  });
  const result = useMemo(() => liveResult(profile, e, form, editable), [profile, e, form, editable]);
  const unitMoney = useMemo(() => liveUnitMoney(e, form, editable), [e, form, editable]);
  const hasExecution = liveExecution(e, form, editable).executedFen !== null;
  const errors = editable ? formErrors(e, form) : {};
  const blocking = Object.keys(errors).length > 0;
  const problems: Problem[] = editable ? liveProblems(e, form, result) : e.problems;
  const patchRow = (seq: number, p: Partial<RowState>) => setForm((f) => ({ ...f, rows: f.rows.map((r) => (r.seq === seq ? { ...r, ...p } : r)) }));

  const submit = () =>
    runSubmit(async () => {
      await call('selfEval.transition', { id: e.id, transition: 'submit', comment: '' });
      notifySuccess('自评表已提交，等待主管部门审核。', '已提交');
    });
  const confirmSubmit = () =>
    modals.openConfirmModal({
      title: '提交自评表',
      centered: true,
      children: <Text size="sm">{dirty ? '将先保存本次修改，再提交。' : ''}提交后依次由主管部门审核、财政验收，期间不能修改；如被退回，可修改后重新提交。当前总分 {fmt2(result.total)}（{GOAL_GRADE_LABELS[result.grade]}）。</Text>,
      labels: { confirm: '提交', cancel: '取消' },
      onConfirm: () => void submit(),
    });
  const submitBlock = blocking ? '有填写错误，请先改正' : problems.length > 0 ? `还有 ${problems.length} 个问题，改正后才能提交` : null;

  return (
    <Stack gap="sm">
      {stale ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="自评表已被更新">
          <Group justify="space-between">
            <Text size="sm">您打开后，该自评表已被他人修改。您的修改尚未保存，直接保存会被拒绝。</Text>
            <Button size="xs" variant="light" color="orange" leftSection={<IconRefresh size={14} />} onClick={() => reset(e)}>放弃我的修改并加载最新内容</Button>
          </Group>
        </Alert>
      ) : null}
      {editable ? (
        <Group justify="space-between" wrap="wrap" gap="xs">
          {dirty ? <Badge color="orange" variant="light" radius="sm" data-testid="se-dirty">有未保存的修改</Badge> : <Badge color="gray" variant="light" radius="sm">已保存</Badge>}
          <Group gap="xs">
            {dirty ? <Button variant="subtle" color="gray" onClick={() => setForm(base)} disabled={busy !== null}>放弃修改</Button> : null}
            <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} disabled={!dirty || blocking || busy !== null} loading={busy === 'save'} onClick={() => void runSave()} data-testid="se-save">保存</Button>
            {e.allowed.includes('submit') ? (
              <Tooltip label={submitBlock ?? '提交主管部门审核'}>
                <span>
                  <Button leftSection={<IconSend size={16} />} disabled={submitBlock !== null || busy !== null} loading={busy === 'submit'} onClick={confirmSubmit} data-testid="se-submit">提交</Button>
                </span>
              </Tooltip>
            ) : null}
          </Group>
        </Group>
      ) : e.status === 'submitted' || e.status === 'deptApproved' ? (
        <Alert variant="light" color="blue" py="xs"><Text size="sm">自评表{e.status === 'submitted' ? '已提交，等待主管部门审核' : '已经主管部门审核，等待财政验收'}，期间不能修改。</Text></Alert>
      ) : null}

      {editable || problems.length > 0 ? <Problems problems={problems} live={editable} /> : null}

      <Totals result={result} live={dirty} hasExecution={hasExecution} unit={unitMoney !== null} />

      <Paper withBorder radius="sm" p="sm">
        <Group justify="space-between" mb="xs">
          <Text fw={600}>{e.ownerType === 'project' ? '项目资金' : '部门资金'}</Text>
          <Text size="xs" c="dimmed">单位：万元。执行率 = 全年执行数 ÷ 全年预算数。{unitMoney ? '部门资金分基本支出和项目支出，执行率得分按年度资金总额计算。' : ''}</Text>
        </Group>
        {unitMoney ? (
          <UnitMoneyTable evaluation={e} money={unitMoney} form={form} setForm={setForm} editable={editable} errors={errors} result={result} executionWeight={profile.selfEvaluation.executionWeight} />
        ) : (
          <MoneyTable evaluation={e} form={form} setForm={setForm} editable={editable} errors={errors} result={result} executionWeight={profile.selfEvaluation.executionWeight} />
        )}
        <Text size="sm" mt="xs" c={hasExecution ? 'dimmed' : 'orange.8'} data-testid="se-exec-explanation">
          {hasExecution
            ? `计算过程：${result.executionExplanation}`
            : unitMoney ? '请填写人员经费和公用经费的全年执行数，填写后按规则方案计算执行率得分。' : '请填写全年执行数，填写后按规则方案计算执行率得分。'}
        </Text>
      </Paper>

      <Paper withBorder radius="sm" p="sm">
        <Text fw={600} mb="xs">年度总体目标</Text>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
          <Stack gap={4}>
            <Text size="sm" fw={500}>预期目标</Text>
            <Paper bg="gray.0" p="xs" radius="sm" mih={86}><Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{e.annualGoal || '—'}</Text></Paper>
          </Stack>
          <Textarea
            label="实际完成情况"
            placeholder={editable ? '概述全年目标的实际完成情况' : '—'}
            autosize
            minRows={3}
            maxRows={10}
            maxLength={4000}
            readOnly={!editable}
            variant={editable ? 'default' : 'filled'}
            value={form.goalCompletion}
            onChange={(ev) => {
              const v = ev.currentTarget.value;
              setForm((f) => ({ ...f, goalCompletion: v }));
            }}
            data-se-field="goalCompletion"
          />
        </SimpleGrid>
      </Paper>

      <Paper withBorder radius="sm" p="sm">
        <Group justify="space-between" mb="xs">
          <Group gap="xs">
            <Text fw={600}>绩效指标完成情况</Text>
            <Badge variant="light" color="gray" radius="sm">{e.rows.length} 个</Badge>
          </Group>
          <Text size="xs" c="dimmed">得分按规则方案实时计算；定性指标由评价人在完成情况对应的区间内打分；未达到或大幅超过目标的指标须填写偏差原因。</Text>
        </Group>
        {result.weightCheck.messages.length > 0 ? (
          <Alert color="yellow" variant="light" py="xs" mb="xs" icon={<IconAlertTriangle size={16} />} title="分值提醒（不影响提交）" data-testid="se-weight-warnings">
            <List size="sm" spacing={0}>{result.weightCheck.messages.map((m) => <List.Item key={m}>{m}</List.Item>)}</List>
          </Alert>
        ) : null}
        <ScrollArea type="auto">
          <SelfEvalIndicatorTable evaluation={e} rows={form.rows} result={result} editable={editable} errors={errors} onChange={patchRow} />
        </ScrollArea>
      </Paper>
    </Stack>
  );
}

type MoneyField = 'executed' | 'executedFiscal' | 'executedCarryover' | 'executedOther';

function MoneyTable({ evaluation: e, form, setForm, editable, errors, result, executionWeight }: MoneyTableProps) {
  const hasExecution = typeof parseMoney(form.executed) === 'number';
  const rows: { label: string; initial: number; annual: number; field: MoneyField; total?: boolean }[] = [
    { label: '年度资金总额', initial: e.initial.totalFen, annual: e.annual.totalFen, field: 'executed', total: true },
    { label: '其中：当年财政拨款', initial: e.initial.fiscalFen, annual: e.annual.fiscalFen, field: 'executedFiscal' },
    { label: '上年结转资金', initial: e.initial.carryoverFen, annual: e.annual.carryoverFen, field: 'executedCarryover' },
    { label: '其他资金', initial: e.initial.otherFen, annual: e.annual.otherFen, field: 'executedOther' },
  ];
  return (
    <Table withTableBorder withColumnBorders verticalSpacing={6} horizontalSpacing={8} layout="fixed" data-testid="se-money">
      <Table.Thead bg="gray.0">
        <Table.Tr>
          <Table.Th w={160}>资金</Table.Th>
          <Table.Th ta="right">年初预算数</Table.Th>
          <Table.Th ta="right">全年预算数</Table.Th>
          <Table.Th w={190}>全年执行数</Table.Th>
          <Table.Th ta="right" w={70}>分值</Table.Th>
          <Table.Th ta="right" w={100}>执行率</Table.Th>
          <Table.Th ta="right" w={90}>得分</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.field}>
            <Table.Td><Text size="sm" fw={r.total ? 600 : undefined}>{r.label}</Text></Table.Td>
            <Table.Td ta="right"><Text size="sm" style={num}>{formatWan(r.initial)}</Text></Table.Td>
            <Table.Td ta="right"><Text size="sm" style={num}>{formatWan(r.annual)}</Text></Table.Td>
            <Table.Td>
              {editable ? (
                <TextInput
                  size="xs"
                  aria-label={`${r.label}全年执行数（万元）`}
                  inputMode="decimal"
                  placeholder={r.total ? '必填' : '选填'}
                  value={form[r.field]}
                  error={errors[r.field]}
                  styles={{ input: { textAlign: 'right', ...num }, error: { fontSize: 11 } }}
                  onChange={(ev) => {
                    const v = ev.currentTarget.value;
                    setForm((f) => ({ ...f, [r.field]: v }));
                  }}
                  data-se-field={r.total ? 'executedFen' : `${r.field}Fen`}
                />
              ) : (
                <Text size="sm" ta="right" style={num}>{(() => { const v = parseMoney(form[r.field]); return typeof v === 'number' ? formatWan(v) : '—'; })()}</Text>
              )}
            </Table.Td>
            <Table.Td ta="right"><Text size="sm" style={num}>{r.total ? executionWeight : ''}</Text></Table.Td>
            <Table.Td ta="right"><Text size="sm" style={num} fw={r.total ? 600 : undefined}>{r.total && hasExecution ? pct(result.executionRate) : ''}</Text></Table.Td>
            <Table.Td ta="right"><Text size="sm" style={num} fw={700}>{r.total && hasExecution ? fmt2(result.executionScore) : ''}</Text></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** 预算执行率得分 + 指标得分 = 原始总分; 折算 (N/A), 封顶 (cap), 最终总分 and 等级. */
function Totals({ result, live, hasExecution, unit }: { result: SelfEvalResult; live: boolean; hasExecution: boolean; unit: boolean }) {
  const capped = result.cap !== null && result.cap.maxTotal < (result.normalizedTotal ?? result.rawTotal);
  return (
    <Paper withBorder radius="sm" p="sm" data-testid="se-totals">
      <Group gap="xl" align="flex-end" wrap="wrap">
        <Figure label="预算执行率得分" value={fmt2(result.executionScore)} />
        <Figure label="指标得分" value={fmt2(result.indicatorTotal)} />
        <Figure label="原始总分" value={fmt2(result.rawTotal)} />
        {result.normalizedTotal !== null ? (
          <Tooltip label={`含不适用指标：${fmt2(result.rawTotal)} ÷ 适用分值 ${fmt2(result.applicableWeight)} × 100`} withinPortal>
            <span><Figure label="折算总分（剔除不适用）" value={fmt2(result.normalizedTotal)} /></span>
          </Tooltip>
        ) : null}
        {result.cap ? (
          <Tooltip label={result.cap.reason} multiline maw={360} withinPortal>
            <span><Figure label={capped ? '封顶' : '封顶上限（未触及）'} value={fmt2(result.cap.maxTotal)} color={capped ? 'red.7' : undefined} /></span>
          </Tooltip>
        ) : null}
        <Figure label="最终总分" value={fmt2(result.total)} strong testId="se-total" />
        <Stack gap={2}>
          <Text size="xs" c="dimmed">自评等级</Text>
          {hasExecution ? (
            <Badge size="xl" radius="sm" color={GRADE_COLORS[result.grade]} variant="filled" data-testid="se-grade">{GOAL_GRADE_LABELS[result.grade]}</Badge>
          ) : (
            <Badge size="xl" radius="sm" color="gray" variant="light" data-testid="se-grade">—</Badge>
          )}
        </Stack>
        {!hasExecution ? <Badge variant="light" color="gray" radius="sm">{unit ? '尚未填写基本支出全年执行数' : '尚未填写全年执行数'}：总分暂不含执行率得分，不评定等级</Badge> : live ? <Badge variant="light" color="orange" radius="sm">按当前填写内容实时计算，保存后生效</Badge> : null}
      </Group>
      {result.cap ? <Text size="xs" c="dimmed" mt={6}>{result.cap.reason}</Text> : null}
    </Paper>
  );
}

function Figure({ label, value, strong, color, testId }: { label: string; value: string; strong?: boolean; color?: string | undefined; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size={strong ? 'xl' : 'lg'} fw={strong ? 700 : 600} c={color} style={num} data-testid={testId}>{value}</Text>
    </Stack>
  );
}

function Problems({ problems, live }: { problems: Problem[]; live: boolean }) {
  if (problems.length === 0) {
    return (
      <Alert variant="light" color="teal" icon={<IconCircleCheck size={18} />} py="xs" data-testid="se-check-ok">
        <Text size="sm">填报完整：全年执行数、各指标的实际完成值和得分均已填写{live ? '，可以提交' : ''}。</Text>
      </Alert>
    );
  }
  return (
    <Alert
      variant="light"
      color="red"
      icon={<IconCircleX size={18} />}
      title={<Group gap="xs"><Text size="sm" fw={600}>{live ? '提交前还需完善' : '尚未填写完整'}</Text><Text size="sm" c="red.8" data-testid="se-problem-count">{problems.length} 个问题</Text></Group>}
      py="xs"
      data-testid="se-problems"
    >
      <ScrollArea.Autosize mah={112} type="auto">
        <List spacing={2} size="sm" center>
          {problems.map((p, i) => (
            <List.Item key={i} icon={<ThemeIcon size={18} radius="xl" variant="light" color="red"><IconCircleX size={12} /></ThemeIcon>}>
              <Anchor component="button" type="button" size="sm" c="red.8" ta="left" onClick={() => focusField(p.field)}>{p.message}</Anchor>
            </List.Item>
          ))}
        </List>
      </ScrollArea.Autosize>
    </Alert>
  );
}

/** 主管部门审核, 财政验收 (绩效管理 only) and 退回 (reason required). */
function ReviewActions({ evaluation: e }: { evaluation: SelfEvalDto }) {
  const [open, setOpen] = useState<Exclude<SelfEvalTransition, 'submit'> | null>(null);
  const actions = e.allowed.filter((a): a is Exclude<SelfEvalTransition, 'submit'> => a !== 'submit');
  if (actions.length === 0) return null;
  return (
    <>
      {actions.includes('return') ? <Button variant="light" color="red" leftSection={<IconArrowBackUp size={16} />} onClick={() => setOpen('return')} data-testid="se-action-return">退回</Button> : null}
      {actions.includes('deptApprove') ? <Button color="indigo" leftSection={<IconCheck size={16} />} onClick={() => setOpen('deptApprove')} data-testid="se-action-deptApprove">主管部门审核通过</Button> : null}
      {actions.includes('accept') ? <Button color="teal" leftSection={<IconCheck size={16} />} onClick={() => setOpen('accept')} data-testid="se-action-accept">财政验收</Button> : null}
      {open ? <TransitionModal evaluation={e} transition={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

const DONE = { return: '已退回', deptApprove: '已经主管部门审核通过', accept: '已通过财政验收' } as const;

function TransitionModal({ evaluation: e, transition, onClose }: { evaluation: SelfEvalDto; transition: Exclude<SelfEvalTransition, 'submit'>; onClose(): void }) {
  const [comment, setComment] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const needComment = transition === 'return';
  const missing = needComment && !comment.trim();
  const run = async () => {
    setTouched(true);
    if (missing) return;
    setBusy(true);
    try {
      await call('selfEval.transition', { id: e.id, transition, comment: comment.trim() });
      notifySuccess(`“${e.title}”${DONE[transition]}。`, SELF_EVAL_TRANSITION_LABELS[transition]);
      onClose();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={SELF_EVAL_TRANSITION_LABELS[transition]} centered>
      <Stack gap="sm">
        <Text size="sm">
          {transition === 'return' ? '退回后单位可修改自评表并重新提交。' : transition === 'deptApprove' ? '审核通过后交财政验收。' : '验收后自评结果确定，不能再修改。'}
          当前总分 {fmt2(e.total)}（{e.grade ? GOAL_GRADE_LABELS[e.grade] : '—'}）。
        </Text>
        <Textarea
          label={needComment ? '退回原因' : '意见（选填）'}
          withAsterisk={needComment}
          autosize
          minRows={3}
          value={comment}
          error={touched && missing ? '退回时请填写退回原因' : undefined}
          onChange={(ev) => setComment(ev.currentTarget.value)}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button color={transition === 'return' ? 'red' : 'teal'} loading={busy} onClick={() => void run()} data-testid="se-transition-confirm">{SELF_EVAL_TRANSITION_LABELS[transition]}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Evidence({ evaluation: e, canAdd }: { evaluation: SelfEvalDto; canAdd: boolean }) {
  const [busy, setBusy] = useState(false);
  const nameOf = (seq: number | null) => (seq === null ? '整体' : (e.rows.find((r) => r.seq === seq)?.name ?? `序号 ${seq}`));
  const add = async () => {
    const file = await pickFile('选择证据附件', ['pdf', 'jpg', 'jpeg', 'png', 'doc', 'docx', 'xls', 'xlsx', 'zip']);
    if (!file) return;
    setBusy(true);
    try {
      await call('selfEval.addEvidence', { id: e.id, seq: null, file });
      notifySuccess(`已上传“${file.name}”。`, '证据附件');
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  const download = async (id: string) => {
    try {
      await saveFile(await call('attachments.get', { id }));
    } catch (err) {
      notifyError(err);
    }
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">验收单、统计报表、满意度调查等支撑自评结果的材料。</Text>
        {canAdd ? <Button size="xs" variant="default" leftSection={<IconPaperclip size={14} />} loading={busy} onClick={() => void add()}>上传证据</Button> : null}
      </Group>
      {e.evidence.length === 0 ? (
        <EmptyNote text="尚无证据附件" />
      ) : (
        <Table withTableBorder verticalSpacing="xs">
          <Table.Thead bg="gray.0">
            <Table.Tr><Table.Th>文件</Table.Th><Table.Th w={160}>对应指标</Table.Th><Table.Th w={100} ta="right">大小</Table.Th><Table.Th w={220}>上传</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {e.evidence.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td><Anchor component="button" type="button" size="sm" onClick={() => void download(a.id)}>{a.name}</Anchor></Table.Td>
                <Table.Td><Text size="sm">{nameOf(a.seq)}</Text></Table.Td>
                <Table.Td ta="right"><Text size="sm">{formatBytes(a.size)}</Text></Table.Td>
                <Table.Td><Text size="sm">{a.createdBy} · {formatTime(a.createdAt)}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
