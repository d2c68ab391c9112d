import init from './0001_init.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The explicit, ordered registry. Append only: an applied migration must never be edited
 * (its hash is stored and checked at every start).
 */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: '0001_init', sql: init }];
