import type { z } from 'zod';
import type { MethodSpec } from './define.ts';
import { systemMethods } from './methods/system.ts';
import { unitMethods } from './methods/units.ts';
import { goalMethods } from './methods/goals.ts';
import { monitoringMethods } from './methods/monitoring.ts';
import { selfEvalMethods } from './methods/selfEval.ts';
import { recheckMethods } from './methods/recheck.ts';
import { resultsMethods } from './methods/results.ts';
import { selfEvalCheckMethods } from './methods/selfEvalCheck.ts';
import { keyEvalMethods } from './methods/keyEval.ts';
import { assessmentMethods } from './methods/assessment.ts';
import { syncMethods } from './methods/sync.ts';
import { statisticsMethods } from './methods/statistics.ts';

/**
 * The one API contract: every method the renderer, the browser host and the CLI may call.
 * Each feature declares its methods in api/methods/<feature>.ts; they are merged here.
 */
export const contract = {
  ...systemMethods,
  ...unitMethods,
  ...goalMethods,
  ...monitoringMethods,
  ...selfEvalMethods,
  ...recheckMethods,
  ...resultsMethods,
  ...selfEvalCheckMethods,
  ...keyEvalMethods,
  ...assessmentMethods,
  ...syncMethods,
  ...statisticsMethods,
} as const satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodParsed<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = Contract[M] extends MethodSpec<z.ZodType, infer O> ? O : never;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}
