import type { Role } from '../domain/roles.ts';
import type { OfficeLevel, UnitKind, UnitLevel } from '../domain/office.ts';
import type { ErrorCode } from '../api/result.ts';

/** The zh-CN label catalog: the database stores codes, the UI shows these labels. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  performance: '绩效管理',
  business: '业务股室',
  viewer: '查阅',
  auditor: '审计管理员',
};

export const OFFICE_LEVEL_LABELS: Record<OfficeLevel, string> = {
  county: '县（市、区）',
  prefecture: '市（州）',
  province: '省（自治区）',
};

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  administrative: '行政单位',
  institution: '事业单位',
  other: '其他',
};

export const UNIT_LEVEL_LABELS: Record<UnitLevel, string> = {
  department: '主管部门',
  primary: '一级预算单位',
  secondary: '二级预算单位',
};

export const ERROR_CODE_LABELS: Record<ErrorCode, string> = {
  VALIDATION: '输入有误',
  UNAUTHENTICATED: '请重新登录',
  FORBIDDEN: '无权操作',
  UNKNOWN_METHOD: '未知操作',
  NOT_FOUND: '记录不存在',
  CONFLICT: '数据冲突',
  LOCKED: '账户已锁定',
  IMPORT_INVALID: '文件校验未通过',
  SETUP_REQUIRED: '尚未完成初始化',
  INTERNAL: '系统内部错误',
};

export const YES_NO = { true: '是', false: '否' } as const;

/** Chinese names of API methods, shown in the audit log. */
export const METHOD_LABELS: Record<string, string> = {
  'setup.status': '查询初始化状态',
  'setup.init': '初始化本单位',
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.me': '查询当前用户',
  'auth.changePassword': '修改密码',
  'office.get': '查询本单位信息',
  'office.update': '修改本单位信息',
  'years.list': '查询年度',
  'years.add': '新增年度',
  'years.setCurrent': '设置当前年度',
  'users.list': '查询账户',
  'users.create': '新增账户',
  'users.update': '修改账户',
  'users.setActive': '启用/停用账户',
  'users.resetPassword': '重置密码',
  'users.unlock': '解除锁定',
  'units.tree': '查询单位树',
  'units.create': '新增单位',
  'units.update': '修改单位',
  'units.move': '移动单位',
  'units.setActive': '启用/停用单位',
  'units.template': '下载单位导入模板',
  'units.importPreview': '单位导入预检',
  'units.importCommit': '单位导入',
  'units.export': '导出单位',
  'audit.list': '查询审计日志',
  'audit.verify': '校验审计日志',
  'audit.export': '导出审计日志',
  'backup.list': '查询备份',
  'backup.location': '查询数据位置',
  'backup.create': '立即备份',
  'backup.restore': '从备份恢复',
  'profiles.list': '查询规则方案',
  'profiles.get': '查看规则方案',
  'profiles.forYear': '查询年度规则方案',
  'profiles.copy': '复制规则方案',
  'profiles.save': '修改规则方案',
  'profiles.assignYear': '设置年度规则方案',
  'library.search': '查询指标库',
  'library.create': '新增指标',
  'library.update': '修改指标',
  'library.setRetired': '停用/启用指标',
  'library.template': '下载指标导入模板',
  'library.importPreview': '指标导入预检',
  'library.importCommit': '导入指标',
  'library.export': '导出指标库',
  'projects.list': '查询项目',
  'projects.get': '查看项目',
  'projects.create': '新增项目',
  'projects.update': '修改项目',
  'projects.setStatus': '变更项目状态',
  'projects.template': '下载项目导入模板',
  'projects.importPreview': '项目导入预检',
  'projects.importCommit': '导入项目',
  'projects.export': '导出项目',
  'exAnte.get': '查看事前评估',
  'exAnte.save': '保存事前评估',
  'exAnte.complete': '完成事前评估',
  'exAnte.reopen': '重新事前评估',
  'exAnte.report': '生成事前评估报告',
  'attachments.add': '上传附件',
  'attachments.get': '下载附件',
  'goals.open': '查看绩效目标',
  'goals.create': '新建绩效目标表',
  'goals.get': '查看绩效目标',
  'goals.save': '保存绩效目标',
  'goals.transition': '绩效目标流转',
  'goals.review': '绩效目标审核',
  'goals.adjust': '调整绩效目标',
  'goals.queue': '查询审核队列',
  'goals.exportForm': '导出绩效目标申报表',
  'goals.exportUnitBatch': '批量导出绩效目标申报表',
  'goals.template': '下载绩效目标导入模板',
  'goals.importPreview': '绩效目标导入预检',
  'goals.importCommit': '导入绩效目标',
  'stats.coverage': '查询目标覆盖情况',
  'statistics.overview': '查询统计分析',
  'statistics.drill': '查询统计明细',
  'statistics.exportWorkbook': '导出统计表',
  'statistics.dashboard': '查询首页待办',
  'statistics.getReport': '查看年度工作报告',
  'statistics.saveReport': '保存年度工作报告',
  'statistics.reportDraft': '预览年度工作报告',
  'statistics.exportReport': '生成年度工作报告',
  'monitoring.rounds': '查询监控批次',
  'monitoring.proposeRounds': '查询建议监控批次',
  'monitoring.createRound': '新建监控批次',
  'monitoring.updateRound': '修改监控批次',
  'monitoring.populateRound': '生成监控表',
  'monitoring.keyCandidates': '查询重点监控候选',
  'monitoring.confirmKey': '确定重点监控项目',
  'monitoring.sheets': '查询监控表',
  'monitoring.getSheet': '查看监控表',
  'monitoring.saveSheet': '保存监控表',
  'monitoring.transition': '监控表流转',
  'monitoring.getMapping': '查询执行数导入设置',
  'monitoring.saveMapping': '保存执行数导入设置',
  'monitoring.importExecutionPreview': '执行数导入预检',
  'monitoring.importExecutionCommit': '导入执行数',
  'monitoring.warnings': '查询预警',
  'monitoring.decide': '预警处理',
  'monitoring.exportForm': '导出监控表',
  'monitoring.exportUnitBatch': '批量导出监控表',
  'monitoring.summary': '查询监控汇总',
  'monitoring.causes': '查询偏差原因',
  'monitoring.saveCauses': '修改偏差原因字典',
  'rectifications.list': '查询整改事项',
  'rectifications.update': '更新整改事项',
  'selfEval.list': '查询单位自评',
  'selfEval.populate': '生成自评表',
  'selfEval.get': '查看自评表',
  'selfEval.save': '保存自评表',
  'selfEval.transition': '自评表流转',
  'selfEval.addEvidence': '上传自评证据',
  'selfEval.exportForm': '导出自评表',
  'selfEval.report': '生成自评报告',
  'selfEval.getOutline': '查看自评报告提纲',
  'selfEval.saveOutline': '保存自评报告提纲',
  'selfEval.rescore': '按规则方案重新计算自评得分',
  'recheck.createSample': '新建财政复核抽样',
  'recheck.samples': '查询财政复核抽样',
  'recheck.items': '查询财政复核清单',
  'recheck.get': '查看财政复核',
  'recheck.save': '保存财政复核得分',
  'recheck.complete': '完成财政复核',
  'recheck.exportList': '导出财政复核结果清单',
  'selfEvalCheck.check': '核对单位自评表',
  'rectifications.ledger': '查询整改台账',
  'rectifications.get': '查看整改事项',
  'rectifications.create': '新增整改事项',
  'rectifications.saveLedger': '修改整改台账信息',
  'rectifications.addEvidence': '上传整改佐证材料',
  'rectifications.rates': '查询整改率',
  'rectifications.exportLedger': '导出整改台账',
  'results.linkageList': '查询预算挂钩清单',
  'results.decideLinkage': '确定预算挂钩结果',
  'results.exportLinkage': '导出预算挂钩建议清单',
  'results.exportEvaluationList': '导出绩效评价结果清单',
  'results.disclosures': '查询信息公开登记',
  'results.addDisclosure': '登记信息公开',
  'results.removeDisclosure': '删除信息公开登记',
  'results.disclosureRate': '查询信息公开率',
  'keyEval.list': '评价项目列表',
  'keyEval.create': '新建绩效评价',
  'keyEval.get': '查看绩效评价',
  'keyEval.saveFramework': '修改评价指标体系',
  'keyEval.saveScores': '保存评价评分',
  'keyEval.complete': '完成绩效评价',
  'keyEval.report': '导出绩效评价报告',
  'agencies.list': '第三方机构列表',
  'agencies.save': '保存第三方机构',
  'experts.list': '专家列表',
  'experts.save': '保存专家',
  'assessment.compute': '计算绩效管理工作考核',
  'assessment.get': '查询绩效管理工作考核',
  'assessment.saveManual': '录入考核人工评分',
  'assessment.export': '导出绩效管理工作考核结果',
  'sync.identity': '查询本单位签名密钥',
  'sync.offices': '查询往来单位',
  'sync.saveOffice': '登记往来单位',
  'sync.removeOffice': '删除往来单位',
  'sync.repin': '重新登记往来单位密钥',
  'sync.exportBundle': '导出数据包',
  'sync.verifyBundle': '校验数据包',
  'sync.previewImport': '预览数据包导入',
  'sync.commitImport': '导入数据包',
  'sync.log': '查询数据包记录',
  'sync.submissions': '查询上报处理结果',
  'sync.decideSubmission': '处理下级上报包',
  'assessment.saveItems': '修改考核项目',
  'assessment.publish': '发布绩效管理工作考核结果',
  'assessment.withdraw': '撤回绩效管理工作考核结果',
  'system.login': '登录',
  'system.loginFailed': '登录失败',
  'system.lockout': '账户锁定',
  'system.backup': '备份',
  'system.restore': '恢复',
  'system.migrate': '数据库升级',
};

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  office: '本单位',
  fiscal_year: '年度',
  user: '账户',
  unit: '预算单位',
  backup: '备份',
  session: '会话',
  rule_profile: '规则方案',
  library_entry: '指标库指标',
  project: '项目',
  ex_ante: '事前评估',
  attachment: '附件',
  goal_sheet: '绩效目标表',
  monitoring_round: '监控批次',
  monitoring_sheet: '监控表',
  monitoring_decision: '预警处理',
  rectification: '整改事项',
  setting: '系统设置',
  self_evaluation: '单位自评',
  recheck_sample: '财政复核抽样',
  recheck_item: '财政复核',
  linkage_decision: '预算挂钩',
  disclosure: '信息公开',
  annual_report: '年度工作报告',
  bundle: '数据包',
  peer_office: '往来单位',
  submission: '上报包处理',
};

