import { EX_ANTE_CONCLUSION_LABELS, GOAL_STATUS_LABELS } from '../../../shared/i18n/zh-CN.ts';
import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';
import type { ImportPreview, ImportRowPreview } from '../../../shared/api/dto.ts';
import type { ProjectDto, ProjectRowDto } from '../../../shared/api/dtoGoals.ts';
import type { ProjectImportRow } from '../../../shared/api/methods/goals.ts';
import { projectFieldsSchema } from '../../../shared/api/schemasGoals.ts';
import { PROJECT_TYPES, type ProjectTypeCode } from '../../../shared/domain/indicators.ts';
import {
  BUDGET_TYPE_LABELS, FUND_TAG_LABELS, OBJECT_TYPE_LABELS, PROJECT_ATTRIBUTE_LABELS, PROJECT_STATUS_LABELS, type BudgetType, type FundTag,
  type ProjectAttribute, type ProjectStatus,
} from '../../../shared/domain/projects.ts';
import type { ExAnteConclusion } from '../../../shared/domain/ruleProfile.ts';
import { exAnteRequired } from '../../../shared/rules/exAnte.ts';
import { FEN_PER_WAN, formatWan, parseWanToFen, parseYuanToFen, toHalfWidth } from '../../../shared/rules/money.ts';
import type { CallContext, HandlerMap, TxContext } from '../context.ts';
import { yearExists } from '../repositories/office.ts';
import { findProject, findProjectByCode, insertProject, saveProject, setProjectTags, type ProjectRow } from '../repositories/projects.ts';
import { findProjectListRow, ownProjectsOfYear, queryProjects, type ProjectFilter, type ProjectListRow } from '../repositories/projectQueries.ts';
import { findUnit, listOwnUnits, type UnitRow } from '../repositories/units.ts';
import { buildWorkbook, columnLetter, fileDto, readWorkbook, sheetRows, type CellValue } from '../files/xlsx.ts';
import { uuidv7 } from '../util/ids.ts';
import { byLabel, cellText, labelList, parseYesNo, yesNo } from './importCells.ts';
import { resolveProfile, type ResolvedProfile } from './profiles.ts';

export const PROJECT_SHEET = '项目';


// ---------------------------------------------------------------- the ex-ante gate

/** The latest ex-ante assessment of a project, as far as the gate is concerned. */
export interface LatestExAnte {
  status: 'draft' | 'completed';
  conclusion: ExAnteConclusion | null;
}

/**
 * Why a project cannot enter the project library or have its goal approved (Chinese), or null.
 * A completed assessment must have a conclusion the profile lets through (gatePasses) — whether
 * or not the profile required it; without a completed one, only projects the profile requires
 * to be assessed are held back. Exported for the goal workflow, which applies the same gate.
 */
export function projectGateProblem(
  profile: ResolvedProfile,
  project: { newMajor: boolean; attribute: ProjectAttribute; annualTotalFen: number },
  latest: LatestExAnte | null,
): string | null {
  const passes = profile.body.exAnte.gatePasses;
  const needed = passes.map((c) => `“${EX_ANTE_CONCLUSION_LABELS[c]}”`).join('或');
  if (latest?.status === 'completed' && latest.conclusion) {
    if (passes.includes(latest.conclusion)) return null;
    return `事前绩效评估结论为“${EX_ANTE_CONCLUSION_LABELS[latest.conclusion]}”；按规则方案“${profile.name}”，结论须为${needed}，才能入库或批复绩效目标。`;
  }
  if (!exAnteRequired(profile.body, project)) return null;
  const rule = profile.body.exAnte;
  const reason = project.newMajor && rule.requiredForNewMajor
    ? '新增重大项目（政策）'
    : project.attribute === 'expiringContinuation' && rule.requiredForContinuation
      ? '到期拟延续项目（政策）'
      : `全年预算 ${formatWan(project.annualTotalFen)} 万元、达到 ${formatWan(rule.amountThresholdFen ?? 0)} 万元的新增项目`;
  const state = latest ? '事前绩效评估尚未完成' : '尚未开展事前绩效评估';
  return `按规则方案“${profile.name}”，${reason}须经事前绩效评估且结论为${needed}；该项目${state}，不能入库或批复绩效目标。`;
}

// ---------------------------------------------------------------- DTOs

const annualOf = (p: ProjectRow) => p.annual_fiscal_fen + p.annual_carryover_fen + p.annual_other_fen;
const initialOf = (p: ProjectRow) => p.initial_fiscal_fen + p.initial_carryover_fen + p.initial_other_fen;
const tagList = (text: string | null): FundTag[] => (text ? (text.split(',') as FundTag[]).sort() : []);
const latestOf = (r: ProjectListRow): LatestExAnte | null => (r.ex_ante_status ? { status: r.ex_ante_status, conclusion: r.ex_ante_conclusion } : null);
const gateInput = (r: ProjectRow) => ({ newMajor: r.new_major === 1, attribute: r.attribute, annualTotalFen: annualOf(r) });

function rowDto(r: ProjectListRow, origin: string, profile: ResolvedProfile): ProjectRowDto {
  return {
    id: r.id, origin: r.origin, readOnly: r.origin !== origin, year: r.year, code: r.code, name: r.name, unitId: r.unit_id, unitName: r.unit_name ?? '',
    objectType: r.object_type, attribute: r.attribute, budgetType: r.budget_type, tags: tagList(r.tags), initialTotalFen: initialOf(r),
    annualTotalFen: annualOf(r), midYearAddition: r.mid_year_addition === 1, newMajor: r.new_major === 1, confidential: r.confidential === 1,
    status: r.status, goalStatus: r.goal_status,
    // Only a completed assessment has a conclusion worth showing; a draft's is provisional.
    exAnteConclusion: r.ex_ante_status === 'completed' ? r.ex_ante_conclusion : null,
    exAnteRequired: exAnteRequired(profile.body, gateInput(r)),
  };
}

