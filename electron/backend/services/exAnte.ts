import { createHash } from 'node:crypto';
import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';
import type { FileDto } from '../../../shared/api/dto.ts';
import type { ExAnteDto } from '../../../shared/api/dtoGoals.ts';
import { assessExAnte, exAnteRequired } from '../../../shared/rules/exAnte.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import type { Db } from '../db/connection.ts';
import {
  blobContent, findAttachment, insertAttachment, insertBlob, listAttachments, type AttachmentOwnerType, type AttachmentRow,
} from '../repositories/attachments.ts';
import {
  assessmentIds, findAssessment, insertAssessment, latestAssessment, listScores, replaceScores, saveAssessment, type ExAnteRow, type ExAnteScoreRow,
} from '../repositories/exAnte.ts';
import { findSheet } from '../repositories/goals.ts';
import { annualTotalFen, findProject, type ProjectRow } from '../repositories/projects.ts';
import { uuidv7 } from '../util/ids.ts';
import { ASSESSOR_TYPE_LABELS, EX_ANTE_CONCLUSION_LABELS, buildExAnteReport } from './exAnteReport.ts';
import { projectGateProblem } from './projects.ts';
import { resolveProfile, resolveProfileVersion, type ResolvedProfile } from './profiles.ts';

/**
 * 事前绩效评估 (SPEC §3): the five-dimension score sheet, its conclusion under the year's rule
 * profile, the gate it puts on the project, and the attachments (可研、论证、集体决策纪要…).
 */

export { ASSESSOR_TYPE_LABELS, EX_ANTE_CONCLUSION_LABELS };

/** Largest attachment accepted (scanned 可研 reports run to tens of MB). */
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

const projectFacts = (p: ProjectRow) => ({ newMajor: p.new_major === 1, attribute: p.attribute, annualTotalFen: annualTotalFen(p) });

/**
 * Why the project may not yet enter the library or have its goal submitted/approved (SPEC E5, E6),
 * or null: the project registry's gate (projects.ts projectGateProblem) applied to the latest
 * assessment round, so the registry and the goal workflow always agree.
 */
export function exAnteGateProblem(db: Db, project: ProjectRow, profile: ResolvedProfile = resolveProfile(db, project.year)): string | null {
  const latest = latestAssessment(db, project.id);
  return projectGateProblem(profile, projectFacts(project), latest ? { status: latest.status, conclusion: latest.conclusion } : null);
}

function requireProject(ctx: CallContext, id: string): ProjectRow {
  const p = findProject(ctx.db, id);
  if (!p) throw new AppFailure('NOT_FOUND', '项目不存在。');
  return p;
}

function requireOwnProject(ctx: CallContext, id: string): ProjectRow {
  const p = requireProject(ctx, id);
  if (p.origin !== ctx.origin) throw new AppFailure('CONFLICT', `项目“${p.name}”来自其他单位的同步数据，只能查看，不能修改。`);
  return p;
}

/** The profile an assessment is shown under: the version it was completed with, else the year's. */
function profileFor(db: Db, project: ProjectRow, a: ExAnteRow | undefined): ResolvedProfile {
  if (a?.status === 'completed' && a.profile_id !== null && a.profile_version !== null) return resolveProfileVersion(db, a.profile_id, a.profile_version);
  return resolveProfile(db, project.year);
}

const attachmentDto = (a: AttachmentRow) => ({ id: a.id, name: a.name, size: a.size, createdAt: a.created_at });

/**
 * The latest round, or an empty draft (id null) when there is none. For a draft, total and
 * conclusion preview what completing would give; `problems` lists what still blocks completion.
 */
export function exAnteDto(db: Db, project: ProjectRow): ExAnteDto {
  const a = latestAssessment(db, project.id);
  const profile = profileFor(db, project, a);
  const required = exAnteRequired(resolveProfile(db, project.year).body, projectFacts(project));
  const order = new Map(profile.body.exAnte.dimensions.map((d, i) => [d.code, i]));
  const rank = (code: string) => order.get(code) ?? order.size;
  // Each expert's scores in the profile's dimension order, as the form lays them out.
  const scores = (a ? listScores(db, a.id) : []).sort((x, y) => (x.expert === y.expert ? rank(x.dimension) - rank(y.dimension) : x.expert < y.expert ? -1 : 1));
  const result = assessExAnte(profile.body, scores);
  const completed = a?.status === 'completed';
  return {
    id: a?.id ?? null,
    projectId: project.id,
    required,
    assessorType: a?.assessor_type ?? 'self',
    agency: a?.agency ?? '',
    assessedOn: a?.assessed_on ?? null,
    status: a?.status ?? 'draft',
    scores: scores.map((s) => ({ expert: s.expert, dimension: s.dimension, score: s.score, opinion: s.opinion })),
    dimensions: result.dimensions,
    total: completed ? a.total : result.total,
    conclusion: completed ? a.conclusion : result.conclusion,
    adjustmentNotes: a?.adjustment_notes ?? '',
    adjustmentFen: a?.adjustment_fen ?? null,
    summary: a?.summary ?? '',
    profileId: a?.profile_id ?? null,
    profileVersion: a?.profile_version ?? null,
    problems: completed ? [] : result.problems,
    attachments: listAttachments(db, 'exAnte', assessmentIds(db, project.id)).map(attachmentDto),
  };
}

