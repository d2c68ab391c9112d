import { Fragment, type ReactNode } from 'react';
import { Badge, Checkbox, Group, Select, Stack, Table, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { SelfEvalDto } from '../../../../shared/api/dtoSelfEval.ts';
import { LEVEL1, LEVEL2, type Level1Code } from '../../../../shared/domain/indicators.ts';
import { SELF_EVAL_FLAG_LABELS, SELF_EVAL_METHOD_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { QUALITATIVE_RESULT_LABELS, type IndicatorScore, type QualitativeResult, type SelfEvalResult } from '../../../../shared/rules/selfEvaluation.ts';
import { fmt2, points, type RowState } from './selfEvalModel.ts';

const num = { fontVariantNumeric: 'tabular-nums' } as const;
const LEVEL1_ORDER: Level1Code[] = ['output', 'cost', 'benefit', 'satisfaction'];
const RESULT_OPTIONS = (Object.keys(QUALITATIVE_RESULT_LABELS) as QualitativeResult[]).map((k) => ({ value: k, label: QUALITATIVE_RESULT_LABELS[k] }));
const FLAG_COLORS: Record<IndicatorScore['flags'][number], string> = { overCompletion: 'grape', explanationRequired: 'orange', penalty: 'red', deduction: 'red' };

interface Props {
  evaluation: SelfEvalDto;
  rows: RowState[];
  result: SelfEvalResult;
  editable: boolean;
  errors: Record<string, string>;
  onChange(seq: number, patch: Partial<RowState>): void;
}

/**
 * 绩效指标 of the 自评表 grouped by 一级指标 (the group header carries its weight, "产出指标（50分）"):
 * 分值, 实际完成值 (定性: 完成情况 + the evaluator's score with the allowed band), 不适用, 得分 computed
 * live with the evaluation's profile, how it was computed, flags, and 偏差原因分析及改进措施.
 */
export function SelfEvalIndicatorTable({ evaluation, rows, result, editable, errors, onChange }: Props) {
  const indexed = evaluation.rows.map((row, i) => ({ row, i, state: rows[i], score: result.indicators[i] }));
  const groups = LEVEL1_ORDER.map((l1) => ({ l1, items: indexed.filter((x) => x.row.level1 === l1) })).filter((g) => g.items.length > 0);
  return (
    // Fixed columns add up to 800px and 偏差原因 takes the rest: at 1440×900 the table fits its card
    // (about 1,170px inside); narrower windows scroll inside the card, never the page.
    <Table withTableBorder withColumnBorders verticalSpacing={6} horizontalSpacing={6} layout="fixed" data-testid="se-indicators" miw={1000}>
      <Table.Thead bg="gray.0">
        <Table.Tr>
          <Table.Th w={84}>二级指标</Table.Th>
          <Table.Th w={134}>三级指标</Table.Th>
          <Table.Th w={100}>年度指标值</Table.Th>
          <Table.Th w={64} ta="right">分值</Table.Th>
          <Table.Th w={180}>实际完成值</Table.Th>
          <Table.Th w={58} ta="center">不适用</Table.Th>
          <Table.Th w={180} ta="right">得分 / 计算过程</Table.Th>
          <Table.Th>偏差原因分析及改进措施</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {groups.map((g) => {
          const weight = g.items.reduce((s, x) => s + (Number(x.state?.weight) || 0), 0);
          const scored = g.items.reduce((s, x) => s + (x.score?.score ?? 0), 0);
          return (
            <Fragment key={g.l1}>
              <Table.Tr bg="blue.0">
                <Table.Td colSpan={8}>
                  <Group justify="space-between">
                    <Text size="sm" fw={700}>{LEVEL1[g.l1]}（{points(weight)}分）</Text>
                    <Text size="xs" c="dimmed" style={num}>小计得分 {fmt2(scored)}</Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
              {g.items.map(({ row, i, state, score }) =>
                state ? (
                  <IndicatorRow key={row.seq} evaluation={evaluation} index={i} state={state} score={score} editable={editable} errors={errors} onChange={onChange} />
                ) : null,
              )}
            </Fragment>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function IndicatorRow({ evaluation, index, state, score, editable, errors, onChange }: {
  evaluation: SelfEvalDto;
  index: number;
  state: RowState;
  score: IndicatorScore | undefined;
  editable: boolean;
  errors: Record<string, string>;
  onChange(seq: number, patch: Partial<RowState>): void;
}) {
  const row = evaluation.rows[index];
  if (!row) return null;
  const qualitative = row.valueType === 'qualitative';
  const field = (f: string) => `rows.${index}.${f}`;
  const set = (patch: Partial<RowState>) => onChange(row.seq, patch);
  const flagged = score?.flags.includes('explanationRequired') ?? false;
  const needReason = flagged && !state.deviationReason.trim();
  const na = state.notApplicable;

  let actual: ReactNode;
  if (!editable) {
    const text = qualitative ? [state.qualitativeResult ? QUALITATIVE_RESULT_LABELS[state.qualitativeResult] : '', state.actualText].filter(Boolean).join('：') : state.actualText;
    actual = <Text size="sm" c={text ? undefined : 'dimmed'}>{na ? '不适用' : text || '—'}</Text>;
  } else if (qualitative) {
    actual = (
      <Stack gap={4}>
        <Select
          size="xs"
          aria-label={`“${row.name}”完成情况`}
          placeholder="选择完成情况"
          data={RESULT_OPTIONS}
          value={state.qualitativeResult}
          disabled={!editable || na}
          onChange={(v) => set({ qualitativeResult: RESULT_OPTIONS.find((o) => o.value === v)?.value ?? null })}
          comboboxProps={{ withinPortal: true }}
          data-se-field={field('qualitativeResult')}
        />
        <TextInput size="xs" aria-label={`“${row.name}”实际完成情况说明`} placeholder="完成情况说明" value={state.actualText} readOnly={!editable} disabled={na}
          onChange={(e) => set({ actualText: e.currentTarget.value })} />
      </Stack>
    );
  } else {
    actual = (
      <TextInput
        size="xs"
        aria-label={`“${row.name}”实际完成值`}
        placeholder={row.unit ? `实际完成值（${row.unit}）` : '实际完成值'}
        value={state.actualText}
        readOnly={!editable}
        disabled={na}
        error={errors[field('actualText')]}
        onChange={(e) => set({ actualText: e.currentTarget.value })}
        data-se-field={field('actualText')}
        styles={{ error: { fontSize: 11 } }}
      />
    );
  }

  const band = score?.band;
  return (
    <Table.Tr bg={na ? 'gray.0' : undefined} data-testid="se-row">
      <Table.Td><Text size="sm">{LEVEL2[row.level2]}</Text></Table.Td>
      <Table.Td><Text size="sm" fw={500}>{row.name}</Text></Table.Td>
      <Table.Td><Text size="sm">{row.targetText}</Text></Table.Td>
      <Table.Td>
        {editable ? (
          <TextInput size="xs" aria-label={`“${row.name}”分值`} inputMode="decimal" value={state.weight} error={errors[field('weight')]}
            styles={{ input: { textAlign: 'right', ...num }, error: { fontSize: 11 } }} onChange={(e) => set({ weight: e.currentTarget.value })} data-se-field={field('weight')} />
        ) : (
          <Text size="sm" ta="right" style={num}>{state.weight}</Text>
        )}
      </Table.Td>
      <Table.Td>{actual}</Table.Td>
      <Table.Td ta="center">
        <Checkbox aria-label={`“${row.name}”不适用`} checked={na} disabled={!editable} onChange={(e) => set({ notApplicable: e.currentTarget.checked })} styles={{ body: { justifyContent: 'center' } }} />
      </Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-end">
          {qualitative && !na && editable ? (
            <TextInput
              size="xs"
              w={90}
              aria-label={`“${row.name}”得分`}
              placeholder="得分"
              inputMode="decimal"
              value={state.manualScore}
              readOnly={!editable}
              error={errors[field('manualScore')] ?? (score?.problems[0] && state.manualScore ? ' ' : undefined)}
              styles={{ input: { textAlign: 'right', ...num } }}
              onChange={(e) => set({ manualScore: e.currentTarget.value })}
              data-se-field={field('manualScore')}
            />
          ) : (
            <Text size="md" fw={700} style={num} c={na ? 'dimmed' : undefined} data-testid="se-row-score">{na ? '不适用' : fmt2(score?.score)}</Text>
          )}
          {band && !na ? (
            <Text size="xs" c={score?.problems.length ? 'red.7' : 'dimmed'} style={num}>
              区间 [{fmt2(band.min)}, {fmt2(band.max)}{band.maxInclusive ? ']' : ')'}
            </Text>
          ) : null}
          {score ? (
            <Group gap={4} wrap="nowrap">
              <Badge size="xs" variant="light" color="gray" radius="sm">{SELF_EVAL_METHOD_LABELS[score.method]}</Badge>
              <Tooltip label={<Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>{[score.explanation, ...score.problems].filter(Boolean).join('\n')}</Text>} multiline maw={380} withinPortal>
                <IconInfoCircle size={14} color="var(--mantine-color-blue-6)" aria-label={`“${row.name}”计算过程`} style={{ cursor: 'help' }} />
              </Tooltip>
            </Group>
          ) : null}
          {score?.explanation && !na ? <Text size="xs" c="dimmed" ta="right" lineClamp={3} data-testid="se-row-explanation">{score.explanation}</Text> : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          {score && score.flags.length > 0 ? (
            <Group gap={4}>
              {score.flags.map((f) => <Badge key={f} size="xs" color={FLAG_COLORS[f]} variant="light" radius="sm">{SELF_EVAL_FLAG_LABELS[f]}</Badge>)}
            </Group>
          ) : null}
          {!editable ? (
            // Read-only sheets print the reason as text: an empty input box would suggest it can be filled.
            <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>{state.deviationReason || '—'}</Text>
          ) : (
          <Textarea
            size="xs"
            aria-label={`“${row.name}”偏差原因分析及改进措施`}
            placeholder={!editable ? '' : flagged ? '必填：说明未达到（或大幅超过）目标的原因及改进措施' : '选填'}
            autosize
            minRows={1}
            maxRows={5}
            value={state.deviationReason}
            readOnly={!editable}
            error={editable && needReason ? '请填写偏差原因分析及改进措施' : undefined}
            onChange={(e) => set({ deviationReason: e.currentTarget.value })}
            data-se-field={field('deviationReason')}
            styles={{ error: { fontSize: 11 } }}
          />
          )}
          {score?.flags.includes('overCompletion') && editable ? (
            <Checkbox size="xs" label="超额原因是年初指标值设定偏低" checked={state.targetTooLow} onChange={(e) => set({ targetTooLow: e.currentTarget.checked })} />
          ) : null}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}
