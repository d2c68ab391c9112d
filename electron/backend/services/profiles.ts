import { AppFailure } from '../../../shared/api/result.ts';
import type { ProfileDto, ProfileSummaryDto } from '../../../shared/api/dtoGoals.ts';
import { ruleProfileBodySchema, type RuleProfileBody } from '../../../shared/domain/ruleProfile.ts';
import { DEFAULT_PROFILE_CODE, PRESET_PROFILES } from '../../../resources/profiles/index.ts';
import type { Db } from '../db/connection.ts';
import type { CallContext, HandlerMap } from '../context.ts';
import {
  BUILTIN_ORIGIN, assignProfileToUnassignedYears, assignYearProfile, findProfile, findProfileByCode, findVersion, insertProfile, insertVersion, listProfiles, listVersions,
  updateProfileHead, yearProfileId, yearsUsing, type ProfileRow,
} from '../repositories/profiles.ts';
import { yearExists } from '../repositories/office.ts';
import { uuidv7 } from '../util/ids.ts';

/** The rules a computation used: stored beside every score and warning. */
export interface ResolvedProfile {
  id: string;
  version: number;
  name: string;
  body: RuleProfileBody;
}

export const DEFAULT_PROFILE_ID = `builtin-${DEFAULT_PROFILE_CODE}`;

interface PresetFile {
  code: string;
  name: string;
  version: number;
  description: string;
  body: unknown;
}

/**
 * Seeds the shipped presets (idempotent) and gives every fiscal year without a profile the
 * default one. Runs at start-up, after migrations, in one transaction.
 */
export function ensureBuiltinProfiles(db: Db, now: Date): void {
  db.transaction(() => {
    const at = now.toISOString();
    for (const raw of PRESET_PROFILES as PresetFile[]) {
      const body = ruleProfileBodySchema.parse(raw.body);
      const existing = findProfileByCode(db, BUILTIN_ORIGIN, raw.code);
      if (!existing) {
        const id = `builtin-${raw.code}`;
        insertProfile(db, { id, origin: BUILTIN_ORIGIN, code: raw.code, name: raw.name, description: raw.description, builtin: 1, current_version: raw.version, created_at: at, updated_at: at });
        insertVersion(db, { profile_id: id, version: raw.version, body: JSON.stringify(body), note: '内置方案', created_at: at, created_by: '（系统）' });
      } else if (existing.current_version < raw.version && !findVersion(db, existing.id, raw.version)) {
        // A newer program ships a newer preset: add it as a version, never rewrite the old one.
        insertVersion(db, { profile_id: existing.id, version: raw.version, body: JSON.stringify(body), note: '内置方案更新', created_at: at, created_by: '（系统）' });
        updateProfileHead(db, { id: existing.id, name: raw.name, description: raw.description, current_version: raw.version, updated_at: at });
      }
    }
    assignProfileToUnassignedYears(db, DEFAULT_PROFILE_ID);
  })();
}

function parseBody(text: string): RuleProfileBody {
  return ruleProfileBodySchema.parse(JSON.parse(text));
}

/** The profile (current version) a fiscal year uses. */
export function resolveProfile(db: Db, year: number): ResolvedProfile {
  const id = yearProfileId(db, year) ?? DEFAULT_PROFILE_ID;
  const row = findProfile(db, id);
  if (!row) throw new AppFailure('NOT_FOUND', `${year} 年度的规则方案不存在。`);
  const v = findVersion(db, id, row.current_version);
  if (!v) throw new AppFailure('INTERNAL', `规则方案“${row.name}”缺少第 ${row.current_version} 版。`);
  return { id, version: v.version, name: row.name, body: parseBody(v.body) };
}

/** A specific stored version (to explain or recompute an old score). */
export function resolveProfileVersion(db: Db, id: string, version: number): ResolvedProfile {
  const row = findProfile(db, id);
  const v = findVersion(db, id, version);
  if (!row || !v) throw new AppFailure('NOT_FOUND', '规则方案或其版本不存在。');
  return { id, version, name: row.name, body: parseBody(v.body) };
}

function summary(db: Db, r: ProfileRow, origin: string): ProfileSummaryDto {
  return {
    id: r.id, origin: r.origin, code: r.code, name: r.name, description: r.description, builtin: r.builtin === 1,
    readOnly: r.builtin === 1 || r.origin !== origin, currentVersion: r.current_version, years: yearsUsing(db, r.id), updatedAt: r.updated_at,
  };
}

