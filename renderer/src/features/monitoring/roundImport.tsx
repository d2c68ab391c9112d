import { useState } from 'react';
import {
  Alert, Anchor, Button, Group, Loader, Modal, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput,
} from '@mantine/core';
import { IconArrowRight, IconFileSpreadsheet } from '@tabler/icons-react';
import type { ExecutionImportRow, ExecutionMappingDto } from '../../../../shared/api/dtoMonitoring.ts';
import { executionMappingSchema } from '../../../../shared/api/schemasMonitoring.ts';
import { EXECUTION_AMOUNT_UNIT_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../../shared/rules/money.ts';
import { call } from '../../api/client.ts';
import { useApiQuery } from '../../api/queries.ts';
import { ImportDialog, type ImportColumn } from '../../components/ImportDialog.tsx';
import { notifyError } from '../../components/notify.ts';
import { periodLabel } from './sheetModel.ts';

const MAPPING_TABLES = ['office', 'settings'];
const num = { fontVariantNumeric: 'tabular-nums' } as const;

const wan = (fen: number | null) => (fen === null ? <Text size="sm" c="dimmed" ta="right">—</Text> : <Text size="sm" ta="right" style={num}>{formatWan(fen)}</Text>);

const COLUMNS: ImportColumn<ExecutionImportRow>[] = [
  { key: 'code', title: '项目编码', width: 170, render: (r) => <Text size="sm" ff="monospace">{r.code}</Text> },
  { key: 'name', title: '项目名称', render: (r) => <Text size="sm" lineClamp={1}>{r.name || '—'}</Text> },
  { key: 'executedFen', title: '执行数（万元）', width: 130, render: (r) => wan(r.executedFen) },
  { key: 'executedFiscalFen', title: '其中：财政拨款', width: 130, render: (r) => wan(r.executedFiscalFen) },
  { key: 'executedOtherFen', title: '其他资金', width: 110, render: (r) => wan(r.executedOtherFen) },
];

type Field = keyof ExecutionMappingDto;

/**
 * 导入执行数: the 1–N月 executed amounts of every project at once, from the execution export of the
 * budget system. First the column mapping (saved per office once an import succeeds, so next
 * month it is already filled in), then the usual two-phase import with cell-level errors.
 */
export function ExecutionImportDialog({ roundId, month, opened, onClose }: { roundId: string; month: number; opened: boolean; onClose(): void }) {
  if (!opened) return null;
  return <ExecutionImport roundId={roundId} month={month} onClose={onClose} />;
}

function ExecutionImport({ roundId, month, onClose }: { roundId: string; month: number; onClose(): void }) {
  const saved = useApiQuery('monitoring.getMapping', {}, MAPPING_TABLES);
  const [mapping, setMapping] = useState<ExecutionMappingDto | null>(null);
  const [step, setStep] = useState<'mapping' | 'file'>('mapping');
  const [touched, setTouched] = useState(false);

  // The saved mapping fills the form the first time it arrives.
  const m: ExecutionMappingDto | null = mapping ?? saved.data ?? null;
  const set = (field: Field, value: string) => {
    if (!m) return;
    setMapping({ ...m, [field]: value });
  };

  const parsed = m ? executionMappingSchema.safeParse(m) : null;
  const errors: Partial<Record<Field, string>> = {};
  if (parsed && !parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0]) as Field] ??= i.message;
  const show = (f: Field) => (touched ? errors[f] : undefined);

  const next = () => {
    setTouched(true);
    if (parsed?.success) {
      setMapping(parsed.data);
      setStep('file');
    }
  };

  if (step === 'file' && parsed?.success) {
    const mp = parsed.data;
    return (
      <ImportDialog
        opened
        onClose={onClose}
        title={`导入${periodLabel(month)}执行数`}
        description={
          <>
            按列设置读取：工作表“{mp.sheet || '第一个工作表'}”，项目编码列“{mp.codeHeader}”，执行数列“{mp.amountHeader}”（单位：{EXECUTION_AMOUNT_UNIT_LABELS[mp.amountUnit]}）
            {mp.fiscalHeader ? `，财政拨款列“${mp.fiscalHeader}”` : ''}
            {mp.otherHeader ? `，其他资金列“${mp.otherHeader}”` : ''}。
            <Anchor component="button" type="button" size="sm" ml={4} onClick={() => setStep('mapping')}>修改列设置</Anchor>
          </>
        }
        preview={(file) => call('monitoring.importExecutionPreview', { roundId, file, mapping: mp })}
        commit={async (file) => {
          const summary = await call('monitoring.importExecutionCommit', { roundId, file, mapping: mp });
          // Remember the columns for next time; the import itself has succeeded either way.
          try {
            await call('monitoring.saveMapping', mp);
          } catch (e) {
            notifyError(e);
          }
          return summary;
        }}
        columns={COLUMNS}
        measure="个项目"
      />
    );
  }

  const field = (f: Field, label: string, description: string, required: boolean, placeholder: string) => (
    <TextInput
      label={label}
      description={description}
      withAsterisk={required}
      placeholder={placeholder}
      maxLength={f === 'sheet' ? 31 : 40}
      value={m?.[f] ?? ''}
      error={show(f)}
      onChange={(e) => set(f, e.currentTarget.value)}
      data-testid={`mapping-${f}`}
    />
  );

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>导入{periodLabel(month)}执行数：列设置</Text>} size="lg" centered closeOnClickOutside={false}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          直接使用预算管理一体化系统导出的执行情况表，无需另行整理：告诉系统项目编码和执行数各在哪一列（填写表头文字）。设置在导入成功后保存，下次导入自动带出。
        </Text>
        {saved.isPending ? (
          <Group justify="center" py="lg"><Loader size="sm" /></Group>
        ) : saved.isError || !m ? (
          <Alert color="red" variant="light" title="无法读取导入设置">{saved.error?.message ?? ''}</Alert>
        ) : (
          <Paper withBorder radius="sm" p="sm">
            <Stack gap="sm">
              {field('sheet', '工作表', '留空则读取第一个工作表', false, '第一个工作表')}
              <SimpleGrid cols={2} spacing="sm">
                {field('codeHeader', '项目编码列', '表头文字，如“项目编码”', true, '项目编码')}
                {field('amountHeader', '执行数列', `${periodLabel(month)}累计支出的表头文字`, true, '支出金额')}
              </SimpleGrid>
              <Stack gap={4}>
                <Text size="sm" fw={500}>金额单位</Text>
                <SegmentedControl
                  data={(['yuan', 'wan'] as const).map((u) => ({ value: u, label: EXECUTION_AMOUNT_UNIT_LABELS[u] }))}
                  value={m.amountUnit}
                  onChange={(u) => setMapping({ ...m, amountUnit: u === 'wan' ? 'wan' : 'yuan' })}
                  style={{ alignSelf: 'flex-start' }}
                />
              </Stack>
              <SimpleGrid cols={2} spacing="sm">
                {field('fiscalHeader', '财政拨款列（可不填）', '分资金来源时填写', false, '如 财政拨款')}
                {field('otherHeader', '其他资金列（可不填）', '分资金来源时填写', false, '如 其他资金')}
              </SimpleGrid>
            </Stack>
          </Paper>
        )}
        <Alert variant="light" color="blue" py="xs" icon={<IconFileSpreadsheet size={18} />}>
          <Text size="sm">按项目编码对应本批次的监控表；文件中有本批次以外的项目编码或金额无法识别时，会逐个列出所在行和列，全部改正前不导入任何数据。重复导入同一文件不会重复累计。</Text>
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button rightSection={<IconArrowRight size={16} />} disabled={!m} onClick={next} data-testid="mapping-next">下一步：选择文件</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
