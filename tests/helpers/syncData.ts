import type { MethodInput } from '../../shared/api/contract.ts';
import type { SelfEvalDto } from '../../shared/api/dtoSelfEval.ts';
import type { GoalIndicatorInput } from '../../shared/api/schemasGoals.ts';
import { ADMIN_PASSWORD, addUser, USER_PASSWORD, type Harness } from './backend.ts';
import { ind } from './goalSetup.ts';

/**
 * An office's year of data built through the services, so that a bundle carries a row in every
 * registry table: units, a copied rule profile, a local library entry, an agency and an expert,
 * projects with fund tags, an ex-ante assessment with scores and an attachment, goal sheets with
 * indicators, events, a review and an adjustment, a monitoring round with values, events, a red
 * warning and a 限期整改 decision, self-evaluations with rows, events and evidence, a re-check
 * sample, linkage decisions, a disclosure, a key evaluation with items and scores, and the annual
 * assessment.
 */

const WAN = 1_000_000;
const YEAR = 2026;

export interface Sessions {
  perf: string;
  biz: string;
}

/** The data is entered early in 2027, after the year (disclosure dates may not lie in the future). */
export const DATA_TIME = Date.parse('2027-01-10T02:00:00.000Z');

const signIn = async (h: Harness): Promise<Sessions> => ({ perf: await h.login('jixiao', USER_PASSWORD), biz: await h.login('yewu', USER_PASSWORD) });

/** Moves the office's clock to DATA_TIME, signs the administrator in again and adds a 绩效管理 and a 业务股室 account. */
export async function sessions(h: Harness): Promise<Sessions> {
  h.clock.ms = DATA_TIME;
  h.session = await h.login('admin', ADMIN_PASSWORD);
  await addUser(h, 'jixiao', 'performance');
  await addUser(h, 'yewu', 'business');
  return signIn(h);
}

/** 农村饮水安全巩固提升: level 1, level 2, name, target, and what differs from a 定量 ≥ row. */
const INDICATOR_TABLE: [GoalIndicatorInput['level1'], string, string, string, Partial<GoalIndicatorInput>?][] = [
  ['output', 'quantity', '新建供水管网', '≥30公里'],
  ['output', 'quality', '水质达标率', '≥95%'],
  ['output', 'timeliness', '工程按期完工率', '=100%', { operator: '=' }],
  ['output', 'costOutput', '每公里管网造价', '≤25万元/公里', { operator: '<=' }],
  ['benefit', 'socialBenefit', '受益人口', '≥12000人'],
  ['benefit', 'sustainability', '管护制度建立', '建立并运行', { valueType: 'qualitative', operator: 'qualitative' }],
  ['satisfaction', 'serviceSatisfaction', '受益群众满意度', '≥90%'],
];
const INDICATORS = INDICATOR_TABLE.map(([level1, level2, name, targetText, more]) => ind({ level1, level2, name, targetText, ...more } as GoalIndicatorInput));
/** The qualitative indicator: 未达成 in monitoring (a red warning), 部分达成 in the self-evaluation. */
const QUALITATIVE = '管护制度建立';

type RowInput = MethodInput<'selfEval.save'>['rows'][number];
/** Weights and results of the self-evaluation, in the order of the indicators. */
const RESULTS: Partial<RowInput>[] = [
  { weight: 15, actualText: '18', deviationReason: '征地延误，完成六成。' },
  { weight: 10, actualText: '96%' },
  { weight: 10, actualText: '100%' },
  { weight: 15, actualText: '23.5' },
  { weight: 15, actualText: '9000', deviationReason: '二期管网未通水。' },
  { weight: 15, actualText: '制度已印发', qualitativeResult: 'partial', manualScore: 11, deviationReason: '运行时间短。' },
  { weight: 10, actualText: '93%' },
];
const SCORES: Record<string, Partial<RowInput>> = Object.fromEntries(INDICATOR_TABLE.map(([, , name], i) => [name, RESULTS[i] ?? {}]));

const pdf = (text: string) => ({ name: `${text}.pdf`, base64: Buffer.from(`%PDF-1.4 ${text}`).toString('base64') });

export interface CountyData {
  unitId: string;
  deptId: string;
  projectIds: string[];
  evaluationIds: string[];
}

