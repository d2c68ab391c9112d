import type { AssessmentCellDto, AssessmentDto, AssessmentRowDto } from '../../../shared/api/methods/assessment.ts';
import { AppFailure } from '../../../shared/api/result.ts';
import {
  AUTO_ITEM_LABELS, DEFAULT_ASSESSMENT_ITEMS, assessmentRates, assessmentTotal, autoItemRule, autoScore, cellResult, checkAssessmentItems, departmentOf, isAutoCode,
  manualScoreProblem, rankUnits, type AssessmentFacts, type AssessmentItem,
} from '../../../shared/rules/assessment.ts';
import { round2 } from '../../../shared/rules/rounding.ts';
import { rectificationRates, type RectificationRateItem } from '../../../shared/rules/rectification.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import { buildWorkbook, fileDto } from '../files/xlsx.ts';
import {
  departments, findAssessmentTable, findScore, goalFacts, insertAssessmentEvent, insertAssessmentTable, listAssessmentEvents, listScores, markComputed,
  monitoringFacts, recheckFacts, rectificationFacts, roundCount, saveManualScore, saveTableItems, selfEvalFacts, setTableStatus, unitParents, upsertAutoScore,
  type AssessmentTableRow,
} from '../repositories/assessment.ts';
import { disclosableObjects, listDisclosures, unitFlags } from '../repositories/results.ts';
import { uuidv7 } from '../util/ids.ts';
import { resolveProfile } from './profiles.ts';

/**
 * 绩效管理工作考核 (SPEC §9.4). One table per office and year scores every active 主管部门 (a
 * unit without parent); each department's figures include its subordinate units' records.
 * The item set (default: DEFAULT_ASSESSMENT_ITEMS) may be edited until the first computation;
 * the automatic items are recomputed by 计算/刷新 with the year's set; manual scores survive a
 * refresh. A fully scored table is published (已发布: locked); 绩效管理 may withdraw the
 * publication with a reason, recorded in assessment_events and the audit log.
 *
 *   (no table | items edited) --compute--> draft (computed) --publish--> published --withdraw(reason)--> draft
 */

type Methods =
  | 'assessment.compute' | 'assessment.get' | 'assessment.saveManual' | 'assessment.export' | 'assessment.saveItems' | 'assessment.publish'
  | 'assessment.withdraw';

const TABLES = ['assessment_tables', 'assessment_scores', 'assessment_events'];
const today = (ctx: CallContext) => ctx.now().toISOString().slice(0, 10);
const tableName = (year: number) => `${year}年度绩效管理工作考核`;

function emptyFacts(): AssessmentFacts & { rectItems: RectificationRateItem[] } {
  return {
    goals: { amountFen: 0, coveredAmountFen: 0 }, monitoring: null, selfEval: { due: 0, accepted: 0 }, rechecks: [], rectificationRate: null,
    disclosure: { disclosable: 0, disclosed: 0 }, rectItems: [],
  };
}

/** Every department's facts, rolled up from its units' records. */
export function departmentFacts(ctx: CallContext, year: number): Map<string, AssessmentFacts> {
  const deptOf = departmentOf(unitParents(ctx.db));
  const depts = departments(ctx.db, ctx.origin);
  const facts = new Map(depts.map((d) => [d.id, emptyFacts()]));
  const of = (unitId: string | null | undefined) => (unitId ? facts.get(deptOf.get(unitId) ?? '') : undefined);

  for (const g of goalFacts(ctx.db, ctx.origin, year)) {
    const f = of(g.unitId);
    if (!f) continue;
    f.goals.amountFen += g.amountFen;
    f.goals.coveredAmountFen += g.coveredFen;
  }

  // No self-monitoring round this year: the item cannot be measured for anyone.
  if (roundCount(ctx.db, ctx.origin, year) > 0) {
    for (const f of facts.values()) f.monitoring = { due: 0, onTime: 0 };
    for (const m of monitoringFacts(ctx.db, ctx.origin, year)) {
      const f = of(m.unitId);
      if (!f?.monitoring) continue;
      f.monitoring.due += 1;
      // Submitted (or accepted) now, and first submitted on or before the due date.
      const done = m.status === 'submitted' || m.status === 'accepted';
      if (done && m.firstSubmit !== null && m.firstSubmit.slice(0, 10) <= m.dueOn) f.monitoring.onTime += 1;
    }
  }

  for (const s of selfEvalFacts(ctx.db, ctx.origin, year)) {
    const f = of(s.unitId);
    if (!f) continue;
    f.selfEval.due += s.due;
    f.selfEval.accepted += s.accepted;
  }

  for (const r of recheckFacts(ctx.db, ctx.origin, year)) {
    const f = of(r.unitId);
    if (f) f.rechecks = [...f.rechecks, { selfTotal: r.selfTotal, recheckTotal: r.recheckTotal }];
  }

  for (const r of rectificationFacts(ctx.db, year)) {
    const f = r.departmentId ? facts.get(r.departmentId) : of(r.unitId);
    f?.rectItems.push({ status: r.status, deadline: r.deadline, closedOn: r.closedOn });
  }
  const day = today(ctx);
  for (const f of facts.values()) f.rectificationRate = rectificationRates(f.rectItems, day).completionRate;

  // 信息公开: as results.disclosureRate counts it — 涉密 units (through ancestors) and projects left out.
  const flags = new Map(unitFlags(ctx.db).map((u) => [u.id, u]));
  const confidential = (unitId: string) => {
    let cur = flags.get(unitId);
    for (let guard = 0; cur && guard < 20; guard++) {
      if (cur.confidential === 1) return true;
      cur = cur.parent_id ? flags.get(cur.parent_id) : undefined;
    }
    return false;
  };
  const published = new Set(listDisclosures(ctx.db, year).filter((d) => d.object_id).map((d) => `${d.object_type}:${d.object_id}`));
  for (const o of disclosableObjects(ctx.db, year)) {
    if (o.origin !== ctx.origin || o.project_confidential === 1 || confidential(o.unit_id)) continue;
    const f = of(o.unit_id);
    if (!f) continue;
    f.disclosure.disclosable += 1;
    if (published.has(`${o.object_type}:${o.object_id}`)) f.disclosure.disclosed += 1;
  }
  return facts;
}

