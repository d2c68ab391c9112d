import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Modal, Paper, Select, Skeleton, Stack, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconRestore, IconTrash } from '@tabler/icons-react';
import type { SelfEvalOutlineSectionDto } from '../../../../shared/api/methods/selfEval.ts';
import { SELF_EVAL_REPORT_SECTIONS, selfEvalOutlineSchema, type SelfEvalReportSectionKey } from '../../../../shared/api/schemasSelfEval.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { notifySuccess } from '../../components/notify.ts';

/** What each section kind holds (the report generates it from the 自评表). */
const KIND_LABELS: Record<SelfEvalReportSectionKey, string> = {
  basic: '项目基本情况（项目、单位、资金、年度目标）',
  goals: '绩效目标完成情况（指标表：目标值、实际值、分值、得分、计分说明）',
  budget: '预算执行情况（执行率及得分）',
  conclusion: '自评结论（总分、等级、折算与封顶）',
  deviation: '偏差原因及改进措施',
  other: '其他需要说明的问题',
};
const DEFAULT_TITLES: Record<SelfEvalReportSectionKey, string> = {
  basic: '项目基本情况', goals: '绩效目标完成情况', budget: '预算执行情况', conclusion: '自评结论', deviation: '偏差原因及改进措施', other: '其他需要说明的问题',
};
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const DEFAULT_OUTLINE: SelfEvalOutlineSectionDto[] = SELF_EVAL_REPORT_SECTIONS.map((key, i) => ({ key, title: `${NUMERALS[i]}、${DEFAULT_TITLES[key]}`, intro: '' }));

/** 自评报告提纲: the office's section titles, order and standing intro texts for a year (绩效管理 only). */
export function SelfEvalOutlineModal({ opened, onClose, year }: { opened: boolean; onClose: () => void; year: number }) {
  const outline = useApiQuery('selfEval.getOutline', { year }, ['settings'], { enabled: opened });
  return (
    <Modal opened={opened} onClose={onClose} title={`${year} 年度自评报告提纲`} size="xl" data-testid="se-outline">
      {outline.isError ? (
        <Alert color="red" variant="light" title="无法读取报告提纲">{outline.error.message}</Alert>
      ) : !outline.data || outline.isFetching ? (
        <Skeleton h={300} />
      ) : (
        <OutlineEditor key={`${year}:${outline.dataUpdatedAt}`} year={year} initial={outline.data.sections} isDefault={outline.data.isDefault} onClose={onClose} />
      )}
    </Modal>
  );
}

function OutlineEditor({ year, initial, isDefault, onClose }: { year: number; initial: SelfEvalOutlineSectionDto[]; isDefault: boolean; onClose: () => void }) {
  const save = useApiMutation('selfEval.saveOutline');
  const [sections, setSections] = useState<SelfEvalOutlineSectionDto[]>(() => initial.map((s) => ({ ...s })));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const missing = SELF_EVAL_REPORT_SECTIONS.filter((k) => !sections.some((s) => s.key === k));
  const patch = (i: number, p: Partial<SelfEvalOutlineSectionDto>) => setSections((cur) => cur.map((s, j) => (j === i ? { ...s, ...p } : s)));
  const move = (i: number, d: -1 | 1) =>
    setSections((cur) => {
      const next = [...cur];
      const [s] = next.splice(i, 1);
      if (s) next.splice(i + d, 0, s);
      return next;
    });

  const submit = () => {
    const parsed = selfEvalOutlineSchema.safeParse(sections);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((e) => [e.path.join('.'), e.message])));
      return;
    }
    setErrors({});
    save.mutate({ year, sections: parsed.data }, {
      onSuccess: () => {
        notifySuccess(`${year} 年度自评报告提纲已保存，之后生成的自评报告按新提纲编排。`, '报告提纲');
        onClose();
      },
    });
  };

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        调整章节顺序、修改章节标题，可为章节加一段固定说明（印在该章节生成内容之前）。各章节的内容由自评表自动生成。
        {isDefault ? '当前为默认提纲。' : ''}
      </Text>
      {errors[''] ? <Alert color="red" variant="light">{errors['']}</Alert> : null}
      {sections.map((s, i) => (
        <Paper key={s.key} withBorder p="sm" radius="sm" data-testid={`se-outline-${s.key}`}>
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <Stack gap={2}>
              <Tooltip label="上移"><ActionIcon variant="subtle" aria-label={`上移“${s.title}”`} disabled={i === 0} onClick={() => move(i, -1)}><IconArrowUp size={16} /></ActionIcon></Tooltip>
              <Tooltip label="下移"><ActionIcon variant="subtle" aria-label={`下移“${s.title}”`} disabled={i === sections.length - 1} onClick={() => move(i, 1)}><IconArrowDown size={16} /></ActionIcon></Tooltip>
            </Stack>
            <Stack gap={6} style={{ flex: 1 }}>
              <Group gap="xs" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  aria-label={`第 ${i + 1} 章标题`}
                  value={s.title}
                  maxLength={40}
                  error={errors[`${i}.title`] ?? errors[`${i}.key`]}
                  onChange={(e) => patch(i, { title: e.currentTarget.value })}
                />
                <Badge variant="light" color="gray" radius="sm" style={{ flexShrink: 0 }}>{DEFAULT_TITLES[s.key]}</Badge>
              </Group>
              <Text size="xs" c="dimmed">{KIND_LABELS[s.key]}</Text>
              <Textarea
                aria-label={`第 ${i + 1} 章说明`}
                placeholder="章节说明（可不填）"
                autosize
                minRows={1}
                maxRows={4}
                value={s.intro}
                error={errors[`${i}.intro`]}
                onChange={(e) => patch(i, { intro: e.currentTarget.value })}
              />
            </Stack>
            <Tooltip label="删除该章节">
              <ActionIcon variant="subtle" color="red" aria-label={`删除“${s.title}”`} disabled={sections.length <= 1} onClick={() => setSections((cur) => cur.filter((_, j) => j !== i))}>
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Paper>
      ))}
      <Group justify="space-between">
        <Group gap="xs">
          {missing.length ? (
            <Select
              aria-label="添加章节"
              placeholder="添加章节"
              leftSection={<IconPlus size={14} />}
              w={220}
              data={missing.map((k) => ({ value: k, label: DEFAULT_TITLES[k] }))}
              value={null}
              onChange={(v) => {
                const key = missing.find((k) => k === v);
                if (key) setSections((cur) => [...cur, { key, title: `${NUMERALS[cur.length] ?? ''}、${DEFAULT_TITLES[key]}`, intro: '' }]);
              }}
            />
          ) : null}
          <Button variant="subtle" leftSection={<IconRestore size={16} />} onClick={() => setSections(DEFAULT_OUTLINE.map((s) => ({ ...s })))}>恢复默认提纲</Button>
        </Group>
        <Group gap="xs">
          <Button variant="default" onClick={onClose}>取消</Button>
          <Button loading={save.isPending} onClick={submit} data-testid="se-outline-save">保存提纲</Button>
        </Group>
      </Group>
    </Stack>
  );
}
