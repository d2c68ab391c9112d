import { createHash } from 'node:crypto';
import { AppFailure } from '../../../shared/api/result.ts';
import type { MethodParsed } from '../../../shared/api/contract.ts';
import type {
  AttachmentRefDto, DisclosureCandidateDto, DisclosureDto, RectificationLedgerDto, RectificationRatesDto,
} from '../../../shared/api/dtoResults.ts';
import { DISCLOSURE_OBJECT_TYPES } from '../../../shared/api/schemasResults.ts';
import {
  DISCLOSURE_CHANNEL_LABELS, RECTIFICATION_CATEGORY_LABELS, RECTIFICATION_SOURCE_LABELS, RECTIFICATION_STATUS_LABELS,
} from '../../../shared/i18n/zh-CN.ts';
import { isOnTime, rectificationRates } from '../../../shared/rules/rectification.ts';
import { percent } from '../../../shared/rules/rounding.ts';
import type { Db } from '../db/connection.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { wanNumber } from '../files/formLayout.ts';
import { buildWorkbook, fileDto, type CellValue } from '../files/xlsx.ts';
import { findProject } from '../repositories/projects.ts';
import {
  findLedgerRow, insertLedgerRectification, insertRectificationEvidence, allLedgerRows, listLedgerRows, nextRectificationSeq, rateItems,
  rectificationEvidence, saveLedgerFields, type RectificationFilter, type RectificationLedgerRow,
} from '../repositories/rectifications.ts';
import {
  deleteDisclosure, disclosableObjects, findDisclosure, insertDisclosure, listDisclosures, type DisclosableRow, type DisclosureListRow,
} from '../repositories/results.ts';
import { findUnit } from '../repositories/units.ts';
import { uuidv7 } from '../util/ids.ts';
import { evaluationListHandlers } from './evaluationList.ts';
import { linkageHandlers } from './linkage.ts';
import { sheetTitle } from './monitoringSheets.ts';
import { UnitTree } from './unitTree.ts';

/**
 * Use of results (结果应用, SPEC §9).
 *
 * 整改台账 (§9.2): the items monitoring decisions create (services/monitoringDecisions.ts, which
 * keeps 'rectifications.list' / 'rectifications.update' and the status flow) plus items registered
 * by hand from any 来源环节 (audit, goal review, evaluations …), with the ledger fields of
 * migration 0006, evidence (attachments owner_type 'rectification'), the rates of
 * shared/rules/rectification.ts (waived items leave numerator and denominator) and the .xlsx ledger.
 *
 * 预算挂钩 (§9.1): services/linkage.ts (projects and units overall; key evaluation > 财政复核 >
 * self-evaluation). 评价结果清单: services/evaluationList.ts.
 *
 * 信息公开 (§9.3): a register of what was published where. 涉密 units (or a unit under a 涉密
 * one) and 涉密 projects are refused and left out of the rate's denominator.
 */

type ResultsMethods =
  | 'rectifications.ledger' | 'rectifications.get' | 'rectifications.create' | 'rectifications.saveLedger' | 'rectifications.addEvidence'
  | 'rectifications.rates' | 'rectifications.exportLedger'
  | 'results.linkageList' | 'results.decideLinkage' | 'results.exportLinkage' | 'results.exportEvaluationList'
  | 'results.disclosures' | 'results.addDisclosure' | 'results.removeDisclosure' | 'results.disclosureRate';

const MAX_EVIDENCE_BYTES = 50 * 1024 * 1024;
const today = (ctx: CallContext) => ctx.now().toISOString().slice(0, 10);
const safeFileName = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]/g, '_').trim();

// ---------------------------------------------------------------- 整改台账

