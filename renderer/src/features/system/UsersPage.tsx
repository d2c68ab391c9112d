import { useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Group, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { DataTable } from 'mantine-datatable';
import { IconInfoCircle, IconLock, IconUserPlus } from '@tabler/icons-react';
import dayjs from 'dayjs';
import type { UserDto } from '../../../../shared/api/dto.ts';
import { userCreateSchema, userResetPasswordSchema, userUpdateSchema } from '../../../../shared/api/schemas.ts';
import { ROLES, type Role } from '../../../../shared/domain/roles.ts';
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatTime } from '../../components/format.ts';
import { notifySuccess } from '../../components/notify.ts';
import { useSession } from '../../app/session.tsx';
import { zodValidate } from '../../components/zodForm.ts';
import { applyErrorOrNotify } from './formHelpers.ts';
import { newPasswordErrors, PasswordStrength } from './PasswordStrength.tsx';
import { CLOSE_PROPS, PASSWORD_TOGGLE_PROPS } from './a11y.ts';

const ROLE_COLORS: Record<Role, string> = {
  admin: 'red',
  performance: 'blue',
  business: 'teal',
  viewer: 'gray',
  auditor: 'violet',
};

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

const isRole = (v: string | null): v is Role => v !== null && (ROLES as readonly string[]).includes(v);

/** Locked only while the lock lies in the future: an expired lock releases itself at sign-in. */
const lockedNow = (u: UserDto) => u.lockedUntil !== null && Date.parse(u.lockedUntil) > Date.now();

