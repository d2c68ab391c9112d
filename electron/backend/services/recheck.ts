import { randomInt } from 'node:crypto';
import type { RecheckItemDto, RecheckItemRowDto, RecheckRowDto, RecheckSampleDto } from '../../../shared/api/dtoRecheck.ts';
import type { SelfEvalDto } from '../../../shared/api/dtoSelfEval.ts';
import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';
import type { GradeCode } from '../../../shared/domain/ruleProfile.ts';
import { GOAL_GRADE_LABELS, RECHECK_REASON_LABELS, RECHECK_STATUS_LABELS } from '../../../shared/i18n/zh-CN.ts';
import { FEN_PER_WAN, formatWan } from '../../../shared/rules/money.ts';
import {
  MAX_SEED, RECHECK_REASONS, drawRecheckSample, gradeDropped, recheckTotal, type RecheckReason, type RecheckSampleRules, type RecheckTotal,
} from '../../../shared/rules/recheckSample.ts';
import { round2 } from '../../../shared/rules/rounding.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { buildWorkbook, fileDto } from '../files/xlsx.ts';
import { yearExists } from '../repositories/office.ts';
import {
  completeItem, findItem, findSample, insertItem, insertSample, listItems, listRecheckRows, listSamples, recheckPopulation, replaceRecheckRows,
  saveItemReview, type RecheckItemListRow, type RecheckRowRow, type RecheckSampleListRow,
} from '../repositories/recheck.ts';
import { insertRectification, nextRectificationSeq, type RectificationRow } from '../repositories/rectifications.ts';
import { uuidv7 } from '../util/ids.ts';
import { resolveProfileVersion } from './profiles.ts';
import { loadSelfEval } from './selfEval.ts';

/**
 * 财政复核 (SPEC §5.7): finance draws a sample of the year's handed-in project self-evaluations
 * (a recorded seed for the random part plus the rule picks of shared/rules/recheckSample.ts),
 * enters a re-check score and comment per indicator row beside the unit's own, and completes the
 * re-check. The adjusted total is recomputed from the evaluation's own engine result (execution
 * score, N/A normalisation, execution-rate cap) with the re-checker's row scores, under the
 * evaluation's profile version, and stored with that id and version.
 *
 * Completing a re-check whose total is ≥ 5 points below the self total, or whose grade is worse,
 * opens a rectification item (source financeRecheck, ZG-<year>-<seq>) listing the differences,
 * in the same transaction.
 *
 *   pending --save (绩效管理, 业务股室)--> pending --complete (绩效管理)--> done (final)
 */

type RecheckMethods =
  | 'recheck.createSample' | 'recheck.samples' | 'recheck.items' | 'recheck.get' | 'recheck.save' | 'recheck.complete' | 'recheck.exportList';

/** A drop of this many points (or a worse grade) on re-check opens a rectification item. */
export const RECTIFY_DROP_POINTS = 5;
const DEFAULT_DEADLINE_DAYS = 30;
const EPS = 1e-9;

const today = (ctx: CallContext) => ctx.now().toISOString().slice(0, 10);
const fmt = (n: number) => n.toFixed(2);
const signed = (n: number) => (n > 0 ? `+${fmt(n)}` : n < 0 ? `−${fmt(-n)}` : '0.00');
const gradeText = (g: GradeCode | null) => (g ? GOAL_GRADE_LABELS[g] : '—');

function parseReasons(text: string): RecheckReason[] {
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.filter((x): x is RecheckReason => (RECHECK_REASONS as readonly unknown[]).includes(x)) : [];
}

function parseRules(text: string): RecheckSampleRules {
  const v = JSON.parse(text) as Partial<RecheckSampleRules>;
  return {
    randomCount: v.randomCount ?? 0, topByAmount: v.topByAmount ?? 0, includeRedWarnings: v.includeRedWarnings ?? false,
    lowScoreBelow: v.lowScoreBelow ?? null, amountSharePct: v.amountSharePct ?? null,
  };
}

// ---------------------------------------------------------------- DTOs

function toSampleDto(r: RecheckSampleListRow, origin: string): RecheckSampleDto {
  return {
    id: r.id, origin: r.origin, readOnly: r.origin !== origin, year: r.year, seed: r.seed, rules: parseRules(r.rules), note: r.note,
    populationCount: r.population_count, populationFen: r.population_fen, sampledCount: r.sampled_count, sampledFen: r.sampled_fen,
    sharePct: r.population_fen > 0 ? round2((r.sampled_fen / r.population_fen) * 100) : null, doneCount: r.done_count,
    createdBy: r.created_by, createdAt: r.created_at,
  };
}

