import type { AgencyDto, ExpertDto, KeyEvalDto, KeyEvalRowDto } from '../../../shared/api/methods/keyEval.ts';
import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';
import { evaluationFrameworkSchema, type GradeCode } from '../../../shared/domain/ruleProfile.ts';
import { GOAL_GRADE_LABELS, KEY_EVAL_KIND_LABELS, KEY_EVAL_LEVEL1_LABELS } from '../../../shared/i18n/zh-CN.ts';
import {
  checkExpertScores, checkItemWeights, computeKeyEval, defaultKeyEvalItems, type KeyEvalFrameworkWeights, type KeyEvalItem,
} from '../../../shared/rules/keyEvaluation.ts';
import { round2 } from '../../../shared/rules/rounding.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import {
  completeKeyEval, findAgency, findAgencyByName, findExpert, findExpertByName, findKeyEval, insertKeyEval, listAgencies, listExperts,
  listKeyEvalItems, listKeyEvalScores, listKeyEvals, replaceKeyEvalItems, replaceKeyEvalScores, saveKeyEvalText, upsertAgency, upsertExpert,
  type AgencyListRow, type ExpertRow, type KeyEvalListRow,
} from '../repositories/keyEval.ts';
import { yearExists } from '../repositories/office.ts';
import { findProject } from '../repositories/projects.ts';
import { insertRectification, nextRectificationSeq, type RectificationRow } from '../repositories/rectifications.ts';
import { findUnit } from '../repositories/units.ts';
import { uuidv7 } from '../util/ids.ts';
import { resolveProfile, resolveProfileVersion } from './profiles.ts';
import { buildKeyEvalReport } from './keyEvalReport.ts';

/**
 * 部门评价 / 财政重点评价 (SPEC §5.7). 绩效管理 creates an evaluation of a project, a policy or a unit
 * overall under a framework of the year's profile (weights copied, the default level-3 items of
 * shared/rules/keyEvaluation.ts split within them), enters every expert's score per item, the
 * findings and recommendations and the quality scores of the agency's plan and report, and
 * completes it: total and grade (per-item aggregation by the profile's expertAggregation) are
 * stored with the profile id + version. A grade of 中/低/差 opens a rectification item with the
 * findings in the same transaction.
 *
 *   draft --saveScores--> draft --complete--> completed (final)
 */

type KeyEvalMethods =
  | 'keyEval.list' | 'keyEval.create' | 'keyEval.get' | 'keyEval.saveScores' | 'keyEval.complete' | 'keyEval.report'
  | 'agencies.list' | 'agencies.save' | 'experts.list' | 'experts.save';

/** Grades that call for rectification (SPEC §9.2: 评价结果为中、差的限期整改). */
const RECTIFY_GRADES: readonly GradeCode[] = ['fair', 'low', 'poor'];
const DEFAULT_DEADLINE_DAYS = 30;

const today = (ctx: CallContext) => ctx.now().toISOString().slice(0, 10);

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const weightsOf = (r: KeyEvalListRow): KeyEvalFrameworkWeights => ({
  decision: r.decision_weight, process: r.process_weight, output: r.output_weight, benefit: r.benefit_weight,
});

function toRowDto(r: KeyEvalListRow, origin: string): KeyEvalRowDto {
  return {
    id: r.id, origin: r.origin, readOnly: r.origin !== origin, year: r.year, kind: r.kind, objectType: r.object_type, projectId: r.project_id,
    projectCode: r.project_code, unitId: r.unit_id, unitName: r.unit_name, title: r.title, evaluator: r.evaluator, agencyId: r.agency_id,
    agencyName: r.agency_name, frameworkCode: r.framework_code, status: r.status, total: r.total, grade: r.grade, rectificationCode: r.rectification_code,
    updatedAt: r.updated_at,
  };
}

export function loadKeyEval(ctx: CallContext, id: string): KeyEvalDto {
  const r = findKeyEval(ctx.db, id);
  if (!r) throw new AppFailure('NOT_FOUND', '评价项目不存在。');
  const profile = resolveProfileVersion(ctx.db, r.profile_id, r.profile_version);
  return {
    ...toRowDto(r, ctx.origin),
    weights: weightsOf(r), items: listKeyEvalItems(ctx.db, id), scores: listKeyEvalScores(ctx.db, id),
    findings: r.findings, recommendations: r.recommendations, planQualityScore: r.plan_quality_score, reportQualityScore: r.report_quality_score,
    profileId: r.profile_id, profileVersion: r.profile_version, expertAggregation: profile.body.evaluation.expertAggregation,
    gradeBands: profile.body.grades.map((b) => ({ grade: b.grade, min: b.min })), completedAt: r.completed_at,
    editable: r.origin === ctx.origin && r.status === 'draft' && ctx.user?.role === 'performance', rev: r.rev,
  };
}

