/**
 * 单位自评 (SPEC §5.2–5.6, §7.3): one self-evaluation per project or unit overall and year, its
 * indicator rows (copied from the approved goal, so a later adjustment does not rewrite what was
 * evaluated), the workflow history and the evidence links. Every stored score carries the
 * profile id and version it was computed with.
 */
export default `
CREATE TABLE self_evaluations (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  year INTEGER NOT NULL REFERENCES fiscal_years(year),
  owner_type TEXT NOT NULL CHECK (owner_type IN ('project','unitOverall')),
  project_id TEXT REFERENCES projects(id),
  unit_id TEXT NOT NULL REFERENCES units(id),
  goal_sheet_id TEXT NOT NULL REFERENCES goal_sheets(id),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','deptApproved','returned','accepted')),
  initial_fiscal_fen INTEGER NOT NULL DEFAULT 0,
  initial_carryover_fen INTEGER NOT NULL DEFAULT 0,
  initial_other_fen INTEGER NOT NULL DEFAULT 0,
  annual_fiscal_fen INTEGER NOT NULL DEFAULT 0,
  annual_carryover_fen INTEGER NOT NULL DEFAULT 0,
  annual_other_fen INTEGER NOT NULL DEFAULT 0,
  executed_fen INTEGER,
  executed_fiscal_fen INTEGER,
  executed_carryover_fen INTEGER,
  executed_other_fen INTEGER,
  goal_completion TEXT NOT NULL DEFAULT '',
  execution_rate REAL,
  execution_score REAL,
  raw_total REAL,
  normalized_total REAL,
  total REAL,
  grade TEXT CHECK (grade IN ('excellent','good','fair','low','poor')),
  profile_id TEXT NOT NULL REFERENCES rule_profiles(id),
  profile_version INTEGER NOT NULL,
  evaluated_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  CHECK ((owner_type = 'project') = (project_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX self_evaluations_project ON self_evaluations(project_id) WHERE project_id IS NOT NULL;
CREATE UNIQUE INDEX self_evaluations_unit ON self_evaluations(origin, year, unit_id) WHERE project_id IS NULL;
CREATE INDEX self_evaluations_year ON self_evaluations(year, status);

CREATE TABLE self_eval_rows (
  evaluation_id TEXT NOT NULL REFERENCES self_evaluations(id),
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
  weight REAL NOT NULL DEFAULT 0,
  actual_value REAL,
  actual_text TEXT NOT NULL DEFAULT '',
  not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0,1)),
  qualitative_result TEXT CHECK (qualitative_result IN ('achieved','partial','notAchieved')),
  manual_score REAL,
  target_too_low INTEGER NOT NULL DEFAULT 0 CHECK (target_too_low IN (0,1)),
  deviation_reason TEXT NOT NULL DEFAULT '',
  score REAL,
  PRIMARY KEY (evaluation_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE self_eval_events (
  id TEXT PRIMARY KEY,
  evaluation_id TEXT NOT NULL REFERENCES self_evaluations(id),
  at TEXT NOT NULL,
  username TEXT NOT NULL,
  action TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX self_eval_events_evaluation ON self_eval_events(evaluation_id, at);

-- Evidence (证据附件): attachments (owner_type 'selfEvaluation') linked to an indicator row or,
-- with seq NULL, to the whole evaluation.
CREATE TABLE self_eval_evidence (
  attachment_id TEXT PRIMARY KEY REFERENCES attachments(id),
  evaluation_id TEXT NOT NULL REFERENCES self_evaluations(id),
  seq INTEGER
) STRICT;
CREATE INDEX self_eval_evidence_evaluation ON self_eval_evidence(evaluation_id);
`;