/** Audit form of a score sheet: one short string per score, so the diff shows what changed. */
const scoreSummary = (rows: readonly Pick<ExAnteScoreRow, 'expert' | 'dimension' | 'score'>[]) => rows.map((s) => `${s.expert}/${s.dimension}=${s.score}`);

type ScoreInput = { expert: string; dimension: string; score: number; opinion: string };

/** Dimension codes from the profile, each score within 0–weight, one score per expert and dimension. */
function checkScores(profile: ResolvedProfile, scores: readonly ScoreInput[]): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const dims = new Map(profile.body.exAnte.dimensions.map((d) => [d.code, d]));
  const seen = new Set<string>();
  scores.forEach((s, i) => {
    const d = dims.get(s.dimension);
    if (!d) {
      errors.push({ field: `scores.${i}.dimension`, message: `评估维度“${s.dimension}”不在规则方案“${profile.name}”中` });
      return;
    }
    if (s.score > d.weight) errors.push({ field: `scores.${i}.score`, message: `“${d.label}”满分 ${d.weight} 分，专家“${s.expert}”的评分 ${s.score} 超出` });
    const key = `${s.expert}\u0000${s.dimension}`;
    if (seen.has(key)) errors.push({ field: `scores.${i}.expert`, message: `专家“${s.expert}”对“${d.label}”重复评分` });
    seen.add(key);
  });
  return errors;
}

const MIME_BY_EXT: Record<string, string> = {
  pdf: 'application/pdf',
  ofd: 'application/ofd',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  txt: 'text/plain',
  zip: 'application/zip',
};

/** Whether the owner exists and this office may attach to it. */
function requireOwnOwner(ctx: CallContext, ownerType: AttachmentOwnerType, ownerId: string): void {
  const owner =
    ownerType === 'exAnte' ? findAssessment(ctx.db, ownerId)
      : ownerType === 'goalSheet' ? findSheet(ctx.db, ownerId)
        : findProject(ctx.db, ownerId);
  const what = { exAnte: '事前评估', goalSheet: '绩效目标表', project: '项目' }[ownerType];
  if (!owner) throw new AppFailure('NOT_FOUND', `要添加附件的${what}不存在。`, [{ field: 'ownerId', message: `${what}不存在` }]);
  if (owner.origin !== ctx.origin) throw new AppFailure('CONFLICT', `该${what}来自其他单位的同步数据，不能添加附件。`);
}

type ExAnteMethods = 'exAnte.get' | 'exAnte.save' | 'exAnte.complete' | 'exAnte.reopen' | 'exAnte.report' | 'attachments.add' | 'attachments.get';

