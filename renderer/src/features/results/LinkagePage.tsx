import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconAlertTriangle, IconDownload, IconInfoCircle, IconListCheck } from '@tabler/icons-react';
import type { LinkageGradeDto, LinkageRowDto, LinkageTotalsDto } from '../../../../shared/api/dtoResults.ts';
import type { GradeCode } from '../../../../shared/domain/ruleProfile.ts';
import { GOAL_GRADE_LABELS, KEY_EVAL_KIND_LABELS, LINKAGE_ACTION_LABELS, LINKAGE_GRADE_SOURCE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { linkageAmountProblem, type LinkageAction } from '../../../../shared/rules/linkage.ts';
import { formatWan, parseWanToFen } from '../../../../shared/rules/money.ts';
import { call, saveFile } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useYearOptions } from '../goals/useYearOptions.ts';

const TABLES = ['linkage_decisions', 'self_evaluations', 'recheck_items', 'key_evaluations', 'projects', 'units', 'rule_profiles', 'rule_profile_versions'];
const num = { fontVariantNumeric: 'tabular-nums' } as const;
const GRADE_COLORS: Record<GradeCode, string> = { excellent: 'teal', good: 'blue', fair: 'yellow', low: 'orange', poor: 'red' };
const ACTION_COLORS: Record<LinkageAction, string> = { priority: 'teal', maintain: 'blue', reduce: 'orange', cancel: 'red' };
const ACTIONS: LinkageAction[] = ['priority', 'maintain', 'reduce', 'cancel'];

const suggestionText = (r: LinkageRowDto) => {
  const s = r.suggestion;
  const label = LINKAGE_ACTION_LABELS[s.action];
  if (s.action !== 'reduce') return label;
  return s.pctMin === s.pctMax ? `${label} ${s.pctMin}%` : `${label} ${s.pctMin}%–${s.pctMax}%`;
};
const changeText = (min: number, max: number) => (min === max ? formatWan(min) : `${formatWan(min)} ~ ${formatWan(max)}`);
/** 单位自评（财政验收） / 财政复核 / 部门评价 / 财政重点评价. */
const sourceLabel = (g: Pick<LinkageGradeDto, 'source' | 'kind'>) => (g.kind ? KEY_EVAL_KIND_LABELS[g.kind] : LINKAGE_GRADE_SOURCE_LABELS[g.source]);
const gradeText = (g: Pick<LinkageGradeDto, 'grade' | 'total'>) => `${GOAL_GRADE_LABELS[g.grade]}${g.total === null ? '' : ` ${g.total.toFixed(2)}`}`;
type View = 'project' | 'unitOverall';

/** What the amount field starts from: the decision, or the suggestion (the smaller cut of a range). */
function defaultAmount(r: LinkageRowDto, action: LinkageAction): string {
  if (r.decision && r.decision.decision === action) return formatWan(r.decision.amountFen).replace(/,/g, '');
  if (action === 'cancel') return formatWan(-r.baseFen).replace(/,/g, '');
  if (action === 'reduce' && r.suggestion.action === 'reduce') return formatWan(r.suggestion.changeMaxFen).replace(/,/g, '');
  return '0.00';
}

/**
 * 预算挂钩 (SPEC §9.1): every project and every unit overall (部门整体) with a final grade — the
 * accepted self-evaluation, a completed 财政复核, or a completed 部门评价 / 财政重点评价, in that
 * rising order of precedence — the profile ladder's suggestion for next year's budget, and the
 * decision 绩效管理 records with the amount (a cut is negative). Exported as the list for the
 * budget meeting; the year's 评价结果清单 is exported here too.
 */
