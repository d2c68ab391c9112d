import type { HandlerMap } from '../context.ts';

// Wiring only: the statistics feature fills this map.
export const statisticsHandlers: HandlerMap<never> = {};
