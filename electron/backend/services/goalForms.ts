import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';
import type { FileDto, ImportPreview, ImportRowPreview, ImportSummary } from '../../../shared/api/dto.ts';
import type { GoalStatus } from '../../../shared/api/dtoGoals.ts';
import type { GoalImportRow } from '../../../shared/api/methods/goals.ts';
import { FRAMEWORK, LEVEL1, LEVEL2, fitsFramework, type Level1Code, type Level2Code, type Operator } from '../../../shared/domain/indicators.ts';
import { PROJECT_ATTRIBUTE_LABELS } from '../../../shared/domain/projects.ts';
import { GOAL_GRADE_LABELS, GOAL_REVIEW_ACTION_LABELS, GOAL_STATUS_LABELS } from '../../../shared/i18n/zh-CN.ts';
import { toHalfWidth } from '../../../shared/rules/money.ts';
import { formatTarget, parseTargetValue } from '../../../shared/rules/targetValue.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import {
  projectFormSheet, unitFormSheet, type FormIndicator, type FormReview, type UnitTask,
} from '../files/goalForms.ts';
import {
  buildWorkbook, columnLetter, fileDto, readWorkbookWithFormats, sanitizeSheetName, sheetRowsAsTyped, writeLaidOutWorkbook,
  type CellValue, type LaidOutSheet,
} from '../files/xlsx.ts';
import { listGoalEvents, listGoalReviews } from '../repositories/goalQueries.ts';
import { findSheet, findUnitSheet, listIndicators, type GoalIndicatorRow, type GoalSheetRow } from '../repositories/goals.ts';
import { yearExists } from '../repositories/office.ts';
import { annualTotalFen, findProject, type ProjectRow } from '../repositories/projects.ts';
import { goalImportWriter, indicatorReader, ownProjectsOfYear, projectSheetsOfYear, unitBudgetProjects, unitProjectSheets } from '../repositories/statsQueries.ts';
import { findUnit, type UnitRow } from '../repositories/units.ts';
import { uuidv7 } from '../util/ids.ts';
import { parseYesNo } from './importCells.ts';
import { resolveProfile } from './profiles.ts';

/**
 * The official goal forms (项目支出 / 部门整体支出绩效目标申报表, SPEC §4.4–4.5) and the batch
 * import of goals from the app's own template (two-phase, all or nothing, cell-level errors).
 */

// ---------------------------------------------------------------- forms

const dateOf = (iso: string) => iso.slice(0, 10);
/** File names carry unit and project names: keep them valid on Windows. */
const safeFileName = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]/g, '_').trim();

/**
 * Targets print as written; a leading "=" (=0起) would be stored with the formula-guard
 * apostrophe and show as "'=0起", so the forms print the full-width "＝", which reads the same
 * and re-imports unchanged (parseTargetValue folds full-width characters).
 */
const printTarget = (text: string) => text.replace(/^=/, '＝');

function formIndicator(r: GoalIndicatorRow): FormIndicator {
  const target = r.target_text || formatTarget({ valueType: r.value_type, operator: r.operator, value: r.target_value, unit: r.unit, text: r.target_text });
  return {
    level1: r.level1, level2: r.level2, name: r.name, valueType: r.value_type, target: printTarget(target), midTerm: printTarget(r.mid_term_text),
    unit: r.unit, explanation: r.explanation, scoringRule: r.scoring_rule, isCore: r.is_core === 1,
  };
}

/** The 主管部门 of a unit: its top ancestor (a 主管部门 is its own). */
function departmentOf(db: CallContext['db'], unit: UnitRow): UnitRow {
  let cur = unit;
  for (let guard = 0; cur.parent_id && guard < 5; guard++) {
    const parent = findUnit(db, cur.parent_id);
    if (!parent) break;
    cur = parent;
  }
  return cur;
}

const withCode = (u: UnitRow) => `${u.name}（${u.code}）`;

function monthText(ym: string): string {
  const [y, m] = ym.split('-');
  return `${y}年${Number(m)}月`;
}

/** 项目期: the project's months, or just the fiscal year when none were entered. */
function periodText(p: ProjectRow): string {
  if (p.start_month && p.end_month) return `${monthText(p.start_month)}—${monthText(p.end_month)}`;
  if (p.start_month) return `${monthText(p.start_month)}起`;
  if (p.end_month) return `至${monthText(p.end_month)}`;
  return `${p.year}年`;
}

/**
 * 审核意见 from the sheet's history: the 主管部门 line is its last decision on a submitted sheet,
 * the 财政业务股室 line the latest scored review, the 绩效股 line the approval/publication.
 */
