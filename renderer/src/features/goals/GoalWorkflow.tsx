import { useState } from 'react';
import {
  Alert, Badge, Button, Divider, Group, Modal, NumberInput, Paper, Stack, Stepper, Table, Text, Textarea,
} from '@mantine/core';
import { IconArrowBackUp, IconCheck, IconClipboardCheck, IconGavel, IconSpeakerphone, IconX } from '@tabler/icons-react';
import type { GoalSheetDto, GoalTransition, ProfileDto } from '../../../../shared/api/dtoGoals.ts';
import {
  GOAL_GRADE_LABELS, GOAL_REVIEW_ACTION_LABELS, GOAL_STATUS_LABELS, GOAL_TRANSITION_LABELS,
} from '../../../../shared/i18n/zh-CN.ts';
import { reviewGoal, type GoalReviewResult } from '../../../../shared/rules/goalReview.ts';
import { call } from '../../api/client.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { formatDate } from '../../components/format.ts';
import { GRADE_COLORS, STEPS, stepperState, stepTimes } from './goalModel.ts';

/** Where the sheet stands: 草稿 → … → 已公开, with 退回 / 不予安排 in red at the step that caused them. */
export function GoalStepper({ sheet }: { sheet: Pick<GoalSheetDto, 'status' | 'events'> }) {
  const st = stepperState(sheet.status, sheet.events);
  const times = stepTimes(sheet.events);
  return (
    <Stepper active={st.active} size="xs" iconSize={26} allowNextStepsSelect={false} data-testid="goal-stepper">
      {STEPS.map((label, i) => {
        const stop = st.stop?.step === i ? st.stop : null;
        const time = times[i];
        return (
          <Stepper.Step
            key={label}
            label={label}
            allowStepSelect={false}
            {...(stop ? { color: 'red', progressIcon: <IconX size={14} />, icon: <IconX size={14} /> } : {})}
            description={
              stop ? (
                <Text span size="xs" c="red.8" fw={600}>{stop.label}</Text>
              ) : time && i < st.active ? (
                formatDate(time)
              ) : undefined
            }
          />
        );
      })}
    </Stepper>
  );
}

type SimpleTransition = Exclude<GoalTransition, 'review' | 'submit'>;

const TRANSITION_TEXT: Record<SimpleTransition, { title: string; body: string; confirm: string; color?: string; required: boolean; placeholder: string }> = {
  deptApprove: {
    title: '主管部门审核通过',
    body: '确认该绩效目标已经主管部门审核，内容完整、与部门职能和资金用途相符。通过后送财政审核。',
    confirm: '审核通过',
    required: false,
    placeholder: '审核意见（可不填）',
  },
  return: {
    title: '退回修改',
    body: '退回后，填报单位可修改目标表并重新提交。请写明需要修改的内容，填报人会看到退回原因。',
    confirm: '退回',
    color: 'red',
    required: true,
    placeholder: '如：满意度指标缺失；“培训人次”指标值偏低，请按上年实际调整',
  },
  approve: {
    title: '批复绩效目标',
    body: '批复后绩效目标随预算下达并锁定，不能直接修改；确需变更的，须通过“调整目标”并记录调整原因。',
    confirm: '批复',
    required: false,
    placeholder: '批复意见（可不填）',
  },
  publish: {
    title: '公开绩效目标',
    body: '标记为已公开：绩效目标随部门预算一并向社会公开。公开后仍可查看和导出申报表。',
    confirm: '标记为已公开',
    required: false,
    placeholder: '备注（可不填），如公开网址或文号',
  },
};

const ICONS: Record<GoalTransition, typeof IconCheck> = {
  submit: IconCheck,
  deptApprove: IconCheck,
  return: IconArrowBackUp,
  review: IconClipboardCheck,
  approve: IconGavel,
  publish: IconSpeakerphone,
};

