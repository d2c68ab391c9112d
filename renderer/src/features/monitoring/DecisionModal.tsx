import { useState } from 'react';
import {
  Alert, Badge, Button, Divider, Group, Modal, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import dayjs from 'dayjs';
import { IconAlertTriangle, IconGavel } from '@tabler/icons-react';
import type { MonitoringSheetDto, MonitoringWarningDto } from '../../../../shared/api/dtoMonitoring.ts';
import { decisionSchema } from '../../../../shared/api/schemasMonitoring.ts';
import { formatWan, parseWanToFen } from '../../../../shared/rules/money.ts';
import {
  DECISION_ACTIONS, DECISION_ACTION_LABELS, WARNING_LEVEL_LABELS, isMoneyAction, type DecisionAction,
} from '../../../../shared/rules/monitoring.ts';
import { call } from '../../api/client.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { LEVEL_COLORS } from './sheetModel.ts';

export interface DecisionModalProps {
  opened: boolean;
  onClose(): void;
  /** The monitored object; the unit name (when known) pre-fills 整改责任单位. */
  sheet: { id: string; title: string; annualBudgetFen: number; unitName?: string };
  /** The warning being handled; null or absent for a decision not prompted by one. */
  warning?: MonitoringWarningDto | null;
  /** After the decision is stored, with the sheet as it now stands. */
  onDone?: (sheet: MonitoringSheetDto) => void;
}

/** What each action means, shown under the select so the choice is made knowingly. */
const ACTION_HINTS: Record<DecisionAction, string> = {
  remind: '书面或口头提醒单位加快执行进度、关注目标完成情况。',
  interview: '约谈单位负责人，听取情况说明并提出要求。',
  rectify: '责令单位限期整改，同时生成一条整改事项，跟踪至销号。',
  adjustGoal: '因客观原因确需调整的，按程序调整绩效目标。',
  reduceBudget: '调减项目预算，涉及资金须填写调减金额。',
  reallocate: '将执行缓慢的资金调剂用于其他急需项目，须填写调剂金额。',
  suspendPayment: '暂缓拨付资金，待问题整改后再拨付，须填写暂缓金额。',
  stopPayment: '对存在严重问题的项目停止拨款，须填写停止拨付金额。',
  recoverFunds: '收回结余或沉淀资金统筹使用，须填写收回金额。',
  suspendProject: '暂停项目实施，待问题解决后再恢复。',
};

type Errors = Partial<Record<'amount' | 'problem' | 'requirement' | 'owner' | 'deadline' | 'note', string>>;

/**
 * 预警处理: records what the finance bureau decided about a monitored object (SPEC §6.4 actions),
 * with the amount when money is affected. 限期整改 also creates a rectification item (problem,
 * requirement, owner, deadline) that is followed in 整改事项. Used by the 监控表 and the warning list.
 */
export function DecisionModal(props: DecisionModalProps) {
  // Fresh state every time it opens (the warning or sheet may differ from the last time).
  if (!props.opened) return null;
  return <DecisionForm key={`${props.sheet.id}:${props.warning?.id ?? ''}`} {...props} />;
}

function DecisionForm({ onClose, sheet, warning, onDone }: DecisionModalProps) {
  const suggested = (warning?.suggestedActions ?? []).filter((a): a is DecisionAction => (DECISION_ACTIONS as readonly string[]).includes(a));
  const [action, setAction] = useState<DecisionAction>(suggested[0] ?? 'remind');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState(warning?.message ?? '');
  const [requirement, setRequirement] = useState('');
  const [owner, setOwner] = useState(warning?.unitName ?? sheet.unitName ?? '');
  const [deadline, setDeadline] = useState<string | null>(dayjs().add(30, 'day').format('YYYY-MM-DD'));
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);

  const money = isMoneyAction(action);
  const rectify = action === 'rectify';
  const amountFen = money ? parseWanToFen(amount) : null;

  const input = {
    sheetId: sheet.id,
    warningId: warning?.id ?? null,
    action,
    amountFen: money ? amountFen : null,
    note: note.trim(),
    rectification: rectify ? { problem: problem.trim(), requirement: requirement.trim(), owner: owner.trim(), deadline: deadline ?? '' } : null,
  };

  const errors: Errors = {};
  if (money) {
    if (!amount.trim()) errors.amount = `请填写${DECISION_ACTION_LABELS[action]}金额（万元）`;
    else if (amountFen === null) errors.amount = '请输入金额（万元），最多 6 位小数';
    else if (amountFen <= 0) errors.amount = '金额应大于 0';
    else if (sheet.annualBudgetFen > 0 && amountFen > sheet.annualBudgetFen) errors.amount = `不能超过全年预算 ${formatWan(sheet.annualBudgetFen)} 万元`;
  }
  if (rectify) {
    if (!problem.trim()) errors.problem = '请填写问题描述';
    if (!requirement.trim()) errors.requirement = '请填写整改要求';
    if (!owner.trim()) errors.owner = '请填写整改责任单位';
    if (!deadline) errors.deadline = '请选择整改期限';
    else if (deadline < dayjs().format('YYYY-MM-DD')) errors.deadline = '整改期限不能早于今天';
  }
  // The shared schema has the last word (lengths, formats): its messages are the backend's.
  const parsed = decisionSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.at(-1);
      const field: keyof Errors = key === 'amountFen' ? 'amount' : key === 'problem' || key === 'requirement' || key === 'owner' || key === 'deadline' || key === 'note' ? key : 'note';
      errors[field] ??= issue.message;
    }
  }
  const valid = Object.keys(errors).length === 0;
  const show = (k: keyof Errors) => (touched ? errors[k] : undefined);

  const run = async () => {
    setTouched(true);
    if (!valid || !parsed.success) return;
    setBusy(true);
    try {
      const next = await call('monitoring.decide', parsed.data);
      notifySuccess(
        rectify
          ? `已下达限期整改，整改事项已生成，整改期限 ${deadline ?? ''}。`
          : `已记录处理措施“${DECISION_ACTION_LABELS[action]}”${money && amountFen !== null ? `，金额 ${formatWan(amountFen)} 万元` : ''}。`,
        '预警已处理',
      );
      onDone?.(next);
      onClose();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  const optionOf = (a: DecisionAction) => ({ value: a, label: `${DECISION_ACTION_LABELS[a]}${isMoneyAction(a) ? '（涉及资金）' : ''}` });
  const others = DECISION_ACTIONS.filter((a) => !suggested.includes(a));
  const data = suggested.length > 0
    ? [{ group: '建议措施', items: suggested.map(optionOf) }, { group: '其他措施', items: others.map(optionOf) }]
    : DECISION_ACTIONS.map(optionOf);

  return (
    <Modal opened onClose={busy ? () => undefined : onClose} title={<Text fw={600}>预警处理</Text>} size="lg" centered closeOnClickOutside={false}>
      <Stack gap="sm">
        <Paper withBorder radius="sm" px="sm" py={8} bg="gray.0">
          <Text size="sm" fw={600} lineClamp={2}>{sheet.title}</Text>
          <Text size="xs" c="dimmed">
            {warning?.unitName ?? sheet.unitName ? `${warning?.unitName ?? sheet.unitName} · ` : ''}全年预算 {formatWan(sheet.annualBudgetFen)} 万元
          </Text>
        </Paper>
        {warning ? (
          <Alert
            color={LEVEL_COLORS[warning.level]}
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            title={
              <Group gap="xs">
                <Badge color={LEVEL_COLORS[warning.level]} variant="filled" radius="sm">{WARNING_LEVEL_LABELS[warning.level]}</Badge>
                {warning.indicator ? <Text size="sm" fw={600}>{warning.indicator}</Text> : null}
              </Group>
            }
            py="xs"
          >
            <Text size="sm">{warning.message}</Text>
            {suggested.length > 0 ? (
              <Text size="xs" c="dimmed" mt={4}>建议措施：{suggested.map((a) => DECISION_ACTION_LABELS[a]).join('、')}</Text>
            ) : null}
          </Alert>
        ) : null}

        <Select
          label="处理措施"
          withAsterisk
          allowDeselect={false}
          data={data}
          value={action}
          onChange={(v) => v && setAction(v as DecisionAction)}
          description={ACTION_HINTS[action]}
          comboboxProps={{ withinPortal: true }}
          data-testid="decision-action"
        />
        {money ? (
          <TextInput
            label={`${DECISION_ACTION_LABELS[action]}金额（万元）`}
            withAsterisk
            placeholder="如 50.00"
            inputMode="decimal"
            rightSection={<Text size="xs" c="dimmed">万元</Text>}
            rightSectionWidth={44}
            value={amount}
            error={show('amount')}
            onChange={(e) => setAmount(e.currentTarget.value)}
            data-testid="decision-amount"
          />
        ) : null}

        {rectify ? (
          <>
            <Divider label="整改事项" labelPosition="left" />
            <Textarea
              label="问题描述"
              withAsterisk
              autosize
              minRows={2}
              maxLength={1000}
              value={problem}
              error={show('problem')}
              onChange={(e) => setProblem(e.currentTarget.value)}
              data-testid="decision-problem"
            />
            <Textarea
              label="整改要求"
              withAsterisk
              placeholder="写明整改内容和应达到的要求，如：整改期限前报送整改情况及佐证材料"
              autosize
              minRows={2}
              maxLength={1000}
              value={requirement}
              error={show('requirement')}
              onChange={(e) => setRequirement(e.currentTarget.value)}
              data-testid="decision-requirement"
            />
            <SimpleGrid cols={2} spacing="sm">
              <TextInput
                label="整改责任单位"
                withAsterisk
                maxLength={80}
                value={owner}
                error={show('owner')}
                onChange={(e) => setOwner(e.currentTarget.value)}
                data-testid="decision-owner"
              />
              <DateInput
                label="整改期限"
                withAsterisk
                valueFormat="YYYY-MM-DD"
                placeholder="选择日期"
                value={deadline}
                minDate={dayjs().format('YYYY-MM-DD')}
                onChange={setDeadline}
                error={show('deadline')}
                monthLabelFormat="YYYY年M月"
                yearLabelFormat="YYYY年"
                monthsListFormat="M月"
                popoverProps={{ withinPortal: true }}
                data-testid="decision-deadline"
              />
            </SimpleGrid>
          </>
        ) : null}

        <Textarea
          label="处理说明"
          placeholder={rectify ? '可补充说明（可不填）' : '如：已电话提醒单位财务负责人，要求 10 个工作日内报送加快执行的措施'}
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          error={show('note')}
          onChange={(e) => setNote(e.currentTarget.value)}
          data-testid="decision-note"
        />
        <Group justify="flex-end" pt={4}>
          <Button variant="default" onClick={onClose} disabled={busy}>取消</Button>
          <Button leftSection={<IconGavel size={16} />} loading={busy} onClick={() => void run()} data-testid="decision-confirm">
            {rectify ? '下达整改' : '确认处理'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
