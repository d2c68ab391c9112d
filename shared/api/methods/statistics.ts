import { method } from '../define.ts';
import type { FileDto } from '../dto.ts';
import type { AnnualReportDraftDto, AnnualReportNarrativeDto, DashboardDto, StatDrillPage, StatisticsDto } from '../dtoStatistics.ts';
import { fiscalYearSchema } from '../schemas.ts';
import { annualReportSaveSchema, reportExportSchema, statisticsDrillSchema, statisticsQuerySchema } from '../schemasStatistics.ts';
import { z } from 'zod';

const READERS = ['admin', 'performance', 'business', 'viewer'] as const;
/** The annual report is the performance section's (绩效股) document. */
const PERFORMANCE = ['performance'] as const;

/**
 * Statistics (统计分析), the home screen's 待办 and the annual work report (年度工作情况报告). Every
 * figure comes from one query layer (electron/backend/repositories/statistics*.ts) with the
 * definitions of shared/rules/statisticsCatalog.ts.
 */
export const statisticsMethods = {
  'statistics.overview': method<StatisticsDto>()({ input: statisticsQuerySchema, access: READERS, write: false }),
  'statistics.drill': method<StatDrillPage>()({ input: statisticsDrillSchema, access: READERS, write: false }),
  'statistics.exportWorkbook': method<FileDto>()({ input: statisticsQuerySchema, access: READERS, write: false }),
  'statistics.dashboard': method<DashboardDto>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
  'statistics.getReport': method<AnnualReportNarrativeDto>()({ input: z.object({ year: fiscalYearSchema }), access: READERS, write: false }),
  'statistics.saveReport': method<AnnualReportNarrativeDto>()({ input: annualReportSaveSchema, access: PERFORMANCE, write: true }),
  'statistics.reportDraft': method<AnnualReportDraftDto>()({ input: reportExportSchema, access: READERS, write: false }),
  'statistics.exportReport': method<FileDto>()({ input: reportExportSchema, access: READERS, write: false }),
} as const;