// ---------------------------------------------------------------- setup, units and import screens

/** What an import would do with one row of the file. */
export const IMPORT_ACTION_LABELS: Record<'add' | 'update' | 'unchanged', string> = {
  add: '新增',
  update: '更新',
  unchanged: '未变化',
};

/** Where a unit row comes from: this office's own data, or another office's bundle (read-only). */
export const UNIT_SOURCE_LABELS = {
  own: '本单位',
  synced: '同步只读',
} as const;

export const UNIT_STATUS_LABELS = {
  active: '启用',
  inactive: '停用',
} as const;

// ---------------------------------------------------------------- system administration screens (accounts, audit log, backups)

/** What each role may do, shown beside the role picker so the administrator assigns it knowingly. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: '账户、备份与系统设置',
  performance: '规则、指标库、审核与评价',
  business: '填报与初审',
  viewer: '只读',
  auditor: '仅查看审计日志',
};

/** Chinese names of the stored fields that appear in audit records' changes (database column names). */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  id: '编号',
  origin: '归属单位',
  username: '用户名',
  display_name: '姓名',
  role: '角色',
  password_hash: '密码',
  active: '启用',
  failed_count: '连续输错次数',
  locked_until: '锁定至',
  last_login_at: '最近登录',
  created_at: '创建时间',
  region_code: '行政区划代码',
  name: '名称',
  level: '级别',
  parent_name: '上级单位名称',
  parent_region_code: '上级单位行政区划代码',
  current_year: '当前年度',
  year: '年度',
  code: '单位编码',
  kind: '单位性质',
  confidential: '涉密',
  parent_id: '上级单位',
  reason: '备份类型',
  size: '文件大小',
  from: '原版本',
  to: '新版本',
  safetyBackup: '恢复前备份',
  file: '文件',
  add: '新增',
  update: '更新',
  unchanged: '未变',
};

