import type { AnnualReportNarrativeDto, DashboardDto, StatisticsDto } from '../../../shared/api/dtoStatistics.ts';
import { AppFailure } from '../../../shared/api/result.ts';
import { STAT_STAGES } from '../../../shared/rules/statisticsCatalog.ts';
import { allStatTables, cellText, checksTable, consolidatedTable, overviewTable, scopeLabel, type StatTable } from '../../../shared/rules/statisticsTables.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { DOCX_MIME } from '../files/docx.ts';
import { buildAnnualReportDocx } from '../files/reportDocx.ts';
import { buildWorkbook, fileDto, type SheetSpec } from '../files/xlsx.ts';
import { findOffice } from '../repositories/office.ts';
import { openRounds, workflowCounts } from '../repositories/statisticsDashboard.ts';
import { findAnnualReport, upsertAnnualReport, type AnnualReportRow } from '../repositories/statisticsReports.ts';
import { uuidv7 } from '../util/ids.ts';
import { statistics } from './statisticsBuild.ts';
import { statContext } from './statisticsContext.ts';
import { drillStatistics } from './statisticsDrill.ts';
import { DEFAULT_NEXT_STEPS, defaultIntro, defaultTitle, reportDraft } from './statisticsReportText.ts';

/**
 * 统计分析, 首页待办 and 年度工作情况报告. The figures come from statisticsBuild.ts (one query
 * layer); the screens, the workbook and the report all print the same StatisticsDto through the
 * table model of shared/rules/statisticsTables.ts.
 */

type StatisticsMethods =
  | 'statistics.overview' | 'statistics.drill' | 'statistics.exportWorkbook' | 'statistics.dashboard'
  | 'statistics.getReport' | 'statistics.saveReport' | 'statistics.reportDraft' | 'statistics.exportReport';

export function statisticsOf(ctx: CallContext, input: { year: number; scope?: 'county' | 'prefecture' | undefined; origin?: string | undefined }): StatisticsDto {
  return statistics(statContext(ctx, input));
}

/** Flags printed in the report's attachment; the workbook lists all of them. */
const REPORT_CHECK_ROWS = 30;

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').trim().slice(0, 80);

/** A statistics table as a worksheet: amounts as numbers in 万元 (two decimals), rates as numbers of %. */
function sheetOf(t: StatTable, name: string): SheetSpec {
  return {
    name,
    title: t.title,
    columns: t.columns.map((c) => ({ header: c.label, width: c.kind === 'text' ? 24 : 14 })),
    rows: t.rows.map((r) => r.cells.map((cell, i) => {
      const kind = t.columns[i]?.kind ?? 'text';
      if (cell.value === null || typeof cell.value === 'string') return cell.value ?? '—';
      if (kind === 'fen') return Number(cellText('fen', cell.value).replace(/,/g, ''));
      return cell.value;
    })),
    notes: t.notes,
  };
}

const SHEET_NAMES: Record<string, string> = {
  overview: '全过程开展情况', consolidated: '各地区汇总', 'cut-level': '按级次', 'cut-origin': '按地区', 'cut-budgetType': '按预算类型',
  'cut-fundCategory': '按资金性质', 'cut-department': '按主管部门', grades: '评价等级分布', rectification: '问题整改', monitoring: '监控执行', checks: '数据一致性',
  figures: '指标口径',
};

function narrativeDto(ctx: CallContext, year: number, row: AnnualReportRow | undefined): AnnualReportNarrativeDto {
  const office = findOffice(ctx.db);
  const name = office?.name ?? '';
  if (!row) {
    return {
      year, title: defaultTitle(name, year), recipient: office?.parent_name ?? '', intro: defaultIntro(name, year), stageNotes: {}, problems: '',
      nextSteps: DEFAULT_NEXT_STEPS, signature: name, reportDate: null, updatedAt: null, updatedBy: '', rev: 0, isDefault: true,
    };
  }
  let notes: Record<string, string> = {};
  try {
    const parsed = JSON.parse(row.stage_notes) as Record<string, unknown>;
    notes = Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string' && (STAT_STAGES as readonly string[]).includes(e[0])));
  } catch {
    notes = {};
  }
  return {
    year, title: row.title, recipient: row.recipient, intro: row.intro, stageNotes: notes, problems: row.problems, nextSteps: row.next_steps,
    signature: row.signature, reportDate: row.report_date, updatedAt: row.updated_at, updatedBy: row.updated_by, rev: row.rev, isDefault: false,
  };
}

