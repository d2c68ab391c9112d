/**
 * 评估要点: short guidance shown beside each dimension of the 事前绩效评估 score grid, from the
 * check points of SPEC §3.2 (one observed scheme, S13). Static text keyed by the dimension codes
 * the shipped rule profiles use; a profile with other codes simply shows no guidance. Where the
 * source shows no sub-items (实施方案可行性, 筹资合规性) the usual points are given as examples.
 */
export interface DimensionGuidance {
  /** 二级 items with their check points. */
  items: { title: string; points: string }[];
}

export const EX_ANTE_GUIDANCE: Record<string, DimensionGuidance> = {
  necessity: {
    items: [
      { title: '明确相关性', points: '立项目的明确、内容具体；与国家和地方规划、决策部署一致，与部门（单位）职责密切相关。' },
      { title: '必要可行性', points: '项目具有唯一性，与其他项目不重复；已开展可行性研究、专家论证、风险评估和集体决策。' },
    ],
  },
  economy: {
    items: [
      { title: '预算科学性', points: '支出内容与部门职责相符；预算明细清晰，测算依据充分。' },
      { title: '经济合理性', points: '遵循厉行节约原则；预算测算有据可依，符合支出标准和定额。' },
    ],
  },
  goalReasonableness: {
    items: [
      { title: '完整性', points: '绩效目标表填报完整，无漏项、错项；总体目标具体，反映项目的主要产出和效果。' },
      { title: '相关性与可衡量性', points: '指标与项目内容、资金量相匹配，尽量量化，可衡量、可考核。' },
    ],
  },
  feasibility: {
    items: [
      { title: '组织与制度', points: '组织机构健全、职责明确；项目管理、资金管理和采购制度完备。' },
      { title: '进度与风险', points: '实施计划和时间安排合理可行；已识别主要风险并有应对措施。' },
    ],
  },
  fundingCompliance: {
    items: [
      { title: '资金来源', points: '筹资渠道合法合规，配套资金已落实；与其他资金不重复安排。' },
      { title: '财政承受能力', points: '符合财政承受能力，不新增隐性债务；债券项目收益与融资能够平衡。' },
    ],
  },
};
