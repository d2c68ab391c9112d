import type { AgencyDto, ExpertDto } from '../../../shared/api/methods/keyEval.ts';
import { AppFailure } from '../../../shared/api/result.ts';
import { round2 } from '../../../shared/rules/rounding.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import {
  findAgency, findAgencyByName, findExpert, findExpertByName, listAgencies, listExperts, upsertAgency, upsertExpert, type AgencyListRow, type ExpertRow,
} from '../repositories/keyEval.ts';
import { uuidv7 } from '../util/ids.ts';

/**
 * The registers of third-party agencies and experts (SPEC §10.7, 财预〔2021〕6号): field, contact,
 * qualification, conflicts declared; an agency's evaluations with the mean quality scores of its
 * plans and reports (seed 002). Kept by 绩效管理.
 */

type RegisterMethods = 'agencies.list' | 'agencies.save' | 'experts.list' | 'experts.save';

function toAgencyDto(r: AgencyListRow, origin: string): AgencyDto {
  return {
    id: r.id, origin: r.origin, readOnly: r.origin !== origin, name: r.name, field: r.field, contact: r.contact, qualification: r.qualification,
    conflicts: r.conflicts, active: r.active === 1, evaluationCount: r.evaluation_count,
    meanPlanQuality: r.mean_plan === null ? null : round2(r.mean_plan), meanReportQuality: r.mean_report === null ? null : round2(r.mean_report), rev: r.rev,
  };
}

function toExpertDto(r: ExpertRow, origin: string): ExpertDto {
  return {
    id: r.id, origin: r.origin, readOnly: r.origin !== origin, name: r.name, field: r.field, organisation: r.organisation, contact: r.contact,
    conflicts: r.conflicts, active: r.active === 1, rev: r.rev,
  };
}

interface RegisterRow {
  id: string;
  origin: string;
  name: string;
  created_at: string;
  rev: number;
}

/** How one register saves its rows (the agencies and the experts differ only in these). */
interface RegisterSpec<R extends RegisterRow> {
  table: string;
  entity: string;
  missing: string;
  modified: string;
  find(id: string): R | undefined;
  /** Another row of this office with the same identity (name, or name and organisation). */
  clash(): { id: string } | undefined;
  clashFailure(): AppFailure;
  upsert(row: Record<string, unknown>, isNew: boolean): void;
}

/** Adds or edits a register row of this office: own rows only, optimistic revision, identity unique, audited. */
function saveRegisterRow<R extends RegisterRow>(ctx: CallContext, input: { id: string | null; rev?: number | undefined }, spec: RegisterSpec<R>, fields: Record<string, unknown>): R {
  const existing = input.id ? spec.find(input.id) : undefined;
  if (input.id && !existing) throw new AppFailure('NOT_FOUND', spec.missing);
  if (existing && existing.origin !== ctx.origin) throw new AppFailure('CONFLICT', `“${existing.name}”来自其他单位的同步数据，只能查看，不能修改。`);
  if (existing && input.rev !== undefined && input.rev !== existing.rev) throw new AppFailure('CONFLICT', spec.modified);
  const clash = spec.clash();
  if (clash && clash.id !== existing?.id) throw spec.clashFailure();
  const now = ctx.now();
  const at = now.toISOString();
  const id = existing?.id ?? uuidv7(now.getTime());
  const row = { id, origin: ctx.origin, ...fields, created_at: existing?.created_at ?? at, updated_at: at };
  ctx.write([spec.table], (tx) => {
    spec.upsert(row, !existing);
    tx.record(spec.entity, id, existing ?? null, row);
  });
  const saved = spec.find(id);
  if (!saved) throw new AppFailure('NOT_FOUND', spec.missing);
  return saved;
}

export const keyEvalRegisterHandlers: HandlerMap<RegisterMethods> = {
  'agencies.list': (ctx) => listAgencies(ctx.db).map((r) => toAgencyDto(r, ctx.origin)),

  'agencies.save': (ctx, input) => {
    const spec: RegisterSpec<AgencyListRow> = {
      table: 'agencies', entity: 'agency', missing: '第三方机构不存在。', modified: '该机构已被他人修改，请刷新后再保存。',
      find: (id) => findAgency(ctx.db, id),
      clash: () => findAgencyByName(ctx.db, ctx.origin, input.name),
      clashFailure: () => new AppFailure('CONFLICT', `已有名为“${input.name}”的第三方机构。`, [{ field: 'name', message: '机构名称重复' }]),
      upsert: (row, isNew) => upsertAgency(ctx.db, row as Parameters<typeof upsertAgency>[1], isNew),
    };
    const fields = { name: input.name, field: input.field, contact: input.contact, qualification: input.qualification, conflicts: input.conflicts };
    return toAgencyDto(saveRegisterRow(ctx, input, spec, { ...fields, active: input.active ? 1 : 0 }), ctx.origin);
  },

  'experts.list': (ctx) => listExperts(ctx.db).map((r) => toExpertDto(r, ctx.origin)),

  'experts.save': (ctx, input) => {
    const spec: RegisterSpec<ExpertRow> = {
      table: 'experts', entity: 'expert', missing: '专家不存在。', modified: '该专家信息已被他人修改，请刷新后再保存。',
      find: (id) => findExpert(ctx.db, id),
      clash: () => findExpertByName(ctx.db, ctx.origin, input.name, input.organisation),
      clashFailure: () => new AppFailure('CONFLICT', `${input.organisation || '未填单位'}的专家“${input.name}”已登记。`, [{ field: 'name', message: '专家重复登记' }]),
      upsert: (row, isNew) => upsertExpert(ctx.db, row as Parameters<typeof upsertExpert>[1], isNew),
    };
    const fields = { name: input.name, field: input.field, organisation: input.organisation, contact: input.contact, conflicts: input.conflicts };
    return toExpertDto(saveRegisterRow(ctx, input, spec, { ...fields, active: input.active ? 1 : 0 }), ctx.origin);
  },
};
