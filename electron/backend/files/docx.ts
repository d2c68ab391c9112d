import {
  AlignmentType, BorderStyle, Document, Footer, HeadingLevel, LineRuleType, Packer, PageBreak, PageNumber, Paragraph, Table, TableCell, TableRow,
  TextRun, VerticalAlign, WidthType, type IRunOptions,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/**
 * The only module that touches the `docx` library: reports are described as a small list of
 * blocks (title, headings, paragraphs, tables) and laid out here as a Chinese official document
 * (GB/T 9704 habits): A4, 仿宋_GB2312 三号 body with a two-character first-line indent and a
 * fixed 28-point line, 黑体 first-level and 楷体 second-level headings, page numbers “— 1 —” in
 * the footer, East Asian language zh-CN.
 */

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Font names as Word knows them, with the name to fall back to where the GB2312 face is missing. */
const FONTS = {
  body: { name: '仿宋_GB2312', alt: 'FangSong' },
  heading: { name: '黑体', alt: 'SimHei' },
  subheading: { name: '楷体_GB2312', alt: 'KaiTi' },
  title: { name: '方正小标宋简体', alt: 'SimSun' },
  latin: { name: 'Times New Roman', alt: '' },
} as const;

/** Half-points: 二号 22pt, 三号 16pt, 小四 12pt, 五号 10.5pt. */
const SIZE = { title: 44, body: 32, table: 24, footer: 28 } as const;
/** Twips. A4 with the GB/T 9704 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm). */
const PAGE = { width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1588, right: 1474 } as const;
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
/** 固定值 28 磅. */
const LINE = 560;

export type Align = 'left' | 'center' | 'right';

export interface DocCell {
  text: string;
  /** Columns this cell spans (default 1). */
  span?: number;
  bold?: boolean;
  align?: Align;
}

export type DocBlock =
  | { kind: 'title'; text: string }
  | { kind: 'subtitle'; text: string }
  | { kind: 'heading'; level: 1 | 2; text: string }
  /** Body text: first-line indent unless `align` is given. */
  | { kind: 'paragraph'; text: string; align?: Align; bold?: boolean; /** Font size in half-points (default 三号, 32); smaller text gets a single line spacing. */ size?: number }
  /** `widths` are relative; the first `headerRows` rows repeat on each page and are bold. */
  | { kind: 'table'; widths: number[]; rows: DocCell[][]; headerRows?: number; /** Font size in half-points (default 小四, 24). */ size?: number }
  /** Starts a new page (attachments after the body of a report). */
  | { kind: 'pageBreak' };

export interface DocSpec {
  title: string;
  subject?: string;
  blocks: DocBlock[];
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

const font = (f: { name: string }) => ({ ascii: FONTS.latin.name, hAnsi: FONTS.latin.name, eastAsia: f.name, cs: f.name });
const run = (text: string, opts: Omit<IRunOptions, 'text'> = {}) => new TextRun({ text, ...opts });

function paragraph(b: Extract<DocBlock, { kind: 'paragraph' }>): Paragraph {
  const small = b.size !== undefined && b.size < SIZE.body;
  return new Paragraph({
    alignment: b.align ? ALIGN[b.align] : AlignmentType.JUSTIFIED,
    indent: b.align ? undefined : { firstLine: 640 },
    spacing: small ? { line: 360, lineRule: LineRuleType.AT_LEAST } : { line: LINE, lineRule: LineRuleType.EXACT },
    children: lines(b.text, { bold: b.bold ?? false, ...(b.size ? { size: b.size } : {}) }),
  });
}

/** Text with line breaks becomes one run per line joined by breaks (Word ignores "\n"). */
function lines(text: string, opts: Omit<IRunOptions, 'text'> = {}): TextRun[] {
  return text.split('\n').map((t, i) => run(t, { ...opts, break: i > 0 ? 1 : undefined }));
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;

function table(b: Extract<DocBlock, { kind: 'table' }>): Table {
  const sum = b.widths.reduce((a, w) => a + w, 0);
  const twips = b.widths.map((w) => Math.floor((w / sum) * TEXT_WIDTH));
  const header = b.headerRows ?? 0;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: twips,
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    rows: b.rows.map((cells, r) => {
      let col = 0;
      return new TableRow({
        tableHeader: r < header,
        cantSplit: true,
        children: cells.map((c) => {
          const span = c.span ?? 1;
          const width = twips.slice(col, col + span).reduce((a, w) => a + w, 0);
          col += span;
          return new TableCell({
            columnSpan: span > 1 ? span : undefined,
            width: { size: width, type: WidthType.DXA },
            verticalAlign: VerticalAlign.CENTER,
            margins: { top: 40, bottom: 40, left: 80, right: 80 },
            children: [
              new Paragraph({
                alignment: ALIGN[c.align ?? (r < header ? 'center' : 'left')],
                spacing: { line: 360, lineRule: LineRuleType.AT_LEAST },
                children: lines(c.text, { bold: c.bold ?? r < header, size: b.size ?? SIZE.table }),
              }),
            ],
          });
        }),
      });
    }),
  });
}

function block(b: DocBlock): Paragraph | Table {
  switch (b.kind) {
    case 'title':
      return new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 240, after: 240, line: 720, lineRule: LineRuleType.EXACT },
        children: [run(b.text, { font: font(FONTS.title), size: SIZE.title })],
      });
    case 'subtitle':
      return new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 240, line: LINE, lineRule: LineRuleType.EXACT },
        children: lines(b.text, { font: font(FONTS.subheading) }),
      });
    case 'heading':
      return new Paragraph({
        heading: b.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
        indent: { firstLine: 640 },
        spacing: { line: LINE, lineRule: LineRuleType.EXACT },
        children: [run(b.text)],
      });
    case 'paragraph':
      return paragraph(b);
    case 'table':
      return table(b);
    case 'pageBreak':
      return new Paragraph({ children: [new PageBreak()] });
  }
}

