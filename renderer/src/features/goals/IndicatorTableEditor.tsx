import { Fragment, useState } from 'react';
import {
  ActionIcon, Badge, Box, Button, Checkbox, Group, NativeSelect, SimpleGrid, Table, Text, TextInput, Textarea, Tooltip,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconBooks, IconChevronDown, IconPlus, IconTrash } from '@tabler/icons-react';
import {
  LEVEL1, LEVEL2, OPERATOR_LABELS, VALUE_BASES, VALUE_BASIS_LABELS, fitsFramework, type Level1Code,
} from '../../../../shared/domain/indicators.ts';
import { GOAL_VALUE_TYPE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { level2Options } from '../../../../shared/rules/goalValidation.ts';
import { parseTargetValue } from '../../../../shared/rules/targetValue.ts';
import { blankRow, level1Headings, moveWithinGroup, parseRowTarget, type IndicatorRowState, type Template } from './goalModel.ts';

interface Props {
  /** Rows in display order (grouped by 一级 → 二级). */
  rows: IndicatorRowState[];
  template: Template;
  /** 中期指标值 is asked for project sheets only. */
  showMidTerm: boolean;
  onChange(rows: IndicatorRowState[]): void;
  onOpenLibrary(): void;
}

const VALUE_TYPE_OPTIONS = (['quantitative', 'qualitative'] as const).map((v) => ({ value: v, label: GOAL_VALUE_TYPE_LABELS[v] }));
const VALUE_BASIS_OPTIONS = VALUE_BASES.map((v) => ({ value: v, label: VALUE_BASIS_LABELS[v] }));

/**
 * 绩效指标 as an editable table grouped 一级 → 二级, the way the 申报表 prints it. The 指标值 is typed
 * as officers write it ("≥95%", "≤30天", "效果明显") and read live with the same parser the backend
 * uses, so a value that will not be accepted is red before anything is saved.
 */
export function IndicatorTableEditor({ rows, template, showMidTerm, onChange, onOpenLibrary }: Props) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const headings = level1Headings(template, rows);
  const colCount = showMidTerm ? 10 : 9;

  const patch = (key: string, p: Partial<IndicatorRowState>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...p } : r)));
  const add = (level1: Level1Code = 'output') => {
    const row = blankRow(template, level1);
    onChange([...rows, row]);
    // Focus the new row's name once it is rendered.
    requestAnimationFrame(() => document.querySelector<HTMLInputElement>(`[data-goal-field="${row.key}:name"]`)?.focus());
  };
  const remove = (key: string) => onChange(rows.filter((r) => r.key !== key));
  const toggle = (key: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <Box data-goal-field="indicators">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Text fw={600}>绩效指标</Text>
          <Badge variant="light" color="gray" radius="sm">{rows.length} 个</Badge>
          <Text size="xs" c="dimmed">
            {template === 'A' ? '模板 A：成本指标列在“产出指标”下' : '模板 B：成本指标为单独的一级指标'}
          </Text>
        </Group>
        <Group gap="xs">
          <Button size="xs" variant="light" leftSection={<IconBooks size={14} />} onClick={onOpenLibrary}>从指标库添加</Button>
          <Button size="xs" variant="default" leftSection={<IconPlus size={14} />} onClick={() => add()}>添加指标</Button>
        </Group>
      </Group>
      <Table.ScrollContainer minWidth={1120}>
        <Table withTableBorder withColumnBorders verticalSpacing={6} horizontalSpacing={6} layout="fixed">
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th w={46} ta="center">序号</Table.Th>
              <Table.Th w={124}>一级指标</Table.Th>
              <Table.Th w={172}>二级指标</Table.Th>
              <Table.Th>三级指标名称</Table.Th>
              <Table.Th w={96}>指标值类型</Table.Th>
              <Table.Th w={168}>年度指标值</Table.Th>
              <Table.Th w={84}>计量单位</Table.Th>
              {showMidTerm ? <Table.Th w={100}>中期指标值</Table.Th> : null}
              <Table.Th w={48} ta="center">核心</Table.Th>
              <Table.Th w={118} ta="center">操作</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {headings.map((l1) => {
              const inGroup = rows.filter((r) => r.level1 === l1);
              const outside = !level2Options(template, l1).length;
              return (
                <Fragment key={l1}>
                  <Table.Tr bg="gray.1">
                    <Table.Td colSpan={colCount} py={4}>
                      <Group justify="space-between" wrap="nowrap">
                        <Group gap="xs">
                          <Text size="sm" fw={700}>{LEVEL1[l1]}</Text>
                          <Text size="xs" c="dimmed">{inGroup.length > 0 ? `${inGroup.length} 个` : '（尚无指标）'}</Text>
                          {outside ? <Badge size="xs" color="orange" variant="light">不属于模板 {template}</Badge> : null}
                        </Group>
                        {!outside ? (
                          <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={12} />} onClick={() => add(l1)}>
                            添加{LEVEL1[l1]}
                          </Button>
                        ) : null}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {inGroup.map((r, gi) => {
                    const index = rows.indexOf(r);
                    const firstOfL2 = gi === 0 || inGroup[gi - 1]?.level2 !== r.level2;
                    const sameL2 = inGroup.filter((x) => x.level2 === r.level2);
                    const pos = sameL2.indexOf(r);
                    const open = expanded.has(r.key);
                    return (
                      <Fragment key={r.key}>
                        {firstOfL2 ? (
                          <Table.Tr>
                            <Table.Td colSpan={colCount} py={2} pl={48} bg="gray.0">
                              <Text size="xs" c="dimmed" fw={600}>{LEVEL2[r.level2]}（{sameL2.length}）</Text>
                            </Table.Td>
                          </Table.Tr>
                        ) : null}
                        <Table.Tr data-goal-row={r.key} style={{ verticalAlign: 'top' }}>
                          <Table.Td ta="center"><Text size="sm" mt={4}>{index + 1}</Text></Table.Td>
                          <Table.Td>
                            <NativeSelect
                              size="xs"
                              aria-label={`第 ${index + 1} 行一级指标`}
                              data={headings.map((l) => ({ value: l, label: LEVEL1[l] }))}
                              value={r.level1}
                              onChange={(e) => {
                                const l1v = e.currentTarget.value as Level1Code;
                                const opts = level2Options(template, l1v);
                                patch(r.key, { level1: l1v, level2: opts.includes(r.level2) ? r.level2 : (opts[0] ?? r.level2) });
                              }}
                            />
                          </Table.Td>
                          <Table.Td>
                            <NativeSelect
                              size="xs"
                              aria-label={`第 ${index + 1} 行二级指标`}
                              data-goal-field={`${r.key}:level2`}
                              data={[...new Set([...level2Options(template, r.level1), r.level2])].map((l) => ({ value: l, label: LEVEL2[l] }))}
                              value={r.level2}
                              error={!fitsFramework(template, r.level1, r.level2)}
                              onChange={(e) => patch(r.key, { level2: e.currentTarget.value as IndicatorRowState['level2'] })}
                            />
                          </Table.Td>
                          <Table.Td>
                            <TextInput
                              size="xs"
                              aria-label={`第 ${index + 1} 行三级指标名称`}
                              data-goal-field={`${r.key}:name`}
                              placeholder="如：培训人次、设备完好率"
                              value={r.name}
                              maxLength={60}
                              onChange={(e) => patch(r.key, { name: e.currentTarget.value })}
                            />
                            {r.libraryId ? <Text size="10px" c="dimmed" mt={2}>来自指标库</Text> : null}
                          </Table.Td>
                          <Table.Td>
                            <NativeSelect
                              size="xs"
                              aria-label={`第 ${index + 1} 行指标值类型`}
                              data-goal-field={`${r.key}:operator`}
                              data={VALUE_TYPE_OPTIONS}
                              value={r.valueType}
                              onChange={(e) => {
                                const valueType = e.currentTarget.value === 'qualitative' ? 'qualitative' : 'quantitative';
                                patch(r.key, { valueType, operator: valueType === 'qualitative' ? 'qualitative' : r.operator === 'qualitative' ? '>=' : r.operator });
                              }}
                            />
                          </Table.Td>
                          <Table.Td>
                            <TargetCell
                              row={r}
                              index={index}
                              onChange={(targetText) => patch(r.key, { targetText })}
                              onUnitFound={(unit) => patch(r.key, { unit })}
                            />
                          </Table.Td>
                          <Table.Td>
                            <TextInput
                              size="xs"
                              aria-label={`第 ${index + 1} 行计量单位`}
                              data-goal-field={`${r.key}:unit`}
                              placeholder={r.valueType === 'quantitative' ? '如 %、人次' : ''}
                              value={r.unit}
                              maxLength={20}
                              onChange={(e) => patch(r.key, { unit: e.currentTarget.value })}
                            />
                          </Table.Td>
                          {showMidTerm ? (
                            <Table.Td>
                              <TextInput
                                size="xs"
                                aria-label={`第 ${index + 1} 行中期指标值`}
                                value={r.midTermText}
                                maxLength={200}
                                onChange={(e) => patch(r.key, { midTermText: e.currentTarget.value })}
                              />
                            </Table.Td>
                          ) : null}
                          <Table.Td ta="center">
                            <Checkbox
                              mt={4}
                              size="xs"
                              styles={{ body: { justifyContent: 'center' } }}
                              aria-label={`第 ${index + 1} 行为核心指标`}
                              checked={r.isCore}
                              onChange={(e) => patch(r.key, { isCore: e.currentTarget.checked })}
                            />
                          </Table.Td>
                          <Table.Td>
                            <Group gap={2} justify="center" wrap="nowrap">
                              <Tooltip label={open ? '收起说明' : '指标解释、评分标准等'}>
                                <ActionIcon size="sm" variant={open ? 'light' : 'subtle'} color="gray" aria-label={open ? `收起第 ${index + 1} 行说明` : `展开第 ${index + 1} 行说明`} aria-expanded={open} onClick={() => toggle(r.key)}>
                                  <IconChevronDown size={14} style={{ transform: open ? 'rotate(180deg)' : undefined, transition: 'transform 120ms' }} />
                                </ActionIcon>
                              </Tooltip>
                              <ActionIcon size="sm" variant="subtle" color="gray" aria-label={`上移第 ${index + 1} 行`} disabled={pos <= 0} onClick={() => onChange(moveWithinGroup(rows, r.key, -1))}>
                                <IconArrowUp size={14} />
                              </ActionIcon>
                              <ActionIcon size="sm" variant="subtle" color="gray" aria-label={`下移第 ${index + 1} 行`} disabled={pos >= sameL2.length - 1} onClick={() => onChange(moveWithinGroup(rows, r.key, 1))}>
                                <IconArrowDown size={14} />
                              </ActionIcon>
                              <ActionIcon size="sm" variant="subtle" color="red" aria-label={`删除第 ${index + 1} 行`} onClick={() => remove(r.key)}>
                                <IconTrash size={14} />
                              </ActionIcon>
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                        {open ? (
                          <Table.Tr>
                            <Table.Td colSpan={colCount} bg="gray.0" px="md" py="sm">
                              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" verticalSpacing="xs">
                                <Textarea
                                  size="xs"
                                  label="指标解释"
                                  description="指标的含义、计算口径"
                                  autosize
                                  minRows={2}
                                  maxLength={500}
                                  value={r.explanation}
                                  onChange={(e) => patch(r.key, { explanation: e.currentTarget.value })}
                                />
                                <Textarea
                                  size="xs"
                                  label="评（扣）分标准"
                                  description="自评时按什么标准打分"
                                  autosize
                                  minRows={2}
                                  maxLength={300}
                                  value={r.scoringRule}
                                  onChange={(e) => patch(r.key, { scoringRule: e.currentTarget.value })}
                                />
                                <NativeSelect
                                  size="xs"
                                  label="取值依据"
                                  data={VALUE_BASIS_OPTIONS}
                                  value={r.valueBasis}
                                  onChange={(e) => patch(r.key, { valueBasis: e.currentTarget.value as IndicatorRowState['valueBasis'] })}
                                />
                                <TextInput
                                  size="xs"
                                  label="数据来源"
                                  placeholder="如：培训签到表、验收报告"
                                  maxLength={200}
                                  value={r.dataSource}
                                  onChange={(e) => patch(r.key, { dataSource: e.currentTarget.value })}
                                />
                              </SimpleGrid>
                            </Table.Td>
                          </Table.Tr>
                        ) : null}
                      </Fragment>
                    );
                  })}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Box>
  );
}

/** The 指标值 cell: the text as typed, what it was read as, or the parser's reason in red. */
function TargetCell({ row, index, onChange, onUnitFound }: {
  row: IndicatorRowState;
  index: number;
  onChange(text: string): void;
  /** The unit written in the value ("≥12000人"), offered to an empty 计量单位 column on leaving the cell. */
  onUnitFound(unit: string): void;
}) {
  const text = row.targetText;
  const parsed = text.trim() ? parseRowTarget(row) : null;
  const error = parsed && !parsed.ok ? parsed.message : undefined;
  let hint: string | null = null;
  let warn: string | null = null;
  if (parsed?.ok) {
    const v = parsed.value;
    if (v.valueType === 'quantitative') {
      hint = `读作：${OPERATOR_LABELS[v.operator]} ${v.valueText ?? v.value ?? ''}${v.unit ? ` ${v.unit}` : ''}${v.operatorDefaulted ? '（未写比较符，按“≥”处理）' : ''}`;
    } else {
      // A 定性 row whose text is clearly a number was probably meant as 定量.
      const asQuantity = parseTargetValue(text);
      if (asQuantity.ok && asQuantity.value.valueType === 'quantitative' && !asQuantity.value.operatorDefaulted) warn = '像是定量指标值，是否应选“定量”？';
    }
  }
  const placeholder = row.reference ? `参考值：${row.reference}` : row.valueType === 'quantitative' ? '如 ≥95%、≤30天' : '如 效果明显';
  return (
    <Box>
      <TextInput
        size="xs"
        aria-label={`第 ${index + 1} 行年度指标值`}
        data-goal-field={`${row.key}:targetText`}
        placeholder={placeholder}
        value={text}
        maxLength={200}
        error={error}
        onChange={(e) => onChange(e.currentTarget.value)}
        onBlur={() => {
          if (parsed?.ok && parsed.value.valueType === 'quantitative' && parsed.value.unit && !row.unit.trim()) onUnitFound(parsed.value.unit);
        }}
        styles={{ error: { fontSize: 11, lineHeight: 1.3 } }}
      />
      {hint ? <Text size="11px" c="dimmed" mt={2} lh={1.3}>{hint}</Text> : null}
      {warn ? <Text size="11px" c="orange.8" mt={2} lh={1.3}>{warn}</Text> : null}
    </Box>
  );
}