const parseItems = (t: AssessmentTableRow): AssessmentItem[] => JSON.parse(t.items) as AssessmentItem[];

const isPerformance = (ctx: CallContext) => ctx.user?.role === 'performance';

function load(ctx: CallContext, year: number): AssessmentDto {
  const t = findAssessmentTable(ctx.db, ctx.origin, year);
  if (!t) {
    return {
      year, tableId: null, name: tableName(year), status: 'draft', computedAt: null, computedBy: null, profileId: null, profileVersion: null,
      items: [...DEFAULT_ASSESSMENT_ITEMS], itemsEditable: isPerformance(ctx), rows: [], events: [],
    };
  }
  const items = parseItems(t);
  const scores = new Map(listScores(ctx.db, t.id).map((s) => [`${s.unit_id}:${s.item_code}`, s]));
  const depts = departments(ctx.db, ctx.origin).filter((d) => items.some((i) => scores.has(`${d.id}:${i.code}`)));
  const rows = depts.map((d) => {
    const cells: AssessmentCellDto[] = items.map((i) => {
      const s = scores.get(`${d.id}:${i.code}`);
      const c = { code: i.code, autoScore: s?.auto_score ?? null, manualScore: s?.manual_score ?? null };
      return {
        itemCode: i.code, rate: s?.auto_value ?? null, autoScore: c.autoScore, manualScore: c.manualScore, note: s?.note ?? '', enteredBy: s?.entered_by ?? null,
        ...cellResult(c),
      };
    });
    const { total, complete } = assessmentTotal(cells.map((c) => ({ code: c.itemCode, autoScore: c.autoScore, manualScore: c.manualScore })));
    return { unitId: d.id, unitCode: d.code, unitName: d.name, code: d.code, cells, total, complete };
  });
  return {
    year, tableId: t.id, name: t.name, status: t.status, computedAt: t.computed_at, computedBy: t.computed_by, profileId: t.profile_id,
    profileVersion: t.profile_version, items, itemsEditable: isPerformance(ctx) && t.computed_at === null && t.status === 'draft',
    rows: rankUnits(rows).map(({ code: _code, ...r }) => r satisfies AssessmentRowDto),
    events: listAssessmentEvents(ctx.db, t.id).map((e) => ({ action: e.action, at: e.at, username: e.username, reason: e.reason })),
  };
}

function requireDraft(t: AssessmentTableRow): void {
  if (t.status === 'published') throw new AppFailure('CONFLICT', `${t.name}已发布，不能再修改；如需修改，请先撤回发布。`);
}

function requireComputed(ctx: CallContext, year: number): AssessmentTableRow {
  const t = findAssessmentTable(ctx.db, ctx.origin, year);
  if (!t || t.computed_at === null) throw new AppFailure('CONFLICT', `${tableName(year)}尚未计算，请先点击“计算”。`);
  return t;
}