function toLedgerDto(ctx: CallContext, r: RectificationLedgerRow, tree: UnitTree, evidence: AttachmentRefDto[]): RectificationLedgerDto {
  const open = r.status === 'open' || r.status === 'inProgress';
  const dept = r.department_id ? tree.get(r.department_id) : tree.department(r.unit_id);
  return {
    id: r.id, origin: r.origin, readOnly: r.origin !== ctx.origin, year: r.year, code: r.code, source: r.source, sourceId: r.source_id,
    projectId: r.project_id, projectCode: r.project_code, projectName: r.project_name, unitId: r.unit_id,
    title: sheetTitle({ ...r, unit_name: r.unit_name ?? '' }), unitName: r.unit_name ?? '', category: r.category, problem: r.problem,
    requirement: r.requirement, owner: r.owner, issuedOn: r.issued_on, deadline: r.deadline, status: r.status, overdue: open && r.deadline < today(ctx),
    progress: r.progress, measures: r.measures, amountFen: r.amount_fen, closedOn: r.closed_on, updatedAt: r.updated_at, rev: r.rev,
    departmentId: r.department_id ?? dept?.id ?? null, departmentName: dept?.name ?? '', responsiblePerson: r.responsible_person, sourceRef: r.source_ref,
    recoveredFen: r.recovered_fen, fiscalSuggestion: r.fiscal_suggestion, reviewOpinion: r.review_opinion, reviewer: r.reviewer, reviewedOn: r.reviewed_on,
    onTime: r.status === 'done' ? isOnTime({ status: r.status, deadline: r.deadline, closedOn: r.closed_on }) : null,
    evidence,
  };
}

function evidenceByItem(db: Db, ids: readonly string[]): Map<string, AttachmentRefDto[]> {
  const out = new Map<string, AttachmentRefDto[]>();
  for (const a of rectificationEvidence(db, ids)) {
    const list = out.get(a.owner_id) ?? [];
    list.push({ id: a.id, name: a.name, size: a.size, createdAt: a.created_at, createdBy: a.created_by });
    out.set(a.owner_id, list);
  }
  return out;
}

function ledgerDtos(ctx: CallContext, rows: readonly RectificationLedgerRow[]): RectificationLedgerDto[] {
  const tree = new UnitTree(ctx.db);
  const evidence = evidenceByItem(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => toLedgerDto(ctx, r, tree, evidence.get(r.id) ?? []));
}

function loadLedgerItem(ctx: CallContext, id: string): RectificationLedgerDto {
  const row = findLedgerRow(ctx.db, id);
  if (!row) throw new AppFailure('NOT_FOUND', '整改事项不存在。');
  const [dto] = ledgerDtos(ctx, [row]);
  if (!dto) throw new AppFailure('NOT_FOUND', '整改事项不存在。');
  return dto;
}

function requireOwnItem(ctx: CallContext, id: string, verb: string): RectificationLedgerRow {
  const row = findLedgerRow(ctx.db, id);
  if (!row) throw new AppFailure('NOT_FOUND', '整改事项不存在。');
  if (row.origin !== ctx.origin) throw new AppFailure('CONFLICT', `整改事项“${row.code}”来自其他单位的同步数据，只能查看，不能${verb}。`);
  return row;
}

function requireDepartment(ctx: CallContext, departmentId: string | null): void {
  if (departmentId && !findUnit(ctx.db, departmentId)) {
    throw new AppFailure('VALIDATION', '所选主管部门不存在。', [{ field: 'departmentId', message: '主管部门不存在' }]);
  }
}

const categoryLabel = (c: string) => (c in RECTIFICATION_CATEGORY_LABELS ? RECTIFICATION_CATEGORY_LABELS[c as keyof typeof RECTIFICATION_CATEGORY_LABELS] : c);
const sourceLabel = (s: string) => (s in RECTIFICATION_SOURCE_LABELS ? RECTIFICATION_SOURCE_LABELS[s as keyof typeof RECTIFICATION_SOURCE_LABELS] : s);
const wanOrBlank = (fen: number | null): CellValue => (fen === null ? '' : wanNumber(fen));

