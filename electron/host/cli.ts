import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Backend } from '../backend/backend.ts';
import { defaultDataDir } from '../backend/paths.ts';
import type { ErrorDetail, Result } from '../../shared/api/result.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.ts';
import type { SessionDto } from '../../shared/api/dto.ts';
import type { CoverageCell, CoverageDto } from '../../shared/api/dtoGoals.ts';
import type { ExecutionMappingDto, MonitoringRoundDto, MonitoringWarningDto } from '../../shared/api/dtoMonitoring.ts';
import type { SelfEvalCheckDto } from '../../shared/api/dtoSelfEvalCheck.ts';
import { BUDGET_TYPE_LABELS, FUND_TAG_LABELS } from '../../shared/domain/projects.ts';
import {
  EXECUTION_AMOUNT_UNIT_LABELS, EX_ANTE_CONCLUSION_LABELS, GOAL_GRADE_LABELS, GOAL_STATUS_LABELS, WARNING_LEVEL_LABELS, WARNING_RULE_LABELS,
} from '../../shared/i18n/zh-CN.ts';
import { formatWan } from '../../shared/rules/money.ts';
import { percent } from '../../shared/rules/rounding.ts';
import { startHost } from './http.ts';
import type { CliCommand, CliEnv, CliIo } from './cliTypes.ts';
import { syncCommands, syncOptions, syncHelp } from './cliSync.ts';
import { statsCommands, statsOptions, statsHelp } from './cliStats.ts';

const EXTRA_COMMANDS: Record<string, CliCommand> = { ...syncCommands, ...statsCommands };

const HELP = `预算绩效工作台 命令行 (Budget Performance Desk CLI)

用法: npm run cli -- <命令> [选项]

命令:
  serve [--port N]                      启动浏览器宿主（仅 127.0.0.1）
  init --region <6位代码> --name <单位名称> --level county|prefecture|province
       [--parent-name <上级名称> --parent-code <上级代码>]
       --admin <用户名> --admin-name <姓名> --password <密码> --year <年度>
                                        非交互创建本单位数据库和首个管理员
  units import <文件.xlsx>              导入预算单位（先校验，全部通过才写入）
  projects import <文件.xlsx> --year <年度>
                                        导入年度项目清单（先校验，全部通过才写入）
  goals import <文件.xlsx> --year <年度>
                                        导入绩效目标：文件中的项目按文件整体替换目标和指标
                                        （先校验，全部通过才写入）
  goals export-form --project <项目编码> [--year <年度>] --out <文件.xlsx>
                                        导出项目支出绩效目标申报表（年度默认为当前年度）
  coverage --year <年度> [--json]       查看绩效目标覆盖情况（项目、单位、金额，
                                        按预算类型、资金性质、目标状态）
  monitoring import-execution <文件.xlsx> --round <批次编号>
       [--code-header <项目编码列> --amount-header <执行数列> --unit yuan|wan]
                                        导入 1–N 月执行数（预算管理一体化系统导出的 Excel；
                                        未指定的列名和金额单位取本单位保存的执行数导入设置；
                                        先校验，全部通过才写入，随后重新计算预警）
  monitoring warnings --round <批次编号> [--json]
                                        列出监控批次的全部预警（级别、规则、数值和预警信息）
  selfeval check <自评表.xlsx> [--profile <方案编号或代码>] [--json]
                                        核对单位填报的绩效自评表：识别表格格式（全国通用、
                                        湖北/云南 20+80、四川、重庆部门整体、不含执行率），
                                        按规则方案重新计算每项得分和总分，列出与单位所填
                                        数字的差异及原因（方案默认为当前年度的方案）。
                                        退出码：0 无差异，3 有差异或无法读取的单元格，1 出错
  backup                                立即备份数据库
  restore <备份文件>                    从备份恢复（恢复前先备份当前数据库）
${syncHelp}${statsHelp}
通用选项:
  --db <路径>          数据库文件（默认：用户数据目录下的 office.sqlite）
  --data-dir <目录>    数据目录
  --user <用户名>      登录用户（也可用环境变量 BPD_USER）
  --password <密码>    登录密码（也可用环境变量 BPD_PASSWORD）
  --json               以 JSON 输出结果
`;

export class CliError extends Error {}

