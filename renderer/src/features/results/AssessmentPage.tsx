import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, NumberInput, Select, Stack, Table, Text, Textarea, Tooltip, UnstyledButton } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconArrowBackUp, IconCalculator, IconDownload, IconInfoCircle, IconListDetails, IconSend } from '@tabler/icons-react';
import type { AssessmentCellDto, AssessmentRowDto } from '../../../../shared/api/methods/assessment.ts';
import { ASSESSMENT_SOURCE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import type { AssessmentItem } from '../../../../shared/rules/assessment.ts';
import { ApiError, call, saveFile } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useYearOptions } from '../goals/useYearOptions.ts';
import { AssessmentItemsModal, AssessmentItemsPreview } from './assessmentItems.tsx';
import { AssessmentHistory, AssessmentStatus, WithdrawModal } from './assessmentPublish.tsx';

const TABLES = [
  'assessment_tables', 'assessment_scores', 'assessment_events', 'units', 'projects', 'goal_sheets', 'monitoring_sheets', 'monitoring_events', 'self_evaluations', 'recheck_items',
  'rectifications', 'disclosures',
];
const num = { fontVariantNumeric: 'tabular-nums' } as const;
const fmt = (v: number) => v.toFixed(2);
const RANK_COLORS = ['yellow', 'gray', 'orange'];

interface Editing {
  row: AssessmentRowDto;
  item: AssessmentItem;
  cell: AssessmentCellDto;
}

/** One score cell: the counting score with where it comes from, or 待评分. */
function ScoreCell({ cell, canEdit, onEdit }: { cell: AssessmentCellDto; canEdit: boolean; onEdit: () => void }) {
  let content;
  if (cell.manualScore !== null) {
    content = (
      <Stack gap={0} align="flex-end">
        <Text size="sm" fw={500} style={num}>{ASSESSMENT_SOURCE_LABELS.manual} {fmt(cell.manualScore)}</Text>
        {cell.autoScore !== null ? <Text size="xs" c="dimmed" td="line-through" style={num}>{ASSESSMENT_SOURCE_LABELS.auto} {fmt(cell.autoScore)}</Text> : null}
      </Stack>
    );
  } else if (cell.autoScore !== null) {
    content = <Text size="sm" style={num}>{ASSESSMENT_SOURCE_LABELS.auto} {fmt(cell.autoScore)}</Text>;
  } else {
    content = <Badge color="red" variant="light" radius="sm">待评分</Badge>;
  }
  const tip = [cell.rate !== null ? `比率 ${(cell.rate * 100).toFixed(2)}%` : '数据不足，需人工评分', cell.note ? `说明：${cell.note}` : '', cell.enteredBy ? `录入人：${cell.enteredBy}` : '']
    .filter(Boolean).join('；');
  return (
    <Tooltip label={tip} multiline maw={320} withArrow>
      {canEdit ? <UnstyledButton onClick={onEdit} aria-label="录入人工评分">{content}</UnstyledButton> : <div>{content}</div>}
    </Tooltip>
  );
}

