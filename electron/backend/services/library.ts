import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';
import type { ImportPreview, ImportRowPreview } from '../../../shared/api/dto.ts';
import type { LibraryEntryDto } from '../../../shared/api/dtoGoals.ts';
import type { LibraryImportRow } from '../../../shared/api/methods/goals.ts';
import {
  APPLIES_TO_LABELS, LEVEL1, LEVEL2, LIBRARY_KIND_LABELS, OPERATORS, OPERATOR_LABELS, PROJECT_TYPES, VALUE_BASIS_LABELS, fitsFramework,
  libraryEntrySchema, type Level1Code, type Level2Code, type LibraryEntry, type Operator, type ProjectTypeCode,
} from '../../../shared/domain/indicators.ts';
import { toHalfWidth } from '../../../shared/rules/money.ts';
import builtinLibrary from '../../../resources/indicators/common-library.json' with { type: 'json' };
import type { Db } from '../db/connection.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import {
  BUILTIN_LIBRARY_ORIGIN, BUILTIN_LIBRARY_VERSION_KEY, builtinCodes, entryColumns, findEntry, findEntryByCode, getSetting, insertEntry, listAllEntries,
  rowEntry, saveEntry, searchEntries, setSetting, toLibraryDto, type LibraryFilter, type LibraryRow,
} from '../repositories/library.ts';
import { buildWorkbook, columnLetter, fileDto, readWorkbook, sheetRows, type CellValue } from '../files/xlsx.ts';
import { uuidv7 } from '../util/ids.ts';
import { byLabel, cellText, labelList, parseYesNo, yesNo } from './importCells.ts';

export const LIBRARY_SHEET = '指标库';
const READ_ONLY_MESSAGE = '内置或上级下发的指标只能查看，可复制为本地指标后修改。';

// ---------------------------------------------------------------- builtin library (seeded at start-up)

interface BuiltinLibraryFile {
  version: number;
  entries: unknown[];
}

/** Stable ids, so every office (and every bundle) refers to a builtin entry by the same id. */
const builtinId = (code: string) => `builtin-${code}`;

/**
 * Seeds the shipped common library (origin 'builtin'), idempotently: missing codes are always
 * added; when the file's version is newer than the one recorded in settings, existing builtin
 * rows are brought up to date and builtin codes the file no longer has are retired (never
 * deleted: goal indicators may point at them).
 */
export function ensureBuiltinLibrary(db: Db, now: Date, file: BuiltinLibraryFile = builtinLibrary as BuiltinLibraryFile): void {
  const entries = file.entries.map((raw) => libraryEntrySchema.parse(raw));
  db.transaction(() => {
    const at = now.toISOString();
    const seeded = Number(getSetting(db, BUILTIN_LIBRARY_VERSION_KEY) ?? '0');
    const upgrade = file.version > seeded;
    const have = builtinCodes(db);
    for (const e of entries) {
      const cols = entryColumns(e);
      if (!have.has(e.code)) {
        insertEntry(db, { id: builtinId(e.code), origin: BUILTIN_LIBRARY_ORIGIN, ...cols, retired: 0, created_at: at, updated_at: at });
        continue;
      }
      if (!upgrade) continue;
      const row = findEntryByCode(db, BUILTIN_LIBRARY_ORIGIN, e.code);
      if (row && JSON.stringify(entryColumns(rowEntry(row))) !== JSON.stringify(cols)) saveEntry(db, { ...row, ...cols, updated_at: at });
    }
    if (upgrade) {
      const shipped = new Set(entries.map((e) => e.code));
      for (const code of have) {
        const row = shipped.has(code) ? undefined : findEntryByCode(db, BUILTIN_LIBRARY_ORIGIN, code);
        if (row && row.retired === 0) saveEntry(db, { ...row, retired: 1, updated_at: at });
      }
      setSetting(db, BUILTIN_LIBRARY_VERSION_KEY, String(file.version));
    }
  })();
}

// ---------------------------------------------------------------- CRUD

function requireOwnEntry(ctx: CallContext, id: string): LibraryRow {
  const row = findEntry(ctx.db, id);
  if (!row) throw new AppFailure('NOT_FOUND', '指标不存在。');
  if (row.origin !== ctx.origin) throw new AppFailure('CONFLICT', `指标“${row.name}”（${row.code}）是${row.origin === BUILTIN_LIBRARY_ORIGIN ? '内置' : '上级下发'}指标。${READ_ONLY_MESSAGE}`);
  return row;
}

