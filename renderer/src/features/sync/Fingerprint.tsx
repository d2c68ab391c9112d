import { ActionIcon, Alert, Badge, CopyButton, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconKey, IconPhoneCall } from '@tabler/icons-react';
import { OFFICE_LEVEL_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { useApiQuery } from '../../api/queries.ts';
import { formatDate } from '../../components/format.ts';
import { SYNC_TABLES, fingerprintGroups } from './syncModel.ts';

/**
 * A key fingerprint as people read it out over the phone: groups of four, large and monospaced,
 * numbered so the two sides can say "第 3 组" when they differ.
 */
export function Fingerprint({ value, size = 'lg', testId }: { value: string; size?: 'lg' | 'md'; testId?: string }) {
  const groups = fingerprintGroups(value);
  const cells = groups.map((g, i) => (
    <Stack key={i} gap={0} align="center">
      <Text ff="monospace" fw={700} fz={size === 'lg' ? 22 : 16} lh={1.2} style={{ letterSpacing: 1 }}>{g}</Text>
      <Text fz={10} c="dimmed" lh={1}>{i + 1}</Text>
    </Stack>
  ));
  const label = `密钥指纹 ${groups.join(' ')}`;
  // Large: two rows of five, as the groups are read out; medium: one line.
  return size === 'lg' ? (
    <SimpleGrid cols={5} spacing={10} verticalSpacing={6} maw={420} data-testid={testId} aria-label={label}>{cells}</SimpleGrid>
  ) : (
    <Group gap={6} wrap="wrap" data-testid={testId} aria-label={label}>{cells}</Group>
  );
}

export function CopyFingerprint({ value }: { value: string }) {
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? '已复制' : '复制指纹'} withArrow withinPortal>
          <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label="复制指纹">
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/** 本单位签名密钥: who this office is in bundles and the fingerprint other offices check. */
export function IdentityCard() {
  const identity = useApiQuery('sync.identity', {}, SYNC_TABLES);
  const id = identity.data;
  return (
    <Paper withBorder radius="md" p="md" h="100%" data-testid="sync-identity">
      <Group gap="xs" mb="xs">
        <IconKey size={18} color="var(--mantine-color-blue-7)" />
        <Text fw={600}>本单位签名密钥</Text>
        {id ? <Badge variant="light" radius="sm">{OFFICE_LEVEL_LABELS[id.level]}</Badge> : null}
      </Group>
      {identity.isError ? (
        <Alert color="red" variant="light" title="无法读取本单位签名密钥">{identity.error.message}</Alert>
      ) : !id ? (
        <Stack gap="xs"><Skeleton h={18} w="60%" /><Skeleton h={28} /><Skeleton h={40} /></Stack>
      ) : (
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="xs">
            <Stack gap={0}>
              <Text size="xs" c="dimmed">单位名称</Text>
              <Text size="sm" fw={500}>{id.name}</Text>
            </Stack>
            <Stack gap={0}>
              <Text size="xs" c="dimmed">行政区划代码 · 密钥生成日期</Text>
              <Text size="sm"><Text span ff="monospace">{id.regionCode}</Text> · {formatDate(id.createdAt)}</Text>
            </Stack>
          </SimpleGrid>
          <Stack gap={4}>
            <Group gap={4}>
              <Text size="xs" c="dimmed">密钥指纹</Text>
              <CopyFingerprint value={id.fingerprint} />
            </Group>
            <Fingerprint value={id.fingerprint} testId="own-fingerprint" />
          </Stack>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconPhoneCall size={16} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="xs" c="dimmed">
              对方首次导入本单位的数据包时，会请您核对指纹：请通过电话逐组读出上面的指纹，不要通过数据包本身、电子邮件或即时通讯传递。指纹一致，才能证明数据包确实来自本单位、途中未被替换。
            </Text>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}