function dto(ctx: CallContext, id: string, version?: number): ProfileDto {
  const row = findProfile(ctx.db, id);
  if (!row) throw new AppFailure('NOT_FOUND', '规则方案不存在。');
  const v = findVersion(ctx.db, id, version ?? row.current_version);
  if (!v) throw new AppFailure('NOT_FOUND', `规则方案“${row.name}”没有第 ${version} 版。`);
  return {
    ...summary(ctx.db, row, ctx.origin),
    version: v.version,
    body: parseBody(v.body),
    versions: listVersions(ctx.db, id).map((x) => ({ version: x.version, note: x.note, createdAt: x.created_at, createdBy: x.created_by })),
  };
}

type ProfileMethods = 'profiles.list' | 'profiles.get' | 'profiles.forYear' | 'profiles.copy' | 'profiles.save' | 'profiles.assignYear';

export const profileHandlers: HandlerMap<ProfileMethods> = {
  'profiles.list': (ctx) => listProfiles(ctx.db).map((r) => summary(ctx.db, r, ctx.origin)),
  'profiles.get': (ctx, { id, version }) => dto(ctx, id, version),
  'profiles.forYear': (ctx, { year }) => {
    if (!yearExists(ctx.db, year)) throw new AppFailure('NOT_FOUND', `${year} 年度不存在。`);
    return dto(ctx, resolveProfile(ctx.db, year).id);
  },

  'profiles.copy': (ctx, input) => {
    const source = resolveProfileVersion(ctx.db, input.fromId, findProfile(ctx.db, input.fromId)?.current_version ?? 0);
    if (findProfileByCode(ctx.db, ctx.origin, input.code)) {
      throw new AppFailure('CONFLICT', `方案编码“${input.code}”已被使用。`, [{ field: 'code', message: '方案编码已被使用' }]);
    }
    const at = ctx.now().toISOString();
    const id = uuidv7();
    const row = { id, origin: ctx.origin, code: input.code, name: input.name, description: `复制自“${source.name}”第 ${source.version} 版`, builtin: 0 as const, current_version: 1, created_at: at, updated_at: at };
    ctx.write(['rule_profiles'], (tx) => {
      insertProfile(ctx.db, row);
      insertVersion(ctx.db, { profile_id: id, version: 1, body: JSON.stringify(source.body), note: row.description, created_at: at, created_by: ctx.user?.username ?? '' });
      tx.record('rule_profile', id, null, { code: row.code, name: row.name, from: `${source.id}@${source.version}` });
    });
    return dto(ctx, id);
  },

  'profiles.save': (ctx, input) => {
    const row = findProfile(ctx.db, input.id);
    if (!row) throw new AppFailure('NOT_FOUND', '规则方案不存在。');
    if (row.builtin === 1 || row.origin !== ctx.origin) throw new AppFailure('CONFLICT', `“${row.name}”是内置或上级下发的方案，只能复制后修改。`);
    const current = findVersion(ctx.db, row.id, row.current_version);
    const at = ctx.now().toISOString();
    const body = JSON.stringify(input.body);
    const bodyChanged = current?.body !== body;
    const next = bodyChanged ? row.current_version + 1 : row.current_version;
    ctx.write(['rule_profiles'], (tx) => {
      // Every change to the rules is a new version: stored scores keep citing the version they used.
      if (bodyChanged) insertVersion(ctx.db, { profile_id: row.id, version: next, body, note: input.note, created_at: at, created_by: ctx.user?.username ?? '' });
      updateProfileHead(ctx.db, { id: row.id, name: input.name, description: input.description, current_version: next, updated_at: at });
      tx.record('rule_profile', row.id, { name: row.name, version: row.current_version }, { name: input.name, version: next, note: input.note });
    });
    return dto(ctx, row.id);
  },

  'profiles.assignYear': (ctx, { year, profileId }) => {
    if (!yearExists(ctx.db, year)) throw new AppFailure('NOT_FOUND', `${year} 年度不存在。`, [{ field: 'year', message: '年度不存在' }]);
    const row = findProfile(ctx.db, profileId);
    if (!row) throw new AppFailure('NOT_FOUND', '规则方案不存在。', [{ field: 'profileId', message: '方案不存在' }]);
    const before = yearProfileId(ctx.db, year);
    ctx.write(['fiscal_years', 'rule_profiles'], (tx) => {
      assignYearProfile(ctx.db, year, profileId);
      tx.record('fiscal_year', String(year), { profile_id: before }, { profile_id: profileId });
    });
    return dto(ctx, profileId);
  },
};