// ---- issue 3: project labels (project library, ex-ante assessment, goal coverage screens)

/** 绩效目标表 status; 'none' = the project has no goal sheet yet. */
export const GOAL_STATUS_LABELS: Record<
  'none' | 'draft' | 'submitted' | 'deptApproved' | 'returned' | 'reviewed' | 'approved' | 'published' | 'notFunded',
  string
> = {
  none: '未建立',
  draft: '草稿',
  submitted: '已送审',
  deptApproved: '主管部门已审核',
  returned: '已退回',
  reviewed: '财政已审核',
  approved: '已批复',
  published: '已公开',
  notFunded: '不予安排',
};

/** 事前绩效评估 conclusion (SPEC §3.2, E7). */
export const EX_ANTE_CONCLUSION_LABELS: Record<'support' | 'supportAfterAdjustment' | 'reject', string> = {
  support: '予以支持',
  supportAfterAdjustment: '调整后支持',
  reject: '不予支持',
};

/** 评估方式 (SPEC §3.4). */
export const EX_ANTE_ASSESSOR_LABELS: Record<'self' | 'finance' | 'thirdParty', string> = {
  self: '单位自评估',
  finance: '财政评估',
  thirdParty: '委托第三方评估',
};

export const EX_ANTE_STATUS_LABELS: Record<'draft' | 'completed', string> = {
  draft: '评估中',
  completed: '已完成',
};

