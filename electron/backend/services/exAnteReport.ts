import { EX_ANTE_CONCLUSION_LABELS, EX_ANTE_ASSESSOR_LABELS as ASSESSOR_TYPE_LABELS } from '../../../shared/i18n/zh-CN.ts';
import type { FileDto } from '../../../shared/api/dto.ts';
import { LEVEL1, type Level1Code } from '../../../shared/domain/indicators.ts';
import { BUDGET_TYPE_LABELS, FUND_TAGS, FUND_TAG_LABELS, OBJECT_TYPE_LABELS, PROJECT_ATTRIBUTE_LABELS } from '../../../shared/domain/projects.ts';
import { assessExAnte } from '../../../shared/rules/exAnte.ts';
import { formatWan } from '../../../shared/rules/money.ts';
import type { Db } from '../db/connection.ts';
import { DOCX_MIME, buildDocx, type DocBlock, type DocCell } from '../files/docx.ts';
import { latestAssessment, listScores, type ExAnteRow } from '../repositories/exAnte.ts';
import { findProjectSheet, listIndicators } from '../repositories/goals.ts';
import { annualTotalFen, projectTags, type ProjectRow } from '../repositories/projects.ts';
import { findUnit, type UnitRow } from '../repositories/units.ts';
import { resolveProfile, resolveProfileVersion, type ResolvedProfile } from './profiles.ts';

/**
 * 事前绩效评估报告 (.docx) in the outline of SPEC §3.3: 一 评估对象基本情况, 二 评估工作开展情况,
 * 三 综合评估情况与结论, 四 相关建议, 五 其他需要说明的问题. Built from the project's latest
 * assessment round; a round not yet completed is marked 草稿 in the title.
 */

export { EX_ANTE_CONCLUSION_LABELS, ASSESSOR_TYPE_LABELS };

const score = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};
const month = (ym: string | null) => (ym ? `${ym.slice(0, 4)}年${Number(ym.slice(5, 7))}月` : '未填写');
/** File names lose the characters Windows refuses. */
const safeName = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').slice(0, 80);

/** 主管部门: the top of the unit's branch (the unit itself when it has no parent). */
function department(db: Db, unit: UnitRow): UnitRow {
  let cur = unit;
  for (let i = 0; i < 5 && cur.parent_id; i++) {
    const parent = findUnit(db, cur.parent_id);
    if (!parent) break;
    cur = parent;
  }
  return cur;
}

function goalSummary(db: Db, project: ProjectRow): string[] {
  const sheet = findProjectSheet(db, project.id);
  if (!sheet) return ['项目尚未填报绩效目标。'];
  const indicators = listIndicators(db, sheet.id);
  const out = [`年度总体目标：${sheet.annual_goal || '未填写'}`];
  if (sheet.mid_term_goal) out.push(`中长期目标：${sheet.mid_term_goal}`);
  if (indicators.length) {
    const counts = (Object.keys(LEVEL1) as Level1Code[])
      .map((l1) => [l1, indicators.filter((i) => i.level1 === l1).length] as const)
      .filter(([, n]) => n > 0)
      .map(([l1, n]) => `${LEVEL1[l1]} ${n} 个`);
    const shown = indicators.slice(0, 10).map((i) => `${i.name}${i.target_text ? `（${i.target_text}）` : ''}`);
    out.push(`设置绩效指标 ${indicators.length} 个，其中${counts.join('、')}。主要指标：${shown.join('；')}${indicators.length > shown.length ? '等' : ''}。`);
  } else {
    out.push('尚未设置绩效指标。');
  }
  return out;
}

function moneyText(p: ProjectRow): string {
  const parts = [
    ['财政拨款', p.annual_fiscal_fen],
    ['上年结转', p.annual_carryover_fen],
    ['其他资金', p.annual_other_fen],
  ] as const;
  return `合计 ${formatWan(annualTotalFen(p))} 万元；其中${parts.map(([l, v]) => `${l} ${formatWan(v)} 万元`).join('、')}`;
}