/** 整改状态 as the ledger prints it: 逾期 for open items past the deadline, the reason after 不予整改. */
function statusText(d: RectificationLedgerDto): string {
  if (d.overdue) return RECTIFICATION_STATUS_LABELS.overdue;
  if (d.status === 'waived') return d.progress ? `${RECTIFICATION_STATUS_LABELS.waived}：${d.progress}` : RECTIFICATION_STATUS_LABELS.waived;
  if (d.status === 'done' && d.onTime === false) return `${RECTIFICATION_STATUS_LABELS.done}（逾期完成）`;
  return RECTIFICATION_STATUS_LABELS[d.status];
}

/** The ledger's columns (SPEC §9.2), in order. */
export const LEDGER_COLUMNS: { header: string; width: number; cell(d: RectificationLedgerDto): CellValue }[] = [
  { header: '台账编号', width: 14, cell: (d) => d.code },
  { header: '年度', width: 6, cell: (d) => d.year },
  { header: '来源环节', width: 12, cell: (d) => sourceLabel(d.source) },
  { header: '来源任务/报告', width: 24, cell: (d) => d.sourceRef },
  { header: '项目/单位', width: 28, cell: (d) => (d.projectCode ? `${d.projectCode} ${d.title}` : d.title) },
  { header: '主管部门', width: 18, cell: (d) => d.departmentName },
  { header: '问题类别', width: 10, cell: (d) => categoryLabel(d.category) },
  { header: '问题描述', width: 40, cell: (d) => d.problem },
  { header: '整改要求', width: 40, cell: (d) => d.requirement },
  { header: '整改责任单位', width: 18, cell: (d) => d.owner },
  { header: '责任人', width: 10, cell: (d) => d.responsiblePerson },
  { header: '下发日期', width: 11, cell: (d) => d.issuedOn },
  { header: '整改期限', width: 11, cell: (d) => d.deadline },
  { header: '整改措施', width: 36, cell: (d) => d.measures },
  { header: '整改进展', width: 36, cell: (d) => (d.status === 'waived' ? '' : d.progress) },
  { header: '整改状态', width: 14, cell: statusText },
  { header: '完成日期', width: 11, cell: (d) => (d.status === 'done' ? (d.closedOn ?? '') : '') },
  { header: '佐证材料', width: 28, cell: (d) => d.evidence.map((e) => e.name).join('；') },
  { header: '涉及金额（万元）', width: 14, cell: (d) => wanOrBlank(d.amountFen) },
  { header: '调减/收回金额（万元）', width: 16, cell: (d) => wanOrBlank(d.recoveredFen) },
  { header: '财政调整建议', width: 28, cell: (d) => d.fiscalSuggestion },
  { header: '复核意见', width: 28, cell: (d) => d.reviewOpinion },
  { header: '复核人', width: 10, cell: (d) => d.reviewer },
  // 销号 is the closing of a done item: its date is the completion date recorded at closing.
  { header: '销号日期', width: 11, cell: (d) => (d.status === 'done' ? (d.closedOn ?? '') : '') },
];

const filterOf = (ctx: CallContext, f: { year: number; status?: RectificationFilter['status']; source?: string | undefined; unitId?: string | undefined; q?: string; origin?: string | undefined }): RectificationFilter => ({
  year: f.year, status: f.status, source: f.source, unitId: f.unitId, q: f.q ?? '', origin: f.origin, today: today(ctx),
});

function ratesOf(ctx: CallContext, f: { year: number; source?: string | undefined; unitId?: string | undefined; origin?: string | undefined }): RectificationRatesDto {
  const day = today(ctx);
  const items = rateItems(ctx.db, { year: f.year, source: f.source, unitId: f.unitId, origin: f.origin, today: day });
  const toRate = (i: (typeof items)[number]) => ({ status: i.status, deadline: i.deadline, closedOn: i.closed_on });
  const sources = [...new Set(items.map((i) => i.source))].sort();
  return {
    year: f.year, today: day, ...rectificationRates(items.map(toRate), day),
    bySource: sources.map((source) => ({ source, ...rectificationRates(items.filter((i) => i.source === source).map(toRate), day) })),
  };
}

