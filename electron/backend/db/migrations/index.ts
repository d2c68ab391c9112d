import init from './0001_init.ts';
import goals from './0002_goals.ts';
import monitoring from './0003_monitoring.ts';
import evaluation from './0004_evaluation.ts';
import recheck from './0005_recheck.ts';
import results from './0006_results.ts';
import keyEvaluations from './0007_key_evaluations.ts';
import assessment from './0008_assessment.ts';
import sync from './0009_sync.ts';
import evaluationGaps from './0010_evaluation_gaps.ts';
import keyEvalScoring from './0011_key_eval_scoring.ts';
import statistics from './0012_statistics.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The explicit, ordered registry. Append only: an applied migration must never be edited
 * (its hash is stored and checked at every start).
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '0001_init', sql: init },
  { version: 2, name: '0002_goals', sql: goals },
  { version: 3, name: '0003_monitoring', sql: monitoring },
  { version: 4, name: '0004_evaluation', sql: evaluation },
  { version: 5, name: '0005_recheck', sql: recheck },
  { version: 6, name: '0006_results', sql: results },
  { version: 7, name: '0007_key_evaluations', sql: keyEvaluations },
  { version: 8, name: '0008_assessment', sql: assessment },
  { version: 9, name: '0009_sync', sql: sync },
  { version: 10, name: '0010_evaluation_gaps', sql: evaluationGaps },
  { version: 11, name: '0011_key_eval_scoring', sql: keyEvalScoring },
  { version: 12, name: '0012_statistics', sql: statistics },
];
