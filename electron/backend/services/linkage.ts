import { AppFailure } from '../../../shared/api/result.ts';
import type { LinkageDecisionDto, LinkageGradeDto, LinkageListDto, LinkageRowDto, LinkageTotalsDto } from '../../../shared/api/dtoResults.ts';
import type { GradeCode } from '../../../shared/domain/ruleProfile.ts';
import { GOAL_GRADE_LABELS, KEY_EVAL_KIND_LABELS, LINKAGE_ACTION_LABELS, LINKAGE_GRADE_SOURCE_LABELS } from '../../../shared/i18n/zh-CN.ts';
import {
  linkageAmountProblem, linkageSuggestion, linkageTotals, pickLinkageGrade, type LinkageGradeCandidate, type LinkageSuggestion,
} from '../../../shared/rules/linkage.ts';
import { formatWan } from '../../../shared/rules/money.ts';
import type { Db } from '../db/connection.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { wanNumber } from '../files/formLayout.ts';
import { buildWorkbook, fileDto, type CellValue } from '../files/xlsx.ts';
import {
  completedKeyEvaluations, findLinkageDecision, linkageDecisions, linkageProjects, linkageSources, linkageUnits, upsertLinkageDecision,
  type LinkageDecisionRow, type LinkageObjectRow,
} from '../repositories/results.ts';
import { uuidv7 } from '../util/ids.ts';
import { resolveProfileVersion, type ResolvedProfile } from './profiles.ts';
import { UnitTree } from './unitTree.ts';

/**
 * 预算挂钩 (SPEC §9.1): every project and every unit overall (部门整体) of the year with a final
 * grade — an accepted self-evaluation, a completed 财政复核 of it, or a completed 部门评价 /
 * 财政重点评价 of the object. The grade that counts follows shared/rules/linkage.ts
 * pickLinkageGrade (key evaluation > re-check > self-evaluation); the suggestion comes from the
 * ladder of the profile version that grade was computed with (so a five-grade 甘肃 year keeps its
 * 低 rung); the decision (绩效管理 only) stores that profile id + version, the grade, its source and
 * the base it was made on. Units overall are totalled apart from projects: a unit's base (基本支出
 * + 项目支出) already holds its projects'.
 */

type LinkageMethods = 'results.linkageList' | 'results.decideLinkage' | 'results.exportLinkage';

const today = (ctx: CallContext) => ctx.now().toISOString().slice(0, 10);

interface Candidate extends LinkageGradeCandidate {
  id: string;
  title: string | null;
  total: number | null;
  grade: GradeCode;
  profileId: string;
  profileVersion: number;
}

/** A project or unit overall with its final grades. */
interface LinkageObject extends LinkageObjectRow {
  key: string;
  self: Candidate | null;
  grades: Candidate[];
}

const objectKey = (projectId: string | null, unitId: string) => projectId ?? `unit:${unitId}`;

/** Every object of the year with at least one final grade, units first within a unit, then projects by code. */
function linkageObjects(db: Db, year: number): LinkageObject[] {
  const objects = new Map<string, LinkageObject>();
  for (const s of linkageSources(db, year)) {
    const key = objectKey(s.project_id, s.unit_id);
    if (objects.has(key)) continue;
    const self: Candidate = {
      source: 'selfEvaluation', id: s.evaluation_id, title: null, total: s.total, grade: s.grade, profileId: s.profile_id, profileVersion: s.profile_version,
    };
    const grades = [self];
    if (s.recheck_id && s.recheck_grade) {
      grades.push({
        source: 'recheck', id: s.recheck_id, title: null, total: s.recheck_total, grade: s.recheck_grade, at: s.recheck_completed_at,
        profileId: s.recheck_profile_id ?? s.profile_id, profileVersion: s.recheck_profile_version ?? s.profile_version,
      });
    }
    objects.set(key, { ...s, key, self, grades });
  }
  const keyEvals = completedKeyEvaluations(db, year);
  const lacking = (type: 'project' | 'unitOverall') =>
    [...new Set(keyEvals.filter((k) => k.object_type === type && !objects.has(objectKey(k.project_id, k.unit_id))).map((k) => k.project_id ?? k.unit_id))];
  for (const o of [...linkageProjects(db, lacking('project')), ...linkageUnits(db, year, lacking('unitOverall'))]) {
    const key = objectKey(o.project_id, o.unit_id);
    objects.set(key, { ...o, key, self: null, grades: [] });
  }
  for (const k of keyEvals) {
    const o = objects.get(objectKey(k.object_type === 'project' ? k.project_id : null, k.unit_id));
    o?.grades.push({
      source: 'keyEvaluation', kind: k.kind, at: k.completed_at, id: k.id, title: k.title, total: k.total, grade: k.grade, profileId: k.profile_id, profileVersion: k.profile_version,
    });
  }
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const rank = (o: LinkageObject) => (o.project_id ? `1${o.project_code ?? ''}` : '0');
  return [...objects.values()].sort((a, b) => cmp(a.unit_code, b.unit_code) || cmp(rank(a), rank(b)));
}

