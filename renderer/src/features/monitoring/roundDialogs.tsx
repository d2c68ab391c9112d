import { useMemo, useState } from 'react';
import {
  Alert, Badge, Button, Checkbox, Group, Loader, Modal, Select, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import dayjs from 'dayjs';
import { IconCheck, IconDeviceFloppy, IconFileExport, IconSparkles } from '@tabler/icons-react';
import type { MonitoringKind, MonitoringObjectType, MonitoringRoundDto, RoundProposalDto } from '../../../../shared/api/dtoMonitoring.ts';
import { roundCreateSchema } from '../../../../shared/api/schemasMonitoring.ts';
import { MONITORING_KIND_LABELS, MONITORING_OBJECT_TYPE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { call, saveFile } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { renderUnitOption, unitOptions, type UnitOption } from '../projects/projectUi.tsx';
import { KIND_COLORS, PROFILE_TABLES, ROUND_TABLES, periodLabel, roundRev } from './sheetModel.ts';

const DATE_PROPS = { valueFormat: 'YYYY-MM-DD', monthLabelFormat: 'YYYY年M月', yearLabelFormat: 'YYYY年', monthsListFormat: 'M月', popoverProps: { withinPortal: true } } as const;
const MONTH_OPTIONS = Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: `${periodLabel(i + 1)}（截至 ${i + 1} 月底）` }));

/** The title officers would write: "2026年1–6月项目自行监控". */
export function defaultRoundTitle(year: number, month: number, objectType: MonitoringObjectType, kind: MonitoringKind): string {
  return `${year}年${periodLabel(month)}${objectType === 'project' ? '项目' : '部门整体'}${MONITORING_KIND_LABELS[kind]}`;
}

export function ObjectBadge({ type }: { type: MonitoringObjectType }) {
  return <Badge variant="light" color={type === 'project' ? 'blue' : 'grape'} radius="sm">{MONITORING_OBJECT_TYPE_LABELS[type]}</Badge>;
}

export function KindBadge({ kind }: { kind: MonitoringKind }) {
  return <Badge variant={kind === 'key' ? 'filled' : 'light'} color={KIND_COLORS[kind]} radius="sm">{MONITORING_KIND_LABELS[kind]}</Badge>;
}

// ------------------------------------------------------------------------------------ proposals

/**
 * 按规则方案生成建议批次: the rounds the year's rule profile proposes (e.g. 新疆: 项目 at May and
 * August, 部门整体 at June), ticked unless a round like it exists; the ticked ones are created.
 */
export function ProposeRoundsModal({ year, opened, onClose }: { year: number; opened: boolean; onClose(): void }) {
  if (!opened) return null;
  return <ProposeRounds year={year} onClose={onClose} />;
}

