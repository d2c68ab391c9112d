import { Alert, Anchor, Badge, Group, List, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowDownLeft, IconUsersGroup } from '@tabler/icons-react';
import type { BundleLogDto, PeerOfficeDto, SubmissionDto } from '../../../../shared/api/dtoSync.ts';
import { navigate } from '../../app/router.ts';
import { formatDate, formatTime } from '../../components/format.ts';
import { SubmissionBadge } from './Submissions.tsx';
import { countsOf, lastReceivedBySender, num, seqText, yearsText } from './syncModel.ts';

/** Where what the parent sent down shows in this office's own screens. */
const DOWN_LINKS: { tables: string[]; label: string; path: string }[] = [
  { tables: ['monitoring_rounds'], label: '监控批次', path: '/monitoring' },
  { tables: ['rectifications'], label: '整改事项', path: '/rectifications' },
  { tables: ['library_entries'], label: '指标库', path: '/library' },
  { tables: ['rule_profiles', 'rule_profile_versions'], label: '规则方案', path: '/profiles' },
  { tables: ['recheck_samples', 'recheck_items', 'recheck_rows'], label: '财政复核', path: '/evaluation/recheck' },
  { tables: ['key_evaluations'], label: '重点评价', path: '/evaluation/key' },
  { tables: ['linkage_decisions'], label: '预算挂钩', path: '/results/linkage' },
];

/**
 * For a county: what the parent sent down (the last downward bundle, counted by kind, with links to
 * the screens where those records appear read-only) and, prominently, returned submissions.
 */
export function DownwardSummary({ log, submissions }: { log: BundleLogDto[]; submissions: SubmissionDto[] }) {
  const lastDown = log.filter((l) => l.direction === 'received' && l.kind === 'down').toSorted((a, b) => b.seq - a.seq)[0];
  const mine = submissions.filter((s) => s.perspective === 'mine').toSorted((a, b) => b.seq - a.seq);
  const latest = mine[0];
  return (
    <Paper withBorder radius="md" p="md" h="100%" data-testid="sync-downward">
      <Group gap="xs" mb="xs">
        <IconArrowDownLeft size={18} color="var(--mantine-color-indigo-7)" />
        <Text fw={600}>上级下发与上报状态</Text>
      </Group>
      <Stack gap="sm">
        {latest?.status === 'returned' ? (
          <Alert color="red" variant="filled" icon={<IconAlertTriangle size={18} />} title={`${seqText(latest.seq)}上报包被上级退回`} data-testid="submission-returned">
            <Text size="sm">退回原因：{latest.reason || '（未填写）'}</Text>
            <Text size="xs" mt={2}>请按意见修改后重新生成上报包。{latest.decidedAt ? `退回时间 ${formatTime(latest.decidedAt)}。` : ''}</Text>
          </Alert>
        ) : latest ? (
          <Group gap="xs">
            <Text size="sm">最近上报：{seqText(latest.seq)}（{yearsText(latest.years)}）</Text>
            <SubmissionBadge s={latest} />
          </Group>
        ) : (
          <Text size="sm" c="dimmed">尚无上报处理结果：上级导入并处理本单位的上报包后，结果随下发包送回。</Text>
        )}
        {lastDown ? (
          <Stack gap={6}>
            <Text size="sm">
              最近下发包：{lastDown.peerName} {seqText(lastDown.seq)}，{formatDate(lastDown.processedAt)} 导入，{yearsText(lastDown.years)}
            </Text>
            <Group gap={6}>
              {countsOf(lastDown.counts).map((c) => (
                <Badge key={c.table} variant="light" color="gray" radius="sm" size="lg" fw={500} tt="none">
                  {c.label} <Text span fw={700} inherit style={num}>{c.n.toLocaleString('zh-CN')}</Text>
                </Badge>
              ))}
            </Group>
            <Group gap={10}>
              <Text size="xs" c="dimmed">在本单位页面中以“上级下发”标示、只读：</Text>
              {DOWN_LINKS.filter((l) => l.tables.some((t) => (lastDown.counts[t] ?? 0) > 0)).map((l) => (
                <Anchor key={l.path} size="xs" onClick={() => navigate(l.path)}>{l.label}</Anchor>
              ))}
            </Group>
          </Stack>
        ) : (
          <Stack gap={4}>
            <Text size="sm" c="dimmed">尚未收到上级的下发包。与上级交换数据的步骤：</Text>
            <List type="ordered" size="sm" c="dimmed" spacing={2}>
              <List.Item>在下方“上下级单位”中登记上级财政部门；</List.Item>
              <List.Item>点击“生成上报包”，选择年度，保存到移动存储介质后交给上级；</List.Item>
              <List.Item>上级首次导入时会来电核对指纹，请读出左侧“本单位签名密钥”的指纹；</List.Item>
              <List.Item>上级的接收或退回意见、下达的批次和结果随下发包送回，点击“导入数据包”导入。</List.Item>
            </List>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** For a prefecture: child offices, their last bundles and the submissions waiting for a decision. */
export function UpwardSummary({ offices, log, submissions }: { offices: PeerOfficeDto[]; log: BundleLogDto[]; submissions: SubmissionDto[] }) {
  const children = offices.filter((o) => o.relation === 'child');
  const received = lastReceivedBySender(log);
  const waiting = submissions.filter((s) => s.perspective === 'child' && s.status === 'received').length;
  const never = children.filter((c) => !received.has(c.regionCode) && c.lastReceivedSeq === null);
  return (
    <Paper withBorder radius="md" p="md" h="100%" data-testid="sync-upward">
      <Group gap="xs" mb="xs" justify="space-between">
        <Group gap="xs">
          <IconUsersGroup size={18} color="var(--mantine-color-grape-7)" />
          <Text fw={600}>下级单位上报</Text>
        </Group>
        <Anchor size="sm" onClick={() => navigate('/sync/offices')}>查看下级单位数据</Anchor>
      </Group>
      <SimpleGrid cols={3} spacing="sm">
        <Figure label="登记的下级单位" value={children.length} />
        <Figure label="已收到上报包" value={children.length - never.length} />
        <Figure label="待处理的上报包" value={waiting} color={waiting > 0 ? 'orange.8' : undefined} />
      </SimpleGrid>
      <Stack gap={4} mt="sm">
        {children.slice(0, 6).map((c) => {
          const last = received.get(c.regionCode);
          const sub = submissions.filter((s) => s.perspective === 'child' && s.senderRegionCode === c.regionCode).toSorted((a, b) => b.seq - a.seq)[0];
          return (
            <Group key={c.regionCode} gap="xs" wrap="nowrap" justify="space-between" style={{ borderBottom: '1px dotted var(--mantine-color-gray-3)' }} pb={2}>
              <Text size="sm" fw={500} truncate="end">{c.name}</Text>
              <Group gap="xs" wrap="nowrap">
                <Text size="xs" c={last ? 'dimmed' : 'orange.8'} style={num}>
                  {last ? `${seqText(last.seq)} · ${yearsText(last.years)} · ${formatDate(last.processedAt)} 导入` : '尚未上报'}
                </Text>
                {sub ? <SubmissionBadge s={sub} /> : null}
              </Group>
            </Group>
          );
        })}
        {children.length > 6 ? <Text size="xs" c="dimmed">另有 {children.length - 6} 个下级单位，见“下级单位数据”。</Text> : null}
      </Stack>
    </Paper>
  );
}

function Figure({ label, value, color }: { label: string; value: number; color?: string | undefined }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fz={24} fw={700} style={num} c={color}>{value.toLocaleString('zh-CN')}</Text>
    </Stack>
  );
}
