import { useState } from 'react';
import {
  Alert, Badge, Button, Center, Drawer, Group, Loader, Paper, Select, Stack, Tabs, Text, Timeline, Tooltip,
} from '@mantine/core';
import { DataTable } from 'mantine-datatable';
import { IconCalendarCheck, IconCopy, IconEye, IconGitCommit, IconInfoCircle, IconPencil } from '@tabler/icons-react';
import type { ProfileDto, ProfileSummaryDto } from '../../../../shared/api/dtoGoals.ts';
import { PROFILE_SOURCE_LABELS, PROFILE_TEMPLATE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { call } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatTime } from '../../components/format.ts';
import { notifyError } from '../../components/notify.ts';
import { profileSource, type ProfileSource } from './describe.ts';
import { ProfileDetail } from './ProfileDetail.tsx';
import { ProfileEditor } from './ProfileEditor.tsx';
import { AssignYearModal, CopyProfileModal } from './ProfileDialogs.tsx';

const SOURCE_COLORS: Record<ProfileSource, string> = { builtin: 'gray', own: 'teal', upper: 'blue' };
/** The backend reports these tables when profiles or year assignments change. */
const TABLES = ['rule_profiles', 'fiscal_years'];

type Dialog =
  | { kind: 'view'; id: string }
  | { kind: 'copy'; profile: ProfileSummaryDto }
  | { kind: 'edit'; profile: ProfileDto }
  | { kind: 'assign'; profile: ProfileSummaryDto }
  | null;

function SourceBadge({ source }: { source: ProfileSource }) {
  return <Badge variant="light" color={SOURCE_COLORS[source]} radius="sm">{PROFILE_SOURCE_LABELS[source]}</Badge>;
}

