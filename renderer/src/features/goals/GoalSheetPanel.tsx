import { useState } from 'react';
import {
  Alert, Badge, Button, EmptyState, Group, Paper, Skeleton, Stack, Tabs, Text, Title, Tooltip,
} from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import {
  IconAdjustments, IconFileExport, IconHistory, IconLock, IconMessage2, IconPlus, IconTargetArrow, IconTimeline,
} from '@tabler/icons-react';
import type { GoalSheetDto } from '../../../../shared/api/dtoGoals.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import { GOAL_OWNER_TYPE_LABELS, GOAL_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { ApiError, call, saveFile } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { formatTime } from '../../components/format.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { GoalEditor } from './GoalEditor.tsx';
import { AdjustmentHistory, EventHistory, ReviewHistory } from './GoalHistory.tsx';
import { GoalProblems } from './GoalProblems.tsx';
import { GoalReadView } from './GoalReadView.tsx';
import { GoalActions, GoalStepper } from './GoalWorkflow.tsx';
import { ENTRY_ROLES, GOAL_TABLES, PROFILE_TABLES, STATUS_COLORS, isMultiYearProject } from './goalModel.ts';

export type GoalSheetPanelProps = { projectId: string } | { unitId: string; year: number };

/**
 * 绩效目标表 of one project or one unit's overall budget: status and workflow, the editor while
 * the sheet is a draft (or returned), the read-only sheet otherwise, and its review, workflow and
 * adjustment history. Used in the project detail page, the review queue and 部门整体目标.
 */
export function GoalSheetPanel(props: GoalSheetPanelProps) {
  const input = 'projectId' in props ? { projectId: props.projectId } : { unitId: props.unitId, year: props.year };
  const sheet = useApiQuery('goals.open', input, GOAL_TABLES);
  return <SheetLoader query={sheet} createInput={input} />;
}

/** The same panel opened by sheet id (the review queue lists sheets, not their owners). */
export function GoalSheetByIdPanel({ sheetId }: { sheetId: string }) {
  const sheet = useApiQuery('goals.get', { sheetId }, GOAL_TABLES);
  return <SheetLoader query={sheet} createInput={null} />;
}

type OpenInput = { projectId: string } | { unitId: string; year: number };

function SheetLoader({ query, createInput }: { query: UseQueryResult<GoalSheetDto, ApiError>; createInput: OpenInput | null }) {
  if (query.isPending) {
    return (
      <Stack gap="sm">
        <Skeleton h={36} />
        <Skeleton h={48} />
        <Skeleton h={220} />
      </Stack>
    );
  }
  if (query.isError) {
    if (query.error.error.code === 'NOT_FOUND' && createInput) return <CreateSheet input={createInput} />;
    return <Alert color="red" variant="light" title="无法读取绩效目标表">{query.error.message}</Alert>;
  }
  return <SheetView sheet={query.data} />;
}

