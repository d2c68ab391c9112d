import type { MethodName } from '../../../shared/api/contract.ts';
import type { HandlerMap } from '../context.ts';
import { systemHandlers } from '../services/system.ts';
import { unitHandlers } from '../services/units.ts';
import { profileHandlers } from '../services/profiles.ts';
import { libraryHandlers } from '../services/library.ts';
import { projectHandlers } from '../services/projects.ts';
import { exAnteHandlers } from '../services/exAnte.ts';
import { goalHandlers } from '../services/goals.ts';
import { goalFormHandlers } from '../services/goalForms.ts';
import { statsHandlers } from '../services/stats.ts';
import { monitoringHandlers } from '../services/monitoring.ts';
import { monitoringOpsHandlers } from '../services/monitoringOps.ts';
import { selfEvalHandlers } from '../services/selfEval.ts';
import { recheckHandlers } from '../services/recheck.ts';
import { resultsHandlers } from '../services/results.ts';
import { selfEvalCheckHandlers } from '../services/selfEvalCheck.ts';
import { keyEvalHandlers } from '../services/keyEval.ts';
import { assessmentHandlers } from '../services/assessment.ts';
import { syncHandlers } from '../services/sync.ts';
import { statisticsHandlers } from '../services/statistics.ts';

const FEATURE_MAPS: object[] = [
  systemHandlers, unitHandlers, profileHandlers, libraryHandlers, projectHandlers, exAnteHandlers, goalHandlers, goalFormHandlers, statsHandlers,
  monitoringHandlers, monitoringOpsHandlers, selfEvalHandlers,
  recheckHandlers, resultsHandlers, selfEvalCheckHandlers, keyEvalHandlers, assessmentHandlers, syncHandlers, statisticsHandlers,
];

/** A method registered by two features is a start-up error, not a silent override. */
function assertNoDuplicates(maps: object[]): void {
  const seen = new Set<string>();
  for (const map of maps) {
    for (const name of Object.keys(map)) {
      if (seen.has(name)) throw new Error(`handler registered twice: ${name}`);
      seen.add(name);
    }
  }
}
assertNoDuplicates(FEATURE_MAPS);

/** Every contract method has exactly one handler: a missing one fails to compile here. */
export const handlers: HandlerMap<MethodName> = {
  ...systemHandlers, ...unitHandlers, ...profileHandlers, ...libraryHandlers, ...projectHandlers,
  ...exAnteHandlers, ...goalHandlers, ...goalFormHandlers, ...statsHandlers, ...monitoringHandlers, ...monitoringOpsHandlers,
  ...selfEvalHandlers, ...recheckHandlers, ...resultsHandlers, ...selfEvalCheckHandlers,
  ...keyEvalHandlers, ...assessmentHandlers, ...syncHandlers, ...statisticsHandlers,
};
