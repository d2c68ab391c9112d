import type { SelfEvalCheckDto } from '../../../shared/api/dtoSelfEvalCheck.ts';
import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';
import { checkSelfEvalTable, parseSelfEvalGrid, type ParsedSelfEvalTable } from '../../../shared/rules/selfEvalLayouts.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { columnLetter, readWorkbookWithFormats, sheetRowsAsTyped } from '../files/xlsx.ts';
import { findOffice } from '../repositories/office.ts';
import { BUILTIN_ORIGIN, findProfile, findProfileByCode } from '../repositories/profiles.ts';
import { resolveProfile, resolveProfileVersion, type ResolvedProfile } from './profiles.ts';

/**
 * 核对单位自评表 (issue 5 item 6): a unit hands in its filled 自评表 as Excel; the check reads it in
 * its layout (shared/rules/selfEvalLayouts.ts), scores it under the chosen profile with the
 * layout's weights and lists every difference from the unit's own figures with its reason.
 * A read-only check: nothing is stored, so nothing is audited.
 */

/** A profile by id, or by code (this office's own first, then the shipped presets); default: the current year's. */
function chooseProfile(ctx: CallContext, idOrCode: string | undefined): ResolvedProfile {
  if (!idOrCode) {
    const office = findOffice(ctx.db);
    if (!office) throw new AppFailure('SETUP_REQUIRED', '本单位尚未初始化。');
    return resolveProfile(ctx.db, office.current_year);
  }
  const row = findProfile(ctx.db, idOrCode) ?? findProfileByCode(ctx.db, ctx.origin, idOrCode) ?? findProfileByCode(ctx.db, BUILTIN_ORIGIN, idOrCode);
  if (!row) throw new AppFailure('NOT_FOUND', `规则方案“${idOrCode}”不存在。`, [{ field: 'profileId', message: '规则方案不存在' }]);
  return resolveProfileVersion(ctx.db, row.id, row.current_version);
}

/** The first sheet holding a 自评表 (an indicator header 三级指标). */
function readTable(fileName: string, bytes: Buffer): { sheet: string; table: ParsedSelfEvalTable } {
  let wb;
  try {
    wb = readWorkbookWithFormats(bytes);
  } catch {
    throw new AppFailure('IMPORT_INVALID', `无法读取文件“${fileName}”：不是有效的 Excel 文件。`, [{ message: '文件格式无效，请选择 .xlsx 格式的自评表' }]);
  }
  const reasons: ErrorDetail[] = [];
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    if (!ws) continue;
    // Read as typed: "95%" typed in Excel is stored as 0.95 with a percent format.
    const parsed = parseSelfEvalGrid(sheetRowsAsTyped(ws));
    if (parsed.ok) return { sheet: name, table: parsed.table };
    reasons.push({ sheet: name, message: parsed.message });
  }
  if (reasons.length === 0) reasons.push({ message: '文件中没有工作表' });
  throw new AppFailure('IMPORT_INVALID', `文件“${fileName}”中找不到可识别的绩效自评表（需要“三级指标”“年度指标值”“实际完成值”“得分”等表头）。`, reasons);
}

export function checkSelfEvalFile(ctx: CallContext, file: { name: string; base64: string }, profileIdOrCode?: string): SelfEvalCheckDto {
  const profile = chooseProfile(ctx, profileIdOrCode);
  const { sheet, table } = readTable(file.name, Buffer.from(file.base64, 'base64'));
  const { layout, layoutName, ...result } = checkSelfEvalTable(profile.body, table);
  const errors: ErrorDetail[] = table.errors.map((e) => ({
    sheet, row: e.row, ...(e.col === null ? {} : { column: columnLetter(e.col) }), field: e.field, message: e.message,
  }));
  return {
    fileName: file.name, sheet, layout: { code: layout, name: layoutName }, profile: { id: profile.id, version: profile.version, name: profile.name },
    ...result, errors,
  };
}

export const selfEvalCheckHandlers: HandlerMap<'selfEvalCheck.check'> = {
  'selfEvalCheck.check': (ctx, input) => checkSelfEvalFile(ctx, input.file, input.profileId),
};
