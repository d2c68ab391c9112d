import { useMemo, useRef, useState, type ReactNode } from 'react';
import {
  ActionIcon, Alert, Badge, Box, Button, Checkbox, Group, Menu, Modal, NumberInput, Paper, Radio, ScrollArea, SegmentedControl, Select,
  SimpleGrid, Stack, Switch, Table, Tabs, Text, TextInput, Textarea, Title, Tooltip, UnstyledButton,
} from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { IconAlertTriangle, IconDeviceFloppy, IconPlus, IconTrash } from '@tabler/icons-react';
import type { ProfileDto } from '../../../../shared/api/dtoGoals.ts';
import { profileSaveSchema } from '../../../../shared/api/schemasGoals.ts';
import {
  EX_ANTE_CONCLUSIONS, GOAL_REVIEW_ACTIONS, GRADE_CODES, LINKAGE_ACTIONS, MONITORING_RULE_KINDS, type GradeCode, type MonitoringRule,
  type RuleProfileBody,
} from '../../../../shared/domain/ruleProfile.ts';
import {
  EQUALITY_MODE_LABELS, EXECUTION_BASE_LABELS, EXPERT_AGGREGATION_LABELS, EX_ANTE_CONCLUSION_LABELS, GOAL_GRADE_LABELS, GOAL_OWNER_TYPE_LABELS,
  GOAL_REVIEW_ACTION_LABELS, LINKAGE_ACTION_LABELS, MONITORING_KIND_LABELS, MONITORING_RULE_KIND_LABELS, PROFILE_SECTION_LABELS,
  PROFILE_TEMPLATE_LABELS, REVERSE_FORMULA_LABELS, TIME_PROGRESS_LABELS, WARNING_LEVEL_LABELS,
} from '../../../../shared/i18n/zh-CN.ts';
import { formatWan, parseWanToFen } from '../../../../shared/rules/money.ts';
import { useApiMutation } from '../../api/queries.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { applyApiErrors, zodValidate, type FormErrors } from '../../components/zodForm.ts';
import { bandRanges, describePath, describeRule, fieldName, num, sectionOf } from './describe.ts';

type Section = keyof typeof PROFILE_SECTION_LABELS;
const SECTIONS = Object.keys(PROFILE_SECTION_LABELS) as Section[];

export interface ProfileFormValues {
  name: string;
  description: string;
  note: string;
  body: RuleProfileBody;
}
type Form = UseFormReturnType<ProfileFormValues>;

const GRADE_OPTIONS = GRADE_CODES.map((g) => ({ value: g, label: GOAL_GRADE_LABELS[g] }));
const MONTH_OPTIONS = Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: `${i + 1} 月` }));
const LEVEL_OPTIONS = (['yellow', 'red'] as const).map((l) => ({ value: l, label: WARNING_LEVEL_LABELS[l] }));

/** What a new rule of each kind starts with: the common local practice (SPEC §6.2, §6.4). */
const NEW_RULES: Record<MonitoringRule['kind'], MonitoringRule> = {
  nodeFloor: { kind: 'nodeFloor', level: 'yellow', floors: [{ month: 6, minRate: 40 }] },
  timeGap: { kind: 'timeGap', level: 'yellow', maxGapPoints: null, maxRelativeDeviation: 20 },
  targetExecutionGap: { kind: 'targetExecutionGap', level: 'yellow', maxGapPoints: 10 },
  qualitativeLight: { kind: 'qualitativeLight' },
  impossible: { kind: 'impossible', level: 'red' },
  keySelection: { kind: 'keySelection', minAmountFen: 200 * 1_000_000, maxRate: 60, month: 8 },
};

/*
 * zod's built-in messages ("Invalid input: expected number, received string") are written for
 * programmers. The schema's own messages are kept; the generic ones are reworded for the field.
 */
const GENERIC_MESSAGE = /^(无效|数值过|Invalid|Too (small|big)|Expected)/;

function valueAt(values: unknown, path: string): unknown {
  let cur: unknown = values;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const GRADE_IN_MESSAGE = new RegExp(`“(${GRADE_CODES.join('|')})”`, 'g');

function friendlyErrors(errors: FormErrors, values: ProfileFormValues): FormErrors {
  const out: FormErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    if (typeof message !== 'string' || !GENERIC_MESSAGE.test(message)) {
      // The schema names grades by code (“low”); officers know them as 优/良/中/低/差.
      out[path] = typeof message === 'string' ? message.replace(GRADE_IN_MESSAGE, (_, g: GradeCode) => `“${GOAL_GRADE_LABELS[g]}”`) : message;
      continue;
    }
    const value = valueAt(values, path);
    const name = fieldName(path);
    if (Array.isArray(value)) out[path] = `${name}至少需要一行`;
    else if (value === '' || value === null || value === undefined) out[path] = `请填写${name}`;
    else out[path] = `${name}填写有误，请检查取值范围`;
  }
  return out;
}

/** Every problem the schema finds, on its field and in the summary; the same schema the backend applies. */
function makeValidate(id: string) {
  const base = zodValidate<ProfileFormValues>(profileSaveSchema, {
    toInput: (v) => ({ id, ...v }),
    // The schema checks the bounds descend; the names must too, or "低" could end up below "差".
    extra: (v) => {
      const ranks = v.body.grades.map((g) => GRADE_CODES.indexOf(g.grade));
      const bad = ranks.findIndex((r, i) => i > 0 && r < (ranks[i - 1] ?? -1));
      return bad > 0 ? { [`body.grades.${bad}.grade`]: `等级应按 ${GRADE_CODES.map((g) => GOAL_GRADE_LABELS[g]).join('、')} 的顺序从高到低排列` } : {};
    },
  });
  return (values: ProfileFormValues) => friendlyErrors(base(values), values);
}

