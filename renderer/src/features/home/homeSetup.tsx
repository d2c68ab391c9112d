import type { ReactNode } from 'react';
import {
  Badge, Button, Card, DataList, Group, Paper, Progress, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title,
} from '@mantine/core';
import { IconArrowRight, IconBuildingBank, IconCircleCheckFilled, IconCircleDashed, IconSitemap } from '@tabler/icons-react';
import type { OfficeDto, UnitDto } from '../../../../shared/api/dto.ts';
import { UNIT_KINDS, UNIT_LEVELS } from '../../../../shared/domain/office.ts';
import { OFFICE_LEVEL_LABELS, UNIT_KIND_LABELS, UNIT_LEVEL_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { navigate } from '../../app/router.ts';

/** The first-run part of the home screen: who this office is, its unit tree, what to set up next. */

export const UNIT_EDITORS = ['admin', 'performance'] as const;

export interface UnitStats {
  total: number;
  own: number;
  synced: number;
  byLevel: Record<UnitDto['level'], number>;
  active: number;
  inactive: number;
  confidential: number;
  byKind: Record<UnitDto['kind'], number>;
}

export function unitStats(units: UnitDto[]): UnitStats {
  const s: UnitStats = {
    total: units.length, own: 0, synced: 0, byLevel: { department: 0, primary: 0, secondary: 0 }, active: 0, inactive: 0, confidential: 0,
    byKind: { administrative: 0, institution: 0, other: 0 },
  };
  for (const u of units) {
    if (u.readOnly) s.synced++;
    else s.own++;
    s.byLevel[u.level]++;
    s.byKind[u.kind]++;
    if (u.active) s.active++;
    else s.inactive++;
    if (u.confidential) s.confidential++;
  }
  return s;
}

export function CardTitle({ icon, title, extra }: { icon: ReactNode; title: string; extra?: ReactNode }) {
  return (
    <Group justify="space-between" mb="md" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon variant="light" size="lg" radius="md">{icon}</ThemeIcon>
        <Title order={5}>{title}</Title>
      </Group>
      {extra}
    </Group>
  );
}

export function OfficeCard({ office }: { office: OfficeDto }) {
  const parent = office.level === 'province' ? '—' : `${office.parentName}（${office.parentRegionCode}）`;
  return (
    <Card withBorder radius="md" padding="lg" h="100%">
      <CardTitle icon={<IconBuildingBank size={20} />} title="本单位" extra={<Badge variant="light" color="gray">{office.currentYear} 年度</Badge>} />
      <DataList withDivider labelWidth={120} data-testid="home-office">
        <DataList.Item>
          <DataList.ItemLabel>单位名称</DataList.ItemLabel>
          <DataList.ItemValue fw={600}>{office.name}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>行政区划代码</DataList.ItemLabel>
          <DataList.ItemValue ff="monospace">{office.regionCode}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>级别</DataList.ItemLabel>
          <DataList.ItemValue>{OFFICE_LEVEL_LABELS[office.level]}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>上级单位</DataList.ItemLabel>
          <DataList.ItemValue>{parent}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>当前年度</DataList.ItemLabel>
          <DataList.ItemValue>{office.currentYear} 年</DataList.ItemValue>
        </DataList.Item>
      </DataList>
    </Card>
  );
}

function Stat({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Paper withBorder radius="md" p="md" bg="gray.0">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fz={28} fw={700} lh={1.3} className="num" ta="left" data-testid={testId}>{value.toLocaleString('zh-CN')}</Text>
    </Paper>
  );
}

export function UnitsCard({ stats, loading, failed }: { stats: UnitStats | null; loading: boolean; failed: boolean }) {
  return (
    <Card withBorder radius="md" padding="lg" h="100%">
      <CardTitle
        icon={<IconSitemap size={20} />}
        title="预算单位"
        extra={
          <Button variant="subtle" size="xs" rightSection={<IconArrowRight size={14} />} onClick={() => navigate('/units')}>
            查看全部
          </Button>
        }
      />
      {loading ? (
        <Stack gap="sm">
          <Skeleton h={72} />
          <Skeleton h={20} w="60%" />
        </Stack>
      ) : failed || !stats ? (
        <Text size="sm" c="red.8">无法读取预算单位，请稍后刷新。</Text>
      ) : (
        <Stack gap="md">
          <SimpleGrid cols={3} spacing="sm">
            {UNIT_LEVELS.map((l) => (
              <Stat key={l} label={UNIT_LEVEL_LABELS[l]} value={stats.byLevel[l]} testId={`home-units-${l}`} />
            ))}
          </SimpleGrid>
          <Group gap="lg">
            <Text size="sm">共 <b>{stats.total}</b> 个</Text>
            <Text size="sm" c="teal.8">启用 <b>{stats.active}</b></Text>
            <Text size="sm" c="dimmed">停用 <b>{stats.inactive}</b></Text>
            <Text size="sm" c="red.8">涉密 <b>{stats.confidential}</b></Text>
            {stats.synced > 0 ? <Text size="sm" c="blue.8">其中同步只读 <b>{stats.synced}</b></Text> : null}
          </Group>
          {stats.total === 0 ? (
            <Text size="sm" c="dimmed">
              尚未建立预算单位。项目、绩效目标和评价都归属于预算单位，请先下载导入模板，填写后一次导入全部单位。
            </Text>
          ) : (
            <Stack gap="xs">
              <Progress.Root size="md" aria-label="启用与停用单位占比">
                <Progress.Section value={(stats.active / stats.total) * 100} color="teal" />
                <Progress.Section value={(stats.inactive / stats.total) * 100} color="gray.4" />
              </Progress.Root>
              <Group gap="lg">
                {UNIT_KINDS.map((k) => (
                  <Text key={k} size="sm" c="dimmed">{UNIT_KIND_LABELS[k]} <b>{stats.byKind[k]}</b></Text>
                ))}
              </Group>
            </Stack>
          )}
        </Stack>
      )}
    </Card>
  );
}

export interface ChecklistItem {
  key: string;
  title: string;
  /** null while the state is still loading. */
  done: boolean | null;
  detail: string;
  action?: { label: string; path: string } | undefined;
}

export function Checklist({ items }: { items: ChecklistItem[] }) {
  const done = items.filter((i) => i.done === true).length;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="home-checklist">
      <Group justify="space-between" mb="xs">
        <Title order={5}>开始使用</Title>
        <Text size="sm" c="dimmed">已完成 {done} / {items.length} 项</Text>
      </Group>
      <Progress value={(done / items.length) * 100} size="sm" color="teal" mb="md" aria-label="开始使用进度" />
      <Stack gap={0}>
        {items.map((item, i) => (
          <Group
            key={item.key}
            justify="space-between"
            wrap="nowrap"
            py="sm"
            style={i > 0 ? { borderTop: '1px solid var(--mantine-color-gray-2)' } : undefined}
            data-testid={`home-step-${item.key}`}
            data-done={item.done === true ? 'true' : 'false'}
          >
            <Group gap="sm" wrap="nowrap" align="flex-start">
              {item.done === null ? (
                <Skeleton circle h={22} w={22} />
              ) : item.done ? (
                <IconCircleCheckFilled size={22} color="var(--mantine-color-teal-6)" aria-label="已完成" />
              ) : (
                <IconCircleDashed size={22} color="var(--mantine-color-gray-5)" aria-label="未完成" />
              )}
              <Stack gap={2}>
                <Text fw={600} size="sm" c={item.done ? 'dimmed' : undefined}>{item.title}</Text>
                <Text size="sm" c="dimmed">{item.detail}</Text>
              </Stack>
            </Group>
            {item.action ? (
              <Button
                variant={item.done ? 'default' : 'filled'}
                size="xs"
                rightSection={<IconArrowRight size={14} />}
                onClick={() => item.action && navigate(item.action.path)}
                style={{ flexShrink: 0 }}
              >
                {item.action.label}
              </Button>
            ) : null}
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
