import { useMemo, type ReactNode } from 'react';
import { Anchor, Badge, Select, Text, Tooltip } from '@mantine/core';
import { IconBuildingCommunity, IconEye } from '@tabler/icons-react';
import type { PeerOfficeDto } from '../../../shared/api/dtoSync.ts';
import { useApiQuery } from '../api/queries.ts';
import { navigate } from '../app/router.ts';
import { useSession } from '../app/session.tsx';
import { formatDate } from './format.ts';

/** The tables behind the register of parent and child offices (sync.offices). */
export const PEER_TABLES = ['peer_offices', 'bundle_log', 'submissions'];

/** The scope value that shows every office's rows. */
export const ALL_OFFICES = 'all';

/**
 * The registered parent and child offices. A failed read (an office without the sync feature)
 * counts as none, so the list pages keep working as before.
 */
export function usePeerOffices() {
  const offices = useApiQuery('sync.offices', {}, PEER_TABLES, { staleTime: 60_000 });
  return useMemo(() => {
    const all = offices.data ?? [];
    return {
      ready: !offices.isPending,
      all,
      children: all.filter((o) => o.relation === 'child'),
      parents: all.filter((o) => o.relation === 'parent'),
      byCode: new Map(all.map((o) => [o.regionCode, o])),
    };
  }, [offices.data, offices.isPending]);
}

/**
 * Which office's rows a list shows: a region code, ALL_OFFICES, or null for the default — this
 * office's own rows (本级) when it has child offices, every row otherwise (a county sees what its
 * parent sent down beside its own records).
 */
export function useOfficeScope(picked: string | null) {
  const { session } = useSession();
  const peers = usePeerOffices();
  const own = session.office.regionCode;
  const value = picked ?? (peers.children.length > 0 ? own : ALL_OFFICES);
  const office = peers.byCode.get(value) ?? null;
  return {
    /** False until the register is read: list queries wait, so they do not run twice. */
    ready: peers.ready,
    children: peers.children,
    value,
    own,
    /** A registered other office whose data is being browsed (read-only), or null. */
    other: value !== own && value !== ALL_OFFICES ? office ?? placeholderOffice(value) : null,
    /** Spread into a list query's input. */
    input: value === ALL_OFFICES ? {} : { origin: value },
  };
}
export type OfficeScopeState = ReturnType<typeof useOfficeScope>;

function placeholderOffice(code: string): Pick<PeerOfficeDto, 'regionCode' | 'name' | 'lastReceivedSeq' | 'lastReceivedAt'> {
  return { regionCode: code, name: `单位 ${code}`, lastReceivedSeq: null, lastReceivedAt: null };
}

/** 本级 / each child office / 全部; rendered only when the office has child offices. */
export function OfficeScopeSelect({ scope, onChange, label = true }: { scope: OfficeScopeState; onChange(value: string): void; label?: boolean }) {
  const { session } = useSession();
  if (scope.children.length === 0) return null;
  const data = [
    { value: scope.own, label: `本级（${session.office.name}）` },
    ...scope.children.map((c) => ({ value: c.regionCode, label: `${c.name}（${c.regionCode}）` })),
    { value: ALL_OFFICES, label: '全部（本级和下级）' },
  ];
  return (
    <Select
      label={label ? '数据范围' : undefined}
      aria-label="数据范围"
      data-testid="office-scope"
      w={220}
      allowDeselect={false}
      leftSection={<IconBuildingCommunity size={16} />}
      comboboxProps={{ width: 300, position: 'bottom-start' }}
      data={data}
      value={scope.value}
      onChange={(v) => v && onChange(v)}
    />
  );
}

/**
 * The page description while another office's rows are shown: whose data, from which bundle, that it
 * is read-only, and the way back. Inline (it sits in PageHeader's description), so the page keeps its height.
 */
export function OfficeScopeNotice({ scope, onBack, children }: { scope: OfficeScopeState; onBack(): void; children: ReactNode }) {
  if (!scope.other) return children;
  const o = scope.other;
  return (
    <Text span size="sm" data-testid="office-scope-notice">
      <IconEye size={15} color="var(--mantine-color-blue-7)" style={{ verticalAlign: -2, marginRight: 4 }} />
      <Text span inherit c="blue.8" fw={500}>
        正在查看{o.name}报送的数据（只读{o.lastReceivedSeq !== null ? `，第 ${o.lastReceivedSeq} 号数据包，${formatDate(o.lastReceivedAt)} 导入` : ''}）
      </Text>
      <Anchor component="button" type="button" size="sm" ml="xs" onClick={onBack}>返回本级数据</Anchor>
      <Anchor component="button" type="button" size="sm" ml="sm" onClick={() => navigate('/sync/offices')}>下级单位数据</Anchor>
    </Text>
  );
}

/**
 * Where a read-only row came from: 上级下发 (the parent office), the child office's name, or
 * 同步只读 for any other office. Own rows get no badge.
 */
export function OriginBadge({ origin, readOnly }: { origin: string; readOnly: boolean }) {
  const { session } = useSession();
  const peers = usePeerOffices();
  if (!readOnly || origin === session.office.regionCode) return null;
  const peer = peers.byCode.get(origin);
  if (origin === session.office.parentRegionCode || peer?.relation === 'parent') {
    return (
      <Tooltip label={`${peer?.name ?? session.office.parentName}下发的数据，只读`} withinPortal>
        <Badge ml={6} size="xs" variant="light" color="indigo" radius="sm">上级下发</Badge>
      </Tooltip>
    );
  }
  return (
    <Tooltip label={peer ? `${peer.name}上报的数据，只读` : `行政区划 ${origin} 的数据，只读`} withinPortal>
      <Badge ml={6} size="xs" variant="light" color="blue" radius="sm">{peer ? shortOfficeName(peer.name) : '同步只读'}</Badge>
    </Tooltip>
  );
}

/** "奇台县财政局" → "奇台县": the badge keeps to the place name. */
export function shortOfficeName(name: string): string {
  return name.replace(/财政(局|厅)$/, '') || name;
}
