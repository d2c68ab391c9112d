import { notifications } from '@mantine/notifications';
import { ERROR_CODE_LABELS } from '../../../shared/i18n/zh-CN.ts';
import type { ErrorDetail } from '../../../shared/api/result.ts';
import { ApiError } from '../api/client.ts';

/** Where a detail points, in words: 工作表“预算单位” 第 3 行 B 列 / 字段“单位名称”. */
export function describeLocation(d: ErrorDetail): string {
  const parts = [
    d.member && `文件成员“${d.member}”`,
    d.sheet && `工作表“${d.sheet}”`,
    d.row !== undefined && `第 ${d.row} 行`,
    d.column && `${d.column} 列`,
  ].filter(Boolean);
  return parts.join(' ');
}

/** The one place that turns an error into a notification. */
export function notifyError(e: unknown): void {
  if (e instanceof ApiError) {
    const details = e.error.details ?? [];
    const extra = details.length > 1 ? `（共 ${details.length} 处问题）` : '';
    notifications.show({ color: 'red', title: ERROR_CODE_LABELS[e.error.code], message: `${e.error.message}${extra}`, autoClose: 8000 });
    return;
  }
  notifications.show({ color: 'red', title: '系统内部错误', message: e instanceof Error ? e.message : String(e) });
}

export function notifySuccess(message: string, title = '操作成功'): void {
  notifications.show({ color: 'teal', title, message, autoClose: 4000 });
}
