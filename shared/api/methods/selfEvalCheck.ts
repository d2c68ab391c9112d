import { z } from 'zod';
import { method } from '../define.ts';
import type { SelfEvalCheckDto } from '../dtoSelfEvalCheck.ts';
import { fileSchema } from '../schemas.ts';

/** The finance bureau's sections and readers; the check writes nothing, so nothing is audited. */
const CHECKERS = ['performance', 'business', 'viewer'] as const;

export const selfEvalCheckInputSchema = z.object({
  file: fileSchema,
  /** A profile id or code; omitted: the profile of the office's current year. */
  profileId: z.string().trim().max(100).optional(),
});

/** 核对单位自评表 (issue 5 item 6). */
export const selfEvalCheckMethods = {
  'selfEvalCheck.check': method<SelfEvalCheckDto>()({ input: selfEvalCheckInputSchema, access: CHECKERS, write: false }),
} as const;
