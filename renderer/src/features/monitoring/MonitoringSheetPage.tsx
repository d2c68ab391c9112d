import { useMemo, useState, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import {
  Alert, Anchor, Badge, Button, Group, List, Paper, ScrollArea, SimpleGrid, Skeleton, Stack, Table, Tabs, Text, TextInput,
  Textarea, ThemeIcon, Title, Tooltip,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import {
  IconAlertTriangle, IconArrowLeft, IconCircleCheck, IconCircleX, IconDeviceFloppy, IconFileExport, IconGavel, IconListDetails, IconRefresh,
  IconSend, IconStar, IconTimeline,
} from '@tabler/icons-react';
import type { MonitoringSheetDto } from '../../../../shared/api/dtoMonitoring.ts';
import { MONITORING_KIND_LABELS, MONITORING_OBJECT_TYPE_LABELS, MONITORING_SHEET_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import { WARNING_LEVEL_LABELS, type MonitoringResult } from '../../../../shared/rules/monitoring.ts';
import { call, saveFile } from '../../api/client.ts';
import { queryClient, useApiQuery } from '../../api/queries.ts';
import { navigate } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { formatTime } from '../../components/format.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useSaveWithConflict } from '../../components/useSaveWithConflict.ts';
import { ExecutionBar, LevelDot } from './roundBits.tsx';
import { SheetIndicatorTable } from './sheetIndicators.tsx';
import {
  FINANCE_ROLES, LEVEL_COLORS, PROFILE_TABLES, SHEET_STATUS_COLORS, SHEET_TABLES, focusSheetField, formFromSheet, formProblems, livePreview,
  moneyErrors, parseMoney, pct, periodLabel, sameForm, toSaveInput, type SheetFormState, type SheetProblem, type ValueRowState,
} from './sheetModel.ts';
import { DecisionHistory, PreviewWarnings, SheetEvents, SheetReviewActions, WarningsPanel } from './sheetPanels.tsx';

const num = { fontVariantNumeric: 'tabular-nums' } as const;
const CAUSE_TABLES = ['settings'];

/** Refetch every view of monitoring sheets (after a conflict the newest version is wanted at once). */
const refetchSheets = () =>
  queryClient.invalidateQueries({ predicate: (q) => ['monitoring.getSheet', 'monitoring.sheets'].includes(String(q.queryKey[0])) });

/**
 * 项目支出（部门整体）绩效目标执行监控表 (SPEC §6.3): the money block, the overall goal's progress
 * and each indicator's 1–N月 progress with deviation causes, likelihood and corrective measures,
 * checked live against the round's rule profile; then its warnings, decisions and history.
 */
export function MonitoringSheetPage({ sheetId }: { sheetId: string }) {
  const sheet = useApiQuery('monitoring.getSheet', { sheetId }, SHEET_TABLES);
  if (sheet.isPending) {
    return (
      <Stack gap="sm">
        <Skeleton h={20} w={200} />
        <Skeleton h={56} />
        <Skeleton h={160} />
        <Skeleton h={320} />
      </Stack>
    );
  }
  if (sheet.isError) {
    return (
      <Stack gap="sm">
        <BackLink roundId={null} title={null} />
        <Alert color="red" variant="light" title="无法读取监控表">{sheet.error.message}</Alert>
      </Stack>
    );
  }
  return <SheetView key={sheet.data.id} sheet={sheet.data} />;
}

function BackLink({ roundId, title }: { roundId: string | null; title: string | null }) {
  const to = roundId ? `/monitoring/rounds/${encodeURIComponent(roundId)}` : '/monitoring';
  return (
    <Anchor size="sm" href={`#${to}`} onClick={(e) => { e.preventDefault(); navigate(to); }}>
      <Group gap={4}><IconArrowLeft size={14} />{title ? `返回批次“${title}”` : '返回监控批次'}</Group>
    </Anchor>
  );
}

function SheetView({ sheet }: { sheet: MonitoringSheetDto }) {
  const { session } = useSession();
  const role = session.user.role;
  const finance = FINANCE_ROLES.includes(role);
  const editable = finance && !sheet.readOnly && sheet.round.status === 'open' && (sheet.status === 'draft' || sheet.status === 'returned');
  const profile = useApiQuery('profiles.get', { id: sheet.round.profileId, version: sheet.round.profileVersion }, PROFILE_TABLES);
  const causes = useApiQuery('monitoring.causes', {}, CAUSE_TABLES);
  const [tab, setTab] = useState<string | null>('content');
  const [exporting, setExporting] = useState(false);

  const lastReturn = sheet.status === 'returned' ? sheet.events.findLast((e) => e.toStatus === 'returned') : undefined;
  const undecided = sheet.warnings.filter((w) => !w.decided).length;
  const isProject = sheet.objectType === 'project';

  const exportForm = async () => {
    setExporting(true);
    try {
      const saved = await saveFile(await call('monitoring.exportForm', { sheetId: sheet.id }));
      if (saved) notifySuccess(`已保存“${saved}”。`, '监控表已导出');
    } catch (e) {
      notifyError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Stack gap="sm" data-testid="mon-sheet">
      <BackLink roundId={sheet.roundId} title={sheet.round.title} />
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap">
            <Title order={3} lineClamp={1}>{sheet.title}</Title>
            <Badge color={SHEET_STATUS_COLORS[sheet.status]} variant="light" radius="sm" size="lg" data-testid="mon-status">{MONITORING_SHEET_STATUS_LABELS[sheet.status]}</Badge>
            {sheet.keySelected ? (
              <Tooltip label={sheet.keyReason ?? '已列入重点监控'} withinPortal multiline maw={360}>
                <Badge color="orange" variant="filled" radius="sm" size="lg" leftSection={<IconStar size={12} />} data-testid="mon-key">重点监控</Badge>
              </Tooltip>
            ) : null}
            {sheet.warningLevel ? (
              <Badge color={LEVEL_COLORS[sheet.warningLevel]} variant="filled" radius="sm" size="lg" style={{ cursor: 'pointer' }} onClick={() => setTab('warnings')}>
                {WARNING_LEVEL_LABELS[sheet.warningLevel]} · {sheet.warningCount} 条
              </Badge>
            ) : null}
            {sheet.readOnly ? <Badge color="blue" variant="light" radius="sm">同步只读</Badge> : null}
          </Group>
          <Text size="sm" c="dimmed">
            {MONITORING_OBJECT_TYPE_LABELS[sheet.objectType]}
            {sheet.projectCode ? ` · 项目编码 ${sheet.projectCode}` : ''} · {sheet.unitName} · {sheet.round.title}（{periodLabel(sheet.round.month)}，{MONITORING_KIND_LABELS[sheet.round.kind]}）· 更新于 {formatTime(sheet.updatedAt)}
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <SheetReviewActions sheet={sheet} />
          <Button variant="default" leftSection={<IconFileExport size={16} />} loading={exporting} onClick={() => void exportForm()} data-testid="mon-export">
            导出监控表
          </Button>
        </Group>
      </Group>

      {lastReturn ? (
        <Alert color="red" variant="light" title="监控表已被退回，请按意见修改后重新提交" data-testid="mon-returned">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{lastReturn.comment || '（未填写退回原因）'}</Text>
          <Text size="xs" c="dimmed" mt={4}>{lastReturn.username} · {formatTime(lastReturn.at)}</Text>
        </Alert>
      ) : null}
      {sheet.round.status === 'closed' ? (
        <Alert color="gray" variant="light" py="xs"><Text size="sm">所在批次已关闭，监控表只能查看和导出。</Text></Alert>
      ) : null}

      <Tabs value={tab} onChange={setTab} keepMounted>
        <Tabs.List>
          <Tabs.Tab value="content" leftSection={<IconListDetails size={14} />}>监控表</Tabs.Tab>
          <Tabs.Tab value="warnings" leftSection={<IconAlertTriangle size={14} />} rightSection={undecided > 0 ? <Badge size="xs" color="red" variant="light">{undecided} 待处理</Badge> : null}>
            预警与处理（{sheet.warnings.length}）
          </Tabs.Tab>
          <Tabs.Tab value="events" leftSection={<IconTimeline size={14} />}>流转记录（{sheet.events.length}）</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="content" pt="sm">
          {profile.isError ? (
            <Alert color="red" variant="light" title="无法读取批次的规则方案">{profile.error.message}</Alert>
          ) : (
            <SheetForm
              sheet={sheet}
              editable={editable}
              profile={profile.data?.body ?? null}
              causes={causes.data ?? []}
              isProject={isProject}
              onShowWarnings={() => setTab('warnings')}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="warnings" pt="sm">
          <Stack gap="md">
            <WarningsPanel sheet={sheet} canDecide={finance && !sheet.readOnly} />
            <Stack gap="xs">
              <Group gap="xs"><IconGavel size={16} /><Text fw={600}>处理记录（{sheet.decisions.length}）</Text></Group>
              <DecisionHistory decisions={sheet.decisions} />
            </Stack>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="events" pt="sm"><SheetEvents events={sheet.events} /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

interface FormProps {
  sheet: MonitoringSheetDto;
  editable: boolean;
  profile: MonitoringSheetProfile | null;
  causes: { code: string; label: string; active: boolean }[];
  isProject: boolean;
  onShowWarnings(): void;
}
type MonitoringSheetProfile = Parameters<typeof livePreview>[0];

function SheetForm({ sheet, editable, profile, causes, isProject, onShowWarnings }: FormProps) {
  // Someone else saved, or an import or re-evaluation changed the sheet: the hook takes the newer
  // revision unless that would throw away unsaved edits.
  const { form, setForm, base, dirty, stale, reset, busy, runSave, runSubmit } = useSaveWithConflict<MonitoringSheetDto, SheetFormState>({
    doc: sheet,
    toForm: formFromSheet,
    sameForm,
    persist: (rev, f) => call('monitoring.saveSheet', toSaveInput(sheet.id, rev, f)),
    notifySaved: (next) =>
      notifySuccess(
        next.warningLevel ? `已保存。按规则方案产生 ${next.warningCount} 条预警（${WARNING_LEVEL_LABELS[next.warningLevel]}）。` : '已保存，未产生预警。',
        '监控表已保存',
      ),
    refetch: refetchSheets,
  });

  const preview = useMemo<MonitoringResult | null>(() => (profile ? livePreview(profile, sheet, form) : null), [profile, sheet, form]);
  const money = moneyErrors(form);
  const problems: SheetProblem[] = editable ? formProblems(sheet, form) : sheet.problems;
  // Unreadable amounts or values would be refused by the backend: keep 保存 off until they are fixed.
  const blocking = problems.some((p) => p.blocksSave === true);

  const patchRow = (seq: number, p: Partial<ValueRowState>) => setForm((f) => ({ ...f, values: f.values.map((v) => (v.seq === seq ? { ...v, ...p } : v)) }));

  const submit = () =>
    runSubmit(async () => {
      await call('monitoring.transition', { sheetId: sheet.id, transition: 'submit', comment: '' });
      notifySuccess('监控表已提交，等待财政审核。', '已提交');
    });

  const confirmSubmit = () =>
    modals.openConfirmModal({
      title: '提交监控表',
      centered: true,
      children: (
        <Text size="sm">
          {dirty ? '将先保存本次修改，再提交。' : ''}提交后等待财政审核，审核期间不能修改；如被退回，可修改后重新提交。
          {preview && preview.warnings.length > 0 ? `按当前内容有 ${preview.warnings.length} 条预警，财政会看到。` : ''}
        </Text>
      ),
      labels: { confirm: '提交', cancel: '取消' },
      onConfirm: () => void submit(),
    });

  const canSubmit = editable && sheet.allowed.includes('submit');
  const submitBlock = blocking ? '有填写错误，请先改正' : problems.length > 0 ? `还有 ${problems.length} 个问题，改正后才能提交` : null;
  const month = sheet.round.month;
  const period = periodLabel(month);

  return (
    <Stack gap="sm">
      {stale ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="监控表已被更新">
          <Group justify="space-between">
            <Text size="sm">您打开后，该监控表已被他人修改或重新导入了执行数。您的修改尚未保存，直接保存会被拒绝。</Text>
            <Button size="xs" variant="light" color="orange" leftSection={<IconRefresh size={14} />} onClick={() => reset(sheet)}>放弃我的修改并加载最新内容</Button>
          </Group>
        </Alert>
      ) : null}

      {editable ? (
        <Group justify="space-between" wrap="wrap" gap="xs">
          {dirty ? <Badge color="orange" variant="light" radius="sm" data-testid="mon-dirty">有未保存的修改</Badge> : <Badge color="gray" variant="light" radius="sm">已保存</Badge>}
          <Group gap="xs">
            {dirty ? <Button variant="subtle" color="gray" onClick={() => setForm(base)} disabled={busy !== null}>放弃修改</Button> : null}
            <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} disabled={!dirty || blocking || busy !== null} loading={busy === 'save'} onClick={() => void runSave()} data-testid="mon-save">
              保存
            </Button>
            {canSubmit ? (
              <Tooltip label={submitBlock ?? '提交财政审核'}>
                <span>
                  <Button leftSection={<IconSend size={16} />} disabled={submitBlock !== null || busy !== null} loading={busy === 'submit'} onClick={confirmSubmit} data-testid="mon-submit">
                    提交
                  </Button>
                </span>
              </Tooltip>
            ) : null}
          </Group>
        </Group>
      ) : sheet.status === 'submitted' ? (
        <Alert variant="light" color="blue" py="xs"><Text size="sm">监控表已提交，等待财政审核，审核期间不能修改。</Text></Alert>
      ) : null}

      {editable || problems.length > 0 ? <SheetProblems problems={problems} live={editable} /> : null}

      {/* 资金执行 */}
      <Paper withBorder radius="sm" p="sm" data-mon-field="executedFen">
        <Group justify="space-between" mb="xs">
          <Text fw={600}>预算资金执行情况</Text>
          <Text size="xs" c="dimmed">单位：万元</Text>
        </Group>
        <Table withTableBorder withColumnBorders verticalSpacing={6} horizontalSpacing={8} layout="fixed" data-testid="mon-money">
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th w={130}>项目资金</Table.Th>
              <Table.Th ta="right">年初预算数</Table.Th>
              <Table.Th ta="right">全年预算数</Table.Th>
              <Table.Th w={190}>{period}执行数</Table.Th>
              <Table.Th ta="right">{period}执行率</Table.Th>
              <Table.Th w={190}>全年预计执行数</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <MoneyRow
              label="年度资金总额"
              bold
              initial={sheet.initialBudgetFen}
              annual={sheet.annualBudgetFen}
              input={<MoneyInput label={`${period}执行数总额`} field="executed" form={form} setForm={setForm} editable={editable} error={money.executed} />}
              rate={preview && dirty ? preview.executionRate : sheet.executionRate}
              expected={<MoneyInput label="全年预计执行数" field="expectedFullYear" form={form} setForm={setForm} editable={editable} error={money.expectedFullYear} />}
            />
            <MoneyRow
              label="其中：财政拨款"
              initial={sheet.initialFiscalFen}
              annual={sheet.fiscalBudgetFen}
              input={<MoneyInput label={`${period}财政拨款执行数`} field="executedFiscal" form={form} setForm={setForm} editable={editable} error={money.executedFiscal} />}
              rate={rateOf(parseMoney(form.executedFiscal), sheet.fiscalBudgetFen)}
              expected={null}
            />
            <MoneyRow
              label="其他资金"
              initial={sheet.initialOtherFen}
              annual={sheet.otherBudgetFen}
              input={<MoneyInput label={`${period}其他资金执行数`} field="executedOther" form={form} setForm={setForm} editable={editable} error={money.executedOther} />}
              rate={rateOf(parseMoney(form.executedOther), sheet.otherBudgetFen)}
              expected={null}
            />
          </Table.Tbody>
        </Table>
        <Figures sheet={sheet} preview={preview} dirty={dirty} onShowWarnings={onShowWarnings} />
      </Paper>

      {/* 总体目标 */}
      <Paper withBorder radius="sm" p="sm">
        <Text fw={600} mb="xs">{isProject ? '年度总体目标完成情况' : '部门（单位）整体目标完成情况'}</Text>
        <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="sm">
          <Stack gap={4}>
            <Text size="sm" fw={500}>年度总体目标（年初设定）</Text>
            <Paper bg="gray.0" p="xs" radius="sm" mih={86}>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{sheet.annualGoal || '—'}</Text>
            </Paper>
          </Stack>
          <Textarea
            label={`${period}实际完成情况`}
            placeholder="概述截至本月底各项工作的实际进展"
            autosize
            minRows={3}
            maxRows={10}
            maxLength={4000}
            readOnly={!editable}
            variant={editable ? 'default' : 'filled'}
            value={form.goalProgress}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setForm((f) => ({ ...f, goalProgress: v }));
            }}
            data-mon-field="goalProgress"
          />
          <Textarea
            label="全年预计完成情况"
            placeholder="预计全年能否完成年度总体目标及原因"
            autosize
            minRows={3}
            maxRows={10}
            maxLength={4000}
            readOnly={!editable}
            variant={editable ? 'default' : 'filled'}
            value={form.expectedGoal}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setForm((f) => ({ ...f, expectedGoal: v }));
            }}
            data-mon-field="expectedGoal"
          />
        </SimpleGrid>
      </Paper>

      {/* 指标执行 */}
      <Paper withBorder radius="sm" p="sm">
        <Group justify="space-between" mb="xs">
          <Group gap="xs">
            <Text fw={600}>绩效指标完成情况</Text>
            <Badge variant="light" color="gray" radius="sm">{sheet.values.length} 个</Badge>
          </Group>
          <Text size="xs" c="dimmed">指标和年度指标值来自批复的绩效目标；完成目标可能性不是“确定能”的，须填写纠偏措施。</Text>
        </Group>
        <SheetIndicatorTable month={month} values={sheet.values} rows={form.values} causes={causes} editable={editable} onChange={patchRow} />
      </Paper>
    </Stack>
  );
}

const rateOf = (fen: number | null | undefined, budget: number) => (typeof fen === 'number' && budget > 0 ? Math.round((fen / budget) * 10000) / 100 : null);

function MoneyRow({ label, bold, initial, annual, input, rate, expected }: {
  label: string;
  bold?: boolean;
  initial: number | null;
  annual: number;
  input: ReactNode;
  rate: number | null;
  expected: ReactNode;
}) {
  const fw = bold ? 600 : undefined;
  return (
    <Table.Tr>
      <Table.Td><Text size="sm" fw={fw}>{label}</Text></Table.Td>
      <Table.Td ta="right"><Text size="sm" style={num} fw={fw}>{initial === null ? '' : formatWan(initial)}</Text></Table.Td>
      <Table.Td ta="right"><Text size="sm" style={num} fw={fw}>{formatWan(annual)}</Text></Table.Td>
      <Table.Td>{input}</Table.Td>
      <Table.Td ta="right"><Text size="sm" style={num} fw={fw}>{pct(rate)}</Text></Table.Td>
      <Table.Td>{expected ?? <Text size="sm" c="dimmed" ta="center">—</Text>}</Table.Td>
    </Table.Tr>
  );
}

type MoneyField = 'executed' | 'executedFiscal' | 'executedOther' | 'expectedFullYear';

function MoneyInput({ label, field, form, setForm, editable, error }: {
  label: string;
  field: MoneyField;
  form: SheetFormState;
  setForm: Dispatch<SetStateAction<SheetFormState>>;
  editable: boolean;
  error: string | undefined;
}) {
  if (!editable) {
    const v = parseMoney(form[field]);
    return <Text size="sm" ta="right" style={num}>{typeof v === 'number' ? formatWan(v) : '—'}</Text>;
  }
  return (
    <TextInput
      size="xs"
      aria-label={`${label}（万元）`}
      inputMode="decimal"
      placeholder="未填"
      value={form[field]}
      error={error}
      styles={{ input: { textAlign: 'right', ...num }, error: { fontSize: 11 } }}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setForm((f) => ({ ...f, [field]: v }));
      }}
      data-mon-field={`${field}Fen`}
    />
  );
}

