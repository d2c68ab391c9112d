/**
 * Use of results (结果应用, SPEC §9): the remaining 整改台账 fields of §9.2 on `rectifications`
 * (evidence lives in `attachments` with owner_type 'rectification'), the budget-linkage
 * decisions (预算挂钩, §9.1) and the disclosure register (信息公开, §9.3).
 */
export default `
-- 整改台账 (SPEC §9.2). 涉及金额 is amount_fen and 销号日期 closed_on (0003).
ALTER TABLE rectifications ADD COLUMN responsible_person TEXT NOT NULL DEFAULT '';
-- 主管部门: NULL means the top ancestor of unit_id (derived on read).
ALTER TABLE rectifications ADD COLUMN department_id TEXT REFERENCES units(id);
-- 来源任务/报告 (e.g. "2025年度财政重点评价报告", an audit report number).
ALTER TABLE rectifications ADD COLUMN source_ref TEXT NOT NULL DEFAULT '';
-- 调减/收回金额 (分).
ALTER TABLE rectifications ADD COLUMN recovered_fen INTEGER;
ALTER TABLE rectifications ADD COLUMN fiscal_suggestion TEXT NOT NULL DEFAULT '';
ALTER TABLE rectifications ADD COLUMN review_opinion TEXT NOT NULL DEFAULT '';
ALTER TABLE rectifications ADD COLUMN reviewer TEXT NOT NULL DEFAULT '';
ALTER TABLE rectifications ADD COLUMN reviewed_on TEXT;
CREATE INDEX rectifications_unit ON rectifications(unit_id, year);

-- 预算挂钩: one decision per evaluated object and year, for the next year's budget.
CREATE TABLE linkage_decisions (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  year INTEGER NOT NULL,
  target_year INTEGER NOT NULL,
  project_id TEXT REFERENCES projects(id),
  unit_id TEXT NOT NULL REFERENCES units(id),
  grade TEXT NOT NULL CHECK (grade IN ('excellent','good','fair','low','poor')),
  grade_source TEXT NOT NULL CHECK (grade_source IN ('selfEvaluation','recheck','keyEvaluation')),
  source_id TEXT,
  total REAL,
  base_fen INTEGER NOT NULL,
  suggested_action TEXT NOT NULL CHECK (suggested_action IN ('priority','maintain','reduce','cancel')),
  suggested_pct_min REAL NOT NULL,
  suggested_pct_max REAL NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('priority','maintain','reduce','cancel')),
  -- The decided change of next year's amount, 分; a cut is negative.
  amount_fen INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  profile_id TEXT NOT NULL REFERENCES rule_profiles(id),
  profile_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  CHECK (target_year = year + 1)
) STRICT;
CREATE UNIQUE INDEX linkage_decisions_project ON linkage_decisions(origin, year, project_id) WHERE project_id IS NOT NULL;
CREATE UNIQUE INDEX linkage_decisions_unit ON linkage_decisions(origin, year, unit_id) WHERE project_id IS NULL;

-- 信息公开 register: what was published, when, where. Confidential (涉密) units and projects are
-- refused by the service and left out of the disclosure rate.
CREATE TABLE disclosures (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  year INTEGER NOT NULL,
  object_type TEXT NOT NULL CHECK (object_type IN ('goalSheet','selfEvaluation','evaluationReport','unitOverall')),
  object_id TEXT,
  unit_id TEXT NOT NULL REFERENCES units(id),
  project_id TEXT REFERENCES projects(id),
  title TEXT NOT NULL,
  published_on TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('website','notice','withBudget','withFinalAccounts')),
  location TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX disclosures_year ON disclosures(year, object_type);
-- The same object may be published through several channels, once per channel.
CREATE UNIQUE INDEX disclosures_object_channel ON disclosures(origin, object_type, object_id, channel) WHERE object_id IS NOT NULL;
`;
