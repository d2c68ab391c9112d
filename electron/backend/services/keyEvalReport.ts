import type { FileDto } from '../../../shared/api/dto.ts';
import type { KeyEvalDto } from '../../../shared/api/methods/keyEval.ts';
import {
  GOAL_GRADE_LABELS, KEY_EVAL_AGGREGATION_LABELS, KEY_EVAL_EVALUATOR_LABELS, KEY_EVAL_KIND_LABELS, KEY_EVAL_LEVEL1_LABELS, KEY_EVAL_METHOD_LABELS,
  KEY_EVAL_OBJECT_TYPE_LABELS,
} from '../../../shared/i18n/zh-CN.ts';
import { KEY_EVAL_LEVEL1, computeKeyEval } from '../../../shared/rules/keyEvaluation.ts';
import { DOCX_MIME, buildDocx, type DocBlock, type DocCell } from '../files/docx.ts';

/**
 * 绩效评价报告 (.docx) in the outline of SPEC §5.7 (10号 附件3): 基本情况 · 绩效评价工作开展情况 ·
 * 综合评价情况及评价结论 (with the score table) · 绩效评价指标分析 (决策/过程/产出/效益) · 主要经验及做法、
 * 存在的问题及原因分析 · 有关建议 · 其他需要说明的问题. A draft evaluation is marked 草稿.
 */

const fmt = (n: number | null) => (n === null ? '—' : n.toFixed(2));
const safeName = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').slice(0, 80);
const paragraphs = (text: string, empty: string): DocBlock[] =>
  (text.trim() ? text.split(/\r?\n+/).filter((l) => l.trim()) : [empty]).map((t): DocBlock => ({ kind: 'paragraph', text: t.trim() }));

