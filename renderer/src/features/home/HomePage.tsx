import { useState } from 'react';
import { Alert, Grid, Group, Loader, SegmentedControl, Stack, Text } from '@mantine/core';
import dayjs from 'dayjs';
import { ROLE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DrillDrawer, STAT_TABLES, type DrillTarget } from '../stats/DrillDrawer.tsx';
import { ChecksPanel } from '../stats/statsUi.tsx';
import { useStatScope } from '../stats/StatsPage.tsx';
import { DueCard, GradesCard, LoopCard, RectificationCard, WarningsCard } from './dashboard.tsx';
import { Checklist, OfficeCard, UNIT_EDITORS, UnitsCard, unitStats, type ChecklistItem } from './homeSetup.tsx';

const DUE_TABLES = [...STAT_TABLES, 'monitoring_events', 'goal_events', 'self_eval_events'];

/**
 * 首页: what is due for the signed-in user (monitoring rounds and deadlines, returned items,
 * items awaiting review, overdue rectifications) and the loop at a glance (coverage, warnings,
 * grades, rectification progress), every number opening the records behind it. Until the office
 * has its unit tree, the first-run checklist leads; the administrator keeps the office card.
 */
export function HomePage() {
  const { session } = useSession();
  const role = session.user.role;
  const year = session.office.currentYear;
  const [scope, setScope, canConsolidate] = useStatScope();
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const units = useApiQuery('units.tree', {}, ['units']);
  const isAdmin = role === 'admin';
  const users = useApiQuery('users.list', {}, ['users'], { enabled: isAdmin });
  const stats = useApiQuery('statistics.overview', { year, scope }, STAT_TABLES);
  const due = useApiQuery('statistics.dashboard', { year }, DUE_TABLES);
  const unitCount = units.data ? unitStats(units.data) : null;
  const setupDone = unitCount !== null && unitCount.own > 0;
  const canEditUnits = (UNIT_EDITORS as readonly string[]).includes(role);

  const checklist: ChecklistItem[] = [
    { key: 'setup', title: '完成首次设置', done: true, detail: `本单位“${session.office.name}”（${session.office.regionCode}）与系统管理员账户已建立。` },
    {
      key: 'units', title: '建立预算单位目录', done: unitCount ? unitCount.own > 0 : null,
      detail: setupDone
        ? `已建立 ${unitCount?.own ?? 0} 个预算单位，可随时在“预算单位”中调整层级或停用。`
        : canEditUnits ? '下载导入模板，在 Excel 或 WPS 中填写主管部门及下属单位后导入；也可以逐个新增。' : '预算单位由系统管理员或绩效管理人员导入，完成后即可在此查看。',
      action: canEditUnits || setupDone ? { label: '前往预算单位', path: '/units' } : undefined,
    },
    ...(isAdmin
      ? [{
          key: 'users', title: '为业务人员创建账户', done: users.data ? users.data.length > 1 : null,
          detail: users.data && users.data.length > 1 ? `已有 ${users.data.length} 个账户。绩效管理、业务股室等人员应使用各自的账户登录。` : '目前只有系统管理员账户。请为绩效股、业务股室人员分别创建账户并分配角色。',
          action: { label: '前往账户管理', path: '/users' },
        } satisfies ChecklistItem]
      : []),
  ];
  const checklistDone = checklist.every((c) => c.done === true);

  return (
    <Stack gap="md">
      <DrillDrawer target={drill} scope={{ year, scope }} onClose={() => setDrill(null)} />
      <PageHeader
        title={`您好，${session.user.displayName}`}
        description={`${ROLE_LABELS[role]} · 今天是 ${dayjs().format('YYYY年M月D日 dddd')} · ${year} 年度`}
        actions={canConsolidate ? (
          <SegmentedControl aria-label="统计范围" size="xs" value={scope} onChange={(v) => setScope(v === 'county' ? 'county' : 'prefecture')}
            data={[{ value: 'county', label: '本级' }, { value: 'prefecture', label: '本级及下级汇总' }]} />
        ) : undefined}
      />
      {!checklistDone ? <Checklist items={checklist} /> : null}
      {isAdmin ? (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 5 }}><OfficeCard office={session.office} /></Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}><UnitsCard stats={unitCount} loading={units.isPending} failed={units.isError} /></Grid.Col>
        </Grid>
      ) : null}
      {stats.isError || due.isError ? (
        <Alert color="red" variant="light" title="无法读取统计数据">{(stats.error ?? due.error)?.message}</Alert>
      ) : !stats.data || !due.data ? (
        <Group gap="sm" py="lg" justify="center"><Loader size="sm" /><Text size="sm" c="dimmed">正在统计……</Text></Group>
      ) : (
        <>
          {stats.data.checks.length ? <ChecksPanel flags={stats.data.checks} limit={3} /> : null}
          <Grid gap="md">
            {!isAdmin ? <Grid.Col span={{ base: 12, lg: 7 }}><DueCard due={due.data} role={role} /></Grid.Col> : null}
            <Grid.Col span={{ base: 12, lg: isAdmin ? 12 : 5 }}><LoopCard stats={stats.data} onDrill={setDrill} /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}><WarningsCard stats={stats.data} onDrill={setDrill} /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}><GradesCard stats={stats.data} onDrill={setDrill} /></Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}><RectificationCard stats={stats.data} onDrill={setDrill} /></Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}
