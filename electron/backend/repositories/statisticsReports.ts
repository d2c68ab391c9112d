import type { Db } from '../db/connection.ts';

/** The narrative parts of the annual work report (年度工作情况报告), one row per office and year. */

export interface AnnualReportRow {
  id: string;
  origin: string;
  year: number;
  title: string;
  recipient: string;
  intro: string;
  stage_notes: string;
  problems: string;
  next_steps: string;
  signature: string;
  report_date: string | null;
  updated_by: string;
  created_at: string;
  updated_at: string;
  rev: number;
}

export function findAnnualReport(db: Db, origin: string, year: number): AnnualReportRow | undefined {
  return db.prepare('SELECT * FROM annual_reports WHERE origin = ? AND year = ?').get(origin, year) as AnnualReportRow | undefined;
}

const COLUMNS = ['id', 'origin', 'year', 'title', 'recipient', 'intro', 'stage_notes', 'problems', 'next_steps', 'signature', 'report_date', 'updated_by', 'created_at', 'updated_at'] as const;

/** Inserts the year's narrative, or replaces its texts (bumping the revision). */
export function upsertAnnualReport(db: Db, r: Omit<AnnualReportRow, 'rev'>): void {
  db.prepare(
    `INSERT INTO annual_reports (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})
     ON CONFLICT (origin, year) DO UPDATE SET title = excluded.title, recipient = excluded.recipient, intro = excluded.intro,
       stage_notes = excluded.stage_notes, problems = excluded.problems, next_steps = excluded.next_steps, signature = excluded.signature,
       report_date = excluded.report_date, updated_by = excluded.updated_by, updated_at = excluded.updated_at, rev = rev + 1`,
  ).run(r);
}