/** 规则方案: the local rules as data, one chosen per fiscal year. */
export function ProfilesPage() {
  const { session } = useSession();
  const canManage = session.user.role === 'performance';
  const region = session.office.regionCode;
  const year = session.office.currentYear;
  const profiles = useApiQuery('profiles.list', {}, TABLES);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [opening, setOpening] = useState<string | null>(null);

  const list = profiles.data ?? [];
  const current = list.find((p) => p.years.includes(year));

  /** The editor needs the full current body: fetch it, then open. */
  const openEditor = async (id: string) => {
    setOpening(id);
    try {
      setDialog({ kind: 'edit', profile: await call('profiles.get', { id }) });
    } catch (e) {
      notifyError(e);
    } finally {
      setOpening(null);
    }
  };

  const editable = (p: ProfileSummaryDto) => canManage && !p.readOnly && profileSource(p, region) === 'own';

  return (
    <>
      <PageHeader
        title="规则方案"
        description={
          current
            ? `评分权重、等级区间、审核与评估分数线、监控预警和预算挂钩等本地规则。${year} 年度使用“${current.name}”第 ${current.currentVersion} 版。`
            : '评分权重、等级区间、审核与评估分数线、监控预警和预算挂钩等本地规则，每个年度选用一个方案。'
        }
      />
      {!canManage ? (
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={16} />} mb="md" p="xs">
          <Text size="sm">规则方案由绩效管理人员维护，您可以查看各方案的规则内容。</Text>
        </Alert>
      ) : (
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={16} />} mb="md" p="xs">
          <Text size="sm">内置方案和上级下发的方案只能查看；需要按本地规则调整时，请“复制为本单位方案”后修改。每次修改保存为新版本，已保存的评分仍按其当时使用的版本。</Text>
        </Alert>
      )}
      {profiles.isError ? (
        <Alert color="red" variant="light" title="无法读取规则方案">{profiles.error.message}</Alert>
      ) : (
        <DataTable<ProfileSummaryDto>
          withTableBorder
          borderRadius="sm"
          highlightOnHover
          verticalSpacing={8}
          minHeight={list.length > 0 ? undefined : 200}
          fetching={profiles.isPending}
          loaderType="dots"
          noRecordsText="暂无规则方案"
          records={list}
          idAccessor="id"
          onRowClick={({ record }) => setDialog({ kind: 'view', id: record.id })}
          rowStyle={(p) => (p.years.includes(year) ? { background: 'var(--mantine-color-red-0)' } : undefined)}
          columns={[
            {
              accessor: 'name',
              title: '方案名称',
              render: (p) => (
                <Stack gap={2}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={600}>{p.name}</Text>
                    {p.years.includes(year) ? <Badge size="sm" color="red" variant="filled">{year} 年度使用</Badge> : null}
                  </Group>
                  <Text size="xs" c="dimmed" lineClamp={2} title={p.description}>
                    <Text span size="xs" ff="monospace">{p.code}</Text>{p.description ? ` · ${p.description}` : ''}
                  </Text>
                </Stack>
              ),
            },
            { accessor: 'source', title: '来源', width: 96, render: (p) => <SourceBadge source={profileSource(p, region)} /> },
            { accessor: 'currentVersion', title: '当前版本', width: 96, render: (p) => `第 ${p.currentVersion} 版` },
            {
              accessor: 'years',
              title: '使用年度',
              width: 160,
              render: (p) =>
                p.years.length === 0 ? (
                  <Text size="sm" c="dimmed">—</Text>
                ) : (
                  <Group gap={4}>
                    {[...p.years].sort((a, b) => b - a).map((y) => (
                      <Badge key={y} size="sm" variant={y === year ? 'filled' : 'light'} color={y === year ? 'red' : 'gray'} radius="sm">{y}</Badge>
                    ))}
                  </Group>
                ),
            },
            { accessor: 'updatedAt', title: '更新时间', width: 160, render: (p) => formatTime(p.updatedAt) },
            {
              accessor: 'actions',
              title: '操作',
              width: canManage ? 300 : 80,
              render: (p) => (
                <Group gap={2} wrap="nowrap" onClick={(e) => e.stopPropagation()}>
                  <Button size="compact-xs" variant="subtle" color="blue" onClick={() => setDialog({ kind: 'view', id: p.id })} data-testid={`profile-view-${p.code}`}>
                    查看
                  </Button>
                  {canManage ? (
                    <>
                      <Button size="compact-xs" variant="subtle" color="blue" onClick={() => setDialog({ kind: 'copy', profile: p })} data-testid={`profile-copy-${p.code}`}>
                        复制为本单位方案
                      </Button>
                      {editable(p) ? (
                        <Button size="compact-xs" variant="subtle" color="blue" loading={opening === p.id} onClick={() => void openEditor(p.id)} data-testid={`profile-edit-${p.code}`}>
                          编辑
                        </Button>
                      ) : null}
                      <Button size="compact-xs" variant="subtle" color="blue" onClick={() => setDialog({ kind: 'assign', profile: p })} data-testid={`profile-assign-${p.code}`}>
                        设为年度方案
                      </Button>
                    </>
                  ) : null}
                </Group>
              ),
            },
          ]}
        />
      )}

      {dialog?.kind === 'view' ? (
        <ProfileDrawer
          id={dialog.id}
          region={region}
          year={year}
          canManage={canManage}
          onClose={() => setDialog(null)}
          onCopy={(p) => setDialog({ kind: 'copy', profile: p })}
          onEdit={(p) => void openEditor(p.id)}
          onAssign={(p) => setDialog({ kind: 'assign', profile: p })}
          editable={editable}
        />
      ) : null}
      {dialog?.kind === 'copy' ? (
        <CopyProfileModal
          source={dialog.profile}
          all={list}
          officeRegion={region}
          onClose={() => setDialog(null)}
          onCopied={(p) => setDialog({ kind: 'edit', profile: p })}
        />
      ) : null}
      {dialog?.kind === 'edit' ? <ProfileEditor key={dialog.profile.id} profile={dialog.profile} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'assign' ? <AssignYearModal profile={dialog.profile} all={list} defaultYear={year} onClose={() => setDialog(null)} /> : null}
    </>
  );
}

