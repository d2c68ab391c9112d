import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Group, Modal, SegmentedControl, Stack, Text } from '@mantine/core';
import { DataTable } from 'mantine-datatable';
import { IconStar } from '@tabler/icons-react';
import type { KeyCandidateDto, MonitoringRoundDto } from '../../../../shared/api/dtoMonitoring.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import { call } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { PROFILE_TABLES, ROUND_TABLES, pct, periodLabel } from './sheetModel.ts';

const num = { fontVariantNumeric: 'tabular-nums' } as const;

/**
 * Whether the profile's rule picked the project. The backend lists rule matches and projects
 * already confirmed by hand; the latter carry a reason starting “人工选定”.
 */
const byRule = (c: KeyCandidateDto) => !c.reason.startsWith('人工选定');

/**
 * 重点监控选取: the projects the profile's key-selection rules pick (e.g. 太原: ≥ 200 万元 and ≤ 60%
 * executed at August), each with its reason, ticked as proposed; the officer confirms, adds or
 * drops projects, and the confirmed list becomes the round's 重点监控 set.
 */
export function KeySelectionModal({ round, opened, onClose }: { round: MonitoringRoundDto; opened: boolean; onClose(): void }) {
  if (!opened) return null;
  return <KeySelection round={round} onClose={onClose} />;
}

function KeySelection({ round, onClose }: { round: MonitoringRoundDto; onClose(): void }) {
  const candidates = useApiQuery('monitoring.keyCandidates', { roundId: round.id }, [...ROUND_TABLES, ...PROFILE_TABLES]);
  // Until the officer changes it: what is already confirmed, or, the first time, what the rules propose.
  const [picked, setSelected] = useState<KeyCandidateDto[] | null>(null);
  const [filter, setFilter] = useState<'all' | 'proposed' | 'selected'>('all');
  const [busy, setBusy] = useState(false);
  const rows = useMemo(() => candidates.data ?? [], [candidates.data]);
  const selected = useMemo(() => {
    if (picked) return picked;
    const already = rows.filter((c) => c.selected);
    return already.length > 0 ? already : rows.filter(byRule);
  }, [picked, rows]);

  const chosen = new Set(selected.map((s) => s.projectId));
  const shown = filter === 'all' ? rows : filter === 'proposed' ? rows.filter(byRule) : rows.filter((r) => chosen.has(r.projectId));
  const proposed = rows.filter((r) => byRule(r)).length;
  const amount = selected.reduce((s, r) => s + r.annualBudgetFen, 0);

  const confirm = async () => {
    setBusy(true);
    try {
      const r = await call('monitoring.confirmKey', { roundId: round.id, projectIds: selected.map((s) => s.projectId) });
      notifySuccess(`已确定 ${r.selected} 个重点监控项目。`, '重点监控已确定');
      onClose();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>重点监控选取：{round.title}</Text>} size={1180} centered closeOnClickOutside={false}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          按规则方案的重点监控筛选条件，用各项目截至{periodLabel(round.month)}最近一次自行监控的执行数筛选，符合条件的项目已列出理由并预先勾选；可取消勾选不需要重点跟踪的项目。确定后为勾选的项目生成重点监控表（已填报或已处理的重点监控表不能移出）。
        </Text>
        {candidates.isError ? (
          <Alert color="red" variant="light" title="无法读取候选项目">{candidates.error.message}</Alert>
        ) : (
          <>
            <Group justify="space-between">
              <SegmentedControl
                size="xs"
                value={filter}
                onChange={(v) => setFilter(v === 'proposed' ? 'proposed' : v === 'selected' ? 'selected' : 'all')}
                data={[
                  { value: 'all', label: `全部候选（${rows.length}）` },
                  { value: 'proposed', label: `符合筛选条件（${proposed}）` },
                  { value: 'selected', label: `已勾选（${selected.length}）` },
                ]}
              />
              <Text size="sm">
                已勾选 <Text span fw={600}>{selected.length}</Text> 个，全年预算合计 <Text span fw={600} style={num}>{formatWan(amount)}</Text> 万元
                <Text span size="xs" c="dimmed">（表中金额单位：万元）</Text>
              </Text>
            </Group>
            <DataTable<KeyCandidateDto>
              withTableBorder
              borderRadius="sm"
              striped
              highlightOnHover
              verticalSpacing={6}
              height={460}
              fetching={candidates.isPending}
              loaderType="dots"
              idAccessor="projectId"
              records={shown}
              selectedRecords={selected}
              onSelectedRecordsChange={(recs) => {
                // The table reports the visible rows only: keep the choices hidden by the filter.
                const visible = new Set(shown.map((r) => r.projectId));
                setSelected([...selected.filter((s) => !visible.has(s.projectId)), ...recs]);
              }}
              selectionCheckboxProps={{ 'aria-label': '选择' }}
              allRecordsSelectionCheckboxProps={{ 'aria-label': '全选' }}
              noRecordsText="没有符合筛选条件的项目：自行监控中尚无达到筛选条件的执行数"
              columns={[
                { accessor: 'code', title: '项目编码', width: 150, render: (r) => <Text size="sm" ff="monospace">{r.code}</Text> },
                { accessor: 'name', title: '项目名称', render: (r) => <Text size="sm" lineClamp={1} title={r.name}>{r.name}</Text> },
                { accessor: 'unitName', title: '单位', width: 150, render: (r) => <Text size="sm" lineClamp={1}>{r.unitName}</Text> },
                { accessor: 'annualBudgetFen', title: '全年预算', width: 96, textAlign: 'right', render: (r) => <Text size="sm" style={num}>{formatWan(r.annualBudgetFen)}</Text> },
                { accessor: 'executedFen', title: '最近执行数', width: 96, textAlign: 'right', render: (r) => <Text size="sm" style={num}>{r.executedFen === null ? '—' : formatWan(r.executedFen)}</Text> },
                { accessor: 'executionRate', title: '执行率', width: 82, textAlign: 'right', render: (r) => <Text size="sm" style={num}>{pct(r.executionRate)}</Text> },
                {
                  accessor: 'reason',
                  title: '筛选理由',
                  width: 320,
                  render: (r) => (
                    <Group gap={4} wrap="nowrap" align="flex-start">
                      <Badge size="xs" color={byRule(r) ? 'orange' : 'gray'} variant="light" style={{ flexShrink: 0 }} mt={2}>{byRule(r) ? '符合' : '人工'}</Badge>
                      <Text size="xs" lineClamp={2} title={r.reason}>{r.reason}</Text>
                    </Group>
                  ),
                },
              ]}
            />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>取消</Button>
          <Button leftSection={<IconStar size={16} />} loading={busy} disabled={!candidates.data} onClick={() => void confirm()} data-testid="key-confirm">
            确定重点监控项目（{selected.length}）
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