function toItemRowDto(r: RecheckItemListRow): RecheckItemRowDto {
  return {
    id: r.id, sampleId: r.sample_id, evaluationId: r.evaluation_id, projectId: r.project_id, projectCode: r.project_code,
    title: r.project_id ? (r.project_name ?? '') : `${r.unit_name} 部门整体支出`, unitName: r.unit_name, amountFen: r.amount_fen,
    reasons: parseReasons(r.reasons), status: r.status, selfTotal: r.self_total, selfGrade: r.self_grade, recheckTotal: r.total, recheckGrade: r.grade,
    difference: r.total !== null && r.self_total !== null ? round2(r.total - r.self_total) : null,
    reviewer: r.reviewer, reviewedAt: r.reviewed_at, rectificationCode: r.rectification_code,
  };
}

interface Computed {
  evaluation: SelfEvalDto;
  total: RecheckTotal;
  rows: RecheckRowDto[];
  differences: string[];
}

/** The evaluation as it stands, the re-checker's saved (or proposed) row scores, and the adjusted total. */
function compute(ctx: CallContext, item: RecheckItemListRow, saved: readonly Pick<RecheckRowRow, 'seq' | 'score' | 'comment'>[]): Computed {
  const evaluation = loadSelfEval(ctx, item.evaluation_id);
  const profile = resolveProfileVersion(ctx.db, evaluation.profileId, evaluation.profileVersion);
  const bySeq = new Map(saved.map((r) => [r.seq, r]));
  const total = recheckTotal(evaluation.result, new Map(saved.map((r) => [String(r.seq), r.score])), profile.body.grades);
  const differences: string[] = [];
  const rows = evaluation.rows.map((r, i): RecheckRowDto => {
    const selfScore = r.notApplicable ? null : (evaluation.result.indicators[i]?.score ?? null);
    const mine = bySeq.get(r.seq);
    const used = total.rowScores[String(r.seq)] ?? null;
    const difference = used === null ? null : round2(used - (selfScore ?? 0));
    if (mine && difference !== null && Math.abs(difference) > EPS) {
      differences.push(`“${r.name}”：自评 ${fmt(selfScore ?? 0)} 分，复核 ${fmt(mine.score)} 分（${signed(difference)}）${mine.comment ? `，${mine.comment}` : ''}`);
    }
    return {
      seq: r.seq, level1: r.level1, level2: r.level2, name: r.name, valueType: r.valueType, targetText: r.targetText, actualText: r.actualText,
      qualitativeResult: r.qualitativeResult, notApplicable: r.notApplicable, weight: r.weight, selfScore, recheckScore: mine?.score ?? null,
      comment: mine?.comment ?? '', difference, deviationReason: r.deviationReason,
    };
  });
  return { evaluation, total, rows, differences };
}

function loadItem(ctx: CallContext, id: string): RecheckItemDto {
  const item = findItem(ctx.db, id);
  if (!item) throw new AppFailure('NOT_FOUND', '复核事项不存在。');
  const c = compute(ctx, item, listRecheckRows(ctx.db, id));
  const role = ctx.user?.role;
  const own = item.origin === ctx.origin;
  const pending = item.status === 'pending';
  return {
    ...toItemRowDto(item),
    readOnly: !own, year: item.year, profileId: item.profile_id, profileVersion: item.profile_version,
    executionRate: c.evaluation.result.executionRate, executionScore: c.total.executionScore, rows: c.rows,
    computed: { indicatorTotal: c.total.indicatorTotal, rawTotal: c.total.rawTotal, normalizedTotal: c.total.normalizedTotal, capped: c.total.capped, total: c.total.total, grade: c.total.grade },
    selfRawTotal: c.evaluation.rawTotal, selfResult: c.evaluation.result, opinion: item.opinion, differences: c.differences,
    editable: own && pending && (role === 'performance' || role === 'business'),
    canComplete: own && pending && role === 'performance' && item.reviewed_at !== null,
    rev: item.rev,
  };
}

