import type { ReactNode } from 'react';
import { Alert, Badge, Group, List, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { DataTable } from 'mantine-datatable';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { BundleVerdictDto, TableChangeDto } from '../../../../shared/api/dtoSync.ts';
import type { ErrorDetail } from '../../../../shared/api/result.ts';
import { OFFICE_LEVEL_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { formatTime } from '../../components/format.ts';
import { describeLocation } from '../../components/notify.ts';
import { CopyFingerprint, Fingerprint } from './Fingerprint.tsx';
import { KIND_LABELS, SEQUENCE_LABELS, VERDICT_PIN_COLORS, VERDICT_PIN_LABELS, num, seqText, yearsText } from './syncModel.ts';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </Stack>
  );
}

/** The verdict: passed, or every fault in red, each naming the bundle member it concerns. */
export function VerdictAlert({ verdict }: { verdict: BundleVerdictDto }) {
  if (verdict.ok) {
    return (
      <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title="校验通过" data-testid="bundle-verdict">
        签名有效，每个文件的校验值与清单一致，接收方是本单位。
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="数据包未通过校验，不能导入" data-testid="bundle-verdict">
      <List size="sm" spacing={2} c="red.8" data-testid="bundle-errors">
        {verdict.errors.map((e, i) => <List.Item key={i}>{e}</List.Item>)}
      </List>
    </Alert>
  );
}

/** What the manifest says: sender, recipient, sequence, years, time and the sender's key fingerprint. */
export function ManifestFacts({ verdict }: { verdict: BundleVerdictDto }) {
  const m = verdict.manifest;
  if (!m) return <Text size="sm" c="red.8">无法读取数据包清单（manifest.json）。</Text>;
  return (
    <Paper withBorder radius="md" p="sm" data-testid="bundle-manifest">
      <SimpleGrid cols={4} spacing="sm" verticalSpacing="xs">
        <Fact label="发送单位">
          {m.sender.name}
          <Text span size="xs" c="dimmed" ml={4}>{m.sender.regionCode} · {OFFICE_LEVEL_LABELS[m.sender.level]}</Text>
        </Fact>
        <Fact label="接收单位">
          {m.recipient.name}
          <Text span size="xs" c="dimmed" ml={4}>{m.recipient.regionCode}</Text>
        </Fact>
        <Fact label="类型 · 序号">
          {KIND_LABELS[m.kind]} · {seqText(m.seq)}
          <Text size="xs" c={verdict.sequence === 'older' ? 'red.7' : 'dimmed'}>{SEQUENCE_LABELS[verdict.sequence]}</Text>
        </Fact>
        <Fact label="年度 · 生成时间">
          {yearsText(m.years)}
          <Text size="xs" c="dimmed">{formatTime(m.createdAt)}</Text>
        </Fact>
      </SimpleGrid>
      <Stack gap={4} mt="sm">
        <Group gap={6}>
          <Text size="xs" c="dimmed">发送单位密钥指纹</Text>
          <Badge size="sm" variant="light" color={VERDICT_PIN_COLORS[verdict.pin]} radius="sm" data-testid="bundle-pin">{VERDICT_PIN_LABELS[verdict.pin]}</Badge>
          <CopyFingerprint value={m.sender.fingerprint} />
        </Group>
        <Fingerprint value={m.sender.fingerprint} size="md" testId="bundle-fingerprint" />
      </Stack>
    </Paper>
  );
}

const cell = (n: number, color?: string) => (
  <Text size="sm" style={num} c={n === 0 ? 'dimmed' : color} fw={n === 0 ? undefined : 600}>{n.toLocaleString('zh-CN')}</Text>
);

/** Per table: 新增 / 变更 / 删除 / 未变, with the totals in the footer. */
export function ChangesTable({ changes: all }: { changes: TableChangeDto[] }) {
  // Tables the bundle and this office both hold nothing of are left out.
  const changes = all.filter((c) => c.added + c.changed + c.removed + c.unchanged > 0);
  const sum = (k: 'added' | 'changed' | 'removed' | 'unchanged') => changes.reduce((s, c) => s + c[k], 0);
  const col = (accessor: 'added' | 'changed' | 'removed' | 'unchanged', title: string, color?: string) => ({
    accessor,
    title,
    width: 104,
    textAlign: 'right' as const,
    render: (c: TableChangeDto) => cell(c[accessor], color),
    footer: <Text size="sm" fw={700} style={num}>{sum(accessor).toLocaleString('zh-CN')}</Text>,
  });
  return (
    <DataTable<TableChangeDto>
      withTableBorder
      borderRadius="sm"
      striped
      verticalSpacing={4}
      height={changes.length > 10 ? 340 : undefined}
      idAccessor="table"
      records={changes}
      noRecordsText="数据包中没有所选年度的数据"
      minHeight={changes.length ? undefined : 120}
      data-testid="bundle-changes"
      columns={[
        { accessor: 'label', title: '数据表', render: (c) => <Text size="sm">{c.label}</Text>, footer: <Text size="sm" fw={700}>合计</Text> },
        col('added', '新增', 'teal.8'),
        col('changed', '变更', 'blue.8'),
        col('removed', '删除', 'red.8'),
        col('unchanged', '未变'),
      ]}
    />
  );
}

/** A refusal by the backend (unreadable archive, or commit refused): its message and every member it names. */
export function RefusalAlert({ message, details }: { message: string; details: ErrorDetail[] }) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="数据包被拒绝，数据库未作任何改动" data-testid="bundle-refused">
      <Text size="sm" c="red.8">{message}</Text>
      {details.length > 0 ? (
        <List size="sm" spacing={2} mt={4} c="red.8">
          {details.map((d, i) => <List.Item key={i}>{[describeLocation(d), d.message].filter(Boolean).join('：')}</List.Item>)}
        </List>
      ) : null}
    </Alert>
  );
}
