import { useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Modal, Paper, Select, SimpleGrid, Stack, Tabs, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import dayjs from 'dayjs';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconAlertTriangle, IconLock, IconPlus, IconTrash } from '@tabler/icons-react';
import type { DisclosureCandidateDto, DisclosureChannel, DisclosureDto, DisclosureObjectType } from '../../../../shared/api/dtoResults.ts';
import { DISCLOSURE_CHANNELS } from '../../../../shared/api/schemasResults.ts';
import { DISCLOSURE_CHANNEL_LABELS, DISCLOSURE_OBJECT_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { ApiError, call } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useYearOptions } from '../goals/useYearOptions.ts';
import { renderUnitOption, unitOptions, type UnitOption } from '../projects/projectUi.tsx';

const TABLES = ['disclosures', 'goal_sheets', 'self_evaluations', 'projects', 'units'];
const num = { fontVariantNumeric: 'tabular-nums' } as const;
const CHANNEL_DATA = DISCLOSURE_CHANNELS.map((c) => ({ value: c, label: DISCLOSURE_CHANNEL_LABELS[c] }));
const FINANCE = ['performance', 'business'];
const fmtRate = (r: number | null) => (r === null ? '—' : `${r.toFixed(2)}%`);

/** What is being registered: a candidate object, or a free entry (评价报告 / 部门整体) for a unit. */
type Target = { kind: 'object'; candidate: DisclosureCandidateDto } | { kind: 'free' };

/**
 * 信息公开 (SPEC §9.3): the register of what was published (绩效目标 with the budget, 自评结果
 * and 评价报告 with the final accounts), when and where, and the disclosure rate. 涉密 units and
 * projects are not offered and not counted.
 */