export const exAnteHandlers: HandlerMap<ExAnteMethods> = {
  'exAnte.get': (ctx, { projectId }) => exAnteDto(ctx.db, requireProject(ctx, projectId)),

  'exAnte.save': (ctx, input) => {
    const project = requireOwnProject(ctx, input.projectId);
    const latest = latestAssessment(ctx.db, project.id);
    if (latest?.status === 'completed') {
      throw new AppFailure('CONFLICT', '事前评估已完成，不能直接修改；如需修改，请由绩效管理岗“重新评估”后再填写。');
    }
    const profile = resolveProfile(ctx.db, project.year);
    const errors = checkScores(profile, input.scores);
    if (errors.length) throw new AppFailure('VALIDATION', `评分有 ${errors.length} 处错误：${errors[0]?.message ?? ''}`, errors);
    const at = ctx.now().toISOString();
    const fields = {
      assessor_type: input.assessorType, agency: input.agency, assessed_on: input.assessedOn, adjustment_notes: input.adjustmentNotes,
      adjustment_fen: input.adjustmentFen, summary: input.summary,
    };
    ctx.write(['ex_ante_assessments', 'ex_ante_scores'], (tx) => {
      if (latest) {
        const before = { ...latest, scores: scoreSummary(listScores(ctx.db, latest.id)) };
        const next: ExAnteRow = { ...latest, ...fields, updated_at: at };
        saveAssessment(ctx.db, next);
        replaceScores(ctx.db, latest.id, input.scores);
        tx.record('ex_ante', latest.id, before, { ...next, scores: scoreSummary(input.scores) });
      } else {
        const row: Omit<ExAnteRow, 'rev'> = {
          id: uuidv7(), origin: ctx.origin, project_id: project.id, status: 'draft', total: null, conclusion: null, profile_id: null,
          profile_version: null, created_at: at, updated_at: at, ...fields,
        };
        insertAssessment(ctx.db, row);
        replaceScores(ctx.db, row.id, input.scores);
        tx.record('ex_ante', row.id, null, { ...row, scores: scoreSummary(input.scores) });
      }
    });
    return exAnteDto(ctx.db, project);
  },

  'exAnte.complete': (ctx, { projectId }) => {
    const project = requireOwnProject(ctx, projectId);
    const latest = latestAssessment(ctx.db, project.id);
    if (!latest) throw new AppFailure('VALIDATION', '请先填写并保存事前评估评分。');
    if (latest.status === 'completed') throw new AppFailure('CONFLICT', '事前评估已完成。');
    if (!latest.assessed_on) throw new AppFailure('VALIDATION', '请填写评估日期后再完成评估。', [{ field: 'assessedOn', message: '请填写评估日期' }]);
    const profile = resolveProfile(ctx.db, project.year);
    const result = assessExAnte(profile.body, listScores(ctx.db, latest.id));
    if (result.problems.length || result.total === null || result.conclusion === null) {
      throw new AppFailure('VALIDATION', `事前评估尚不能完成：${result.problems.join('；')}。`, result.problems.map((message) => ({ field: 'scores', message })));
    }
    const next: ExAnteRow = {
      ...latest, status: 'completed', total: result.total, conclusion: result.conclusion, profile_id: profile.id, profile_version: profile.version,
      updated_at: ctx.now().toISOString(),
    };
    ctx.write(['ex_ante_assessments'], (tx) => {
      saveAssessment(ctx.db, next);
      tx.record('ex_ante', latest.id, latest, next);
    });
    return exAnteDto(ctx.db, project);
  },

  'exAnte.reopen': (ctx, { projectId, reason }) => {
    const project = requireOwnProject(ctx, projectId);
    const latest = latestAssessment(ctx.db, project.id);
    if (latest?.status !== 'completed') throw new AppFailure('CONFLICT', '事前评估尚未完成，可直接修改，无需重新评估。');
    const at = ctx.now().toISOString();
    // A new round keeps the completed one (its score, conclusion and profile version) as history.
    const row: Omit<ExAnteRow, 'rev'> = {
      ...latest, id: uuidv7(), status: 'draft', total: null, conclusion: null, profile_id: null, profile_version: null, created_at: at, updated_at: at,
    };
    const scores = listScores(ctx.db, latest.id);
    ctx.write(['ex_ante_assessments', 'ex_ante_scores'], (tx) => {
      insertAssessment(ctx.db, row);
      replaceScores(ctx.db, row.id, scores);
      tx.record('ex_ante', row.id, { status: 'completed', round: latest.id, conclusion: latest.conclusion, total: latest.total }, { status: 'draft', round: row.id, reason });
    });
    return exAnteDto(ctx.db, project);
  },

  'exAnte.report': async (ctx, { projectId }): Promise<FileDto> => buildExAnteReport(ctx.db, requireProject(ctx, projectId)),

  'attachments.add': (ctx, { ownerType, ownerId, file }) => {
    requireOwnOwner(ctx, ownerType, ownerId);
    const b64 = file.base64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) {
      throw new AppFailure('VALIDATION', `文件“${file.name}”的内容无法读取。`, [{ field: 'file', message: '文件内容格式无效' }]);
    }
    const content = Buffer.from(b64, 'base64');
    if (content.length === 0) throw new AppFailure('VALIDATION', `文件“${file.name}”是空文件。`, [{ field: 'file', message: '文件为空' }]);
    if (content.length > MAX_ATTACHMENT_BYTES) {
      throw new AppFailure('VALIDATION', `文件“${file.name}”超过 50 MB，不能作为附件。`, [{ field: 'file', message: '附件不能超过 50 MB' }]);
    }
    const name = file.name.split(/[\\/]/).pop() || file.name;
    const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
    const row: AttachmentRow = {
      id: uuidv7(), origin: ctx.origin, owner_type: ownerType, owner_id: ownerId, name, mime: MIME_BY_EXT[ext] ?? 'application/octet-stream',
      size: content.length, sha256: createHash('sha256').update(content).digest('hex'), created_at: ctx.now().toISOString(),
      created_by: ctx.user?.username ?? '',
    };
    ctx.write(['attachments', 'attachment_blobs'], (tx) => {
      insertBlob(ctx.db, row.sha256, content);
      insertAttachment(ctx.db, row);
      tx.record('attachment', row.id, null, row);
    });
    return attachmentDto(row);
  },

  'attachments.get': (ctx, { id }) => {
    const a = findAttachment(ctx.db, id);
    const content = a ? blobContent(ctx.db, a.sha256) : undefined;
    if (!a || !content) throw new AppFailure('NOT_FOUND', '附件不存在。');
    return { name: a.name, base64: content.toString('base64'), mime: a.mime };
  },
};
