import { useState } from 'react';
import { Badge, Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { DataTable } from 'mantine-datatable';
import { IconCalendarPlus, IconCircleCheck } from '@tabler/icons-react';
import { z } from 'zod';
import type { FiscalYearDto } from '../../../../shared/api/dto.ts';
import { fiscalYearSchema } from '../../../../shared/api/schemas.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatTime } from '../../components/format.ts';
import { notifySuccess } from '../../components/notify.ts';
import { useSession } from '../../app/session.tsx';
import { zodValidate } from '../../components/zodForm.ts';
import { applyErrorOrNotify } from './formHelpers.ts';
import { CLOSE_PROPS } from './a11y.ts';

const addYearSchema = z.object({ year: fiscalYearSchema });

interface AddValues {
  year: number | string;
}

function AddYearModal({ suggested, existing, onClose }: { suggested: number; existing: number[]; onClose(): void }) {
  const add = useApiMutation('years.add', { quiet: true });
  const form = useForm<AddValues>({
    mode: 'controlled',
    initialValues: { year: suggested },
    // NumberInput yields '' when cleared: map it to undefined so the schema says "应为数字".
    validate: zodValidate<AddValues>(addYearSchema, {
      toInput: (v) => ({ year: typeof v.year === 'number' ? v.year : undefined }),
      extra: (v) => (typeof v.year === 'number' && existing.includes(v.year) ? { year: `${v.year} 年度已存在` } : {}),
    }),
  });
  const submit = form.onSubmit((v) => {
    if (typeof v.year !== 'number') return;
    add.mutate(
      { year: v.year },
      {
        onSuccess: (y) => {
          notifySuccess(`已新增 ${y.year} 年度。如需在该年度下工作，请将其设为当前年度。`);
          onClose();
        },
        onError: (e) => applyErrorOrNotify(form, ['year'], e),
      },
    );
  });
  return (
    <Modal opened onClose={onClose} title="新增年度" centered closeButtonProps={CLOSE_PROPS} size="sm">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <NumberInput
            label="预算年度"
            description="2000–2100 之间的四位年份"
            withAsterisk
            min={2000}
            max={2100}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator={false}
            suffix=" 年"
            data-autofocus
            {...form.getInputProps('year')}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>取消</Button>
            <Button type="submit" loading={add.isPending}>保存</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** 年度管理: the fiscal years this office works in, and which one is current. */
export function YearsPage() {
  const { session, refresh } = useSession();
  const years = useApiQuery('years.list', {}, ['fiscal_years', 'office']);
  const setCurrent = useApiMutation('years.setCurrent');
  const [adding, setAdding] = useState(false);

  const list = years.data ?? [];
  const existing = list.map((y) => y.year);
  const suggested = Math.max(session.office.currentYear, ...existing) + 1;

  const confirmSetCurrent = (y: FiscalYearDto) =>
    modals.openConfirmModal({
      closeButtonProps: CLOSE_PROPS,
      title: '设为当前年度',
      centered: true,
      children: (
        <Text size="sm">
          确定将 {y.year} 年度设为当前年度吗？设定后，本单位所有用户登录后默认在 {y.year} 年度下填报、审核和查询；其他年度的数据不受影响，随时可以切换回来。
        </Text>
      ),
      labels: { confirm: '设为当前年度', cancel: '取消' },
      onConfirm: () =>
        setCurrent.mutate(
          { year: y.year },
          {
            onSuccess: (r) => {
              notifySuccess(`当前年度已设为 ${r.year} 年度。`);
              // The header's year badge reads the session, so fetch it again.
              refresh();
            },
          },
        ),
    });

  return (
    <>
      <PageHeader
        title="年度管理"
        description={`年度是填报、审核与评价数据的归属期间。当前年度为 ${session.office.currentYear} 年度，各页面默认显示当前年度的数据。`}
        actions={
          <Button leftSection={<IconCalendarPlus size={16} />} onClick={() => setAdding(true)}>
            新增年度
          </Button>
        }
      />
      <DataTable<FiscalYearDto>
        withTableBorder
        borderRadius="sm"
        striped
        highlightOnHover
        minHeight={list.length > 0 ? undefined : 200}
        fetching={years.isFetching && !years.data}
        noRecordsText={years.isError ? '加载失败，请刷新重试' : '暂无年度'}
        records={list}
        idAccessor="year"
        columns={[
          { accessor: 'year', title: '年度', width: 160, render: (y) => <Text size="sm" fw={y.current ? 600 : undefined}>{y.year} 年度</Text> },
          {
            accessor: 'current',
            title: '状态',
            width: 160,
            render: (y) =>
              y.current ? (
                <Badge color="red" variant="filled" leftSection={<IconCircleCheck size={12} />}>当前年度</Badge>
              ) : (
                <Text size="sm" c="dimmed">—</Text>
              ),
          },
          { accessor: 'createdAt', title: '创建时间', render: (y) => formatTime(y.createdAt) },
          {
            accessor: 'actions',
            title: '操作',
            width: 140,
            textAlign: 'right',
            render: (y) =>
              y.current ? null : (
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="blue"
                  loading={setCurrent.isPending && setCurrent.variables?.year === y.year}
                  onClick={() => confirmSetCurrent(y)}
                >
                  设为当前年度
                </Button>
              ),
          },
        ]}
      />
      {adding ? <AddYearModal suggested={suggested} existing={existing} onClose={() => setAdding(false)} /> : null}
    </>
  );
}
