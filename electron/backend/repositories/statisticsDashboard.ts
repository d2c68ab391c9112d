import type { Db } from '../db/connection.ts';

/** SQL of the home screen's 待办 (this office's own records of the year). */

export interface OpenRoundRow {
  id: string;
  title: string;
  object_type: 'project' | 'unitOverall';
  kind: 'self' | 'key';
  due_on: string;
  sheets: number;
  pending: number;
  submitted: number;
  accepted: number;
}

export function openRounds(db: Db, origin: string, year: number): OpenRoundRow[] {
  return db.prepare(`
    SELECT r.id, r.title, r.object_type, r.kind, r.due_on,
      (SELECT count(*) FROM monitoring_sheets s WHERE s.round_id = r.id) AS sheets,
      (SELECT count(*) FROM monitoring_sheets s WHERE s.round_id = r.id AND s.status IN ('draft','returned')) AS pending,
      (SELECT count(*) FROM monitoring_sheets s WHERE s.round_id = r.id AND s.status = 'submitted') AS submitted,
      (SELECT count(*) FROM monitoring_sheets s WHERE s.round_id = r.id AND s.status = 'accepted') AS accepted
    FROM monitoring_rounds r
    WHERE r.year = @year AND r.origin = @origin AND r.status = 'open'
    ORDER BY r.due_on, r.month`).all({ year, origin }) as OpenRoundRow[];
}

export interface WorkflowCounts {
  goalsReturned: number;
  goalsAwaiting: number;
  monitoringReturned: number;
  monitoringAwaiting: number;
  selfEvalReturned: number;
  selfEvalAwaiting: number;
  recheckPending: number;
  submissions: number;
  rectOpen: number;
  rectOverdue: number;
  rectDueSoon: number;
}

/** Counts of returned items, items awaiting review and the rectification ledger's deadlines. */
export function workflowCounts(db: Db, origin: string, year: number, today: string, soon: string): WorkflowCounts {
  return db.prepare(`
    SELECT
      (SELECT count(*) FROM goal_sheets WHERE year = @year AND origin = @origin AND status = 'returned') AS goalsReturned,
      (SELECT count(*) FROM goal_sheets WHERE year = @year AND origin = @origin AND status IN ('submitted','deptApproved','reviewed')) AS goalsAwaiting,
      (SELECT count(*) FROM monitoring_rounds r JOIN monitoring_sheets s ON s.round_id = r.id
        WHERE r.year = @year AND s.origin = @origin AND s.status = 'returned') AS monitoringReturned,
      (SELECT count(*) FROM monitoring_rounds r JOIN monitoring_sheets s ON s.round_id = r.id
        WHERE r.year = @year AND s.origin = @origin AND s.status = 'submitted') AS monitoringAwaiting,
      (SELECT count(*) FROM self_evaluations WHERE year = @year AND origin = @origin AND status = 'returned') AS selfEvalReturned,
      (SELECT count(*) FROM self_evaluations WHERE year = @year AND origin = @origin AND status IN ('submitted','deptApproved')) AS selfEvalAwaiting,
      (SELECT count(*) FROM recheck_samples rs JOIN recheck_items ri ON ri.sample_id = rs.id
        WHERE rs.year = @year AND rs.origin = @origin AND ri.status = 'pending') AS recheckPending,
      (SELECT count(*) FROM submissions WHERE origin = @origin AND status = 'received') AS submissions,
      (SELECT count(*) FROM rectifications WHERE year = @year AND origin = @origin AND status IN ('open','inProgress')) AS rectOpen,
      (SELECT count(*) FROM rectifications WHERE year = @year AND origin = @origin AND status IN ('open','inProgress') AND deadline < @today) AS rectOverdue,
      (SELECT count(*) FROM rectifications WHERE year = @year AND origin = @origin AND status IN ('open','inProgress')
        AND deadline >= @today AND deadline <= @soon) AS rectDueSoon`).get({ year, origin, today, soon }) as WorkflowCounts;
}
