/**
 * Rule profiles, the indicator library, the project registry, ex-ante assessment and
 * performance goals (issue: 事前评估 · 绩效目标管理).
 */
export default `
-- A profile's identity; its rule bodies are immutable versions (scores cite id + version).
CREATE TABLE rule_profiles (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0,1)),
  current_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  UNIQUE (origin, code)
) STRICT;

CREATE TABLE rule_profile_versions (
  profile_id TEXT NOT NULL REFERENCES rule_profiles(id),
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (profile_id, version)
) STRICT;

-- Which profile a fiscal year uses.
ALTER TABLE fiscal_years ADD COLUMN profile_id TEXT REFERENCES rule_profiles(id);

CREATE TABLE library_entries (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  code TEXT NOT NULL,
  library_kind TEXT NOT NULL CHECK (library_kind IN ('common','industry','local')),
  field TEXT NOT NULL DEFAULT '',
  project_type TEXT NOT NULL,
  level1 TEXT NOT NULL,
  level2 TEXT NOT NULL,
  name TEXT NOT NULL,
  explanation TEXT NOT NULL DEFAULT '',
  value_type TEXT NOT NULL CHECK (value_type IN ('quantitative','qualitative')),
  operator TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  reference_value TEXT NOT NULL DEFAULT '',
  value_basis TEXT NOT NULL DEFAULT 'plan',
  formula TEXT NOT NULL DEFAULT '',
  scoring_rule TEXT NOT NULL DEFAULT '',
  data_source TEXT NOT NULL DEFAULT '',
  applies_to TEXT NOT NULL DEFAULT '["project"]',
  is_core INTEGER NOT NULL DEFAULT 0 CHECK (is_core IN (0,1)),
  start_year INTEGER,
  end_year INTEGER,
  source_doc TEXT NOT NULL DEFAULT '',
  retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0,1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  UNIQUE (origin, code)
) STRICT;
CREATE INDEX library_entries_type ON library_entries(project_type, level1, level2);

CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  year INTEGER NOT NULL REFERENCES fiscal_years(year),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  unit_id TEXT NOT NULL REFERENCES units(id),
  object_type TEXT NOT NULL CHECK (object_type IN ('project','policy')),
  attribute TEXT NOT NULL CHECK (attribute IN ('new','continuing','expiringContinuation')),
  category TEXT NOT NULL DEFAULT '',
  project_type TEXT NOT NULL DEFAULT 'general',
  budget_type TEXT NOT NULL CHECK (budget_type IN ('general','fund','stateCapital','socialInsurance')),
  start_month TEXT,
  end_month TEXT,
  initial_fiscal_fen INTEGER NOT NULL DEFAULT 0,
  initial_carryover_fen INTEGER NOT NULL DEFAULT 0,
  initial_other_fen INTEGER NOT NULL DEFAULT 0,
  annual_fiscal_fen INTEGER NOT NULL DEFAULT 0,
  annual_carryover_fen INTEGER NOT NULL DEFAULT 0,
  annual_other_fen INTEGER NOT NULL DEFAULT 0,
  mid_term_total_fen INTEGER,
  mid_year_addition INTEGER NOT NULL DEFAULT 0 CHECK (mid_year_addition IN (0,1)),
  new_major INTEGER NOT NULL DEFAULT 0 CHECK (new_major IN (0,1)),
  confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0,1)),
  status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered','inLibrary','budgeted','notFunded','cancelled')),
  -- The status a 不予安排 review replaced, restored when the sheet is returned for revision.
  status_before_refusal TEXT CHECK (status_before_refusal IN ('registered','inLibrary','budgeted')),
  manager TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  basis TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  UNIQUE (origin, year, code)
) STRICT;
CREATE INDEX projects_year_unit ON projects(year, unit_id);
CREATE INDEX projects_year_status ON projects(year, status);

-- Fund tags are a set per project (one project can be both 债券 and 政府采购).
CREATE TABLE project_tags (
  project_id TEXT NOT NULL REFERENCES projects(id),
  tag TEXT NOT NULL,
  PRIMARY KEY (project_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX project_tags_tag ON project_tags(tag, project_id);

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  owner_type TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_owner ON attachments(owner_type, owner_id);
CREATE TABLE attachment_blobs (
  sha256 TEXT PRIMARY KEY,
  content BLOB NOT NULL
) STRICT;

CREATE TABLE ex_ante_assessments (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  project_id TEXT NOT NULL REFERENCES projects(id),
  assessor_type TEXT NOT NULL CHECK (assessor_type IN ('self','finance','thirdParty')),
  agency TEXT NOT NULL DEFAULT '',
  assessed_on TEXT,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','completed')),
  total REAL,
  conclusion TEXT CHECK (conclusion IN ('support','supportAfterAdjustment','reject')),
  adjustment_notes TEXT NOT NULL DEFAULT '',
  adjustment_fen INTEGER,
  summary TEXT NOT NULL DEFAULT '',
  profile_id TEXT REFERENCES rule_profiles(id),
  profile_version INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX ex_ante_project ON ex_ante_assessments(project_id);

CREATE TABLE ex_ante_scores (
  assessment_id TEXT NOT NULL REFERENCES ex_ante_assessments(id),
  expert TEXT NOT NULL,
  dimension TEXT NOT NULL,
  score REAL NOT NULL,
  opinion TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (assessment_id, expert, dimension)
) STRICT, WITHOUT ROWID;

-- A goal sheet: one per project, or one per unit's overall budget, per year.
CREATE TABLE goal_sheets (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  year INTEGER NOT NULL REFERENCES fiscal_years(year),
  owner_type TEXT NOT NULL CHECK (owner_type IN ('project','unitOverall')),
  project_id TEXT REFERENCES projects(id),
  unit_id TEXT NOT NULL REFERENCES units(id),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','deptApproved','returned','reviewed','approved','published','notFunded')),
  annual_goal TEXT NOT NULL DEFAULT '',
  mid_term_goal TEXT NOT NULL DEFAULT '',
  unit_duties TEXT NOT NULL DEFAULT '',
  locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0,1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  CHECK ((owner_type = 'project') = (project_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX goal_sheets_project ON goal_sheets(project_id) WHERE project_id IS NOT NULL;
CREATE UNIQUE INDEX goal_sheets_unit ON goal_sheets(origin, year, unit_id) WHERE owner_type = 'unitOverall';
CREATE INDEX goal_sheets_year_status ON goal_sheets(year, status);

CREATE TABLE goal_indicators (
  id TEXT PRIMARY KEY,
  sheet_id TEXT NOT NULL REFERENCES goal_sheets(id),
  seq INTEGER NOT NULL,
  level1 TEXT NOT NULL,
  level2 TEXT NOT NULL,
  name TEXT NOT NULL,
  value_type TEXT NOT NULL CHECK (value_type IN ('quantitative','qualitative')),
  operator TEXT NOT NULL,
  target_value REAL,
  target_text TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  mid_term_text TEXT NOT NULL DEFAULT '',
  explanation TEXT NOT NULL DEFAULT '',
  scoring_rule TEXT NOT NULL DEFAULT '',
  value_basis TEXT NOT NULL DEFAULT 'plan',
  data_source TEXT NOT NULL DEFAULT '',
  is_core INTEGER NOT NULL DEFAULT 0 CHECK (is_core IN (0,1)),
  library_id TEXT REFERENCES library_entries(id)
) STRICT;
CREATE INDEX goal_indicators_sheet ON goal_indicators(sheet_id, seq);

-- Workflow history: who moved the sheet, when, why.
CREATE TABLE goal_events (
  id TEXT PRIMARY KEY,
  sheet_id TEXT NOT NULL REFERENCES goal_sheets(id),
  at TEXT NOT NULL,
  user_id TEXT,
  username TEXT NOT NULL,
  action TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX goal_events_sheet ON goal_events(sheet_id, at);

CREATE TABLE goal_reviews (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  sheet_id TEXT NOT NULL REFERENCES goal_sheets(id),
  reviewer TEXT NOT NULL,
  reviewed_at TEXT NOT NULL,
  scores TEXT NOT NULL,
  total REAL NOT NULL,
  grade TEXT NOT NULL,
  action TEXT NOT NULL,
  opinion TEXT NOT NULL DEFAULT '',
  profile_id TEXT NOT NULL REFERENCES rule_profiles(id),
  profile_version INTEGER NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX goal_reviews_sheet ON goal_reviews(sheet_id, reviewed_at);

-- A change to an approved goal: the reason and the before/after of the indicators.
CREATE TABLE goal_adjustments (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  sheet_id TEXT NOT NULL REFERENCES goal_sheets(id),
  at TEXT NOT NULL,
  username TEXT NOT NULL,
  reason TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL
) STRICT;
CREATE INDEX goal_adjustments_sheet ON goal_adjustments(sheet_id, at);

-- The project list's default order (code within a year): pages come straight off the index
-- instead of sorting every project of the year (5,000+) for each page.
CREATE INDEX projects_year_code ON projects(year, code);

-- A project's goal sheet follows the project when it moves to another unit (edit or import),
-- so queues and unit filters never show it under the old unit.
CREATE TRIGGER projects_unit_moves_goal_sheet AFTER UPDATE OF unit_id ON projects
WHEN NEW.unit_id IS NOT OLD.unit_id
BEGIN UPDATE goal_sheets SET unit_id = NEW.unit_id WHERE project_id = NEW.id; END;
`;
