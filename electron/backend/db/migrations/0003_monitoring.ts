/**
 * Performance monitoring (绩效运行监控, "双监控"): rounds, monitoring sheets with indicator
 * progress, warnings, decisions and the rectification items they create (the results issue
 * extends `rectifications` into the full ledger).
 */
export default `
CREATE TABLE monitoring_rounds (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  year INTEGER NOT NULL REFERENCES fiscal_years(year),
  month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  object_type TEXT NOT NULL CHECK (object_type IN ('project','unitOverall')),
  kind TEXT NOT NULL CHECK (kind IN ('self','key')),
  title TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  profile_id TEXT NOT NULL REFERENCES rule_profiles(id),
  profile_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX monitoring_rounds_year ON monitoring_rounds(year, month);
-- One round per (year, cut-off month, object type, kind) of an office: createRound refuses duplicates.
CREATE UNIQUE INDEX monitoring_rounds_key ON monitoring_rounds(origin, year, month, object_type, kind);

-- One sheet per object in a round: the money block and the computed rates and warning level.
CREATE TABLE monitoring_sheets (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  round_id TEXT NOT NULL REFERENCES monitoring_rounds(id),
  project_id TEXT REFERENCES projects(id),
  unit_id TEXT NOT NULL REFERENCES units(id),
  goal_sheet_id TEXT REFERENCES goal_sheets(id),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','returned','accepted')),
  initial_budget_fen INTEGER NOT NULL DEFAULT 0,
  annual_budget_fen INTEGER NOT NULL DEFAULT 0,
  fiscal_budget_fen INTEGER NOT NULL DEFAULT 0,
  other_budget_fen INTEGER NOT NULL DEFAULT 0,
  executed_fen INTEGER,
  executed_fiscal_fen INTEGER,
  executed_other_fen INTEGER,
  expected_full_year_fen INTEGER,
  goal_progress TEXT NOT NULL DEFAULT '',
  expected_goal TEXT NOT NULL DEFAULT '',
  key_selected INTEGER NOT NULL DEFAULT 0 CHECK (key_selected IN (0,1)),
  execution_rate REAL,
  time_progress REAL,
  target_progress REAL,
  warning_level TEXT CHECK (warning_level IN ('yellow','red')),
  profile_id TEXT REFERENCES rule_profiles(id),
  profile_version INTEGER,
  evaluated_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  CHECK ((project_id IS NULL) OR (unit_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX monitoring_sheets_project ON monitoring_sheets(round_id, project_id) WHERE project_id IS NOT NULL;
CREATE UNIQUE INDEX monitoring_sheets_unit ON monitoring_sheets(round_id, unit_id) WHERE project_id IS NULL;
CREATE INDEX monitoring_sheets_round_status ON monitoring_sheets(round_id, status);
CREATE INDEX monitoring_sheets_round_level ON monitoring_sheets(round_id, warning_level);

-- Indicator progress rows, pre-filled from the approved goal (name/target copied so a later
-- goal adjustment does not rewrite what was monitored).
CREATE TABLE monitoring_values (
  sheet_id TEXT NOT NULL REFERENCES monitoring_sheets(id),
  seq INTEGER NOT NULL,
  indicator_id TEXT REFERENCES goal_indicators(id),
  level1 TEXT NOT NULL,
  level2 TEXT NOT NULL,
  name TEXT NOT NULL,
  value_type TEXT NOT NULL CHECK (value_type IN ('quantitative','qualitative')),
  operator TEXT NOT NULL,
  target_value REAL,
  target_text TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  actual_value REAL,
  actual_text TEXT NOT NULL DEFAULT '',
  expected_value REAL,
  expected_text TEXT NOT NULL DEFAULT '',
  progress TEXT CHECK (progress IN ('achieved','partial','notAchieved')),
  causes TEXT NOT NULL DEFAULT '[]',
  cause_note TEXT NOT NULL DEFAULT '',
  likelihood TEXT CHECK (likelihood IN ('certain','possible','impossible')),
  measure TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (sheet_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE monitoring_events (
  id TEXT PRIMARY KEY,
  sheet_id TEXT NOT NULL REFERENCES monitoring_sheets(id),
  at TEXT NOT NULL,
  username TEXT NOT NULL,
  action TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX monitoring_events_sheet ON monitoring_events(sheet_id, at);

-- Warnings as computed at the last evaluation of a sheet (replaced on re-evaluation).
CREATE TABLE monitoring_warnings (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  sheet_id TEXT NOT NULL REFERENCES monitoring_sheets(id),
  round_id TEXT NOT NULL REFERENCES monitoring_rounds(id),
  rule TEXT NOT NULL,
  rule_index INTEGER NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('yellow','red')),
  indicator TEXT,
  message TEXT NOT NULL,
  numbers TEXT NOT NULL,
  suggested_actions TEXT NOT NULL,
  profile_id TEXT NOT NULL REFERENCES rule_profiles(id),
  profile_version INTEGER NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX monitoring_warnings_round ON monitoring_warnings(round_id, level, rule);
CREATE INDEX monitoring_warnings_sheet ON monitoring_warnings(sheet_id);

-- What the finance bureau decided about a sheet (and, when it was prompted by one, a warning).
CREATE TABLE monitoring_decisions (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  sheet_id TEXT NOT NULL REFERENCES monitoring_sheets(id),
  warning_rule TEXT,
  warning_message TEXT,
  action TEXT NOT NULL,
  amount_fen INTEGER,
  note TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  rectification_id TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX monitoring_decisions_sheet ON monitoring_decisions(sheet_id, decided_at);

-- 整改台账 items. Monitoring decisions create them now; the results issue adds the other
-- sources (self-evaluation re-checks, evaluations) and the remaining ledger fields.
CREATE TABLE rectifications (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  year INTEGER NOT NULL,
  code TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('exAnte','goalReview','monitoring','selfEvaluation','financeRecheck','departmentEvaluation','keyEvaluation','audit')),
  source_id TEXT,
  project_id TEXT REFERENCES projects(id),
  unit_id TEXT REFERENCES units(id),
  category TEXT NOT NULL DEFAULT 'other',
  problem TEXT NOT NULL,
  requirement TEXT NOT NULL,
  owner TEXT NOT NULL DEFAULT '',
  issued_on TEXT NOT NULL,
  deadline TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','inProgress','done','waived')),
  progress TEXT NOT NULL DEFAULT '',
  measures TEXT NOT NULL DEFAULT '',
  amount_fen INTEGER,
  closed_on TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  UNIQUE (origin, code)
) STRICT;
CREATE INDEX rectifications_year_status ON rectifications(year, status);
CREATE INDEX rectifications_project ON rectifications(project_id);
`;
