import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { UnitDto } from '../../../../shared/api/dto.ts';
import { ERROR_CODE_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { useApiMutation } from '../../api/queries.ts';
import { notifySuccess } from '../../components/notify.ts';

/**
 * Confirms 停用/启用. The backend's refusal (active children, inactive parent) is shown inside the
 * dialog, next to the action that caused it, rather than in a notification that fades away.
 */
export function SetActiveModal({ opened, unit, onClose }: { opened: boolean; unit: UnitDto | null; onClose(): void }) {
  const deactivating = unit?.active ?? true;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Text fw={600}>{deactivating ? '停用单位' : '启用单位'}</Text>}
      size="md"
      centered
    >
      {unit ? <Confirm key={`${unit.id}-${unit.rev}`} unit={unit} onClose={onClose} /> : null}
    </Modal>
  );
}

function Confirm({ unit, onClose }: { unit: UnitDto; onClose(): void }) {
  const setActive = useApiMutation('units.setActive', { quiet: true });
  const [problem, setProblem] = useState<{ title: string; message: string } | null>(null);
  const deactivating = unit.active;

  const confirm = () => {
    setProblem(null);
    setActive.mutate(
      { id: unit.id, active: !deactivating },
      {
        onSuccess: (u) => {
          notifySuccess(`“${u.name}”已${u.active ? '启用' : '停用'}。`);
          onClose();
        },
        onError: (e) => setProblem({ title: ERROR_CODE_LABELS[e.error.code], message: e.error.message }),
      },
    );
  };

  return (
    <Stack gap="md">
      <Text size="sm">
        {deactivating
          ? `确定停用“${unit.code} ${unit.name}”吗？停用后不能再为该单位新增项目和绩效目标，已有数据全部保留，可以随时重新启用。`
          : `确定启用“${unit.code} ${unit.name}”吗？启用后可以继续为该单位办理各项业务。`}
      </Text>
      {problem ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title={problem.title} data-testid="set-active-error">
          {problem.message}
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>{problem ? '关闭' : '取消'}</Button>
        <Button color={deactivating ? 'red' : 'teal'} onClick={confirm} loading={setActive.isPending} disabled={problem !== null}>
          {deactivating ? '确认停用' : '确认启用'}
        </Button>
      </Group>
    </Stack>
  );
}
