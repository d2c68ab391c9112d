import { useState } from 'react';
import { Alert, Badge, Button, Drawer, Group, Modal, ScrollArea, Select, SimpleGrid, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconPlus } from '@tabler/icons-react';
import type { MethodInput } from '../../../../shared/api/contract.ts';
import type { KeyEvalRowDto } from '../../../../shared/api/methods/keyEval.ts';
import {
  GOAL_GRADE_LABELS, KEY_EVAL_EVALUATOR_LABELS, KEY_EVAL_KIND_LABELS, KEY_EVAL_OBJECT_TYPE_LABELS, KEY_EVAL_STATUS_LABELS,
} from '../../../../shared/i18n/zh-CN.ts';
import { call } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { useYearOptions } from '../goals/useYearOptions.ts';
import { KeyEvalDetail } from './keyEvalDetail.tsx';
import { GRADE_COLORS, KEY_EVAL_TABLES as TABLES, fmt2, options } from './keyEvalModel.ts';
import { KeyEvalRegisters } from './keyEvalRegisters.tsx';

/**
 * 部门评价 / 财政重点评价 (SPEC §5.7): the year's evaluations, a drawer to work on one (the
 * framework, every expert's entries by scoring method, the summary, findings; see
 * keyEvalDetail.tsx), and the registers of third-party agencies and experts.
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
        <Tabs.Panel value="registers" pt="md"><KeyEvalRegisters editable={performance} /></Tabs.Panel>
      </Tabs>
      <CreateModal year={year} opened={creating} onClose={() => setCreating(false)} onCreated={(id) => setOpenId(id)} />
      <Drawer opened={openId !== null} onClose={() => setOpenId(null)} position="right" size={1180} title={<Text fw={700}>绩效评价</Text>} scrollAreaComponent={ScrollArea.Autosize}>
        {openId ? <KeyEvalDetail id={openId} /> : null}
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
