import { useState, type ReactNode } from 'react';
import { AppShell, Badge, Burger, Button, Group, Menu, NavLink, ScrollArea, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconLogout, IconKey } from '@tabler/icons-react';
import { OFFICE_LEVEL_LABELS, ROLE_LABELS } from '../../../shared/i18n/zh-CN.ts';
import { useSession } from './session.tsx';
import { navigate, useRoute } from './router.ts';
import { canOpen, homeFor, navPathOf, visibleNav } from './nav.ts';
import { HomePage } from '../features/home/HomePage.tsx';
import { UnitsPage } from '../features/units/UnitsPage.tsx';
import { YearsPage } from '../features/system/YearsPage.tsx';
import { OfficePage } from '../features/system/OfficePage.tsx';
import { UsersPage } from '../features/system/UsersPage.tsx';
import { BackupsPage } from '../features/system/BackupsPage.tsx';
import { AuditPage } from '../features/system/AuditPage.tsx';
import { ChangePasswordModal } from '../features/auth/ChangePasswordModal.tsx';
import { ProfilesPage } from '../features/profiles/ProfilesPage.tsx';
import { LibraryPage } from '../features/library/LibraryPage.tsx';
import { ProjectsPage } from '../features/projects/ProjectsPage.tsx';
import { ProjectDetailPage } from '../features/projects/ProjectDetailPage.tsx';
import { CoveragePage } from '../features/projects/CoveragePage.tsx';
import { ReviewQueuePage } from '../features/goals/ReviewQueuePage.tsx';
import { UnitGoalsPage } from '../features/goals/UnitGoalsPage.tsx';
import { RoundsPage } from '../features/monitoring/RoundsPage.tsx';
import { RoundDetailPage } from '../features/monitoring/RoundDetailPage.tsx';
import { MonitoringSheetPage } from '../features/monitoring/MonitoringSheetPage.tsx';
import { WarningsPage } from '../features/monitoring/WarningsPage.tsx';
import { MonitoringSummaryPage } from '../features/monitoring/MonitoringSummaryPage.tsx';
import { RectificationsPage } from '../features/monitoring/RectificationsPage.tsx';
import { SelfEvalListPage } from '../features/evaluation/SelfEvalListPage.tsx';
import { SelfEvalPage } from '../features/evaluation/SelfEvalPage.tsx';
import { RecheckPage } from '../features/evaluation/RecheckPage.tsx';
import { LinkagePage } from '../features/results/LinkagePage.tsx';
import { DisclosurePage } from '../features/results/DisclosurePage.tsx';
import { KeyEvalPage } from '../features/evaluation/KeyEvalPage.tsx';
import { AssessmentPage } from '../features/results/AssessmentPage.tsx';
import { SyncPage } from '../features/sync/SyncPage.tsx';
import { OfficesPage } from '../features/sync/OfficesPage.tsx';
import { StatsPage } from '../features/stats/StatsPage.tsx';
import { AnnualReportPage } from '../features/stats/AnnualReportPage.tsx';

const PAGES: Record<string, () => ReactNode> = {
  '/': () => <HomePage />,
  '/units': () => <UnitsPage />,
  '/years': () => <YearsPage />,
  '/office': () => <OfficePage />,
  '/users': () => <UsersPage />,
  '/backups': () => <BackupsPage />,
  '/audit': () => <AuditPage />,
  '/profiles': () => <ProfilesPage />,
  '/library': () => <LibraryPage />,
  '/projects': () => <ProjectsPage />,
  '/coverage': () => <CoveragePage />,
  '/goals/queue': () => <ReviewQueuePage />,
  '/goals/units': () => <UnitGoalsPage />,
  '/monitoring': () => <RoundsPage />,
  '/monitoring/warnings': () => <WarningsPage />,
  '/monitoring/summary': () => <MonitoringSummaryPage />,
  '/rectifications': () => <RectificationsPage />,
  '/evaluation/self': () => <SelfEvalListPage />,
  '/evaluation/recheck': () => <RecheckPage />,
  '/results/linkage': () => <LinkagePage />,
  '/results/disclosure': () => <DisclosurePage />,
  '/evaluation/key': () => <KeyEvalPage />,
  '/results/assessment': () => <AssessmentPage />,
  '/sync': () => <SyncPage />,
  '/sync/offices': () => <OfficesPage />,
  '/stats': () => <StatsPage />,
  '/stats/report': () => <AnnualReportPage />,
};

/** The page for a route, including detail routes such as #/projects/<id>. */
function pageFor(path: string): ReactNode {
  const detail = /^\/projects\/([^/]+)$/.exec(path);
  if (detail?.[1]) return <ProjectDetailPage projectId={decodeURIComponent(detail[1])} />;
  const round = /^\/monitoring\/rounds\/([^/]+)$/.exec(path);
  if (round?.[1]) return <RoundDetailPage roundId={decodeURIComponent(round[1])} />;
  const selfEval = /^\/evaluation\/self\/([^/]+)$/.exec(path);
  if (selfEval?.[1]) return <SelfEvalPage evaluationId={decodeURIComponent(selfEval[1])} />;
  const sheet = /^\/monitoring\/sheets\/([^/]+)$/.exec(path);
  if (sheet?.[1]) return <MonitoringSheetPage sheetId={decodeURIComponent(sheet[1])} />;
  return PAGES[path]?.() ?? null;
}

export function Shell() {
  const { session, signOut } = useSession();
  const [opened, { toggle }] = useDisclosure();
  const [pwOpen, setPwOpen] = useState(false);
  const route = useRoute();
  const role = session.user.role;
  const path = canOpen(role, route) ? route : homeFor(role);
  const active = navPathOf(path);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="展开导航" />
            <Title order={4} c="red.8" style={{ whiteSpace: 'nowrap' }}>预算绩效工作台</Title>
            <Text size="sm" c="dimmed" visibleFrom="md" style={{ whiteSpace: 'nowrap' }}>
              {session.office.name}（{session.office.regionCode} · {OFFICE_LEVEL_LABELS[session.office.level]}）
            </Text>
            <Badge variant="light" color="gray" data-testid="current-year">{session.office.currentYear} 年度</Badge>
          </Group>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <UnstyledButton aria-label="账户菜单">
                <Group gap={6} wrap="nowrap">
                  <Stack gap={0} align="flex-end">
                    <Text size="sm" fw={600}>{session.user.displayName}</Text>
                    <Text size="xs" c="dimmed">{ROLE_LABELS[role]}</Text>
                  </Stack>
                  <IconChevronDown size={14} />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconKey size={14} />} onClick={() => setPwOpen(true)}>修改密码</Menu.Item>
              <Menu.Item leftSection={<IconLogout size={14} />} color="red" onClick={signOut}>退出登录</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <ScrollArea>
          {visibleNav(role).map((g) => (
            <Stack key={g.label} gap={2} mb="sm">
              <Text size="xs" c="dimmed" fw={600} px="sm" pt="xs">{g.label}</Text>
              {g.items.map((i) => (
                <NavLink key={i.path} label={i.label} active={active === i.path} onClick={() => navigate(i.path)} href={`#${i.path}`} />
              ))}
            </Stack>
          ))}
        </ScrollArea>
        <Button variant="subtle" color="gray" leftSection={<IconLogout size={14} />} onClick={signOut} mt="auto">退出登录</Button>
      </AppShell.Navbar>
      <AppShell.Main>{pageFor(path)}</AppShell.Main>
      <ChangePasswordModal opened={pwOpen} onClose={() => setPwOpen(false)} />
    </AppShell>
  );
}