/** The edited set as stored: codes for new manual items, an automatic item's rule from its measure and weight. */
function normalizeItems(input: readonly { code: string | null; label: string; weight: number; source: 'auto' | 'manual'; rule: string }[]): AssessmentItem[] {
  const taken = new Set(input.filter((i) => i.source === 'manual' && i.code && !isAutoCode(i.code)).map((i) => i.code));
  let n = 0;
  const nextCode = () => {
    do n += 1; while (taken.has(`manual-${n}`));
    taken.add(`manual-${n}`);
    return `manual-${n}`;
  };
  return input.map((i) => {
    const weight = round2(i.weight);
    if (i.source === 'auto') {
      const code = i.code ?? '';
      return { code, label: i.label || (isAutoCode(code) ? AUTO_ITEM_LABELS[code] : ''), weight, source: 'auto', rule: isAutoCode(code) ? autoItemRule(code, weight) : '' };
    }
    const code = i.code && !isAutoCode(i.code) ? i.code : nextCode();
    return { code, label: i.label, weight, source: 'manual', rule: i.rule };
  });
}

function exportWorkbook(a: AssessmentDto): Buffer {
  const missing = (r: AssessmentRowDto) =>
    r.cells.filter((c) => c.needsManual).map((c) => a.items.find((i) => i.code === c.itemCode)?.label ?? c.itemCode);
  return buildWorkbook([{
    name: '考核结果',
    title: `${a.name}结果`,
    columns: [
      { header: '排名', width: 6 }, { header: '单位编码', width: 10 }, { header: '单位名称', width: 24 },
      ...a.items.map((i) => ({ header: `${i.label}（${i.weight}分）`, width: 14 })),
      { header: '总分', width: 8 }, { header: '备注', width: 30 },
    ],
    rows: a.rows.map((r) => [
      r.rank, r.unitCode, r.unitName, ...r.cells.map((c) => c.score ?? ''), r.total,
      r.complete ? '' : `待评分：${missing(r).join('、')}`,
    ]),
    notes: [
      '评分规则：' + a.items.map((i) => `${i.label}——${i.rule}`).join('；'),
      `计算时间：${a.computedAt ?? '—'}；同分并列，按单位编码排列。`,
      a.status === 'published' ? `已发布：${a.events.filter((e) => e.action === 'publish').at(-1)?.at.slice(0, 10) ?? ''}` : '状态：未发布（草稿）',
    ],
  }]);
}

