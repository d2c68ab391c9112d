import type { KeyEvalDto, KeyEvalRowDto } from '../../../shared/api/methods/keyEval.ts';
import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';
import { evaluationFrameworkSchema, type GradeCode } from '../../../shared/domain/ruleProfile.ts';
import { GOAL_GRADE_LABELS, KEY_EVAL_KIND_LABELS, KEY_EVAL_LEVEL1_LABELS } from '../../../shared/i18n/zh-CN.ts';
import {
  checkKeyEvalFramework, computeKeyEval, defaultKeyEvalItems, frameworkWeights, normalizeItem, type KeyEvalFrameworkWeights, type KeyEvalItem,
} from '../../../shared/rules/keyEvaluation.ts';
import { scoreEntries } from '../../../shared/rules/keyEvalScoring.ts';
import { round2 } from '../../../shared/rules/rounding.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import {
  completeKeyEval, countKeyEvalEntries, findAgency, findKeyEval, insertKeyEval, listKeyEvalEntries, listKeyEvalItems, listKeyEvals, replaceKeyEvalEntries,
  replaceKeyEvalItems, saveKeyEvalText, saveKeyEvalWeights, type KeyEvalListRow,
} from '../repositories/keyEval.ts';
import { yearExists } from '../repositories/office.ts';
import { findProject } from '../repositories/projects.ts';
import { insertRectification, nextRectificationSeq, type RectificationRow } from '../repositories/rectifications.ts';
import { findUnit } from '../repositories/units.ts';
import { uuidv7 } from '../util/ids.ts';
import { resolveProfile, resolveProfileVersion } from './profiles.ts';
import { buildKeyEvalReport, keyEvalReportFacts } from './keyEvalReport.ts';
import { keyEvalRegisterHandlers } from './keyEvalRegisters.ts';

/**
 * 部门评价 / 财政重点评价 (SPEC §5.7). 绩效管理 creates an evaluation of a project, a policy or a unit
 * overall under a framework of the year's profile (weights copied, the default level-3 items of
 * shared/rules/keyEvaluation.ts split within them, each with its scoring method and definition),
 * may edit the framework until the first expert's entry is saved (add, rename, remove items,
 * weights, methods; weights add up to 100 and 产出 + 效益 ≥ 60), enters every expert's entry by
 * the item's method (the points are computed in shared/rules/keyEvalScoring.ts and stored with the
 * computation), the findings and recommendations and the quality scores of the agency's plan and
 * report, and completes it: total and grade (per-item aggregation by the profile's
 * expertAggregation) are stored with the profile id + version. A grade of 中/低/差 opens a
 * rectification item with the findings in the same transaction.
 *
 *   draft --saveFramework (no entries yet)--> draft --saveScores--> draft --complete--> completed (final)
 */

type KeyEvalMethods =
  | 'keyEval.list' | 'keyEval.create' | 'keyEval.get' | 'keyEval.saveFramework' | 'keyEval.saveScores' | 'keyEval.complete' | 'keyEval.report';

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
  const scores = listKeyEvalEntries(ctx.db, id);
  const editable = r.origin === ctx.origin && r.status === 'draft' && ctx.user?.role === 'performance';
  return {
    ...toRowDto(r, ctx.origin),
    weights: weightsOf(r), items: listKeyEvalItems(ctx.db, id), scores,
    findings: r.findings, recommendations: r.recommendations, planQualityScore: r.plan_quality_score, reportQualityScore: r.report_quality_score,
    profileId: r.profile_id, profileVersion: r.profile_version, expertAggregation: profile.body.evaluation.expertAggregation,
    gradeBands: profile.body.grades.map((b) => ({ grade: b.grade, min: b.min })), gradeShares: profile.body.evaluation.gradeShares, completedAt: r.completed_at,
    editable, frameworkEditable: editable && scores.length === 0, rev: r.rev,
  };
}

function requireOwnDraft(ctx: CallContext, id: string, verb: string): KeyEvalListRow {
  const r = findKeyEval(ctx.db, id);
  if (!r) throw new AppFailure('NOT_FOUND', '评价项目不存在。');
  if (r.origin !== ctx.origin) throw new AppFailure('CONFLICT', `“${r.title}”来自其他单位的同步数据，只能查看，不能${verb}。`);
  if (r.status !== 'draft') throw new AppFailure('CONFLICT', `“${r.title}”已完成评价，不能再${verb}。`);
  return r;
}

function requireRev(r: KeyEvalListRow, rev: number | undefined): void {
  if (rev !== undefined && rev !== r.rev) throw new AppFailure('CONFLICT', '该评价已被他人修改，请刷新后再保存。');
}

