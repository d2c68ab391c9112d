import { useState, type ReactNode } from 'react';
import { Alert, Anchor, List, Paper, ScrollArea, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { FileDto } from '../../../../shared/api/dto.ts';
import type { ConsistencyFlag } from '../../../../shared/api/dtoStatistics.ts';
import { cellText, type StatTable } from '../../../../shared/rules/statisticsTables.ts';
import { saveFile } from '../../api/client.ts';
import { navigate } from '../../app/router.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import type { DrillTarget } from './DrillDrawer.tsx';

/** A number that opens the records behind it (statistics.drill). */
export function FigureLink({ target, onDrill, children, testId }: { target: DrillTarget; onDrill: (t: DrillTarget) => void; children: ReactNode; testId?: string }) {
  return (
    <Anchor
      component="button"
      type="button"
      className="num"
      underline="hover"
      c="blue.7"
      title="查看对应的记录"
      onClick={() => onDrill(target)}
      data-testid={testId}
      style={{ font: 'inherit', fontWeight: 'inherit' }}
    >
      {children}
    </Anchor>
  );
}

/**
 * A statistics table (shared/rules/statisticsTables.ts) as the screen shows it: amounts in 万元 with
 * thousands separators, right-aligned; cells that name a figure open its records; notes below.
 */
export function StatTableView({ table, onDrill, hideColumns = [], testId, maxHeight }: {
  table: StatTable; onDrill: (t: DrillTarget) => void; hideColumns?: readonly string[]; testId?: string; maxHeight?: number;
}) {
  const cols = table.columns.map((c, i) => ({ c, i })).filter(({ c }) => !hideColumns.includes(c.key));
  const body = (
    <Table withTableBorder withColumnBorders striped highlightOnHover verticalSpacing={6} fz="sm" stickyHeader data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          {cols.map(({ c }) => <Table.Th key={c.key} ta={c.kind === 'text' ? 'left' : 'right'} style={{ whiteSpace: 'nowrap' }}>{c.label}</Table.Th>)}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {table.rows.map((r) => (
          <Table.Tr key={r.key} fw={r.total ? 700 : undefined} bg={r.total ? 'gray.1' : undefined} data-row={r.key}>
            {cols.map(({ c, i }) => {
              const cell = r.cells[i];
              const text = cellText(c.kind, cell?.value ?? null);
              const label = String(r.cells[1]?.value ?? r.cells[0]?.value ?? '');
              const clickable = cell?.figure && typeof cell.value === 'number' && cell.value !== 0;
              return (
                <Table.Td key={c.key} ta={c.kind === 'text' ? 'left' : 'right'} className={c.kind === 'text' ? undefined : 'num'} style={c.kind === 'text' ? undefined : { whiteSpace: 'nowrap' }}>
                  {clickable && cell.figure ? (
                    <FigureLink target={{ figure: cell.figure, cut: cell.cut, key: cell.cutKey, context: r.total ? '合计' : label }} onDrill={onDrill}>{text}</FigureLink>
                  ) : text}
                </Table.Td>
              );
            })}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return (
    <>
      {maxHeight ? <ScrollArea.Autosize mah={maxHeight}>{body}</ScrollArea.Autosize> : <ScrollArea type="auto">{body}</ScrollArea>}
      {table.notes.map((n) => (
        <Text key={n} size="xs" c={n.startsWith('⚠') ? 'red.8' : 'dimmed'} mt={4}>注：{n}</Text>
      ))}
    </>
  );
}

/** The consistency flags: where a figure could not be summed, with a link to the record. */
export function ChecksPanel({ flags, limit = 50 }: { flags: readonly ConsistencyFlag[]; limit?: number }) {
  if (flags.length === 0) return <Text size="sm" c="teal.8" data-testid="checks-none">未发现填报数与分项或记录合计不符之处。</Text>;
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title={`发现 ${flags.length} 处数据不一致，相关金额未予汇总`} data-testid="checks-alert">
      <List size="sm" spacing={4}>
        {flags.slice(0, limit).map((f, i) => (
          <List.Item key={`${f.code}-${i}`}>
            <Text span fw={600}>{f.originName} · {f.link ? <Anchor href={`#${f.link}`} onClick={(e) => { e.preventDefault(); if (f.link) navigate(f.link); }}>{f.where}</Anchor> : f.where}</Text>
            <Text span>：{f.message}</Text>
          </List.Item>
        ))}
      </List>
      {flags.length > limit ? <Text size="xs" c="dimmed" mt={4}>另有 {flags.length - limit} 处，请导出统计表查看全部。</Text> : null}
    </Alert>
  );
}

export function Section({ title, extra, children, testId }: { title: string; extra?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Title order={5} mb="sm" style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
        <span>{title}</span>
        {extra}
      </Title>
      {children}
    </Paper>
  );
}

/** Makes a file on the backend and lets the user save it; `busy` while it is being made. */
export function useFileDownload(): { busy: boolean; run: (make: () => Promise<FileDto>, title: string) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const run = async (make: () => Promise<FileDto>, title: string) => {
    setBusy(true);
    try {
      const saved = await saveFile(await make());
      if (saved) notifySuccess(`已保存“${saved}”。`, title);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
