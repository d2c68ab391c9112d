/**
 * Scoring methods applied in 部门评价 / 财政重点评价 (SPEC §5.7), and publishing the 绩效管理工作考核
 * (SPEC §9.4).
 *
 * - key_eval_items.config: what the item's method needs (定量比例: target rate and the names of the
 *   two figures; 要素计分: the 评分要点 with their points). '{}' on items stored before: the program
 *   fills the SPEC §5.7 defaults when it reads them (shared/rules/keyEvaluation.ts normalizeItem).
 * - key_eval_scores.input: the expert's entry by the method (JSON), the points computed from it in
 *   `score`, the computation in `explanation`. NULL input = points typed before methods applied.
 * - assessment_events: every publication and withdrawal of a year's assessment table (who, when,
 *   the reason of a withdrawal). The table's status says whether it is published now.
 */
export default `
ALTER TABLE key_eval_items ADD COLUMN config TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config));

ALTER TABLE key_eval_scores ADD COLUMN input TEXT CHECK (input IS NULL OR json_valid(input));
ALTER TABLE key_eval_scores ADD COLUMN explanation TEXT NOT NULL DEFAULT '';
ALTER TABLE key_eval_scores ADD COLUMN position INTEGER NOT NULL DEFAULT 0;

CREATE TABLE assessment_events (
  id TEXT PRIMARY KEY,
  table_id TEXT NOT NULL REFERENCES assessment_tables(id),
  action TEXT NOT NULL CHECK (action IN ('publish','withdraw')),
  at TEXT NOT NULL,
  username TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  CHECK (action = 'publish' OR length(reason) > 0)
) STRICT;
CREATE INDEX assessment_events_table ON assessment_events(table_id, at);
`;
