/**
 * 部门评价 / 财政重点评价 (SPEC §5.7): an evaluation of a project, a policy or a unit overall, its
 * level-3 items (weights split within the framework's level-1 weights, copied at creation so a
 * later profile change does not move them), every expert's score per item, and the registers of
 * third-party agencies and experts. A completed evaluation stores total, grade and the profile
 * id + version it was computed with.
 */
export default `
CREATE TABLE agencies (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  name TEXT NOT NULL,
  field TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  qualification TEXT NOT NULL DEFAULT '',
  conflicts TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  UNIQUE (origin, name)
) STRICT;

CREATE TABLE experts (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  name TEXT NOT NULL,
  field TEXT NOT NULL DEFAULT '',
  organisation TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  conflicts TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  UNIQUE (origin, name, organisation)
) STRICT;

CREATE TABLE key_evaluations (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  year INTEGER NOT NULL REFERENCES fiscal_years(year),
  kind TEXT NOT NULL CHECK (kind IN ('department','finance')),
  object_type TEXT NOT NULL CHECK (object_type IN ('project','policy','unitOverall')),
  project_id TEXT REFERENCES projects(id),
  unit_id TEXT NOT NULL REFERENCES units(id),
  title TEXT NOT NULL,
  evaluator TEXT NOT NULL CHECK (evaluator IN ('finance','department','thirdParty')),
  agency_id TEXT REFERENCES agencies(id),
  framework_code TEXT NOT NULL,
  decision_weight REAL NOT NULL,
  process_weight REAL NOT NULL,
  output_weight REAL NOT NULL,
  benefit_weight REAL NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','completed')),
  findings TEXT NOT NULL DEFAULT '',
  recommendations TEXT NOT NULL DEFAULT '',
  total REAL,
  grade TEXT CHECK (grade IN ('excellent','good','fair','low','poor')),
  profile_id TEXT NOT NULL REFERENCES rule_profiles(id),
  profile_version INTEGER NOT NULL,
  plan_quality_score REAL CHECK (plan_quality_score BETWEEN 0 AND 100),
  report_quality_score REAL CHECK (report_quality_score BETWEEN 0 AND 100),
  completed_at TEXT,
  rectification_id TEXT REFERENCES rectifications(id),
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX key_evaluations_year ON key_evaluations(year, created_at);

CREATE TABLE key_eval_items (
  evaluation_id TEXT NOT NULL REFERENCES key_evaluations(id),
  seq INTEGER NOT NULL,
  level1 TEXT NOT NULL CHECK (level1 IN ('decision','process','output','benefit')),
  level2 TEXT NOT NULL,
  name TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('quantitative','elements','deduction','grade','survey')),
  weight REAL NOT NULL CHECK (weight >= 0),
  PRIMARY KEY (evaluation_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE key_eval_scores (
  evaluation_id TEXT NOT NULL REFERENCES key_evaluations(id),
  seq INTEGER NOT NULL,
  expert TEXT NOT NULL,
  score REAL NOT NULL CHECK (score >= 0),
  PRIMARY KEY (evaluation_id, seq, expert)
) STRICT, WITHOUT ROWID;
`;
