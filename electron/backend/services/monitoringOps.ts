import type { HandlerMap } from '../context.ts';
import { monitoringDecisionHandlers } from './monitoringDecisions.ts';
import { monitoringFormHandlers } from './monitoringForms.ts';
import { monitoringImportHandlers } from './monitoringImport.ts';
import { monitoringStatsHandlers } from './monitoringStats.ts';

/**
 * The monitoring operations around the sheets (services/monitoring.ts owns rounds, entry and the
 * workflow): the execution import (monitoringImport.ts), warnings, decisions and rectification
 * items (monitoringDecisions.ts), the 执行监控表 exports (monitoringForms.ts) and the summary
 * (monitoringStats.ts).
 */
type MonitoringOpsMethods =
  | 'monitoring.getMapping' | 'monitoring.saveMapping' | 'monitoring.importExecutionPreview' | 'monitoring.importExecutionCommit'
  | 'monitoring.warnings' | 'monitoring.decide' | 'monitoring.exportForm' | 'monitoring.exportUnitBatch' | 'monitoring.summary'
  | 'rectifications.list' | 'rectifications.update';

export const monitoringOpsHandlers: HandlerMap<MonitoringOpsMethods> = {
  ...monitoringImportHandlers,
  ...monitoringDecisionHandlers,
  ...monitoringFormHandlers,
  ...monitoringStatsHandlers,
};