/** The workflow buttons the backend allows this user now, and their dialogs. */
export function GoalActions({ sheet, profile }: { sheet: GoalSheetDto; profile: ProfileDto | undefined }) {
  const [open, setOpen] = useState<SimpleTransition | 'review' | null>(null);
  // Submitting is done from the editor (it saves first).
  const actions = sheet.allowed.filter((a) => a !== 'submit');
  if (actions.length === 0) return null;
  const order: (SimpleTransition | 'review')[] = ['deptApprove', 'review', 'approve', 'publish', 'return'];
  return (
    <>
      {order.filter((a) => actions.includes(a)).map((a) => {
        const Icon = ICONS[a];
        return (
          <Button
            key={a}
            size="sm"
            variant={a === 'return' ? 'light' : 'filled'}
            color={a === 'return' ? 'red' : a === 'publish' ? 'teal' : undefined}
            leftSection={<Icon size={16} />}
            onClick={() => setOpen(a)}
            data-testid={`goal-action-${a}`}
          >
            {a === 'return' && sheet.status === 'notFunded' ? '退回重新填报' : GOAL_TRANSITION_LABELS[a]}
          </Button>
        );
      })}
      {open !== null && open !== 'review' ? <TransitionModal sheet={sheet} transition={open} onClose={() => setOpen(null)} /> : null}
      {open === 'review' ? <ReviewModal sheet={sheet} profile={profile} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

function TransitionModal({ sheet, transition, onClose }: { sheet: GoalSheetDto; transition: SimpleTransition; onClose(): void }) {
  const t = TRANSITION_TEXT[transition];
  const [comment, setComment] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const missing = t.required && comment.trim() === '';
  const run = async () => {
    setTouched(true);
    if (missing) return;
    setBusy(true);
    try {
      const next = await call('goals.transition', { sheetId: sheet.id, transition, comment: comment.trim() });
      notifySuccess(`“${sheet.title}”${transition === 'return' ? '已退回' : `已${t.confirm}`}，当前状态：${GOAL_STATUS_LABELS[next.status]}。`);
      onClose();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>{t.title}</Text>} centered size="lg">
      <Stack gap="sm">
        <Text size="sm">{t.body}</Text>
        <Text size="sm" c="dimmed">目标表：{sheet.title}（{sheet.unitName}，{sheet.year} 年度）</Text>
        <Textarea
          label={transition === 'return' ? '退回原因' : '意见'}
          withAsterisk={t.required}
          placeholder={t.placeholder}
          autosize
          minRows={3}
          maxLength={1000}
          data-autofocus
          value={comment}
          error={touched && missing ? '请填写退回原因' : undefined}
          onChange={(e) => setComment(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>取消</Button>
          <Button color={t.color} loading={busy} onClick={() => void run()} data-testid="goal-transition-confirm">{t.confirm}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Review points per aspect (SPEC §4.6 R1), shown beside each score as a reminder. */
const ASPECT_HINTS: Record<string, string> = {
  completeness: '表格要素齐全；总体目标与指标对应；产出、效益、满意度（成本）指标齐全',
  relevance: '与部门职能、发展规划相关；指标与目标、资金用途直接相关',
  appropriateness: '资金量与产出量匹配；指标值既不过低也不过高；成本标准合理',
  feasibility: '论证充分；实施措施可行；指标数据可获取',
};

/** The consequence of a review result, in the words the confirmation shows. */
export function reviewConsequence(r: GoalReviewResult, ownerType: GoalSheetDto['ownerType'], passMark: number, gradeAction: string | undefined): string {
  const head = `总分 ${r.total.toFixed(2)}，等级“${GOAL_GRADE_LABELS[r.grade]}”`;
  switch (r.action) {
    case 'proceed':
      return `${head}：审核通过，可直接安排预算。`;
    case 'proceedAfterFix':
      return `${head}：审核通过，财政与单位商定修改意见后安排预算。`;
    case 'revise':
      return `${head}：目标表将退回单位修改后重新报送。`;
    case 'notFunded':
      // Say why only when the pass mark, not the grade itself, refuses the funding.
      return `${head}${r.belowPassMark && gradeAction !== 'notFunded' ? `，低于及格线 ${passMark} 分` : ''}：${ownerType === 'project' ? '项目' : '目标表'}将标记为不予安排。`;
  }
}

function ReviewModal({ sheet, profile, onClose }: { sheet: GoalSheetDto; profile: ProfileDto | undefined; onClose(): void }) {
  const [scores, setScores] = useState<Record<string, number | string>>({});
  const [opinion, setOpinion] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!profile) {
    return (
      <Modal opened onClose={onClose} title="财政审核" centered>
        <Text size="sm" c="dimmed">正在读取本年度规则方案……</Text>
      </Modal>
    );
  }
  const aspects = profile.body.goalReview.aspects;
  const numeric = Object.fromEntries(
    Object.entries(scores).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
  const result = reviewGoal(profile.body, numeric);
  const complete = aspects.every((a) => typeof scores[a.code] === 'number');
  const opinionMissing = opinion.trim() === '';
  const ready = complete && result.problems.length === 0 && !opinionMissing;
  const consequence = reviewConsequence(result, sheet.ownerType, profile.body.goalReview.passMark, profile.body.goalReview.actions[result.grade]);
  const danger = result.action === 'notFunded' || result.action === 'revise';

  const run = async () => {
    setBusy(true);
    try {
      const next = await call('goals.review', { sheetId: sheet.id, scores: numeric, opinion: opinion.trim() });
      notifySuccess(`${consequence.replace(/将/, '已')}当前状态：${GOAL_STATUS_LABELS[next.status]}。`, '审核结果已保存');
      onClose();
    } catch (e) {
      notifyError(e);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>财政审核：{sheet.title}</Text>} centered size="xl" closeOnClickOutside={false}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          按本年度规则方案“{profile.name}”（第 {profile.version} 版）的审核要点逐项评分；等级和处理方式由总分按方案自动确定，审核记录将保存所用方案及版本。
        </Text>
        <Table withTableBorder withColumnBorders verticalSpacing="xs">
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th w={90}>审核内容</Table.Th>
              <Table.Th>审核要点</Table.Th>
              <Table.Th w={70} ta="center">分值</Table.Th>
              <Table.Th w={130}>得分</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {aspects.map((a) => {
              const v = scores[a.code];
              const over = typeof v === 'number' && v > a.weight;
              return (
                <Table.Tr key={a.code}>
                  <Table.Td><Text size="sm" fw={600}>{a.label}</Text></Table.Td>
                  <Table.Td><Text size="xs" c="dimmed">{ASPECT_HINTS[a.code] ?? '—'}</Text></Table.Td>
                  <Table.Td ta="center"><Text size="sm">{a.weight}</Text></Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      aria-label={`${a.label}得分`}
                      min={0}
                      max={a.weight}
                      step={1}
                      decimalScale={2}
                      allowNegative={false}
                      clampBehavior="none"
                      readOnly={confirming}
                      variant={confirming ? 'filled' : 'default'}
                      value={v ?? ''}
                      error={over ? `不能超过 ${a.weight} 分` : touched && v === undefined ? '请评分' : undefined}
                      onChange={(x) => setScores((s) => ({ ...s, [a.code]: x }))}
                      data-testid={`review-score-${a.code}`}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Paper withBorder radius="sm" p="sm" bg="gray.0" data-testid="review-preview">
          <Group gap="lg">
            <Group gap={6}>
              <Text size="sm" c="dimmed">总分</Text>
              <Text size="xl" fw={700} ff="monospace">{result.total.toFixed(2)}</Text>
            </Group>
            <Group gap={6}>
              <Text size="sm" c="dimmed">等级</Text>
              <Badge size="lg" color={GRADE_COLORS[result.grade]} variant={complete ? 'filled' : 'light'}>{GOAL_GRADE_LABELS[result.grade]}</Badge>
            </Group>
            <Group gap={6}>
              <Text size="sm" c="dimmed">处理方式</Text>
              <Badge size="lg" color={danger ? 'red' : 'teal'} variant="light">{GOAL_REVIEW_ACTION_LABELS[result.action]}</Badge>
            </Group>
            {!complete ? <Text size="xs" c="dimmed">（尚未全部评分，按已填得分预览）</Text> : null}
          </Group>
        </Paper>
        <Textarea
          label="审核意见"
          withAsterisk
          placeholder="写明主要问题和修改要求，单位和业务股室会看到"
          autosize
          minRows={3}
          maxLength={2000}
          readOnly={confirming}
          variant={confirming ? 'filled' : 'default'}
          value={opinion}
          error={touched && opinionMissing ? '请填写审核意见' : undefined}
          onChange={(e) => setOpinion(e.currentTarget.value)}
          data-testid="review-opinion"
        />
        {confirming ? (
          <Alert color={danger ? 'red' : 'teal'} variant="light" title="请确认审核结果" data-testid="review-consequence">
            <Text size="sm" fw={600}>{consequence}</Text>
            <Text size="xs" c="dimmed" mt={4}>确认后审核结果即保存，不能撤回。</Text>
          </Alert>
        ) : null}
        <Divider />
        <Group justify="flex-end">
          {confirming ? (
            <>
              <Button variant="default" onClick={() => setConfirming(false)} disabled={busy}>返回修改</Button>
              <Button color={danger ? 'red' : undefined} loading={busy} onClick={() => void run()} data-testid="review-confirm">确认提交审核结果</Button>
            </>
          ) : (
            <>
              <Button variant="default" onClick={onClose}>取消</Button>
              <Button
                onClick={() => {
                  setTouched(true);
                  if (ready) setConfirming(true);
                }}
                data-testid="review-next"
              >
                提交审核结果
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
