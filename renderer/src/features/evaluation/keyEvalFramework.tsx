import { Fragment, useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Modal, NumberInput, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconAdjustments, IconDeviceFloppy, IconPlus, IconRestore, IconTrash } from '@tabler/icons-react';
import type { KeyEvalDto } from '../../../../shared/api/methods/keyEval.ts';
import { KEY_EVAL_LEVEL1_LABELS, KEY_EVAL_METHOD_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import {
  KEY_EVAL_LEVEL1, RESULT_ORIENTED_MIN, defaultItemConfig, frameworkWeights, splitPoints, type KeyEvalLevel1, type KeyEvalMethod,
} from '../../../../shared/rules/keyEvaluation.ts';
import { elementMark } from '../../../../shared/rules/keyEvalScoring.ts';
import { round2 } from '../../../../shared/rules/rounding.ts';
import { ApiError, call } from '../../api/client.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { checkDraft, draftItems, fmt2, methodRule, newKey, options, type DraftItem } from './keyEvalModel.ts';

/**
 * 评价指标体系: the level-3 items under 决策/过程/产出/效益 with their scoring method and its
 * definition. Editable until the first expert's entry is saved (SPEC §5.7 checks live and per
 * field: weights add up to 100, 产出 + 效益 ≥ 60, elements add up to the item's weight).
 */

const byLevel1 = (items: DraftItem[]) => KEY_EVAL_LEVEL1.flatMap((l) => items.filter((i) => i.level1 === l));
const numValue = (n: number) => (Number.isFinite(n) ? n : '');

function ReadOnlyFramework({ e }: { e: KeyEvalDto }) {
  return (
    <Table withTableBorder withColumnBorders verticalSpacing={6} fz="sm" data-testid="ke-framework">
      <Table.Thead>
        <Table.Tr><Table.Th w={60}>一级</Table.Th><Table.Th w={90}>二级</Table.Th><Table.Th w={150}>三级指标</Table.Th><Table.Th w={80}>评分方法</Table.Th><Table.Th w={60} ta="right">分值</Table.Th><Table.Th>评分标准</Table.Th></Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {e.items.map((it) => (
          <Table.Tr key={it.seq}>
            <Table.Td>{KEY_EVAL_LEVEL1_LABELS[it.level1]}</Table.Td><Table.Td>{it.level2}</Table.Td><Table.Td>{it.name}</Table.Td>
            <Table.Td>{KEY_EVAL_METHOD_LABELS[it.method]}</Table.Td><Table.Td ta="right" className="num">{fmt2(it.weight)}</Table.Td>
            <Table.Td>
              <Text size="xs">{methodRule(it, e.gradeShares)}</Text>
              {it.method === 'elements' ? (it.config.elements ?? []).map((el, k) => <Text key={k} size="xs" c="dimmed">{elementMark(k)} {el.text}（{fmt2(el.points)}）</Text>) : null}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function SettingsModal({ item, index, errors, onChange, onClose }: { item: DraftItem; index: number; errors: Record<string, string>; onChange(i: DraftItem): void; onClose(): void }) {
  const els = item.config.elements ?? [];
  const setEls = (next: { text: string; points: number }[]) => onChange({ ...item, config: { ...item.config, elements: next } });
  const sum = round2(els.reduce((s, x) => s + (Number.isFinite(x.points) ? x.points : 0), 0));
  const f = (k: string) => errors[`items.${index}.${k}`];
  return (
    <Modal opened onClose={onClose} title={`${item.name || '新指标'} · ${KEY_EVAL_METHOD_LABELS[item.method]}设置`} size="lg" centered>
      {item.method === 'elements' ? (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">专家按评分要点逐项勾选，满足一项得该项分值。各要点分值合计应等于指标分值 {fmt2(item.weight)}。</Text>
          {els.map((el, k) => (
            <Group key={k} gap={6} wrap="nowrap" align="flex-start">
              <Text size="sm" mt={6}>{elementMark(k)}</Text>
              <TextInput size="xs" style={{ flex: 1 }} value={el.text} placeholder="评分要点" error={f(`elements.${k}.text`)} aria-label={`第 ${k + 1} 个评分要点`}
                onChange={(ev) => { const v = ev.currentTarget.value; setEls(els.map((x, j) => (j === k ? { ...x, text: v } : x))); }} />
              <NumberInput size="xs" w={90} min={0} decimalScale={2} hideControls value={numValue(el.points)} error={f(`elements.${k}.points`)} aria-label={`第 ${k + 1} 个评分要点分值`}
                onChange={(v) => setEls(els.map((x, j) => (j === k ? { ...x, points: v === '' ? Number.NaN : Number(v) } : x)))} />
              <ActionIcon variant="subtle" color="gray" mt={2} aria-label="删除该要点" onClick={() => setEls(els.filter((_, j) => j !== k))}><IconTrash size={14} /></ActionIcon>
            </Group>
          ))}
          <Group justify="space-between">
            <Group gap={6}>
              <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} />} onClick={() => { const pts = splitPoints(item.weight, els.length + 1); setEls([...els, { text: '', points: 0 }].map((x, j) => ({ ...x, points: pts[j] ?? 0 }))); }}>添加要点</Button>
              <Button size="compact-sm" variant="subtle" onClick={() => { const pts = splitPoints(item.weight, els.length); setEls(els.map((x, j) => ({ ...x, points: pts[j] ?? 0 }))); }}>平均分配</Button>
            </Group>
            <Text size="sm" c={Math.abs(sum - item.weight) > 1e-9 ? 'red' : 'dimmed'}>合计 {fmt2(sum)} / {fmt2(item.weight)}</Text>
          </Group>
          {f('elements') ? <Text size="xs" c="red">{f('elements')}</Text> : null}
        </Stack>
      ) : item.method === 'quantitative' ? (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">得分 = 分值 × min(实际值 ÷ 计划值 ÷ 目标比率, 1)；目标比率为 0 时表示“不低于 0 即得满分”（如成本节约率）。</Text>
          <Group grow>
            <TextInput label="实际值名称" value={item.config.actualLabel ?? ''} onChange={(ev) => { const v = ev.currentTarget.value; onChange({ ...item, config: { ...item.config, actualLabel: v } }); }} />
            <TextInput label="计划值名称" value={item.config.plannedLabel ?? ''} onChange={(ev) => { const v = ev.currentTarget.value; onChange({ ...item, config: { ...item.config, plannedLabel: v } }); }} />
            <NumberInput label="目标比率（%）" min={0} max={1000} decimalScale={2} value={item.config.targetPct ?? 100} error={f('targetPct')}
              onChange={(v) => onChange({ ...item, config: { ...item.config, targetPct: v === '' ? 0 : Number(v) } })} />
          </Group>
        </Stack>
      ) : <Text size="sm">该评分方法无需另行设置。</Text>}
      <Group justify="flex-end" mt="md"><Button onClick={onClose}>完成</Button></Group>
    </Modal>
  );
}

export function KeyEvalFramework({ e }: { e: KeyEvalDto }) {
  const [items, setItems] = useState<DraftItem[]>(() => draftItems(e));
  const [server, setServer] = useState<Record<string, string>>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const issues = useMemo(() => checkDraft(items), [items]);
  const errors = useMemo(() => ({ ...server, ...Object.fromEntries(issues.map((i) => [i.field, i.message])) }), [issues, server]);
  const dirty = JSON.stringify(items.map(({ key: _k, ...i }) => i)) !== JSON.stringify(e.items.map(({ seq: _s, ...i }) => i));
  const w = frameworkWeights(items.map((i) => ({ ...i, weight: Number.isFinite(i.weight) ? i.weight : 0 })));
  const total = round2(w.decision + w.process + w.output + w.benefit);

  if (!e.frameworkEditable) return <ReadOnlyFramework e={e} />;

  const update = (key: string, patch: Partial<DraftItem>) => {
    setServer({});
    setItems((list) => byLevel1(list.map((it) => {
      if (it.key !== key) return it;
      const next = { ...it, ...patch };
      if (patch.method && patch.method !== it.method) next.config = defaultItemConfig(next.name, next.method, next.weight);
      if (patch.weight !== undefined && next.method === 'elements' && Number.isFinite(patch.weight)) {
        const pts = splitPoints(patch.weight, next.config.elements?.length ?? 0);
        next.config = { elements: (next.config.elements ?? []).map((x, j) => ({ ...x, points: pts[j] ?? 0 })) };
      }
      return next;
    })));
  };
  const add = (l1: KeyEvalLevel1) =>
    setItems((list) => byLevel1([...list, { key: newKey(), level1: l1, level2: list.filter((i) => i.level1 === l1).at(-1)?.level2 ?? '', name: '', method: 'deduction', weight: 1, config: {} }]));
  const save = () => {
    setBusy(true);
    call('keyEval.saveFramework', { id: e.id, rev: e.rev, items: items.map(({ key: _k, ...i }) => i) })
      .then((r) => notifySuccess(`指标体系已保存：三级指标 ${r.items.length} 个，产出与效益合计 ${fmt2(r.weights.output + r.weights.benefit)} 分。`, '指标体系已保存'))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.error.details?.length) setServer(Object.fromEntries(err.error.details.map((d) => [d.field ?? '', d.message])));
        notifyError(err);
      })
      .finally(() => setBusy(false));
  };
  const index = (key: string) => items.findIndex((i) => i.key === key);
  const current = editing ? items.find((i) => i.key === editing) : undefined;
  const weightErrors = issues.filter((i) => i.field.startsWith('weights.')).map((i) => i.message);

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">专家开始评分前可调整指标体系：增加、重命名、删除三级指标，修改分值和评分方法。各指标分值合计应为 100，产出与效益合计不少于 {RESULT_ORIENTED_MIN} 分。</Text>
      <Table withTableBorder withColumnBorders verticalSpacing={4} fz="sm" data-testid="ke-framework">
        <Table.Thead>
          <Table.Tr><Table.Th w={92}>一级</Table.Th><Table.Th w={120}>二级</Table.Th><Table.Th>三级指标</Table.Th><Table.Th w={118}>评分方法</Table.Th><Table.Th w={92}>分值</Table.Th><Table.Th w={260}>评分标准</Table.Th><Table.Th w={40} /></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {KEY_EVAL_LEVEL1.map((l1) => (
            <Fragment key={l1}>
              {items.filter((it) => it.level1 === l1).map((it) => {
                const i = index(it.key);
                const err = (k: string) => errors[`items.${i}.${k}`];
                const configError = Object.keys(errors).some((k) => k.startsWith(`items.${i}.elements`) || k === `items.${i}.targetPct`);
                return (
                  <Table.Tr key={it.key}>
                    <Table.Td><Select size="xs" data={options(KEY_EVAL_LEVEL1_LABELS)} value={it.level1} allowDeselect={false} aria-label="一级指标" onChange={(v) => v && update(it.key, { level1: v as KeyEvalLevel1 })} /></Table.Td>
                    <Table.Td><TextInput size="xs" value={it.level2} error={err('level2')} aria-label="二级指标" onChange={(ev) => update(it.key, { level2: ev.currentTarget.value })} /></Table.Td>
                    <Table.Td><TextInput size="xs" value={it.name} error={err('name')} placeholder="三级指标名称" aria-label="三级指标名称" onChange={(ev) => update(it.key, { name: ev.currentTarget.value })} /></Table.Td>
                    <Table.Td><Select size="xs" data={options(KEY_EVAL_METHOD_LABELS)} value={it.method} allowDeselect={false} aria-label="评分方法" onChange={(v) => v && update(it.key, { method: v as KeyEvalMethod })} /></Table.Td>
                    <Table.Td><NumberInput size="xs" min={0} max={100} decimalScale={2} hideControls value={numValue(it.weight)} error={err('weight')} aria-label={`${it.name}分值`} onChange={(v) => update(it.key, { weight: v === '' ? Number.NaN : Number(v) })} /></Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="space-between">
                        <Text size="xs" c={configError ? 'red' : 'dimmed'} lineClamp={2}>{configError ? '评分设置有误，请修改' : methodRule(it, e.gradeShares)}</Text>
                        {it.method === 'elements' || it.method === 'quantitative'
                          ? <Tooltip label="评分设置"><ActionIcon size="sm" variant="light" aria-label={`${it.name}评分设置`} onClick={() => setEditing(it.key)}><IconAdjustments size={14} /></ActionIcon></Tooltip>
                          : null}
                      </Group>
                    </Table.Td>
                    <Table.Td><ActionIcon size="sm" variant="subtle" color="red" aria-label={`删除${it.name}`} onClick={() => setItems((list) => list.filter((x) => x.key !== it.key))}><IconTrash size={14} /></ActionIcon></Table.Td>
                  </Table.Tr>
                );
              })}
              <Table.Tr style={{ background: 'var(--mantine-color-gray-0)' }}>
                <Table.Td colSpan={4}>
                  <Group gap="xs"><Text size="xs" fw={700}>{KEY_EVAL_LEVEL1_LABELS[l1]}小计</Text><Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={12} />} onClick={() => add(l1)}>添加{KEY_EVAL_LEVEL1_LABELS[l1]}指标</Button></Group>
                </Table.Td>
                <Table.Td ta="right" className="num" fw={700}>{fmt2(w[l1])}</Table.Td>
                <Table.Td colSpan={2}>{errors[`weights.${l1}`] ? <Text size="xs" c="red">{errors[`weights.${l1}`]}</Text> : null}</Table.Td>
              </Table.Tr>
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between" align="flex-start">
        <Group gap="xs">
          <Badge size="lg" radius="sm" variant="light" color={Math.abs(total - 100) > 1e-9 ? 'red' : 'teal'}>合计 {fmt2(total)} / 100</Badge>
          <Badge size="lg" radius="sm" variant="light" color={w.output + w.benefit < RESULT_ORIENTED_MIN ? 'red' : 'teal'}>产出 + 效益 {fmt2(round2(w.output + w.benefit))}（≥ {RESULT_ORIENTED_MIN}）</Badge>
        </Group>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconRestore size={16} />} disabled={!dirty} onClick={() => { setItems(draftItems(e)); setServer({}); }}>恢复</Button>
          <Button leftSection={<IconDeviceFloppy size={16} />} loading={busy} disabled={!dirty || issues.length > 0} onClick={save} data-testid="ke-save-framework">保存指标体系</Button>
        </Group>
      </Group>
      {weightErrors.length ? <Alert color="red" variant="light" title="指标体系需要修改">{weightErrors.map((m) => <Text key={m} size="sm">{m}</Text>)}</Alert> : null}
      {current ? <SettingsModal item={current} index={index(current.key)} errors={errors} onChange={(next) => setItems((list) => list.map((x) => (x.key === next.key ? next : x)))} onClose={() => setEditing(null)} /> : null}
    </Stack>
  );
}
