import { Alert, Button, Center, Grid, Group, Loader, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle, IconLock } from '@tabler/icons-react';
import type { OfficeDto } from '../../../../shared/api/dto.ts';
import { officeSchema } from '../../../../shared/api/schemas.ts';
import { OFFICE_LEVEL_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { checkParentRegionCode } from '../../../../shared/rules/region.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { notifySuccess } from '../../components/notify.ts';
import { useSession } from '../../app/session.tsx';
import { zodValidate } from '../../components/zodForm.ts';
import { applyErrorOrNotify } from './formHelpers.ts';

const REGION_NOTE = '行政区划代码是本单位全部数据的归属标识，初始化后不能修改。';
const LEVEL_NOTE = '级别由行政区划代码确定，随代码一同固定。';

/** Read-only view for everyone but the administrator. */
function OfficeFacts({ office }: { office: OfficeDto }) {
  const rows: [string, string][] = [
    ['单位名称', office.name],
    ['行政区划代码', office.regionCode],
    ['级别', OFFICE_LEVEL_LABELS[office.level]],
    ['上级单位名称', office.parentName || '—'],
    ['上级单位行政区划代码', office.parentRegionCode || '—'],
    ['当前年度', `${office.currentYear} 年度`],
  ];
  return (
    <Paper withBorder radius="sm" maw={720}>
      <Table variant="vertical" layout="fixed" withRowBorders>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={200}>{label}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" p="sm">{REGION_NOTE}如需修改单位名称或上级单位，请联系系统管理员。</Text>
    </Paper>
  );
}

interface OfficeValues {
  name: string;
  parentName: string;
  parentRegionCode: string;
}

function OfficeForm({ office }: { office: OfficeDto }) {
  const { refresh } = useSession();
  const update = useApiMutation('office.update', { quiet: true });
  const toInput = (v: OfficeValues) => ({
    regionCode: office.regionCode,
    level: office.level,
    name: v.name,
    parentName: v.parentName.trim(),
    parentRegionCode: v.parentRegionCode.trim(),
  });
  const form = useForm<OfficeValues>({
    mode: 'controlled',
    initialValues: { name: office.name, parentName: office.parentName, parentRegionCode: office.parentRegionCode },
    validate: zodValidate<OfficeValues>(officeSchema, {
      toInput,
      extra: (v) => {
        // Not in the backend schema, but the shared rule catches a mistyped parent code early.
        const code = v.parentRegionCode.trim();
        const problem = /^\d{6}$/.test(code) ? checkParentRegionCode(code, office.regionCode, office.level) : null;
        return problem ? { parentRegionCode: problem } : {};
      },
    }),
  });
  const submit = form.onSubmit((v) => {
    update.mutate(toInput(v), {
      onSuccess: (o) => {
        form.setInitialValues({ name: o.name, parentName: o.parentName, parentRegionCode: o.parentRegionCode });
        form.resetDirty({ name: o.name, parentName: o.parentName, parentRegionCode: o.parentRegionCode });
        notifySuccess('本单位信息已保存。');
        // The header shows the office name from the session.
        refresh();
      },
      onError: (e) => applyErrorOrNotify(form, ['name', 'parentName', 'parentRegionCode'], e),
    });
  });
  const province = office.level === 'province';
  return (
    <Paper withBorder radius="sm" p="lg" maw={760}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={5}>单位身份</Title>
          <Grid gap="md">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label="行政区划代码"
                value={office.regionCode}
                readOnly
                variant="filled"
                rightSection={<IconLock size={14} />}
                description={REGION_NOTE}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label="级别"
                value={OFFICE_LEVEL_LABELS[office.level]}
                readOnly
                variant="filled"
                rightSection={<IconLock size={14} />}
                description={LEVEL_NOTE}
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <TextInput label="单位名称" description="显示在页面顶部、报表和导出文件中" withAsterisk maxLength={60} {...form.getInputProps('name')} />
            </Grid.Col>
          </Grid>
          <Title order={5} mt="xs">上级单位</Title>
          {province ? (
            <Text size="sm" c="dimmed">省级单位可不填写上级单位。</Text>
          ) : null}
          <Grid gap="md">
            <Grid.Col span={{ base: 12, sm: 7 }}>
              <TextInput label="上级单位名称" description="上级财政部门的全称" withAsterisk={!province} maxLength={60} {...form.getInputProps('parentName')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 5 }}>
              <TextInput
                label="上级单位行政区划代码"
                description="6 位数字"
                withAsterisk={!province}
                maxLength={6}
                inputMode="numeric"
                {...form.getInputProps('parentRegionCode')}
              />
            </Grid.Col>
          </Grid>
          <Alert variant="light" color="blue" icon={<IconInfoCircle size={16} />} p="xs">
            <Text size="xs">上级单位信息用于向上级报送数据时核对接收方，请与上级财政部门的名称和代码保持一致。</Text>
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()}>
              撤销修改
            </Button>
            <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
              保存
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** 本单位信息: the office this database belongs to. */
export function OfficePage() {
  const { session } = useSession();
  const office = useApiQuery('office.get', {}, ['office']);
  const admin = session.user.role === 'admin';
  return (
    <>
      <PageHeader
        title="本单位信息"
        description={admin ? '本单位的名称和上级单位可以修改；行政区划代码和级别在初始化时确定。' : '本单位在系统中的身份信息。'}
      />
      {office.data ? (
        admin ? (
          // Keyed by content so a change saved elsewhere reloads the form instead of keeping stale values.
          <OfficeForm key={JSON.stringify(office.data)} office={office.data} />
        ) : (
          <OfficeFacts office={office.data} />
        )
      ) : office.isError ? (
        <Text c="red" size="sm">{office.error.message}</Text>
      ) : (
        <Center h={200}>
          <Loader aria-label="正在加载" />
        </Center>
      )}
    </>
  );
}