function reviewLines(db: CallContext['db'], sheet: GoalSheetRow): FormReview {
  const events = listGoalEvents(db, sheet.id);
  const last = <T>(xs: readonly T[], pred: (x: T) => boolean) => xs.filter(pred).at(-1);
  const who = (username: string, at: string) => `（${username}，${dateOf(at)}）`;
  const dept = last(events, (e) => e.from_status === 'submitted' && (e.to_status === 'deptApproved' || e.to_status === 'returned'));
  const review = listGoalReviews(db, sheet.id).at(-1);
  const approval = last(events, (e) => e.to_status === 'approved' || e.to_status === 'published');
  const withComment = (head: string, comment: string) => (comment ? `${head}：${comment}` : head);
  return {
    department: dept ? `${withComment(dept.to_status === 'deptApproved' ? '审核通过' : '退回修改', dept.comment)}${who(dept.username, dept.at)}` : '',
    business: review
      ? `审核得分 ${review.total.toFixed(2)} 分，等级“${GOAL_GRADE_LABELS[review.grade]}”，处理意见：${GOAL_REVIEW_ACTION_LABELS[review.action]}。${review.opinion}${who(review.reviewer, review.reviewed_at)}`
      : '',
    performance: approval ? `${withComment(GOAL_STATUS_LABELS[approval.to_status], approval.comment)}${who(approval.username, approval.at)}` : '',
  };
}

function footer(ctx: CallContext, sheet: GoalSheetRow): string {
  return `当前状态：${GOAL_STATUS_LABELS[sheet.status]}${sheet.locked ? '（已锁定）' : ''}　　导出日期：${dateOf(ctx.now().toISOString())}`;
}

function projectSheet(ctx: CallContext, sheet: GoalSheetRow, project: ProjectRow, template: 'A' | 'B', sheetName: string): LaidOutSheet {
  const unit = findUnit(ctx.db, project.unit_id);
  if (!unit) throw new AppFailure('NOT_FOUND', `项目“${project.code}”的实施单位不存在。`);
  const mid = project.mid_term_total_fen;
  return projectFormSheet({
    sheetName,
    year: sheet.year,
    template,
    projectName: project.name,
    projectCode: project.code,
    department: withCode(departmentOf(ctx.db, unit)),
    implementingUnit: unit.name,
    attribute: PROJECT_ATTRIBUTE_LABELS[project.attribute],
    period: periodText(project),
    manager: project.manager,
    phone: project.phone,
    // Only the 中期 total is stored; its split by source is left blank rather than guessed.
    midTerm: { totalFen: mid, fiscalFen: null, otherFen: null },
    annual: { totalFen: annualTotalFen(project), fiscalFen: project.annual_fiscal_fen, otherFen: project.annual_carryover_fen + project.annual_other_fen },
    midTermGoal: sheet.mid_term_goal,
    annualGoal: sheet.annual_goal,
    indicators: listIndicators(ctx.db, sheet.id).map(formIndicator),
    review: reviewLines(ctx.db, sheet),
    footer: footer(ctx, sheet),
  });
}

function unitSheet(ctx: CallContext, sheet: GoalSheetRow, unit: UnitRow, sheetName: string): LaidOutSheet {
  const tasks: UnitTask[] = unitBudgetProjects(ctx.db, unit.id, sheet.year).map((p) => ({
    name: p.name, totalFen: annualTotalFen(p), fiscalFen: p.annual_fiscal_fen, otherFen: p.annual_carryover_fen + p.annual_other_fen,
  }));
  return unitFormSheet({
    sheetName,
    year: sheet.year,
    unitName: withCode(unit),
    duties: sheet.unit_duties,
    tasks,
    annualGoal: sheet.annual_goal,
    indicators: listIndicators(ctx.db, sheet.id).map(formIndicator),
    review: reviewLines(ctx.db, sheet),
    footer: footer(ctx, sheet),
  });
}

/** The sheet name of a 部门整体 form. */
const UNIT_SHEET_NAME = '部门整体';

// ---------------------------------------------------------------- import template

export const GOAL_IMPORT_SHEET = '绩效目标';

