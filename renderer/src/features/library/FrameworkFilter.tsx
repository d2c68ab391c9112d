import { Chip, Divider, Group, NavLink, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconFolder, IconFolderOpen, IconList } from '@tabler/icons-react';
import { FRAMEWORK, LEVEL1, LEVEL2, type FrameworkTemplate, type Level1Code, type Level2Code, type ProjectTypeCode } from '../../../../shared/domain/indicators.ts';
import { PROJECT_TYPE_CHOICES } from './libraryView.tsx';

export interface FrameworkSelection {
  level1?: Level1Code;
  level2?: Level2Code;
}

/**
 * The left-hand filters: the common framework (一级 → 二级 of template A or B) and the project
 * types of the library. Clicking a node narrows the table; clicking "全部指标" clears it.
 */
export function FrameworkFilter({ template, onTemplate, selection, onSelect, projectType, onProjectType, currentTemplate }: {
  template: FrameworkTemplate;
  onTemplate(t: FrameworkTemplate): void;
  selection: FrameworkSelection;
  onSelect(s: FrameworkSelection): void;
  projectType: ProjectTypeCode | undefined;
  onProjectType(t: ProjectTypeCode | undefined): void;
  /** The template of the current year's profile, marked in the switch. */
  currentTemplate: FrameworkTemplate | undefined;
}) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Stack gap="xs">
        <Text size="xs" fw={600} c="dimmed">指标框架</Text>
        <SegmentedControl
          size="xs"
          fullWidth
          value={template}
          onChange={(v) => {
            onTemplate(v === 'B' ? 'B' : 'A');
            // A level-2 of one template may not exist in the other (成本指标 moves): start from the top.
            onSelect({});
          }}
          data={(['A', 'B'] as const).map((t) => ({ value: t, label: `模板 ${t}${currentTemplate === t ? '（本年度）' : ''}` }))}
        />
        <Stack gap={0}>
          <NavLink
            label="全部指标"
            leftSection={<IconList size={16} />}
            active={!selection.level1}
            onClick={() => onSelect({})}
            variant="light"
            py={6}
          />
          {FRAMEWORK[template].map((node) => {
            const open = selection.level1 === node.level1;
            return (
              <NavLink
                key={node.level1}
                label={LEVEL1[node.level1]}
                leftSection={open ? <IconFolderOpen size={16} /> : <IconFolder size={16} />}
                active={open && !selection.level2}
                opened
                onChange={() => undefined}
                onClick={() => onSelect({ level1: node.level1 })}
                childrenOffset={22}
                variant="light"
                py={6}
                rightSection={null}
              >
                {node.level2.map((l2) => (
                  <NavLink
                    key={l2}
                    label={LEVEL2[l2]}
                    active={open && selection.level2 === l2}
                    onClick={() => onSelect({ level1: node.level1, level2: l2 })}
                    variant="light"
                    py={3}
                  />
                ))}
              </NavLink>
            );
          })}
        </Stack>
        <Divider my={4} />
        <Text size="xs" fw={600} c="dimmed">项目类型</Text>
        <Chip.Group
          multiple={false}
          value={projectType ?? 'all'}
          onChange={(v) => {
            const t = PROJECT_TYPE_CHOICES.find((c) => c.value === v)?.value;
            onProjectType(t);
          }}
        >
          <Group gap={6}>
            <Chip value="all" size="xs" radius="sm">全部类型</Chip>
            {PROJECT_TYPE_CHOICES.map((c) => (
              <Chip key={c.value} value={c.value} size="xs" radius="sm">{c.label}</Chip>
            ))}
          </Group>
        </Chip.Group>
      </Stack>
    </Paper>
  );
}
