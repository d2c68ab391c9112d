import type { CliCommand, CliOption } from './cliTypes.ts';

// Wiring only: the sync feature fills in its commands, options and help lines.
export const syncOptions = {} satisfies Record<string, CliOption>;
export const syncHelp = '';
export const syncCommands: Record<string, CliCommand> = {};