/** Short fund-tag names for narrow table cells (the full name is in the tooltip). */
export const FUND_TAG_SHORT_LABELS: Record<
  'direct' | 'revitalization' | 'specialBond' | 'generalBond' | 'ppp' | 'procurement' | 'purchasedServices' | 'investmentFund' | 'upperTransfer' | 'localSpecial' | 'other',
  string
> = {
  direct: '直达资金',
  revitalization: '衔接资金',
  specialBond: '专项债券',
  generalBond: '一般债券',
  ppp: 'PPP',
  procurement: '政府采购',
  purchasedServices: '购买服务',
  investmentFund: '投资基金',
  upperTransfer: '上级转移支付',
  localSpecial: '本级专项',
  other: '其他',
};

/** Short budget-type names for narrow table cells and chart axes (the full name in the tooltip). */
export const BUDGET_TYPE_SHORT_LABELS: Record<'general' | 'fund' | 'stateCapital' | 'socialInsurance', string> = {
  general: '一般公共',
  fund: '政府性基金',
  stateCapital: '国有资本经营',
  socialInsurance: '社保基金',
};

// ---- issue 3: goal labels (goal editor, review queue, unit overall goals)

/** Workflow steps a user triggers on a 绩效目标表 (GoalTransition codes, plus 调整目标). */
export const GOAL_TRANSITION_LABELS: Record<'submit' | 'deptApprove' | 'return' | 'review' | 'approve' | 'publish' | 'adjust', string> = {
  submit: '提交审核',
  deptApprove: '主管部门审核通过',
  return: '退回',
  review: '财政审核',
  approve: '批复',
  publish: '公开',
  adjust: '调整目标',
};

/** Grade of a review total (优/良/中/低/差); the profile decides which grades exist. */
export const GOAL_GRADE_LABELS: Record<'excellent' | 'good' | 'fair' | 'low' | 'poor', string> = {
  excellent: '优',
  good: '良',
  fair: '中',
  low: '低',
  poor: '差',
};

/** What a 绩效目标审核 result does to the budget (SPEC §4.6 R2). */
export const GOAL_REVIEW_ACTION_LABELS: Record<'proceed' | 'proceedAfterFix' | 'revise' | 'notFunded', string> = {
  proceed: '直接安排',
  proceedAfterFix: '修改后安排',
  revise: '退回修改',
  notFunded: '不予安排',
};

export const GOAL_OWNER_TYPE_LABELS: Record<'project' | 'unitOverall', string> = {
  project: '项目',
  unitOverall: '部门整体',
};

/** 指标值类型. */
export const GOAL_VALUE_TYPE_LABELS: Record<'quantitative' | 'qualitative', string> = {
  quantitative: '定量',
  qualitative: '定性',
};

// ---- issue 3: profiles & library labels (规则方案 and 指标库 screens)
// Grades, review actions, ex-ante conclusions and value types are in the blocks above
// (GOAL_GRADE_LABELS, GOAL_REVIEW_ACTION_LABELS, EX_ANTE_CONCLUSION_LABELS, GOAL_VALUE_TYPE_LABELS).

/** Where a rule profile comes from: shipped with the program, this office's own, or from a higher level (read-only). */
export const PROFILE_SOURCE_LABELS: Record<'builtin' | 'own' | 'upper', string> = {
  builtin: '内置',
  own: '本单位',
  upper: '上级下发',
};