/** A county's 2026: see the file comment. Returns the ids later steps (the prefecture's records) refer to. */
export async function buildCounty(h: Harness, s: Sessions): Promise<CountyData> {
  const dept = await h.call('units.create', { code: '301', name: '县交通运输局', kind: 'administrative' });
  const unit = await h.call('units.create', { code: '301001', name: '县公路养护站', kind: 'institution', parentId: dept.id });
  await h.call('profiles.copy', { fromId: 'builtin-xinjiang-county', code: 'qitai-2026', name: '奇台县 2026 方案' }, s.perf);
  const lib = await h.call('library.create', {
    code: 'QT-LOCAL-01', libraryKind: 'local', projectType: 'general', level1: 'output', level2: 'quantity', name: '本地养护里程',
    valueType: 'quantitative', operator: '>=', appliesTo: ['project'],
  } as MethodInput<'library.create'>, s.perf);
  const agency = await h.call('agencies.save', { name: '新疆天正绩效评价有限公司', field: '交通', contact: '0994-1234567', qualification: '甲级', conflicts: '', active: true }, s.perf);
  await h.call('experts.save', { name: '张明', field: '公路工程', organisation: '州公路管理局', contact: '13800000000', conflicts: '', active: true }, s.perf);

  const projectIds: string[] = [];
  for (const [i, amount] of [320, 1000, 100].entries()) {
    const code = `JT-00${i + 1}`;
    const p = await h.call('projects.create', {
      year: YEAR, code, name: `农村饮水安全巩固提升${code}`, unitId: unit.id, objectType: 'project', attribute: 'continuing', budgetType: 'general',
      initial: { fiscalFen: amount * WAN, carryoverFen: 0, otherFen: 0 }, annual: { fiscalFen: amount * WAN, carryoverFen: 0, otherFen: 0 },
      tags: i === 0 ? ['direct', 'upperTransfer'] : [],
    } as MethodInput<'projects.create'>, s.biz);
    projectIds.push(p.id);
    const sheet = await h.call('goals.create', { projectId: p.id }, s.biz);
    const indicators = i === 0 ? [...INDICATORS.slice(0, 6), { ...(INDICATORS[6] as GoalIndicatorInput), libraryId: lib.id }] : INDICATORS;
    await h.call('goals.save', { sheetId: sheet.id, rev: sheet.rev, annualGoal: '新建供水管网 30 公里，受益人口 1.2 万人。', indicators }, s.biz);
    if (i === 0) {
      // The whole workflow for one sheet (events and a review); the others are approved directly.
      for (const transition of ['submit', 'deptApprove'] as const) await h.call('goals.transition', { sheetId: sheet.id, transition, comment: '' }, s.biz);
      await h.call('goals.review', { sheetId: sheet.id, opinion: '目标明确', scores: { completeness: 24, relevance: 24, appropriateness: 23, feasibility: 23 } }, s.perf);
      await h.call('goals.transition', { sheetId: sheet.id, transition: 'approve', comment: '批复' }, s.perf);
      await h.call('goals.adjust', { sheetId: sheet.id, reason: '年中调整目标', annualGoal: '新建供水管网 25 公里，受益人口 1 万人。', indicators }, s.perf);
    } else {
      h.backend.database.prepare("UPDATE goal_sheets SET status = 'approved', locked = 1 WHERE id = ?").run(sheet.id);
    }
  }
  const first = projectIds[0] ?? '';
  const ex = await h.call('exAnte.save', {
    projectId: first, assessorType: 'self', assessedOn: '2026-02-20',
    scores: [{ expert: '张明', dimension: 'necessity', score: 18, opinion: '必要' }], summary: '建议支持',
  } as MethodInput<'exAnte.save'>, s.biz);
  await h.call('attachments.add', { ownerType: 'exAnte', ownerId: ex.id ?? '', file: pdf('可研报告') }, s.biz);

  // Monitoring: a round, a red warning on JT-001 and a 限期整改 decision.
  const round = await h.call('monitoring.createRound', {
    year: YEAR, month: 8, objectType: 'project', kind: 'self', title: '2026年1–8月项目自行监控', issuedOn: '2026-09-01', dueOn: '2026-09-15',
  }, s.biz);
  await h.call('monitoring.populateRound', { roundId: round.id }, s.biz);
  const page = await h.call('monitoring.sheets', { roundId: round.id, q: 'JT-001' }, s.biz);
  const ms = await h.call('monitoring.getSheet', { sheetId: page.rows[0]?.id ?? '' }, s.biz);
  const saved = await h.call('monitoring.saveSheet', {
    sheetId: ms.id, rev: ms.rev, executedFen: 120 * WAN, executedFiscalFen: 120 * WAN, executedOtherFen: 0,
    values: ms.values.map((v) => (v.name === QUALITATIVE
      ? { seq: v.seq, progress: 'notAchieved' as const, likelihood: 'possible' as const, measure: '加快制度建设' }
      : { seq: v.seq, actualText: '50', expectedText: '100', likelihood: 'certain' as const })),
  }, s.biz);
  await h.call('monitoring.transition', { sheetId: ms.id, transition: 'submit', comment: '' }, s.biz);
  await h.call('monitoring.decide', {
    sheetId: ms.id, warningId: saved.warnings[0]?.id ?? null, action: 'rectify', note: '限期整改',
    rectification: { problem: '管护制度未建立', requirement: '3 月底前建立管护制度', owner: '县公路养护站', deadline: '2027-03-31' },
  } as MethodInput<'monitoring.decide'>, s.perf);

  // Self-evaluations, evidence, then the re-check of the handed-in ones.
  await h.call('selfEval.populate', { year: YEAR }, s.biz);
  const evaluationIds: string[] = [];
  const list = await h.call('selfEval.list', { year: YEAR }, s.biz);
  for (const row of list.rows.filter((r) => r.projectCode)) {
    const e: SelfEvalDto = await h.call('selfEval.get', { id: row.id }, s.biz);
    await h.call('selfEval.save', {
      id: e.id, rev: e.rev, executedFen: 300 * WAN, goalCompletion: '按计划实施。',
      rows: e.rows.map((r) => ({
        seq: r.seq, weight: r.weight, actualText: r.actualText, notApplicable: r.notApplicable, qualitativeResult: r.qualitativeResult,
        manualScore: r.manualScore, targetTooLow: r.targetTooLow, deviationReason: r.deviationReason, ...SCORES[r.name],
      })),
    } as MethodInput<'selfEval.save'>, s.biz);
    if (evaluationIds.length === 0) await h.call('selfEval.addEvidence', { id: e.id, seq: null, file: pdf('验收报告') }, s.biz);
    await h.call('selfEval.transition', { id: e.id, transition: 'submit', comment: '' }, s.biz);
    await h.call('selfEval.transition', { id: e.id, transition: 'deptApprove', comment: '' }, s.biz);
    await h.call('selfEval.transition', { id: e.id, transition: 'accept', comment: '' }, s.perf);
    evaluationIds.push(e.id);
  }
  const sample = await h.call('recheck.createSample', {
    year: YEAR, seed: 7, randomCount: 0, topByAmount: 1, includeRedWarnings: false, lowScoreBelow: null, amountSharePct: null, note: '2026年度财政复核',
  } as MethodInput<'recheck.createSample'>, s.perf);
  const items = await h.call('recheck.items', { sampleId: sample.id }, s.perf);
  const item = await h.call('recheck.get', { itemId: items[0]?.id ?? '' }, s.perf);
  await h.call('recheck.save', { itemId: item.id, rows: item.rows.map((r) => ({ seq: r.seq, score: r.weight * 0.8, comment: '复核' })), opinion: '基本属实' } as MethodInput<'recheck.save'>, s.perf);
  await h.call('recheck.complete', { itemId: item.id, deadline: '2027-03-31' }, s.perf);

  // Use of results, a key evaluation by a third party, the annual assessment.
  const rect = await h.call('rectifications.create', {
    year: YEAR, source: 'audit', category: 'funds', projectId: first, problem: '审计发现资金拨付滞后', requirement: '加快拨付', owner: '县交通运输局', issuedOn: '2026-10-01', deadline: '2026-11-30',
  } as MethodInput<'rectifications.create'>, s.perf);
  await h.call('rectifications.addEvidence', { id: rect.id, file: pdf('整改报告') }, s.biz);
  await h.call('results.decideLinkage', { projectId: first, year: YEAR, decision: 'reduce', amountFen: -10 * WAN, note: '' }, s.perf);
  await h.call('results.addDisclosure', {
    year: YEAR, objectType: 'selfEvaluation', objectId: evaluationIds[0] ?? null, publishedOn: '2026-12-01', channel: 'website', location: 'http://www.qitai.gov.cn/', note: '', title: '',
  } as MethodInput<'results.addDisclosure'>, s.perf);
  const ke = await h.call('keyEval.create', {
    year: YEAR, kind: 'finance', objectType: 'project', projectId: projectIds[1] ?? '', unitId: unit.id, title: '农村公路养护重点评价',
    evaluator: 'thirdParty', agencyId: agency.id, frameworkCode: 'C',
  } as MethodInput<'keyEval.create'>, s.perf);
  await h.call('keyEval.saveScores', { id: ke.id, entries: [{ seq: ke.items[0]?.seq ?? 1, expert: '张明', input: { method: 'elements', met: [0] } }] } as MethodInput<'keyEval.saveScores'>, s.perf);
  await h.call('assessment.compute', { year: YEAR }, s.perf);
  await h.call('assessment.saveManual', { year: YEAR, unitId: dept.id, itemCode: 'management', score: 12, note: '制度健全' }, s.perf);
  await h.call('assessment.publish', { year: YEAR }, s.perf);
  return { unitId: unit.id, deptId: dept.id, projectIds, evaluationIds };
}