const fitsEitherTemplate = (l1: Level1Code, l2: Level2Code) => fitsFramework('A', l1, l2) || fitsFramework('B', l1, l2);
const frameworkMessage = (l1: Level1Code, l2: Level2Code) => `二级指标“${LEVEL2[l2]}”不属于一级指标“${LEVEL1[l1]}”（模板 A、B 中都没有这一组合）`;

function assertEntryRules(ctx: CallContext, e: LibraryEntry, selfId: string | null): void {
  if (!fitsEitherTemplate(e.level1, e.level2)) {
    throw new AppFailure('VALIDATION', `${frameworkMessage(e.level1, e.level2)}。`, [{ field: 'level2', message: '二级指标与一级指标不匹配' }]);
  }
  const clash = findEntryByCode(ctx.db, ctx.origin, e.code);
  if (clash && clash.id !== selfId) {
    throw new AppFailure('CONFLICT', `指标编码“${e.code}”已被本单位的指标“${clash.name}”使用。`, [{ field: 'code', message: '指标编码重复' }]);
  }
}

function dto(ctx: CallContext, id: string): LibraryEntryDto {
  const row = findEntry(ctx.db, id);
  if (!row) throw new AppFailure('NOT_FOUND', '指标不存在。');
  return toLibraryDto(row, ctx.origin);
}

// ---------------------------------------------------------------- Excel columns and labels

/** Import/export columns, in order. Labels (not codes) go in the cells. */
const COLUMNS = [
  { key: 'code', header: '编码', aliases: ['指标编码'], required: true, width: 18 },
  { key: 'libraryKind', header: '库类型', aliases: ['指标库类型'], required: false, width: 14 },
  { key: 'field', header: '行业/领域', aliases: ['行业', '领域', '行业领域'], required: false, width: 16 },
  { key: 'projectType', header: '项目类型', aliases: [], required: true, width: 14 },
  { key: 'level1', header: '一级指标', aliases: [], required: true, width: 12 },
  { key: 'level2', header: '二级指标', aliases: [], required: true, width: 18 },
  { key: 'name', header: '三级指标名称', aliases: ['三级指标', '指标名称'], required: true, width: 24 },
  { key: 'explanation', header: '指标解释', aliases: ['指标说明'], required: false, width: 40 },
  { key: 'valueType', header: '指标值类型', aliases: ['值类型'], required: false, width: 10 },
  { key: 'operator', header: '性质', aliases: ['方向', '方向/性质', '指标性质', '性质(≥≤=><定性)'], required: true, width: 8 },
  { key: 'unit', header: '计量单位', aliases: ['单位'], required: false, width: 10 },
  { key: 'referenceValue', header: '参考指标值', aliases: ['参考值'], required: false, width: 14 },
  { key: 'valueBasis', header: '取值依据', aliases: [], required: false, width: 10 },
  { key: 'formula', header: '计算公式', aliases: ['公式'], required: false, width: 24 },
  { key: 'scoringRule', header: '评(扣)分标准', aliases: ['评分标准', '扣分标准'], required: false, width: 30 },
  { key: 'dataSource', header: '数据来源', aliases: [], required: false, width: 24 },
  { key: 'appliesTo', header: '适用对象', aliases: [], required: true, width: 14 },
  { key: 'isCore', header: '是否核心指标', aliases: ['核心指标'], required: false, width: 12 },
  { key: 'startYear', header: '启用年度', aliases: [], required: false, width: 10 },
  { key: 'endYear', header: '停用年度', aliases: [], required: false, width: 10 },
  { key: 'sourceDoc', header: '来源文件', aliases: ['依据文件'], required: false, width: 30 },
] as const satisfies readonly { key: keyof LibraryEntry; header: string; aliases: readonly string[]; required: boolean; width: number }[];
type ColumnKey = (typeof COLUMNS)[number]['key'];

/** Header text as matched: full-width folded, no spaces, no required-marker asterisk. */
const normHeader = (text: string) => toHalfWidth(text).replace(/[\s*]/g, '');