/** Indicator template of a profile (SPEC §4.2). */
export const PROFILE_TEMPLATE_LABELS: Record<'A' | 'B', string> = {
  A: '模板 A（88号/10号：成本指标属于产出指标）',
  B: '模板 B（101号：成本指标为一级指标）',
};

/** The sections of a rule profile, as the detail view and the editor name them. */
export const PROFILE_SECTION_LABELS: Record<
  'basic' | 'grades' | 'selfEvaluation' | 'goals' | 'goalReview' | 'exAnte' | 'evaluation' | 'monitoring' | 'linkage',
  string
> = {
  basic: '基本设置',
  grades: '等级区间',
  selfEvaluation: '单位自评',
  goals: '绩效目标',
  goalReview: '目标审核',
  exAnte: '事前评估',
  evaluation: '绩效评价框架',
  monitoring: '运行监控',
  linkage: '预算挂钩',
};

/** Reverse indicators (≤, <) in self-evaluation (SPEC §5.4 Q−). */
export const REVERSE_FORMULA_LABELS: Record<'R1' | 'R2', string> = {
  R1: 'R1：权重×目标值÷实际值',
  R2: 'R2：权重×(1−偏离度)',
};

/** Equality indicators (=) in self-evaluation (SPEC §5.4 Q=). */
export const EQUALITY_MODE_LABELS: Record<'zeroAllOrNothing' | 'symmetric', string> = {
  zeroAllOrNothing: '目标值为 0 时达到得满分、否则不得分，其余按正向指标计分',
  symmetric: '按偏离度对称计分：权重×(1−|实际−目标|÷目标)',
};

export const EXECUTION_SCORING_LABELS: Record<'proportional' | 'tiered', string> = {
  proportional: '按执行率比例计分',
  tiered: '按执行率分档计分',
};

/** 时间进度 in monitoring (SPEC §6.4). */
export const TIME_PROGRESS_LABELS: Record<'months' | 'days', string> = {
  months: '按月计算（截止月份÷12）',
  days: '按日计算（已过天数÷全年天数）',
};

/** 执行率 denominator in monitoring (SPEC §6.4). */
export const EXECUTION_BASE_LABELS: Record<'annualBudget' | 'initialBudget', string> = {
  annualBudget: '全年预算数',
  initialBudget: '年初预算数',
};

export const MONITORING_KIND_LABELS: Record<'self' | 'key', string> = {
  self: '自行监控',
  key: '重点监控',
};

export const WARNING_LEVEL_LABELS: Record<'yellow' | 'red', string> = {
  yellow: '黄色预警',
  red: '红色预警',
};

/** Kinds of monitoring warning rules (SPEC §6.4). */
export const MONITORING_RULE_KIND_LABELS: Record<'nodeFloor' | 'timeGap' | 'targetExecutionGap' | 'qualitativeLight' | 'impossible' | 'keySelection', string> = {
  nodeFloor: '执行进度节点下限',
  timeGap: '时间进度偏差',
  targetExecutionGap: '目标完成与预算执行差距',
  qualitativeLight: '定性指标亮灯',
  impossible: '目标完成可能性',
  keySelection: '重点监控项目筛选',
};

/** Budget linkage of an evaluation grade (SPEC §9.1). */
export const LINKAGE_ACTION_LABELS: Record<'priority' | 'maintain' | 'reduce' | 'cancel', string> = {
  priority: '优先保障',
  maintain: '保障',
  reduce: '压减',
  cancel: '取消',
};

/** How several experts' scores combine in an evaluation. */
export const EXPERT_AGGREGATION_LABELS: Record<'mean' | 'trimmedMean', string> = {
  mean: '算术平均',
  trimmedMean: '去掉一个最高分和一个最低分后平均',
};

/** Where an indicator library entry comes from. */
export const LIBRARY_SOURCE_LABELS: Record<'builtin' | 'own' | 'upper', string> = {
  builtin: '内置',
  own: '本单位',
  upper: '上级',
};

export const LIBRARY_STATUS_LABELS: Record<'active' | 'retired', string> = {
  active: '启用',
  retired: '停用',
};

// ---- issue 4: monitoring output labels (预警与处理, 整改事项, 监控汇总)

