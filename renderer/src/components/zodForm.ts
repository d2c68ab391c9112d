import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { ErrorDetail } from '../../../shared/api/result.ts';
import { FIELD_LABELS } from '../../../shared/i18n/fields.ts';
import { ApiError } from '../api/client.ts';

/** Errors keyed by form path ('office.regionCode'), the shape @mantine/form expects. */
export type FormErrors = Record<string, ReactNode>;

interface ZodValidateOptions<V> {
  /** Turns form values into the schema's input (e.g. drops a confirm-password field). */
  toInput?: (values: V) => unknown;
  /** Form path the schema's root sits at, when the schema validates a sub-object. */
  prefix?: string;
  /** Checks the schema cannot express (cross-field rules that need UI-only values). */
  extra?: (values: V) => FormErrors;
}

/** Joins a zod issue path into the dotted form path @mantine/form uses (arrays by index). */
function toFormPath(path: readonly PropertyKey[], prefix = ''): string {
  const inner = path.map(String).join('.');
  if (!prefix) return inner;
  return inner ? `${prefix}.${inner}` : prefix;
}

/**
 * A @mantine/form `validate` function built from a shared zod schema, so the form shows exactly
 * the messages the backend would return. Only the first issue per field is kept: a field shows one
 * message at a time, and the schema lists the most basic problem first.
 */
export function zodValidate<V>(schema: z.ZodType, options: ZodValidateOptions<V> = {}): (values: V) => FormErrors {
  return (values) => {
    const errors: FormErrors = {};
    const parsed = schema.safeParse(options.toInput ? options.toInput(values) : values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = toFormPath(issue.path, options.prefix);
        if (!(path in errors)) errors[path] = issue.message;
      }
    }
    if (options.extra) {
      for (const [path, message] of Object.entries(options.extra(values))) {
        if (!(path in errors) && message) errors[path] = message;
      }
    }
    return errors;
  };
}

/** Keeps only the errors under the given form paths (a wizard step validates its own fields). */
export function pickErrors(errors: FormErrors, prefixes: readonly string[]): FormErrors {
  return Object.fromEntries(
    Object.entries(errors).filter(([path]) => prefixes.some((p) => path === p || path.startsWith(`${p}.`))),
  );
}

/**
 * The backend prefixes field messages with the field's name ("管理员密码：密码至少 8 位") so they
 * read well in a notification; next to the field itself the name is redundant.
 */
function fieldMessage(d: ErrorDetail): string {
  if (!d.field) return d.message;
  const labels = [FIELD_LABELS[d.field], FIELD_LABELS[d.field.split('.').at(-1) ?? '']].filter((l): l is string => Boolean(l));
  for (const label of labels) {
    if (d.message.startsWith(`${label}：`)) return d.message.slice(label.length + 1);
  }
  return d.message;
}

interface FieldErrorTarget {
  setFieldError: (path: string, error: ReactNode) => void;
}

/**
 * Puts a failed call's field details (details[].field) onto the form's fields. Returns the form
 * paths that received an error, so the caller can notify only when nothing landed on a field.
 * `mapField` translates backend field names to form paths, or drops them with null.
 */
export function applyApiErrors(
  form: FieldErrorTarget,
  error: unknown,
  mapField: (field: string) => string | null = (f) => f,
): string[] {
  if (!(error instanceof ApiError)) return [];
  const applied: string[] = [];
  for (const d of error.error.details ?? []) {
    if (!d.field) continue;
    const path = mapField(d.field);
    if (path === null || applied.includes(path)) continue;
    form.setFieldError(path, fieldMessage(d));
    applied.push(path);
  }
  return applied;
}
