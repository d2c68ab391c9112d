import { useState, type FormEvent } from 'react';
import {
  Alert, Box, Button, Center, Divider, Group, List, NumberInput, Paper, PasswordInput, Select, SimpleGrid, Stack, Stepper, Table,
  Text, TextInput, ThemeIcon, Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconBuildingBank, IconCheck, IconInfoCircle, IconShieldCheck, IconX } from '@tabler/icons-react';
import { OFFICE_LEVELS, type OfficeLevel } from '../../../../shared/domain/office.ts';
import { setupInitSchema, type SetupInitInput } from '../../../../shared/api/schemas.ts';
import { OFFICE_LEVEL_LABELS } from '../../../../shared/i18n/zh-CN.ts';
import { checkParentRegionCode, checkRegionCode, regionCodeLevel } from '../../../../shared/rules/region.ts';
import { MIN_PASSWORD_LENGTH, passwordProblems } from '../../../../shared/rules/password.ts';
import { useApiMutation } from '../../api/queries.ts';
import { applyApiErrors, pickErrors, zodValidate, type FormErrors } from '../../components/zodForm.ts';
import { notifyError, notifySuccess } from '../../components/notify.ts';

interface WizardValues {
  office: { regionCode: string; name: string; level: OfficeLevel; parentName: string; parentRegionCode: string };
  admin: { username: string; displayName: string; password: string; confirm: string };
  year: number | string;
}

/** Form paths validated by each step; the last step (确认) checks everything. */
const STEP_FIELDS: readonly (readonly string[])[] = [['office'], ['admin'], ['year']];

const STEP_HELP = [
  '行政区划代码是本单位数据的归属标识，写入每一条记录并用于与上下级交换数据，初始化后不能修改。',
  '系统管理员负责创建账户、分配角色和备份数据；业务人员的账户由管理员在“账户管理”中另行创建。',
  '当前年度是新建项目、绩效目标和统计报表默认所属的年度，以后可以在“年度管理”中新增和切换。',
  '请核对以下信息。确认后写入本机数据库，随后使用刚设置的管理员账户登录。',
] as const;

function toInput(v: WizardValues): SetupInitInput {
  const province = v.office.level === 'province';
  return {
    // A province has no parent office: the fields are hidden, so they must not carry stale text.
    office: { ...v.office, parentName: province ? '' : v.office.parentName, parentRegionCode: province ? '' : v.office.parentRegionCode },
    admin: { username: v.admin.username, displayName: v.admin.displayName, password: v.admin.password },
    year: typeof v.year === 'number' ? v.year : Number.NaN,
  };
}

/** Checks the shared schema cannot make: parent code against the office, and the repeated password. */
function extraChecks(v: WizardValues): FormErrors {
  const errors: FormErrors = {};
  const { regionCode, level, parentRegionCode } = v.office;
  if (level !== 'province' && parentRegionCode && checkRegionCode(regionCode, level) === null) {
    const problem = checkParentRegionCode(parentRegionCode, regionCode, level);
    if (problem) errors['office.parentRegionCode'] = problem;
  }
  if (v.admin.confirm !== v.admin.password) errors['admin.confirm'] = v.admin.confirm ? '两次输入的密码不一致' : '请再次输入密码';
  return errors;
}

// setupInitSchema embeds the shared officeSchema, so step 1 shows the backend's own office rules.
const validateAll = zodValidate<WizardValues>(setupInitSchema, { toInput, extra: extraChecks });

/** The step that holds a form path, so a backend error can take the user back to it. */
function stepOf(path: string): number {
  const i = STEP_FIELDS.findIndex((prefixes) => prefixes.some((p) => path === p || path.startsWith(`${p}.`)));
  return i < 0 ? 0 : i;
}

