import { useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, MultiSelect, Select, Stack, Text } from '@mantine/core';
import { IconFileExport, IconInfoCircle } from '@tabler/icons-react';
import type { PeerOfficeDto } from '../../../../shared/api/dtoSync.ts';
import { saveFile } from '../../api/client.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { notifySuccess } from '../../components/notify.ts';
import { KIND_LABELS, RELATION_LABELS, seqText, totalRows } from './syncModel.ts';

const CLOSE = { 'aria-label': '关闭' } as const;

const WHAT: Record<'up' | 'down', string> = {
  up: '本单位所选年度的全部数据：预算单位、项目、规则方案、绩效目标及审核、运行监控、单位自评、财政复核、重点评价、整改、预算挂钩、信息公开和附件。上级导入后只读查看、汇总统计。',
  down: '本单位发布的指标库和规则方案、下达的监控批次和截止日期，以及与该单位记录有关的复核结果、评价结果、整改要求和对其上报包的接收或退回意见。下级导入后只读查看。',
};

/** 生成上报包 / 下发包: recipient from the register, fiscal years, then the file is handed to the user to save. */
export function ExportBundleModal({ opened, offices, onClose }: { opened: boolean; offices: PeerOfficeDto[]; onClose(): void }) {
  const { session } = useSession();
  const years = useApiQuery('years.list', {}, ['fiscal_years', 'office']);
  const [recipient, setRecipient] = useState<string | null>(null);
  const [picked, setPicked] = useState<string[]>([String(session.office.currentYear)]);
  const exportBundle = useApiMutation('sync.exportBundle');
  const busy = exportBundle.isPending;
  const target = offices.find((o) => o.regionCode === recipient) ?? (offices.length === 1 ? offices[0] : undefined);
  const kind: 'up' | 'down' = target?.relation === 'child' ? 'down' : 'up';

  const yearOptions = useMemo(() => {
    const ys = new Set([session.office.currentYear, ...(years.data ?? []).map((y) => y.year)]);
    return [...ys].toSorted((a, b) => b - a).map((y) => ({ value: String(y), label: `${y} 年度` }));
  }, [years.data, session.office.currentYear]);

  const run = () => {
    if (!target) return;
    const input = { kind, recipientRegionCode: target.regionCode, years: picked.map(Number).toSorted((a, b) => a - b) };
    exportBundle.mutate(input, {
      onSuccess: async (r) => {
        const name = await saveFile(r);
        const rows = totalRows(r.log.counts).toLocaleString('zh-CN');
        if (name) notifySuccess(`${seqText(r.log.seq)}${KIND_LABELS[kind]}已保存为“${name}”，共 ${rows} 行数据。请复制到移动存储介质交给${target.name}。`, `${KIND_LABELS[kind]}已生成`);
        onClose();
      },
    });
  };

  return (
    <Modal
      opened={opened}
      onClose={busy ? () => undefined : onClose}
      title={<Text fw={600}>生成{target ? KIND_LABELS[kind] : '数据包'}</Text>}
      size="lg"
      centered
      closeOnClickOutside={false}
      closeButtonProps={CLOSE}
    >
      <Stack gap="sm">
        {offices.length === 0 ? (
          <Alert color="orange" variant="light">尚未登记上级或下级单位。请先在“上下级单位”中登记接收数据包的单位。</Alert>
        ) : null}
        <Select
          label="接收单位"
          withAsterisk
          placeholder="选择上级或下级单位"
          data={offices.map((o) => ({ value: o.regionCode, label: `${RELATION_LABELS[o.relation]}：${o.name}（${o.regionCode}）` }))}
          value={target?.regionCode ?? null}
          onChange={setRecipient}
          allowDeselect={false}
          data-testid="export-recipient"
        />
        <MultiSelect
          label="年度"
          withAsterisk
          description="包含所选年度的数据；可一次选择多个年度"
          data={yearOptions}
          value={picked}
          onChange={setPicked}
          error={picked.length === 0 ? '请至少选择一个年度' : undefined}
          data-testid="export-years"
        />
        {target ? (
          <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} py="xs">
            <Text size="sm">{KIND_LABELS[kind]}包含{WHAT[kind]}</Text>
            <Text size="xs" c="dimmed" mt={4}>
              数据包用本单位密钥签名，序号自动递增。数据量较大时右下角会显示进度，请勿关闭程序；完成后选择保存位置。
            </Text>
          </Alert>
        ) : null}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose} disabled={busy}>取消</Button>
          <Button leftSection={<IconFileExport size={16} />} loading={busy} disabled={!target || picked.length === 0} onClick={run} data-testid="export-run">
            生成并保存
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
