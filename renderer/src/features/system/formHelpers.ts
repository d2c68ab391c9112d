import type { FormErrors } from '@mantine/form';
import { applyApiErrors } from '../../components/zodForm.ts';
import { notifyError } from '../../components/notify.ts';

/**
 * Puts a backend error on the fields of this form it names (details[].field) so the officer sees
 * it where they typed; an error naming no field here (e.g. 至少需要保留一个启用的系统管理员账户)
 * becomes the usual notification instead of vanishing.
 */
export function applyErrorOrNotify(form: { setFieldError(path: string, error: FormErrors[string]): void }, fields: readonly string[], e: unknown): void {
  const applied = applyApiErrors(form, e, (f) => (fields.includes(f) ? f : null));
  if (applied.length === 0) notifyError(e);
}
