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
