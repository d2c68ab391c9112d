import { useState } from 'react';
import { Badge, Button, Group, Modal, Paper, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconPlus } from '@tabler/icons-react';
import type { MethodInput } from '../../../../shared/api/contract.ts';
import type { AgencyDto, ExpertDto } from '../../../../shared/api/methods/keyEval.ts';
import { call } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { KEY_EVAL_TABLES as TABLES, fmt2 } from './keyEvalModel.ts';

/** The registers of third-party agencies and experts (field, contact, conflicts declared, the agency's quality scores). */


type AgencyForm = MethodInput<'agencies.save'>;
type ExpertForm = MethodInput<'experts.save'>;

export function KeyEvalRegisters({ editable }: { editable: boolean }) {
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
