import type { Backend } from '../backend/backend.ts';
import type { SessionDto } from '../../shared/api/dto.ts';
import type { FileInput } from '../../shared/api/schemas.ts';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** What cli.ts hands a feature's command: the opened backend, parsed options and the shared helpers. */
export interface CliEnv {
  backend: Backend;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  io: CliIo;
  /** Human text, or JSON of data with --json. */
  print: (human: string, data: unknown) => void;
  login: () => Promise<SessionDto>;
  readFileArg: (file: string | undefined, usage: string) => FileInput;
  yearOption: (usage: string) => number;
  /** An error shown to the user as is (exit code 1). */
  fail: (message: string) => Error;
}

/** A feature's CLI command; returns the exit code. */
export type CliCommand = (env: CliEnv) => Promise<number>;

export interface CliOption {
  type: 'string' | 'boolean';
  multiple?: boolean;
  default?: string | boolean;
}
