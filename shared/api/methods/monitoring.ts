import { z } from 'zod';
import { method } from '../define.ts';
import type { FileDto, ImportPreview, ImportSummary } from '../dto.ts';
import type { Page } from '../dtoGoals.ts';
import type {
  ExecutionImportRow, ExecutionMappingDto, KeyCandidateDto, MonitoringRoundDto, MonitoringSheetDto, MonitoringSheetRowDto,
  MonitoringSummaryDto, MonitoringWarningDto, RectificationDto, RoundProposalDto,
} from '../dtoMonitoring.ts';
import { empty, fiscalYearSchema, idSchema, regionCodeSchema } from '../schemas.ts';
import {
  causeDictionarySchema, decisionSchema, executionImportSchema, executionMappingSchema, rectificationListSchema, rectificationUpdateSchema,
  roundCreateSchema, roundUpdateSchema, sheetListSchema, sheetSaveSchema, sheetTransitionSchema, warningListSchema,
} from '../schemasMonitoring.ts';

const READERS = ['admin', 'performance', 'business', 'viewer'] as const;
/** Rounds, key selection, acceptance and decisions: the finance bureau (业务股室 and 绩效股). */
const FINANCE = ['performance', 'business'] as const;

export const monitoringMethods = {
  'monitoring.rounds': method<MonitoringRoundDto[]>()({ input: z.object({ year: fiscalYearSchema, origin: regionCodeSchema.optional() }), access: READERS, write: false }),
  'monitoring.proposeRounds': method<RoundProposalDto[]>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
  'monitoring.createRound': method<MonitoringRoundDto>()({ input: roundCreateSchema, access: FINANCE, write: true }),
  'monitoring.updateRound': method<MonitoringRoundDto>()({ input: roundUpdateSchema, access: FINANCE, write: true }),
  /** Creates the round's sheets for every object with an approved goal (pre-filled). */
  'monitoring.populateRound': method<{ created: number; existing: number }>()({ input: z.object({ roundId: idSchema }), access: FINANCE, write: true }),
  'monitoring.keyCandidates': method<KeyCandidateDto[]>()({ input: z.object({ roundId: idSchema }), access: READERS, write: false }),
  'monitoring.confirmKey': method<{ selected: number }>()({ input: z.object({ roundId: idSchema, projectIds: z.array(idSchema).max(10000) }), access: FINANCE, write: true }),

  'monitoring.sheets': method<Page<MonitoringSheetRowDto>>()({ input: sheetListSchema, access: READERS, write: false }),
  'monitoring.getSheet': method<MonitoringSheetDto>()({ input: z.object({ sheetId: idSchema }), access: READERS, write: false }),
  'monitoring.saveSheet': method<MonitoringSheetDto>()({ input: sheetSaveSchema, access: FINANCE, write: true }),
  'monitoring.transition': method<MonitoringSheetDto>()({ input: sheetTransitionSchema, access: FINANCE, write: true }),

  'monitoring.getMapping': method<ExecutionMappingDto>()({ input: empty, access: READERS, write: false }),
  'monitoring.saveMapping': method<ExecutionMappingDto>()({ input: executionMappingSchema, access: FINANCE, write: true }),
  'monitoring.importExecutionPreview': method<ImportPreview<ExecutionImportRow>>()({ input: executionImportSchema, access: FINANCE, write: false }),
  'monitoring.importExecutionCommit': method<ImportSummary>()({ input: executionImportSchema, access: FINANCE, write: true }),

  'monitoring.warnings': method<Page<MonitoringWarningDto>>()({ input: warningListSchema, access: READERS, write: false }),
  'monitoring.decide': method<MonitoringSheetDto>()({ input: decisionSchema, access: FINANCE, write: true }),

  'monitoring.exportForm': method<FileDto>()({ input: z.object({ sheetId: idSchema }), access: READERS, write: false }),
  'monitoring.exportUnitBatch': method<FileDto>()({ input: z.object({ roundId: idSchema, unitId: idSchema }), access: READERS, write: false }),
  'monitoring.summary': method<MonitoringSummaryDto>()({ input: z.object({ year: fiscalYearSchema, roundId: z.string().optional() }), access: READERS, write: false }),

  'monitoring.causes': method<{ code: string; label: string; active: boolean }[]>()({ input: empty, access: 'signedIn', write: false }),
  'monitoring.saveCauses': method<{ code: string; label: string; active: boolean }[]>()({ input: causeDictionarySchema, access: ['performance'], write: true }),

  'rectifications.list': method<Page<RectificationDto>>()({ input: rectificationListSchema, access: READERS, write: false }),
  'rectifications.update': method<RectificationDto>()({ input: rectificationUpdateSchema, access: FINANCE, write: true }),
} as const;
