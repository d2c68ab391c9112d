import type { FileDto } from '../../../shared/api/dto.ts';
import type { KeyEvalDto } from '../../../shared/api/methods/keyEval.ts';
import { LEVEL1, LEVEL2 } from '../../../shared/domain/indicators.ts';
import { BUDGET_TYPE_LABELS, PROJECT_ATTRIBUTE_LABELS, type BudgetType } from '../../../shared/domain/projects.ts';
import {
  GOAL_GRADE_LABELS, KEY_EVAL_AGGREGATION_LABELS, KEY_EVAL_EVALUATOR_LABELS, KEY_EVAL_KIND_LABELS, KEY_EVAL_LEVEL1_LABELS, KEY_EVAL_METHOD_LABELS,
} from '../../../shared/i18n/zh-CN.ts';
import { KEY_EVAL_LEVEL1, KEY_EVAL_METHODS, computeKeyEval } from '../../../shared/rules/keyEvaluation.ts';
import { formatWan } from '../../../shared/rules/money.ts';
import type { Db } from '../db/connection.ts';
import { DOCX_MIME, buildDocx, type DocBlock, type DocCell } from '../files/docx.ts';
import {
  executionFactsFor, findAgency, goalFactsFor, listExperts, projectFacts, unitProjectFacts, type AgencyRow, type ExpertRow, type KeyEvalExecutionFacts,
  type KeyEvalGoalFacts, type KeyEvalProjectFacts,
} from '../repositories/keyEval.ts';

/**
 * 绩效评价报告 (.docx) in the outline of SPEC §5.7 (10号 附件3): 基本情况 (评价对象概况 from the
 * project or unit records in 万元, 绩效目标 and their execution, 评价组织) · 绩效评价工作开展情况 (the
 * framework, the scoring method of every item, how experts' points are aggregated) · 综合评价情况及
 * 评价结论 (with the score table) · 绩效评价指标分析 (决策/过程/产出/效益, with each lost point's
 * computation) · 主要经验及做法、存在的问题及原因分析 · 有关建议 · 其他需要说明的问题. A draft is marked 草稿.
 */

/** What the records say about the evaluated object (read at report time). */
export interface KeyEvalReportFacts {
  project: KeyEvalProjectFacts | null;
  unitProjects: { count: number; initial_fen: number; annual_fen: number } | null;
  goal: KeyEvalGoalFacts | null;
  execution: KeyEvalExecutionFacts | null;
  agency: AgencyRow | null;
  /** The registered experts whose names scored this evaluation. */
  experts: ExpertRow[];
}

export function keyEvalReportFacts(db: Db, e: KeyEvalDto): KeyEvalReportFacts {
  const q = { projectId: e.projectId, unitId: e.unitId, year: e.year };
  const withGoals = e.objectType !== 'policy';
  const names = new Set(e.scores.map((s) => s.expert));
  return {
    project: e.projectId ? projectFacts(db, e.projectId) ?? null : null,
    unitProjects: e.objectType === 'unitOverall' ? unitProjectFacts(db, e.unitId, e.year) : null,
    goal: withGoals ? goalFactsFor(db, q) ?? null : null,
    execution: withGoals ? executionFactsFor(db, q) ?? null : null,
    agency: e.agencyId ? findAgency(db, e.agencyId) ?? null : null,
    experts: listExperts(db).filter((x) => names.has(x.name)),
  };
}

const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toFixed(2));
const wan = (fen: number) => `${formatWan(fen)} 万元`;
const safeName = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').slice(0, 80);
const paragraphs = (text: string, empty: string): DocBlock[] =>
  (text.trim() ? text.split(/\r?\n+/).filter((l) => l.trim()) : [empty]).map((t): DocBlock => ({ kind: 'paragraph', text: t.trim() }));
const para = (text: string): DocBlock => ({ kind: 'paragraph', text });
const label = <T extends Record<string, string>>(labels: T, code: string) => (code in labels ? labels[code as keyof T] : code);
const period = (start: string | null, end: string | null) => (start || end ? `${start ?? '—'} 至 ${end ?? '—'}` : '');

