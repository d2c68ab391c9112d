import type { z } from 'zod';
import type { Role } from '../domain/roles.ts';

/**
 * Who may call a method: 'public' needs no session (setup, sign-in), 'signedIn' any signed-in
 * user, otherwise the listed roles.
 */
export type Access = 'public' | 'signedIn' | readonly Role[];

export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  access: Access;
  /** Write methods run in one transaction with their audit record. */
  write: boolean;
  /** Phantom: carries the output type; never read at run time. */
  readonly __output?: O;
}

/** `method<Output>()({ input, access, write })` — the output type is given, the input inferred. */
export function method<O>() {
  return <I extends z.ZodType>(spec: { input: I; access: Access; write: boolean }): MethodSpec<I, O> => spec;
}
