import { useState, type ReactNode } from 'react';
import {
  Alert, Anchor, Badge, Button, DataList, Group, Loader, Modal, Paper, SimpleGrid, Stack, Table, Tabs, Text, Textarea, Title, Tooltip,
} from '@mantine/core';
import {
  IconAlertTriangle, IconArrowLeft, IconBan, IconBuildingBank, IconCheck, IconClipboardCheck, IconEdit, IconListDetails, IconRotate, IconTarget,
} from '@tabler/icons-react';
import type { ProjectDto } from '../../../../shared/api/dtoGoals.ts';
import { PROJECT_TYPES } from '../../../../shared/domain/indicators.ts';
import {
  BUDGET_TYPE_LABELS, FUND_TAG_LABELS, OBJECT_TYPE_LABELS, PROJECT_ATTRIBUTE_LABELS, PROJECT_STATUS_LABELS, type ProjectStatus,
} from '../../../../shared/domain/projects.ts';
import { YES_NO } from '../../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { navigate } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { formatTime } from '../../components/format.ts';
import { notifySuccess } from '../../components/notify.ts';
import { GoalSheetPanel } from '../goals/GoalSheetPanel.tsx';
import { CLOSE_PROPS } from '../system/a11y.ts';
import { ExAnteTab } from './ExAnteTab.tsx';
import { ProjectFormModal } from './ProjectFormModal.tsx';
import {
  ExAnteCell, GoalStatusBadge, PROJECT_EDITORS, PROJECT_STATUS_ROLE, PROJECT_TABLES, ProjectStatusBadge, listRoute,
} from './projectUi.tsx';

type StatusTarget = Exclude<ProjectStatus, 'notFunded'>;

/** What each lifecycle action does, as the confirmation explains it. */
const STATUS_ACTIONS: Record<StatusTarget, { label: string; verb: string; explain: string; color: string }> = {
  inLibrary: { label: '纳入项目库', verb: '纳入项目库', explain: '入库后的项目可以安排预算，其绩效目标可以审核批复。', color: 'blue' },
  budgeted: { label: '安排预算', verb: '标记为已安排预算', explain: '表示该项目已列入本年度预算。', color: 'teal' },
  cancelled: { label: '取消项目', verb: '取消', explain: '取消后项目不再参与本年度的目标审核与覆盖统计，需要时可以恢复登记。', color: 'red' },
  registered: { label: '恢复为已登记', verb: '恢复为已登记', explain: '项目回到登记状态，需要重新纳入项目库。', color: 'gray' },
};

/** Which lifecycle actions make sense from each status (the backend has the final word). */
const NEXT: Record<ProjectStatus, StatusTarget[]> = {
  registered: ['inLibrary', 'cancelled'],
  inLibrary: ['budgeted', 'registered', 'cancelled'],
  budgeted: ['inLibrary'],
  notFunded: [],
  cancelled: ['registered'],
};

