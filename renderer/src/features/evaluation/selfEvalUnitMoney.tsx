import type { Dispatch, ReactNode, SetStateAction } from 'react';
import { Alert, Anchor, Badge, Group, Popover, ScrollArea, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import type { SelfEvalDto } from '../../../../shared/api/dtoSelfEval.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import type { SelfEvalResult } from '../../../../shared/rules/selfEvaluation.ts';
import type { BasicField, MoneyLine, UnitOverallMoney } from '../../../../shared/rules/unitOverallMoney.ts';
import { fmt2, parseMoney, pct, type FormState } from './selfEvalModel.ts';

const num = { fontVariantNumeric: 'tabular-nums' } as const;
const FROM_LABELS = { selfEvaluation: '项目自评表', monitoring: '最近一次监控' } as const;

/** What both money tables of the editor take (项目 and 部门整体). */
export interface MoneyTableProps {
  evaluation: SelfEvalDto;
  form: FormState;
  setForm: Dispatch<SetStateAction<FormState>>;
  editable: boolean;
  errors: Record<string, string>;
  result: SelfEvalResult;
  executionWeight: number;
}

type Props = MoneyTableProps & { money: UnitOverallMoney };

type Entry = { personnel: BasicField; public: BasicField };
const ENTRY: Record<'initial' | 'annual' | 'executed', Entry> = {
  initial: { personnel: 'personnelInitialFen', public: 'publicInitialFen' },
  annual: { personnel: 'personnelAnnualFen', public: 'publicAnnualFen' },
  executed: { personnel: 'personnelExecutedFen', public: 'publicExecutedFen' },
};
const STAGE_LABELS = { initial: '年初预算数', annual: '全年预算数', executed: '全年执行数' } as const;

/**
 * 部门（单位）整体支出 money (SPEC §7.3): 基本支出 (人员经费, 公用经费) typed by the unit — the app keeps
 * no basic-expenditure ledger — and 项目支出 summed from the unit's projects (shown, not typed).
 * Every line shows its 执行率; the total carries 分值 and 得分.
 */
export function UnitMoneyTable({ evaluation: e, money: m, form, setForm, editable, errors, result, executionWeight }: Props) {
  const u = e.unitOverall;
  if (!u) return null;
  const complete = m.total.executedFen !== null;
  const amount = (fen: number | null, strong?: boolean) => <Text size="sm" ta="right" style={num} fw={strong ? 600 : undefined}>{fen === null ? '—' : formatWan(fen)}</Text>;
  const input = (field: BasicField, label: string) =>
    editable ? (
      <TextInput
        size="xs"
        aria-label={`${label}（万元）`}
        inputMode="decimal"
        placeholder="必填"
        value={form.basic[field]}
        error={errors[`basic.${field}`]}
        styles={{ input: { textAlign: 'right', ...num }, error: { fontSize: 11 } }}
        onChange={(ev) => {
          const v = ev.currentTarget.value;
          setForm((f) => ({ ...f, basic: { ...f.basic, [field]: v } }));
        }}
        data-se-field={`basic.${field}`}
      />
    ) : (
      amount((() => { const v = parseMoney(form.basic[field]); return typeof v === 'number' ? v : null; })())
    );
  const computed = (label: string, l: MoneyLine, opts: { strong?: boolean; testId?: string; extra?: ReactNode } = {}) => (
    <Table.Tr data-testid={opts.testId}>
      <Table.Td><Group gap={6} wrap="nowrap"><Text size="sm" fw={opts.strong ? 600 : undefined}>{label}</Text>{opts.extra}</Group></Table.Td>
      <Table.Td>{amount(l.initialFen, opts.strong)}</Table.Td>
      <Table.Td>{amount(l.annualFen, opts.strong)}</Table.Td>
      <Table.Td>{amount(l.executedFen, opts.strong)}</Table.Td>
      <Table.Td ta="right"><Text size="sm" style={num}>{opts.strong ? executionWeight : '—'}</Text></Table.Td>
      <Table.Td ta="right"><Text size="sm" style={num} fw={opts.strong ? 600 : undefined}>{pct(l.rate)}</Text></Table.Td>
      <Table.Td ta="right"><Text size="sm" style={num} fw={700}>{opts.strong ? (complete ? fmt2(result.executionScore) : '') : '—'}</Text></Table.Td>
    </Table.Tr>
  );
  const entered = (who: 'personnel' | 'public', label: string, l: MoneyLine) => (
    <Table.Tr>
      <Table.Td><Text size="sm" pl="md">{label}</Text></Table.Td>
      {(['initial', 'annual', 'executed'] as const).map((stage) => (
        <Table.Td key={stage}>{input(ENTRY[stage][who], `${label}${STAGE_LABELS[stage]}`)}</Table.Td>
      ))}
      <Table.Td ta="right"><Text size="sm">—</Text></Table.Td>
      <Table.Td ta="right"><Text size="sm" style={num}>{pct(l.rate)}</Text></Table.Td>
      <Table.Td ta="right"><Text size="sm">—</Text></Table.Td>
    </Table.Tr>
  );
  const missing = u.projects.filter((p) => p.executedFen === null);
  const changed = editable && (u.project.initialFen !== u.projectNow.initialFen || u.project.annualFen !== u.projectNow.annualFen || u.project.executedFen !== u.projectNow.executedFen);
  return (
    <Stack gap="xs">
      <Table withTableBorder withColumnBorders verticalSpacing={6} horizontalSpacing={8} layout="fixed" data-testid="se-unit-money">
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th w={170}>资金</Table.Th>
            <Table.Th ta="right">年初预算数</Table.Th>
            <Table.Th ta="right">全年预算数</Table.Th>
            <Table.Th ta="right">全年执行数</Table.Th>
            <Table.Th ta="right" w={64}>分值</Table.Th>
            <Table.Th ta="right" w={96}>执行率</Table.Th>
            <Table.Th ta="right" w={84}>得分</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {computed('年度资金总额', m.total, { strong: true, testId: 'se-unit-total' })}
          {computed('基本支出（小计）', m.basic)}
          {entered('personnel', '人员经费', m.personnel)}
          {entered('public', '公用经费', m.public)}
          {computed('项目支出', m.project, { testId: 'se-unit-project', extra: <ProjectList evaluation={e} /> })}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        基本支出由单位按本单位账务（决算）填写，本系统不记录基本支出台账；没有的填 0。项目支出为本单位 {u.projects.length} 个项目的合计，不需填写：预算数取项目库，全年执行数取各项目自评表，未自评的取最近一次监控数。
      </Text>
      {changed ? (
        <Alert color="blue" variant="light" py={6} icon={<IconInfoCircle size={16} />} data-testid="se-unit-project-changed">
          <Text size="sm">项目数据在上次保存后有变化（项目支出全年预算数 {formatWan(u.project.annualFen)} → {formatWan(u.projectNow.annualFen)}，全年执行数 {formatWan(u.project.executedFen)} → {formatWan(u.projectNow.executedFen)} 万元），保存时按最新项目数据更新。</Text>
        </Alert>
      ) : null}
      {missing.length > 0 ? (
        <Alert color="orange" variant="light" py={6} icon={<IconAlertTriangle size={16} />} data-testid="se-unit-missing">
          <Text size="sm">{missing.length} 个项目尚无全年执行数，按 0 计入项目支出：{missing.map((p) => `${p.code} ${p.name}`).join('、')}。请先填写这些项目的自评表。</Text>
        </Alert>
      ) : null}
    </Stack>
  );
}

function ProjectList({ evaluation: e }: { evaluation: SelfEvalDto }) {
  const projects = e.unitOverall?.projects ?? [];
  return (
    <Popover width={620} position="bottom-start" withinPortal shadow="md">
      <Popover.Target>
        <Anchor component="button" type="button" size="xs" c="blue.7" data-testid="se-unit-projects">{projects.length} 个项目</Anchor>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        {projects.length === 0 ? (
          <Text size="sm" c="dimmed">本单位当年没有纳入预算的项目。</Text>
        ) : (
          <ScrollArea.Autosize mah={320} type="auto">
            <Table verticalSpacing={4} horizontalSpacing={6} layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>项目</Table.Th>
                  <Table.Th w={100} ta="right">全年预算数</Table.Th>
                  <Table.Th w={100} ta="right">全年执行数</Table.Th>
                  <Table.Th w={110}>执行数来源</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {projects.map((p) => (
                  <Table.Tr key={p.projectId}>
                    <Table.Td><Text size="xs" lineClamp={1}>{p.code} {p.name}</Text></Table.Td>
                    <Table.Td ta="right"><Text size="xs" style={num}>{formatWan(p.annualFen)}</Text></Table.Td>
                    <Table.Td ta="right"><Text size="xs" style={num}>{p.executedFen === null ? '—' : formatWan(p.executedFen)}</Text></Table.Td>
                    <Table.Td>{p.executedFrom ? <Text size="xs">{FROM_LABELS[p.executedFrom]}</Text> : <Badge size="xs" color="orange" variant="light">暂无，按 0 计</Badge>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
