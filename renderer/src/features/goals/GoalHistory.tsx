import { Badge, Blockquote, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconMinus, IconPencil, IconPlus } from '@tabler/icons-react';
import type { GoalAdjustmentDto, GoalEventDto, GoalReviewDto, ProfileDto } from '../../../../shared/api/dtoGoals.ts';
import {
  GOAL_GRADE_LABELS, GOAL_REVIEW_ACTION_LABELS, GOAL_STATUS_LABELS,
} from '../../../../shared/i18n/zh-CN.ts';
import { useApiQuery } from '../../api/queries.ts';
import { EmptyNote, EventTimeline } from '../../components/EventTimeline.tsx';
import { formatTime } from '../../components/format.ts';
import { GRADE_COLORS, PROFILE_TABLES, STATUS_COLORS, diffIndicators } from './goalModel.ts';

/** 审核记录: every 财政审核 with its aspect scores and the rule profile (and version) it was scored by. */
export function ReviewHistory({ reviews, profile }: { reviews: GoalReviewDto[]; profile: ProfileDto | undefined }) {
  const profiles = useApiQuery('profiles.list', {}, PROFILE_TABLES, { enabled: reviews.length > 0 });
  if (reviews.length === 0) return <EmptyNote text="尚无财政审核记录" />;
  const aspectLabel = (code: string) => profile?.body.goalReview.aspects.find((a) => a.code === code)?.label ?? code;
  const aspectWeight = (code: string) => profile?.body.goalReview.aspects.find((a) => a.code === code)?.weight;
  const profileName = (id: string) => profiles.data?.find((p) => p.id === id)?.name ?? '规则方案';
  return (
    <Stack gap="sm" data-testid="goal-reviews">
      {reviews.toReversed().map((r) => (
        <Paper key={r.id} withBorder radius="sm" p="sm">
          <Group justify="space-between" mb="xs" wrap="wrap">
            <Group gap="xs">
              <Badge color={GRADE_COLORS[r.grade]} variant="filled" size="lg">{GOAL_GRADE_LABELS[r.grade]}</Badge>
              <Text fw={700} ff="monospace">{r.total.toFixed(2)} 分</Text>
              <Badge color={r.action === 'notFunded' || r.action === 'revise' ? 'red' : 'teal'} variant="light">{GOAL_REVIEW_ACTION_LABELS[r.action]}</Badge>
            </Group>
            <Text size="xs" c="dimmed">
              {r.reviewer} · {formatTime(r.reviewedAt)} · {profileName(r.profileId)}（第 {r.profileVersion} 版）
            </Text>
          </Group>
          <Table withTableBorder withColumnBorders verticalSpacing={4} mb="xs">
            <Table.Thead bg="gray.0">
              <Table.Tr>
                {Object.keys(r.scores).map((code) => <Table.Th key={code} ta="center">{aspectLabel(code)}</Table.Th>)}
                <Table.Th ta="center">总分</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                {Object.entries(r.scores).map(([code, s]) => {
                  const w = aspectWeight(code);
                  return <Table.Td key={code} ta="center"><Text size="sm" ff="monospace">{s}{w !== undefined ? <Text span size="xs" c="dimmed"> / {w}</Text> : null}</Text></Table.Td>;
                })}
                <Table.Td ta="center"><Text size="sm" fw={700} ff="monospace">{r.total.toFixed(2)}</Text></Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed">审核意见</Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{r.opinion || '—'}</Text>
        </Paper>
      ))}
    </Stack>
  );
}

/** 流转记录: who moved the sheet, when, from which status to which, and why. */
export function EventHistory({ events }: { events: GoalEventDto[] }) {
  return <EventTimeline events={events} colors={STATUS_COLORS} labels={GOAL_STATUS_LABELS} testId="goal-events" />;
}

const CHANGE_STYLE = {
  added: { icon: IconPlus, color: 'teal', label: '新增' },
  removed: { icon: IconMinus, color: 'red', label: '删除' },
  changed: { icon: IconPencil, color: 'blue', label: '修改' },
} as const;

/** 调整记录: changes after approval, each with its reason and a compact before/after of the indicators. */
export function AdjustmentHistory({ adjustments }: { adjustments: GoalAdjustmentDto[] }) {
  if (adjustments.length === 0) return <EmptyNote text="尚无目标调整记录。已批复的目标如需调整，由绩效股通过“调整目标”办理并记录原因。" />;
  return (
    <Stack gap="sm" data-testid="goal-adjustments">
      {adjustments.toReversed().map((a, i) => {
        const changes = diffIndicators(a.before, a.after);
        return (
          <Paper key={`${a.at}-${i}`} withBorder radius="sm" p="sm">
            <Group justify="space-between" mb={4}>
              <Text size="sm" fw={600}>目标调整</Text>
              <Text size="xs" c="dimmed">{formatTime(a.at)} · {a.username}</Text>
            </Group>
            <Blockquote color="blue" p="xs" mb="xs" styles={{ root: { fontSize: 'var(--mantine-font-size-sm)' } }}>调整原因：{a.reason}</Blockquote>
            {changes.length === 0 ? (
              <Text size="sm" c="dimmed">指标未变化（仅调整了总体目标文字）。</Text>
            ) : (
              <Stack gap={4}>
                {changes.map((c, j) => {
                  const s = CHANGE_STYLE[c.kind];
                  const Icon = s.icon;
                  return (
                    <Group key={j} gap={6} wrap="nowrap" align="flex-start">
                      <Badge size="sm" variant="light" color={s.color} leftSection={<Icon size={10} />} style={{ flexShrink: 0 }}>{s.label}</Badge>
                      <Text size="sm">
                        <Text span fw={600}>{c.name}</Text>
                        {c.kind === 'changed' ? (
                          <>：<Text span c="dimmed" td="line-through">{c.before}</Text> → <Text span>{c.after}</Text></>
                        ) : (
                          <Text span c="dimmed">：{c.before ?? c.after}</Text>
                        )}
                      </Text>
                    </Group>
                  );
                })}
              </Stack>
            )}
          </Paper>
        );
      })}
    </Stack>
  );
}
