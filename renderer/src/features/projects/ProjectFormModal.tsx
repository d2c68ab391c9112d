import { useMemo, useState } from 'react';
import {
  ActionIcon, Alert, Button, Divider, Group, Modal, MultiSelect, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea, Tooltip,
} from '@mantine/core';
import { MonthPickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconCopy } from '@tabler/icons-react';
import type { ProjectDto } from '../../../../shared/api/dtoGoals.ts';
import { projectFieldsSchema } from '../../../../shared/api/schemasGoals.ts';
import { PROJECT_TYPES, type ProjectTypeCode } from '../../../../shared/domain/indicators.ts';
import {
  BUDGET_TYPE_LABELS, BUDGET_TYPES, FUND_TAG_LABELS, FUND_TAGS, OBJECT_TYPE_LABELS, OBJECT_TYPES, PROJECT_ATTRIBUTE_LABELS, PROJECT_ATTRIBUTES,
  type BudgetType, type FundTag, type ProjectAttribute,
} from '../../../../shared/domain/projects.ts';
import { formatWan, parseWanToFen } from '../../../../shared/rules/money.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { applyApiErrors, zodValidate, type FormErrors } from '../../components/zodForm.ts';
import { CLOSE_PROPS } from '../system/a11y.ts';
import { renderUnitOption, unitOptions, type UnitOption } from './projectUi.tsx';

/** A new project for a year, or changes to an existing one (sent with its revision). */
export type ProjectFormTarget = { kind: 'create'; year: number } | { kind: 'edit'; project: ProjectDto };

type SplitKey = 'fiscalFen' | 'carryoverFen' | 'otherFen';
type SplitText = Record<SplitKey, string>;

/** Amounts are typed in 万元 as text and converted to 分 only for validation and sending. */
interface ProjectFormValues {
  code: string;
  name: string;
  unitId: string | null;
  objectType: (typeof OBJECT_TYPES)[number];
  attribute: ProjectAttribute;
  category: string;
  projectType: ProjectTypeCode;
  budgetType: BudgetType | null;
  tags: FundTag[];
  /** MonthPickerInput's value: 'YYYY-MM-01'. */
  startMonth: string | null;
  endMonth: string | null;
  initial: SplitText;
  annual: SplitText;
  midTermTotalFen: string;
  midYearAddition: boolean;
  newMajor: boolean;
  confidential: boolean;
  manager: string;
  phone: string;
  basis: string;
}

const SPLIT_KEYS: SplitKey[] = ['fiscalFen', 'carryoverFen', 'otherFen'];
const SPLIT_LABELS: Record<SplitKey, string> = { fiscalFen: '财政拨款', carryoverFen: '上年结转', otherFen: '其他资金' };
const AMOUNT_PATHS = [...SPLIT_KEYS.map((k) => `initial.${k}`), ...SPLIT_KEYS.map((k) => `annual.${k}`), 'midTermTotalFen'];

const OBJECT_OPTIONS = OBJECT_TYPES.map((o) => ({ value: o, label: OBJECT_TYPE_LABELS[o] }));
const ATTRIBUTE_OPTIONS = PROJECT_ATTRIBUTES.map((a) => ({ value: a, label: PROJECT_ATTRIBUTE_LABELS[a] }));
const BUDGET_OPTIONS = BUDGET_TYPES.map((b) => ({ value: b, label: BUDGET_TYPE_LABELS[b] }));
const TAG_OPTIONS = FUND_TAGS.map((t) => ({ value: t, label: FUND_TAG_LABELS[t] }));
// 部门整体 goals belong to units, not projects.
const PROJECT_TYPE_OPTIONS = (Object.keys(PROJECT_TYPES) as ProjectTypeCode[])
  .filter((t) => t !== 'unitOverall')
  .map((t) => ({ value: t, label: PROJECT_TYPES[t] }));

/** '' counts as 0 (officers leave 上年结转 blank); anything unreadable is null. */
function textToFen(text: string): number | null {
  return text.trim() === '' ? 0 : parseWanToFen(text);
}

function amountProblem(text: string): string | null {
  if (text.trim() === '') return null;
  const fen = parseWanToFen(text);
  if (fen === null) return '请输入以万元为单位的金额，最多 6 位小数（精确到分）';
  if (fen < 0) return '金额不能为负数';
  return null;
}

