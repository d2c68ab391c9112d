import {
  Alert, Button, Checkbox, Grid, Group, Input, Modal, NumberInput, SegmentedControl, Select, Stack, Switch, Text, TextInput, Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import type { LibraryEntryDto } from '../../../../shared/api/dtoGoals.ts';
import {
  APPLIES_TO, APPLIES_TO_LABELS, LEVEL1, LEVEL2, LIBRARY_KINDS, LIBRARY_KIND_LABELS, OPERATORS, OPERATOR_LABELS, VALUE_BASES, VALUE_BASIS_LABELS,
  libraryEntrySchema, type Level1Code, type Level2Code, type LibraryEntry, type Operator, type ProjectTypeCode,
} from '../../../../shared/domain/indicators.ts';
import { GOAL_VALUE_TYPE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { useApiMutation } from '../../api/queries.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { applyApiErrors, zodValidate } from '../../components/zodForm.ts';
import { LEVEL1_CHOICES, PROJECT_TYPE_CHOICES, level2Choices, templatesOf } from './libraryView.tsx';

/** What the form is for: a new entry (blank or copied from a read-only one), or changes to an own entry. */
export type EntryFormTarget =
  | { kind: 'create'; initial?: Partial<LibraryEntry>; copiedFrom?: LibraryEntryDto }
  | { kind: 'edit'; entry: LibraryEntryDto };

interface EntryValues {
  code: string;
  libraryKind: LibraryEntry['libraryKind'];
  field: string;
  projectType: ProjectTypeCode;
  level1: Level1Code;
  level2: Level2Code;
  name: string;
  explanation: string;
  valueType: LibraryEntry['valueType'];
  operator: Operator;
  unit: string;
  referenceValue: string;
  valueBasis: LibraryEntry['valueBasis'];
  formula: string;
  scoringRule: string;
  dataSource: string;
  appliesTo: LibraryEntry['appliesTo'];
  isCore: boolean;
  startYear: number | string;
  endYear: number | string;
  sourceDoc: string;
}

const BLANK: EntryValues = {
  code: '', libraryKind: 'local', field: '', projectType: 'general', level1: 'output', level2: 'quantity', name: '', explanation: '',
  valueType: 'quantitative', operator: '>=', unit: '', referenceValue: '', valueBasis: 'plan', formula: '', scoringRule: '', dataSource: '',
  appliesTo: ['project'], isCore: false, startYear: '', endYear: '', sourceDoc: '',
};

function valuesOf(e: Partial<LibraryEntry>): EntryValues {
  const v = { ...BLANK };
  for (const k of Object.keys(BLANK) as (keyof EntryValues)[]) {
    const x = e[k];
    if (x !== undefined && x !== null) Object.assign(v, { [k]: x });
  }
  return v;
}

const toEntry = (v: EntryValues) => ({
  ...v,
  startYear: typeof v.startYear === 'number' ? v.startYear : null,
  endYear: typeof v.endYear === 'number' ? v.endYear : null,
});

const QUANT_OPERATORS = OPERATORS.filter((o) => o !== 'qualitative').map((o) => ({ value: o, label: OPERATOR_LABELS[o] }));
const QUAL_OPERATORS = [{ value: 'qualitative', label: OPERATOR_LABELS.qualitative }];

const validate = zodValidate<EntryValues>(libraryEntrySchema, {
  toInput: toEntry,
  extra: (v) =>
    templatesOf(v.level1, v.level2).length === 0 ? { level2: `二级指标“${LEVEL2[v.level2]}”不属于一级指标“${LEVEL1[v.level1]}”` } : {},
});

/** Backend details name the update's fields as entry.x. */
const mapField = (f: string) => f.replace(/^entry\./, '');

export function LibraryEntryFormModal({ target, onClose, onSaved }: { target: EntryFormTarget; onClose(): void; onSaved?(e: LibraryEntryDto): void }) {
  const title = target.kind === 'edit' ? `编辑指标：${target.entry.name}` : target.copiedFrom ? `复制为本地指标：${target.copiedFrom.name}` : '新增指标';
  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>{title}</Text>} size={960} centered closeOnClickOutside={false}>
      <EntryForm target={target} onClose={onClose} onSaved={onSaved} />
    </Modal>
  );
}