function projectDto(ctx: CallContext, id: string): ProjectDto {
  const r = findProjectListRow(ctx.db, id);
  if (!r) throw new AppFailure('NOT_FOUND', '项目不存在。');
  const profile = resolveProfile(ctx.db, r.year);
  return {
    ...rowDto(r, ctx.origin, profile),
    category: r.category, projectType: r.project_type, startMonth: r.start_month, endMonth: r.end_month,
    initial: { fiscalFen: r.initial_fiscal_fen, carryoverFen: r.initial_carryover_fen, otherFen: r.initial_other_fen },
    annual: { fiscalFen: r.annual_fiscal_fen, carryoverFen: r.annual_carryover_fen, otherFen: r.annual_other_fen },
    midTermTotalFen: r.mid_term_total_fen, manager: r.manager, phone: r.phone, basis: r.basis, goalSheetId: r.goal_sheet_id,
    gateProblem: projectGateProblem(profile, gateInput(r), latestOf(r)), updatedAt: r.updated_at, rev: r.rev,
  };
}

// ---------------------------------------------------------------- create / update rules

function requireOwnProject(ctx: CallContext, id: string): ProjectRow {
  const row = findProject(ctx.db, id);
  if (!row) throw new AppFailure('NOT_FOUND', '项目不存在。');
  if (row.origin !== ctx.origin) throw new AppFailure('CONFLICT', `项目“${row.name}”来自其他单位的同步数据，只能查看，不能修改。`);
  return row;
}

/**
 * The unit a project is registered under: this office's own, and active when the project is
 * new or moves to it (a project of a unit deactivated later can still be corrected).
 */
function requireUnit(ctx: CallContext, unitId: string, mustBeActive: boolean): UnitRow {
  const unit = findUnit(ctx.db, unitId);
  if (!unit || unit.origin !== ctx.origin) throw new AppFailure('VALIDATION', '所选预算单位不存在或不属于本单位。', [{ field: 'unitId', message: '预算单位无效' }]);
  if (mustBeActive && unit.active === 0) throw new AppFailure('VALIDATION', `预算单位“${unit.name}”已停用，不能登记项目。`, [{ field: 'unitId', message: '预算单位已停用' }]);
  return unit;
}

function assertCodeFree(ctx: CallContext, year: number, code: string, selfId: string | null): void {
  const clash = findProjectByCode(ctx.db, ctx.origin, year, code);
  if (clash && clash.id !== selfId) {
    throw new AppFailure('CONFLICT', `项目编码“${code}”在 ${year} 年度已被项目“${clash.name}”使用。`, [{ field: 'code', message: '项目编码重复' }]);
  }
}

type ProjectFields = (typeof projectFieldsSchema)['_output'];

/** The columns a create/update form sets. */
function fieldColumns(f: ProjectFields) {
  return {
    code: f.code, name: f.name, unit_id: f.unitId, object_type: f.objectType, attribute: f.attribute, category: f.category,
    project_type: f.projectType, budget_type: f.budgetType, start_month: f.startMonth, end_month: f.endMonth,
    initial_fiscal_fen: f.initial.fiscalFen, initial_carryover_fen: f.initial.carryoverFen, initial_other_fen: f.initial.otherFen,
    annual_fiscal_fen: f.annual.fiscalFen, annual_carryover_fen: f.annual.carryoverFen, annual_other_fen: f.annual.otherFen,
    mid_term_total_fen: f.midTermTotalFen, mid_year_addition: f.midYearAddition ? 1 : 0, new_major: f.newMajor ? 1 : 0,
    confidential: f.confidential ? 1 : 0, manager: f.manager, phone: f.phone, basis: f.basis,
  } as const satisfies Partial<ProjectRow>;
}

function recordProject(tx: TxContext, id: string, before: (ProjectRow & { tags: string }) | null, after: ProjectRow & { tags: string }) {
  tx.record('project', id, before, after);
}

// ---------------------------------------------------------------- status changes

type SettableStatus = 'registered' | 'inLibrary' | 'budgeted' | 'cancelled';
/** Which statuses each target may be reached from (notFunded is set by the goal review only). */
const STATUS_FROM: Record<SettableStatus, readonly ProjectStatus[]> = {
  registered: ['inLibrary', 'cancelled'],
  inLibrary: ['registered'],
  budgeted: ['inLibrary'],
  cancelled: ['registered', 'inLibrary'],
};

