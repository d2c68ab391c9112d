import { Alert, Button, Group, Modal, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import type { UnitDto } from '../../../../shared/api/dto.ts';
import { unitFieldsSchema } from '../../../../shared/api/schemas.ts';
import { UNIT_KINDS, UNIT_LEVELS, type UnitKind } from '../../../../shared/domain/office.ts';
import { UNIT_KIND_LABELS, UNIT_LEVEL_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { useApiMutation } from '../../api/queries.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';
import { applyApiErrors, zodValidate } from '../../components/zodForm.ts';

/** What the form is for: a new unit under a parent (null = 主管部门), or changes to an existing one. */
export type UnitFormTarget =
  | { kind: 'create'; parent: UnitDto | null; parentDepth: number }
  | { kind: 'edit'; unit: UnitDto };

interface UnitFormValues {
  code: string;
  name: string;
  kind: UnitKind;
  confidential: boolean;
}

const validate = zodValidate<UnitFormValues>(unitFieldsSchema);
const KIND_OPTIONS = UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }));

export function UnitFormModal({ opened, target, onClose }: { opened: boolean; target: UnitFormTarget | null; onClose(): void }) {
  const title = !target
    ? ''
    : target.kind === 'edit'
      ? `编辑单位：${target.unit.name}`
      : target.parent
        ? `新增下级单位：${target.parent.name}`
        : '新增主管部门';
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{title}</Text>} size="lg" centered closeOnClickOutside={false}>
      {target ? <UnitForm key={target.kind === 'edit' ? target.unit.id : `new-${target.parent?.id ?? 'root'}`} target={target} onClose={onClose} /> : null}
    </Modal>
  );
}

function UnitForm({ target, onClose }: { target: UnitFormTarget; onClose(): void }) {
  const create = useApiMutation('units.create', { quiet: true });
  const update = useApiMutation('units.update', { quiet: true });
  const editing = target.kind === 'edit' ? target.unit : null;
  const form = useForm<UnitFormValues>({
    initialValues: editing
      ? { code: editing.code, name: editing.name, kind: editing.kind, confidential: editing.confidential }
      // 主管部门 are mostly government departments, their subordinate units mostly public institutions.
      : { code: '', name: '', kind: target.kind === 'create' && target.parent ? 'institution' : 'administrative', confidential: false },
    validate,
  });

  const onError = (e: unknown) => {
    if (applyApiErrors(form, e).length === 0) notifyError(e);
  };

  const submit = form.onSubmit((values) => {
    if (target.kind === 'edit') {
      update.mutate(
        { id: target.unit.id, ...values },
        {
          onSuccess: (u) => {
            notifySuccess(`已保存“${u.name}”。`);
            onClose();
          },
          onError,
        },
      );
    } else {
      create.mutate(
        { ...values, parentId: target.parent?.id ?? null },
        {
          onSuccess: (u) => {
            notifySuccess(`已新增${UNIT_LEVEL_LABELS[u.level]}“${u.name}”。`);
            onClose();
          },
          onError,
        },
      );
    }
  });

  const levelLabel = target.kind === 'edit'
    ? UNIT_LEVEL_LABELS[target.unit.level]
    : UNIT_LEVEL_LABELS[UNIT_LEVELS[target.parent ? target.parentDepth + 1 : 0] ?? 'secondary'];
  const placement = target.kind === 'create'
    ? target.parent
      ? `将作为“${target.parent.code} ${target.parent.name}”的下级，层级为${levelLabel}。`
      : '主管部门是单位树的第一级，其下可设一级、二级预算单位。'
    : `层级：${levelLabel}。如需调整上级单位，请使用“移动”。`;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} py="xs">
          <Text size="sm">{placement}</Text>
        </Alert>
        <Group grow align="flex-start">
          <TextInput
            label="单位编码"
            description="本单位内唯一，导入时按编码匹配"
            withAsterisk
            maxLength={30}
            data-autofocus
            {...form.getInputProps('code')}
          />
          <Select
            label="单位性质"
            description="行政单位、事业单位或其他"
            withAsterisk
            allowDeselect={false}
            data={KIND_OPTIONS}
            {...form.getInputProps('kind')}
          />
        </Group>
        <TextInput label="单位名称" withAsterisk maxLength={80} {...form.getInputProps('name')} />
        <Switch
          mt="xs"
          label="涉密单位"
          description="涉密单位的预算和绩效信息不纳入信息公开"
          {...form.getInputProps('confidential', { type: 'checkbox' })}
        />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button type="submit" loading={create.isPending || update.isPending}>保存</Button>
        </Group>
      </Stack>
    </form>
  );
}
