import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { AssessmentDto } from '../../../../shared/api/methods/assessment.ts';
import { ApiError, call } from '../../api/client.ts';
import { formatTime } from '../../components/format.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';

/** 发布 / 撤回 of a year's assessment: the state line, the history, and the withdrawal with its reason. */

export function AssessmentStatus({ a }: { a: AssessmentDto }) {
  const last = a.events.at(-1);
  if (a.status === 'published') {
    return (
      <Alert color="teal" variant="light" icon={<IconLock size={16} />} title="考核结果已发布" data-testid="assessment-published">
        {last ? `${formatTime(last.at)} 由 ${last.username} 发布。` : ''}已发布的考核表已锁定，不能重新计算或修改评分；如需修改，请由绩效股撤回发布并说明原因。
      </Alert>
    );
  }
  if (last?.action === 'withdraw') {
    return <Alert color="orange" variant="light" title="发布已撤回">{formatTime(last.at)} 由 {last.username} 撤回，原因：{last.reason}</Alert>;
  }
  return null;
}

export function AssessmentHistory({ a }: { a: AssessmentDto }) {
  if (a.events.length === 0) return null;
  return (
    <Stack gap={2}>
      <Text size="xs" fw={600}>发布记录</Text>
      {a.events.map((e, i) => (
        <Group key={i} gap={6}>
          <Badge size="xs" variant="light" color={e.action === 'publish' ? 'teal' : 'orange'}>{e.action === 'publish' ? '发布' : '撤回'}</Badge>
          <Text size="xs" c="dimmed">{formatTime(e.at)} · {e.username}{e.reason ? ` · 原因：${e.reason}` : ''}</Text>
        </Group>
      ))}
    </Stack>
  );
}

export function WithdrawModal({ year, opened, onClose }: { year: number; opened: boolean; onClose(): void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = () => {
    setBusy(true);
    call('assessment.withdraw', { year, reason })
      .then(() => {
        notifySuccess('已撤回发布，考核表恢复为可修改状态。', '已撤回');
        setReason('');
        onClose();
      })
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.error.details?.length) setError(err.error.details[0]?.message);
        else notifyError(err);
      })
      .finally(() => setBusy(false));
  };
  return (
    <Modal opened={opened} onClose={onClose} title="撤回考核结果发布" centered>
      <Stack gap="sm">
        <Text size="sm">撤回后考核表恢复为可修改状态，撤回原因记入发布记录和操作日志。</Text>
        <Textarea label="撤回原因" required autosize minRows={3} maxLength={500} value={reason} error={error} onChange={(e) => { setReason(e.currentTarget.value); setError(undefined); }} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button color="orange" loading={busy} disabled={!reason.trim()} onClick={submit} data-testid="assessment-withdraw-confirm">撤回发布</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