const fenToText = (fen: number) => (fen === 0 ? '' : formatWan(fen, 6).replace(/,/g, '').replace(/\.?0+$/, ''));
const splitText = (s: { fiscalFen: number; carryoverFen: number; otherFen: number }): SplitText => ({
  fiscalFen: fenToText(s.fiscalFen),
  carryoverFen: fenToText(s.carryoverFen),
  otherFen: fenToText(s.otherFen),
});
const monthToPicker = (m: string | null) => (m ? `${m}-01` : null);
const pickerToMonth = (v: string | null) => (v ? v.slice(0, 7) : null);

function toInput(v: ProjectFormValues) {
  const split = (s: SplitText) => ({
    fiscalFen: textToFen(s.fiscalFen) ?? Number.NaN,
    carryoverFen: textToFen(s.carryoverFen) ?? Number.NaN,
    otherFen: textToFen(s.otherFen) ?? Number.NaN,
  });
  return {
    code: v.code,
    name: v.name,
    unitId: v.unitId ?? '',
    objectType: v.objectType,
    attribute: v.attribute,
    category: v.category,
    projectType: v.projectType,
    budgetType: v.budgetType ?? undefined,
    tags: v.tags,
    startMonth: pickerToMonth(v.startMonth),
    endMonth: pickerToMonth(v.endMonth),
    initial: split(v.initial),
    annual: split(v.annual),
    midTermTotalFen: v.midTermTotalFen.trim() === '' ? null : (parseWanToFen(v.midTermTotalFen) ?? Number.NaN),
    midYearAddition: v.midYearAddition,
    newMajor: v.newMajor,
    confidential: v.confidential,
    manager: v.manager,
    phone: v.phone,
    basis: v.basis,
  };
}

const schemaErrors = zodValidate<ProjectFormValues>(projectFieldsSchema, { toInput });

/** The shared schema's messages, with clearer ones where the form knows more (万元 text, unit picker). */
function validate(v: ProjectFormValues): FormErrors {
  const errors = schemaErrors(v);
  for (const path of AMOUNT_PATHS) {
    const text = path === 'midTermTotalFen' ? v.midTermTotalFen : path.startsWith('initial.') ? v.initial[path.slice(8) as SplitKey] : v.annual[path.slice(7) as SplitKey];
    const problem = amountProblem(text);
    if (problem) errors[path] = problem;
  }
  if (!v.unitId) errors.unitId = '请选择单位';
  return errors;
}

function initialValues(target: ProjectFormTarget): ProjectFormValues {
  if (target.kind === 'edit') {
    const p = target.project;
    return {
      code: p.code,
      name: p.name,
      unitId: p.unitId,
      objectType: p.objectType,
      attribute: p.attribute,
      category: p.category,
      projectType: p.projectType,
      budgetType: p.budgetType,
      tags: [...p.tags],
      startMonth: monthToPicker(p.startMonth),
      endMonth: monthToPicker(p.endMonth),
      initial: splitText(p.initial),
      annual: splitText(p.annual),
      midTermTotalFen: p.midTermTotalFen === null ? '' : fenToText(p.midTermTotalFen),
      midYearAddition: p.midYearAddition,
      newMajor: p.newMajor,
      confidential: p.confidential,
      manager: p.manager,
      phone: p.phone,
      basis: p.basis,
    };
  }
  const empty: SplitText = { fiscalFen: '', carryoverFen: '', otherFen: '' };
  return {
    code: '', name: '', unitId: null, objectType: 'project', attribute: 'new', category: '', projectType: 'general', budgetType: 'general', tags: [],
    startMonth: null, endMonth: null, initial: { ...empty }, annual: { ...empty }, midTermTotalFen: '',
    midYearAddition: false, newMajor: false, confidential: false, manager: '', phone: '', basis: '',
  };
}

export function ProjectFormModal({ opened, target, onClose, onSaved }: {
  opened: boolean;
  target: ProjectFormTarget | null;
  onClose(): void;
  onSaved?(project: ProjectDto): void;
}) {
  const title = !target ? '' : target.kind === 'edit' ? `编辑项目：${target.project.name}` : `新增项目（${target.year} 年度）`;
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{title}</Text>} size={880} centered closeOnClickOutside={false} closeButtonProps={CLOSE_PROPS}>
      {target ? (
        <ProjectForm
          key={target.kind === 'edit' ? target.project.id : `new-${target.year}`}
          target={target}
          onClose={onClose}
          onSaved={onSaved}
        />
      ) : null}
    </Modal>
  );
}