function objectSection(e: KeyEvalDto, f: KeyEvalReportFacts): DocBlock[] {
  const out: DocBlock[] = [];
  const p = f.project;
  if (e.objectType === 'project' && p) {
    out.push(para(`评价对象为${e.year}年度项目“${p.name}”（项目编码 ${p.code}），实施单位为${e.unitName}。项目属性：${PROJECT_ATTRIBUTE_LABELS[p.attribute]}；`
      + `预算类型：${BUDGET_TYPE_LABELS[p.budget_type as BudgetType] ?? p.budget_type}${period(p.start_month, p.end_month) ? `；实施期：${period(p.start_month, p.end_month)}` : ''}`
      + `${p.manager ? `；项目负责人：${p.manager}` : ''}。`));
    out.push(para(`资金情况：年初预算数 ${wan(p.initial_fen)}，全年预算数 ${wan(p.annual_fen)}（其中财政拨款 ${wan(p.annual_fiscal_fen)}、上年结转 ${wan(p.annual_carryover_fen)}、`
      + `其他资金 ${wan(p.annual_other_fen)}）${p.mid_term_total_fen !== null ? `；中期预算总额 ${wan(p.mid_term_total_fen)}` : ''}。`));
    if (p.basis.trim()) out.push(para(`立项依据：${p.basis.trim()}`));
  } else if (e.objectType === 'unitOverall') {
    const u = f.unitProjects;
    out.push(para(`评价对象为${e.unitName}${e.year}年度部门（单位）整体支出。`
      + (u && u.count > 0 ? `本年度共有项目 ${u.count} 个，年初预算数合计 ${wan(u.initial_fen)}，全年预算数合计 ${wan(u.annual_fen)}。` : '本年度未登记项目支出。')));
  } else {
    out.push(para(`评价对象为政策“${e.title}”，政策实施（主管）单位为${e.unitName}，评价年度 ${e.year} 年。`));
  }
  const x = f.execution;
  if (x) {
    const rate = x.budget_fen > 0 ? `，执行率 ${((x.executed_fen / x.budget_fen) * 100).toFixed(2)}%` : '';
    const when = x.source === 'monitoring' ? `截至 ${x.month ?? ''} 月末（绩效监控）` : '全年（单位自评）';
    out.push(para(`预算执行情况：${when}预算数 ${wan(x.budget_fen)}，执行数 ${wan(x.executed_fen)}${rate}。`
      + (x.self_total !== null && x.self_grade ? `单位自评得分 ${fmt(x.self_total)} 分，等级为“${GOAL_GRADE_LABELS[x.self_grade]}”。` : '')));
  } else if (e.objectType !== 'policy') {
    out.push(para('预算执行情况：尚无绩效监控或单位自评的执行数据。'));
  }
  return out;
}

function goalSection(e: KeyEvalDto, f: KeyEvalReportFacts): DocBlock[] {
  if (e.objectType === 'policy') return [para('政策绩效目标以政策文件为准，评价指标体系据此设置。')];
  const g = f.goal;
  if (!g) return [para('未登记绩效目标表，评价指标体系按评价框架设置。')];
  const out: DocBlock[] = [para(`年度绩效目标：${g.annual_goal.trim() || '未填写'}`)];
  if (g.mid_term_goal.trim()) out.push(para(`中期绩效目标：${g.mid_term_goal.trim()}`));
  if (g.indicators.length) {
    const rows: DocCell[][] = [
      [{ text: '一级指标', align: 'center' }, { text: '二级指标', align: 'center' }, { text: '三级指标', align: 'center' }, { text: '指标值', align: 'center' }],
      ...g.indicators.map((i): DocCell[] => [
        { text: label(LEVEL1, i.level1) }, { text: label(LEVEL2, i.level2) }, { text: i.name }, { text: `${i.target_text}${i.unit && !i.target_text.endsWith(i.unit) ? ` ${i.unit}` : ''}` },
      ]),
    ];
    out.push(para(`绩效指标共 ${g.indicators.length} 个：`), { kind: 'table', widths: [10, 12, 22, 16], headerRows: 1, rows });
  }
  const done = f.execution?.goal_completion.trim();
  out.push(para(`绩效目标完成情况：${done || '单位尚未填报目标完成情况，以评价组核实的情况为准。'}`));
  return out;
}

