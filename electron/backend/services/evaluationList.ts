import type * as XLSX from 'xlsx';
import type { GradeCode } from '../../../shared/domain/ruleProfile.ts';
import {
  GOAL_GRADE_LABELS, KEY_EVAL_EVALUATOR_LABELS, KEY_EVAL_KIND_LABELS, KEY_EVAL_OBJECT_TYPE_LABELS, KEY_EVAL_STATUS_LABELS, LINKAGE_GRADE_SOURCE_LABELS,
  SELF_EVAL_OWNER_LABELS, SELF_EVAL_STATUS_LABELS,
} from '../../../shared/i18n/zh-CN.ts';
import { pickLinkageGrade, type LinkageGradeCandidate } from '../../../shared/rules/linkage.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { Grid, wanNumber } from '../files/formLayout.ts';
import { fileDto, numberCell, writeLaidOutWorkbook, type CellValue, type LaidOutSheet } from '../files/xlsx.ts';
import { findOffice } from '../repositories/office.ts';
import {
  completedKeyEvaluations, evaluationResults, keyEvaluationResults, type EvaluationResultRow, type KeyEvalGradeRow, type KeyEvaluationResultRow,
} from '../repositories/results.ts';

/**
 * 评价结果清单 (issue 5 item 5): one workbook per year with two sheets — every 单位自评 (projects and
 * units overall, any status) with its amount, self score and grade, the 财政复核 score and grade
 * when re-checked and the grade that counts (shared/rules/linkage.ts pickLinkageGrade, the order
 * budget linkage uses), and every 部门评价 / 财政重点评价 with its evaluator, object, total, grade
 * and completion date. Each sheet has a title row, the office and year, amounts in 万元 with two
 * decimals and scores with two decimals.
 */

const SCORE = '0.00';
const today = (ctx: CallContext) => ctx.now().toISOString().slice(0, 10);

type Cell = CellValue | XLSX.CellObject;
const score = (n: number | null): Cell => (n === null ? '' : numberCell(n, SCORE));
const grade = (g: GradeCode | null) => (g ? GOAL_GRADE_LABELS[g] : '');

interface Column {
  header: string;
  width: number;
}

/** A list laid out like a printed register: title, office and year, header, rows, notes. */
function listSheet(name: string, title: string, subtitle: string, columns: readonly Column[], rows: readonly Cell[][], notes: readonly string[]): LaidOutSheet {
  const g = new Grid(columns.map((c) => c.width), { left: 0.3, right: 0.3, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 });
  const L = g.last;
  g.block(0, 0, 0, L, title);
  g.height(0, 28);
  g.block(1, 0, 1, L, subtitle);
  columns.forEach((c, i) => g.set(2, i, c.header));
  g.height(2, 30);
  rows.forEach((row, k) => {
    row.forEach((v, i) => {
      g.set(3 + k, i, v);
      if (typeof v === 'string') g.fit(3 + k, i, i, v);
    });
  });
  let r = 3 + rows.length;
  for (const note of notes) {
    g.block(r, 0, r, L, note);
    g.fit(r, 0, L, note);
    r++;
  }
  return g.toSheet(name);
}

type Counting = LinkageGradeCandidate & { grade: GradeCode };

/** The grade that counts for a self-evaluation's object, and where it comes from. */
function countingOf(e: EvaluationResultRow, keyEvals: readonly KeyEvalGradeRow[]): Counting | null {
  const candidates: Counting[] = [];
  if (e.status === 'accepted' && e.grade) candidates.push({ source: 'selfEvaluation', grade: e.grade });
  if (e.recheck_grade) candidates.push({ source: 'recheck', grade: e.recheck_grade, at: e.recheck_completed_at });
  for (const k of keyEvals) {
    const same = e.project_id ? k.object_type === 'project' && k.project_id === e.project_id : k.object_type === 'unitOverall' && k.unit_id === e.unit_id;
    if (same) candidates.push({ source: 'keyEvaluation', kind: k.kind, at: k.completed_at, grade: k.grade });
  }
  return pickLinkageGrade(candidates);
}

const countingSource = (c: Counting) => (c.kind ? KEY_EVAL_KIND_LABELS[c.kind] : LINKAGE_GRADE_SOURCE_LABELS[c.source]);

const SELF_COLUMNS: Column[] = [
  { header: '序号', width: 6 }, { header: '单位', width: 20 }, { header: '类型', width: 12 }, { header: '项目编码', width: 14 },
  { header: '项目名称', width: 28 }, { header: '金额（万元）', width: 13 }, { header: '自评得分', width: 9 }, { header: '自评等级', width: 8 },
  { header: '复核得分', width: 9 }, { header: '复核等级', width: 8 }, { header: '认定等级', width: 8 }, { header: '认定依据', width: 18 },
  { header: '自评状态', width: 12 },
];