function basicTable(db: Db, p: ProjectRow, unit: UnitRow): DocBlock {
  const dept = department(db, unit);
  const tags = projectTags(db, p.id).sort((a, b) => FUND_TAGS.indexOf(a) - FUND_TAGS.indexOf(b)).map((t) => FUND_TAG_LABELS[t]);
  const cell = (text: string, span?: number): DocCell => (span ? { text, span } : { text });
  const label = (text: string): DocCell => ({ text, bold: true, align: 'center' });
  const rows: DocCell[][] = [
    [label('项目名称'), cell(p.name, 3)],
    [label('项目编码'), cell(p.code), label('对象类型'), cell(OBJECT_TYPE_LABELS[p.object_type])],
    [label('主管部门'), cell(dept.name), label('实施单位'), cell(unit.name)],
    [label('项目属性'), cell(PROJECT_ATTRIBUTE_LABELS[p.attribute]), label('实施周期'), cell(p.start_month || p.end_month ? `${month(p.start_month)}至${month(p.end_month)}` : '未填写')],
    [label('项目负责人'), cell([p.manager, p.phone].filter(Boolean).join(' ') || '未填写'), label('项目类别'), cell(p.category || '未填写')],
    [label('申请资金\n（万元）'), cell(moneyText(p), 3)],
    [label('资金性质'), cell([BUDGET_TYPE_LABELS[p.budget_type], ...tags].join('；'), 3)],
  ];
  return { kind: 'table', widths: [17, 31, 15, 37], rows };
}

function scoreTable(profile: ResolvedProfile, scores: ReturnType<typeof listScores>): { table: DocBlock; total: number | null } {
  const experts = [...new Set(scores.map((s) => s.expert))];
  const result = assessExAnte(profile.body, scores);
  const header: DocCell[] = [{ text: '评估维度' }, { text: '分值' }, ...experts.map((e) => ({ text: e })), { text: '得分' }];
  const rows: DocCell[][] = result.dimensions.map((d) => [
    { text: d.label },
    { text: score(d.weight), align: 'center' },
    ...experts.map((e): DocCell => {
      const s = scores.find((x) => x.expert === e && x.dimension === d.code);
      return { text: s ? s.score.toFixed(2) : '—', align: 'center' };
    }),
    { text: d.score === null ? '—' : d.score.toFixed(2), align: 'center' },
  ]);
  const expertTotal = (e: string) => scores.filter((s) => s.expert === e).reduce((a, s) => a + s.score, 0);
  const weights = result.dimensions.reduce((a, d) => a + d.weight, 0);
  const total = result.problems.length ? null : result.total;
  rows.push([
    { text: '合计', bold: true, align: 'center' },
    { text: score(weights), align: 'center' },
    ...experts.map((e): DocCell => ({ text: (Math.round(expertTotal(e) * 100) / 100).toFixed(2), align: 'center' })),
    { text: total === null ? '—' : total.toFixed(2), bold: true, align: 'center' },
  ]);
  return { table: { kind: 'table', widths: [26, 10, ...experts.map(() => 12), 14], headerRows: 1, rows: [header, ...rows] }, total };
}

function conclusionText(profile: ResolvedProfile, a: ExAnteRow | undefined, total: number | null): string {
  const { supportMin, adjustMin } = profile.body.exAnte;
  const rule = `按照“${supportMin} 分及以上予以支持、${adjustMin} 分（含）至 ${supportMin} 分调整后支持、低于 ${adjustMin} 分不予支持”的标准`;
  if (a?.status === 'completed' && a.total !== null && a.conclusion !== null) {
    return `综合得分 ${a.total.toFixed(2)} 分。${rule}，评估结论为：${EX_ANTE_CONCLUSION_LABELS[a.conclusion]}。`;
  }
  return total === null ? '评估尚未完成，暂无结论。' : `综合得分（暂计）${total.toFixed(2)} 分。评估尚未完成，${rule}确定最终结论。`;
}

