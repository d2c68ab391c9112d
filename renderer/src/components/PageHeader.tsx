import type { ReactNode } from 'react';
import { Group, Stack, Text, Title } from '@mantine/core';

/** Title, one line of explanation and the page's actions, the same on every page. */
export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" mb="md" wrap="nowrap">
      <Stack gap={2}>
        <Title order={3}>{title}</Title>
        {description ? <Text size="sm" c="dimmed">{description}</Text> : null}
      </Stack>
      {actions ? <Group gap="xs" wrap="nowrap">{actions}</Group> : null}
    </Group>
  );
}