function EntryForm({ target, onClose, onSaved }: { target: EntryFormTarget; onClose(): void; onSaved?(e: LibraryEntryDto): void }) {
  const create = useApiMutation('library.create', { quiet: true });
  const update = useApiMutation('library.update', { quiet: true });
  const form = useForm<EntryValues>({
    mode: 'controlled',
    initialValues: target.kind === 'edit' ? valuesOf(target.entry) : valuesOf(target.initial ?? {}),
    validate,
  });
  const v = form.values;
  const l2 = level2Choices(v.level1);

  const onError = (e: unknown) => {
    if (applyApiErrors(form, e, mapField).length === 0) notifyError(e);
  };
  const done = (e: LibraryEntryDto, verb: string) => {
    notifySuccess(`已${verb}指标“${e.code} ${e.name}”。`);
    onSaved?.(e);
    onClose();
  };
  const submit = form.onSubmit((values) => {
    const entry = toEntry(values);
    if (target.kind === 'edit') update.mutate({ id: target.entry.id, entry }, { onSuccess: (e) => done(e, '保存'), onError });
    else create.mutate(entry, { onSuccess: (e) => done(e, '新增'), onError });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {target.kind === 'create' && target.copiedFrom ? (
          <Alert variant="light" color="blue" icon={<IconInfoCircle size={16} />} p="xs">
            <Text size="sm">已按“{target.copiedFrom.code} {target.copiedFrom.name}”填好各项内容。保存后成为本单位的本地指标，可以修改和停用；原指标不变。</Text>
          </Alert>
        ) : null}
        <Grid gap="sm">
          <Grid.Col span={4}>
            <TextInput
              label="指标编码"
              description={target.kind === 'edit' ? '编码用于导入时匹配，保存后仍可修改' : '字母、数字或 . _ -，本单位内唯一'}
              withAsterisk
              maxLength={40}
              data-autofocus
              {...form.getInputProps('code')}
            />
          </Grid.Col>
          <Grid.Col span={4}>
            <Select label="库类型" withAsterisk allowDeselect={false} data={LIBRARY_KINDS.map((k) => ({ value: k, label: LIBRARY_KIND_LABELS[k] }))} {...form.getInputProps('libraryKind')} />
          </Grid.Col>
          <Grid.Col span={4}>
            <TextInput label="行业/领域" description="可填功能科目类、款" maxLength={60} {...form.getInputProps('field')} />
          </Grid.Col>

          <Grid.Col span={4}>
            <Select label="项目类型" withAsterisk allowDeselect={false} data={PROJECT_TYPE_CHOICES} {...form.getInputProps('projectType')} />
          </Grid.Col>
          <Grid.Col span={4}>
            <Select
              label="一级指标"
              withAsterisk
              allowDeselect={false}
              data={LEVEL1_CHOICES}
              {...form.getInputProps('level1')}
              onChange={(x) => {
                const level1 = LEVEL1_CHOICES.find((c) => c.value === x)?.value;
                if (!level1) return;
                form.setFieldValue('level1', level1);
                // Keep the level-2 choice only while it still belongs under the new level-1.
                const choices = level2Choices(level1);
                if (!choices.some((c) => c.value === form.values.level2)) form.setFieldValue('level2', choices[0]?.value ?? 'quantity');
              }}
            />
          </Grid.Col>
          <Grid.Col span={4}>
            <Select label="二级指标" withAsterisk allowDeselect={false} data={l2} {...form.getInputProps('level2')} />
          </Grid.Col>

          <Grid.Col span={8}>
            <TextInput label="三级指标名称" description="简洁、可衡量，不重复二级指标名称" withAsterisk maxLength={60} {...form.getInputProps('name')} />
          </Grid.Col>
          <Grid.Col span={4}>
            <Input.Wrapper label="指标值类型" withAsterisk description="定量指标比较数值，定性指标填写等级描述">
              <SegmentedControl
                aria-label="指标值类型"
                fullWidth
                data={(['quantitative', 'qualitative'] as const).map((t) => ({ value: t, label: GOAL_VALUE_TYPE_LABELS[t] }))}
                value={v.valueType}
                onChange={(x) => {
                  const valueType = x === 'qualitative' ? 'qualitative' : 'quantitative';
                  form.setFieldValue('valueType', valueType);
                  // V1: 定性 rows carry the 定性 operator; 定量 rows compare with ≥ … <.
                  if (valueType === 'qualitative') form.setFieldValue('operator', 'qualitative');
                  else if (form.values.operator === 'qualitative') form.setFieldValue('operator', '>=');
                }}
              />
            </Input.Wrapper>
          </Grid.Col>

          <Grid.Col span={12}>
            <Textarea label="指标解释" autosize minRows={2} maxRows={4} maxLength={500} {...form.getInputProps('explanation')} />
          </Grid.Col>

          <Grid.Col span={3}>
            <Select
              label="性质"
              withAsterisk
              allowDeselect={false}
              data={v.valueType === 'qualitative' ? QUAL_OPERATORS : QUANT_OPERATORS}
              {...form.getInputProps('operator')}
            />
          </Grid.Col>
          <Grid.Col span={3}>
            <TextInput label="计量单位" placeholder="个、人次、%、万元" maxLength={20} disabled={v.valueType === 'qualitative'} {...form.getInputProps('unit')} />
          </Grid.Col>
          <Grid.Col span={3}>
            <TextInput label="参考指标值" placeholder={v.valueType === 'qualitative' ? '达到预期' : '≥95'} maxLength={60} {...form.getInputProps('referenceValue')} />
          </Grid.Col>
          <Grid.Col span={3}>
            <Select label="取值依据" allowDeselect={false} data={VALUE_BASES.map((b) => ({ value: b, label: VALUE_BASIS_LABELS[b] }))} {...form.getInputProps('valueBasis')} />
          </Grid.Col>

          <Grid.Col span={6}>
            <Textarea label="计算公式" autosize minRows={2} maxRows={4} maxLength={300} {...form.getInputProps('formula')} />
          </Grid.Col>
          <Grid.Col span={6}>
            <Textarea label="评(扣)分标准" autosize minRows={2} maxRows={4} maxLength={300} {...form.getInputProps('scoringRule')} />
          </Grid.Col>

          <Grid.Col span={6}>
            <TextInput label="数据来源" maxLength={200} {...form.getInputProps('dataSource')} />
          </Grid.Col>
          <Grid.Col span={6}>
            <TextInput label="来源文件" placeholder="如：财预〔2020〕10号" maxLength={200} {...form.getInputProps('sourceDoc')} />
          </Grid.Col>

          <Grid.Col span={6}>
            <Checkbox.Group label="适用对象" withAsterisk {...form.getInputProps('appliesTo')}>
              <Group mt={8} gap="lg">
                {APPLIES_TO.map((a) => <Checkbox key={a} value={a} label={APPLIES_TO_LABELS[a]} />)}
              </Group>
            </Checkbox.Group>
          </Grid.Col>
          <Grid.Col span={2}>
            <NumberInput label="启用年度" placeholder="不限" min={2000} max={2100} allowDecimal={false} allowNegative={false} thousandSeparator={false} hideControls {...form.getInputProps('startYear')} />
          </Grid.Col>
          <Grid.Col span={2}>
            <NumberInput label="停用年度" placeholder="不限" min={2000} max={2100} allowDecimal={false} allowNegative={false} thousandSeparator={false} hideControls {...form.getInputProps('endYear')} />
          </Grid.Col>
          <Grid.Col span={2}>
            <Switch mt={30} label="核心指标" {...form.getInputProps('isCore', { type: 'checkbox' })} />
          </Grid.Col>
        </Grid>
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button type="submit" loading={create.isPending || update.isPending}>保存</Button>
        </Group>
      </Stack>
    </form>
  );
}
