import { useMemo, useState } from 'react';
import {
  ActionIcon, Alert, Badge, Button, Group, List, Loader, Modal, NumberInput, Paper, Popover, SegmentedControl, SimpleGrid, Stack, Table, Text,
  TextInput, Textarea, ThemeIcon, Tooltip,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { modals } from '@mantine/modals';
import {
  IconAlertTriangle, IconCircleCheck, IconDeviceFloppy, IconDownload, IconFileText, IconInfoCircle, IconMessage, IconMessageFilled, IconPaperclip,
  IconRotate, IconTrash, IconUserPlus,
} from '@tabler/icons-react';
import type { ExAnteDto, ProfileDto, ProjectDto } from '../../../../shared/api/dtoGoals.ts';
import type { ExAnteConclusion } from '../../../../shared/domain/ruleProfile.ts';
import { EX_ANTE_ASSESSOR_LABELS, EX_ANTE_CONCLUSION_LABELS, EX_ANTE_STATUS_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { assessExAnte, type ExAnteScore } from '../../../../shared/rules/exAnte.ts';
import { formatWan, parseWanToFen } from '../../../../shared/rules/money.ts';
import { round2 } from '../../../../shared/rules/rounding.ts';
import { ApiError, call, pickFile, saveFile } from '../../api/client.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { formatBytes, formatTime } from '../../components/format.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { CLOSE_PROPS } from '../system/a11y.ts';
import { EX_ANTE_GUIDANCE } from './exAnteGuidance.ts';
import { CONCLUSION_COLORS, EX_ANTE_TABLES, PROJECT_EDITORS, PROJECT_STATUS_ROLE } from './projectUi.tsx';

type AssessorType = ExAnteDto['assessorType'];
const ASSESSOR_OPTIONS = (['self', 'finance', 'thirdParty'] as const).map((a) => ({ value: a, label: EX_ANTE_ASSESSOR_LABELS[a] }));
const PROFILE_TABLES = ['rule_profiles', 'rule_profile_versions', 'fiscal_years'];
const ATTACHMENT_TYPES = ['pdf', 'ofd', 'doc', 'docx', 'xls', 'xlsx', 'jpg', 'jpeg', 'png', 'txt', 'zip'];

interface Expert {
  /** Local identity: names change while typing, and two experts may briefly share one. */
  key: string;
  name: string;
}

/** The assessment as being edited; scores keyed `${expert.key}|${dimension}`. */
interface Draft {
  assessorType: AssessorType;
  agency: string;
  assessedOn: string | null;
  experts: Expert[];
  scores: Record<string, number | ''>;
  opinions: Record<string, string>;
  adjustmentNotes: string;
  adjustmentText: string;
  summary: string;
}

let nextKey = 0;
const newExpert = (name = ''): Expert => ({ key: `e${++nextKey}`, name });
const cellKey = (expert: string, dimension: string) => `${expert}|${dimension}`;

function draftFrom(ex: ExAnteDto): Draft {
  const experts: Expert[] = [];
  const scores: Draft['scores'] = {};
  const opinions: Draft['opinions'] = {};
  for (const s of ex.scores) {
    let e = experts.find((x) => x.name === s.expert);
    if (!e) {
      e = newExpert(s.expert);
      experts.push(e);
    }
    scores[cellKey(e.key, s.dimension)] = s.score;
    if (s.opinion) opinions[cellKey(e.key, s.dimension)] = s.opinion;
  }
  if (experts.length === 0) experts.push(newExpert());
  return {
    assessorType: ex.assessorType,
    agency: ex.agency,
    assessedOn: ex.assessedOn,
    experts,
    scores,
    opinions,
    adjustmentNotes: ex.adjustmentNotes,
    adjustmentText: ex.adjustmentFen === null ? '' : formatWan(ex.adjustmentFen, 6).replace(/,/g, '').replace(/\.?0+$/, ''),
    summary: ex.summary,
  };
}

interface ScoreRow extends ExAnteScore {
  opinion: string;
  cell: string;
}

/** The scores the draft holds, plus what keeps them from being sent (unnamed or duplicate experts). */
function collect(d: Draft, dimensions: readonly { code: string }[]): { rows: ScoreRow[]; problems: string[]; nameErrors: Record<string, string> } {
  const rows: ScoreRow[] = [];
  const problems: string[] = [];
  const nameErrors: Record<string, string> = {};
  const seen = new Map<string, number>();
  d.experts.forEach((e, i) => {
    const name = e.name.trim();
    const cells = dimensions.map((dim) => ({ dim: dim.code, cell: cellKey(e.key, dim.code), v: d.scores[cellKey(e.key, dim.code)] }));
    const scored = cells.filter((c) => typeof c.v === 'number');
    if (!name) {
      if (scored.length) {
        nameErrors[e.key] = '请填写专家姓名';
        problems.push(`第 ${i + 1} 位专家尚未填写姓名`);
      }
      return;
    }
    if (seen.has(name)) {
      nameErrors[e.key] = '专家姓名重复';
      problems.push(`专家“${name}”重复，请用不同的姓名区分`);
      return;
    }
    seen.set(name, i);
    for (const c of scored) {
      rows.push({ expert: name, dimension: c.dim, score: c.v as number, opinion: (d.opinions[c.cell] ?? '').trim(), cell: c.cell });
    }
  });
  return { rows, problems, nameErrors };
}

/** 事前绩效评估 tab: the SPEC §3.4 form, the score grid and the conclusion the backend will store. */
export function ExAnteTab({ project }: { project: ProjectDto }) {
  const ex = useApiQuery('exAnte.get', { projectId: project.id }, EX_ANTE_TABLES);
  const profile = useApiQuery('profiles.forYear', { year: project.year }, PROFILE_TABLES);
  const [startAnyway, setStartAnyway] = useState(false);

  if (ex.isError || profile.isError) {
    return (
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="无法读取事前评估">
        {(ex.error ?? profile.error)?.message}
      </Alert>
    );
  }
  if (!ex.data || !profile.data) {
    return <Group gap="sm" py="lg"><Loader size="sm" /><Text size="sm" c="dimmed">正在读取事前评估……</Text></Group>;
  }
  const data = ex.data;
  if (!data.required && data.id === null && !startAnyway) {
    return <NotRequired project={project} profile={profile.data} onStart={() => setStartAnyway(true)} />;
  }
  // A new round (after 重新评估) or completion starts a fresh form from what the backend stored.
  return <ExAnteForm key={`${data.id ?? 'new'}-${data.status}`} project={project} ex={data} profile={profile.data} />;
}

function NotRequired({ project, profile, onStart }: { project: ProjectDto; profile: ProfileDto; onStart(): void }) {
  const { session } = useSession();
  const canEdit = PROJECT_EDITORS.includes(session.user.role) && !project.readOnly;
  const rules = profile.body.exAnte;
  const scope = [
    rules.requiredForNewMajor ? '新增重大项目（政策）' : null,
    rules.requiredForContinuation ? '到期拟延续的项目' : null,
    rules.amountThresholdFen !== null ? `全年预算 ${formatWan(rules.amountThresholdFen)} 万元及以上的新增项目` : null,
  ].filter(Boolean);
  return (
    <Paper withBorder radius="md" p="xl">
      <Stack align="center" gap="sm">
        <ThemeIcon size={48} radius="xl" variant="light" color="gray"><IconInfoCircle size={26} /></ThemeIcon>
        <Text fw={600}>本项目无需开展事前绩效评估</Text>
        <Text size="sm" c="dimmed" ta="center" maw={600}>
          按 {project.year} 年度规则方案“{profile.name}”，须开展事前绩效评估的是：{scope.length ? scope.join('；') : '（未设定范围）'}。
          本项目不在此范围内，入库和批复绩效目标不受事前评估限制。
        </Text>
        {canEdit ? <Button variant="default" mt="xs" onClick={onStart}>仍要开展评估</Button> : null}
      </Stack>
    </Paper>
  );
}

function ExAnteForm({ project, ex, profile }: { project: ProjectDto; ex: ExAnteDto; profile: ProfileDto }) {
  const { session } = useSession();
  const completed = ex.status === 'completed';
  const canEdit = PROJECT_EDITORS.includes(session.user.role) && !project.readOnly && !completed;
  const canReopen = session.user.role === PROJECT_STATUS_ROLE && !project.readOnly && completed;
  const save = useApiMutation('exAnte.save', { quiet: true });
  const complete = useApiMutation('exAnte.complete', { quiet: true });
  const [initial, setInitial] = useState(() => draftFrom(ex));
  const [d, setD] = useState<Draft>(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [cellErrors, setCellErrors] = useState<Record<string, string>>({});
  const [reopenOpen, setReopenOpen] = useState(false);
  const [busy, setBusy] = useState<'report' | 'upload' | 'complete' | null>(null);

  // Completed rounds show the dimensions of the profile version they were scored with (the backend sends them).
  const dimensions = ex.dimensions;
  const collected = useMemo(() => collect(d, dimensions), [d, dimensions]);
  // The same rule the backend applies on completion, so the preview equals what will be stored.
  const preview = useMemo(() => assessExAnte(profile.body, collected.rows), [profile.body, collected.rows]);
  const total = completed ? ex.total : preview.total;
  const conclusion = completed ? ex.conclusion : preview.conclusion;
  const problems = completed ? [] : [...collected.problems, ...preview.problems];
  const adjustmentFen = d.adjustmentText.trim() === '' ? null : parseWanToFen(d.adjustmentText);
  const adjustmentError = adjustmentFen === null && d.adjustmentText.trim() !== ''
    ? '请输入以万元为单位的金额，最多 6 位小数'
    : adjustmentFen !== null && adjustmentFen < 0 ? '金额不能为负数' : undefined;
  const dirty = JSON.stringify(d) !== JSON.stringify(initial);
  const gatePasses = profile.body.exAnte.gatePasses;

  const patch = (p: Partial<Draft>) => setD((x) => ({ ...x, ...p }));
  const setScore = (cell: string, v: number | string) => {
    setCellErrors(({ [cell]: _drop, ...rest }) => rest);
    setD((x) => ({ ...x, scores: { ...x.scores, [cell]: typeof v === 'number' ? v : '' } }));
  };
  const setOpinion = (cell: string, v: string) => setD((x) => ({ ...x, opinions: { ...x.opinions, [cell]: v } }));
  const renameExpert = (key: string, name: string) => setD((x) => ({ ...x, experts: x.experts.map((e) => (e.key === key ? { ...e, name } : e)) }));
  const addExpert = () => setD((x) => ({ ...x, experts: [...x.experts, newExpert()] }));
  const removeExpert = (key: string) =>
    setD((x) => ({
      ...x,
      experts: x.experts.filter((e) => e.key !== key),
      scores: Object.fromEntries(Object.entries(x.scores).filter(([k]) => !k.startsWith(`${key}|`))),
      opinions: Object.fromEntries(Object.entries(x.opinions).filter(([k]) => !k.startsWith(`${key}|`))),
    }));

  /** Saves the form; resolves false (with the problem shown) when it could not. */
  const persist = async (): Promise<boolean> => {
    if (collected.problems.length) {
      notifyError(new ApiError({ code: 'VALIDATION', message: collected.problems.join('；') }));
      return false;
    }
    if (adjustmentError) {
      setFieldErrors((f) => ({ ...f, adjustment: adjustmentError }));
      return false;
    }
    setFieldErrors({});
    setCellErrors({});
    const rows = collected.rows;
    try {
      await save.mutateAsync({
        projectId: project.id,
        assessorType: d.assessorType,
        agency: d.agency,
        assessedOn: d.assessedOn ? d.assessedOn.slice(0, 10) : null,
        scores: rows.map(({ expert, dimension, score, opinion }) => ({ expert, dimension, score, opinion })),
        adjustmentNotes: d.adjustmentNotes,
        adjustmentFen,
        summary: d.summary,
      });
      setInitial(d);
      return true;
    } catch (e) {
      showErrors(e, rows);
      return false;
    }
  };

  /** Backend details name fields (assessedOn, agency) or score rows (scores.3.score): put them where they belong. */
  const showErrors = (e: unknown, rows: readonly ScoreRow[]) => {
    if (e instanceof ApiError) {
      const fields: Record<string, string> = {};
      const cells: Record<string, string> = {};
      for (const det of e.error.details ?? []) {
        const m = /^scores\.(\d+)\./.exec(det.field ?? '');
        const row = m ? rows[Number(m[1])] : undefined;
        if (row) cells[row.cell] = det.message;
        else if (det.field) fields[det.field] = det.message;
      }
      setFieldErrors(fields);
      setCellErrors(cells);
    }
    notifyError(e);
  };

  const runSave = async () => {
    if (await persist()) notifySuccess('事前评估草稿已保存。');
  };

  const runComplete = () => {
    if (!d.assessedOn) {
      setFieldErrors((f) => ({ ...f, assessedOn: '完成评估前请填写评估日期' }));
      return;
    }
    if (problems.length || total === null || conclusion === null) {
      notifyError(new ApiError({ code: 'VALIDATION', message: `评分尚不完整：${problems.join('；')}` }));
      return;
    }
    const passes = gatePasses.includes(conclusion);
    modals.openConfirmModal({
      title: '完成事前绩效评估',
      centered: true,
      closeButtonProps: CLOSE_PROPS,
      children: (
        <Stack gap="sm">
          <Group gap="sm">
            <Text size="sm">总分</Text>
            <Text fw={700} size="xl" style={{ fontVariantNumeric: 'tabular-nums' }}>{total.toFixed(2)}</Text>
            <Badge size="lg" variant="filled" color={CONCLUSION_COLORS[conclusion]}>{EX_ANTE_CONCLUSION_LABELS[conclusion]}</Badge>
          </Group>
          <Text size="sm">
            {passes
              ? '按本年度规则方案，该结论允许项目纳入项目库并批复绩效目标。'
              : `按本年度规则方案，结论为“${EX_ANTE_CONCLUSION_LABELS[conclusion]}”的项目不能纳入项目库，也不能批复绩效目标。`}
          </Text>
          <Text size="sm" c="dimmed">完成后评分和结论不能再修改；如需修改，须由绩效管理岗“重新评估”。评分表将按当前填写内容先行保存。</Text>
        </Stack>
      ),
      labels: { confirm: '完成评估', cancel: '取消' },
      onConfirm: () => void finish(),
    });
  };

  const finish = async () => {
    setBusy('complete');
    try {
      if (!(await persist())) return;
      const r = await complete.mutateAsync({ projectId: project.id });
      notifySuccess(`事前绩效评估已完成：${r.total?.toFixed(2) ?? '—'} 分，${r.conclusion ? EX_ANTE_CONCLUSION_LABELS[r.conclusion] : ''}。`);
    } catch (e) {
      showErrors(e, collected.rows);
    } finally {
      setBusy(null);
    }
  };

  const runReport = async () => {
    setBusy('report');
    try {
      const saved = await saveFile(await call('exAnte.report', { projectId: project.id }));
      if (saved) notifySuccess(`已保存“${saved}”。`, '评估报告已生成');
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };

  const upload = async () => {
    if (!ex.id) return;
    const file = await pickFile('选择附件', ATTACHMENT_TYPES);
    if (!file) return;
    setBusy('upload');
    try {
      const a = await call('attachments.add', { ownerType: 'exAnte', ownerId: ex.id, file });
      notifySuccess(`已上传附件“${a.name}”。`);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };

  const download = async (id: string) => {
    try {
      await saveFile(await call('attachments.get', { id }));
    } catch (e) {
      notifyError(e);
    }
  };

  const expertTotal = (key: string): number | null => {
    const vals = dimensions.map((dim) => d.scores[cellKey(key, dim.code)]).filter((v): v is number => typeof v === 'number');
    return vals.length ? round2(vals.reduce((a, v) => a + v, 0)) : null;
  };
  const averageOf = (code: string) => (completed ? ex.dimensions.find((x) => x.code === code)?.score ?? null : preview.dimensions.find((x) => x.code === code)?.score ?? null);
  const weightTotal = dimensions.reduce((a, x) => a + x.weight, 0);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm">
          <Badge size="lg" variant="light" color={completed ? 'teal' : 'blue'} radius="sm">{EX_ANTE_STATUS_LABELS[ex.status]}</Badge>
          <Text size="sm" c="dimmed">
            {ex.required ? '按本年度规则方案，该项目须开展事前绩效评估。' : '该项目不在必须评估的范围内，评估结论仅供参考。'}
            {completed && ex.profileVersion !== null
              ? `评分依据：${ex.profileId === profile.id ? `“${profile.name}”` : '规则方案'}（第 ${ex.profileVersion} 版）。`
              : `评分依据：“${profile.name}”（第 ${profile.version} 版）。`}
          </Text>
          {dirty && !completed ? <Badge variant="dot" color="orange">有未保存的修改</Badge> : null}
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Button variant="default" leftSection={<IconFileText size={16} />} loading={busy === 'report'} disabled={ex.id === null} onClick={() => void runReport()}>
            生成评估报告
          </Button>
          {canReopen ? (
            <Button variant="default" color="orange" leftSection={<IconRotate size={16} />} onClick={() => setReopenOpen(true)}>重新评估</Button>
          ) : null}
          {canEdit ? (
            <>
              <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} loading={save.isPending && busy !== 'complete'} onClick={() => void runSave()}>
                保存草稿
              </Button>
              <Button leftSection={<IconCircleCheck size={16} />} loading={busy === 'complete'} onClick={runComplete} data-testid="exante-complete">
                完成评估
              </Button>
            </>
          ) : null}
        </Group>
      </Group>

      <Paper withBorder radius="md" p="md">
        <Text fw={600} mb="sm">评估信息</Text>
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
          <Stack gap={4}>
            <Text size="sm" fw={500}>评估方式</Text>
            <SegmentedControl
              data={ASSESSOR_OPTIONS}
              value={d.assessorType}
              onChange={(v) => patch({ assessorType: v as AssessorType })}
              disabled={!canEdit}
            />
          </Stack>
          <TextInput
            label="评估机构"
            placeholder={d.assessorType === 'thirdParty' ? '受托第三方机构名称' : d.assessorType === 'finance' ? '如：县财政局绩效管理股' : '如：项目实施单位'}
            maxLength={80}
            value={d.agency}
            onChange={(e) => patch({ agency: e.currentTarget.value })}
            readOnly={!canEdit}
            error={fieldErrors.agency}
          />
          <DateInput
            label="评估日期"
            placeholder="选择日期"
            valueFormat="YYYY-MM-DD"
            clearable
            value={d.assessedOn}
            onChange={(v) => {
              setFieldErrors(({ assessedOn: _drop, ...rest }) => rest);
              patch({ assessedOn: v });
            }}
            readOnly={!canEdit}
            error={fieldErrors.assessedOn}
            monthLabelFormat="YYYY年M月"
            yearLabelFormat="YYYY年"
            monthsListFormat="M月"
          />
        </SimpleGrid>
      </Paper>

      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" mb="sm">
          <Stack gap={0}>
            <Text fw={600}>评分表</Text>
            <Text size="xs" c="dimmed">每位专家按维度评分（0 至该维度分值），各维度取专家平均分，保留两位小数；总分为各维度平均分之和。</Text>
          </Stack>
          {canEdit ? <Button size="xs" variant="light" leftSection={<IconUserPlus size={14} />} onClick={addExpert}>添加专家</Button> : null}
        </Group>
        <Table.ScrollContainer minWidth={720}>
          <Table withTableBorder withColumnBorders verticalSpacing={6} horizontalSpacing="xs" data-testid="exante-grid">
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th miw={300}>评估维度与评估要点</Table.Th>
                <Table.Th w={56} ta="center">分值</Table.Th>
                {d.experts.map((e, i) => (
                  <Table.Th key={e.key} w={150}>
                    <Group gap={2} wrap="nowrap">
                      <TextInput
                        size="xs"
                        placeholder={`专家${i + 1}姓名`}
                        aria-label={`第 ${i + 1} 位专家姓名`}
                        maxLength={30}
                        value={e.name}
                        onChange={(ev) => renameExpert(e.key, ev.currentTarget.value)}
                        readOnly={!canEdit}
                        error={collected.nameErrors[e.key] ? true : undefined}
                        title={collected.nameErrors[e.key]}
                        style={{ flex: 1 }}
                      />
                      {canEdit && d.experts.length > 1 ? (
                        <Tooltip label="移除该专家及其评分" withinPortal>
                          <ActionIcon size="sm" variant="subtle" color="gray" aria-label={`移除第 ${i + 1} 位专家`} onClick={() => removeExpert(e.key)}>
                            <IconTrash size={14} />
                          </ActionIcon>
                        </Tooltip>
                      ) : null}
                    </Group>
                  </Table.Th>
                ))}
                <Table.Th w={90} ta="center">平均得分</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {dimensions.map((dim) => {
                const guidance = EX_ANTE_GUIDANCE[dim.code];
                const avg = averageOf(dim.code);
                return (
                  <Table.Tr key={dim.code}>
                    <Table.Td>
                      <Text size="sm" fw={600}>{dim.label}</Text>
                      {guidance ? (
                        <Stack gap={2} mt={2}>
                          {guidance.items.map((g) => (
                            <Text key={g.title} size="xs" c="dimmed" lh={1.45}>
                              <Text span size="xs" fw={600} c="gray.7">{g.title}：</Text>
                              {g.points}
                            </Text>
                          ))}
                        </Stack>
                      ) : null}
                    </Table.Td>
                    <Table.Td ta="center"><Text size="sm" fw={500}>{dim.weight}</Text></Table.Td>
                    {d.experts.map((e) => {
                      const cell = cellKey(e.key, dim.code);
                      return (
                        <Table.Td key={e.key}>
                          <Group gap={2} wrap="nowrap">
                            <NumberInput
                              size="xs"
                              aria-label={`${e.name || '专家'}：${dim.label}得分`}
                              placeholder={`0–${dim.weight}`}
                              min={0}
                              max={dim.weight}
                              clampBehavior="strict"
                              decimalScale={2}
                              allowNegative={false}
                              hideControls
                              value={d.scores[cell] ?? ''}
                              onChange={(v) => setScore(cell, v)}
                              readOnly={!canEdit}
                              error={cellErrors[cell] ? true : undefined}
                              title={cellErrors[cell]}
                              styles={{ input: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' } }}
                              style={{ flex: 1 }}
                            />
                            <OpinionButton
                              value={d.opinions[cell] ?? ''}
                              label={`${e.name || '专家'}对“${dim.label}”的评估意见`}
                              readOnly={!canEdit}
                              onChange={(v) => setOpinion(cell, v)}
                            />
                          </Group>
                        </Table.Td>
                      );
                    })}
                    <Table.Td ta="right">
                      <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }} c={avg === null ? 'dimmed' : undefined}>
                        {avg === null ? '—' : avg.toFixed(2)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
            <Table.Tfoot bg="gray.0">
              <Table.Tr>
                <Table.Th>合计</Table.Th>
                <Table.Th ta="center">{weightTotal}</Table.Th>
                {d.experts.map((e) => {
                  const t = expertTotal(e.key);
                  return <Table.Th key={e.key} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>{t === null ? '—' : t.toFixed(2)}</Table.Th>;
                })}
                <Table.Th ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>{total === null ? '—' : total.toFixed(2)}</Table.Th>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
        <ConclusionBar total={total} conclusion={conclusion} profile={profile} completed={completed} problems={problems} />
      </Paper>

      <Paper withBorder radius="md" p="md">
        <Text fw={600} mb="sm">调整建议与评估概述</Text>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, md: 4 }} spacing="md">
            <Textarea
              label="调整建议"
              description="如：测算依据不足，建议核减 10%"
              autosize
              minRows={2}
              maxRows={6}
              maxLength={2000}
              value={d.adjustmentNotes}
              onChange={(e) => patch({ adjustmentNotes: e.currentTarget.value })}
              readOnly={!canEdit}
              style={{ gridColumn: 'span 3' }}
            />
            <TextInput
              label="调整金额（万元）"
              description="建议核减或调整的金额"
              inputMode="decimal"
              placeholder="不调整可不填"
              value={d.adjustmentText}
              onChange={(e) => {
                setFieldErrors(({ adjustment: _drop, adjustmentFen: _drop2, ...rest }) => rest);
                patch({ adjustmentText: e.currentTarget.value });
              }}
              readOnly={!canEdit}
              error={adjustmentError ?? fieldErrors.adjustment ?? fieldErrors.adjustmentFen}
              styles={{ input: { textAlign: 'right' } }}
            />
          </SimpleGrid>
          <Textarea
            label="评估概述"
            description="评估工作开展情况、各维度的主要发现和总体结论，会写入评估报告"
            autosize
            minRows={3}
            maxRows={10}
            maxLength={4000}
            value={d.summary}
            onChange={(e) => patch({ summary: e.currentTarget.value })}
            readOnly={!canEdit}
          />
        </Stack>
      </Paper>

      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" mb="sm">
          <Stack gap={0}>
            <Text fw={600}>附件</Text>
            <Text size="xs" c="dimmed">可行性研究报告、专家论证意见、集体决策纪要、测算依据等（单个文件不超过 50 MB）。</Text>
          </Stack>
          {canEdit || (PROJECT_EDITORS.includes(session.user.role) && !project.readOnly && ex.id !== null) ? (
            <Tooltip label="请先保存草稿，再上传附件" disabled={ex.id !== null} withinPortal>
              <span>
                <Button size="xs" variant="light" leftSection={<IconPaperclip size={14} />} loading={busy === 'upload'} disabled={ex.id === null} onClick={() => void upload()}>
                  上传附件
                </Button>
              </span>
            </Tooltip>
          ) : null}
        </Group>
        {ex.attachments.length === 0 ? (
          <Text size="sm" c="dimmed">暂无附件。</Text>
        ) : (
          <Table verticalSpacing={4} highlightOnHover>
            <Table.Tbody>
              {ex.attachments.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td><Group gap={6} wrap="nowrap"><IconPaperclip size={14} color="var(--mantine-color-dimmed)" /><Text size="sm">{a.name}</Text></Group></Table.Td>
                  <Table.Td w={100} ta="right"><Text size="xs" c="dimmed">{formatBytes(a.size)}</Text></Table.Td>
                  <Table.Td w={170}><Text size="xs" c="dimmed">{formatTime(a.createdAt)}</Text></Table.Td>
                  <Table.Td w={80} ta="right">
                    <Button size="compact-xs" variant="subtle" leftSection={<IconDownload size={12} />} onClick={() => void download(a.id)}>下载</Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>

      <ReopenModal opened={reopenOpen} projectId={project.id} onClose={() => setReopenOpen(false)} />
    </Stack>
  );
}

function OpinionButton({ value, label, readOnly, onChange }: { value: string; label: string; readOnly: boolean; onChange(v: string): void }) {
  const [opened, setOpened] = useState(false);
  const has = value.trim() !== '';
  if (readOnly && !has) return <span style={{ width: 22 }} />;
  return (
    <Popover width={320} position="bottom-end" withArrow shadow="md" trapFocus withinPortal opened={opened} onChange={setOpened}>
      <Popover.Target>
        <Tooltip label={has ? value : '填写评估意见'} multiline maw={280} withinPortal disabled={opened}>
          <ActionIcon size="sm" variant={has ? 'light' : 'subtle'} color={has ? 'blue' : 'gray'} aria-label={label} onClick={() => setOpened((o) => !o)}>
            {has ? <IconMessageFilled size={14} /> : <IconMessage size={14} />}
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <Textarea
          label={label}
          placeholder="评估意见或依据材料"
          autosize
          minRows={3}
          maxRows={8}
          maxLength={1000}
          value={value}
          readOnly={readOnly}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      </Popover.Dropdown>
    </Popover>
  );
}

function ConclusionBar({ total, conclusion, profile, completed, problems }: {
  total: number | null;
  conclusion: ExAnteConclusion | null;
  profile: ProfileDto;
  completed: boolean;
  problems: string[];
}) {
  const rules = profile.body.exAnte;
  const passes = rules.gatePasses.map((c) => `“${EX_ANTE_CONCLUSION_LABELS[c]}”`).join('或');
  return (
    <Paper mt="md" p="md" radius="sm" bg={conclusion ? `${CONCLUSION_COLORS[conclusion]}.0` : 'gray.0'} data-testid="exante-conclusion">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Group gap="lg" align="center">
          <Stack gap={0} align="center">
            <Text size="xs" c="dimmed">总分</Text>
            <Text fw={700} fz={28} lh={1.1} style={{ fontVariantNumeric: 'tabular-nums' }}>{total === null ? '—' : total.toFixed(2)}</Text>
          </Stack>
          <Stack gap={4}>
            <Group gap="xs">
              <Text size="sm" c="dimmed">{completed ? '评估结论' : '结论预览'}</Text>
              {conclusion ? (
                <Badge size="lg" variant="filled" color={CONCLUSION_COLORS[conclusion]}>{EX_ANTE_CONCLUSION_LABELS[conclusion]}</Badge>
              ) : (
                <Badge size="lg" variant="outline" color="gray">待评分</Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {rules.supportMin} 分及以上“予以支持”；{rules.adjustMin} 分（含）至 {rules.supportMin} 分“调整后支持”；低于 {rules.adjustMin} 分“不予支持”。结论为{passes}的项目方可入库。
            </Text>
          </Stack>
        </Group>
      </Group>
      {problems.length ? (
        <Alert mt="sm" color="orange" variant="light" icon={<IconAlertTriangle size={16} />} p="xs" title={`尚不能完成评估（${problems.length} 项）`}>
          <List size="sm" spacing={2}>
            {problems.slice(0, 8).map((p) => <List.Item key={p}>{p}</List.Item>)}
            {problems.length > 8 ? <List.Item>……另有 {problems.length - 8} 项</List.Item> : null}
          </List>
        </Alert>
      ) : null}
    </Paper>
  );
}

function ReopenModal({ opened, projectId, onClose }: { opened: boolean; projectId: string; onClose(): void }) {
  const reopen = useApiMutation('exAnte.reopen', { quiet: true });
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const close = () => {
    setReason('');
    setError(undefined);
    onClose();
  };
  const submit = () => {
    if (!reason.trim()) {
      setError('请填写重新评估的原因');
      return;
    }
    reopen.mutate(
      { projectId, reason },
      {
        onSuccess: () => {
          notifySuccess('已开始新一轮事前评估，原评估结果保留在历史记录中。');
          close();
        },
        onError: (e) => {
          const field = e.error.details?.find((x) => x.field === 'reason');
          if (field) setError(field.message);
          else notifyError(e);
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>重新评估</Text>} centered closeButtonProps={CLOSE_PROPS}>
      <Stack gap="sm">
        <Text size="sm">
          重新评估会以当前评分为基础开始新一轮评估；须开展事前评估的项目在新一轮评估完成前不能入库，也不能批复绩效目标。原评估的分数、结论和所用规则方案版本保留备查。
        </Text>
        <Textarea
          label="重新评估的原因"
          withAsterisk
          autosize
          minRows={3}
          maxLength={500}
          data-autofocus
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(undefined);
          }}
          error={error}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>取消</Button>
          <Button color="orange" loading={reopen.isPending} onClick={submit}>重新评估</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
