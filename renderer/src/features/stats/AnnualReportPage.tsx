import { useState } from 'react';
import {
  Accordion, Alert, Badge, Button, Grid, Group, Loader, Paper, ScrollArea, Select, SegmentedControl, Stack, Table, Text, TextInput, Textarea, Title,
} from '@mantine/core';
import { IconAlertTriangle, IconDeviceFloppy, IconFileTypeDocx } from '@tabler/icons-react';
import type { AnnualReportNarrativeDto } from '../../../../shared/api/dtoStatistics.ts';
import type { AnnualReportSaveInput } from '../../../../shared/api/schemasStatistics.ts';
import { STAGES } from '../../../../shared/rules/statisticsCatalog.ts';
import { call } from '../../api/client.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { formatTime } from '../../components/format.ts';
import { notifySuccess } from '../../components/notify.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useYearOptions } from '../goals/useYearOptions.ts';
import { STAT_TABLES } from './DrillDrawer.tsx';
import { ChecksPanel, useFileDownload } from './statsUi.tsx';
import { useStatScope } from './StatsPage.tsx';

/** Stages whose paragraph the office may add its own words to (部门评价 and 重点评价 share one). */
const NOTE_STAGES = STAGES.filter((s) => !['unitGoals', 'unitMonitoring', 'unitSelfEval', 'departmentEval'].includes(s.id));

type Form = Omit<AnnualReportSaveInput, 'year' | 'rev' | 'stageNotes'> & { stageNotes: Record<string, string> };

const formOf = (n: AnnualReportNarrativeDto): Form => ({
  title: n.title, recipient: n.recipient, intro: n.intro, stageNotes: { ...n.stageNotes }, problems: n.problems, nextSteps: n.nextSteps, signature: n.signature,
  reportDate: n.reportDate,
});

/**
 * 年度工作报告: the office writes the narrative parts (kept per year) and generates the .docx
 * draft, whose figures are computed from the records; the preview shows the same text and every
 * figure with its definition.
 */
