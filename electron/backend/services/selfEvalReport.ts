import type { FileDto } from '../../../shared/api/dto.ts';
import type { SelfEvalDto } from '../../../shared/api/dtoSelfEval.ts';
import type { SelfEvalOutlineDto, SelfEvalOutlineSectionDto } from '../../../shared/api/methods/selfEval.ts';
import { selfEvalOutlineSchema, type SelfEvalReportSectionKey } from '../../../shared/api/schemasSelfEval.ts';
import { LEVEL1, LEVEL2 } from '../../../shared/domain/indicators.ts';
import { GOAL_GRADE_LABELS, SELF_EVAL_STATUS_LABELS } from '../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../shared/rules/money.ts';
import { QUALITATIVE_RESULT_LABELS } from '../../../shared/rules/selfEvaluation.ts';
import type { MoneyLine } from '../../../shared/rules/unitOverallMoney.ts';
import type { Db } from '../db/connection.ts';
import { DOCX_MIME, buildDocx, type DocBlock, type DocCell } from '../files/docx.ts';
import { getSetting } from '../repositories/library.ts';

/**
 * 绩效自评报告 (.docx) built from a self-evaluation (SPEC §5.6). The sections are fixed kinds whose
 * content is generated from the 自评表; the office chooses their titles, order and a standing
 * intro per section (settings key `selfEval.reportOutline.<year>`, default below).
 */

export const OUTLINE_SETTING = 'selfEval.reportOutline';
export const outlineKey = (year: number) => `${OUTLINE_SETTING}.${year}`;

export const DEFAULT_OUTLINE: readonly SelfEvalOutlineSectionDto[] = [
  { key: 'basic', title: '一、项目基本情况', intro: '' },
  { key: 'goals', title: '二、绩效目标完成情况', intro: '' },
  { key: 'budget', title: '三、预算执行情况', intro: '' },
  { key: 'conclusion', title: '四、自评结论', intro: '' },
  { key: 'deviation', title: '五、偏差原因及改进措施', intro: '' },
  { key: 'other', title: '六、其他需要说明的问题', intro: '' },
];

/** The year's saved outline, or the default; a stored value that no longer validates falls back to the default. */
export function readOutline(db: Db, year: number): SelfEvalOutlineDto {
  const raw = getSetting(db, outlineKey(year));
  if (raw) {
    try {
      const parsed = selfEvalOutlineSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return { year, sections: parsed.data, isDefault: false };
    } catch {
      // Unreadable JSON: the default outline is used (the next save overwrites it).
    }
  }
  return { year, sections: DEFAULT_OUTLINE.map((s) => ({ ...s })), isDefault: true };
}

const f2 = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toFixed(2));
const num = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));
const pct = (n: number | null) => (n === null ? '—' : `${n.toFixed(2)}%`);
const safeName = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').trim().slice(0, 80);
const chineseDate = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
};
const para = (text: string): DocBlock => ({ kind: 'paragraph', text });
const c = (text: string, align?: DocCell['align']): DocCell => (align ? { text, align } : { text });

function money(m: SelfEvalDto['annual']): string {
  return `${formatWan(m.totalFen)} 万元（其中当年财政拨款 ${formatWan(m.fiscalFen)} 万元、上年结转资金 ${formatWan(m.carryoverFen)} 万元、其他资金 ${formatWan(m.otherFen)} 万元）`;
}

/** 部门整体: "X 万元（其中基本支出 A 万元、项目支出 B 万元）". */
function unitSplit(total: number, basicFen: number, projectFen: number): string {
  return `${formatWan(total)} 万元（其中基本支出 ${formatWan(basicFen)} 万元、项目支出 ${formatWan(projectFen)} 万元）`;
}

function moneySentence(d: SelfEvalDto): string {
  const m = d.unitOverall?.money;
  if (!m) return `年初预算数 ${money(d.initial)}，全年预算数 ${money(d.annual)}。`;
  return `年初预算数 ${unitSplit(m.total.initialFen, m.basic.initialFen, m.project.initialFen)}，全年预算数 ${unitSplit(m.total.annualFen, m.basic.annualFen, m.project.annualFen)}。`;
}

function basic(d: SelfEvalDto): DocBlock[] {
  const label = (text: string): DocCell => ({ text, bold: true, align: 'center' });
  const name = d.ownerType === 'project' ? d.title : `${d.unitName}部门整体支出`;
  return [
    para(`“${name}”由${d.implementingUnit || d.unitName}实施，主管部门为${d.department || '未填写'}。${moneySentence(d)}`),
    {
      kind: 'table', widths: [18, 32, 18, 32],
      rows: [
        [label(d.ownerType === 'project' ? '项目名称' : '单位名称'), { text: name, span: 3 }],
        [label('项目编码'), c(d.projectCode ?? '—'), label('评价年度'), c(`${d.year} 年`)],
        [label('主管部门'), c(d.department || '—'), label('实施单位'), c(d.implementingUnit || d.unitName)],
        [label('年初预算数\n（万元）'), c(formatWan(d.initial.totalFen), 'right'), label('全年预算数\n（万元）'), c(formatWan(d.annual.totalFen), 'right')],
        [label('全年执行数\n（万元）'), c(d.executedFen === null ? '—' : formatWan(d.executedFen), 'right'), label('执行率'), c(pct(d.executedFen === null ? null : d.result.executionRate), 'right')],
      ],
    },
    para(`年度绩效目标：${d.annualGoal || '未填写'}`),
  ];
}

