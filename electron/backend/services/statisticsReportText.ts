import type { AnnualReportDraftDto, AnnualReportNarrativeDto, Measures, ReportFigureDto, StatisticsDto } from '../../../shared/api/dtoStatistics.ts';
import { formatWan } from '../../../shared/rules/money.ts';
import { percent } from '../../../shared/rules/rounding.ts';
import { figureInfo, formatRate, stageCell, sumOf } from '../../../shared/rules/statistics.ts';
import { GRADE_LABELS_SHORT, type StatStage } from '../../../shared/rules/statisticsCatalog.ts';

/**
 * The text of the annual work report (年度工作情况报告) in the structure of the seed reports:
 * 一、工作开展情况 by stage with the figures, 二、存在的问题, 三、下一步工作. Every number in the text
 * is taken from the statistics (never typed) and registered with its definition and query scope,
 * so the appendix lists each one in the order it appears. The office's own words (intro, notes
 * per stage, problems, next steps) come from the narrative saved for the year.
 */

type Block = AnnualReportDraftDto['blocks'][number];

/** Amounts as the seed reports write them: 万元, two decimals, no thousands separators. */
export const wan = (fen: number) => formatWan(fen).replace(/,/g, '');
const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三'];

/** Registers each figure printed in the text, for the appendix. */
class FigureBook {
  readonly figures: ReportFigureDto[] = [];
  private readonly scopeOf: (where: string) => string;
  constructor(scopeOf: (where: string) => string) {
    this.scopeOf = scopeOf;
  }

  private add(id: string, label: string, value: string, definition: string, where: string): string {
    this.figures.push({ no: this.figures.length + 1, id, label, value, definition, scope: this.scopeOf(where) });
    return value;
  }

  /** A stage part or extra figure: its count ("n") or amount ("fen") in the given measures. */
  part(figure: string, what: 'n' | 'fen', m: Measures, where = ''): string {
    const info = figureInfo(figure);
    const ids = what === 'n' ? info?.n : info?.fen;
    const v = ids ? sumOf(m, ids) : 0;
    const value = what === 'n' ? String(v) : `${wan(v)}万元`;
    return this.add(`${figure}.${what}`, `${info?.label ?? figure}${what === 'fen' ? '（金额）' : ''}${where ? `（${where}）` : ''}`, value, info?.definition ?? '', where);
  }

  rate(stage: StatStage, what: 'count' | 'amount', m: Measures, where = ''): string {
    const c = stageCell(m, stage);
    const info = figureInfo(`${stage}.done`);
    const value = formatRate(what === 'count' ? c.countRate : c.amountRate);
    const def = `已开展 ÷ 应开展 × 100%（${what === 'count' ? '按个数' : '按金额'}），两位小数四舍五入；应开展：${figureInfo(`${stage}.base`)?.definition ?? ''}`;
    return this.add(`${stage}.${what}Rate`, `${info?.label.split('：')[0] ?? stage}${what === 'count' ? '覆盖率（个数）' : '覆盖率（金额）'}${where ? `（${where}）` : ''}`, value, def, where);
  }

  value(id: string, label: string, value: string, definition: string, where = ''): string {
    return this.add(id, label, value, definition, where);
  }
}

export interface ReportInput {
  stats: StatisticsDto;
  narrative: AnnualReportNarrativeDto;
}

function scopeText(d: StatisticsDto): (where: string) => string {
  const children = d.origins.filter((o) => o.level === 'child');
  const whole = d.scope === 'county' || children.length === 0
    ? `本级（${d.office.name}，${d.office.regionCode}）`
    : `本级（${d.office.name}）及所辖${children.length}个县（市）（${children.map((c) => c.name).join('、')}）`;
  return (where) => `${d.year}年度；${where === '本级' ? `本级（${d.office.name}，${d.office.regionCode}）` : where === '县（市）' ? `所辖县（市）（${children.map((c) => c.name).join('、')}）` : whole}；统计日 ${d.today}`;
}

/** 本级 / 县（市） measures when the report covers both levels; none otherwise. */
function levels(d: StatisticsDto): { own: Measures; child: Measures } | null {
  const level = d.cuts.find((c) => c.cut === 'level');
  const own = level?.rows.find((r) => r.key === 'own')?.measures;
  const child = level?.rows.find((r) => r.key === 'child')?.measures;
  return d.scope === 'prefecture' && own && child ? { own, child } : null;
}

