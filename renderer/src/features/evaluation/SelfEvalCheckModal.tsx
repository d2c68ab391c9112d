import { useState } from 'react';
import { Alert, Badge, Button, Group, Loader, Modal, Paper, Select, SimpleGrid, Stack, Table, Tabs, Text } from '@mantine/core';
import { DataTable } from 'mantine-datatable';
import { IconAlertTriangle, IconCircleCheck, IconFileSpreadsheet, IconRefresh } from '@tabler/icons-react';
import type { SelfEvalCheckDto } from '../../../../shared/api/dtoSelfEvalCheck.ts';
import type { FileInput } from '../../../../shared/api/schemas.ts';
import type { ErrorDetail } from '../../../../shared/api/result.ts';
import { EXECUTION_AMOUNT_UNIT_LABELS, GOAL_GRADE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import { ApiError, call, pickFile } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { describeLocation } from '../../components/notify.ts';
import { GRADE_COLORS, fmt2, pct } from './selfEvalModel.ts';

/**
 * 核对单位自评表: the officer picks a unit's filled 自评表 (.xlsx) and a rule profile; the backend
 * reads the table in its layout, rescores it and lists every difference from the unit's figures
 * with its reason. Read-only: nothing is stored.
 */

const PROFILE_TABLES = ['rule_profiles', 'rule_profile_versions', 'fiscal_years'];
/** Select value for "the current year's profile" (the API default). */
const CURRENT = '';

type Phase =
  | { kind: 'pick' }
  | { kind: 'loading'; file: FileInput }
  | { kind: 'done'; file: FileInput; result: SelfEvalCheckDto }
  | { kind: 'failed'; file: FileInput; message: string; details: ErrorDetail[] };

const REASON_COLORS: Record<string, string> = {
  rounding: 'blue', truncation: 'blue', fullMarksMissed: 'red', reverseFormula: 'orange', executionLeftOut: 'red', totalSum: 'red',
  weightSum: 'orange', qualitativeBand: 'orange', rateBase: 'orange', missing: 'gray', carried: 'gray', cap: 'orange', other: 'grape',
};

const signed = (n: number | null) => (n === null ? '—' : `${n > 0 ? '+' : ''}${n.toFixed(2)}`);
const points = (n: number | null) => (n === null ? '—' : String(Number(n.toFixed(2))));

export function SelfEvalCheckModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'pick' });
  const [profileId, setProfileId] = useState<string>(CURRENT);
  const profiles = useApiQuery('profiles.list', {}, PROFILE_TABLES, { enabled: opened });

  const run = async (file: FileInput, profile: string) => {
    setPhase({ kind: 'loading', file });
    try {
      const result = await call('selfEvalCheck.check', { file, ...(profile ? { profileId: profile } : {}) });
      setPhase({ kind: 'done', file, result });
    } catch (e) {
      setPhase(e instanceof ApiError
        ? { kind: 'failed', file, message: e.error.message, details: e.error.details ?? [] }
        : { kind: 'failed', file, message: e instanceof Error ? e.message : String(e), details: [] });
    }
  };
  const choose = async () => {
    const file = await pickFile('选择单位填报的绩效自评表', ['xlsx']);
    if (file) await run(file, profileId);
  };
  const close = () => {
    setPhase({ kind: 'pick' });
    onClose();
  };
  const file = phase.kind === 'pick' ? null : phase.file;

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>核对单位自评表</Text>} size={1180} centered>
      <Stack gap="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label="规则方案"
            w={320}
            data={[{ value: CURRENT, label: '当前年度的方案' }, ...(profiles.data ?? []).map((p) => ({ value: p.id, label: p.name }))]}
            value={profileId}
            allowDeselect={false}
            onChange={(v) => {
              const next = v ?? CURRENT;
              setProfileId(next);
              if (file) void run(file, next);
            }}
          />
          <Button leftSection={<IconFileSpreadsheet size={16} />} onClick={() => void choose()} loading={phase.kind === 'loading'} data-testid="sec-pick">
            {file ? '重新选择文件' : '选择自评表文件'}
          </Button>
          {file ? (
            <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => void run(file, profileId)} disabled={phase.kind === 'loading'}>
              重新核对
            </Button>
          ) : null}
          {file ? <Text size="sm" c="dimmed">{file.name}</Text> : null}
        </Group>

        {phase.kind === 'pick' ? (
          <Text size="sm" c="dimmed">
            支持全国通用格式（预算执行率 10 分 + 绩效指标 90 分）、湖北和云南 20 + 80 格式、四川格式、重庆部门整体格式和不含预算执行率的格式，金额可为元或万元。
            系统按所选规则方案和表中的分值重新计算每项得分和总分，并列出与单位所填数字的每处差异及原因；不保存任何数据。
          </Text>
        ) : null}
        {phase.kind === 'loading' ? (
          <Group justify="center" py="xl" gap="sm">
            <Loader size="sm" />
            <Text size="sm" c="dimmed">正在识别表格格式并重新计算……</Text>
          </Group>
        ) : null}
        {phase.kind === 'failed' ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="无法核对此文件">
            <Text size="sm">{phase.message}</Text>
            {phase.details.map((d, i) => <Text key={i} size="sm">{describeLocation(d) ? `${describeLocation(d)}：` : ''}{d.message}</Text>)}
          </Alert>
        ) : null}
        {phase.kind === 'done' ? <CheckResult c={phase.result} /> : null}

        <Group justify="flex-end">
          <Button variant="default" onClick={close}>关闭</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function TotalCard({ title, total, grade, extra }: { title: string; total: number | null; grade: SelfEvalCheckDto['appGrade'] | null; extra: string[] }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="sm" c="dimmed">{title}</Text>
      <Group gap="sm" align="baseline">
        <Text fz={28} fw={700}>{fmt2(total)}</Text>
        {grade ? <Badge color={GRADE_COLORS[grade]} variant="filled" radius="sm">{GOAL_GRADE_LABELS[grade]}</Badge> : null}
      </Group>
      {extra.map((t, i) => <Text key={i} size="xs" c="dimmed">{t}</Text>)}
    </Paper>
  );
}

