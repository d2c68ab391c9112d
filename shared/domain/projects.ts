/** The four budgets (SPEC §2.2): every project carries one. */
export const BUDGET_TYPES = ['general', 'fund', 'stateCapital', 'socialInsurance'] as const;
export type BudgetType = (typeof BUDGET_TYPES)[number];
export const BUDGET_TYPE_LABELS: Record<BudgetType, string> = {
  general: '一般公共预算',
  fund: '政府性基金预算',
  stateCapital: '国有资本经营预算',
  socialInsurance: '社会保险基金预算',
};

/** Fund tags (multi-select): the categories the seed reports count by. */
export const FUND_TAGS = [
  'direct', 'revitalization', 'specialBond', 'generalBond', 'ppp', 'procurement', 'purchasedServices',
  'investmentFund', 'upperTransfer', 'localSpecial', 'other',
] as const;
export type FundTag = (typeof FUND_TAGS)[number];
export const FUND_TAG_LABELS: Record<FundTag, string> = {
  direct: '直达资金',
  revitalization: '衔接推进乡村振兴补助资金',
  specialBond: '地方政府专项债券',
  generalBond: '一般债券',
  ppp: 'PPP',
  procurement: '政府采购',
  purchasedServices: '政府购买服务',
  investmentFund: '政府投资基金',
  upperTransfer: '上级转移支付',
  localSpecial: '本级专项资金',
  other: '其他',
};

export const OBJECT_TYPES = ['project', 'policy'] as const;
export const OBJECT_TYPE_LABELS: Record<(typeof OBJECT_TYPES)[number], string> = { project: '项目', policy: '政策' };

export const PROJECT_ATTRIBUTES = ['new', 'continuing', 'expiringContinuation'] as const;
export type ProjectAttribute = (typeof PROJECT_ATTRIBUTES)[number];
export const PROJECT_ATTRIBUTE_LABELS: Record<ProjectAttribute, string> = { new: '新增', continuing: '延续', expiringContinuation: '到期拟延续' };

/** Lifecycle: registered → in the project library (入库) → budgeted, or not funded / cancelled. */
export const PROJECT_STATUSES = ['registered', 'inLibrary', 'budgeted', 'notFunded', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  registered: '已登记',
  inLibrary: '已入库',
  budgeted: '已安排预算',
  notFunded: '不予安排',
  cancelled: '已取消',
};
