import type { AnnualReportDraftDto } from '../../../shared/api/dtoStatistics.ts';
import { cellText, type StatTable } from '../../../shared/rules/statisticsTables.ts';
import { buildDocx, type DocBlock, type DocCell } from './docx.ts';

/**
 * The annual work report as a Word document (年度工作情况报告): the draft's text in the government
 * document layout of files/docx.ts (A4, 方正小标宋简体 title, 仿宋_GB2312 三号 body, 黑体/楷体
 * headings, page numbers), the signature and date on the right, then the attachments: the
 * statistics tables, the list of every figure in the text with its definition and query scope
 * (数据口径与来源), and the places where the data did not add up.
 */

/** Relative column widths: amounts need room for "17,635,346.56" at 五号. */
const WIDTH: Record<StatTable['columns'][number]['kind'], number> = { text: 2.8, count: 1.5, fen: 2.9, rate: 1.6 };

/** A statistics table as a document table (header row repeated on each page), with its notes below. */
export function tableBlocks(t: StatTable, title: string, skip: readonly string[] = []): DocBlock[] {
  const keep = t.columns.map((c, i) => ({ c, i })).filter(({ c }) => !skip.includes(c.key));
  const header: DocCell[] = keep.map(({ c }) => ({ text: c.label }));
  const rows: DocCell[][] = t.rows.map((r) =>
    keep.map(({ c, i }) => ({ text: cellText(c.kind, r.cells[i]?.value ?? null), align: c.kind === 'text' ? 'left' : 'right', bold: r.total === true })),
  );
  return [
    { kind: 'paragraph', text: title, align: 'center', bold: true },
    // 五号 for ordinary tables, 小五 when there are many columns (the consolidated table by county).
    { kind: 'table', widths: keep.map(({ c }) => WIDTH[c.kind]), rows: [header, ...rows], headerRows: 1, size: keep.length > 8 ? 18 : 21 },
    ...t.notes.map((n): DocBlock => ({ kind: 'paragraph', text: `注：${n}`, align: 'left', size: 21 })),
  ];
}

const chineseDate = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

export interface ReportDocInput {
  draft: AnnualReportDraftDto;
  signature: string;
  date: string;
  /** Tables printed as attachments after the text, each with its attachment title. */
  tables: { title: string; table: StatTable }[];
  checks: StatTable | null;
}

export async function buildAnnualReportDocx(r: ReportDocInput): Promise<Buffer> {
  const blocks: DocBlock[] = [{ kind: 'title', text: r.draft.title }];
  for (const b of r.draft.blocks) {
    if (b.kind === 'heading') blocks.push({ kind: 'heading', level: b.level ?? 1, text: b.text });
    else if (b.kind === 'note') blocks.push({ kind: 'paragraph', text: b.text, align: 'left' });
    else blocks.push({ kind: 'paragraph', text: b.text });
  }
  const attachments = [...r.tables.map((t) => t.title), '数据口径与来源', ...(r.checks ? ['数据一致性说明'] : [])];
  blocks.push({ kind: 'paragraph', text: '' });
  // GB/T 9704: the attachment names line up under the first one (three full-width spaces = "附件：").
  blocks.push({ kind: 'paragraph', text: `附件：${attachments.map((a, i) => `${i > 0 ? '\u3000\u3000\u3000' : ''}${i + 1}. ${a}`).join('\n')}`, align: 'left' });
  blocks.push({ kind: 'paragraph', text: '' });
  blocks.push({ kind: 'paragraph', text: r.signature, align: 'right' });
  blocks.push({ kind: 'paragraph', text: chineseDate(r.date), align: 'right' });

  r.tables.forEach((t, i) => {
    blocks.push({ kind: 'pageBreak' }, { kind: 'paragraph', text: `附件${i + 1}`, align: 'left', bold: true }, ...tableBlocks(t.table, t.title, ['object']));
  });
  blocks.push({ kind: 'pageBreak' }, { kind: 'paragraph', text: `附件${r.tables.length + 1}`, align: 'left', bold: true });
  blocks.push({ kind: 'paragraph', text: '数据口径与来源', align: 'center', bold: true });
  blocks.push({
    kind: 'paragraph', align: 'left',
    text: '正文中的每一个数字均由系统按下列口径从业务记录中计算得出（金额按分精确汇总后折算为万元，比率保留两位小数、四舍五入），可在“统计分析”中按指标编号查看对应的明细记录。', size: 24,
  });
  // The scope most figures share is said once; the table names only the scopes that differ (本级 / 县市).
  const counts = new Map<string, number>();
  for (const f of r.draft.figures) counts.set(f.scope, (counts.get(f.scope) ?? 0) + 1);
  const common = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  blocks.push({ kind: 'paragraph', text: `查询范围：${common}（表中另列范围的除外）。`, align: 'left', size: 24 });
  blocks.push({
    kind: 'table', widths: [1, 4.5, 2.5, 7, 3], headerRows: 1, size: 21,
    rows: [
      [{ text: '序号' }, { text: '指标' }, { text: '数值' }, { text: '口径定义' }, { text: '另列范围' }],
      ...r.draft.figures.map((f): DocCell[] => [
        { text: String(f.no), align: 'center' }, { text: `${f.label}\n〔${f.id}〕` }, { text: f.value, align: 'right' }, { text: f.definition },
        { text: f.scope === common ? '' : f.scope },
      ]),
    ],
  });
  if (r.checks) {
    blocks.push({ kind: 'pageBreak' }, { kind: 'paragraph', text: `附件${r.tables.length + 2}`, align: 'left', bold: true }, ...tableBlocks(r.checks, '数据一致性说明'));
  }
  return buildDocx({ title: r.draft.title, subject: `${r.draft.year}年度预算绩效管理工作情况`, blocks });
}