/** A warning's rule as the warning list names it (shorter than MONITORING_RULE_KIND_LABELS, which names the profile's rule kinds). */
export const WARNING_RULE_LABELS: Record<'nodeFloor' | 'timeGap' | 'targetExecutionGap' | 'qualitativeLight' | 'impossible', string> = {
  nodeFloor: '执行进度下限',
  timeGap: '时间进度偏差',
  targetExecutionGap: '目标与执行偏差',
  qualitativeLight: '定性指标亮灯',
  // The rule fires on 完全不可能 (at the rule's level) and on 有可能 (yellow), so it is named by what it checks.
  impossible: '目标完成可能性',
};

/** 来源环节 of a rectification item (SPEC §9.2). */
export const RECTIFICATION_SOURCE_LABELS: Record<
  'exAnte' | 'goalReview' | 'monitoring' | 'selfEvaluation' | 'financeRecheck' | 'departmentEvaluation' | 'keyEvaluation' | 'audit',
  string
> = {
  exAnte: '事前评估',
  goalReview: '目标审核',
  monitoring: '绩效监控',
  selfEvaluation: '单位自评',
  financeRecheck: '财政复核',
  departmentEvaluation: '部门评价',
  keyEvaluation: '财政重点评价',
  audit: '审计/巡察',
};

/** 整改状态 (SPEC §9.2); 逾期 is derived on read (not done, past the deadline). */
export const RECTIFICATION_STATUS_LABELS: Record<'open' | 'inProgress' | 'done' | 'waived' | 'overdue', string> = {
  open: '未开始',
  inProgress: '整改中',
  done: '已完成',
  waived: '不予整改',
  overdue: '逾期',
};

/** 问题类别 of a rectification item (SPEC §9.2). */
export const RECTIFICATION_CATEGORY_LABELS: Record<'decision' | 'funds' | 'implementation' | 'output' | 'benefit' | 'goalSetting' | 'disclosure' | 'other', string> = {
  decision: '决策',
  funds: '资金管理',
  implementation: '组织实施',
  output: '产出',
  benefit: '效益',
  goalSetting: '目标设置',
  disclosure: '信息公开',
  other: '其他',
};

// ---- issue 4: monitoring entry labels
/** 监控对象 of a round (SPEC §6.3 task-level fields). */
export const MONITORING_OBJECT_TYPE_LABELS: Record<'project' | 'unitOverall', string> = {
  project: '项目',
  unitOverall: '部门整体',
};

export const MONITORING_ROUND_STATUS_LABELS: Record<'open' | 'closed', string> = {
  open: '进行中',
  closed: '已关闭',
};

/** 监控表 status: filled in by the unit (via 业务股室), accepted by the finance bureau. */
export const MONITORING_SHEET_STATUS_LABELS: Record<'draft' | 'submitted' | 'returned' | 'accepted', string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  accepted: '已审核',
};

export const MONITORING_TRANSITION_LABELS: Record<'submit' | 'return' | 'accept', string> = {
  submit: '提交',
  return: '退回',
  accept: '审核通过',
};

/** The unit of the amounts in a budget-system execution export. */
export const EXECUTION_AMOUNT_UNIT_LABELS: Record<'yuan' | 'wan', string> = {
  yuan: '元',
  wan: '万元',
};

// ---- issue 5: self-evaluation labels
/** 单位自评 status: filled in by the unit (via 业务股室), approved by the 主管部门, accepted by 财政. */
export const SELF_EVAL_STATUS_LABELS: Record<'draft' | 'submitted' | 'deptApproved' | 'returned' | 'accepted', string> = {
  draft: '草稿',
  submitted: '已提交',
  deptApproved: '主管部门已审核',
  returned: '已退回',
  accepted: '财政已验收',
};

export const SELF_EVAL_TRANSITION_LABELS: Record<'submit' | 'deptApprove' | 'accept' | 'return', string> = {
  submit: '提交',
  deptApprove: '主管部门审核通过',
  accept: '财政验收',
  return: '退回',
};

export const SELF_EVAL_OWNER_LABELS: Record<'project' | 'unitOverall', string> = {
  project: '项目支出',
  unitOverall: '部门整体支出',
};

/** How an indicator's 得分 was computed (shared/rules/selfEvaluation.ts ScoreMethod). */
export const SELF_EVAL_METHOD_LABELS: Record<'positive' | 'reverseR1' | 'reverseR2' | 'equalityZero' | 'equality' | 'equalitySymmetric' | 'qualitative' | 'notApplicable', string> = {
  positive: '正向',
  reverseR1: '反向（R1）',
  reverseR2: '反向（R2）',
  equalityZero: '等于零',
  equality: '等于',
  equalitySymmetric: '等于（对称）',
  qualitative: '定性',
  notApplicable: '不适用',
};

