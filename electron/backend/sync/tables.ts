import { BUNDLE_TABLE_LABELS, bundleTableLabel, type BundleTableName } from '../../../shared/i18n/zh-CN.ts';

/**
 * The one declarative registry of what a sync bundle carries (docs/bundle-format.md).
 *
 * Every table of the schema is either listed in TABLES (bundled) or in EXCLUDED (never bundled,
 * with the reason); tests/unit/bundleRegistry.test.ts fails when a new table is in neither. The
 * columns are not listed here: they come from PRAGMA table_info when a bundle is written or read,
 * so a migration that adds a column needs no change here.
 *
 * Order matters: it is the order of the members in a bundle and the order rows are applied at
 * import, parents before children.
 */

/**
 * How the rows of a table that belong to one sender and one set of fiscal years are found.
 * - origin: a table without years (units, profiles, …): every row of that origin.
 * - year: the row's origin and its own `year` column.
 * - yearVia: the row's origin; its year is the year of the row `column` points to in `parent`
 *   (which may belong to another office: a prefecture's review of a county's goal sheet).
 * - parent: a table without origin (indicators, events, …): follows its parent row entirely.
 * - owner: attachments: the row's origin; its year is that of its owner (owner_type → table).
 */
export type Scope =
  | { by: 'origin' }
  | { by: 'year' }
  | { by: 'yearVia'; column: string; parent: string }
  | { by: 'parent'; column: string; parent: string }
  | { by: 'owner'; owners: Readonly<Record<string, string>> };

/**
 * Which of the sender's rows concern the recipient of a downward bundle (prefecture → county).
 * - all: every row in scope (the indicator library, rule profiles, monitoring rounds and deadlines).
 * - none: the prefecture's own business, not sent down.
 * - refs: rows pointing (column → table) at a row the recipient owns (a re-check of the county's
 *   self-evaluation, a rectification about its project).
 * - sql: a condition of its own (`@recipient` is the county's region code).
 * Child tables (scope parent) follow their parent and may add refs of their own.
 */
export type Down = 'all' | 'none' | { refs: readonly (readonly [column: string, table: string])[] } | { sql: string };

export interface TableSpec {
  name: string;
  /** Chinese name (import preview, messages), from BUNDLE_TABLE_LABELS in shared/i18n/zh-CN.ts. */
  label: string;
  scope: Scope;
  down: Down;
}

/** A registry entry as written below: the label comes from the shared catalog by name. */
type Entry = Omit<TableSpec, 'name' | 'label'> & { name: BundleTableName };

const PROJECT_OR_UNIT = [['project_id', 'projects'], ['unit_id', 'units']] as const;

/** Attachments' owner types and the tables their owner_id points into. */
export const ATTACHMENT_OWNERS: Readonly<Record<string, string>> = {
  project: 'projects',
  exAnte: 'ex_ante_assessments',
  goalSheet: 'goal_sheets',
  selfEvaluation: 'self_evaluations',
  rectification: 'rectifications',
};

