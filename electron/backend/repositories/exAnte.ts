import type { Db } from '../db/connection.ts';
import type { ExAnteConclusion } from '../../../shared/domain/ruleProfile.ts';

/** 事前绩效评估: one row per assessment round of a project; a reopened assessment starts a new round. */
export interface ExAnteRow {
  id: string;
  origin: string;
  project_id: string;
  assessor_type: 'self' | 'finance' | 'thirdParty';
  agency: string;
  assessed_on: string | null;
  status: 'draft' | 'completed';
  total: number | null;
  conclusion: ExAnteConclusion | null;
  adjustment_notes: string;
  adjustment_fen: number | null;
  summary: string;
  profile_id: string | null;
  profile_version: number | null;
  created_at: string;
  updated_at: string;
  rev: number;
}

export interface ExAnteScoreRow {
  assessment_id: string;
  expert: string;
  dimension: string;
  score: number;
  opinion: string;
}

/** The newest round (rowid breaks ties inside one millisecond). */
export function latestAssessment(db: Db, projectId: string): ExAnteRow | undefined {
  return db.prepare('SELECT * FROM ex_ante_assessments WHERE project_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').get(projectId) as ExAnteRow | undefined;
}

export function findAssessment(db: Db, id: string): ExAnteRow | undefined {
  return db.prepare('SELECT * FROM ex_ante_assessments WHERE id = ?').get(id) as ExAnteRow | undefined;
}

export function assessmentIds(db: Db, projectId: string): string[] {
  return db.prepare('SELECT id FROM ex_ante_assessments WHERE project_id = ? ORDER BY created_at, rowid').pluck().all(projectId) as string[];
}

const COLUMNS = [
  'id', 'origin', 'project_id', 'assessor_type', 'agency', 'assessed_on', 'status', 'total', 'conclusion', 'adjustment_notes',
  'adjustment_fen', 'summary', 'profile_id', 'profile_version', 'created_at', 'updated_at',
] as const;

export function insertAssessment(db: Db, r: Omit<ExAnteRow, 'rev'>): void {
  db.prepare(`INSERT INTO ex_ante_assessments (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`).run(r);
}

/** Writes every mutable column and bumps the revision. */
export function saveAssessment(db: Db, r: ExAnteRow): void {
  const sets = COLUMNS.filter((c) => c !== 'id' && c !== 'origin' && c !== 'project_id' && c !== 'created_at').map((c) => `${c} = @${c}`);
  db.prepare(`UPDATE ex_ante_assessments SET ${sets.join(', ')}, rev = rev + 1 WHERE id = @id`).run(r);
}

export function listScores(db: Db, assessmentId: string): ExAnteScoreRow[] {
  // WITHOUT ROWID: the key order (expert, dimension) is the only stable order there is.
  return db.prepare('SELECT * FROM ex_ante_scores WHERE assessment_id = ? ORDER BY expert, dimension').all(assessmentId) as ExAnteScoreRow[];
}

/** Replaces an assessment's scores (the form saves the whole score sheet at once). */
export function replaceScores(db: Db, assessmentId: string, rows: readonly Omit<ExAnteScoreRow, 'assessment_id'>[]): void {
  db.prepare('DELETE FROM ex_ante_scores WHERE assessment_id = ?').run(assessmentId);
  const ins = db.prepare('INSERT INTO ex_ante_scores (assessment_id, expert, dimension, score, opinion) VALUES (?, ?, ?, ?, ?)');
  for (const r of rows) ins.run(assessmentId, r.expert, r.dimension, r.score, r.opinion);
}
