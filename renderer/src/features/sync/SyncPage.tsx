import { PageHeader } from '../../components/PageHeader.tsx';

/** Wiring only: the feature replaces this page. */
export function SyncPage() {
  return <PageHeader title="同步与上报" />;
}
