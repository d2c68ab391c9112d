import type { Db } from '../db/connection.ts';
import type { GradeCode } from '../../../shared/domain/ruleProfile.ts';
import type { RecheckItemStatus } from '../../../shared/api/dtoRecheck.ts';

/** SQL of 财政复核: samples, sampled items, the re-checker's row scores and the population. */

/** Self-evaluations a unit has handed in (提交 or later) are what finance re-checks. */
const HANDED_IN = "('submitted','deptApproved','accepted')";

export interface RecheckSampleRow {
  id: string;
  origin: string;
  year: number;
  seed: number;
  rules: string;
  note: string;
  population_count: number;
  population_fen: number;
  sampled_fen: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  rev: number;
}

export interface RecheckSampleListRow extends RecheckSampleRow {
  sampled_count: number;
  done_count: number;
}

export interface RecheckItemRow {
  id: string;
  origin: string;
  sample_id: string;
  evaluation_id: string;
  seq: number;
  reasons: string;
  amount_fen: number;
  sampled_total: number | null;
  status: RecheckItemStatus;
  reviewer: string | null;
  reviewed_at: string | null;
  total: number | null;
  grade: GradeCode | null;
  profile_id: string;
  profile_version: number;
  opinion: string;
  completed_at: string | null;
  rectification_id: string | null;
  created_at: string;
  updated_at: string;
  rev: number;
}

/** An item with what the list shows of its evaluation (the self total and grade as they are now). */
export interface RecheckItemListRow extends RecheckItemRow {
  project_id: string | null;
  project_code: string | null;
  project_name: string | null;
  unit_id: string;
  unit_name: string;
  self_total: number | null;
  self_grade: GradeCode | null;
  year: number;
  rectification_code: string | null;
}

export interface RecheckRowRow {
  item_id: string;
  seq: number;
  score: number;
  comment: string;
}

/** The population of a year: own project self-evaluations handed in, their amount and red warnings. */
export interface RecheckPopulationRow {
  evaluation_id: string;
  amount_fen: number;
  total: number | null;
  red: 0 | 1;
  profile_id: string;
  profile_version: number;
}

export function recheckPopulation(db: Db, origin: string, year: number): RecheckPopulationRow[] {
  return db.prepare(`
    SELECT e.id AS evaluation_id, e.annual_fiscal_fen + e.annual_carryover_fen + e.annual_other_fen AS amount_fen, e.total,
      e.profile_id, e.profile_version,
      EXISTS (
        SELECT 1 FROM monitoring_sheets s JOIN monitoring_rounds r ON r.id = s.round_id
        WHERE s.project_id = e.project_id AND r.year = e.year
          AND (s.warning_level = 'red' OR EXISTS (SELECT 1 FROM monitoring_warnings w WHERE w.sheet_id = s.id AND w.level = 'red'))
      ) AS red
    FROM self_evaluations e
    WHERE e.origin = ? AND e.year = ? AND e.owner_type = 'project' AND e.status IN ${HANDED_IN}
    ORDER BY e.id`).all(origin, year) as RecheckPopulationRow[];
}

export function insertSample(db: Db, s: Omit<RecheckSampleRow, 'rev'>): void {
  db.prepare(`INSERT INTO recheck_samples (id, origin, year, seed, rules, note, population_count, population_fen, sampled_fen, created_by, created_at, updated_at)
    VALUES (@id, @origin, @year, @seed, @rules, @note, @population_count, @population_fen, @sampled_fen, @created_by, @created_at, @updated_at)`).run(s);
}

const SAMPLE_SELECT = `
  SELECT s.*, (SELECT count(*) FROM recheck_items i WHERE i.sample_id = s.id) AS sampled_count,
    (SELECT count(*) FROM recheck_items i WHERE i.sample_id = s.id AND i.status = 'done') AS done_count
  FROM recheck_samples s`;

export function listSamples(db: Db, year: number): RecheckSampleListRow[] {
  return db.prepare(`${SAMPLE_SELECT} WHERE s.year = ? ORDER BY s.created_at DESC, s.id DESC`).all(year) as RecheckSampleListRow[];
}

export function findSample(db: Db, id: string): RecheckSampleListRow | undefined {
  return db.prepare(`${SAMPLE_SELECT} WHERE s.id = ?`).get(id) as RecheckSampleListRow | undefined;
}

const ITEM_COLUMNS = [
  'id', 'origin', 'sample_id', 'evaluation_id', 'seq', 'reasons', 'amount_fen', 'sampled_total', 'status', 'profile_id', 'profile_version', 'created_at', 'updated_at',
] as const;

export function insertItem(db: Db, r: Pick<RecheckItemRow, (typeof ITEM_COLUMNS)[number]>): void {
  db.prepare(`INSERT INTO recheck_items (${ITEM_COLUMNS.join(', ')}) VALUES (${ITEM_COLUMNS.map((c) => `@${c}`).join(', ')})`).run(r);
}

const ITEM_SELECT = `
  SELECT i.*, e.project_id, p.code AS project_code, p.name AS project_name, e.unit_id, u.name AS unit_name,
    e.total AS self_total, e.grade AS self_grade, e.year, x.code AS rectification_code
  FROM recheck_items i
  JOIN self_evaluations e ON e.id = i.evaluation_id
  JOIN units u ON u.id = e.unit_id
  LEFT JOIN projects p ON p.id = e.project_id
  LEFT JOIN rectifications x ON x.id = i.rectification_id`;

export function listItems(db: Db, sampleId: string): RecheckItemListRow[] {
  return db.prepare(`${ITEM_SELECT} WHERE i.sample_id = ? ORDER BY i.seq`).all(sampleId) as RecheckItemListRow[];
}

export function findItem(db: Db, id: string): RecheckItemListRow | undefined {
  return db.prepare(`${ITEM_SELECT} WHERE i.id = ?`).get(id) as RecheckItemListRow | undefined;
}

/** Stores the re-checked figures and opinion, and bumps the revision. */
export function saveItemReview(
  db: Db,
  r: Pick<RecheckItemRow, 'id' | 'reviewer' | 'reviewed_at' | 'total' | 'grade' | 'profile_id' | 'profile_version' | 'opinion' | 'updated_at'>,
): void {
  db.prepare(`
    UPDATE recheck_items SET reviewer = @reviewer, reviewed_at = @reviewed_at, total = @total, grade = @grade, profile_id = @profile_id,
      profile_version = @profile_version, opinion = @opinion, updated_at = @updated_at, rev = rev + 1
    WHERE id = @id`).run(r);
}

export function completeItem(db: Db, r: Pick<RecheckItemRow, 'id' | 'completed_at' | 'rectification_id' | 'updated_at'>): void {
  db.prepare(`UPDATE recheck_items SET status = 'done', completed_at = @completed_at, rectification_id = @rectification_id, updated_at = @updated_at, rev = rev + 1
    WHERE id = @id`).run(r);
}

export function listRecheckRows(db: Db, itemId: string): RecheckRowRow[] {
  return db.prepare('SELECT * FROM recheck_rows WHERE item_id = ? ORDER BY seq').all(itemId) as RecheckRowRow[];
}

export function replaceRecheckRows(db: Db, itemId: string, rows: readonly Omit<RecheckRowRow, 'item_id'>[]): void {
  db.prepare('DELETE FROM recheck_rows WHERE item_id = ?').run(itemId);
  const ins = db.prepare('INSERT INTO recheck_rows (item_id, seq, score, comment) VALUES (?, ?, ?, ?)');
  for (const r of rows) ins.run(itemId, r.seq, r.score, r.comment);
}
