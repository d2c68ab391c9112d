import type { MethodName } from '../../../shared/api/contract.ts';
import type { HandlerMap } from '../context.ts';
import { systemHandlers } from '../services/system.ts';
import { unitHandlers } from '../services/units.ts';

/** Merges feature handler maps; a method registered twice is an error at start-up. */
function merge(...maps: object[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [name, fn] of Object.entries(map)) {
      if (name in out) throw new Error(`handler registered twice: ${name}`);
      out[name] = fn;
    }
  }
  return out;
}

/** Every contract method has exactly one handler; the type makes a missing one a compile error. */
export const handlers = merge(systemHandlers, unitHandlers) as HandlerMap<MethodName>;