/** Template columns in order; the import finds them by header text (an asterisk marks required). */
const COLUMNS = [
  { key: 'code', header: '项目编码', aliases: ['编码'], required: true, width: 16 },
  { key: 'projectName', header: '项目名称', aliases: [], required: false, width: 28 },
  { key: 'annualGoal', header: '年度总体目标', aliases: ['年度目标', '总体目标'], required: false, width: 40 },
  { key: 'midTermGoal', header: '中期目标', aliases: ['中长期目标'], required: false, width: 30 },
  { key: 'level1', header: '一级指标', aliases: [], required: true, width: 12 },
  { key: 'level2', header: '二级指标', aliases: [], required: true, width: 18 },
  { key: 'name', header: '三级指标', aliases: ['三级指标名称'], required: true, width: 28 },
  { key: 'valueType', header: '指标值类型', aliases: [], required: false, width: 10 },
  { key: 'target', header: '指标值', aliases: ['年度指标值', '指标值(年度)'], required: true, width: 16 },
  { key: 'unit', header: '计量单位', aliases: ['单位'], required: false, width: 10 },
  { key: 'midTerm', header: '中期指标值', aliases: ['指标值(中期)'], required: false, width: 14 },
  { key: 'explanation', header: '指标解释', aliases: [], required: false, width: 30 },
  { key: 'scoringRule', header: '评（扣）分标准', aliases: ['评分标准', '扣分标准'], required: false, width: 30 },
  { key: 'isCore', header: '是否核心指标', aliases: ['核心指标'], required: false, width: 12 },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'];

/** Header text compared without asterisks, spaces, or the full-width/half-width difference. */
const normHeader = (h: string) => toHalfWidth(h).replace(/[*＊\s]/g, '');

/** Indicator columns: a row with all of them empty only carries goal text. */
const INDICATOR_KEYS: readonly ColumnKey[] = ['level1', 'level2', 'name', 'valueType', 'target', 'unit', 'midTerm', 'explanation', 'scoringRule', 'isCore'];

const MAX_INDICATORS = 200;

/** Labels as typed: "产出指标" or the short "产出"; full-width characters folded. */
function labelMap<C extends string>(labels: Record<C, string>): Map<string, C> {
  const m = new Map<string, C>();
  for (const [code, label] of Object.entries(labels) as [C, string][]) {
    m.set(label, code);
    m.set(label.replace(/指标$/, ''), code);
  }
  return m;
}
const LEVEL1_BY_LABEL = labelMap<Level1Code>(LEVEL1);
const LEVEL2_BY_LABEL = labelMap<Level2Code>(LEVEL2);
const normLabel = (s: string) => toHalfWidth(s).replace(/\s+/g, '');
/** A 计量单位 folded the way parseTargetValue folds the unit it reads from a cell. */
const normUnit = (s: string) => toHalfWidth(s).replace(/[〜∼]/g, '~').replace(/[—–−‐‑]/g, '-').replace(/\s+/g, '').replace(/[.,;、]+$/, '');

function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return typeof v === 'number' ? String(v) : v.trim();
}

// ---------------------------------------------------------------- import plan

/** One indicator as it will be stored (without ids). */
interface ImportedIndicator {
  level1: Level1Code;
  level2: Level2Code;
  name: string;
  valueType: 'quantitative' | 'qualitative';
  operator: Operator;
  targetValue: number | null;
  targetText: string;
  unit: string;
  midTermText: string;
  explanation: string;
  scoringRule: string;
  isCore: boolean;
}

/** What the file says about one project's goal sheet. */
interface ProjectPlan {
  code: string;
  project: ProjectRow;
  /** Excel rows of this project, in file order. */
  rows: number[];
  annualGoal: string;
  midTermGoal: string;
  indicators: ImportedIndicator[];
  existing: GoalSheetRow | undefined;
  existingIndicators: GoalIndicatorRow[];
  action: 'add' | 'update' | 'unchanged';
}

export interface GoalImportPlan {
  preview: ImportPreview<GoalImportRow>;
  projects: ProjectPlan[];
}

/** The stored content compared on re-import: equal content means `unchanged`. */
const indicatorKey = (i: ImportedIndicator) =>
  JSON.stringify([i.level1, i.level2, i.name, i.valueType, i.operator, i.targetValue, i.targetText, i.unit, i.midTermText, i.explanation, i.scoringRule, i.isCore]);
const storedKey = (r: GoalIndicatorRow): string =>
  indicatorKey({
    level1: r.level1, level2: r.level2, name: r.name, valueType: r.value_type, operator: r.operator, targetValue: r.target_value, targetText: r.target_text,
    unit: r.unit, midTermText: r.mid_term_text, explanation: r.explanation, scoringRule: r.scoring_rule, isCore: r.is_core === 1,
  });

function sameContent(p: Pick<ProjectPlan, 'annualGoal' | 'midTermGoal' | 'indicators'>, sheet: GoalSheetRow, stored: readonly GoalIndicatorRow[]): boolean {
  if (sheet.annual_goal !== p.annualGoal || sheet.mid_term_goal !== p.midTermGoal || stored.length !== p.indicators.length) return false;
  return p.indicators.every((ind, k) => {
    const s = stored[k];
    return s !== undefined && storedKey(s) === indicatorKey(ind);
  });
}

const EDITABLE: readonly GoalStatus[] = ['draft', 'returned'];

/** The import sheet of a workbook, read once: the commit plans twice (before and after its backup) from the same grid. */
interface GoalGrid {
  fileName: string;
  sheetName: string;
  grid: CellValue[][];
}

