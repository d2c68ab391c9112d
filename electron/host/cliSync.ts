import fs from 'node:fs';
import path from 'node:path';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.ts';
import type { BundleVerdictDto, TableChangeDto } from '../../shared/api/dtoSync.ts';
import type { AppError, Result } from '../../shared/api/result.ts';
import { OFFICE_LEVELS, type OfficeLevel } from '../../shared/domain/office.ts';
import { BUNDLE_EXTENSION, MANIFEST_MEMBER } from '../backend/sync/manifest.ts';
import { tableLabel } from '../backend/sync/tables.ts';
import { BundleZip } from '../backend/sync/zipRead.ts';
import type { CliCommand, CliEnv, CliOption } from './cliTypes.ts';

/** Exit code of `bundle verify` and `bundle import` when a bundle is refused. */
export const BUNDLE_REFUSED = 3;

export const syncOptions = {
  to: { type: 'string' }, years: { type: 'string' }, kind: { type: 'string' }, relation: { type: 'string' },
  note: { type: 'string' }, 'confirm-fingerprint': { type: 'string' },
} satisfies Record<string, CliOption>;

export const syncHelp = `  bundle identity [--json]              本单位的签名密钥指纹（与往来单位电话核对用）
  bundle offices [--json]               列出登记的上级、下级单位
  bundle offices add --region <6位代码> --name <单位名称> --level county|prefecture|province
       --relation parent|child [--note <备注>]
                                        登记上级（parent）或下级（child）单位
  bundle export --to <接收单位代码> --years 2025,2026 [--kind up|down] --out <文件或目录>
                                        导出数据包（上报包 up：本单位所有数据；下发包 down：
                                        与该下级单位有关的指标库、规则方案、监控批次、复核和
                                        评价结果、上报处理结果）。类型默认按接收单位的登记关系
  bundle verify <文件> [--json]         校验数据包并显示清单（不导入）。退出码：0 校验通过，
                                        3 校验未通过
  bundle import <文件或目录…> [--confirm-fingerprint <指纹>] [--json]
                                        导入数据包；目录导入其中全部 *${BUNDLE_EXTENSION}，按发送单位
                                        和序号顺序。首次接收某单位的包须用 --confirm-fingerprint
                                        填写与对方核对过的指纹。退出码：0 全部导入（或内容未变化），
                                        3 有包被拒绝（其余包照常导入），1 出错
`;

const KIND_LABELS = { up: '上报包', down: '下发包' } as const;
const PIN_LABELS: Record<BundleVerdictDto['pin'], string> = {
  pinned: '与已登记的密钥一致', unpinned: '首次接收，须核对指纹', mismatch: '与已登记的密钥不一致', unknownOffice: '发送单位未登记',
};
const SEQUENCE_LABELS: Record<BundleVerdictDto['sequence'], string> = {
  first: '该单位的首个数据包', new: '新数据包', same: '已导入过的数据包', older: '早于已导入的数据包',
};
const LEVEL_LABELS: Record<OfficeLevel, string> = { county: '县级', prefecture: '市级', province: '省级' };

class CallFailed extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.error = error;
  }
}

async function call<M extends MethodName>(env: CliEnv, m: M, input: MethodInput<M>, session: string): Promise<MethodOutput<M>> {
  const r = (await env.backend.dispatch(m, input, session)) as Result<MethodOutput<M>>;
  if (!r.ok) throw new CallFailed(r.error);
  return r.data;
}

/** Runs `fn`; a failed call becomes the CLI's error (exit 1) with its details. */
async function orFail<T>(env: CliEnv, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof CallFailed)) throw e;
    throw env.fail([`${what}失败：${e.error.message}`, ...(e.error.details ?? []).map((d) => `  - ${d.message}`)].join('\n'));
  }
}

const countsText = (counts: Record<string, number>) =>
  Object.entries(counts).filter(([, n]) => n > 0).map(([t, n]) => `${tableLabel(t)} ${n}`).join('，') || '无';

function changesText(changes: readonly TableChangeDto[]): string {
  const sum = (k: 'added' | 'changed' | 'removed') => changes.reduce((s, c) => s + c[k], 0);
  return `新增 ${sum('added')} 条，更新 ${sum('changed')} 条，删除 ${sum('removed')} 条`;
}

