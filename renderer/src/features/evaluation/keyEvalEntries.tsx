import { Fragment, useState } from 'react';
import {
  ActionIcon, Autocomplete, Button, Checkbox, Group, NumberInput, SegmentedControl, Stack, Table, Text, TextInput, Tooltip,
} from '@mantine/core';
import { IconPlus, IconTrash, IconUserPlus, IconX } from '@tabler/icons-react';
import type { KeyEvalDto } from '../../../../shared/api/methods/keyEval.ts';
import { GOAL_GRADE_LABELS, KEY_EVAL_LEVEL1_LABELS, KEY_EVAL_METHOD_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { KEY_EVAL_LEVEL1, type KeyEvalItem } from '../../../../shared/rules/keyEvaluation.ts';
import { elementMark } from '../../../../shared/rules/keyEvalScoring.ts';
import { blankDraft, enteredCount, entryKey, fmt2, type EntryDraft, type LiveScoring, type ScoringState } from './keyEvalModel.ts';

/**
 * 专家评分: one expert at a time; every level-3 item asks for what its method needs (two figures,
 * the elements met, the deductions with reasons, a grade, a satisfaction rate with its sample)
 * and shows the points and how they were computed.
 */

interface Props {
  e: KeyEvalDto;
  state: ScoringState;
  live: LiveScoring;
  editable: boolean;
  /** Registered experts' names, offered when adding one. */
  registered: string[];
  onChange(update: (s: ScoringState) => ScoringState): void;
}

const numValue = (s: string) => (s === '' ? '' : Number(s));
const numText = (v: number | string) => (v === '' ? '' : String(v));

interface InputProps {
  item: KeyEvalItem;
  draft: EntryDraft;
  shares: KeyEvalDto['gradeShares'];
  editable: boolean;
  set(d: EntryDraft): void;
}

function MethodInput({ item, draft, shares, editable, set }: InputProps) {
  const label = (s: string) => `${item.name}：${s}`;
  switch (draft.method) {
    case 'legacy':
      return (
        <Group gap={6} wrap="nowrap">
          <Text size="xs" c="orange.8">原直接录入 {fmt2(draft.score)} 分</Text>
          {editable ? <Button size="compact-xs" variant="light" onClick={() => set(blankDraft(item.method))}>按{KEY_EVAL_METHOD_LABELS[item.method]}重新录入</Button> : null}
        </Group>
      );
    case 'quantitative':
      return (
        <Group gap={4} wrap="nowrap" align="center">
          <NumberInput size="xs" w={120} hideControls placeholder={item.config.actualLabel} aria-label={label(item.config.actualLabel ?? '实际值')} readOnly={!editable}
            value={numValue(draft.actual)} onChange={(v) => set({ ...draft, actual: numText(v) })} />
          <Text size="sm">÷</Text>
          <NumberInput size="xs" w={120} hideControls placeholder={item.config.plannedLabel} aria-label={label(item.config.plannedLabel ?? '计划值')} readOnly={!editable}
            value={numValue(draft.planned)} onChange={(v) => set({ ...draft, planned: numText(v) })} />
          <Tooltip label={`${item.config.actualLabel} ÷ ${item.config.plannedLabel}`}><Text size="xs" c="dimmed">目标 {item.config.targetPct ?? 100}%</Text></Tooltip>
        </Group>
      );
    case 'elements': {
      const els = item.config.elements ?? [];
      const met = draft.met ?? [];
      return (
        <Stack gap={2}>
          {els.map((el, k) => (
            <Checkbox key={k} size="xs" disabled={!editable} checked={met.includes(k)} aria-label={label(el.text)}
              label={<Text size="xs" span>{elementMark(k)} {el.text}（{fmt2(el.points)}）</Text>}
              onChange={(ev) => { const on = ev.currentTarget.checked; set({ ...draft, met: on ? [...met, k].sort((a, b) => a - b) : met.filter((x) => x !== k) }); }} />
          ))}
          {editable && draft.met === null ? <Button size="compact-xs" variant="subtle" color="gray" w="fit-content" onClick={() => set({ ...draft, met: [] })}>均不满足（0 分）</Button> : null}
        </Stack>
      );
    }
    case 'deduction': {
      const list = draft.deductions ?? [];
      const put = (next: { reason: string; points: string }[] | null) => set({ ...draft, deductions: next });
      return (
        <Stack gap={4}>
          {list.map((d, k) => (
            <Group key={k} gap={4} wrap="nowrap">
              <TextInput size="xs" style={{ flex: 1 }} placeholder="扣分原因" aria-label={label(`第 ${k + 1} 项扣分原因`)} readOnly={!editable} value={d.reason}
                onChange={(ev) => { const v = ev.currentTarget.value; put(list.map((x, j) => (j === k ? { ...x, reason: v } : x))); }} />
              <NumberInput size="xs" w={80} hideControls placeholder="扣分" aria-label={label(`第 ${k + 1} 项扣分`)} readOnly={!editable} min={0} decimalScale={2}
                value={numValue(d.points)} onChange={(v) => put(list.map((x, j) => (j === k ? { ...x, points: numText(v) } : x)))} />
              {editable ? <ActionIcon size="sm" variant="subtle" color="gray" aria-label="删除该项扣分" onClick={() => put(list.filter((_, j) => j !== k))}><IconX size={14} /></ActionIcon> : null}
            </Group>
          ))}
          {editable ? (
            <Group gap={4}>
              <Button size="compact-xs" variant="light" leftSection={<IconPlus size={12} />} onClick={() => put([...list, { reason: '', points: '' }])}>扣分</Button>
              {draft.deductions === null ? <Button size="compact-xs" variant="subtle" color="gray" onClick={() => put([])}>无扣分（满分）</Button> : null}
            </Group>
          ) : null}
        </Stack>
      );
    }
    case 'grade':
      return (
        <SegmentedControl size="xs" disabled={!editable} aria-label={label('等级')}
          value={draft.grade ?? ''} onChange={(v) => set({ ...draft, grade: v === '' ? null : (v as typeof draft.grade) })}
          data={[{ value: '', label: '未评' }, ...shares.map((g) => ({ value: g.grade, label: `${GOAL_GRADE_LABELS[g.grade]} ${Math.round(g.share * 100)}%` }))]} />
      );
    case 'survey':
      return (
        <Group gap={4} wrap="nowrap">
          <NumberInput size="xs" w={110} hideControls min={0} max={100} decimalScale={2} suffix="%" placeholder="满意度" aria-label={label('满意度')} readOnly={!editable}
            value={numValue(draft.ratePct)} onChange={(v) => set({ ...draft, ratePct: numText(v) })} />
          <NumberInput size="xs" w={110} hideControls min={1} allowDecimal={false} placeholder="有效样本数" aria-label={label('有效样本数')} readOnly={!editable}
            value={numValue(draft.sampleSize)} onChange={(v) => set({ ...draft, sampleSize: numText(v) })} />
          <Text size="xs" c="dimmed">份</Text>
        </Group>
      );
  }
}

export function KeyEvalEntries({ e, state, live, editable, registered, onChange }: Props) {
  const [current, setCurrent] = useState(0);
  const [adding, setAdding] = useState('');
  const index = Math.min(current, state.experts.length - 1);
  const expert = state.experts[index] ?? '';

  const setDraft = (seq: number, d: EntryDraft) => onChange((s) => ({ ...s, drafts: { ...s.drafts, [entryKey(seq, expert)]: d } }));
  const rename = (name: string) =>
    onChange((s) => {
      const moved = Object.fromEntries(Object.entries(s.drafts).map(([k, v]) => (k.endsWith(`|${expert}`) ? [`${k.slice(0, k.length - expert.length)}${name}`, v] : [k, v])));
      return { ...s, experts: s.experts.map((x, i) => (i === index ? name : x)), drafts: moved };
    });
  const remove = () =>
    onChange((s) => ({
      ...s, experts: s.experts.filter((_, i) => i !== index), drafts: Object.fromEntries(Object.entries(s.drafts).filter(([k]) => !k.endsWith(`|${expert}`))),
    }));
  const add = () => {
    const name = adding.trim() || `专家${state.experts.length + 1}`;
    if (state.experts.includes(name)) return;
    onChange((s) => ({ ...s, experts: [...s.experts, name] }));
    setCurrent(state.experts.length);
    setAdding('');
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <SegmentedControl
          value={String(index)} onChange={(v) => setCurrent(Number(v))} data-testid="ke-experts"
          data={state.experts.map((x, i) => ({ value: String(i), label: `${x || '（未命名）'} ${enteredCount(live, e, x)}/${e.items.length}` }))}
        />
        {editable ? (
          <Group gap={6} align="flex-end">
            <TextInput size="xs" w={130} label="专家姓名" value={expert} onChange={(ev) => rename(ev.currentTarget.value)} aria-label="当前专家姓名" />
            <Tooltip label="删除该专家及其全部评分"><ActionIcon variant="subtle" color="red" disabled={state.experts.length <= 1} onClick={remove} aria-label="删除该专家"><IconTrash size={16} /></ActionIcon></Tooltip>
            <Autocomplete size="xs" w={150} label="增加专家" placeholder="从专家库选择或输入" data={registered.filter((n) => !state.experts.includes(n))} value={adding} onChange={setAdding} />
            <Button size="xs" variant="default" leftSection={<IconUserPlus size={14} />} onClick={add}>增加</Button>
          </Group>
        ) : null}
      </Group>
      <Table withTableBorder withColumnBorders verticalSpacing={6} fz="sm" data-testid="ke-entries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>三级指标</Table.Th><Table.Th w={84}>评分方法</Table.Th><Table.Th w={56} ta="right">分值</Table.Th>
            <Table.Th>{expert} 的录入</Table.Th><Table.Th w={64} ta="right">得分</Table.Th><Table.Th w={300}>计算过程</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {KEY_EVAL_LEVEL1.map((l1) => (
            <Fragment key={l1}>
              <Table.Tr style={{ background: 'var(--mantine-color-gray-0)' }}>
                <Table.Td colSpan={6}><Text size="xs" fw={700}>{KEY_EVAL_LEVEL1_LABELS[l1]}（{fmt2(e.weights[l1])} 分）</Text></Table.Td>
              </Table.Tr>
              {e.items.filter((it) => it.level1 === l1).map((it) => {
                const k = entryKey(it.seq, expert);
                const draft = state.drafts[k] ?? blankDraft(it.method);
                const st = live.states.get(k);
                return (
                  <Table.Tr key={it.seq}>
                    <Table.Td><Text size="sm" fw={500}>{it.name}</Text><Text size="xs" c="dimmed">{it.level2}</Text></Table.Td>
                    <Table.Td><Text size="xs" c="blue.8" fw={500}>{KEY_EVAL_METHOD_LABELS[it.method]}</Text></Table.Td>
                    <Table.Td ta="right" className="num">{fmt2(it.weight)}</Table.Td>
                    <Table.Td>
                      <MethodInput item={it} draft={draft} shares={e.gradeShares} editable={editable} set={(d) => setDraft(it.seq, d)} />
                    </Table.Td>
                    <Table.Td ta="right" className="num" fw={600}>{st?.kind === 'scored' ? fmt2(st.score) : '—'}</Table.Td>
                    <Table.Td>
                      {st?.kind === 'scored' ? <Text size="xs" c="dimmed">{st.explanation}</Text> : null}
                      {st?.kind === 'invalid' ? <Text size="xs" c="red">{st.message}</Text> : null}
                      {st?.kind === 'empty' ? <Text size="xs" c="dimmed">未录入</Text> : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