const ENTRIES: readonly Entry[] = [
  // Tables without years: the sender's whole set.
  { name: 'units', scope: { by: 'origin' }, down: 'none' },
  { name: 'rule_profiles', scope: { by: 'origin' }, down: 'all' },
  { name: 'rule_profile_versions', scope: { by: 'parent', column: 'profile_id', parent: 'rule_profiles' }, down: 'all' },
  { name: 'library_entries', scope: { by: 'origin' }, down: 'all' },
  { name: 'agencies', scope: { by: 'origin' }, down: 'all' },
  { name: 'experts', scope: { by: 'origin' }, down: 'none' },
  // Projects and ex-ante assessment.
  { name: 'projects', scope: { by: 'year' }, down: 'none' },
  { name: 'project_tags', scope: { by: 'parent', column: 'project_id', parent: 'projects' }, down: 'all' },
  { name: 'ex_ante_assessments', scope: { by: 'yearVia', column: 'project_id', parent: 'projects' }, down: { refs: [['project_id', 'projects']] } },
  { name: 'ex_ante_scores', scope: { by: 'parent', column: 'assessment_id', parent: 'ex_ante_assessments' }, down: 'all' },
  // Goals.
  { name: 'goal_sheets', scope: { by: 'year' }, down: 'none' },
  { name: 'goal_indicators', scope: { by: 'parent', column: 'sheet_id', parent: 'goal_sheets' }, down: 'all' },
  { name: 'goal_events', scope: { by: 'parent', column: 'sheet_id', parent: 'goal_sheets' }, down: 'all' },
  { name: 'goal_reviews', scope: { by: 'yearVia', column: 'sheet_id', parent: 'goal_sheets' }, down: { refs: [['sheet_id', 'goal_sheets']] } },
  { name: 'goal_adjustments', scope: { by: 'yearVia', column: 'sheet_id', parent: 'goal_sheets' }, down: { refs: [['sheet_id', 'goal_sheets']] } },
  // Monitoring: the rounds (and their deadlines) go down to every county.
  { name: 'monitoring_rounds', scope: { by: 'year' }, down: 'all' },
  { name: 'monitoring_sheets', scope: { by: 'yearVia', column: 'round_id', parent: 'monitoring_rounds' }, down: { refs: PROJECT_OR_UNIT } },
  { name: 'monitoring_values', scope: { by: 'parent', column: 'sheet_id', parent: 'monitoring_sheets' }, down: 'all' },
  { name: 'monitoring_events', scope: { by: 'parent', column: 'sheet_id', parent: 'monitoring_sheets' }, down: 'all' },
  { name: 'monitoring_warnings', scope: { by: 'yearVia', column: 'round_id', parent: 'monitoring_rounds' }, down: { refs: [['sheet_id', 'monitoring_sheets']] } },
  { name: 'rectifications', scope: { by: 'year' }, down: { refs: [...PROJECT_OR_UNIT, ['department_id', 'units']] } },
  { name: 'monitoring_decisions', scope: { by: 'yearVia', column: 'sheet_id', parent: 'monitoring_sheets' }, down: { refs: [['sheet_id', 'monitoring_sheets']] } },
  // Self-evaluation, then attachments (owners above), then evidence links (attachments above).
  { name: 'self_evaluations', scope: { by: 'year' }, down: { refs: PROJECT_OR_UNIT } },
  { name: 'self_eval_rows', scope: { by: 'parent', column: 'evaluation_id', parent: 'self_evaluations' }, down: 'all' },
  { name: 'self_eval_events', scope: { by: 'parent', column: 'evaluation_id', parent: 'self_evaluations' }, down: 'all' },
  { name: 'attachments', scope: { by: 'owner', owners: ATTACHMENT_OWNERS }, down: 'all' },
  { name: 'self_eval_evidence', scope: { by: 'parent', column: 'evaluation_id', parent: 'self_evaluations' }, down: 'all' },
  // Finance re-check: a sample goes down when one of its items is about the county's evaluations.
  {
    name: 'recheck_samples', scope: { by: 'year' },
    down: { sql: 'id IN (SELECT sample_id FROM recheck_items WHERE evaluation_id IN (SELECT id FROM self_evaluations WHERE origin = @recipient))' },
  },
  { name: 'recheck_items', scope: { by: 'yearVia', column: 'sample_id', parent: 'recheck_samples' }, down: { refs: [['evaluation_id', 'self_evaluations']] } },
  { name: 'recheck_rows', scope: { by: 'parent', column: 'item_id', parent: 'recheck_items' }, down: 'all' },
  // Use of results.
  { name: 'linkage_decisions', scope: { by: 'year' }, down: { refs: PROJECT_OR_UNIT } },
  { name: 'disclosures', scope: { by: 'year' }, down: { refs: PROJECT_OR_UNIT } },
  // Department and key evaluations.
  { name: 'key_evaluations', scope: { by: 'year' }, down: { refs: PROJECT_OR_UNIT } },
  { name: 'key_eval_items', scope: { by: 'parent', column: 'evaluation_id', parent: 'key_evaluations' }, down: 'all' },
  { name: 'key_eval_scores', scope: { by: 'parent', column: 'evaluation_id', parent: 'key_evaluations' }, down: 'all' },
  // Annual assessment of units: a county gets the scores of its own units only.
  {
    name: 'assessment_tables', scope: { by: 'year' },
    down: { sql: 'id IN (SELECT table_id FROM assessment_scores WHERE unit_id IN (SELECT id FROM units WHERE origin = @recipient))' },
  },
  { name: 'assessment_scores', scope: { by: 'parent', column: 'table_id', parent: 'assessment_tables' }, down: { refs: [['unit_id', 'units']] } },
  { name: 'assessment_events', scope: { by: 'parent', column: 'table_id', parent: 'assessment_tables' }, down: 'all' },
  // The parent's decision on a county's upward bundles (已接收 / 退回) travels back down.
  { name: 'submissions', scope: { by: 'origin' }, down: { sql: 'sender_region_code = @recipient' } },
];

export const TABLES: readonly TableSpec[] = ENTRIES.map((e) => ({ ...e, label: BUNDLE_TABLE_LABELS[e.name] }));

/** Tables never bundled, and why. */
export const EXCLUDED: Readonly<Record<string, string>> = {
  schema_migrations: 'the program version of each database',
  office: "this office's own settings",
  fiscal_years: "each office's years and their rule profile (a missing year is added at import)",
  users: 'accounts and password hashes stay in their office',
  audit_log: "each office's own hash-chained record",
  audit_head: 'head of the audit chain',
  settings: "each office's local settings (column mappings, outlines, …)",
  office_identity: 'the private signing key never leaves the office',
  peer_offices: "each office's register of the offices it exchanges with",
  bundle_log: "each office's own log of bundles made and read",
  attachment_blobs: 'carried as attachments/<sha256> members, not as a table',
  annual_reports: "each office's own draft of its annual work report (its figures are recomputed from the records)",
};

export const TABLE_BY_NAME: ReadonlyMap<string, TableSpec> = new Map(TABLES.map((t) => [t.name, t]));

export const tableLabel = bundleTableLabel;

/** Tables that have no years: import keeps an absent row while anything still refers to it. */
export const isYearless = (t: TableSpec): boolean => t.scope.by === 'origin' || (t.scope.by === 'parent' && TABLE_BY_NAME.get(t.scope.parent)?.scope.by === 'origin');