export function SetupWizard({ onDone }: { onDone(): void }) {
  const [active, setActive] = useState(0);
  // The machine clock is read once, when the wizard opens, so the default year stays put while typing.
  const [thisYear] = useState(() => new Date().getFullYear());
  const init = useApiMutation('setup.init', { quiet: true });
  const form = useForm<WizardValues>({
    initialValues: {
      office: { regionCode: '', name: '', level: 'county', parentName: '', parentRegionCode: '' },
      admin: { username: '', displayName: '', password: '', confirm: '' },
      year: thisYear,
    },
    validate: validateAll,
  });
  const v = form.values;

  const next = () => {
    const fields = STEP_FIELDS[active];
    if (!fields) return;
    const errors = pickErrors(validateAll(form.getValues()), fields);
    form.setErrors(errors);
    if (Object.keys(errors).length === 0) setActive(active + 1);
  };

  const submit = () => {
    const errors = validateAll(form.getValues());
    form.setErrors(errors);
    const first = Object.keys(errors)[0];
    if (first !== undefined) {
      setActive(stepOf(first));
      return;
    }
    init.mutate(toInput(form.getValues()), {
      onSuccess: () => {
        notifySuccess('请使用刚才设置的管理员账户登录。', '初始化完成');
        onDone();
      },
      onError: (e) => {
        const applied = applyApiErrors(form, e);
        if (applied[0] !== undefined) setActive(stepOf(applied[0]));
        else notifyError(e);
      },
    });
  };

  // The level follows from the code's zero pattern, so fill it in as soon as the code is complete.
  const onRegionCode = (code: string) => {
    form.setFieldValue('office.regionCode', code);
    const level = regionCodeLevel(code.trim());
    if (level) form.setFieldValue('office.level', level);
  };

  const problems = v.admin.password ? passwordProblems(v.admin.password, v.admin.username) : [];

  return (
    <Box mih="100vh" py={48} px="md" bg="gray.0">
      <Center>
        <Stack gap="lg" w="100%" maw={820}>
          <Group gap="md" justify="center">
            <ThemeIcon size={52} radius="md" color="red.8">
              <IconBuildingBank size={30} />
            </ThemeIcon>
            <Stack gap={0}>
              <Title order={2}>预算绩效工作台</Title>
              <Text c="dimmed">首次使用设置</Text>
            </Stack>
          </Group>

          {/* A form, so Enter in any field moves on like the primary button does. */}
          <Paper
            component="form"
            withBorder
            shadow="sm"
            radius="md"
            p="xl"
            noValidate
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              if (active < 3) next();
              else submit();
            }}
          >
            <Stepper active={active} onStepClick={(i) => i < active && setActive(i)} allowNextStepsSelect={false} size="sm">
              <Stepper.Step label="本单位信息" description="区划代码与名称">
                <StepHelp text={STEP_HELP[0]} />
                <SimpleGrid cols={2} spacing="md" verticalSpacing="sm">
                  <TextInput
                    label="行政区划代码"
                    description="6 位数字，如 652325"
                    withAsterisk
                    maxLength={6}
                    inputMode="numeric"
                    autoFocus
                    {...form.getInputProps('office.regionCode')}
                    onChange={(e) => onRegionCode(e.currentTarget.value)}
                  />
                  <Select
                    label="级别"
                    description="根据行政区划代码自动识别"
                    withAsterisk
                    allowDeselect={false}
                    data={OFFICE_LEVELS.map((l) => ({ value: l, label: OFFICE_LEVEL_LABELS[l] }))}
                    {...form.getInputProps('office.level')}
                  />
                  <TextInput
                    label="单位名称"
                    description="财政部门全称，如 奇台县财政局"
                    withAsterisk
                    style={{ gridColumn: '1 / -1' }}
                    {...form.getInputProps('office.name')}
                  />
                  {v.office.level !== 'province' ? (
                    <>
                      <TextInput label="上级单位名称" description="如 昌吉回族自治州财政局" withAsterisk {...form.getInputProps('office.parentName')} />
                      <TextInput
                        label="上级单位行政区划代码"
                        description="接收本单位同步数据的上级财政部门"
                        withAsterisk
                        maxLength={6}
                        inputMode="numeric"
                        {...form.getInputProps('office.parentRegionCode')}
                      />
                    </>
                  ) : null}
                </SimpleGrid>
              </Stepper.Step>

              <Stepper.Step label="系统管理员" description="首个登录账户">
                <StepHelp text={STEP_HELP[1]} />
                <SimpleGrid cols={2} spacing="md" verticalSpacing="sm">
                  <TextInput label="用户名" description="字母开头，3–32 位字母、数字或 _ . -" withAsterisk autoComplete="off" {...form.getInputProps('admin.username')} />
                  <TextInput label="姓名" description="账户使用人的真实姓名" withAsterisk {...form.getInputProps('admin.displayName')} />
                  <PasswordInput
                    label="密码"
                    withAsterisk
                    autoComplete="new-password"
                    {...form.getInputProps('admin.password')}
                    // The live list below already names every weakness; the field only turns red.
                    error={problems.length > 0 && form.errors['admin.password'] ? true : form.errors['admin.password']}
                  />
                  <PasswordInput label="确认密码" withAsterisk autoComplete="new-password" {...form.getInputProps('admin.confirm')} />
                </SimpleGrid>
                <PasswordHint password={v.admin.password} problems={problems} />
              </Stepper.Step>

              <Stepper.Step label="当前年度" description="默认工作年度">
                <StepHelp text={STEP_HELP[2]} />
                <NumberInput
                  label="当前年度"
                  withAsterisk
                  maw={240}
                  min={2000}
                  max={2100}
                  allowDecimal={false}
                  allowNegative={false}
                  thousandSeparator={false}
                  suffix=" 年"
                  {...form.getInputProps('year')}
                />
              </Stepper.Step>

              <Stepper.Step label="确认" description="核对并完成">
                <StepHelp text={STEP_HELP[3]} />
                <Summary values={v} />
              </Stepper.Step>
            </Stepper>

            <Divider my="lg" />
            <Group justify="space-between">
              <Text size="sm" c="dimmed">第 {active + 1} 步，共 4 步</Text>
              <Group gap="sm">
                {active > 0 ? (
                  <Button variant="default" onClick={() => setActive(active - 1)} disabled={init.isPending}>上一步</Button>
                ) : null}
                {active < 3 ? (
                  <Button type="submit">下一步</Button>
                ) : (
                  <Button type="submit" leftSection={<IconCheck size={16} />} loading={init.isPending}>完成初始化</Button>
                )}
              </Group>
            </Group>
          </Paper>
          <Text size="xs" c="dimmed" ta="center">所有数据只保存在本机，不需要连接互联网。</Text>
        </Stack>
      </Center>
    </Box>
  );
}

