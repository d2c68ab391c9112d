import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';
import type { ImportPreview, ImportRowPreview, UnitDto, UnitImportRow } from '../../../shared/api/dto.ts';
import { unitCodeSchema } from '../../../shared/api/schemas.ts';
import { MAX_UNIT_DEPTH, UNIT_KINDS, type UnitKind } from '../../../shared/domain/office.ts';
import { UNIT_KIND_LABELS, UNIT_LEVEL_LABELS } from '../../../shared/i18n/zh-CN.ts';
import { checkUnitTree } from '../../../shared/rules/unitTree.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { findUnit, findUnitByCode, insertUnit, listOwnUnits, listUnits, saveUnit, toUnitDtos, type UnitRow } from '../repositories/units.ts';
import { uuidv7 } from '../util/ids.ts';
import { buildWorkbook, columnLetter, fileDto, readWorkbook, sheetRows, type CellValue } from '../files/xlsx.ts';
import { findOffice } from '../repositories/office.ts';
import { cellText, yesNo } from './importCells.ts';

export const UNIT_SHEET = '预算单位';

/** Template columns, in order; the header text is what the import looks for. */
const COLUMNS = [
  { key: 'code', header: '单位编码', aliases: ['编码'], required: true, width: 16 },
  { key: 'name', header: '单位名称', aliases: ['名称'], required: true, width: 36 },
  { key: 'parentCode', header: '上级单位编码', aliases: ['上级编码', '主管部门编码'], required: false, width: 16 },
  { key: 'kind', header: '单位性质', aliases: ['性质'], required: true, width: 12 },
  { key: 'confidential', header: '是否涉密', aliases: ['涉密'], required: false, width: 10 },
  { key: 'active', header: '是否启用', aliases: ['启用'], required: false, width: 10 },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'];

const KIND_BY_LABEL = new Map<string, UnitKind>([
  ...UNIT_KINDS.map((k) => [UNIT_KIND_LABELS[k], k] as const),
  ['行政', 'administrative'], ['事业', 'institution'], ['参公事业单位', 'institution'], ['企业', 'other'],
]);

function requireOwnUnit(ctx: CallContext, id: string): UnitRow {
  const row = findUnit(ctx.db, id);
  if (!row) throw new AppFailure('NOT_FOUND', '单位不存在。');
  if (row.origin !== ctx.origin) throw new AppFailure('CONFLICT', `单位“${row.name}”来自其他单位的同步数据，只能查看，不能修改。`);
  return row;
}

function dto(ctx: CallContext, id: string): UnitDto {
  const all = listUnits(ctx.db);
  const found = toUnitDtos(all, ctx.origin).find((u) => u.id === id);
  if (!found) throw new AppFailure('NOT_FOUND', '单位不存在。');
  return found;
}

function depthOf(rows: Map<string, UnitRow>, id: string | null): number {
  let d = -1;
  for (let cur = id ? rows.get(id) : undefined; cur; cur = cur.parent_id ? rows.get(cur.parent_id) : undefined) d++;
  return d;
}

function subtreeHeight(rows: UnitRow[], id: string): number {
  const children = rows.filter((r) => r.parent_id === id);
  return children.length === 0 ? 0 : 1 + Math.max(...children.map((c) => subtreeHeight(rows, c.id)));
}

function assertCodeFree(ctx: CallContext, code: string, selfId: string | null) {
  const clash = findUnitByCode(ctx.db, ctx.origin, code);
  if (clash && clash.id !== selfId) {
    throw new AppFailure('CONFLICT', `单位编码“${code}”已被“${clash.name}”使用。`, [{ field: 'code', message: '单位编码重复' }]);
  }
}

function assertParent(ctx: CallContext, parentId: string | null, movingId: string | null): void {
  if (parentId === null) return;
  const all = listOwnUnits(ctx.db, ctx.origin);
  const byId = new Map(all.map((r) => [r.id, r]));
  const parent = byId.get(parentId);
  if (!parent) throw new AppFailure('VALIDATION', '上级单位不存在或不属于本单位。', [{ field: 'parentId', message: '上级单位无效' }]);
  if (parent.active === 0) throw new AppFailure('VALIDATION', `上级单位“${parent.name}”已停用。`, [{ field: 'parentId', message: '上级单位已停用' }]);
  if (movingId) {
    for (let cur: UnitRow | undefined = parent; cur; cur = cur.parent_id ? byId.get(cur.parent_id) : undefined) {
      if (cur.id === movingId) throw new AppFailure('VALIDATION', '不能把单位移动到它自己或它的下级单位之下。', [{ field: 'parentId', message: '会形成循环' }]);
    }
  }
  const height = movingId ? subtreeHeight(all, movingId) : 0;
  if (depthOf(byId, parentId) + 1 + height >= MAX_UNIT_DEPTH) {
    throw new AppFailure('VALIDATION', '单位层级最多三级（主管部门 → 一级预算单位 → 二级预算单位）。', [{ field: 'parentId', message: '层级超过三级' }]);
  }
}

/** The tree in display order (parents before children, by code), for exports. */
function treeOrder(units: UnitDto[]): UnitDto[] {
  const children = new Map<string | null, UnitDto[]>();
  for (const u of units) {
    const key = u.parentId && units.some((p) => p.id === u.parentId) ? u.parentId : null;
    children.set(key, [...(children.get(key) ?? []), u]);
  }
  const out: UnitDto[] = [];
  const walk = (id: string | null) => {
    for (const c of (children.get(id) ?? []).sort((a, b) => a.code.localeCompare(b.code))) {
      out.push(c);
      walk(c.id);
    }
  };
  walk(null);
  return out;
}

// ---------------------------------------------------------------- import

interface ParsedPlan {
  preview: ImportPreview<UnitImportRow>;
  /** Valid rows by code, in file order. */
  rows: { row: number; value: UnitImportRow; existing: UnitRow | undefined }[];
}

function parseYesNo(text: string, fallback: boolean): boolean | null {
  if (text === '') return fallback;
  if (['是', 'Y', 'y', '1', 'TRUE', 'true', '√'].includes(text)) return true;
  if (['否', 'N', 'n', '0', 'FALSE', 'false', '×'].includes(text)) return false;
  return null;
}

/** Parses and validates a unit workbook against the current tree. Writes nothing. */
export function planUnitImport(ctx: CallContext, fileName: string, bytes: Buffer): ParsedPlan {
  const errors: ErrorDetail[] = [];
  let wb;
  try {
    wb = readWorkbook(bytes);
  } catch {
    throw new AppFailure('IMPORT_INVALID', `无法读取文件“${fileName}”：不是有效的 Excel 文件。`, [{ message: '文件格式无效，请使用 .xlsx 模板' }]);
  }
  const sheetName = wb.SheetNames.includes(UNIT_SHEET) ? UNIT_SHEET : wb.SheetNames[0];
  const ws = sheetName ? wb.Sheets[sheetName] : undefined;
  if (!sheetName || !ws) throw new AppFailure('IMPORT_INVALID', `文件“${fileName}”中没有工作表。`, [{ message: '没有工作表' }]);
  const grid = sheetRows(ws);

  // The header is the first of the top rows that names the code column.
  const headerIndex = grid.slice(0, 10).findIndex((r) => r.some((c) => cellText(c) === '单位编码' || cellText(c) === '编码'));
  if (headerIndex < 0) {
    throw new AppFailure('IMPORT_INVALID', `工作表“${sheetName}”前 10 行中找不到表头“单位编码”，请使用单位导入模板。`, [
      { sheet: sheetName, row: 1, message: '找不到表头“单位编码”' },
    ]);
  }
  const header = (grid[headerIndex] ?? []).map(cellText);
  const col = new Map<ColumnKey, number>();
  for (const c of COLUMNS) {
    const idx = header.findIndex((h) => h === c.header || (c.aliases as readonly string[]).includes(h));
    if (idx >= 0) col.set(c.key, idx);
    else if (c.required) errors.push({ sheet: sheetName, row: headerIndex + 1, message: `缺少必填列“${c.header}”` });
  }
  if (errors.length) throw new AppFailure('IMPORT_INVALID', `文件“${fileName}”缺少必填列。`, errors);

  const existingOwn = listOwnUnits(ctx.db, ctx.origin);
  const existingByCode = new Map(existingOwn.map((r) => [r.code, r]));
  const existingById = new Map(existingOwn.map((r) => [r.id, r]));
  const seen = new Map<string, number>();
  const rows: ParsedPlan['rows'] = [];
  const treeRows: { row: number; code: string; parentCode: string | null }[] = [];
  const get = (r: CellValue[], key: ColumnKey) => {
    const idx = col.get(key);
    return idx === undefined ? '' : cellText(r[idx]);
  };
  const at = (row: number, key: ColumnKey, message: string): ErrorDetail => {
    const idx = col.get(key) ?? 0;
    const columnName = COLUMNS.find((c) => c.key === key)?.header ?? '';
    return { sheet: sheetName, row, column: columnLetter(idx), field: columnName, message };
  };

  for (let i = headerIndex + 1; i < grid.length; i++) {
    const r = grid[i] ?? [];
    if (r.every((c) => cellText(c) === '')) continue;
    const rowNo = i + 1;
    const code = get(r, 'code');
    const name = get(r, 'name');
    const parentCode = get(r, 'parentCode');
    const kindText = get(r, 'kind');
    let valid = true;
    const bad = (key: ColumnKey, message: string) => {
      errors.push(at(rowNo, key, message));
      valid = false;
    };
    if (code === '') bad('code', '缺少单位编码');
    else if (!unitCodeSchema.safeParse(code).success) bad('code', `单位编码“${code}”格式不正确（应为 1–30 位字母、数字或 -）`);
    else if (seen.has(code)) bad('code', `单位编码“${code}”与第 ${seen.get(code)} 行重复`);
    else seen.set(code, rowNo);
    if (name === '') bad('name', '缺少单位名称');
    else if (name.length > 80) bad('name', '单位名称超过 80 个字');
    const kind = KIND_BY_LABEL.get(kindText);
    if (kindText === '') bad('kind', '缺少单位性质（行政单位/事业单位/其他）');
    else if (!kind) bad('kind', `单位性质“${kindText}”无法识别，应为 行政单位、事业单位 或 其他`);
    const confidential = parseYesNo(get(r, 'confidential'), false);
    if (confidential === null) bad('confidential', `“${get(r, 'confidential')}”应填写 是 或 否`);
    const active = parseYesNo(get(r, 'active'), true);
    if (active === null) bad('active', `“${get(r, 'active')}”应填写 是 或 否`);
    if (parentCode !== '' && parentCode === code) bad('parentCode', '上级单位编码不能是本单位自己');
    // Rows with a usable code take part in the tree check even when other cells are wrong,
    // so one pass reports every problem of the file.
    if (code !== '' && seen.get(code) === rowNo && parentCode !== code) treeRows.push({ row: rowNo, code, parentCode: parentCode === '' ? null : parentCode });
    if (!valid || !kind || confidential === null || active === null) continue;
    rows.push({
      row: rowNo,
      value: { code, name, parentCode: parentCode === '' ? null : parentCode, kind, confidential, active },
      existing: existingByCode.get(code),
    });
  }

  // Check the merged tree: existing units, overridden by the file's rows.
  const merged = new Map<string, string | null>();
  for (const e of existingOwn) merged.set(e.code, e.parent_id ? (existingById.get(e.parent_id)?.code ?? null) : null);
  for (const r of treeRows) merged.set(r.code, r.parentCode);
  const rowOf = new Map(treeRows.map((r) => [r.code, r.row]));
  const problems = checkUnitTree([...merged].map(([code, parentCode]) => ({ code, parentCode })));
  for (const p of problems) {
    const rowNo = rowOf.get(p.code);
    if (rowNo === undefined) continue; // problems of untouched existing units are not this file's fault
    if (p.kind === 'unknownParent') errors.push(at(rowNo, 'parentCode', `上级单位编码“${p.parentCode}”在文件和现有单位中都不存在`));
    else if (p.kind === 'cycle') errors.push(at(rowNo, 'parentCode', `上级单位关系形成循环（单位“${p.code}”最终成为自己的上级）`));
    else errors.push(at(rowNo, 'parentCode', '单位层级超过三级（主管部门 → 一级预算单位 → 二级预算单位）'));
  }
  // A unit may not be deactivated while one of its children stays active.
  const activeOf = new Map<string, boolean>(existingOwn.map((e) => [e.code, e.active === 1]));
  for (const r of rows) activeOf.set(r.value.code, r.value.active);
  for (const [code, parentCode] of merged) {
    if (parentCode && activeOf.get(code) && activeOf.get(parentCode) === false) {
      const rowNo = rowOf.get(parentCode) ?? rowOf.get(code);
      if (rowNo !== undefined) errors.push(at(rowNo, 'active', `单位“${parentCode}”停用时，其下属单位“${code}”不能保持启用`));
    }
  }

  const previews: ImportRowPreview<UnitImportRow>[] = rows.map((r) => {
    const e = r.existing;
    if (!e) return { row: r.row, action: 'add', value: r.value };
    const eParent = e.parent_id ? (existingById.get(e.parent_id)?.code ?? null) : null;
    const same = e.name === r.value.name && eParent === r.value.parentCode && e.kind === r.value.kind &&
      (e.confidential === 1) === r.value.confidential && (e.active === 1) === r.value.active;
    return { row: r.row, action: same ? 'unchanged' : 'update', value: r.value };
  });
  if (rows.length === 0 && errors.length === 0) errors.push({ sheet: sheetName, row: headerIndex + 2, message: '表头下方没有任何单位数据' });
  errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? ''));
  const summary = { add: 0, update: 0, unchanged: 0 };
  for (const p of previews) summary[p.action]++;
  return { preview: { fileName, sheet: sheetName, rows: previews, errors, summary }, rows };
}