function CheckResult({ c }: { c: SelfEvalCheckDto }) {
  const e = c.execution;
  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="sm" bg="gray.0">
        <Group gap="xs" wrap="wrap">
          <Badge variant="light" radius="sm">{c.layout.name}</Badge>
          <Text size="sm">工作表“{c.sheet}”</Text>
          <Text size="sm">· 金额单位：{EXECUTION_AMOUNT_UNIT_LABELS[c.amountUnit]}（依据：{c.amountUnitSource}）</Text>
          <Text size="sm">· 规则方案：{c.profile.name}（第 {c.profile.version} 版）</Text>
          <Text size="sm">· 预算执行率 {points(c.executionWeight)} 分，分值合计 {points(c.weightTotal)} 分</Text>
        </Group>
        {c.notes.map((n, i) => <Text key={i} size="xs" c="dimmed" mt={4}>{n}</Text>)}
      </Paper>

      <SimpleGrid cols={2}>
        <TotalCard
          title="单位自评总分"
          total={c.unitTotal}
          grade={c.unitGrade}
          extra={e ? [`预算执行率得分 ${fmt2(e.unitScore)}（单位填执行率 ${pct(e.unitRate)}）`] : []}
        />
        <TotalCard
          title="系统按方案计算"
          total={c.appTotal}
          grade={c.appGrade}
          extra={[...(e ? [`预算执行率得分 ${fmt2(e.appScore)}：预算数 ${formatWan(e.budgetFen)} 万元，执行数 ${formatWan(e.executedFen)} 万元，执行率 ${pct(e.rate)}`] : []), ...c.appTotalNotes]}
        />
      </SimpleGrid>

      {c.differences.length === 0 && c.errors.length === 0 ? (
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />}>单位所填数字与系统计算一致，没有差异。</Alert>
      ) : null}
      {c.errors.length ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title={`${c.errors.length} 处单元格无法读取，所在指标未计分`}>
          {c.errors.map((d, i) => <Text key={i} size="sm">{describeLocation(d)}：{d.message}</Text>)}
        </Alert>
      ) : null}

      <Tabs defaultValue="differences">
        <Tabs.List>
          <Tabs.Tab value="differences">差异（{c.differences.length}）</Tabs.Tab>
          <Tabs.Tab value="rows">指标得分（{c.rows.length}）</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="differences" pt="sm">
          <DataTable
            withTableBorder
            striped
            minHeight={120}
            noRecordsText="没有差异"
            records={c.differences.map((d, i) => ({ ...d, key: i }))}
            idAccessor="key"
            columns={[
              { accessor: 'row', title: '行', width: 50, render: (d) => d.row ?? '—' },
              { accessor: 'fieldLabel', title: '项目', width: 110 },
              { accessor: 'name', title: '内容', width: 150 },
              { accessor: 'unit', title: '单位', width: 70, textAlign: 'right', render: (d) => fmt2(d.unit) },
              { accessor: 'app', title: '系统', width: 70, textAlign: 'right', render: (d) => fmt2(d.app) },
              { accessor: 'reason', title: '原因', width: 150, render: (d) => <Badge color={REASON_COLORS[d.reasonCode] ?? 'gray'} variant="light" radius="sm">{d.reason}</Badge> },
              { accessor: 'message', title: '说明', render: (d) => <Text size="sm">{d.message}</Text> },
            ]}
          />
        </Tabs.Panel>
        <Tabs.Panel value="rows" pt="sm">
          <Table striped withTableBorder fz="sm">
            <Table.Thead>
              <Table.Tr>
                {['行', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '单位得分', '系统得分', '差额', '差异原因'].map((h) => <Table.Th key={h}>{h}</Table.Th>)}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.rows.map((r) => (
                <Table.Tr key={r.row}>
                  <Table.Td>{r.row}</Table.Td>
                  <Table.Td>{r.level1}</Table.Td>
                  <Table.Td>{r.level2}</Table.Td>
                  <Table.Td>{r.name}{r.isCore ? <Badge ml={4} size="xs" variant="outline">核心</Badge> : null}</Table.Td>
                  <Table.Td>{r.target}</Table.Td>
                  <Table.Td>{r.actual}</Table.Td>
                  <Table.Td ta="right" title={r.weightDistributed ? '表中没有逐项分值，系统分配' : undefined}>{points(r.weight)}{r.weightDistributed ? '*' : ''}</Table.Td>
                  <Table.Td ta="right">{fmt2(r.unitScore)}</Table.Td>
                  <Table.Td ta="right" title={r.explanation}>{fmt2(r.appScore)}</Table.Td>
                  <Table.Td ta="right" c={r.diff ? 'red' : undefined}>{r.diff ? signed(r.diff) : ''}</Table.Td>
                  <Table.Td>{r.reasons.join('、')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
