import type { Role } from '../../../shared/domain/roles.ts';

export interface NavItem {
  path: string;
  label: string;
  roles: readonly Role[];
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

const ALL_BUSINESS: readonly Role[] = ['admin', 'performance', 'business', 'viewer'];

/** Navigation by the stages of the loop; later stages join as they are built. */
export const NAV: NavGroup[] = [
  {
    label: '工作台',
    items: [
      { path: '/', label: '首页', roles: ALL_BUSINESS },
      { path: '/stats', label: '统计分析', roles: ALL_BUSINESS },
      { path: '/stats/report', label: '年度工作报告', roles: ALL_BUSINESS },
    ],
  },
  {
    label: '事前评估与绩效目标',
    items: [
      { path: '/projects', label: '项目库', roles: ALL_BUSINESS },
      { path: '/goals/units', label: '部门整体目标', roles: ALL_BUSINESS },
      { path: '/goals/queue', label: '目标审核', roles: ['performance', 'business', 'viewer'] },
      { path: '/coverage', label: '目标覆盖情况', roles: ALL_BUSINESS },
    ],
  },
  {
    label: '绩效运行监控',
    items: [
      { path: '/monitoring', label: '监控批次', roles: ALL_BUSINESS },
      { path: '/monitoring/warnings', label: '预警与处理', roles: ALL_BUSINESS },
      { path: '/rectifications', label: '整改事项', roles: ALL_BUSINESS },
      { path: '/monitoring/summary', label: '监控汇总', roles: ALL_BUSINESS },
    ],
  },
  {
    label: '绩效评价',
    items: [
      { path: '/evaluation/self', label: '单位自评', roles: ALL_BUSINESS },
      { path: '/evaluation/recheck', label: '财政复核', roles: ALL_BUSINESS },
      { path: '/evaluation/key', label: '部门及重点评价', roles: ALL_BUSINESS },
    ],
  },
  {
    label: '结果应用',
    items: [
      { path: '/results/linkage', label: '预算挂钩', roles: ALL_BUSINESS },
      { path: '/results/disclosure', label: '信息公开', roles: ALL_BUSINESS },
      { path: '/results/assessment', label: '绩效管理考核', roles: ALL_BUSINESS },
    ],
  },
  {
    label: '基础数据',
    items: [
      { path: '/units', label: '预算单位', roles: ALL_BUSINESS },
      { path: '/library', label: '指标库', roles: ALL_BUSINESS },
      { path: '/years', label: '年度管理', roles: ['admin', 'performance'] },
      { path: '/office', label: '本单位信息', roles: ALL_BUSINESS },
    ],
  },
  {
    label: '上下级同步',
    items: [
      { path: '/sync', label: '同步与上报', roles: ALL_BUSINESS },
      { path: '/sync/offices', label: '下级单位数据', roles: ALL_BUSINESS },
    ],
  },
  {
    label: '系统管理',
    items: [
      { path: '/profiles', label: '规则方案', roles: ['admin', 'performance', 'business', 'viewer'] },
      { path: '/users', label: '账户管理', roles: ['admin'] },
      { path: '/backups', label: '备份与恢复', roles: ['admin'] },
    ],
  },
  { label: '安全审计', items: [{ path: '/audit', label: '审计日志', roles: ['auditor'] }] },
];

export function visibleNav(role: Role): NavGroup[] {
  return NAV.map((g) => ({ ...g, items: g.items.filter((i) => i.roles.includes(role)) })).filter((g) => g.items.length > 0);
}

/** The first page a role may open (the auditor lands on the audit log). */
export function homeFor(role: Role): string {
  return visibleNav(role)[0]?.items[0]?.path ?? '/';
}

/** Detail routes (#/projects/<id>) belong to their list's nav item. */
export function navPathOf(path: string): string {
  const detail = /^(\/projects)\/[^/]+$/.exec(path) ?? /^(\/monitoring)\/(?:rounds|sheets)\/[^/]+$/.exec(path) ?? /^(\/evaluation\/self)\/[^/]+$/.exec(path);
  return detail?.[1] ?? path;
}

export function canOpen(role: Role, path: string): boolean {
  const base = navPathOf(path);
  return NAV.some((g) => g.items.some((i) => i.path === base && i.roles.includes(role)));
}