/** The role picker with what each role may do, so the administrator assigns roles knowingly. */
function RoleSelect(props: { value?: string | null; onChange(v: string | null): void; error?: ReactNode }) {
  const value = props.value ?? null;
  const chosen = isRole(value) ? value : null;
  return (
    <Select
      label="角色"
      placeholder="请选择角色"
      withAsterisk
      data={ROLE_OPTIONS}
      allowDeselect={false}
      value={value}
      onChange={props.onChange}
      error={props.error}
      description={chosen ? `可操作：${ROLE_DESCRIPTIONS[chosen]}` : '不同角色可使用的功能不同'}
      renderOption={({ option }) => (
        <Stack gap={0}>
          <Text size="sm">{option.label}</Text>
          <Text size="xs" c="dimmed">{isRole(option.value) ? ROLE_DESCRIPTIONS[option.value] : ''}</Text>
        </Stack>
      )}
      maxDropdownHeight={300}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** 三员分立: the reminder shown wherever a role is assigned. */
function SeparationNote() {
  return (
    <Alert variant="light" color="blue" icon={<IconInfoCircle size={16} />} p="xs">
      <Text size="xs">系统管理、业务办理和安全审计应由不同人员担任（三员分立），同一人不宜同时持有系统管理员、业务角色和审计管理员账户。</Text>
    </Alert>
  );
}

interface CreateValues {
  username: string;
  displayName: string;
  role: string | null;
  password: string;
  confirm: string;
}

function CreateUserModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const create = useApiMutation('users.create', { quiet: true });
  const form = useForm<CreateValues>({
    mode: 'controlled',
    initialValues: { username: '', displayName: '', role: null, password: '', confirm: '' },
    validate: zodValidate<CreateValues>(userCreateSchema, {
      toInput: ({ confirm: _confirm, ...input }) => input,
      extra: (v) => newPasswordErrors(v.password, v.confirm, v.username),
    }),
  });
  const close = () => {
    form.reset();
    onClose();
  };
  const submit = form.onSubmit((v) => {
    if (!isRole(v.role)) return;
    create.mutate(
      { username: v.username.trim(), displayName: v.displayName.trim(), role: v.role, password: v.password },
      {
        onSuccess: (u) => {
          notifySuccess(`已新增账户“${u.username}”（${u.displayName}，${ROLE_LABELS[u.role]}）。请将初始密码当面告知本人，并提醒其登录后修改。`);
          close();
        },
        onError: (e) => applyErrorOrNotify(form, ['username', 'displayName', 'role', 'password'], e),
      },
    );
  });
  return (
    <Modal opened={opened} onClose={close} title="新增账户" size="lg" centered closeButtonProps={CLOSE_PROPS}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Group grow align="flex-start">
            <TextInput label="用户名" description="登录时使用，3–32 位字母、数字或 _ . -，以字母开头" withAsterisk autoComplete="off" data-autofocus {...form.getInputProps('username')} />
            <TextInput label="姓名" description="使用人的真实姓名，显示在页面和日志中" withAsterisk {...form.getInputProps('displayName')} />
          </Group>
          <RoleSelect {...form.getInputProps('role')} />
          <SeparationNote />
          <Group grow align="flex-start">
            <PasswordInput visibilityToggleButtonProps={PASSWORD_TOGGLE_PROPS} label="初始密码" withAsterisk autoComplete="new-password" {...form.getInputProps('password')} />
            <PasswordInput visibilityToggleButtonProps={PASSWORD_TOGGLE_PROPS} label="确认初始密码" withAsterisk autoComplete="new-password" {...form.getInputProps('confirm')} />
          </Group>
          <PasswordStrength password={form.values.password} username={form.values.username} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>取消</Button>
            <Button type="submit" loading={create.isPending}>保存</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface EditValues {
  displayName: string;
  role: string | null;
}

function EditUserModal({ user, onClose }: { user: UserDto; onClose(): void }) {
  const { session } = useSession();
  const update = useApiMutation('users.update', { quiet: true });
  const form = useForm<EditValues>({
    mode: 'controlled',
    initialValues: { displayName: user.displayName, role: user.role },
    validate: zodValidate<EditValues>(userUpdateSchema, { toInput: (v) => ({ id: user.id, ...v }) }),
  });
  const roleChanged = form.values.role !== user.role;
  const submit = form.onSubmit((v) => {
    if (!isRole(v.role)) return;
    update.mutate(
      { id: user.id, displayName: v.displayName.trim(), role: v.role },
      {
        onSuccess: (u) => {
          notifySuccess(`账户“${u.username}”已保存。`);
          onClose();
        },
        onError: (e) => applyErrorOrNotify(form, ['displayName', 'role'], e),
      },
    );
  });
  return (
    <Modal opened onClose={onClose} title={`编辑账户：${user.username}`} size="lg" centered closeButtonProps={CLOSE_PROPS}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="用户名" value={user.username} readOnly variant="filled" description="用户名创建后不能修改" />
          <TextInput label="姓名" withAsterisk data-autofocus {...form.getInputProps('displayName')} />
          <RoleSelect {...form.getInputProps('role')} />
          {roleChanged ? (
            <Alert variant="light" color="orange" p="xs">
              <Text size="xs">
                {user.id === session.user.id
                  ? '您正在修改自己的角色，保存后将退出登录，需要重新登录。'
                  : '修改角色后，该账户当前的登录将立即结束，需要重新登录后按新角色使用。'}
              </Text>
            </Alert>
          ) : null}
          <SeparationNote />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>取消</Button>
            <Button type="submit" loading={update.isPending}>保存</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface ResetValues {
  password: string;
  confirm: string;
}

function ResetPasswordModal({ user, onClose }: { user: UserDto; onClose(): void }) {
  const reset = useApiMutation('users.resetPassword', { quiet: true });
  const form = useForm<ResetValues>({
    mode: 'controlled',
    initialValues: { password: '', confirm: '' },
    validate: zodValidate<ResetValues>(userResetPasswordSchema, {
      toInput: (v) => ({ id: user.id, password: v.password }),
      // The shared schema carries no username, so the "not the username" rule is checked here.
      extra: (v) => newPasswordErrors(v.password, v.confirm, user.username),
    }),
  });
  const submit = form.onSubmit((v) => {
    reset.mutate(
      { id: user.id, password: v.password },
      {
        onSuccess: (u) => {
          notifySuccess(`账户“${u.username}”的密码已重置，请将新密码当面告知本人。`);
          onClose();
        },
        onError: (e) => applyErrorOrNotify(form, ['password'], e),
      },
    );
  });
  return (
    <Modal opened onClose={onClose} title={`重置密码：${user.displayName}（${user.username}）`} centered closeButtonProps={CLOSE_PROPS}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">重置后该账户当前的登录将结束，锁定状态同时解除，需使用新密码重新登录。</Text>
          <PasswordInput visibilityToggleButtonProps={PASSWORD_TOGGLE_PROPS} label="新密码" withAsterisk autoComplete="new-password" data-autofocus {...form.getInputProps('password')} />
          <PasswordInput visibilityToggleButtonProps={PASSWORD_TOGGLE_PROPS} label="确认新密码" withAsterisk autoComplete="new-password" {...form.getInputProps('confirm')} />
          <PasswordStrength password={form.values.password} username={user.username} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>取消</Button>
            <Button type="submit" loading={reset.isPending}>重置密码</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function StatusBadge({ user }: { user: UserDto }) {
  if (!user.active) return <Badge color="gray" variant="light">停用</Badge>;
  if (lockedNow(user) && user.lockedUntil) {
    // Locks last 15 minutes, so the clock time alone tells the officer when it ends.
    return (
      <Badge color="orange" variant="light" leftSection={<IconLock size={12} />}>
        锁定至 {dayjs(user.lockedUntil).format('HH:mm')}
      </Badge>
    );
  }
  return <Badge color="teal" variant="light">启用</Badge>;
}

type Dialog = { kind: 'edit' | 'reset'; user: UserDto } | null;

/** 账户管理: the administrator's list of sign-in accounts. */
export function UsersPage() {
  const { session } = useSession();
  const users = useApiQuery('users.list', {}, ['users']);
  const setActive = useApiMutation('users.setActive');
  const unlock = useApiMutation('users.unlock');
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);

  const list = users.data ?? [];
  const activeCount = list.filter((u) => u.active).length;

  const confirmSetActive = (u: UserDto) => {
    const disabling = u.active;
    modals.openConfirmModal({
      closeButtonProps: CLOSE_PROPS,
      title: disabling ? '停用账户' : '启用账户',
      centered: true,
      children: (
        <Text size="sm">
          {disabling
            ? `确定停用“${u.displayName}（${u.username}）”吗？停用后该账户不能登录，正在使用的登录会立即结束；其填报和操作记录仍然保留，可随时重新启用。`
            : `确定启用“${u.displayName}（${u.username}）”吗？启用后该账户可以使用原密码登录。`}
        </Text>
      ),
      labels: { confirm: disabling ? '停用' : '启用', cancel: '取消' },
      confirmProps: { color: disabling ? 'red' : undefined },
      onConfirm: () =>
        setActive.mutate(
          { id: u.id, active: !disabling },
          { onSuccess: (r) => notifySuccess(`账户“${r.username}”已${r.active ? '启用' : '停用'}。`) },
        ),
    });
  };

  return (
    <>
      <PageHeader
        title="账户管理"
        description={
          users.data
            ? `本单位共 ${list.length} 个账户，其中启用 ${activeCount} 个。密码连续输错 5 次账户将锁定 15 分钟，管理员可提前解除锁定。`
            : '管理本单位的登录账户与角色。'
        }
        actions={
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)}>
            新增账户
          </Button>
        }
      />
      <DataTable<UserDto>
        withTableBorder
        borderRadius="sm"
        striped
        highlightOnHover
        minHeight={users.isPending ? 240 : undefined}
        fetching={users.isFetching && !users.data}
        noRecordsText={users.isError ? '加载失败，请刷新重试' : '暂无账户'}
        records={list}
        idAccessor="id"
        columns={[
          {
            accessor: 'username',
            title: '用户名',
            render: (u) => (
              <Group gap={6} wrap="nowrap">
                <Text size="sm" ff="monospace">{u.username}</Text>
                {u.id === session.user.id ? <Badge size="xs" variant="outline" color="gray">当前账户</Badge> : null}
              </Group>
            ),
          },
          { accessor: 'displayName', title: '姓名' },
          {
            accessor: 'role',
            title: '角色',
            render: (u) => <Badge color={ROLE_COLORS[u.role]} variant="light">{ROLE_LABELS[u.role]}</Badge>,
          },
          { accessor: 'active', title: '状态', render: (u) => <StatusBadge user={u} /> },
          { accessor: 'lastLoginAt', title: '最近登录', render: (u) => (u.lastLoginAt ? formatTime(u.lastLoginAt) : <Text size="sm" c="dimmed">从未登录</Text>) },
          { accessor: 'createdAt', title: '创建时间', render: (u) => formatTime(u.createdAt) },
          {
            accessor: 'actions',
            title: '操作',
            textAlign: 'right',
            render: (u) => (
              <Group gap={4} justify="flex-end" wrap="nowrap">
                <Button size="compact-sm" variant="subtle" color="blue" onClick={() => setDialog({ kind: 'edit', user: u })}>编辑</Button>
                <Button size="compact-sm" variant="subtle" color="blue" onClick={() => setDialog({ kind: 'reset', user: u })}>重置密码</Button>
                {lockedNow(u) ? (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="orange"
                    loading={unlock.isPending && unlock.variables?.id === u.id}
                    onClick={() => unlock.mutate({ id: u.id }, { onSuccess: (r) => notifySuccess(`账户“${r.username}”已解除锁定。`) })}
                  >
                    解除锁定
                  </Button>
                ) : null}
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color={u.active ? 'red' : 'teal'}
                  disabled={u.active && u.id === session.user.id}
                  title={u.active && u.id === session.user.id ? '不能停用当前登录的账户' : undefined}
                  onClick={() => confirmSetActive(u)}
                >
                  {u.active ? '停用' : '启用'}
                </Button>
              </Group>
            ),
          },
        ]}
      />
      <CreateUserModal opened={creating} onClose={() => setCreating(false)} />
      {dialog?.kind === 'edit' ? <EditUserModal key={dialog.user.id} user={dialog.user} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'reset' ? <ResetPasswordModal key={dialog.user.id} user={dialog.user} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