function StepHelp({ text }: { text: string }) {
  return (
    <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} mt="lg" mb="md" py="xs">
      <Text size="sm">{text}</Text>
    </Alert>
  );
}

/** A live strength hint: what is still missing, or a clear "符合要求". */
function PasswordHint({ password, problems }: { password: string; problems: string[] }) {
  if (!password) {
    return (
      <Text size="xs" c="dimmed" mt="sm">
        密码至少 {MIN_PASSWORD_LENGTH} 位，包含大写字母、小写字母、数字、符号中的至少三类，且不能包含用户名。
      </Text>
    );
  }
  if (problems.length === 0) {
    return (
      <Group gap={6} mt="sm">
        <IconShieldCheck size={16} color="var(--mantine-color-teal-7)" />
        <Text size="xs" c="teal.8">密码强度符合要求</Text>
      </Group>
    );
  }
  return (
    <List
      size="xs"
      mt="sm"
      spacing={2}
      c="orange.8"
      icon={
        <ThemeIcon size={14} radius="xl" color="orange" variant="light">
          <IconX size={10} />
        </ThemeIcon>
      }
    >
      {problems.map((p) => (
        <List.Item key={p}>{p}</List.Item>
      ))}
    </List>
  );
}

function Summary({ values }: { values: WizardValues }) {
  const { office, admin, year } = values;
  const province = office.level === 'province';
  const rows: [string, string][] = [
    ['单位名称', office.name],
    ['行政区划代码', office.regionCode],
    ['级别', OFFICE_LEVEL_LABELS[office.level]],
    ...(province ? [] : ([['上级单位', `${office.parentName}（${office.parentRegionCode}）`]] as [string, string][])),
    ['管理员用户名', admin.username],
    ['管理员姓名', admin.displayName],
    ['管理员密码', `已设置（${admin.password.length} 位）`],
    ['当前年度', `${year} 年`],
  ];
  return (
    <Table withTableBorder withColumnBorders verticalSpacing="sm" data-testid="setup-summary">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={160} bg="gray.0" fw={500}>{label}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