function requireOwnPending(ctx: CallContext, id: string, verb: string): RecheckItemListRow {
  const item = findItem(ctx.db, id);
  if (!item) throw new AppFailure('NOT_FOUND', '复核事项不存在。');
  const name = item.project_name ?? item.unit_name;
  if (item.origin !== ctx.origin) throw new AppFailure('CONFLICT', `“${name}”的复核来自其他单位的同步数据，只能查看，不能${verb}。`);
  if (item.status !== 'pending') throw new AppFailure('CONFLICT', `“${name}”的复核已${RECHECK_STATUS_LABELS[item.status]}，不能再${verb}。`);
  return item;
}

/** The 问题描述 of the rectification item a re-check opens. */
function problemText(item: RecheckItemListRow, selfTotal: number, c: Computed): string {
  const head = `财政复核：自评得分 ${fmt(selfTotal)}（${gradeText(item.self_grade)}），复核得分 ${fmt(c.total.total)}（${GOAL_GRADE_LABELS[c.total.grade]}），相差 ${signed(round2(c.total.total - selfTotal))} 分。`;
  return c.differences.length ? `${head}差异：${c.differences.join('；')}。` : head;
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- handlers

export const recheckHandlers: HandlerMap<RecheckMethods> = {
  'recheck.createSample': (ctx, input) => {
    if (!yearExists(ctx.db, input.year)) throw new AppFailure('NOT_FOUND', `${input.year} 年度不存在。`);
    const rules: RecheckSampleRules = {
      randomCount: input.randomCount, topByAmount: input.topByAmount, includeRedWarnings: input.includeRedWarnings,
      lowScoreBelow: input.lowScoreBelow, amountSharePct: input.amountSharePct && input.amountSharePct > 0 ? input.amountSharePct : null,
    };
    if (rules.randomCount === 0 && rules.topByAmount === 0 && !rules.includeRedWarnings && rules.lowScoreBelow === null && rules.amountSharePct === null) {
      throw new AppFailure('VALIDATION', '请至少设置一种抽样方式（随机抽取、金额较大、红色预警、自评低分或金额占比）。', [{ field: 'randomCount', message: '请设置抽样方式' }]);
    }
    const population = recheckPopulation(ctx.db, ctx.origin, input.year);
    if (population.length === 0) {
      throw new AppFailure('VALIDATION', `${input.year} 年度没有已提交的项目支出自评表，无法抽样。`);
    }
    const seed = input.seed ?? randomInt(0, MAX_SEED + 1);
    const drawn = drawRecheckSample(
      population.map((p) => ({ key: p.evaluation_id, amountFen: p.amount_fen, total: p.total, redWarning: p.red === 1 })),
      rules,
      seed,
    );
    if (drawn.picks.length === 0) throw new AppFailure('VALIDATION', '按所设规则没有抽中任何自评表，请调整抽样规则。');
    const byId = new Map(population.map((p) => [p.evaluation_id, p]));
    const now = ctx.now();
    const at = now.toISOString();
    const id = uuidv7(now.getTime());
    const sample = {
      id, origin: ctx.origin, year: input.year, seed, rules: JSON.stringify(rules), note: input.note, population_count: drawn.populationCount,
      population_fen: drawn.populationFen, sampled_fen: drawn.sampledFen, created_by: ctx.user?.displayName ?? ctx.user?.username ?? '', created_at: at, updated_at: at,
    };
    ctx.write(['recheck_samples', 'recheck_items'], (tx) => {
      insertSample(ctx.db, sample);
      drawn.picks.forEach((pick, i) => {
        const p = byId.get(pick.key);
        if (!p) return;
        insertItem(ctx.db, {
          id: uuidv7(now.getTime()), origin: ctx.origin, sample_id: id, evaluation_id: p.evaluation_id, seq: i + 1, reasons: JSON.stringify(pick.reasons),
          amount_fen: p.amount_fen, sampled_total: p.total, status: 'pending', profile_id: p.profile_id, profile_version: p.profile_version, created_at: at, updated_at: at,
        });
      });
      tx.record('recheck_sample', id, null, {
        year: input.year, seed, rules, population: drawn.populationCount, sampled: drawn.picks.length,
        sampled_wan: formatWan(drawn.sampledFen), share_pct: drawn.sharePct,
      });
    });
    const saved = findSample(ctx.db, id);
    if (!saved) throw new AppFailure('NOT_FOUND', '抽样批次不存在。');
    return toSampleDto(saved, ctx.origin);
  },

  'recheck.samples': (ctx, { year }) => listSamples(ctx.db, year).map((r) => toSampleDto(r, ctx.origin)),

  'recheck.items': (ctx, { sampleId }) => {
    if (!findSample(ctx.db, sampleId)) throw new AppFailure('NOT_FOUND', '抽样批次不存在。');
    return listItems(ctx.db, sampleId).map(toItemRowDto);
  },

  'recheck.get': (ctx, { itemId }) => loadItem(ctx, itemId),

  'recheck.save': (ctx, input) => {
    const item = requireOwnPending(ctx, input.itemId, '修改');
    if (input.rev !== undefined && input.rev !== item.rev) throw new AppFailure('CONFLICT', '该复核已被他人修改，请刷新后再保存。');
    const evaluation = loadSelfEval(ctx, item.evaluation_id);
    const bySeq = new Map(evaluation.rows.map((r) => [r.seq, r]));
    const errors: ErrorDetail[] = [];
    const seen = new Set<number>();
    input.rows.forEach((v, i) => {
      const row = bySeq.get(v.seq);
      if (!row) {
        errors.push({ field: `rows.${i}.seq`, message: `第 ${i + 1} 行（序号 ${v.seq}）不在该自评表中，请刷新后再保存` });
        return;
      }
      if (seen.has(v.seq)) errors.push({ field: `rows.${i}.seq`, message: `“${row.name}”重复填写` });
      seen.add(v.seq);
      if (row.notApplicable) errors.push({ field: `rows.${i}.score`, message: `“${row.name}”自评为不适用，不计分，不能填写复核得分` });
      else if (v.score > row.weight + EPS) errors.push({ field: `rows.${i}.score`, message: `“${row.name}”的复核得分 ${v.score} 超过分值 ${row.weight}` });
    });
    if (errors.length) throw new AppFailure('VALIDATION', `复核得分有 ${errors.length} 处填写有误：${errors[0]?.message ?? ''}`, errors);

    const rows = input.rows.map((r) => ({ seq: r.seq, score: round2(r.score), comment: r.comment }));
    const before = listRecheckRows(ctx.db, item.id);
    const c = compute(ctx, item, rows);
    const at = ctx.now().toISOString();
    ctx.write(['recheck_items', 'recheck_rows'], (tx) => {
      replaceRecheckRows(ctx.db, item.id, rows);
      saveItemReview(ctx.db, {
        id: item.id, reviewer: ctx.user?.displayName ?? ctx.user?.username ?? '', reviewed_at: at, total: c.total.total, grade: c.total.grade,
        profile_id: evaluation.profileId, profile_version: evaluation.profileVersion, opinion: input.opinion, updated_at: at,
      });
      const line = (r: { seq: number; score: number; comment: string }) => `${bySeq.get(r.seq)?.name ?? r.seq}：${fmt(r.score)}${r.comment ? ` ${r.comment}` : ''}`;
      tx.record('recheck_item', item.id,
        { total: item.total, grade: item.grade, opinion: item.opinion, rows: before.map(line) },
        { total: c.total.total, grade: c.total.grade, opinion: input.opinion, rows: rows.map(line) });
    });
    return loadItem(ctx, item.id);
  },

  'recheck.complete': (ctx, input) => {
    const item = requireOwnPending(ctx, input.itemId, '完成');
    if (item.reviewed_at === null) throw new AppFailure('VALIDATION', '请先录入并保存复核得分，再完成复核。');
    const c = compute(ctx, item, listRecheckRows(ctx.db, item.id));
    const day = today(ctx);
    const deadline = input.deadline ?? addDays(day, DEFAULT_DEADLINE_DAYS);
    if (deadline < day) throw new AppFailure('VALIDATION', `整改期限 ${deadline} 早于今天（${day}）。`, [{ field: 'deadline', message: '整改期限不能早于今天' }]);
    const selfTotal = item.self_total;
    const drop = selfTotal === null ? 0 : round2(selfTotal - c.total.total);
    const rectify = selfTotal !== null && (drop >= RECTIFY_DROP_POINTS - EPS || (item.self_grade !== null && gradeDropped(item.self_grade, c.total.grade)));
    const now = ctx.now();
    const at = now.toISOString();
    let rect: Omit<RectificationRow, 'rev'> | null = null;
    if (rectify && selfTotal !== null) {
      rect = {
        id: uuidv7(now.getTime()), origin: ctx.origin, year: item.year, code: '', source: 'financeRecheck', source_id: item.id,
        project_id: item.project_id, unit_id: item.unit_id, category: 'other', problem: problemText(item, selfTotal, c),
        requirement: '请对照财政复核意见核实自评结果，说明自评与复核得分差异的原因，整改自评及项目实施中存在的问题，并按期报送整改情况。',
        owner: item.unit_name, issued_on: day, deadline, status: 'open', progress: '', measures: '', amount_fen: null, closed_on: null, created_at: at, updated_at: at,
      };
    }
    ctx.write(['recheck_items', 'rectifications'], (tx) => {
      if (rect) {
        // Numbered inside the transaction like monitoring's 限期整改: the single writer keeps it gap-free.
        rect.code = `ZG-${item.year}-${String(nextRectificationSeq(ctx.db, ctx.origin, item.year)).padStart(4, '0')}`;
        insertRectification(ctx.db, rect);
        tx.record('rectification', rect.id, null, rect);
      }
      completeItem(ctx.db, { id: item.id, completed_at: at, rectification_id: rect?.id ?? null, updated_at: at });
      tx.record('recheck_item', item.id, { status: item.status }, { status: 'done', total: c.total.total, grade: c.total.grade, rectification: rect?.code ?? null });
    });
    return loadItem(ctx, item.id);
  },

  'recheck.exportList': (ctx, { sampleId }) => {
    const sample = findSample(ctx.db, sampleId);
    if (!sample) throw new AppFailure('NOT_FOUND', '抽样批次不存在。');
    const items = listItems(ctx.db, sampleId);
    const dto = toSampleDto(sample, ctx.origin);
    const rules = dto.rules;
    const rows = items.map((r, i) => {
      const d = toItemRowDto(r);
      const c = r.total !== null ? compute(ctx, r, listRecheckRows(ctx.db, r.id)) : null;
      const gradeChange = d.selfGrade && d.recheckGrade ? (d.selfGrade === d.recheckGrade ? '不变' : `${gradeText(d.selfGrade)} → ${gradeText(d.recheckGrade)}`) : '';
      return [
        i + 1, d.projectCode ?? '', d.title, d.unitName, d.amountFen / FEN_PER_WAN, d.reasons.map((x) => RECHECK_REASON_LABELS[x]).join('、'),
        d.selfTotal, gradeText(d.selfGrade), d.recheckTotal, d.recheckGrade ? gradeText(d.recheckGrade) : '', d.difference, gradeChange,
        RECHECK_STATUS_LABELS[d.status], c ? c.differences.join('；') : '', r.opinion, d.rectificationCode ?? '',
      ];
    });
    const ruleText = [
      rules.topByAmount > 0 ? `金额最大的 ${rules.topByAmount} 个` : '',
      rules.includeRedWarnings ? '监控中出现红色预警的全部项目' : '',
      rules.lowScoreBelow !== null ? `自评得分低于 ${rules.lowScoreBelow} 分的全部项目` : '',
      rules.randomCount > 0 ? `随机抽取 ${rules.randomCount} 个` : '',
      rules.amountSharePct !== null ? `抽查金额不低于总金额的 ${rules.amountSharePct}%` : '',
    ].filter(Boolean).join('；');
    const bytes = buildWorkbook([{
      name: '财政复核结果清单',
      title: `${sample.year}年度财政复核结果清单`,
      columns: [
        { header: '序号', width: 6 }, { header: '项目编码', width: 14 }, { header: '项目名称', width: 30 }, { header: '单位', width: 20 },
        { header: '全年预算数（万元）', width: 16 }, { header: '抽取原因', width: 18 }, { header: '自评得分', width: 10 }, { header: '自评等级', width: 9 },
        { header: '复核得分', width: 10 }, { header: '复核等级', width: 9 }, { header: '差异（复核−自评）', width: 14 }, { header: '等级变化', width: 12 },
        { header: '复核状态', width: 10 }, { header: '主要差异', width: 60 }, { header: '复核意见', width: 40 }, { header: '整改编号', width: 14 },
      ],
      rows,
      notes: [
        `抽样：随机种子 ${sample.seed}；规则：${ruleText || '—'}。`,
        `总体 ${sample.population_count} 个项目、${formatWan(sample.population_fen)} 万元；抽中 ${dto.sampledCount} 个、${formatWan(sample.sampled_fen)} 万元，占 ${dto.sharePct === null ? '—' : `${fmt(dto.sharePct)}%`}。`,
        `抽样人：${sample.created_by}　抽样时间：${sample.created_at.slice(0, 10)}　导出日期：${today(ctx)}`,
      ],
    }]);
    return fileDto(`${sample.year}年度财政复核结果清单.xlsx`, bytes);
  },
};
