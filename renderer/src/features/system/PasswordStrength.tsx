import { Group, List, Progress, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconPoint, IconX } from '@tabler/icons-react';
import { MIN_PASSWORD_LENGTH, passwordProblems } from '../../../../shared/rules/password.ts';

/*
 * The requirement lines are the exact messages of the shared rule, so the checklist and the
 * backend's verdict can never disagree: a line is met when the rule does not report it.
 */
const LENGTH_RULE = `密码至少 ${MIN_PASSWORD_LENGTH} 位`;
const CLASSES_RULE = '密码应至少包含大写字母、小写字母、数字、符号中的三类';
const USERNAME_RULE = '密码不能包含用户名';

const REQUIREMENTS: { rule: string; label: string }[] = [
  { rule: LENGTH_RULE, label: `至少 ${MIN_PASSWORD_LENGTH} 位` },
  { rule: CLASSES_RULE, label: '包含大写字母、小写字母、数字、符号中的至少三类' },
  { rule: USERNAME_RULE, label: '不包含用户名' },
];

/** Strength of an acceptable password: longer passwords earn "强". */
function level(password: string, problems: string[]): { label: string; color: string; value: number } {
  if (password.length === 0) return { label: '未输入', color: 'gray', value: 0 };
  if (problems.length > 0) return { label: '不符合要求', color: 'red', value: Math.max(15, 100 - problems.length * 35) };
  if (password.length >= 12) return { label: '强', color: 'teal', value: 100 };
  return { label: '合格', color: 'yellow', value: 70 };
}

/** The strength hint under a new-password field, driven by shared/rules/password.ts. */
export function PasswordStrength({ password, username = '' }: { password: string; username?: string }) {
  const problems = passwordProblems(password, username);
  const strength = level(password, problems);
  const others = problems.filter((p) => !REQUIREMENTS.some((r) => r.rule === p));
  return (
    <Stack gap={6} aria-live="polite">
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">密码强度</Text>
        <Text size="xs" fw={600} c={strength.color === 'gray' ? 'dimmed' : strength.color}>{strength.label}</Text>
      </Group>
      <Progress value={strength.value} color={strength.color} size="sm" aria-label="密码强度" />
      <List spacing={2} size="xs" center>
        {REQUIREMENTS.map((r) => {
          // Nothing typed yet: neutral; typed: each line is either met (green) or not (red).
          const state = password.length === 0 ? 'idle' : problems.includes(r.rule) ? 'unmet' : 'met';
          return (
            <List.Item
              key={r.rule}
              icon={
                <ThemeIcon size={14} radius="xl" variant={state === 'idle' ? 'light' : 'filled'} color={{ idle: 'gray', met: 'teal', unmet: 'red' }[state]}>
                  {{ idle: <IconPoint size={10} />, met: <IconCheck size={10} />, unmet: <IconX size={10} /> }[state]}
                </ThemeIcon>
              }
            >
              <Text size="xs" c={{ idle: 'dimmed', met: 'teal.8', unmet: 'red.8' }[state]}>{r.label}</Text>
            </List.Item>
          );
        })}
      </List>
      {others.map((p) => (
        <Text key={p} size="xs" c="red">{p}</Text>
      ))}
    </Stack>
  );
}

/** Screen-side password checks: the shared rule (with the account's username) plus "confirm". */
export function newPasswordErrors(password: string, confirm: string, username: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const first = passwordProblems(password, username)[0];
  if (first) errors.password = first;
  if (!confirm) errors.confirm = '请再次输入新密码';
  else if (confirm !== password) errors.confirm = '两次输入的密码不一致';
  return errors;
}