/**
 * The county corrects its 2026 after its first bundle (signed in again, the earlier sessions may
 * have expired): one project renamed, the disclosure removed. Its next bundle changes one project
 * and removes one disclosure at the receiver.
 */
export async function correctCounty(h: Harness, county: CountyData): Promise<void> {
  const s = await signIn(h);
  const project = await h.call('projects.get', { id: county.projectIds[1] ?? '' }, s.biz);
  await h.call('projects.update', {
    id: project.id, rev: project.rev, code: project.code, name: '农村公路日常养护（调整）', unitId: project.unitId, objectType: project.objectType,
    attribute: project.attribute, budgetType: project.budgetType, initial: project.initial, annual: project.annual, tags: project.tags,
  }, s.biz);
  const [disclosure] = (await h.call('results.disclosures', { year: YEAR }, s.perf)).rows;
  await h.call('results.removeDisclosure', { id: disclosure?.id ?? '' }, s.perf);
}

export interface PrefectureData {
  ownProjectId: string;
  keyEvalId: string;
}

/**
 * The prefecture's own records after it imported the county's 2026: its library entry, profile,
 * agency and monitoring round (all sent down), its own unit and project (never sent down), and its
 * results about the county's records: a key evaluation of a county project by its agency, a
 * rectification item, a linkage decision, and a re-check sample of a county self-evaluation (raw
 * rows: the re-check service samples the office's own evaluations).
 */