function readGoalGrid(fileName: string, bytes: Buffer): GoalGrid {
  let wb;
  try {
    wb = readWorkbookWithFormats(bytes);
  } catch {
    throw new AppFailure('IMPORT_INVALID', `无法读取文件“${fileName}”：不是有效的 Excel 文件。`, [{ message: '文件格式无效，请使用 .xlsx 模板' }]);
  }
  const sheetName = wb.SheetNames.includes(GOAL_IMPORT_SHEET) ? GOAL_IMPORT_SHEET : wb.SheetNames[0];
  const ws = sheetName ? wb.Sheets[sheetName] : undefined;
  if (!sheetName || !ws) throw new AppFailure('IMPORT_INVALID', `文件“${fileName}”中没有工作表。`, [{ message: '没有工作表' }]);
  // Read as typed: "95%" entered in Excel is stored as 0.95 with a percent format.
  return { fileName, sheetName, grid: sheetRowsAsTyped(ws) };
}

const CODE_HEADERS = [COLUMNS[0].header, ...COLUMNS[0].aliases].map(normHeader);

/** Parses and validates a goal workbook against this office's projects of the year. Writes nothing. */
export function planGoalImport(ctx: CallContext, fileName: string, bytes: Buffer, year: number): GoalImportPlan {
  checkYear(ctx, year);
  return planFromGrid(ctx, readGoalGrid(fileName, bytes), year);
}

function checkYear(ctx: CallContext, year: number): void {
  if (!yearExists(ctx.db, year)) throw new AppFailure('VALIDATION', `年度 ${year} 尚未建立，请先在系统设置中新增该年度。`, [{ field: 'year', message: '年度不存在' }]);
}