function profileCache(db: Db) {
  const cache = new Map<string, ResolvedProfile>();
  return (id: string, version: number) => {
    const key = `${id}@${version}`;
    let p = cache.get(key);
    if (!p) {
      p = resolveProfileVersion(db, id, version);
      cache.set(key, p);
    }
    return p;
  };
}

/** The grade that counts; every object has one (it is listed because it has a grade). */
function countingGrade(o: LinkageObject): Candidate {
  const g = pickLinkageGrade(o.grades);
  if (!g) throw new Error(`linkage object ${o.key} has no grade`);
  return g;
}

function toDecisionDto(d: LinkageDecisionRow): LinkageDecisionDto {
  return {
    decision: d.decision, amountFen: d.amount_fen, note: d.note, decidedBy: d.decided_by, decidedAt: d.decided_at, grade: d.grade,
    gradeSource: d.grade_source, baseFen: d.base_fen, profileId: d.profile_id, profileVersion: d.profile_version, rev: d.rev,
  };
}

const toGradeDto = (c: Candidate): LinkageGradeDto => ({ source: c.source, kind: c.kind ?? null, id: c.id, title: c.title, total: c.total, grade: c.grade });

function linkageRow(
  ctx: CallContext, o: LinkageObject, tree: UnitTree, profile: (id: string, v: number) => ResolvedProfile, decision: LinkageDecisionRow | undefined,
): LinkageRowDto {
  const g = countingGrade(o);
  const p = profile(g.profileId, g.profileVersion);
  const dept = tree.department(o.unit_id);
  return {
    objectType: o.project_id ? 'project' : 'unitOverall', key: o.key, projectId: o.project_id, projectCode: o.project_code,
    title: o.project_id ? (o.project_name ?? '') : `${o.unit_name} 部门整体支出`, unitId: o.unit_id, unitName: o.unit_name,
    departmentId: dept?.id ?? o.unit_id, departmentName: dept?.name ?? o.unit_name, total: g.total, grade: g.grade, gradeSource: g.source,
    gradeSourceKind: g.kind ?? null, sourceId: g.id, grades: [g, ...o.grades.filter((c) => c !== g).reverse()].map(toGradeDto),
    selfTotal: o.self?.total ?? null, selfGrade: o.self?.grade ?? null, baseFen: o.base_fen, profileId: p.id, profileVersion: p.version,
    suggestion: linkageSuggestion(p.body.linkage, g.grade, o.base_fen),
    decision: decision ? toDecisionDto(decision) : null,
    stale: decision !== undefined && (decision.grade !== g.grade || decision.base_fen !== o.base_fen),
    readOnly: o.origin !== ctx.origin,
  };
}

function totalsOf(rows: readonly LinkageRowDto[]): LinkageTotalsDto {
  const decided = rows.flatMap((r) => (r.decision ? [r.decision.amountFen] : []));
  const sums = linkageTotals(decided);
  const byGrade: Partial<Record<GradeCode, number>> = {};
  for (const r of rows) byGrade[r.grade] = (byGrade[r.grade] ?? 0) + 1;
  return {
    count: rows.length, decided: decided.length, baseFen: rows.reduce((a, r) => a + r.baseFen, 0),
    suggestedMinFen: rows.reduce((a, r) => a + r.suggestion.changeMinFen, 0), suggestedMaxFen: rows.reduce((a, r) => a + r.suggestion.changeMaxFen, 0),
    decidedCutFen: sums.cutFen, decidedAddFen: sums.addFen, byGrade,
  };
}

export function loadLinkage(ctx: CallContext, year: number): LinkageListDto {
  const tree = new UnitTree(ctx.db);
  const profile = profileCache(ctx.db);
  const decisions = new Map(linkageDecisions(ctx.db, year).filter((d) => d.origin === ctx.origin).map((d) => [objectKey(d.project_id, d.unit_id), d]));
  const rows = linkageObjects(ctx.db, year).map((o) => linkageRow(ctx, o, tree, profile, decisions.get(o.key)));
  return {
    year, targetYear: year + 1, rows,
    totals: totalsOf(rows.filter((r) => r.objectType === 'project')),
    unitTotals: totalsOf(rows.filter((r) => r.objectType === 'unitOverall')),
  };
}

// ---------------------------------------------------------------- the list for the budget meeting

