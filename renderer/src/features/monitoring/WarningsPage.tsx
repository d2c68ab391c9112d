import { ROW_PAGINATION } from '../../components/tablePaging.ts';
import { useMemo, useState, type ReactNode } from 'react';
import {
  ActionIcon, Alert, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Switch, Text, ThemeIcon, Tooltip, UnstyledButton,
} from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { IconAlertTriangle, IconChecklist, IconFilterOff } from '@tabler/icons-react';
import type { MonitoringWarningDto, WarningLevel } from '../../../../shared/api/dtoMonitoring.ts';
import { WARNING_LEVEL_LABELS, WARNING_RULE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { call } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { navigate, useRouteQuery } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { notifyError } from '../../components/notify.ts';
import { useYearOptions } from '../goals/useYearOptions.ts';
import { renderUnitOption, unitOptions, type UnitOption } from '../projects/projectUi.tsx';
import { DecisionModal } from './DecisionModal.tsx';
import {
  ActionBadges, FINANCE_ROLES, LevelDot, WARNING_LEVELS, WARNING_RULES, WARNING_TABLES, num, parseWarningFilters, resolveRound, ruleLabel,
  useRoundOptions, type WarningRule,
} from './warningUi.tsx';

const PAGE_SIZES = [50, 100, 200];
const LEVEL_OPTIONS = WARNING_LEVELS.map((l) => ({ value: l, label: WARNING_LEVEL_LABELS[l] }));
const RULE_OPTIONS = WARNING_RULES.map((r) => ({ value: r, label: WARNING_RULE_LABELS[r] }));

interface Filters {
  year: number;
  /** A round id, 'all', or undefined for "the latest round" until the user picks one. */
  round: string | undefined;
  level: WarningLevel | null;
  rule: WarningRule | null;
  unitId: string | null;
  undecidedOnly: boolean;
}

/**
 * 预警与处理: every warning the engine raised in a round, by level, rule and unit, with what the
 * finance bureau decided. The route's query (#/monitoring/warnings?level=red&round=…) sets the
 * filters, so the summary's figures open the warnings behind them.
 */
export function WarningsPage() {
  const { session } = useSession();
  const search = useRouteQuery().toString();
  // A new link (another filter in the query) starts the list afresh.
  return <WarningList key={search} search={search} currentYear={session.office.currentYear} />;
}

function WarningList({ search, currentYear }: { search: string; currentYear: number }) {
  const { session } = useSession();
  const canDecide = FINANCE_ROLES.includes(session.user.role);
  const [f, setF] = useState<Filters>(() => {
    const r = parseWarningFilters(search);
    return {
      year: r.year ?? currentYear,
      round: r.round,
      level: r.level ?? null,
      rule: r.rule ?? null,
      unitId: r.unitId ?? null,
      undecidedOnly: r.undecided ?? false,
    };
  });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(100);
  const [deciding, setDeciding] = useState<{ warning: MonitoringWarningDto; annualBudgetFen: number } | null>(null);
  const [loadingId, setLoadingId] = useState<string | null>(null);

  const set = (patch: Partial<Filters>) => {
    setF((s) => ({ ...s, ...patch }));
    setPage(1);
  };

  const yearOptions = useYearOptions(currentYear);
  const { rounds, options: roundOptions } = useRoundOptions(f.year, '全部批次');
  const units = useApiQuery('units.tree', {}, ['units']);
  const unitData = useMemo<UnitOption[]>(() => unitOptions(units.data), [units.data]);

  const roundId = resolveRound(f.round, rounds.data);
  const roundTitles = useMemo(() => new Map((rounds.data ?? []).map((r) => [r.id, r.title])), [rounds.data]);
  // Without a chosen round the list waits for the rounds so it does not flash every round first.
  const ready = f.round !== undefined || rounds.data !== undefined;

  const base = useMemo(
    () => ({
      year: f.year,
      ...(roundId ? { roundId } : {}),
      ...(f.rule ? { rule: f.rule } : {}),
      ...(f.unitId ? { unitId: f.unitId } : {}),
    }),
    [f.year, roundId, f.rule, f.unitId],
  );
  const list = useApiQuery(
    'monitoring.warnings',
    { ...base, ...(f.level ? { level: f.level } : {}), undecidedOnly: f.undecidedOnly, page, pageSize },
    WARNING_TABLES,
    { placeholderData: keepPreviousData, enabled: ready },
  );
  // Headline counts: each leaves out its own filter, so the cards say what clicking them would show.
  const countOf = (extra: { level?: WarningLevel; undecidedOnly: boolean }) => ({ ...base, ...extra, page: 1, pageSize: 1 });
  const redCount = useApiQuery('monitoring.warnings', countOf({ level: 'red', undecidedOnly: f.undecidedOnly }), WARNING_TABLES, { enabled: ready });
  const yellowCount = useApiQuery('monitoring.warnings', countOf({ level: 'yellow', undecidedOnly: f.undecidedOnly }), WARNING_TABLES, { enabled: ready });
  const undecidedCount = useApiQuery(
    'monitoring.warnings',
    countOf({ ...(f.level ? { level: f.level } : {}), undecidedOnly: true }),
    WARNING_TABLES,
    { enabled: ready },
  );

  // The dialog needs the sheet's budget (for money actions): read it first, the row's button spins meanwhile.
  const openDecision = async (w: MonitoringWarningDto) => {
    setLoadingId(w.id);
    try {
      const sheet = await call('monitoring.getSheet', { sheetId: w.sheetId });
      setDeciding({ warning: w, annualBudgetFen: sheet.annualBudgetFen });
    } catch (e) {
      notifyError(e);
    } finally {
      setLoadingId(null);
    }
  };

  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  const filtered = f.level !== null || f.rule !== null || f.unitId !== null || f.undecidedOnly;
  const noRounds = rounds.data !== undefined && rounds.data.length === 0;

  const columns: DataTableColumn<MonitoringWarningDto>[] = [
    { accessor: 'level', title: '等级', width: 56, textAlign: 'center', render: (w) => <LevelDot level={w.level} /> },
    {
      accessor: 'title',
      title: '项目 / 单位',
      width: 230,
      render: (w) => (
        <Stack gap={0}>
          <Text size="sm" fw={500} lineClamp={2} title={w.title}>{w.title}</Text>
          <Group gap={6} wrap="nowrap">
            {w.projectCode ? <Text size="xs" c="dimmed" ff="monospace">{w.projectCode}</Text> : <Badge size="xs" variant="light" color="grape" radius="sm">部门整体</Badge>}
            <Text size="xs" c="dimmed" lineClamp={1} title={w.unitName}>{w.unitName}</Text>
          </Group>
          {roundId === null ? <Text size="xs" c="dimmed" lineClamp={1}>{roundTitles.get(w.roundId) ?? ''}</Text> : null}
        </Stack>
      ),
    },
    {
      accessor: 'rule',
      title: '规则',
      width: 128,
      render: (w) => (
        <Stack gap={0}>
          <Text size="sm">{ruleLabel(w.rule)}</Text>
          {w.indicator ? <Text size="xs" c="dimmed" lineClamp={2} title={w.indicator}>{w.indicator}</Text> : null}
        </Stack>
      ),
    },
    { accessor: 'message', title: '预警说明', render: (w) => <Text size="sm" style={num}>{w.message}</Text> },
    { accessor: 'suggestedActions', title: '建议措施', width: 170, render: (w) => <ActionBadges actions={w.suggestedActions} /> },
    {
      accessor: 'decided',
      title: '是否已处理',
      width: 92,
      render: (w) =>
        w.decided ? (
          <Badge variant="light" color="teal" radius="sm">已处理</Badge>
        ) : (
          <Badge variant="outline" color="orange" radius="sm">未处理</Badge>
        ),
    },
    {
      accessor: 'actions',
      title: '操作',
      width: canDecide ? 168 : 104,
      render: (w) => (
        <Group gap={4} wrap="nowrap">
          <Button
            size="compact-sm"
            variant="subtle"
            px={6}
            onClick={() => navigate(`/monitoring/sheets/${encodeURIComponent(w.sheetId)}`)}
          >
            查看监控表
          </Button>
          {canDecide ? (
            <Button
              size="compact-sm"
              variant="light"
              px={8}
              loading={loadingId === w.id}
              disabled={loadingId !== null && loadingId !== w.id}
              onClick={() => void openDecision(w)}
            >
              处理
            </Button>
          ) : null}
        </Group>
      ),
    },
  ];

  return (
    <Stack gap="md">
      <PageHeader
        title="预警与处理"
        description="预警按本年度规则方案由执行数和监控表自动生成，每条写明触发的规则和数字；财政部门据此作出提醒、约谈、限期整改、调减预算等处理。"
      />

      <Paper withBorder radius="md" p="sm">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select label="年度" w={112} allowDeselect={false} data={yearOptions} value={String(f.year)} onChange={(v) => v && set({ year: Number(v), round: undefined })} />
          <Select
            label="监控批次"
            w={260}
            allowDeselect={false}
            data={roundOptions}
            value={f.round ?? roundId ?? 'all'}
            onChange={(v) => v && set({ round: v })}
            nothingFoundMessage="本年度还没有监控批次"
            comboboxProps={{ width: 320, position: 'bottom-start' }}
          />
          <Select label="预警等级" placeholder="全部" w={120} clearable data={LEVEL_OPTIONS} value={f.level} onChange={(v) => set({ level: v as WarningLevel | null })} />
          <Select label="规则" placeholder="全部规则" w={150} clearable data={RULE_OPTIONS} value={f.rule} onChange={(v) => set({ rule: v as WarningRule | null })} />
          <Select
            label="单位（含下级）"
            placeholder="全部单位"
            w={220}
            searchable
            clearable
            nothingFoundMessage="没有符合条件的单位"
            data={unitData}
            renderOption={({ option }) => renderUnitOption(option as UnitOption)}
            maxDropdownHeight={360}
            comboboxProps={{ width: 340, position: 'bottom-start' }}
            value={f.unitId}
            onChange={(v) => set({ unitId: v })}
          />
          <Switch label="仅未处理" mb={8} checked={f.undecidedOnly} onChange={(e) => set({ undecidedOnly: e.currentTarget.checked })} />
          <Tooltip label="清除筛选条件（年度和批次除外）" withinPortal>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              mb={2}
              aria-label="清除筛选"
              disabled={!filtered}
              onClick={() => set({ level: null, rule: null, unitId: null, undecidedOnly: false })}
            >
              <IconFilterOff size={18} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Paper>

      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <CountCard
          icon={<LevelDot level="red" size={14} />}
          label="红色预警"
          count={redCount.data?.total}
          active={f.level === 'red'}
          onClick={() => set({ level: f.level === 'red' ? null : 'red' })}
          hint={f.level === 'red' ? '再次点击显示全部等级' : '点击只看红色预警'}
          color="red"
          testId="warnings-red"
        />
        <CountCard
          icon={<LevelDot level="yellow" size={14} />}
          label="黄色预警"
          count={yellowCount.data?.total}
          active={f.level === 'yellow'}
          onClick={() => set({ level: f.level === 'yellow' ? null : 'yellow' })}
          hint={f.level === 'yellow' ? '再次点击显示全部等级' : '点击只看黄色预警'}
          color="yellow"
          testId="warnings-yellow"
        />
        <CountCard
          icon={<ThemeIcon variant="light" color="orange" size="sm"><IconChecklist size={14} /></ThemeIcon>}
          label="尚未处理"
          count={undecidedCount.data?.total}
          active={f.undecidedOnly}
          onClick={() => set({ undecidedOnly: !f.undecidedOnly })}
          hint={f.undecidedOnly ? '再次点击显示已处理的预警' : '点击只看未处理的预警'}
          color="orange"
          testId="warnings-undecided"
        />
      </SimpleGrid>

      {noRounds ? (
        <Paper withBorder radius="md" p="xl" data-testid="warnings-no-rounds">
          <Stack align="center" gap="sm" py="lg">
            <Text fw={600} size="lg">{f.year} 年度还没有监控批次</Text>
            <Text size="sm" c="dimmed" ta="center" maw={560}>预警在监控批次导入执行数或填报监控表后生成。请先在“监控批次”中按规则方案新建批次并生成监控表。</Text>
            <Button variant="light" onClick={() => navigate('/monitoring')}>前往监控批次</Button>
          </Stack>
        </Paper>
      ) : list.isError ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="无法读取预警">{list.error.message}</Alert>
      ) : (
        <Paper withBorder radius="md" p={0} style={{ overflow: 'hidden' }}>
          <DataTable<MonitoringWarningDto>
            highlightOnHover
            striped
            verticalSpacing={7}
            horizontalSpacing="xs"
            minHeight={rows.length > 0 ? undefined : 240}
            height={rows.length > 0 ? 'max(320px, calc(100vh - 420px))' : undefined}
            fetching={list.isFetching || !ready}
            loaderType="dots"
            noRecordsText={filtered ? '没有符合筛选条件的预警' : '本批次没有预警'}
            records={rows}
            idAccessor="id"
            columns={columns}
            totalRecords={total}
            page={page}
            onPageChange={setPage}
            recordsPerPage={pageSize}
            recordsPerPageOptions={PAGE_SIZES}
            onRecordsPerPageChange={(n) => {
              setPageSize(n);
              setPage(1);
            }}
            {...ROW_PAGINATION}
          />
        </Paper>
      )}

      {canDecide && deciding ? (
        <DecisionModal
          opened
          onClose={() => setDeciding(null)}
          sheet={{ id: deciding.warning.sheetId, title: deciding.warning.title, annualBudgetFen: deciding.annualBudgetFen, unitName: deciding.warning.unitName }}
          warning={deciding.warning}
          onDone={() => setDeciding(null)}
        />
      ) : null}
    </Stack>
  );
}

function CountCard({ icon, label, count, active, onClick, hint, color, testId }: {
  icon: ReactNode;
  label: string;
  count: number | undefined;
  active: boolean;
  onClick(): void;
  hint: string;
  color: string;
  testId: string;
}) {
  return (
    <UnstyledButton onClick={onClick} aria-pressed={active} data-testid={testId} title={hint}>
      <Paper
        withBorder
        radius="md"
        px="md"
        py="sm"
        style={active ? { borderColor: `var(--mantine-color-${color}-6)`, boxShadow: `0 0 0 1px var(--mantine-color-${color}-6)` } : undefined}
      >
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            {icon}
            <Text size="sm" c="dimmed" fw={500}>{label}</Text>
          </Group>
          <Text fw={700} fz={26} style={num}>
            {count === undefined ? '—' : count.toLocaleString('zh-CN')}
            {count === undefined ? null : <Text span size="sm" c="dimmed" fw={400} ml={4}>条</Text>}
          </Text>
        </Group>
      </Paper>
    </UnstyledButton>
  );
}