/** 执行率 / 时间进度 / 进度差 / 目标完成进度, and the warnings the current figures produce. */
function Figures({ sheet, preview, dirty, onShowWarnings }: { sheet: MonitoringSheetDto; preview: MonitoringResult | null; dirty: boolean; onShowWarnings(): void }) {
  // While editing the preview is what will be stored; otherwise the stored figures.
  const live = dirty && preview !== null;
  const rate = live ? preview.executionRate : sheet.executionRate;
  const time = live ? preview.timeProgress : (sheet.timeProgress ?? preview?.timeProgress ?? null);
  const gap = live ? preview.gapPoints : sheet.gapPoints;
  const rel = live ? preview.relativeDeviation : sheet.relativeDeviation;
  const target = live ? preview.targetProgress : sheet.targetProgress;
  // Missing 纠偏措施 are in the problem list already; the other remarks (fallbacks, targets missed) stay.
  const notes = live ? preview.notes.filter((n) => !n.includes('纠偏措施')) : [];
  return (
    <Stack gap="xs" mt="sm">
      <Group gap="xl" align="flex-end" wrap="wrap">
        <Figure label="执行率" value={pct(rate)} strong />
        <Figure label="时间进度" value={pct(time)} />
        <Figure label="进度差" value={gap === null ? '—' : `${gap.toFixed(2)} 个百分点`} color={gap !== null && gap > 0 ? 'orange.8' : undefined} />
        <Figure label="相对偏差" value={pct(rel)} />
        <Figure label="目标完成进度" value={pct(target)} />
        <Stack gap={4}>
          <Text size="xs" c="dimmed">执行 / 时间</Text>
          <ExecutionBar rate={rate} time={time} width={180} />
        </Stack>
        {live ? <Badge variant="light" color="orange" radius="sm">按当前填写内容实时计算，保存后生效</Badge> : null}
      </Group>
      {live ? (
        <Paper withBorder radius="sm" p="xs" bg={preview.level === 'red' ? 'red.0' : preview.level === 'yellow' ? 'yellow.0' : 'teal.0'} data-testid="mon-preview">
          <Text size="xs" c="dimmed" mb={4}>保存后的预警（按批次规则方案第 {sheet.round.profileVersion} 版计算）</Text>
          <PreviewWarnings warnings={preview.warnings} />
          {notes.length > 0 ? (
            <List size="xs" c="dimmed" mt={4} spacing={0}>{notes.map((n) => <List.Item key={n}>{n}</List.Item>)}</List>
          ) : null}
        </Paper>
      ) : sheet.warnings.length > 0 ? (
        <Paper withBorder radius="sm" p="xs" bg={sheet.warningLevel === 'red' ? 'red.0' : 'yellow.0'}>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Stack gap={4}>
              {sheet.warnings.map((w) => (
                <Group key={w.id} gap={6} wrap="nowrap" align="flex-start">
                  <LevelDot level={w.level} />
                  <Text size="sm" lh={1.2} mt={-2}>{w.message}</Text>
                </Group>
              ))}
            </Stack>
            <Anchor component="button" type="button" size="sm" onClick={onShowWarnings} style={{ whiteSpace: 'nowrap' }}>查看与处理</Anchor>
          </Group>
        </Paper>
      ) : sheet.executedFen !== null ? (
        <Text size="sm" c="teal.8">未触发预警规则。</Text>
      ) : null}
    </Stack>
  );
}