export const assessmentHandlers: HandlerMap<Methods> = {
  'assessment.compute': (ctx, { year }) => {
    const profile = resolveProfile(ctx.db, year);
    const facts = departmentFacts(ctx, year);
    const at = ctx.now().toISOString();
    const by = ctx.user?.displayName ?? '';
    ctx.write(TABLES, (tx) => {
      let t = findAssessmentTable(ctx.db, ctx.origin, year);
      if (t) requireDraft(t);
      if (!t) {
        const row = {
          id: uuidv7(ctx.now().getTime()), origin: ctx.origin, year, name: tableName(year), items: JSON.stringify(DEFAULT_ASSESSMENT_ITEMS), status: 'draft' as const,
          computed_at: at, computed_by: by, profile_id: profile.id, profile_version: profile.version, created_at: at, updated_at: at,
        };
        insertAssessmentTable(ctx.db, row);
        tx.record('assessmentTable', row.id, null, row);
        t = { ...row, rev: 1 };
      } else {
        markComputed(ctx.db, t.id, at, by);
      }
      const items = parseItems(t);
      for (const [unitId, f] of facts) {
        const rates = assessmentRates(f);
        for (const i of items) {
          const rate = i.source === 'auto' && isAutoCode(i.code) ? rates[i.code] : null;
          upsertAutoScore(ctx.db, { table_id: t.id, unit_id: unitId, item_code: i.code, auto_value: rate, auto_score: autoScore(i.weight, rate), updated_at: at });
        }
      }
      tx.summary('assessmentScores', { tableId: t.id, year, departments: facts.size });
    });
    return load(ctx, year);
  },

  'assessment.get': (ctx, { year }) => load(ctx, year),

  'assessment.saveItems': (ctx, input) => {
    const t = findAssessmentTable(ctx.db, ctx.origin, input.year);
    if (t) requireDraft(t);
    if (t && t.computed_at !== null) {
      throw new AppFailure('CONFLICT', `${t.name}已计算，考核项目不能再修改。`);
    }
    const items = normalizeItems(input.items);
    const issues = checkAssessmentItems(items);
    if (issues.length) throw new AppFailure('VALIDATION', `考核项目有 ${issues.length} 处需要修改：${issues[0]?.message ?? ''}`, issues);
    const profile = resolveProfile(ctx.db, input.year);
    const at = ctx.now().toISOString();
    const json = JSON.stringify(items);
    ctx.write(TABLES, (tx) => {
      if (t) {
        saveTableItems(ctx.db, t.id, json, at);
        tx.record('assessmentTable', t.id, { items: parseItems(t) }, { items });
      } else {
        const row = {
          id: uuidv7(ctx.now().getTime()), origin: ctx.origin, year: input.year, name: tableName(input.year), items: json, status: 'draft' as const,
          computed_at: null, computed_by: null, profile_id: profile.id, profile_version: profile.version, created_at: at, updated_at: at,
        };
        insertAssessmentTable(ctx.db, row);
        tx.record('assessmentTable', row.id, { items: DEFAULT_ASSESSMENT_ITEMS }, { items });
      }
    });
    return load(ctx, input.year);
  },

  'assessment.publish': (ctx, { year }) => {
    const t = requireComputed(ctx, year);
    if (t.status === 'published') throw new AppFailure('CONFLICT', `${t.name}已发布。`);
    const a = load(ctx, year);
    if (a.rows.length === 0) throw new AppFailure('CONFLICT', `${t.name}没有考核对象，不能发布。`);
    const pending = a.rows.flatMap((r) => r.cells.filter((c) => c.needsManual).map((c) => `${r.unitName}“${a.items.find((i) => i.code === c.itemCode)?.label ?? c.itemCode}”`));
    if (pending.length) {
      throw new AppFailure('CONFLICT', `还有 ${pending.length} 项待评分（${pending.slice(0, 3).join('、')}${pending.length > 3 ? '等' : ''}），评分完成后才能发布。`);
    }
    const at = ctx.now().toISOString();
    const username = ctx.user?.displayName ?? ctx.user?.username ?? '';
    ctx.write(TABLES, (tx) => {
      setTableStatus(ctx.db, t.id, 'published', at);
      insertAssessmentEvent(ctx.db, { id: uuidv7(ctx.now().getTime()), table_id: t.id, action: 'publish', at, username, reason: '' });
      tx.record('assessmentTable', t.id, { status: t.status }, { status: 'published', ranking: a.rows.map((r) => `${r.rank}. ${r.unitName} ${r.total.toFixed(2)}`) });
    });
    return load(ctx, year);
  },

  'assessment.withdraw': (ctx, { year, reason }) => {
    const t = requireComputed(ctx, year);
    if (t.status !== 'published') throw new AppFailure('CONFLICT', `${t.name}尚未发布，无需撤回。`);
    const at = ctx.now().toISOString();
    const username = ctx.user?.displayName ?? ctx.user?.username ?? '';
    ctx.write(TABLES, (tx) => {
      setTableStatus(ctx.db, t.id, 'draft', at);
      insertAssessmentEvent(ctx.db, { id: uuidv7(ctx.now().getTime()), table_id: t.id, action: 'withdraw', at, username, reason });
      tx.record('assessmentTable', t.id, { status: t.status }, { status: 'draft', reason });
    });
    return load(ctx, year);
  },

  'assessment.saveManual': (ctx, input) => {
    const t = requireComputed(ctx, input.year);
    requireDraft(t);
    const item = parseItems(t).find((i) => i.code === input.itemCode);
    if (!item) throw new AppFailure('VALIDATION', '考核项目不存在。', [{ field: 'itemCode', message: '考核项目不存在' }]);
    const before = findScore(ctx.db, t.id, input.unitId, input.itemCode);
    const unit = departments(ctx.db, ctx.origin).find((d) => d.id === input.unitId);
    if (!unit || !before) throw new AppFailure('NOT_FOUND', '该单位不在本年度考核范围内（仅考核主管部门）。', [{ field: 'unitId', message: '不在考核范围内' }]);
    if (input.score !== null) {
      const problem = manualScoreProblem(item.weight, input.score);
      if (problem) throw new AppFailure('VALIDATION', `${unit.name}“${item.label}”：${problem}。`, [{ field: 'score', message: problem }]);
      // Overriding what the data says needs a reason on record.
      if (before.auto_score !== null && input.note === '') {
        throw new AppFailure('VALIDATION', `${unit.name}“${item.label}”已有自动得分，人工调整须填写调整说明。`, [{ field: 'note', message: '请填写调整说明' }]);
      }
    }
    const at = ctx.now().toISOString();
    ctx.write(TABLES, (tx) => {
      const after = {
        table_id: t.id, unit_id: input.unitId, item_code: input.itemCode, manual_score: input.score, note: input.score === null ? '' : input.note,
        entered_by: input.score === null ? null : (ctx.user?.displayName ?? ''), entered_at: input.score === null ? null : at, updated_at: at,
      };
      saveManualScore(ctx.db, after);
      tx.record('assessmentScore', `${t.id}:${input.unitId}:${input.itemCode}`, before, { ...before, ...after });
    });
    return load(ctx, input.year);
  },

  'assessment.export': (ctx, { year }) => {
    requireComputed(ctx, year);
    const a = load(ctx, year);
    return fileDto(`${a.name}结果.xlsx`, exportWorkbook(a));
  },
};