function assertStatusChange(ctx: CallContext, p: ProjectRow, to: SettableStatus): void {
  const from = p.status;
  if (!STATUS_FROM[to].includes(from)) {
    const hint = to === 'budgeted' ? '只有已入库的项目才能安排预算；' : '';
    throw new AppFailure('VALIDATION', `${hint}项目“${p.name}”当前为“${PROJECT_STATUS_LABELS[from]}”，不能改为“${PROJECT_STATUS_LABELS[to]}”。`, [{ field: 'status', message: '状态变更不允许' }]);
  }
  if (to !== 'inLibrary' && to !== 'budgeted') return;
  const r = findProjectListRow(ctx.db, p.id);
  const gate = r ? projectGateProblem(resolveProfile(ctx.db, p.year), gateInput(p), latestOf(r)) : null;
  if (gate) throw new AppFailure('VALIDATION', gate, [{ field: 'status', message: '未通过事前绩效评估' }]);
  if (to === 'budgeted') {
    const mid = p.mid_year_addition === 1 ? '年中追加项目' : '项目';
    const goal = r?.goal_status ?? null;
    if (goal === null) throw new AppFailure('VALIDATION', `${mid}须先设定并批复绩效目标才能安排预算，项目“${p.name}”还没有绩效目标表。`, [{ field: 'status', message: '绩效目标未批复' }]);
    if (goal !== 'approved' && goal !== 'published') {
      throw new AppFailure('VALIDATION', `${mid}须先批复绩效目标才能安排预算，项目“${p.name}”的绩效目标当前为“${GOAL_STATUS_LABELS[goal]}”。`, [{ field: 'status', message: '绩效目标未批复' }]);
    }
  }
}

// ---------------------------------------------------------------- Excel columns