export function DisclosurePage() {
  const { session } = useSession();
  const [year, setYear] = useState(session.office.currentYear);
  const yearOptions = useYearOptions(session.office.currentYear);
  const list = useApiQuery('results.disclosures', { year }, TABLES);
  const rate = useApiQuery('results.disclosureRate', { year }, TABLES);
  const canEdit = FINANCE.includes(session.user.role);
  const [target, setTarget] = useState<Target | null>(null);
  const [tab, setTab] = useState<string | null>('register');

  const remove = async (d: DisclosureDto) => {
    try {
      await call('results.removeDisclosure', { id: d.id });
      notifySuccess(`已删除“${d.title}”的公开登记。`, '已删除');
    } catch (err) {
      notifyError(err);
    }
  };

  const registerColumns: DataTableColumn<DisclosureDto>[] = [
    { accessor: 'publishedOn', title: '公开日期', width: 104, render: (d) => <Text size="sm" style={num}>{d.publishedOn}</Text> },
    { accessor: 'objectType', title: '公开内容', width: 120, render: (d) => <Badge variant="light" radius="sm">{DISCLOSURE_OBJECT_LABELS[d.objectType]}</Badge> },
    {
      accessor: 'title',
      title: '标题 / 单位',
      render: (d) => (
        <Stack gap={0}>
          <Text size="sm" fw={500} lineClamp={1}>{d.title}</Text>
          <Text size="xs" c="dimmed">{d.projectCode ? `${d.projectCode} · ` : ''}{d.unitName}</Text>
        </Stack>
      ),
    },
    { accessor: 'channel', title: '公开方式', width: 130, render: (d) => <Text size="sm">{DISCLOSURE_CHANNEL_LABELS[d.channel]}</Text> },
    { accessor: 'location', title: '公开位置（网址或文号）', render: (d) => <Text size="sm" lineClamp={2} style={{ wordBreak: 'break-all' }}>{d.location}</Text> },
    { accessor: 'createdBy', title: '登记人', width: 100, render: (d) => <Text size="sm">{d.createdBy}</Text> },
    {
      accessor: 'id',
      title: '',
      width: 48,
      render: (d) => (canEdit && !d.readOnly ? (
        <Tooltip label="删除登记">
          <ActionIcon variant="subtle" color="red" aria-label={`删除“${d.title}”的公开登记`} onClick={() => void remove(d)}><IconTrash size={16} /></ActionIcon>
        </Tooltip>
      ) : null),
    },
  ];

  const candidateColumns: DataTableColumn<DisclosureCandidateDto>[] = [
    { accessor: 'objectType', title: '公开内容', width: 120, render: (c) => <Badge variant="outline" radius="sm">{DISCLOSURE_OBJECT_LABELS[c.objectType]}</Badge> },
    {
      accessor: 'title',
      title: '对象',
      render: (c) => (
        <Stack gap={0}>
          <Text size="sm" fw={500}>{c.title}</Text>
          <Text size="xs" c="dimmed">{c.projectCode ? `${c.projectCode} · ` : ''}{c.unitName}</Text>
        </Stack>
      ),
    },
    {
      accessor: 'objectId',
      title: '',
      width: 120,
      render: (c) => (canEdit ? <Button size="xs" variant="light" onClick={() => setTarget({ kind: 'object', candidate: c })}>登记公开</Button> : null),
    },
  ];

  const r = rate.data;
  return (
    <Stack gap="md">
      <PageHeader
        title="信息公开"
        description="登记绩效目标、自评结果和评价报告的公开情况（时间、方式、网址或文号），统计公开率。涉密单位和涉密项目不予公开，不计入公开率。"
        actions={
          <>
            <Select aria-label="年度" w={130} allowDeselect={false} data={yearOptions} value={String(year)} onChange={(v) => v && setYear(Number(v))} />
            {canEdit ? <Button leftSection={<IconPlus size={16} />} variant="default" onClick={() => setTarget({ kind: 'free' })}>登记评价报告等</Button> : null}
          </>
        }
      />
      <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="md" data-testid="disclosure-rates">
        <Paper withBorder radius="md" px="md" py="sm">
          <Text size="sm" c="dimmed" fw={500}>总体公开率</Text>
          <Text fw={700} fz={24} style={num}>{r ? fmtRate(r.overall.rate) : '—'}</Text>
          <Text size="xs" c="dimmed">{r ? `已公开 ${r.overall.disclosed} ÷ 应公开 ${r.overall.disclosable}（目标表、自评结果）` : ''}</Text>
        </Paper>
        {(r?.byType ?? []).filter((t) => t.disclosable !== null).map((t) => (
          <Paper key={t.objectType} withBorder radius="md" px="md" py="sm">
            <Text size="sm" c="dimmed" fw={500}>{DISCLOSURE_OBJECT_LABELS[t.objectType]}公开率</Text>
            <Text fw={700} fz={24} style={num}>{fmtRate(t.rate)}</Text>
            <Text size="xs" c="dimmed">{t.disclosed} ÷ {t.disclosable}</Text>
          </Paper>
        ))}
        <Paper withBorder radius="md" px="md" py="sm">
          <Group gap={4}><IconLock size={14} /><Text size="sm" c="dimmed" fw={500}>涉密不予公开</Text></Group>
          <Text fw={700} fz={24} style={num}>{r ? `${r.excludedConfidential} 项` : '—'}</Text>
          <Text size="xs" c="dimmed">
            {r ? r.byType.filter((t) => t.disclosable === null).map((t) => `${DISCLOSURE_OBJECT_LABELS[t.objectType]}已登记 ${t.disclosed} 项`).join('；') : ''}
          </Text>
        </Paper>
      </SimpleGrid>

      {list.isError ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="无法读取公开登记">{list.error.message}</Alert>
      ) : (
        <Tabs value={tab} onChange={setTab}>
          <Tabs.List>
            <Tabs.Tab value="register">公开登记 {list.data ? `(${list.data.rows.length})` : ''}</Tabs.Tab>
            <Tabs.Tab value="candidates">待公开 {list.data ? `(${list.data.candidates.length})` : ''}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="register" pt="sm">
            <Paper withBorder radius="md" p={0} style={{ overflow: 'hidden' }}>
              <DataTable<DisclosureDto>
                striped
                verticalSpacing={7}
                horizontalSpacing="xs"
                minHeight={list.data?.rows.length ? undefined : 200}
                fetching={list.isFetching}
                noRecordsText={`${year} 年度还没有公开登记`}
                records={list.data?.rows ?? []}
                columns={registerColumns}
              />
            </Paper>
          </Tabs.Panel>
          <Tabs.Panel value="candidates" pt="sm">
            <Paper withBorder radius="md" p={0} style={{ overflow: 'hidden' }}>
              <DataTable<DisclosureCandidateDto>
                striped
                verticalSpacing={7}
                horizontalSpacing="xs"
                minHeight={list.data?.candidates.length ? undefined : 200}
                fetching={list.isFetching}
                noRecordsText="已批复的绩效目标表和经财政验收的自评结果均已登记公开"
                records={list.data?.candidates ?? []}
                idAccessor="objectId"
                columns={candidateColumns}
              />
            </Paper>
          </Tabs.Panel>
        </Tabs>
      )}
      {target ? <RegisterModal target={target} year={year} onClose={() => setTarget(null)} /> : null}
    </Stack>
  );
}

