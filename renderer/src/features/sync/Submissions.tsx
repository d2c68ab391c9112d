import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Paper, Stack, Text, Textarea } from '@mantine/core';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconArrowBackUp, IconCheck, IconInfoCircle } from '@tabler/icons-react';
import type { SubmissionDto } from '../../../../shared/api/dtoSync.ts';
import { useApiMutation } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { formatTime } from '../../components/format.ts';
import { notifySuccess } from '../../components/notify.ts';
import { SUBMISSION_COLORS, SYNC_ROLES, num, seqText, submissionStatusLabel, tableLook, yearsText } from './syncModel.ts';

const CLOSE = { 'aria-label': '关闭' } as const;
type Decision = { submission: SubmissionDto; action: 'accept' | 'return' };

export function SubmissionBadge({ s }: { s: SubmissionDto }) {
  return <Badge variant={s.status === 'returned' ? 'filled' : 'light'} color={SUBMISSION_COLORS[s.status]} radius="sm">{submissionStatusLabel(s)}</Badge>;
}

/**
 * 上报状态. A county sees its own upward bundles as the parent decided on them (已上报 → 已接收 /
 * 退回 with the reason); a prefecture sees its child offices' bundles and accepts or returns them.
 */
export function SubmissionsTable({ submissions, loading }: { submissions: SubmissionDto[]; loading: boolean }) {
  const { session } = useSession();
  const canDecide = SYNC_ROLES.includes(session.user.role);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const rows = submissions.toSorted((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  const actionable = rows.some((s) => s.perspective === 'child' && s.status === 'received');

  const columns: DataTableColumn<SubmissionDto>[] = [
    {
      accessor: 'sender',
      title: '上报单位',
      width: 200,
      render: (s) => (
        <Stack gap={0}>
          <Text size="sm" fw={500}>{s.perspective === 'mine' ? '本单位' : s.senderName}</Text>
          <Text size="xs" c="dimmed" ff="monospace">{s.senderRegionCode}</Text>
        </Stack>
      ),
    },
    { accessor: 'seq', title: '上报包', width: 90, render: (s) => <Text size="sm" style={num}>{seqText(s.seq)}</Text> },
    { accessor: 'years', title: '年度', width: 130, render: (s) => <Text size="sm">{yearsText(s.years)}</Text> },
    { accessor: 'receivedAt', title: '收到时间', width: 160, render: (s) => <Text size="sm" style={num}>{formatTime(s.receivedAt)}</Text> },
    { accessor: 'status', title: '状态', width: 150, render: (s) => <SubmissionBadge s={s} /> },
    {
      accessor: 'reason',
      title: '处理意见',
      render: (s) => (
        <Stack gap={0}>
          <Text size="sm" c={s.status === 'returned' ? 'red.8' : undefined} fw={s.status === 'returned' ? 600 : undefined} lineClamp={3} title={s.reason}>{s.reason || '—'}</Text>
          {s.decidedAt ? <Text size="xs" c="dimmed">{s.decidedBy ?? ''} {formatTime(s.decidedAt)}</Text> : null}
        </Stack>
      ),
    },
  ];
  if (canDecide && actionable) {
    columns.push({
      accessor: 'actions',
      title: '操作',
      width: 150,
      render: (s) => s.perspective !== 'child' || s.status !== 'received' ? null : (
        <Group gap={4} wrap="nowrap">
          <Button size="compact-sm" variant="light" color="teal" leftSection={<IconCheck size={14} />} onClick={() => setDeciding({ submission: s, action: 'accept' })}>接收</Button>
          <Button size="compact-sm" variant="light" color="red" leftSection={<IconArrowBackUp size={14} />} onClick={() => setDeciding({ submission: s, action: 'return' })}>退回</Button>
        </Group>
      ),
    });
  }

  return (
    <>
      <Paper withBorder radius="md" p={0} style={{ overflow: 'hidden' }}>
        <DataTable<SubmissionDto>
          {...tableLook(loading, rows.length)}
          idAccessor="id"
          records={rows}
          columns={columns}
          noRecordsText={session.office.level === 'county' ? '还没有上报记录。上报包被上级导入后，上级的接收或退回意见随下发包送回。' : '还没有收到下级单位的上报包'}
        />
      </Paper>
      <DecideModal decision={deciding} onClose={() => setDeciding(null)} />
    </>
  );
}

function DecideModal({ decision, onClose }: { decision: Decision | null; onClose(): void }) {
  return (
    <Modal
      opened={decision !== null}
      onClose={onClose}
      title={<Text fw={600}>{decision?.action === 'return' ? '退回上报包' : '接收上报包'}</Text>}
      centered
      size="lg"
      closeOnClickOutside={false}
      closeButtonProps={CLOSE}
    >
      {decision ? <DecideForm key={decision.submission.id + decision.action} decision={decision} onClose={onClose} /> : null}
    </Modal>
  );
}

function DecideForm({ decision, onClose }: { decision: Decision; onClose(): void }) {
  const decide = useApiMutation('sync.decideSubmission');
  const [reason, setReason] = useState('');
  const { submission: s, action } = decision;
  const returning = action === 'return';
  const tooShort = returning && reason.trim().length < 2;
  const submit = () =>
    decide.mutate(
      { id: s.id, action, reason: reason.trim() },
      {
        onSuccess: () => {
          notifySuccess(`已${returning ? '退回' : '接收'}${s.senderName}${seqText(s.seq)}上报包。处理意见随下一个下发包送达该单位。`);
          onClose();
        },
      },
    );
  return (
    <Stack gap="sm">
      <Text size="sm">
        {s.senderName} {seqText(s.seq)}上报包（{yearsText(s.years)}，{formatTime(s.receivedAt)} 收到）
      </Text>
      <Textarea
        label={returning ? '退回原因' : '接收意见（可不填）'}
        withAsterisk={returning}
        description={returning ? '请写明需要修改的内容，该单位修改后重新上报' : undefined}
        autosize
        minRows={3}
        maxLength={2000}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={returning && reason !== '' && tooShort ? '退回须说明原因' : undefined}
        data-autofocus
        data-testid="decide-reason"
      />
      <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} py="xs">
        <Text size="sm">处理结果记录在本单位，并随下一个发给该单位的下发包送达，对方在“上报状态”中看到。</Text>
      </Alert>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>取消</Button>
        <Button color={returning ? 'red' : 'teal'} disabled={tooShort} loading={decide.isPending} onClick={submit} data-testid="decide-confirm">
          {returning ? '确认退回' : '确认接收'}
        </Button>
      </Group>
    </Stack>
  );
}