function ProposeRounds({ year, onClose }: { year: number; onClose(): void }) {
  const proposals = useApiQuery('monitoring.proposeRounds', { year }, [...ROUND_TABLES, ...PROFILE_TABLES]);
  const profile = useApiQuery('profiles.forYear', { year }, PROFILE_TABLES);
  // Until the officer changes it, every proposal that does not exist yet is ticked.
  const [picked, setChosen] = useState<ReadonlySet<number> | null>(null);
  const [busy, setBusy] = useState(false);
  const rows = proposals.data ?? [];
  const chosen = picked ?? new Set(rows.flatMap((p, i) => (p.exists ? [] : [i])));

  const toggle = (i: number) =>
    setChosen(() => {
      const next = new Set(chosen);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });

  const create = async () => {
    setBusy(true);
    let created = 0;
    try {
      for (const i of [...chosen].toSorted((a, b) => a - b)) {
        const p = rows[i];
        if (!p) continue;
        await call('monitoring.createRound', { year, month: p.month, objectType: p.objectType, kind: p.kind, title: p.title, issuedOn: p.issuedOn, dueOn: p.dueOn });
        created++;
      }
      notifySuccess(`已新建 ${created} 个监控批次。进入批次后点击“生成监控表”，为每个监控对象建立监控表。`, '批次已建立');
      onClose();
    } catch (e) {
      notifyError(e);
      if (created > 0) notifySuccess(`出错前已新建 ${created} 个批次。`, '部分完成');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>按规则方案生成 {year} 年度建议批次</Text>} size="xl" centered>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {profile.data ? `本年度规则方案“${profile.data.name}”（第 ${profile.data.version} 版）` : '本年度规则方案'}建议以下监控批次。勾选要建立的批次；已有相同截止月份、对象和类型的批次不再重复建立。日期建立后仍可修改。
        </Text>
        {proposals.isPending ? (
          <Group justify="center" py="lg"><Loader size="sm" /><Text size="sm" c="dimmed">正在读取……</Text></Group>
        ) : proposals.isError ? (
          <Alert color="red" variant="light" title="无法读取建议批次">{proposals.error.message}</Alert>
        ) : rows.length === 0 ? (
          <Alert color="gray" variant="light" title="规则方案未设置监控批次">本年度规则方案没有建议的监控批次，请用“新建批次”逐个建立。</Alert>
        ) : (
          <Table withTableBorder verticalSpacing="xs" highlightOnHover>
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th w={40} />
                <Table.Th>批次名称</Table.Th>
                <Table.Th w={80}>截止月份</Table.Th>
                <Table.Th w={90}>对象</Table.Th>
                <Table.Th w={96}>类型</Table.Th>
                <Table.Th w={110}>下发日期</Table.Th>
                <Table.Th w={110}>填报截止</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p: RoundProposalDto, i) => (
                <Table.Tr key={`${p.month}-${p.objectType}-${p.kind}`} style={{ cursor: p.exists ? undefined : 'pointer' }} onClick={() => !p.exists && toggle(i)} c={p.exists ? 'dimmed' : undefined}>
                  <Table.Td>
                    <Checkbox
                      aria-label={`建立“${p.title}”`}
                      checked={chosen.has(i)}
                      disabled={p.exists}
                      onChange={() => toggle(i)}
                      onClick={(e) => e.stopPropagation()}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500}>{p.title}</Text>
                      {p.exists ? <Badge size="xs" variant="outline" color="gray">已有</Badge> : null}
                    </Group>
                  </Table.Td>
                  <Table.Td><Text size="sm">{periodLabel(p.month)}</Text></Table.Td>
                  <Table.Td><ObjectBadge type={p.objectType} /></Table.Td>
                  <Table.Td><KindBadge kind={p.kind} /></Table.Td>
                  <Table.Td><Text size="sm">{p.issuedOn}</Text></Table.Td>
                  <Table.Td><Text size="sm">{p.dueOn}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="space-between">
          <Text size="sm" c="dimmed">已选 {chosen.size} 个</Text>
          <Group gap="xs">
            <Button variant="default" onClick={onClose} disabled={busy}>取消</Button>
            <Button leftSection={<IconSparkles size={16} />} disabled={chosen.size === 0} loading={busy} onClick={() => void create()} data-testid="propose-create">
              建立所选批次
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

// ------------------------------------------------------------------------------------ create / edit

interface RoundFormValues {
  month: number;
  objectType: MonitoringObjectType;
  kind: MonitoringKind;
  title: string;
  issuedOn: string | null;
  dueOn: string | null;
}

/** 新建批次, or 修改批次 (name and dates; the month, object and kind are fixed once sheets exist). */
export function RoundFormModal({ opened, onClose, year, round, onSaved }: {
  opened: boolean;
  onClose(): void;
  year: number;
  round?: MonitoringRoundDto | null;
  onSaved?(r: MonitoringRoundDto): void;
}) {
  if (!opened) return null;
  return <RoundForm key={round?.id ?? 'new'} onClose={onClose} year={year} round={round ?? null} onSaved={onSaved} />;
}

/**
 * Default dates for a new round: issued the day after the cut-off month ends (or today, when that
 * day has passed), due two weeks later — the profile's proposals follow the same habit.
 */
function defaultDates(year: number, month: number): { issuedOn: string; dueOn: string } {
  const afterCutOff = dayjs(new Date(year, month, 1));
  const issued = afterCutOff.isAfter(dayjs(), 'day') ? afterCutOff : dayjs();
  return { issuedOn: issued.format('YYYY-MM-DD'), dueOn: issued.add(14, 'day').format('YYYY-MM-DD') };
}

function RoundForm({ onClose, year, round, onSaved }: { onClose(): void; year: number; round: MonitoringRoundDto | null; onSaved: ((r: MonitoringRoundDto) => void) | undefined }) {
  const [v, setV] = useState<RoundFormValues>(() =>
    round
      ? { month: round.month, objectType: round.objectType, kind: round.kind, title: round.title, issuedOn: round.issuedOn, dueOn: round.dueOn }
      : { month: 6, objectType: 'project', kind: 'self', title: defaultRoundTitle(year, 6, 'project', 'self'), ...defaultDates(year, 6) },
  );
  // The title and dates follow the month/object/kind until the officer sets their own.
  const [titleEdited, setTitleEdited] = useState(round !== null);
  const [datesEdited, setDatesEdited] = useState(round !== null);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);

  const patch = (p: Partial<RoundFormValues>) =>
    setV((prev) => {
      const next = { ...prev, ...p };
      if (!titleEdited && (p.month !== undefined || p.objectType !== undefined || p.kind !== undefined)) next.title = defaultRoundTitle(year, next.month, next.objectType, next.kind);
      if (!datesEdited && p.month !== undefined) Object.assign(next, defaultDates(year, next.month));
      return next;
    });

  const input = { year, month: v.month, objectType: v.objectType, kind: v.kind, title: v.title.trim(), issuedOn: v.issuedOn ?? '', dueOn: v.dueOn ?? '' };
  const parsed = roundCreateSchema.safeParse(input);
  const errors: Record<string, string> = {};
  if (!v.issuedOn) errors.issuedOn = '请选择下发日期';
  if (!v.dueOn) errors.dueOn = '请选择填报截止日期';
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0] ?? 'title')] ??= i.message;
  const show = (k: string) => (touched ? errors[k] : undefined);

  const save = async () => {
    setTouched(true);
    if (Object.keys(errors).length > 0 || !parsed.success) return;
    setBusy(true);
    try {
      const saved = round
        ? await call('monitoring.updateRound', { id: round.id, rev: roundRev(round), title: input.title, issuedOn: input.issuedOn, dueOn: input.dueOn, status: round.status })
        : await call('monitoring.createRound', parsed.data);
      notifySuccess(round ? '批次已修改。' : `已新建“${saved.title}”。点击“生成监控表”为每个监控对象建立监控表。`, round ? '已保存' : '批次已建立');
      onSaved?.(saved);
      onClose();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>{round ? '修改监控批次' : `新建 ${year} 年度监控批次`}</Text>} size="lg" centered closeOnClickOutside={false}>
      <Stack gap="sm">
        <Select
          label="截止月份"
          description="监控 1 月至该月的预算执行和目标完成情况"
          withAsterisk
          allowDeselect={false}
          disabled={round !== null}
          data={MONTH_OPTIONS}
          value={String(v.month)}
          onChange={(m) => m && patch({ month: Number(m) })}
          data-testid="round-month"
        />
        <SimpleGrid cols={2} spacing="sm">
          <Stack gap={4}>
            <Text size="sm" fw={500}>监控对象</Text>
            <SegmentedControl
              disabled={round !== null}
              data={(['project', 'unitOverall'] as const).map((t) => ({ value: t, label: MONITORING_OBJECT_TYPE_LABELS[t] }))}
              value={v.objectType}
              onChange={(t) => patch({ objectType: t as MonitoringObjectType })}
            />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>监控类型</Text>
            <SegmentedControl
              disabled={round !== null}
              data={(['self', 'key'] as const).map((k) => ({ value: k, label: MONITORING_KIND_LABELS[k] }))}
              value={v.kind}
              onChange={(k) => patch({ kind: k as MonitoringKind })}
            />
          </Stack>
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {v.kind === 'self'
            ? '自行监控：各单位对本批次全部监控对象逐一填报监控表。'
            : '重点监控：按规则方案筛选（如金额较大、执行缓慢）的重点项目，由财政确认后重点跟踪。'}
        </Text>
        <TextInput
          label="批次名称"
          withAsterisk
          maxLength={60}
          value={v.title}
          error={show('title')}
          onChange={(e) => {
            setTitleEdited(true);
            patch({ title: e.currentTarget.value });
          }}
          data-testid="round-title"
        />
        <SimpleGrid cols={2} spacing="sm">
          <DateInput label="下发日期" withAsterisk placeholder="选择日期" {...DATE_PROPS} value={v.issuedOn} onChange={(d) => { setDatesEdited(true); patch({ issuedOn: d }); }} error={show('issuedOn')} />
          <DateInput label="填报截止日期" withAsterisk placeholder="选择日期" {...DATE_PROPS} value={v.dueOn} onChange={(d) => { setDatesEdited(true); patch({ dueOn: d }); }} error={show('dueOn')} />
        </SimpleGrid>
        <Group justify="flex-end" pt={4}>
          <Button variant="default" onClick={onClose} disabled={busy}>取消</Button>
          <Button leftSection={round ? <IconDeviceFloppy size={16} /> : <IconCheck size={16} />} loading={busy} onClick={() => void save()} data-testid="round-save">
            {round ? '保存' : '建立批次'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

// ------------------------------------------------------------------------------------ export per unit

/** 按单位导出: every 监控表 of one unit in this round, one workbook. */
export function ExportUnitModal({ roundId, opened, onClose }: { roundId: string; opened: boolean; onClose(): void }) {
  const units = useApiQuery('units.tree', {}, ['units'], { enabled: opened });
  const data = useMemo<UnitOption[]>(() => unitOptions(units.data), [units.data]);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (!unitId) return;
    setBusy(true);
    try {
      const saved = await saveFile(await call('monitoring.exportUnitBatch', { roundId, unitId }));
      if (saved) notifySuccess(`已保存“${saved}”。`, '监控表已导出');
      onClose();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>按单位导出监控表</Text>} centered>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">选择单位，将其在本批次的全部监控表导出为一个 Excel 文件（每张监控表一个工作表，按正式表样排版）。</Text>
        <Select
          label="单位"
          placeholder="选择单位"
          searchable
          data={data}
          renderOption={({ option }) => renderUnitOption(option as UnitOption)}
          nothingFoundMessage="没有符合条件的单位"
          maxDropdownHeight={320}
          comboboxProps={{ withinPortal: true }}
          value={unitId}
          onChange={setUnitId}
          data-testid="export-unit"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>取消</Button>
          <Button leftSection={<IconFileExport size={16} />} disabled={!unitId} loading={busy} onClick={() => void run()}>导出</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
