import { z } from 'zod';
import { method } from '../define.ts';
import type { FileDto, ImportPreview, ImportSummary } from '../dto.ts';
import type {
  CoverageDto, ExAnteDto, GoalQueueRowDto, GoalSheetDto, LibraryEntryDto, Page, ProfileDto, ProfileSummaryDto, ProjectDto, ProjectRowDto,
} from '../dtoGoals.ts';
import { empty, fileSchema, fiscalYearSchema, idSchema } from '../schemas.ts';
import {
  attachmentAddSchema, exAnteSaveSchema, goalAdjustSchema, goalOpenSchema, goalQueueSchema, goalReviewSchema, goalSaveSchema,
  goalTransitionSchema, libraryCreateSchema, librarySearchSchema, libraryUpdateSchema, profileAssignSchema, profileCopySchema,
  profileSaveSchema, projectCreateSchema, projectListSchema, projectUpdateSchema,
} from '../schemasGoals.ts';

const READERS = ['admin', 'performance', 'business', 'viewer'] as const;
/** Rules and the library belong to the performance section (绩效股). */
const PERFORMANCE = ['performance'] as const;
/** Registering projects, entering goals and assessments: the finance bureau's sections. */
const ENTRY = ['performance', 'business'] as const;

/** What a goal-import row carries, for the preview table. */
export interface GoalImportRow {
  projectCode: string;
  projectName: string;
  level1: string;
  level2: string;
  name: string;
  target: string;
}
/** What a project-import row carries, for the preview table. */
export interface ProjectImportRow {
  code: string;
  name: string;
  unitCode: string;
  budgetType: string;
  annualTotalFen: number;
}
/** What a library-import row carries, for the preview table. */
export interface LibraryImportRow {
  code: string;
  name: string;
  projectType: string;
  level1: string;
  level2: string;
}

const fileForYear = z.object({ file: fileSchema, year: fiscalYearSchema });

export const goalMethods = {
  'profiles.list': method<ProfileSummaryDto[]>()({ input: empty, access: READERS, write: false }),
  'profiles.get': method<ProfileDto>()({ input: z.object({ id: idSchema, version: z.number().int().optional() }), access: READERS, write: false }),
  'profiles.forYear': method<ProfileDto>()({ input: z.object({ year: fiscalYearSchema }), access: 'signedIn', write: false }),
  'profiles.copy': method<ProfileDto>()({ input: profileCopySchema, access: PERFORMANCE, write: true }),
  'profiles.save': method<ProfileDto>()({ input: profileSaveSchema, access: PERFORMANCE, write: true }),
  'profiles.assignYear': method<ProfileDto>()({ input: profileAssignSchema, access: PERFORMANCE, write: true }),

  'library.search': method<Page<LibraryEntryDto>>()({ input: librarySearchSchema, access: READERS, write: false }),
  'library.create': method<LibraryEntryDto>()({ input: libraryCreateSchema, access: PERFORMANCE, write: true }),
  'library.update': method<LibraryEntryDto>()({ input: libraryUpdateSchema, access: PERFORMANCE, write: true }),
  'library.setRetired': method<LibraryEntryDto>()({ input: z.object({ id: idSchema, retired: z.boolean() }), access: PERFORMANCE, write: true }),
  'library.template': method<FileDto>()({ input: empty, access: READERS, write: false }),
  'library.importPreview': method<ImportPreview<LibraryImportRow>>()({ input: z.object({ file: fileSchema }), access: PERFORMANCE, write: false }),
  'library.importCommit': method<ImportSummary>()({ input: z.object({ file: fileSchema }), access: PERFORMANCE, write: true }),
  'library.export': method<FileDto>()({ input: librarySearchSchema.omit({ page: true, pageSize: true }), access: READERS, write: false }),

  'projects.list': method<Page<ProjectRowDto> & { totalAmountFen: number }>()({ input: projectListSchema, access: READERS, write: false }),
  'projects.get': method<ProjectDto>()({ input: z.object({ id: idSchema }), access: READERS, write: false }),
  'projects.create': method<ProjectDto>()({ input: projectCreateSchema, access: ENTRY, write: true }),
  'projects.update': method<ProjectDto>()({ input: projectUpdateSchema, access: ENTRY, write: true }),
  'projects.setStatus': method<ProjectDto>()({
    input: z.object({ id: idSchema, status: z.enum(['registered', 'inLibrary', 'budgeted', 'cancelled']), comment: z.string().trim().max(1000).default('') }),
    access: PERFORMANCE,
    write: true,
  }),
  'projects.template': method<FileDto>()({ input: empty, access: READERS, write: false }),
  'projects.importPreview': method<ImportPreview<ProjectImportRow>>()({ input: fileForYear, access: ENTRY, write: false }),
  'projects.importCommit': method<ImportSummary>()({ input: fileForYear, access: ENTRY, write: true }),
  'projects.export': method<FileDto>()({ input: projectListSchema.omit({ page: true, pageSize: true }), access: READERS, write: false }),

  'exAnte.get': method<ExAnteDto>()({ input: z.object({ projectId: idSchema }), access: READERS, write: false }),
  'exAnte.save': method<ExAnteDto>()({ input: exAnteSaveSchema, access: ENTRY, write: true }),
  'exAnte.complete': method<ExAnteDto>()({ input: z.object({ projectId: idSchema }), access: ENTRY, write: true }),
  'exAnte.reopen': method<ExAnteDto>()({ input: z.object({ projectId: idSchema, reason: z.string().trim().min(1, { error: '请填写重新评估的原因' }).max(500) }), access: PERFORMANCE, write: true }),
  'exAnte.report': method<FileDto>()({ input: z.object({ projectId: idSchema }), access: READERS, write: false }),

  'attachments.add': method<{ id: string; name: string; size: number; createdAt: string }>()({ input: attachmentAddSchema, access: ENTRY, write: true }),
  'attachments.get': method<FileDto>()({ input: z.object({ id: idSchema }), access: READERS, write: false }),

  'goals.open': method<GoalSheetDto>()({ input: goalOpenSchema, access: READERS, write: false }),
  'goals.create': method<GoalSheetDto>()({ input: goalOpenSchema, access: ENTRY, write: true }),
  'goals.get': method<GoalSheetDto>()({ input: z.object({ sheetId: idSchema }), access: READERS, write: false }),
  'goals.save': method<GoalSheetDto>()({ input: goalSaveSchema, access: ENTRY, write: true }),
  'goals.transition': method<GoalSheetDto>()({ input: goalTransitionSchema, access: ENTRY, write: true }),
  'goals.review': method<GoalSheetDto>()({ input: goalReviewSchema, access: ENTRY, write: true }),
  'goals.adjust': method<GoalSheetDto>()({ input: goalAdjustSchema, access: PERFORMANCE, write: true }),
  'goals.queue': method<Page<GoalQueueRowDto>>()({ input: goalQueueSchema, access: READERS, write: false }),
  'goals.exportForm': method<FileDto>()({ input: z.object({ sheetId: idSchema }), access: READERS, write: false }),
  'goals.exportUnitBatch': method<FileDto>()({ input: z.object({ unitId: idSchema, year: fiscalYearSchema }), access: READERS, write: false }),
  'goals.template': method<FileDto>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
  'goals.importPreview': method<ImportPreview<GoalImportRow>>()({ input: fileForYear, access: ENTRY, write: false }),
  'goals.importCommit': method<ImportSummary>()({ input: fileForYear, access: ENTRY, write: true }),

  'stats.coverage': method<CoverageDto>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
} as const;
