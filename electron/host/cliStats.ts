import type { CliCommand, CliOption } from './cliTypes.ts';

// Wiring only: the stats feature fills in its commands, options and help lines.
export const statsOptions = {} satisfies Record<string, CliOption>;
export const statsHelp = '';
export const statsCommands: Record<string, CliCommand> = {};