function planFromGrid(ctx: CallContext, { fileName, sheetName, grid }: GoalGrid, year: number): GoalImportPlan {
  const headerIndex = grid.slice(0, 10).findIndex((r) => r.some((c) => CODE_HEADERS.includes(normHeader(cellText(c)))));
  if (headerIndex < 0) {
    throw new AppFailure('IMPORT_INVALID', `工作表“${sheetName}”前 10 行中找不到表头“项目编码”，请使用绩效目标导入模板。`, [
      { sheet: sheetName, row: 1, message: '找不到表头“项目编码”' },
    ]);
  }
  const header = (grid[headerIndex] ?? []).map((c) => normHeader(cellText(c)));
  const col = new Map<ColumnKey, number>();
  const missing: ErrorDetail[] = [];
  for (const c of COLUMNS) {
    const names = [c.header, ...c.aliases].map(normHeader);
    const idx = header.findIndex((h) => names.includes(h));
    if (idx >= 0) col.set(c.key, idx);
    else if (c.required) missing.push({ sheet: sheetName, row: headerIndex + 1, message: `缺少必填列“${c.header}”` });
  }
  if (missing.length) throw new AppFailure('IMPORT_INVALID', `文件“${fileName}”缺少必填列。`, missing);

  const errors: ErrorDetail[] = [];
  const get = (r: CellValue[], key: ColumnKey) => {
    const idx = col.get(key);
    return idx === undefined ? '' : cellText(r[idx]);
  };
  const at = (row: number, key: ColumnKey, message: string): ErrorDetail => ({
    sheet: sheetName, row, column: columnLetter(col.get(key) ?? 0), field: COLUMNS.find((c) => c.key === key)?.header ?? '', message,
  });

  const projectsByCode = new Map(ownProjectsOfYear(ctx.db, ctx.origin, year).map((p) => [p.code, p]));
  const sheetsByProject = new Map(projectSheetsOfYear(ctx.db, year).map((s) => [s.project_id ?? '', s]));
  const readIndicators = indicatorReader(ctx.db);

  interface Pending {
    code: string;
    rows: number[];
    annual: { text: string; row: number } | null;
    midTerm: { text: string; row: number } | null;
    indicators: (ImportedIndicator & { row: number })[];
    names: Map<string, number>;
    valid: boolean;
  }
  const pending = new Map<string, Pending>();
  const previewRows: (ImportRowPreview<GoalImportRow> & { code: string })[] = [];

  for (let i = headerIndex + 1; i < grid.length; i++) {
    const r = grid[i] ?? [];
    if (r.every((c) => cellText(c) === '')) continue;
    const rowNo = i + 1;
    const code = get(r, 'code');
    let valid = true;
    const bad = (key: ColumnKey, message: string) => {
      errors.push(at(rowNo, key, message));
      valid = false;
    };
    if (code === '') bad('code', '缺少项目编码');
    let p = code ? pending.get(code) : undefined;
    if (code && !p) {
      p = { code, rows: [], annual: null, midTerm: null, indicators: [], names: new Map(), valid: true };
      pending.set(code, p);
    }
    p?.rows.push(rowNo);

    // Goal texts: on the project's first row, or repeated on every row; never two different texts.
    const goalText = (key: 'annualGoal' | 'midTermGoal', slot: 'annual' | 'midTerm', label: string) => {
      const text = get(r, key);
      if (text === '' || !p) return;
      if (text.length > 4000) bad(key, `${label}超过 4000 个字`);
      const first = p[slot];
      if (!first) p[slot] = { text, row: rowNo };
      else if (first.text !== text) bad(key, `${label}与第 ${first.row} 行不一致（同一项目只能有一个${label}）`);
    };
    goalText('annualGoal', 'annual', '年度总体目标');
    goalText('midTermGoal', 'midTerm', '中期目标');

    if (INDICATOR_KEYS.every((k) => get(r, k) === '')) {
      if (!valid && p) p.valid = false;
      continue; // a row carrying only the project's goal texts
    }

    const l1Text = get(r, 'level1');
    const l2Text = get(r, 'level2');
    const level1 = LEVEL1_BY_LABEL.get(normLabel(l1Text));
    const level2 = LEVEL2_BY_LABEL.get(normLabel(l2Text));
    if (l1Text === '') bad('level1', '缺少一级指标');
    else if (!level1) bad('level1', `一级指标“${l1Text}”无法识别，应为 ${Object.values(LEVEL1).join('、')} 之一`);
    if (l2Text === '') bad('level2', '缺少二级指标');
    else if (!level2) bad('level2', `二级指标“${l2Text}”无法识别，应为 ${Object.values(LEVEL2).join('、')} 之一`);
    else if (level1 && !fitsFramework('A', level1, level2) && !fitsFramework('B', level1, level2)) {
      bad('level2', `二级指标“${LEVEL2[level2]}”不属于一级指标“${LEVEL1[level1]}”（模板 A、模板 B 均无此组合）`);
    }
    const name = get(r, 'name');
    if (name === '') bad('name', '缺少三级指标名称');
    else if (name.length > 60) bad('name', '三级指标名称超过 60 个字');
    else if (p) {
      const first = p.names.get(name);
      if (first !== undefined) bad('name', `三级指标“${name}”与第 ${first} 行重复（同一项目内三级指标不能重名）`);
      else p.names.set(name, rowNo);
    }
    const vtText = get(r, 'valueType');
    const valueType = vtText === '' ? undefined : vtText === '定量' ? 'quantitative' : vtText === '定性' ? 'qualitative' : null;
    if (valueType === null) bad('valueType', `指标值类型“${vtText}”应为 定量 或 定性`);
    const unit = get(r, 'unit');
    if (unit.length > 20) bad('unit', '计量单位超过 20 个字');
    const targetText = get(r, 'target');
    let parsed: ReturnType<typeof parseTargetValue> | null = null;
    if (targetText === '') bad('target', '缺少指标值');
    else if (targetText.length > 200) bad('target', '指标值超过 200 个字');
    else {
      parsed = parseTargetValue(targetText, { ...(valueType ? { valueType } : {}), ...(unit ? { unit } : {}) });
      if (!parsed.ok) bad('target', parsed.message);
      else if (parsed.value.valueType === 'quantitative' && unit && parsed.value.unit !== normUnit(unit)) {
        bad('unit', `计量单位“${unit}”与指标值“${targetText}”中的单位“${parsed.value.unit}”不一致`);
      }
    }
    const midTerm = get(r, 'midTerm');
    if (midTerm.length > 200) bad('midTerm', '中期指标值超过 200 个字');
    const explanation = get(r, 'explanation');
    if (explanation.length > 500) bad('explanation', '指标解释超过 500 个字');
    const scoringRule = get(r, 'scoringRule');
    if (scoringRule.length > 300) bad('scoringRule', '评（扣）分标准超过 300 个字');
    const isCore = parseYesNo(get(r, 'isCore'));
    if (isCore === null) bad('isCore', `“${get(r, 'isCore')}”应填写 是 或 否`);
    if (p && p.indicators.length >= MAX_INDICATORS && valid) bad('name', `项目“${code}”的指标超过 ${MAX_INDICATORS} 个`);

    if (!valid || !p || !level1 || !level2 || !parsed?.ok || isCore === null) {
      if (p) p.valid = false;
      continue;
    }
    const v = parsed.value;
    const ind: ImportedIndicator & { row: number } = {
      row: rowNo, level1, level2, name, valueType: v.valueType, operator: v.operator, targetValue: v.value, targetText: v.text,
      // Quantitative rows keep the unit the parser settled on (cell first, then the column); 定性 rows the column's.
      unit: v.valueType === 'quantitative' ? v.unit : unit,
      midTermText: midTerm, explanation, scoringRule, isCore,
    };
    p.indicators.push(ind);
    previewRows.push({
      code, row: rowNo, action: 'add',
      value: { projectCode: code, projectName: '', level1: LEVEL1[level1], level2: LEVEL2[level2], name, target: v.text },
    });
  }

  // Project-level checks, reported on the project's first row.
  const plans: ProjectPlan[] = [];
  for (const p of pending.values()) {
    const firstRow = p.rows[0] ?? headerIndex + 2;
    const project = projectsByCode.get(p.code);
    if (!project) {
      const more = p.rows.length > 1 ? `（共 ${p.rows.length} 行）` : '';
      errors.push(at(firstRow, 'code', `项目编码“${p.code}”在 ${year} 年度本单位的项目中不存在${more}`));
      continue;
    }
    if (project.status === 'cancelled') {
      errors.push(at(firstRow, 'code', `项目“${p.code}”已取消，不能导入绩效目标`));
      continue;
    }
    // Rows naming a project and nothing else would replace its goals with nothing: refuse.
    if (p.valid && p.indicators.length === 0 && !p.annual && !p.midTerm) {
      errors.push(at(firstRow, 'code', `项目“${p.code}”只填写了项目编码，没有总体目标也没有指标；如不修改该项目，请删除这些行`));
      continue;
    }
    const existing = sheetsByProject.get(project.id);
    const plan: ProjectPlan = {
      code: p.code, project, rows: p.rows, annualGoal: p.annual?.text ?? '', midTermGoal: p.midTerm?.text ?? '',
      indicators: p.indicators.map(({ row: _row, ...ind }) => ind), existing, existingIndicators: [], action: 'add',
    };
    if (existing) {
      // Identical content is `unchanged` whatever the status, so re-importing a file after its
      // goals were approved is a no-op, not an error.
      plan.existingIndicators = readIndicators(existing.id);
      if (p.valid && sameContent(plan, existing, plan.existingIndicators)) plan.action = 'unchanged';
      else {
        plan.action = 'update';
        if (existing.locked === 1 || !EDITABLE.includes(existing.status) || existing.origin !== ctx.origin) {
          const why = existing.locked === 1 ? `已锁定（状态“${GOAL_STATUS_LABELS[existing.status]}”）` : `状态为“${GOAL_STATUS_LABELS[existing.status]}”`;
          errors.push(at(firstRow, 'code', `项目“${p.code}”的绩效目标表${why}，只有草稿或已退回的目标表可以导入修改`));
          continue;
        }
      }
    }
    if (p.valid) plans.push(plan);
  }

  const planByCode = new Map(plans.map((p) => [p.code, p]));
  const rows: ImportRowPreview<GoalImportRow>[] = [];
  for (const { code, ...r } of previewRows) {
    const plan = planByCode.get(code);
    if (plan) rows.push({ ...r, action: plan.action, value: { ...r.value, projectName: plan.project.name } });
  }
  if (pending.size === 0 && errors.length === 0) errors.push({ sheet: sheetName, row: headerIndex + 2, message: '表头下方没有任何绩效目标数据' });
  errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? ''));
  const summary: ImportSummary = { add: 0, update: 0, unchanged: 0 };
  for (const p of plans) summary[p.action]++;
  return { preview: { fileName, sheet: sheetName, rows, errors, summary }, projects: plans };
}