function goals(d: SelfEvalDto): DocBlock[] {
  const scores = new Map(d.result.indicators.map((s) => [s.key, s]));
  const header: DocCell[] = ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '计分说明'].map((t) => c(t));
  const rows: DocCell[][] = d.rows.map((r) => {
    const s = scores.get(String(r.seq));
    const actual = r.notApplicable
      ? '不适用'
      : r.valueType === 'qualitative'
        ? [r.qualitativeResult ? QUALITATIVE_RESULT_LABELS[r.qualitativeResult] : '', r.actualText].filter(Boolean).join('：') || '—'
        : r.actualText || '—';
    return [
      c(LEVEL1[r.level1]), c(LEVEL2[r.level2]), c(r.name), c(r.targetText || '—'), c(actual), c(num(r.weight), 'center'),
      c(r.notApplicable ? '—' : f2(s?.score ?? null), 'center'), c(s?.explanation ?? ''),
    ];
  });
  const indicatorWeight = d.rows.reduce((a, r) => a + r.weight, 0);
  rows.push([{ text: '指标得分合计', span: 5, bold: true, align: 'center' }, c(num(indicatorWeight), 'center'), { text: f2(d.result.indicatorTotal), bold: true, align: 'center' }, c('')]);
  const achieved = d.result.indicators.filter((s) => s.score !== null && s.score >= s.weight - 1e-9).length;
  const applicable = d.rows.filter((r) => !r.notApplicable).length;
  return [
    para(`共设置绩效指标 ${d.rows.length} 个${applicable < d.rows.length ? `（其中 ${d.rows.length - applicable} 个不适用）` : ''}，得满分的 ${achieved} 个；指标得分合计 ${f2(d.result.indicatorTotal)} 分。`),
    ...(d.goalCompletion ? [para(`总体目标完成情况：${d.goalCompletion}`)] : []),
    { kind: 'table', widths: [9, 10, 14, 12, 14, 7, 8, 26], headerRows: 1, rows: [header, ...rows] },
  ];
}

const wanOrDash = (fen: number | null) => (fen === null ? '—' : formatWan(fen));

/** 部门整体 (SPEC §7.3): the 基本支出 / 项目支出 lines with their rates, the score on the total. */
function unitBudget(d: SelfEvalDto, executionWeight: number): DocBlock[] {
  const u = d.unitOverall;
  if (!u) return [];
  const m = u.money;
  const lines: [string, MoneyLine][] = [['年度资金总额', m.total], ['基本支出', m.basic], ['其中：人员经费', m.personnel], ['　　　公用经费', m.public], ['项目支出', m.project]];
  const missing = u.projects.filter((p) => p.executedFen === null);
  const out: DocBlock[] = [
    {
      kind: 'table', widths: [24, 19, 19, 19, 19], headerRows: 1,
      rows: [
        ['资金（万元）', '年初预算数', '全年预算数', '全年执行数', '执行率'].map((t) => c(t, 'center')),
        ...lines.map(([label, l]) => [c(label), c(formatWan(l.initialFen), 'right'), c(formatWan(l.annualFen), 'right'), c(wanOrDash(l.executedFen), 'right'), c(pct(l.rate), 'right')]),
      ],
    },
    para(`基本支出由单位按本单位决算填报；项目支出为本单位 ${u.projects.length} 个项目的合计（全年执行数取各项目自评表，未自评的取最近一次监控数）。`),
  ];
  if (missing.length) out.push(para(`以下项目尚无全年执行数，按 0 计入：${missing.map((p) => `${p.code} ${p.name}`).join('、')}。`));
  if (d.executedFen === null) out.push(para('基本支出全年执行数尚未填写完整，预算执行情况暂无法评分。'));
  else out.push(para(`部门整体预算执行率 ${pct(d.result.executionRate)}，分值 ${num(executionWeight)} 分，得分 ${f2(d.result.executionScore)} 分。${d.result.executionExplanation}`));
  return out;
}

