import type { ReactNode } from 'react';
import { Alert, Badge, Button, Drawer, Group, Stack, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconCopy, IconInfoCircle, IconPencil, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import type { LibraryEntryDto } from '../../../../shared/api/dtoGoals.ts';
import {
  APPLIES_TO_LABELS, LEVEL1, LEVEL2, LIBRARY_KIND_LABELS, OPERATOR_LABELS, PROJECT_TYPES, VALUE_BASIS_LABELS,
} from '../../../../shared/domain/indicators.ts';
import { GOAL_VALUE_TYPE_LABELS, LIBRARY_SOURCE_LABELS, YES_NO } from '../../../../shared/i18n/zh-CN.ts';
import { useApiMutation } from '../../api/queries.ts';
import { formatTime } from '../../components/format.ts';
import { notifySuccess } from '../../components/notify.ts';
import { SourceBadge, StatusBadge, librarySource, templatesOf } from './libraryView.tsx';

const dash = (s: string) => (s.trim() ? s : <Text span c="dimmed">—</Text>);

/** Every field of one library entry, with what this user may do to it. */
export function LibraryEntryDrawer({ entry, region, canManage, onClose, onEdit, onCopy, onChanged, copying }: {
  entry: LibraryEntryDto;
  onChanged(e: LibraryEntryDto): void;
  region: string;
  canManage: boolean;
  onClose(): void;
  onEdit(e: LibraryEntryDto): void;
  onCopy(e: LibraryEntryDto): void;
  copying?: boolean;
}) {
  const setRetired = useApiMutation('library.setRetired');
  const source = librarySource(entry, region);
  const own = source === 'own' && !entry.readOnly;
  const templates = templatesOf(entry.level1, entry.level2);

  const confirmRetire = () => {
    const retiring = !entry.retired;
    modals.openConfirmModal({
      title: retiring ? '停用指标' : '启用指标',
      centered: true,
      children: (
        <Text size="sm">
          {retiring
            ? `确定停用“${entry.code} ${entry.name}”吗？停用后该指标不再出现在指标选择中；已经引用它的绩效目标表不受影响，可随时重新启用。`
            : `确定启用“${entry.code} ${entry.name}”吗？启用后可以在填报绩效目标时选用。`}
        </Text>
      ),
      labels: { confirm: retiring ? '停用' : '启用', cancel: '取消' },
      confirmProps: { color: retiring ? 'red' : undefined },
      onConfirm: () =>
        setRetired.mutate({ id: entry.id, retired: retiring }, {
          onSuccess: (e) => {
            notifySuccess(`指标“${e.name}”已${e.retired ? '停用' : '启用'}。`);
            onChanged(e);
          },
        }),
    });
  };

  const rows: [string, ReactNode][] = [
    ['指标编码', <Text key="c" size="sm" ff="monospace">{entry.code}</Text>],
    ['库类型', LIBRARY_KIND_LABELS[entry.libraryKind]],
    ['行业/领域', dash(entry.field)],
    ['项目类型', PROJECT_TYPES[entry.projectType]],
    ['一级指标', LEVEL1[entry.level1]],
    ['二级指标', <Group key="l2" gap={6}>{LEVEL2[entry.level2]}<Text span size="xs" c="dimmed">（{templates.length === 2 ? '模板 A、B 通用' : templates.length === 1 ? `属于模板 ${templates[0]}` : '不属于任何模板'}）</Text></Group>],
    ['三级指标', <Text key="n" size="sm" fw={600}>{entry.name}</Text>],
    ['指标解释', dash(entry.explanation)],
    ['指标值类型', GOAL_VALUE_TYPE_LABELS[entry.valueType]],
    ['性质', OPERATOR_LABELS[entry.operator]],
    ['计量单位', dash(entry.unit)],
    ['参考指标值', dash(entry.referenceValue)],
    ['取值依据', VALUE_BASIS_LABELS[entry.valueBasis]],
    ['计算公式', dash(entry.formula)],
    ['评(扣)分标准', dash(entry.scoringRule)],
    ['数据来源', dash(entry.dataSource)],
    ['适用对象', entry.appliesTo.map((a) => APPLIES_TO_LABELS[a]).join('、')],
    ['核心指标', YES_NO[`${entry.isCore}`]],
    ['启用年度', entry.startYear === null ? '不限' : `${entry.startYear} 年`],
    ['停用年度', entry.endYear === null ? '不限' : `${entry.endYear} 年`],
    ['来源文件', dash(entry.sourceDoc)],
    ['维护单位', source === 'builtin' ? '系统内置' : source === 'own' ? `本单位（${entry.origin}）` : `上级（行政区划 ${entry.origin}）`],
    ['更新时间', formatTime(entry.updatedAt)],
  ];

  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size={640}
      title={
        <Group gap="sm">
          <Text fw={600} size="lg">{entry.name}</Text>
          <SourceBadge entry={entry} region={region} />
          <StatusBadge retired={entry.retired} />
          {entry.isCore ? <Badge variant="light" color="red" radius="sm">核心</Badge> : null}
        </Group>
      }
    >
      <Stack gap="md">
        {canManage ? (
          own ? (
            <Group gap="xs">
              <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={() => onEdit(entry)}>编辑</Button>
              <Button
                size="xs"
                variant="light"
                color={entry.retired ? 'teal' : 'red'}
                leftSection={entry.retired ? <IconPlayerPlay size={14} /> : <IconPlayerPause size={14} />}
                loading={setRetired.isPending}
                onClick={confirmRetire}
              >
                {entry.retired ? '启用' : '停用'}
              </Button>
              <Button size="xs" variant="subtle" leftSection={<IconCopy size={14} />} loading={copying} onClick={() => onCopy(entry)}>复制为新指标</Button>
            </Group>
          ) : (
            <Alert variant="light" color="blue" icon={<IconInfoCircle size={16} />} p="xs">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{LIBRARY_SOURCE_LABELS[source]}指标只能查看。需要调整时，可复制为本单位的本地指标后修改。</Text>
                <Button size="xs" leftSection={<IconCopy size={14} />} loading={copying} onClick={() => onCopy(entry)}>复制为本地指标</Button>
              </Stack>
            </Alert>
          )
        ) : null}
        <Table variant="vertical" layout="fixed" withTableBorder withRowBorders fz="sm">
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w={130} fw={500}>{label}</Table.Th>
                <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Drawer>
  );
}