export const SELF_EVAL_FLAG_LABELS: Record<'overCompletion' | 'explanationRequired' | 'penalty' | 'deduction', string> = {
  overCompletion: '超额完成',
  explanationRequired: '须说明偏差原因',
  penalty: '超目标扣分',
  deduction: '超额扣减',
};

// ---- 财政复核 (issue 5 item 2) ----------------------------------------------------------------

/** Why a self-evaluation was sampled for 财政复核 (shared/rules/recheckSample.ts RecheckReason). */
export const RECHECK_REASON_LABELS: Record<'largestAmount' | 'redWarning' | 'lowScore' | 'random' | 'amountShare', string> = {
  largestAmount: '金额较大',
  redWarning: '监控红色预警',
  lowScore: '自评低分',
  random: '随机抽取',
  amountShare: '金额占比补足',
};

export const RECHECK_STATUS_LABELS: Record<'pending' | 'done', string> = {
  pending: '待复核',
  done: '已完成',
};

// ---------------------------------------------------------------- 核对单位自评表 (issue 5 item 6: selfEvalCheck)

/** Layouts of filled 自评表 the check reads (shared/rules/selfEvalLayouts.ts). */
export const SELF_EVAL_LAYOUT_LABELS: Record<'national' | 'execution20' | 'sichuan' | 'chongqingUnit' | 'noExecution', string> = {
  national: '全国通用格式（预算执行率 10 分 + 绩效指标 90 分）',
  execution20: '湖北、云南格式（预算执行率 20 分 + 绩效指标 80 分）',
  sichuan: '四川格式（预算执行率 + 绩效指标 90 分，含指标性质、度量单位、权重）',
  chongqingUnit: '重庆部门整体格式（指标权重 × 得分系数，含核心指标）',
  noExecution: '不含预算执行率的格式（仅产出、效益、满意度指标）',
};

/** Why a unit's figure differs from the app's. */
export const SELF_EVAL_DIFF_REASON_LABELS: Record<
  | 'rounding' | 'truncation' | 'fullMarksMissed' | 'reverseFormula' | 'executionLeftOut' | 'totalSum' | 'weightSum'
  | 'qualitativeBand' | 'rateBase' | 'missing' | 'carried' | 'cap' | 'other',
  string
> = {
  rounding: '取整',
  truncation: '截断',
  fullMarksMissed: '未达标却给满分',
  reverseFormula: '反向指标公式不同',
  executionLeftOut: '执行率得分未计入总分',
  totalSum: '总分加总错误',
  weightSum: '分值之和不为100',
  qualitativeBand: '定性指标得分超出区间',
  rateBase: '执行率口径不同',
  missing: '单位未填写',
  carried: '由各项得分差异导致',
  cap: '未按执行率封顶',
  other: '其他',
};

/** Which figure of the table a difference is about. */
export const SELF_EVAL_DIFF_FIELD_LABELS: Record<'score' | 'executionRate' | 'executionScore' | 'total' | 'weightSum', string> = {
  score: '指标得分',
  executionRate: '预算执行率',
  executionScore: '预算执行率得分',
  total: '总分',
  weightSum: '分值合计',
};


// ---- issue 5: use of results labels (整改台账, 预算挂钩, 信息公开)

/** Where the grade a budget-linkage suggestion rests on comes from (SPEC §9.1). */
export const LINKAGE_GRADE_SOURCE_LABELS: Record<'selfEvaluation' | 'recheck' | 'keyEvaluation', string> = {
  selfEvaluation: '单位自评（财政验收）',
  recheck: '财政复核',
  keyEvaluation: '财政重点评价',
};

/** What a disclosure register entry published (SPEC §9.3). */
export const DISCLOSURE_OBJECT_LABELS: Record<'goalSheet' | 'selfEvaluation' | 'evaluationReport' | 'unitOverall', string> = {
  goalSheet: '绩效目标表',
  selfEvaluation: '绩效自评结果',
  evaluationReport: '绩效评价报告',
  unitOverall: '部门整体绩效情况',
};

/** How it was published. */
export const DISCLOSURE_CHANNEL_LABELS: Record<'website' | 'notice' | 'withBudget' | 'withFinalAccounts', string> = {
  website: '门户网站',
  notice: '公告/公示',
  withBudget: '随部门预算公开',
  withFinalAccounts: '随部门决算公开',
};