/** 项目详情: the project's data, its ex-ante assessment, its goal sheet and the goal sheet's history. */
export function ProjectDetailPage({ projectId }: { projectId: string }) {
  const { session } = useSession();
  const project = useApiQuery('projects.get', { id: projectId }, PROJECT_TABLES);
  const [tab, setTab] = useState<string | null>('info');
  const [editing, setEditing] = useState(false);
  const p = project.data;

  const back = (
    <Anchor size="sm" onClick={() => navigate(listRoute())} href={`#${listRoute()}`}>
      <Group gap={4} component="span" wrap="nowrap" style={{ display: 'inline-flex' }}>
        <IconArrowLeft size={14} />
        返回项目库
      </Group>
    </Anchor>
  );

  if (project.isError) {
    return (
      <Stack gap="md">
        {back}
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="无法打开项目">
          {project.error.error.code === 'NOT_FOUND' ? '该项目不存在或已被删除。' : project.error.message}
        </Alert>
      </Stack>
    );
  }
  if (!p) {
    return (
      <Stack gap="md">
        {back}
        <Group gap="sm" py="xl" justify="center"><Loader size="sm" /><Text size="sm" c="dimmed">正在读取项目……</Text></Group>
      </Stack>
    );
  }

  const canEdit = PROJECT_EDITORS.includes(session.user.role) && !p.readOnly;
  const canChangeStatus = session.user.role === PROJECT_STATUS_ROLE && !p.readOnly;
  const exAnteBadge = p.exAnteRequired && !p.exAnteConclusion;

  return (
    <Stack gap="md">
      {back}
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap">
            <Text ff="monospace" c="dimmed" size="sm">{p.code}</Text>
            <Text c="dimmed" size="sm">·</Text>
            <Text c="dimmed" size="sm">{p.year} 年度</Text>
            <Text c="dimmed" size="sm">·</Text>
            <Group gap={4} wrap="nowrap"><IconBuildingBank size={14} color="var(--mantine-color-dimmed)" /><Text c="dimmed" size="sm">{p.unitName}</Text></Group>
          </Group>
          <Title order={3} style={{ wordBreak: 'break-all' }}>{p.name}</Title>
          <Group gap={6}>
            <ProjectStatusBadge status={p.status} size="md" />
            <Group gap={4} wrap="nowrap"><Text size="xs" c="dimmed">目标</Text><GoalStatusBadge status={p.goalStatus} size="md" /></Group>
            <Group gap={4} wrap="nowrap"><Text size="xs" c="dimmed">事前评估</Text><ExAnteCell row={p} /></Group>
            {p.objectType === 'policy' ? <Badge variant="light" color="violet" radius="sm" size="md">政策</Badge> : null}
            {p.newMajor ? <Badge variant="light" color="red" radius="sm" size="md">新增重大</Badge> : null}
            {p.midYearAddition ? <Badge variant="light" color="grape" radius="sm" size="md">年中追加</Badge> : null}
            {p.confidential ? <Badge variant="outline" color="red" radius="sm" size="md">涉密</Badge> : null}
            {p.readOnly ? <Badge variant="light" color="blue" radius="sm" size="md">同步只读</Badge> : null}
          </Group>
        </Stack>
        {canChangeStatus ? <StatusActions project={p} /> : null}
      </Group>

      {p.gateProblem ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="暂不能入库或批复绩效目标" data-testid="gate-problem">
          <Stack gap={6} align="flex-start">
            <Text size="sm">{p.gateProblem}</Text>
            {tab !== 'exAnte' ? (
              <Button size="compact-sm" variant="light" color="orange" onClick={() => setTab('exAnte')}>前往事前评估</Button>
            ) : null}
          </Stack>
        </Alert>
      ) : null}

      {/* Panels stay mounted so unsaved goal or ex-ante edits survive switching tabs. */}
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="info" leftSection={<IconListDetails size={16} />}>基本信息</Tabs.Tab>
          <Tabs.Tab
            value="exAnte"
            leftSection={<IconClipboardCheck size={16} />}
            rightSection={exAnteBadge ? <Badge size="xs" color="orange" variant="filled" circle>!</Badge> : null}
          >
            事前评估
          </Tabs.Tab>
          <Tabs.Tab value="goals" leftSection={<IconTarget size={16} />}>绩效目标</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="info" pt="md">
          <InfoTab project={p} canEdit={canEdit} onEdit={() => setEditing(true)} />
        </Tabs.Panel>
        <Tabs.Panel value="exAnte" pt="md">
          <ExAnteTab project={p} />
        </Tabs.Panel>
        <Tabs.Panel value="goals" pt="md">
          <GoalSheetPanel projectId={projectId} />
        </Tabs.Panel>
      </Tabs>

      <ProjectFormModal opened={editing} target={editing ? { kind: 'edit', project: p } : null} onClose={() => setEditing(false)} />
    </Stack>
  );
}

function StatusActions({ project }: { project: ProjectDto }) {
  const [target, setTarget] = useState<StatusTarget | null>(null);
  const next = NEXT[project.status];
  if (next.length === 0) return null;
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        {next.map((s) => {
          const a = STATUS_ACTIONS[s];
          const gated = s === 'inLibrary' && project.gateProblem !== null;
          const button = (
            <Button
              key={s}
              variant={s === 'inLibrary' || s === 'budgeted' ? 'filled' : 'default'}
              color={s === 'cancelled' ? 'red' : a.color}
              leftSection={s === 'cancelled' ? <IconBan size={16} /> : s === 'registered' ? <IconRotate size={16} /> : <IconCheck size={16} />}
              disabled={gated}
              onClick={() => setTarget(s)}
              data-testid={`project-status-${s}`}
            >
              {a.label}
            </Button>
          );
          return gated ? (
            <Tooltip key={s} label={project.gateProblem} multiline maw={320} withinPortal>
              {/* A disabled button fires no mouse events; the wrapper lets the tooltip explain why. */}
              <span>{button}</span>
            </Tooltip>
          ) : (
            button
          );
        })}
      </Group>
      <StatusModal project={project} target={target} onClose={() => setTarget(null)} />
    </>
  );
}