export async function buildExAnteReport(db: Db, project: ProjectRow): Promise<FileDto> {
  const unit = findUnit(db, project.unit_id);
  const a = latestAssessment(db, project.id);
  const completed = a?.status === 'completed' && a.profile_id !== null && a.profile_version !== null;
  const profile = completed ? resolveProfileVersion(db, a.profile_id ?? '', a.profile_version ?? 0) : resolveProfile(db, project.year);
  const scores = a ? listScores(db, a.id) : [];
  const experts = [...new Set(scores.map((s) => s.expert))];
  const dims = profile.body.exAnte.dimensions;
  const { table, total } = scoreTable(profile, scores);
  const unitName = unit?.name ?? '';

  const b: DocBlock[] = [
    { kind: 'title', text: `事前绩效评估报告${completed ? '' : '（草稿）'}` },
    { kind: 'subtitle', text: `${project.name}` },

    { kind: 'heading', level: 1, text: '一、评估对象基本情况' },
    { kind: 'heading', level: 2, text: '（一）项目概况' },
    {
      kind: 'paragraph',
      text: `“${project.name}”由${unitName || '预算单位'}申报，属${PROJECT_ATTRIBUTE_LABELS[project.attribute]}${OBJECT_TYPE_LABELS[project.object_type]}，列${BUDGET_TYPE_LABELS[project.budget_type]}，申请资金 ${formatWan(annualTotalFen(project))} 万元。`,
    },
  ];
  if (unit) b.push(basicTable(db, project, unit));
  b.push(
    { kind: 'heading', level: 2, text: '（二）立项依据' },
    { kind: 'paragraph', text: project.basis || '未填写立项依据。' },
    { kind: 'heading', level: 2, text: '（三）绩效目标' },
    ...goalSummary(db, project).map((text): DocBlock => ({ kind: 'paragraph', text })),
    { kind: 'heading', level: 2, text: '（四）资金构成' },
    { kind: 'paragraph', text: `申请资金${moneyText(project)}。` },

    { kind: 'heading', level: 1, text: '二、评估工作开展情况' },
    { kind: 'heading', level: 2, text: '（一）评估目的及对象' },
    {
      kind: 'paragraph',
      text: `根据预算绩效管理有关规定，对“${project.name}”开展事前绩效评估，从${dims.map((d) => d.label).join('、')}等方面作出评判，为预算安排提供依据。`,
    },
    { kind: 'heading', level: 2, text: '（二）评估思路及方法' },
    {
      kind: 'paragraph',
      text:
        `评估方式：${a ? ASSESSOR_TYPE_LABELS[a.assessor_type] : '未填写'}；评估机构：${a?.agency || unitName || '未填写'}；` +
        `评估日期：${a?.assessed_on ? chineseDate(a.assessed_on) : '未填写'}。`,
    },
    {
      kind: 'paragraph',
      text:
        `${experts.length ? `由 ${experts.length} 位专家（${experts.join('、')}）` : '由评估专家'}按照规则方案“${profile.name}”（第 ${profile.version} 版）的评分标准，` +
        `对${dims.map((d) => `${d.label}（${score(d.weight)} 分）`).join('、')}独立评分；各维度得分取专家评分的算术平均值（保留两位小数），综合得分为各维度得分之和。`,
    },
    { kind: 'heading', level: 2, text: '（三）评估程序' },
    { kind: 'paragraph', text: '收集并审核项目申报资料，组织专家独立评分，汇总评分形成评估结论，出具评估报告。' },

    { kind: 'heading', level: 1, text: '三、综合评估情况与结论' },
    { kind: 'heading', level: 2, text: '（一）各维度评分' },
    table,
  );
  const opinions = dims.flatMap((d) =>
    scores.filter((s) => s.dimension === d.code && s.opinion).map((s): DocBlock => ({ kind: 'paragraph', text: `${d.label}（${s.expert}）：${s.opinion}` })),
  );
  if (opinions.length) b.push({ kind: 'heading', level: 2, text: '（二）评估意见' }, ...opinions);
  b.push(
    { kind: 'heading', level: 2, text: opinions.length ? '（三）总体结论' : '（二）总体结论' },
    { kind: 'paragraph', text: conclusionText(profile, a, total) },
    // 评估概述 is the assessors' narrative of findings and conclusion (the form says so).
    ...(a?.summary ? [{ kind: 'paragraph' as const, text: a.summary }] : []),

    { kind: 'heading', level: 1, text: '四、相关建议' },
    { kind: 'paragraph', text: a?.adjustment_notes || '无。' },
  );
  if (a?.adjustment_fen !== null && a?.adjustment_fen !== undefined) {
    b.push({ kind: 'paragraph', text: `建议调整金额：${formatWan(a.adjustment_fen)} 万元。` });
  }
  b.push(
    { kind: 'heading', level: 1, text: '五、其他需要说明的问题' },
    { kind: 'paragraph', text: '无。' },
    { kind: 'paragraph', text: '', align: 'right' },
    { kind: 'paragraph', text: a?.agency || unitName, align: 'right' },
    { kind: 'paragraph', text: a?.assessed_on ? chineseDate(a.assessed_on) : '', align: 'right' },
  );

  const bytes = await buildDocx({ title: `${project.name} 事前绩效评估报告`, subject: '事前绩效评估报告', blocks: b });
  return { name: `${safeName(`${project.code}-${project.name}`)}-事前绩效评估报告.docx`, base64: bytes.toString('base64'), mime: DOCX_MIME };
}
