import { Fragment } from 'react';
import {
  Badge, Box, Group, MultiSelect, Select, Stack, Table, Text, TextInput, Textarea,
} from '@mantine/core';
import type { Likelihood, MonitoringValueDto, ProgressLight } from '../../../../shared/api/dtoMonitoring.ts';
import { LEVEL1, LEVEL2, OPERATOR_LABELS, type Level1Code, type Level2Code } from '../../../../shared/domain/indicators.ts';
import {
  LIKELIHOOD_LABELS, PROGRESS_LABELS, PROGRESS_LIGHT_COLORS, indicatorCompletion, requiresCorrectiveMeasures,
} from '../../../../shared/rules/monitoring.ts';
import { measureMissing, periodLabel, readValue, type ValueRowState } from './sheetModel.ts';

const L1_ORDER = Object.keys(LEVEL1) as Level1Code[];
const L2_ORDER = Object.keys(LEVEL2) as Level2Code[];
const LIKELIHOODS = ['certain', 'possible', 'impossible'] as const;
const PROGRESSES = ['achieved', 'partial', 'notAchieved'] as const;
export const LIKELIHOOD_COLORS: Record<Likelihood, string> = { certain: 'teal', possible: 'yellow', impossible: 'red' };

const dot = (color: string) => <Box w={10} h={10} style={{ borderRadius: 10, flexShrink: 0, background: `var(--mantine-color-${color}-${color === 'yellow' ? 5 : 6})` }} />;

/** The target as the 申报表 printed it: "≥2000 人次", or the 定性 wording. */
export function targetLabel(v: Pick<MonitoringValueDto, 'valueType' | 'operator' | 'targetValue' | 'targetText' | 'unit'>): string {
  if (v.targetText) return v.targetText;
  if (v.valueType === 'qualitative' || v.targetValue === null) return '—';
  return `${OPERATOR_LABELS[v.operator]}${v.targetValue}${v.unit ? ` ${v.unit}` : ''}`;
}

interface Props {
  month: number;
  /** The indicator rows as pre-filled from the goal (names, targets). */
  values: MonitoringValueDto[];
  /** What the officer has entered, by seq. */
  rows: ValueRowState[];
  causes: { code: string; label: string; active: boolean }[];
  editable: boolean;
  onChange(seq: number, patch: Partial<ValueRowState>): void;
}

/**
 * 指标执行情况 (SPEC §6.3), grouped 一级 → 二级 like the 监控表 prints it. 定量 rows take the 1–N月
 * actual as written ("600人次") and show how far it is towards the target; 定性 rows pick one of
 * the three progress values, shown as a green / yellow / red light. 纠偏措施 stays red while the
 * likelihood is not 确定能 and it is empty.
 */