function stageParagraphs(d: StatisticsDto, book: FigureBook): { title: string; stage: StatStage; text: string }[] {
  const m = d.measures;
  const lv = levels(d);
  const split = (figure: string) =>
    lv ? `其中本级${book.part(figure, 'n', lv.own, '本级')}个、金额${book.part(figure, 'fen', lv.own, '本级')}，县（市）${book.part(figure, 'n', lv.child, '县（市）')}个、金额${book.part(figure, 'fen', lv.child, '县（市）')}。` : '';
  const out: { title: string; stage: StatStage; text: string }[] = [];
  const y = `${d.year}年`;

  const completed = m['exAnte.completed.n'] ?? 0;
  out.push({
    title: '事前绩效评估', stage: 'exAnte',
    text: completed === 0
      ? (m['exAnte.required.n'] ?? 0) === 0
        ? `${y}，没有须开展事前绩效评估的项目，也未完成事前绩效评估。`
        : `${y}，按规则方案应开展事前绩效评估的项目${book.part('exAnte.base', 'n', m)}个、金额${book.part('exAnte.base', 'fen', m)}，尚未完成评估。`
      : `${y}，完成事前绩效评估项目${book.part('exAnte.completed', 'n', m)}个，评估金额${book.part('exAnte.completedFen', 'fen', m)}。按规则方案应开展事前评估的项目${book.part('exAnte.base', 'n', m)}个，已完成${book.part('exAnte.done', 'n', m)}个，覆盖率${book.rate('exAnte', 'count', m)}。评估结论为予以支持的${book.part('exAnte.support', 'n', m)}个、调整后支持的${book.part('exAnte.adjust', 'n', m)}个、不予支持的${book.part('exAnte.reject', 'n', m)}个。`,
  });
  out.push({
    title: '绩效目标管理', stage: 'goals',
    text: `${y}，${book.part('goals.done', 'n', m)}个项目的绩效目标已批复，涉及资金${book.part('goals.done', 'fen', m)}，占项目总数${book.part('goals.base', 'n', m)}个的${book.rate('goals', 'count', m)}、项目资金总额${book.part('goals.base', 'fen', m)}的${book.rate('goals', 'amount', m)}。${split('goals.done')}${book.part('unitGoals.done', 'n', m)}个预算单位的部门整体绩效目标已批复，占预算单位的${book.rate('unitGoals', 'count', m)}。`,
  });
  const rounds = roundSentences(d, book);
  out.push({
    title: '绩效运行监控', stage: 'monitoring',
    text: (m['monitoring.n'] ?? 0) === 0 && rounds === ''
      ? `${y}，尚未开展项目绩效运行监控（纳入预算的项目${book.part('monitoring.base', 'n', m)}个，涉及资金${book.part('monitoring.base', 'fen', m)}）。`
      : `${y}，${book.part('monitoring.done', 'n', m)}个预算项目开展了绩效运行监控，涉及资金${book.part('monitoring.done', 'fen', m)}，监控覆盖率${book.rate('monitoring', 'count', m)}（按金额${book.rate('monitoring', 'amount', m)}）。${split('monitoring.done')}监控中出现红色预警的项目${book.part('monitoring.red', 'n', m)}个、黄色预警的项目${book.part('monitoring.yellow', 'n', m)}个。${book.part('unitMonitoring.done', 'n', m)}个单位开展了部门整体支出绩效监控。${rounds}`,
  });
  const grades = (prefix: string) => (['excellent', 'good', 'fair', 'low', 'poor'] as const)
    .map((g) => ({ g, n: m[`${prefix}.grade.${g}`] ?? 0 })).filter((x) => x.n > 0)
    .map((x) => `${GRADE_LABELS_SHORT[x.g]}${book.part(`${prefix}.grade.${x.g}`, 'n', m)}个`).join('、');
  const selfGrades = grades('selfEval');
  out.push({
    title: '绩效自评', stage: 'selfEval',
    text: (m['selfEval.n'] ?? 0) === 0 && (m['unitSelfEval.n'] ?? 0) === 0
      ? `${y}度的绩效自评尚未经财政验收（纳入预算的项目${book.part('selfEval.base', 'n', m)}个）。`
      : `${y}，${book.part('selfEval.done', 'n', m)}个项目完成绩效自评并经财政验收，涉及资金${book.part('selfEval.done', 'fen', m)}，自评覆盖率${book.rate('selfEval', 'count', m)}（按金额${book.rate('selfEval', 'amount', m)}）。${split('selfEval.done')}${book.part('unitSelfEval.done', 'n', m)}个单位完成部门整体支出绩效自评。${selfGrades ? `项目自评结果为${selfGrades}。` : ''}`,
  });
  out.push({
    title: '财政复核', stage: 'recheck',
    text: (m['recheck.n'] ?? 0) === 0
      ? `本年度尚未完成绩效自评复核（已验收的绩效自评${book.part('recheck.base', 'n', m)}份）。`
      : `财政部门对${book.part('recheck.done', 'n', m)}份绩效自评开展复核，涉及金额${book.part('recheck.done', 'fen', m)}，占已验收自评的${book.rate('recheck', 'count', m)}；其中复核得分低于自评得分的${book.part('recheck.lowered', 'n', m)}份。`,
  });
  const deptGrades = grades('departmentEval');
  const finGrades = grades('financeEval');
  out.push({
    title: '部门评价和财政重点评价', stage: 'financeEval',
    text: (m['departmentEval.n'] ?? 0) + (m['financeEval.n'] ?? 0) === 0
      ? '本年度尚未完成部门评价和财政重点评价。'
      : `开展部门评价${book.part('departmentEval.done', 'n', m)}项，涉及资金${book.part('departmentEval.done', 'fen', m)}${deptGrades ? `，评价结果为${deptGrades}` : ''}；开展财政重点评价${book.part('financeEval.done', 'n', m)}项，涉及资金${book.part('financeEval.done', 'fen', m)}，占预算项目资金的${book.rate('financeEval', 'amount', m)}，其中委托第三方机构${book.part('financeEval.thirdParty', 'n', m)}项${finGrades ? `，评价结果为${finGrades}` : ''}。`,
  });
  out.push({
    title: '问题整改', stage: 'rectification',
    text: `整改台账共有问题${book.part('rect.total', 'n', m)}个，应整改${book.part('rectification.base', 'n', m)}个，已完成整改${book.part('rectification.done', 'n', m)}个，整改完成率${book.rate('rectification', 'count', m)}；按期完成${book.part('rect.onTime', 'n', m)}个，逾期未完成${book.part('rect.overdue', 'n', m)}个。调减或收回资金${book.part('rect.recovered', 'fen', m)}。`,
  });
  out.push({
    title: '评价结果与预算挂钩', stage: 'linkage',
    text: `对${book.part('linkage.done', 'n', m)}个有评价等级的项目作出下一年度预算挂钩决定，占有评价等级项目${book.part('linkage.base', 'n', m)}个的${book.rate('linkage', 'count', m)}，其中优先保障${book.part('linkage.priority', 'n', m)}个、压减${book.part('linkage.reduce', 'n', m)}个、取消或暂停${book.part('linkage.cancel', 'n', m)}个，压减下一年度预算${book.part('linkage.cut', 'fen', m)}。`,
  });
  out.push({
    title: '绩效信息公开', stage: 'disclosure',
    text: `应公开的绩效目标表和绩效自评表${book.part('disclosure.base', 'n', m)}份，已公开${book.part('disclosure.done', 'n', m)}份，公开率${book.rate('disclosure', 'count', m)}；涉密不予公开${book.part('disclosure.excluded', 'n', m)}份。`,
  });
  return out;
}