const KIND_BY_LABEL = byLabel<LibraryEntry['libraryKind']>(LIBRARY_KIND_LABELS, [['共性', 'common'], ['行业', 'industry'], ['领域', 'industry'], ['行业指标库', 'industry'], ['本地', 'local'], ['自定义', 'local']]);
const TYPE_BY_LABEL = byLabel<ProjectTypeCode>(PROJECT_TYPES, (Object.entries(PROJECT_TYPES) as [ProjectTypeCode, string][]).filter(([, l]) => l.endsWith('类')).map(([c, l]) => [l.slice(0, -1), c]));
const LEVEL1_BY_LABEL = byLabel<Level1Code>(LEVEL1, (Object.entries(LEVEL1) as [Level1Code, string][]).map(([c, l]) => [l.replace(/指标$/, ''), c]));
// '成本指标' is both a level-1 (template B) and a level-2 under 产出 (template A): in the 二级 column it is the latter.
const LEVEL2_BY_LABEL = byLabel<Level2Code>(LEVEL2, (Object.entries(LEVEL2) as [Level2Code, string][]).map(([c, l]) => [l.replace(/指标$/, ''), c]));
const VALUE_TYPE_BY_LABEL = new Map<string, LibraryEntry['valueType']>([['定量', 'quantitative'], ['定性', 'qualitative']]);
const OPERATOR_BY_LABEL = byLabel<Operator>(OPERATOR_LABELS, [['>=', '>='], ['<=', '<='], ['≧', '>='], ['≦', '<='], ['==', '=']]);
const BASIS_BY_LABEL = byLabel<LibraryEntry['valueBasis']>(VALUE_BASIS_LABELS, (Object.entries(VALUE_BASIS_LABELS) as [LibraryEntry['valueBasis'], string][]).map(([c, l]) => [l.replace(/标准$/, ''), c]));
const APPLIES_BY_LABEL = byLabel<LibraryEntry['appliesTo'][number]>(APPLIES_TO_LABELS, [['部门整体支出', 'unitOverall'], ['单位整体', 'unitOverall']]);

/** An entry as one spreadsheet row, in COLUMNS order. */
function entryCells(e: LibraryEntry): CellValue[] {
  return [
    e.code, LIBRARY_KIND_LABELS[e.libraryKind], e.field, PROJECT_TYPES[e.projectType], LEVEL1[e.level1], LEVEL2[e.level2], e.name, e.explanation,
    e.valueType === 'quantitative' ? '定量' : '定性', OPERATOR_LABELS[e.operator], e.unit, e.referenceValue, VALUE_BASIS_LABELS[e.valueBasis],
    e.formula, e.scoringRule, e.dataSource, e.appliesTo.map((a) => APPLIES_TO_LABELS[a]).join('，'), yesNo(e.isCore), e.startYear, e.endYear,
    e.sourceDoc,
  ];
}

const sameEntry = (a: LibraryEntry, b: LibraryEntry) => JSON.stringify(entryColumns(a)) === JSON.stringify(entryColumns(b));

// ---------------------------------------------------------------- import plan

interface LibraryPlan {
  preview: ImportPreview<LibraryImportRow>;
  /** Rows to write: own entries to add or update (unchanged rows are left out). */
  writes: { entry: LibraryEntry; existing: LibraryRow | undefined }[];
}

