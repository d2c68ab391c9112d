import { Fragment, useMemo, useState } from 'react';
import {
  Alert, Badge, Button, Drawer, Group, Modal, NumberInput, Paper, ScrollArea, Select, SimpleGrid, Skeleton, Stack, Switch, Table, Tabs, Text, TextInput, Textarea,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconCircleCheck, IconDeviceFloppy, IconFileTypeDocx, IconPlus, IconUserPlus } from '@tabler/icons-react';
import type { MethodInput } from '../../../../shared/api/contract.ts';
import type { AgencyDto, ExpertDto, KeyEvalDto, KeyEvalRowDto } from '../../../../shared/api/methods/keyEval.ts';
import {
  GOAL_GRADE_LABELS, KEY_EVAL_AGGREGATION_LABELS, KEY_EVAL_EVALUATOR_LABELS, KEY_EVAL_KIND_LABELS, KEY_EVAL_LEVEL1_LABELS, KEY_EVAL_METHOD_LABELS,
  KEY_EVAL_OBJECT_TYPE_LABELS, KEY_EVAL_STATUS_LABELS,
} from '../../../../shared/i18n/zh-CN.ts';
import {
  KEY_EVAL_LEVEL1, checkExpertScores, checkItemWeights, computeKeyEval, type KeyEvalItem, type KeyEvalScore,
} from '../../../../shared/rules/keyEvaluation.ts';
import { call, saveFile } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useYearOptions } from '../goals/useYearOptions.ts';
import { GRADE_COLORS, fmt2 } from './selfEvalModel.ts';

/** Tables a key-evaluation view reads (data.changed on any of them refreshes it). */
const TABLES = ['key_evaluations', 'key_eval_items', 'key_eval_scores', 'agencies', 'experts', 'rectifications', 'projects', 'units'];
const options = <K extends string>(labels: Record<K, string>) => (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));

/**
 * 部门评价 / 财政重点评价 (SPEC §5.7): the year's evaluations, a drawer to score one (one column per
 * expert, the aggregated score per item, level-1 subtotals and total/grade computed live with the
 * same rule the backend applies), and the registers of third-party agencies and experts.
 */
