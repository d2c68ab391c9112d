import fs from 'node:fs';
import path from 'node:path';
import type { StatisticsDto } from '../../shared/api/dtoStatistics.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.ts';
import { formatWan } from '../../shared/rules/money.ts';
import { formatRate, stageCell } from '../../shared/rules/statistics.ts';
import { STAGES } from '../../shared/rules/statisticsCatalog.ts';
import { cellText, consolidatedTable } from '../../shared/rules/statisticsTables.ts';
import type { CliCommand, CliEnv, CliOption } from './cliTypes.ts';

/** CLI: `stats` (the year's statistics) and `report annual` (the annual work report .docx). */

export const statsOptions = { scope: { type: 'string' } } satisfies Record<string, CliOption>;

export const statsHelp = `  stats --year <年度> [--scope county|prefecture] [--json]
                                        全过程预算绩效管理统计：各环节应开展数、已开展数、
                                        金额和覆盖率；汇总范围（prefecture）另列各地区汇总表
                                        和数据一致性问题（有不一致时退出码为 3）
  report annual --year <年度> --out <文件.docx> [--scope county|prefecture]
                                        生成年度预算绩效管理工作情况报告（Word），正文数字均
                                        由记录计算，附件列出每个数字的口径和查询范围
`;

/** Exit code of `stats` when the data has places that do not add up (flagged, not summed). */
export const STATS_INCONSISTENT = 3;

async function call<M extends MethodName>(env: CliEnv, m: M, input: MethodInput<M>, session: string, what: string): Promise<MethodOutput<M>> {
  const r = await env.backend.dispatch(m, input, session);
  if (!r.ok) throw env.fail(`${what}失败：${r.error.message}`);
  return r.data as MethodOutput<M>;
}

function scopeOption(env: CliEnv): 'county' | 'prefecture' | undefined {
  const s = env.values.scope;
  if (s === undefined) return undefined;
  if (s !== 'county' && s !== 'prefecture') throw env.fail(`--scope 应为 county（本级）或 prefecture（汇总），实际为“${String(s)}”`);
  return s;
}

const pad = (text: string, width: number, left = false) => {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\uffff]/u.test(ch) ? 2 : 1;
  const fill = ' '.repeat(Math.max(0, width - w));
  return left ? text + fill : fill + text;
};

/** The statistics as the CLI prints them (Chinese, amounts in 万元). */
export function statsText(d: StatisticsDto): string {
  const lines = [
    `${d.office.name} ${d.year} 年度预算绩效管理统计（${d.scope === 'county' ? '本级' : `本级及所辖县（市），共 ${d.origins.length} 个地区`}，统计日 ${d.today}）`,
    '',
    `  ${pad('环节', 24, true)}${pad('应开展', 9)}${pad('已开展', 9)}${pad('覆盖率', 10)}${pad('应开展金额（万元）', 22)}${pad('已开展金额（万元）', 22)}${pad('金额覆盖率', 12)}`,
  ];
  for (const s of STAGES) {
    const c = stageCell(d.measures, s);
    const fen = (v: number | null) => (v === null ? '—' : formatWan(v));
    lines.push(`  ${pad(s.label, 24, true)}${pad(String(c.baseN), 9)}${pad(String(c.doneN), 9)}${pad(formatRate(c.countRate), 10)}${pad(fen(c.baseFen), 22)}${pad(fen(c.doneFen), 22)}${pad(formatRate(c.amountRate), 12)}`);
  }
  if (d.scope === 'prefecture' && d.origins.length > 1) {
    const t = consolidatedTable(d);
    lines.push('', t.title, `  ${t.columns.map((c, i) => pad(c.label, i === 0 ? 26 : 16, i === 0)).join('')}`);
    for (const r of t.rows) lines.push(`  ${r.cells.map((cell, i) => pad(cellText(t.columns[i]?.kind ?? 'text', cell.value), i === 0 ? 26 : 16, i === 0)).join('')}`);
  }
  lines.push('');
  if (d.checks.length === 0) lines.push('数据一致性：未发现不一致。');
  else {
    lines.push(`数据一致性：发现 ${d.checks.length} 处不一致（相关金额未予汇总）：`);
    for (const c of d.checks) lines.push(`  - ${c.originName} ${c.where}：${c.message}`);
  }
  return lines.join('\n');
}

export const statsCommands: Record<string, CliCommand> = {
  stats: async (env) => {
    const year = env.yearOption('用法：stats --year <年度> [--scope county|prefecture] [--json]');
    const s = await env.login();
    const d = await call(env, 'statistics.overview', { year, ...(scopeOption(env) ? { scope: scopeOption(env) } : {}) }, s.sessionId, '统计');
    env.print(statsText(d), d);
    return d.checks.length ? STATS_INCONSISTENT : 0;
  },
  report: async (env) => {
    const usage = '用法：report annual --year <年度> --out <文件.docx> [--scope county|prefecture]';
    const [, sub] = env.positionals;
    if (sub !== 'annual') throw env.fail(usage);
    const year = env.yearOption(usage);
    const out = env.values.out;
    if (typeof out !== 'string' || !out) throw env.fail(usage);
    const s = await env.login();
    const scope = scopeOption(env);
    const file = await call(env, 'statistics.exportReport', { year, ...(scope ? { scope } : {}) }, s.sessionId, '生成报告');
    const draft = await call(env, 'statistics.reportDraft', { year, ...(scope ? { scope } : {}) }, s.sessionId, '生成报告');
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, Buffer.from(file.base64, 'base64'));
    env.print(`已生成：${path.resolve(out)}（正文引用数字 ${draft.figures.length} 个，数据不一致 ${draft.flags.length} 处）`, { file: path.resolve(out), figures: draft.figures, flags: draft.flags });
    return 0;
  },
};
