import { useState } from 'react';
import { Alert, Badge, Button, Grid, Stack, Tabs } from '@mantine/core';
import { IconFileExport } from '@tabler/icons-react';
import { useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { BundleLogTable } from './BundleLogTable.tsx';
import { DownwardSummary, UpwardSummary } from './ExchangeSummary.tsx';
import { ExportBundleModal } from './ExportBundleModal.tsx';
import { IdentityCard } from './Fingerprint.tsx';
import { ImportBundleButton } from './ImportBundle.tsx';
import { PeerOfficeTable } from './PeerOfficeTable.tsx';
import { SubmissionsTable } from './Submissions.tsx';
import { SYNC_ROLES, SYNC_TABLES } from './syncModel.ts';

/**
 * 同步与上报: this office's signing key, the register of parent and child offices, making and
 * importing bundles, the bundle log and the state of upward submissions.
 */
export function SyncPage() {
  const { session } = useSession();
  const canExchange = SYNC_ROLES.includes(session.user.role);
  const offices = useApiQuery('sync.offices', {}, SYNC_TABLES);
  const log = useApiQuery('sync.log', {}, SYNC_TABLES);
  const submissions = useApiQuery('sync.submissions', {}, SYNC_TABLES);
  const [exporting, setExporting] = useState(false);
  const [tab, setTab] = useState<string | null>('offices');

  const peers = offices.data ?? [];
  const hasParent = peers.some((o) => o.relation === 'parent');
  const hasChild = peers.some((o) => o.relation === 'child');
  const exportLabel = hasParent && !hasChild ? '生成上报包' : hasChild && !hasParent ? '生成下发包' : '生成数据包';
  const subs = submissions.data ?? [];
  const pending = subs.filter((s) => s.perspective === 'child' && s.status === 'received').length;
  const returned = subs.filter((s) => s.perspective === 'mine' && s.status === 'returned').length;
  const county = session.office.level === 'county';
  const failure = offices.error ?? log.error ?? submissions.error;

  return (
    <Stack gap="md">
      <PageHeader
        title="同步与上报"
        description={
          county
            ? '向上级财政部门报送本单位数据（上报包），接收上级下发的批次、结果和意见（下发包）。数据包用移动存储介质传递，导入前校验签名和完整性。'
            : '接收下级单位的上报包、汇总查看其数据并接收或退回；向下级下发批次、结果和意见，向上级报送本级数据。数据包导入前校验签名和完整性。'
        }
        actions={
          canExchange ? (
            <>
              <Button variant="default" leftSection={<IconFileExport size={16} />} onClick={() => setExporting(true)} data-testid="bundle-export">{exportLabel}</Button>
              <ImportBundleButton />
            </>
          ) : null
        }
      />
      {failure ? <Alert color="red" variant="light" title="无法读取同步信息">{failure.message}</Alert> : null}
      <Grid gap="md">
        <Grid.Col span={5}><IdentityCard /></Grid.Col>
        <Grid.Col span={7}>
          {county || !hasChild
            ? <DownwardSummary log={log.data ?? []} submissions={subs} />
            : <UpwardSummary offices={peers} log={log.data ?? []} submissions={subs} />}
        </Grid.Col>
      </Grid>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="offices">上下级单位</Tabs.Tab>
          <Tabs.Tab
            value="submissions"
            rightSection={pending + returned > 0 ? <Badge size="xs" circle color={returned ? 'red' : 'orange'}>{pending + returned}</Badge> : null}
          >
            上报状态
          </Tabs.Tab>
          <Tabs.Tab value="log">数据包记录</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="offices" pt="sm"><PeerOfficeTable offices={peers} loading={offices.isPending} /></Tabs.Panel>
        <Tabs.Panel value="submissions" pt="sm"><SubmissionsTable submissions={subs} loading={submissions.isPending} /></Tabs.Panel>
        <Tabs.Panel value="log" pt="sm"><BundleLogTable log={log.data ?? []} loading={log.isPending} /></Tabs.Panel>
      </Tabs>
      {canExchange ? <ExportBundleModal key={String(exporting)} opened={exporting} offices={peers} onClose={() => setExporting(false)} /> : null}
    </Stack>
  );
}
