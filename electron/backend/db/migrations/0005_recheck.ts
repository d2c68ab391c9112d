/**
 * 财政复核 (finance re-check of self-evaluations, SPEC §5.7): a sample (抽样批次) records the seed
 * and the rules it was drawn with, so it can be drawn again; each sampled self-evaluation is an
 * item with the reasons it was picked, and the re-checker's score and comment per indicator row
 * (the self scores stay in self_eval_rows). Every stored re-checked total carries the profile id
 * and version it was computed with (the evaluation's).
 */
export default `
CREATE TABLE recheck_samples (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  year INTEGER NOT NULL REFERENCES fiscal_years(year),
  seed INTEGER NOT NULL CHECK (seed BETWEEN 0 AND 4294967295),
  rules TEXT NOT NULL CHECK (json_valid(rules)),
  note TEXT NOT NULL DEFAULT '',
  population_count INTEGER NOT NULL,
  population_fen INTEGER NOT NULL,
  sampled_fen INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX recheck_samples_year ON recheck_samples(year, created_at);

CREATE TABLE recheck_items (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  sample_id TEXT NOT NULL REFERENCES recheck_samples(id),
  evaluation_id TEXT NOT NULL REFERENCES self_evaluations(id),
  seq INTEGER NOT NULL,
  reasons TEXT NOT NULL CHECK (json_valid(reasons)),
  amount_fen INTEGER NOT NULL,
  sampled_total REAL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done')),
  reviewer TEXT,
  reviewed_at TEXT,
  total REAL,
  grade TEXT CHECK (grade IN ('excellent','good','fair','low','poor')),
  profile_id TEXT NOT NULL REFERENCES rule_profiles(id),
  profile_version INTEGER NOT NULL,
  opinion TEXT NOT NULL DEFAULT '',
  completed_at TEXT,
  rectification_id TEXT REFERENCES rectifications(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  UNIQUE (sample_id, evaluation_id)
) STRICT;
CREATE INDEX recheck_items_sample ON recheck_items(sample_id, seq);
CREATE INDEX recheck_items_evaluation ON recheck_items(evaluation_id);

CREATE TABLE recheck_rows (
  item_id TEXT NOT NULL REFERENCES recheck_items(id),
  seq INTEGER NOT NULL,
  score REAL NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (item_id, seq)
) STRICT, WITHOUT ROWID;
`;