function organisationSection(e: KeyEvalDto, f: KeyEvalReportFacts, experts: string[]): DocBlock[] {
  const out: DocBlock[] = [];
  const a = f.agency;
  const evaluator = KEY_EVAL_EVALUATOR_LABELS[e.evaluator];
  out.push(para(`本次评价为${KEY_EVAL_KIND_LABELS[e.kind]}，评价年度 ${e.year} 年，评价主体为${evaluator}${a ? `，委托第三方机构“${a.name}”实施` : ''}。`));
  if (a) {
    const parts = [a.qualification && `资质：${a.qualification}`, a.field && `业务领域：${a.field}`, a.contact && `联系方式：${a.contact}`, `利益冲突声明：${a.conflicts || '无'}`].filter(Boolean);
    out.push(para(`第三方机构情况：${parts.join('；')}。`));
  }
  if (experts.length) {
    const described = experts.map((name) => {
      const r = f.experts.find((x) => x.name === name);
      const extra = r ? [r.organisation, r.field].filter(Boolean).join('，') : '';
      return extra ? `${name}（${extra}）` : name;
    });
    out.push(para(`评价专家 ${experts.length} 人：${described.join('、')}。`));
    const declared = f.experts.filter((x) => x.conflicts.trim());
    if (declared.length) out.push(para(`专家利益冲突声明：${declared.map((x) => `${x.name}：${x.conflicts.trim()}`).join('；')}。`));
  } else {
    out.push(para('尚未录入专家评分。'));
  }
  return out;
}

function methodParagraph(e: KeyEvalDto): string {
  const used = KEY_EVAL_METHODS.map((m) => ({ m, n: e.items.filter((i) => i.method === m).length })).filter((x) => x.n > 0);
  const shares = e.gradeShares.map((g) => `${GOAL_GRADE_LABELS[g.grade]} ${Math.round(g.share * 100)}%`).join('、');
  return `各三级指标按其评分方法计分：${used.map((x) => `${KEY_EVAL_METHOD_LABELS[x.m]} ${x.n} 个`).join('，')}。定量比例指标得分 = 分值 × min(实际比率 ÷ 目标比率, 1)；`
    + `要素计分指标按满足的评分要点累加；扣分制指标从分值中逐项扣减（注明原因，最低 0 分）；等级计分指标按所评等级的得分比例计分（${shares}）；问卷指标得分 = 分值 × 满意度。`;
}