export function SheetIndicatorTable({ month, values, rows, causes, editable, onChange }: Props) {
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  const ordered = values
    .map((v, i) => ({ v, i }))
    .toSorted((a, b) => L1_ORDER.indexOf(a.v.level1) - L1_ORDER.indexOf(b.v.level1) || L2_ORDER.indexOf(a.v.level2) - L2_ORDER.indexOf(b.v.level2) || a.i - b.i)
    .map((x) => x.v);
  const causeLabel = new Map(causes.map((c) => [c.code, c.label]));
  const colCount = 8;

  if (values.length === 0) {
    return <Text size="sm" c="dimmed" ta="center" py="lg">绩效目标中没有指标。</Text>;
  }

  return (
    <Table.ScrollContainer minWidth={1160}>
      <Table withTableBorder withColumnBorders verticalSpacing={6} horizontalSpacing={6} layout="fixed" data-testid="mon-indicators">
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th w={48} ta="center">序号</Table.Th>
            <Table.Th>三级指标</Table.Th>
            <Table.Th w={110}>年度指标值</Table.Th>
            <Table.Th w={168}>{periodLabel(month)}实际完成值</Table.Th>
            <Table.Th w={128}>全年预计完成值</Table.Th>
            <Table.Th w={200}>偏差原因分析</Table.Th>
            <Table.Th w={134}>完成目标可能性</Table.Th>
            <Table.Th w={204}>纠偏措施</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ordered.map((v, k) => {
            const prev = ordered[k - 1];
            const newL1 = !prev || prev.level1 !== v.level1;
            const newL2 = newL1 || prev?.level2 !== v.level2;
            const r = bySeq.get(v.seq);
            if (!r) return null;
            return (
              <Fragment key={v.seq}>
                {newL1 ? (
                  <Table.Tr bg="gray.1">
                    <Table.Td colSpan={colCount} py={4}><Text size="sm" fw={700}>{LEVEL1[v.level1]}</Text></Table.Td>
                  </Table.Tr>
                ) : null}
                {newL2 ? (
                  <Table.Tr>
                    <Table.Td colSpan={colCount} py={2} pl={48} bg="gray.0"><Text size="xs" c="dimmed" fw={600}>{LEVEL2[v.level2]}</Text></Table.Td>
                  </Table.Tr>
                ) : null}
                <Row index={k} v={v} r={r} month={month} causes={causes} causeLabel={causeLabel} editable={editable} onChange={(p) => onChange(v.seq, p)} />
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Row({ index, v, r, month, causes, causeLabel, editable, onChange }: {
  index: number;
  v: MonitoringValueDto;
  r: ValueRowState;
  month: number;
  causes: Props['causes'];
  causeLabel: Map<string, string>;
  editable: boolean;
  onChange(p: Partial<ValueRowState>): void;
}) {
  const n = index + 1;
  const qualitative = v.valueType === 'qualitative';
  const missing = measureMissing(r);
  const actual = qualitative ? null : readValue(r.actualText, v);
  const expected = qualitative ? null : readValue(r.expectedText, v);
  const completion = actual
    ? indicatorCompletion({ name: v.name, valueType: v.valueType, operator: v.operator, targetValue: v.targetValue, actualValue: actual.value, expectedValue: null, progress: null, likelihood: null })
    : null;
  // Inactive causes stay selectable only where they were already chosen.
  const causeData = causes.filter((c) => c.active || r.causes.includes(c.code)).map((c) => ({ value: c.code, label: c.label }));

  return (
    <Table.Tr data-mon-row={v.seq} style={{ verticalAlign: 'top' }}>
      <Table.Td ta="center"><Text size="sm" mt={4}>{n}</Text></Table.Td>
      <Table.Td>
        <Text size="sm" fw={500} mt={4}>{v.name}</Text>
        <Text size="xs" c="dimmed">{qualitative ? '定性' : `定量${v.unit ? ` · ${v.unit}` : ''}`}</Text>
      </Table.Td>
      <Table.Td><Text size="sm" mt={4} style={{ wordBreak: 'break-all' }}>{targetLabel(v)}</Text></Table.Td>
      <Table.Td>
        {qualitative ? (
          editable ? (
            <Select
              size="xs"
              aria-label={`第 ${n} 行${periodLabel(month)}完成情况`}
              placeholder="选择完成情况"
              data={PROGRESSES.map((p) => ({ value: p, label: PROGRESS_LABELS[p] }))}
              value={r.progress}
              onChange={(p) => onChange({ progress: (p as ProgressLight | null) })}
              leftSection={r.progress ? dot(PROGRESS_LIGHT_COLORS[r.progress]) : null}
              renderOption={({ option }) => (
                <Group gap={6} wrap="nowrap">{dot(PROGRESS_LIGHT_COLORS[option.value as ProgressLight])}<Text size="xs">{option.label}</Text></Group>
              )}
              comboboxProps={{ width: 240, position: 'bottom-start', withinPortal: true }}
              title={r.progress ? PROGRESS_LABELS[r.progress] : undefined}
              data-mon-field={`${v.seq}:progress`}
            />
          ) : r.progress ? (
            <Group gap={6} wrap="nowrap" mt={4}>{dot(PROGRESS_LIGHT_COLORS[r.progress])}<Text size="sm">{PROGRESS_LABELS[r.progress]}</Text></Group>
          ) : (
            <Text size="sm" c="dimmed" mt={4}>未填写</Text>
          )
        ) : editable ? (
          <Box>
            <TextInput
              size="xs"
              aria-label={`第 ${n} 行${periodLabel(month)}实际完成值`}
              placeholder={v.unit === '%' ? '如 85%' : v.unit ? `如 600${v.unit}` : '如 600'}
              maxLength={200}
              value={r.actualText}
              error={actual?.error ?? undefined}
              styles={{ error: { fontSize: 11, lineHeight: 1.3 } }}
              onChange={(e) => onChange({ actualText: e.currentTarget.value })}
              data-mon-field={`${v.seq}:actualText`}
            />
            {completion !== null ? <Text size="11px" c="dimmed" mt={2}>完成年度指标 {completion.toFixed(2)}%</Text> : null}
          </Box>
        ) : (
          <Box mt={4}>
            <Text size="sm">{r.actualText || '—'}</Text>
            {completion !== null ? <Text size="11px" c="dimmed">完成年度指标 {completion.toFixed(2)}%</Text> : null}
          </Box>
        )}
      </Table.Td>
      <Table.Td>
        {editable ? (
          <TextInput
            size="xs"
            aria-label={`第 ${n} 行全年预计完成值`}
            maxLength={200}
            placeholder={qualitative ? '如 达到预期' : ''}
            value={r.expectedText}
            error={expected?.error ?? undefined}
            styles={{ error: { fontSize: 11, lineHeight: 1.3 } }}
            onChange={(e) => onChange({ expectedText: e.currentTarget.value })}
            data-mon-field={`${v.seq}:expectedText`}
          />
        ) : (
          <Text size="sm" mt={4}>{r.expectedText || '—'}</Text>
        )}
      </Table.Td>
      <Table.Td>
        {editable ? (
          <Stack gap={4}>
            <MultiSelect
              size="xs"
              aria-label={`第 ${n} 行偏差原因`}
              placeholder={r.causes.length === 0 ? '选择原因（可多选）' : undefined}
              data={causeData}
              value={r.causes}
              onChange={(c) => onChange({ causes: c })}
              comboboxProps={{ withinPortal: true }}
              data-mon-field={`${v.seq}:causes`}
            />
            {r.causes.length > 0 || r.causeNote ? (
              <Textarea
                size="xs"
                aria-label={`第 ${n} 行原因说明`}
                placeholder="原因说明"
                autosize
                minRows={1}
                maxRows={5}
                maxLength={1000}
                value={r.causeNote}
                onChange={(e) => onChange({ causeNote: e.currentTarget.value })}
                data-mon-field={`${v.seq}:causeNote`}
              />
            ) : null}
          </Stack>
        ) : (
          <Box mt={4}>
            {r.causes.length > 0 ? (
              <Group gap={4}>{r.causes.map((c) => <Badge key={c} size="sm" variant="light" color="gray" radius="sm">{causeLabel.get(c) ?? c}</Badge>)}</Group>
            ) : <Text size="sm" c="dimmed">—</Text>}
            {r.causeNote ? <Text size="xs" mt={2} style={{ whiteSpace: 'pre-wrap' }}>{r.causeNote}</Text> : null}
          </Box>
        )}
      </Table.Td>
      <Table.Td>
        {editable ? (
          <Select
            size="xs"
            aria-label={`第 ${n} 行完成目标可能性`}
            placeholder="请选择"
            data={LIKELIHOODS.map((l) => ({ value: l, label: LIKELIHOOD_LABELS[l] }))}
            value={r.likelihood}
            onChange={(l) => onChange({ likelihood: (l as Likelihood | null) })}
            leftSection={r.likelihood ? dot(LIKELIHOOD_COLORS[r.likelihood]) : null}
            comboboxProps={{ withinPortal: true }}
            data-mon-field={`${v.seq}:likelihood`}
          />
        ) : r.likelihood ? (
          <Badge mt={4} variant="light" color={LIKELIHOOD_COLORS[r.likelihood]} radius="sm">{LIKELIHOOD_LABELS[r.likelihood]}</Badge>
        ) : (
          <Text size="sm" c="dimmed" mt={4}>—</Text>
        )}
      </Table.Td>
      <Table.Td>
        {editable ? (
          <Textarea
            size="xs"
            aria-label={`第 ${n} 行纠偏措施`}
            placeholder={requiresCorrectiveMeasures(r.likelihood) ? '说明拟采取的纠偏措施' : '可能性不是“确定能”时必填'}
            autosize
            minRows={1}
            maxRows={6}
            maxLength={1000}
            value={r.measure}
            error={missing ? '须填写纠偏措施' : undefined}
            onChange={(e) => onChange({ measure: e.currentTarget.value })}
            styles={{ error: { fontSize: 11 } }}
            data-mon-field={`${v.seq}:measure`}
          />
        ) : (
          <Text size="sm" mt={4} c={missing ? 'red.7' : undefined} style={{ whiteSpace: 'pre-wrap' }}>{r.measure || (missing ? '未填写（须填写）' : '—')}</Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
