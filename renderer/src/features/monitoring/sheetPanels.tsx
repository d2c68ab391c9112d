import { useState } from 'react';
import {
  Alert, Badge, Button, Group, Modal, Paper, Stack, Table, Text, Textarea, Tooltip,
} from '@mantine/core';
import { IconArrowBackUp, IconCheck, IconCircleCheck, IconGavel } from '@tabler/icons-react';
import type { MonitoringDecisionDto, MonitoringSheetDto, MonitoringWarningDto } from '../../../../shared/api/dtoMonitoring.ts';
import { MONITORING_RULE_KIND_LABELS, MONITORING_SHEET_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import {
  DECISION_ACTIONS, DECISION_ACTION_LABELS, WARNING_LEVEL_LABELS, type DecisionAction, type MonitoringWarning,
} from '../../../../shared/rules/monitoring.ts';
import { call } from '../../api/client.ts';
import { EmptyNote, EventTimeline } from '../../components/EventTimeline.tsx';
import { formatTime } from '../../components/format.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { DecisionModal } from './DecisionModal.tsx';
import { LevelDot } from './roundBits.tsx';
import { LEVEL_COLORS, SHEET_STATUS_COLORS } from './sheetModel.ts';

const actionLabel = (a: string) => ((DECISION_ACTIONS as readonly string[]).includes(a) ? DECISION_ACTION_LABELS[a as DecisionAction] : a);
const ruleLabel = (r: string) => (MONITORING_RULE_KIND_LABELS as Record<string, string>)[r] ?? r;

/**
 * 预警: each warning of the sheet's last evaluation with its level, the rule that fired and its
 * numbers, and the suggested actions; 处理 records a decision about it.
 */
export function WarningsPanel({ sheet, canDecide }: { sheet: MonitoringSheetDto; canDecide: boolean }) {
  const [handling, setHandling] = useState<MonitoringWarningDto | null>(null);
  const [free, setFree] = useState(false);
  const warnings = sheet.warnings.toSorted((a, b) => (a.level === b.level ? a.ruleIndex - b.ruleIndex : a.level === 'red' ? -1 : 1));
  return (
    <Stack gap="sm" data-testid="mon-warnings">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {sheet.evaluatedAt ? `按批次规则方案于 ${formatTime(sheet.evaluatedAt)} 计算。` : '尚未计算预警（填报执行数并保存后计算）。'}
          预警随填报内容保存或执行数导入自动重新计算。
        </Text>
        {canDecide ? (
          <Button size="xs" variant="default" leftSection={<IconGavel size={14} />} onClick={() => setFree(true)}>记录其他处理</Button>
        ) : null}
      </Group>
      {warnings.length === 0 ? (
        <Alert variant="light" color="teal" icon={<IconCircleCheck size={18} />} py="xs">
          <Text size="sm">{sheet.evaluatedAt ? '当前没有预警：预算执行和目标完成情况均未触发预警规则。' : '暂无预警。'}</Text>
        </Alert>
      ) : (
        warnings.map((w) => (
          <Paper key={w.id} withBorder radius="sm" p="sm" style={{ borderLeft: `4px solid var(--mantine-color-${w.level === 'red' ? 'red-6' : 'yellow-5'})` }} data-testid="mon-warning">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={4} style={{ minWidth: 0 }}>
                <Group gap="xs">
                  <Badge color={LEVEL_COLORS[w.level]} variant="filled" radius="sm">{WARNING_LEVEL_LABELS[w.level]}</Badge>
                  <Text size="xs" c="dimmed">{ruleLabel(w.rule)}</Text>
                  {w.indicator ? <Badge size="sm" variant="outline" color="gray" radius="sm">{w.indicator}</Badge> : null}
                  {w.decided ? <Badge size="sm" variant="light" color="teal" radius="sm" leftSection={<IconCheck size={10} />}>已处理</Badge> : null}
                </Group>
                <Text size="sm" fw={500}>{w.message}</Text>
                {w.suggestedActions.length > 0 ? (
                  <Group gap={4}>
                    <Text size="xs" c="dimmed">建议措施：</Text>
                    {w.suggestedActions.map((a) => <Badge key={a} size="sm" variant="light" color="blue" radius="sm">{actionLabel(a)}</Badge>)}
                  </Group>
                ) : null}
              </Stack>
              {canDecide ? (
                <Button size="xs" variant={w.decided ? 'default' : 'filled'} color={w.decided ? undefined : w.level === 'red' ? 'red' : 'yellow.7'} leftSection={<IconGavel size={14} />} onClick={() => setHandling(w)} data-testid="mon-warning-handle">
                  {w.decided ? '再次处理' : '处理'}
                </Button>
              ) : null}
            </Group>
          </Paper>
        ))
      )}
      <DecisionModal
        opened={handling !== null || free}
        onClose={() => {
          setHandling(null);
          setFree(false);
        }}
        sheet={{ id: sheet.id, title: sheet.title, annualBudgetFen: sheet.annualBudgetFen, unitName: sheet.unitName }}
        warning={handling}
      />
    </Stack>
  );
}

/** Warnings the engine would raise for what is on screen (not yet saved). */
export function PreviewWarnings({ warnings }: { warnings: MonitoringWarning[] }) {
  if (warnings.length === 0) {
    return <Text size="sm" c="teal.8">按当前填写内容，不会产生预警。</Text>;
  }
  return (
    <Stack gap={4}>
      {warnings.map((w, i) => (
        <Group key={i} gap={6} wrap="nowrap" align="flex-start">
          <LevelDot level={w.level} />
          <Text size="sm" lh={1.2} mt={-2}>
            <Text span fw={600} c={w.level === 'red' ? 'red.8' : 'yellow.9'}>{WARNING_LEVEL_LABELS[w.level]}</Text>：{w.message}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** 处理记录: what was decided about the sheet, by whom, with the amount and the rectification item. */
export function DecisionHistory({ decisions }: { decisions: MonitoringDecisionDto[] }) {
  if (decisions.length === 0) return <EmptyNote text="尚无处理记录。对预警的提醒、约谈、限期整改、调减预算等处理会记录在这里。" />;
  return (
    <Table withTableBorder verticalSpacing="xs" data-testid="mon-decisions">
      <Table.Thead bg="gray.0">
        <Table.Tr>
          <Table.Th w={160}>处理时间</Table.Th>
          <Table.Th w={110}>处理措施</Table.Th>
          <Table.Th w={110} ta="right">金额（万元）</Table.Th>
          <Table.Th>针对的预警 / 说明</Table.Th>
          <Table.Th w={100}>处理人</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {decisions.toReversed().map((d) => (
          <Table.Tr key={d.id}>
            <Table.Td><Text size="sm">{formatTime(d.decidedAt)}</Text></Table.Td>
            <Table.Td>
              <Stack gap={2} align="flex-start">
                <Badge variant="light" radius="sm">{actionLabel(d.action)}</Badge>
                {d.rectificationId ? (
                  <Tooltip label="已生成整改事项，在“整改事项”中跟踪" withinPortal>
                    <Text size="xs" c="blue.7" component="a" href="#/rectifications">查看整改事项</Text>
                  </Tooltip>
                ) : null}
              </Stack>
            </Table.Td>
            <Table.Td ta="right"><Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>{d.amountFen === null ? '—' : formatWan(d.amountFen)}</Text></Table.Td>
            <Table.Td>
              {d.warningMessage ? <Text size="xs" c="dimmed">{d.warningMessage}</Text> : <Text size="xs" c="dimmed">（未针对具体预警）</Text>}
              {d.note ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{d.note}</Text> : null}
            </Table.Td>
            <Table.Td><Text size="sm">{d.decidedBy}</Text></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** 流转记录: who moved the sheet, when, from which status to which, and why. */
export function SheetEvents({ events }: { events: MonitoringSheetDto['events'] }) {
  return <EventTimeline events={events} colors={SHEET_STATUS_COLORS} labels={MONITORING_SHEET_STATUS_LABELS} testId="mon-events" />;
}

/** 退回 (reason required) and 审核通过 (comment optional) for the finance bureau. */
export function SheetReviewActions({ sheet }: { sheet: MonitoringSheetDto }) {
  const [open, setOpen] = useState<'return' | 'accept' | null>(null);
  const actions = sheet.allowed.filter((a): a is 'return' | 'accept' => a !== 'submit');
  if (actions.length === 0) return null;
  return (
    <>
      {actions.includes('return') ? (
        <Button variant="light" color="red" leftSection={<IconArrowBackUp size={16} />} onClick={() => setOpen('return')} data-testid="mon-action-return">退回</Button>
      ) : null}
      {actions.includes('accept') ? (
        <Button color="teal" leftSection={<IconCheck size={16} />} onClick={() => setOpen('accept')} data-testid="mon-action-accept">审核通过</Button>
      ) : null}
      {open ? <TransitionModal sheet={sheet} transition={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

function TransitionModal({ sheet, transition, onClose }: { sheet: MonitoringSheetDto; transition: 'return' | 'accept'; onClose(): void }) {
  const [comment, setComment] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const isReturn = transition === 'return';
  const missing = isReturn && comment.trim() === '';
  const run = async () => {
    setTouched(true);
    if (missing) return;
    setBusy(true);
    try {
      const next = await call('monitoring.transition', { sheetId: sheet.id, transition, comment: comment.trim() });
      notifySuccess(`“${sheet.title}”${isReturn ? '已退回' : '已审核通过'}，当前状态：${MONITORING_SHEET_STATUS_LABELS[next.status]}。`);
      onClose();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>{isReturn ? '退回监控表' : '审核通过'}</Text>} centered size="lg">
      <Stack gap="sm">
        <Text size="sm">
          {isReturn
            ? '退回后，可修改监控表并重新提交。请写明需要补充或更正的内容。'
            : '确认监控表填报完整、数据准确，偏差原因和纠偏措施合理。审核通过后监控表不能再修改。'}
        </Text>
        <Text size="sm" c="dimmed">监控表：{sheet.title}（{sheet.unitName}，{sheet.round.title}）</Text>
        {!isReturn && sheet.warnings.some((w) => !w.decided) ? (
          <Alert color="yellow" variant="light" py="xs">
            <Text size="sm">本表还有 {sheet.warnings.filter((w) => !w.decided).length} 条预警尚未处理，审核通过后仍可在“预警与处理”中处理。</Text>
          </Alert>
        ) : null}
        <Textarea
          label={isReturn ? '退回原因' : '审核意见'}
          withAsterisk={isReturn}
          placeholder={isReturn ? '如：1–6月执行数与国库支付数据不符；“培训人次”未说明偏差原因' : '审核意见（可不填）'}
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
          <Button color={isReturn ? 'red' : 'teal'} loading={busy} onClick={() => void run()} data-testid="mon-transition-confirm">{isReturn ? '退回' : '审核通过'}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