type UnitMethods =
  | 'units.tree' | 'units.create' | 'units.update' | 'units.move' | 'units.setActive'
  | 'units.template' | 'units.importPreview' | 'units.importCommit' | 'units.export';

export const unitHandlers: HandlerMap<UnitMethods> = {
  'units.tree': (ctx) => toUnitDtos(listUnits(ctx.db), ctx.origin),

  'units.create': (ctx, input) => {
    assertCodeFree(ctx, input.code, null);
    assertParent(ctx, input.parentId, null);
    const at = ctx.now().toISOString();
    const row = {
      id: uuidv7(), origin: ctx.origin, code: input.code, name: input.name, parent_id: input.parentId, kind: input.kind,
      confidential: input.confidential ? 1 : 0, active: 1, created_at: at, updated_at: at,
    } as const;
    ctx.write(['units'], (tx) => {
      insertUnit(ctx.db, row);
      tx.record('unit', row.id, null, row);
    });
    return dto(ctx, row.id);
  },

  'units.update': (ctx, input) => {
    const before = requireOwnUnit(ctx, input.id);
    assertCodeFree(ctx, input.code, before.id);
    const after: UnitRow = {
      ...before, code: input.code, name: input.name, kind: input.kind, confidential: input.confidential ? 1 : 0,
      updated_at: ctx.now().toISOString(),
    };
    ctx.write(['units'], (tx) => {
      saveUnit(ctx.db, after);
      tx.record('unit', before.id, before, after);
    });
    return dto(ctx, before.id);
  },

  'units.move': (ctx, input) => {
    const before = requireOwnUnit(ctx, input.id);
    assertParent(ctx, input.parentId, before.id);
    const after: UnitRow = { ...before, parent_id: input.parentId, updated_at: ctx.now().toISOString() };
    ctx.write(['units'], (tx) => {
      saveUnit(ctx.db, after);
      tx.record('unit', before.id, before, after);
    });
    return dto(ctx, before.id);
  },

  'units.setActive': (ctx, input) => {
    const before = requireOwnUnit(ctx, input.id);
    const all = listOwnUnits(ctx.db, ctx.origin);
    if (!input.active) {
      const activeChildren = all.filter((r) => r.parent_id === before.id && r.active === 1);
      if (activeChildren.length > 0) {
        throw new AppFailure('CONFLICT', `请先停用“${before.name}”的 ${activeChildren.length} 个下属单位（如“${activeChildren[0]?.name}”）。`);
      }
    } else if (before.parent_id) {
      const parent = all.find((r) => r.id === before.parent_id);
      if (parent && parent.active === 0) throw new AppFailure('CONFLICT', `上级单位“${parent.name}”已停用，请先启用上级单位。`);
    }
    const after: UnitRow = { ...before, active: input.active ? 1 : 0, updated_at: ctx.now().toISOString() };
    ctx.write(['units'], (tx) => {
      saveUnit(ctx.db, after);
      tx.record('unit', before.id, before, after);
    });
    return dto(ctx, before.id);
  },

  'units.template': () => {
    const bytes = buildWorkbook([
      {
        name: UNIT_SHEET,
        columns: COLUMNS.map((c) => ({ header: c.header, width: c.width })),
        rows: [
          ['101', '县教育局', '', '行政单位', '否', '是'],
          ['101001', '县第一中学', '101', '事业单位', '否', '是'],
          ['101002', '县教师进修学校', '101', '事业单位', '否', '是'],
        ],
      },
      {
        name: '填写说明',
        columns: [{ header: '列', width: 16 }, { header: '说明', width: 80 }],
        rows: [
          ['单位编码', '必填，1–30 位字母、数字或 -，在本单位内唯一。再次导入相同编码的单位会更新该单位，不会重复新增。'],
          ['单位名称', '必填，不超过 80 个字。'],
          ['上级单位编码', '主管部门留空；一级、二级预算单位填写上级单位的编码（可以是本文件中的单位，也可以是系统中已有的单位）。最多三级。'],
          ['单位性质', '必填：行政单位、事业单位 或 其他。'],
          ['是否涉密', '是 / 否，留空视为否。涉密单位不纳入信息公开。'],
          ['是否启用', '是 / 否，留空视为是。停用的单位保留历史数据，不能再新增业务。'],
          ['注意', '示例行（县教育局等）请删除或改成本地单位后再导入。整个文件全部校验通过才会写入，任何一行有误都不会导入。'],
        ],
      },
    ]);
    return fileDto('预算单位导入模板.xlsx', bytes);
  },

  'units.importPreview': (ctx, { file }) => planUnitImport(ctx, file.name, Buffer.from(file.base64, 'base64')).preview,

  'units.importCommit': async (ctx, { file }) => {
    const bytes = Buffer.from(file.base64, 'base64');
    const first = planUnitImport(ctx, file.name, bytes);
    if (first.preview.errors.length) {
      throw new AppFailure('IMPORT_INVALID', `文件“${file.name}”有 ${first.preview.errors.length} 处错误，未导入任何数据。`, first.preview.errors);
    }
    if (first.preview.summary.add + first.preview.summary.update === 0) return first.preview.summary;
    await ctx.services.backup('import', ctx.user);
    // Re-plan after the backup's await: the plan must describe the database we write to.
    const plan = planUnitImport(ctx, file.name, bytes);
    if (plan.preview.errors.length) throw new AppFailure('IMPORT_INVALID', '数据在导入过程中发生变化，请重新预检。', plan.preview.errors);
    const at = ctx.now().toISOString();
    ctx.write(['units'], (tx) => {
      const idByCode = new Map(listOwnUnits(ctx.db, ctx.origin).map((r) => [r.code, r.id]));
      for (const r of plan.rows) if (!r.existing) idByCode.set(r.value.code, uuidv7());
      // Parents first, so each row's parent exists when it is written.
      const depth = (code: string, guard = 0): number => {
        const p = plan.rows.find((x) => x.value.code === code)?.value.parentCode;
        return p && guard < MAX_UNIT_DEPTH ? 1 + depth(p, guard + 1) : 0;
      };
      const ordered = [...plan.rows].sort((a, b) => depth(a.value.code) - depth(b.value.code));
      let total = 0;
      for (const r of ordered) {
        const v = r.value;
        const parentId = v.parentCode ? (idByCode.get(v.parentCode) ?? null) : null;
        const fields = { code: v.code, name: v.name, parent_id: parentId, kind: v.kind, confidential: v.confidential ? 1 : 0, active: v.active ? 1 : 0 } as const;
        if (!r.existing) {
          insertUnit(ctx.db, { id: idByCode.get(v.code) ?? uuidv7(), origin: ctx.origin, ...fields, created_at: at, updated_at: at });
        } else {
          const e = r.existing;
          if (e.name !== fields.name || e.parent_id !== fields.parent_id || e.kind !== fields.kind || e.confidential !== fields.confidential || e.active !== fields.active) {
            saveUnit(ctx.db, { ...e, ...fields, updated_at: at });
          }
        }
        total++;
        if (total % 500 === 0) ctx.progress('units.import', '正在导入预算单位', total, ordered.length);
      }
      tx.summary('unit', { file: file.name, ...plan.preview.summary });
    });
    ctx.progress('units.import', '正在导入预算单位', plan.rows.length, plan.rows.length);
    return plan.preview.summary;
  },

  'units.export': (ctx) => {
    const units = treeOrder(toUnitDtos(listUnits(ctx.db), ctx.origin));
    const codeById = new Map(units.map((u) => [u.id, u.code]));
    const office = findOffice(ctx.db);
    const rows: CellValue[][] = units.map((u) => [
      u.code, u.name, u.parentId ? (codeById.get(u.parentId) ?? '') : '', UNIT_KIND_LABELS[u.kind], yesNo(u.confidential),
      yesNo(u.active), UNIT_LEVEL_LABELS[u.level], u.readOnly ? `同步（${u.origin}）` : '本单位',
    ]);
    const bytes = buildWorkbook([{
      name: UNIT_SHEET,
      columns: [
        ...COLUMNS.map((c) => ({ header: c.header, width: c.width })),
        { header: '单位层级', width: 14 }, { header: '数据来源', width: 16 },
      ],
      rows,
      title: `${office?.name ?? ''} 共 ${units.length} 个单位，导出于 ${ctx.now().toISOString().slice(0, 10)}。前六列与导入模板一致，可修改后重新导入。`,
    }]);
    return fileDto(`预算单位-${ctx.now().toISOString().slice(0, 10)}.xlsx`, bytes);
  },
};