export async function buildKeyEvalReport(e: KeyEvalDto, facts: KeyEvalReportFacts): Promise<FileDto> {
  const result = computeKeyEval(e.items, e.scores, e.expertAggregation, e.gradeBands);
  const total = e.total ?? result.total;
  const grade = e.grade ?? result.grade;
  const completed = e.status === 'completed';
  const kind = KEY_EVAL_KIND_LABELS[e.kind];

  const scoreHeader: DocCell[] = [
    { text: '一级指标', align: 'center' }, { text: '二级指标', align: 'center' }, { text: '三级指标', align: 'center' },
    { text: '评分方法', align: 'center' }, { text: '分值', align: 'center' },
    ...result.experts.map((x): DocCell => ({ text: x, align: 'center' })), { text: '得分', align: 'center' },
  ];
  const rows: DocCell[][] = e.items.map((it) => {
    const agg = result.items.find((x) => x.seq === it.seq)?.score ?? null;
    return [
      { text: KEY_EVAL_LEVEL1_LABELS[it.level1], align: 'center' }, { text: it.level2 }, { text: it.name }, { text: KEY_EVAL_METHOD_LABELS[it.method], align: 'center' },
      { text: fmt(it.weight), align: 'right' },
      ...result.experts.map((x): DocCell => ({ text: fmt(e.scores.find((s) => s.seq === it.seq && s.expert === x)?.score ?? null), align: 'right' })),
      { text: fmt(agg), align: 'right' },
    ];
  });
  const gap: DocCell[] = result.experts.length ? [{ text: '', span: result.experts.length }] : [];
  const sumRow = (text: string, weight: number, score: number): DocCell[] => [
    { text, span: 4, bold: true }, { text: fmt(weight), align: 'right', bold: true }, ...gap, { text: fmt(score), align: 'right', bold: true },
  ];
  for (const l1 of KEY_EVAL_LEVEL1) rows.push(sumRow(`${KEY_EVAL_LEVEL1_LABELS[l1]}小计`, result.level1[l1].weight, result.level1[l1].score));
  rows.push(sumRow('合计', KEY_EVAL_LEVEL1.reduce((x, l) => x + result.level1[l].weight, 0), total));
  const table: DocBlock = { kind: 'table', widths: [8, 10, 16, 9, 7, ...result.experts.map(() => 8), 8], headerRows: 1, rows: [scoreHeader, ...rows] };

  const analysis = KEY_EVAL_LEVEL1.flatMap((l1, i): DocBlock[] => {
    const lv = result.level1[l1];
    const lost = e.items.filter((it) => it.level1 === l1).map((it) => ({ it, s: result.items.find((x) => x.seq === it.seq)?.score ?? 0 })).filter((x) => x.s < x.it.weight - 1e-9);
    const rate = lv.weight > 0 ? `，得分率 ${((lv.score / lv.weight) * 100).toFixed(2)}%` : '';
    const blocks: DocBlock[] = [
      { kind: 'heading', level: 2, text: `（${'一二三四'[i]}）${KEY_EVAL_LEVEL1_LABELS[l1]}指标` },
      para(`${KEY_EVAL_LEVEL1_LABELS[l1]}类指标分值 ${fmt(lv.weight)} 分，得分 ${fmt(lv.score)} 分${rate}。${lost.length ? `扣分指标：${lost.map((x) => `${x.it.name}（分值 ${fmt(x.it.weight)}，得分 ${fmt(x.s)}）`).join('；')}。` : '各项指标均得满分。'}`),
    ];
    for (const x of lost) {
      const why = e.scores.filter((s) => s.seq === x.it.seq && s.score < x.it.weight - 1e-9).map((s) => `${s.expert}：${s.explanation}`);
      if (why.length) blocks.push(para(`${x.it.name}——${why.join('；')}。`));
    }
    return blocks;
  });

  const b: DocBlock[] = [
    { kind: 'title', text: `${e.year}年度${kind}报告${completed ? '' : '（草稿）'}` },
    { kind: 'subtitle', text: e.title },
    { kind: 'heading', level: 1, text: '一、基本情况' },
    { kind: 'heading', level: 2, text: '（一）评价对象概况' },
    ...objectSection(e, facts),
    { kind: 'heading', level: 2, text: '（二）绩效目标及完成情况' },
    ...goalSection(e, facts),
    { kind: 'heading', level: 2, text: '（三）评价组织' },
    ...organisationSection(e, facts, result.experts),
    { kind: 'heading', level: 1, text: '二、绩效评价工作开展情况' },
    para(`评价采用决策、过程、产出、效益四类指标（框架 ${e.frameworkCode}：决策 ${e.weights.decision} 分、过程 ${e.weights.process} 分、产出 ${e.weights.output} 分、效益 ${e.weights.benefit} 分，`
      + `产出与效益合计 ${e.weights.output + e.weights.benefit} 分），共设三级指标 ${e.items.length} 个。`),
    para(methodParagraph(e)),
    para(`${result.experts.length ? `由 ${result.experts.length} 位专家（${result.experts.join('、')}）独立评分，` : ''}各指标得分按${KEY_EVAL_AGGREGATION_LABELS[e.expertAggregation]}汇总。`
      + `规则方案：${e.profileId}（第 ${e.profileVersion} 版）。`),
    { kind: 'heading', level: 1, text: '三、综合评价情况及评价结论' },
    para(`综合评价得分 ${fmt(total)} 分，评价等级为“${GOAL_GRADE_LABELS[grade]}”。其中：${KEY_EVAL_LEVEL1.map((l) => `${KEY_EVAL_LEVEL1_LABELS[l]} ${fmt(result.level1[l].score)} 分`).join('，')}。`),
    { kind: 'paragraph', text: '附：绩效评价评分表', align: 'left', bold: true },
    table,
    { kind: 'heading', level: 1, text: '四、绩效评价指标分析' },
    ...analysis,
    { kind: 'heading', level: 1, text: '五、主要经验及做法、存在的问题及原因分析' },
    ...paragraphs(e.findings, '无。'),
    { kind: 'heading', level: 1, text: '六、有关建议' },
    ...paragraphs(e.recommendations, '无。'),
    { kind: 'heading', level: 1, text: '七、其他需要说明的问题' },
    para(e.planQualityScore !== null || e.reportQualityScore !== null
      ? `第三方机构评价方案质量得分 ${fmt(e.planQualityScore)} 分，评价报告质量得分 ${fmt(e.reportQualityScore)} 分。`
      : '无。'),
    { kind: 'paragraph', text: e.agencyName ?? KEY_EVAL_EVALUATOR_LABELS[e.evaluator], align: 'right' },
    { kind: 'paragraph', text: e.completedAt ? e.completedAt.slice(0, 10) : '', align: 'right' },
  ];
  const bytes = await buildDocx({ title: `${e.title} ${kind}报告`, subject: `${kind}报告`, blocks: b });
  return { name: `${safeName(e.title)}-${kind}报告.docx`, base64: bytes.toString('base64'), mime: DOCX_MIME };
}