// ---- 部门评价 / 财政重点评价 (issue 5 item 3) ----

export const KEY_EVAL_KIND_LABELS: Record<'department' | 'finance', string> = {
  department: '部门评价',
  finance: '财政重点评价',
};

export const KEY_EVAL_OBJECT_TYPE_LABELS: Record<'project' | 'policy' | 'unitOverall', string> = {
  project: '项目',
  policy: '政策',
  unitOverall: '部门（单位）整体',
};

export const KEY_EVAL_EVALUATOR_LABELS: Record<'finance' | 'department' | 'thirdParty', string> = {
  finance: '财政部门',
  department: '主管部门',
  thirdParty: '第三方机构',
};

/** Level-1 dimensions of the evaluation framework (SPEC §5.7). */
export const KEY_EVAL_LEVEL1_LABELS: Record<'decision' | 'process' | 'output' | 'benefit', string> = {
  decision: '决策',
  process: '过程',
  output: '产出',
  benefit: '效益',
};

export const KEY_EVAL_METHOD_LABELS: Record<'quantitative' | 'elements' | 'deduction' | 'grade' | 'survey', string> = {
  quantitative: '定量比例',
  elements: '要素计分',
  deduction: '扣分制',
  grade: '等级计分',
  survey: '问卷',
};

export const KEY_EVAL_STATUS_LABELS: Record<'draft' | 'completed', string> = {
  draft: '评价中',
  completed: '已完成',
};

export const KEY_EVAL_AGGREGATION_LABELS: Record<'mean' | 'trimmedMean', string> = {
  mean: '算术平均',
  trimmedMean: '去掉一个最高分和一个最低分后平均',
};


// ---- issue 5: 绩效管理工作考核 labels (SPEC §9.4)

/** Where a score of the assessment comes from. */
export const ASSESSMENT_SOURCE_LABELS: Record<'auto' | 'manual', string> = {
  auto: '自动',
  manual: '人工',
};

// ---- issue 6: sync bundles (数据包) ----

/**
 * Chinese names of the tables a sync bundle carries (electron/backend/sync/tables.ts takes its
 * labels from here, the sync screens too), plus `attachment_blobs` for the attachment files a
 * bundle's row counts name. An unknown table shows its own name.
 */
export const BUNDLE_TABLE_LABELS = {
  units: '预算单位',
  rule_profiles: '规则方案',
  rule_profile_versions: '规则方案版本',
  library_entries: '指标库',
  agencies: '第三方机构',
  experts: '专家',
  projects: '项目',
  project_tags: '项目资金性质',
  ex_ante_assessments: '事前绩效评估',
  ex_ante_scores: '事前评估专家评分',
  goal_sheets: '绩效目标表',
  goal_indicators: '绩效指标',
  goal_events: '目标流转记录',
  goal_reviews: '目标审核',
  goal_adjustments: '目标调整',
  monitoring_rounds: '监控批次',
  monitoring_sheets: '监控表',
  monitoring_values: '监控指标数据',
  monitoring_events: '监控流转记录',
  monitoring_warnings: '监控预警',
  rectifications: '整改事项',
  monitoring_decisions: '预警处理',
  self_evaluations: '单位自评',
  self_eval_rows: '自评指标',
  self_eval_events: '自评流转记录',
  attachments: '附件',
  self_eval_evidence: '自评佐证材料',
  recheck_samples: '财政复核抽样',
  recheck_items: '复核对象',
  recheck_rows: '复核评分',
  linkage_decisions: '预算挂钩',
  disclosures: '信息公开',
  key_evaluations: '部门及重点评价',
  key_eval_items: '重点评价指标',
  key_eval_scores: '重点评价评分',
  assessment_tables: '绩效管理考核',
  assessment_scores: '考核评分',
  assessment_events: '考核发布记录',
  submissions: '上报处理结果',
  attachment_blobs: '附件文件',
} as const satisfies Record<string, string>;

export type BundleTableName = Exclude<keyof typeof BUNDLE_TABLE_LABELS, 'attachment_blobs'>;

/** The Chinese name of a bundle table (or of `attachment_blobs`); an unknown table shows its own name. */
export const bundleTableLabel = (table: string): string => (BUNDLE_TABLE_LABELS as Record<string, string>)[table] ?? table;