/** Terminal width of text: CJK and full-width characters take two columns. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

/**
 * A plain-text table, two spaces apart: the first `leftColumns` columns left-aligned (names,
 * texts), the rest right-aligned (numbers).
 */
function textTable(header: string[], rows: string[][], leftColumns = 1): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => displayWidth(r[c] ?? ''))));
  const pad = (text: string, c: number) => {
    const fill = ' '.repeat((widths[c] ?? 0) - displayWidth(text));
    return c < leftColumns ? text + fill : fill + text;
  };
  return all.map((r) => `  ${r.map((cell, c) => pad(cell, c)).join('  ')}`.trimEnd());
}

const pct = (num: number, den: number) => {
  const p = percent(num, den);
  return p === null ? '—' : `${p.toFixed(2)}%`;
};

/** The coverage summary as the CLI prints it (Chinese, amounts in 万元). */
export function coverageText(c: CoverageDto): string {
  const cellRow = (label: string, x: CoverageCell) => [
    label, String(x.count), String(x.covered), pct(x.covered, x.count), formatWan(x.amountFen), formatWan(x.coveredAmountFen), pct(x.coveredAmountFen, x.amountFen),
  ];
  const cellHeader = (first: string) => [first, '项目数', '已覆盖', '覆盖率', '全年预算（万元）', '已覆盖金额（万元）', '金额覆盖率'];
  const line = (label: string, x: CoverageCell) =>
    `${label}：已覆盖 ${x.covered} / ${x.count} 个（${pct(x.covered, x.count)}），金额 ${formatWan(x.coveredAmountFen)} / ${formatWan(x.amountFen)} 万元（${pct(x.coveredAmountFen, x.amountFen)}）`;
  const e = c.exAnte;
  return [
    `${c.year} 年度绩效目标覆盖情况（目标已批复或已公开视为已覆盖）`,
    '',
    line('项目', c.projects),
    `单位：已覆盖 ${c.units.covered} / ${c.units.count} 个（${pct(c.units.covered, c.units.count)}）`,
    line('年中追加项目', c.midYearAdditions),
    '',
    '按预算类型',
    ...textTable(cellHeader('预算类型'), c.byBudgetType.map((b) => cellRow(BUDGET_TYPE_LABELS[b.budgetType], b))),
    '',
    '按资金性质（一个项目可计入多个资金性质）',
    ...textTable(cellHeader('资金性质'), c.byTag.filter((t) => t.count > 0).map((t) => cellRow(FUND_TAG_LABELS[t.tag], t))),
    '',
    '按目标状态',
    ...textTable(['目标状态', '项目数', '全年预算（万元）'], c.byStatus.map((s) => [GOAL_STATUS_LABELS[s.status], String(s.count), formatWan(s.amountFen)])),
    '',
    `事前绩效评估：应评估 ${e.required} 个，已完成 ${e.completed} 个（${EX_ANTE_CONCLUSION_LABELS.support} ${e.support} 个，${EX_ANTE_CONCLUSION_LABELS.supportAfterAdjustment} ${e.adjust} 个，${EX_ANTE_CONCLUSION_LABELS.reject} ${e.reject} 个）`,
  ].join('\n');
}

const RULE_LABELS: Record<string, string> = WARNING_RULE_LABELS;
/** --unit as typed: the codes or their Chinese words. */
const AMOUNT_UNIT_WORDS: Record<string, 'yuan' | 'wan'> = { yuan: 'yuan', 元: 'yuan', wan: 'wan', 万元: 'wan' };

/** A round's warnings as the CLI prints them: a count line, then one row per warning (Chinese). */
export function warningsText(round: Pick<MonitoringRoundDto, 'title'>, warnings: readonly MonitoringWarningDto[]): string {
  const red = warnings.filter((w) => w.level === 'red').length;
  const head = `${round.title}：共 ${warnings.length} 条预警（${WARNING_LEVEL_LABELS.red} ${red} 条，${WARNING_LEVEL_LABELS.yellow} ${warnings.length - red} 条）`;
  if (warnings.length === 0) return head;
  const rows = warnings.map((w) => [
    w.unitName, w.projectCode ?? '—', w.title, WARNING_LEVEL_LABELS[w.level], RULE_LABELS[w.rule] ?? w.rule, w.message, w.decided ? '已处理' : '未处理',
  ]);
  return [head, '', ...textTable(['单位', '项目编码', '项目名称', '预警级别', '预警规则', '预警信息', '处理情况'], rows, 7)].join('\n');
}