/** A code for a new aspect/dimension/framework that no row uses yet (stored scores refer to codes). */
function newCode(existing: readonly { code: string }[], prefix: string): string {
  const used = new Set(existing.map((e) => e.code));
  for (let i = existing.length + 1; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + (typeof b === 'number' && Number.isFinite(b) ? b : 0), 0);

/** The total of a weight list, green at 100 and red otherwise. */
function TotalBadge({ total, target = 100 }: { total: number; target?: number }) {
  const ok = Math.abs(total - target) < 1e-9;
  return <Badge variant="light" color={ok ? 'teal' : 'red'} radius="sm">合计 {num(total)} 分{ok ? '' : `（应为 ${target}）`}</Badge>;
}

function RemoveButton({ label, onClick, disabled }: { label: string; onClick(): void; disabled?: boolean }) {
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" color="gray" aria-label={label} onClick={onClick} disabled={disabled}>
        <IconTrash size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

/** A table of editable rows with an add button; `error` is the list-level message (e.g. 合计应为 100). */
function EditTable({ head, widths, children, onAdd, addLabel, error, empty, maw }: {
  maw?: number;
  head: string[];
  widths?: (number | undefined)[];
  children: ReactNode;
  onAdd?: () => void;
  addLabel?: string;
  error?: ReactNode;
  empty?: boolean;
}) {
  return (
    <Stack gap={6} maw={maw}>
      <Table withTableBorder verticalSpacing={4} fz="sm" layout="fixed">
        <Table.Thead bg="gray.0">
          <Table.Tr>
            {head.map((h, i) => <Table.Th key={`${h}-${i}`} w={widths?.[i]}>{h}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {empty ? (
            <Table.Tr><Table.Td colSpan={head.length}><Text size="sm" c="dimmed" ta="center">（无）</Text></Table.Td></Table.Tr>
          ) : children}
        </Table.Tbody>
      </Table>
      {error ? <Text size="xs" c="red.8">{error}</Text> : null}
      {onAdd ? (
        <Group>
          <Button size="compact-sm" variant="subtle" leftSection={<IconPlus size={14} />} onClick={onAdd}>{addLabel ?? '添加一行'}</Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/** Inputs inside table cells: no label (the column header is the label), compact. */
function CellNumber({ form, path, suffix, min = 0, max = 100, integer, label, disabled }: {
  form: Form;
  path: string;
  suffix?: string;
  min?: number;
  max?: number;
  integer?: boolean;
  label: string;
  disabled?: boolean;
}) {
  return (
    <NumberInput
      size="xs"
      disabled={disabled}
      aria-label={label}
      min={min}
      max={max}
      allowNegative={false}
      allowDecimal={!integer}
      decimalScale={integer ? 0 : 2}
      suffix={suffix}
      hideControls
      {...form.getInputProps(path)}
    />
  );
}

function PointsField({ form, path, label, description, max = 100 }: { form: Form; path: string; label: string; description?: string; max?: number }) {
  return (
    <NumberInput label={label} description={description} min={0} max={max} allowNegative={false} decimalScale={2} suffix=" 分" {...form.getInputProps(path)} />
  );
}

/** A ratio stored as a fraction (1.2, 0.95) but typed as a percentage (120%, 95%). */
function RatioPercentInput({ form, path, label, description, size, min = 0, max = 1000 }: {
  form: Form;
  path: string;
  label?: string;
  description?: string;
  size?: 'xs' | 'sm';
  min?: number;
  max?: number;
}) {
  const props = form.getInputProps(path);
  const v: unknown = props.value;
  return (
    <NumberInput
      label={label}
      aria-label={label ? undefined : '百分比'}
      description={description}
      size={size}
      min={min}
      max={max}
      allowNegative={false}
      decimalScale={2}
      suffix="%"
      hideControls={size === 'xs'}
      value={typeof v === 'number' ? Math.round(v * 10000) / 100 : ''}
      onChange={(x) => form.setFieldValue(path, typeof x === 'number' ? Math.round(x * 100) / 10000 : x)}
      error={props.error}
      onBlur={props.onBlur}
      onFocus={props.onFocus}
    />
  );
}

/** Money stored in 分 and typed in 万元; `nullable` lets an empty box mean "no amount rule". */
function WanInput({ form, path, label, description, size }: { form: Form; path: string; label?: string; description?: string; size?: 'xs' | 'sm' }) {
  const props = form.getInputProps(path);
  const v: unknown = props.value;
  return (
    <NumberInput
      label={label}
      aria-label={label ? undefined : '金额（万元）'}
      description={description}
      size={size}
      min={0}
      allowNegative={false}
      decimalScale={2}
      thousandSeparator=","
      suffix=" 万元"
      hideControls
      value={typeof v === 'number' ? formatWan(v).replace(/,/g, '') : ''}
      onChange={(x) => form.setFieldValue(path, typeof x === 'number' ? parseWanToFen(String(x)) ?? x : x)}
      error={props.error}
      onBlur={props.onBlur}
      onFocus={props.onFocus}
    />
  );
}

/** A number that may be left empty (null = not set). */
function NullableNumber({ form, path, label, description, suffix, size, max = 100, integer, w }: {
  w?: number;
  form: Form;
  path: string;
  label?: string;
  description?: string;
  suffix?: string;
  size?: 'xs' | 'sm';
  max?: number;
  integer?: boolean;
}) {
  const props = form.getInputProps(path);
  const v: unknown = props.value;
  return (
    <NumberInput
      label={label}
      aria-label={label ? undefined : '数值'}
      description={description}
      size={size}
      min={0}
      max={max}
      allowNegative={false}
      allowDecimal={!integer}
      decimalScale={integer ? 0 : 2}
      suffix={suffix}
      placeholder="不设"
      w={w}
      hideControls={size === 'xs'}
      value={typeof v === 'number' ? v : ''}
      onChange={(x) => form.setFieldValue(path, x === '' ? null : x)}
      error={props.error}
      onBlur={props.onBlur}
      onFocus={props.onFocus}
    />
  );
}

function SectionTitle({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Group justify="space-between" align="center" mt="xs">
      <Title order={6}>{title}</Title>
      {children}
    </Group>
  );
}

// ------------------------------------------------------------------------------------ sections

function BasicSection({ form }: { form: Form }) {
  const body = form.values.body;
  return (
    <Stack gap="md" maw={760}>
      <TextInput label="方案名称" withAsterisk maxLength={40} {...form.getInputProps('name')} />
      <Textarea label="方案说明" description="方案的来源和与其他方案的主要区别，显示在方案列表中" autosize minRows={2} maxRows={5} maxLength={500} {...form.getInputProps('description')} />
      <Radio.Group label="指标模板" description="决定绩效指标的一级、二级结构；按年度选用，已填报的目标表不受影响" {...form.getInputProps('body.template')}>
        <Stack gap={6} mt={6}>
          {(['A', 'B'] as const).map((t) => <Radio key={t} value={t} label={PROFILE_TEMPLATE_LABELS[t]} />)}
        </Stack>
      </Radio.Group>
      {body.template === 'A' && body.selfEvaluation.level1Weights.cost !== 0 ? (
        <Alert color="orange" variant="light" p="xs" icon={<IconAlertTriangle size={16} />}>
          <Text size="sm">模板 A 中成本指标属于产出指标：请将“单位自评”中的成本分值改为 0，并把分值并入产出。</Text>
        </Alert>
      ) : null}
      <NumberInput label="金额小数位" description="以万元显示金额时保留的小数位数（2–6 位）" min={2} max={6} allowDecimal={false} allowNegative={false} suffix=" 位" w={320} {...form.getInputProps('body.moneyDecimals')} />
    </Stack>
  );
}

/**
 * A grade needs a review action and a linkage rule (the schema insists): adding one fills both with
 * the cautious choice, removing one drops them, so the officer is not sent to two other sections.
 */
function addGrade(form: Form, grade: GradeCode) {
  const body = form.values.body;
  // Bands run from the best grade down: put the new one in its place, its lower bound halfway
  // between its neighbours (the lowest grade keeps 0 and the one it displaces gets a halfway bound).
  const rank = (g: GradeCode) => GRADE_CODES.indexOf(g);
  const grades = [...body.grades];
  let at = grades.findIndex((g) => rank(g.grade) > rank(grade));
  if (at < 0) at = grades.length;
  const above = grades[at - 1]?.min;
  const upper = typeof above === 'number' ? above : 100;
  if (at === grades.length) {
    const last = grades[at - 1];
    if (last && last.min === 0) grades[at - 1] = { ...last, min: Math.round(upper / 2) };
    grades.push({ grade, min: 0 });
  } else {
    const below = grades[at]?.min;
    grades.splice(at, 0, { grade, min: Math.round((upper + (typeof below === 'number' ? below : 0)) / 2) });
  }
  form.setFieldValue('body', {
    ...body,
    grades,
    goalReview: { ...body.goalReview, actions: { ...body.goalReview.actions, [grade]: body.goalReview.actions[grade] ?? 'revise' } },
    linkage: body.linkage.some((l) => l.grade === grade) ? body.linkage : [...body.linkage, { grade, action: 'reduce', pctMin: 10, pctMax: 10 }],
  });
}

function removeGrade(form: Form, index: number) {
  const body = form.values.body;
  const grade = body.grades[index]?.grade;
  if (!grade) return;
  const actions = { ...body.goalReview.actions };
  delete actions[grade];
  form.setFieldValue('body', {
    ...body,
    grades: body.grades.filter((_, i) => i !== index),
    goalReview: { ...body.goalReview, actions },
    linkage: body.linkage.filter((l) => l.grade !== grade),
  });
}

function GradesSection({ form }: { form: Form }) {
  const grades = form.values.body.grades;
  const ranges = bandRanges(grades.map((g) => ({ grade: g.grade, min: typeof g.min === 'number' ? g.min : 0 })));
  const unused = GRADE_CODES.find((g) => !grades.some((x) => x.grade === g));
  return (
    <Stack gap="md" maw={720}>
      <Text size="sm" c="dimmed">从最高等级到最低等级排列，每个等级从其下限（含）到上一等级的下限（不含）；最低等级的下限应为 0，使每个分数都有等级。目标审核的处理方式和预算挂钩按这里的等级设置。</Text>
      <EditTable
        head={['等级', '下限（分）', '分数区间', '']}
        widths={[170, 170, undefined, 56]}
        error={form.errors['body.grades']}
        onAdd={unused ? () => addGrade(form, unused) : undefined}
        addLabel="添加等级"
      >
        {grades.map((g, i) => (
          <Table.Tr key={i}>
            <Table.Td>
              <Select size="xs" aria-label="等级" data={GRADE_OPTIONS} allowDeselect={false} {...form.getInputProps(`body.grades.${i}.grade`)} />
            </Table.Td>
            <Table.Td><CellNumber form={form} path={`body.grades.${i}.min`} label="下限" suffix=" 分" /></Table.Td>
            <Table.Td><Text size="sm" c="dimmed">{ranges[i]?.range}</Text></Table.Td>
            <Table.Td>
              <RemoveButton label={`删除等级“${GOAL_GRADE_LABELS[g.grade]}”`} disabled={grades.length <= 2} onClick={() => removeGrade(form, i)} />
            </Table.Td>
          </Table.Tr>
        ))}
      </EditTable>
    </Stack>
  );
}

function SelfEvaluationSection({ form }: { form: Form }) {
  const s = form.values.body.selfEvaluation;
  const w = s.level1Weights;
  const tiersRef = useRef<{ minRate: number; share: number }[]>(
    s.executionScoring.mode === 'tiered' ? s.executionScoring.tiers : [{ minRate: 95, share: 1 }, { minRate: 90, share: 0.8 }, { minRate: 0, share: 0.5 }],
  );
  const total = sum([s.executionWeight, w.output, w.cost, w.benefit, w.satisfaction]);
  const templateA = form.values.body.template === 'A';
  return (
    <Stack gap="md" maw={900}>
      <SectionTitle title="分值"><TotalBadge total={total} /></SectionTitle>
      <SimpleGrid cols={5} spacing="sm">
        <PointsField form={form} path="body.selfEvaluation.executionWeight" label="执行率分值" />
        <PointsField form={form} path="body.selfEvaluation.level1Weights.output" label="产出分值" />
        <PointsField form={form} path="body.selfEvaluation.level1Weights.cost" label="成本分值" />
        <PointsField form={form} path="body.selfEvaluation.level1Weights.benefit" label="效益分值" />
        <PointsField form={form} path="body.selfEvaluation.level1Weights.satisfaction" label="满意度分值" />
      </SimpleGrid>
      {templateA ? <Text size="xs" c="dimmed">本方案使用模板 A：成本指标属于产出指标，成本分值应为 0，相应分值计入产出。</Text> : null}
      {form.errors['body.selfEvaluation.level1Weights'] ? <Text size="xs" c="red.8">{form.errors['body.selfEvaluation.level1Weights']}</Text> : null}

      <SectionTitle title="指标计分" />
      <Radio.Group label="反向指标公式" description="性质为 ≤、< 的指标，实际值超过目标值时的计分方法" {...form.getInputProps('body.selfEvaluation.reverseFormula')}>
        <Group gap="xl" mt={6}>
          {(['R1', 'R2'] as const).map((r) => <Radio key={r} value={r} label={REVERSE_FORMULA_LABELS[r]} />)}
        </Group>
      </Radio.Group>
      <Radio.Group label="等于型指标" description="性质为 = 的指标" {...form.getInputProps('body.selfEvaluation.equalityMode')}>
        <Stack gap={6} mt={6}>
          {(['zeroAllOrNothing', 'symmetric'] as const).map((r) => <Radio key={r} value={r} label={EQUALITY_MODE_LABELS[r]} />)}
        </Stack>
      </Radio.Group>
      <Group align="flex-end" gap="xl">
        <RatioPercentInput form={form} path="body.selfEvaluation.overCompletionThreshold" label="超额完成阈值" description="实际值达到目标值的该比例及以上须说明原因" min={100} />
        <Switch mb={8} label="超额完成按偏离程度扣分" {...form.getInputProps('body.selfEvaluation.overCompletionDeduction', { type: 'checkbox' })} />
      </Group>
      <Switch
        label="不适用指标折算：剔除不适用指标后按适用指标的分值折算为百分制"
        {...form.getInputProps('body.selfEvaluation.naNormalize', { type: 'checkbox' })}
      />

      <SectionTitle title="执行率计分" />
      <SegmentedControl
        w={320}
        value={s.executionScoring.mode}
        onChange={(mode) => {
          if (s.executionScoring.mode === 'tiered') tiersRef.current = s.executionScoring.tiers;
          form.setFieldValue('body.selfEvaluation.executionScoring', mode === 'tiered' ? { mode: 'tiered', tiers: tiersRef.current } : { mode: 'proportional' });
        }}
        data={[{ value: 'proportional', label: '按比例' }, { value: 'tiered', label: '分档' }]}
      />
      {s.executionScoring.mode === 'proportional' ? (
        <Text size="sm" c="dimmed">得分 = 执行率分值 × min(执行率, 100%)。</Text>
      ) : (
        <EditTable
          head={['执行率不低于', '得执行率分值的', '']}
        maw={480}
          widths={[200, 200, 56]}
          error={form.errors['body.selfEvaluation.executionScoring.tiers']}
          onAdd={() => form.insertListItem('body.selfEvaluation.executionScoring.tiers', { minRate: 0, share: 0 })}
          addLabel="添加分档"
        >
          {s.executionScoring.tiers.map((_, i) => (
            <Table.Tr key={i}>
              <Table.Td><CellNumber form={form} path={`body.selfEvaluation.executionScoring.tiers.${i}.minRate`} label="执行率不低于" suffix="%" /></Table.Td>
              <Table.Td><RatioPercentInput form={form} path={`body.selfEvaluation.executionScoring.tiers.${i}.share`} size="xs" max={100} /></Table.Td>
              <Table.Td><RemoveButton label="删除该档" onClick={() => form.removeListItem('body.selfEvaluation.executionScoring.tiers', i)} /></Table.Td>
            </Table.Tr>
          ))}
        </EditTable>
      )}

      <SectionTitle title="执行率封顶" />
      <Text size="sm" c="dimmed">预算执行率落在区间内时，自评总分不超过上限（预算管理一体化规范的做法）。不需要时删除全部行。</Text>
      <EditTable
        head={['执行率自（含）', '至（不含）', '总分上限', '']}
        maw={620}
        widths={[180, 180, 180, 56]}
        empty={s.executionCaps.length === 0}
        onAdd={() => form.insertListItem('body.selfEvaluation.executionCaps', { minRate: 0, maxRate: 50, maxTotal: 59 })}
        addLabel="添加封顶区间"
      >
        {s.executionCaps.map((_, i) => (
          <Table.Tr key={i}>
            <Table.Td><CellNumber form={form} path={`body.selfEvaluation.executionCaps.${i}.minRate`} label="执行率自" suffix="%" /></Table.Td>
            <Table.Td><CellNumber form={form} path={`body.selfEvaluation.executionCaps.${i}.maxRate`} label="执行率至" suffix="%" /></Table.Td>
            <Table.Td><CellNumber form={form} path={`body.selfEvaluation.executionCaps.${i}.maxTotal`} label="总分上限" suffix=" 分" /></Table.Td>
            <Table.Td>
              <Stack gap={0}>
                <RemoveButton label="删除该区间" onClick={() => form.removeListItem('body.selfEvaluation.executionCaps', i)} />
              </Stack>
            </Table.Td>
          </Table.Tr>
        ))}
      </EditTable>
      {s.executionCaps.map((_, i) => form.errors[`body.selfEvaluation.executionCaps.${i}`]).filter(Boolean).map((e, i) => (
        <Text key={i} size="xs" c="red.8">{e}</Text>
      ))}

      <SectionTitle title="超目标扣分" />
      <Group align="flex-end" gap="md">
        <Switch mb={8} label="启用" {...form.getInputProps('body.selfEvaluation.overTargetPenalty.enabled', { type: 'checkbox' })} />
        <NumberInput
          label="实际完成值高于目标值"
          min={0}
          max={100}
          suffix="% 以上"
          w={200}
          disabled={!s.overTargetPenalty.enabled}
          {...form.getInputProps('body.selfEvaluation.overTargetPenalty.thresholdPct')}
        />
        <NumberInput label="该指标扣" min={0} max={100} decimalScale={2} suffix=" 分" w={160} disabled={!s.overTargetPenalty.enabled} {...form.getInputProps('body.selfEvaluation.overTargetPenalty.points')} />
      </Group>
    </Stack>
  );
}

function GoalsSection({ form }: { form: Form }) {
  return (
    <Stack gap="md" maw={760}>
      <Group align="flex-start" gap="md">
        <NumberInput label="最少指标数" description="每张目标表至少的三级指标个数" min={1} max={50} allowDecimal={false} allowNegative={false} suffix=" 个" w={240} {...form.getInputProps('body.goals.minIndicators')} />
        <NumberInput label="每个一级指标至少" description="产出、效益、满意度等各一级指标下至少的指标个数" min={0} max={10} allowDecimal={false} allowNegative={false} suffix=" 个" w={320} {...form.getInputProps('body.goals.minPerLevel1')} />
      </Group>
      <Switch label="是否要求成本指标" description="目标表必须包含成本指标（模板 B 的一级指标，或模板 A 产出下的成本指标）" {...form.getInputProps('body.goals.requireCostIndicator', { type: 'checkbox' })} />
      <Switch label="投入类指标提示" description="资金拨付率、支出金额等只反映投入的指标不能作为绩效目标，填报时提示" {...form.getInputProps('body.goals.warnInputIndicators', { type: 'checkbox' })} />
      <Switch label="年中追加须设目标" description="年中追加的项目须设定绩效目标后方可批复" {...form.getInputProps('body.goals.midYearAdditionsNeedGoals', { type: 'checkbox' })} />
    </Stack>
  );
}

function WeightedList({ form, path, items, nameLabel, addLabel, codePrefix }: {
  form: Form;
  path: 'body.goalReview.aspects' | 'body.exAnte.dimensions';
  items: { code: string; label: string; weight: number }[];
  nameLabel: string;
  addLabel: string;
  codePrefix: string;
}) {
  return (
    <EditTable
      head={[nameLabel, '分值', '']}
      widths={[undefined, 160, 56]}
      error={form.errors[path]}
      onAdd={() => form.insertListItem(path, { code: newCode(items, codePrefix), label: '', weight: 0 })}
      addLabel={addLabel}
    >
      {items.map((item, i) => (
        <Table.Tr key={item.code}>
          <Table.Td><TextInput size="xs" aria-label={nameLabel} maxLength={40} {...form.getInputProps(`${path}.${i}.label`)} /></Table.Td>
          <Table.Td><CellNumber form={form} path={`${path}.${i}.weight`} label="分值" suffix=" 分" /></Table.Td>
          <Table.Td><RemoveButton label={`删除“${item.label || nameLabel}”`} disabled={items.length <= 1} onClick={() => form.removeListItem(path, i)} /></Table.Td>
        </Table.Tr>
      ))}
    </EditTable>
  );
}

function GoalReviewSection({ form }: { form: Form }) {
  const r = form.values.body.goalReview;
  const grades = form.values.body.grades;
  return (
    <Stack gap="md" maw={760}>
      <SectionTitle title="审核项与分值"><TotalBadge total={sum(r.aspects.map((a) => a.weight))} /></SectionTitle>
      <WeightedList form={form} path="body.goalReview.aspects" items={r.aspects} nameLabel="审核项" addLabel="添加审核项" codePrefix="aspect" />
      <PointsField form={form} path="body.goalReview.passMark" label="及格线" description="总分低于及格线的不予安排，不论等级" />
      <SectionTitle title="各等级处理" />
      <EditTable head={['等级', '处理方式']} widths={[140, undefined]} error={form.errors['body.goalReview.actions']}>
        {grades.map((g) => (
          <Table.Tr key={g.grade}>
            <Table.Td><Text size="sm" fw={600}>{GOAL_GRADE_LABELS[g.grade]}</Text></Table.Td>
            <Table.Td>
              <Select
                size="xs"
                aria-label={`等级“${GOAL_GRADE_LABELS[g.grade]}”的处理方式`}
                placeholder="请选择"
                data={GOAL_REVIEW_ACTIONS.map((a) => ({ value: a, label: GOAL_REVIEW_ACTION_LABELS[a] }))}
                allowDeselect={false}
                value={r.actions[g.grade] ?? null}
                onChange={(v) => {
                  const action = GOAL_REVIEW_ACTIONS.find((a) => a === v);
                  if (action) form.setFieldValue(`body.goalReview.actions.${g.grade}`, action);
                }}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </EditTable>
    </Stack>
  );
}

function ExAnteSection({ form }: { form: Form }) {
  const e = form.values.body.exAnte;
  return (
    <Stack gap="md" maw={760}>
      <SectionTitle title="评估维度与分值"><TotalBadge total={sum(e.dimensions.map((d) => d.weight))} /></SectionTitle>
      <WeightedList form={form} path="body.exAnte.dimensions" items={e.dimensions} nameLabel="评估维度" addLabel="添加维度" codePrefix="dimension" />
      <Group align="flex-start" gap="md" grow>
        <PointsField form={form} path="body.exAnte.supportMin" label={`${EX_ANTE_CONCLUSION_LABELS.support}分数线`} description="总分达到该分数予以支持" />
        <PointsField form={form} path="body.exAnte.adjustMin" label={`${EX_ANTE_CONCLUSION_LABELS.supportAfterAdjustment}分数线`} description="达到该分数、未达予以支持线的，调整后支持；更低的不予支持" />
      </Group>
      <SectionTitle title="需评估的情形" />
      <Switch label="新增重大政策和项目" {...form.getInputProps('body.exAnte.requiredForNewMajor', { type: 'checkbox' })} />
      <Switch label="到期拟延续的政策和项目" {...form.getInputProps('body.exAnte.requiredForContinuation', { type: 'checkbox' })} />
      <Group align="flex-end" gap="md">
        <Switch
          mb={8}
          label="申请金额达到门槛的项目"
          checked={e.amountThresholdFen !== null}
          onChange={(ev) => form.setFieldValue('body.exAnte.amountThresholdFen', ev.currentTarget.checked ? 500 * 1_000_000 : null)}
        />
        {e.amountThresholdFen !== null ? <WanInput form={form} path="body.exAnte.amountThresholdFen" label="金额门槛" /> : null}
      </Group>
      <Checkbox.Group
        label="准予入库的结论"
        description="只有这些结论的项目可以进入项目库、批复绩效目标"
        value={e.gatePasses}
        onChange={(v) => form.setFieldValue('body.exAnte.gatePasses', EX_ANTE_CONCLUSIONS.filter((c) => v.includes(c)))}
        error={form.errors['body.exAnte.gatePasses']}
      >
        <Group mt={6} gap="xl">
          {EX_ANTE_CONCLUSIONS.map((c) => <Checkbox key={c} value={c} label={EX_ANTE_CONCLUSION_LABELS[c]} />)}
        </Group>
      </Checkbox.Group>
    </Stack>
  );
}

function EvaluationSection({ form }: { form: Form }) {
  const ev = form.values.body.evaluation;
  return (
    <Stack gap="md" maw={980}>
      <Text size="sm" c="dimmed">部门评价和财政重点评价的一级指标分值。决策、过程、产出、效益合计应为 100，且产出与效益之和不少于 60（结果导向）。</Text>
      <EditTable
        head={['框架名称', '决策', '过程', '产出', '效益', '合计', '']}
        widths={[undefined, 100, 100, 100, 100, 120, 56]}
        error={form.errors['body.evaluation.frameworks']}
        onAdd={() => form.insertListItem('body.evaluation.frameworks', { code: newCode(ev.frameworks, 'F'), name: '', decision: 20, process: 20, output: 30, benefit: 30 })}
        addLabel="添加框架"
      >
        {ev.frameworks.map((f, i) => (
          <Table.Tr key={f.code}>
            <Table.Td><TextInput size="xs" aria-label="框架名称" maxLength={60} {...form.getInputProps(`body.evaluation.frameworks.${i}.name`)} /></Table.Td>
            {(['decision', 'process', 'output', 'benefit'] as const).map((k) => (
              <Table.Td key={k}><CellNumber form={form} path={`body.evaluation.frameworks.${i}.${k}`} label={fieldName(k)} /></Table.Td>
            ))}
            <Table.Td><TotalBadge total={sum([f.decision, f.process, f.output, f.benefit])} /></Table.Td>
            <Table.Td><RemoveButton label="删除该框架" disabled={ev.frameworks.length <= 1} onClick={() => form.removeListItem('body.evaluation.frameworks', i)} /></Table.Td>
          </Table.Tr>
        ))}
      </EditTable>
      <Select
        label="专家评分汇总方式"
        w={360}
        allowDeselect={false}
        data={(['mean', 'trimmedMean'] as const).map((m) => ({ value: m, label: EXPERT_AGGREGATION_LABELS[m] }))}
        {...form.getInputProps('body.evaluation.expertAggregation')}
      />
      <Text size="sm" c="dimmed">等级计分：专家为三级指标评定的等级及其得分比例（得分 = 分值 × 比例），从优到差排列。</Text>
      <EditTable
        head={['等级', '得分比例', '']}
        maw={480}
        widths={[200, 200, 56]}
        error={form.errors['body.evaluation.gradeShares']}
        onAdd={() => form.insertListItem('body.evaluation.gradeShares', { grade: 'poor', share: 0 })}
        addLabel="添加等级"
      >
        {ev.gradeShares.map((_, i) => (
          <Table.Tr key={i}>
            <Table.Td><Select size="xs" aria-label="等级" data={GRADE_OPTIONS} allowDeselect={false} {...form.getInputProps(`body.evaluation.gradeShares.${i}.grade`)} /></Table.Td>
            <Table.Td><RatioPercentInput form={form} path={`body.evaluation.gradeShares.${i}.share`} size="xs" max={100} /></Table.Td>
            <Table.Td><RemoveButton label="删除该等级" disabled={ev.gradeShares.length <= 2} onClick={() => form.removeListItem('body.evaluation.gradeShares', i)} /></Table.Td>
          </Table.Tr>
        ))}
      </EditTable>
    </Stack>
  );
}

function RuleCard({ form, index, rule }: { form: Form; index: number; rule: MonitoringRule }) {
  const base = `body.monitoring.rules.${index}`;
  return (
    <Paper withBorder radius="sm" p="sm">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm">
            <Badge variant="light" color="gray" radius="sm">第 {index + 1} 条</Badge>
            <Text size="sm" fw={600}>{MONITORING_RULE_KIND_LABELS[rule.kind]}</Text>
            {'level' in rule ? (
              <Select size="xs" w={130} aria-label="预警级别" data={LEVEL_OPTIONS} allowDeselect={false} {...form.getInputProps(`${base}.level`)} />
            ) : null}
          </Group>
          <RemoveButton label="删除该规则" onClick={() => form.removeListItem('body.monitoring.rules', index)} />
        </Group>
        {rule.kind === 'nodeFloor' ? (
          <EditTable
            head={['数据截至', '执行率低于', '']}
            widths={[160, 180, 56]}
            maw={420}
            error={form.errors[`${base}.floors`]}
            onAdd={() => form.insertListItem(`${base}.floors`, { month: 12, minRate: 90 })}
            addLabel="添加节点"
          >
            {rule.floors.map((_, j) => (
              <Table.Tr key={j}>
                <Table.Td>
                  <MonthSelect form={form} path={`${base}.floors.${j}.month`} prefix="1–" />
                </Table.Td>
                <Table.Td><CellNumber form={form} path={`${base}.floors.${j}.minRate`} label="执行率低于" suffix="%" /></Table.Td>
                <Table.Td><RemoveButton label="删除该节点" disabled={rule.floors.length <= 1} onClick={() => form.removeListItem(`${base}.floors`, j)} /></Table.Td>
              </Table.Tr>
            ))}
          </EditTable>
        ) : rule.kind === 'timeGap' ? (
          <Group align="flex-start" gap="md">
            <Box w={240}><NullableNumber form={form} path={`${base}.maxGapPoints`} label="进度差超过" description="时间进度−执行率；留空不设" suffix=" 个百分点" /></Box>
            <Box w={240}><NullableNumber form={form} path={`${base}.maxRelativeDeviation`} label="相对偏差超过" description="进度差÷时间进度；留空不设" suffix="%" /></Box>
          </Group>
        ) : rule.kind === 'targetExecutionGap' ? (
          <NumberInput label="目标完成进度与执行率相差超过" min={0} max={100} decimalScale={2} suffix=" 个百分点" w={280} {...form.getInputProps(`${base}.maxGapPoints`)} />
        ) : rule.kind === 'keySelection' ? (
          <Group align="flex-start" gap="md">
            <Box w={140}><MonthSelect form={form} path={`${base}.month`} label="截至月末" /></Box>
            <WanInput form={form} path={`${base}.minAmountFen`} label="预算金额不低于" />
            <NumberInput label="且执行率不高于" min={0} max={100} decimalScale={2} suffix="%" w={180} {...form.getInputProps(`${base}.maxRate`)} />
          </Group>
        ) : null}
        <Text size="xs" c="dimmed">{describeRuleSafe(rule)}</Text>
      </Stack>
    </Paper>
  );
}

/** The sentence under a rule card; half-typed numbers must not break it. */
function describeRuleSafe(rule: MonitoringRule): string {
  try {
    return describeRule(rule).join('；');
  } catch {
    return '';
  }
}

function MonthSelect({ form, path, label, prefix = '' }: { form: Form; path: string; label?: string; prefix?: string }) {
  const props = form.getInputProps(path);
  const v: unknown = props.value;
  return (
    <Select
      size={label ? 'sm' : 'xs'}
      label={label}
      aria-label={label ? undefined : '月份'}
      data={MONTH_OPTIONS.map((o) => ({ value: o.value, label: `${prefix}${o.label}` }))}
      allowDeselect={false}
      value={typeof v === 'number' ? String(v) : null}
      onChange={(x) => form.setFieldValue(path, Number(x))}
      error={props.error}
    />
  );
}

function MonitoringSection({ form }: { form: Form }) {
  const m = form.values.body.monitoring;
  return (
    <Stack gap="md" maw={980}>
      <SimpleGrid cols={2} spacing="md">
        <Radio.Group label="时间进度口径" {...form.getInputProps('body.monitoring.timeProgress')}>
          <Stack gap={6} mt={6}>
            {(['months', 'days'] as const).map((t) => <Radio key={t} value={t} label={TIME_PROGRESS_LABELS[t]} />)}
          </Stack>
        </Radio.Group>
        <Radio.Group label="执行率口径" description="执行率 = 1–N月执行数 ÷ 所选预算数" {...form.getInputProps('body.monitoring.executionBase')}>
          <Stack gap={6} mt={6}>
            {(['annualBudget', 'initialBudget'] as const).map((t) => <Radio key={t} value={t} label={EXECUTION_BASE_LABELS[t]} />)}
          </Stack>
        </Radio.Group>
      </SimpleGrid>

      <SectionTitle title="默认监控批次" />
      <EditTable
        head={['数据截至', '监控对象', '监控类型', '']}
        maw={640}
        widths={[160, 200, 200, 56]}
        empty={m.rounds.length === 0}
        onAdd={() => form.insertListItem('body.monitoring.rounds', { month: 8, objectType: 'project', kind: 'self' })}
        addLabel="添加批次"
      >
        {m.rounds.map((_, i) => (
          <Table.Tr key={i}>
            <Table.Td><MonthSelect form={form} path={`body.monitoring.rounds.${i}.month`} prefix="1–" /></Table.Td>
            <Table.Td>
              <Select size="xs" aria-label="监控对象" allowDeselect={false} data={(['project', 'unitOverall'] as const).map((o) => ({ value: o, label: GOAL_OWNER_TYPE_LABELS[o] }))} {...form.getInputProps(`body.monitoring.rounds.${i}.objectType`)} />
            </Table.Td>
            <Table.Td>
              <Select size="xs" aria-label="监控类型" allowDeselect={false} data={(['self', 'key'] as const).map((o) => ({ value: o, label: MONITORING_KIND_LABELS[o] }))} {...form.getInputProps(`body.monitoring.rounds.${i}.kind`)} />
            </Table.Td>
            <Table.Td><RemoveButton label="删除该批次" onClick={() => form.removeListItem('body.monitoring.rounds', i)} /></Table.Td>
          </Table.Tr>
        ))}
      </EditTable>

      <SectionTitle title="预警规则">
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} />}>添加预警规则</Button>
          </Menu.Target>
          <Menu.Dropdown>
            {MONITORING_RULE_KINDS.map((k) => (
              <Menu.Item key={k} onClick={() => form.insertListItem('body.monitoring.rules', structuredClone(NEW_RULES[k]))}>
                {MONITORING_RULE_KIND_LABELS[k]}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </SectionTitle>
      {m.rules.length === 0 ? <Text size="sm" c="dimmed">（未设预警规则）</Text> : null}
      {m.rules.map((rule, i) => <RuleCard key={i} form={form} index={i} rule={rule} />)}

      <NullableNumber
        form={form}
        path="body.monitoring.decisionWindowWorkingDays"
        label="决策时限"
        description="预警后须在该时限内选择继续执行、调剂或取消；留空表示不设时限"
        suffix=" 个工作日"
        max={60}
        integer
        w={360}
      />
    </Stack>
  );
}

function LinkageSection({ form }: { form: Form }) {
  const rows = form.values.body.linkage;
  const unused = form.values.body.grades.find((g) => !rows.some((r) => r.grade === g.grade))?.grade;
  return (
    <Stack gap="md" maw={900}>
      <Text size="sm" c="dimmed">评价等级与下一年度预算安排的挂钩；每个等级都应有一条规则。压减比例填写区间（如 10%–30%），优先保障、保障不需填写比例。</Text>
      <EditTable
        head={['等级', '预算安排', '比例下限', '比例上限', '']}
        maw={700}
        widths={[120, 200, 150, 150, 56]}
        error={form.errors['body.linkage']}
        onAdd={() => form.insertListItem('body.linkage', { grade: unused ?? 'poor', action: 'reduce', pctMin: 10, pctMax: 10 })}
        addLabel="添加挂钩规则"
      >
        {rows.map((l, i) => {
          const pctUsed = l.action === 'reduce' || l.action === 'cancel';
          return (
            <Table.Tr key={i}>
              <Table.Td><Select size="xs" aria-label="等级" data={GRADE_OPTIONS} allowDeselect={false} {...form.getInputProps(`body.linkage.${i}.grade`)} /></Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  aria-label="预算安排"
                  allowDeselect={false}
                  data={LINKAGE_ACTIONS.map((a) => ({ value: a, label: LINKAGE_ACTION_LABELS[a] }))}
                  value={l.action}
                  onChange={(v) => {
                    const action = LINKAGE_ACTIONS.find((a) => a === v);
                    if (!action) return;
                    // 优先保障/保障 carry no percentage; 取消 means all of it unless the officer narrows it.
                    const pct = action === 'cancel' ? 100 : action === 'reduce' ? 10 : 0;
                    form.setFieldValue(`body.linkage.${i}`, { ...l, action, pctMin: pct, pctMax: pct });
                  }}
                  error={form.errors[`body.linkage.${i}.action`]}
                />
              </Table.Td>
              <Table.Td><CellNumber form={form} path={`body.linkage.${i}.pctMin`} label="比例下限" suffix="%" disabled={!pctUsed} /></Table.Td>
              <Table.Td><CellNumber form={form} path={`body.linkage.${i}.pctMax`} label="比例上限" suffix="%" disabled={!pctUsed} /></Table.Td>
              <Table.Td><RemoveButton label="删除该规则" onClick={() => form.removeListItem('body.linkage', i)} /></Table.Td>
            </Table.Tr>
          );
        })}
      </EditTable>
    </Stack>
  );
}

const SECTION_VIEWS: Record<Section, (p: { form: Form }) => ReactNode> = {
  basic: BasicSection,
  grades: GradesSection,
  selfEvaluation: SelfEvaluationSection,
  goals: GoalsSection,
  goalReview: GoalReviewSection,
  exAnte: ExAnteSection,
  evaluation: EvaluationSection,
  monitoring: MonitoringSection,
  linkage: LinkageSection,
};

// ------------------------------------------------------------------------------------ editor

/** The whole profile as one form; saving with a note makes a new version (old scores keep theirs). */
export function ProfileEditor({ profile, onClose }: { profile: ProfileDto; onClose(): void }) {
  const save = useApiMutation('profiles.save', { quiet: true });
  const validate = useMemo(() => makeValidate(profile.id), [profile.id]);
  // After the first attempt, every field's message and the summary follow the officer's fixes.
  const attempted = useRef(false);
  const form = useForm<ProfileFormValues>({
    mode: 'controlled',
    initialValues: { name: profile.name, description: profile.description, note: '', body: structuredClone(profile.body) },
    validate,
    onValuesChange: (values) => {
      if (attempted.current) form.setErrors(validate(values));
    },
  });
  const [tab, setTab] = useState<Section>('basic');

  // In the order of the tabs, the footer's 修改说明 last, so the list reads like the form.
  const order = (path: string) => (path === 'note' ? SECTIONS.length : SECTIONS.indexOf(sectionOf(path)));
  const problems = Object.entries(form.errors)
    .filter(([, m]) => Boolean(m))
    .sort(([a], [b]) => order(a) - order(b));
  const countBySection = problems.reduce<Partial<Record<Section, number>>>((acc, [path]) => {
    if (path === 'note') return acc; // the note sits in the footer, not in a section
    const s = sectionOf(path);
    acc[s] = (acc[s] ?? 0) + 1;
    return acc;
  }, {});

  const onValid = (v: ProfileFormValues) => {
    save.mutate(
      { id: profile.id, name: v.name.trim(), description: v.description.trim(), note: v.note.trim(), body: v.body },
      {
        onSuccess: (p) => {
          notifySuccess(p.version > profile.currentVersion ? `“${p.name}”已保存为第 ${p.version} 版。` : `“${p.name}”的名称和说明已保存，规则内容未改动，版本仍为第 ${p.version} 版。`);
          onClose();
        },
        onError: (e) => {
          const applied = applyApiErrors(form, e, (f) => f);
          if (applied.length === 0) notifyError(e);
        },
      },
    );
  };
  const onInvalid = (errors: FormErrors) => {
    attempted.current = true;
    const first = Object.keys(errors)[0];
    if (first && sectionOf(first) !== tab && !first.startsWith('note')) setTab(sectionOf(first));
  };

  const dirty = form.isDirty();
  const View = SECTION_VIEWS[tab];

  return (
    <Modal
      opened
      onClose={onClose}
      fullScreen
      closeOnClickOutside={false}
      closeOnEscape={!dirty}
      title={<Text fw={600}>编辑规则方案：{profile.name}（当前第 {profile.currentVersion} 版）</Text>}
      styles={{ body: { height: 'calc(100dvh - 60px)', display: 'flex', flexDirection: 'column', paddingBottom: 0 } }}
    >
      <form onSubmit={(e) => form.onSubmit(onValid, onInvalid)(e)} noValidate style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
        {problems.length > 0 ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={`还有 ${problems.length} 处问题，改正后才能保存`} mb="sm" p="sm">
            <ScrollArea.Autosize mah={120}>
              <Stack gap={2}>
                {problems.map(([path, message]) => (
                  <UnstyledButton key={path} onClick={() => (path === 'note' ? form.getInputNode('note')?.focus() : setTab(sectionOf(path)))} style={{ textAlign: 'left' }}>
                    <Text size="sm"><Text span fw={600}>{describePath(path)}</Text>：{message}</Text>
                  </UnstyledButton>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Alert>
        ) : null}
        <Group align="stretch" gap="md" wrap="nowrap" style={{ flex: 1, minHeight: 0 }}>
          <Tabs
            orientation="vertical"
            variant="pills"
            value={tab}
            onChange={(v) => {
              const s = SECTIONS.find((x) => x === v);
              if (s) setTab(s);
            }}
            w={180}
            styles={{ tab: { justifyContent: 'flex-start' }, tabLabel: { flex: 1, textAlign: 'left' } }}
          >
            <Tabs.List w="100%">
              {SECTIONS.map((s) => (
                <Tabs.Tab
                  key={s}
                  value={s}
                  rightSection={countBySection[s] ? <Badge size="xs" color="red" variant={tab === s ? 'white' : 'filled'} circle>{countBySection[s]}</Badge> : null}
                >
                  {PROFILE_SECTION_LABELS[s]}
                </Tabs.Tab>
              ))}
            </Tabs.List>
          </Tabs>
          <ScrollArea style={{ flex: 1 }} type="auto" offsetScrollbars>
            <Stack gap="md" pb="md" pr="md">
              <Title order={4}>{PROFILE_SECTION_LABELS[tab]}</Title>
              <View form={form} />
            </Stack>
          </ScrollArea>
        </Group>
        <Paper withBorder={false} py="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
          <Group align="flex-start" justify="space-between" wrap="nowrap">
            <TextInput
              label="修改说明"
              description={`保存时记入版本历史。规则内容有改动时保存为第 ${profile.currentVersion + 1} 版；已保存的评分、审核结果仍按其当时使用的版本，不受影响。`}
              placeholder="例如：按 2026 年州财政局通知调整监控预警线"
              withAsterisk
              maxLength={200}
              style={{ flex: 1, maxWidth: 760 }}
              {...form.getInputProps('note')}
            />
            <Group gap="xs" mt={46} wrap="nowrap">
              <Button variant="default" onClick={onClose}>取消</Button>
              <Button variant="default" disabled={!dirty} onClick={() => form.reset()}>撤销全部修改</Button>
              <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={save.isPending}>保存为新版本</Button>
            </Group>
          </Group>
        </Paper>
      </form>
    </Modal>
  );
}