export function LinkagePage() {
  const { session } = useSession();
  const [year, setYear] = useState(session.office.currentYear);
  const yearOptions = useYearOptions(session.office.currentYear);
  const list = useApiQuery('results.linkageList', { year }, TABLES);
  const canDecide = session.user.role === 'performance';
  const [exporting, setExporting] = useState(false);
  const [exportingList, setExportingList] = useState(false);
  const [view, setView] = useState<View>('project');
  const t: LinkageTotalsDto | undefined = view === 'project' ? list.data?.totals : list.data?.unitTotals;
  const what = view === 'project' ? '项目' : '单位';
  const records = (list.data?.rows ?? []).filter((r) => r.objectType === view);

  const exportList = async () => {
    setExporting(true);
    try {
      const saved = await saveFile(await call('results.exportLinkage', { year }));
      if (saved) notifySuccess(`已保存“${saved}”。`, '预算挂钩建议清单已导出');
    } catch (err) {
      notifyError(err);
    } finally {
      setExporting(false);
    }
  };

  const exportEvaluationList = async () => {
    setExportingList(true);
    try {
      const saved = await saveFile(await call('results.exportEvaluationList', { year }));
      if (saved) notifySuccess(`已保存“${saved}”。`, '评价结果清单已导出');
    } catch (err) {
      notifyError(err);
    } finally {
      setExportingList(false);
    }
  };

  const columns: DataTableColumn<LinkageRowDto>[] = [
    {
      accessor: 'title',
      title: view === 'project' ? '项目 / 单位' : '部门（单位）',
      render: (r) => (
        <Stack gap={0}>
          <Text size="sm" fw={500} lineClamp={1}>{r.title}</Text>
          <Text size="xs" c="dimmed">{r.projectCode ? `${r.projectCode} · ` : ''}{r.unitName}{r.departmentName !== r.unitName ? `（${r.departmentName}）` : ''}</Text>
        </Stack>
      ),
    },
    {
      accessor: 'grade',
      title: '评价结果（认定依据）',
      width: 190,
      render: (r) => {
        const others = r.grades.slice(1);
        return (
          <Stack gap={2}>
            <Group gap={6} wrap="nowrap">
              <Badge color={GRADE_COLORS[r.grade]} variant="light" radius="sm">{GOAL_GRADE_LABELS[r.grade]}</Badge>
              <Text size="sm" style={num}>{r.total === null ? '—' : r.total.toFixed(2)}</Text>
            </Group>
            <Tooltip label={r.grades[0]?.title ?? sourceLabel({ source: r.gradeSource, kind: r.gradeSourceKind })} withinPortal>
              <Text size="xs" c="blue.8" fw={500} data-testid="linkage-source">{sourceLabel({ source: r.gradeSource, kind: r.gradeSourceKind })}</Text>
            </Tooltip>
            {others.length > 0 ? (
              <Text size="xs" c="dimmed" lineClamp={2}>{others.map((g) => `${sourceLabel(g)} ${gradeText(g)}`).join('；')}</Text>
            ) : null}
          </Stack>
        );
      },
    },
    { accessor: 'baseFen', title: '全年预算（万元）', width: 150, textAlign: 'right', render: (r) => <Text size="sm" style={num}>{formatWan(r.baseFen)}</Text> },
    {
      accessor: 'suggestion',
      title: '挂钩建议',
      width: 170,
      render: (r) => (
        <Stack gap={0}>
          <Badge color={ACTION_COLORS[r.suggestion.action]} variant="outline" radius="sm">{suggestionText(r)}</Badge>
          {r.suggestion.changeMinFen !== 0 ? <Text size="xs" c="dimmed" style={num}>{changeText(r.suggestion.changeMinFen, r.suggestion.changeMaxFen)} 万元</Text> : null}
        </Stack>
      ),
    },
    {
      accessor: 'decision',
      title: '挂钩结果（调整金额为负即调减）',
      width: 470,
      render: (r) => <DecisionCell key={`${r.key}:${r.decision?.rev ?? 0}`} row={r} year={year} editable={canDecide && !r.readOnly} />,
    },
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title="预算挂钩"
        description="按规则方案的挂钩规则，根据项目和部门整体的评价结果提出下一年度预算安排建议：已完成的部门评价、财政重点评价优先，其次为财政复核，再次为经财政验收的自评；由绩效管理确定挂钩结果和调整金额。"
        actions={
          <>
            <Select aria-label="评价年度" w={150} allowDeselect={false} data={yearOptions.map((y) => ({ ...y, label: `${y.value} 年度评价` }))} value={String(year)} onChange={(v) => v && setYear(Number(v))} />
            <Button variant="default" leftSection={<IconListCheck size={16} />} loading={exportingList} onClick={() => void exportEvaluationList()} data-testid="export-evaluation-list">导出评价结果清单</Button>
            <Button variant="default" leftSection={<IconDownload size={16} />} loading={exporting} onClick={() => void exportList()}>导出建议清单</Button>
          </>
        }
      />
      <Group justify="space-between">
        <SegmentedControl
          aria-label="挂钩对象"
          value={view}
          onChange={(v) => setView(v === 'unitOverall' ? 'unitOverall' : 'project')}
          data={[
            { value: 'project', label: `项目（${list.data?.totals.count ?? 0}）` },
            { value: 'unitOverall', label: `部门整体（${list.data?.unitTotals.count ?? 0}）` },
          ]}
          data-testid="linkage-view"
        />
        {view === 'unitOverall' ? <Text size="xs" c="dimmed">部门整体的基数为部门整体自评表的年度资金总额（基本支出 + 项目支出），已含本单位项目，合计与项目分列。</Text> : null}
      </Group>
      <SimpleGrid cols={{ base: 2, lg: 5 }} spacing="md" data-testid="linkage-totals">
        <Figure label={`纳入挂钩${what}`} value={t ? `${t.count} 个` : '—'} note={t ? (['excellent', 'good', 'fair', 'low', 'poor'] as const).filter((g) => t.byGrade[g]).map((g) => `${GOAL_GRADE_LABELS[g]} ${t.byGrade[g]}`).join(' · ') : ''} />
        <Figure label="已确定" value={t ? `${t.decided} / ${t.count}` : '—'} note={t && t.count > t.decided ? `还有 ${t.count - t.decided} 个未确定` : '全部已确定'} />
        <Figure label={`${year}年全年预算合计`} value={t ? `${formatWan(t.baseFen)} 万元` : '—'} />
        <Figure label="建议调整合计" value={t ? `${changeText(t.suggestedMinFen, t.suggestedMaxFen)} 万元` : '—'} note="按挂钩规则计算，负数为调减" />
        <Figure label="已确定调减 / 增加" value={t ? `${formatWan(-t.decidedCutFen)} / ${formatWan(t.decidedAddFen)} 万元` : '—'} color={t?.decidedCutFen ? 'orange.8' : undefined} />
      </SimpleGrid>
      {!canDecide ? (
        <Alert variant="light" color="gray" icon={<IconInfoCircle size={16} />}>挂钩结果由绩效管理岗确定；此处可查看建议和已确定的结果。</Alert>
      ) : null}
      {list.isError ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="无法读取预算挂钩清单">{list.error.message}</Alert>
      ) : (
        <Paper withBorder radius="md" p={0} style={{ overflow: 'hidden' }}>
          <DataTable<LinkageRowDto>
            striped
            verticalSpacing={8}
            horizontalSpacing="xs"
            minHeight={list.data?.rows.length ? undefined : 220}
            fetching={list.isFetching}
            loaderType="dots"
            noRecordsText={view === 'project' ? `${year} 年度还没有项目的评价结果（经财政验收的自评、财政复核或评价）` : `${year} 年度还没有部门整体的评价结果`}
            records={records}
            idAccessor="key"
            columns={columns}
          />
        </Paper>
      )}
    </Stack>
  );
}