const actor = (ctx: CallContext) => ctx.user?.displayName ?? ctx.user?.username ?? '';

export const keyEvalHandlers: HandlerMap<KeyEvalMethods> & typeof keyEvalRegisterHandlers = {
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

  'keyEval.saveFramework': (ctx, input) => {
    const r = requireOwnDraft(ctx, input.id, '修改指标体系');
    requireRev(r, input.rev);
    if (countKeyEvalEntries(ctx.db, r.id) > 0) {
      throw new AppFailure('CONFLICT', `“${r.title}”已有专家评分，指标体系不能再修改。`);
    }
    const items: KeyEvalItem[] = input.items.map((it, i) => {
      const weight = round2(it.weight);
      const config = it.method === 'elements' && it.config.elements
        ? { elements: it.config.elements.map((e) => ({ text: e.text, points: round2(e.points) })) }
        : it.config;
      return normalizeItem({ seq: i + 1, level1: it.level1, level2: it.level2, name: it.name, method: it.method, weight, config });
    });
    const issues = checkKeyEvalFramework(items, KEY_EVAL_LEVEL1_LABELS);
    if (issues.length) throw new AppFailure('VALIDATION', `指标体系有 ${issues.length} 处需要修改：${issues[0]?.message ?? ''}`, issues);
    const before = listKeyEvalItems(ctx.db, r.id);
    const weights = frameworkWeights(items);
    const at = ctx.now().toISOString();
    ctx.write(['key_evaluations', 'key_eval_items'], (tx) => {
      replaceKeyEvalItems(ctx.db, r.id, items);
      saveKeyEvalWeights(ctx.db, r.id, weights, at);
      const brief = (list: readonly KeyEvalItem[]) => list.map((i) => `${i.name}（${KEY_EVAL_LEVEL1_LABELS[i.level1]}，${i.weight} 分，${i.method}）`);
      tx.record('key_evaluation', r.id, { weights: weightsOf(r), items: brief(before) }, { weights, items: brief(items) });
    });
    return loadKeyEval(ctx, r.id);
  },

  'keyEval.saveScores': (ctx, input) => {
    const r = requireOwnDraft(ctx, input.id, '修改');
    requireRev(r, input.rev);
    const items = listKeyEvalItems(ctx.db, r.id);
    const profile = resolveProfileVersion(ctx.db, r.profile_id, r.profile_version);
    const current = listKeyEvalEntries(ctx.db, r.id);
    // Only points typed before the methods applied may be kept without an entry by the method.
    const legacy = current.filter((e) => e.input === null);
    const { entries, issues } = scoreEntries(items, input.entries, profile.body.evaluation.gradeShares, legacy);
    if (issues.length) throw new AppFailure('VALIDATION', `评分有 ${issues.length} 处填写有误：${issues[0]?.message ?? ''}`, issues);

    const at = ctx.now().toISOString();
    const rule = profile.body.evaluation.expertAggregation;
    const before = computeKeyEval(items, current, rule, profile.body.grades);
    const after = computeKeyEval(items, entries, rule, profile.body.grades);
    ctx.write(['key_evaluations', 'key_eval_scores'], (tx) => {
      replaceKeyEvalEntries(ctx.db, r.id, entries);
      saveKeyEvalText(ctx.db, {
        id: r.id, findings: input.findings, recommendations: input.recommendations,
        plan_quality_score: input.planQualityScore === undefined ? r.plan_quality_score : input.planQualityScore,
        report_quality_score: input.reportQualityScore === undefined ? r.report_quality_score : input.reportQualityScore, updated_at: at,
      });
      tx.record('key_evaluation', r.id,
        { experts: before.experts, entries: current.length, total: before.total, findings: r.findings, recommendations: r.recommendations },
        { experts: after.experts, entries: entries.length, total: after.total, findings: input.findings, recommendations: input.recommendations });
    });
    return loadKeyEval(ctx, r.id);
  },

  'keyEval.complete': (ctx, input) => {
    const r = requireOwnDraft(ctx, input.id, '完成');
    const items = listKeyEvalItems(ctx.db, r.id);
    const profile = resolveProfileVersion(ctx.db, r.profile_id, r.profile_version);
    const result = computeKeyEval(items, listKeyEvalEntries(ctx.db, r.id), profile.body.evaluation.expertAggregation, profile.body.grades);
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

  'keyEval.report': async (ctx, { id }) => {
    const e = loadKeyEval(ctx, id);
    return buildKeyEvalReport(e, keyEvalReportFacts(ctx.db, e));
  },

  ...keyEvalRegisterHandlers,
};