function requireOwnDraft(ctx: CallContext, id: string, verb: string): KeyEvalListRow {
  const r = findKeyEval(ctx.db, id);
  if (!r) throw new AppFailure('NOT_FOUND', '评价项目不存在。');
  if (r.origin !== ctx.origin) throw new AppFailure('CONFLICT', `“${r.title}”来自其他单位的同步数据，只能查看，不能${verb}。`);
  if (r.status !== 'draft') throw new AppFailure('CONFLICT', `“${r.title}”已完成评价，不能再${verb}。`);
  return r;
}

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

const actor = (ctx: CallContext) => ctx.user?.displayName ?? ctx.user?.username ?? '';

export const keyEvalHandlers: HandlerMap<KeyEvalMethods> = {
  'keyEval.list': (ctx, { year }) => listKeyEvals(ctx.db, year).map((r) => toRowDto(r, ctx.origin)),

  'keyEval.create': (ctx, input) => {
    if (!yearExists(ctx.db, input.year)) throw new AppFailure('NOT_FOUND', `${input.year} 年度不存在。`);
    const errors: ErrorDetail[] = [];
    let unitId = input.unitId;
    if (input.objectType === 'project') {
      const p = input.projectId ? findProject(ctx.db, input.projectId) : undefined;
      if (!p) errors.push({ field: 'projectId', message: '评价对象为项目时请选择项目' });
      else if (p.year !== input.year) errors.push({ field: 'projectId', message: `项目“${p.name}”属于 ${p.year} 年度，不是 ${input.year} 年度` });
      else unitId = p.unit_id;
    } else if (input.projectId) {
      errors.push({ field: 'projectId', message: '评价对象为政策或部门整体时不选择项目' });
    }
    if (!findUnit(ctx.db, unitId)) errors.push({ field: 'unitId', message: '所选单位不存在' });
    if (input.evaluator === 'thirdParty') {
      const a = input.agencyId ? findAgency(ctx.db, input.agencyId) : undefined;
      if (!a) errors.push({ field: 'agencyId', message: '评价主体为第三方机构时请选择机构' });
      else if (a.active !== 1) errors.push({ field: 'agencyId', message: `第三方机构“${a.name}”已停用` });
    } else if (input.agencyId) {
      errors.push({ field: 'agencyId', message: '评价主体不是第三方机构时不选择机构' });
    }
    const profile = resolveProfile(ctx.db, input.year);
    const framework = profile.body.evaluation.frameworks.find((f) => f.code === input.frameworkCode);
    if (!framework) {
      errors.push({ field: 'frameworkCode', message: `规则方案“${profile.name}”中没有评价框架 ${input.frameworkCode}` });
    } else {
      // The same result-oriented check (产出 + 效益 ≥ 60) the profile editor applies.
      const parsed = evaluationFrameworkSchema.safeParse(framework);
      if (!parsed.success) errors.push({ field: 'frameworkCode', message: parsed.error.issues[0]?.message ?? '评价框架无效' });
    }
    if (errors.length || !framework) throw new AppFailure('VALIDATION', `新建评价有 ${errors.length} 处填写有误：${errors[0]?.message ?? ''}`, errors);

    const now = ctx.now();
    const at = now.toISOString();
    const id = uuidv7(now.getTime());
    const items = defaultKeyEvalItems(framework);
    ctx.write(['key_evaluations', 'key_eval_items'], (tx) => {
      insertKeyEval(ctx.db, {
        id, origin: ctx.origin, year: input.year, kind: input.kind, object_type: input.objectType, project_id: input.objectType === 'project' ? input.projectId : null,
        unit_id: unitId, title: input.title, evaluator: input.evaluator, agency_id: input.evaluator === 'thirdParty' ? input.agencyId : null,
        framework_code: framework.code, decision_weight: framework.decision, process_weight: framework.process, output_weight: framework.output,
        benefit_weight: framework.benefit, profile_id: profile.id, profile_version: profile.version, created_by: actor(ctx), created_at: at, updated_at: at,
      });
      replaceKeyEvalItems(ctx.db, id, items);
      tx.record('key_evaluation', id, null, { ...input, unitId, framework: framework.name, profile: `${profile.id}@${profile.version}` });
    });
    return loadKeyEval(ctx, id);
  },

  'keyEval.get': (ctx, { id }) => loadKeyEval(ctx, id),

  'keyEval.saveScores': (ctx, input) => {
    const r = requireOwnDraft(ctx, input.id, '修改');
    if (input.rev !== undefined && input.rev !== r.rev) throw new AppFailure('CONFLICT', '该评价已被他人修改，请刷新后再保存。');
    const current = listKeyEvalItems(ctx.db, r.id);
    const errors: ErrorDetail[] = [];
    let items: KeyEvalItem[] = current;
    if (input.items) {
      const change = new Map(input.items.map((i) => [i.seq, i]));
      for (const [i, c] of input.items.entries()) {
        if (!current.some((x) => x.seq === c.seq)) errors.push({ field: `items.${i}.seq`, message: `第 ${i + 1} 个指标（序号 ${c.seq}）不存在，请刷新后再保存` });
      }
      items = current.map((it) => {
        const c = change.get(it.seq);
        return c ? { ...it, weight: round2(c.weight), method: c.method ?? it.method } : it;
      });
      errors.push(...checkItemWeights(items, weightsOf(r), KEY_EVAL_LEVEL1_LABELS));
    }
    const scores = input.scores.map((s) => ({ seq: s.seq, expert: s.expert.trim(), score: round2(s.score) }));
    errors.push(...checkExpertScores(items, scores));
    if (errors.length) throw new AppFailure('VALIDATION', `评分有 ${errors.length} 处填写有误：${errors[0]?.message ?? ''}`, errors);

    const at = ctx.now().toISOString();
    const profile = resolveProfileVersion(ctx.db, r.profile_id, r.profile_version);
    const before = computeKeyEval(current, listKeyEvalScores(ctx.db, r.id), profile.body.evaluation.expertAggregation, profile.body.grades);
    const after = computeKeyEval(items, scores, profile.body.evaluation.expertAggregation, profile.body.grades);
    ctx.write(['key_evaluations', 'key_eval_items', 'key_eval_scores'], (tx) => {
      if (input.items) replaceKeyEvalItems(ctx.db, r.id, items);
      replaceKeyEvalScores(ctx.db, r.id, scores);
      saveKeyEvalText(ctx.db, {
        id: r.id, findings: input.findings, recommendations: input.recommendations,
        plan_quality_score: input.planQualityScore === undefined ? r.plan_quality_score : input.planQualityScore,
        report_quality_score: input.reportQualityScore === undefined ? r.report_quality_score : input.reportQualityScore, updated_at: at,
      });
      tx.record('key_evaluation', r.id,
        { experts: before.experts, total: before.total, findings: r.findings, recommendations: r.recommendations },
        { experts: after.experts, total: after.total, findings: input.findings, recommendations: input.recommendations });
    });
    return loadKeyEval(ctx, r.id);
  },

  'keyEval.complete': (ctx, input) => {
    const r = requireOwnDraft(ctx, input.id, '完成');
    const items = listKeyEvalItems(ctx.db, r.id);
    const profile = resolveProfileVersion(ctx.db, r.profile_id, r.profile_version);
    const result = computeKeyEval(items, listKeyEvalScores(ctx.db, r.id), profile.body.evaluation.expertAggregation, profile.body.grades);
    if (!result.complete) {
      const missing = items.filter((it) => result.items.find((x) => x.seq === it.seq)?.score === null).map((it) => it.name);
      throw new AppFailure('VALIDATION', `还有 ${missing.length} 个指标没有专家评分（${missing.slice(0, 5).join('、')}${missing.length > 5 ? '等' : ''}），不能完成评价。`);
    }
    const day = today(ctx);
    const deadline = input.deadline ?? addDays(day, DEFAULT_DEADLINE_DAYS);
    if (deadline < day) throw new AppFailure('VALIDATION', `整改期限 ${deadline} 早于今天（${day}）。`, [{ field: 'deadline', message: '整改期限不能早于今天' }]);
    const now = ctx.now();
    const at = now.toISOString();
    let rect: Omit<RectificationRow, 'rev'> | null = null;
    if (RECTIFY_GRADES.includes(result.grade)) {
      rect = {
        id: uuidv7(now.getTime()), origin: ctx.origin, year: r.year, code: '', source: r.kind === 'department' ? 'departmentEvaluation' : 'keyEvaluation',
        source_id: r.id, project_id: r.project_id, unit_id: r.unit_id, category: 'other',
        problem: `${KEY_EVAL_KIND_LABELS[r.kind]}“${r.title}”得分 ${result.total.toFixed(2)}，等级为${GOAL_GRADE_LABELS[result.grade]}。${r.findings ? `主要问题：${r.findings}` : ''}`,
        requirement: r.recommendations ? `请按评价建议整改：${r.recommendations}` : '请对照评价发现的问题制定整改措施，并按期报送整改情况。',
        owner: r.unit_name, issued_on: day, deadline, status: 'open', progress: '', measures: '', amount_fen: null, closed_on: null, created_at: at, updated_at: at,
      };
    }
    ctx.write(['key_evaluations', 'rectifications'], (tx) => {
      if (rect) {
        rect.code = `ZG-${r.year}-${String(nextRectificationSeq(ctx.db, ctx.origin, r.year)).padStart(4, '0')}`;
        insertRectification(ctx.db, rect);
        tx.record('rectification', rect.id, null, rect);
      }
      completeKeyEval(ctx.db, {
        id: r.id, total: result.total, grade: result.grade, profile_id: profile.id, profile_version: profile.version, completed_at: at,
        rectification_id: rect?.id ?? null, updated_at: at,
      });
      tx.record('key_evaluation', r.id, { status: r.status }, { status: 'completed', total: result.total, grade: result.grade, rectification: rect?.code ?? null });
    });
    return loadKeyEval(ctx, r.id);
  },

  'keyEval.report': async (ctx, { id }) => buildKeyEvalReport(loadKeyEval(ctx, id)),

  'agencies.list': (ctx) => listAgencies(ctx.db).map((r) => toAgencyDto(r, ctx.origin)),

  'agencies.save': (ctx, input) => {
    const existing = input.id ? findAgency(ctx.db, input.id) : undefined;
    if (input.id && !existing) throw new AppFailure('NOT_FOUND', '第三方机构不存在。');
    if (existing && existing.origin !== ctx.origin) throw new AppFailure('CONFLICT', `“${existing.name}”来自其他单位的同步数据，只能查看，不能修改。`);
    if (existing && input.rev !== undefined && input.rev !== existing.rev) throw new AppFailure('CONFLICT', '该机构已被他人修改，请刷新后再保存。');
    const clash = findAgencyByName(ctx.db, ctx.origin, input.name);
    if (clash && clash.id !== existing?.id) throw new AppFailure('CONFLICT', `已有名为“${input.name}”的第三方机构。`, [{ field: 'name', message: '机构名称重复' }]);
    const now = ctx.now();
    const at = now.toISOString();
    const id = existing?.id ?? uuidv7(now.getTime());
    const row = {
      id, origin: ctx.origin, name: input.name, field: input.field, contact: input.contact, qualification: input.qualification, conflicts: input.conflicts,
      active: input.active ? 1 : 0, created_at: existing?.created_at ?? at, updated_at: at,
    };
    ctx.write(['agencies'], (tx) => {
      upsertAgency(ctx.db, row, !existing);
      tx.record('agency', id, existing ?? null, row);
    });
    const saved = findAgency(ctx.db, id);
    if (!saved) throw new AppFailure('NOT_FOUND', '第三方机构不存在。');
    return toAgencyDto(saved, ctx.origin);
  },

  'experts.list': (ctx) => listExperts(ctx.db).map((r) => toExpertDto(r, ctx.origin)),

  'experts.save': (ctx, input) => {
    const existing = input.id ? findExpert(ctx.db, input.id) : undefined;
    if (input.id && !existing) throw new AppFailure('NOT_FOUND', '专家不存在。');
    if (existing && existing.origin !== ctx.origin) throw new AppFailure('CONFLICT', `“${existing.name}”来自其他单位的同步数据，只能查看，不能修改。`);
    if (existing && input.rev !== undefined && input.rev !== existing.rev) throw new AppFailure('CONFLICT', '该专家信息已被他人修改，请刷新后再保存。');
    const clash = findExpertByName(ctx.db, ctx.origin, input.name, input.organisation);
    if (clash && clash.id !== existing?.id) {
      throw new AppFailure('CONFLICT', `${input.organisation || '未填单位'}的专家“${input.name}”已登记。`, [{ field: 'name', message: '专家重复登记' }]);
    }
    const now = ctx.now();
    const at = now.toISOString();
    const id = existing?.id ?? uuidv7(now.getTime());
    const row = {
      id, origin: ctx.origin, name: input.name, field: input.field, organisation: input.organisation, contact: input.contact, conflicts: input.conflicts,
      active: input.active ? 1 : 0, created_at: existing?.created_at ?? at, updated_at: at,
    };
    ctx.write(['experts'], (tx) => {
      upsertExpert(ctx.db, row, !existing);
      tx.record('expert', id, existing ?? null, row);
    });
    const saved = findExpert(ctx.db, id);
    if (!saved) throw new AppFailure('NOT_FOUND', '专家不存在。');
    return toExpertDto(saved, ctx.origin);
  },
};
