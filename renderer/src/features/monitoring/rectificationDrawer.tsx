import { useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import { Alert, Anchor, Badge, Button, Divider, Drawer, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { IconLock, IconPaperclip } from '@tabler/icons-react';
import type { RectificationDto } from '../../../../shared/api/dtoMonitoring.ts';
import type { RectificationLedgerDto } from '../../../../shared/api/dtoResults.ts';
import { rectificationUpdateSchema } from '../../../../shared/api/schemasMonitoring.ts';
import { RECTIFICATION_CATEGORY_CODES } from '../../../../shared/api/schemasResults.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { RECTIFICATION_CATEGORY_LABELS, RECTIFICATION_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { formatWan, parseWanToFen } from '../../../../shared/rules/money.ts';
import { ApiError, call, pickFile, saveFile } from '../../api/client.ts';
import { useApiMutation } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { formatBytes, formatTime } from '../../components/format.ts';
import { applyApiErrors, zodValidate } from '../../components/zodForm.ts';
import { CLOSE_PROPS } from '../system/a11y.ts';
import { deadlineState, moneyField } from './rectificationUi.ts';
import { FINANCE_ROLES, RectificationStatusBadge, num, sourceLabel } from './warningUi.tsx';

type EditableStatus = RectificationDto['status'];
const STATUS_LABEL: Record<EditableStatus, string> = {
  open: RECTIFICATION_STATUS_LABELS.open,
  inProgress: RECTIFICATION_STATUS_LABELS.inProgress,
  done: '已完成（销号）',
  waived: RECTIFICATION_STATUS_LABELS.waived,
};

/**
 * The statuses the ledger lets an item move to (services/monitoringDecisions.ts): 未开始 → any;
 * 整改中 → 整改中, 已完成, 不予整改; 已完成 and 不予整改 are final, except that 绩效管理 may reopen
 * them as 整改中 after a 复核. Empty: nothing this user can change.
 */
function nextStatuses(from: EditableStatus, role: Role): EditableStatus[] {
  if (from === 'open') return ['open', 'inProgress', 'done', 'waived'];
  if (from === 'inProgress') return ['inProgress', 'done', 'waived'];
  return role === 'performance' ? [from, 'inProgress'] : [];
}

const categoryLabel = (c: string) => (c in RECTIFICATION_CATEGORY_LABELS ? RECTIFICATION_CATEGORY_LABELS[c as keyof typeof RECTIFICATION_CATEGORY_LABELS] : c);

interface FormValues {
  status: EditableStatus;
  progress: string;
  measures: string;
  closedOn: string | null;
}

/** Right-hand drawer: the item's facts, and for the finance bureau the form that records progress and closes it. */
export function RectificationDrawer({ item, onClose }: { item: RectificationLedgerDto | null; onClose(): void }) {
  return (
    <Drawer
      opened={item !== null}
      onClose={onClose}
      position="right"
      size={580}
      padding="md"
      closeButtonProps={CLOSE_PROPS}
      // A stray click beside the form must not throw away what was typed.
      closeOnClickOutside={false}
      title={
        item ? (
          <Group gap="xs">
            <Text fw={600}>整改事项</Text>
            <Text ff="monospace" c="dimmed">{item.code}</Text>
          </Group>
        ) : null
      }
    >
      {item ? <RectificationDetail key={`${item.id}:${item.rev}`} item={item} onClose={onClose} /> : null}
    </Drawer>
  );
}

function RectificationDetail({ item, onClose }: { item: RectificationLedgerDto; onClose(): void }) {
  const { session } = useSession();
  const statuses = nextStatuses(item.status, session.user.role);
  const canEdit = FINANCE_ROLES.includes(session.user.role) && !item.readOnly && statuses.length > 0;
  // Completion dates cannot lie in the future; read once when the drawer opens.
  const [today] = useState(() => dayjs().format('YYYY-MM-DD'));
  const d = deadlineState(item, today);
  const update = useApiMutation('rectifications.update', { quiet: true });
  const toInput = (v: FormValues) => ({ id: item.id, rev: item.rev, ...v, closedOn: v.status === 'done' ? v.closedOn : null });
  const form = useForm<FormValues>({
    initialValues: { status: item.status, progress: item.progress, measures: item.measures, closedOn: item.closedOn },
    validate: zodValidate<FormValues>(rectificationUpdateSchema, { toInput }),
  });

  const submit = form.onSubmit((values) => {
    update.mutate(toInput(values), {
      onSuccess: (saved) => {
        notifySuccess(`整改事项 ${saved.code} 已更新为“${RECTIFICATION_STATUS_LABELS[saved.status]}”。`, '已保存');
        onClose();
      },
      onError: (e) => {
        if (applyApiErrors(form, e).length === 0) notifyError(e);
      },
    });
  });

  const facts: [string, ReactNode][] = [
    ['来源', item.sourceRef ? `${sourceLabel(item.source)} · ${item.sourceRef}` : sourceLabel(item.source)],
    ['问题类别', categoryLabel(item.category)],
    ['项目 / 单位', (
      <Stack gap={0} key="t">
        <Text size="sm" fw={500}>{item.title}</Text>
        <Text size="xs" c="dimmed">{item.projectCode ? `${item.projectCode} · ` : ''}{item.unitName}</Text>
      </Stack>
    )],
    ['问题描述', <Text key="p" size="sm" style={{ whiteSpace: 'pre-wrap' }}>{item.problem}</Text>],
    ['整改要求', <Text key="r" size="sm" style={{ whiteSpace: 'pre-wrap' }}>{item.requirement}</Text>],
    ['主管部门', item.departmentName || '—'],
    ['整改责任单位', item.responsiblePerson ? `${item.owner || '—'}（责任人：${item.responsiblePerson}）` : item.owner || '—'],
    ['下发日期', <Text key="i" size="sm" style={num}>{item.issuedOn}</Text>],
    ['整改期限', (
      <Group key="d" gap="xs">
        <Text size="sm" style={num} c={d.overdueDays !== null ? 'red.7' : undefined} fw={d.overdueDays !== null ? 600 : undefined}>{item.deadline}</Text>
        {d.overdueDays !== null ? <Badge color="red" variant="filled" radius="sm">逾期 {d.overdueDays} 天</Badge> : null}
        {d.lateDays !== null ? <Badge color="orange" variant="light" radius="sm">逾期 {d.lateDays} 天完成</Badge> : null}
      </Group>
    )],
  ];
  if (item.amountFen !== null) facts.push(['涉及金额', <Text key="a" size="sm" style={num}>{formatWan(item.amountFen)} 万元</Text>]);
  if (item.recoveredFen !== null) facts.push(['调减/收回金额', <Text key="rc" size="sm" style={num}>{formatWan(item.recoveredFen)} 万元</Text>]);
  if (item.fiscalSuggestion) facts.push(['财政调整建议', <Text key="fs" size="sm" style={{ whiteSpace: 'pre-wrap' }}>{item.fiscalSuggestion}</Text>]);
  if (item.reviewOpinion) facts.push(['复核意见', <Text key="ro" size="sm" style={{ whiteSpace: 'pre-wrap' }}>{item.reviewOpinion}（{item.reviewer}{item.reviewedOn ? `，${item.reviewedOn}` : ''}）</Text>]);
  const ledgerEditable = FINANCE_ROLES.includes(session.user.role) && !item.readOnly;

  return (
    <Stack gap="md">
      <Group gap="xs">
        <RectificationStatusBadge item={item} />
        <Text size="xs" c="dimmed">最后更新 {formatTime(item.updatedAt)}</Text>
      </Group>
      <Table withTableBorder withColumnBorders verticalSpacing={6} layout="fixed">
        <Table.Tbody>
          {facts.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={116} bg="gray.0" style={{ verticalAlign: 'top' }}><Text size="sm" fw={500}>{label}</Text></Table.Th>
              <Table.Td>{typeof value === 'string' ? <Text size="sm">{value}</Text> : value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Divider label="整改情况" labelPosition="left" />
      {canEdit ? (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Select
              label="整改状态"
              required
              allowDeselect={false}
              data={statuses.map((v) => ({ value: v, label: STATUS_LABEL[v] }))}
              {...form.getInputProps('status')}
            />
            {form.values.status === 'done' ? (
              <DateInput
                label="完成日期"
                description="销号日期，用于判断是否按期完成整改"
                placeholder="选择日期"
                required
                valueFormat="YYYY-MM-DD"
                clearable
                maxDate={today}
                minDate={item.issuedOn}
                monthLabelFormat="YYYY年M月"
                yearLabelFormat="YYYY年"
                monthsListFormat="M月"
                {...form.getInputProps('closedOn')}
              />
            ) : null}
            {form.values.status === 'waived' && item.status !== 'waived' ? (
              <Text size="xs" c="dimmed">确定不予整改后事项即办结，办结日期记为今天。</Text>
            ) : null}
            <Textarea
              label={form.values.status === 'waived' ? '整改进展 / 不予整改的原因' : '整改进展'}
              required={form.values.status === 'waived'}
              placeholder={form.values.status === 'waived' ? '说明不予整改的理由和依据' : '已开展的整改工作和目前进度'}
              autosize
              minRows={3}
              maxRows={8}
              maxLength={2000}
              {...form.getInputProps('progress')}
            />
            <Textarea
              label="整改措施"
              placeholder="责任单位采取或拟采取的整改措施"
              autosize
              minRows={3}
              maxRows={8}
              maxLength={2000}
              {...form.getInputProps('measures')}
            />
            <Group justify="flex-end" gap="sm" mt="xs">
              <Button variant="default" onClick={onClose}>取消</Button>
              <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>保存</Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack gap="sm">
          {item.readOnly ? (
            <Alert variant="light" color="blue" icon={<IconLock size={16} />}>此事项由其他单位登记，在本单位只读。</Alert>
          ) : FINANCE_ROLES.includes(session.user.role) ? (
            <Alert variant="light" color="gray" icon={<IconLock size={16} />}>
              此事项已{item.status === 'done' ? '完成销号' : '确定不予整改'}，已办结。复核发现整改不到位时，可由绩效管理重新打开为“整改中”。
            </Alert>
          ) : (
            <Alert variant="light" color="gray" icon={<IconLock size={16} />}>整改情况由财政部门（绩效管理、业务股室）登记。</Alert>
          )}
          <ReadOnlyField label="整改进展" value={item.progress} />
          <ReadOnlyField label="整改措施" value={item.measures} />
          {item.closedOn ? <ReadOnlyField label="完成日期" value={item.closedOn} /> : null}
        </Stack>
      )}

      <Divider label="佐证材料" labelPosition="left" />
      <EvidenceList item={item} canAdd={ledgerEditable} />

      {ledgerEditable ? (
        <>
          <Divider label="台账信息与复核" labelPosition="left" />
          <LedgerForm item={item} />
        </>
      ) : null}
    </Stack>
  );
}

function EvidenceList({ item, canAdd }: { item: RectificationLedgerDto; canAdd: boolean }) {
  const [busy, setBusy] = useState(false);
  const add = async () => {
    const file = await pickFile('选择佐证材料', ['pdf', 'ofd', 'jpg', 'jpeg', 'png', 'doc', 'docx', 'xls', 'xlsx', 'zip']);
    if (!file) return;
    setBusy(true);
    try {
      await call('rectifications.addEvidence', { id: item.id, file });
      notifySuccess(`已上传“${file.name}”。`, '佐证材料');
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  const download = async (id: string) => {
    try {
      await saveFile(await call('attachments.get', { id }));
    } catch (err) {
      notifyError(err);
    }
  };
  return (
    <Stack gap="xs" data-testid="rectification-evidence">
      {item.evidence.length === 0 ? <Text size="sm" c="dimmed">尚无佐证材料</Text> : null}
      {item.evidence.map((a) => (
        <Group key={a.id} justify="space-between" wrap="nowrap">
          <Anchor component="button" type="button" size="sm" onClick={() => void download(a.id)}>{a.name}</Anchor>
          <Text size="xs" c="dimmed" style={num}>{formatBytes(a.size)} · {a.createdBy} · {formatTime(a.createdAt)}</Text>
        </Group>
      ))}
      {canAdd ? (
        <Group>
          <Button size="xs" variant="default" leftSection={<IconPaperclip size={14} />} loading={busy} onClick={() => void add()}>上传佐证材料</Button>
        </Group>
      ) : null}
    </Stack>
  );
}

const CATEGORY_DATA = RECTIFICATION_CATEGORY_CODES.map((c) => ({ value: c, label: RECTIFICATION_CATEGORY_LABELS[c] }));
/** 分 → the 万元 text of an input: two decimals, more only when the amount has them. */
const wanText = (fen: number | null) => (fen === null ? '' : formatWan(fen, 6).replace(/,/g, '').replace(/(\.\d\d\d*?)0+$/, '$1'));

/** The SPEC §9.2 fields beside the follow-up: 责任人, 来源任务/报告, money, 财政调整建议, 复核意见/复核人. */
function LedgerForm({ item }: { item: RectificationLedgerDto }) {
  const { session } = useSession();
  const [v, setV] = useState({
    category: item.category, responsiblePerson: item.responsiblePerson, sourceRef: item.sourceRef, amount: wanText(item.amountFen),
    recovered: wanText(item.recoveredFen), fiscalSuggestion: item.fiscalSuggestion, reviewOpinion: item.reviewOpinion, reviewer: item.reviewer,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (value: string) => setV((x) => ({ ...x, [k]: value }));
  const save = async () => {
    const a = moneyField(v.amount, parseWanToFen);
    const r = moneyField(v.recovered, parseWanToFen);
    const e: Record<string, string> = {};
    if (a.error) e.amountFen = a.error;
    if (r.error) e.recoveredFen = r.error;
    if (v.reviewOpinion.trim() && !v.reviewer.trim()) e.reviewer = '填写复核意见时请填写复核人';
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    try {
      const saved = await call('rectifications.saveLedger', {
        id: item.id, rev: item.rev, category: v.category as (typeof RECTIFICATION_CATEGORY_CODES)[number], responsiblePerson: v.responsiblePerson,
        departmentId: null, sourceRef: v.sourceRef, amountFen: a.fen, recoveredFen: r.fen, fiscalSuggestion: v.fiscalSuggestion,
        reviewOpinion: v.reviewOpinion, reviewer: v.reviewer,
      });
      notifySuccess(`整改事项 ${saved.code} 的台账信息已保存。`, '已保存');
    } catch (err) {
      const fields = err instanceof ApiError ? (err.error.details ?? []).filter((d) => d.field) : [];
      if (fields.length) setErrors(Object.fromEntries(fields.map((d) => [d.field ?? '', d.message])));
      else notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm" data-testid="rectification-ledger-form">
      <SimpleGrid cols={2} spacing="sm">
        <Select label="问题类别" allowDeselect={false} data={CATEGORY_DATA} value={v.category} onChange={(x) => x && set('category')(x)} />
        <TextInput label="责任人" maxLength={40} value={v.responsiblePerson} onChange={(e) => set('responsiblePerson')(e.currentTarget.value)} />
      </SimpleGrid>
      <TextInput label="来源任务/报告" maxLength={200} value={v.sourceRef} onChange={(e) => set('sourceRef')(e.currentTarget.value)} />
      <SimpleGrid cols={2} spacing="sm">
        <TextInput label="涉及金额" rightSection="万元" rightSectionWidth={44} value={v.amount} error={errors.amountFen} onChange={(e) => set('amount')(e.currentTarget.value)} />
        <TextInput label="调减/收回金额" rightSection="万元" rightSectionWidth={44} value={v.recovered} error={errors.recoveredFen} onChange={(e) => set('recovered')(e.currentTarget.value)} />
      </SimpleGrid>
      <Textarea label="财政调整建议" autosize minRows={2} maxRows={5} maxLength={1000} value={v.fiscalSuggestion} onChange={(e) => set('fiscalSuggestion')(e.currentTarget.value)} />
      <Textarea label="复核意见" autosize minRows={2} maxRows={5} maxLength={2000} value={v.reviewOpinion} onChange={(e) => set('reviewOpinion')(e.currentTarget.value)} />
      <Group align="flex-end" gap="sm">
        <TextInput
          label="复核人"
          maxLength={40}
          w={200}
          value={v.reviewer}
          error={errors.reviewer}
          placeholder={session.user.displayName}
          onChange={(e) => set('reviewer')(e.currentTarget.value)}
          onFocus={() => !v.reviewer && v.reviewOpinion && set('reviewer')(session.user.displayName)}
        />
        <Button ml="auto" loading={busy} onClick={() => void save()}>保存台账信息</Button>
      </Group>
    </Stack>
  );
}

function ReadOnlyField({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>{label}</Text>
      <Text size="sm" c={value ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap' }}>{value || '尚未填写'}</Text>
    </Stack>
  );
}