function ManualDialog({ year, editing, onClose }: { year: number; editing: Editing | null; onClose: () => void }) {
  const [score, setScore] = useState<number | string>('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ score?: string; note?: string }>({});
  const [busy, setBusy] = useState(false);
  const [openedFor, setOpenedFor] = useState<Editing | null>(null);
  if (editing !== openedFor) {
    setOpenedFor(editing);
    setScore(editing?.cell.manualScore ?? '');
    setNote(editing?.cell.note ?? '');
    setErrors({});
  }
  if (!editing) return null;
  const { row, item, cell } = editing;

  const save = async (value: number | null) => {
    setBusy(true);
    try {
      await call('assessment.saveManual', { year, unitId: row.unitId, itemCode: item.code, score: value, note });
      notifySuccess(value === null ? `已清除${row.unitName}“${item.label}”的人工评分。` : `已保存${row.unitName}“${item.label}”得分 ${fmt(value)}。`, '已保存');
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.error.details?.length) {
        setErrors(Object.fromEntries(err.error.details.map((d) => [d.field, d.message])));
      } else notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={`${row.unitName} · ${item.label}（${item.weight} 分）`} size="md">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">{item.rule}</Text>
        {cell.autoScore !== null ? (
          <Alert color="blue" icon={<IconInfoCircle size={16} />}>
            自动得分 {fmt(cell.autoScore)}（比率 {((cell.rate ?? 0) * 100).toFixed(2)}%）。录入人工评分将替代自动得分，须填写调整说明。
          </Alert>
        ) : null}
        <NumberInput label="得分" min={0} max={item.weight} decimalScale={2} value={score} onChange={setScore} error={errors.score} data-autofocus />
        <Textarea label={cell.autoScore !== null ? '调整说明' : '评分说明'} autosize minRows={2} maxLength={500} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} />
        <Group justify="space-between">
          <Button variant="subtle" color="red" disabled={cell.manualScore === null} loading={busy} onClick={() => void save(null)}>清除人工评分</Button>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>取消</Button>
            <Button loading={busy} disabled={score === ''} onClick={() => void save(Number(score))}>保存</Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * 绩效管理工作考核 (SPEC §9.4): each 主管部门 scored on the items of the year's table —
 * automatic items from the records (目标覆盖, 监控按时, 自评, 整改, 公开), manual ones entered
 * by the performance section — with totals and the ranking, exported as the result table. The
 * item set may be edited before the first computation; a fully scored table is published
 * (locked) and may be withdrawn with a reason.
 */
export function AssessmentPage() {
  const { session } = useSession();
  const years = useApiQuery('years.list', {}, ['fiscal_years']);
  // The assessment looks back on a finished year: last year when the office has it, else this one.
  const lastYear = session.office.currentYear - 1;
  const [chosen, setYear] = useState<number | null>(null);
  const year = chosen ?? (years.data?.some((y) => y.year === lastYear) ? lastYear : session.office.currentYear);
  const yearOptions = useYearOptions(session.office.currentYear);
  const data = useApiQuery('assessment.get', { year }, TABLES);
  const a = data.data;
  const performance = session.user.role === 'performance';
  const computed = Boolean(a?.computedAt);
  const canEdit = performance && a?.status === 'draft' && computed;
  const [computing, setComputing] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [editingItems, setEditingItems] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);

  const publish = () =>
    modals.openConfirmModal({
      title: '发布考核结果', centered: true,
      children: <Text size="sm">发布后考核表锁定，不能重新计算或修改评分；如需修改，须撤回发布并说明原因。确定发布 {year} 年度考核结果？</Text>,
      labels: { confirm: '发布', cancel: '取消' },
      onConfirm: () => {
        call('assessment.publish', { year })
          .then((r) => notifySuccess(`已发布 ${r.rows.length} 个主管部门的考核结果。`, '考核结果已发布'))
          .catch(notifyError);
      },
    });

  const compute = async () => {
    setComputing(true);
    try {
      const r = await call('assessment.compute', { year });
      notifySuccess(`已计算 ${r.rows.length} 个主管部门的自动得分，人工评分保持不变。`, '考核得分已更新');
    } catch (err) {
      notifyError(err);
    } finally {
      setComputing(false);
    }
  };

  const exportTable = async () => {
    setExporting(true);
    try {
      const saved = await saveFile(await call('assessment.export', { year }));
      if (saved) notifySuccess(`已保存“${saved}”。`, '考核结果已导出');
    } catch (err) {
      notifyError(err);
    } finally {
      setExporting(false);
    }
  };

  const missing = a?.rows.reduce((n, r) => n + r.cells.filter((c) => c.needsManual).length, 0) ?? 0;

  return (
    <>
      <PageHeader
        title="绩效管理工作考核"
        description="按考核评分表对各主管部门（含下属单位）的预算绩效管理工作评分：能由数据计算的项目自动计分，其余由绩效股录入；按总分排名。"
        actions={
          <>
            <Select aria-label="考核年度" w={150} allowDeselect={false} data={yearOptions.map((y) => ({ ...y, label: `${y.value} 年度考核` }))} value={String(year)} onChange={(v) => v && setYear(Number(v))} />
            {performance && a?.itemsEditable ? (
              <Button variant="default" leftSection={<IconListDetails size={16} />} onClick={() => setEditingItems(true)} data-testid="assessment-edit-items">考核项目</Button>
            ) : null}
            {performance && a?.status !== 'published' ? (
              <Button leftSection={<IconCalculator size={16} />} loading={computing} onClick={() => void compute()}>
                {computed ? '刷新计算' : '计算'}
              </Button>
            ) : null}
            {performance && computed && a?.status === 'draft' ? (
              <Button color="teal" leftSection={<IconSend size={16} />} disabled={missing > 0} onClick={publish} data-testid="assessment-publish">发布</Button>
            ) : null}
            {performance && a?.status === 'published' ? (
              <Button color="orange" variant="light" leftSection={<IconArrowBackUp size={16} />} onClick={() => setWithdrawing(true)} data-testid="assessment-withdraw">撤回发布</Button>
            ) : null}
            <Button variant="default" leftSection={<IconDownload size={16} />} loading={exporting} disabled={!computed} onClick={() => void exportTable()}>导出结果</Button>
          </>
        }
      />
      {data.error ? <Alert color="red" mb="md">{data.error.message}</Alert> : null}
      {a && !computed ? (
        <Stack gap="sm">
          <Alert color="gray" icon={<IconInfoCircle size={16} />}>
            {year} 年度考核尚未计算{a.tableId ? '（考核项目已调整）' : ''}。{performance ? '可先调整考核项目，再点击“计算”按下表计分；计算后考核项目不能再调整。' : '请由绩效股计算。'}
          </Alert>
          <AssessmentItemsPreview items={a.items} />
        </Stack>
      ) : null}
      {a && computed ? (
        <Stack gap="sm">
          <AssessmentStatus a={a} />
          <Text size="sm" c="dimmed">
            {a.computedAt ? `最近计算：${a.computedAt.slice(0, 16).replace('T', ' ')}（${a.computedBy ?? ''}）` : ''}
            {missing > 0 ? `；尚有 ${missing} 项待人工评分` : '；全部评分完成'}
          </Text>
          <Table.ScrollContainer minWidth={1100}>
            <Table striped highlightOnHover withTableBorder verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={64}>排名</Table.Th>
                  <Table.Th>主管部门</Table.Th>
                  {a.items.map((i) => (
                    <Table.Th key={i.code} ta="right">
                      <Tooltip label={i.rule} multiline maw={360} withArrow>
                        <Stack gap={0} align="flex-end">
                          <Text size="sm" fw={600}>{i.label}</Text>
                          <Text size="xs" c="dimmed">{i.weight} 分 · {ASSESSMENT_SOURCE_LABELS[i.source]}</Text>
                        </Stack>
                      </Tooltip>
                    </Table.Th>
                  ))}
                  <Table.Th ta="right">总分</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {a.rows.map((r) => (
                  <Table.Tr key={r.unitId}>
                    <Table.Td>
                      <Badge circle size="lg" variant={r.rank <= 3 ? 'filled' : 'light'} color={RANK_COLORS[r.rank - 1] ?? 'gray'}>{r.rank}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>{r.unitName}</Text>
                      <Text size="xs" c="dimmed">{r.unitCode}</Text>
                    </Table.Td>
                    {r.cells.map((c) => {
                      const item = a.items.find((i) => i.code === c.itemCode);
                      return (
                        <Table.Td key={c.itemCode} ta="right">
                          {item ? <ScoreCell cell={c} canEdit={canEdit} onEdit={() => setEditing({ row: r, item, cell: c })} /> : null}
                        </Table.Td>
                      );
                    })}
                    <Table.Td ta="right">
                      <Text size="sm" fw={700} style={num}>{fmt(r.total)}</Text>
                      {r.complete ? null : <Text size="xs" c="red">未完成评分</Text>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" align="flex-start">
            <Text size="xs" c="dimmed">同分名次并列，并列者按单位编码排列。{canEdit ? '点击得分可录入或调整人工评分。' : ''}{performance && a.status === 'draft' && missing > 0 ? '全部评分完成后才能发布。' : ''}</Text>
            <AssessmentHistory a={a} />
          </Group>
        </Stack>
      ) : null}
      <ManualDialog year={year} editing={editing} onClose={() => setEditing(null)} />
      {a && editingItems ? <AssessmentItemsModal a={a} opened onClose={() => setEditingItems(false)} /> : null}
      <WithdrawModal year={year} opened={withdrawing} onClose={() => setWithdrawing(false)} />
    </>
  );
}
