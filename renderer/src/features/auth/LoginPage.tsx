import { useState } from 'react';
import { Alert, Box, Button, Center, Divider, Group, Paper, PasswordInput, Stack, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconBuildingBank, IconLock, IconUser } from '@tabler/icons-react';
import type { OfficeDto, SessionDto } from '../../../../shared/api/dto.ts';
import { loginSchema } from '../../../../shared/api/schemas.ts';
import { OFFICE_LEVEL_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { useApiMutation } from '../../api/queries.ts';
import { zodValidate } from '../../components/zodForm.ts';

interface LoginValues {
  username: string;
  password: string;
}

const validate = zodValidate<LoginValues>(loginSchema);

/** Sign-in for this office's local accounts. */
export function LoginPage({ office, onSignedIn }: { office: OfficeDto; onSignedIn(s: SessionDto): void }) {
  const login = useApiMutation('auth.login', { quiet: true });
  // The backend's sentence (remaining attempts, lock minutes, disabled account) says more than a field error could.
  const [problem, setProblem] = useState<{ title: string; message: string; color: string } | null>(null);
  const form = useForm<LoginValues>({ initialValues: { username: '', password: '' }, validate });

  const submit = form.onSubmit((values) => {
    setProblem(null);
    login.mutate(values, {
      onSuccess: onSignedIn,
      onError: (e) => {
        form.setFieldValue('password', '');
        const { code, message } = e.error;
        if (code === 'LOCKED') setProblem({ title: '账户已锁定', message, color: 'orange' });
        else if (code === 'FORBIDDEN') setProblem({ title: '账户已停用', message, color: 'gray' });
        else setProblem({ title: '登录失败', message, color: 'red' });
      },
    });
  });

  return (
    <Box mih="100vh" bg="gray.0">
      <Center mih="100vh" p="md">
        <Stack gap="lg" w="100%" maw={420}>
          <Stack gap={6} align="center">
            <ThemeIcon size={56} radius="md" color="red.8">
              <IconBuildingBank size={32} />
            </ThemeIcon>
            <Title order={2}>预算绩效工作台</Title>
            <Text c="dimmed" size="sm">全方位 · 全过程 · 全覆盖预算绩效管理</Text>
          </Stack>

          <Paper withBorder shadow="sm" radius="md" p="xl">
            <Stack gap={2} mb="md">
              <Text fw={600} size="lg" data-testid="login-office-name">{office.name}</Text>
              <Text size="sm" c="dimmed">
                行政区划代码 {office.regionCode} · {OFFICE_LEVEL_LABELS[office.level]} · {office.currentYear} 年度
              </Text>
            </Stack>
            <Divider mb="md" />
            <form onSubmit={submit} noValidate>
              <Stack gap="sm">
                {problem ? (
                  <Alert color={problem.color} variant="light" icon={<IconAlertCircle size={18} />} title={problem.title} data-testid="login-error">
                    {problem.message}
                  </Alert>
                ) : null}
                <TextInput
                  label="用户名"
                  autoComplete="username"
                  autoFocus
                  leftSection={<IconUser size={16} />}
                  {...form.getInputProps('username')}
                />
                <PasswordInput
                  label="密码"
                  autoComplete="current-password"
                  leftSection={<IconLock size={16} />}
                  {...form.getInputProps('password')}
                />
                <Button type="submit" fullWidth mt="sm" loading={login.isPending}>登录</Button>
              </Stack>
            </form>
          </Paper>
          <Group justify="center" gap={4}>
            <Text size="xs" c="dimmed">忘记密码或账户被锁定，请联系本单位系统管理员。</Text>
          </Group>
        </Stack>
      </Center>
    </Box>
  );
}