export async function buildKeyEvalReport(e: KeyEvalDto): Promise<FileDto> {
  const result = computeKeyEval(e.items, e.scores, e.expertAggregation, e.gradeBands);
  const total = e.total ?? result.total;
  const grade = e.grade ?? result.grade;
  const completed = e.status === 'completed';
  const kind = KEY_EVAL_KIND_LABELS[e.kind];
  const evaluator = e.evaluator === 'thirdParty' && e.agencyName ? `${KEY_EVAL_EVALUATOR_LABELS.thirdParty}（${e.agencyName}）` : KEY_EVAL_EVALUATOR_LABELS[e.evaluator];
  const object = e.objectType === 'project' && e.projectCode ? `项目（${e.projectCode}）` : KEY_EVAL_OBJECT_TYPE_LABELS[e.objectType];

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
  const sumRow = (label: string, weight: number, score: number): DocCell[] => [
    { text: label, span: 4, bold: true }, { text: fmt(weight), align: 'right', bold: true }, ...gap, { text: fmt(score), align: 'right', bold: true },
  ];
  for (const l1 of KEY_EVAL_LEVEL1) rows.push(sumRow(`${KEY_EVAL_LEVEL1_LABELS[l1]}小计`, result.level1[l1].weight, result.level1[l1].score));
  rows.push(sumRow('合计', KEY_EVAL_LEVEL1.reduce((x, l) => x + result.level1[l].weight, 0), total));
  const table: DocBlock = { kind: 'table', widths: [8, 10, 16, 9, 7, ...result.experts.map(() => 8), 8], headerRows: 1, rows: [scoreHeader, ...rows] };

  const analysis = KEY_EVAL_LEVEL1.flatMap((l1, i): DocBlock[] => {
    const lv = result.level1[l1];
    const lost = e.items.filter((it) => it.level1 === l1).map((it) => ({ it, s: result.items.find((x) => x.seq === it.seq)?.score ?? 0 })).filter((x) => x.s < x.it.weight - 1e-9);
    const rate = lv.weight > 0 ? `，得分率 ${((lv.score / lv.weight) * 100).toFixed(2)}%` : '';
    return [
      { kind: 'heading', level: 2, text: `（${'一二三四'[i]}）${KEY_EVAL_LEVEL1_LABELS[l1]}指标` },
      {
        kind: 'paragraph',
        text: `${KEY_EVAL_LEVEL1_LABELS[l1]}类指标分值 ${fmt(lv.weight)} 分，得分 ${fmt(lv.score)} 分${rate}。${lost.length ? `扣分指标：${lost.map((x) => `${x.it.name}（分值 ${fmt(x.it.weight)}，得分 ${fmt(x.s)}）`).join('；')}。` : '各项指标均得满分。'}`,
      },
    ];
  });

  const b: DocBlock[] = [
    { kind: 'title', text: `${e.year}年度${kind}报告${completed ? '' : '（草稿）'}` },
    { kind: 'subtitle', text: e.title },
    { kind: 'heading', level: 1, text: '一、基本情况' },
    { kind: 'heading', level: 2, text: '（一）评价对象概况' },
    { kind: 'paragraph', text: `评价对象：${e.title}；对象类型：${object}；实施单位：${e.unitName}。` },
    { kind: 'heading', level: 2, text: '（二）绩效目标' },
    { kind: 'paragraph', text: '绩效目标以批复的绩效目标表为准，评价指标体系据此设置。' },
    { kind: 'heading', level: 1, text: '二、绩效评价工作开展情况' },
    { kind: 'paragraph', text: `本次评价为${kind}，评价主体为${evaluator}。` },
    {
      kind: 'paragraph',
      text: `评价采用决策、过程、产出、效益四类指标（框架 ${e.frameworkCode}：决策 ${e.weights.decision} 分、过程 ${e.weights.process} 分、产出 ${e.weights.output} 分、效益 ${e.weights.benefit} 分，产出与效益合计 ${e.weights.output + e.weights.benefit} 分），共设三级指标 ${e.items.length} 个。`,
    },
    {
      kind: 'paragraph',
      text: `${result.experts.length ? `由 ${result.experts.length} 位专家（${result.experts.join('、')}）独立评分，` : ''}各指标得分按${KEY_EVAL_AGGREGATION_LABELS[e.expertAggregation]}汇总。规则方案：${e.profileId}（第 ${e.profileVersion} 版）。`,
    },
    { kind: 'heading', level: 1, text: '三、综合评价情况及评价结论' },
    { kind: 'paragraph', text: `综合评价得分 ${fmt(total)} 分，评价等级为“${GOAL_GRADE_LABELS[grade]}”。其中：${KEY_EVAL_LEVEL1.map((l) => `${KEY_EVAL_LEVEL1_LABELS[l]} ${fmt(result.level1[l].score)} 分`).join('，')}。` },
    { kind: 'paragraph', text: '附：绩效评价评分表', align: 'left', bold: true },
    table,
    { kind: 'heading', level: 1, text: '四、绩效评价指标分析' },
    ...analysis,
    { kind: 'heading', level: 1, text: '五、主要经验及做法、存在的问题及原因分析' },
    ...paragraphs(e.findings, '无。'),
    { kind: 'heading', level: 1, text: '六、有关建议' },
    ...paragraphs(e.recommendations, '无。'),
    { kind: 'heading', level: 1, text: '七、其他需要说明的问题' },
    {
      kind: 'paragraph',
      text: e.planQualityScore !== null || e.reportQualityScore !== null
        ? `第三方机构评价方案质量得分 ${fmt(e.planQualityScore)} 分，评价报告质量得分 ${fmt(e.reportQualityScore)} 分。`
        : '无。',
    },
    { kind: 'paragraph', text: e.agencyName ?? KEY_EVAL_EVALUATOR_LABELS[e.evaluator], align: 'right' },
    { kind: 'paragraph', text: e.completedAt ? e.completedAt.slice(0, 10) : '', align: 'right' },
  ];
  const bytes = await buildDocx({ title: `${e.title} ${kind}报告`, subject: `${kind}报告`, blocks: b });
  return { name: `${safeName(e.title)}-${kind}报告.docx`, base64: bytes.toString('base64'), mime: DOCX_MIME };
}