/** Parses and validates a library workbook. Writes nothing. */
export function planLibraryImport(ctx: CallContext, fileName: string, bytes: Buffer): LibraryPlan {
  let wb;
  try {
    wb = readWorkbook(bytes);
  } catch {
    throw new AppFailure('IMPORT_INVALID', `无法读取文件“${fileName}”：不是有效的 Excel 文件。`, [{ message: '文件格式无效，请使用 .xlsx 模板' }]);
  }
  const sheetName = wb.SheetNames.includes(LIBRARY_SHEET) ? LIBRARY_SHEET : wb.SheetNames[0];
  const ws = sheetName ? wb.Sheets[sheetName] : undefined;
  if (!sheetName || !ws) throw new AppFailure('IMPORT_INVALID', `文件“${fileName}”中没有工作表。`, [{ message: '没有工作表' }]);
  const grid = sheetRows(ws);

  const codeHeaders = new Set(['编码', '指标编码']);
  const headerIndex = grid.slice(0, 10).findIndex((r) => r.some((c) => codeHeaders.has(normHeader(cellText(c)))));
  if (headerIndex < 0) {
    throw new AppFailure('IMPORT_INVALID', `工作表“${sheetName}”前 10 行中找不到表头“编码”，请使用指标库导入模板。`, [
      { sheet: sheetName, row: 1, message: '找不到表头“编码”' },
    ]);
  }
  const headerCells = (grid[headerIndex] ?? []).map((c) => normHeader(cellText(c)));
  const col = new Map<ColumnKey, number>();
  const headerErrors: ErrorDetail[] = [];
  for (const c of COLUMNS) {
    const names = new Set<string>([c.header, ...c.aliases].map(normHeader));
    const idx = headerCells.findIndex((h) => names.has(h));
    if (idx >= 0) col.set(c.key, idx);
    else if (c.required) headerErrors.push({ sheet: sheetName, row: headerIndex + 1, message: `缺少必填列“${c.header}”` });
  }
  if (headerErrors.length) throw new AppFailure('IMPORT_INVALID', `文件“${fileName}”缺少必填列。`, headerErrors);

  const all = listAllEntries(ctx.db);
  const ownByCode = new Map(all.filter((r) => r.origin === ctx.origin).map((r) => [r.code, r]));
  const othersByCode = new Map<string, LibraryRow[]>();
  for (const r of all) if (r.origin !== ctx.origin) othersByCode.set(r.code, [...(othersByCode.get(r.code) ?? []), r]);

  const errors: ErrorDetail[] = [];
  const previews: ImportRowPreview<LibraryImportRow>[] = [];
  const writes: LibraryPlan['writes'] = [];
  const seen = new Map<string, number>();
  const at = (row: number, key: ColumnKey, message: string): ErrorDetail => {
    const c = COLUMNS.find((x) => x.key === key);
    return { sheet: sheetName, row, column: columnLetter(col.get(key) ?? 0), field: c?.header ?? key, message };
  };

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
    const get = (key: ColumnKey) => {
      const idx = col.get(key);
      return idx === undefined ? '' : cellText(r[idx]);
    };
    const required = (key: ColumnKey, header: string) => {
      const v = get(key);
      if (v === '') bad(key, `缺少${header}`);
      return v;
    };
    /** A label from a closed list; blank gives the fallback (or a missing-value error when required). */
    const label = <C extends string>(key: ColumnKey, header: string, map: Map<string, C>, allowed: string, fallback: C | null): C | null => {
      const text = get(key);
      if (text === '') {
        if (fallback === null) bad(key, `缺少${header}`);
        return fallback;
      }
      const code = map.get(toHalfWidth(text).replace(/\s/g, '')) ?? map.get(text);
      if (code === undefined) bad(key, `${header}“${text}”无法识别，应为 ${allowed} 之一`);
      return code ?? null;
    };
    const year = (key: 'startYear' | 'endYear', header: string): number | null => {
      const text = get(key).replace(/年$/, '');
      if (text === '') return null;
      const n = /^\d{4}$/.test(text) ? Number(text) : NaN;
      if (!(n >= 2000 && n <= 2100)) {
        bad(key, `${header}“${get(key)}”应为 2000–2100 之间的四位年份`);
        return null;
      }
      return n;
    };

    const code = required('code', '编码');
    if (code !== '') {
      const first = seen.get(code);
      if (first !== undefined) bad('code', `编码“${code}”与第 ${first} 行重复`);
      else seen.set(code, rowNo);
    }
    const libraryKind = label('libraryKind', '库类型', KIND_BY_LABEL, labelList(LIBRARY_KIND_LABELS), 'local');
    const projectType = label('projectType', '项目类型', TYPE_BY_LABEL, labelList(PROJECT_TYPES), null);
    const level1 = label('level1', '一级指标', LEVEL1_BY_LABEL, labelList(LEVEL1), null);
    const level2 = label('level2', '二级指标', LEVEL2_BY_LABEL, labelList(LEVEL2), null);
    const name = required('name', '三级指标名称');
    const operator = label('operator', '性质', OPERATOR_BY_LABEL, labelList(OPERATOR_LABELS), null);
    // 指标值类型 may be left blank: the 性质 says it (定性 ↔ 定性, any comparison ↔ 定量).
    const inferredType = operator === null ? null : operator === 'qualitative' ? 'qualitative' : 'quantitative';
    const valueType = label('valueType', '指标值类型', VALUE_TYPE_BY_LABEL, '定量、定性', inferredType ?? 'quantitative');
    const valueBasis = label('valueBasis', '取值依据', BASIS_BY_LABEL, labelList(VALUE_BASIS_LABELS), 'plan');
    const appliesText = required('appliesTo', '适用对象');
    const appliesTo: LibraryEntry['appliesTo'] = [];
    for (const part of appliesText.split(/[,，、;；/\s]+/).filter(Boolean)) {
      const a = APPLIES_BY_LABEL.get(part);
      if (!a) bad('appliesTo', `适用对象“${part}”无法识别，应为 ${labelList(APPLIES_TO_LABELS)}（多个用逗号分隔）`);
      else if (!appliesTo.includes(a)) appliesTo.push(a);
    }
    const isCore = parseYesNo(get('isCore'));
    if (isCore === null) bad('isCore', `是否核心指标“${get('isCore')}”应填写 是 或 否`);
    const startYear = year('startYear', '启用年度');
    const endYear = year('endYear', '停用年度');
    if (level1 && level2 && !fitsEitherTemplate(level1, level2)) bad('level2', frameworkMessage(level1, level2));

    // The shared schema checks formats, lengths and 性质 vs 指标值类型; cells that already failed
    // above get placeholders here and their schema issues are not reported twice.
    const candidate = {
      code, libraryKind: libraryKind ?? 'local', field: get('field'), projectType: projectType ?? 'general', level1: level1 ?? 'output',
      level2: level2 ?? 'quantity', name, explanation: get('explanation'), valueType: valueType ?? 'quantitative',
      operator: operator ?? (valueType === 'qualitative' ? 'qualitative' : '>='), unit: get('unit'), referenceValue: get('referenceValue'),
      valueBasis: valueBasis ?? 'plan', formula: get('formula'), scoringRule: get('scoringRule'), dataSource: get('dataSource'),
      appliesTo: appliesTo.length ? appliesTo : (['project'] as const), isCore: isCore ?? false, startYear, endYear, sourceDoc: get('sourceDoc'),
    } satisfies LibraryEntry;
    const parsed = libraryEntrySchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = COLUMNS.find((c) => c.key === issue.path[0])?.key;
        if (!key || failed.has(key)) continue;
        if (key === 'operator' && (failed.has('valueType') || failed.has('operator'))) continue;
        if (key === 'endYear' && failed.has('startYear')) continue;
        bad(key, issue.message);
      }
    }
    errors.push(...rowErrors);
    if (rowErrors.length || !parsed.success) continue;

    const entry = parsed.data;
    const value: LibraryImportRow = { code: entry.code, name: entry.name, projectType: entry.projectType, level1: entry.level1, level2: entry.level2 };
    const own = ownByCode.get(entry.code);
    if (own) {
      const same = sameEntry(rowEntry(own), entry);
      previews.push({ row: rowNo, action: same ? 'unchanged' : 'update', value });
      if (!same) writes.push({ entry, existing: own });
    } else if ((othersByCode.get(entry.code) ?? []).some((o) => sameEntry(rowEntry(o), entry))) {
      // A builtin or higher-level entry exported and read back unchanged: nothing to write.
      previews.push({ row: rowNo, action: 'unchanged', value });
    } else {
      // New code, or a read-only entry edited in the file: it becomes this office's own entry.
      previews.push({ row: rowNo, action: 'add', value });
      writes.push({ entry, existing: undefined });
    }
  }
  if (previews.length === 0 && errors.length === 0) errors.push({ sheet: sheetName, row: headerIndex + 2, message: '表头下方没有任何指标数据' });
  errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').length - (b.column ?? '').length || (a.column ?? '').localeCompare(b.column ?? ''));
  const summary = { add: 0, update: 0, unchanged: 0 };
  for (const p of previews) summary[p.action]++;
  return { preview: { fileName, sheet: sheetName, rows: previews, errors, summary }, writes };
}

