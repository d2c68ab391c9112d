import { FIELD_LABELS } from '../../../../shared/i18n/fields.ts';
import {
  AUDIT_ENTITY_LABELS, AUDIT_FIELD_LABELS, OFFICE_LEVEL_LABELS, ROLE_LABELS, UNIT_KIND_LABELS,
} from '../../../../shared/i18n/zh-CN.ts';
import { formatBytes, formatTime } from '../../components/format.ts';

/*
 * The backend stores an audit record's `changes` in one of three shapes:
 *  - one row changed: { field: [before, after], … } (only the fields that differ),
 *  - several rows:    [{ entity, id, changes }, …],
 *  - an event:        { key: value, … } (backup reason and size, migration from/to, import summary).
 * These helpers turn each into short Chinese lines an auditor can read without knowing the schema.
 */

/** Bookkeeping columns that change on every write and say nothing to an auditor. */
const HIDDEN_FIELDS = new Set(['id', 'origin', 'created_at', 'updated_at', 'rev', 'createdAt', 'updatedAt']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const MAX_VALUE_CHARS = 64;
const SECRET_FIELDS = new Set(['password_hash', 'passwordHash', 'password']);

const lookup = (table: Record<string, string>, v: unknown) => (typeof v === 'string' && table[v]) || String(v);

export const fieldLabel = (key: string) => AUDIT_FIELD_LABELS[key] ?? FIELD_LABELS[key] ?? key;
export const entityLabel = (entity: string | null) => (entity ? (AUDIT_ENTITY_LABELS[entity] ?? entity) : '—');

function formatValue(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '空';
  switch (key) {
    case 'role':
      return lookup(ROLE_LABELS, v);
    case 'level':
      return lookup(OFFICE_LEVEL_LABELS, v);
    case 'kind':
      return lookup(UNIT_KIND_LABELS, v);
    case 'active':
    case 'confidential':
      return v === 1 || v === true ? '是' : v === 0 || v === false ? '否' : String(v);
    case 'size':
      return typeof v === 'number' ? formatBytes(v) : String(v);
    default:
      break;
  }
  if (v === '***') return '（已隐藏）';
  if (typeof v === 'string' && ISO_TIME.test(v)) return formatTime(v);
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

const isPair = (v: unknown): v is [unknown, unknown] => Array.isArray(v) && v.length === 2;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describeObject(obj: Record<string, unknown>): string[] {
  const entries = Object.entries(obj).filter(([k]) => !HIDDEN_FIELDS.has(k));
  if (entries.length === 0) return [];
  if (!entries.every(([, v]) => isPair(v))) {
    return entries.map(([k, v]) => `${fieldLabel(k)}：${formatValue(k, v)}`);
  }
  const pairs = entries as [string, [unknown, unknown]][];
  // Masked secrets read ['***', '***'] even on a new row, so only the other fields tell creation apart.
  const plain = pairs.filter(([k]) => !SECRET_FIELDS.has(k));
  const created = plain.length > 0 && plain.every(([, [before]]) => before === null);
  const lines: string[] = [];
  for (const [k, [before, after]] of pairs) {
    // Secrets are masked by the backend: say that they changed, never what they were.
    if (SECRET_FIELDS.has(k)) {
      lines.push(created ? '密码：已设置' : '密码：已修改');
      continue;
    }
    if (created) {
      // A new row lists every column; empty ones are noise.
      if (after !== null && after !== '') lines.push(`${fieldLabel(k)}：${formatValue(k, after)}`);
    } else {
      lines.push(`${fieldLabel(k)}：${formatValue(k, before)} → ${formatValue(k, after)}`);
    }
  }
  return lines;
}

/** Readable lines for one audit record's changes; empty when it carries none. */
export function describeChanges(changes: unknown): string[] {
  if (changes === null || changes === undefined) return [];
  if (Array.isArray(changes)) {
    const lines: string[] = [];
    for (const item of changes) {
      if (isRecord(item) && 'changes' in item) {
        const prefix = `[${entityLabel(typeof item.entity === 'string' ? item.entity : null)}${typeof item.id === 'string' ? ` ${item.id.slice(-8)}` : ''}] `;
        for (const l of describeChanges(item.changes)) lines.push(prefix + l);
      } else {
        lines.push(formatValue('', item));
      }
    }
    return lines;
  }
  if (isRecord(changes)) return describeObject(changes);
  return [formatValue('', changes)];
}
