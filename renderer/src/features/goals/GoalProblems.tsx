import { Alert, Anchor, Group, List, ScrollArea, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import type { GoalProblem } from '../../../../shared/rules/goalValidation.ts';

/**
 * Scrolls to what a problem points at and puts the cursor there: the row's field in the editor,
 * the row itself in the read-only table, or a sheet-level field (年度总体目标 …).
 */
export function focusProblem(rowKey: string | null, field: string): void {
  const el =
    (rowKey !== null ? document.querySelector<HTMLElement>(`[data-goal-field="${rowKey}:${field}"]`) : null) ??
    (rowKey !== null ? document.querySelector<HTMLElement>(`[data-goal-row="${rowKey}"]`) : null) ??
    document.querySelector<HTMLElement>(`[data-goal-field="${field}"]`);
  if (!el) return;
  el.scrollIntoView({ behavior: 'smooth', block: 'center' });
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) {
    el.focus({ preventScroll: true });
  } else {
    // Rows are not focusable: flash them so the eye finds the one meant.
    el.animate([{ background: 'var(--mantine-color-yellow-1)' }, { background: 'transparent' }], { duration: 1600 });
  }
}

interface Props {
  errors: GoalProblem[];
  warnings: GoalProblem[];
  /** The row key of a problem's row index (the index is into the rows as checked). */
  keyOf(row: number): string | null;
  /** Shown above the list, e.g. why submission is blocked. */
  title?: string;
}

/** V1–V6 results: errors in red (they block submission), warnings in orange; each links to its place. */
export function GoalProblems({ errors, warnings, keyOf, title }: Props) {
  if (errors.length === 0 && warnings.length === 0) {
    return (
      <Alert variant="light" color="teal" icon={<IconCircleCheck size={18} />} py="xs" data-testid="goal-check-ok">
        <Text size="sm">校验通过：指标结构、数量和指标值写法均符合本年度规则方案的要求。</Text>
      </Alert>
    );
  }
  const item = (p: GoalProblem, i: number, kind: 'error' | 'warning') => (
    <List.Item
      key={`${kind}-${i}`}
      icon={
        <ThemeIcon size={18} radius="xl" variant="light" color={kind === 'error' ? 'red' : 'orange'}>
          {kind === 'error' ? <IconCircleX size={12} /> : <IconAlertTriangle size={12} />}
        </ThemeIcon>
      }
    >
      <Anchor
        component="button"
        type="button"
        size="sm"
        c={kind === 'error' ? 'red.8' : 'orange.9'}
        ta="left"
        onClick={() => focusProblem(p.row === null ? null : keyOf(p.row), p.field)}
      >
        {p.message}
      </Anchor>
    </List.Item>
  );
  return (
    <Alert
      variant="light"
      color={errors.length > 0 ? 'red' : 'orange'}
      icon={errors.length > 0 ? <IconCircleX size={18} /> : <IconAlertTriangle size={18} />}
      title={
        <Group gap="xs">
          <Text size="sm" fw={600}>{title ?? '校验结果'}</Text>
          {errors.length > 0 ? <Text size="sm" c="red.8" data-testid="goal-error-count">{errors.length} 个错误</Text> : null}
          {warnings.length > 0 ? <Text size="sm" c="orange.9" data-testid="goal-warning-count">{warnings.length} 个提示</Text> : null}
        </Group>
      }
      py="xs"
      data-testid="goal-problems"
    >
      <ScrollArea.Autosize mah={180} type="auto">
        <Stack gap={4}>
          <List spacing={2} size="sm" center>
            {errors.map((p, i) => item(p, i, 'error'))}
            {warnings.map((p, i) => item(p, i, 'warning'))}
          </List>
        </Stack>
      </ScrollArea.Autosize>
      {errors.length > 0 ? <Text size="xs" c="dimmed" mt={6}>错误须改正后才能提交审核；提示供填报和审核时参考。点击问题可跳转到相应位置。</Text> : null}
    </Alert>
  );
}
