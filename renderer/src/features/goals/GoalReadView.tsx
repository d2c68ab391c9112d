import { Badge, Paper, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { GoalIndicatorDto, GoalSheetDto } from '../../../../shared/api/dtoGoals.ts';
import { LEVEL1, LEVEL2, VALUE_BASIS_LABELS } from '../../../../shared/domain/indicators.ts';
import { GOAL_VALUE_TYPE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { formatTarget } from '../../../../shared/rules/targetValue.ts';
import { groupOrder } from './goalModel.ts';

const targetOf = (i: GoalIndicatorDto) =>
  i.targetText || formatTarget({ valueType: i.valueType, operator: i.operator, value: i.targetValue, unit: i.unit, text: '' }) || '—';

/** 总体目标 and 职责 as read-only text blocks. */
export function GoalTexts({ sheet, showMidTerm }: { sheet: Pick<GoalSheetDto, 'ownerType' | 'annualGoal' | 'midTermGoal' | 'unitDuties'>; showMidTerm: boolean }) {
  const blocks: { label: string; text: string; field: string }[] = [
    ...(sheet.ownerType === 'unitOverall' ? [{ label: '部门（单位）职责', text: sheet.unitDuties, field: 'unitDuties' }] : []),
    { label: '年度总体目标', text: sheet.annualGoal, field: 'annualGoal' },
    ...(showMidTerm ? [{ label: '中长期目标', text: sheet.midTermGoal, field: 'midTermGoal' }] : []),
  ];
  return (
    <SimpleGrid cols={{ base: 1, lg: blocks.length > 1 ? 2 : 1 }} spacing="sm">
      {blocks.map((b) => (
        <Paper key={b.label} withBorder radius="sm" p="sm" data-goal-field={b.field}>
          <Text size="xs" c="dimmed" fw={600} mb={4}>{b.label}</Text>
          {b.text.trim() ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{b.text}</Text>
          ) : (
            <Text size="sm" c="dimmed">（未填写）</Text>
          )}
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/**
 * The indicator table as the 申报表 prints it: 一级 and 二级 cells merged over their rows, so a
 * reviewer reads the structure at a glance.
 */
export function IndicatorTableView({ indicators, showMidTerm }: { indicators: GoalIndicatorDto[]; showMidTerm: boolean }) {
  const rows = groupOrder(indicators);
  if (rows.length === 0) {
    return (
      <Paper withBorder radius="sm" p="lg" data-goal-field="indicators">
        <Text size="sm" c="dimmed" ta="center">尚未填写绩效指标</Text>
      </Paper>
    );
  }
  const span = (i: number, same: (a: GoalIndicatorDto, b: GoalIndicatorDto) => boolean) => {
    const r = rows[i];
    if (!r) return 0;
    const prev = rows[i - 1];
    if (prev && same(prev, r)) return 0;
    let n = 1;
    while (rows[i + n] && same(rows[i + n] as GoalIndicatorDto, r)) n++;
    return n;
  };
  const sameL1 = (a: GoalIndicatorDto, b: GoalIndicatorDto) => a.level1 === b.level1;
  const sameL2 = (a: GoalIndicatorDto, b: GoalIndicatorDto) => a.level1 === b.level1 && a.level2 === b.level2;
  return (
    <Table.ScrollContainer minWidth={900} data-goal-field="indicators">
      <Table withTableBorder withColumnBorders verticalSpacing={6} layout="fixed" data-testid="goal-indicator-view">
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th w={96}>一级指标</Table.Th>
            <Table.Th w={118}>二级指标</Table.Th>
            <Table.Th>三级指标</Table.Th>
            <Table.Th w={96} ta="center">指标值类型</Table.Th>
            <Table.Th w={130}>年度指标值</Table.Th>
            {showMidTerm ? <Table.Th w={110}>中期指标值</Table.Th> : null}
            <Table.Th w="22%">指标解释</Table.Th>
            <Table.Th w="18%">评（扣）分标准</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => {
            const s1 = span(i, sameL1);
            const s2 = span(i, sameL2);
            return (
              <Table.Tr key={r.id} data-goal-row={r.id} style={{ verticalAlign: 'top' }}>
                {s1 > 0 ? (
                  <Table.Td rowSpan={s1} bg="gray.0" style={{ verticalAlign: 'middle' }}>
                    <Text size="sm" fw={600}>{LEVEL1[r.level1]}</Text>
                  </Table.Td>
                ) : null}
                {s2 > 0 ? (
                  <Table.Td rowSpan={s2} style={{ verticalAlign: 'middle' }}>
                    <Text size="sm">{LEVEL2[r.level2]}</Text>
                  </Table.Td>
                ) : null}
                <Table.Td>
                  <Text size="sm">
                    {r.name || <Text span c="dimmed">（未命名）</Text>}
                    {r.isCore ? <Badge ml={6} size="xs" variant="light" color="red" radius="sm">核心</Badge> : null}
                  </Text>
                  {r.dataSource ? <Text size="xs" c="dimmed">数据来源：{r.dataSource}</Text> : null}
                </Table.Td>
                <Table.Td ta="center"><Text size="sm">{GOAL_VALUE_TYPE_LABELS[r.valueType]}</Text></Table.Td>
                <Table.Td>
                  <Tooltip label={`取值依据：${VALUE_BASIS_LABELS[r.valueBasis]}`} openDelay={400}>
                    <Text size="sm" fw={500}>{targetOf(r)}</Text>
                  </Tooltip>
                </Table.Td>
                {showMidTerm ? <Table.Td><Text size="sm">{r.midTermText || '—'}</Text></Table.Td> : null}
                <Table.Td><Text size="xs" c={r.explanation ? undefined : 'dimmed'}>{r.explanation || '—'}</Text></Table.Td>
                <Table.Td><Text size="xs" c={r.scoringRule ? undefined : 'dimmed'}>{r.scoringRule || '—'}</Text></Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function GoalReadView({ sheet, showMidTerm }: { sheet: GoalSheetDto; showMidTerm: boolean }) {
  return (
    <Stack gap="sm">
      <GoalTexts sheet={sheet} showMidTerm={showMidTerm} />
      <IndicatorTableView indicators={sheet.indicators} showMidTerm={showMidTerm} />
    </Stack>
  );
}
