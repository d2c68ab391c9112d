import { useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, Radio, Select, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { UnitDto } from '../../../../shared/api/dto.ts';
import { UNIT_LEVELS } from '../../../../shared/domain/office.ts';
import { UNIT_LEVEL_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { useApiMutation } from '../../api/queries.ts';
import { notifySuccess } from '../../components/notify.ts';
import { ApiError } from '../../api/client.ts';
import { depthOf, eligibleParents, subtreeHeight, type UnitIndex } from './tree.ts';

export function MoveUnitModal({ opened, unit, index, onClose }: { opened: boolean; unit: UnitDto | null; index: UnitIndex; onClose(): void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>移动单位{unit ? `：${unit.name}` : ''}</Text>} size="lg" centered closeOnClickOutside={false}>
      {unit ? <MoveForm key={unit.id} unit={unit} index={index} onClose={onClose} /> : null}
    </Modal>
  );
}

type Destination = 'parent' | 'root';

function MoveForm({ unit, index, onClose }: { unit: UnitDto; index: UnitIndex; onClose(): void }) {
  const move = useApiMutation('units.move', { quiet: true });
  const [dest, setDest] = useState<Destination>('parent');
  const [parentId, setParentId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const currentParent = unit.parentId ? index.byId.get(unit.parentId) : undefined;
  const height = subtreeHeight(index, unit.id);
  const descendants = countDescendants(index, unit.id);

  // Grouped by level so a long list reads like the tree; the current parent is left out.
  const options = useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>();
    for (const p of eligibleParents(index, unit)) {
      if (p.id === unit.parentId) continue;
      const group = UNIT_LEVEL_LABELS[UNIT_LEVELS[depthOf(index, p.id)] ?? 'secondary'];
      const item = { value: p.id, label: `${p.code}  ${p.name}` };
      const list = groups.get(group);
      if (list) list.push(item);
      else groups.set(group, [item]);
    }
    return [...groups].map(([group, items]) => ({ group, items }));
  }, [index, unit]);
  const hasOptions = options.some((g) => g.items.length > 0);

  const isRoot = unit.parentId === null;
  const canSubmit = dest === 'root' ? !isRoot : parentId !== null;

  const submit = () => {
    setError(null);
    const target = dest === 'root' ? null : parentId;
    move.mutate(
      { id: unit.id, parentId: target },
      {
        onSuccess: (u) => {
          const where = target ? `“${index.byId.get(target)?.name ?? ''}”之下` : '主管部门';
          notifySuccess(`“${u.name}”已移至${where}，现为${UNIT_LEVEL_LABELS[u.level]}。`);
          onClose();
        },
        onError: (e) => setError(e instanceof ApiError ? e.error.message : String(e)),
      },
    );
  };

  return (
    <Stack gap="md">
      <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} py="xs">
        <Text size="sm">
          当前位置：{currentParent ? `“${currentParent.code} ${currentParent.name}”的下级（${UNIT_LEVEL_LABELS[unit.level]}）` : '主管部门'}。
          {descendants > 0 ? ` 其下 ${descendants} 个单位将一并移动。` : ''}
          单位层级最多三级，下表只列出移动后仍符合要求的上级单位。
        </Text>
      </Alert>

      <Radio.Group value={dest} onChange={(v) => setDest(v as Destination)} label="移动到">
        <Stack gap="sm" mt="xs">
          <Radio value="parent" label="其他单位之下" />
          {dest === 'parent' ? (
            <Select
              ml={30}
              aria-label="新的上级单位"
              placeholder={hasOptions ? '输入编码或名称查找' : '没有可选的上级单位'}
              searchable
              clearable
              disabled={!hasOptions}
              nothingFoundMessage="没有符合条件的单位"
              data={options}
              value={parentId}
              onChange={setParentId}
              maxDropdownHeight={280}
              // A prefecture may hold thousands of units; rendering them all would stall the dropdown.
              limit={200}
              comboboxProps={{ withinPortal: true }}
            />
          ) : null}
          <Radio
            value="root"
            label="设为主管部门"
            description={isRoot ? '该单位已经是主管部门' : height > 0 ? '其下属单位随之上移一级' : undefined}
            disabled={isRoot}
          />
        </Stack>
      </Radio.Group>

      {error ? <Alert color="red" variant="light" title="无法移动">{error}</Alert> : null}

      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>取消</Button>
        <Button onClick={submit} disabled={!canSubmit} loading={move.isPending}>确认移动</Button>
      </Group>
    </Stack>
  );
}

function countDescendants(index: UnitIndex, id: string): number {
  const kids = index.children.get(id) ?? [];
  return kids.reduce((n, k) => n + 1 + countDescendants(index, k.id), 0);
}
