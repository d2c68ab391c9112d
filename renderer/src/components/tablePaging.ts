/** The Chinese pagination texts and accessible control names of the paged data tables. */
export const PAGINATION_CONTROL_PROPS = (control: 'first' | 'last' | 'previous' | 'next') =>
  ({ first: { 'aria-label': '第一页' }, last: { 'aria-label': '最后一页' }, previous: { 'aria-label': '上一页' }, next: { 'aria-label': '下一页' } })[control];

/** Spread into a mantine-datatable whose rows are counted as 行. */
export const ROW_PAGINATION = {
  recordsPerPageLabel: '每页行数',
  paginationText: ({ from, to, totalRecords }: { from: number; to: number; totalRecords: number }) =>
    `第 ${from}–${to} 行，共 ${totalRecords.toLocaleString('zh-CN')} 行`,
  getPaginationControlProps: PAGINATION_CONTROL_PROPS,
  paginationSize: 'sm',
} as const;