/** "压减 20%–50%" / "取消" / "优先保障": the ladder's rung in words. */
export function suggestionText(s: Pick<LinkageSuggestion, 'action' | 'pctMin' | 'pctMax'>): string {
  const label = LINKAGE_ACTION_LABELS[s.action];
  if (s.action !== 'reduce') return label;
  return s.pctMin === s.pctMax ? `${label} ${s.pctMin}%` : `${label} ${s.pctMin}%–${s.pctMax}%`;
}

/** 单位自评（财政验收） / 财政复核 / 部门评价 / 财政重点评价. */
export const gradeSourceLabel = (r: Pick<LinkageRowDto, 'gradeSource' | 'gradeSourceKind'>) =>
  r.gradeSourceKind ? KEY_EVAL_KIND_LABELS[r.gradeSourceKind] : LINKAGE_GRADE_SOURCE_LABELS[r.gradeSource];

/**
 * The suggested change in 万元: a number when the ladder gives one amount (−32.00 for 压减 10% of
 * 320.00), otherwise the range of the cut in words ("调减 100.00–250.00"): a leading minus sign in
 * a text cell would be written with an apostrophe (formula-injection guard).
 */
function suggestedChangeCell(minFen: number, maxFen: number): CellValue {
  return minFen === maxFen ? wanNumber(minFen) : `调减 ${formatWan(-maxFen)}–${formatWan(-minFen)}`;
}

/** The cells from 评价得分 to 说明, the same on both sheets. */
function decisionCells(r: LinkageRowDto): CellValue[] {
  const d = r.decision;
  return [
    r.total, GOAL_GRADE_LABELS[r.grade], gradeSourceLabel(r), wanNumber(r.baseFen), suggestionText(r.suggestion),
    suggestedChangeCell(r.suggestion.changeMinFen, r.suggestion.changeMaxFen), d ? LINKAGE_ACTION_LABELS[d.decision] : '未确定',
    d ? wanNumber(d.amountFen) : '', d ? wanNumber(r.baseFen + d.amountFen) : '', [d?.note ?? '', r.stale ? '等级或基数已变化，请重新确定' : ''].filter(Boolean).join('；'),
  ];
}

/** A subtotal or total row's cells from 评价得分 to 说明. */
function sumCells(t: LinkageTotalsDto, note: string): CellValue[] {
  const change = suggestedChangeCell(t.suggestedMinFen, t.suggestedMaxFen);
  return ['', '', '', wanNumber(t.baseFen), '', change, '', wanNumber(t.decidedCutFen + t.decidedAddFen), '', note || `调减 ${formatWan(-t.decidedCutFen)} 万元`];
}

function decisionColumns(list: LinkageListDto) {
  return [
    { header: '评价得分', width: 9 }, { header: '评价等级', width: 8 }, { header: '等级来源', width: 16 }, { header: `${list.year}年全年预算数（万元）`, width: 16 },
    { header: '挂钩建议', width: 14 }, { header: '建议调整金额（万元）', width: 22 }, { header: '挂钩结果', width: 10 }, { header: '调整金额（万元）', width: 14 },
    { header: `${list.targetYear}年建议安排数（万元）`, width: 18 }, { header: '说明', width: 30 },
  ];
}

function linkageWorkbook(ctx: CallContext, list: LinkageListDto): Buffer {
  const projects = list.rows.filter((r) => r.objectType === 'project');
  const units = list.rows.filter((r) => r.objectType === 'unitOverall');
  const rows: CellValue[][] = [];
  const byUnit = new Map<string, LinkageRowDto[]>();
  for (const r of projects) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r]);
  let seq = 0;
  for (const group of byUnit.values()) {
    for (const r of group) rows.push([++seq, r.departmentName, r.unitName, r.projectCode, r.title, ...decisionCells(r)]);
    const first = group[0];
    if (!first) continue;
    const t = totalsOf(group);
    rows.push(['', first.departmentName, `${first.unitName} 小计`, '', `${group.length} 个项目，已确定 ${t.decided} 个`, ...sumCells(t, '')]);
  }
  const t = list.totals;
  rows.push([
    '', '合计', '', '', `${t.count} 个项目，已确定 ${t.decided} 个`,
    ...sumCells(t, `调减 ${formatWan(-t.decidedCutFen)} 万元；增加 ${formatWan(t.decidedAddFen)} 万元`),
  ]);
  const u = list.unitTotals;
  const unitRows: CellValue[][] = units.map((r, i) => [i + 1, r.departmentName, r.unitName, ...decisionCells(r)]);
  unitRows.push(['', '合计', `${u.count} 个单位，已确定 ${u.decided} 个`, ...sumCells(u, `调减 ${formatWan(-u.decidedCutFen)} 万元；增加 ${formatWan(u.decidedAddFen)} 万元`)]);
  const source = '等级来源：已完成的部门评价或财政重点评价优先（财政重点评价优先于部门评价），其次为财政复核，再次为经财政验收的单位自评。';
  return buildWorkbook([
    {
      name: '预算挂钩建议清单',
      title: `${list.year}年度绩效评价结果与${list.targetYear}年预算挂钩建议清单`,
      columns: [{ header: '序号', width: 6 }, { header: '主管部门', width: 18 }, { header: '预算单位', width: 20 }, { header: '项目编码', width: 16 }, { header: '项目名称', width: 30 }, ...decisionColumns(list)],
      rows,
      notes: [
        `调整金额：负数为调减，正数为增加；建议安排数 = 全年预算数 + 调整金额。${source}`,
        `挂钩建议按各项目评分所用规则方案的挂钩规则生成。导出日期：${today(ctx)}`,
      ],
    },
    {
      name: '部门整体',
      title: `${list.year}年度部门整体绩效评价结果与${list.targetYear}年预算挂钩建议清单`,
      columns: [{ header: '序号', width: 6 }, { header: '主管部门', width: 18 }, { header: '预算单位', width: 24 }, ...decisionColumns(list)],
      rows: unitRows,
      notes: [
        `全年预算数为部门整体自评表的年度资金总额（基本支出 + 项目支出），已含本单位项目，不与项目清单相加。${source}`,
        `导出日期：${today(ctx)}`,
      ],
    },
  ]);
}