/** 查看: every section of a profile (any stored version), with its version history. */
function ProfileDrawer({ id, region, year, canManage, editable, onClose, onCopy, onEdit, onAssign }: {
  id: string;
  region: string;
  year: number;
  canManage: boolean;
  editable(p: ProfileSummaryDto): boolean;
  onClose(): void;
  onCopy(p: ProfileSummaryDto): void;
  onEdit(p: ProfileSummaryDto): void;
  onAssign(p: ProfileSummaryDto): void;
}) {
  const [version, setVersion] = useState<number | null>(null);
  const [tab, setTab] = useState<string | null>('rules');
  const q = useApiQuery('profiles.get', version === null ? { id } : { id, version }, TABLES);
  const p = q.data;
  const source = p ? profileSource(p, region) : null;

  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size={920}
      title={
        p ? (
          <Group gap="sm">
            <Text fw={600} size="lg">{p.name}</Text>
            {source ? <SourceBadge source={source} /> : null}
            {p.years.includes(year) ? <Badge color="red" variant="filled">{year} 年度使用</Badge> : null}
          </Group>
        ) : (
          <Text fw={600}>规则方案</Text>
        )
      }
    >
      {q.isError ? (
        <Alert color="red" variant="light" title="无法读取规则方案">{q.error.message}</Alert>
      ) : !p ? (
        <Center h={240}><Loader aria-label="正在加载" /></Center>
      ) : (
        <Stack gap="md">
          <Paper withBorder radius="sm" p="sm" bg="gray.0">
            <Group justify="space-between" align="flex-end" wrap="nowrap">
              <Stack gap={4} style={{ minWidth: 0 }}>
                <Text size="sm" c="dimmed">{p.description || '（无说明）'}</Text>
                <Text size="xs" c="dimmed">
                  编码 {p.code} · {PROFILE_TEMPLATE_LABELS[p.body.template]} · 使用年度 {p.years.length > 0 ? [...p.years].sort((a, b) => b - a).join('、') : '无'}
                </Text>
              </Stack>
              <Select
                label="查看版本"
                size="xs"
                w={220}
                allowDeselect={false}
                value={String(p.version)}
                onChange={(v) => setVersion(v ? Number(v) : null)}
                data={[...p.versions].sort((a, b) => b.version - a.version).map((v) => ({
                  value: String(v.version),
                  label: `第 ${v.version} 版${v.version === p.currentVersion ? '（当前）' : ''}`,
                }))}
              />
            </Group>
            {p.version !== p.currentVersion ? (
              <Alert color="orange" variant="light" p="xs" mt="sm">
                <Text size="sm">正在查看历史版本第 {p.version} 版；新的计算使用当前的第 {p.currentVersion} 版。</Text>
              </Alert>
            ) : null}
            {canManage ? (
              <Group gap="xs" mt="sm">
                <Button size="xs" variant="default" leftSection={<IconCopy size={14} />} onClick={() => onCopy(p)}>复制为本单位方案</Button>
                {editable(p) ? (
                  <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={() => onEdit(p)}>编辑</Button>
                ) : (
                  <Tooltip label="内置方案和上级下发的方案只能查看，可复制后修改">
                    <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} disabled>编辑</Button>
                  </Tooltip>
                )}
                <Button size="xs" variant="default" leftSection={<IconCalendarCheck size={14} />} onClick={() => onAssign(p)}>设为年度方案</Button>
              </Group>
            ) : null}
          </Paper>
          <Tabs value={tab} onChange={setTab}>
            <Tabs.List>
              <Tabs.Tab value="rules" leftSection={<IconEye size={14} />}>规则内容</Tabs.Tab>
              <Tabs.Tab value="history" leftSection={<IconGitCommit size={14} />}>版本历史（{p.versions.length}）</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="rules" pt="md">
              <ProfileDetail body={p.body} />
            </Tabs.Panel>
            <Tabs.Panel value="history" pt="md">
              <VersionHistory profile={p} onView={(v) => { setVersion(v); setTab('rules'); }} />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </Drawer>
  );
}

function VersionHistory({ profile, onView }: { profile: ProfileDto; onView(version: number): void }) {
  const versions = [...profile.versions].sort((a, b) => b.version - a.version);
  return (
    <Timeline active={0} bulletSize={22} lineWidth={2}>
      {versions.map((v) => (
        <Timeline.Item
          key={v.version}
          bullet={<IconGitCommit size={12} />}
          title={
            <Group gap="xs">
              <Text size="sm" fw={600}>第 {v.version} 版</Text>
              {v.version === profile.currentVersion ? <Badge size="xs" color="red" variant="light">当前</Badge> : null}
              {v.version === profile.version ? <Badge size="xs" color="gray" variant="outline">正在查看</Badge> : null}
            </Group>
          }
        >
          <Text size="sm">{v.note || '（无说明）'}</Text>
          <Group gap="xs" mt={2}>
            <Text size="xs" c="dimmed">{formatTime(v.createdAt)} · {v.createdBy || '—'}</Text>
            {v.version !== profile.version ? (
              <Button size="compact-xs" variant="subtle" onClick={() => onView(v.version)}>查看此版本</Button>
            ) : null}
          </Group>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
