/** Events from the backend to the renderer, on the same transport as calls. */
export type AppEvent =
  | { type: 'data.changed'; tables: string[] }
  | { type: 'progress'; task: string; label: string; done: number; total: number }
  | { type: 'session.ended'; reason: 'timeout' | 'restore' };
