import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Backend } from '../backend/backend.ts';
import { defaultDataDir } from '../backend/paths.ts';
import type { Result } from '../../shared/api/result.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.ts';
import type { SessionDto } from '../../shared/api/dto.ts';
import { startHost } from './http.ts';

const HELP = `预算绩效工作台 命令行 (Budget Performance Desk CLI)

用法: npm run cli -- <命令> [选项]

命令:
  serve [--port N]                      启动浏览器宿主（仅 127.0.0.1）
  init --region <6位代码> --name <单位名称> --level county|prefecture|province
       [--parent-name <上级名称> --parent-code <上级代码>]
       --admin <用户名> --admin-name <姓名> --password <密码> --year <年度>
                                        非交互创建本单位数据库和首个管理员
  units import <文件.xlsx>              导入预算单位（先校验，全部通过才写入）
  backup                                立即备份数据库
  restore <备份文件>                    从备份恢复（恢复前先备份当前数据库）

通用选项:
  --db <路径>          数据库文件（默认：用户数据目录下的 office.sqlite）
  --data-dir <目录>    数据目录
  --user <用户名>      登录用户（也可用环境变量 BPD_USER）
  --password <密码>    登录密码（也可用环境变量 BPD_PASSWORD）
  --json               以 JSON 输出结果
`;

export class CliError extends Error {}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

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
      'open-url-file': { type: 'string' },
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
        if (preview.errors.length) {
          unwrap({ ok: false, error: { code: 'IMPORT_INVALID', message: `文件“${file.name}”有 ${preview.errors.length} 处错误，未导入任何数据。`, details: preview.errors } }, '导入');
        }
        const summary = await call('units.importCommit', { file }, s.sessionId, '导入');
        print(`导入完成：新增 ${summary.add} 个，更新 ${summary.update} 个，未变化 ${summary.unchanged} 个。`, summary);
        return 0;
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
      default:
        throw new CliError(`未知命令：${command}\n\n${HELP}`);
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