function draftOf(ctx: CallContext, input: { year: number; scope?: 'county' | 'prefecture' | undefined }) {
  const stats = statisticsOf(ctx, input);
  const narrative = narrativeDto(ctx, input.year, findAnnualReport(ctx.db, ctx.origin, input.year));
  return { stats, narrative, draft: reportDraft({ stats, narrative }) };
}

export const statisticsHandlers: HandlerMap<StatisticsMethods> = {
  'statistics.overview': (ctx, input) => statisticsOf(ctx, input),

  'statistics.drill': (ctx, input) => drillStatistics(ctx, input),

  'statistics.exportWorkbook': (ctx, input) => {
    const d = statisticsOf(ctx, input);
    const sheets = allStatTables(d, scopeLabel(d)).map((t) => sheetOf(t, SHEET_NAMES[t.id] ?? t.id.slice(0, 31)));
    const scope = d.scope === 'county' ? '本级' : '汇总';
    return fileDto(safeName(`${d.office.name}${d.year}年度预算绩效管理统计表（${scope}）.xlsx`), buildWorkbook(sheets));
  },

  'statistics.dashboard': (ctx, { year }) => {
    const today = ctx.now().toISOString().slice(0, 10);
    const soon = new Date(Date.parse(`${today}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
    const w = workflowCounts(ctx.db, ctx.origin, year, today, soon);
    const day = (iso: string) => Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
    return {
      year, today,
      rounds: openRounds(ctx.db, ctx.origin, year).map((r) => ({
        id: r.id, title: r.title, objectType: r.object_type, kind: r.kind, dueOn: r.due_on, daysLeft: day(r.due_on), sheets: r.sheets, pending: r.pending,
        submitted: r.submitted, accepted: r.accepted,
      })),
      returned: { goals: w.goalsReturned, monitoring: w.monitoringReturned, selfEval: w.selfEvalReturned },
      awaitingReview: { goals: w.goalsAwaiting, monitoring: w.monitoringAwaiting, selfEval: w.selfEvalAwaiting, recheck: w.recheckPending, submissions: w.submissions },
      rectifications: { open: w.rectOpen, overdue: w.rectOverdue, dueSoon: w.rectDueSoon },
    } satisfies DashboardDto;
  },

  'statistics.getReport': (ctx, { year }) => narrativeDto(ctx, year, findAnnualReport(ctx.db, ctx.origin, year)),

  'statistics.saveReport': (ctx, input) => {
    const before = findAnnualReport(ctx.db, ctx.origin, input.year);
    if ((before?.rev ?? 0) !== input.rev) throw new AppFailure('CONFLICT', `${input.year} 年度工作报告已被他人修改，请刷新后重试。`);
    const at = ctx.now().toISOString();
    const row: Omit<AnnualReportRow, 'rev'> = {
      id: before?.id ?? uuidv7(ctx.now().getTime()), origin: ctx.origin, year: input.year, title: input.title, recipient: input.recipient, intro: input.intro,
      stage_notes: JSON.stringify(Object.fromEntries(Object.entries(input.stageNotes).filter(([, v]) => v))), problems: input.problems,
      next_steps: input.nextSteps, signature: input.signature, report_date: input.reportDate, updated_by: ctx.user?.displayName ?? '',
      created_at: before?.created_at ?? at, updated_at: at,
    };
    ctx.write(['annual_reports'], (tx) => {
      upsertAnnualReport(ctx.db, row);
      tx.record('annual_report', row.id, before ?? null, findAnnualReport(ctx.db, ctx.origin, input.year) ?? null);
    });
    return narrativeDto(ctx, input.year, findAnnualReport(ctx.db, ctx.origin, input.year));
  },

  'statistics.reportDraft': (ctx, input) => draftOf(ctx, input).draft,

  'statistics.exportReport': async (ctx, input) => {
    const { stats, narrative, draft } = draftOf(ctx, input);
    const tables = [{ title: `${stats.year}年度预算绩效管理全过程开展情况表`, table: overviewTable(stats) }];
    if (stats.scope === 'prefecture' && stats.origins.length > 1) tables.push({ title: `${stats.year}年度各地区预算绩效管理情况汇总表`, table: consolidatedTable(stats) });
    const bytes = await buildAnnualReportDocx({
      draft, signature: narrative.signature || stats.office.name, date: narrative.reportDate ?? stats.today, tables,
      checks: stats.checks.length ? checksTable(stats.checks, stats.year, REPORT_CHECK_ROWS) : null,
    });
    return { name: safeName(`${draft.title}.docx`), base64: bytes.toString('base64'), mime: DOCX_MIME };
  },
};