export async function buildPrefecture(h: Harness, s: Sessions, county: CountyData): Promise<PrefectureData> {
  await h.call('profiles.copy', { fromId: 'builtin-xinjiang-county', code: 'changji-2026', name: '昌吉州 2026 方案' }, s.perf);
  await h.call('library.create', {
    code: 'CJ-PUB-01', libraryKind: 'industry', projectType: 'general', level1: 'benefit', level2: 'socialBenefit', name: '州级公共服务改善度',
    valueType: 'qualitative', operator: 'qualitative', appliesTo: ['project'],
  } as MethodInput<'library.create'>, s.perf);
  const agency = await h.call('agencies.save', { name: '昌吉州绩效评价中心', field: '综合', contact: '0994-7654321', qualification: '', conflicts: '', active: true }, s.perf);
  await h.call('monitoring.createRound', {
    year: YEAR, month: 6, objectType: 'project', kind: 'self', title: '2026年1–6月绩效监控（州定期限）', issuedOn: '2026-07-01', dueOn: '2026-07-15',
  }, s.biz);
  const own = await h.call('units.create', { code: '801', name: '州交通运输局', kind: 'administrative' });
  const p = await h.call('projects.create', {
    year: YEAR, code: 'ZJ-001', name: '州道养护', unitId: own.id, objectType: 'project', attribute: 'continuing', budgetType: 'general',
    initial: { fiscalFen: 50 * WAN, carryoverFen: 0, otherFen: 0 }, annual: { fiscalFen: 50 * WAN, carryoverFen: 0, otherFen: 0 }, tags: [],
  } as MethodInput<'projects.create'>, s.biz);
  const target = county.projectIds[2] ?? '';
  const ke = await h.call('keyEval.create', {
    year: YEAR, kind: 'finance', objectType: 'project', projectId: target, unitId: county.unitId, title: '州对县农村公路养护的重点评价',
    evaluator: 'thirdParty', agencyId: agency.id, frameworkCode: 'C',
  } as MethodInput<'keyEval.create'>, s.perf);
  await h.call('rectifications.create', {
    year: YEAR, source: 'keyEvaluation', category: 'funds', projectId: target, problem: '州级评价发现成本偏高', requirement: '压减养护成本',
    owner: '县公路养护站', issuedOn: '2027-01-10', deadline: '2027-04-30',
  } as MethodInput<'rectifications.create'>, s.perf);
  const db = h.backend.database;
  const at = new Date(h.clock.ms).toISOString();
  const sampleId = '01950000-0000-7000-8000-00000000c001';
  const itemId = '01950000-0000-7000-8000-00000000c002';
  db.prepare(`INSERT INTO recheck_samples (id, origin, year, seed, rules, note, population_count, population_fen, sampled_fen, created_by, created_at, updated_at)
    VALUES (?, '652300', 2026, 1, '{}', '州级复核', 1, 0, 0, 'jixiao', ?, ?)`).run(sampleId, at, at);
  db.prepare(`INSERT INTO recheck_items (id, origin, sample_id, evaluation_id, seq, reasons, amount_fen, status, profile_id, profile_version, created_at, updated_at)
    VALUES (?, '652300', ?, ?, 1, '[]', 0, 'pending', 'builtin-national-default', 1, ?, ?)`).run(itemId, sampleId, county.evaluationIds[0], at, at);
  db.prepare("INSERT INTO recheck_rows (item_id, seq, score, comment) VALUES (?, 1, 12.5, '州级复核评分')").run(itemId);
  return { ownProjectId: p.id, keyEvalId: ke.id };
}

