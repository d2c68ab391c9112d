import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ProfileDto, ProfileSummaryDto } from '../../../../shared/api/dtoGoals.ts';
import { profileCopySchema } from '../../../../shared/api/schemasGoals.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { notifySuccess } from '../../components/notify.ts';
import { zodValidate } from '../../components/zodForm.ts';
import { applyErrorOrNotify } from '../system/formHelpers.ts';

interface CopyValues {
  code: string;
  name: string;
}

/** A code that fits [a-z0-9-]{2,40} and no own profile uses yet. */
function suggestCode(source: ProfileSummaryDto, taken: ReadonlySet<string>): string {
  const base = source.code.replace(/[^a-z0-9-]/g, '').slice(0, 32) || 'profile';
  const first = `${base}-local`.slice(0, 40);
  if (!taken.has(first)) return first;
  for (let i = 2; ; i++) {
    const c = `${base}-local-${i}`.slice(0, 40);
    if (!taken.has(c)) return c;
  }
}

/** 复制为本单位方案: the only way to change a builtin or higher-level profile. */
export function CopyProfileModal({ source, all, officeRegion, onClose, onCopied }: {
  source: ProfileSummaryDto;
  all: ProfileSummaryDto[];
  officeRegion: string;
  onClose(): void;
  onCopied(p: ProfileDto): void;
}) {
  const copy = useApiMutation('profiles.copy', { quiet: true });
  const taken = new Set(all.filter((p) => p.origin === officeRegion).map((p) => p.code));
  const form = useForm<CopyValues>({
    mode: 'controlled',
    initialValues: { code: suggestCode(source, taken), name: `${source.name}（本单位）`.slice(0, 40) },
    validate: zodValidate<CopyValues>(profileCopySchema, {
      toInput: (v) => ({ fromId: source.id, ...v }),
      extra: (v) => (taken.has(v.code.trim()) ? { code: '本单位已有该编码的方案' } : {}),
    }),
  });
  const submit = form.onSubmit((v) =>
    copy.mutate(
      { fromId: source.id, code: v.code.trim(), name: v.name.trim() },
      {
        onSuccess: (p) => {
          notifySuccess(`已复制为本单位方案“${p.name}”，可以按本地规则修改。`);
          onCopied(p);
        },
        onError: (e) => applyErrorOrNotify(form, ['code', 'name'], e),
      },
    ),
  );
  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>复制为本单位方案</Text>} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Alert variant="light" color="blue" icon={<IconInfoCircle size={16} />} p="xs">
            <Text size="sm">将复制“{source.name}”第 {source.currentVersion} 版的全部规则。复制后的方案属于本单位，可以修改；原方案保持不变。</Text>
          </Alert>
          <TextInput label="方案编码" description="2–40 位小写字母、数字或 -，本单位内唯一" withAsterisk maxLength={40} data-autofocus {...form.getInputProps('code')} />
          <TextInput label="方案名称" withAsterisk maxLength={40} {...form.getInputProps('name')} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>取消</Button>
            <Button type="submit" loading={copy.isPending}>复制</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** 设为年度方案: which profile a fiscal year's new computations use. */
export function AssignYearModal({ profile, all, defaultYear, onClose }: {
  profile: ProfileSummaryDto;
  all: ProfileSummaryDto[];
  defaultYear: number;
  onClose(): void;
}) {
  const years = useApiQuery('years.list', {}, ['fiscal_years']);
  const assign = useApiMutation('profiles.assignYear', { quiet: true });
  const form = useForm<{ year: string | null }>({
    mode: 'controlled',
    initialValues: { year: String(defaultYear) },
    validate: { year: (v) => (v ? null : '请选择年度') },
  });
  const usedBy = (year: number) => all.find((p) => p.years.includes(year));
  const options = (years.data ?? [])
    .map((y) => y.year)
    .sort((a, b) => b - a)
    .map((y) => {
      const current = usedBy(y);
      return { value: String(y), label: `${y} 年度${current ? `（现用：${current.name}）` : ''}` };
    });
  const chosen = form.values.year ? Number(form.values.year) : null;
  const already = chosen !== null && profile.years.includes(chosen);

  const submit = form.onSubmit((v) => {
    if (!v.year) return;
    assign.mutate(
      { year: Number(v.year), profileId: profile.id },
      {
        onSuccess: (p) => {
          notifySuccess(`${v.year} 年度已改用“${p.name}”第 ${p.currentVersion} 版。`);
          onClose();
        },
        onError: (e) => applyErrorOrNotify(form, ['year'], e),
      },
    );
  });

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>设为年度方案：{profile.name}</Text>} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Select
            label="年度"
            withAsterisk
            data={options}
            allowDeselect={false}
            placeholder={years.isPending ? '正在读取年度……' : '请选择年度'}
            {...form.getInputProps('year')}
          />
          {already ? <Text size="sm" c="dimmed">{chosen} 年度已在使用本方案。</Text> : null}
          <Alert variant="light" color="orange" icon={<IconInfoCircle size={16} />} p="xs">
            <Text size="sm">
              设定后，该年度新的评分、审核、预警等计算使用本方案的当前版本（第 {profile.currentVersion} 版）。已经保存的评分和结论仍按其当时使用的方案版本，不会重新计算。
            </Text>
          </Alert>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>取消</Button>
            <Button type="submit" loading={assign.isPending} disabled={already}>设为年度方案</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