export function verdictText(fileName: string, v: BundleVerdictDto): string {
  const lines = [`数据包：${fileName}`];
  const m = v.manifest;
  if (m) {
    lines.push(
      `发送单位：${m.sender.name}（${m.sender.regionCode}，${LEVEL_LABELS[m.sender.level]}），密钥指纹 ${m.sender.fingerprint}`,
      `接收单位：${m.recipient.name}（${m.recipient.regionCode}）`,
      `类型：${KIND_LABELS[m.kind]}；年度：${m.years.join('、')}；序号：第 ${m.seq} 号；生成时间：${m.createdAt}`,
      `格式版本：${m.formatVersion}；数据结构版本：${m.schemaVersion}；文件 ${m.members.length + 2} 个`,
      `记录数：${countsText(m.counts)}`,
      ...m.relayed.map((r) => `转报：${r.name}（${r.regionCode}，${LEVEL_LABELS[r.level]}）第 ${r.lastSeq} 号包，记录数：${countsText(r.counts)}`),
      `密钥：${PIN_LABELS[v.pin]}；序号：${SEQUENCE_LABELS[v.sequence]}`,
    );
  }
  lines.push(v.ok ? '结论：校验通过' : `结论：校验未通过（${v.errors.length} 处）`);
  for (const e of v.errors) lines.push(`  - ${e}`);
  return lines.join('\n');
}

/** The bundle files named on the command line: folders give their *.bpdbundle, in sender and sequence order. */
export function bundleFiles(args: readonly string[]): string[] {
  const files: string[] = [];
  for (const a of args) {
    if (!fs.existsSync(a)) throw new Error(`文件不存在：${a}`);
    if (fs.statSync(a).isDirectory()) {
      files.push(...fs.readdirSync(a).filter((n) => n.endsWith(BUNDLE_EXTENSION)).map((n) => path.join(a, n)));
    } else files.push(a);
  }
  const key = (file: string): [string, number] => {
    try {
      const zip = BundleZip.open(file);
      try {
        const m = JSON.parse(zip.readAll(MANIFEST_MEMBER, 1024 * 1024).toString('utf8')) as { sender?: { regionCode?: string }; seq?: number };
        return [m.sender?.regionCode ?? '~', m.seq ?? 0];
      } finally {
        zip.close();
      }
    } catch {
      return ['~', 0]; // unreadable: last; the import names what is wrong with it
    }
  };
  const keyed = files.map((f) => ({ f, k: key(f) }));
  keyed.sort((a, b) => a.k[0].localeCompare(b.k[0]) || a.k[1] - b.k[1] || a.f.localeCompare(b.f));
  return keyed.map((x) => x.f);
}

function yearsOption(env: CliEnv, usage: string): number[] {
  const text = env.values.years;
  if (typeof text !== 'string' || !text) throw env.fail(usage);
  const years = text.split(/[,，\s]+/).filter(Boolean).map(Number);
  if (years.some((y) => !Number.isInteger(y))) throw env.fail(`--years 应为年度数字，用逗号分隔，如 2025,2026（实际为“${text}”）`);
  return years;
}

async function offices(env: CliEnv): Promise<number> {
  const sub = env.positionals[2];
  const s = await env.login();
  if (sub === 'add') {
    const v = env.values;
    const usage = '用法：bundle offices add --region <6位代码> --name <单位名称> --level county|prefecture|province --relation parent|child [--note <备注>]';
    if (typeof v.region !== 'string' || typeof v.name !== 'string' || typeof v.level !== 'string' || typeof v.relation !== 'string') throw env.fail(usage);
    if (!(OFFICE_LEVELS as readonly string[]).includes(v.level)) throw env.fail(`--level 应为 county、prefecture 或 province（实际为“${v.level}”）`);
    if (v.relation !== 'parent' && v.relation !== 'child') throw env.fail(`--relation 应为 parent（上级）或 child（下级）（实际为“${v.relation}”）`);
    const saved = await orFail(env, '登记', () => call(env, 'sync.saveOffice', {
      regionCode: v.region as string, name: v.name as string, level: v.level as OfficeLevel, relation: v.relation as 'parent' | 'child', note: typeof v.note === 'string' ? v.note : '',
    }, s.sessionId));
    env.print(`已登记${saved.relation === 'parent' ? '上级' : '下级'}单位：${saved.name}（${saved.regionCode}）`, saved);
    return 0;
  }
  if (sub) throw env.fail('用法：bundle offices [--json] 或 bundle offices add …');
  const list = await orFail(env, '查询', () => call(env, 'sync.offices', {}, s.sessionId));
  const lines = list.map((o) =>
    `${o.relation === 'parent' ? '上级' : '下级'}  ${o.regionCode}  ${o.name}  ${o.fingerprint ? `密钥指纹 ${o.fingerprint}` : '密钥未登记'}  ` +
    `最近接收 ${o.lastReceivedSeq === null ? '—' : `第 ${o.lastReceivedSeq} 号`}  最近发出 ${o.lastSentSeq === null ? '—' : `第 ${o.lastSentSeq} 号`}`);
  env.print(lines.length ? lines.join('\n') : '尚未登记往来单位。', list);
  return 0;
}

