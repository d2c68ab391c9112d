import { z } from 'zod';
import { method } from '../define.ts';
import type { FileDto } from '../dto.ts';
import type {
  BundleImportResultDto, BundleLogDto, BundlePreviewDto, BundleVerdictDto, IdentityDto, PeerOfficeDto, SubmissionDto,
} from '../dtoSync.ts';
import { empty } from '../schemas.ts';
import {
  bundleCommitSchema, bundleExportSchema, bundleFileSchema, peerOfficeSaveSchema, repinSchema, submissionDecideSchema,
} from '../schemasSync.ts';

const READERS = ['admin', 'performance', 'business', 'viewer'] as const;
/** Bundles are exchanged by the administrator or the performance section (绩效股). */
const SYNC = ['admin', 'performance'] as const;
const ADMIN = ['admin'] as const;

/** Sync bundles between offices (docs/bundle-format.md). */
export const syncMethods = {
  'sync.identity': method<IdentityDto>()({ input: empty, access: 'signedIn', write: false }),
  'sync.offices': method<PeerOfficeDto[]>()({ input: empty, access: READERS, write: false }),
  'sync.saveOffice': method<PeerOfficeDto>()({ input: peerOfficeSaveSchema, access: SYNC, write: true }),
  'sync.removeOffice': method<{ regionCode: string }>()({ input: z.object({ regionCode: z.string() }), access: ADMIN, write: true }),
  /** Forget a pinned key deliberately, so the next bundle from that office pins again after the fingerprint check. */
  'sync.repin': method<PeerOfficeDto>()({ input: repinSchema, access: ADMIN, write: true }),

  'sync.exportBundle': method<FileDto & { log: BundleLogDto }>()({ input: bundleExportSchema, access: SYNC, write: true }),
  'sync.verifyBundle': method<BundleVerdictDto>()({ input: bundleFileSchema, access: SYNC, write: false }),
  'sync.previewImport': method<BundlePreviewDto>()({ input: bundleFileSchema, access: SYNC, write: false }),
  'sync.commitImport': method<BundleImportResultDto>()({ input: bundleCommitSchema, access: SYNC, write: true }),
  'sync.log': method<BundleLogDto[]>()({ input: empty, access: READERS, write: false }),

  /** Upward bundles: as received by this office (child) and as judged by the parent (mine). */
  'sync.submissions': method<SubmissionDto[]>()({ input: empty, access: READERS, write: false }),
  'sync.decideSubmission': method<SubmissionDto>()({ input: submissionDecideSchema, access: SYNC, write: true }),
} as const;
