import { AppFailure } from '../../../shared/api/result.ts';
import type { HandlerMap } from '../context.ts';

type SyncMethod =
  | 'sync.identity' | 'sync.offices' | 'sync.saveOffice' | 'sync.removeOffice' | 'sync.repin' | 'sync.exportBundle'
  | 'sync.verifyBundle' | 'sync.previewImport' | 'sync.commitImport' | 'sync.log' | 'sync.submissions' | 'sync.decideSubmission';

// Placeholder wiring while the sync feature is built; every method is replaced by the feature.
const pending = (): never => {
  throw new AppFailure('INTERNAL', '同步功能尚在建设中。');
};

export const syncHandlers: HandlerMap<SyncMethod> = {
  'sync.identity': pending, 'sync.offices': pending, 'sync.saveOffice': pending, 'sync.removeOffice': pending, 'sync.repin': pending,
  'sync.exportBundle': pending, 'sync.verifyBundle': pending, 'sync.previewImport': pending, 'sync.commitImport': pending,
  'sync.log': pending, 'sync.submissions': pending, 'sync.decideSubmission': pending,
};
