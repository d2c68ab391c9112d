import { Badge, Group, Paper, Text, Timeline } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { formatTime } from './format.ts';

/** A bordered, centred line of dimmed text standing in for an empty list. */
export const EmptyNote = ({ text }: { text: string }) => (
  <Paper withBorder radius="sm" p="lg">
    <Text size="sm" c="dimmed" ta="center">{text}</Text>
  </Paper>
);

/** One status transition of a document (a goal sheet, a monitoring sheet). */
export interface StatusEvent<S extends string> {
  at: string;
  username: string;
  action: string;
  fromStatus: S;
  toStatus: S;
  comment: string;
}

/** 流转记录: who moved the document, when, from which status to which, and why (newest first). */
export function EventTimeline<S extends string>({ events, colors, labels, testId }: {
  events: StatusEvent<S>[];
  colors: Record<S, string>;
  labels: Record<S, string>;
  testId: string;
}) {
  if (events.length === 0) return <EmptyNote text="尚无流转记录" />;
  const list = events.toReversed();
  return (
    <Timeline active={list.length} bulletSize={14} lineWidth={2} data-testid={testId}>
      {list.map((e, i) => (
        <Timeline.Item
          key={`${e.at}-${i}`}
          color={colors[e.toStatus]}
          title={
            <Group gap="xs">
              <Text size="sm" fw={600}>{e.action}</Text>
              {e.fromStatus !== e.toStatus ? (
                <Group gap={4}>
                  <Badge size="xs" variant="light" color={colors[e.fromStatus]}>{labels[e.fromStatus]}</Badge>
                  <IconArrowRight size={12} />
                  <Badge size="xs" variant="light" color={colors[e.toStatus]}>{labels[e.toStatus]}</Badge>
                </Group>
              ) : null}
            </Group>
          }
        >
          <Text size="xs" c="dimmed">{formatTime(e.at)} · {e.username}</Text>
          {e.comment ? <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>{e.comment}</Text> : null}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
