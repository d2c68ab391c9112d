import { useMemo, useState } from 'react';
import { Button, Divider, Group, Modal, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import dayjs from 'dayjs';
import { RECTIFICATION_CATEGORY_CODES, RECTIFICATION_SOURCE_CODES, type RectificationCreateInput } from '../../../../shared/api/schemasResults.ts';
import { RECTIFICATION_CATEGORY_LABELS, RECTIFICATION_SOURCE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { parseWanToFen } from '../../../../shared/rules/money.ts';
import { call } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { ApiError } from '../../api/client.ts';
import { renderUnitOption, unitOptions, type UnitOption } from '../projects/projectUi.tsx';
import { moneyField } from './rectificationUi.ts';

const SOURCE_DATA = RECTIFICATION_SOURCE_CODES.map((s) => ({ value: s, label: RECTIFICATION_SOURCE_LABELS[s] }));
const CATEGORY_DATA = RECTIFICATION_CATEGORY_CODES.map((c) => ({ value: c, label: RECTIFICATION_CATEGORY_LABELS[c] }));
const DATE_PROPS = { valueFormat: 'YYYY-MM-DD', monthLabelFormat: 'YYYY年M月', yearLabelFormat: 'YYYY年', monthsListFormat: 'M月' } as const;

type Source = (typeof RECTIFICATION_SOURCE_CODES)[number];
type Category = (typeof RECTIFICATION_CATEGORY_CODES)[number];

/**
 * 新增整改事项: registers an item found outside monitoring (审计/巡察, 目标审核, 自评, 复核, 评价…)
 * with every SPEC §9.2 ledger field. The unit comes from the project when one is chosen.
 */
export function RectificationCreateModal({ opened, year, onClose }: { opened: boolean; year: number; onClose(): void }) {
  if (!opened) return null;
  return <CreateForm year={year} onClose={onClose} />;
}

function CreateForm({ year, onClose }: { year: number; onClose(): void }) {
  const [source, setSource] = useState<Source>('audit');
  const [sourceRef, setSourceRef] = useState('');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [projectId, setProjectId] = useState<string | null>(null);
  const [category, setCategory] = useState<Category>('funds');
  const [problem, setProblem] = useState('');
  const [requirement, setRequirement] = useState('');
  const [owner, setOwner] = useState('');
  const [responsiblePerson, setResponsiblePerson] = useState('');
  const [issuedOn, setIssuedOn] = useState<string | null>(dayjs().format('YYYY-MM-DD'));
  const [deadline, setDeadline] = useState<string | null>(dayjs().add(30, 'day').format('YYYY-MM-DD'));
  const [amount, setAmount] = useState('');
  const [recovered, setRecovered] = useState('');
  const [fiscalSuggestion, setFiscalSuggestion] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const units = useApiQuery('units.tree', {}, ['units']);
  const unitData = useMemo<UnitOption[]>(() => unitOptions(units.data), [units.data]);
  const projects = useApiQuery('projects.list', { year, ...(unitId ? { unitId } : {}), pageSize: 1000 }, ['projects'], { enabled: unitId !== null });
  const projectData = (projects.data?.rows ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }));
  const unitName = unitData.find((u) => u.value === unitId)?.label.replace(/^\S+\s/, '') ?? '';

  const submit = async () => {
    const a = moneyField(amount, parseWanToFen);
    const r = moneyField(recovered, parseWanToFen);
    const e: Record<string, string> = {};
    if (!unitId) e.unitId = '请选择整改单位';
    if (!problem.trim()) e.problem = '问题描述不能为空';
    if (!requirement.trim()) e.requirement = '整改要求不能为空';
    if (!(owner.trim() || unitName)) e.owner = '整改责任单位不能为空';
    if (!issuedOn) e.issuedOn = '请填写下发日期';
    if (!deadline) e.deadline = '请填写整改期限';
    else if (issuedOn && deadline < issuedOn) e.deadline = '整改期限不能早于下发日期';
    if (a.error) e.amountFen = a.error;
    if (r.error) e.recoveredFen = r.error;
    if (!e.amountFen && !e.recoveredFen && a.fen !== null && r.fen !== null && r.fen > a.fen) e.recoveredFen = '调减/收回金额不能超过涉及金额';
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    const input: RectificationCreateInput = {
      year, source, sourceRef, unitId, projectId, category, problem, requirement, owner: owner.trim() || unitName, responsiblePerson,
      issuedOn: issuedOn ?? '', deadline: deadline ?? '', amountFen: a.fen, recoveredFen: r.fen, fiscalSuggestion,
    };
    setBusy(true);
    try {
      const saved = await call('rectifications.create', input);
      notifySuccess(`已登记整改事项 ${saved.code}。`, '新增整改事项');
      onClose();
    } catch (err) {
      const fieldErrors = err instanceof ApiError ? Object.fromEntries((err.error.details ?? []).filter((d) => d.field).map((d) => [d.field ?? '', d.message])) : {};
      if (Object.keys(fieldErrors).length) setErrors(fieldErrors);
      else notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title="新增整改事项" size={760} closeOnClickOutside={false}>
      <Stack gap="sm">
        <SimpleGrid cols={2} spacing="sm">
          <Select label="来源环节" required allowDeselect={false} data={SOURCE_DATA} value={source} onChange={(v) => v && setSource(v as Source)} />
          <TextInput label="来源任务/报告" placeholder="如：县审计局审计报告〔2026〕12号" maxLength={200} value={sourceRef} onChange={(e) => setSourceRef(e.currentTarget.value)} />
          <Select
            label="整改单位"
            required
            searchable
            placeholder="选择单位"
            data={unitData}
            renderOption={({ option }) => renderUnitOption(option as UnitOption)}
            value={unitId}
            error={errors.unitId}
            onChange={(v) => {
              setUnitId(v);
              setProjectId(null);
            }}
          />
          <Select
            label="项目"
            description="涉及具体项目时选择；不选则为单位（部门整体）问题"
            searchable
            clearable
            disabled={!unitId}
            placeholder={unitId ? (projectData.length ? '选择项目' : `${year} 年度该单位没有项目`) : '先选择单位'}
            data={projectData}
            value={projectId}
            error={errors.projectId}
            onChange={setProjectId}
          />
          <Select label="问题类别" required allowDeselect={false} data={CATEGORY_DATA} value={category} onChange={(v) => v && setCategory(v as Category)} />
          <TextInput label="整改责任单位" placeholder={unitName || '默认为整改单位'} maxLength={80} value={owner} error={errors.owner} onChange={(e) => setOwner(e.currentTarget.value)} />
        </SimpleGrid>
        <Textarea label="问题描述" required autosize minRows={2} maxRows={6} maxLength={1000} value={problem} error={errors.problem} onChange={(e) => setProblem(e.currentTarget.value)} />
        <Textarea label="整改要求" required autosize minRows={2} maxRows={6} maxLength={1000} value={requirement} error={errors.requirement} onChange={(e) => setRequirement(e.currentTarget.value)} />
        <SimpleGrid cols={3} spacing="sm">
          <TextInput label="责任人" maxLength={40} value={responsiblePerson} error={errors.responsiblePerson} onChange={(e) => setResponsiblePerson(e.currentTarget.value)} />
          <DateInput label="下发日期" required {...DATE_PROPS} value={issuedOn} error={errors.issuedOn} onChange={setIssuedOn} />
          <DateInput label="整改期限" required {...DATE_PROPS} minDate={issuedOn ?? undefined} value={deadline} error={errors.deadline} onChange={setDeadline} />
        </SimpleGrid>
        <Divider label="资金" labelPosition="left" />
        <SimpleGrid cols={2} spacing="sm">
          <TextInput label="涉及金额" rightSection="万元" rightSectionWidth={44} inputMode="decimal" value={amount} error={errors.amountFen} onChange={(e) => setAmount(e.currentTarget.value)} />
          <TextInput label="调减/收回金额" rightSection="万元" rightSectionWidth={44} inputMode="decimal" value={recovered} error={errors.recoveredFen} onChange={(e) => setRecovered(e.currentTarget.value)} />
        </SimpleGrid>
        <Textarea label="财政调整建议" autosize minRows={2} maxRows={4} maxLength={1000} value={fiscalSuggestion} onChange={(e) => setFiscalSuggestion(e.currentTarget.value)} />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button loading={busy} onClick={() => void submit()}>登记</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
