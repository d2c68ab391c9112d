import { useState } from 'react';
import { Alert, Button, Checkbox, Group, List, Modal, SegmentedControl, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconInfoCircle, IconKeyOff } from '@tabler/icons-react';
import type { PeerOfficeDto } from '../../../../shared/api/dtoSync.ts';
import { peerOfficeSaveSchema, repinSchema } from '../../../../shared/api/schemasSync.ts';
import { OFFICE_LEVELS, type OfficeLevel } from '../../../../shared/domain/office.ts';
import { OFFICE_LEVEL_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { regionCodeLevel } from '../../../../shared/rules/region.ts';
import { useApiMutation } from '../../api/queries.ts';
import { useSession } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { applyApiErrors, zodValidate } from '../../components/zodForm.ts';
import { Fingerprint } from './Fingerprint.tsx';
import { RELATION_LABELS } from './syncModel.ts';

const CLOSE = { 'aria-label': '关闭' } as const;
const RANK: Record<OfficeLevel, number> = { county: 0, prefecture: 1, province: 2 };
const LEVEL_OPTIONS = OFFICE_LEVELS.map((l) => ({ value: l, label: OFFICE_LEVEL_LABELS[l] }));

interface PeerFormValues {
  regionCode: string;
  name: string;
  level: OfficeLevel;
  relation: 'parent' | 'child';
  note: string;
}

/** What the form is for: a new office (optionally pre-filled, e.g. the parent named at setup) or an edit. */
export type PeerFormTarget = { kind: 'create'; initial?: Partial<PeerFormValues> } | { kind: 'edit'; office: PeerOfficeDto };

const validate = zodValidate<PeerFormValues>(peerOfficeSaveSchema);

/** A save's callbacks: the success message and close, or the backend's field errors on the form. */
function saved<T>(form: Parameters<typeof applyApiErrors>[0], done: (data: T) => void) {
  return {
    onSuccess: done,
    onError: (e: unknown) => {
      if (applyApiErrors(form, e).length === 0) notifyError(e);
    },
  };
}

export function PeerOfficeModal({ target, onClose }: { target: PeerFormTarget | null; onClose(): void }) {
  const title = target?.kind === 'edit' ? `编辑：${target.office.name}` : '登记上级或下级单位';
  return (
    <Modal opened={target !== null} onClose={onClose} title={<Text fw={600}>{title}</Text>} size="lg" centered closeOnClickOutside={false} closeButtonProps={CLOSE}>
      {target ? <PeerOfficeForm key={target.kind === 'edit' ? target.office.regionCode : 'new'} target={target} onClose={onClose} /> : null}
    </Modal>
  );
}

function PeerOfficeForm({ target, onClose }: { target: PeerFormTarget; onClose(): void }) {
  const { session } = useSession();
  const save = useApiMutation('sync.saveOffice', { quiet: true });
  const editing = target.kind === 'edit' ? target.office : null;
  const form = useForm<PeerFormValues>({
    initialValues: editing
      ? { regionCode: editing.regionCode, name: editing.name, level: editing.level, relation: editing.relation, note: editing.note }
      : { regionCode: '', name: '', level: 'county', relation: session.office.level === 'county' ? 'parent' : 'child', note: '', ...(target.kind === 'create' ? target.initial : {}) },
    validate,
  });

  // The code tells the level, and the level whether the office sits above or below this one.
  const onCode = (code: string) => {
    form.setFieldValue('regionCode', code);
    const level = regionCodeLevel(code.trim());
    if (!level) return;
    form.setFieldValue('level', level);
    if (RANK[level] !== RANK[session.office.level]) form.setFieldValue('relation', RANK[level] > RANK[session.office.level] ? 'parent' : 'child');
  };

  const submit = form.onSubmit((values) =>
    save.mutate(
      { ...values, ...(editing ? { rev: editing.rev } : {}) },
      saved(form, (o: PeerOfficeDto) => {
        notifySuccess(`已登记${RELATION_LABELS[o.relation]}单位“${o.name}”。`);
        onClose();
      }),
    ),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} py="xs">
          <Text size="sm">
            只有登记过的单位才能互相交换数据包。对方的签名密钥不在这里填写：收到对方第一个数据包时，电话核对指纹后自动登记。
          </Text>
        </Alert>
        <Group grow align="flex-start">
          <TextInput
            label="行政区划代码"
            description="6 位数字，如 652300"
            withAsterisk
            maxLength={6}
            disabled={editing !== null}
            data-autofocus
            {...form.getInputProps('regionCode')}
            onChange={(e) => onCode(e.currentTarget.value)}
          />
          <Select label="层级" withAsterisk allowDeselect={false} data={LEVEL_OPTIONS} {...form.getInputProps('level')} />
        </Group>
        <TextInput label="单位名称" withAsterisk maxLength={80} placeholder="如：昌吉回族自治州财政局" {...form.getInputProps('name')} />
        <Stack gap={4}>
          <Text size="sm" fw={500}>与本单位的关系</Text>
          <SegmentedControl
            aria-label="与本单位的关系"
            data={[{ value: 'parent', label: '上级（接收本单位的上报包）' }, { value: 'child', label: '下级（本单位接收其上报包）' }]}
            {...form.getInputProps('relation')}
          />
        </Stack>
        <Textarea label="备注" autosize minRows={2} maxRows={4} maxLength={500} placeholder="联系人、电话等" {...form.getInputProps('note')} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button type="submit" loading={save.isPending}>保存</Button>
        </Group>
      </Stack>
    </form>
  );
}

