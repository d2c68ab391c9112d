import type { ProfileSummaryDto } from '../../../../shared/api/dtoGoals.ts';
import type { MonitoringRule, RuleProfileBody } from '../../../../shared/domain/ruleProfile.ts';
import {
  GOAL_GRADE_LABELS, LINKAGE_ACTION_LABELS, PROFILE_SECTION_LABELS, WARNING_LEVEL_LABELS,
} from '../../../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../../../shared/rules/money.ts';

export type ProfileSource = 'builtin' | 'own' | 'upper';

/** Shipped presets, this office's own profiles, and profiles handed down by a higher level. */
export function profileSource(p: Pick<ProfileSummaryDto, 'builtin' | 'origin'>, officeRegion: string): ProfileSource {
  if (p.builtin) return 'builtin';
  return p.origin === officeRegion ? 'own' : 'upper';
}

/** Numbers as officers write them: no trailing zeros, at most two decimals. */
export function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

const month = (m: number) => `${m}月`;

/** A monitoring warning rule in words, e.g. "1–6月执行率低于 40%：黄色预警". */
export function describeRule(rule: MonitoringRule): string[] {
  switch (rule.kind) {
    case 'nodeFloor':
      return rule.floors.map((f) => `1–${month(f.month)}执行率低于 ${num(f.minRate)}%：${WARNING_LEVEL_LABELS[rule.level]}`);
    case 'timeGap': {
      const parts = [
        rule.maxGapPoints !== null ? `时间进度与执行率之差超过 ${num(rule.maxGapPoints)} 个百分点` : null,
        rule.maxRelativeDeviation !== null ? `相对偏差（进度差÷时间进度）超过 ${num(rule.maxRelativeDeviation)}%` : null,
      ].filter((p): p is string => p !== null);
      if (parts.length === 0) return ['时间进度偏差（未设阈值，不预警）'];
      return [`${parts.join('，或')}：${WARNING_LEVEL_LABELS[rule.level]}`];
    }
    case 'targetExecutionGap':
      return [`目标完成进度与预算执行率相差超过 ${num(rule.maxGapPoints)} 个百分点：${WARNING_LEVEL_LABELS[rule.level]}`];
    case 'qualitativeLight':
      return ['定性指标“未达成”亮红灯，“部分达成”亮黄灯'];
    case 'impossible':
      return [`任一指标完成可能性为“完全不可能”：${WARNING_LEVEL_LABELS[rule.level]}，须填写纠偏措施`];
    case 'keySelection':
      return [`截至 ${month(rule.month)}末，预算金额不低于 ${formatWan(rule.minAmountFen)} 万元且执行率不高于 ${num(rule.maxRate)}% 的项目列入重点监控`];
  }
}

/** A linkage row in words: 优先保障 / 保障 / 压减 10–30% / 取消. */
export function describeLinkage(l: RuleProfileBody['linkage'][number]): string {
  const label = LINKAGE_ACTION_LABELS[l.action];
  if (l.action === 'reduce') {
    return l.pctMin === l.pctMax ? `${label} ${num(l.pctMin)}%` : `${label} ${num(l.pctMin)}–${num(l.pctMax)}%`;
  }
  if (l.action === 'cancel' && l.pctMin < 100) return `${label}（或压减 ${num(l.pctMin)}–${num(l.pctMax)}%）`;
  return label;
}

/** Grade bands as ranges: 优 ≥90，良 80–90 (lower bound inclusive). */
export function bandRanges(grades: RuleProfileBody['grades']): { grade: RuleProfileBody['grades'][number]['grade']; label: string; min: number; range: string }[] {
  return grades.map((g, i) => {
    const upper = i === 0 ? null : grades[i - 1]?.min ?? null;
    const range = upper === null ? `${num(g.min)} 分及以上` : g.min === 0 ? `低于 ${num(upper)} 分` : `${num(g.min)}（含）–${num(upper)} 分`;
    return { grade: g.grade, label: GOAL_GRADE_LABELS[g.grade], min: g.min, range };
  });
}

