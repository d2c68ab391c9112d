import { useState } from 'react';
import { ActionIcon, Badge, Button, Group, Menu, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconDots, IconEdit, IconKeyOff, IconPlus, IconTrash } from '@tabler/icons-react';
import type { PeerOfficeDto } from '../../../../shared/api/dtoSync.ts';
import { OFFICE_LEVEL_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { useSession } from '../../app/session.tsx';
import { formatDate, formatTime } from '../../components/format.ts';
import { CopyFingerprint } from './Fingerprint.tsx';
import { PeerOfficeModal, RemovePeerModal, RepinModal, type PeerFormTarget } from './peerDialogs.tsx';
import { RELATION_LABELS, SYNC_ROLES, seqText, tableLook, yearsText } from './syncModel.ts';

/** The key state of a registered office: pinned after the first bundle whose fingerprint was confirmed. */
export function PinBadge({ office }: { office: Pick<PeerOfficeDto, 'publicKeyHex' | 'lastReceivedSeq'> }) {
  if (office.publicKeyHex) return <Badge variant="light" color="teal" radius="sm">已登记密钥</Badge>;
  return (
    <Tooltip label="收到该单位的下一个数据包时，电话核对指纹后登记" withinPortal>
      <Badge variant="light" color={office.lastReceivedSeq === null ? 'gray' : 'orange'} radius="sm">
        {office.lastReceivedSeq === null ? '未登记密钥' : '待重新登记密钥'}
      </Badge>
    </Tooltip>
  );
}

/** 上下级单位: the offices this one exchanges bundles with, their pinned keys and last bundles. */
export function PeerOfficeTable({ offices, loading }: { offices: PeerOfficeDto[]; loading: boolean }) {
  const { session } = useSession();
  const canEdit = SYNC_ROLES.includes(session.user.role);
  const isAdmin = session.user.role === 'admin';
  const [form, setForm] = useState<PeerFormTarget | null>(null);
  const [repin, setRepin] = useState<PeerOfficeDto | null>(null);
  const [removing, setRemoving] = useState<PeerOfficeDto | null>(null);
  const office = session.office;
  const parentMissing = office.parentRegionCode !== '' && !offices.some((o) => o.regionCode === office.parentRegionCode);

  const columns: DataTableColumn<PeerOfficeDto>[] = [
    {
      accessor: 'name',
      title: '单位',
      render: (o) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>{o.name}</Text>
          <Text size="xs" c="dimmed"><Text span ff="monospace" inherit>{o.regionCode}</Text> · {OFFICE_LEVEL_LABELS[o.level]}</Text>
        </Stack>
      ),
    },
    {
      accessor: 'relation',
      title: '关系',
      width: 70,
      render: (o) => <Badge variant="outline" color={o.relation === 'parent' ? 'indigo' : 'grape'} radius="sm">{RELATION_LABELS[o.relation]}</Badge>,
    },
    {
      accessor: 'key',
      title: '签名密钥',
      width: 300,
      render: (o) => (
        <Stack gap={2}>
          <Group gap={6} wrap="nowrap">
            <PinBadge office={o} />
            {o.pinnedAt ? <Text size="xs" c="dimmed">{formatDate(o.pinnedAt)} 由 {o.pinnedBy ?? '—'} 登记</Text> : null}
          </Group>
          {o.fingerprint ? (
            <Group gap={2} wrap="nowrap">
              <Text size="xs" ff="monospace" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{o.fingerprint}</Text>
              <CopyFingerprint value={o.fingerprint} />
            </Group>
          ) : null}
        </Stack>
      ),
    },
    {
      accessor: 'lastReceived',
      title: '最近接收',
      width: 170,
      render: (o) => o.lastReceivedSeq === null ? <Text size="sm" c="dimmed">尚未接收</Text> : (
        <Stack gap={0}>
          <Text size="sm">{seqText(o.lastReceivedSeq)} · {yearsText(o.lastReceivedYears)}</Text>
          <Text size="xs" c="dimmed">{formatTime(o.lastReceivedAt)}</Text>
        </Stack>
      ),
    },
    {
      accessor: 'lastSent',
      title: '最近发出',
      width: 150,
      render: (o) => o.lastSentSeq === null ? <Text size="sm" c="dimmed">尚未发出</Text> : (
        <Stack gap={0}>
          <Text size="sm">{seqText(o.lastSentSeq)}</Text>
          <Text size="xs" c="dimmed">{formatTime(o.lastSentAt)}</Text>
        </Stack>
      ),
    },
    { accessor: 'note', title: '备注', width: 160, render: (o) => <Text size="sm" lineClamp={2} title={o.note}>{o.note || '—'}</Text> },
  ];
  if (canEdit) {
    columns.push({
      accessor: 'actions',
      title: '操作',
      width: 64,
      textAlign: 'center',
      render: (o) => (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={`${o.name}的操作`}><IconDots size={16} /></ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconEdit size={14} />} onClick={() => setForm({ kind: 'edit', office: o })}>编辑</Menu.Item>
            {isAdmin && o.publicKeyHex ? (
              <Menu.Item color="red" leftSection={<IconKeyOff size={14} />} onClick={() => setRepin(o)}>重新登记密钥</Menu.Item>
            ) : null}
            {isAdmin ? <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setRemoving(o)}>删除登记</Menu.Item> : null}
          </Menu.Dropdown>
        </Menu>
      ),
    });
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">只有登记的上下级单位才能互相交换数据包；对方的密钥在收到其第一个数据包、电话核对指纹后登记。</Text>
        {canEdit ? (
          <Group gap="xs">
            {parentMissing ? (
              <Button
                variant="light"
                size="xs"
                onClick={() => setForm({ kind: 'create', initial: { regionCode: office.parentRegionCode, name: office.parentName, relation: 'parent', level: office.level === 'county' ? 'prefecture' : 'province' } })}
              >
                登记上级：{office.parentName || office.parentRegionCode}
              </Button>
            ) : null}
            <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setForm({ kind: 'create' })} data-testid="peer-add">登记单位</Button>
          </Group>
        ) : null}
      </Group>
      <Paper withBorder radius="md" p={0} style={{ overflow: 'hidden' }}>
        <DataTable<PeerOfficeDto>
          {...tableLook(loading, offices.length)}
          idAccessor="regionCode"
          records={offices}
          columns={columns}
          noRecordsText="尚未登记上级或下级单位"
        />
      </Paper>
      <PeerOfficeModal target={form} onClose={() => setForm(null)} />
      <RepinModal office={repin} onClose={() => setRepin(null)} />
      <RemovePeerModal office={removing} onClose={() => setRemoving(null)} />
    </Stack>
  );
}