function Figure({ label, value, strong, color }: { label: string; value: string; strong?: boolean; color?: string | undefined }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size={strong ? 'xl' : 'lg'} fw={strong ? 700 : 600} c={color} style={num}>{value}</Text>
    </Stack>
  );
}

/** What keeps the sheet from being submitted, each linking to its place (like the goal editor's check). */
function SheetProblems({ problems, live }: { problems: SheetProblem[]; live: boolean }) {
  if (problems.length === 0) {
    return (
      <Alert variant="light" color="teal" icon={<IconCircleCheck size={18} />} py="xs" data-testid="mon-check-ok">
        <Text size="sm">填报完整：执行数、各指标的完成情况和完成可能性均已填写{live ? '，可以提交' : ''}。</Text>
      </Alert>
    );
  }
  return (
    <Alert
      variant="light"
      color="red"
      icon={<IconCircleX size={18} />}
      title={<Group gap="xs"><Text size="sm" fw={600}>{live ? '提交前还需完善' : '尚未填写完整'}</Text><Text size="sm" c="red.8" data-testid="mon-problem-count">{problems.length} 个问题</Text></Group>}
      py="xs"
      data-testid="mon-problems"
    >
      <ScrollArea.Autosize mah={112} type="auto">
        <List spacing={2} size="sm" center>
          {problems.map((p, i) => (
            <List.Item key={i} icon={<ThemeIcon size={18} radius="xl" variant="light" color="red"><IconCircleX size={12} /></ThemeIcon>}>
              <Anchor component="button" type="button" size="sm" c="red.8" ta="left" onClick={() => focusSheetField(p.seq, p.field)}>{p.message}</Anchor>
            </List.Item>
          ))}
        </List>
      </ScrollArea.Autosize>
      {live ? <Text size="xs" c="dimmed" mt={6}>点击问题可跳转到相应位置。{problems.some((p) => p.blocksSave) ? '填写错误须先改正才能保存；' : '可以先保存，'}全部完善后再提交。</Text> : null}
    </Alert>
  );
}