const num2 = (n: number | null) => (n === null ? '—' : n.toFixed(2));
/** Weights as people write them: 15, 16.67. */
const points = (n: number | null) => (n === null ? '—' : String(Number(n.toFixed(2))));
const signed = (n: number | null) => (n === null ? '—' : `${n > 0 ? '+' : ''}${n.toFixed(2)}`);

/** Exit code of `selfeval check`: 0 the unit's figures agree, 3 differences or unreadable cells. */
export const SELF_EVAL_CHECK_DIFFERENT = 3;

/** A self-evaluation check as the CLI prints it (Chinese): the rows with both scores, then every difference. */
export function selfEvalCheckText(c: SelfEvalCheckDto): string {
  const lines = [
    `核对单位自评表：${c.fileName}（工作表“${c.sheet}”）`,
    `表格格式：${c.layout.name}`,
    `金额单位：${EXECUTION_AMOUNT_UNIT_LABELS[c.amountUnit]}（依据：${c.amountUnitSource}）`,
    `规则方案：${c.profile.name}（第 ${c.profile.version} 版），按本表分值计算：预算执行率 ${points(c.executionWeight)} 分，分值合计 ${points(c.weightTotal)} 分`,
    ...c.notes.map((n) => `说明：${n}`),
  ];
  const e = c.execution;
  if (e) {
    lines.push(
      '',
      `预算执行（第 ${e.row} 行）：预算数 ${formatWan(e.budgetFen)} 万元，执行数 ${formatWan(e.executedFen)} 万元，执行率 ${e.rate === null ? '—' : `${e.rate.toFixed(2)}%`}` +
        `（单位填 ${e.unitRate === null ? '—' : `${e.unitRate.toFixed(2)}%`}）`,
      `  预算执行率得分：单位 ${num2(e.unitScore)}，系统 ${num2(e.appScore)}（${e.explanation}）`,
    );
  }
  lines.push('', '指标得分');
  lines.push(...textTable(
    ['行', '一级指标', '三级指标', '年度指标值', '实际完成值', '差异原因', '分值', '单位得分', '系统得分', '差额'],
    c.rows.map((r) => [
      String(r.row), r.level1, r.name, r.target, r.actual, r.reasons.join('、') || '—', `${points(r.weight)}${r.weightDistributed ? '*' : ''}`,
      num2(r.unitScore), num2(r.appScore), r.diff === null || r.diff === 0 ? '' : signed(r.diff),
    ]),
    6,
  ));
  if (c.rows.some((r) => r.weightDistributed)) lines.push('  * 表中没有逐项分值，系统按说明分配');
  const grade = (g: SelfEvalCheckDto['appGrade'] | null) => (g ? `，${GOAL_GRADE_LABELS[g]}` : '');
  lines.push('', `总分：单位 ${num2(c.unitTotal)}${grade(c.unitGrade)}；系统 ${num2(c.appTotal)}${grade(c.appGrade)}`);
  for (const n of c.appTotalNotes) lines.push(`  ${n}`);
  lines.push('');
  if (c.differences.length === 0) lines.push('单位所填数字与系统计算一致，没有差异。');
  else {
    lines.push(`差异 ${c.differences.length} 处：`);
    for (const d of c.differences) {
      const where = d.row === null ? '' : `第 ${d.row} 行 `;
      lines.push(`  ${where}${d.fieldLabel}${d.field === 'score' ? `“${d.name}”` : ''}：单位 ${num2(d.unit)}，系统 ${num2(d.app)} —— ${d.reason}。${d.message}`);
    }
  }
  if (c.errors.length) {
    lines.push('', `无法读取的单元格 ${c.errors.length} 处（所在指标未计分）：`);
    for (const d of c.errors) lines.push(`  - 第 ${d.row ?? '—'} 行${d.column ? ` ${d.column} 列` : ''}${d.field ? `（${d.field}）` : ''}：${d.message}`);
  }
  return lines.join('\n');
}

type Io = CliIo;

