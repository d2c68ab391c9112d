import { useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Modal, NumberInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconDeviceFloppy, IconPlus, IconRestore, IconTrash } from '@tabler/icons-react';
import type { AssessmentDto } from '../../../../shared/api/methods/assessment.ts';
import { ASSESSMENT_SOURCE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import {
  AUTO_ITEM_CODES, AUTO_ITEM_LABELS, DEFAULT_ASSESSMENT_ITEMS, autoItemRule, checkAssessmentItems, isAutoCode, type AssessmentItem,
} from '../../../../shared/rules/assessment.ts';
import { round2 } from '../../../../shared/rules/rounding.ts';
import { ApiError, call } from '../../api/client.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';

/**
 * 考核项目 of a year, before its first computation: add, remove, rename items, weights (adding up
 * to 100), and for each either an automatic measure from the records or manual scoring with its
 * rule. The checks are the backend's (shared/rules/assessment.ts), shown per field.
 */

interface Row {
  key: string;
  code: string | null;
  label: string;
  weight: number;
  source: 'auto' | 'manual';
  rule: string;
}

let seq = 0;
const key = () => `r${(seq += 1)}`;
const rowsOf = (items: readonly AssessmentItem[]): Row[] => items.map((i) => ({ key: key(), code: i.code, label: i.label, weight: i.weight, source: i.source, rule: i.rule }));
const numValue = (n: number) => (Number.isFinite(n) ? n : '');

/** The items as they will be stored (new manual items get a placeholder code for the checks). */
const asItems = (rows: readonly Row[]): AssessmentItem[] =>
  rows.map((r) => ({
    code: r.code ?? `new-${r.key}`, label: r.label.trim(), weight: r.weight, source: r.source,
    rule: r.source === 'auto' && r.code && isAutoCode(r.code) ? autoItemRule(r.code, r.weight) : r.rule,
  }));

/** The item set as a read-only table (shown before the first computation). */
export function AssessmentItemsPreview({ items }: { items: readonly AssessmentItem[] }) {
  return (
    <Table withTableBorder verticalSpacing={6} fz="sm" data-testid="assessment-items">
      <Table.Thead><Table.Tr><Table.Th w={220}>考核项目</Table.Th><Table.Th w={70} ta="right">分值</Table.Th><Table.Th w={70}>计分</Table.Th><Table.Th>评分标准</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {items.map((i) => (
          <Table.Tr key={i.code}>
            <Table.Td>{i.label}</Table.Td><Table.Td ta="right" className="num">{i.weight}</Table.Td>
            <Table.Td><Badge size="sm" variant="light" color={i.source === 'auto' ? 'blue' : 'grape'}>{ASSESSMENT_SOURCE_LABELS[i.source]}</Badge></Table.Td>
            <Table.Td><Text size="xs" c="dimmed">{i.rule}</Text></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function AssessmentItemsModal({ a, opened, onClose }: { a: AssessmentDto; opened: boolean; onClose(): void }) {
  const [rows, setRows] = useState<Row[]>(() => rowsOf(a.items));
  const [server, setServer] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const issues = useMemo(() => checkAssessmentItems(asItems(rows)), [rows]);
  const errors: Record<string, string> = { ...server, ...Object.fromEntries(issues.map((i) => [i.field, i.message])) };
  const total = round2(rows.reduce((s, r) => s + (Number.isFinite(r.weight) ? r.weight : 0), 0));
  const set = (k: string, patch: Partial<Row>) => {
    setServer({});
    setRows((list) => list.map((r) => (r.key === k ? { ...r, ...patch } : r)));
  };
  const unused = AUTO_ITEM_CODES.filter((c) => !rows.some((r) => r.source === 'auto' && r.code === c));

  const save = () => {
    setBusy(true);
    call('assessment.saveItems', { year: a.year, items: rows.map((r) => ({ code: r.code, label: r.label, weight: r.weight, source: r.source, rule: r.rule })) })
      .then((r) => {
        notifySuccess(`已保存 ${r.items.length} 个考核项目，计算时按此评分表计分。`, '考核项目已保存');
        onClose();
      })
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.error.details?.length) setServer(Object.fromEntries(err.error.details.map((d) => [d.field ?? '', d.message])));
        notifyError(err);
      })
      .finally(() => setBusy(false));
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`${a.year} 年度考核项目`} size={1100} centered>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">首次计算前可调整考核项目：自动计分项目从绩效目标、监控、自评、复核、整改和公开记录中计算；人工评分项目由绩效股按评分标准录入。各项分值合计应为 100。</Text>
        <Table withTableBorder verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr><Table.Th w={200}>考核项目</Table.Th><Table.Th w={116}>计分方式</Table.Th><Table.Th w={176}>自动计分数据来源</Table.Th><Table.Th w={90}>分值</Table.Th><Table.Th>评分标准</Table.Th><Table.Th w={40} /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => {
              const err = (f: string) => errors[`items.${i}.${f}`];
              return (
                <Table.Tr key={r.key}>
                  <Table.Td><TextInput size="xs" value={r.label} error={err('label')} aria-label="考核项目名称" onChange={(ev) => set(r.key, { label: ev.currentTarget.value })} /></Table.Td>
                  <Table.Td>
                    <Select size="xs" allowDeselect={false} value={r.source} aria-label="计分方式" data={[{ value: 'auto', label: '自动计分' }, { value: 'manual', label: '人工评分' }]}
                      onChange={(v) => v && set(r.key, v === 'auto' ? { source: 'auto', code: unused[0] ?? null } : { source: 'manual', code: r.code && !isAutoCode(r.code) ? r.code : null, rule: '' })} />
                  </Table.Td>
                  <Table.Td>
                    {r.source === 'auto' ? (
                      <Select size="xs" allowDeselect={false} value={r.code} error={err('code')} aria-label="自动计分数据来源"
                        data={AUTO_ITEM_CODES.filter((c) => c === r.code || unused.includes(c)).map((c) => ({ value: c, label: AUTO_ITEM_LABELS[c] }))}
                        onChange={(v) => v && set(r.key, { code: v, label: r.label || AUTO_ITEM_LABELS[v as keyof typeof AUTO_ITEM_LABELS] })} />
                    ) : <Text size="xs" c="dimmed">{err('code') ?? '—'}</Text>}
                  </Table.Td>
                  <Table.Td><NumberInput size="xs" min={0} max={100} decimalScale={2} hideControls value={numValue(r.weight)} error={err('weight')} aria-label="分值" onChange={(v) => set(r.key, { weight: v === '' ? Number.NaN : Number(v) })} /></Table.Td>
                  <Table.Td>
                    {r.source === 'auto'
                      ? <Text size="xs" c="dimmed">{r.code && isAutoCode(r.code) ? autoItemRule(r.code, Number.isFinite(r.weight) ? r.weight : 0) : ''}</Text>
                      : <TextInput size="xs" value={r.rule} error={err('rule')} placeholder="评分标准" aria-label="评分标准" onChange={(ev) => set(r.key, { rule: ev.currentTarget.value })} />}
                  </Table.Td>
                  <Table.Td><ActionIcon size="sm" variant="subtle" color="red" aria-label={`删除${r.label}`} onClick={() => setRows((list) => list.filter((x) => x.key !== r.key))}><IconTrash size={14} /></ActionIcon></Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Group justify="space-between">
          <Group gap="xs">
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} disabled={unused.length === 0}
              onClick={() => { const c = unused[0]; if (c) setRows((list) => [...list, { key: key(), code: c, label: AUTO_ITEM_LABELS[c], weight: 0, source: 'auto', rule: '' }]); }}>添加自动计分项目</Button>
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setRows((list) => [...list, { key: key(), code: null, label: '', weight: 0, source: 'manual', rule: '' }])}>添加人工评分项目</Button>
            <Button size="xs" variant="subtle" leftSection={<IconRestore size={14} />} onClick={() => { setRows(rowsOf(DEFAULT_ASSESSMENT_ITEMS)); setServer({}); }}>恢复默认项目</Button>
          </Group>
          <Badge size="lg" radius="sm" variant="light" color={Math.abs(total - 100) > 1e-9 ? 'red' : 'teal'}>合计 {total} / 100</Badge>
        </Group>
        {errors['items.total'] || errors.items ? <Alert color="red" variant="light">{errors['items.total'] ?? errors.items}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button leftSection={<IconDeviceFloppy size={16} />} loading={busy} disabled={issues.length > 0} onClick={save} data-testid="assessment-save-items">保存考核项目</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