export function KeyEvalPage() {
  const { session } = useSession();
  const [year, setYear] = useState(session.office.currentYear);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const performance = session.user.role === 'performance';
  const yearOptions = useYearOptions(session.office.currentYear);
  const list = useApiQuery('keyEval.list', { year }, TABLES);

  const columns: DataTableColumn<KeyEvalRowDto>[] = [
    {
      accessor: 'title', title: '评价项目',
      render: (r) => <Stack gap={0}><Text size="sm" fw={500} lineClamp={1}>{r.title}</Text><Text size="xs" c="dimmed">{r.projectCode ?? KEY_EVAL_OBJECT_TYPE_LABELS[r.objectType]}</Text></Stack>,
    },
    { accessor: 'kind', title: '类型', width: 120, render: (r) => KEY_EVAL_KIND_LABELS[r.kind] },
    { accessor: 'unitName', title: '单位', width: 160, render: (r) => <Text size="sm" lineClamp={1}>{r.unitName}</Text> },
    { accessor: 'evaluator', title: '评价主体', width: 180, render: (r) => <Text size="sm" lineClamp={1}>{r.agencyName ?? KEY_EVAL_EVALUATOR_LABELS[r.evaluator]}</Text> },
    { accessor: 'frameworkCode', title: '框架', width: 60 },
    {
      accessor: 'total', title: '得分 / 等级', width: 120, textAlign: 'right',
      render: (r) => (
        <Group gap={6} justify="flex-end" wrap="nowrap">
          <Text size="sm" className="num">{fmt2(r.total)}</Text>
          {r.grade ? <Badge size="sm" radius="sm" color={GRADE_COLORS[r.grade]}>{GOAL_GRADE_LABELS[r.grade]}</Badge> : null}
        </Group>
      ),
    },
    {
      accessor: 'status', title: '状态', width: 150,
      render: (r) => (
        <Stack gap={2}>
          <Badge size="sm" variant="light" radius="sm" color={r.status === 'completed' ? 'teal' : 'gray'}>{KEY_EVAL_STATUS_LABELS[r.status]}</Badge>
          {r.rectificationCode ? <Text size="xs" c="orange.8">整改 {r.rectificationCode}</Text> : null}
        </Stack>
      ),
    },
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title="部门评价与财政重点评价"
        description="对项目、政策或部门整体开展绩效评价：按规则方案的评价框架（产出与效益合计不少于 60 分）设置三级指标，多位专家独立评分后汇总，形成得分、等级、问题与建议，并导出评价报告。"
        actions={
          <>
            {performance ? <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="ke-new">新建评价</Button> : null}
            <Select aria-label="年度" w={130} data={yearOptions} value={String(year)} allowDeselect={false} onChange={(v) => { if (v) setYear(Number(v)); }} />
          </>
        }
      />
      <Tabs defaultValue="evaluations" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="evaluations">评价项目</Tabs.Tab>
          <Tabs.Tab value="registers">第三方机构与专家</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="evaluations" pt="md">
          {list.isError ? <Alert color="red" variant="light" title="无法读取评价项目">{list.error.message}</Alert> : (
            <DataTable
              withTableBorder borderRadius="sm" highlightOnHover striped verticalSpacing={6}
              minHeight={list.data?.length ? undefined : 120} fetching={list.isFetching && !list.data}
              records={list.data ?? []} columns={columns} onRowClick={({ record }) => setOpenId(record.id)} rowStyle={() => ({ cursor: 'pointer' })}
              noRecordsText={performance ? '本年度还没有评价项目，点击“新建评价”。' : '本年度还没有评价项目'} data-testid="ke-list"
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="registers" pt="md"><Registers editable={performance} /></Tabs.Panel>
      </Tabs>
      <CreateModal year={year} opened={creating} onClose={() => setCreating(false)} onCreated={(id) => setOpenId(id)} />
      <Drawer opened={openId !== null} onClose={() => setOpenId(null)} position="right" size={1180} title={<Text fw={700}>绩效评价</Text>} scrollAreaComponent={ScrollArea.Autosize}>
        {openId ? <EvalLoader id={openId} /> : null}
      </Drawer>
    </Stack>
  );
}

// ---------------------------------------------------------------- create

type CreateInput = MethodInput<'keyEval.create'>;

function CreateModal({ year, opened, onClose, onCreated }: { year: number; opened: boolean; onClose(): void; onCreated(id: string): void }) {
  const blank: CreateInput = { year, kind: 'finance', objectType: 'project', projectId: null, unitId: '', title: '', evaluator: 'finance', agencyId: null, frameworkCode: '' };
  const [f, setF] = useState<CreateInput>(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const profile = useApiQuery('profiles.forYear', { year }, ['rule_profiles', 'rule_profile_versions', 'fiscal_years'], { enabled: opened });
  const units = useApiQuery('units.tree', {}, ['units'], { enabled: opened });
  const projects = useApiQuery('projects.list', { year, pageSize: 1000 }, ['projects'], { enabled: opened && f.objectType === 'project' });
  const agencies = useApiQuery('agencies.list', {}, TABLES, { enabled: opened });
  const frameworks = profile.data?.body.evaluation.frameworks ?? [];
  const set = (patch: Partial<CreateInput>) => setF((x) => ({ ...x, ...patch }));

  const submit = () => {
    setBusy(true);
    call('keyEval.create', { ...f, year })
      .then((r) => {
        notifySuccess(`已新建“${r.title}”，共 ${r.items.length} 个三级指标。`, '评价已新建');
        setF(blank);
        setErrors({});
        onClose();
        onCreated(r.id);
      })
      .catch((e: unknown) => {
        const details = (e as { details?: { field?: string; message: string }[] }).details ?? [];
        setErrors(Object.fromEntries(details.filter((d) => d.field).map((d) => [d.field, d.message])));
        notifyError(e);
      })
      .finally(() => setBusy(false));
  };

  return (
    <Modal opened={opened} onClose={onClose} title="新建绩效评价" size="lg" centered>
      <Stack gap="sm">
        <TextInput label="评价名称" required value={f.title} onChange={(e) => set({ title: e.currentTarget.value })} error={errors.title} data-testid="ke-title" />
        <SimpleGrid cols={2}>
          <Select label="评价类型" data={options(KEY_EVAL_KIND_LABELS)} value={f.kind} allowDeselect={false} onChange={(v) => v && set({ kind: v as CreateInput['kind'] })} />
          <Select label="评价对象" data={options(KEY_EVAL_OBJECT_TYPE_LABELS)} value={f.objectType} allowDeselect={false} onChange={(v) => v && set({ objectType: v as CreateInput['objectType'], projectId: null })} />
        </SimpleGrid>
        {f.objectType === 'project' ? (
          <Select
            label="项目" searchable required value={f.projectId ?? null} error={errors.projectId}
            data={(projects.data?.rows ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))}
            onChange={(v) => set({ projectId: v, unitId: projects.data?.rows.find((p) => p.id === v)?.unitId ?? f.unitId })}
          />
        ) : null}
        <Select
          label="单位" searchable required value={f.unitId || null} error={errors.unitId} disabled={f.objectType === 'project'}
          data={(units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.code} ${u.name}` }))} onChange={(v) => set({ unitId: v ?? '' })}
        />
        <SimpleGrid cols={2}>
          <Select label="评价主体" data={options(KEY_EVAL_EVALUATOR_LABELS)} value={f.evaluator} allowDeselect={false} onChange={(v) => v && set({ evaluator: v as CreateInput['evaluator'], agencyId: null })} />
          {f.evaluator === 'thirdParty' ? (
            <Select label="第三方机构" required value={f.agencyId ?? null} error={errors.agencyId} data={(agencies.data ?? []).filter((a) => a.active).map((a) => ({ value: a.id, label: a.name }))} onChange={(v) => set({ agencyId: v })} />
          ) : <span />}
        </SimpleGrid>
        <Select
          label="评价框架" required value={f.frameworkCode || null} error={errors.frameworkCode}
          description={profile.data ? `规则方案：${profile.data.name}` : undefined}
          data={frameworks.map((x) => ({ value: x.code, label: `${x.name}（产出+效益 ${x.output + x.benefit}）` }))} onChange={(v) => set({ frameworkCode: v ?? '' })}
        />
        <Group justify="flex-end"><Button variant="default" onClick={onClose}>取消</Button><Button loading={busy} onClick={submit} data-testid="ke-create">新建</Button></Group>
      </Stack>
    </Modal>
  );
}

// ---------------------------------------------------------------- detail

function EvalLoader({ id }: { id: string }) {
  const e = useApiQuery('keyEval.get', { id }, TABLES);
  if (e.isError) return <Alert color="red" variant="light" title="无法读取评价">{e.error.message}</Alert>;
  if (!e.data) return <Stack gap="sm"><Skeleton h={60} /><Skeleton h={320} /></Stack>;
  return <EvalForm key={`${e.data.id}-${e.data.rev}`} e={e.data} />;
}

interface FormState {
  weights: Record<number, string>;
  experts: string[];
  scores: Record<string, string>;
  findings: string;
  recommendations: string;
  plan: number | string;
  report: number | string;
}

const key = (seq: number, expert: string) => `${seq}|${expert}`;
const parse = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : Number(s));

function toForm(e: KeyEvalDto): FormState {
  const experts = [...new Set(e.scores.map((s) => s.expert))];
  return {
    weights: Object.fromEntries(e.items.map((i) => [i.seq, String(i.weight)])),
    experts: experts.length ? experts : ['专家1'],
    scores: Object.fromEntries(e.scores.map((s) => [key(s.seq, s.expert), String(s.score)])),
    findings: e.findings, recommendations: e.recommendations, plan: e.planQualityScore ?? '', report: e.reportQualityScore ?? '',
  };
}

function fromForm(e: KeyEvalDto, f: FormState): { items: KeyEvalItem[]; scores: KeyEvalScore[] } {
  const items = e.items.map((i) => ({ ...i, weight: parse(f.weights[i.seq]) ?? 0 }));
  const scores: KeyEvalScore[] = [];
  for (const it of items) {
    for (const x of f.experts) {
      const v = parse(f.scores[key(it.seq, x)]);
      if (v !== null && x.trim()) scores.push({ seq: it.seq, expert: x.trim(), score: v });
    }
  }
  return { items, scores };
}

function EvalForm({ e }: { e: KeyEvalDto }) {
  const profiles = useApiQuery('profiles.list', {}, ['rule_profiles']);
  const profileName = profiles.data?.find((p) => p.id === e.profileId)?.name ?? '';
  const [f, setF] = useState<FormState>(() => toForm(e));
  const [busy, setBusy] = useState<'save' | 'complete' | 'report' | null>(null);
  const { items, scores } = useMemo(() => fromForm(e, f), [e, f]);
  const live = useMemo(() => computeKeyEval(items, scores, e.expertAggregation, e.gradeBands), [items, scores, e]);
  const issues = e.editable ? [...checkItemWeights(items, e.weights, KEY_EVAL_LEVEL1_LABELS), ...checkExpertScores(items, scores)] : [];
  const quality = (v: number | string) => (v === '' ? null : Number(v));

  const save = () => {
    setBusy('save');
    return call('keyEval.saveScores', {
      id: e.id, rev: e.rev, items: items.map((i) => ({ seq: i.seq, weight: i.weight })), scores,
      findings: f.findings, recommendations: f.recommendations, planQualityScore: quality(f.plan), reportQualityScore: quality(f.report),
    })
      .then(() => notifySuccess(`暂计得分 ${fmt2(live.total)}（${GOAL_GRADE_LABELS[live.grade]}）。`, '评分已保存'))
      .catch(notifyError)
      .finally(() => setBusy(null));
  };
  const complete = () =>
    modals.openConfirmModal({
      title: '完成评价', centered: true,
      children: <Text size="sm">完成后评分不能再修改。请先保存评分。当前得分 {fmt2(live.total)}（{GOAL_GRADE_LABELS[live.grade]}）{['fair', 'low', 'poor'].includes(live.grade) ? '，等级为中及以下，将自动生成整改事项（整改期限 30 天）' : ''}。</Text>,
      labels: { confirm: '完成评价', cancel: '取消' },
      onConfirm: () => {
        setBusy('complete');
        call('keyEval.complete', { id: e.id, deadline: null })
          .then((r) => notifySuccess(r.rectificationCode ? `已完成评价，并生成整改事项 ${r.rectificationCode}。` : '已完成评价。', '评价完成'))
          .catch(notifyError)
          .finally(() => setBusy(null));
      },
    });
  const report = () => {
    setBusy('report');
    call('keyEval.report', { id: e.id })
      .then(saveFile)
      .then((name) => { if (name) notifySuccess(`已保存“${name}”。`, '评价报告已导出'); })
      .catch(notifyError)
      .finally(() => setBusy(null));
  };
  const setExpert = (i: number, name: string) =>
    setF((x) => {
      const old = x.experts[i] ?? '';
      const moved = Object.fromEntries(Object.entries(x.scores).map(([k, v]) => (k.endsWith(`|${old}`) ? [k.slice(0, k.length - old.length) + name, v] : [k, v])));
      return { ...x, experts: x.experts.map((n, j) => (j === i ? name : n)), scores: moved };
    });

  return (
    <Stack gap="md">
      <Paper withBorder p="sm" radius="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Text fw={600}>{e.title}</Text>
            <Text size="xs" c="dimmed">
              {KEY_EVAL_KIND_LABELS[e.kind]} · {e.projectCode ?? KEY_EVAL_OBJECT_TYPE_LABELS[e.objectType]} · {e.unitName} · {e.agencyName ?? KEY_EVAL_EVALUATOR_LABELS[e.evaluator]} ·
              框架 {e.frameworkCode}（决策 {e.weights.decision} / 过程 {e.weights.process} / 产出 {e.weights.output} / 效益 {e.weights.benefit}）· 专家分{KEY_EVAL_AGGREGATION_LABELS[e.expertAggregation]} · 规则方案“{profileName}”第 {e.profileVersion} 版
            </Text>
          </Stack>
          <Group gap={6}>
            <Text fw={700} size="xl" className="num" data-testid="ke-total">{fmt2(live.total)}</Text>
            <Badge size="lg" radius="sm" color={GRADE_COLORS[live.grade]}>{GOAL_GRADE_LABELS[live.grade]}</Badge>
            {e.rectificationCode ? <Badge variant="light" color="orange">整改 {e.rectificationCode}</Badge> : null}
          </Group>
        </Group>
      </Paper>
      {issues.length ? <Alert color="red" variant="light" title={`有 ${issues.length} 处需要修改`}>{issues.slice(0, 5).map((i) => <Text key={i.field + i.message} size="sm">{i.message}</Text>)}</Alert> : null}
      {e.editable ? (
        <Group gap="xs">
          <Button size="xs" variant="default" leftSection={<IconUserPlus size={14} />} onClick={() => setF((x) => ({ ...x, experts: [...x.experts, `专家${x.experts.length + 1}`] }))}>增加专家</Button>
          <Text size="xs" c="dimmed">专家姓名可在表头修改；每位专家的得分不能超过该指标分值。</Text>
        </Group>
      ) : null}
      <ScrollArea>
        <Table withTableBorder withColumnBorders striped verticalSpacing={4} fz="sm" data-testid="ke-items">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>一级</Table.Th><Table.Th>二级</Table.Th><Table.Th>三级指标</Table.Th><Table.Th>评分方法</Table.Th><Table.Th w={80}>分值</Table.Th>
              {f.experts.map((x, i) => (
                <Table.Th key={i} w={96}>{e.editable ? <TextInput size="xs" value={x} onChange={(ev) => setExpert(i, ev.currentTarget.value)} aria-label={`第 ${i + 1} 位专家`} /> : x}</Table.Th>
              ))}
              <Table.Th w={80}>得分</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {KEY_EVAL_LEVEL1.map((l1) => (
              <Fragment key={l1}>
                {items.filter((it) => it.level1 === l1).map((it) => (
                  <Table.Tr key={it.seq}>
                    <Table.Td>{KEY_EVAL_LEVEL1_LABELS[l1]}</Table.Td><Table.Td>{it.level2}</Table.Td><Table.Td>{it.name}</Table.Td><Table.Td>{KEY_EVAL_METHOD_LABELS[it.method]}</Table.Td>
                    <Table.Td>{e.editable ? <TextInput size="xs" value={f.weights[it.seq] ?? ''} onChange={(ev) => { const v = ev.currentTarget.value; setF((x) => ({ ...x, weights: { ...x.weights, [it.seq]: v } })); }} aria-label={`${it.name}分值`} /> : fmt2(it.weight)}</Table.Td>
                    {f.experts.map((x, i) => (
                      <Table.Td key={i}>
                        {e.editable
                          ? <TextInput size="xs" value={f.scores[key(it.seq, x)] ?? ''} onChange={(ev) => { const v = ev.currentTarget.value; setF((s) => ({ ...s, scores: { ...s.scores, [key(it.seq, x)]: v } })); }} aria-label={`${x}对${it.name}的评分`} />
                          : fmt2(parse(f.scores[key(it.seq, x)]))}
                      </Table.Td>
                    ))}
                    <Table.Td className="num" fw={600}>{fmt2(live.items.find((r) => r.seq === it.seq)?.score)}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr style={{ background: 'var(--mantine-color-gray-1)' }}>
                  <Table.Td colSpan={4} fw={600}>{KEY_EVAL_LEVEL1_LABELS[l1]}小计</Table.Td>
                  <Table.Td className="num" fw={600}>{fmt2(live.level1[l1].weight)}</Table.Td>
                  <Table.Td colSpan={f.experts.length} />
                  <Table.Td className="num" fw={600}>{fmt2(live.level1[l1].score)}</Table.Td>
                </Table.Tr>
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <SimpleGrid cols={2}>
        <Textarea label="主要经验及做法、存在的问题及原因分析" autosize minRows={4} value={f.findings} readOnly={!e.editable} onChange={(ev) => { const v = ev.currentTarget.value; setF((x) => ({ ...x, findings: v })); }} />
        <Textarea label="有关建议" autosize minRows={4} value={f.recommendations} readOnly={!e.editable} onChange={(ev) => { const v = ev.currentTarget.value; setF((x) => ({ ...x, recommendations: v })); }} />
      </SimpleGrid>
      {e.evaluator === 'thirdParty' ? (
        <SimpleGrid cols={2}>
          <NumberInput label="第三方评价方案质量得分（百分制）" min={0} max={100} decimalScale={2} value={f.plan} readOnly={!e.editable} onChange={(v) => setF((x) => ({ ...x, plan: v }))} />
          <NumberInput label="第三方评价报告质量得分（百分制）" min={0} max={100} decimalScale={2} value={f.report} readOnly={!e.editable} onChange={(v) => setF((x) => ({ ...x, report: v }))} />
        </SimpleGrid>
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" leftSection={<IconFileTypeDocx size={16} />} loading={busy === 'report'} onClick={report} data-testid="ke-report">导出评价报告</Button>
        {e.editable ? (
          <>
            <Button leftSection={<IconDeviceFloppy size={16} />} loading={busy === 'save'} disabled={issues.length > 0} onClick={() => void save()} data-testid="ke-save">保存评分</Button>
            <Button color="teal" leftSection={<IconCircleCheck size={16} />} loading={busy === 'complete'} disabled={!live.complete} onClick={complete} data-testid="ke-complete">完成评价</Button>
          </>
        ) : null}
      </Group>
    </Stack>
  );
}

// ---------------------------------------------------------------- registers

type AgencyForm = MethodInput<'agencies.save'>;
type ExpertForm = MethodInput<'experts.save'>;

function Registers({ editable }: { editable: boolean }) {
  const agencies = useApiQuery('agencies.list', {}, TABLES);
  const experts = useApiQuery('experts.list', {}, TABLES);
  const [agency, setAgency] = useState<AgencyForm | null>(null);
  const [expert, setExpert] = useState<ExpertForm | null>(null);
  const saveAgency = () => agency && call('agencies.save', agency).then(() => { notifySuccess(`已保存“${agency.name}”。`); setAgency(null); }).catch(notifyError);
  const saveExpert = () => expert && call('experts.save', expert).then(() => { notifySuccess(`已保存“${expert.name}”。`); setExpert(null); }).catch(notifyError);
  const active = (v: boolean) => <Badge size="sm" variant="light" color={v ? 'teal' : 'gray'}>{v ? '在用' : '停用'}</Badge>;
  const agencyColumns: DataTableColumn<AgencyDto>[] = [
    { accessor: 'name', title: '机构名称' }, { accessor: 'field', title: '业务领域', width: 150 }, { accessor: 'qualification', title: '资质', width: 120 },
    { accessor: 'contact', title: '联系方式', width: 140 }, { accessor: 'conflicts', title: '利益冲突声明', width: 180 },
    { accessor: 'evaluationCount', title: '评价项目', width: 80, textAlign: 'right' },
    { accessor: 'meanPlanQuality', title: '方案质量 / 报告质量', width: 140, textAlign: 'right', render: (a) => `${fmt2(a.meanPlanQuality)} / ${fmt2(a.meanReportQuality)}` },
    { accessor: 'active', title: '状态', width: 70, render: (a) => active(a.active) },
  ];
  const expertColumns: DataTableColumn<ExpertDto>[] = [
    { accessor: 'name', title: '姓名', width: 100 }, { accessor: 'field', title: '专业领域', width: 150 }, { accessor: 'organisation', title: '工作单位' },
    { accessor: 'contact', title: '联系方式', width: 140 }, { accessor: 'conflicts', title: '利益冲突声明', width: 220 },
    { accessor: 'active', title: '状态', width: 70, render: (x) => active(x.active) },
  ];
  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="xs"><Text fw={600}>第三方机构</Text>{editable ? <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setAgency({ name: '' })}>新增机构</Button> : null}</Group>
        <DataTable withTableBorder borderRadius="sm" highlightOnHover verticalSpacing={6} minHeight={agencies.data?.length ? undefined : 100} records={agencies.data ?? []} columns={agencyColumns}
          onRowClick={({ record: a }) => { if (editable && !a.readOnly) setAgency({ id: a.id, rev: a.rev, name: a.name, field: a.field, contact: a.contact, qualification: a.qualification, conflicts: a.conflicts, active: a.active }); }}
          noRecordsText="尚未登记第三方机构" />
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="xs"><Text fw={600}>评审专家</Text>{editable ? <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setExpert({ name: '' })}>新增专家</Button> : null}</Group>
        <DataTable withTableBorder borderRadius="sm" highlightOnHover verticalSpacing={6} minHeight={experts.data?.length ? undefined : 100} records={experts.data ?? []} columns={expertColumns}
          onRowClick={({ record: x }) => { if (editable && !x.readOnly) setExpert({ id: x.id, rev: x.rev, name: x.name, field: x.field, organisation: x.organisation, contact: x.contact, conflicts: x.conflicts, active: x.active }); }}
          noRecordsText="尚未登记专家" />
      </Paper>
      <Modal opened={agency !== null} onClose={() => setAgency(null)} title="第三方机构" centered>
        {agency ? (
          <Stack gap="sm">
            <TextInput label="机构名称" required value={agency.name} onChange={(e) => { const v = e.currentTarget.value; setAgency((a) => a && { ...a, name: v }); }} />
            <TextInput label="业务领域" value={agency.field ?? ''} onChange={(e) => { const v = e.currentTarget.value; setAgency((a) => a && { ...a, field: v }); }} />
            <TextInput label="资质" value={agency.qualification ?? ''} onChange={(e) => { const v = e.currentTarget.value; setAgency((a) => a && { ...a, qualification: v }); }} />
            <TextInput label="联系方式" value={agency.contact ?? ''} onChange={(e) => { const v = e.currentTarget.value; setAgency((a) => a && { ...a, contact: v }); }} />
            <Textarea label="利益冲突声明" autosize minRows={2} value={agency.conflicts ?? ''} onChange={(e) => { const v = e.currentTarget.value; setAgency((a) => a && { ...a, conflicts: v }); }} />
            <Switch label="在用" checked={agency.active ?? true} onChange={(e) => { const v = e.currentTarget.checked; setAgency((a) => a && { ...a, active: v }); }} />
            <Group justify="flex-end"><Button variant="default" onClick={() => setAgency(null)}>取消</Button><Button onClick={() => void saveAgency()}>保存</Button></Group>
          </Stack>
        ) : null}
      </Modal>
      <Modal opened={expert !== null} onClose={() => setExpert(null)} title="评审专家" centered>
        {expert ? (
          <Stack gap="sm">
            <TextInput label="姓名" required value={expert.name} onChange={(e) => { const v = e.currentTarget.value; setExpert((x) => x && { ...x, name: v }); }} />
            <TextInput label="专业领域" value={expert.field ?? ''} onChange={(e) => { const v = e.currentTarget.value; setExpert((x) => x && { ...x, field: v }); }} />
            <TextInput label="工作单位" value={expert.organisation ?? ''} onChange={(e) => { const v = e.currentTarget.value; setExpert((x) => x && { ...x, organisation: v }); }} />
            <TextInput label="联系方式" value={expert.contact ?? ''} onChange={(e) => { const v = e.currentTarget.value; setExpert((x) => x && { ...x, contact: v }); }} />
            <Textarea label="利益冲突声明" autosize minRows={2} value={expert.conflicts ?? ''} onChange={(e) => { const v = e.currentTarget.value; setExpert((x) => x && { ...x, conflicts: v }); }} />
            <Switch label="在用" checked={expert.active ?? true} onChange={(e) => { const v = e.currentTarget.checked; setExpert((x) => x && { ...x, active: v }); }} />
            <Group justify="flex-end"><Button variant="default" onClick={() => setExpert(null)}>取消</Button><Button onClick={() => void saveExpert()}>保存</Button></Group>
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}