function unwrap<T>(r: Result<T>, what: string): T {
  if (r.ok) return r.data;
  const lines = [`${what}失败：${r.error.message}`];
  for (const d of r.error.details ?? []) {
    const where = [d.sheet && `工作表“${d.sheet}”`, d.row && `第 ${d.row} 行`, d.column && `${d.column} 列`, d.field && !d.sheet && `字段“${d.field}”`]
      .filter(Boolean)
      .join(' ');
    lines.push(`  - ${where ? `${where}：` : ''}${d.message}`);
  }
  throw new CliError(lines.join('\n'));
}

/** Runs one CLI command; returns the process exit code. */
export async function runCli(argv: string[], io: Io = { out: (l) => console.log(l), err: (l) => console.error(l) }, rendererDir?: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' }, 'data-dir': { type: 'string' }, user: { type: 'string' }, password: { type: 'string' },
      json: { type: 'boolean', default: false }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      region: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' }, 'parent-name': { type: 'string' },
      'parent-code': { type: 'string' }, admin: { type: 'string' }, 'admin-name': { type: 'string' }, year: { type: 'string' },
      'open-url-file': { type: 'string' }, project: { type: 'string' }, out: { type: 'string' },
      round: { type: 'string' }, 'code-header': { type: 'string' }, 'amount-header': { type: 'string' }, unit: { type: 'string' },
      profile: { type: 'string' },
      ...syncOptions, ...statsOptions,
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    io.out(HELP);
    return command ? 0 : 2;
  }
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();
  const print = (human: string, data: unknown) => io.out(values.json ? JSON.stringify(data, null, 2) : human);

  let backend: Backend | undefined;
  try {
    backend = await Backend.open(values.db ? { dataDir, dbFile: values.db } : { dataDir });
    const b = backend;
    const call = async <M extends MethodName>(m: M, input: MethodInput<M>, session: string | null, what: string) =>
      unwrap((await b.dispatch(m, input, session)) as Result<MethodOutput<M>>, what);
    /** --year as a fiscal year; the message names the option (the API checks the range). */
    const yearOption = (usage: string): number => {
      if (!values.year) throw new CliError(usage);
      const y = Number(values.year);
      if (!Number.isInteger(y)) throw new CliError(`--year 应为年度数字，如 2026（实际为“${values.year}”）`);
      return y;
    };
    const readFileArg = (file: string | undefined, usage: string) => {
      if (!file) throw new CliError(usage);
      if (!fs.existsSync(file)) throw new CliError(`文件不存在：${file}`);
      return { name: path.basename(file), base64: fs.readFileSync(file).toString('base64') };
    };
    /** A preview with errors stops the import before the commit, listing every bad cell. */
    const refuseErrors = (fileName: string, errors: ErrorDetail[]) => {
      if (errors.length) {
        unwrap({ ok: false, error: { code: 'IMPORT_INVALID', message: `文件“${fileName}”有 ${errors.length} 处错误，未导入任何数据。`, details: errors } }, '导入');
      }
    };
    const login = async (): Promise<SessionDto> => {
      const username = values.user ?? process.env.BPD_USER;
      const password = values.password ?? process.env.BPD_PASSWORD;
      if (!username || !password) throw new CliError('此命令需要登录：请用 --user 和 --password（或环境变量 BPD_USER、BPD_PASSWORD）提供账户。');
      return call('auth.login', { username, password }, null, '登录');
    };

    switch (command) {
      case 'serve': {
        const host = await startHost({ backend: b, rendererDir: rendererDir ?? path.join(__dirname, '..', 'renderer'), port: values.port ? Number(values.port) : 0 });
        void b.backupIfDue().catch((e: unknown) => io.err(`定时备份失败：${String(e)}`));
        const daily = setInterval(() => void b.backupIfDue().catch(() => undefined), 60 * 60 * 1000);
        daily.unref();
        io.out(`预算绩效工作台已在浏览器宿主中运行：${host.openUrl}`);
        io.out(`数据文件：${b.dbFile}`);
        if (values['open-url-file']) fs.writeFileSync(values['open-url-file'], host.openUrl);
        await new Promise<void>((resolve) => {
          const stop = () => void host.close().then(resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        return 0;
      }
      case 'init': {
        const required = ['region', 'name', 'level', 'admin', 'admin-name', 'year'] as const;
        const missing = required.filter((k) => !values[k]);
        const password = values.password ?? process.env.BPD_PASSWORD;
        if (missing.length || !password) throw new CliError(`init 缺少参数：${[...missing.map((m) => `--${m}`), ...(password ? [] : ['--password'])].join('、')}`);
        const level = values.level as 'county' | 'prefecture' | 'province';
        const r = await call('setup.init', {
          office: { regionCode: values.region ?? '', name: values.name ?? '', level, parentName: values['parent-name'] ?? '', parentRegionCode: values['parent-code'] ?? '' },
          admin: { username: values.admin ?? '', displayName: values['admin-name'] ?? '', password },
          year: Number(values.year),
        }, null, '初始化');
        print(`已初始化：${r.office.name}（${r.office.regionCode}），当前年度 ${r.office.currentYear}。数据文件：${b.dbFile}`, r);
        return 0;
      }
      case 'units': {
        if (sub !== 'import' || !arg) throw new CliError('用法：units import <文件.xlsx>');
        if (!fs.existsSync(arg)) throw new CliError(`文件不存在：${arg}`);
        const s = await login();
        const file = { name: path.basename(arg), base64: fs.readFileSync(arg).toString('base64') };
        const preview = await call('units.importPreview', { file }, s.sessionId, '预检');
        refuseErrors(file.name, preview.errors);
        const summary = await call('units.importCommit', { file }, s.sessionId, '导入');
        print(`导入完成：新增 ${summary.add} 个，更新 ${summary.update} 个，未变化 ${summary.unchanged} 个。`, summary);
        return 0;
      }
      case 'projects': {
        const usage = '用法：projects import <文件.xlsx> --year <年度>';
        if (sub !== 'import') throw new CliError(usage);
        const file = readFileArg(arg, usage);
        const year = yearOption(usage);
        const s = await login();
        refuseErrors(file.name, (await call('projects.importPreview', { file, year }, s.sessionId, '预检')).errors);
        const summary = await call('projects.importCommit', { file, year }, s.sessionId, '导入');
        print(`导入完成：新增 ${summary.add} 个，更新 ${summary.update} 个，未变化 ${summary.unchanged} 个。`, summary);
        return 0;
      }
      case 'goals': {
        if (sub === 'import') {
          const usage = '用法：goals import <文件.xlsx> --year <年度>';
          const file = readFileArg(arg, usage);
          const year = yearOption(usage);
          const s = await login();
          refuseErrors(file.name, (await call('goals.importPreview', { file, year }, s.sessionId, '预检')).errors);
          const summary = await call('goals.importCommit', { file, year }, s.sessionId, '导入');
          print(`导入完成：新建目标表 ${summary.add} 张，更新 ${summary.update} 张，未变化 ${summary.unchanged} 张。`, summary);
          return 0;
        }
        if (sub === 'export-form') {
          const usage = '用法：goals export-form --project <项目编码> [--year <年度>] --out <文件.xlsx>';
          const code = values.project;
          const out = values.out;
          if (!code || !out) throw new CliError(usage);
          const s = await login();
          const year = values.year ? yearOption(usage) : s.office.currentYear;
          // The list filter matches code or name by substring; take the exact code.
          const page = await call('projects.list', { year, q: code, pageSize: 1000 }, s.sessionId, '查询项目');
          const row = page.rows.find((r) => r.code === code);
          if (!row) throw new CliError(`${year} 年度没有编码为“${code}”的项目。`);
          const project = await call('projects.get', { id: row.id }, s.sessionId, '查询项目');
          if (!project.goalSheetId) throw new CliError(`项目“${code}”（${project.name}）还没有绩效目标表。`);
          const f = await call('goals.exportForm', { sheetId: project.goalSheetId }, s.sessionId, '导出');
          fs.writeFileSync(out, Buffer.from(f.base64, 'base64'));
          print(`已导出项目“${code}”的绩效目标申报表：${path.resolve(out)}`, { file: path.resolve(out), name: f.name, project: code, year });
          return 0;
        }
        throw new CliError('用法：goals import <文件.xlsx> --year <年度>\n      goals export-form --project <项目编码> [--year <年度>] --out <文件.xlsx>');
      }
      case 'coverage': {
        const year = yearOption('用法：coverage --year <年度> [--json]');
        const s = await login();
        const c = await call('stats.coverage', { year }, s.sessionId, '查询覆盖情况');
        print(coverageText(c), c);
        return 0;
      }
      case 'monitoring': {
        const importUsage = '用法：monitoring import-execution <文件.xlsx> --round <批次编号> [--code-header <项目编码列> --amount-header <执行数列> --unit yuan|wan]';
        const warningsUsage = '用法：monitoring warnings --round <批次编号> [--json]';
        if (sub === 'import-execution') {
          const file = readFileArg(arg, importUsage);
          const roundId = values.round;
          if (!roundId) throw new CliError(importUsage);
          const unitText = values.unit;
          const unit = unitText === undefined ? undefined : AMOUNT_UNIT_WORDS[unitText];
          if (unitText !== undefined && !unit) throw new CliError(`--unit 应为 yuan（元）或 wan（万元）（实际为“${unitText}”）`);
          const s = await login();
          // Columns not given on the command line come from the office's saved mapping.
          const saved = await call('monitoring.getMapping', {}, s.sessionId, '读取执行数导入设置');
          const mapping: ExecutionMappingDto = {
            ...saved,
            ...(values['code-header'] ? { codeHeader: values['code-header'] } : {}),
            ...(values['amount-header'] ? { amountHeader: values['amount-header'] } : {}),
            ...(unit ? { amountUnit: unit } : {}),
          };
          refuseErrors(file.name, (await call('monitoring.importExecutionPreview', { roundId, file, mapping }, s.sessionId, '预检')).errors);
          const summary = await call('monitoring.importExecutionCommit', { roundId, file, mapping }, s.sessionId, '导入');
          print(`导入完成：首次导入执行数 ${summary.add} 个项目，更新 ${summary.update} 个，未变化 ${summary.unchanged} 个。`, summary);
          return 0;
        }
        if (sub === 'warnings') {
          const roundId = values.round;
          if (!roundId || arg) throw new CliError(warningsUsage);
          const s = await login();
          // The warning list is per year: find the round's year among the office's years.
          let round: MonitoringRoundDto | undefined;
          for (const y of await call('years.list', {}, s.sessionId, '查询年度')) {
            round = (await call('monitoring.rounds', { year: y.year }, s.sessionId, '查询监控批次')).find((r) => r.id === roundId);
            if (round) break;
          }
          if (!round) throw new CliError(`监控批次“${roundId}”不存在。`);
          const warnings: MonitoringWarningDto[] = [];
          for (let page = 1; ; page++) {
            const p = await call('monitoring.warnings', { year: round.year, roundId, page, pageSize: 1000 }, s.sessionId, '查询预警');
            warnings.push(...p.rows);
            if (p.rows.length === 0 || warnings.length >= p.total) break;
          }
          print(warningsText(round, warnings), warnings);
          return 0;
        }
        throw new CliError(`${importUsage}\n      ${warningsUsage}`);
      }
      case 'selfeval': {
        const usage = '用法：selfeval check <自评表.xlsx> [--profile <方案编号或代码>] [--json]';
        if (sub !== 'check') throw new CliError(usage);
        const file = readFileArg(arg, usage);
        const s = await login();
        const c = await call('selfEvalCheck.check', { file, ...(values.profile ? { profileId: values.profile } : {}) }, s.sessionId, '核对自评表');
        print(selfEvalCheckText(c), c);
        return c.differences.length || c.errors.length ? SELF_EVAL_CHECK_DIFFERENT : 0;
      }
      case 'backup': {
        const s = await login();
        const info = await call('backup.create', {}, s.sessionId, '备份');
        print(`备份完成：${path.join(b.backupDir, info.name)}（${(info.size / 1024).toFixed(0)} KB）`, info);
        return 0;
      }
      case 'restore': {
        if (!sub) throw new CliError('用法：restore <备份文件>');
        const s = await login();
        const name = b.adoptBackupFile(fs.existsSync(sub) ? sub : path.join(b.backupDir, sub));
        const r = await call('backup.restore', { name }, s.sessionId, '恢复');
        print(`已从 ${r.restoredFrom} 恢复。恢复前的数据已备份为 ${r.safetyBackup}。`, r);
        return 0;
      }
      default: {
        const extra = EXTRA_COMMANDS[command];
        if (!extra) throw new CliError(`未知命令：${command}\n\n${HELP}`);
        const env: CliEnv = { backend: b, values, positionals, io, print, login, readFileArg, yearOption, fail: (m) => new CliError(m) };
        return await extra(env);
      }
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.err(e.message);
      return 1;
    }
    io.err(`错误：${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    backend?.close();
  }
}