function Figure({ label, value, note, color }: { label: string; value: string; note?: string; color?: string | undefined }) {
  return (
    <Paper withBorder radius="md" px="md" py="sm">
      <Text size="sm" c="dimmed" fw={500}>{label}</Text>
      <Text fw={700} fz={20} style={num} c={color}>{value}</Text>
      {note ? <Text size="xs" c="dimmed">{note}</Text> : null}
    </Paper>
  );
}

function DecisionCell({ row, year, editable }: { row: LinkageRowDto; year: number; editable: boolean }) {
  const [action, setAction] = useState<LinkageAction>(row.decision?.decision ?? row.suggestion.action);
  const [amount, setAmount] = useState(defaultAmount(row, row.decision?.decision ?? row.suggestion.action));
  const [note, setNote] = useState(row.decision?.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const d = row.decision;

  if (!editable) {
    return d ? (
      <Stack gap={0}>
        <Group gap={6}>
          <Badge color={ACTION_COLORS[d.decision]} variant="light" radius="sm">{LINKAGE_ACTION_LABELS[d.decision]}</Badge>
          <Text size="sm" style={num}>{formatWan(d.amountFen)} 万元</Text>
        </Group>
        <Text size="xs" c="dimmed">{d.note ? `${d.note} · ` : ''}{d.decidedBy}</Text>
      </Stack>
    ) : <Text size="sm" c="dimmed">未确定</Text>;
  }

  const save = async () => {
    const fen = parseWanToFen(amount);
    if (fen === null) return setError('请输入金额（万元）');
    const problem = linkageAmountProblem(action, fen, row.baseFen);
    if (problem) return setError(problem);
    setError(null);
    setBusy(true);
    try {
      await call('results.decideLinkage', { projectId: row.projectId, unitId: row.projectId ? null : row.unitId, year, decision: action, amountFen: fen, note });
      notifySuccess(`${row.title}：${LINKAGE_ACTION_LABELS[action]}，调整 ${formatWan(fen)} 万元。`, '挂钩结果已保存');
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  const dirty = !d || d.decision !== action || formatWan(d.amountFen).replace(/,/g, '') !== amount.trim() || d.note !== note;
  return (
    <Stack gap={4}>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <Select
          aria-label="挂钩结果"
          w={112}
          size="xs"
          allowDeselect={false}
          data={ACTIONS.map((a) => ({ value: a, label: LINKAGE_ACTION_LABELS[a] }))}
          value={action}
          onChange={(v) => {
            if (!v) return;
            const a = v as LinkageAction;
            setAction(a);
            setAmount(defaultAmount(row, a));
            setError(null);
          }}
        />
        <TextInput aria-label="调整金额（万元）" w={120} size="xs" rightSection="万元" rightSectionWidth={36} value={amount} error={error} onChange={(e) => setAmount(e.currentTarget.value)} disabled={action === 'cancel'} styles={{ input: num }} />
        <TextInput aria-label="说明" placeholder="说明（可选）" size="xs" style={{ flex: 1 }} value={note} maxLength={1000} onChange={(e) => setNote(e.currentTarget.value)} />
        <Button size="xs" loading={busy} disabled={!dirty} onClick={() => void save()}>{d ? '更新' : '确定'}</Button>
      </Group>
      {d ? (
        <Group gap={6}>
          <Text size="xs" c="dimmed">已确定：{LINKAGE_ACTION_LABELS[d.decision]} {formatWan(d.amountFen)} 万元 · {d.decidedBy}</Text>
          {row.stale ? (
            <Tooltip label={`确定时为“${GOAL_GRADE_LABELS[d.grade]}”、基数 ${formatWan(d.baseFen)} 万元`}>
              <Badge color="orange" variant="light" size="xs">等级或基数已变化</Badge>
            </Tooltip>
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
}