function StatusModal({ project, target, onClose }: { project: ProjectDto; target: StatusTarget | null; onClose(): void }) {
  const setStatus = useApiMutation('projects.setStatus');
  const [comment, setComment] = useState('');
  const a = target ? STATUS_ACTIONS[target] : null;
  const close = () => {
    setComment('');
    onClose();
  };
  return (
    <Modal opened={target !== null} onClose={close} title={<Text fw={600}>{a?.label}</Text>} centered closeButtonProps={CLOSE_PROPS}>
      {target && a ? (
        <Stack gap="sm">
          <Text size="sm">
            确定将项目“{project.code} {project.name}”{a.verb}吗？{a.explain}
          </Text>
          <Text size="sm" c="dimmed">当前状态：{PROJECT_STATUS_LABELS[project.status]} → {PROJECT_STATUS_LABELS[target]}</Text>
          <Textarea label="说明" description="可选，记入审计日志" autosize minRows={2} maxLength={1000} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close}>取消</Button>
            <Button
              color={target === 'cancelled' ? 'red' : undefined}
              loading={setStatus.isPending}
              onClick={() =>
                setStatus.mutate(
                  { id: project.id, status: target, comment },
                  {
                    onSuccess: (p) => {
                      notifySuccess(`项目“${p.name}”的状态已改为“${PROJECT_STATUS_LABELS[p.status]}”。`);
                      close();
                    },
                  },
                )
              }
            >
              {a.label}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

const dash = <Text span size="sm" c="dimmed">—</Text>;
const num = { fontVariantNumeric: 'tabular-nums' } as const;

function InfoTab({ project: p, canEdit, onEdit }: { project: ProjectDto; canEdit: boolean; onEdit(): void }) {
  const period = p.startMonth || p.endMonth ? `${p.startMonth ?? '—'} 至 ${p.endMonth ?? '—'}` : null;
  const rows = [
    { label: '年初预算数', s: p.initial, total: p.initialTotalFen },
    { label: '全年预算数', s: p.annual, total: p.annualTotalFen },
  ];
  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" mb="sm">
          <Text fw={600}>项目信息</Text>
          {canEdit ? <Button size="xs" variant="light" leftSection={<IconEdit size={14} />} onClick={onEdit}>编辑</Button> : null}
        </Group>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
          <DataList withDivider labelWidth={110}>
            <Item label="项目编码"><Text span size="sm" ff="monospace">{p.code}</Text></Item>
            <Item label="项目名称">{p.name}</Item>
            <Item label="单位">{p.unitName}</Item>
            <Item label="对象类型">{OBJECT_TYPE_LABELS[p.objectType]}</Item>
            <Item label="项目属性">{PROJECT_ATTRIBUTE_LABELS[p.attribute]}</Item>
            <Item label="项目类型">{PROJECT_TYPES[p.projectType]}</Item>
            <Item label="项目类别">{p.category || dash}</Item>
            <Item label="实施周期">{period ?? dash}</Item>
          </DataList>
          <DataList withDivider labelWidth={110}>
            <Item label="预算类型">{BUDGET_TYPE_LABELS[p.budgetType]}</Item>
            <Item label="资金性质">
              {p.tags.length ? (
                <Group gap={4}>{p.tags.map((t) => <Badge key={t} variant="outline" color="gray" radius="sm">{FUND_TAG_LABELS[t]}</Badge>)}</Group>
              ) : dash}
            </Item>
            <Item label="年中追加">{YES_NO[`${p.midYearAddition}`]}</Item>
            <Item label="新增重大项目">{YES_NO[`${p.newMajor}`]}</Item>
            <Item label="涉密">{YES_NO[`${p.confidential}`]}</Item>
            <Item label="项目负责人">{p.manager || dash}{p.phone ? <Text span size="sm" c="dimmed" ml="xs">{p.phone}</Text> : null}</Item>
            <Item label="项目状态"><ProjectStatusBadge status={p.status} /></Item>
            <Item label="最近修改">{formatTime(p.updatedAt)}</Item>
          </DataList>
        </SimpleGrid>
        {p.basis ? (
          <Stack gap={4} mt="md">
            <Text size="sm" c="dimmed">立项依据</Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{p.basis}</Text>
          </Stack>
        ) : null}
      </Paper>

      <Paper withBorder radius="md" p="md">
        <Text fw={600} mb="sm">资金安排（万元）</Text>
        <Table withTableBorder withColumnBorders striped verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={140} />
              <Table.Th ta="right">财政拨款</Table.Th>
              <Table.Th ta="right">上年结转</Table.Th>
              <Table.Th ta="right">其他资金</Table.Th>
              <Table.Th ta="right">合计</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.label}>
                <Table.Td fw={500}>{r.label}</Table.Td>
                <Table.Td ta="right" style={num}>{formatWan(r.s.fiscalFen)}</Table.Td>
                <Table.Td ta="right" style={num}>{formatWan(r.s.carryoverFen)}</Table.Td>
                <Table.Td ta="right" style={num}>{formatWan(r.s.otherFen)}</Table.Td>
                <Table.Td ta="right" fw={600} style={num}>{formatWan(r.total)}</Table.Td>
              </Table.Tr>
            ))}
            {p.midTermTotalFen !== null ? (
              <Table.Tr>
                <Table.Td fw={500}>中期资金总额</Table.Td>
                <Table.Td colSpan={3} />
                <Table.Td ta="right" fw={600} style={num}>{formatWan(p.midTermTotalFen)}</Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