const COLUMNS = [
  { key: 'code', header: '项目编码*', aliases: ['项目编码', '项目代码'], width: 22 },
  { key: 'name', header: '项目名称*', aliases: ['项目名称'], width: 36 },
  { key: 'unitCode', header: '单位编码*', aliases: ['单位编码', '单位代码', '预算单位编码'], width: 14 },
  { key: 'objectType', header: '对象类型', aliases: [], width: 10 },
  { key: 'attribute', header: '项目属性', aliases: [], width: 12 },
  { key: 'category', header: '项目类别', aliases: [], width: 14 },
  { key: 'projectType', header: '项目类型', aliases: [], width: 14 },
  { key: 'budgetType', header: '预算类型*', aliases: ['预算类型', '预算种类'], width: 18 },
  { key: 'tags', header: '资金性质', aliases: ['资金类型'], width: 24 },
  { key: 'startMonth', header: '开始年月', aliases: ['开始时间'], width: 10 },
  { key: 'endMonth', header: '结束年月', aliases: ['结束时间'], width: 10 },
  { key: 'initialFiscal', header: '年初预算数·财政拨款', aliases: ['年初财政拨款'], width: 14 },
  { key: 'initialCarryover', header: '年初预算数·上年结转', aliases: ['年初上年结转'], width: 14 },
  { key: 'initialOther', header: '年初预算数·其他资金', aliases: ['年初其他资金'], width: 14 },
  { key: 'annualFiscal', header: '全年预算数·财政拨款', aliases: ['全年财政拨款'], width: 14 },
  { key: 'annualCarryover', header: '全年预算数·上年结转', aliases: ['全年上年结转'], width: 14 },
  { key: 'annualOther', header: '全年预算数·其他资金', aliases: ['全年其他资金'], width: 14 },
  { key: 'midYearAddition', header: '是否年中追加', aliases: ['年中追加'], width: 12 },
  { key: 'newMajor', header: '是否新增重大', aliases: ['是否新增重大项目', '新增重大'], width: 12 },
  { key: 'confidential', header: '是否涉密', aliases: ['涉密'], width: 10 },
  { key: 'manager', header: '项目负责人', aliases: ['负责人'], width: 12 },
  { key: 'phone', header: '联系电话', aliases: ['电话'], width: 14 },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'] | 'initialSingle' | 'annualSingle';
const REQUIRED: readonly ColumnKey[] = ['code', 'name', 'unitCode', 'budgetType'];
const MONEY_KEYS = ['initialFiscal', 'initialCarryover', 'initialOther', 'annualFiscal', 'annualCarryover', 'annualOther'] as const;
/** A single "年初预算数"/"全年预算数" column (no split) is the 财政拨款 part. */
const SINGLE_MONEY: { key: 'initialSingle' | 'annualSingle'; names: string[] }[] = [
  { key: 'initialSingle', names: ['年初预算数', '年初预算', '年初预算金额', '年初数'] },
  { key: 'annualSingle', names: ['全年预算数', '全年预算', '全年预算金额', '全年数'] },
];

/** Header text as matched: full-width folded, no spaces, separators or required-marker asterisks. */
const normHeader = (text: string) => toHalfWidth(text).replace(/[\s*·•\-—_:、/]/g, '');
/** A unit written in a header or title: "(元)", "单位:元" (after folding), or 万元. */
const unitOf = (text: string): 'yuan' | 'wan' | null => {
  const t = toHalfWidth(text).replace(/\s/g, '');
  if (/\(万元\)|单位:万元/.test(t)) return 'wan';
  if (/\(元\)|单位:元/.test(t)) return 'yuan';
  return null;
};
const stripUnit = (text: string) => toHalfWidth(text).replace(/\((万元|元)\)/g, '');

const OBJECT_BY_LABEL = byLabel<'project' | 'policy'>(OBJECT_TYPE_LABELS);
const ATTRIBUTE_BY_LABEL = byLabel<ProjectAttribute>(PROJECT_ATTRIBUTE_LABELS, [['新增项目', 'new'], ['延续项目', 'continuing']]);
const TYPE_BY_LABEL = byLabel<ProjectTypeCode>(PROJECT_TYPES, (Object.entries(PROJECT_TYPES) as [ProjectTypeCode, string][]).filter(([, l]) => l.endsWith('类')).map(([c, l]) => [l.slice(0, -1), c]));
const BUDGET_BY_LABEL = byLabel<BudgetType>(BUDGET_TYPE_LABELS, [
  ['一般公共', 'general'], ['政府性基金', 'fund'], ['国有资本', 'stateCapital'], ['国有资本经营', 'stateCapital'], ['社保基金', 'socialInsurance'], ['社会保险基金', 'socialInsurance'],
]);
const TAG_BY_LABEL = byLabel<FundTag>(FUND_TAG_LABELS, [['专项债券', 'specialBond'], ['专项债', 'specialBond'], ['衔接资金', 'revitalization']]);

/** Excel keeps a typed "2026-03" as a date serial; the month is what matters. */
function serialMonth(n: number): string | null {
  if (!Number.isInteger(n) || n < 36526 || n > 73415) return null; // 2000-01-01 .. 2100-12-31
  const d = new Date(Date.UTC(1899, 11, 30) + n * 86_400_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** "2026-03", "2026/3", "2026.3", "2026年3月", "202603", "2026-03-15" or a date cell → "2026-03". */
function parseMonth(v: CellValue | undefined): string | null | 'bad' {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return null;
  if (typeof v === 'number' && !/^\d{6}$/.test(String(v))) return serialMonth(v) ?? 'bad';
  const t = toHalfWidth(String(v)).replace(/\s/g, '');
  const m = /^(\d{4})(?:[-/.年](\d{1,2})月?(?:[-/.]\d{1,2}日?)?|(\d{2}))$/.exec(t);
  if (!m) return 'bad';
  const month = Number(m[2] ?? m[3]);
  if (month < 1 || month > 12) return 'bad';
  return `${m[1]}-${String(month).padStart(2, '0')}`;
}

/** An amount cell in 万元 or 元 → 分; a Chinese reason when it cannot be read exactly. */
function parseAmount(v: CellValue | undefined, unit: 'wan' | 'yuan'): { fen: number } | { error: string } | null {
  if (v === null || v === undefined) return null;
  const shown = typeof v === 'number' ? String(v) : String(v).trim();
  if (shown === '') return null;
  const unitName = unit === 'wan' ? '万元' : '元';
  if (typeof v === 'boolean') return { error: `金额“${shown}”不是数字` };
  if (typeof v === 'number' && /e/i.test(shown)) return { error: `金额“${shown}”超出可处理的范围或精度` };
  const text = toHalfWidth(shown).replace(/[,，\s]/g, '');
  if (!/^[+-]?\d+(\.\d+)?$/.test(text)) return { error: `金额“${shown}”不是数字（单位：${unitName}）` };
  if (text.startsWith('-') && !/^-0*(\.0*)?$/.test(text)) return { error: `金额“${shown}”不能为负数` };
  const fen = unit === 'wan' ? parseWanToFen(text) : parseYuanToFen(text);
  if (fen === null) {
    const decimals = unit === 'wan' ? 6 : 2;
    return { error: `金额“${shown}”超过分的精度（以${unitName}为单位最多 ${decimals} 位小数）` };
  }
  return { fen: Math.abs(fen) };
}

// ---------------------------------------------------------------- import plan

const emptyMoney = { annual_fiscal_fen: 0, annual_carryover_fen: 0, annual_other_fen: 0 };

interface PlannedProject {
  row: number;
  code: string;
  /** Columns the file sets (absent columns keep an existing project's values). */
  cols: Partial<ProjectRow>;
  tags: FundTag[] | null;
  existing: (ProjectRow & { tags: string | null }) | undefined;
}

interface ProjectPlan {
  preview: ImportPreview<ProjectImportRow>;
  writes: PlannedProject[];
}

/** Parses and validates a project workbook for a year. Writes nothing. */
export function planProjectImport(ctx: CallContext, fileName: string, bytes: Buffer, year: number): ProjectPlan {
  if (!yearExists(ctx.db, year)) throw new AppFailure('NOT_FOUND', `${year} 年度不存在，请先新增年度。`, [{ field: 'year', message: '年度不存在' }]);
  let wb;
  try {
    wb = readWorkbook(bytes);
  } catch {
    throw new AppFailure('IMPORT_INVALID', `无法读取文件“${fileName}”：不是有效的 Excel 文件。`, [{ message: '文件格式无效，请使用 .xlsx 模板' }]);
  }
  const sheetName = wb.SheetNames.includes(PROJECT_SHEET) ? PROJECT_SHEET : wb.SheetNames[0];
  const ws = sheetName ? wb.Sheets[sheetName] : undefined;
  if (!sheetName || !ws) throw new AppFailure('IMPORT_INVALID', `文件“${fileName}”中没有工作表。`, [{ message: '没有工作表' }]);
  const grid = sheetRows(ws);

  const codeNames = new Set(['项目编码', '项目代码']);
  const headerIndex = grid.slice(0, 10).findIndex((r) => r.some((c) => codeNames.has(normHeader(stripUnit(cellText(c))))));
  if (headerIndex < 0) {
    throw new AppFailure('IMPORT_INVALID', `工作表“${sheetName}”前 10 行中找不到表头“项目编码”，请使用项目导入模板。`, [
      { sheet: sheetName, row: 1, message: '找不到表头“项目编码”' },
    ]);
  }
  const rawHeader = (grid[headerIndex] ?? []).map(cellText);
  const header = rawHeader.map((h) => normHeader(stripUnit(h)));
  // Amounts are in 万元 unless the column's header (or a title line above it) says 元,
  // as the budget system's exports do ("年初预算数（元）", "金额单位：元").
  const titleUnit = grid.slice(0, headerIndex).flatMap((r) => r.map((c) => unitOf(cellText(c)))).find((u) => u !== null) ?? null;
  const col = new Map<ColumnKey, number>();
  const moneyUnit = new Map<ColumnKey, 'wan' | 'yuan'>();
  const headerErrors: ErrorDetail[] = [];
  const find = (names: readonly string[]) => header.findIndex((h) => names.map(normHeader).includes(h));
  for (const c of COLUMNS) {
    const idx = find([c.header, ...c.aliases]);
    if (idx >= 0) col.set(c.key, idx);
    else if (REQUIRED.includes(c.key)) headerErrors.push({ sheet: sheetName, row: headerIndex + 1, message: `缺少必填列“${c.header.replace('*', '')}”` });
  }
  for (const s of SINGLE_MONEY) {
    const idx = find(s.names);
    if (idx >= 0) col.set(s.key, idx);
  }
  for (const key of [...MONEY_KEYS, 'initialSingle', 'annualSingle'] as const) {
    const idx = col.get(key);
    if (idx !== undefined) moneyUnit.set(key, unitOf(rawHeader[idx] ?? '') ?? titleUnit ?? 'wan');
  }
  if (headerErrors.length) throw new AppFailure('IMPORT_INVALID', `文件“${fileName}”缺少必填列。`, headerErrors);
  // The split 财政拨款 column wins; a lone total column stands for 财政拨款 only when there is no split.
  const fiscalKey = { initial: col.has('initialFiscal') ? 'initialFiscal' : 'initialSingle', annual: col.has('annualFiscal') ? 'annualFiscal' : 'annualSingle' } as const;
  const hasInitial = col.has(fiscalKey.initial) || col.has('initialCarryover') || col.has('initialOther');
  const hasAnnual = col.has(fiscalKey.annual) || col.has('annualCarryover') || col.has('annualOther');

  const units = listOwnUnits(ctx.db, ctx.origin);
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const existingByCode = ownProjectsOfYear(ctx.db, ctx.origin, year);
  const errors: ErrorDetail[] = [];
  const previews: ImportRowPreview<ProjectImportRow>[] = [];
  const writes: PlannedProject[] = [];
  const seen = new Map<string, number>();
  const headerOf = (key: ColumnKey) => {
    const idx = col.get(key);
    return idx === undefined ? key : (rawHeader[idx] ?? key).replace(/\*/g, '');
  };
  const at = (row: number, key: ColumnKey, message: string): ErrorDetail =>
    ({ sheet: sheetName, row, column: columnLetter(col.get(key) ?? 0), field: headerOf(key), message });

  for (let i = headerIndex + 1; i < grid.length; i++) {
    const r = grid[i] ?? [];
    if (r.every((c) => cellText(c) === '')) continue;
    const rowNo = i + 1;
    const rowErrors: ErrorDetail[] = [];
    const failed = new Set<ColumnKey>();
    const bad = (key: ColumnKey, message: string) => {
      rowErrors.push(at(rowNo, key, message));
      failed.add(key);
    };
    const cell = (key: ColumnKey) => {
      const idx = col.get(key);
      return idx === undefined ? undefined : r[idx];
    };
    const get = (key: ColumnKey) => cellText(cell(key));
    const label = <C extends string>(key: ColumnKey, name: string, map: Map<string, C>, allowed: string, fallback: C): C => {
      const text = get(key);
      if (text === '') return fallback;
      const code = map.get(toHalfWidth(text).replace(/\s/g, ''));
      if (code === undefined) bad(key, `${name}“${text}”无法识别，应为 ${allowed} 之一`);
      return code ?? fallback;
    };
    const flag = (key: ColumnKey, name: string) => {
      const v = parseYesNo(get(key));
      if (v === null) bad(key, `${name}“${get(key)}”应填写 是 或 否`);
      return v ?? false;
    };
    const money = (key: ColumnKey) => {
      const res = parseAmount(cell(key), moneyUnit.get(key) ?? 'wan');
      if (res && 'error' in res) bad(key, res.error);
      return res && 'fen' in res ? res.fen : 0;
    };
    const month = (key: ColumnKey, name: string) => {
      const m = parseMonth(cell(key));
      if (m === 'bad') {
        bad(key, `${name}“${get(key)}”格式不正确，应为 年-月（如 2026-03）`);
        return null;
      }
      return m;
    };

    const code = get('code');
    if (code === '') bad('code', '缺少项目编码');
    else if (!projectFieldsSchema.shape.code.safeParse(code).success) bad('code', `项目编码“${code}”格式不正确（应为 1–40 位字母、数字或 . _ -）`);
    else if (seen.has(code)) bad('code', `项目编码“${code}”与第 ${seen.get(code)} 行重复`);
    else seen.set(code, rowNo);
    const name = get('name');
    if (name === '') bad('name', '缺少项目名称');
    else if (name.length > 100) bad('name', '项目名称超过 100 个字');
    const existing = code ? existingByCode.get(code) : undefined;
    const unitCode = get('unitCode');
    const unit = unitByCode.get(unitCode);
    if (unitCode === '') bad('unitCode', '缺少单位编码');
    else if (!unit) bad('unitCode', `单位编码“${unitCode}”不是本单位的预算单位，请先在“预算单位”中新增或导入`);
    else if (unit.active === 0 && existing?.unit_id !== unit.id) bad('unitCode', `预算单位“${unit.name}”（${unit.code}）已停用，不能登记项目`);
    const budgetText = get('budgetType');
    let budgetType: BudgetType | null = null;
    if (budgetText === '') bad('budgetType', '缺少预算类型');
    else {
      budgetType = BUDGET_BY_LABEL.get(toHalfWidth(budgetText).replace(/\s/g, '')) ?? null;
      if (!budgetType) bad('budgetType', `预算类型“${budgetText}”无法识别，应为 ${labelList(BUDGET_TYPE_LABELS)} 之一`);
    }
    const objectType = label('objectType', '对象类型', OBJECT_BY_LABEL, labelList(OBJECT_TYPE_LABELS), 'project');
    const attribute = label('attribute', '项目属性', ATTRIBUTE_BY_LABEL, labelList(PROJECT_ATTRIBUTE_LABELS), 'continuing');
    const projectType = label('projectType', '项目类型', TYPE_BY_LABEL, labelList(PROJECT_TYPES), 'general');
    const tags: FundTag[] = [];
    for (const part of get('tags').split(/[、,，;；\s]+/).filter(Boolean)) {
      const t = TAG_BY_LABEL.get(part);
      if (!t) bad('tags', `资金性质“${part}”无法识别，应为 ${labelList(FUND_TAG_LABELS)}（多个用顿号分隔）`);
      else if (!tags.includes(t)) tags.push(t);
    }
    const startMonth = month('startMonth', '开始年月');
    const endMonth = month('endMonth', '结束年月');
    if (startMonth && endMonth && endMonth < startMonth) bad('endMonth', `结束年月 ${endMonth} 早于开始年月 ${startMonth}`);
    const initial = { fiscal: money(fiscalKey.initial), carryover: money('initialCarryover'), other: money('initialOther') };
    const annualGiven = [fiscalKey.annual, 'annualCarryover', 'annualOther'].some((k) => get(k as ColumnKey) !== '');
    const annualCells = { fiscal: money(fiscalKey.annual), carryover: money('annualCarryover'), other: money('annualOther') };
    const midYearAddition = flag('midYearAddition', '是否年中追加');
    const newMajor = flag('newMajor', '是否新增重大');
    const confidential = flag('confidential', '是否涉密');
    const category = get('category');
    const manager = get('manager');
    const phone = get('phone');
    if (category.length > 40) bad('category', '项目类别超过 40 个字');
    if (manager.length > 30) bad('manager', '项目负责人超过 30 个字');
    if (phone.length > 30) bad('phone', '联系电话超过 30 个字');

    errors.push(...rowErrors);
    if (rowErrors.length || !unit || !budgetType) continue;

    // 全年 left blank means "as at the start of the year"; a file without 全年 columns keeps an
    // existing project's 全年 figures (they may have been adjusted in the app since).
    const annual = annualGiven ? annualCells : hasAnnual || !existing ? initial : null;
    const cols: Partial<ProjectRow> = { name, unit_id: unit.id, budget_type: budgetType };
    const set = <K extends keyof ProjectRow>(key: ColumnKey, column: K, value: ProjectRow[K]) => {
      if (col.has(key) || !existing) cols[column] = value;
    };
    set('objectType', 'object_type', objectType);
    set('attribute', 'attribute', attribute);
    set('category', 'category', category);
    set('projectType', 'project_type', projectType);
    set('startMonth', 'start_month', startMonth);
    set('endMonth', 'end_month', endMonth);
    set('midYearAddition', 'mid_year_addition', midYearAddition ? 1 : 0);
    set('newMajor', 'new_major', newMajor ? 1 : 0);
    set('confidential', 'confidential', confidential ? 1 : 0);
    set('manager', 'manager', manager);
    set('phone', 'phone', phone);
    if (hasInitial || !existing) Object.assign(cols, { initial_fiscal_fen: initial.fiscal, initial_carryover_fen: initial.carryover, initial_other_fen: initial.other });
    if (annual) Object.assign(cols, { annual_fiscal_fen: annual.fiscal, annual_carryover_fen: annual.carryover, annual_other_fen: annual.other });
    const fileTags = col.has('tags') || !existing ? tags.sort() : null;

    const merged = { ...(existing ?? {}), ...cols } as ProjectRow;
    const value: ProjectImportRow = { code, name, unitCode, budgetType, annualTotalFen: annualOf({ ...emptyMoney, ...merged }) };
    if (!existing) {
      previews.push({ row: rowNo, action: 'add', value });
      writes.push({ row: rowNo, code, cols, tags: fileTags, existing });
      continue;
    }
    const changed = (Object.keys(cols) as (keyof ProjectRow)[]).some((k) => existing[k] !== cols[k]) ||
      (fileTags !== null && fileTags.join(',') !== tagList(existing.tags).join(','));
    previews.push({ row: rowNo, action: changed ? 'update' : 'unchanged', value });
    if (changed) writes.push({ row: rowNo, code, cols, tags: fileTags, existing });
  }
  if (previews.length === 0 && errors.length === 0) errors.push({ sheet: sheetName, row: headerIndex + 2, message: '表头下方没有任何项目数据' });
  errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').length - (b.column ?? '').length || (a.column ?? '').localeCompare(b.column ?? ''));
  const summary = { add: 0, update: 0, unchanged: 0 };
  for (const p of previews) summary[p.action]++;
  return { preview: { fileName, sheet: sheetName, rows: previews, errors, summary }, writes };
}

// ---------------------------------------------------------------- handlers

const filterOf = (input: ProjectFilter): ProjectFilter => ({
  year: input.year, unitId: input.unitId, budgetType: input.budgetType, tag: input.tag, status: input.status, goalStatus: input.goalStatus, q: input.q, origin: input.origin,
});

/** 万元 as an exact number (fen / 10^6 prints back as the same decimal), so exports re-import to the 分. */
const wanNumber = (fen: number) => fen / FEN_PER_WAN;

type ProjectMethods =
  | 'projects.list' | 'projects.get' | 'projects.create' | 'projects.update' | 'projects.setStatus'
  | 'projects.template' | 'projects.importPreview' | 'projects.importCommit' | 'projects.export';

export const projectHandlers: HandlerMap<ProjectMethods> = {
  'projects.list': (ctx, input) => {
    const profile = resolveProfile(ctx.db, input.year);
    const { rows, total, totalAmountFen } = queryProjects(ctx.db, filterOf(input), input.sort, input.desc, input.pageSize, (input.page - 1) * input.pageSize);
    return { rows: rows.map((r) => rowDto(r, ctx.origin, profile)), total, totalAmountFen };
  },

  'projects.get': (ctx, { id }) => projectDto(ctx, id),

  'projects.create': (ctx, input) => {
    if (!yearExists(ctx.db, input.year)) throw new AppFailure('VALIDATION', `${input.year} 年度不存在，请先新增年度。`, [{ field: 'year', message: '年度不存在' }]);
    requireUnit(ctx, input.unitId, true);
    assertCodeFree(ctx, input.year, input.code, null);
    const at = ctx.now().toISOString();
    const row: Omit<ProjectRow, 'rev'> = {
      id: uuidv7(ctx.now().getTime()), origin: ctx.origin, year: input.year, ...fieldColumns(input), status: 'registered', status_before_refusal: null, created_at: at, updated_at: at,
    };
    ctx.write(['projects', 'project_tags'], (tx) => {
      insertProject(ctx.db, row);
      setProjectTags(ctx.db, row.id, input.tags);
      recordProject(tx, row.id, null, { ...row, rev: 1, tags: [...new Set(input.tags)].sort().join(',') });
    });
    return projectDto(ctx, row.id);
  },

  'projects.update': (ctx, input) => {
    const before = requireOwnProject(ctx, input.id);
    if (input.rev !== before.rev) throw new AppFailure('CONFLICT', '该项目已被他人修改，请刷新后再保存。');
    requireUnit(ctx, input.unitId, input.unitId !== before.unit_id);
    assertCodeFree(ctx, before.year, input.code, before.id);
    const beforeTags = findProjectListRow(ctx.db, before.id)?.tags ?? '';
    const after: ProjectRow = { ...before, ...fieldColumns(input), updated_at: ctx.now().toISOString() };
    ctx.write(['projects', 'project_tags'], (tx) => {
      saveProject(ctx.db, after);
      setProjectTags(ctx.db, before.id, input.tags);
      recordProject(tx, before.id, { ...before, tags: beforeTags }, { ...after, tags: [...new Set(input.tags)].sort().join(',') });
    });
    return projectDto(ctx, before.id);
  },

  'projects.setStatus': (ctx, { id, status, comment }) => {
    const before = requireOwnProject(ctx, id);
    if (before.status === status) return projectDto(ctx, id);
    assertStatusChange(ctx, before, status);
    const after: ProjectRow = { ...before, status, updated_at: ctx.now().toISOString() };
    ctx.write(['projects'], (tx) => {
      saveProject(ctx.db, after);
      tx.record('project', id, { status: before.status }, { status, ...(comment ? { comment } : {}) });
    });
    return projectDto(ctx, id);
  },

  'projects.template': () => {
    const bytes = buildWorkbook([
      {
        name: PROJECT_SHEET,
        columns: COLUMNS.map((c) => ({ header: c.header, width: c.width })),
        rows: [
          ['2026-101-001', '县域义务教育学校营养改善计划', '101', '项目', '延续', '民生保障', '补助补贴类', '一般公共预算', '直达资金、上级转移支付', '2026-01', '2026-12', 320.5, 0, 0, '', '', '', '否', '否', '否', '张三', '0994-7211234'],
          ['2026-102-001', '县人民医院发热门诊改造', '102', '项目', '新增', '基本建设', '基建工程类', '政府性基金预算', '地方政府专项债券、政府采购', '2026-03', '2027-06', 1200, 0, 0, 1200, 0, 150, '否', '是', '否', '李四', ''],
        ],
      },
      {
        name: '填写说明',
        columns: [{ header: '列', width: 22 }, { header: '说明', width: 90 }],
        rows: [
          ['项目编码', '必填，1–40 位字母、数字或 . _ -，在本年度内唯一。再次导入相同编码的项目会更新该项目（不改变项目状态和绩效目标），不会重复新增。'],
          ['项目名称 / 单位编码', '必填。单位编码须是“预算单位”中已有且启用的本单位预算单位。'],
          ['对象类型', `${labelList(OBJECT_TYPE_LABELS)}，留空视为“项目”。`],
          ['项目属性', `${labelList(PROJECT_ATTRIBUTE_LABELS)}，留空视为“延续”。`],
          ['项目类型', `${labelList(PROJECT_TYPES)}，留空视为“通用”。决定选用指标时优先推荐的共性指标。`],
          ['预算类型', `必填：${labelList(BUDGET_TYPE_LABELS)}（也可写 一般公共、政府性基金、国有资本、社保基金）。`],
          ['资金性质', `可多选，用顿号或逗号分隔：${labelList(FUND_TAG_LABELS)}。`],
          ['开始年月 / 结束年月', '如 2026-03，可留空；结束年月不能早于开始年月。'],
          ['年初预算数 / 全年预算数', '单位：万元，最多 6 位小数（精确到分），不能为负数。全年预算数三列都留空时按年初预算数。预算系统导出的表头注明“（元）”的金额按元读取。只有一列“年初预算数”或“全年预算数”时视为财政拨款。'],
          ['是否年中追加 / 是否新增重大 / 是否涉密', '是 / 否，留空视为否。新增重大项目（政策）须经事前绩效评估才能入库；年中追加项目须批复绩效目标后才能安排预算。'],
          ['注意', '示例行请删除或改成本地项目后再导入。整个文件全部校验通过才会写入，任何一行有误都不会导入；导入前自动备份。'],
        ],
      },
    ]);
    return fileDto('项目导入模板.xlsx', bytes);
  },

  'projects.importPreview': (ctx, { file, year }) => planProjectImport(ctx, file.name, Buffer.from(file.base64, 'base64'), year).preview,

  'projects.importCommit': async (ctx, { file, year }) => {
    const bytes = Buffer.from(file.base64, 'base64');
    const first = planProjectImport(ctx, file.name, bytes, year);
    if (first.preview.errors.length) {
      throw new AppFailure('IMPORT_INVALID', `文件“${file.name}”有 ${first.preview.errors.length} 处错误，未导入任何数据。`, first.preview.errors);
    }
    if (first.writes.length === 0) return first.preview.summary;
    await ctx.services.backup('import', ctx.user);
    // Re-plan after the backup's await: the plan must describe the database we write to.
    const plan = planProjectImport(ctx, file.name, bytes, year);
    if (plan.preview.errors.length) throw new AppFailure('IMPORT_INVALID', '数据在导入过程中发生变化，请重新预检。', plan.preview.errors);
    const at = ctx.now().toISOString();
    const total = plan.writes.length;
    ctx.write(['projects', 'project_tags'], (tx) => {
      let done = 0;
      for (const w of plan.writes) {
        if (w.existing) {
          // Status, goals, basis and the mid-term total are the app's, not the file's: only the file's columns change.
          saveProject(ctx.db, { ...w.existing, ...w.cols, updated_at: at });
          if (w.tags) setProjectTags(ctx.db, w.existing.id, w.tags);
        } else {
          const id = uuidv7(ctx.now().getTime());
          insertProject(ctx.db, {
            id, origin: ctx.origin, year, code: w.code, name: '', unit_id: '', object_type: 'project', attribute: 'continuing', category: '',
            project_type: 'general', budget_type: 'general', start_month: null, end_month: null, initial_fiscal_fen: 0, initial_carryover_fen: 0,
            initial_other_fen: 0, ...emptyMoney, mid_term_total_fen: null, mid_year_addition: 0, new_major: 0, confidential: 0,
            status: 'registered', manager: '', phone: '', basis: '', ...w.cols, created_at: at, updated_at: at,
          });
          setProjectTags(ctx.db, id, w.tags ?? []);
        }
        done++;
        if (done % 500 === 0) ctx.progress('projects.import', '正在导入项目', done, total);
      }
      tx.summary('project', { file: file.name, year, ...plan.preview.summary });
    });
    ctx.progress('projects.import', '正在导入项目', total, total);
    return plan.preview.summary;
  },

  'projects.export': (ctx, input) => {
    const { rows, total, totalAmountFen } = queryProjects(ctx.db, filterOf(input), input.sort, input.desc, -1, 0);
    const unitCodes = new Map(listOwnUnits(ctx.db, ctx.origin).map((u) => [u.id, u.code]));
    const owner = (r: ProjectListRow) => (r.origin === ctx.origin ? '本单位' : `同步（${r.origin}）`);
    const cells = rows.map((r): CellValue[] => [
      r.code, r.name, unitCodes.get(r.unit_id) ?? '', OBJECT_TYPE_LABELS[r.object_type], PROJECT_ATTRIBUTE_LABELS[r.attribute], r.category,
      PROJECT_TYPES[r.project_type], BUDGET_TYPE_LABELS[r.budget_type], tagList(r.tags).map((t) => FUND_TAG_LABELS[t]).join('、'),
      r.start_month ?? '', r.end_month ?? '',
      wanNumber(r.initial_fiscal_fen), wanNumber(r.initial_carryover_fen), wanNumber(r.initial_other_fen),
      wanNumber(r.annual_fiscal_fen), wanNumber(r.annual_carryover_fen), wanNumber(r.annual_other_fen),
      yesNo(r.mid_year_addition === 1), yesNo(r.new_major === 1), yesNo(r.confidential === 1), r.manager, r.phone,
      r.unit_name ?? '', PROJECT_STATUS_LABELS[r.status], r.goal_status ? GOAL_STATUS_LABELS[r.goal_status] : '未填报', owner(r),
    ]);
    const day = ctx.now().toISOString().slice(0, 10);
    const bytes = buildWorkbook([{
      name: PROJECT_SHEET,
      title: `${input.year} 年度项目 共 ${total} 个，全年预算合计 ${formatWan(totalAmountFen)} 万元（金额单位：万元），导出于 ${day}。前 ${COLUMNS.length} 列与导入模板一致，可修改后重新导入。`,
      columns: [
        ...COLUMNS.map((c) => ({ header: c.header, width: c.width })),
        { header: '单位名称', width: 24 }, { header: '项目状态', width: 12 }, { header: '绩效目标状态', width: 14 }, { header: '归属', width: 14 },
      ],
      rows: cells,
    }]);
    return fileDto(`项目-${input.year}-${day}.xlsx`, bytes);
  },
};