function selfRows(evals: readonly EvaluationResultRow[], keyEvals: readonly KeyEvalGradeRow[]): Cell[][] {
  return evals.map((e, i) => {
    const c = countingOf(e, keyEvals);
    return [
      i + 1, e.unit_name, SELF_EVAL_OWNER_LABELS[e.owner_type], e.project_code ?? '', e.project_id ? (e.project_name ?? '') : `${e.unit_name} 部门整体支出`,
      numberCell(wanNumber(e.base_fen)), score(e.total), grade(e.grade), score(e.recheck_id ? e.recheck_total : null), grade(e.recheck_grade),
      c ? GOAL_GRADE_LABELS[c.grade] : '', c ? countingSource(c) : '未认定', SELF_EVAL_STATUS_LABELS[e.status as keyof typeof SELF_EVAL_STATUS_LABELS] ?? e.status,
    ];
  });
}

const KEY_COLUMNS: Column[] = [
  { header: '序号', width: 6 }, { header: '评价类型', width: 12 }, { header: '评价主体', width: 22 }, { header: '评价对象类型', width: 14 },
  { header: '评价对象', width: 30 }, { header: '被评价单位', width: 20 }, { header: '评价项目名称', width: 32 }, { header: '总分', width: 9 },
  { header: '评价等级', width: 8 }, { header: '完成日期', width: 11 }, { header: '状态', width: 8 },
];

function objectText(k: KeyEvaluationResultRow): string {
  if (k.object_type === 'project') return [k.project_code, k.project_name].filter(Boolean).join(' ');
  if (k.object_type === 'unitOverall') return `${k.unit_name} 部门整体支出`;
  return k.title;
}

function keyRows(keys: readonly KeyEvaluationResultRow[]): Cell[][] {
  return keys.map((k, i) => [
    i + 1, KEY_EVAL_KIND_LABELS[k.kind], k.agency_name ? `${KEY_EVAL_EVALUATOR_LABELS[k.evaluator]}（${k.agency_name}）` : KEY_EVAL_EVALUATOR_LABELS[k.evaluator],
    KEY_EVAL_OBJECT_TYPE_LABELS[k.object_type], objectText(k), k.unit_name, k.title, score(k.status === 'completed' ? k.total : null),
    k.status === 'completed' ? grade(k.grade) : '', k.completed_at ? k.completed_at.slice(0, 10) : '',
    KEY_EVAL_STATUS_LABELS[k.status as keyof typeof KEY_EVAL_STATUS_LABELS] ?? k.status,
  ]);
}

export function evaluationListWorkbook(ctx: CallContext, year: number): Buffer {
  const office = findOffice(ctx.db)?.name ?? '';
  const subtitle = `编制单位：${office}　　评价年度：${year} 年　　金额单位：万元`;
  const evals = evaluationResults(ctx.db, year);
  const keys = keyEvaluationResults(ctx.db, year);
  const keyGrades = completedKeyEvaluations(ctx.db, year);
  const projects = evals.filter((e) => e.owner_type === 'project').length;
  const accepted = evals.filter((e) => e.status === 'accepted').length;
  const rechecked = evals.filter((e) => e.recheck_id).length;
  const done = keys.filter((k) => k.status === 'completed').length;
  return writeLaidOutWorkbook([
    listSheet('单位自评', `${year}年度绩效评价结果清单（单位自评）`, subtitle, SELF_COLUMNS, selfRows(evals, keyGrades), [
      `共 ${evals.length} 个自评：项目支出 ${projects} 个、部门整体支出 ${evals.length - projects} 个；经财政验收 ${accepted} 个，经财政复核 ${rechecked} 个。`,
      '认定等级：已完成的部门评价或财政重点评价优先（财政重点评价优先于部门评价），其次为财政复核，再次为经财政验收的单位自评；未经验收、复核或评价的不认定。金额为全年预算数（部门整体为基本支出与项目支出合计）。',
      `导出日期：${today(ctx)}`,
    ]),
    listSheet('部门和财政评价', `${year}年度绩效评价结果清单（部门评价和财政重点评价）`, subtitle, KEY_COLUMNS, keyRows(keys), [
      `共 ${keys.length} 个评价项目，已完成 ${done} 个；评价中的项目不列得分和等级。`,
      `导出日期：${today(ctx)}`,
    ]),
  ]);
}

export const evaluationListHandlers: HandlerMap<'results.exportEvaluationList'> = {
  'results.exportEvaluationList': (ctx, { year }) => fileDto(`绩效评价结果清单-${year}年.xlsx`, evaluationListWorkbook(ctx, year)),
};
