import { FRAMEWORK, LEVEL1, LEVEL2, fitsFramework, type Level1Code, type Level2Code, type Operator } from '../domain/indicators.ts';
import type { RuleProfileBody } from '../domain/ruleProfile.ts';

export interface GoalIndicatorDraft {
  level1: Level1Code;
  level2: Level2Code;
  name: string;
  valueType: 'quantitative' | 'qualitative';
  operator: Operator;
  targetText: string;
  targetValue: number | null;
  unit: string;
}

export interface GoalSheetDraft {
  ownerType: 'project' | 'unitOverall';
  annualGoal: string;
  midTermGoal: string;
  unitDuties: string;
  /** Multi-year projects also need a mid-term goal (SPEC T4). */
  multiYear: boolean;
  indicators: GoalIndicatorDraft[];
}

export interface GoalProblem {
  /** Index of the indicator row, or null for the sheet. */
  row: number | null;
  field: string;
  message: string;
}

export interface GoalCheck {
  errors: GoalProblem[];
  warnings: GoalProblem[];
}

/** Words that make a quantitative indicator unmeasurable (SPEC V6). */
const VAGUE_WORDS = ['有效提升', '明显改善', '进一步', '大幅', '显著', '不断', '逐步', '积极'];
/** Output rows that only count money going out are inputs, not targets (SPEC V4). */
const INPUT_PATTERNS = [/资金(到位|拨付|支付|下达)/, /(经费|资金|预算)(支出|使用)(额|金额|数)/, /^(资金|经费|预算)(金额|总额|规模)/, /支出(进度|金额)/];

/**
 * V1–V6 of SPEC §4.3, with the counts the profile makes configurable. Errors block submission;
 * warnings are shown to the unit and the reviewer.
 */
export function checkGoalSheet(profile: RuleProfileBody, sheet: GoalSheetDraft): GoalCheck {
  const errors: GoalProblem[] = [];
  const warnings: GoalProblem[] = [];
  const g = profile.goals;
  const template = profile.template;
  const other = template === 'A' ? 'B' : 'A';

  if (!sheet.annualGoal.trim()) errors.push({ row: null, field: 'annualGoal', message: '请填写年度总体目标' });
  if (sheet.multiYear && !sheet.midTermGoal.trim()) errors.push({ row: null, field: 'midTermGoal', message: '跨年度项目请填写中长期目标' });
  if (sheet.ownerType === 'unitOverall' && !sheet.unitDuties.trim()) errors.push({ row: null, field: 'unitDuties', message: '请填写部门（单位）职责' });

  const names = new Map<string, number>();
  sheet.indicators.forEach((ind, row) => {
    const name = ind.name.trim();
    if (!name) errors.push({ row, field: 'name', message: `第 ${row + 1} 个指标缺少三级指标名称` });
    const label = name || `第 ${row + 1} 个指标`;
    if (name) {
      const first = names.get(name);
      if (first !== undefined) errors.push({ row, field: 'name', message: `指标“${name}”与第 ${first + 1} 个指标重复` });
      else names.set(name, row);
    }
    if (!fitsFramework(template, ind.level1, ind.level2)) {
      if (fitsFramework(other, ind.level1, ind.level2)) {
        warnings.push({ row, field: 'level2', message: `“${label}”的“${LEVEL1[ind.level1]} → ${LEVEL2[ind.level2]}”属于模板 ${other}，与本年度规则方案的模板 ${template} 不一致` });
      } else {
        errors.push({ row, field: 'level2', message: `“${label}”的二级指标“${LEVEL2[ind.level2]}”不属于一级指标“${LEVEL1[ind.level1]}”` });
      }
    }
    // V1: quantitative rows compare a number; qualitative rows carry text.
    if (ind.valueType === 'quantitative') {
      if (ind.operator === 'qualitative') errors.push({ row, field: 'operator', message: `“${label}”是定量指标，应选择 ≥、≤、=、>、< 之一` });
      if (ind.targetValue === null || Number.isNaN(ind.targetValue)) errors.push({ row, field: 'targetText', message: `“${label}”是定量指标，指标值应为数值（如“≥95%”）` });
      if (!ind.unit.trim()) warnings.push({ row, field: 'unit', message: `“${label}”缺少计量单位` });
      const vague = VAGUE_WORDS.find((w) => name.includes(w));
      if (vague) warnings.push({ row, field: 'name', message: `“${label}”含有模糊用语“${vague}”，定量指标应可衡量` });
    } else {
      if (ind.operator !== 'qualitative') errors.push({ row, field: 'operator', message: `“${label}”是定性指标，性质应为“定性”` });
      if (!ind.targetText.trim()) errors.push({ row, field: 'targetText', message: `“${label}”缺少定性指标值（如“达到预期”）` });
    }
    // V6: the third level must say more than the second.
    if (name && (name === LEVEL2[ind.level2] || `${name}指标` === LEVEL2[ind.level2])) {
      errors.push({ row, field: 'name', message: `三级指标名称“${name}”不能与二级指标名称相同` });
    }
    if (g.warnInputIndicators && ind.level1 === 'output' && INPUT_PATTERNS.some((re) => re.test(name))) {
      warnings.push({ row, field: 'name', message: `“${label}”衡量的是资金投入，不宜作为产出目标（投入不是绩效目标）` });
    }
  });

  // V2/V3: coverage of the level-1 dimensions and the minimum counts.
  const count = (l1: Level1Code) => sheet.indicators.filter((i) => i.level1 === l1).length;
  const required: Level1Code[] = ['output', 'benefit', 'satisfaction'];
  for (const l1 of required) {
    if (count(l1) < Math.max(1, g.minPerLevel1)) errors.push({ row: null, field: 'indicators', message: `至少需要 ${Math.max(1, g.minPerLevel1)} 个${LEVEL1[l1]}` });
  }
  const hasCost = sheet.indicators.some((i) => i.level1 === 'cost' || i.level2 === 'costOutput');
  if (g.requireCostIndicator && !hasCost) errors.push({ row: null, field: 'indicators', message: '至少需要 1 个成本指标' });
  if (sheet.indicators.length < g.minIndicators) errors.push({ row: null, field: 'indicators', message: `绩效指标总数不得少于 ${g.minIndicators} 个，当前 ${sheet.indicators.length} 个` });
  const outputs = sheet.indicators.filter((i) => i.level1 === 'output');
  if (outputs.length > 0 && outputs.every((i) => INPUT_PATTERNS.some((re) => re.test(i.name)))) {
    warnings.push({ row: null, field: 'indicators', message: '产出指标全部是资金投入类指标，请补充反映实际产出的数量、质量或时效指标' });
  }
  return { errors, warnings };
}

/** The level-2 options under a level-1 for the profile's template. */
export function level2Options(template: 'A' | 'B', level1: Level1Code): Level2Code[] {
  return FRAMEWORK[template].find((n) => n.level1 === level1)?.level2 ?? [];
}