export function AnnualReportPage() {
  const { session } = useSession();
  const [year, setYear] = useState(session.office.currentYear);
  const [scope, setScope, canConsolidate] = useStatScope();
  const yearOptions = useYearOptions(session.office.currentYear);
  const narrative = useApiQuery('statistics.getReport', { year }, ['annual_reports', 'office']);
  const draft = useApiQuery('statistics.reportDraft', { year, scope }, [...STAT_TABLES, 'annual_reports', 'office']);
  const canEdit = session.user.role === 'performance';
  const file = useFileDownload();

  return (
    <Stack gap="md">
      <PageHeader
        title="年度工作报告"
        description="按“工作开展情况、存在的问题、下一步工作”的结构起草年度预算绩效管理工作情况报告：各环节的数字由系统从业务记录计算，文字部分由本单位编写并按年度保存。"
        actions={
          <>
            {canConsolidate ? (
              <SegmentedControl aria-label="报告范围" value={scope} onChange={(v) => setScope(v === 'county' ? 'county' : 'prefecture')}
                data={[{ value: 'county', label: '本级' }, { value: 'prefecture', label: '本级及下级汇总' }]} />
            ) : null}
            <Select aria-label="年度" w={120} allowDeselect={false} data={yearOptions} value={String(year)} onChange={(v) => v && setYear(Number(v))} />
            <Button leftSection={<IconFileTypeDocx size={16} />} loading={file.busy} onClick={() => void file.run(() => call('statistics.exportReport', { year, scope }), '报告已生成')} data-testid="report-export">生成 Word 报告</Button>
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          {narrative.data ? <NarrativeForm key={`${year}:${narrative.data.rev}`} narrative={narrative.data} canEdit={canEdit} /> : <Loader size="sm" />}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          {draft.isError ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="无法生成报告预览">{draft.error.message}</Alert>
          ) : !draft.data ? (
            <Group gap="sm" py="xl" justify="center"><Loader size="sm" /><Text size="sm" c="dimmed">正在统计……</Text></Group>
          ) : (
            <Stack gap="md">
              {draft.data.flags.length ? <ChecksPanel flags={draft.data.flags} limit={5} /> : null}
              <Paper withBorder radius="md" p="lg" data-testid="report-preview">
                <ScrollArea.Autosize mah={620}>
                  <Stack gap={6} px="sm" style={{ fontFamily: 'FangSong, "仿宋", "Noto Serif CJK SC", serif' }}>
                    <Title order={4} ta="center" mb="sm" style={{ fontFamily: 'inherit' }}>{draft.data.title}</Title>
                    {draft.data.blocks.map((b, i) =>
                      b.kind === 'heading' ? (
                        <Text key={i} fw={700} mt={b.level === 1 ? 'sm' : 4} ff="inherit">{b.text}</Text>
                      ) : (
                        <Text key={i} size="sm" ff="inherit" style={{ textIndent: b.kind === 'note' ? 0 : '2em', lineHeight: 1.9 }}>{b.text}</Text>
                      ),
                    )}
                  </Stack>
                </ScrollArea.Autosize>
              </Paper>
              <Paper withBorder radius="md" p="md">
                <Group justify="space-between" mb="xs">
                  <Title order={5}>数据口径与来源</Title>
                  <Badge variant="light">正文引用数字 {draft.data.figures.length} 个</Badge>
                </Group>
                <ScrollArea.Autosize mah={320}>
                  <Table striped withTableBorder fz="xs" verticalSpacing={4} data-testid="report-figures">
                    <Table.Thead><Table.Tr><Table.Th w={44}>序号</Table.Th><Table.Th>指标</Table.Th><Table.Th ta="right">数值</Table.Th><Table.Th>口径定义</Table.Th></Table.Tr></Table.Thead>
                    <Table.Tbody>
                      {draft.data.figures.map((f) => (
                        <Table.Tr key={f.no}>
                          <Table.Td>{f.no}</Table.Td><Table.Td>{f.label}</Table.Td><Table.Td ta="right" className="num" style={{ whiteSpace: 'nowrap' }}>{f.value}</Table.Td><Table.Td>{f.definition}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea.Autosize>
              </Paper>
            </Stack>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function NarrativeForm({ narrative, canEdit }: { narrative: AnnualReportNarrativeDto; canEdit: boolean }) {
  const [form, setForm] = useState<Form>(() => formOf(narrative));
  const save = useApiMutation('statistics.saveReport');
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const submit = () => save.mutate({ year: narrative.year, rev: narrative.rev, ...form }, { onSuccess: () => notifySuccess('报告文字已保存。') });
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={5}>报告文字（{narrative.year} 年度）</Title>
          <Text size="xs" c="dimmed">{narrative.isDefault ? '尚未保存，显示默认文字' : `${narrative.updatedBy} 保存于 ${formatTime(narrative.updatedAt)}`}</Text>
        </Group>
        {!canEdit ? <Text size="sm" c="dimmed">报告文字由绩效管理人员编写；其他角色可以预览和生成报告。</Text> : null}
        <TextInput label="标题" value={form.title} onChange={(e) => set('title', e.currentTarget.value)} readOnly={!canEdit} data-testid="report-title" />
        <TextInput label="主送机关" value={form.recipient} onChange={(e) => set('recipient', e.currentTarget.value)} readOnly={!canEdit} />
        <Textarea label="开头" autosize minRows={3} maxRows={8} value={form.intro} onChange={(e) => set('intro', e.currentTarget.value)} readOnly={!canEdit} />
        <Accordion variant="separated" radius="sm">
          <Accordion.Item value="notes">
            <Accordion.Control>一、工作开展情况：各环节补充说明（接在系统统计的数字之后）</Accordion.Control>
            <Accordion.Panel>
              <Stack gap="xs">
                {NOTE_STAGES.map((s) => (
                  <Textarea
                    key={s.id}
                    label={s.id === 'financeEval' ? '部门评价和财政重点评价' : s.label}
                    autosize
                    minRows={1}
                    maxRows={6}
                    value={form.stageNotes[s.id] ?? ''}
                    onChange={(e) => set('stageNotes', { ...form.stageNotes, [s.id]: e.currentTarget.value })}
                    readOnly={!canEdit}
                    data-testid={`report-note-${s.id}`}
                  />
                ))}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        <Textarea label="二、存在的问题（系统另列统计发现的问题）" autosize minRows={3} maxRows={10} value={form.problems} onChange={(e) => set('problems', e.currentTarget.value)} readOnly={!canEdit} data-testid="report-problems" />
        <Textarea label="三、下一步工作" autosize minRows={4} maxRows={12} value={form.nextSteps} onChange={(e) => set('nextSteps', e.currentTarget.value)} readOnly={!canEdit} />
        <Group grow>
          <TextInput label="落款单位" value={form.signature} onChange={(e) => set('signature', e.currentTarget.value)} readOnly={!canEdit} />
          <TextInput label="成文日期" placeholder="YYYY-MM-DD（空：生成当日）" value={form.reportDate ?? ''} onChange={(e) => set('reportDate', e.currentTarget.value.trim() || null)} readOnly={!canEdit} />
        </Group>
        {canEdit ? (
          <Group justify="flex-end">
            <Button leftSection={<IconDeviceFloppy size={16} />} loading={save.isPending} onClick={submit} data-testid="report-save">保存文字</Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