// ---------------------------------------------------------------- handlers

export const linkageHandlers: HandlerMap<LinkageMethods> = {
  'results.linkageList': (ctx, { year }) => loadLinkage(ctx, year),

  'results.decideLinkage': (ctx, input) => {
    const unitId = input.unitId ?? '';
    const key = objectKey(input.projectId, unitId);
    const o = linkageObjects(ctx.db, input.year).find((x) => x.key === key);
    if (!o) {
      throw new AppFailure('CONFLICT', input.projectId
        ? `该项目在 ${input.year} 年度没有经财政验收的自评结果（或复核、评价结果），不能确定预算挂钩结果。`
        : `该单位在 ${input.year} 年度没有经财政验收的部门整体自评结果（或部门整体评价结果），不能确定预算挂钩结果。`);
    }
    const name = o.project_id ? `项目“${o.project_name ?? ''}”` : `“${o.unit_name} 部门整体支出”`;
    if (o.origin !== ctx.origin) throw new AppFailure('CONFLICT', `${name}来自其他单位的同步数据，只能查看，不能确定预算挂钩结果。`);
    const problem = linkageAmountProblem(input.decision, input.amountFen, o.base_fen);
    if (problem) throw new AppFailure('VALIDATION', `${o.project_code ?? `${o.unit_name} 部门整体`}：${problem}。`, [{ field: 'amountFen', message: problem }]);
    const g = countingGrade(o);
    const p = resolveProfileVersion(ctx.db, g.profileId, g.profileVersion);
    const s = linkageSuggestion(p.body.linkage, g.grade, o.base_fen);
    const object = { projectId: o.project_id, unitId: o.unit_id };
    const before = findLinkageDecision(ctx.db, ctx.origin, input.year, object);
    const at = ctx.now().toISOString();
    const row: Omit<LinkageDecisionRow, 'rev'> = {
      id: before?.id ?? uuidv7(), origin: ctx.origin, year: input.year, target_year: input.year + 1, project_id: o.project_id, unit_id: o.unit_id,
      grade: g.grade, grade_source: g.source, source_id: g.id, total: g.total, base_fen: o.base_fen, suggested_action: s.action,
      suggested_pct_min: s.pctMin, suggested_pct_max: s.pctMax, decision: input.decision, amount_fen: input.amountFen, note: input.note,
      decided_by: ctx.user?.displayName ?? '（系统）', decided_at: at, profile_id: p.id, profile_version: p.version, created_at: before?.created_at ?? at, updated_at: at,
    };
    ctx.write(['linkage_decisions'], (tx) => {
      upsertLinkageDecision(ctx.db, row);
      const summary = (d: Pick<LinkageDecisionRow, 'grade' | 'grade_source' | 'decision' | 'amount_fen' | 'note'>) =>
        ({ grade: d.grade, grade_source: d.grade_source, decision: d.decision, amount_fen: d.amount_fen, note: d.note });
      tx.record('linkage_decision', row.id, before ? summary(before) : null, {
        ...summary(row), object: o.project_code ?? `${o.unit_code} 部门整体`, base_fen: row.base_fen, profile: `${p.id}@${p.version}`,
      });
    });
    return linkageRow(ctx, o, new UnitTree(ctx.db), profileCache(ctx.db), findLinkageDecision(ctx.db, ctx.origin, input.year, object));
  },

  'results.exportLinkage': (ctx, { year }) => {
    const list = loadLinkage(ctx, year);
    return fileDto(`预算挂钩建议清单-${year}年评价-${year + 1}年预算.xlsx`, linkageWorkbook(ctx, list));
  },
};
