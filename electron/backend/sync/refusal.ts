import { AppFailure, type ErrorDetail } from '../../../shared/api/result.ts';

/**
 * A bundle refused by verification. It is thrown before anything is written, and the dispatcher
 * does not audit it either (backend.ts checks `unaudited`): a refused bundle leaves the database
 * byte for byte as it was. The message names the cause and, where there is one, the member.
 */
export class BundleRefusal extends AppFailure {
  readonly unaudited = true;
  constructor(message: string, details?: ErrorDetail[], code: 'IMPORT_INVALID' | 'VALIDATION' | 'CONFLICT' = 'IMPORT_INVALID') {
    super(code, message, details);
    this.name = 'BundleRefusal';
  }
}

/** A fault found while reading an archive, naming the member when it concerns one. */
export class BundleFault extends Error {
  readonly member: string | undefined;
  constructor(message: string, member?: string) {
    super(message);
    this.member = member;
    this.name = 'BundleFault';
  }
}
