import type { HandlerMap } from '../context.ts';
import { syncBundleHandlers } from './syncBundles.ts';
import { syncOfficeHandlers } from './syncOffices.ts';

type SyncMethod =
  | 'sync.identity' | 'sync.offices' | 'sync.saveOffice' | 'sync.removeOffice' | 'sync.repin' | 'sync.exportBundle'
  | 'sync.verifyBundle' | 'sync.previewImport' | 'sync.commitImport' | 'sync.log' | 'sync.submissions' | 'sync.decideSubmission';

/** Sync bundles between offices (docs/bundle-format.md): offices and identity, then the bundles themselves. */
export const syncHandlers: HandlerMap<SyncMethod> = { ...syncOfficeHandlers, ...syncBundleHandlers };