const rateText = (rate: number | null) => (rate === null ? '—' : `${rate.toFixed(2)}%`);

// ---------------------------------------------------------------- 信息公开

function isConfidential(o: Pick<DisclosableRow, 'unit_id' | 'project_confidential'>, tree: UnitTree): boolean {
  return o.project_confidential === 1 || tree.confidential(o.unit_id);
}

const objectTitle = (o: DisclosableRow) => {
  const name = o.project_id ? (o.project_name ?? '') : `${o.unit_name} 部门整体`;
  return `${name}${o.object_type === 'goalSheet' ? '绩效目标表' : '绩效自评结果'}`;
};

function toDisclosureDto(ctx: CallContext, d: DisclosureListRow): DisclosureDto {
  return {
    id: d.id, origin: d.origin, readOnly: d.origin !== ctx.origin, year: d.year, objectType: d.object_type, objectId: d.object_id, unitId: d.unit_id,
    unitName: d.unit_name, projectId: d.project_id, projectCode: d.project_code, title: d.title, publishedOn: d.published_on, channel: d.channel,
    location: d.location, note: d.note, createdBy: d.created_by, createdAt: d.created_at,
  };
}

/** Disclosable objects split by confidentiality, and which channels each used already. */
function disclosureState(ctx: CallContext, year: number) {
  const tree = new UnitTree(ctx.db);
  const all = disclosableObjects(ctx.db, year);
  const open = all.filter((o) => !isConfidential(o, tree));
  const rows = listDisclosures(ctx.db, year);
  const channels = new Map<string, Set<DisclosureDto['channel']>>();
  for (const r of rows) {
    if (!r.object_id) continue;
    const key = `${r.object_type}:${r.object_id}`;
    channels.set(key, (channels.get(key) ?? new Set()).add(r.channel));
  }
  return { tree, open, excluded: all.length - open.length, rows, channels };
}

type AddDisclosure = MethodParsed<'results.addDisclosure'>;

const REFUSED = '涉密单位/项目不予公开';

// ---------------------------------------------------------------- handlers