async function exportCommand(env: CliEnv): Promise<number> {
  const usage = '用法：bundle export --to <接收单位代码> --years 2025,2026 [--kind up|down] --out <文件或目录>';
  const to = env.values.to;
  const out = env.values.out;
  if (typeof to !== 'string' || typeof out !== 'string') throw env.fail(usage);
  const years = yearsOption(env, usage);
  const s = await env.login();
  let kind = env.values.kind;
  if (kind === undefined) {
    const peer = (await orFail(env, '查询', () => call(env, 'sync.offices', {}, s.sessionId))).find((o) => o.regionCode === to);
    if (!peer) throw env.fail(`接收单位 ${to} 尚未登记，请先用 bundle offices add 登记。`);
    kind = peer.relation === 'parent' ? 'up' : 'down';
  }
  if (kind !== 'up' && kind !== 'down') throw env.fail(`--kind 应为 up（上报）或 down（下发）（实际为“${String(kind)}”）`);
  const r = await orFail(env, '导出', () => call(env, 'sync.exportBundle', { kind: kind as 'up' | 'down', recipientRegionCode: to, years }, s.sessionId));
  const file = fs.existsSync(out) && fs.statSync(out).isDirectory() ? path.join(out, r.name) : out;
  fs.writeFileSync(file, Buffer.from(r.base64, 'base64'));
  env.print(`已导出${KIND_LABELS[r.log.kind]}：${path.resolve(file)}（第 ${r.log.seq} 号，${(r.log.sizeBytes / 1024).toFixed(0)} KB）\n记录数：${countsText(r.log.counts)}`,
    { file: path.resolve(file), log: r.log });
  return 0;
}

async function verifyCommand(env: CliEnv): Promise<number> {
  const file = env.readFileArg(env.positionals[2], '用法：bundle verify <文件> [--json]');
  const s = await env.login();
  const v = await orFail(env, '校验', () => call(env, 'sync.verifyBundle', { file }, s.sessionId));
  env.print(verdictText(file.name, v), v);
  return v.ok ? 0 : BUNDLE_REFUSED;
}

async function importCommand(env: CliEnv): Promise<number> {
  const args = env.positionals.slice(2);
  if (args.length === 0) throw env.fail('用法：bundle import <文件或目录…> [--confirm-fingerprint <指纹>] [--json]');
  let files: string[];
  try {
    files = bundleFiles(args);
  } catch (e) {
    throw env.fail((e as Error).message);
  }
  if (files.length === 0) throw env.fail(`没有找到 *${BUNDLE_EXTENSION} 数据包：${args.join('、')}`);
  const s = await env.login();
  const confirm = env.values['confirm-fingerprint'];
  const results: { file: string; status: 'imported' | 'unchanged' | 'refused'; message: string }[] = [];
  for (const file of files) {
    const input = { file: { name: path.basename(file), base64: fs.readFileSync(file).toString('base64') }, ...(typeof confirm === 'string' ? { confirmFingerprint: confirm } : {}) };
    try {
      const r = await call(env, 'sync.commitImport', input, s.sessionId);
      const what = `${r.log.peerName} 第 ${r.log.seq} 号${KIND_LABELS[r.log.kind]}`;
      const message = r.log.status === 'unchanged' ? `内容未变化：${input.file.name}（${what}，此前已导入）` : `已导入：${input.file.name}（${what}）：${changesText(r.changes)}`;
      results.push({ file, status: r.log.status === 'unchanged' ? 'unchanged' : 'imported', message });
      if (!env.values.json) env.io.out(message);
    } catch (e) {
      if (!(e instanceof CallFailed)) throw e;
      if (e.error.code !== 'IMPORT_INVALID' && e.error.code !== 'VALIDATION') {
        throw env.fail([`导入 ${input.file.name} 失败：${e.error.message}`, ...(e.error.details ?? []).map((d) => `  - ${d.message}`)].join('\n'));
      }
      const details = (e.error.details ?? []).map((d) => d.message).filter((m) => !e.error.message.endsWith(m));
      const message = [`未导入：${input.file.name}：${e.error.message}`, ...details.map((m) => `  - ${m}`)].join('\n');
      results.push({ file, status: 'refused', message });
      if (!env.values.json) env.io.err(message);
    }
  }
  if (env.values.json) env.io.out(JSON.stringify(results, null, 2));
  return results.some((r) => r.status === 'refused') ? BUNDLE_REFUSED : 0;
}

async function identity(env: CliEnv): Promise<number> {
  const s = await env.login();
  const id = await orFail(env, '查询', () => call(env, 'sync.identity', {}, s.sessionId));
  env.print(`${id.name}（${id.regionCode}，${LEVEL_LABELS[id.level]}）\n密钥指纹：${id.fingerprint}\n公钥：${id.publicKeyHex}`, id);
  return 0;
}

const bundle: CliCommand = async (env) => {
  const sub = env.positionals[1];
  switch (sub) {
    case 'identity': return identity(env);
    case 'offices': return offices(env);
    case 'export': return exportCommand(env);
    case 'verify': return verifyCommand(env);
    case 'import': return importCommand(env);
    default: throw env.fail(`用法：\n${syncHelp}`);
  }
};

export const syncCommands: Record<string, CliCommand> = { bundle };