/** Indicator rows to store; value basis, data source and library link survive by name (the template has no columns for them). */
function storedIndicators(sheetId: string, plan: ProjectPlan): GoalIndicatorRow[] {
  const before = new Map(plan.existingIndicators.map((r) => [r.name, r]));
  return plan.indicators.map((i, k) => {
    const old = before.get(i.name);
    return {
      id: uuidv7(), sheet_id: sheetId, seq: k + 1, level1: i.level1, level2: i.level2, name: i.name, value_type: i.valueType, operator: i.operator,
      target_value: i.targetValue, target_text: i.targetText, unit: i.unit, mid_term_text: i.midTermText, explanation: i.explanation,
      scoring_rule: i.scoringRule, value_basis: old?.value_basis ?? 'plan', data_source: old?.data_source ?? '', is_core: i.isCore ? 1 : 0,
      library_id: old?.library_id ?? null,
    };
  });
}

// ---------------------------------------------------------------- template

function templateFile(ctx: CallContext, year: number): FileDto {
  const profile = resolveProfile(ctx.db, year);
  const frameworkLines = (t: 'A' | 'B') =>
    FRAMEWORK[t].map((n) => `${LEVEL1[n.level1]}：${n.level2.map((c) => LEVEL2[c]).join('、')}`).join('；');
  const G = '完成城区 12 条道路维修改造，改善群众出行条件。';
  const example = (l1: Level1Code, l2: Level2Code, name: string, vt: string, target: string, unit: string, explanation: string, rule: string, core: string): CellValue[] =>
    ['XM2026001', '（示例）城区道路维修改造', G, '', LEVEL1[l1], LEVEL2[l2], name, vt, target, unit, '', explanation, rule, core];
  const bytes = buildWorkbook([
    {
      name: GOAL_IMPORT_SHEET,
      columns: COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, width: c.width })),
      rows: [
        example('output', 'quantity', '维修改造道路条数', '定量', '≥12', '条', '当年完成维修改造并验收的道路条数', '全部完成得满分，每少 1 条扣 1 分', '是'),
        example('output', 'quality', '工程验收合格率', '定量', '100%', '%', '验收合格的工程数÷完工工程数', '低于 100% 不得分', '否'),
        example('output', 'timeliness', '单条道路平均施工工期', '定量', '≤30天', '天', '开工至通车的平均天数', '每超 1 天扣 0.5 分', '否'),
        example('output', 'costOutput', '每公里维修成本', '定量', '≤2.6万元/公里', '万元/公里', '维修总成本÷维修总里程', '超出不得分', '否'),
        example('benefit', 'socialBenefit', '群众出行条件改善情况', '定性', '效果明显', '', '沿线群众出行便利程度', '根据调查情况分档计分', '否'),
        example('benefit', 'sustainability', '施工安全事故数', '定量', '＝0起', '起', '施工期间发生的安全事故数', '发生事故不得分', '否'),
        example('satisfaction', 'serviceSatisfaction', '沿线群众满意度', '定量', '≥95%', '%', '抽样调查满意人数÷调查人数', '每低 1 个百分点扣 1 分', '是'),
      ],
    },
    {
      name: '填写说明',
      columns: [{ header: '项目', width: 18 }, { header: '说明', width: 100 }],
      rows: [
        ['适用年度', `${year} 年度。本年度规则方案“${profile.name}”使用模板 ${profile.body.template}；导入时两种模板的组合都可接受，与本年度模板不一致的组合会在目标表中提示。`],
        ['整体说明', '每行一个绩效指标。文件中出现的项目，其绩效目标表的总体目标和全部指标以文件为准（整体替换）；未出现的项目不受影响。整个文件全部校验通过才会写入，任何一处有误都不会导入。'],
        ['项目编码*', `必填，须为本单位 ${year} 年度项目库中已有的项目。只有“草稿”或“已退回”状态的目标表可以导入修改；内容与系统中完全相同的项目视为未变化。`],
        ['项目名称', '仅供阅读，导入时不读取。'],
        ['年度总体目标、中期目标', '写在该项目的第一行即可，也可以每行重复填写；同一项目不能填写两段不同的目标。只有目标、没有指标的行也可以导入。'],
        ['一级指标*、二级指标*', '填写指标体系中的名称，可省略末尾的“指标”二字（如“产出”“数量”）。'],
        ['模板 A（88号/10号）', frameworkLines('A')],
        ['模板 B（101号）', frameworkLines('B')],
        ['三级指标*', '具体指标名称，不超过 60 个字，同一项目内不能重名。'],
        ['指标值类型', '定量 或 定性；可不填，由指标值自动判断。'],
        ['指标值*', '定量指标写成“比较符+数值+单位”，如 ≥95%、≤30天、=0起、≤2.6万元/公里；也可写“95%以上”“不低于95%”“30天以内”。只写“100%”视为“≥100%”。定性指标直接写文字，如 效果明显、达到预期。不支持区间值（如 90%-95%）和约数（如 约95%）。'],
        ['计量单位', '可不填；指标值中已有单位时以指标值为准，两者不一致会报错。'],
        ['中期指标值、指标解释、评（扣）分标准', '可选，按原文保存。'],
        ['是否核心指标', '是 / 否，留空视为否。'],
        ['注意', '示例行（项目编码 XM2026001）请删除或改为本单位项目后再导入。'],
      ],
    },
  ]);
  return fileDto(`绩效目标导入模板-${year}.xlsx`, bytes);
}