function ProjectForm({ target, onClose, onSaved }: { target: ProjectFormTarget; onClose(): void; onSaved: ((p: ProjectDto) => void) | undefined }) {
  const create = useApiMutation('projects.create', { quiet: true });
  const update = useApiMutation('projects.update', { quiet: true });
  const units = useApiQuery('units.tree', {}, ['units']);
  const form = useForm<ProjectFormValues>({ mode: 'controlled', initialValues: initialValues(target), validate });
  const editing = target.kind === 'edit' ? target.project : null;
  // The revision the officer started from: if someone else saves meanwhile, the backend refuses
  // this save (CONFLICT) instead of silently overwriting their change with stale values.
  const [baseRev] = useState(editing?.rev ?? 0);

  const options = useMemo<UnitOption[]>(() => {
    // A project is registered under one of this office's active units; keep the current unit listed when editing.
    return unitOptions(units.data?.filter((u) => (!u.readOnly && u.active) || u.id === editing?.unitId));
  }, [units.data, editing?.unitId]);

  const v = form.getValues();
  const total = (s: SplitText): string => {
    const parts = SPLIT_KEYS.map((k) => textToFen(s[k]));
    if (parts.some((p) => p === null || p < 0)) return '—';
    return formatWan(parts.reduce<number>((a, p) => a + (p ?? 0), 0));
  };

  // The backend names fields by the schema's paths, which are the form's paths too; anything
  // else (e.g. 该项目已被他人修改 on a stale revision) becomes the usual notification.
  const onError = (e: unknown) => {
    if (applyApiErrors(form, e).length === 0) notifyError(e);
  };

  const submit = form.onSubmit((values) => {
    const input = projectFieldsSchema.parse(toInput(values));
    if (editing) {
      update.mutate(
        { ...input, id: editing.id, rev: baseRev },
        {
          onSuccess: (p) => {
            notifySuccess(`已保存项目“${p.name}”。`);
            onSaved?.(p);
            onClose();
          },
          onError,
        },
      );
    } else if (target.kind === 'create') {
      create.mutate(
        { ...input, year: target.year },
        {
          onSuccess: (p) => {
            notifySuccess(`已新增项目“${p.code} ${p.name}”。`);
            onSaved?.(p);
            onClose();
          },
          onError,
        },
      );
    }
  });

  const copyInitial = () => {
    for (const k of SPLIT_KEYS) form.setFieldValue(`annual.${k}`, v.initial[k]);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {editing?.readOnly ? (
          <Alert color="gray" variant="light" icon={<IconAlertTriangle size={18} />}>该项目来自其他单位的同步数据，只能查看。</Alert>
        ) : null}
        <SimpleGrid cols={3} spacing="sm">
          <TextInput label="项目编码" description="本年度内唯一，导入时按编码匹配" withAsterisk maxLength={40} data-autofocus {...form.getInputProps('code')} />
          <Select
            label="预算类型"
            description="四本预算之一"
            withAsterisk
            allowDeselect={false}
            data={BUDGET_OPTIONS}
            {...form.getInputProps('budgetType')}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>对象类型</Text>
            <Text size="xs" c="dimmed">项目支出或政策</Text>
            <SegmentedControl data={OBJECT_OPTIONS} {...form.getInputProps('objectType')} />
          </Stack>
        </SimpleGrid>
        <TextInput label="项目名称" withAsterisk maxLength={100} {...form.getInputProps('name')} />
        <Select
          label="单位"
          description="项目所属的预算单位（可选二级预算单位）"
          withAsterisk
          searchable
          nothingFoundMessage="没有符合条件的单位"
          placeholder={units.isPending ? '正在读取单位……' : '选择或输入编码、名称查找'}
          data={options}
          renderOption={({ option }) => renderUnitOption(option as UnitOption)}
          maxDropdownHeight={320}
          {...form.getInputProps('unitId')}
        />
        <SimpleGrid cols={3} spacing="sm">
          <Select label="项目属性" description="新增、延续或到期拟延续" withAsterisk allowDeselect={false} data={ATTRIBUTE_OPTIONS} {...form.getInputProps('attribute')} />
          <Select label="项目类型" description="决定推荐的指标" allowDeselect={false} data={PROJECT_TYPE_OPTIONS} {...form.getInputProps('projectType')} />
          <TextInput label="项目类别" description="如：民生类、基础设施类" maxLength={40} {...form.getInputProps('category')} />
        </SimpleGrid>
        <MultiSelect
          label="资金性质"
          description="可多选，如同时为专项债券和政府采购"
          placeholder={v.tags.length === 0 ? '未标注' : undefined}
          data={TAG_OPTIONS}
          clearable
          hidePickedOptions
          {...form.getInputProps('tags')}
        />
        <SimpleGrid cols={3} spacing="sm">
          <MonthPickerInput
            label="开始年月"
            description="实施周期的起点"
            placeholder="选择年月"
            valueFormat="YYYY-MM"
            clearable
            monthsListFormat="M月"
            yearLabelFormat="YYYY年"
            decadeLabelFormat="YYYY"
            {...form.getInputProps('startMonth')}
          />
          <MonthPickerInput
            label="结束年月"
            description="实施周期的终点"
            placeholder="选择年月"
            valueFormat="YYYY-MM"
            clearable
            monthsListFormat="M月"
            yearLabelFormat="YYYY年"
            decadeLabelFormat="YYYY"
            {...form.getInputProps('endMonth')}
          />
          <TextInput
            label="中期资金总额（万元）"
            description="跨年度项目填写"
            inputMode="decimal"
            styles={{ input: { textAlign: 'right' } }}
            {...form.getInputProps('midTermTotalFen')}
          />
        </SimpleGrid>

        <Divider label="资金安排（万元，最多 6 位小数）" labelPosition="left" mt="xs" />
        <Table withTableBorder withColumnBorders verticalSpacing={4} horizontalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={130} />
              {SPLIT_KEYS.map((k) => <Table.Th key={k} ta="center">{SPLIT_LABELS[k]}</Table.Th>)}
              <Table.Th ta="center" w={150}>合计</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(['initial', 'annual'] as const).map((row) => (
              <Table.Tr key={row}>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Text size="sm" fw={500}>{row === 'initial' ? '年初预算数' : '全年预算数'}</Text>
                    {row === 'annual' ? (
                      <Tooltip label="按年初预算数填写" withinPortal>
                        <ActionIcon size="sm" variant="subtle" color="gray" aria-label="全年预算数按年初预算数填写" onClick={copyInitial}>
                          <IconCopy size={14} />
                        </ActionIcon>
                      </Tooltip>
                    ) : null}
                  </Group>
                </Table.Td>
                {SPLIT_KEYS.map((k) => (
                  <Table.Td key={k}>
                    <TextInput
                      aria-label={`${row === 'initial' ? '年初预算数' : '全年预算数'}：${SPLIT_LABELS[k]}（万元）`}
                      placeholder="0.00"
                      inputMode="decimal"
                      size="xs"
                      styles={{ input: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' } }}
                      {...form.getInputProps(`${row}.${k}`)}
                    />
                  </Table.Td>
                ))}
                <Table.Td ta="right">
                  <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>{total(v[row])}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>

        <Group gap="xl" mt="xs">
          <Switch label="年中追加项目" description="年中追加的项目须先有绩效目标才能批复" {...form.getInputProps('midYearAddition', { type: 'checkbox' })} />
          <Switch label="新增重大项目" description="须完成事前绩效评估" {...form.getInputProps('newMajor', { type: 'checkbox' })} />
          <Switch label="涉密项目" description="不纳入信息公开" {...form.getInputProps('confidential', { type: 'checkbox' })} />
        </Group>

        <SimpleGrid cols={2} spacing="sm" mt="xs">
          <TextInput label="项目负责人" maxLength={30} {...form.getInputProps('manager')} />
          <TextInput label="联系电话" maxLength={30} {...form.getInputProps('phone')} />
        </SimpleGrid>
        <Textarea label="立项依据" description="政策文件、会议纪要等" autosize minRows={2} maxRows={6} maxLength={2000} {...form.getInputProps('basis')} />

        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button type="submit" loading={create.isPending || update.isPending} disabled={editing?.readOnly}>保存</Button>
        </Group>
      </Stack>
    </form>
  );
}