// ---------------------------------------------------------------- handlers

const filterOf = (input: { q: string; projectType?: string | undefined; level1?: string | undefined; level2?: string | undefined; appliesTo?: string | undefined; includeRetired: boolean }): LibraryFilter => ({
  q: input.q, projectType: input.projectType, level1: input.level1, level2: input.level2, appliesTo: input.appliesTo, includeRetired: input.includeRetired,
});

type LibraryMethods =
  | 'library.search' | 'library.create' | 'library.update' | 'library.setRetired'
  | 'library.template' | 'library.importPreview' | 'library.importCommit' | 'library.export';

export const libraryHandlers: HandlerMap<LibraryMethods> = {
  'library.search': (ctx, input) => {
    const { rows, total } = searchEntries(ctx.db, filterOf(input), input.pageSize, (input.page - 1) * input.pageSize);
    return { rows: rows.map((r) => toLibraryDto(r, ctx.origin)), total };
  },

  'library.create': (ctx, entry) => {
    assertEntryRules(ctx, entry, null);
    const at = ctx.now().toISOString();
    const row = { id: uuidv7(ctx.now().getTime()), origin: ctx.origin, ...entryColumns(entry), retired: 0 as const, created_at: at, updated_at: at };
    ctx.write(['library_entries'], (tx) => {
      insertEntry(ctx.db, row);
      tx.record('library_entry', row.id, null, row);
    });
    return dto(ctx, row.id);
  },

  'library.update': (ctx, { id, entry }) => {
    const before = requireOwnEntry(ctx, id);
    assertEntryRules(ctx, entry, before.id);
    const after = { ...before, ...entryColumns(entry), updated_at: ctx.now().toISOString() };
    ctx.write(['library_entries'], (tx) => {
      saveEntry(ctx.db, after);
      tx.record('library_entry', before.id, before, after);
    });
    return dto(ctx, before.id);
  },

  'library.setRetired': (ctx, { id, retired }) => {
    const before = requireOwnEntry(ctx, id);
    if ((before.retired === 1) === retired) return toLibraryDto(before, ctx.origin);
    const after = { ...before, retired: retired ? (1 as const) : (0 as const), updated_at: ctx.now().toISOString() };
    ctx.write(['library_entries'], (tx) => {
      saveEntry(ctx.db, after);
      tx.record('library_entry', before.id, before, after);
    });
    return dto(ctx, before.id);
  },

  'library.template': () => {
    const examples: LibraryEntry[] = [
      {
        code: 'LT-MT-OUT-QTY-01', libraryKind: 'local', field: '', projectType: 'meetingTraining', level1: 'output', level2: 'quantity',
        name: '乡村干部培训人次', explanation: '年度内参加乡村干部培训的累计人次。', valueType: 'quantitative', operator: '>=', unit: '人次',
        referenceValue: '≥计划数', valueBasis: 'plan', formula: '各期参训人数之和', scoringRule: '达到目标值得满分，未达到按比例计分',
        dataSource: '培训签到表', appliesTo: ['project'], isCore: true, startYear: 2026, endYear: null, sourceDoc: '本地常用',
      },
      {
        code: 'LT-GN-SAT-SAT-01', libraryKind: 'local', field: '', projectType: 'general', level1: 'satisfaction', level2: 'serviceSatisfaction',
        name: '群众对项目实施的评价', explanation: '受益群众对项目实施效果的总体评价。', valueType: 'qualitative', operator: 'qualitative', unit: '',
        referenceValue: '满意', valueBasis: 'other', formula: '', scoringRule: '满意得满分，基本满意得 80%，不满意不得分',
        dataSource: '问卷调查', appliesTo: ['project', 'policy'], isCore: false, startYear: null, endYear: null, sourceDoc: '',
      },
    ];
    const bytes = buildWorkbook([
      { name: LIBRARY_SHEET, columns: COLUMNS.map((c) => ({ header: c.header, width: c.width })), rows: examples.map(entryCells) },
      {
        name: '填写说明',
        columns: [{ header: '列', width: 16 }, { header: '说明', width: 90 }],
        rows: [
          ['编码', '必填，1–40 位字母、数字或 . _ -，在本单位指标库内唯一；建议加本地前缀（如 LT-）。再次导入相同编码会更新该指标，不会重复新增。'],
          ['库类型', `${labelList(LIBRARY_KIND_LABELS)}；留空视为“本地自定义”。`],
          ['项目类型', `必填：${labelList(PROJECT_TYPES)}。`],
          ['一级指标', `必填：${labelList(LEVEL1)}。`],
          ['二级指标', `必填：${labelList(LEVEL2)}。须属于所填一级指标（模板 A：成本指标在产出指标下；模板 B：成本指标为一级指标，下设经济、社会、生态环境成本指标）。`],
          ['三级指标名称', '必填，不超过 60 个字。'],
          ['指标值类型', '定量 / 定性；留空时按“性质”判断。'],
          ['性质', `必填：${OPERATORS.map((o) => OPERATOR_LABELS[o]).join(' ')}。定量指标填比较符，定性指标填“定性”。`],
          ['参考指标值', '常见取值，可写“≥计划数”等文字，选用时由单位按项目实际填写具体数值。'],
          ['取值依据', `${labelList(VALUE_BASIS_LABELS)}；留空视为“计划标准”。`],
          ['适用对象', `必填：${labelList(APPLIES_TO_LABELS)}，多个用逗号或顿号分隔。`],
          ['是否核心指标', '是 / 否，留空视为否。'],
          ['启用年度 / 停用年度', '四位年份，可留空；停用年度不能早于启用年度。'],
          ['注意', '只导入本单位的指标。内置或上级下发的指标导出后原样导入不会有任何变化；若在文件中修改了它们，会作为本单位的指标新增。整个文件全部校验通过才会写入，任何一行有误都不会导入。'],
        ],
      },
    ]);
    return fileDto('指标库导入模板.xlsx', bytes);
  },

  'library.importPreview': (ctx, { file }) => planLibraryImport(ctx, file.name, Buffer.from(file.base64, 'base64')).preview,

  'library.importCommit': async (ctx, { file }) => {
    const bytes = Buffer.from(file.base64, 'base64');
    const first = planLibraryImport(ctx, file.name, bytes);
    if (first.preview.errors.length) {
      throw new AppFailure('IMPORT_INVALID', `文件“${file.name}”有 ${first.preview.errors.length} 处错误，未导入任何数据。`, first.preview.errors);
    }
    if (first.writes.length === 0) return first.preview.summary;
    await ctx.services.backup('import', ctx.user);
    // Re-plan after the backup's await: the plan must describe the database we write to.
    const plan = planLibraryImport(ctx, file.name, bytes);
    if (plan.preview.errors.length) throw new AppFailure('IMPORT_INVALID', '数据在导入过程中发生变化，请重新预检。', plan.preview.errors);
    const at = ctx.now().toISOString();
    ctx.write(['library_entries'], (tx) => {
      for (const w of plan.writes) {
        if (w.existing) saveEntry(ctx.db, { ...w.existing, ...entryColumns(w.entry), updated_at: at });
        else insertEntry(ctx.db, { id: uuidv7(ctx.now().getTime()), origin: ctx.origin, ...entryColumns(w.entry), retired: 0, created_at: at, updated_at: at });
      }
      tx.summary('library_entry', { file: file.name, ...plan.preview.summary });
    });
    return plan.preview.summary;
  },

  'library.export': (ctx, input) => {
    const { rows } = searchEntries(ctx.db, filterOf(input), -1, 0);
    const owner = (r: LibraryRow) => (r.origin === BUILTIN_LIBRARY_ORIGIN ? '内置' : r.origin === ctx.origin ? '本单位' : `上级下发（${r.origin}）`);
    const day = ctx.now().toISOString().slice(0, 10);
    const bytes = buildWorkbook([{
      name: LIBRARY_SHEET,
      title: `指标库 共 ${rows.length} 条，导出于 ${day}。前 ${COLUMNS.length} 列与导入模板一致，可修改后重新导入（内置和上级下发的指标只能查看）。`,
      columns: [...COLUMNS.map((c) => ({ header: c.header, width: c.width })), { header: '归属', width: 14 }, { header: '状态', width: 8 }],
      rows: rows.map((r) => [...entryCells(rowEntry(r)), owner(r), r.retired === 1 ? '停用' : '启用']),
    }]);
    return fileDto(`指标库-${day}.xlsx`, bytes);
  },
};