/** Which editor section a form path (body.monitoring.rules.0...) belongs to. */
export function sectionOf(path: string): keyof typeof PROFILE_SECTION_LABELS {
  const key = path.split('.')[1];
  switch (key) {
    case 'grades':
    case 'selfEvaluation':
    case 'goals':
    case 'goalReview':
    case 'exAnte':
    case 'evaluation':
    case 'monitoring':
    case 'linkage':
      return key;
    default:
      return 'basic';
  }
}

const FIELD_NAMES: Record<string, string> = {
  name: '方案名称',
  description: '方案说明',
  note: '修改说明',
  template: '指标模板',
  moneyDecimals: '金额小数位',
  min: '下限',
  grade: '等级',
  executionWeight: '预算执行率分值',
  output: '产出分值',
  cost: '成本分值',
  benefit: '效益分值',
  satisfaction: '满意度分值',
  decision: '决策分值',
  process: '过程分值',
  overCompletionThreshold: '超额完成阈值',
  minRate: '执行率下限',
  maxRate: '执行率上限',
  maxTotal: '总分上限',
  share: '得分比例',
  thresholdPct: '超出比例',
  points: '扣分',
  minIndicators: '最少指标数',
  minPerLevel1: '每个一级指标至少',
  label: '名称',
  weight: '分值',
  passMark: '及格线',
  supportMin: '予以支持分数线',
  adjustMin: '调整后支持分数线',
  amountThresholdFen: '金额门槛',
  gatePasses: '准予入库的结论',
  month: '月份',
  maxGapPoints: '差距阈值',
  maxRelativeDeviation: '相对偏差阈值',
  minAmountFen: '金额下限',
  decisionWindowWorkingDays: '决策时限',
  pctMin: '调整比例下限',
  pctMax: '调整比例上限',
  action: '处理方式',
};

const LIST_NAMES: Record<string, string> = {
  grades: '等级区间',
  executionCaps: '执行率封顶',
  tiers: '执行率分档',
  aspects: '审核项',
  dimensions: '评估维度',
  frameworks: '评价框架',
  rounds: '监控批次',
  rules: '预警规则',
  floors: '节点',
  linkage: '挂钩规则',
};

/** A form path in words for the problem summary: "运行监控 · 预警规则第 1 条 · 节点第 2 行 · 执行率下限". */
export function describePath(path: string): string {
  if (path === 'note') return FIELD_NAMES.note ?? path;
  const parts = path.split('.');
  const out: string[] = [PROFILE_SECTION_LABELS[sectionOf(path)]];
  for (let i = parts[0] === 'body' ? 2 : 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    const next = parts[i + 1];
    if (LIST_NAMES[p] && next !== undefined && /^\d+$/.test(next)) {
      const unit = p === 'rules' || p === 'linkage' ? '条' : p === 'frameworks' || p === 'aspects' || p === 'dimensions' ? '项' : '行';
      out.push(`${LIST_NAMES[p]}第 ${Number(next) + 1} ${unit}`);
      i++;
    } else if (FIELD_NAMES[p]) {
      out.push(FIELD_NAMES[p]);
    }
  }
  // "等级区间 · 等级区间第 2 行" reads badly: the list name already says the section.
  if (out.length > 1 && out[1]?.startsWith(out[0] ?? '')) out.shift();
  return [...new Set(out)].join(' · ');
}

/** The Chinese name of the field a form path ends in ("body.grades.1.min" → "下限"). */
export function fieldName(path: string): string {
  const parts = path.split('.').filter((p) => !/^\d+$/.test(p));
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i] ?? '';
    if (FIELD_NAMES[p]) return FIELD_NAMES[p];
    if (LIST_NAMES[p]) return LIST_NAMES[p];
  }
  return '此项';
}