/** Word's font table, naming each face's fallback (altName) and the GB2312 character set. */
function fontTable(): string {
  const faces = [FONTS.body, FONTS.heading, FONTS.subheading, FONTS.title]
    .map((f) => `<w:font w:name="${f.name}"><w:altName w:val="${f.alt}"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    `${faces}<w:font w:name="${FONTS.latin.name}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
    '</w:fonts>'
  );
}

export async function buildDocx(spec: DocSpec): Promise<Buffer> {
  const headingStyle = (f: { name: string }) => ({
    run: { font: font(f), size: SIZE.body, bold: false, color: '000000' },
    paragraph: { spacing: { before: 0, after: 0, line: LINE, lineRule: LineRuleType.EXACT } },
  });
  const doc = new Document({
    title: spec.title,
    subject: spec.subject ?? '',
    creator: '预算绩效工作台',
    styles: {
      default: {
        document: { run: { font: font(FONTS.body), size: SIZE.body, language: { value: 'en-US', eastAsia: 'zh-CN' } } },
        heading1: headingStyle(FONTS.heading),
        heading2: headingStyle(FONTS.subheading),
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, footer: 1134 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: SIZE.footer, font: font(FONTS.latin) })],
              }),
            ],
          }),
        },
        children: spec.blocks.map(block),
      },
    ],
  });
  const bytes = await Packer.toBuffer(doc);
  // The library writes an empty font table; Word and LibreOffice read altName from it to substitute.
  const files = unzipSync(new Uint8Array(bytes));
  files['word/fontTable.xml'] = strToU8(fontTable());
  return Buffer.from(zipSync(files, { level: 6 }));
}

/** Text of word/document.xml (tests and diagnostics read a built report back with it). */
export function docxText(bytes: Uint8Array): string {
  const doc = unzipSync(bytes, { filter: (f) => f.name === 'word/document.xml' })['word/document.xml'];
  return doc ? strFromU8(doc) : '';
}