function budget(d: SelfEvalDto, executionWeight: number): DocBlock[] {
  if (d.unitOverall) return unitBudget(d, executionWeight);
  if (d.executedFen === null) return [para('尚未填写全年执行数，预算执行情况暂无法评分。')];
  const split = [d.executedFiscalFen, d.executedCarryoverFen, d.executedOtherFen].every((v) => v !== null)
    ? `，其中当年财政拨款 ${formatWan(d.executedFiscalFen ?? 0)} 万元、上年结转资金 ${formatWan(d.executedCarryoverFen ?? 0)} 万元、其他资金 ${formatWan(d.executedOtherFen ?? 0)} 万元`
    : '';
  return [
    para(`全年预算数 ${formatWan(d.annual.totalFen)} 万元，全年执行数 ${formatWan(d.executedFen)} 万元${split}，预算执行率 ${pct(d.result.executionRate)}。`),
    para(`预算执行率分值 ${num(executionWeight)} 分，得分 ${f2(d.result.executionScore)} 分。${d.result.executionExplanation}`),
  ];
}

function conclusion(d: SelfEvalDto, executionWeight: number): DocBlock[] {
  const r = d.result;
  if (d.executedFen === null) return [para(`自评表尚未填写完整（缺${d.unitOverall ? '基本支出的' : ''}全年执行数），暂无自评结论。`)];
  const out: DocBlock[] = [
    para(`预算执行率得分 ${f2(r.executionScore)} 分（分值 ${num(executionWeight)} 分），绩效指标得分 ${f2(r.indicatorTotal)} 分，合计 ${f2(r.rawTotal)} 分。`),
  ];
  if (r.normalizedTotal !== null) {
    out.push(para(`因部分指标不适用，适用指标（含预算执行率）分值合计 ${num(r.applicableWeight)} 分，按百分制折算：${f2(r.rawTotal)} ÷ ${num(r.applicableWeight)} × 100 = ${f2(r.normalizedTotal)} 分。`));
  }
  const before = r.normalizedTotal ?? r.rawTotal;
  if (r.cap && r.cap.maxTotal < before) out.push(para(`${r.cap.reason}，总分不超过 ${num(r.cap.maxTotal)} 分。`));
  out.push({ kind: 'paragraph', text: `自评总分 ${f2(r.total)} 分，自评等级为“${GOAL_GRADE_LABELS[r.grade]}”。`, bold: true });
  out.push(para(`当前状态：${SELF_EVAL_STATUS_LABELS[d.status]}；评分规则：规则方案 ${d.profileId} 第 ${d.profileVersion} 版。`));
  return out;
}

function deviation(d: SelfEvalDto): DocBlock[] {
  const rows = d.rows.filter((r) => r.deviationReason);
  if (!rows.length) return [para('各项指标均按年度目标完成，无需说明的偏差。')];
  return [
    {
      kind: 'table', widths: [22, 16, 16, 46], headerRows: 1,
      rows: [
        [c('指标'), c('年度指标值'), c('实际完成值'), c('偏差原因分析及改进措施')],
        ...rows.map((r) => [c(r.name), c(r.targetText || '—'), c(r.notApplicable ? '不适用' : r.actualText || '—'), c(r.deviationReason)]),
      ],
    },
  ];
}

const CONTENT: Record<SelfEvalReportSectionKey, (d: SelfEvalDto, executionWeight: number) => DocBlock[]> = {
  basic: (d) => basic(d),
  goals: (d) => goals(d),
  budget,
  conclusion,
  deviation: (d) => deviation(d),
  other: () => [para('无。')],
};

export async function buildSelfEvalReport(d: SelfEvalDto, outline: SelfEvalOutlineDto, executionWeight: number, now: Date): Promise<FileDto> {
  const name = d.ownerType === 'project' ? d.title : `${d.unitName}部门整体支出`;
  const blocks: DocBlock[] = [
    { kind: 'title', text: `${d.year}年度${d.ownerType === 'project' ? '项目支出' : '部门整体支出'}绩效自评报告` },
    { kind: 'subtitle', text: name },
  ];
  for (const s of outline.sections) {
    blocks.push({ kind: 'heading', level: 1, text: s.title });
    if (s.intro) blocks.push(...s.intro.split(/\n+/).filter(Boolean).map(para));
    blocks.push(...CONTENT[s.key](d, executionWeight));
  }
  blocks.push(
    { kind: 'paragraph', text: '', align: 'right' },
    { kind: 'paragraph', text: d.implementingUnit || d.unitName, align: 'right' },
    { kind: 'paragraph', text: chineseDate(now.toISOString()), align: 'right' },
  );
  const bytes = await buildDocx({ title: `${name} 绩效自评报告`, subject: '绩效自评报告', blocks });
  const file = d.projectCode ? `${d.projectCode}-${name}-${d.year}年绩效自评报告` : `${name}-${d.year}年绩效自评报告`;
  return { name: `${safeName(file)}.docx`, base64: bytes.toString('base64'), mime: DOCX_MIME };
}