/**
 * The latest monitoring round: one sentence for an office; for a prefecture the sum over the
 * offices' latest rounds (each office's round in the attached table). A round whose sheets do not
 * add up is named instead of summed.
 */
function roundSentences(d: StatisticsDto, book: FigureBook): string {
  const rounds = d.monitoringRounds;
  if (rounds.length === 0) return '';
  const bad = rounds.filter((r) => r.executedFen === null);
  const good = rounds.filter((r) => r.executedFen !== null);
  const badText = bad.length ? `${bad.map((r) => `${r.originName}“${r.title}”`).join('、')}中有监控表的执行数与分项之和不一致，执行数未予汇总（详见数据一致性说明）。` : '';
  if (good.length === 0) return badText;
  const budget = good.reduce((a, r) => a + r.budgetFen, 0);
  const executed = good.reduce((a, r) => a + (r.executedFen ?? 0), 0);
  const where = good.length === 1 ? `${good[0]?.originName ?? ''}“${good[0]?.title ?? ''}”` : `${good.length}个地区最近一期项目监控`;
  const months = [...new Set(good.map((r) => r.month))];
  return `${where}${months.length === 1 ? `截至${months[0]}月` : ''}，监控项目全年预算${book.value('monitoring.latest.budget', '最近一期监控全年预算', `${wan(budget)}万元`, '各地区截止月份最晚的项目监控批次中监控表全年预算数合计', '')}，执行${book.value('monitoring.latest.executed', '最近一期监控执行数', `${wan(executed)}万元`, '同上批次监控表1至N月执行数合计（未填按0计）', '')}，执行率${book.value('monitoring.latest.rate', '最近一期监控执行率', formatRate(percent(executed, budget)), '执行数 ÷ 全年预算数 × 100%，两位小数四舍五入', '')}。${badText}`;
}