function RegisterModal({ target, year, onClose }: { target: Target; year: number; onClose(): void }) {
  const object = target.kind === 'object' ? target.candidate : null;
  const [objectType, setObjectType] = useState<DisclosureObjectType>(object?.objectType ?? 'evaluationReport');
  const [unitId, setUnitId] = useState<string | null>(object?.unitId ?? null);
  const [title, setTitle] = useState(object?.title ?? '');
  const [channel, setChannel] = useState<DisclosureChannel>(object?.objectType === 'selfEvaluation' ? 'withFinalAccounts' : 'withBudget');
  const [publishedOn, setPublishedOn] = useState<string | null>(dayjs().format('YYYY-MM-DD'));
  const [location, setLocation] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const units = useApiQuery('units.tree', {}, ['units'], { enabled: object === null });
  const unitData = useMemo<UnitOption[]>(() => unitOptions(units.data), [units.data]);

  const submit = async () => {
    const e: Record<string, string> = {};
    if (!object && !unitId) e.unitId = '请选择单位';
    if (!object && !title.trim()) e.title = '请填写公开标题';
    if (!publishedOn) e.publishedOn = '请填写公开日期';
    if (!location.trim()) e.location = '请填写网址或文号';
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    try {
      await call('results.addDisclosure', {
        year, objectType, objectId: object?.objectId ?? null, unitId: object ? null : unitId, title, publishedOn: publishedOn ?? '', channel, location, note,
      });
      notifySuccess(`已登记“${title || object?.title || ''}”的公开情况。`, '信息公开');
      onClose();
    } catch (err) {
      const fields = err instanceof ApiError ? (err.error.details ?? []).filter((d) => d.field) : [];
      if (fields.length) setErrors(Object.fromEntries(fields.map((d) => [d.field ?? '', d.message])));
      else notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title="登记信息公开" size={600} closeOnClickOutside={false}>
      <Stack gap="sm">
        {object ? (
          <Paper withBorder radius="sm" p="xs" bg="gray.0">
            <Text size="sm" fw={500}>{object.title}</Text>
            <Text size="xs" c="dimmed">{DISCLOSURE_OBJECT_LABELS[object.objectType]} · {object.projectCode ? `${object.projectCode} · ` : ''}{object.unitName}</Text>
          </Paper>
        ) : (
          <>
            <Select
              label="公开内容"
              allowDeselect={false}
              data={(['evaluationReport', 'unitOverall'] as const).map((t) => ({ value: t, label: DISCLOSURE_OBJECT_LABELS[t] }))}
              value={objectType}
              onChange={(v) => v && setObjectType(v as DisclosureObjectType)}
            />
            <Select
              label="单位"
              required
              searchable
              data={unitData}
              renderOption={({ option }) => renderUnitOption(option as UnitOption)}
              value={unitId}
              error={errors.unitId}
              onChange={setUnitId}
            />
            <TextInput label="公开标题" required maxLength={200} value={title} error={errors.title} onChange={(e) => setTitle(e.currentTarget.value)} placeholder="如：2025年度基层医疗设备更新项目绩效评价报告" />
          </>
        )}
        <SimpleGrid cols={2} spacing="sm">
          <Select label="公开方式" required allowDeselect={false} data={CHANNEL_DATA} value={channel} error={errors.channel} onChange={(v) => v && setChannel(v as DisclosureChannel)} />
          <DateInput label="公开日期" required valueFormat="YYYY-MM-DD" maxDate={dayjs().format('YYYY-MM-DD')} value={publishedOn} error={errors.publishedOn} onChange={setPublishedOn} monthLabelFormat="YYYY年M月" yearLabelFormat="YYYY年" monthsListFormat="M月" />
        </SimpleGrid>
        <TextInput label="公开位置" description="网址（URL）或公开文件的文号" required maxLength={500} value={location} error={errors.location} onChange={(e) => setLocation(e.currentTarget.value)} />
        <Textarea label="备注" autosize minRows={2} maxRows={4} maxLength={1000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        {errors.objectId ? <Alert color="red" variant="light">{errors.objectId}</Alert> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button loading={busy} onClick={() => void submit()}>登记</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