/**
 * Many rows quickly (raw inserts into the county's own tables): `n` projects of one unit, each with
 * an approved goal sheet of `indicators` indicators. For bundles whose import takes a while.
 */
export function bulkCounty(h: Harness, n: number, indicators: number): void {
  const db = h.backend.database;
  const at = '2026-03-01T08:00:00.000Z';
  const id = (kind: number, i: number) => `01950000-${String(kind).padStart(4, '0')}-7000-8000-${String(i).padStart(12, '0')}`;
  db.transaction(() => {
    const unitId = id(1, 1);
    db.prepare("INSERT INTO units (id, origin, code, name, kind, created_at, updated_at) VALUES (?, '652325', 'B01', '批量单位', 'administrative', ?, ?)").run(unitId, at, at);
    const project = db.prepare(`INSERT INTO projects (id, origin, year, code, name, unit_id, object_type, attribute, budget_type, annual_fiscal_fen, created_at, updated_at)
      VALUES (?, '652325', 2026, ?, ?, ?, 'project', 'continuing', 'general', ?, ?, ?)`);
    const sheet = db.prepare(`INSERT INTO goal_sheets (id, origin, year, owner_type, project_id, unit_id, status, annual_goal, created_at, updated_at)
      VALUES (?, '652325', 2026, 'project', ?, ?, 'approved', '完成年度任务。', ?, ?)`);
    const indicator = db.prepare(`INSERT INTO goal_indicators (id, sheet_id, seq, level1, level2, name, value_type, operator, target_value, target_text, unit)
      VALUES (?, ?, ?, 'output', 'quantity', ?, 'quantitative', '>=', ?, ?, '公里')`);
    for (let i = 0; i < n; i++) {
      project.run(id(2, i), `B-${String(i).padStart(5, '0')}`, `批量项目${i}`, unitId, (i + 1) * 10_000, at, at);
      sheet.run(id(3, i), id(2, i), unitId, at, at);
      for (let k = 0; k < indicators; k++) indicator.run(id(4, i * indicators + k), id(3, i), k + 1, `指标${k + 1}`, 100 + k, `≥${100 + k}公里`);
    }
  })();
}