export const resultsHandlers: HandlerMap<ResultsMethods> = {
  ...linkageHandlers,
  ...evaluationListHandlers,

  'rectifications.ledger': (ctx, input) => {
    const { rows, total } = listLedgerRows(ctx.db, filterOf(ctx, input), input.pageSize, (input.page - 1) * input.pageSize);
    return { rows: ledgerDtos(ctx, rows), total };
  },

  'rectifications.get': (ctx, { id }) => loadLedgerItem(ctx, id),

  'rectifications.create': (ctx, input) => {
    let unitId = input.unitId;
    let projectId: string | null = null;
    if (input.projectId) {
      const p = findProject(ctx.db, input.projectId);
      if (!p) throw new AppFailure('NOT_FOUND', '所选项目不存在。', [{ field: 'projectId', message: '项目不存在' }]);
      if (input.unitId && input.unitId !== p.unit_id) {
        throw new AppFailure('VALIDATION', `项目“${p.name}”属于另一单位，请重新选择单位或项目。`, [{ field: 'unitId', message: '与项目所属单位不一致' }]);
      }
      projectId = p.id;
      unitId = p.unit_id;
    }
    if (!unitId || !findUnit(ctx.db, unitId)) throw new AppFailure('VALIDATION', '所选单位不存在。', [{ field: 'unitId', message: '单位不存在' }]);
    requireDepartment(ctx, input.departmentId);
    const now = ctx.now();
    const at = now.toISOString();
    const row = {
      id: uuidv7(now.getTime()), origin: ctx.origin, year: input.year, code: '', source: input.source, source_id: null, project_id: projectId, unit_id: unitId,
      category: input.category, problem: input.problem, requirement: input.requirement, owner: input.owner, issued_on: input.issuedOn, deadline: input.deadline,
      status: 'open' as const, progress: '', measures: '', amount_fen: input.amountFen, closed_on: null, created_at: at, updated_at: at,
      responsible_person: input.responsiblePerson, department_id: input.departmentId, source_ref: input.sourceRef, recovered_fen: input.recoveredFen,
      fiscal_suggestion: input.fiscalSuggestion, review_opinion: '', reviewer: '', reviewed_on: null,
    };
    ctx.write(['rectifications'], (tx) => {
      // Numbered inside the transaction, on the same sequence as the items monitoring creates.
      row.code = `ZG-${input.year}-${String(nextRectificationSeq(ctx.db, ctx.origin, input.year)).padStart(4, '0')}`;
      insertLedgerRectification(ctx.db, row);
      tx.record('rectification', row.id, null, row);
    });
    return loadLedgerItem(ctx, row.id);
  },

  'rectifications.saveLedger': (ctx, input) => {
    const before = requireOwnItem(ctx, input.id, '修改');
    if (before.rev !== input.rev) throw new AppFailure('CONFLICT', `整改事项“${before.code}”已被他人修改，请刷新后重试。`);
    requireDepartment(ctx, input.departmentId);
    // The review date is when the opinion was last written or changed.
    const reviewedOn = !input.reviewOpinion ? null : input.reviewOpinion !== before.review_opinion || input.reviewer !== before.reviewer ? today(ctx) : before.reviewed_on;
    const after = {
      id: before.id, category: input.category, amount_fen: input.amountFen, responsible_person: input.responsiblePerson, department_id: input.departmentId,
      source_ref: input.sourceRef, recovered_fen: input.recoveredFen, fiscal_suggestion: input.fiscalSuggestion, review_opinion: input.reviewOpinion,
      reviewer: input.reviewer, reviewed_on: reviewedOn, updated_at: ctx.now().toISOString(),
    };
    const beforeFields = {
      category: before.category, amount_fen: before.amount_fen, responsible_person: before.responsible_person, department_id: before.department_id,
      source_ref: before.source_ref, recovered_fen: before.recovered_fen, fiscal_suggestion: before.fiscal_suggestion, review_opinion: before.review_opinion,
      reviewer: before.reviewer, reviewed_on: before.reviewed_on,
    };
    ctx.write(['rectifications'], (tx) => {
      saveLedgerFields(ctx.db, after);
      const { id: _id, updated_at: _u, ...afterFields } = after;
      tx.record('rectification', before.id, beforeFields, afterFields);
    });
    return loadLedgerItem(ctx, before.id);
  },

  'rectifications.addEvidence': (ctx, { id, file }) => {
    const item = requireOwnItem(ctx, id, '上传佐证材料');
    const b64 = file.base64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) {
      throw new AppFailure('VALIDATION', `文件“${file.name}”的内容无法读取。`, [{ field: 'file', message: '文件内容格式无效' }]);
    }
    const content = Buffer.from(b64, 'base64');
    if (content.length === 0) throw new AppFailure('VALIDATION', `文件“${file.name}”是空文件。`, [{ field: 'file', message: '文件为空' }]);
    if (content.length > MAX_EVIDENCE_BYTES) throw new AppFailure('VALIDATION', `文件“${file.name}”超过 50 MB，不能作为佐证材料。`, [{ field: 'file', message: '附件不能超过 50 MB' }]);
    const name = file.name.split(/[\\/]/).pop() || file.name;
    const row = {
      id: uuidv7(), origin: ctx.origin, owner_id: item.id, name, mime: 'application/octet-stream', size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'), created_at: ctx.now().toISOString(), created_by: ctx.user?.username ?? '',
    };
    ctx.write(['attachments', 'attachment_blobs', 'rectifications'], (tx) => {
      insertRectificationEvidence(ctx.db, row, content);
      tx.record('attachment', row.id, null, { name, size: row.size, sha256: row.sha256, rectification: item.code });
    });
    return { id: row.id, name, size: row.size, createdAt: row.created_at, createdBy: row.created_by };
  },

  'rectifications.rates': (ctx, input) => ratesOf(ctx, input),

  'rectifications.exportLedger': (ctx, input) => {
    const items = ledgerDtos(ctx, allLedgerRows(ctx.db, filterOf(ctx, input)));
    const rates = ratesOf(ctx, input);
    const scope = [
      input.source ? `来源：${sourceLabel(input.source)}` : '',
      input.unitId ? `单位：${findUnit(ctx.db, input.unitId)?.name ?? ''}` : '',
      input.status ? `状态：${RECTIFICATION_STATUS_LABELS[input.status]}` : '',
      input.q ? `查找：${input.q}` : '',
    ].filter(Boolean).join('　');
    const bytes = buildWorkbook([{
      name: '整改台账',
      title: `${input.year}年度预算绩效管理整改台账${scope ? `（${scope}）` : ''}`,
      columns: LEDGER_COLUMNS.map((c) => ({ header: c.header, width: c.width })),
      rows: items.map((d) => LEDGER_COLUMNS.map((c) => c.cell(d))),
      notes: [
        `整改完成率 ${rateText(rates.completionRate)}（已完成销号 ${rates.done} ÷ 应整改 ${rates.due}）；按期整改率 ${rateText(rates.onTimeRate)}（期限内完成 ${rates.onTime} ÷ 应整改 ${rates.due}）；` +
          `逾期未完成 ${rates.overdue} 项；应整改事项不含不予整改 ${rates.waived} 项。整改率按年度${input.source || input.unitId ? '及所选来源、单位' : ''}统计。`,
        `逾期按 ${rates.today} 判断。金额单位：万元。导出日期：${today(ctx)}`,
      ],
    }]);
    return fileDto(safeFileName(`整改台账-${input.year}年.xlsx`), bytes);
  },

  'results.disclosures': (ctx, { year }) => {
    const st = disclosureState(ctx, year);
    const candidates: DisclosureCandidateDto[] = st.open
      .filter((o) => o.origin === ctx.origin)
      .map((o) => ({
        objectType: o.object_type, objectId: o.object_id, unitId: o.unit_id, unitName: o.unit_name, projectId: o.project_id, projectCode: o.project_code,
        title: objectTitle(o), status: o.status, channels: [...(st.channels.get(`${o.object_type}:${o.object_id}`) ?? [])],
      }))
      .filter((c) => c.channels.length === 0);
    return { year, rows: st.rows.map((r) => toDisclosureDto(ctx, r)), candidates, excludedConfidential: st.excluded };
  },

  'results.addDisclosure': (ctx, input: AddDisclosure) => {
    const tree = new UnitTree(ctx.db);
    let unitId = input.unitId;
    let projectId: string | null = null;
    let title = input.title;
    if (input.objectType === 'goalSheet' || input.objectType === 'selfEvaluation') {
      const expected = input.objectType === 'goalSheet' ? '已批复或已公开的绩效目标表' : '经财政验收的自评表';
      const o = disclosableObjects(ctx.db, input.year).find((x) => x.object_id === input.objectId && x.object_type === input.objectType);
      if (!o) throw new AppFailure('VALIDATION', `所选对象不是 ${input.year} 年度${expected}，不能登记公开。`, [{ field: 'objectId', message: `请选择${expected}` }]);
      if (isConfidential(o, tree)) throw new AppFailure('CONFLICT', `${objectTitle(o)}：${REFUSED}。`, [{ field: 'objectId', message: REFUSED }]);
      unitId = o.unit_id;
      projectId = o.project_id;
      title ||= objectTitle(o);
    } else {
      // 评价报告 and 部门整体 entries name the unit (the reports themselves are not registered objects yet).
      if (!unitId || !tree.get(unitId)) throw new AppFailure('VALIDATION', '所选单位不存在。', [{ field: 'unitId', message: '单位不存在' }]);
      if (tree.confidential(unitId)) throw new AppFailure('CONFLICT', `${tree.get(unitId)?.name ?? ''}：${REFUSED}。`, [{ field: 'unitId', message: REFUSED }]);
    }
    if (!unitId) throw new AppFailure('VALIDATION', '请选择单位。', [{ field: 'unitId', message: '请选择单位' }]);
    if (input.publishedOn > today(ctx)) {
      throw new AppFailure('VALIDATION', `公开日期 ${input.publishedOn} 晚于今天（${today(ctx)}）。`, [{ field: 'publishedOn', message: '公开日期不能晚于今天' }]);
    }
    if (input.objectId && listDisclosures(ctx.db, input.year).some((d) => d.object_id === input.objectId && d.channel === input.channel && d.origin === ctx.origin)) {
      throw new AppFailure('CONFLICT', `${title} 已登记过“${DISCLOSURE_CHANNEL_LABELS[input.channel]}”公开。`, [{ field: 'channel', message: '该公开方式已登记' }]);
    }
    const at = ctx.now().toISOString();
    const row = {
      id: uuidv7(), origin: ctx.origin, year: input.year, object_type: input.objectType, object_id: input.objectType === 'goalSheet' || input.objectType === 'selfEvaluation' ? input.objectId : null, unit_id: unitId, project_id: projectId, title,
      published_on: input.publishedOn, channel: input.channel, location: input.location, note: input.note, created_by: ctx.user?.displayName ?? '', created_at: at, updated_at: at,
    };
    ctx.write(['disclosures'], (tx) => {
      insertDisclosure(ctx.db, row);
      tx.record('disclosure', row.id, null, row);
    });
    const saved = listDisclosures(ctx.db, input.year).find((d) => d.id === row.id);
    if (!saved) throw new AppFailure('NOT_FOUND', '公开登记不存在。');
    return toDisclosureDto(ctx, saved);
  },

  'results.removeDisclosure': (ctx, { id }) => {
    const d = findDisclosure(ctx.db, id);
    if (!d) throw new AppFailure('NOT_FOUND', '公开登记不存在。');
    if (d.origin !== ctx.origin) throw new AppFailure('CONFLICT', '该公开登记来自其他单位的同步数据，只能查看，不能删除。');
    ctx.write(['disclosures'], (tx) => {
      deleteDisclosure(ctx.db, id);
      tx.record('disclosure', id, d, null);
    });
    return { id };
  },

  'results.disclosureRate': (ctx, { year }) => {
    const st = disclosureState(ctx, year);
    const disclosedOf = (type: 'goalSheet' | 'selfEvaluation') => st.open.filter((o) => o.object_type === type && st.channels.has(`${type}:${o.object_id}`)).length;
    const byType = DISCLOSURE_OBJECT_TYPES.map((objectType) => {
      if (objectType === 'goalSheet' || objectType === 'selfEvaluation') {
        const disclosable = st.open.filter((o) => o.object_type === objectType).length;
        const disclosed = disclosedOf(objectType);
        return { objectType, disclosable, disclosed, rate: percent(disclosed, disclosable) };
      }
      // Evaluation reports and unit-overall entries have no register of what should be published yet: counted, no rate.
      const entries = st.rows.filter((r) => r.object_type === objectType);
      return { objectType, disclosable: null, disclosed: new Set(entries.map((r) => `${r.unit_id}:${r.title}`)).size, rate: null };
    });
    const known = byType.filter((t) => t.disclosable !== null);
    const disclosable = known.reduce((a, t) => a + (t.disclosable ?? 0), 0);
    const disclosed = known.reduce((a, t) => a + t.disclosed, 0);
    return { year, byType, overall: { disclosable, disclosed, rate: percent(disclosed, disclosable) }, excludedConfidential: st.excluded };
  },
};

