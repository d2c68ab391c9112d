/**
 * 绩效管理工作考核 (SPEC §9.4): one scoring table per office and year (its item set frozen as
 * JSON, so a later change of the default items does not rewrite a past year), and one score row
 * per (table, 主管部门, item): the rate and automatic score computed from the data, and the
 * manual score entered where the data cannot tell or the assessor adjusts.
 */
export default `
CREATE TABLE assessment_tables (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  year INTEGER NOT NULL REFERENCES fiscal_years(year),
  name TEXT NOT NULL,
  items TEXT NOT NULL CHECK (json_valid(items)),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
  computed_at TEXT,
  computed_by TEXT,
  profile_id TEXT NOT NULL REFERENCES rule_profiles(id),
  profile_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  UNIQUE (origin, year)
) STRICT;

CREATE TABLE assessment_scores (
  table_id TEXT NOT NULL REFERENCES assessment_tables(id),
  unit_id TEXT NOT NULL REFERENCES units(id),
  item_code TEXT NOT NULL,
  -- The rate as a fraction (0–1); NULL when the data cannot give it.
  auto_value REAL,
  auto_score REAL,
  -- Entered by the assessor; counts instead of auto_score when present.
  manual_score REAL,
  note TEXT NOT NULL DEFAULT '',
  entered_by TEXT,
  entered_at TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (table_id, unit_id, item_code)
) STRICT, WITHOUT ROWID;
`;