/** Sentences of 二、存在的问题 drawn from the figures: stages short of full coverage, overdue items, data flags. */
function findings(d: StatisticsDto, book: FigureBook): string[] {
  const m = d.measures;
  const out: string[] = [];
  const short = (['goals', 'monitoring', 'selfEval', 'disclosure'] as const).filter((s) => {
    const c = stageCell(m, s);
    return c.countRate !== null && c.countRate < 100;
  });
  if (short.length) out.push(`部分环节尚未实现全覆盖：${short.map((s) => `${figureInfo(`${s}.done`)?.label.split('：')[0] ?? s}覆盖率为${book.rate(s, 'count', m)}`).join('，')}。`);
  if ((m['rect.overdue.n'] ?? 0) > 0) out.push(`问题整改有待加强，仍有${book.part('rect.overdue', 'n', m)}个问题逾期未完成整改。`);
  if (d.checks.length) out.push(`基础数据质量有待提高，统计中发现${book.value('checks.count', '数据不一致之处', String(d.checks.length), '数据一致性检查发现的填报数与分项或记录合计不符之处', '')}处填报数据不一致（详见附件），相关金额未予汇总。`);
  return out;
}

const DEFAULT_NEXT = [
  '（一）完善绩效指标体系。健全分行业、分领域的绩效指标和标准体系，提高绩效目标设置的科学性和合理性。',
  '（二）提升绩效管理质量。加强绩效运行监控和评价工作的组织实施，扩大财政重点评价覆盖面，提高评价结果的客观性和准确性。',
  '（三）强化评价结果应用。落实评价结果与预算安排和政策调整挂钩机制，督促问题整改到位，推动绩效信息公开。',
  '（四）加强宣传培训。加强对预算单位绩效管理人员的业务培训，夯实全面实施预算绩效管理的工作基础。',
].join('\n');

export function defaultTitle(officeName: string, year: number): string {
  return `${officeName}关于${year}年度预算绩效管理工作情况的报告`;
}
export function defaultIntro(officeName: string, year: number): string {
  return `${year}年，${officeName}认真贯彻落实全面实施预算绩效管理的决策部署，围绕“全方位、全过程、全覆盖”的要求，扎实推进事前绩效评估、绩效目标管理、绩效运行监控、绩效评价和结果应用各项工作。现将有关情况报告如下：`;
}
export const DEFAULT_NEXT_STEPS = DEFAULT_NEXT;

/** The draft: blocks of text, the figures in order of appearance, and the consistency flags. */
export function reportDraft({ stats: d, narrative: n }: ReportInput): AnnualReportDraftDto {
  const book = new FigureBook(scopeText(d));
  const blocks: Block[] = [];
  const para = (text: string) => {
    for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) blocks.push({ kind: 'paragraph', text: line });
  };
  if (n.recipient) blocks.push({ kind: 'note', text: `${n.recipient.replace(/[:：]$/, '')}：` });
  para(n.intro || defaultIntro(d.office.name, d.year));
  blocks.push({ kind: 'heading', level: 1, text: '一、预算绩效管理工作开展情况' });
  stageParagraphs(d, book).forEach((p, i) => {
    blocks.push({ kind: 'heading', level: 2, text: `（${CN_NUM[i] ?? String(i + 1)}）${p.title}` });
    para(p.text);
    const notes = [p.stage, ...(p.stage === 'financeEval' ? ['departmentEval' as const] : [])].map((s) => n.stageNotes[s] ?? '').filter(Boolean);
    for (const note of notes) para(note);
  });
  blocks.push({ kind: 'heading', level: 1, text: '二、存在的问题' });
  const found = findings(d, book);
  if (found.length) para(`从统计数据看：${found.map((f, i) => `（${i + 1}）${f}`).join('')}`);
  para(n.problems || (found.length ? '' : '各环节工作总体按计划推进，仍需在绩效管理的质量和结果应用上持续用力。'));
  blocks.push({ kind: 'heading', level: 1, text: '三、下一步工作' });
  para(n.nextSteps || DEFAULT_NEXT);
  return { year: d.year, scope: d.scope, title: n.title || defaultTitle(d.office.name, d.year), blocks, figures: book.figures, flags: d.checks };
}
