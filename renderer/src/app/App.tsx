import { useCallback, useEffect, useState } from 'react';
import { Center, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import type { SessionDto } from '../../../shared/api/dto.ts';
import { call, onAppEvent, sessionStore } from '../api/client.ts';
import { queryClient, startInvalidation } from '../api/queries.ts';
import { SessionContext } from './session.tsx';
import { Shell } from './Shell.tsx';
import { SetupWizard } from '../features/setup/SetupWizard.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { useIdleSignOut } from './useIdleSignOut.ts';

/** Boot: first run → wizard; no session → sign-in; otherwise the shell. */
export function App() {
  const [session, setSession] = useState<SessionDto | null>(null);
  const [restoring, setRestoring] = useState(sessionStore.get() !== null);
  const status = useQuery({ queryKey: ['setup.status', {}, ['office']], queryFn: () => call('setup.status', {}) });

  useEffect(() => startInvalidation(), []);

  // A session id kept in this tab survives a reload: ask the backend who it belongs to.
  useEffect(() => {
    if (!sessionStore.get()) return;
    call('auth.me', {})
      .then(setSession)
      .catch(() => sessionStore.set(null))
      .finally(() => setRestoring(false));
  }, []);

  useEffect(
    () =>
      sessionStore.subscribe((id) => {
        if (id === null) {
          setSession(null);
          queryClient.clear();
        }
      }),
    [],
  );

  useEffect(
    () =>
      onAppEvent((e) => {
        if (e.type === 'session.ended' && sessionStore.get()) {
          sessionStore.set(null);
          notifications.show({ color: 'orange', title: '请重新登录', message: '数据库已从备份恢复，所有用户需要重新登录。', autoClose: false });
        }
      }),
    [],
  );

  const signOut = useCallback(() => {
    void call('auth.logout', {}).catch(() => undefined);
    sessionStore.set(null);
  }, []);

  const refresh = useCallback(() => {
    void call('auth.me', {}).then(setSession);
  }, []);

  useIdleSignOut(session, () => {
    sessionStore.set(null);
    notifications.show({
      color: 'orange',
      title: '已自动退出',
      message: `超过 ${session?.idleTimeoutMinutes ?? 30} 分钟未操作，为保护数据安全已自动退出，请重新登录。`,
      autoClose: false,
    });
  });

  if (status.isPending || restoring) {
    return (
      <Center h="100vh">
        <Loader aria-label="正在加载" />
      </Center>
    );
  }
  if (status.isError) {
    return (
      <Center h="100vh">
        <Stack align="center">
          <Text c="red" fw={600}>无法连接本机服务</Text>
          <Text size="sm">{status.error.message}</Text>
        </Stack>
      </Center>
    );
  }
  if (!status.data.initialized || !status.data.office) {
    return <SetupWizard onDone={() => void status.refetch()} />;
  }
  if (!session) {
    return (
      <LoginPage
        office={status.data.office}
        onSignedIn={(s) => {
          sessionStore.set(s.sessionId);
          setSession(s);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={{ session, signOut, refresh }}>
      <Shell />
    </SessionContext.Provider>
  );
}