// ---------------------------------------------------------------- handlers

type GoalFormMethods = 'goals.exportForm' | 'goals.exportUnitBatch' | 'goals.template' | 'goals.importPreview' | 'goals.importCommit';

export const goalFormHandlers: HandlerMap<GoalFormMethods> = {
  'goals.exportForm': (ctx, { sheetId }) => {
    const sheet = findSheet(ctx.db, sheetId);
    if (!sheet) throw new AppFailure('NOT_FOUND', '绩效目标表不存在。');
    if (sheet.owner_type === 'project') {
      const project = sheet.project_id ? findProject(ctx.db, sheet.project_id) : undefined;
      if (!project) throw new AppFailure('NOT_FOUND', '绩效目标表对应的项目不存在。');
      const template = resolveProfile(ctx.db, sheet.year).body.template;
      const bytes = writeLaidOutWorkbook([projectSheet(ctx, sheet, project, template, sanitizeSheetName(project.code))]);
      return fileDto(safeFileName(`绩效目标申报表-${project.code}.xlsx`), bytes);
    }
    const unit = findUnit(ctx.db, sheet.unit_id);
    if (!unit) throw new AppFailure('NOT_FOUND', '绩效目标表所属单位不存在。');
    const bytes = writeLaidOutWorkbook([unitSheet(ctx, sheet, unit, UNIT_SHEET_NAME)]);
    return fileDto(safeFileName(`部门整体支出绩效目标申报表-${unit.name}-${sheet.year}.xlsx`), bytes);
  },

  // The unit's own sheets only: a 主管部门's batch does not include its subordinate units,
  // whose forms are exported (and signed) by each unit separately.
  'goals.exportUnitBatch': (ctx, { unitId, year }) => {
    const unit = findUnit(ctx.db, unitId);
    if (!unit) throw new AppFailure('NOT_FOUND', '单位不存在。');
    const taken = new Set<string>();
    const sheets: LaidOutSheet[] = [];
    const overall = findUnitSheet(ctx.db, unit.origin, year, unit.id);
    if (overall) sheets.push(unitSheet(ctx, overall, unit, sanitizeSheetName(UNIT_SHEET_NAME, taken)));
    const template = resolveProfile(ctx.db, year).body.template;
    for (const { project, sheetId } of unitProjectSheets(ctx.db, unit.id, year)) {
      const sheet = findSheet(ctx.db, sheetId);
      if (sheet) sheets.push(projectSheet(ctx, sheet, project, template, sanitizeSheetName(project.code, taken)));
    }
    if (sheets.length === 0) throw new AppFailure('NOT_FOUND', `“${unit.name}”${year} 年度还没有绩效目标表。`);
    return fileDto(safeFileName(`绩效目标申报表-${unit.name}-${year}.xlsx`), writeLaidOutWorkbook(sheets));
  },

  'goals.template': (ctx, { year }) => templateFile(ctx, year),

  'goals.importPreview': (ctx, { file, year }) => planGoalImport(ctx, file.name, Buffer.from(file.base64, 'base64'), year).preview,

  'goals.importCommit': async (ctx, { file, year }) => {
    checkYear(ctx, year);
    const grid = readGoalGrid(file.name, Buffer.from(file.base64, 'base64'));
    const first = planFromGrid(ctx, grid, year);
    if (first.preview.errors.length) {
      throw new AppFailure('IMPORT_INVALID', `文件“${file.name}”有 ${first.preview.errors.length} 处错误，未导入任何数据。`, first.preview.errors);
    }
    if (first.preview.summary.add + first.preview.summary.update === 0) return first.preview.summary;
    await ctx.services.backup('import', ctx.user);
    // Re-plan after the backup's await: the plan must describe the database we write to.
    const plan = planFromGrid(ctx, grid, year);
    if (plan.preview.errors.length) throw new AppFailure('IMPORT_INVALID', '数据在导入过程中发生变化，请重新预检。', plan.preview.errors);
    const changed = plan.projects.filter((p) => p.action !== 'unchanged');
    const at = ctx.now().toISOString();
    const label = '正在导入绩效目标';
    ctx.write(['goal_sheets', 'goal_indicators', 'goal_events'], (tx) => {
      const w = goalImportWriter(ctx.db);
      let done = 0;
      let indicatorCount = 0;
      for (const p of changed) {
        const status: GoalStatus = p.existing?.status ?? 'draft';
        let sheetId: string;
        if (!p.existing) {
          sheetId = uuidv7();
          w.insertSheet({
            id: sheetId, origin: ctx.origin, year, owner_type: 'project', project_id: p.project.id, unit_id: p.project.unit_id, status: 'draft',
            annual_goal: p.annualGoal, mid_term_goal: p.midTermGoal, unit_duties: '', locked: 0, created_at: at, updated_at: at,
          });
        } else {
          sheetId = p.existing.id;
          w.updateGoalTexts({ id: sheetId, annual_goal: p.annualGoal, mid_term_goal: p.midTermGoal, updated_at: at });
        }
        const rows = storedIndicators(sheetId, p);
        w.replaceIndicators(sheetId, rows);
        indicatorCount += rows.length;
        w.insertEvent({
          id: uuidv7(), sheet_id: sheetId, at, user_id: ctx.user?.id ?? null, username: ctx.user?.username ?? '（系统）', action: 'import',
          from_status: status, to_status: status, comment: `从文件“${file.name}”导入${p.existing ? '（整体替换）' : '（新建目标表）'}`,
        });
        done++;
        if (done % 200 === 0) ctx.progress('goals.import', label, done, changed.length);
      }
      tx.summary('goal_sheet', { file: file.name, year, ...plan.preview.summary, indicators: indicatorCount });
    });
    ctx.progress('goals.import', label, changed.length, changed.length);
    return plan.preview.summary;
  },
};