function CreateSheet({ input }: { input: OpenInput }) {
  const { session } = useSession();
  const canCreate = ENTRY_ROLES.includes(session.user.role);
  const [busy, setBusy] = useState(false);
  const isProject = 'projectId' in input;
  const create = async () => {
    setBusy(true);
    try {
      await call('goals.create', input);
      notifySuccess('已建立绩效目标表，请填写总体目标和绩效指标。');
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder radius="md" p="xl" data-testid="goal-empty">
      <EmptyState
        icon={<IconTargetArrow size={32} />}
        variant="light"
        color="red"
        title="尚未建立绩效目标表"
        description={
          canCreate
            ? `${isProject ? '每个项目都应设定绩效目标，目标是安排预算的前提。' : '部门（单位）整体支出也应设定绩效目标。'}建立后可从指标库选取指标，或直接填写。`
            : '绩效目标表由业务股室或绩效股建立和填写，建立后会显示在这里。'
        }
      >
        {canCreate ? (
          <EmptyState.Actions>
            <Button leftSection={<IconPlus size={16} />} loading={busy} onClick={() => void create()} data-testid="goal-create">
              建立绩效目标表
            </Button>
          </EmptyState.Actions>
        ) : null}
      </EmptyState>
    </Paper>
  );
}

function SheetView({ sheet }: { sheet: GoalSheetDto }) {
  const { session } = useSession();
  const role = session.user.role;
  const profile = useApiQuery('profiles.forYear', { year: sheet.year }, PROFILE_TABLES);
  const project = useApiQuery('projects.get', { id: sheet.projectId ?? '' }, ['projects', 'project_tags'], { enabled: sheet.projectId !== null });
  const [adjusting, setAdjusting] = useState(false);
  const [tab, setTab] = useState<string | null>('content');
  const [exporting, setExporting] = useState(false);

  const isProject = sheet.ownerType === 'project';
  const multiYear = isMultiYearProject(project.data);
  const editable = ENTRY_ROLES.includes(role) && !sheet.readOnly && (sheet.status === 'draft' || sheet.status === 'returned');
  const canAdjust = role === 'performance' && !sheet.readOnly && (sheet.status === 'approved' || sheet.status === 'published');
  const lastReturn = sheet.status === 'returned' ? sheet.events.findLast((e) => e.toStatus === 'returned') : undefined;
  const lastReview = sheet.reviews.at(-1);

  const exportForm = async () => {
    setExporting(true);
    try {
      const saved = await saveFile(await call('goals.exportForm', { sheetId: sheet.id }));
      if (saved) notifySuccess(`已保存“${saved}”。`, '申报表已导出');
    } catch (e) {
      notifyError(e);
    } finally {
      setExporting(false);
    }
  };

  const content = () => {
    if (profile.isPending) return <Skeleton h={240} />;
    if (profile.isError) return <Alert color="red" variant="light" title="无法读取本年度规则方案">{profile.error.message}</Alert>;
    if (adjusting) {
      return (
        <GoalEditor
          key={`adjust-${sheet.id}`}
          sheet={sheet}
          profile={profile.data.body}
          multiYear={multiYear}
          projectType={project.data?.projectType}
          mode="adjust"
          canSubmit={false}
          onExitAdjust={() => setAdjusting(false)}
        />
      );
    }
    if (editable) {
      return (
        <GoalEditor
          key={`edit-${sheet.id}`}
          sheet={sheet}
          profile={profile.data.body}
          multiYear={multiYear}
          projectType={project.data?.projectType}
          mode="edit"
          canSubmit={sheet.allowed.includes('submit')}
        />
      );
    }
    const underReview = sheet.status === 'submitted' || sheet.status === 'deptApproved' || sheet.status === 'reviewed';
    return (
      <Stack gap="sm">
        {underReview && ENTRY_ROLES.includes(role) && sheet.allowed.length === 0 ? (
          <Alert variant="light" color="blue" py="xs"><Text size="sm">目标表正在审核中，审核期间不能修改。</Text></Alert>
        ) : null}
        {underReview || sheet.check.errors.length > 0 ? (
          <GoalProblems
            title="校验结果（供审核参考）"
            errors={sheet.check.errors}
            warnings={sheet.check.warnings}
            keyOf={(row) => sheet.indicators[row]?.id ?? null}
          />
        ) : null}
        <GoalReadView sheet={sheet} showMidTerm={isProject} />
      </Stack>
    );
  };

  return (
    <Stack gap="sm" data-testid="goal-sheet">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap">
            <Title order={4} lineClamp={1}>{sheet.title}</Title>
            <Badge color={STATUS_COLORS[sheet.status]} variant="light" radius="sm" size="lg" data-testid="goal-status">
              {GOAL_STATUS_LABELS[sheet.status]}
            </Badge>
            {sheet.locked ? (
              <Tooltip label="已批复的目标已锁定；如需变更，须由绩效股通过“调整目标”办理并记录原因">
                <Badge color="gray" variant="outline" radius="sm" size="lg" leftSection={<IconLock size={12} />} data-testid="goal-locked">已锁定</Badge>
              </Tooltip>
            ) : null}
            {sheet.readOnly ? <Badge color="blue" variant="light" radius="sm">同步只读</Badge> : null}
          </Group>
          <Text size="sm" c="dimmed">
            {GOAL_OWNER_TYPE_LABELS[sheet.ownerType]}绩效目标 · {sheet.unitName} · {sheet.year} 年度
            {project.data ? ` · 项目编码 ${project.data.code} · 全年预算 ${formatWan(project.data.annualTotalFen)} 万元` : ''}
            {` · 更新于 ${formatTime(sheet.updatedAt)}`}
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <GoalActions sheet={sheet} profile={profile.data} />
          {canAdjust && !adjusting ? (
            <Button variant="light" leftSection={<IconAdjustments size={16} />} onClick={() => { setTab('content'); setAdjusting(true); }} data-testid="goal-adjust">
              调整目标
            </Button>
          ) : null}
          <Button variant="default" leftSection={<IconFileExport size={16} />} loading={exporting} onClick={() => void exportForm()}>
            导出申报表
          </Button>
        </Group>
      </Group>

      <Paper withBorder radius="sm" px="md" py="sm">
        <GoalStepper sheet={sheet} />
      </Paper>

      {lastReturn ? (
        <Alert color="red" variant="light" title="目标表已被退回，请按意见修改后重新提交" data-testid="goal-returned">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{lastReturn.comment || '（未填写退回原因）'}</Text>
          <Text size="xs" c="dimmed" mt={4}>{lastReturn.username} · {formatTime(lastReturn.at)}</Text>
        </Alert>
      ) : null}
      {sheet.status === 'notFunded' ? (
        <Alert color="red" variant="light" title="财政审核结果：不予安排" data-testid="goal-not-funded">
          <Text size="sm">
            {lastReview ? `审核总分 ${lastReview.total.toFixed(2)} 分。` : ''}
            {isProject ? '该项目不进入预算安排。' : '该目标表不进入预算安排。'}
            {role === 'performance' ? '如需重新填报，可“退回重新填报”。' : ''}
          </Text>
          {lastReview?.opinion ? <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>审核意见：{lastReview.opinion}</Text> : null}
        </Alert>
      ) : null}

      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="content" leftSection={<IconTargetArrow size={14} />}>{adjusting ? '调整目标' : '目标内容'}</Tabs.Tab>
          <Tabs.Tab value="reviews" leftSection={<IconMessage2 size={14} />}>审核记录（{sheet.reviews.length}）</Tabs.Tab>
          <Tabs.Tab value="events" leftSection={<IconTimeline size={14} />}>流转记录（{sheet.events.length}）</Tabs.Tab>
          <Tabs.Tab value="adjustments" leftSection={<IconHistory size={14} />}>调整记录（{sheet.adjustments.length}）</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="content" pt="sm">{content()}</Tabs.Panel>
        <Tabs.Panel value="reviews" pt="sm"><ReviewHistory reviews={sheet.reviews} profile={profile.data} /></Tabs.Panel>
        <Tabs.Panel value="events" pt="sm"><EventHistory events={sheet.events} /></Tabs.Panel>
        <Tabs.Panel value="adjustments" pt="sm"><AdjustmentHistory adjustments={sheet.adjustments} /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
