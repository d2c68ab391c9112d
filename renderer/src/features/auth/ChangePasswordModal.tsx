import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { changePasswordSchema } from '../../../../shared/api/schemas.ts';
import { useApiMutation } from '../../api/queries.ts';
import { notifySuccess } from '../../components/notify.ts';
import { useSession } from '../../app/session.tsx';
import { zodValidate } from '../../components/zodForm.ts';
import { applyErrorOrNotify } from '../system/formHelpers.ts';
import { newPasswordErrors, PasswordStrength } from '../system/PasswordStrength.tsx';
import { CLOSE_PROPS, PASSWORD_TOGGLE_PROPS } from '../system/a11y.ts';

interface Values {
  oldPassword: string;
  password: string;
  confirm: string;
}

const EMPTY: Values = { oldPassword: '', password: '', confirm: '' };

/** 修改密码: the signed-in user changes their own password. */
export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { session } = useSession();
  const username = session.user.username;
  const change = useApiMutation('auth.changePassword', { quiet: true });
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: EMPTY,
    validate: zodValidate<Values>(changePasswordSchema, {
      toInput: ({ oldPassword, password }) => ({ oldPassword, password }),
      extra: (v) => {
        // The shared schema has no username here; the screen still applies the whole rule.
        const errors = newPasswordErrors(v.password, v.confirm, username);
        if (!errors.password && v.password && v.password === v.oldPassword) errors.password = '新密码不能与原密码相同';
        return errors;
      },
    }),
  });
  const close = () => {
    form.reset();
    change.reset();
    onClose();
  };
  const submit = form.onSubmit((v) => {
    change.mutate(
      { oldPassword: v.oldPassword, password: v.password },
      {
        onSuccess: () => {
          notifySuccess('密码已修改，下次登录请使用新密码。');
          close();
        },
        onError: (e) => applyErrorOrNotify(form, ['oldPassword', 'password'], e),
      },
    );
  });
  return (
    <Modal opened={opened} onClose={close} title="修改密码" centered closeButtonProps={CLOSE_PROPS}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            当前账户：{session.user.displayName}（{username}）。为保障数据安全，请定期修改密码，不要与他人共用账户。
          </Text>
          <PasswordInput visibilityToggleButtonProps={PASSWORD_TOGGLE_PROPS} label="原密码" withAsterisk autoComplete="current-password" data-autofocus {...form.getInputProps('oldPassword')} />
          <PasswordInput visibilityToggleButtonProps={PASSWORD_TOGGLE_PROPS} label="新密码" withAsterisk autoComplete="new-password" {...form.getInputProps('password')} />
          <PasswordInput visibilityToggleButtonProps={PASSWORD_TOGGLE_PROPS} label="确认新密码" withAsterisk autoComplete="new-password" {...form.getInputProps('confirm')} />
          <PasswordStrength password={form.values.password} username={username} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>取消</Button>
            <Button type="submit" loading={change.isPending}>确定修改</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