const validateRepin = zodValidate<{ regionCode: string; reason: string }>(repinSchema);

/** 重新登记密钥 (administrator): forgets the pinned key after a reason and an explicit acknowledgement of the risk. */
export function RepinModal({ office, onClose }: { office: PeerOfficeDto | null; onClose(): void }) {
  return (
    <Modal opened={office !== null} onClose={onClose} title={<Text fw={600}>重新登记密钥：{office?.name}</Text>} size="lg" centered closeOnClickOutside={false} closeButtonProps={CLOSE}>
      {office ? <RepinForm key={office.regionCode} office={office} onClose={onClose} /> : null}
    </Modal>
  );
}

function RepinForm({ office, onClose }: { office: PeerOfficeDto; onClose(): void }) {
  const repin = useApiMutation('sync.repin', { quiet: true });
  const [understood, setUnderstood] = useState(false);
  const form = useForm({ initialValues: { regionCode: office.regionCode, reason: '' }, validate: validateRepin });
  const submit = form.onSubmit((values) =>
    repin.mutate(
      values,
      saved(form, (o: PeerOfficeDto) => {
        notifySuccess(`已清除“${o.name}”的登记密钥。下一个来自该单位的数据包须重新电话核对指纹。`, '密钥已重新登记');
        onClose();
      }),
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="请确认确有必要">
          <List size="sm" spacing={4}>
            <List.Item>将清除已登记的对方公钥。此后来自“{office.name}”的下一个数据包会被当作首次接收，导入时须再次电话核对指纹。</List.Item>
            <List.Item>只在对方更换电脑、重装程序或密钥丢失、对方已电话告知时使用。</List.Item>
            <List.Item>
              如果对方并未更换密钥，数据包却提示“密钥不一致”，可能有人冒充对方发送数据：请不要重新登记，先电话联系对方核实。
            </List.Item>
          </List>
        </Alert>
        {office.fingerprint ? (
          <Stack gap={4}>
            <Text size="xs" c="dimmed">当前登记的密钥指纹</Text>
            <Fingerprint value={office.fingerprint} size="md" />
          </Stack>
        ) : null}
        <Textarea label="原因" description="记入审计日志" withAsterisk autosize minRows={2} maxLength={500} placeholder="如：对方 3 月 12 日更换电脑，电话告知（联系人：张某）" {...form.getInputProps('reason')} />
        <Checkbox checked={understood} onChange={(e) => setUnderstood(e.currentTarget.checked)} label="我已了解风险，并已与对方电话确认其更换了密钥" />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button type="submit" color="red" leftSection={<IconKeyOff size={16} />} disabled={!understood} loading={repin.isPending}>重新登记密钥</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Removing an office from the register (administrator). */
export function RemovePeerModal({ office, onClose }: { office: PeerOfficeDto | null; onClose(): void }) {
  const remove = useApiMutation('sync.removeOffice');
  return (
    <Modal opened={office !== null} onClose={onClose} title={<Text fw={600}>删除登记：{office?.name}</Text>} centered closeButtonProps={CLOSE}>
      <Stack gap="sm">
        <Text size="sm">删除后不能再与该单位交换数据包，已导入的数据和数据包记录保留。需要时可重新登记，届时须重新核对指纹。</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() => office && remove.mutate({ regionCode: office.regionCode }, { onSuccess: () => { notifySuccess(`已删除“${office.name}”的登记。`); onClose(); } })}
          >
            删除
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
