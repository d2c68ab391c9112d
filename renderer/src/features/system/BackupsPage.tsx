import { useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Group, List, Modal, Paper, SimpleGrid, Stack, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { DataTable } from 'mantine-datatable';
import { IconAlertTriangle, IconCalendarTime, IconDatabaseExport, IconFolder, IconHistory, IconRestore } from '@tabler/icons-react';
import type { BackupDto } from '../../../../shared/api/dto.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatBytes, formatTime } from '../../components/format.ts';
import { notifySuccess } from '../../components/notify.ts';
import { CLOSE_PROPS } from './a11y.ts';

/** Badge colours per backup type label (BackupDto.reason already carries the Chinese label). */
const REASON_COLORS: Record<string, string> = {
  手动备份: 'blue',
  定时备份: 'gray',
  升级前备份: 'grape',
  导入前备份: 'cyan',
  恢复前备份: 'orange',
  外部备份文件: 'dark',
};

const CONFIRM_WORD = '恢复';

function Fact({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <Group align="flex-start" gap="sm" wrap="nowrap">
      <ThemeIcon variant="light" color="gray" size="lg" radius="md">{icon}</ThemeIcon>
      <Stack gap={2}>
        <Text size="sm" fw={600}>{title}</Text>
        <Text size="sm" c="dimmed">{children}</Text>
      </Stack>
    </Group>
  );
}

function RestoreModal({ backup, onClose }: { backup: BackupDto; onClose(): void }) {
  const restore = useApiMutation('backup.restore');
  const [typed, setTyped] = useState('');
  const confirmed = typed.trim() === CONFIRM_WORD;
  // The backend ends every session and tells the app, which returns to the sign-in screen and
  // unmounts this modal; mutateAsync still resolves then (mutate's callbacks would be dropped),
  // so the officer learns where the pre-restore data went. Failures are notified by the hook.
  const run = () =>
    restore
      .mutateAsync({ name: backup.name })
      .then((r) => notifySuccess(`已从“${r.restoredFrom}”恢复。恢复前的数据已另存为“${r.safetyBackup}”。`, '恢复完成'))
      .catch(() => undefined);
  return (
    <Modal opened onClose={restore.isPending ? () => undefined : onClose} title={<Title order={4}>从备份恢复</Title>} size="lg" centered closeOnClickOutside={false} closeButtonProps={CLOSE_PROPS}>
      <Stack gap="md">
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="恢复将替换当前的全部数据">
          <List size="sm" spacing={4}>
            <List.Item>本单位数据库将整体回到 {formatTime(backup.createdAt)} 时的状态，此后录入和修改的内容都不会保留在恢复后的数据中。</List.Item>
            <List.Item>恢复前系统会先自动备份当前数据（类型为“恢复前备份”），如需要可以再从该备份恢复回来。</List.Item>
            <List.Item>恢复完成后，所有用户（包括您）都会立即退出，需要重新登录。请先通知正在使用本系统的同事保存工作。</List.Item>
          </List>
        </Alert>
        <Paper withBorder p="sm" radius="sm">
          <SimpleGrid cols={3} spacing="xs">
            <Stack gap={0}>
              <Text size="xs" c="dimmed">备份时间</Text>
              <Text size="sm">{formatTime(backup.createdAt)}</Text>
            </Stack>
            <Stack gap={0}>
              <Text size="xs" c="dimmed">类型</Text>
              <Text size="sm">{backup.reason}</Text>
            </Stack>
            <Stack gap={0}>
              <Text size="xs" c="dimmed">大小</Text>
              <Text size="sm">{formatBytes(backup.size)}</Text>
            </Stack>
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt="xs">文件名</Text>
          <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>{backup.name}</Text>
        </Paper>
        <TextInput
          label={`请输入“${CONFIRM_WORD}”二字以确认`}
          placeholder={CONFIRM_WORD}
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          data-autofocus
          autoComplete="off"
          onKeyDown={(e) => {
            if (e.key === 'Enter' && confirmed && !restore.isPending) run();
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={restore.isPending}>取消</Button>
          <Button color="red" leftSection={<IconRestore size={16} />} disabled={!confirmed} loading={restore.isPending} onClick={run}>
            确认恢复
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** 备份与恢复: the administrator's list of database backups. */
export function BackupsPage() {
  // Backups live in files, not tables: no data.changed event names them, so refetch by hand.
  const backups = useApiQuery('backup.list', {}, ['backups']);
  const location = useApiQuery('backup.location', {}, []);
  const create = useApiMutation('backup.create');
  const [restoring, setRestoring] = useState<BackupDto | null>(null);

  const list = backups.data ?? [];
  const newest = list[0];

  const backupNow = () =>
    create.mutate(
      {},
      {
        onSuccess: (b) => {
          // The backup is complete once the call returns; the backend's progress events stop one
          // step short of done = total, so close the progress display here rather than leave it spinning.
          notifications.hide('progress-backup');
          notifySuccess(`已生成备份“${b.name}”（${formatBytes(b.size)}）。`, '备份完成');
          void backups.refetch();
        },
      },
    );

  return (
    <>
      <PageHeader
        title="备份与恢复"
        description={newest ? `最近一次备份：${formatTime(newest.createdAt)}（${newest.reason}），现有备份 ${list.length} 份。` : '尚无备份，建议立即备份一次。'}
        actions={
          <Button leftSection={<IconDatabaseExport size={16} />} loading={create.isPending} onClick={backupNow}>
            立即备份
          </Button>
        }
      />
      <Paper withBorder p="md" radius="sm" mb="md">
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
          <Fact icon={<IconFolder size={18} />} title="保存位置">
            备份文件夹：<Text span ff="monospace" size="sm" data-testid="backup-dir">{location.data?.backupDir ?? '…'}</Text>
            <br />
            数据库文件：<Text span ff="monospace" size="sm">{location.data?.dbFile ?? '…'}</Text>
            <br />
            请定期将备份复制到移动存储介质，异地妥善保管。
          </Fact>
          <Fact icon={<IconCalendarTime size={18} />} title="自动备份">
            程序每日自动备份一次；程序升级、导入数据和从备份恢复之前，也会自动备份当前数据。
          </Fact>
          <Fact icon={<IconHistory size={18} />} title="保留规则">
            保留最近 20 份备份，另外每个月保留 1 份；超出的较早备份自动清理。
          </Fact>
        </SimpleGrid>
      </Paper>
      <DataTable<BackupDto>
        withTableBorder
        borderRadius="sm"
        striped
        highlightOnHover
        minHeight={list.length > 0 ? undefined : 220}
        fetching={backups.isFetching && !backups.data}
        noRecordsText={backups.isError ? '加载失败，请刷新重试' : '暂无备份'}
        records={list}
        idAccessor="name"
        columns={[
          { accessor: 'name', title: '文件名', render: (b) => <Text size="sm" ff="monospace">{b.name}</Text> },
          { accessor: 'createdAt', title: '时间', width: 180, render: (b) => formatTime(b.createdAt) },
          {
            accessor: 'reason',
            title: '类型',
            width: 130,
            render: (b) => <Badge variant="light" color={REASON_COLORS[b.reason] ?? 'gray'}>{b.reason}</Badge>,
          },
          { accessor: 'size', title: '大小', width: 110, textAlign: 'right', render: (b) => formatBytes(b.size) },
          {
            accessor: 'actions',
            title: '操作',
            width: 100,
            textAlign: 'right',
            render: (b) => (
              <Button size="compact-sm" variant="subtle" color="red" leftSection={<IconRestore size={14} />} onClick={() => setRestoring(b)}>
                恢复
              </Button>
            ),
          },
        ]}
      />
      {restoring ? <RestoreModal key={restoring.name} backup={restoring} onClose={() => setRestoring(null)} /> : null}
    </>
  );
}
